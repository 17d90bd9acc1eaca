"""The segment engine behind every front-line measure: rings cut into segments, each judged once.

The front line of a day is the boundary of the held ground (the union of ``statuses``) minus
Ukraine's state border and the coast. Working with whole lines day after day is slow (every day
repeats an overlay with the country's outline), and almost all of a day's boundary is the same
as the day before. So the boundary of every day is cut into its straight segments (consecutive
vertices of its rings); segments that recur on many days are found by hashing their
coordinates, and each distinct segment is judged once:

- **kept** (part of the front): the share of it lying inside Ukraine's outline
  (:func:`frontline.ukraine_outline`) shrunk by ``tolerance_km``: 1 when both ends are inside,
  0 when both are outside, and for a segment crossing the shrunk edge the geodesic length of
  its part inside over its whole length. A segment along the border or the coast (within
  ``tolerance_km`` of the outline's edge, or outside it) is not front.
- **length**: geodesic, on the WGS84 ellipsoid (``pyproj.Geod``, :data:`frontline.geodesy.GEOD`).
- **region**: the region (:func:`frontline.load_regions`) holding its midpoint.
- **sector**: the direction whose reference point is nearest to its midpoint, by distance in an
  azimuthal equidistant plane centred on Ukraine (see :mod:`frontline.front.sectors`).

Per-day sums are then one ``numpy.bincount``. The same judgement serves :func:`front_line`
(which joins the kept segments back into lines) so that its lengths and :func:`front_length`
agree to the metre.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
import pyproj
import shapely
from shapely.geometry.base import BaseGeometry

from frontline import geodesy, regions
from frontline.control import ControlHistory

__all__ = ["Segments", "day_segments", "judge", "outline_mask", "plane"]

#: The plane used for the outline's inward buffer and for nearest-reference-point sectors:
#: azimuthal equidistant centred on Ukraine (distances from the centre exact, others within
#: about 1% over the country, which moves a sector edge by at most a few hundred metres).
PLANE_CRS = "+proj=aeqd +lat_0=48.5 +lon_0=31.5 +ellps=WGS84 +units=m +no_defs"


@lru_cache(maxsize=1)
def plane() -> tuple[pyproj.Transformer, pyproj.Transformer]:
    """(lon/lat -> plane, plane -> lon/lat) transformers for :data:`PLANE_CRS`."""
    fwd = pyproj.Transformer.from_crs(4326, PLANE_CRS, always_xy=True)
    inv = pyproj.Transformer.from_crs(PLANE_CRS, 4326, always_xy=True)
    return fwd, inv


def to_plane(geom: Any) -> Any:
    """Geometries from lon/lat to the plane."""
    fwd = plane()[0]
    return shapely.transform(geom, lambda xy: np.column_stack(fwd.transform(xy[:, 0], xy[:, 1])))


def from_plane(geom: Any) -> Any:
    """Geometries from the plane back to lon/lat."""
    inv = plane()[1]
    return shapely.transform(geom, lambda xy: np.column_stack(inv.transform(xy[:, 0], xy[:, 1])))


@lru_cache(maxsize=8)
def outline_mask(tolerance_km: float) -> BaseGeometry:
    """Ukraine's outline shrunk by ``tolerance_km`` (lon/lat, prepared): where the front can be."""
    shrunk = shapely.buffer(to_plane(regions.ukraine_outline()), -tolerance_km * 1000.0)
    mask = from_plane(shrunk)
    shapely.prepare(mask)
    return mask


@lru_cache(maxsize=1)
def _regions() -> tuple[np.ndarray, np.ndarray, shapely.STRtree]:
    table = regions.load_regions()
    geoms = table.geometry.to_numpy()
    return (
        table["code"].to_numpy().astype(str),
        table["name"].to_numpy().astype(str),
        (shapely.STRtree(geoms)),
    )


def region_names() -> dict[str, str]:
    """ISO code -> English name of the 27 regions."""
    codes, names, _ = _regions()
    return dict(zip(codes.tolist(), names.tolist(), strict=True))


