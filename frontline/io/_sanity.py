"""The one check that a layer read from a file can be right for Ukraine.

Used by every reader (:func:`frontline.read_control`, :func:`frontline.read_isw`,
:func:`frontline.read_deepstate`, hence the CLI's ``--source``). A layer is refused with
:class:`~frontline.ImplausibleLayerError`, naming the file and saying how to fix it, when

* its coordinates are not longitude/latitude although it claims to be (projected coordinates,
  e.g. Web Mercator metres, in a file without a declared CRS): declare the CRS with ``crs=``;
* its CRS cannot be transformed to longitude/latitude;
* latitude and longitude are swapped (the layer lies where Ukraine would be with the axes
  exchanged);
* less than :data:`MIN_INSIDE` of its area lies in Ukraine (its outline widened by
  :data:`NEAR_KM` km, which takes in DeepState's border slivers and spits).

Areas are geodesic on the WGS84 ellipsoid (:mod:`frontline.geodesy`).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import geopandas as gpd
import numpy as np
import pyproj
import shapely
from shapely.geometry.base import BaseGeometry

from frontline import geodesy
from frontline._crs import is_lonlat
from frontline._errors import ImplausibleLayerError
from frontline.regions import ukraine_outline

__all__ = ["MIN_INSIDE", "NEAR_KM", "check_layer", "diagnose", "to_lonlat"]

#: A layer must have at least this share of its area in Ukraine.
MIN_INSIDE = 0.5
#: Ukraine's outline is widened by this much (km) for the check.
NEAR_KM = 20.0

_CRS_HINT = (
    "pass crs= with the CRS its coordinates are in (e.g. crs=3857 for Web Mercator metres, "
    "crs=32636 for UTM zone 36N) or re-save the file with its CRS"
)


@lru_cache(maxsize=1)
def _zone() -> BaseGeometry:
    zone = geodesy.buffer_km(ukraine_outline(), NEAR_KM, quad_segs=4)
    shapely.prepare(zone)
    return zone


def _swap(geoms: np.ndarray) -> np.ndarray:
    return shapely.transform(geoms, lambda xy: xy[:, ::-1])


def _inside_share(geoms: np.ndarray) -> tuple[float, float]:
    """(share of the area inside Ukraine's widened outline, total km²)."""
    total = float(geodesy.areas_km2(geoms).sum())
    if total <= 0:
        inside = shapely.intersects(_zone(), geoms)
        return (float(inside.mean()) if len(geoms) else 1.0), 0.0
    within = shapely.intersection(geoms, _zone())
    return float(geodesy.areas_km2(within).sum()) / total, total


def diagnose(geoms: Any, where: str) -> str | None:
    """What is wrong with longitude/latitude geometries ``geoms`` (None if nothing).

    Examples
    --------
    >>> from shapely.geometry import box
    >>> diagnose([box(36, 47, 37, 48)], "a.gpkg") is None
    True
    >>> print(diagnose([box(47, 36, 48, 37)], "a.gpkg"))  # doctest: +ELLIPSIS
    a.gpkg: latitude and longitude look swapped ...
    """
    arr = np.asarray(geoms, dtype=object)
    arr = arr[~(shapely.is_missing(arr) | shapely.is_empty(arr))]
    if len(arr) == 0:
        return None
    x0, y0, x1, y1 = shapely.total_bounds(arr)
    if not np.isfinite([x0, y0, x1, y1]).all():
        return f"{where}: coordinates are not finite numbers; {_CRS_HINT}"
    if x0 < -180 or x1 > 180 or y0 < -90 or y1 > 90:
        return (
            f"{where}: coordinates run from ({x0:,.0f}, {y0:,.0f}) to ({x1:,.0f}, {y1:,.0f}), "
            "which are not longitude/latitude: the layer looks projected (in metres or feet) "
            f"but no CRS says so; {_CRS_HINT}"
        )
    share, total = _inside_share(arr)
    if share >= MIN_INSIDE:
        return None
    swapped, _ = _inside_share(_swap(arr))
    if swapped >= MIN_INSIDE:
        return (
            f"{where}: latitude and longitude look swapped (the layer lies at "
            f"longitude {x0:.1f} to {x1:.1f}, latitude {y0:.1f} to {y1:.1f}; exchanged, it "
            "falls in Ukraine); write the file with longitude first (x = longitude, "
            "y = latitude, as GeoJSON and EPSG:4326 in GIS software order it)"
        )
    return (
        f"{where}: only {share:.0%} of the layer's {total:,.0f} km² lies in Ukraine (within "
        f"{NEAR_KM:g} km of its outline); frontline measures assessments of Ukraine: check "
        f"that this is the right file and that its CRS is right ({_CRS_HINT})"
    )


def to_lonlat(frame: gpd.GeoDataFrame, where: str, crs: Any = None) -> gpd.GeoDataFrame:
    """``frame`` in EPSG:4326: its CRS declared by ``crs`` if given, then transformed.

    Raises :class:`ImplausibleLayerError` when there is no CRS or it cannot be transformed.
    """
    if crs is not None:
        try:
            declared = pyproj.CRS.from_user_input(crs)
        except pyproj.exceptions.CRSError as exc:
            raise ImplausibleLayerError(
                f"{where}: crs={crs!r} is not a CRS pyproj understands ({exc}); pass an EPSG "
                "code such as 3857 or a WKT/PROJ string"
            ) from None
        frame = frame.set_crs(declared, allow_override=True)
    if frame.crs is None:
        raise ImplausibleLayerError(
            f"{where}: the layer has no coordinate reference system; {_CRS_HINT} (crs=4326 if "
            "its coordinates are longitude/latitude)"
        )
    if is_lonlat(frame.crs):
        return frame
    try:
        out = frame.to_crs(4326)
    except Exception as exc:  # pyproj raises several kinds for impossible transformations
        raise ImplausibleLayerError(
            f"{where}: its CRS {frame.crs.name!r} cannot be transformed to longitude/latitude "
            f"({exc}); {_CRS_HINT}"
        ) from None
    bounds = shapely.total_bounds(out.geometry.to_numpy())
    if len(out) and not np.isfinite(bounds).all():
        raise ImplausibleLayerError(
            f"{where}: its CRS {frame.crs.name!r} cannot be transformed to longitude/latitude "
            f"(the transformation gives no finite coordinates); {_CRS_HINT}"
        )
    return out


def check_layer(frame: gpd.GeoDataFrame, where: str, crs: Any = None) -> gpd.GeoDataFrame:
    """``frame`` in EPSG:4326 after :func:`to_lonlat`, refused if :func:`diagnose` finds a fault.

    Examples
    --------
    >>> from shapely.geometry import box
    >>> frame = gpd.GeoDataFrame(geometry=[box(4.1e6, 6.0e6, 4.2e6, 6.1e6)], crs=4326)
    >>> check_layer(frame, "a.geojson")
    Traceback (most recent call last):
    ...
    frontline._errors.ImplausibleLayerError: a.geojson: coordinates run from ...
    >>> len(check_layer(frame, "a.geojson", crs=3857))
    1
    """
    out = to_lonlat(frame, where, crs)
    problem = diagnose(out.geometry.to_numpy(), where)
    if problem is not None:
        raise ImplausibleLayerError(problem)
    return out
