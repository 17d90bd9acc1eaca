"""Who held each place on each day, checked on the real DeepStateMap daily mirror.

The expected statuses below are what the daily files show when one looks at them (the place's
GeoNames point against the day's occupied polygon); see the comments beside each case.
"""

from __future__ import annotations

import sys

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import Point, box

import frontline as fl
from frontline import geodesy
from frontline.control import ControlHistory
from frontline.settlements import (
    CHANGES_COLUMNS,
    HELD,
    OUTSIDE_MARGIN_KM,
    TABLE_COLUMNS,
    InvalidPlacesError,
    control_changes,
    settlement_control,
    settlement_control_wide,
)

# --------------------------------------------------------------------------------------------
# shared, session-scoped tables (the 769-day history is read once by conftest)
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def gazetteer() -> gpd.GeoDataFrame:
    return fl.places()


@pytest.fixture(scope="session")
def table(history, gazetteer) -> pd.DataFrame:
    return settlement_control(history, places=gazetteer)


@pytest.fixture(scope="session")
def changes(table) -> pd.DataFrame:
    return control_changes(table)


@pytest.fixture(scope="session")
def example() -> ControlHistory:
    return fl.example_control()  # the shipped DeepStateMap day, 2025-06-08


def _id(gazetteer: gpd.GeoDataFrame, name: str, region: str) -> int:
    hit = gazetteer[(gazetteer["name"] == name) & (gazetteer["region"] == region)]
    assert len(hit) == 1, f"{name} ({region}) is not unique in the gazetteer"
    return int(hit["place_id"].iloc[0])


