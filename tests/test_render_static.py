"""plot_day and plot_change: figures build, legends, footnotes, palette, PNG and PDF output."""

from __future__ import annotations

import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch

import frontline as fl
from frontline.control import ControlHistory, DateOutOfRangeError
from frontline.geodesy import area_km2
from frontline.render import plot_change, plot_day
from frontline.render.palette import PALETTE


@pytest.fixture(scope="module")
def control() -> ControlHistory:
    return fl.example_control()


@pytest.fixture(scope="module")
def claims() -> gpd.GeoDataFrame:
    return fl.example_claims("2025-06-08")


@pytest.fixture(scope="module")
def day_fig(control: ControlHistory, claims: gpd.GeoDataFrame) -> Figure:
    return plot_day("2025-06-08", history=control, claims=claims)


@pytest.fixture(scope="module")
def two_days() -> ControlHistory:
    """Day 1: a square; day 2: the square grown east and cut back in the south-west."""
    a = shapely.box(37.0, 47.8, 37.6, 48.3)
    grown = shapely.box(37.0, 47.8, 37.8, 48.3)
    cut = shapely.difference(grown, shapely.box(37.0, 47.8, 37.1, 47.9))
    frame = gpd.GeoDataFrame(
        {
            "date": pd.to_datetime(["2025-06-01", "2025-06-03"]),
            "source": "Test",
            "status": "occupied",
        },
        geometry=[a, cut],
        crs=4326,
    )
    return ControlHistory(frame)


def _legend_texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.axes[0].get_legend().get_texts()]


def _footnote(fig: Figure) -> str:
    return "\n".join(t.get_text() for t in fig.texts)


def _face_colours(fig: Figure) -> set[str]:
    return {
        to_hex(p.get_facecolor(), keep_alpha=False).upper()
        for p in fig.axes[0].patches
        if isinstance(p, PathPatch) and p.get_fill() and p.get_facecolor()[3] > 0
    }


def _line_colours(fig: Figure) -> set[str]:
    out = set()
    for coll in fig.axes[0].collections:
        if isinstance(coll, LineCollection):
            out.update(to_hex(c, keep_alpha=False).upper() for c in coll.get_colors())
    return out


def test_plot_day_builds_with_legend_and_footnote(day_fig: Figure) -> None:
    assert isinstance(day_fig, Figure)
    assert _legend_texts(day_fig) == [
        "Occupied",
        "Claim: Claimed (no response yet)",
        "Claim: Denied",
        "Region-level claim",
        "Border claim",
        "Region boundary",
    ]
    note = _footnote(day_fig)
    assert "Assessed control: DeepStateMap, snapshot of 2025-06-08." in note
    assert "Claims: 5 made or reported on 2025-06-08 from CNN" in note
    assert "3 without a place not drawn" in note
    assert "Natural Earth" in note
    assert "Lambert conformal conic" in note
    assert day_fig.axes[0].get_title(loc="left") == "2025-06-08: assessed control and claims"


def test_plot_day_uses_the_palette(day_fig: Figure) -> None:
    assert PALETTE["occupied"] in _face_colours(day_fig)
    lines = _line_colours(day_fig)
    assert PALETTE["denied"] in lines
    assert PALETTE["claimed"] in lines
    hatched = [p for p in day_fig.axes[0].patches if p.get_hatch()]
    assert [to_hex(p.get_edgecolor(), keep_alpha=False).upper() for p in hatched] == [
        PALETTE["claimed"]
    ]


def test_plot_day_is_projected_not_plate_carree(day_fig: Figure) -> None:
    x0, x1 = day_fig.axes[0].get_xlim()
    assert x1 - x0 > 1_000_000  # metres in the Lambert conformal conic, not degrees
    assert day_fig.axes[0].get_aspect() == 1.0


def test_savefig_png_and_pdf(day_fig: Figure, tmp_path: Path) -> None:
    png, pdf = tmp_path / "day.png", tmp_path / "day.pdf"
    day_fig.savefig(png, dpi=60)
    day_fig.savefig(pdf)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert pdf.read_bytes()[:5] == b"%PDF-"
    assert png.stat().st_size > 10_000
    assert pdf.stat().st_size > 10_000


def test_no_pyplot_state(control: ControlHistory) -> None:
    before = None
    if "matplotlib.pyplot" in sys.modules:
        before = sys.modules["matplotlib.pyplot"].get_fignums()
    plot_day("2025-06-08", history=control, regions=False)
    if "matplotlib.pyplot" in sys.modules:
        assert sys.modules["matplotlib.pyplot"].get_fignums() == (before or [])


