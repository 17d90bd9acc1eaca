"""GeoNames' full list of Ukraine's places, fetched and built into the cache.

:func:`fetch_places` downloads ``<base_url>/export/dump/UA.zip`` (GeoNames' daily dump for
Ukraine, CC BY 4.0: credit "GeoNames", https://www.geonames.org), reads its ``UA.txt``
(:func:`parse_geonames`: tab-separated, the 19 columns of GeoNames' ``geoname`` table), keeps
the populated places (feature class ``P``; historical and abandoned ones, ``PPLH``,
``PPLQ``, ``PPLCH``, left out) and builds the full gazetteer into the cache folder
(:func:`frontline._cache.cache_folder`): ``places/UA.zip`` as downloaded,
``places/gazetteer.parquet`` and ``places/gazetteer_names.parquet``. From then on
:func:`frontline.find_place`, :func:`frontline.places` and everything built on them use it.

Each place is linked to the official codifier's settlement where name and administrative unit
decide it (:mod:`frontline.gazetteer._link`); a linked place takes the codifier's Ukrainian
name (and its romanisation of 2010), an unlinked one the Ukrainian name picked from GeoNames'
alternate names, as in the built-in gazetteer. All Latin and Cyrillic alternate names
(Ukrainian, Russian, transliterations, former names) join the lookup index. A place's region
is GeoNames' first-level unit (the built-in gazetteer checks it against the region polygons;
this list, built on the user's machine, does not).
"""

from __future__ import annotations

import io
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from frontline._atomic import atomic_write
from frontline._cache import cache_folder
from frontline._names import key, romanize_uk
from frontline.gazetteer import GazetteerInfo, gazetteer_info
from frontline.gazetteer._alternates import (
    ADMIN1_TO_ISO,
    NAME_UK_ERRATA,
    RUSSIAN_NAMED,
    build_names,
    clean_alternates,
    pick_name_uk,
)
from frontline.gazetteer._link import LinkReport, link_places
from frontline.gazetteer._store import FULL_NAMES, FULL_PLACES, codifier, use_folder
from frontline.io._http import check_options, download

__all__ = ["COLUMNS", "DEFAULT_BASE_URL", "fetch_places", "parse_geonames"]

#: GeoNames' download host.
DEFAULT_BASE_URL = "https://download.geonames.org"

#: The columns of GeoNames' ``geoname`` table, in the order of the dump files.
COLUMNS = [
    "geonameid", "name", "asciiname", "alternatenames", "latitude", "longitude",
    "feature_class", "feature_code", "country_code", "cc2", "admin1_code", "admin2_code",
    "admin3_code", "admin4_code", "population", "elevation", "dem", "timezone",
    "modification_date",
]  # fmt: skip

#: Feature codes of populated places that are not places today.
LEFT_OUT = frozenset({"PPLH", "PPLQ", "PPLCH"})
CREDIT = "GeoNames (https://www.geonames.org), CC BY 4.0"
_MEMBER = "UA.txt"


def parse_geonames(data: bytes | str, *, source: str = "UA.txt") -> pd.DataFrame:
    """GeoNames' dump rows (``UA.txt``) as a frame with :data:`COLUMNS`.

    ``geonameid`` and ``population`` become integers, ``latitude`` and ``longitude`` floats.

    Raises
    ------
    ValueError
        A line without the 19 tab-separated fields, or a field that is not what the column
        holds; the message names the source, line, field and value.

    Examples
    --------
    >>> row = "\\t".join(["1", "Robotyne", "Robotyne", "Работино,Роботине", "47.44", "35.84",
    ...                  "P", "PPL", "UA", "", "26", "", "", "", "0", "", "85",
    ...                  "Europe/Zaporozhye", "2024-01-01"])
    >>> frame = parse_geonames(row)
    >>> int(frame.loc[0, "geonameid"]), frame.loc[0, "name"], float(frame.loc[0, "latitude"])
    (1, 'Robotyne', 47.44)
    """
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    rows = []
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        if not line.strip(" "):
            continue  # a blank line (the file ends with one)
        fields = line.split("\t")
        if len(fields) != len(COLUMNS):
            raise ValueError(
                f"{source} line {number}: {len(fields)} tab-separated fields, GeoNames' "
                f"geoname table has {len(COLUMNS)}; is this a GeoNames dump file?"
            )
        rows.append(fields)
    frame = pd.DataFrame(rows, columns=COLUMNS)
    for column, kind in (
        ("geonameid", "int"),
        ("population", "int"),
        ("latitude", "lat"),
        ("longitude", "lon"),
    ):
        frame[column] = _numbers(frame[column], column, kind, source)
    return frame