def _assert_identical(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    """Same columns, dtypes (category categories included), index and values, bit for bit.

    (``DataFrame.equals`` compares categoricals by codes, so this is fast on millions of rows,
    unlike ``pandas.testing.assert_frame_equal``.)
    """
    assert list(got.columns) == list(expected.columns)
    assert got.dtypes.to_dict() == expected.dtypes.to_dict()
    assert got.index.equals(expected.index)
    for col in got.columns:
        assert got[col].equals(expected[col]), col


def _status(table: pd.DataFrame, place_id: int, day: str) -> str:
    row = table[(table["place_id"] == place_id) & (table["date"] == pd.Timestamp(day))]
    assert len(row) == 1
    return str(row["status"].iloc[0])


# --------------------------------------------------------------------------------------------
# the table on the real files
# --------------------------------------------------------------------------------------------


def test_table_has_one_compact_row_per_place_and_day(table, history, gazetteer):
    assert tuple(table.columns) == TABLE_COLUMNS
    assert len(table) == len(gazetteer) * len(history) == len(gazetteer) * 769
    assert table["place_id"].dtype == np.int32
    for col in ("name", "region", "status"):
        assert isinstance(table[col].dtype, pd.CategoricalDtype), col
    assert table["date"].dtype == "datetime64[ns]"
    assert not table["carried_forward"].any()  # by default only the history's own days
    assert list(table["status"].cat.categories) == [
        "occupied_before_2022",
        "occupied",
        "contested",
        "liberated",
        HELD,
    ]
    # the daily mirror only draws occupied ground
    assert set(table["status"].unique()) == {"occupied", HELD}
    # rows ordered by place (gazetteer order), then date
    first = table.iloc[: len(history)]
    assert (first["place_id"] == gazetteer["place_id"].iloc[0]).all()
    assert first["date"].is_monotonic_increasing
    assert table.attrs["source"] == "DeepStateMap"
    # one byte a cell, roughly: well under 30 bytes a row in memory
    assert table.memory_usage(deep=True).sum() / len(table) < 30


@pytest.mark.parametrize(
    ("name", "region", "day", "expected"),
    [
        # Pokrovsk: ~25 km from the occupied area on the first day of the mirror, ~6 km on
        # 2025-06-08, 1.4 km on 2025-11-02; the town's point lies inside it from 2025-11-03 on.
        ("Pokrovsk", "UA-14", "2024-07-08", HELD),
        ("Pokrovsk", "UA-14", "2025-06-08", HELD),
        ("Pokrovsk", "UA-14", "2025-11-02", HELD),
        ("Pokrovsk", "UA-14", "2025-11-03", "occupied"),
        ("Pokrovsk", "UA-14", "2026-08-22", "occupied"),
        # Novopavlivka, Dnipropetrovsk oblast (not the namesakes in Mykolaiv and Kherson
        # oblasts): about 9 km from the occupied area on 2025-06-08, never inside it.
        ("Novopavlivka", "UA-12", "2025-06-08", HELD),
        ("Novopavlivka", "UA-12", "2026-08-22", HELD),
        # Novopavlivka, Kherson oblast: on the occupied left bank of the Dnipro.
        ("Novopavlivka", "UA-65", "2025-06-08", "occupied"),
        # Sumy: over 20 km from the occupied area throughout.
        ("Sumy", "UA-59", "2025-06-08", HELD),
        # Crimea is in the mirror's occupied polygon.
        ("Sevastopol", "UA-40", "2025-06-08", "occupied"),
    ],
)
def test_status_a_reader_of_the_map_sees(table, gazetteer, name, region, day, expected):
    assert _status(table, _id(gazetteer, name, region), day) == expected


def test_sumy_held_every_day(table, gazetteer):
    rows = table[table["place_id"] == _id(gazetteer, "Sumy", "UA-59")]
    assert len(rows) == 769
    assert (rows["status"] == HELD).all()


def test_pokrovsk_first_occupied_day(changes, gazetteer):
    row = changes[changes["place_id"] == _id(gazetteer, "Pokrovsk", "UA-14")].iloc[0]
    assert not row["occupied_at_start"]
    assert row["first_occupied"] == pd.Timestamp("2025-11-03")
    assert row["last_held"] == pd.Timestamp("2025-11-02")
    assert row["changes"] == 1
    assert row["status_now"] == "occupied"


def test_places_that_fell_before_the_record_began(changes, gazetteer, history):
    # Bakhmut (GeoNames 713174) fell in May 2023, Avdiivka in February 2024: both long before
    # the mirror's first day, 2024-07-08, which must not be reported as the day they fell.
    assert _id(gazetteer, "Bakhmut", "UA-14") == 713174
    for name in ("Bakhmut", "Avdiivka"):
        row = changes[changes["place_id"] == _id(gazetteer, name, "UA-14")].iloc[0]
        assert row["occupied_at_start"], name
        assert pd.isna(row["first_occupied"]), name
        assert pd.isna(row["last_held"]), name  # never seen held
        assert row["changes"] == 0, name
        assert row["status_now"] == "occupied", name
    assert not (changes["first_occupied"] == history.start).any()


def test_control_changes_on_the_real_data(changes, table, gazetteer, history):
    assert tuple(changes.columns) == CHANGES_COLUMNS
    assert list(changes.columns[:8]) == [
        "place_id",
        "name",
        "region",
        "occupied_at_start",
        "first_occupied",
        "last_held",
        "changes",
        "status_now",
    ]
    assert changes["occupied_at_start"].dtype == bool
    assert len(changes) == len(gazetteer)
    assert changes["place_id"].tolist() == gazetteer["place_id"].tolist()
    assert changes.attrs["as_of"] == history.end
    sumy = changes[changes["place_id"] == _id(gazetteer, "Sumy", "UA-59")].iloc[0]
    assert pd.isna(sumy["first_occupied"])
    assert not sumy["occupied_at_start"]
    assert sumy["last_held"] == history.end
    assert sumy["changes"] == 0
    # Sevastopol: occupied from the first day (the fall is before the record), never held
    sev = changes[changes["place_id"] == _id(gazetteer, "Sevastopol", "UA-40")].iloc[0]
    assert sev["occupied_at_start"]
    assert pd.isna(sev["first_occupied"])
    assert pd.isna(sev["last_held"])
    # the gazetteer's places in Dnipropetrovsk oblast taken so far: none (its nearest to the
    # occupied area on the last day, Novopidhorodnye, is about 3 km outside it)
    assert len(changes.query("region == 'UA-12' and status_now == 'occupied'")) == 0
    # in Donetsk oblast, dozens fell during the mirror's span, each after its last held day
    fell = changes[(changes["region"] == "UA-14") & changes["first_occupied"].notna()]
    assert len(fell) > 20
    once = fell[fell["changes"] == 1]
    assert (once["last_held"] < once["first_occupied"]).all()
    # consistency with the table: occupied places today are those occupied on the last day
    last = table[table["date"] == history.end]
    assert set(changes.loc[changes["status_now"] == "occupied", "place_id"]) == set(
        last.loc[last["status"] == "occupied", "place_id"]
    )
    # every place that changed hands was seen held, and fell in the record unless it was
    # occupied on the first day
    moved = changes[changes["changes"] > 0]
    assert moved["first_occupied"].notna().eq(~moved["occupied_at_start"]).all()
    assert moved["last_held"].notna().all()


def test_parquet_round_trip(table, tmp_path):
    part = table[table["region"] == "UA-14"]
    path = tmp_path / "settlements.parquet"
    part.to_parquet(path)
    back = pd.read_parquet(path)
    _assert_identical(back, part)
    assert back.attrs == part.attrs


def test_wide_form(table, gazetteer, history):
    part = table[table["region"].isin(["UA-14", "UA-59"])]
    wide = settlement_control_wide(part)
    n = part["place_id"].nunique()
    assert wide.shape == (n, len(history))
    assert wide.index.names == ["place_id", "name", "region"]
    assert wide.columns.equals(history.dates)
    pid = _id(gazetteer, "Pokrovsk", "UA-14")
    row = wide.xs(pid, level="place_id").iloc[0]
    assert row[pd.Timestamp("2025-11-02")] == HELD
    assert row[pd.Timestamp("2025-11-03")] == "occupied"
    long = part[part["place_id"] == pid].set_index("date")["status"]
    assert (row.astype(str).to_numpy() == long.astype(str).to_numpy()).all()
    with pytest.raises(ValueError, match="more than once"):
        settlement_control_wide(pd.concat([part.iloc[:2], part.iloc[:1]]))


def test_fill_carry_carries_forward(history, gazetteer):
    # the mirror has no files for 2024-08-18 and 2024-08-19
    h = history.between("2024-08-15", "2024-08-22")
    some = gazetteer[gazetteer["region"] == "UA-14"]
    plain = settlement_control(h, places=some)
    full = settlement_control(h, places=some, fill="carry")
    assert plain["date"].nunique() == 6
    assert full["date"].nunique() == 8
    gap = full["date"].isin(pd.to_datetime(["2024-08-18", "2024-08-19"]))
    assert (full["carried_forward"] == gap).all()
    on_17 = full[full["date"] == "2024-08-17"]["status"].to_numpy()
    for day in ("2024-08-18", "2024-08-19"):
        assert (full[full["date"] == day]["status"].to_numpy() == on_17).all()
    # the carried-forward days do not count in control_changes
    pd.testing.assert_frame_equal(control_changes(full), control_changes(plain))
    assert full.attrs["fill"] == "carry"
    assert plain.attrs["fill"] is None
    # the old spelling gives the same table, with a FutureWarning
    with pytest.warns(FutureWarning, match="fill='carry'"):
        old = settlement_control(h, places=some, fill_gaps=True)
    pd.testing.assert_frame_equal(old, full)
    with pytest.warns(FutureWarning, match="old spelling"):
        old_plain = settlement_control(h, places=some, fill_gaps=False)
    pd.testing.assert_frame_equal(old_plain, plain)
    with pytest.warns(FutureWarning), pytest.raises(ValueError, match="not both"):
        settlement_control(h, places=some, fill="carry", fill_gaps=True)


# --------------------------------------------------------------------------------------------
# places a user brings
# --------------------------------------------------------------------------------------------


def test_places_outside_ukraine_are_rejected(example):
    towns = gpd.GeoDataFrame(
        {"place_id": [1, 2, 3], "name": ["Kharkiv", "Moscow", "Chisinau"]},
        geometry=[Point(36.23, 49.99), Point(37.62, 55.76), Point(28.86, 47.01)],
        crs=4326,
    )
    with pytest.raises(InvalidPlacesError) as err:
        settlement_control(example, places=towns)
    message = str(err.value)
    assert "Moscow" in message
    assert "Chisinau" in message
    assert "Kharkiv" not in message
    assert "outside Ukraine" in message
    assert [p[0] for p in err.value.problems] == [1, 2]  # the row labels


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lon=st.floats(20.0, 42.0, allow_nan=False),
    lat=st.floats(43.0, 54.0, allow_nan=False),
)
def test_outside_check_agrees_with_geodesy(example, lon, lat):
    outline = fl.ukraine_outline()
    point = Point(lon, lat)
    km = 0.0 if outline.covers(point) else geodesy.distance_km(point, outline)
    if abs(km - OUTSIDE_MARGIN_KM) < 0.01:
        return  # too close to the margin to call
    places = gpd.GeoDataFrame(geometry=[point], crs=4326)
    if km > OUTSIDE_MARGIN_KM:
        with pytest.raises(InvalidPlacesError, match="outside Ukraine"):
            settlement_control(example, places=places)
    else:
        assert len(settlement_control(example, places=places)) == 1


