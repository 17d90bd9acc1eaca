"""How much of a place is held, in bands: none, entered, half, full (thresholds as parameters).

Shared by :func:`frontline.control_changes` (first day of each band, last change) and
:func:`frontline.control_events` (every change of band).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from frontline.settlements._vocabulary import RUSSIAN_HELD

__all__ = ["BANDS", "Bands", "check_table", "check_thresholds", "member", "sorted_rows"]

#: The bands of the share of a footprint held, lowest first.
BANDS: tuple[str, ...] = ("none", "entered", "half", "full")


def check_table(t: Any, what: str) -> pd.DataFrame:
    if not isinstance(t, pd.DataFrame):
        raise TypeError(f"{what} takes the table of settlement_control, got {type(t).__name__}")
    missing = [c for c in ("place_id", "date", "status") if c not in t.columns]
    if missing:
        raise ValueError(
            f"{what}: the table lacks column(s) {', '.join(missing)}; pass the table of "
            "settlement_control"
        )
    return t


def member(status: pd.Series, values: tuple[str, ...]) -> np.ndarray:
    """Whether each status is one of ``values``: through the categories for a categorical
    column (one lookup per row, not a comparison of strings), else element by element."""
    if isinstance(status.dtype, pd.CategoricalDtype):
        lut = np.r_[np.isin(status.cat.categories.astype(object), values), False]
        return lut[status.cat.codes.to_numpy()]  # code -1 (missing) reads the final False
    return np.isin(np.asarray(status.astype(object).to_numpy()), values)


def check_thresholds(entered: float, half: float, full: float) -> tuple[float, float, float]:
    """The three thresholds, checked: 0 <= entered < half <= full <= 1."""
    for name, value in (("entered", entered), ("half", half), ("full", full)):
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise ValueError(f"{name} must be a share between 0 and 1, got {value!r}")
    if not entered < half <= full:
        raise ValueError(
            f"thresholds must satisfy entered < half <= full, got entered={entered}, "
            f"half={half}, full={full}"
        )
    return float(entered), float(half), float(full)


@dataclass
class Bands:
    """Rows of the table (days the source published), sorted by place then day."""

    order: np.ndarray  # positions in the table
    pid: np.ndarray  # place code of each row
    day: np.ndarray  # datetime64[ns]
    share: np.ndarray  # float64, NaN where unknown
    band: np.ndarray  # int8 index into BANDS
    starts: np.ndarray  # bool: first row of its place

    def first_crossing(self, level: int, n: int) -> np.ndarray:
        """Per place, the first day its band rose to ``level`` or above from below it (never
        the place's first row: a place already there when the record began gets NaT)."""
        above = self.band >= level
        rise = above & ~self.starts & ~np.r_[False, above[:-1]]
        out = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
        idx = np.flatnonzero(rise)
        if len(idx):
            sel = self.pid[idx]
            keep = np.r_[True, sel[1:] != sel[:-1]]
            out[sel[keep]] = self.day[idx[keep]]
        return out


def sorted_rows(
    t: pd.DataFrame, pid_codes: np.ndarray, thresholds: tuple[float, float, float]
) -> Bands:
    """The bands of every row of ``t``. Without a ``share_held`` column, a Russian-held status
    counts as the whole place held and any other as none of it (a place that is a point)."""
    entered, half, full = thresholds
    dates = t["date"].to_numpy().astype("datetime64[ns]")
    order = np.lexsort((dates, pid_codes))
    if "share_held" in t.columns:
        raw = t["share_held"].to_numpy()
        kind = np.float32 if raw.dtype == np.float32 else np.float64
        share = raw.astype(kind)[order]
    else:
        kind = np.float64
        share = member(t["status"], RUSSIAN_HELD)[order].astype(kind)
    # thresholds in the shares' own precision: a float32 share of 0.95 is "at least 0.95"
    band = np.zeros(len(share), dtype=np.int8)
    band[share > kind(entered)] = 1
    band[share >= kind(half)] = 2
    band[share >= kind(full)] = 3
    share = share.astype(np.float64)
    pid = pid_codes[order]
    starts = np.r_[True, pid[1:] != pid[:-1]] if len(pid) else np.zeros(0, dtype=bool)
    return Bands(order, pid, dates[order], share, band, starts)
