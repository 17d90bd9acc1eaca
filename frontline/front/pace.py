"""Pace of the front by sector: km² gained and lost, and the mean advance in metres per day.

The mean advance is the CSIS-style measure: the net ground gained in a sector divided by the
length of the front in that sector and by the number of days, i.e. how far the whole front of
the sector would have moved each day had the ground been taken evenly along it::

    mean_advance_m_per_day = net_km2 * 1e6 / (front_km * 1e3) / days

``front_km`` is the sector's front length averaged over the snapshots in force from ``start``
to ``end`` (the snapshot on ``start`` and every later one up to ``end``), so that a front that
grew or shrank during the period is weighed fairly. Areas are geodesic (WGS84) areas of the
geometric differences between the two days (:meth:`frontline.ControlHistory.changes`), cut by
the sectors; lengths as in :mod:`frontline.front.line`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal

import numpy as np
import pandas as pd
import shapely

from frontline import geodesy, regions
from frontline._dates import parse_day
from frontline._statuses import OCCUPIED, check_statuses
from frontline.control import ControlHistory
from frontline.front import _engine
from frontline.front.line import RIVER_STRETCHES, TOLERANCE_KM, check_history, check_tolerance
from frontline.front.sectors import directions as _directions
from frontline.front.sectors import sector_polygons

__all__ = ["advance"]


def advance(
    history: ControlHistory,
    start: Any,
    end: Any,
    *,
    by: Literal["direction", "region"] = "direction",
    statuses: str | Iterable[str] = OCCUPIED,
    source: str | None = None,
    tolerance_km: float = TOLERANCE_KM,
    directions: Any = None,
    river: Mapping[str, str] = RIVER_STRETCHES,
) -> pd.DataFrame:
    """Ground gained and lost per sector between two days, with the mean advance per day.

    Parameters
    ----------
    history : ControlHistory
    start, end : date-like
        The two days (a missing day takes the latest earlier snapshot).
    by : {"direction", "region"}, default "direction"
        The sectors: the named directions (:mod:`frontline.front.sectors`) or the regions.
    statuses : str or iterable of str, default ("occupied", "occupied_before_2022")
        The held ground; "gained" is ground these statuses cover on ``end`` but not ``start``.
    source, tolerance_km, directions, river
        As in :func:`frontline.front.front_line` (``river`` is unused here and accepted
        for symmetry).

    Returns
    -------
    pandas.DataFrame
        One row per sector: ``direction`` (or ``region`` and ``region_name``),
        ``gained_km2``, ``lost_km2``, ``net_km2``, ``front_km`` (mean front length over the
        period), ``days`` and ``mean_advance_m_per_day`` (NaN where the sector has no front
        or the period no days). ``.attrs``: source, start/end requested and snapshot dates,
        totals (``gained_km2``, ``lost_km2``, ``net_km2``, ``front_km``,
        ``mean_advance_m_per_day`` over all sectors), ``method``.

    Examples
    --------
    >>> import frontline as fl
    >>> from frontline.front import advance
    >>> out = advance(fl.example_control(), "2025-06-08", "2025-06-08")
    >>> out[["direction", "net_km2"]].head(3)
      direction  net_km2
    0      Sumy      0.0
    1   Kharkiv      0.0
    2  Kupiansk      0.0
    """
    del river  # the same keyword set as front_line; rivers do not change areas
    history = check_history(history)
    if by not in ("direction", "region"):
        raise ValueError(f"by must be 'direction' or 'region', got {by!r}")
    wanted = check_statuses(statuses) or ()
    tol = check_tolerance(tolerance_km)
    src = history.pick_source(source)
    t0, t1 = parse_day(start, "start"), parse_day(end, "end")
    change = history.changes(t0, t1, statuses=wanted, source=src)
    gained, lost = change.geometry.iloc[0], change.geometry.iloc[1]
    if by == "direction":
        table = _directions(directions)
        cells = sector_polygons(table).geometry.to_numpy()
        labels = pd.DataFrame({"direction": table["direction"].to_numpy()})
        points: np.ndarray | None = table[["lon", "lat"]].to_numpy(dtype=float)
    else:
        reg = regions.load_regions()
        cells = reg.geometry.to_numpy()
        labels = pd.DataFrame({"region": reg["code"].to_numpy(), "region_name": reg["name"]})
        points = None
    gained_km2 = _areas(gained, cells)
    lost_km2 = _areas(lost, cells)
    days = _engine.snapshot_days(history, t0, t1, src)
    book = _engine.measure_days(
        history, days, statuses=wanted, source=src, tolerance_km=tol, sector_points=points
    )
    grid = _engine.sums(
        book, len(days), by="sector" if by == "direction" else "region", n_groups=len(cells)
    )
    front_km = grid.mean(axis=0) if len(days) else np.zeros(len(cells))
    n_days = int((t1 - t0).days)
    out = labels.copy()
    out["gained_km2"] = gained_km2
    out["lost_km2"] = lost_km2
    out["net_km2"] = gained_km2 - lost_km2
    out["front_km"] = front_km
    out["days"] = n_days
    out["mean_advance_m_per_day"] = _pace(out["net_km2"].to_numpy(), front_km, n_days)
    total_front = float(grid.sum(axis=1).mean()) if len(days) else 0.0
    net = float(change.attrs["net_km2"])
    out.attrs = {
        "source": src,
        "by": by,
        "start_requested": t0,
        "end_requested": t1,
        "start_snapshot": change.attrs["start_snapshot"],
        "end_snapshot": change.attrs["end_snapshot"],
        "carried_forward": change.attrs["carried_forward"],
        "statuses": wanted,
        "tolerance_km": tol,
        "gained_km2": float(change["km2"].iloc[0]),
        "lost_km2": float(change["km2"].iloc[1]),
        "net_km2": net,
        "front_km": total_front,
        "mean_advance_m_per_day": float(_pace(np.array([net]), np.array([total_front]), n_days)[0]),
        "method": (f"{geodesy.METHOD}; mean advance = net km² / mean front km / days (CSIS-style)"),
    }
    return out


def _areas(geom: Any, cells: np.ndarray) -> np.ndarray:
    """Geodesic km² of ``geom`` inside each cell (zeros for an empty geometry)."""
    if geom is None or geom.is_empty:
        return np.zeros(len(cells))
    shapely.prepare(geom)
    near = shapely.intersects(cells, geom)
    out = np.zeros(len(cells))
    if near.any():
        out[near] = geodesy.areas_km2(shapely.intersection(cells[near], geom))
    return out


def _pace(net_km2: np.ndarray, front_km: np.ndarray, days: int) -> np.ndarray:
    """Metres per day: net km² * 1e6 / (front km * 1e3) / days; NaN without front or days."""
    with np.errstate(divide="ignore", invalid="ignore"):
        pace = np.asarray(net_km2, dtype=float) * 1000.0 / np.asarray(front_km) / days
    bad = (np.asarray(front_km) <= 0) | (days <= 0)
    return np.where(bad, np.nan, pace)
