"""Measure assessed control: areas and shares in numbers and words, timelines, claims, ranges.

This is what a reader quotes, so every figure carries its method and its source.

Areas
-----
Areas are measured on the WGS84 ellipsoid in an Albers equal-area conic projection fitted to
Ukraine (standard parallels 46°N and 51°N, central meridian 31.5°E, :data:`EQUAL_AREA_CRS`).
An equal-area projection keeps every area exactly (the formulas use the authalic latitude of
the ellipsoid); what differs from the geodesic area of :func:`frontline.geodesy.areas_km2` is
only that a polygon's edges run straight in the projection instead of along geodesics, which
changes the areas of the assessed polygons and of the region polygons by less than 0.001%
(tested on the real data). Where two outlines run side by side along long straight edges
(Crimea's Sivash shore), where exactly they cross depends on what "straight" means, so
per-region figures agree with an overlay done in degrees and measured geodesically to within
0.005% or 0.05 km². Nothing is measured in planar degrees or in Web Mercator.

Working in one plane makes areas exactly additive, which is what makes :func:`timeline` fast:
from one snapshot to the next it finds where the two geometries differ by comparing their edges
(hashed, then checked coordinate by coordinate), cuts both to boxes around the differences only,
measures the ground gained and lost there inside every region, and adds the gains to and takes
the losses from the previous day's areas; days with an unchanged geometry are not measured
again, and every 128 changes a day is measured from scratch. The result equals measuring every
day in full (to 1e-9 km²) and equals :func:`area_share` for the same day.

Denominators
------------
The national share is taken, by default, of Ukraine's official area, **603,628 km²**
(:data:`UKRAINE_AREA_KM2`; State Statistics Service of Ukraine), and its numerator is the whole
assessed area as the source draws it (``km2_assessed``). With ``denominator="polygons"`` it is
the share of the 27 region polygons of :func:`frontline.regions.load_regions` (Natural Earth
boundaries), and the numerator is the assessed area inside them (``km2_in_regions``); the two
numerators differ by about 1.6% (some 1,800 km² on 2025-06-08) along coasts, spits and the
Russian border, where the source's outline and Natural Earth's disagree. ``share`` is always
``km2 / denominator_km2``. A region's share is of its polygon's area (``denominator_km2``,
same method); ``share_official`` is of its official area (``area_km2_official``).

Every result carries its provenance in ``.attrs``: ``source``, ``snapshot_date``,
``carried_forward``, ``denominator``, ``denominator_km2``, ``denominator_source``, ``method``
and a one-line ``footnote`` ready to print under a chart.

Shares in words
---------------
:func:`describe_share` turns a share into the words a newsroom uses, from the one table
:data:`SHARE_PHRASES` (thresholds below). The words keep these meanings, so a phrase never
contradicts its number: "about F" is within 2 percentage points of F; "just under F" is below F
by at most 4 points and "just over F" above it by at most 4; "less than F" / "more than F" are
below / above F by at most 10 points; "a sliver" is more than 0 and under 3%; "a small
fraction" more than 0 and under 10%; "nearly all" over 90% and under 100%; "all but a sliver"
at least 97% and under 100%; "none" is exactly 0 and "all" exactly 1.

=========================  =============  =========================  =============
phrase                     share from     phrase                     share from
=========================  =============  =========================  =============
none                       0 (exactly)    about half                 0.49
a sliver                   above 0        just over half             0.51
a small fraction           0.02           more than half             0.535
less than a tenth          0.06           just under three-fifths    0.565
just under a tenth         0.085          about three-fifths         0.59
about a tenth              0.095          just over three-fifths     0.61
just over a tenth          0.105          just under two-thirds      0.635
more than a tenth          0.13           about two-thirds           0.657
about a sixth              0.155          more than two-thirds       0.677
just under one-fifth       0.17           just under three-quarters  0.715
about one-fifth            0.195          about three-quarters       0.74
just over one-fifth        0.205          just over three-quarters   0.76
just under a quarter       0.23           just under four-fifths     0.775
about a quarter            0.24           about four-fifths          0.79
just over a quarter        0.26           just over four-fifths      0.81
more than a quarter        0.285          more than four-fifths      0.84
just under a third         0.295          just under nine-tenths     0.865
about a third              0.323          about nine-tenths          0.89
just over a third          0.343          nearly all                 0.91
just under two-fifths      0.37           all but a sliver           0.97
about two-fifths           0.39           all                        1 (exactly)
just over two-fifths       0.41
less than half             0.44
just under half            0.465
=========================  =============  =========================  =============

Each phrase holds from its threshold up to (not including) the next one.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from functools import lru_cache
from typing import Any, Literal, NamedTuple

import numpy as np
import pandas as pd
import pyproj
import shapely
from shapely.errors import GEOSException
from shapely.geometry.base import BaseGeometry

from frontline import geodesy
from frontline._dates import parse_day
from frontline.control import OCCUPIED, ControlHistory

__all__ = [
    "CONFIDENCE",
    "EQUAL_AREA_CRS",
    "FRONT_STATUSES",
    "METHOD",
    "SHARE_PHRASES",
    "UKRAINE_AREA_KM2",
    "UKRAINE_AREA_SOURCE",
    "SharePhrase",
    "area_share",
    "describe_share",
    "first_entry",
    "first_entry_table",
    "occupied_neighbors",
    "reconcile",
    "timeline",
    "within_range",
]

#: Ukraine's official area in km² (including Crimea and Sevastopol).
UKRAINE_AREA_KM2: int = 603_628

#: Where :data:`UKRAINE_AREA_KM2` comes from.
UKRAINE_AREA_SOURCE: str = "State Statistics Service of Ukraine"

#: The equal-area projection every area in this module is measured in (PROJ string).
EQUAL_AREA_CRS: str = (
    "+proj=aea +lat_0=48.5 +lon_0=31.5 +lat_1=46 +lat_2=51 +x_0=0 +y_0=0 "
    "+ellps=WGS84 +units=m +no_defs"
)

#: The method statement carried into every result's ``attrs["method"]``.
METHOD: str = (
    "areas on the WGS84 ellipsoid in an Albers equal-area projection (standard parallels "
    "46°N and 51°N, central meridian 31.5°E), within 0.001% of geodesic areas"
)

#: Statuses that make up "the front" for :func:`within_range`: held and contested ground.
FRONT_STATUSES: tuple[str, ...] = ("occupied", "occupied_before_2022", "contested")


class SharePhrase(NamedTuple):
    """One row of :data:`SHARE_PHRASES`: the phrase for shares from ``low`` to ``high``.

    ``low`` is inclusive and ``high`` exclusive, except for "none" (exactly 0) and "all"
    (exactly 1), whose ``low`` equals ``high``; "a sliver" excludes 0.
    """

    low: float
    high: float
    phrase: str


#: Share -> words, in increasing order (see the module docstring for what the words mean).
SHARE_PHRASES: tuple[SharePhrase, ...] = (
    SharePhrase(0.0, 0.0, "none"),
    SharePhrase(0.0, 0.02, "a sliver"),
    SharePhrase(0.02, 0.06, "a small fraction"),
    SharePhrase(0.06, 0.085, "less than a tenth"),
    SharePhrase(0.085, 0.095, "just under a tenth"),
    SharePhrase(0.095, 0.105, "about a tenth"),
    SharePhrase(0.105, 0.13, "just over a tenth"),
    SharePhrase(0.13, 0.155, "more than a tenth"),
    SharePhrase(0.155, 0.17, "about a sixth"),
    SharePhrase(0.17, 0.195, "just under one-fifth"),
    SharePhrase(0.195, 0.205, "about one-fifth"),
    SharePhrase(0.205, 0.23, "just over one-fifth"),
    SharePhrase(0.23, 0.24, "just under a quarter"),
    SharePhrase(0.24, 0.26, "about a quarter"),
    SharePhrase(0.26, 0.285, "just over a quarter"),
    SharePhrase(0.285, 0.295, "more than a quarter"),
    SharePhrase(0.295, 0.323, "just under a third"),
    SharePhrase(0.323, 0.343, "about a third"),
    SharePhrase(0.343, 0.37, "just over a third"),
    SharePhrase(0.37, 0.39, "just under two-fifths"),
    SharePhrase(0.39, 0.41, "about two-fifths"),
    SharePhrase(0.41, 0.44, "just over two-fifths"),
    SharePhrase(0.44, 0.465, "less than half"),
    SharePhrase(0.465, 0.49, "just under half"),
    SharePhrase(0.49, 0.51, "about half"),
    SharePhrase(0.51, 0.535, "just over half"),
    SharePhrase(0.535, 0.565, "more than half"),
    SharePhrase(0.565, 0.59, "just under three-fifths"),
    SharePhrase(0.59, 0.61, "about three-fifths"),
    SharePhrase(0.61, 0.635, "just over three-fifths"),
    SharePhrase(0.635, 0.657, "just under two-thirds"),
    SharePhrase(0.657, 0.677, "about two-thirds"),
    SharePhrase(0.677, 0.715, "more than two-thirds"),
    SharePhrase(0.715, 0.74, "just under three-quarters"),
    SharePhrase(0.74, 0.76, "about three-quarters"),
    SharePhrase(0.76, 0.775, "just over three-quarters"),
    SharePhrase(0.775, 0.79, "just under four-fifths"),
    SharePhrase(0.79, 0.81, "about four-fifths"),
    SharePhrase(0.81, 0.84, "just over four-fifths"),
    SharePhrase(0.84, 0.865, "more than four-fifths"),
    SharePhrase(0.865, 0.89, "just under nine-tenths"),
    SharePhrase(0.89, 0.91, "about nine-tenths"),
    SharePhrase(0.91, 0.97, "nearly all"),
    SharePhrase(0.97, 1.0, "all but a sliver"),
    SharePhrase(1.0, 1.0, "all"),
)

_OPEN_LOWS = [p.low for p in SHARE_PHRASES[1:-1]]

#: How sure :func:`reconcile` is of its verdict, by the claim's precision.
CONFIDENCE: dict[str, str] = {
    "point": "high",
    "settlement": "high",
    "border segment": "medium",
    "area": "medium",
    "region": "low",
}

#: Default tolerance (km) around a point claim whose ``precision_m`` is unknown.
_POINT_TOLERANCE_KM = {"point": 0.5, "settlement": 2.0}
_MIN_TOLERANCE_KM = 0.05
# radius of the disc standing for a captured point without a precision: the point counts as
# inside held ground when at least half of this disc is held
_CAPTURE_KM = 0.05
_NEEDS_REGION = "a border claim needs the region it claims to enter (region=...) to be checked"

#: Claim kinds that assert a change of who holds ground, and who gains by them.
_GAINING_KINDS = ("advance", "capture", "breakthrough", "counterattack")
_LOSING_KINDS = ("withdrawal",)

#: Every this many incremental steps the timeline re-measures a day from scratch.
_ANCHOR_EVERY = 128
#: Areas below this (km², i.e. 0.001 m²) are rounding noise of the overlays and read as 0.
_NOISE_KM2 = 1e-9
#: Changes spanning more than this (degrees) are cut from wholly projected geometries.
_LOCAL_DEGREES = 0.5
#: Margin (metres, in the equal-area plane) added around changed edges to isolate a change.
_PAD = 0.01

_NATIONAL_CODE = "UA"
_NATIONAL_NAME = "Ukraine"


# --------------------------------------------------------------------------------------------
# shares in words
# --------------------------------------------------------------------------------------------


def describe_share(x: float) -> str:
    """A share (a fraction from 0 to 1) in the words a newsroom uses.

    The words come from :data:`SHARE_PHRASES` (one table, thresholds in the module docstring)
    and never contradict the number: "just under one-fifth" is only said of shares from 0.17 to
    just below 0.20, "all but a sliver" only of 0.97 and up (below 1). The mapping is monotone:
    a larger share never gets a phrase lower in the table.

    Parameters
    ----------
    x : float
        A fraction from 0 to 1 (``0.1877``, not ``18.77``).

    Returns
    -------
    str

    Raises
    ------
    ValueError
        ``x`` is not a finite number from 0 to 1. A value above 1.5 (up to 100) is read as a
        percentage and the message says to divide it by 100; a value just above 1 (up to 1.5)
        is more likely a share of too small a denominator (a polygon larger than its official
        area), and the message says to check the denominator.

    Examples
    --------
    >>> describe_share(0.1877)
    'just under one-fifth'
    >>> describe_share(0.984)
    'all but a sliver'
    >>> describe_share(0.25), describe_share(0.70), describe_share(0)
    ('about a quarter', 'more than two-thirds', 'none')
    """
    if isinstance(x, bool) or not isinstance(x, int | float | np.integer | np.floating):
        raise ValueError(f"describe_share needs a number from 0 to 1, got {type(x).__name__} {x!r}")
    value = float(x)
    if not math.isfinite(value):
        raise ValueError(f"describe_share needs a finite share from 0 to 1, got {x!r}")
    if value < 0 or value > 1:
        if 1.5 < value <= 100:
            hint = f"; it looks like a percentage: pass {value / 100:g} for {value:g}%"
        elif 1 < value <= 1.5:
            hint = (
                f"; a share above 1 ({value:g}): check the denominator (a polygon larger than "
                "its official area?)"
            )
        else:
            hint = ""
        raise ValueError(f"a share must be a fraction from 0 to 1, got {x!r}{hint}")
    if value == 0.0:
        return SHARE_PHRASES[0].phrase
    if value == 1.0:
        return SHARE_PHRASES[-1].phrase
    return SHARE_PHRASES[bisect.bisect_right(_OPEN_LOWS, value)].phrase


# --------------------------------------------------------------------------------------------
# equal-area measurement
# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _equal_area_transformer() -> pyproj.Transformer:
    return pyproj.Transformer.from_crs(
        "EPSG:4326", pyproj.CRS.from_proj4(EQUAL_AREA_CRS), always_xy=True
    )


def _project(geoms: Any) -> Any:
    """Longitude/latitude geometries (one or an array) into the equal-area plane (metres)."""
    transformer = _equal_area_transformer()

    def forward(xy: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geoms, forward)


def _equal_area_km2(geoms: Any) -> np.ndarray:
    """Areas in km² of lon/lat geometries, measured in the equal-area projection."""
    arr = np.asarray(geoms, dtype=object)
    out = np.zeros(arr.shape, dtype=float)
    ok = ~shapely.is_missing(arr)
    if ok.any():
        out[ok] = shapely.area(_project(arr[ok])) / 1e6
    return out


def _halves(pool: Executor | None, fn: Callable[..., np.ndarray], *arrays: np.ndarray) -> Any:
    """``fn(*arrays)`` (elementwise) as two halves, one on ``pool``'s thread: GEOS and most of
    numpy release the GIL, so on two cores the halves run side by side."""
    n = len(arrays[0])
    if pool is None or n < _SPLIT_MIN:
        return fn(*arrays)
    mid = n // 2
    first = pool.submit(fn, *(a[:mid] for a in arrays))
    second = fn(*(a[mid:] for a in arrays))
    return np.concatenate([first.result(), second])


#: Fewer elements than this are not worth splitting over threads.
_SPLIT_MIN = 64


# --------------------------------------------------------------------------------------------
# the area engine: many days x many target polygons, reusing work across days
# --------------------------------------------------------------------------------------------

_M1 = np.uint64(0x9E3779B97F4A7C15)
_M2 = np.uint64(0xBF58476D1CE4E5B9)
_M3 = np.uint64(0x94D049BB133111EB)
_M4 = np.uint64(0xD6E8FEB86659FD93)


class _Edges(NamedTuple):
    """The directed edges of a polygonal geometry, hashed for matching against another's."""

    xy: np.ndarray  # (m, 2) every vertex, ring after ring
    start: np.ndarray  # (n,) index in xy of each edge's first vertex (the second is start + 1)
    ring: np.ndarray  # (n,) which ring each edge belongs to
    x: np.ndarray  # (m,) the bits of each vertex's x, for exact comparison
    y: np.ndarray  # (m,) the bits of each vertex's y
    keys: np.ndarray  # (n,) uint64 hash of each edge, sorted
    order: np.ndarray  # (n,) edge index of each sorted key


