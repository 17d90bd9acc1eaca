"""Measurement: shares in words, the area engine, timelines, first entry, claims, ranges."""

from __future__ import annotations

import itertools
import math
import re

import geopandas as gpd
import hypothesis.strategies as st
import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import given, settings
from shapely.geometry import box

import frontline as fl
from frontline import geodesy, measure
from frontline.claims import CLAIM_STATUSES
from frontline.control import ControlHistory
from frontline.measure import _changes, _engine, _equal_area

DAY = pd.Timestamp("2025-06-08")
DNIPRO_CLAIM = "ru-mod-2025-06-08-dnipro"
# A lon/lat overlay measured geodesically and the equal-area overlay read long, nearly
# coincident edges slightly differently (straight in degrees vs straight in the plane): they
# agree to 0.005% or 0.05 km² (the worst case is Crimea's Sivash shore, 0.45 km² of 26,096).
NAIVE_RTOL, NAIVE_ATOL = 5e-5, 0.05

# --------------------------------------------------------------------------------------------
# describe_share: one table, monotone, never contradicting the number
# --------------------------------------------------------------------------------------------

FRACTIONS = {
    "a tenth": 1 / 10,
    "a sixth": 1 / 6,
    "one-fifth": 1 / 5,
    "a quarter": 1 / 4,
    "a third": 1 / 3,
    "two-fifths": 2 / 5,
    "half": 1 / 2,
    "three-fifths": 3 / 5,
    "two-thirds": 2 / 3,
    "three-quarters": 3 / 4,
    "four-fifths": 4 / 5,
    "nine-tenths": 9 / 10,
}


def meaning(phrase: str) -> tuple[float, float, bool, bool]:
    """What the words say, independently of the table: (low, high, low_open, high_open)."""
    fixed = {
        "none": (0.0, 0.0, False, False),
        "all": (1.0, 1.0, False, False),
        "a sliver": (0.0, 0.03, True, True),
        "a small fraction": (0.0, 0.10, True, True),
        "nearly all": (0.90, 1.0, True, True),
        "all but a sliver": (0.97, 1.0, False, True),
    }
    if phrase in fixed:
        return fixed[phrase]
    m = re.fullmatch(r"(about|just under|just over|less than|more than) (.+)", phrase)
    assert m, f"phrase {phrase!r} is not in the house style"
    f = FRACTIONS[m.group(2)]
    return {
        "about": (f - 0.02, f + 0.02, False, False),
        "just under": (f - 0.04, f, False, True),
        "just over": (f, f + 0.04, True, False),
        "less than": (f - 0.10, f, False, True),
        "more than": (f, f + 0.10, True, False),
    }[m.group(1)]


def agrees(phrase: str, x: float) -> bool:
    lo, hi, lo_open, hi_open = meaning(phrase)
    eps = 1e-12
    above = x > lo if lo_open else x >= lo - eps
    below = x < hi if hi_open else x <= hi + eps
    return above and below


RANK = {p.phrase: i for i, p in enumerate(measure.SHARE_PHRASES)}


def test_describe_share_examples():
    assert fl.describe_share(0.1877) == "just under one-fifth"
    assert fl.describe_share(0.984) == "all but a sliver"
    assert fl.describe_share(0.25) == "about a quarter"
    assert fl.describe_share(0.70) == "more than two-thirds"
    assert fl.describe_share(0.10) == "about a tenth"
    assert fl.describe_share(0.5) == "about half"
    assert fl.describe_share(0) == "none"
    assert fl.describe_share(1) == "all"
    assert fl.describe_share(1e-9) == "a sliver"
    assert fl.describe_share(np.float64(0.19)) == "just under one-fifth"


def test_share_table_is_one_contiguous_ordered_table():
    rows = measure.SHARE_PHRASES
    assert rows[0].phrase == "none"
    assert (rows[0].low, rows[0].high, rows[-1].low, rows[-1].high) == (0.0, 0.0, 1.0, 1.0)
    assert rows[-1].phrase == "all"
    inner = rows[1:-1]
    assert inner[0].low == 0.0
    assert inner[-1].high == 1.0
    for a, b in itertools.pairwise(inner):
        assert a.high == b.low, (a, b)
    assert all(r.low < r.high for r in inner)
    assert len({r.phrase for r in rows}) == len(rows)


