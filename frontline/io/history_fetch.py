"""The whole DeepState history in one call: the public daily mirror, cached and stored compactly.

The daily mirror of DeepStateMap's map (https://github.com/cyterat/deepstate-map-data, GPL-3.0;
the assessments are DeepStateMap's, https://deepstatemap.live: credit them) holds one GeoJSON
file per day, ``<base_url>/deepstatemap_data_YYYYMMDD.geojson``, from 2024-07-08.
:func:`fetch_history` downloads the days of a range that the cache lacks, a few at a time, each
checked in full before it is written (:mod:`frontline.io._http`); a day the server does not have
(HTTP 404) is a gap, reported, not an error. The files go to
``<cache>/deepstate-mirror/<host>/`` (:func:`frontline._cache.cache_folder`), the parsed history
to ``history.parquet`` beside them (:mod:`frontline.io.history_store`), rebuilt when the files'
content hash changes, and ``<cache>/deepstate-mirror/default.json`` names the folder fetched
last: ``fetch_history(source="cache")`` (and ``frontline ... --source cache``) reads it without
the network.

The history returned carries in ``frame.attrs``: ``latest_snapshot`` (its last day),
``staleness`` (a sentence giving that day and, when it is more than two days before today,
saying so), ``credit``, ``fetched_from`` and ``inputs_hash`` (the content hash of the daily
files it was read from).
"""

from __future__ import annotations

import json
import os
import re
import sys
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Literal

import pandas as pd
import shapely
from tqdm.auto import tqdm

from frontline._atomic import write_text
from frontline._cache import cache_folder
from frontline._dates import parse_day
from frontline._errors import DateOutOfRangeError, FetchError
from frontline.control import ControlHistory
from frontline.io._http import cached, check_options, download
from frontline.io.deepstate import read_deepstate
from frontline.io.history_store import inputs_hash, read_history, save_history, store_info

__all__ = [
    "CREDIT",
    "DEFAULT_HISTORY_URL",
    "FIRST_DAY",
    "STALE_AFTER_DAYS",
    "fetch_history",
    "fetched_history_info",
    "staleness",
]

#: The raw-file address of the daily mirror's ``data/`` folder.
DEFAULT_HISTORY_URL = "https://raw.githubusercontent.com/cyterat/deepstate-map-data/main/data"
#: The mirror's first day.
FIRST_DAY = pd.Timestamp("2024-07-08")
#: A history whose latest snapshot is older than this many days is called out of date.
STALE_AFTER_DAYS = 2
CREDIT = (
    "DeepStateMap (https://deepstatemap.live), daily mirror cyterat/deepstate-map-data (GPL-3.0)"
)
_ROOT = "deepstate-mirror"
_STORE = "history.parquet"
_POINTER = "default.json"
_RECORD = "hash.json"
_STORE_KIND = "fetch_history v1"
_WORKERS = 4
_NOT_FOUND = re.compile(r"answered HTTP 404\b")


def _name(day: pd.Timestamp) -> str:
    return f"deepstatemap_data_{day:%Y%m%d}.geojson"


def _check_day(data: bytes) -> None:
    """Raise ValueError unless ``data`` is a GeoJSON file with areas (the mirror's layout)."""
    try:
        doc = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"not JSON ({exc})") from None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        raise ValueError("not a GeoJSON FeatureCollection")
    try:
        geom = shapely.from_geojson(data)
    except (shapely.errors.GEOSException, ValueError) as exc:
        raise ValueError(f"not GeoJSON ({exc})") from None
    if geom is None or geom.is_empty or shapely.area(geom) <= 0:
        raise ValueError("no areas in the file")


def _today() -> pd.Timestamp:
    return pd.Timestamp.now(tz="Europe/Kyiv").tz_localize(None).normalize()


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
    now = _today() if today is None else parse_day(today, "today")
    age = (now - latest).days
    text = f"latest snapshot {latest:%Y-%m-%d}"
    if age > STALE_AFTER_DAYS:
        text += f", {age} days old: out of date (run 'frontline fetch --history' to update)"
    return text


