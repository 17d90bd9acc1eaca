"""The print map of what changed between two days: :func:`plot_change`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import geopandas as gpd

from frontline._dates import parse_day
from frontline._staleness import staleness_lines
from frontline.control import ControlHistory
from frontline.render._common import (
    METHOD,
    REGIONS_SOURCE,
    control_rows,
    day_str,
    history_argument,
    regions_frame,
)
from frontline.render.palette import PALETTE, REGION_COLOUR
from frontline.render.static._draw import (
    GAINED,
    LOST,
    PROJECTION_NOTE,
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

__all__ = ["plot_change"]


def plot_change(
    start: Any,
    end: Any,
    *,
    history: ControlHistory | gpd.GeoDataFrame | None = None,
    source: str | None = None,
    statuses: str | Sequence[str] = ("occupied", "occupied_before_2022"),
    regions: bool | gpd.GeoDataFrame = True,
    labels: bool = True,
    extent: Any = "data",
    title: str | None = None,
    ax: Axes | None = None,
    figsize: tuple[float, float] = (10.0, 7.5),
    control: ControlHistory | gpd.GeoDataFrame | None = None,
) -> Figure:
    """A print map of the ground gained and lost between two days.

    Uses :meth:`ControlHistory.changes`: "gained" is what ``statuses`` cover on ``end`` but not
    on ``start`` (for the default statuses: ground Russia took), "lost" the reverse; the
    legend gives their geodesic areas. The area held on ``end`` is drawn faintly for context.

    Parameters
    ----------
    start, end : date-like
        The two days (a missing day carries the last earlier snapshot forward; the footnote
        says so).
    history : ControlHistory or geopandas.GeoDataFrame
        Assessed control (required).
    source : str, optional
        Needed when the history holds several sources.
    statuses : str or sequence of str, default ("occupied", "occupied_before_2022")
    regions, labels, title, ax, figsize
        As :func:`plot_day`.
    extent : "country", "data" or (min_lon, min_lat, max_lon, max_lat), default "data"
        "data": around what changed (the whole country when nothing did).
    control : ControlHistory or geopandas.GeoDataFrame, optional
        The old name of ``history`` (works, with a ``FutureWarning``, for one release).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import frontline as fl
    >>> fig = fl.plot_change("2025-06-08", "2025-06-08", history=fl.example_control(),
    ...                      labels=False)
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()][:2]
    ['Gained: 0 km²', 'Lost: 0 km²']
    """
    # matplotlib is imported here: it is needed only once a figure is drawn
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    history = history_argument(history, control, "plot_change")
    if history is None:
        raise TypeError("plot_change() needs the history: plot_change(start, end, history=h)")
    t0, t1 = parse_day(start, "start"), parse_day(end, "end")
    if not isinstance(history, ControlHistory):
        # validate the same way as a day map (type, CRS, emptiness)
        control_rows(history, t1, source)
        history = ControlHistory(history)
    elif len(history) == 0:
        control_rows(history, t1, source)  # raises the clear "empty" error
    wanted = (statuses,) if isinstance(statuses, str) else tuple(statuses)
    change = history.changes(t0, t1, statuses=wanted, source=source)
    held = history.geometry_on(t1, statuses=wanted, source=source)
    region_rows = regions_frame(regions)

    fig, ax, own = new_axes(ax, figsize)
    (held_p,) = project([held])
    ctx = PALETTE["occupied"]
    if not held_p.is_empty:
        draw_polygon(ax, held_p, facecolor=ctx, alpha=0.15, edgecolor="none", zorder=2)
    geoms = change.geometry.to_numpy()
    projected = project(geoms)
    colours = {"gained": GAINED, "lost": LOST}
    for kind, geom in zip(change["change"], projected, strict=True):
        if geom is None or geom.is_empty:
            continue
        draw_polygon(ax, geom, facecolor=colours[kind], alpha=0.9, edgecolor="none", zorder=4)
        # an outline keeps slivers of a few km² visible at country scale
        draw_polygon(ax, geom, facecolor="none", edgecolor=colours[kind], lw=1.2, zorder=4)
    if region_rows is not None:
        draw_regions(ax, region_rows, labels)
    set_extent(ax, extent, region_rows, [g for g in geoms if g is not None and not g.is_empty])
    scale_bar(ax)
    km2 = dict(zip(change["change"], change["km2"], strict=True))
    handles: list[Any] = [
        Patch(facecolor=GAINED, alpha=0.9, label=f"Gained: {km2['gained']:,.0f} km\u00b2"),
        Patch(facecolor=LOST, alpha=0.9, label=f"Lost: {km2['lost']:,.0f} km\u00b2"),
        Patch(facecolor=ctx, alpha=0.15, label=f"Held on {t1:%Y-%m-%d}"),
    ]
    if region_rows is not None:
        handles.append(Line2D([], [], color=REGION_COLOUR, lw=0.6, label="Region boundary"))
    legend(ax, handles, own_figure=own)
    ax.set_title(
        title
        if title is not None
        else f"Change in assessed control, {t0:%Y-%m-%d} to {t1:%Y-%m-%d}",
        fontsize=11,
        loc="left",
    )
    a = change.attrs
    lines = [
        f"Assessed control: {a.get('source')}, snapshots of {day_str(a.get('start_snapshot'))} "
        f"and {day_str(a.get('end_snapshot'))}"
        + (" (carried forward over missing days)" if a.get("carried_forward") else "")
        + f". Statuses: {', '.join(wanted)}. Gained = held on the second day, not on the first;"
        f" lost = the reverse. Net: {a.get('net_km2', 0.0):+,.0f} km\u00b2.",
    ]
    if region_rows is not None:
        lines.append(REGIONS_SOURCE + ".")
    lines.append("Method: " + METHOD + " " + PROJECTION_NOTE)
    lines.extend(staleness_lines(history))  # a fetched history: how recent it is
    footnote(fig, ax, lines, own_figure=own)
    return fig
