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
of GEOS's (see :func:`_read_mirrors`: the same doubles, as strict; anything else falls back to
GEOS), a day whose coordinates repeat the previous day's text reuses its geometry, and
validity is checked on two threads. Reading the 769 daily files takes less time than parsing
them once with ``shapely.from_geojson`` (``benchmarks/read_deepstate.py``).
"""

from __future__ import annotations

import json
import os
import re
import warnings
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal, NamedTuple

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from frontline._resources import data_file
from frontline.control import ControlHistory, union_polygons

__all__ = [
    "FILL_STATUS",
    "KEY_STATUS",
    "OUTSIDE_KEYS",
    "OUTSIDE_KM",
    "SOURCE",
    "DeepStateReadError",
    "DeepStateReadWarning",
    "example_control",
    "read_deepstate",
]

#: The ``source`` value of every row read here.
SOURCE = "DeepStateMap"

#: A polygon is dropped when it comes no closer than this to Ukraine's outline.
OUTSIDE_KM = 10.0

#: Ukrainian islands far enough offshore to fall outside the outline's buffer: name -> lon, lat.
OFFSHORE_ISLANDS: dict[str, tuple[float, float]] = {"Zmiinyi (Snake) Island": (30.2045, 45.2551)}

#: ``geoJSON.<key>`` in a polygon's name -> status (keys are matched case-insensitively).
KEY_STATUS: dict[str, str] = {
    "geoJSON.status.occupied": "occupied",
    "geoJSON.status.dismissed": "liberated",
    "geoJSON.status.dismissed_at": "liberated",
    "geoJSON.status.unknown": "contested",
    "geoJSON.territories.crimea": "occupied_before_2022",
    "geoJSON.territories.ordlo": "occupied_before_2022",
    "geoJSON.territories.tuzla": "occupied_before_2022",
    "geoJSON.zmiinyi_island": "liberated",
}

#: Keys of polygons outside Ukraine (Transnistria, Georgian regions, satirical "territories").
OUTSIDE_KEYS: frozenset[str] = frozenset(
    "geoJSON.territories." + k
    for k in (
        "transnistria",
        "abkhazia",
        "tskhinvali-district",
        "karelia",
        "kuril",
        "prussia",
        "ichkeria",
        "estonia",
        "latvia",
        "pechorsky-district",
        "salla",
        "petsamo",
    )
)

_OUTSIDE = "outside"

#: Fill colour -> status for editions without a key (before 2024-03-23). ``#880e4f`` meant
#: Transnistria until 2022-05-29 and Crimea/ORDLO/Tuzla from 2022-05-30 (see _CRIMSON_FROM).
FILL_STATUS: dict[str, str] = {
    "#a52714": "occupied",
    "#0f9d58": "liberated",
    "#0288d1": "liberated",
    "#01579b": "liberated",
    "#0097a7": "liberated",
    "#bcaaa4": "contested",
    "#bdbdbd": "contested",
    "#757575": "contested",
    "#000000": "occupied_before_2022",
    "#ff5252": _OUTSIDE,
}
_CRIMSON = "#880e4f"
_CRIMSON_FROM = pd.Timestamp("2022-05-30")

_KEY_STATUS = {k.lower(): v for k, v in KEY_STATUS.items()}
_OUTSIDE_KEYS = {k.lower() for k in OUTSIDE_KEYS}
_WS = re.compile(r"\s+")
_KEY = re.compile(r"geoJSON\.[A-Za-z0-9_.\-]+")
_AT = re.compile(r"\{\{\s*at\s*:\s*([^}]*)\}\}")
_OUTSIDE_NAME = re.compile(r"transnistria|придністров", re.IGNORECASE)
_ENGLISH = (
    (re.compile(r"crimea|cadr|calr|tuzla|ордло|крим|тузла", re.I), "occupied_before_2022"),
    (re.compile(r"liberated|taken back|recaptured|pushed back|звільнено", re.I), "liberated"),
    (re.compile(r"contested|unknown status|під питанням|невідом", re.I), "contested"),
    (re.compile(r"occupied|окуповано|окупован", re.I), "occupied"),
)
_UNIX = re.compile(r"^(\d{10})$")
_UNIX_MIN, _UNIX_MAX = 1_000_000_000, 4_102_444_800  # 2001-09-09 .. 2100-01-01
_YMD = re.compile(r"(?<!\d)((?:19|20)\d{2})-?(\d{2})-?(\d{2})(?!\d)")
_RAW_MARKERS = (b'"styleUrl"', b'"fill"', b"///", b"geoJSON.")
_SUFFIXES = (".geojson", ".json")
_COORDS_KEY = re.compile(rb'"coordinates"\s*:\s*\[')
_COORD_CHARS = b"[],0123456789.- \t\r\n"  # all a mirror's coordinates array may hold
_NEWLINES_TO_SPACE = bytes.maketrans(b"\r\n", b"  ")


class DeepStateReadError(ValueError):
    """A DeepState file that cannot be read; ``.path`` and ``.reason`` say which and why."""

    def __init__(self, path: str | os.PathLike[str], reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class DeepStateReadWarning(UserWarning):
    """A DeepState file skipped with ``on_error="skip"`` (the message names file and reason)."""


class _Problem(Exception):
    """Internal: why one file cannot be read."""


class Label(NamedTuple):
    """A DeepState ``name`` taken apart: normalised text, key, English part, dated label."""

    text: str
    key: str | None
    english: str | None
    at: str | None


@dataclass
class _Day:
    path: Path
    date: pd.Timestamp
    published: pd.Timestamp | None
    areas: list[tuple[str, BaseGeometry]] = field(default_factory=list)
    markers: list[dict[str, Any]] = field(default_factory=list)
    dropped: list[dict[str, Any]] = field(default_factory=list)
    unchecked: list[int] = field(default_factory=list)  # areas whose validity is not yet known


# --------------------------------------------------------------------------------------------
# parsers for names and labels (pure, tested with hypothesis)
# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _kyiv() -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    for name in ("Europe/Kyiv", "Europe/Kiev"):
        try:
            ZoneInfo(name)
        except ZoneInfoNotFoundError:
            continue
        return name
    raise RuntimeError(  # pragma: no cover - every supported platform has one of them
        "the time zone Europe/Kyiv is unknown here; pip install tzdata"
    )


def date_from_filename(name: str) -> tuple[pd.Timestamp, pd.Timestamp | None]:
    """The day a snapshot file describes, from its name, and its publication time if known.

    ``<unix-seconds>.geojson`` (10 digits; raw editions) is a publication time in UTC and
    describes its publication day in Kyiv time (Europe/Kyiv). Otherwise the first
    ``YYYYMMDD`` or ``YYYY-MM-DD`` in the name is the day (``deepstatemap_data_20250608``,
    ``2025-06-08``).

    Returns
    -------
    (Timestamp, Timestamp or None)
        The day (tz-naive midnight) and the publication time (UTC) or None.

    Raises
    ------
    ValueError
        The name holds no valid date.

    Examples
    --------
    >>> date_from_filename("deepstatemap_data_20250608.geojson")
    (Timestamp('2025-06-08 00:00:00'), None)
    >>> date_from_filename("1749327130.geojson")
    (Timestamp('2025-06-07 00:00:00'), Timestamp('2025-06-07 20:12:10+0000', tz='UTC'))
    """
    stem = Path(name).name
    for suffix in _SUFFIXES:
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    m = _UNIX.match(stem)
    if m:
        seconds = int(m.group(1))
        if not _UNIX_MIN <= seconds < _UNIX_MAX:
            raise ValueError(
                f"the file name {name!r} holds no date: {seconds} is not a unix time between "
                "2001 and 2100"
            )
        published = pd.Timestamp(seconds, unit="s", tz="UTC")
        day = published.tz_convert(_kyiv()).tz_localize(None).normalize()
        return day.as_unit("ns"), published.as_unit("ns")
    for m in _YMD.finditer(stem):
        try:
            day = pd.Timestamp(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            continue
        return day.as_unit("ns"), None
    raise ValueError(
        f"the file name {name!r} holds no date; name daily files like "
        "deepstatemap_data_YYYYMMDD.geojson or YYYY-MM-DD.geojson, and raw editions "
        "<unix-seconds>.geojson"
    )


def parse_label(name: Any) -> Label:
    """Take a DeepState ``name`` apart (whitespace, non-breaking spaces and newlines normalised).

    Examples
    --------
    >>> label = parse_label(
    ...     "Звільнено /// Liberated\\u00a0/// geoJSON.status.dismissed_at {{at:19.09}}\\n"
    ... )
    >>> label.key, label.english, label.at
    ('geoJSON.status.dismissed_at', 'Liberated', '19.09')
    """
    text = _WS.sub(" ", name if isinstance(name, str) else "").strip()
    m = _KEY.search(text)
    key = m.group(0).rstrip(".-") if m else None
    at = _AT.search(text)
    english = None
    parts = [p.strip() for p in text.split("///")]
    if len(parts) > 1 and parts[1] and not parts[1].startswith("geoJSON."):
        english = parts[1]
    return Label(text, key, english, at.group(1).strip() if at else None)


def classify(label: Label, fill: Any, when: pd.Timestamp) -> str | None:
    """The status of a DeepState polygon; ``"outside"`` for areas outside Ukraine; None if unknown.

    Examples
    --------
    >>> import pandas as pd
    >>> classify(parse_label("Окуповано /// Occupied"), "#a52714", pd.Timestamp("2023-01-01"))
    'occupied'
    >>> kuril = parse_label("Окуповані ... /// Occupied ... /// geoJSON.territories.kuril")
    >>> classify(kuril, "#ff5252", pd.Timestamp("2025-01-01"))
    'outside'
    """
    if label.key is not None:
        k = label.key.lower()
        if k in _OUTSIDE_KEYS:
            return _OUTSIDE
        return _KEY_STATUS.get(k)
    if _OUTSIDE_NAME.search(label.text):
        return _OUTSIDE
    colour = fill.strip().lower() if isinstance(fill, str) else None
    if colour in FILL_STATUS:
        return FILL_STATUS[colour]
    if colour == _CRIMSON:
        return "occupied_before_2022" if when >= _CRIMSON_FROM else _OUTSIDE
    for pattern, status in _ENGLISH:
        if pattern.search(label.english or label.text):
            return status
    return None


# --------------------------------------------------------------------------------------------
# the outside-Ukraine check
# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _ukraine_zone() -> BaseGeometry:
    """Ukraine's outline buffered by OUTSIDE_KM, plus offshore islands; prepared, cached."""
    from frontline.geodesy import buffer_km, ring_km
    from frontline.regions import ukraine_outline

    zone = shapely.union_all(
        [buffer_km(ukraine_outline(), OUTSIDE_KM)]
        + [ring_km(lon, lat, OUTSIDE_KM) for lon, lat in OFFSHORE_ISLANDS.values()]
    )
    shapely.prepare(zone)
    return zone


