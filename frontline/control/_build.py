"""Building history frames: areas of one (date, source, status) unioned; frames joined."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from frontline._crs import require_lonlat
from frontline._dates import parse_day
from frontline._errors import ControlValidationError
from frontline._statuses import STATUSES
from frontline.control._geometry import union_polygons

__all__ = ["BlockIndex", "block_index", "features_frame", "join_frames"]


def features_frame(
    features: gpd.GeoDataFrame,
    *,
    date: Any = None,
    source: str | None = None,
    keep: Sequence[str] = (),
) -> gpd.GeoDataFrame:
    """One row per (date, source, status) from one row per area (see ``from_features``).

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import box
    >>> areas = gpd.GeoDataFrame(
    ...     {"date": ["2025-06-08"] * 2, "source": ["made up"] * 2, "status": ["contested"] * 2},
    ...     geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)], crs=4326)
    >>> len(features_frame(areas)), features_frame(areas).geometry.iloc[0].area
    (1, 2.0)
    """
    if not isinstance(features, gpd.GeoDataFrame):
        raise TypeError(f"features must be a GeoDataFrame, got {type(features).__name__}")
    if features.crs is None:
        raise ControlValidationError(["field 'geometry': no CRS; set it with gdf.set_crs()"])
    f = require_lonlat(features, "features", convert=True).copy()
    if date is not None:
        f["date"] = parse_day(date)
    if source is not None:
        f["source"] = source
    problems = [f"missing column {c!r}" for c in ("date", "source", "status") if c not in f]
    if problems:
        raise ControlValidationError(problems)
    f["date"] = pd.to_datetime(f["date"], errors="coerce")
    bad = [s for s in pd.unique(f["status"]) if s not in STATUSES]
    if bad:
        raise ControlValidationError(
            [f"field 'status': value {s!r} is not one of {', '.join(STATUSES)}" for s in bad]
        )
    geoms = f.geometry.to_numpy()
    rows = []
    for (day, src, status), idx in f.groupby(
        ["date", "source", "status"], sort=True, dropna=False
    ).indices.items():
        parts = shapely.get_parts(geoms[idx])
        parts = parts[np.isin(shapely.get_type_id(parts), (3, 6))]
        geom = union_polygons(parts)
        if geom.is_empty:
            continue
        row = {"date": day, "source": src, "status": status, "geometry": geom}
        for c in keep:
            row[c] = f[c].iloc[idx[0]]
        rows.append(row)
    if not rows:
        raise ControlValidationError(["no polygon areas to build a history from"])
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs=4326)
    return frame


def join_frames(frames: Sequence[gpd.GeoDataFrame | None]) -> gpd.GeoDataFrame | None:
    """The non-empty frames concatenated (EPSG:4326), or None when there are none.

    Examples
    --------
    >>> join_frames([None]) is None
    True
    """
    present = [f for f in frames if f is not None and len(f)]
    if not present:
        return None
    return gpd.GeoDataFrame(pd.concat(present, ignore_index=True), crs=4326)


class BlockIndex(NamedTuple):
    """Where each (source, day) lies in a history frame sorted by date, source and status."""

    dates: pd.DatetimeIndex  # the days present, sorted and unique
    sources: list[str]  # the sources present, sorted
    statuses: list[str]  # the statuses present, in STATUSES order
    blocks: dict[tuple[str, int], slice]  # (source, day in ns) -> its rows
    source_days: dict[str, np.ndarray]  # source -> its days (ns), sorted


def block_index(frame: gpd.GeoDataFrame) -> BlockIndex:
    """The :class:`BlockIndex` of a frame already sorted by date, source and status.

    Examples
    --------
    >>> import frontline as fl
    >>> index = block_index(fl.example_control().frame)
    >>> index.sources, list(index.blocks.values())
    (['DeepStateMap'], [slice(0, 1, None)])
    """
    dates = frame["date"].to_numpy().astype("datetime64[ns]").view("int64")
    sources = frame["source"].to_numpy().astype(str)
    present = set(frame["status"].tolist())
    blocks: dict[tuple[str, int], slice] = {}
    source_days: dict[str, np.ndarray] = {}
    n = len(frame)
    if n:
        change = np.flatnonzero((np.diff(dates) != 0) | (sources[1:] != sources[:-1])) + 1
        starts = np.concatenate([[0], change])
        stops = np.concatenate([change, [n]])
        per_source: dict[str, list[int]] = {}
        for a, b in zip(starts.tolist(), stops.tolist(), strict=True):
            key = (str(sources[a]), int(dates[a]))
            blocks[key] = slice(a, b)
            per_source.setdefault(key[0], []).append(key[1])
        source_days = {k: np.asarray(v, dtype="int64") for k, v in per_source.items()}
    return BlockIndex(
        dates=pd.DatetimeIndex(np.unique(dates).astype("datetime64[ns]"), name="date"),
        sources=sorted(set(sources.tolist())),
        statuses=[s for s in STATUSES if s in present],
        blocks=blocks,
        source_days=source_days,
    )
