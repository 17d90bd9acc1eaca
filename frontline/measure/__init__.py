"""Measure assessed control: areas and shares in numbers and words, timelines, claims, ranges.

This is what a reader quotes, so every figure carries its method and its source: every result
carries its provenance in ``.attrs`` (``source``, ``snapshot_date``, ``carried_forward``,
``denominator``, ``denominator_km2``, ``denominator_source``, ``method`` and a one-line
``footnote`` ready to print under a chart).

API convention
--------------
A function that measures an assessed-control history takes it as its first parameter, named
``history``; options come after it, keyword-only; ``statuses=`` filters statuses, ``date`` is a
day, ``fill=`` fills the days a source skipped::

    area_share(history, date)            timeline(history, fill="carry")
    first_entry(history, region)         reconcile(history, claims)
    within_range(history, place, date)   occupied_neighbors(history, region, date)

The old orders ``within_range(place, history, date)``, ``occupied_neighbors(region, history,
date)`` and ``reconcile(claims, history)`` still work for one release, with a FutureWarning.

Modules
-------
=====================  =====================================================================
``phrases``            shares in words: :data:`SHARE_PHRASES`, :func:`describe_share`
``shares``             :func:`area_share` (one day) and :func:`timeline` (every day)
``entries``            :func:`first_entry`, :func:`first_entry_table`
``reconciliation``     :func:`reconcile`: claims against the assessment
``ranges``             :func:`within_range`, :func:`occupied_neighbors`
``scoring``            :func:`scorecard`, :func:`claim_lags`: who was right, how early
``_equal_area``        the equal-area projection (:data:`EQUAL_AREA_CRS`, :data:`METHOD`)
``_changes``           where two snapshots differ (edge hashing, change boxes)
``_engine``            the incremental area engine behind timeline, entries and reconcile
``_common``            input checks, region table, denominators, provenance
=====================  =====================================================================
"""

from __future__ import annotations

from frontline.measure._common import UKRAINE_AREA_KM2, UKRAINE_AREA_SOURCE
from frontline.measure._equal_area import EQUAL_AREA_CRS, METHOD
from frontline.measure.entries import first_entry, first_entry_table
from frontline.measure.phrases import SHARE_PHRASES, SharePhrase, describe_share
from frontline.measure.ranges import FRONT_STATUSES, occupied_neighbors, within_range
from frontline.measure.reconciliation import CONFIDENCE, reconcile
from frontline.measure.scoring import GROUPINGS, claim_lags, scorecard
from frontline.measure.shares import area_share, timeline

__all__ = [
    "CONFIDENCE",
    "EQUAL_AREA_CRS",
    "FRONT_STATUSES",
    "GROUPINGS",
    "METHOD",
    "SHARE_PHRASES",
    "UKRAINE_AREA_KM2",
    "UKRAINE_AREA_SOURCE",
    "SharePhrase",
    "area_share",
    "claim_lags",
    "describe_share",
    "first_entry",
    "first_entry_table",
    "occupied_neighbors",
    "reconcile",
    "scorecard",
    "timeline",
    "within_range",
]