def _inside(geoms: np.ndarray) -> np.ndarray:
    """True where a geometry meets Ukraine's buffered outline."""
    if len(geoms) == 0:
        return np.zeros(0, dtype=bool)
    return shapely.intersects(_ukraine_zone(), geoms)


# --------------------------------------------------------------------------------------------
# reading one file
# --------------------------------------------------------------------------------------------


def _is_mirror(data: bytes) -> bool:
    """Cheap sniff: no trace of the raw format's labels and styles (then parse in C)."""
    return all(marker not in data for marker in _RAW_MARKERS)


def _drop(day: _Day, geom: Any, reason: str, *, feature: int = -1, label: Label | None = None):
    day.dropped.append(
        {
            "date": day.date,
            "source": SOURCE,
            "file": day.path.name,
            "feature": feature,
            "name": label.text if label else "",
            "key": label.key if label else None,
            "reason": reason,
            "geometry": geom,
        }
    )


def _add_polygons(day: _Day, polys: list[BaseGeometry], status: str) -> None:
    geom = union_polygons(polys)
    if not geom.is_empty:
        day.areas.append((status, geom))


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


class _Parsed(NamedTuple):
    """A mirror file's MultiPolygon parsed by :func:`_read_mirrors`."""

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
    if b"\\" in head or head.count(b"coordinates") != 1 or not _is_mirror(head):
        return None
    try:  # the array's closing bracket: the last but one (the last closes "features")
        end = data.rindex(b"]", start, data.rindex(b"]", start)) + 1
    except ValueError:
        return None
    tail = data[end:]
    if data[start:end].translate(None, _COORD_CHARS) or b"coordinates" in tail:
        return None
    if not _is_mirror(tail) or not _head_ok(head, tail):
        return None
    return start, end


