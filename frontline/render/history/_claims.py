"""Claims on a history page: checked, then GeoJSON features each valid from its date for a
number of days, with escaped popups and tooltips, styled by status.

Checked against the history (:func:`claim_checks`, :func:`frontline.claim_lags`), a claim is
drawn dashed and faint ("waiting") from its date until the first day the assessment bears it
out, then in full for ``claim_days`` days; one never borne out stays dashed for ``claim_days``
days. So a reader sees a claim appear and the assessed area catch up, or not."""

from __future__ import annotations

import json
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from frontline._crs import require_lonlat
from frontline.control import ControlHistory
from frontline.measure import claim_lags
from frontline.render import palette
from frontline.render._common import text
from frontline.render._escape import escape_html, js_literal, popup_html
from frontline.render.history._encode import day_number

__all__ = ["WAITING", "check_claims", "claim_checks", "claim_styles", "claims_payload"]

#: Suffix of the style of a claim not (yet) borne out by the assessment.
WAITING = "|waiting"


def _responses_text(value: Any) -> list[str]:
    if not isinstance(value, (list, tuple, np.ndarray, dict)) and text(value) == "":
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value) if value.strip() else []
        except ValueError:
            return [value]
    if isinstance(value, dict):
        value = [value]
    out: list[str] = []
    if not isinstance(value, (list, tuple, np.ndarray)):
        return [str(value)]
    for r in value:
        if not isinstance(r, dict):
            out.append(str(r))
            continue
        when, by, stance = text(r.get("date"))[:10], text(r.get("by")), text(r.get("stance"))
        line = " ".join(b for b in (when, by) if b) + (f": {stance}" if stance else "")
        if text(r.get("source_name")):
            line += f" ({text(r.get('source_name'))})"
        out.append(line)
    return out


def check_claims(claims: Any) -> np.ndarray:
    """Validate a claims table for mapping (all problems at once); the per-row dates."""
    if not isinstance(claims, gpd.GeoDataFrame):
        raise TypeError(
            f"claims must be a GeoDataFrame (see frontline.claims), got {type(claims).__name__}"
        )
    require_lonlat(claims, "claims")
    missing = [c for c in ("claim_id", "date", "status") if c not in claims.columns]
    if missing:
        raise ValueError(
            f"claims lack column(s) {', '.join(missing)}; build them with "
            "frontline.claims_from_records or read them with frontline.read_claims"
        )
    problems: list[str] = []
    dates = pd.to_datetime(claims["date"], errors="coerce")
    for pos, (cid, status, when) in enumerate(
        zip(claims["claim_id"], claims["status"], dates, strict=True)
    ):
        if status not in palette.CLAIM_STATUSES:
            problems.append(
                f"row {pos} (claim {cid!r}): field 'status' value {status!r} is not one of "
                f"{', '.join(palette.CLAIM_STATUSES)}"
            )
        if pd.isna(when):
            problems.append(f"row {pos} (claim {cid!r}): field 'date' is missing or not a date")
    if problems:
        raise ValueError("claims cannot be mapped:\n  " + "\n  ".join(problems))
    geoms = claims.geometry.to_numpy()
    if len(claims) and all(g is None or g.is_empty for g in geoms):
        raise ValueError(
            "none of the claims has a geometry, so none can be drawn; give them a location "
            "(a point, line or area) or leave claims out"
        )
    return dates.dt.normalize().to_numpy()


def claim_checks(history: ControlHistory, claims: gpd.GeoDataFrame) -> pd.DataFrame:
    """Each claim checked against the history: ``tested``, ``first_day`` (the first day the
    assessment bore it out, NaT if never) and ``lag_days``, in the claims' order. Claims dated
    outside the history's days are not tested."""
    claims = claims.reset_index(drop=True)
    dates = pd.to_datetime(claims["date"], errors="coerce").dt.normalize()
    inside = ((dates >= history.start) & (dates <= history.end)).to_numpy().copy()
    # a table without what a check needs (a side, a kind) is drawn as before, untested
    if not {"claimant", "side", "kind"} <= set(claims.columns):
        inside[:] = False
    elif "region" not in claims.columns:
        claims = claims.assign(region=None)
    out = pd.DataFrame(
        {
            "tested": np.zeros(len(claims), dtype=bool),
            "first_day": pd.Series(pd.NaT, index=claims.index, dtype="datetime64[ns]"),
            "lag_days": pd.array([pd.NA] * len(claims), dtype="Int64"),
        }
    )
    if inside.any():
        window = max(1, int((history.end - history.start).days))
        lags = claim_lags(history, claims[inside], within_days=window)
        rows = np.flatnonzero(inside)
        out.loc[rows, "tested"] = lags["tested"].to_numpy()
        borne = lags["borne_out"].fillna(False).to_numpy(dtype=bool)
        out.loc[rows[borne], "first_day"] = pd.to_datetime(lags["first_day"]).to_numpy()[borne]
        out.loc[rows, "lag_days"] = lags["lag_days"].to_numpy()
    return out


