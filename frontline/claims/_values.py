"""Parsers of single claim values: each returns the normal form or raises ``ValueError``.

The message of the ``ValueError`` says what is wrong with the value; the validation step adds
the row, claim_id, field and value (see :class:`frontline.claims.ClaimProblem`). Days are read
by :func:`frontline._dates.parse_date` and checked against the bounds of a claim's day by
:func:`parse_claim_day`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import UTC
from datetime import date as _date
from datetime import datetime as _datetime
from datetime import timedelta as _timedelta
from typing import Any
from urllib.parse import urlsplit

import numpy as np
import pandas as pd

from frontline._dates import DATE_HINT, parse_date, to_timestamp
from frontline._names import fold
from frontline.claims.schema import SIDES

__all__ = [
    "EARLIEST_CLAIM_DAY",
    "KNOWN_BODIES",
    "is_missing",
    "known_body",
    "latest_claim_day",
    "one_line",
    "parse_bool",
    "parse_choice",
    "parse_claim_day",
    "parse_claim_id",
    "parse_coordinate",
    "parse_instant",
    "parse_metres",
    "parse_side",
    "parse_text",
    "parse_url",
    "same_body",
]

#: A few bodies whose side is known, so responses and claims may omit ``side``.
#: (canonical name, side, folded fragments any of which identifies it, exact folded names)
KNOWN_BODIES: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "Russian Ministry of Defence",
        "RU",
        (
            "russianministryofdefen",
            "ministryofdefenceofrussia",
            "ministryofdefenseofrussia",
            "ministryofdefenceoftherussianfederation",
            "ministryofdefenseoftherussianfederation",
            "minoborony",
        ),
        ("russianmod", "rumod"),
    ),
    (
        "General Staff of the Armed Forces of Ukraine",
        "UA",
        (
            "generalstaffofthearmedforcesofukraine",
            "ukrainesgeneralstaff",
            "ukrainiangeneralstaff",
            "generalstaffofukraine",
        ),
        (),
    ),
    ("Khortytsia operational-strategic group", "UA", ("khortytsia", "khortytsya"), ()),
    ("Institute for the Study of War", "third party", ("instituteforthestudyofwar",), ("isw",)),
    ("DeepStateMap", "third party", ("deepstate",), ()),
)

_ISO_DAY = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{8}", re.ASCII)  # a day alone


def is_missing(value: Any) -> bool:
    """None, NaN, NaT, NA or blank text.

    Examples
    --------
    >>> [is_missing(v) for v in (None, float("nan"), " ", "x", 0)]
    [True, True, True, False, False]
    """
    if value is None or value is pd.NaT or value is pd.NA:
        return True
    if isinstance(value, float | np.floating):
        return bool(np.isnan(value))
    if isinstance(value, np.datetime64):
        return bool(np.isnat(value))
    if isinstance(value, str):
        return not value.strip()
    return False


#: The first day a claim, a response or a source may carry: the war began in 2014.
EARLIEST_CLAIM_DAY = pd.Timestamp("2014-01-01")


def latest_claim_day() -> pd.Timestamp:
    """The last day a claim may carry: today, on the calendar furthest east (UTC+14).

    A statement published in Kyiv or Moscow early in the morning is dated a day ahead of UTC,
    so "today" is taken where the day begins first; anything later is in the future.

    Examples
    --------
    >>> latest_claim_day() >= pd.Timestamp.now(tz="UTC").tz_localize(None).normalize()
    True
    """
    now = _datetime.now(UTC) + _timedelta(hours=14)
    return pd.Timestamp(now.date())


def parse_claim_day(value: Any) -> pd.Timestamp:
    """A day a claim may carry: ISO 8601 (see :func:`frontline.parse_date`), from 2014 to today.

    Raises ``ValueError`` for a day in the future or before :data:`EARLIEST_CLAIM_DAY`.

    Examples
    --------
    >>> parse_claim_day("2025-06-08")
    Timestamp('2025-06-08 00:00:00')
    >>> parse_claim_day("2030-01-01")
    Traceback (most recent call last):
    ...
    ValueError: 2030-01-01 is in the future (today is ... at the latest); a claim is dated ...
    """
    day = parse_date(value)
    if day < EARLIEST_CLAIM_DAY:
        raise ValueError(
            f"{day:%Y-%m-%d} is before {EARLIEST_CLAIM_DAY:%Y-%m-%d}: claims about the war "
            f"start in 2014; check the year ({DATE_HINT})"
        )
    latest = latest_claim_day()
    if day > latest:
        raise ValueError(
            f"{day:%Y-%m-%d} is in the future (today is {latest:%Y-%m-%d} at the latest); a "
            f"claim is dated the day it was made: check the year ({DATE_HINT})"
        )
    return day


def parse_instant(value: Any) -> pd.Timestamp:
    """A moment in time with a time zone, as a UTC Timestamp (ns).

    Examples
    --------
    >>> parse_instant("2025-06-08T10:30+03:00")
    Timestamp('2025-06-08 07:30:00+0000', tz='UTC')
    """
    if isinstance(value, _date) and not isinstance(value, _datetime | pd.Timestamp):
        raise ValueError("a publication time needs a time of day and a time zone, not just a day")
    if isinstance(value, str) and _ISO_DAY.fullmatch(value.strip()):
        raise ValueError(
            "a publication time needs a time of day and a time zone, e.g. "
            "'2025-06-08T10:30:00+03:00'; for the day alone use 'date' or 'source_date'"
        )
    ts = to_timestamp(value)
    if ts.tzinfo is None:
        raise ValueError(
            "a publication time needs a time zone, e.g. '2025-06-08T10:30:00+03:00' or "
            "'2025-06-08T07:30:00Z'; a time without one is ambiguous"
        )
    try:
        return ts.tz_convert("UTC")
    except (ValueError, OverflowError) as exc:  # pragma: no cover - edge of the ns range
        raise ValueError(f"not a valid time ({exc})") from None


def parse_text(value: Any, *, one_line: bool = False) -> str | None:
    """Stripped text (None when missing); no control characters, one line if asked."""
    if is_missing(value):
        return None
    if not isinstance(value, str):
        raise ValueError(f"must be text, not {type(value).__name__}")
    text = value.strip()
    if one_line and ("\n" in text or "\r" in text):
        raise ValueError("must be one line; remove the line breaks")
    if any(ord(c) < 32 and c not in "\t\n\r" for c in text):
        raise ValueError("contains control characters")
    return text


def one_line(value: Any) -> str | None:
    """One line of text (see :func:`parse_text`)."""
    return parse_text(value, one_line=True)


def _norm_word(text: str) -> str:
    return " ".join(text.replace("_", " ").replace("-", " ").casefold().split())


def parse_choice(value: Any, choices: Sequence[str], what: str) -> str:
    """The vocabulary value meant by ``value`` (case, ``_`` and ``-`` forgiven).

    Examples
    --------
    >>> parse_choice("Third_Party", ("RU", "UA", "third party"), "side")
    'third party'
    """
    if not isinstance(value, str):
        raise ValueError(f"{what} must be one of {list(choices)}, not {type(value).__name__}")
    wanted = _norm_word(value)
    for choice in choices:
        if _norm_word(choice) == wanted:
            return choice
    raise ValueError(f"unknown {what}; use one of {list(choices)}")


def parse_metres(value: Any) -> float:
    """A finite, non-negative distance in metres; NaN when missing."""
    if is_missing(value):
        return math.nan
    if isinstance(value, bool):
        raise ValueError("must be a number of metres")
    try:
        metres = float(value)
    except (TypeError, ValueError):
        raise ValueError("must be a number of metres (or empty when unknown)") from None
    if not math.isfinite(metres) or metres < 0:
        raise ValueError("must be a finite, non-negative number of metres")
    return metres


def parse_url(value: Any) -> str | None:
    """An http(s) link (None when missing)."""
    text = parse_text(value, one_line=True)
    if text is None:
        return None
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or " " in text:
        raise ValueError("must be an http:// or https:// link")
    return text


def parse_bool(value: Any) -> bool | None:
    """True, False (also as text) or None when missing."""
    if is_missing(value):
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, str) and value.strip().casefold() in ("true", "false"):
        return value.strip().casefold() == "true"
    raise ValueError("must be true, false or empty")


def parse_claim_id(value: Any) -> str | None:
    """A claim identifier: one line of text, or an integer written as text."""
    if isinstance(value, int | np.integer) and not isinstance(value, bool | np.bool_):
        return str(value)
    return parse_text(value, one_line=True)


def parse_coordinate(value: Any, what: str) -> float:
    """A finite number of degrees (``what`` is "lat" or "lon", for the message)."""
    if isinstance(value, bool):
        raise ValueError(f"{what} must be a number in degrees")
    try:
        number = float(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError):
        raise ValueError(f"{what} must be a number in degrees") from None
    if not math.isfinite(number):
        raise ValueError(f"{what} must be a finite number in degrees")
    return number


def known_body(name: str) -> tuple[str, str] | None:
    """(canonical name, side) of a well-known body named in ``name``, else None.

    Examples
    --------
    >>> known_body("Khortytsia group")
    ('Khortytsia operational-strategic group', 'UA')
    """
    key = fold(name)
    for canonical, side, fragments, exact in KNOWN_BODIES:
        if key in exact or any(f in key for f in fragments):
            return canonical, side
    return None


def same_body(a: str, b: str) -> bool:
    """Whether two names name the same body (well-known bodies by any of their names)."""
    ka, kb = known_body(a), known_body(b)
    if ka is not None or kb is not None:
        return ka == kb
    return fold(a) == fold(b)


def parse_side(value: Any, who: str | None) -> str:
    """A side from :data:`~frontline.claims.SIDES`, or inferred from a well-known ``who``."""
    if is_missing(value):
        known = known_body(who) if who else None
        if known is None:
            raise ValueError(
                f"missing; say which side speaks: one of {list(SIDES)}, or whether it counts "
                "as independent (independent=True/False)"
            )
        return known[1]
    return parse_choice(value, SIDES, "side")
