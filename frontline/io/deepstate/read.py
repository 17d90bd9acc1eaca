"""The public reader: files, a folder or a list of files into one ControlHistory."""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry
from tqdm.auto import tqdm

from frontline._errors import DeepStateReadError, DeepStateReadWarning
from frontline.control import ControlHistory, union_polygons
from frontline.io._sanity import diagnose
from frontline.io.deepstate._day import NO_AREAS, Day
from frontline.io.deepstate._mirror import Parsed, is_mirror, read_mirror, read_mirrors
from frontline.io.deepstate._raw import read_raw
from frontline.io.deepstate._zone import in_ukraine
from frontline.io.deepstate.filenames import date_from_filename
from frontline.io.deepstate.labels import SOURCE
from frontline.io.history_store import inputs_hash, read_history, save_history, store_info

__all__ = ["read_deepstate"]


#: Suffixes of other geodata formats, named in the error instead of a GeoJSON parse error.
_NOT_GEOJSON = {
    ".shp": "Shapefile",
    ".shx": "Shapefile index",
    ".dbf": "Shapefile table",
    ".gpkg": "GeoPackage",
    ".kml": "KML file",
    ".kmz": "KMZ file",
    ".zip": "zip archive",
    ".parquet": "Parquet file",
    ".csv": "CSV file",
}


def _read_one(path: Path, parsed: Parsed | None = None) -> Day:
    """Read one file; mirror areas are left in ``day.unchecked`` for the validity check.

    ``parsed`` is this file's geometry if :func:`read_mirrors` parsed it.
    """
    kind = _NOT_GEOJSON.get(path.suffix.lower())
    if kind is not None:
        raise DeepStateReadError(
            path,
            f"a {kind} ({path.suffix}), not a DeepState snapshot: read_deepstate reads GeoJSON "
            "(.geojson) files; convert it first (ogr2ogr -f GeoJSON out.geojson "
            f"{path.name}) or give the .geojson files",
        )
    try:
        date, published = date_from_filename(path.name)
    except ValueError as exc:
        raise DeepStateReadError(path, str(exc)) from None
    if parsed is not None:
        day = Day(path, date, published)
        read_mirror(day, b"", parsed)
        if not day.areas:
            raise DeepStateReadError(path, NO_AREAS)
        return day
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DeepStateReadError(path, f"cannot be read ({exc.strerror or exc})") from None
    if not data.strip():
        raise DeepStateReadError(path, "the file is empty; a snapshot is a GeoJSON document")
    day = Day(path, date, published)
    if is_mirror(data):
        read_mirror(day, data)
    else:
        try:
            doc = json.loads(data)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise DeepStateReadError(path, f"not GeoJSON (not valid JSON: {exc})") from None
        read_raw(day, doc)
    if not day.areas:
        raise DeepStateReadError(path, _why_no_areas(day))
    return day


def _why_no_areas(day: Day) -> str:
    """Why a file kept no areas: swapped or projected coordinates, or none in Ukraine."""
    dropped = [d["geometry"] for d in day.dropped]
    problem = diagnose(dropped, "this file") if dropped else None
    if problem is None:
        return NO_AREAS
    return (
        problem.removeprefix("this file: ")
        + "; DeepState's GeoJSON is longitude/latitude (RFC 7946): convert the file to "
        "EPSG:4326 with longitude first (e.g. ogr2ogr -t_srs EPSG:4326) before reading it"
    )


