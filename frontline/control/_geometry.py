"""Polygon helpers shared by the history and the readers: polygonal parts, repair, union."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

__all__ = ["empty_frame", "make_valid", "polygonal", "union_polygons"]


def polygonal(geom: BaseGeometry | None) -> BaseGeometry:
    """The polygonal part of a geometry (Polygon or MultiPolygon; empty Polygon if none)."""
    if geom is None or geom.is_empty:
        return shapely.Polygon()
    tid = shapely.get_type_id(geom)
    if tid in (3, 6):
        return geom
    parts = shapely.get_parts(geom)
    parts = parts[np.isin(shapely.get_type_id(parts), (3, 6))]
    if len(parts) == 0:
        return shapely.Polygon()
    polys = shapely.get_parts(parts)  # MultiPolygon members too
    if len(polys) == 1:
        return polys[0]
    return shapely.MultiPolygon(list(polys))


def make_valid(geoms: np.ndarray) -> np.ndarray:
    """Repair only the invalid geometries, keeping their polygonal parts."""
    geoms = np.asarray(geoms, dtype=object)
    bad = ~shapely.is_valid(geoms)
    if bad.any():
        fixed = shapely.make_valid(geoms[bad])
        geoms = geoms.copy()
        geoms[bad] = [polygonal(g) for g in fixed]
    return geoms


def union_polygons(geoms: Sequence[BaseGeometry] | np.ndarray) -> BaseGeometry:
    """Union polygons into one valid Polygon/MultiPolygon (empty Polygon if none).

    Examples
    --------
    >>> from shapely.geometry import box
    >>> union_polygons([box(0, 0, 1, 1), box(1, 0, 2, 1)]).area
    2.0
    """
    arr = np.asarray(geoms, dtype=object) if len(geoms) else np.empty(0, dtype=object)
    arr = arr[~shapely.is_missing(arr)] if len(arr) else arr
    if len(arr) == 0:
        return shapely.Polygon()
    arr = make_valid(arr)
    if len(arr) == 1:
        return polygonal(arr[0])
    return polygonal(shapely.union_all(arr))


def empty_frame(extra: Sequence[str] = ()) -> gpd.GeoDataFrame:
    cols: dict[str, Any] = {
        "date": pd.Series([], dtype="datetime64[ns]"),
        "source": pd.Series([], dtype=object),
        "status": pd.Series([], dtype=object),
    }
    for c in extra:
        cols[c] = pd.Series([], dtype=object)
    return gpd.GeoDataFrame(cols, geometry=gpd.GeoSeries([], crs=4326), crs=4326)
