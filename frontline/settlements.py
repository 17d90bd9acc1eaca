"""Who held each place on each day: the settlement control table.

The question analysts ask most is "when did X fall?", for one village or for every village along
a direction. :func:`settlement_control` answers it for every place of the gazetteer (or any
points or polygons a user brings) over a whole :class:`~frontline.control.ControlHistory`, as a
tidy long table with one row per (place, day); :func:`control_changes` condenses it to one row
per place (whether it was already occupied when the record began, when it was first occupied,
when it was last held, how often it changed hands);
:func:`settlement_control_wide` pivots it to places x days.

Status of a place on a day
--------------------------
A place takes the status of the area that contains it on that day, from the statuses asked for
(by default, in this order of precedence):

=========================  ============================================================
status                     meaning
=========================  ============================================================
``occupied_before_2022``   inside ground held by Russia or its proxies before 24 Feb 2022
``occupied``               inside ground the source assesses as occupied (the DeepState
                           daily mirror reports all occupied ground, Crimea included, here)
``contested``              inside the source's grey zone (status unknown or contested)
``liberated``              inside ground the source marks as retaken by Ukraine
``held``                   inside none of those areas: held by Ukraine as far as the source
                           shows (the source draws no area over it)
=========================  ============================================================

Where the areas of two statuses overlap, the one listed first in ``statuses`` wins. Russian-held
means ``occupied`` or ``occupied_before_2022``; Ukrainian-held means ``held`` or ``liberated``;
``contested`` is neither.

Edges and tolerance
-------------------
A village is a point (GeoNames' coordinates of its centre). With ``tolerance_m=0`` a point on the
edge of an area counts as inside it (``covers``, not ``contains``). A positive ``tolerance_m``
grows every area by that many geodesic metres: a place within ``tolerance_m`` of an area takes
that area's status, so a village whose centre is 300 m from the occupied area counts as occupied
with ``tolerance_m=500`` (useful because built-up areas stretch a kilometre or more around the
point). Distances are measured in a conformal (Lambert conformal conic) projection fitted to
Ukraine and divided by the projection's scale factor at each place, which matches the geodesic
distance on the WGS84 ellipsoid (:mod:`frontline.geodesy`) to well under a metre at these ranges.

Scale
-----
Work is done once per *distinct* geometry (days whose areas did not change reuse the result,
identity by exact WKB bytes) with a shapely 2 STRtree over all places at once. Days are streamed
in chunks of ``chunk_days``; the table is built at the end from one byte per (place, day), and
no geometry is ever repeated per place. In memory the table takes about 17 bytes a row (about
70 MB for 5,500 places x 769 days); as Parquet, about 2 MB.

On a cluster (dask)
-------------------
``engine="dask"`` runs the same kernel with dask-geopandas on dask.distributed and returns the
same table, bit for bit. The history is partitioned by date range (one partition per
``chunk_days`` days) and the partitions are scattered over the workers; the places are
broadcast (one copy per worker). So the days scale across workers, while each worker needs
memory for all places plus one partition, and the client gathers one byte per (place, day).
To use a running cluster, give its scheduler's address (or a ``distributed.Client``)::

    t = fl.settlement_control(h, engine="dask", scheduler="tcp://10.0.0.5:8786")

Every worker needs the same version of frontline-maps installed
(``pip install 'frontline-maps[dask]'``). Without ``client=`` or ``scheduler=`` the client
already active in the process is used, else dask's local threaded scheduler.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely
from shapely.geometry.base import BaseGeometry

from frontline.control import STATUSES, ControlHistory

if TYPE_CHECKING:  # pragma: no cover
    from distributed import Client

__all__ = [
    "CHANGES_COLUMNS",
    "DEFAULT_STATUSES",
    "HELD",
    "OUTSIDE_MARGIN_KM",
    "RUSSIAN_HELD",
    "TABLE_COLUMNS",
    "UKRAINIAN_HELD",
    "InvalidPlacesError",
    "control_changes",
    "settlement_control",
    "settlement_control_wide",
]

#: The status of a place inside none of the areas asked about: held by Ukraine on the map.
HELD = "held"

#: The statuses looked at by default, in order of precedence where areas overlap.
DEFAULT_STATUSES: tuple[str, ...] = ("occupied_before_2022", "occupied", "contested", "liberated")

#: Statuses that mean a place is held by Russia (for :func:`control_changes`).
RUSSIAN_HELD: tuple[str, ...] = ("occupied", "occupied_before_2022")

#: Statuses that mean a place is held by Ukraine (for :func:`control_changes`).
UKRAINIAN_HELD: tuple[str, ...] = (HELD, "liberated")

#: Places more than this far (km, geodesic) outside Ukraine's outline are rejected. The margin
#: absorbs the generalised coastline and border of the shipped outline (GeoNames' coastal and
#: border villages lie up to about 2 km outside it).
OUTSIDE_MARGIN_KM = 5.0

#: Columns of the tidy table, in order.
TABLE_COLUMNS: tuple[str, ...] = ("place_id", "name", "region", "date", "status", "carried_forward")

#: Columns of :func:`control_changes`, in order.
CHANGES_COLUMNS: tuple[str, ...] = (
    "place_id",
    "name",
    "region",
    "occupied_at_start",
    "first_occupied",
    "last_held",
    "changes",
    "status_now",
)

_POLYGON_RULES = ("representative_point", "any_part")
_ENGINES = ("local", "dask")
_MAX_SHOWN = 12
_DASK_HINT = "pip install 'frontline-maps[dask]'"

# A Lambert conformal conic projection fitted to Ukraine (44-53 N, 22-41 E). Being conformal, its
# local scale factor k is the same in every direction, so a short geodesic distance d around a
# place is d * k in projected metres.
_LCC = (
    "+proj=lcc +lat_1=45.5 +lat_2=51.5 +lat_0=48.5 +lon_0=31.5 +x_0=0 +y_0=0 "
    "+ellps=WGS84 +units=m +no_defs"
)


class InvalidPlacesError(ValueError):
    """Places that cannot be looked up; ``.problems`` lists every (row, field, value, problem)."""

    def __init__(self, problems: Sequence[tuple[Any, str, str, str]]):
        self.problems = list(problems)
        lines = [
            f"row {row!r} field {field!r} value {value}: {problem}"
            for row, field, value, problem in self.problems[:_MAX_SHOWN]
        ]
        more = len(self.problems) - _MAX_SHOWN
        tail = f"\n  ... and {more} more (see .problems)" if more > 0 else ""
        super().__init__(
            f"{len(self.problems)} problem(s) with the places, nothing computed:\n  - "
            + "\n  - ".join(lines)
            + tail
        )


# --------------------------------------------------------------------------------------------
# projection helpers (distances in metres)
# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _lcc() -> tuple[pyproj.Transformer, pyproj.Proj]:
    crs = pyproj.CRS.from_proj4(_LCC)
    return pyproj.Transformer.from_crs(4326, crs, always_xy=True), pyproj.Proj(crs)


def _project(geoms: Any) -> Any:
    """Lon/lat geometries (one or an array) into the conformal projection (metres)."""
    fwd, _ = _lcc()
    return shapely.transform(geoms, lambda xy: np.column_stack(fwd.transform(xy[:, 0], xy[:, 1])))


def _scale(points: np.ndarray) -> np.ndarray:
    """The projection's scale factor at lon/lat points (projected m per geodesic m)."""
    _, proj = _lcc()
    xy = shapely.get_coordinates(points)
    return np.asarray(proj.get_factors(xy[:, 0], xy[:, 1]).meridional_scale, dtype=float)


