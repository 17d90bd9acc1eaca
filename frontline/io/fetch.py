"""Fetch DeepStateMap editions from its public API, cached on disk.

DeepStateMap (https://deepstatemap.live) serves its map history without a key:

* ``/api/history/public`` lists every edition: a JSON list of objects with ``id`` (the
  publication time in unix seconds) and ``createdAt`` (the same time as ISO 8601 UTC);
* ``/api/history/<id>/geojson`` returns one edition in the raw format read by
  :func:`frontline.io.deepstate.read_deepstate`;
* ``/api/history/last`` returns the latest edition, ``{"id": ..., "map": <FeatureCollection>}``.

Editions are stored as ``<id>.geojson`` in a cache folder, so a day fetched once is read again
without the network (and the folder can be read with ``read_deepstate`` directly). The cache
folder is :func:`frontline._cache.cache_folder`'s; editions go to ``<cache>/deepstate/<host>/``.
Downloads go through :mod:`frontline.io._http`: a total deadline per request, retries with
exponential backoff, and every response checked in full (JSON, a FeatureCollection with areas
inside Ukraine) *before* it is written atomically to the cache; a cached file that fails the
same check is discarded with a message naming it and fetched again. A failure raises
:class:`FetchError` naming the URL. A day after today, or before the first edition, is refused
with DeepStateMap's range of editions.
"""

from __future__ import annotations

import json
import os
import re
import urllib.parse
from pathlib import Path
from typing import Any

import pandas as pd

from frontline._atomic import write_bytes
from frontline._cache import cache_folder
from frontline._dates import parse_day
from frontline._errors import DateOutOfRangeError, DeepStateReadError, FetchError
from frontline.control import ControlHistory
from frontline.io._http import cached, check_options, download
from frontline.io.deepstate import date_from_filename, read_deepstate
from frontline.io.deepstate._day import NO_AREAS, Day
from frontline.io.deepstate._raw import read_raw

__all__ = [
    "DEFAULT_BASE_URL",
    "FetchError",
    "cache_folder",
    "deepstate_editions",
    "fetch_deepstate",
]

#: DeepStateMap's public site.
DEFAULT_BASE_URL = "https://deepstatemap.live"

_LISTING = "history_public.json"
_LAST = "history_last.json"
_OFFLINE = " (snapshots fetched before are read from the cache without it)"


def _site_folder(base_url: str, cache_dir: str | os.PathLike[str] | None) -> Path:
    host = urllib.parse.urlsplit(base_url).netloc or "local"
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", host)
    return cache_folder(cache_dir) / "deepstate" / safe


def _json(data: bytes) -> Any:
    try:
        return json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"not JSON ({exc})") from None


def _check_edition(data: bytes) -> None:
    """Raise ValueError unless ``data`` is an edition with at least one area inside Ukraine."""
    doc = _json(data)
    if isinstance(doc, dict) and isinstance(doc.get("map"), dict):
        doc = doc["map"]
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        raise ValueError("not a GeoJSON FeatureCollection")
    day = Day(Path("edition.geojson"), pd.Timestamp("2000-01-01"), None)
    try:
        read_raw(day, doc)
    except DeepStateReadError as exc:
        raise ValueError(exc.reason) from None
    if not day.areas:
        raise ValueError(NO_AREAS)


def _check_last(data: bytes) -> None:
    doc = _json(data)
    ident = doc.get("id") if isinstance(doc, dict) else None
    if not (isinstance(ident, int | str) and str(ident).isdigit() and len(str(ident)) == 10):
        raise ValueError("no edition 'id' (unix seconds)")
    _check_edition(data)


def _check_listing(data: bytes) -> None:
    _editions_from(_json(data), "the listing")


def _editions_from(doc: Any, url: str) -> pd.DataFrame:
    if isinstance(doc, dict):
        doc = next((v for v in doc.values() if isinstance(v, list)), None)
    if not isinstance(doc, list):
        raise ValueError(f"{url} is not a list of editions")
    ids = []
    for entry in doc:
        value = entry.get("id") if isinstance(entry, dict) else None
        if isinstance(value, int | str) and str(value).isdigit() and len(str(value)) == 10:
            ids.append(int(value))
    if not ids:
        raise ValueError(f"{url} lists no editions with a unix-time 'id'")
    ids = sorted(set(ids))
    days = [date_from_filename(f"{i}.geojson") for i in ids]
    return pd.DataFrame(
        {
            "id": ids,
            "published": pd.DatetimeIndex([p for _, p in days]),
            "date": pd.DatetimeIndex([d for d, _ in days]),
        }
    )


# --------------------------------------------------------------------------------------------
# public
# --------------------------------------------------------------------------------------------


