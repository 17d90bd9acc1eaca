"""Claims: the schema, the built-in claims of 2025-06-08, the status rule, the accessor, and one
validation step that reports every problem."""

from __future__ import annotations

import datetime as dt
import socket
import warnings

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import pytest
import shapely
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import frontline as fl
from frontline import claims as fc
from frontline._dates import parse_date
from frontline.claims import ClaimsGeometryWarning, ClaimsValidationError
from frontline.claims._geometry import borderland
from frontline.claims._values import parse_instant
from frontline.claims.examples import _example

BASE = {
    "date": "2025-06-08",
    "claimant": "A test claimant",
    "side": "RU",
    "kind": "advance",
    "summary": "A test claim.",
    "source_name": "a test source",
}

IDS = [
    "ru-mod-2025-06-08-dnipro",
    "ua-gs-2025-06-08-pokrovsk",
    "isw-2025-06-07-pokrovsk",
    "deepstate-2025-06-08-share",
    "cnn-2025-06-08-sumy",
]


@pytest.fixture(scope="module")
def example() -> gpd.GeoDataFrame:
    return fl.example_claims("2025-06-08")


def one(**fields) -> gpd.GeoDataFrame:
    return fl.claims_from_records([{**BASE, **fields}])


def problems_of(excinfo: pytest.ExceptionInfo[ClaimsValidationError]) -> list[tuple]:
    return [(p.row, p.field) for p in excinfo.value.problems]


# --------------------------------------------------------------------------------------------
# The built-in claims of 2025-06-08
# --------------------------------------------------------------------------------------------


def test_the_five_built_in_claims_and_their_statuses(example):
    by_id = example.set_index("claim_id")
    assert example["claim_id"].tolist() == IDS
    assert by_id["status"].to_dict() == {
        "ru-mod-2025-06-08-dnipro": "denied",
        "ua-gs-2025-06-08-pokrovsk": "claimed",
        "isw-2025-06-07-pokrovsk": "claimed",
        "deepstate-2025-06-08-share": "claimed",
        "cnn-2025-06-08-sumy": "claimed",
    }
    assert by_id["side"].tolist() == ["RU", "UA", "third party", "third party", "third party"]
    assert by_id["kind"].tolist() == [
        "advance",
        "repelled attacks",
        "assessment",
        "control share",
        "advance",
    ]
    assert by_id["precision"].astype(str).tolist() == [
        "border segment",
        "direction",
        "direction",
        "national",
        "region",
    ]
    assert by_id["claimant"].tolist() == [
        "Russian Ministry of Defence",
        "General Staff of the Armed Forces of Ukraine",
        "Institute for the Study of War (ISW)",
        "DeepState",
        "CNN (report summary)",
    ]
    assert by_id["region"].tolist() == ["UA-12", "UA-14", "UA-14", None, "UA-59"]
    assert by_id["place"].tolist() == [None, "Pokrovsk", "Pokrovsk", None, "Sumy"]
    assert by_id["unit"].tolist() == ["90th Tank Division", None, None, None, None]
    assert by_id["date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2025-06-08",
        "2025-06-08",
        "2025-06-07",
        "2025-06-08",
        "2025-06-08",
    ]
    # the source is the report itself; no invented URL, no quotation of it
    assert set(example["source_name"]) == {"CNN"}
    assert example["source_url"].isna().all()
    assert (example["source_date"] == pd.Timestamp("2025-06-08")).all()
    assert example["quote"].isna().all()
    assert example["reported_at"].isna().all()
    assert example["summary"].map(lambda s: "\n" not in s and 20 < len(s) < 250).all()
    assert "65" in by_id.loc["ua-gs-2025-06-08-pokrovsk", "summary"]
    assert "Lyman" in by_id.loc["cnn-2025-06-08-sumy", "summary"]


def test_built_in_geometries_carry_what_the_text_supports_and_no_more(example):
    geoms = example.set_index("claim_id").geometry
    line = fl.border("Donetsk", "Dnipropetrovsk").geometry.iloc[0]
    assert geoms["ru-mod-2025-06-08-dnipro"].geom_type in ("LineString", "MultiLineString")
    assert shapely.equals_exact(geoms["ru-mod-2025-06-08-dnipro"], line, tolerance=0)
    # a direction is not a polygon, a national share is not an area
    for claim_id in IDS[1:4]:
        assert geoms[claim_id] is None
    assert shapely.equals_exact(geoms["cnn-2025-06-08-sumy"], fl.region("Sumy")["geometry"], 0)
    assert example.crs.to_epsg() == 4326


