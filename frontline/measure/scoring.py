"""Who was right, and how early: claims scored against the assessed control.

:func:`claim_lags` checks each claim with :func:`frontline.measure.reconcile` and adds what a
scorecard needs (whether it was borne out within ``within_days``, its month and oblast, and for
area claims the claimed and assessed km²); :func:`scorecard` sums that up per claimant (and
per oblast and month). Areas are geodesic (:func:`frontline.geodesy.area_km2`, on the WGS84
ellipsoid).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry.base import BaseGeometry

from frontline._staleness import carry_staleness
from frontline.control import ControlHistory
from frontline.geodesy import area_km2
from frontline.measure.reconciliation import reconcile

__all__ = ["GROUPINGS", "claim_lags", "scorecard"]

#: What :func:`scorecard` can group by.
GROUPINGS: tuple[str, ...] = ("claimant", "region", "month")

_GAINING = ("advance", "capture", "breakthrough", "counterattack")
_LOSING = ("withdrawal",)


def _check_days(within_days: Any) -> int:
    if (
        isinstance(within_days, bool)
        or not isinstance(within_days, int | np.integer)
        or within_days < 0
    ):
        raise ValueError(f"within_days must be a non-negative whole number, got {within_days!r}")
    return int(within_days)


def _gainer(side: Any, kind: Any, actor: Any) -> str | None:
    """Whose gain a claim reports: the claimant's side, the other one, or (third party) its
    ``actor`` column, by default Russian."""
    if kind not in _GAINING + _LOSING:
        return None
    if side in ("RU", "UA"):
        if kind in _GAINING:
            return str(side)
        return "UA" if side == "RU" else "RU"
    return str(actor) if actor in ("RU", "UA") else "RU"


def _reconciled(claims: gpd.GeoDataFrame, history: ControlHistory, days: int) -> pd.DataFrame:
    """reconcile() per reading of third-party claims (their ``actor``), in the claims' order."""
    actor = claims["actor"] if "actor" in claims.columns else pd.Series(None, index=claims.index)
    ua_reports = (claims["side"] == "third party") & (actor == "UA")
    testable = claims.geometry.notna() & claims["kind"].isin(_GAINING + _LOSING)
    parts = []
    readings: tuple[tuple[pd.Series, Literal["RU", "UA"]], ...] = (
        (~ua_reports, "RU"),
        (ua_reports, "UA"),
    )
    for mask, reading in readings:
        part = claims[mask]
        if not len(part):
            continue
        r = None
        if testable[mask].any():
            try:
                r = reconcile(history, part, max_lag_days=days, third_party=reading)
            except ValueError as exc:  # nothing testable after all: every claim stays untested
                if "can be checked" not in str(exc):
                    raise
        if r is None:
            r = pd.DataFrame(
                {
                    "claim_id": part["claim_id"].to_numpy(),
                    "borne_out": pd.array([pd.NA] * len(part), dtype="boolean"),
                    "first_day": pd.NaT,
                    "lag_days": pd.array([pd.NA] * len(part), dtype="Int64"),
                    "checked_until": pd.NaT,
                    "note": "no geometry or not a territorial claim: not tested",
                }
            )
        r.index = part.index
        parts.append(r[["claim_id", "borne_out", "first_day", "lag_days", "checked_until", "note"]])
    out = pd.concat(parts).loc[claims.index]
    out["borne_out"] = out["borne_out"].astype("boolean")
    out["lag_days"] = out["lag_days"].astype("Int64")
    return out


def _assessed(
    history: ControlHistory, geom: BaseGeometry, day: pd.Timestamp, gainer: str | None
) -> float:
    """km² of a claimed area that the assessment gives the gainer on ``day``."""
    held = history.geometry_on(day)
    russian = area_km2(geom.intersection(held))
    return russian if gainer == "RU" else area_km2(geom) - russian


