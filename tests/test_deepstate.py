"""DeepState readers: daily mirror and raw API format, every era, drops, markers, bad input."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

import frontline as fl
from frontline.geodesy import area_km2
from frontline.io.deepstate import (
    OUTSIDE_KEYS,
    DeepStateReadError,
    DeepStateReadWarning,
    classify,
    date_from_filename,
    parse_label,
    read_deepstate,
)

RAW_FILES = {
    "1650057822.geojson": "2022-04-16",  # 2022-04-15 21:23 UTC = 00:23 on the 16th in Kyiv
    "1654699781.geojson": "2022-06-08",
    "1687129941.geojson": "2023-06-19",  # 23:12 UTC = 02:12 next day in Kyiv
    "1713300062.geojson": "2024-04-16",
    "1749327130.geojson": "2025-06-07",
    "1754251105.geojson": "2025-08-03",
}
TIRASPOL = shapely.Point(29.63, 46.84)  # Transnistria
BELGOROD_SATIRE = shapely.Point(36.60, 50.60)  # the "admin's dreams" polygon of 1650057822


@pytest.fixture(scope="module")
def raw(raw_dir: Path) -> fl.ControlHistory:
    return read_deepstate(raw_dir)


def _write(path: Path, features: list[dict]) -> Path:
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), "utf-8")
    return path


def _poly(name: str, fill: str = "#a52714", box=(37.0, 47.0, 37.2, 47.2)) -> dict:
    x0, y0, x1, y1 = box
    ring = [[x0, y0, 0], [x1, y0, 0], [x1, y1, 0], [x0, y1, 0], [x0, y0, 0]]
    return {
        "type": "Feature",
        "geometry": {"type": "Polygon", "coordinates": [ring]},
        "properties": {"name": name, "fill": fill, "styleUrl": "#poly"},
    }


# --------------------------------------------------------------------------------------------
# the shipped example and the daily mirror
# --------------------------------------------------------------------------------------------


def test_example_control_is_the_shipped_day():
    h = fl.example_control()
    assert list(h.dates) == [pd.Timestamp("2025-06-08")]
    assert h.statuses == ["occupied"]
    assert area_km2(h.geometry_on("2025-06-08")) == pytest.approx(113_300, rel=0.005)


def test_example_matches_the_mirror_day(daily_dir):
    mirror = read_deepstate(daily_dir / "deepstatemap_data_20250608.geojson")
    a = mirror.geometry_on("2025-06-08")
    b = fl.example_control().geometry_on("2025-06-08")
    assert a.equals_exact(b, 1e-9)


def test_daily_history_columns(history):
    frame = history.frame
    assert list(frame.columns[:3]) == ["date", "source", "status"]
    assert frame["file"].iloc[0] == "deepstatemap_data_20240708.geojson"
    assert frame["published"].isna().all()
    assert history.dropped.empty


def test_mirror_tolerates_z_and_several_features(tmp_path):
    ring = [[37.0, 47.0, 5.0], [37.5, 47.0, 5.0], [37.5, 47.5, 5.0], [37.0, 47.0, 5.0]]
    ring2 = [[38.0, 47.0], [38.5, 47.0], [38.5, 47.5], [38.0, 47.0]]
    path = tmp_path / "deepstatemap_data_20250101.geojson"
    _write(
        path,
        [
            {
                "type": "Feature",
                "properties": {},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            },
            {
                "type": "Feature",
                "properties": None,
                "geometry": {"type": "Polygon", "coordinates": [ring2]},
            },
        ],
    )
    h = read_deepstate(path)
    geom = h.geometry_on("2025-01-01")
    assert not shapely.has_z(geom)
    assert len(shapely.get_parts(geom)) == 2


# --------------------------------------------------------------------------------------------
# the raw API format, every era
# --------------------------------------------------------------------------------------------


def test_every_raw_era_parses(raw):
    assert [f"{d:%Y-%m-%d}" for d in raw.dates] == list(RAW_FILES.values())
    for day in raw.dates:
        statuses = set(raw.as_of(day, strict=True)["status"])
        assert {"occupied", "occupied_before_2022", "liberated", "contested"} <= statuses, day
    frame = raw.frame
    assert frame.geometry.is_valid.all()
    assert not shapely.has_z(frame.geometry.to_numpy()).any()
    assert set(frame.geometry.geom_type) <= {"Polygon", "MultiPolygon"}
    published = frame.drop_duplicates("file").set_index("file")["published"]
    assert published["1749327130.geojson"] == pd.Timestamp("2025-06-07 20:12:10", tz="UTC")


def test_raw_2025_06_07_equals_the_mirror_2025_06_08(raw, daily_dir):
    """The edition in force when 2025-06-08 began has the mirror's occupied total within 1%."""
    mirror = read_deepstate(daily_dir / "deepstatemap_data_20250608.geojson")
    edition = raw.geometry_on("2025-06-07", strict=True)  # occupied + occupied_before_2022
    assert area_km2(edition) == pytest.approx(area_km2(mirror.geometry_on("2025-06-08")), rel=0.01)


