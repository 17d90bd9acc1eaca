"""The share of each footprint inside an area, day after day: measured in full once, then only
where the area's edge moved.

DeepState's area changes little from one day to the next, and overlaying every footprint on the
edge of the front costs an intersection with the whole area per footprint, every day. So the
first area of a run of days is measured in full (:func:`held_in`), and each later one from the
day before (:func:`held_next`), recomputing only the footprints whose share can have changed.

Why that is exact. The areas are valid polygons (``ControlHistory`` checks it, and unions are
valid). Orient every ring so that the area lies on its left (exteriors counter-clockwise, holes
clockwise); an area is then fixed by its set of *directed* boundary segments. Between the area
``A`` of the day before and today's ``B``, call a segment *moved* if it is a directed segment
of one and not of the other (a segment shared with the opposite direction, where the area
swapped sides, is moved too). Take a valid polygon footprint ``F`` that no moved segment
touches. Then the boundary segments of ``A`` and of ``B`` that meet ``F`` are the same, with
the area on the same side of each, so:

* if a boundary crosses ``F``'s interior, every piece of ``F`` it cuts off lies beside one of
  those shared segments, on the same side for ``A`` and ``B``: ``F`` is held in the same parts
  and its share is unchanged (*crossing* footprints keep the day before's share);
* if no boundary crosses ``F``'s interior, ``F`` is wholly inside or wholly outside each area,
  and may have flipped: a footprint inside a pocket that was surrounded and taken touches no
  moved segment but goes from 0 to 1. One interior point of ``F`` tells which; and it can only
  have flipped if that point lies in ``A`` xor ``B``, a region whose edges are all moved
  segments, so inside their bounding box: only those points are tested.

Footprints that are not single valid polygons (a place of several parts) and those whose
interior point could not be found are measured in full every day.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from frontline.gazetteer.footprint_model import to_equal_area

__all__ = ["FootprintIndex", "Held", "held_in", "held_next"]

_POLYGONAL = (3, 6)  # Polygon, MultiPolygon


class FootprintIndex:
    """Footprints with their spatial index, equal-area sizes and interior points; pickles as
    plain arrays (for dask)."""

    def __init__(self, footprints: np.ndarray) -> None:
        self.footprints = np.asarray(footprints, dtype=object)
        # areas of the lon/lat footprints in the equal-area projection: a footprint wholly
        # inside an area then has a share of exactly 1
        self.m2 = shapely.area(to_equal_area(self.footprints))
        self._build()

    def _build(self) -> None:
        fp = self.footprints
        self.tree = shapely.STRtree(fp)
        inner = shapely.point_on_surface(fp)
        xy = shapely.get_coordinates(inner)
        simple = (shapely.get_type_id(fp) == 3) & shapely.is_valid(fp)
        ok = simple.copy()
        ok[simple] = shapely.contains_properly(fp[simple], inner[simple])
        self.x = np.full(len(fp), np.nan)
        self.y = np.full(len(fp), np.nan)
        has = ~shapely.is_empty(inner)
        self.x[has], self.y[has] = xy[:, 0], xy[:, 1]
        #: positions of the footprints measured in full every day
        self.always = np.flatnonzero(~ok).astype(np.int64)

    def __getstate__(self) -> dict[str, Any]:
        return {"footprints": shapely.to_wkb(self.footprints), "m2": self.m2}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.footprints = shapely.from_wkb(state["footprints"])
        self.m2 = state["m2"]
        self._build()

    def __len__(self) -> int:
        return len(self.footprints)


@dataclass
class Held:
    """The share of every footprint inside one area, and what the next day needs."""

    #: share of each footprint inside the area (0-1, equal-area), float64
    share: np.ndarray
    #: footprints touching the area without lying wholly inside it
    crossing: np.ndarray
    #: the area's directed boundary segments (x0, y0, x1, y1) and a hash of each, sorted by
    #: hash; None if the area is not a polygon or multipolygon (the next day is then measured
    #: in full)
    edges: np.ndarray | None
    hashes: np.ndarray | None

    def shares32(self) -> np.ndarray:
        """The shares as float32, 0 where none is held (or the footprint has no area)."""
        return np.where(self.share > 0, self.share, 0.0).astype(np.float32)


def held_in(index: FootprintIndex, area: BaseGeometry) -> Held:
    """Every footprint measured against ``area``."""
    n = len(index)
    touched = index.tree.query(area, predicate="intersects")
    whole = index.tree.query(area, predicate="covers")
    crossing = np.zeros(n, dtype=bool)
    crossing[touched] = True
    crossing[whole] = False
    share = np.zeros(n, dtype=np.float64)
    share[whole] = 1.0
    cut = np.flatnonzero(crossing)
    share[cut] = _overlay(index, area, cut)
    return Held(share, crossing, *_edges(area))


def held_next(index: FootprintIndex, before: Held, area: BaseGeometry) -> Held:
    """Every footprint measured against ``area``, from ``before``, the day before's result:
    only footprints the moved boundary segments touch are overlaid (see the module's notes)."""
    edges, hashes = _edges(area)
    if edges is None or hashes is None or before.edges is None or before.hashes is None:
        return held_in(index, area)
    moved = np.concatenate(
        [
            before.edges[~_present(before.edges, before.hashes, edges, hashes)],
            edges[~_present(edges, hashes, before.edges, before.hashes)],
        ]
    )
    if not len(moved):  # the same area
        return Held(before.share, before.crossing, edges, hashes)
    share = before.share.copy()
    crossing = before.crossing.copy()
    segments = shapely.linestrings(moved.reshape(-1, 2, 2))
    redo = np.union1d(index.tree.query(segments, predicate="intersects")[1], index.always)
    # wholly inside or outside the day before, and untouched: may have flipped, only if the
    # interior point lies in the box of the moved segments
    maybe = ~crossing
    maybe[redo] = False
    x0, y0 = moved[:, [0, 2]].min(), moved[:, [1, 3]].min()
    x1, y1 = moved[:, [0, 2]].max(), moved[:, [1, 3]].max()
    maybe &= (index.x >= x0) & (index.x <= x1) & (index.y >= y0) & (index.y <= y1)
    flip = np.flatnonzero(maybe)
    shapely.prepare(area)
    if len(flip):
        # such a point is inside the footprint and off every boundary: inside the area or not
        share[flip] = shapely.contains_xy(area, index.x[flip], index.y[flip])
    if len(redo):
        fp = index.footprints[redo]
        whole = shapely.covers(area, fp)
        crossing[redo] = shapely.intersects(area, fp) & ~whole
        share[redo] = np.where(whole, 1.0, 0.0)
        cut = redo[crossing[redo]]
        share[cut] = _overlay(index, area, cut)
    return Held(share, crossing, edges, hashes)


def _overlay(index: FootprintIndex, area: BaseGeometry, which: np.ndarray) -> np.ndarray:
    """Shares of the footprints at ``which`` (crossing the area's edge) inside ``area``."""
    if not len(which):
        return np.zeros(0, dtype=np.float64)
    pieces = shapely.intersection(area, index.footprints[which])
    return np.clip(shapely.area(to_equal_area(pieces)) / index.m2[which], 0.0, 1.0)


def _edges(area: BaseGeometry) -> tuple[np.ndarray | None, np.ndarray | None]:
    """The directed boundary segments of a polygonal area, the area on their left, as rows
    (x0, y0, x1, y1), with a 64-bit hash of each row (for matching rows between days); both
    sorted by hash."""
    if shapely.get_type_id(area) not in _POLYGONAL:
        return None, None
    rings = shapely.get_rings(shapely.get_parts(shapely.orient_polygons(area)))
    xy, ring = shapely.get_coordinates(rings, return_index=True)
    same_ring = ring[:-1] == ring[1:]
    edges = np.ascontiguousarray(np.hstack([xy[:-1], xy[1:]])[same_ring])
    bits = edges.view(np.uint64)
    # a multiplicative hash of the four coordinates' bits (integer overflow wraps, as meant)
    hashes = np.zeros(len(edges), dtype=np.uint64)
    for k, mult in enumerate(_MULTIPLIERS):
        hashes ^= (bits[:, k] + np.uint64(k)) * mult
        hashes = (hashes << np.uint64(29)) | (hashes >> np.uint64(35))
    order = np.argsort(hashes, kind="stable")
    return np.ascontiguousarray(edges[order]), hashes[order]


_MULTIPLIERS = tuple(
    np.uint64(m)
    for m in (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93)
)


def _present(
    edges: np.ndarray, hashes: np.ndarray, others: np.ndarray, other_hashes: np.ndarray
) -> np.ndarray:
    """Whether each row of ``edges`` is a row of ``others`` (sorted by their hashes): a hash
    match confirmed on the coordinates' bits (a collision can only make a segment count as
    moved, never as kept)."""
    if not len(others):
        return np.zeros(len(edges), dtype=bool)
    match = np.minimum(np.searchsorted(other_hashes, hashes), len(others) - 1)
    return (other_hashes[match] == hashes) & (
        edges.view(np.uint64) == others[match].view(np.uint64)
    ).all(axis=1)
