"""The settlement control table: who held each place on each day (:func:`settlement_control`)."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

import geopandas as gpd
import numpy as np
import pandas as pd

from frontline._statuses import STATUSES, check_statuses
from frontline.control import ControlHistory
from frontline.gazetteer.footprint_model import EQUAL_AREA
from frontline.settlements._dask import run_dask
from frontline.settlements._kernel import Matcher
from frontline.settlements._local import run_local
from frontline.settlements._places import prepare_places
from frontline.settlements._vocabulary import DEFAULT_STATUSES, HELD, RUSSIAN_HELD

if TYPE_CHECKING:  # pragma: no cover
    from distributed import Client

__all__ = ["settlement_control"]

_POLYGON_RULES = ("representative_point", "any_part")
_ENGINES = ("local", "dask")


def _history_rows(
    history: Any, statuses: tuple[str, ...], source: str | None
) -> tuple[str, pd.DatetimeIndex, np.ndarray, np.ndarray, np.ndarray]:
    """(source, days, row dates, status codes, geometries) of the statuses asked for."""
    if not isinstance(history, ControlHistory):
        raise TypeError(
            "settlement_control needs a ControlHistory (e.g. frontline.read_deepstate(folder)), "
            f"got {type(history).__name__}"
        )
    frame = history.frame
    source = history.pick_source(source)
    of_source = (frame["source"] == source).to_numpy()
    dates = frame["date"].to_numpy().astype("datetime64[ns]")
    days = pd.DatetimeIndex(np.unique(dates[of_source]), name="date")
    status = frame["status"].to_numpy()
    keep = of_source & np.isin(status, statuses)
    code_of = {s: i for i, s in enumerate(statuses)}
    codes = np.array([code_of[s] for s in status[keep]], dtype=np.int8)
    row_dates = dates[keep]
    geoms = frame.geometry.to_numpy()[keep]
    order = np.argsort(row_dates, kind="stable")
    return source, days, row_dates[order], codes[order], geoms[order]


def _wanted(statuses: Any) -> tuple[str, ...]:
    """The statuses asked for, in order of precedence: at least one, none twice, never "held"."""
    if isinstance(statuses, str):
        statuses = (statuses,)
    try:
        out = tuple(statuses)
    except TypeError:
        raise ValueError(f"statuses must be a sequence of status names, got {statuses!r}") from None
    if not out:
        raise ValueError(f"statuses is empty; pass some of {', '.join(STATUSES)}")
    if HELD in out:
        raise ValueError(
            f"unknown status {HELD!r} ({HELD!r} is what a place outside every area gets); use "
            f"statuses from {', '.join(STATUSES)}"
        )
    checked = check_statuses(out)
    assert checked is not None  # a tuple in, a tuple out
    if len(set(checked)) != len(checked):
        raise ValueError(f"statuses repeats a status: {checked!r}")
    return checked


def _fill_option(fill: Any, fill_gaps: Any) -> Literal["carry"] | None:
    """The one gap-filling option; the old ``fill_gaps=True/False`` works with a FutureWarning."""
    if fill_gaps is not None:
        warnings.warn(
            "settlement_control(fill_gaps=...) is the old spelling; use fill='carry' (for "
            "fill_gaps=True) or fill=None, as in fl.timeline. The old one stops working in the "
            "next release.",
            FutureWarning,
            stacklevel=3,
        )
        if fill is not None:
            raise ValueError("pass fill= only (fill_gaps= is its old spelling), not both")
        return "carry" if fill_gaps else None
    if fill not in (None, "carry"):
        raise ValueError(
            f"fill must be None (the source's own days) or 'carry' (every calendar day, gaps "
            f"repeating the latest earlier day), got {fill!r}"
        )
    return fill


def settlement_control(
    history: ControlHistory,
    *,
    places: gpd.GeoDataFrame | None = None,
    statuses: Sequence[str] = DEFAULT_STATUSES,
    tolerance_m: float = 0.0,
    polygons: Literal["representative_point", "any_part"] = "representative_point",
    fill: Literal["carry"] | None = None,
    source: str | None = None,
    engine: Literal["local", "dask"] = "local",
    chunk_days: int = 31,
    client: Client | None = None,
    scheduler: str | None = None,
    fill_gaps: bool | None = None,
) -> pd.DataFrame:
    """Who held each place on each day: one row per (place, day).

    Parameters
    ----------
    history : ControlHistory
        The assessed control over time (e.g. ``frontline.read_deepstate(folder)``).
    places : geopandas.GeoDataFrame, optional
        The places to look up: the whole gazetteer (:func:`frontline.gazetteer.places`) by default,
        or any GeoDataFrame of points, polygons or multipolygons with a CRS (reprojected to
        EPSG:4326). Optional columns: ``place_id`` (unique; the frame's index otherwise),
        ``name``, ``region`` (ISO 3166-2 code; looked up from the place's position otherwise).
        Places more than :data:`OUTSIDE_MARGIN_KM` outside Ukraine are rejected.
    statuses : sequence of str, default :data:`DEFAULT_STATUSES`
        ("occupied_before_2022", "occupied", "contested", "liberated"): the areas to look at,
        in order of precedence where they overlap (from :data:`frontline.control.STATUSES`).
        A place in none of them is ``"held"``.
    tolerance_m : float, default 0
        Geodesic metres by which every area is grown: a place within this distance of an area
        takes its status. 0 counts a place on an area's edge as inside.
    polygons : {"representative_point", "any_part"}, default "representative_point"
        How a polygon place is judged: by one point guaranteed to be inside it
        (``shapely.point_on_surface``), or by any part of it touching an area (the first
        status in precedence order whose area touches the polygon wins).
    fill : {None, "carry"}, default None
        None: the history's own days only (``carried_forward`` is always False). "carry": every
        calendar day from the first to the last day; a day the source skipped repeats the
        latest earlier day with ``carried_forward=True`` (as in :func:`frontline.timeline`).
    source : str, optional
        Which source to use when the history holds several.
    engine : {"local", "dask"}, default "local"
        ``"dask"`` runs the same computation on dask.distributed with dask-geopandas,
        partitioned by date range, and gives an identical table.
    chunk_days : int, default 31
        Days per chunk (local) or per partition (dask).
    client : distributed.Client, optional
        The dask client to use (engine="dask"); default: the client already active in this
        process, else dask's local threaded scheduler.
    scheduler : str, optional
        Address of a running dask scheduler, e.g. ``"tcp://10.0.0.5:8786"`` (engine="dask"); a
        client is opened for the call and closed after. Every worker needs frontline-maps
        installed (``pip install 'frontline-maps[dask]'``).
    fill_gaps : bool, optional
        The old spelling of ``fill`` (True: ``fill="carry"``); works for one release, with a
        FutureWarning.

    Returns
    -------
    pandas.DataFrame
        Columns ``place_id`` (int32, or int64/category for a user's ids), ``name``
        (category), ``region`` (category of ISO codes), ``date`` (datetime64[ns]), ``status``
        (category: the statuses asked for, then ``"held"``), ``carried_forward`` (bool); rows
        ordered by place (input order), then date. ``.attrs`` record the source, statuses,
        tolerance_m, polygons rule, ``fill`` (and the old ``fill_gaps`` flag) and method (not
        the engine: both give the same table). Writes to Parquet as is.

    Raises
    ------
    InvalidPlacesError
        Some places have no usable geometry, lie outside Ukraine or repeat a place_id (every
        problem is listed, by row).
    ValueError, LookupError, TypeError
        Bad options, an unknown source, or inputs of the wrong type.
    ImportError
        ``engine="dask"`` without dask-geopandas and distributed installed.

    Examples
    --------
    >>> import geopandas as gpd
    >>> import frontline as fl
    >>> from shapely.geometry import Point
    >>> h = fl.example_control()  # DeepStateMap, 2025-06-08
    >>> towns = gpd.GeoDataFrame(
    ...     {"place_id": [1, 2], "name": ["Pokrovsk", "Sumy"]},
    ...     geometry=[Point(37.18, 48.28), Point(34.80, 50.91)], crs=4326)
    >>> t = fl.settlement_control(h, places=towns)
    >>> t[["name", "region", "date", "status"]]
           name region       date status
    0  Pokrovsk  UA-14 2025-06-08   held
    1      Sumy  UA-59 2025-06-08   held
    >>> fl.settlement_control(h, places=towns, tolerance_m=20_000)["status"].tolist()
    ['occupied', 'held']
    """
    wanted = _wanted(statuses)
    filling = _fill_option(fill, fill_gaps)
    if polygons not in _POLYGON_RULES:
        raise ValueError(f"polygons must be one of {_POLYGON_RULES}, got {polygons!r}")
    if engine not in _ENGINES:
        raise ValueError(f"engine must be 'local' or 'dask', got {engine!r}")
    if engine == "local" and (client is not None or scheduler is not None):
        raise ValueError("client= and scheduler= only apply to engine='dask'")
    if client is not None and scheduler is not None:
        raise ValueError("pass either client= or scheduler=, not both")
    if isinstance(tolerance_m, bool) or not isinstance(tolerance_m, int | float):
        raise ValueError(f"tolerance_m must be a number of metres, got {tolerance_m!r}")
    if not np.isfinite(tolerance_m) or tolerance_m < 0:
        raise ValueError(f"tolerance_m must be a finite number >= 0, got {tolerance_m!r}")
    if isinstance(chunk_days, bool) or not isinstance(chunk_days, int) or chunk_days < 1:
        raise ValueError(f"chunk_days must be a positive integer, got {chunk_days!r}")

    src, days, row_dates, codes, geoms = _history_rows(history, wanted, source)
    where = prepare_places(places, polygons)
    matcher = Matcher(where.tests, tolerance_m, where.footprints)
    held_code = len(wanted)
    russian = frozenset(i for i, s in enumerate(wanted) if s in RUSSIAN_HELD)
    if engine == "local":
        block, share = run_local(
            days, row_dates, codes, geoms, matcher, held_code, chunk_days, russian
        )
    else:
        block, share = run_dask(
            days,
            row_dates,
            codes,
            geoms,
            matcher,
            held_code,
            chunk_days,
            client,
            scheduler,
            russian,
        )

    if filling == "carry":
        calendar = pd.date_range(days[0], days[-1], freq="D", name="date")
        pos = np.searchsorted(days.values, calendar.values, side="right") - 1
        carried = days.values[pos] != calendar.values
        block = block[pos]
        share = share[pos]
    else:
        calendar, carried = days, np.zeros(len(days), dtype=bool)
    n_days, n = len(calendar), len(where)
    ids = where.ids
    if isinstance(ids, pd.Categorical):
        place_id: Any = pd.Categorical.from_codes(np.repeat(ids.codes, n_days), ids.categories)
    else:
        place_id = np.repeat(ids, n_days)
    table = pd.DataFrame(
        {
            "place_id": place_id,
            "name": pd.Categorical.from_codes(
                np.repeat(where.names.codes, n_days), where.names.categories
            ),
            "region": pd.Categorical.from_codes(
                np.repeat(where.regions.codes, n_days), where.regions.categories
            ),
            "date": np.tile(calendar.values.astype("datetime64[ns]"), n),
            "status": pd.Categorical.from_codes(
                np.ascontiguousarray(block.T).ravel(),
                categories=pd.Index([*wanted, HELD], dtype="str"),
            ),
            "share_held": np.ascontiguousarray(share.T).ravel(),
            "carried_forward": np.tile(carried, n),
        }
    )
    table.attrs = {
        "source": src,
        "statuses": list(wanted),
        "tolerance_m": float(tolerance_m),
        "polygons": polygons,
        "fill": filling,
        "fill_gaps": filling == "carry",
        "method": (
            "status of the area covering each place, once per distinct geometry (shapely "
            "STRtree); tolerance measured geodesically (WGS84) via a conformal projection"
            if tolerance_m
            else "status of the area covering each place (edges count as inside), once per "
            "distinct geometry (shapely STRtree)"
        ),
        "share_held": (
            "share of each place's footprint (its polygon, or for a point the modelled "
            "footprint of frontline.gazetteer.footprint_model) inside the Russian-held areas "
            f"({', '.join(s for s in wanted if s in RUSSIAN_HELD) or 'none asked for: NaN'}), "
            f"equal-area ({EQUAL_AREA})"
        ),
    }
    return table
