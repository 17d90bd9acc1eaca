"""The command line's messages tell the truth, long commands say what they do, and one bad
file need not stop a folder (issue: a demanding first day). No ../shared needed: folders are
made from the snapshot shipped with the package."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import frontline as fl
from frontline import cli
from frontline._resources import data_file

DAYS = ("20250608", "20250610", "20250612", "20250808")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four snapshots (the shipped day under four names), 2025-06-08 to 2025-08-08."""
    root = tmp_path_factory.mktemp("truth") / "snapshots"
    root.mkdir()
    snapshot = data_file("deepstate", "2025-06-08.geojson").read_bytes()
    for d in DAYS:
        (root / f"deepstatemap_data_{d}.geojson").write_bytes(snapshot)
    return root


@pytest.fixture(scope="module")
def with_bad_file(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bad") / "snapshots"
    root.mkdir()
    for path in folder.iterdir():
        (root / path.name).write_bytes(path.read_bytes())
    (root / "deepstatemap_data_20250609.geojson").write_bytes(b'{"type": "Feat')
    return root


def _main(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


# --- the range the source covers -----------------------------------------------------------


@pytest.mark.parametrize("command", ["share", "map"])
@pytest.mark.parametrize("when", ["2030-01-01", "2021-06-01"])
def test_a_day_outside_the_folder_names_the_folder_range(
    command: str, when: str, folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [command, "--date", when, "--source", str(folder)]
    if command == "map":
        args += ["-o", str(tmp_path / "m.html")]
    code, _, err = _main(args, capsys)
    assert code == 1
    assert "2025-06-08 to 2025-08-08" in err
    assert "4 snapshots" in err
    assert not (tmp_path / "m.html").exists()


@pytest.mark.parametrize(
    ("option", "value", "words"),
    [("--start", "2030-01-01", "after the last"), ("--end", "2021-01-01", "before the first")],
)
def test_timeline_outside_the_folder_says_its_range_not_swap(
    option: str, value: str, words: str, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _main(["timeline", "--source", str(folder), option, value], capsys)
    assert code == 1
    assert "swap" not in err
    assert words in err
    assert "run from 2025-06-08 to 2025-08-08" in err


def test_an_output_folder_that_refuses_files_fails_first_naming_the_given_path(
    tmp_path: Path,
) -> None:
    if not Path("/proc").is_dir():
        pytest.skip("no /proc here")
    result = subprocess.run(
        [sys.executable, "-m", "frontline", "map", "--date", "2025-06-08", "-o", "/proc/m.html"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 1
    assert "-o /proc/m.html" in result.stderr
    assert ".tmp" not in result.stderr
    assert "drawing the map" not in result.stderr  # checked before any work


def test_ambiguous_places_advise_the_option_not_python(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _main(["place", "Oleksandrivka"], capsys)
    assert code == 1
    assert "--region" in err
    assert "region=" not in err
    code, _, err = _main(["map", "--date", "2025-06-08", "--rings", "Oleksandrivka"], capsys)
    assert code == 1
    assert "region=" not in err
    assert "frontline place NAME --region" in err


def test_a_semicolon_csv_of_claims_is_read(tmp_path: Path) -> None:
    comma = tmp_path / "comma.csv"
    fl.write_claims(fl.example_claims("2025-06-08"), comma)
    frame = pd.read_csv(comma, dtype=str, keep_default_na=False)
    semi = tmp_path / "semi.csv"
    frame.to_csv(semi, sep=";", index=False)
    a, b = fl.read_claims(comma), fl.read_claims(semi)
    assert len(b) == len(a) == 5
    assert list(b["claim_id"]) == list(a["claim_id"])
    assert list(b["summary"]) == list(a["summary"])


@pytest.mark.parametrize("name", ["2025-06-08.shp", "frontline.gpkg"])
def test_other_geodata_given_as_a_snapshot_is_named(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / name
    path.write_bytes(b"\x00\x00\x27\x0a")
    code, _, err = _main(["timeline", "--source", str(path)], capsys)
    assert code == 1
    assert "not a DeepState snapshot" in err
    assert "GeoJSON" in err
    assert "empty input" not in err


def test_an_empty_snapshot_says_empty(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "2025-06-08.geojson"
    path.write_bytes(b"")
    code, _, err = _main(["timeline", "--source", str(path)], capsys)
    assert code == 1
    assert "the file is empty" in err


def test_share_denominator_does_what_it_says_by_region(
    capsys: pytest.CaptureFixture[str],
) -> None:
    base = ["share", "--date", "2025-06-08", "--by", "region", "--format", "json"]
    _, polygons, _ = _main([*base, "--denominator", "polygons"], capsys)
    _, official, err = _main([*base, "--denominator", "official"], capsys)
    poly = {r["code"]: r for r in json.loads(polygons)}
    off = {r["code"]: r for r in json.loads(official)}
    assert off["UA-43"]["share"] == pytest.approx(off["UA-43"]["share_official"])
    assert off["UA-43"]["share"] != pytest.approx(poly["UA-43"]["share"], abs=1e-6)
    assert "official area" in err


def test_map_claims_and_no_claims_together_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as stop:
        cli.main(["map", "--date", "2025-06-08", "--claims", "x.geojson", "--no-claims"])
    assert stop.value.code == 2
    assert "not allowed with" in capsys.readouterr().err


def test_timeline_gaps_are_explicit(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _main(
        ["timeline", "--source", str(folder), "--end", "2025-06-12", "--format", "json"], capsys
    )
    assert code == 0, err
    rows = {r["date"][:10]: r for r in json.loads(out)}
    assert rows["2025-06-09"]["day"] == "missing"
    assert rows["2025-06-10"]["day"] == "snapshot"
    assert rows["2025-06-10"]["change_days"] == 2
    assert "(2 days missing)" in err
    code, out, _ = _main(
        ["timeline", "--source", str(folder), "--carry", "--start", "2025-06-12", "--format",
         "json"],
        capsys,
    )  # fmt: skip
    rows = {r["date"][:10]: r for r in json.loads(out)}
    assert rows["2025-07-01"]["day"] == "carried forward"
    assert rows["2025-08-08"]["change_days"] == 57  # the change's span, not one day
    code, out, _ = _main(["timeline", "--source", str(folder), "--end", "2025-06-10"], capsys)
    assert "(1 day missing)" in out
    assert "change_days" in out


# --- one bad file does not stop a folder ---------------------------------------------------


@pytest.mark.parametrize("command", ["timeline", "history"])
def test_on_error_skip_reports_what_was_skipped(
    command: str, with_bad_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [command, "--source", str(with_bad_file)]
    if command == "history":
        args += ["-o", str(tmp_path / "h.html")]
    code, _, err = _main(args, capsys)
    assert code == 1
    assert "deepstatemap_data_20250609.geojson" in err
    assert "--on-error skip" in err
    code, _, err = _main([*args, "--on-error", "skip"], capsys)
    assert code == 0, err
    assert "skipped" in err
    assert "deepstatemap_data_20250609.geojson" in err
    assert "not GeoJSON" in err
    assert "skipped 1 of 5 files" in err


# --- long commands: only what they need, and stage lines -----------------------------------


def test_history_start_reads_only_the_files_it_needs(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "h.html"
    code, _, err = _main(
        ["history", "--source", str(folder), "--start", "2025-06-11", "-o", str(out)], capsys
    )
    assert code == 0, err
    assert "reading 3 snapshots" in err  # 06-10 (before the start), 06-12, 08-08; not 06-08
    html = out.read_text(encoding="utf-8")
    assert "2025-06-11" in html


def test_stage_lines_on_stderr_when_piped(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "frontline", "demo", "--out-dir", "out"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "MPLBACKEND": "Agg"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    stages = [line for line in result.stderr.splitlines() if line.startswith("frontline demo:")]
    assert len(stages) >= 3, result.stderr
    assert "\r" not in result.stderr  # lines, not a bar
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "unpkg.com" not in html  # self-contained: scripts inlined
    assert "/*! leaflet 1.9.4" in html
    assert "World_Light_Gray_Base" in html  # and still a base map when online
