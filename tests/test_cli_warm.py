"""The command line loads only what the command run needs: a warm `frontline timeline` (the
fetched history's result kept in the cache) imports no geometry, map or chart library.

The fetched history here is the built-in day, placed in a cache as `fetch --history` leaves
it; nothing reaches the network and no shared data are needed.
"""

from __future__ import annotations

import contextlib
import io
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
from frontline.io._history_cache import write_pointer

HEAVY = ("geopandas", "shapely", "pyogrio", "matplotlib", "folium")


@pytest.fixture
def fetched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache holding a fetched history of one day (2025-06-08)."""
    cache = tmp_path / "cache"
    folder = cache / "deepstate-mirror" / "example.org"
    folder.mkdir(parents=True)
    snapshot = data_file("deepstate", "2025-06-08.geojson").read_bytes()
    (folder / "deepstatemap_data_20250608.geojson").write_bytes(snapshot)
    write_pointer(folder, "https://example.org/data", pd.Timestamp("2025-06-08"))
    monkeypatch.setenv("FRONTLINE_CACHE_DIR", str(cache))
    return cache


def _fresh_python(script: str, *, cache: Path) -> subprocess.CompletedProcess[str]:
    """Run ``script`` in a new interpreter whose cache folder is ``cache``."""
    return subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={**os.environ, "FRONTLINE_CACHE_DIR": str(cache)},
        timeout=120,
        check=False,
    )


def test_a_warm_timeline_imports_no_geometry_map_or_chart_library(
    fetched: Path, tmp_path: Path
) -> None:
    first = tmp_path / "first.csv"
    assert cli.main(["-q", "timeline", "--out", str(first)]) == 0  # measures, keeps the result
    again = tmp_path / "again.csv"
    script = (
        "import sys\n"
        "from frontline.cli import main\n"
        f"code = main(['-q', 'timeline', '--out', {str(again)!r}])\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
        "sys.exit(code)\n"
    )
    done = _fresh_python(script, cache=fetched)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.replace("'", '"')) == []
    assert again.read_text() == first.read_text()
    assert "2025-06-08" in again.read_text()


def test_the_facts_of_a_fetched_history_need_no_geometry_library(fetched: Path) -> None:
    script = (
        "import sys, frontline as fl\n"
        "info = fl.fetched_history_info()\n"
        "print(info['latest_snapshot'].date(), info['days'], info['staleness'])\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    done = _fresh_python(script, cache=fetched)
    assert done.returncode == 0, done.stderr
    facts, modules = done.stdout.splitlines()
    assert facts.startswith("2025-06-08 1 DeepStateMap history: latest snapshot 2025-06-08, ")
    assert "days old: out of date" in facts
    assert modules == "[]"


def _help(build: object, argv: list[str]) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit) as stop:
        build(argv)  # type: ignore[operator]
    assert stop.value.code == 0
    return out.getvalue()


@pytest.mark.parametrize("command", ["timeline", "map", "claims", "fetch"])
def test_a_command_parses_the_same_alone_as_with_every_other(command: str) -> None:
    alone = _help(cli.main, [command, "--help"])
    whole = _help(lambda a: cli.build_parser().parse_args(a), [command, "--help"])
    assert alone == whole
    assert f"usage: frontline {command}" in alone


def test_top_level_help_version_and_unknown_commands_use_the_whole_parser(
    capsys: pytest.CaptureFixture[str],
) -> None:
    listed = _help(cli.main, ["--help"])
    for command in cli.COMMANDS:
        assert f"    {command.NAME} " in listed
    assert _help(cli.main, ["--version"]).strip() == f"frontline {fl.__version__}"
    with pytest.raises(SystemExit) as stop:
        cli.main(["-q", "nonsense"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'nonsense'" in err
    assert "'timeline'" in err  # the choices: every command
    with pytest.raises(SystemExit) as stop:
        cli.main(["timeline", "--no-such-option"])
    assert stop.value.code == 2
    assert "unrecognized arguments: --no-such-option" in capsys.readouterr().err


def test_fetched_history_info_is_the_same_function_everywhere() -> None:
    from frontline.io import history_fetch

    assert fl.fetched_history_info is history_fetch.fetched_history_info
    assert history_fetch.staleness is fl.io._history_cache.staleness
    text = history_fetch.staleness(pd.Timestamp("2025-06-08"), today="2025-06-12")
    assert text.startswith("latest snapshot 2025-06-08, 4 days old: out of date")


def test_a_kept_result_says_how_recent_the_history_is_today(
    fetched: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import pyarrow.parquet as pq

    out = tmp_path / "t.csv"
    assert cli.main(["timeline", "--out", str(out)]) == 0
    today = fl.fetched_history_info()["staleness"]
    assert today in capsys.readouterr().err
    (memo,) = (fetched / "deepstate-mirror" / "results").glob("timeline-*.parquet")
    table = pq.read_table(memo)
    meta = dict(table.schema.metadata)
    attrs = json.loads(meta[b"frontline:attrs"])
    assert attrs["staleness"] == today
    older = "DeepStateMap history: latest snapshot 2025-06-08, 3 days old: out of date"
    attrs["footnote"] = attrs["footnote"].replace(today, older)
    attrs["staleness"] = older
    meta[b"frontline:attrs"] = json.dumps(attrs).encode()
    pq.write_table(table.replace_schema_metadata(meta), memo)
    assert cli.main(["timeline", "--out", str(out)]) == 0
    footnote = capsys.readouterr().err.splitlines()[-1]
    assert footnote.startswith("Source: DeepStateMap")
    assert footnote.endswith(f"{today}.")
    assert "3 days old" not in footnote
