"""Save a map as one HTML file, optionally with everything it needs inside it: :func:`save_html`.

A folium page normally loads Leaflet, jQuery, Bootstrap, icon fonts and plugins from CDNs. With
``offline=True`` each of those ``<script src>`` and ``<link rel="stylesheet">`` tags is replaced
by the file's content, taken from the copies shipped in the package (``frontline._data/vendor``,
built from npm by ``data/build/build_vendor.py``; versions and licences in its ``VERSIONS.txt``).
Images and fonts that stylesheets refer to become ``data:`` URIs. Only what the page uses is
kept:

================================  ===========================================================
library                           inlined when
================================  ===========================================================
Leaflet 1.9.4 (JS, CSS, images)   always (folium asks for 1.9.3; 1.9.4 is its bug-fix release)
leaflet.timeline 1.6.0            the page has a time slider (``map_history``, folium Timeline)
moment 2.30.1                     the page calls ``moment(`` (folium's TimelineSlider)
jQuery 3.7.1                      the page's code uses ``$(``/``jQuery`` (folium popups do)
Leaflet.awesome-markers 2.0.5     the page uses ``L.AwesomeMarkers`` (``folium.Icon``)
Glyphicons / Font Awesome 6.2.0   an awesome marker or the page's HTML uses that icon font
leaflet-side-by-side 2.2.0        the page has the swipe of ``map_change``
Bootstrap 5 (JS and CSS)          never: folium loads it by default, but maps do not use it
================================  ===========================================================

A page that needs any other remote script or stylesheet (a folium plugin frontline does not
ship) is refused with a ``ValueError`` naming the URL, rather than saved half-offline.

Tiles are the exception, on purpose: a tile layer stays in the page (a reader who is online
still gets the base map) and fetches its tiles from the network when there is one. Without
network the page still works (areas, lines, markers, popups, slider, legend) on a blank
background, but the browser tries, and fails, to fetch every tile. For a page meant to be read
offline, draw it without tiles: ``map_day(..., tiles=None)``, ``map_history(..., tiles=None)``
(``frontline map --offline`` and ``frontline history --offline`` do so unless ``--tiles`` is
given).
"""

from __future__ import annotations

import base64
import os
import posixpath
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from frontline._atomic import check_folder, write_text
from frontline._resources import data_file

__all__ = ["inline_assets", "save_html"]


# --- writing ----------------------------------------------------------------------------------


def save_html(m: Any, path: str | os.PathLike[str], *, offline: bool = False) -> Path:
    """Write a folium map to an HTML file, atomically; ``offline=True`` inlines its libraries.

    Parameters
    ----------
    m : folium.Map (or any branca element)
        The map, e.g. from :func:`frontline.map_day` or :func:`frontline.map_history`.
    path : str or path-like
        Where to write. The folder must exist. The file is written to a temporary file beside
        it and moved into place, so a reader never sees half a page and a failure leaves any
        earlier file untouched.
    offline : bool, default False
        Put every script and stylesheet the page needs inside it (see the module notes), so
        that it opens with the network blocked. A tile layer is kept and still loads its tiles
        from the network (so an online reader sees the base map); for a page meant to be read
        offline, make the map with ``tiles=None``, e.g.
        ``save_html(fl.map_day(day, history=h, tiles=None), path, offline=True)``.

    Returns
    -------
    pathlib.Path
        The absolute path written.

    Raises
    ------
    TypeError
        ``m`` is not a folium/branca element.
    FileNotFoundError
        The folder does not exist.
    ValueError
        ``path`` is a folder, or (offline) the page needs a remote library frontline does not
        ship.

    Examples
    --------
    >>> import folium, tempfile, pathlib
    >>> folder = tempfile.mkdtemp()
    >>> out = save_html(folium.Map(tiles=None), pathlib.Path(folder) / "map.html", offline=True)
    >>> text = out.read_text(encoding="utf-8")
    >>> "https://cdn.jsdelivr.net" in text, "L.map(" in text
    (False, True)
    """
    get_root = getattr(m, "get_root", None)
    if get_root is None or not callable(get_root):
        raise TypeError(f"save_html saves a folium map (or branca element), got {type(m).__name__}")
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a str or path-like, got {type(path).__name__}")
    target = Path(path).expanduser().absolute()
    if target.is_dir():
        raise ValueError(f"{target} is a folder; give a file name such as {target / 'map.html'}")
    check_folder(target)
    page = get_root().render()
    if offline:
        page = inline_assets(page)
    write_text(target, page)
    return target


