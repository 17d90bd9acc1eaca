"""The one HTTP downloader: a deadline per request, retries, and nothing bad in the cache.

:func:`download` GETs a URL with a *total* deadline per attempt (the whole body must arrive in
``timeout`` seconds, not merely each read), retries network errors, HTTP 429 and 5xx with
exponential backoff, checks the body with a caller-supplied function *before* it is written,
and writes it atomically (:mod:`frontline._atomic`). :func:`cached` returns a file already in
the cache if the same check accepts it; a cached file that fails the check is deleted with a
message naming it, and fetched again. Failures raise :class:`frontline._errors.FetchError`
naming the URL. Written with the standard library (urllib) so that no HTTP client is a
dependency.
"""

from __future__ import annotations

import http.client
import os
import socket
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

from frontline._atomic import write_bytes
from frontline._errors import FetchError

__all__ = ["BACKOFF_S", "USER_AGENT", "cached", "check_options", "download"]

#: First retry delay in seconds; doubled for each further attempt.
BACKOFF_S = 0.5
USER_AGENT = "frontline-maps (Python; +https://pypi.org/project/frontline-maps/)"
_CHUNK = 1 << 16

#: A check receives the body and raises ``ValueError`` saying what is wrong with it.
Check = Callable[[bytes], None]


def check_options(base_url: str, timeout: float, retries: int) -> str:
    """``base_url`` without a trailing slash, after checking the three options."""
    parts = urllib.parse.urlsplit(str(base_url))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"base_url must be an http(s) URL, got {base_url!r}")
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not timeout > 0:
        raise ValueError(f"timeout must be a positive number of seconds, got {timeout!r}")
    if not isinstance(retries, int) or isinstance(retries, bool) or retries < 0:
        raise ValueError(f"retries must be a whole number >= 0, got {retries!r}")
    return str(base_url).rstrip("/")


def _read_before(response: http.client.HTTPResponse, deadline: float, url: str) -> bytes:
    chunks: list[bytes] = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"the whole response did not arrive in time from {url}")
        sock = getattr(getattr(response, "fp", None), "raw", None)
        inner = getattr(sock, "_sock", None)
        if isinstance(inner, socket.socket):
            inner.settimeout(left)
        chunk = response.read1(_CHUNK)  # what has arrived, so the deadline is checked often
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _attempt(url: str, timeout: float, accept: str) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": accept})
    deadline = time.monotonic() + timeout
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return _read_before(response, deadline, url)
    except TimeoutError:
        raise TimeoutError(f"the whole response did not arrive in time ({timeout} s)") from None


def download(
    url: str,
    path: str | os.PathLike[str],
    *,
    check: Check,
    timeout: float,
    retries: int,
    accept: str = "*/*",
    offline_hint: str = "",
) -> Path:
    """GET ``url`` and write the body to ``path`` once ``check`` accepts it.

    A body that ``check`` rejects is retried like a network error (a proxy's error page, a
    cut-off download) and never written. ``timeout`` is the deadline for one whole attempt.
    """
    last = ""
    target = Path(path)
    for attempt in range(retries + 1):
        if attempt:
            time.sleep(BACKOFF_S * 2 ** (attempt - 1))
        try:
            body = _attempt(url, timeout, accept)
        except urllib.error.HTTPError as exc:
            last = f"HTTP {exc.code} {exc.reason}"
            exc.close()
            if exc.code != 429 and exc.code < 500:
                raise FetchError(f"{url} answered {last}", url=url) from None
            continue
        except (urllib.error.URLError, TimeoutError, OSError, http.client.HTTPException) as exc:
            reason = getattr(exc, "reason", None) or exc
            last = f"{type(exc).__name__}: {reason}"
            if isinstance(reason, socket.gaierror):
                raise FetchError(
                    f"could not fetch {url}: the host name does not resolve ({reason}); check "
                    f"the address and the network connection{offline_hint}",
                    url=url,
                ) from None
            continue
        try:
            check(body)
        except ValueError as exc:
            last = f"unusable response: {exc}"
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        return write_bytes(target, body)
    tries = retries + 1
    raise FetchError(
        f"could not fetch {url} after {tries} attempt{'s' if tries > 1 else ''} ({last}); "
        f"check the network connection{offline_hint}",
        url=url,
    )


def cached(path: str | os.PathLike[str], *, check: Check) -> Path | None:
    """``path`` if it exists and ``check`` accepts its content; a bad file is deleted.

    The deletion is reported on standard error, naming the file and what is wrong with it.
    """
    target = Path(path)
    if not target.is_file():
        return None
    try:
        check(target.read_bytes())
    except (OSError, ValueError) as exc:
        print(
            f"frontline: discarding the cached file {target}: {exc}; fetching it again",
            file=sys.stderr,
        )
        target.unlink(missing_ok=True)
        return None
    return target
