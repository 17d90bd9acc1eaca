"""map_change (the change map with its swipe), the print charts, and the report and front
commands: built from small synthetic histories and the shipped day; the real months skip when
the DeepState mirror is absent."""

from __future__ import annotations

import json
import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from matplotlib.figure import Figure

import frontline as fl
from frontline.cli import main
from frontline.control import ControlHistory
from frontline.render.change.page import GAINED, LOST
from frontline.render.offline import inline_assets

HOSTILE = '<img src=x onerror="window.__pwned = 1">${window.__pwned = 2}`'
DAILY = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "deepstate" / "daily"


def has(page: str, text: str) -> bool:
    """``text`` is in the page, as it is or as a JSON string writes it (``\\u00b2``)."""
    return text in page or json.dumps(text)[1:-1] in page


def growing(source: str = "DeepStateMap", days: int = 40) -> ControlHistory:
    """Held ground in Donetsk oblast growing westward a little every day, with a retreat."""
    rows = []
    for i in range(days):
        day = pd.Timestamp("2025-03-01") + pd.Timedelta(days=i)
        geom = shapely.box(37.6 - 0.01 * i, 47.6, 38.2, 48.4)
        if i >= days - 5:  # a late retreat in the south-east corner
            geom = geom.difference(shapely.box(38.0, 47.6, 38.2, 47.7))
        rows.append((day, geom))
    return ControlHistory(
        gpd.GeoDataFrame(
            {"date": [r[0] for r in rows], "source": source, "status": "occupied"},
            geometry=[r[1] for r in rows],
            crs=4326,
        )
    )


@pytest.fixture(scope="module")
def history() -> ControlHistory:
    return growing()


@pytest.fixture(scope="module")
def page(history: ControlHistory) -> str:
    m = fl.map_change(history, "2025-03-01", "2025-04-09", tiles=None)
    return str(m.get_root().render())


# --- the change map -------------------------------------------------------------------------


def test_change_map_has_both_days_the_change_and_the_swipe(
    history: ControlHistory, page: str
) -> None:
    change = history.changes("2025-03-01", "2025-04-09")
    km2 = dict(zip(change["change"], change["km2"], strict=True))
    assert km2["gained"] > 100
    assert km2["lost"] > 10
    assert has(page, f"Gained: {km2['gained']:,.1f} km²")
    assert has(page, f"Lost: {km2['lost']:,.1f} km²")
    for day in ("2025-03-01", "2025-04-09"):
        assert f"Held on {day}" in page
        assert f"Front line, {day}" in page
    # the swipe: the control, its panes given as the layers' containers, the day labels
    assert "L.control.sideBySide(" in page
    assert page.count("getContainer = function") == 2
    assert "frontlineChangeStart" in page
    assert "frontlineChangeEnd" in page
    assert has(page, "◀ 2025-03-01")
    assert "leaflet-side-by-side" in page  # linked for online pages
    # colours of gains and losses
    assert GAINED.lower() in page.lower()
    assert LOST.lower() in page.lower()
    # the footnote states the provenance and figures
    assert "snapshots of 2025-03-01 and 2025-04-09" in page
    net = km2["gained"] - km2["lost"]
    assert has(page, f"net {net:+,.1f} km²")


def test_change_map_front_lines_match_front_line(history: ControlHistory, page: str) -> None:
    for day in ("2025-03-01", "2025-04-09"):
        total = fl.front_line(history, day).attrs["total_km"]
        assert total > 50
        assert has(page, f"Front line, {day}: {total:,.0f} km")


def test_change_map_offline_inlines_the_swipe(history: ControlHistory, tmp_path: Path) -> None:
    m = fl.map_change(history, "2025-03-01", "2025-04-09", tiles=None)
    path = fl.save_html(m, tmp_path / "change.html", offline=True)
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=[\"']https?:", text)
    assert "cdn.jsdelivr" not in text
    assert "L.Control.SideBySide = L.Control.extend" in text  # the vendored npm source
    assert "leaflet-side-by-side 2.2.0, MIT" in text
    assert ".leaflet-sbs-range" in text
    assert "data:image/png;base64," in text
    assert "function require(name)" in text


def test_inline_assets_side_by_side_rule() -> None:
    page = (
        '<script src="https://unpkg.com/leaflet@1.9.4/dist/leaflet.js"></script>'
        '<script src="https://cdn.jsdelivr.net/gh/digidem/leaflet-side-by-side@2.0.0/'
        'leaflet-side-by-side.min.js"></script>L.control.sideBySide(a, b)'
    )
    out = inline_assets(page)
    assert "jsdelivr" not in out
    assert "unpkg" not in out
    assert out.index("leaflet 1.9.4") < out.index("leaflet-side-by-side 2.2.0")


def test_change_map_escapes_the_source_name() -> None:
    h = growing(source=HOSTILE, days=3)
    m = fl.map_change(h, "2025-03-01", "2025-03-03", tiles=None)
    text = str(m.get_root().render())
    assert "<img src=x" not in text
    assert "${window.__pwned" not in text
    assert "\\u0026lt;img src=x" in text  # escaped, then written as a JS string


