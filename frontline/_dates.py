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
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["DATE_HINT", "parse_date", "parse_day", "to_timestamp"]

DATE_HINT = "write it as ISO 8601, YYYY-MM-DD (e.g. '2025-06-08')"

_ISO_DAY = re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})", re.ASCII)
_ISO_BASIC_DAY = re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})", re.ASCII)
_ISO_TIME = re.compile(
    r"(?P<day>\d{4}-\d{2}-\d{2})[T ](?P<time>\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)"
    r"(?P<tz>Z|z|[+-]\d{2}(:?\d{2}(:?\d{2}(\.\d{1,6})?)?)?)?"
)
_NUMERIC_DAY = re.compile(r"\d{1,4}\s*[./\-]\s*\d{1,2}\s*[./\-]\s*\d{1,4}")


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
