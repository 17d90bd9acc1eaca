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

Layout: the layer control and, under it, the legend sit top right; the footnote sits bottom
left, above the scale bar. On a map narrower than :data:`LEGEND_OPEN_MIN_PX` pixels (or lower
than two thirds of that) the legend and the footnote start folded to their titles. The map
opens on the front: the held area, the claims drawn and the range rings, fitted to the
window with a padding that keeps them out from under the panels and controls
(:mod:`frontline.render._fit`), at a laptop's size as on a phone's.

Every string from data (claimants, summaries, responses, names, URLs) is escaped before it
reaches the page, and only http(s) links become links (:mod:`frontline.render._escape`).

Parts: ``_elements`` (page CSS, panels, hatch patterns), ``_layers`` (control, regions),
``_claims`` (claims), ``_ranges`` (range rings); the legend is :mod:`frontline.render._legend`,
the base map :mod:`frontline.render._tiles`.
"""

from __future__ import annotations

from typing import Any

import folium
import geopandas as gpd
import pandas as pd

from frontline._dates import parse_day
from frontline.control import ControlHistory
from frontline.render._common import (
    control_rows,
    footnote_lines,
    history_argument,
    prepare_claims,
    regions_frame,
)
from frontline.render._escape import SafeHTML, escape_html
from frontline.render._fit import fit_view
from frontline.render._legend import build_legend, legend_html
from frontline.render._panel import panel
from frontline.render._region_labels import add_region_labels
from frontline.render._scorecard import SCORECARD_CSS, score_claims, scorecard_html
from frontline.render._tiles import DEFAULT_TILES, resolve_tiles
from frontline.render.day._claims import add_claims
from frontline.render.day._elements import style_element
from frontline.render.day._footprints import add_footprints
from frontline.render.day._layers import add_control, add_regions
from frontline.render.day._ranges import add_ranges, ring_specs
from frontline.render.day._view import view_bounds

__all__ = ["DEFAULT_TILES", "LEGEND_OPEN_MIN_PX", "map_day"]

#: Maps narrower than this many pixels (or lower than two thirds of it) open with the legend
#: folded to its title (click to unfold).
LEGEND_OPEN_MIN_PX = 900

_CENTRE = (48.4, 31.2)


def map_day(
    date: Any,
    *,
    history: ControlHistory | gpd.GeoDataFrame | None = None,
    claims: gpd.GeoDataFrame | None = None,
    source: str | None = None,
    regions: bool | gpd.GeoDataFrame = True,
    labels: bool = True,
    ranges: Any = None,
    tiles: Any = DEFAULT_TILES,
    location: tuple[float, float] | None = None,
    zoom_start: int | None = None,
    width: str | int = "100%",
    height: str | int = "100%",
    legend: bool = True,
    collapsed: bool = True,
    control: ControlHistory | gpd.GeoDataFrame | None = None,
    footprints: bool | gpd.GeoDataFrame = False,
    score_days: int | None = 30,
) -> folium.Map:
    """Map one day: assessed control, the claims made that day, regions and range rings.

    Parameters
    ----------
    date : date-like
        The day to draw ("2025-06-08", a ``datetime.date`` or a Timestamp).
    history : ControlHistory or geopandas.GeoDataFrame, optional
        Assessed control; each source's snapshot in force on ``date`` is drawn by status
        (:meth:`ControlHistory.as_of`, which carries the last earlier snapshot forward over a
        missing day; the footnote says so).
    claims : geopandas.GeoDataFrame, optional
        A claims table (EPSG:4326; see :func:`frontline.example_claims`). Only the claims
        dated ``date`` or reported that day (``source_date``) are shown; the footnote counts
        the others. Claims without a geometry,
        or whose precision is ``direction``, ``national`` or ``none``, are listed in the
        legend panel instead of drawn.
    source : str, optional
        Draw only this source of ``history`` (default: every source, one layer each).
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
        Map centre. By default (neither ``location`` nor ``zoom_start`` given) the map opens
        on the assessed control, the claims drawn and the range rings, fitted to the window
        clear of the legend, the footnote and the other controls; on the middle of Ukraine
        when none of them is drawn.
    zoom_start : int, optional
        Zoom level with ``location`` (default 6).
    width, height : str or int, default "100%"
    legend : bool, default True
        Add the legend panel (top right, under the layer control; folded to its title on maps
        narrower than :data:`LEGEND_OPEN_MIN_PX` pixels; the list of claims not drawn is
        folded too) and the footnote (bottom right).
    collapsed : bool, default True
        Collapse the layer control (top right) to an icon.
    control : ControlHistory or geopandas.GeoDataFrame, optional
        The old name of ``history`` (works, with a ``FutureWarning``, for one release).
    footprints : bool or geopandas.GeoDataFrame, default False
        Draw settlement footprints (:func:`frontline.footprints`) shaded by the share of each
        held that day: ``True`` for the places along the front (within about 10 km of a
        Russian-held area, not wholly inside one), or these footprints.
    score_days : int or None, default 30
        With ``claims`` and a :class:`ControlHistory` (and ``legend``), a scorecard under the
        legend (top right): every claim given that is dated within the history's days, scored by
        claimant with :func:`frontline.scorecard` (``within_days=score_days``); ``None`` for no
        panel.

    Returns
    -------
    folium.Map

    Raises
    ------
    ValueError
        Bad ``date``; an empty history; claims without a geometry column, with a CRS other
        than EPSG:4326, or with statuses or precisions outside the vocabularies (all problems
        listed at once); bad ``ranges``.
    frontline.TileProviderError
        Bad ``tiles`` (a ``ValueError``).
    frontline.control.DateOutOfRangeError
        ``date`` is outside the history (a ``LookupError``).

    Examples
    --------
    >>> import frontline as fl
    >>> m = fl.map_day("2025-06-08", history=fl.example_control(), tiles=None)
    >>> html = m.get_root().render()
    >>> "Assessed control: DeepStateMap" in html and "snapshot of 2025-06-08" in html
    True
    """
    history = history_argument(history, control, "map_day")
    day = parse_day(date, "date")
    # validate everything before drawing anything
    day_rows = control_rows(history, day, source) if history is not None else None
    claim_rows, other_days = (None, 0)
    if claims is not None:
        claim_rows, other_days = prepare_claims(claims, day)
    score = None
    if (
        legend
        and score_days is not None
        and claims is not None
        and isinstance(history, ControlHistory)
    ):
        score = score_claims(history, claims, score_days)
    region_rows = regions_frame(regions)
    if ranges is not None:
        ring_specs(ranges)  # raises early on bad input
    provider = resolve_tiles(tiles)

    m = folium.Map(
        location=list(location) if location is not None else list(_CENTRE),
        zoom_start=zoom_start if zoom_start is not None else 6,
        tiles=None,
        width=width,
        height=height,
        control_scale=True,
        prefer_canvas=False,
    )
    m.add_child(style_element())
    if provider is not None:
        folium.TileLayer(
            tiles=provider,
            name=str(escape_html(provider.name)),
            max_zoom=int(provider.get("max_zoom", 18)),
            control=True,
        ).add_to(m)
    if region_rows is not None:
        add_regions(m, region_rows)
    sources = add_control(m, day_rows) if day_rows is not None else []
    undrawn: list[pd.Series] = []
    drawn: set[str] = set()
    if claim_rows is not None:
        undrawn, drawn = add_claims(m, claim_rows, claim_labels=labels)
    rings = add_ranges(m, ranges) if ranges is not None else 0
    if footprints is not False:
        add_footprints(m, day_rows, footprints, day)
    if region_rows is not None and labels:
        add_region_labels(m, region_rows)
    # the layer control first, so that the legend sits under it in the top-right corner (it
    # lists the map's layers when the page is rendered, so layers added later still show)
    folium.LayerControl(collapsed=collapsed).add_to(m)
    if legend:
        statuses = [d.split(":", 1)[0] for d in drawn] + [str(r["status"]) for r in undrawn]
        model = build_legend(
            [(info.source, info.statuses) for info in sources],
            claim_statuses=statuses,
            claim_shapes={d.split(":", 1)[1] for d in drawn},
            undrawn=undrawn,
            regions=region_rows is not None,
            rings=rings > 0,
        )
        legend_markup = legend_html(model)
        if score is not None:  # the scorecard under the legend, in the same panel, folded so
            card, left_out = score  # that it never covers the front until the reader opens it
            legend_markup = SafeHTML(
                f"{legend_markup}<style>{SCORECARD_CSS}</style><details>"
                '<summary style="cursor:pointer"><b>Scorecard</b></summary>'
                f"{scorecard_html(card, left_out=left_out)}</details>"
            )
        m.add_child(
            panel(
                legend_markup,
                position="topright",
                css_class="fl-legend",
                fold_below=LEGEND_OPEN_MIN_PX,
            )
        )
        lines = footnote_lines(day, sources, claim_rows, other_days, region_rows is not None)
        # a <details> like the legend: folded on a small screen, so it leaves the map visible
        foot = [
            f'<details open><summary style="cursor:pointer"><b>{escape_html(f"{day:%Y-%m-%d}")}'
            "</b>. Sources and method</summary>"
        ]
        foot.extend(str(escape_html(line)) for line in lines)
        foot.append("</details>")
        m.add_child(
            panel(
                SafeHTML(" ".join(foot)),
                position="bottomleft",  # clear of the front, which runs down the east
                css_class="fl-foot",
                fold_below=LEGEND_OPEN_MIN_PX,
            )
        )
    if location is None and zoom_start is None:
        box = view_bounds(day_rows, claim_rows, ranges)
        if box is not None:  # last, so that it can measure every control
            m.add_child(fit_view(box))
    return m