@pytest.mark.parametrize("row", measure.SHARE_PHRASES, ids=lambda r: r.phrase)
def test_every_phrase_range_agrees_with_its_words(row):
    if row.low == row.high:
        assert agrees(row.phrase, row.low)
        return
    start = row.low if row.low > 0 else 1e-12
    for x in np.linspace(start, row.high, 41)[:-1]:
        assert agrees(row.phrase, float(x)), (row, x)
    assert agrees(row.phrase, math.nextafter(row.high, 0.0))


@given(st.floats(min_value=0.0, max_value=1.0))
def test_describe_share_never_contradicts_the_number(x):
    phrase = fl.describe_share(x)
    assert agrees(phrase, x), (x, phrase)
    if phrase == "just under one-fifth":
        assert 0.17 <= x < 0.20
    if phrase == "all but a sliver":
        assert 0.97 <= x < 1.0
    if phrase == "about a quarter":
        assert 0.23 <= x <= 0.27


@given(st.floats(min_value=0.0, max_value=1.0), st.floats(min_value=0.0, max_value=1.0))
def test_describe_share_is_monotone(x, y):
    lo, hi = sorted((x, y))
    assert RANK[fl.describe_share(lo)] <= RANK[fl.describe_share(hi)]


@pytest.mark.parametrize(
    "bad", [-0.01, 1.0001, 18.77, float("nan"), float("inf"), "0.2", None, True, [0.2]]
)
def test_describe_share_rejects_what_is_not_a_share(bad):
    with pytest.raises(ValueError, match=r"share|number"):
        fl.describe_share(bad)


def test_describe_share_spots_a_percentage():
    with pytest.raises(ValueError, match=r"percentage: pass 0\.1877"):
        fl.describe_share(18.77)


# --------------------------------------------------------------------------------------------
# the area engine on synthetic geometry (no real data needed)
# --------------------------------------------------------------------------------------------


def grid(cell: float) -> list[shapely.Polygon]:
    """5 x 5 cells of ``cell`` degrees from (36E, 48N)."""
    return [
        box(36 + cell * i, 48 + cell * j, 36 + cell * (i + 1), 48 + cell * (j + 1))
        for i in range(5)
        for j in range(5)
    ]


def targets(cell: float) -> np.ndarray:
    """Two halves of the grid and a triangle across them."""
    c = cell
    return np.array(
        [
            box(36.0, 48.0, 36 + 2.4 * c, 48 + 5 * c),
            box(36 + 2.4 * c, 48.0, 36 + 5 * c, 48 + 5 * c),
            shapely.Polygon(
                [(36 + 0.4 * c, 48 + 0.4 * c), (36 + 4 * c, 48 + c), (36 + 2 * c, 48 + 4.4 * c)]
            ),
        ],
        dtype=object,
    )


TARGETS = targets(0.05)


def _direct(geom, target=TARGETS):
    return _engine.AreaEngine(target).full(_equal_area.project(geom))


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from([0.05, 0.3]),  # changes within a few km, and across more than 0.5 degrees
    st.lists(st.sets(st.integers(0, 24), min_size=0, max_size=25), min_size=2, max_size=8),
)
def test_engine_incremental_equals_direct(cell, days):
    cells, target = grid(cell), targets(cell)
    geoms = []
    for chosen in days:
        parts = [cells[c] for c in sorted(chosen)]
        geoms.append(shapely.union_all(parts) if parts else shapely.Polygon())
    groups = np.arange(len(geoms))
    km2, gained, lost = _engine.run(groups, geoms, target)
    for i, g in enumerate(geoms):
        np.testing.assert_allclose(km2[i], _direct(g, target), rtol=1e-9, atol=1e-9)
        if i:
            grown = _direct(shapely.difference(g, geoms[i - 1]), target)
            shrunk = _direct(shapely.difference(geoms[i - 1], g), target)
            np.testing.assert_allclose(gained[i], grown, rtol=1e-9, atol=1e-9)
            np.testing.assert_allclose(lost[i], shrunk, rtol=1e-9, atol=1e-9)


