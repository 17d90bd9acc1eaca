"""The places to look up, validated: ids, names, regions and the geometry each is judged by.

Every problem (missing or unusable geometry, a place far outside Ukraine, a missing or repeated
place_id) is collected and raised once as :class:`frontline.InvalidPlacesError`, by row.
"""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from frontline import gazetteer
from frontline._crs import require_lonlat
from frontline._errors import InvalidPlacesError
from frontline.gazetteer.footprint_model import footprints as model_footprints
from frontline.regions import load_regions
from frontline.settlements._projection import metres_outside, project
from frontline.settlements._vocabulary import OUTSIDE_MARGIN_KM

__all__ = ["Places", "assign_regions", "categorical", "compact_ids", "prepare_places"]


class Places:
    """Validated places: ids, names, regions (categoricals) and the geometries to test."""

    def __init__(
        self,
        ids: Any,
        names: pd.Categorical,
        regions: pd.Categorical,
        tests: np.ndarray,
        footprints: np.ndarray,
    ) -> None:
        self.ids = ids
        self.names = names
        self.regions = regions
        self.tests = tests
        self.footprints = footprints

    def __len__(self) -> int:
        return len(self.tests)


def categorical(values: Any) -> pd.Categorical:
    """Text values as a categorical with string categories (sorted); missing values stay NA."""
    series = pd.Series(values, dtype=object)
    present = series.notna().to_numpy()
    text = np.array([str(v) for v in series.to_numpy()[present]], dtype=object)
    categories = pd.Index(sorted(set(text.tolist())), dtype="str")
    codes = np.full(len(series), -1, dtype=np.int32)
    codes[present] = categories.get_indexer(text)
    return pd.Categorical.from_codes(codes, categories=categories)


def compact_ids(values: Any) -> Any:
    """place_id values as int32 (int64 if they do not fit) or a categorical of strings."""
    arr = np.asarray(values)
    if arr.dtype.kind in "iu":
        if len(arr) == 0 or (arr.min() >= np.iinfo(np.int32).min and arr.max() <= 2**31 - 1):
            return arr.astype(np.int32)
        return arr.astype(np.int64)
    return categorical(arr)


def assign_regions(points: np.ndarray) -> pd.Categorical:
    """ISO code of the region containing each point (the nearest one within the margin)."""
    table = load_regions()
    polys = table.geometry.to_numpy()
    codes = table["code"].to_numpy().astype(str)
    found = np.full(len(points), -1, dtype=np.int64)
    hit_pt, hit_region = shapely.STRtree(polys).query(points, predicate="intersects")
    first = np.unique(hit_pt, return_index=True)[1]
    found[hit_pt[first]] = hit_region[first]
    lost = np.flatnonzero(found < 0)
    if len(lost):
        tree = shapely.STRtree(project(polys))
        near_pt, near_region = tree.query_nearest(project(points[lost]), all_matches=False)
        found[lost[near_pt]] = near_region
    return categorical(codes[found])


