"""What the cache of the fetched DeepState history holds, told without reading a geometry.

The cache of :func:`frontline.fetch_history` is ``<cache>/deepstate-mirror/``: a folder per
server holding the daily files (``deepstatemap_data_YYYYMMDD.geojson``), the history store
(``history.parquet``), ``hash.json`` (the content hash of the files with the names, sizes and
modification times it was computed from) and ``gaps.json`` (the days the server did not have,
with the day each was found missing); ``default.json`` names the folder fetched last.

This module reads and writes those small records. It imports no geometry library (no shapely,
geopandas or pyogrio), so that ``frontline timeline`` on a kept result, and
:func:`fetched_history_info`, answer in a fraction of a second; the downloading and reading
are in :mod:`frontline.io.history_fetch`, which uses these functions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd

from frontline._atomic import write_text
from frontline._cache import cache_folder
from frontline._dates import kyiv_zone, parse_day

__all__ = [
    "ROOT",
    "SETTLED_AFTER_DAYS",
    "STALE_AFTER_DAYS",
    "cached_history",
    "daily_files",
    "day_of",
    "fetched_history_info",
    "files_digest",
    "history_staleness",
    "inputs_hash",
    "known_gaps",
    "kyiv_today",
    "no_history",
    "record_gaps",
    "settled",
    "staleness",
    "write_pointer",
]

#: The cache's sub-folder of the fetched history.
ROOT = "deepstate-mirror"
#: A history whose latest snapshot is older than this many days is called out of date.
STALE_AFTER_DAYS = 2
#: A day the server lacked when it was already this many days old is not asked for again
#: (the mirror writes one file a day and does not fill in old days); ``refresh=True`` does.
SETTLED_AFTER_DAYS = 3
_POINTER = "default.json"
_RECORD = "hash.json"
_GAPS = "gaps.json"
_STORE_KIND = "fetch_history v1"
_PREFIX = "deepstatemap_data_"


def kyiv_today() -> pd.Timestamp:
    """Today in Kyiv, as a tz-naive midnight (the mirror's days are Kyiv days)."""
    return pd.Timestamp(dt.datetime.now(ZoneInfo(kyiv_zone())).date()).as_unit("ns")


def staleness(latest: pd.Timestamp, *, today: Any = None) -> str:
    """The sentence saying how recent a fetched history is.

    Examples
    --------
    >>> staleness(pd.Timestamp("2025-06-08"), today="2025-06-09")
    'latest snapshot 2025-06-08'
    >>> staleness(pd.Timestamp("2025-06-08"), today="2025-06-20")  # doctest: +NORMALIZE_WHITESPACE
    "latest snapshot 2025-06-08, 12 days old: out of date (run 'frontline fetch --history'
    to update)"
    """
    now = kyiv_today() if today is None else parse_day(today, "today")
    age = (now - latest).days
    text = f"latest snapshot {latest:%Y-%m-%d}"
    if age > STALE_AFTER_DAYS:
        text += f", {age} days old: out of date (run 'frontline fetch --history' to update)"
    return text


def history_staleness(latest: pd.Timestamp) -> str:
    """The sentence a fetched history carries in ``frame.attrs["staleness"]`` (today's)."""
    return f"DeepStateMap history: {staleness(latest)}"


def inputs_hash(paths: Iterable[str | os.PathLike[str]], *extra: str) -> str:
    """A content hash (BLAKE2b) of files: their names and bytes, in the order given, and
    ``extra`` strings (e.g. reading options).

    Examples
    --------
    >>> len(inputs_hash([], "duplicates=last"))
    32
    """
    digest = hashlib.blake2b(digest_size=16)
    for value in extra:
        digest.update(value.encode() + b"\0")
    for path in paths:
        p = Path(path)
        digest.update(p.name.encode() + b"\0")
        digest.update(hashlib.blake2b(p.read_bytes(), digest_size=16).digest())
    return digest.hexdigest()


def daily_files(folder: Path) -> list[Path]:
    """The daily files of a cache folder, in the order of their days."""
    return sorted(folder.glob(f"{_PREFIX}*.geojson"))


def day_of(path: Path) -> pd.Timestamp:
    """The day of a daily file of the cache, from its name."""
    return parse_day(path.name.removeprefix(_PREFIX)[:8], "file name")


def _stat(files: list[Path]) -> list[list[Any]]:
    out: list[list[Any]] = []
    for p in files:
        st = p.stat()
        out.append([p.name, st.st_size, st.st_mtime_ns])
    return out


def files_digest(folder: Path, files: list[Path]) -> str:
    """The content hash of ``files``; taken from ``hash.json`` while their names, sizes and
    modification times are those recorded with it (as ``make`` and git's index do), else
    computed from their bytes and recorded."""
    record = folder / _RECORD
    stat = _stat(files)
    try:
        known = json.loads(record.read_text(encoding="utf-8"))
        if known["stat"] == stat and isinstance(known["inputs_hash"], str):
            return str(known["inputs_hash"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    digest = inputs_hash(files, _STORE_KIND)
    write_text(record, json.dumps({"inputs_hash": digest, "stat": stat}))
    return digest


def write_pointer(folder: Path, base: str, fetched: pd.Timestamp) -> None:
    """Name ``folder`` (fetched from ``base``) as the history of the cache."""
    write_text(
        folder.parent / _POINTER,
        json.dumps({"folder": folder.name, "base_url": base, "fetched": f"{fetched:%Y-%m-%d}"}),
    )


def cached_history(cache_dir: str | os.PathLike[str] | None) -> tuple[Path, str]:
    """The folder of the history fetched last, and the address it was fetched from."""
    pointer = cache_folder(cache_dir) / ROOT / _POINTER
    try:
        info = json.loads(pointer.read_text(encoding="utf-8"))
        return pointer.parent / str(info["folder"]), str(info["base_url"])
    except (OSError, ValueError, KeyError, TypeError):
        raise FileNotFoundError(
            f"no DeepState history has been fetched into the cache ({pointer.parent}); run "
            "'frontline fetch --history' (or frontline.fetch_history()) first, or give "
            "--source DIR"
        ) from None


def no_history(folder: Path) -> FileNotFoundError:
    """The error of a cache folder without daily files."""
    return FileNotFoundError(
        f"no DeepState history in the cache ({folder}); fetch it with 'frontline fetch "
        "--history' or frontline.fetch_history()"
    )


def fetched_history_info(cache_dir: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """What the history fetched into the cache holds, without reading it (no network).

    Returns
    -------
    dict
        ``folder``, ``base_url``, ``days`` (files), ``latest_snapshot`` (Timestamp),
        ``staleness`` (a sentence, see :func:`staleness`) and ``inputs_hash`` (the content
        hash of the daily files, the key under which results made from them can be kept).

    Raises
    ------
    FileNotFoundError
        Nothing was fetched into the cache.

    Examples
    --------
    >>> import frontline as fl
    >>> fl.fetched_history_info()["latest_snapshot"]  # doctest: +SKIP
    Timestamp('2026-08-22 00:00:00')
    """
    folder, base = cached_history(cache_dir)
    files = daily_files(folder)
    if not files:
        raise no_history(folder)
    latest = day_of(files[-1])
    return {
        "folder": folder,
        "base_url": base,
        "days": len(files),
        "latest_snapshot": latest,
        "staleness": history_staleness(latest),
        "inputs_hash": files_digest(folder, files),
    }


def known_gaps(folder: Path) -> dict[pd.Timestamp, pd.Timestamp]:
    """The days the server did not have, with the day each was found missing (``gaps.json``;
    an unreadable record is no record: those days are asked for again)."""
    try:
        raw = json.loads((folder / _GAPS).read_text(encoding="utf-8"))
        return {parse_day(d, "gap"): parse_day(c, "checked") for d, c in raw["gaps"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def settled(gaps: dict[pd.Timestamp, pd.Timestamp]) -> set[pd.Timestamp]:
    """The gaps not worth asking for again: days already :data:`SETTLED_AFTER_DAYS` old when
    they were found missing.

    Examples
    --------
    >>> d = pd.Timestamp("2025-01-01")
    >>> sorted(settled({d: pd.Timestamp("2025-01-02"), d - pd.Timedelta(days=9): d}))
    [Timestamp('2024-12-23 00:00:00')]
    """
    return {day for day, checked in gaps.items() if (checked - day).days > SETTLED_AFTER_DAYS}


def record_gaps(
    folder: Path,
    gaps: dict[pd.Timestamp, pd.Timestamp],
    *,
    found: Iterable[pd.Timestamp] = (),
) -> None:
    """Keep ``gaps`` (day -> day found missing) in ``gaps.json``, less the days ``found`` since."""
    kept = {d: c for d, c in gaps.items() if d not in set(found)}
    text = json.dumps({"gaps": {f"{d:%Y-%m-%d}": f"{c:%Y-%m-%d}" for d, c in sorted(kept.items())}})
    folder.mkdir(parents=True, exist_ok=True)
    write_text(folder / _GAPS, text)
