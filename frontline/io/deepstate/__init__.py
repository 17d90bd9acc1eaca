"""Read DeepStateMap's assessments: the daily mirror and the map's own (raw API) format.

Two formats are recognised, file by file:

* **Daily mirror** (``deepstatemap_data_YYYYMMDD.geojson``, as collected by the public
  repository cyterat/deepstate-map-data): one MultiPolygon feature with no properties, the
  ground DeepStateMap assessed as Russian-held that day, Crimea included. The mirror does not
  separate pre-2022 occupation, so everything is status ``occupied``. The day is the date in
  the file name.
* **Raw API format** (``<unix-seconds>.geojson``, what ``/api/history/<id>/geojson`` serves):
  Google-My-Maps-style features whose meaning is in the ``name`` property. Its status is read,
  in this order, from the ``geoJSON.<key>`` in the name (from 2024-03-23), else from the fill
  colour and the name (see :data:`KEY_STATUS`, :data:`FILL_STATUS`). Points (units, airfields,
  attack arrows, ...) are not territory: they go to ``history.markers``. GeometryCollections
  are split, 3-D coordinates flattened.

  **Which day an edition describes**: an edition is dated by its publication time (the unix
  seconds in the file name) converted to Kyiv time (Europe/Kyiv). ``1749327130`` (2025-06-07
  20:12 UTC, 23:12 in Kyiv) is dated 2025-06-07; it is still the edition in force when
  2025-06-08 begins, so it matches the daily mirror's file for 2025-06-08, whose date is the
  day the mirror captured it. Use ``duplicates="last"`` to keep the day's last edition when a
  folder holds several editions of one day. The exact time is kept in the ``published``
  column.

What lies outside Ukraine is dropped and reported in ``history.dropped`` (with the reason):
DeepState's satirical "occupied territories" (Karelia, Kuril islands, East Prussia, ...) and
Transnistria by their key or name, and any polygon that does not come within
:data:`OUTSIDE_KM` km of Ukraine's outline (:func:`frontline.regions.ukraine_outline`) or of
Zmiinyi (Snake) Island, which lies 35 km off the coast. Nothing is clipped: polygons that meet
Ukraine are kept whole, so DeepState's published areas are unchanged.

Speed: files in the mirror's own layout are parsed together by pyarrow's JSON reader instead
of GEOS's (see ``_mirror.read_mirrors``: the same doubles, as strict; anything else falls back to
GEOS), a day whose coordinates repeat the previous day's text reuses its geometry, and
validity is checked on two threads. Reading the 769 daily files takes less time than parsing
them once with ``shapely.from_geojson`` (``benchmarks/read_deepstate.py``).

The package's modules: :mod:`~frontline.io.deepstate.read` (:func:`read_deepstate`),
:mod:`~frontline.io.deepstate.labels` (names and statuses), :mod:`~frontline.io.deepstate.filenames`
(the day of a file), :mod:`~frontline.io.deepstate.example` (the built-in day), and the private
``_mirror`` (the daily mirror's fast path), ``_raw`` (the raw API format), ``_zone`` (Ukraine's
buffered outline) and ``_day`` (one file being read).
"""

from __future__ import annotations

from frontline._errors import DeepStateReadError, DeepStateReadWarning
from frontline.io.deepstate._zone import OFFSHORE_ISLANDS, OUTSIDE_KM
from frontline.io.deepstate.example import example_control
from frontline.io.deepstate.filenames import date_from_filename
from frontline.io.deepstate.labels import (
    FILL_STATUS,
    KEY_STATUS,
    OUTSIDE_KEYS,
    SOURCE,
    Label,
    classify,
    parse_label,
)
from frontline.io.deepstate.read import read_deepstate

__all__ = [
    "FILL_STATUS",
    "KEY_STATUS",
    "OFFSHORE_ISLANDS",
    "OUTSIDE_KEYS",
    "OUTSIDE_KM",
    "SOURCE",
    "DeepStateReadError",
    "DeepStateReadWarning",
    "Label",
    "classify",
    "date_from_filename",
    "example_control",
    "parse_label",
    "read_deepstate",
]
