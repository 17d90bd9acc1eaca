"""The saved pages in a real browser: headless Chromium with every non-file request blocked.

Needs Debian's ``chromium`` (``apt-get install chromium chromium-driver``) and Playwright (the
``browser``/``test`` extras); skipped with the reason when either is missing. Timings are
printed, never asserted beyond a hang guard: ``benchmarks/history_map.py`` measures speed.
"""

from __future__ import annotations

import json
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pytest
import shapely

import frontline as fl
from frontline.control import ControlHistory
from frontline.render.offline import save_html

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="headless Chromium is not installed (apt-get install chromium chromium-driver)",
    ),
]

sync_api = pytest.importorskip(
    "playwright.sync_api",
    reason="Playwright is not installed (pip install 'frontline-maps[browser]')",
)

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
HANG_GUARD_S = 30.0
DAY_MS = 86_400_000

#: strings that must stay text: markup, event handlers, template literals, script breakers
HOSTILE = [
    "<script>window.__pwned = 1</script>",
    '<img src=x onerror="window.__pwned = 2">',
    '"><svg onload="window.__pwned = 3">',
    "${window.__pwned = 4}",
    "`; window.__pwned = 5; `",
    "\\`${window.__pwned = 6}`",
    "');window.__pwned = 7;//",
    "</script><script>window.__pwned = 8</script>",
    '<a href="javascript:window.__pwned = 9">click</a>',
    "{{ this.__class__ }} {% raw %} \u2028window.__pwned = 10",
    '<iframe srcdoc="<script>parent.__pwned = 11</script>">',
]
HOSTILE_URLS = [
    "javascript:window.__pwned = 12",
    " JaVaScRiPt:window.__pwned = 13",
    "data:text/html,<script>window.__pwned = 14</script>",
    'https://example.org/" onmouseover="window.__pwned = 15',
]

INIT = """
window.__dialogs = [];
window.alert = window.confirm = window.prompt = function (m) { window.__dialogs.push(String(m)); };
"""


# --- the browser -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Page:
    """One page opened from a file, with everything but file:// and data: blocked."""

    def __init__(self, browser: Any, path: Path, *, width: int = 1200, height: int = 800):
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.console: list[str] = []
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.page = self.context.new_page()
        self.page.add_init_script(INIT)
        self.page.route("**/*", self._route)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: self.console.append(m.text))
        self.page.on("dialog", lambda d: (self.errors.append("dialog: " + d.message), d.dismiss()))
        start = time.perf_counter()
        self.page.goto(path.as_uri(), wait_until="load")
        self.page.wait_for_function("window.L !== undefined", timeout=HANG_GUARD_S * 1000)
        self.load_s = time.perf_counter() - start

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:", "about:")):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def js(self, code: str, arg: Any = None) -> Any:
        return self.page.evaluate(code, arg)

    def close(self) -> None:
        self.context.close()

    def assert_nothing_ran(self) -> None:
        assert self.js("window.__pwned") is None
        assert self.js("window.__dialogs") == []
        assert not [e for e in self.errors if "pwned" in e or "dialog" in e]
        assert not [c for c in self.console if "pwned" in c]
        assert self.js("document.querySelectorAll('a[href^=\"javascript\" i]').length") == 0
        assert self.js("document.querySelectorAll('a[href^=\"data:\" i]').length") == 0
        assert self.js("document.querySelectorAll('iframe, .fl-popup script').length") == 0


FILL_PATHS = "document.querySelectorAll('.leaflet-frontlineHistoryFill-pane path')"

OPEN_EVERY_POPUP = """() => {
    const maps = Object.keys(window).filter(k => window[k] instanceof L.Map).map(k => window[k]);
    let opened = 0;
    const texts = [];
    for (const map of maps) {
        const layers = [];
        map.eachLayer(l => layers.push(l));
        for (const l of layers) {
            if (l.getPopup && l.getPopup()) {
                l.openPopup(l.getLatLng ? l.getLatLng() : l.getBounds().getCenter());
                const el = l.getPopup().getElement();
                if (el) { texts.push(el.textContent); opened += 1; }
            }
            if (l.getTooltip && l.getTooltip()) {
                l.openTooltip();
                const el = l.getTooltip().getElement();
                if (el) texts.push(el.textContent);
            }
        }
    }
    return {opened, text: texts.join("\\n")};
}"""


def decode_areas(page: str) -> list[tuple[int, int]]:
    """(first day, stop day) of each area piece embedded in a history page."""
    out = []
    for rows, _ in re.findall(r"\.polygons\((\[\[.*?\]\]\]), (\d+)\)", page, re.DOTALL):
        out.extend((row[0], row[1]) for row in json.loads(rows))
    return out


