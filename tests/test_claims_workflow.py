"""Statements -> claims -> scorecard -> maps: date bounds, the command line, the chart, the maps.

Everything here runs on the data shipped with the package, except the history map's
catch-up test, which reads a few real DeepState days (skipped without ../shared).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure

import frontline as fl
from frontline import cli
from frontline.claims._values import EARLIEST_CLAIM_DAY, latest_claim_day, parse_claim_day

MOD = "Russian Ministry of Defence"
RECORD = {
    "claimant": MOD,
    "side": "RU",
    "kind": "capture",
    "summary": "says a village was taken",
    "source_name": "test",
    "lat": 48.1,
    "lon": 37.3,
}


# ------------------------------------------------------------------------------ date bounds


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dates(dt.date(1900, 1, 1), dt.date(2013, 12, 31)))
def test_days_before_2014_are_refused(day: dt.date) -> None:
    with pytest.raises(fl.ClaimsValidationError, match=r"field 'date'.*before 2014-01-01"):
        fl.claims_from_records([{**RECORD, "date": day.isoformat()}])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(2, 3000))
def test_days_in_the_future_are_refused(ahead: int) -> None:
    day = (latest_claim_day() + pd.Timedelta(days=ahead - 1)).date()
    with pytest.raises(fl.ClaimsValidationError, match=r"field 'date'.*is in the future"):
        fl.claims_from_records([{**RECORD, "date": day.isoformat()}])


@settings(max_examples=40, deadline=None)
@given(st.dates(dt.date(2014, 1, 1), dt.date.today()))
def test_days_from_2014_to_today_are_read(day: dt.date) -> None:
    assert parse_claim_day(day.isoformat()) == pd.Timestamp(day)


def test_bounds_apply_to_sources_and_responses_too() -> None:
    assert parse_claim_day(EARLIEST_CLAIM_DAY) == EARLIEST_CLAIM_DAY
    with pytest.raises(fl.ClaimsValidationError, match="source_date"):
        fl.claims_from_records([{**RECORD, "date": "2025-06-08", "source_date": "2013-12-31"}])
    responses = [{"date": "2099-01-01", "by": "ISW", "stance": "denies"}]
    with pytest.raises(fl.ClaimsValidationError, match=r"responses\[0\]\.date.*future"):
        fl.claims_from_records([{**RECORD, "date": "2025-06-08", "responses": responses}])


# ----------------------------------------------------------------------------- command line


def test_cli_add_refuses_a_future_date(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    target = tmp_path / "c.gpkg"
    code = cli.main(
        [
            "claims",
            "add",
            str(target),
            "--date",
            "2030-01-01",
            "--claimant",
            MOD,
            "--kind",
            "capture",
            "--summary",
            "s",
            "--source-name",
            "n",
        ]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert "field 'date', value '2030-01-01'" in err
    assert "is in the future" in err
    assert not target.exists()


def test_cli_import_prints_resolved_and_unresolved(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    statements = tmp_path / "mod.txt"
    statements.write_text(
        "Units of the Centre group liberated the settlement of Kurakhove in the Donetsk "
        "People's Republic.\n\nRussian forces captured Novoselivka.\n\nGood evening.\n",
        encoding="utf-8",
    )
    out = tmp_path / "claims.gpkg"
    code = cli.main(
        [
            "claims",
            "import",
            str(statements),
            "--claimant",
            MOD,
            "--date",
            "2024-12-20",
            "-o",
            str(out),
        ]
    )
    text = capsys.readouterr().out
    assert code == 0
    assert "resolved: capture Kurakhove -> Kurakhove (UA-14) [capture]" in text
    assert re.search(r"unresolved: capture Novoselivka: 'Novoselivka' is ambiguous", text)
    assert "paragraph 3: no recognisable claim" in text
    assert "2 claims written (1 resolved, 1 unresolved)" in text
    written = fl.read_claims(out)
    assert sorted(written["place"]) == ["Kurakhove", "Novoselivka"]
    assert written.geometry.isna().sum() == 1


def test_cli_import_csv(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    statements = tmp_path / "s.csv"
    statements.write_text(
        "date,claimant,text\n"
        f"2024-12-20,{MOD},Units liberated the settlement of Kurakhove in the DPR.\n",
        encoding="utf-8",
    )
    out = tmp_path / "claims.geojson"
    assert cli.main(["claims", "import", str(statements), "-o", str(out)]) == 0
    assert "1 claims written (1 resolved, 0 unresolved)" in capsys.readouterr().out
    assert fl.read_claims(out)["date"].iloc[0] == pd.Timestamp("2024-12-20")


def test_cli_import_without_claims_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    statements = tmp_path / "none.txt"
    statements.write_text("Good evening. The weather is fine.\n", encoding="utf-8")
    out = tmp_path / "claims.gpkg"
    code = cli.main(
        [
            "claims",
            "import",
            str(statements),
            "--claimant",
            MOD,
            "--date",
            "2025-06-08",
            "-o",
            str(out),
        ]
    )
    text = capsys.readouterr().out
    assert code == 0
    assert "no recognisable claim in the statement" in text
    assert "nothing written" in text
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "2030-01-01", "-o", "x.gpkg"], "is in the future"),
        (["--date", "2025-06-08"], "-o/--output"),
        (["--date", "08/06/2025", "-o", "x.gpkg"], "ambiguous date"),
        (["--date", "2025-06-08", "-o", "x.txt"], "unsupported claims file type"),
    ],
)
def test_cli_import_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture, args: list[str], message: str
) -> None:
    statements = tmp_path / "mod.txt"
    statements.write_text("Units liberated Kurakhove in the DPR.\n", encoding="utf-8")
    args = [a if a != "x.gpkg" and a != "x.txt" else str(tmp_path / a) for a in args]
    code = cli.main(["claims", "import", str(statements), "--claimant", MOD, *args])
    assert code == 1
    assert message in capsys.readouterr().err


def test_cli_score_on_the_built_in_day(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "c.geojson"
    fl.write_claims(fl.example_claims("2025-06-08"), path)
    assert cli.main(["claims", "score", str(path), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    card = fl.scorecard(fl.example_control(), fl.example_claims("2025-06-08"))
    assert [r["claimant"] for r in rows] == card["claimant"].tolist()
    assert [r["borne_out"] for r in rows] == card["borne_out"].tolist()
    assert cli.main(["claims", "score", str(path), "--group-by", "side"]) == 1
    assert "--group-by 'side'" in capsys.readouterr().err


# ------------------------------------------------------------------------- chart and maps


def test_plot_scorecard() -> None:
    card = fl.scorecard(fl.example_control(), fl.example_claims("2025-06-08"))
    fig = fl.plot_scorecard(card, title="T")
    assert isinstance(fig, Figure)
    share, _lag = fig.axes
    assert next(t.get_text() for t in share.get_yticklabels()) == card["claimant"].iloc[0]
    texts = " ".join(t.get_text() for t in fig.texts)
    assert "Assessment: DeepStateMap, 2025-06-08 to 2025-06-08" in texts
    assert fig._suptitle is not None
    assert fig._suptitle.get_text() == "T"
    with pytest.raises(ValueError, match="lacks the scorecard column"):
        fl.plot_scorecard(pd.DataFrame({"claims": [1]}))
    with pytest.raises(ValueError, match="no rows"):
        fl.plot_scorecard(card.iloc[:0])


def test_day_map_scorecard_panel_escapes_claimants() -> None:
    claims = fl.example_claims("2025-06-08")
    claims.loc[0, "claimant"] = "<script>alert(1)</script>"
    history = fl.example_control()
    m = fl.map_day("2025-06-08", history=history, claims=claims, tiles=None, regions=False)
    html = m.get_root().render()
    assert "Scorecard" in html
    assert "Median lag" in html
    assert "<script>alert(1)" not in html
    plain = fl.map_day(
        "2025-06-08", history=history, claims=claims, tiles=None, regions=False, score_days=None
    )
    assert "Median lag" not in plain.get_root().render()


def _features(m: object) -> list[dict]:
    html = m.get_root().render()  # type: ignore[attr-defined]
    at = html.find('L.timeline({"type":')
    assert at >= 0, "no claims layer in the page"
    data, _ = json.JSONDecoder().raw_decode(html, at + len("L.timeline("))
    return data["features"]


def test_history_map_claim_waits_for_the_assessment(daily_dir: Path) -> None:
    files = sorted(daily_dir.glob("*.geojson"))
    history = fl.read_deepstate(files[-20:], duplicates="last")
    places = fl.places(region="UA-14")
    places = places[places["population"] >= 500]
    changes = fl.control_changes(fl.settlement_control(history, places=places))
    fell = changes[~changes["occupied_at_start"] & changes["first_occupied"].notna()]
    fell = fell[fell["first_occupied"] > history.start + pd.Timedelta(days=3)]
    if fell.empty:
        pytest.skip("no settlement changed hands in the last 20 days of the data")
    row = fell.iloc[0]
    point = places.set_index("place_id").loc[row["place_id"], "geometry"]
    claim_day = row["first_occupied"] - pd.Timedelta(days=3)
    claims = fl.claims_from_records(
        [{**RECORD, "claim_id": "early", "date": claim_day, "lat": point.y, "lon": point.x}]
    )
    m = fl.map_history(history, claims=claims, tiles=None, regions=False, claim_days=5)
    features = _features(m)
    assert [f["properties"]["st"] for f in features] == ["claimed|waiting", "claimed"]
    day = pd.Timestamp("1970-01-01")
    starts = [day + pd.Timedelta(days=f["properties"]["s"]) for f in features]
    assert starts == [claim_day, row["first_occupied"]]
    assert (
        f"borne out by the assessment on {row['first_occupied']:%Y-%m-%d}"
        in features[1]["properties"]["tip"]
    )
    plain = _features(
        fl.map_history(
            history, claims=claims, tiles=None, regions=False, claim_days=5, assess_claims=False
        )
    )
    assert [f["properties"]["st"] for f in plain] == ["claimed"]


def test_readme_statements_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    (block,) = [
        b for b in re.findall(r"```python\n(.*?)```", readme, flags=re.S) if "scorecard(" in b
    ]
    monkeypatch.chdir(tmp_path)
    scope: dict = {}
    exec(compile("import frontline as fl\n" + block, "README.md", "exec"), scope)
    assert scope["found"].claims["place"].tolist() == ["Kurakhove", "Novoselivka"]
    assert isinstance(scope["fig"], Figure)
