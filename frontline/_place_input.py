"""The one place resolver: whatever a user passes as "a place", as labelled lon/lat points.

Every function that takes a place (``within_range``, ``map_day(ranges=...)``, and later
measures) resolves it here, so a name, a point, a ``(lon, lat)`` pair, a ``fl.find_place`` row
or a GeoDataFrame of places mean the same thing everywhere. Names go through the gazetteer; a
region's name stands for its capital. A bare point's region is the region polygon that covers it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely
from shapely.geometry.base import BaseGeometry

from frontline import gazetteer, regions
from frontline._errors import AmbiguousPlaceError

__all__ = ["PlaceRef", "check_lonlat", "resolve_places"]


class PlaceRef(NamedTuple):
    """One resolved place: a label for output, its region code (or None) and a lon/lat Point."""

    label: str
    region: str | None
    point: shapely.Point

    @property
    def lon(self) -> float:
        return float(self.point.x)

    @property
    def lat(self) -> float:
        return float(self.point.y)


def check_lonlat(geom: BaseGeometry, what: str) -> shapely.Point:
    """``geom`` as a Point (a polygon's centroid), after checking it is longitude/latitude.

    Examples
    --------
    >>> check_lonlat(shapely.Point(37.18, 48.28), "Pokrovsk").x
    37.18
    >>> check_lonlat(shapely.Point(4137000, 6150000), "x")
    Traceback (most recent call last):
    ...
    ValueError: x: coordinates (4137000.0, 6150000.0, 4137000.0, 6150000.0) are not ...
    """
    if geom.is_empty:
        raise ValueError(f"{what}: the geometry is empty")
    minx, miny, maxx, maxy = geom.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise ValueError(
            f"{what}: coordinates {geom.bounds} are not longitude/latitude; pass points in "
            "EPSG:4326 (e.g. gdf.to_crs(4326)) so that distances are not taken in planar units"
        )
    point = geom if geom.geom_type == "Point" else geom.centroid
    assert isinstance(point, shapely.Point)
    return point


def _point_label(point: shapely.Point) -> str:
    return f"{point.y:.3f}\u00b0N {point.x:.3f}\u00b0E"


def _by_name(name: str) -> PlaceRef:
    if not name.strip():
        raise ValueError("place name is empty")
    try:
        row = gazetteer.find_place(name)
    except AmbiguousPlaceError:
        raise
    except LookupError as place_error:
        try:
            reg = regions.region(name)
        except LookupError:
            raise place_error from None
        row = gazetteer.find_place(str(reg["capital"]), region=str(reg["code"]))
    code = row.get("region")
    label = str(row["name"])
    return PlaceRef(
        label, code if isinstance(code, str) else None, check_lonlat(row["geometry"], label)
    )


def _as_given(place: Any, what: str) -> list[PlaceRef]:
    if isinstance(place, BaseGeometry):
        point = check_lonlat(place, what)
        label = place.wkt if len(place.wkt) <= 40 else place.geom_type
        if place.geom_type == "Point":
            label = _point_label(point)
        return [PlaceRef(label, None, point)]
    if isinstance(place, gpd.GeoSeries | gpd.GeoDataFrame):
        if place.crs is None:
            raise ValueError(f"the {what}s have no CRS; set it (e.g. .set_crs(4326)) first")
        if pyproj.CRS.from_user_input(place.crs).to_epsg() != 4326:
            place = place.to_crs(4326)
        geoms = place.geometry if isinstance(place, gpd.GeoDataFrame) else place
        is_frame = isinstance(place, gpd.GeoDataFrame)
        names = (
            place["name"].astype(str).tolist()
            if is_frame and "name" in place
            else [str(i) for i in place.index]
        )
        codes = place["region"].tolist() if is_frame and "region" in place else [None] * len(place)
        return [
            PlaceRef(n, c if isinstance(c, str) else None, check_lonlat(g, f"{what} {n!r}"))
            for n, c, g in zip(names, codes, geoms, strict=True)
        ]
    if isinstance(place, pd.Series):
        geom = place.get("geometry")
        if not isinstance(geom, BaseGeometry) or geom.is_empty:
            if "lon" in place and "lat" in place:
                geom = shapely.Point(float(place["lon"]), float(place["lat"]))
            else:
                raise ValueError(f"a {what} Series needs a 'geometry' or 'lon' and 'lat'")
        name = str(place.get("name", place.name))
        code = place.get("region")
        return [PlaceRef(name, code if isinstance(code, str) else None, check_lonlat(geom, name))]
    if isinstance(place, str):
        return [_by_name(place)]
    if (
        isinstance(place, Sequence)
        and len(place) == 2
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in place)
    ):
        lon, lat = float(place[0]), float(place[1])
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise ValueError(f"{what} ({lon}, {lat}) is not a (lon, lat) pair")
        point = shapely.Point(lon, lat)
        return [PlaceRef(_point_label(point), None, point)]
    if isinstance(place, Iterable):
        out: list[PlaceRef] = []
        for p in place:
            if (
                isinstance(p, Iterable)
                and not isinstance(p, str | pd.Series | tuple)
                and not isinstance(p, BaseGeometry)
            ):
                raise ValueError(f"give {what}s as names, points or rows, got {type(p).__name__}")
            out.extend(_as_given(p, what))
        if not out:
            raise ValueError(f"no {what}s given")
        return out
    raise ValueError(
        f"{what} must be a name, a shapely Point, a (lon, lat) pair, a fl.find_place row or a "
        f"list of them, got {type(place).__name__}"
    )


def resolve_places(place: Any, *, what: str = "place") -> list[PlaceRef]:
    """Each place given, as a :class:`PlaceRef` (label, region code, lon/lat Point).

    Parameters
    ----------
    place : str, shapely geometry, (lon, lat) pair, pandas.Series, GeoSeries, GeoDataFrame or list
        A settlement or region name (a region stands for its capital), a point or polygon
        (its centroid) in EPSG:4326, a ``fl.find_place`` row, a frame of places, or a list.
    what : str
        How the argument is called, for error messages.

    Raises
    ------
    PlaceNotFoundError, AmbiguousPlaceError
        From the gazetteer, for names.
    ValueError
        Anything that is not a place, and coordinates that are not longitude/latitude.

    Examples
    --------
    >>> [p.label for p in resolve_places(["Sumy", (37.18, 48.28)])]
    ['Sumy', '48.280°N 37.180°E']
    >>> resolve_places((37.18, 48.28))[0].region
    'UA-14'
    """
    resolved = _as_given(place, what)
    if all(ref.region is not None for ref in resolved):
        return resolved
    table = regions.load_regions()
    geoms = table.geometry.to_numpy()
    codes = table["code"].to_numpy()
    out = []
    for ref in resolved:
        if ref.region is None:
            inside = np.flatnonzero(shapely.covers(geoms, ref.point))
            ref = ref._replace(region=str(codes[inside[0]]) if len(inside) else None)
        out.append(ref)
    return out
