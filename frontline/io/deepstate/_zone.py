"""Ukraine's buffered outline: what DeepState polygons must meet to be kept."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from frontline.geodesy import buffer_km, ring_km
from frontline.regions import ukraine_outline

__all__ = ["OFFSHORE_ISLANDS", "OUTSIDE_KM", "in_ukraine", "ukraine_zone"]

#: A polygon is dropped when it comes no closer than this to Ukraine's outline.
OUTSIDE_KM = 10.0

#: Ukrainian islands far enough offshore to fall outside the outline's buffer: name -> lon, lat.
OFFSHORE_ISLANDS: dict[str, tuple[float, float]] = {"Zmiinyi (Snake) Island": (30.2045, 45.2551)}


@lru_cache(maxsize=1)
def ukraine_zone() -> BaseGeometry:
    """Ukraine's outline buffered by OUTSIDE_KM, plus offshore islands; prepared, cached."""
    zone = shapely.union_all(
        [buffer_km(ukraine_outline(), OUTSIDE_KM)]
        + [ring_km(lon, lat, OUTSIDE_KM) for lon, lat in OFFSHORE_ISLANDS.values()]
    )
    shapely.prepare(zone)
    return zone


def in_ukraine(geoms: np.ndarray) -> np.ndarray:
    """True where a geometry meets Ukraine's buffered outline."""
    if len(geoms) == 0:
        return np.zeros(0, dtype=bool)
    return shapely.intersects(ukraine_zone(), geoms)
