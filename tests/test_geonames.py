"""fetch_places against a local server on 127.0.0.1 serving a small GeoNames-format UA.zip."""

from __future__ import annotations

import io
import threading
import time
import zipfile
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import frontline as fl
from frontline._errors import FetchError, PlaceWithoutCoordinatesError
from frontline.gazetteer import _store, find_place, gazetteer_info, places
from frontline.io import _http
from frontline.io.geonames import COLUMNS, fetch_places, parse_geonames


def _row(
    gid: int,
    name: str,
    alternates: str,
    lat: float,
    lon: float,
    code: str,
    admin1: str,
    population: int = 0,
    fclass: str = "P",
) -> str:
    """One line of GeoNames' geoname table (19 tab-separated columns)."""
    fields = [str(gid), name, name, alternates, f"{lat}", f"{lon}", fclass, code, "UA", ""]
    fields += [admin1, "", "", "", str(population), "", "100", "Europe/Kyiv", "2025-01-01"]
    assert len(fields) == len(COLUMNS)
    return "\t".join(fields)


ROWS = [
    _row(9001, "Robotyne", "Rabotino,Robotino,Работино,Роботине", 47.4453, 35.8386, "PPL", "26"),
    _row(9002, "Klishchiyivka", "Kleshcheevka,Клещеевка,Кліщіївка", 48.5275, 37.975, "PPL", "05"),
    _row(
        704422,
        "Pokrovsk",
        "Krasnoarmeysk,Покровськ,Красноармейск",
        48.28198,
        37.18207,
        "PPLA2",
        "05",
        60127,
    ),
    _row(9004, "Shakhtarskyi Masyv", "", 48.3, 37.2, "PPLX", "05"),
    _row(9005, "Old Village", "", 48.0, 37.0, "PPLH", "05"),
    _row(9006, "Some River", "", 48.0, 37.0, "STM", "05", fclass="H"),
]


