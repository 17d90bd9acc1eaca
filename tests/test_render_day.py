"""map_day: structure of the HTML, the footnote, bad input, and escaping of hostile text."""

from __future__ import annotations

import html as htmllib
import re
from pathlib import Path

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import given
from hypothesis import strategies as st

import frontline as fl
from frontline.control import ControlHistory, DateOutOfRangeError
from frontline.render import _escape as esc
from frontline.render import map_day
from frontline.render.palette import PALETTE

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "${alert(1)}",
    "`${x}`",
    "\\`;alert(1);//",
    "</script><script>alert(2)</script>",
    "\"'><svg onload=alert(1)>",
    "{{ 7*7 }}",
]
BAD_URLS = [
    "javascript:alert(1)",
    " JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example/x",
    'https://ok.example/"onmouseover="alert(1)',
]


# --- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def control() -> ControlHistory:
    return fl.example_control()


@pytest.fixture(scope="module")
def claims() -> gpd.GeoDataFrame:
    return fl.example_claims("2025-06-08")


@pytest.fixture(scope="module")
def three_days(control: ControlHistory) -> ControlHistory:
    """2025-06-06 and 2025-06-08 from the real day (06-07 missing), with a grey zone."""
    occ = control.frame.geometry.iloc[0]
    grey = shapely.difference(shapely.buffer(occ, 0.05), occ)
    rows = []
    for day in ("2025-06-06", "2025-06-08"):
        rows.append({"date": day, "source": "DeepStateMap", "status": "occupied", "g": occ})
        rows.append({"date": day, "source": "DeepStateMap", "status": "contested", "g": grey})
    frame = gpd.GeoDataFrame(
        pd.DataFrame(rows).assign(date=lambda d: pd.to_datetime(d["date"])),
        geometry="g",
        crs=4326,
    )
    return ControlHistory(frame)


@pytest.fixture(scope="module")
def day_map(control: ControlHistory, claims: gpd.GeoDataFrame) -> folium.Map:
    return map_day("2025-06-08", claims=claims, history=control)


@pytest.fixture(scope="module")
def day_html(day_map: folium.Map) -> str:
    return day_map.get_root().render()


def _walk(element):
    yield element
    for child in element._children.values():
        yield from _walk(child)


def _of(m: folium.Map, cls: type) -> list:
    return [e for e in _walk(m) if isinstance(e, cls)]


def _layer_names(m: folium.Map) -> list[str]:
    return [e.layer_name for e in _of(m, folium.FeatureGroup)]


def _claim(**over) -> dict:
    base = {
        "claim_id": "c1",
        "date": pd.Timestamp("2025-06-08"),
        "claimant": "Someone",
        "side": "RU",
        "kind": "advance",
        "summary": "A claim.",
        "unit": None,
        "status": "claimed",
        "responses": [],
        "precision": "point",
        "precision_m": 2000.0,
        "place": "Somewhere",
        "region": "UA-14",
        "source_name": "Example",
        "source_url": "https://example.org/a",
        "source_date": pd.Timestamp("2025-06-08"),
        "quote": None,
        "geometry": shapely.Point(37.18, 48.28),
    }
    base.update(over)
    return base


def _claims(*records: dict) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(list(records), geometry="geometry", crs=4326)


# --- structure --------------------------------------------------------------------------------


def test_day_map_layers_and_features(day_map: folium.Map, claims: gpd.GeoDataFrame) -> None:
    assert isinstance(day_map, folium.Map)
    names = _layer_names(day_map)
    assert names == [
        "Regions",
        "Assessed control: DeepStateMap, 2025-06-08",
        "Claims",
        "Region names",
    ]
    assert len(_of(day_map, folium.LayerControl)) == 1
    regions = _of(_of(day_map, folium.FeatureGroup)[0], folium.GeoJson)[0]
    assert len(regions.data["features"]) == 27
    control_layer = _of(day_map, folium.FeatureGroup)[1]
    (control_geojson,) = _of(control_layer, folium.GeoJson)
    assert [f["properties"]["status"] for f in control_geojson.data["features"]] == ["occupied"]
    # the denied border claim: a casing and a line; the Sumy region claim: outline + hatched area
    claims_layer = _of(day_map, folium.FeatureGroup)[2]
    hatched = [g for g in _of(claims_layer, folium.GeoJson) if "className" in g.options]
    assert [g.options["className"] for g in hatched] == ["fl-hatch-claimed"]
    assert len(_of(claims_layer, folium.GeoJson)) == 2 + 3  # border: casing + line; Sumy: 3
    assert len(_of(day_map, folium.Marker)) == 27 + 2  # region names + two claim labels


