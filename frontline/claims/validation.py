"""The one validation step: records or a frame in, a normal claims table out, or one error.

:func:`validate_claims` and :func:`claims_from_records` (and through them the readers of
:mod:`frontline.io.claims`) check every row and field, and raise one
:class:`~frontline._errors.ClaimsValidationError` listing every problem with its row, claim_id,
field and value; repairs and far-away geometries are reported in one
:class:`~frontline._errors.ClaimsGeometryWarning`.
"""

from __future__ import annotations

import warnings
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from frontline._errors import ClaimsGeometryWarning, ClaimsValidationError
from frontline.claims._frame import assemble, rows_of_frame
from frontline.claims._geometry import (
    POINT_TYPES,
    POLY_TYPES,
    hygiene,
    precision_mismatch,
    to_lonlat,
)
from frontline.claims._records import parse_record
from frontline.claims._resolver import Resolver
from frontline.claims._responses import status_of
from frontline.claims._values import is_missing
from frontline.claims.problems import ClaimProblem
from frontline.claims.schema import CLAIM_COLUMNS, LOCATION_FIELDS, REQUIRED_COLUMNS

__all__ = ["claims_from_records", "validate_claims"]


def _build(
    rows: Sequence[tuple[Hashable, Any]],
    *,
    crs: Any = None,
    source: str | None = None,
    extras_frame: pd.DataFrame | None = None,
    index: pd.Index | None = None,
) -> gpd.GeoDataFrame:
    """Normalise and validate rows (label, mapping) into a claims GeoDataFrame, or raise once."""
    problems: list[ClaimProblem] = []
    resolver = Resolver()
    n = len(rows)
    present_keys: set[str] = set()
    for _, record in rows:
        if isinstance(record, Mapping):
            present_keys.update(str(k) for k in record)
    absent_columns = [c for c in REQUIRED_COLUMNS if c not in present_keys and c != "claim_id"]
    if n and "side" in absent_columns:
        absent_columns.remove("side")  # may be inferred per row from the claimant
    for column in absent_columns:
        if n:
            problems.append(ClaimProblem(None, None, column, None, "required column is missing"))

    values: dict[str, list[Any]] = {c: [None] * n for c in CLAIM_COLUMNS}
    explicit = np.full(n, None, dtype=object)  # geometries given as such (input CRS)
    located = np.full(n, None, dtype=object)  # geometries from lat/lon or names (EPSG:4326)
    extra_names = [k for k in present_keys if k not in CLAIM_COLUMNS and k not in LOCATION_FIELDS]
    extra_names.sort()
    extras: dict[str, list[Any]] = {k: [None] * n for k in extra_names}
    failed: list[set[str]] = [set() for _ in range(n)]  # fields with problems, per row
    generated = np.zeros(n, dtype=bool)

    for pos, (label, record) in enumerate(rows):
        if not isinstance(record, Mapping):
            problems.append(
                ClaimProblem(label, None, None, None, "a record must be a mapping (dict)")
            )
            failed[pos].add("*")
            continue
        generated[pos] = is_missing(record.get("claim_id"))
        fields, explicit[pos], located[pos], row_problems = parse_record(
            record, absent_columns, resolver
        )
        for column, value in fields.items():
            values[column][pos] = value
        for k in extra_names:
            extras[k][pos] = record.get(k)
        for field, value, message in row_problems:
            problems.append(ClaimProblem(label, fields["claim_id"], field, value, message))
            failed[pos].add(field.split("[")[0])

    # duplicate identifiers
    ids = pd.Series(values["claim_id"], dtype=object)
    dup = ids.notna() & ids.duplicated(keep=False)
    for pos in np.flatnonzero(dup.to_numpy()).tolist():
        if generated[pos] and (failed[pos] or absent_columns):
            continue  # generated from fields that are themselves wrong
        message = "duplicate claim_id; every claim needs its own"
        if generated[pos]:
            message = (
                "the claim_id generated from claimant, date and summary repeats another "
                "claim's; give claim_id"
            )
        cid = values["claim_id"][pos]
        problems.append(ClaimProblem(rows[pos][0], cid, "claim_id", cid, message))

    # geometry hygiene (vectorised)
    try:
        explicit = to_lonlat(explicit, crs)
    except Exception as exc:  # pyproj raises its own classes for an unknown CRS
        problems.append(ClaimProblem(None, None, "crs", crs, f"cannot reproject from it ({exc})"))
        explicit = np.full(n, None, dtype=object)
    geoms = np.where(shapely.is_missing(explicit), located, explicit)
    geoms, geom_problems, notes = hygiene(geoms)
    for pos, (value, message) in sorted(geom_problems.items()):
        label = rows[pos][0]
        field = "lat/lon" if explicit[pos] is None and located[pos] is not None else "geometry"
        problems.append(ClaimProblem(label, values["claim_id"][pos], field, value, message))
        failed[pos].add("geometry")

    # precision against geometry, and the status against the responses
    located_by = {"geometry", "lat/lon", "border", "place", "region", "precision"}
    for pos in range(n):
        if "*" in failed[pos]:
            continue
        label, cid = rows[pos][0], values["claim_id"][pos]
        if not failed[pos] & located_by:
            _check_precision(label, cid, values, pos, geoms[pos], problems)
        side = values["side"][pos]
        if side is not None and not failed[pos] & {"side", "responses", "status"}:
            derived = status_of(values["responses"][pos], side, values["claimant"][pos])
            given = values["status"][pos]
            if given is not None and given != derived:
                problems.append(
                    ClaimProblem(
                        label,
                        cid,
                        "status",
                        given,
                        f"disagrees with the responses, which give {derived!r} (see "
                        "derive_status); leave status out to derive it, or add the response "
                        "that supports it",
                    )
                )
            values["status"][pos] = derived

    if problems:
        order = {label: i for i, (label, _) in enumerate(rows)}
        problems.sort(key=lambda p: -1 if p.row is None else order.get(p.row, n))
        raise ClaimsValidationError(problems, source=source)

    if notes:
        lines = [
            f"  - row {rows[pos][0]} (claim_id {values['claim_id'][pos]!r}): {text}"
            for pos, text in sorted(notes.items())
        ]
        warnings.warn(
            f"{source + ': ' if source else ''}{len(notes)} geometr"
            f"{'y' if len(notes) == 1 else 'ies'} to check:\n" + "\n".join(lines),
            ClaimsGeometryWarning,
            stacklevel=3,
        )
    if index is None:
        index = pd.Index([label for label, _ in rows]) if n else pd.RangeIndex(0)
    return assemble(values, geoms, index, extras, extras_frame)