def prepare_places(places: Any, polygons: str) -> Places:
    """The places (the whole gazetteer when None) checked and ready; InvalidPlacesError lists
    every problem by row."""
    gdf = gazetteer.places() if places is None else places
    if not isinstance(gdf, gpd.GeoDataFrame):
        raise TypeError(
            "places must be a GeoDataFrame of points or polygons (e.g. frontline.places() or "
            f"gpd.GeoDataFrame(geometry=..., crs=4326)), got {type(gdf).__name__}"
        )
    if len(gdf) == 0:
        raise ValueError("places is empty; pass at least one place")
    gdf = require_lonlat(gdf, "places", convert=True)

    problems: list[tuple[Any, str, str, str]] = []
    rows = list(gdf.index)
    geoms = gdf.geometry.to_numpy()
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    type_ids = np.where(missing, -1, shapely.get_type_id(geoms))
    usable = np.isin(type_ids, (0, 3, 6))
    for i in np.flatnonzero(missing):
        problems.append((rows[i], "geometry", "None", "missing or empty geometry"))
    for i in np.flatnonzero(~missing & ~usable):
        problems.append(
            (rows[i], "geometry", geoms[i].geom_type, "not a Point, Polygon or MultiPolygon")
        )
    finite = np.ones(len(geoms), dtype=bool)
    if usable.any():
        coords, owner = shapely.get_coordinates(geoms[usable], return_index=True)
        bad_owner = np.unique(owner[~np.isfinite(coords).all(axis=1)])
        finite[np.flatnonzero(usable)[bad_owner]] = False
    for i in np.flatnonzero(usable & ~finite):
        problems.append((rows[i], "geometry", geoms[i].wkt[:60], "coordinates are not finite"))
    usable &= finite
    is_poly = usable & (type_ids != 0)
    invalid = is_poly & ~shapely.is_valid(np.where(is_poly, geoms, None))
    for i in np.flatnonzero(invalid):
        problems.append(
            (
                rows[i],
                "geometry",
                geoms[i].wkt[:60] + "...",
                f"invalid polygon ({shapely.is_valid_reason(geoms[i])}); repair it with "
                "shapely.make_valid",
            )
        )
    usable &= ~invalid

    tests = np.empty(len(geoms), dtype=object)
    anchor = np.empty(len(geoms), dtype=object)
    anchor[usable] = shapely.point_on_surface(geoms[usable])
    tests[usable] = geoms[usable] if polygons == "any_part" else anchor[usable]
    if usable.any():
        metres = metres_outside(tests[usable])
        far = np.flatnonzero(usable)[metres > OUTSIDE_MARGIN_KM * 1000.0]
        names = gdf["name"].to_numpy() if "name" in gdf.columns else None
        for i, m in zip(far.tolist(), metres[metres > OUTSIDE_MARGIN_KM * 1000.0], strict=True):
            label = f" ({names[i]!s})" if names is not None else ""
            pt = anchor[i]
            problems.append(
                (
                    rows[i],
                    "geometry",
                    f"POINT ({pt.x:.5f} {pt.y:.5f}){label}",
                    f"lies {m / 1000.0:,.1f} km outside Ukraine (more than {OUTSIDE_MARGIN_KM:g} "
                    "km beyond its border); pass only places in Ukraine",
                )
            )

    if "place_id" in gdf.columns:
        raw_ids = gdf["place_id"]
        id_field = "place_id"
    else:
        raw_ids = pd.Series(gdf.index, index=gdf.index)
        id_field = "index"
    for i in np.flatnonzero(raw_ids.isna().to_numpy()):
        problems.append((rows[i], id_field, "None", "missing place_id"))
    dup = raw_ids.duplicated(keep=False).to_numpy() & raw_ids.notna().to_numpy()
    for i in np.flatnonzero(dup):
        problems.append(
            (rows[i], id_field, repr(raw_ids.iloc[i]), "duplicate place_id; ids must be unique")
        )
    if problems:
        raise InvalidPlacesError(problems)

    names = categorical(gdf["name"] if "name" in gdf.columns else [None] * len(gdf))
    regions = categorical(gdf["region"]) if "region" in gdf.columns else assign_regions(anchor)
    return Places(
        compact_ids(raw_ids.to_numpy()), names, regions, tests, _footprints(gdf, places is None)
    )


def _footprints(gdf: gpd.GeoDataFrame, whole_gazetteer: bool) -> np.ndarray:
    """The area of each place: a polygon is its own; a point gets the modelled footprint
    (:func:`frontline.footprints`), clipped among the gazetteer's places."""
    geoms = gdf.geometry.to_numpy()
    out = np.array(geoms, dtype=object)
    is_point = shapely.get_type_id(geoms) == 0
    if is_point.any():
        sub = gdf.loc[is_point, [c for c in ("population", "category") if c in gdf.columns]]
        points = gpd.GeoDataFrame(sub, geometry=geoms[is_point], crs=4326)
        made = model_footprints(None if whole_gazetteer else points)
        out[is_point] = made.geometry.to_numpy()
    return out
