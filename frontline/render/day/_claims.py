"""Claims on a day map: drawn by the geometry and precision they carry, with popups, tooltips
and a status label beside each (see :mod:`frontline.render.day` for the table)."""

from __future__ import annotations

from typing import Any

import folium
import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from frontline.regions import load_regions
from frontline.render._common import UNDRAWN, day_str, label_point, text
from frontline.render._escape import SafeHTML, escape_html, link, popup_html
from frontline.render.day._elements import hatch_element
from frontline.render.palette import CASING_COLOUR, CLAIM_DASHES, LABELS, PALETTE

__all__ = ["add_claims"]


def _claim_popup(row: pd.Series) -> SafeHTML:
    status = row.get("status")
    responses = row.get("responses")
    listed: list[SafeHTML] = []
    if isinstance(responses, (list, tuple)):
        for r in responses:
            if not isinstance(r, dict):
                continue
            head = (
                " ".join(t for t in (day_str(r.get("date")), text(r.get("by"))) if t) or "(unnamed)"
            )
            stance = text(r.get("stance"))
            parts = [str(escape_html(head))]
            if stance:
                parts.append(f": <i>{escape_html(stance)}</i>")
            src_name, src_url = r.get("source_name"), r.get("source_url")
            if text(src_name) or text(src_url):
                parts.append(f" ({link(src_url, text(src_name) or None)})")
            if text(r.get("note")):
                parts.append(f" &ndash; {escape_html(r.get('note'))}")
            listed.append(SafeHTML("".join(parts)))
    precision = text(row.get("precision"))
    pm = row.get("precision_m")
    if precision and pm is not None and not pd.isna(pm) and float(pm) > 0:
        precision = f"{precision} (\u00b1{float(pm) / 1000:.3g} km)"
    side = text(row.get("side"))
    claimant = text(row.get("claimant"))
    swatch = SafeHTML(
        f'<span style="display:inline-block;width:10px;height:10px;background:'
        f'{PALETTE.get(str(status), "#777777")};margin-right:4px"></span>'
        f"{escape_html(LABELS.get(str(status), text(status)))}"
    )
    title = " ".join(t for t in (claimant, f"({side})" if side else "") if t) or "Claim"
    rows = [
        ("Status", swatch),
        ("Date", day_str(row.get("date"))),
        ("Kind", text(row.get("kind"))),
        ("Place", ", ".join(t for t in (text(row.get("place")), _region_name(row)) if t)),
        ("Summary", text(row.get("summary"))),
        ("Unit", text(row.get("unit"))),
        ("Precision", precision),
        ("Responses", listed),
        ("Quote", text(row.get("quote"))),
        ("Claim id", text(row.get("claim_id"))),
    ]
    source = (row.get("source_name"), row.get("source_url"))
    if not text(source[0]) and not text(source[1]):
        return popup_html(title, rows)
    return popup_html(title, rows, source=source)


def _region_name(row: pd.Series) -> str:
    """The region's name for an ISO code ("UA-12" -> "Dnipropetrovsk Oblast"), else as given."""
    code = text(row.get("region"))
    if not code:
        return ""
    table = load_regions()
    names = dict(zip(table["code"], table["name"], strict=True))
    return str(names.get(code, code))


def _claim_tooltip(row: pd.Series) -> SafeHTML:
    status = LABELS.get(str(row.get("status")), text(row.get("status")))
    who = text(row.get("claimant")) or "Claim"
    what = text(row.get("place")) or text(row.get("kind"))
    tip = f"{status}: {who}" + (f" \u2013 {what}" if what else "")
    return escape_html(tip)


#: Leaflet's line simplification in pixels (default 1): a claim line along a winding border
#: keeps its dashes at low zoom instead of piling them into blobs where the border loops
_SMOOTH = 2.5


def _line_layers(geom: BaseGeometry, colour: str, dash: str | None, weight: float) -> list[Any]:
    data = shapely.geometry.mapping(geom)
    casing = folium.GeoJson(
        data,
        style_function=lambda _f: {
            "color": CASING_COLOUR,
            "weight": weight + 2,
            "opacity": 0.9,
            "fill": False,
        },
        smooth_factor=_SMOOTH,
        control=False,
    )
    line = folium.GeoJson(
        data,
        style_function=lambda _f: {
            "color": colour,
            "weight": weight,
            "opacity": 1.0,
            "dashArray": dash,
            "fill": False,
            "lineCap": "butt",
        },
        smooth_factor=_SMOOTH,
        control=False,
    )
    return [casing, line]


