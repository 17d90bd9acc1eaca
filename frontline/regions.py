"""Ukraine's 27 first-level units as GeoDataFrames: 24 oblasts, Crimea, Kyiv and Sevastopol.

The boundaries are Natural Earth's 1:10m admin-1 polygons (public domain), corrected and
rebuilt by ``data/build/build_regions.py``; official areas are the published figures, each with
its source (``data/regions/official_areas.csv``, not adjusted to add up to the national total).
Everything is in EPSG:4326; areas and lengths are geodesic on the WGS84 ellipsoid
(:mod:`frontline.geodesy`).

Name resolution (:func:`region`) accepts the English name with or without "Oblast", the
Ukrainian and Russian names and adjectives, former names, common transliterations, and ISO
3166-2 codes, ignoring case, apostrophes and diacritics. It tries, in order: the exact spelling
key, the key without generic words ("oblast", "region", "область"), then the transliteration
key (:func:`frontline._names.key`). A query that names the kind of unit ("Kyiv Oblast",
"Kyiv region") never resolves to a city. Anything else raises :class:`RegionNotFoundError` with
the closest names.
"""

from __future__ import annotations

import csv
import json
from functools import lru_cache

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from frontline import _borders, geodesy
from frontline._errors import AmbiguousRegionError, RegionNotFoundError
from frontline._names import check_name, closest, fold, key, strip_generic
from frontline._resources import data_file

__all__ = [
    "BORDER_TOLERANCE_KM",
    "AmbiguousRegionError",
    "RegionNotFoundError",
    "beyond_ukraine",
    "border",
    "load_regions",
    "neighbors",
    "region",
    "region_code",
    "region_extensions",
    "ukraine_outline",
]

#: Gaps and overlaps between neighbouring polygons up to this width (km) are bridged when
#: finding shared borders; Natural Earth's polygons meet within a few metres.
BORDER_TOLERANCE_KM = 0.25

#: A shared boundary shorter than this (km) is a corner touch, not a border.
MIN_BORDER_KM = 1.0

_COLUMNS = [
    "code",
    "name",
    "name_uk",
    "name_ru",
    "aliases",
    "kind",
    "capital",
    "area_km2",
    "area_km2_official",
    "area_source",
    "geometry",
]


@lru_cache(maxsize=1)
def _load() -> gpd.GeoDataFrame:
    collection = json.loads(data_file("regions", "regions.geojson").read_text(encoding="utf-8"))
    rows = [f["properties"] for f in collection["features"]]
    geoms = [shape(f["geometry"]) for f in collection["features"]]
    frame = pd.DataFrame(rows)
    frame["aliases"] = frame["aliases"].map(tuple)
    with data_file("regions", "official_areas.csv").open(encoding="utf-8") as fh:
        official = {r["code"]: r for r in csv.DictReader(fh)}
    frame["area_km2_official"] = frame["code"].map(
        lambda c: float(official[c]["area_km2_official"])
    )
    frame["area_source"] = frame["code"].map(lambda c: official[c]["source"])
    gdf = gpd.GeoDataFrame(frame, geometry=geoms, crs="EPSG:4326")
    gdf["area_km2"] = geodesy.areas_km2(gdf.geometry)
    return gdf[_COLUMNS].sort_values("code").reset_index(drop=True)


def load_regions() -> gpd.GeoDataFrame:
    """All 27 first-level units of Ukraine.

    Returns
    -------
    geopandas.GeoDataFrame
        27 rows in EPSG:4326, sorted by ISO code, with columns ``code`` (ISO 3166-2:UA),
        ``name`` (English, national romanisation of 2010), ``name_uk``, ``name_ru``,
        ``aliases`` (tuple of former names, Russian forms and other spellings), ``kind``
        ("oblast", "autonomous republic" or "city with special status"), ``capital``,
        ``area_km2`` (geodesic area of the polygon on the WGS84 ellipsoid),
        ``area_km2_official`` (as published; the 27 add up to 603,540 km², 88 km² less than
        the national 603,628 km²) and ``area_source`` (where the figure is published, see
        ``data/README.md``), and ``geometry`` (MultiPolygon). A fresh copy on each call.

    Examples
    --------
    >>> regions = load_regions()
    >>> len(regions), regions.crs.to_epsg()
    (27, 4326)
    >>> regions.set_index("code").loc["UA-12", "name"]
    'Dnipropetrovsk Oblast'
    """
    return _load().copy()


