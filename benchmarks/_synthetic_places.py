"""A gazetteer of every codified settlement (about 29,700) for the settlements benchmark.

Settlements the built-in gazetteer links to a GeoNames place keep its coordinates and
population; the others get a random point inside their oblast (seeded, so every run builds the
same places) and no population (the smallest footprint). Used when GeoNames' full list has not
been fetched (``fl.fetch_places()``); with it, the benchmark uses the fetched gazetteer.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

import frontline as fl
from frontline.gazetteer._store import codifier


def synthetic_places(seed: int = 0) -> gpd.GeoDataFrame:
    codes = codifier()
    known = fl.places()
    by_id = known.set_index("place_id")
    linked = codes["place_id"].notna().to_numpy() & codes["place_id"].isin(by_id.index).to_numpy()
    lon = np.full(len(codes), np.nan)
    lat = np.full(len(codes), np.nan)
    pop = np.zeros(len(codes))
    ids = codes.loc[linked, "place_id"].astype("int64")
    lon[linked] = by_id.loc[ids].geometry.x.to_numpy()
    lat[linked] = by_id.loc[ids].geometry.y.to_numpy()
    pop[linked] = by_id.loc[ids, "population"].to_numpy(dtype=float)
    rng = np.random.default_rng(seed)
    regions = fl.load_regions().set_index("code")
    for code, rows in codes.loc[~linked].groupby("region").groups.items():
        poly = regions.loc[code].geometry
        x0, y0, x1, y1 = poly.bounds
        need = np.asarray(rows)
        got: list[np.ndarray] = []
        while sum(len(g) for g in got) < len(need):
            xy = rng.uniform((x0, y0), (x1, y1), size=(len(need) * 3, 2))
            inside = shapely.contains_xy(poly, xy[:, 0], xy[:, 1])
            got.append(xy[inside])
        xy = np.concatenate(got)[: len(need)]
        pos = codes.index.get_indexer(need)
        lon[pos], lat[pos] = xy[:, 0], xy[:, 1]
    out = gpd.GeoDataFrame(
        {
            "place_id": np.arange(len(codes), dtype=np.int64),
            "name": codes["name"].to_numpy(),
            "region": codes["region"].to_numpy(),
            "population": pop,
            "category": codes["category"].to_numpy(),
        },
        geometry=gpd.points_from_xy(lon, lat),
        crs=4326,
    )
    return out
