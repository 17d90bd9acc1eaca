"""map_history / history_pieces: structure of the page, exactness of the pieces, bad input."""

from __future__ import annotations

import json
import re

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

import frontline as fl
from frontline.control import ControlHistory, DateOutOfRangeError
from frontline.render import history_pieces, map_history
from frontline.render.history import _encode, _plan

DAY_NS = 86_400 * 10**9
PRECISION = 1e-4

# --- helpers ----------------------------------------------------------------------------------


def decode_areas(page: str) -> list[tuple[int, int, shapely.Polygon]]:
    """The pieces embedded in a page: (first day, stop day, polygon), day numbers since 1970."""
    out = []
    for rows, scale in re.findall(r"\.polygons\((\[\[.*?\]\]\]), (\d+)\)", page, re.DOTALL):
        q = int(scale)
        for row in json.loads(rows):
            rings = []
            for ring in row[2:]:
                xy = np.cumsum(np.asarray(ring, dtype=np.int64).reshape(-1, 2), axis=0) / q
                rings.append(np.vstack([xy, xy[:1]]))
            out.append((row[0], row[1], shapely.Polygon(rings[0], rings[1:])))
    return out


def day_number(day: str | pd.Timestamp) -> int:
    return pd.Timestamp(day).value // DAY_NS


def union_on(pieces: list[tuple[int, int, shapely.Polygon]], day: str) -> shapely.Geometry:
    d = day_number(day)
    return shapely.union_all([p for a, b, p in pieces if a <= d < b], grid_size=PRECISION)


def far(a: shapely.Geometry, b: shapely.Geometry) -> float:
    """Largest distance from a vertex of ``a`` to ``b``."""
    return float(shapely.distance(shapely.points(shapely.get_coordinates(a)), b).max())


def assert_same_area(drawn: shapely.Geometry, truth: shapely.Geometry) -> None:
    """Equal up to snapping: no vertex more than ~1.5 grid steps off, area within a sliver."""
    assert far(drawn, truth) <= 1.5 * PRECISION
    assert far(truth, drawn) <= 1.5 * PRECISION
    tolerance = truth.boundary.length * PRECISION  # a band half a grid step wide each side
    assert shapely.symmetric_difference(drawn, truth).area <= tolerance


# --- the whole DeepState mirror ---------------------------------------------------------------


@pytest.fixture(scope="module")
def full_page(history: ControlHistory) -> str:
    m = map_history(history, tiles=None, regions=False)
    return m.get_root().render()


def test_full_history_page_is_compact(full_page: str, history: ControlHistory) -> None:
    pieces = decode_areas(full_page)
    vertices = sum(shapely.get_num_coordinates(p) for _, _, p in pieces)
    # the days themselves hold ~2.3 million vertices; the pieces a few percent of that
    days_vertices = int(shapely.get_num_coordinates(history.frame.geometry.to_numpy()).sum())
    assert days_vertices > 2_000_000
    assert vertices < 120_000
    assert len(pieces) < 6_000
    assert len(full_page.encode("utf-8")) < 2_000_000  # the aim; the limit is 5 MB
    # no day draws more than a few hundred shapes
    starts = np.array([a for a, _, _ in pieces])
    stops = np.array([b for _, b, _ in pieces])
    days = [day_number(d) for d in history.dates]
    visible = [int(((starts <= d) & (stops > d)).sum()) for d in days]
    assert max(visible) <= 1_000
    assert min(visible) > 0
    # intervals: inside the history, non-empty, ending the day after the last day at most
    assert starts.min() == days[0]
    assert stops.max() == days[-1] + 1
    assert (stops > starts).all()


@pytest.mark.parametrize(
    "day",
    [
        "2024-07-08",  # first day
        "2024-10-15",
        "2024-12-31",
        "2025-01-01",  # missing from the mirror: the 2024-12-31 snapshot carries forward
        "2025-06-08",
        "2025-11-20",
        "2026-04-01",
        "2026-08-22",  # last day
    ],
)
def test_pieces_valid_on_a_day_are_that_days_area(
    full_page: str, history: ControlHistory, day: str
) -> None:
    drawn = union_on(decode_areas(full_page), day)
    assert_same_area(drawn, history.geometry_on(day))


def test_missing_day_shows_the_previous_snapshot(full_page: str, history: ControlHistory) -> None:
    assert pd.Timestamp("2025-01-01") not in history.dates
    pieces = decode_areas(full_page)
    assert union_on(pieces, "2025-01-01").equals(union_on(pieces, "2024-12-31"))
    # and the slider's day list says which snapshot each day shows
    days = json.loads(re.search(r"var days = (\[[\d,]*\]);", full_page).group(1))
    snaps = json.loads(re.search(r"var snaps = (\[[\d,]*\]);", full_page).group(1))
    assert len(days) == len(history.dates) + 1
    assert len(snaps) == len(history.dates)
    assert days == [*snaps, snaps[-1] + 1]


