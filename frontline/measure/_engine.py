"""The incremental area engine: many days x many target polygons, reusing work across days.

Working in one equal-area plane makes areas exactly additive, which is what makes
:func:`frontline.measure.timeline` fast: the boxes around what changed from one snapshot to the
next (:mod:`frontline.measure._changes`) are measured inside every target, the gains are added
to and the losses taken from the previous day's areas; days with an unchanged geometry are not
measured again, and every :data:`ANCHOR_EVERY` changes a day is measured from scratch. The
result equals measuring every day in full (to 1e-9 km²).
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import shapely
from shapely.errors import GEOSException
from shapely.geometry.base import BaseGeometry

from frontline.control import ControlHistory
from frontline.measure._changes import all_change_boxes, clip_all, edges_of
from frontline.measure._equal_area import halves, project

__all__ = ["ANCHOR_EVERY", "AreaEngine", "Series", "measure_series", "run"]

#: Every this many incremental steps the timeline re-measures a day from scratch.
ANCHOR_EVERY = 128
#: Areas below this (km², i.e. 0.001 m²) are rounding noise of the overlays and read as 0.
NOISE_KM2 = 1e-9


def difference_pieces(
    ca: np.ndarray,
    cb: np.ndarray,
    projected: Any,
    which: tuple[np.ndarray, np.ndarray],
    boxes: np.ndarray,
    pool: Executor | None = None,
) -> np.ndarray:
    """cb - ca elementwise, falling back box by box if GEOS gives up."""
    try:
        return halves(pool, shapely.difference, cb, ca)
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


def _polygons(geom: BaseGeometry) -> BaseGeometry:
    """The polygonal part of a repaired geometry (lines and points of a collection dropped)."""
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.MultiPolygon()


class AreaEngine:
    """Areas (km²) of projected geometries inside target polygons: one value per target and,
    last, the area of the whole geometry."""

    def __init__(
        self, targets: Sequence[BaseGeometry] | np.ndarray, pool: Executor | None = None
    ) -> None:
        self.pool = pool
        self.targets = project(np.asarray(targets, dtype=object))
        bad = ~shapely.is_valid(self.targets)
        if bad.any():
            # Rings that nearly touch in degrees can cross once projected; mend them.
            self.targets[bad] = [_polygons(g) for g in shapely.make_valid(self.targets[bad])]
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
                    halves(self.pool, shapely.intersection, pieces[p[cut]], near)
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
            lost_pieces = halves(self.pool, shapely.difference, ca[hard], cb[hard])
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
        meets = (
            (boxes[:, None, 0] <= r[None, :, 2])
            & (boxes[:, None, 2] >= r[None, :, 0])
            & (boxes[:, None, 1] <= r[None, :, 3])
            & (boxes[:, None, 3] >= r[None, :, 1])
        )
        return np.asarray(meets.any(axis=1))


class Series(NamedTuple):
    days: pd.DatetimeIndex  # the snapshot days
    km2: np.ndarray  # (days, targets + 1)
    gained: np.ndarray  # (days, targets + 1), NaN on the first day
    lost: np.ndarray


class Projected(dict):
    """Projected geometries by index, projected on first use."""

    def __init__(self, geoms: Sequence[BaseGeometry]) -> None:
        super().__init__()
        self.geoms = geoms

    def __missing__(self, g: int) -> BaseGeometry:
        self[g] = project(self.geoms[g])
        return self[g]


def run(
    groups: np.ndarray, geoms: Sequence[BaseGeometry], targets: Any, *, total: bool = True
) -> np.ndarray:
    """km², gained and lost per day: an array of shape (3, days, targets + 1).

    ``groups[i]`` is the index in ``geoms`` (longitude/latitude) of day ``i``'s geometry.

    1. Each pair of consecutive different geometries is a transition; the boxes that hold
       everything that changed are found by comparing edges (:func:`change_boxes`).
    2. Both geometries are cut to those boxes (:func:`clip_all`) and differenced there, all
       boxes of all transitions in one vectorised call, and what was gained and lost is
       measured inside every target (:meth:`AreaEngine.changes`).
    3. The first day is measured in full; each later new geometry takes the previous day's
       areas plus its gains minus its losses (exact: areas in one plane add up), and every
       :data:`ANCHOR_EVERY` steps one is measured in full again.

    With ``total=False`` only changes near the targets are measured, and the last column (the
    whole geometry) is NaN. Steps 1 and 2 run on two threads (GEOS and numpy release the GIL).
    """
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="frontline-measure") as pool:
        return _run_on(pool, groups, geoms, targets, total=total)


def _run_on(
    pool: Executor, groups: np.ndarray, geoms: Sequence[BaseGeometry], targets: Any, *, total: bool
) -> np.ndarray:
    engine = AreaEngine(targets, pool)
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
        zip(used, halves(pool, edges_of, np.asarray(geoms, dtype=object)[used]), strict=True)
    )
    boxes, owner = all_change_boxes(list(pairs), edges, pool)
    if not total and len(boxes):
        near = engine.touching(boxes)
        boxes, owner = boxes[near], owner[near]
    ends = np.array(list(pairs), dtype=np.int64).reshape(-1, 2)
    side_a, side_b = ends[owner, 0], ends[owner, 1]

    projected = Projected(geoms)
    clipping = pool.submit(clip_all, geoms, projected, side_a, boxes)
    cb = clip_all(geoms, projected, side_b, boxes)
    ca = clipping.result()
    gained_pieces = difference_pieces(ca, cb, projected, (side_a, side_b), boxes, pool)
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
            if steps % ANCHOR_EVERY == 0:
                km2[g] = full(g)
            else:
                km2[g] = km2[seq[i - 1]] + gains[p] - losses[p]
            known[g] = True
    out = np.stack([km2[seq], gained, lost])
    out[np.abs(out) < NOISE_KM2] = 0.0  # floating-point dust of the overlays
    return out


def measure_series(
    history: ControlHistory,
    targets: Any,
    *,
    statuses: tuple[str, ...],
    source: str | None,
    total: bool = True,
) -> tuple[Series, str]:
    """Per snapshot day: assessed km² inside each target polygon (+ in all), gains, losses."""
    src = history.pick_source(source)
    groups, geoms = history.distinct(statuses=statuses, source=src)
    out = run(groups.to_numpy(), geoms, targets, total=total)
    return Series(pd.DatetimeIndex(groups.index), out[0], out[1], out[2]), src
