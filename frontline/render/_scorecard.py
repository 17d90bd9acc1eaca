"""The claims scorecard on an HTML map: scored claims and a small table, every text escaped.

:func:`score_claims` scores the claims that fall within a history's days (the others cannot be
checked and are counted); :func:`scorecard_html` draws a :func:`frontline.scorecard` as a
compact HTML table for a map's panel or legend (claimants and regions come from data, so every
cell goes through :func:`frontline.render._escape.escape_html`).
"""

from __future__ import annotations

import math
from typing import Any

import geopandas as gpd
import pandas as pd

from frontline.control import ControlHistory
from frontline.measure import scorecard
from frontline.render._escape import SafeHTML, escape_html

__all__ = ["SCORECARD_CSS", "score_claims", "scorecard_html"]

SCORECARD_CSS = (
    ".fl-score table{border-collapse:collapse;font-size:11px}"
    ".fl-score th,.fl-score td{padding:1px 5px;text-align:right}"
    ".fl-score th:first-child,.fl-score td:first-child{text-align:left;max-width:14em;"
    "overflow:hidden;text-overflow:ellipsis;white-space:nowrap}"
    ".fl-score .fl-note{font-size:10px;color:#555;max-width:26em}"
)


def score_claims(
    history: ControlHistory, claims: gpd.GeoDataFrame, within_days: int
) -> tuple[pd.DataFrame, int] | None:
    """The scorecard (by claimant) of the claims dated within the history, and how many
    claims were left out for lying outside its days; None for a table that lacks what a
    scorecard needs (claimant, side, kind, date)."""
    if not {"claimant", "side", "kind", "date"} <= set(claims.columns):
        return None
    if "region" not in claims.columns:
        claims = claims.assign(region=None)
    dates = pd.to_datetime(claims["date"], errors="coerce").dt.normalize()
    inside = ((dates >= history.start) & (dates <= history.end)).to_numpy()
    card = scorecard(history, claims[inside], within_days=within_days, by="claimant")
    return card, int((~inside).sum())


def _number(value: Any) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{float(value):.0f}"


def _share(value: Any) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{float(value):.0%}"


def scorecard_html(card: pd.DataFrame, *, left_out: int = 0) -> SafeHTML:
    """A scorecard as a small HTML table (claimant, claims, borne out, median lag, never).

    Examples
    --------
    >>> import frontline as fl
    >>> card = fl.scorecard(fl.example_control(), fl.example_claims("2025-06-08"))
    >>> html = scorecard_html(card)
    >>> html.startswith('<div class="fl-score">'), "<td>DeepState</td>" in html
    (True, True)
    """
    days = card.attrs.get("within_days")
    end = card.attrs.get("history_end")
    rows = [
        "<tr><th>Claimant</th><th>Claims</th><th>Tested</th><th>Borne out</th>"
        "<th>Median lag</th><th>Never</th></tr>"
    ]
    for r in card.to_dict("records"):
        rows.append(
            f"<tr><td>{escape_html(r.get('claimant', ''))}</td>"
            f"<td>{int(r['claims'])}</td><td>{int(r['tested'])}</td>"
            f"<td>{int(r['borne_out'])} ({_share(r['share_borne_out'])})</td>"
            f"<td>{_number(r['lag_median'])}</td><td>{_share(r['share_never'])}</td></tr>"
        )
    note = (
        "Scored against the assessed control"
        + (f" to {pd.Timestamp(end):%Y-%m-%d}" if end is not None else "")
        + ". Lag: days from a claim to the first day the assessment showed it (negative: "
        "the assessment came first). Never: of the claims old enough, not borne out within "
        + (f"{days} days" if days is not None else "the window")
        + "."
    )
    if left_out:
        note += f" {left_out} claim(s) outside the history's days not scored."
    return SafeHTML(
        '<div class="fl-score"><table>'
        + "".join(rows)
        + f'</table><div class="fl-note">{escape_html(note)}</div></div>'
    )
