"""The front line as geometry and its length day by day.

The front line of a day is the boundary of the ground held that day (by default the union of
``occupied`` and ``occupied_before_2022``) minus Ukraine's state border and the coast: the
stretches of that boundary lying inside Ukraine's outline shrunk by ``tolerance_km`` (default
:data:`TOLERANCE_KM`). The tolerance absorbs the difference between the source's detailed
border and coast and the shipped regions' coarser outline (Natural Earth 1:10m); as a
consequence a stretch of front running within ``tolerance_km`` of the state border (the thin
strips of held ground along the Russian border in Sumy and Kharkiv oblasts) is not counted.
Method in :mod:`frontline.front._engine`; lengths are geodesic (WGS84).

**River stretches.** Since Russian forces left the right bank on 11 November 2022, the contact
line in Kherson oblast is the Dnipro (down to its delta, and up the bed of the former Kakhovka
reservoir). A piece is marked ``river`` when it lies in a region of :data:`RIVER_STRETCHES` on
or after that region's date: the rule is by region and date, not by a drawn river course (the
package ships no river data), which is exact for Kherson oblast because every piece of front
there lies on the river or its islands.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from frontline import geodesy
from frontline._dates import parse_day
from frontline._statuses import OCCUPIED, check_statuses
from frontline.control import ControlHistory
from frontline.front import _engine
from frontline.front.sectors import directions as _directions

__all__ = ["RIVER_STRETCHES", "TOLERANCE_KM", "front_length", "front_line"]

#: Distance (km) from Ukraine's outline within which held ground's edge counts as the state
#: border or the coast, not as front.
TOLERANCE_KM = 3.0

#: Regions whose front is a river, and from which day: region code -> first day.
RIVER_STRETCHES: Mapping[str, str] = {"UA-65": "2022-11-11"}


def check_history(history: Any) -> ControlHistory:
    """``history`` if it is a :class:`~frontline.ControlHistory`, else a clear TypeError."""
    if not isinstance(history, ControlHistory):
        raise TypeError(
            "history must be a ControlHistory (e.g. fl.read_deepstate(folder) or "
            f"fl.example_control()), got {type(history).__name__}"
        )
    return history


def check_tolerance(tolerance_km: Any) -> float:
    try:
        value = float(tolerance_km)
    except (TypeError, ValueError):
        value = float("nan")
    if not np.isfinite(value) or value < 0:
        raise ValueError(f"tolerance_km must be a distance in km >= 0, got {tolerance_km!r}")
    return value


def _river_flags(codes: np.ndarray, day: pd.Timestamp, river: Mapping[str, str]) -> np.ndarray:
    rivers = [code for code, since in river.items() if day >= parse_day(since, "river date")]
    return np.isin(codes, rivers)


def front_line(
    history: ControlHistory,
    date: Any,
    *,
    statuses: str | Iterable[str] = OCCUPIED,
    source: str | None = None,
    tolerance_km: float = TOLERANCE_KM,
    directions: Any = None,
    river: Mapping[str, str] = RIVER_STRETCHES,
) -> gpd.GeoDataFrame:
    """The front line on a day, as lines with their length, region, direction and river flag.

    Parameters
    ----------
    history : ControlHistory
    date : date-like
        The day (a missing day takes the latest earlier snapshot, as ``as_of`` does).
    statuses : str or iterable of str, default ("occupied", "occupied_before_2022")
        The held ground whose edge is the front.
    source : str, optional
        Needed when the history holds several sources.
    tolerance_km : float, default :data:`TOLERANCE_KM`
        Edges within this distance of Ukraine's outline are border or coast, not front.
    directions : optional
        Your own directions (see :mod:`frontline.front.sectors`); default the built-in set.
    river : mapping, default :data:`RIVER_STRETCHES`
        Region code -> first day from which that region's front is a river.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per piece (EPSG:4326 LineStrings): ``region`` (ISO code), ``region_name``,
        ``direction``, ``river`` (bool), ``length_km`` (geodesic, WGS84) and ``geometry``,
        ordered by direction then length. ``.attrs``: ``source``, ``snapshot_date``,
        ``requested_date``, ``carried_forward``, ``statuses``, ``tolerance_km``,
        ``total_km``, ``method``.

    Examples
    --------
    >>> import frontline as fl
    >>> from frontline.front import front_length, front_line
    >>> line = front_line(fl.example_control(), "2025-06-08")
    >>> round(line.attrs["total_km"], -1)
    1190.0
    >>> sorted(line.loc[line["river"], "region"].unique())
    ['UA-65']
    """
    history = check_history(history)
    wanted = check_statuses(statuses) or ()
    tol = check_tolerance(tolerance_km)
    src = history.pick_source(source)
    when = parse_day(date)
    rows = history.as_of(when, source=src)
    table = _directions(directions)
    points = table[["lon", "lat"]].to_numpy(dtype=float)
    book = _engine.measure_days(
        history, [when], statuses=wanted, source=src, tolerance_km=tol, sector_points=points
    )
    codes, names = _engine.region_codes()
    region = book.region[book.uid]
    sector = book.sector[book.uid]
    kept = book.kept[book.uid]
    idx = np.flatnonzero(kept)
    records: list[tuple[int, int, Any]] = []
    if len(idx):
        label = region[idx] * (len(points) + 1) + sector[idx]
        brk = np.ones(len(idx), dtype=bool)
        brk[1:] = (np.diff(idx) != 1) | (np.diff(book.ring[idx]) != 0) | (np.diff(label) != 0)
        starts = np.flatnonzero(brk)
        stops = np.append(starts[1:], len(idx))
        for a, b in zip(starts.tolist(), stops.tolist(), strict=True):
            run = idx[a:b]
            coords = np.vstack([book.segs[run, :2], book.segs[run[-1], 2:]])
            records.append((int(region[run[0]]), int(sector[run[0]]), shapely.LineString(coords)))
    # join runs cut at a ring's first vertex: merge the lines of each (region, direction)
    pieces: list[tuple[int, int, Any]] = []
    groups: dict[tuple[int, int], list[Any]] = {}
    for r, s, geom in records:
        groups.setdefault((r, s), []).append(geom)
    mask = _engine.outline_mask(tol)
    for (r, s), lines in groups.items():
        merged = shapely.line_merge(shapely.MultiLineString(lines))
        # segments crossing the shrunk outline count only their part inside it
        clipped = shapely.line_merge(shapely.intersection(merged, mask))
        parts = shapely.get_parts(clipped)
        parts = parts[shapely.get_type_id(parts) == 1]
        pieces.extend((r, s, part) for part in parts)
    reg = np.array([p[0] for p in pieces], dtype="int64")
    sec = np.array([p[1] for p in pieces], dtype="int64")
    geoms = [p[2] for p in pieces]
    code = np.where(reg >= 0, codes[np.maximum(reg, 0)], None) if len(reg) else np.array([])
    snap = rows.attrs["snapshot_date"]
    day = snap if not pd.isna(snap) else when
    out = gpd.GeoDataFrame(
        {
            "region": pd.Series(code, dtype=object),
            "region_name": pd.Series(
                np.where(reg >= 0, names[np.maximum(reg, 0)], None) if len(reg) else [],
                dtype=object,
            ),
            "direction": pd.Series(
                table["direction"].to_numpy()[sec] if len(sec) else [], dtype=object
            ),
            "river": _river_flags(np.asarray(code, dtype=object), day, river),
            "length_km": np.array([_line_km(g) for g in geoms], dtype=float),
        },
        geometry=gpd.GeoSeries(geoms, crs=4326),
        crs=4326,
    )
    out = out.sort_values(["direction", "length_km"], ascending=[True, False], kind="stable")
    out = out.reset_index(drop=True)
    out.attrs = {
        "source": src,
        "snapshot_date": snap,
        "requested_date": when,
        "carried_forward": bool(rows.attrs["carried_forward"]),
        "statuses": wanted,
        "tolerance_km": tol,
        "total_km": float(out["length_km"].sum()),
        "method": geodesy.METHOD,
    }
    return out


def _line_km(line: Any) -> float:
    coords = shapely.get_coordinates(line)
    return float(geodesy.GEOD.line_length(coords[:, 0], coords[:, 1])) / 1000.0


def front_length(
    history: ControlHistory,
    *,
    by: str | None = None,
    statuses: str | Iterable[str] = OCCUPIED,
    source: str | None = None,
    tolerance_km: float = TOLERANCE_KM,
    directions: Any = None,
    river: Mapping[str, str] = RIVER_STRETCHES,
) -> pd.DataFrame:
    """The length of the front line (km) on every day of the history.

    The figures are those of :func:`front_line` on the same day (the same segments, summed).
    Only the source's own days are rows; days it skipped are left out (a gap is a gap).

    Parameters
    ----------
    history : ControlHistory
    by : {None, "region", "direction"}
        None: one row per day. "region" or "direction": one row per day and sector where
        the front has any length.
    statuses, source, tolerance_km, directions, river
        As in :func:`front_line`.

    Returns
    -------
    pandas.DataFrame
        ``date``, then ``region`` or ``direction`` when ``by`` is given, ``km`` (geodesic) and
        ``river_km`` (of which along a river). ``.attrs``: source, statuses, tolerance_km,
        method.

    Examples
    --------
    >>> import frontline as fl
    >>> from frontline.front import front_length, front_line
    >>> front_length(fl.example_control())[["km", "river_km"]].round(-1)
           km  river_km
    0  1190.0     200.0
    """
    history = check_history(history)
    if by not in (None, "region", "direction"):
        raise ValueError(f"by must be None, 'region' or 'direction', got {by!r}")
    wanted = check_statuses(statuses) or ()
    tol = check_tolerance(tolerance_km)
    src = history.pick_source(source)
    table = _directions(directions)
    points = table[["lon", "lat"]].to_numpy(dtype=float) if by == "direction" else None
    days = _engine.source_days(history, src)
    book = _engine.measure_days(
        history, days, statuses=wanted, source=src, tolerance_km=tol, sector_points=points
    )
    codes, _ = _engine.region_codes()
    n = len(days)
    # river stretches: per day, the distinct segments in a river region from its date on
    river_km = np.zeros(n)
    for code, since in river.items():
        hit = np.flatnonzero(codes == code)
        if len(hit) == 0:
            continue
        per_day = _engine.sums(book, n, weight=book.region == hit[0])
        on = np.array([d >= parse_day(since, "river date") for d in days], dtype=bool)
        river_km += np.where(on, per_day, 0.0)
    dates = pd.DatetimeIndex(days, name="date")
    if by is None:
        out = pd.DataFrame({"date": dates, "km": _engine.sums(book, n), "river_km": river_km})
    else:
        labels = codes if by == "region" else table["direction"].to_numpy()
        grid = _engine.sums(
            book, n, by="region" if by == "region" else "sector", n_groups=len(labels)
        )
        river_grid = np.zeros_like(grid)
        if by == "region":
            for code, since in river.items():
                on = np.array([d >= parse_day(since, "river date") for d in days])
                col = np.flatnonzero(labels == code)
                river_grid[np.ix_(on, col)] = grid[np.ix_(on, col)]
        else:
            for code, since in river.items():
                on = np.array([d >= parse_day(since, "river date") for d in days])
                hit = np.flatnonzero(codes == code)
                if len(hit) == 0:
                    continue
                part = _engine.sums(
                    book, n, by="sector", n_groups=len(labels), weight=book.region == hit[0]
                )
                river_grid[on] += part[on]
        out = pd.DataFrame(
            {
                "date": np.repeat(dates.to_numpy(), len(labels)),
                by: np.tile(labels, n),
                "km": grid.ravel(),
                "river_km": river_grid.ravel(),
            }
        )
        out = out[out["km"] > 0].reset_index(drop=True)
    out.attrs = {
        "source": src,
        "statuses": wanted,
        "tolerance_km": tol,
        "method": geodesy.METHOD,
    }
    return out