def test_satirical_and_outside_polygons_never_survive(raw):
    geoms = raw.frame.geometry.to_numpy()
    minx, miny, maxx, maxy = shapely.total_bounds(geoms)
    assert minx > 22.0
    assert maxx < 41.0  # Kurils (146.7 E), Abkhazia, Ichkeria, Tskhinvali, Arabian Sea stray
    assert miny > 44.0
    assert maxy < 53.0  # Karelia, Petsamo, Salla, Estonia, Latvia, Pechory, East Prussia
    assert not shapely.intersects(geoms, TIRASPOL).any()
    assert not shapely.intersects(geoms, BELGOROD_SATIRE).any()


def test_drops_are_reported(raw):
    dropped = raw.dropped
    per_file = dropped.groupby("file").size()
    assert per_file["1650057822.geojson"] == 2  # Transnistria, the Belgorod polygon
    assert set(dropped.loc[dropped.file == "1654699781.geojson", "name"]) == {
        "Придністров'я /// Transnistria"
    }
    for name in ("1713300062.geojson", "1749327130.geojson", "1754251105.geojson"):
        keys = set(dropped.loc[dropped.file == name, "key"])
        assert keys == set(OUTSIDE_KEYS), name
    assert dropped["reason"].str.startswith("outside Ukraine").all()
    assert raw.frame.attrs["dropped"] == len(dropped)
    assert "dropped" in repr(raw)


def test_points_are_markers_not_areas(raw):
    markers = raw.markers
    assert len(markers) > 1000
    assert (markers.geometry.geom_type == "Point").all()
    keys = set(markers["key"].dropna())
    assert {"geoJSON.territories.moscow", "geoJSON.status.attack_direction"} <= keys
    moscow = markers[markers["key"] == "geoJSON.territories.moscow"]
    assert not moscow["in_ukraine"].any()
    assert set(markers["date"]) == set(raw.dates)


def test_markers_keep_untrusted_text_as_text(raw):
    """Names with U+FFFD replacement characters survive as plain strings (escaped on output)."""
    names = raw.markers["name"]
    assert names.map(lambda s: isinstance(s, str)).all()
    assert names.str.contains("\ufffd").any()
    assert not names.str.contains("\u00a0|\n").any()


# --------------------------------------------------------------------------------------------
# parsers (hypothesis)
# --------------------------------------------------------------------------------------------


@settings(max_examples=200)
@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_daily_names_give_their_date(day):
    for name in (
        f"deepstatemap_data_{day:%Y%m%d}.geojson",
        f"{day:%Y-%m-%d}.geojson",
        f"snapshot {day:%Y-%m-%d} copy.json",
    ):
        assert date_from_filename(name) == (pd.Timestamp(day), None)


@settings(max_examples=200)
@given(st.integers(min_value=1_000_000_000, max_value=4_102_444_799))
def test_unix_names_give_the_kyiv_day(seconds):
    from zoneinfo import ZoneInfo

    day, published = date_from_filename(f"{seconds}.geojson")
    kyiv = dt.datetime.fromtimestamp(seconds, ZoneInfo("Europe/Kyiv")).date()
    assert day == pd.Timestamp(kyiv)
    assert published == pd.Timestamp(seconds, unit="s", tz="UTC")


