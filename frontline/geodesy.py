"""Every area, length, distance and buffer on the WGS84 ellipsoid.

All functions take geometries in EPSG:4326 (longitude, latitude, degrees) and answer in
kilometres or square kilometres computed on the WGS84 ellipsoid with :class:`pyproj.Geod`
(Karney's algorithms, accurate to well under a metre). Nothing here works in planar degrees or
in Web Mercator, which inflates areas in Ukraine by about 2.2 times.

Where an exact geodesic answer is not available in closed form (the distance from a point to a
line, or the buffer of a polygon), the work is done in an azimuthal equidistant projection
centred on the point in question, which keeps every distance from that centre exact, and the
answer is refined on the ellipsoid. Each function's docstring names its method.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import pyproj
import shapely
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points

from frontline._crs import require_lonlat

__all__ = [
    "GEOD",
    "METHOD",
    "area_km2",
    "areas_km2",
    "buffer_km",
    "distance_km",
    "distances_km",
    "length_km",
    "ring_km",
]

#: The ellipsoid every measurement in the library uses.
GEOD = pyproj.Geod(ellps="WGS84")

#: A short statement of the method, carried into results' provenance.
METHOD = "geodesic on the WGS84 ellipsoid (pyproj.Geod)"


def _as_array(geoms: Any) -> np.ndarray:
    if isinstance(geoms, BaseGeometry):
        return np.asarray([geoms], dtype=object)
    if getattr(geoms, "crs", None) is not None:
        require_lonlat(geoms, "the geometries measured")
    values = getattr(geoms, "values", geoms)
    return np.asarray(list(values) if not isinstance(values, np.ndarray) else values, dtype=object)


def _ring_areas_m2(rings: np.ndarray) -> np.ndarray:
    out = np.empty(len(rings), dtype=float)
    for i, ring in enumerate(rings):
        coords = shapely.get_coordinates(ring)
        if len(coords) < 4:
            out[i] = 0.0
            continue
        area, _ = GEOD.polygon_area_perimeter(coords[:, 0], coords[:, 1])
        out[i] = abs(area)
    return out


def areas_km2(geoms: Iterable[BaseGeometry | None] | Any) -> np.ndarray:
    """Geodesic areas of many geometries, in km².

    Method: each polygon ring's area on the WGS84 ellipsoid (``pyproj.Geod``), holes
    subtracted; points and lines have area 0; missing or empty geometries give 0.

    Parameters
    ----------
    geoms : sequence of shapely geometries, GeoSeries or array
        Geometries in EPSG:4326. A GeoSeries in another CRS raises ``ValueError``.

    Returns
    -------
    numpy.ndarray
        One float per geometry.

    Examples
    --------
    >>> from shapely.geometry import box
    >>> float(areas_km2([box(30, 50, 31, 51)])[0].round(0))
    7892.0
    """
    arr = _as_array(geoms)
    result = np.zeros(len(arr), dtype=float)
    if len(arr) == 0:
        return result
    present = arr.copy()
    present[shapely.is_missing(arr)] = None
    polys, index = shapely.get_parts(present, return_index=True)
    is_poly = shapely.get_type_id(polys) == 3
    polys, index = polys[is_poly], index[is_poly]
    if len(polys) == 0:
        return result
    exteriors = shapely.get_exterior_ring(polys)
    total = _ring_areas_m2(exteriors)
    n_holes = shapely.get_num_interior_rings(polys)
    for j in np.flatnonzero(n_holes):
        holes = shapely.get_interior_ring(np.repeat(polys[j], n_holes[j]), np.arange(n_holes[j]))
        total[j] -= _ring_areas_m2(holes).sum()
    np.add.at(result, index, total)
    return result / 1e6


def area_km2(geom: BaseGeometry | None) -> float:
    """Geodesic area of one geometry in km² (WGS84 ellipsoid, ``pyproj.Geod``).

    Examples
    --------
    >>> from shapely.geometry import box
    >>> round(area_km2(box(30, 50, 31, 51)))
    7892
    """
    return float(areas_km2([geom])[0])


def length_km(geom: BaseGeometry | None) -> float:
    """Geodesic length of a line (or a polygon's perimeter) in km, on the WGS84 ellipsoid.

    Examples
    --------
    >>> from shapely.geometry import LineString
    >>> round(length_km(LineString([(30, 50), (30, 51)])), 1)
    111.2
    """
    if geom is None or geom.is_empty:
        return 0.0
    return float(GEOD.geometry_length(geom)) / 1000.0


@lru_cache(maxsize=4096)
def _aeqd(lon: float, lat: float) -> tuple[pyproj.Transformer, pyproj.Transformer]:
    # The pipelines that Transformer.from_crs(4326, aeqd, always_xy=True) and back build,
    # written out: the same operations and numbers, without a search of PROJ's database for
    # each centre (about 12 ms each, which added up to most of a border's cost).
    aeqd = f"+proj=aeqd +lat_0={lat:.8f} +lon_0={lon:.8f} +x_0=0 +y_0=0 +ellps=WGS84"
    fwd = pyproj.Transformer.from_pipeline(
        f"+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad +step {aeqd}"
    )
    inv = pyproj.Transformer.from_pipeline(
        f"+proj=pipeline +step +inv {aeqd} +step +proj=unitconvert +xy_in=rad +xy_out=deg"
    )
    return fwd, inv


def _point_of(geom: BaseGeometry) -> tuple[float, float]:
    if isinstance(geom, shapely.Point):
        return float(geom.x), float(geom.y)
    c = geom.representative_point() if geom.geom_type.endswith("Polygon") else geom.centroid
    return float(c.x), float(c.y)


def distance_km(a: BaseGeometry, b: BaseGeometry) -> float:
    """Shortest geodesic distance between two geometries, in km.

    Method: both geometries are projected to an azimuthal equidistant projection centred on
    ``a`` (exact for distances from that centre), the nearest pair of points is found there, and
    its distance is measured again on the WGS84 ellipsoid. For a point ``a`` the answer is the
    geodesic distance to the nearest point of ``b`` within metres; 0 when they intersect.

    Examples
    --------
    >>> from shapely.geometry import Point, LineString
    >>> round(distance_km(Point(30, 50), LineString([(31, 49), (31, 51)])), 1)
    71.7
    """
    if a is None or b is None or a.is_empty or b.is_empty:
        raise ValueError("distance_km needs two non-empty geometries")
    if a.intersects(b):
        return 0.0
    lon, lat = _point_of(a)
    fwd, inv = _aeqd(round(lon, 6), round(lat, 6))
    pa = shapely.transform(a, lambda xy: np.column_stack(fwd.transform(xy[:, 0], xy[:, 1])))
    pb = shapely.transform(b, lambda xy: np.column_stack(fwd.transform(xy[:, 0], xy[:, 1])))
    na, nb = nearest_points(pa, pb)
    (x1, x2), (y1, y2) = inv.transform([na.x, nb.x], [na.y, nb.y])
    _, _, d = GEOD.inv(x1, y1, x2, y2)
    return float(d) / 1000.0


def distances_km(origins: Sequence[BaseGeometry] | Any, target: BaseGeometry) -> np.ndarray:
    """Geodesic distance in km from each of many geometries to one target geometry.

    Method as :func:`distance_km`, once per origin.

    Examples
    --------
    >>> from shapely.geometry import Point, box
    >>> [round(d) for d in distances_km([Point(30, 50), Point(31.5, 50.5)], box(31, 50, 32, 51))]
    [72, 0]
    """
    arr = _as_array(origins)
    return np.array([distance_km(g, target) for g in arr], dtype=float)


def ring_km(lon: float, lat: float, km: float, *, n: int = 128) -> shapely.Polygon:
    """A geodesic circle: the polygon of all points ``km`` from (lon, lat) on the ellipsoid.

    Method: ``n`` geodesics shot from the centre with :meth:`pyproj.Geod.fwd`; every vertex is
    exactly ``km`` from the centre.

    Examples
    --------
    >>> ring = ring_km(34.8, 50.9, 25)
    >>> round(distance_km(shapely.Point(34.8, 50.9), ring.exterior))
    25
    """
    if not np.isfinite(km) or km <= 0:
        raise ValueError(f"a range ring needs a positive radius in km, got {km!r}")
    az = np.linspace(0.0, 360.0, n, endpoint=False)
    lons, lats, _ = GEOD.fwd(np.full(n, lon), np.full(n, lat), az, np.full(n, km * 1000.0))
    return shapely.Polygon(np.column_stack([lons, lats]))


def buffer_km(geom: BaseGeometry, km: float, *, quad_segs: int = 16) -> BaseGeometry:
    """Buffer a geometry by a distance in km, geodesically.

    Method: a point gets an exact geodesic circle (:func:`ring_km`); any other geometry is
    buffered in metres in an azimuthal equidistant projection centred on it and projected back,
    which is exact at the centre and within 0.5% for extents under about 500 km.

    Examples
    --------
    >>> from shapely.geometry import Point
    >>> round(area_km2(buffer_km(Point(35, 48), 10)))
    314
    """
    if not np.isfinite(km) or km < 0:
        raise ValueError(f"a buffer needs a non-negative distance in km, got {km!r}")
    if geom is None or geom.is_empty:
        raise ValueError("cannot buffer an empty geometry")
    if km == 0:
        return geom
    if isinstance(geom, shapely.Point):
        return ring_km(geom.x, geom.y, km, n=quad_segs * 8)
    lon, lat = _point_of(geom)
    fwd, inv = _aeqd(round(lon, 6), round(lat, 6))
    projected = shapely.transform(
        geom, lambda xy: np.column_stack(fwd.transform(xy[:, 0], xy[:, 1]))
    )
    buffered = shapely.buffer(projected, km * 1000.0, quad_segs=quad_segs)
    return shapely.transform(
        buffered, lambda xy: np.column_stack(inv.transform(xy[:, 0], xy[:, 1]))
    )