def test_bad_places_are_listed_together(example):
    bad = gpd.GeoDataFrame(
        {"place_id": [5, 5, 6, 7]},
        geometry=[
            Point(36.2, 50.0),
            Point(36.3, 50.0),
            None,
            shapely.LineString([(36, 50), (37, 50)]),
        ],
        crs=4326,
    )
    with pytest.raises(InvalidPlacesError) as err:
        settlement_control(example, places=bad)
    fields = sorted((row, field) for row, field, _, _ in err.value.problems)
    assert fields == [(0, "place_id"), (1, "place_id"), (2, "geometry"), (3, "geometry")]
    with pytest.raises(ValueError, match="no CRS"):
        settlement_control(example, places=gpd.GeoDataFrame(geometry=[Point(36, 50)]))
    with pytest.raises(TypeError, match="GeoDataFrame"):
        settlement_control(example, places=pd.DataFrame({"x": [1]}))
    with pytest.raises(ValueError, match="empty"):
        settlement_control(example, places=gpd.GeoDataFrame(geometry=[], crs=4326))


def test_user_points_get_ids_and_regions(example):
    pts = gpd.GeoDataFrame(
        geometry=[Point(37.177, 48.280), Point(34.799, 50.917)],
        index=pd.Index(["pokrovsk", "sumy"]),
        crs=4326,
    )
    t = settlement_control(example, places=pts)
    assert t["place_id"].astype(str).tolist() == ["pokrovsk", "sumy"]
    assert t["region"].astype(str).tolist() == ["UA-14", "UA-59"]
    assert t["name"].isna().all()
    # a projected CRS is reprojected, not rejected
    same = settlement_control(example, places=pts.to_crs(32637))
    assert same["status"].tolist() == t["status"].tolist()


