"""Places are areas: footprints, the share of each held, and when each was entered, half held
and fully held, checked on synthetic histories and against widely reported dates."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import Point, box

import frontline as fl
from frontline import cli, geodesy
from frontline.control import ControlHistory
from frontline.gazetteer.footprint_model import EQUAL_AREA, to_equal_area
from frontline.settlements import CHANGES_COLUMNS, EVENTS_COLUMNS

DAILY = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "deepstate" / "daily"


@pytest.fixture(scope="module")
def donetsk() -> gpd.GeoDataFrame:
    return fl.footprints(fl.places(region="Donetsk"))


# --------------------------------------------------------------------------------------------
# the footprints
# --------------------------------------------------------------------------------------------


def test_footprints_are_polygons_round_their_places(donetsk):
    points = fl.places(region="Donetsk")
    assert len(donetsk) == len(points)
    assert donetsk.crs.to_epsg() == 4326
    assert set(donetsk.geom_type) <= {"Polygon", "MultiPolygon"}
    assert donetsk.geometry.covers(points.geometry).all()
    assert (donetsk["footprint_km2"] <= donetsk["model_km2"] + 1e-9).all()
    assert (donetsk["footprint_km2"] > 0).all()
    # a city is larger than a village of the same population
    toretsk = donetsk[donetsk["name"] == "Toretsk"].iloc[0]
    assert 10 < toretsk["model_km2"] < 20  # 30,914 people at 2,000 a km²
    assert donetsk.attrs["projection"] == EQUAL_AREA


def test_neighbours_do_not_overlap(donetsk):
    geoms = to_equal_area(donetsk.geometry.to_numpy())
    a, b = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    pairs = a < b
    shared = shapely.area(shapely.intersection(geoms[a[pairs]], geoms[b[pairs]]))
    # touching along Voronoi edges only (places sharing one point share one cell)
    same_point = shapely.equals(geoms[a[pairs]], geoms[b[pairs]])
    assert (shared[~same_point] < 1.0).all()  # under a square metre


def test_equal_area_agrees_with_geodesic_areas(donetsk):
    geodesic = geodesy.areas_km2(donetsk.geometry.to_numpy())
    rel = np.abs(geodesic / donetsk["footprint_km2"].to_numpy() - 1)
    assert rel.max() < 1e-4  # the module's stated bound: better than 0.01 %


def test_a_subset_has_the_footprints_of_the_whole_gazetteer(donetsk):
    some = fl.places(region="Donetsk").head(40)
    alone = fl.footprints(some)
    whole = donetsk.set_index("place_id").loc[some["place_id"], "footprint_km2"].to_numpy()
    np.testing.assert_allclose(alone["footprint_km2"].to_numpy(), whole, rtol=1e-9)


def test_coastal_footprints_stay_on_land():
    odesa = fl.footprints(fl.places(region="Odesa").head(1))
    assert odesa.iloc[0]["name"] == "Odesa"
    assert odesa.iloc[0]["footprint_km2"] < odesa.iloc[0]["model_km2"] * 0.8


def test_bad_footprint_input():
    pts = gpd.GeoDataFrame(geometry=[Point(37.0, 48.0)], crs=4326)
    with pytest.raises(ValueError, match="unknown category"):
        fl.footprints(pts, density={"hamlet": 10})
    with pytest.raises(ValueError, match="positive"):
        fl.footprints(pts, density={"city": 0})
    with pytest.raises(ValueError, match="points"):
        fl.footprints(gpd.GeoDataFrame(geometry=[box(36, 48, 37, 49)], crs=4326))
    with pytest.raises(ValueError, match="EPSG:4326"):
        fl.footprints(pts.to_crs(32637))
    with pytest.raises(TypeError, match="GeoDataFrame"):
        fl.footprints(pd.DataFrame({"x": [1]}))  # type: ignore[arg-type]
    # no population: the smallest footprint
    assert fl.footprints(pts)["model_km2"].iloc[0] == pytest.approx(0.5)


# --------------------------------------------------------------------------------------------
# share_held
# --------------------------------------------------------------------------------------------


def _history(days: list[str], areas: list[shapely.Geometry | None]) -> ControlHistory:
    rows = [(pd.Timestamp(d), a) for d, a in zip(days, areas, strict=True) if a is not None]
    frame = gpd.GeoDataFrame(
        {"date": [r[0] for r in rows], "source": "test", "status": "occupied"},
        geometry=[r[1] for r in rows],
        crs=4326,
    )
    return ControlHistory(frame)


def test_share_held_of_a_polygon_place_is_its_equal_area_share():
    town = box(37.0, 48.0, 37.1, 48.1)
    west = box(36.0, 47.0, 37.05, 49.0)  # the western half of the town, by longitude
    h = _history(["2025-01-01", "2025-01-02"], [box(36.0, 47.0, 36.5, 49.0), west])
    place = gpd.GeoDataFrame({"place_id": [1], "name": ["T"]}, geometry=[town], crs=4326)
    t = fl.settlement_control(h, places=place)
    assert list(t.columns[:6]) == ["place_id", "name", "region", "date", "status", "share_held"]
    assert t["share_held"].dtype == np.float32
    half = to_equal_area(town.intersection(west)).area / to_equal_area(town).area
    assert t["share_held"].tolist() == [0.0, pytest.approx(half, abs=1e-6)]
    assert 0.49 < half < 0.51
    assert "equal-area" in t.attrs["share_held"]


def test_no_russian_held_status_asked_gives_nan():
    h = _history(["2025-01-01"], [box(36.0, 47.0, 38.0, 49.0)])
    pts = gpd.GeoDataFrame(geometry=[Point(37.0, 48.0)], crs=4326)
    t = fl.settlement_control(h, places=pts, statuses=("contested",))
    assert t["share_held"].isna().all()


# --------------------------------------------------------------------------------------------
# intervals and every change
# --------------------------------------------------------------------------------------------


def _table(shares: list[float], start: str = "2025-03-01") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "place_id": np.int32(7),
            "name": "X",
            "region": "UA-14",
            "date": pd.date_range(start, periods=len(shares)),
            "status": ["occupied" if s >= 0.5 else "held" for s in shares],
            "share_held": np.asarray(shares, dtype=np.float32),
            "carried_forward": False,
        }
    )


def test_a_town_falls_over_an_interval():
    t = _table([0.0, 0.0, 0.1, 0.3, 0.55, 0.8, 0.96, 1.0])
    row = fl.control_changes(t).iloc[0]
    assert tuple(fl.control_changes(t).columns) == CHANGES_COLUMNS
    days = t["date"]
    assert (row["first_entered"], row["first_half"], row["first_full"]) == (
        days[2],
        days[4],
        days[6],
    )
    assert row["first_occupied"] == days[4]  # the point rule, kept
    assert row["last_change"] == days[6]
    assert row["last_change_to"] == "full"
    # thresholds are parameters
    row = fl.control_changes(t, entered=0.2, half=0.75, full=0.99).iloc[0]
    assert (row["first_entered"], row["first_half"], row["first_full"]) == (
        days[3],
        days[5],
        days[7],
    )
    with pytest.raises(ValueError, match="entered < half <= full"):
        fl.control_changes(t, half=0.99, full=0.9)
    with pytest.raises(ValueError, match="between 0 and 1"):
        fl.control_changes(t, full=1.5)


def test_taken_retaken_and_taken_again_shows_every_change():
    # held at the start of the record, retaken, lost again: dated although held on day one
    t = _table([1.0, 1.0, 0.0, 0.0, 0.6, 1.0, 0.0, 0.97])
    row = fl.control_changes(t).iloc[0]
    days = t["date"]
    assert row["occupied_at_start"]
    assert pd.isna(row["first_occupied"])  # the old rule gives nothing here
    assert row["share_at_start"] == 1.0
    assert row["first_half"] == days[4]
    assert row["first_full"] == days[5]
    assert row["last_change"] == days[7]
    ev = fl.control_events(t)
    assert tuple(ev.columns) == EVENTS_COLUMNS
    assert ev["date"].tolist() == [days[2], days[4], days[5], days[6], days[7]]
    assert ev["to_band"].astype(str).tolist() == ["none", "half", "full", "none", "full"]
    assert ev["from_band"].astype(str).tolist() == ["full", "none", "half", "full", "none"]
    assert ev["previous_day"].tolist() == [days[1], days[3], days[4], days[5], days[6]]


def _reference_events(shares: list[float]) -> list[tuple[int, int]]:
    def band(s: float) -> int:
        return 3 if s >= 0.95 else 2 if s >= 0.5 else 1 if s > 0 else 0

    return [(i, band(s)) for i, s in enumerate(shares) if i and band(s) != band(shares[i - 1])]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([0.0, 0.1, 0.5, 0.7, 0.95, 1.0]), min_size=1, max_size=12))
def test_control_events_match_a_plain_loop(shares):
    t = _table(shares).sample(frac=1, random_state=1)  # shuffled: sorting is its job
    ev = fl.control_events(t)
    days = pd.date_range("2025-03-01", periods=len(shares))
    bands = ["none", "entered", "half", "full"]
    assert [(d, str(b)) for d, b in zip(ev["date"], ev["to_band"], strict=True)] == [
        (days[i], bands[b]) for i, b in _reference_events(shares)
    ]


def test_tables_without_share_held_use_the_point():
    t = _table([0.0, 0.0, 1.0, 1.0]).drop(columns="share_held")
    row = fl.control_changes(t).iloc[0]
    assert row["first_half"] == row["first_full"] == row["first_entered"] == t["date"][2]


# --------------------------------------------------------------------------------------------
# checked against widely reported dates (real DeepState daily mirror)
# --------------------------------------------------------------------------------------------

# (name, reported day, what was reported). Vuhledar: DeepState, 2024-10-01/02; Selydove:
# claimed by Russia 2024-10-29; Kurakhove: claimed 2025-01-06, DeepState "almost completely"
# that day; Toretsk: claimed 2025-02-07.
REPORTED = [
    ("Vuhledar", "2024-10-02", "DeepState"),
    ("Selydove", "2024-10-29", "claim"),
    ("Kurakhove", "2025-01-06", "claim; DeepState: almost completely"),
    ("Toretsk", "2025-02-07", "claim"),
]
#: villages and small towns: first_half within this many days of the report
HALF_WITHIN_DAYS = 3
#: towns: the report lies in first_entered..first_full, allowing this many days after
#: first_full. Kurakhove needs it: DeepState's map held 97.1 % of its footprint from 2025-01-02
#: (76.7 % on 2024-12-31; the mirror has no file for 2025-01-01), four days before DeepState's
#: own words on 2025-01-06 ("almost completely"), and 100 % from 2025-01-08. The map ran ahead
#: of the words; the slack says so, the model is not tuned to it
#: (test_kurakhove_was_almost_all_held_on_the_map_before_the_words).
SPAN_SLACK_DAYS = 5


@pytest.fixture(scope="module")
def reported_changes() -> pd.DataFrame:
    if not DAILY.is_dir():
        pytest.skip(f"real DeepState daily snapshots not found at {DAILY}")
    days = pd.date_range("2024-07-08", "2025-02-20")
    files = [DAILY / f"deepstatemap_data_{d:%Y%m%d}.geojson" for d in days]
    h = fl.read_deepstate([f for f in files if f.exists()])
    towns = fl.places(region="Donetsk")
    towns = towns[towns["name"].isin([r[0] for r in REPORTED])]
    assert len(towns) == len(REPORTED)
    table = fl.settlement_control(h, places=towns)
    return fl.control_changes(table).set_index("name")


@pytest.mark.parametrize(("name", "day", "what"), REPORTED)
def test_towns_fall_over_an_interval_containing_the_reported_day(reported_changes, name, day, what):
    row = reported_changes.loc[name]
    reported = pd.Timestamp(day)
    assert row["first_entered"] < reported, what
    if pd.notna(row["first_full"]):
        assert reported <= row["first_full"] + pd.Timedelta(days=SPAN_SLACK_DAYS), what
        assert row["first_full"] - row["first_entered"] >= pd.Timedelta(days=7)


def test_kurakhove_was_almost_all_held_on_the_map_before_the_words(daily_dir):
    """DeepState said on 2025-01-06 that Kurakhove was "almost completely" occupied; its own
    map already held 97.1 % of the town's footprint on 2025-01-02, the first day after
    2024-12-31 (76.7 %) in the mirror, and all of it from 2025-01-08.

    This is why SPAN_SLACK_DAYS is 5 and not 0: first_full (95 %) is 2025-01-02, four days
    before the words; "almost completely" fits 97 %.
    """
    days = ["20241231", "20250102", "20250106", "20250107", "20250108"]
    h = fl.read_deepstate([daily_dir / f"deepstatemap_data_{d}.geojson" for d in days])
    town = fl.places(region="Donetsk").query("name == 'Kurakhove'")
    share = fl.settlement_control(h, places=town)["share_held"].to_numpy()
    np.testing.assert_allclose(share, [0.767, 0.971, 0.971, 0.971, 1.0], atol=0.001)


@pytest.mark.parametrize("name", ["Vuhledar", "Selydove"])
def test_first_half_agrees_with_the_report_within_days(reported_changes, name):
    day = dict((r[0], r[1]) for r in REPORTED)[name]
    gap = abs(reported_changes.loc[name, "first_half"] - pd.Timestamp(day))
    assert gap <= pd.Timedelta(days=HALF_WITHIN_DAYS)


def test_describe_fall_and_the_command_line(tmp_path, capsys):
    text = fl.describe_fall(fl.example_control(), "Pokrovsk")
    assert text.startswith("Pokrovsk (Donetsk Oblast): DeepStateMap")
    assert "Method:" in text
    assert "equal-area" in text
    assert "Source: DeepStateMap" in text
    if not DAILY.is_dir():
        pytest.skip(f"real DeepState daily snapshots not found at {DAILY}")
    folder = tmp_path / "days"
    folder.mkdir()
    for d in pd.date_range("2024-10-20", "2024-11-02"):
        name = f"deepstatemap_data_{d:%Y%m%d}.geojson"
        (folder / name).symlink_to(DAILY / name)
    assert cli.main(["place", "Selydove", "--history", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "first showed Russian forces in it on 2024-10-23" in out
    assert "more than half of it held from 2024-10-28" in out


def test_footprints_on_the_day_map():
    m = fl.map_day("2025-06-08", history=fl.example_control(), tiles=None, footprints=True)
    html = m.get_root().render()
    assert "Settlement footprints (share held)" in html
    assert html.count("of its footprint held on 2025-06-08") > 20
    # a footprint frame of one's own, names escaped
    one = fl.footprints(fl.places(region="Donetsk").head(1)).assign(name="<b>x</b>")
    html = (
        fl.map_day("2025-06-08", history=fl.example_control(), tiles=None, footprints=one)
        .get_root()
        .render()
    )
    text = html.replace(r"\u003c", "<").replace(r"\u003e", ">").replace(r"\u0026", "&")
    assert "<b>x</b>" not in text
    assert "&lt;b&gt;x&lt;/b&gt;" in text
