"""The settlement table reshaped: places x days (:func:`settlement_control_wide`) and one row
per place with when it was entered, mostly held, fully held and how often it changed hands
(:func:`control_changes`)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from frontline.settlements._bands import (
    BANDS,
    check_table,
    check_thresholds,
    member,
    sorted_rows,
)
from frontline.settlements._vocabulary import RUSSIAN_HELD, UKRAINIAN_HELD

__all__ = ["control_changes", "settlement_control_wide"]


def settlement_control_wide(t: pd.DataFrame) -> pd.DataFrame:
    """The settlement table as places x days: one row per place, one column per day.

    Parameters
    ----------
    t : pandas.DataFrame
        The table of :func:`settlement_control` (or a filtered part of it).

    Returns
    -------
    pandas.DataFrame
        Index (``place_id``, ``name``, ``region``) in the table's order; columns the days
        (a DatetimeIndex named ``date``, sorted); values the status (category), missing where
        the table had no row for that place and day.

    Raises
    ------
    ValueError
        A (place, day) appears twice, or columns are missing.

    Examples
    --------
    >>> import geopandas as gpd
    >>> import frontline as fl
    >>> from shapely.geometry import Point
    >>> towns = gpd.GeoDataFrame({"name": ["Sumy"]}, geometry=[Point(34.80, 50.91)], crs=4326)
    >>> t = fl.settlement_control(fl.example_control(), places=towns)
    >>> settlement_control_wide(t)
    date                   2025-06-08
    place_id name region
    0        Sumy UA-59          held
    """
    t = check_table(t, "settlement_control_wide")
    pid_codes, pid_uniques = pd.factorize(t["place_id"], sort=False)
    dates = t["date"].to_numpy().astype("datetime64[ns]")
    days = pd.DatetimeIndex(pd.unique(dates), name="date").sort_values()
    day_codes = days.get_indexer(pd.DatetimeIndex(dates))
    status = t["status"].astype("category") if t["status"].dtype != "category" else t["status"]
    cells = np.full((len(pid_uniques), len(days)), -1, dtype=np.int16)
    flat = pid_codes.astype(np.int64) * len(days) + day_codes
    if len(flat) and np.bincount(flat, minlength=cells.size).max() > 1:
        raise ValueError(
            "settlement_control_wide: some (place_id, date) pairs appear more than once; "
            "pass one row per place and day"
        )
    cells.ravel()[flat] = status.cat.codes.to_numpy()
    first = pd.Series(pid_codes).drop_duplicates().index.to_numpy()  # in code order
    index_cols: dict[str, Any] = {"place_id": pid_uniques}
    for col in ("name", "region"):
        if col in t.columns:
            index_cols[col] = t[col].iloc[first].reset_index(drop=True)
    index = pd.MultiIndex.from_arrays(list(index_cols.values()), names=list(index_cols))
    cats = status.cat.categories
    wide = pd.DataFrame(
        {d: pd.Categorical.from_codes(cells[:, j], cats) for j, d in enumerate(days)},
        index=index,
    )
    wide.columns = days
    wide.attrs = dict(t.attrs)
    return wide


def control_changes(
    t: pd.DataFrame, *, entered: float = 0.0, half: float = 0.5, full: float = 0.95
) -> pd.DataFrame:
    """One row per place: when it was entered, half held and fully held, its last change, and
    how often it changed hands.

    A place is an area (its footprint, column ``share_held`` of :func:`settlement_control`),
    so its fall is an interval: ``first_entered`` (the first day any of it is Russian-held),
    ``first_half`` (at least half), ``first_full`` (at least 95 %). For a village these days
    are close together; for a town they span the weeks or months of the fight. Each is the
    first day the share *rose* past the threshold in the record: a place already past it on
    the first day gets NaT, unless it dropped below and rose past it again later (then the
    later day). Every change, losses and recaptures included, is listed by
    :func:`control_events`.

    Only days the source published count (rows with ``carried_forward`` True are skipped), except
    for ``occupied_at_start``, which reads a place's first row whatever its flag.

    A place already Russian-held on its first day in the table (for a table of
    :func:`settlement_control`, the history's first day) fell before the record began: the day
    it fell is unknown, so its ``first_occupied`` is NaT and ``occupied_at_start`` is True. The
    first day of the record is never reported as the day a place fell.

    Parameters
    ----------
    t : pandas.DataFrame
        The table of :func:`settlement_control` (or a filtered part of it). Without a
        ``share_held`` column, a Russian-held status counts as all of the place held.
    entered : float, default 0
        A place is entered on the first day more than this share of it is held.
    half : float, default 0.5
        At least this share held: ``first_half``.
    full : float, default 0.95
        At least this share held: ``first_full``.

    Returns
    -------
    pandas.DataFrame
        Columns ``place_id``, ``name``, ``region``, ``occupied_at_start`` (bool: Russian-held,
        ``occupied`` or ``occupied_before_2022``, on its first day in the table),
        ``first_occupied`` (the first day the place was seen turning Russian-held; NaT if never,
        and NaT when ``occupied_at_start``, even if it was later retaken and lost again),
        ``last_held`` (the last day it was seen Ukrainian-held: ``held`` or ``liberated``; NaT
        if never seen held), ``changes`` (int32: times it passed between Russian- and
        Ukrainian-held; days ``contested`` in between do not count as a change of their own, so
        held, contested, occupied is one change), ``status_now`` (the status on its last day in
        the table). For a place that changed hands once, ``last_held`` and ``first_occupied``
        bracket its fall. ``first_occupied`` and ``last_held`` keep the rule of the place's
        *point* (the status of the area covering its centre) and are the documented alias of
        the old behaviour: for villages it agrees with ``first_half`` within days.
        Then ``share_at_start`` and ``share_now`` (float: share held on the first and last
        day), ``first_entered``, ``first_half``, ``first_full`` (as above),
        ``last_change`` (the last day the place moved from one band of share held to another:
        none, entered, half, full) and ``last_change_to`` (category: the band it moved to);
        NaT and missing where none. Rows in the table's place order; ``.attrs`` adds ``as_of``
        (the table's last day) and the thresholds.

    Examples
    --------
    Village 7 fell between 1 and 3 June; town 8 was occupied before the record began.

    >>> import pandas as pd
    >>> t = pd.DataFrame({
    ...     "place_id": [7, 7, 7, 7, 8, 8, 8, 8], "name": "Village", "region": "UA-12",
    ...     "date": pd.to_datetime(["2025-06-01", "2025-06-02", "2025-06-03", "2025-06-04"] * 2),
    ...     "status": ["held", "contested", "occupied", "occupied"] + ["occupied"] * 4,
    ...     "carried_forward": False})
    >>> columns = ["place_id", "occupied_at_start", "first_occupied", "last_held", "changes"]
    >>> control_changes(t)[columns]
       place_id  occupied_at_start first_occupied  last_held  changes
    0         7              False     2025-06-03 2025-06-01        1
    1         8               True            NaT        NaT        0
    """
    t = check_table(t, "control_changes")
    whole = t
    if "carried_forward" in t.columns:
        t = t.loc[~t["carried_forward"].to_numpy(dtype=bool)]
    pid_codes, pid_uniques = pd.factorize(t["place_id"], sort=False)
    n = len(pid_uniques)
    # each place's status on its first row, carried forward or not
    full_codes = pd.Index(pid_uniques).get_indexer(whole["place_id"])
    full_dates = whole["date"].to_numpy().astype("datetime64[ns]")
    full_order = np.lexsort((full_dates, full_codes))
    full_order = full_order[full_codes[full_order] >= 0]
    fp = full_codes[full_order]
    heads = full_order[np.r_[True, fp[1:] != fp[:-1]]] if len(fp) else full_order
    occupied_at_start = np.zeros(n, dtype=bool)
    occupied_at_start[full_codes[heads]] = member(whole["status"], RUSSIAN_HELD)[heads]
    dates = t["date"].to_numpy().astype("datetime64[ns]")
    order = np.lexsort((dates, pid_codes))
    pid = pid_codes[order]
    day = dates[order]
    side = np.full(len(order), -1, dtype=np.int8)  # -1 neither, 0 Ukrainian, 1 Russian
    side[member(t["status"], UKRAINIAN_HELD)[order]] = 0
    side[member(t["status"], RUSSIAN_HELD)[order]] = 1

    def first_day(mask: np.ndarray, last: bool) -> np.ndarray:
        out = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
        idx = np.flatnonzero(mask)
        if len(idx):
            sel = pid[idx]
            # rows are sorted by place then day: the last occurrence per place is the latest
            keep = np.r_[sel[1:] != sel[:-1], True] if last else np.r_[True, sel[1:] != sel[:-1]]
            out[sel[keep]] = day[idx[keep]]
        return out

    first_occupied = first_day(side == 1, last=False)
    first_occupied[occupied_at_start] = np.datetime64("NaT")  # fell before the record began
    last_held = first_day(side == 0, last=True)
    # changes: compare each decided row with the previous decided row of the same place
    decided = np.flatnonzero(side >= 0)
    dp, ds = pid[decided], side[decided]
    flips = (dp[1:] == dp[:-1]) & (ds[1:] != ds[:-1])
    changes = np.bincount(dp[1:][flips], minlength=n).astype(np.int32)
    starts = np.r_[True, pid[1:] != pid[:-1]] if len(pid) else np.zeros(0, dtype=bool)
    ends = np.r_[pid[1:] != pid[:-1], True] if len(pid) else np.zeros(0, dtype=bool)
    now = np.empty(n, dtype=object)
    now[pid[ends]] = np.asarray(t["status"].iloc[order[ends]].astype(object).to_numpy())
    row_of = np.zeros(n, dtype=np.int64)  # a row of each place in t, for name and region
    row_of[pid[starts]] = order[starts]
    if isinstance(t["status"].dtype, pd.CategoricalDtype):
        cats = t["status"].cat.categories
    else:
        cats = pd.Index(sorted(set(now.tolist())))
    out = pd.DataFrame({"place_id": t["place_id"].iloc[row_of].to_numpy()})
    for col in ("name", "region"):
        out[col] = t[col].iloc[row_of].to_numpy() if col in t.columns else None
    out["occupied_at_start"] = occupied_at_start
    out["first_occupied"] = first_occupied
    out["last_held"] = last_held
    out["changes"] = changes
    out["status_now"] = pd.Categorical(now, categories=cats)
    bands = sorted_rows(t, pid_codes, check_thresholds(entered, half, full))
    share_now = np.full(n, np.nan)
    share_at_start = np.full(n, np.nan)
    share_now[bands.pid[ends]] = bands.share[ends]
    share_at_start[bands.pid[starts]] = bands.share[starts]
    out["share_at_start"] = share_at_start
    out["share_now"] = share_now
    out["first_entered"] = bands.first_crossing(1, n)
    out["first_half"] = bands.first_crossing(2, n)
    out["first_full"] = bands.first_crossing(3, n)
    moved = ~bands.starts & (bands.band != np.r_[0, bands.band[:-1]])
    last_change = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    last_to = np.full(n, -1, dtype=np.int8)
    idx = np.flatnonzero(moved)
    if len(idx):
        sel = bands.pid[idx]
        keep = np.r_[sel[1:] != sel[:-1], True]
        last_change[sel[keep]] = bands.day[idx[keep]]
        last_to[sel[keep]] = bands.band[idx[keep]]
    out["last_change"] = last_change
    out["last_change_to"] = pd.Categorical.from_codes(
        last_to, categories=pd.Index(BANDS, dtype="str")
    )
    for col in ("place_id", "name", "region"):
        if col in t.columns and isinstance(t[col].dtype, pd.CategoricalDtype):
            out[col] = pd.Categorical(out[col], categories=t[col].cat.categories)
    out.attrs = {
        **t.attrs,
        "as_of": pd.Timestamp(dates.max()) if len(dates) else pd.NaT,
        "thresholds": {"entered": entered, "half": half, "full": full},
    }
    return out
