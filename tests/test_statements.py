"""Statements to claims: the written corpus, the schema mapping, rules as data, files, bad input."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import frontline as fl
from frontline._errors import StatementRulesError
from frontline.statements import (
    EXTRA_COLUMNS,
    StatementClaims,
    claims_from_statements,
    claims_from_text,
    load_rules,
)

CORPUS = Path(__file__).parent / "data" / "statements" / "corpus.toml"
CASES = tomllib.loads(CORPUS.read_text("utf-8"))["case"]
DAY = "2025-08-26"
MOD = "Russian Ministry of Defence"
GS = "General Staff of the Armed Forces of Ukraine"


def _rows(result: StatementClaims) -> list[list[str]]:
    return [
        [
            row.statement_style,
            row.kind,
            (row.place or "") if pd.isna(row.unresolved) else "?",
            row.region or "",
        ]
        for row in result.claims.itertuples()
    ]


def test_corpus_size_per_language() -> None:
    langs = [c["id"].split("-")[0] for c in CASES]
    assert len(CASES) >= 30
    for lang in ("en", "ru", "uk"):
        assert langs.count(lang) >= 10
    styles = {e[0] for c in CASES for e in c["expect"]}
    assert styles == {"capture", "recapture", "advance", "entry", "denial"}


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_corpus(case: dict) -> None:
    result = claims_from_text(case["text"], claimant=case["claimant"], date=DAY)
    assert _rows(result) == case["expect"]
    claims = result.claims
    # the sentence is the quote, every claim of a statement has its own id
    assert (claims["quote"] == case["text"]).all()
    assert claims["claim_id"].is_unique
    unresolved = result.unresolved
    assert unresolved.geometry.isna().all()
    assert (unresolved["precision"] == "none").all()
    if "why" in case:
        assert len(unresolved)
        assert all(case["why"] in reason for reason in unresolved["unresolved"])
    resolved = result.resolved
    assert resolved.geometry.notna().all()
    if not case["expect"]:
        assert len(result) == 0
        assert result.notes
        assert "no recognisable claim" in result.notes[0]


def test_resolved_point_is_the_gazetteer_place() -> None:
    result = claims_from_text(
        "Подразделения группировки войск «Центр» освободили населённый пункт Новопавловка "
        "Днепропетровской области.",
        claimant=MOD,
        date=DAY,
        source_url="https://example.org/mod",
    )
    place = fl.find_place("Novopavlovka", region="Dnipropetrovsk")
    row = result.claims.iloc[0]
    assert row.geometry.equals(place["geometry"])
    assert row["precision"] == "settlement"
    assert row["side"] == "RU"
    assert row["status"] == "claimed"
    assert row["source_name"] == MOD
    assert row["source_url"] == "https://example.org/mod"
    assert row["name_as_written"] == "Новопавловка"
    assert row["language"] == "ru"
    assert str(row["date"].date()) == DAY
    assert list(result.claims.columns[-len(EXTRA_COLUMNS) :]) == list(EXTRA_COLUMNS)


def test_ambiguous_never_takes_a_namesake() -> None:
    result = claims_from_text("Russian forces liberated Novopavlivka.", claimant=MOD, date=DAY)
    row = result.claims.iloc[0]
    assert row.geometry is None
    assert "ambiguous between" in row["unresolved"]
    assert "Dnipropetrovsk Oblast" in row["unresolved"]
    assert "Mykolaiv Oblast" in row["unresolved"]
    assert "names no region" in row["unresolved"]


def test_denial_is_a_response_per_the_schema() -> None:
    result = claims_from_text(
        "Інформація про захоплення Куп'янська не відповідає дійсності.", claimant=GS, date=DAY
    )
    row = result.claims.iloc[0]
    assert row["side"] == "RU"
    assert row["claimant"] == "Russian side (unattributed)"
    assert row["status"] == "denied"
    (response,) = row["responses"]
    assert response["stance"] == "denies"
    assert response["by"] == GS
    assert response["side"] == "UA"
    assert response["date"] == DAY
    # a third party's denial refutes
    third = claims_from_text(
        "Information about the capture of Kupiansk is not true.",
        claimant="Some OSINT project",
        side="third party",
        date=DAY,
    )
    assert third.claims["status"].iloc[0] == "refuted"


def test_loss_reported_by_a_belligerent_is_a_withdrawal() -> None:
    result = claims_from_text("The enemy occupied Vuhledar.", claimant=GS, date=DAY)
    row = result.claims.iloc[0]
    assert (row["side"], row["kind"], row["actor"]) == ("UA", "withdrawal", "RU")


def test_entry_is_a_region_claim_with_the_region_polygon() -> None:
    result = claims_from_text(
        "Units of the Centre group of forces entered Dnipropetrovsk region.", claimant=MOD, date=DAY
    )
    row = result.claims.iloc[0]
    assert row["precision"] == "region"
    assert row["region"] == "UA-12"
    assert row.geometry.geom_type in ("Polygon", "MultiPolygon")
    assert row.geometry.contains(fl.find_place("Novopavlovka", region="UA-12")["geometry"])


def test_several_statements_and_duplicates() -> None:
    text = (
        "Russian troops advanced near Pokrovsk. Russian troops advanced near Pokrovsk.\n\n"
        "Units liberated the settlement of Kurakhove in the DPR."
    )
    result = claims_from_text(text, claimant=MOD, date=DAY)
    assert result.claims["place"].tolist() == ["Pokrovsk", "Kurakhove"]
    assert "resolved: capture Kurakhove -> Kurakhove (UA-14) [capture]" in result.report()


def test_language_can_be_given_and_must_have_rules() -> None:
    result = claims_from_text(
        "Ворог окупував Торецьк.", claimant="DeepStateMap", date=DAY, language="uk"
    )
    assert result.claims["place"].tolist() == ["Toretsk"]
    with pytest.raises(StatementRulesError, match="no statement rules for language 'de'"):
        claims_from_text("x", claimant=MOD, date=DAY, language="de")


def test_bad_arguments_are_named() -> None:
    with pytest.raises(ValueError, match="text must be a string"):
        claims_from_text(None, claimant=MOD, date=DAY)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="claimant must be a non-empty string"):
        claims_from_text("x", claimant=" ", date=DAY)
    with pytest.raises(ValueError, match="date"):
        claims_from_text("x", claimant=MOD, date="26/08/2025")
    with pytest.raises(ValueError, match="say which side speaks"):
        claims_from_text("x", claimant="A channel", date=DAY)


def test_empty_result_has_the_claims_columns() -> None:
    result = claims_from_text("", claimant=MOD, date=DAY)
    assert len(result) == 0
    assert len(result.unresolved) == 0
    assert list(result.claims.columns) == [*fl.CLAIM_COLUMNS, *EXTRA_COLUMNS]
    assert result.report().startswith("note: no recognisable claim")


# ------------------------------------------------------------------------------------ rules


def test_user_rules_extend_the_builtin_ones(tmp_path: Path) -> None:
    text = "Units cleared Kurakhove in the DPR."
    assert len(claims_from_text(text, claimant=MOD, date=DAY)) == 0
    rules_file = tmp_path / "mine.toml"
    rules_file.write_text(
        'language = "en"\n[[trigger]]\nstyle = "capture"\npatterns = [\'\\bcleared\\b\']\n',
        encoding="utf-8",
    )
    rules = load_rules(rules_file)
    result = claims_from_text(text, claimant=MOD, date=DAY, rules=rules)
    assert result.claims["place"].tolist() == ["Kurakhove"]


def test_user_region_names(tmp_path: Path) -> None:
    rules = load_rules(
        {"region": [{"code": "UA-14", "patterns": [r"\bDonbas\s+front\b"]}]},
    )
    result = claims_from_text(
        "Units liberated Kostiantynivka on the Donbas front.", claimant=MOD, date=DAY, rules=rules
    )
    assert result.claims["place"].tolist() == ["Kostiantynivka"]
    assert result.claims["region"].tolist() == ["UA-14"]
    # without the region the name is ambiguous
    plain = claims_from_text("Units liberated Novoselivka.", claimant=MOD, date=DAY)
    assert "ambiguous between" in plain.claims["unresolved"].iloc[0]


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ({"language": "en", "trigger": [{"style": "won", "patterns": ["x"]}]}, "style 'won'"),
        ({"language": "en", "trigger": [{"style": "capture", "patterns": ["("]}]}, "not a valid"),
        ({"language": "en", "trigger": [{"style": "capture", "patterns": "x"}]}, "list of str"),
        ({"language": "english"}, "two- or three-letter"),
        ({"language": "en", "actors": {"friend": ["x"]}}, "'friend'"),
        ({"language": "en", "endings": {"rules": [["a"]]}}, "pair"),
        ({"region": [{"code": "Donetsk"}]}, "ISO 3166-2"),
        ({"region": [{"code": "UA-14", "fr": ["Donetsk"]}]}, "neither 'patterns'"),
        ({"nothing": 1}, "needs language"),
    ],
)
def test_bad_rules_are_named(rules: dict, message: str) -> None:
    with pytest.raises(StatementRulesError, match=message):
        load_rules(rules)


def test_bad_rules_files(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("language = ", encoding="utf-8")
    with pytest.raises(StatementRulesError, match=r"broken\.toml.*not valid TOML"):
        load_rules(broken)
    with pytest.raises(StatementRulesError, match="cannot read"):
        load_rules(tmp_path / "absent.toml")


def test_rules_without_builtin() -> None:
    rules = load_rules(
        {"language": "en", "trigger": [{"style": "capture", "patterns": [r"\btook\b"]}]},
        builtin=False,
    )
    assert sorted(rules.languages) == ["en"]
    assert rules.regions == ()
    result = claims_from_text("We took Kurakhove.", claimant=MOD, date=DAY, rules=rules)
    assert result.claims["place"].tolist() == ["Kurakhove"]


# ------------------------------------------------------------------------------------ files


def test_text_file_one_statement_per_paragraph(tmp_path: Path) -> None:
    path = tmp_path / "mod.txt"
    path.write_text(
        "Units liberated the settlement of Kurakhove in the DPR.\n\n"
        "Подразделения освободили Андреевку.\n\nGood evening.\n",
        encoding="utf-8",
    )
    result = claims_from_statements(path, claimant=MOD, date=DAY)
    assert len(result) == 2
    assert result.resolved["place"].tolist() == ["Kurakhove"]
    assert len(result.unresolved) == 1
    assert any("paragraph 3" in n and "no recognisable claim" in n for n in result.notes)
    with pytest.raises(ValueError, match="needs claimant= and date="):
        claims_from_statements(path)


def test_csv_file(tmp_path: Path) -> None:
    path = tmp_path / "statements.csv"
    path.write_text(
        "date,claimant,text,source_url\n"
        f'2025-08-25,{MOD},"Units liberated the settlement of Kurakhove in the DPR.",\n'
        f'2025-08-26,{GS},"Ворог окупував Торецьк.",https://example.org/gs\n'
        '2025-08-26,,"Russian troops advanced near Pokrovsk.",\n',
        encoding="utf-8",
    )
    result = claims_from_statements(path, claimant=MOD)
    claims = result.claims
    assert claims["place"].tolist() == ["Kurakhove", "Toretsk", "Pokrovsk"]
    assert claims["claimant"].tolist() == [MOD, GS, MOD]
    assert claims["kind"].tolist() == ["capture", "withdrawal", "advance"]
    assert [str(d.date()) for d in claims["date"]] == ["2025-08-25", DAY, DAY]
    assert claims["source_url"].iloc[1] == "https://example.org/gs"
    assert claims["claim_id"].is_unique


def test_csv_file_problems_name_the_row(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "date,claimant,text\n2025-08-26,,Units liberated Kurakhove.\n", encoding="utf-8"
    )
    with pytest.raises(ValueError, match=r"bad.csv, row 2: field 'claimant' is empty"):
        claims_from_statements(path)
    path.write_text("date,claimant,text\n26/08/2025,x,t\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.csv, row 2: .*date"):
        claims_from_statements(path, side="RU")
    path.write_text("when,who\n", encoding="utf-8")
    with pytest.raises(ValueError, match="needs the columns"):
        claims_from_statements(path)
    with pytest.raises(FileNotFoundError):
        claims_from_statements(tmp_path / "absent.csv")


def test_file_without_claims(tmp_path: Path) -> None:
    path = tmp_path / "quiet.txt"
    path.write_text("Nothing happened.\n", encoding="utf-8")
    result = claims_from_statements(path, claimant=MOD, date=DAY)
    assert len(result) == 0
    assert len(result.notes) == 1


# ------------------------------------------------------------------------------- any text

_WORDS = ["освободили ", "н.п. ", "liberated ", "Donetsk region", "ДНР", "Покровск", "the enemy "]
_ALPHABET = st.sampled_from([*"abcXYZ АБВабвіїєґ'’.,;:!?-—«»\"()\n ", *_WORDS])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_any_text_never_raises(text: str) -> None:
    result = claims_from_text(text, claimant=MOD, date=DAY)
    assert isinstance(result, StatementClaims)
    assert len(result) > 0 or result.notes


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=120))
def test_arbitrary_unicode_never_raises(text: str) -> None:
    result = claims_from_text(text, claimant=GS, date=DAY)
    assert isinstance(result, StatementClaims)
