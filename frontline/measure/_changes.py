"""Where two snapshots differ: edge hashing, boxes around the changes, geometries cut to them.

From one snapshot to the next the timeline finds where the two geometries differ by comparing
their edges (hashed, then checked coordinate by coordinate), and cuts both geometries to boxes
(in the equal-area plane of :mod:`frontline.measure._equal_area`) around the differences only.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Executor
from typing import Any, NamedTuple

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from frontline.measure._equal_area import (
    SPLIT_MIN,
    equal_area_transformer,
    inverse_transformer,
    project,
)

__all__ = [
    "Edges",
    "all_change_boxes",
    "change_boxes",
    "clip_all",
    "edges",
    "edges_of",
]

#: Changes spanning more than this (degrees) are cut from wholly projected geometries.
LOCAL_DEGREES = 0.5
#: Margin (metres, in the equal-area plane) added around changed edges to isolate a change.
PAD = 0.01

_M1 = np.uint64(0x9E3779B97F4A7C15)
_M2 = np.uint64(0xBF58476D1CE4E5B9)
_M3 = np.uint64(0x94D049BB133111EB)
_M4 = np.uint64(0xD6E8FEB86659FD93)


class Edges(NamedTuple):
    """The directed edges of a polygonal geometry, hashed for matching against another's."""

    xy: np.ndarray  # (m, 2) every vertex, ring after ring
    start: np.ndarray  # (n,) index in xy of each edge's first vertex (the second is start + 1)
    ring: np.ndarray  # (n,) which ring each edge belongs to
    x: np.ndarray  # (m,) the bits of each vertex's x, for exact comparison
    y: np.ndarray  # (m,) the bits of each vertex's y
    keys: np.ndarray  # (n,) uint64 hash of each edge, sorted
    order: np.ndarray  # (n,) edge index of each sorted key


def edges(geom: BaseGeometry) -> Edges:
    """Every edge of a polygonal geometry, with sorted 64-bit hashes of (start, end)."""
    parts = shapely.get_parts(geom)
    parts = parts[shapely.get_type_id(parts) == 3]
    rings = shapely.get_rings(parts) if len(parts) else np.empty(0, dtype=object)
    if len(rings) == 0:
        none = np.empty(0, dtype=np.int64)
        bits = none.astype(np.uint64)
        return Edges(np.empty((0, 2)), none, none, bits, bits, bits, none)
    xy, ring = shapely.get_coordinates(rings, return_index=True)
    xy = np.ascontiguousarray(xy + 0.0)  # -0.0 -> 0.0: equal coordinates, equal bytes
    start = np.flatnonzero(ring[1:] == ring[:-1])
    bits = xy.view(np.uint64)
    hv = (bits[:, 0] * _M1) ^ (bits[:, 1] * _M2)
    h = (hv[start] * _M3) ^ hv[start + 1]
    h ^= h >> np.uint64(31)
    h *= _M4
    h ^= h >> np.uint64(29)
    order = np.argsort(h)
    return Edges(xy, start, ring[start], bits[:, 0].copy(), bits[:, 1].copy(), h[order], order)


def edges_of(geoms: np.ndarray) -> np.ndarray:
    """:func:`edges` of each geometry, as an object array."""
    out = np.empty(len(geoms), dtype=object)
    for i, g in enumerate(geoms):
        out[i] = edges(g)  # one by one: a NamedTuple is not to be unpacked into the array
    return out


def unmatched(a: Edges, b: Edges) -> tuple[np.ndarray, np.ndarray]:
    """Indexes (in ring order) of the edges of ``a`` not in ``b``, and of ``b`` not in ``a``.

    Edges match when their hashes and then all four coordinates are equal. Edges are
    directed: a ring whose orientation flips counts as changed all round, and a hash collision
    leaves both edges unmatched; either only makes the boxes larger, never wrong.
    """
    if len(b.keys) == 0 or len(a.keys) == 0:
        return np.arange(len(a.keys)), np.arange(len(b.keys))
    pos = np.searchsorted(b.keys, a.keys)
    pos[pos == len(b.keys)] = len(b.keys) - 1
    hit = b.keys[pos] == a.keys
    if hit.any():
        ia = a.start[a.order[hit]]
        ib = b.start[b.order[pos[hit]]]
        hit[hit] = (
            (a.x[ia] == b.x[ib])
            & (a.y[ia] == b.y[ib])
            & (a.x[ia + 1] == b.x[ib + 1])
            & (a.y[ia + 1] == b.y[ib + 1])
        )
    left_b = np.ones(len(b.keys), dtype=bool)
    left_b[b.order[pos[hit]]] = False
    return np.sort(a.order[~hit]), np.flatnonzero(left_b)