def test_built_in_denial(example):
    (response,) = example.set_index("claim_id").loc["ru-mod-2025-06-08-dnipro", "responses"]
    assert response["date"] == "2025-06-08"
    assert "Khortytsia" in response["by"]
    assert response["side"] == "UA"
    assert response["stance"] == "denies"
    assert response["source_name"] == "CNN"
    assert "Pokrovsk" in response["note"]
    assert "Novopavlivka" in response["note"]
    assert list(response) == list(fc.RESPONSE_FIELDS)


def test_example_claims_needs_no_network(monkeypatch):
    def no_network(*args, **kwargs):
        raise OSError("network access attempted")

    _example.cache_clear()
    borderland.cache_clear()
    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    claims = fl.example_claims("2025-06-08")
    assert claims["claim_id"].tolist() == IDS


def test_example_claims_are_fresh_copies():
    first = fl.example_claims(dt.date(2025, 6, 8))
    first.loc[0, "summary"] = "changed"
    first["responses"].iloc[0].append({"date": "2025-06-09"})
    second = fl.example_claims(pd.Timestamp("2025-06-08"))
    assert second.loc[0, "summary"] != "changed"
    assert len(second["responses"].iloc[0]) == 1


def test_example_claims_unknown_or_ambiguous_day():
    with pytest.raises(LookupError, match="2025-06-08"):
        fl.example_claims("2025-06-09")
    with pytest.raises(ValueError, match="ambiguous"):
        fl.example_claims("08/06/2025")


def test_schema_is_one_table(example):
    assert tuple(fc.CLAIM_SCHEMA) == fl.CLAIM_COLUMNS
    assert list(example.columns) == list(fl.CLAIM_COLUMNS)
    assert fl.CLAIM_COLUMNS[0] == "claim_id"
    assert fl.CLAIM_COLUMNS[-1] == "geometry"
    dtypes = example.dtypes.astype(str).to_dict()
    assert dtypes["date"] == "datetime64[ns]"
    assert dtypes["source_date"] == "datetime64[ns]"
    assert dtypes["reported_at"] == "datetime64[ns, UTC]"
    assert dtypes["precision"] == "category"
    assert list(example["precision"].cat.categories) == list(fc.PRECISIONS)
    assert dtypes["precision_m"] == "float64"
    for column in ("claim_id", "claimant", "summary", "unit", "place", "region", "responses"):
        assert dtypes[column] == "object"


# --------------------------------------------------------------------------------------------
# The status rule
# --------------------------------------------------------------------------------------------


def r(day: str, by: str, stance: str, side: str | None = None, **extra) -> dict:
    out = {"date": day, "by": by, "stance": stance, **extra}
    if side is not None:
        out["side"] = side
    return out


UA_DENIES = r("2025-06-08", "Khortytsia group", "denies")
ISW_CONFIRMS = r("2025-06-10", "ISW", "confirms")


@pytest.mark.parametrize(
    ("responses", "side", "claimant", "expected"),
    [
        ([], "RU", None, "claimed"),
        ([UA_DENIES], "RU", None, "denied"),
        ([r("2025-06-08", "Ukrainian army", "disputes", "UA")], "RU", None, "denied"),
        ([r("2025-06-09", "ISW", "denies")], "RU", None, "refuted"),
        ([r("2025-06-09", "DeepState", "disputes")], "RU", None, "refuted"),
        # a later independent confirmation outranks an earlier denial ...
        ([UA_DENIES, ISW_CONFIRMS], "RU", None, "confirmed"),
        # ... and an independent confirmation is not undone by a later denial of the other side
        ([ISW_CONFIRMS, r("2025-06-11", "Khortytsia group", "denies")], "RU", None, "confirmed"),
        # among independent assessments the latest decides
        ([ISW_CONFIRMS, r("2025-06-12", "DeepState", "disputes")], "RU", None, "refuted"),
        # the claimant's own side carries no weight either way
        ([r("2025-06-09", "Russian MoD", "confirms")], "RU", None, "claimed"),
        ([r("2025-06-09", "Russian MoD", "denies")], "RU", None, "claimed"),
        # an admission by the other side confirms
        ([r("2025-06-09", "Ukraine's General Staff", "confirms")], "RU", None, "confirmed"),
        ([UA_DENIES, r("2025-06-09", "Khortytsia group", "confirms")], "RU", None, "confirmed"),
        (
            [
                r("2025-06-09", "Khortytsia group", "confirms"),
                r("2025-06-10", "Khortytsia", "denies"),
            ],
            "RU",
            None,
            "denied",
        ),
        # looked at, nobody took a position
        ([r("2025-06-09", "Khortytsia group", "no comment")], "RU", None, "unverified"),
        ([r("2025-06-09", "ISW", "no comment")], "UA", None, "unverified"),
        ([UA_DENIES, r("2025-06-09", "ISW", "no comment")], "RU", None, "denied"),
        ([r("2025-06-09", "Russian MoD", "no comment")], "RU", None, "claimed"),
        # a third party's claim: belligerents are interested parties
        ([r("2025-06-09", "Russian MoD", "denies")], "third party", "CNN", "denied"),
        ([r("2025-06-09", "Russian MoD", "confirms")], "third party", "CNN", "claimed"),
        ([r("2025-06-09", "DeepState", "confirms")], "third party", "ISW", "confirmed"),
        ([r("2025-06-09", "ISW", "confirms")], "third party", "ISW", "claimed"),
        (
            [r("2025-06-09", "ISW", "denies")],
            "third party",
            "Institute for the Study of War",
            "claimed",
        ),
        # the independent flag overrides who counts as independent
        ([r("2025-06-09", "Khortytsia group", "denies", independent=True)], "RU", None, "refuted"),
        (
            [r("2025-06-09", "A blog", "denies", "third party", independent=False)],
            "RU",
            None,
            "denied",
        ),
        (
            [r("2025-06-09", "A blog", "confirms", "third party", independent=False)],
            "RU",
            None,
            "claimed",
        ),
    ],
)
def test_status_rule_table(responses, side, claimant, expected):
    assert fl.derive_status(responses, side, claimant=claimant) == expected