def _read_mirrors(paths: Sequence[Path]) -> dict[Path, _Parsed]:
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
    parsed = _parse_blocks(blocks)
    if parsed is None and len(blocks) > 1:
        one = [_parse_blocks([block]) for block in blocks]
        parsed = [p[0] if p is not None else None for p in one]
    out: dict[Path, _Parsed] = {}
    last_block, last = b"", None
    for (path, block), p in zip(found, parsed or [None] * len(found), strict=True):
        if p is None:
            continue
        if last is None or block != last_block:
            last = p
        out[path], last_block = last, block
    return out


def _parse_blocks(blocks: list[bytes]) -> list[_Parsed] | None:
    """MultiPolygons from coordinates arrays (JSON text), or None if any is not one."""
    if not blocks:
        return None
    import pyarrow as pa
    import pyarrow.json as pj

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
    near = shapely.contains_xy(_ukraine_zone(), shell[:, 0], shell[:, 1])
    inside = np.logical_and.reduceat(near, polys[:-1])
    return [_Parsed(g, bool(ok)) for g, ok in zip(geoms, inside, strict=True)]


@lru_cache(maxsize=1)
def _mirror_schema() -> Any:
    import pyarrow as pa

    return pa.schema([("c", pa.list_(pa.list_(pa.list_(pa.list_(pa.float64())))))])