def _check_precision(
    label: Hashable,
    claim_id: str | None,
    values: dict[str, list[Any]],
    pos: int,
    geom: BaseGeometry | None,
    problems: list[ClaimProblem],
) -> None:
    """Default a missing precision from the geometry, and check it fits the geometry."""
    precision = values["precision"][pos]
    gtype = None if geom is None else geom.geom_type
    if precision is None:
        if gtype is None:
            precision = "none"
        elif gtype in POINT_TYPES:
            precision = "point"
        elif gtype in POLY_TYPES:
            precision = "area"
        else:
            problems.append(
                ClaimProblem(
                    label,
                    claim_id,
                    "precision",
                    None,
                    "a line needs a precision: 'border segment' or 'direction'",
                )
            )
            return
        values["precision"][pos] = precision
    message = precision_mismatch(precision, gtype, values["region"][pos])
    if message:
        problems.append(ClaimProblem(label, claim_id, "precision", precision, message))


def validate_claims(gdf: pd.DataFrame) -> gpd.GeoDataFrame:
    """Check a claims table and return it in normal form, or raise once with every problem.

    Checks every row and field against :data:`CLAIM_SCHEMA`: required fields present, values in
    their vocabularies (case and ``_``/``-`` spelling are forgiven: ``"Third_Party"`` becomes
    ``"third party"``), dates parseable without guessing, region names turned into ISO codes,
    ``claim_id`` unique, responses well-formed, precision consistent with the geometry (a
    direction is not a polygon), and the status equal to what :func:`derive_status` gives
    (a missing status is derived). Geometries go through the hygiene described in the module
    docstring (reprojection from the frame's CRS, 2-D, make_valid, swapped coordinates, far
    away geometries flagged with :class:`ClaimsGeometryWarning`).

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame or pandas.DataFrame
        A claims table. Its CRS is honoured (EPSG:4326 assumed when it has none). The index is
        kept, and problems name rows by index label. Columns outside the schema are kept.

    Returns
    -------
    geopandas.GeoDataFrame
        A new frame: :data:`CLAIM_COLUMNS` in order with their dtypes, then any extra columns.

    Raises
    ------
    ClaimsValidationError
        One error listing every problem (``.problems``) with its row, claim_id, field and value.

    Examples
    --------
    >>> import frontline as fl
    >>> claims = fl.example_claims("2025-06-08")
    >>> validate_claims(claims).equals(claims)
    True
    >>> bad = claims.assign(side=["RU", "Ukraine?", "third party", "third party", "xx"])
    >>> validate_claims(bad)
    Traceback (most recent call last):
    ...
    frontline._errors.ClaimsValidationError: 2 problems in the claims; fix them and try again:
      - row 1 (claim_id 'ua-gs-2025-06-08-pokrovsk'), field 'side', value 'Ukraine?': ...
      - row 4 (claim_id 'cnn-2025-06-08-sumy'), field 'side', value 'xx': ...
    """
    if not isinstance(gdf, pd.DataFrame):
        raise ValueError(
            f"validate_claims needs a (Geo)DataFrame, got {type(gdf).__name__}; for a list of "
            "dicts use claims_from_records"
        )
    crs = None
    frame = gdf
    if isinstance(gdf, gpd.GeoDataFrame) and gdf._geometry_column_name in gdf.columns:
        crs = gdf.crs
        if gdf._geometry_column_name != "geometry":
            frame = pd.DataFrame(gdf).rename(columns={gdf._geometry_column_name: "geometry"})
    extras = [c for c in frame.columns if c not in CLAIM_COLUMNS and c not in LOCATION_FIELDS]
    rows = rows_of_frame(pd.DataFrame(frame[[c for c in frame.columns if c not in extras]]))
    return _build(
        rows,
        crs=crs,
        extras_frame=pd.DataFrame(frame[extras]) if extras else None,
        index=frame.index,
    )