def visible_on(pieces: list[tuple[int, int]], day: str) -> int:
    d = pd.Timestamp(day).value // (DAY_MS * 1_000_000)
    return sum(1 for a, b in pieces if a <= d < b)


# --- history pages ---------------------------------------------------------------------------


def hostile_history() -> ControlHistory:
    """A growing area under a source name that tries to run code."""
    rows = []
    for i in range(10):
        day = pd.Timestamp("2025-03-01") + pd.Timedelta(days=i)
        geom = shapely.box(36.0, 47.0, 36.4 + 0.08 * i, 47.5 + 0.02 * (i % 3))
        rows.append((day, HOSTILE[1], "occupied", geom))
    frame = gpd.GeoDataFrame(
        {"date": [r[0] for r in rows], "source": [r[1] for r in rows],
         "status": [r[2] for r in rows]},
        geometry=[r[3] for r in rows], crs=4326,
    )  # fmt: skip
    return ControlHistory(frame)


def hostile_claims(day: str = "2025-03-02") -> gpd.GeoDataFrame:
    n = len(HOSTILE)
    return gpd.GeoDataFrame(
        {
            "claim_id": [f"h{i}" for i in range(n)],
            "date": pd.to_datetime([day] * n),
            "claimant": HOSTILE,
            "kind": HOSTILE[::-1],
            "side": ["RU"] * n,
            "status": [fl.render.palette.CLAIM_STATUSES[i % 5] for i in range(n)],
            "summary": HOSTILE,
            "unit": HOSTILE[::-1],
            "place": HOSTILE,
            "responses": [
                [{"date": day, "by": s, "stance": "denies", "source_name": s}] for s in HOSTILE
            ],
            "source_name": HOSTILE,
            "source_url": [HOSTILE_URLS[i % len(HOSTILE_URLS)] for i in range(n)],
        },
        geometry=[shapely.Point(36.2 + 0.05 * i, 47.2 + 0.02 * i) for i in range(n)],
        crs=4326,
    )


def test_history_page_offline_slider_and_safety(browser: Any, tmp_path: Path) -> None:
    m = fl.map_history(hostile_history(), claims=hostile_claims(), claim_days=30, tiles=None)
    path = save_html(m, tmp_path / "history.html", offline=True)
    pieces = decode_areas(path.read_text(encoding="utf-8"))
    page = Page(browser, path)
    try:
        assert page.blocked == []  # nothing even tried to reach the network
        assert page.errors == []
        assert page.js("typeof L.timeline") == "function"
        page.page.wait_for_function("window.frontlineHistory !== undefined")
        # opens on the last day, drawing exactly the pieces valid that day
        assert page.js("document.querySelector('.time-text').textContent") == "2025-03-10"
        last = page.js(f"Array.from({FILL_PATHS}).map(p => p.getAttribute('d'))")
        assert len(last) == visible_on(pieces, "2025-03-10")
        # move the slider as a reader does: set the range input and fire 'input'
        page.js(
            """ms => { const s = document.querySelector('input.time-slider');
                       s.value = String(ms); s.dispatchEvent(new Event('input')); }""",
            pd.Timestamp("2025-03-02").value // 1_000_000,
        )
        assert page.js("document.querySelector('.time-text').textContent") == "2025-03-02"
        early = page.js(f"Array.from({FILL_PATHS}).map(p => p.getAttribute('d'))")
        assert len(early) == visible_on(pieces, "2025-03-02")
        assert early != last
        width = page.js(f"Array.from({FILL_PATHS}).map(p => p.getBBox().width)")
        assert sum(width) > 0
        # and through the plugin's API
        page.js("t => frontlineHistory.slider.setTime(t)", pd.Timestamp("2025-03-05").value / 1e6)
        assert page.js(f"{FILL_PATHS}.length") == visible_on(pieces, "2025-03-05")
        # claims: popups and tooltips show the hostile strings as text, none runs
        page.js("t => frontlineHistory.slider.setTime(t)", pd.Timestamp("2025-03-03").value / 1e6)
        shown = page.js(OPEN_EVERY_POPUP)
        assert shown["opened"] == len(HOSTILE)
        for s in HOSTILE[:3] + HOSTILE[7:9]:
            assert s in shown["text"]
        legend = page.js("document.querySelector('.frontline-legend').textContent")
        assert HOSTILE[1] in legend
        page.assert_nothing_ran()
        assert page.errors == []
    finally:
        page.close()


