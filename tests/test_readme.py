"""The README's Python examples run as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```python\n(.*?)```", README, flags=re.S)


def _block(containing: str) -> str:
    (found,) = [b for b in BLOCKS if containing in b]
    return found


def test_claims_example_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code = "import frontline as fl\n" + _block("claims_from_records")
    scope: dict = {}
    exec(compile(code, "README.md", "exec"), scope)
    claims = scope["c"]
    assert claims["status"].tolist() == ["denied"]
    assert (tmp_path / "claims.gpkg").exists()


def test_tour_runs(tmp_path, monkeypatch, daily_dir):
    monkeypatch.chdir(tmp_path)
    code = _block("fl.region(").replace("../shared/data/deepstate/daily", str(daily_dir))
    scope: dict = {}
    exec(compile(code, "README.md", "exec"), scope)
    share = scope["share"]
    assert share["km2"].iloc[0] == pytest.approx(113_324, abs=1)
    assert (tmp_path / "report.html").exists()