@settings(max_examples=200)
@given(st.text(alphabet=st.characters(blacklist_categories=("Nd",)), max_size=40))
def test_names_without_digits_raise(name):
    with pytest.raises(ValueError, match="holds no date"):
        date_from_filename(name + ".geojson")


@pytest.mark.parametrize(
    "name", ["deepstatemap_data_20250230.geojson", "1234.geojson", "x.txt", "9999999999.geojson"]
)
def test_names_with_no_valid_date_raise(name):
    with pytest.raises(ValueError, match="holds no date"):
        date_from_filename(name)


_NOISE = st.sampled_from([" ", "\u00a0", "\n", "\u00a0\u00a0", " \n", "\t"])
_KEYS = st.sampled_from(
    [
        "geoJSON.status.occupied",
        "geoJSON.status.dismissed",
        "geoJSON.territories.crimea",
        *sorted(OUTSIDE_KEYS),
    ]
)


@settings(max_examples=300)
@given(
    uk=st.text(max_size=20).filter(
        lambda s: "///" not in s and "geoJSON" not in s and "{" not in s
    ),
    en=st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", max_size=20),
    key=_KEYS,
    a=_NOISE,
    b=_NOISE,
    c=_NOISE,
)
def test_label_parser_finds_the_key_through_any_whitespace(uk, en, key, a, b, c):
    label = parse_label(f"{uk}{a}///{b}{en}{c}/// {key}{a}")
    assert label.key == key
    assert "\u00a0" not in label.text
    assert "\n" not in label.text
    assert label.text == label.text.strip()


@settings(max_examples=200)
@given(st.one_of(st.none(), st.integers(), st.text(max_size=60)))
def test_label_parser_never_fails(value):
    label = parse_label(value)
    assert isinstance(label.text, str)


def test_dismissed_at_labels():
    label = parse_label(
        "Звільнено 27-31.03/// Liberated 27-31.03\u00a0"
        "/// geoJSON.status.dismissed_at {{at:27.03 - 31.03}}"
    )
    assert label.key == "geoJSON.status.dismissed_at"
    assert label.at == "27.03 - 31.03"
    assert classify(label, "#0f9d58", pd.Timestamp("2025-01-01")) == "liberated"


@pytest.mark.parametrize(
    ("name", "fill", "when", "status"),
    [
        ("Окуповано", "#a52714", "2022-04-15", "occupied"),
        ("Звільнено 05.04", "#0288d1", "2022-04-15", "liberated"),
        ("Під питанням", "#bcaaa4", "2022-04-15", "contested"),
        ("ОРДЛО", "#000000", "2022-04-15", "occupied_before_2022"),
        ("Придністров'я", "#880e4f", "2022-04-15", "outside"),
        ("", "#880e4f", "2022-05-01", "outside"),
        ("ОРДЛО /// CADR and CALR", "#880e4f", "2022-06-08", "occupied_before_2022"),
        ("Придністров'я /// Transnistria", "#ff5252", "2022-06-08", "outside"),
        ("Статус невідомий /// Unknown status", "#bdbdbd", "2023-06-18", "contested"),
        (
            "Зміїний /// Snake Island /// geoJSON.zmiinyi_island",
            "#0f9d58",
            "2025-01-01",
            "liberated",
        ),
        (
            "x /// Occupied Tuzla Island /// geoJSON.territories.tuzla",
            "#880e4f",
            "2025-01-01",
            "occupied_before_2022",
        ),
        ("x /// y", "#123456", "2023-01-01", None),
        ("x /// y /// geoJSON.status.brand_new", "#a52714", "2025-01-01", None),
    ],
)
def test_classify(name, fill, when, status):
    assert classify(parse_label(name), fill, pd.Timestamp(when)) == status


# --------------------------------------------------------------------------------------------
# bad input
# --------------------------------------------------------------------------------------------


def test_empty_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"no \.geojson files"):
        read_deepstate(tmp_path)
    with pytest.raises(FileNotFoundError, match="no such file"):
        read_deepstate(tmp_path / "missing.geojson")
    with pytest.raises(FileNotFoundError, match="empty list"):
        read_deepstate([])