def _head_ok(head: bytes, tail: bytes) -> bool:
    try:
        doc = json.loads(head + b"[]" + tail)
    except ValueError:  # JSONDecodeError and UnicodeDecodeError
        return False
    return _one_multipolygon(doc)


def _read_mirror(day: _Day, data: bytes, fast: _Parsed | None = None) -> None:
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
            raise _Problem(f"not GeoJSON ({exc})") from None
    if geom is None:
        raise _Problem("not GeoJSON (no geometry)")
    if shapely.has_z(geom):
        geom = shapely.force_2d(geom)
    members = shapely.get_parts(geom) if geom.geom_type == "GeometryCollection" else [geom]
    polygonal = [g for g in members if g.geom_type in ("Polygon", "MultiPolygon")]
    for g in members:
        if g.geom_type not in ("Polygon", "MultiPolygon"):
            _drop(day, g, f"a {g.geom_type}, not an area")
    if not polygonal:
        return
    candidate = polygonal[0] if len(polygonal) == 1 else union_polygons(polygonal)
    parts = shapely.get_parts(candidate)
    inside = _inside(parts)
    if not inside.all():
        for g in parts[~inside]:
            _drop(day, g, f"outside Ukraine (more than {OUTSIDE_KM:g} km from its outline)")
        kept = parts[inside]
        if len(kept) == 0:
            return
        candidate = kept[0] if len(kept) == 1 else shapely.MultiPolygon(list(kept))
    if not candidate.is_empty:
        day.areas.append(("occupied", candidate))
        day.unchecked.append(len(day.areas) - 1)


