"""The one status vocabulary: what each assessed-control status means, and how to check one.

Every source (DeepState editions and the daily mirror, ISW-style layers, any vector file) is read
into these statuses; control histories, settlement tables and maps all use them. See
:mod:`frontline.control` for the table of source labels mapped to each status.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import NamedTuple

__all__ = ["OCCUPIED", "STATUSES", "StatusInfo", "check_statuses"]


class StatusInfo(NamedTuple):
    """One row of :data:`STATUSES`: what a status means and which source labels map to it."""

    meaning: str
    deepstate: tuple[str, ...]
    isw: tuple[str, ...]


#: The status vocabulary shared by every source (see the module docstring for the table).
STATUSES: Mapping[str, StatusInfo] = MappingProxyType(
    {
        "occupied": StatusInfo(
            "held by Russian forces, taken after 24 February 2022 (a source that does not "
            "separate older occupation, such as the DeepState daily mirror, reports all of "
            "it here)",
            (
                "geoJSON.status.occupied",
                "Occupied",
                "Окуповано",
                "fill #a52714",
                "daily mirror (all)",
            ),
            ("Assessed Russian-controlled Ukrainian territory", "Assessed Russian control"),
        ),
        "occupied_before_2022": StatusInfo(
            "held by Russia or its proxies before 24 February 2022: Crimea (with Tuzla island) "
            "and the occupied parts of Donetsk and Luhansk oblasts",
            (
                "geoJSON.territories.crimea",
                "geoJSON.territories.ordlo",
                "geoJSON.territories.tuzla",
                "Occupied Crimea",
                "CADR and CALR",
                "ОРДЛО",
                "fill #000000 (to 2022-05-29)",
                "fill #880e4f (from 2022-05-30)",
            ),
            ("Russian-controlled Ukrainian territory before 24 February 2022",),
        ),
        "contested": StatusInfo(
            "grey zone: status unknown or contested",
            (
                "geoJSON.status.unknown",
                "Contested",
                "Unknown status",
                "Під питанням",
                "fill #bcaaa4",
                "fill #bdbdbd",
                "fill #757575",
            ),
            ("Contested",),
        ),
        "liberated": StatusInfo(
            "retaken by Ukraine after Russian occupation since 24 February 2022",
            (
                "geoJSON.status.dismissed",
                "geoJSON.status.dismissed_at {{at:..}}",
                "geoJSON.zmiinyi_island",
                "Liberated",
                "Taken back",
                "Recaptured",
                "Звільнено",
                "fill #0f9d58",
                "fill #0288d1",
                "fill #01579b",
                "fill #0097a7",
            ),
            ("Assessed Ukrainian liberated territory", "Liberated"),
        ),
        "advanced": StatusInfo(
            "assessed Russian advances: Russian forces operate or attack there, without "
            "assessed control",
            (),
            ("Assessed Russian advances in Ukraine", "Assessed Russian advances"),
        ),
        "claimed_ru": StatusInfo(
            "Russian claims of control that the source has not confirmed",
            (),
            ("Claimed Russian territory", "Claimed Russian control over Ukrainian territory"),
        ),
        "claimed_ua": StatusInfo(
            "claimed Ukrainian counteroffensives",
            (),
            ("Claimed Ukrainian counteroffensives",),
        ),
        "partisan": StatusInfo(
            "reported Ukrainian partisan activity",
            (),
            ("Reported Ukrainian partisan activity", "Reported Ukrainian partisan warfare"),
        ),
    }
)

#: The statuses that together make "held by Russia" (the default of the geometry queries).
OCCUPIED: tuple[str, ...] = ("occupied", "occupied_before_2022")


def check_statuses(statuses: str | Iterable[str] | None) -> tuple[str, ...] | None:
    """The statuses as a tuple (None stays None), each checked against :data:`STATUSES`.

    Examples
    --------
    >>> check_statuses("occupied")
    ('occupied',)
    >>> check_statuses(["held"])
    Traceback (most recent call last):
    ...
    ValueError: unknown status 'held'; use one of occupied, occupied_before_2022, ...
    """
    if statuses is None:
        return None
    if isinstance(statuses, str):
        statuses = (statuses,)
    out = tuple(statuses)
    bad = [s for s in out if s not in STATUSES]
    if bad:
        raise ValueError(f"unknown status {bad[0]!r}; use one of {', '.join(STATUSES)}")
    return out
