"""Every page kind in a real browser at a laptop and a phone size: screenshots and layout.

The day map, the history map and the demo's report are opened in headless Chromium (Debian's
``chromium``) with the network blocked, at 1366x768 and 390x844. The legend and the footnote
must not cover the assessed (held) area: their boxes are compared, in page coordinates, with
the box of the held area's drawn paths. The day map and the report open on the front (the
held area's box lies in the window, clear of the panels), and the scale bar and the attribution
never overlap; the change map (two real days, skipped without the real data) is held to the
same. Screenshots go to ``$FRONTLINE_SCREENSHOTS`` when set (to look at them), else to the
test's temporary folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import frontline as fl
from frontline.render.offline import save_html
from frontline.render.palette import CLAIM_DASHES, PALETTE

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

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
SIZES = {"laptop": (1366, 768), "phone": (390, 844)}
DAY = "2025-06-08"

#: the box (page coordinates) of the held area's paths, clipped to the window
HELD_BOX = """selector => {
    const boxes = Array.from(document.querySelectorAll(selector))
        .map(p => p.getBoundingClientRect()).filter(b => b.width > 0 && b.height > 0);
    if (!boxes.length) return null;
    const W = window.innerWidth, H = window.innerHeight;
    return {
        left: Math.max(0, Math.min(...boxes.map(b => b.left))),
        top: Math.max(0, Math.min(...boxes.map(b => b.top))),
        right: Math.min(W, Math.max(...boxes.map(b => b.right))),
        bottom: Math.min(H, Math.max(...boxes.map(b => b.bottom))),
    };
}"""

#: boxes of the visible panels (legend) and footnotes
PANEL_BOXES = """() => Array.from(document.querySelectorAll('.fl-panel, .fl-foot'))
    .filter(e => e.offsetParent !== null)
    .map(e => { const b = e.getBoundingClientRect();
                return {cls: e.className, left: b.left, top: b.top, right: b.right,
                        bottom: b.bottom}; })
    .filter(b => b.right > b.left && b.bottom > b.top)"""


#: the held area's box (page coordinates), not clipped to the window
HELD_BOX_WHOLE = """selector => {
    const boxes = Array.from(document.querySelectorAll(selector))
        .map(p => p.getBoundingClientRect()).filter(b => b.width > 0 && b.height > 0);
    if (!boxes.length) return null;
    return {
        left: Math.min(...boxes.map(b => b.left)), top: Math.min(...boxes.map(b => b.top)),
        right: Math.max(...boxes.map(b => b.right)),
        bottom: Math.max(...boxes.map(b => b.bottom)),
    };
}"""

#: boxes of the scale bar and the attribution
CONTROL_BOXES = """() => Object.fromEntries(
    ['.leaflet-control-scale', '.leaflet-control-attribution'].map(sel => {
        const e = document.querySelector(sel);
        if (!e) return [sel, null];
        const b = e.getBoundingClientRect();
        return [sel, {left: b.left, top: b.top, right: b.right, bottom: b.bottom}];
    }))"""


def _overlap(a: dict[str, float], b: dict[str, float]) -> float:
    """Area (px²) where two boxes overlap."""
    w = min(a["right"], b["right"]) - max(a["left"], b["left"])
    h = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    return max(w, 0.0) * max(h, 0.0)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = os.environ.get("FRONTLINE_SCREENSHOTS")
    out = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    out.mkdir(parents=True, exist_ok=True)
    return out


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str]]:
    """page kind -> (file, CSS selector of the held area's paths)."""
    folder = tmp_path_factory.mktemp("pages")
    h = fl.example_control()
    claims = fl.example_claims(DAY)
    day = save_html(
        fl.map_day(DAY, claims=claims, history=h, tiles=None), folder / "day.html", offline=True
    )
    hist = save_html(fl.map_history(h, tiles=None), folder / "history.html", offline=True)
    result = subprocess.run(
        [sys.executable, "-m", "frontline", "--quiet", "demo", "--out-dir", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    occupied = PALETTE["occupied"].upper()
    held = f"path[fill='{occupied}' i], path[fill='{occupied.lower()}']"
    return {
        "day": (day, held),
        "history": (hist, ".leaflet-frontlineHistoryFill-pane path"),
        "report": (folder / "report.html", held),
    }


@pytest.fixture(scope="module")
def change_page(daily_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A change map between two real days (the month to 2025-06-08), as the CLI writes it."""
    files = [daily_dir / f"deepstatemap_data_{d}.geojson" for d in ("20250508", "20250608")]
    for f in files:
        if not f.is_file():
            pytest.skip(f"real DeepState snapshot {f.name} not found in {daily_dir}")
    h = fl.read_deepstate(files)
    page = save_html(
        fl.map_change(h, "2025-05-08", DAY, tiles=None),
        tmp_path_factory.mktemp("change") / "change.html",
        offline=True,
    )
    occupied = PALETTE["occupied"].upper()
    return page, f"path[fill='{occupied}' i], path[fill='{occupied.lower()}']"


def _open(browser: Any, path: Path, size: tuple[int, int]) -> tuple[Any, Any, list[str]]:
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    blocked: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith(("file:", "data:", "about:")):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_function("window.L !== undefined", timeout=30_000)
    page.wait_for_timeout(300)
    return context, page, blocked


@pytest.mark.parametrize("size", sorted(SIZES))
@pytest.mark.parametrize("kind", ["day", "history", "report"])
def test_legend_and_footnote_leave_the_front_visible(
    browser: Any, pages: dict[str, tuple[Path, str]], shots: Path, kind: str, size: str
) -> None:
    path, held_selector = pages[kind]
    context, page, _ = _open(browser, path, SIZES[size])
    try:
        page.screenshot(path=str(shots / f"{kind}-{size}.png"))
        held = page.evaluate(HELD_BOX, held_selector)
        assert held is not None, f"{kind}: no held area drawn"
        panels = page.evaluate(PANEL_BOXES)
        assert panels, f"{kind}: no legend or footnote on the page"
        held_area = (held["right"] - held["left"]) * (held["bottom"] - held["top"])
        assert held_area > 0, f"{kind} at {size}: the held area is outside the window"
        for box in panels:
            covered = _overlap(box, held)
            assert covered <= 0.02 * held_area, (
                f"{kind} at {size}: {box['cls']} covers {covered / held_area:.0%} of the held "
                f"area's box ({box} over {held})"
            )
    finally:
        context.close()


def _map_js(page: Any, code: str, arg: Any = None) -> Any:
    return page.evaluate(
        "([code, arg]) => { const m = Object.values(window).find(v => v instanceof L.Map);"
        " return new Function('m', 'arg', code)(m, arg); }",
        [code, arg],
    )


@pytest.mark.parametrize("zoom", [7, 9, 11])
def test_a_border_claim_stays_a_dashed_line_at_every_zoom(
    browser: Any, pages: dict[str, tuple[Path, str]], shots: Path, zoom: int
) -> None:
    claims = fl.example_claims(DAY)
    line = claims[claims.geometry.geom_type == "LineString"].geometry.iloc[0]
    context, page, blocked = _open(browser, pages["day"][0], SIZES["laptop"])
    try:
        assert blocked == []
        _map_js(
            page,
            "m.setView([arg[0], arg[1]], arg[2], {animate: false});",
            [line.centroid.y, line.centroid.x, zoom],
        )
        page.wait_for_timeout(300)
        page.screenshot(path=str(shots / f"day-border-claim-zoom{zoom}.png"))
        paths = page.evaluate(
            """([colour, dash]) => Array.from(document.querySelectorAll('path'))
                .filter(p => (p.getAttribute('stroke') || '').toUpperCase() === colour
                             && p.getAttribute('stroke-dasharray') === dash)
                .map(p => { const b = p.getBoundingClientRect();
                            return {fill: p.getAttribute('fill'),
                                    width: Number(p.getAttribute('stroke-width')),
                                    box: [b.left, b.top, b.right, b.bottom]}; })""",
            [PALETTE["denied"].upper(), CLAIM_DASHES["denied"]],
        )
        assert paths, f"zoom {zoom}: the denied border claim is not drawn as a dashed line"
        for p in paths:
            assert p["fill"] == "none", f"zoom {zoom}: the line is filled like an area"
            assert p["width"] <= 4, f"zoom {zoom}: a {p['width']} px line reads as an area"
        # pixels of the claim's colour: a line covers a small part of its box, a blob a lot
        left, top, right, bottom = (max(0, int(v)) for v in paths[0]["box"])
        shot = page.screenshot(
            clip={
                "x": left,
                "y": top,
                "width": max(1, right - left),
                "height": max(1, bottom - top),
            }
        )
        from io import BytesIO

        from PIL import Image

        pixels = np.asarray(Image.open(BytesIO(shot)).convert("RGB"), dtype=int)
        target = np.array([int(PALETTE["denied"][i : i + 2], 16) for i in (1, 3, 5)])
        share = float((np.abs(pixels - target).sum(axis=2) < 60).mean())
        assert share < 0.2, f"zoom {zoom}: the line piles into blobs ({share:.0%} of its box)"
    finally:
        context.close()


def test_history_slider_date_is_one_line_and_regions_are_named(
    browser: Any, pages: dict[str, tuple[Path, str]]
) -> None:
    for size in SIZES.values():
        context, page, blocked = _open(browser, pages["history"][0], size)
        try:
            assert blocked == []
            text = page.evaluate(
                """() => { const e = document.querySelector('.time-text');
                    const b = e.getBoundingClientRect();
                    return {text: e.textContent, height: b.height,
                            line: parseFloat(getComputedStyle(e).lineHeight) ||
                                  1.4 * parseFloat(getComputedStyle(e).fontSize)}; }"""
            )
            assert text["text"].startswith(DAY)
            assert text["height"] < 1.5 * text["line"], f"the date wraps at {size}: {text}"
            names = page.evaluate(
                "() => Array.from(document.querySelectorAll('.fl-label')).map(e => e.textContent)"
            )
            assert {"Donetsk", "Kharkiv", "Sumy"} <= set(names), names
        finally:
            context.close()


def test_the_demo_report_renders_offline(browser: Any, pages: dict[str, tuple[Path, str]]) -> None:
    """The README's first command: its page draws with every network request refused."""
    path = pages["report"][0]
    html = path.read_text(encoding="utf-8")
    assert "cdn.jsdelivr.net/npm/leaflet" not in html
    assert "unpkg.com" not in html
    context, page, blocked = _open(browser, path, SIZES["laptop"])
    try:
        assert all("tile" in u or "arcgisonline" in u for u in blocked), blocked  # tiles only
        drawn = page.evaluate("() => document.querySelectorAll('path').length")
        assert drawn > 20, "the outline map is not drawn"
        assert page.evaluate("() => document.querySelectorAll('.fl-label').length") > 10
    finally:
        context.close()


def _inside(box: dict[str, float], width: float, height: float) -> float:
    """The share of a box that lies in the window."""
    area = (box["right"] - box["left"]) * (box["bottom"] - box["top"])
    window = {"left": 0.0, "top": 0.0, "right": width, "bottom": height}
    return _overlap(box, window) / area if area > 0 else 0.0


@pytest.mark.parametrize("size", sorted(SIZES))
@pytest.mark.parametrize("kind", ["day", "report"])
def test_the_day_map_opens_on_the_front_clear_of_its_panels(
    browser: Any, pages: dict[str, tuple[Path, str]], shots: Path, kind: str, size: str
) -> None:
    """The whole held area is in the window (not only a corner of it) and under no panel."""
    path, held_selector = pages[kind]
    context, page, _ = _open(browser, path, SIZES[size])
    try:
        page.screenshot(path=str(shots / f"{kind}-{size}-front.png"))
        held = page.evaluate(HELD_BOX_WHOLE, held_selector)
        assert held is not None, f"{kind}: no held area drawn"
        width, height = SIZES[size]
        inside = _inside(held, width, height)
        assert inside >= 0.98, f"{kind} at {size}: only {inside:.0%} of the held area is in view"
        held_w, held_h = held["right"] - held["left"], held["bottom"] - held["top"]
        # fitted, not lost in a corner: the held area spans most of the window one way
        assert max(held_w / width, held_h / height) >= 0.5, (
            f"{kind} at {size}: the held area is {held_w:.0f}x{held_h:.0f} px in a "
            f"{width}x{height} window"
        )
        for box in page.evaluate(PANEL_BOXES):
            covered = _overlap(box, held)
            assert covered <= 0.02 * held_w * held_h, (
                f"{kind} at {size}: {box['cls']} covers {covered / (held_w * held_h):.0%} "
                f"of the held area's box ({box} over {held})"
            )
    finally:
        context.close()


@pytest.mark.parametrize("size", sorted(SIZES))
@pytest.mark.parametrize("kind", ["day", "history", "report", "change"])
def test_the_scale_bar_and_the_attribution_do_not_overlap(
    browser: Any,
    pages: dict[str, tuple[Path, str]],
    request: pytest.FixtureRequest,
    shots: Path,
    kind: str,
    size: str,
) -> None:
    path = request.getfixturevalue("change_page")[0] if kind == "change" else pages[kind][0]
    context, page, _ = _open(browser, path, SIZES[size])
    try:
        page.screenshot(path=str(shots / f"{kind}-{size}-controls.png"))
        boxes = page.evaluate(CONTROL_BOXES)
        scale = boxes[".leaflet-control-scale"]
        attribution = boxes[".leaflet-control-attribution"]
        assert scale is not None, boxes
        assert attribution is not None, boxes
        assert _overlap(scale, attribution) == 0, (
            f"{kind} at {size}: the scale bar {scale} and the attribution {attribution} overlap"
        )
    finally:
        context.close()


@pytest.mark.parametrize("size", sorted(SIZES))
def test_the_change_map_leaves_the_front_visible(
    browser: Any, change_page: tuple[Path, str], shots: Path, size: str
) -> None:
    path, held_selector = change_page
    context, page, _ = _open(browser, path, SIZES[size])
    try:
        page.screenshot(path=str(shots / f"change-{size}.png"))
        held = page.evaluate(HELD_BOX, held_selector)
        assert held is not None, "change map: no held area drawn"
        held_area = (held["right"] - held["left"]) * (held["bottom"] - held["top"])
        assert held_area > 0, f"change map at {size}: the held area is outside the window"
        for box in page.evaluate(PANEL_BOXES):
            covered = _overlap(box, held)
            assert covered <= 0.02 * held_area, (
                f"change map at {size}: {box['cls']} covers {covered / held_area:.0%} of the "
                f"held area's box ({box} over {held})"
            )
    finally:
        context.close()