def test_day_map_html_has_legend_footnote_and_attribution(day_html: str) -> None:
    for text in (
        "Legend",
        "Assessed control: DeepStateMap",
        "Occupied",
        "Denied",
        "Claimed (no response yet)",
        "Region-level claim",
        "Border claim",
        "Not drawn (no place given)",
        "snapshot of 2025-06-08",
        "Claims: 5 made or reported on 2025-06-08 from CNN",
        "Natural Earth",
        "Method: ",
        "DENIED",
    ):
        assert text in day_html, text
    assert "carried forward" not in day_html
    assert "World_Light_Gray_Base" in day_html
    assert "Esri" in day_html
    assert "L.control.layers" in day_html
    # denied claim is drawn in its colour and dash
    assert PALETTE["denied"] in day_html
    assert '"dashArray": "6 5"' in day_html


def test_legend_sits_top_right_under_the_layer_control(day_map: folium.Map, day_html: str) -> None:
    # top right, over Russia, leaves Ukraine's western oblasts visible (bottom left did not)
    from frontline.render import LEGEND_OPEN_MIN_PX

    kinds = [type(c).__name__ for c in day_map._children.values()]
    assert kinds.index("LayerControl") < kinds.index("Panel")  # so it stacks above the legend
    assert re.search(r'L\.control\(\{position: "topright"\}\);[^}]*fl-panel fl-legend', day_html)
    assert re.search(r'L\.control\(\{position: "bottomleft"\}\);[^}]*fl-panel fl-foot', day_html)
    assert not re.search(r'position: "bottomleft"\}\);[^}]*fl-legend', day_html)
    # the legend folds to its title on small maps; the list of claims not drawn starts folded
    assert f"var fold = {LEGEND_OPEN_MIN_PX}," in day_html
    # (the panel's HTML is a JS string literal, with < > and quotes escaped)
    text = day_html.replace(r"\u003c", "<").replace(r"\u003e", ">").replace('\\"', '"')
    assert '<details class="fl-undrawn"><summary' in text
    assert "Not drawn (no place given)</h4> 3 claims</summary>" in text


def test_popup_shows_claimant_summary_responses_and_status(day_html: str) -> None:
    assert "Russian Ministry of Defence" in day_html
    assert "Khortytsia group spokesman" in day_html
    assert "90th Tank Division" in day_html


def test_no_tiles_means_no_tile_layer(control: ControlHistory) -> None:
    m = map_day("2025-06-08", history=control, tiles=None, regions=False, legend=False)
    assert not _of(m, folium.TileLayer)
    assert "L.tileLayer" not in m.get_root().render()
    assert _layer_names(m) == ["Assessed control: DeepStateMap, 2025-06-08"]


def test_tiles_by_name_or_provider(control: ControlHistory) -> None:
    import xyzservices.providers as xyz

    m = map_day("2025-06-08", history=control, tiles="OpenStreetMap Mapnik", regions=False)
    (tile,) = _of(m, folium.TileLayer)
    assert "openstreetmap.org" in tile.tiles
    assert "OpenStreetMap" in tile.options["attribution"]
    with pytest.raises(ValueError, match="not an xyzservices provider"):
        map_day("2025-06-08", history=control, tiles="No Such Tiles")
    with pytest.raises(ValueError, match="needs an API key"):
        map_day("2025-06-08", history=control, tiles=xyz.MapBox)