# --- the vendored files -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Vendor:
    package: str
    version: str
    licence: str


@cache
def _versions() -> dict[str, _Vendor]:
    """vendor file -> the npm package it comes from (from VERSIONS.txt)."""
    out: dict[str, _Vendor] = {}
    text = data_file("vendor", "VERSIONS.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, version, licence, _integrity, files = line.split("\t")
        for f in files.split():
            out[f] = _Vendor(name, version, licence)
    return out


@cache
def _vendor_text(name: str) -> str:
    return data_file("vendor", *name.split("/")).read_text(encoding="utf-8")


@cache
def _vendor_data_uri(name: str) -> str:
    kind = {
        ".png": "image/png",
        ".woff2": "font/woff2",
        ".svg": "image/svg+xml",
        ".gif": "image/gif",
    }[posixpath.splitext(name)[1]]
    raw = data_file("vendor", *name.split("/")).read_bytes()
    return f"data:{kind};base64,{base64.b64encode(raw).decode('ascii')}"


def _vendor_has(name: str) -> bool:
    try:
        data_file("vendor", *name.split("/"))
    except FileNotFoundError:
        return False
    return True


def _banner(name: str) -> str:
    v = _versions().get(name)
    what = f"{v.package} {v.version}, {v.licence}" if v else name
    return f"/*! {what}; inlined by frontline from frontline/_data/vendor/{name} */"


# --- which remote file is which ---------------------------------------------------------------

#: the side-by-side control, published on npm as its CommonJS source: see _side_by_side()
SIDE_BY_SIDE = "leaflet-side-by-side.js"
_SIDE_BY_SIDE_CSS = ("leaflet-side-by-side-layout.css", "leaflet-side-by-side-range.css")

# (pattern on the URL, kind, vendored file or None to drop, condition)
_RULES: tuple[tuple[re.Pattern[str], str, str | None, str], ...] = (
    (re.compile(r"leaflet\.timeline[^/]*/|leaflet\.timeline(\.min)?\.js$"), "js",
     "leaflet.timeline.js", "always"),
    (re.compile(r"leaflet-side-by-side[^/]*\.js$"), "js", SIDE_BY_SIDE, "always"),
    (re.compile(r"awesome[-.]markers.*\.js$"), "js", "leaflet.awesome-markers.js", "awesome"),
    (re.compile(r"awesome[-.]markers.*\.css$"), "css", "leaflet.awesome-markers.css", "awesome"),
    (re.compile(r"leaflet\.awesome\.rotate(\.min)?\.css$"), "css", None, "rotate"),
    (re.compile(r"(^|/)leaflet(@[\d.]+)?/dist/leaflet(-src)?\.js$|/leaflet(-src)?\.js$"), "js",
     "leaflet.js", "always"),
    (re.compile(r"(^|/)leaflet(@[\d.]+)?/dist/leaflet\.css$|/leaflet\.css$"), "css",
     "leaflet.css", "always"),
    (re.compile(r"jquery[-.\d]*(\.min)?\.js$"), "js", "jquery.min.js", "jquery"),
    (re.compile(r"moment(\.min)?\.js$"), "js", "moment.min.js", "moment"),
    (re.compile(r"bootstrap-glyphicons\.css$"), "css", "glyphicons.css", "glyphicon"),
    (re.compile(r"fontawesome|font-awesome"), "css", "fontawesome-all.min.css", "fa"),
    (re.compile(r"bootstrap[^/]*/.*\.(js|css)$|bootstrap(\.bundle)?(\.min)?\.(js|css)$"), "any",
     None, "never"),
)  # fmt: skip

_SCRIPT_TAG = re.compile(
    r"<script\b[^>]*?\bsrc\s*=\s*([\"'])(?P<url>[^\"']+)\1[^>]*>\s*</script\s*>", re.IGNORECASE
)
_LINK_TAG = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
_HREF = re.compile(r"\bhref\s*=\s*([\"'])(?P<url>[^\"']+)\1", re.IGNORECASE)
_REMOTE = re.compile(r"^(?:https?:)?//", re.IGNORECASE)


def _needs(code: str) -> dict[str, bool]:
    """What the page's own markup and scripts use."""
    awesome = "L.AwesomeMarkers" in code
    return {
        "always": True,
        "never": False,
        "jquery": bool(re.search(r"\$\(|\$\.[A-Za-z]|\bjQuery\b", code)),
        "moment": bool(re.search(r"\bmoment\s*\(", code)),
        "awesome": awesome,
        "rotate": awesome and bool(re.search(r"fa-rotate-(?!0\b)\d+", code)),
        "glyphicon": bool(
            (awesome and re.search(r"[\"']prefix[\"']\s*:\s*[\"']glyphicon[\"']", code))
            or re.search(r"class\s*=\s*[\"'][^\"']*\bglyphicon\b", code)
        ),
        "fa": bool(
            (awesome and re.search(r"[\"']prefix[\"']\s*:\s*[\"']fa[srb]?[\"']", code))
            or re.search(r"class\s*=\s*[\"'][^\"']*\bfa[srb]?\s+fa-", code)
            or re.search(r"class\s*=\s*[\"'][^\"']*\bfa-(solid|regular|brands)\b", code)
        ),
    }


def _rule(url: str, kind: str) -> tuple[str | None, str]:
    for pattern, rule_kind, vendored, condition in _RULES:
        if rule_kind in (kind, "any") and pattern.search(url):
            return vendored, condition
    raise ValueError(
        f"offline=True cannot inline {url}: frontline ships Leaflet, leaflet.timeline, moment, "
        "jQuery, Leaflet.awesome-markers and their icon fonts, and leaflet-side-by-side only. "
        "Save with offline=False, or leave out the map element that loads it"
    )


def inline_assets(page: str) -> str:
    """``page`` with every remote script and stylesheet replaced by the vendored file.

    Used by :func:`save_html` (``offline=True``); see the module notes for what is kept.

    Examples
    --------
    >>> page = '<script src="https://unpkg.com/leaflet@1.9.4/dist/leaflet.js"></script>L.map()'
    >>> out = inline_assets(page)
    >>> out.startswith("<script>/*! leaflet 1.9.4, BSD-2-Clause"), "unpkg" in out
    (True, False)
    """
    tags: list[tuple[int, int, str, str]] = []  # start, end, url, kind
    for match in _SCRIPT_TAG.finditer(page):
        if _REMOTE.match(match.group("url").strip()):
            tags.append((match.start(), match.end(), match.group("url").strip(), "js"))
    for match in _LINK_TAG.finditer(page):
        tag = match.group(0)
        href = _HREF.search(tag)
        if href is None or not _REMOTE.match(href.group("url").strip()):
            continue
        if not re.search(r"\brel\s*=\s*[\"']?[^\"'>]*stylesheet", tag, re.IGNORECASE):
            raise ValueError(
                f"offline=True cannot keep the remote link {tag!r}; remove it from the page"
            )
        tags.append((match.start(), match.end(), href.group("url").strip(), "css"))
    tags.sort()
    own_code = _strip(page, tags)
    needs = _needs(own_code)
    out: list[str] = []
    done: set[str] = set()
    pos = 0
    for start, end, url, kind in tags:
        out.append(page[pos:start])
        pos = end
        vendored, condition = _rule(url, kind)
        if not needs[condition]:
            continue
        if condition == "rotate":
            out.append(_rotate_css(own_code))
            continue
        assert vendored is not None
        if vendored in done:
            continue
        done.add(vendored)
        if kind == "js":
            out.append(_script(vendored))
        else:
            out.append(_style(vendored))
    out.append(page[pos:])
    result = "".join(out)
    _check_offline(result)
    return result


def _strip(page: str, tags: list[tuple[int, int, str, str]]) -> str:
    parts, pos = [], 0
    for start, end, _, _ in tags:
        parts.append(page[pos:start])
        pos = end
    parts.append(page[pos:])
    return "".join(parts)


def _script(name: str) -> str:
    code = _vendor_text(name)
    code = re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE)
    code = re.sub(r"//# sourceMappingURL=\S+", "", code)
    extra = ""
    if name == "leaflet.js":
        # Leaflet finds its default marker images through a CSS url(); once inlined that url is
        # a data: URI it cannot parse, so give it the images directly.
        extra = (
            "\n<script>L.Icon.Default.imagePath = '';\nL.Icon.Default.mergeOptions({"
            f"iconUrl: '{_vendor_data_uri('images/marker-icon.png')}', "
            f"iconRetinaUrl: '{_vendor_data_uri('images/marker-icon-2x.png')}', "
            f"shadowUrl: '{_vendor_data_uri('images/marker-shadow.png')}'}});</script>"
        )
    if name == SIDE_BY_SIDE:
        return _side_by_side(code)
    return f"<script>{_banner(name)}\n{code}\n</script>{extra}"


