"""How much ground is held: :func:`area_share` for a day, :func:`timeline` for every day.

Areas
-----
Areas are measured on the WGS84 ellipsoid in the equal-area projection of
:data:`frontline.measure.EQUAL_AREA_CRS` (see :mod:`frontline.measure._equal_area`). Where two
outlines run side by side along long straight edges (Crimea's Sivash shore), where exactly they
cross depends on what "straight" means, so per-region figures agree with an overlay done in
degrees and measured geodesically to within 0.005% or 0.05 km². :func:`timeline` measures only
what changed from one snapshot to the next (:mod:`frontline.measure._engine`) and equals
:func:`area_share` for the same day.

Regions and the state border
----------------------------
Natural Earth's region outlines are generalised; the source draws the border and the coast in
detail. Ground inside Ukraine but outside every region polygon (about 1,780 km² on 2025-06-08:
slivers along the border with Russia, spits, lagoon shores) is counted in the region nearest
to it: each region is measured over its polygon plus its extension
(:func:`frontline.regions.region_extensions`, a band 6 km wide along land borders and 20 km
towards the sea, split between the nearest regions). So the 27 regions add up to the ground
inside Ukraine (``km2_in_regions``), and ``.attrs["km2_assigned"]`` says how much of it lay
outside the region polygons. Ground beyond the band is in another state (the Kursk salient,
slivers across the border): it is never Ukraine's, and is reported apart as
``km2_outside_ukraine`` (``.attrs``; a column nationally).

Denominators
------------
The national share is taken, by default, of Ukraine's official area, **603,628 km²**
(:data:`UKRAINE_AREA_KM2`; State Statistics Service of Ukraine), and its numerator is the
assessed ground inside Ukraine (``km2_in_regions``; ``km2_assessed`` is everything the source
drew). With ``denominator="polygons"`` it is the share of the 27 region polygons' area
(Natural Earth boundaries), with the same numerator. ``share`` is always
``km2 / denominator_km2``. A region's share is of its polygon's area (``denominator_km2``,
same method), at most 1; where the ground counted for a region (its polygon plus what was
assigned to it) exceeds its polygon's area, it is of the region's official area instead
(Luhansk Oblast on 2025-06-08: 99.5%, where its polygon alone would give more than 100%).
``denominator_km2`` says which. ``share_official`` is always of the official area
(``area_km2_official``), the figure to compare with published per-region shares.

Every result carries its provenance in ``.attrs``: ``source``, ``snapshot_date``,
``carried_forward``, ``denominator``, ``denominator_km2``, ``denominator_source``, ``method``
and a one-line ``footnote`` ready to print under a chart.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

import numpy as np
import pandas as pd

from frontline._dates import parse_day
from frontline._statuses import OCCUPIED
from frontline.control import ControlHistory
from frontline.measure._common import (
    NATIONAL_CODE,
    NATIONAL_NAME,
    attrs,
    check_history,
    denominator_of,
    extension_geoms,
    footnote,
    national_what,
    region_table,
    wanted_statuses,
)
from frontline.measure._engine import AreaEngine, measure_series
from frontline.measure._equal_area import project

__all__ = ["area_share", "timeline"]


def region_denominator(km2: np.ndarray, table: pd.DataFrame) -> np.ndarray:
    """Each region's denominator: its polygon's area, or its official area where the ground
    counted for it (its polygon plus what was assigned to it) exceeds the polygon's area."""
    polygon = table["area_km2"].to_numpy()
    return np.where(km2 > polygon, table["area_km2_official"].to_numpy(), polygon)


