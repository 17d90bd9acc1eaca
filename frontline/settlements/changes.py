"""The settlement table reshaped: places x days (:func:`settlement_control_wide`) and one row
per place with when it fell and how often it changed hands (:func:`control_changes`)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from frontline.settlements._vocabulary import RUSSIAN_HELD, UKRAINIAN_HELD

__all__ = ["control_changes", "settlement_control_wide"]


def _check_table(t: Any, what: str) -> pd.DataFrame:
    if not isinstance(t, pd.DataFrame):
        raise TypeError(f"{what} takes the table of settlement_control, got {type(t).__name__}")
    missing = [c for c in ("place_id", "date", "status") if c not in t.columns]
    if missing:
        raise ValueError(
            f"{what}: the table lacks column(s) {', '.join(missing)}; pass the table of "
            "settlement_control"
        )
    return t


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
    t = _check_table(t, "settlement_control_wide")
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


def control_changes(t: pd.DataFrame) -> pd.DataFrame:
    """One row per place: when it was first occupied, last held, and how often it changed hands.

    Only days the source published count (rows with ``carried_forward`` True are skipped), except
    for ``occupied_at_start``, which reads a place's first row whatever its flag.

    A place already Russian-held on its first day in the table (for a table of
    :func:`settlement_control`, the history's first day) fell before the record began: the day
    it fell is unknown, so its ``first_occupied`` is NaT and ``occupied_at_start`` is True. The
    first day of the record is never reported as the day a place fell.

    Parameters
    ----------
    t : pandas.DataFrame
        The table of :func:`settlement_control` (or a filtered part of it).

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
        bracket its fall. Rows in the table's place order; ``.attrs`` adds ``as_of`` (the
        table's last day).

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
    t = _check_table(t, "control_changes")
    full = t
    if "carried_forward" in t.columns:
        t = t.loc[~t["carried_forward"].to_numpy(dtype=bool)]
    pid_codes, pid_uniques = pd.factorize(t["place_id"], sort=False)
    n = len(pid_uniques)
    # each place's status on its first row, carried forward or not
    full_codes = pd.Index(pid_uniques).get_indexer(full["place_id"])
    full_dates = full["date"].to_numpy().astype("datetime64[ns]")
    full_order = np.lexsort((full_dates, full_codes))
    full_order = full_order[full_codes[full_order] >= 0]
    fp = full_codes[full_order]
    heads = full_order[np.r_[True, fp[1:] != fp[:-1]]] if len(fp) else full_order
    occupied_at_start = np.zeros(n, dtype=bool)
    full_status = np.asarray(full["status"].astype(object).to_numpy())
    occupied_at_start[full_codes[heads]] = np.isin(full_status[heads], RUSSIAN_HELD)
    dates = t["date"].to_numpy().astype("datetime64[ns]")
    order = np.lexsort((dates, pid_codes))
    pid = pid_codes[order]
    day = dates[order]
    status = np.asarray(t["status"].astype(object).to_numpy()[order])
    side = np.full(len(status), -1, dtype=np.int8)  # -1 neither, 0 Ukrainian, 1 Russian
    side[np.isin(status, UKRAINIAN_HELD)] = 0
    side[np.isin(status, RUSSIAN_HELD)] = 1

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
    now[pid[ends]] = status[ends]
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
    for col in ("place_id", "name", "region"):
        if col in t.columns and isinstance(t[col].dtype, pd.CategoricalDtype):
            out[col] = pd.Categorical(out[col], categories=t[col].cat.categories)
    out.attrs = {**t.attrs, "as_of": pd.Timestamp(dates.max()) if len(dates) else pd.NaT}
    return out
