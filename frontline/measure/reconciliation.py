"""Claims against the assessed control: was each claim borne out, and when (:func:`reconcile`)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any, Literal, NamedTuple

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from frontline import geodesy
from frontline._crs import require_lonlat
from frontline._statuses import OCCUPIED
from frontline.control import ControlHistory
from frontline.measure._common import (
    attrs,
    check_history,
    check_km,
    check_threshold,
    history_first,
    region_table,
    wanted_statuses,
)
from frontline.measure._engine import Series, measure_series
from frontline.measure._equal_area import area_km2

__all__ = ["CONFIDENCE", "reconcile"]

#: How sure :func:`reconcile` is of its verdict, by the claim's precision.
CONFIDENCE: dict[str, str] = {
    "point": "high",
    "settlement": "high",
    "border segment": "medium",
    "area": "medium",
    "region": "low",
}

#: Default tolerance (km) around a point claim whose ``precision_m`` is unknown.
_POINT_TOLERANCE_KM = {"point": 0.5, "settlement": 2.0}
_MIN_TOLERANCE_KM = 0.05
# radius of the disc standing for a captured point without a precision: the point counts as
# inside held ground when at least half of this disc is held
_CAPTURE_KM = 0.05
_NEEDS_REGION = "a border claim needs the region it claims to enter (region=...) to be checked"

#: Claim kinds that assert a change of who holds ground, and who gains by them.
_GAINING_KINDS = ("advance", "capture", "breakthrough", "counterattack")
_LOSING_KINDS = ("withdrawal",)


class _Test(NamedTuple):
    kind: str  # "touch", "cover", "any", "border"
    targets: list[int]  # indexes into the engine's targets
    area: float  # area of the tested polygon (for "cover")
    text: str  # what borne out means for Russian gains
    text_ua: str  # ... and for Ukrainian gains
    share: float | None = None  # for "cover": the share that counts (None: min_area_share)


def _gainer(side: str, kind: str, third_party: str) -> str | None:
    if kind in _GAINING_KINDS:
        gainer = side
    elif kind in _LOSING_KINDS:
        gainer = {"RU": "UA", "UA": "RU"}.get(side, side)
    else:
        return None
    if gainer == "third party":
        return third_party
    return gainer if gainer in ("RU", "UA") else None


def _claims_frame(claims: Any) -> gpd.GeoDataFrame:
    if not isinstance(claims, gpd.GeoDataFrame):
        raise ValueError(
            "claims must be a claims table: a GeoDataFrame in EPSG:4326 (fl.example_claims, "
            f"fl.read_claims, fl.claims_from_records), got {type(claims).__name__}"
        )
    needed = ("claim_id", "date", "side", "kind", "status", "precision", "geometry")
    missing = [c for c in needed if c not in claims.columns]
    if missing:
        raise ValueError(
            f"the claims table lacks column(s) {', '.join(missing)}; build it with "
            "fl.claims_from_records or fl.read_claims"
        )
    if claims.geometry.name != "geometry":
        claims = claims.set_geometry("geometry")
    if claims.crs is None and not claims.geometry.notna().any():
        return claims  # no geometry at all: nothing to take for planar degrees
    return require_lonlat(claims, "the claims table", convert=True)


def reconcile(
    history: ControlHistory,
    claims: pd.DataFrame,
    *,
    min_km2: float = 0.5,
    border_km: float = 5.0,
    min_area_share: float = 0.5,
    max_lag_days: int = 14,
    third_party: Literal["RU", "UA"] = "RU",
    statuses: str | Iterable[str] = OCCUPIED,
    source: str | None = None,
) -> pd.DataFrame:
    """Check territorial claims against the assessed control: borne out? when? how late?

    Each claim that says ground changed hands (kinds "advance", "capture", "breakthrough",
    "counterattack": the claimant's side gained; "withdrawal": it lost) and has a geometry is
    tested day by day. The test depends on the geometry and its precision; for Russian gains:

    ========================  ====================================================
    geometry (precision)      borne out on a day when the held ground ...
    ========================  ====================================================
    point, kind "capture"     covers the point itself (at least half of a 50 m disc
                              around it); with ``precision_m``: comes within
                              ``precision_m`` of the point, no more
    point (other kinds)       comes within the tolerance of the point:
                              ``precision_m``, else 0.5 km (point) / 2 km
                              (settlement)
    line (border segment)     inside the claim's ``region`` exceeds ``min_km2`` and
                              reaches within ``border_km`` of the line; without a
                              ``region`` the claim is not tested (NA)
    polygon (region)          inside it exceeds ``min_km2``
    polygon (other)           covers at least ``min_area_share`` of it
    ========================  ====================================================

    A capture names a place, so it is borne out only once the place itself is held, not when
    the held ground merely comes near it (a settlement's 2 km tolerance would call it days
    early). A border segment is shared by two regions: held ground near it says nothing about
    which side was entered, so a border claim without the ``region`` it claims to enter gets
    ``borne_out`` NA, no ``suggested_status`` and a note asking for the region.

    Ukrainian gains are borne out when the same test fails: no held ground within the
    tolerance of the point, at most ``min_km2`` held in the region (or none near the line),
    less than ``min_area_share`` of the area held. Third-party claims are read as reports of
    ``third_party`` gains (default: Russian). The ``test`` column says, in words, what was
    tested.

    ``first_day`` is the first day of the run of days on which the test holds: if it holds
    on the claim's date (or the latest snapshot before it), the run's start, which may be before
    the claim (a negative ``lag_days``: the assessment showed it first; ``before_record`` when
    the run starts on the history's first day); otherwise the first later day it holds.

    Parameters
    ----------
    history : ControlHistory
        The assessed control. (The old order ``reconcile(claims, history)`` still works for one
        release, with a FutureWarning.)
    claims : geopandas.GeoDataFrame
        A claims table (:data:`frontline.claims.CLAIM_COLUMNS`) in EPSG:4326 (other CRSs are
        reprojected; a table without a CRS is refused). It is not modified.
    min_km2, border_km, min_area_share
        Thresholds of the tests above (non-negative).
    max_lag_days : int, default 14
        A claim borne out within this many days (with high or medium confidence) is
        suggested "confirmed"; later, "unverified" (premature or the assessment lagged).
    third_party : {"RU", "UA"}
        Whose gains a third-party claim reports.
    statuses, source
        As in :func:`area_share`.

    Returns
    -------
    pandas.DataFrame
        One row per claim, in order: ``claim_id``, ``date``, ``side``, ``kind``, ``precision``,
        ``status`` (the claim's own, unchanged), ``test``, ``borne_out`` (nullable boolean; NA
        when the claim cannot be tested), ``first_day``, ``lag_days`` (nullable integer,
        ``first_day - date``), ``before_record``, ``checked_until``, ``confidence`` ("high",
        "medium", "low" from the precision, see :data:`CONFIDENCE`), ``suggested_status``
        (None when not tested) and ``note``. The claims table itself is never modified.

    Raises
    ------
    ValueError
        Not a claims table, a table without CRS, negative thresholds, or no claim that can be
        tested (none has a geometry and a territorial kind; a border claim without its
        ``region`` does not raise, it gets a row with ``borne_out`` NA and a note).

    Examples
    --------
    >>> import frontline as fl
    >>> r = fl.reconcile(fl.example_control(), fl.example_claims("2025-06-08"))
    >>> r[["claim_id", "borne_out", "confidence"]]
                         claim_id  borne_out confidence
    0    ru-mod-2025-06-08-dnipro      False     medium
    1   ua-gs-2025-06-08-pokrovsk       <NA>        NaN
    2     isw-2025-06-07-pokrovsk       <NA>        NaN
    3  deepstate-2025-06-08-share       <NA>        NaN
    4         cnn-2025-06-08-sumy       True        low
    """
    history, claims = history_first("reconcile", history, claims, "claims")
    history = check_history(history)
    frame = _claims_frame(claims)
    threshold = check_threshold(min_km2)
    border = check_km(border_km, "border_km")
    try:
        cover = float(min_area_share)
    except (TypeError, ValueError):
        cover = float("nan")
    if not (0.0 < cover <= 1.0):
        raise ValueError(f"min_area_share must be a fraction in (0, 1], got {min_area_share!r}")
    if (
        isinstance(max_lag_days, bool)
        or not isinstance(max_lag_days, int | np.integer)
        or max_lag_days < 0
    ):
        raise ValueError(f"max_lag_days must be a non-negative whole number, got {max_lag_days!r}")
    if third_party not in ("RU", "UA"):
        raise ValueError(f"third_party must be 'RU' or 'UA', got {third_party!r}")
    wanted = wanted_statuses(statuses)
    src = history.pick_source(source)

    targets: list[BaseGeometry] = []
    target_index: dict[Any, int] = {}

    def add(key: Any, geom: BaseGeometry) -> int:
        if key not in target_index:
            target_index[key] = len(targets)
            targets.append(geom)
        return target_index[key]

    table, region_geoms = region_table()
    region_of = dict(zip(table["code"], region_geoms, strict=True))
    plans: list[tuple[_Test | None, str | None, str]] = []
    for row in frame.itertuples(index=False):
        plans.append(
            _plan(
                row,
                add=add,
                region_of=region_of,
                border=border,
                threshold=threshold,
                cover=cover,
                third_party=third_party,
            )
        )
    if not any(p[0] is not None or p[2].startswith(_NEEDS_REGION) for p in plans):
        raise ValueError(
            f"none of the {len(frame)} claims can be checked against assessed control: each "
            "needs a geometry and a territorial kind (advance, capture, breakthrough, "
            "counterattack, withdrawal)"
        )
    if not targets:  # only border claims without a region: nothing to measure, but the days
        add(("none",), shapely.box(0.0, 0.0, 1e-6, 1e-6))
    series, _ = measure_series(
        history, np.asarray(targets, dtype=object), statuses=wanted, source=src, total=False
    )
    days = series.days
    records = []
    for row, (test, gainer, note) in zip(frame.itertuples(index=False), plans, strict=True):
        records.append(
            _verdict(
                row,
                test,
                gainer,
                note,
                series=series,
                days=days,
                threshold=threshold,
                cover=cover,
                max_lag=max_lag_days,
            )
        )
    out = pd.DataFrame.from_records(records)
    out["borne_out"] = out["borne_out"].astype("boolean")
    out["lag_days"] = out["lag_days"].astype("Int64")
    out["first_day"] = pd.to_datetime(out["first_day"])
    out["date"] = pd.to_datetime(out["date"])
    out["checked_until"] = pd.to_datetime(out["checked_until"])
    out.attrs = attrs(
        history=history,
        source=src,
        snapshot=days[-1],
        carried=False,
        statuses=wanted,
        min_km2=threshold,
        border_km=border,
        min_area_share=cover,
        max_lag_days=max_lag_days,
        third_party=third_party,
        footnote=(
            f"Claims checked against {src}, daily snapshots {days[0]:%Y-%m-%d} to "
            f"{days[-1]:%Y-%m-%d}; areas on the WGS84 ellipsoid (equal-area)."
        ),
    )
    return out


def _plan(
    row: Any,
    *,
    add: Any,
    region_of: dict[str, BaseGeometry],
    border: float,
    threshold: float,
    cover: float,
    third_party: str,
) -> tuple[_Test | None, str | None, str]:
    """How one claim will be tested (None and a note when it cannot be)."""
    geom = row.geometry
    precision = str(row.precision) if isinstance(row.precision, str) else "none"
    gainer = _gainer(str(row.side), str(row.kind), third_party)
    if gainer is None:
        return None, None, f"kind {row.kind!r} does not say who holds ground: not tested"
    if geom is None or (isinstance(geom, float) and math.isnan(geom)) or geom.is_empty:
        return None, gainer, "the claim has no geometry: not tested"
    if precision not in CONFIDENCE:
        return None, gainer, f"precision {precision!r} locates no ground: not tested"
    gtype = geom.geom_type
    pm = getattr(row, "precision_m", float("nan"))
    pm = float(pm) if pm is not None and not pd.isna(pm) else float("nan")
    claim_id = str(row.claim_id)
    if gtype in ("Point", "MultiPoint"):
        if str(row.kind) == "capture":
            # a capture is of the place itself: the point must be inside held ground, with
            # no more slack than the point's own stated precision
            if math.isfinite(pm) and pm > 0:
                tol = max(pm / 1000, _MIN_TOLERANCE_KM)
                i = add(("disc", claim_id, tol), geodesy.buffer_km(geom, tol))
                near = f"held ground within {tol:g} km of the point (its precision)"
                return _Test("touch", [i], 0.0, near, "no " + near), gainer, ""
            disc = geodesy.buffer_km(geom, _CAPTURE_KM)
            i = add(("dot", claim_id), disc)
            area = float(area_km2([disc])[0])
            return (
                _Test(
                    "cover",
                    [i],
                    area,
                    "the point itself inside held ground",
                    "the point itself not inside held ground",
                    share=0.5,
                ),
                gainer,
                "",
            )
        tol = pm / 1000 if math.isfinite(pm) and pm > 0 else _POINT_TOLERANCE_KM.get(precision, 1.0)
        tol = max(tol, _MIN_TOLERANCE_KM)
        i = add(("disc", claim_id), geodesy.buffer_km(geom, tol))
        near = f"held ground within {tol:g} km of the point"
        return _Test("touch", [i], 0.0, near, "no " + near), gainer, ""
    if gtype in ("LineString", "MultiLineString", "LinearRing"):
        km = pm / 1000 if math.isfinite(pm) and pm > 0 else border
        strip = geodesy.buffer_km(geom, max(km, _MIN_TOLERANCE_KM))
        code = getattr(row, "region", None)
        if isinstance(code, str) and code in region_of:
            region_geom = region_of[code]
            r = add(("region", code), region_geom)
            s = add(("strip", claim_id, code), shapely.intersection(strip, region_geom))
            return (
                _Test(
                    "border",
                    [r, s],
                    0.0,
                    f"more than {threshold:g} km² held in {code}, reaching within {km:g} km of "
                    "the line",
                    f"at most {threshold:g} km² held in {code}, or none within {km:g} km of "
                    "the line",
                ),
                gainer,
                "",
            )
        if isinstance(code, str) and code.strip():
            return (
                None,
                gainer,
                f"{_NEEDS_REGION} (region {code!r} is not a known region code): not tested",
            )
        return (
            None,
            gainer,
            f"{_NEEDS_REGION}: held ground near the line may be on either side of it; not tested",
        )
    if gtype in ("Polygon", "MultiPolygon"):
        i = add(("poly", claim_id), geom)
        if precision == "region":
            return (
                _Test(
                    "any",
                    [i],
                    0.0,
                    f"more than {threshold:g} km² held in the area",
                    f"at most {threshold:g} km² held in the area",
                ),
                gainer,
                "",
            )
        area = float(area_km2([geom])[0])
        return (
            _Test(
                "cover",
                [i],
                area,
                f"at least {cover:.0%} of the area held",
                f"less than {cover:.0%} of the area held",
            ),
            gainer,
            "",
        )
    return None, gainer, f"geometry type {gtype} cannot be tested"


def _verdict(
    row: Any,
    test: _Test | None,
    gainer: str | None,
    note: str,
    *,
    series: Series,
    days: pd.DatetimeIndex,
    threshold: float,
    cover: float,
    max_lag: int,
) -> dict[str, Any]:
    precision = str(row.precision) if isinstance(row.precision, str) else "none"
    claim_day = pd.Timestamp(row.date)
    record: dict[str, Any] = {
        "claim_id": row.claim_id,
        "date": claim_day,
        "side": row.side,
        "kind": row.kind,
        "precision": precision,
        "status": row.status,
        "test": None,
        "borne_out": pd.NA,
        "first_day": pd.NaT,
        "lag_days": pd.NA,
        "before_record": False,
        "checked_until": days[-1],
        "confidence": None,
        "suggested_status": None,
        "note": note,
    }
    if test is None:
        return record
    if claim_day > days[-1]:
        record["note"] = "the claim is dated after the history ends: not tested"
        return record
    km2 = series.km2
    first = km2[:, test.targets[0]]
    if test.kind == "touch":
        russian = first > 0.0
    elif test.kind == "any":
        russian = first > threshold
    elif test.kind == "cover":
        need = cover if test.share is None else test.share
        russian = first >= need * test.area if test.area > 0 else first > 0.0
    else:  # border
        russian = (first > threshold) & (km2[:, test.targets[1]] > 0.0)
    holds = russian if gainer == "RU" else ~russian
    record["test"] = (
        f"Russian gain: {test.text}" if gainer == "RU" else f"Ukrainian gain: {test.text_ua}"
    )
    record["confidence"] = CONFIDENCE[precision]
    at = int(np.searchsorted(days.to_numpy(), claim_day.to_datetime64(), side="right")) - 1
    if at >= 0 and holds[at]:
        start = at
        while start > 0 and holds[start - 1]:
            start -= 1
        found: int | None = start
    else:
        later = np.flatnonzero(holds[at + 1 :]) if at + 1 < len(holds) else np.empty(0, int)
        found = at + 1 + int(later[0]) if len(later) else None
    if found is None:
        record["borne_out"] = False
        record["suggested_status"] = "unverified"
        record["note"] = f"not shown by the assessment up to {days[-1]:%Y-%m-%d}" + (
            f"; {note}" if note else ""
        )
        return record
    first_day = days[found]
    lag = int((first_day - claim_day).days)
    record.update(
        borne_out=True,
        first_day=first_day,
        lag_days=lag,
        before_record=bool(found == 0),
    )
    if record["confidence"] in ("high", "medium") and lag <= max_lag:
        record["suggested_status"] = "confirmed"
        record["note"] = (
            "assessed before the claim" if lag < 0 else f"assessed {lag} day(s) after the claim"
        )
    else:
        record["suggested_status"] = "unverified"
        record["note"] = (
            "only a region-level location: too coarse to confirm"
            if record["confidence"] == "low"
            else f"assessed only {lag} days after the claim: premature claim or lagging assessment"
        )
    if found == 0:
        record["note"] += "; already so on the first day of the record"
    return record
