"""The wheel carries the data, and an installed (non-editable) copy finds it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    try:
        import setuptools  # noqa: F401
    except ImportError:  # pragma: no cover
        pytest.skip("setuptools is needed to build the wheel without network")
    # Build from a clean copy: an in-tree build/ folder left by an earlier build must not leak
    # stale modules into the wheel.
    source = tmp_path_factory.mktemp("source") / "frontline"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis"
        ),
    )
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(source)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    (found,) = out.glob("frontline_maps-*.whl")
    return found


def test_wheel_contains_the_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "frontline/__init__.py",
        "frontline/py.typed",
        "frontline/_data/regions/regions.geojson",
        "frontline/_data/regions/official_areas.csv",
        "frontline/_data/regions/extensions.geojson",
        "frontline/_data/places/places.parquet",
        "frontline/_data/places/place_names.parquet",
        "frontline/_data/claims/2025-06-08.json",
        "frontline/_data/deepstate/2025-06-08.geojson",
        "frontline/_data/vendor/leaflet.js",
        "frontline/_data/vendor/leaflet.timeline.js",
        "frontline/_data/vendor/leaflet-side-by-side.js",
        "frontline/_data/vendor/leaflet-side-by-side-range.css",
        "frontline/_data/vendor/range-icon.png",
    ):
        assert required in names
    shipped = {n for n in names if n.startswith("frontline/") and n.endswith(".py")}
    shipped = {n for n in shipped if not n.startswith("frontline/_data/")}
    source = {p.relative_to(ROOT).as_posix() for p in (ROOT / "frontline").rglob("*.py")}
    assert shipped == source
    built = [n for n in names if n.startswith("frontline/_data/")]
    assert not [n for n in built if n.endswith(".py") and "build" in n], "build scripts shipped"


def test_installed_wheel_finds_its_data(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target),
         str(wheel)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "import frontline;"
        f"assert frontline.__file__.startswith({str(target)!r}), frontline.__file__;"
        "print(len(frontline.load_regions()), frontline.region('Dnipro')['code'])"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=elsewhere, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["27", "UA-12"]