def test_status_orders_by_date_not_by_list_position():
    later_denial = r("2025-06-12", "Khortytsia group", "denies")
    earlier_admission = r("2025-06-09", "Khortytsia group", "confirms")
    assert fl.derive_status([later_denial, earlier_admission], "RU") == "denied"


def test_derive_status_reads_json_text():
    assert fl.derive_status('[{"date": "2025-06-08", "by": "ISW", "stance": "denies"}]', "UA") == (
        "refuted"
    )
    assert fl.derive_status(None, "UA") == "claimed"


def test_derive_status_bad_input_lists_every_problem():
    bad = [{"date": "08/06/2025", "by": "Someone", "stance": "rejects"}, "nonsense"]
    with pytest.raises(ClaimsValidationError) as excinfo:
        fl.derive_status(bad, "Russia")
    fields = [p.field for p in excinfo.value.problems]
    assert fields == [
        "side",
        "responses[0].date",
        "responses[0].stance",
        "responses[0].side",
        "responses[1]",
    ]
    assert "ambiguous" in str(excinfo.value)


responses_strategy = st.lists(
    st.builds(
        r,
        st.dates(dt.date(2025, 1, 1), dt.date(2025, 12, 31)).map(dt.date.isoformat),
        st.sampled_from(["Russian MoD", "Khortytsia group", "Ukraine's General Staff"]),
        st.sampled_from(fc.STANCES),
    ),
    max_size=6,
)


@given(responses=responses_strategy)
def test_belligerents_alone_never_refute(responses):
    for side in ("RU", "UA"):
        assert fl.derive_status(responses, side) != "refuted"


@given(responses=responses_strategy, own=st.sampled_from(fc.STANCES))
def test_own_side_responses_change_nothing(responses, own):
    extra = r("2025-06-30", "Russian MoD", own)
    assert fl.derive_status([*responses, extra], "RU") == fl.derive_status(responses, "RU")


# --------------------------------------------------------------------------------------------
# The accessor
# --------------------------------------------------------------------------------------------


def test_add_response_returns_a_new_frame_with_status_recomputed(example):
    claim = "ru-mod-2025-06-08-dnipro"
    later = example.claims.add_response(
        claim, by="ISW", stance="confirms", date="2025-06-12", note="Assessed a foothold."
    )
    assert later is not example
    assert example.set_index("claim_id").loc[claim, "status"] == "denied"
    assert len(example.set_index("claim_id").loc[claim, "responses"]) == 1
    row = later.set_index("claim_id").loc[claim]
    assert row["status"] == "confirmed"
    assert [x["by"] for x in row["responses"]] == ["Khortytsia group spokesman", "ISW"]
    assert row["responses"][1]["side"] == "third party"  # inferred for a well-known body
    # other rows untouched, schema kept
    assert later.drop(index=0).equals(example.drop(index=0))
    assert later.claims.validate().equals(later)


def test_add_response_keeps_responses_in_date_order(example):
    claim = "ua-gs-2025-06-08-pokrovsk"
    c = example.claims.add_response(claim, by="Russian MoD", stance="denies", date="2025-06-10")
    c = c.claims.add_response(claim, by="DeepState", stance="no comment", date="2025-06-09")
    responses = c.set_index("claim_id").loc[claim, "responses"]
    assert [x["date"] for x in responses] == ["2025-06-09", "2025-06-10"]
    assert c.set_index("claim_id").loc[claim, "status"] == "denied"