def _read_all(paths: Sequence[Path], iterator: Iterable[Path], on_error: str) -> list[Day]:
    """Read every file, checking the validity of mirror areas on two threads.

    GEOS releases the GIL while it checks validity: the areas of files parsed together
    (:func:`read_mirrors`) are checked in two halves side by side, those of other files on a
    worker thread while the next file is parsed. Invalid areas are repaired
    (:func:`frontline.control.union_polygons`) once everything is read.
    """
    days: list[Day] = []
    checks: dict[int, Future[Any]] = {}
    later: dict[int, BaseGeometry] = {}
    parsed = read_mirrors(paths)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="frontline-valid") as pool:
        for path in iterator:
            try:
                day = _read_one(path, parsed.get(path))
            except DeepStateReadError as exc:
                _fail(on_error, path, exc.reason, stacklevel=4)
                continue
            days.append(day)
            for k in day.unchecked:
                geom = day.areas[k][1]
                if id(geom) in checks or id(geom) in later:
                    continue
                if path in parsed:
                    later[id(geom)] = geom
                else:
                    checks[id(geom)] = pool.submit(shapely.is_valid, geom)
        geoms = np.empty(len(later), dtype=object)
        geoms[:] = list(later.values())
        mid = len(geoms) // 2
        first = pool.submit(shapely.is_valid, geoms[:mid])
        second = shapely.is_valid(geoms[mid:])
        flags = np.concatenate([first.result(), second])
        valid = {key: bool(future.result()) for key, future in checks.items()}
        valid.update(zip(later, flags.tolist(), strict=True))
    out: list[Day] = []
    for day in days:
        repaired = False
        for k in day.unchecked:
            status, geom = day.areas[k]
            if not valid[id(geom)]:
                day.areas[k] = (status, union_polygons([geom]))
                repaired = True
        day.unchecked.clear()
        if repaired:
            day.areas = [(status, geom) for status, geom in day.areas if not geom.is_empty]
            if not day.areas:
                _fail(on_error, day.path, NO_AREAS, stacklevel=4)
                continue
        out.append(day)
    return out


def _collect(path_or_paths: Any) -> list[Path]:
    if isinstance(path_or_paths, str | os.PathLike):
        root = Path(path_or_paths)
        if root.is_dir():
            files = sorted(
                p for p in root.iterdir() if p.is_file() and p.name.lower().endswith(".geojson")
            )
            if not files:
                raise FileNotFoundError(
                    f"no .geojson files in the folder {root}; point read_deepstate at DeepState "
                    "snapshots (deepstatemap_data_YYYYMMDD.geojson or <unix>.geojson)"
                )
            return files
        if not root.exists():
            raise FileNotFoundError(f"no such file or folder: {root}")
        return [root]
    if isinstance(path_or_paths, Iterable):
        files = [Path(p) for p in path_or_paths]
        if not files:
            raise FileNotFoundError("read_deepstate got an empty list of files")
        missing = [str(p) for p in files if not p.is_file()]
        if missing:
            raise FileNotFoundError(
                f"no such file: {missing[0]}"
                + (f" (and {len(missing) - 1} more)" if len(missing) > 1 else "")
            )
        return files
    raise TypeError(
        f"read_deepstate takes a file, a folder or a list of files, got "
        f"{type(path_or_paths).__name__}"
    )


def _fail(on_error: str, path: Path, reason: str, *, stacklevel: int = 3) -> None:
    if on_error == "raise":
        raise DeepStateReadError(path, reason)
    warnings.warn(DeepStateReadWarning(f"skipped {path}: {reason}"), stacklevel=stacklevel)


def _frame(rows: list[dict[str, Any]], columns: Sequence[str]) -> gpd.GeoDataFrame | None:
    if not rows:
        return None
    out = gpd.GeoDataFrame(pd.DataFrame(rows, columns=list(columns)), geometry="geometry", crs=4326)
    out["date"] = out["date"].astype("datetime64[ns]")
    return out


