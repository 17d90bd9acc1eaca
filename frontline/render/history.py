"""A compact date slider over a whole control history: :func:`map_history`.

Embedding each day's area whole would make a 769-day DeepState history a 50-60 MB page. The map
instead stores each piece of area once, with the days it is valid for, and lets the
``leaflet.timeline`` plugin show the pieces valid on the slider's day:

1. Every day's area (per status) is snapped to a grid of ``precision`` degrees (GEOS
   snap-rounding, so the result stays valid; ``1e-4`` degrees is about 11 m north-south and 7 m
   east-west at 48°N, finer than the sources' own drawing).
2. The first day is cut into cells of half a degree; each cell's part is one piece.
3. From one day to the next only the difference is stored. Gains become new pieces (cut by the
   same cells). A loss closes the pieces it touches and reopens what is left of them. The
   difference itself is computed only inside windows around the boundary segments that changed,
   so a day costs little however large the area is.
4. When a cell has gathered more than 50 pieces they are merged into one, so that no day draws
   more than a few hundred shapes.

The union of the pieces valid on a day is that day's (snapped) area;
``tests/test_render_history.py`` checks it for a sample of days. For the DeepState daily mirror
(769 days, 2024-07-08 to 2026-08-22) the pieces hold about 75,000 vertices where the days hold
2.3 million; coordinates travel as integer steps on the ``precision`` grid.
``benchmarks/history_map.py`` measures the page against the one-polygon-per-day baseline.

Pieces are drawn filled and opaque, with a hairline of their own colour, in a map pane made
translucent as a whole: adjacent pieces therefore show no seams, and the pane shows the areas
at :data:`~frontline.render.palette.FILL_OPACITY`. A one-pixel CSS ``drop-shadow`` on the pane
outlines the union of the areas (the front line) without storing any line.

:func:`history_pieces` returns the pieces as a GeoDataFrame, for analysis or other renderers.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from frontline._dates import parse_day
from frontline.control import STATUSES, ControlHistory, DateOutOfRangeError
from frontline.render import palette
from frontline.render._escape import escape_html, js_literal, popup_html

if TYPE_CHECKING:  # pragma: no cover
    import folium
    import xyzservices

__all__ = ["history_pieces", "map_history"]

_DAY_MS = 86_400_000
#: cell size (degrees) used to cut areas into pieces
_CELL = 0.5
#: a cell holding more pieces than this is merged back into one piece
_MAX_PIECES = 50
#: leaflet.timeline, as folium loads it (same name, so folium's own Timeline shares the file)
_TIMELINE_JS = (
    "timeline",
    "https://cdn.jsdelivr.net/npm/leaflet.timeline@1.6.0/dist/leaflet.timeline.min.js",
)
_FILL_PANE = "frontlineHistoryFill"
#: colour of the outline drawn around the areas (seen through the pane's opacity)
_OUTLINE = "#3b1300"
_LINE_PANE = "frontlineHistoryLines"


# --- choosing the days ------------------------------------------------------------------------


def _day(value: Any, what: str) -> pd.Timestamp:
    return parse_day(value, what)


def _parse_stride(stride: Any) -> int | pd.Timedelta | None:
    if stride is None:
        return None
    if isinstance(stride, (bool, np.bool_)):
        raise ValueError(f"stride must be a whole number of snapshots or a duration, got {stride}")
    if isinstance(stride, (int, np.integer)):
        if stride < 1:
            raise ValueError(f"stride must be at least 1 snapshot, got {stride}")
        return int(stride)
    try:
        step = pd.Timedelta(stride)
    except (TypeError, ValueError):
        raise ValueError(
            f"stride={stride!r} is neither a number of snapshots (7) nor a duration ('7D')"
        ) from None
    if step < pd.Timedelta(days=1):
        raise ValueError(f"stride must be at least one day, got {stride!r}")
    return step


def _keep(snaps: np.ndarray, stride: int | pd.Timedelta | None) -> np.ndarray:
    """Indices of the snapshot days to keep (always the first and the last)."""
    n = len(snaps)
    if stride is None or n <= 1:
        return np.arange(n)
    if isinstance(stride, int):
        idx = np.arange(0, n, stride)
    else:
        step = stride.value
        keep = [0]
        for i in range(1, n):
            if snaps[i] - snaps[keep[-1]] >= step:
                keep.append(i)
        idx = np.asarray(keep)
    if idx[-1] != n - 1:
        idx = np.append(idx, n - 1)
    return idx


@dataclass
class _Plan:
    source: str
    statuses: tuple[str, ...]
    days: pd.DatetimeIndex  # the slider's days (first = start)
    snapshots: pd.DatetimeIndex  # the snapshot each day shows
    stop: pd.Timestamp  # the day after the last shown day (exclusive end)
    precision: float
    pieces: dict[str, list[tuple[BaseGeometry, int, int]]] = field(default_factory=dict)

    def day_number(self, i: int) -> int:
        """Days since 1970-01-01 of slider index ``i`` (``len(days)`` is ``stop``)."""
        ts = self.stop if i >= len(self.days) else self.days[i]
        return int(ts.value // (_DAY_MS * 1_000_000))


def _plan(
    h: ControlHistory,
    *,
    start: Any,
    end: Any,
    statuses: str | Iterable[str] | None,
    source: str | None,
    precision: float,
    stride: Any,
    max_days: int,
) -> _Plan:
    if not isinstance(h, ControlHistory):
        raise TypeError(
            f"expected a frontline.ControlHistory, got {type(h).__name__}; read one with "
            "frontline.read_deepstate(folder) or build one with ControlHistory(frame)"
        )
    if len(h) == 0:
        raise ValueError("the history is empty: there is no day to show; read some days first")
    if not isinstance(precision, (int, float)) or isinstance(precision, bool):
        raise TypeError(f"precision must be a number of degrees, got {type(precision).__name__}")
    if not math.isfinite(precision) or not (1e-7 <= precision <= 0.01):
        raise ValueError(
            f"precision={precision!r} degrees is out of range; use 1e-7 to 0.01 "
            "(1e-4 is about 11 m, 1e-5 about 1 m)"
        )
    if abs(round(1 / precision) * precision - 1) > 1e-9:
        raise ValueError(
            f"precision={precision!r} must be 1/n degrees for a whole number n (coordinates "
            "travel as whole grid steps), e.g. 1e-4, 5e-5 or 2e-5"
        )
    if not isinstance(max_days, (int, np.integer)) or isinstance(max_days, bool) or max_days < 1:
        raise ValueError(f"max_days must be a positive whole number, got {max_days!r}")
    source = h.pick_source(source)
    if statuses is None:
        wanted = tuple(s for s in h.statuses)
    else:
        wanted = (statuses,) if isinstance(statuses, str) else tuple(statuses)
        unknown = [s for s in wanted if s not in STATUSES]
        if unknown or not wanted:
            raise ValueError(
                f"unknown status {unknown[0] if unknown else None!r}; statuses must be among "
                f"{', '.join(STATUSES)}"
            )
    frame = h.frame
    rows = frame[(frame["source"] == source) & frame["status"].isin(wanted)]
    snaps_all = np.unique(frame.loc[frame["source"] == source, "date"].to_numpy()).astype(
        "datetime64[ns]"
    )
    first, last = pd.Timestamp(snaps_all[0]), pd.Timestamp(snaps_all[-1])
    t0 = first if start is None else _day(start, "start")
    t1 = last if end is None else _day(end, "end")
    for what, ts in (("start", t0), ("end", t1)):
        if ts < first or ts > last:
            raise DateOutOfRangeError(
                f"{what}={ts:%Y-%m-%d} is outside the history ({first:%Y-%m-%d} to "
                f"{last:%Y-%m-%d}); pick a day in range or read more days"
            )
    if t0 > t1:
        raise ValueError(f"start={t0:%Y-%m-%d} is after end={t1:%Y-%m-%d}; swap them")
    snap_ns = snaps_all.view("int64")
    # the snapshot in force on start, then every snapshot after it up to end
    i0 = int(np.searchsorted(snap_ns, t0.value, side="right")) - 1
    i1 = int(np.searchsorted(snap_ns, t1.value, side="right"))
    snaps = snap_ns[i0:i1]
    shown = snaps.copy()
    shown[0] = t0.value
    keep = _keep(shown, _parse_stride(stride))
    if len(keep) > max_days:
        per = math.ceil(len(keep) / max_days)
        raise ValueError(
            f"{len(keep)} days between {t0:%Y-%m-%d} and {t1:%Y-%m-%d} is too many for one slider "
            f"(max_days={max_days}): the page would be slow to build and to use. Pass "
            f"stride='{per}D' (one snapshot every {per} days) or stride={per}, a shorter "
            "start/end, or raise max_days"
        )
    days = pd.DatetimeIndex(shown[keep].astype("datetime64[ns]"))
    snapshots = pd.DatetimeIndex(snaps[keep].astype("datetime64[ns]"))
    plan = _Plan(
        source=source,
        statuses=wanted,
        days=days,
        snapshots=snapshots,
        stop=t1 + pd.Timedelta(days=1),
        precision=float(precision),
    )
    # one (date, status) -> geometry lookup, quantised once per distinct snapshot
    by_key = {
        (pd.Timestamp(d).value, s): g
        for d, s, g in zip(
            rows["date"].to_numpy(),
            rows["status"].to_numpy(),
            rows.geometry.to_numpy(),
            strict=True,
        )
    }
    wanted_snaps = snapshots.asi8
    for status in wanted:
        geoms = np.array([by_key.get((int(d), status)) for d in wanted_snaps], dtype=object)
        missing = np.array([g is None for g in geoms])
        geoms[missing] = shapely.Polygon()
        plan.pieces[status] = _decompose(_quantise(geoms, precision), precision)
    if not any(plan.pieces.values()):
        raise ValueError(
            f"no area of status {', '.join(wanted)} between {t0:%Y-%m-%d} and {t1:%Y-%m-%d}; "
            f"the history holds {', '.join(h.statuses)}"
        )
    return plan


# --- geometry ---------------------------------------------------------------------------------


def _quantise(geoms: np.ndarray, grid: float) -> np.ndarray:
    """Snap each distinct geometry object to the grid once."""
    slot: dict[int, int] = {}
    distinct: list[BaseGeometry] = []
    for g in geoms:
        if id(g) not in slot:
            slot[id(g)] = len(distinct)
            distinct.append(g)
    arr = np.empty(len(distinct), dtype=object)
    arr[:] = distinct
    snapped = [_polygonal(g, grid) for g in shapely.set_precision(arr, grid)]
    out = np.empty(len(geoms), dtype=object)
    out[:] = [snapped[slot[id(g)]] for g in geoms]
    return out


def _polygonal(geom: BaseGeometry, grid: float) -> BaseGeometry:
    """The polygons of ``geom`` (overlay results may carry stray lines and points)."""
    if geom is None or geom.is_empty:
        return shapely.Polygon()
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = shapely.get_parts(geom)
    parts = parts[np.isin(shapely.get_type_id(parts), (3, 6))]
    if len(parts) == 0:
        return shapely.Polygon()
    return shapely.union_all(parts, grid_size=grid)


def _polygons(geom: BaseGeometry, grid: float | None = None) -> list[BaseGeometry]:
    """The polygons of ``geom``; with ``grid``, without slivers thinner than half a grid step.

    Snap-rounding leaves such slivers where edges computed on different days almost meet;
    kept, they would pile up and show as hairlines.
    """
    if geom is None or geom.is_empty:
        return []
    parts = shapely.get_parts(geom)
    parts = parts[(shapely.get_type_id(parts) == 3) & (shapely.area(parts) > 0)]
    if grid is not None and len(parts):
        thick = 2 * shapely.area(parts) / shapely.length(parts) >= 0.5 * grid
        parts = parts[thick]
    return list(parts)


def _cell_of(geom: BaseGeometry) -> tuple[int, int]:
    pt = shapely.point_on_surface(geom)
    return (math.floor(pt.x / _CELL), math.floor(pt.y / _CELL))


def _cut(geom: BaseGeometry, grid: float) -> list[BaseGeometry]:
    """``geom`` cut into polygons by the cells."""
    if geom.is_empty:
        return []
    x0, y0, x1, y1 = geom.bounds
    i0, i1 = math.floor(x0 / _CELL), math.floor(x1 / _CELL)
    j0, j1 = math.floor(y0 / _CELL), math.floor(y1 / _CELL)
    if i0 == i1 and j0 == j1:
        return _polygons(geom, grid)
    ii, jj = np.meshgrid(np.arange(i0, i1 + 1), np.arange(j0, j1 + 1), indexing="ij")
    ii, jj = ii.ravel(), jj.ravel()
    boxes = shapely.box(ii * _CELL, jj * _CELL, (ii + 1) * _CELL, (jj + 1) * _CELL)
    hit = shapely.intersects(boxes, geom)
    out: list[BaseGeometry] = []
    for part in shapely.intersection(boxes[hit], geom, grid_size=grid):
        out.extend(_polygons(_polygonal(part, grid), grid))
    return out


def _segments(geom: BaseGeometry, scale: float) -> np.ndarray:
    """The boundary segments of ``geom`` as undirected integer rows (x0, y0, x1, y1)."""
    if geom.is_empty:
        return np.empty((0, 4), dtype=np.int64)
    rings = shapely.get_rings(shapely.get_parts(geom))
    coords, ring = shapely.get_coordinates(rings, return_index=True)
    ints = np.rint(coords * scale).astype(np.int64)
    same = ring[1:] == ring[:-1]
    seg = np.hstack([ints[:-1][same], ints[1:][same]])
    flip = (seg[:, 0] > seg[:, 2]) | ((seg[:, 0] == seg[:, 2]) & (seg[:, 1] > seg[:, 3]))
    seg[flip] = seg[flip][:, [2, 3, 0, 1]]
    return seg


def _merge_boxes(boxes: np.ndarray) -> np.ndarray:
    """Merge overlapping rectangles (rows x0, y0, x1, y1) until none overlap."""
    boxes = boxes.copy()
    while True:
        out = []
        used = np.zeros(len(boxes), dtype=bool)
        for i in range(len(boxes)):
            if used[i]:
                continue
            cur = boxes[i].copy()
            used[i] = True
            while True:
                hit = (
                    ~used
                    & (boxes[:, 0] <= cur[2])
                    & (boxes[:, 2] >= cur[0])
                    & (boxes[:, 1] <= cur[3])
                    & (boxes[:, 3] >= cur[1])
                )
                if not hit.any():
                    break
                sel = boxes[hit]
                used |= hit
                cur = np.array(
                    [
                        min(cur[0], sel[:, 0].min()),
                        min(cur[1], sel[:, 1].min()),
                        max(cur[2], sel[:, 2].max()),
                        max(cur[3], sel[:, 3].max()),
                    ]
                )
            out.append(cur)
        merged = np.array(out)
        if len(merged) == len(boxes):
            return merged
        boxes = merged


def _difference(a: BaseGeometry, b: BaseGeometry, grid: float) -> tuple[list, list]:
    """Polygons gained (in ``b`` not ``a``) and lost (in ``a`` not ``b``).

    Only the windows around boundary segments present in one day but not the other can differ
    (each connected part of the symmetric difference is bounded by such segments, which touch
    one another, so it lies inside one merged window). Overlay runs inside those windows only.
    """
    scale = 1.0 / grid
    both = np.vstack([_segments(a, scale), _segments(b, scale)])
    if len(both) == 0:
        return [], []
    rows = np.ascontiguousarray(both).view(np.dtype((np.void, both.dtype.itemsize * 4))).ravel()
    _, inverse, counts = np.unique(rows, return_inverse=True, return_counts=True)
    changed = both[counts[inverse.ravel()] == 1]
    if len(changed) == 0:
        return [], []
    pad = 2
    boxes = np.column_stack(
        [
            np.minimum(changed[:, 0], changed[:, 2]) - pad,
            np.minimum(changed[:, 1], changed[:, 3]) - pad,
            np.maximum(changed[:, 0], changed[:, 2]) + pad,
            np.maximum(changed[:, 1], changed[:, 3]) + pad,
        ]
    )
    gained: list[BaseGeometry] = []
    lost: list[BaseGeometry] = []
    for x0, y0, x1, y1 in (_merge_boxes(boxes) * grid).tolist():
        window = shapely.box(x0, y0, x1, y1)
        aw = _clip(a, window, grid)
        bw = _clip(b, window, grid)
        gained.extend(_polygons(_polygonal(shapely.difference(bw, aw, grid_size=grid), grid), grid))
        lost.extend(_polygons(_polygonal(shapely.difference(aw, bw, grid_size=grid), grid)))
    return gained, lost


def _clip(geom: BaseGeometry, window: BaseGeometry, grid: float) -> BaseGeometry:
    # exact overlay: GEOS clip_by_rect is faster but can return self-intersecting rings
    if geom.is_empty:
        return geom
    return _polygonal(shapely.intersection(geom, window, grid_size=grid), grid)


def _decompose(days: Sequence[BaseGeometry], grid: float) -> list[tuple[BaseGeometry, int, int]]:
    """Pieces ``(polygon, first, stop)``: valid on days ``first <= i < stop``.

    The union of the pieces valid on day ``i`` equals ``days[i]`` (all on the ``grid``).
    """
    pieces: list[tuple[BaseGeometry, int, int]] = []
    live: dict[int, tuple[BaseGeometry, int, tuple[int, int]]] = {}
    counter = iter(range(1 << 62))

    def add(poly: BaseGeometry, first: int) -> tuple[int, int]:
        cell = _cell_of(poly)
        live[next(counter)] = (poly, first, cell)
        return cell

    for poly in _cut(days[0], grid) if len(days) else []:
        add(poly, 0)
    for i in range(1, len(days)):
        a, b = days[i - 1], days[i]
        if a is b or a.equals_exact(b, 0.0):
            continue
        gained, lost = _difference(a, b, grid)
        touched: set[tuple[int, int]] = set()
        if lost:
            loss = shapely.MultiPolygon(lost) if len(lost) > 1 else lost[0]
            keys = list(live)
            geoms = np.array([live[k][0] for k in keys], dtype=object)
            hit = np.flatnonzero(shapely.intersects(geoms, loss))
            for j in hit.tolist():
                key = keys[j]
                poly, first, cell = live[key]
                rest = _polygonal(shapely.difference(poly, loss, grid_size=grid), grid)
                if rest.equals_exact(poly, 0.0):
                    continue  # touches the loss without losing area
                del live[key]
                if first < i:
                    pieces.append((poly, first, i))
                for part in _polygons(rest, grid):
                    add(part, i)
                touched.add(cell)
        for poly in gained:
            for part in _cut(poly, grid):
                touched.add(add(part, i))
        if touched:
            _compact(live, touched, i, pieces, add, grid)
    n = len(days)
    pieces.extend((poly, first, n) for poly, first, _ in live.values() if first < n)
    return pieces


def _compact(live: dict, touched: set, i: int, pieces: list, add: Any, grid: float) -> None:
    """Merge the pieces of crowded cells into one piece each."""
    by_cell: dict[tuple[int, int], list[int]] = {}
    for key, (_, _, cell) in live.items():
        if cell in touched:
            by_cell.setdefault(cell, []).append(key)
    for keys in by_cell.values():
        if len(keys) <= _MAX_PIECES:
            continue
        merged = shapely.union_all([live[k][0] for k in keys], grid_size=grid)
        for key in keys:
            poly, first, _ = live.pop(key)
            if first < i:
                pieces.append((poly, first, i))
        for part in _polygons(_polygonal(merged, grid), grid):
            add(part, i)


# --- public: the pieces -----------------------------------------------------------------------


def history_pieces(
    h: ControlHistory,
    *,
    start: Any = None,
    end: Any = None,
    statuses: str | Iterable[str] | None = None,
    source: str | None = None,
    precision: float = 1e-4,
    stride: int | str | pd.Timedelta | None = None,
    max_days: int = 3000,
) -> gpd.GeoDataFrame:
    """The pieces :func:`map_history` draws: polygons with the days they are valid for.

    The union of the pieces of a status with ``start <= day < end`` is that status's area on
    ``day`` (the latest snapshot on or before it), snapped to a grid of ``precision`` degrees.

    Parameters
    ----------
    h, start, end, statuses, source, precision, stride, max_days
        As for :func:`map_history`.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``status``, ``start`` (first day), ``end`` (the day after the last day: an
        exclusive bound), ``geometry`` (Polygon, EPSG:4326). ``.attrs`` carry ``source``,
        ``days`` (the slider's days), ``snapshots`` (the snapshot each shows), ``stop``
        (exclusive end of the last day) and ``precision``.

    Examples
    --------
    >>> import frontline as fl
    >>> from frontline.render.history import history_pieces
    >>> p = history_pieces(fl.example_control())
    >>> p.columns.tolist(), p["start"].min().date().isoformat(), p["end"].max().date().isoformat()
    (['status', 'start', 'end', 'geometry'], '2025-06-08', '2025-06-09')
    """
    plan = _plan(
        h,
        start=start,
        end=end,
        statuses=statuses,
        source=source,
        precision=precision,
        stride=stride,
        max_days=max_days,
    )
    return _pieces_frame(plan)


def _pieces_frame(plan: _Plan) -> gpd.GeoDataFrame:
    bounds = [*plan.days, plan.stop]
    rows = [
        (status, bounds[first], bounds[stop], poly)
        for status, items in plan.pieces.items()
        for poly, first, stop in items
    ]
    frame = gpd.GeoDataFrame(
        {
            "status": pd.Series([r[0] for r in rows], dtype=object),
            "start": pd.DatetimeIndex([r[1] for r in rows], dtype="datetime64[ns]"),
            "end": pd.DatetimeIndex([r[2] for r in rows], dtype="datetime64[ns]"),
        },
        geometry=np.array([r[3] for r in rows], dtype=object),
        crs="EPSG:4326",
    )
    frame.attrs.update(
        source=plan.source,
        days=plan.days,
        snapshots=plan.snapshots,
        stop=plan.stop,
        precision=plan.precision,
    )
    return frame


# --- encoding for the page --------------------------------------------------------------------


def _encode_polygons(polys: Sequence[BaseGeometry], grid: float) -> list[str]:
    """Each polygon as JSON ``[ring, ...]``; a ring is ``[x0, y0, dx1, dy1, ...]`` in grid steps.

    The closing point is left out (the page closes every ring).
    """
    if not polys:
        return []
    scale = round(1.0 / grid)
    rings, owner = shapely.get_rings(np.asarray(polys, dtype=object), return_index=True)
    coords, ring_of = shapely.get_coordinates(rings, return_index=True)
    ints = np.rint(coords * scale).astype(np.int64)
    steps = np.diff(ints, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
    first = np.r_[True, ring_of[1:] != ring_of[:-1]]
    steps[first] = ints[first]
    last = np.r_[ring_of[1:] != ring_of[:-1], True]
    keep = ~last
    flat = steps[keep]
    ring_keep = ring_of[keep]
    cuts = np.flatnonzero(np.r_[True, ring_keep[1:] != ring_keep[:-1]])
    text = [",".join(map(str, chunk.ravel().tolist())) for chunk in np.split(flat, cuts[1:])]
    out: list[list[str]] = [[] for _ in polys]
    for r, t in zip(np.unique(ring_keep).tolist(), text, strict=True):
        out[int(owner[r])].append("[" + t + "]")
    return ["[" + ",".join(rs) + "]" for rs in out]


def _encode_lines(geom: BaseGeometry, grid: float) -> str:
    """A (multi)line as JSON ``[[x0, y0, dx1, dy1, ...], ...]`` in grid steps."""
    lines = [g for g in shapely.get_parts(geom) if g.geom_type == "LineString" and not g.is_empty]
    if not lines:
        return "[]"
    scale = round(1.0 / grid)
    out = []
    for line in lines:
        ints = np.rint(shapely.get_coordinates(line) * scale).astype(np.int64)
        ints = ints[np.r_[True, np.any(np.diff(ints, axis=0) != 0, axis=1)]]
        if len(ints) < 2:
            continue
        steps = np.diff(ints, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
        out.append("[" + ",".join(map(str, steps.ravel().tolist())) + "]")
    return "[" + ",".join(out) + "]"


# --- the page ---------------------------------------------------------------------------------

_RUNTIME_JS = """
var {{ this.get_name() }} = (function () {
    var DAY = 86400000;
    var days = {{ this.days }};
    var snaps = {{ this.snaps }};
    function iso(d) { return new Date(d * DAY).toISOString().slice(0, 10); }
    function index(d) {
        var lo = 0, hi = days.length - 2;
        while (lo < hi) {
            var mid = (lo + hi + 1) >> 1;
            if (days[mid] <= d) lo = mid; else hi = mid - 1;
        }
        return lo;
    }
    function ring(a, q) {
        var x = 0, y = 0, out = [];
        for (var k = 0; k + 1 < a.length; k += 2) {
            x += a[k]; y += a[k + 1]; out.push([x / q, y / q]);
        }
        return out;
    }
    return {
        days: days,
        snapshots: snaps,
        label: function (t) {
            var d = Math.floor(t / DAY), s = snaps[index(d)];
            return s === d ? iso(d) : iso(d) + " (snapshot of " + iso(s) + ")";
        },
        interval: function (f) {
            return {start: f.properties.s * DAY, end: f.properties.e * DAY,
                    startExclusive: false, endExclusive: true};
        },
        polygons: function (rows, q) {
            var features = [];
            for (var i = 0; i < rows.length; i++) {
                var r = rows[i], rings = [];
                for (var j = 2; j < r.length; j++) {
                    var c = ring(r[j], q); c.push(c[0]); rings.push(c);
                }
                features.push({type: "Feature", properties: {s: r[0], e: r[1]},
                               geometry: {type: "Polygon", coordinates: rings}});
            }
            return {type: "FeatureCollection", features: features};
        },
        lines: function (rows, q) {
            var out = [];
            for (var i = 0; i < rows.length; i++) {
                out.push(ring(rows[i], q).map(function (p) { return [p[1], p[0]]; }));
            }
            return out;
        }
    };
})();
(function (map) {
    var fill = map.createPane({{ this.fill_pane|tojson }});
    fill.style.zIndex = 350;
    fill.style.opacity = {{ this.opacity|tojson }};
    fill.style.pointerEvents = "none";
    fill.style.filter = {{ this.outline|tojson }};
    var lines = map.createPane({{ this.line_pane|tojson }});
    lines.style.zIndex = 360;
    lines.style.pointerEvents = "none";
})({{ this._parent.get_name() }});
"""


def _macro(script: str, header: str = "", html: str = "") -> Any:
    from folium.template import Template

    parts = []
    if header:
        parts.append("{% macro header(this, kwargs) %}" + header + "{% endmacro %}")
    if html:
        parts.append("{% macro html(this, kwargs) %}" + html + "{% endmacro %}")
    parts.append("{% macro script(this, kwargs) %}" + script + "{% endmacro %}")
    return Template("\n".join(parts))


def _elements() -> dict[str, type]:
    """The folium element classes (built on first use: folium is imported lazily)."""
    global _ELEMENTS
    if _ELEMENTS:
        return _ELEMENTS
    from branca.element import MacroElement
    from folium.elements import JSCSSMixin
    from folium.map import Layer

    class Clock(MacroElement):
        _template = _macro(_RUNTIME_JS)

        def __init__(self, days: str, snaps: str, opacity: float) -> None:
            super().__init__()
            self._name = "FrontlineClock"
            self.days, self.snaps, self.opacity = days, snaps, opacity
            self.fill_pane, self.line_pane = _FILL_PANE, _LINE_PANE
            self.outline = " ".join(
                f"drop-shadow({dx}px {dy}px 0 {_OUTLINE})"
                for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1))
            )

    class Areas(JSCSSMixin, Layer):
        """One status's pieces in a leaflet.timeline layer."""

        _template = _macro(
            """
            var {{ this.get_name() }} = L.timeline(
                {{ this.clock.get_name() }}.polygons({{ this.rows }}, {{ this.scale }}),
                {
                    pane: {{ this.pane|tojson }},
                    interactive: false,
                    smoothFactor: 0.5,
                    style: {{ this.style|tojson }},
                    getInterval: {{ this.clock.get_name() }}.interval
                }
            );
            """
        )
        default_js: ClassVar[list[tuple[str, str]]] = [_TIMELINE_JS]

        def __init__(self, clock: Any, rows: str, scale: int, colour: str, name: str) -> None:
            super().__init__(name=name, overlay=True, control=True, show=True)
            self._name = "FrontlineAreas"
            self.clock, self.rows, self.scale = clock, rows, scale
            self.pane = _FILL_PANE
            self.style = {
                "stroke": True,
                "color": colour,
                "weight": 1,
                "opacity": 1,
                "fill": True,
                "fillColor": colour,
                "fillOpacity": 1,
            }

    class Claims(JSCSSMixin, Layer):
        """Claims, each shown from its date for a number of days."""

        _template = _macro(
            """
            var {{ this.get_name() }} = L.timeline({{ this.data }}, {
                getInterval: {{ this.clock.get_name() }}.interval,
                style: function (f) { return {{ this.styles }}[f.properties.st]; },
                pointToLayer: function (f, latlng) { return L.circleMarker(latlng, {radius: 7}); },
                onEachFeature: function (f, layer) {
                    layer.bindPopup(f.properties.pop, {maxWidth: 340});
                    layer.bindTooltip(f.properties.tip);
                }
            });
            """
        )
        default_js: ClassVar[list[tuple[str, str]]] = [_TIMELINE_JS]

        def __init__(self, clock: Any, data: str, styles: str, name: str) -> None:
            super().__init__(name=name, overlay=True, control=True, show=True)
            self._name = "FrontlineClaims"
            self.clock, self.data, self.styles = clock, data, styles

    class Outlines(Layer):
        """Static lines (region borders) in the line pane."""

        _template = _macro(
            """
            var {{ this.get_name() }} = L.polyline(
                {{ this.clock.get_name() }}.lines({{ this.rows }}, {{ this.scale }}),
                {pane: {{ this.pane|tojson }}, interactive: false, color: {{ this.colour|tojson }},
                 weight: 1, opacity: 0.7, smoothFactor: 1}
            );
            """
        )

        def __init__(self, clock: Any, rows: str, scale: int, colour: str, name: str) -> None:
            super().__init__(name=name, overlay=True, control=True, show=True)
            self._name = "FrontlineOutlines"
            self.clock, self.rows, self.scale, self.colour = clock, rows, scale, colour
            self.pane = _LINE_PANE

    class Slider(JSCSSMixin, MacroElement):
        _template = _macro(
            """
            var {{ this.get_name() }} = L.timelineSliderControl({
                start: {{ this.start }}, end: {{ this.end }}, steps: {{ this.steps }},
                duration: {{ this.duration }}, enableKeyboardControls: true,
                showTicks: false, autoPlay: false, position: "bottomleft",
                formatOutput: {{ this.clock.get_name() }}.label
            });
            {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
            {{ this.get_name() }}.addTimelines({{ this.layer_names }});
            {{ this.get_name() }}._timeSlider.step = "86400000";
            {{ this.get_name() }}.setTime({{ this.initial }});
            window.frontlineHistory = {
                map: {{ this._parent.get_name() }}, slider: {{ this.get_name() }},
                layers: [{{ this.layer_names }}], clock: {{ this.clock.get_name() }}
            };
            """,
            header="""
            <style>
                .leaflet-bottom.leaflet-left { width: min(760px, calc(100% - 20px)); }
                .leaflet-control.leaflet-timeline-control { margin: 0 0 10px 10px; width: 100%;
                    padding: 4px 8px; font: 12px/1.4 sans-serif; }
                .leaflet-control.leaflet-timeline-control .time-text { font-weight: bold; }
            </style>
            """,
        )
        default_js: ClassVar[list[tuple[str, str]]] = [_TIMELINE_JS]

        def __init__(self, clock: Any, layers: list, start: int, end: int, initial: int) -> None:
            super().__init__()
            self._name = "FrontlineSlider"
            self.clock = clock
            self.layer_names = ", ".join(layer.get_name() for layer in layers)
            self.start, self.end, self.initial = start * _DAY_MS, end * _DAY_MS, initial * _DAY_MS
            self.steps = max(1, end - start)
            self.duration = max(10_000, min(60_000, 40 * self.steps))

    class Legend(MacroElement):
        _template = _macro(
            """
            (function () {
                var legend = L.control({position: "topright"});
                legend.onAdd = function () {
                    var div = L.DomUtil.create("div", "leaflet-control-layers frontline-legend");
                    div.innerHTML = {{ this.markup }};
                    L.DomEvent.disableClickPropagation(div);
                    return div;
                };
                legend.addTo({{ this._parent.get_name() }});
                {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.credit }});
            })();
            """,
            header="""
            <style>
                .frontline-legend { padding: 6px 8px; font: 12px/1.35 sans-serif; max-width: 260px;
                    background: rgba(255, 255, 255, 0.92); }
                .frontline-legend i { display: inline-block; width: 14px; height: 10px;
                    margin-right: 5px; vertical-align: middle; }
                .frontline-legend .fl-note { margin-top: 4px; color: #444; font-size: 11px; }
            </style>
            """,
        )

        def __init__(self, markup: str, credit: str) -> None:
            super().__init__()
            self._name = "FrontlineLegend"
            self.markup, self.credit = markup, credit

    _ELEMENTS.update(
        Clock=Clock,
        Areas=Areas,
        Claims=Claims,
        Outlines=Outlines,
        Slider=Slider,
        Legend=Legend,
    )
    return _ELEMENTS


_ELEMENTS: dict[str, type] = {}


def _tile_provider(tiles: Any) -> xyzservices.TileProvider | None:
    if tiles is None:
        return None
    import xyzservices

    if isinstance(tiles, xyzservices.TileProvider):
        provider = tiles
    elif isinstance(tiles, str):
        try:
            provider = xyzservices.providers.query_name(tiles)
        except ValueError:
            raise ValueError(
                f"unknown tile provider {tiles!r}; pass a name from xyzservices.providers "
                "(e.g. 'Esri.WorldGrayCanvas', 'OpenStreetMap.Mapnik'), a TileProvider, or "
                "tiles=None"
            ) from None
    else:
        raise TypeError(
            f"tiles must be a provider name, an xyzservices.TileProvider or None, got "
            f"{type(tiles).__name__}"
        )
    if provider.requires_token():
        raise ValueError(
            f"the tile provider {provider.name} needs an API key; pass "
            f"tiles=xyzservices.providers.{provider.name}(apikey='...') or choose one without "
            "a key, such as 'Esri.WorldGrayCanvas'"
        )
    return provider


# --- claims -----------------------------------------------------------------------------------


def _text(value: Any) -> str:
    """``str(value)``, or ``""`` for None/NaN/NA."""
    if value is None:
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):  # lists, arrays
        pass
    return str(value)


