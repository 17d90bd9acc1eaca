"""read_control (any vector file) and read_isw (ISW-style legend layers).

Every fixture here is made for this test, not ISW data: a few boxes in eastern Ukraine written
to small files with layer names that follow the wording of ISW's map legend.
"""

from __future__ import annotations

import re
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import Point, box

import frontline as fl
from frontline.control import STATUSES, ControlValidationError
from frontline.geodesy import area_km2
from frontline.io.isw import IswLayerWarning, isw_status, read_isw
from frontline.io.vector import read_control

# made for this test, not ISW data
LEGEND_LAYERS = {
    "Assessed Russian-controlled Ukrainian Territory": box(37.5, 47.5, 38.0, 48.0),
    "Assessed Russian Advances in Ukraine": box(38.0, 47.5, 38.1, 48.0),
    "Claimed Russian Territory in Ukraine": box(36.9, 47.5, 37.0, 48.0),
    "Claimed Ukrainian Counteroffensives": box(36.5, 47.5, 36.6, 48.0),
    "Reported Ukrainian Partisan Warfare": box(35.0, 46.8, 35.2, 47.0),
    "Russian-controlled Ukrainian Territory before February 24, 2022": box(38.5, 47.5, 39.5, 48.5),
}


@pytest.fixture(scope="module")
def legend_gpkg(tmp_path_factory) -> Path:
    """A GeoPackage with one layer per legend entry (made for this test, not ISW data)."""
    path = tmp_path_factory.mktemp("isw") / "made-up-isw.gpkg"
    for name, geom in LEGEND_LAYERS.items():
        gpd.GeoDataFrame({"note": ["made for this test"]}, geometry=[geom], crs=4326).to_file(
            path, layer=name
        )
    return path


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("Assessed Russian Control", "occupied"),
        ("Assessed Russian-Controlled Ukrainian Territory", "occupied"),
        ("assessed_russian_control", "occupied"),
        ("Assessed Russian Advances", "advanced"),
        ("Assessed Russian Advances in Ukraine", "advanced"),
        ("Claimed Russian Territory", "claimed_ru"),
        ("Claimed Russian Control over Ukrainian Territory", "claimed_ru"),
        ("Claimed Ukrainian Counteroffensives", "claimed_ua"),
        ("Claimed Ukrainian Advances", "claimed_ua"),
        ("Reported Ukrainian Partisan Activity", "partisan"),
        ("Russian-controlled Ukrainian Territory before 24 February 2022", "occupied_before_2022"),
        ("Russian-Controlled Ukrainian Territory Before February 24, 2022", "occupied_before_2022"),
        ("Controlled by Russian-backed separatists since 2014", "occupied_before_2022"),
        ("Annexed by Russia in 2014", "occupied_before_2022"),
        ("Liberated territory", "liberated"),
        ("Densely populated areas", None),
        ("Front line", None),
    ],
)
def test_legend_names(name, status):
    assert isw_status(name) == status


@settings(max_examples=200)
@given(st.one_of(st.none(), st.integers(), st.text(max_size=80)))
def test_legend_parser_never_fails(value):
    assert isw_status(value) in (None, *STATUSES)


def test_read_isw_maps_every_legend_layer(legend_gpkg):
    h = read_isw(legend_gpkg, date="2025-06-07")
    assert fl.read_isw is read_isw
    assert h.sources == ["ISW"]
    assert list(h.dates) == [pd.Timestamp("2025-06-07")]
    assert h.statuses == [
        "occupied",
        "occupied_before_2022",
        "advanced",
        "claimed_ru",
        "claimed_ua",
        "partisan",
    ]
    occupied = h.geometry_on("2025-06-07")
    expected = shapely.union_all([LEGEND_LAYERS[k] for k in list(LEGEND_LAYERS)[::5]])
    assert occupied.equals(expected)
    assert h.frame.crs.to_epsg() == 4326


def test_read_isw_unknown_layer(tmp_path, legend_gpkg):
    path = tmp_path / "with-extra.gpkg"
    for name in ("Assessed Russian Control", "Densely populated areas"):
        gpd.GeoDataFrame(geometry=[box(37, 47, 37.5, 47.5)], crs=4326).to_file(path, layer=name)
    with pytest.raises(ValueError, match="'Densely populated areas' is not an ISW legend entry"):
        read_isw(path, date="2025-06-07")
    with pytest.warns(IswLayerWarning, match="Densely populated areas"):
        h = read_isw(path, date="2025-06-07", on_unknown="skip")
    assert h.statuses == ["occupied"]
    mine = read_isw(path, date="2025-06-07", layers={"Densely populated areas": "contested"})
    assert mine.statuses == ["contested"]
    only = read_isw(legend_gpkg, date="2025-06-07", layers=["Claimed Russian Territory in Ukraine"])
    assert only.statuses == ["claimed_ru"]
    with pytest.raises(ValueError, match="'held'"):
        read_isw(path, date="2025-06-07", layers={"Densely populated areas": "held"})