def claims_from_records(
    records: Iterable[Mapping[str, Any]], *, crs: Any = None, source: str | None = None
) -> gpd.GeoDataFrame:
    """Build a claims table from dicts, resolving places, regions and borders by name.

    Each record holds the fields of :data:`CLAIM_COLUMNS` (only ``date``, ``claimant``,
    ``kind``, ``summary`` and ``source_name`` are required; ``side`` may be omitted for the
    well-known bodies; ``claim_id`` is generated from claimant, date and summary when missing;
    ``status`` is derived from ``responses``). The geometry comes from the first of:

    1. ``geometry`` (or ``wkt``): a shapely geometry, WKT or WKB, a GeoJSON geometry or Feature
       dict or its JSON text; or ``lat`` and ``lon`` (also ``latitude``/``longitude``/``lng``)
       in degrees. Precision defaults to "point" for points and "area" for polygons; a line
       needs its precision stated.
    2. ``border``: two region names, e.g. ``["Donetsk", "Dnipropetrovsk"]``: their shared
       boundary line from :func:`frontline.regions.border`; precision "border segment".
    3. ``place`` when precision is absent or "settlement": the settlement's point from
       :func:`frontline.gazetteer.find_place` (``region`` narrows the search); ``place`` becomes
       the gazetteer's name and ``region`` defaults to the place's oblast; precision
       "settlement".
    4. ``region`` when precision is absent or "region": the region's polygon from
       :func:`frontline.regions.region`; precision "region".
    5. Otherwise no geometry: precision "none", or as given ("direction", "national").

    ``region`` always becomes an ISO 3166-2 code. A ``place`` that is not the geometry's
    source (e.g. the namesake of a "direction" claim) is kept as written, not looked up.

    Parameters
    ----------
    records : iterable of dict
        One mapping per claim.
    crs : optional
        CRS of the geometries in ``geometry``/``wkt`` (anything pyproj accepts); they are
        reprojected to EPSG:4326. Default: EPSG:4326. ``lat``/``lon`` are always degrees.
    source : str, optional
        A name for the records (e.g. a file name) used in error messages.

    Returns
    -------
    geopandas.GeoDataFrame
        A validated claims table (see :func:`validate_claims`), index 0..n-1.

    Raises
    ------
    ClaimsValidationError
        One error listing every problem with its row (position in ``records``), claim_id,
        field and value.

    Examples
    --------
    >>> c = claims_from_records([
    ...     {"claim_id": "ua-1", "date": "2025-06-08", "claimant": "Ukraine's General Staff",
    ...      "kind": "repelled attacks", "summary": "Attacks stopped near Pokrovsk.",
    ...      "precision": "direction", "place": "Pokrovsk", "region": "Donetsk",
    ...      "source_name": "CNN"},
    ...     {"claim_id": "x-2", "date": "2025-06-08", "claimant": "Someone", "side": "RU",
    ...      "kind": "strike", "summary": "A strike.", "lat": 48.45, "lon": 35.05,
    ...      "source_name": "a channel"},
    ... ])
    >>> c[["claim_id", "side", "precision", "region", "status"]]
      claim_id side  precision region   status
    0     ua-1   UA  direction  UA-14  claimed
    1      x-2   RU      point   None  claimed
    >>> c.geometry.iloc[1].wkt
    'POINT (35.05 48.45)'
    >>> claims_from_records([{"date": "08/06/2025", "claimant": "x", "side": "RU",
    ...     "kind": "advance", "summary": "s", "source_name": "y"}])
    Traceback (most recent call last):
    ...
    frontline._errors.ClaimsValidationError: 1 problem in the claims; fix them and try again:
      - row 0 (claim_id 'claim-...'), field 'date', value '08/06/2025': ambiguous date ...
    """
    if isinstance(records, pd.DataFrame):
        raise ValueError("claims_from_records takes dicts; for a DataFrame use validate_claims")
    if isinstance(records, Mapping | str | bytes):
        raise ValueError(
            "claims_from_records takes a list of dicts (one per claim), not a single "
            f"{type(records).__name__}"
        )
    rows = list(enumerate(records))
    return _build(rows, crs=crs, source=source, index=pd.RangeIndex(len(rows)))