def _responses_text(value: Any) -> list[str]:
    import json

    if not isinstance(value, (list, tuple, np.ndarray, dict)) and _text(value) == "":
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value) if value.strip() else []
        except ValueError:
            return [value]
    if isinstance(value, dict):
        value = [value]
    out = []
    if not isinstance(value, (list, tuple, np.ndarray)):
        return [str(value)]
    for r in value:
        if not isinstance(r, dict):
            out.append(str(r))
            continue
        when, by, stance = _text(r.get("date"))[:10], _text(r.get("by")), _text(r.get("stance"))
        text = " ".join(b for b in (when, by) if b) + (f": {stance}" if stance else "")
        if _text(r.get("source_name")):
            text += f" ({_text(r.get('source_name'))})"
        out.append(text)
    return out


def _check_claims(claims: Any) -> np.ndarray:
    """Validate a claims table for mapping (all problems at once); the per-row dates."""
    if not isinstance(claims, gpd.GeoDataFrame):
        raise TypeError(
            f"claims must be a GeoDataFrame (see frontline.claims), got {type(claims).__name__}"
        )
    if claims.crs is None:
        raise ValueError("claims have no CRS; set it (claims.set_crs(4326)) before mapping")
    if claims.crs.to_epsg() != 4326:
        raise ValueError(
            f"claims are in {claims.crs.to_string()}, not EPSG:4326; convert them with "
            "claims.to_crs(4326)"
        )
    missing = [c for c in ("claim_id", "date", "status") if c not in claims.columns]
    if missing:
        raise ValueError(
            f"claims lack column(s) {', '.join(missing)}; build them with "
            "frontline.claims_from_records or read them with frontline.read_claims"
        )
    problems = []
    dates = pd.to_datetime(claims["date"], errors="coerce")
    for pos, (cid, status, when) in enumerate(
        zip(claims["claim_id"], claims["status"], dates, strict=True)
    ):
        if status not in palette.CLAIM_STATUSES:
            problems.append(
                f"row {pos} (claim {cid!r}): field 'status' value {status!r} is not one of "
                f"{', '.join(palette.CLAIM_STATUSES)}"
            )
        if pd.isna(when):
            problems.append(f"row {pos} (claim {cid!r}): field 'date' is missing or not a date")
    if problems:
        raise ValueError("claims cannot be mapped:\n  " + "\n  ".join(problems))
    geoms = claims.geometry.to_numpy()
    if len(claims) and all(g is None or g.is_empty for g in geoms):
        raise ValueError(
            "none of the claims has a geometry, so none can be drawn; give them a location "
            "(a point, line or area) or leave claims out"
        )
    return dates.dt.normalize().to_numpy()


