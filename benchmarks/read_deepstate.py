"""Benchmark: read_deepstate on every daily DeepState file against parsing them once.

Baselines, timed in the same run on the same files:

* ``shapely.from_geojson``: read each file and parse it with GEOS (parsing every file once,
  nothing else: no validity check, no outside-Ukraine check, no history);
* ``json + shapely``: read each file, ``json.loads`` it and build its geometry with
  ``shapely.geometry.shape``;
* ``geopandas.read_file``: one ``geopandas.read_file`` per file (the obvious loop).

The ratio read_deepstate / baseline should be about 1 or below. Run from the repository root:

    python benchmarks/read_deepstate.py [--folder ../shared/data/deepstate/daily] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "deepstate" / "daily"


def _best(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--read-file-sample",
        type=int,
        default=0,
        help="time geopandas.read_file on only this many files and scale up (0 = all)",
    )
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(f"DeepState daily folder not found: {args.folder}", file=sys.stderr)
        return 1

    import geopandas as gpd
    import shapely
    import shapely.geometry

    import frontline as fl

    files = sorted(args.folder.glob("*.geojson"))
    fl.example_control()  # warm up imports and the cached outline check

    def from_geojson_once() -> None:
        for f in files:
            shapely.from_geojson(f.read_bytes())

    def parse_once() -> None:
        for f in files:
            doc = json.loads(f.read_bytes())
            shapely.geometry.shape(doc["features"][0]["geometry"])

    sample = files[: args.read_file_sample] if args.read_file_sample else files

    def read_file_loop() -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for f in sample:
                gpd.read_file(f, engine="pyogrio")

    def frontline_read() -> None:
        fl.read_deepstate(args.folder)

    t_read = _best(frontline_read, args.repeat)
    t_geos = _best(from_geojson_once, args.repeat)
    t_parse = _best(parse_once, args.repeat)
    t_gpd = _best(read_file_loop, 1) * len(files) / len(sample)
    print(f"files: {len(files)} in {args.folder}")
    print(f"read_deepstate (all days, validated)  {t_read:8.3f} s")
    print(f"baseline shapely.from_geojson (once)  {t_geos:8.3f} s   ratio {t_read / t_geos:5.2f}")
    print(f"baseline json + shapely.shape (once)  {t_parse:8.3f} s   ratio {t_read / t_parse:5.2f}")
    print(
        f"baseline geopandas.read_file loop     {t_gpd:8.3f} s   ratio {t_read / t_gpd:5.2f}"
        + (f"   (scaled from {len(sample)} files)" if len(sample) != len(files) else "")
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