def test_non_geojson_file_raises_or_is_skipped(tmp_path):
    good = _write(tmp_path / "2025-06-08.geojson", [_poly("a /// b /// geoJSON.status.occupied")])
    bad = tmp_path / "2025-06-09.geojson"
    bad.write_text("<html>not json</html>", "utf-8")
    with pytest.raises(DeepStateReadError, match=r"2025-06-09\.geojson: not GeoJSON") as info:
        read_deepstate(tmp_path)
    assert info.value.path.endswith("2025-06-09.geojson")
    with pytest.warns(DeepStateReadWarning, match=r"skipped .*2025-06-09\.geojson: not GeoJSON"):
        h = read_deepstate([good, bad], on_error="skip")
    assert list(h.dates) == [pd.Timestamp("2025-06-08")]


def test_file_name_without_date(tmp_path):
    path = _write(tmp_path / "latest.geojson", [_poly("a /// b /// geoJSON.status.occupied")])
    with pytest.raises(
        DeepStateReadError, match=r"latest\.geojson: the file name .* holds no date"
    ):
        read_deepstate(path)


def test_duplicate_days(tmp_path, daily_dir):
    src = daily_dir / "deepstatemap_data_20250608.geojson"
    shutil.copy(src, tmp_path / "deepstatemap_data_20250608.geojson")
    shutil.copy(src, tmp_path / "2025-06-08.geojson")
    with pytest.raises(DeepStateReadError, match="a second snapshot for 2025-06-08"):
        read_deepstate(tmp_path)
    with pytest.warns(DeepStateReadWarning, match="second snapshot"):
        assert len(read_deepstate(tmp_path, on_error="skip")) == 1
    last = read_deepstate(tmp_path, duplicates="last")
    assert last.frame["file"].tolist() == ["deepstatemap_data_20250608.geojson"]
    first = read_deepstate(tmp_path, duplicates="first")
    assert first.frame["file"].tolist() == ["2025-06-08.geojson"]


def test_raw_duplicates_keep_the_latest_edition(tmp_path):
    early = _write(tmp_path / "1749340000.geojson", [_poly("a /// geoJSON.status.occupied")])
    late = _write(
        tmp_path / "1749360000.geojson",
        [_poly("a /// geoJSON.status.occupied", box=(37.0, 47.0, 37.4, 47.4))],
    )
    h = read_deepstate([late, early], duplicates="last")
    assert h.frame["file"].tolist() == ["1749360000.geojson"]


def test_unknown_status_names_the_file(tmp_path):
    path = _write(
        tmp_path / "1749327130.geojson",
        [_poly("Щось /// Something /// geoJSON.status.brand_new")],
    )
    with pytest.raises(DeepStateReadError, match=r"1749327130\.geojson: feature 0 has an unknown"):
        read_deepstate(path)
    other = _write(tmp_path / "1749427130.geojson", [_poly("x /// geoJSON.status.occupied")])
    with pytest.warns(DeepStateReadWarning, match="unknown status"):
        h = read_deepstate(tmp_path, on_error="skip")
    assert h.frame["file"].tolist() == [other.name]


def test_unknown_polygons_outside_ukraine_are_dropped_not_errors(tmp_path):
    path = _write(
        tmp_path / "1687600000.geojson",
        [
            _poly("x /// geoJSON.status.occupied"),
            _poly("Вагнер", "#123456", box=(39.6, 47.1, 39.9, 47.3)),  # over Rostov-on-Don
            _poly("Вологі мрії", "#0288d1", box=(36.58, 50.59, 36.62, 50.61)),  # Belgorod
        ],
    )
    h = read_deepstate(path)
    assert h.statuses == ["occupied"]
    assert len(h.dropped) == 2
    assert h.dropped["reason"].str.contains("more than 10 km").all()


