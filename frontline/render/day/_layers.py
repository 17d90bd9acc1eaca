"""The area layers of a day map: assessed control by source and status, region outlines and
region names."""

from __future__ import annotations

from typing import Any

import folium
import geopandas as gpd
import shapely

from frontline.geodesy import area_km2
from frontline.regions import beyond_ukraine
from frontline.render._common import SourceInfo, day_str, source_info
from frontline.render._escape import escape_columns, escape_html
from frontline.render.palette import FILL_OPACITY, LABELS, PALETTE, REGION_COLOUR

__all__ = ["add_control", "add_regions"]

#: Colour of assessed ground beyond Ukraine's border (never counted as Ukraine's).
OUTSIDE_COLOUR = "#555555"
#: Less ground than this (km²) beyond the border is the outlines' rounding, and is not drawn.
MIN_OUTSIDE_KM2 = 0.5


def add_control(m: folium.Map, day_rows: gpd.GeoDataFrame) -> list[SourceInfo]:
    """One layer per source; returns what the legend and footnote say of each."""
    info: list[SourceInfo] = []
    if len(day_rows) == 0:
        return info
    for src, rows in day_rows.groupby("source", sort=True):
        rows = rows[~(rows.geometry.isna() | rows.geometry.is_empty)]
        info.append(source_info(src, rows))
        if not len(rows):
            continue
        snap = info[-1].snapshot
        data = gpd.GeoDataFrame(
            {
                "status": rows["status"].astype(str).to_numpy(),
                "label": [LABELS.get(s, s) for s in rows["status"]],
                "source": str(src),
                "snapshot": [day_str(v) for v in rows["snapshot_date"]],
            },
            geometry=rows.geometry.to_numpy(),
            crs=4326,
        )
        data = escape_columns(data, ["label", "source", "snapshot"])
        layer = folium.FeatureGroup(
            name=str(escape_html(f"Assessed control: {src}, {day_str(snap)}"))
        )
        folium.GeoJson(
            data,
            name=None,
            style_function=_control_style,
            highlight_function=None,
            tooltip=folium.GeoJsonTooltip(
                fields=["label", "source", "snapshot"],
                aliases=["Status", "Source", "Snapshot"],
                sticky=True,
            ),
            smooth_factor=0.5,
        ).add_to(layer)
        layer.add_to(m)
        _add_beyond(m, str(src), snap, rows.geometry.to_numpy())
    return info


def _add_beyond(m: folium.Map, src: str, snap: Any, geoms: Any) -> None:
    """The source's assessed ground beyond Ukraine's border, as a layer of its own."""
    beyond = beyond_ukraine(shapely.union_all(geoms))
    if area_km2(beyond) < MIN_OUTSIDE_KM2:
        return
    name = f"Outside Ukraine ({src}, {day_str(snap)}): {area_km2(beyond):,.0f} km², not counted"
    layer = folium.FeatureGroup(name=str(escape_html(name)))
    data = gpd.GeoDataFrame({"what": [str(escape_html(name))]}, geometry=[beyond], crs=4326)
    folium.GeoJson(
        data,
        style_function=lambda _f: {
            "color": OUTSIDE_COLOUR,
            "weight": 1,
            "dashArray": "4 3",
            "fillColor": OUTSIDE_COLOUR,
            "fillOpacity": 0.25,
        },
        tooltip=folium.GeoJsonTooltip(fields=["what"], labels=False, sticky=True),
        smooth_factor=0.5,
    ).add_to(layer)
    layer.add_to(m)


def _control_style(feature: dict[str, Any]) -> dict[str, Any]:
    colour = PALETTE.get(feature["properties"]["status"], "#777777")
    return {
        "color": colour,
        "weight": 1,
        "opacity": 0.9,
        "fillColor": colour,
        "fillOpacity": FILL_OPACITY,
    }


def add_regions(m: folium.Map, regions: gpd.GeoDataFrame) -> None:
    """Region outlines, with their names as tooltips."""
    data = gpd.GeoDataFrame(
        {"name": regions["name"].astype(str).to_numpy()},
        geometry=regions.geometry.to_numpy(),
        crs=4326,
    )
    data = escape_columns(data, ["name"])
    layer = folium.FeatureGroup(name="Regions")
    folium.GeoJson(
        data,
        style_function=lambda _f: {
            "color": REGION_COLOUR,
            "weight": 1.2,
            "opacity": 0.8,
            "fill": True,
            "fillOpacity": 0.0,
        },
        tooltip=folium.GeoJsonTooltip(fields=["name"], labels=False, sticky=True),
        smooth_factor=0.5,
    ).add_to(layer)
    layer.add_to(m)
