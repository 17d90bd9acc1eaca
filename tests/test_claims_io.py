"""Claims files: lossless round trips, the CSV reader, one error per bad file, atomic writes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import pytest
import shapely

import frontline as fl
from frontline.claims import ClaimsValidationError
from frontline.io import claims as fio

SUFFIXES = [".geojson", ".json", ".gpkg", ".parquet", ".csv"]

BASE = {
    "date": "2025-06-08",
    "claimant": "A test claimant",
    "side": "RU",
    "kind": "advance",
    "summary": "A test claim.",
    "source_name": "a test source",
}


@pytest.fixture(scope="module")
def rich() -> gpd.GeoDataFrame:
    """The built-in day plus claims that stress every format: Cyrillic, responses, time zones,
    multi-geometries, full-precision coordinates, lines, no geometry."""
    extra = fl.claims_from_records(
        [
            {
                "claim_id": "ua-київ-1",
                "date": "2025-06-09",
                "reported_at": "2025-06-09T10:15:30.123456789+03:00",
                "claimant": "Генеральний штаб ЗСУ",
                "side": "UA",
                "kind": "capture",
                "summary": "Звільнено два села — «перевірка» ✓",
                "unit": "3-тя штурмова бригада",
                "geometry": shapely.MultiPolygon(
                    [
                        shapely.box(37.1, 48.1, 37.2, 48.2),
                        shapely.box(37.3, 48.3, 37.4, 48.4),
                    ]
                ),
                "responses": [
                    {
                        "date": "2025-06-10",
                        "by": "Міноборони РФ",
                        "side": "RU",
                        "stance": "disputes",
                        "note": "Заперечує; «ні»",
                        "source_url": "https://example.org/a?b=1&c=ж",
                    },
                    {"date": "2025-06-11", "by": "ISW", "stance": "no comment"},
                ],
                "source_name": "Укрінформ",
                "source_url": "https://example.org/news?id=1&lang=uk",
                "source_date": "2025-06-09",
                "quote": 'Користувач пише: "цитата"\nдругий рядок',
                "precision_m": 250.5,
            },
            {
                **BASE,
                "claim_id": "pt-digits",
                "reported_at": pd.Timestamp("2025-06-09 23:59:59.5", tz="America/New_York"),
                "lat": 48.123456789012345,
                "lon": 37.987654321098765,
                "precision_m": 30,
            },
            {
                **BASE,
                "claim_id": "axis",
                "kind": "assessment",
                "geometry": "MULTILINESTRING ((37.5 48.5, 37.6 48.6), (37.7 48.7, 37.8 48.8))",
                "precision": "direction",
                "responses": [{"date": "2025-06-09", "by": "DeepState", "stance": "confirms"}],
            },
        ]
    )
    return pd.concat([fl.example_claims("2025-06-08"), extra], ignore_index=True)


def assert_same_claims(got: gpd.GeoDataFrame, want: gpd.GeoDataFrame) -> None:
    assert list(got.columns) == list(want.columns)
    assert got.dtypes.astype(str).tolist() == want.dtypes.astype(str).tolist()
    assert got.crs.to_epsg() == 4326
    pd.testing.assert_frame_equal(
        pd.DataFrame(got.drop(columns="geometry")), pd.DataFrame(want.drop(columns="geometry"))
    )
    a, b = got.geometry.values, want.geometry.values
    assert (shapely.is_missing(a) == shapely.is_missing(b)).all()
    present = ~shapely.is_missing(b)
    # exact: same types, same coordinates to the last bit
    assert (shapely.to_wkb(a[present]) == shapely.to_wkb(b[present])).all()


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_lossless_round_trip(rich, tmp_path, suffix):
    assert fl.validate_claims(rich).equals(rich)
    path = fl.write_claims(rich, tmp_path / f"claims{suffix}")
    assert path == tmp_path / f"claims{suffix}"
    assert sorted(os.listdir(tmp_path)) == [f"claims{suffix}"]  # no temporary left behind
    back = fl.read_claims(path)
    assert_same_claims(back, rich)
    row = back.set_index("claim_id").loc["ua-київ-1"]
    assert row["summary"] == "Звільнено два села — «перевірка» ✓"
    assert row["reported_at"] == pd.Timestamp("2025-06-09T07:15:30.123456789Z")
    assert row["responses"][0]["note"] == "Заперечує; «ні»"
    assert row["geometry"].geom_type == "MultiPolygon"
    assert back.set_index("claim_id").loc["pt-digits", "geometry"].x == 37.987654321098765
    assert back.set_index("claim_id").loc["deepstate-2025-06-08-share", "geometry"] is None
    # and again: writing what was read gives the same file content
    again = fl.write_claims(back, tmp_path / f"again{suffix}")
    if suffix in (".geojson", ".json", ".csv"):
        assert again.read_bytes() == path.read_bytes()


def test_geojson_is_readable_json_with_native_text(rich, tmp_path):
    path = fl.write_claims(rich, tmp_path / "claims.geojson")
    text = path.read_text(encoding="utf-8")
    assert "Генеральний штаб ЗСУ" in text  # not \\u-escaped
    data = json.loads(text)
    assert data["type"] == "FeatureCollection"
    props = data["features"][0]["properties"]
    assert props["date"] == "2025-06-08"
    assert props["responses"][0]["stance"] == "denies"  # an array, not a string
    assert data["features"][3]["geometry"] is None


def test_gpkg_stores_responses_as_json_text(rich, tmp_path):
    path = fl.write_claims(rich, tmp_path / "claims.gpkg")
    raw = gpd.read_file(path, layer="claims")
    assert json.loads(raw["responses"].iloc[0])[0]["by"] == "Khortytsia group spokesman"
    assert raw["reported_at"].dropna().iloc[0] == "2025-06-09T07:15:30.123456789+00:00"


def test_overwrite_replaces_the_whole_file(rich, tmp_path):
    path = tmp_path / "claims.gpkg"
    fl.write_claims(rich, path)
    fl.write_claims(rich.iloc[:2], path)
    assert len(fl.read_claims(path)) == 2


def test_the_shipped_data_file_reads_as_the_examples():
    from frontline._resources import data_file

    with_records = fl.read_claims(Path(str(data_file("claims", "2025-06-08.json"))))
    assert with_records.equals(fl.example_claims("2025-06-08"))


# --------------------------------------------------------------------------------------------
# Reading files from elsewhere
# --------------------------------------------------------------------------------------------

CSV_HEAD = "claim_id,date,claimant,side,kind,summary,source_name"


def test_csv_with_wkt_column(tmp_path):
    path = tmp_path / "wkt.csv"
    path.write_text(
        f"{CSV_HEAD},wkt,precision,responses\n"
        'a,2025-06-08,Someone,RU,advance,"Took, it seems, a village",x,POINT (37.55 48.28),,\n'
        "b,2025-06-08,Someone,RU,advance,A line,x,"
        '"LINESTRING (37.5 48.5, 37.6 48.6)",direction,'
        '"[{""date"": ""2025-06-09"", ""by"": ""ISW"", ""stance"": ""denies""}]"\n'
        "c,2025-06-08,Someone,RU,advance,No place,x,,,\n",
        encoding="utf-8-sig",  # a byte-order mark, as spreadsheets write
    )
    claims = fl.read_claims(path)
    assert claims["claim_id"].tolist() == ["a", "b", "c"]
    assert claims["summary"].iloc[0] == "Took, it seems, a village"
    assert claims.geometry.iloc[0].equals(shapely.Point(37.55, 48.28))
    assert claims["precision"].astype(str).tolist() == ["point", "direction", "none"]
    assert claims["status"].tolist() == ["claimed", "refuted", "claimed"]
    assert claims.geometry.iloc[2] is None


def test_csv_with_lat_lon_columns(tmp_path):
    path = tmp_path / "latlon.csv"
    path.write_text(
        f"{CSV_HEAD},lat,lon,precision_m\n"
        "a,2025-06-08,Someone,UA,strike,Hit,x,48.28,37.55,500\n"
        "b,2025-06-07,Someone,UA,strike,Hit,x,47.84,35.14,\n",
        encoding="utf-8",
    )
    claims = fl.read_claims(path)
    assert [(g.x, g.y) for g in claims.geometry] == [(37.55, 48.28), (35.14, 47.84)]
    assert claims["precision_m"].iloc[0] == 500.0
    assert np.isnan(claims["precision_m"].iloc[1])
    assert "lat" not in claims.columns


def test_csv_with_swapped_lat_lon_names_the_row(tmp_path):
    path = tmp_path / "swapped.csv"
    path.write_text(
        f"{CSV_HEAD},latitude,longitude\n"
        "a,2025-06-08,Someone,UA,strike,Hit,x,48.1,36.8\n"
        "b,2025-06-08,Someone,UA,strike,Hit,x,36.8,48.1\n",
        encoding="utf-8",
    )
    with pytest.raises(ClaimsValidationError) as excinfo:
        fl.read_claims(path)
    assert [(p.row, p.field) for p in excinfo.value.problems] == [(1, "lat/lon")]
    assert "swapped.csv" in str(excinfo.value)
    assert "coordinates look swapped (lat, lon)" in str(excinfo.value)


def test_geojson_from_another_tool(tmp_path):
    """Old-style 'crs' member, a Feature id as claim_id, responses as JSON text."""
    x, y = pyproj.Transformer.from_crs(4326, 3857, always_xy=True).transform(37.55, 48.28)
    document = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}},
        "features": [
            {
                "type": "Feature",
                "id": "from-id",
                "properties": {
                    **BASE,
                    "responses": '[{"date": "2025-06-08", "by": "Khortytsia", "stance": "denies"}]',
                },
                "geometry": {"type": "Point", "coordinates": [x, y]},
            }
        ],
    }
    path = tmp_path / "other.geojson"
    path.write_text(json.dumps(document), encoding="utf-8")
    claims = fl.read_claims(path)
    assert claims["claim_id"].iloc[0] == "from-id"
    assert claims["status"].iloc[0] == "denied"
    assert claims.geometry.iloc[0].x == pytest.approx(37.55, abs=1e-9)


def test_gpkg_with_native_dates_and_another_crs(tmp_path):
    frame = gpd.GeoDataFrame(
        {
            **{k: [v] for k, v in BASE.items() if k != "date"},
            "date": pd.to_datetime(["2025-06-08"]),
        },
        geometry=[shapely.Point(37.55, 48.28)],
        crs=4326,
    ).to_crs(32637)
    path = tmp_path / "native.gpkg"
    frame.to_file(path, layer="mine", engine="pyogrio")
    claims = fl.read_claims(path)
    assert claims["date"].iloc[0] == pd.Timestamp("2025-06-08")
    assert claims.geometry.iloc[0].x == pytest.approx(37.55, abs=1e-7)


def test_plain_parquet_with_wkt(tmp_path):
    path = tmp_path / "plain.parquet"
    pd.DataFrame([{**BASE, "wkt": "POINT (37.55 48.28)"}]).to_parquet(path)
    claims = fl.read_claims(path)
    assert claims.geometry.iloc[0].equals(shapely.Point(37.55, 48.28))


def test_gpkg_layers(rich, tmp_path):
    path = tmp_path / "two.gpkg"
    fl.write_claims(rich, path, layer="claims")
    rich.iloc[:1].drop(columns="responses").to_file(path, layer="other", engine="pyogrio")
    assert len(fl.read_claims(path)) == len(rich)  # the layer called "claims"
    with pytest.raises(ClaimsValidationError, match="no layer 'nope'"):
        fl.read_claims(path, layer="nope")


# --------------------------------------------------------------------------------------------
# Bad files: one error, naming the file and every problem with its row
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_empty_file(tmp_path, suffix):
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(b"")
    with pytest.raises(ClaimsValidationError, match="empty") as excinfo:
        fl.read_claims(path)
    assert str(path) in str(excinfo.value)


@pytest.mark.parametrize("suffix", [".geojson", ".gpkg", ".parquet"])
def test_truncated_file(rich, tmp_path, suffix):
    path = fl.write_claims(rich, tmp_path / f"whole{suffix}")
    cut = tmp_path / f"cut{suffix}"
    cut.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(ClaimsValidationError) as excinfo:
        fl.read_claims(cut)
    assert str(cut) in str(excinfo.value)
    if suffix == ".geojson":
        assert "not valid JSON (truncated or corrupt?)" in str(excinfo.value)


def test_whitespace_only_json(tmp_path):
    path = tmp_path / "blank.json"
    path.write_text("  \n", encoding="utf-8")
    with pytest.raises(ClaimsValidationError, match="empty"):
        fl.read_claims(path)


def test_csv_header_only_is_an_empty_table_but_needs_its_columns(tmp_path):
    path = tmp_path / "header.csv"
    path.write_text(CSV_HEAD + "\n", encoding="utf-8")
    assert len(fl.read_claims(path)) == 0


def test_missing_columns_and_unknown_values_in_one_error(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "claim_id,date,claimant,side,kind,lat,lon\n"
        "a,2025-06-08,Someone,RU,advance,48.2,37.5\n"
        "b,08/06/2025,Someone,Russia,victory,48.2,37.5\n"
        "c,2025-06-08,Someone,UA,advance,48.2,\n",
        encoding="utf-8",
    )
    with pytest.raises(ClaimsValidationError) as excinfo:
        fl.read_claims(path)
    got = [(p.row, p.field) for p in excinfo.value.problems]
    assert got == [
        (None, "summary"),
        (None, "source_name"),
        (1, "date"),
        (1, "kind"),
        (1, "side"),
        (2, "lat/lon"),
    ]
    text = str(excinfo.value)
    assert text.startswith(f"{path}: 6 problems")
    assert "row 1 (claim_id 'b'), field 'kind', value 'victory'" in text


def test_not_a_claims_document(tmp_path):
    path = tmp_path / "odd.json"
    path.write_text('{"hello": 1}', encoding="utf-8")
    with pytest.raises(ClaimsValidationError, match="FeatureCollection"):
        fl.read_claims(path)
    path.write_text('{"type": "FeatureCollection", "features": [1, {"type": "Feature"}]}')
    with pytest.raises(ClaimsValidationError, match="row 0: not a GeoJSON Feature"):
        fl.read_claims(path)


def test_missing_file_and_unsupported_type(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"nowhere\.gpkg"):
        fl.read_claims(tmp_path / "nowhere.gpkg")
    (tmp_path / "claims.shp").write_bytes(b"x")
    with pytest.raises(ValueError, match=r"unsupported claims file type '\.shp'"):
        fl.read_claims(tmp_path / "claims.shp")
    with pytest.raises(ValueError, match="GeoPackage"):
        fl.read_claims(tmp_path / "claims.csv", layer="x")


# --------------------------------------------------------------------------------------------
# Atomic writes
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_failed_write_leaves_nothing_behind(rich, tmp_path, monkeypatch, suffix):
    fmt = fio.FORMATS[suffix]
    real = getattr(fio, f"_write_{fmt}")

    def half_then_fail(claims, target, layer):
        real(claims, target, layer)  # a complete temporary file ...
        with open(target, "r+b") as handle:  # ... cut short, then the disk "fills up"
            handle.truncate(10)
        raise OSError("No space left on device")

    monkeypatch.setattr(fio, f"_write_{fmt}", half_then_fail)
    with pytest.raises(OSError, match="No space left"):
        fl.write_claims(rich, tmp_path / f"claims{suffix}")
    assert os.listdir(tmp_path) == []


def test_failed_write_keeps_the_old_file(rich, tmp_path, monkeypatch):
    path = fl.write_claims(rich, tmp_path / "claims.geojson")
    before = path.read_bytes()

    def fail(claims, target, layer):
        target.write_text("{", encoding="utf-8")
        raise RuntimeError("interrupted")

    monkeypatch.setattr(fio, "_write_geojson", fail)
    with pytest.raises(RuntimeError):
        fl.write_claims(rich.iloc[:1], path)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["claims.geojson"]


def test_invalid_claims_are_not_written(rich, tmp_path):
    bad = rich.copy()
    bad.loc[0, "side"] = "Russia"
    with pytest.raises(ClaimsValidationError, match="side"):
        fl.write_claims(bad, tmp_path / "claims.gpkg")
    assert os.listdir(tmp_path) == []
    with pytest.raises(FileNotFoundError, match="does not exist"):
        fl.write_claims(rich, tmp_path / "no" / "claims.gpkg")
    with pytest.raises(ValueError, match="unsupported"):
        fl.write_claims(rich, tmp_path / "claims.xlsx")


def test_write_checks_the_target_before_validating(rich, tmp_path):
    (tmp_path / "claims.geojson").mkdir()
    bad = rich.copy()
    bad.loc[0, "side"] = "Russia"  # the target is refused first: no validation work wasted
    with pytest.raises(IsADirectoryError, match="it is a folder"):
        fl.write_claims(bad, tmp_path / "claims.geojson")
    assert sorted(os.listdir(tmp_path)) == ["claims.geojson"]