def test_polygon_places(history):
    h = history.between("2025-11-02", "2025-11-03")
    centre = Point(37.17706, 48.28014)  # Pokrovsk, 1.4 km outside the area on 2025-11-02
    town = geodesy.buffer_km(centre, 2.0)
    places = gpd.GeoDataFrame({"place_id": [1], "name": ["Pokrovsk"]}, geometry=[town], crs=4326)
    by_point = settlement_control(h, places=places)
    any_part = settlement_control(h, places=places, polygons="any_part")
    assert by_point["status"].tolist() == [HELD, "occupied"]
    assert any_part["status"].tolist() == ["occupied", "occupied"]
    assert by_point["region"].tolist() == ["UA-14", "UA-14"]
    # a polygon entirely outside Ukraine is rejected too
    far = gpd.GeoDataFrame(geometry=[geodesy.buffer_km(Point(37.6, 55.7), 3.0)], crs=4326)
    with pytest.raises(InvalidPlacesError):
        settlement_control(h, places=far, polygons="any_part")


# --------------------------------------------------------------------------------------------
# edges and tolerance
# --------------------------------------------------------------------------------------------


def test_tolerance_on_a_real_edge(example):
    area = example.geometry_on("2025-06-08")
    target = Point(36.78654, 48.13816)  # Novopavlivka (UA-12), ~9 km from the area that day
    vertices = shapely.get_coordinates(area)
    vx, vy = vertices[np.argmin(np.hypot(vertices[:, 0] - target.x, vertices[:, 1] - target.y))]
    azimuth, _, _ = geodesy.GEOD.inv(vx, vy, target.x, target.y)
    ox, oy, _ = geodesy.GEOD.fwd(vx, vy, azimuth, 300.0)
    outside, on_edge = Point(ox, oy), Point(vx, vy)
    assert not area.covers(outside)
    assert area.covers(on_edge)
    metres = geodesy.distance_km(outside, area) * 1000.0
    assert 250 < metres <= 300.5
    places = gpd.GeoDataFrame(
        {"place_id": [1, 2], "name": ["300 m out", "on the edge"]},
        geometry=[outside, on_edge],
        crs=4326,
    )

    def statuses(tolerance_m: float) -> list[str]:
        return settlement_control(example, places=places, tolerance_m=tolerance_m)[
            "status"
        ].tolist()

    assert statuses(0) == [HELD, "occupied"]  # the edge counts as inside
    assert statuses(metres - 1.0) == [HELD, "occupied"]
    assert statuses(metres + 1.0) == ["occupied", "occupied"]