def test_read_isw_legend_column_and_reprojection(tmp_path):
    frame = gpd.GeoDataFrame(
        {"legend": ["Assessed Russian Control", "Assessed Russian Advances"]},
        geometry=[box(37.5, 47.5, 38.0, 48.0), box(38.0, 47.5, 38.1, 48.0)],
        crs=4326,
    ).to_crs(3857)
    path = tmp_path / "one-layer.geojson"
    frame.to_file(path)
    h = read_isw(path, date="2025-06-07", legend_column="legend")
    assert h.statuses == ["occupied", "advanced"]
    km2 = area_km2(h.geometry_on("2025-06-07"))
    assert km2 == pytest.approx(area_km2(box(37.5, 47.5, 38.0, 48.0)), rel=1e-6)


def test_read_control_with_status(tmp_path):
    path = tmp_path / "assessment.gpkg"
    gpd.GeoDataFrame(geometry=[box(37, 47, 37.5, 47.5), box(37.5, 47, 38, 47.5)], crs=4326).to_file(
        path
    )
    h = read_control(path, date="2025-06-07", source="made-up", status="occupied")
    assert fl.read_control is read_control
    assert len(h.frame) == 1
    assert h.geometry_on("2025-06-07").equals(box(37, 47, 38, 47.5))


def test_read_control_status_column_and_map(tmp_path):
    path = tmp_path / "sides.gpkg"
    gpd.GeoDataFrame(
        {"side": ["RU", "grey", "UA"]},
        geometry=[box(37, 47, 37.5, 47.5), box(37.5, 47, 37.6, 47.5), box(36, 47, 36.5, 47.5)],
        crs=4326,
    ).to_file(path)
    h = read_control(
        path,
        date="2025-06-07",
        source="made-up",
        status_column="side",
        status_map={"RU": "occupied", "grey": "contested", "UA": "liberated"},
    )
    assert h.statuses == ["occupied", "contested", "liberated"]
    with pytest.raises(ControlValidationError) as info:
        read_control(path, date="2025-06-07", source="x", status_column="side")
    assert len(info.value.problems) == 3
    assert "row 0 field 'side': value 'RU' is not a status" in info.value.problems[0]
    with pytest.raises(LookupError, match="no column 'sides'"):
        read_control(path, date="2025-06-07", source="x", status_column="sides")


def test_read_control_bad_input(tmp_path, legend_gpkg):
    missing = tmp_path / "missing.gpkg"
    with pytest.raises(FileNotFoundError, match=r"missing\.gpkg"):
        read_control(missing, date="2025-06-07", source="x", status="occupied")
    # the missing file is reported before any complaint about the other arguments
    with pytest.raises(FileNotFoundError, match=f"no such file: {re.escape(str(missing))}"):
        read_control(missing, date="2025-06-07", source="")
    with pytest.raises(ValueError, match="layers"):
        read_control(legend_gpkg, date="2025-06-07", source="x", status="occupied")
    with pytest.raises(LookupError, match="no layer 'nope'"):
        read_control(legend_gpkg, date="2025-06-07", source="x", status="occupied", layer="nope")
    with pytest.raises(ValueError, match="exactly one of"):
        read_control(legend_gpkg, date="2025-06-07", source="x")
    with pytest.raises(ValueError, match="not one of"):
        read_control(legend_gpkg, date="2025-06-07", source="x", status="held")
    junk = tmp_path / "junk.gpkg"
    junk.write_text("not a geopackage", "utf-8")
    with pytest.raises(ValueError, match="not a readable vector file"):
        read_control(junk, date="2025-06-07", source="x", status="occupied")
    points = tmp_path / "points.gpkg"
    gpd.GeoDataFrame(geometry=[Point(37, 47)], crs=4326).to_file(points)
    with pytest.raises(ControlValidationError, match="a Point, not an area"):
        read_control(points, date="2025-06-07", source="x", status="occupied")
    no_crs = tmp_path / "no-crs.gpkg"
    with pytest.warns(UserWarning, match="'crs' was not provided"):  # writing it on purpose
        gpd.GeoDataFrame(geometry=[box(37, 47, 38, 48)]).to_file(no_crs)
    with pytest.raises(ValueError, match="no coordinate reference system"):
        read_control(no_crs, date="2025-06-07", source="x", status="occupied")
    with pytest.raises(ValueError, match="not a date"):
        read_control(
            legend_gpkg,
            date="yesterday-ish",
            source="x",
            status="occupied",
            layer="Assessed Russian Advances in Ukraine",
        )
