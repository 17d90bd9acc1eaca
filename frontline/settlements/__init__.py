"""Who held each place on each day: the settlement control table.

The question analysts ask most is "when did X fall?", for one village or for every village along
a direction. :func:`settlement_control` answers it for every place of the gazetteer (or any
points or polygons a user brings) over a whole :class:`~frontline.control.ControlHistory`, as a
tidy long table with one row per (place, day): the status of the place's point and
``share_held``, the share of its footprint held; :func:`control_changes` condenses it to one
row per place (when it was first entered, at least half held, fully held, its last change, how
often it changed hands); :func:`control_events` lists every change (losses and recaptures
included); :func:`describe_fall` says when a place fell, in words;
:func:`settlement_control_wide` pivots it to places x days.

Places are areas
----------------
A town does not fall on one day. Each place has a footprint (:func:`frontline.footprints`: a
disc sized from its population and category, clipped so that neighbours do not overlap and to
land; a polygon place is its own footprint), and ``share_held`` is the part of it inside the
day's Russian-held areas (``occupied``, ``occupied_before_2022``; overlapping areas count
once; precedence does not apply to it), measured in a Lambert azimuthal equal-area projection
centred on Ukraine (checked against geodesic areas: better than 0.01 %). A town's fall is then
an interval, ``first_entered`` .. ``first_full``; a village's ``first_half`` is the day it
fell. Checked against widely reported dates on DeepStateMap's daily mirror: Vuhledar
(DeepState, 2024-10-01/02) first_half 2024-10-02; Selydove (claimed 2024-10-29) entered
2024-10-23, half 2024-10-28, full 2024-10-31; Kurakhove (claimed 2025-01-06, DeepState
"almost completely") entered 2024-11-20, half 2024-12-12, full 2025-01-02, four days before
the report; Toretsk (claimed 2025-02-07) entered 2024-08-23, half 2025-01-14, full
2025-11-23.

Status of a place on a day
--------------------------
A place takes the status of the area that contains it on that day, from the statuses asked for
(by default, in this order of precedence):

=========================  ============================================================
status                     meaning
=========================  ============================================================
``occupied_before_2022``   inside ground held by Russia or its proxies before 24 Feb 2022
``occupied``               inside ground the source assesses as occupied (the DeepState
                           daily mirror reports all occupied ground, Crimea included, here)
``contested``              inside the source's grey zone (status unknown or contested)
``liberated``              inside ground the source marks as retaken by Ukraine
``held``                   inside none of those areas: held by Ukraine as far as the source
                           shows (the source draws no area over it)
=========================  ============================================================

Where the areas of two statuses overlap, the one listed first in ``statuses`` wins. Russian-held
means ``occupied`` or ``occupied_before_2022``; Ukrainian-held means ``held`` or ``liberated``;
``contested`` is neither.

Edges and tolerance
-------------------
A village is a point (GeoNames' coordinates of its centre). With ``tolerance_m=0`` a point on the
edge of an area counts as inside it (``covers``, not ``contains``). A positive ``tolerance_m``
grows every area by that many geodesic metres: a place within ``tolerance_m`` of an area takes
that area's status, so a village whose centre is 300 m from the occupied area counts as occupied
with ``tolerance_m=500`` (useful because built-up areas stretch a kilometre or more around the
point). Distances are measured in a conformal (Lambert conformal conic) projection fitted to
Ukraine and divided by the projection's scale factor at each place, which matches the geodesic
distance on the WGS84 ellipsoid (:mod:`frontline.geodesy`) to well under a metre at these ranges.

Scale
-----
Work is done once per *distinct* geometry (days whose areas did not change reuse the result,
identity by exact WKB bytes) with a shapely 2 STRtree over all places at once. Days are streamed
in chunks of ``chunk_days``; the table is built at the end from one byte per (place, day), and
no geometry is ever repeated per place. Footprints wholly inside an area count whole (an
STRtree ``covers`` query); only those crossing its edge are intersected with it. In memory the
table takes about 21 bytes a row (about 90 MB for 5,500 places x 769 days).

On a cluster (dask)
-------------------
``engine="dask"`` runs the same kernel with dask-geopandas on dask.distributed and returns the
same table, bit for bit. The history is partitioned by date range (one partition per
``chunk_days`` days) and the partitions are scattered over the workers; the places are
broadcast (one copy per worker). So the days scale across workers, while each worker needs
memory for all places plus one partition, and the client gathers one byte per (place, day).
To use a running cluster, give its scheduler's address (or a ``distributed.Client``)::

    t = fl.settlement_control(h, engine="dask", scheduler="tcp://10.0.0.5:8786")

Every worker needs the same version of frontline-maps installed
(``pip install 'frontline-maps[dask]'``). Without ``client=`` or ``scheduler=`` the client
already active in the process is used, else dask's local threaded scheduler.

API convention
--------------
:func:`settlement_control` takes the history first, like every function that measures one;
``fill="carry"`` fills the days the source skipped, as in :func:`frontline.timeline` (the old
``fill_gaps=True`` works for one release, with a FutureWarning).

Modules
-------
====================  ======================================================================
``table``             :func:`settlement_control`: the tidy (place, day) table
``changes``           :func:`settlement_control_wide`, :func:`control_changes`
``events``            :func:`control_events`: every change of band of the share held
``fall``              :func:`describe_fall`: when a place fell, in words
``_bands``            the bands of the share held (none, entered, half, full)
``_vocabulary``       the statuses and columns of the tables (:data:`HELD`, ...)
``_places``           the places to look up, validated
``_projection``       metres around places (conformal projection and its scale)
``_kernel``           which places lie in an area and how much of each footprint, once per
                      distinct geometry
``_local``            the local engine (chunks of days, in this process)
``_dask``             the dask engine (dask imported only when it runs)
====================  ======================================================================
"""

from __future__ import annotations

from frontline._errors import InvalidPlacesError
from frontline.settlements._vocabulary import (
    CHANGES_COLUMNS,
    DEFAULT_STATUSES,
    EVENTS_COLUMNS,
    HELD,
    OUTSIDE_MARGIN_KM,
    RUSSIAN_HELD,
    TABLE_COLUMNS,
    UKRAINIAN_HELD,
)
from frontline.settlements.changes import control_changes, settlement_control_wide
from frontline.settlements.events import control_events
from frontline.settlements.fall import describe_fall
from frontline.settlements.table import settlement_control

__all__ = [
    "CHANGES_COLUMNS",
    "DEFAULT_STATUSES",
    "EVENTS_COLUMNS",
    "HELD",
    "OUTSIDE_MARGIN_KM",
    "RUSSIAN_HELD",
    "TABLE_COLUMNS",
    "UKRAINIAN_HELD",
    "InvalidPlacesError",
    "control_changes",
    "control_events",
    "describe_fall",
    "settlement_control",
    "settlement_control_wide",
]