def _side_by_side(code: str) -> str:
    """leaflet-side-by-side's npm source, run as the CommonJS module it is, and its styles.

    The package on npm is its source (``require('leaflet')``, ``require('./layout.css')``,
    ``module.exports``), built with browserify upstream; rather than ship a bundle built here,
    the unchanged file runs inside a function that gives it Leaflet and a ``module``, and its
    two stylesheets (whose ``range-icon.png`` becomes a data: URI) go beside it.
    """
    shim = (
        "(function () {\nvar module = {exports: {}}, exports = module.exports;\n"
        "function require(name) { return name === 'leaflet' ? window.L : {}; }\n"
    )
    styles = "".join(_style(css) for css in _SIDE_BY_SIDE_CSS)
    return f"<script>{_banner(SIDE_BY_SIDE)}\n{shim}{code}\n}})();\n</script>{styles}"


def _style(name: str) -> str:
    css = _inline_css(_vendor_text(name))
    css = re.sub(r"</(style)", r"<\\/\1", css, flags=re.IGNORECASE)
    css = re.sub(r"/\*# sourceMappingURL=[^*]*\*/", "", css)
    return f"<style>{_banner(name)}\n{css}\n</style>"


_URL = re.compile(r"url\(\s*(?P<q>[\"']?)(?P<url>[^\"')]*)(?P=q)\s*\)")
_SRC_DECL = re.compile(r"(?<![-\w])src\s*:\s*(?P<value>[^;}]*)(?P<end>;?)")


