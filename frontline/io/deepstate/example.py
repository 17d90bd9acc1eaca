"""The built-in example: one day of DeepStateMap's assessment, shipped with the package."""

from __future__ import annotations

from importlib import resources

from frontline._resources import data_file
from frontline.control import ControlHistory
from frontline.io.deepstate.read import read_deepstate

__all__ = ["example_control"]


def example_control() -> ControlHistory:
    """The built-in example: DeepStateMap's assessment for 2025-06-08 (one day).

    The day ships with the package (data credit: DeepStateMap; via the daily mirror
    cyterat/deepstate-map-data, GPL-3.0). Its area is about 113,300 km².

    Examples
    --------
    >>> h = example_control()
    >>> len(h), h.sources
    (1, ['DeepStateMap'])
    """
    with resources.as_file(data_file("deepstate", "2025-06-08.geojson")) as path:
        return read_deepstate(path)
