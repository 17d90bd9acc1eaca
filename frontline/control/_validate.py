"""The checks a frame passes before it becomes a :class:`~frontline.control.ControlHistory`.

Every problem is collected (row, field, value) and raised together as
:class:`~frontline._errors.ControlValidationError`, so a file is fixed in one pass.
"""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from frontline._crs import is_lonlat
from frontline._errors import ControlValidationError
from frontline._statuses import STATUSES

__all__ = ["REQUIRED", "validate"]

#: The columns every history frame has.
REQUIRED = ("date", "source", "status", "geometry")


def validate(frame: Any) -> gpd.GeoDataFrame:
    """A checked copy of ``frame`` (geometry column named ``geometry``, dates as days).

    Raises
    ------
    TypeError
        ``frame`` is not a GeoDataFrame.
    ControlValidationError
        Every problem found, each naming its row, field and value.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import box
    >>> frame = gpd.GeoDataFrame({"date": ["2025-06-08"], "source": ["x"], "status": ["held"]},
    ...                          geometry=[box(37, 47, 38, 48)], crs=4326)
    >>> validate(frame)
    Traceback (most recent call last):
    ...
    frontline._errors.ControlValidationError: 1 problem(s) with the control frame:
      - row 0 field 'status': value 'held' is not one of occupied, ...
    """
    if not isinstance(frame, gpd.GeoDataFrame):
        raise TypeError(
            f"ControlHistory wraps a GeoDataFrame with columns date, source, status, geometry; "
            f"got {type(frame).__name__}"
        )
    problems: list[str] = []
    missing = [c for c in REQUIRED if c not in frame.columns]
    if "geometry" in missing and frame.active_geometry_name in frame.columns:
        missing.remove("geometry")
    if missing:
        raise ControlValidationError(
            [f"missing column {c!r} (need {', '.join(REQUIRED)})" for c in missing]
        )
    if len(frame) == 0:
        raise ControlValidationError(["the frame has no rows; a history needs at least one day"])
    frame = frame.copy()
    if frame.active_geometry_name != "geometry":
        frame = frame.rename_geometry("geometry")
    if frame.crs is None:
        problems.append("field 'geometry': no CRS; set it with gdf.set_crs(4326)")
    elif not is_lonlat(frame.crs):
        problems.append(
            f"field 'geometry': CRS is {frame.crs.to_string()}, not EPSG:4326; "
            "use gdf.to_crs(4326) first"
        )
    elif frame.crs.to_epsg() != 4326:  # OGC:CRS84: the same coordinates, declared as EPSG:4326
        frame = frame.set_crs(4326, allow_override=True)
    index = list(frame.index)

    # date
    raw_dates = frame["date"]
    if isinstance(raw_dates.dtype, pd.DatetimeTZDtype):
        problems.append(
            "field 'date': dates carry a time zone; give the day the snapshot describes as a "
            "tz-naive date (e.g. s.dt.tz_convert('Europe/Kyiv').dt.tz_localize(None))"
        )
        dates = raw_dates.dt.tz_localize(None)
    else:
        if pd.api.types.is_datetime64_any_dtype(raw_dates.dtype):
            dates = raw_dates
        else:
            dates = pd.to_datetime(raw_dates, errors="coerce", format="mixed")
        for i in np.flatnonzero(dates.isna().to_numpy()):
            problems.append(
                f"row {index[i]!r} field 'date': value {raw_dates.iloc[i]!r} is not a date"
            )
        if isinstance(dates.dtype, pd.DatetimeTZDtype):
            problems.append("field 'date': dates carry a time zone; give tz-naive days")
            dates = dates.dt.tz_localize(None)
    dates = dates.astype("datetime64[ns]")
    not_midnight = (dates.notna() & (dates != dates.dt.normalize())).to_numpy()
    for i in np.flatnonzero(not_midnight):
        problems.append(
            f"row {index[i]!r} field 'date': value {dates.iloc[i]} is not midnight; a date is "
            "the day the snapshot describes (use .dt.normalize())"
        )
    frame["date"] = dates

    # source
    for row, value in enumerate(frame["source"].to_numpy()):
        if not isinstance(value, str) or not value.strip():
            problems.append(
                f"row {index[row]!r} field 'source': value {value!r} is not a non-empty string"
            )
    # status
    for row, value in enumerate(frame["status"].to_numpy()):
        if value not in STATUSES:
            problems.append(
                f"row {index[row]!r} field 'status': value {value!r} is not one of "
                f"{', '.join(STATUSES)}"
            )
    # geometry
    geoms = frame.geometry.to_numpy()
    missing_geom = shapely.is_missing(geoms)
    type_ids = shapely.get_type_id(geoms)
    for i in np.flatnonzero(missing_geom):
        problems.append(f"row {index[i]!r} field 'geometry': missing geometry")
    for i in np.flatnonzero(~missing_geom & ~np.isin(type_ids, (3, 6))):
        problems.append(
            f"row {index[i]!r} field 'geometry': a {geoms[i].geom_type}, not a Polygon or "
            "MultiPolygon"
        )
    polygonal = ~missing_geom & np.isin(type_ids, (3, 6))
    invalid = polygonal & ~shapely.is_valid(geoms)
    for i in np.flatnonzero(invalid):
        problems.append(
            f"row {index[i]!r} field 'geometry': invalid ({shapely.is_valid_reason(geoms[i])}); "
            "repair it with shapely.make_valid"
        )
    # one row per (date, source, status)
    keys = frame[["date", "source", "status"]].astype(str)
    dup = keys.duplicated(keep=False).to_numpy()
    if dup.any():
        seen: set[tuple[str, ...]] = set()
        for i in np.flatnonzero(dup):
            key = tuple(keys.iloc[i])
            if key in seen:
                continue
            seen.add(key)
            rows = [index[j] for j in np.flatnonzero(dup) if tuple(keys.iloc[j]) == key]
            problems.append(
                f"rows {rows!r}: several rows for date {key[0][:10]}, source {key[1]!r}, "
                f"status {key[2]!r}; union them first (one row per date, source and status)"
            )
    if problems:
        raise ControlValidationError(problems)
    return frame