def test_page_structure(full_page: str) -> None:
    # one maintained time plugin, a slider, the legend and the credit
    assert "leaflet.timeline@1.6.0" in full_page
    assert "L.timelineSliderControl(" in full_page
    assert full_page.count("L.timeline(") == 1
    assert "TimestampedGeoJson" not in full_page
    assert "Control: DeepStateMap" in full_page
    assert "A day without a snapshot shows the latest earlier one" in full_page
    # no moment.js needed: the label is formatted by the page itself
    assert "moment" not in full_page


# --- history_pieces on a window ---------------------------------------------------------------


@pytest.fixture(scope="module")
def window(history: ControlHistory) -> gpd.GeoDataFrame:
    return history_pieces(history, start="2025-05-01", end="2025-06-30")


def test_history_pieces_frame(window: gpd.GeoDataFrame) -> None:
    assert window.columns.tolist() == ["status", "start", "end", "geometry"]
    assert window.crs.to_epsg() == 4326
    assert set(window["status"]) == {"occupied"}
    assert (window.geom_type == "Polygon").all()
    assert window.is_valid.all()
    assert window["start"].min() == pd.Timestamp("2025-05-01")
    assert window["end"].max() == pd.Timestamp("2025-07-01")
    assert (window["end"] > window["start"]).all()
    assert window.attrs["source"] == "DeepStateMap"
    assert window.attrs["precision"] == PRECISION
    assert window.attrs["days"][0] == pd.Timestamp("2025-05-01")


@pytest.mark.parametrize("day", ["2025-05-01", "2025-05-17", "2025-06-08", "2025-06-30"])
def test_history_pieces_cover_each_day(
    window: gpd.GeoDataFrame, history: ControlHistory, day: str
) -> None:
    d = pd.Timestamp(day)
    valid = window[(window["start"] <= d) & (window["end"] > d)]
    drawn = shapely.union_all(valid.geometry.to_numpy(), grid_size=PRECISION)
    assert_same_area(drawn, history.geometry_on(day))


def test_start_inside_a_gap_uses_the_earlier_snapshot(history: ControlHistory) -> None:
    p = history_pieces(history, start="2025-01-01", end="2025-01-05")
    assert p.attrs["days"][0] == pd.Timestamp("2025-01-01")
    assert p.attrs["snapshots"][0] == pd.Timestamp("2024-12-31")