def _claims_payload(
    claims: gpd.GeoDataFrame, first: pd.Timestamp, stop: pd.Timestamp, claim_days: int
) -> tuple[str, int, list[str]]:
    """The claims as GeoJSON for the page; also how many were drawn and which were left out."""
    dates = pd.DatetimeIndex(_check_claims(claims))
    geoms = claims.geometry.to_numpy()
    no_geometry = [
        str(c) for c, g in zip(claims["claim_id"], geoms, strict=True) if g is None or g.is_empty
    ]
    features = []
    span = pd.Timedelta(days=claim_days)
    for pos in range(len(claims)):
        g = geoms[pos]
        if g is None or g.is_empty:
            continue
        row = claims.iloc[pos]
        when = dates[pos]
        a, b = max(when, first), min(when + span, stop)
        if b <= a:
            continue
        get = row.get
        status = str(row["status"])
        title = " · ".join(x for x in (_text(get("claimant")), _text(get("kind"))) if x)
        rows = [
            ("Date", f"{when:%Y-%m-%d}"),
            ("Status", palette.LABELS.get(status, status)),
            ("Side", _text(get("side"))),
            ("Unit", _text(get("unit"))),
            ("Place", _text(get("place"))),
            ("Summary", _text(get("summary"))),
            ("Quote", _text(get("quote"))),
            ("Responses", _responses_text(get("responses"))),
        ]
        popup = popup_html(
            title or str(row["claim_id"]), rows, source=(get("source_name"), get("source_url"))
        )
        tip = escape_html(f"{title or row['claim_id']} ({palette.LABELS.get(status, status)})")
        geometry = shapely.set_precision(g, 1e-5)
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "s": int(a.value // (_DAY_MS * 1_000_000)),
                    "e": int(b.value // (_DAY_MS * 1_000_000)),
                    "st": status,
                    "pop": str(popup),
                    "tip": str(tip),
                },
                "geometry": shapely.geometry.mapping(geometry),
            }
        )
    return (
        js_literal({"type": "FeatureCollection", "features": features}),
        len(features),
        no_geometry,
    )


