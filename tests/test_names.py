"""Name matching beyond Cyrillic: letters without a decomposition are folded (anyascii)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import frontline as fl
from frontline._names import fold, key


@pytest.mark.parametrize(
    ("spelling", "plain"),
    [
        ("Łubny", "Lubny"),
        ("Łuhańsk", "Luhansk"),
        ("Mariupoł", "Mariupol"),
        ("Brøvary", "Brovary"),
        ("Großdorf", "Grossdorf"),
        ("Kırım", "Kirim"),
        ("Ĳzendijke", "IJzendijke"),
    ],
)
def test_letters_without_decomposition_fold_to_latin(spelling: str, plain: str) -> None:
    assert fold(spelling) == fold(plain)
    assert key(spelling) == key(plain)


def test_cyrillic_keeps_the_ukrainian_table() -> None:
    # anyascii would write г as g; the Ukrainian table writes h
    assert fold("Гуляйполе") == "huliaipole"
    assert fold("Харків") == "kharkiv"


def test_polish_spelling_finds_the_place() -> None:
    place = fl.find_place("Łubny")
    assert place["name"] == "Lubny"
    assert place["region"] == fl.find_place("Lubny")["region"]


def test_polish_spelling_finds_the_region() -> None:
    assert fl.region("Łuhańsk")["name"] == "Luhansk Oblast"
    assert fl.region("ŁUHAŃSK")["code"] == fl.region("Luhansk")["code"]


@given(st.text(max_size=40))
def test_fold_is_lowercase_ascii_alphanumeric(text: str) -> None:
    folded = fold(text)
    assert folded.isascii()
    assert folded == "".join(ch for ch in folded if ch.isalnum()).lower()


@pytest.mark.parametrize("text", ["東京", "Αθήνα", "!!!"])
def test_other_scripts_are_not_transliterated(text: str) -> None:
    # only Latin letters are folded: a name in another script has no key, and says so
    assert fold(text) == ""