def deepstate_editions(
    *,
    base_url: str = DEFAULT_BASE_URL,
    cache_dir: str | os.PathLike[str] | None = None,
    timeout: float = 30.0,
    retries: int = 3,
) -> pd.DataFrame:
    """DeepStateMap's list of editions, fetched now (and saved to the cache once checked).

    Returns
    -------
    pandas.DataFrame
        Columns ``id`` (unix seconds), ``published`` (UTC) and ``date`` (the day the edition
        describes: its publication day in Kyiv time), sorted by ``id``.
    """
    base = check_options(base_url, timeout, retries)
    url = f"{base}/api/history/public"
    path = download(
        url,
        _site_folder(base, cache_dir) / _LISTING,
        check=_check_listing,
        timeout=timeout,
        retries=retries,
        accept="application/json",
        offline_hint=_OFFLINE,
    )
    return _editions_from(json.loads(path.read_bytes()), url)


def _cached_editions(folder: Path) -> pd.DataFrame | None:
    path = cached(folder / _LISTING, check=_check_listing)
    if path is None:
        return None
    return _editions_from(json.loads(path.read_bytes()), str(path))


def _today_in_kyiv() -> pd.Timestamp:
    return pd.Timestamp.now(tz="Europe/Kyiv").tz_localize(None).normalize()


def _refuse(day: pd.Timestamp, editions: pd.DataFrame, why: str) -> DateOutOfRangeError:
    first, last = editions["date"].iloc[0], editions["date"].iloc[-1]
    return DateOutOfRangeError(
        f"DeepStateMap has editions from {first:%Y-%m-%d} to {last:%Y-%m-%d}; there is none "
        f"for {day:%Y-%m-%d} ({why}); pick a day in that range"
    )


def fetch_deepstate(
    date: Any = None,
    *,
    base_url: str = DEFAULT_BASE_URL,
    cache_dir: str | os.PathLike[str] | None = None,
    timeout: float = 30.0,
    retries: int = 3,
) -> ControlHistory:
    """DeepStateMap's latest edition, or the edition for a given day, from its public API.

    Parameters
    ----------
    date : date-like, optional
        None (default) fetches the latest edition (always asks the server). A day fetches the
        last edition published on that day in Kyiv time, or, if none was published that day,
        the latest earlier one (its own date is kept, so ``as_of`` marks the day as carried
        forward). Editions already in the cache are read without the network when the cached
        list of editions shows that day is complete.
    base_url : str, default "https://deepstatemap.live"
    cache_dir : path, optional
        Root of the cache (default: ``FRONTLINE_CACHE_DIR`` or the user cache directory).
    timeout : float, default 30
        Seconds for each whole request (the body included, however slowly it arrives).
    retries : int, default 3
        Further attempts after a network error, HTTP 429 or 5xx, or an unusable response
        (backoff 0.5 s, 1 s, 2 s ...).

    Returns
    -------
    ControlHistory
        One day, read with :func:`~frontline.io.deepstate.read_deepstate` from the cached file.

    Raises
    ------
    FetchError
        The server cannot be reached (offline), or sends something unusable (nothing is
        cached then).
    DateOutOfRangeError
        ``date`` is before DeepStateMap's first edition or after today (Kyiv time); the
        message gives the range of editions.

    Examples
    --------
    >>> import frontline as fl
    >>> h = fl.fetch_deepstate("2025-06-08")  # doctest: +SKIP
    """
    base = check_options(base_url, timeout, retries)
    folder = _site_folder(base, cache_dir)
    options: dict[str, Any] = {"timeout": timeout, "retries": retries, "offline_hint": _OFFLINE}
    if date is None:
        url = f"{base}/api/history/last"
        last = download(
            url, folder / _LAST, check=_check_last, accept="application/json", **options
        )
        doc = json.loads(last.read_bytes())
        path = folder / f"{int(doc['id'])}.geojson"
        if cached(path, check=_check_edition) is None:
            body = json.dumps(doc["map"], ensure_ascii=False, separators=(",", ":"))
            write_bytes(path, body.encode())
        return read_deepstate(path)

    day = parse_day(date)
    editions = _cached_editions(folder)
    if editions is None or not (editions["date"] > day).any():
        editions = deepstate_editions(
            base_url=base, cache_dir=cache_dir, timeout=timeout, retries=retries
        )
    if day > _today_in_kyiv():
        raise _refuse(day, editions, "a day in the future")
    chosen = editions[editions["date"] <= day]
    if chosen.empty:
        raise _refuse(day, editions, "before the first edition")
    ident = int(chosen["id"].iloc[-1])
    path = folder / f"{ident}.geojson"
    if cached(path, check=_check_edition) is None:
        url = f"{base}/api/history/{ident}/geojson"
        download(url, path, check=_check_edition, accept="application/json", **options)
    return read_deepstate(path)
