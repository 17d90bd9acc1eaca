"""A day on an interactive map: assessed control, claims, regions and range rings (Folium).

:func:`map_day` draws one day as a :class:`folium.Map`: the region outlines with their names,
each source's assessed control by status, the claims made that day by status (colour and dash
pattern) and by precision (how exactly the claim says where), range rings, a legend, a layer
control and a footnote with the sources, the snapshot day and the method. The map is an
ordinary ``folium.Map``: add to it, ``.save()`` it, or show it in Jupyter.

How claims are drawn, by the geometry they carry and their ``precision``:

==========================  ===========================================================
precision / geometry        drawn as
==========================  ===========================================================
``region`` polygon          the region hatched in the status colour, outline dashed
other polygons (``area``)   outline in the status colour and dash, light fill
line (``border segment``)   a thick line in the status colour and dash over a white halo
point (``point``,           a marker in the status colour, and a dashed circle of radius
``settlement``)             ``precision_m`` (the stated uncertainty) when it is known
no geometry, ``direction``  not drawn: listed in the legend panel under "Not drawn"
``national``, ``none``      (a folded list: click to open it)
==========================  ===========================================================

Layout: the layer control and, under it, the legend sit top right, over Russia rather than
Ukraine's western oblasts; the footnote sits bottom right, over the Black Sea and Russia. On a
map narrower than :data:`LEGEND_OPEN_MIN_PX` pixels (or lower than two thirds of that) the
legend starts folded to its title, so it never hides the ground it explains.

Every string from data (claimants, summaries, responses, names, URLs) is escaped before it
reaches the page, and only http(s) links become links (:mod:`frontline.render._escape`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from frontline._dates import parse_day
from frontline.claims import PRECISIONS
from frontline.render._escape import SafeHTML, escape_columns, escape_html, js_literal, popup_html
from frontline.render.palette import (
    CASING_COLOUR,
    CLAIM_DASHES,
    CLAIM_STATUSES,
    CONTROL_STATUSES,
    FILL_OPACITY,
    LABELS,
    PALETTE,
    RANGE_COLOUR,
    REGION_COLOUR,
)

if TYPE_CHECKING:  # pragma: no cover
    import folium
    import geopandas as gpd

    from frontline.control import ControlHistory

__all__ = ["DEFAULT_TILES", "LEGEND_OPEN_MIN_PX", "map_day"]

#: Maps narrower than this many pixels (or lower than two thirds of it) open with the legend
#: folded to its title (click to unfold).
LEGEND_OPEN_MIN_PX = 900

#: Base map used when ``tiles`` is not given: a light grey canvas without a token (xyzservices
#: lists CartoDB's tiles as needing an API key; pass ``tiles=xyz.CartoDB.Positron(apikey=...)``
#: or ``tiles="CartoDB Positron"`` with a key set to use them).
DEFAULT_TILES = "Esri.WorldGrayCanvas"

_UNDRAWN = frozenset({"direction", "national", "none"})
_METHOD = (
    "Areas, distances and rings are geodesic on the WGS84 ellipsoid. Claims are drawn at the "
    "precision they state; a claim's colour and dash show its status. Colours: Okabe-Ito and "
    "Tol palettes, checked for colour-blind readers."
)
_REGIONS_SOURCE = (
    "Region boundaries: Natural Earth admin-1 (public domain), as corrected by frontline"
)
_CENTRE = (48.4, 31.2)
_MAX_LISTED = 12


# --- small helpers ----------------------------------------------------------------------------


def _to_day(value: Any) -> pd.Timestamp:
    return parse_day(value, "date")


def _day_str(value: Any) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    try:
        return f"{pd.Timestamp(value):%Y-%m-%d}"
    except (TypeError, ValueError):
        return str(value)


def _check_crs(frame: Any, what: str) -> None:
    crs = getattr(frame, "crs", None)
    if crs is None:
        raise ValueError(
            f"{what} has no CRS; if its coordinates are longitude/latitude call "
            f".set_crs(4326), otherwise .set_crs(<its CRS>).to_crs(4326)"
        )
    if crs.to_epsg() != 4326:
        raise ValueError(
            f"{what} is in {crs.to_string()} ({crs.name}); map_day draws EPSG:4326: call "
            f".to_crs(4326) first"
        )


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value)


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "\u2026"


_CSS = """
.fl-panel {background: rgba(255,255,255,0.93); padding: 6px 9px; border-radius: 4px;
  box-shadow: 0 1px 4px rgba(0,0,0,0.35); font: 12px/1.35 "Helvetica Neue", Arial, sans-serif;
  color: #222; max-width: 300px; max-height: 45vh; overflow-y: auto;}
.fl-panel h4 {margin: 4px 0 2px 0; font-size: 12px; font-weight: bold;}
.fl-panel .fl-row {display: flex; align-items: center; gap: 6px; margin: 1px 0;}
.fl-panel .fl-sw {flex: 0 0 auto;}
.fl-panel ul {margin: 2px 0; padding-left: 1.1em;}
.fl-foot {max-width: 420px; font-size: 11px; color: #333;}
.fl-popup {font-size: 12px; line-height: 1.35;}
.fl-popup th {text-align: left; vertical-align: top; padding-right: 6px; white-space: nowrap;}
.fl-popup td {vertical-align: top;}
.fl-popup ul {margin: 0; padding-left: 1.1em;}
.fl-label {display: inline-block; font: 600 11px Arial, sans-serif; color: #333;
  white-space: nowrap;
  text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 2px #fff; pointer-events: none;}
.leaflet-container path.leaflet-interactive:focus {outline: none;}
.fl-claim-label {font-size: 11px; font-weight: 700; letter-spacing: 0.04em;}
"""


def _style_element() -> Any:
    """The page's CSS for panels, popups and labels (in the page header)."""
    from branca.element import MacroElement
    from folium.template import Template

    class Style(MacroElement):
        _template = Template(
            "{% macro header(this, kwargs) %}<style>" + _CSS + "</style>{% endmacro %}"
        )

        def __init__(self) -> None:
            super().__init__()
            self._name = "FrontlineStyle"

    return Style()


def _panel(html: SafeHTML, *, position: str, css_class: str, fold_below: int = 0) -> Any:
    """A Leaflet control holding fixed HTML (legend, footnote); the HTML goes in as a JS
    string literal (:func:`js_literal`), so nothing in it can end the script. With
    ``fold_below``, the panel's first ``<details>`` starts closed on a map narrower than that
    many pixels or lower than two thirds of it."""
    from branca.element import MacroElement
    from folium.template import Template

    class Panel(MacroElement):
        _template = Template(
            """
{% macro script(this, kwargs) %}
(function() {
  var ctl = L.control({position: {{ this.position_js }}});
  ctl.onAdd = function(map) {
    var div = L.DomUtil.create("div", {{ this.class_js }});
    div.innerHTML = {{ this.html_js }};
    var fold = {{ this.fold_below_js }}, size = map.getSize();
    if (fold > 0 && (size.x < fold || size.y < fold * 2 / 3)) {
      var top = div.querySelector("details");
      if (top) { top.open = false; }
    }
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    return div;
  };
  ctl.addTo({{ this._parent.get_name() }});
})();
{% endmacro %}
"""
        )

        def __init__(self) -> None:
            super().__init__()
            self._name = "FrontlinePanel"
            self.position_js = js_literal(position)
            self.class_js = js_literal(f"fl-panel {css_class}")
            self.html_js = js_literal(str(html))
            self.fold_below_js = str(int(fold_below))

    return Panel()


def _svg_swatch(kind: str, colour: str, *, dash: str | None = None, hatch: bool = False) -> str:
    # trusted markup: colours come from the palette, dashes from CLAIM_DASHES
    if kind == "fill":
        return (
            '<svg class="fl-sw" width="18" height="12"><rect x="0.5" y="0.5" width="17" '
            f'height="11" fill="{colour}" fill-opacity="{FILL_OPACITY + 0.15:.2f}" '
            f'stroke="{colour}"/></svg>'
        )
    if kind == "hatch":
        return (
            '<svg class="fl-sw" width="18" height="12">'
            + "".join(
                f'<line x1="{x}" y1="12" x2="{x + 12}" y2="0" stroke="{colour}" '
                'stroke-width="1.6"/>'
                for x in (-8, -2, 4, 10)
            )
            + f'<rect x="1" y="1" width="16" height="10" fill="none" stroke="{colour}" '
            f'stroke-width="1.6" stroke-dasharray="{dash or "none"}"/></svg>'
        )
    if kind == "point":
        return (
            '<svg class="fl-sw" width="18" height="14"><circle cx="9" cy="7" r="6" fill="none" '
            f'stroke="{colour}" stroke-dasharray="2 2"/><circle cx="9" cy="7" r="3" '
            f'fill="{colour}" stroke="#fff"/></svg>'
        )
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        '<svg class="fl-sw" width="26" height="10">'
        f'<line x1="1" y1="5" x2="25" y2="5" stroke="{CASING_COLOUR}" stroke-width="6"/>'
        f'<line x1="1" y1="5" x2="25" y2="5" stroke="{colour}" stroke-width="3"{dash_attr}/>'
        "</svg>"
    )


# --- control ----------------------------------------------------------------------------------


def _control_day(control: Any, day: pd.Timestamp, source: str | None) -> gpd.GeoDataFrame:
    from frontline.control import ControlHistory

    if isinstance(control, ControlHistory):
        history = control
    else:
        import geopandas as gpd

        if not isinstance(control, gpd.GeoDataFrame):
            raise ValueError(
                f"control must be a ControlHistory (e.g. fl.read_deepstate(...)) or a "
                f"GeoDataFrame of its rows, not {type(control).__name__}"
            )
        _check_crs(control, "control")
        history = ControlHistory(control)
    if len(history) == 0:
        raise ValueError(
            "the control history is empty: it holds no day to draw; read some snapshots first "
            "(fl.read_deepstate(folder)) or pass control=None"
        )
    return history.as_of(day, source=source)


def _add_control(m: Any, day_rows: gpd.GeoDataFrame) -> list[dict[str, Any]]:
    """One layer per source; returns [{source, snapshot, carried_forward, statuses}]."""
    import folium
    import geopandas as gpd

    info: list[dict[str, Any]] = []
    if len(day_rows) == 0:
        return info
    for src, rows in day_rows.groupby("source", sort=True):
        rows = rows[~(rows.geometry.isna() | rows.geometry.is_empty)]
        snap = rows["snapshot_date"].iloc[0] if len(rows) else pd.NaT
        carried = bool(rows["carried_forward"].any()) if len(rows) else False
        statuses = [s for s in CONTROL_STATUSES if s in set(rows["status"])]
        info.append(
            {"source": str(src), "snapshot": snap, "carried": carried, "statuses": statuses}
        )
        if not len(rows):
            continue
        data = gpd.GeoDataFrame(
            {
                "status": rows["status"].astype(str).to_numpy(),
                "label": [LABELS.get(s, s) for s in rows["status"]],
                "source": str(src),
                "snapshot": [_day_str(v) for v in rows["snapshot_date"]],
            },
            geometry=rows.geometry.to_numpy(),
            crs=4326,
        )
        data = escape_columns(data, ["label", "source", "snapshot"])
        layer = folium.FeatureGroup(
            name=str(escape_html(f"Assessed control: {src}, {_day_str(snap)}"))
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


# --- claims -----------------------------------------------------------------------------------


def _prepare_claims(claims: Any, day: pd.Timestamp) -> tuple[gpd.GeoDataFrame, int]:
    """Validate once (all problems together); keep the claims dated ``day``."""
    import geopandas as gpd

    if not isinstance(claims, pd.DataFrame):
        raise ValueError(
            f"claims must be a GeoDataFrame (fl.example_claims(...), fl.read_claims(...)), "
            f"not {type(claims).__name__}"
        )
    if not isinstance(claims, gpd.GeoDataFrame) or claims._geometry_column_name not in claims:
        raise ValueError(
            "claims has no geometry column; build it with fl.claims_from_records(...) or "
            "fl.read_claims(...), or gpd.GeoDataFrame(df, geometry=..., crs=4326). Claims "
            "without a place keep a geometry column holding None."
        )
    _check_crs(claims, "claims")
    problems: list[str] = []
    if "status" not in claims.columns:
        problems.append(f"column 'status' is missing (needed: one of {', '.join(CLAIM_STATUSES)})")
    ids = (
        claims["claim_id"].astype(str).tolist()
        if "claim_id" in claims.columns
        else [f"row {i}" for i in range(len(claims))]
    )
    if "status" in claims.columns:
        for i, value in enumerate(claims["status"].tolist()):
            if value not in CLAIM_STATUSES:
                problems.append(
                    f"claim {ids[i]!r} (row {i}): status {value!r} is not one of "
                    f"{', '.join(CLAIM_STATUSES)}"
                )
    if "precision" in claims.columns:
        for i, value in enumerate(claims["precision"].tolist()):
            if _text(value) and value not in PRECISIONS:
                problems.append(
                    f"claim {ids[i]!r} (row {i}): precision {value!r} is not one of "
                    f"{', '.join(PRECISIONS)}"
                )
    if "precision_m" in claims.columns:
        for i, value in enumerate(claims["precision_m"].tolist()):
            try:
                ok = value is None or pd.isna(value) or float(value) >= 0
            except (TypeError, ValueError):
                ok = False
            if not ok:
                problems.append(
                    f"claim {ids[i]!r} (row {i}): precision_m {value!r} is not a distance in "
                    "metres >= 0"
                )
    day_columns: list[pd.Series] = []
    for col in ("date", "source_date"):
        if col in claims.columns:
            try:
                values = pd.to_datetime(claims[col])
            except (TypeError, ValueError) as err:
                problems.append(f"column {col!r} holds values that are not dates ({err})")
                continue
            if getattr(values.dt, "tz", None) is not None:
                values = values.dt.tz_convert("UTC").dt.tz_localize(None)
            day_columns.append(values.dt.normalize())
    if problems:
        raise ValueError(
            f"cannot draw these claims ({len(problems)} problem"
            f"{'s' if len(problems) != 1 else ''}):\n  - " + "\n  - ".join(problems)
        )
    out = claims.reset_index(drop=True)
    other = 0
    if day_columns:
        keep = np.zeros(len(out), dtype=bool)
        for values in day_columns:
            keep |= (values == day).to_numpy()
        other = int((~keep).sum())
        out = out[keep].reset_index(drop=True)
    return out, other


def _claim_popup(row: pd.Series) -> SafeHTML:
    status = row.get("status")
    responses = row.get("responses")
    listed: list[SafeHTML] = []
    if isinstance(responses, (list, tuple)):
        from frontline.render._escape import link

        for r in responses:
            if not isinstance(r, dict):
                continue
            head = (
                " ".join(t for t in (_day_str(r.get("date")), _text(r.get("by"))) if t)
                or "(unnamed)"
            )
            stance = _text(r.get("stance"))
            parts = [str(escape_html(head))]
            if stance:
                parts.append(f": <i>{escape_html(stance)}</i>")
            src_name, src_url = r.get("source_name"), r.get("source_url")
            if _text(src_name) or _text(src_url):
                parts.append(f" ({link(src_url, _text(src_name) or None)})")
            if _text(r.get("note")):
                parts.append(f" &ndash; {escape_html(r.get('note'))}")
            listed.append(SafeHTML("".join(parts)))
    precision = _text(row.get("precision"))
    pm = row.get("precision_m")
    if precision and pm is not None and not pd.isna(pm) and float(pm) > 0:
        precision = f"{precision} (\u00b1{float(pm) / 1000:.3g} km)"
    side = _text(row.get("side"))
    claimant = _text(row.get("claimant"))
    swatch = SafeHTML(
        f'<span style="display:inline-block;width:10px;height:10px;background:'
        f'{PALETTE.get(status, "#777777")};margin-right:4px"></span>'
        f"{escape_html(LABELS.get(status, _text(status)))}"
    )
    title = " ".join(t for t in (claimant, f"({side})" if side else "") if t) or "Claim"
    rows = [
        ("Status", swatch),
        ("Date", _day_str(row.get("date"))),
        ("Kind", _text(row.get("kind"))),
        ("Place", ", ".join(t for t in (_text(row.get("place")), _region_name(row)) if t)),
        ("Summary", _text(row.get("summary"))),
        ("Unit", _text(row.get("unit"))),
        ("Precision", precision),
        ("Responses", listed),
        ("Quote", _text(row.get("quote"))),
        ("Claim id", _text(row.get("claim_id"))),
    ]
    source = (row.get("source_name"), row.get("source_url"))
    if not _text(source[0]) and not _text(source[1]):
        return popup_html(title, rows)
    return popup_html(title, rows, source=source)


def _region_name(row: pd.Series) -> str:
    """The region's name for an ISO code ("UA-12" -> "Dnipropetrovsk Oblast"), else as given."""
    code = _text(row.get("region"))
    if not code:
        return ""
    from frontline.regions import load_regions

    names = dict(zip(load_regions()["code"], load_regions()["name"], strict=True))
    return str(names.get(code, code))


def _claim_tooltip(row: pd.Series) -> SafeHTML:
    status = LABELS.get(row.get("status"), _text(row.get("status")))
    who = _text(row.get("claimant")) or "Claim"
    what = _text(row.get("place")) or _text(row.get("kind"))
    text = f"{status}: {who}" + (f" \u2013 {what}" if what else "")
    return escape_html(text)


def _line_layers(geom: BaseGeometry, colour: str, dash: str | None, weight: float) -> list[Any]:
    import folium

    data = shapely.geometry.mapping(geom)
    casing = folium.GeoJson(
        data,
        style_function=lambda _f: {
            "color": CASING_COLOUR,
            "weight": weight + 3,
            "opacity": 0.9,
            "fill": False,
        },
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
        control=False,
    )
    return [casing, line]


def _add_claims(
    m: Any, claims: gpd.GeoDataFrame, claim_labels: bool = True
) -> tuple[list[pd.Series], set[str]]:
    """Draw what has a place; return the undrawn rows and the (status, how) drawn."""
    import folium

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
        precision = _text(row.get("precision"))
        if geom is None or geom.is_empty or precision in _UNDRAWN:
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
            casing, line = _line_layers(geom, colour, dash, 5.0)
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
        m.add_child(_hatch_element(sorted(hatched)))
    if drawn:
        layer.add_to(m)
    return undrawn, drawn


def _hatch_element(statuses: Sequence[str]) -> Any:
    """SVG hatch patterns, one per claim status, and the CSS classes that fill with them."""
    from branca.element import MacroElement
    from folium.template import Template

    # trusted markup: statuses come from CLAIM_STATUSES (validated), colours from the palette
    defs = "".join(
        f'<pattern id="fl-hatch-pattern-{s}" patternUnits="userSpaceOnUse" width="8" height="8" '
        f'patternTransform="rotate(45)"><rect x="0" y="0" width="2.2" height="8" '
        f'fill="{PALETTE[s]}" fill-opacity="0.8"/></pattern>'
        for s in statuses
    )
    css = "".join(
        f"path.fl-hatch-{s} {{fill: url(#fl-hatch-pattern-{s}); fill-opacity: 1;}}\n"
        for s in statuses
    )

    class Hatch(MacroElement):
        _template = Template(
            "{% macro header(this, kwargs) %}<style>"
            + css
            + "</style>{% endmacro %}"
            + "{% macro html(this, kwargs) %}"
            + '<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>'
            + defs
            + "</defs></svg>{% endmacro %}"
        )

        def __init__(self) -> None:
            super().__init__()
            self._name = "FrontlineHatch"

    return Hatch()


def _add_claim_label(layer: Any, geom: BaseGeometry, status: str) -> None:
    """A small permanent label, e.g. "DENIED", in the status colour beside a drawn claim."""
    import folium

    if geom.geom_type in ("LineString", "MultiLineString"):
        line = max(shapely.get_parts(geom), key=lambda g: g.length)
        spot = line.interpolate(0.5, normalized=True)
        shift = "translate(calc(-100% - 10px),-50%)"  # to the left of the line
    elif int(shapely.get_dimensions(geom)) == 2:
        spot = _label_point(max(shapely.get_parts(geom), key=lambda g: g.area))
        shift = "translate(-50%,110%)"  # below the region name
    else:
        spot = shapely.get_parts(geom)[0]
        shift = "translate(10px,-50%)"
    text = escape_html(LABELS[status].split(" (")[0].upper())
    folium.Marker(
        location=(spot.y, spot.x),
        icon=folium.DivIcon(
            html=(
                f'<div class="fl-label fl-claim-label" style="color:{PALETTE[status]};'
                f'transform:{shift}">{text}</div>'
            ),
            icon_size=(0, 0),
            icon_anchor=(0, 0),
        ),
        interactive=False,
    ).add_to(layer)


# --- ranges -----------------------------------------------------------------------------------


def _ring_specs(ranges: Any) -> list[tuple[str, float, float, float, str]]:
    """(label, lon, lat, km, note) for every ring asked for."""
    specs: list[tuple[str, float, float, float, str]] = []
    if isinstance(ranges, pd.DataFrame):
        frame = ranges
        if hasattr(frame, "crs") and getattr(frame, "_geometry_column_name", None) in frame:
            _check_crs(frame, "ranges")
        kms: list[float] = []
        for col in frame.columns:
            hit = re.fullmatch(r"within_(\d+(?:\.\d+)?)_?km", str(col))
            if hit:
                kms.append(float(hit.group(1)))
        attr_km = frame.attrs.get("km")
        if not kms and attr_km is not None:
            kms = [float(k) for k in np.atleast_1d(attr_km)]
        if not kms:
            raise ValueError(
                "ranges: found no within_<k>km columns (as fl.within_range returns) and no "
                "attrs['km']; pass ranges=[(place, km), ...] instead"
            )
        for i in range(len(frame)):
            row = frame.iloc[i]
            lon, lat = _row_lonlat(row, i)
            label = _text(row.get("name")) or _text(row.get("place"))
            if not label or label.upper().startswith("POINT"):
                label = f"{lat:.3f}\u00b0N {lon:.3f}\u00b0E"
            note = ""
            if "distance_km" in frame.columns and not pd.isna(row.get("distance_km")):
                note = f"{float(row['distance_km']):.1f} km to the assessed front"
                if "snapshot_date" in frame.columns:
                    note += f" ({_day_str(row['snapshot_date'])})"
            for km in kms:
                specs.append((label, lon, lat, km, note))
        return specs
    if not isinstance(ranges, Iterable) or isinstance(ranges, (str, bytes)):
        raise ValueError(
            "ranges must be a fl.within_range(...) result or a list of (place, km) pairs, "
            f"not {type(ranges).__name__}"
        )
    for j, item in enumerate(ranges):
        if not isinstance(item, Sequence) or isinstance(item, str) or len(item) != 2:
            raise ValueError(
                f"ranges item {j} ({item!r}) is not a (place, km) pair; e.g. ('Pokrovsk', 25) "
                "or ((37.18, 48.28), [10, 25])"
            )
        place, km = item
        label, lon, lat = _resolve_place(place, j)
        for k in np.atleast_1d(km).tolist():
            if not isinstance(k, (int, float)) or not (k > 0) or math.isinf(k):
                raise ValueError(f"ranges item {j}: km {k!r} is not a positive number")
            specs.append((label, lon, lat, float(k), ""))
    return specs


def _row_lonlat(row: pd.Series, i: int) -> tuple[float, float]:
    geom = row.get("geometry")
    if isinstance(geom, BaseGeometry) and not geom.is_empty:
        pt = geom if geom.geom_type == "Point" else geom.representative_point()
        return float(pt.x), float(pt.y)
    if "lon" in row.index and "lat" in row.index:
        return float(row["lon"]), float(row["lat"])
    raise ValueError(f"ranges row {i} has neither a geometry nor lon/lat columns")


def _resolve_place(place: Any, j: int) -> tuple[str, float, float]:
    if isinstance(place, BaseGeometry):
        pt = place if place.geom_type == "Point" else place.representative_point()
        return f"{pt.y:.3f}\u00b0N {pt.x:.3f}\u00b0E", float(pt.x), float(pt.y)
    if isinstance(place, pd.Series):
        lon, lat = _row_lonlat(place, j)
        return _text(place.get("name")) or f"place {j}", lon, lat
    if isinstance(place, str):
        from frontline.gazetteer import find_place

        found = find_place(place)
        return str(found["name"]), float(found["lon"]), float(found["lat"])
    if isinstance(place, Sequence) and len(place) == 2:
        lon, lat = float(place[0]), float(place[1])
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise ValueError(f"ranges item {j}: ({lon}, {lat}) is not a (lon, lat) pair")
        return f"{lat:.3f}\u00b0N {lon:.3f}\u00b0E", lon, lat
    raise ValueError(
        f"ranges item {j}: place {place!r} is not a name, a Point, a (lon, lat) pair or a row"
    )


def _add_ranges(m: Any, ranges: Any) -> int:
    import folium

    from frontline.geodesy import ring_km

    specs = _ring_specs(ranges)
    if not specs:
        return 0
    layer = folium.FeatureGroup(name="Range rings")
    seen: set[tuple[float, float]] = set()
    for label, lon, lat, km, note in specs:
        ring = ring_km(lon, lat, km)
        folium.GeoJson(
            shapely.geometry.mapping(shapely.LineString(ring.exterior.coords)),
            style_function=lambda _f: {
                "color": RANGE_COLOUR,
                "weight": 1.5,
                "opacity": 0.9,
                "dashArray": "2 4",
                "fill": False,
            },
            tooltip=folium.Tooltip(str(escape_html(f"{km:g} km from {label}")), sticky=True),
            control=False,
        ).add_to(layer)
        if (lon, lat) not in seen:
            seen.add((lon, lat))
            tip = f"{label}" + (f": {note}" if note else "")
            folium.CircleMarker(
                location=(lat, lon),
                radius=4,
                color=RANGE_COLOUR,
                weight=1.5,
                fill=True,
                fill_color="#FFFFFF",
                fill_opacity=1.0,
                tooltip=folium.Tooltip(str(escape_html(tip))),
            ).add_to(layer)
    layer.add_to(m)
    return len(specs)


# --- regions ----------------------------------------------------------------------------------


def _regions_frame(regions: Any) -> gpd.GeoDataFrame | None:
    import geopandas as gpd

    if regions is None or regions is False:
        return None
    if regions is True:
        from frontline.regions import load_regions

        return load_regions()
    if isinstance(regions, gpd.GeoDataFrame):
        _check_crs(regions, "regions")
        if "name" not in regions.columns:
            raise ValueError("regions needs a 'name' column for its labels")
        return regions
    raise ValueError(
        f"regions must be True, False or a GeoDataFrame with a 'name' column, not "
        f"{type(regions).__name__}"
    )


def _short_names(names: Sequence[str]) -> list[str]:
    """Labels without "Oblast" unless that makes two labels alike (Kyiv, Kyiv Oblast)."""
    short = [re.sub(r"\s+Oblast$", "", n).replace("Autonomous Republic of ", "") for n in names]
    counts = pd.Series(short).value_counts()
    return [s if counts[s] == 1 or s == n else n for s, n in zip(short, names, strict=True)]


def _add_regions(m: Any, regions: gpd.GeoDataFrame) -> None:
    import folium
    import geopandas as gpd

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


# --- legend and footnote ----------------------------------------------------------------------


def _legend_html(
    control_info: list[dict[str, Any]],
    drawn: set[str],
    undrawn: list[pd.Series],
    regions: bool,
    rings: int,
) -> SafeHTML:
    out = ['<details open><summary style="cursor:pointer"><b>Legend</b></summary>']
    for info in control_info:
        if not info["statuses"]:
            continue
        head = f"Assessed control: {info['source']}"
        out.append(f"<h4>{escape_html(head)}</h4>")
        for s in info["statuses"]:
            out.append(
                f'<div class="fl-row">{_svg_swatch("fill", PALETTE[s])}'
                f"{escape_html(LABELS[s])}</div>"
            )
    statuses = [s for s in CLAIM_STATUSES if any(d.startswith(s + ":") for d in drawn)] + [
        s for s in CLAIM_STATUSES if any(r["status"] == s for r in undrawn)
    ]
    statuses = list(dict.fromkeys(statuses))
    if statuses:
        out.append("<h4>Claims, by status</h4>")
        for s in statuses:
            out.append(
                f'<div class="fl-row">{_svg_swatch("line", PALETTE[s], dash=CLAIM_DASHES[s])}'
                f"{escape_html(LABELS[s])}</div>"
            )
        hows = {d.split(":", 1)[1] for d in drawn}
        shapes = []
        if "hatch" in hows:
            shapes.append((_svg_swatch("hatch", "#555555", dash="4 3"), "region-level claim"))
        if "area" in hows:
            shapes.append((_svg_swatch("line", "#555555", dash="4 3"), "area or border claim"))
        elif "line" in hows:
            shapes.append((_svg_swatch("line", "#555555", dash="4 3"), "border claim"))
        if "point" in hows:
            shapes.append((_svg_swatch("point", "#555555"), "point claim, ring = uncertainty"))
        if shapes:
            out.append("<h4>Claims, by precision</h4>")
            out.extend(f'<div class="fl-row">{sw}{escape_html(t)}</div>' for sw, t in shapes)
    if undrawn:
        n = len(undrawn)
        out.append(
            '<details class="fl-undrawn"><summary style="cursor:pointer"><h4 '
            'style="display:inline">Not drawn (no place given)</h4>'
            f" {n} claim{'s' if n != 1 else ''}</summary><ul>"
        )
        for row in undrawn[:_MAX_LISTED]:
            status = row["status"]
            who = _text(row.get("claimant")) or "Claim"
            what = _clip(_text(row.get("summary")) or _text(row.get("kind")), 140)
            prec = _text(row.get("precision")) or "no geometry"
            out.append(
                f'<li><span style="color:{PALETTE[status]};font-weight:bold">'
                f"{escape_html(LABELS[status])}</span>: {escape_html(who)} &ndash; "
                f"{escape_html(what)} <i>({escape_html(prec)})</i></li>"
            )
        if len(undrawn) > _MAX_LISTED:
            out.append(f"<li>and {len(undrawn) - _MAX_LISTED} more</li>")
        out.append("</ul></details>")
    if regions or rings:
        out.append("<h4>Reference</h4>")
    if regions:
        out.append(
            '<div class="fl-row"><svg class="fl-sw" width="26" height="10"><line x1="1" y1="5" '
            f'x2="25" y2="5" stroke="{REGION_COLOUR}" stroke-width="1.2"/></svg>'
            "Region boundary</div>"
        )
    if rings:
        out.append(
            '<div class="fl-row"><svg class="fl-sw" width="26" height="10"><line x1="1" y1="5" '
            f'x2="25" y2="5" stroke="{RANGE_COLOUR}" stroke-width="1.5" '
            'stroke-dasharray="2 4"/></svg>Range ring (geodesic)</div>'
        )
    out.append("</details>")
    return SafeHTML("".join(out))


def _footnote_html(
    day: pd.Timestamp,
    control_info: list[dict[str, Any]],
    claims: gpd.GeoDataFrame | None,
    other_days: int,
    regions: bool,
) -> SafeHTML:
    parts = [f"<b>{escape_html(f'{day:%Y-%m-%d}')}</b>."]
    for info in control_info:
        snap = _day_str(info["snapshot"])
        text = f"Assessed control: {info['source']}, snapshot of {snap}"
        if info["carried"]:
            text += f" (carried forward from {snap} to {day:%Y-%m-%d}: no snapshot that day)"
        parts.append(str(escape_html(text + ".")))
    if claims is not None:
        names = []
        if "source_name" in claims.columns:
            names = sorted({_text(v) for v in claims["source_name"] if _text(v)})
        text = f"Claims: {len(claims)} made or reported on {day:%Y-%m-%d}"
        if names:
            text += " from " + "; ".join(names)
        if other_days:
            text += f" ({other_days} from other days not shown)"
        parts.append(str(escape_html(text + ".")))
    if regions:
        parts.append(str(escape_html(_REGIONS_SOURCE + ".")))
    parts.append(str(escape_html("Method: " + _METHOD)))
    return SafeHTML(" ".join(parts))


# --- tiles ------------------------------------------------------------------------------------


def _add_tiles(m: Any, tiles: Any) -> None:
    import folium
    import xyzservices

    if tiles is None:
        return
    if isinstance(tiles, str):
        try:
            provider = xyzservices.providers.query_name(tiles)
        except ValueError:
            raise ValueError(
                f"tiles {tiles!r} is not an xyzservices provider name; try "
                f"{DEFAULT_TILES!r}, 'OpenStreetMap Mapnik', an xyzservices.TileProvider, "
                "or None for no base map"
            ) from None
    elif isinstance(tiles, xyzservices.TileProvider):
        provider = tiles
    else:
        raise ValueError(
            f"tiles must be an xyzservices provider name, an xyzservices.TileProvider or None, "
            f"not {type(tiles).__name__}"
        )
    if provider.requires_token():
        raise ValueError(
            f"the tile provider {provider.name} needs an API key; pass it as "
            f"tiles=xyzservices.providers.{provider.name}(apikey='...') (the keyword name is in "
            f"the provider's URL), or choose a provider without a key such as {DEFAULT_TILES!r}"
        )
    folium.TileLayer(
        tiles=provider,
        name=str(escape_html(provider.name)),
        max_zoom=int(provider.get("max_zoom", 18)),
        control=True,
    ).add_to(m)


# --- public -----------------------------------------------------------------------------------


def map_day(
    date: Any,
    *,
    claims: gpd.GeoDataFrame | None = None,
    control: ControlHistory | gpd.GeoDataFrame | None = None,
    source: str | None = None,
    regions: bool | gpd.GeoDataFrame = True,
    labels: bool = True,
    ranges: Any = None,
    tiles: Any = DEFAULT_TILES,
    location: tuple[float, float] | None = None,
    zoom_start: int = 6,
    width: str | int = "100%",
    height: str | int = "100%",
    legend: bool = True,
    collapsed: bool = True,
) -> folium.Map:
    """Map one day: assessed control, the claims made that day, regions and range rings.

    Parameters
    ----------
    date : date-like
        The day to draw ("2025-06-08", a ``datetime.date`` or a Timestamp).
    claims : geopandas.GeoDataFrame, optional
        A claims table (EPSG:4326; see :func:`frontline.example_claims`). Only the claims
        dated ``date`` or reported that day (``source_date``) are shown; the footnote counts
        the others. Claims without a geometry,
        or whose precision is ``direction``, ``national`` or ``none``, are listed in the
        legend panel instead of drawn.
    control : ControlHistory or geopandas.GeoDataFrame, optional
        Assessed control; each source's snapshot in force on ``date`` is drawn by status
        (:meth:`ControlHistory.as_of`, which carries the last earlier snapshot forward over a
        missing day; the footnote says so).
    source : str, optional
        Draw only this source of ``control`` (default: every source, one layer each).
    regions : bool or geopandas.GeoDataFrame, default True
        Draw region outlines (``True``: :func:`frontline.load_regions`), or these regions
        (EPSG:4326, with a ``name`` column), or none.
    labels : bool, default True
        Write the region names on the map (they are also tooltips) and each drawn claim's
        status beside it.
    ranges : DataFrame or list of (place, km), optional
        Range rings: a :func:`frontline.within_range` result (a ring per ``within_<k>km``
        column around each place), or pairs such as ``[("Pokrovsk", [10, 25])]`` where a place
        is a name, a shapely Point or a ``(lon, lat)`` pair. Rings are geodesic circles
        (:func:`frontline.geodesy.ring_km`).
    tiles : str, xyzservices.TileProvider or None, default "Esri.WorldGrayCanvas"
        Base map, with its attribution. Tiles always load from the network, even in a page
        saved with ``save_html(..., offline=True)``; use ``None`` (no base map) for pages
        meant to be read offline, which then show the map on a blank background.
    location : (lat, lon), optional
        Map centre (default: the middle of Ukraine).
    zoom_start : int, default 6
    width, height : str or int, default "100%"
    legend : bool, default True
        Add the legend panel (top right, under the layer control; folded to its title on maps
        narrower than :data:`LEGEND_OPEN_MIN_PX` pixels; the list of claims not drawn is
        folded too) and the footnote (bottom right).
    collapsed : bool, default True
        Collapse the layer control (top right) to an icon.

    Returns
    -------
    folium.Map

    Raises
    ------
    ValueError
        Bad ``date``; an empty history; claims without a geometry column, with a CRS other
        than EPSG:4326, or with statuses or precisions outside the vocabularies (all problems
        listed at once); bad ``ranges`` or ``tiles``.
    frontline.control.DateOutOfRangeError
        ``date`` is outside the history (a ``LookupError``).

    Examples
    --------
    >>> import frontline as fl
    >>> m = fl.map_day("2025-06-08", control=fl.example_control(), tiles=None)
    >>> html = m.get_root().render()
    >>> "Assessed control: DeepStateMap" in html and "snapshot of 2025-06-08" in html
    True
    """
    import folium

    day = _to_day(date)
    # validate everything before drawing anything
    day_rows = _control_day(control, day, source) if control is not None else None
    claim_rows, other_days = (None, 0)
    if claims is not None:
        claim_rows, other_days = _prepare_claims(claims, day)
    region_rows = _regions_frame(regions)
    if ranges is not None:
        _ring_specs(ranges)  # raises early on bad input

    m = folium.Map(
        location=list(location) if location is not None else list(_CENTRE),
        zoom_start=zoom_start,
        tiles=None,
        width=width,
        height=height,
        control_scale=True,
        prefer_canvas=False,
    )
    m.add_child(_style_element())
    _add_tiles(m, tiles)
    if region_rows is not None:
        _add_regions(m, region_rows)
    control_info = _add_control(m, day_rows) if day_rows is not None else []
    undrawn: list[pd.Series] = []
    drawn: set[str] = set()
    if claim_rows is not None:
        undrawn, drawn = _add_claims(m, claim_rows, claim_labels=labels)
    rings = _add_ranges(m, ranges) if ranges is not None else 0
    if region_rows is not None and labels:
        _add_region_labels(m, region_rows)
    # the layer control first, so that the legend sits under it in the top-right corner (it
    # lists the map's layers when the page is rendered, so layers added later still show)
    folium.LayerControl(collapsed=collapsed).add_to(m)
    if legend:
        m.add_child(
            _panel(
                _legend_html(control_info, drawn, undrawn, region_rows is not None, rings),
                position="topright",
                css_class="fl-legend",
                fold_below=LEGEND_OPEN_MIN_PX,
            )
        )
        m.add_child(
            _panel(
                _footnote_html(day, control_info, claim_rows, other_days, region_rows is not None),
                position="bottomright",
                css_class="fl-foot",
            )
        )
    return m


def _add_region_labels(m: Any, regions: gpd.GeoDataFrame) -> None:
    import folium

    names = folium.FeatureGroup(name="Region names")
    names_ = regions["name"].astype(str).tolist()
    for name, geom in zip(_short_names(names_), regions.geometry.to_numpy(), strict=True):
        if geom is None or geom.is_empty:
            continue
        part = max(shapely.get_parts(geom), key=lambda g: g.area)  # label the main part
        spot = _label_point(part)
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


def _label_point(poly: BaseGeometry) -> shapely.Point:
    from shapely.ops import polylabel

    try:
        spot = polylabel(poly, tolerance=0.01)
    except (ValueError, shapely.errors.GEOSException):
        return poly.representative_point()
    return spot if poly.contains(spot) else poly.representative_point()
