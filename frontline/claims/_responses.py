"""Responses to claims: reading them into normal dicts, and the status rule they feed.

The rule itself is documented in :func:`frontline.claims.derive_status`; :func:`status_of`
applies it to responses already read by :func:`parse_responses`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from frontline.claims._values import (
    is_missing,
    one_line,
    parse_bool,
    parse_choice,
    parse_claim_day,
    parse_side,
    parse_text,
    parse_url,
    same_body,
)
from frontline.claims.schema import RESPONSE_FIELDS, STANCES

__all__ = ["Found", "parse_responses", "status_of"]

#: Problems found in one record: (field, value, message).
Found = list[tuple[str, Any, str]]


def _normalise_response(item: Any) -> tuple[dict[str, Any], Found]:
    """One response as a normal dict, plus (subfield, value, message) problems."""
    problems: Found = []
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

    def take(field: str, parse: Callable[[Any], Any], *, required: bool = False) -> None:
        value = item.get(field)
        if required and is_missing(value):
            problems.append((field, None, "missing (required)"))
            return
        try:
            out[field] = parse(value)
        except ValueError as exc:
            problems.append((field, value, str(exc)))

    take("date", lambda v: parse_claim_day(v).date().isoformat(), required=True)
    take("by", one_line, required=True)
    take("stance", lambda v: parse_choice(v, STANCES, "stance"), required=True)
    take("independent", parse_bool)
    take("source_name", one_line)
    take("source_url", parse_url)
    take("note", parse_text)
    by = out["by"]
    try:
        out["side"] = parse_side(item.get("side"), by)
    except ValueError as exc:
        # with ``independent`` given, that says how the response counts: side may stay unknown
        if out["independent"] is None or not is_missing(item.get("side")):
            problems.append(("side", item.get("side"), str(exc)))
    return out, problems


def parse_responses(
    value: Any, claim_day: pd.Timestamp | None = None
) -> tuple[list[dict[str, Any]], Found]:
    """Responses as normal dicts in date order, plus (field, value, message) problems.

    With ``claim_day`` (the claim's ``date``), a response dated before it is a problem: a
    response cannot answer a claim about a later day.

    Examples
    --------
    >>> parsed, problems = parse_responses('[{"date": "2025-06-08", "by": "ISW", '
    ...                                    '"stance": "confirms"}]')
    >>> parsed[0]["side"], problems
    ('third party', [])
    """
    if value is None or (not isinstance(value, list | tuple | np.ndarray) and is_missing(value)):
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
    out: list[dict[str, Any]] = []
    problems: Found = []
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
    """Who a response speaks for, relative to the claim: see ``derive_status``."""
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
    if claimant is not None and same_body(str(response.get("by") or ""), claimant):
        return "own"
    return "interested" if flag is False else "independent"


def status_of(responses: Sequence[Mapping[str, Any]], side: str, claimant: str | None) -> str:
    """The status that read responses give a claim of ``side`` (the rule of ``derive_status``).

    Examples
    --------
    >>> status_of([{"date": "2025-06-08", "side": "UA", "stance": "denies"}], "RU", None)
    'denied'
    """
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
