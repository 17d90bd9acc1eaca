"""Read and write claims tables: GeoJSON, GeoPackage, GeoParquet, CSV.

Every file is read into the schema of :mod:`frontline.claims` and validated in one step: an
empty file, truncated JSON, a missing required column or an unknown value raises one
:class:`~frontline._errors.ClaimsValidationError` that names the file and lists every problem
with its row (0 = the first claim in the file). Writing validates first, then writes through
:func:`frontline._atomic.atomic_write` (a temporary file beside the target, then a rename), so
a failed write leaves neither a partial file nor a changed one behind.

How each format stores what the schema holds:

=============  ====================================  ========================================
format         dates                                 responses
=============  ====================================  ========================================
GeoJSON        ISO 8601 text (reported_at in UTC)    a JSON array in the properties
GeoPackage     ISO 8601 text (reported_at in UTC)    JSON text
GeoParquet     native timestamps (reported_at UTC)   JSON text
CSV            ISO 8601 text (reported_at in UTC)    JSON text; geometry as WKT
=============  ====================================  ========================================

Text is UTF-8 throughout (Cyrillic survives); geometries keep every coordinate digit and their
type (Multi* stays Multi*); a claim without geometry stays without. ``reported_at`` is stored
in UTC: the instant is kept exactly, the original offset is not (the schema holds UTC).

CSV files from elsewhere are read too: the geometry comes from a ``geometry`` or ``wkt`` column
(WKT or GeoJSON text), from ``lat``/``lon`` columns (also ``latitude``/``longitude``), or from
the place, border or region named in the row (see :func:`frontline.claims.claims_from_records`).
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pyproj
import shapely
from shapely.geometry import mapping

from frontline._atomic import atomic_write, check_folder
from frontline._errors import ClaimsValidationError
from frontline.claims import (
    CLAIM_COLUMNS,
    ClaimProblem,
    claims_from_records,
    validate_claims,
)

__all__ = ["FORMATS", "read_claims", "write_claims"]

#: File suffix -> format name.
FORMATS: dict[str, str] = {
    ".geojson": "geojson",
    ".json": "geojson",
    ".gpkg": "gpkg",
    ".parquet": "parquet",
    ".geoparquet": "parquet",
    ".csv": "csv",
}

_DAY_COLUMNS = ("date", "source_date")


def _fail(path: Path, message: str) -> ClaimsValidationError:
    return ClaimsValidationError([ClaimProblem(None, None, None, None, message)], source=str(path))


def _format_of(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(
            f"{path}: unsupported claims file type {path.suffix or '(no suffix)'!r}; use one of "
            f"{', '.join(sorted(FORMATS))}"
        )
    return fmt


# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------


def read_claims(path: str | os.PathLike[str], *, layer: str | None = None) -> gpd.GeoDataFrame:
    """Read a claims file into a validated claims table.

    Parameters
    ----------
    path : str or path-like
        A ``.geojson``/``.json`` (a GeoJSON FeatureCollection, or a JSON list of claim records,
        or ``{"claims": [...]}`` as in the built-in data), ``.gpkg``, ``.parquet`` (GeoParquet,
        or plain Parquet with WKT or lat/lon columns) or ``.csv`` file.
    layer : str, optional
        GeoPackage layer. Default: the only layer, or the layer named "claims".

    Returns
    -------
    geopandas.GeoDataFrame
        A claims table in EPSG:4326 (see :mod:`frontline.claims`), index 0..n-1.

    Raises
    ------
    FileNotFoundError
        No such file.
    ClaimsValidationError
        The file is empty, unreadable or truncated, or its claims have problems; one error
        names the file and lists every problem with its row.
    ValueError
        Unsupported file type.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import frontline as fl
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = fl.write_claims(fl.example_claims("2025-06-08"), folder / "claims.gpkg")
    >>> claims = fl.read_claims(folder / "claims.gpkg")
    >>> claims.equals(fl.example_claims("2025-06-08"))
    True
    >>> _ = (folder / "bad.geojson").write_text('{"type": "FeatureCollection", "feat')
    >>> fl.read_claims(folder / "bad.geojson")
    Traceback (most recent call last):
    ...
    frontline._errors.ClaimsValidationError: .../bad.geojson: 1 problem in the claims; ...
      - not valid JSON (truncated or corrupt?): Unterminated string ... line 1 column 31
    """
    path = Path(path)
    fmt = _format_of(path)
    if layer is not None and fmt != "gpkg":
        raise ValueError(f"{path}: layer= applies to GeoPackage files only")
    if not path.exists():
        raise FileNotFoundError(f"claims file not found: {path}")
    if not path.is_file():
        raise ValueError(f"{path} is a folder, not a claims file")
    if path.stat().st_size == 0:
        raise _fail(path, "the file is empty; a claims file needs at least a header")
    reader: Callable[[Path, str | None], gpd.GeoDataFrame] = {
        "geojson": _read_json,
        "gpkg": _read_gpkg,
        "parquet": _read_parquet,
        "csv": _read_csv,
    }[fmt]
    return reader(path, layer)


def _read_json(path: Path, layer: str | None) -> gpd.GeoDataFrame:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _fail(path, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    if not text.strip():
        raise _fail(path, "the file is empty (only white space)")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _fail(
            path,
            f"not valid JSON (truncated or corrupt?): {exc.msg} at line {exc.lineno} "
            f"column {exc.colno}",
        ) from None
    crs = None
    if isinstance(data, dict) and data.get("type") == "FeatureCollection":
        features = data.get("features")
        if not isinstance(features, list):
            raise _fail(path, "a FeatureCollection needs a 'features' list")
        crs = _geojson_crs(data.get("crs"), path)
        records: list[Any] = []
        problems = []
        for i, feature in enumerate(features):
            if not isinstance(feature, dict) or feature.get("type") != "Feature":
                problems.append(ClaimProblem(i, None, None, None, "not a GeoJSON Feature"))
                records.append({})
                continue
            props = feature.get("properties") or {}
            if not isinstance(props, dict):
                problems.append(ClaimProblem(i, None, "properties", None, "must be an object"))
                props = {}
            record = dict(props)
            if "claim_id" not in record and feature.get("id") is not None:
                record["claim_id"] = str(feature["id"])
            record["geometry"] = feature.get("geometry")
            records.append(record)
        if problems:
            raise ClaimsValidationError(problems, source=str(path))
    elif isinstance(data, dict) and isinstance(data.get("claims"), list):
        records = data["claims"]
    elif isinstance(data, list):
        records = data
    else:
        raise _fail(
            path,
            "expected a GeoJSON FeatureCollection, a JSON list of claims, or an object with a "
            "'claims' list",
        )
    return claims_from_records(records, crs=crs, source=str(path))


def _geojson_crs(member: Any, path: Path) -> Any:
    """The CRS named by an old-style GeoJSON 'crs' member (RFC 7946 files have none)."""
    if member is None:
        return None
    try:
        return pyproj.CRS.from_user_input(member["properties"]["name"])
    except Exception as exc:  # malformed member or unknown CRS: pyproj raises its own classes
        raise _fail(path, f"cannot read the file's 'crs' member ({exc})") from None


def _records_of(frame: pd.DataFrame) -> list[dict[str, Any]]:
    columns = [str(c) for c in frame.columns]
    return [dict(zip(columns, row, strict=True)) for row in frame.itertuples(index=False)]


def _from_frame(frame: pd.DataFrame, path: Path) -> gpd.GeoDataFrame:
    crs = None
    if isinstance(frame, gpd.GeoDataFrame) and frame._geometry_column_name in frame.columns:
        crs = frame.crs
        name = frame._geometry_column_name
        frame = pd.DataFrame(frame)
        if name != "geometry":
            frame = frame.drop(columns=["geometry"], errors="ignore")
            frame = frame.rename(columns={name: "geometry"})
    return claims_from_records(_records_of(frame), crs=crs, source=str(path))


def _read_gpkg(path: Path, layer: str | None) -> gpd.GeoDataFrame:
    try:
        layers = [str(name) for name in pyogrio.list_layers(path)[:, 0]]
    except Exception as exc:  # pyogrio/GDAL errors: DataSourceError and friends
        raise _fail(path, f"cannot open as a GeoPackage ({exc})") from None
    if layer is None:
        if len(layers) == 1:
            layer = layers[0]
        elif "claims" in layers:
            layer = "claims"
        else:
            raise _fail(path, f"the GeoPackage has layers {layers}; choose one with layer=")
    elif layer not in layers:
        raise _fail(path, f"no layer {layer!r}; the GeoPackage has {layers}")
    try:
        frame = gpd.read_file(path, layer=layer, engine="pyogrio")
    except Exception as exc:  # pyogrio/GDAL errors
        raise _fail(path, f"cannot read layer {layer!r} ({exc})") from None
    return _from_frame(frame, path)


def _read_parquet(path: Path, layer: str | None) -> gpd.GeoDataFrame:
    try:
        frame: pd.DataFrame = gpd.read_parquet(path)
    except ValueError as exc:
        if "geo" not in str(exc).lower():
            raise _fail(path, f"cannot read as GeoParquet ({exc})") from None
        try:  # plain Parquet: geometry from WKT or lat/lon columns, as in CSV
            frame = pd.read_parquet(path)
        except Exception as inner:  # pyarrow errors
            raise _fail(path, f"cannot read as Parquet ({inner})") from None
    except Exception as exc:  # pyarrow errors (corrupt or truncated file)
        raise _fail(path, f"cannot read as Parquet ({exc})") from None
    return _from_frame(frame, path)


def _separator(path: Path) -> str:
    """``;`` for a semicolon-separated file (as spreadsheets save CSV in many locales), else ``,``.

    Decided on the header row: more semicolons than commas outside quotes.
    """
    try:
        with open(path, encoding="utf-8-sig", errors="replace", newline="") as f:
            header = f.readline()
    except OSError:
        return ","
    outside = re.sub(r'"[^"]*"', "", header)
    return ";" if outside.count(";") > outside.count(",") else ","


def _read_csv(path: Path, layer: str | None) -> gpd.GeoDataFrame:
    try:
        frame = pd.read_csv(
            path,
            dtype=str,
            keep_default_na=False,
            na_values=[""],
            encoding="utf-8-sig",
            sep=_separator(path),
        )
    except pd.errors.EmptyDataError:
        raise _fail(path, "the file is empty; a claims CSV needs a header row") from None
    except UnicodeDecodeError as exc:
        raise _fail(path, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except (pd.errors.ParserError, ValueError) as exc:
        raise _fail(path, f"cannot read as CSV ({exc})") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    return claims_from_records(_records_of(frame), source=str(path))


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------


def write_claims(gdf: pd.DataFrame, path: str | os.PathLike[str], *, layer: str = "claims") -> Path:
    """Write a claims table to GeoJSON, GeoPackage, GeoParquet or CSV, losslessly and atomically.

    The table is validated first (:func:`frontline.claims.validate_claims`); nothing is written
    if it has problems. The file is written through :func:`frontline._atomic.atomic_write` (a
    temporary name in the target's folder, then a rename): a failed write leaves no partial
    file, and an existing file is replaced whole or not at all.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        A claims table.
    path : str or path-like
        Target file; the suffix chooses the format (``.geojson``/``.json``, ``.gpkg``,
        ``.parquet``, ``.csv``). Its folder must exist.
    layer : str, default "claims"
        GeoPackage layer name (the file holds that one layer).

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    ClaimsValidationError
        The table has problems (nothing written).
    FileNotFoundError
        The target folder does not exist.
    PermissionError
        The target folder cannot be written.
    ValueError
        Unsupported file type, or a value in an extra column the format cannot hold.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import frontline as fl
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "claims.geojson"
    >>> fl.write_claims(fl.example_claims("2025-06-08"), target).name
    'claims.geojson'
    >>> len(fl.read_claims(target))
    5
    """
    target = Path(path)
    fmt = _format_of(target)
    check_folder(target)
    claims = validate_claims(gdf)
    writer: Callable[[gpd.GeoDataFrame, Path, str], None] = {
        "geojson": _write_geojson,
        "gpkg": _write_gpkg,
        "parquet": _write_parquet,
        "csv": _write_csv,
    }[fmt]
    return atomic_write(target, lambda temporary: writer(claims, temporary, layer))


def _iso_day(value: Any) -> str | None:
    return None if pd.isna(value) else pd.Timestamp(value).date().isoformat()


def _iso_instant(value: Any) -> str | None:
    return None if pd.isna(value) else pd.Timestamp(value).tz_convert("UTC").isoformat()


def _responses_text(value: Any) -> str:
    return json.dumps(list(value or []), ensure_ascii=False, allow_nan=False)


def _flat(claims: gpd.GeoDataFrame) -> pd.DataFrame:
    """Columns as text the way GeoPackage and CSV store them (geometry untouched)."""
    out = pd.DataFrame(index=claims.index)
    for column in claims.columns:
        values = claims[column]
        if column in _DAY_COLUMNS:
            out[column] = pd.Series([_iso_day(v) for v in values], index=claims.index, dtype=object)
        elif column == "reported_at":
            out[column] = pd.Series(
                [_iso_instant(v) for v in values], index=claims.index, dtype=object
            )
        elif column == "responses":
            out[column] = pd.Series(
                [_responses_text(v) for v in values], index=claims.index, dtype=object
            )
        elif column == "precision":
            out[column] = values.astype(object)
        else:
            out[column] = values
    return out


def _jsonable(value: Any, column: str) -> Any:
    if value is None:
        return None
    if isinstance(value, float | np.floating):
        return None if math.isnan(value) else float(value)
    if isinstance(value, np.integer | np.bool_):
        return value.item()
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.isoformat()
    if value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, str | int | bool | list | dict):
        return value
    raise ValueError(f"column {column!r} holds {type(value).__name__}, which JSON cannot store")


def _write_geojson(claims: gpd.GeoDataFrame, target: Path, layer: str) -> None:
    features = []
    columns = [c for c in claims.columns if c != "geometry"]
    geoms = claims.geometry.values
    for pos in range(len(claims)):
        props: dict[str, Any] = {}
        for column in columns:
            value = claims[column].iloc[pos]
            if column in _DAY_COLUMNS:
                props[column] = _iso_day(value)
            elif column == "reported_at":
                props[column] = _iso_instant(value)
            elif column == "responses":
                props[column] = list(value or [])
            else:
                props[column] = _jsonable(value, column)
        geom = geoms[pos]
        features.append(
            {
                "type": "Feature",
                "properties": props,
                "geometry": None if geom is None else mapping(geom),
            }
        )
    document = {"type": "FeatureCollection", "features": features}
    text = json.dumps(document, ensure_ascii=False, allow_nan=False, indent=1)
    target.write_text(text + "\n", encoding="utf-8")


def _write_gpkg(claims: gpd.GeoDataFrame, target: Path, layer: str) -> None:
    flat = gpd.GeoDataFrame(_flat(claims), geometry=claims.geometry.values, crs="EPSG:4326")
    flat.to_file(target, layer=layer, driver="GPKG", engine="pyogrio")


def _write_parquet(claims: gpd.GeoDataFrame, target: Path, layer: str) -> None:
    out = claims.copy()
    out["responses"] = [_responses_text(v) for v in claims["responses"]]
    out["precision"] = claims["precision"].astype(object)
    out.to_parquet(target, index=False)


def _write_csv(claims: gpd.GeoDataFrame, target: Path, layer: str) -> None:
    flat = _flat(claims)
    flat["geometry"] = [
        None if g is None else shapely.to_wkt(g, rounding_precision=-1)
        for g in claims.geometry.values
    ]
    flat = flat[
        [c for c in CLAIM_COLUMNS if c in flat.columns]
        + [c for c in flat.columns if c not in CLAIM_COLUMNS]
    ]
    flat.to_csv(target, index=False, encoding="utf-8")
