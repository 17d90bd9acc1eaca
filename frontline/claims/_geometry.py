"""Claim geometries: reading them, checking them against Ukraine, and fitting the precision.

Hygiene (:func:`hygiene`) is vectorised with shapely 2: Z dropped, invalid geometries repaired
with :func:`shapely.make_valid`, swapped or out-of-range coordinates refused, and geometries
outside Ukraine's geodesic 100 km borderland noted (see :data:`~frontline.claims.BORDERLAND_KM`).
Geometries arrive in EPSG:4326 or are converted by :func:`frontline._crs.require_lonlat`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from frontline._crs import require_lonlat
from frontline.claims._values import is_missing
from frontline.claims.schema import BORDERLAND_KM
from frontline.geodesy import buffer_km
from frontline.regions import ukraine_outline

__all__ = [
    "LINE_TYPES",
    "POINT_TYPES",
    "POLY_TYPES",
    "borderland",
    "hygiene",
    "is_missing_geometry",
    "parse_geometry",
    "precision_mismatch",
    "split_border",
    "swap_xy",
    "to_lonlat",
]

POINT_TYPES = ("Point", "MultiPoint")
LINE_TYPES = ("LineString", "MultiLineString", "LinearRing")
POLY_TYPES = ("Polygon", "MultiPolygon")


def is_missing_geometry(value: Any) -> bool:
    """Whether a geometry field is empty (a geometry, mapping or WKB is never missing)."""
    if isinstance(value, BaseGeometry | Mapping | bytes):
        return False
    return is_missing(value)


def _read(value: Any) -> BaseGeometry | None:
    """WKT, WKB, a GeoJSON geometry dict or a ``__geo_interface__`` as shapely (may raise)."""
    if isinstance(value, str):
        return shapely.from_wkt(value.strip())
    if isinstance(value, bytes | bytearray):
        return shapely.from_wkb(bytes(value))
    if isinstance(value, Mapping):
        return shapely.geometry.shape(dict(value))
    return shapely.geometry.shape(value.__geo_interface__)


def parse_geometry(value: Any) -> BaseGeometry | None:
    """A shapely geometry from shapely, WKT, WKB, GeoJSON (dict, Feature or text); None if empty.

    Examples
    --------
    >>> parse_geometry('{"type": "Point", "coordinates": [35.05, 48.45]}').wkt
    'POINT (35.05 48.45)'
    >>> parse_geometry("POINT EMPTY") is None
    True
    """
    if value is None or (not isinstance(value, BaseGeometry | Mapping) and is_missing(value)):
        return None
    if isinstance(value, str) and value.strip().startswith("{"):
        try:
            decoded = json.loads(value.strip())
        except ValueError as exc:
            raise ValueError(f"not a readable geometry ({exc})") from None
        return parse_geometry(decoded)
    if isinstance(value, Mapping) and value.get("type") == "Feature":
        return parse_geometry(value.get("geometry"))
    if isinstance(value, BaseGeometry):
        geom: BaseGeometry | None = value
    elif isinstance(value, str | bytes | bytearray | Mapping) or hasattr(
        value, "__geo_interface__"
    ):
        try:
            geom = _read(value)
        except Exception as exc:  # shapely/GEOS raise several unrelated classes for bad input
            raise ValueError(f"not a readable geometry ({exc})") from None
    else:
        raise ValueError(
            f"a geometry must be shapely, WKT, WKB or a GeoJSON dict, not {type(value).__name__}"
        )
    if geom is None or geom.is_empty:
        return None
    return geom


@lru_cache(maxsize=1)
def borderland() -> BaseGeometry:
    """Ukraine's outline buffered geodesically by :data:`BORDERLAND_KM` (prepared, cached)."""
    land = buffer_km(ukraine_outline(), BORDERLAND_KM, quad_segs=4)
    shapely.prepare(land)
    return land


def swap_xy(geom: BaseGeometry) -> BaseGeometry:
    """The geometry with x and y exchanged."""
    return shapely.transform(geom, lambda xy: xy[:, ::-1])


