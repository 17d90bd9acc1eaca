"""The :class:`ControlHistory`: many days of assessed control, and its queries.

The status vocabulary and the table of source labels are in :mod:`frontline.control`.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from frontline import geodesy
from frontline._dates import parse_day
from frontline._errors import DateOutOfRangeError, MissingDayError
from frontline._statuses import OCCUPIED, STATUSES, check_statuses
from frontline.control._build import block_index, features_frame, join_frames
from frontline.control._geometry import empty_frame, polygonal, union_polygons
from frontline.control._validate import validate as validate_frame

__all__ = ["ControlHistory"]

_STATUS_ORDER = {s: i for i, s in enumerate(STATUSES)}


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
            frame = validate_frame(frame)
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
        index = block_index(frame)
        self._dates, self._sources, self._statuses = index.dates, index.sources, index.statuses
        self._blocks, self._source_days = index.blocks, index.source_days
        self._union_cache: dict[tuple[Any, ...], BaseGeometry] = {}
        frame.attrs["dropped"] = 0 if dropped is None else len(dropped)

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
            return empty_frame(("key", "name"))[["date", "source", "key", "name", "geometry"]]
        return self._markers

    @property
    def dropped(self) -> gpd.GeoDataFrame:
        """What the reader dropped (e.g. polygons outside Ukraine) and why; may be empty."""
        if self._dropped is None:
            return empty_frame(("file", "name", "key", "reason"))
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
        statuses: str | Iterable[str] | None = None,
        source: str | None = None,
        status: str | Iterable[str] | None = None,
    ) -> gpd.GeoDataFrame:
        """The rows in force on a day: each source's latest snapshot on or before ``date``.

        Parameters
        ----------
        date : str, datetime.date or Timestamp
            The day asked about.
        strict : bool, default False
            Raise :class:`MissingDayError` when a source has no snapshot on that very day
            instead of carrying the last earlier one forward.
        statuses : str or iterable of str, optional
            Keep only these statuses (default: every status, unlike :meth:`geometry_on`, whose
            default is the Russian-held ground).
        source : str, optional
            Keep only this source (default: every source in the history).
        status : str or iterable of str, optional
            The former name of ``statuses``; still accepted with a ``FutureWarning``.

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
        if status is not None:
            if statuses is not None:
                raise TypeError("as_of takes statuses= (or the older status=), not both")
            warnings.warn(
                "as_of(status=...) is now as_of(statuses=...), like geometry_on and changes; "
                "status= will be removed in a later release",
                FutureWarning,
                stacklevel=2,
            )
            statuses = status
        when = parse_day(date)
        self._check_range(when)
        wanted = check_statuses(statuses)
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
        when = parse_day(date)
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
        t0, t1 = parse_day(start, "start"), parse_day(end, "end")
        if t1 < t0:
            raise ValueError(f"end {t1:%Y-%m-%d} is before start {t0:%Y-%m-%d}; swap them")
        self._check_range(t0)
        self._check_range(t1)
        wanted = check_statuses(statuses) or ()
        src = self.pick_source(source)
        s0, s1 = self._snapshot(src, t0, False), self._snapshot(src, t1, False)
        a = self._union_on(src, s0, wanted) if s0 is not None else shapely.Polygon()
        b = self._union_on(src, s1, wanted) if s1 is not None else shapely.Polygon()
        gained: BaseGeometry
        lost: BaseGeometry
        if s0 == s1 or a.equals_exact(b, 0.0):
            gained, lost = shapely.Polygon(), shapely.Polygon()
        else:
            gained = polygonal(shapely.difference(b, a))
            lost = polygonal(shapely.difference(a, b))
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
        t0 = parse_day(start, "start") if start is not None else self.start
        t1 = parse_day(end, "end") if end is not None else self.end
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
        return cls(features_frame(features, date=date, source=source, keep=keep))

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

        frame = gpd.GeoDataFrame(pd.concat([h.frame for h in hs], ignore_index=True), crs=4326)
        frame.attrs = {}
        return cls(
            frame,
            markers=join_frames([h._markers for h in hs]),
            dropped=join_frames([h._dropped for h in hs]),
        )