def _read_raw(day: _Day, doc: Any) -> None:
    if isinstance(doc, dict) and isinstance(doc.get("map"), dict):
        doc = doc["map"]  # /api/history/last wraps the collection in "map"
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        raise _Problem("not a GeoJSON FeatureCollection")
    features = doc.get("features")
    if not isinstance(features, list):
        raise _Problem("the FeatureCollection has no 'features' list")
    when = day.published.tz_localize(None) if day.published is not None else day.date
    labelled = any(
        isinstance(f, dict) and isinstance(f.get("properties"), dict) and "name" in f["properties"]
        for f in features
    )
    polys: list[BaseGeometry] = []
    meta: list[tuple[int, Label, Any]] = []
    for i, feature in enumerate(features):
        if not isinstance(feature, dict):
            raise _Problem(f"feature {i} is not a GeoJSON Feature")
        props = feature.get("properties") or {}
        if not isinstance(props, dict):
            props = {}
        label = parse_label(props.get("name"))
        gj = feature.get("geometry")
        if not gj:
            _drop(day, None, "no geometry", feature=i, label=label)
            continue
        try:
            geom = shapely.geometry.shape(gj)
        except Exception as exc:  # shapely raises several types for bad coordinates
            _drop(day, None, f"unreadable geometry ({exc})", feature=i, label=label)
            continue
        if shapely.has_z(geom):
            geom = shapely.force_2d(geom)
        for part in shapely.get_parts(geom) if geom.geom_type != "Polygon" else [geom]:
            kind = part.geom_type
            if kind in ("Polygon", "MultiPolygon"):
                for poly in shapely.get_parts(part) if kind == "MultiPolygon" else [part]:
                    polys.append(poly)
                    meta.append((i, label, props.get("fill")))
            elif kind in ("Point", "MultiPoint"):
                for point in shapely.get_parts(part) if kind == "MultiPoint" else [part]:
                    day.markers.append(
                        {
                            "date": day.date,
                            "source": SOURCE,
                            "key": label.key,
                            "name": label.text,
                            "icon": props.get("icon"),
                            "file": day.path.name,
                            "geometry": point,
                        }
                    )
            elif not part.is_empty:
                _drop(day, part, f"a {kind}, not an area", feature=i, label=label)
    inside = _inside(np.asarray(polys, dtype=object))
    by_status: dict[str, list[BaseGeometry]] = {}
    for poly, ok, (i, label, fill) in zip(polys, inside, meta, strict=True):
        status = classify(label, fill, when) if labelled else "occupied"
        if status == _OUTSIDE:
            _drop(
                day,
                poly,
                f"outside Ukraine ({label.key or 'by name/colour'})",
                feature=i,
                label=label,
            )
            continue
        if not ok:
            _drop(
                day,
                poly,
                f"outside Ukraine (more than {OUTSIDE_KM:g} km from its outline)",
                feature=i,
                label=label,
            )
            continue
        if status is None:
            raise _Problem(
                f"feature {i} has an unknown status (name {label.text!r}, fill {fill!r}); "
                "read it with on_error='skip' to leave this file out, or report the label"
            )
        if poly.is_empty:
            continue
        by_status.setdefault(status, []).append(poly)
    for status, group in by_status.items():
        _add_polygons(day, group, status)


def _read_one(path: Path, parsed: _Parsed | None = None) -> _Day:
    """Read one file; mirror areas are left in ``day.unchecked`` for the validity check.

    ``parsed`` is this file's geometry if :func:`_read_mirrors` parsed it.
    """
    try:
        date, published = date_from_filename(path.name)
    except ValueError as exc:
        raise _Problem(str(exc)) from None
    if parsed is not None:
        day = _Day(path, date, published)
        _read_mirror(day, b"", parsed)
        if not day.areas:
            raise _Problem(_NO_AREAS)
        return day
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _Problem(f"cannot be read ({exc.strerror or exc})") from None
    day = _Day(path, date, published)
    if _is_mirror(data):
        _read_mirror(day, data)
    else:
        try:
            doc = json.loads(data)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise _Problem(f"not GeoJSON (not valid JSON: {exc})") from None
        _read_raw(day, doc)
    if not day.areas:
        raise _Problem(_NO_AREAS)
    return day


_NO_AREAS = "no areas inside Ukraine in this snapshot"


