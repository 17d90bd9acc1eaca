"""Helpers shared by the day, history and static maps (none of which imports another).

* reading inputs the same way everywhere: the history (:func:`history_argument`,
  :func:`control_rows`), claims for one day (:func:`prepare_claims`), region outlines
  (:func:`regions_frame`);
* text from data as plain strings (:func:`text`, :func:`day_str`, :func:`clip`);
* labels: short region names and where to put them (:func:`short_names`, :func:`label_point`);
* the footnote every day map carries (:func:`footnote_lines`).
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Sequence
from typing import Any, NamedTuple

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.ops import polylabel

from frontline._crs import require_lonlat
from frontline._staleness import carry_staleness, staleness_lines
from frontline.claims import PRECISIONS
from frontline.control import ControlHistory
from frontline.regions import load_regions
from frontline.render.palette import CLAIM_STATUSES, CONTROL_STATUSES, LABELS

__all__ = [
    "METHOD",
    "REGIONS_SOURCE",
    "UNDRAWN",
    "SourceInfo",
    "clip",
    "control_rows",
    "day_str",
    "footnote_lines",
    "history_argument",
    "label_point",
    "prepare_claims",
    "regions_frame",
    "short_names",
    "source_info",
    "text",
]

#: claim precisions that carry no place to draw: listed, not drawn
UNDRAWN = frozenset({"direction", "national", "none"})
METHOD = (
    "Areas, distances and rings are geodesic on the WGS84 ellipsoid. Claims are drawn at the "
    "precision they state; a claim's colour and dash show its status. Colours: Okabe-Ito and "
    "Tol palettes, checked for colour-blind readers."
)
REGIONS_SOURCE = (
    "Region boundaries: Natural Earth admin-1 (public domain), as corrected by frontline"
)


# --- text from data ---------------------------------------------------------------------------


def text(value: Any) -> str:
    """``str(value)``, or ``""`` for None/NaN/NA.

    Examples
    --------
    >>> text(None), text(float("nan")), text(3)
    ('', '', '3')
    """
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):  # lists, arrays
        pass
    return str(value)


def day_str(value: Any) -> str:
    """A day as ``YYYY-MM-DD`` (``""`` for a missing value, ``str(value)`` for a non-date).

    Examples
    --------
    >>> day_str(pd.Timestamp("2025-06-08 10:00")), day_str(None)
    ('2025-06-08', '')
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    try:
        return f"{pd.Timestamp(value):%Y-%m-%d}"
    except (TypeError, ValueError):
        return str(value)


def clip(value: str, n: int) -> str:
    """``value`` cut to ``n`` characters with an ellipsis.

    Examples
    --------
    >>> clip("abcdef", 4)
    'abc…'
    """
    return value if len(value) <= n else value[: n - 1].rstrip() + "\u2026"


# --- the history ------------------------------------------------------------------------------


def history_argument(history: Any, control: Any, function: str) -> Any:
    """The history given as ``history=`` or (with a FutureWarning) as the old ``control=``.

    Examples
    --------
    >>> history_argument("h", None, "map_day")
    'h'
    """
    if control is None:
        return history
    if history is not None:
        raise TypeError(
            f"{function}() got both history= and control=; pass the history once, as history="
        )
    warnings.warn(
        f"{function}(control=...) is renamed {function}(history=...); control= will be "
        "removed in a later release",
        FutureWarning,
        stacklevel=3,
    )
    return control


def control_rows(history: Any, day: pd.Timestamp, source: str | None) -> gpd.GeoDataFrame:
    """The rows of each source's snapshot in force on ``day`` (:meth:`ControlHistory.as_of`).

    ``history`` is a :class:`ControlHistory` or a GeoDataFrame of its rows (EPSG:4326).
    """
    if not isinstance(history, ControlHistory):
        if not isinstance(history, gpd.GeoDataFrame):
            raise ValueError(
                f"history must be a ControlHistory (e.g. fl.read_deepstate(...)) or a "
                f"GeoDataFrame of its rows, not {type(history).__name__}"
            )
        history = ControlHistory(require_lonlat(history, "history"))
    if len(history) == 0:
        raise ValueError(
            "the control history is empty: it holds no day to draw; read some snapshots first "
            "(fl.read_deepstate(folder)) or pass history=None"
        )
    rows = history.as_of(day, source=source)
    carry_staleness(rows.attrs, history)  # a fetched history: the footnote says how recent
    return rows


