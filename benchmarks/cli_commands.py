"""Benchmark: the long commands, ``frontline history`` and ``frontline demo``, before and after.

Baselines are the old behaviour, timed in the same run on the same machine (wall time, best of
``--repeat``), each as a fresh ``python -m frontline`` process so that imports count too:

* ``history --start D``: before, the whole folder was read and the slider map cut to
  ``--start``; after, only the snapshots from ``D`` on are read (and the one before ``D``
  when ``D`` has none). The baseline runs the old steps (``read_deepstate(folder)`` then
  ``map_history(h, start=D)`` and ``save_html``) in a subprocess.
* ``history`` (whole folder): the same work before and after (every file is needed); the ratio
  shows the new stage lines and inlined scripts cost nothing that matters.
* ``demo``: before, a page that loads its scripts from CDNs; after, a self-contained page
  (scripts inlined). The baseline is ``frontline demo`` with the inlining switched off.

A ratio after / before below 1 is faster. Run from the repository root:

    python benchmarks/cli_commands.py [--folder ../shared/data/deepstate/daily]
        [--start 2026-06-01] [--repeat 1]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
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

_OLD_DEMO = """
import sys
import frontline.render.offline as offline
from frontline.cli import main
offline.inline_assets = lambda page: page  # the old page: scripts from CDNs
sys.exit(main(["--quiet", "demo", "--out-dir", sys.argv[1]]))
"""


def _best(cmd: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - t0)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=DEFAULT)
    parser.add_argument("--start", default="2026-06-01")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(f"no folder {args.folder}; pass --folder DIR (DeepState snapshots)")
        return 1
    py = sys.executable
    folder = str(args.folder)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp) / "h.html")
        new = [py, "-m", "frontline", "--quiet", "history", "--source", folder, "-o", out]
        rows.append(
            (
                f"history --start {args.start}",
                _best([py, "-c", _OLD_HISTORY, folder, args.start, out], args.repeat),
                _best([*new, "--start", args.start], args.repeat),
            )
        )
        rows.append(
            (
                "history (whole folder)",
                _best([py, "-c", _OLD_HISTORY, folder, "-", out], args.repeat),
                _best(new, args.repeat),
            )
        )
        rows.append(
            (
                "demo",
                _best([py, "-c", _OLD_DEMO, str(Path(tmp) / "old")], args.repeat),
                _best([py, "-m", "frontline", "--quiet", "demo", "--out-dir", tmp], args.repeat),
            )
        )
    print(f"{'command':<28} {'before s':>9} {'after s':>9} {'after/before':>13}")
    for name, before, after in rows:
        print(f"{name:<28} {before:>9.2f} {after:>9.2f} {after / before:>13.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
