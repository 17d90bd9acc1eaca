"""The built-in gazetteer is kept in the cache folder between runs, exactly as built."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

import frontline as fl
from frontline.gazetteer import _store


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("FRONTLINE_CACHE_DIR", str(tmp_path))
    _store.use_folder(None)
    yield tmp_path
    _store.reset()


def _copies(cache: Path) -> list[Path]:
    return sorted((cache / "gazetteer-index").glob("builtin-*.pickle"))


def test_a_copy_is_kept_and_read_back_the_same(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = _store.gazetteer()
    (copy,) = _copies(cache)
    _store.reset()
    monkeypatch.setattr(_store, "_build", lambda: pytest.fail("built again, not read"))
    read = _store.gazetteer()
    pd.testing.assert_frame_equal(read.frame, built.frame)
    assert read.index == built.index
    assert read.keys == built.keys
    assert (read.label, read.places, read.linked, read.full) == (
        built.label,
        built.places,
        built.linked,
        built.full,
    )
    assert fl.find_place("Sumy", region="Sumy")["population"] > 200_000
    assert _copies(cache) == [copy]


def test_an_unreadable_copy_is_built_again_and_replaced(cache: Path) -> None:
    _store.gazetteer()
    (copy,) = _copies(cache)
    copy.write_bytes(b"not a pickle")
    _store.reset()
    assert fl.find_place("Kupyansk")["name"] == "Kupiansk"
    assert copy.stat().st_size > 1_000_000


def test_a_copy_of_another_build_is_removed(cache: Path) -> None:
    stale = cache / "gazetteer-index" / "builtin-0000.pickle"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"old")
    _store.gazetteer()
    assert stale not in _copies(cache)
    assert len(_copies(cache)) == 1


def test_no_copy_while_a_full_gazetteer_is_present(cache: Path) -> None:
    places, names = _store.full_paths(cache)
    places.parent.mkdir(parents=True)
    places.write_bytes(b"")
    names.write_bytes(b"")
    assert _store._saved_path() is None