def area_share(
    history: ControlHistory,
    date: Any,
    *,
    by: Literal["region"] | None = None,
    statuses: str | Iterable[str] = OCCUPIED,
    source: str | None = None,
    denominator: Literal["official", "polygons"] = "official",
) -> pd.DataFrame:
    """How much ground is held on a day, in km² and as a share, nationally or per region.

    Parameters
    ----------
    history : ControlHistory
        The assessed control (e.g. ``fl.read_deepstate(...)`` or ``fl.example_control()``).
    date : str, datetime.date or Timestamp
        The day; a day missing from the source takes the latest earlier snapshot
        (``carried_forward`` says so).
    by : {None, "region"}
        None: one row for Ukraine. "region": one row per region (27, by ISO code).
    statuses : str or iterable of str, default ("occupied", "occupied_before_2022")
        Which statuses count as held.
    source : str, optional
        Needed when the history holds several sources.
    denominator : {"official", "polygons"}
        National share of Ukraine's official 603,628 km² or of the 27 region polygons' area;
        the numerator is the assessed ground inside Ukraine either way. Per region,
        the share is always of the region's polygon, and ``share_official`` of its official
        area. ``share_official`` can exceed 1 slightly where a region's polygon is larger than
        its official area (Crimea, UA-43: the polygon is about 1% larger than the official
        26,081 km², and the held area there gives a ``share_official`` of about 1.0006, i.e.
        +0.06%); it is a ratio, not a share to pass to :func:`describe_share` (use ``share``).

    Returns
    -------
    pandas.DataFrame
        National: ``date``, ``code`` ("UA"), ``name`` ("Ukraine"), ``km2``, ``share``
        (``km2 / denominator_km2``), ``denominator_km2``, ``km2_assessed``,
        ``km2_in_regions``, ``km2_outside_ukraine``, ``snapshot_date``, ``carried_forward``.
        By region: ``date``, ``code``, ``name``, ``km2``, ``share``, ``share_official``,
        ``denominator_km2`` (polygon or official area, see above), ``area_km2_official``,
        ``snapshot_date``,
        ``carried_forward``. ``.attrs``: provenance, ``footnote``, ``km2_assigned`` (ground
        counted in a region though outside its polygon) and ``km2_outside_ukraine``.

    Raises
    ------
    DateOutOfRangeError
        ``date`` is before the first or after the last day of the history (a LookupError).
    ValueError
        Bad ``by``, ``denominator`` or ``statuses``; a history not in EPSG:4326.

    Examples
    --------
    >>> import frontline as fl
    >>> h = fl.example_control()
    >>> national = fl.area_share(h, "2025-06-08")
    >>> share = float(national["share"].iloc[0])
    >>> round(share, 3), fl.describe_share(share)
    (0.188, 'just under one-fifth')
    >>> national.attrs["footnote"]  # doctest: +NORMALIZE_WHITESPACE
    "Source: DeepStateMap, snapshot 2025-06-08; share of Ukraine's 603,628 km² (State
    Statistics Service of Ukraine); areas on the WGS84 ellipsoid (equal-area)."
    >>> regions = fl.area_share(h, "2025-06-08", by="region").set_index("code")
    >>> luhansk = regions.loc["UA-09", "share_official"]
    >>> fl.describe_share(luhansk), float(regions.loc["UA-12", "km2"])
    ('all but a sliver', 0.0)
    """
    history = check_history(history)
    if by not in (None, "region"):
        raise ValueError(f"by must be None (national) or 'region', got {by!r}")
    wanted = wanted_statuses(statuses)
    src = history.pick_source(source)
    denom_km2, denom_source = denominator_of(denominator)
    when = parse_day(date)
    rows = history.as_of(when, source=src)
    snapshot = rows.attrs["snapshot_date"]
    carried = bool(rows.attrs["carried_forward"])
    geom = history.geometry_on(when, statuses=wanted, source=src)
    table, geoms = region_table()
    projected = project(geom)
    values = AreaEngine(geoms).full(projected)
    per_region, assessed = values[:-1], float(values[-1])
    in_regions = float(per_region.sum())
    assigned = float(AreaEngine(extension_geoms()).full(projected)[:-1].sum())
    outside = max(assessed - in_regions, 0.0)
    if by is None:
        km2 = in_regions
        out = pd.DataFrame(
            {
                "date": [when],
                "code": [NATIONAL_CODE],
                "name": [NATIONAL_NAME],
                "km2": [km2],
                "share": [km2 / denom_km2],
                "denominator_km2": [denom_km2],
                "km2_assessed": [assessed],
                "km2_in_regions": [in_regions],
                "km2_outside_ukraine": [outside],
                "snapshot_date": [snapshot],
                "carried_forward": [carried],
            }
        )
        what = national_what(denominator, denom_km2)
        dn: str = denominator
        dn_km2: float | None = denom_km2
        dn_src = denom_source
    else:
        out = pd.DataFrame(
            {
                "date": when,
                "code": table["code"],
                "name": table["name"],
                "km2": per_region,
                "share": np.clip(per_region / region_denominator(per_region, table), 0.0, 1.0),
                "share_official": per_region / table["area_km2_official"].to_numpy(),
                "denominator_km2": region_denominator(per_region, table),
                "area_km2_official": table["area_km2_official"],
                "snapshot_date": snapshot,
                "carried_forward": carried,
            }
        )
        what = "shares of each region's polygon (share_official: of its official area)"
        dn, dn_km2, dn_src = "region polygons", None, "frontline.regions (Natural Earth)"
    out.attrs = attrs(
        history=history,
        source=src,
        snapshot=snapshot,
        carried=carried,
        denominator=dn,
        denominator_km2=dn_km2,
        denominator_source=dn_src,
        statuses=wanted,
        requested_date=when,
        km2_assigned=assigned,
        km2_outside_ukraine=outside,
        footnote=footnote(src, snapshot, carried=carried, requested=when, what=what),
    )
    return out


