"""The claims scorecard as a chart for print: :func:`plot_scorecard`.

Two panels share one row per group (claimant, oblast or month): on the left the share of the
tested claims the assessment bore out, with the counts; on the right the lag from claim to
assessment (median as a dot, the quartiles as a bar, the extremes as a thin line; negative:
the assessment came first). A footnote gives the provenance (the assessment's source and days,
the window, how many claims could not be tested). Like :func:`frontline.plot_day` it builds a
:class:`matplotlib.figure.Figure` without ``pyplot``.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

from frontline._staleness import staleness_lines

__all__ = ["plot_scorecard"]

_NEEDED = ("claims", "tested", "borne_out", "share_borne_out", "lag_median", "lag_q25", "lag_q75")
_BAR = "#3b6ea8"
_LAG = "#b5442c"


def _label(row: pd.Series, keys: tuple[str, ...]) -> str:
    parts = [str(row[k]) for k in keys]
    return textwrap.shorten(" · ".join(parts), 42, placeholder="…")


def plot_scorecard(
    card: pd.DataFrame,
    *,
    title: str | None = None,
    source: str | None = None,
    width: float = 8.0,
) -> Figure:
    """Draw a scorecard (:func:`frontline.scorecard`) for print: share borne out and lag.

    Parameters
    ----------
    card : pandas.DataFrame
        The result of :func:`frontline.scorecard` (its ``.attrs`` give the window and the days
        of the assessment for the footnote).
    title : str, optional
        Default: "Claims against the assessed control, by <grouping>".
    source : str, optional
        Who made the assessment, for the footnote (default: the history's source named in
        ``card.attrs``, else "the assessed control").
    width : float, default 8.0
        Figure width in inches; the height follows the number of rows.

    Returns
    -------
    matplotlib.figure.Figure
        Save it with ``fig.savefig("scorecard.pdf")``.

    Raises
    ------
    ValueError
        ``card`` is not a scorecard (a column is missing) or has no rows.

    Examples
    --------
    >>> import frontline as fl
    >>> card = fl.scorecard(fl.example_control(), fl.example_claims("2025-06-08"))
    >>> fig = plot_scorecard(card)
    >>> [ax.get_xlabel() for ax in fig.axes]
    ['Share of tested claims borne out', 'Days from claim to assessment']
    """
    if not isinstance(card, pd.DataFrame):
        raise ValueError(f"card must be a scorecard DataFrame, got {type(card).__name__}")
    missing = [c for c in _NEEDED if c not in card.columns]
    if missing:
        raise ValueError(
            f"card lacks the scorecard column(s) {missing}; make it with frontline.scorecard"
        )
    if card.empty:
        raise ValueError("the scorecard has no rows: there were no claims to score")
    keys = tuple(card.attrs.get("by") or [c for c in card.columns[:1]])
    rows = card.reset_index(drop=True)
    n = len(rows)
    labels = [_label(rows.iloc[i], keys) for i in range(n)]
    y = np.arange(n)[::-1]
    attrs = card.attrs
    days = attrs.get("within_days")
    start: Any = attrs.get("history_start")
    end: Any = attrs.get("history_end")
    who = source or ", ".join(attrs.get("sources") or ()) or "the assessed control"

    notes = [
        f"Assessment: {who}"
        + (
            f", {pd.Timestamp(start):%Y-%m-%d} to {pd.Timestamp(end):%Y-%m-%d}"
            if start is not None and end is not None
            else ""
        )
        + (f"; never borne out: not within {days} days" if days is not None else "")
        + ".",
        "Tested: claims with a location and a territorial kind (capture, advance, ...). "
        "Lag: days from the claim to the first day the assessment showed it (negative: the "
        "assessment came first); dot median, bar quartiles, line range. "
        f"Untested claims: {int(rows['claims'].sum() - rows['tested'].sum())}. "
        "Made with frontline.",
        *staleness_lines(card),  # made from a fetched history: how recent it is
    ]
    foot = "\n".join(textwrap.fill(line, int(width * 17)) for line in notes)
    foot_in = (foot.count("\n") + 1) * 6.5 * 1.45 / 72 + 0.15
    height = 0.9 + 0.32 * n + foot_in
    # lazy, as in the other print maps: importing frontline.render must not load matplotlib
    # for pages that draw no chart
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    fig = Figure(figsize=(width, height))
    bottom = (foot_in + 0.45) / height
    top = 1 - 0.5 / height
    share_ax = fig.add_axes((0.33, bottom, 0.3, top - bottom))
    lag_ax = fig.add_axes((0.67, bottom, 0.3, top - bottom), sharey=share_ax)

    share = rows["share_borne_out"].astype(float).to_numpy()
    share_ax.barh(y, np.nan_to_num(share), color=_BAR, height=0.6)
    for yi, s, b, t in zip(y, share, rows["borne_out"], rows["tested"], strict=True):
        text = "not tested" if not t else f"{int(b)}/{int(t)}"
        share_ax.text(
            (0.0 if np.isnan(s) else float(s)) + 0.02,
            yi,
            text,
            va="center",
            fontsize=7,
            color="#222222",
        )
    share_ax.set_xlim(0, 1.25)
    share_ax.set_xticks([0, 0.25, 0.5, 0.75, 1])
    share_ax.set_xticklabels(["0", "25%", "50%", "75%", "100%"])
    share_ax.set_yticks(y)
    share_ax.set_yticklabels(labels, fontsize=8)
    share_ax.set_xlabel("Share of tested claims borne out", fontsize=8)

    med = rows["lag_median"].astype(float).to_numpy()
    q25, q75 = rows["lag_q25"].astype(float).to_numpy(), rows["lag_q75"].astype(float).to_numpy()
    lo = rows["lag_min"].astype(float).to_numpy() if "lag_min" in rows else q25
    hi = rows["lag_max"].astype(float).to_numpy() if "lag_max" in rows else q75
    ok = ~np.isnan(med)
    lag_ax.hlines(y[ok], lo[ok], hi[ok], color=_LAG, linewidth=0.8)
    lag_ax.hlines(y[ok], q25[ok], q75[ok], color=_LAG, linewidth=4, alpha=0.5)
    lag_ax.plot(med[ok], y[ok], "o", color=_LAG, markersize=4)
    lag_ax.axvline(0, color="#777777", linewidth=0.6)
    tested = rows["tested"].to_numpy()
    for yi, t in zip(y[~ok], tested[~ok], strict=True):
        lag_ax.text(0.5, yi, "none borne out" if t else "", transform=lag_ax.get_yaxis_transform(),
                    ha="center", va="center", fontsize=7, color="#777777")  # fmt: skip
    reach = max(5.0, float(np.nanmax(np.abs(np.r_[lo[ok], hi[ok]]))) if ok.any() else 5.0)
    low = -reach if not ok.any() or np.nanmin(lo[ok]) < 0 else -reach * 0.1
    lag_ax.set_xlim(low * 1.05, reach * 1.05)
    lag_ax.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
    lag_ax.tick_params(axis="y", left=False, labelleft=False)
    lag_ax.set_xlabel("Days from claim to assessment", fontsize=8)
    for ax in (share_ax, lag_ax):
        ax.tick_params(axis="x", labelsize=7)
        ax.spines[["top", "right"]].set_visible(False)
        ax.set_ylim(-0.6, n - 0.4)
    fig.suptitle(
        title or f"Claims against the assessed control, by {', '.join(keys)}",
        x=0.02,
        ha="left",
        fontsize=10,
        y=1 - 0.12 / height,
    )
    fig.text(0.02, 0.08 / height, foot, ha="left", va="bottom", fontsize=6.5, color="#333333")
    return fig
