"""One claim record read field by field: values parsed, the geometry located, problems listed.

:func:`parse_record` never raises for bad values: each problem is returned as
(field, value, message) for the validation step to report with the row and claim_id.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry

from frontline.claims._geometry import is_missing_geometry, parse_geometry, split_border
from frontline.claims._resolver import Resolver
from frontline.claims._responses import Found, parse_responses
from frontline.claims._values import (
    is_missing,
    known_body,
    one_line,
    parse_choice,
    parse_claim_day,
    parse_claim_id,
    parse_coordinate,
    parse_instant,
    parse_metres,
    parse_text,
    parse_url,
)
from frontline.claims.schema import CLAIM_STATUSES, KINDS, PRECISIONS, SIDES

__all__ = ["generated_id", "parse_record", "take"]


def generated_id(claimant: Any, day: Any, summary: Any) -> str:
    """A stable identifier made from what identifies a claim: claimant, day and summary."""
    text = json.dumps([str(claimant), str(day), str(summary)], ensure_ascii=False)
    return "claim-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def take(
    record: Mapping[str, Any],
    field: str,
    parse: Callable[[Any], Any],
    found: Found,
    *,
    required: bool = False,
) -> Any:
    """Parse one field of a record; a problem goes to ``found`` and gives None."""
    value = record.get(field)
    if is_missing(value):
        if required:
            found.append((field, None, "missing (required)"))
        return None
    try:
        return parse(value)
    except ValueError as exc:
        found.append((field, value, str(exc)))
        return None


def parse_record(
    record: Mapping[str, Any], absent_columns: Sequence[str], resolver: Resolver
) -> tuple[dict[str, Any], BaseGeometry | None, BaseGeometry | None, Found]:
    """One record's schema fields, its explicit and located geometries, and its problems."""
    found: Found = []
    f: dict[str, Any] = {}

    def req(field: str) -> bool:
        return field not in absent_columns

    f["claimant"] = take(record, "claimant", one_line, found, required=req("claimant"))
    f["summary"] = take(record, "summary", one_line, found, required=req("summary"))
    f["date"] = take(record, "date", parse_claim_day, found, required=req("date"))
    f["reported_at"] = take(record, "reported_at", parse_instant, found)
    f["kind"] = take(
        record, "kind", lambda x: parse_choice(x, KINDS, "kind"), found, required=req("kind")
    )
    f["unit"] = take(record, "unit", one_line, found)
    f["precision_m"] = take(record, "precision_m", parse_metres, found)
    f["source_name"] = take(record, "source_name", one_line, found, required=req("source_name"))
    f["source_url"] = take(record, "source_url", parse_url, found)
    f["source_date"] = take(record, "source_date", parse_claim_day, found)
    f["quote"] = take(record, "quote", parse_text, found)
    f["status"] = take(record, "status", lambda x: parse_choice(x, CLAIM_STATUSES, "status"), found)
    precision = take(record, "precision", lambda x: parse_choice(x, PRECISIONS, "precision"), found)
    place = take(record, "place", one_line, found)
    if not is_missing(record.get("side")):
        f["side"] = take(record, "side", lambda x: parse_choice(x, SIDES, "side"), found)
    else:
        known = known_body(f["claimant"]) if f["claimant"] else None
        f["side"] = None if known is None else known[1]
        if known is None:
            found.append(("side", None, f"missing; use one of {list(SIDES)}"))
    # claim_id: given, or generated from what identifies the claim
    if is_missing(record.get("claim_id")):
        f["claim_id"] = generated_id(f["claimant"], f["date"], f["summary"])
    else:
        f["claim_id"] = take(record, "claim_id", parse_claim_id, found)
    # region: an ISO code for anything fl.region accepts
    region_code = None
    region_value = record.get("region")
    if not is_missing(region_value):
        if isinstance(region_value, str):
            try:
                region_code = resolver.code(region_value.strip())
            except ValueError as exc:
                found.append(("region", region_value, str(exc)))
        else:
            found.append(("region", region_value, "must be a region name or ISO code"))
    f["responses"], response_problems = parse_responses(record.get("responses"), f["date"])
    found += response_problems

    # geometry, from the first of: a geometry or lat/lon, a border, a place, a region
    explicit: BaseGeometry | None = None
    located: BaseGeometry | None = None
    geom_value = record.get("geometry")
    if is_missing_geometry(geom_value) and "wkt" in record:
        geom_value = record.get("wkt")
    try:
        explicit = parse_geometry(geom_value)
    except ValueError as exc:
        found.append(("geometry", geom_value, str(exc)))
    lat = _first(record, ("lat", "latitude"))
    lon = _first(record, ("lon", "longitude", "lng"))
    has_latlon = lat is not None or lon is not None
    border_value = record.get("border")
    if has_latlon:
        if explicit is not None:
            found.append(("lat/lon", (lat, lon), "give either a geometry or lat/lon, not both"))
        elif lat is None or lon is None:
            found.append(("lat/lon", (lat, lon), "give both lat and lon"))
        else:
            try:
                y = parse_coordinate(lat, "lat")
                x = parse_coordinate(lon, "lon")
                located = shapely.Point(x, y)
            except ValueError as exc:
                found.append(("lat/lon", (lat, lon), str(exc)))
    elif explicit is not None:
        pass
    elif not is_missing(border_value):
        try:
            a, b = split_border(border_value)
            located = resolver.border(a, b)
            precision = precision or "border segment"
        except ValueError as exc:
            found.append(("border", border_value, str(exc)))
    elif place is not None and precision in (None, "settlement"):
        try:
            hit = resolver.place(place, region_code)
            located = hit["geometry"]
            place = str(hit["name"])
            region_code = region_code or str(hit["region"])
            precision = "settlement"
        except ValueError as exc:
            found.append(("place", place, str(exc)))
    elif region_code is not None and precision in (None, "region"):
        located = resolver.region_geometry(region_code)
        precision = "region"
    f["precision"] = precision
    f["place"] = place
    f["region"] = region_code
    return f, explicit, located, found


def _first(record: Mapping[str, Any], names: Sequence[str]) -> Any:
    for name in names:
        if name in record and not is_missing(record[name]):
            return record[name]
    return None
