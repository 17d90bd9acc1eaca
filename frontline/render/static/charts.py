"""Charts for print of the front over time, each with its provenance footnote (matplotlib).

- :func:`plot_held_area`: ground held day by day (:func:`frontline.timeline`), km² and share of
  Ukraine;
- :func:`plot_monthly`: km² gained and lost per month, and the net (:func:`frontline.monthly`);
- :func:`plot_distance`: distance from places to the front day by day
  (:func:`frontline.distance_to_front`).

Like the print maps they build a :class:`matplotlib.figure.Figure` directly, without
``pyplot`` (no global figure state), and write the source, the days and the method under the
chart. Colours from :mod:`frontline.render.palette` (gained: the "occupied" colour, lost:
the "liberated" colour, as :func:`frontline.plot_change`).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import pandas as pd

from frontline._staleness import staleness_lines
from frontline._statuses import OCCUPIED
from frontline.control import ControlHistory
from frontline.front import FRONT_STATUSES, distance_to_front, monthly
from frontline.measure import timeline
from frontline.render.palette import PALETTE
from frontline.render.static._draw import GAINED, LOST, note_below

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["plot_distance", "plot_held_area", "plot_monthly"]

_LINE = "#222222"
_FOOT_SIZE = 6.5
#: the axes of a chart of our own (left, bottom, width, height): room for the tick labels of a
#: second y axis on the right
_BOX = (0.11, 0.2, 0.79, 0.72)
#: colours of successive places in :func:`plot_distance` (Okabe-Ito, colour-blind safe)
_PLACE_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")


def _chart(ax: Axes | None, figsize: tuple[float, float]) -> tuple[Figure, Axes, bool]:
    if ax is not None:
        return cast("Figure", ax.figure), ax, False
    # matplotlib is imported here: it is needed only once a chart is drawn
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize)
    return fig, fig.add_axes(_BOX), True


def _finish(fig: Figure, ax: Axes, title: str, lines: Sequence[str], *, own_figure: bool) -> None:
    """Title, grid and footnote; on a figure of our own, room is made for the footnote."""
    ax.set_title(title, fontsize=11, loc="left")
    ax.grid(True, color="#dddddd", lw=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    text = "\n".join(textwrap.fill(line, 150 if own_figure else 100) for line in lines)
    if not own_figure:
        note_below(ax, text, offset_pt=28, size=_FOOT_SIZE - 0.5)  # below the date axis
        return
    h_in = fig.get_figheight()
    foot_in = (text.count("\n") + 1) * _FOOT_SIZE * 1.45 / 72 + 0.1
    bottom = (foot_in + 0.45) / h_in
    ax.set_position((_BOX[0], bottom, _BOX[2], 1 - bottom - 0.5 / h_in))
    fig.text(0.01, 0.05 / h_in, text, ha="left", va="bottom", fontsize=_FOOT_SIZE, color="#333333")


def _date_axis(ax: Axes) -> None:
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    locator = AutoDateLocator(minticks=4, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))


def plot_held_area(
    history: ControlHistory,
    *,
    statuses: str | Iterable[str] = OCCUPIED,
    source: str | None = None,
    title: str | None = None,
    ax: Axes | None = None,
    figsize: tuple[float, float] = (9.0, 4.8),
) -> Figure:
    """Chart of the ground held day by day (km², with the share of Ukraine on the right).

    Figures of :func:`frontline.timeline` (geodesic, WGS84; share of Ukraine's official
    603,628 km²). Days the source skipped are gaps in the line, and the footnote counts them.

    Parameters
    ----------
    history : ControlHistory
    statuses : default ("occupied", "occupied_before_2022")
    source : str, optional
        Needed when the history holds several sources.
    title : str, optional
    ax : matplotlib Axes, optional
        Draw into these axes (the footnote goes under them) instead of a new figure.
    figsize : (width, height) in inches, default (9, 4.8)

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import frontline as fl
    >>> fig = fl.plot_held_area(fl.example_control())
    >>> fig.axes[0].get_ylabel()
    'Held (km²)'
    """
    table = timeline(history, statuses=statuses, source=source)
    fig, ax, own = _chart(ax, figsize)
    # the snapshot days only: a line through the days measured (the footnote counts the others)
    a = dict(table.attrs)
    table = table[table["km2"].notna()].reset_index(drop=True)
    if table.empty:
        raise ValueError("the history holds no measured day to chart")
    dates = pd.DatetimeIndex(table["date"])
    km2 = table["km2"].to_numpy(dtype=float)
    ax.plot(dates, km2, color=PALETTE["occupied"], lw=1.6, marker="o" if len(table) < 3 else None)
    ax.set_ylabel("Held (km\u00b2)")
    ax.yaxis.set_major_formatter("{x:,.0f}")
    share = ax.secondary_yaxis(
        "right",
        functions=(
            lambda v: v / table["denominator_km2"].iloc[0] * 100,
            lambda p: p * table["denominator_km2"].iloc[0] / 100,
        ),
    )
    share.set_ylabel("Share of Ukraine (%)")
    _date_axis(ax)
    last = table.iloc[-1]
    _finish(
        fig,
        ax,
        title
        if title is not None
        else (
            f"Ground held, {dates[0]:%Y-%m-%d} to {dates[-1]:%Y-%m-%d}: "
            f"{last['km2']:,.0f} km\u00b2 ({last['share']:.1%} of Ukraine) on "
            f"{pd.Timestamp(last['date']):%Y-%m-%d}"
        ),
        [str(a.get("footnote", "")), f"Statuses: {', '.join(a.get('statuses', ()))}."],
        own_figure=own,
    )
    return fig


def plot_monthly(
    history: ControlHistory | pd.DataFrame,
    *,
    statuses: str | Iterable[str] = OCCUPIED,
    source: str | None = None,
    highlight: str | None = None,
    title: str | None = None,
    ax: Axes | None = None,
    figsize: tuple[float, float] = (9.0, 4.8),
) -> Figure:
    """Bar chart of the km² gained (up) and lost (down) per month, with the net.

    Parameters
    ----------
    history : ControlHistory or pandas.DataFrame
        A history (its months are counted by :func:`frontline.monthly`, DeepState's
        convention, without the settlement count) or a table :func:`frontline.monthly`
        already made.
    statuses, source
        As :func:`frontline.monthly` (with a history only).
    highlight : str, optional
        A month ("2025-11") to mark, e.g. the month of a report.
    title : str, optional
    ax : matplotlib Axes, optional
    figsize : (width, height) in inches, default (9, 4.8)

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        A table without the columns of :func:`frontline.monthly`, or a ``highlight`` month
        not in it.

    Examples
    --------
    >>> import pandas as pd
    >>> import frontline as fl
    >>> report = pd.DataFrame({"month": ["2024-11", "2024-12"], "gained_km2": [740.0, 600.0],
    ...                        "lost_km2": [10.0, 5.0], "net_km2": [730.0, 595.0]})
    >>> fig = fl.plot_monthly(report, highlight="2024-12")
    >>> [t.get_text() for t in fig.axes[0].get_xticklabels()]
    ['2024-11', '2024-12']
    """
    if isinstance(history, ControlHistory):
        report = monthly(history, statuses=statuses, source=source, settlements=False)
    elif isinstance(history, pd.DataFrame):
        report = history
        missing = {"month", "gained_km2", "lost_km2", "net_km2"} - set(report.columns)
        if missing:
            raise ValueError(
                f"the monthly table lacks the column(s) {', '.join(sorted(missing))}; make it "
                "with fl.monthly(history)"
            )
    else:
        raise TypeError(
            "plot_monthly takes a ControlHistory or the table of fl.monthly(history), not "
            f"{type(history).__name__}"
        )
    months = report["month"].astype(str).tolist()
    if highlight is not None and highlight not in months:
        raise ValueError(f"month {highlight!r} is not in the table; it holds {', '.join(months)}")
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    fig, ax, own = _chart(ax, figsize)
    x = np.arange(len(months))
    gained = report["gained_km2"].to_numpy(dtype=float)
    lost = report["lost_km2"].to_numpy(dtype=float)
    net = report["net_km2"].to_numpy(dtype=float)
    edge = ["#000000" if m == highlight else "none" for m in months]
    ax.bar(x, gained, color=GAINED, width=0.75, edgecolor=edge, lw=1.2)
    ax.bar(x, -lost, color=LOST, width=0.75, edgecolor=edge, lw=1.2)
    ax.plot(x, net, color=_LINE, lw=1.2, marker="o", ms=3)
    ax.axhline(0, color="#666666", lw=0.8)
    step = max(1, int(np.ceil(len(months) / 14)))
    ax.set_xticks(
        x[::step],
        months[::step],
        rotation=45 if len(months) > 8 else 0,
        ha="right" if len(months) > 8 else "center",
        fontsize=8,
    )
    ax.set_xlim(-0.6, len(months) - 0.4)
    ax.set_ylabel("km\u00b2 per month")
    ax.yaxis.set_major_formatter("{x:,.0f}")
    ax.legend(
        handles=[
            Patch(facecolor=GAINED, label="Gained"),
            Patch(facecolor=LOST, label="Lost (below the axis)"),
            Line2D([], [], color=_LINE, marker="o", ms=3, label="Net"),
        ],
        fontsize=8,
        loc="upper left",
        framealpha=0.9,
    )
    a = report.attrs
    foot = [
        str(a.get("footnote") or "Month = snapshot of the 1st against the 1st of the next month."),
        f"Net over the {len(months)} period{'s' if len(months) != 1 else ''} shown: "
        f"{np.nansum(net):+,.1f} km\u00b2."
        + (f" Statuses: {', '.join(a['statuses'])}." if a.get("statuses") else ""),
    ]
    if "carried_forward" in report.columns and report["carried_forward"].any():
        carried = report.loc[report["carried_forward"].astype(bool), "month"].astype(str)
        foot.append(
            "A boundary day is missing for " + ", ".join(carried) + ": the latest earlier "
            "snapshot is used, which moves ground between months, not out of the total."
        )
    _finish(
        fig,
        ax,
        title
        if title is not None
        else (
            f"Ground gained and lost per month, {months[0]} to {months[-1]}"
            if months
            else "Ground gained and lost per month"
        ),
        foot,
        own_figure=own,
    )
    return fig


def plot_distance(
    history: ControlHistory,
    place: Any,
    *,
    start: Any = None,
    end: Any = None,
    statuses: str | Iterable[str] = FRONT_STATUSES,
    source: str | None = None,
    title: str | None = None,
    ax: Axes | None = None,
    figsize: tuple[float, float] = (9.0, 4.8),
) -> Figure:
    """Chart of the distance from places to the front, day by day (geodesic km).

    Figures of :func:`frontline.distance_to_front` (the method of :func:`frontline.within_range`:
    nearest held or contested ground, WGS84 ellipsoid), one line per place.

    Parameters
    ----------
    history : ControlHistory
    place : name, point, (lon, lat), footprint, ``fl.find_place`` row, or a list of these
    start, end : date-like, optional
        The period (default the whole history).
    statuses : default ("occupied", "occupied_before_2022", "contested")
    source : str, optional
    title : str, optional
    ax : matplotlib Axes, optional
    figsize : (width, height) in inches, default (9, 4.8)

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import frontline as fl
    >>> fig = fl.plot_distance(fl.example_control(), "Sumy")
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    ['Sumy: 22.8 km on 2025-06-08']
    """
    table = distance_to_front(
        history, place, start=start, end=end, statuses=statuses, source=source
    )
    fig, ax, own = _chart(ax, figsize)
    labels = []
    for i, (name, rows) in enumerate(table.groupby("place", sort=False)):
        rows = rows.sort_values("date")
        last = rows.dropna(subset=["distance_km"])
        label = str(name) + (
            f": {last['distance_km'].iloc[-1]:,.1f} km on {last['date'].iloc[-1]:%Y-%m-%d}"
            if len(last)
            else ": nothing held"
        )
        labels.append(label)
        ax.plot(
            pd.DatetimeIndex(rows["date"]),
            rows["distance_km"].to_numpy(dtype=float),
            color=_PLACE_COLOURS[i % len(_PLACE_COLOURS)],
            lw=1.6,
            marker="o" if len(rows) < 3 else None,
            label=label,
        )
    ax.set_ylabel("Distance to the front (km)")
    ax.set_ylim(bottom=0)
    _date_axis(ax)
    ax.legend(fontsize=8, loc="best", framealpha=0.9)
    a = table.attrs
    days = pd.DatetimeIndex(table["date"])
    _finish(
        fig,
        ax,
        title
        if title is not None
        else (f"Distance to the front, {days.min():%Y-%m-%d} to {days.max():%Y-%m-%d}"),
        [
            f"Source: {a.get('source')}, {days.nunique()} snapshot days "
            f"{days.min():%Y-%m-%d} to {days.max():%Y-%m-%d}. Front = nearest ground of status "
            f"{', '.join(a.get('statuses', ()))}.",
            f"Method: {a.get('method')}. 0 km: the place is inside that ground.",
            *staleness_lines(history),  # a fetched history: how recent it is
        ],
        own_figure=own,
    )
    return fig