def test_the_issue_example_response(example):
    c = example.copy()
    c["responses"] = [[] for _ in range(len(c))]
    c["status"] = None
    c = fl.validate_claims(c)
    assert c.set_index("claim_id").loc["ru-mod-2025-06-08-dnipro", "status"] == "claimed"
    c = c.claims.add_response(
        "ru-mod-2025-06-08-dnipro", by="Khortytsia group", stance="denies", date="2025-06-08"
    )
    assert c.set_index("claim_id").loc["ru-mod-2025-06-08-dnipro", "status"] == "denied"


def test_add_response_bad_input(example):
    with pytest.raises(LookupError, match="ru-mod-2025-06-08-dnipro"):
        example.claims.add_response(
            "ru-mod-2025-06-08-dnepr", by="ISW", stance="denies", date="2025-06-09"
        )
    with pytest.raises(ClaimsValidationError) as excinfo:
        example.claims.add_response(
            IDS[0], by="A stranger", stance="refutes", date="9 June", source_url="ftp://x"
        )
    fields = sorted(p.field for p in excinfo.value.problems)
    assert fields == [
        "responses[1].date",
        "responses[1].side",
        "responses[1].source_url",
        "responses[1].stance",
    ]
    assert all(p.claim_id == IDS[0] for p in excinfo.value.problems)


def test_add_response_with_independent_needs_no_side(example):
    for flag, status in ((True, "confirmed"), (False, "denied")):
        c = example.claims.add_response(
            IDS[0], by="A monitoring group", stance="confirms", date="2025-06-10", independent=flag
        )
        row = c.set_index("claim_id").loc[IDS[0]]
        assert row["responses"][-1]["side"] is None
        assert row["status"] == status  # an interested confirmation adds nothing to the denial
        assert c.claims.validate().equals(c)  # and the table stays valid as stored


def test_a_response_cannot_predate_the_claim(example):
    with pytest.raises(ClaimsValidationError) as excinfo:
        example.claims.add_response(IDS[0], by="ISW", stance="confirms", date="2020-01-01")
    (problem,) = excinfo.value.problems
    assert (problem.claim_id, problem.field) == (IDS[0], "responses[1].date")
    assert "dated 2020-01-01, before the claim's date 2025-06-08" in str(problem)
    early = {"date": "2025-06-07", "by": "ISW", "stance": "confirms"}
    with pytest.raises(ClaimsValidationError, match=r"responses\[0\]\.date.*before the claim"):
        one(responses=[early])
    assert one(responses=[{**early, "date": "2025-06-08"}])["status"].iloc[0] == "confirmed"


def test_year_first_dates_are_normalised_not_called_ambiguous():
    for text in ("2025-6-8", "20250608"):
        assert one(date=text)["date"].iloc[0] == pd.Timestamp("2025-06-08")


def test_on_about_by(example):
    assert example.claims.on("2025-06-07")["claim_id"].tolist() == ["isw-2025-06-07-pokrovsk"]
    assert len(example.claims.on(dt.date(2025, 6, 8))) == 4
    assert len(example.claims.on(pd.Timestamp("2025-06-08 15:00"))) == 4
    assert len(example.claims.on("2025-06-09")) == 0
    with pytest.raises(ValueError, match="ambiguous"):
        example.claims.on("06/08/2025")
    assert example.claims.about("Dnipropetrovsk")["claim_id"].tolist() == [IDS[0]]
    assert example.claims.about("Donetsk")["claim_id"].tolist() == IDS[:3]
    assert example.claims.about("UA-59")["claim_id"].tolist() == ["cnn-2025-06-08-sumy"]
    # Zaporizhzhia and Kharkiv meet the Donetsk–Dnipropetrovsk border only at its ends
    assert example.claims.about("Zaporizhzhia").empty
    assert example.claims.about("Kharkiv").empty
    with pytest.raises(LookupError):
        example.claims.about("Narnia")
    assert example.claims.by("RU")["claim_id"].tolist() == [IDS[0]]
    assert example.claims.by("ua")["claim_id"].tolist() == [IDS[1]]
    assert len(example.claims.by("Third_Party")) == 3
    with pytest.raises(ValueError, match="claimant"):
        example.claims.by("Russia")
    assert isinstance(example.claims.on("2025-06-08"), gpd.GeoDataFrame)


