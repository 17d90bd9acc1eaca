"""The statuses and columns of the settlement tables (re-exported by the package)."""

from __future__ import annotations

__all__ = [
    "CHANGES_COLUMNS",
    "DEFAULT_STATUSES",
    "EVENTS_COLUMNS",
    "HELD",
    "OUTSIDE_MARGIN_KM",
    "RUSSIAN_HELD",
    "TABLE_COLUMNS",
    "UKRAINIAN_HELD",
]

#: The status of a place inside none of the areas asked about: held by Ukraine on the map.
HELD = "held"

#: The statuses looked at by default, in order of precedence where areas overlap.
DEFAULT_STATUSES: tuple[str, ...] = ("occupied_before_2022", "occupied", "contested", "liberated")

#: Statuses that mean a place is held by Russia (for :func:`control_changes`).
RUSSIAN_HELD: tuple[str, ...] = ("occupied", "occupied_before_2022")

#: Statuses that mean a place is held by Ukraine (for :func:`control_changes`).
UKRAINIAN_HELD: tuple[str, ...] = (HELD, "liberated")

#: Places more than this far (km, geodesic) outside Ukraine's outline are rejected. The margin
#: absorbs the generalised coastline and border of the shipped outline (GeoNames' coastal and
#: border villages lie up to about 2 km outside it).
OUTSIDE_MARGIN_KM = 5.0

#: Columns of the tidy table, in order.
TABLE_COLUMNS: tuple[str, ...] = (
    "place_id",
    "name",
    "region",
    "date",
    "status",
    "share_held",
    "carried_forward",
)

#: Columns of :func:`control_changes`, in order.
CHANGES_COLUMNS: tuple[str, ...] = (
    "place_id",
    "name",
    "region",
    "occupied_at_start",
    "first_occupied",
    "last_held",
    "changes",
    "status_now",
    "share_at_start",
    "share_now",
    "first_entered",
    "first_half",
    "first_full",
    "last_change",
    "last_change_to",
)

#: Columns of :func:`control_events`, in order.
EVENTS_COLUMNS: tuple[str, ...] = (
    "place_id",
    "name",
    "region",
    "date",
    "previous_day",
    "from_band",
    "to_band",
    "share_before",
    "share_held",
    "status",
)
