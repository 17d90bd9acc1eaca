"""Distance to the front (:func:`within_range`) and held ground next door."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd
import shapely

from frontline import geodesy, regions
from frontline._dates import parse_day
from frontline._place_input import resolve_places
from frontline._statuses import OCCUPIED
from frontline.control import ControlHistory
from frontline.measure._common import (
    attrs,
    check_history,
    check_km,
    history_first,
    wanted_statuses,
)
from frontline.measure.shares import area_share

__all__ = ["FRONT_STATUSES", "occupied_neighbors", "within_range"]

#: Statuses that make up "the front" for :func:`within_range`: held and contested ground.
FRONT_STATUSES: tuple[str, ...] = ("occupied", "occupied_before_2022", "contested")


def _ring_label(km: float) -> str:
    return f"within_{km:g}km"


def within_range(
    history: ControlHistory,
    place: Any,
    date: Any,
    *,
    km: Sequence[float] = (15, 25, 40),
    statuses: str | Iterable[str] = FRONT_STATUSES,
    source: str | None = None,
) -> pd.DataFrame:
    """Geodesic distance from places to the assessed front, with range-ring flags.

    The front is the ground held or contested on that day (``statuses``); the distance is the
    geodesic distance (WGS84, :func:`frontline.geodesy.distance_km`) from the place to the
    nearest point of that ground, 0 for a place inside it. A ring flag ``within_15km`` is True
    when that distance is at most 15 km, i.e. when the place's geodesic 15 km circle
    (:func:`frontline.geodesy.ring_km`) reaches the front.

    Parameters
    ----------
    history : ControlHistory
        The assessed control. (The old order ``within_range(place, history, date)`` still
        works for one release, with a FutureWarning.)
    place : str, shapely Point, (lon, lat) pair, pandas Series, GeoSeries/GeoDataFrame, or a list
        A place name (:func:`frontline.gazetteer.find_place`; a region name falls back to its
        capital), a lon/lat point, or a ``find_place`` row; read by
        :func:`frontline._place_input.resolve_places`. A bare point's ``code`` is the region
        that covers it (None outside every region).
    date : date-like
    km : sequence of float, default (15, 25, 40)
        Ring radii in km (positive).
    statuses : default ("occupied", "occupied_before_2022", "contested")
    source : str, optional

    Returns
    -------
    pandas.DataFrame
        One row per place: ``place``, ``code`` (region, if known), ``lon``, ``lat``, ``date``,
        ``snapshot_date``, ``carried_forward``, ``distance_km`` (NaN if nothing is held),
        ``inside``, then one boolean column per ring (``within_15km``, ...).

    Raises
    ------
    ValueError
        A ring radius that is not positive, coordinates that are not lon/lat.
    LookupError
        A place or date that cannot be found.

    Examples
    --------
    >>> import frontline as fl, shapely
    >>> h = fl.example_control()
    >>> fl.within_range(h, "Sumy", "2025-06-08")[["place", "distance_km", "within_15km",
    ...                                           "within_25km", "within_40km"]].round(1)
      place  distance_km  within_15km  within_25km  within_40km
    0  Sumy         22.8        False         True         True
    >>> fl.within_range(h, shapely.Point(37.80, 48.00), "2025-06-08")[["inside", "distance_km"]]
       inside  distance_km
    0    True          0.0
    """
    history, place = history_first("within_range", history, place, "place")
    history = check_history(history)
    try:
        radii = [float(k) for k in ([km] if isinstance(km, int | float) else km)]
    except (TypeError, ValueError):
        raise ValueError(f"km must be ring radii in km, got {km!r}") from None
    if not radii:
        raise ValueError("km needs at least one ring radius")
    radii = sorted({check_km(k, "a ring radius (km)", allow_zero=False) for k in radii})
    wanted = wanted_statuses(statuses)
    src = history.pick_source(source)
    when = parse_day(date)
    rows = history.as_of(when, source=src)
    snapshot = rows.attrs["snapshot_date"]
    carried = bool(rows.attrs["carried_forward"])
    front = history.geometry_on(when, statuses=wanted, source=src)
    points = resolve_places(place)
    shapely.prepare(front)
    records = []
    for label, code, point in points:
        if front.is_empty:
            dist, inside = float("nan"), False
        else:
            inside = bool(front.covers(point))
            dist = 0.0 if inside else geodesy.distance_km(point, front)
        rec: dict[str, Any] = {
            "place": label,
            "code": code,
            "lon": float(point.x),
            "lat": float(point.y),
            "date": when,
            "snapshot_date": snapshot,
            "carried_forward": carried,
            "distance_km": dist,
            "inside": inside,
        }
        for r in radii:
            rec[_ring_label(r)] = bool(dist <= r) if math.isfinite(dist) else False
        records.append(rec)
    out = pd.DataFrame.from_records(records)
    out.attrs = attrs(
        history=history,
        source=src,
        snapshot=snapshot,
        carried=carried,
        statuses=wanted,
        km=tuple(radii),
        requested_date=when,
        method=geodesy.METHOD,
        footnote=(
            f"Source: {src}, snapshot {snapshot:%Y-%m-%d}; geodesic distance (WGS84) to the "
            f"nearest ground assessed as {' or '.join(s.replace('_', ' ') for s in wanted)}."
        ),
    )
    return out


def occupied_neighbors(
    history: ControlHistory,
    region: str,
    date: Any,
    *,
    statuses: str | Iterable[str] = OCCUPIED,
    source: str | None = None,
) -> pd.DataFrame:
    """The regions bordering ``region`` and how much of each is held on a day.

    Parameters
    ----------
    history : ControlHistory
        The assessed control. (The old order ``occupied_neighbors(region, history, date)``
        still works for one release, with a FutureWarning.)
    region : str
        Any name or ISO code :func:`frontline.regions.region` accepts.
    date, statuses, source
        As in :func:`frontline.measure.area_share`.

    Returns
    -------
    pandas.DataFrame
        One row per neighbour (:func:`frontline.regions.neighbors`), most held first:
        ``date``, ``code``, ``name``, ``km2``, ``share`` (of its polygon), ``share_official``,
        ``held`` (any held ground), ``border_km`` (length of the shared border),
        ``snapshot_date``, ``carried_forward``. ``.attrs``: provenance and ``footnote``.

    Examples
    --------
    >>> import frontline as fl
    >>> n = fl.occupied_neighbors(fl.example_control(), "Dnipropetrovsk", "2025-06-08")
    >>> n.loc[n["held"], "name"].tolist()[:3]
    ['Zaporizhzhia Oblast', 'Kherson Oblast', 'Donetsk Oblast']
    """
    history, region = history_first("occupied_neighbors", history, region, "region")
    code = regions.region_code(region)
    shares = area_share(history, date, by="region", statuses=statuses, source=source)
    near = regions.neighbors(code)[["code", "border_km"]]
    out = shares.merge(near, on="code", how="inner")
    out["held"] = out["km2"] > 0.0
    out = out.sort_values(["km2", "code"], ascending=[False, True], kind="stable")
    out = out[
        [
            "date",
            "code",
            "name",
            "km2",
            "share",
            "share_official",
            "held",
            "border_km",
            "snapshot_date",
            "carried_forward",
        ]
    ].reset_index(drop=True)
    out.attrs = dict(shares.attrs)
    out.attrs["region"] = code
    return out