def add_claims(
    m: folium.Map, claims: gpd.GeoDataFrame, claim_labels: bool = True
) -> tuple[list[pd.Series], set[str]]:
    """Draw what has a place; return the undrawn rows and the (status, how) drawn."""
    undrawn: list[pd.Series] = []
    drawn: set[str] = set()
    if len(claims) == 0:
        return undrawn, drawn
    layer = folium.FeatureGroup(name="Claims")
    hatched: set[str] = set()
    geoms = claims.geometry.to_numpy()
    # draw polygons first, then lines, then points, so small things stay on top
    order = sorted(
        range(len(claims)),
        key=lambda i: {2: 0, 1: 1, 0: 2}.get(
            int(shapely.get_dimensions(geoms[i])) if geoms[i] is not None else -1, 3
        ),
    )
    for i in order:
        row = claims.iloc[i]
        geom = geoms[i]
        status = row["status"]
        precision = text(row.get("precision"))
        if geom is None or geom.is_empty or precision in UNDRAWN:
            undrawn.append(row)
            continue
        colour = PALETTE[status]
        dash = CLAIM_DASHES[status]
        popup = folium.Popup(str(_claim_popup(row)), max_width=380)
        tip = str(_claim_tooltip(row))
        dim = int(shapely.get_dimensions(geom))
        if dim == 2:
            polys = geom
            extra: dict[str, Any] = {}
            if precision == "region":
                # hatching: an SVG pattern defined once in the page (see _hatch_element), applied
                # by CSS class, so no plugin script is needed (and the page works offline)
                hatched.add(status)
                extra = {"className": f"fl-hatch-{status}"}
                fill: dict[str, Any] = {"fillColor": colour, "fillOpacity": 1.0}
                drawn.add(f"{status}:hatch")
            else:
                fill = {"fillColor": colour, "fillOpacity": 0.12}
                drawn.add(f"{status}:area")
            for part in _line_layers(shapely.boundary(polys), colour, dash, 2.5):
                part.add_to(layer)
            style = {"color": colour, "weight": 0, "opacity": 0, "fill": True, **fill}
            area = folium.GeoJson(
                shapely.geometry.mapping(polys),
                style_function=lambda _f, style=style: style,
                control=False,
                **extra,
            )
            area.add_child(popup)
            area.add_child(folium.Tooltip(tip, sticky=True))
            area.add_to(layer)
        elif dim == 1:
            casing, line = _line_layers(geom, colour, dash, 3.5)
            casing.add_to(layer)
            line.add_child(popup)
            line.add_child(folium.Tooltip(tip, sticky=True))
            line.add_to(layer)
            drawn.add(f"{status}:line")
        else:
            pm = row.get("precision_m")
            radius = float(pm) if pm is not None and not pd.isna(pm) else 0.0
            for pt in shapely.get_parts(geom):
                lat, lon = pt.y, pt.x
                if radius > 0:
                    folium.Circle(
                        location=(lat, lon),
                        radius=radius,
                        color=colour,
                        weight=2,
                        dash_array="4 4",
                        fill=True,
                        fill_color=colour,
                        fill_opacity=0.08,
                        interactive=False,
                    ).add_to(layer)
                marker = folium.CircleMarker(
                    location=(lat, lon),
                    radius=7,
                    color=CASING_COLOUR,
                    weight=2,
                    fill=True,
                    fill_color=colour,
                    fill_opacity=1.0,
                )
                marker.add_child(folium.Popup(str(_claim_popup(row)), max_width=380))
                marker.add_child(folium.Tooltip(tip, sticky=True))
                marker.add_to(layer)
            drawn.add(f"{status}:point")
        if claim_labels:
            _add_claim_label(layer, geom, status)
    if hatched:
        m.add_child(hatch_element(sorted(hatched)))
    if drawn:
        layer.add_to(m)
    return undrawn, drawn


def _add_claim_label(layer: Any, geom: BaseGeometry, status: str) -> None:
    """A small permanent label, e.g. "DENIED", in the status colour beside a drawn claim."""
    if geom.geom_type in ("LineString", "MultiLineString"):
        line = max(shapely.get_parts(geom), key=lambda g: g.length)
        spot = line.interpolate(0.5, normalized=True)
        shift = "translate(calc(-100% - 10px),-50%)"  # to the left of the line
    elif int(shapely.get_dimensions(geom)) == 2:
        spot = label_point(max(shapely.get_parts(geom), key=lambda g: g.area))
        shift = "translate(-50%,110%)"  # below the region name
    else:
        spot = shapely.get_parts(geom)[0]
        shift = "translate(10px,-50%)"
    label = escape_html(LABELS[status].split(" (")[0].upper())
    folium.Marker(
        location=(spot.y, spot.x),
        icon=folium.DivIcon(
            html=(
                f'<div class="fl-label fl-claim-label" style="color:{PALETTE[status]};'
                f'transform:{shift}">{label}</div>'
            ),
            icon_size=(0, 0),
            icon_anchor=(0, 0),
        ),
        interactive=False,
    ).add_to(layer)
