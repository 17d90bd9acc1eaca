"""Rebuild ``data/vendor/``: the scripts, stylesheets, images and fonts that offline pages inline.

``frontline.save_html(m, path, offline=True)`` writes a page with every script and stylesheet it
needs inside it, so that it opens with the network blocked. Those files come from the npm
packages pinned in ``PACKAGES`` below. The script downloads each with ``npm pack`` into a
temporary folder, checks the tarball's integrity against the registry's, and copies the exact
distribution files and the package's licence text into ``data/vendor/``:

* Leaflet (BSD-2-Clause): ``leaflet.js``, ``leaflet.css`` and its ``images/*.png``;
* leaflet.timeline (ISC): ``leaflet.timeline.js``, the time slider of ``map_history``;
* moment (MIT): ``moment.min.js``, used by folium's own ``TimelineSlider``;
* jQuery (MIT): ``jquery.min.js``, used by folium's popups;
* Leaflet.awesome-markers (MIT): ``leaflet.awesome-markers.js``/``.css`` and its images, used by
  ``folium.Icon``;
* Font Awesome Free (icons CC BY 4.0, fonts SIL OFL 1.1, code MIT): ``fontawesome-all.min.css``
  and ``webfonts/*.woff2``, for ``folium.Icon(prefix="fa")``;
* Bootstrap 3 (MIT): ``fonts/glyphicons-halflings-regular.woff2`` and ``glyphicons.css``, the
  Glyphicons rules cut out of ``dist/css/bootstrap.css`` unchanged (folium's default icon
  prefix is ``glyphicon``);
* leaflet-side-by-side (MIT): ``leaflet-side-by-side.js`` (the package's CommonJS source,
  ``index.js``), its two stylesheets and ``range-icon.png``, the swipe of ``map_change``.

``VERSIONS.txt`` records each package, version, licence, npm integrity hash and the files taken
from it (tab-separated; ``frontline.render.offline`` reads it to label what it inlines);
``SOURCE.md`` states the licences. Nothing else in ``data/vendor/`` is written by hand.

Run: ``python data/build/build_vendor.py`` (needs ``npm`` on the PATH and the npm registry).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "vendor"


@dataclass(frozen=True)
class Package:
    """One npm package and what ``data/vendor/`` takes from it."""

    name: str
    version: str
    licence: str  # SPDX identifier(s)
    licence_file: str  # path inside the tarball
    files: dict[str, str] = field(default_factory=dict)  # tarball path -> vendor path
    homepage: str = ""
    used_for: str = ""

    @property
    def spec(self) -> str:
        return f"{self.name}@{self.version}"

    @property
    def short(self) -> str:
        return self.name.rsplit("/", 1)[-1]


PACKAGES: tuple[Package, ...] = (
    Package(
        "leaflet",
        "1.9.4",
        "BSD-2-Clause",
        "package/LICENSE",
        {
            "package/dist/leaflet.js": "leaflet.js",
            "package/dist/leaflet.css": "leaflet.css",
            **{
                f"package/dist/images/{n}.png": f"images/{n}.png"
                for n in ("layers", "layers-2x", "marker-icon", "marker-icon-2x", "marker-shadow")
            },
        },
        "https://leafletjs.com",
        "the map itself",
    ),
    Package(
        "leaflet.timeline",
        "1.6.0",
        "ISC",
        "package/LICENSE",
        {"package/dist/leaflet.timeline.js": "leaflet.timeline.js"},
        "https://github.com/skeate/Leaflet.timeline",
        "the date slider of map_history (and folium's Timeline)",
    ),
    Package(
        "moment",
        "2.30.1",
        "MIT",
        "package/LICENSE",
        {"package/min/moment.min.js": "moment.min.js"},
        "https://momentjs.com",
        "date labels of folium's TimelineSlider (map_history does not need it)",
    ),
    Package(
        "jquery",
        "3.7.1",
        "MIT",
        "package/LICENSE.txt",
        {"package/dist/jquery.min.js": "jquery.min.js"},
        "https://jquery.com",
        "folium's popups (folium.Popup builds its content with jQuery)",
    ),
    Package(
        "leaflet.awesome-markers",
        "2.0.5",
        "MIT",
        "package/LICENSE",
        {
            "package/dist/leaflet.awesome-markers.js": "leaflet.awesome-markers.js",
            "package/dist/leaflet.awesome-markers.css": "leaflet.awesome-markers.css",
            **{
                f"package/dist/images/{n}.png": f"images/{n}.png"
                for n in ("markers-soft", "markers-soft@2x", "markers-shadow", "markers-shadow@2x")
            },
        },
        "https://github.com/lvoogdt/Leaflet.awesome-markers",
        "folium.Icon markers",
    ),
    Package(
        "@fortawesome/fontawesome-free",
        "6.2.0",
        "CC-BY-4.0 AND OFL-1.1 AND MIT",
        "package/LICENSE.txt",
        {
            "package/css/all.min.css": "fontawesome-all.min.css",
            **{
                f"package/webfonts/{n}.woff2": f"webfonts/{n}.woff2"
                for n in ("fa-brands-400", "fa-regular-400", "fa-solid-900", "fa-v4compatibility")
            },
        },
        "https://fontawesome.com",
        'icons of folium.Icon(prefix="fa")',
    ),
    Package(
        "bootstrap",
        "3.4.1",
        "MIT",
        "package/LICENSE",
        {
            "package/dist/fonts/glyphicons-halflings-regular.woff2": (
                "fonts/glyphicons-halflings-regular.woff2"
            ),
            # glyphicons.css is cut out of dist/css/bootstrap.css by _glyphicons() below
        },
        "https://getbootstrap.com/docs/3.4/",
        "Glyphicons, folium.Icon's default icon font",
    ),
    Package(
        "leaflet-side-by-side",
        "2.2.0",
        "MIT",
        "package/LICENSE",
        {
            # the package ships its source only (a CommonJS module and two stylesheets, built
            # with browserify upstream); frontline.render.offline wraps the module when it
            # inlines it, and the stylesheet's url(range-icon.png) resolves at the vendor root
            "package/index.js": "leaflet-side-by-side.js",
            "package/layout.css": "leaflet-side-by-side-layout.css",
            "package/range.css": "leaflet-side-by-side-range.css",
            "package/range-icon.png": "range-icon.png",
        },
        "https://github.com/digidem/leaflet-side-by-side",
        "the swipe between two days of map_change",
    ),
)

_GLYPH_START = '@font-face {\n  font-family: "Glyphicons Halflings";'
_GLYPH_LAST = ".glyphicon-menu-up:before {"


def _glyphicons(bootstrap_css: str) -> str:
    """The Glyphicons section of Bootstrap 3's stylesheet, unchanged."""
    start = bootstrap_css.find(_GLYPH_START)
    last = bootstrap_css.find(_GLYPH_LAST)
    if start < 0 or last < 0:
        raise SystemExit("bootstrap.css: the Glyphicons section was not found; check the version")
    stop = bootstrap_css.index("}", last) + 1
    section = bootstrap_css[start:stop]
    selectors = re.findall(r"(?m)^([^\s{}][^{}]*)\{", section)
    stray = [s for s in selectors if "glyphicon" not in s.lower() and "@font-face" not in s]
    if stray:
        raise SystemExit(f"bootstrap.css: unexpected rules in the Glyphicons section: {stray[:3]}")
    return "/*! Glyphicons rules of Bootstrap v3.4.1 (MIT), dist/css/bootstrap.css */\n" + section