def _folder(base: str, cache_dir: str | os.PathLike[str] | None) -> Path:
    host = urllib.parse.urlsplit(base).netloc or "local"
    return cache_folder(cache_dir) / _ROOT / re.sub(r"[^A-Za-z0-9._-]+", "_", host)


def _files(folder: Path) -> list[Path]:
    return sorted(folder.glob("deepstatemap_data_*.geojson"))


def _stored(folder: Path, *, check_files: bool) -> tuple[ControlHistory, str]:
    """The history of ``folder``'s files, from the store when it is up to date."""
    files = _files(folder)
    if check_files:
        files = [p for p in files if cached(p, check=_check_day) is not None]
    if not files:
        raise FileNotFoundError(
            f"no DeepState history in the cache ({folder}); fetch it with 'frontline fetch "
            "--history' or frontline.fetch_history()"
        )
    digest = _digest(folder, files)
    store = folder / _STORE
    try:
        if store_info(store).get("inputs_hash") == digest:
            return read_history(store), digest
    except (OSError, ValueError):
        pass  # missing, damaged or of another version: built again below
    history = read_deepstate(files, duplicates="last")
    save_history(history, store, inputs=digest)
    return history, digest


def _stat(files: list[Path]) -> list[list[Any]]:
    out: list[list[Any]] = []
    for p in files:
        st = p.stat()
        out.append([p.name, st.st_size, st.st_mtime_ns])
    return out


def _digest(folder: Path, files: list[Path]) -> str:
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
    folder, base = _cached_history(cache_dir)
    files = _files(folder)
    if not files:
        raise FileNotFoundError(
            f"no DeepState history in the cache ({folder}); fetch it with 'frontline fetch "
            "--history' or frontline.fetch_history()"
        )
    latest = parse_day(files[-1].name.removeprefix("deepstatemap_data_")[:8], "file name")
    return {
        "folder": folder,
        "base_url": base,
        "days": len(files),
        "latest_snapshot": latest,
        "staleness": f"DeepStateMap history: {staleness(latest)}",
        "inputs_hash": _digest(folder, files),
    }


def _label(history: ControlHistory, base: str, digest: str) -> ControlHistory:
    attrs = history.frame.attrs
    attrs["inputs_hash"] = digest
    attrs["latest_snapshot"] = history.end
    attrs["staleness"] = f"DeepStateMap history: {staleness(history.end)}"
    attrs["credit"] = CREDIT
    attrs["fetched_from"] = base
    return history


def _cached_history(cache_dir: str | os.PathLike[str] | None) -> tuple[Path, str]:
    pointer = cache_folder(cache_dir) / _ROOT / _POINTER
    try:
        info = json.loads(pointer.read_text(encoding="utf-8"))
        return pointer.parent / str(info["folder"]), str(info["base_url"])
    except (OSError, ValueError, KeyError, TypeError):
        raise FileNotFoundError(
            f"no DeepState history has been fetched into the cache ({pointer.parent}); run "
            "'frontline fetch --history' (or frontline.fetch_history()) first, or give "
            "--source DIR"
        ) from None


