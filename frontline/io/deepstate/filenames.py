"""The day a DeepState file describes, read from its name."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd

__all__ = ["SUFFIXES", "date_from_filename"]

_UNIX = re.compile(r"^(\d{10})$")
_UNIX_MIN, _UNIX_MAX = 1_000_000_000, 4_102_444_800  # 2001-09-09 .. 2100-01-01
_YMD = re.compile(r"(?<!\d)((?:19|20)\d{2})-?(\d{2})-?(\d{2})(?!\d)")
#: The file name endings of snapshot files.
SUFFIXES = (".geojson", ".json")


@lru_cache(maxsize=1)
def _kyiv() -> str:
    for name in ("Europe/Kyiv", "Europe/Kiev"):
        try:
            ZoneInfo(name)
        except ZoneInfoNotFoundError:
            continue
        return name
    raise RuntimeError(  # pragma: no cover - every supported platform has one of them
        "the time zone Europe/Kyiv is unknown here; pip install tzdata"
    )


def date_from_filename(name: str) -> tuple[pd.Timestamp, pd.Timestamp | None]:
    """The day a snapshot file describes, from its name, and its publication time if known.

    ``<unix-seconds>.geojson`` (10 digits; raw editions) is a publication time in UTC and
    describes its publication day in Kyiv time (Europe/Kyiv). Otherwise the first
    ``YYYYMMDD`` or ``YYYY-MM-DD`` in the name is the day (``deepstatemap_data_20250608``,
    ``2025-06-08``).

    Returns
    -------
    (Timestamp, Timestamp or None)
        The day (tz-naive midnight) and the publication time (UTC) or None.

    Raises
    ------
    ValueError
        The name holds no valid date.

    Examples
    --------
    >>> date_from_filename("deepstatemap_data_20250608.geojson")
    (Timestamp('2025-06-08 00:00:00'), None)
    >>> date_from_filename("1749327130.geojson")
    (Timestamp('2025-06-07 00:00:00'), Timestamp('2025-06-07 20:12:10+0000', tz='UTC'))
    """
    stem = Path(name).name
    for suffix in SUFFIXES:
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    m = _UNIX.match(stem)
    if m:
        seconds = int(m.group(1))
        if not _UNIX_MIN <= seconds < _UNIX_MAX:
            raise ValueError(
                f"the file name {name!r} holds no date: {seconds} is not a unix time between "
                "2001 and 2100"
            )
        published = pd.Timestamp(seconds, unit="s", tz="UTC")
        day = published.tz_convert(_kyiv()).tz_localize(None).normalize()
        return day.as_unit("ns"), published.as_unit("ns")
    for m in _YMD.finditer(stem):
        try:
            day = pd.Timestamp(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            continue
        return day.as_unit("ns"), None
    raise ValueError(
        f"the file name {name!r} holds no date; name daily files like "
        "deepstatemap_data_YYYYMMDD.geojson or YYYY-MM-DD.geojson, and raw editions "
        "<unix-seconds>.geojson"
    )
