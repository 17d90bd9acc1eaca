"""The command line: error paths as subprocesses, output formats, round trips, the demo.

Everything here runs without ../shared (the inputs are made from the data shipped with the
package), except the fetch round trip, which serves the real raw samples from a local server.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import frontline as fl
from frontline import cli
from frontline._resources import data_file
from frontline.cli import _common, _output

COMMANDS = (
    "demo",
    "share",
    "timeline",
    "front",
    "report",
    "map",
    "history",
    "claims",
    "place",
    "region",
    "fetch",
)


# --- inputs made from the shipped data ----------------------------------------------------------


@pytest.fixture(scope="session")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Good, corrupt and empty inputs, made once: no ../shared needed."""
    root = tmp_path_factory.mktemp("cli-inputs")
    snapshot = data_file("deepstate", "2025-06-08.geojson").read_bytes()
    good = root / "good"
    good.mkdir()
    (good / "deepstatemap_data_20250608.geojson").write_bytes(snapshot)
    gap = root / "gap"  # two days with a missing day between them
    gap.mkdir()
    (gap / "deepstatemap_data_20250608.geojson").write_bytes(snapshot)
    (gap / "deepstatemap_data_20250610.geojson").write_bytes(snapshot)
    corrupt = root / "corrupt"
    corrupt.mkdir()
    (corrupt / "deepstatemap_data_20250608.geojson").write_bytes(snapshot[: len(snapshot) // 3])
    claims = root / "claims.geojson"
    fl.write_claims(fl.example_claims("2025-06-08"), claims)
    corrupt_claims = root / "corrupt_claims.geojson"
    corrupt_claims.write_bytes(claims.read_bytes()[:400])
    empty = root / "empty.geojson"
    empty.write_bytes(b"")
    return {
        "good": good,
        "gap": gap,
        "corrupt": corrupt,
        "corrupt_file": corrupt / "deepstatemap_data_20250608.geojson",
        "claims": claims,
        "corrupt_claims": corrupt_claims,
        "empty": empty,
    }


def _fill(args: list[str], inputs: dict[str, Path]) -> list[str]:
    return [str(inputs[a[1:-1]]) if a.startswith("{") and a.endswith("}") else a for a in args]


def _run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "MPLBACKEND": "Agg", **env}
    return subprocess.run(
        [sys.executable, "-m", "frontline.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env=environment,
    )


def _new_claim(**changes: str) -> list[str]:
    fields = {
        "date": "2025-06-09",
        "claimant": "Russian Ministry of Defence",
        "side": "RU",
        "kind": "capture",
        "summary": "Says a village was taken",
        "place": "Novopavlivka",
        "region": "Dnipropetrovsk",
        "source-name": "a news agency",
        **changes,
    }
    return [x for k, v in fields.items() for x in (f"--{k}", v)]


# --- bad input: exit 1, one line naming the problem, nothing written ----------------------------

BAD_INPUT = [
    # id, arguments, a fragment the error line must contain, outputs that must not exist
    ("share-dmy-date", ["share", "--date", "08/06/2025"], "08/06/2025", []),
    ("share-month-13", ["share", "--date", "2025-13-01"], "2025-13-01", []),
    ("share-missing-source", ["share", "--date", "2025-06-08", "--source", "nope"], "nope", []),
    (
        "share-corrupt-geojson",
        ["share", "--date", "2025-06-08", "--source", "{corrupt}"],
        "deepstatemap_data_20250608.geojson: not GeoJSON",
        [],
    ),
    (
        "timeline-corrupt-geojson",
        ["timeline", "--source", "{corrupt}", "--out", "t.csv"],
        "not GeoJSON",
        ["t.csv"],
    ),
    (
        "timeline-missing-source",
        ["timeline", "--source", "nope", "--out", "t.csv"],
        "nope",
        ["t.csv"],
    ),
    (
        "timeline-dmy-date",
        ["timeline", "--source", "{good}", "--start", "08/06/2025", "--out", "t.csv"],
        "08/06/2025",
        ["t.csv"],
    ),
    ("map-month-13", ["map", "--date", "2025-13-01", "-o", "m.html"], "2025-13-01", ["m.html"]),
    (
        "map-empty-claims",
        ["map", "--date", "2025-06-08", "--claims", "{empty}", "-o", "m.html"],
        "empty",
        ["m.html"],
    ),
    (
        "map-corrupt-claims",
        ["map", "--date", "2025-06-08", "--claims", "{corrupt_claims}", "-o", "m.html"],
        "not valid JSON",
        ["m.html"],
    ),
    (
        "map-corrupt-geojson",
        ["map", "--date", "2025-06-08", "--source", "{corrupt_file}", "-o", "m.html"],
        "not GeoJSON",
        ["m.html"],
    ),
    (
        "map-unknown-place",
        ["map", "--date", "2025-06-08", "--rings", "Xyzzyville", "-o", "m.html"],
        "Xyzzyville",
        ["m.html"],
    ),
    (
        "map-missing-claims",
        ["map", "--date", "2025-06-08", "--claims", "nope.gpkg", "-o", "m.html"],
        "nope.gpkg",
        ["m.html"],
    ),
    (
        "history-corrupt-geojson",
        ["history", "--source", "{corrupt}", "-o", "h.html"],
        "not GeoJSON",
        ["h.html"],
    ),
    (
        "history-dmy-date",
        ["history", "--source", "{good}", "--end", "08/06/2025", "-o", "h.html"],
        "08/06/2025",
        ["h.html"],
    ),
    (
        "history-empty-claims",
        ["history", "--source", "{good}", "--claims", "{empty}", "-o", "h.html"],
        "empty",
        ["h.html"],
    ),
    ("claims-list-missing", ["claims", "list", "nope.gpkg"], "nope.gpkg", []),
    ("claims-check-empty", ["claims", "check", "{empty}"], "empty", []),
    ("claims-check-corrupt", ["claims", "check", "{corrupt_claims}"], "not valid JSON", []),
    (
        "claims-add-dmy-date",
        ["claims", "add", "new.gpkg", *_new_claim(date="08/06/2025")],
        "08/06/2025",
        ["new.gpkg"],
    ),
    (
        "claims-add-unknown-region",
        ["claims", "add", "new.gpkg", *_new_claim(region="Narnia")],
        "Narnia",
        ["new.gpkg"],
    ),
    (
        "claims-add-unknown-place",
        ["claims", "add", "new.geojson", *_new_claim(place="Xyzzyville")],
        "Xyzzyville",
        ["new.geojson"],
    ),
    ("claims-add-to-empty-file", ["claims", "add", "{empty}", *_new_claim()], "empty", []),
    ("place-unknown", ["place", "Xyzzyville"], "Xyzzyville", []),
    ("place-unknown-region", ["place", "Pokrovsk", "--region", "Narnia"], "Narnia", []),
    ("region-unknown", ["region", "Narnia"], "Narnia", []),
    (
        "region-neighbors-month-13",
        ["region", "Dnipro", "--neighbors", "--date", "2025-13-01"],
        "2025-13-01",
        [],
    ),
    ("fetch-dmy-date", ["fetch", "--date", "08/06/2025", "-o", "f.geojson"], "08/06/2025", []),
    ("demo-out-dir-is-a-file", ["demo", "--out-dir", "{empty}"], "not a folder", []),
]


@pytest.mark.parametrize(
    ("args", "fragment", "outputs"),
    [pytest.param(*case[1:], id=case[0]) for case in BAD_INPUT],
)
def test_bad_input_is_one_line_exit_1_and_writes_nothing(
    args: list[str], fragment: str, outputs: list[str], inputs: dict[str, Path], tmp_path: Path
) -> None:
    result = _run(_fill(args, inputs), tmp_path)
    assert result.returncode == 1, result.stderr
    # the error is one line; stage lines of long commands ("frontline map: reading ...") may
    # come before it, and are progress, not part of the error
    lines = [
        line
        for line in result.stderr.strip().splitlines()
        if not re.match(r"frontline \w+: (?!error: )", line)
    ]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"frontline {args[0]}: error: ")
    assert fragment in lines[0]
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    for name in outputs:
        assert not (tmp_path / name).exists()
    assert list(tmp_path.iterdir()) == []  # no temporary files left behind either
    assert inputs["empty"].stat().st_size == 0  # an input is never changed by a failure


def test_fetch_unreachable_server_writes_nothing(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    args = ["fetch", "--base-url", "http://127.0.0.1:9", "--retries", "0", "--timeout", "5"]
    result = _run(
        [*args, "--cache-dir", str(cache), "-o", "f.geojson"], tmp_path, no_proxy="*", NO_PROXY="*"
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("frontline fetch: error: could not fetch http://127.0.0.1:9")
    assert not (tmp_path / "f.geojson").exists()


# --- usage errors: exit 2 ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        pytest.param([], id="no-command"),
        pytest.param(["nosuch"], id="unknown-command"),
        pytest.param(["share"], id="missing-date"),
        pytest.param(["share", "--date", "2025-06-08", "--by", "oblast"], id="bad-choice"),
        pytest.param(["claims", "frob", "x.gpkg"], id="bad-action"),
        pytest.param(["place"], id="missing-name"),
    ],
)
def test_usage_errors_exit_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        cli.main(args)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "usage error" in err
    assert "Traceback" not in err


def test_usage_error_as_a_subprocess(tmp_path: Path) -> None:
    result = _run(["share", "--by", "region"], tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "frontline share: usage error: the following arguments are required: --date "
        "(see frontline share --help)"
    ]


# --- help, debug, the console script -------------------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_examples(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stop:
        cli.main([command, "--help"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    examples = out.split("examples:", 1)[1]
    assert f"frontline {command}" in examples


def test_console_script_help(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("frontline")
    if not script.exists():
        pytest.skip(f"the console script is not installed next to {sys.executable}")
    result = subprocess.run(
        [str(script), "--help"], capture_output=True, text=True, cwd=tmp_path, timeout=60
    )
    assert result.returncode == 0
    for command in COMMANDS:
        assert command in result.stdout
    assert "Exit codes" in result.stdout


@pytest.mark.parametrize("where", ["after", "before"])
def test_debug_shows_the_traceback(where: str, tmp_path: Path) -> None:
    args = ["share", "--date", "08/06/2025"]
    args = [*args, "--debug"] if where == "after" else ["--debug", *args]
    result = _run(args, tmp_path)
    assert result.returncode == 1
    assert "Traceback (most recent call last)" in result.stderr
    assert "ValueError: --date '08/06/2025'" in result.stderr


def test_debug_in_process_raises(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(LookupError, match="Narnia"):
        cli.main(["region", "Narnia", "--debug"])
    assert cli.main(["region", "Narnia"]) == 1
    assert capsys.readouterr().err.count("\n") == 1


def test_unexpected_errors_say_how_to_report_them(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(name: str) -> None:
        raise TypeError("something inside broke")

    monkeypatch.setattr(fl, "region", broken)
    assert cli.main(["region", "Dnipro"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "something inside broke" in err
    assert "--debug" in err


# --- the demo: built-in data only ----------------------------------------------------------------


def test_demo_works_offline_from_an_empty_folder(tmp_path: Path) -> None:
    result = _run(["demo", "--out-dir", "out"], tmp_path)  # no ../shared from here
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "just under one-fifth of the country" in out
    assert "Luhansk Oblast" in out
    assert "all but a sliver" in out
    dnipro = next(line for line in out.splitlines() if line.startswith("  Dnipropetrovsk Oblast"))
    assert " 0 km²" in dnipro
    assert "none" in dnipro
    assert "Russian Ministry of Defence" in out
    assert "denied on 2025-06-08 by Khortytsia group spokesman" in out
    assert "status: denied" in out
    assert "Neighbours of Dnipropetrovsk Oblast partly held (5 of 7)" in out
    assert "Kharkiv Oblast" in out
    assert "Sumy (pop." in out
    assert "km from the nearest ground" in out
    files = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert files == ["day.png", "report.html"]
    assert (tmp_path / "out" / "day.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "Russian Ministry of Defence" in html
    assert "snapshot of 2025-06-08" in html


def test_demo_failure_leaves_no_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(fl, "save_html", fail)
    assert cli.main(["demo", "--out-dir", str(tmp_path)]) == 1
    assert "disk full" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


# --- output formats parse back -------------------------------------------------------------------


def _out(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert cli.main(args) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_share_formats_parse_back(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    text = _out(["share", "--date", "2025-06-08", "--format", fmt], capsys)
    frame = pd.read_csv(io.StringIO(text)) if fmt == "csv" else pd.DataFrame(json.loads(text))
    assert frame["code"].tolist() == ["UA"]
    assert frame["share"].iloc[0] == pytest.approx(0.1877, abs=5e-4)
    assert frame["in_words"].iloc[0] == "just under one-fifth"
    text = _out(["share", "--date", "2025-06-08", "--by", "region", "--format", fmt], capsys)
    frame = pd.read_csv(io.StringIO(text)) if fmt == "csv" else pd.DataFrame(json.loads(text))
    by_code = frame.set_index("code")
    assert len(frame) == 27
    assert by_code.loc["UA-12", "km2"] == 0
    assert by_code.loc["UA-09", "in_words"] == "all but a sliver"


def test_share_table_has_the_footnote(capsys: pytest.CaptureFixture[str]) -> None:
    out = _out(["share", "--date", "2025-06-08"], capsys)
    assert "18.8%" in out
    assert "just under one-fifth" in out
    assert "Source: DeepStateMap, snapshot 2025-06-08" in out


def test_share_outside_the_built_in_day_says_what_to_do(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.main(["share", "--date", "2025-06-09"]) == 1
    err = capsys.readouterr().err
    assert "--source" in err
    assert "frontline fetch" in err


def test_share_reads_only_the_files_a_day_needs(
    inputs: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["share", "--date", "2025-06-09", "--source", str(inputs["gap"])]
    text = _out([*args, "--format", "json"], capsys)
    row = json.loads(text)[0]
    assert row["carried_forward"] is True
    assert row["snapshot_date"].startswith("2025-06-08")
    assert cli.main(["share", "--date", "2025-06-11", "--source", str(inputs["gap"])]) == 1
    assert "outside" in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_place_and_region_formats_parse_back(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    def parse(text: str) -> pd.DataFrame:
        return pd.read_csv(io.StringIO(text)) if fmt == "csv" else pd.DataFrame(json.loads(text))

    args = ["place", "Novopavlivka", "--region", "Dnipropetrovsk", "--format", fmt]
    place = parse(_out(args, capsys))
    assert place["region"].tolist() == ["UA-12"]
    assert place["lat"].iloc[0] == pytest.approx(48.14, abs=0.01)
    region = parse(_out(["region", "Дніпропетровська область", "--format", fmt], capsys))
    assert region["code"].tolist() == ["UA-12"]
    assert region["area_km2_official"].iloc[0] == 31914
    near = parse(_out(["region", "UA-12", "--neighbors", "--format", fmt], capsys))
    assert "UA-14" in near["code"].tolist()
    args = ["region", "Dnipro", "--neighbors", "--date", "2025-06-08", "--format", fmt]
    held = parse(_out(args, capsys))
    assert held.set_index("code").loc["UA-63", "held"]


def test_place_table_is_one_field_a_line(capsys: pytest.CaptureFixture[str]) -> None:
    out = _out(["place", "Купянск"], capsys)
    assert "name          Kupiansk" in out
    assert "matched_by" in out


def test_ambiguous_place_names_the_candidates(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["place", "Novopavlivka"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "Dnipropetrovsk Oblast" in err
    assert "region" in err


@settings(max_examples=40, deadline=None)
@given(
    st.one_of(
        st.text(max_size=24),
        st.dates().map(str),
        st.from_regex(r"\A\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\Z"),
    )
)
def test_any_date_text_gives_a_result_or_one_error_line(text: str) -> None:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["share", f"--date={text}", "--format", "json"])
    if code == 0:
        assert json.loads(out.getvalue())[0]["date"].startswith("2025-06-08")
    else:
        assert code == 1
        assert err.getvalue().count("\n") == 1
        assert err.getvalue().startswith("frontline share: error: ")
        assert "Traceback" not in err.getvalue()


def test_text_from_data_has_no_control_characters() -> None:
    frame = pd.DataFrame({"summary": ["ok \x1b[31mred\x1b[0m"], "n": [1.0]})
    assert "\x1b" not in _output.for_table(frame)["summary"].iloc[0]


# --- claims: add, list, check --------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".gpkg", ".geojson", ".csv"])
def test_claims_round_trip(suffix: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(tmp_path / f"claims{suffix}")
    _out(["claims", "add", path, "--claim-id", "my-1", *_new_claim()], capsys)
    other = _new_claim(
        side="UA",
        claimant="Someone",
        kind="strike",
        summary="A strike",
        place="Sumy",
        region="Sumy",
    )
    _out(["claims", "add", path, *other], capsys)
    response = ["--respond-to", "my-1", "--by", "Khortytsia group", "--stance", "denies"]
    out = _out(["claims", "add", path, *response, "--date", "2025-06-09", "--note", "no"], capsys)
    assert "status is now denied" in out
    rows = json.loads(_out(["claims", "list", path, "--format", "json"], capsys))
    assert next(r["claim_id"] for r in rows) == "my-1"
    assert len(rows) == 2
    first = rows[0]
    assert first["status"] == "denied"
    assert first["region"] == "UA-12"
    assert first["responses"][0]["stance"] == "denies"
    assert first["wkt"].startswith("POINT (36.78")
    table = _out(["claims", "list", path], capsys)
    assert "my-1" in table
    assert "denied" in table
    assert "2 claims, all valid (1 claimed, 1 denied)" in _out(["claims", "check", path], capsys)
    back = fl.read_claims(path)
    assert back.set_index("claim_id").loc["my-1", "status"] == "denied"


def test_claims_add_refuses_a_taken_id_and_keeps_the_file(
    inputs: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "claims.geojson"
    shutil.copy(inputs["claims"], path)
    before = path.read_bytes()
    args = ["claims", "add", str(path), "--claim-id", "ru-mod-2025-06-08-dnipro", *_new_claim()]
    assert cli.main(args) == 1
    assert "already holds a claim 'ru-mod-2025-06-08-dnipro'" in capsys.readouterr().err
    response = ["--respond-to", "nope", "--by", "x", "--stance", "denies", "--date", "2025-06-09"]
    assert cli.main(["claims", "add", str(path), *response]) == 1
    assert "no claim 'nope'" in capsys.readouterr().err
    assert cli.main(["claims", "add", str(path), "--date", "2025-06-09"]) == 1
    assert "--claimant" in capsys.readouterr().err
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["claims.geojson"]


# --- timeline, map, history, fetch -----------------------------------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".json", ".parquet"])
def test_timeline_out(suffix: str, inputs: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / f"timeline{suffix}"
    args = ["timeline", "--source", str(inputs["gap"]), "--by", "region", "--carry"]
    assert cli.main([*args, "--out", str(out), "--quiet"]) == 0
    frame = {
        ".csv": pd.read_csv,
        ".json": lambda p: pd.DataFrame(json.loads(Path(p).read_text(encoding="utf-8"))),
        ".parquet": pd.read_parquet,
    }[suffix](out)
    assert len(frame) == 3 * 27  # 8, 9 (carried forward) and 10 June
    assert frame["carried_forward"].sum() == 27


def test_timeline_failed_write_leaves_nothing(
    inputs: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def half_then_fail(self: pd.DataFrame, path: object, **kwargs: object) -> None:
        Path(str(path)).write_text("date,code\n2025-06-08,", encoding="utf-8")
        raise OSError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_csv", half_then_fail)
    out = tmp_path / "t.csv"
    assert cli.main(["timeline", "--source", str(inputs["good"]), "--out", str(out)]) == 1
    assert list(tmp_path.iterdir()) == []


def test_progress_bars_on_a_terminal_only(
    inputs: dict[str, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["timeline", "--source", str(inputs["gap"]), "--format", "csv"]
    monkeypatch.setattr(_common, "_stderr_is_terminal", lambda: True)
    assert cli.main(args) == 0
    err = capsys.readouterr().err
    assert "DeepState" in err
    assert "file" in err
    assert cli.main([*args, "--quiet"]) == 0
    assert capsys.readouterr().err == ""
    monkeypatch.setattr(_common, "_stderr_is_terminal", lambda: False)
    assert cli.main(args) == 0
    # no progress bars off a terminal: a line per stage, and the provenance line, which CSV
    # cannot carry
    err = capsys.readouterr().err
    assert "\r" not in err
    lines = err.splitlines()
    assert lines[:-1] == [
        f"frontline timeline: reading 2 snapshots from {inputs['gap']}",
        "frontline timeline: measuring 2 snapshots",
    ]
    assert lines[-1].startswith("Source: DeepStateMap")


def test_map_and_history_write_pages(
    inputs: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "map.html"
    args = ["map", "--date", "2025-06-08", "--rings", "Sumy", "--no-tiles", "--offline"]
    assert cli.main([*args, "-o", str(page)]) == 0
    html = page.read_text(encoding="utf-8")
    assert "Assessed control: DeepStateMap" in html
    assert "Russian Ministry of Defence" in html  # the built-in claims of the day
    assert "unpkg.com" not in html
    assert "cdn.jsdelivr.net" not in html
    slider = tmp_path / "history.html"
    args = ["history", "--source", str(inputs["gap"]), "--claims", str(inputs["claims"])]
    assert cli.main([*args, "--stride", "1", "--no-tiles", "-o", str(slider)]) == 0
    assert "2025-06-10" in slider.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["history.html", "map.html"]
    assert "wrote" in capsys.readouterr().err


def test_offline_map_draws_no_tiles_unless_asked(
    inputs: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "map.html"
    base = ["map", "--date", "2025-06-08", "--no-claims", "-o", str(page)]
    assert cli.main([*base, "--offline"]) == 0
    assert "L.tileLayer" not in page.read_text(encoding="utf-8")
    assert cli.main([*base, "--offline", "--tiles", "OpenStreetMap.Mapnik"]) == 0
    assert "tile.openstreetmap.org" in page.read_text(encoding="utf-8")
    assert cli.main(base) == 0  # online pages keep the default base map
    assert "World_Light_Gray_Base" in page.read_text(encoding="utf-8")
    slider = tmp_path / "history.html"
    args = ["history", "--source", str(inputs["gap"]), "--offline", "-o", str(slider)]
    assert cli.main(args) == 0
    assert "L.tileLayer" not in slider.read_text(encoding="utf-8")
    with pytest.raises(SystemExit) as usage:  # --tiles and --no-tiles contradict each other
        cli.main([*base, "--tiles", "OpenStreetMap.Mapnik", "--no-tiles"])
    assert usage.value.code == 2
    capsys.readouterr()


def test_map_history_bad_stride(inputs: dict[str, Path], tmp_path: Path) -> None:
    args = ["history", "--source", str(inputs["good"]), "--stride", "weekly"]
    assert cli.main([*args, "-o", str(tmp_path / "h.html")]) == 1
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def deepstate_server(raw_dir: Path) -> Iterator[str]:
    """DeepStateMap's history API over one real raw edition, on 127.0.0.1."""
    edition = raw_dir / "1749327130.geojson"
    listing = json.dumps([{"id": 1749327130, "createdAt": "2025-06-07T20:12:10.000Z"}]).encode()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            body = {
                "/api/history/public": listing,
                "/api/history/1749327130/geojson": edition.read_bytes(),
            }.get(self.path)
            self.send_response(200 if body else 404)
            self.end_headers()
            self.wfile.write(body or b"not found")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_fetch_copies_the_edition(
    deepstate_server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cache, folder = tmp_path / "cache", tmp_path / "editions"
    folder.mkdir()
    args = ["fetch", "--date", "2025-06-08", "--base-url", deepstate_server]
    args += ["--cache-dir", str(cache), "--retries", "0"]
    assert cli.main([*args, "-o", str(tmp_path / "day.geojson"), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert "occupied" in {r["status"] for r in rows}
    assert cli.main([*args, "-o", str(folder)]) == 0  # a folder: the edition's own name
    copied = folder / "1749327130.geojson"
    assert copied.read_bytes() == (tmp_path / "day.geojson").read_bytes()
    assert len(fl.read_deepstate(copied)) == 1


def test_csv_and_json_keep_the_provenance_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    for fmt in ("csv", "json"):
        assert cli.main(["share", "--date", "2025-06-08", "--format", fmt]) == 0
        captured = capsys.readouterr()
        assert "Source: DeepStateMap, snapshot 2025-06-08" in captured.err
        assert "Source:" not in captured.out


def test_demo_out_dir_under_a_file_fails_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    assert cli.main(["demo", "--out-dir", str(tmp_path / "afile" / "x")]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "is a file, not a folder" in captured.err


def test_a_claims_file_with_no_claims_is_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.geojson"
    empty.write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    for args in (
        ["claims", "list", str(empty)],
        ["claims", "check", str(empty)],
        ["map", "--date", "2025-06-08", "--claims", str(empty), "-o", str(tmp_path / "m.html")],
    ):
        assert cli.main(args) == 1
        assert "holds no claims" in capsys.readouterr().err
    assert not (tmp_path / "m.html").exists()


# --- the layout: a registry of command modules -------------------------------------------------


def test_every_command_is_a_module_in_the_registry(capsys: pytest.CaptureFixture[str]) -> None:
    assert tuple(command.NAME for command in cli.COMMANDS) == COMMANDS
    for command in cli.COMMANDS:
        assert callable(command.add_parser)
        assert callable(command.run)
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    listed = capsys.readouterr().out
    positions = [listed.index(f"    {name} ") for name in COMMANDS]
    assert positions == sorted(positions)  # --help lists them in the registry's order


def test_a_new_command_is_one_module_and_one_registry_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import types

    hello = types.ModuleType("hello")
    hello.NAME = "hello"  # type: ignore[attr-defined]

    def add_parser(subparsers: object) -> object:
        p = _common.new_command(subparsers, "hello", "say hello", "examples:\n  frontline hello")
        p.add_argument("--to", default="world")
        return p

    def run(args: object) -> int:
        print(f"hello {args.to}")  # type: ignore[attr-defined]
        return 0

    hello.add_parser = add_parser  # type: ignore[attr-defined]
    hello.run = run  # type: ignore[attr-defined]
    monkeypatch.setattr(cli, "COMMANDS", (*cli.COMMANDS, hello))
    assert cli.main(["hello", "--to", "Sumy"]) == 0
    assert capsys.readouterr().out == "hello Sumy\n"
    assert cli.main(["hello", "--to", "x", "--quiet", "--debug"]) == 0  # shared options too


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=8) | st.from_regex(r"\s?[0-9]{1,3}[dDwW]?\s?", fullmatch=True))
def test_stride_is_a_count_or_a_period_or_a_clear_error(text: str) -> None:
    import re

    from frontline.cli.history import stride

    if re.fullmatch(r"0*[1-9][0-9]*", text):
        assert stride(text) == int(text)
    elif re.fullmatch(r"\s*[0-9]+[dDwW]\s*", text):
        assert stride(text) == text.strip().upper()
    else:
        with pytest.raises(ValueError, match=rf"^--stride {re.escape(repr(text))}: give "):
            stride(text)


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        pytest.param(["map", "--date", "2025-06-08", "-o", "nofolder/m.html"], "-o: ", id="map"),
        pytest.param(["map", "--date", "2025-06-08", "-o", "m.png"], "unsupported", id="suffix"),
        pytest.param(["timeline", "--source", "{good}", "--out", "x/t.csv"], "--out: ", id="tl"),
        pytest.param(["claims", "add", "x/c.gpkg", *_new_claim()], "claims file: ", id="claims"),
    ],
)
def test_an_unwritable_output_fails_before_any_work_and_names_the_option(
    args: list[str],
    fragment: str,
    inputs: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)

    def no_work(*args: object, **kwargs: object) -> None:
        raise AssertionError("the output should have been checked first")

    for name in ("read_deepstate", "map_day", "claims_from_records"):
        monkeypatch.setattr(fl, name, no_work)
    assert cli.main(_fill(args, inputs)) == 1
    err = capsys.readouterr().err
    assert fragment in err
    assert err.startswith(f"frontline {args[0]}: error: ")
    assert list(tmp_path.iterdir()) == []