def _segments(
    when: pd.Timestamp, span: pd.Timedelta, check: Any
) -> list[tuple[pd.Timestamp, pd.Timestamp, bool, str]]:
    """(from, until, waiting, note) pieces of a claim's time on the map."""
    if check is None or not bool(check["tested"]):
        return [(when, when + span, False, "")]
    seen = check["first_day"]
    if pd.isna(seen):
        return [(when, when + span, True, "not borne out by the assessment on the map's days")]
    lag = int(check["lag_days"])
    note = (
        f"borne out by the assessment on {seen:%Y-%m-%d} ("
        + (
            f"{lag} days after the claim"
            if lag > 0
            else "the assessment came first"
            if lag
            else "the same day"
        )
        + ")"
    )
    start = max(when, seen)
    pieces = [(when, start, True, note)] if start > when else []
    return [*pieces, (start, start + span, False, note)]


def claims_payload(
    claims: gpd.GeoDataFrame,
    first: pd.Timestamp,
    stop: pd.Timestamp,
    claim_days: int,
    checks: pd.DataFrame | None = None,
) -> tuple[str, int, list[str]]:
    """The claims as GeoJSON for the page; also how many were drawn and which were left out.

    With ``checks`` (:func:`claim_checks`), each claim is split into its waiting and borne-out
    pieces (see the module notes)."""
    dates = pd.DatetimeIndex(check_claims(claims))
    geoms = claims.geometry.to_numpy()
    no_geometry = [
        str(c) for c, g in zip(claims["claim_id"], geoms, strict=True) if g is None or g.is_empty
    ]
    features = []
    span = pd.Timedelta(days=claim_days)
    for pos in range(len(claims)):
        g = geoms[pos]
        if g is None or g.is_empty:
            continue
        row = claims.iloc[pos]
        when = dates[pos]
        check = None if checks is None else checks.iloc[pos]
        pieces = [
            (max(a, first), min(b, stop), waiting, note)
            for a, b, waiting, note in _segments(when, span, check)
            if min(b, stop) > max(a, first)
        ]
        if not pieces:
            continue
        get = row.get
        status = str(row["status"])
        title = " · ".join(x for x in (text(get("claimant")), text(get("kind"))) if x)
        rows = [
            ("Date", f"{when:%Y-%m-%d}"),
            ("Status", palette.LABELS.get(status, status)),
            ("Side", text(get("side"))),
            ("Unit", text(get("unit"))),
            ("Place", text(get("place"))),
            ("Summary", text(get("summary"))),
            ("Quote", text(get("quote"))),
            ("Responses", _responses_text(get("responses"))),
        ]
        note = pieces[0][3]
        if note:
            rows.insert(2, ("Assessment", note))
        popup = popup_html(
            title or str(row["claim_id"]), rows, source=(get("source_name"), get("source_url"))
        )
        geometry = shapely.geometry.mapping(shapely.set_precision(g, 1e-5))
        for a, b, waiting, _ in pieces:
            label = palette.LABELS.get(status, status)
            state = "; waiting for the assessment" if waiting else ("; " + note if note else "")
            tip = escape_html(f"{title or row['claim_id']} ({label}{state})")
            features.append(
                {
                    "type": "Feature",
                    "properties": {
                        "s": day_number(a),
                        "e": day_number(b),
                        "st": status + (WAITING if waiting else ""),
                        "pop": str(popup),
                        "tip": str(tip),
                    },
                    "geometry": geometry,
                }
            )
    return (
        js_literal({"type": "FeatureCollection", "features": features}),
        len(features),
        no_geometry,
    )


def claim_styles() -> str:
    styles = {}
    for status in palette.CLAIM_STATUSES:
        c = palette.PALETTE[status]
        styles[status] = {
            "color": c,
            "weight": 3,
            "opacity": 1,
            "dashArray": palette.CLAIM_DASHES.get(status),
            "fillColor": c,
            "fillOpacity": 0.15,
        }
        styles[status + WAITING] = {
            "color": c,
            "weight": 2,
            "opacity": 0.7,
            "dashArray": "2 6",
            "fillColor": c,
            "fillOpacity": 0.04,
        }
    return js_literal(styles)
