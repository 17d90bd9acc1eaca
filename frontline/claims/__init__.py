"""Claims: who said what about which ground on which day, and who answered.

Front-line news is a stream of *claims* ("our units reached the oblast border") and of
*responses* to them ("the spokesman denies it"). A claims table keeps both in a plain
:class:`geopandas.GeoDataFrame` in EPSG:4326 with the columns below, in this order
(:data:`CLAIM_COLUMNS`; :data:`CLAIM_SCHEMA` holds the same table in code):

================  ==========================  =====================================================
column            dtype                       meaning
================  ==========================  =====================================================
claim_id          str, unique, required       stable identifier; generated from claimant, date and
                                              summary when a record has none
date              datetime64[ns], required    the day the claim is *about* (tz-naive midnight)
reported_at       datetime64[ns, UTC] or NaT  when it was published; needs a time zone
claimant          str, required               who makes the claim ("Russian Ministry of Defence")
side              str, required               "RU", "UA" or "third party" (:data:`SIDES`)
kind              str, required               :data:`KINDS` ("advance", "repelled attacks", ...)
summary           str, required               one line in the table's own words
unit              str or None                 military unit named by the claim
status            str                         derived from ``responses`` (:func:`derive_status`)
responses         list of dict                dated answers to the claim (see below)
precision         category                    how precisely the geometry locates the claim
                                              (:data:`PRECISIONS`)
precision_m       float                       precision in metres where known, else NaN
place             str or None                 the settlement named by the claim
region            str or None                 ISO 3166-2 code of the oblast ("UA-12")
source_name       str, required               where the claim was read ("CNN")
source_url        str or None                 http(s) link to that source
source_date       datetime64[ns] or NaT       the source's date
quote             str or None                 the user's own quotation; None in built-in data
geometry          geometry or None            what the claim's text supports, and no more
================  ==========================  =====================================================

Missing text is ``None`` (the text columns have ``object`` dtype). Columns beyond the schema are
kept, after ``geometry``.

Each response is a dict with the keys of :data:`RESPONSE_FIELDS`: ``date`` (ISO ``YYYY-MM-DD``
text, on or after the claim's ``date``: a response cannot predate the claim), ``by`` (who
responded), ``side`` (the responder's side; inferred for a few well-known bodies such as the
Khortytsia group or ISW; may stay ``None`` when ``independent`` is given), ``stance``
(:data:`STANCES`), ``independent`` (``True``/``False`` to override who counts as independent,
else ``None``), ``source_name``, ``source_url`` and ``note``. Files store the list as JSON text.

One validation step (:func:`validate_claims`, also run by :func:`claims_from_records` and by the
readers in :mod:`frontline.io.claims`) checks every row and field and raises a single
:class:`ClaimsValidationError` naming every problem with its row, claim_id, field and value.
Dates are ISO 8601 text, :class:`datetime.date`, :class:`datetime.datetime` or pandas
timestamps; day-first or month-first text such as ``08/06/2025`` is rejected, never guessed
(:func:`frontline._dates.parse_date` is that parser, also ``fl.parse_date``). A claim's
``date``, its ``source_date`` and its responses' dates must lie between 2014-01-01 and today (a
day in the future or before the war is a typo, refused with the reason).

Geometry hygiene on the way in: geometries in another CRS are reprojected to EPSG:4326,
Z coordinates are dropped (silently), invalid geometries are repaired with
:func:`shapely.make_valid` and reported, coordinates that only make sense swapped (latitude given
as x) are rejected with a message that says so, and geometries that lie outside Ukraine and its
100 km borderland are flagged (a deep strike is a legitimate claim, so this is not an error).
Repairs and flags are reported together in one :class:`ClaimsGeometryWarning` per call; catch it
with :func:`warnings.catch_warnings` or ``pytest.warns(ClaimsGeometryWarning)``.

The ``claims`` accessor
-----------------------
Importing this module (``import frontline.claims``, or using any claims function through
``frontline``, e.g. ``fl.example_claims``, ``fl.claims_from_records`` or ``fl.read_claims``)
registers a pandas accessor named ``claims`` on every DataFrame: ``gdf.claims.add_response(...)``,
``.on(date)``, ``.about(region)``, ``.by(side)`` and ``.validate()``; see :class:`ClaimsAccessor`.

Where each part lives
---------------------
================  ===========================================================================
module            holds
================  ===========================================================================
``schema``        the columns (:data:`CLAIM_SCHEMA`), the vocabularies, the claim-status check
``problems``      :class:`ClaimProblem`, one entry of ``ClaimsValidationError.problems``
``status``        the status rule, :func:`derive_status`
``validation``    the one validation step: :func:`validate_claims`, :func:`claims_from_records`
``examples``      the built-in claims, :func:`example_claims`
``accessor``      the ``claims`` accessor, :class:`ClaimsAccessor`
``_values``       parsers of single values (text, vocabularies, URLs, times, well-known bodies)
``_responses``    responses read into normal dicts, and the rule applied to them
``_geometry``     geometries read, checked (hygiene) and matched to the precision
``_resolver``     regions, borders and settlements looked up by name
``_records``      one record read field by field
``_frame``        the claims GeoDataFrame assembled, split into records, copied
================  ===========================================================================

Errors and warnings live in :mod:`frontline._errors` and are re-exported here.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path
from typing import Any

import pandas as pd

from frontline import _dates
from frontline._errors import ClaimsGeometryWarning, ClaimsValidationError
from frontline.claims.accessor import ClaimsAccessor
from frontline.claims.examples import example_claims
from frontline.claims.problems import ClaimProblem
from frontline.claims.schema import (
    BORDERLAND_KM,
    CLAIM_COLUMNS,
    CLAIM_SCHEMA,
    CLAIM_STATUSES,
    KINDS,
    PRECISIONS,
    RESPONSE_FIELDS,
    SIDES,
    STANCES,
    ColumnSpec,
    check_claim_statuses,
)
from frontline.claims.status import derive_status
from frontline.claims.validation import claims_from_records, validate_claims

__all__ = [
    "BORDERLAND_KM",
    "CLAIM_COLUMNS",
    "CLAIM_SCHEMA",
    "CLAIM_STATUSES",
    "KINDS",
    "PRECISIONS",
    "RESPONSE_FIELDS",
    "SIDES",
    "STANCES",
    "ClaimProblem",
    "ClaimsAccessor",
    "ClaimsGeometryWarning",
    "ClaimsValidationError",
    "ColumnSpec",
    "check_claim_statuses",
    "claims_from_records",
    "derive_status",
    "example_claims",
    "parse_date",
    "validate_claims",
]

#: frontline's own folder: calls from files inside it use the old path without a warning.
_PACKAGE = Path(__file__).resolve().parent.parent


def parse_date(value: Any) -> pd.Timestamp:
    """Deprecated here: use :func:`frontline.parse_date` (:func:`frontline._dates.parse_date`).

    Kept for one release; calling it from outside frontline issues a ``FutureWarning``.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", FutureWarning)
    ...     parse_date("2025-06-08")
    Timestamp('2025-06-08 00:00:00')
    """
    caller = Path(sys._getframe(1).f_code.co_filename).resolve()
    # The warning is for users' code; frontline's own callers (found by their file, as the
    # command line may run as __main__) move to frontline._dates in this release.
    if _PACKAGE not in caller.parents:
        warnings.warn(
            "frontline.claims.parse_date moved: use frontline.parse_date (or "
            "frontline._dates.parse_date); the old path goes in the next release",
            FutureWarning,
            stacklevel=2,
        )
    return _dates.parse_date(value)