def hygiene(
    geoms: np.ndarray,
) -> tuple[np.ndarray, dict[int, tuple[Any, str]], dict[int, str]]:
    """Vectorised checks: (clean geometries, {pos: (value, problem)}, {pos: warning text}).

    Drops Z, repairs invalid geometries with :func:`shapely.make_valid` (a note), refuses
    non-finite coordinates, collections and swapped coordinates (problems), and notes
    geometries outside Ukraine and its borderland (tested on the geodesic buffer).
    """
    problems: dict[int, tuple[Any, str]] = {}
    notes: dict[int, str] = {}
    geoms = shapely.force_2d(geoms)
    present = ~shapely.is_missing(geoms)
    if not present.any():
        return geoms, problems, notes
    coords, index = shapely.get_coordinates(geoms, return_index=True)
    bad_coord = np.zeros(len(geoms), dtype=bool)
    np.logical_or.at(bad_coord, index, ~np.isfinite(coords).all(axis=1))
    for pos in np.flatnonzero(bad_coord).tolist():
        problems[pos] = (geoms[pos], "coordinates must be finite numbers (no NaN or infinity)")
    types = shapely.get_type_id(geoms)
    collection = present & (types == 7)
    for pos in np.flatnonzero(collection).tolist():
        problems[pos] = (
            geoms[pos],
            "geometry collections are not supported; use a Multi* geometry or one claim each",
        )
    ok = present & ~bad_coord & ~collection
    invalid = ok & ~shapely.is_valid(geoms)
    for pos in np.flatnonzero(invalid).tolist():
        geom = geoms[pos]
        reason = shapely.is_valid_reason(geom)
        if geom.geom_type in POLY_TYPES:
            fixed = shapely.make_valid(geom, method="structure", keep_collapsed=False)
        else:  # "linework" keeps collapsed parts; a line collapsed to a point is refused below
            fixed = shapely.make_valid(geom, method="linework")
        if (
            fixed is None
            or fixed.is_empty
            or fixed.geom_type == "GeometryCollection"
            or shapely.get_dimensions(fixed) != shapely.get_dimensions(geom)
        ):
            problems[pos] = (geom, f"invalid geometry ({reason}) that make_valid cannot repair")
            ok[pos] = False
            continue
        geoms[pos] = fixed
        notes[pos] = f"invalid geometry repaired with make_valid ({reason})"
    # coordinates in range and near Ukraine; otherwise swapped or flagged
    bounds = shapely.bounds(geoms)
    in_range = (
        (np.abs(bounds[:, 0]) <= 180)
        & (np.abs(bounds[:, 2]) <= 180)
        & (np.abs(bounds[:, 1]) <= 90)
        & (np.abs(bounds[:, 3]) <= 90)
    )
    check = np.flatnonzero(ok)
    if len(check) == 0:
        return geoms, problems, notes
    # what touches Ukraine touches its borderland: only the rest needs the buffered outline,
    # whose geodesic buffer takes a few tenths of a second to build
    near = np.zeros(len(geoms), dtype=bool)
    near[check] = in_range[check] & shapely.intersects(geoms[check], ukraine_outline())
    rest = check[in_range[check] & ~near[check]]
    if len(rest):
        near[rest] = shapely.intersects(geoms[rest], borderland())
    for pos in check[~near[check]]:
        land = borderland()
        geom = geoms[pos]
        swapped = swap_xy(geom)
        sb = swapped.bounds
        in_degrees = max(abs(sb[0]), abs(sb[2])) <= 180 and max(abs(sb[1]), abs(sb[3])) <= 90
        if in_degrees and swapped.intersects(land):
            problems[pos] = (
                geom,
                "coordinates look swapped (lat, lon): read as (lon, lat) they lie far from "
                "Ukraine, swapped they lie in it; put longitude first (x = lon, y = lat), or "
                "check that 'lat' and 'lon' are not exchanged",
            )
            continue
        if not in_range[pos]:
            problems[pos] = (
                geom,
                "coordinates out of range for degrees (lon within ±180, lat within ±90); if they "
                "are projected, say so with crs= (or set the GeoDataFrame's CRS)",
            )
            continue
        notes[pos] = f"lies outside Ukraine and its {BORDERLAND_KM:.0f} km borderland"
    return geoms, problems, notes


def to_lonlat(geoms: np.ndarray, crs: Any) -> np.ndarray:
    """Geometries given in ``crs`` (None: already EPSG:4326) in EPSG:4326."""
    if crs is None:
        return geoms
    series = require_lonlat(gpd.GeoSeries(geoms, crs=crs), "claims", convert=True)
    return np.asarray(series.values.to_numpy(), dtype=object)


def split_border(value: Any) -> tuple[str, str]:
    """Two region names from a list, its JSON text, or text such as "Donetsk | Dnipropetrovsk"."""
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                value = json.loads(text)
            except json.JSONDecodeError as exc:
                raise ValueError(f"not valid JSON ({exc.msg})") from None
        else:
            value = [p for p in re.split(r"\s*[|/;,–—]\s*", text) if p]
    if (
        isinstance(value, list | tuple)
        and len(value) == 2
        and all(isinstance(v, str) and v.strip() for v in value)
    ):
        return value[0].strip(), value[1].strip()
    raise ValueError("a border is two region names, e.g. ['Donetsk', 'Dnipropetrovsk']")


def precision_mismatch(precision: str | None, gtype: str | None, region: str | None) -> str:
    """Why ``precision`` does not fit a geometry of type ``gtype`` ("" when it does)."""
    if precision is None:
        return ""
    if precision in ("point", "settlement") and gtype not in POINT_TYPES:
        return f"a {precision!r} claim needs a point geometry, not {gtype or 'none'}"
    if precision == "border segment" and gtype not in LINE_TYPES:
        return f"a 'border segment' claim needs a line geometry, not {gtype or 'none'}"
    if precision == "area" and gtype not in POLY_TYPES:
        return f"an 'area' claim needs a polygon geometry, not {gtype or 'none'}"
    if precision == "region":
        if region is None:
            return "a 'region' claim needs its region (name or ISO code)"
        if gtype is not None and gtype not in POLY_TYPES:
            return f"a 'region' claim's geometry must be the region's polygon, not {gtype}"
    if precision == "direction" and gtype in POLY_TYPES:
        return "a direction is not an area: give no geometry, the namesake point, or a line"
    if precision == "national" and gtype is not None and gtype not in POLY_TYPES:
        return f"a 'national' claim has no geometry or a polygon, not {gtype}"
    if precision == "none" and gtype is not None:
        return "precision 'none' means no location, but a geometry was given"
    return ""