def _npm_pack(spec: str, into: Path) -> tuple[Path, str]:
    """Download one package tarball; return its path and npm's integrity hash."""
    out = subprocess.run(
        ["npm", "pack", spec, "--json", "--silent"],
        cwd=into,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    info = json.loads(out)[0]
    return into / info["filename"], info["integrity"]


def build(out: Path = OUT) -> list[str]:
    """Download every package and write ``out``; returns the lines of VERSIONS.txt."""
    if shutil.which("npm") is None:
        raise SystemExit("npm is not on the PATH; install Node.js (apt-get install npm)")
    lines = [
        "# rebuilt by data/build/build_vendor.py; tab-separated:",
        "# npm package\tversion\tlicence (SPDX)\tnpm integrity\tfiles taken",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        stage = tmpdir / "vendor"
        stage.mkdir()
        for pkg in PACKAGES:
            tarball, integrity = _npm_pack(pkg.spec, tmpdir)
            with tarfile.open(tarball) as tar:
                members = {m.name: m for m in tar.getmembers() if m.isfile()}

                def read(
                    member: str,
                    pkg: Package = pkg,
                    tar: tarfile.TarFile = tar,
                    members: dict[str, tarfile.TarInfo] = members,
                ) -> bytes:
                    if member not in members:
                        raise SystemExit(f"{pkg.spec}: {member} is missing from the tarball")
                    handle = tar.extractfile(members[member])
                    assert handle is not None
                    return handle.read()

                taken = []
                for member, dest in pkg.files.items():
                    target = stage / dest
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(read(member))
                    taken.append(dest)
                if pkg.name == "bootstrap":
                    css = read("package/dist/css/bootstrap.css").decode("utf-8")
                    (stage / "glyphicons.css").write_text(_glyphicons(css), encoding="utf-8")
                    taken.append("glyphicons.css")
                licence = stage / f"LICENSE-{pkg.short}.txt"
                licence.write_bytes(read(pkg.licence_file))
                taken.append(licence.name)
            row = [pkg.name, pkg.version, pkg.licence, integrity, " ".join(taken)]
            lines.append("\t".join(row))
            print(f"{pkg.spec:40s} {pkg.licence:30s} {len(taken)} files")
        (stage / "VERSIONS.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        (stage / "SOURCE.md").write_text(_source_md(), encoding="utf-8")
        # replace the folder in one step so a failed build never leaves half a vendor folder
        if out.exists():
            old = out.with_name(out.name + ".old")
            shutil.rmtree(old, ignore_errors=True)
            os.replace(out, old)
            shutil.copytree(stage, out)
            shutil.rmtree(old)
        else:
            shutil.copytree(stage, out)
    return lines


def _source_md() -> str:
    rows = "\n".join(
        f"| `{p.name}` | {p.version} | {p.licence} | `LICENSE-{p.short}.txt` | {p.used_for} |"
        for p in PACKAGES
    )
    return f"""# Vendored web libraries (`data/vendor/`)

The scripts, stylesheets, images and fonts that `frontline.save_html(..., offline=True)` inlines
into a page so that it opens without the network. Every file is an unmodified file of the npm
package named below, except `glyphicons.css`, which is the Glyphicons section of Bootstrap
3.4.1's `dist/css/bootstrap.css` cut out unchanged. Rebuilt by
`python data/build/build_vendor.py`, which records versions and npm integrity hashes in
`VERSIONS.txt`. The packages' licence texts are the `LICENSE-*.txt` files beside them.

| npm package | version | licence | licence text | used for |
|---|---|---|---|---|
{rows}

Font Awesome Free: icons CC BY 4.0, fonts SIL Open Font License 1.1, code MIT
(`LICENSE-fontawesome-free.txt`). An offline page carries only the files it needs: Leaflet
always, leaflet.timeline with a history slider, jQuery when the page has folium popups, the
marker and icon-font files only when the page uses `folium.Icon`, leaflet-side-by-side when
the page has the swipe of `map_change`. leaflet-side-by-side is published on npm as its
CommonJS source (`index.js`, built with browserify upstream); it is kept unchanged as
`leaflet-side-by-side.js` and wrapped in a few lines giving it Leaflet when a page inlines it.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder to write (data/vendor)")
    args = parser.parse_args(argv)
    build(args.out)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
