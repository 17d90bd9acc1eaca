"""Claims: who said what about which ground on which day, and who answered.

Front-line news is a stream of *claims* ("our units reached the oblast border") and of
*responses* to them ("the spokesman denies it"). A claims table keeps both in a plain
:class:`geopandas.GeoDataFrame` in EPSG:4326 with the columns below, in this order
(:data:`CLAIM_COLUMNS`; :data:`CLAIM_SCHEMA` holds the same table in code):

================  ==========================  =====================================================
column            dtype                       meaning
================  ==========================  =====================================================
claim_id          str, unique, required       stable identifier; generated from claimant, date and
                                              summary when a record has none
date              datetime64[ns], required    the day the claim is *about* (tz-naive midnight)
reported_at       datetime64[ns, UTC] or NaT  when it was published; needs a time zone
claimant          str, required               who makes the claim ("Russian Ministry of Defence")
side              str, required               "RU", "UA" or "third party" (:data:`SIDES`)
kind              str, required               :data:`KINDS` ("advance", "repelled attacks", ...)
summary           str, required               one line in the table's own words
unit              str or None                 military unit named by the claim
status            str                         derived from ``responses`` (:func:`derive_status`)
responses         list of dict                dated answers to the claim (see below)
precision         category                    how precisely the geometry locates the claim
                                              (:data:`PRECISIONS`)
precision_m       float                       precision in metres where known, else NaN
place             str or None                 the settlement named by the claim
region            str or None                 ISO 3166-2 code of the oblast ("UA-12")
source_name       str, required               where the claim was read ("CNN")
source_url        str or None                 http(s) link to that source
source_date       datetime64[ns] or NaT       the source's date
quote             str or None                 the user's own quotation; None in built-in data
geometry          geometry or None            what the claim's text supports, and no more
================  ==========================  =====================================================

Missing text is ``None`` (the text columns have ``object`` dtype). Columns beyond the schema are
kept, after ``geometry``.

Each response is a dict with the keys of :data:`RESPONSE_FIELDS`: ``date`` (ISO ``YYYY-MM-DD``
text, on or after the claim's ``date``: a response cannot predate the claim), ``by`` (who
responded), ``side`` (the responder's side; inferred for a few well-known bodies such as the
Khortytsia group or ISW; may stay ``None`` when ``independent`` is given), ``stance``
(:data:`STANCES`), ``independent`` (``True``/``False`` to override who counts as independent,
else ``None``), ``source_name``, ``source_url`` and ``note``. Files store the list as JSON text.

One validation step (:func:`validate_claims`, also run by :func:`claims_from_records` and by the
readers in :mod:`frontline.io.claims`) checks every row and field and raises a single
:class:`ClaimsValidationError` naming every problem with its row, claim_id, field and value.
Dates are ISO 8601 text, :class:`datetime.date`, :class:`datetime.datetime` or pandas
timestamps; day-first or month-first text such as ``08/06/2025`` is rejected, never guessed
(:func:`parse_date` is that parser).

Geometry hygiene on the way in: geometries in another CRS are reprojected to EPSG:4326,
Z coordinates are dropped (silently), invalid geometries are repaired with
:func:`shapely.make_valid` and reported, coordinates that only make sense swapped (latitude given
as x) are rejected with a message that says so, and geometries that lie outside Ukraine and its
100 km borderland are flagged (a deep strike is a legitimate claim, so this is not an error).
Repairs and flags are reported together in one :class:`ClaimsGeometryWarning` per call; catch it
with :func:`warnings.catch_warnings` or ``pytest.warns(ClaimsGeometryWarning)``.

The ``claims`` accessor
-----------------------
Importing this module (``import frontline.claims``, or using any claims function through
``frontline``, e.g. ``fl.example_claims``, ``fl.claims_from_records`` or ``fl.read_claims``)
registers a pandas accessor named ``claims`` on every DataFrame: ``gdf.claims.add_response(...)``,
``.on(date)``, ``.about(region)``, ``.by(side)`` and ``.validate()``; see :class:`ClaimsAccessor`.
"""

from __future__ import annotations

import copy
import hashlib
import json
import math
import re
import warnings
from collections.abc import Hashable, Iterable, Mapping, Sequence
from datetime import date as _date
from datetime import datetime as _datetime
from functools import lru_cache
from types import MappingProxyType
from typing import Any, NamedTuple
from urllib.parse import urlsplit

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from frontline._dates import DATE_HINT, to_timestamp
from frontline._names import fold

__all__ = [
    "BORDERLAND_KM",
    "CLAIM_COLUMNS",
    "CLAIM_SCHEMA",
    "CLAIM_STATUSES",
    "KINDS",
    "PRECISIONS",
    "RESPONSE_FIELDS",
    "SIDES",
    "STANCES",
    "ClaimProblem",
    "ClaimsAccessor",
    "ClaimsGeometryWarning",
    "ClaimsValidationError",
    "ColumnSpec",
    "claims_from_records",
    "derive_status",
    "example_claims",
    "parse_date",
    "validate_claims",
]

# --------------------------------------------------------------------------------------------
# Vocabularies and the schema: the one place they are defined
# --------------------------------------------------------------------------------------------

#: Who a claimant or responder speaks for. "RU" and "UA" are the belligerents' state and military
#: bodies; "third party" is everyone else (analysts, media, OSINT projects wherever based).
SIDES: tuple[str, ...] = ("RU", "UA", "third party")

#: What a claim asserts.
KINDS: tuple[str, ...] = (
    "advance",
    "capture",
    "breakthrough",
    "withdrawal",
    "counterattack",
    "repelled attacks",
    "strike",
    "assessment",
    "control share",
    "other",
)

#: A claim's status, derived from its responses by :func:`derive_status`.
CLAIM_STATUSES: tuple[str, ...] = ("claimed", "denied", "confirmed", "refuted", "unverified")

#: A response's position on a claim.
STANCES: tuple[str, ...] = ("confirms", "denies", "disputes", "no comment")

#: How precisely a claim's geometry locates it, from a point to no location at all.
PRECISIONS: tuple[str, ...] = (
    "point",
    "settlement",
    "border segment",
    "area",
    "region",
    "direction",
    "national",
    "none",
)

#: The keys of each response dict, in this order.
RESPONSE_FIELDS: tuple[str, ...] = (
    "date",
    "by",
    "side",
    "stance",
    "independent",
    "source_name",
    "source_url",
    "note",
)

#: Geometries outside Ukraine buffered by this many kilometres are flagged.
BORDERLAND_KM = 100.0


class ColumnSpec(NamedTuple):
    """One column of the claims schema."""

    name: str
    dtype: str
    required: bool
    description: str


_SPECS = (
    ColumnSpec("claim_id", "object (str)", True, "stable unique identifier"),
    ColumnSpec("date", "datetime64[ns]", True, "day the claim is about (tz-naive midnight)"),
    ColumnSpec("reported_at", "datetime64[ns, UTC]", False, "publication time, with time zone"),
    ColumnSpec("claimant", "object (str)", True, "who makes the claim"),
    ColumnSpec("side", "object (str)", True, f"one of {SIDES}"),
    ColumnSpec("kind", "object (str)", True, f"one of {KINDS}"),
    ColumnSpec("summary", "object (str)", True, "one line in the table's own words"),
    ColumnSpec("unit", "object (str or None)", False, "military unit named by the claim"),
    ColumnSpec("status", "object (str)", False, f"one of {CLAIM_STATUSES}, from responses"),
    ColumnSpec("responses", "object (list of dict)", False, f"dicts with {RESPONSE_FIELDS}"),
    ColumnSpec("precision", "category", False, f"one of {PRECISIONS}"),
    ColumnSpec("precision_m", "float64", False, "precision in metres, NaN when unknown"),
    ColumnSpec("place", "object (str or None)", False, "settlement named by the claim"),
    ColumnSpec("region", "object (str or None)", False, "ISO 3166-2 code of the oblast"),
    ColumnSpec("source_name", "object (str)", True, "where the claim was read"),
    ColumnSpec("source_url", "object (str or None)", False, "http(s) link to the source"),
    ColumnSpec("source_date", "datetime64[ns]", False, "the source's date"),
    ColumnSpec("quote", "object (str or None)", False, "the user's own quotation"),
    ColumnSpec("geometry", "geometry (EPSG:4326)", False, "what the claim's text supports"),
)

