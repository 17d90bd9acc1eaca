"""The README's command lines run as written, so that they cannot rot.

Every line of the README's ``console`` blocks that starts with ``frontline `` runs through the
command line's entry point, in a temporary folder holding the files the lines name:

* ``DIR`` and ``../shared/data/deepstate/daily`` become a folder of the real snapshots the line
  needs (linked, not copied): the month of ``--month`` and the next month's 1st, else
  2025-06-01 to 2025-06-10;
* ``claims.gpkg`` holds the built-in claims, ``statements.txt`` one statement, and a
  claimant written ``"..."`` is the Russian Ministry of Defence;
* ``a|b|c`` alternatives run one by one.

Lines that need the network are skipped, saying why: ``fetch``, the fetched history
(``--source cache``, the default of ``timeline`` and ``history``), and ``claims add``, whose
line leaves out the fields it needs. Real-data lines skip without ``../shared``.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pandas as pd
import pytest

import frontline as fl
from frontline import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```console\n(.*?)```", README, flags=re.S)
LINES = [
    line.strip()
    for block in BLOCKS
    for line in block.splitlines()
    if line.strip().startswith("frontline ")
]
README_FOLDER = "../shared/data/deepstate/daily"
#: who speaks where the README writes "..."
CLAIMANT = "Russian Ministry of Defence"
STATEMENT = (
    "Units of the Centre group liberated the settlement of Kurakhove in the Donetsk People's "
    "Republic.\n"
)


def _runs(line: str) -> list[list[str]]:
    """The argument lists of a README line (alternatives ``a|b`` expanded), no comment."""
    words = shlex.split(line, comments=True)[1:]
    runs: list[list[str]] = [[]]
    for word in words:
        options = word.split("|") if re.fullmatch(r"[a-z]+(\|[a-z]+)+", word) else [word]
        runs = [[*run, option] for run in runs for option in options]
    return runs


def _why_skipped(args: list[str]) -> str | None:
    """Why a line cannot run here, or None."""
    command = args[0]
    if command == "fetch":
        return "downloads from the network"
    source = args[args.index("--source") + 1] if "--source" in args else None
    if source == "cache" or (source is None and command in ("timeline", "history")):
        return "reads the history fetched into the cache (frontline fetch --history)"
    if args[:2] == ["claims", "add"]:
        return "the README's line leaves out the fields a claim needs (--date, --claimant, ...)"
    return None


def _days(args: list[str]) -> list[str]:
    """The days (YYYYMMDD) of the snapshots a line needs."""
    if "--month" in args:
        month = pd.Period(args[args.index("--month") + 1], freq="M")  # and the next 1st
        days = pd.date_range(month.start_time, month.end_time.normalize() + pd.Timedelta(days=1))
        return [f"{d:%Y%m%d}" for d in days]
    return [f"202506{d:02d}" for d in range(1, 11)]


def _ids() -> list[str]:
    return [" ".join(run) for line in LINES for run in _runs(line)]


def test_the_readme_has_command_lines() -> None:
    commands = {run[0] for line in LINES for run in _runs(line)}
    assert {"demo", "share", "timeline", "map", "history", "claims", "place"} <= commands


@pytest.mark.parametrize("args", [run for line in LINES for run in _runs(line)], ids=_ids())
def test_readme_command_line_runs(
    args: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    request: pytest.FixtureRequest,
) -> None:
    why = _why_skipped(args)
    if why:
        pytest.skip(f"frontline {' '.join(args)}: {why}")
    monkeypatch.chdir(tmp_path)
    if "DIR" in args or README_FOLDER in args:
        daily: Path = request.getfixturevalue("daily_dir")
        folder = tmp_path / "snapshots"
        folder.mkdir()
        for day in _days(args):
            name = f"deepstatemap_data_{day}.geojson"
            if (daily / name).is_file():
                (folder / name).symlink_to(daily / name)
        assert any(folder.iterdir()), f"no snapshots for {args} in {daily}"
        args = [str(folder) if a in ("DIR", README_FOLDER) else a for a in args]
    args = [CLAIMANT if a == "..." else a for a in args]
    if "claims.gpkg" in args and args[:2] != ["claims", "import"]:
        fl.write_claims(fl.example_claims("2025-06-08"), tmp_path / "claims.gpkg")
    if "statements.txt" in args:
        (tmp_path / "statements.txt").write_text(STATEMENT, encoding="utf-8")
    code = cli.main(["--quiet", *args])
    captured = capsys.readouterr()
    assert code == 0, f"frontline {' '.join(args)} exited {code}: {captured.err}"