def region_of(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Index (into the regions sorted by code) of the region holding each point; -1 if none."""
    _, _, tree = _regions()
    out = np.full(len(lon), -1, dtype="int64")
    if len(lon) == 0:
        return out
    pts = shapely.points(lon, lat)
    hit_pt, hit_region = tree.query(pts, predicate="within")
    # a point on a shared edge falls in two regions: keep the first (lowest code)
    order = np.lexsort((-hit_region, hit_pt))
    out[hit_pt[order]] = hit_region[order]
    return out


def day_segments(geom: BaseGeometry) -> tuple[np.ndarray, np.ndarray]:
    """The straight segments of a polygonal geometry's rings, in ring order.

    Returns ``(segments, ring)``: an (n, 4) float array of ``x0, y0, x1, y1`` and the ring
    number of each segment (segments of one ring are consecutive).
    """
    if geom is None or geom.is_empty:
        return np.empty((0, 4)), np.empty(0, dtype="int64")
    rings = shapely.get_rings(shapely.get_parts(geom))
    coords, index = shapely.get_coordinates(rings, return_index=True)
    same = index[1:] == index[:-1]
    segs = np.column_stack([coords[:-1][same], coords[1:][same]])
    return segs, index[:-1][same]


@dataclass(frozen=True)
class Segments:
    """Distinct segments of many days, each judged once.

    ``uid`` maps every (day, segment) row to a distinct segment; the per-distinct arrays are
    ``km`` (geodesic length of the part that is front), ``kept`` (any of it is front),
    ``region`` (index into the sorted region codes, -1 outside) and ``sector`` (index into the
    sectors, -1 with none).
    """

    uid: np.ndarray
    day: np.ndarray
    ring: np.ndarray
    segs: np.ndarray
    km: np.ndarray
    kept: np.ndarray
    region: np.ndarray
    sector: np.ndarray


def judge(
    geoms: Sequence[BaseGeometry],
    *,
    tolerance_km: float,
    sector_points: np.ndarray | None = None,
) -> Segments:
    """Cut each day's geometry into segments and judge every distinct segment once.

    ``sector_points`` are the (k, 2) lon/lat reference points of the sectors (None: no sectors).
    """
    parts = [day_segments(g) for g in geoms]
    counts = np.array([len(p[0]) for p in parts], dtype="int64")
    segs = np.concatenate([p[0] for p in parts]) if parts else np.empty((0, 4))
    ring = np.concatenate([p[1] for p in parts]) if parts else np.empty(0, dtype="int64")
    day = np.repeat(np.arange(len(parts)), counts)
    # distinct segments by a 64-bit hash of their four coordinates
    keys = pd.util.hash_pandas_object(pd.DataFrame(segs), index=False).to_numpy()
    uid, first = pd.factorize(keys)
    uid = np.asarray(uid, dtype="int64")
    rep = np.zeros(len(first), dtype="int64")
    rep[uid[::-1]] = np.arange(len(uid))[::-1]
    distinct = segs[rep]
    x0, y0, x1, y1 = distinct.T
    _, _, metres = geodesy.GEOD.inv(x0, y0, x1, y1)
    # midpoints in lon/lat are within metres of the geodesic midpoints of such short segments
    mx, my = (x0 + x1) / 2.0, (y0 + y1) / 2.0
    mask = outline_mask(tolerance_km)
    km = np.asarray(metres, dtype=float) / 1000.0
    if len(mx):
        start_in = shapely.contains_xy(mask, x0, y0)
        end_in = shapely.contains_xy(mask, x1, y1)
        km = np.where(start_in & end_in, km, 0.0)
        crossing = np.flatnonzero(start_in != end_in)
        if len(crossing):
            inside = np.asarray(
                shapely.intersection(
                    shapely.linestrings(distinct[crossing].reshape(-1, 2, 2)), mask
                ),
                dtype=object,
            )
            km[crossing] = [geodesy.GEOD.geometry_length(g) / 1000.0 for g in inside]
    kept = km > 0
    region = region_of(mx, my)
    if sector_points is None or len(sector_points) == 0:
        sector = np.full(len(mx), -1, dtype="int64")
    else:
        sector = nearest_sector(mx, my, sector_points)
    return Segments(
        uid=uid,
        day=day,
        ring=ring,
        segs=segs,
        km=km,
        kept=np.asarray(kept, dtype=bool),
        region=region,
        sector=sector,
    )


def nearest_sector(lon: np.ndarray, lat: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Index of the nearest reference point (in the plane) for each lon/lat point."""
    fwd = plane()[0]
    px, py = fwd.transform(np.asarray(points)[:, 0], np.asarray(points)[:, 1])
    x, y = fwd.transform(lon, lat)
    out = np.empty(len(x), dtype="int64")
    step = 200_000  # bounded memory: (step x k) distances at a time
    for a in range(0, len(x), step):
        dx = np.subtract.outer(np.asarray(x[a : a + step]), px)
        dy = np.subtract.outer(np.asarray(y[a : a + step]), py)
        out[a : a + step] = np.argmin(dx * dx + dy * dy, axis=1)
    return out


def day_geometries(
    history: ControlHistory,
    days: Iterable[pd.Timestamp],
    *,
    statuses: tuple[str, ...],
    source: str,
) -> list[BaseGeometry]:
    """The held ground (union of ``statuses``) on each day, through the public history API."""
    return [history.geometry_on(d, statuses=statuses, source=source) for d in days]


def snapshot_days(
    history: ControlHistory, start: pd.Timestamp, end: pd.Timestamp, source: str
) -> list[pd.Timestamp]:
    """The snapshots in force from ``start`` to ``end``: the one on ``start`` (carried forward
    if ``start`` is missing) and every later snapshot up to ``end``."""
    frame = history.as_of(start, source=source)
    first = frame.attrs["snapshot_date"]
    days = [d for d in history.dates if start < d <= end]
    if not pd.isna(first):
        days = [first, *days]
    return days


def measure_days(
    history: ControlHistory,
    days: Sequence[pd.Timestamp],
    *,
    statuses: tuple[str, ...],
    source: str,
    tolerance_km: float,
    sector_points: np.ndarray | None = None,
) -> Segments:
    """:func:`judge` over the held ground of each of ``days``."""
    geoms = day_geometries(history, days, statuses=statuses, source=source)
    return judge(geoms, tolerance_km=tolerance_km, sector_points=sector_points)


def sums(
    book: Segments, n_days: int, *, by: str | None = None, n_groups: int = 0, weight: Any = None
) -> np.ndarray:
    """Front km per day (shape ``(n_days,)``) or per day and group (``(n_days, n_groups)``).

    ``by`` is None, ``"region"`` or ``"sector"``; ``weight`` an optional boolean per distinct
    segment restricting the sum (e.g. the river stretches).
    """
    km = (book.km if weight is None else np.where(weight, book.km, 0.0))[book.uid]
    if by is None:
        return np.bincount(book.day, weights=km, minlength=n_days)
    group = (book.region if by == "region" else book.sector)[book.uid]
    ok = group >= 0
    flat = book.day[ok] * n_groups + group[ok]
    out = np.bincount(flat, weights=km[ok], minlength=n_days * n_groups)
    return out.reshape(n_days, n_groups)


def region_codes() -> tuple[np.ndarray, np.ndarray]:
    """The region codes and names, in the order :func:`region_of` indexes them."""
    codes, names, _ = _regions()
    return codes, names


def source_days(history: ControlHistory, source: str) -> list[pd.Timestamp]:
    """The days on which ``source`` published a snapshot, sorted."""
    frame = history.frame
    days = pd.DatetimeIndex(frame.loc[frame["source"] == source, "date"].unique()).sort_values()
    return list(days)
