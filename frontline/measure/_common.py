"""What every measure shares: input checks, the region table, denominators and provenance.

Also the one shim that keeps the old argument orders working for one release: a function that
measures a history takes it first (``within_range(history, place, date)``); called the old way
(``within_range(place, history, date)``) it swaps the two and warns (:func:`history_first`).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Hashable, Iterable
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
import shapely

from frontline import regions
from frontline._crs import is_lonlat
from frontline._staleness import note_staleness, staleness_of
from frontline._statuses import STATUSES, check_statuses
from frontline.control import ControlHistory
from frontline.measure._equal_area import METHOD, area_km2

__all__ = [
    "NATIONAL_CODE",
    "NATIONAL_NAME",
    "UKRAINE_AREA_KM2",
    "UKRAINE_AREA_SOURCE",
    "attrs",
    "check_history",
    "check_km",
    "check_threshold",
    "denominator_of",
    "extension_geoms",
    "footnote",
    "history_first",
    "national_what",
    "region_table",
    "wanted_statuses",
]

#: Ukraine's official area in km² (including Crimea and Sevastopol).
UKRAINE_AREA_KM2: int = 603_628

#: Where :data:`UKRAINE_AREA_KM2` comes from.
UKRAINE_AREA_SOURCE: str = "State Statistics Service of Ukraine"

NATIONAL_CODE = "UA"
NATIONAL_NAME = "Ukraine"


def history_first(function: str, history: Any, other: Any, other_name: str) -> tuple[Any, Any]:
    """``(history, other)``, swapped (with a FutureWarning) when called in the old order.

    Examples
    --------
    >>> import frontline as fl, warnings
    >>> h = fl.example_control()
    >>> history_first("within_range", h, "Sumy", "place")[1]
    'Sumy'
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     swapped = history_first("within_range", "Sumy", h, "place")
    >>> swapped[0] is h, caught[0].category.__name__
    (True, 'FutureWarning')
    """
    if not isinstance(history, ControlHistory) and isinstance(other, ControlHistory):
        warnings.warn(
            f"{function}({other_name}, history, ...) is the old argument order; pass the "
            f"history first: {function}(history, {other_name}, ...). The old order stops "
            "working in the next release.",
            FutureWarning,
            stacklevel=3,
        )
        return other, history
    return history, other


def check_history(history: Any) -> ControlHistory:
    """``history`` if it is a non-empty ControlHistory in longitude/latitude, else ValueError."""
    if not isinstance(history, ControlHistory):
        raise ValueError(
            f"expected a ControlHistory (e.g. fl.read_deepstate(...)), got {type(history).__name__}"
        )
    if len(history) == 0:
        raise ValueError("the ControlHistory holds no days")
    crs = history.frame.crs
    if crs is None or not is_lonlat(crs):
        raise ValueError(
            f"the history's geometries must be longitude/latitude (EPSG:4326), not {crs}; "
            "rebuild it with ControlHistory.from_features, which reprojects"
        )
    return history


def wanted_statuses(statuses: str | Iterable[str]) -> tuple[str, ...]:
    """The statuses asked for (at least one), checked against the one status vocabulary."""
    try:
        out = check_statuses(statuses)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"statuses {statuses!r}: {exc}") from None
    if not out:
        raise ValueError(
            f"statuses must name one or more of {', '.join(STATUSES)}; got {statuses!r}"
        )
    return out


def check_km(value: Any, what: str, *, allow_zero: bool = True) -> float:
    """A distance in km as a float; ValueError naming ``what`` otherwise."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{what} must be a number of km, got {value!r}") from None
    if not math.isfinite(v) or v < 0 or (v == 0 and not allow_zero):
        need = "a non-negative" if allow_zero else "a positive"
        raise ValueError(f"{what} must be {need} finite number, got {value!r}")
    return v


def check_threshold(min_km2: Any) -> float:
    """``min_km2`` as a non-negative finite float; ValueError otherwise."""
    try:
        value = float(min_km2)
    except (TypeError, ValueError):
        raise ValueError(f"min_km2 must be a number of km², got {min_km2!r}") from None
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"min_km2 must be a non-negative finite number of km², got {min_km2!r}")
    return value


@lru_cache(maxsize=1)
def region_table() -> tuple[pd.DataFrame, np.ndarray]:
    """The 27 regions (code, name, official area, polygon area, equal-area) and where each
    region's ground is counted: its polygon extended over the band around Ukraine's outline
    that is nearest to it (:func:`frontline.regions.region_extensions`), so that the 27 tile
    all the ground counted as Ukraine's."""
    table = regions.load_regions()
    polygons = table.geometry.to_numpy()
    geoms = np.asarray(shapely.union(polygons, extension_geoms(), grid_size=None), dtype=object)
    out = pd.DataFrame(
        {
            "code": table["code"].to_numpy(),
            "name": table["name"].to_numpy(),
            "area_km2": area_km2(polygons),
            "area_km2_official": table["area_km2_official"].to_numpy(dtype=float),
        }
    )
    return out, geoms


@lru_cache(maxsize=1)
def extension_geoms() -> np.ndarray:
    """Each region's extension beyond its polygon, in the order of :func:`region_table`."""
    return regions.region_extensions().geometry.to_numpy()


def denominator_of(denominator: str) -> tuple[float, str]:
    """The national denominator (km²) and where it comes from."""
    if denominator == "official":
        return float(UKRAINE_AREA_KM2), UKRAINE_AREA_SOURCE
    if denominator == "polygons":
        return float(region_table()[0]["area_km2"].sum()), (
            "area of the 27 region polygons (Natural Earth boundaries, frontline.regions)"
        )
    raise ValueError(f"denominator must be 'official' or 'polygons', got {denominator!r}")


def footnote(
    source: str,
    snapshot: pd.Timestamp | None,
    *,
    carried: bool,
    requested: pd.Timestamp | None,
    what: str,
) -> str:
    """The one-line footnote of a day's figure."""
    if snapshot is None:
        when = ""
    else:
        when = f", snapshot {snapshot:%Y-%m-%d}"
        if carried and requested is not None:
            when += f" (the latest on or before {requested:%Y-%m-%d})"
    return f"Source: {source}{when}; {what}; areas on the WGS84 ellipsoid (equal-area)."


def national_what(denominator: str, denom_km2: float) -> str:
    """What a national share is a share of, in words."""
    if denominator == "official":
        return f"share of Ukraine's {UKRAINE_AREA_KM2:,} km² ({UKRAINE_AREA_SOURCE})"
    return f"share of the 27 region polygons' {denom_km2:,.0f} km²"


def attrs(
    *,
    source: str,
    snapshot: Any,
    carried: bool,
    statuses: tuple[str, ...],
    footnote: str,
    denominator: str = "none",
    denominator_km2: float | None = None,
    denominator_source: str = "",
    history: Any = None,
    **extra: Any,
) -> dict[Hashable | None, Any]:
    """The provenance every result carries in ``.attrs`` (no denominator unless given).

    Made from a fetched ``history``, the footnote ends by saying how recent it is, and
    ``staleness`` holds that sentence (:mod:`frontline._staleness`).
    """
    out: dict[Hashable | None, Any] = {
        "source": source,
        "snapshot_date": snapshot,
        "carried_forward": carried,
        "denominator": denominator,
        "denominator_km2": denominator_km2,
        "denominator_source": denominator_source,
        "statuses": statuses,
        "method": METHOD,
        "footnote": footnote,
    }
    out.update(extra)
    note_staleness(out, staleness_of(history))
    return out
