"""Run the notebooks with nbmake; skip those that need real data when it is absent.

``01_report_2025_06_08.ipynb`` needs nothing but the package. ``02_history.ipynb`` reads the
DeepState daily snapshots from ``../shared/data/deepstate/daily`` next to the repository (the
path the notebook itself uses, relative to this folder), and is skipped cleanly without them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
DAILY = HERE.parent.parent / "shared" / "data" / "deepstate" / "daily"

#: notebook file name -> the folder it needs
NEEDS = {"02_history.ipynb": DAILY, "03_claims_scorecard.ipynb": DAILY}


def pytest_runtest_setup(item: pytest.Item) -> None:
    folder = NEEDS.get(Path(str(item.path)).name)
    if folder is not None and not folder.is_dir():
        pytest.skip(f"{item.path.name} needs the DeepState daily snapshots in {folder}")