@settings(max_examples=40, deadline=None)
@given(
    st.sets(st.integers(0, 24), max_size=25),
    st.sets(st.integers(0, 24), max_size=25),
)
def test_change_boxes_hold_every_difference(before, after):
    cells = grid(0.05)
    a = shapely.union_all([cells[c] for c in sorted(before)]) if before else shapely.Polygon()
    b = shapely.union_all([cells[c] for c in sorted(after)]) if after else shapely.Polygon()
    boxes = _changes.change_boxes(_changes.edges(a), _changes.edges(b))
    rects = shapely.box(boxes[:, 0], boxes[:, 1], boxes[:, 2], boxes[:, 3])
    changed = shapely.symmetric_difference(_equal_area.project(a), _equal_area.project(b))
    if changed.area > 0:
        assert len(boxes) > 0
        outside = shapely.difference(changed, shapely.union_all(rects))
        assert outside.area <= 1e-9 * changed.area
    tree = shapely.STRtree(rects)
    i, j = tree.query(rects, predicate="intersects")
    assert (i == j).all()  # disjoint
    if a.equals(b):
        assert len(boxes) == 0


def test_engine_sees_a_change_inside_a_hole_and_a_repeat():
    outer = box(36.0, 48.0, 36.3, 48.3)
    holed = outer.difference(box(36.1, 48.1, 36.2, 48.2))
    nibbled = outer.difference(box(36.1, 48.1, 36.2, 48.15))
    geoms = [holed, nibbled, holed]
    km2, gained, lost = _engine.run(np.array([0, 1, 2]), geoms, TARGETS)
    for i, g in enumerate(geoms):
        np.testing.assert_allclose(km2[i], _direct(g), rtol=1e-9, atol=1e-9)
    assert gained[1, -1] > 0
    assert lost[1, -1] == 0
    assert lost[2, -1] == pytest.approx(gained[1, -1])


def test_engine_near_targets_only_agrees():
    cells = grid(0.3)
    geoms = [
        shapely.union_all(cells[:7]),
        shapely.union_all(cells[:7] + cells[20:22]),  # a change far from the first target
        shapely.union_all(cells[:9] + cells[20:22]),  # and one inside it
    ]
    target = targets(0.3)[:1]
    everything = _engine.run(np.arange(3), geoms, target)
    near_only = _engine.run(np.arange(3), geoms, target, total=False)
    np.testing.assert_allclose(near_only[:, :, 0], everything[:, :, 0], rtol=1e-12, atol=1e-9)
    assert np.isnan(near_only[:, :, -1]).all()


def test_equal_area_matches_geodesy_on_a_box():
    b = box(30, 50, 31, 51)
    assert _equal_area.area_km2([b])[0] == pytest.approx(geodesy.area_km2(b), rel=1e-5)


# --------------------------------------------------------------------------------------------
# real data: the 769-day DeepState mirror
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def regional(history):
    return fl.timeline(history, by="region")


@pytest.fixture(scope="module")
def national(history):
    return fl.timeline(history)


@pytest.fixture(scope="module")
def dnipro_entry(history):
    return fl.first_entry(history, "Dnipropetrovsk", min_km2=0.5)


def test_national_share_on_2025_06_08(history):
    out = fl.area_share(history, "2025-06-08")
    assert list(out.columns[:5]) == ["date", "code", "name", "km2", "share"]
    row = out.iloc[0]
    assert 0.187 <= row["share"] <= 0.189
    assert fl.describe_share(row["share"]) == "just under one-fifth"
    assert row["km2"] == pytest.approx(113_300, abs=100)
    assert row["share"] == row["km2"] / 603_628
    assert not row["carried_forward"]
    attrs = out.attrs
    assert attrs["source"] == "DeepStateMap"
    assert attrs["snapshot_date"] == DAY
    assert attrs["carried_forward"] is False
    assert attrs["denominator_km2"] == 603_628
    assert attrs["denominator_source"] == "State Statistics Service of Ukraine"
    assert "equal-area" in attrs["method"]
    assert attrs["footnote"] == (
        "Source: DeepStateMap, snapshot 2025-06-08; share of Ukraine's 603,628 km² (State "
        "Statistics Service of Ukraine); areas on the WGS84 ellipsoid (equal-area)."
    )