def _edges(geom: BaseGeometry) -> _Edges:
    """Every edge of a polygonal geometry, with sorted 64-bit hashes of (start, end)."""
    parts = shapely.get_parts(geom)
    parts = parts[shapely.get_type_id(parts) == 3]
    rings = shapely.get_rings(parts) if len(parts) else np.empty(0, dtype=object)
    if len(rings) == 0:
        none = np.empty(0, dtype=np.int64)
        bits = none.astype(np.uint64)
        return _Edges(np.empty((0, 2)), none, none, bits, bits, bits, none)
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
    return _Edges(xy, start, ring[start], bits[:, 0].copy(), bits[:, 1].copy(), h[order], order)


def _edges_of(geoms: np.ndarray) -> np.ndarray:
    """:func:`_edges` of each geometry, as an object array."""
    out = np.empty(len(geoms), dtype=object)
    for i, g in enumerate(geoms):
        out[i] = _edges(g)  # one by one: a NamedTuple is not to be unpacked into the array
    return out


def _unmatched(a: _Edges, b: _Edges) -> tuple[np.ndarray, np.ndarray]:
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


def _changed_runs(a: _Edges, b: _Edges) -> tuple[np.ndarray, np.ndarray]:
    """End points (lon0, lat0, lon1, lat1) of the edges in one geometry but not the other,
    and where runs of consecutive such edges along a ring start (a boolean per edge)."""
    ends, starts = [], []
    only_a, only_b = _unmatched(a, b)
    for e, idx in ((a, only_a), (b, only_b)):
        first = e.start[idx]
        ends.append(np.hstack([e.xy[first], e.xy[first + 1]]))
        starts.append(np.r_[True, (np.diff(idx) != 1) | (np.diff(e.ring[idx]) != 0)][: len(idx)])
    return np.vstack(ends), np.concatenate(starts)


