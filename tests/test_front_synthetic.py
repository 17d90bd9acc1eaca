"""The front line on small synthetic histories: lengths, pace, distance, ETA, months."""

from __future__ import annotations

import math

import geopandas as gpd
import hypothesis.strategies as st
import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import given, settings
from shapely.geometry import box

from frontline import geodesy
from frontline.control import ControlHistory
from frontline.front import (
    advance,
    describe_distance,
    directions,
    distance_to_front,
    eta,
    front_length,
    front_line,
    monthly,
    monthly_text,
    sector_polygons,
)


def _history(days: list[str], geoms: list[shapely.Geometry]) -> ControlHistory:
    frame = gpd.GeoDataFrame(
        {"date": pd.to_datetime(days), "source": "Test", "status": "occupied"},
        geometry=gpd.GeoSeries(geoms, crs=4326),
        crs=4326,
    )
    return ControlHistory(frame)


def _dense(geom: shapely.Geometry) -> shapely.Geometry:
    """Vertices every ~0.01° like a real map (the engine judges segments whole)."""
    return shapely.segmentize(geom, 0.01)


# a block of held ground deep inside Ukraine (Dnipropetrovsk/Donetsk), far from border and coast
INLAND = box(36.0, 48.0, 37.0, 49.0)


def _perimeter_km(geom: shapely.Geometry) -> float:
    coords = shapely.get_coordinates(shapely.boundary(geom))
    return float(geodesy.GEOD.line_length(coords[:, 0], coords[:, 1])) / 1000.0


def test_inland_block_front_is_its_whole_perimeter() -> None:
    h = _history(["2025-01-01"], [_dense(INLAND)])
    line = front_line(h, "2025-01-01")
    assert line.attrs["total_km"] == pytest.approx(_perimeter_km(_dense(INLAND)), rel=1e-9)
    assert set(line["region"]) <= {"UA-12", "UA-14", "UA-63", "UA-23"}
    assert not line["river"].any()
    assert line.crs.to_epsg() == 4326
    assert set(line.geom_type) == {"LineString"}
    assert front_length(h)["km"].iloc[0] == pytest.approx(line.attrs["total_km"], rel=1e-9)


def test_border_and_coast_are_not_front() -> None:
    # held ground reaching over the Russian border in Luhansk oblast: only the west side and
    # the parts of the north and south sides inside Ukraine are front
    block = _dense(box(39.0, 48.6, 41.0, 49.2))
    h = _history(["2025-01-01"], [block])
    line = front_line(h, "2025-01-01")
    assert 0 < line.attrs["total_km"] < _perimeter_km(block) * 0.75
    # no piece of front lies outside Ukraine
    pieces = shapely.union_all(line.geometry.to_numpy())
    assert pieces.within(box(38.9, 48.5, 40.3, 49.3))
    # a block in the sea off Crimea's south coast has no front at all
    sea = _history(["2025-01-01"], [_dense(box(33.0, 43.5, 35.0, 44.3))])
    assert front_line(sea, "2025-01-01").empty
    assert front_length(sea)["km"].iloc[0] == 0.0


def test_kherson_front_is_river_after_november_2022() -> None:
    block = _dense(box(32.9, 46.3, 33.6, 46.6))  # left bank of the Dnipro, Kherson oblast
    h = _history(["2022-10-01", "2023-01-01"], [block, block])
    before = front_line(h, "2022-10-01")
    after = front_line(h, "2023-01-01")
    assert not before["river"].any()
    assert after.loc[after["region"] == "UA-65", "river"].all()
    lengths = front_length(h)
    assert lengths["river_km"].iloc[0] == 0.0
    assert lengths["river_km"].iloc[1] > 0.0


def test_directions_split_the_front_and_sum_to_it() -> None:
    h = _history(["2025-01-01"], [_dense(INLAND)])
    line = front_line(h, "2025-01-01")
    by_dir = front_length(h, by="direction")
    assert by_dir["km"].sum() == pytest.approx(line.attrs["total_km"], rel=1e-9)
    per = line.groupby("direction")["length_km"].sum()
    for row in by_dir.itertuples():
        assert per[row.direction] == pytest.approx(row.km, rel=1e-6)
    by_region = front_length(h, by="region")
    assert by_region["km"].sum() == pytest.approx(line.attrs["total_km"], rel=1e-9)


