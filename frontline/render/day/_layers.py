"""The area layers of a day map: assessed control by source and status, region outlines and
region names."""

from __future__ import annotations

from typing import Any

import folium
import geopandas as gpd

from frontline.render._common import SourceInfo, day_str, source_info
from frontline.render._escape import escape_columns, escape_html
from frontline.render.palette import FILL_OPACITY, LABELS, PALETTE, REGION_COLOUR

__all__ = ["add_control", "add_regions"]


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
    return info


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