def test_full_history_opens_offline(browser: Any, history: ControlHistory, tmp_path: Path) -> None:
    m = fl.map_history(history, tiles=None)
    path = save_html(m, tmp_path / "full.html", offline=True)
    text = path.read_text(encoding="utf-8")
    pieces = decode_areas(text)
    page = Page(browser, path)
    try:
        page.page.wait_for_function(f"{FILL_PATHS}.length > 0", timeout=HANG_GUARD_S * 1000)
        ready = time.perf_counter()
        print(
            f"\n769-day history: {len(text.encode()) / 1e6:.2f} MB offline page, "
            f"Leaflet ready + first render in {page.load_s:.2f} s"
        )
        assert page.load_s < HANG_GUARD_S
        assert page.blocked == []
        assert page.errors == []
        assert page.js(f"{FILL_PATHS}.length") == visible_on(pieces, "2026-08-22")
        page.js("t => frontlineHistory.slider.setTime(t)", pd.Timestamp("2024-07-08").value / 1e6)
        assert page.js(f"{FILL_PATHS}.length") == visible_on(pieces, "2024-07-08")
        assert page.js("document.querySelector('.time-text').textContent") == "2024-07-08"
        # a day missing from the mirror shows the snapshot before it, and says so
        page.js("t => frontlineHistory.slider.setTime(t)", pd.Timestamp("2025-01-01").value / 1e6)
        assert page.js("document.querySelector('.time-text').textContent") == (
            "2025-01-01 (snapshot of 2024-12-31)"
        )
        assert time.perf_counter() - ready < HANG_GUARD_S
    finally:
        page.close()


# --- the day map --------------------------------------------------------------------------------


def test_map_day_2025_06_08_shows_the_denied_claim(browser: Any, tmp_path: Path) -> None:
    from frontline.render.palette import CLAIM_DASHES, PALETTE

    claims = fl.example_claims("2025-06-08")
    m = fl.map_day("2025-06-08", claims=claims, history=fl.example_control(), tiles=None)
    path = save_html(m, tmp_path / "day.html", offline=True)
    page = Page(browser, path, width=1100, height=850)
    try:
        assert page.blocked == []
        assert page.errors == []
        denied = page.js(
            """([colour, dash]) => Array.from(document.querySelectorAll('path'))
                .filter(p => (p.getAttribute('stroke') || '').toUpperCase() === colour
                             && p.getAttribute('stroke-dasharray') === dash)
                .map(p => { const b = p.getBBox(); return [b.width, b.height]; })""",
            [PALETTE["denied"].upper(), CLAIM_DASHES["denied"]],
        )
        assert denied, "the denied claim's line is not drawn"
        assert max(w + h for w, h in denied) > 10
        occupied = page.js(
            """colour => Array.from(document.querySelectorAll('path'))
                .filter(p => (p.getAttribute('fill') || '').toUpperCase() === colour).length""",
            PALETTE["occupied"].upper(),
        )
        assert occupied >= 1
        shot = tmp_path / "map_day_2025-06-08.png"
        page.page.screenshot(path=str(shot))
        assert shot.stat().st_size > 10_000
    finally:
        page.close()


def test_map_day_hostile_claims_do_not_run(browser: Any, tmp_path: Path) -> None:
    base = fl.example_claims("2025-06-08")
    n = len(HOSTILE)
    rows = base.iloc[[0] * n].reset_index(drop=True)
    for column in ("claimant", "summary", "unit", "place", "source_name", "quote"):
        if column in rows.columns:
            rows[column] = HOSTILE
    rows["claim_id"] = [f"h{i}" for i in range(n)]
    rows["source_url"] = [HOSTILE_URLS[i % len(HOSTILE_URLS)] for i in range(n)]
    rows["responses"] = [
        [{"date": "2025-06-08", "by": s, "stance": "denies", "source_name": s, "note": s}]
        for s in HOSTILE
    ]
    rows["precision"] = "point"
    rows = rows.set_geometry([shapely.Point(36.0 + 0.1 * i, 48.0) for i in range(n)], crs=4326)
    m = fl.map_day("2025-06-08", claims=rows, history=fl.example_control(), tiles=None)
    path = save_html(m, tmp_path / "hostile_day.html", offline=True)
    page = Page(browser, path)
    try:
        assert page.blocked == []
        shown = page.js(OPEN_EVERY_POPUP)
        assert shown["opened"] >= n
        assert HOSTILE[0] in shown["text"]
        page.assert_nothing_ran()
        assert page.errors == []
    finally:
        page.close()


def test_harness_catches_code_that_runs(browser: Any, tmp_path: Path) -> None:
    """Control: unescaped text in a plain folium popup does run, and the checks see it."""
    import folium

    m = folium.Map(tiles=None)
    folium.Marker([48.0, 37.0], popup=folium.Popup(HOSTILE[1])).add_to(m)
    path = save_html(m, tmp_path / "unsafe.html", offline=True)
    page = Page(browser, path)
    try:
        page.page.wait_for_function("window.__pwned !== undefined", timeout=5000)
        with pytest.raises(AssertionError):
            page.assert_nothing_ran()
    finally:
        page.close()


