"""The change between two days on an interactive map, with a swipe: :func:`map_change`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import shapely

from frontline._dates import parse_day
from frontline._staleness import staleness_lines
from frontline._statuses import OCCUPIED
from frontline.control import ControlHistory
from frontline.front import TOLERANCE_KM, front_line
from frontline.render._common import REGIONS_SOURCE, control_rows, day_str, regions_frame
from frontline.render._escape import SafeHTML, escape_columns, escape_html
from frontline.render._fit import fit_view
from frontline.render._legend import Legend, LegendEntry, LegendSection, legend_html
from frontline.render._panel import panel
from frontline.render._tiles import DEFAULT_TILES, resolve_tiles
from frontline.render.change._elements import Style, Swipe
from frontline.render.palette import PALETTE, REGION_COLOUR

__all__ = ["FRONT_COLOURS", "GAINED", "HELD_OPACITY", "LOST", "METHOD", "PANES", "map_change"]

#: ground gained (held on the second day, not on the first) and lost: the print map's colours
GAINED = PALETTE["occupied"]
LOST = PALETTE["liberated"]
#: the front line of the first day (dashed) and of the second day (solid)
FRONT_COLOURS = {"start": "#555555", "end": "#111111"}
#: the map's panes, bottom to top: each day's held ground (the swipe clips these two), the
#: change, the front lines
PANES = {
    "start": ("frontlineChangeStart", 402),
    "end": ("frontlineChangeEnd", 403),
    "change": ("frontlineChangeDiff", 410),
    "lines": ("frontlineChangeLines", 420),
}
#: held ground is drawn faintly, so that what changed stands out over it
HELD_OPACITY = 0.22
METHOD = (
    "Areas and lengths are geodesic on the WGS84 ellipsoid. Colours: Okabe-Ito palette, "
    "checked for colour-blind readers."
)
_CENTRE = (48.4, 33.0)


def map_change(
    history: ControlHistory | gpd.GeoDataFrame,
    start: Any,
    end: Any,
    *,
    statuses: str | Iterable[str] = OCCUPIED,
    source: str | None = None,
    regions: bool | gpd.GeoDataFrame = True,
    tiles: Any = DEFAULT_TILES,
    tolerance_km: float = TOLERANCE_KM,
    directions: Any = None,
    location: tuple[float, float] | None = None,
    zoom_start: int | None = None,
    width: str | int = "100%",
    height: str | int = "100%",
    legend: bool = True,
    collapsed: bool = True,
) -> folium.Map:
    """Map what changed between two days: gains, losses, both front lines, and a swipe.

    The ground held on ``start`` is drawn left of a divider and the ground held on ``end``
    right of it; drag the divider (the side-by-side control of ``leaflet-side-by-side``) to
    compare the two days. Over both sides: the ground gained and lost
    (:meth:`ControlHistory.changes`, geodesic km²) and the front line of each day
    (:func:`frontline.front_line`, geodesic km; the first day's dashed). Tooltips give each
    piece of front's direction, region and length. A legend and a footnote with the source,
    the snapshots compared, the figures and the method go top and bottom right.

    Parameters
    ----------
    history : ControlHistory or geopandas.GeoDataFrame
        Assessed control (a GeoDataFrame of its rows is read as one).
    start, end : date-like
        The two days (a missing day takes the latest earlier snapshot; the footnote says so).
    statuses : str or iterable of str, default ("occupied", "occupied_before_2022")
        The held ground.
    source : str, optional
        Needed when the history holds several sources.
    regions : bool or geopandas.GeoDataFrame, default True
        Region outlines (as :func:`frontline.map_day`).
    tiles : str, xyzservices.TileProvider or None, default "Esri.WorldGrayCanvas"
        Base map. Use None for a page meant to be read offline
        (``save_html(m, path, offline=True)`` keeps a tile layer, which then fails to load).
    tolerance_km, directions
        As :func:`frontline.front_line`.
    location : (lat, lon), optional
        Map centre; default: fitted to what changed and the front lines.
    zoom_start : int, optional
        With ``location``; default 6.
    width, height : str or int, default "100%"
    legend : bool, default True
        Add the legend (top right) and the footnote (bottom right).
    collapsed : bool, default True
        Collapse the layer control to an icon.

    Returns
    -------
    folium.Map
        The page exposes ``window.frontlineChange`` (``map``, ``swipe``, ``left``, ``right``).

    Raises
    ------
    ValueError
        Bad dates or ``end`` before ``start``; an empty history; bad ``regions``.
    frontline.TileProviderError
        Bad ``tiles`` (a ``ValueError``).
    frontline.DateOutOfRangeError
        A day outside the history (a ``LookupError``).

    Examples
    --------
    >>> import frontline as fl
    >>> m = fl.map_change(fl.example_control(), "2025-06-08", "2025-06-08", tiles=None)
    >>> html = m.get_root().render()
    >>> "L.control.sideBySide" in html, "Front line, 2025-06-08" in html
    (True, True)
    """
    t0, t1 = parse_day(start, "start"), parse_day(end, "end")
    if t1 < t0:
        raise ValueError(f"end {t1:%Y-%m-%d} is before start {t0:%Y-%m-%d}; swap them")
    if not isinstance(history, ControlHistory):
        control_rows(history, t1, source)  # validates type, CRS and emptiness
        history = ControlHistory(history)
    elif len(history) == 0:
        control_rows(history, t1, source)  # the clear "empty" error
    src = history.pick_source(source)
    change = history.changes(t0, t1, statuses=statuses, source=src)
    wanted: tuple[str, ...] = change.attrs["statuses"]
    held = {
        "start": history.geometry_on(t0, statuses=wanted, source=src),
        "end": history.geometry_on(t1, statuses=wanted, source=src),
    }
    lines = {
        key: front_line(
            history,
            day,
            statuses=wanted,
            source=src,
            tolerance_km=tolerance_km,
            directions=directions,
        )
        for key, day in (("start", t0), ("end", t1))
    }
    region_rows = regions_frame(regions)
    provider = resolve_tiles(tiles)
    snaps = {"start": change.attrs["start_snapshot"], "end": change.attrs["end_snapshot"]}
    days = {key: day_str(snaps[key]) or day_str(t) for key, t in (("start", t0), ("end", t1))}

    m = folium.Map(
        location=list(location) if location is not None else list(_CENTRE),
        zoom_start=zoom_start if zoom_start is not None else 6,
        tiles=None,
        width=width,
        height=height,
        control_scale=True,
    )
    m.add_child(Style())
    for name, z in PANES.values():
        folium.map.CustomPane(name, z_index=z).add_to(m)
    if provider is not None:
        folium.TileLayer(
            tiles=provider,
            name=str(escape_html(provider.name)),
            max_zoom=int(provider.get("max_zoom", 18)),
        ).add_to(m)
    if region_rows is not None:
        _add_regions(m, region_rows)
    sides = {key: _add_held(m, key, held[key], days[key], src) for key in ("start", "end")}
    _add_change(m, change)
    for key in ("start", "end"):
        _add_line(m, key, lines[key], days[key])
    m.add_child(
        Swipe(
            sides["start"],
            sides["end"],
            left_pane=PANES["start"][0],
            right_pane=PANES["end"][0],
            left_text=f"\u25c0 {days['start']}",
            right_text=f"{days['end']} \u25b6",
        )
    )
    folium.LayerControl(collapsed=collapsed).add_to(m)
    if legend:
        m.add_child(
            panel(
                legend_html(_legend(days, src)),
                position="topright",
                css_class="fl-legend",
                fold_below=900,
            )
        )
        foot = _footnote(
            change, lines, days, region_rows is not None, stale=staleness_lines(history)
        )
        m.add_child(panel(foot, position="bottomright", css_class="fl-foot", fold_below=900))
    if location is None:
        # what changed and where the front runs (not all the held ground, Crimea included)
        bounds = _bounds([*change.geometry, *(g.union_all() for g in lines.values())])
        if bounds is not None:  # fitted clear of the legend, footnote and controls
            (south, west), (north, east) = bounds
            m.add_child(fit_view((west, south, east, north)))
    return m


def _add_held(m: folium.Map, key: str, geom: Any, day: str, src: str) -> folium.FeatureGroup:
    layer = folium.FeatureGroup(name=str(escape_html(f"Held on {day} ({src})")))
    if geom is not None and not geom.is_empty:
        data = gpd.GeoDataFrame(
            {"label": [f"Held on {day}"], "source": [src]}, geometry=[geom], crs=4326
        )
        colour = PALETTE["occupied"]
        folium.GeoJson(
            escape_columns(data, ["label", "source"]),
            style_function=lambda _f: {
                "color": colour,
                "weight": 0.6,
                "opacity": 0.7,
                "fillColor": colour,
                "fillOpacity": HELD_OPACITY,
            },
            tooltip=folium.GeoJsonTooltip(fields=["label", "source"], labels=False, sticky=True),
            smooth_factor=0.5,
            pane=PANES[key][0],
        ).add_to(layer)
    layer.add_to(m)
    return layer


def _add_change(m: folium.Map, change: gpd.GeoDataFrame) -> None:
    colours = {"gained": GAINED, "lost": LOST}
    for kind, km2, geom in zip(change["change"], change["km2"], change.geometry, strict=True):
        label = f"{'Gained' if kind == 'gained' else 'Lost'}: {km2:,.1f} km\u00b2"
        layer = folium.FeatureGroup(name=str(escape_html(label)))
        if geom is not None and not geom.is_empty:
            data = gpd.GeoDataFrame({"label": [label]}, geometry=[geom], crs=4326)
            colour = colours[str(kind)]
            folium.GeoJson(
                escape_columns(data, ["label"]),
                style_function=lambda _f, c=colour: {
                    "color": c,
                    "weight": 2.0,
                    "opacity": 1.0,
                    "fillColor": c,
                    "fillOpacity": 0.9,
                },
                tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False, sticky=True),
                smooth_factor=0.3,
                pane=PANES["change"][0],
            ).add_to(layer)
        layer.add_to(m)


def _add_line(m: folium.Map, key: str, line: gpd.GeoDataFrame, day: str) -> None:
    total = float(line.attrs.get("total_km", line["length_km"].sum()))
    layer = folium.FeatureGroup(name=str(escape_html(f"Front line, {day}: {total:,.0f} km")))
    if len(line):
        data = gpd.GeoDataFrame(
            {
                "day": day,
                "direction": line["direction"].astype(str).to_numpy(),
                "region": line["region_name"].fillna("").astype(str).to_numpy(),
                "km": [
                    f"{v:,.1f} km" + (" (river)" if r else "")
                    for v, r in zip(line["length_km"], line["river"], strict=True)
                ],
            },
            geometry=line.geometry.to_numpy(),
            crs=4326,
        )
        style = {
            "color": FRONT_COLOURS[key],
            "weight": 2.5 if key == "end" else 2.0,
            "opacity": 0.95,
        }
        if key == "start":
            style["dashArray"] = "6 5"
        folium.GeoJson(
            escape_columns(data, ["day", "direction", "region", "km"]),
            style_function=lambda _f, s=style: s,
            tooltip=folium.GeoJsonTooltip(
                fields=["day", "direction", "region", "km"],
                aliases=["Front line", "Direction", "Region", "Length"],
                sticky=True,
            ),
            smooth_factor=0.5,
            pane=PANES["lines"][0],
        ).add_to(layer)
    layer.add_to(m)


def _add_regions(m: folium.Map, regions: gpd.GeoDataFrame) -> None:
    data = gpd.GeoDataFrame(
        {"name": regions["name"].astype(str).to_numpy()},
        geometry=regions.geometry.to_numpy(),
        crs=4326,
    )
    layer = folium.FeatureGroup(name="Regions")
    folium.GeoJson(
        escape_columns(data, ["name"]),
        style_function=lambda _f: {
            "color": REGION_COLOUR,
            "weight": 1.0,
            "opacity": 0.7,
            "fill": False,
        },
        tooltip=folium.GeoJsonTooltip(fields=["name"], labels=False, sticky=True),
        smooth_factor=0.5,
    ).add_to(layer)
    layer.add_to(m)


def _legend(days: dict[str, str], src: str) -> Legend:
    held = PALETTE["occupied"]
    return Legend(
        sections=[
            LegendSection(
                f"Held ground ({src})",
                (
                    LegendEntry(f"Left of the divider: held on {days['start']}", "fill", held),
                    LegendEntry(f"Right of it: held on {days['end']}", "fill", held),
                ),
            ),
            LegendSection(
                "Change",
                (
                    LegendEntry("Gained (held on the second day only)", "fill", GAINED),
                    LegendEntry("Lost (held on the first day only)", "fill", LOST),
                ),
            ),
            LegendSection(
                "Front line",
                (
                    LegendEntry(f"{days['start']} (dashed)", "line", FRONT_COLOURS["start"]),
                    LegendEntry(days["end"], "outline", FRONT_COLOURS["end"]),
                ),
            ),
        ]
    )


def _footnote(
    change: gpd.GeoDataFrame,
    lines: dict[str, gpd.GeoDataFrame],
    days: dict[str, str],
    regions: bool,
    *,
    stale: list[str] | None = None,
) -> SafeHTML:
    a = change.attrs
    km2 = dict(zip(change["change"], change["km2"], strict=True))
    sentences = [
        f"Assessed control: {a['source']}, snapshots of {days['start']} and {days['end']}"
        + (
            " (a day asked for is missing: the latest earlier snapshot is used)"
            if a.get("carried_forward")
            else ""
        )
        + ".",
        f"Statuses: {', '.join(a['statuses'])}. Gained {km2['gained']:,.1f} km\u00b2, lost "
        f"{km2['lost']:,.1f} km\u00b2, net {a['net_km2']:+,.1f} km\u00b2.",
        f"Front line {lines['start'].attrs['total_km']:,.0f} km on {days['start']}, "
        f"{lines['end'].attrs['total_km']:,.0f} km on {days['end']} (edges within "
        f"{lines['end'].attrs['tolerance_km']:g} km of the state border or coast left out).",
    ]
    if regions:
        sentences.append(REGIONS_SOURCE + ".")
    sentences.append("Method: " + METHOD)
    sentences.extend(stale or ())  # a fetched history: how recent it is
    title = f"{days['start']} to {days['end']}."
    # a <details> like the day map's: folded on a small screen, so it leaves the map visible
    return SafeHTML(
        f'<details open><summary style="cursor:pointer"><b>{escape_html(title)}</b> Sources '
        "and method</summary>" + " ".join(str(escape_html(s)) for s in sentences) + "</details>"
    )


def _bounds(geoms: list[Any]) -> list[list[float]] | None:
    parts = [g for g in geoms if g is not None and not g.is_empty]
    if not parts:
        return None
    x0, y0, x1, y1 = shapely.total_bounds(np.asarray(parts, dtype=object))
    pad_x, pad_y = max((x1 - x0) * 0.05, 0.05), max((y1 - y0) * 0.05, 0.05)
    return [[float(y0 - pad_y), float(x0 - pad_x)], [float(y1 + pad_y), float(x1 + pad_x)]]