def test_plot_day_into_given_axes(control: ControlHistory) -> None:
    fig = Figure(figsize=(8, 5))
    left, right = fig.subplots(1, 2)
    out = plot_day("2025-06-08", history=control, regions=False, ax=right, title="Right")
    assert out is fig
    assert right.get_legend() is not None
    assert left.get_legend() is None
    assert right.get_title(loc="left") == "Right"


def test_points_and_uncertainty_rings(control: ControlHistory) -> None:
    claims = gpd.GeoDataFrame(
        {
            "claim_id": ["p"],
            "date": [pd.Timestamp("2025-06-08")],
            "claimant": ["X"],
            "status": ["confirmed"],
            "precision": ["point"],
            "precision_m": [5000.0],
        },
        geometry=[shapely.Point(37.18, 48.28)],
        crs=4326,
    )
    fig = plot_day("2025-06-08", claims=claims, regions=False, extent="data")
    assert "Point claim (ring: uncertainty)" in _legend_texts(fig)
    dots = [c for c in fig.axes[0].collections if isinstance(c, PathCollection)]
    assert len(dots) == 1
    assert to_hex(dots[0].get_facecolors()[0], keep_alpha=False).upper() == PALETTE["confirmed"]
    # the ring is drawn 5 km round the point: about 10 km across in the projection
    ring = next(p for p in fig.axes[0].patches if isinstance(p, PathPatch))
    ext = ring.get_path().get_extents()
    assert ext.width == pytest.approx(10_000, rel=0.02)


def test_carried_forward_is_in_the_footnote(two_days: ControlHistory) -> None:
    fig = plot_day("2025-06-02", history=two_days, regions=False)
    assert "snapshot of 2025-06-01 (carried forward from 2025-06-01 to 2025-06-02" in _footnote(fig)


def test_plot_change_legend_gives_geodesic_areas(two_days: ControlHistory, tmp_path: Path) -> None:
    fig = plot_change("2025-06-01", "2025-06-03", history=two_days, regions=False)
    gained = area_km2(shapely.box(37.6, 47.8, 37.8, 48.3))
    lost = area_km2(shapely.box(37.0, 47.8, 37.1, 47.9))
    texts = _legend_texts(fig)
    assert texts[0] == f"Gained: {gained:,.0f} km²"
    assert texts[1] == f"Lost: {lost:,.0f} km²"
    assert texts[2] == "Held on 2025-06-03"
    assert {PALETTE["occupied"], PALETTE["liberated"]} <= _face_colours(fig)
    assert "Net: +" in _footnote(fig)
    fig.savefig(tmp_path / "change.pdf")
    assert (tmp_path / "change.pdf").read_bytes()[:5] == b"%PDF-"


def test_plot_change_on_the_real_history(history: ControlHistory) -> None:
    fig = plot_change("2025-01-01", "2025-06-08", history=history, labels=False)
    expected = history.changes("2025-01-01", "2025-06-08")
    km2 = dict(zip(expected["change"], expected["km2"], strict=True))
    assert _legend_texts(fig)[:2] == [
        f"Gained: {km2['gained']:,.0f} km²",
        f"Lost: {km2['lost']:,.0f} km²",
    ]
    assert "snapshots of 2024-12-31 and 2025-06-08 (carried forward" in _footnote(fig)


def test_bad_input(control: ControlHistory, claims: gpd.GeoDataFrame) -> None:
    with pytest.raises(ValueError, match=r"EPSG:3857.*to_crs\(4326\)"):
        plot_day("2025-06-08", history=control, claims=claims.to_crs(3857))
    with pytest.raises(DateOutOfRangeError):
        plot_day("2020-01-01", history=control)
    with pytest.raises(DateOutOfRangeError):
        plot_change("2020-01-01", "2025-06-08", history=control)
    with pytest.raises(ValueError, match="extent must be"):
        plot_day("2025-06-08", history=control, extent="europe")
    empty = ControlHistory(control.frame.iloc[:0], validate=False)
    with pytest.raises(ValueError, match="empty"):
        plot_day("2025-06-08", history=empty)
    with pytest.raises(ValueError, match="empty"):
        plot_change("2025-06-08", "2025-06-08", history=empty)
    with pytest.raises(ValueError, match="ControlHistory"):
        plot_change("2025-06-08", "2025-06-08", history=np.zeros(3))
