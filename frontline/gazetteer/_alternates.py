"""GeoNames' names of a place: which are Latin or Cyrillic, which is Ukrainian, which tier.

Shared by ``data/build/build_places.py`` (the built-in gazetteer) and
:func:`frontline.fetch_places` (the full one), so both read GeoNames' alternate names alike:
:func:`clean_alternates` keeps the Latin and Cyrillic ones, :func:`pick_name_uk` picks the
Ukrainian Cyrillic name, :func:`build_names` makes the lookup index (tier 0 own names, 1
spellings and language forms of them, 2 other and former names).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz

from frontline._names import fold, key

__all__ = [
    "ADMIN1_TO_ISO",
    "NAME_UK_ERRATA",
    "OTHER",
    "OWN",
    "RUSSIAN_NAMED",
    "VARIANT",
    "build_names",
    "classify",
    "clean_alternates",
    "pick_name_uk",
]

#: GeoNames first-level codes for Ukraine (admin1CodesASCII.txt, ``UA.xx``) -> ISO 3166-2:UA.
#: Checked when the script runs: every code's places must fall mostly in the region it maps to.
ADMIN1_TO_ISO = {
    "01": "UA-71",  # Cherkasy
    "02": "UA-74",  # Chernihiv
    "03": "UA-77",  # Chernivtsi
    "04": "UA-12",  # Dnipropetrovsk
    "05": "UA-14",  # Donetsk
    "06": "UA-26",  # Ivano-Frankivsk
    "07": "UA-63",  # Kharkiv
    "08": "UA-65",  # Kherson
    "09": "UA-68",  # Khmelnytskyi
    "10": "UA-35",  # Kirovohrad
    "11": "UA-43",  # Autonomous Republic of Crimea
    "12": "UA-30",  # Kyiv (city)
    "13": "UA-32",  # Kyiv Oblast
    "14": "UA-09",  # Luhansk
    "15": "UA-46",  # Lviv
    "16": "UA-48",  # Mykolaiv
    "17": "UA-51",  # Odesa
    "18": "UA-53",  # Poltava
    "19": "UA-56",  # Rivne
    "20": "UA-40",  # Sevastopol (city)
    "21": "UA-59",  # Sumy
    "22": "UA-61",  # Ternopil
    "23": "UA-05",  # Vinnytsia
    "24": "UA-07",  # Volyn
    "25": "UA-21",  # Zakarpattia
    "26": "UA-23",  # Zaporizhzhia
    "27": "UA-18",  # Zhytomyr
}

#: GeoNames first-level codes whose places GeoNames mostly names in Russian form (Crimea,
#: Sevastopol): there a Ukrainian-letter alternate close to the name is its Ukrainian name.
RUSSIAN_NAMED = frozenset({"11", "20"})

#: ``name_uk`` where the alternate names mislead the pick: GeoNames id -> (name_uk, why).
NAME_UK_ERRATA: dict[int, tuple[str | None, str]] = {
    13546532: (
        None,
        "Podilskyi, a district of Kropyvnytskyi: its alternate 'Подільськ' is the name of a "
        "city in Odesa Oblast",
    ),
    690466: (
        None,
        "Varvarovka, Crimea: its Ukrainian-letter alternate 'Ваварівка' misspells 'Варварівка'",
    ),
    713684: (
        None,
        "the only Ukrainian-letter alternate, 'Олександрівка' misspelt as 'Олексанврівка', "
        "would rename the village 'Oleksanvrivka'",
    ),
}

#: Tiers of the lookup index.
OWN, VARIANT, OTHER = 0, 1, 2

#: An alternate name is a spelling or language form of the own name (tier 1) when its
#: transliteration key is this similar to the own name's (rapidfuzz ratio, 0-100) or when both
#: have the same consonant skeleton (Russian and Ukrainian forms differ mostly in vowels:
#: "Rovno"/"Rivne", "Orekhov"/"Orikhiv", "Kamenskoye"/"Kamianske").
VARIANT_RATIO = 80.0
#: A Ukrainian Cyrillic alternate name close to a Russian-form GeoNames name ("Новопавлівка"
#: for "Novopavlovka") is accepted as ``name_uk`` at this similarity.
NAME_UK_RATIO = 85.0
#: The same where GeoNames names a place in Russian form (:data:`RUSSIAN_NAMED`), whose
#: Ukrainian name differs more ("Олександрівка" for "Aleksandrovka").
NAME_UK_RATIO_RUSSIAN = 80.0

_UK_LETTERS = frozenset("іїєґ'’ʼ")
_RU_LETTERS = frozenset("ыэёъ")
_OTHER_CYRILLIC = frozenset("ўјњљћђџѓќѕӣӯӧӳӱәөүңһқғұ")
_RU_ENDINGS: tuple[str, ...] = ("ое", "ая", "ый", "ые", "ой", "ский", "цкий", "овка", "евка")
_RU_ENDINGS += ("ино", "ово", "ево", "ск", "цк", "ье", "ее")
_VOWELS = re.compile(r"[aeiou]")


def _scripts(text: str) -> set[str]:
    out = set()
    for ch in text:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            out.add(name.split(" ", 1)[0] if name else "?")
    return out


def clean_alternates(name: str, alternates: Iterable[str]) -> list[str]:
    """Latin and Cyrillic alternate names, split on " / ", without codes and machine forms."""
    out = set()
    for raw in alternates:
        for alt in raw.split("/"):
            alt = " ".join(alt.split())
            if not alt or alt == name or not fold(alt):
                continue
            scripts = _scripts(alt)
            if not scripts or not scripts <= {"LATIN", "CYRILLIC"}:
                continue
            if scripts == {"LATIN"} and alt == alt.lower():
                continue  # machine romanisation of another script ("dwntsk", "sumi")
            if alt.isupper() and len(alt) <= 4:
                continue  # IATA and similar codes
            out.add(alt)
    return sorted(out)


def _skeleton(k: str) -> str:
    return _VOWELS.sub("", k)


def _similar(a: str, b: str) -> float:
    return fuzz.ratio(a, b)


def _looks_russian(low: str) -> bool:
    return any(w.endswith(_RU_ENDINGS) for w in re.split(r"[\s-]+", low) if w)


def pick_name_uk(name: str, alternates: list[str], *, russian_name: bool = False) -> str | None:
    """The Ukrainian Cyrillic form of ``name`` among its alternate names, or None.

    Candidates are all-Cyrillic names without Russian-only (ы э ё ъ) or other languages'
    letters. Preferred, in order: a form with Ukrainian-only letters (і ї є ґ, apostrophe) and
    the same transliteration key as ``name``; then, where GeoNames' name is a Ukrainian
    romanisation (``russian_name`` false), a form with the same key that does not look Russian
    (no Russian ending such as "-ое", "-овка", "-ский", "-ск"): "Кременчук", not the
    Belarusian-looking "Кремінчук"; a Ukrainian-letter form close to ``name`` (the Ukrainian
    name of a place that GeoNames names in Russian form, as in Crimea: "Костянтинівка" for
    "Konstantinovka"; there a close form that does not look Russian also counts, such as
    "Первомайське" for "Pervomayskoye"; outside Crimea its key must also be of about the
    same length as the name's); any form with the same key, Russian endings last. Among
    equals, a form in as many words as ``name``. :data:`NAME_UK_ERRATA` overrides the pick
    where an alternate misleads it.
    """
    name_key = key(name)
    ranked = []
    for alt in alternates:
        low = alt.lower()
        if _scripts(alt) != {"CYRILLIC"} or set(low) & (_RU_LETTERS | _OTHER_CYRILLIC):
            continue
        alt_key = key(alt)
        same = alt_key == name_key
        ukr = bool(set(low) & _UK_LETTERS)
        russian = _looks_russian(low)
        ratio = _similar(alt_key, name_key)
        if russian_name:
            close = ratio >= NAME_UK_RATIO_RUSSIAN
        else:
            close = ratio >= NAME_UK_RATIO and abs(len(alt_key) - len(name_key)) <= 1
        if same and ukr:
            rank = 0
        elif same and not russian and not russian_name:
            rank = 1
        elif close and (ukr or (russian_name and not russian)):
            rank = 2
        elif same:
            rank = 3 + russian
        else:
            continue
        # written in as many words as GeoNames' name ("Гуляйполе" for "Hulyaypole", not
        # "Гуляй-Поле"); more soft signs first: Ukrainian "-цьк"/"-ськ", Russian "-цк"/"-ск"
        words = len(re.findall(r"[\s-]+", alt)) != len(re.findall(r"[\s-]+", name))
        ranked.append((rank, words, -ratio, -low.count("ь"), alt))
    return min(ranked)[-1] if ranked else None


def classify(own_keys: set[str], alt_key: str) -> int:
    """Tier of an alternate name: VARIANT (a spelling of the own name) or OTHER."""
    for k in own_keys:
        if _similar(alt_key, k) >= VARIANT_RATIO or _skeleton(alt_key) == _skeleton(k):
            return VARIANT
    return OTHER


def build_names(
    own_names: Sequence[Sequence[str | None]], alternates: Sequence[Sequence[str]]
) -> tuple[list[int], list[str], list[str], list[int], list[tuple[int, str]]]:
    """The lookup index rows (place, name, key, tier) and the dropped (place, name) pairs.

    ``own_names`` holds each place's own names (``name``, ``name_geonames``, ``name_uk``; None
    where missing). Tier 0 holds them; an alternate name whose key equals an own name's adds
    nothing and is left out. Every other alternate spelling is kept (several may share a key)
    so that a lookup can report the spelling it matched.
    """
    own_keys = [{key(n) for n in own if n} for own in own_names]
    rows: list[list[tuple[int, str, str]]] = []  # per place: (tier, key, name)
    for i, (own, alts) in enumerate(zip(own_names, alternates, strict=True)):
        entry = [(OWN, key(n), n) for n in dict.fromkeys(n for n in own if n)]
        tier_of: dict[str, int] = {}
        for alt in alts:
            k = key(alt)
            if not k or k in own_keys[i]:
                continue
            if k not in tier_of:
                tier_of[k] = classify(own_keys[i], k)
            entry.append((tier_of[k], k, alt))
        rows.append(entry)
    # keys that are some place's own name or a spelling of it
    spelled: dict[str, set[int]] = defaultdict(set)
    for i, entry in enumerate(rows):
        for tier, k, _ in entry:
            if tier in (OWN, VARIANT):
                spelled[k].add(i)
    place, name_col, key_col, tier_col = [], [], [], []
    dropped: list[tuple[int, str]] = []
    for i, entry in enumerate(rows):
        for tier, k, text in sorted(entry):
            if tier == OTHER and spelled.get(k, set()) - {i}:
                dropped.append((i, text))
                continue
            place.append(i)
            name_col.append(text)
            key_col.append(k)
            tier_col.append(tier)
    return place, name_col, key_col, tier_col, dropped
