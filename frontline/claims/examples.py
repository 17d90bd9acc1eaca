"""Built-in claims, shipped with the package (no network): :func:`example_claims`."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

import geopandas as gpd

from frontline._dates import parse_date
from frontline._resources import data_file
from frontline.claims._frame import copy_claims
from frontline.claims.validation import claims_from_records

__all__ = ["example_claims"]


def _available_days() -> list[str]:
    """The days with built-in claims, as ISO text."""
    folder = resources.files("frontline._data").joinpath("claims")
    if not folder.is_dir():
        return []
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".json"))


@lru_cache(maxsize=8)
def _example(day: str) -> gpd.GeoDataFrame:
    """The built-in claims of one day, validated once (callers get copies)."""
    payload = json.loads(data_file("claims", f"{day}.json").read_text(encoding="utf-8"))
    return claims_from_records(payload["claims"], source=f"built-in claims of {day}")


def example_claims(day: Any = "2025-06-08") -> gpd.GeoDataFrame:
    """The built-in claims of a day, read from data shipped with the package (no network).

    2025-06-08 holds five claims reported that day (source: CNN, 2025-06-08), paraphrased:

    ============================  ===========  =================  ==========================
    claim_id                      side         precision          geometry
    ============================  ===========  =================  ==========================
    ru-mod-2025-06-08-dnipro      RU           border segment     Donetsk–Dnipropetrovsk border
    ua-gs-2025-06-08-pokrovsk     UA           direction          none (a direction)
    isw-2025-06-07-pokrovsk       third party  direction          none (a direction)
    deepstate-2025-06-08-share    third party  national           none (a share, not an area)
    cnn-2025-06-08-sumy           third party  region             Sumy oblast
    ============================  ===========  =================  ==========================

    The first is "denied" (the Khortytsia group denied it the same day); the others are
    "claimed". See ``data/README.md`` for how each geometry follows from the text.

    Parameters
    ----------
    day : str, date, datetime or Timestamp
        The day; ISO 8601 text. Only days shipped with the package exist.

    Returns
    -------
    geopandas.GeoDataFrame
        A claims table (a fresh copy each call).

    Raises
    ------
    LookupError
        No built-in claims for that day (the message lists the days there are).
    ValueError
        The day cannot be read as a date.

    Examples
    --------
    >>> claims = example_claims("2025-06-08")
    >>> claims[["claim_id", "status", "precision"]]
                         claim_id   status       precision
    0    ru-mod-2025-06-08-dnipro   denied  border segment
    1   ua-gs-2025-06-08-pokrovsk  claimed       direction
    2     isw-2025-06-07-pokrovsk  claimed       direction
    3  deepstate-2025-06-08-share  claimed        national
    4         cnn-2025-06-08-sumy  claimed          region
    >>> claims.claims.by("RU").claimant.tolist()
    ['Russian Ministry of Defence']
    """
    try:
        key = parse_date(day).date().isoformat()
    except ValueError as exc:
        raise ValueError(f"example_claims: {exc}") from None
    days = _available_days()
    if key not in days:
        raise LookupError(
            f"no built-in claims for {key}; built-in days: {', '.join(days) or 'none'}. "
            "Read your own with fl.read_claims or build them with fl.claims_from_records."
        )
    return copy_claims(_example(key))
