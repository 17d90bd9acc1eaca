"""Read an assessment from any vector file (GeoPackage, GeoJSON, Shapefile, KML, FlatGeobuf, ...).

:func:`read_control` reads one layer with pyogrio, maps its features onto the status
vocabulary (:data:`frontline.control.STATUSES`) and unions the areas of each status into a
one-day :class:`~frontline.control.ControlHistory`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import geopandas as gpd
import numpy as np

from frontline._errors import ControlValidationError
from frontline._statuses import STATUSES
from frontline.control import ControlHistory
from frontline.io._layers import areas_only, check_path, read_layer
from frontline.io._sanity import check_layer

__all__ = ["read_control"]


def _map_status(
    values: Any,
    *,
    status_map: Mapping[Any, str] | None,
    where: str,
    column: str,
) -> np.ndarray:
    mapping = dict(status_map or {})
    bad_targets = [v for v in mapping.values() if v not in STATUSES]
    if bad_targets:
        raise ValueError(
            f"status_map maps to {bad_targets[0]!r}, which is not a status; use one of "
            f"{', '.join(STATUSES)}"
        )
    out = np.empty(len(values), dtype=object)
    problems = []
    for i, (idx, value) in enumerate(values.items()):
        status = mapping.get(value, value)
        if status not in STATUSES:
            problems.append(
                f"{where} row {idx!r} field {column!r}: value {value!r} is not a status; pass "
                f"status_map={{{value!r}: ...}} mapping it onto one of {', '.join(STATUSES)}"
            )
        out[i] = status
    if problems:
        raise ControlValidationError(problems)
    return out


def read_control(
    path: str | os.PathLike[str],
    *,
    date: Any,
    source: str,
    layer: str | None = None,
    status: str | None = None,
    status_column: str | None = None,
    status_map: Mapping[Any, str] | None = None,
    crs: Any = None,
) -> ControlHistory:
    """Read one layer of any vector file as a one-day assessment.

    Parameters
    ----------
    path : path
        A file pyogrio can read (GeoPackage, GeoJSON, Shapefile, KML, FlatGeobuf, ...). Any
        CRS; it is reprojected to EPSG:4326.
    date : date-like
        The day the assessment describes.
    source : str
        Who made the assessment, e.g. ``"ISW"``.
    layer : str, optional
        The layer to read; required when the file holds several.
    status : str, optional
        The status of every feature (one of :data:`~frontline.control.STATUSES`).
    status_column : str, optional
        A column holding each feature's status (instead of ``status``).
    status_map : mapping, optional
        Maps the values of ``status_column`` onto statuses, e.g. ``{"RU": "occupied"}``;
        values not in it must already be statuses.
    crs : CRS, optional
        The CRS the file's coordinates are in (an EPSG code, WKT or PROJ string), for a file
        that declares none or the wrong one; overrides the file's own.

    Returns
    -------
    ControlHistory
        One row per status, the areas of that status unioned (valid, EPSG:4326).

    Raises
    ------
    FileNotFoundError, LookupError, ValueError
        Missing file (checked before the other arguments), unknown layer or column,
        unreadable file, points or lines, values that are not statuses (every problem
        named with row, field and value).
    ImplausibleLayerError
        A layer that cannot be right for Ukraine (a ValueError): no CRS, a CRS that cannot be
        transformed, projected coordinates without a CRS, latitude and longitude swapped, or
        less than half of its area in Ukraine. The message says how to fix it (``crs=``).

    Examples
    --------
    >>> import tempfile, pathlib, geopandas as gpd
    >>> from shapely.geometry import box
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> gpd.GeoDataFrame({"side": ["RU"]}, geometry=[box(37.5, 47.5, 38, 48)],
    ...                  crs=4326).to_file(folder / "a.gpkg")
    >>> h = read_control(folder / "a.gpkg", date="2025-06-07", source="example",
    ...                  status_column="side", status_map={"RU": "occupied"})
    >>> h.statuses, h.sources
    (['occupied'], ['example'])
    """
    p = check_path(path)  # a missing file is the first thing to hear about
    if not isinstance(source, str) or not source.strip():
        raise ValueError(f"source must be a non-empty string naming the assessment, got {source!r}")
    if (status is None) == (status_column is None):
        raise ValueError(
            "pass exactly one of status= (every feature has that status) or status_column= "
            "(a column holding each feature's status)"
        )
    if status is not None and status not in STATUSES:
        raise ValueError(f"status {status!r} is not one of {', '.join(STATUSES)}")
    frame = read_layer(p, layer, crs)
    where = f"{p.name}" + (f" layer {layer!r}" if layer else "")
    if status_column is not None and status_column not in frame.columns:
        raise LookupError(
            f"{where} has no column {status_column!r}; its columns are "
            f"{', '.join(map(repr, (c for c in frame.columns if c != frame.geometry.name)))}"
        )
    frame = areas_only(frame, where)
    if frame.empty:
        raise ValueError(f"{where} holds no areas")
    if status is not None:
        statuses = np.full(len(frame), status, dtype=object)
    else:
        assert status_column is not None  # exactly one of status and status_column is set
        statuses = _map_status(
            frame[status_column], status_map=status_map, where=where, column=status_column
        )
    features = gpd.GeoDataFrame(
        {"status": statuses}, geometry=frame.geometry.to_numpy(), crs=frame.crs
    )
    features = check_layer(features, str(p))
    return ControlHistory.from_features(features, date=date, source=source)
