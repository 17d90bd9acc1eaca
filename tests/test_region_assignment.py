"""Every held km² inside Ukraine counts in a region; ground beyond the state border never does."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import box

import frontline as fl
from frontline.control import ControlHistory


@pytest.fixture(scope="module")
def day(daily_dir):
    # one day only: keeps the test fast
    return fl.read_deepstate(daily_dir / "deepstatemap_data_20250608.geojson")


def test_regions_add_up_to_the_ground_inside_ukraine_on_2025_06_08(day):
    national = fl.area_share(day, "2025-06-08")
    regions = fl.area_share(day, "2025-06-08", by="region").set_index("code")
    row = national.iloc[0]
    assert regions["km2"].sum() == pytest.approx(row["km2"], rel=1e-3)
    assert row["km2"] + row["km2_outside_ukraine"] == pytest.approx(row["km2_assessed"])
    # about 1,775 km² of DeepState's ground lies outside Natural Earth's region polygons
    assert 1_500 < regions.attrs["km2_assigned"] < 2_000
    assert national.attrs["km2_assigned"] == pytest.approx(regions.attrs["km2_assigned"])
    assert row["km2_outside_ukraine"] < 5
    assert regions.loc["UA-09", "share_official"] >= 0.99  # Luhansk: DeepState says 99.6%
    assert regions.loc["UA-59", "km2"] > 150  # Sumy


def test_timeline_by_region_counts_the_assigned_ground(day):
    once = fl.area_share(day, "2025-06-08", by="region").set_index("code")
    series = fl.timeline(day, by="region").set_index("code")
    np.testing.assert_allclose(series["km2"], once["km2"], atol=1e-6)
    assert series.attrs["km2_assigned"] == pytest.approx(once.attrs["km2_assigned"])


def test_ground_across_the_border_is_outside_ukraine():
    inside = box(37.5, 47.6, 38.3, 48.2)  # Donetsk Oblast (made up)
    kursk = box(35.2, 51.35, 35.6, 51.6)  # in Russia, well beyond Sumy Oblast's border
    features = gpd.GeoDataFrame(
        {"status": ["occupied"]}, geometry=[shapely.union(inside, kursk)], crs=4326
    )
    h = ControlHistory.from_features(features, date="2024-09-01", source="test")
    row = fl.area_share(h, "2024-09-01").iloc[0]
    regions = fl.area_share(h, "2024-09-01", by="region").set_index("code")
    assert row["km2_outside_ukraine"] == pytest.approx(fl.area_km2(kursk), rel=1e-3)
    assert row["km2"] == pytest.approx(fl.area_km2(inside), rel=1e-3)
    assert regions["km2"].sum() == pytest.approx(row["km2"], rel=1e-9)
    assert regions.loc["UA-59", "km2"] == 0.0
    assert regions.attrs["km2_outside_ukraine"] == pytest.approx(row["km2_outside_ukraine"])


def test_a_sliver_beyond_natural_earths_border_goes_to_the_nearest_region():
    # A strip 1-3 km beyond Natural Earth's Luhansk-Russia border, as DeepState's border runs.
    luhansk = fl.region("Luhansk").geometry
    strip = shapely.difference(fl.buffer_km(luhansk, 3.0), fl.buffer_km(fl.ukraine_outline(), 1.0))
    strip = shapely.intersection(strip, box(39.8, 48.9, 40.2, 49.3))
    assert fl.area_km2(strip) > 10
    features = gpd.GeoDataFrame({"status": ["occupied"]}, geometry=[strip], crs=4326)
    h = ControlHistory.from_features(features, date="2025-06-08", source="test")
    regions = fl.area_share(h, "2025-06-08", by="region").set_index("code")
    assert regions.loc["UA-09", "km2"] == pytest.approx(fl.area_km2(strip), rel=1e-3)
    assert regions.attrs["km2_assigned"] == pytest.approx(fl.area_km2(strip), rel=1e-3)


def test_extensions_tile_the_band_without_overlaps():
    regions = fl.load_regions()
    ext = fl.region_extensions()
    assert ext["code"].tolist() == regions["code"].tolist()
    parts = np.concatenate([regions.geometry.to_numpy(), ext.geometry.to_numpy()])
    union = shapely.union_all(parts)
    overlap = sum(fl.area_km2(g) for g in parts) - fl.area_km2(union)
    assert abs(overlap) < 1.0  # km²: regions and extensions do not overlap
    # everything within 4.9 km of Ukraine's outline is in some region or extension
    near = fl.buffer_km(fl.ukraine_outline(), 4.9, quad_segs=4)
    assert fl.area_km2(shapely.difference(near, union)) < 0.5
    assert ext.set_index("code").loc["UA-53", "km2"] == 0.0  # Poltava: no border, no coast


def test_day_map_draws_ground_outside_ukraine_as_its_own_layer():
    inside = box(37.5, 47.6, 38.3, 48.2)
    kursk = box(35.2, 51.35, 35.6, 51.6)
    features = gpd.GeoDataFrame(
        {"status": ["occupied"]}, geometry=[shapely.union(inside, kursk)], crs=4326
    )
    h = ControlHistory.from_features(features, date="2024-09-01", source="test")
    html = fl.map_day("2024-09-01", history=h, tiles=None).get_root().render()
    assert "Outside Ukraine (test, 2024-09-01): 773 km" in html
    only_inside = ControlHistory.from_features(
        gpd.GeoDataFrame({"status": ["occupied"]}, geometry=[inside], crs=4326),
        date="2024-09-01",
        source="test",
    )
    plain = fl.map_day("2024-09-01", history=only_inside, tiles=None).get_root().render()
    assert "Outside Ukraine" not in plain
