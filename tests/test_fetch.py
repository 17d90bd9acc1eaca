"""fetch_deepstate against a local server on 127.0.0.1 serving the raw samples (no internet)."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pandas as pd
import pytest

import frontline as fl
from frontline.control import DateOutOfRangeError
from frontline.io import _http
from frontline.io.fetch import FetchError, cache_folder, deepstate_editions, fetch_deepstate


class _Server:
    """DeepStateMap's history API paths over the raw sample files, on a random free port."""

    def __init__(self, raw_dir: Path, *, fail_first: int = 0, broken: bool = False):
        self.files = {int(p.stem): p for p in sorted(raw_dir.glob("*.geojson"))}
        self.hits: list[str] = []
        self.fail_first = fail_first
        self.broken = broken
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output quiet
                pass

            def do_GET(self):
                outer.hits.append(self.path)
                if outer.fail_first > 0:
                    outer.fail_first -= 1
                    return self._send(503, b"busy")
                if outer.broken:
                    return self._send(200, b"<html>maintenance</html>")
                parts = self.path.strip("/").split("/")
                if parts == ["api", "history", "public"]:
                    listing = [
                        {
                            "id": i,
                            "createdAt": pd.Timestamp(i, unit="s").isoformat() + ".000Z",
                            "status": True,
                        }
                        for i in outer.files
                    ]
                    return self._send(200, json.dumps(listing).encode())
                if parts == ["api", "history", "last"]:
                    last = max(outer.files)
                    body = {"id": last, "map": json.loads(outer.files[last].read_bytes())}
                    return self._send(200, json.dumps(body).encode())
                if len(parts) == 4 and parts[:2] == ["api", "history"] and parts[3] == "geojson":
                    path = outer.files.get(int(parts[2])) if parts[2].isdigit() else None
                    if path is not None:
                        return self._send(200, path.read_bytes())
                return self._send(404, b"not found")

            def _send(self, code: int, body: bytes):
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self.thread.start()

    def stop(self) -> None:
        if self.thread.is_alive():
            self.httpd.shutdown()
            self.thread.join()
            self.httpd.server_close()


@pytest.fixture
def server(raw_dir):
    s = _Server(raw_dir)
    yield s
    s.stop()


@pytest.fixture(autouse=True)
def _no_backoff(monkeypatch):
    monkeypatch.setattr(_http, "BACKOFF_S", 0.0)


def test_latest_edition(server, tmp_path):
    h = fetch_deepstate(base_url=server.url, cache_dir=tmp_path)
    assert list(h.dates) == [pd.Timestamp("2025-08-03")]
    assert h.sources == ["DeepStateMap"]
    assert {"occupied", "occupied_before_2022"} <= set(h.statuses)
    cached = list((tmp_path / "deepstate").glob("*/*.geojson"))
    assert [p.name for p in cached] == ["1754251105.geojson"]
    assert fl.fetch_deepstate is fetch_deepstate


def test_a_given_day_picks_that_days_last_edition(server, tmp_path):
    h = fetch_deepstate("2025-06-07", base_url=server.url, cache_dir=tmp_path)
    assert h.frame["file"].iloc[0] == "1749327130.geojson"
    assert list(h.dates) == [pd.Timestamp("2025-06-07")]
    assert server.hits == ["/api/history/public", "/api/history/1749327130/geojson"]


def test_a_day_without_edition_gets_the_latest_earlier_one(server, tmp_path):
    h = fetch_deepstate("2025-06-08", base_url=server.url, cache_dir=tmp_path)
    assert h.frame["file"].iloc[0] == "1749327130.geojson"
    assert h.end == pd.Timestamp("2025-06-07")  # so as_of on 06-08 is out of range, not faked


def test_before_the_first_edition(server, tmp_path):
    with pytest.raises(
        DateOutOfRangeError, match=r"editions from 2022-04-16 to 2025-08-03.*before the first"
    ):
        fetch_deepstate("2021-01-01", base_url=server.url, cache_dir=tmp_path)