def _claim_styles() -> str:
    styles = {}
    for status in palette.CLAIM_STATUSES:
        c = palette.PALETTE[status]
        styles[status] = {
            "color": c,
            "weight": 3,
            "opacity": 1,
            "dashArray": palette.CLAIM_DASHES.get(status),
            "fillColor": c,
            "fillOpacity": 0.15,
        }
    return js_literal(styles)


# --- public: the map --------------------------------------------------------------------------


def map_history(
    h: ControlHistory,
    *,
    start: Any = None,
    end: Any = None,
    claims: gpd.GeoDataFrame | None = None,
    statuses: str | Iterable[str] | None = None,
    source: str | None = None,
    precision: float = 1e-4,
    stride: int | str | pd.Timedelta | None = None,
    max_days: int = 3000,
    claim_days: int = 14,
    initial: Any = None,
    regions: bool = True,
    tiles: str | xyzservices.TileProvider | None = "Esri.WorldGrayCanvas",
) -> folium.Map:
    """A map with a date slider over a control history, small enough to share.

    Each piece of area is stored once with the days it is valid for (see the module notes), so
    the 769 days of the DeepState daily mirror make a page of about 1 MB (with Leaflet inlined)
    that opens in well under a second, where embedding every day whole takes about 56 MB
    (``benchmarks/history_map.py``). Days with no snapshot show the latest earlier one, and the
    slider's label says so.

    Parameters
    ----------
    h : ControlHistory
        The history, e.g. ``frontline.read_deepstate(folder)``.
    start, end : date-like, optional
        First and last day of the slider (default: the whole history). Both must lie within
        the history.
    claims : GeoDataFrame, optional
        Claims (see :mod:`frontline.claims`), drawn by status, each from its date for
        ``claim_days`` days, with a popup (claimant, date, summary, responses, source link; all
        text escaped). Claims without a geometry are left out and counted in the legend.
    statuses : str or list of str, optional
        Statuses to draw (default: every status in the history), each in its
        :data:`~frontline.render.palette.PALETTE` colour.
    source : str, optional
        Which source, when the history holds several.
    precision : float, default 1e-4
        Grid, in degrees, to which coordinates are snapped: 1e-4 is about 11 m north-south and
        7 m east-west at 48°N; 1e-5 about 1 m (a larger page). ``1/n`` degrees for a whole
        number ``n``, from 1e-7 to 0.01.
    stride : int or duration, optional
        Show fewer days: ``7`` keeps every 7th snapshot, ``"7D"`` one snapshot a week (each
        shown until the next kept one). The first and the last day are always kept.
    max_days : int, default 3000
        Refuse (with ``ValueError``, suggesting a stride) sliders over more days than this.
    claim_days : int, default 14
        For how many days after its date a claim stays on the map.
    initial : date-like, optional
        The day shown when the page opens (default: the last day).
    regions : bool, default True
        Draw the outlines of Ukraine's regions (works offline, unlike tiles).
    tiles : str, xyzservices.TileProvider or None, default "Esri.WorldGrayCanvas"
        Base map from :mod:`xyzservices`, with its attribution; ``None`` for none. Tiles always
        come from the network, also in a page saved with ``save_html(..., offline=True)``.

    Returns
    -------
    folium.Map
        Save it with :func:`frontline.save_html` (``offline=True`` for a self-contained file).

    Raises
    ------
    ValueError
        Empty history, ``start`` after ``end``, bad ``precision``/``stride``, too many days
        (the message suggests a stride), bad claims (wrong CRS, unknown status).
    DateOutOfRangeError
        ``start``/``end``/``initial`` outside the history (a ``LookupError``).
    TypeError
        ``h`` is not a ControlHistory, ``claims`` not a GeoDataFrame, ``tiles`` of a wrong type.

    Notes
    -----
    The page opens on ``initial``. Arrow keys step between the days on which something changed,
    space plays. Scripts in the page can reach ``window.frontlineHistory`` (``map``, ``slider``,
    ``layers``, ``clock``): ``frontlineHistory.slider.setTime(Date.UTC(2025, 5, 8))`` shows
    2025-06-08.

    Examples
    --------
    >>> import frontline as fl
    >>> m = fl.map_history(fl.example_control(), tiles=None, regions=False)
    >>> type(m).__name__
    'Map'
    """
    import folium

    # check the cheap things before the expensive one
    provider = _tile_provider(tiles)
    if claims is not None:
        _check_claims(claims)
    if (
        not isinstance(claim_days, (int, np.integer))
        or isinstance(claim_days, bool)
        or claim_days < 1
    ):
        raise ValueError(f"claim_days must be a whole number of days >= 1, got {claim_days!r}")
    plan = _plan(
        h,
        start=start,
        end=end,
        statuses=statuses,
        source=source,
        precision=precision,
        stride=stride,
        max_days=max_days,
    )
    if initial is None:
        shown = plan.days[-1]
    else:
        shown = _day(initial, "initial")
        if shown < plan.days[0] or shown >= plan.stop:
            raise DateOutOfRangeError(
                f"initial={shown:%Y-%m-%d} is outside the slider ({plan.days[0]:%Y-%m-%d} to "
                f"{plan.stop - pd.Timedelta(days=1):%Y-%m-%d})"
            )
    el = _elements()
    grid = plan.precision
    scale = round(1.0 / grid)

    all_polys = [p for items in plan.pieces.values() for p, _, _ in items]
    x0, y0, x1, y1 = shapely.total_bounds(np.asarray(all_polys, dtype=object))
    m = folium.Map(
        location=[(y0 + y1) / 2, (x0 + x1) / 2],
        zoom_start=6,
        tiles=provider,
        control_scale=True,
    )
    m.fit_bounds([[y0, x0], [y1, x1]])

    day_numbers = [plan.day_number(i) for i in range(len(plan.days) + 1)]
    snap_numbers = [int(t.value // (_DAY_MS * 1_000_000)) for t in plan.snapshots]
    clock = el["Clock"](
        "[" + ",".join(map(str, day_numbers)) + "]",
        "[" + ",".join(map(str, snap_numbers)) + "]",
        palette.FILL_OPACITY,
    )
    clock.add_to(m)

    if regions:
        from frontline.regions import load_regions

        borders = shapely.union_all(
            shapely.boundary(load_regions().geometry.to_numpy()), grid_size=0.001
        )
        borders = shapely.simplify(shapely.line_merge(borders), 0.005)  # ~500 m, 26 kB
        el["Outlines"](
            clock, _encode_lines(borders, 0.001), 1000, palette.REGION_COLOUR, "Regions"
        ).add_to(m)

    layers = []
    for status in plan.statuses:
        items = plan.pieces.get(status) or []
        if not items:
            continue
        encoded = _encode_polygons([p for p, _, _ in items], grid)
        rows = ",".join(
            f"[{day_numbers[first]},{day_numbers[stop]},{text[1:-1]}]"
            for (_, first, stop), text in zip(items, encoded, strict=True)
        )
        layer = el["Areas"](
            clock,
            "[" + rows + "]",
            scale,
            palette.colour(status),
            escape_html(palette.LABELS.get(status, status)),
        )
        layer.add_to(m)
        layers.append(layer)

    drawn, left_out = 0, []
    if claims is not None:
        data, drawn, left_out = _claims_payload(claims, plan.days[0], plan.stop, int(claim_days))
        claim_layer = el["Claims"](clock, data, _claim_styles(), "Claims")
        claim_layer.add_to(m)
        layers.append(claim_layer)

    el["Slider"](
        clock, layers, day_numbers[0], day_numbers[-2], int(shown.value // (_DAY_MS * 1_000_000))
    ).add_to(m)
    shown_statuses = None if claims is None else sorted(set(claims["status"]))
    el["Legend"](*_legend(plan, shown_statuses, drawn, left_out, claim_days, regions)).add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    return m


def _legend(
    plan: _Plan,
    claim_statuses: list[str] | None,
    drawn: int,
    left_out: list[str],
    claim_days: int,
    regions: bool,
) -> tuple[str, str]:
    with_claims = claim_statuses is not None
    rows = []
    for status in plan.statuses:
        if plan.pieces.get(status):
            c = palette.colour(status)
            rows.append(
                f'<div><i style="background:{c};opacity:{palette.FILL_OPACITY}"></i>'
                f"{escape_html(palette.LABELS.get(status, status))}</div>"
            )
    if with_claims:
        for status in palette.CLAIM_STATUSES:
            if status not in (claim_statuses or ()):
                continue
            c = palette.PALETTE[status]
            dash = palette.CLAIM_DASHES.get(status)
            style = "dashed" if dash else "solid"
            rows.append(
                f'<div><i style="border-top:3px {style} {c};height:0"></i>Claim: '
                f"{escape_html(palette.LABELS.get(status, status))}</div>"
            )
    first, last = plan.days[0], plan.stop - pd.Timedelta(days=1)
    metres = plan.precision * 111_320
    note = (
        f"Assessed control: {escape_html(plan.source)}, {first:%Y-%m-%d} to {last:%Y-%m-%d}, "
        f"{len(plan.days)} days. A day without a snapshot shows the latest earlier one. "
        f"Shapes snapped to {plan.precision:g}° (about {metres:,.0f} m)."
    )
    if with_claims:
        note += f" Claims: {drawn} drawn, each for {claim_days} days from its date"
        if left_out:
            shown = ", ".join(escape_html(c) for c in left_out[:5])
            more = f" and {len(left_out) - 5} more" if len(left_out) > 5 else ""
            note += f"; {len(left_out)} without a location not drawn ({shown}{more})"
        note += "."
    if regions:
        note += " Region boundaries: Natural Earth admin-1 (public domain)."
    markup = "".join(rows) + f'<div class="fl-note">{note}</div>'
    credit = f"Control: {escape_html(plan.source)}"
    return js_literal(markup), js_literal(credit)
