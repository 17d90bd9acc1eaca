"""Shares held, day after day: measuring only the footprints the moved edge touches gives the
same shares as measuring every footprint every day (synthetic sequences and the real mirror)."""

from __future__ import annotations

from itertools import pairwise

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import Point, Polygon, box

import frontline as fl
from frontline.control import ControlHistory
from frontline.settlements._edges import edges_of, moved
from frontline.settlements._shares import FootprintIndex, Held, held_in, held_next

X0, Y0, STEP = 36.0, 48.0, 0.01  # a 6 x 6 grid of cells near the front
GRID = 6


def _cell(i: int, j: int) -> Polygon:
    return box(X0 + i * STEP, Y0 + j * STEP, X0 + (i + 1) * STEP, Y0 + (j + 1) * STEP)


def _area(cells: frozenset[tuple[int, int]]) -> shapely.Geometry:
    return shapely.union_all([_cell(i, j) for i, j in sorted(cells)])


def _footprints() -> np.ndarray:
    """Discs and boxes of several sizes over the grid, on grid lines and off them, and one of
    two parts (measured in full every day)."""
    out: list[shapely.Geometry] = []
    for k, (fx, fy) in enumerate(np.linspace(0.03, 5.9, 23)[:, None] * [1.0, 0.83]):
        x, y = X0 + fx * STEP, Y0 + (fy % GRID) * STEP
        out.append(Point(x, y).buffer(STEP * (0.2 + 0.35 * (k % 4)), quad_segs=4))
    for i in range(1, GRID):
        for j in range(GRID):  # small discs across the cells' edges, off their middles
            out.append(Point(X0 + (i + 0.1) * STEP, Y0 + (j + 0.5) * STEP).buffer(STEP / 4))
            out.append(Point(X0 + (j + 0.5) * STEP, Y0 + (i - 0.1) * STEP).buffer(STEP / 4))
    for i in range(GRID):
        for j in range(0, GRID, 2):  # small boxes inside cells (the pockets), and on a corner
            cx, cy = X0 + (i + 0.5) * STEP, Y0 + (j + 0.5) * STEP
            out.append(box(cx - STEP / 5, cy - STEP / 5, cx + STEP / 5, cy + STEP / 5))
            out.append(box(cx + STEP / 4, cy + STEP / 4, cx + STEP * 0.75, cy + STEP * 0.75))
    out.append(shapely.union_all([_cell(0, 0).buffer(-STEP / 4), _cell(4, 4).buffer(-STEP / 4)]))
    return np.array(out, dtype=object)


INDEX = FootprintIndex(_footprints())


def _next(index: FootprintIndex, held: Held, before: shapely.Geometry, area: shapely.Geometry):
    return held_next(index, held, area, moved(edges_of(before), edges_of(area)))


def _chained(areas: list[shapely.Geometry]) -> list[np.ndarray]:
    held = held_in(INDEX, areas[0])
    out = [held.share]
    for before, area in pairwise(areas):
        held = _next(INDEX, held, before, area)
        out.append(held.share)
    return out


def _assert_same_shares(areas: list[shapely.Geometry]) -> None:
    for day, (got, area) in enumerate(zip(_chained(areas), areas, strict=True)):
        full = held_in(INDEX, area).share
        np.testing.assert_allclose(got, full, rtol=1e-12, atol=1e-12, err_msg=f"day {day}")


def test_the_index_knows_which_footprints_to_measure_every_day():
    # the two-part footprint, and nothing else
    assert INDEX.always.tolist() == [len(INDEX) - 1]


def test_a_captured_pocket_flips_footprints_that_no_moved_edge_touches():
    ring = frozenset((i, j) for i in range(GRID) for j in range(GRID)) - {(2, 2), (2, 3)}
    areas = [_area(ring), _area(ring | {(2, 2), (2, 3)}), _area(ring)]
    inside = shapely.contains_properly(_cell(2, 2), INDEX.footprints)
    assert inside.sum() >= 1
    assert [s[inside].tolist() for s in _chained(areas)] == [
        [0.0] * inside.sum(),
        [1.0] * inside.sum(),
        [0.0] * inside.sum(),
    ]
    _assert_same_shares(areas)


def test_an_edge_kept_with_the_area_on_its_other_side_counts_as_moved():
    # day 1 holds the western cell, day 2 the eastern one: they share an edge, reversed
    west, east = _cell(1, 1), _cell(2, 1)
    fp = np.array([box(X0 + 1.8 * STEP, Y0 + 1.4 * STEP, X0 + 2.1 * STEP, Y0 + 1.6 * STEP)])
    index = FootprintIndex(fp)
    held = _next(index, held_in(index, west), west, east)
    assert held.share[0] == pytest.approx(held_in(index, east).share[0])
    assert 0.3 < held.share[0] < 0.4