class SourceInfo(NamedTuple):
    """What a day map says about one source: its snapshot, whether carried, its statuses."""

    source: str
    snapshot: Any
    carried: bool
    statuses: list[str]
    staleness: tuple[str, ...] = ()  # how recent a fetched history is (frontline._staleness)


def source_info(source: Any, rows: gpd.GeoDataFrame) -> SourceInfo:
    """The :class:`SourceInfo` of one source's rows of :func:`control_rows`."""
    present = set(rows["status"])
    return SourceInfo(
        source=str(source),
        snapshot=rows["snapshot_date"].iloc[0] if len(rows) else pd.NaT,
        carried=bool(rows["carried_forward"].any()) if len(rows) else False,
        statuses=[s for s in CONTROL_STATUSES if s in present],
        staleness=tuple(staleness_lines(rows)),
    )


# --- claims -----------------------------------------------------------------------------------


def prepare_claims(claims: Any, day: pd.Timestamp) -> tuple[gpd.GeoDataFrame, int]:
    """Validate claims once (all problems together); keep those dated or reported ``day``.

    Returns the kept claims and how many were left out for being of other days.
    """
    if not isinstance(claims, pd.DataFrame):
        raise ValueError(
            f"claims must be a GeoDataFrame (fl.example_claims(...), fl.read_claims(...)), "
            f"not {type(claims).__name__}"
        )
    if not isinstance(claims, gpd.GeoDataFrame) or claims._geometry_column_name not in claims:
        raise ValueError(
            "claims has no geometry column; build it with fl.claims_from_records(...) or "
            "fl.read_claims(...), or gpd.GeoDataFrame(df, geometry=..., crs=4326). Claims "
            "without a place keep a geometry column holding None."
        )
    require_lonlat(claims, "claims")
    problems: list[str] = []
    if "status" not in claims.columns:
        problems.append(f"column 'status' is missing (needed: one of {', '.join(CLAIM_STATUSES)})")
    ids = (
        claims["claim_id"].astype(str).tolist()
        if "claim_id" in claims.columns
        else [f"row {i}" for i in range(len(claims))]
    )
    if "status" in claims.columns:
        for i, value in enumerate(claims["status"].tolist()):
            if value not in CLAIM_STATUSES:
                problems.append(
                    f"claim {ids[i]!r} (row {i}): status {value!r} is not one of "
                    f"{', '.join(CLAIM_STATUSES)}"
                )
    if "precision" in claims.columns:
        for i, value in enumerate(claims["precision"].tolist()):
            if text(value) and value not in PRECISIONS:
                problems.append(
                    f"claim {ids[i]!r} (row {i}): precision {value!r} is not one of "
                    f"{', '.join(PRECISIONS)}"
                )
    if "precision_m" in claims.columns:
        for i, value in enumerate(claims["precision_m"].tolist()):
            try:
                ok = value is None or pd.isna(value) or float(value) >= 0
            except (TypeError, ValueError):
                ok = False
            if not ok:
                problems.append(
                    f"claim {ids[i]!r} (row {i}): precision_m {value!r} is not a distance in "
                    "metres >= 0"
                )
    day_columns: list[pd.Series] = []
    for col in ("date", "source_date"):
        if col in claims.columns:
            try:
                values = pd.to_datetime(claims[col])
            except (TypeError, ValueError) as err:
                problems.append(f"column {col!r} holds values that are not dates ({err})")
                continue
            if getattr(values.dt, "tz", None) is not None:
                values = values.dt.tz_convert("UTC").dt.tz_localize(None)
            day_columns.append(values.dt.normalize())
    if problems:
        raise ValueError(
            f"cannot draw these claims ({len(problems)} problem"
            f"{'s' if len(problems) != 1 else ''}):\n  - " + "\n  - ".join(problems)
        )
    out = claims.reset_index(drop=True)
    other = 0
    if day_columns:
        keep = np.zeros(len(out), dtype=bool)
        for values in day_columns:
            keep |= (values == day).to_numpy()
        other = int((~keep).sum())
        out = out[keep].reset_index(drop=True)
    return out, other


