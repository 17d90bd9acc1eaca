"""Region names written on a folium map: :func:`add_region_labels` (day and history maps).

The labels use the page's ``.fl-label`` CSS class (:data:`LABEL_CSS`).
"""

from __future__ import annotations

import folium
import geopandas as gpd
import shapely

from frontline.render._common import label_point, short_names
from frontline.render._escape import escape_html

__all__ = ["LABEL_CSS", "add_region_labels"]

#: the look of the names (white halo, no pointer events)
LABEL_CSS = """
.fl-label {display: inline-block; font: 600 11px Arial, sans-serif; color: #333;
  white-space: nowrap;
  text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 2px #fff; pointer-events: none;}
"""


def add_region_labels(m: folium.Map, regions: gpd.GeoDataFrame) -> None:
    """Each region's short name written on its main part."""
    names = folium.FeatureGroup(name="Region names")
    labels = short_names(regions["name"].astype(str).tolist())
    for name, geom in zip(labels, regions.geometry.to_numpy(), strict=True):
        if geom is None or geom.is_empty:
            continue
        part = max(shapely.get_parts(geom), key=lambda g: g.area)  # label the main part
        spot = label_point(part)
        text = escape_html(name)
        folium.Marker(
            location=(spot.y, spot.x),
            icon=folium.DivIcon(
                html=f'<div class="fl-label" style="transform:translate(-50%,-50%)">{text}</div>',
                icon_size=(0, 0),
                icon_anchor=(0, 0),
            ),
            interactive=False,
        ).add_to(names)
    names.add_to(m)
