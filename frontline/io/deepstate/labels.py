"""DeepState labels: a polygon's ``name`` taken apart and mapped onto the status vocabulary.

Pure functions (tested with hypothesis): :func:`parse_label` splits a ``name`` into its key,
English part and dated label; :func:`classify` gives the status from the key, else the fill
colour, else the words (see :data:`KEY_STATUS`, :data:`FILL_STATUS`).
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

import pandas as pd

__all__ = [
    "FILL_STATUS",
    "KEY_STATUS",
    "OUTSIDE",
    "OUTSIDE_KEYS",
    "SOURCE",
    "Label",
    "classify",
    "parse_label",
]

#: The ``source`` value of every row read here.
SOURCE = "DeepStateMap"

#: ``geoJSON.<key>`` in a polygon's name -> status (keys are matched case-insensitively).
KEY_STATUS: dict[str, str] = {
    "geoJSON.status.occupied": "occupied",
    "geoJSON.status.dismissed": "liberated",
    "geoJSON.status.dismissed_at": "liberated",
    "geoJSON.status.unknown": "contested",
    "geoJSON.territories.crimea": "occupied_before_2022",
    "geoJSON.territories.ordlo": "occupied_before_2022",
    "geoJSON.territories.tuzla": "occupied_before_2022",
    "geoJSON.zmiinyi_island": "liberated",
}

#: Keys of polygons outside Ukraine (Transnistria, Georgian regions, satirical "territories").
OUTSIDE_KEYS: frozenset[str] = frozenset(
    "geoJSON.territories." + k
    for k in (
        "transnistria",
        "abkhazia",
        "tskhinvali-district",
        "karelia",
        "kuril",
        "prussia",
        "ichkeria",
        "estonia",
        "latvia",
        "pechorsky-district",
        "salla",
        "petsamo",
    )
)

#: The status-like value :func:`classify` gives to areas outside Ukraine.
OUTSIDE = "outside"

#: Fill colour -> status for editions without a key (before 2024-03-23). ``#880e4f`` meant
#: Transnistria until 2022-05-29 and Crimea/ORDLO/Tuzla from 2022-05-30 (see _CRIMSON_FROM).
FILL_STATUS: dict[str, str] = {
    "#a52714": "occupied",
    "#0f9d58": "liberated",
    "#0288d1": "liberated",
    "#01579b": "liberated",
    "#0097a7": "liberated",
    "#bcaaa4": "contested",
    "#bdbdbd": "contested",
    "#757575": "contested",
    "#000000": "occupied_before_2022",
    "#ff5252": OUTSIDE,
}
_CRIMSON = "#880e4f"
_CRIMSON_FROM = pd.Timestamp("2022-05-30")

_KEY_STATUS = {k.lower(): v for k, v in KEY_STATUS.items()}
_OUTSIDE_KEYS = {k.lower() for k in OUTSIDE_KEYS}
_WS = re.compile(r"\s+")
_KEY = re.compile(r"geoJSON\.[A-Za-z0-9_.\-]+")
_AT = re.compile(r"\{\{\s*at\s*:\s*([^}]*)\}\}")
_OUTSIDE_NAME = re.compile(r"transnistria|придністров", re.IGNORECASE)
_ENGLISH = (
    (re.compile(r"crimea|cadr|calr|tuzla|ордло|крим|тузла", re.I), "occupied_before_2022"),
    (re.compile(r"liberated|taken back|recaptured|pushed back|звільнено", re.I), "liberated"),
    (re.compile(r"contested|unknown status|під питанням|невідом", re.I), "contested"),
    (re.compile(r"occupied|окуповано|окупован", re.I), "occupied"),
)


class Label(NamedTuple):
    """A DeepState ``name`` taken apart: normalised text, key, English part, dated label."""

    text: str
    key: str | None
    english: str | None
    at: str | None


def parse_label(name: Any) -> Label:
    """Take a DeepState ``name`` apart (whitespace, non-breaking spaces and newlines normalised).

    Examples
    --------
    >>> label = parse_label(
    ...     "Звільнено /// Liberated\\u00a0/// geoJSON.status.dismissed_at {{at:19.09}}\\n"
    ... )
    >>> label.key, label.english, label.at
    ('geoJSON.status.dismissed_at', 'Liberated', '19.09')
    """
    text = _WS.sub(" ", name if isinstance(name, str) else "").strip()
    m = _KEY.search(text)
    key = m.group(0).rstrip(".-") if m else None
    at = _AT.search(text)
    english = None
    parts = [p.strip() for p in text.split("///")]
    if len(parts) > 1 and parts[1] and not parts[1].startswith("geoJSON."):
        english = parts[1]
    return Label(text, key, english, at.group(1).strip() if at else None)


def classify(label: Label, fill: Any, when: pd.Timestamp) -> str | None:
    """The status of a DeepState polygon; ``"outside"`` for areas outside Ukraine; None if unknown.

    Examples
    --------
    >>> import pandas as pd
    >>> classify(parse_label("Окуповано /// Occupied"), "#a52714", pd.Timestamp("2023-01-01"))
    'occupied'
    >>> kuril = parse_label("Окуповані ... /// Occupied ... /// geoJSON.territories.kuril")
    >>> classify(kuril, "#ff5252", pd.Timestamp("2025-01-01"))
    'outside'
    """
    if label.key is not None:
        k = label.key.lower()
        if k in _OUTSIDE_KEYS:
            return OUTSIDE
        return _KEY_STATUS.get(k)
    if _OUTSIDE_NAME.search(label.text):
        return OUTSIDE
    colour = fill.strip().lower() if isinstance(fill, str) else None
    if colour in FILL_STATUS:
        return FILL_STATUS[colour]
    if colour == _CRIMSON:
        return "occupied_before_2022" if when >= _CRIMSON_FROM else OUTSIDE
    for pattern, status in _ENGLISH:
        if pattern.search(label.english or label.text):
            return status
    return None
