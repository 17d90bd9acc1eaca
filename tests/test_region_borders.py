"""The shipped shared borders (data/regions/borders.geojson) are exactly the computed ones."""

from __future__ import annotations

import json

import pytest

import frontline.regions as regions
from frontline import _borders
from frontline._resources import data_file

THRESHOLDS = {"tolerance_km": regions.BORDER_TOLERANCE_KM, "min_km": regions.MIN_BORDER_KM}


def test_shipped_borders_are_the_computed_ones() -> None:
    shipped = _borders.shipped(**THRESHOLDS)
    assert shipped is not None, (
        "data/regions/borders.geojson is missing or out of step with regions.geojson: "
        "run python data/build/build_borders.py"
    )
    computed = _borders.compute(regions.load_regions(), **THRESHOLDS)
    assert list(shipped) == list(computed)
    assert all(shipped[k].wkb == computed[k].wkb for k in computed)
    assert len(computed) > 100  # every pair of neighbours, both ways round


def test_a_file_from_other_input_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_borders, "regions_digest", lambda: "0" * 64)
    assert _borders.shipped(**THRESHOLDS) is None
    assert _borders.shipped(tolerance_km=0.5, min_km=regions.MIN_BORDER_KM) is None


def test_the_file_round_trips_every_coordinate() -> None:
    text = data_file(*_borders.FILE).read_text(encoding="utf-8")
    lines = _borders.shipped(**THRESHOLDS)
    assert lines is not None
    again = _borders.to_geojson(
        lines,
        digest=_borders.regions_digest(),
        tolerance_km=regions.BORDER_TOLERANCE_KM,
        min_km=regions.MIN_BORDER_KM,
    )
    assert json.loads(again) == json.loads(text)


def test_border_reads_the_shipped_line() -> None:
    regions._shared_borders.cache_clear()
    line = regions.border("Dnipropetrovsk", "Donetsk")
    assert round(float(line["km"].iloc[0])) == 163