def timeline(
    history: ControlHistory,
    *,
    by: Literal["region"] | None = None,
    statuses: str | Iterable[str] = OCCUPIED,
    source: str | None = None,
    fill: Literal["carry"] | None = None,
    window: int = 7,
    denominator: Literal["official", "polygons"] = "official",
) -> pd.DataFrame:
    """Held ground day by day over a whole history, nationally or per region.

    One row per calendar day from the first to the last day of the history (times 27 with
    ``by="region"``). Fast: only the ground that changed from one snapshot to the next is
    measured (see the module documentation); 769 days by 27 regions take about half a second
    on two cores, less than parsing the files (``benchmarks/timeline.py``). The figures are
    those of :func:`area_share` for the same day.

    Parameters
    ----------
    history : ControlHistory
    by : {None, "region"}
    statuses, source, denominator
        As in :func:`area_share`.
    fill : {None, "carry"}
        Days the source skipped: None keeps them as rows of NaN (``snapshot_date`` NaT);
        "carry" repeats the latest earlier snapshot, flagged ``carried_forward``.
    window : int, default 7
        Days over which ``rate_km2_per_day`` is averaged.

    Returns
    -------
    pandas.DataFrame
        ``date``, ``code``, ``name``, ``km2``, ``share``, ``change_km2`` (net change since the
        previous snapshot; after a gap, the change over the gap), ``gained_km2`` and
        ``lost_km2`` (areas of the geometric differences with the previous snapshot),
        ``rate_km2_per_day`` (net change over the last ``window`` days / ``window``, from the
        latest snapshots on or before both ends; NaN for the first ``window`` days and on
        missing days), ``denominator_km2``, ``snapshot_date``, ``carried_forward``; per region
        also ``share_official``; nationally also ``km2_assessed``, ``km2_in_regions`` and
        ``km2_outside_ukraine``. ``.attrs``: provenance, ``missing_days``, ``footnote``, and
        ``km2_assigned`` and ``km2_outside_ukraine`` on the last snapshot day (see
        :func:`area_share`).

    Examples
    --------
    >>> import frontline as fl
    >>> t = fl.timeline(fl.example_control(), by="region")
    >>> len(t), float(t.loc[t["code"] == "UA-12", "km2"].iloc[0])
    (27, 0.0)
    """
    history = check_history(history)
    if by not in (None, "region"):
        raise ValueError(f"by must be None (national) or 'region', got {by!r}")
    if fill not in (None, "carry"):
        raise ValueError(f"fill must be None (gaps stay missing) or 'carry', got {fill!r}")
    if isinstance(window, bool) or not isinstance(window, int | np.integer) or window < 1:
        raise ValueError(f"window must be a positive whole number of days, got {window!r}")
    wanted = wanted_statuses(statuses)
    denom_km2, denom_source = denominator_of(denominator)
    table, geoms = region_table()
    n_reg = len(table)
    targets = np.concatenate([geoms, extension_geoms()])
    series, src = measure_series(history, targets, statuses=wanted, source=source)
    # Columns 0..26: the regions (polygon + extension); 27..53: the extensions alone (how
    # much was assigned beyond the polygons); last: the whole assessed area.
    assigned_days = series.km2[:, n_reg : 2 * n_reg].sum(axis=1)
    series = series._replace(
        km2=np.delete(series.km2, np.s_[n_reg : 2 * n_reg], axis=1),
        gained=np.delete(series.gained, np.s_[n_reg : 2 * n_reg], axis=1),
        lost=np.delete(series.lost, np.s_[n_reg : 2 * n_reg], axis=1),
    )
    days = series.days
    calendar = pd.date_range(days[0], days[-1], freq="D", name="date")
    asof = np.searchsorted(days.to_numpy(), calendar.to_numpy(), side="right") - 1
    present = np.zeros(len(calendar), dtype=bool)
    present[calendar.get_indexer(days)] = True
    carried = ~present

    km2_days = series.km2
    change_days = np.vstack([np.full((1, km2_days.shape[1]), np.nan), np.diff(km2_days, axis=0)])
    km2 = km2_days[asof]
    rate = np.full_like(km2, np.nan)
    if len(calendar) > window:
        rate[window:] = (km2[window:] - km2[:-window]) / window
    change = change_days[asof]
    gained = series.gained[asof]
    lost = series.lost[asof]
    if fill == "carry":
        for arr in (change, gained, lost):
            arr[carried] = 0.0
        snapshot = days[asof]
        carried_flag = carried
    else:
        for arr in (km2, change, gained, lost, rate):
            arr[carried] = np.nan
        snapshot = pd.DatetimeIndex(np.where(present, days[asof].to_numpy(), np.datetime64("NaT")))
        carried_flag = np.zeros(len(calendar), dtype=bool)

    if by is None:
        in_regions = km2[:, :-1].sum(axis=1)
        assessed = km2[:, -1]
        numerator = in_regions
        d_change, d_gain, d_lost, d_rate = (
            change[:, :-1].sum(axis=1),
            gained[:, :-1].sum(axis=1),
            lost[:, :-1].sum(axis=1),
            rate[:, :-1].sum(axis=1),
        )
        out = pd.DataFrame(
            {
                "date": calendar,
                "code": NATIONAL_CODE,
                "name": NATIONAL_NAME,
                "km2": numerator,
                "share": numerator / denom_km2,
                "change_km2": d_change,
                "gained_km2": d_gain,
                "lost_km2": d_lost,
                "rate_km2_per_day": d_rate,
                "denominator_km2": denom_km2,
                "km2_assessed": assessed,
                "km2_in_regions": in_regions,
                "km2_outside_ukraine": np.clip(assessed - in_regions, 0.0, None),
                "snapshot_date": snapshot,
                "carried_forward": carried_flag,
            }
        )
        what = national_what(denominator, denom_km2)
        dn: str = denominator
        dn_km2: float | None = denom_km2
        dn_src = denom_source
    else:
        n_cal = len(calendar)
        region_km2 = km2[:, :-1].ravel()
        official_all = np.tile(table["area_km2_official"].to_numpy(), n_cal)
        poly = np.where(
            region_km2 > np.tile(table["area_km2"].to_numpy(), n_cal),
            official_all,
            np.tile(table["area_km2"].to_numpy(), n_cal),
        )
        official = np.tile(table["area_km2_official"].to_numpy(), n_cal)
        out = pd.DataFrame(
            {
                "date": np.repeat(calendar.to_numpy(), n_reg),
                "code": np.tile(table["code"].to_numpy(), n_cal),
                "name": np.tile(table["name"].to_numpy(), n_cal),
                "km2": region_km2,
                "share": np.clip(region_km2 / poly, 0.0, 1.0),
                "share_official": region_km2 / official,
                "change_km2": change[:, :-1].ravel(),
                "gained_km2": gained[:, :-1].ravel(),
                "lost_km2": lost[:, :-1].ravel(),
                "rate_km2_per_day": rate[:, :-1].ravel(),
                "denominator_km2": poly,
                "snapshot_date": np.repeat(snapshot.to_numpy(), n_reg),
                "carried_forward": np.repeat(carried_flag, n_reg),
            }
        )
        what = "shares of each region's polygon (share_official: of its official area)"
        dn, dn_km2, dn_src = "region polygons", None, "frontline.regions (Natural Earth)"
    missing = list(calendar[~present])
    out.attrs = attrs(
        history=history,
        source=src,
        snapshot=days[-1],
        carried=bool(fill == "carry" and len(missing) > 0),
        denominator=dn,
        denominator_km2=dn_km2,
        denominator_source=dn_src,
        statuses=wanted,
        start=days[0],
        end=days[-1],
        missing_days=missing,
        km2_assigned=float(assigned_days[-1]),
        km2_outside_ukraine=float(max(series.km2[-1, -1] - series.km2[-1, :-1].sum(), 0.0)),
        fill=fill,
        window=int(window),
        footnote=(
            f"Source: {src}, daily snapshots {days[0]:%Y-%m-%d} to {days[-1]:%Y-%m-%d} "
            f"({len(missing)} {'day' if len(missing) == 1 else 'days'} missing"
            f"{', carried forward' if fill == 'carry' else ''}); "
            f"{what}; areas on the WGS84 ellipsoid (equal-area)."
        ),
    )
    return out