def test_cache_hit_needs_no_server(server, tmp_path):
    first = fetch_deepstate("2023-06-19", base_url=server.url, cache_dir=tmp_path)
    server.stop()
    again = fetch_deepstate("2023-06-19", base_url=server.url, cache_dir=tmp_path, retries=0)
    assert again.frame.geometry.equals(first.frame.geometry)
    assert not list(tmp_path.rglob(".tmp-*"))
    (folder,) = (tmp_path / "deepstate").iterdir()
    assert len(fl.read_deepstate(folder)) == 1  # the cache is a folder read_deepstate reads


def test_offline_fails_cleanly(server, tmp_path):
    url = server.url
    server.stop()
    with pytest.raises(FetchError, match=r"could not fetch .*after 2 attempts") as info:
        fetch_deepstate("2025-06-07", base_url=url, cache_dir=tmp_path, retries=1, timeout=2)
    assert info.value.url.endswith("/api/history/public")
    assert isinstance(info.value, OSError)
    with pytest.raises(FetchError, match="/api/history/last"):
        fetch_deepstate(base_url=url, cache_dir=tmp_path, retries=0, timeout=2)
    assert not (tmp_path / "deepstate").exists() or not list(tmp_path.rglob("*.geojson"))


def test_retries_after_server_errors(raw_dir, tmp_path):
    s = _Server(raw_dir, fail_first=2)
    try:
        h = fetch_deepstate("2024-04-16", base_url=s.url, cache_dir=tmp_path, retries=2)
    finally:
        s.stop()
    assert h.frame["file"].iloc[0] == "1713300062.geojson"
    assert s.hits[:3] == ["/api/history/public"] * 3


def test_gives_up_after_retries(raw_dir, tmp_path):
    s = _Server(raw_dir, fail_first=10)
    try:
        with pytest.raises(FetchError, match="HTTP 503"):
            fetch_deepstate("2024-04-16", base_url=s.url, cache_dir=tmp_path, retries=1)
    finally:
        s.stop()
    assert len(s.hits) == 2


def test_not_json_is_a_fetch_error_and_not_cached(raw_dir, tmp_path):
    s = _Server(raw_dir, broken=True)
    try:
        with pytest.raises(FetchError, match="unusable response: not JSON"):
            fetch_deepstate(base_url=s.url, cache_dir=tmp_path)
    finally:
        s.stop()
    assert not list(tmp_path.rglob("*.geojson"))


def test_editions_listing(server, tmp_path):
    editions = deepstate_editions(base_url=server.url, cache_dir=tmp_path)
    assert list(editions.columns) == ["id", "published", "date"]
    assert editions["id"].tolist() == sorted(server.files)
    assert editions["date"].iloc[0] == pd.Timestamp("2022-04-16")


def test_cache_dir_from_environment(server, tmp_path, monkeypatch):
    monkeypatch.setenv("FRONTLINE_CACHE_DIR", str(tmp_path / "env-cache"))
    assert cache_folder() == tmp_path / "env-cache"
    fetch_deepstate("2022-06-08", base_url=server.url)
    assert list((tmp_path / "env-cache").rglob("1654699781.geojson"))


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"base_url": "ftp://example.org"}, "base_url"),
        ({"timeout": 0}, "timeout"),
        ({"retries": -1}, "retries"),
    ],
)
def test_bad_options(kwargs, match, tmp_path):
    with pytest.raises(ValueError, match=match):
        fetch_deepstate(cache_dir=tmp_path, **kwargs)


def test_an_unknown_host_fails_at_once_without_retries(tmp_path):
    import time

    started = time.perf_counter()
    with pytest.raises(FetchError, match="does not resolve"):
        fl.fetch_deepstate(
            "2025-06-08", base_url="http://no-such-host.invalid", cache_dir=tmp_path, retries=5
        )
    assert time.perf_counter() - started < 5  # a hang guard, not a timing test


# --- the faults found against a faulty server: each a clear error, the cache intact ----------


