"""Claims on a history page: checked, then GeoJSON features each valid from its date for a
number of days, with escaped popups and tooltips, styled by status."""

from __future__ import annotations

import json
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from frontline._crs import require_lonlat
from frontline.render import palette
from frontline.render._common import text
from frontline.render._escape import escape_html, js_literal, popup_html
from frontline.render.history._encode import day_number

__all__ = ["check_claims", "claim_styles", "claims_payload"]


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


def claims_payload(
    claims: gpd.GeoDataFrame, first: pd.Timestamp, stop: pd.Timestamp, claim_days: int
) -> tuple[str, int, list[str]]:
    """The claims as GeoJSON for the page; also how many were drawn and which were left out."""
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
        a, b = max(when, first), min(when + span, stop)
        if b <= a:
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
        popup = popup_html(
            title or str(row["claim_id"]), rows, source=(get("source_name"), get("source_url"))
        )
        tip = escape_html(f"{title or row['claim_id']} ({palette.LABELS.get(status, status)})")
        geometry = shapely.set_precision(g, 1e-5)
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "s": day_number(a),
                    "e": day_number(b),
                    "st": status,
                    "pop": str(popup),
                    "tip": str(tip),
                },
                "geometry": shapely.geometry.mapping(geometry),
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
    return js_literal(styles)