def _run_boxes(ends: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Equal-area bounding boxes of runs of edges given by their lon/lat end points.

    An edge in the equal-area plane is the straight segment between its projected end
    points, so the boxes are exact.
    """
    if len(ends) == 0:
        return np.empty((0, 4))
    n = len(ends)
    x, y = _equal_area_transformer().transform(
        np.concatenate([ends[:, 0], ends[:, 2]]), np.concatenate([ends[:, 1], ends[:, 3]])
    )
    x0, x1, y0, y1 = x[:n], x[n:], y[:n], y[n:]
    at = np.flatnonzero(starts)
    return np.column_stack(
        [
            np.minimum.reduceat(np.minimum(x0, x1), at) - _PAD,
            np.minimum.reduceat(np.minimum(y0, y1), at) - _PAD,
            np.maximum.reduceat(np.maximum(x0, x1), at) + _PAD,
            np.maximum.reduceat(np.maximum(y0, y1), at) + _PAD,
        ]
    )


def _merge_boxes(boxes: np.ndarray) -> np.ndarray:
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


def _change_boxes(a: _Edges, b: _Edges) -> np.ndarray:
    """Disjoint equal-area boxes that together hold every difference between two geometries.

    Every part of the symmetric difference is bounded by edges found in one geometry but not
    the other, so the boxes around connected groups of such edges contain all of it; outside
    them the two geometries coincide.
    """
    return _merge_boxes(_run_boxes(*_changed_runs(a, b)))


def _all_change_boxes(
    pairs: Sequence[tuple[int, int]], edges: Any, pool: Executor | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_change_boxes` for many pairs (projecting all end points in one call).

    Returns the boxes and, for each, the index of its pair.
    """

    def changed(some: Sequence[tuple[int, int]]) -> list[tuple[np.ndarray, np.ndarray]]:
        return [_changed_runs(edges[a], edges[b]) for a, b in some]

    if pool is None or len(pairs) < _SPLIT_MIN:
        runs = changed(pairs)
    else:  # two halves side by side (numpy releases the GIL)
        first = pool.submit(changed, pairs[: len(pairs) // 2])
        second = changed(pairs[len(pairs) // 2 :])
        runs = first.result() + second
    counts = np.array([int(s.sum()) for _, s in runs], dtype=np.int64)
    if not len(runs) or counts.sum() == 0:
        return np.empty((0, 4)), np.empty(0, dtype=np.int64)
    every = _run_boxes(np.vstack([e for e, _ in runs]), np.concatenate([s for _, s in runs]))
    bounds = np.r_[0, np.cumsum(counts)]
    merged = [_merge_boxes(every[bounds[k] : bounds[k + 1]]) for k in range(len(runs))]
    owner = np.repeat(np.arange(len(runs)), [len(m) for m in merged])
    return np.vstack(merged), owner


@lru_cache(maxsize=1)
def _inverse_transformer() -> pyproj.Transformer:
    return pyproj.Transformer.from_crs(
        pyproj.CRS.from_proj4(EQUAL_AREA_CRS), "EPSG:4326", always_xy=True
    )


def _lonlat_boxes(boxes: np.ndarray) -> np.ndarray:
    """Longitude/latitude boxes that contain the given equal-area boxes, with a margin."""
    t = np.linspace(0.0, 1.0, 5)
    x0, y0, x1, y1 = (boxes[:, i : i + 1] for i in range(4))
    xs = np.hstack(
        [x0 + (x1 - x0) * t, x0 + (x1 - x0) * t, np.repeat(x0, 5, 1), np.repeat(x1, 5, 1)]
    )
    ys = np.hstack(
        [np.repeat(y0, 5, 1), np.repeat(y1, 5, 1), y0 + (y1 - y0) * t, y0 + (y1 - y0) * t]
    )
    lon, lat = _inverse_transformer().transform(xs.ravel(), ys.ravel())
    lon, lat = lon.reshape(xs.shape), lat.reshape(ys.shape)
    out = np.column_stack([lon.min(1), lat.min(1), lon.max(1), lat.max(1)])
    margin = 1e-3 + 0.01 * np.maximum(out[:, 2] - out[:, 0], out[:, 3] - out[:, 1])
    out[:, :2] -= margin[:, None]
    out[:, 2:] += margin[:, None]
    return out


def _clip_all(
    geoms: Sequence[BaseGeometry], projected: Any, which: np.ndarray, boxes: np.ndarray
) -> np.ndarray:
    """The projected ``geoms[which[k]]`` cut to the equal-area ``boxes[k]``, for every k.

    Only what is needed is projected: each geometry is first cut (in longitude/latitude) to a
    box that contains the equal-area box with a margin wider than any bending of the cut
    lines in the plane, that piece is projected and cut again to the equal-area box. Boxes
    wider than :data:`_LOCAL_DEGREES`, and any result that is not valid, are cut from the
    whole projected geometry instead.
    """
    out = np.empty(len(boxes), dtype=object)
    if len(boxes) == 0:
        return out
    outer = _lonlat_boxes(boxes)
    local = np.maximum(outer[:, 2] - outer[:, 0], outer[:, 3] - outer[:, 1]) <= _LOCAL_DEGREES
    near = np.empty(len(boxes), dtype=object)
    for k in np.flatnonzero(local).tolist():
        near[k] = shapely.clip_by_rect(geoms[which[k]], *outer[k])
    near[local] = _project(near[local])
    for k in np.flatnonzero(~local).tolist():
        near[k] = projected[which[k]]
    for k, (piece, b) in enumerate(zip(near, boxes.tolist(), strict=True)):
        out[k] = shapely.clip_by_rect(piece, *b)
    for k in np.flatnonzero(~shapely.is_valid(out)).tolist():
        out[k] = shapely.intersection(projected[which[k]], shapely.box(*boxes[k]))
    return out


def _gains(
    ca: np.ndarray,
    cb: np.ndarray,
    projected: Any,
    which: tuple[np.ndarray, np.ndarray],
    boxes: np.ndarray,
    pool: Executor | None = None,
) -> np.ndarray:
    """cb - ca elementwise, falling back box by box if GEOS gives up."""
    try:
        return _halves(pool, shapely.difference, cb, ca)
    except GEOSException:  # pragma: no cover - GEOS robustness fallback
        gained = np.empty(len(ca), dtype=object)
        for k in range(len(ca)):
            try:
                gained[k] = shapely.difference(cb[k], ca[k])
            except GEOSException:
                rect = shapely.box(*boxes[k])
                a = shapely.intersection(projected[which[0][k]], rect)
                b = shapely.intersection(projected[which[1][k]], rect)
                ca[k], cb[k], gained[k] = a, b, shapely.difference(b, a)
        return gained


class _AreaEngine:
    """Areas (km²) of projected geometries inside target polygons: one value per target and,
    last, the area of the whole geometry."""

    def __init__(
        self, targets: Sequence[BaseGeometry] | np.ndarray, pool: Executor | None = None
    ) -> None:
        self.pool = pool
        self.targets = _project(np.asarray(targets, dtype=object))
        shapely.prepare(self.targets)
        self.tree = shapely.STRtree(self.targets)
        self.n = len(self.targets)
        self.reach = shapely.bounds(self.targets).reshape(-1, 4)

    def full(self, g: BaseGeometry) -> np.ndarray:
        """Areas of one projected geometry inside each target, and its whole area."""
        out = np.zeros(self.n + 1)
        if g is None or g.is_empty:
            return out
        idx = self.tree.query(g, predicate="intersects")
        if len(idx):
            out[idx] = shapely.area(shapely.intersection(g, self.targets[idx]))
        out[-1] = shapely.area(g)
        return out / 1e6

    def measure(self, pieces: np.ndarray, owner: np.ndarray, n_owners: int) -> np.ndarray:
        """Areas of projected pieces summed per owner: array (owners, targets + 1)."""
        out = np.zeros((n_owners, self.n + 1))
        keep = ~shapely.is_empty(pieces)
        pieces, owner = pieces[keep], owner[keep]
        if len(pieces) == 0:
            return out
        area = shapely.area(pieces)
        np.add.at(out, (owner, np.full(len(owner), self.n)), area)
        p, r = self.tree.query(pieces, predicate="intersects")
        if len(p):
            values = area[p]
            cut = np.flatnonzero(~shapely.contains_properly(self.targets[r], pieces[p]))
            if len(cut):
                near = self._near(r[cut], pieces[p[cut]])
                values[cut] = shapely.area(
                    _halves(self.pool, shapely.intersection, pieces[p[cut]], near)
                )
            np.add.at(out, (owner[p], r), values)
        return out / 1e6

    def changes(
        self,
        ca: np.ndarray,
        cb: np.ndarray,
        gained: np.ndarray,
        owner: np.ndarray,
        n_owners: int,
        boxes: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Areas gained and lost, per owner, inside each target and in all.

        ``ca``/``cb`` are the geometries before/after cut to ``boxes``, ``gained`` is
        ``cb - ca``. A box inside one target (or outside all) needs no more overlays: all it
        holds is in that target, and what was lost is what was gained minus the growth
        ``area(cb) - area(ca)``. Only boxes across a target's edge are measured piece by piece.
        """
        gains = np.zeros((n_owners, self.n + 1))
        losses = np.zeros((n_owners, self.n + 1))
        if len(boxes) == 0:
            return gains, losses
        rects = shapely.box(boxes[:, 0], boxes[:, 1], boxes[:, 2], boxes[:, 3])
        k, r = self.tree.query(rects, predicate="intersects")
        inside = shapely.contains_properly(self.targets[r], rects[k])
        across = np.zeros(len(boxes), dtype=bool)
        across[k[~inside]] = True
        simple = np.flatnonzero(~across)
        won = shapely.area(gained[simple])
        lost = won - (shapely.area(cb[simple]) - shapely.area(ca[simple]))
        last = np.full(len(simple), self.n)
        np.add.at(gains, (owner[simple], last), won)
        np.add.at(losses, (owner[simple], last), lost)
        within = inside & ~across[k]
        position = np.full(len(boxes), -1)
        position[simple] = np.arange(len(simple))
        np.add.at(gains, (owner[k[within]], r[within]), won[position[k[within]]])
        np.add.at(losses, (owner[k[within]], r[within]), lost[position[k[within]]])
        gains /= 1e6
        losses /= 1e6
        hard = np.flatnonzero(across)
        if len(hard):
            gains += self.measure(gained[hard], owner[hard], n_owners)
            lost_pieces = _halves(self.pool, shapely.difference, ca[hard], cb[hard])
            losses += self.measure(lost_pieces, owner[hard], n_owners)
        return gains, losses

    def _near(self, targets: np.ndarray, pieces: np.ndarray) -> np.ndarray:
        """Each target cut to the bounding box of its piece (so intersecting it is cheap)."""
        boxes = shapely.bounds(pieces).tolist()
        near = np.array(
            [
                shapely.clip_by_rect(self.targets[t], *b)
                for t, b in zip(targets.tolist(), boxes, strict=True)
            ],
            dtype=object,
        )
        bad = ~shapely.is_valid(near)
        if bad.any():
            near[bad] = self.targets[targets[bad]]
        return near

    def touching(self, boxes: np.ndarray) -> np.ndarray:
        """Which boxes meet the bounding box of some target."""
        r = self.reach
        return (
            (boxes[:, None, 0] <= r[None, :, 2])
            & (boxes[:, None, 2] >= r[None, :, 0])
            & (boxes[:, None, 1] <= r[None, :, 3])
            & (boxes[:, None, 3] >= r[None, :, 1])
        ).any(axis=1)


class _Series(NamedTuple):
    days: pd.DatetimeIndex  # the snapshot days
    km2: np.ndarray  # (days, targets + 1)
    gained: np.ndarray  # (days, targets + 1), NaN on the first day
    lost: np.ndarray


class _Projected(dict):
    """Projected geometries by index, projected on first use."""

    def __init__(self, geoms: Sequence[BaseGeometry]) -> None:
        super().__init__()
        self.geoms = geoms

    def __missing__(self, g: int) -> BaseGeometry:
        self[g] = _project(self.geoms[g])
        return self[g]


def _run(
    groups: np.ndarray, geoms: Sequence[BaseGeometry], targets: Any, *, total: bool = True
) -> np.ndarray:
    """km², gained and lost per day: an array of shape (3, days, targets + 1).

    ``groups[i]`` is the index in ``geoms`` (longitude/latitude) of day ``i``'s geometry.

    1. Each pair of consecutive different geometries is a transition; the boxes that hold
       everything that changed are found by comparing edges (:func:`_change_boxes`).
    2. Both geometries are cut to those boxes (:func:`_clip_all`) and differenced there, all
       boxes of all transitions in one vectorised call, and what was gained and lost is
       measured inside every target (:meth:`_AreaEngine.changes`).
    3. The first day is measured in full; each later new geometry takes the previous day's
       areas plus its gains minus its losses (exact: areas in one plane add up), and every
       :data:`_ANCHOR_EVERY` steps one is measured in full again.

    With ``total=False`` only changes near the targets are measured, and the last column (the
    whole geometry) is NaN. Steps 1 and 2 run on two threads (GEOS and numpy release the GIL).
    """
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="frontline-measure") as pool:
        return _run_on(pool, groups, geoms, targets, total=total)


def _run_on(
    pool: Executor, groups: np.ndarray, geoms: Sequence[BaseGeometry], targets: Any, *, total: bool
) -> np.ndarray:
    engine = _AreaEngine(targets, pool)
    width = engine.n + 1
    seq = np.asarray(groups).tolist()
    n_days = len(seq)
    pairs: dict[tuple[int, int], int] = {}
    day_pair = np.full(n_days, -1)
    for i in range(1, n_days):
        if seq[i] != seq[i - 1]:
            day_pair[i] = pairs.setdefault((seq[i - 1], seq[i]), len(pairs))

    used = sorted({g for pair in pairs for g in pair})
    edges = dict(
        zip(used, _halves(pool, _edges_of, np.asarray(geoms, dtype=object)[used]), strict=True)
    )
    boxes, owner = _all_change_boxes(list(pairs), edges, pool)
    if not total and len(boxes):
        near = engine.touching(boxes)
        boxes, owner = boxes[near], owner[near]
    ends = np.array(list(pairs), dtype=np.int64).reshape(-1, 2)
    side_a, side_b = ends[owner, 0], ends[owner, 1]

    projected = _Projected(geoms)
    clipping = pool.submit(_clip_all, geoms, projected, side_a, boxes)
    cb = _clip_all(geoms, projected, side_b, boxes)
    ca = clipping.result()
    gained_pieces = _gains(ca, cb, projected, (side_a, side_b), boxes, pool)
    gains, losses = engine.changes(ca, cb, gained_pieces, owner, len(pairs), boxes)
    if not total:
        gains[:, -1] = losses[:, -1] = np.nan

    def full(g: int) -> np.ndarray:
        out = engine.full(projected[g])
        if not total:
            out[-1] = np.nan
        return out

    km2 = np.full((len(geoms), width), np.nan)
    known = np.zeros(len(geoms), dtype=bool)
    gained = np.full((n_days, width), np.nan)
    lost = np.full((n_days, width), np.nan)
    steps = 0
    for i, g in enumerate(seq):
        if i == 0:
            km2[g] = full(g)
            known[g] = True
            continue
        p = day_pair[i]
        if p < 0:
            gained[i] = lost[i] = 0.0
            continue
        gained[i], lost[i] = gains[p], losses[p]
        if not known[g]:
            steps += 1
            if steps % _ANCHOR_EVERY == 0:
                km2[g] = full(g)
            else:
                km2[g] = km2[seq[i - 1]] + gains[p] - losses[p]
            known[g] = True
    out = np.stack([km2[seq], gained, lost])
    out[np.abs(out) < _NOISE_KM2] = 0.0  # floating-point dust of the overlays
    return out


def _series(
    h: ControlHistory, targets: Any, *, statuses: Any, source: str | None, total: bool = True
) -> tuple[_Series, str]:
    """Per snapshot day: assessed km² inside each target polygon (+ in all), gains, losses."""
    src = h.pick_source(source)
    groups, geoms = h.distinct(statuses=_statuses(statuses), source=src)
    out = _run(groups.to_numpy(), geoms, targets, total=total)
    return _Series(pd.DatetimeIndex(groups.index), out[0], out[1], out[2]), src


# --------------------------------------------------------------------------------------------
# input checks and shared helpers
# --------------------------------------------------------------------------------------------


def _check_history(h: Any) -> ControlHistory:
    if not isinstance(h, ControlHistory):
        raise ValueError(
            f"expected a ControlHistory (e.g. fl.read_deepstate(...)), got {type(h).__name__}"
        )
    if len(h) == 0:
        raise ValueError("the ControlHistory holds no days")
    crs = h.frame.crs
    if crs is None or pyproj.CRS.from_user_input(crs).to_epsg() != 4326:
        raise ValueError(
            f"the history's geometries must be longitude/latitude (EPSG:4326), not {crs}; "
            "rebuild it with ControlHistory.from_features, which reprojects"
        )
    return h


def _statuses(statuses: str | Iterable[str]) -> tuple[str, ...]:
    from frontline.control import STATUSES

    out = (statuses,) if isinstance(statuses, str) else tuple(statuses)
    bad = [s for s in out if s not in STATUSES]
    if not out or bad:
        raise ValueError(
            f"statuses must name one or more of {', '.join(STATUSES)}; got {statuses!r}"
        )
    return out


def _day(value: Any, what: str = "date") -> pd.Timestamp:
    return parse_day(value, what)


def _check_km(value: Any, what: str, *, allow_zero: bool = True) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{what} must be a number of km, got {value!r}") from None
    if not math.isfinite(v) or v < 0 or (v == 0 and not allow_zero):
        need = "a non-negative" if allow_zero else "a positive"
        raise ValueError(f"{what} must be {need} finite number, got {value!r}")
    return v


@lru_cache(maxsize=1)
def _regions() -> tuple[pd.DataFrame, np.ndarray]:
    """The 27 regions (code, name, official area, polygon area by this module's method)."""
    from frontline.regions import load_regions

    regions = load_regions()
    geoms = regions.geometry.to_numpy()
    table = pd.DataFrame(
        {
            "code": regions["code"].to_numpy(),
            "name": regions["name"].to_numpy(),
            "area_km2": _equal_area_km2(geoms),
            "area_km2_official": regions["area_km2_official"].to_numpy(dtype=float),
        }
    )
    return table, geoms


def _region_code(name: Any) -> str:
    from frontline.regions import region_code

    return region_code(name)


def _denominator(denominator: str) -> tuple[float, str]:
    if denominator == "official":
        return float(UKRAINE_AREA_KM2), UKRAINE_AREA_SOURCE
    if denominator == "polygons":
        return float(_regions()[0]["area_km2"].sum()), (
            "area of the 27 region polygons (Natural Earth boundaries, frontline.regions)"
        )
    raise ValueError(f"denominator must be 'official' or 'polygons', got {denominator!r}")


def _footnote(
    source: str,
    snapshot: pd.Timestamp | None,
    *,
    carried: bool,
    requested: pd.Timestamp | None,
    what: str,
) -> str:
    if snapshot is None:
        when = ""
    else:
        when = f", snapshot {snapshot:%Y-%m-%d}"
        if carried and requested is not None:
            when += f" (the latest on or before {requested:%Y-%m-%d})"
    return f"Source: {source}{when}; {what}; areas on the WGS84 ellipsoid (equal-area)."


def _national_what(denominator: str, denom_km2: float) -> str:
    if denominator == "official":
        return f"share of Ukraine's {UKRAINE_AREA_KM2:,} km² ({UKRAINE_AREA_SOURCE})"
    return f"share of the 27 region polygons' {denom_km2:,.0f} km²"


def _attrs(
    *,
    source: str,
    snapshot: Any,
    carried: bool,
    denominator: str,
    denominator_km2: float | None,
    denominator_source: str,
    statuses: tuple[str, ...],
    footnote: str,
    **extra: Any,
) -> dict[str, Any]:
    out = {
        "source": source,
        "snapshot_date": snapshot,
        "carried_forward": carried,
        "denominator": denominator,
        "denominator_km2": denominator_km2,
        "denominator_source": denominator_source,
        "statuses": statuses,
        "method": METHOD,
        "footnote": footnote,
    }
    out.update(extra)
    return out


# --------------------------------------------------------------------------------------------
# area_share
# --------------------------------------------------------------------------------------------


def area_share(
    h: ControlHistory,
    date: Any,
    *,
    by: Literal["region"] | None = None,
    statuses: str | Iterable[str] = OCCUPIED,
    source: str | None = None,
    denominator: Literal["official", "polygons"] = "official",
) -> pd.DataFrame:
    """How much ground is held on a day, in km² and as a share, nationally or per region.

    Parameters
    ----------
    h : ControlHistory
        The assessed control (e.g. ``fl.read_deepstate(...)`` or ``fl.example_control()``).
    date : str, datetime.date or Timestamp
        The day; a day missing from the source takes the latest earlier snapshot
        (``carried_forward`` says so).
    by : {None, "region"}
        None: one row for Ukraine. "region": one row per region (27, by ISO code).
    statuses : str or iterable of str, default ("occupied", "occupied_before_2022")
        Which statuses count as held.
    source : str, optional
        Needed when the history holds several sources.
    denominator : {"official", "polygons"}
        National share of Ukraine's official 603,628 km² (numerator: the whole assessed area)
        or of the 27 region polygons (numerator: the assessed area inside them). Per region,
        the share is always of the region's polygon, and ``share_official`` of its official
        area. ``share_official`` can exceed 1 slightly where a region's polygon is larger than
        its official area (Crimea, UA-43: the polygon is about 1% larger than the official
        26,081 km², and the held area there gives a ``share_official`` of about 1.0006, i.e.
        +0.06%); it is a ratio, not a share to pass to :func:`describe_share` (use ``share``).

    Returns
    -------
    pandas.DataFrame
        National: ``date``, ``code`` ("UA"), ``name`` ("Ukraine"), ``km2``, ``share``
        (``km2 / denominator_km2``), ``denominator_km2``, ``km2_assessed``,
        ``km2_in_regions``, ``snapshot_date``, ``carried_forward``.
        By region: ``date``, ``code``, ``name``, ``km2``, ``share``, ``share_official``,
        ``denominator_km2`` (polygon area), ``area_km2_official``, ``snapshot_date``,
        ``carried_forward``. ``.attrs``: provenance and ``footnote``.

    Raises
    ------
    DateOutOfRangeError
        ``date`` is before the first or after the last day of the history (a LookupError).
    ValueError
        Bad ``by``, ``denominator`` or ``statuses``; a history not in EPSG:4326.

    Examples
    --------
    >>> import frontline as fl
    >>> h = fl.example_control()
    >>> national = fl.area_share(h, "2025-06-08")
    >>> share = float(national["share"].iloc[0])
    >>> round(share, 3), fl.describe_share(share)
    (0.188, 'just under one-fifth')
    >>> national.attrs["footnote"]  # doctest: +NORMALIZE_WHITESPACE
    "Source: DeepStateMap, snapshot 2025-06-08; share of Ukraine's 603,628 km² (State
    Statistics Service of Ukraine); areas on the WGS84 ellipsoid (equal-area)."
    >>> regions = fl.area_share(h, "2025-06-08", by="region").set_index("code")
    >>> fl.describe_share(regions.loc["UA-09", "share"]), float(regions.loc["UA-12", "km2"])
    ('all but a sliver', 0.0)
    """
    h = _check_history(h)
    if by not in (None, "region"):
        raise ValueError(f"by must be None (national) or 'region', got {by!r}")
    wanted = _statuses(statuses)
    src = h.pick_source(source)
    denom_km2, denom_source = _denominator(denominator)
    when = _day(date)
    rows = h.as_of(when, source=src)
    snapshot = rows.attrs["snapshot_date"]
    carried = bool(rows.attrs["carried_forward"])
    geom = h.geometry_on(when, statuses=wanted, source=src)
    table, geoms = _regions()
    values = _AreaEngine(geoms).full(_project(geom))
    per_region, assessed = values[:-1], float(values[-1])
    in_regions = float(per_region.sum())
    if by is None:
        km2 = assessed if denominator == "official" else in_regions
        out = pd.DataFrame(
            {
                "date": [when],
                "code": [_NATIONAL_CODE],
                "name": [_NATIONAL_NAME],
                "km2": [km2],
                "share": [km2 / denom_km2],
                "denominator_km2": [denom_km2],
                "km2_assessed": [assessed],
                "km2_in_regions": [in_regions],
                "snapshot_date": [snapshot],
                "carried_forward": [carried],
            }
        )
        what = _national_what(denominator, denom_km2)
        dn, dn_km2, dn_src = denominator, denom_km2, denom_source
    else:
        out = pd.DataFrame(
            {
                "date": when,
                "code": table["code"],
                "name": table["name"],
                "km2": per_region,
                "share": np.clip(per_region / table["area_km2"].to_numpy(), 0.0, 1.0),
                "share_official": per_region / table["area_km2_official"].to_numpy(),
                "denominator_km2": table["area_km2"],
                "area_km2_official": table["area_km2_official"],
                "snapshot_date": snapshot,
                "carried_forward": carried,
            }
        )
        what = "shares of each region's polygon (share_official: of its official area)"
        dn, dn_km2, dn_src = "region polygons", None, "frontline.regions (Natural Earth)"
    out.attrs = _attrs(
        source=src,
        snapshot=snapshot,
        carried=carried,
        denominator=dn,
        denominator_km2=dn_km2,
        denominator_source=dn_src,
        statuses=wanted,
        requested_date=when,
        footnote=_footnote(src, snapshot, carried=carried, requested=when, what=what),
    )
    return out


# --------------------------------------------------------------------------------------------
# timeline
# --------------------------------------------------------------------------------------------


def timeline(
    h: ControlHistory,
    *,
    by: Literal["region"] | None = None,
    statuses: str | Iterable[str] = OCCUPIED,
    source: str | None = None,
    fill: Literal["carry"] | None = None,
    window: int = 7,
    denominator: Literal["official", "polygons"] = "official",
) -> pd.DataFrame:
    """Held ground day by day over a whole history, nationally or per region.

    One row per calendar day from the first to the last day of the history (times 27 with
    ``by="region"``). Fast: only the ground that changed from one snapshot to the next is
    measured (see the module documentation); 769 days by 27 regions take about half a second
    on two cores, less than parsing the files (``benchmarks/timeline.py``). The figures are
    those of :func:`area_share` for the same day.

    Parameters
    ----------
    h : ControlHistory
    by : {None, "region"}
    statuses, source, denominator
        As in :func:`area_share`.
    fill : {None, "carry"}
        Days the source skipped: None keeps them as rows of NaN (``snapshot_date`` NaT);
        "carry" repeats the latest earlier snapshot, flagged ``carried_forward``.
    window : int, default 7
        Days over which ``rate_km2_per_day`` is averaged.

    Returns
    -------
    pandas.DataFrame
        ``date``, ``code``, ``name``, ``km2``, ``share``, ``change_km2`` (net change since the
        previous snapshot; after a gap, the change over the gap), ``gained_km2`` and
        ``lost_km2`` (areas of the geometric differences with the previous snapshot),
        ``rate_km2_per_day`` (net change over the last ``window`` days / ``window``, from the
        latest snapshots on or before both ends; NaN for the first ``window`` days and on
        missing days), ``denominator_km2``, ``snapshot_date``, ``carried_forward``; per region
        also ``share_official``; nationally also ``km2_assessed`` and ``km2_in_regions``.
        ``.attrs``: provenance, ``missing_days`` and ``footnote``.

    Examples
    --------
    >>> import frontline as fl
    >>> t = fl.timeline(fl.example_control(), by="region")
    >>> len(t), float(t.loc[t["code"] == "UA-12", "km2"].iloc[0])
    (27, 0.0)
    """
    h = _check_history(h)
    if by not in (None, "region"):
        raise ValueError(f"by must be None (national) or 'region', got {by!r}")
    if fill not in (None, "carry"):
        raise ValueError(f"fill must be None (gaps stay missing) or 'carry', got {fill!r}")
    if isinstance(window, bool) or not isinstance(window, int | np.integer) or window < 1:
        raise ValueError(f"window must be a positive whole number of days, got {window!r}")
    wanted = _statuses(statuses)
    denom_km2, denom_source = _denominator(denominator)
    table, geoms = _regions()
    series, src = _series(h, geoms, statuses=wanted, source=source)
    days = series.days
    calendar = pd.date_range(days[0], days[-1], freq="D", name="date")
    asof = np.searchsorted(days.to_numpy(), calendar.to_numpy(), side="right") - 1
    present = np.zeros(len(calendar), dtype=bool)
    present[calendar.get_indexer(days)] = True
    carried = ~present

    km2_days = series.km2
    change_days = np.vstack([np.full((1, km2_days.shape[1]), np.nan), np.diff(km2_days, axis=0)])
    km2 = km2_days[asof]
    rate = np.full_like(km2, np.nan)
    if len(calendar) > window:
        rate[window:] = (km2[window:] - km2[:-window]) / window
    change = change_days[asof]
    gained = series.gained[asof]
    lost = series.lost[asof]
    if fill == "carry":
        for arr in (change, gained, lost):
            arr[carried] = 0.0
        snapshot = days[asof]
        carried_flag = carried
    else:
        for arr in (km2, change, gained, lost, rate):
            arr[carried] = np.nan
        snapshot = pd.DatetimeIndex(np.where(present, days[asof].to_numpy(), np.datetime64("NaT")))
        carried_flag = np.zeros(len(calendar), dtype=bool)

    if by is None:
        in_regions = km2[:, :-1].sum(axis=1)
        assessed = km2[:, -1]
        numerator = assessed if denominator == "official" else in_regions
        if denominator == "official":
            d_change, d_gain, d_lost, d_rate = (
                change[:, -1],
                gained[:, -1],
                lost[:, -1],
                rate[:, -1],
            )
        else:
            d_change, d_gain, d_lost, d_rate = (
                change[:, :-1].sum(axis=1),
                gained[:, :-1].sum(axis=1),
                lost[:, :-1].sum(axis=1),
                rate[:, :-1].sum(axis=1),
            )
        out = pd.DataFrame(
            {
                "date": calendar,
                "code": _NATIONAL_CODE,
                "name": _NATIONAL_NAME,
                "km2": numerator,
                "share": numerator / denom_km2,
                "change_km2": d_change,
                "gained_km2": d_gain,
                "lost_km2": d_lost,
                "rate_km2_per_day": d_rate,
                "denominator_km2": denom_km2,
                "km2_assessed": assessed,
                "km2_in_regions": in_regions,
                "snapshot_date": snapshot,
                "carried_forward": carried_flag,
            }
        )
        what = _national_what(denominator, denom_km2)
        dn, dn_km2, dn_src = denominator, denom_km2, denom_source
    else:
        n_reg = len(table)
        n_cal = len(calendar)
        region_km2 = km2[:, :-1].ravel()
        poly = np.tile(table["area_km2"].to_numpy(), n_cal)
        official = np.tile(table["area_km2_official"].to_numpy(), n_cal)
        out = pd.DataFrame(
            {
                "date": np.repeat(calendar.to_numpy(), n_reg),
                "code": np.tile(table["code"].to_numpy(), n_cal),
                "name": np.tile(table["name"].to_numpy(), n_cal),
                "km2": region_km2,
                "share": np.clip(region_km2 / poly, 0.0, 1.0),
                "share_official": region_km2 / official,
                "change_km2": change[:, :-1].ravel(),
                "gained_km2": gained[:, :-1].ravel(),
                "lost_km2": lost[:, :-1].ravel(),
                "rate_km2_per_day": rate[:, :-1].ravel(),
                "denominator_km2": poly,
                "snapshot_date": np.repeat(snapshot.to_numpy(), n_reg),
                "carried_forward": np.repeat(carried_flag, n_reg),
            }
        )
        what = "shares of each region's polygon (share_official: of its official area)"
        dn, dn_km2, dn_src = "region polygons", None, "frontline.regions (Natural Earth)"
    missing = list(calendar[~present])
    out.attrs = _attrs(
        source=src,
        snapshot=days[-1],
        carried=bool(fill == "carry" and len(missing) > 0),
        denominator=dn,
        denominator_km2=dn_km2,
        denominator_source=dn_src,
        statuses=wanted,
        start=days[0],
        end=days[-1],
        missing_days=missing,
        fill=fill,
        window=int(window),
        footnote=(
            f"Source: {src}, daily snapshots {days[0]:%Y-%m-%d} to {days[-1]:%Y-%m-%d} "
            f"({len(missing)} days missing{', carried forward' if fill == 'carry' else ''}); "
            f"{what}; areas on the WGS84 ellipsoid (equal-area)."
        ),
    )
    return out


# --------------------------------------------------------------------------------------------
# first entry
# --------------------------------------------------------------------------------------------


def _check_threshold(min_km2: Any) -> float:
    try:
        value = float(min_km2)
    except (TypeError, ValueError):
        raise ValueError(f"min_km2 must be a number of km², got {min_km2!r}") from None
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"min_km2 must be a non-negative finite number of km², got {min_km2!r}")
    return value


def first_entry(
    h: ControlHistory,
    region: str,
    *,
    min_km2: float = 0.5,
    statuses: str | Iterable[str] = OCCUPIED,
    source: str | None = None,
) -> pd.Timestamp:
    """The first day on which the held ground inside a region exceeds ``min_km2``.

    The search starts at the history's first day. If that first day already exceeds the
    threshold, it is returned (the entry happened before the record began; see
    :func:`first_entry_table`, whose ``before_record`` column flags it).

    Parameters
    ----------
    h : ControlHistory
    region : str
        Any name or ISO code :func:`frontline.regions.region` accepts.
    min_km2 : float, default 0.5
        Threshold in km² (strictly exceeded); a small positive value ignores slivers where the
        source's outline and the region polygon disagree.
    statuses, source
        As in :func:`area_share`.

    Returns
    -------
    pandas.Timestamp
        The day, or ``pandas.NaT`` (pandas' missing Timestamp) if the threshold is never
        exceeded; never None, never raises for "not yet".

    Raises
    ------
    LookupError
        The region name does not resolve.
    ValueError
        A negative or non-numeric ``min_km2``.

    Examples
    --------
    >>> import frontline as fl
    >>> h = fl.example_control()
    >>> fl.first_entry(h, "Donetsk")
    Timestamp('2025-06-08 00:00:00')
    >>> fl.first_entry(h, "Dnipropetrovsk")
    NaT
    """
    h = _check_history(h)
    threshold = _check_threshold(min_km2)
    code = _region_code(region)
    table, geoms = _regions()
    target = geoms[table.index[table["code"] == code]]
    series, _ = _series(h, target, statuses=_statuses(statuses), source=source, total=False)
    above = np.flatnonzero(series.km2[:, 0] > threshold)
    return series.days[above[0]] if len(above) else pd.NaT


def first_entry_table(
    h: ControlHistory,
    *,
    min_km2: float = 0.5,
    statuses: str | Iterable[str] = OCCUPIED,
    source: str | None = None,
) -> pd.DataFrame:
    """:func:`first_entry` for every region at once.

    Returns
    -------
    pandas.DataFrame
        One row per region: ``code``, ``name``, ``first_entry`` (NaT if never), ``km2`` (held
        that day), ``before_record`` (True when the history's first day already exceeds the
        threshold, so the real entry is older than the record). ``.attrs``: provenance.

    Examples
    --------
    >>> import frontline as fl
    >>> from frontline.measure import first_entry_table
    >>> t = first_entry_table(fl.example_control()).set_index("code")
    >>> bool(t.loc["UA-43", "before_record"]), t.loc["UA-12", "first_entry"]
    (True, NaT)
    """
    h = _check_history(h)
    threshold = _check_threshold(min_km2)
    wanted = _statuses(statuses)
    table, geoms = _regions()
    series, src = _series(h, geoms, statuses=wanted, source=source, total=False)
    above = series.km2[:, :-1] > threshold
    anywhere = above.any(axis=0)
    first = np.where(anywhere, above.argmax(axis=0), 0)
    out = pd.DataFrame(
        {
            "code": table["code"],
            "name": table["name"],
            "first_entry": pd.DatetimeIndex(
                np.where(anywhere, series.days.to_numpy()[first], np.datetime64("NaT"))
            ),
            "km2": np.where(anywhere, series.km2[first, np.arange(len(table))], np.nan),
            "before_record": anywhere & (first == 0),
        }
    )
    out.attrs = _attrs(
        source=src,
        snapshot=series.days[-1],
        carried=False,
        denominator="none",
        denominator_km2=None,
        denominator_source="",
        statuses=wanted,
        min_km2=threshold,
        start=series.days[0],
        end=series.days[-1],
        footnote=(
            f"Source: {src}, daily snapshots {series.days[0]:%Y-%m-%d} to "
            f"{series.days[-1]:%Y-%m-%d}; first day with more than {threshold:g} km² held in "
            "the region; areas on the WGS84 ellipsoid (equal-area)."
        ),
    )
    return out


# --------------------------------------------------------------------------------------------
# reconcile claims with the assessment
# --------------------------------------------------------------------------------------------


class _Test(NamedTuple):
    kind: str  # "touch", "cover", "any", "border"
    targets: list[int]  # indexes into the engine's targets
    area: float  # area of the tested polygon (for "cover")
    text: str  # what borne out means for Russian gains
    text_ua: str  # ... and for Ukrainian gains
    share: float | None = None  # for "cover": the share that counts (None: min_area_share)


def _gainer(side: str, kind: str, third_party: str) -> str | None:
    if kind in _GAINING_KINDS:
        gainer = side
    elif kind in _LOSING_KINDS:
        gainer = {"RU": "UA", "UA": "RU"}.get(side, side)
    else:
        return None
    if gainer == "third party":
        return third_party
    return gainer if gainer in ("RU", "UA") else None


def _claims_frame(claims: Any) -> pd.DataFrame:
    import geopandas as gpd

    if not isinstance(claims, gpd.GeoDataFrame):
        raise ValueError(
            "claims must be a claims table: a GeoDataFrame in EPSG:4326 (fl.example_claims, "
            f"fl.read_claims, fl.claims_from_records), got {type(claims).__name__}"
        )
    needed = ("claim_id", "date", "side", "kind", "status", "precision", "geometry")
    missing = [c for c in needed if c not in claims.columns]
    if missing:
        raise ValueError(
            f"the claims table lacks column(s) {', '.join(missing)}; build it with "
            "fl.claims_from_records or fl.read_claims"
        )
    if claims.geometry.name != "geometry":
        claims = claims.set_geometry("geometry")
    if claims.crs is None:
        if claims.geometry.notna().any():
            raise ValueError(
                "the claims table has no CRS; set it (claims.set_crs(4326)) so that "
                "coordinates are not taken for planar degrees by mistake"
            )
    elif pyproj.CRS.from_user_input(claims.crs).to_epsg() != 4326:
        claims = claims.to_crs(4326)
    return claims


def reconcile(
    claims: pd.DataFrame,
    h: ControlHistory,
    *,
    min_km2: float = 0.5,
    border_km: float = 5.0,
    min_area_share: float = 0.5,
    max_lag_days: int = 14,
    third_party: Literal["RU", "UA"] = "RU",
    statuses: str | Iterable[str] = OCCUPIED,
    source: str | None = None,
) -> pd.DataFrame:
    """Check territorial claims against the assessed control: borne out? when? how late?

    Each claim that says ground changed hands (kinds "advance", "capture", "breakthrough",
    "counterattack": the claimant's side gained; "withdrawal": it lost) and has a geometry is
    tested day by day. The test depends on the geometry and its precision; for Russian gains:

    ========================  ====================================================
    geometry (precision)      borne out on a day when the held ground ...
    ========================  ====================================================
    point, kind "capture"     covers the point itself (at least half of a 50 m disc
                              around it); with ``precision_m``: comes within
                              ``precision_m`` of the point, no more
    point (other kinds)       comes within the tolerance of the point:
                              ``precision_m``, else 0.5 km (point) / 2 km
                              (settlement)
    line (border segment)     inside the claim's ``region`` exceeds ``min_km2`` and
                              reaches within ``border_km`` of the line; without a
                              ``region`` the claim is not tested (NA)
    polygon (region)          inside it exceeds ``min_km2``
    polygon (other)           covers at least ``min_area_share`` of it
    ========================  ====================================================

    A capture names a place, so it is borne out only once the place itself is held, not when
    the held ground merely comes near it (a settlement's 2 km tolerance would call it days
    early). A border segment is shared by two regions: held ground near it says nothing about
    which side was entered, so a border claim without the ``region`` it claims to enter gets
    ``borne_out`` NA, no ``suggested_status`` and a note asking for the region.

    Ukrainian gains are borne out when the same test fails: no held ground within the
    tolerance of the point, at most ``min_km2`` held in the region (or none near the line),
    less than ``min_area_share`` of the area held. Third-party claims are read as reports of
    ``third_party`` gains (default: Russian). The ``test`` column says, in words, what was
    tested.

    ``first_day`` is the first day of the run of days on which the test holds: if it holds
    on the claim's date (or the latest snapshot before it), the run's start, which may be before
    the claim (a negative ``lag_days``: the assessment showed it first; ``before_record`` when
    the run starts on the history's first day); otherwise the first later day it holds.

    Parameters
    ----------
    claims : geopandas.GeoDataFrame
        A claims table (:data:`frontline.claims.CLAIM_COLUMNS`) in EPSG:4326 (other CRSs are
        reprojected; a table without a CRS is refused). It is not modified.
    h : ControlHistory
    min_km2, border_km, min_area_share
        Thresholds of the tests above (non-negative).
    max_lag_days : int, default 14
        A claim borne out within this many days (with high or medium confidence) is
        suggested "confirmed"; later, "unverified" (premature or the assessment lagged).
    third_party : {"RU", "UA"}
        Whose gains a third-party claim reports.
    statuses, source
        As in :func:`area_share`.

    Returns
    -------
    pandas.DataFrame
        One row per claim, in order: ``claim_id``, ``date``, ``side``, ``kind``, ``precision``,
        ``status`` (the claim's own, unchanged), ``test``, ``borne_out`` (nullable boolean; NA
        when the claim cannot be tested), ``first_day``, ``lag_days`` (nullable integer,
        ``first_day - date``), ``before_record``, ``checked_until``, ``confidence`` ("high",
        "medium", "low" from the precision, see :data:`CONFIDENCE`), ``suggested_status``
        (None when not tested) and ``note``. The claims table itself is never modified.

    Raises
    ------
    ValueError
        Not a claims table, a table without CRS, negative thresholds, or no claim that can be
        tested (none has a geometry and a territorial kind; a border claim without its
        ``region`` does not raise, it gets a row with ``borne_out`` NA and a note).

    Examples
    --------
    >>> import frontline as fl
    >>> r = fl.reconcile(fl.example_claims("2025-06-08"), fl.example_control())
    >>> r[["claim_id", "borne_out", "confidence"]]
                         claim_id  borne_out confidence
    0    ru-mod-2025-06-08-dnipro      False     medium
    1   ua-gs-2025-06-08-pokrovsk       <NA>        NaN
    2     isw-2025-06-07-pokrovsk       <NA>        NaN
    3  deepstate-2025-06-08-share       <NA>        NaN
    4         cnn-2025-06-08-sumy       True        low
    """
    h = _check_history(h)
    frame = _claims_frame(claims)
    threshold = _check_threshold(min_km2)
    border = _check_km(border_km, "border_km")
    try:
        cover = float(min_area_share)
    except (TypeError, ValueError):
        cover = float("nan")
    if not (0.0 < cover <= 1.0):
        raise ValueError(f"min_area_share must be a fraction in (0, 1], got {min_area_share!r}")
    if (
        isinstance(max_lag_days, bool)
        or not isinstance(max_lag_days, int | np.integer)
        or max_lag_days < 0
    ):
        raise ValueError(f"max_lag_days must be a non-negative whole number, got {max_lag_days!r}")
    if third_party not in ("RU", "UA"):
        raise ValueError(f"third_party must be 'RU' or 'UA', got {third_party!r}")
    wanted = _statuses(statuses)
    src = h.pick_source(source)

    targets: list[BaseGeometry] = []
    target_index: dict[Any, int] = {}

    def add(key: Any, geom: BaseGeometry) -> int:
        if key not in target_index:
            target_index[key] = len(targets)
            targets.append(geom)
        return target_index[key]

    table, region_geoms = _regions()
    region_of = dict(zip(table["code"], region_geoms, strict=True))
    plans: list[tuple[_Test | None, str | None, str]] = []
    for row in frame.itertuples(index=False):
        plans.append(
            _plan(
                row,
                add=add,
                region_of=region_of,
                border=border,
                threshold=threshold,
                cover=cover,
                third_party=third_party,
            )
        )
    if not any(p[0] is not None or p[2].startswith(_NEEDS_REGION) for p in plans):
        raise ValueError(
            f"none of the {len(frame)} claims can be checked against assessed control: each "
            "needs a geometry and a territorial kind (advance, capture, breakthrough, "
            "counterattack, withdrawal)"
        )
    if not targets:  # only border claims without a region: nothing to measure, but the days
        add(("none",), shapely.box(0.0, 0.0, 1e-6, 1e-6))
    series, _ = _series(
        h, np.asarray(targets, dtype=object), statuses=wanted, source=src, total=False
    )
    days = series.days
    records = []
    for row, (test, gainer, note) in zip(frame.itertuples(index=False), plans, strict=True):
        records.append(
            _verdict(
                row,
                test,
                gainer,
                note,
                series=series,
                days=days,
                threshold=threshold,
                cover=cover,
                max_lag=max_lag_days,
            )
        )
    out = pd.DataFrame.from_records(records)
    out["borne_out"] = out["borne_out"].astype("boolean")
    out["lag_days"] = out["lag_days"].astype("Int64")
    out["first_day"] = pd.to_datetime(out["first_day"])
    out["date"] = pd.to_datetime(out["date"])
    out["checked_until"] = pd.to_datetime(out["checked_until"])
    out.attrs = _attrs(
        source=src,
        snapshot=days[-1],
        carried=False,
        denominator="none",
        denominator_km2=None,
        denominator_source="",
        statuses=wanted,
        min_km2=threshold,
        border_km=border,
        min_area_share=cover,
        max_lag_days=max_lag_days,
        third_party=third_party,
        footnote=(
            f"Claims checked against {src}, daily snapshots {days[0]:%Y-%m-%d} to "
            f"{days[-1]:%Y-%m-%d}; areas on the WGS84 ellipsoid (equal-area)."
        ),
    )
    return out


def _plan(
    row: Any,
    *,
    add: Any,
    region_of: dict[str, BaseGeometry],
    border: float,
    threshold: float,
    cover: float,
    third_party: str,
) -> tuple[_Test | None, str | None, str]:
    """How one claim will be tested (None and a note when it cannot be)."""
    geom = row.geometry
    precision = str(row.precision) if isinstance(row.precision, str) else "none"
    gainer = _gainer(str(row.side), str(row.kind), third_party)
    if gainer is None:
        return None, None, f"kind {row.kind!r} does not say who holds ground: not tested"
    if geom is None or (isinstance(geom, float) and math.isnan(geom)) or geom.is_empty:
        return None, gainer, "the claim has no geometry: not tested"
    if precision not in CONFIDENCE:
        return None, gainer, f"precision {precision!r} locates no ground: not tested"
    gtype = geom.geom_type
    pm = getattr(row, "precision_m", float("nan"))
    pm = float(pm) if pm is not None and not pd.isna(pm) else float("nan")
    claim_id = str(row.claim_id)
    if gtype in ("Point", "MultiPoint"):
        if str(row.kind) == "capture":
            # a capture is of the place itself: the point must be inside held ground, with
            # no more slack than the point's own stated precision
            if math.isfinite(pm) and pm > 0:
                tol = max(pm / 1000, _MIN_TOLERANCE_KM)
                i = add(("disc", claim_id, tol), geodesy.buffer_km(geom, tol))
                near = f"held ground within {tol:g} km of the point (its precision)"
                return _Test("touch", [i], 0.0, near, "no " + near), gainer, ""
            disc = geodesy.buffer_km(geom, _CAPTURE_KM)
            i = add(("dot", claim_id), disc)
            area = float(_equal_area_km2([disc])[0])
            return (
                _Test(
                    "cover",
                    [i],
                    area,
                    "the point itself inside held ground",
                    "the point itself not inside held ground",
                    share=0.5,
                ),
                gainer,
                "",
            )
        tol = pm / 1000 if math.isfinite(pm) and pm > 0 else _POINT_TOLERANCE_KM.get(precision, 1.0)
        tol = max(tol, _MIN_TOLERANCE_KM)
        i = add(("disc", claim_id), geodesy.buffer_km(geom, tol))
        near = f"held ground within {tol:g} km of the point"
        return _Test("touch", [i], 0.0, near, "no " + near), gainer, ""
    if gtype in ("LineString", "MultiLineString", "LinearRing"):
        km = pm / 1000 if math.isfinite(pm) and pm > 0 else border
        strip = geodesy.buffer_km(geom, max(km, _MIN_TOLERANCE_KM))
        code = getattr(row, "region", None)
        if isinstance(code, str) and code in region_of:
            region_geom = region_of[code]
            r = add(("region", code), region_geom)
            s = add(("strip", claim_id, code), shapely.intersection(strip, region_geom))
            return (
                _Test(
                    "border",
                    [r, s],
                    0.0,
                    f"more than {threshold:g} km² held in {code}, reaching within {km:g} km of "
                    "the line",
                    f"at most {threshold:g} km² held in {code}, or none within {km:g} km of "
                    "the line",
                ),
                gainer,
                "",
            )
        if isinstance(code, str) and code.strip():
            return (
                None,
                gainer,
                f"{_NEEDS_REGION} (region {code!r} is not a known region code): not tested",
            )
        return (
            None,
            gainer,
            f"{_NEEDS_REGION}: held ground near the line may be on either side of it; not tested",
        )
    if gtype in ("Polygon", "MultiPolygon"):
        i = add(("poly", claim_id), geom)
        if precision == "region":
            return (
                _Test(
                    "any",
                    [i],
                    0.0,
                    f"more than {threshold:g} km² held in the area",
                    f"at most {threshold:g} km² held in the area",
                ),
                gainer,
                "",
            )
        area = float(_equal_area_km2([geom])[0])
        return (
            _Test(
                "cover",
                [i],
                area,
                f"at least {cover:.0%} of the area held",
                f"less than {cover:.0%} of the area held",
            ),
            gainer,
            "",
        )
    return None, gainer, f"geometry type {gtype} cannot be tested"


def _verdict(
    row: Any,
    test: _Test | None,
    gainer: str | None,
    note: str,
    *,
    series: _Series,
    days: pd.DatetimeIndex,
    threshold: float,
    cover: float,
    max_lag: int,
) -> dict[str, Any]:
    precision = str(row.precision) if isinstance(row.precision, str) else "none"
    claim_day = pd.Timestamp(row.date)
    record: dict[str, Any] = {
        "claim_id": row.claim_id,
        "date": claim_day,
        "side": row.side,
        "kind": row.kind,
        "precision": precision,
        "status": row.status,
        "test": None,
        "borne_out": pd.NA,
        "first_day": pd.NaT,
        "lag_days": pd.NA,
        "before_record": False,
        "checked_until": days[-1],
        "confidence": None,
        "suggested_status": None,
        "note": note,
    }
    if test is None:
        return record
    if claim_day > days[-1]:
        record["note"] = "the claim is dated after the history ends: not tested"
        return record
    km2 = series.km2
    first = km2[:, test.targets[0]]
    if test.kind == "touch":
        russian = first > 0.0
    elif test.kind == "any":
        russian = first > threshold
    elif test.kind == "cover":
        need = cover if test.share is None else test.share
        russian = first >= need * test.area if test.area > 0 else first > 0.0
    else:  # border
        russian = (first > threshold) & (km2[:, test.targets[1]] > 0.0)
    holds = russian if gainer == "RU" else ~russian
    record["test"] = (
        f"Russian gain: {test.text}" if gainer == "RU" else f"Ukrainian gain: {test.text_ua}"
    )
    record["confidence"] = CONFIDENCE[precision]
    at = int(np.searchsorted(days.to_numpy(), claim_day.to_datetime64(), side="right")) - 1
    if at >= 0 and holds[at]:
        start = at
        while start > 0 and holds[start - 1]:
            start -= 1
        found: int | None = start
    else:
        later = np.flatnonzero(holds[at + 1 :]) if at + 1 < len(holds) else np.empty(0, int)
        found = at + 1 + int(later[0]) if len(later) else None
    if found is None:
        record["borne_out"] = False
        record["suggested_status"] = "unverified"
        record["note"] = f"not shown by the assessment up to {days[-1]:%Y-%m-%d}" + (
            f"; {note}" if note else ""
        )
        return record
    first_day = days[found]
    lag = int((first_day - claim_day).days)
    record.update(
        borne_out=True,
        first_day=first_day,
        lag_days=lag,
        before_record=bool(found == 0),
    )
    if record["confidence"] in ("high", "medium") and lag <= max_lag:
        record["suggested_status"] = "confirmed"
        record["note"] = (
            "assessed before the claim" if lag < 0 else f"assessed {lag} day(s) after the claim"
        )
    else:
        record["suggested_status"] = "unverified"
        record["note"] = (
            "only a region-level location: too coarse to confirm"
            if record["confidence"] == "low"
            else f"assessed only {lag} days after the claim: premature claim or lagging assessment"
        )
    if found == 0:
        record["note"] += "; already so on the first day of the record"
    return record


# --------------------------------------------------------------------------------------------
# ranges and neighbours
# --------------------------------------------------------------------------------------------


def _check_point(geom: BaseGeometry, what: str) -> BaseGeometry:
    if geom.is_empty:
        raise ValueError(f"{what}: the geometry is empty")
    minx, miny, maxx, maxy = geom.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise ValueError(
            f"{what}: coordinates {geom.bounds} are not longitude/latitude; pass points in "
            "EPSG:4326 (e.g. gdf.to_crs(4326)) so that distances are not taken in planar units"
        )
    return geom if geom.geom_type == "Point" else geom.centroid


def _resolve_place(place: Any) -> list[tuple[str, str | None, BaseGeometry]]:
    """(label, region code or None, Point) for each place given; a bare point's region is the
    region polygon that contains it (None outside every region)."""
    resolved = _resolve_place_as_given(place)
    if all(code is not None for _, code, _ in resolved):
        return resolved
    table, geoms = _regions()
    out = []
    for label, code, point in resolved:
        if code is None:
            inside = np.flatnonzero(shapely.covers(geoms, point))
            code = str(table["code"].iloc[inside[0]]) if len(inside) else None
        out.append((label, code, point))
    return out


def _resolve_place_as_given(place: Any) -> list[tuple[str, str | None, BaseGeometry]]:
    """(label, region code if the input names one, Point) for each place given."""
    import geopandas as gpd

    if isinstance(place, BaseGeometry):
        return [
            (
                place.wkt if len(place.wkt) <= 40 else place.geom_type,
                None,
                _check_point(place, "place"),
            )
        ]
    if isinstance(place, gpd.GeoSeries | gpd.GeoDataFrame):
        if place.crs is None:
            raise ValueError("the places have no CRS; set it (e.g. .set_crs(4326)) first")
        if pyproj.CRS.from_user_input(place.crs).to_epsg() != 4326:
            place = place.to_crs(4326)
        geoms = place.geometry if isinstance(place, gpd.GeoDataFrame) else place
        names = (
            place["name"].astype(str).tolist()
            if isinstance(place, gpd.GeoDataFrame) and "name" in place
            else [str(i) for i in place.index]
        )
        codes = (
            place["region"].tolist()
            if isinstance(place, gpd.GeoDataFrame) and "region" in place
            else [None] * len(place)
        )
        return [
            (n, c if isinstance(c, str) else None, _check_point(g, f"place {n!r}"))
            for n, c, g in zip(names, codes, geoms, strict=True)
        ]
    if isinstance(place, pd.Series):
        geom = place.get("geometry")
        if not isinstance(geom, BaseGeometry):
            if "lon" in place and "lat" in place:
                geom = shapely.Point(float(place["lon"]), float(place["lat"]))
            else:
                raise ValueError("a place Series needs a 'geometry' or 'lon' and 'lat'")
        name = str(place.get("name", place.name))
        code = place.get("region")
        return [(name, code if isinstance(code, str) else None, _check_point(geom, name))]
    if isinstance(place, str):
        return [_place_by_name(place)]
    if isinstance(place, Iterable):
        out = []
        for p in place:
            if isinstance(p, Iterable) and not isinstance(p, str | pd.Series):
                raise ValueError(f"give places as names, points or rows, got {type(p).__name__}")
            out.extend(_resolve_place(p))
        if not out:
            raise ValueError("no places given")
        return out
    raise ValueError(
        f"place must be a name, a shapely Point, a fl.find_place row or a list of them, got "
        f"{type(place).__name__}"
    )


def _place_by_name(name: str) -> tuple[str, str | None, BaseGeometry]:
    if not name.strip():
        raise ValueError("place name is empty")
    from frontline.gazetteer import find_place

    try:
        row = find_place(name)
    except LookupError as place_error:
        if type(place_error).__name__ == "AmbiguousPlaceError":
            raise
        from frontline.regions import region

        try:
            reg = region(name)
        except LookupError:
            raise place_error from None
        row = find_place(str(reg["capital"]), region=str(reg["code"]))
    code = row.get("region")
    return (
        str(row["name"]),
        code if isinstance(code, str) else None,
        _check_point(row["geometry"], str(row["name"])),
    )


def _ring_label(km: float) -> str:
    return f"within_{km:g}km"


def within_range(
    place: Any,
    h: ControlHistory,
    date: Any,
    *,
    km: Sequence[float] = (15, 25, 40),
    statuses: str | Iterable[str] = FRONT_STATUSES,
    source: str | None = None,
) -> pd.DataFrame:
    """Geodesic distance from places to the assessed front, with range-ring flags.

    The front is the ground held or contested on that day (``statuses``); the distance is the
    geodesic distance (WGS84, :func:`frontline.geodesy.distance_km`) from the place to the
    nearest point of that ground, 0 for a place inside it. A ring flag ``within_15km`` is True
    when that distance is at most 15 km, i.e. when the place's geodesic 15 km circle
    (:func:`frontline.geodesy.ring_km`) reaches the front.

    Parameters
    ----------
    place : str, shapely Point, pandas Series, GeoSeries/GeoDataFrame, or a list of these
        A place name (:func:`frontline.gazetteer.find_place`; a region name falls back to its
        capital), a lon/lat point, or a ``find_place`` row.
    h : ControlHistory
    date : date-like
    km : sequence of float, default (15, 25, 40)
        Ring radii in km (positive).
    statuses : default ("occupied", "occupied_before_2022", "contested")
    source : str, optional

    Returns
    -------
    pandas.DataFrame
        One row per place: ``place``, ``code`` (region, if known), ``lon``, ``lat``, ``date``,
        ``snapshot_date``, ``carried_forward``, ``distance_km`` (NaN if nothing is held),
        ``inside``, then one boolean column per ring (``within_15km``, ...).

    Raises
    ------
    ValueError
        A ring radius that is not positive, coordinates that are not lon/lat.
    LookupError
        A place or date that cannot be found.

    Examples
    --------
    >>> import frontline as fl, shapely
    >>> h = fl.example_control()
    >>> fl.within_range("Sumy", h, "2025-06-08")[["place", "distance_km", "within_15km",
    ...                                           "within_25km", "within_40km"]].round(1)
      place  distance_km  within_15km  within_25km  within_40km
    0  Sumy         22.8        False         True         True
    >>> fl.within_range(shapely.Point(37.80, 48.00), h, "2025-06-08")[["inside", "distance_km"]]
       inside  distance_km
    0    True          0.0
    """
    h = _check_history(h)
    try:
        radii = [float(k) for k in ([km] if isinstance(km, int | float) else km)]
    except (TypeError, ValueError):
        raise ValueError(f"km must be ring radii in km, got {km!r}") from None
    if not radii:
        raise ValueError("km needs at least one ring radius")
    radii = sorted({_check_km(k, "a ring radius (km)", allow_zero=False) for k in radii})
    wanted = _statuses(statuses)
    src = h.pick_source(source)
    when = _day(date)
    rows = h.as_of(when, source=src)
    snapshot = rows.attrs["snapshot_date"]
    carried = bool(rows.attrs["carried_forward"])
    front = h.geometry_on(when, statuses=wanted, source=src)
    points = _resolve_place(place)
    shapely.prepare(front)
    records = []
    for label, code, point in points:
        if front.is_empty:
            dist, inside = float("nan"), False
        else:
            inside = bool(front.covers(point))
            dist = 0.0 if inside else geodesy.distance_km(point, front)
        rec: dict[str, Any] = {
            "place": label,
            "code": code,
            "lon": float(point.x),
            "lat": float(point.y),
            "date": when,
            "snapshot_date": snapshot,
            "carried_forward": carried,
            "distance_km": dist,
            "inside": inside,
        }
        for r in radii:
            rec[_ring_label(r)] = bool(dist <= r) if math.isfinite(dist) else False
        records.append(rec)
    out = pd.DataFrame.from_records(records)
    out.attrs = _attrs(
        source=src,
        snapshot=snapshot,
        carried=carried,
        denominator="none",
        denominator_km2=None,
        denominator_source="",
        statuses=wanted,
        km=tuple(radii),
        requested_date=when,
        method=geodesy.METHOD,
        footnote=(
            f"Source: {src}, snapshot {snapshot:%Y-%m-%d}; geodesic distance (WGS84) to the "
            f"nearest ground assessed as {' or '.join(s.replace('_', ' ') for s in wanted)}."
        ),
    )
    return out


def occupied_neighbors(
    region: str,
    h: ControlHistory,
    date: Any,
    *,
    statuses: str | Iterable[str] = OCCUPIED,
    source: str | None = None,
) -> pd.DataFrame:
    """The regions bordering ``region`` and how much of each is held on a day.

    Parameters
    ----------
    region : str
        Any name or ISO code :func:`frontline.regions.region` accepts.
    h, date, statuses, source
        As in :func:`area_share`.

    Returns
    -------
    pandas.DataFrame
        One row per neighbour (:func:`frontline.regions.neighbors`), most held first:
        ``date``, ``code``, ``name``, ``km2``, ``share`` (of its polygon), ``share_official``,
        ``held`` (any held ground), ``border_km`` (length of the shared border),
        ``snapshot_date``, ``carried_forward``. ``.attrs``: provenance and ``footnote``.

    Examples
    --------
    >>> import frontline as fl
    >>> n = fl.occupied_neighbors("Dnipropetrovsk", fl.example_control(), "2025-06-08")
    >>> n.loc[n["held"], "name"].tolist()[:3]
    ['Zaporizhzhia Oblast', 'Kherson Oblast', 'Donetsk Oblast']
    """
    from frontline.regions import neighbors

    code = _region_code(region)
    shares = area_share(h, date, by="region", statuses=statuses, source=source)
    near = neighbors(code)[["code", "border_km"]]
    out = shares.merge(near, on="code", how="inner")
    out["held"] = out["km2"] > 0.0
    out = out.sort_values(["km2", "code"], ascending=[False, True], kind="stable")
    out = out[
        [
            "date",
            "code",
            "name",
            "km2",
            "share",
            "share_official",
            "held",
            "border_km",
            "snapshot_date",
            "carried_forward",
        ]
    ].reset_index(drop=True)
    out.attrs = dict(shares.attrs)
    out.attrs["region"] = code
    return out
