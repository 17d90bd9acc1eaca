"""Which days a history map shows and the pieces it draws for each status: :class:`Plan`."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from frontline._dates import parse_day
from frontline._statuses import check_statuses
from frontline.control import ControlHistory, DateOutOfRangeError
from frontline.render.history._encode import day_number
from frontline.render.history._pieces import decompose, quantise

__all__ = ["Plan", "make_plan"]


def _parse_stride(stride: Any) -> int | pd.Timedelta | None:
    if stride is None:
        return None
    if isinstance(stride, (bool, np.bool_)):
        raise ValueError(f"stride must be a whole number of snapshots or a duration, got {stride}")
    if isinstance(stride, (int, np.integer)):
        if stride < 1:
            raise ValueError(f"stride must be at least 1 snapshot, got {stride}")
        return int(stride)
    try:
        step = pd.Timedelta(stride)
    except (TypeError, ValueError):
        raise ValueError(
            f"stride={stride!r} is neither a number of snapshots (7) nor a duration ('7D')"
        ) from None
    if step < pd.Timedelta(days=1):
        raise ValueError(f"stride must be at least one day, got {stride!r}")
    return step


def _keep(snaps: np.ndarray, stride: int | pd.Timedelta | None) -> np.ndarray:
    """Indices of the snapshot days to keep (always the first and the last)."""
    n = len(snaps)
    if stride is None or n <= 1:
        return np.arange(n)
    if isinstance(stride, int):
        idx = np.arange(0, n, stride)
    else:
        step = stride.value
        keep = [0]
        for i in range(1, n):
            if snaps[i] - snaps[keep[-1]] >= step:
                keep.append(i)
        idx = np.asarray(keep)
    if idx[-1] != n - 1:
        idx = np.append(idx, n - 1)
    return idx


@dataclass
class Plan:
    """The slider's days, the snapshot each shows, and each status's pieces."""

    source: str
    statuses: tuple[str, ...]
    days: pd.DatetimeIndex  # the slider's days (first = start)
    snapshots: pd.DatetimeIndex  # the snapshot each day shows
    stop: pd.Timestamp  # the day after the last shown day (exclusive end)
    precision: float
    pieces: dict[str, list[tuple[BaseGeometry, int, int]]] = field(default_factory=dict)

    def day_number(self, i: int) -> int:
        """Days since 1970-01-01 of slider index ``i`` (``len(days)`` is ``stop``)."""
        return day_number(self.stop if i >= len(self.days) else self.days[i])


def make_plan(
    history: ControlHistory,
    *,
    start: Any,
    end: Any,
    statuses: str | Iterable[str] | None,
    source: str | None,
    precision: float,
    stride: Any,
    max_days: int,
) -> Plan:
    """Check the options and cut the history into pieces (the expensive step)."""
    h = history
    if not isinstance(h, ControlHistory):
        raise TypeError(
            f"expected a frontline.ControlHistory, got {type(h).__name__}; read one with "
            "frontline.read_deepstate(folder) or build one with ControlHistory(frame)"
        )
    if len(h) == 0:
        raise ValueError("the history is empty: there is no day to show; read some days first")
    if not isinstance(precision, (int, float)) or isinstance(precision, bool):
        raise TypeError(f"precision must be a number of degrees, got {type(precision).__name__}")
    if not math.isfinite(precision) or not (1e-7 <= precision <= 0.01):
        raise ValueError(
            f"precision={precision!r} degrees is out of range; use 1e-7 to 0.01 "
            "(1e-4 is about 11 m, 1e-5 about 1 m)"
        )
    if abs(round(1 / precision) * precision - 1) > 1e-9:
        raise ValueError(
            f"precision={precision!r} must be 1/n degrees for a whole number n (coordinates "
            "travel as whole grid steps), e.g. 1e-4, 5e-5 or 2e-5"
        )
    if not isinstance(max_days, (int, np.integer)) or isinstance(max_days, bool) or max_days < 1:
        raise ValueError(f"max_days must be a positive whole number, got {max_days!r}")
    source = h.pick_source(source)
    wanted = check_statuses(statuses)
    if wanted is None:
        wanted = tuple(s for s in h.statuses)
    elif not wanted:
        raise ValueError("statuses is empty; give at least one status, or None for every one")
    frame = h.frame
    rows = frame[(frame["source"] == source) & frame["status"].isin(wanted)]
    snaps_all = np.unique(frame.loc[frame["source"] == source, "date"].to_numpy()).astype(
        "datetime64[ns]"
    )
    first, last = pd.Timestamp(snaps_all[0]), pd.Timestamp(snaps_all[-1])
    t0 = first if start is None else parse_day(start, "start")
    t1 = last if end is None else parse_day(end, "end")
    for what, ts in (("start", t0), ("end", t1)):
        if ts < first or ts > last:
            raise DateOutOfRangeError(
                f"{what}={ts:%Y-%m-%d} is outside the history ({first:%Y-%m-%d} to "
                f"{last:%Y-%m-%d}); pick a day in range or read more days"
            )
    if t0 > t1:
        raise ValueError(f"start={t0:%Y-%m-%d} is after end={t1:%Y-%m-%d}; swap them")
    snap_ns = snaps_all.view("int64")
    # the snapshot in force on start, then every snapshot after it up to end
    i0 = int(np.searchsorted(snap_ns, t0.value, side="right")) - 1
    i1 = int(np.searchsorted(snap_ns, t1.value, side="right"))
    snaps = snap_ns[i0:i1]
    shown = snaps.copy()
    shown[0] = t0.value
    keep = _keep(shown, _parse_stride(stride))
    if len(keep) > max_days:
        per = math.ceil(len(keep) / max_days)
        raise ValueError(
            f"{len(keep)} days between {t0:%Y-%m-%d} and {t1:%Y-%m-%d} is too many for one slider "
            f"(max_days={max_days}): the page would be slow to build and to use. Pass "
            f"stride='{per}D' (one snapshot every {per} days) or stride={per}, a shorter "
            "start/end, or raise max_days"
        )
    days = pd.DatetimeIndex(shown[keep].astype("datetime64[ns]"))
    snapshots = pd.DatetimeIndex(snaps[keep].astype("datetime64[ns]"))
    plan = Plan(
        source=source,
        statuses=wanted,
        days=days,
        snapshots=snapshots,
        stop=t1 + pd.Timedelta(days=1),
        precision=float(precision),
    )
    # one (date, status) -> geometry lookup, quantised once per distinct snapshot
    by_key = {
        (pd.Timestamp(d).value, s): g
        for d, s, g in zip(
            rows["date"].to_numpy(),
            rows["status"].to_numpy(),
            rows.geometry.to_numpy(),
            strict=True,
        )
    }
    wanted_snaps = snapshots.asi8
    for status in wanted:
        geoms = np.array([by_key.get((int(d), status)) for d in wanted_snaps], dtype=object)
        missing = np.array([g is None for g in geoms])
        geoms[missing] = shapely.Polygon()
        plan.pieces[status] = decompose(quantise(geoms, precision), precision)
    if not any(plan.pieces.values()):
        raise ValueError(
            f"no area of status {', '.join(wanted)} between {t0:%Y-%m-%d} and {t1:%Y-%m-%d}; "
            f"the history holds {', '.join(h.statuses)}"
        )
    return plan
