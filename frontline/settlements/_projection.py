"""Distances in metres around places: a conformal projection fitted to Ukraine, and its scale.

Distances are measured in a Lambert conformal conic projection fitted to Ukraine and divided by
the projection's scale factor at each place, which matches the geodesic distance on the WGS84
ellipsoid (:mod:`frontline.geodesy`) to well under a metre at these ranges.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
import pyproj
import shapely
from shapely.geometry.base import BaseGeometry

from frontline.regions import ukraine_outline

__all__ = ["LCC", "metres_outside", "outline", "project", "projected_outline", "scale"]

# A Lambert conformal conic projection fitted to Ukraine (44-53 N, 22-41 E). Being conformal, its
# local scale factor k is the same in every direction, so a short geodesic distance d around a
# place is d * k in projected metres.
LCC = (
    "+proj=lcc +lat_1=45.5 +lat_2=51.5 +lat_0=48.5 +lon_0=31.5 +x_0=0 +y_0=0 "
    "+ellps=WGS84 +units=m +no_defs"
)


@lru_cache(maxsize=1)
def lcc() -> tuple[pyproj.Transformer, pyproj.Proj]:
    crs = pyproj.CRS.from_proj4(LCC)
    return pyproj.Transformer.from_crs(4326, crs, always_xy=True), pyproj.Proj(crs)


def project(geoms: Any) -> Any:
    """Lon/lat geometries (one or an array) into the conformal projection (metres)."""
    fwd, _ = lcc()
    return shapely.transform(geoms, lambda xy: np.column_stack(fwd.transform(xy[:, 0], xy[:, 1])))


def scale(points: np.ndarray) -> np.ndarray:
    """The projection's scale factor at lon/lat points (projected m per geodesic m)."""
    _, proj = lcc()
    xy = shapely.get_coordinates(points)
    return np.asarray(proj.get_factors(xy[:, 0], xy[:, 1]).meridional_scale, dtype=float)


def metres_outside(geoms: np.ndarray) -> np.ndarray:
    """Geodesic metres from each geometry to Ukraine's outline (0 where they intersect)."""
    out = np.zeros(len(geoms), dtype=float)
    away = ~shapely.intersects(outline(), geoms)
    if away.any():
        k = scale(shapely.point_on_surface(geoms[away]))
        out[away] = shapely.distance(projected_outline(), project(geoms[away])) / k
    return out


@lru_cache(maxsize=1)
def outline() -> BaseGeometry:
    geom = ukraine_outline()
    shapely.prepare(geom)
    return geom


@lru_cache(maxsize=1)
def projected_outline() -> BaseGeometry:
    geom = project(outline())
    shapely.prepare(geom)
    return geom
