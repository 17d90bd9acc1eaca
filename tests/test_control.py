"""ControlHistory: as_of, carried-forward days, changes, between, distinct, validation."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import box

import frontline as fl
from frontline.control import (
    STATUSES,
    ControlHistory,
    ControlValidationError,
    DateOutOfRangeError,
    MissingDayError,
)
from frontline.geodesy import area_km2, areas_km2

# --------------------------------------------------------------------------------------------
# a small made-up history (boxes in eastern Ukraine; not any source's assessment)
# --------------------------------------------------------------------------------------------

DAYS = ["2025-06-01", "2025-06-02", "2025-06-04"]  # 2025-06-03 is a gap


def _small() -> ControlHistory:
    rows = []
    for i, day in enumerate(DAYS):
        rows.append(
            {
                "date": day,
                "source": "S",
                "status": "occupied",
                "geometry": box(37, 47, 38 + i * 0.1, 48),
            }
        )
        rows.append(
            {
                "date": day,
                "source": "S",
                "status": "occupied_before_2022",
                "geometry": box(38.5, 47, 39.5, 48),
            }
        )
        rows.append(
            {"date": day, "source": "S", "status": "contested", "geometry": box(36.8, 47, 37, 48)}
        )
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs=4326)
    return ControlHistory(frame)


@pytest.fixture(scope="module")
def small() -> ControlHistory:
    return _small()


def test_statuses_table_is_the_vocabulary():
    assert list(STATUSES) == [
        "occupied",
        "occupied_before_2022",
        "contested",
        "liberated",
        "advanced",
        "claimed_ru",
        "claimed_ua",
        "partisan",
    ]
    for info in STATUSES.values():
        assert info.meaning
    assert fl.STATUSES is STATUSES


def test_basic_properties(small):
    assert len(small) == 3
    assert list(small.dates) == [pd.Timestamp(d) for d in DAYS]
    assert small.frame["date"].dtype == "datetime64[ns]"
    assert small.sources == ["S"]
    assert small.statuses == ["occupied", "occupied_before_2022", "contested"]
    assert small.start == pd.Timestamp("2025-06-01")
    assert small.end == pd.Timestamp("2025-06-04")
    assert repr(small) == (
        "<ControlHistory S: 3 days, 2025-06-01 to 2025-06-04, "
        "statuses: occupied, occupied_before_2022, contested>"
    )
    assert small.markers.empty
    assert small.dropped.empty


def test_as_of_exact_day(small):
    day = small.as_of("2025-06-02")
    assert list(day["status"]) == ["occupied", "occupied_before_2022", "contested"]
    assert not day["carried_forward"].any()
    assert (day["snapshot_date"] == pd.Timestamp("2025-06-02")).all()
    assert day.attrs == {
        "source": "S",
        "snapshot_date": pd.Timestamp("2025-06-02"),
        "requested_date": pd.Timestamp("2025-06-02"),
        "carried_forward": False,
    }
    assert day.crs.to_epsg() == 4326


def test_as_of_gap_carries_forward_and_strict_raises(small):
    day = small.as_of(dt.date(2025, 6, 3))
    assert day["carried_forward"].all()
    assert (day["snapshot_date"] == pd.Timestamp("2025-06-02")).all()
    assert day.attrs["carried_forward"] is True
    with pytest.raises(MissingDayError, match="2025-06-03"):
        small.as_of("2025-06-03", strict=True)
    with pytest.raises(DateOutOfRangeError):  # MissingDayError is one
        small.as_of("2025-06-03", strict=True)


@pytest.mark.parametrize("when", ["2025-05-31", "2025-06-05", "2030-01-01"])
def test_as_of_out_of_range(small, when):
    with pytest.raises(DateOutOfRangeError, match="outside this history"):
        small.as_of(when)


def test_as_of_status_filter(small):
    day = small.as_of("2025-06-04", statuses="contested")
    assert list(day["status"]) == ["contested"]
    empty = small.as_of("2025-06-04", statuses=["liberated"])
    assert empty.empty
    assert "carried_forward" in empty.columns
    with pytest.raises(ValueError, match="unknown status 'russian'"):
        small.as_of("2025-06-04", statuses="russian")


def test_as_of_old_status_keyword_warns_and_still_filters(small):
    with pytest.warns(FutureWarning, match=r"as_of\(statuses=...\)"):
        day = small.as_of("2025-06-04", status="contested")
    assert list(day["status"]) == ["contested"]
    with pytest.raises(TypeError, match="not both"):
        small.as_of("2025-06-04", status="contested", statuses="occupied")


def test_crs84_frames_are_taken_as_lonlat(small):
    frame = small.frame[["date", "source", "status", "geometry"]].set_crs(
        "OGC:CRS84", allow_override=True
    )
    h = ControlHistory(frame)
    assert h.frame.crs.to_epsg() == 4326
    assert h.geometry_on("2025-06-04").equals(small.geometry_on("2025-06-04"))


@pytest.mark.parametrize("bad", ["not a date", 12.5, None, [2025, 6, 1]])
def test_bad_dates_are_value_errors(small, bad):
    with pytest.raises(ValueError, match="date"):
        small.as_of(bad)


def test_geometry_on_unions_occupied_statuses(small):
    geom = small.geometry_on("2025-06-04")
    expected = shapely.union_all([box(37, 47, 38.2, 48), box(38.5, 47, 39.5, 48)])
    assert geom.equals(expected)
    assert small.geometry_on("2025-06-04", statuses="contested").equals(box(36.8, 47, 37, 48))
    assert small.geometry_on("2025-06-04", statuses="liberated").is_empty
    # cached: the same object comes back
    assert small.geometry_on("2025-06-04") is geom


def test_changes_gained_lost_geodesic(small):
    out = small.changes("2025-06-01", "2025-06-03")  # 06-03 carried from 06-02
    assert list(out["change"]) == ["gained", "lost"]
    gained = out.geometry.iloc[0]
    assert gained.equals(box(38, 47, 38.1, 48))
    assert out["km2"].iloc[0] == pytest.approx(area_km2(box(38, 47, 38.1, 48)))
    assert out["km2"].iloc[1] == 0.0
    assert out.attrs["end_snapshot"] == pd.Timestamp("2025-06-02")
    assert out.attrs["carried_forward"] is True
    assert out.attrs["net_km2"] == pytest.approx(out["km2"].iloc[0])
    back = small.changes("2025-06-01", "2025-06-01")
    assert back["km2"].tolist() == [0.0, 0.0]
    with pytest.raises(ValueError, match="before start"):
        small.changes("2025-06-04", "2025-06-01")


def test_between(small):
    part = small.between("2025-06-02", "2025-06-30")
    assert list(part.dates) == [pd.Timestamp("2025-06-02"), pd.Timestamp("2025-06-04")]
    assert len(small.between(end="2025-06-01")) == 1
    with pytest.raises(DateOutOfRangeError, match="no day"):
        small.between("2026-01-01", "2026-12-31")
    # a missing start keeps the snapshot in force on it, so as_of(start) answers as before
    gap = small.between("2025-06-03", "2025-06-30")
    assert list(gap.dates) == [pd.Timestamp("2025-06-02"), pd.Timestamp("2025-06-04")]
    day = gap.as_of("2025-06-03")
    assert day.attrs["snapshot_date"] == pd.Timestamp("2025-06-02")
    assert day["carried_forward"].all()
    assert day.geometry.equals(small.as_of("2025-06-03").geometry)
    assert list(small.between("2025-06-03", "2025-06-03").dates) == [pd.Timestamp("2025-06-02")]


def test_distinct_groups_unchanged_days():
    rows = [
        {"date": d, "source": "S", "status": "occupied", "geometry": g}
        for d, g in [
            ("2025-01-01", box(37, 47, 38, 48)),
            ("2025-01-02", box(37, 47, 38, 48)),
            ("2025-01-03", box(37, 47, 38.5, 48)),
            ("2025-01-05", box(37, 47, 38, 48)),
        ]
    ]
    h = ControlHistory(gpd.GeoDataFrame(rows, geometry="geometry", crs=4326))
    groups, geoms = h.distinct()
    assert groups.tolist() == [0, 0, 1, 0]
    assert list(groups.index) == list(h.dates)
    assert len(geoms) == 2
    for day, gid in groups.items():
        assert geoms[gid].equals(h.geometry_on(day))


def test_validation_collects_every_problem():
    rows = gpd.GeoDataFrame(
        {
            "date": ["2025-06-01", "someday", "2025-06-02 13:00"],
            "source": ["S", "", "S"],
            "status": ["occupied", "held", "occupied"],
        },
        geometry=[
            box(37, 47, 38, 48),
            shapely.Polygon([(0, 0), (1, 1), (1, 0), (0, 1)]),  # bow-tie: invalid
            shapely.Point(37, 47),
        ],
        crs=4326,
    )
    with pytest.raises(ControlValidationError) as info:
        ControlHistory(rows)
    problems = info.value.problems
    text = "\n".join(problems)
    assert "row 1 field 'date': value 'someday'" in text
    assert "row 2 field 'date': value 2025-06-02 13:00:00 is not midnight" in text
    assert "row 1 field 'source'" in text
    assert "row 1 field 'status': value 'held'" in text
    assert "row 1 field 'geometry': invalid" in text
    assert "row 2 field 'geometry': a Point" in text
    assert isinstance(info.value, ValueError)


def test_validation_crs_duplicates_and_missing_columns():
    frame = gpd.GeoDataFrame(
        {"date": ["2025-06-01"] * 2, "source": ["S"] * 2, "status": ["occupied"] * 2},
        geometry=[box(0, 0, 1, 1), box(1, 1, 2, 2)],
        crs=3857,
    )
    with pytest.raises(ControlValidationError) as info:
        ControlHistory(frame)
    text = str(info.value)
    assert "to_crs(4326)" in text
    assert "several rows for date 2025-06-01" in text
    with pytest.raises(ControlValidationError, match="missing column 'status'"):
        ControlHistory(frame.drop(columns="status"))
    with pytest.raises(TypeError, match="GeoDataFrame"):
        ControlHistory(pd.DataFrame(frame))
    with pytest.raises(ControlValidationError, match="no rows"):
        ControlHistory(frame.iloc[:0].set_crs(4326, allow_override=True))


def test_multi_source_history_needs_source_for_geometry():
    a = _small()
    rows = gpd.GeoDataFrame(
        {"date": ["2025-06-03"], "source": ["T"], "status": ["advanced"]},
        geometry=[box(37, 46, 38, 47)],
        crs=4326,
    )
    h = ControlHistory.concat([a, ControlHistory(rows)])
    assert h.sources == ["S", "T"]
    day = h.as_of("2025-06-03")
    assert set(day["source"]) == {"S", "T"}
    assert day.attrs["source"] == "S, T"
    assert day.attrs["carried_forward"] is True  # S carried from 06-02
    with pytest.raises(ValueError, match="several sources"):
        h.geometry_on("2025-06-03")
    assert h.geometry_on("2025-06-03", source="T", statuses="advanced").equals(box(37, 46, 38, 47))
    with pytest.raises(LookupError, match="source 'U'"):
        h.as_of("2025-06-03", source="U")
    with pytest.raises(ControlValidationError, match="several rows"):
        ControlHistory.concat([a, a])


def test_from_features_unions_and_repairs():
    bowtie = shapely.Polygon([(37, 47), (38, 48), (38, 47), (37, 48)])
    f = gpd.GeoDataFrame(
        {"status": ["occupied", "occupied", "liberated"]},
        geometry=[box(37, 47, 38, 48), bowtie, box(36, 47, 36.5, 48)],
        crs=4326,
    )
    h = ControlHistory.from_features(f, date="2025-06-07", source="made-up")
    assert h.statuses == ["occupied", "liberated"]
    assert h.frame.geometry.is_valid.all()
    with pytest.raises(ControlValidationError, match="'russian'"):
        ControlHistory.from_features(f.assign(status="russian"), date="2025-06-07", source="x")


@settings(max_examples=60, deadline=None)
@given(st.dates(min_value=dt.date(2025, 6, 1), max_value=dt.date(2025, 6, 4)))
def test_as_of_picks_latest_snapshot_on_or_before(day):
    h = _small()
    out = h.as_of(day)
    snap = out.attrs["snapshot_date"]
    assert snap <= pd.Timestamp(day)
    assert snap == max(d for d in h.dates if d <= pd.Timestamp(day))
    assert out.attrs["carried_forward"] == (snap != pd.Timestamp(day))


# --------------------------------------------------------------------------------------------
# the real daily mirror (session fixture `history`, read once)
# --------------------------------------------------------------------------------------------


def test_real_history_has_769_days(history):
    assert len(history) == 769
    assert history.start == pd.Timestamp("2024-07-08")
    assert history.end == pd.Timestamp("2026-08-22")
    assert history.sources == ["DeepStateMap"]
    assert history.statuses == ["occupied"]
    assert history.frame.geometry.is_valid.all()
    assert not shapely.has_z(history.frame.geometry.to_numpy()).any()


def test_real_new_year_2025_is_carried_forward(history):
    assert pd.Timestamp("2025-01-01") not in history.dates
    day = history.as_of("2025-01-01")
    assert day.attrs["snapshot_date"] == pd.Timestamp("2024-12-31")
    assert day["carried_forward"].all()
    with pytest.raises(MissingDayError):
        history.as_of("2025-01-01", strict=True)


def test_real_2025_06_08_area(history):
    km2 = area_km2(history.geometry_on("2025-06-08", strict=True))
    assert km2 == pytest.approx(113_300, rel=0.005)


def test_real_changes_and_between(history):
    out = history.changes("2025-06-01", "2025-06-08")
    a = area_km2(history.geometry_on("2025-06-01"))
    b = area_km2(history.geometry_on("2025-06-08"))
    assert out.attrs["net_km2"] == pytest.approx(b - a, abs=1.0)
    assert out["km2"].iloc[0] > 0
    assert np.allclose(out["km2"], areas_km2(out.geometry))
    year = history.between("2025-01-01", "2025-12-31")  # 2025-01-01 is missing in the mirror
    assert year.start == pd.Timestamp("2024-12-31")
    assert year.end.year == 2025
    assert len(year) == 1 + int(
        ((history.dates >= "2025-01-01") & (history.dates <= "2025-12-31")).sum()
    )
    new_year = year.as_of("2025-01-01")
    assert new_year.attrs["snapshot_date"] == pd.Timestamp("2024-12-31")
    assert new_year["carried_forward"].all()


def test_real_distinct(history):
    groups, geoms = history.distinct()
    assert len(groups) == len(history)
    assert 1 < len(geoms) <= len(history)
    assert groups.iloc[0] == 0
    day = history.dates[100]
    assert geoms[groups[day]].equals_exact(history.geometry_on(day), 0.0)


def test_pick_source_names_the_choice():
    h = fl.example_control()
    assert h.pick_source() == "DeepStateMap"
    assert h.pick_source("DeepStateMap") == "DeepStateMap"
    with pytest.raises(LookupError, match="'ISW' is not in this history"):
        h.pick_source("ISW")
    frame = h.frame.copy()
    frame["source"] = "ISW"
    both = ControlHistory.concat([h, ControlHistory(frame)])
    with pytest.raises(ValueError, match=r"several sources \(DeepStateMap, ISW\)"):
        both.pick_source()
    for compute in (
        lambda: fl.area_share(both, "2025-06-08"),
        lambda: fl.map_history(both),
        lambda: fl.settlement_control(both),
    ):
        with pytest.raises(ValueError, match="several sources"):
            compute()
