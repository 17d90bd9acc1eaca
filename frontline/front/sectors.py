"""Directions (axes): the named sectors of the front, defined by reference points.

A direction is a name and a reference point (lon/lat). The front is divided among directions by
nearest reference point: a stretch of front belongs to the direction whose point is nearest, by
distance in an azimuthal equidistant plane centred on Ukraine (the sectors are the Voronoi cells
of the points in that plane). The cells cover all of Ukraine, so every stretch of front has a
direction; a stretch far from every point goes to the nearest one all the same.

The built-in set (:func:`directions`) is the project's own: one point per direction, the town
the direction is named after (or, for Sumy and Kharkiv, the front-line town north of the city:
Yunakivka and Vovchansk), with coordinates from the shipped gazetteer (GeoNames). It is the file
``data/regions/directions.csv``, readable and documented in ``data/README.md``. Pass your own
as ``directions=`` to :func:`frontline.front.pace` and :func:`frontline.front.front_line`:
a mapping of name to a point or ``(lon, lat)``, or a (Geo)DataFrame with a ``direction`` column
and ``lon``/``lat`` columns or Point geometries in EPSG:4326.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from frontline import regions
from frontline._place_input import check_lonlat
from frontline._resources import data_file
from frontline.front import _engine

__all__ = ["DIRECTIONS_FILE", "directions", "sector_polygons"]

#: The shipped file of built-in directions (under ``data/``).
DIRECTIONS_FILE = ("regions", "directions.csv")

_COLUMNS = ("direction", "anchor", "anchor_region", "lon", "lat", "note")


def directions(custom: Any = None) -> pd.DataFrame:
    """The directions as a table: the built-in set, or ``custom`` checked and normalised.

    Parameters
    ----------
    custom : mapping, DataFrame or GeoDataFrame, optional
        Your own directions: ``{"name": (lon, lat) or shapely Point, ...}``, or a frame with a
        ``direction`` column and either ``lon``/``lat`` columns or Point geometries (EPSG:4326).

    Returns
    -------
    pandas.DataFrame
        ``direction``, ``anchor``, ``anchor_region``, ``lon``, ``lat``, ``note``; one row per
        direction, names unique.

    Examples
    --------
    >>> from frontline.front import directions
    >>> directions()["direction"].tolist()[:4]
    ['Sumy', 'Kharkiv', 'Kupiansk', 'Lyman']
    >>> directions({"North": (36.9, 50.3), "South": (35.8, 47.6)})[["direction", "lon"]]
      direction   lon
    0     North  36.9
    1     South  35.8
    """
    if custom is None:
        text = data_file(*DIRECTIONS_FILE).read_text(encoding="utf-8")
        table = pd.read_csv(io.StringIO(text), dtype={"anchor_region": str, "note": str})
        return table[list(_COLUMNS)]
    if isinstance(custom, Mapping):
        rows = []
        for name, value in custom.items():
            point = _as_point(value, f"direction {name!r}")
            rows.append((str(name), "", "", float(point.x), float(point.y), ""))
        table = pd.DataFrame(rows, columns=list(_COLUMNS))
    elif isinstance(custom, pd.DataFrame):
        if "direction" not in custom.columns:
            raise ValueError(
                "a frame of directions needs a 'direction' column (the names) and lon/lat "
                f"columns or Point geometries; got columns {list(custom.columns)}"
            )
        if isinstance(custom, gpd.GeoDataFrame) and not {"lon", "lat"} <= set(custom.columns):
            if custom.crs is not None and custom.crs.to_epsg() != 4326:
                custom = custom.to_crs(4326)
            points = [
                _as_point(g, f"direction {n!r}")
                for n, g in zip(custom["direction"], custom.geometry, strict=True)
            ]
            lon = [p.x for p in points]
            lat = [p.y for p in points]
        elif {"lon", "lat"} <= set(custom.columns):
            lon, lat = list(custom["lon"]), list(custom["lat"])
            for n, x, y in zip(custom["direction"], lon, lat, strict=True):
                _as_point((x, y), f"direction {n!r}")
        else:
            raise ValueError("a frame of directions needs lon and lat columns or Point geometries")
        table = pd.DataFrame(
            {
                "direction": custom["direction"].astype(str).to_numpy(),
                "anchor": "",
                "anchor_region": "",
                "lon": np.asarray(lon, dtype=float),
                "lat": np.asarray(lat, dtype=float),
                "note": "",
            }
        )
    else:
        raise ValueError(
            "directions= takes a mapping of name to (lon, lat) or Point, or a frame with a "
            f"'direction' column; got {type(custom).__name__}"
        )
    if table.empty:
        raise ValueError("directions= is empty; give at least one direction")
    dup = table["direction"][table["direction"].duplicated()].tolist()
    if dup:
        raise ValueError(f"direction names must be unique; repeated: {', '.join(dup)}")
    return table


def _as_point(value: Any, what: str) -> shapely.Point:
    if isinstance(value, tuple | list) and len(value) == 2:
        try:
            value = shapely.Point(float(value[0]), float(value[1]))
        except (TypeError, ValueError):
            raise ValueError(f"{what}: {value!r} is not a (lon, lat) pair of numbers") from None
    if not isinstance(value, shapely.Point):
        raise ValueError(f"{what}: give a (lon, lat) pair or a shapely Point, got {value!r}")
    if not (np.isfinite(value.x) and np.isfinite(value.y)):
        raise ValueError(f"{what}: coordinates must be finite numbers, got {value!r}")
    return check_lonlat(value, what)


def sector_polygons(table: pd.DataFrame) -> gpd.GeoDataFrame:
    """The sector of each direction: its Voronoi cell in the plane, clipped near Ukraine.

    The cells are built in the azimuthal equidistant plane of :mod:`frontline.front._engine`,
    clipped to Ukraine's outline grown by 20 km (so that ground the source draws a little
    beyond the coarse outline still falls in a sector), their edges densified every 1 km and
    taken back to lon/lat. A point lies in the sector of its nearest reference point.

    Examples
    --------
    >>> from frontline.front import directions, sector_polygons
    >>> cells = sector_polygons(directions())
    >>> len(cells), cells.crs.to_epsg()
    (11, 4326)
    """
    points = table[["lon", "lat"]].to_numpy(dtype=float)
    outline = shapely.buffer(_engine.to_plane(regions.ukraine_outline()), 20_000.0)
    if len(points) == 1:
        cells = [outline]
    else:
        planar = _engine.to_plane(shapely.points(points))
        voronoi = shapely.voronoi_polygons(
            shapely.multipoints(planar), extend_to=shapely.envelope(outline).buffer(1e5)
        )
        parts = shapely.get_parts(voronoi)
        # voronoi_polygons does not keep the input order: match each cell to its point
        owner = np.full(len(planar), -1, dtype="int64")
        for j, cell in enumerate(parts):
            owner[np.flatnonzero(shapely.contains(cell, planar))] = j
        cells = [shapely.intersection(parts[j], outline) for j in owner]
    geoms = _engine.from_plane(shapely.segmentize(np.asarray(cells, dtype=object), 1000.0))
    return gpd.GeoDataFrame(
        {"direction": table["direction"].to_numpy()},
        geometry=gpd.GeoSeries(list(geoms), crs=4326),
        crs=4326,
    )