CELLS = st.tuples(st.integers(0, GRID - 1), st.integers(0, GRID - 1))
SHIFTS = {"east": (1, 0), "west": (-1, 0), "north": (0, 1), "south": (0, -1)}


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.one_of(st.sets(CELLS, max_size=4), st.sampled_from(sorted(SHIFTS))), max_size=8),
    st.sets(CELLS, min_size=1),
)
def test_day_after_day_equals_measuring_every_day(moves, start):
    # each day toggles a few cells of the day before, or shifts the whole area by a cell (so
    # that edges are kept with the area on their other side): most edges stay, some move
    cells, areas = frozenset(start), [_area(frozenset(start))]
    for move in moves:
        if isinstance(move, str):
            dx, dy = SHIFTS[move]
            shifted = {(i + dx, j + dy) for i, j in cells}
            cells = frozenset((i, j) for i, j in shifted if 0 <= i < GRID and 0 <= j < GRID)
        else:
            cells = cells ^ frozenset(move)
        if cells:
            areas.append(_area(cells))
    _assert_same_shares(areas)


def test_the_real_mirror_gives_the_same_shares_day_after_day(daily_dir):
    # Kurakhove and Toretsk falling, and every Donetsk place: chunk_days=1 measures every day in
    # full; the default measures the first day of each chunk in full and the rest day by day
    days = pd.date_range("2024-12-10", "2025-01-31")
    files = [daily_dir / f"deepstatemap_data_{d:%Y%m%d}.geojson" for d in days]
    h = fl.read_deepstate([f for f in files if f.exists()])
    places = fl.places(region="Donetsk")
    every_day = fl.settlement_control(h, places=places, chunk_days=1)
    day_by_day = fl.settlement_control(h, places=places)
    assert day_by_day["status"].equals(every_day["status"])
    got, full = day_by_day["share_held"].to_numpy(), every_day["share_held"].to_numpy()
    assert ((full > 0) & (full < 1)).sum() > 500  # many footprints partly held
    np.testing.assert_array_max_ulp(got, full, maxulp=1)
    # within 2 km of the areas
    every_day = fl.settlement_control(h, places=places, chunk_days=1, tolerance_m=2000.0)
    day_by_day = fl.settlement_control(h, places=places, tolerance_m=2000.0)
    assert day_by_day["status"].equals(every_day["status"])


def _places_on_the_grid() -> gpd.GeoDataFrame:
    """Points on the grid's corners, edges and cells, and two polygon places."""
    steps = np.arange(0, GRID + 0.01, 0.5)
    xs, ys = np.meshgrid(X0 + steps * STEP, Y0 + steps * STEP)
    points = list(shapely.points(xs.ravel(), ys.ravel()))
    polygons = [_cell(1, 1).buffer(STEP / 3), box(X0, Y0, X0 + STEP * 2.5, Y0 + STEP / 2)]
    return gpd.GeoDataFrame(
        {"place_id": np.arange(len(points) + 2), "region": "UA-14"},
        geometry=points + polygons,
        crs=4326,
    )


GRID_PLACES = _places_on_the_grid()


@settings(max_examples=8, deadline=None)
@given(
    st.lists(st.tuples(st.sets(CELLS, max_size=3), st.sets(CELLS, max_size=3)), max_size=6),
    st.sets(CELLS, min_size=1),
)
def test_statuses_day_after_day_equal_measuring_every_day(moves, start):
    # two statuses, each day toggling a few cells of each: places on corners and edges count
    # as inside, the first status wins where they overlap, and tolerance_m grows the areas
    occupied, contested = frozenset(start), frozenset({(0, 0)})
    rows = []
    for day, (a, b) in enumerate([(frozenset(), frozenset()), *moves]):
        occupied, contested = occupied ^ a, contested ^ b
        when = pd.Timestamp("2025-01-01") + pd.Timedelta(days=day)
        rows += [(when, s, _area(c)) for s, c in (("occupied", occupied), ("contested", contested))]
    rows = [r for r in rows if not r[2].is_empty]
    history = ControlHistory(
        gpd.GeoDataFrame(
            {"date": [r[0] for r in rows], "source": "test", "status": [r[1] for r in rows]},
            geometry=[r[2] for r in rows],
            crs=4326,
        )
    )
    # a cell is about 740 m by 1,110 m, places lie half a cell apart: 450 m reaches the next
    # place east or west of an area, not north or south
    for rule, tolerance in (("representative_point", 0.0), ("any_part", 0.0), ("any_part", 450.0)):
        options = {"places": GRID_PLACES, "polygons": rule, "tolerance_m": tolerance}
        every_day = fl.settlement_control(history, chunk_days=1, **options)
        day_by_day = fl.settlement_control(history, **options)
        assert day_by_day["status"].equals(every_day["status"])
        np.testing.assert_array_max_ulp(
            day_by_day["share_held"].to_numpy(), every_day["share_held"].to_numpy(), maxulp=1
        )
