"""Reading days: ISO 8601 only, nothing guessed.

Every public function that takes a day (``as_of``, ``area_share``, ``map_day``, claims' dates,
the command line...) reads it here, so that ``"08/06/2025"`` is refused everywhere instead of
being taken as 6 August in one place and 8 June in another.

Accepted: ISO 8601 text (``"2025-06-08"``, the basic form ``"20250608"``, the year-first form
without zero padding ``"2025-6-8"`` -- year, month, day, so nothing to guess -- or a date and
time such as ``"2025-06-08T10:30+03:00"``, whose own calendar day is taken), :class:`datetime.date`,
:class:`datetime.datetime`, :class:`numpy.datetime64` and :class:`pandas.Timestamp`. A
time-zone-aware value keeps the calendar day it names in its own zone.

:func:`parse_date` is the public face (``fl.parse_date``; it lived in :mod:`frontline.claims`
before); :func:`parse_day` is the same with the argument named in the message, for internal use.
:func:`date_from_filename` reads the day a snapshot file describes from its name (re-exported
by :mod:`frontline.io.deepstate`); it lives here, with no geometry library imported, so that
the command line can list a folder's days quickly.
"""

from __future__ import annotations

import datetime as _dt
import re
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pandas as pd

__all__ = [
    "DATE_HINT",
    "SUFFIXES",
    "date_from_filename",
    "kyiv_zone",
    "parse_date",
    "parse_day",
    "to_timestamp",
]

DATE_HINT = "write it as ISO 8601, YYYY-MM-DD (e.g. '2025-06-08')"

_ISO_DAY = re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})", re.ASCII)
_ISO_BASIC_DAY = re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})", re.ASCII)
_ISO_TIME = re.compile(
    r"(?P<day>\d{4}-\d{2}-\d{2})[T ](?P<time>\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)"
    r"(?P<tz>Z|z|[+-]\d{2}(:?\d{2}(:?\d{2}(\.\d{1,6})?)?)?)?"
)
_NUMERIC_DAY = re.compile(r"\d{1,4}\s*[./\-]\s*\d{1,2}\s*[./\-]\s*\d{1,4}")
_UNIX = re.compile(r"^(\d{10})$")
_UNIX_MIN, _UNIX_MAX = 1_000_000_000, 4_102_444_800  # 2001-09-09 .. 2100-01-01
_YMD = re.compile(r"(?<!\d)((?:19|20)\d{2})-?(\d{2})-?(\d{2})(?!\d)")
#: The file name endings of snapshot files.
SUFFIXES = (".geojson", ".json")


def to_timestamp(value: Any) -> pd.Timestamp:
    """Any accepted date-like value as a nanosecond :class:`pandas.Timestamp` (maybe tz-aware).

    Raises ``ValueError`` with the reason and how to write the date.

    Examples
    --------
    >>> to_timestamp("2025-06-08T10:30+03:00")
    Timestamp('2025-06-08 10:30:00+0300', tz='UTC+03:00')
    >>> to_timestamp("2025-6-8") == to_timestamp("20250608") == to_timestamp("2025-06-08")
    True
    """
    if isinstance(value, bool) or value is None:
        raise ValueError(
            f"a date must be ISO 8601 text, a date, a datetime or a Timestamp; {DATE_HINT}"
        )
    try:
        if isinstance(value, pd.Timestamp | _dt.datetime | _dt.date | np.datetime64):
            ts = pd.Timestamp(value)
        elif isinstance(value, str):
            text = value.strip()
            day = _ISO_DAY.fullmatch(text) or _ISO_BASIC_DAY.fullmatch(text)
            if day:  # year first, then month, then day: unambiguous even without padding
                ts = pd.Timestamp(_dt.date(int(day["y"]), int(day["m"]), int(day["d"])))
            elif _ISO_TIME.fullmatch(text):
                try:
                    ts = pd.Timestamp(text)
                except ValueError:  # offsets with seconds, which pandas does not parse
                    ts = pd.Timestamp(_dt.datetime.fromisoformat(text))
            elif _NUMERIC_DAY.fullmatch(text) and not re.fullmatch(r"\d{4}\D.*", text):
                raise ValueError(
                    f"ambiguous date {text!r}: numeric day/month/year orders cannot be told "
                    f"apart, so it is not guessed; {DATE_HINT}"
                )
            else:
                raise ValueError(f"{text!r} is not a date; {DATE_HINT}")
        else:
            raise ValueError(
                f"a date must be ISO 8601 text, a date, a datetime or a Timestamp, not "
                f"{type(value).__name__}; {DATE_HINT}"
            )
        if pd.isna(ts):
            raise ValueError(f"not a date; {DATE_HINT}")
        return ts.as_unit("ns")
    except (TypeError, OverflowError, ArithmeticError) as exc:
        raise ValueError(f"not a valid date ({exc}); {DATE_HINT}") from None
    except ValueError as exc:
        if DATE_HINT in str(exc):
            raise
        raise ValueError(f"not a valid date ({exc}); {DATE_HINT}") from None