@lru_cache(maxsize=1)
def _index() -> tuple[
    dict[str, set[str]], dict[str, set[str]], dict[str, set[str]], dict[str, str]
]:
    regions = _load()
    exact: dict[str, set[str]] = {}
    stripped: dict[str, set[str]] = {}
    translit: dict[str, set[str]] = {}
    labels: dict[str, str] = {}
    for row in regions.itertuples():
        names = [row.name, row.name_uk, row.name_ru, *row.aliases]
        for name in names:
            labels.setdefault(name, row.code)
            exact.setdefault(fold(name), set()).add(row.code)
            stripped.setdefault(strip_generic(name), set()).add(row.code)
            translit.setdefault(key(strip_generic(name)), set()).add(row.code)
        code = row.code.casefold()
        for form in (code, code.replace("-", ""), code.replace("ua-", "")):
            exact.setdefault(fold(form), set()).add(row.code)
    return exact, stripped, translit, labels


@lru_cache(maxsize=1)
def _own_keys() -> dict[str, tuple[set[str], set[str], set[str]]]:
    out: dict[str, tuple[set[str], set[str], set[str]]] = {}
    for row in _load().itertuples():
        names = (row.name, row.name_uk, row.name_ru)
        out[row.code] = (
            {fold(n) for n in names},
            {strip_generic(n) for n in names},
            {key(strip_generic(n)) for n in names},
        )
    return out


_KIND_WORDS = frozenset(
    {"oblast", "oblasti", "oblast'", "obl", "region", "province", "область", "обл", "регион"}
)


def _names_kind(query: str) -> bool:
    words = {w.strip(".,'’") for w in query.casefold().split()}
    return bool(words & _KIND_WORDS)


def region_code(name: str) -> str:
    """The ISO 3166-2:UA code of the region that ``name`` designates.

    Accepts everything :func:`region` accepts.

    Examples
    --------
    >>> region_code("Дніпропетровська область")
    'UA-12'
    >>> region_code("Kyiv"), region_code("Kyiv Oblast")
    ('UA-30', 'UA-32')
    """
    query = check_name(name, "region name")
    exact, stripped, translit, labels = _index()
    kinds = _load().set_index("code")["kind"]
    wants_oblast = _names_kind(query)
    for tier, (table, probe) in enumerate(
        (
            (exact, fold(query)),
            (stripped, strip_generic(query)),
            (translit, key(strip_generic(query))),
        )
    ):
        codes = set(table.get(probe, ()))
        if wants_oblast:
            codes = {c for c in codes if kinds[c] != "city with special status"}
        if len(codes) > 1:
            # A unit's own name outranks another unit's alias ("Kyiv" is the city).
            own = {c for c in codes if probe in _own_keys()[c][tier]}
            codes = own or codes
        if len(codes) > 1 and not wants_oblast:
            # Without "oblast" in the query, a bare city name means the city.
            cities = {c for c in codes if kinds[c] == "city with special status"}
            codes = cities or codes
        if len(codes) == 1:
            return codes.pop()
        if len(codes) > 1:
            names = ", ".join(f"{_load().set_index('code').loc[c, 'name']} ({c})" for c in codes)
            raise AmbiguousRegionError(
                f"region name {name!r} matches several regions: {names}; give the full name "
                "or the ISO code"
            )
    unit_names = _load().set_index("code")["name"]
    near = closest(query, list(labels), limit=12, score_cutoff=80)
    suggestions = list(dict.fromkeys(f"{unit_names[labels[n]]} ({labels[n]})" for n in near))
    if not suggestions:
        raise RegionNotFoundError(
            f"no region of Ukraine is called {name!r}, and no region's name is close; "
            "fl.load_regions() lists all 27 with their names and ISO codes"
        )
    raise RegionNotFoundError(
        f"no region of Ukraine is called {name!r}; closest: {', '.join(suggestions[:4])}"
    )


