"""Distance and time from a place to the front: how far, how fast it comes, and when.

:func:`distance_to_front` measures, for each snapshot day, the geodesic distance (WGS84) from a
place to the nearest ground held or contested that day, by the method of
:func:`frontline.within_range` (the same statuses by default, the same
:func:`frontline.geodesy.distance_km`), so that both give the same figure for a place and a
day. To be fast over hundreds of days, each day's ground is first cut to a box around the
place that is certain to hold the nearest point (the geodesic circle through the nearest
point found in degrees, grown by 10% and 2 km); the cut changes nothing in the answer.

:func:`eta` fits a straight line (least squares) to the distance over the last ``window_days``
and says when the front would reach the place at that pace, with an interval from the fitted
pace's approximate 95% confidence interval (normal approximation; day-to-day distances are
not independent, so the interval is, if anything, too narrow). A place is "not approaching"
when the fitted pace does not bring the front closer with that confidence.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
import shapely

from frontline import geodesy
from frontline._dates import parse_day
from frontline._place_input import resolve_places
from frontline._statuses import check_statuses
from frontline.control import ControlHistory
from frontline.front import _engine
from frontline.front.line import check_history
from frontline.measure import FRONT_STATUSES

__all__ = ["FRONT_STATUSES", "describe_distance", "describe_eta", "distance_to_front", "eta"]

# FRONT_STATUSES (held and contested ground) is within_range's own default, so that the
# distance to the front here is the distance within_range reports.

#: How far back the ``change_km`` of :func:`distance_to_front` looks (days).
TREND_DAYS = 30


def distance_to_front(
    history: ControlHistory,
    place: Any,
    *,
    start: Any = None,
    end: Any = None,
    statuses: str | Iterable[str] = FRONT_STATUSES,
    source: str | None = None,
) -> pd.DataFrame:
    """Geodesic distance (km) from places to the nearest held ground, day by day, with trend.

    Parameters
    ----------
    history : ControlHistory
    place : name, point, (lon, lat), footprint, ``fl.find_place`` row, or a list of these
        Resolved by the library's one place resolver (a polygon stands for its centroid).
    start, end : date-like, optional
        The period (default: the whole history). Rows are the snapshot in force on ``start``
        and every later snapshot up to ``end``.
    statuses : default ("occupied", "occupied_before_2022", "contested")
    source : str, optional

    Returns
    -------
    pandas.DataFrame
        One row per place and day: ``place``, ``code`` (region), ``date`` (snapshot day),
        ``distance_km`` (0 inside held ground, NaN when nothing is held), ``inside``,
        ``change_km`` (distance minus the distance in force 30 days earlier: negative when
        the front came closer; NaN for the first 30 days) and ``km_per_day`` (``change_km``
        / 30) and ``text`` (:func:`describe_distance`, e.g. "about 23 km, 4 km closer than a
        month ago"). ``.attrs``: source, statuses, method.

    Examples
    --------
    >>> import frontline as fl
    >>> from frontline.front import distance_to_front, eta
    >>> d = distance_to_front(fl.example_control(), "Sumy")
    >>> d["place"].tolist(), d["distance_km"].round(1).tolist()
    (['Sumy'], [22.8])
    """
    history = check_history(history)
    wanted = check_statuses(statuses) or ()
    src = history.pick_source(source)
    t0 = parse_day(start, "start") if start is not None else history.start
    t1 = parse_day(end, "end") if end is not None else history.end
    if t1 < t0:
        raise ValueError(f"end {t1:%Y-%m-%d} is before start {t0:%Y-%m-%d}; swap them")
    refs = resolve_places(place)
    # the trend looks back TREND_DAYS: measure those days too, then keep [t0, t1]
    look = max(history.start, t0 - pd.Timedelta(days=TREND_DAYS))
    days = _engine.snapshot_days(history, look, t1, src)
    geoms = np.asarray(
        _engine.day_geometries(history, days, statuses=wanted, source=src), dtype=object
    )
    frames = []
    for ref in refs:
        dist, inside = _distances(ref.point, geoms)
        day_index = pd.DatetimeIndex(days)
        series = pd.Series(dist, index=day_index)
        before = day_index - pd.Timedelta(days=TREND_DAYS)
        pos = day_index.searchsorted(before, side="right") - 1
        earlier = np.where(pos >= 0, dist[np.maximum(pos, 0)], np.nan)
        earlier = np.where(before < history.start, np.nan, earlier)
        change = series.to_numpy() - earlier
        frame = pd.DataFrame(
            {
                "place": ref.label,
                "code": ref.region,
                "date": day_index,
                "distance_km": dist,
                "inside": inside,
                "change_km": change,
                "km_per_day": change / TREND_DAYS,
            }
        )
        frame["text"] = [
            describe_distance(a, b) for a, b in zip(dist.tolist(), change.tolist(), strict=True)
        ]
        first = _engine.snapshot_days(history, t0, t0, src)
        keep = (frame["date"] >= (first[0] if first else t0)) & (frame["date"] <= t1)
        frames.append(frame[keep.to_numpy()])
    out = pd.concat(frames, ignore_index=True)
    out.attrs = {
        "source": src,
        "statuses": wanted,
        "trend_days": TREND_DAYS,
        "method": f"{geodesy.METHOD}: distance to the nearest held ground (as within_range)",
    }
    return out


def _distances(point: shapely.Point, geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distance (km) from a point to each geometry, and whether it is inside, per geometry."""
    n = len(geoms)
    dist = np.full(n, np.nan)
    inside = np.zeros(n, dtype=bool)
    if n == 0:
        return dist, inside
    empty = shapely.is_empty(geoms) | shapely.is_missing(geoms)
    full = ~empty
    inside[full] = shapely.covers(geoms[full], point)
    dist[inside] = 0.0
    todo = np.flatnonzero(full & ~inside)
    if len(todo) == 0:
        return dist, inside
    # nearest point in degrees: an upper bound on the geodesic distance to the nearest point
    lines = shapely.shortest_line(point, geoms[todo])
    ends = shapely.get_point(lines, 1)
    _, _, bound_m = geodesy.GEOD.inv(
        np.full(len(todo), point.x),
        np.full(len(todo), point.y),
        shapely.get_x(ends),
        shapely.get_y(ends),
    )
    for i, metres in zip(todo.tolist(), np.asarray(bound_m).tolist(), strict=True):
        radius = metres / 1000.0 * 1.1 + 2.0
        box = shapely.box(*geodesy.ring_km(point.x, point.y, radius).bounds)
        near = shapely.intersection(geoms[i], box)
        dist[i] = geodesy.distance_km(point, near if not near.is_empty else geoms[i])
    return dist, inside


def eta(
    history: ControlHistory,
    place: Any,
    *,
    window_days: int = 90,
    date: Any = None,
    statuses: str | Iterable[str] = FRONT_STATUSES,
    source: str | None = None,
) -> pd.DataFrame:
    """When would the front reach a place at the pace of the last ``window_days``?

    Parameters
    ----------
    history : ControlHistory
    place : as in :func:`distance_to_front`
    window_days : int, default 90
        The days over which the pace is fitted (a straight line through the distances of
        every snapshot in the window, least squares).
    date : date-like, optional
        The day asked about (default: the history's last day).
    statuses, source
        As in :func:`distance_to_front`.

    Returns
    -------
    pandas.DataFrame
        One row per place: ``place``, ``code``, ``date``, ``distance_km``, ``window_days``,
        ``snapshots`` (in the window), ``approach_km_per_day`` (fitted pace; positive when
        the front comes closer), ``approach_low``/``approach_high`` (its approximate 95%
        interval), ``status`` ("reached", "approaching", "not approaching" or "unknown"),
        ``eta`` (date the front would reach the place; NaT unless approaching),
        ``eta_earliest`` and ``eta_latest`` (from the interval; ``eta_latest`` NaT when the
        slow end of the interval does not approach), and ``text`` (:func:`describe_eta`).

    Examples
    --------
    >>> import frontline as fl
    >>> from frontline.front import distance_to_front, eta
    >>> eta(fl.example_control(), "Sumy")[["place", "status"]]
      place   status
    0  Sumy  unknown
    """
    history = check_history(history)
    window = int(window_days)
    if window < 2:
        raise ValueError(f"window_days must be at least 2 days, got {window_days!r}")
    t1 = parse_day(date) if date is not None else history.end
    t0 = max(history.start, t1 - pd.Timedelta(days=window))
    d = distance_to_front(history, place, start=t0, end=t1, statuses=statuses, source=source)
    rows = []
    for label, part in d.groupby("place", sort=False):
        rows.append(_eta_row(str(label), part, t1, window))
    out = pd.DataFrame.from_records(rows)
    out.attrs = {**d.attrs, "window_days": window}
    return out


def _eta_row(label: str, part: pd.DataFrame, when: pd.Timestamp, window: int) -> dict[str, Any]:
    part = part.dropna(subset=["distance_km"])
    last = part.iloc[-1] if len(part) else None
    row: dict[str, Any] = {
        "place": label,
        "code": None if last is None else last["code"],
        "date": when,
        "distance_km": float("nan") if last is None else float(last["distance_km"]),
        "window_days": window,
        "snapshots": len(part),
        "approach_km_per_day": float("nan"),
        "approach_low": float("nan"),
        "approach_high": float("nan"),
        "status": "unknown",
        "eta": pd.NaT,
        "eta_earliest": pd.NaT,
        "eta_latest": pd.NaT,
    }
    if last is not None and bool(last["inside"]):
        row["status"] = "reached"
    elif len(part) >= 3:
        x = (part["date"] - when).dt.days.to_numpy(dtype=float)
        y = part["distance_km"].to_numpy(dtype=float)
        slope, _ = np.polyfit(x, y, 1)
        resid = y - np.polyval([slope, _], x)
        sxx = float(((x - x.mean()) ** 2).sum())
        se = math.sqrt(float((resid**2).sum()) / (len(x) - 2) / sxx) if sxx > 0 else math.inf
        speed = -float(slope)
        low, high = speed - 1.96 * se, speed + 1.96 * se
        row.update(approach_km_per_day=speed, approach_low=low, approach_high=high)
        distance = row["distance_km"]
        if low > 0:
            row["status"] = "approaching"
            row["eta"] = _after(when, distance / speed)
            row["eta_earliest"] = _after(when, distance / high)
            row["eta_latest"] = _after(when, distance / low)
        else:  # receding, standing, or coming closer too slowly to tell from noise
            row["status"] = "not approaching"
    row["text"] = describe_eta(row)
    return row


def _after(when: pd.Timestamp, days: float) -> pd.Timestamp | Any:
    """The day ``days`` after ``when`` (rounded to whole days; NaT beyond pandas' range)."""
    if not math.isfinite(days) or days > 100_000:
        return pd.NaT
    return when + pd.Timedelta(days=round(days))


def _km(value: float) -> str:
    if value < 1:
        return "less than 1 km"
    return f"about {value:,.0f} km"


def describe_distance(distance_km: float, change_km: float | None = None) -> str:
    """A distance and its change over a month in words.

    Examples
    --------
    >>> describe_distance(22.8, -4.2)
    'about 23 km, 4 km closer than a month ago'
    >>> describe_distance(22.8, 0.3)
    'about 23 km, about as far as a month ago'
    >>> describe_distance(0.0)
    'inside held ground'
    """
    if not math.isfinite(distance_km):
        return "no held ground to measure from"
    if distance_km == 0:
        return "inside held ground"
    text = _km(distance_km)
    if change_km is None or not math.isfinite(change_km):
        return text
    if abs(change_km) < 0.5:
        return f"{text}, about as far as a month ago"
    way = "closer" if change_km < 0 else "further"
    return f"{text}, {abs(change_km):,.0f} km {way} than a month ago"


def describe_eta(row: Any) -> str:
    """One row of :func:`eta` in words.

    Examples
    --------
    >>> import pandas as pd
    >>> print(describe_eta({"place": "X", "status": "approaching", "distance_km": 20.0,
    ...     "approach_km_per_day": 0.1, "window_days": 90, "eta": pd.Timestamp("2026-05-01"),
    ...     "eta_earliest": pd.Timestamp("2026-03-01"), "eta_latest": pd.NaT}))
    X: about 20 km; at the pace of the last 90 days (about 100 m a day) the front would reach
    it around May 2026 (at the earliest March 2026; at the slow end of the interval, not at all)
    """
    place, status = row["place"], row["status"]
    if status == "reached":
        return f"{place}: inside held ground"
    if status == "unknown":
        return f"{place}: too few snapshots to fit a pace"
    head = f"{place}: {_km(float(row['distance_km']))}"
    window = row["window_days"]
    if status == "not approaching":
        return f"{head}; not approaching at the pace of the last {window} days"
    metres = float(row["approach_km_per_day"]) * 1000.0
    return (
        f"{head}; at the pace of the last {window} days (about {metres:,.0f} m a day) the front "
        f"would reach it around {_month(row['eta'])} (at the earliest "
        f"{_month(row['eta_earliest'])}; at the slow end of the interval, "
        f"{_month(row['eta_latest'])})"
    )


def _month(day: Any) -> str:
    return "not at all" if pd.isna(day) else f"{pd.Timestamp(day):%B %Y}"
