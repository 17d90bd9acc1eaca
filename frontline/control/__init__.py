"""Assessed control over time: who holds the ground, day by day, by source.

Claims say what someone asserts; assessments (DeepStateMap, ISW) say who holds the ground. A
:class:`ControlHistory` holds many days of such assessments in one GeoDataFrame and answers
"as of this day" and "what changed between two days".

One status vocabulary serves every source. It is :data:`STATUSES`:

====================  ===================================  ====================================
status                meaning                              source labels mapped to it
====================  ===================================  ====================================
occupied              held by Russian forces, taken        DeepState ``geoJSON.status.occupied``,
                      after 24 Feb 2022; a source that     "Occupied", "Окуповано", fill
                      does not separate older occupation   ``#a52714``; the whole daily mirror.
                      (the DeepState daily mirror)         ISW "Assessed Russian-controlled
                      reports all of it here               Ukrainian territory"
occupied_before_2022  held by Russia or its proxies        DeepState ``geoJSON.territories.``
                      before 24 Feb 2022: Crimea (with     ``crimea``/``ordlo``/``tuzla``,
                      Tuzla) and the occupied parts of     "Occupied Crimea", "CADR and CALR",
                      Donetsk and Luhansk oblasts          "ОРДЛО", fill ``#000000`` (to
                                                           2022-05-29), ``#880e4f`` (after).
                                                           ISW "Russian-controlled Ukrainian
                                                           territory before 24 February 2022"
contested             grey zone: status unknown or         DeepState ``geoJSON.status.unknown``,
                      contested                            "Contested", "Unknown status", "Під
                                                           питанням", fills ``#bcaaa4``,
                                                           ``#bdbdbd``, ``#757575``
liberated             retaken by Ukraine after Russian     DeepState ``geoJSON.status.dismissed``
                      occupation since 24 Feb 2022         (and ``dismissed_at {{at:..}}``),
                                                           ``geoJSON.zmiinyi_island``,
                                                           "Liberated", "Taken back",
                                                           "Recaptured", "Звільнено", fills
                                                           ``#0f9d58``, ``#0288d1``,
                                                           ``#01579b``, ``#0097a7``. ISW
                                                           "Assessed Ukrainian liberated
                                                           territory"
advanced              assessed Russian advances: Russian   ISW "Assessed Russian advances (in
                      forces operate or attack there       Ukraine)"
                      without assessed control
claimed_ru            Russian claims of control the        ISW "Claimed Russian territory",
                      source has not confirmed             "Claimed Russian control"
claimed_ua            claimed Ukrainian counteroffensives  ISW "Claimed Ukrainian
                                                           counteroffensives"
partisan              reported Ukrainian partisan          ISW "Reported Ukrainian partisan
                      activity                             activity" / "... warfare"
====================  ===================================  ====================================

DeepState's satirical "occupied territories" far outside Ukraine (Kuril islands, Karelia, East
Prussia, ...) and Transnistria have no status: the readers drop them and report them.

This package does no file I/O; the readers live in :mod:`frontline.io`. Its modules:

* :mod:`frontline.control.history`: :class:`ControlHistory`, the many-day history and its
  queries (``as_of``, ``geometry_on``, ``changes``, ``between``, ``distinct``);
* ``_build``: rows per area unioned into rows per (date, source, status), and histories joined;
* ``_validate``: the checks of a frame before it becomes a history (every problem at once);
* ``_geometry``: polygon helpers (polygonal parts, repair, union) shared with the readers.
"""

from __future__ import annotations

from frontline._errors import ControlValidationError, DateOutOfRangeError, MissingDayError
from frontline._statuses import OCCUPIED, STATUSES, StatusInfo
from frontline.control._geometry import union_polygons
from frontline.control.history import ControlHistory

__all__ = [
    "OCCUPIED",
    "STATUSES",
    "ControlHistory",
    "ControlValidationError",
    "DateOutOfRangeError",
    "MissingDayError",
    "StatusInfo",
    "union_polygons",
]