def test_accessor_needs_a_claims_table():
    with pytest.raises(AttributeError, match="not a claims table"):
        _ = pd.DataFrame({"a": [1]}).claims


# --------------------------------------------------------------------------------------------
# Records: every way to give a geometry
# --------------------------------------------------------------------------------------------


class GeoInterface:
    @property
    def __geo_interface__(self) -> dict:
        return {"type": "Point", "coordinates": (37.55, 48.28)}


def test_geometry_forms_agree():
    point = shapely.Point(37.55, 48.28)
    forms = [
        {"geometry": point},
        {"geometry": "POINT (37.55 48.28)"},
        {"wkt": "POINT (37.55 48.28)"},
        {"geometry": {"type": "Point", "coordinates": [37.55, 48.28]}},
        {
            "geometry": {
                "type": "Feature",
                "properties": {},
                "geometry": shapely.geometry.mapping(point),
            }
        },
        {"geometry": '{"type": "Point", "coordinates": [37.55, 48.28]}'},
        {"geometry": shapely.to_wkb(point)},
        {"lat": 48.28, "lon": 37.55},
        {"latitude": "48.28", "longitude": "37.55"},
        {"geometry": GeoInterface()},
    ]
    records = [{**BASE, "claim_id": f"c{i}", **form} for i, form in enumerate(forms)]
    claims = fl.claims_from_records(records)
    assert all(shapely.equals_exact(g, point, 0) for g in claims.geometry)
    assert set(claims["precision"].astype(str)) == {"point"}


def test_border_and_region_by_name():
    claims = fl.claims_from_records(
        [
            {**BASE, "claim_id": "b", "border": ["Donetsk", "Dnipropetrovsk"], "region": "UA-12"},
            {**BASE, "claim_id": "b2", "border": "Donetsk | Dnipropetrovsk"},
            {**BASE, "claim_id": "r", "region": "Сумська область"},
            {**BASE, "claim_id": "n", "precision": "national"},
            {**BASE, "claim_id": "none"},
        ]
    )
    c = claims.set_index("claim_id")
    assert c["precision"].astype(str).tolist() == [
        "border segment",
        "border segment",
        "region",
        "national",
        "none",
    ]
    assert c["region"].tolist() == ["UA-12", None, "UA-59", None, None]
    line = fl.border("Donetsk", "Dnipropetrovsk").geometry.iloc[0]
    assert shapely.equals_exact(c.geometry["b"], line, 0)
    assert shapely.equals_exact(c.geometry["r"], fl.region("Sumy")["geometry"], 0)
    assert c.geometry["n"] is None
    assert c.geometry["none"] is None


def test_non_4326_input_is_reprojected():
    to_3857 = pyproj.Transformer.from_crs(4326, 3857, always_xy=True)
    x, y = to_3857.transform(37.55, 48.28)
    claims = fl.claims_from_records([{**BASE, "geometry": shapely.Point(x, y)}], crs=3857)
    got = claims.geometry.iloc[0]
    assert got.x == pytest.approx(37.55, abs=1e-9)
    assert got.y == pytest.approx(48.28, abs=1e-9)
    frame = gpd.GeoDataFrame([BASE], geometry=[shapely.Point(x, y)], crs=3857)
    assert fl.validate_claims(frame).crs.to_epsg() == 4326
    assert fl.validate_claims(frame).geometry.iloc[0].x == pytest.approx(37.55, abs=1e-9)


def test_three_d_is_dropped_to_two_d():
    claims = one(geometry="POLYGON Z ((37 48 5, 37.1 48 5, 37.1 48.1 7, 37 48 5))")
    assert not claims.geometry.iloc[0].has_z
    assert claims["precision"].iloc[0] == "area"


def test_invalid_ring_is_repaired_and_reported():
    bowtie = "POLYGON ((37 48, 37.2 48.2, 37.2 48, 37 48.2, 37 48))"
    with pytest.warns(ClaimsGeometryWarning, match="repaired with make_valid"):
        claims = one(geometry=bowtie)
    geom = claims.geometry.iloc[0]
    assert geom.is_valid
    assert geom.geom_type == "MultiPolygon"
    assert fl.area_km2(geom) > 0


def test_swapped_coordinates_are_rejected():
    with pytest.raises(ClaimsValidationError, match=r"coordinates look swapped \(lat, lon\)"):
        one(lat=36.8, lon=48.1)
    with pytest.raises(ClaimsValidationError, match=r"coordinates look swapped \(lat, lon\)"):
        one(geometry=shapely.Point(48.1, 36.8))
    with pytest.raises(ClaimsValidationError, match=r"look swapped"):
        one(geometry="LINESTRING (48.1 36.8, 48.2 36.9)", precision="direction")


