"""Build data/deepstate/2025-06-08.geojson, frontline's one built-in DeepStateMap day.

Source: ``../shared/data/deepstate/daily/deepstatemap_data_20250608.geojson`` (relative to the
repository root), a day of the daily mirror of DeepStateMap's published map collected by the
public repository cyterat/deepstate-map-data (GPL-3.0). The data is DeepStateMap's
(https://deepstatemap.live): credit "DeepStateMap" wherever it is shown.

The coordinates are kept exactly as published (the mirror holds at most 7 decimals, about
1 cm); only the JSON is made compact and the provenance is recorded as foreign members of the
FeatureCollection. Run from the repository root:

    python data/build/build_example_deepstate.py [--source PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SOURCE = (
    ROOT.parent / "shared" / "data" / "deepstate" / "daily" / "deepstatemap_data_20250608.geojson"
)
TARGET = ROOT / "data" / "deepstate" / "2025-06-08.geojson"


def _xy(coords):
    """The coordinates unchanged, without any z."""
    if isinstance(coords, list | tuple):
        if coords and isinstance(coords[0], int | float):
            return [float(c) for c in coords[:2]]
        return [_xy(c) for c in coords]
    raise ValueError(f"unexpected coordinate value {coords!r}")


def build(source: Path = DEFAULT_SOURCE, target: Path = TARGET) -> Path:
    doc = json.loads(source.read_text(encoding="utf-8"))
    features = doc.get("features") or []
    if len(features) != 1 or features[0]["geometry"]["type"] != "MultiPolygon":
        raise ValueError(f"{source}: expected one MultiPolygon feature (the daily mirror format)")
    geometry = features[0]["geometry"]
    out = {
        "type": "FeatureCollection",
        "name": "deepstate_2025-06-08",
        "source": (
            "DeepStateMap (https://deepstatemap.live), assessed Russian-held territory on "
            "2025-06-08, via the daily mirror cyterat/deepstate-map-data (GPL-3.0)"
        ),
        "features": [
            {
                "type": "Feature",
                "properties": {},
                "geometry": {
                    "type": "MultiPolygon",
                    "coordinates": _xy(geometry["coordinates"]),
                },
            }
        ],
    }
    text = json.dumps(out, ensure_ascii=False, separators=(",", ":"))
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".geojson")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    args = parser.parse_args(argv)
    if not args.source.is_file():
        print(f"source not found: {args.source}", file=sys.stderr)
        return 1
    path = build(args.source)
    print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
