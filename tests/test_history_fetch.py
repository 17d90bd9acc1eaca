"""fetch_history, the history store and `frontline fetch --history` against a local mirror.

The server on 127.0.0.1 serves real daily files copied at test time from the shared data
(the tests skip without it); nothing here reaches the internet.
"""

from __future__ import annotations

import json
import shutil
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely

import frontline as fl
from frontline import cli
from frontline.io import _http
from frontline.io.history_fetch import staleness
from frontline.io.history_store import inputs_hash, store_info

JUNE = ("2025-06-01", "2025-06-30")


class _Mirror:
    """The mirror's data/ folder over a few real daily files, on a random free port."""

    def __init__(self, folder: Path, *, trickle: float = 0.0) -> None:
        self.folder = folder
        self.hits: list[str] = []
        self.bad: dict[str, bytes] = {}  # file name -> body sent instead
        self.trickle = trickle
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                name = self.path.rsplit("/", 1)[-1]
                outer.hits.append(name)
                path = outer.folder / name
                if name in outer.bad:
                    body = outer.bad[name]
                elif path.is_file():
                    body = path.read_bytes()
                else:
                    self.send_response(404)
                    self.end_headers()
                    self.wfile.write(b"404: Not Found")
                    return
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if outer.trickle:
                    try:
                        for i in range(len(body)):
                            self.wfile.write(body[i : i + 1])
                            self.wfile.flush()
                            time.sleep(outer.trickle)
                    except OSError:
                        return
                else:
                    self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/data"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def june(daily_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """June 2025 of the real daily files, minus 2025-06-10 (a gap on the mirror)."""
    folder = tmp_path_factory.mktemp("mirror")
    for path in sorted(daily_dir.glob("deepstatemap_data_202506*.geojson")):
        if "20250610" not in path.name:
            shutil.copyfile(path, folder / path.name)
    return folder


@pytest.fixture
def mirror(june: Path):
    server = _Mirror(june)
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_http, "BACKOFF_S", 0.0)


def _fetch(mirror: _Mirror, cache: Path, **kwargs: object) -> fl.ControlHistory:
    return fl.fetch_history(*JUNE, base_url=mirror.url, cache_dir=cache, progress=False, **kwargs)


def test_fetch_history_downloads_the_range_and_reports_gaps(
    mirror: _Mirror, june: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    h = _fetch(mirror, tmp_path)
    assert len(h) == 29
    assert h.start == pd.Timestamp("2025-06-01")
    assert pd.Timestamp("2025-06-10") not in h.dates
    assert "no file for 2025-06-10" in capsys.readouterr().err
    direct = fl.read_deepstate(june)
    assert shapely.equals(h.geometry_on("2025-06-30"), direct.geometry_on("2025-06-30"))
    assert h.frame.attrs["latest_snapshot"] == pd.Timestamp("2025-06-30")
    assert "out of date" in h.frame.attrs["staleness"]
    assert "DeepStateMap" in h.frame.attrs["credit"]
    assert "GPL-3.0" in h.frame.attrs["credit"]
    # a second call asks for nothing (the gap was long past when found missing): the store
    mirror.hits.clear()
    again = _fetch(mirror, tmp_path)
    assert mirror.hits == []
    assert again.frame.attrs["inputs_hash"] == h.frame.attrs["inputs_hash"]
    # and the cache alone gives it back without the network
    mirror.stop()
    cached = fl.fetch_history(source="cache", cache_dir=tmp_path)
    assert list(cached.dates) == list(h.dates)
    info = fl.fetched_history_info(tmp_path)
    assert info["latest_snapshot"] == pd.Timestamp("2025-06-30")
    assert info["days"] == 29
    assert info["inputs_hash"] == h.frame.attrs["inputs_hash"]


def test_a_day_the_mirror_lacked_is_not_asked_for_again_unless_refreshed(
    mirror: _Mirror, june: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gap = "deepstatemap_data_20250610.geojson"
    _fetch(mirror, tmp_path)
    assert mirror.hits.count(gap) == 1
    (record,) = tmp_path.rglob("gaps.json")
    checked = json.loads(record.read_text())["gaps"]
    assert list(checked) == ["2025-06-10"]
    assert pd.Timestamp(checked["2025-06-10"]) >= pd.Timestamp("2025-06-14")
    capsys.readouterr()
    mirror.hits.clear()
    h = _fetch(mirror, tmp_path)
    assert mirror.hits == []  # nothing asked: every other day is cached, the gap is settled
    err = capsys.readouterr().err
    assert "no file for 2025-06-10" in err
    assert "not asked for again" in err
    assert "--refresh" in err
    assert len(h) == 29
    # refresh asks again; the mirror now has the day: fetched, and no longer a gap
    shutil.copyfile(june / "deepstatemap_data_20250611.geojson", june / gap)
    try:
        h = _fetch(mirror, tmp_path, refresh=True)
    finally:
        (june / gap).unlink()
    assert mirror.hits == [gap]
    assert len(h) == 30
    assert json.loads(record.read_text())["gaps"] == {}


def test_a_day_found_missing_while_recent_is_asked_for_again(
    mirror: _Mirror, tmp_path: Path
) -> None:
    gap = "deepstatemap_data_20250610.geojson"
    _fetch(mirror, tmp_path)
    (record,) = tmp_path.rglob("gaps.json")
    # found missing the day after: the mirror may still write it, so it is asked for again
    record.write_text(json.dumps({"gaps": {"2025-06-10": "2025-06-11"}}))
    mirror.hits.clear()
    _fetch(mirror, tmp_path)
    assert mirror.hits == [gap]
    assert json.loads(record.read_text())["gaps"]["2025-06-10"] != "2025-06-11"  # checked today
    mirror.hits.clear()
    _fetch(mirror, tmp_path)
    assert mirror.hits == []
    # a damaged record is no record: the day is asked for, and the record written again
    record.write_text("{not json")
    _fetch(mirror, tmp_path)
    assert mirror.hits == [gap]
    assert list(json.loads(record.read_text())["gaps"]) == ["2025-06-10"]


def test_cli_fetch_history_refresh_asks_again(
    mirror: _Mirror,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("FRONTLINE_CACHE_DIR", str(tmp_path))
    fetch = ["fetch", "--history", "--start", JUNE[0], "--end", JUNE[1], "--base-url", mirror.url]
    assert cli.main([*fetch, "--format", "csv", "-q"]) == 0
    mirror.hits.clear()
    assert cli.main([*fetch, "--format", "csv", "-q"]) == 0
    assert mirror.hits == []
    assert cli.main([*fetch, "--format", "csv", "-q", "--refresh"]) == 0
    assert mirror.hits == ["deepstatemap_data_20250610.geojson"]
    capsys.readouterr()
    assert cli.main(["fetch", "--refresh"]) == 1
    assert "go with --history" in capsys.readouterr().err


def test_the_store_round_trips_and_is_rebuilt_when_inputs_change(
    mirror: _Mirror, tmp_path: Path
) -> None:
    h = _fetch(mirror, tmp_path)
    (store,) = tmp_path.rglob("history.parquet")
    info = store_info(store)
    assert info["format"] == "frontline-history"
    assert info["version"] == 1
    assert info["runs"] <= info["rows"] == 29
    back = fl.read_history(store)
    pd.testing.assert_frame_equal(
        pd.DataFrame(back.frame.drop(columns="geometry")),
        pd.DataFrame(h.frame.drop(columns="geometry")),
    )
    assert np.all(
        shapely.to_wkb(back.frame.geometry.to_numpy())
        == shapely.to_wkb(h.frame.geometry.to_numpy())
    )
    # a file of the cache changes: the store is built again from the files
    day = store.parent / "deepstatemap_data_20250601.geojson"
    day.write_bytes(store.parent.joinpath("deepstatemap_data_20250602.geojson").read_bytes())
    again = fl.fetch_history(source="cache", cache_dir=tmp_path)
    assert store_info(store)["inputs_hash"] != info["inputs_hash"]
    assert shapely.equals(again.geometry_on("2025-06-01"), again.geometry_on("2025-06-02"))


def test_save_and_read_history_keep_markers_and_columns(raw_dir: Path, tmp_path: Path) -> None:
    h = fl.read_deepstate(sorted(raw_dir.glob("*.geojson"))[:3])
    path = fl.save_history(h, tmp_path / "raw.parquet")
    back = fl.read_history(path)
    assert list(back.frame.columns) == list(h.frame.columns)
    assert len(back.markers) == len(h.markers) > 0
    assert back.frame["published"].equals(h.frame["published"])


def test_read_history_refuses_other_files(tmp_path: Path) -> None:
    other = tmp_path / "other.parquet"
    pd.DataFrame({"a": [1]}).to_parquet(other)
    with pytest.raises(ValueError, match="not a frontline history store"):
        fl.read_history(other)
    with pytest.raises(FileNotFoundError, match="no such history store"):
        fl.read_history(tmp_path / "missing.parquet")


def test_a_bad_file_is_never_cached_and_a_bad_cached_file_is_discarded(
    mirror: _Mirror, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = "deepstatemap_data_20250615.geojson"
    mirror.bad[name] = b'{"type": "FeatureCollection", "features": []}'  # JSON, but no areas
    with pytest.raises(fl.FetchError, match=r"20250615.*unusable response: no areas"):
        _fetch(mirror, tmp_path, retries=1)
    folder = next(tmp_path.rglob("deepstatemap_data_20250601.geojson")).parent
    assert not (folder / name).exists()
    assert not list(tmp_path.rglob(".tmp-*"))
    # a bad file already in the cache (an older version wrote one) is named and replaced
    del mirror.bad[name]
    (folder / name).write_bytes(b'{"type": "FeatureCollection", "features": []}')
    h = _fetch(mirror, tmp_path)
    assert f"discarding the cached file {folder / name}" in capsys.readouterr().err
    assert pd.Timestamp("2025-06-15") in h.dates


def test_days_outside_the_mirror_are_refused_with_its_range(tmp_path: Path) -> None:
    with pytest.raises(fl.DateOutOfRangeError, match="from 2024-07-08 to today"):
        fl.fetch_history("2023-01-01", "2023-02-01", cache_dir=tmp_path, progress=False)
    future = (pd.Timestamp.now() + pd.Timedelta(days=30)).strftime("%Y-%m-%d")
    with pytest.raises(fl.DateOutOfRangeError, match=f"end {future}"):
        fl.fetch_history("2025-06-01", future, cache_dir=tmp_path, progress=False)
    with pytest.raises(FileNotFoundError, match="fetch --history"):
        fl.fetch_history(source="cache", cache_dir=tmp_path)


def test_a_trickling_server_is_cut_off_at_the_deadline(june: Path, tmp_path: Path) -> None:
    server = _Mirror(june, trickle=0.5)
    started = time.perf_counter()
    try:
        with pytest.raises(fl.FetchError, match="did not arrive in time"):
            fl.fetch_history(
                "2025-06-01",
                "2025-06-01",
                base_url=server.url,
                cache_dir=tmp_path,
                progress=False,
                timeout=1.5,
                retries=0,
            )
    finally:
        server.stop()
    assert time.perf_counter() - started < 10  # one deadline, not one per byte
    assert not list(tmp_path.rglob("*.geojson"))


def test_staleness_says_when_a_history_is_out_of_date() -> None:
    assert staleness(pd.Timestamp("2025-06-08"), today="2025-06-10") == "latest snapshot 2025-06-08"
    assert "3 days old: out of date" in staleness(pd.Timestamp("2025-06-08"), today="2025-06-11")


def test_inputs_hash_follows_the_content(tmp_path: Path) -> None:
    a = tmp_path / "a.geojson"
    a.write_bytes(b"1")
    first = inputs_hash([a])
    a.write_bytes(b"2")
    assert inputs_hash([a]) != first


def test_cli_fetch_history_then_timeline_with_no_other_setup(
    mirror: _Mirror,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("FRONTLINE_CACHE_DIR", str(tmp_path / "cache"))
    fetch = ["fetch", "--history", "--start", JUNE[0], "--end", JUNE[1], "--base-url", mirror.url]
    assert cli.main([*fetch, "--format", "csv"]) == 0
    err = capsys.readouterr().err
    assert "latest snapshot 2025-06-30" in err
    assert "out of date" in err
    out = tmp_path / "timeline.csv"
    assert cli.main(["timeline", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "latest snapshot 2025-06-30" in err
    table = pd.read_csv(out)
    assert table["date"].iloc[0] == "2025-06-01"
    assert table["date"].iloc[-1] == "2025-06-30"
    assert table["km2"].iloc[0] > 100_000
    # the second run reads the kept result: the same table
    out2 = tmp_path / "again.csv"
    assert cli.main(["timeline", "--source", "cache", "--out", str(out2)]) == 0
    assert out2.read_text() == out.read_text()
    assert cli.main(["share", "--date", "2025-06-15", "--source", "cache", "--format", "json"]) == 0
    row = json.loads(capsys.readouterr().out)[0]
    page = tmp_path / "slider.html"
    assert cli.main(["history", "--start", "2025-06-20", "--offline", "-o", str(page)]) == 0
    assert "latest snapshot 2025-06-30" in page.read_text(encoding="utf-8")
    assert row["date"].startswith("2025-06-15")
    assert row["km2"] > 100_000


def test_cli_fetch_forms_do_not_mix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["fetch", "places", "--history"]) == 1
    assert "fetch places takes no --history" in capsys.readouterr().err
    assert cli.main(["fetch", "--history", "--date", "2025-06-08"]) == 1
    assert "fetch --history takes no --date" in capsys.readouterr().err
    assert cli.main(["fetch", "--start", "2025-06-08"]) == 1
    assert "go with --history" in capsys.readouterr().err


def test_cli_timeline_without_a_fetched_history_says_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FRONTLINE_CACHE_DIR", str(tmp_path))
    assert cli.main(["timeline"]) == 1
    err = capsys.readouterr().err
    assert "frontline fetch --history" in err
    assert "--source DIR" in err


def test_read_deepstate_uses_a_store_as_a_cache(june: Path, tmp_path: Path) -> None:
    folder = tmp_path / "days"
    shutil.copytree(june, folder, ignore=lambda d, names: [n for n in names if "2025060" not in n])
    store = tmp_path / "h.parquet"
    first = fl.read_deepstate(folder, store=store)
    built = store_info(store)
    assert built["days"] == len(first) == 9
    again = fl.read_deepstate(folder, store=store)
    assert store_info(store)["created"] == built["created"]  # read from the store
    assert list(again.dates) == list(first.dates)
    shutil.copyfile(june / "deepstatemap_data_20250611.geojson", folder / "x_20250611.geojson")
    grown = fl.read_deepstate(folder, store=store)
    assert len(grown) == 10
    assert store_info(store)["inputs_hash"] != built["inputs_hash"]