def _read_all(paths: Sequence[Path], iterator: Iterable[Path], on_error: str) -> list[_Day]:
    """Read every file, checking the validity of mirror areas on two threads.

    GEOS releases the GIL while it checks validity: the areas of files parsed together
    (:func:`_read_mirrors`) are checked in two halves side by side, those of other files on a
    worker thread while the next file is parsed. Invalid areas are repaired
    (:func:`frontline.control.union_polygons`) once everything is read.
    """
    days: list[_Day] = []
    checks: dict[int, Future[Any]] = {}
    later: dict[int, BaseGeometry] = {}
    parsed = _read_mirrors(paths)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="frontline-valid") as pool:
        for path in iterator:
            try:
                day = _read_one(path, parsed.get(path))
            except _Problem as exc:
                _fail(on_error, path, str(exc), stacklevel=4)
                continue
            days.append(day)
            for k in day.unchecked:
                geom = day.areas[k][1]
                if id(geom) in checks or id(geom) in later:
                    continue
                if path in parsed:
                    later[id(geom)] = geom
                else:
                    checks[id(geom)] = pool.submit(shapely.is_valid, geom)
        geoms = np.empty(len(later), dtype=object)
        geoms[:] = list(later.values())
        mid = len(geoms) // 2
        first = pool.submit(shapely.is_valid, geoms[:mid])
        second = shapely.is_valid(geoms[mid:])
        flags = np.concatenate([first.result(), second])
        valid = {key: bool(future.result()) for key, future in checks.items()}
        valid.update(zip(later, flags.tolist(), strict=True))
    out: list[_Day] = []
    for day in days:
        repaired = False
        for k in day.unchecked:
            status, geom = day.areas[k]
            if not valid[id(geom)]:
                day.areas[k] = (status, union_polygons([geom]))
                repaired = True
        day.unchecked.clear()
        if repaired:
            day.areas = [(status, geom) for status, geom in day.areas if not geom.is_empty]
            if not day.areas:
                _fail(on_error, day.path, _NO_AREAS, stacklevel=4)
                continue
        out.append(day)
    return out


# --------------------------------------------------------------------------------------------
# the public readers
# --------------------------------------------------------------------------------------------


def _collect(path_or_paths: Any) -> list[Path]:
    if isinstance(path_or_paths, str | os.PathLike):
        root = Path(path_or_paths)
        if root.is_dir():
            files = sorted(
                p for p in root.iterdir() if p.is_file() and p.name.lower().endswith(".geojson")
            )
            if not files:
                raise FileNotFoundError(
                    f"no .geojson files in the folder {root}; point read_deepstate at DeepState "
                    "snapshots (deepstatemap_data_YYYYMMDD.geojson or <unix>.geojson)"
                )
            return files
        if not root.exists():
            raise FileNotFoundError(f"no such file or folder: {root}")
        return [root]
    if isinstance(path_or_paths, Iterable):
        files = [Path(p) for p in path_or_paths]
        if not files:
            raise FileNotFoundError("read_deepstate got an empty list of files")
        missing = [str(p) for p in files if not p.is_file()]
        if missing:
            raise FileNotFoundError(
                f"no such file: {missing[0]}"
                + (f" (and {len(missing) - 1} more)" if len(missing) > 1 else "")
            )
        return files
    raise TypeError(
        f"read_deepstate takes a file, a folder or a list of files, got "
        f"{type(path_or_paths).__name__}"
    )


def _fail(on_error: str, path: Path, reason: str, *, stacklevel: int = 3) -> None:
    if on_error == "raise":
        raise DeepStateReadError(path, reason)
    warnings.warn(DeepStateReadWarning(f"skipped {path}: {reason}"), stacklevel=stacklevel)


def _frame(rows: list[dict[str, Any]], columns: Sequence[str]) -> gpd.GeoDataFrame | None:
    if not rows:
        return None
    out = gpd.GeoDataFrame(pd.DataFrame(rows, columns=list(columns)), geometry="geometry", crs=4326)
    out["date"] = out["date"].astype("datetime64[ns]")
    return out


