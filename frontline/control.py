"""Assessed control over time: who holds the ground, day by day, by source.

Claims say what someone asserts; assessments (DeepStateMap, ISW) say who holds the ground. A
:class:`ControlHistory` holds many days of such assessments in one GeoDataFrame and answers
"as of this day" and "what changed between two days".

One status vocabulary serves every source. It is :data:`STATUSES`:

====================  ===================================  ====================================
status                meaning                              source labels mapped to it
====================  ===================================  ====================================
occupied              held by Russian forces, taken        DeepState ``geoJSON.status.occupied``,
                      after 24 Feb 2022; a source that     "Occupied", "Окуповано", fill
                      does not separate older occupation   ``#a52714``; the whole daily mirror.
                      (the DeepState daily mirror)         ISW "Assessed Russian-controlled
                      reports all of it here               Ukrainian territory"
occupied_before_2022  held by Russia or its proxies        DeepState ``geoJSON.territories.``
                      before 24 Feb 2022: Crimea (with     ``crimea``/``ordlo``/``tuzla``,
                      Tuzla) and the occupied parts of     "Occupied Crimea", "CADR and CALR",
                      Donetsk and Luhansk oblasts          "ОРДЛО", fill ``#000000`` (to
                                                           2022-05-29), ``#880e4f`` (after).
                                                           ISW "Russian-controlled Ukrainian
                                                           territory before 24 February 2022"
contested             grey zone: status unknown or         DeepState ``geoJSON.status.unknown``,
                      contested                            "Contested", "Unknown status", "Під
                                                           питанням", fills ``#bcaaa4``,
                                                           ``#bdbdbd``, ``#757575``
liberated             retaken by Ukraine after Russian     DeepState ``geoJSON.status.dismissed``
                      occupation since 24 Feb 2022         (and ``dismissed_at {{at:..}}``),
                                                           ``geoJSON.zmiinyi_island``,
                                                           "Liberated", "Taken back",
                                                           "Recaptured", "Звільнено", fills
                                                           ``#0f9d58``, ``#0288d1``,
                                                           ``#01579b``, ``#0097a7``. ISW
                                                           "Assessed Ukrainian liberated
                                                           territory"
advanced              assessed Russian advances: Russian   ISW "Assessed Russian advances (in
                      forces operate or attack there       Ukraine)"
                      without assessed control
claimed_ru            Russian claims of control the        ISW "Claimed Russian territory",
                      source has not confirmed             "Claimed Russian control"
claimed_ua            claimed Ukrainian counteroffensives  ISW "Claimed Ukrainian
                                                           counteroffensives"
partisan              reported Ukrainian partisan          ISW "Reported Ukrainian partisan
                      activity                             activity" / "... warfare"
====================  ===================================  ====================================

DeepState's satirical "occupied territories" far outside Ukraine (Kuril islands, Karelia, East
Prussia, ...) and Transnistria have no status: the readers drop them and report them.

This module does no file I/O; the readers live in :mod:`frontline.io`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from frontline import geodesy
from frontline._dates import parse_day
from frontline._statuses import OCCUPIED, STATUSES, StatusInfo, check_statuses

__all__ = [
    "OCCUPIED",
    "STATUSES",
    "ControlHistory",
    "ControlValidationError",
    "DateOutOfRangeError",
    "MissingDayError",
    "StatusInfo",
]


_STATUS_ORDER = {s: i for i, s in enumerate(STATUSES)}
_REQUIRED = ("date", "source", "status", "geometry")
_MAX_SHOWN = 12


class DateOutOfRangeError(LookupError):
    """A date before the first or after the last day of a :class:`ControlHistory`."""


class MissingDayError(DateOutOfRangeError):
    """``strict=True`` and the history has no snapshot on the requested day."""


class ControlValidationError(ValueError):
    """A frame that cannot be a :class:`ControlHistory`; ``.problems`` lists every problem."""

    def __init__(self, problems: Sequence[str]):
        self.problems = list(problems)
        shown = "\n  - ".join(self.problems[:_MAX_SHOWN])
        more = len(self.problems) - _MAX_SHOWN
        tail = f"\n  ... and {more} more" if more > 0 else ""
        super().__init__(
            f"{len(self.problems)} problem(s) with the control frame:\n  - {shown}{tail}"
        )


# --------------------------------------------------------------------------------------------
# small helpers
# --------------------------------------------------------------------------------------------


def _to_day(value: Any, what: str = "date") -> pd.Timestamp:
    """A tz-naive midnight Timestamp from ISO text or a date-like value (see ``_dates``)."""
    return parse_day(value, what)


def _polygonal(geom: BaseGeometry | None) -> BaseGeometry:
    """The polygonal part of a geometry (Polygon or MultiPolygon; empty Polygon if none)."""
    if geom is None or geom.is_empty:
        return shapely.Polygon()
    tid = shapely.get_type_id(geom)
    if tid in (3, 6):
        return geom
    parts = shapely.get_parts(geom)
    parts = parts[np.isin(shapely.get_type_id(parts), (3, 6))]
    if len(parts) == 0:
        return shapely.Polygon()
    polys = shapely.get_parts(parts)  # MultiPolygon members too
    if len(polys) == 1:
        return polys[0]
    return shapely.MultiPolygon(list(polys))


def _make_valid(geoms: np.ndarray) -> np.ndarray:
    """Repair only the invalid geometries, keeping their polygonal parts."""
    geoms = np.asarray(geoms, dtype=object)
    bad = ~shapely.is_valid(geoms)
    if bad.any():
        fixed = shapely.make_valid(geoms[bad])
        geoms = geoms.copy()
        geoms[bad] = [_polygonal(g) for g in fixed]
    return geoms


def union_polygons(geoms: Sequence[BaseGeometry] | np.ndarray) -> BaseGeometry:
    """Union polygons into one valid Polygon/MultiPolygon (empty Polygon if none).

    Examples
    --------
    >>> from shapely.geometry import box
    >>> union_polygons([box(0, 0, 1, 1), box(1, 0, 2, 1)]).area
    2.0
    """
    arr = np.asarray(geoms, dtype=object) if len(geoms) else np.empty(0, dtype=object)
    arr = arr[~shapely.is_missing(arr)] if len(arr) else arr
    if len(arr) == 0:
        return shapely.Polygon()
    arr = _make_valid(arr)
    if len(arr) == 1:
        return _polygonal(arr[0])
    return _polygonal(shapely.union_all(arr))


def _empty_frame(extra: Sequence[str] = ()) -> gpd.GeoDataFrame:
    cols: dict[str, Any] = {
        "date": pd.Series([], dtype="datetime64[ns]"),
        "source": pd.Series([], dtype=object),
        "status": pd.Series([], dtype=object),
    }
    for c in extra:
        cols[c] = pd.Series([], dtype=object)
    return gpd.GeoDataFrame(cols, geometry=gpd.GeoSeries([], crs=4326), crs=4326)


# --------------------------------------------------------------------------------------------
# validation
# --------------------------------------------------------------------------------------------


def _validate(frame: Any) -> gpd.GeoDataFrame:
    if not isinstance(frame, gpd.GeoDataFrame):
        raise TypeError(
            f"ControlHistory wraps a GeoDataFrame with columns date, source, status, geometry; "
            f"got {type(frame).__name__}"
        )
    problems: list[str] = []
    missing = [c for c in _REQUIRED if c not in frame.columns]
    if "geometry" in missing and frame.active_geometry_name in frame.columns:
        missing.remove("geometry")
    if missing:
        raise ControlValidationError(
            [f"missing column {c!r} (need {', '.join(_REQUIRED)})" for c in missing]
        )
    if len(frame) == 0:
        raise ControlValidationError(["the frame has no rows; a history needs at least one day"])
    frame = frame.copy()
    if frame.active_geometry_name != "geometry":
        frame = frame.rename_geometry("geometry")
    if frame.crs is None:
        problems.append("field 'geometry': no CRS; set it with gdf.set_crs(4326)")
    elif frame.crs.to_epsg() != 4326:
        problems.append(
            f"field 'geometry': CRS is {frame.crs.to_string()}, not EPSG:4326; "
            "use gdf.to_crs(4326) first"
        )
    index = list(frame.index)

    # date
    raw_dates = frame["date"]
    if isinstance(raw_dates.dtype, pd.DatetimeTZDtype):
        problems.append(
            "field 'date': dates carry a time zone; give the day the snapshot describes as a "
            "tz-naive date (e.g. s.dt.tz_convert('Europe/Kyiv').dt.tz_localize(None))"
        )
        dates = raw_dates.dt.tz_localize(None)
    else:
        if pd.api.types.is_datetime64_any_dtype(raw_dates.dtype):
            dates = raw_dates
        else:
            dates = pd.to_datetime(raw_dates, errors="coerce", format="mixed")
        for i in np.flatnonzero(dates.isna().to_numpy()):
            problems.append(
                f"row {index[i]!r} field 'date': value {raw_dates.iloc[i]!r} is not a date"
            )
        if isinstance(dates.dtype, pd.DatetimeTZDtype):
            problems.append("field 'date': dates carry a time zone; give tz-naive days")
            dates = dates.dt.tz_localize(None)
    dates = dates.astype("datetime64[ns]")
    not_midnight = (dates.notna() & (dates != dates.dt.normalize())).to_numpy()
    for i in np.flatnonzero(not_midnight):
        problems.append(
            f"row {index[i]!r} field 'date': value {dates.iloc[i]} is not midnight; a date is "
            "the day the snapshot describes (use .dt.normalize())"
        )
    frame["date"] = dates

    # source
    for i, value in enumerate(frame["source"].to_numpy()):
        if not isinstance(value, str) or not value.strip():
            problems.append(
                f"row {index[i]!r} field 'source': value {value!r} is not a non-empty string"
            )
    # status
    for i, value in enumerate(frame["status"].to_numpy()):
        if value not in STATUSES:
            problems.append(
                f"row {index[i]!r} field 'status': value {value!r} is not one of "
                f"{', '.join(STATUSES)}"
            )
    # geometry
    geoms = frame.geometry.to_numpy()
    missing_geom = shapely.is_missing(geoms)
    type_ids = shapely.get_type_id(geoms)
    for i in np.flatnonzero(missing_geom):
        problems.append(f"row {index[i]!r} field 'geometry': missing geometry")
    for i in np.flatnonzero(~missing_geom & ~np.isin(type_ids, (3, 6))):
        problems.append(
            f"row {index[i]!r} field 'geometry': a {geoms[i].geom_type}, not a Polygon or "
            "MultiPolygon"
        )
    polygonal = ~missing_geom & np.isin(type_ids, (3, 6))
    invalid = polygonal & ~shapely.is_valid(geoms)
    for i in np.flatnonzero(invalid):
        problems.append(
            f"row {index[i]!r} field 'geometry': invalid ({shapely.is_valid_reason(geoms[i])}); "
            "repair it with shapely.make_valid"
        )
    # one row per (date, source, status)
    keys = frame[["date", "source", "status"]].astype(str)
    dup = keys.duplicated(keep=False).to_numpy()
    if dup.any():
        seen: set[tuple[str, ...]] = set()
        for i in np.flatnonzero(dup):
            key = tuple(keys.iloc[i])
            if key in seen:
                continue
            seen.add(key)
            rows = [index[j] for j in np.flatnonzero(dup) if tuple(keys.iloc[j]) == key]
            problems.append(
                f"rows {rows!r}: several rows for date {key[0][:10]}, source {key[1]!r}, "
                f"status {key[2]!r}; union them first (one row per date, source and status)"
            )
    if problems:
        raise ControlValidationError(problems)
    return frame


# --------------------------------------------------------------------------------------------
# the history
# --------------------------------------------------------------------------------------------


class ControlHistory:
    """Assessed control over many days: one row per (date, source, status).

    A ControlHistory wraps (does not subclass) a GeoDataFrame with columns ``date`` (tz-naive
    ``datetime64[ns]`` at midnight: the day the snapshot describes), ``source`` (e.g.
    ``"DeepStateMap"``), ``status`` (one of :data:`STATUSES`) and ``geometry`` (valid Polygon or
    MultiPolygon, EPSG:4326): all areas of a status that day unioned. Other columns (e.g.
    ``file``) are kept. Days missing from the source are gaps: :meth:`as_of` carries the last
    earlier snapshot forward and says so.

    Parameters
    ----------
    frame : geopandas.GeoDataFrame
        The rows; checked once (every problem is collected and raised together as
        :class:`ControlValidationError`) unless ``validate=False``.
    validate : bool, default True
        Skip the checks only for frames built by the library's readers.
    markers : geopandas.GeoDataFrame, optional
        Point markers published beside the areas (DeepState unit positions, airfields, attack
        arrows ...): columns ``date``, ``source``, ``key``, ``name``, ``geometry``, ...
    dropped : geopandas.GeoDataFrame, optional
        What the reader dropped and why (columns ``date``, ``file``, ``name``, ``reason``, ...).

    Examples
    --------
    >>> import frontline as fl
    >>> h = fl.example_control()
    >>> h
    <ControlHistory DeepStateMap: 1 day, 2025-06-08 to 2025-06-08, statuses: occupied>
    >>> h.as_of("2025-06-08")[["date", "status", "carried_forward"]]
            date    status  carried_forward
    0 2025-06-08  occupied            False
    """

    def __init__(
        self,
        frame: gpd.GeoDataFrame,
        *,
        validate: bool = True,
        markers: gpd.GeoDataFrame | None = None,
        dropped: gpd.GeoDataFrame | None = None,
    ) -> None:
        if validate:
            frame = _validate(frame)
        order = np.lexsort(
            (
                frame["status"].map(_STATUS_ORDER).to_numpy(),
                frame["source"].to_numpy().astype(str),
                frame["date"].to_numpy(),
            )
        )
        if not np.array_equal(order, np.arange(len(frame))):
            frame = frame.iloc[order]
        if not isinstance(frame.index, pd.RangeIndex) or frame.index.start != 0:
            frame = frame.reset_index(drop=True)
        self._frame: gpd.GeoDataFrame = frame
        self._markers = markers
        self._dropped = dropped
        self._index()
        self._union_cache: dict[tuple[Any, ...], BaseGeometry] = {}
        frame.attrs["dropped"] = 0 if dropped is None else len(dropped)

    def _index(self) -> None:
        frame = self._frame
        dates = frame["date"].to_numpy().astype("datetime64[ns]").view("int64")
        sources = frame["source"].to_numpy().astype(str)
        self._dates = pd.DatetimeIndex(np.unique(dates).astype("datetime64[ns]"), name="date")
        self._sources = sorted(set(sources.tolist()))
        present = set(frame["status"].tolist())
        self._statuses = [s for s in STATUSES if s in present]
        # (source, date) -> slice of rows; rows are sorted by date, source, status
        self._blocks: dict[tuple[str, int], slice] = {}
        self._source_days: dict[str, np.ndarray] = {}
        n = len(frame)
        if n:
            change = np.flatnonzero((np.diff(dates) != 0) | (sources[1:] != sources[:-1])) + 1
            starts = np.concatenate([[0], change])
            stops = np.concatenate([change, [n]])
            per_source: dict[str, list[int]] = {}
            for a, b in zip(starts.tolist(), stops.tolist(), strict=True):
                key = (str(sources[a]), int(dates[a]))
                self._blocks[key] = slice(a, b)
                per_source.setdefault(key[0], []).append(key[1])
            self._source_days = {k: np.asarray(v, dtype="int64") for k, v in per_source.items()}

    # -- basic properties ------------------------------------------------------------------

    @property
    def frame(self) -> gpd.GeoDataFrame:
        """The underlying GeoDataFrame (not a copy: do not mutate it)."""
        return self._frame

    @property
    def dates(self) -> pd.DatetimeIndex:
        """The days present, sorted and unique (gaps are gaps, not zeros)."""
        return self._dates

    @property
    def sources(self) -> list[str]:
        """The sources present, sorted."""
        return list(self._sources)

    @property
    def statuses(self) -> list[str]:
        """The statuses present, in :data:`STATUSES` order."""
        return list(self._statuses)

    @property
    def start(self) -> pd.Timestamp:
        """The first day."""
        return self._dates[0]

    @property
    def end(self) -> pd.Timestamp:
        """The last day."""
        return self._dates[-1]

    @property
    def markers(self) -> gpd.GeoDataFrame:
        """Point markers published with the areas (empty when the source has none)."""
        if self._markers is None:
            return _empty_frame(("key", "name"))[["date", "source", "key", "name", "geometry"]]
        return self._markers

    @property
    def dropped(self) -> gpd.GeoDataFrame:
        """What the reader dropped (e.g. polygons outside Ukraine) and why; may be empty."""
        if self._dropped is None:
            return _empty_frame(("file", "name", "key", "reason"))
        return self._dropped

    def __len__(self) -> int:
        return len(self._dates)

    def __repr__(self) -> str:
        n = len(self)
        days = f"{n} day" + ("" if n == 1 else "s")
        span = f"{self.start:%Y-%m-%d} to {self.end:%Y-%m-%d}" if n else "empty"
        dropped = f", {len(self._dropped)} dropped" if self._dropped is not None else ""
        if self._dropped is not None and len(self._dropped) == 0:
            dropped = ""
        return (
            f"<ControlHistory {', '.join(self._sources)}: {days}, {span}, "
            f"statuses: {', '.join(self._statuses)}{dropped}>"
        )

    # -- queries ---------------------------------------------------------------------------

    def _pick_sources(self, source: str | None) -> list[str]:
        if source is None:
            return self._sources
        if source not in self._sources:
            raise LookupError(
                f"source {source!r} is not in this history; it holds {', '.join(self._sources)}"
            )
        return [source]

    def pick_source(self, source: str | None = None) -> str:
        """The one source a per-source computation should use.

        ``source`` if the history holds it; with ``source=None``, the history's only source.
        Raises ``LookupError`` for a source the history does not hold and ``ValueError`` when
        the history holds several and none was chosen (their areas are not comparable).

        Examples
        --------
        >>> from frontline.io.deepstate import example_control
        >>> example_control().pick_source()
        'DeepStateMap'
        """
        chosen = self._pick_sources(source)
        if len(chosen) > 1:
            raise ValueError(
                f"this history holds several sources ({', '.join(chosen)}); pass source= to "
                "choose one (their areas are not comparable)"
            )
        return chosen[0]

    def _check_range(self, when: pd.Timestamp) -> None:
        if when < self.start or when > self.end:
            raise DateOutOfRangeError(
                f"{when:%Y-%m-%d} is outside this history ({self.start:%Y-%m-%d} to "
                f"{self.end:%Y-%m-%d}); read more days or pick a date in range"
            )

    def _snapshot(self, source: str, when: pd.Timestamp, strict: bool) -> pd.Timestamp | None:
        days = self._source_days[source]
        i = int(np.searchsorted(days, when.value, side="right")) - 1
        if i < 0:
            return None
        snap = pd.Timestamp(days[i])
        if strict and snap != when:
            raise MissingDayError(
                f"{source} has no snapshot on {when:%Y-%m-%d} (the latest earlier one is "
                f"{snap:%Y-%m-%d}); use strict=False to carry it forward"
            )
        return snap

    def as_of(
        self,
        date: Any,
        *,
        strict: bool = False,
        status: str | Iterable[str] | None = None,
        source: str | None = None,
    ) -> gpd.GeoDataFrame:
        """The rows in force on a day: each source's latest snapshot on or before ``date``.

        Parameters
        ----------
        date : str, datetime.date or Timestamp
            The day asked about.
        strict : bool, default False
            Raise :class:`MissingDayError` when a source has no snapshot on that very day
            instead of carrying the last earlier one forward.
        status : str or iterable of str, optional
            Keep only these statuses.
        source : str, optional
            Keep only this source (default: every source in the history).

        Returns
        -------
        geopandas.GeoDataFrame
            The rows with extra columns ``snapshot_date`` and ``carried_forward`` (True when the
            snapshot is older than ``date``); ``.attrs`` carry ``source``, ``snapshot_date``,
            ``requested_date``, ``carried_forward`` (for several sources: the sources joined
            with ", ", the oldest snapshot and whether any is carried forward).

        Raises
        ------
        DateOutOfRangeError
            ``date`` is before the first or after the last day of the history.

        Examples
        --------
        >>> import frontline as fl
        >>> day = fl.example_control().as_of("2025-06-08")
        >>> day.attrs["snapshot_date"], day.attrs["carried_forward"]
        (Timestamp('2025-06-08 00:00:00'), False)
        """
        when = _to_day(date)
        self._check_range(when)
        wanted = check_statuses(status)
        pieces: list[tuple[slice, pd.Timestamp]] = []
        for src in self._pick_sources(source):
            snap = self._snapshot(src, when, strict)
            if snap is not None:
                pieces.append((self._blocks[(src, snap.value)], snap))
        if pieces:
            rows = np.concatenate([np.arange(s.start, s.stop) for s, _ in pieces])
            snaps = np.concatenate(
                [np.full(s.stop - s.start, snap.value, dtype="int64") for s, snap in pieces]
            )
            out = self._frame.iloc[rows].copy()
        else:
            out = self._frame.iloc[:0].copy()
            snaps = np.empty(0, dtype="int64")
        out["snapshot_date"] = snaps.astype("datetime64[ns]")
        out["carried_forward"] = out["snapshot_date"].to_numpy() != np.datetime64(when, "ns")
        if wanted is not None:
            out = out[out["status"].isin(wanted).to_numpy()]
        out = out.reset_index(drop=True)
        snap_dates = [snap for _, snap in pieces]
        out.attrs = {
            "source": ", ".join(sorted({self._frame["source"].iat[s.start] for s, _ in pieces}))
            or ", ".join(self._pick_sources(source)),
            "snapshot_date": min(snap_dates) if snap_dates else pd.NaT,
            "requested_date": when,
            "carried_forward": any(s != when for s in snap_dates) if snap_dates else True,
        }
        return out

    def geometry_on(
        self,
        date: Any,
        *,
        statuses: str | Iterable[str] = OCCUPIED,
        strict: bool = False,
        source: str | None = None,
    ) -> BaseGeometry:
        """The union of some statuses on a day (default: all Russian-held ground).

        Parameters
        ----------
        date : date-like
            The day (the last earlier snapshot is used on a missing day unless ``strict``).
        statuses : str or iterable of str, default ("occupied", "occupied_before_2022")
        strict : bool, default False
            Raise :class:`MissingDayError` on a day without a snapshot.
        source : str, optional
            Needed when the history holds several sources.

        Returns
        -------
        shapely geometry
            A valid Polygon or MultiPolygon in EPSG:4326 (an empty Polygon if none).

        Examples
        --------
        >>> import frontline as fl
        >>> from frontline.geodesy import area_km2
        >>> round(area_km2(fl.example_control().geometry_on("2025-06-08")), -2)
        113300.0
        """
        when = _to_day(date)
        self._check_range(when)
        wanted = check_statuses(statuses) or ()
        src = self.pick_source(source)
        snap = self._snapshot(src, when, strict)
        if snap is None:
            return shapely.Polygon()
        return self._union_on(src, snap, wanted)

    def _union_on(self, src: str, snap: pd.Timestamp, wanted: tuple[str, ...]) -> BaseGeometry:
        key = (src, snap.value, tuple(sorted(wanted)))
        hit = self._union_cache.get(key)
        if hit is not None:
            return hit
        block = self._blocks[(src, snap.value)]
        statuses = self._frame["status"].to_numpy()[block]
        geoms = self._frame.geometry.to_numpy()[block][np.isin(statuses, wanted)]
        if len(geoms) == 0:
            result: BaseGeometry = shapely.Polygon()
        elif len(geoms) == 1:
            result = geoms[0]
        else:
            result = union_polygons(geoms)
        if len(self._union_cache) > 4096:
            self._union_cache.clear()
        self._union_cache[key] = result
        return result

    def changes(
        self,
        start: Any,
        end: Any,
        *,
        statuses: str | Iterable[str] = OCCUPIED,
        source: str | None = None,
    ) -> gpd.GeoDataFrame:
        """Ground gained and lost between two days, with geodesic areas.

        "gained" is what the chosen statuses cover on ``end`` but not on ``start`` (for the
        default statuses: ground Russia took), "lost" the reverse.

        Parameters
        ----------
        start, end : date-like
            The two days (missing days carry the last earlier snapshot forward).
        statuses : str or iterable of str, default ("occupied", "occupied_before_2022")
        source : str, optional
            Needed when the history holds several sources.

        Returns
        -------
        geopandas.GeoDataFrame
            Two rows, ``change`` "gained" and "lost", with ``km2`` (geodesic, WGS84) and
            ``geometry`` (possibly empty). ``.attrs``: source, statuses, start/end requested
            and snapshot dates, carried_forward, net_km2, method.

        Examples
        --------
        >>> import frontline as fl
        >>> fl.example_control().changes("2025-06-08", "2025-06-08")[["change", "km2"]]
           change  km2
        0  gained  0.0
        1    lost  0.0
        """
        t0, t1 = _to_day(start, "start"), _to_day(end, "end")
        if t1 < t0:
            raise ValueError(f"end {t1:%Y-%m-%d} is before start {t0:%Y-%m-%d}; swap them")
        self._check_range(t0)
        self._check_range(t1)
        wanted = check_statuses(statuses) or ()
        src = self.pick_source(source)
        s0, s1 = self._snapshot(src, t0, False), self._snapshot(src, t1, False)
        a = self._union_on(src, s0, wanted) if s0 is not None else shapely.Polygon()
        b = self._union_on(src, s1, wanted) if s1 is not None else shapely.Polygon()
        if s0 == s1 or a.equals_exact(b, 0.0):
            gained, lost = shapely.Polygon(), shapely.Polygon()
        else:
            gained = _polygonal(shapely.difference(b, a))
            lost = _polygonal(shapely.difference(a, b))
        km2 = geodesy.areas_km2([gained, lost])
        out = gpd.GeoDataFrame(
            {"change": ["gained", "lost"], "km2": km2},
            geometry=gpd.GeoSeries([gained, lost], crs=4326),
            crs=4326,
        )
        out.attrs = {
            "source": src,
            "statuses": wanted,
            "start_requested": t0,
            "end_requested": t1,
            "start_snapshot": s0 if s0 is not None else pd.NaT,
            "end_snapshot": s1 if s1 is not None else pd.NaT,
            "carried_forward": bool(s0 != t0 or s1 != t1),
            "net_km2": float(km2[0] - km2[1]),
            "method": geodesy.METHOD,
        }
        return out

    def between(self, start: Any = None, end: Any = None) -> ControlHistory:
        """A smaller history: the days from ``start`` to ``end`` inclusive (None = open).

        When a source has no snapshot on ``start`` itself, its last snapshot before ``start``
        is kept too, so that ``between(start, end).as_of(start)`` gives the same answer as
        ``as_of(start)`` on the whole history (that snapshot, carried forward and flagged as
        such). The smaller history may therefore begin before ``start``: its ``start`` is the
        first snapshot it holds. Markers and dropped features follow the days kept.

        Raises
        ------
        DateOutOfRangeError
            No day of the history falls in the range, and no earlier snapshot is in force on
            ``start`` (the range lies wholly before or after the history).

        Examples
        --------
        >>> import frontline as fl
        >>> len(fl.example_control().between("2025-06-01", "2025-06-30"))
        1
        """
        t0 = _to_day(start, "start") if start is not None else self.start
        t1 = _to_day(end, "end") if end is not None else self.end
        if t1 < t0:
            raise ValueError(f"end {t1:%Y-%m-%d} is before start {t0:%Y-%m-%d}; swap them")
        # per source, the snapshot in force on t0 when t0 itself is missing (carried forward)
        carried: dict[str, int] = {}
        if self.start <= t0 <= self.end:
            for src in self._sources:
                snap = self._snapshot(src, t0, strict=False)
                if snap is not None and snap != t0:
                    carried[src] = snap.value

        def kept(frame: gpd.GeoDataFrame) -> np.ndarray:
            d = frame["date"]
            keep = ((d >= t0) & (d <= t1)).to_numpy()
            if carried and "source" in frame.columns:
                days = d.to_numpy().astype("datetime64[ns]").view("int64")
                sources = frame["source"].to_numpy()
                for src, day in carried.items():
                    keep = keep | ((sources == src) & (days == day))
            return keep

        keep = kept(self._frame)
        if not keep.any():
            raise DateOutOfRangeError(
                f"no day of this history ({self.start:%Y-%m-%d} to {self.end:%Y-%m-%d}) falls "
                f"between {t0:%Y-%m-%d} and {t1:%Y-%m-%d}"
            )

        def cut(extra: gpd.GeoDataFrame | None) -> gpd.GeoDataFrame | None:
            if extra is None or "date" not in extra.columns:
                return extra
            return extra[kept(extra)].reset_index(drop=True)

        return ControlHistory(
            self._frame[keep].reset_index(drop=True),
            validate=False,
            markers=cut(self._markers),
            dropped=cut(self._dropped),
        )

    def distinct(
        self,
        *,
        statuses: str | Iterable[str] = OCCUPIED,
        source: str | None = None,
    ) -> tuple[pd.Series, list[BaseGeometry]]:
        """Group days whose geometry is unchanged, so heavy work runs once per group.

        Identity is exact: two days share a group when the union of ``statuses`` has the same
        WKB bytes.

        Returns
        -------
        (pandas.Series, list of shapely geometries)
            A Series indexed by the days (``dates`` of that source) whose values are group ids
            (0, 1, ... in order of first appearance), and the geometry of each group.

        Examples
        --------
        >>> import frontline as fl
        >>> groups, geoms = fl.example_control().distinct()
        >>> groups.tolist(), len(geoms)
        ([0], 1)
        """
        wanted = check_statuses(statuses) or ()
        src = self.pick_source(source)
        days = self._source_days[src]
        ids: dict[bytes, int] = {}
        geoms: list[BaseGeometry] = []
        groups = np.empty(len(days), dtype="int64")
        for i, day in enumerate(days.tolist()):
            geom = self._union_on(src, pd.Timestamp(day), wanted)
            wkb = shapely.to_wkb(geom)
            gid = ids.get(wkb)
            if gid is None:
                gid = ids[wkb] = len(geoms)
                geoms.append(geom)
            groups[i] = gid
        index = pd.DatetimeIndex(days.astype("datetime64[ns]"), name="date")
        return pd.Series(groups, index=index, name="group"), geoms

    # -- construction ----------------------------------------------------------------------

    @classmethod
    def from_features(
        cls,
        features: gpd.GeoDataFrame,
        *,
        date: Any = None,
        source: str | None = None,
        keep: Sequence[str] = (),
    ) -> ControlHistory:
        """Build a history from one row per area: areas of a (date, source, status) unioned.

        Parameters
        ----------
        features : geopandas.GeoDataFrame
            Columns ``status`` and ``geometry`` (polygons in any CRS with a CRS set), plus
            ``date`` and ``source`` unless given as keywords.
        date : date-like, optional
            The day every row describes (overrides a ``date`` column).
        source : str, optional
            The source of every row (overrides a ``source`` column).
        keep : sequence of str
            Extra columns to carry (first value per group).

        Examples
        --------
        >>> import geopandas as gpd
        >>> from shapely.geometry import box
        >>> f = gpd.GeoDataFrame({"status": ["occupied", "occupied"]},
        ...                      geometry=[box(37, 47, 38, 48), box(38, 47, 39, 48)], crs=4326)
        >>> h = ControlHistory.from_features(f, date="2025-06-08", source="test")
        >>> h.frame[["date", "source", "status"]]
                date source    status
        0 2025-06-08   test  occupied
        >>> h.frame.geometry.iloc[0].bounds
        (37.0, 47.0, 39.0, 48.0)
        """
        if not isinstance(features, gpd.GeoDataFrame):
            raise TypeError(f"features must be a GeoDataFrame, got {type(features).__name__}")
        if features.crs is None:
            raise ControlValidationError(["field 'geometry': no CRS; set it with gdf.set_crs()"])
        f = features.to_crs(4326) if features.crs.to_epsg() != 4326 else features
        f = f.copy()
        if date is not None:
            f["date"] = _to_day(date)
        if source is not None:
            f["source"] = source
        problems = [f"missing column {c!r}" for c in ("date", "source", "status") if c not in f]
        if problems:
            raise ControlValidationError(problems)
        f["date"] = pd.to_datetime(f["date"], errors="coerce")
        bad = [s for s in pd.unique(f["status"]) if s not in STATUSES]
        if bad:
            raise ControlValidationError(
                [f"field 'status': value {s!r} is not one of {', '.join(STATUSES)}" for s in bad]
            )
        geoms = f.geometry.to_numpy()
        rows = []
        for (day, src, status), idx in f.groupby(
            ["date", "source", "status"], sort=True, dropna=False
        ).indices.items():
            parts = shapely.get_parts(geoms[idx])
            parts = parts[np.isin(shapely.get_type_id(parts), (3, 6))]
            geom = union_polygons(parts)
            if geom.is_empty:
                continue
            row = {"date": day, "source": src, "status": status, "geometry": geom}
            for c in keep:
                row[c] = f[c].iloc[idx[0]]
            rows.append(row)
        if not rows:
            raise ControlValidationError(["no polygon areas to build a history from"])
        frame = gpd.GeoDataFrame(rows, geometry="geometry", crs=4326)
        return cls(frame)

    @classmethod
    def concat(cls, histories: Iterable[ControlHistory]) -> ControlHistory:
        """Join histories (e.g. several sources) into one; (date, source, status) must not repeat.

        Examples
        --------
        >>> import frontline as fl
        >>> h = fl.example_control()
        >>> len(ControlHistory.concat([h]))
        1
        """
        hs = list(histories)
        if not hs:
            raise ValueError("concat needs at least one ControlHistory")
        for h in hs:
            if not isinstance(h, ControlHistory):
                raise TypeError(f"concat joins ControlHistory objects, got {type(h).__name__}")

        def join(frames: list[gpd.GeoDataFrame | None]) -> gpd.GeoDataFrame | None:
            present = [f for f in frames if f is not None and len(f)]
            if not present:
                return None
            return gpd.GeoDataFrame(pd.concat(present, ignore_index=True), crs=4326)

        frame = gpd.GeoDataFrame(pd.concat([h.frame for h in hs], ignore_index=True), crs=4326)
        frame.attrs = {}
        return cls(
            frame,
            markers=join([h._markers for h in hs]),
            dropped=join([h._dropped for h in hs]),
        )