# --- regions and labels -----------------------------------------------------------------------


def regions_frame(regions: Any) -> gpd.GeoDataFrame | None:
    """The region outlines to draw: ``True`` (the built-in regions), a frame, or None."""
    if regions is None or regions is False:
        return None
    if regions is True:
        return load_regions()
    if isinstance(regions, gpd.GeoDataFrame):
        require_lonlat(regions, "regions")
        if "name" not in regions.columns:
            raise ValueError("regions needs a 'name' column for its labels")
        return regions
    raise ValueError(
        f"regions must be True, False or a GeoDataFrame with a 'name' column, not "
        f"{type(regions).__name__}"
    )


def short_names(names: Sequence[str]) -> list[str]:
    """Labels without "Oblast" unless that makes two labels alike (Kyiv, Kyiv Oblast).

    Examples
    --------
    >>> short_names(["Kyiv", "Kyiv Oblast", "Sumy Oblast"])
    ['Kyiv', 'Kyiv Oblast', 'Sumy']
    """
    short = [re.sub(r"\s+Oblast$", "", n).replace("Autonomous Republic of ", "") for n in names]
    counts = pd.Series(short).value_counts()
    return [s if counts[s] == 1 or s == n else n for s, n in zip(short, names, strict=True)]


def label_point(poly: shapely.Polygon) -> shapely.Point:
    """Where to write a polygon's label: its pole of inaccessibility, inside the polygon."""
    try:
        spot = polylabel(poly, tolerance=0.01)
    except (ValueError, shapely.errors.GEOSException):
        return poly.representative_point()
    return spot if poly.contains(spot) else poly.representative_point()


# --- the footnote -----------------------------------------------------------------------------


def footnote_lines(
    day: pd.Timestamp,
    sources: Sequence[SourceInfo],
    claims: gpd.GeoDataFrame | None,
    other_days: int,
    regions: bool,
    *,
    undrawn: Sequence[pd.Series] | None = None,
) -> list[str]:
    """The footnote of a day map as plain sentences (escape them before they reach HTML).

    With ``undrawn``, the claims not drawn are named (a print map has no folded list for them).
    """
    lines = []
    for info in sources:
        snap = day_str(info.snapshot)
        line = f"Assessed control: {info.source}, snapshot of {snap}"
        if info.carried:
            line += f" (carried forward from {snap} to {day:%Y-%m-%d}: no snapshot that day)"
        lines.append(line + ".")
        lines.extend(note for note in info.staleness if note not in lines)
    if claims is not None:
        names: list[str] = []
        if "source_name" in claims.columns:
            names = sorted({text(v) for v in claims["source_name"] if text(v)})
        line = f"Claims: {len(claims)} made or reported on {day:%Y-%m-%d}"
        if names:
            line += " from " + "; ".join(names)
        if undrawn:
            line += f"; {len(undrawn)} without a place not drawn: " + "; ".join(
                f"{text(r.get('claimant')) or 'claim'} ({LABELS[r['status']].lower()}, "
                f"{text(r.get('precision')) or 'no geometry'})"
                for r in undrawn
            )
        if other_days:
            line += f" ({other_days} from other days not shown)"
        lines.append(line + ".")
    if regions:
        lines.append(REGIONS_SOURCE + ".")
    lines.append("Method: " + METHOD)
    return lines
