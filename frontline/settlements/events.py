"""Every change of how much of a place is held: entries, falls, losses and recaptures
(:func:`control_events`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from frontline.settlements._bands import BANDS, check_table, check_thresholds, sorted_rows

__all__ = ["control_events"]


def control_events(
    t: pd.DataFrame, *, entered: float = 0.0, half: float = 0.5, full: float = 0.95
) -> pd.DataFrame:
    """Every change of band of the share held, per place and day: a long table.

    The share of a place's footprint held (``share_held`` of :func:`settlement_control`) falls
    in one of four bands: ``none`` (at most ``entered``), ``entered`` (more, under ``half``),
    ``half`` (at least ``half``, under ``full``) and ``full`` (at least ``full``). Each row is
    one day a place moved from one band to another, so a place taken, retaken and taken again
    shows each change with its date. Only days the source published count (rows with
    ``carried_forward`` True are skipped).

    Parameters
    ----------
    t : pandas.DataFrame
        The table of :func:`settlement_control` (or a filtered part of it). Without a
        ``share_held`` column, a Russian-held status counts as all of the place held.
    entered, half, full : float, default 0, 0.5, 0.95
        The thresholds of the bands (as in :func:`control_changes`).

    Returns
    -------
    pandas.DataFrame
        Columns ``place_id``, ``name``, ``region``, ``date`` (the first day in the new band),
        ``previous_day`` (the source's day before it), ``from_band`` and ``to_band``
        (category: none, entered, half, full), ``share_before`` and ``share_held`` (float),
        ``status`` (the status of the place's point that day); ordered by place (the table's
        order), then date.

    Examples
    --------
    Village 7 was taken on 3 June, retaken on 5 June and taken again on 6 June.

    >>> import pandas as pd
    >>> t = pd.DataFrame({
    ...     "place_id": 7, "name": "Village", "region": "UA-14",
    ...     "date": pd.date_range("2025-06-01", periods=6),
    ...     "status": ["held", "held", "occupied", "occupied", "held", "occupied"],
    ...     "share_held": [0.0, 0.2, 1.0, 1.0, 0.0, 0.97],
    ...     "carried_forward": False})
    >>> control_events(t)[["date", "from_band", "to_band", "share_held"]]
            date from_band to_band  share_held
    0 2025-06-02      none entered        0.20
    1 2025-06-03   entered    full        1.00
    2 2025-06-05      full    none        0.00
    3 2025-06-06      none    full        0.97
    """
    t = check_table(t, "control_events")
    thresholds = check_thresholds(entered, half, full)
    if "carried_forward" in t.columns:
        t = t.loc[~t["carried_forward"].to_numpy(dtype=bool)]
    pid_codes, _ = pd.factorize(t["place_id"], sort=False)
    bands = sorted_rows(t, pid_codes, thresholds)
    prev_band = np.r_[0, bands.band[:-1]].astype(np.int8)
    moved = np.flatnonzero(~bands.starts & (bands.band != prev_band))
    rows = bands.order[moved]
    out = pd.DataFrame({"place_id": t["place_id"].to_numpy()[rows]})
    for col in ("name", "region"):
        out[col] = t[col].to_numpy()[rows] if col in t.columns else None
    out["date"] = bands.day[moved]
    out["previous_day"] = bands.day[moved - 1] if len(moved) else bands.day[:0]
    out["from_band"] = pd.Categorical.from_codes(
        prev_band[moved], categories=pd.Index(BANDS, dtype="str")
    )
    out["to_band"] = pd.Categorical.from_codes(
        bands.band[moved], categories=pd.Index(BANDS, dtype="str")
    )
    out["share_before"] = bands.share[moved - 1] if len(moved) else bands.share[:0]
    out["share_held"] = bands.share[moved]
    out["status"] = t["status"].to_numpy()[rows]
    for col in ("place_id", "name", "region", "status"):
        if col in t.columns and isinstance(t[col].dtype, pd.CategoricalDtype):
            out[col] = pd.Categorical(out[col], categories=t[col].cat.categories)
    out.attrs = {**t.attrs, "thresholds": {"entered": entered, "half": half, "full": full}}
    return out