def test_national_share_against_the_region_polygons(history):
    official = fl.area_share(history, "2025-06-08").iloc[0]
    polygons = fl.area_share(history, "2025-06-08", denominator="polygons").iloc[0]
    assert polygons["km2"] == official["km2_in_regions"] == official["km2"]
    assert official["km2"] + official["km2_outside_ukraine"] == pytest.approx(
        official["km2_assessed"]
    )
    assert polygons["share"] == pytest.approx(polygons["km2"] / polygons["denominator_km2"])
    assert 590_000 < polygons["denominator_km2"] < 610_000


def test_regions_on_2025_06_08(history):
    out = fl.area_share(history, "2025-06-08", by="region").set_index("code")
    assert len(out) == 27
    assert fl.describe_share(out.loc["UA-09", "share_official"]) == "all but a sliver"  # Luhansk
    assert out.loc["UA-12", "km2"] == 0.0  # Dnipropetrovsk
    assert out["share"].between(0, 1).all()
    national = fl.area_share(history, "2025-06-08").iloc[0]
    assert out["km2"].sum() == pytest.approx(national["km2_in_regions"], rel=1e-12)
    assert out.loc["UA-43", "share"] > 0.98  # Crimea


def test_equal_area_matches_geodesy_on_real_geometry(history):
    geom = history.geometry_on("2025-06-08")
    regions = fl.load_regions()
    pieces = shapely.intersection(geom, regions.geometry.to_numpy())
    big = geodesy.areas_km2(pieces) > 1
    for geoms in ([geom], regions.geometry.to_numpy(), pieces[big]):
        ea, geo = _equal_area.area_km2(geoms), geodesy.areas_km2(geoms)
        np.testing.assert_allclose(ea, geo, rtol=1e-5)  # 0.001%, as METHOD says


def test_timeline_equals_the_naive_overlay(regional, national, daily_dir):
    regions = fl.load_regions()[["code", "geometry"]]
    # each region counts the ground of its polygon and of its extension
    regions["geometry"] = regions.geometry.union(fl.region_extensions().geometry).make_valid()
    table = regional.pivot(index="date", columns="code", values="km2")
    for day in ["2024-07-08", "2025-01-15", "2025-06-08", "2025-08-09", "2026-08-22"]:
        day = pd.Timestamp(day)
        shot = gpd.read_file(daily_dir / f"deepstatemap_data_{day:%Y%m%d}.geojson")
        parts = gpd.overlay(shot, regions, how="intersection", keep_geom_type=True)
        parts["km2"] = geodesy.areas_km2(parts.geometry)
        naive = parts.groupby("code")["km2"].sum().reindex(table.columns, fill_value=0.0)
        np.testing.assert_allclose(table.loc[day], naive, rtol=NAIVE_RTOL, atol=NAIVE_ATOL)
        assert (table.loc[day] == 0).eq(naive == 0).all()
        whole = geodesy.areas_km2(shot.geometry).sum()
        row = national.set_index("date").loc[day]
        assert row["km2"] + row["km2_outside_ukraine"] == pytest.approx(whole, rel=1e-6)


def test_timeline_agrees_with_area_share(history, regional):
    for day in ["2024-09-30", "2025-06-08", "2026-03-01"]:
        once = fl.area_share(history, day, by="region").set_index("code")["km2"]
        series = regional[regional["date"] == pd.Timestamp(day)].set_index("code")["km2"]
        np.testing.assert_allclose(series, once, rtol=0, atol=1e-6)


def test_timeline_gains_and_losses(history, national):
    rows = national.set_index("date")
    assert rows["change_km2"].iloc[0] != rows["change_km2"].iloc[0]  # NaN on the first day
    ok = rows["gained_km2"].notna()
    np.testing.assert_allclose(
        rows.loc[ok, "change_km2"], rows.loc[ok, "gained_km2"] - rows.loc[ok, "lost_km2"], atol=1e-6
    )
    assert (rows.loc[ok, ["gained_km2", "lost_km2"]] >= 0).all().all()
    for day in ["2025-06-08", "2025-08-09"]:
        day = pd.Timestamp(day)
        diff = history.changes(day - pd.Timedelta(days=1), day).set_index("change")["km2"]
        assert rows.loc[day, "gained_km2"] == pytest.approx(diff["gained"], rel=1e-4, abs=0.01)
        assert rows.loc[day, "lost_km2"] == pytest.approx(diff["lost"], rel=1e-4, abs=0.01)


