"""The pieces a history map draws, as a GeoDataFrame: :func:`history_pieces`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from frontline.control import ControlHistory
from frontline.render.history._plan import Plan, make_plan

__all__ = ["history_pieces"]


def history_pieces(
    history: ControlHistory,
    *,
    start: Any = None,
    end: Any = None,
    statuses: str | Iterable[str] | None = None,
    source: str | None = None,
    precision: float = 1e-4,
    stride: int | str | pd.Timedelta | None = None,
    max_days: int = 3000,
) -> gpd.GeoDataFrame:
    """The pieces :func:`map_history` draws: polygons with the days they are valid for.

    The union of the pieces of a status with ``start <= day < end`` is that status's area on
    ``day`` (the latest snapshot on or before it), snapped to a grid of ``precision`` degrees.

    Parameters
    ----------
    history, start, end, statuses, source, precision, stride, max_days
        As for :func:`map_history`.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``status``, ``start`` (first day), ``end`` (the day after the last day: an
        exclusive bound), ``geometry`` (Polygon, EPSG:4326). ``.attrs`` carry ``source``,
        ``days`` (the slider's days), ``snapshots`` (the snapshot each shows), ``stop``
        (exclusive end of the last day) and ``precision``.

    Examples
    --------
    >>> import frontline as fl
    >>> p = fl.history_pieces(fl.example_control())
    >>> p.columns.tolist(), p["start"].min().date().isoformat(), p["end"].max().date().isoformat()
    (['status', 'start', 'end', 'geometry'], '2025-06-08', '2025-06-09')
    """
    plan = make_plan(
        history,
        start=start,
        end=end,
        statuses=statuses,
        source=source,
        precision=precision,
        stride=stride,
        max_days=max_days,
    )
    return _pieces_frame(plan)


def _pieces_frame(plan: Plan) -> gpd.GeoDataFrame:
    bounds = [*plan.days, plan.stop]
    rows = [
        (status, bounds[first], bounds[stop], poly)
        for status, items in plan.pieces.items()
        for poly, first, stop in items
    ]
    frame = gpd.GeoDataFrame(
        {
            "status": pd.Series([r[0] for r in rows], dtype=object),
            "start": pd.DatetimeIndex([r[1] for r in rows], dtype="datetime64[ns]"),
            "end": pd.DatetimeIndex([r[2] for r in rows], dtype="datetime64[ns]"),
        },
        geometry=np.array([r[3] for r in rows], dtype=object),
        crs="EPSG:4326",
    )
    frame.attrs.update(
        source=plan.source,
        days=plan.days,
        snapshots=plan.snapshots,
        stop=plan.stop,
        precision=plan.precision,
    )
    return frame
