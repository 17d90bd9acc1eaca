"""Fetch DeepStateMap editions from its public API, cached on disk.

DeepStateMap (https://deepstatemap.live) serves its map history without a key:

* ``/api/history/public`` lists every edition: a JSON list of objects with ``id`` (the
  publication time in unix seconds) and ``createdAt`` (the same time as ISO 8601 UTC);
* ``/api/history/<id>/geojson`` returns one edition in the raw format read by
  :func:`frontline.io.deepstate.read_deepstate`;
* ``/api/history/last`` returns the latest edition, ``{"id": ..., "map": <FeatureCollection>}``.

Editions are stored as ``<id>.geojson`` in a cache folder, so a day fetched once is read again
without the network (and the folder can be read with ``read_deepstate`` directly). The cache
folder is, in order: the ``cache_dir`` argument, the ``FRONTLINE_CACHE_DIR`` environment
variable, the user cache directory (``platformdirs``, if installed) or ``~/.cache/frontline``;
editions go to ``<cache>/deepstate/<host>/``. Writes are atomic (temporary file, then
``os.replace``). Requests time out, are retried with exponential backoff, and a failure raises
:class:`FetchError` naming the URL.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import pandas as pd

from frontline._atomic import write_bytes
from frontline._dates import parse_day
from frontline._errors import DateOutOfRangeError, FetchError
from frontline.control import ControlHistory
from frontline.io.deepstate import date_from_filename, read_deepstate

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
_BACKOFF_S = 0.5  # first retry delay; doubled for each further attempt
_USER_AGENT = "frontline-maps (Python; +https://pypi.org/project/frontline-maps/)"


# --------------------------------------------------------------------------------------------
# cache
# --------------------------------------------------------------------------------------------


def cache_folder(cache_dir: str | os.PathLike[str] | None = None) -> Path:
    """The root cache folder (see the module docstring for the order of choices).

    Examples
    --------
    >>> cache_folder("/tmp/frontline-cache").as_posix()
    '/tmp/frontline-cache'
    """
    if cache_dir is not None:
        return Path(cache_dir).expanduser()
    env = os.environ.get("FRONTLINE_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    try:
        import platformdirs
    except ImportError:
        return Path.home() / ".cache" / "frontline"
    return Path(platformdirs.user_cache_dir("frontline", appauthor=False))


def _site_folder(base_url: str, cache_dir: str | os.PathLike[str] | None) -> Path:
    host = urllib.parse.urlsplit(base_url).netloc or "local"
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", host)
    return cache_folder(cache_dir) / "deepstate" / safe


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_bytes(path, data)


# --------------------------------------------------------------------------------------------
# HTTP
# --------------------------------------------------------------------------------------------


def _check_options(base_url: str, timeout: float, retries: int) -> str:
    parts = urllib.parse.urlsplit(str(base_url))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"base_url must be an http(s) URL, got {base_url!r}")
    if not isinstance(timeout, int | float) or not timeout > 0:
        raise ValueError(f"timeout must be a positive number of seconds, got {timeout!r}")
    if not isinstance(retries, int) or isinstance(retries, bool) or retries < 0:
        raise ValueError(f"retries must be a whole number >= 0, got {retries!r}")
    return str(base_url).rstrip("/")


def _get(url: str, *, timeout: float, retries: int) -> bytes:
    """GET with a timeout, retrying network errors, 429 and 5xx with exponential backoff."""
    request = urllib.request.Request(
        url, headers={"User-Agent": _USER_AGENT, "Accept": "application/json"}
    )
    last = ""
    for attempt in range(retries + 1):
        if attempt:
            time.sleep(_BACKOFF_S * 2 ** (attempt - 1))
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.read()
        except urllib.error.HTTPError as exc:
            last = f"HTTP {exc.code} {exc.reason}"
            exc.close()
            if exc.code != 429 and exc.code < 500:
                raise FetchError(f"{url} answered {last}", url=url) from None
        except (urllib.error.URLError, TimeoutError, OSError, http.client.HTTPException) as exc:
            reason = getattr(exc, "reason", None) or exc
            last = f"{type(exc).__name__}: {reason}"
            if isinstance(reason, socket.gaierror):  # no such host, or no network: say so now
                raise FetchError(
                    f"could not fetch {url}: the host name does not resolve ({reason}); check "
                    "the address and the network connection (snapshots fetched before are "
                    "read from the cache without it)",
                    url=url,
                ) from None
    tries = retries + 1
    raise FetchError(
        f"could not fetch {url} after {tries} attempt{'s' if tries > 1 else ''} ({last}); "
        "check the network connection (snapshots fetched before are read from the cache "
        "without it)",
        url=url,
    )


def _json(data: bytes, url: str) -> Any:
    try:
        return json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FetchError(f"{url} did not send JSON ({exc})", url=url) from None


def _editions_from(doc: Any, url: str) -> pd.DataFrame:
    if isinstance(doc, dict):
        doc = next((v for v in doc.values() if isinstance(v, list)), None)
    if not isinstance(doc, list):
        raise FetchError(f"{url} did not send a list of editions", url=url)
    ids = []
    for entry in doc:
        value = entry.get("id") if isinstance(entry, dict) else None
        if isinstance(value, int | str) and str(value).isdigit() and len(str(value)) == 10:
            ids.append(int(value))
    if not ids:
        raise FetchError(f"{url} listed no editions with a unix-time 'id'", url=url)
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
    """DeepStateMap's list of editions, fetched now (and saved to the cache).

    Returns
    -------
    pandas.DataFrame
        Columns ``id`` (unix seconds), ``published`` (UTC) and ``date`` (the day the edition
        describes: its publication day in Kyiv time), sorted by ``id``.
    """
    base = _check_options(base_url, timeout, retries)
    url = f"{base}/api/history/public"
    data = _get(url, timeout=timeout, retries=retries)
    editions = _editions_from(_json(data, url), url)
    _write_atomic(_site_folder(base, cache_dir) / _LISTING, data)
    return editions


def _cached_editions(folder: Path) -> pd.DataFrame | None:
    path = folder / _LISTING
    try:
        return _editions_from(json.loads(path.read_bytes()), str(path))
    except (OSError, ValueError, FetchError):
        return None


def _save_edition(path: Path, doc: Any, url: str) -> None:
    if isinstance(doc, dict) and isinstance(doc.get("map"), dict):
        doc = doc["map"]
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        raise FetchError(f"{url} did not send a GeoJSON FeatureCollection", url=url)
    _write_atomic(path, json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode())


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
        Seconds per request.
    retries : int, default 3
        Further attempts after a network error, HTTP 429 or 5xx (backoff 0.5 s, 1 s, 2 s ...).

    Returns
    -------
    ControlHistory
        One day, read with :func:`~frontline.io.deepstate.read_deepstate` from the cached file.

    Raises
    ------
    FetchError
        The server cannot be reached (offline), or sends something unusable.
    DateOutOfRangeError
        ``date`` is before DeepStateMap's first edition.

    Examples
    --------
    >>> import frontline as fl
    >>> h = fl.fetch_deepstate("2025-06-08")  # doctest: +SKIP
    """
    base = _check_options(base_url, timeout, retries)
    folder = _site_folder(base, cache_dir)
    if date is None:
        url = f"{base}/api/history/last"
        doc = _json(_get(url, timeout=timeout, retries=retries), url)
        ident = doc.get("id") if isinstance(doc, dict) else None
        if not (isinstance(ident, int | str) and str(ident).isdigit()):
            raise FetchError(f"{url} sent no edition 'id'", url=url)
        path = folder / f"{int(ident)}.geojson"
        _save_edition(path, doc, url)
        return read_deepstate(path)

    day = parse_day(date)
    editions = _cached_editions(folder)
    if editions is None or not (editions["date"] > day).any():
        editions = deepstate_editions(
            base_url=base, cache_dir=cache_dir, timeout=timeout, retries=retries
        )
    chosen = editions[editions["date"] <= day]
    if chosen.empty:
        raise DateOutOfRangeError(
            f"DeepStateMap's first edition is dated {editions['date'].iloc[0]:%Y-%m-%d}; "
            f"there is none for {day:%Y-%m-%d}"
        )
    ident = int(chosen["id"].iloc[-1])
    path = folder / f"{ident}.geojson"
    if not path.is_file():
        url = f"{base}/api/history/{ident}/geojson"
        _save_edition(path, _json(_get(url, timeout=timeout, retries=retries), url), url)
    return read_deepstate(path)