def claim_lags(
    history: ControlHistory, claims: gpd.GeoDataFrame, *, within_days: int = 30
) -> pd.DataFrame:
    """Each claim checked against the assessed control, with what a scorecard counts.

    Parameters
    ----------
    history : ControlHistory
        The assessed control.
    claims : geopandas.GeoDataFrame
        A claims table (:func:`frontline.claims_from_records`, :func:`frontline.read_claims`,
        or :func:`frontline.statements.claims_from_text`'s ``.claims``). Claims without
        geometry or of a kind that says nothing about ground are kept, untested.
    within_days : int, default 30
        A claim counts as borne out in time when the assessment shows it at most this many
        days after the claim's date; one ``within_days`` old or more at the history's last day
        and not borne out in time counts as never borne out.

    Returns
    -------
    pandas.DataFrame
        One row per claim, in order: ``claim_id``, ``date``, ``claimant``, ``side``, ``kind``,
        ``region`` ("unknown" when the claim names none), ``month`` ("YYYY-MM"), ``tested``,
        ``borne_out`` and ``first_day`` and ``lag_days`` (from
        :func:`frontline.measure.reconcile`: negative when the assessment came first),
        ``in_time`` (borne out within ``within_days``), ``overdue`` (old enough to judge:
        ``date + within_days`` on or before the history's last day), ``never`` (overdue and not
        in time), ``claimed_km2`` and ``assessed_km2`` (polygon claims only: the claimed area
        and the part of it the assessment gives the gainer ``within_days`` after the claim, or
        on the last day), ``note``.

    Examples
    --------
    >>> import frontline as fl
    >>> lags = claim_lags(fl.example_control(), fl.example_claims("2025-06-08"))
    >>> lags[["claim_id", "tested", "borne_out", "overdue"]].head(2)
                        claim_id  tested  borne_out  overdue
    0   ru-mod-2025-06-08-dnipro    True      False    False
    1  ua-gs-2025-06-08-pokrovsk   False       <NA>    False
    """
    days = _check_days(within_days)
    if not isinstance(history, ControlHistory):
        raise ValueError(
            f"history must be a ControlHistory (fl.read_deepstate), got {type(history).__name__}"
        )
    if not isinstance(claims, gpd.GeoDataFrame):
        raise ValueError(
            f"claims must be a claims GeoDataFrame (fl.read_claims), got {type(claims).__name__}"
        )
    claims = claims.reset_index(drop=True)
    if claims.crs is not None and claims.crs.to_epsg() != 4326:
        claims = claims.to_crs(4326)
    r = _reconciled(claims, history, days) if len(claims) else None
    dates = pd.to_datetime(claims["date"])
    out = pd.DataFrame(
        {
            "claim_id": claims["claim_id"].to_numpy(),
            "date": dates.to_numpy(),
            "claimant": claims["claimant"].to_numpy(),
            "side": claims["side"].to_numpy(),
            "kind": claims["kind"].to_numpy(),
            "region": claims["region"].fillna("unknown").to_numpy(),
            "month": dates.dt.strftime("%Y-%m").to_numpy(),
        }
    )
    if r is None:
        for column in ("tested", "in_time", "overdue", "never"):
            out[column] = pd.Series([], dtype=bool)
        out["borne_out"] = pd.array([], dtype="boolean")
        out["first_day"] = pd.Series([], dtype="datetime64[ns]")
        out["lag_days"] = pd.array([], dtype="Int64")
        out["claimed_km2"] = out["assessed_km2"] = pd.Series([], dtype=float)
        out["note"] = pd.Series([], dtype=object)
        return out
    borne = r["borne_out"].fillna(False).to_numpy(dtype=bool)
    out["tested"] = ~pd.isna(r["borne_out"]).to_numpy()
    out["borne_out"] = r["borne_out"].to_numpy()
    out["first_day"] = pd.to_datetime(r["first_day"]).to_numpy()
    out["lag_days"] = r["lag_days"].to_numpy()
    lag = r["lag_days"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    out["in_time"] = borne & (lag <= days)
    out["overdue"] = out["tested"] & (dates + pd.Timedelta(days=days) <= history.end).to_numpy()
    out["never"] = out["overdue"] & ~out["in_time"]
    claimed = np.full(len(claims), np.nan)
    assessed = np.full(len(claims), np.nan)
    actor = claims["actor"] if "actor" in claims.columns else pd.Series(None, index=claims.index)
    for i, geom in enumerate(claims.geometry):
        if geom is None or geom.geom_type not in ("Polygon", "MultiPolygon"):
            continue
        gainer = _gainer(claims["side"].iat[i], claims["kind"].iat[i], actor.iat[i])
        if gainer is None or not out["tested"].iat[i]:
            continue
        day = min(dates.iat[i] + pd.Timedelta(days=days), history.end)
        if day < history.start:
            continue
        claimed[i] = area_km2(geom)
        assessed[i] = _assessed(history, geom, day, gainer)
    out["claimed_km2"] = claimed
    out["assessed_km2"] = assessed
    out["note"] = r["note"].to_numpy()
    out.attrs = {
        "within_days": days,
        "history_start": history.start,
        "history_end": history.end,
        "sources": tuple(history.sources),
        "areas": "geodesic, WGS84 ellipsoid (frontline.geodesy.area_km2)",
    }
    carry_staleness(out.attrs, history)  # a fetched history: its scorecard says how recent
    return out


def scorecard(
    history: ControlHistory,
    claims: gpd.GeoDataFrame,
    *,
    within_days: int = 30,
    by: str | Sequence[str] = "claimant",
) -> pd.DataFrame:
    """How often, how early and by how much each claimant's claims were borne out.

    Parameters
    ----------
    history : ControlHistory
        The assessed control the claims are scored against.
    claims : geopandas.GeoDataFrame
        A claims table.
    within_days : int, default 30
        The window for "borne out in time"; claims at least this old and not borne out within
        it count as never borne out (see :func:`claim_lags`).
    by : str or sequence of str, default "claimant"
        Group by any of :data:`GROUPINGS`: "claimant", "region" (ISO code of the oblast),
        "month" ("YYYY-MM").

    Returns
    -------
    pandas.DataFrame
        One row per group (the ``by`` columns first): ``claims``, ``tested`` (claims with a
        geometry and a territorial kind), ``borne_out`` (tested claims the assessment bore out
        at any time), ``share_borne_out`` (of tested), ``lag_median``, ``lag_q25``,
        ``lag_q75``, ``lag_min``, ``lag_max`` (days from claim to assessment among borne-out
        claims; negative: the assessment came first), ``overdue`` (tested claims at least
        ``within_days`` old), ``share_never`` (of overdue: not borne out within
        ``within_days``), ``area_claims``, ``claimed_km2``, ``assessed_km2`` and
        ``overclaim_km2`` (claimed minus assessed, polygon claims only; 0 and NaN when none).
        ``.attrs`` holds ``within_days``, ``by`` and the history's last day.

    Examples
    --------
    >>> import frontline as fl
    >>> card = scorecard(fl.example_control(), fl.example_claims("2025-06-08"), within_days=7)
    >>> card[["claimant", "claims", "tested", "borne_out"]].head(2)
                   claimant  claims  tested  borne_out
    0  CNN (report summary)       1       1          1
    1             DeepState       1       0          0
    """
    keys = [by] if isinstance(by, str) else list(by)
    bad = [k for k in keys if k not in GROUPINGS]
    if bad or not keys:
        raise ValueError(f"by must name one or more of {list(GROUPINGS)}, got {by!r}")
    lags = claim_lags(history, claims, within_days=within_days)
    rows = []
    for group, part in lags.groupby(keys, sort=True, dropna=False):
        labels = group if isinstance(group, tuple) else (group,)
        tested = part[part["tested"]]
        borne = tested[tested["borne_out"].fillna(False).astype(bool)]
        lag = borne["lag_days"].astype(float)
        area = part[part["claimed_km2"].notna()]
        overdue = int(part["overdue"].sum())
        rows.append(
            {
                **dict(zip(keys, labels, strict=True)),
                "claims": len(part),
                "tested": len(tested),
                "borne_out": len(borne),
                "share_borne_out": len(borne) / len(tested) if len(tested) else np.nan,
                "lag_median": lag.median() if len(lag) else np.nan,
                "lag_q25": lag.quantile(0.25) if len(lag) else np.nan,
                "lag_q75": lag.quantile(0.75) if len(lag) else np.nan,
                "lag_min": lag.min() if len(lag) else np.nan,
                "lag_max": lag.max() if len(lag) else np.nan,
                "overdue": overdue,
                "share_never": part["never"].sum() / overdue if overdue else np.nan,
                "area_claims": len(area),
                "claimed_km2": area["claimed_km2"].sum() if len(area) else np.nan,
                "assessed_km2": area["assessed_km2"].sum() if len(area) else np.nan,
                "overclaim_km2": (
                    area["claimed_km2"].sum() - area["assessed_km2"].sum() if len(area) else np.nan
                ),
            }
        )
    columns = [
        *keys,
        "claims",
        "tested",
        "borne_out",
        "share_borne_out",
        "lag_median",
        "lag_q25",
        "lag_q75",
        "lag_min",
        "lag_max",
        "overdue",
        "share_never",
        "area_claims",
        "claimed_km2",
        "assessed_km2",
        "overclaim_km2",
    ]
    out = pd.DataFrame(rows, columns=columns)
    out.attrs = {**lags.attrs, "by": tuple(keys)}
    return out