def test_own_directions() -> None:
    h = _history(["2025-01-01"], [_dense(INLAND)])
    own = {"West": (35.0, 48.5), "East": (38.0, 48.5)}
    line = front_line(h, "2025-01-01", directions=own)
    per = line.groupby("direction")["length_km"].sum()
    # the block is split at 36.5°E, roughly in half
    assert set(per.index) == {"West", "East"}
    assert per["West"] == pytest.approx(per["East"], rel=0.05)
    cells = sector_polygons(directions(own))
    assert list(cells["direction"]) == ["West", "East"]
    assert cells.geometry.iloc[0].contains(shapely.Point(35.0, 48.5))


@settings(max_examples=40, deadline=None)
@given(
    st.one_of(
        st.none(),
        st.sampled_from([math.nan, math.inf, -math.inf]),
        st.floats(min_value=180.001, max_value=1e12),
        st.integers(max_value=-181),
        st.text(alphabet="abcxyz ,;", min_size=1, max_size=5),
    )
)
def test_bad_direction_points_are_rejected(value: object) -> None:
    with pytest.raises(ValueError, match="direction 'X'"):
        directions({"X": (value, 48.0)})


def test_bad_direction_tables_are_rejected() -> None:
    with pytest.raises(ValueError, match="'direction' column"):
        directions(pd.DataFrame({"name": ["a"], "lon": [1.0], "lat": [2.0]}))
    with pytest.raises(ValueError, match="unique"):
        directions(pd.DataFrame({"direction": ["a", "a"], "lon": [36, 37], "lat": [48, 48]}))
    with pytest.raises(ValueError, match="longitude/latitude"):
        directions({"far": (4_000_000.0, 6_000_000.0)})
    with pytest.raises(ValueError, match="mapping"):
        directions(42)


def test_advance_is_net_area_over_front_over_days() -> None:
    start, end = INLAND, box(36.0, 48.0, 37.1, 49.0)  # a strip 0.1° wide gained on the east
    h = _history(["2025-01-01", "2025-01-11"], [_dense(start), _dense(end)])
    out = advance(h, "2025-01-01", "2025-01-11", directions={"All": (36.5, 48.5)})
    strip = geodesy.area_km2(box(37.0, 48.0, 37.1, 49.0))
    row = out.iloc[0]
    assert row["gained_km2"] == pytest.approx(strip, rel=1e-6)
    assert row["lost_km2"] == pytest.approx(0.0, abs=1e-9)
    mean_front = (_perimeter_km(_dense(start)) + _perimeter_km(_dense(end))) / 2
    assert row["front_km"] == pytest.approx(mean_front, rel=1e-9)
    assert row["days"] == 10
    expected = strip * 1e6 / (mean_front * 1e3) / 10
    assert row["mean_advance_m_per_day"] == pytest.approx(expected, rel=1e-6)
    assert out.attrs["net_km2"] == pytest.approx(strip, rel=1e-6)
    by_region = advance(h, "2025-01-01", "2025-01-11", by="region")
    assert by_region["gained_km2"].sum() == pytest.approx(strip, rel=1e-3)
    with pytest.raises(ValueError, match="by must be"):
        advance(h, "2025-01-01", "2025-01-11", by="axis")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="ControlHistory"):
        advance("not a history", "2025-01-01", "2025-01-11")  # type: ignore[arg-type]


def test_distance_matches_the_geodesic_distance_and_its_trend() -> None:
    days = pd.date_range("2025-01-01", periods=61, freq="D")
    # the block's north edge moves 0.001° (about 111 m) north every day
    geoms = [_dense(box(36.0, 48.0, 37.0, 49.0 + 0.001 * i)) for i in range(len(days))]
    h = _history([f"{d:%Y-%m-%d}" for d in days], geoms)
    place = (36.5, 49.3)
    d = distance_to_front(h, place)
    assert len(d) == 61
    first = geodesy.GEOD.inv(36.5, 49.3, 36.5, 49.0)[2] / 1000
    assert d["distance_km"].iloc[0] == pytest.approx(first, abs=0.01)
    assert d["change_km"].iloc[:30].isna().all()
    assert d["change_km"].iloc[30] == pytest.approx(-30 * 0.1112, rel=0.01)
    assert describe_distance(d["distance_km"].iloc[-1], d["change_km"].iloc[-1]).endswith(
        "km closer than a month ago"
    )
    window = distance_to_front(h, place, start="2025-02-01", end="2025-02-05")
    assert list(window["date"]) == list(pd.date_range("2025-02-01", "2025-02-05"))
    inside = distance_to_front(h, (36.5, 48.5))
    assert (inside["distance_km"] == 0).all()
    assert inside["inside"].all()


