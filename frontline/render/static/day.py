"""The print map of one day: :func:`plot_day`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from frontline._dates import parse_day
from frontline.control import ControlHistory
from frontline.geodesy import ring_km
from frontline.render._common import (
    UNDRAWN,
    SourceInfo,
    control_rows,
    footnote_lines,
    history_argument,
    prepare_claims,
    regions_frame,
    source_info,
    text,
)
from frontline.render._legend import build_legend, legend_handles
from frontline.render.palette import CASING_COLOUR, CLAIM_LINESTYLES, PALETTE
from frontline.render.static._draw import (
    PRINT_ALPHA,
    PROJECTION_NOTE,
    draw_lines,
    draw_polygon,
    draw_regions,
    footnote,
    legend,
    new_axes,
    project,
    scale_bar,
    set_extent,
)

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["plot_day"]


def _draw_claims(
    ax: Axes, claims: gpd.GeoDataFrame
) -> tuple[list[pd.Series], set[str], list[BaseGeometry]]:
    undrawn: list[pd.Series] = []
    drawn: set[str] = set()
    extent: list[BaseGeometry] = []
    geoms = claims.geometry.to_numpy()
    projected = project(geoms)
    for i in range(len(claims)):
        row = claims.iloc[i]
        geom, pgeom = geoms[i], projected[i]
        status = row["status"]
        precision = text(row.get("precision"))
        if geom is None or geom.is_empty or precision in UNDRAWN:
            undrawn.append(row)
            continue
        extent.append(geom)
        colour, style = PALETTE[status], CLAIM_LINESTYLES[status]
        dim = int(shapely.get_dimensions(geom))
        if dim == 2:
            if precision == "region":
                draw_polygon(
                    ax, pgeom, facecolor="none", edgecolor=colour, hatch="////", lw=0, zorder=5
                )
                drawn.add(f"{status}:hatch")
            else:
                draw_polygon(ax, pgeom, facecolor=colour, alpha=0.15, lw=0, zorder=5)
                drawn.add(f"{status}:area")
            line = shapely.boundary(pgeom)
            draw_lines(ax, line, colors=CASING_COLOUR, linewidths=3.2, zorder=6)
            draw_lines(ax, line, colors=colour, linewidths=1.6, linestyles=[style], zorder=6)
        elif dim == 1:
            draw_lines(ax, pgeom, colors=CASING_COLOUR, linewidths=5, zorder=6)
            draw_lines(ax, pgeom, colors=colour, linewidths=2.8, linestyles=[style], zorder=6)
            drawn.add(f"{status}:line")
        else:
            pm = row.get("precision_m")
            radius_km = float(pm) / 1000 if pm is not None and not pd.isna(pm) else 0.0
            for pt, ppt in zip(shapely.get_parts(geom), shapely.get_parts(pgeom), strict=True):
                if radius_km > 0:
                    (ring,) = project([ring_km(pt.x, pt.y, radius_km)])
                    draw_polygon(ax, ring, facecolor=colour, alpha=0.1, edgecolor="none", zorder=6)
                    draw_lines(
                        ax,
                        shapely.boundary(ring),
                        colors=colour,
                        linewidths=1,
                        linestyles=[(0, (2, 2))],
                        zorder=6,
                    )
                ax.scatter(
                    [ppt.x], [ppt.y], s=36, c=[colour], edgecolors="white", linewidths=1, zorder=7
                )
            drawn.add(f"{status}:point")
    return undrawn, drawn, extent


def plot_day(
    date: Any,
    *,
    history: ControlHistory | gpd.GeoDataFrame | None = None,
    claims: gpd.GeoDataFrame | None = None,
    source: str | None = None,
    regions: bool | gpd.GeoDataFrame = True,
    labels: bool = True,
    extent: Any = "country",
    title: str | None = None,
    ax: Axes | None = None,
    figsize: tuple[float, float] = (10.0, 7.5),
    control: ControlHistory | gpd.GeoDataFrame | None = None,
) -> Figure:
    """A print map of one day: assessed control, that day's claims, regions, legend, footnote.

    Parameters
    ----------
    date : date-like
        The day to draw.
    history : ControlHistory or geopandas.GeoDataFrame, optional
        Assessed control; each source's snapshot in force that day is drawn by status (the
        footnote says when a snapshot is carried forward over a missing day).
    claims : geopandas.GeoDataFrame, optional
        A claims table (EPSG:4326); the claims dated or reported that day are drawn as in
        :func:`frontline.map_day` (region claims hatched, border claims as dashed lines, point
        claims as dots with their uncertainty ring). Claims without a place are counted in the
        footnote.
    source : str, optional
        Only this source of ``history``.
    regions : bool or geopandas.GeoDataFrame, default True
        Region outlines (``True``: :func:`frontline.load_regions`).
    labels : bool, default True
        Region names.
    extent : "country", "data" or (min_lon, min_lat, max_lon, max_lat), default "country"
        The area shown ("data": around the control areas and claims).
    title : str, optional
        Default: "<date>: assessed control and claims".
    ax : matplotlib.axes.Axes, optional
        Draw into these axes (its figure is returned; the footnote goes under the axes).
    figsize : (float, float), default (10, 7.5)
        Width and greatest height in inches, for a new figure; the height shrinks to fit the
        map and its footnote.
    control : ControlHistory or geopandas.GeoDataFrame, optional
        The old name of ``history`` (works, with a ``FutureWarning``, for one release).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        As :func:`frontline.map_day`: bad date, empty history, claims without a geometry column
        or not in EPSG:4326, bad statuses; a bad ``extent``.
    frontline.control.DateOutOfRangeError
        ``date`` is outside the history.

    Examples
    --------
    >>> import frontline as fl
    >>> fig = fl.plot_day("2025-06-08", history=fl.example_control(), labels=False)
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    ['Occupied', 'Region boundary']
    """
    history = history_argument(history, control, "plot_day")
    day = parse_day(date, "date")
    day_rows = control_rows(history, day, source) if history is not None else None
    claim_rows, other_days = (None, 0)
    if claims is not None:
        claim_rows, other_days = prepare_claims(claims, day)
    region_rows = regions_frame(regions)

    fig, ax, own = new_axes(ax, figsize)
    sources: list[SourceInfo] = []
    extent_geoms: list[BaseGeometry] = []
    if day_rows is not None and len(day_rows):
        for src, rows in day_rows.groupby("source", sort=True):
            sources.append(source_info(src, rows))
            projected = project(rows.geometry.to_numpy())
            for status, geom in zip(rows["status"], projected, strict=True):
                if geom is None or geom.is_empty:
                    continue
                colour = PALETTE.get(status, "#777777")
                draw_polygon(
                    ax, geom, facecolor=colour, alpha=PRINT_ALPHA, edgecolor="none", zorder=2
                )
                draw_polygon(ax, geom, facecolor="none", edgecolor=colour, lw=0.5, zorder=2)
            extent_geoms.extend(rows.geometry.to_numpy())
    if region_rows is not None:
        draw_regions(ax, region_rows, labels)
    undrawn: list[pd.Series] = []
    drawn: set[str] = set()
    if claim_rows is not None:
        undrawn, drawn, claim_extent = _draw_claims(ax, claim_rows)
        extent_geoms.extend(claim_extent)
    set_extent(ax, extent, region_rows, extent_geoms)
    scale_bar(ax)
    model = build_legend(
        [(info.source, info.statuses) for info in sources],
        claim_statuses=[d.split(":", 1)[0] for d in drawn] + [str(r["status"]) for r in undrawn],
        claim_shapes={d.split(":", 1)[1] for d in drawn},
        regions=region_rows is not None,
    )
    legend(ax, legend_handles(model, fill_alpha=PRINT_ALPHA), own_figure=own)
    ax.set_title(title if title is not None else f"{day:%Y-%m-%d}: assessed control and claims",
                 fontsize=11, loc="left")  # fmt: skip
    lines = footnote_lines(
        day, sources, claim_rows, other_days, region_rows is not None, undrawn=undrawn
    )
    lines[-1] += " " + PROJECTION_NOTE
    footnote(fig, ax, lines, own_figure=own)
    return fig