def test_precedence_where_areas_overlap():
    frame = gpd.GeoDataFrame(
        {
            "date": pd.to_datetime(["2025-06-08", "2025-06-08"]),
            "source": "test",
            "status": ["occupied", "contested"],
        },
        geometry=[box(37.0, 48.0, 37.5, 48.5), box(37.4, 48.0, 37.8, 48.5)],
        crs=4326,
    )
    h = ControlHistory(frame)
    pts = gpd.GeoDataFrame(
        geometry=[Point(37.2, 48.2), Point(37.45, 48.2), Point(37.7, 48.2), Point(36.0, 48.2)],
        crs=4326,
    )
    t = settlement_control(h, places=pts)
    assert t["status"].tolist() == ["occupied", "occupied", "contested", HELD]
    t = settlement_control(h, places=pts, statuses=("contested", "occupied"))
    assert t["status"].tolist() == ["occupied", "contested", "contested", HELD]
    t = settlement_control(h, places=pts, statuses=("contested",))
    assert t["status"].tolist() == [HELD, "contested", "contested", HELD]


def test_changes_count_hands_not_grey_days():
    days = pd.date_range("2025-01-01", periods=7)
    t = pd.DataFrame(
        {
            "place_id": np.int32(1),
            "name": "X",
            "region": "UA-14",
            "date": days,
            "status": ["held", "contested", "occupied", "contested", "liberated", "held", "held"],
            "carried_forward": False,
        }
    )
    row = control_changes(t).iloc[0]
    assert row["changes"] == 2
    assert row["first_occupied"] == days[2]
    assert row["last_held"] == days[6]
    assert row["status_now"] == "held"


def _reference_changes(statuses: list[str]) -> tuple[bool, int, int | None, int | None]:
    """(occupied at start, changes, first occupied position, last held position), slowly."""
    side = {"held": 0, "liberated": 0, "occupied": 1, "occupied_before_2022": 1}
    at_start = side.get(statuses[0]) == 1
    changes, previous, first_occ, last_held = 0, None, None, None
    for i, status in enumerate(statuses):
        s = side.get(status)
        if s is None:
            continue
        if previous is not None and s != previous:
            changes += 1
        previous = s
        if s == 1 and first_occ is None:
            first_occ = i
        if s == 0:
            last_held = i
    return at_start, changes, None if at_start else first_occ, last_held


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(
            st.sampled_from(["held", "contested", "occupied", "liberated", "occupied_before_2022"]),
            min_size=1,
            max_size=12,
        ),
        min_size=1,
        max_size=4,
    )
)
def test_control_changes_matches_a_plain_loop(sequences):
    rows = []
    for pid, seq in enumerate(sequences):
        for i, status in enumerate(seq):
            rows.append((pid, pd.Timestamp("2025-01-01") + pd.Timedelta(days=i), status))
    # shuffled rows: control_changes must sort by date itself
    frame = pd.DataFrame(rows, columns=["place_id", "date", "status"]).sample(
        frac=1, random_state=0
    )
    got = control_changes(frame).set_index("place_id")
    for pid, seq in enumerate(sequences):
        at_start, changes, first_occ, last_held = _reference_changes(seq)
        row = got.loc[pid]
        assert row["occupied_at_start"] == at_start
        assert row["changes"] == changes
        day = pd.Timestamp("2025-01-01")
        for column, position in (("first_occupied", first_occ), ("last_held", last_held)):
            if position is None:
                assert pd.isna(row[column])
            else:
                assert row[column] == day + pd.Timedelta(days=position)
        assert row["status_now"] == seq[-1]