def test_eta_of_a_steady_approach() -> None:
    days = pd.date_range("2025-01-01", periods=91, freq="D")
    geoms = [_dense(box(36.0, 48.0, 37.0, 49.0 + 0.001 * i)) for i in range(len(days))]
    h = _history([f"{d:%Y-%m-%d}" for d in days], geoms)
    out = eta(h, (36.5, 49.3)).iloc[0]
    assert out["status"] == "approaching"
    # the edge reaches 49.3°N on day 300, i.e. 210 days after the last day
    expected = days[-1] + pd.Timedelta(days=210)
    assert abs((out["eta"] - expected).days) <= 3
    assert out["eta_earliest"] <= out["eta"] <= out["eta_latest"]
    assert out["approach_km_per_day"] == pytest.approx(0.1112, rel=0.01)
    assert "would reach it around" in out["text"]


def test_eta_not_approaching() -> None:
    days = pd.date_range("2025-01-01", periods=40, freq="D")
    receding = [_dense(box(36.0, 48.0, 37.0, 49.0 - 0.001 * i)) for i in range(len(days))]
    h = _history([f"{d:%Y-%m-%d}" for d in days], receding)
    out = eta(h, (36.5, 49.3), window_days=30).iloc[0]
    assert out["status"] == "not approaching"
    assert pd.isna(out["eta"])
    assert "not approaching" in out["text"]
    assert eta(h, (36.5, 48.2)).iloc[0]["status"] == "reached"
    with pytest.raises(ValueError, match="window_days"):
        eta(h, (36.5, 49.3), window_days=1)


def test_monthly_counts_first_of_month_and_carries_gaps() -> None:
    # gains on 2025-01-15 and on 2025-02-01 (a day missing from the data)
    b0 = box(36.0, 48.0, 37.0, 49.0)
    b1 = box(36.0, 48.0, 37.1, 49.0)
    b2 = box(36.0, 48.0, 37.2, 49.0)
    h = _history(
        ["2025-01-01", "2025-01-15", "2025-02-02", "2025-03-01"],
        [b0, b1, b2, b2],
    )
    places = gpd.GeoDataFrame(
        {"name": ["Eastivka", "Westivka"]},
        geometry=gpd.GeoSeries([shapely.Point(37.05, 48.5), shapely.Point(35.0, 48.5)], crs=4326),
        crs=4326,
    )
    out = monthly(h, places=places)
    assert list(out["month"]) == ["2025-01", "2025-02"]
    jan, feb = out.iloc[0], out.iloc[1]
    assert jan["gained_km2"] == pytest.approx(geodesy.area_km2(box(37.0, 48.0, 37.1, 49.0)))
    # 2025-02-01 is missing: January ends on the 15th's snapshot, February takes the gain
    assert jan["end_snapshot"] == pd.Timestamp("2025-01-15")
    assert jan["carried_forward"]
    assert feb["gained_km2"] == pytest.approx(geodesy.area_km2(box(37.1, 48.0, 37.2, 49.0)))
    assert jan["settlement_names"] == ["Eastivka"]
    assert jan["settlements_taken"] == 1
    assert feb["settlements_taken"] == 0
    assert feb["held_km2"] == pytest.approx(geodesy.area_km2(b2), rel=1e-4)
    assert math.isclose(jan["share_gained"], jan["net_km2"] / 603_628)
    text = monthly_text(out, "2025-01")
    assert "settlements newly held: 1 (Eastivka)" in text
    assert "missing" in text
    with pytest.raises(ValueError, match="not in the report"):
        monthly_text(out, "2030-01")
    with pytest.raises(ValueError, match="at least two boundaries"):
        monthly(h, boundaries=["2025-01-01"])
    custom = monthly(h, boundaries=["2025-01-01", "2025-02-15"], settlements=False)
    assert custom["month"].iloc[0] == "2025-01-01 to 2025-02-15"
    assert np.isnan(custom["settlements_taken"].iloc[0])


def test_builtin_directions_sit_on_their_anchor_towns() -> None:
    from frontline.gazetteer import find_place

    table = directions()
    assert table["direction"].is_unique
    assert len(table) >= 11
    for row in table.itertuples():
        place = find_place(row.anchor, region=row.anchor_region)
        km = geodesy.distance_km(shapely.Point(row.lon, row.lat), place.geometry)
        assert km < 0.5, (row.direction, km)


def test_directions_from_a_frame_of_points_in_any_crs() -> None:
    points = gpd.GeoDataFrame(
        {"direction": ["a", "b"]},
        geometry=[shapely.Point(36.0, 48.0), shapely.Point(37.0, 49.0)],
        crs=4326,
    )
    table = directions(points.to_crs(3857))
    assert table["direction"].tolist() == ["a", "b"]
    assert np.allclose(table[["lon", "lat"]].to_numpy(), [[36.0, 48.0], [37.0, 49.0]])