def test_carried_forward_and_statuses(three_days: ControlHistory) -> None:
    m = map_day("2025-06-07", history=three_days, regions=False, tiles=None)
    text = m.get_root().render()
    assert "snapshot of 2025-06-06" in text
    assert "carried forward from 2025-06-06 to 2025-06-07" in text
    assert "Contested (grey zone)" in text
    assert PALETTE["contested"] in text
    # the control layer (the made-up grey zone also reaches across the border: a layer of its own)
    (gj,) = _of(_of(m, folium.FeatureGroup)[0], folium.GeoJson)
    assert sorted(f["properties"]["status"] for f in gj.data["features"]) == [
        "contested",
        "occupied",
    ]


def test_several_sources_get_a_layer_each(control: ControlHistory) -> None:
    other = control.frame.copy()
    other["source"] = "ISW"
    both = ControlHistory(pd.concat([control.frame, other], ignore_index=True))
    m = map_day("2025-06-08", history=both, regions=False, tiles=None)
    assert _layer_names(m) == [
        "Assessed control: DeepStateMap, 2025-06-08",
        "Assessed control: ISW, 2025-06-08",
    ]
    only = map_day("2025-06-08", history=both, source="ISW", regions=False, tiles=None)
    assert _layer_names(only) == ["Assessed control: ISW, 2025-06-08"]


def test_claims_by_precision() -> None:
    region = fl.load_regions().set_index("code").geometry["UA-59"]
    border = fl.border("Donetsk", "Dnipropetrovsk").geometry.iloc[0]
    claims = _claims(
        _claim(claim_id="p", status="confirmed", precision="point", precision_m=3000.0),
        _claim(claim_id="s", status="refuted", precision="settlement", precision_m=np.nan),
        _claim(claim_id="b", status="denied", precision="border segment", geometry=border),
        _claim(claim_id="r", status="unverified", precision="region", geometry=region),
        _claim(
            claim_id="a",
            status="claimed",
            precision="area",
            geometry=shapely.Point(37.5, 48.0).buffer(0.1),
        ),
        _claim(claim_id="d", status="claimed", precision="direction", geometry=None),
        _claim(claim_id="n", status="claimed", precision="national", geometry=None),
        _claim(claim_id="old", date=pd.Timestamp("2025-06-01"), source_date=pd.NaT),
    )
    m = map_day("2025-06-08", claims=claims, regions=False, tiles=None, labels=False)
    circles = _of(m, folium.Circle)
    assert [c.options["radius"] for c in circles] == [3000.0]  # uncertainty ring
    markers = _of(m, folium.CircleMarker)
    assert len([c for c in markers if not isinstance(c, folium.Circle)]) == 2
    hatched = [g.options["className"] for g in _of(m, folium.GeoJson) if "className" in g.options]
    assert hatched == ["fl-hatch-unverified"]
    text = m.get_root().render()
    # the hatch is an SVG pattern in the page itself: no plugin script to fetch
    assert 'id="fl-hatch-pattern-unverified"' in text
    assert f'fill="{PALETTE["unverified"]}"' in text
    assert "path.fl-hatch-unverified {fill: url(#fl-hatch-pattern-unverified)" in text
    assert "Leaflet.pattern" not in text
    assert "Not drawn (no place given)" in text
    assert "(direction)" in text
    assert "(national)" in text
    assert "1 from other days not shown" in text
    assert "Point claim (ring: uncertainty)" in text


def test_claims_without_any_geometry_are_listed_not_drawn() -> None:
    claims = _claims(_claim(geometry=None, precision="none"), _claim(claim_id="c2", geometry=None))
    m = map_day("2025-06-08", claims=claims, regions=False, tiles=None)
    assert "Claims" not in _layer_names(m)
    assert "Not drawn (no place given)" in m.get_root().render()


def test_range_rings() -> None:
    m = map_day("2025-06-08", ranges=[((37.18, 48.28), [10, 25])], regions=False, tiles=None)
    layer = _of(m, folium.FeatureGroup)[-1]
    assert layer.layer_name == "Range rings"
    assert len(_of(layer, folium.GeoJson)) == 2
    text = m.get_root().render()
    assert "25 km from 48.280" in text
    assert "Range ring (geodesic)" in text
    # a within_range-like result: one ring per within_<k>km column per place
    res = gpd.GeoDataFrame(
        {
            "name": ["Pokrovsk", "Kramatorsk"],
            "distance_km": [3.0, 21.5],
            "within_10km": [True, False],
            "within_25km": [True, True],
        },
        geometry=[shapely.Point(37.18, 48.28), shapely.Point(37.56, 48.72)],
        crs=4326,
    )
    m2 = map_day("2025-06-08", ranges=res, regions=False, tiles=None)
    assert len(_of(_of(m2, folium.FeatureGroup)[-1], folium.GeoJson)) == 4
    assert "21.5 km to the assessed front" in m2.get_root().render()


