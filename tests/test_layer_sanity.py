"""Layers that cannot be right for Ukraine are refused at read time, with a fix in the message."""

from __future__ import annotations

import json
import warnings

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import box, mapping

import frontline as fl
from frontline.cli import main as cli_main

# A made-up assessed area in Donetsk Oblast (not anyone's data).
AREA = box(37.5, 47.6, 38.3, 48.2)


def _gpkg(tmp_path, geom, crs=4326, name="layer.gpkg"):
    path = tmp_path / name
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # pyogrio: "'crs' was not provided"
        gpd.GeoDataFrame({"side": ["RU"]}, geometry=[geom], crs=crs).to_file(path)
    return path


def _geojson(tmp_path, geom, name="layer.geojson"):
    path = tmp_path / name
    doc = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": {}, "geometry": mapping(geom)}],
    }
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def _read(path, **kw):
    return fl.read_control(path, date="2025-06-08", source="test", status="occupied", **kw)


def test_a_right_layer_is_read(tmp_path):
    h = _read(_gpkg(tmp_path, AREA))
    assert fl.area_km2(h.geometry_on("2025-06-08")) == pytest.approx(fl.area_km2(AREA))


def test_swapped_coordinates_are_refused(tmp_path):
    swapped = shapely.transform(AREA, lambda xy: xy[:, ::-1])
    path = _gpkg(tmp_path, swapped)
    with pytest.raises(fl.ImplausibleLayerError, match="swapped") as caught:
        _read(path)
    assert "layer.gpkg" in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_projected_coordinates_without_a_crs_are_refused_and_crs_fixes_it(tmp_path):
    mercator = gpd.GeoSeries([AREA], crs=4326).to_crs(3857).iloc[0]
    path = _geojson(tmp_path, mercator)  # GeoJSON: read as longitude/latitude
    with pytest.raises(fl.ImplausibleLayerError, match="projected") as caught:
        _read(path)
    assert "layer.geojson" in str(caught.value)
    assert "crs=" in str(caught.value)
    h = _read(path, crs=3857)
    assert fl.area_km2(h.geometry_on("2025-06-08")) == pytest.approx(fl.area_km2(AREA), rel=1e-3)


def test_a_layer_without_a_crs_is_refused_with_the_fix(tmp_path):
    path = _gpkg(tmp_path, AREA, crs=None, name="nocrs.gpkg")
    with pytest.raises(fl.ImplausibleLayerError, match="crs="):
        _read(path)
    assert len(_read(path, crs=4326)) == 1


def test_a_crs_that_cannot_be_transformed_is_refused(tmp_path):
    path = _gpkg(tmp_path, box(0, 0, 1000, 1000), crs=None, name="local.gpkg")
    engineering = 'ENGCRS["site grid",EDATUM["site"],CS[Cartesian,2],AXIS["x",east,LENGTHUNIT["metre",1]],AXIS["y",north,LENGTHUNIT["metre",1]]]'  # noqa: E501
    with pytest.raises(fl.ImplausibleLayerError, match="cannot be transformed"):
        _read(path, crs=engineering)
    with pytest.raises(fl.ImplausibleLayerError, match="not a CRS"):
        _read(path, crs="no such crs")


def test_a_layer_mostly_outside_ukraine_is_refused(tmp_path):
    # From Kharkiv Oblast far into Russia: most of its area is not Ukraine's.
    half_foreign = box(36.5, 49.8, 39.5, 51.5)
    with pytest.raises(fl.ImplausibleLayerError, match="lies in Ukraine") as caught:
        _read(_gpkg(tmp_path, half_foreign))
    assert "layer.gpkg" in str(caught.value)


def test_read_isw_checks_too(tmp_path):
    path = tmp_path / "isw.gpkg"
    swapped = shapely.transform(AREA, lambda xy: xy[:, ::-1])
    gpd.GeoDataFrame(geometry=[swapped], crs=4326).to_file(path, layer="Assessed Russian Control")
    with pytest.raises(fl.ImplausibleLayerError, match="swapped"):
        fl.read_isw(path, date="2025-06-08")


def test_read_deepstate_names_swapped_and_projected_files(tmp_path):
    swapped = shapely.transform(AREA, lambda xy: xy[:, ::-1])
    path = _geojson(tmp_path, swapped, name="deepstatemap_data_20250608.geojson")
    with pytest.raises(fl.DeepStateReadError, match="swapped") as caught:
        fl.read_deepstate(path)
    assert caught.value.path == str(path)
    mercator = gpd.GeoSeries([AREA], crs=4326).to_crs(3857).iloc[0]
    path = _geojson(tmp_path, mercator, name="deepstatemap_data_20250609.geojson")
    with pytest.raises(fl.DeepStateReadError, match="projected"):
        fl.read_deepstate(path)


def test_cli_source_refuses_a_swapped_file(tmp_path, capsys):
    swapped = shapely.transform(AREA, lambda xy: xy[:, ::-1])
    path = _geojson(tmp_path, swapped, name="deepstatemap_data_20250608.geojson")
    code = cli_main(["share", "--source", str(path), "--date", "2025-06-08"])
    assert code != 0
    assert "swapped" in capsys.readouterr().err
