"""Benchmark: the per-region timeline of the whole DeepState daily mirror against a naive loop.

Runs ``fl.timeline(h, by="region")`` over ``../shared/data/deepstate/daily`` (769 days x 27
regions) and, in the same run, the naive baseline: for each day read the file with
``geopandas.read_file``, ``geopandas.overlay`` it with the regions, and measure the pieces with
``frontline.geodesy.areas_km2``. The baseline runs on every day unless that would take longer
than ``--budget`` seconds, in which case it runs on an evenly spread sample and is extrapolated
(the output says which). Both must give the same numbers on the days the baseline ran (within
0.005% or 0.05 km²: the two read long, nearly coincident edges slightly differently). Also
timed: merely parsing every file with shapely, and frontline's reader.

Usage::

    python benchmarks/timeline.py [--daily PATH] [--budget SECONDS]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

import frontline as fl
from frontline import geodesy

ROOT = Path(__file__).resolve().parents[1]
DAILY = ROOT.parent / "shared" / "data" / "deepstate" / "daily"
RTOL, ATOL = 5e-5, 0.05


def best_of(n: int, fn):
    """Run ``fn`` n times; return (fastest seconds, last result)."""
    best, result = float("inf"), None
    for _ in range(n):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def day_of(path: Path) -> pd.Timestamp:
    return pd.Timestamp(path.stem.rsplit("_", 1)[-1])


def parse_only(files: list[Path]) -> int:
    n = 0
    for f in files:
        n += shapely.get_num_coordinates(shapely.from_geojson(f.read_bytes()))
    return n


def naive_day(path: Path, regions: gpd.GeoDataFrame) -> tuple[float, float, pd.Series]:
    """One baseline day: (read seconds, compute seconds, km² per region code)."""
    t0 = time.perf_counter()
    shot = gpd.read_file(path)
    t1 = time.perf_counter()
    parts = gpd.overlay(shot, regions, how="intersection", keep_geom_type=True)
    parts["km2"] = geodesy.areas_km2(parts.geometry)
    km2 = parts.groupby("code")["km2"].sum().reindex(regions["code"], fill_value=0.0)
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1, km2


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--daily", type=Path, default=DAILY, help="folder of daily GeoJSON")
    parser.add_argument(
        "--budget", type=float, default=120.0, help="seconds the baseline may take in full"
    )
    args = parser.parse_args()
    files = sorted(args.daily.glob("deepstatemap_data_*.geojson"))
    if not files:
        print(f"no DeepState daily files in {args.daily}; nothing to benchmark")
        return 2

    # each region as frontline counts it: its polygon plus its share of the band along
    # Ukraine's outline (fl.region_extensions), so that both sides measure the same ground
    regions = fl.load_regions()[["code", "name", "geometry"]].copy()
    extra = fl.region_extensions().set_index("code").geometry
    regions["geometry"] = [
        g.union(extra[c]) if c in extra.index and not extra[c].is_empty else g
        for c, g in zip(regions["code"], regions.geometry, strict=True)
    ]
    print(f"timeline benchmark: {len(files)} daily files, {len(regions)} regions")

    t_parse, n_coords = best_of(3, lambda: parse_only(files))
    print(f"  parse only (shapely.from_geojson, best of 3): {t_parse:7.2f} s  ({n_coords:,} pts)")
    t_read, h = best_of(3, lambda: fl.read_deepstate(args.daily))
    print(f"  fl.read_deepstate (best of 3):                {t_read:7.2f} s  {h!r}")
    t_timeline, table = best_of(3, lambda: fl.timeline(h, by="region"))
    rows = f"{len(table):,} rows"
    print(f"  fl.timeline(h, by='region') (best of 3):      {t_timeline:7.2f} s  ({rows})")

    # the naive baseline: a few days first, then all days or a spread sample within budget
    probe = [files[i] for i in np.linspace(0, len(files) - 1, 10).astype(int)]
    probe_runs = [naive_day(f, regions) for f in probe]
    per_day = sum(r + c for r, c, _ in probe_runs) / len(probe_runs)
    if per_day * len(files) <= args.budget:
        chosen, how = files, f"measured on all {len(files)} days"
    else:
        n = max(10, int(args.budget / per_day))
        chosen = [files[i] for i in np.unique(np.linspace(0, len(files) - 1, n).astype(int))]
        how = f"measured on {len(chosen)} of {len(files)} days, extrapolated"
    runs = {f: r for f, r in zip(probe, probe_runs, strict=True)}
    for f in chosen:
        if f not in runs:
            runs[f] = naive_day(f, regions)
    measured = [runs[f] for f in chosen]
    scale = len(files) / len(chosen)
    base_read = sum(r for r, _, _ in measured) * scale
    base_compute = sum(c for _, c, _ in measured) * scale
    base_total = base_read + base_compute
    print(f"  naive baseline ({how}):")
    print(f"    gpd.read_file per day:                      {base_read:7.2f} s")
    print(f"    gpd.overlay + geodesy.areas_km2 per day:    {base_compute:7.2f} s")
    print(f"    total:                                      {base_total:7.2f} s")

    # same numbers?
    ours = table.pivot(index="date", columns="code", values="km2")
    worst_abs, worst_rel, bad = 0.0, 0.0, []
    for f in chosen:
        naive = runs[f][2]
        mine = ours.loc[day_of(f), naive.index]
        diff = (mine - naive).abs()
        worst_abs = max(worst_abs, float(diff.max()))
        rel = diff[naive > 1] / naive[naive > 1]
        worst_rel = max(worst_rel, float(rel.max()) if len(rel) else 0.0)
        if not np.allclose(mine, naive, rtol=RTOL, atol=ATOL):
            bad.append(day_of(f).date().isoformat())
    verdict = "SAME" if not bad else f"DIFFERENT on {len(bad)} days: {', '.join(bad[:5])}"
    print(
        f"  same numbers on the {len(chosen)} baseline days: {verdict} "
        f"(max |diff| {worst_abs:.3f} km², max rel {worst_rel:.1e}; "
        f"tolerance {RTOL:.0e} rel or {ATOL} km²)"
    )

    total = t_read + t_timeline
    print("  speed (ours: best of 3; the baseline once, on the same files, in this run):")
    print(
        f"    read:        fl.read_deepstate {t_read:6.2f} s vs gpd.read_file loop "
        f"{base_read:6.2f} s -> {base_read / t_read:5.1f}x faster "
        f"({t_read / t_parse:4.2f}x the time to merely parse the files)"
    )
    print(
        f"    compute:     fl.timeline       {t_timeline:6.2f} s vs overlay + areas loop "
        f"{base_compute:6.2f} s -> {base_compute / t_timeline:5.1f}x faster"
    )
    print(
        f"    end to end:  read + timeline   {total:6.2f} s vs naive read + overlay "
        f"{base_total:6.2f} s -> {base_total / total:5.1f}x faster"
    )
    print(
        f"    timeline vs merely parsing the files: {t_timeline:.2f} s vs {t_parse:.2f} s "
        f"-> {t_timeline / t_parse:4.2f}x the parse time"
    )
    return 0 if not bad else 1


if __name__ == "__main__":
    sys.exit(main())