def test_change_map_bad_input(history: ControlHistory) -> None:
    with pytest.raises(ValueError, match="before start"):
        fl.map_change(history, "2025-04-09", "2025-03-01", tiles=None)
    with pytest.raises(ValueError, match="ControlHistory"):
        fl.map_change("not a history", "2025-03-01", "2025-03-02", tiles=None)  # type: ignore[arg-type]
    with pytest.raises(fl.DateOutOfRangeError):
        fl.map_change(history, "2024-01-01", "2025-03-02", tiles=None)
    with pytest.raises(fl.TileProviderError):
        fl.map_change(history, "2025-03-01", "2025-03-02", tiles="No Such Tiles")


def test_change_map_from_a_frame_and_without_legend(history: ControlHistory) -> None:
    m = fl.map_change(history.frame, "2025-03-01", "2025-03-05", tiles=None, legend=False)
    text = str(m.get_root().render())
    assert "L.control.sideBySide(" in text
    assert "fl-foot" not in text.split("<body>", 1)[1]


# --- the charts ------------------------------------------------------------------------------


def _texts(fig: Figure) -> str:
    return " ".join(t.get_text() for t in fig.findobj(lambda o: hasattr(o, "get_text")))


def test_plot_held_area(history: ControlHistory) -> None:
    fig = fl.plot_held_area(history)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    y = ax.lines[0].get_ydata()
    table = fl.timeline(history)
    assert np.allclose(np.asarray(y, dtype=float), table["km2"].to_numpy(), equal_nan=True)
    text = _texts(fig)
    assert "Source: DeepStateMap" in text  # the footnote
    assert "2025-03-01 to 2025-04-09" in text


def test_plot_monthly_from_history_and_table(history: ControlHistory) -> None:
    report = fl.monthly(
        history, boundaries=["2025-03-01", "2025-03-15", "2025-04-01"], settlements=False
    )
    fig = fl.plot_monthly(report, highlight=report["month"].iloc[1])
    bars = fig.axes[0].patches
    heights = sorted(round(p.get_height(), 3) for p in bars)
    expected = sorted(
        [round(v, 3) for v in report["gained_km2"]] + [round(-v, 3) for v in report["lost_km2"]]
    )
    assert heights == expected
    assert "Net over the 2 periods shown" in _texts(fig)
    with pytest.raises(ValueError, match="not in the table"):
        fl.plot_monthly(report, highlight="1999-01")
    with pytest.raises(ValueError, match="lacks the column"):
        fl.plot_monthly(report.drop(columns="net_km2"))
    with pytest.raises(TypeError, match="ControlHistory"):
        fl.plot_monthly([1, 2])  # type: ignore[arg-type]
    # a history's months are counted by monthly() (1st to 1st): March 2025 here
    fig = fl.plot_monthly(history)
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["2025-03"]


def test_plot_distance(history: ControlHistory) -> None:
    fig = fl.plot_distance(history, [(37.0, 48.0), (36.0, 47.9)])
    lines = fig.axes[0].lines
    assert len(lines) == 2
    first = np.asarray(lines[0].get_ydata(), dtype=float)
    assert first[-1] < first[0]  # the front came closer
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend[0].endswith("on 2025-04-09")
    assert "Method:" in _texts(fig)


def test_charts_into_given_axes(history: ControlHistory) -> None:
    outer = Figure()
    ax = outer.add_subplot()
    assert fl.plot_held_area(history, ax=ax) is outer


# --- the command line ------------------------------------------------------------------------


def test_front_command_on_the_shipped_day(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["front", "--date", "2025-06-08", "--format", "csv"]) == 0
    out = pd.read_csv(__import__("io").StringIO(capsys.readouterr().out))
    total = out.loc[out["direction"] == "total", "km"].iloc[0]
    assert total == pytest.approx(
        fl.front_line(fl.example_control(), "2025-06-08").attrs["total_km"], abs=0.06
    )
    assert set(out["direction"]) - {"total"} <= set(fl.directions()["direction"])


def test_report_command_refuses_a_bad_month(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--month", "11/2025", "--source", "."]) == 1
    assert "YYYY-MM" in capsys.readouterr().err


@pytest.mark.skipif(not DAILY.is_dir(), reason=f"real DeepState snapshots not found at {DAILY}")
def test_report_command_on_real_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    chart = tmp_path / "nov.png"
    code = main(
        [
            "report",
            "--month",
            "2024-11",
            "--source",
            str(DAILY),
            "--chart",
            str(chart),
            "--months",
            "3",
            "--quiet",
        ]
    )
    assert code == 0
    out = capsys.readouterr().out
    # DeepState published 730 km² for November 2024 (see tests/test_front_real.py)
    assert out.startswith("2024-11 (1 Nov 2024 to 1 Dec 2024)")
    assert "net 726 km²" in out
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