def test_range_rings_from_within_range(control: ControlHistory) -> None:
    res = fl.within_range(control, shapely.Point(37.18, 48.28), "2025-06-08", km=[10, 25])
    m = map_day("2025-06-08", history=control, ranges=res, regions=False, tiles=None)
    layer = _of(m, folium.FeatureGroup)[-1]
    assert layer.layer_name == "Range rings"
    assert len(_of(layer, folium.GeoJson)) == 2
    text = m.get_root().render()
    assert "25 km from 48.280\u00b0N 37.180\u00b0E" in text
    assert f"{res['distance_km'].iloc[0]:.1f} km to the assessed front (2025-06-08)" in text


# --- bad input --------------------------------------------------------------------------------


def test_day_outside_history(control: ControlHistory) -> None:
    with pytest.raises(DateOutOfRangeError, match="outside this history"):
        map_day("2024-01-01", history=control)
    with pytest.raises(ValueError, match="not a date"):
        map_day("yesterday-ish", history=control)


def test_empty_history(control: ControlHistory) -> None:
    empty = ControlHistory(control.frame.iloc[:0], validate=False)
    with pytest.raises(ValueError, match="empty"):
        map_day("2025-06-08", history=empty)


def test_claims_in_another_crs(claims: gpd.GeoDataFrame) -> None:
    with pytest.raises(ValueError, match=r"EPSG:3857.*to_crs\(4326\)"):
        map_day("2025-06-08", claims=claims.to_crs(3857))
    with pytest.raises(ValueError, match=r"no CRS.*set_crs\(4326\)"):
        map_day("2025-06-08", claims=claims.set_crs(None, allow_override=True))
    frame = fl.example_control().frame.to_crs(3857)
    with pytest.raises(ValueError, match=r"history is in EPSG:3857.*to_crs\(4326\)"):
        map_day("2025-06-08", history=frame)


def test_claims_without_geometry_column(claims: gpd.GeoDataFrame) -> None:
    with pytest.raises(ValueError, match="no geometry column"):
        map_day("2025-06-08", claims=pd.DataFrame(claims.drop(columns="geometry")))
    with pytest.raises(ValueError, match="no geometry column"):
        map_day("2025-06-08", claims=claims.drop(columns="geometry"))


def test_bad_claim_values_are_reported_together() -> None:
    bad = _claims(
        _claim(claim_id="x1", status="maybe"),
        _claim(claim_id="x2", precision="somewhere"),
        _claim(claim_id="x3", precision_m=-5.0),
    )
    with pytest.raises(ValueError, match="3 problems") as info:
        map_day("2025-06-08", claims=bad)
    message = str(info.value)
    assert "'x1' (row 0): status 'maybe'" in message
    assert "'x2' (row 1): precision 'somewhere'" in message
    assert "'x3' (row 2): precision_m -5.0" in message


def test_bad_ranges_and_regions() -> None:
    with pytest.raises(ValueError, match=r"not a \(place, km\) pair"):
        map_day("2025-06-08", ranges=[(37.1, 48.2, 10)])
    with pytest.raises(ValueError, match="positive number"):
        map_day("2025-06-08", ranges=[((37.1, 48.2), -1)])
    with pytest.raises(ValueError, match="within_<k>km"):
        map_day("2025-06-08", ranges=pd.DataFrame({"x": [1]}))
    with pytest.raises(ValueError, match="to_crs"):
        map_day("2025-06-08", regions=fl.load_regions().to_crs(3857))


# --- safety -----------------------------------------------------------------------------------


