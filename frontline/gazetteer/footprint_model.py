"""Footprints: an area standing for each settlement, from its population and category.

GeoNames gives a settlement as one point, its centre. A town is not a point: its streets reach
kilometres from that centre, and a town "falls" over weeks as the ground held creeps across it.
:func:`footprints` gives every place an area, its *footprint*, so that the share of it held can
be measured (:func:`frontline.settlement_control`, column ``share_held``).

The model
---------
No redistributable outlines of Ukraine's settlements exist on a package registry (OpenStreetMap
extracts are not on PyPI or npm, and the codifier has no geometry), so the footprint is
modelled, not surveyed:

1. **A disc of the settlement's size**, centred on its GeoNames point, with area
   ``population / density``, where ``density`` (people per km² of built-up ground) depends
   on the codifier's category (:data:`DENSITY_PER_KM2`: 2,000 for a city, 1,000 for a
   settlement (selyshche, the former urban-type settlements), 400 for a village). A place
   with no category (not linked to the codifier) counts as a city from
   :data:`CITY_POPULATION` people up, as a village below. The area is kept between
   :data:`MIN_KM2` (a village of a few dozen houses, and places with no recorded population)
   and :data:`MAX_KM2`. These densities are the model's assumptions, chosen so that a town
   of 30,000 covers about 15 km² and a village of 500 about 1.3 km² (the scale of the
   built-up areas on a map); they are parameters, not facts, and are recorded in the
   result's ``.attrs``.
2. **Clipped so that neighbours do not overlap**: each disc is cut to the Voronoi cell of its
   point among all the gazetteer's places (``shapely.voronoi_polygons``), so a village next to
   a town keeps the ground nearer to it and no ground is counted for two places.
3. **Clipped to land**: the part of a disc outside Ukraine's outline
   (:func:`frontline.ukraine_outline`: the sea off a port, the ground across a border) is
   cut off.

The discs and cells are built in a Lambert azimuthal equal-area projection centred on Ukraine
(:data:`EQUAL_AREA`), where areas are exact on the WGS84 ellipsoid apart from the straight
edges between vertices: checked against geodesic areas (:func:`frontline.geodesy.areas_km2`),
the footprints of the whole gazetteer agree to better than 0.01 % (the tests check it). The
footprints are returned in longitude/latitude (EPSG:4326).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely

from frontline.gazetteer.listing import places as gazetteer_places
from frontline.regions import ukraine_outline

__all__ = [
    "CITY_POPULATION",
    "DENSITY_PER_KM2",
    "EQUAL_AREA",
    "MAX_KM2",
    "MIN_KM2",
    "footprints",
    "to_equal_area",
]

#: People per km² of a settlement's footprint, by the codifier's category.
DENSITY_PER_KM2: dict[str, float] = {
    "city with special status": 2000.0,
    "city": 2000.0,
    "settlement": 1000.0,
    "village": 400.0,
}
#: A place without a category counts as a city from this many people up, else as a village.
CITY_POPULATION = 10_000
#: Smallest footprint, km² (about 400 m round the point; also places without a population).
MIN_KM2 = 0.5
#: Largest footprint, km².
MAX_KM2 = 800.0
#: The equal-area projection (Lambert azimuthal equal-area on WGS84, centred on Ukraine).
EQUAL_AREA = "+proj=laea +lat_0=48.5 +lon_0=31.5 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs"

_SAME_PLACE_M = 1.0  # a gazetteer point this close to a given place is that place


@lru_cache(maxsize=1)
def _transformers() -> tuple[pyproj.Transformer, pyproj.Transformer]:
    crs = pyproj.CRS.from_proj4(EQUAL_AREA)
    return (
        pyproj.Transformer.from_crs(4326, crs, always_xy=True),
        pyproj.Transformer.from_crs(crs, 4326, always_xy=True),
    )


def to_equal_area(geoms: Any, *, inverse: bool = False) -> Any:
    """Lon/lat geometries (one or an array) into :data:`EQUAL_AREA` metres, or back."""
    fwd, back = _transformers()
    t = back if inverse else fwd
    return shapely.transform(geoms, lambda xy: np.column_stack(t.transform(xy[:, 0], xy[:, 1])))


def _areas_km2(frame: pd.DataFrame, density: dict[str, float]) -> np.ndarray:
    n = len(frame)
    pop = (
        pd.to_numeric(frame["population"], errors="coerce").to_numpy(dtype=float)
        if "population" in frame.columns
        else np.zeros(n)
    )
    pop = np.where(np.isfinite(pop) & (pop > 0), pop, 0.0)
    cats = frame["category"] if "category" in frame.columns else pd.Series([None] * n)
    per = np.array(
        [density.get(str(c), np.nan) if isinstance(c, str) else np.nan for c in cats], dtype=float
    )
    fallback = np.where(pop >= CITY_POPULATION, density["city"], density["village"])
    per = np.where(np.isfinite(per), per, fallback)
    return np.clip(pop / per, MIN_KM2, MAX_KM2)


def _check_density(density: Any) -> dict[str, float]:
    merged = dict(DENSITY_PER_KM2)
    if density is not None:
        if not isinstance(density, dict):
            raise TypeError(
                f"density must be a dict of category -> people per km², got {density!r}"
            )
        for key, value in density.items():
            if key not in DENSITY_PER_KM2:
                raise ValueError(
                    f"density: unknown category {key!r}; use some of {', '.join(DENSITY_PER_KM2)}"
                )
            if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
                raise ValueError(f"density[{key!r}] must be a positive number, got {value!r}")
            merged[key] = float(value)
    return merged


def footprints(
    places: gpd.GeoDataFrame | None = None,
    *,
    density: dict[str, float] | None = None,
    neighbours: gpd.GeoDataFrame | None = None,
) -> gpd.GeoDataFrame:
    """The footprint of each place: a disc sized from population and category, clipped so
    that neighbouring places do not overlap (see the module's notes for the model).

    Parameters
    ----------
    places : geopandas.GeoDataFrame, optional
        Points (EPSG:4326) with optional ``population`` and ``category`` columns: by default
        every place of the gazetteer in use (:func:`frontline.places`; after
        :func:`frontline.fetch_places`, GeoNames' full list).
    density : dict, optional
        People per km² by category, replacing some of :data:`DENSITY_PER_KM2`.
    neighbours : geopandas.GeoDataFrame, optional
        Points whose Voronoi cells clip the discs besides ``places`` themselves: by default
        the gazetteer in use, so that the footprint of a place is the same whether it is
        asked for alone or with the whole gazetteer (a neighbour within 1 m of a place is
        that place).

    Returns
    -------
    geopandas.GeoDataFrame
        ``places``' columns and index, the geometry replaced by the footprint (Polygon,
        EPSG:4326), and ``footprint_km2`` (equal-area, :data:`EQUAL_AREA`) and
        ``model_km2`` (the disc before clipping). ``.attrs`` record the model.

    Examples
    --------
    >>> import frontline as fl
    >>> fp = footprints(fl.places(region="Donetsk"))
    >>> row = fp[fp["name"] == "Toretsk"].iloc[0]
    >>> row.geometry.geom_type, bool(5 < row["footprint_km2"] <= row["model_km2"] < 30)
    ('Polygon', True)
    """
    per = _check_density(density)
    gdf = gazetteer_places() if places is None else places
    if not isinstance(gdf, gpd.GeoDataFrame):
        raise TypeError(f"places must be a GeoDataFrame of points, got {type(gdf).__name__}")
    if gdf.crs is None or not gdf.crs.equals(pyproj.CRS(4326)):
        raise ValueError("places must be in EPSG:4326 (longitude/latitude); use .to_crs(4326)")
    geoms = gdf.geometry.to_numpy()
    if len(geoms) and not (shapely.get_type_id(geoms) == 0).all():
        raise ValueError("places must all be points (the footprint is built round each point)")
    out = gdf.copy()
    if len(gdf) == 0:
        out["footprint_km2"] = np.zeros(0)
        out["model_km2"] = np.zeros(0)
        return out
    pts = to_equal_area(geoms)
    model = _areas_km2(gdf, per)
    discs = shapely.buffer(pts, np.sqrt(model * 1e6 / np.pi), quad_segs=8)
    if neighbours is None and places is None:
        others = np.empty(0, dtype=object)
    else:
        pool = gazetteer_places() if neighbours is None else neighbours
        others = to_equal_area(pool.geometry.to_numpy())
        if len(others):
            tree = shapely.STRtree(pts)
            near = tree.query(others, predicate="dwithin", distance=_SAME_PLACE_M)[0]
            others = np.delete(others, np.unique(near))
            # only neighbours that can cut a disc matter: those within two disc radii
            reach = float(np.sqrt(MAX_KM2 * 1e6 / np.pi)) * 2
            close = shapely.STRtree(others).query(discs, predicate="dwithin", distance=reach)[1]
            others = others[np.unique(close)]
    cells = _cells(pts, others)
    shapes = shapely.intersection(discs, cells)
    shapes = np.where(shapely.is_empty(shapes), discs, shapes)
    land = _land()
    coast = ~shapely.contains_properly(land, shapes)
    if coast.any():
        clipped = shapely.intersection(shapes[coast], land)
        shapes[coast] = np.where(shapely.area(clipped) > 0, clipped, shapes[coast])
    out["footprint_km2"] = shapely.area(shapes) / 1e6
    out["model_km2"] = model
    out = out.set_geometry(gpd.GeoSeries(to_equal_area(shapes, inverse=True), index=out.index))
    out = out.set_crs(4326, allow_override=True)
    out.attrs = {
        "model": "disc of area population / density by category, clipped to Voronoi cells",
        "density_per_km2": per,
        "min_km2": MIN_KM2,
        "max_km2": MAX_KM2,
        "projection": EQUAL_AREA,
    }
    return out


@lru_cache(maxsize=1)
def _land() -> Any:
    """Ukraine's outline in the equal-area projection, prepared."""
    land = to_equal_area(ukraine_outline())
    shapely.prepare(land)
    return land


def _cells(pts: np.ndarray, others: np.ndarray) -> np.ndarray:
    """The Voronoi cell of each point among ``pts`` and ``others`` (a point that shares its
    position with another shares its cell)."""
    everything = np.concatenate([pts, others]) if len(others) else pts
    if len(np.unique(shapely.get_coordinates(everything), axis=0)) < 2:
        return shapely.buffer(pts, np.sqrt(MAX_KM2 * 1e6 / np.pi) * 2)
    diagram = shapely.voronoi_polygons(shapely.multipoints(everything), extend_to=None)
    polys = shapely.get_parts(diagram)
    cell_of, which = shapely.STRtree(polys).query(pts, predicate="intersects")
    out = np.empty(len(pts), dtype=object)
    # the first cell found for each point (a point on a shared edge belongs to either)
    first = np.unique(cell_of, return_index=True)[1]
    out[cell_of[first]] = polys[which[first]]
    return out