def _numbers(values: pd.Series, column: str, kind: str, source: str) -> pd.Series:
    text = values.str.strip()
    if kind == "int":
        bad = ~text.str.fullmatch(r"\d+") & ~((column == "population") & (text == ""))
    else:
        bad = ~text.str.fullmatch(r"-?\d+(\.\d+)?")
    converted = pd.to_numeric(text.where(~bad & (text != ""), "0"))
    if kind == "lat":
        bad |= converted.abs() > 90
    elif kind == "lon":
        bad |= converted.abs() > 180
    if bad.any():
        line = int(bad.to_numpy().argmax())
        raise ValueError(
            f"{source} row {line + 1} field {column!r} value {values.iloc[line]!r}: not a "
            f"{'whole number' if kind == 'int' else 'coordinate in degrees'}"
        )
    return converted.astype("int64" if kind == "int" else "float64")


def _check_zip(body: bytes) -> None:
    """Raise ``ValueError`` unless ``body`` is a zip holding a GeoNames ``UA.txt``."""
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            if _MEMBER not in archive.namelist():
                raise ValueError(f"the zip holds no {_MEMBER} ({archive.namelist()[:5]})")
            with archive.open(_MEMBER) as member:
                first = member.readline().decode("utf-8", "replace")
    except zipfile.BadZipFile as exc:
        raise ValueError(f"not a zip file ({exc})") from None
    if first and first.count("\t") != len(COLUMNS) - 1:
        raise ValueError(f"{_MEMBER} is not in GeoNames' dump format (first line: {first!r})")


@dataclass(frozen=True)
class _Built:
    places: pd.DataFrame
    names: pd.DataFrame
    report: LinkReport


def _build(raw: pd.DataFrame) -> _Built:
    from frontline.regions import load_regions

    keep = (
        (raw["feature_class"] == "P")
        & ~raw["feature_code"].isin(LEFT_OUT)
        & raw["admin1_code"].isin(ADMIN1_TO_ISO)
    )
    raw = raw[keep].sort_values("geonameid", kind="stable").reset_index(drop=True)
    regions = load_regions()
    region_names = dict(zip(regions["code"], regions["name"], strict=True))
    names_geonames = raw["name"].str.strip().tolist()
    alternates = [
        clean_alternates(n, a.split(",") if a else [])
        for n, a in zip(names_geonames, raw["alternatenames"], strict=True)
    ]
    ids = raw["geonameid"].tolist()
    name_uk = [
        NAME_UK_ERRATA[pid][0]
        if pid in NAME_UK_ERRATA
        else pick_name_uk(n, alts, russian_name=a in RUSSIAN_NAMED)
        for pid, n, alts, a in zip(ids, names_geonames, alternates, raw["admin1_code"], strict=True)
    ]
    region = [ADMIN1_TO_ISO[a] for a in raw["admin1_code"]]
    kind = ["part of a city" if c == "PPLX" else "settlement" for c in raw["feature_code"]]
    places = pd.DataFrame(
        {
            "place_id": ids,
            "name_geonames": names_geonames,
            "region": region,
            "kind": kind,
            "lon": raw["longitude"].round(5),
            "lat": raw["latitude"].round(5),
        }
    )
    place_keys = [
        set() if k != "settlement" else {key(n) for n in (uk, g) if n}
        for k, uk, g in zip(kind, name_uk, names_geonames, strict=True)
    ]
    cod = codifier()
    links, report = link_places(places, place_keys, cod)
    uk_of = dict(zip(cod["katottg"], cod["name_uk"], strict=True))
    name_uk = [uk_of[c] if c else uk for c, uk in zip(links, name_uk, strict=True)]
    names = [romanize_uk(uk) if uk else g for uk, g in zip(name_uk, names_geonames, strict=True)]
    places = pd.DataFrame(
        {
            "place_id": pd.array(ids, dtype="int64"),
            "name": names,
            "name_uk": name_uk,
            "name_geonames": names_geonames,
            "region": region,
            "region_name": [region_names[r] for r in region],
            "region_geonames": region,
            "kind": kind,
            "admin1": raw["admin1_code"].tolist(),
            "feature_code": raw["feature_code"].tolist(),
            "population": raw["population"].astype("int64"),
            "lon": places["lon"],
            "lat": places["lat"],
            "katottg": links,
        }
    )
    own = list(zip(names, names_geonames, name_uk, strict=True))
    place, name_col, key_col, tier_col, _ = build_names(own, alternates)
    index = pd.DataFrame(
        {
            "place": pd.array(place, dtype="int32"),
            "name": name_col,
            "key": key_col,
            "tier": pd.array(tier_col, dtype="int8"),
        }
    )
    return _Built(places=places, names=index, report=report)