def _hostile_claims() -> gpd.GeoDataFrame:
    border = fl.border("Donetsk", "Dnipropetrovsk").geometry.iloc[0]
    records = []
    for i, bad in enumerate(HOSTILE):
        url = BAD_URLS[i % len(BAD_URLS)]
        responses = [
            {
                "date": "2025-06-08",
                "by": bad,
                "stance": "denies",
                "source_name": bad,
                "source_url": url,
                "note": bad,
            }
        ]
        geom = [shapely.Point(37.0 + i / 10, 48.0), border, None][i % 3]
        records.append(
            _claim(
                claim_id=f"{bad}-{i}",
                claimant=bad,
                kind=bad,
                summary=bad,
                unit=bad,
                place=bad,
                quote=bad,
                source_name=bad,
                source_url=url,
                responses=responses,
                geometry=geom,
                precision=["point", "border segment", "direction"][i % 3],
                status=["claimed", "denied", "unverified"][i % 3],
            )
        )
    return _claims(*records)


def test_hostile_strings_never_reach_the_page_unescaped(
    tmp_path: Path, control: ControlHistory
) -> None:
    regions = fl.load_regions()
    regions.loc[0, "name"] = HOSTILE[0]
    regions.loc[1, "name"] = HOSTILE[2]
    hostile_control = control.frame.copy()
    hostile_control["source"] = HOSTILE[1]
    m = map_day(
        "2025-06-08",
        claims=_hostile_claims(),
        history=ControlHistory(hostile_control),
        regions=regions,
        ranges=[((37.1, 48.2), 10)],
        tiles=None,
    )
    out = tmp_path / "hostile.html"
    m.save(out)
    page = out.read_text(encoding="utf-8")
    for bad in HOSTILE:
        assert bad not in page, bad
    assert "onerror=alert(1)>" not in page
    assert "<svg onload" not in page.lower()
    assert "${alert" not in page
    assert "${x}" not in page
    # no data-driven href other than http(s); every link opens safely
    hrefs = re.findall(r"href=(?:\\?[\"'])([^\"'\\]*)", page)
    for href in hrefs:
        assert href.startswith(("http://", "https://")), href
    assert not re.search(r"href\s*=\s*\\?[\"']?\s*(java|vb)script", page, re.I)
    assert "data:text/html" not in page.replace("data:text/html,&lt;", "")
    # the text is still there for the reader, escaped
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "\\u0026#36;\\u0026#123;alert(1)\\u0026#125;" in page  # in JSON/JS strings


def test_safe_links_carry_noopener() -> None:
    claims = _claims(
        _claim(responses=[{"by": "X", "stance": "denies", "source_url": "https://example.org/r"}])
    )
    page = map_day("2025-06-08", claims=claims, regions=False, tiles=None).get_root().render()
    assert 'href="https://example.org/a" target="_blank" rel="noopener noreferrer"' in page
    assert 'href="https://example.org/r" target="_blank" rel="noopener noreferrer"' in page


@given(st.text(max_size=60))
def test_escape_html_round_trips_and_leaves_no_active_characters(text: str) -> None:
    out = esc.escape_html(text)
    assert not set(out) & set("<>\"'`$\\{}\n\r\u2028\u2029")
    assert htmllib.unescape(out) == text


@given(st.text(max_size=40))
def test_safe_url_only_lets_http_through(text: str) -> None:
    for candidate in (text, "https://" + text, "javascript:" + text):
        url = esc.safe_url(candidate)
        assert url is None or re.match(r"https?://[^\s\"'<>`\\]+$", url, re.I), url


def test_safe_url_examples() -> None:
    assert esc.safe_url("https://example.org/x?y=1#z") == "https://example.org/x?y=1#z"
    assert esc.safe_url("  http://example.org ") == "http://example.org"
    for bad in [*BAD_URLS, "", None, 42, "https://", "http:///path", "ftp://example.org"]:
        assert esc.safe_url(bad) is None, bad


def test_js_literal_is_inert_in_a_script() -> None:
    lit = esc.js_literal("</script>`${x}`'\u2028")
    assert "<" not in lit
    assert "`" not in lit
    assert "$" not in lit
    assert "'" not in lit
    assert "\u2028" not in lit
