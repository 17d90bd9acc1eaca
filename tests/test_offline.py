"""save_html: atomic writes; offline pages carry every script and stylesheet they need."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import folium
import pytest

import frontline as fl
from frontline._resources import data_file
from frontline.render.offline import inline_assets, save_html


class Refs(HTMLParser):
    """Every URL the page would load: script src, link href, img src, CSS url()."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.scripts = 0
        self._style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "script":
            self.scripts += 1
            if a.get("src"):
                self.urls.append(a["src"] or "")
        if tag == "link" and a.get("href"):
            self.urls.append(a["href"] or "")
        if tag in ("img", "iframe", "source", "embed") and a.get("src"):
            self.urls.append(a["src"] or "")
        if a.get("style"):
            self.urls.extend(css_urls(a["style"] or ""))
        self._style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._style = False

    def handle_data(self, data: str) -> None:
        if self._style:
            self.urls.extend(css_urls(data))


def css_urls(css: str) -> list[str]:
    return [u.strip("'\" ") for u in re.findall(r"url\(([^)]*)\)", css)]


def remote(urls: list[str]) -> list[str]:
    return [u for u in urls if re.match(r"^(https?:)?//", u.strip(), re.IGNORECASE)]


def refs(page: str) -> Refs:
    parser = Refs()
    parser.feed(page)
    parser.close()
    return parser


def marker_map() -> folium.Map:
    m = folium.Map(location=[48.5, 35.0], zoom_start=6, tiles=None)
    folium.Marker([48.0, 37.0], popup="a popup", icon=folium.Icon(icon="star", prefix="fa",
                  angle=30)).add_to(m)  # fmt: skip
    folium.Marker([48.5, 36.0], popup="glyph", icon=folium.Icon()).add_to(m)
    folium.Marker([47.5, 35.0], tooltip="plain Leaflet marker").add_to(m)
    folium.CircleMarker([47.0, 34.0], radius=5).add_to(m)
    return m


# --- the vendored files ------------------------------------------------------------------------


