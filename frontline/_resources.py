"""Where the package's built data lives: ``importlib.resources`` over ``frontline._data``.

The repository keeps built data in ``data/`` at its root (beside the scripts that rebuild it);
``setup.cfg`` maps that folder to the package ``frontline._data`` so that it travels in the
wheel. Nothing is read at import time.
"""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable

__all__ = ["data_file"]


def data_file(*parts: str) -> Traversable:
    """The shipped data file at ``data/<parts...>``; raises ``FileNotFoundError`` if missing."""
    node = resources.files("frontline._data")
    for part in parts:
        node = node.joinpath(part)
    if not node.is_file():
        raise FileNotFoundError(
            f"frontline's data file {'/'.join(parts)!r} is missing from the installed package; "
            "reinstall frontline-maps (pip install --force-reinstall frontline-maps)"
        )
    return node