def parse_day(value: Any, what: str = "date") -> pd.Timestamp:
    """A calendar day as a tz-naive midnight :class:`pandas.Timestamp`.

    Parameters
    ----------
    value : str, datetime.date, datetime.datetime, numpy.datetime64 or pandas.Timestamp
        ISO 8601 text (``2025-06-08``, ``20250608``; ``2025-6-8`` is read as year-month-day)
        or a date-like object; a tz-aware value keeps its own wall-clock day.
    what : str
        The name of the argument, for the error message.

    Raises
    ------
    ValueError
        Anything else, including ambiguous forms such as ``08/06/2025``.

    Examples
    --------
    >>> parse_day("2025-06-08")
    Timestamp('2025-06-08 00:00:00')
    >>> parse_day("08/06/2025", "as_of date")
    Traceback (most recent call last):
    ...
    ValueError: as_of date '08/06/2025': ambiguous date '08/06/2025': numeric ...
    """
    try:
        return parse_date(value)
    except ValueError as exc:
        raise ValueError(f"{what} {value!r}: {exc}") from None


def parse_date(value: Any) -> pd.Timestamp:
    """Read a day: ISO 8601 only, nothing guessed (the public face of this module).

    Like :func:`parse_day`, without naming the argument in the message.

    Parameters
    ----------
    value : str, datetime.date, datetime.datetime, numpy.datetime64 or pandas.Timestamp
        ISO 8601 text (``"2025-06-08"``, the basic form ``"20250608"``, ``"2025-6-8"`` read as
        year-month-day, or a date and time such as ``"2025-06-08T10:30+03:00"``, whose own
        calendar day is taken) or a date-like object.

    Returns
    -------
    pandas.Timestamp
        The day at midnight, tz-naive, nanosecond unit.

    Raises
    ------
    ValueError
        Anything else, including ambiguous numeric forms such as ``08/06/2025`` (day/month or
        month/day?), with a message that says how to write the date.

    Examples
    --------
    >>> parse_date("2025-06-08")
    Timestamp('2025-06-08 00:00:00')
    >>> parse_date("2025-6-8")
    Timestamp('2025-06-08 00:00:00')
    >>> parse_date("08/06/2025")
    Traceback (most recent call last):
    ...
    ValueError: ambiguous date '08/06/2025': numeric day/month/year orders cannot be told apart, ...
    """
    ts = to_timestamp(value)
    if ts.tzinfo is not None:
        ts = ts.tz_localize(None)
    return ts.normalize()


@lru_cache(maxsize=1)
def kyiv_zone() -> str:
    """The IANA name of Kyiv's time zone here (``Europe/Kyiv``, or ``Europe/Kiev``)."""
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
        day = published.tz_convert(kyiv_zone()).tz_localize(None).normalize()
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