def test_geometry_collections_are_split_and_points_kept_apart(tmp_path):
    ring = [[37.0, 47.0, 0], [37.2, 47.0, 0], [37.2, 47.2, 0], [37.0, 47.0, 0]]
    ring2 = [[37.5, 47.0, 0], [37.7, 47.0, 0], [37.7, 47.2, 0], [37.5, 47.0, 0]]
    features = [
        {
            "type": "Feature",
            "geometry": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "coordinates": [ring]},
                    {"type": "Polygon", "coordinates": [ring2]},
                ],
            },
            "properties": {"name": "Окуповано /// Occupied", "fill": "#a52714"},
        },
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [37.3, 47.1, 0]},
            "properties": {
                "name": "Напрямок удару /// Direction of attack "
                "/// geoJSON.status.attack_direction\n",
                "icon": "images/icon-2.png",
            },
        },
    ]
    h = read_deepstate(_write(tmp_path / "1656000000.geojson", features))
    geom = h.geometry_on(h.start)
    assert len(shapely.get_parts(geom)) == 2
    assert h.markers["key"].tolist() == ["geoJSON.status.attack_direction"]
    assert h.markers["icon"].tolist() == ["images/icon-2.png"]


def test_progress_and_bad_options(tmp_path):
    path = _write(tmp_path / "2025-06-08.geojson", [_poly("a /// geoJSON.status.occupied")])
    assert len(read_deepstate(path, progress=True)) == 1
    with pytest.raises(ValueError, match="on_error"):
        read_deepstate(path, on_error="ignore")
    with pytest.raises(ValueError, match="duplicates"):
        read_deepstate(path, duplicates="both")
    with pytest.raises(TypeError, match="a file, a folder or a list"):
        read_deepstate(42)


def test_whole_raw_folder_total_is_stable(raw):
    totals = np.array([area_km2(raw.geometry_on(d)) for d in raw.dates])
    assert (totals > 100_000).all()
    assert (totals < 130_000).all()


# --- the fast path for the daily mirror gives exactly what GEOS parses ------------------------


def test_fast_reader_matches_geos_byte_for_byte(daily_dir):
    files = sorted(daily_dir.glob("deepstatemap_data_*.geojson"))[::25]
    h = read_deepstate(files)
    for path, day in zip(files, h.dates, strict=True):
        (feature,) = json.loads(path.read_text("utf-8"))["features"]
        expected = shapely.from_geojson(json.dumps(feature["geometry"]))
        got = h.frame.loc[h.frame["date"] == day, "geometry"].iloc[0]
        assert shapely.equals_exact(shapely.normalize(got), shapely.normalize(expected), 0.0)


def _mirror(path: Path, rings: list) -> Path:
    feature = {"type": "Feature", "properties": {}, "geometry": {"type": "MultiPolygon",
               "coordinates": rings}}  # fmt: skip
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), "utf-8")
    return path


_SQUARE = [[[[37.0, 48.0], [37.5, 48.0], [37.5, 48.5], [37.0, 48.5], [37.0, 48.0]]]]


@pytest.mark.parametrize("number", ["035.2", "1.", "-", "3e", "NaN"])
def test_a_malformed_number_names_its_file(tmp_path, number):
    good = _mirror(tmp_path / "deepstatemap_data_20250608.geojson", _SQUARE)
    bad = tmp_path / "deepstatemap_data_20250609.geojson"
    text = json.dumps(json.loads(good.read_text("utf-8"))).replace("37.5", number, 1)
    bad.write_text(text, "utf-8")
    with pytest.raises(DeepStateReadError, match=r"deepstatemap_data_20250609\.geojson"):
        read_deepstate(tmp_path)
    with pytest.warns(DeepStateReadWarning, match=r"deepstatemap_data_20250609\.geojson"):
        h = read_deepstate(tmp_path, on_error="skip")
    assert list(h.dates) == [pd.Timestamp("2025-06-08")]


def test_an_invalid_mirror_geometry_comes_out_valid(tmp_path):
    bow_tie = [[[[37.0, 48.0], [37.5, 48.5], [37.5, 48.0], [37.0, 48.5], [37.0, 48.0]]]]
    path = _mirror(tmp_path / "deepstatemap_data_20250608.geojson", bow_tie)
    h = read_deepstate(path)
    geom = h.frame.geometry.iloc[0]
    assert geom.is_valid
    assert area_km2(geom) > 100
