"""The code base stays linted, formatted and layered (ruff, import-linter)."""

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