def read_deepstate(
    path_or_paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    on_error: Literal["raise", "skip"] = "raise",
    progress: bool = False,
    duplicates: Literal["raise", "first", "last"] = "raise",
    store: str | os.PathLike[str] | None = None,
) -> ControlHistory:
    """Read DeepStateMap snapshots (daily mirror or raw API format) into a ControlHistory.

    Parameters
    ----------
    path_or_paths : path, folder or list of paths
        One file, a folder (every ``*.geojson`` in it) or a list of files. The
        format is detected per file; the day comes from the file name (see
        :func:`date_from_filename`).
    on_error : {"raise", "skip"}, default "raise"
        A file that cannot be read (not GeoJSON, no date in its name, a feature in an unknown
        status, a duplicate day) raises :class:`DeepStateReadError` naming the file and the
        reason; with "skip" it is left out with a :class:`DeepStateReadWarning` instead.
    progress : bool, default False
        Show a progress bar (tqdm).
    duplicates : {"raise", "first", "last"}, default "raise"
        Several files for one day: an error (or, with ``on_error="skip"``, a warning for each
        later file), or keep the first / last (by publication time, else by file order).
    store : path, optional
        A history store file (:func:`frontline.save_history`) used as a cache: when it was
        written from files of the same names and content (its content hash) read with the
        same options, the history is read from it, much faster; otherwise the files are read
        and the store is written again. Warnings about skipped files are given only when the
        files are read.

    Returns
    -------
    ControlHistory
        Source "DeepStateMap"; extra columns ``file`` and ``published`` (UTC publication
        time of raw editions, else NaT). ``.markers`` holds raw editions' points,
        ``.dropped`` what was dropped (outside Ukraine, non-areas) and why.

    Examples
    --------
    >>> from importlib.resources import as_file
    >>> from frontline._resources import data_file
    >>> with as_file(data_file("deepstate", "2025-06-08.geojson")) as path:
    ...     h = read_deepstate(path)
    >>> h.dates[0], h.statuses
    (Timestamp('2025-06-08 00:00:00'), ['occupied'])
    """
    if on_error not in ("raise", "skip"):
        raise ValueError(f"on_error must be 'raise' or 'skip', got {on_error!r}")
    if duplicates not in ("raise", "first", "last"):
        raise ValueError(f"duplicates must be 'raise', 'first' or 'last', got {duplicates!r}")
    paths = _collect(path_or_paths)
    if store is not None:
        digest = inputs_hash(paths, f"read_deepstate {on_error} {duplicates}")
        try:
            if store_info(store).get("inputs_hash") == digest:
                return read_history(store)
        except (OSError, ValueError):
            pass  # missing, damaged or of another version: written again below
        history = read_deepstate(paths, on_error=on_error, progress=progress, duplicates=duplicates)
        save_history(history, store, inputs=digest)
        return history
    iterator: Iterable[Path] = paths
    if progress:
        iterator = tqdm(paths, desc="DeepState", unit="file")
    days = _dedupe(_read_all(paths, iterator, on_error), on_error=on_error, duplicates=duplicates)
    if not days:
        raise DeepStateReadError(
            paths[0] if len(paths) == 1 else Path(os.path.commonpath(paths)),
            "no readable snapshot (every file was skipped)",
        )
    n = sum(len(d.areas) for d in days)
    dates = np.empty(n, dtype="datetime64[ns]")
    published = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    statuses = np.empty(n, dtype=object)
    geoms = np.empty(n, dtype=object)
    files = np.empty(n, dtype=object)
    i = 0
    for d in days:
        for status, geom in d.areas:
            dates[i] = d.date.to_datetime64()
            if d.published is not None:
                published[i] = d.published.tz_localize(None).to_datetime64()
            statuses[i], geoms[i], files[i] = status, geom, d.path.name
            i += 1
    frame = gpd.GeoDataFrame(
        {
            "date": dates,
            "source": np.full(n, SOURCE, dtype=object),
            "status": statuses,
            "file": files,
            "published": pd.Series(published).dt.tz_localize("UTC"),
        },
        geometry=gpd.GeoSeries(geoms, crs=4326),
        crs=4326,
    )
    markers = _frame(
        [m for d in days for m in d.markers],
        ["date", "source", "key", "name", "icon", "file", "geometry"],
    )
    if markers is not None:
        markers["in_ukraine"] = in_ukraine(markers.geometry.to_numpy())
    dropped = _frame(
        [x for d in days for x in d.dropped],
        ["date", "source", "file", "feature", "name", "key", "reason", "geometry"],
    )
    return ControlHistory(frame, validate=False, markers=markers, dropped=dropped)


def _dedupe(days: list[Day], *, on_error: str, duplicates: str) -> list[Day]:
    by_day: dict[pd.Timestamp, list[Day]] = {}
    for d in days:
        by_day.setdefault(d.date, []).append(d)
    out: list[Day] = []
    for date in sorted(by_day):
        group = by_day[date]
        if len(group) == 1:
            out.append(group[0])
            continue
        if duplicates == "raise":
            names = ", ".join(d.path.name for d in group)
            for d in group[1:]:
                _fail(
                    on_error,
                    d.path,
                    f"a second snapshot for {date:%Y-%m-%d} (files: {names}); pass "
                    "duplicates='last' (or 'first') to keep one edition per day",
                )
            out.append(group[0])
            continue
        ordered = sorted(
            enumerate(group),
            key=lambda t: (t[1].published.value if t[1].published is not None else 0, t[0]),
        )
        out.append(ordered[-1][1] if duplicates == "last" else ordered[0][1])
    return out
