"""Benchmark: the history store against reading the daily files, and `frontline timeline`.

1. Reading the 769 daily files: ``read_deepstate(folder)`` (cold: what every command did
   before the store) against ``read_history(store)`` (the same history from the store).
2. ``frontline timeline --out FILE.csv`` end to end, process start to CSV, as subprocesses:

   * cold: ``--source DAILY`` (the files, no store);
   * warm, first run: the history fetched into a cache (``fetch_history`` from a local server
     on 127.0.0.1 serving the daily files), read from its store, measured;
   * warm: the same command again (store read, and the result kept for that history).

Ratios cold / warm are printed; the target is warm at least 5x faster than cold. The warm run
is mostly Python importing pandas: ``python -X importtime`` of it is summed, and the geometry,
map and chart libraries it must not load (the command line imports only the command run) are
listed. Run from the repository root::

    python benchmarks/history_store.py [--daily PATH] [--repeat 3]
"""

from __future__ import annotations

import argparse
import functools
import os
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DAILY = ROOT.parent / "shared" / "data" / "deepstate" / "daily"


def best_of(n: int, fn) -> float:
    best = float("inf")
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--daily", type=Path, default=DAILY)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    if not args.daily.is_dir():
        print(f"DeepState daily folder not found: {args.daily}", file=sys.stderr)
        return 1

    import frontline as fl

    files = sorted(args.daily.glob("deepstatemap_data_*.geojson"))
    first = fl.parse_date(files[0].name[18:26])
    last = fl.parse_date(files[-1].name[18:26])
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        handler = functools.partial(_Quiet, directory=str(args.daily))
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{httpd.server_address[1]}"
        t0 = time.perf_counter()
        h = fl.fetch_history(first, last, base_url=url, cache_dir=cache, progress=False)
        fetched = time.perf_counter() - t0
        httpd.shutdown()
        httpd.server_close()
        (store,) = cache.rglob("history.parquet")
        print(f"fetch_history of {len(h)} days from a local server: {fetched:.2f} s")
        print(f"store: {store.stat().st_size / 1e6:.2f} MB for {len(h)} days")

        cold_read = best_of(args.repeat, lambda: fl.read_deepstate(args.daily))
        store_read = best_of(args.repeat, lambda: fl.read_history(store))
        print(f"read_deepstate({len(files)} files): {cold_read:.2f} s")
        print(f"read_history(store):               {store_read:.2f} s")
        print(f"  ratio: {cold_read / store_read:.1f}x")

        env = {**os.environ, "FRONTLINE_CACHE_DIR": str(cache), "MPLBACKEND": "Agg"}
        out = Path(tmp) / "t.csv"

        def cli(*extra: str) -> float:
            t0 = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "frontline.cli",
                    "-q",
                    "timeline",
                    *extra,
                    "--out",
                    str(out),
                ],
                check=True,
                env=env,
            )
            return time.perf_counter() - t0

        cold = min(cli("--source", str(args.daily)) for _ in range(args.repeat))
        warm_first = cli()  # measures, and keeps the result for this history
        warm = min(cli() for _ in range(args.repeat))
        print("frontline timeline, process start to CSV:")
        print(f"  cold (--source DAILY, no store):        {cold:.2f} s")
        print(f"  warm, first run (store, measured):      {warm_first:.2f} s")
        print(f"  warm (store, result kept):              {warm:.2f} s")
        print(f"  ratio cold / warm first run: {cold / warm_first:.1f}x")
        print(f"  ratio cold / warm:           {cold / warm:.1f}x (target >= 5x)")
        traced = [sys.executable, "-X", "importtime", "-m", "frontline.cli", "-q", "timeline"]
        done = subprocess.run(
            [*traced, "--out", str(out)],
            check=True,
            env=env,
            capture_output=True,
            text=True,
        )
        rows = [line.split("|") for line in done.stderr.splitlines() if "|" in line]
        top = [r for r in rows[1:] if not r[2].startswith("  ")]  # imported from the script
        loaded = {r[2].strip() for r in rows[1:]}
        heavy = sorted(loaded & {"geopandas", "shapely", "pyogrio", "matplotlib", "folium"})
        print(
            f"  warm run's imports: {sum(int(r[1]) for r in top) / 1e6:.2f} s "
            f"(python -X importtime); geometry/map/chart libraries: {', '.join(heavy) or 'none'}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