def changed_runs(a: Edges, b: Edges) -> tuple[np.ndarray, np.ndarray]:
    """End points (lon0, lat0, lon1, lat1) of the edges in one geometry but not the other,
    and where runs of consecutive such edges along a ring start (a boolean per edge)."""
    ends, starts = [], []
    only_a, only_b = unmatched(a, b)
    for e, idx in ((a, only_a), (b, only_b)):
        first = e.start[idx]
        ends.append(np.hstack([e.xy[first], e.xy[first + 1]]))
        starts.append(np.r_[True, (np.diff(idx) != 1) | (np.diff(e.ring[idx]) != 0)][: len(idx)])
    return np.vstack(ends), np.concatenate(starts)


def run_boxes(ends: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Equal-area bounding boxes of runs of edges given by their lon/lat end points.

    An edge in the equal-area plane is the straight segment between its projected end
    points, so the boxes are exact.
    """
    if len(ends) == 0:
        return np.empty((0, 4))
    n = len(ends)
    x, y = equal_area_transformer().transform(
        np.concatenate([ends[:, 0], ends[:, 2]]), np.concatenate([ends[:, 1], ends[:, 3]])
    )
    x0, x1, y0, y1 = x[:n], x[n:], y[:n], y[n:]
    at = np.flatnonzero(starts)
    return np.column_stack(
        [
            np.minimum.reduceat(np.minimum(x0, x1), at) - PAD,
            np.minimum.reduceat(np.minimum(y0, y1), at) - PAD,
            np.maximum.reduceat(np.maximum(x0, x1), at) + PAD,
            np.maximum.reduceat(np.maximum(y0, y1), at) + PAD,
        ]
    )


def merge_boxes(boxes: np.ndarray) -> np.ndarray:
    """Merge overlapping boxes (minx, miny, maxx, maxy) until all are disjoint."""
    while len(boxes) > 1:
        n = len(boxes)
        if n <= 256:
            overlap = (
                (boxes[:, None, 0] <= boxes[None, :, 2])
                & (boxes[None, :, 0] <= boxes[:, None, 2])
                & (boxes[:, None, 1] <= boxes[None, :, 3])
                & (boxes[None, :, 1] <= boxes[:, None, 3])
            )
            i, j = np.nonzero(overlap)
        else:
            polys = shapely.box(boxes[:, 0], boxes[:, 1], boxes[:, 2], boxes[:, 3])
            i, j = shapely.STRtree(polys).query(polys, predicate="intersects")
        off = i != j
        if not off.any():
            break
        i, j = i[off], j[off]
        label = np.arange(n)
        while True:  # connected components by label propagation with pointer jumping
            new = label.copy()
            np.minimum.at(new, i, label[j])
            new = new[new]
            if np.array_equal(new, label):
                break
            label = new
        order = np.argsort(label, kind="stable")
        sorted_labels = label[order]
        starts = np.flatnonzero(np.r_[True, sorted_labels[1:] != sorted_labels[:-1]])
        b = boxes[order]
        boxes = np.column_stack(
            [
                np.minimum.reduceat(b[:, 0], starts),
                np.minimum.reduceat(b[:, 1], starts),
                np.maximum.reduceat(b[:, 2], starts),
                np.maximum.reduceat(b[:, 3], starts),
            ]
        )
    return boxes


def change_boxes(a: Edges, b: Edges) -> np.ndarray:
    """Disjoint equal-area boxes that together hold every difference between two geometries.

    Every part of the symmetric difference is bounded by edges found in one geometry but not
    the other, so the boxes around connected groups of such edges contain all of it; outside
    them the two geometries coincide.
    """
    return merge_boxes(run_boxes(*changed_runs(a, b)))


def all_change_boxes(
    pairs: Sequence[tuple[int, int]], edges: Any, pool: Executor | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`change_boxes` for many pairs (projecting all end points in one call).

    Returns the boxes and, for each, the index of its pair.
    """

    def changed(some: Sequence[tuple[int, int]]) -> list[tuple[np.ndarray, np.ndarray]]:
        return [changed_runs(edges[a], edges[b]) for a, b in some]

    if pool is None or len(pairs) < SPLIT_MIN:
        runs = changed(pairs)
    else:  # two halves side by side (numpy releases the GIL)
        first = pool.submit(changed, pairs[: len(pairs) // 2])
        second = changed(pairs[len(pairs) // 2 :])
        runs = first.result() + second
    counts = np.array([int(s.sum()) for _, s in runs], dtype=np.int64)
    if not len(runs) or counts.sum() == 0:
        return np.empty((0, 4)), np.empty(0, dtype=np.int64)
    every = run_boxes(np.vstack([e for e, _ in runs]), np.concatenate([s for _, s in runs]))
    bounds = np.r_[0, np.cumsum(counts)]
    merged = [merge_boxes(every[bounds[k] : bounds[k + 1]]) for k in range(len(runs))]
    owner = np.repeat(np.arange(len(runs)), [len(m) for m in merged])
    return np.vstack(merged), owner


def lonlat_boxes(boxes: np.ndarray) -> np.ndarray:
    """Longitude/latitude boxes that contain the given equal-area boxes, with a margin."""
    t = np.linspace(0.0, 1.0, 5)
    x0, y0, x1, y1 = (boxes[:, i : i + 1] for i in range(4))
    xs = np.hstack(
        [x0 + (x1 - x0) * t, x0 + (x1 - x0) * t, np.repeat(x0, 5, 1), np.repeat(x1, 5, 1)]
    )
    ys = np.hstack(
        [np.repeat(y0, 5, 1), np.repeat(y1, 5, 1), y0 + (y1 - y0) * t, y0 + (y1 - y0) * t]
    )
    lon, lat = inverse_transformer().transform(xs.ravel(), ys.ravel())
    lon, lat = lon.reshape(xs.shape), lat.reshape(ys.shape)
    out = np.column_stack([lon.min(1), lat.min(1), lon.max(1), lat.max(1)])
    margin = 1e-3 + 0.01 * np.maximum(out[:, 2] - out[:, 0], out[:, 3] - out[:, 1])
    out[:, :2] -= margin[:, None]
    out[:, 2:] += margin[:, None]
    return out


def clip_all(
    geoms: Sequence[BaseGeometry], projected: Any, which: np.ndarray, boxes: np.ndarray
) -> np.ndarray:
    """The projected ``geoms[which[k]]`` cut to the equal-area ``boxes[k]``, for every k.

    Only what is needed is projected: each geometry is first cut (in longitude/latitude) to a
    box that contains the equal-area box with a margin wider than any bending of the cut
    lines in the plane, that piece is projected and cut again to the equal-area box. Boxes
    wider than :data:`LOCAL_DEGREES`, and any result that is not valid, are cut from the
    whole projected geometry instead.
    """
    out = np.empty(len(boxes), dtype=object)
    if len(boxes) == 0:
        return out
    outer = lonlat_boxes(boxes)
    local = np.maximum(outer[:, 2] - outer[:, 0], outer[:, 3] - outer[:, 1]) <= LOCAL_DEGREES
    near = np.empty(len(boxes), dtype=object)
    for k in np.flatnonzero(local).tolist():
        near[k] = shapely.clip_by_rect(geoms[which[k]], *outer[k])
    near[local] = project(near[local])
    for k in np.flatnonzero(~local).tolist():
        near[k] = projected[which[k]]
    for k, (piece, b) in enumerate(zip(near, boxes.tolist(), strict=True)):
        out[k] = shapely.clip_by_rect(piece, *b)
    for k in np.flatnonzero(~shapely.is_valid(out)).tolist():
        out[k] = shapely.intersection(projected[which[k]], shapely.box(*boxes[k]))
    return out
