"""The code base stays linted, formatted, layered and typed (ruff, import-linter, mypy), and
every module stays small enough to read in one sitting."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PATHS = ["frontline", "tests", "benchmarks", "data/build"]


def _tool(name: str) -> str:
    found = Path(sys.executable).with_name(name)
    if found.exists():
        return str(found)
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (pip install -e '.[test]')")
    return path


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True)


def test_ruff_check():
    done = _run(_tool("ruff"), "check", *[p for p in PATHS if (ROOT / p).exists()])
    assert done.returncode == 0, done.stdout + done.stderr


def test_ruff_format():
    done = _run(_tool("ruff"), "format", "--check", *[p for p in PATHS if (ROOT / p).exists()])
    assert done.returncode == 0, done.stdout + done.stderr


def test_import_layers():
    done = _run(_tool("lint-imports"), "--no-cache")
    assert done.returncode == 0, done.stdout + done.stderr


def test_types():
    """mypy, with the strictness stated in setup.cfg's [mypy] section, finds no error."""
    done = _run(_tool("mypy"), "--no-incremental")
    assert done.returncode == 0, done.stdout + done.stderr


def test_modules_stay_small():
    """One concern per file: no module of the package runs past about 600 lines."""
    long = {
        str(p.relative_to(ROOT)): n
        for p in (ROOT / "frontline").rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 650
    }
    assert not long, f"modules over 650 lines: {long}"


def test_every_public_name_resolves():
    """Each name in frontline.__all__ is importable from the module _EXPORTS names."""
    import frontline as fl

    missing = [n for n in fl.__all__ if n != "__version__" and not hasattr(fl, n)]
    assert not missing
