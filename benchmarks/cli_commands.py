"""Benchmark: the long commands, ``frontline history`` and ``frontline demo``, before and after.

Baselines are the old behaviour, timed in the same run on the same machine (wall time, best of
``--repeat``), each as a fresh ``python -m frontline`` process so that imports count too:

* ``history --start D``: before, the whole folder was read and the slider map cut to
  ``--start``; after, only the snapshots from ``D`` on are read (and the one before ``D``
  when ``D`` has none). The baseline runs the old steps (``read_deepstate(folder)`` then
  ``map_history(h, start=D)`` and ``save_html``) in a subprocess.
* ``history`` (whole folder): the same work before and after (every file is needed); the ratio
  shows the new stage lines and inlined scripts cost nothing that matters.
* ``demo``: before, ``frontline demo`` as it was before it was worked on (commit
  ``7d358b1``: a page that loads its scripts from CDNs, the gazetteer's index built value by
  value, every region border and Ukraine's 100 km borderland buffered on each run, pyplot
  imported for the picture); after, the command of this tree: a self-contained page (scripts
  inlined) and the same picture, pixel for pixel (the regions' figures in the printed report
  differ from that commit's since the region extensions, which is not speed work). The
  baseline is that commit's ``frontline/`` and ``data/`` taken from git (``git archive``)
  into a temporary folder and run there with the same Python and the same installed
  libraries, so both columns measure the code alone; the row is left out, with a note, when
  the repository's history is not at hand. The after column is the best run, so it reads the
  built-in gazetteer from the copy the first run kept in the cache folder
  (``frontline/gazetteer/_saved.py``), as every run after a user's first does.

Before and after run in turn (before, after, before, ...) so that both see the same load.
A ratio after / before below 1 is faster. Run from the repository root:

    python benchmarks/cli_commands.py [--folder ../shared/data/deepstate/daily]
        [--start 2026-06-01] [--repeat 1] [--only demo|history]
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "deepstate" / "daily"

_OLD_HISTORY = """
import sys, frontline as fl
h = fl.read_deepstate(sys.argv[1], duplicates="last")
start = sys.argv[2] if sys.argv[2] != "-" else None
m = fl.map_history(h, start=start)
fl.save_html(m, sys.argv[3])
"""

#: ``frontline demo`` before it was made self-contained and faster.
DEMO_BASELINE = "7d358b1ef28549b85fbc6a68973e1bbc301f4088"


def _baseline_tree(commit: str, into: Path) -> Path | None:
    """``frontline/`` and ``data/`` of ``commit`` under ``into``, importable; None without git."""
    try:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", commit, "frontline", "data"],
            check=True,
            capture_output=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    into.mkdir()
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    # setup.cfg installs data/ as the package frontline._data
    (into / "frontline" / "_data").symlink_to(into / "data", target_is_directory=True)
    return into


def _run(cmd: list[str], cwd: Path | None) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd)
    return time.perf_counter() - t0


def _best(
    before: list[str], after: list[str], repeat: int, cwd: tuple[Path | None, Path | None]
) -> tuple[float, float]:
    """Best wall times of ``before`` and ``after``, run in turn so that both see the same load."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        times[0].append(_run(before, cwd[0]))
        times[1].append(_run(after, cwd[1]))
    return min(times[0]), min(times[1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=DEFAULT)
    parser.add_argument("--start", default="2026-06-01")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--only", choices=["history", "demo"], help="time one command only")
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(f"no folder {args.folder}; pass --folder DIR (DeepState snapshots)")
        return 1
    py = sys.executable
    folder = str(args.folder)
    rows: list[tuple[str, float, float]] = []
    notes: list[str] = []
    here: tuple[Path | None, Path | None] = (None, None)
    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp) / "h.html")
        new = [py, "-m", "frontline", "--quiet", "history", "--source", folder, "-o", out]
        if args.only in (None, "history"):
            old = [py, "-c", _OLD_HISTORY, folder]
            before, after = _best(
                [*old, args.start, out], [*new, "--start", args.start], args.repeat, here
            )
            rows.append((f"history --start {args.start}", before, after))
            before, after = _best([*old, "-", out], new, args.repeat, here)
            rows.append(("history (whole folder)", before, after))
        if args.only in (None, "demo"):
            base = _baseline_tree(DEMO_BASELINE, Path(tmp) / "baseline")
            demo = [py, "-m", "frontline", "--quiet", "demo", "--out-dir"]
            if base is None:
                notes.append(f"demo: left out, commit {DEMO_BASELINE[:7]} not in reach of git")
            else:
                # each runs from its own folder, where `python -m` finds its frontline first
                before, after = _best(
                    [*demo, str(Path(tmp) / "old")],
                    [*demo, str(Path(tmp) / "new")],
                    args.repeat,
                    (base, ROOT),
                )
                rows.append(("demo", before, after))
    print(f"{'command':<28} {'before s':>9} {'after s':>9} {'after/before':>13}")
    for name, before, after in rows:
        print(f"{name:<28} {before:>9.2f} {after:>9.2f} {after / before:>13.2f}")
    for note in notes:
        print(note)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
