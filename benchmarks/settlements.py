"""Benchmark: the settlement control table for every gazetteer place on every daily snapshot.

All gazetteer places (about 5,500 built in) x the DeepState daily mirror (769 days), or with
``--places 30k`` about 30,000 places: GeoNames' full list when ``fl.fetch_places()`` has put it
in the cache, else every settlement of the official codifier, with the coordinates of the
GeoNames place it is linked to or a random point in its oblast (benchmarks/_synthetic_places.py;
the output says which). Every row also carries ``share_held``, the share of the place's
footprint held (equal-area); the API has no option to leave it out, so there is no separate
time for the status alone. Timed in the same run:

* ``vectorised (local)``: :func:`frontline.settlement_control` (shapely 2 STRtree over all
  places and footprints, once per distinct geometry: in full on the first day of each chunk of
  ``chunk_days``, then only where the area's edge moved since the day before);
* ``naive loop``: for each day, for each place, ``polygon.contains(point)`` (unprepared shapely
  geometries, one Python call per pair), timed on a sample of days and extrapolated to all days;
* ``dask (2 workers)``: ``engine="dask"`` on a ``LocalCluster`` of 2 worker processes with one
  thread each (cluster start-up timed separately); the table is checked to be identical.

Peak memory: ``tracemalloc`` peak of a separate local run (Python and numpy allocations; GEOS
allocates outside it), and the peak resident set size of this process and of each dask worker
(``VmHWM`` on Linux, ``resource.getrusage`` elsewhere). Run from the repository root:

    python benchmarks/settlements.py [--folder ../shared/data/deepstate/daily] [--sample-days 24]
    python benchmarks/settlements.py --places 30k --repeat 1 --no-tolerance
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import tracemalloc
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "deepstate" / "daily"


def _best(fn, repeat: int) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def _peak_rss_mb() -> float:
    """Peak resident set size of the calling process, in MB.

    Linux: ``VmHWM`` from /proc/self/status (``ru_maxrss`` would report the parent's peak in a
    freshly spawned dask worker, as it survives fork and exec); elsewhere ``ru_maxrss``.
    """
    import resource as r
    import sys as s

    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    scale = 1 / 1024 if s.platform != "darwin" else 1 / 1024 / 1024
    return r.getrusage(r.RUSAGE_SELF).ru_maxrss * scale


def _identical(a, b) -> bool:
    return (
        list(a.columns) == list(b.columns)
        and a.dtypes.to_dict() == b.dtypes.to_dict()
        and all(a[c].equals(b[c]) for c in a.columns)
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sample-days", type=int, default=24, help="days for the naive loop")
    parser.add_argument("--no-dask", action="store_true", help="skip the dask engine")
    parser.add_argument(
        "--places",
        choices=("gazetteer", "30k"),
        default="gazetteer",
        help="the gazetteer in use, or about 30,000 places (fetched list or codifier)",
    )
    parser.add_argument("--no-tolerance", action="store_true", help="skip tolerance_m=500")
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(f"DeepState daily folder not found: {args.folder}", file=sys.stderr)
        return 1

    import numpy as np
    import shapely

    import frontline as fl
    from frontline.settlements import settlement_control_wide

    warnings.simplefilter("ignore", ResourceWarning)
    t0 = time.perf_counter()
    h = fl.read_deepstate(args.folder)
    read_s = time.perf_counter() - t0
    if args.places == "30k" and not fl.gazetteer_info().full:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from _synthetic_places import synthetic_places

        places = synthetic_places()
        print(
            "places: every settlement of the official codifier; GeoNames' full list is not in "
            "the cache, so the settlements not in the built-in gazetteer have synthetic "
            "coordinates (a random point in their oblast) and no population"
        )
    else:
        places = fl.places()
        print(f"places: {fl.gazetteer_info().name}")
    groups, _ = h.distinct()
    n_days, n_places = len(h), len(places)
    print(f"frontline settlements benchmark: {n_places:,} places x {n_days} days")
    print(
        f"history: DeepStateMap {h.start:%Y-%m-%d} to {h.end:%Y-%m-%d}, "
        f"{groups.nunique()} distinct geometries (read in {read_s:.1f} s)"
    )

    # -- vectorised, one machine ---------------------------------------------------------------
    fl.settlement_control(h.between(h.start, h.dates[2]), places=places)  # warm caches
    if args.repeat > 1:
        local_s, table = _best(lambda: fl.settlement_control(h, places=places), args.repeat)
        tracemalloc.start()
        fl.settlement_control(h, places=places)
    else:  # one run, timed and traced at once
        tracemalloc.start()
        local_s, table = _best(lambda: fl.settlement_control(h, places=places), 1)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    table_mb = table.memory_usage(deep=True).sum() / 1e6
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "settlements.parquet"
        table.to_parquet(path)
        parquet_mb = path.stat().st_size / 1e6
    pairs = n_days * n_places
    print(
        f"vectorised (local):     {local_s:8.2f} s  {len(table):,} rows, {table_mb:.0f} MB in "
        f"memory, {parquet_mb:.1f} MB as Parquet; tracemalloc peak {traced_peak / 1e6:.0f} MB"
    )
    held = table["share_held"].to_numpy()
    print(
        f"  share_held: {int((held > 0).sum()):,} (place, day) rows partly or wholly held, "
        f"{int(((held > 0) & (held < 1)).sum()):,} of them partly"
    )
    if not args.no_tolerance:
        tol_s, _ = _best(lambda: fl.settlement_control(h, places=places, tolerance_m=500), 1)
        print(f"  with tolerance_m=500:  {tol_s:8.2f} s")
    changes_s, _ = _best(lambda: fl.control_changes(table), 1)
    wide_s, wide = _best(lambda: settlement_control_wide(table), 1)
    print(f"  control_changes:       {changes_s:8.2f} s;  wide form {wide.shape}: {wide_s:.2f} s")

    # -- naive loop on a sample of days, extrapolated -------------------------------------------
    pick = np.unique(np.linspace(0, n_days - 1, args.sample_days).round().astype(int))
    frame = h.frame
    days = h.dates[pick]
    areas = [
        shapely.from_wkb(shapely.to_wkb(frame.loc[frame["date"] == d, "geometry"].iloc[0]))
        for d in days
    ]  # fresh, unprepared copies
    points = list(places.geometry)

    def naive() -> list[list[bool]]:
        return [[area.contains(p) for p in points] for area in areas]

    naive_s, naive_out = _best(naive, 2)
    naive_full = naive_s / len(pick) * n_days
    sample = table[table["date"].isin(days)]
    vec = (sample["status"] == "occupied").to_numpy().reshape(n_places, len(pick)).T
    agree = int((np.asarray(naive_out) == vec).sum())
    print(
        f"naive loop (sample):    {naive_s:8.2f} s  {len(pick)} days x {n_places:,} places = "
        f"{len(pick) * n_places:,} contains calls ({agree:,} agree with the table)"
    )
    print(f"naive loop (all days):  {naive_full:8.2f} s  extrapolated to {pairs:,} pairs")
    print(f"speed-up vectorised vs naive: {naive_full / local_s:6.1f} x")

    # -- dask, 2 worker processes ----------------------------------------------------------------
    if not args.no_dask:
        try:
            import distributed
        except ImportError:
            print("dask: skipped (pip install 'frontline-maps[dask]')")
        else:
            t0 = time.perf_counter()
            with (
                distributed.LocalCluster(
                    n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
                ) as cluster,
                distributed.Client(cluster) as client,
            ):
                start_s = time.perf_counter() - t0
                dask_s, dask_table = _best(
                    lambda: fl.settlement_control(h, places=places, engine="dask", client=client),
                    args.repeat,
                )
                workers = client.run(_peak_rss_mb)
            same = _identical(dask_table, table)
            print(
                f"dask (2 workers):       {dask_s:8.2f} s  (+{start_s:.1f} s cluster start-up); "
                f"identical to local: {same}"
            )
            print(
                f"ratio dask / local: {dask_s / local_s:5.2f};  speed-up dask vs naive: "
                f"{naive_full / dask_s:6.1f} x"
            )
            rss = ", ".join(f"{v:.0f} MB" for v in workers.values())
            print(f"peak RSS of the dask workers: {rss}")
    print(f"peak RSS of this process: {_peak_rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
