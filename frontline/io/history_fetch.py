"""The whole DeepState history in one call: the public daily mirror, cached and stored compactly.

The daily mirror of DeepStateMap's map (https://github.com/cyterat/deepstate-map-data, GPL-3.0;
the assessments are DeepStateMap's, https://deepstatemap.live: credit them) holds one GeoJSON
file per day, ``<base_url>/deepstatemap_data_YYYYMMDD.geojson``, from 2024-07-08.
:func:`fetch_history` downloads the days of a range that the cache lacks, a few at a time, each
checked in full before it is written (:mod:`frontline.io._http`); a day the server does not have
(HTTP 404) is a gap, reported, not an error, and remembered in the cache (``gaps.json``): a day
already more than three days old when found missing is not asked for again unless
``refresh=True``, since the mirror does not fill in old days. The files go to
``<cache>/deepstate-mirror/<host>/`` (:func:`frontline._cache.cache_folder`), the parsed history
to ``history.parquet`` beside them (:mod:`frontline.io.history_store`), rebuilt when the files'
content hash changes, and ``<cache>/deepstate-mirror/default.json`` names the folder fetched
last: ``fetch_history(source="cache")`` (and ``frontline ... --source cache``) reads it without
the network. The small records of the cache (that pointer, the content hash, the gaps) and
:func:`fetched_history_info` / :func:`staleness` are in :mod:`frontline.io._history_cache`,
which imports no geometry library, and are re-exported here.

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

from frontline._cache import cache_folder
from frontline._dates import parse_day
from frontline._errors import DateOutOfRangeError, FetchError
from frontline.control import ControlHistory
from frontline.io._history_cache import (
    ROOT,
    STALE_AFTER_DAYS,
    cached_history,
    daily_files,
    fetched_history_info,
    files_digest,
    history_staleness,
    known_gaps,
    kyiv_today,
    no_history,
    record_gaps,
    settled,
    staleness,
    write_pointer,
)
from frontline.io._http import cached, check_options, download
from frontline.io.deepstate import read_deepstate
from frontline.io.history_store import read_history, save_history, store_info

__all__ = [
    "CREDIT",
    "DEFAULT_HISTORY_URL",
    "FIRST_DAY",
    "STALE_AFTER_DAYS",
    "fetch_history",
    "fetched_history_info",
    "staleness",
]

#: The raw-file address of the daily mirror's ``data/`` folder. Checked: the repository's
#: default branch is ``main`` and its ``data/`` folder holds ``deepstatemap_data_YYYYMMDD.geojson``
#: files, one a day from 2024-07-08.
DEFAULT_HISTORY_URL = "https://raw.githubusercontent.com/cyterat/deepstate-map-data/main/data"
#: The mirror's first day.
FIRST_DAY = pd.Timestamp("2024-07-08")
CREDIT = (
    "DeepStateMap (https://deepstatemap.live), daily mirror cyterat/deepstate-map-data (GPL-3.0)"
)
_STORE = "history.parquet"
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


def _folder(base: str, cache_dir: str | os.PathLike[str] | None) -> Path:
    host = urllib.parse.urlsplit(base).netloc or "local"
    return cache_folder(cache_dir) / ROOT / re.sub(r"[^A-Za-z0-9._-]+", "_", host)


def _stored(folder: Path, *, check_files: bool) -> tuple[ControlHistory, str]:
    """The history of ``folder``'s files, from the store when it is up to date."""
    files = daily_files(folder)
    if check_files:
        files = [p for p in files if cached(p, check=_check_day) is not None]
    if not files:
        raise no_history(folder)
    digest = files_digest(folder, files)
    store = folder / _STORE
    try:
        if store_info(store).get("inputs_hash") == digest:
            return read_history(store), digest
    except (OSError, ValueError):
        pass  # missing, damaged or of another version: built again below
    history = read_deepstate(files, duplicates="last")
    save_history(history, store, inputs=digest)
    return history, digest


def _label(history: ControlHistory, base: str, digest: str) -> ControlHistory:
    attrs = history.frame.attrs
    attrs["inputs_hash"] = digest
    attrs["latest_snapshot"] = history.end
    attrs["staleness"] = history_staleness(history.end)
    attrs["credit"] = CREDIT
    attrs["fetched_from"] = base
    return history


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
    refresh: bool = False,
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
    refresh : bool, default False
        Ask the server again for the days it did not have. By default a day found missing
        when it was already more than three days old is not asked for again (the mirror
        writes one file a day and does not fill in old days); such days are kept, with the
        day they were found missing, in ``gaps.json`` in the cache folder.

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
    today = kyiv_today()
    t0 = parse_day(start, "start") if start is not None else FIRST_DAY
    t1 = parse_day(end, "end") if end is not None else today
    if t1 < t0:
        raise ValueError(f"end {t1:%Y-%m-%d} is before start {t0:%Y-%m-%d}; swap them")
    if source == "cache":
        folder, base = cached_history(cache_dir)
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
    known = known_gaps(folder)
    skip = set() if refresh else settled(known)
    missing = [d for d in wanted if cached(folder / _name(d), check=_check_day) is None]
    ask = [d for d in missing if d not in skip]
    lacking = _download(ask, base, folder, timeout=timeout, retries=retries, progress=progress)
    if ask:  # what was asked for: found now, or missing as of today
        record = {**known, **dict.fromkeys(lacking, today)}
        found = set(ask) - set(lacking)
        if record != known or found & set(known):
            record_gaps(folder, record, found=found)
    gaps = sorted(set(lacking) | (set(missing) & skip))
    if gaps:
        listed = ", ".join(f"{d:%Y-%m-%d}" for d in gaps[:10])
        more = f" and {len(gaps) - 10} more" if len(gaps) > 10 else ""
        again = (
            "; days found missing before were not asked for again (refresh=True or "
            "'frontline fetch --history --refresh' asks)"
            if set(gaps) & skip
            else ""
        )
        print(
            f"frontline: the mirror has no file for {listed}{more} (gaps){again}", file=sys.stderr
        )
    if len(gaps) == len(wanted):
        raise DateOutOfRangeError(
            f"the mirror at {base} has no day from {t0:%Y-%m-%d} to {t1:%Y-%m-%d}"
        )
    folder.mkdir(parents=True, exist_ok=True)
    write_pointer(folder, base, today)
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