def _metres_outside(geoms: np.ndarray) -> np.ndarray:
    """Geodesic metres from each geometry to Ukraine's outline (0 where they intersect)."""
    out = np.zeros(len(geoms), dtype=float)
    away = ~shapely.intersects(_outline(), geoms)
    if away.any():
        k = _scale(shapely.point_on_surface(geoms[away]))
        out[away] = shapely.distance(_project_outline(), _project(geoms[away])) / k
    return out


@lru_cache(maxsize=1)
def _outline() -> BaseGeometry:
    from frontline.regions import ukraine_outline

    geom = ukraine_outline()
    shapely.prepare(geom)
    return geom


@lru_cache(maxsize=1)
def _project_outline() -> BaseGeometry:
    geom = _project(_outline())
    shapely.prepare(geom)
    return geom


# --------------------------------------------------------------------------------------------
# the kernel: which places lie in an area, for every area of a chunk of days
# --------------------------------------------------------------------------------------------


class _Matcher:
    """The places to test, with their spatial indexes; pickles as plain arrays (for dask)."""

    def __init__(self, geoms: np.ndarray, tolerance_m: float) -> None:
        self.geoms = np.asarray(geoms, dtype=object)
        self.tolerance_m = float(tolerance_m)
        if self.tolerance_m > 0:
            self.projected = _project(self.geoms)
            self.limit = self.tolerance_m * _scale(shapely.point_on_surface(self.geoms))
        else:
            self.projected = None
            self.limit = None
        self._build()

    def _build(self) -> None:
        self._tree = shapely.STRtree(self.geoms)
        self._ptree = None if self.projected is None else shapely.STRtree(self.projected)

    def __getstate__(self) -> dict[str, Any]:
        return {
            "geoms": shapely.to_wkb(self.geoms),
            "tolerance_m": self.tolerance_m,
            "projected": None if self.projected is None else shapely.to_wkb(self.projected),
            "limit": self.limit,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.geoms = shapely.from_wkb(state["geoms"])
        self.tolerance_m = state["tolerance_m"]
        self.projected = (
            None if state["projected"] is None else shapely.from_wkb(state["projected"])
        )
        self.limit = state["limit"]
        self._build()

    def __len__(self) -> int:
        return len(self.geoms)

    def members(self, area: BaseGeometry) -> np.ndarray:
        """Sorted positions of the places in (or within ``tolerance_m`` of) ``area``."""
        inside = self._tree.query(area, predicate="intersects")
        if self._ptree is not None and self.limit is not None and len(self.limit):
            area_p = _project(area)
            near = self._ptree.query(area_p, predicate="dwithin", distance=float(self.limit.max()))
            near = np.setdiff1d(near, inside, assume_unique=False)
            if len(near):
                shapely.prepare(area_p)
                ok = shapely.dwithin(area_p, self.projected[near], self.limit[near])
                inside = np.concatenate([inside, near[ok]])
        return np.unique(inside).astype(np.int32)


def _wkb_key(geom: BaseGeometry) -> bytes:
    return hashlib.blake2b(shapely.to_wkb(geom), digest_size=16).digest()


def _classify(
    day: np.ndarray,
    codes: np.ndarray,
    geoms: np.ndarray,
    n_days: int,
    matcher: _Matcher,
    held_code: int,
    cache: dict[bytes, np.ndarray],
) -> np.ndarray:
    """Status codes, one int8 per (day, place), for rows (day position, status code, area).

    Rows of one day are applied from the lowest precedence (highest code) to the highest, so the
    status listed first wins where areas overlap. ``cache`` maps WKB digests to member arrays
    and is reused across calls (days with unchanged areas cost one hash).
    """
    out = np.full((n_days, len(matcher)), held_code, dtype=np.int8)
    order = np.lexsort((-codes.astype(np.int64), day))
    for r in order.tolist():
        key = _wkb_key(geoms[r])
        members = cache.get(key)
        if members is None:
            members = cache[key] = matcher.members(geoms[r])
        out[day[r], members] = codes[r]
    return out


def _classify_partition(part: gpd.GeoDataFrame, matcher: _Matcher, held_code: int) -> pd.DataFrame:
    """The dask kernel: a partition of (date index, status_code, geometry) rows -> one row per
    day with the status codes of all places packed as bytes."""
    dates = part.index.to_numpy().astype("datetime64[ns]")
    days, day = np.unique(dates, return_inverse=True)
    codes = part["status_code"].to_numpy().astype(np.int8)
    block = _classify(
        day.astype(np.int64), codes, part.geometry.to_numpy(), len(days), matcher, held_code, {}
    )
    return pd.DataFrame(
        {
            "date": pd.Series(days, dtype="datetime64[ns]"),
            "codes": pd.Series([row.tobytes() for row in block], dtype=object),
        }
    )


# --------------------------------------------------------------------------------------------
# inputs
# --------------------------------------------------------------------------------------------


class _Places:
    """Validated places: ids, names, regions (categoricals) and the geometries to test."""

    def __init__(
        self, ids: Any, names: pd.Categorical, regions: pd.Categorical, tests: np.ndarray
    ) -> None:
        self.ids = ids
        self.names = names
        self.regions = regions
        self.tests = tests

    def __len__(self) -> int:
        return len(self.tests)


def _categorical(values: Any) -> pd.Categorical:
    """Text values as a categorical with string categories (sorted); missing values stay NA."""
    series = pd.Series(values, dtype=object)
    present = series.notna().to_numpy()
    text = np.array([str(v) for v in series.to_numpy()[present]], dtype=object)
    categories = pd.Index(sorted(set(text.tolist())), dtype="str")
    codes = np.full(len(series), -1, dtype=np.int32)
    codes[present] = categories.get_indexer(text)
    return pd.Categorical.from_codes(codes, categories=categories)


def _compact_ids(values: Any) -> Any:
    """place_id values as int32 (int64 if they do not fit) or a categorical of strings."""
    arr = np.asarray(values)
    if arr.dtype.kind in "iu":
        if len(arr) == 0 or (arr.min() >= np.iinfo(np.int32).min and arr.max() <= 2**31 - 1):
            return arr.astype(np.int32)
        return arr.astype(np.int64)
    return _categorical(arr)


def _assign_regions(points: np.ndarray) -> pd.Categorical:
    """ISO code of the region containing each point (the nearest one within the margin)."""
    from frontline.regions import load_regions

    regions = load_regions()
    polys = regions.geometry.to_numpy()
    codes = regions["code"].to_numpy().astype(str)
    found = np.full(len(points), -1, dtype=np.int64)
    hit_pt, hit_region = shapely.STRtree(polys).query(points, predicate="intersects")
    first = np.unique(hit_pt, return_index=True)[1]
    found[hit_pt[first]] = hit_region[first]
    lost = np.flatnonzero(found < 0)
    if len(lost):
        tree = shapely.STRtree(_project(polys))
        near_pt, near_region = tree.query_nearest(_project(points[lost]), all_matches=False)
        found[lost[near_pt]] = near_region
    return _categorical(codes[found])


def _prepare_places(places: Any, polygons: str) -> _Places:
    if places is None:
        from frontline.gazetteer import places as gazetteer

        gdf = gazetteer()
    else:
        gdf = places
    if not isinstance(gdf, gpd.GeoDataFrame):
        raise TypeError(
            "places must be a GeoDataFrame of points or polygons (e.g. frontline.places() or "
            f"gpd.GeoDataFrame(geometry=..., crs=4326)), got {type(gdf).__name__}"
        )
    if len(gdf) == 0:
        raise ValueError("places is empty; pass at least one place")
    if gdf.crs is None:
        raise ValueError(
            "places has no CRS; set it, e.g. places.set_crs(4326) for longitude/latitude"
        )
    if gdf.crs.to_epsg() != 4326:
        gdf = gdf.to_crs(4326)

    problems: list[tuple[Any, str, str, str]] = []
    rows = list(gdf.index)
    geoms = gdf.geometry.to_numpy()
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    type_ids = np.where(missing, -1, shapely.get_type_id(geoms))
    usable = np.isin(type_ids, (0, 3, 6))
    for i in np.flatnonzero(missing):
        problems.append((rows[i], "geometry", "None", "missing or empty geometry"))
    for i in np.flatnonzero(~missing & ~usable):
        problems.append(
            (rows[i], "geometry", geoms[i].geom_type, "not a Point, Polygon or MultiPolygon")
        )
    finite = np.ones(len(geoms), dtype=bool)
    if usable.any():
        coords, owner = shapely.get_coordinates(geoms[usable], return_index=True)
        bad_owner = np.unique(owner[~np.isfinite(coords).all(axis=1)])
        finite[np.flatnonzero(usable)[bad_owner]] = False
    for i in np.flatnonzero(usable & ~finite):
        problems.append((rows[i], "geometry", geoms[i].wkt[:60], "coordinates are not finite"))
    usable &= finite
    is_poly = usable & (type_ids != 0)
    invalid = is_poly & ~shapely.is_valid(np.where(is_poly, geoms, None))
    for i in np.flatnonzero(invalid):
        problems.append(
            (
                rows[i],
                "geometry",
                geoms[i].wkt[:60] + "...",
                f"invalid polygon ({shapely.is_valid_reason(geoms[i])}); repair it with "
                "shapely.make_valid",
            )
        )
    usable &= ~invalid

    tests = np.empty(len(geoms), dtype=object)
    anchor = np.empty(len(geoms), dtype=object)
    anchor[usable] = shapely.point_on_surface(geoms[usable])
    tests[usable] = geoms[usable] if polygons == "any_part" else anchor[usable]
    if usable.any():
        metres = _metres_outside(tests[usable])
        far = np.flatnonzero(usable)[metres > OUTSIDE_MARGIN_KM * 1000.0]
        names = gdf["name"].to_numpy() if "name" in gdf.columns else None
        for i, m in zip(far.tolist(), metres[metres > OUTSIDE_MARGIN_KM * 1000.0], strict=True):
            label = f" ({names[i]!s})" if names is not None else ""
            pt = anchor[i]
            problems.append(
                (
                    rows[i],
                    "geometry",
                    f"POINT ({pt.x:.5f} {pt.y:.5f}){label}",
                    f"lies {m / 1000.0:,.1f} km outside Ukraine (more than {OUTSIDE_MARGIN_KM:g} "
                    "km beyond its border); pass only places in Ukraine",
                )
            )

    if "place_id" in gdf.columns:
        raw_ids = gdf["place_id"]
        id_field = "place_id"
    else:
        raw_ids = pd.Series(gdf.index, index=gdf.index)
        id_field = "index"
    for i in np.flatnonzero(raw_ids.isna().to_numpy()):
        problems.append((rows[i], id_field, "None", "missing place_id"))
    dup = raw_ids.duplicated(keep=False).to_numpy() & raw_ids.notna().to_numpy()
    for i in np.flatnonzero(dup):
        problems.append(
            (rows[i], id_field, repr(raw_ids.iloc[i]), "duplicate place_id; ids must be unique")
        )
    if problems:
        raise InvalidPlacesError(problems)

    names = _categorical(gdf["name"] if "name" in gdf.columns else [None] * len(gdf))
    regions = _categorical(gdf["region"]) if "region" in gdf.columns else _assign_regions(anchor)
    return _Places(_compact_ids(raw_ids.to_numpy()), names, regions, tests)


def _history_rows(
    h: Any, statuses: tuple[str, ...], source: str | None
) -> tuple[str, pd.DatetimeIndex, np.ndarray, np.ndarray, np.ndarray]:
    """(source, days, row dates, status codes, geometries) of the statuses asked for."""
    if not isinstance(h, ControlHistory):
        raise TypeError(
            "settlement_control needs a ControlHistory (e.g. frontline.read_deepstate(folder)), "
            f"got {type(h).__name__}"
        )
    frame = h.frame
    source = h.pick_source(source)
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


def _check_statuses(statuses: Any) -> tuple[str, ...]:
    if isinstance(statuses, str):
        statuses = (statuses,)
    try:
        out = tuple(statuses)
    except TypeError:
        raise ValueError(f"statuses must be a sequence of status names, got {statuses!r}") from None
    if not out:
        raise ValueError(f"statuses is empty; pass some of {', '.join(STATUSES)}")
    bad = [s for s in out if s not in STATUSES]
    if bad:
        hint = f" ({HELD!r} is what a place outside every area gets)" if HELD in bad else ""
        raise ValueError(
            f"unknown status {bad[0]!r}{hint}; use statuses from {', '.join(STATUSES)}"
        )
    if len(set(out)) != len(out):
        raise ValueError(f"statuses repeats a status: {out!r}")
    return out


# --------------------------------------------------------------------------------------------
# engines
# --------------------------------------------------------------------------------------------


def _chunks(n_days: int, chunk_days: int) -> list[tuple[int, int]]:
    return [(a, min(a + chunk_days, n_days)) for a in range(0, n_days, chunk_days)]


def _run_local(
    days: pd.DatetimeIndex,
    row_dates: np.ndarray,
    codes: np.ndarray,
    geoms: np.ndarray,
    matcher: _Matcher,
    held_code: int,
    chunk_days: int,
) -> np.ndarray:
    out = np.empty((len(days), len(matcher)), dtype=np.int8)
    day_pos = days.get_indexer(row_dates).astype(np.int64)
    cache: dict[bytes, np.ndarray] = {}
    for a, b in _chunks(len(days), chunk_days):
        lo, hi = np.searchsorted(day_pos, [a, b])
        out[a:b] = _classify(
            day_pos[lo:hi] - a, codes[lo:hi], geoms[lo:hi], b - a, matcher, held_code, cache
        )
        # keep only the areas of the chunk's last day: unchanged days run on into the next chunk
        last = {_wkb_key(g) for g in geoms[lo:hi][day_pos[lo:hi] == b - 1]}
        cache = {k: v for k, v in cache.items() if k in last}
    return out


def _run_dask(
    days: pd.DatetimeIndex,
    row_dates: np.ndarray,
    codes: np.ndarray,
    geoms: np.ndarray,
    matcher: _Matcher,
    held_code: int,
    chunk_days: int,
    client: Client | None,
    scheduler: str | None,
) -> np.ndarray:
    try:
        import dask
        import dask.dataframe as dd
        import dask_geopandas  # noqa: F401  (registers the geopandas backend for dask)
        import distributed
    except ImportError as exc:
        raise ImportError(
            f"engine='dask' needs dask-geopandas and distributed ({exc}); {_DASK_HINT}"
        ) from exc

    own = None
    if scheduler is not None:
        client = own = distributed.Client(scheduler)
    elif client is None:
        try:
            client = distributed.default_client()
        except ValueError:
            client = None  # no cluster: dask's local threaded scheduler
    try:
        parts: list[gpd.GeoDataFrame] = []
        divisions: list[pd.Timestamp] = []
        for a, b in _chunks(len(days), chunk_days):
            lo = np.searchsorted(row_dates, days.values[a], side="left")
            hi = np.searchsorted(row_dates, days.values[b - 1], side="right")
            parts.append(
                gpd.GeoDataFrame(
                    {"status_code": codes[lo:hi]},
                    geometry=geoms[lo:hi],
                    index=pd.DatetimeIndex(row_dates[lo:hi], name="date"),
                    crs=4326,
                )
            )
            divisions.append(days[a])
        divisions.append(days[-1])
        meta_in = parts[0].iloc[:0]
        meta_out = pd.DataFrame(
            {"date": pd.Series([], dtype="datetime64[ns]"), "codes": pd.Series([], dtype=object)}
        )
        tag = uuid.uuid4().hex
        if client is not None:
            futures = client.scatter(parts)
            shared: Any = client.scatter([matcher], broadcast=True)[0]
            sources: list[Any] = futures
        else:
            sources = [
                dask.delayed(p, name=f"settlements-part-{tag}-{i}") for i, p in enumerate(parts)
            ]
            shared = dask.delayed(matcher, name=f"settlements-places-{tag}")
        ddf = dd.from_delayed(sources, meta=meta_in, divisions=divisions, verify_meta=False)
        result = ddf.map_partitions(_classify_partition, shared, held_code, meta=meta_out)
        if client is not None:
            done = client.compute(result, sync=True)
        else:
            done = result.compute(scheduler="threads")
    finally:
        if own is not None:
            own.close()
    out = np.full((len(days), len(matcher)), held_code, dtype=np.int8)
    if len(done):
        pos = days.get_indexer(done["date"].to_numpy().astype("datetime64[ns]"))
        block = np.frombuffer(b"".join(done["codes"].tolist()), dtype=np.int8)
        out[pos] = block.reshape(len(done), len(matcher))
    return out


# --------------------------------------------------------------------------------------------
# public API
# --------------------------------------------------------------------------------------------


def settlement_control(
    h: ControlHistory,
    *,
    places: gpd.GeoDataFrame | None = None,
    statuses: Sequence[str] = DEFAULT_STATUSES,
    tolerance_m: float = 0.0,
    polygons: Literal["representative_point", "any_part"] = "representative_point",
    fill_gaps: bool = False,
    source: str | None = None,
    engine: Literal["local", "dask"] = "local",
    chunk_days: int = 31,
    client: Client | None = None,
    scheduler: str | None = None,
) -> pd.DataFrame:
    """Who held each place on each day: one row per (place, day).

    Parameters
    ----------
    h : ControlHistory
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
    fill_gaps : bool, default False
        False: the history's own days only (``carried_forward`` is always False). True: every
        calendar day from the first to the last day; a day the source skipped repeats the
        latest earlier day with ``carried_forward=True``.
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

    Returns
    -------
    pandas.DataFrame
        Columns ``place_id`` (int32, or int64/category for a user's ids), ``name``
        (category), ``region`` (category of ISO codes), ``date`` (datetime64[ns]), ``status``
        (category: the statuses asked for, then ``"held"``), ``carried_forward`` (bool); rows
        ordered by place (input order), then date. ``.attrs`` record the source, statuses,
        tolerance_m, polygons rule, fill_gaps and method (not the engine: both give the same
        table). Writes to Parquet as is.

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
    wanted = _check_statuses(statuses)
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

    src, days, row_dates, codes, geoms = _history_rows(h, wanted, source)
    where = _prepare_places(places, polygons)
    matcher = _Matcher(where.tests, tolerance_m)
    held_code = len(wanted)
    if engine == "local":
        block = _run_local(days, row_dates, codes, geoms, matcher, held_code, chunk_days)
    else:
        block = _run_dask(
            days, row_dates, codes, geoms, matcher, held_code, chunk_days, client, scheduler
        )

    if fill_gaps:
        calendar = pd.date_range(days[0], days[-1], freq="D", name="date")
        pos = np.searchsorted(days.values, calendar.values, side="right") - 1
        carried = days.values[pos] != calendar.values
        block = block[pos]
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
            "carried_forward": np.tile(carried, n),
        }
    )
    table.attrs = {
        "source": src,
        "statuses": list(wanted),
        "tolerance_m": float(tolerance_m),
        "polygons": polygons,
        "fill_gaps": bool(fill_gaps),
        "method": (
            "status of the area covering each place, once per distinct geometry (shapely "
            "STRtree); tolerance measured geodesically (WGS84) via a conformal projection"
            if tolerance_m
            else "status of the area covering each place (edges count as inside), once per "
            "distinct geometry (shapely STRtree)"
        ),
    }
    return table


def _check_table(t: Any, what: str) -> pd.DataFrame:
    if not isinstance(t, pd.DataFrame):
        raise TypeError(f"{what} takes the table of settlement_control, got {type(t).__name__}")
    missing = [c for c in ("place_id", "date", "status") if c not in t.columns]
    if missing:
        raise ValueError(
            f"{what}: the table lacks column(s) {', '.join(missing)}; pass the table of "
            "settlement_control"
        )
    return t


def settlement_control_wide(t: pd.DataFrame) -> pd.DataFrame:
    """The settlement table as places x days: one row per place, one column per day.

    Parameters
    ----------
    t : pandas.DataFrame
        The table of :func:`settlement_control` (or a filtered part of it).

    Returns
    -------
    pandas.DataFrame
        Index (``place_id``, ``name``, ``region``) in the table's order; columns the days
        (a DatetimeIndex named ``date``, sorted); values the status (category), missing where
        the table had no row for that place and day.

    Raises
    ------
    ValueError
        A (place, day) appears twice, or columns are missing.

    Examples
    --------
    >>> import geopandas as gpd
    >>> import frontline as fl
    >>> from shapely.geometry import Point
    >>> towns = gpd.GeoDataFrame({"name": ["Sumy"]}, geometry=[Point(34.80, 50.91)], crs=4326)
    >>> t = fl.settlement_control(fl.example_control(), places=towns)
    >>> settlement_control_wide(t)
    date                   2025-06-08
    place_id name region
    0        Sumy UA-59          held
    """
    t = _check_table(t, "settlement_control_wide")
    pid_codes, pid_uniques = pd.factorize(t["place_id"], sort=False)
    dates = t["date"].to_numpy().astype("datetime64[ns]")
    days = pd.DatetimeIndex(pd.unique(dates), name="date").sort_values()
    day_codes = days.get_indexer(dates)
    status = t["status"].astype("category") if t["status"].dtype != "category" else t["status"]
    cells = np.full((len(pid_uniques), len(days)), -1, dtype=np.int16)
    flat = pid_codes.astype(np.int64) * len(days) + day_codes
    if len(flat) and np.bincount(flat, minlength=cells.size).max() > 1:
        raise ValueError(
            "settlement_control_wide: some (place_id, date) pairs appear more than once; "
            "pass one row per place and day"
        )
    cells.ravel()[flat] = status.cat.codes.to_numpy()
    first = pd.Series(pid_codes).drop_duplicates().index.to_numpy()  # in code order
    index_cols = {"place_id": pid_uniques}
    for col in ("name", "region"):
        if col in t.columns:
            index_cols[col] = t[col].iloc[first].reset_index(drop=True)
    index = pd.MultiIndex.from_arrays(list(index_cols.values()), names=list(index_cols))
    cats = status.cat.categories
    wide = pd.DataFrame(
        {d: pd.Categorical.from_codes(cells[:, j], cats) for j, d in enumerate(days)},
        index=index,
    )
    wide.columns = days
    wide.attrs = dict(t.attrs)
    return wide


def control_changes(t: pd.DataFrame) -> pd.DataFrame:
    """One row per place: when it was first occupied, last held, and how often it changed hands.

    Only days the source published count (rows with ``carried_forward`` True are skipped), except
    for ``occupied_at_start``, which reads a place's first row whatever its flag.

    A place already Russian-held on its first day in the table (for a table of
    :func:`settlement_control`, the history's first day) fell before the record began: the day
    it fell is unknown, so its ``first_occupied`` is NaT and ``occupied_at_start`` is True. The
    first day of the record is never reported as the day a place fell.

    Parameters
    ----------
    t : pandas.DataFrame
        The table of :func:`settlement_control` (or a filtered part of it).

    Returns
    -------
    pandas.DataFrame
        Columns ``place_id``, ``name``, ``region``, ``occupied_at_start`` (bool: Russian-held,
        ``occupied`` or ``occupied_before_2022``, on its first day in the table),
        ``first_occupied`` (the first day the place was seen turning Russian-held; NaT if never,
        and NaT when ``occupied_at_start``, even if it was later retaken and lost again),
        ``last_held`` (the last day it was seen Ukrainian-held: ``held`` or ``liberated``; NaT
        if never seen held), ``changes`` (int32: times it passed between Russian- and
        Ukrainian-held; days ``contested`` in between do not count as a change of their own, so
        held, contested, occupied is one change), ``status_now`` (the status on its last day in
        the table). For a place that changed hands once, ``last_held`` and ``first_occupied``
        bracket its fall. Rows in the table's place order; ``.attrs`` adds ``as_of`` (the
        table's last day).

    Examples
    --------
    Village 7 fell between 1 and 3 June; town 8 was occupied before the record began.

    >>> import pandas as pd
    >>> t = pd.DataFrame({
    ...     "place_id": [7, 7, 7, 7, 8, 8, 8, 8], "name": "Village", "region": "UA-12",
    ...     "date": pd.to_datetime(["2025-06-01", "2025-06-02", "2025-06-03", "2025-06-04"] * 2),
    ...     "status": ["held", "contested", "occupied", "occupied"] + ["occupied"] * 4,
    ...     "carried_forward": False})
    >>> columns = ["place_id", "occupied_at_start", "first_occupied", "last_held", "changes"]
    >>> control_changes(t)[columns]
       place_id  occupied_at_start first_occupied  last_held  changes
    0         7              False     2025-06-03 2025-06-01        1
    1         8               True            NaT        NaT        0
    """
    t = _check_table(t, "control_changes")
    full = t
    if "carried_forward" in t.columns:
        t = t.loc[~t["carried_forward"].to_numpy(dtype=bool)]
    pid_codes, pid_uniques = pd.factorize(t["place_id"], sort=False)
    n = len(pid_uniques)
    # each place's status on its first row, carried forward or not
    full_codes = pd.Index(pid_uniques).get_indexer(full["place_id"])
    full_dates = full["date"].to_numpy().astype("datetime64[ns]")
    full_order = np.lexsort((full_dates, full_codes))
    full_order = full_order[full_codes[full_order] >= 0]
    fp = full_codes[full_order]
    heads = full_order[np.r_[True, fp[1:] != fp[:-1]]] if len(fp) else full_order
    occupied_at_start = np.zeros(n, dtype=bool)
    full_status = np.asarray(full["status"].astype(object).to_numpy())
    occupied_at_start[full_codes[heads]] = np.isin(full_status[heads], RUSSIAN_HELD)
    dates = t["date"].to_numpy().astype("datetime64[ns]")
    order = np.lexsort((dates, pid_codes))
    pid = pid_codes[order]
    day = dates[order]
    status = np.asarray(t["status"].astype(object).to_numpy()[order])
    side = np.full(len(status), -1, dtype=np.int8)  # -1 neither, 0 Ukrainian, 1 Russian
    side[np.isin(status, UKRAINIAN_HELD)] = 0
    side[np.isin(status, RUSSIAN_HELD)] = 1

    def first_day(mask: np.ndarray, last: bool) -> np.ndarray:
        out = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
        idx = np.flatnonzero(mask)
        if len(idx):
            sel = pid[idx]
            # rows are sorted by place then day: the last occurrence per place is the latest
            keep = np.r_[sel[1:] != sel[:-1], True] if last else np.r_[True, sel[1:] != sel[:-1]]
            out[sel[keep]] = day[idx[keep]]
        return out

    first_occupied = first_day(side == 1, last=False)
    first_occupied[occupied_at_start] = np.datetime64("NaT")  # fell before the record began
    last_held = first_day(side == 0, last=True)
    # changes: compare each decided row with the previous decided row of the same place
    decided = np.flatnonzero(side >= 0)
    dp, ds = pid[decided], side[decided]
    flips = (dp[1:] == dp[:-1]) & (ds[1:] != ds[:-1])
    changes = np.bincount(dp[1:][flips], minlength=n).astype(np.int32)
    starts = np.r_[True, pid[1:] != pid[:-1]] if len(pid) else np.zeros(0, dtype=bool)
    ends = np.r_[pid[1:] != pid[:-1], True] if len(pid) else np.zeros(0, dtype=bool)
    now = np.empty(n, dtype=object)
    now[pid[ends]] = status[ends]
    row_of = np.zeros(n, dtype=np.int64)  # a row of each place in t, for name and region
    row_of[pid[starts]] = order[starts]
    if isinstance(t["status"].dtype, pd.CategoricalDtype):
        cats = t["status"].cat.categories
    else:
        cats = pd.Index(sorted(set(now.tolist())))
    out = pd.DataFrame({"place_id": t["place_id"].iloc[row_of].to_numpy()})
    for col in ("name", "region"):
        out[col] = t[col].iloc[row_of].to_numpy() if col in t.columns else None
    out["occupied_at_start"] = occupied_at_start
    out["first_occupied"] = first_occupied
    out["last_held"] = last_held
    out["changes"] = changes
    out["status_now"] = pd.Categorical(now, categories=cats)
    for col in ("place_id", "name", "region"):
        if col in t.columns and isinstance(t[col].dtype, pd.CategoricalDtype):
            out[col] = pd.Categorical(out[col], categories=t[col].cat.categories)
    out.attrs = {**t.attrs, "as_of": pd.Timestamp(dates.max()) if len(dates) else pd.NaT}
    return out