def test_far_away_geometry_is_flagged_but_kept():
    with pytest.warns(ClaimsGeometryWarning, match="outside Ukraine and its 100 km borderland"):
        claims = one(lat=55.75, lon=37.62, kind="strike")  # Moscow
    assert claims.geometry.iloc[0].equals(shapely.Point(37.62, 55.75))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        one(lat=50.6, lon=36.6, kind="strike")  # Belgorod: in the borderland


def test_projected_coordinates_without_crs_are_an_error():
    with pytest.raises(ClaimsValidationError, match="out of range for degrees"):
        one(geometry=shapely.Point(4180000.0, 6150000.0))


# --------------------------------------------------------------------------------------------
# One validation step: every problem, once
# --------------------------------------------------------------------------------------------


def test_every_problem_in_one_error():
    records = [
        {**BASE, "claim_id": "ok"},
        {**BASE, "claim_id": "bad-1", "date": "08/06/2025", "side": "Russia", "kind": "victory"},
        {
            **BASE,
            "claim_id": "bad-2",
            "precision": "direction",
            "geometry": "POLYGON ((37 48, 37.1 48, 37.1 48.1, 37 48))",
        },
        {**BASE, "claim_id": "ok", "summary": "two\nlines", "region": "Atlantis"},
        {**BASE, "claim_id": "bad-4", "claimant": None, "status": "confirmed"},
    ]
    with pytest.raises(ClaimsValidationError) as excinfo:
        fl.claims_from_records(records)
    assert problems_of(excinfo) == [
        (0, "claim_id"),
        (1, "date"),
        (1, "kind"),
        (1, "side"),
        (2, "precision"),
        (3, "summary"),
        (3, "region"),
        (3, "claim_id"),
        (4, "claimant"),
        (4, "status"),
    ]
    text = str(excinfo.value)
    assert text.startswith("10 problems in the claims")
    assert "row 1 (claim_id 'bad-1'), field 'date', value '08/06/2025': ambiguous date" in text
    assert "value 'victory': unknown kind; use one of" in text
    assert "a direction is not an area" in text
    assert "duplicate claim_id" in text
    assert "'Atlantis'" in text
    assert "disagrees with the responses, which give 'claimed'" in text
    assert isinstance(excinfo.value, ValueError)


def test_validation_error_survives_pickling():
    import pickle

    with pytest.raises(ClaimsValidationError) as excinfo:
        fl.claims_from_records([{**BASE, "kind": "victory"}], source="mine.csv")
    again = pickle.loads(pickle.dumps(excinfo.value))
    assert str(again) == str(excinfo.value)
    assert again.problems == excinfo.value.problems
    assert again.source == "mine.csv"


def test_missing_required_column_is_one_problem():
    records = [{k: v for k, v in BASE.items() if k != "summary"} for _ in range(3)]
    with pytest.raises(ClaimsValidationError) as excinfo:
        fl.claims_from_records(records)
    assert problems_of(excinfo) == [(None, "summary")]
    assert "required column is missing" in str(excinfo.value)


def test_validate_claims_checks_frames_and_keeps_extras(example):
    frame = example.assign(my_note=["a", "b", "c", "d", "e"])
    out = fl.validate_claims(frame)
    assert list(out.columns) == [*fl.CLAIM_COLUMNS, "my_note"]
    assert out.equals(frame)
    assert fl.claims_from_records([{**BASE, "claim_id": 7}])["claim_id"].iloc[0] == "7"
    bad = example.copy()
    bad.loc[2, "date"] = pd.NaT
    bad.loc[4, "claim_id"] = IDS[0]
    with pytest.raises(ClaimsValidationError) as excinfo:
        fl.validate_claims(bad)
    assert problems_of(excinfo) == [(0, "claim_id"), (2, "date"), (4, "claim_id")]
    with pytest.raises(ValueError, match="claims_from_records"):
        fl.validate_claims([dict(BASE)])


def test_values_are_normalised():
    claims = one(
        side="third_party", kind="Repelled-Attacks", region="Dnipropetrovs'k", unit=" 90th "
    )
    row = claims.iloc[0]
    assert (row["side"], row["kind"], row["region"], row["unit"]) == (
        "third party",
        "repelled attacks",
        "UA-12",
        "90th",
    )
    assert row["precision"] == "region"


def test_side_is_inferred_for_known_claimants_only():
    fields = {k: v for k, v in BASE.items() if k != "side"}
    known = {**fields, "claimant": "Russian Ministry of Defence"}
    assert fl.claims_from_records([known])["side"].iloc[0] == "RU"
    with pytest.raises(ClaimsValidationError, match="field 'side'"):
        fl.claims_from_records([{**fields, "claimant": "Someone"}])


