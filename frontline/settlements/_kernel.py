"""The kernel: which places lie in an area, and how much of each footprint, for every area of a
chunk of days.

Work is done once per *distinct* geometry (identity by exact WKB bytes) with shapely 2 STRtrees
over all places and all footprints at once; both engines (local and dask) run this same code on
the same chunks of days. A footprint wholly inside an area (``covers``) counts whole without any
overlay; only the footprints crossing the area's edge are intersected with it, and the pieces
are measured in the equal-area projection of :mod:`frontline.gazetteer.footprint_model`.

Areas change little from day to day: an area's places and shares are measured in full on a
chunk's first day, and on each later day from the day before, only where the area's edge moved
(:mod:`frontline.settlements._edges`, :mod:`frontline.settlements._shares`); the results are the
same as measuring every day in full.
"""

from __future__ import annotations

import hashlib
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from frontline.settlements._edges import Edges, edges_of, moved, moved_box, touching_box
from frontline.settlements._projection import project, scale
from frontline.settlements._shares import FootprintIndex, Held, held_in, held_next

__all__ = ["Matcher", "chunks", "classify", "classify_partition", "wkb_key"]

_PAD_M = 1.0  # metres round a projected box, for the rounding of the projection


class Matcher:
    """The places to test, with their spatial indexes; pickles as plain arrays (for dask)."""

    def __init__(self, geoms: np.ndarray, tolerance_m: float, footprints: np.ndarray) -> None:
        self.geoms = np.asarray(geoms, dtype=object)
        self.footprints = FootprintIndex(footprints)
        self.tolerance_m = float(tolerance_m)
        self.projected: np.ndarray | None
        self.limit: np.ndarray | None
        if self.tolerance_m > 0:
            self.projected = project(self.geoms)
            self.limit = self.tolerance_m * scale(shapely.point_on_surface(self.geoms))
        else:
            self.projected = None
            self.limit = None
        self._build()

    def _build(self) -> None:
        self._tree = shapely.STRtree(self.geoms)
        self._bounds = shapely.bounds(self.geoms)
        self._ptree = None if self.projected is None else shapely.STRtree(self.projected)
        # projected envelopes grown by each place's distance limit: what an area can reach
        self._reach = None
        if self.projected is not None and self.limit is not None:
            grow = np.column_stack([-self.limit, -self.limit, self.limit, self.limit])
            self._reach = shapely.bounds(self.projected) + grow

    def __getstate__(self) -> dict[str, Any]:
        return {
            "geoms": shapely.to_wkb(self.geoms),
            "footprints": self.footprints,
            "tolerance_m": self.tolerance_m,
            "projected": None if self.projected is None else shapely.to_wkb(self.projected),
            "limit": self.limit,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.geoms = shapely.from_wkb(state["geoms"])
        self.footprints = state["footprints"]
        self.tolerance_m = state["tolerance_m"]
        self.projected = (
            None if state["projected"] is None else shapely.from_wkb(state["projected"])
        )
        self.limit = state["limit"]
        self._build()

    def __len__(self) -> int:
        return len(self.geoms)

    def members(self, area: BaseGeometry) -> np.ndarray:
        """Sorted positions of the places in (or within ``tolerance_m`` of) ``area``."""
        inside = self._tree.query(area, predicate="intersects")
        projected, limit = self.projected, self.limit
        if self._ptree is not None and projected is not None and limit is not None and len(limit):
            area_p = project(area)
            near = self._ptree.query(area_p, predicate="dwithin", distance=float(limit.max()))
            near = np.setdiff1d(near, inside, assume_unique=False)
            if len(near):
                shapely.prepare(area_p)
                # one distance per place: shapely takes arrays, its stubs say one float
                ok = shapely.dwithin(area_p, projected[near], limit[near])  # type: ignore[call-overload]
                inside = np.concatenate([inside, near[ok]])
        return np.unique(inside).astype(np.int32)

    def members_next(
        self, before: np.ndarray, segments: np.ndarray | None, area: BaseGeometry
    ) -> np.ndarray:
        """:meth:`members` of ``area``, from ``before``, those of the day before's area of the
        same status, and the boundary ``segments`` that moved between the two (None: unknown,
        measured in full). Only places reaching into the moved segments' box can have changed;
        with ``tolerance_m``, also those within their distance limit of that box in the
        projection (a place that came within reach came within reach of ground that changed
        hands, and the projected areas changed only inside the projected moved segments' box)."""
        if segments is None:
            return self.members(area)
        if not len(segments):
            return before
        near = touching_box(self._bounds, moved_box(segments))
        if self._reach is not None:
            ends = shapely.get_coordinates(project(shapely.points(segments.reshape(-1, 2))))
            x0, y0 = ends.min(axis=0) - _PAD_M
            x1, y1 = ends.max(axis=0) + _PAD_M
            near |= touching_box(self._reach, (float(x0), float(y0), float(x1), float(y1)))
        at = np.flatnonzero(near)
        if not len(at):
            return before
        prepared_here = not shapely.is_prepared(area)
        shapely.prepare(area)  # the area is the history's own: unprepared after
        try:
            hit = shapely.intersects(area, self.geoms[at])
        finally:
            if prepared_here:
                shapely.destroy_prepared(area)
        inside = at[hit]
        projected, limit = self.projected, self.limit
        if projected is not None and limit is not None and not hit.all():
            rest = at[~hit]
            area_p = project(area)
            shapely.prepare(area_p)
            # the same test as members(): one distance per place
            ok = shapely.dwithin(area_p, projected[rest], limit[rest])  # type: ignore[call-overload]
            inside = np.concatenate([inside, rest[ok]])
        kept = before[~np.isin(before, at)]
        return np.union1d(kept, inside).astype(np.int32)


def wkb_key(geom: BaseGeometry) -> bytes:
    return hashlib.blake2b(shapely.to_wkb(geom), digest_size=16).digest()


def classify(
    day: np.ndarray,
    codes: np.ndarray,
    geoms: np.ndarray,
    n_days: int,
    matcher: Matcher,
    held_code: int,
    cache: dict[bytes, np.ndarray],
    russian: frozenset[int] = frozenset(),
) -> tuple[np.ndarray, np.ndarray]:
    """Status codes, one int8 per (day, place), and shares held, one float32 per (day, place),
    for rows (day position, status code, area).

    Rows of one day are applied from the lowest precedence (highest code) to the highest, so the
    status listed first wins where areas overlap. ``cache`` maps WKB digests to member arrays
    and is reused across calls (days with unchanged areas cost one hash); an area not in it is
    measured from the same status's area of the day before where there is one. The share of a
    place is that of its footprint inside the union of the day's areas whose status code is in
    ``russian`` (NaN for every place if ``russian`` is empty): measured in full on the first
    day, then from the day before. Nothing of the shares is kept between calls, so a chunk's
    shares do not depend on the chunks before it and both engines give the same bits.
    """
    out = np.full((n_days, len(matcher)), held_code, dtype=np.int8)
    share = np.zeros((n_days, len(matcher)), dtype=np.float32)
    if not russian:
        share[:] = np.nan
    order = np.lexsort((-codes.astype(np.int64), day))
    keys = [wkb_key(g) for g in geoms]
    book = _EdgeBook()
    last: dict[int, tuple[bytes, np.ndarray]] = {}  # status code -> the day before's area, places
    held: Held | None = None
    held_key = b""
    for rows in np.split(order, np.flatnonzero(np.diff(day[order])) + 1):
        if not len(rows):
            continue
        d = int(day[rows[0]])
        for r in rows.tolist():
            key, code = keys[r], int(codes[r])
            book.add(key, geoms[r])
            members = cache.get(key)
            if members is None:
                before = last.get(code)
                if before is None:
                    members = matcher.members(geoms[r])
                else:
                    members = matcher.members_next(before[1], book.moved(before[0], key), geoms[r])
                cache[key] = members
            last[code] = (key, members)
            out[d, members] = code
        ours = sorted(r for r in rows.tolist() if int(codes[r]) in russian)
        if ours:
            if len(ours) == 1:
                key = keys[ours[0]]
            else:  # several Russian-held areas that day: their union, so overlaps count once
                key = hashlib.blake2b(b"".join(keys[i] for i in ours), digest_size=16).digest()
            if held is None or key != held_key:
                area = geoms[ours[0]] if len(ours) == 1 else shapely.union_all(geoms[ours])
                book.add(key, area)
                held = (
                    held_in(matcher.footprints, area)
                    if held is None
                    else held_next(matcher.footprints, held, area, book.moved(held_key, key))
                )
                held_key = key
            share[d] = held.shares32()
        book.keep({k for k, _ in last.values()} | {held_key})
    return out, share


class _EdgeBook:
    """The boundary segments of the areas of the day before and of today, by WKB digest, and
    the segments moved between two of them (worked out once for the places and the shares)."""

    def __init__(self) -> None:
        self._edges: dict[bytes, Edges | None] = {}
        self._areas: dict[bytes, BaseGeometry] = {}
        self._moved: dict[tuple[bytes, bytes], np.ndarray | None] = {}

    def add(self, key: bytes, area: BaseGeometry) -> None:
        self._areas.setdefault(key, area)

    def get(self, key: bytes) -> Edges | None:
        if key not in self._edges:
            self._edges[key] = edges_of(self._areas[key])
        return self._edges[key]

    def moved(self, before: bytes, key: bytes) -> np.ndarray | None:
        """The segments moved between two areas (None if one of them is not polygonal)."""
        if (before, key) not in self._moved:
            a, b = self.get(before), self.get(key)
            self._moved[before, key] = None if a is None or b is None else moved(a, b)
        return self._moved[before, key]

    def keep(self, keys: set[bytes]) -> None:
        self._edges = {k: v for k, v in self._edges.items() if k in keys}
        self._areas = {k: v for k, v in self._areas.items() if k in keys}
        self._moved = {}


def classify_partition(
    part: gpd.GeoDataFrame, matcher: Matcher, held_code: int, russian: frozenset[int]
) -> pd.DataFrame:
    """The dask kernel: a partition of (date index, status_code, geometry) rows -> one row per
    day with the status codes and the shares of all places packed as bytes."""
    dates = part.index.to_numpy().astype("datetime64[ns]")
    days, day = np.unique(dates, return_inverse=True)
    codes = part["status_code"].to_numpy().astype(np.int8)
    block, share = classify(
        day.astype(np.int64),
        codes,
        part.geometry.to_numpy(),
        len(days),
        matcher,
        held_code,
        {},
        russian,
    )
    return pd.DataFrame(
        {
            "date": pd.Series(days, dtype="datetime64[ns]"),
            "codes": pd.Series([row.tobytes() for row in block], dtype=object),
            "shares": pd.Series([row.tobytes() for row in share], dtype=object),
        }
    )


def chunks(n_days: int, chunk_days: int) -> list[tuple[int, int]]:
    return [(a, min(a + chunk_days, n_days)) for a in range(0, n_days, chunk_days)]