def test_timeline_calendar_gaps_and_carry(history, national):
    calendar = pd.date_range(history.start, history.end, freq="D")
    assert national["date"].tolist() == list(calendar)
    missing = calendar.difference(history.dates)
    assert len(missing) > 0
    assert pd.Timestamp("2025-01-01") in missing
    assert national.attrs["missing_days"] == list(missing)
    gap = national.set_index("date").loc[missing]
    assert gap["km2"].isna().all()
    assert gap["snapshot_date"].isna().all()
    assert not gap["carried_forward"].any()

    carried = fl.timeline(history, fill="carry", window=30).set_index("date")
    assert carried["km2"].notna().all()
    assert carried.loc[missing, "carried_forward"].all()
    assert carried["carried_forward"].sum() == len(missing)
    day = pd.Timestamp("2025-01-01")
    assert carried.loc[day, "km2"] == carried.loc[day - pd.Timedelta(days=1), "km2"]
    assert carried.loc[day, "snapshot_date"] == day - pd.Timedelta(days=1)
    assert carried.loc[day, "change_km2"] == 0.0
    km2 = carried["km2"]
    assert carried["rate_km2_per_day"].iloc[:30].isna().all()
    expected = (km2.iloc[100] - km2.iloc[70]) / 30
    assert carried["rate_km2_per_day"].iloc[100] == pytest.approx(expected)


def test_timeline_by_region_shape(history, regional):
    n_days = (history.end - history.start).days + 1
    assert len(regional) == 27 * n_days
    assert list(regional.columns[:6]) == ["date", "code", "name", "km2", "share", "share_official"]
    assert "change_km2" in regional
    assert "rate_km2_per_day" in regional
    assert regional["share"].dropna().between(0, 1).all()
    assert "daily snapshots 2024-07-08 to 2026-08-22" in regional.attrs["footnote"]


def test_first_entry_dnipropetrovsk(history, regional, dnipro_entry):
    assert isinstance(dnipro_entry, pd.Timestamp)
    assert dnipro_entry > DAY
    series = regional[regional["code"] == "UA-12"].set_index("date")["km2"].dropna()
    assert series[dnipro_entry] > 0.5
    assert (series[series.index < dnipro_entry] <= 0.5).all()


def test_first_entry_before_the_record_and_never(history):
    assert fl.first_entry(history, "Luhansk Oblast") == history.start
    assert fl.first_entry(history, "Lviv") is pd.NaT
    table = measure.first_entry_table(history).set_index("code")
    assert table.loc["UA-09", "before_record"]
    assert not table.loc["UA-12", "before_record"]
    assert pd.isna(table.loc["UA-46", "first_entry"])


def test_reconcile_the_dnipropetrovsk_claim(history, dnipro_entry):
    claims = fl.example_claims("2025-06-08")
    before = claims.copy()
    out = fl.reconcile(history, claims)
    pd.testing.assert_frame_equal(claims, before)  # the claims table is not touched
    row = out.set_index("claim_id").loc[DNIPRO_CLAIM]
    assert not pd.isna(row["borne_out"])
    assert bool(row["borne_out"])
    assert row["first_day"] == dnipro_entry  # the day the assessed area first enters the oblast
    lag = (dnipro_entry - DAY).days
    assert row["lag_days"] == lag > 0
    assert row["suggested_status"] == "unverified"  # borne out, but weeks after the claim
    assert f"{lag} days after the claim" in row["note"]
    assert row["status"] == "denied"  # the claim's own status, unchanged
    assert row["confidence"] == "medium"
    assert row["test"] == (
        "Russian gain: more than 0.5 km² held in UA-12, reaching within 5 km of the line"
    )
    assert set(out["suggested_status"].dropna()) <= set(CLAIM_STATUSES)
    assert list(out.columns[:4]) == ["claim_id", "date", "side", "kind"]
    assert {"borne_out", "first_day", "lag_days"} <= set(out.columns)
    # claims without geometry or without a territorial kind stay untested
    untested = out.set_index("claim_id").loc["deepstate-2025-06-08-share"]
    assert pd.isna(untested["borne_out"])
    assert pd.isna(untested["lag_days"])


