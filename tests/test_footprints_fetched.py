"""Footprints and shares held with the fuller gazetteer fetched on demand: GeoNames' list in its
own format, served from 127.0.0.1 (no internet)."""

from __future__ import annotations

import functools
import io
import threading
import zipfile
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest
import shapely

import frontline as fl
from frontline.gazetteer import _store
from frontline.gazetteer.footprint_model import to_equal_area
from frontline.io.geonames import COLUMNS


def _row(gid: int, name: str, lat: float, lon: float, code: str, population: int) -> str:
    """One line of GeoNames' geoname table (19 tab-separated columns), in Donetsk Oblast."""
    fields = [str(gid), name, name, "", f"{lat}", f"{lon}", "P", code, "UA", "", "05"]
    fields += ["", "", "", str(population), "", "100", "Europe/Kyiv", "2025-01-01"]
    assert len(fields) == len(COLUMNS)
    return "\t".join(fields)


# GeoNames' own rows for the towns; two made-up villages, one 2 km from Pokrovsk's centre (so
# that their footprints meet) and one without a population
ROWS = [
    _row(704422, "Pokrovsk", 48.28198, 37.18207, "PPLA2", 60127),
    _row(709717, "Donetsk", 48.023, 37.80224, "PPLA", 929063),
    _row(709354, "Toretsk", 48.39477, 37.8478, "PPL", 30914),
    _row(710915, "Chasiv Yar", 48.58768, 37.83409, "PPL", 12250),
    _row(9101, "Near Pokrovsk", 48.3006, 37.2006, "PPL", 2000),
    _row(9102, "No People", 48.25, 37.15, "PPL", 0),
]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def fetched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """GeoNames' list above fetched from a local server and in use as the gazetteer."""
    site = tmp_path / "site"
    (site / "export" / "dump").mkdir(parents=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("UA.txt", "\n".join(ROWS) + "\n")
    (site / "export" / "dump" / "UA.zip").write_bytes(buffer.getvalue())
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("FRONTLINE_CACHE_DIR", str(tmp_path / "default-cache"))
    _store.use_folder(None)
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}"
        info = fl.fetch_places(base_url=url, cache_dir=tmp_path / "cache", timeout=10, retries=0)
        assert info.full
        assert info.places == len(ROWS)
        yield
    finally:
        _store.use_folder(None)
        httpd.shutdown()
        thread.join()
        httpd.server_close()


def test_footprints_of_the_fetched_gazetteer(fetched):
    points = fl.places()
    assert sorted(points["name"]) == sorted(r.split("\t")[1] for r in ROWS)
    fp = fl.footprints()  # the gazetteer in use: the fetched list
    assert len(fp) == len(ROWS)
    assert set(fp.geom_type) == {"Polygon"}
    assert fp.geometry.covers(points.set_index(fp.index).geometry).all()
    by_name = fp.set_index("name")
    # Pokrovsk (60,127 people, a city) and its made-up neighbour share the ground between them
    assert 29 < by_name.loc["Pokrovsk", "model_km2"] < 31
    assert by_name.loc["Pokrovsk", "footprint_km2"] < by_name.loc["Pokrovsk", "model_km2"] - 1
    shared = to_equal_area(by_name.loc["Pokrovsk", "geometry"]).intersection(
        to_equal_area(by_name.loc["Near Pokrovsk", "geometry"])
    )
    assert shared.area < 1.0  # m²: they only touch
    assert by_name.loc["No People", "model_km2"] == pytest.approx(0.5)
    # a place alone has the footprint it has among the whole fetched list
    alone = fl.footprints(points[points["name"] == "Pokrovsk"])
    assert alone["footprint_km2"].iloc[0] == pytest.approx(by_name.loc["Pokrovsk", "footprint_km2"])


def test_shares_held_with_the_fetched_gazetteer(fetched):
    h = fl.example_control()  # DeepStateMap, 2025-06-08: one occupied area
    table = fl.settlement_control(h)  # every place of the gazetteer in use
    assert len(table) == len(ROWS)
    fp = fl.footprints().set_index("place_id").loc[table["place_id"]]
    # the lon/lat pieces of each footprint inside the area, measured equal-area
    footprints = fp.geometry.to_numpy()
    pieces = shapely.intersection(h.frame.geometry.iloc[0], footprints)
    expected = shapely.area(to_equal_area(pieces)) / shapely.area(to_equal_area(footprints))
    np.testing.assert_allclose(table["share_held"].to_numpy(), expected, atol=1e-6)
    share = dict(zip(table["name"], table["share_held"], strict=True))
    assert share["Donetsk"] == 1.0
    assert 0 < share["Toretsk"] < 1  # the front runs through them
    assert 0 < share["Chasiv Yar"] < 1
    assert share["Pokrovsk"] == 0.0