def _one_edition_server(raw_dir, body_for):
    """A server whose listing has one real edition and whose edition body is ``body_for()``."""
    edition = 1749327130
    listing = json.dumps([{"id": edition}]).encode()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            body = listing if self.path == "/api/history/public" else body_for()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                if getattr(Handler, "trickle", 0):
                    for i in range(len(body)):
                        self.wfile.write(body[i : i + 1])
                        self.wfile.flush()
                        time.sleep(Handler.trickle)
                else:
                    self.wfile.write(body)
            except OSError:
                pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
    ).start()
    return httpd, Handler, f"http://127.0.0.1:{httpd.server_address[1]}"


def test_a_json_valid_but_unusable_edition_is_never_cached(raw_dir, tmp_path):
    good = (raw_dir / "1749327130.geojson").read_bytes()
    state = {"body": b'{"type": "FeatureCollection", "features": []}'}
    httpd, _, url = _one_edition_server(raw_dir, lambda: state["body"])
    try:
        with pytest.raises(FetchError, match="unusable response: no areas"):
            fetch_deepstate("2025-06-07", base_url=url, cache_dir=tmp_path, retries=1)
        assert not list(tmp_path.rglob("1749327130.geojson"))
        state["body"] = good  # the server is healthy again: the next run works
        h = fetch_deepstate("2025-06-07", base_url=url, cache_dir=tmp_path, retries=0)
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert h.frame["file"].iloc[0] == "1749327130.geojson"


def test_a_bad_cached_edition_is_discarded_with_a_message(server, tmp_path, capsys):
    fetch_deepstate("2025-06-07", base_url=server.url, cache_dir=tmp_path)
    (cached,) = tmp_path.rglob("1749327130.geojson")
    cached.write_bytes(b'{"type": "FeatureCollection", "features": []}')
    h = fetch_deepstate("2025-06-07", base_url=server.url, cache_dir=tmp_path)
    assert f"discarding the cached file {cached}" in capsys.readouterr().err
    assert len(h.frame) >= 1
    assert cached.stat().st_size > 1000


def test_a_trickling_server_stops_at_the_total_deadline(raw_dir, tmp_path):
    good = (raw_dir / "1749327130.geojson").read_bytes()
    httpd, handler, url = _one_edition_server(raw_dir, lambda: good)
    fetch_deepstate("2025-06-07", base_url=url, cache_dir=tmp_path / "warm", retries=0)
    handler.trickle = 1.5
    started = time.perf_counter()
    try:
        with pytest.raises(FetchError, match="did not arrive in time"):
            fetch_deepstate("2025-06-07", base_url=url, cache_dir=tmp_path, timeout=2, retries=0)
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert time.perf_counter() - started < 12  # was > 45 s with a deadline per read
    assert not list(tmp_path.glob("deepstate/*/*.geojson"))


def test_a_future_day_is_refused_with_the_range(server, tmp_path):
    future = (pd.Timestamp.now() + pd.Timedelta(days=3)).strftime("%Y-%m-%d")
    with pytest.raises(
        DateOutOfRangeError, match=r"editions from 2022-04-16 to 2025-08-03.*future"
    ):
        fetch_deepstate(future, base_url=server.url, cache_dir=tmp_path)
    assert not list(tmp_path.rglob("*.geojson"))


def test_cli_output_of_a_day_without_edition_says_which_was_written(server, tmp_path, capsys):
    from frontline import cli

    args = ["fetch", "--date", "2025-06-08", "--base-url", server.url, "--cache-dir", str(tmp_path)]
    assert cli.main([*args, "-o", str(tmp_path / "day.geojson")]) == 0
    err = capsys.readouterr().err
    assert "edition 1749327130, for 2025-06-07" in err
    assert "no edition on 2025-06-08" in err
    future = (pd.Timestamp.now() + pd.Timedelta(days=3)).strftime("%Y-%m-%d")
    assert cli.main(["fetch", "--date", future, "--base-url", server.url]) == 1
    assert "a day in the future" in capsys.readouterr().err
