"""Every figure, footnote and map made from a fetched history says how recent it is.

The fetched history is the built-in day, served as two days (2025-06-08 and 2025-06-09) from a
cache laid out as `fetch --history` leaves it, read back with ``fetch_history(source="cache")``:
its latest snapshot is long past, so everything made from it says "days old: out of date". The
same days read with ``read_deepstate`` were not fetched: nothing says so.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import frontline as fl
from frontline._resources import data_file
from frontline._staleness import note_staleness, staleness_lines, staleness_of
from frontline.io._history_cache import write_pointer

OLD = "days old: out of date"
DAYS = ("2025-06-08", "2025-06-09")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    cache = tmp_path_factory.mktemp("stale-cache")
    days = cache / "deepstate-mirror" / "example.org"
    days.mkdir(parents=True)
    snapshot = data_file("deepstate", "2025-06-08.geojson").read_bytes()
    for day in DAYS:
        (days / f"deepstatemap_data_{day.replace('-', '')}.geojson").write_bytes(snapshot)
    write_pointer(days, "https://example.org/data", pd.Timestamp(DAYS[-1]))
    return days


@pytest.fixture(scope="module")
def fetched(folder: Path) -> fl.ControlHistory:
    h = fl.fetch_history(source="cache", cache_dir=folder.parents[1])
    assert OLD in h.frame.attrs["staleness"]
    return h


@pytest.fixture(scope="module")
def plain(folder: Path) -> fl.ControlHistory:
    h = fl.read_deepstate(folder)
    assert staleness_of(h) == ""
    return h


def _page(m: Any) -> str:
    return str(m.get_root().render())


def _figure(fig: Any) -> str:
    from matplotlib.text import Text

    return " ".join(t.get_text() for t in fig.findobj(Text))


KINDS: dict[str, Callable[[fl.ControlHistory], str]] = {
    "area_share": lambda h: fl.area_share(h, DAYS[0]).attrs["footnote"],
    "timeline": lambda h: fl.timeline(h).attrs["footnote"],
    "monthly": lambda h: fl.monthly(h, boundaries=DAYS, settlements=False).attrs["footnote"],
    "map_day": lambda h: _page(fl.map_day(DAYS[1], history=h, tiles=None, regions=False)),
    "map_history": lambda h: _page(fl.map_history(h, tiles=None, regions=False)),
    "map_change": lambda h: _page(fl.map_change(h, *DAYS, tiles=None, regions=False)),
    "plot_day": lambda h: _figure(fl.plot_day(DAYS[1], history=h, regions=False)),
    "plot_change": lambda h: _figure(fl.plot_change(*DAYS, history=h, regions=False)),
    "plot_held_area": lambda h: _figure(fl.plot_held_area(h)),
    "plot_scorecard": lambda h: _figure(fl.plot_scorecard(fl.scorecard(h, fl.example_claims()))),
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_what_is_made_from_a_fetched_history_says_how_recent_it_is(
    kind: str, fetched: fl.ControlHistory, plain: fl.ControlHistory
) -> None:
    text = KINDS[kind](fetched)
    assert "latest snapshot 2025-06-09" in text
    assert OLD in text
    assert text.count("latest snapshot 2025-06-09") == 1  # said once, not once per layer
    assert "latest snapshot" not in KINDS[kind](plain)


def test_a_result_kept_from_an_earlier_day_says_how_recent_it_is_today() -> None:
    attrs: dict[Any, Any] = {"footnote": "Source: DeepStateMap."}
    note_staleness(attrs, "latest snapshot 2025-06-09, 3 days old: out of date")
    note_staleness(attrs, "latest snapshot 2025-06-09, 9 days old: out of date")
    assert (
        attrs["footnote"]
        == "Source: DeepStateMap. latest snapshot 2025-06-09, 9 days old: out of date."
    )
    assert attrs["staleness"].startswith("latest snapshot 2025-06-09, 9 days")
    note_staleness(attrs, "")
    assert attrs["footnote"].endswith("9 days old: out of date.")


def test_the_sentence_comes_from_the_history_or_its_rows(fetched: fl.ControlHistory) -> None:
    note = fetched.frame.attrs["staleness"]
    assert staleness_of(fetched) == note
    assert staleness_of(fetched.frame) == note
    assert staleness_lines(fetched) == [f"{note}."]
    assert staleness_of(None) == staleness_of(pd.DataFrame()) == ""