def test_reconcile_a_point_claim_both_ways(history):
    inside = shapely.Point(37.80, 48.00)  # Donetsk city, held throughout
    records = [
        {
            "claim_id": "ru-point",
            "date": "2025-06-08",
            "claimant": "Russian Ministry of Defence",
            "side": "RU",
            "kind": "capture",
            "summary": "A test claim.",
            "precision": "point",
            "precision_m": 500,
            "source_name": "test",
            "geometry": inside,
        },
        {
            "claim_id": "ua-point",
            "date": "2025-06-08",
            "claimant": "General Staff of the Armed Forces of Ukraine",
            "side": "UA",
            "kind": "advance",
            "summary": "A test claim.",
            "precision": "point",
            "precision_m": 500,
            "source_name": "test",
            "geometry": inside,
        },
    ]
    out = fl.reconcile(history, fl.claims_from_records(records)).set_index("claim_id")
    assert bool(out.loc["ru-point", "borne_out"])
    assert out.loc["ru-point", "before_record"]
    assert out.loc["ru-point", "first_day"] == history.start
    assert not bool(out.loc["ua-point", "borne_out"])
    assert (
        out.loc["ua-point", "test"] == "Ukrainian gain: no held ground within 0.5 km of the point"
    )
    assert out.loc["ua-point", "suggested_status"] == "unverified"


# --------------------------------------------------------------------------------------------
# ranges and neighbours
# --------------------------------------------------------------------------------------------


def test_within_range_of_sumy(history):
    out = fl.within_range(history, "Sumy", "2025-06-08", km=[15, 25, 40])
    row = out.iloc[0]
    assert row["code"] == "UA-59"
    assert not row["inside"]
    assert 15 < row["distance_km"] < 40
    assert [row["within_15km"], row["within_25km"], row["within_40km"]] == [
        row["distance_km"] <= k for k in (15, 25, 40)
    ]
    front = history.geometry_on("2025-06-08", statuses=measure.FRONT_STATUSES)
    point = shapely.Point(row["lon"], row["lat"])
    assert row["distance_km"] == pytest.approx(geodesy.distance_km(point, front))
    ring = geodesy.ring_km(row["lon"], row["lat"], 40)
    assert ring.intersects(front)
    assert not geodesy.ring_km(row["lon"], row["lat"], 15).intersects(front)


def test_within_range_inside_and_many_places(history):
    out = fl.within_range(history, [shapely.Point(37.80, 48.00), "Kharkiv"], "2025-06-08", km=7.5)
    assert out["inside"].tolist() == [True, False]
    assert out["distance_km"].iloc[0] == 0.0
    assert list(out.columns[-1:]) == ["within_7.5km"]


def test_occupied_neighbors_of_dnipropetrovsk(history):
    out = fl.occupied_neighbors(history, "Dnipropetrovsk", "2025-06-08")
    held = set(out.loc[out["held"], "name"])
    assert {"Donetsk Oblast", "Zaporizhzhia Oblast", "Kharkiv Oblast"} <= held
    assert not out.set_index("name").loc[["Poltava Oblast", "Kirovohrad Oblast"], "held"].any()
    assert out["km2"].is_monotonic_decreasing
    shares = fl.area_share(history, "2025-06-08", by="region").set_index("code")["km2"]
    assert out.set_index("code")["km2"].to_dict() == shares[out["code"]].to_dict()
    assert out.attrs["footnote"].startswith("Source: DeepStateMap, snapshot 2025-06-08")


# --------------------------------------------------------------------------------------------
# bad input
# --------------------------------------------------------------------------------------------


def test_dates_outside_the_history(history):
    with pytest.raises(LookupError, match="outside this history"):
        fl.area_share(history, "2020-01-01")
    with pytest.raises(LookupError, match="outside this history"):
        fl.within_range(history, "Sumy", "2030-01-01")
    with pytest.raises(LookupError):
        fl.occupied_neighbors(history, "Sumy", "2020-01-01")
    with pytest.raises(ValueError, match="not a date"):
        fl.area_share(history, "yesterday-ish")


def test_unknown_regions(history):
    with pytest.raises(LookupError, match="no region"):
        fl.first_entry(history, "Atlantis")
    with pytest.raises(LookupError, match="no region"):
        fl.occupied_neighbors(history, "Atlantis", "2025-06-08")