def region(name: str) -> pd.Series:
    """One region by any of its names or its ISO code.

    Parameters
    ----------
    name : str
        English, Ukrainian or Russian name, with or without "Oblast"/"область"; a former name
        or another transliteration; or an ISO 3166-2 code such as ``"UA-12"``. Case,
        apostrophes and diacritics are ignored.

    Returns
    -------
    pandas.Series
        The region's row of :func:`load_regions` (``name`` is the row's index label).

    Raises
    ------
    ValueError
        ``name`` is not a string or is empty.
    RegionNotFoundError
        Nothing matches; the message lists the closest names.
    AmbiguousRegionError
        Several regions match.

    Examples
    --------
    >>> region("Dnipro")["code"]
    'UA-12'
    >>> region("Днепропетровская")["name"]
    'Dnipropetrovsk Oblast'
    >>> region("UA-12")["capital"]
    'Dnipro'
    """
    code = region_code(name)
    regions = _load()
    row = regions.loc[regions["code"] == code].iloc[0].copy()
    row.name = code
    return row


def _resolve(name: str | pd.Series) -> str:
    if isinstance(name, pd.Series) and "code" in name:
        return str(name["code"])
    return region_code(name)  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def _shared_borders() -> dict[tuple[str, str], BaseGeometry]:
    """Shared boundary lines between every pair of neighbouring regions (cached).

    Read from ``data/regions/borders.geojson`` when it was computed from the shipped
    boundaries with these thresholds (:mod:`frontline._borders`), else computed.
    """
    found = _borders.shipped(tolerance_km=BORDER_TOLERANCE_KM, min_km=MIN_BORDER_KM)
    if found is not None:
        return found
    return _borders.compute(_load(), tolerance_km=BORDER_TOLERANCE_KM, min_km=MIN_BORDER_KM)


def neighbors(name: str) -> gpd.GeoDataFrame:
    """The regions that share a border with ``name``, computed from the geometry.

    Two regions are neighbours when their boundaries run together for at least
    :data:`MIN_BORDER_KM` km, bridging gaps of up to :data:`BORDER_TOLERANCE_KM` km between the
    polygons. Borders with other countries are not modelled.

    Returns
    -------
    geopandas.GeoDataFrame
        The neighbouring regions' rows of :func:`load_regions`, with ``border_km`` (geodesic
        length of the shared border) added, sorted by code.

    Examples
    --------
    >>> sorted(neighbors("Dnipropetrovsk")["name"].str.replace(" Oblast", ""))
    ['Donetsk', 'Kharkiv', 'Kherson', 'Kirovohrad', 'Mykolaiv', 'Poltava', 'Zaporizhzhia']
    """
    code = _resolve(name)
    borders = _shared_borders()
    regions = load_regions()
    lengths = {b: geodesy.length_km(line) for (a, b), line in borders.items() if a == code}
    out = regions[regions["code"].isin(lengths)].copy()
    out["border_km"] = out["code"].map(lengths)
    return out.reset_index(drop=True)


def border(a: str, b: str) -> gpd.GeoDataFrame:
    """The shared boundary of two regions as a line, with its length in km.

    Returns
    -------
    geopandas.GeoDataFrame
        One row: ``code_a``, ``name_a``, ``code_b``, ``name_b``, ``km`` (geodesic length on
        WGS84) and ``geometry`` (LineString or MultiLineString, EPSG:4326), taken from the
        boundary of ``a``.

    Raises
    ------
    LookupError
        The two regions do not share a border (the message lists ``a``'s neighbours).

    Examples
    --------
    >>> line = border("Dnipropetrovsk", "Donetsk")
    >>> round(float(line["km"].iloc[0]))
    163
    """
    code_a, code_b = _resolve(a), _resolve(b)
    names = _load().set_index("code")["name"]
    if code_a == code_b:
        raise ValueError(f"{a!r} and {b!r} are the same region ({names[code_a]})")
    line = _shared_borders().get((code_a, code_b))
    if line is None:
        near = ", ".join(neighbors(code_a)["name"])
        raise RegionNotFoundError(
            f"{names[code_a]} and {names[code_b]} do not share a border; "
            f"{names[code_a]} borders {near}"
        )
    return gpd.GeoDataFrame(
        {
            "code_a": [code_a],
            "name_a": [names[code_a]],
            "code_b": [code_b],
            "name_b": [names[code_b]],
            "km": [geodesy.length_km(line)],
        },
        geometry=[line],
        crs="EPSG:4326",
    )


