"""A ControlHistory on disk, compact and quick to read: the history store (format version 1).

Most days of a DeepState history repeat the previous day's geometry, or change a little; a
daily mirror of 769 days holds 656 distinct geometries. The store keeps each run of days with
the same geometry once.

Format (one GeoParquet file, version 1)
---------------------------------------
* **Rows**: one per *run*, that is per ``source`` and ``status`` and a stretch of that source's
  days on which the area is the same (same WKB bytes, same extra per-area columns). Columns
  ``source``, ``status``, ``first`` and ``last`` (the first and last day of the run, inclusive:
  the area holds on every day *of the history* between them for that source; days the source
  skipped stay gaps), any extra per-area columns, and ``geometry`` (WKB, EPSG:4326), with
  GeoParquet's ``geo`` metadata, so GIS tools open the file.
* **Metadata** key ``frontline:history`` (JSON): ``format`` ("frontline-history"),
  ``version`` (1), ``inputs_hash`` (the content hash of what the history was read from, given
  by the writer, or null), ``created`` (UTC), ``days``, ``rows`` and ``runs``.
* **Metadata** keys ``frontline:days``, ``frontline:markers``, ``frontline:dropped``: Parquet
  files, base64-encoded: the days of each source with the columns that hold one value per day
  and source (``file``, ``published`` for DeepState), and the history's markers and dropped
  features (GeoParquet), when it has any.

:func:`save_history` writes it (atomically), :func:`read_history` reads it back into the same
ControlHistory (same rows, geometries, extra columns, markers and dropped features);
:func:`store_info` reads only the metadata. :func:`inputs_hash` is the content hash
:func:`frontline.io.deepstate.read_deepstate` and :func:`frontline.fetch_history` use to
rebuild a store whose inputs changed. ``save_history`` is a function of this module rather
than a method of ControlHistory: the control package sits below io and does no file I/O.
"""

from __future__ import annotations

import base64
import io
import json
import os
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import shapely

from frontline._atomic import atomic_write
from frontline.control import ControlHistory
from frontline.io._history_cache import inputs_hash

__all__ = ["FORMAT", "VERSION", "inputs_hash", "read_history", "save_history", "store_info"]

#: The format's name and version, in the metadata of every store.
FORMAT = "frontline-history"
VERSION = 1
_META = b"frontline:history"
_KEYS = ("date", "source", "status", "geometry")


def _parquet_bytes(frame: pd.DataFrame) -> str:
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)  # GeoParquet for a GeoDataFrame
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _from_parquet_bytes(text: str, geo: bool) -> pd.DataFrame:
    buffer = io.BytesIO(base64.b64decode(text))
    return gpd.read_parquet(buffer) if geo else pd.read_parquet(buffer)


def _day_columns(frame: pd.DataFrame, extras: list[str]) -> list[str]:
    """The extra columns holding one value per (date, source)."""
    out = []
    for column in extras:
        counts = frame.groupby(["date", "source"], sort=False)[column].nunique(dropna=False)
        if (counts <= 1).all():
            out.append(column)
    return out


def save_history(
    history: ControlHistory, path: str | os.PathLike[str], *, inputs: str | None = None
) -> Path:
    """Write ``history`` to ``path`` in the history store format (see the module docstring).

    Parameters
    ----------
    history : ControlHistory
    path : path
        The file to write (``.parquet``); written whole or not at all.
    inputs : str, optional
        The content hash of what the history was read from (:func:`inputs_hash`), kept in the
        metadata so that a reader can tell whether the store is out of date.

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> import tempfile, frontline as fl
    >>> folder = tempfile.mkdtemp()
    >>> path = fl.save_history(fl.example_control(), f"{folder}/h.parquet")
    >>> fl.read_history(path)
    <ControlHistory DeepStateMap: 1 day, 2025-06-08 to 2025-06-08, statuses: occupied>
    """
    if not isinstance(history, ControlHistory):
        raise TypeError(f"save_history takes a ControlHistory, got {type(history).__name__}")
    frame = history.frame
    extras = [c for c in frame.columns if c not in _KEYS]
    per_day = _day_columns(frame, extras)
    per_area = [c for c in extras if c not in per_day]
    days = frame[["source", "date", *per_day]].drop_duplicates(["source", "date"])
    days = days.sort_values(["source", "date"]).reset_index(drop=True)
    position = {
        (s, d): i
        for s, group in days.groupby("source", sort=False)
        for i, d in enumerate(group["date"].tolist())
    }
    geoms = frame.geometry.to_numpy()
    wkb = shapely.to_wkb(geoms)
    order = frame.sort_values(["source", "status", "date"], kind="stable").index.to_numpy()
    runs: list[dict[str, Any]] = []
    last_key: tuple[Any, ...] | None = None
    for i in order.tolist():
        row = frame.iloc[i]
        src, status, date = row["source"], row["status"], row["date"]
        key = (src, status, wkb[i], *(repr(row[c]) for c in per_area))
        at = position[(src, date)]
        if last_key == key and runs and runs[-1]["_at"] == at - 1:
            runs[-1]["last"], runs[-1]["_at"] = date, at
            continue
        runs.append(
            {"source": src, "status": status, "first": date, "last": date, "_at": at, "_i": i}
            | {c: row[c] for c in per_area}
        )
        last_key = key
    table = gpd.GeoDataFrame(
        pd.DataFrame(
            [{k: v for k, v in r.items() if not k.startswith("_")} for r in runs],
            columns=["source", "status", "first", "last", *per_area],
        ),
        geometry=gpd.GeoSeries(geoms[[r["_i"] for r in runs]], crs=4326),
        crs=4326,
    )
    meta: dict[bytes, bytes] = {
        _META: json.dumps(
            {
                "format": FORMAT,
                "version": VERSION,
                "inputs_hash": inputs,
                "created": pd.Timestamp.now(tz="UTC").isoformat(),
                "days": len(history),
                "rows": len(frame),
                "runs": len(runs),
                "sources": history.sources,
                "start": f"{history.start:%Y-%m-%d}" if len(history) else None,
                "end": f"{history.end:%Y-%m-%d}" if len(history) else None,
            }
        ).encode(),
        b"frontline:days": _parquet_bytes(days).encode(),
    }
    if len(history.markers):
        meta[b"frontline:markers"] = _parquet_bytes(history.markers).encode()
    if len(history.dropped):
        meta[b"frontline:dropped"] = _parquet_bytes(history.dropped).encode()
    arrow = pa.table(table.to_arrow(index=False))
    arrow = arrow.replace_schema_metadata({**(arrow.schema.metadata or {}), **meta})
    target = Path(path).expanduser()
    target.parent.mkdir(parents=True, exist_ok=True)
    return atomic_write(target, lambda p: pq.write_table(arrow, p, compression="zstd"))


