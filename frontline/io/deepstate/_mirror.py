"""The daily mirror's files: one MultiPolygon each, parsed fast in one pass where possible.

See :func:`read_mirrors` for the fast path (pyarrow's JSON reader) and :func:`read_mirror`
for reading one file's geometry into a :class:`~frontline.io.deepstate._day.Day`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pyarrow as pa
import pyarrow.json as pj
import shapely
from shapely.geometry.base import BaseGeometry

from frontline._errors import DeepStateReadError
from frontline.control import union_polygons
from frontline.io.deepstate._day import Day, drop
from frontline.io.deepstate._zone import OUTSIDE_KM, in_ukraine, ukraine_zone

__all__ = ["Parsed", "is_mirror", "read_mirror", "read_mirrors"]

_RAW_MARKERS = (b'"styleUrl"', b'"fill"', b"///", b"geoJSON.")
_COORDS_KEY = re.compile(rb'"coordinates"\s*:\s*\[')
_COORD_CHARS = b"[],0123456789.- \t\r\n"  # all a mirror's coordinates array may hold
_NEWLINES_TO_SPACE = bytes.maketrans(b"\r\n", b"  ")


def is_mirror(data: bytes) -> bool:
    """Cheap sniff: no trace of the raw format's labels and styles (then parse in C)."""
    return all(marker not in data for marker in _RAW_MARKERS)


def _one_multipolygon(doc: Any) -> bool:
    """Whether ``doc`` is a FeatureCollection of one Feature whose geometry is
    ``{"type": "MultiPolygon", "coordinates": []}`` (the mirror's layout, coordinates cut out)."""
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        return False
    features = doc.get("features")
    if not isinstance(features, list) or len(features) != 1:
        return False
    feature = features[0]
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        return False
    geom = feature.get("geometry")
    return (
        isinstance(geom, dict)
        and geom.get("type") == "MultiPolygon"
        and geom.get("coordinates") == []
        and "geometries" not in geom
    )


class Parsed(NamedTuple):
    """A mirror file's MultiPolygon parsed by :func:`read_mirrors`."""

    geom: BaseGeometry
    inside: bool  # every polygon has a vertex inside Ukraine's buffered outline


def _mirror_cut(data: bytes) -> tuple[int, int] | None:
    """Where the coordinates array of a file in the mirror's layout starts and ends, else None.

    Everything but the numbers is checked here: one Feature, one MultiPolygon, no raw-format
    label anywhere, nothing but ``[],0-9.-`` and JSON whitespace in the array.
    """
    m = _COORDS_KEY.search(data)
    if m is None:
        return None
    start = m.end() - 1
    head = data[:start]
    if b"\\" in head or head.count(b"coordinates") != 1 or not is_mirror(head):
        return None
    try:  # the array's closing bracket: the last but one (the last closes "features")
        end = data.rindex(b"]", start, data.rindex(b"]", start)) + 1
    except ValueError:
        return None
    tail = data[end:]
    if data[start:end].translate(None, _COORD_CHARS) or b"coordinates" in tail:
        return None
    if not is_mirror(tail) or not _head_ok(head, tail):
        return None
    return start, end


def read_mirrors(paths: Sequence[Path]) -> dict[Path, Parsed]:
    """Parse the files in the mirror's layout with pyarrow's JSON reader, all in one pass.

    GEOS's GeoJSON reader builds a document tree of every number. Here :func:`_mirror_cut`
    checks the JSON around each file's coordinates array (with :mod:`json`) and pyarrow parses
    the arrays, one line each: strictly (RapidJSON), correctly rounded (the very doubles of
    GEOS's reader, which uses ``strtod``), on all cores without holding the GIL. If the batch
    fails, each file is tried alone; a file that still fails (bad JSON, nulls, 3-D positions,
    rings not closed or under 4 positions, a coordinate 0, which GEOS reads as +0.0 when
    spelled -0, ...) is left to :func:`_read_one` and GEOS, whose errors name the problem.
    Files that repeat the previous file's coordinates share its geometry.
    """
    found: list[tuple[Path, bytes]] = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        cut = _mirror_cut(data)
        if cut is not None:
            found.append((path, data[cut[0] : cut[1]]))
    blocks = [block for _, block in found]
    together = _parse_blocks(blocks)
    parsed: list[Parsed | None] = list(together) if together else [None] * len(found)
    if together is None and len(blocks) > 1:
        one = [_parse_blocks([block]) for block in blocks]
        parsed = [p[0] if p is not None else None for p in one]
    out: dict[Path, Parsed] = {}
    last_block, last = b"", None
    for (path, block), p in zip(found, parsed, strict=True):
        if p is None:
            continue
        if last is None or block != last_block:
            last = p
        out[path], last_block = last, block
    return out