def test_negative_thresholds_and_ranges(history):
    with pytest.raises(ValueError, match="min_km2"):
        fl.first_entry(history, "Sumy", min_km2=-1)
    with pytest.raises(ValueError, match="min_km2"):
        fl.reconcile(history, fl.example_claims(), min_km2=-0.5)
    with pytest.raises(ValueError, match="border_km"):
        fl.reconcile(history, fl.example_claims(), border_km=-5)
    with pytest.raises(ValueError, match="ring radius"):
        fl.within_range(history, "Sumy", "2025-06-08", km=[15, -25])
    with pytest.raises(ValueError, match="ring radius"):
        fl.within_range(history, "Sumy", "2025-06-08", km=[])


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"by": "oblast"}, "by must be"),
        ({"denominator": "land"}, "denominator"),
        ({"statuses": ("bogus",)}, "statuses"),
        ({"fill": "zero"}, "fill"),
        ({"window": 0}, "window"),
    ],
)
def test_bad_options(kwargs, match):
    h = fl.example_control()
    run = fl.timeline if "fill" in kwargs or "window" in kwargs else fl.area_share
    args = (h,) if run is fl.timeline else (h, "2025-06-08")
    with pytest.raises(ValueError, match=match):
        run(*args, **kwargs)


def test_claims_without_geometry():
    claims = fl.example_claims("2025-06-08")
    none = claims[claims.geometry.isna()]
    assert len(none) == 3
    with pytest.raises(ValueError, match="none of the 3 claims can be checked"):
        fl.reconcile(fl.example_control(), none)
    with pytest.raises(ValueError, match="claims table"):
        fl.reconcile(fl.example_control(), pd.DataFrame({"claim_id": ["x"]}))
    with pytest.raises(ValueError, match="lacks column"):
        fl.reconcile(fl.example_control(), claims.drop(columns="precision"))


def test_crs_is_never_planar_degrees():
    h = fl.example_control()
    claims = fl.example_claims("2025-06-08")
    as_metres = fl.reconcile(h, claims.to_crs(3857))
    pd.testing.assert_frame_equal(as_metres, fl.reconcile(h, claims))
    with pytest.raises(ValueError, match="no CRS"):
        fl.reconcile(h, claims.set_crs(None, allow_override=True))
    with pytest.raises(ValueError, match="not longitude/latitude"):
        fl.within_range(h, shapely.Point(4_000_000, 6_200_000), "2025-06-08")
    projected = ControlHistory(h.frame.to_crs(3857), validate=False)
    with pytest.raises(ValueError, match="EPSG:4326"):
        fl.area_share(projected, "2025-06-08")
    with pytest.raises(ValueError, match="ControlHistory"):
        fl.timeline(h.frame)


# --------------------------------------------------------------------------------------------
# claim tests that must not say more than the geometry shows
# --------------------------------------------------------------------------------------------


def _claim(**fields):
    record = {
        "date": "2025-06-08",
        "summary": "A test claim.",
        "source_name": "test",
    }
    record.update(fields)
    return record


def test_reconcile_a_border_claim_without_region_is_not_judged(history):
    # ground on the Donetsk side is already within 5 km of the Donetsk-Dnipropetrovsk border:
    # without the region the claim enters, that says nothing about the claim
    records = [
        _claim(
            claim_id="cnn-border",
            claimant="CNN",
            side="third_party",
            kind="advance",
            precision="border segment",
            source_name="CNN",
            border=["Donetsk", "Dnipropetrovsk"],
        )
    ]
    claims = fl.claims_from_records(records)
    row = fl.reconcile(history, claims).iloc[0]
    assert pd.isna(row["borne_out"])
    assert pd.isna(row["first_day"])
    assert pd.isna(row["lag_days"])
    assert row["suggested_status"] in (None, "unverified")
    assert "a border claim needs the region it claims to enter (region=...)" in row["note"]
    # mixed with the built-in claim (region UA-12), that one keeps its verdict
    both = pd.concat([fl.example_claims("2025-06-08"), claims], ignore_index=True)
    out = fl.reconcile(history, both).set_index("claim_id")
    assert out.loc[DNIPRO_CLAIM, "first_day"] == pd.Timestamp("2025-08-09")
    assert out.loc[DNIPRO_CLAIM, "lag_days"] == 62
    assert pd.isna(out.loc["cnn-border", "borne_out"])
    assert out.loc["cnn-border", "suggested_status"] != "confirmed"