def test_tables_without_the_columns_are_refused():
    with pytest.raises(ValueError, match="status"):
        control_changes(pd.DataFrame({"place_id": [1], "date": [pd.Timestamp("2025-01-01")]}))
    with pytest.raises(TypeError, match="settlement_control"):
        settlement_control_wide([1, 2])


# --------------------------------------------------------------------------------------------
# options
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"tolerance_m": -1}, ValueError, "tolerance_m"),
        ({"tolerance_m": float("nan")}, ValueError, "tolerance_m"),
        ({"statuses": ("occupied", "held")}, ValueError, "held"),
        ({"statuses": ()}, ValueError, "empty"),
        ({"statuses": ("occupied", "occupied")}, ValueError, "repeats"),
        ({"engine": "spark"}, ValueError, "engine"),
        ({"scheduler": "tcp://127.0.0.1:1"}, ValueError, "engine='dask'"),
        ({"chunk_days": 0}, ValueError, "chunk_days"),
        ({"polygons": "centroid"}, ValueError, "polygons"),
        ({"fill": "zero"}, ValueError, "fill"),
        ({"source": "ISW"}, LookupError, "not in this history"),
    ],
)
def test_bad_options(example, kwargs, error, match):
    pts = gpd.GeoDataFrame(geometry=[Point(36.2, 50.0)], crs=4326)
    with pytest.raises(error, match=match):
        settlement_control(example, places=pts, **kwargs)


def test_not_a_history():
    with pytest.raises(TypeError, match="ControlHistory"):
        settlement_control(gpd.GeoDataFrame(geometry=[box(36, 48, 37, 49)], crs=4326))


def test_several_sources_need_a_choice(example):
    other = example.frame.assign(source="Other")
    both = ControlHistory.concat([example, ControlHistory(other)])
    pts = gpd.GeoDataFrame(geometry=[Point(36.2, 50.0)], crs=4326)
    with pytest.raises(ValueError, match="several sources"):
        settlement_control(both, places=pts)
    assert len(settlement_control(both, places=pts, source="Other")) == 1


def test_dask_missing_says_what_to_install(example, monkeypatch):
    monkeypatch.setitem(sys.modules, "dask_geopandas", None)
    pts = gpd.GeoDataFrame(geometry=[Point(36.2, 50.0)], crs=4326)
    with pytest.raises(ImportError, match=r"frontline-maps\[dask\]"):
        settlement_control(example, places=pts, engine="dask")


# --------------------------------------------------------------------------------------------
# dask: the same table on a real (local) cluster
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    pytest.importorskip("dask_geopandas")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as local,
        distributed.Client(local) as client,
    ):
        yield local, client


def test_dask_and_local_agree_exactly(history, gazetteer, cluster):
    local_cluster, client = cluster
    months = ControlHistory.concat(
        [
            history.between("2024-08-01", "2024-08-31"),  # with the 2024-08-18/19 gap
            history.between("2025-06-01", "2025-06-30"),
            history.between("2025-10-15", "2025-11-15"),  # Pokrovsk falls
        ]
    )
    expected = settlement_control(months, places=gazetteer, chunk_days=9)
    got = settlement_control(months, places=gazetteer, engine="dask", client=client, chunk_days=9)
    _assert_identical(got, expected)
    assert got.attrs == expected.attrs
    # tolerance, and a scheduler address instead of a client
    expected = settlement_control(months, places=gazetteer, tolerance_m=750.0, fill="carry")
    got = settlement_control(
        months,
        places=gazetteer,
        tolerance_m=750.0,
        fill="carry",
        engine="dask",
        scheduler=local_cluster.scheduler_address,
    )
    _assert_identical(got, expected)
