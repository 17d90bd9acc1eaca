"""Cutting each day's area into pieces stored once with the days they are valid for (steps 1-4
of :mod:`frontline.render.history`): snap to the grid, cut into cells, store only what changed,
merge crowded cells."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

__all__ = ["decompose", "polygonal", "quantise"]

#: cell size (degrees) used to cut areas into pieces
_CELL = 0.5
#: a cell holding more pieces than this is merged back into one piece
_MAX_PIECES = 50


def quantise(geoms: np.ndarray, grid: float) -> np.ndarray:
    """Snap each distinct geometry object to the grid once."""
    slot: dict[int, int] = {}
    distinct: list[BaseGeometry] = []
    for g in geoms:
        if id(g) not in slot:
            slot[id(g)] = len(distinct)
            distinct.append(g)
    arr = np.empty(len(distinct), dtype=object)
    arr[:] = distinct
    snapped = [polygonal(g, grid) for g in shapely.set_precision(arr, grid)]
    out = np.empty(len(geoms), dtype=object)
    out[:] = [snapped[slot[id(g)]] for g in geoms]
    return out


def polygonal(geom: BaseGeometry, grid: float) -> BaseGeometry:
    """The polygons of ``geom`` (overlay results may carry stray lines and points)."""
    if geom is None or geom.is_empty:
        return shapely.Polygon()
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = shapely.get_parts(geom)
    parts = parts[np.isin(shapely.get_type_id(parts), (3, 6))]
    if len(parts) == 0:
        return shapely.Polygon()
    return shapely.union_all(parts, grid_size=grid)


def _polygons(geom: BaseGeometry, grid: float | None = None) -> list[shapely.Polygon]:
    """The polygons of ``geom``; with ``grid``, without slivers thinner than half a grid step.

    Snap-rounding leaves such slivers where edges computed on different days almost meet;
    kept, they would pile up and show as hairlines.
    """
    if geom is None or geom.is_empty:
        return []
    parts = shapely.get_parts(geom)
    parts = parts[(shapely.get_type_id(parts) == 3) & (shapely.area(parts) > 0)]
    if grid is not None and len(parts):
        thick = 2 * shapely.area(parts) / shapely.length(parts) >= 0.5 * grid
        parts = parts[thick]
    return list(parts)


def _cell_of(geom: BaseGeometry) -> tuple[int, int]:
    pt = shapely.point_on_surface(geom)
    return (math.floor(pt.x / _CELL), math.floor(pt.y / _CELL))


def _cut(geom: BaseGeometry, grid: float) -> list[shapely.Polygon]:
    """``geom`` cut into polygons by the cells."""
    if geom.is_empty:
        return []
    x0, y0, x1, y1 = geom.bounds
    i0, i1 = math.floor(x0 / _CELL), math.floor(x1 / _CELL)
    j0, j1 = math.floor(y0 / _CELL), math.floor(y1 / _CELL)
    if i0 == i1 and j0 == j1:
        return _polygons(geom, grid)
    grid_i, grid_j = np.meshgrid(np.arange(i0, i1 + 1), np.arange(j0, j1 + 1), indexing="ij")
    ii, jj = grid_i.ravel(), grid_j.ravel()
    boxes = shapely.box(ii * _CELL, jj * _CELL, (ii + 1) * _CELL, (jj + 1) * _CELL)
    hit = shapely.intersects(boxes, geom)
    out: list[shapely.Polygon] = []
    for part in shapely.intersection(boxes[hit], geom, grid_size=grid):
        out.extend(_polygons(polygonal(part, grid), grid))
    return out


def _segments(geom: BaseGeometry, scale: float) -> np.ndarray:
    """The boundary segments of ``geom`` as undirected integer rows (x0, y0, x1, y1)."""
    if geom.is_empty:
        return np.empty((0, 4), dtype=np.int64)
    rings = shapely.get_rings(shapely.get_parts(geom))
    coords, ring = shapely.get_coordinates(rings, return_index=True)
    ints = np.rint(coords * scale).astype(np.int64)
    same = ring[1:] == ring[:-1]
    seg = np.hstack([ints[:-1][same], ints[1:][same]])
    flip = (seg[:, 0] > seg[:, 2]) | ((seg[:, 0] == seg[:, 2]) & (seg[:, 1] > seg[:, 3]))
    seg[flip] = seg[flip][:, [2, 3, 0, 1]]
    return seg


def _merge_boxes(boxes: np.ndarray) -> np.ndarray:
    """Merge overlapping rectangles (rows x0, y0, x1, y1) until none overlap."""
    boxes = boxes.copy()
    while True:
        out = []
        used = np.zeros(len(boxes), dtype=bool)
        for i in range(len(boxes)):
            if used[i]:
                continue
            cur = boxes[i].copy()
            used[i] = True
            while True:
                hit = (
                    ~used
                    & (boxes[:, 0] <= cur[2])
                    & (boxes[:, 2] >= cur[0])
                    & (boxes[:, 1] <= cur[3])
                    & (boxes[:, 3] >= cur[1])
                )
                if not hit.any():
                    break
                sel = boxes[hit]
                used |= hit
                cur = np.array(
                    [
                        min(cur[0], sel[:, 0].min()),
                        min(cur[1], sel[:, 1].min()),
                        max(cur[2], sel[:, 2].max()),
                        max(cur[3], sel[:, 3].max()),
                    ]
                )
            out.append(cur)
        merged = np.array(out)
        if len(merged) == len(boxes):
            return merged
        boxes = merged


def _difference(
    a: BaseGeometry, b: BaseGeometry, grid: float
) -> tuple[list[shapely.Polygon], list[shapely.Polygon]]:
    """Polygons gained (in ``b`` not ``a``) and lost (in ``a`` not ``b``).

    Only the windows around boundary segments present in one day but not the other can differ
    (each connected part of the symmetric difference is bounded by such segments, which touch
    one another, so it lies inside one merged window). Overlay runs inside those windows only.
    """
    scale = 1.0 / grid
    both = np.vstack([_segments(a, scale), _segments(b, scale)])
    if len(both) == 0:
        return [], []
    rows = np.ascontiguousarray(both).view(np.dtype((np.void, both.dtype.itemsize * 4))).ravel()
    _, inverse, counts = np.unique(rows, return_inverse=True, return_counts=True)
    changed = both[counts[inverse.ravel()] == 1]
    if len(changed) == 0:
        return [], []
    pad = 2
    boxes = np.column_stack(
        [
            np.minimum(changed[:, 0], changed[:, 2]) - pad,
            np.minimum(changed[:, 1], changed[:, 3]) - pad,
            np.maximum(changed[:, 0], changed[:, 2]) + pad,
            np.maximum(changed[:, 1], changed[:, 3]) + pad,
        ]
    )
    gained: list[shapely.Polygon] = []
    lost: list[shapely.Polygon] = []
    for x0, y0, x1, y1 in (_merge_boxes(boxes) * grid).tolist():
        window = shapely.box(x0, y0, x1, y1)
        aw = _clip(a, window, grid)
        bw = _clip(b, window, grid)
        gained.extend(_polygons(polygonal(shapely.difference(bw, aw, grid_size=grid), grid), grid))
        lost.extend(_polygons(polygonal(shapely.difference(aw, bw, grid_size=grid), grid)))
    return gained, lost


def _clip(geom: BaseGeometry, window: BaseGeometry, grid: float) -> BaseGeometry:
    # exact overlay: GEOS clip_by_rect is faster but can return self-intersecting rings
    if geom.is_empty:
        return geom
    return polygonal(shapely.intersection(geom, window, grid_size=grid), grid)


def decompose(
    days: Sequence[BaseGeometry] | np.ndarray, grid: float
) -> list[tuple[BaseGeometry, int, int]]:
    """Pieces ``(polygon, first, stop)``: valid on days ``first <= i < stop``.

    The union of the pieces valid on day ``i`` equals ``days[i]`` (all on the ``grid``).
    """
    pieces: list[tuple[BaseGeometry, int, int]] = []
    live: dict[int, tuple[BaseGeometry, int, tuple[int, int]]] = {}
    counter = iter(range(1 << 62))

    def add(poly: BaseGeometry, first: int) -> tuple[int, int]:
        cell = _cell_of(poly)
        live[next(counter)] = (poly, first, cell)
        return cell

    for start in _cut(days[0], grid) if len(days) else []:
        add(start, 0)
    for i in range(1, len(days)):
        a, b = days[i - 1], days[i]
        if a is b or a.equals_exact(b, 0.0):
            continue
        gained, lost = _difference(a, b, grid)
        touched: set[tuple[int, int]] = set()
        if lost:
            loss: BaseGeometry = shapely.MultiPolygon(lost) if len(lost) > 1 else lost[0]
            keys = list(live)
            geoms = np.array([live[k][0] for k in keys], dtype=object)
            hit = np.flatnonzero(shapely.intersects(geoms, loss))
            for j in hit.tolist():
                key = keys[j]
                poly, first, cell = live[key]
                rest = polygonal(shapely.difference(poly, loss, grid_size=grid), grid)
                if rest.equals_exact(poly, 0.0):
                    continue  # touches the loss without losing area
                del live[key]
                if first < i:
                    pieces.append((poly, first, i))
                for part in _polygons(rest, grid):
                    add(part, i)
                touched.add(cell)
        for won in gained:
            for part in _cut(won, grid):
                touched.add(add(part, i))
        if touched:
            _compact(live, touched, i, pieces, add, grid)
    n = len(days)
    pieces.extend((poly, first, n) for poly, first, _ in live.values() if first < n)
    return pieces


def _compact(
    live: dict[int, tuple[BaseGeometry, int, tuple[int, int]]],
    touched: set[tuple[int, int]],
    i: int,
    pieces: list[tuple[BaseGeometry, int, int]],
    add: Callable[[BaseGeometry, int], Any],
    grid: float,
) -> None:
    """Merge the pieces of crowded cells into one piece each."""
    by_cell: dict[tuple[int, int], list[int]] = {}
    for key, (_, _, cell) in live.items():
        if cell in touched:
            by_cell.setdefault(cell, []).append(key)
    for keys in by_cell.values():
        if len(keys) <= _MAX_PIECES:
            continue
        merged = shapely.union_all([live[k][0] for k in keys], grid_size=grid)
        for key in keys:
            poly, first, _ = live.pop(key)
            if first < i:
                pieces.append((poly, first, i))
        for part in _polygons(polygonal(merged, grid), grid):
            add(part, i)