def _meta(schema: pa.Schema, path: Path) -> dict[str, Any]:
    raw = (schema.metadata or {}).get(_META)
    if raw is None:
        raise ValueError(
            f"{path} is not a frontline history store (no {_META.decode()} metadata); write "
            "one with frontline.save_history"
        )
    info: dict[str, Any] = json.loads(raw)
    if info.get("format") != FORMAT or info.get("version") != VERSION:
        raise ValueError(
            f"{path} is a history store of format {info.get('format')!r} version "
            f"{info.get('version')!r}; this frontline reads {FORMAT!r} version {VERSION}: "
            "write it again with this version"
        )
    return info


def store_info(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The metadata of a history store (format, version, inputs_hash, days, ...), read alone.

    Raises ``ValueError`` if ``path`` is not a store of this format version.
    """
    target = Path(path).expanduser()
    return _meta(pq.read_schema(target), target)


def read_history(path: str | os.PathLike[str]) -> ControlHistory:
    """Read a history store written by :func:`save_history` (see the module docstring).

    Raises
    ------
    FileNotFoundError
        No such file.
    ValueError
        The file is not a history store of this format version, or is damaged (the message
        names the file).

    Examples
    --------
    >>> import tempfile, frontline as fl
    >>> path = fl.save_history(fl.example_control(), f"{tempfile.mkdtemp()}/h.parquet")
    >>> fl.read_history(path).frame[["date", "source", "status"]]
            date        source    status
    0 2025-06-08  DeepStateMap  occupied
    """
    target = Path(path).expanduser()
    if not target.is_file():
        raise FileNotFoundError(f"no such history store: {target}")
    try:
        table = pq.read_table(target)
    except (pa.ArrowException, OSError) as exc:
        raise ValueError(f"{target} is not a readable history store ({exc})") from None
    meta = _meta(table.schema, target)
    schema_meta = table.schema.metadata or {}
    days = _from_parquet_bytes(schema_meta[b"frontline:days"].decode(), geo=False)
    runs = table.drop_columns(["geometry"]).to_pandas()
    geoms = shapely.from_wkb(table.column("geometry").to_numpy(zero_copy_only=False))
    if len(runs) and not len(days):
        raise ValueError(f"{target} is damaged: runs without days")
    day_of = {s: g["date"].to_numpy() for s, g in days.groupby("source", sort=False)}
    starts = np.empty(len(runs), dtype=np.int64)
    stops = np.empty(len(runs), dtype=np.int64)
    offset: dict[Any, int] = {}
    total = 0
    for s, values in day_of.items():
        offset[s] = total
        total += len(values)
    for k, (src, first, last) in enumerate(
        zip(runs["source"].tolist(), runs["first"].to_numpy(), runs["last"].to_numpy(), strict=True)
    ):
        values = day_of[src]
        starts[k] = offset[src] + np.searchsorted(values, first, side="left")
        stops[k] = offset[src] + np.searchsorted(values, last, side="right")
    lengths = stops - starts
    take = np.repeat(np.arange(len(runs)), lengths)
    within = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    day_rows = np.repeat(starts, lengths) + within
    frame = runs.drop(columns=["first", "last"]).iloc[take].reset_index(drop=True)
    picked = days.iloc[day_rows].reset_index(drop=True)
    frame.insert(0, "date", picked["date"].astype("datetime64[ns]").to_numpy())
    for column in days.columns:
        if column not in ("source", "date"):
            frame[column] = picked[column].to_numpy() if len(picked) else picked[column]
            if isinstance(picked[column].dtype, pd.DatetimeTZDtype):
                frame[column] = picked[column]
    out = gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geoms[take], crs=4326), crs=4326)
    markers = dropped = None
    if b"frontline:markers" in schema_meta:
        markers = _from_parquet_bytes(schema_meta[b"frontline:markers"].decode(), geo=True)
    if b"frontline:dropped" in schema_meta:
        dropped = _from_parquet_bytes(schema_meta[b"frontline:dropped"].decode(), geo=True)
    history = ControlHistory(out, validate=False, markers=markers, dropped=dropped)
    if history.frame.attrs.get("dropped") is not None and meta["rows"] != len(history.frame):
        raise ValueError(f"{target} is damaged: {len(history.frame)} rows, {meta['rows']} expected")
    return history
