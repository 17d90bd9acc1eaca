"""When did X fall, in words: :func:`describe_fall`."""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import pandas as pd

from frontline._place_input import resolve_places
from frontline.control import ControlHistory
from frontline.gazetteer import find_place, footprints
from frontline.settlements.changes import control_changes
from frontline.settlements.events import control_events
from frontline.settlements.table import settlement_control

__all__ = ["describe_fall"]


def _day(value: Any) -> str:
    return f"{pd.Timestamp(value):%Y-%m-%d}"


def _pct(share: float) -> str:
    return f"{100 * share:.0f}%"


def _place_frame(place: Any, region: Any) -> tuple[gpd.GeoDataFrame, str]:
    """A one-row frame of the place (with population and category when it is a gazetteer
    name) and how to call it in words."""
    if isinstance(place, str):
        row = find_place(place, region=region)
        label = f"{row['name']} ({row['region_name']})"
        frame = gpd.GeoDataFrame(
            {
                "place_id": [int(row["place_id"])],
                "name": [row["name"]],
                "region": [row["region"]],
                "population": [row.get("population")],
                "category": [row.get("category")],
            },
            geometry=gpd.points_from_xy([row["lon"]], [row["lat"]]),
            crs=4326,
        )
        return frame, label
    refs = resolve_places(place, what="place")
    if len(refs) != 1:
        raise ValueError(f"describe_fall takes one place, got {len(refs)}")
    ref = refs[0]
    frame = gpd.GeoDataFrame({"place_id": [0], "name": [ref.label]}, geometry=[ref.point], crs=4326)
    return frame, ref.label


def describe_fall(
    history: ControlHistory,
    place: Any,
    *,
    region: Any = None,
    source: str | None = None,
    entered: float = 0.0,
    half: float = 0.5,
    full: float = 0.95,
) -> str:
    """When a settlement fell, in words: first entered, more than half held, all of it held,
    and every later change, with the source and the method.

    Parameters
    ----------
    history : ControlHistory
        The assessed control over time (e.g. ``frontline.read_deepstate(folder)``).
    place : str, shapely Point or (lon, lat)
        A settlement's name (found with :func:`frontline.find_place`, whose population and
        category size its footprint) or a point (the smallest footprint of the model).
    region : str, optional
        The oblast, where the name is shared.
    source : str, optional
        Which source of ``history`` to use when it holds several.
    entered, half, full : float, default 0, 0.5, 0.95
        Thresholds of the share held (as in :func:`frontline.control_changes`).

    Returns
    -------
    str
        A few sentences: when the source first showed Russian forces in the place, from when
        more than half and all of it (``full`` or more) was held, later losses and recaptures,
        the share held on the last day, then the method and the source.

    Examples
    --------
    >>> import frontline as fl
    >>> text = fl.describe_fall(fl.example_control(), "Sevastopol")
    >>> print(text.splitlines()[0])  # doctest: +NORMALIZE_WHITESPACE
    Sevastopol (Sevastopol): DeepStateMap showed all of it (95% or more) Russian-held when its
    record began on 2025-06-08.
    """
    frame, label = _place_frame(place, region)
    table = settlement_control(history, places=frame, source=source)
    row = control_changes(table, entered=entered, half=half, full=full).iloc[0]
    events = control_events(table, entered=entered, half=half, full=full)
    src = str(table.attrs["source"])
    days = pd.DatetimeIndex(table["date"])
    start, end = days.min(), days.max()
    at_start, now = float(row["share_at_start"]), float(row["share_now"])
    top = f"all of it ({_pct(full)} or more)"
    lines: list[str] = []
    if at_start >= full:
        first = f"{label}: {src} showed {top} Russian-held when its record began on {_day(start)}."
    elif at_start >= half:
        first = (
            f"{label}: {src} showed more than half of it ({_pct(at_start)}) Russian-held when "
            f"its record began on {_day(start)}."
        )
    elif at_start > entered:
        first = (
            f"{label}: {src} showed part of it ({_pct(at_start)}) Russian-held when its record "
            f"began on {_day(start)}."
        )
    elif pd.isna(row["first_entered"]):
        first = (
            f"{label}: {src} showed no Russian-held ground in it from {_day(start)} to {_day(end)}."
        )
    else:
        first = f"{label}: {src} first showed Russian forces in it on {_day(row['first_entered'])}"
        first += "."
    parts = []
    if at_start < half and not pd.isna(row["first_half"]):
        parts.append(f"more than half of it held from {_day(row['first_half'])}")
    if at_start < full and not pd.isna(row["first_full"]):
        parts.append(f"{top} from {_day(row['first_full'])}")
    if parts:
        first = first[:-1] + ", " + ", ".join(parts) + "."
    lines.append(first)
    rank = {band: i for i, band in enumerate(("none", "entered", "half", "full"))}
    to = events["to_band"].astype(str).map(rank).to_numpy()
    down = to < events["from_band"].astype(str).map(rank).to_numpy()
    if down.any():
        later = events.iloc[int(down.argmax()) :]
        moves = "; ".join(
            f"on {_day(e['date'])} the share held {'fell' if d else 'rose'} to "
            f"{_pct(float(e['share_held']))}"
            for (_, e), d in zip(later.iterrows(), down[int(down.argmax()) :], strict=True)
        )
        lines.append(f"Later losses and recaptures: {moves}.")
    lines.append(f"On {_day(end)}, {_pct(now)} of it was Russian-held.")
    lines.append(
        f"Method: the share of the settlement's footprint ({_footprint_words(frame)}) inside the "
        f"areas {src} assesses as Russian-held, measured equal-area (Lambert azimuthal "
        f"equal-area); first entered: more than {_pct(entered)} held, half: {_pct(half)} or "
        f"more, all: {_pct(full)} or more. Source: {src}, {len(days)} daily "
        f"snapshot{'s' if len(days) != 1 else ''} from "
        f"{_day(start)} to {_day(end)}."
    )
    return "\n".join(lines)


def _footprint_words(frame: gpd.GeoDataFrame) -> str:
    km2 = float(footprints(frame)["footprint_km2"].iloc[0])
    return (
        f"{km2:.1f} km², a disc sized from its population and category, clipped where "
        "neighbouring places are nearer and to land"
    )
