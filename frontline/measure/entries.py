"""When held ground first entered a region: :func:`first_entry` and :func:`first_entry_table`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

import numpy as np
import pandas as pd

from frontline._statuses import OCCUPIED
from frontline.control import ControlHistory
from frontline.measure._common import (
    attrs,
    check_history,
    check_threshold,
    region_table,
    wanted_statuses,
)
from frontline.measure._engine import measure_series
from frontline.regions import region_code

__all__ = ["first_entry", "first_entry_table"]


def first_entry(
    history: ControlHistory,
    region: str,
    *,
    min_km2: float = 0.5,
    statuses: str | Iterable[str] = OCCUPIED,
    source: str | None = None,
) -> pd.Timestamp:
    """The first day on which the held ground inside a region exceeds ``min_km2``.

    The search starts at the history's first day. If that first day already exceeds the
    threshold, it is returned (the entry happened before the record began; see
    :func:`first_entry_table`, whose ``before_record`` column flags it).

    Parameters
    ----------
    history : ControlHistory
    region : str
        Any name or ISO code :func:`frontline.regions.region` accepts.
    min_km2 : float, default 0.5
        Threshold in km² (strictly exceeded); a small positive value ignores slivers where the
        source's outline and the region polygon disagree.
    statuses, source
        As in :func:`area_share`.

    Returns
    -------
    pandas.Timestamp
        The day, or ``pandas.NaT`` (pandas' missing Timestamp) if the threshold is never
        exceeded; never None, never raises for "not yet".

    Raises
    ------
    LookupError
        The region name does not resolve.
    ValueError
        A negative or non-numeric ``min_km2``.

    Examples
    --------
    >>> import frontline as fl
    >>> h = fl.example_control()
    >>> fl.first_entry(h, "Donetsk")
    Timestamp('2025-06-08 00:00:00')
    >>> fl.first_entry(h, "Dnipropetrovsk")
    NaT
    """
    history = check_history(history)
    threshold = check_threshold(min_km2)
    code = region_code(region)
    table, geoms = region_table()
    target = geoms[table.index[table["code"] == code]]
    series, _ = measure_series(
        history, target, statuses=wanted_statuses(statuses), source=source, total=False
    )
    above = np.flatnonzero(series.km2[:, 0] > threshold)
    # pandas' missing Timestamp: a Timestamp to the reader, typed apart by pandas-stubs
    return series.days[above[0]] if len(above) else cast(pd.Timestamp, pd.NaT)


def first_entry_table(
    history: ControlHistory,
    *,
    min_km2: float = 0.5,
    statuses: str | Iterable[str] = OCCUPIED,
    source: str | None = None,
) -> pd.DataFrame:
    """:func:`first_entry` for every region at once.

    Returns
    -------
    pandas.DataFrame
        One row per region: ``code``, ``name``, ``first_entry`` (NaT if never), ``km2`` (held
        that day), ``before_record`` (True when the history's first day already exceeds the
        threshold, so the real entry is older than the record). ``.attrs``: provenance.

    Examples
    --------
    >>> import frontline as fl
    >>> from frontline.measure import first_entry_table
    >>> t = first_entry_table(fl.example_control()).set_index("code")
    >>> bool(t.loc["UA-43", "before_record"]), t.loc["UA-12", "first_entry"]
    (True, NaT)
    """
    history = check_history(history)
    threshold = check_threshold(min_km2)
    wanted = wanted_statuses(statuses)
    table, geoms = region_table()
    series, src = measure_series(history, geoms, statuses=wanted, source=source, total=False)
    above = series.km2[:, :-1] > threshold
    anywhere = above.any(axis=0)
    first = np.where(anywhere, above.argmax(axis=0), 0)
    out = pd.DataFrame(
        {
            "code": table["code"],
            "name": table["name"],
            "first_entry": pd.DatetimeIndex(
                np.where(anywhere, series.days.to_numpy()[first], np.datetime64("NaT"))
            ),
            "km2": np.where(anywhere, series.km2[first, np.arange(len(table))], np.nan),
            "before_record": anywhere & (first == 0),
        }
    )
    out.attrs = attrs(
        history=history,
        source=src,
        snapshot=series.days[-1],
        carried=False,
        statuses=wanted,
        min_km2=threshold,
        start=series.days[0],
        end=series.days[-1],
        footnote=(
            f"Source: {src}, daily snapshots {series.days[0]:%Y-%m-%d} to "
            f"{series.days[-1]:%Y-%m-%d}; first day with more than {threshold:g} km² held in "
            "the region; areas on the WGS84 ellipsoid (equal-area)."
        ),
    )
    return out