def _parse_blocks(blocks: list[bytes]) -> list[Parsed] | None:
    """MultiPolygons from coordinates arrays (JSON text), or None if any is not one."""
    if not blocks:
        return None
    lines = b"\n".join(b'{"c":' + block.translate(_NEWLINES_TO_SPACE) + b"}" for block in blocks)
    try:
        table = pj.read_json(
            pa.py_buffer(lines),
            read_options=pj.ReadOptions(  # a block holds whole lines
                use_threads=True, block_size=max(1 << 24, 2 * max(map(len, blocks)) + 16)
            ),
            parse_options=pj.ParseOptions(
                explicit_schema=_mirror_schema(), unexpected_field_behavior="error"
            ),
        )
        column = table.column("c").combine_chunks()  # (int32 offsets: < 2**31 numbers)
    except (pa.ArrowException, ValueError):
        return None
    if len(column) != len(blocks):
        return None
    levels = [column, column.values, column.values.values, column.values.values.values]
    if any(a.null_count or a.offset for a in [*levels, levels[3].values]):
        return None
    polys, rings, pairs, numbers = (a.offsets.to_numpy() for a in levels)
    values = levels[3].values.to_numpy()
    if (np.diff(numbers) != 2).any() or not np.isfinite(values).all() or not values.all():
        return None
    coords = values.reshape(-1, 2)
    if (
        (np.diff(polys) < 1).any()
        or (np.diff(rings) < 1).any()
        or (np.diff(pairs) < 4).any()
        or (coords[pairs[:-1]] != coords[pairs[1:] - 1]).any()
    ):
        return None
    geoms = shapely.from_ragged_array(
        shapely.GeometryType.MULTIPOLYGON, coords, (pairs, rings, polys)
    )
    # a vertex of every polygon inside the zone: all meet it (the common case, no more work)
    shell = coords[pairs[rings[:-1]]]
    near = shapely.contains_xy(ukraine_zone(), shell[:, 0], shell[:, 1])
    inside = np.logical_and.reduceat(near, polys[:-1])
    return [Parsed(g, bool(ok)) for g, ok in zip(geoms, inside, strict=True)]


@lru_cache(maxsize=1)
def _mirror_schema() -> Any:
    return pa.schema([("c", pa.list_(pa.list_(pa.list_(pa.list_(pa.float64())))))])


def _head_ok(head: bytes, tail: bytes) -> bool:
    try:
        doc = json.loads(head + b"[]" + tail)
    except ValueError:  # JSONDecodeError and UnicodeDecodeError
        return False
    return _one_multipolygon(doc)


def read_mirror(day: Day, data: bytes, fast: Parsed | None = None) -> None:
    if fast is not None and fast.inside:
        day.areas.append(("occupied", fast.geom))
        day.unchecked.append(len(day.areas) - 1)
        return
    if fast is not None:
        geom: Any = fast.geom
    else:
        try:
            geom = shapely.from_geojson(data)
        except (shapely.errors.GEOSException, ValueError, TypeError) as exc:
            raise DeepStateReadError(day.path, f"not GeoJSON ({exc})") from None
    if geom is None:
        raise DeepStateReadError(day.path, "not GeoJSON (no geometry)")
    if shapely.has_z(geom):
        geom = shapely.force_2d(geom)
    members = shapely.get_parts(geom) if geom.geom_type == "GeometryCollection" else [geom]
    polygonal = [g for g in members if g.geom_type in ("Polygon", "MultiPolygon")]
    for g in members:
        if g.geom_type not in ("Polygon", "MultiPolygon"):
            drop(day, g, f"a {g.geom_type}, not an area")
    if not polygonal:
        return
    candidate = polygonal[0] if len(polygonal) == 1 else union_polygons(polygonal)
    parts = shapely.get_parts(candidate)
    inside = in_ukraine(parts)
    if not inside.all():
        for g in parts[~inside]:
            drop(day, g, f"outside Ukraine (more than {OUTSIDE_KM:g} km from its outline)")
        kept = parts[inside]
        if len(kept) == 0:
            return
        candidate = kept[0] if len(kept) == 1 else shapely.MultiPolygon(list(kept))
    if not candidate.is_empty:
        day.areas.append(("occupied", candidate))
        day.unchecked.append(len(day.areas) - 1)
