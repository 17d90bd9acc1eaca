"""The share of each footprint inside an area, day after day: measured in full once, then only
where the area's edge moved.

DeepState's area changes little from one day to the next, and overlaying every footprint on the
edge of the front costs an intersection with the whole area per footprint, every day. So the
first area of a run of days is measured in full (:func:`held_in`), and each later one from the
day before (:func:`held_next`), recomputing only the footprints whose share can have changed.

Why that is exact. The areas are valid polygons (``ControlHistory`` checks it, and unions are
valid); see :mod:`frontline.settlements._edges` for their directed boundary segments and the
*moved* ones. Take a valid polygon footprint ``F`` that no moved segment touches. Then the
boundary segments of the day before's area ``A`` and of today's ``B`` that meet ``F`` are the
same, with the area on the same side of each, so:

* if a boundary crosses ``F``'s interior, every piece of ``F`` it cuts off lies beside one of
  those shared segments, on the same side for ``A`` and ``B``: ``F`` is held in the same parts
  and its share is unchanged (*crossing* footprints keep the day before's share; one that an
  area only touched from outside keeps its 0, both areas being the same where they touch it);
* if no boundary crosses ``F``'s interior, ``F`` is wholly inside or wholly outside each area,
  and may have flipped: a footprint inside a pocket that was surrounded and taken touches no
  moved segment but goes from 0 to 1. One interior point of ``F`` tells which, and as nothing
  changed hands outside the box of the moved segments, only the points in that box are tested.

Footprints that are not single valid polygons (a place of several parts) or have no interior
point to test are measured in full when they reach into that box.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from frontline.gazetteer.footprint_model import to_equal_area
from frontline.settlements._edges import moved_box, touching_box

__all__ = ["FootprintIndex", "Held", "held_in", "held_next"]


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
        #: positions of the footprints measured in full wherever the area moved, and their bounds
        self.always = np.flatnonzero(~ok).astype(np.int64)
        self.always_bounds = shapely.bounds(fp[self.always])

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
    """The share of every footprint inside one area, and which cross its edge."""

    #: share of each footprint inside the area (0-1, equal-area), float64
    share: np.ndarray
    #: footprints touching the area without lying wholly inside it
    crossing: np.ndarray

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
    return Held(share, crossing)


def held_next(
    index: FootprintIndex, before: Held, area: BaseGeometry, segments: np.ndarray | None
) -> Held:
    """Every footprint measured against ``area``, from ``before``, the day before's result, and
    the boundary ``segments`` that moved between the two areas (rows x0, y0, x1, y1; None:
    unknown, measure in full): only footprints the moved segments touch are overlaid (see the
    module's notes)."""
    if segments is None:
        return held_in(index, area)
    if not len(segments):  # the same area
        return before
    share = before.share.copy()
    crossing = before.crossing.copy()
    box = moved_box(segments)
    lines = shapely.linestrings(segments.reshape(-1, 2, 2))
    near = index.always[touching_box(index.always_bounds, box)]
    redo = np.union1d(index.tree.query(lines, predicate="intersects")[1], near)
    # wholly inside or outside the day before, and untouched: may have flipped, only if the
    # interior point lies in the box of the moved segments
    maybe = ~crossing
    maybe[redo] = False
    x0, y0, x1, y1 = box
    maybe &= (index.x >= x0) & (index.x <= x1) & (index.y >= y0) & (index.y <= y1)
    flip = np.flatnonzero(maybe)
    if not len(flip) and not len(redo):
        return Held(share, crossing)
    # predicates against a prepared area, unprepared after: the area is the history's own
    prepared_here = not shapely.is_prepared(area)
    shapely.prepare(area)
    try:
        if len(flip):
            # such a point is inside the footprint and off every boundary: in the area or not
            share[flip] = shapely.contains_xy(area, index.x[flip], index.y[flip])
        if len(redo):
            fp = index.footprints[redo]
            whole = shapely.covers(area, fp)
            crossing[redo] = shapely.intersects(area, fp) & ~whole
            share[redo] = np.where(whole, 1.0, 0.0)
            cut = redo[crossing[redo]]
            share[cut] = _overlay(index, area, cut)
    finally:
        if prepared_here:
            shapely.destroy_prepared(area)
    return Held(share, crossing)


def _overlay(index: FootprintIndex, area: BaseGeometry, which: np.ndarray) -> np.ndarray:
    """Shares of the footprints at ``which`` (crossing the area's edge) inside ``area``."""
    if not len(which):
        return np.zeros(0, dtype=np.float64)
    pieces = shapely.intersection(area, index.footprints[which])
    return np.clip(shapely.area(to_equal_area(pieces)) / index.m2[which], 0.0, 1.0)
