"""The scorecard: claims against assessed control, lags checked against control_changes."""

from __future__ import annotations

import pandas as pd
import pytest
import shapely

import frontline as fl
from frontline.geodesy import area_km2
from frontline.measure.scoring import GROUPINGS, claim_lags, scorecard
from frontline.statements import claims_from_text

MOD = "Russian Ministry of Defence"


def _capture(i: int, place: pd.Series, day: pd.Timestamp, claimant: str = MOD) -> dict:
    return {
        "claim_id": f"c{i}",
        "date": day,
        "claimant": claimant,
        "side": "RU",
        "kind": "capture",
        "summary": f"took {place['name']}",
        "source_name": "test",
        "lat": place.geometry.y,
        "lon": place.geometry.x,
        "precision": "settlement",
        "place": place["name"],
        "region": place["region"],
    }


# ------------------------------------------------------------------------- on built-in data


def test_columns_and_groupings() -> None:
    claims, history = fl.example_claims("2025-06-08"), fl.example_control()
    card = scorecard(history, claims, within_days=7, by=["claimant", "month"])
    assert list(card.columns[:3]) == ["claimant", "month", "claims"]
    assert card["claims"].sum() == len(claims)
    assert (card["borne_out"] <= card["tested"]).all()
    assert card.attrs["within_days"] == 7
    assert card.attrs["by"] == ("claimant", "month")
    by_region = scorecard(history, claims, by="region")
    assert set(by_region["region"]) <= {*claims["region"].dropna(), "unknown"}
    assert set(GROUPINGS) == {"claimant", "region", "month"}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"within_days": -1}, "within_days"),
        ({"within_days": 2.5}, "within_days"),
        ({"by": "oblast"}, "by must name"),
        ({"by": []}, "by must name"),
    ],
)
def test_bad_options(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        scorecard(fl.example_control(), fl.example_claims("2025-06-08"), **kwargs)


def test_bad_inputs() -> None:
    with pytest.raises(ValueError, match="ControlHistory"):
        claim_lags("history", fl.example_claims("2025-06-08"))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="claims GeoDataFrame"):
        claim_lags(fl.example_control(), pd.DataFrame())


def test_untested_claims_are_counted_not_scored() -> None:
    history = fl.example_control()
    result = claims_from_text(
        "Russian forces liberated Novopavlivka.", claimant=MOD, date=history.end.date()
    )
    lags = claim_lags(history, result.claims)
    assert not lags["tested"].any()
    card = scorecard(history, result.claims)
    assert card[["claims", "tested", "borne_out"]].iloc[0].tolist() == [1, 0, 0]
    assert pd.isna(card["share_borne_out"].iloc[0])


def test_area_overclaim_is_claimed_minus_assessed() -> None:
    history = fl.example_control()
    day = history.end
    held = history.geometry_on(day)
    # a box half on held ground: its western half inside, eastern half outside
    edge = shapely.get_coordinates(held.boundary)[0]
    box = shapely.box(edge[0] - 0.05, edge[1] - 0.05, edge[0] + 0.05, edge[1] + 0.05)
    claims = fl.claims_from_records(
        [
            {
                "claim_id": "area-1",
                "date": day,
                "claimant": MOD,
                "kind": "advance",
                "summary": "an area",
                "source_name": "test",
                "geometry": box,
            }
        ]
    )
    lags = claim_lags(history, claims, within_days=5)
    claimed = area_km2(box)
    assessed = area_km2(box.intersection(held))
    assert lags["claimed_km2"].iloc[0] == pytest.approx(claimed)
    assert lags["assessed_km2"].iloc[0] == pytest.approx(assessed)
    card = scorecard(history, claims, within_days=5)
    assert card["area_claims"].iloc[0] == 1
    assert card["overclaim_km2"].iloc[0] == pytest.approx(claimed - assessed)
    assert 0 < assessed < claimed


# ------------------------------------------------------------------------------ real data


@pytest.fixture(scope="module")
def fell(history):
    """Settlements of Donetsk Oblast that changed hands exactly once during the record."""
    places = fl.places(region="UA-14")
    places = places[places["population"] >= 2000]
    changes = fl.control_changes(fl.settlement_control(history, places=places))
    once = changes[
        ~changes["occupied_at_start"]
        & changes["first_occupied"].notna()
        & (changes["changes"] == 1)
    ]
    if len(once) < 5:
        pytest.skip("fewer than five settlements changed hands in the real data")
    return once.merge(places[["place_id", "geometry", "population"]], on="place_id")


def test_lags_match_control_changes(history, fell) -> None:
    offsets = [-7, -2, 0, 3, 10]
    records, expected = [], []
    for i, row in enumerate(fell.itertuples(index=False)):
        day = row.first_occupied + pd.Timedelta(days=offsets[i % len(offsets)])
        place = pd.Series(
            {"name": row.name, "region": row.region, "geometry": row.geometry}, dtype=object
        )
        records.append(_capture(i, place, day))
        expected.append((row.first_occupied - day).days)
    claims = fl.claims_from_records(records)
    lags = claim_lags(history, claims, within_days=30)
    assert lags["tested"].all()
    assert lags["borne_out"].all()
    assert lags["lag_days"].astype(int).tolist() == expected
    assert (lags["first_day"] == fell["first_occupied"].to_numpy()).all()
    card = scorecard(history, claims, within_days=30)
    row = card.iloc[0]
    assert row["claims"] == row["tested"] == row["borne_out"] == len(fell)
    assert row["lag_median"] == pd.Series(expected).median()
    assert row["lag_min"] == min(expected)
    assert row["lag_max"] == max(expected)
    assert row["share_never"] == 0.0
    # a tighter window: claims made more than 2 days before the assessment were not in time
    tight = scorecard(history, claims, within_days=2).iloc[0]
    late = sum(1 for e in expected if e > 2)
    assert tight["share_never"] == pytest.approx(late / len(expected))


def test_a_claim_never_borne_out(history) -> None:
    kyiv = fl.find_place("Kyiv")
    place = pd.Series({"name": "Kyiv", "region": kyiv["region"], "geometry": kyiv["geometry"]})
    claims = fl.claims_from_records([_capture(0, place, history.start + pd.Timedelta(days=1))])
    lags = claim_lags(history, claims, within_days=10)
    assert lags[["tested", "overdue", "never", "in_time"]].iloc[0].tolist() == [
        True,
        True,
        True,
        False,
    ]
    assert not lags["borne_out"].iloc[0]
    assert scorecard(history, claims, within_days=10)["share_never"].iloc[0] == 1.0


def test_statement_to_scorecard(history, fell) -> None:
    row = fell[fell["name"] == "Kurakhove"]
    if row.empty:
        pytest.skip("Kurakhove did not change hands once in this copy of the data")
    fell_on = row["first_occupied"].iloc[0]
    day = fell_on + pd.Timedelta(days=3)
    result = claims_from_text(
        "Units of the Centre Battlegroup liberated the settlement of Kurakhove in the Donetsk "
        "People's Republic.",
        claimant=MOD,
        date=day.date(),
    )
    lags = claim_lags(history, result.claims)
    assert lags["lag_days"].iloc[0] == -3
    assert lags["region"].iloc[0] == "UA-14"
    assert lags["month"].iloc[0] == f"{day:%Y-%m}"
