"""The claims schema and its vocabularies: the one place they are defined.

:data:`CLAIM_SCHEMA` holds the columns of a claims table in order (name, dtype, whether
required, meaning); the tuples below are the values each vocabulary column may take. Claim
statuses (:data:`CLAIM_STATUSES`) are the claims' own vocabulary, distinct from the
assessed-control statuses of :mod:`frontline._statuses`; :func:`check_claim_statuses` is the one
check of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import NamedTuple

import pandas as pd

__all__ = [
    "BORDERLAND_KM",
    "CLAIM_COLUMNS",
    "CLAIM_SCHEMA",
    "CLAIM_STATUSES",
    "KINDS",
    "LOCATION_FIELDS",
    "PRECISIONS",
    "PRECISION_DTYPE",
    "REQUIRED_COLUMNS",
    "RESPONSE_FIELDS",
    "SIDES",
    "STANCES",
    "TEXT_COLUMNS",
    "ColumnSpec",
    "check_claim_statuses",
]

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

#: A claim's status, derived from its responses by :func:`frontline.claims.derive_status`.
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

#: Geometries outside Ukraine buffered by this many kilometres (geodesic) are flagged.
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

#: The columns every claim needs (``side`` may be inferred for well-known claimants).
REQUIRED_COLUMNS: tuple[str, ...] = tuple(s.name for s in _SPECS if s.required)

#: The columns holding text (``object`` dtype, ``None`` when missing).
TEXT_COLUMNS: tuple[str, ...] = (
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

#: The dtype of the ``precision`` column.
PRECISION_DTYPE = pd.CategoricalDtype(list(PRECISIONS))

#: Input-only fields that locate a claim; they are consumed, not stored.
LOCATION_FIELDS: tuple[str, ...] = ("lat", "lon", "latitude", "longitude", "lng", "border", "wkt")


def check_claim_statuses(statuses: str | Iterable[str] | None) -> tuple[str, ...] | None:
    """Claim statuses as a tuple (None stays None), each checked against :data:`CLAIM_STATUSES`.

    Claim statuses say what became of a claim ("denied", "confirmed"...); they are not the
    assessed-control statuses of a :class:`~frontline.control.ControlHistory`.

    Raises
    ------
    ValueError
        A value that is not a claim status (the message lists the statuses).

    Examples
    --------
    >>> check_claim_statuses("denied")
    ('denied',)
    >>> check_claim_statuses(["denied", "occupied"])
    Traceback (most recent call last):
    ...
    ValueError: unknown claim status 'occupied' (that is an assessed-control status, not ...
    """
    if statuses is None:
        return None
    if isinstance(statuses, str):
        statuses = (statuses,)
    out = tuple(statuses)
    bad = [s for s in out if s not in CLAIM_STATUSES]
    if bad:
        hint = ""
        if isinstance(bad[0], str) and bad[0] in ("occupied", "contested", "liberated"):
            hint = " (that is an assessed-control status, not a claim status)"
        raise ValueError(
            f"unknown claim status {bad[0]!r}{hint}; use one of {', '.join(CLAIM_STATUSES)}"
        )
    return out
