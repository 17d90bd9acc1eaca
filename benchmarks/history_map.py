"""Benchmark: the history slider against the one-polygon-per-day baseline.

Builds two offline pages of the whole DeepState daily mirror (769 days in
``../shared/data/deepstate/daily``):

* ``frontline.map_history``: each piece of area stored once with the days it is valid for;
* the baseline: one feature per day holding that day's whole MultiPolygon, on the same time
  plugin (folium's ``Timeline`` + ``TimelineSlider``, i.e. leaflet.timeline).

and prints each page's size and its load time in headless Chromium (navigation to Leaflet ready
and the first day's areas drawn, median of ``--runs``) with the ratios. Targets from the issue:
at most 5 MB (aim 2 MB) and under 3 s.

Run: ``python benchmarks/history_map.py`` (needs Debian's ``chromium`` and Playwright).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DAILY = ROOT.parent / "shared" / "data" / "deepstate" / "daily"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def baseline_map(h: Any) -> Any:
    """One feature per day with the day's whole area, on leaflet.timeline (folium's plugin)."""
    import folium
    import pandas as pd
    from folium.plugins import Timeline, TimelineSlider
    from shapely.geometry import mapping

    frame = h.frame
    days = [*h.dates, h.end + pd.Timedelta(days=1)]
    features = []
    for i, (day, geom) in enumerate(zip(frame["date"], frame.geometry, strict=True)):
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "start": f"{day:%Y-%m-%d}",
                    "end": f"{days[i + 1]:%Y-%m-%d}",
                    "endExclusive": True,
                },
                "geometry": mapping(geom),
            }
        )
    m = folium.Map(location=[48.4, 35.0], zoom_start=6, tiles=None)
    layer = Timeline(
        {"type": "FeatureCollection", "features": features},
        style={"color": "#D55E00", "weight": 1, "fillOpacity": 0.45},
    ).add_to(m)
    TimelineSlider(auto_play=False, date_options="YYYY-MM-DD").add_timelines(layer).add_to(m)
    return m


def load_time(browser: Any, path: Path, selector: str, runs: int) -> float:
    """Median seconds from navigation to Leaflet ready and the areas drawn."""
    times = []
    for _ in range(runs):
        context = browser.new_context(viewport={"width": 1200, "height": 800})
        page = context.new_page()
        page.route(
            "**/*",
            lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort(),
        )
        start = time.perf_counter()
        page.goto(path.as_uri(), wait_until="load", timeout=300_000)
        page.wait_for_function(
            f"window.L !== undefined && document.querySelectorAll({selector!r}).length > 0",
            timeout=300_000,
        )
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")
        times.append(time.perf_counter() - start)
        context.close()
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=Path, default=DAILY, help="folder of daily GeoJSON files")
    parser.add_argument("--runs", type=int, default=3, help="page loads per variant (median)")
    parser.add_argument("--keep", type=Path, default=None, help="keep the two pages in this folder")
    args = parser.parse_args(argv)
    if not args.days.is_dir():
        print(f"skipped: no DeepState daily snapshots at {args.days}")
        return 0
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("skipped: headless Chromium is not installed (apt-get install chromium)")
        return 0
    import shapely

    import frontline as fl

    h = fl.read_deepstate(args.days)
    vertices = int(shapely.get_num_coordinates(h.frame.geometry.to_numpy()).sum())
    print(f"history: {h!r}")

    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
        return _run(h, args.keep, chromium, max(1, args.runs), vertices)
    with tempfile.TemporaryDirectory(prefix="frontline-bench-") as tmp:
        return _run(h, Path(tmp), chromium, max(1, args.runs), vertices)


def _run(h: Any, out: Path, chromium: str, runs: int, vertices: int) -> int:
    import shapely
    from playwright.sync_api import sync_playwright

    import frontline as fl
    from frontline.render.history import history_pieces

    t = time.perf_counter()
    ours = fl.save_html(fl.map_history(h, tiles=None), out / "history.html", offline=True)
    build_ours = time.perf_counter() - t
    pieces = history_pieces(h)
    piece_vertices = int(shapely.get_num_coordinates(pieces.geometry.to_numpy()).sum())
    t = time.perf_counter()
    base = fl.save_html(baseline_map(h), out / "baseline.html", offline=True)
    build_base = time.perf_counter() - t

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS)
        load_ours = load_time(browser, ours, ".leaflet-frontlineHistoryFill-pane path", runs)
        load_base = load_time(browser, base, ".leaflet-overlay-pane path", runs)
        browser.close()

    mb_ours, mb_base = ours.stat().st_size / 1e6, base.stat().st_size / 1e6
    print(
        f"pieces: {len(pieces):,} polygons, {piece_vertices:,} vertices ({vertices:,} in the days)"
    )
    print()
    print(f"{'':28s}{'page MB':>10s}{'load s':>10s}{'build s':>10s}")
    print(f"{'one polygon per day':28s}{mb_base:10.2f}{load_base:10.2f}{build_base:10.1f}")
    print(f"{'frontline map_history':28s}{mb_ours:10.2f}{load_ours:10.2f}{build_ours:10.1f}")
    print(f"{'ratio (baseline / ours)':28s}{mb_base / mb_ours:9.1f}x{load_base / load_ours:9.1f}x")
    print()
    size_ok, load_ok = mb_ours <= 5.0, load_ours < 3.0
    print(
        f"targets: page <= 5 MB (aim 2 MB): {'met' if size_ok else 'MISSED'} ({mb_ours:.2f} MB); "
        f"load < 3 s: {'met' if load_ok else 'MISSED'} ({load_ours:.2f} s)"
    )
    return 0 if size_ok and load_ok else 1


if __name__ == "__main__":
    sys.exit(main())