def test_generated_claim_id_is_stable():
    first = fl.claims_from_records([BASE])["claim_id"].iloc[0]
    again = fl.claims_from_records([dict(reversed(BASE.items()))])["claim_id"].iloc[0]
    assert first == again
    assert first.startswith("claim-")
    assert fl.claims_from_records([{**BASE, "summary": "other"}])["claim_id"].iloc[0] != first


def test_reported_at_needs_a_time_zone():
    claims = one(reported_at="2025-06-08T10:30:00+03:00")
    assert claims["reported_at"].iloc[0] == pd.Timestamp("2025-06-08T07:30:00Z")
    with pytest.raises(ClaimsValidationError, match="needs a time zone"):
        one(reported_at="2025-06-08T10:30:00")
    with pytest.raises(ClaimsValidationError, match="time of day"):
        one(reported_at="2025-06-08")


def test_empty_records_give_an_empty_table():
    empty = fl.claims_from_records([])
    assert list(empty.columns) == list(fl.CLAIM_COLUMNS)
    assert len(empty) == 0
    with pytest.raises(ValueError, match="list of dicts"):
        fl.claims_from_records(BASE)


# --------------------------------------------------------------------------------------------
# Property tests: the date parser and the coordinate parser
# --------------------------------------------------------------------------------------------

days = st.dates(dt.date(1700, 1, 1), dt.date(2262, 4, 1))


@given(day=days)
def test_iso_days_parse(day):
    expected = pd.Timestamp(day)
    for value in (day.isoformat(), day, dt.datetime.combine(day, dt.time(13, 5)), expected):
        assert parse_date(value) == expected


@given(
    day=st.integers(1, 31),
    month=st.integers(1, 12),
    year=st.integers(1900, 2100),
    sep=st.sampled_from("/.-"),
    short=st.booleans(),
)
def test_day_month_orders_are_rejected_not_guessed(day, month, year, sep, short):
    text = f"{day:02d}{sep}{month:02d}{sep}{year}" if not short else f"{day}{sep}{month}{sep}{year}"
    with pytest.raises(ValueError, match="ambiguous date"):
        parse_date(text)


@given(
    value=st.one_of(
        st.text(),
        st.from_regex(
            r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,12})?)?(Z|[+-]\d{2}:?\d{2})?)?",
            fullmatch=True,
        ),
        st.integers(),
        st.floats(),
        st.booleans(),
        st.none(),
        st.binary(),
        st.dates(),
        st.datetimes(timezones=st.none() | st.timezones()),
    )
)
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_date_parsers_raise_only_value_errors(value):
    for parse in (parse_date, parse_instant):
        try:
            out = parse(value)
        except ValueError:
            continue
        assert isinstance(out, pd.Timestamp)


@given(
    moment=st.datetimes(dt.datetime(1800, 1, 1), dt.datetime(2200, 1, 1), timezones=st.timezones())
)
def test_aware_times_become_utc(moment):
    assume(moment.utcoffset() is not None)
    got = parse_instant(moment.isoformat())
    assert got == pd.Timestamp(moment)
    assert str(got.tz) == "UTC"


def test_dates_in_records_are_rejected_when_ambiguous():
    with pytest.raises(ClaimsValidationError, match="ambiguous date '08/06/2025'"):
        one(date="08/06/2025")


@pytest.fixture(scope="module")
def outline():
    return fl.ukraine_outline()


@given(lon=st.floats(22.2, 40.2), lat=st.floats(44.4, 52.3))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
def test_swapped_points_in_ukraine_are_detected(outline, lon, lat):
    assume(outline.contains(shapely.Point(lon, lat)))
    assert len(one(lat=lat, lon=lon)) == 1  # the right way round: accepted quietly
    with pytest.raises(ClaimsValidationError, match=r"coordinates look swapped \(lat, lon\)"):
        one(lat=lon, lon=lat)


finite_or_not = st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=8) | st.none()


@given(lat=finite_or_not, lon=finite_or_not)
@settings(max_examples=80, deadline=None)
def test_coordinate_parser_raises_only_validation_errors(lat, lon):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ClaimsGeometryWarning)  # far-away points are flagged
        try:
            claims = one(lat=lat, lon=lon)
        except ClaimsValidationError as exc:
            fields = {p.field for p in exc.problems}
        else:
            fields = set()
    assert fields <= {"lat/lon"}
    if fields:
        return
    geom = claims.geometry.iloc[0]
    assert geom is None or (np.isfinite(geom.x) and np.isfinite(geom.y))


