"""Build data/regions/borders.geojson: the shared boundary line of every pair of neighbours.

The lines are derived from ``data/regions/regions.geojson`` alone (Natural Earth, public
domain) by :func:`frontline._borders.compute` with frontline's thresholds
(``frontline.regions.BORDER_TOLERANCE_KM`` and ``MIN_BORDER_KM``); computing them takes a few
tenths of a second that every run needing a border would otherwise spend. The file records
the SHA-256 of the ``regions.geojson`` it was built from and the thresholds: frontline ignores
it (and computes the lines) when they no longer match, and the tests check that it is in step.
Rebuild it after ``build_regions.py``. Run from the repository root (with frontline
installed, e.g. ``pip install -e .``):

    python data/build/build_borders.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from frontline import _borders
from frontline._atomic import write_text
from frontline.regions import BORDER_TOLERANCE_KM, MIN_BORDER_KM, load_regions

ROOT = Path(__file__).resolve().parents[2]
TARGET = ROOT / "data" / "regions" / "borders.geojson"


def build(target: Path = TARGET) -> Path:
    """Compute the lines from the shipped regions and write them to ``target``."""
    lines = _borders.compute(load_regions(), tolerance_km=BORDER_TOLERANCE_KM, min_km=MIN_BORDER_KM)
    text = _borders.to_geojson(
        lines,
        digest=_borders.regions_digest(),
        tolerance_km=BORDER_TOLERANCE_KM,
        min_km=MIN_BORDER_KM,
    )
    return write_text(target, text)


if __name__ == "__main__":
    print(build())
    sys.exit(0)