def _vendor_path(url: str) -> str | None:
    """The vendored file a stylesheet's relative url() means, or None."""
    if _REMOTE.match(url) or url.startswith(("data:", "#")) or ":" in url.split("/")[0]:
        return None
    clean = url.split("#", 1)[0].split("?", 1)[0]
    parts = [p for p in posixpath.normpath(clean).split("/") if p not in ("", ".", "..")]
    name = "/".join(parts)
    return name if name and _vendor_has(name) else None


def _inline_css(css: str) -> str:
    """Inline the url()s of a vendored stylesheet; font sources we do not ship are dropped."""

    def font_src(match: re.Match[str]) -> str:
        items = [i.strip() for i in match.group("value").split(",")]
        kept = []
        for item in items:
            u = _URL.search(item)
            if u is None:
                kept.append(item)
                continue
            name = _vendor_path(u.group("url"))
            if name is not None:
                kept.append(
                    item[: u.start()] + f'url("{_vendor_data_uri(name)}")' + item[u.end() :]
                )
        if not kept:
            return ""
        return "src:" + ",".join(kept) + match.group("end")

    def one_url(match: re.Match[str]) -> str:
        url = match.group("url")
        if url.startswith(("data:", "#")):
            return match.group(0)
        name = _vendor_path(url)
        if name is None:
            raise ValueError(f"vendored stylesheet refers to {url!r}, which is not shipped")
        return f'url("{_vendor_data_uri(name)}")'

    out = []
    for block in re.split(r"(@font-face\s*\{[^}]*\})", css):
        if block.startswith("@font-face"):
            block = _SRC_DECL.sub(font_src, block)
        out.append(block)
    css = "".join(out)
    return _URL.sub(lambda m: m.group(0) if m.group("url").startswith("data:") else one_url(m), css)


def _rotate_css(code: str) -> str:
    """The rotation rules folium's awesome markers use (``fa-rotate-<degrees>``)."""
    angles = sorted({int(a) for a in re.findall(r"fa-rotate-(\d+)", code)} - {0})
    rules = "".join(f".fa-rotate-{a}{{transform:rotate({a}deg)}}" for a in angles)
    return f"<style>{rules}</style>"


_STYLE_BLOCK = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.IGNORECASE | re.DOTALL)


def _check_offline(page: str) -> None:
    for match in _SCRIPT_TAG.finditer(page):
        if _REMOTE.match(match.group("url").strip()):  # pragma: no cover - guarded above
            raise AssertionError(f"remote script left in the page: {match.group('url')}")
    for block in _STYLE_BLOCK.finditer(page):
        for match in _URL.finditer(block.group(1)):
            if _REMOTE.match(match.group("url").strip()):
                raise ValueError(
                    f"offline=True: a stylesheet in the page refers to {match.group('url')}; "
                    "frontline cannot inline it, remove it from the page"
                )