def _write(frame: pd.DataFrame, path: Path, source: str) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(frame, preserve_index=False)
    table = table.replace_schema_metadata({b"source": source.encode()})
    atomic_write(path, lambda p: pq.write_table(table, p, compression="zstd"))


def fetch_places(
    *,
    base_url: str = DEFAULT_BASE_URL,
    cache_dir: str | os.PathLike[str] | None = None,
    timeout: float = 120.0,
    retries: int = 3,
) -> GazetteerInfo:
    """Download GeoNames' full list of Ukraine's places and use it as the gazetteer.

    Parameters
    ----------
    base_url : str, default "https://download.geonames.org"
        The file fetched is ``<base_url>/export/dump/UA.zip``.
    cache_dir : path, optional
        Root of the cache (default: ``FRONTLINE_CACHE_DIR`` or the user cache directory), the
        same as :func:`frontline.fetch_deepstate`'s. Later sessions find the full gazetteer
        there; with another folder, set ``FRONTLINE_CACHE_DIR`` to it.
    timeout : float, default 120
        Seconds for the whole download (one attempt).
    retries : int, default 3
        Further attempts after a network error, HTTP 429 or 5xx, or a download that is not
        a GeoNames zip (backoff 0.5 s, 1 s, 2 s ...).

    Returns
    -------
    GazetteerInfo
        The gazetteer now in use (:func:`frontline.gazetteer_info`): how many places, and how
        many are linked to the codifier's settlements. Credit GeoNames (CC BY 4.0).

    Raises
    ------
    FetchError
        GeoNames cannot be reached, or did not send a zip with ``UA.txt``; the gazetteer in
        use is left as it was.
    ValueError
        ``UA.txt`` is not in GeoNames' format (the message names line, field and value).

    Examples
    --------
    >>> import frontline as fl
    >>> info = fl.fetch_places()  # doctest: +SKIP
    >>> fl.find_place("Роботине")["katottg"]  # doctest: +SKIP
    'UA23100270150025192'
    """
    base = check_options(base_url, timeout, retries)
    folder = cache_folder(cache_dir) / "places"
    url = f"{base}/export/dump/UA.zip"
    path = download(
        url,
        folder / "UA.zip",
        check=_check_zip,
        timeout=timeout,
        retries=retries,
        accept="application/zip",
        offline_hint=" (the built-in gazetteer goes on working without it)",
    )
    with zipfile.ZipFile(path) as archive:
        data = archive.read(_MEMBER)
    built = _build(parse_geonames(data, source=f"{path}:{_MEMBER}"))
    source = f"GeoNames UA.zip from {url} ({CREDIT}); {built.report.summary()}"
    _write(built.names, folder / FULL_NAMES, source)
    _write(built.places, folder / FULL_PLACES, source)
    use_folder(cache_dir)
    return gazetteer_info()
