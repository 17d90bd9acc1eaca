"""What the day, history and static maps share: the history= keyword (control= still works,
with a FutureWarning), one tile resolver with one error type, one legend model."""

from __future__ import annotations

import re
import warnings

import pandas as pd
import pytest
import xyzservices
from hypothesis import given
from hypothesis import strategies as st

import frontline as fl
from frontline.control import ControlHistory
from frontline.render import (
    TileProviderError,
    map_day,
    map_history,
    plot_change,
    plot_day,
)
from frontline.render._common import footnote_lines, history_argument, source_info
from frontline.render._legend import build_legend, legend_handles, legend_html
from frontline.render._tiles import DEFAULT_TILES, resolve_tiles


@pytest.fixture(scope="module")
def control() -> ControlHistory:
    return fl.example_control()


# --- history= and the old control= ------------------------------------------------------------


def test_control_keyword_warns_and_draws_the_same_map(control: ControlHistory) -> None:
    new = map_day("2025-06-08", history=control, tiles=None, regions=False)
    with pytest.warns(FutureWarning, match=r"map_day\(control=\.\.\.\) is renamed"):
        old = map_day("2025-06-08", control=control, tiles=None, regions=False)
    strip = re.compile(r"_[0-9a-f]{32}")  # folium's random element ids
    assert strip.sub("", old.get_root().render()) == strip.sub("", new.get_root().render())


def test_new_keyword_does_not_warn(control: ControlHistory) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        map_day("2025-06-08", history=control, tiles=None, regions=False, legend=False)
        plot_day("2025-06-08", history=control, regions=False)


@pytest.mark.parametrize("name", ["plot_day", "plot_change"])
def test_print_maps_take_control_with_a_warning(control: ControlHistory, name: str) -> None:
    days = ("2025-06-08",) if name == "plot_day" else ("2025-06-08", "2025-06-08")
    func = {"plot_day": plot_day, "plot_change": plot_change}[name]
    with pytest.warns(FutureWarning, match=rf"{name}\(control=\.\.\.\) is renamed"):
        fig = func(*days, control=control, regions=False)
    assert fig.axes[0].get_legend() is not None


def test_history_given_twice_is_refused(control: ControlHistory) -> None:
    with pytest.raises(TypeError, match="both history= and control="):
        map_day("2025-06-08", history=control, control=control)
    with pytest.raises(TypeError, match="both history= and control="):
        history_argument(control, control, "plot_day")
    with pytest.raises(TypeError, match="needs the history"):
        plot_change("2025-06-08", "2025-06-08")


def test_map_history_takes_history_by_keyword(control: ControlHistory) -> None:
    m = map_history(history=control, tiles=None, regions=False)
    assert "L.timelineSliderControl(" in m.get_root().render()


# --- one tile resolver --------------------------------------------------------------------------


def test_one_resolver_one_error_for_every_map(control: ControlHistory) -> None:
    assert resolve_tiles(None) is None
    assert resolve_tiles(DEFAULT_TILES).name == "Esri.WorldGrayCanvas"
    given = xyzservices.providers.OpenStreetMap.Mapnik
    assert resolve_tiles(given) is given
    for tiles, message in [
        ("No Such Tiles", "unknown tile provider 'No Such Tiles'"),
        (42, "not int"),
        ("CartoDB.Positron", "needs an API key"),
    ]:
        with pytest.raises(TileProviderError, match=message):
            map_day("2025-06-08", tiles=tiles, regions=False)
        with pytest.raises(TileProviderError, match=message):
            map_history(control, tiles=tiles, regions=False)
    # it keeps the built-in bases both maps raised before
    assert issubclass(TileProviderError, ValueError)
    assert issubclass(TileProviderError, TypeError)


# --- one legend model ---------------------------------------------------------------------------


def test_one_legend_drawn_as_html_and_as_handles() -> None:
    model = build_legend(
        [("DeepStateMap", ["occupied", "contested"]), ("ISW", ["occupied"])],
        claim_statuses=["denied", "claimed", "denied"],
        claim_shapes={"hatch", "area", "point"},
        regions=True,
        rings=True,
        notes=["a <note>"],
    )
    html = legend_html(model)
    for label in ("Occupied", "Contested (grey zone)", "Denied", "Region-level claim",
                  "Area or border claim", "Point claim (ring: uncertainty)", "Region boundary",
                  "Range ring (geodesic)"):  # fmt: skip
        assert label in html, label
    assert "a &lt;note&gt;" in html
    assert "<note>" not in html
    labels = [h.get_label() for h in legend_handles(model)]
    # one handle per distinct label, claim statuses in legend order with the section prefix
    assert labels == [
        "Occupied",
        "Contested (grey zone)",
        "Claim: Claimed (no response yet)",
        "Claim: Denied",
        "Region-level claim",
        "Area or border claim",
        "Point claim (ring: uncertainty)",
        "Region boundary",
        "Range ring (geodesic)",
    ]


def test_day_and_print_maps_say_the_same(control: ControlHistory) -> None:
    claims = fl.example_claims("2025-06-08")
    page = map_day("2025-06-08", history=control, claims=claims, tiles=None).get_root().render()
    fig = plot_day("2025-06-08", history=control, claims=claims)
    for label in [t.get_text() for t in fig.axes[0].get_legend().get_texts()]:
        assert label.removeprefix("Claim: ") in page, label
    note = "\n".join(t.get_text() for t in fig.texts).replace("\n", " ")
    assert "Claims: 5 made or reported on 2025-06-08 from CNN" in note


def test_history_legend_uses_the_same_model(control: ControlHistory) -> None:
    page = map_history(control, tiles=None).get_root().render()
    text = page.replace(r"\u003c", "<").replace(r"\u003e", ">").replace('\\"', '"')
    assert "<h4>Assessed control: DeepStateMap</h4>" in text
    assert '<div class="fl-row"><svg class="fl-sw"' in text
    assert "Region boundary" in text


def test_footnote_lines_name_carried_snapshots() -> None:
    rows = fl.example_control().as_of("2025-06-08")
    info = source_info("DeepStateMap", rows)._replace(carried=True)
    lines = footnote_lines(pd.Timestamp("2025-06-09"), [info], None, 0, regions=False)
    assert lines[0] == (
        "Assessed control: DeepStateMap, snapshot of 2025-06-08 (carried forward from "
        "2025-06-08 to 2025-06-09: no snapshot that day)."
    )
    assert lines[-1].startswith("Method: ")


@given(st.one_of(st.text(max_size=30), st.integers(), st.none(), st.floats()))
def test_resolve_tiles_returns_a_provider_or_says_why(tiles: object) -> None:
    message = ""
    try:
        provider = resolve_tiles(tiles)
    except TileProviderError as err:
        message = str(err)
        provider = None
    if message:
        assert "tile" in message
    else:
        assert provider is None or isinstance(provider, xyzservices.TileProvider)
        assert (provider is None) == (tiles is None)
