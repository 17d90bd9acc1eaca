"""Where an area's edge moved between two days: its directed boundary segments, compared.

Orient every ring of a valid polygonal area so that the area lies on its left (exteriors
counter-clockwise, holes clockwise): the area is then fixed by its set of *directed* boundary
segments. Between two days, a segment is *moved* if it is a directed segment of one day's area
and not of the other's (a segment kept with the area on its other side is moved too).

Nothing changed hands away from the moved segments: every ray from a point held on one day and
not on the other leaves both areas, so it crosses an edge where one area begins or ends and the
other does not, a moved segment. The points that changed hands (boundaries included) thus lie
in the convex hull of the moved segments, inside their bounding box (:func:`moved_box`). Day to
day, DeepState's moved segments are a few dozen of some 3,000, and their box holds about 1 % of
the gazetteer's places.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

__all__ = ["Edges", "edges_of", "moved", "moved_box", "touching_box"]

_POLYGONAL = (3, 6)  # Polygon, MultiPolygon

# odd 64-bit constants for a multiplicative hash of the four coordinates of a segment
_MULTIPLIERS = tuple(
    np.uint64(m)
    for m in (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93)
)


@dataclass(frozen=True)
class Edges:
    """The directed boundary segments of an area, the area on their left."""

    #: rows (x0, y0, x1, y1), sorted by hash
    coords: np.ndarray
    #: a 64-bit hash of each row's bits, sorted (for matching rows between days)
    hashes: np.ndarray


def edges_of(area: BaseGeometry) -> Edges | None:
    """The directed boundary segments of a polygon or multipolygon (None for other types)."""
    if shapely.get_type_id(area) not in _POLYGONAL:
        return None
    rings = shapely.get_rings(shapely.get_parts(shapely.orient_polygons(area)))
    xy, ring = shapely.get_coordinates(rings, return_index=True)
    same_ring = ring[:-1] == ring[1:]
    coords = np.ascontiguousarray(np.hstack([xy[:-1], xy[1:]])[same_ring])
    bits = coords.view(np.uint64)
    hashes = np.zeros(len(coords), dtype=np.uint64)
    for k, mult in enumerate(_MULTIPLIERS):  # integer overflow wraps, as meant
        hashes ^= (bits[:, k] + np.uint64(k)) * mult
        hashes = (hashes << np.uint64(29)) | (hashes >> np.uint64(35))
    order = np.argsort(hashes, kind="stable")
    return Edges(np.ascontiguousarray(coords[order]), hashes[order])


def moved(before: Edges, after: Edges) -> np.ndarray:
    """The segments (rows x0, y0, x1, y1) of one area and not of the other."""
    return np.concatenate(
        [before.coords[~_present(before, after)], after.coords[~_present(after, before)]]
    )


def moved_box(segments: np.ndarray) -> tuple[float, float, float, float]:
    """The bounding box (xmin, ymin, xmax, ymax) of some moved segments (at least one)."""
    xs, ys = segments[:, [0, 2]], segments[:, [1, 3]]
    return float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max())


def touching_box(bounds: np.ndarray, box: tuple[float, float, float, float]) -> np.ndarray:
    """Whether each envelope (rows xmin, ymin, xmax, ymax) meets ``box``."""
    x0, y0, x1, y1 = box
    return (bounds[:, 0] <= x1) & (bounds[:, 2] >= x0) & (bounds[:, 1] <= y1) & (bounds[:, 3] >= y0)


def _present(edges: Edges, others: Edges) -> np.ndarray:
    """Whether each segment of ``edges`` is one of ``others``: a hash match confirmed on the
    coordinates' bits (a collision can only make a segment count as moved, never as kept)."""
    if not len(others.hashes):
        return np.zeros(len(edges.hashes), dtype=bool)
    match = np.minimum(np.searchsorted(others.hashes, edges.hashes), len(others.hashes) - 1)
    return (others.hashes[match] == edges.hashes) & (
        edges.coords.view(np.uint64) == others.coords[match].view(np.uint64)
    ).all(axis=1)