@lru_cache(maxsize=1)
def _outline() -> BaseGeometry:
    merged = shapely.union_all(
        shapely.buffer(_load().geometry.values, 0.0005, quad_segs=2), grid_size=None
    )
    parts = [shapely.Polygon(p.exterior) for p in shapely.get_parts(merged)]
    return shapely.MultiPolygon(parts)


def ukraine_outline() -> BaseGeometry:
    """Ukraine's outline: the union of the 27 regions (EPSG:4326, holes filled), cached.

    Slivers between neighbouring polygons are closed by a 0.0005° (about 50 m) dilation, so the
    outline is up to about 50 m larger than the regions.

    Examples
    --------
    >>> outline = ukraine_outline()
    >>> bool(outline.contains(shapely.Point(30.52, 50.45)))   # Kyiv
    True
    """
    return _outline()


@lru_cache(maxsize=1)
def _extensions() -> gpd.GeoDataFrame:
    collection = json.loads(data_file("regions", "extensions.geojson").read_text(encoding="utf-8"))
    by_code = {f["properties"]["code"]: shape(f["geometry"]) for f in collection["features"]}
    regions = _load()
    geoms = [by_code[c] for c in regions["code"]]
    out = gpd.GeoDataFrame(
        {"code": regions["code"], "name": regions["name"]}, geometry=geoms, crs="EPSG:4326"
    )
    out["km2"] = geodesy.areas_km2(out.geometry)
    return out[["code", "name", "km2", "geometry"]]


def region_extensions() -> gpd.GeoDataFrame:
    """The ground each region takes beyond its polygon, so that all of Ukraine has a region.

    Natural Earth's outline is generalised: ground that DeepStateMap draws inside Ukraine
    (slivers along the border with Russia, spits, lagoon shores) can lie outside every region
    polygon. A band around :func:`ukraine_outline`, 6 km wide along land borders and 20 km
    towards the sea, is split between the regions, each piece going to the region nearest to
    it (Voronoi cells of points along the region boundaries); ground beyond the band is
    outside Ukraine. Built by ``data/build/build_regions.py``, described in ``data/README.md``.
    A region polygon and its extension together are where assessed ground counts for that
    region (:func:`frontline.area_share`, :func:`frontline.timeline`, ...); the polygons'
    areas (``load_regions()["area_km2"]``) stay those of the land polygons.

    Returns
    -------
    geopandas.GeoDataFrame
        27 rows in the order of :func:`load_regions`: ``code``, ``name``, ``km2`` (geodesic
        area of the extension, sea included) and ``geometry`` (MultiPolygon, empty for regions
        away from the border and the coast), EPSG:4326.

    Examples
    --------
    >>> ext = region_extensions().set_index("code")
    >>> float(ext.loc["UA-09", "km2"]) > 0, float(ext.loc["UA-53", "km2"])
    (True, 0.0)
    """
    return _extensions().copy()


@lru_cache(maxsize=1)
def _counted() -> BaseGeometry:
    """The ground counted as Ukraine's: all regions with their extensions (prepared)."""
    zone = shapely.union_all(
        np.concatenate([_load().geometry.to_numpy(), _extensions().geometry.to_numpy()])
    )
    shapely.prepare(zone)
    return zone


def beyond_ukraine(geom: BaseGeometry | None) -> BaseGeometry:
    """The part of ``geom`` (EPSG:4326) beyond Ukraine: outside every region and extension.

    This is the ground :func:`frontline.area_share` reports as ``km2_outside_ukraine`` (the
    Kursk salient, slivers across the land border) and day maps draw as a layer of its own.

    Examples
    --------
    >>> from shapely.geometry import box
    >>> beyond_ukraine(box(37.5, 47.6, 38.3, 48.2)).is_empty           # Donetsk Oblast
    True
    >>> round(geodesy.area_km2(beyond_ukraine(box(35.2, 51.35, 35.6, 51.6))))  # Kursk Oblast
    773
    """
    if geom is None or geom.is_empty:
        return shapely.MultiPolygon()
    zone = _counted()
    parts = shapely.get_parts(geom)
    open_parts = parts[~shapely.contains_properly(zone, parts)]
    if len(open_parts) == 0:
        return shapely.MultiPolygon()
    out = shapely.difference(shapely.union_all(open_parts), zone)
    polys = [p for p in shapely.get_parts(out) if p.geom_type == "Polygon"]
    return shapely.MultiPolygon(polys)