#: The schema: column name -> :class:`ColumnSpec` (dtype, required, description), in order.
CLAIM_SCHEMA: Mapping[str, ColumnSpec] = MappingProxyType({s.name: s for s in _SPECS})

#: The columns of a claims table, in order.
CLAIM_COLUMNS: tuple[str, ...] = tuple(CLAIM_SCHEMA)

_REQUIRED = tuple(s.name for s in _SPECS if s.required)
_TEXT_COLUMNS = (
    "claim_id",
    "claimant",
    "side",
    "kind",
    "summary",
    "unit",
    "status",
    "place",
    "region",
    "source_name",
    "source_url",
    "quote",
)
_PRECISION_DTYPE = pd.CategoricalDtype(list(PRECISIONS))

#: Input-only fields that locate a claim; they are consumed, not stored.
_LOCATION_FIELDS = ("lat", "lon", "latitude", "longitude", "lng", "border", "wkt")

#: A few bodies whose side is known, so responses and claims may omit ``side``.
#: (canonical name, side, folded fragments any of which identifies it, exact folded names)
_KNOWN_BODIES: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = (
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


# --------------------------------------------------------------------------------------------
# Errors and warnings
# --------------------------------------------------------------------------------------------


class ClaimProblem(NamedTuple):
    """One problem found by validation: where (row, claim_id, field), what (value), and why."""

    row: Hashable | None
    claim_id: str | None
    field: str | None
    value: Any
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
            if self.claim_id is not None:
                where[-1] += f" (claim_id {self.claim_id!r})"
        if self.field is not None:
            where.append(f"field {self.field!r}")
        if self.value is not None:
            where.append(f"value {_short(self.value)}")
        return (", ".join(where) + ": " if where else "") + self.message


class ClaimsValidationError(ValueError):
    """Every problem found in a claims table or file, raised once.

    Attributes
    ----------
    problems : list of ClaimProblem
        One entry per problem: ``row``, ``claim_id``, ``field``, ``value``, ``message``.
    source : str or None
        The file the claims came from, when there was one.
    """

    def __init__(self, problems: Sequence[ClaimProblem], *, source: str | None = None) -> None:
        self.problems = list(problems)
        self.source = source
        n = len(self.problems)
        head = f"{source}: " if source else ""
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(
            f"{head}{n} problem{'s' if n != 1 else ''} in the claims; fix them and try again:\n"
            f"{lines}"
        )

    def __reduce__(self) -> tuple[Any, ...]:  # keep pickling (multiprocessing) working
        return (_rebuild_error, (self.problems, self.source))


def _rebuild_error(problems: list[ClaimProblem], source: str | None) -> ClaimsValidationError:
    return ClaimsValidationError(problems, source=source)


class ClaimsGeometryWarning(UserWarning):
    """Geometries were repaired, or lie outside Ukraine and its borderland (one per call)."""


def _short(value: Any, limit: int = 80) -> str:
    text = value.wkt if isinstance(value, BaseGeometry) else repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


class _Bad(ValueError):
    """A field-level problem raised by a parser and collected by the validation step."""


# --------------------------------------------------------------------------------------------
# Value parsers (each returns the normal form or raises _Bad with the reason)
# --------------------------------------------------------------------------------------------


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NaT or value is pd.NA:
        return True
    if isinstance(value, float | np.floating):
        return bool(np.isnan(value))
    if isinstance(value, np.datetime64):
        return bool(np.isnat(value))
    if isinstance(value, str):
        return not value.strip()
    return False


_ISO_DAY = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{8}", re.ASCII)  # a day alone
_DATE_HINT = DATE_HINT


def _to_timestamp(value: Any) -> pd.Timestamp:
    """Any accepted date-like value as a pandas Timestamp (maybe tz-aware); raises _Bad."""
    try:
        return to_timestamp(value)
    except ValueError as exc:
        raise _Bad(str(exc)) from None


def _parse_day(value: Any) -> pd.Timestamp:
    """A calendar day: tz-naive midnight Timestamp (ns). Aware times keep their own wall day."""
    ts = _to_timestamp(value)
    if ts.tzinfo is not None:
        ts = ts.tz_localize(None)
    return ts.normalize()


def parse_date(value: Any) -> pd.Timestamp:
    """Read a day the way claims do: ISO 8601 only, nothing guessed.

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
    try:
        return _parse_day(value)
    except _Bad as exc:
        raise ValueError(str(exc)) from None


def _parse_instant(value: Any) -> pd.Timestamp:
    """A moment in time with a time zone, as a UTC Timestamp (ns)."""
    if isinstance(value, _date) and not isinstance(value, _datetime | pd.Timestamp):
        raise _Bad("a publication time needs a time of day and a time zone, not just a day")
    if isinstance(value, str) and _ISO_DAY.fullmatch(value.strip()):
        raise _Bad(
            "a publication time needs a time of day and a time zone, e.g. "
            "'2025-06-08T10:30:00+03:00'; for the day alone use 'date' or 'source_date'"
        )
    ts = _to_timestamp(value)
    if ts.tzinfo is None:
        raise _Bad(
            "a publication time needs a time zone, e.g. '2025-06-08T10:30:00+03:00' or "
            "'2025-06-08T07:30:00Z'; a time without one is ambiguous"
        )
    try:
        return ts.tz_convert("UTC")
    except (ValueError, OverflowError) as exc:  # pragma: no cover - edge of the ns range
        raise _Bad(f"not a valid time ({exc})") from None


def _parse_text(value: Any, *, one_line: bool = False) -> str | None:
    if _is_missing(value):
        return None
    if not isinstance(value, str):
        raise _Bad(f"must be text, not {type(value).__name__}")
    text = value.strip()
    if one_line and ("\n" in text or "\r" in text):
        raise _Bad("must be one line; remove the line breaks")
    if any(ord(c) < 32 and c not in "\t\n\r" for c in text):
        raise _Bad("contains control characters")
    return text


def _norm_word(text: str) -> str:
    return " ".join(text.replace("_", " ").replace("-", " ").casefold().split())


def _parse_choice(value: Any, choices: Sequence[str], what: str) -> str:
    if not isinstance(value, str):
        raise _Bad(f"{what} must be one of {list(choices)}, not {type(value).__name__}")
    wanted = _norm_word(value)
    for choice in choices:
        if _norm_word(choice) == wanted:
            return choice
    raise _Bad(f"unknown {what}; use one of {list(choices)}")


def _parse_metres(value: Any) -> float:
    if _is_missing(value):
        return math.nan
    if isinstance(value, bool):
        raise _Bad("must be a number of metres")
    try:
        metres = float(value)
    except (TypeError, ValueError):
        raise _Bad("must be a number of metres (or empty when unknown)") from None
    if not math.isfinite(metres) or metres < 0:
        raise _Bad("must be a finite, non-negative number of metres")
    return metres


def _parse_url(value: Any) -> str | None:
    text = _parse_text(value, one_line=True)
    if text is None:
        return None
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or " " in text:
        raise _Bad("must be an http:// or https:// link")
    return text


def _parse_bool(value: Any) -> bool | None:
    if _is_missing(value):
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, str) and value.strip().casefold() in ("true", "false"):
        return value.strip().casefold() == "true"
    raise _Bad("must be true, false or empty")


def _known_body(name: str) -> tuple[str, str] | None:
    """(canonical name, side) of a well-known body named in ``name``, else None."""
    key = fold(name)
    for canonical, side, fragments, exact in _KNOWN_BODIES:
        if key in exact or any(f in key for f in fragments):
            return canonical, side
    return None


def _parse_side(value: Any, who: str | None) -> str:
    if _is_missing(value):
        known = _known_body(who) if who else None
        if known is None:
            raise _Bad(
                f"missing; say which side speaks: one of {list(SIDES)}, or whether it counts "
                "as independent (independent=True/False)"
            )
        return known[1]
    return _parse_choice(value, SIDES, "side")


# --------------------------------------------------------------------------------------------
# Responses and the status rule
# --------------------------------------------------------------------------------------------


def _normalise_response(item: Any) -> tuple[dict[str, Any], list[tuple[str, Any, str]]]:
    """One response as a normal dict, plus (subfield, value, message) problems."""
    problems: list[tuple[str, Any, str]] = []
    if isinstance(item, str):
        try:
            item = json.loads(item)
        except json.JSONDecodeError as exc:
            return {}, [("", item, f"not valid JSON ({exc.msg})")]
    if not isinstance(item, Mapping):
        return {}, [("", item, "a response must be a mapping (dict) with " + str(RESPONSE_FIELDS))]
    out: dict[str, Any] = dict.fromkeys(RESPONSE_FIELDS)
    unknown = [k for k in item if k not in RESPONSE_FIELDS]
    for k in unknown:
        problems.append((str(k), item[k], f"unknown response field; use {list(RESPONSE_FIELDS)}"))

    def take(field: str, parse: Any, *, required: bool = False) -> None:
        value = item.get(field)
        if required and _is_missing(value):
            problems.append((field, None, "missing (required)"))
            return
        try:
            out[field] = parse(value)
        except _Bad as exc:
            problems.append((field, value, str(exc)))

    take("date", lambda v: _parse_day(v).date().isoformat(), required=True)
    take("by", lambda v: _parse_text(v, one_line=True), required=True)
    take("stance", lambda v: _parse_choice(v, STANCES, "stance"), required=True)
    take("independent", _parse_bool)
    take("source_name", lambda v: _parse_text(v, one_line=True))
    take("source_url", _parse_url)
    take("note", _parse_text)
    by = out["by"]
    try:
        out["side"] = _parse_side(item.get("side"), by)
    except _Bad as exc:
        # with ``independent`` given, that says how the response counts: side may stay unknown
        if out["independent"] is None or not _is_missing(item.get("side")):
            problems.append(("side", item.get("side"), str(exc)))
    return out, problems


def _parse_responses(
    value: Any, claim_day: pd.Timestamp | None = None
) -> tuple[list[dict[str, Any]], list[tuple[str, Any, str]]]:
    """Responses as normal dicts in date order, plus (field, value, message) problems.

    With ``claim_day`` (the claim's ``date``), a response dated before it is a problem: a
    response cannot answer a claim about a later day.
    """
    if value is None or (not isinstance(value, list | tuple | np.ndarray) and _is_missing(value)):
        return [], []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as exc:
            return [], [("responses", value, f"not valid JSON ({exc.msg})")]
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if not isinstance(value, list | tuple):
        return [], [("responses", value, "must be a list of response dicts (or its JSON text)")]
    out, problems = [], []
    claim_iso = None if claim_day is None else pd.Timestamp(claim_day).date().isoformat()
    for i, item in enumerate(value):
        resp, found = _normalise_response(item)
        for sub, val, msg in found:
            problems.append((f"responses[{i}]" + (f".{sub}" if sub else ""), val, msg))
        if claim_iso is not None and resp.get("date") is not None and resp["date"] < claim_iso:
            problems.append(
                (
                    f"responses[{i}].date",
                    resp["date"],
                    f"the response is dated {resp['date']}, before the claim's date "
                    f"{claim_iso}; a response cannot predate the claim it answers: fix one of "
                    "the two dates",
                )
            )
        out.append(resp)
    if not problems:
        out.sort(key=lambda r: r["date"])  # stable: same-day responses keep their order
    return out, problems


def _role(response: Mapping[str, Any], side: str, claimant: str | None) -> str:
    """Who a response speaks for, relative to the claim: see :func:`derive_status`."""
    flag = response.get("independent")
    if flag is True:
        return "independent"
    rside = response.get("side")
    if side in ("RU", "UA"):
        if rside == side:
            return "own"
        if rside in ("RU", "UA"):
            return "other side"
        return "interested" if flag is False else "independent"
    # a third party's claim
    if rside in ("RU", "UA"):
        return "interested"
    if claimant is not None and _same_body(str(response.get("by") or ""), claimant):
        return "own"
    return "interested" if flag is False else "independent"


def _same_body(a: str, b: str) -> bool:
    ka, kb = _known_body(a), _known_body(b)
    if ka is not None or kb is not None:
        return ka == kb
    return fold(a) == fold(b)


def derive_status(
    responses: Sequence[Mapping[str, Any]] | str | None, side: str, *, claimant: str | None = None
) -> str:
    """A claim's status from its responses and the claimant's side.

    The rule, in order:

    1. Each response gets a *role* from the responder's side and the claim's side:

       ===============  ==============================  =============  ==============
       claim side       responder                       independent=   role
       ===============  ==============================  =============  ==============
       any              any                             True           independent
       RU or UA         same side                       None / False   own
       RU or UA         the other belligerent           None / False   other side
       RU or UA         third party                     None           independent
       RU or UA         third party                     False          interested
       third party      RU or UA                        None / False   interested
       third party      the claimant itself             None / False   own
       third party      another third party             None           independent
       third party      another third party             False          interested
       ===============  ==============================  =============  ==============

    2. What a stance does, by role (— means it carries no weight):

       ===========  ===========  =================  ==========
       role         confirms     denies / disputes  no comment
       ===========  ===========  =================  ==========
       independent  confirmed    refuted            unverified
       other side   confirmed    denied             unverified
       interested   —            denied             unverified
       own          —            —                  —
       ===========  ===========  =================  ==========

       A confirmation by the other side is an admission against its interest; a side confirming
       or denying its own claim adds nothing.

    3. Independent assessments outrank the belligerents' word whatever their dates: the latest
       independent confirmation or denial decides (``"confirmed"`` / ``"refuted"``), so a later
       independent confirmation outranks an earlier denial. Without one, the latest
       belligerent confirmation or denial decides (``"confirmed"`` / ``"denied"``): a denial by
       the other side alone makes a claim ``"denied"`` (disputed), never ``"refuted"``.
    4. ``"unverified"``: someone other than the claimant's side responded but nobody took a
       position (only "no comment"), i.e. the claim was looked at and could not be verified.
    5. ``"claimed"``: nothing above applies (no responses, or only the claimant's own side).

    Responses are ordered by date; same-day responses keep their order, the later one winning.

    Parameters
    ----------
    responses : list of dict, JSON text or None
        Responses with at least ``date``, ``by`` and ``stance``; ``side`` may be omitted for the
        well-known bodies (Russian Ministry of Defence, Ukraine's General Staff, the Khortytsia
        group, ISW, DeepState).
    side : {"RU", "UA", "third party"}
        The claimant's side.
    claimant : str, optional
        The claimant, so that a third party's follow-up on its own claim counts as "own".

    Returns
    -------
    str
        One of :data:`CLAIM_STATUSES`.

    Raises
    ------
    ClaimsValidationError
        A response is malformed (every problem listed) or ``side`` is unknown.

    Examples
    --------
    >>> denial = {"date": "2025-06-08", "by": "Khortytsia group", "stance": "denies"}
    >>> derive_status([denial], "RU")
    'denied'
    >>> isw = {"date": "2025-06-10", "by": "ISW", "stance": "confirms"}
    >>> derive_status([denial, isw], "RU")
    'confirmed'
    >>> derive_status([], "UA")
    'claimed'
    """
    problems: list[ClaimProblem] = []
    try:
        side = _parse_choice(side, SIDES, "side")
    except _Bad as exc:
        problems.append(ClaimProblem(None, None, "side", side, str(exc)))
    parsed, found = _parse_responses(responses)
    problems += [ClaimProblem(None, None, f, v, m) for f, v, m in found]
    if problems:
        raise ClaimsValidationError(problems)
    return _status(parsed, side, claimant)


def _status(responses: Sequence[Mapping[str, Any]], side: str, claimant: str | None) -> str:
    independent = belligerent = None
    no_comment = False
    for resp in sorted(responses, key=lambda r: r["date"]):
        role, stance = _role(resp, side, claimant), resp["stance"]
        if role == "own":
            continue
        if stance == "no comment":
            no_comment = True
        elif role == "independent":
            independent = "confirmed" if stance == "confirms" else "refuted"
        elif stance in ("denies", "disputes"):
            belligerent = "denied"
        elif role == "other side":  # an admission
            belligerent = "confirmed"
    return independent or belligerent or ("unverified" if no_comment else "claimed")


# --------------------------------------------------------------------------------------------
# Geometry: parsing, resolution by name, hygiene
# --------------------------------------------------------------------------------------------


def _parse_geometry(value: Any) -> BaseGeometry | None:
    if value is None or (not isinstance(value, BaseGeometry | Mapping) and _is_missing(value)):
        return None
    try:
        if isinstance(value, BaseGeometry):
            geom = value
        elif isinstance(value, str):
            text = value.strip()
            if text.startswith("{"):
                return _parse_geometry(json.loads(text))
            geom = shapely.from_wkt(text)
        elif isinstance(value, bytes | bytearray):
            geom = shapely.from_wkb(bytes(value))
        elif isinstance(value, Mapping):
            if value.get("type") == "Feature":
                return _parse_geometry(value.get("geometry"))
            geom = shapely.geometry.shape(value)
        elif hasattr(value, "__geo_interface__"):
            geom = shapely.geometry.shape(value.__geo_interface__)
        else:
            raise _Bad(
                f"a geometry must be shapely, WKT, WKB or a GeoJSON dict, not "
                f"{type(value).__name__}"
            )
    except _Bad:
        raise
    except Exception as exc:  # shapely/GEOS raise several unrelated classes for bad input
        raise _Bad(f"not a readable geometry ({exc})") from None
    if geom is None or geom.is_empty:
        return None
    return geom


def _parse_coordinate(value: Any, what: str) -> float:
    if isinstance(value, bool):
        raise _Bad(f"{what} must be a number in degrees")
    try:
        number = float(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError):
        raise _Bad(f"{what} must be a number in degrees") from None
    if not math.isfinite(number):
        raise _Bad(f"{what} must be a finite number in degrees")
    return number


@lru_cache(maxsize=1)
def _borderland() -> BaseGeometry:
    """Ukraine's outline buffered geodesically by :data:`BORDERLAND_KM` (prepared, cached)."""
    from frontline.geodesy import buffer_km
    from frontline.regions import ukraine_outline

    land = buffer_km(ukraine_outline(), BORDERLAND_KM, quad_segs=4)
    shapely.prepare(land)
    return land


_POINT_TYPES = ("Point", "MultiPoint")
_LINE_TYPES = ("LineString", "MultiLineString", "LinearRing")
_POLY_TYPES = ("Polygon", "MultiPolygon")


def _swap_xy(geom: BaseGeometry) -> BaseGeometry:
    return shapely.transform(geom, lambda xy: xy[:, ::-1])


def _hygiene(
    geoms: np.ndarray,
) -> tuple[np.ndarray, dict[int, tuple[Any, str]], dict[int, str]]:
    """Vectorised checks: (clean geometries, {pos: (value, problem)}, {pos: warning text})."""
    problems: dict[int, tuple[Any, str]] = {}
    notes: dict[int, str] = {}
    geoms = shapely.force_2d(geoms)
    present = ~shapely.is_missing(geoms)
    if not present.any():
        return geoms, problems, notes
    coords, index = shapely.get_coordinates(geoms, return_index=True)
    bad_coord = np.zeros(len(geoms), dtype=bool)
    np.logical_or.at(bad_coord, index, ~np.isfinite(coords).all(axis=1))
    for pos in np.flatnonzero(bad_coord):
        problems[pos] = (geoms[pos], "coordinates must be finite numbers (no NaN or infinity)")
    types = shapely.get_type_id(geoms)
    collection = present & (types == 7)
    for pos in np.flatnonzero(collection):
        problems[pos] = (
            geoms[pos],
            "geometry collections are not supported; use a Multi* geometry or one claim each",
        )
    ok = present & ~bad_coord & ~collection
    invalid = ok & ~shapely.is_valid(geoms)
    for pos in np.flatnonzero(invalid):
        geom = geoms[pos]
        reason = shapely.is_valid_reason(geom)
        method = "structure" if geom.geom_type in _POLY_TYPES else "linework"
        fixed = shapely.make_valid(geom, method=method, keep_collapsed=False)
        if fixed is None or fixed.is_empty or fixed.geom_type == "GeometryCollection":
            problems[pos] = (geom, f"invalid geometry ({reason}) that make_valid cannot repair")
            ok[pos] = False
            continue
        geoms[pos] = fixed
        notes[pos] = f"invalid geometry repaired with make_valid ({reason})"
    # coordinates in range and near Ukraine; otherwise swapped or flagged
    bounds = shapely.bounds(geoms)
    in_range = (
        (np.abs(bounds[:, 0]) <= 180)
        & (np.abs(bounds[:, 2]) <= 180)
        & (np.abs(bounds[:, 1]) <= 90)
        & (np.abs(bounds[:, 3]) <= 90)
    )
    check = np.flatnonzero(ok)
    if len(check) == 0:
        return geoms, problems, notes
    land = _borderland()
    near = np.zeros(len(geoms), dtype=bool)
    near[check] = in_range[check] & shapely.intersects(geoms[check], land)
    for pos in check[~near[check]]:
        geom = geoms[pos]
        swapped = _swap_xy(geom)
        sb = swapped.bounds
        in_degrees = max(abs(sb[0]), abs(sb[2])) <= 180 and max(abs(sb[1]), abs(sb[3])) <= 90
        if in_degrees and swapped.intersects(land):
            problems[pos] = (
                geom,
                "coordinates look swapped (lat, lon): read as (lon, lat) they lie far from "
                "Ukraine, swapped they lie in it; put longitude first (x = lon, y = lat), or "
                "check that 'lat' and 'lon' are not exchanged",
            )
            continue
        if not in_range[pos]:
            problems[pos] = (
                geom,
                "coordinates out of range for degrees (lon within ±180, lat within ±90); if they "
                "are projected, say so with crs= (or set the GeoDataFrame's CRS)",
            )
            continue
        notes[pos] = f"lies outside Ukraine and its {BORDERLAND_KM:.0f} km borderland"
    return geoms, problems, notes


def _to_4326(geoms: np.ndarray, crs: Any) -> np.ndarray:
    if crs is None:
        return geoms
    import pyproj

    source = pyproj.CRS.from_user_input(crs)
    if source.to_epsg() == 4326:
        return geoms
    return gpd.GeoSeries(geoms, crs=source).to_crs(4326).values.to_numpy()


def _split_border(value: Any) -> tuple[str, str]:
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                value = json.loads(text)
            except json.JSONDecodeError as exc:
                raise _Bad(f"not valid JSON ({exc.msg})") from None
        else:
            value = [p for p in re.split(r"\s*[|/;,–—]\s*", text) if p]
    if (
        isinstance(value, list | tuple)
        and len(value) == 2
        and all(isinstance(v, str) and v.strip() for v in value)
    ):
        return value[0].strip(), value[1].strip()
    raise _Bad("a border is two region names, e.g. ['Donetsk', 'Dnipropetrovsk']")


class _Resolver:
    """Name lookups for one validation run, each name resolved once."""

    def __init__(self) -> None:
        self._codes: dict[str, str] = {}
        self._regions: dict[str, BaseGeometry] = {}
        self._borders: dict[tuple[str, str], BaseGeometry] = {}
        self._places: dict[tuple[str, str | None], Any] = {}

    def code(self, name: str) -> str:
        if name not in self._codes:
            from frontline.regions import region_code

            try:
                self._codes[name] = region_code(name)
            except (LookupError, ValueError) as exc:
                raise _Bad(_message(exc)) from None
        return self._codes[name]

    def region_geometry(self, code: str) -> BaseGeometry:
        if code not in self._regions:
            from frontline.regions import region

            self._regions[code] = region(code)["geometry"]
        return self._regions[code]

    def border(self, a: str, b: str) -> BaseGeometry:
        key = (self.code(a), self.code(b))
        if key not in self._borders:
            from frontline.regions import border

            try:
                found = border(key[0], key[1])
            except (LookupError, ValueError) as exc:
                raise _Bad(_message(exc)) from None
            geom = found.geometry.iloc[0] if len(found) else None
            if geom is None or geom.is_empty:
                raise _Bad(f"{a} and {b} share no border")
            self._borders[key] = geom
        return self._borders[key]

    def place(self, name: str, region: str | None) -> Any:
        key = (name, region)
        if key not in self._places:
            try:
                from frontline.gazetteer import find_place
            except ImportError:  # pragma: no cover - the gazetteer ships with the package
                raise _Bad(
                    "looking up places needs frontline.gazetteer, which is missing"
                ) from None
            try:
                found = find_place(name, region=region)
            except (LookupError, ValueError) as exc:
                raise _Bad(_message(exc)) from None
            if found["matched_by"] == "fuzzy":
                raise _Bad(
                    f"no settlement is called {name!r}; the nearest spelling is "
                    f"{found['name']} ({found['region_name']}), which is not used without "
                    "asking: write its name as the gazetteer has it, or give lat/lon"
                )
            self._places[key] = found
        return self._places[key]


def _message(exc: BaseException) -> str:
    text = str(exc.args[0]) if len(exc.args) == 1 else str(exc)
    return text


# --------------------------------------------------------------------------------------------
# The one validation step
# --------------------------------------------------------------------------------------------


def _generated_id(claimant: Any, day: Any, summary: Any) -> str:
    text = json.dumps([str(claimant), str(day), str(summary)], ensure_ascii=False)
    return "claim-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


_Found = list[tuple[str, Any, str]]


def _take(
    record: Mapping[str, Any], field: str, parse: Any, found: _Found, *, required: bool = False
) -> Any:
    """Parse one field of a record; a problem goes to ``found`` and gives None."""
    value = record.get(field)
    if _is_missing(value):
        if required:
            found.append((field, None, "missing (required)"))
        return None
    try:
        return parse(value)
    except _Bad as exc:
        found.append((field, value, str(exc)))
        return None


def _one_line(value: Any) -> str | None:
    return _parse_text(value, one_line=True)


def _parse_claim_id(value: Any) -> str | None:
    if isinstance(value, int | np.integer) and not isinstance(value, bool | np.bool_):
        return str(value)
    return _parse_text(value, one_line=True)


def _parse_record(
    record: Mapping[str, Any], absent_columns: Sequence[str], resolver: _Resolver
) -> tuple[dict[str, Any], BaseGeometry | None, BaseGeometry | None, _Found]:
    """One record's schema fields, its explicit and located geometries, and its problems."""
    found: _Found = []
    f: dict[str, Any] = {}

    def req(field: str) -> bool:
        return field not in absent_columns

    f["claimant"] = _take(record, "claimant", _one_line, found, required=req("claimant"))
    f["summary"] = _take(record, "summary", _one_line, found, required=req("summary"))
    f["date"] = _take(record, "date", _parse_day, found, required=req("date"))
    f["reported_at"] = _take(record, "reported_at", _parse_instant, found)
    f["kind"] = _take(
        record, "kind", lambda x: _parse_choice(x, KINDS, "kind"), found, required=req("kind")
    )
    f["unit"] = _take(record, "unit", _one_line, found)
    f["precision_m"] = _take(record, "precision_m", _parse_metres, found)
    f["source_name"] = _take(record, "source_name", _one_line, found, required=req("source_name"))
    f["source_url"] = _take(record, "source_url", _parse_url, found)
    f["source_date"] = _take(record, "source_date", _parse_day, found)
    f["quote"] = _take(record, "quote", _parse_text, found)
    f["status"] = _take(
        record, "status", lambda x: _parse_choice(x, CLAIM_STATUSES, "status"), found
    )
    precision = _take(
        record, "precision", lambda x: _parse_choice(x, PRECISIONS, "precision"), found
    )
    place = _take(record, "place", _one_line, found)
    if not _is_missing(record.get("side")):
        f["side"] = _take(record, "side", lambda x: _parse_choice(x, SIDES, "side"), found)
    else:
        known = _known_body(f["claimant"]) if f["claimant"] else None
        f["side"] = None if known is None else known[1]
        if known is None:
            found.append(("side", None, f"missing; use one of {list(SIDES)}"))
    # claim_id: given, or generated from what identifies the claim
    if _is_missing(record.get("claim_id")):
        f["claim_id"] = _generated_id(f["claimant"], f["date"], f["summary"])
    else:
        f["claim_id"] = _take(record, "claim_id", _parse_claim_id, found)
    # region: an ISO code for anything fl.region accepts
    region_code = None
    region_value = record.get("region")
    if not _is_missing(region_value):
        if isinstance(region_value, str):
            try:
                region_code = resolver.code(region_value.strip())
            except _Bad as exc:
                found.append(("region", region_value, str(exc)))
        else:
            found.append(("region", region_value, "must be a region name or ISO code"))
    f["responses"], response_problems = _parse_responses(record.get("responses"), f["date"])
    found += response_problems

    # geometry, from the first of: a geometry or lat/lon, a border, a place, a region
    explicit: BaseGeometry | None = None
    located: BaseGeometry | None = None
    geom_value = record.get("geometry")
    if _is_missing_geom(geom_value) and "wkt" in record:
        geom_value = record.get("wkt")
    try:
        explicit = _parse_geometry(geom_value)
    except _Bad as exc:
        found.append(("geometry", geom_value, str(exc)))
    lat = _first(record, ("lat", "latitude"))
    lon = _first(record, ("lon", "longitude", "lng"))
    has_latlon = lat is not None or lon is not None
    border_value = record.get("border")
    if has_latlon:
        if explicit is not None:
            found.append(("lat/lon", (lat, lon), "give either a geometry or lat/lon, not both"))
        elif lat is None or lon is None:
            found.append(("lat/lon", (lat, lon), "give both lat and lon"))
        else:
            try:
                y = _parse_coordinate(lat, "lat")
                x = _parse_coordinate(lon, "lon")
                located = shapely.Point(x, y)
            except _Bad as exc:
                found.append(("lat/lon", (lat, lon), str(exc)))
    elif explicit is not None:
        pass
    elif not _is_missing(border_value):
        try:
            a, b = _split_border(border_value)
            located = resolver.border(a, b)
            precision = precision or "border segment"
        except _Bad as exc:
            found.append(("border", border_value, str(exc)))
    elif place is not None and precision in (None, "settlement"):
        try:
            hit = resolver.place(place, region_code)
            located = hit["geometry"]
            place = str(hit["name"])
            region_code = region_code or str(hit["region"])
            precision = "settlement"
        except _Bad as exc:
            found.append(("place", place, str(exc)))
    elif region_code is not None and precision in (None, "region"):
        located = resolver.region_geometry(region_code)
        precision = "region"
    f["precision"] = precision
    f["place"] = place
    f["region"] = region_code
    return f, explicit, located, found


def _build(
    rows: Sequence[tuple[Hashable, Any]],
    *,
    crs: Any = None,
    source: str | None = None,
    extras_frame: pd.DataFrame | None = None,
    index: pd.Index | None = None,
) -> gpd.GeoDataFrame:
    """Normalise and validate rows (label, mapping) into a claims GeoDataFrame, or raise once."""
    problems: list[ClaimProblem] = []
    resolver = _Resolver()
    n = len(rows)
    present_keys: set[str] = set()
    for _, record in rows:
        if isinstance(record, Mapping):
            present_keys.update(str(k) for k in record)
    absent_columns = [c for c in _REQUIRED if c not in present_keys and c != "claim_id"]
    if n and "side" in absent_columns:
        absent_columns.remove("side")  # may be inferred per row from the claimant
    for column in absent_columns:
        if n:
            problems.append(ClaimProblem(None, None, column, None, "required column is missing"))

    values: dict[str, list[Any]] = {c: [None] * n for c in CLAIM_COLUMNS}
    explicit = np.full(n, None, dtype=object)  # geometries given as such (input CRS)
    located = np.full(n, None, dtype=object)  # geometries from lat/lon or names (EPSG:4326)
    extra_names = [k for k in present_keys if k not in CLAIM_COLUMNS and k not in _LOCATION_FIELDS]
    extra_names.sort()
    extras: dict[str, list[Any]] = {k: [None] * n for k in extra_names}
    failed: list[set[str]] = [set() for _ in range(n)]  # fields with problems, per row
    generated = np.zeros(n, dtype=bool)

    for pos, (label, record) in enumerate(rows):
        if not isinstance(record, Mapping):
            problems.append(
                ClaimProblem(label, None, None, None, "a record must be a mapping (dict)")
            )
            failed[pos].add("*")
            continue
        generated[pos] = _is_missing(record.get("claim_id"))
        fields, explicit[pos], located[pos], row_problems = _parse_record(
            record, absent_columns, resolver
        )
        for column, value in fields.items():
            values[column][pos] = value
        for k in extra_names:
            extras[k][pos] = record.get(k)
        for field, value, message in row_problems:
            problems.append(ClaimProblem(label, fields["claim_id"], field, value, message))
            failed[pos].add(field.split("[")[0])

    # duplicate identifiers
    ids = pd.Series(values["claim_id"], dtype=object)
    dup = ids.notna() & ids.duplicated(keep=False)
    for pos in np.flatnonzero(dup.to_numpy()):
        if generated[pos] and (failed[pos] or absent_columns):
            continue  # generated from fields that are themselves wrong
        message = "duplicate claim_id; every claim needs its own"
        if generated[pos]:
            message = (
                "the claim_id generated from claimant, date and summary repeats another "
                "claim's; give claim_id"
            )
        cid = values["claim_id"][pos]
        problems.append(ClaimProblem(rows[pos][0], cid, "claim_id", cid, message))

    # geometry hygiene (vectorised)
    try:
        explicit = _to_4326(explicit, crs)
    except Exception as exc:  # pyproj raises its own classes for an unknown CRS
        problems.append(ClaimProblem(None, None, "crs", crs, f"cannot reproject from it ({exc})"))
        explicit = np.full(n, None, dtype=object)
    geoms = np.where(shapely.is_missing(explicit), located, explicit)
    geoms, geom_problems, notes = _hygiene(geoms)
    for pos, (value, message) in sorted(geom_problems.items()):
        label = rows[pos][0]
        field = "lat/lon" if explicit[pos] is None and located[pos] is not None else "geometry"
        problems.append(ClaimProblem(label, values["claim_id"][pos], field, value, message))
        failed[pos].add("geometry")

    # precision against geometry, and the status against the responses
    located_by = {"geometry", "lat/lon", "border", "place", "region", "precision"}
    for pos in range(n):
        if "*" in failed[pos]:
            continue
        label, cid = rows[pos][0], values["claim_id"][pos]
        if not failed[pos] & located_by:
            _check_precision(label, cid, values, pos, geoms[pos], problems)
        side = values["side"][pos]
        if side is not None and not failed[pos] & {"side", "responses", "status"}:
            derived = _status(values["responses"][pos], side, values["claimant"][pos])
            given = values["status"][pos]
            if given is not None and given != derived:
                problems.append(
                    ClaimProblem(
                        label,
                        cid,
                        "status",
                        given,
                        f"disagrees with the responses, which give {derived!r} (see "
                        "derive_status); leave status out to derive it, or add the response "
                        "that supports it",
                    )
                )
            values["status"][pos] = derived

    if problems:
        order = {label: i for i, (label, _) in enumerate(rows)}
        problems.sort(key=lambda p: -1 if p.row is None else order.get(p.row, n))
        raise ClaimsValidationError(problems, source=source)

    if notes:
        lines = [
            f"  - row {rows[pos][0]} (claim_id {values['claim_id'][pos]!r}): {text}"
            for pos, text in sorted(notes.items())
        ]
        warnings.warn(
            f"{source + ': ' if source else ''}{len(notes)} geometr"
            f"{'y' if len(notes) == 1 else 'ies'} to check:\n" + "\n".join(lines),
            ClaimsGeometryWarning,
            stacklevel=3,
        )
    if index is None:
        index = pd.Index([label for label, _ in rows]) if n else pd.RangeIndex(0)
    return _assemble(values, geoms, index, extras, extras_frame)


def _check_precision(
    label: Hashable,
    claim_id: str | None,
    values: dict[str, list[Any]],
    pos: int,
    geom: BaseGeometry | None,
    problems: list[ClaimProblem],
) -> None:
    """Default a missing precision from the geometry, and check it fits the geometry."""
    precision = values["precision"][pos]
    gtype = None if geom is None else geom.geom_type
    if precision is None:
        if gtype is None:
            precision = "none"
        elif gtype in _POINT_TYPES:
            precision = "point"
        elif gtype in _POLY_TYPES:
            precision = "area"
        else:
            problems.append(
                ClaimProblem(
                    label,
                    claim_id,
                    "precision",
                    None,
                    "a line needs a precision: 'border segment' or 'direction'",
                )
            )
            return
        values["precision"][pos] = precision
    message = _precision_mismatch(precision, gtype, values["region"][pos])
    if message:
        problems.append(ClaimProblem(label, claim_id, "precision", precision, message))


def _first(record: Mapping[str, Any], names: Sequence[str]) -> Any:
    for name in names:
        if name in record and not _is_missing(record[name]):
            return record[name]
    return None


def _is_missing_geom(value: Any) -> bool:
    if isinstance(value, BaseGeometry | Mapping | bytes):
        return False
    return _is_missing(value)


def _precision_mismatch(precision: str | None, gtype: str | None, region: str | None) -> str:
    if precision is None:
        return ""
    if precision in ("point", "settlement") and gtype not in _POINT_TYPES:
        return f"a {precision!r} claim needs a point geometry, not {gtype or 'none'}"
    if precision == "border segment" and gtype not in _LINE_TYPES:
        return f"a 'border segment' claim needs a line geometry, not {gtype or 'none'}"
    if precision == "area" and gtype not in _POLY_TYPES:
        return f"an 'area' claim needs a polygon geometry, not {gtype or 'none'}"
    if precision == "region":
        if region is None:
            return "a 'region' claim needs its region (name or ISO code)"
        if gtype is not None and gtype not in _POLY_TYPES:
            return f"a 'region' claim's geometry must be the region's polygon, not {gtype}"
    if precision == "direction" and gtype in _POLY_TYPES:
        return "a direction is not an area: give no geometry, the namesake point, or a line"
    if precision == "national" and gtype is not None and gtype not in _POLY_TYPES:
        return f"a 'national' claim has no geometry or a polygon, not {gtype}"
    if precision == "none" and gtype is not None:
        return "precision 'none' means no location, but a geometry was given"
    return ""


def _assemble(
    values: Mapping[str, list[Any]],
    geoms: np.ndarray,
    index: pd.Index,
    extras: Mapping[str, list[Any]],
    extras_frame: pd.DataFrame | None,
) -> gpd.GeoDataFrame:
    data: dict[str, Any] = {}
    for column in CLAIM_COLUMNS[:-1]:
        col = values[column]
        if column in _TEXT_COLUMNS:
            data[column] = pd.Series(col, index=index, dtype=object)
        elif column in ("date", "source_date"):
            data[column] = pd.Series(
                [pd.NaT if x is None else x for x in col], index=index, dtype="datetime64[ns]"
            )
        elif column == "reported_at":
            data[column] = pd.Series(
                [pd.NaT if x is None else x for x in col], index=index, dtype="datetime64[ns, UTC]"
            )
        elif column == "precision":
            data[column] = pd.Series(col, index=index, dtype=_PRECISION_DTYPE)
        elif column == "precision_m":
            data[column] = pd.Series(
                [math.nan if x is None else x for x in col], index=index, dtype="float64"
            )
        elif column == "responses":
            data[column] = pd.Series(col, index=index, dtype=object)
    frame = gpd.GeoDataFrame(
        data, geometry=gpd.GeoSeries(geoms, index=index, crs="EPSG:4326"), index=index
    )
    if extras_frame is not None:
        for name in extras_frame.columns:
            frame[name] = extras_frame[name].array
    else:
        for name, col in extras.items():
            frame[name] = pd.Series(col, index=index)
    return frame


def _rows_of_frame(frame: pd.DataFrame) -> list[tuple[Hashable, dict[str, Any]]]:
    columns = [str(c) for c in frame.columns]
    rows = []
    for label, tup in zip(frame.index, frame.itertuples(index=False, name=None), strict=True):
        rows.append((label, dict(zip(columns, tup, strict=True))))
    return rows


def validate_claims(gdf: pd.DataFrame) -> gpd.GeoDataFrame:
    """Check a claims table and return it in normal form, or raise once with every problem.

    Checks every row and field against :data:`CLAIM_SCHEMA`: required fields present, values in
    their vocabularies (case and ``_``/``-`` spelling are forgiven: ``"Third_Party"`` becomes
    ``"third party"``), dates parseable without guessing, region names turned into ISO codes,
    ``claim_id`` unique, responses well-formed, precision consistent with the geometry (a
    direction is not a polygon), and the status equal to what :func:`derive_status` gives
    (a missing status is derived). Geometries go through the hygiene described in the module
    docstring (reprojection from the frame's CRS, 2-D, make_valid, swapped coordinates, far
    away geometries flagged with :class:`ClaimsGeometryWarning`).

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame or pandas.DataFrame
        A claims table. Its CRS is honoured (EPSG:4326 assumed when it has none). The index is
        kept, and problems name rows by index label. Columns outside the schema are kept.

    Returns
    -------
    geopandas.GeoDataFrame
        A new frame: :data:`CLAIM_COLUMNS` in order with their dtypes, then any extra columns.

    Raises
    ------
    ClaimsValidationError
        One error listing every problem (``.problems``) with its row, claim_id, field and value.

    Examples
    --------
    >>> claims = example_claims("2025-06-08")
    >>> validate_claims(claims).equals(claims)
    True
    >>> bad = claims.assign(side=["RU", "Ukraine?", "third party", "third party", "xx"])
    >>> validate_claims(bad)
    Traceback (most recent call last):
    ...
    frontline.claims.ClaimsValidationError: 2 problems in the claims; fix them and try again:
      - row 1 (claim_id 'ua-gs-2025-06-08-pokrovsk'), field 'side', value 'Ukraine?': ...
      - row 4 (claim_id 'cnn-2025-06-08-sumy'), field 'side', value 'xx': ...
    """
    if not isinstance(gdf, pd.DataFrame):
        raise ValueError(
            f"validate_claims needs a (Geo)DataFrame, got {type(gdf).__name__}; for a list of "
            "dicts use claims_from_records"
        )
    crs = None
    frame = gdf
    if isinstance(gdf, gpd.GeoDataFrame) and gdf._geometry_column_name in gdf.columns:
        crs = gdf.crs
        if gdf._geometry_column_name != "geometry":
            frame = pd.DataFrame(gdf).rename(columns={gdf._geometry_column_name: "geometry"})
    extras = [c for c in frame.columns if c not in CLAIM_COLUMNS and c not in _LOCATION_FIELDS]
    rows = _rows_of_frame(pd.DataFrame(frame[[c for c in frame.columns if c not in extras]]))
    return _build(
        rows,
        crs=crs,
        extras_frame=pd.DataFrame(frame[extras]) if extras else None,
        index=frame.index,
    )


def claims_from_records(
    records: Iterable[Mapping[str, Any]], *, crs: Any = None, source: str | None = None
) -> gpd.GeoDataFrame:
    """Build a claims table from dicts, resolving places, regions and borders by name.

    Each record holds the fields of :data:`CLAIM_COLUMNS` (only ``date``, ``claimant``,
    ``kind``, ``summary`` and ``source_name`` are required; ``side`` may be omitted for the
    well-known bodies; ``claim_id`` is generated from claimant, date and summary when missing;
    ``status`` is derived from ``responses``). The geometry comes from the first of:

    1. ``geometry`` (or ``wkt``): a shapely geometry, WKT or WKB, a GeoJSON geometry or Feature
       dict or its JSON text; or ``lat`` and ``lon`` (also ``latitude``/``longitude``/``lng``)
       in degrees. Precision defaults to "point" for points and "area" for polygons; a line
       needs its precision stated.
    2. ``border``: two region names, e.g. ``["Donetsk", "Dnipropetrovsk"]``: their shared
       boundary line from :func:`frontline.regions.border`; precision "border segment".
    3. ``place`` when precision is absent or "settlement": the settlement's point from
       :func:`frontline.gazetteer.find_place` (``region`` narrows the search); ``place`` becomes
       the gazetteer's name and ``region`` defaults to the place's oblast; precision
       "settlement".
    4. ``region`` when precision is absent or "region": the region's polygon from
       :func:`frontline.regions.region`; precision "region".
    5. Otherwise no geometry: precision "none", or as given ("direction", "national").

    ``region`` always becomes an ISO 3166-2 code. A ``place`` that is not the geometry's
    source (e.g. the namesake of a "direction" claim) is kept as written, not looked up.

    Parameters
    ----------
    records : iterable of dict
        One mapping per claim.
    crs : optional
        CRS of the geometries in ``geometry``/``wkt`` (anything pyproj accepts); they are
        reprojected to EPSG:4326. Default: EPSG:4326. ``lat``/``lon`` are always degrees.
    source : str, optional
        A name for the records (e.g. a file name) used in error messages.

    Returns
    -------
    geopandas.GeoDataFrame
        A validated claims table (see :func:`validate_claims`), index 0..n-1.

    Raises
    ------
    ClaimsValidationError
        One error listing every problem with its row (position in ``records``), claim_id,
        field and value.

    Examples
    --------
    >>> c = claims_from_records([
    ...     {"claim_id": "ua-1", "date": "2025-06-08", "claimant": "Ukraine's General Staff",
    ...      "kind": "repelled attacks", "summary": "Attacks stopped near Pokrovsk.",
    ...      "precision": "direction", "place": "Pokrovsk", "region": "Donetsk",
    ...      "source_name": "CNN"},
    ...     {"claim_id": "x-2", "date": "2025-06-08", "claimant": "Someone", "side": "RU",
    ...      "kind": "strike", "summary": "A strike.", "lat": 48.45, "lon": 35.05,
    ...      "source_name": "a channel"},
    ... ])
    >>> c[["claim_id", "side", "precision", "region", "status"]]
      claim_id side  precision region   status
    0     ua-1   UA  direction  UA-14  claimed
    1      x-2   RU      point   None  claimed
    >>> c.geometry.iloc[1].wkt
    'POINT (35.05 48.45)'
    >>> claims_from_records([{"date": "08/06/2025", "claimant": "x", "side": "RU",
    ...     "kind": "advance", "summary": "s", "source_name": "y"}])
    Traceback (most recent call last):
    ...
    frontline.claims.ClaimsValidationError: 1 problem in the claims; fix them and try again:
      - row 0 (claim_id 'claim-...'), field 'date', value '08/06/2025': ambiguous date ...
    """
    if isinstance(records, pd.DataFrame):
        raise ValueError("claims_from_records takes dicts; for a DataFrame use validate_claims")
    if isinstance(records, Mapping | str | bytes):
        raise ValueError(
            "claims_from_records takes a list of dicts (one per claim), not a single "
            f"{type(records).__name__}"
        )
    rows = list(enumerate(records))
    return _build(rows, crs=crs, source=source, index=pd.RangeIndex(len(rows)))


# --------------------------------------------------------------------------------------------
# Built-in data
# --------------------------------------------------------------------------------------------


def _available_days() -> list[str]:
    from importlib import resources

    folder = resources.files("frontline._data").joinpath("claims")
    if not folder.is_dir():
        return []
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".json"))


@lru_cache(maxsize=8)
def _example(day: str) -> gpd.GeoDataFrame:
    from frontline._resources import data_file

    payload = json.loads(data_file("claims", f"{day}.json").read_text(encoding="utf-8"))
    return claims_from_records(payload["claims"], source=f"built-in claims of {day}")


def _copy(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    out = frame.copy()
    if "responses" in out.columns:
        out["responses"] = pd.Series(
            [copy.deepcopy(r) for r in out["responses"]], index=out.index, dtype=object
        )
    return out


def example_claims(day: Any = "2025-06-08") -> gpd.GeoDataFrame:
    """The built-in claims of a day, read from data shipped with the package (no network).

    2025-06-08 holds five claims reported that day (source: CNN, 2025-06-08), paraphrased:

    ============================  ===========  =================  ==========================
    claim_id                      side         precision          geometry
    ============================  ===========  =================  ==========================
    ru-mod-2025-06-08-dnipro      RU           border segment     Donetsk–Dnipropetrovsk border
    ua-gs-2025-06-08-pokrovsk     UA           direction          none (a direction)
    isw-2025-06-07-pokrovsk       third party  direction          none (a direction)
    deepstate-2025-06-08-share    third party  national           none (a share, not an area)
    cnn-2025-06-08-sumy           third party  region             Sumy oblast
    ============================  ===========  =================  ==========================

    The first is "denied" (the Khortytsia group denied it the same day); the others are
    "claimed". See ``data/README.md`` for how each geometry follows from the text.

    Parameters
    ----------
    day : str, date, datetime or Timestamp
        The day; ISO 8601 text. Only days shipped with the package exist.

    Returns
    -------
    geopandas.GeoDataFrame
        A claims table (a fresh copy each call).

    Raises
    ------
    LookupError
        No built-in claims for that day (the message lists the days there are).
    ValueError
        The day cannot be read as a date.

    Examples
    --------
    >>> claims = example_claims("2025-06-08")
    >>> claims[["claim_id", "status", "precision"]]
                         claim_id   status       precision
    0    ru-mod-2025-06-08-dnipro   denied  border segment
    1   ua-gs-2025-06-08-pokrovsk  claimed       direction
    2     isw-2025-06-07-pokrovsk  claimed       direction
    3  deepstate-2025-06-08-share  claimed        national
    4         cnn-2025-06-08-sumy  claimed          region
    >>> claims.claims.by("RU").claimant.tolist()
    ['Russian Ministry of Defence']
    """
    try:
        key = _parse_day(day).date().isoformat()
    except _Bad as exc:
        raise ValueError(f"example_claims: {exc}") from None
    days = _available_days()
    if key not in days:
        raise LookupError(
            f"no built-in claims for {key}; built-in days: {', '.join(days) or 'none'}. "
            "Read your own with fl.read_claims or build them with fl.claims_from_records."
        )
    return _copy(_example(key))


# --------------------------------------------------------------------------------------------
# The pandas accessor
# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=32)
def _region_area(code: str) -> tuple[BaseGeometry, BaseGeometry]:
    """A region's polygon, and the same grown by 50 m (both prepared, cached)."""
    from frontline.geodesy import buffer_km
    from frontline.regions import region

    exact = region(code)["geometry"]
    grown = buffer_km(exact, 0.05, quad_segs=2)
    shapely.prepare(exact)
    shapely.prepare(grown)
    return exact, grown


def _touches_region(geoms: np.ndarray, code: str) -> np.ndarray:
    """Which geometries lie (partly) in a region, not merely on its edge or corner.

    Points: within 50 m of the region. Lines: at least 1 km (or half their length) runs within
    50 m of it, so a border line belongs to both regions it separates but not to a third that
    meets it at a corner. Polygons: at least 1% of their geodesic area overlaps it.
    """
    from frontline.geodesy import area_km2, length_km

    exact, grown = _region_area(code)
    out = np.zeros(len(geoms), dtype=bool)
    present = ~shapely.is_missing(geoms)
    candidates = np.flatnonzero(present)
    if len(candidates) == 0:
        return out
    candidates = candidates[shapely.intersects(geoms[candidates], grown)]
    for pos in candidates:
        geom = geoms[pos]
        if geom.geom_type in _POINT_TYPES:
            out[pos] = True
        elif geom.geom_type in _LINE_TYPES:
            inside = length_km(shapely.intersection(geom, grown))
            out[pos] = inside >= min(1.0, 0.5 * length_km(geom))
        else:
            total = area_km2(geom)
            out[pos] = total > 0 and area_km2(shapely.intersection(geom, exact)) >= 0.01 * total
    return out


@pd.api.extensions.register_dataframe_accessor("claims")
class ClaimsAccessor:
    """``gdf.claims``: follow and filter a claims table.

    Registered when :mod:`frontline.claims` is imported (any claims function reached through
    ``frontline`` imports it). Every method returns a new frame; the original is unchanged.

    Examples
    --------
    >>> claims = example_claims("2025-06-08")
    >>> len(claims.claims.on("2025-06-07")), len(claims.claims.about("Sumy"))
    (1, 1)
    >>> later = claims.claims.add_response(
    ...     "ru-mod-2025-06-08-dnipro", by="ISW", stance="confirms", date="2025-06-12")
    >>> later.set_index("claim_id").status["ru-mod-2025-06-08-dnipro"]
    'confirmed'
    >>> claims.set_index("claim_id").status["ru-mod-2025-06-08-dnipro"]
    'denied'
    """

    def __init__(self, frame: pd.DataFrame) -> None:
        missing = [c for c in ("claim_id", "date", "side", "responses") if c not in frame.columns]
        if missing:
            raise AttributeError(
                f"not a claims table (missing columns {missing}); build one with "
                "fl.claims_from_records, fl.read_claims or fl.example_claims"
            )
        self._frame = frame

    def validate(self) -> gpd.GeoDataFrame:
        """The table validated and normalised: :func:`validate_claims`."""
        return validate_claims(self._frame)

    def on(self, date: Any) -> gpd.GeoDataFrame:
        """Claims about one day (the ``date`` column; ISO text, date, datetime or Timestamp)."""
        try:
            day = _parse_day(date)
        except _Bad as exc:
            raise ValueError(f"claims.on: {exc}") from None
        dates = pd.to_datetime(self._frame["date"]).dt.normalize()
        return _copy(self._frame[(dates == day).to_numpy()])

    def by(self, side: str) -> gpd.GeoDataFrame:
        """Claims made by one side: "RU", "UA" or "third party" (case-insensitive)."""
        try:
            wanted = _parse_choice(side, SIDES, "side")
        except _Bad as exc:
            raise ValueError(
                f"claims.by({side!r}): {exc}; to select a claimant use gdf[gdf.claimant == name]"
            ) from None
        return _copy(self._frame[(self._frame["side"] == wanted).to_numpy()])

    def about(self, region: str) -> gpd.GeoDataFrame:
        """Claims about a region (anything :func:`frontline.regions.region` accepts).

        A claim is about a region when its ``region`` code is that region's, or when its
        geometry lies in the region beyond a touch: a point within 50 m of it, a line running
        at least 1 km (or half its length) within 50 m of it, a polygon overlapping it by at
        least 1% of its area. So a claim along the Donetsk–Dnipropetrovsk border is about both
        oblasts, but not about Zaporizhzhia, which meets that border at a corner.
        """
        from frontline.regions import region_code

        code = region_code(region)
        mask = np.array((self._frame["region"] == code).to_numpy(dtype=bool, na_value=False))
        if "geometry" in self._frame.columns:
            mask |= _touches_region(np.asarray(self._frame["geometry"], dtype=object), code)
        return _copy(self._frame[mask])

    def add_response(
        self,
        claim_id: str,
        *,
        by: str,
        stance: str,
        date: Any,
        side: str | None = None,
        source_name: str | None = None,
        source_url: str | None = None,
        note: str | None = None,
        independent: bool | None = None,
    ) -> gpd.GeoDataFrame:
        """A new frame with one more response to ``claim_id`` and its status recomputed.

        Parameters
        ----------
        claim_id : str
            The claim answered.
        by : str
            Who responded ("Khortytsia group", "ISW").
        stance : {"confirms", "denies", "disputes", "no comment"}
        date : str, date, datetime or Timestamp
            The day of the response (ISO 8601 text); not before the claim's ``date``.
        side : {"RU", "UA", "third party"}, optional
            The responder's side; may be omitted for the well-known bodies, and whenever
            ``independent`` is given (which then decides how the response counts).
        source_name, source_url, note : str, optional
            Where the response was read, and a note in your own words.
        independent : bool, optional
            Override whether the responder counts as independent (see :func:`derive_status`).

        Returns
        -------
        geopandas.GeoDataFrame
            A copy with the response added (responses kept in date order) and ``status``
            recomputed by :func:`derive_status`.

        Raises
        ------
        LookupError
            No claim with that ``claim_id`` (closest ids listed).
        ClaimsValidationError
            The response is malformed or predates the claim (every problem listed).
        """
        frame = self._frame
        matches = np.flatnonzero((frame["claim_id"] == claim_id).to_numpy(dtype=bool))
        if len(matches) != 1:
            from frontline._names import closest

            if len(matches) > 1:
                raise ValueError(f"claim_id {claim_id!r} occurs {len(matches)} times; validate")
            near = closest(str(claim_id), [str(c) for c in frame["claim_id"]], limit=3)
            raise LookupError(f"no claim with claim_id {claim_id!r}; closest: {near}")
        pos = int(matches[0])
        response = {
            "date": date,
            "by": by,
            "side": side,
            "stance": stance,
            "independent": independent,
            "source_name": source_name,
            "source_url": source_url,
            "note": note,
        }
        existing = list(frame["responses"].iloc[pos] or [])
        claim_day = None
        if "date" in frame.columns and not _is_missing(frame["date"].iloc[pos]):
            try:
                claim_day = _parse_day(frame["date"].iloc[pos])
            except _Bad:
                claim_day = None  # an invalid claim date is validate()'s business
        parsed, found = _parse_responses([*existing, response], claim_day)
        if found:
            raise ClaimsValidationError(
                [ClaimProblem(frame.index[pos], claim_id, f, v, m) for f, v, m in found]
            )
        out = _copy(frame)
        claimant = frame["claimant"].iloc[pos] if "claimant" in frame.columns else None
        responses_col = out["responses"].tolist()
        responses_col[pos] = parsed
        out["responses"] = pd.Series(responses_col, index=out.index, dtype=object)
        status = _status(parsed, _parse_choice(frame["side"].iloc[pos], SIDES, "side"), claimant)
        column = out.columns.get_loc("status") if "status" in out.columns else None
        if column is None:
            out["status"] = None
        out.iloc[pos, out.columns.get_loc("status")] = status
        return out