def vendor_listing() -> dict[str, list[str]]:
    out = {}
    for line in data_file("vendor", "VERSIONS.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, version, licence, integrity, files = line.split("\t")
            assert re.fullmatch(r"\d+\.\d+\.\d+", version)
            assert integrity.startswith("sha512-")
            assert licence
            out[name] = files.split()
    return out


def test_vendor_files_are_shipped_with_licences() -> None:
    listing = vendor_listing()
    assert {"leaflet", "leaflet.timeline", "jquery", "moment"} <= set(listing)
    for name, files in listing.items():
        short = name.rsplit("/", 1)[-1]
        assert f"LICENSE-{short}.txt" in files
        for f in files:
            node = data_file("vendor", *f.split("/"))
            assert node.is_file(), f
            assert len(node.read_bytes()) > 100, f
    assert "1.9.4" in data_file("vendor", "leaflet.js").read_text(encoding="utf-8")[:400]
    timeline = data_file("vendor", "leaflet.timeline.js").read_text(encoding="utf-8")
    assert "timelineSliderControl" in timeline
    assert "BSD 2-Clause" in data_file("vendor", "LICENSE-leaflet.txt").read_text(encoding="utf-8")


# --- offline pages -----------------------------------------------------------------------------


def test_offline_page_has_no_remote_script_or_stylesheet(tmp_path: Path) -> None:
    online = save_html(marker_map(), tmp_path / "online.html")
    assert remote(refs(online.read_text(encoding="utf-8")).urls)  # folium uses CDNs
    out = save_html(marker_map(), tmp_path / "offline.html", offline=True)
    page = out.read_text(encoding="utf-8")
    parsed = refs(page)
    assert remote(parsed.urls) == []
    assert all(u.startswith(("data:", "#")) for u in parsed.urls), parsed.urls
    # what this page needs is inside it, labelled with its package and licence ...
    for banner in ("leaflet 1.9.4, BSD-2-Clause", "jquery 3.7.1, MIT",
                   "leaflet.awesome-markers 2.0.5, MIT", "fontawesome-free 6.2.0",
                   "bootstrap 3.4.1, MIT; inlined by frontline from "
                   "frontline/_data/vendor/glyphicons.css"):  # fmt: skip
        assert banner in page
    assert "data:font/woff2;base64," in page
    assert "data:image/png;base64," in page
    assert ".fa-rotate-30{transform:rotate(30deg)}" in page
    # ... Leaflet's default marker gets its images directly ...
    assert "L.Icon.Default.mergeOptions({iconUrl: 'data:image/png;base64," in page
    # ... and what it does not need is left out
    assert "bootstrap.bundle" not in page
    assert "Bootstrap v5" not in page
    assert "moment" not in page
    assert "leaflet.timeline" not in page
    assert "sourceMappingURL" not in page


def test_offline_keeps_only_what_a_plain_map_needs(tmp_path: Path) -> None:
    m = folium.Map(tiles=None)
    folium.CircleMarker([48.0, 37.0], radius=4).add_to(m)
    page = save_html(m, tmp_path / "plain.html", offline=True).read_text(encoding="utf-8")
    assert "leaflet 1.9.4" in page
    for absent in ("jquery", "awesome-markers", "fontawesome", "Glyphicons", "bootstrap"):
        assert absent not in page.lower().replace("leaflet.awesome", ""), absent
    assert len(page) < 250_000


def test_offline_history_map(tmp_path: Path) -> None:
    m = fl.map_history(fl.example_control(), tiles=None)
    page = save_html(m, tmp_path / "h.html", offline=True).read_text(encoding="utf-8")
    assert remote(refs(page).urls) == []
    assert "leaflet.timeline 1.6.0, ISC" in page
    assert "moment" not in page


def test_offline_keeps_tiles_but_nothing_else_remote(tmp_path: Path) -> None:
    m = fl.map_history(fl.example_control(), tiles="OpenStreetMap.Mapnik")
    page = save_html(m, tmp_path / "t.html", offline=True).read_text(encoding="utf-8")
    assert remote(refs(page).urls) == []
    assert "tile.openstreetmap.org" in page  # tiles come from the network when there is one
    # ... which the docs say, with the way to a page without them
    assert "tiles=None" in " ".join((save_html.__doc__ or "").split())


def test_offline_refuses_libraries_it_does_not_ship(tmp_path: Path) -> None:
    from folium.plugins import Fullscreen

    m = folium.Map(tiles=None)
    Fullscreen().add_to(m)
    target = tmp_path / "f.html"
    with pytest.raises(ValueError, match=r"cannot inline https://.*fullscreen"):
        save_html(m, target, offline=True)
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []
    # a remote <link> that is not a stylesheet is refused too
    with pytest.raises(ValueError, match="remote link"):
        inline_assets('<link rel="preload" href="https://cdn.example.org/x.js">')


def test_inline_assets_leaves_local_and_inline_code_alone() -> None:
    page = '<script src="local.js"></script><script>var x = "</scr" + "ipt>";</script>'
    assert inline_assets(page) == page


# --- writing -----------------------------------------------------------------------------------


def test_save_html_returns_absolute_path_and_replaces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    out = save_html(folium.Map(tiles=None), "map.html")
    assert out == tmp_path / "map.html"
    assert out.is_absolute()
    first = out.read_text(encoding="utf-8")
    save_html(folium.Map(tiles=None, location=[50, 30]), out)
    assert out.read_text(encoding="utf-8") != first
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]  # no temporary file left


def test_save_html_failure_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "map.html"
    target.write_text("old", encoding="utf-8")

    class Broken(folium.Map):
        def get_root(self):  # type: ignore[override]
            raise RuntimeError("render failed")

    with pytest.raises(RuntimeError, match="render failed"):
        save_html(Broken(tiles=None), target)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


def test_save_html_bad_input(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="folium map"):
        save_html("<html></html>", tmp_path / "x.html")
    with pytest.raises(TypeError, match="path"):
        save_html(folium.Map(tiles=None), 42)  # type: ignore[arg-type]
    with pytest.raises(FileNotFoundError, match="does not exist"):
        save_html(folium.Map(tiles=None), tmp_path / "no" / "such" / "x.html")
    with pytest.raises(ValueError, match="is a folder"):
        save_html(folium.Map(tiles=None), tmp_path)