def test_stride_by_duration_and_by_count(history: ControlHistory) -> None:
    weekly = history_pieces(history, start="2025-03-01", end="2025-06-30", stride="7D")
    days = weekly.attrs["days"]
    gaps = np.diff(days.asi8) // DAY_NS
    assert (gaps[:-1] >= 7).all()  # the last step may be shorter: the last day is always kept
    assert days[0] == pd.Timestamp("2025-03-01")
    assert days[-1] == pd.Timestamp("2025-06-30")
    tenth = history_pieces(history, start="2025-03-01", end="2025-06-30", stride=10)
    n = len(history.between("2025-03-01", "2025-06-30").dates)
    assert len(tenth.attrs["days"]) in (-(-n // 10), -(-n // 10) + 1)
    # each kept day still shows that day's snapshot exactly
    d = tenth.attrs["days"][3]
    valid = tenth[(tenth["start"] <= d) & (tenth["end"] > d)]
    assert_same_area(shapely.union_all(valid.geometry.to_numpy(), grid_size=PRECISION),
                     history.geometry_on(d))  # fmt: skip


def test_too_many_days_suggests_a_stride(history: ControlHistory) -> None:
    with pytest.raises(ValueError, match=r"too many for one slider.*stride='8D'"):
        map_history(history, max_days=100)


# --- small histories: the example day and synthetic ones --------------------------------------


def synthetic(days: int = 6, sources: tuple[str, ...] = ("test",)) -> ControlHistory:
    """A square growing eastwards by 0.1 degree a day, plus a fixed 'occupied_before_2022' box."""
    rows = []
    for src in sources:
        for i in range(days):
            day = pd.Timestamp("2025-01-01") + pd.Timedelta(days=i)
            rows.append((day, src, "occupied", shapely.box(36.0, 47.0, 36.5 + 0.1 * i, 47.6)))
            rows.append((day, src, "occupied_before_2022", shapely.box(38.0, 47.0, 38.6, 48.0)))
    frame = gpd.GeoDataFrame(
        {"date": [r[0] for r in rows], "source": [r[1] for r in rows],
         "status": [r[2] for r in rows]},
        geometry=[r[3] for r in rows], crs=4326,
    )  # fmt: skip
    return ControlHistory(frame)


def test_two_statuses_two_layers_in_their_palette_colours() -> None:
    page = map_history(synthetic(), tiles=None, regions=False).get_root().render()
    assert page.count("L.timeline(") == 2
    assert fl.PALETTE["occupied"] in page
    assert fl.PALETTE["occupied_before_2022"] in page
    pieces = decode_areas(page)
    for i in range(6):
        day = f"2025-01-0{i + 1}"
        drawn = union_on(pieces, day)
        truth = shapely.union_all(
            [shapely.box(36.0, 47.0, 36.5 + 0.1 * i, 47.6), shapely.box(38.0, 47.0, 38.6, 48.0)]
        )
        assert_same_area(drawn, truth)
    # the fixed box is stored once (cut by cells) and never again
    fixed = [p for p in pieces if p[2].intersects(shapely.box(37.9, 46.9, 38.7, 48.1))]
    assert all(a == day_number("2025-01-01") for a, _, _ in fixed)


def test_coarser_precision_stays_on_its_grid(history: ControlHistory) -> None:
    fine = history_pieces(history, start="2025-06-01", end="2025-06-10")
    coarse = history_pieces(history, start="2025-06-01", end="2025-06-10", precision=1e-3)
    count = shapely.get_num_coordinates
    assert count(coarse.geometry.to_numpy()).sum() <= count(fine.geometry.to_numpy()).sum()
    xy = shapely.get_coordinates(coarse.geometry.to_numpy()) * 1000
    assert np.allclose(xy, np.rint(xy), atol=1e-6)


def test_example_day_map_and_statuses_option() -> None:
    h = fl.example_control()
    m = map_history(h, tiles=None)
    page = m.get_root().render()
    assert "2025-06-08" in page or str(day_number("2025-06-08")) in page
    assert "FrontlineOutlines" in page or "L.polyline(" in page  # region outlines
    with pytest.raises(ValueError, match="no area of status liberated"):
        map_history(h, statuses="liberated", tiles=None)
    with pytest.raises(ValueError, match="unknown status 'held'"):
        map_history(h, statuses=["held"], tiles=None)


def test_tiles_from_xyzservices_with_attribution() -> None:
    page = map_history(synthetic(), regions=False).get_root().render()
    assert "server.arcgisonline.com" in page
    assert "Esri" in page
    with pytest.raises(ValueError, match="unknown tile provider"):
        map_history(synthetic(), tiles="No.Such.Tiles")
    with pytest.raises(ValueError, match="needs an API key"):
        map_history(synthetic(), tiles="CartoDB.Positron")


def test_bad_input_errors() -> None:
    h = synthetic()
    with pytest.raises(TypeError, match="ControlHistory"):
        map_history(h.frame)
    empty = ControlHistory(h.frame.iloc[:0], validate=False)
    with pytest.raises(ValueError, match="history is empty"):
        map_history(empty)
    with pytest.raises(DateOutOfRangeError, match="start=2024-12-31 is outside"):
        map_history(h, start="2024-12-31")
    with pytest.raises(LookupError, match="end=2025-02-01 is outside"):
        map_history(h, end="2025-02-01")
    with pytest.raises(ValueError, match="after end"):
        map_history(h, start="2025-01-04", end="2025-01-02")
    with pytest.raises(ValueError, match="not a date"):
        map_history(h, start="yesterday-ish")
    with pytest.raises(DateOutOfRangeError, match="initial"):
        map_history(h, initial="2025-03-01", tiles=None)
    with pytest.raises(ValueError, match="precision"):
        map_history(h, precision=0.5)
    with pytest.raises(ValueError, match="1/n degrees"):
        map_history(h, precision=3e-5)
    with pytest.raises(TypeError, match="precision"):
        map_history(h, precision="fine")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="max_days"):
        map_history(h, max_days=0)
    with pytest.raises(ValueError, match="claim_days"):
        map_history(h, claim_days=0)
    two = synthetic(sources=("A", "B"))
    with pytest.raises(ValueError, match="several sources"):
        map_history(two)
    with pytest.raises(LookupError, match="source 'C'"):
        map_history(two, source="C")
    assert map_history(two, source="B", tiles=None) is not None


@pytest.mark.parametrize("stride", [0, -3, True, "0D", "12h", "every week", 2.5])
def test_bad_stride(stride: object) -> None:
    with pytest.raises(ValueError, match="stride"):
        history_pieces(synthetic(), stride=stride)


# --- claims -----------------------------------------------------------------------------------


def claims_frame(**overrides: object) -> gpd.GeoDataFrame:
    base = {
        "claim_id": ["c1", "c2"],
        "date": pd.to_datetime(["2025-01-02", "2025-01-03"]),
        "claimant": ["MoD", "General Staff"],
        "kind": ["capture", "repelled attacks"],
        "status": ["denied", "claimed"],
        "summary": ["took <b>village</b>", "held"],
        "source_name": ["Example", "Example"],
        "source_url": ["https://example.org/a", "javascript:alert(1)"],
    }
    base.update(overrides)  # type: ignore[arg-type]
    geometry = base.pop("geometry", [shapely.Point(36.7, 47.3), None])
    return gpd.GeoDataFrame(base, geometry=geometry, crs=4326)  # type: ignore[arg-type]


def test_claims_drawn_with_their_interval_escaped() -> None:
    page = (
        map_history(synthetic(), claims=claims_frame(), claim_days=3, tiles=None, regions=False)
        .get_root()
        .render()
    )
    data = re.search(
        r'L\.timeline\((\{"type": "FeatureCollection".*?\}), \{\s*getInterval', page, re.DOTALL
    )
    assert data is not None
    features = json.loads(data.group(1))["features"]
    assert len(features) == 1  # c2 has no geometry: counted, not drawn
    props = features[0]["properties"]
    assert (props["s"], props["e"]) == (day_number("2025-01-02"), day_number("2025-01-05"))
    assert props["st"] == "denied"
    assert "&lt;b&gt;village&lt;/b&gt;" in props["pop"]
    assert "<b>village" not in page
    assert "1 without a location not drawn (c2)" in page
    assert "javascript:alert" not in page


def test_claims_bad_input() -> None:
    h = synthetic()
    with pytest.raises(ValueError, match=r"EPSG:3857.*to_crs\(4326\)"):
        map_history(h, claims=claims_frame().to_crs(3857))
    with pytest.raises(ValueError, match="no CRS"):
        map_history(h, claims=claims_frame().set_crs(None, allow_override=True))
    with pytest.raises(ValueError, match=r"row 1 \(claim 'c2'\): field 'status' value 'maybe'"):
        map_history(h, claims=claims_frame(status=["denied", "maybe"]))
    with pytest.raises(ValueError, match="none of the claims has a geometry"):
        map_history(h, claims=claims_frame(geometry=[None, None]))
    with pytest.raises(ValueError, match="lack column"):
        map_history(h, claims=claims_frame().drop(columns="status"))
    with pytest.raises(TypeError, match="GeoDataFrame"):
        map_history(h, claims=pd.DataFrame({"claim_id": ["x"]}))


# --- properties of the helpers ----------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    gaps=st.lists(st.integers(1, 9), min_size=0, max_size=60),
    stride=st.one_of(st.integers(1, 12), st.integers(1, 20).map(lambda d: f"{d}D")),
)
def test_keep_first_last_and_spacing(gaps: list[int], stride: object) -> None:
    days = np.cumsum([0, *gaps]).astype(np.int64) * DAY_NS
    step = _plan._parse_stride(stride)
    kept = _plan._keep(days, step)
    assert kept[0] == 0
    assert kept[-1] == len(days) - 1
    assert (np.diff(kept) > 0).all()
    if isinstance(step, pd.Timedelta):
        assert (np.diff(days[kept])[:-1] >= step.value).all()
    else:
        assert (np.diff(kept)[:-1] == step).all()


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.floats(30, 40), st.floats(44, 52), st.floats(0.001, 0.9), st.floats(0.001, 0.9)
        ),
        min_size=1,
        max_size=5,
    )
)
def test_encoding_round_trip(boxes: list[tuple[float, float, float, float]]) -> None:
    polys = [
        shapely.set_precision(shapely.box(x, y, x + w, y + h).buffer(w / 5), PRECISION)
        for x, y, w, h in boxes
    ]
    polys = [p for p in polys if p.geom_type == "Polygon" and not p.is_empty]
    encoded = _encode.encode_polygons(polys, PRECISION)
    assert len(encoded) == len(polys)
    for poly, text in zip(polys, encoded, strict=True):
        rings = []
        for ring in json.loads(text):
            xy = np.cumsum(np.asarray(ring).reshape(-1, 2), axis=0) / round(1 / PRECISION)
            rings.append(np.vstack([xy, xy[:1]]))
        back = shapely.Polygon(rings[0], rings[1:])
        assert shapely.equals_exact(shapely.normalize(back), shapely.normalize(poly), 1e-9)
