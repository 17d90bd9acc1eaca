"""Shared fixtures: where the real data for tests lives, and clean skips when it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
DAILY = SHARED / "deepstate" / "daily"
RAW = SHARED / "deepstate" / "raw"


@pytest.fixture(scope="session")
def daily_dir() -> Path:
    if not DAILY.is_dir():
        pytest.skip(f"real DeepState daily snapshots not found at {DAILY} (a fresh clone has none)")
    return DAILY


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    if not RAW.is_dir():
        pytest.skip(f"real DeepState raw snapshots not found at {RAW} (a fresh clone has none)")
    return RAW


@pytest.fixture(scope="session")
def history(daily_dir: Path):
    """The whole daily mirror as a ControlHistory, read once per test session."""
    import frontline as fl

    return fl.read_deepstate(daily_dir)