def read_deepstate(
    path_or_paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    on_error: Literal["raise", "skip"] = "raise",
    progress: bool = False,
    duplicates: Literal["raise", "first", "last"] = "raise",
) -> ControlHistory:
    """Read DeepStateMap snapshots (daily mirror or raw API format) into a ControlHistory.

    Parameters
    ----------
    path_or_paths : path, folder or list of paths
        One file, a folder (every ``*.geojson`` in it) or a list of files. The
        format is detected per file; the day comes from the file name (see
        :func:`date_from_filename`).
    on_error : {"raise", "skip"}, default "raise"
        A file that cannot be read (not GeoJSON, no date in its name, a feature in an unknown
        status, a duplicate day) raises :class:`DeepStateReadError` naming the file and the
        reason; with "skip" it is left out with a :class:`DeepStateReadWarning` instead.
    progress : bool, default False
        Show a progress bar (tqdm).
    duplicates : {"raise", "first", "last"}, default "raise"
        Several files for one day: an error (or, with ``on_error="skip"``, a warning for each
        later file), or keep the first / last (by publication time, else by file order).

    Returns
    -------
    ControlHistory
        Source "DeepStateMap"; extra columns ``file`` and ``published`` (UTC publication
        time of raw editions, else NaT). ``.markers`` holds raw editions' points,
        ``.dropped`` what was dropped (outside Ukraine, non-areas) and why.

    Examples
    --------
    >>> from importlib.resources import as_file
    >>> from frontline._resources import data_file
    >>> with as_file(data_file("deepstate", "2025-06-08.geojson")) as path:
    ...     h = read_deepstate(path)
    >>> h.dates[0], h.statuses
    (Timestamp('2025-06-08 00:00:00'), ['occupied'])
    """
    if on_error not in ("raise", "skip"):
        raise ValueError(f"on_error must be 'raise' or 'skip', got {on_error!r}")
    if duplicates not in ("raise", "first", "last"):
        raise ValueError(f"duplicates must be 'raise', 'first' or 'last', got {duplicates!r}")
    paths = _collect(path_or_paths)
    iterator: Iterable[Path] = paths
    if progress:
        from tqdm.auto import tqdm

        iterator = tqdm(paths, desc="DeepState", unit="file")
    days = _dedupe(_read_all(paths, iterator, on_error), on_error=on_error, duplicates=duplicates)
    if not days:
        raise DeepStateReadError(
            paths[0] if len(paths) == 1 else Path(os.path.commonpath(paths)),
            "no readable snapshot (every file was skipped)",
        )
    n = sum(len(d.areas) for d in days)
    dates = np.empty(n, dtype="datetime64[ns]")
    published = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    statuses = np.empty(n, dtype=object)
    geoms = np.empty(n, dtype=object)
    files = np.empty(n, dtype=object)
    i = 0
    for d in days:
        for status, geom in d.areas:
            dates[i] = d.date.to_datetime64()
            if d.published is not None:
                published[i] = d.published.tz_localize(None).to_datetime64()
            statuses[i], geoms[i], files[i] = status, geom, d.path.name
            i += 1
    frame = gpd.GeoDataFrame(
        {
            "date": dates,
            "source": np.full(n, SOURCE, dtype=object),
            "status": statuses,
            "file": files,
            "published": pd.Series(published).dt.tz_localize("UTC"),
        },
        geometry=gpd.GeoSeries(geoms, crs=4326),
        crs=4326,
    )
    markers = _frame(
        [m for d in days for m in d.markers],
        ["date", "source", "key", "name", "icon", "file", "geometry"],
    )
    if markers is not None:
        markers["in_ukraine"] = _inside(markers.geometry.to_numpy())
    dropped = _frame(
        [x for d in days for x in d.dropped],
        ["date", "source", "file", "feature", "name", "key", "reason", "geometry"],
    )
    return ControlHistory(frame, validate=False, markers=markers, dropped=dropped)


def _dedupe(days: list[_Day], *, on_error: str, duplicates: str) -> list[_Day]:
    by_day: dict[pd.Timestamp, list[_Day]] = {}
    for d in days:
        by_day.setdefault(d.date, []).append(d)
    out: list[_Day] = []
    for date in sorted(by_day):
        group = by_day[date]
        if len(group) == 1:
            out.append(group[0])
            continue
        if duplicates == "raise":
            names = ", ".join(d.path.name for d in group)
            for d in group[1:]:
                _fail(
                    on_error,
                    d.path,
                    f"a second snapshot for {date:%Y-%m-%d} (files: {names}); pass "
                    "duplicates='last' (or 'first') to keep one edition per day",
                )
            out.append(group[0])
            continue
        ordered = sorted(
            enumerate(group),
            key=lambda t: (t[1].published.value if t[1].published is not None else 0, t[0]),
        )
        out.append(ordered[-1][1] if duplicates == "last" else ordered[0][1])
    return out


def example_control() -> ControlHistory:
    """The built-in example: DeepStateMap's assessment for 2025-06-08 (one day).

    The day ships with the package (data credit: DeepStateMap; via the daily mirror
    cyterat/deepstate-map-data, GPL-3.0). Its area is about 113,300 km².

    Examples
    --------
    >>> h = example_control()
    >>> len(h), h.sources
    (1, ['DeepStateMap'])
    """
    with resources.as_file(data_file("deepstate", "2025-06-08.geojson")) as path:
        return read_deepstate(path)