def fetch_history(
    start: Any = None,
    end: Any = None,
    *,
    source: Literal["mirror", "cache"] = "mirror",
    base_url: str = DEFAULT_HISTORY_URL,
    cache_dir: str | os.PathLike[str] | None = None,
    progress: bool = True,
    timeout: float = 60.0,
    retries: int = 3,
) -> ControlHistory:
    """DeepStateMap's daily history from its public mirror, downloading only what is missing.

    Parameters
    ----------
    start, end : date-like, optional
        The days to have (default: the mirror's first day, 2024-07-08, to today in Kyiv).
    source : {"mirror", "cache"}, default "mirror"
        "mirror" downloads the days of the range the cache lacks; "cache" uses no network and
        returns the history fetched before (every day in the cache, then cut to the range).
    base_url : str
        The folder holding the daily files (default: the mirror's raw-file address).
    cache_dir : path, optional
        Root of the cache (default: ``FRONTLINE_CACHE_DIR`` or the user cache directory).
    progress : bool, default True
        Show a progress bar of the downloads.
    timeout, retries
        Seconds for each whole download; further attempts after a network error or an
        unusable file.

    Returns
    -------
    ControlHistory
        The days of the range the mirror has (days it lacks are gaps, listed on stderr);
        ``frame.attrs`` hold ``latest_snapshot``, ``staleness``, ``credit``, ``fetched_from``.

    Raises
    ------
    DateOutOfRangeError
        A day before 2024-07-08 or after today, or a range in which the mirror has no day.
    FetchError
        The mirror cannot be reached or sends unusable files (nothing bad is cached).
    FileNotFoundError
        ``source="cache"`` and nothing was fetched before.

    Examples
    --------
    >>> import frontline as fl
    >>> h = fl.fetch_history("2025-06-01", "2025-06-30")  # doctest: +SKIP
    >>> h.frame.attrs["staleness"]  # doctest: +SKIP
    """
    if source not in ("mirror", "cache"):
        raise ValueError(f"source must be 'mirror' or 'cache', got {source!r}")
    today = _today()
    t0 = parse_day(start, "start") if start is not None else FIRST_DAY
    t1 = parse_day(end, "end") if end is not None else today
    if t1 < t0:
        raise ValueError(f"end {t1:%Y-%m-%d} is before start {t0:%Y-%m-%d}; swap them")
    if source == "cache":
        folder, base = _cached_history(cache_dir)
        history, digest = _stored(folder, check_files=False)
        if start is not None or end is not None:
            history = history.between(t0, t1)
        return _label(history, base, digest)
    for day, what in ((t0, "start"), (t1, "end")):
        if day < FIRST_DAY or day > today:
            raise DateOutOfRangeError(
                f"{what} {day:%Y-%m-%d}: the daily mirror has days from {FIRST_DAY:%Y-%m-%d} "
                f"to today ({today:%Y-%m-%d}); pick days in that range"
            )
    base = check_options(base_url, timeout, retries)
    folder = _folder(base, cache_dir)
    wanted = pd.date_range(t0, t1, freq="D")
    missing = [d for d in wanted if cached(folder / _name(d), check=_check_day) is None]
    gaps = _download(missing, base, folder, timeout=timeout, retries=retries, progress=progress)
    if gaps:
        listed = ", ".join(f"{d:%Y-%m-%d}" for d in gaps[:10])
        more = f" and {len(gaps) - 10} more" if len(gaps) > 10 else ""
        print(f"frontline: the mirror has no file for {listed}{more} (gaps)", file=sys.stderr)
    if len(gaps) == len(wanted):
        raise DateOutOfRangeError(
            f"the mirror at {base} has no day from {t0:%Y-%m-%d} to {t1:%Y-%m-%d}"
        )
    folder.mkdir(parents=True, exist_ok=True)
    write_text(
        folder.parent / _POINTER,
        json.dumps({"folder": folder.name, "base_url": base, "fetched": f"{today:%Y-%m-%d}"}),
    )
    history, digest = _stored(folder, check_files=False)
    return _label(history.between(t0, t1), base, digest)


def _download(
    days: list[pd.Timestamp],
    base: str,
    folder: Path,
    *,
    timeout: float,
    retries: int,
    progress: bool,
) -> list[pd.Timestamp]:
    """Download ``days`` a few at a time; the days the server does not have (404)."""

    def one(day: pd.Timestamp) -> pd.Timestamp | None:
        url = f"{base}/{_name(day)}"
        try:
            download(
                url,
                folder / _name(day),
                check=_check_day,
                timeout=timeout,
                retries=retries,
                accept="application/geo+json, application/json",
                offline_hint=" (days fetched before are in the cache)",
            )
        except FetchError as exc:
            if _NOT_FOUND.search(str(exc)):
                return day
            raise
        return None

    if not days:
        return []
    with ThreadPoolExecutor(max_workers=_WORKERS, thread_name_prefix="frontline-fetch") as pool:
        results = pool.map(one, days)
        if progress:
            results = tqdm(results, total=len(days), desc="DeepState mirror", unit="day")
        gaps = [d for d in results if d is not None]
    return sorted(gaps)