def _zip(rows: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("UA.txt", "\n".join(rows) + "\n")
        archive.writestr("readme.txt", "test dump")
    return buffer.getvalue()


class _Server:
    def __init__(self, body: bytes, *, fail_first: int = 0, slow: float = 0.0) -> None:
        self.body, self.fail_first, self.slow = body, fail_first, slow
        self.hits: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                outer.hits.append(self.path)
                if outer.fail_first > 0:
                    outer.fail_first -= 1
                    return self._send(503, b"busy")
                if self.path != "/export/dump/UA.zip":
                    return self._send(404, b"not found")
                return self._send(200, outer.body)

            def _send(self, code: int, body: bytes) -> None:
                self.send_response(code)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    if outer.slow:
                        for i in range(len(body)):
                            self.wfile.write(body[i : i + 1])
                            self.wfile.flush()
                            time.sleep(outer.slow)
                    else:
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up: that is what the test wants

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.thread.join()
        self.httpd.server_close()


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Iterator:
    monkeypatch.setenv("FRONTLINE_CACHE_DIR", str(tmp_path / "default-cache"))
    _store.use_folder(None)
    yield tmp_path / "cache"
    _store.use_folder(None)


@pytest.fixture
def server() -> Iterator[_Server]:
    srv = _Server(_zip(ROWS))
    yield srv
    srv.stop()


def test_fetched_villages_resolve_by_ukrainian_russian_and_latin_names(cache, server) -> None:
    with pytest.raises(PlaceWithoutCoordinatesError):
        find_place("Robotyne")
    info = fetch_places(base_url=server.url, cache_dir=cache, timeout=10, retries=0)
    assert server.hits == ["/export/dump/UA.zip"]
    assert (cache / "places" / "UA.zip").is_file()
    assert (cache / "places" / "gazetteer.parquet").is_file()
    assert info.full
    assert info.places == 4  # populated places only; the historical one is left out
    assert info.linked == 3  # Robotyne, Klishchiivka, Pokrovsk; not the housing estate
    assert "GeoNames" in info.source
    assert "CC BY 4.0" in str(info)
    assert gazetteer_info() == info
    for query in ("Роботине", "Работино", "Robotyne", "Rabotino", "Robotino"):
        place = find_place(query)
        assert place["place_id"] == 9001, query
        assert place["katottg"] == "UA23100270150025192"
        assert (place["name"], place["name_uk"], place["raion"]) == (
            "Robotyne",
            "Роботине",
            "Polohy raion",
        )
        assert place["lat"] == pytest.approx(47.4453)
    for query in ("Кліщіївка", "Клещеевка", "Klishchiivka", "Kleshcheevka"):
        assert find_place(query, region="Donetsk")["place_id"] == 9002, query
    assert find_place("Krasnoarmeysk")["place_id"] == 704422
    frame = places()
    assert len(frame) == 4
    assert {"katottg", "category", "raion", "hromada"} <= set(frame.columns)
    assert set(frame.loc[frame["place_id"] == 9004, "kind"]) == {"part of a city"}
    # a codified village not in the fetched list still has no coordinates
    with pytest.raises(PlaceWithoutCoordinatesError, match="GeoNames' full list") as err:
        find_place("Zaporizke", region="Dnipropetrovsk", hromada="Mezhova")
    assert "Dnipropetrovsk Oblast" in str(err.value)
    assert "fl.fetch_places()" not in str(err.value)  # it has run


def test_later_sessions_find_the_full_gazetteer_in_the_cache_folder(cache, server, monkeypatch):
    fetch_places(base_url=server.url, cache_dir=cache, timeout=10, retries=0)
    _store.use_folder(None)
    assert not gazetteer_info().full  # the default folder holds nothing
    monkeypatch.setenv("FRONTLINE_CACHE_DIR", str(cache))
    _store.reset()
    assert gazetteer_info().full
    assert find_place("Роботине")["place_id"] == 9001


def test_a_broken_cached_gazetteer_falls_back_with_a_warning(cache, monkeypatch) -> None:
    folder = cache / "places"
    folder.mkdir(parents=True)
    (folder / "gazetteer.parquet").write_bytes(b"not parquet")
    (folder / "gazetteer_names.parquet").write_bytes(b"not parquet")
    monkeypatch.setenv("FRONTLINE_CACHE_DIR", str(cache))
    _store.reset()
    with pytest.warns(fl.gazetteer._store.GazetteerCacheWarning, match="gazetteer.parquet"):
        info = gazetteer_info()
    assert not info.full


def test_retries_a_busy_server(cache) -> None:
    srv = _Server(_zip(ROWS), fail_first=2)
    try:
        info = fetch_places(base_url=srv.url, cache_dir=cache, timeout=10, retries=2)
    finally:
        srv.stop()
    assert len(srv.hits) == 3
    assert info.places == 4


def test_a_response_that_is_not_a_geonames_zip_never_enters_the_cache(cache) -> None:
    srv = _Server(b"<html>maintenance</html>")
    try:
        with pytest.raises(FetchError, match="not a zip file") as err:
            fetch_places(base_url=srv.url, cache_dir=cache, timeout=10, retries=1)
    finally:
        srv.stop()
    assert str(err.value.url).endswith("/export/dump/UA.zip")
    assert len(srv.hits) == 2
    assert not (cache / "places" / "UA.zip").exists()
    assert not gazetteer_info().full


def test_the_deadline_is_for_the_whole_response(cache) -> None:
    srv = _Server(_zip(ROWS), slow=0.01)  # a byte every 10 ms: each read is quick, the whole not
    try:
        started = time.monotonic()
        with pytest.raises(FetchError, match="in time"):
            fetch_places(base_url=srv.url, cache_dir=cache, timeout=0.5, retries=0)
        assert time.monotonic() - started < 5
    finally:
        srv.stop()


def test_missing_file_is_not_retried(cache, server) -> None:
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch_places(base_url=server.url + "/elsewhere", cache_dir=cache, timeout=5, retries=3)
    assert len(server.hits) == 1


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"base_url": "ftp://x"}, "base_url"),
        ({"timeout": 0}, "timeout"),
        ({"retries": -1}, "retries"),
        ({"retries": True}, "retries"),
    ],
)
def test_bad_options(cache, kwargs: dict, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        fetch_places(cache_dir=cache, **kwargs)


def test_cached_discards_a_bad_file_naming_it(tmp_path, capsys) -> None:
    path = tmp_path / "UA.zip"
    path.write_bytes(b"garbage")

    def check(body: bytes) -> None:
        if not body.startswith(b"PK"):
            raise ValueError("not a zip file")

    assert _http.cached(path, check=check) is None
    assert not path.exists()
    assert str(path) in capsys.readouterr().err
    path.write_bytes(_zip(ROWS))
    assert _http.cached(path, check=check) == path


def test_parser_names_line_field_and_value() -> None:
    with pytest.raises(ValueError, match=r"line 2: 3 tab-separated fields"):
        parse_geonames(ROWS[0] + "\na\tb\tc\n", source="UA.txt")
    bad = ROWS[0].replace("47.4453", "north")
    with pytest.raises(ValueError, match=r"row 1 field 'latitude' value 'north'"):
        parse_geonames(bad)
    frame = parse_geonames("\n".join(ROWS))
    assert list(frame.columns) == COLUMNS
    assert frame["geonameid"].dtype == "int64"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.text(max_size=8), min_size=17, max_size=21), max_size=4))
def test_parser_bad_input_is_a_value_error_or_a_frame(rows: list[list[str]]) -> None:
    rows = [[f.replace("\t", " ").replace("\n", " ") for f in r] for r in rows]
    text = "\n".join("\t".join(r) for r in rows)
    wrong = [r for r in rows if len(r) != len(COLUMNS) and "\t".join(r).strip(" \r")]
    if wrong:
        with pytest.raises(ValueError, match=r"UA\.txt line"):
            parse_geonames(text)
        return
    try:
        frame = parse_geonames(text)
    except ValueError as err:
        message = str(err)
    else:
        assert isinstance(frame, pd.DataFrame)
        assert list(frame.columns) == COLUMNS
        return
    assert "UA.txt row" in message
    assert "field" in message


def test_cli_fetch_places_prints_the_gazetteer_with_its_credit(cache, server, capsys) -> None:
    from frontline import cli

    args = ["fetch", "places", "--base-url", server.url, "--cache-dir", str(cache)]
    assert cli.main([*args, "--retries", "0", "--timeout", "10"]) == 0
    out = capsys.readouterr().out
    assert "GeoNames" in out
    assert "CC BY 4.0" in out
    assert (cache / "places" / "gazetteer.parquet").is_file()