def test_reconcile_a_capture_needs_the_point_itself(history):
    pokrovsk = shapely.Point(37.18, 48.28)
    common = {
        "claimant": "Russian Ministry of Defence",
        "side": "RU",
        "precision": "settlement",
        "geometry": pokrovsk,
    }
    records = [
        _claim(claim_id="capture", kind="capture", **common),
        _claim(claim_id="advance", kind="advance", **common),
        _claim(claim_id="capture-1km", kind="capture", precision_m=1000, **common),
    ]
    out = fl.reconcile(history, fl.claims_from_records(records)).set_index("claim_id")
    captured = out.loc["capture", "first_day"]
    near = out.loc["advance", "first_day"]
    within_1km = out.loc["capture-1km", "first_day"]
    assert bool(out.loc["capture", "borne_out"])
    assert out.loc["capture", "test"] == "Russian gain: the point itself inside held ground"
    assert near < within_1km <= captured  # 2 km (other kinds) < precision_m < the point itself
    assert "held ground within 2 km" in out.loc["advance", "test"]
    assert "within 1 km of the point" in out.loc["capture-1km", "test"]
    # the point is inside the held ground on the day found, and not on the day before
    held = history.geometry_on(captured)
    before = history.geometry_on(captured - pd.Timedelta(days=1))
    assert held.contains(pokrovsk)
    assert not before.contains(pokrovsk)


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        (1.000588, "a share above 1 (1.00059): check the denominator"),
        (1.5, "a share above 1 (1.5): check the denominator"),
        (18.77, "it looks like a percentage: pass 0.1877 for 18.77%"),
        (1.6, "it looks like a percentage"),
    ],
)
def test_describe_share_hint_above_one(value, fragment):
    with pytest.raises(ValueError, match=re.escape(fragment)) as info:
        fl.describe_share(value)
    if value <= 1.5:
        assert "percentage" not in str(info.value)


def test_within_range_of_a_bare_point_names_its_region():
    import shapely

    h = fl.example_control()
    result = fl.within_range(h, shapely.Point(35.05, 48.46), "2025-06-08", km=[25])  # Dnipro
    assert result["code"].iloc[0] == "UA-12"
    at_sea = fl.within_range(h, shapely.Point(31.0, 45.0), "2025-06-08", km=[25])
    assert at_sea["code"].iloc[0] is None


def test_old_argument_orders_warn_and_give_the_same_result():
    h = fl.example_control()
    claims = fl.example_claims("2025-06-08")
    calls = [
        (fl.within_range, ("Sumy", h, "2025-06-08"), (h, "Sumy", "2025-06-08")),
        (
            fl.occupied_neighbors,
            ("Dnipropetrovsk", h, "2025-06-08"),
            (h, "Dnipropetrovsk", "2025-06-08"),
        ),
        (fl.reconcile, (claims, h), (h, claims)),
    ]
    for function, old, new in calls:
        with pytest.warns(FutureWarning, match="pass the history first"):
            before = function(*old)
        pd.testing.assert_frame_equal(before, function(*new))


def test_history_checks_name_the_problem():
    with pytest.raises(ValueError, match="ControlHistory"):
        fl.within_range("Sumy", "Kharkiv", "2025-06-08")
    with pytest.raises(ValueError, match="statuses"):
        fl.within_range(fl.example_control(), "Sumy", "2025-06-08", statuses=())


def test_within_range_reads_places_with_the_one_resolver():
    h = fl.example_control()
    out = fl.within_range(h, [(37.18, 48.28), shapely.Point(37.18, 48.28)], "2025-06-08", km=[25])
    assert out["place"].tolist() == ["48.280°N 37.180°E"] * 2
    assert out["code"].tolist() == ["UA-14", "UA-14"]
    assert out["distance_km"].iloc[0] == out["distance_km"].iloc[1]
    with pytest.raises(ValueError, match="place name is empty"):
        fl.within_range(h, " ", "2025-06-08")