# --- the change map and its swipe ------------------------------------------------------------

SWIPE_CLIPS = "[frontlineChange.left, frontlineChange.right].map(l => l.getContainer().style.clip)"


def _swipe_to(page: Page, value: float) -> None:
    page.js(
        """v => { const s = document.querySelector('.leaflet-sbs-range');
                  s.value = String(v); s.dispatchEvent(new Event('input')); }""",
        value,
    )


def _clip_x(clip: str) -> list[float]:
    return [float(v) for v in re.findall(r"(-?[\d.]+)px", clip)]


def change_history(*, real: bool = True) -> ControlHistory:
    """Two days of the real mirror when it is there (and ``real``), else a synthetic advance
    under a hostile source name."""
    daily = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "deepstate" / "daily"
    files = [daily / f"deepstatemap_data_{d}.geojson" for d in ("20250501", "20250608")]
    if real and all(f.is_file() for f in files):
        return fl.read_deepstate(files)
    rows = [
        (pd.Timestamp("2025-05-01"), shapely.box(37.6, 47.6, 38.2, 48.4)),
        (pd.Timestamp("2025-06-08"), shapely.box(37.2, 47.6, 38.2, 48.4)),
    ]
    return ControlHistory(
        gpd.GeoDataFrame(
            {"date": [r[0] for r in rows], "source": HOSTILE[1], "status": "occupied"},
            geometry=[r[1] for r in rows],
            crs=4326,
        )
    )


def test_change_map_swipe_renders_offline(browser: Any, tmp_path: Path) -> None:
    h = change_history()
    m = fl.map_change(h, "2025-05-01", "2025-06-08", tiles=None)
    path = save_html(m, tmp_path / "change.html", offline=True)
    page = Page(browser, path, width=1200, height=800)
    try:
        page.page.wait_for_function("window.frontlineChange !== undefined", timeout=10_000)
        assert page.blocked == []  # nothing even tried to reach the network
        assert page.errors == []
        assert page.js("typeof L.control.sideBySide") == "function"
        # both days' panes hold drawn ground, the change and the two front lines are drawn
        for pane in ("frontlineChangeStart", "frontlineChangeEnd", "frontlineChangeLines"):
            assert page.js(f"document.querySelectorAll('.leaflet-{pane}-pane path').length") >= 1
        dashed = page.js(
            "Array.from(document.querySelectorAll('.leaflet-frontlineChangeLines-pane path'))"
            ".filter(p => p.getAttribute('stroke-dasharray')).length"
        )
        assert dashed >= 1  # the first day's line
        # the divider starts in the middle: the first day left of it, the second right of it
        left, right = (_clip_x(c) for c in page.js(SWIPE_CLIPS))
        assert left[1] == pytest.approx(right[3])
        middle = left[1]
        labels = page.js(
            "Array.from(document.querySelectorAll('.fl-swipe-label')).map(e => e.textContent)"
        )
        assert labels == ["\u25c0 2025-05-01", "2025-06-08 \u25b6"]
        shot = tmp_path / "map_change_middle.png"
        page.page.screenshot(path=str(shot))
        assert shot.stat().st_size > 10_000
        # drag it as a reader does: the clip and the labels follow
        _swipe_to(page, 0.8)
        left, right = (_clip_x(c) for c in page.js(SWIPE_CLIPS))
        assert left[1] > middle + 200
        assert left[1] == pytest.approx(right[3])
        label_left = page.js("document.querySelector('.fl-swipe-right').style.left")
        assert float(label_left.rstrip("px")) > 900
        page.page.screenshot(path=str(tmp_path / "map_change_80.png"))
        page.assert_nothing_ran()
        assert page.errors == []
    finally:
        page.close()


def test_change_map_hostile_source_does_not_run(browser: Any, tmp_path: Path) -> None:
    m = fl.map_change(change_history(real=False), "2025-05-01", "2025-06-08", tiles=None)
    path = save_html(m, tmp_path / "hostile_change.html", offline=True)
    page = Page(browser, path)
    try:
        page.page.wait_for_function("window.frontlineChange !== undefined", timeout=10_000)
        assert page.blocked == []
        legend = page.js("document.querySelector('.fl-legend').textContent")
        assert HOSTILE[1] in legend  # shown as text
        foot = page.js("document.querySelector('.fl-foot').textContent")
        assert HOSTILE[1] in foot
        shown = page.js(OPEN_EVERY_POPUP)
        assert HOSTILE[1] in shown["text"]  # the held ground's tooltips name the source
        page.assert_nothing_ran()
        assert page.errors == []
    finally:
        page.close()
