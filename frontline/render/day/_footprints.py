"""Settlement footprints on a day map, shaded by the share of each held that day.

The footprints are those of :func:`frontline.footprints` (a modelled area per place); the share
held is the part of each inside the day's Russian-held areas (``occupied``,
``occupied_before_2022``), measured equal-area as in :func:`frontline.settlement_control`.
With ``footprints=True`` the places drawn are those whose footprint lies within about 10 km
(0.1 degree, a selection only, not a measurement) of a Russian-held area and not wholly inside
one: the settlements along the front.
"""

from __future__ import annotations

from typing import Any

import folium
import geopandas as gpd
import numpy as np
import shapely

from frontline.gazetteer import footprints as model_footprints
from frontline.gazetteer.footprint_model import to_equal_area
from frontline.render._common import day_str
from frontline.render._escape import escape_columns, escape_html
from frontline.render.palette import PALETTE

__all__ = ["add_footprints"]

_RUSSIAN_HELD = ("occupied", "occupied_before_2022")
_NEAR_DEGREES = 0.1


def add_footprints(m: folium.Map, day_rows: gpd.GeoDataFrame | None, chosen: Any, day: Any) -> int:
    """Draw footprints (``chosen``: True for the places along the front, or a GeoDataFrame of
    :func:`frontline.footprints`); returns how many were drawn."""
    held: Any = None
    if day_rows is not None and len(day_rows):
        rows = day_rows[day_rows["status"].astype(str).isin(_RUSSIAN_HELD)]
        if len(rows):
            held = shapely.union_all(rows.geometry.to_numpy())
    if isinstance(chosen, gpd.GeoDataFrame):
        fp = chosen
    elif held is None:
        return 0
    else:
        fp = model_footprints()
        geoms = fp.geometry.to_numpy()
        shapely.prepare(held)
        near = shapely.dwithin(geoms, held, _NEAR_DEGREES) & ~shapely.covers(held, geoms)
        fp = fp[near]
    if not len(fp):
        return 0
    geoms = fp.geometry.to_numpy()
    share = np.zeros(len(fp))
    if held is not None:
        pieces = shapely.intersection(geoms, held)
        share = shapely.area(to_equal_area(pieces)) / shapely.area(to_equal_area(geoms))
    data = gpd.GeoDataFrame(
        {
            "name": [str(v) for v in fp["name"]] if "name" in fp else "",
            "held": [f"{100 * s:.0f}% of its footprint held on {day_str(day)}" for s in share],
            "km2": [f"{v:.1f} km² (modelled)" for v in fp["footprint_km2"]]
            if "footprint_km2" in fp
            else "",
            "share": np.clip(share, 0.0, 1.0),
        },
        geometry=geoms,
        crs=4326,
    )
    data = escape_columns(data, ["name", "held", "km2"])
    layer = folium.FeatureGroup(name=str(escape_html("Settlement footprints (share held)")))
    folium.GeoJson(
        data,
        name=None,
        style_function=_style,
        tooltip=folium.GeoJsonTooltip(
            fields=["name", "held", "km2"], aliases=["Settlement", "Held", "Footprint"]
        ),
    ).add_to(layer)
    layer.add_to(m)
    return len(data)


def _style(feature: dict[str, Any]) -> dict[str, Any]:
    share = float(feature["properties"]["share"])
    return {
        "color": "#333333",
        "weight": 1,
        "dashArray": "3 3",
        "fillColor": PALETTE["occupied"],
        "fillOpacity": 0.1 + 0.5 * share,
    }
