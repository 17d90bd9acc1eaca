"""The front line itself: its geometry and length, pace by direction, distance and time to a
place, and the monthly report.

- :mod:`~frontline.front.line`: :func:`front_line` (the line on a day) and
  :func:`front_length` (km per day).
- :mod:`~frontline.front.sectors`: the named directions (sectors) and their reference points.
- :mod:`~frontline.front.pace`: :func:`advance`, km² gained and lost per sector and the mean
  advance in metres per day (CSIS-style).
- :mod:`~frontline.front.distance`: :func:`distance_to_front`, :func:`eta` and their words.
- :mod:`~frontline.front.months`: :func:`monthly` and :func:`monthly_text`.
- ``_engine``: the segment engine shared by the line, the lengths and the pace.
"""

from __future__ import annotations

from frontline.front.distance import (
    FRONT_STATUSES,
    describe_distance,
    describe_eta,
    distance_to_front,
    eta,
)
from frontline.front.line import RIVER_STRETCHES, TOLERANCE_KM, front_length, front_line
from frontline.front.months import month_starts, monthly, monthly_text
from frontline.front.pace import advance
from frontline.front.sectors import directions, sector_polygons

__all__ = [
    "FRONT_STATUSES",
    "RIVER_STRETCHES",
    "TOLERANCE_KM",
    "advance",
    "describe_distance",
    "describe_eta",
    "directions",
    "distance_to_front",
    "eta",
    "front_length",
    "front_line",
    "month_starts",
    "monthly",
    "monthly_text",
    "sector_polygons",
]
