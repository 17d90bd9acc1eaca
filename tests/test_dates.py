"""Days are read one way everywhere: ISO 8601, nothing guessed."""

from __future__ import annotations

import datetime as dt

import hypothesis.strategies as st
import pandas as pd
import pytest
from hypothesis import given

import frontline as fl
from frontline._dates import parse_day


@pytest.mark.parametrize(
    "value",
    [
        "2025-06-08",
        " 2025-06-08 ",
        dt.date(2025, 6, 8),
        dt.datetime(2025, 6, 8, 23, 59),
        pd.Timestamp("2025-06-08 12:00"),
        "2025-06-08T10:30+03:00",
        "2025-06-08T00:30:00Z",
        "2025-6-8",  # year first: month and day cannot be confused, so it is normalised
        "2025-06-8",
        "20250608",  # ISO 8601 basic form
    ],
)
def test_accepted_forms_give_the_day(value):
    assert parse_day(value) == pd.Timestamp("2025-06-08")


@pytest.mark.parametrize("value", ["08/06/2025", "06/08/2025", "8.6.2025", "08-06-2025"])
def test_ambiguous_forms_are_refused(value):
    with pytest.raises(ValueError, match="ambiguous date"):
        parse_day(value)


@pytest.mark.parametrize(
    "value",
    [
        "yesterday",
        "",
        "2025-13-01",
        "2025-02-30",
        "2025-6-31",
        "20251301",
        "2025608",
        None,
        3,
        True,
    ],
)
def test_non_dates_are_refused(value):
    with pytest.raises(ValueError, match="ISO 8601"):
        parse_day(value, "date")


@given(st.integers(1, 12), st.integers(1, 12), st.integers(1900, 2100))
def test_day_month_orders_are_never_guessed(a, b, year):
    with pytest.raises(ValueError, match="ambiguous"):
        parse_day(f"{a:02d}/{b:02d}/{year}")


@given(st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)))
def test_iso_text_round_trips(day):
    assert parse_day(day.isoformat()).date() == day
    assert parse_day(day.strftime("%Y%m%d")).date() == day
    assert parse_day(f"{day.year}-{day.month}-{day.day}").date() == day


def test_every_entry_point_refuses_day_first_dates():
    h = fl.example_control()
    claims = fl.example_claims("2025-06-08")
    calls = [
        lambda: h.as_of("08/06/2025"),
        lambda: fl.area_share(h, "08/06/2025"),
        lambda: fl.map_day("08/06/2025", history=h),
        lambda: fl.claims_from_records(
            [{**claims.iloc[0].drop(["geometry", "status"]).to_dict(), "date": "08/06/2025"}]
        ),
    ]
    for call in calls:
        with pytest.raises(ValueError, match="ambiguous date '08/06/2025'"):
            call()