# --------------------------------------------------------------------------------------------
# Places (skipped until the gazetteer is installed)
# --------------------------------------------------------------------------------------------


def test_place_names_resolve_to_settlements():
    pytest.importorskip("frontline.gazetteer")
    claims = fl.claims_from_records(
        [
            {**BASE, "claim_id": "p", "place": "Pokrovsk"},
            {**BASE, "claim_id": "n", "place": "Novopavlivka", "region": "Dnipropetrovsk"},
        ]
    )
    c = claims.set_index("claim_id")
    assert c["precision"].astype(str).tolist() == ["settlement", "settlement"]
    assert c["region"].tolist() == ["UA-14", "UA-12"]
    assert c.geometry["p"].geom_type == "Point"
    assert fl.region("Donetsk")["geometry"].contains(c.geometry["p"])


def test_unknown_or_ambiguous_places_are_problems():
    pytest.importorskip("frontline.gazetteer")
    with pytest.raises(ClaimsValidationError) as excinfo:
        fl.claims_from_records(
            [
                {**BASE, "claim_id": "a", "place": "Novopavlivka"},
                {**BASE, "claim_id": "b", "place": "Xyzzyvka"},
            ]
        )
    assert problems_of(excinfo) == [(0, "place"), (1, "place")]


# --------------------------------------------------------------------------------------------
# The package layout: moved names, shared errors, one claim-status check
# --------------------------------------------------------------------------------------------


def test_collapsed_line_is_a_problem_not_a_crash():
    # a zero-length line is invalid and make_valid can only turn it into a point
    with pytest.raises(ClaimsValidationError, match="that make_valid cannot repair"):
        one(geometry="LINESTRING (37 48, 37 48)", precision="direction")
    with pytest.raises(ClaimsValidationError, match="that make_valid cannot repair"):
        one(
            geometry="MULTILINESTRING ((37 48, 37 48), (37 48, 37.1 48.1))",
            precision="border segment",
        )


def test_errors_are_the_shared_ones():
    from frontline import _errors

    assert fc.ClaimsValidationError is _errors.ClaimsValidationError
    assert fc.ClaimsGeometryWarning is _errors.ClaimsGeometryWarning
    with pytest.raises(_errors.FrontlineError) as excinfo:
        one(kind="victory")
    assert isinstance(excinfo.value, ValueError)
    assert excinfo.value.problems[0].field == "kind"
    assert issubclass(ClaimsGeometryWarning, _errors.FrontlineWarning)
    assert issubclass(ClaimsGeometryWarning, UserWarning)


def test_parse_date_moved_and_old_path_warns():
    with pytest.warns(FutureWarning, match="frontline.claims.parse_date moved"):
        old = fc.parse_date("2025-06-08")
    assert old == parse_date("2025-06-08") == pd.Timestamp("2025-06-08")
    with pytest.warns(FutureWarning), pytest.raises(ValueError, match="ambiguous date"):
        fc.parse_date("08/06/2025")


def test_claim_statuses_are_checked_in_one_place():
    assert fc.check_claim_statuses(None) is None
    assert fc.check_claim_statuses("refuted") == ("refuted",)
    assert fc.check_claim_statuses(list(fc.CLAIM_STATUSES)) == fc.CLAIM_STATUSES
    with pytest.raises(ValueError, match="assessed-control status, not a claim status"):
        fc.check_claim_statuses(["denied", "occupied"])
    with pytest.raises(ValueError, match="unknown claim status 'held'"):
        fc.check_claim_statuses("held")


def test_claims_modules_import_no_private_names_of_public_modules():
    import ast
    import importlib.util
    import pathlib

    folder = pathlib.Path(fc.__file__).parent
    files = [*folder.glob("*.py"), folder.parent / "io" / "claims.py"]
    offences = []
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("frontline"):
                module_private = any(p.startswith("_") for p in node.module.split("."))
                for alias in node.names:
                    if not alias.name.startswith("_") or module_private:
                        continue
                    if importlib.util.find_spec(f"{node.module}.{alias.name}") is None:
                        offences.append(f"{path.name}: {node.module}.{alias.name}")
    assert offences == []


@given(
    value=st.one_of(
        st.text(max_size=40),
        st.binary(max_size=40),
        st.dictionaries(st.sampled_from(["type", "coordinates", "geometry"]), st.text(max_size=8)),
        st.integers(),
        st.none(),
    )
)
def test_geometry_parser_raises_only_value_errors(value):
    from frontline.claims._geometry import parse_geometry

    try:
        out = parse_geometry(value)
    except ValueError:
        return
    assert out is None or isinstance(out, shapely.Geometry)
