"""Static maps for print and PDF (matplotlib): one day, or the change between two days.

:func:`plot_day` and :func:`plot_change` draw with the same palette, legend and footnote as
:func:`frontline.map_day`, in a Lambert conformal conic projection fitted to Ukraine
(:data:`PROJECTION`: standard parallels 45° N and 52° N, so scale is within about 1% of true
across the country and shapes are kept; never plate carrée). They build a
:class:`matplotlib.figure.Figure` directly, without ``pyplot``, so no global figure state is
created or leaked: ``fig.savefig("day.pdf")`` works with any backend, and Jupyter shows the
figure when it is the last value of a cell.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from frontline.render.folium_map import (
    _METHOD,
    _REGIONS_SOURCE,
    _UNDRAWN,
    _control_day,
    _day_str,
    _label_point,
    _prepare_claims,
    _regions_frame,
    _short_names,
    _text,
    _to_day,
)
from frontline.render.palette import (
    CASING_COLOUR,
    CLAIM_LINESTYLES,
    CLAIM_STATUSES,
    CONTROL_STATUSES,
    LABELS,
    PALETTE,
    REGION_COLOUR,
)

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from frontline.control import ControlHistory

__all__ = ["PROJECTION", "plot_change", "plot_day"]

#: Lambert conformal conic for Ukraine (WGS84), the projection of every static map.
PROJECTION = (
    "+proj=lcc +lat_1=45 +lat_2=52 +lat_0=48.5 +lon_0=31 +x_0=0 +y_0=0 +datum=WGS84 +units=m "
    "+no_defs"
)
_PROJECTION_NOTE = "Projection: Lambert conformal conic (standard parallels 45\u00b0N, 52\u00b0N)."
#: fill opacity on paper (a little stronger than on screen, where a base map shows through)
_PRINT_ALPHA = 0.55
_GAINED = PALETTE["occupied"]
_LOST = PALETTE["liberated"]


# --- geometry to matplotlib -------------------------------------------------------------------


def _project(geoms: Sequence[BaseGeometry | None]) -> np.ndarray:
    import geopandas as gpd

    series = gpd.GeoSeries(list(geoms), crs=4326)
    return series.to_crs(PROJECTION).to_numpy()


def _poly_path(geom: BaseGeometry) -> Any:
    from matplotlib.path import Path

    verts: list[np.ndarray] = []
    codes: list[np.ndarray] = []
    for poly in shapely.get_parts(geom):
        if poly.geom_type != "Polygon" or poly.is_empty:
            continue
        for ring in (poly.exterior, *poly.interiors):
            xy = np.asarray(ring.coords)[:, :2]
            if len(xy) < 3:
                continue
            c = np.full(len(xy), Path.LINETO, dtype=np.uint8)
            c[0] = Path.MOVETO
            c[-1] = Path.CLOSEPOLY
            verts.append(xy)
            codes.append(c)
    if not verts:
        return None
    return Path(np.concatenate(verts), np.concatenate(codes))


def _draw_polygon(ax: Axes, geom: BaseGeometry, **kw: Any) -> Any:
    from matplotlib.patches import PathPatch

    path = _poly_path(geom)
    if path is None:
        return None
    patch = PathPatch(path, **kw)
    ax.add_patch(patch)
    return patch


def _draw_lines(ax: Axes, geom: BaseGeometry, **kw: Any) -> Any:
    from matplotlib.collections import LineCollection

    lines = [np.asarray(g.coords)[:, :2] for g in shapely.get_parts(geom) if not g.is_empty]
    if not lines:
        return None
    coll = LineCollection(lines, **kw)
    ax.add_collection(coll)
    return coll


# --- shared layout ----------------------------------------------------------------------------


def _new_axes(ax: Axes | None, figsize: tuple[float, float]) -> tuple[Figure, Axes, bool]:
    """(figure, axes, own): a new figure has room on the right for the legend and at the
    bottom for the footnote (set by :func:`_footnote`)."""
    if ax is not None:
        return ax.figure, ax, False
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize)
    return fig, fig.add_axes((0.01, 0.12, 0.72, 0.82)), True


def _draw_regions(ax: Axes, regions: gpd.GeoDataFrame, labels: bool) -> None:
    projected = _project(regions.geometry.to_numpy())
    for geom in projected:
        if geom is not None and not geom.is_empty:
            _draw_lines(ax, shapely.boundary(geom), colors=REGION_COLOUR, linewidths=0.5, zorder=3)
    if not labels:
        return
    names = _short_names(regions["name"].astype(str).tolist())
    for name, geom in zip(names, projected, strict=True):
        if geom is None or geom.is_empty:
            continue
        spot = _label_point(max(shapely.get_parts(geom), key=lambda g: g.area))
        ax.annotate(
            name,
            (spot.x, spot.y),
            ha="center",
            va="center",
            fontsize=6.5,
            color="#333333",
            zorder=8,
            path_effects=_halo(),
        )


def _halo(width: float = 2.0) -> list[Any]:
    from matplotlib import patheffects

    return [patheffects.withStroke(linewidth=width, foreground="white")]


def _set_extent(ax: Axes, extent: Any, regions: gpd.GeoDataFrame | None, data: list) -> None:
    if isinstance(extent, (tuple, list)) and len(extent) == 4:
        (shape,) = _project([shapely.box(*map(float, extent)).segmentize(0.25)])
        bounds = shape.bounds
    elif extent == "data" and any(g is not None and not g.is_empty for g in data):
        bounds = shapely.GeometryCollection(
            [g for g in _project([g for g in data if g is not None]) if not g.is_empty]
        ).bounds
    elif extent in ("country", "data"):
        if regions is not None:
            bounds = tuple(
                shapely.GeometryCollection(list(_project(regions.geometry.to_numpy()))).bounds
            )
        else:
            (shape,) = _project([shapely.box(22.1, 44.3, 40.3, 52.4).segmentize(0.25)])
            bounds = shape.bounds  # Ukraine's bounding box
    else:
        raise ValueError(
            f"extent must be 'country', 'data' or (min_lon, min_lat, max_lon, max_lat), "
            f"not {extent!r}"
        )
    x0, y0, x1, y1 = bounds
    # keep the frame between 1.2:1 and 2:1 (landscape) so a tall or thin subject is not drawn
    # as a strip beside a band of white
    w, h = max(x1 - x0, 1.0), max(y1 - y0, 1.0)
    if w / h < 1.2:
        grow = (1.2 * h - w) / 2
        x0, x1 = x0 - grow, x1 + grow
    elif w / h > 2.0:
        grow = (w / 2.0 - h) / 2
        y0, y1 = y0 - grow, y1 + grow
    pad = 0.03 * max(x1 - x0, y1 - y0, 20_000)
    ax.set_xlim(x0 - pad, x1 + pad)
    ax.set_ylim(y0 - pad, y1 + pad)
    ax.set_aspect("equal", adjustable="box")
    ax.set_axis_off()


def _scale_bar(ax: Axes) -> None:
    """A bar of round length near the lower right (LCC: scale within ~1% across Ukraine)."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    span_km = (x1 - x0) / 1000 / 5
    nice = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500]
    km = max([n for n in nice if n <= span_km] or [1])
    xe = x1 - 0.04 * (x1 - x0)
    ys = y0 + 0.04 * (y1 - y0)
    ax.plot(
        [xe - km * 1000, xe], [ys, ys], color="#222222", lw=2.5, zorder=9, solid_capstyle="butt"
    )
    ax.annotate(
        f"{km:g} km",
        (xe - km * 500, ys),
        xytext=(0, 4),
        textcoords="offset points",
        ha="center",
        va="bottom",
        fontsize=7,
        zorder=9,
        path_effects=_halo(),
    )


def _footnote(fig: Figure, ax: Axes, lines: list[str], *, own_figure: bool) -> None:
    """Write the footnote; on a figure of our own, also fit the figure's height to the map
    (the width is kept, the height shrinks so no band of white is left)."""
    width = 160 if own_figure else 110
    text = "\n".join(textwrap.fill(line, width) for line in lines)
    size = 6.5
    if not own_figure:
        ax.annotate(
            text,
            (0, 0),
            xycoords="axes fraction",
            xytext=(0, -4),
            textcoords="offset points",
            ha="left",
            va="top",
            fontsize=size - 0.5,
            color="#333333",
        )
        return
    w_in, h_max = fig.get_figwidth(), fig.get_figheight()
    foot_in = (text.count("\n") + 1) * size * 1.45 / 72 + 0.12
    title_in, gap_in = 0.45, 0.1
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    map_w_in = 0.72 * w_in
    map_h_in = map_w_in * (y1 - y0) / (x1 - x0)
    h_in = min(h_max, foot_in + gap_in + map_h_in + title_in)
    h_in = max(h_in, foot_in + gap_in + title_in + 1.0)
    fig.set_figheight(h_in)
    fig.text(0.01, 0.06 / h_in, text, ha="left", va="bottom", fontsize=size, color="#333333")
    bottom = (foot_in + gap_in) / h_in
    ax.set_position((0.01, bottom, 0.72, 1 - bottom - title_in / h_in))
    ax.set_anchor("NW")


def _legend(ax: Axes, handles: list[Any], *, own_figure: bool) -> None:
    if not handles:
        return
    where: dict[str, Any] = (
        {"loc": "upper left", "bbox_to_anchor": (1.01, 1.0), "borderaxespad": 0.0}
        if own_figure
        else {"loc": "lower left"}
    )
    ax.legend(
        handles=handles,
        fontsize=7.5,
        framealpha=0.92,
        edgecolor="#999999",
        handlelength=2.6,
        **where,
    )


# --- plot_day ---------------------------------------------------------------------------------


def _draw_claims(
    ax: Axes, claims: gpd.GeoDataFrame
) -> tuple[list[pd.Series], set[str], list[BaseGeometry]]:
    from frontline.geodesy import ring_km

    undrawn: list[pd.Series] = []
    drawn: set[str] = set()
    extent: list[BaseGeometry] = []
    geoms = claims.geometry.to_numpy()
    projected = _project(geoms)
    for i in range(len(claims)):
        row = claims.iloc[i]
        geom, pgeom = geoms[i], projected[i]
        status = row["status"]
        precision = _text(row.get("precision"))
        if geom is None or geom.is_empty or precision in _UNDRAWN:
            undrawn.append(row)
            continue
        extent.append(geom)
        colour, style = PALETTE[status], CLAIM_LINESTYLES[status]
        dim = int(shapely.get_dimensions(geom))
        if dim == 2:
            if precision == "region":
                _draw_polygon(
                    ax, pgeom, facecolor="none", edgecolor=colour, hatch="////", lw=0, zorder=5
                )
                drawn.add(f"{status}:hatch")
            else:
                _draw_polygon(ax, pgeom, facecolor=colour, alpha=0.15, lw=0, zorder=5)
                drawn.add(f"{status}:area")
            line = shapely.boundary(pgeom)
            _draw_lines(ax, line, colors=CASING_COLOUR, linewidths=3.2, zorder=6)
            _draw_lines(ax, line, colors=colour, linewidths=1.6, linestyles=[style], zorder=6)
        elif dim == 1:
            _draw_lines(ax, pgeom, colors=CASING_COLOUR, linewidths=5, zorder=6)
            _draw_lines(ax, pgeom, colors=colour, linewidths=2.8, linestyles=[style], zorder=6)
            drawn.add(f"{status}:line")
        else:
            pm = row.get("precision_m")
            radius_km = float(pm) / 1000 if pm is not None and not pd.isna(pm) else 0.0
            for pt, ppt in zip(shapely.get_parts(geom), shapely.get_parts(pgeom), strict=True):
                if radius_km > 0:
                    (ring,) = _project([ring_km(pt.x, pt.y, radius_km)])
                    _draw_polygon(ax, ring, facecolor=colour, alpha=0.1, edgecolor="none", zorder=6)
                    _draw_lines(
                        ax,
                        shapely.boundary(ring),
                        colors=colour,
                        linewidths=1,
                        linestyles=[(0, (2, 2))],
                        zorder=6,
                    )
                ax.scatter(
                    [ppt.x], [ppt.y], s=36, c=[colour], edgecolors="white", linewidths=1, zorder=7
                )
            drawn.add(f"{status}:point")
    return undrawn, drawn, extent


def _day_handles(
    control_info: list[dict[str, Any]], drawn: set[str], undrawn: list[pd.Series], regions: bool
) -> list[Any]:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Any] = []
    shown = [s for s in CONTROL_STATUSES if any(s in info["statuses"] for info in control_info)]
    for s in shown:
        handles.append(
            Patch(facecolor=PALETTE[s], alpha=_PRINT_ALPHA, edgecolor=PALETTE[s], label=LABELS[s])
        )
    statuses = [s for s in CLAIM_STATUSES if any(d.startswith(s + ":") for d in drawn)]
    statuses += [s for s in CLAIM_STATUSES if any(r["status"] == s for r in undrawn)]
    for s in dict.fromkeys(statuses):
        handles.append(
            Line2D(
                [],
                [],
                color=PALETTE[s],
                lw=2.2,
                ls=CLAIM_LINESTYLES[s],
                label=f"Claim: {LABELS[s]}",
            )
        )
    hows = {d.split(":", 1)[1] for d in drawn}
    if "hatch" in hows:
        handles.append(
            Patch(facecolor="none", edgecolor="#555555", hatch="////", label="Region-level claim")
        )
    if "point" in hows:
        handles.append(
            Line2D(
                [], [], marker="o", ls="none", color="#555555", markeredgecolor="white",
                label="Point claim (ring: uncertainty)",
            )
        )  # fmt: skip
    if regions:
        handles.append(Line2D([], [], color=REGION_COLOUR, lw=0.6, label="Region boundary"))
    return handles


def plot_day(
    date: Any,
    *,
    control: ControlHistory | gpd.GeoDataFrame | None = None,
    claims: gpd.GeoDataFrame | None = None,
    source: str | None = None,
    regions: bool | gpd.GeoDataFrame = True,
    labels: bool = True,
    extent: Any = "country",
    title: str | None = None,
    ax: Axes | None = None,
    figsize: tuple[float, float] = (10.0, 7.5),
) -> Figure:
    """A print map of one day: assessed control, that day's claims, regions, legend, footnote.

    Parameters
    ----------
    date : date-like
        The day to draw.
    control : ControlHistory or geopandas.GeoDataFrame, optional
        Assessed control; each source's snapshot in force that day is drawn by status (the
        footnote says when a snapshot is carried forward over a missing day).
    claims : geopandas.GeoDataFrame, optional
        A claims table (EPSG:4326); the claims dated or reported that day are drawn as in
        :func:`frontline.map_day` (region claims hatched, border claims as dashed lines, point
        claims as dots with their uncertainty ring). Claims without a place are counted in the
        footnote.
    source : str, optional
        Only this source of ``control``.
    regions : bool or geopandas.GeoDataFrame, default True
        Region outlines (``True``: :func:`frontline.load_regions`).
    labels : bool, default True
        Region names.
    extent : "country", "data" or (min_lon, min_lat, max_lon, max_lat), default "country"
        The area shown ("data": around the control areas and claims).
    title : str, optional
        Default: "<date>: assessed control and claims".
    ax : matplotlib.axes.Axes, optional
        Draw into these axes (its figure is returned; the footnote goes under the axes).
    figsize : (float, float), default (10, 7.5)
        Width and greatest height in inches, for a new figure; the height shrinks to fit the
        map and its footnote.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        As :func:`frontline.map_day`: bad date, empty history, claims without a geometry column
        or not in EPSG:4326, bad statuses; a bad ``extent``.
    frontline.control.DateOutOfRangeError
        ``date`` is outside the history.

    Examples
    --------
    >>> import frontline as fl
    >>> fig = fl.plot_day("2025-06-08", control=fl.example_control(), labels=False)
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    ['Occupied', 'Region boundary']
    """
    day = _to_day(date)
    day_rows = _control_day(control, day, source) if control is not None else None
    claim_rows, other_days = (None, 0)
    if claims is not None:
        claim_rows, other_days = _prepare_claims(claims, day)
    region_rows = _regions_frame(regions)

    fig, ax, own = _new_axes(ax, figsize)
    control_info: list[dict[str, Any]] = []
    extent_geoms: list[BaseGeometry] = []
    if day_rows is not None and len(day_rows):
        for src, rows in day_rows.groupby("source", sort=True):
            statuses = [s for s in CONTROL_STATUSES if s in set(rows["status"])]
            control_info.append(
                {
                    "source": str(src),
                    "snapshot": rows["snapshot_date"].iloc[0],
                    "carried": bool(rows["carried_forward"].any()),
                    "statuses": statuses,
                }
            )
            projected = _project(rows.geometry.to_numpy())
            for status, geom in zip(rows["status"], projected, strict=True):
                if geom is None or geom.is_empty:
                    continue
                colour = PALETTE.get(status, "#777777")
                _draw_polygon(
                    ax, geom, facecolor=colour, alpha=_PRINT_ALPHA, edgecolor="none", zorder=2
                )
                _draw_polygon(ax, geom, facecolor="none", edgecolor=colour, lw=0.5, zorder=2)
            extent_geoms.extend(rows.geometry.to_numpy())
    if region_rows is not None:
        _draw_regions(ax, region_rows, labels)
    undrawn: list[pd.Series] = []
    drawn: set[str] = set()
    if claim_rows is not None:
        undrawn, drawn, claim_extent = _draw_claims(ax, claim_rows)
        extent_geoms.extend(claim_extent)
    _set_extent(ax, extent, region_rows, extent_geoms)
    _scale_bar(ax)
    _legend(ax, _day_handles(control_info, drawn, undrawn, region_rows is not None), own_figure=own)
    ax.set_title(title if title is not None else f"{day:%Y-%m-%d}: assessed control and claims",
                 fontsize=11, loc="left")  # fmt: skip

    lines = []
    for info in control_info:
        snap = _day_str(info["snapshot"])
        text = f"Assessed control: {info['source']}, snapshot of {snap}"
        if info["carried"]:
            text += f" (carried forward from {snap} to {day:%Y-%m-%d}: no snapshot that day)"
        lines.append(text + ".")
    if claim_rows is not None:
        names = sorted(
            {_text(v) for v in claim_rows.get("source_name", pd.Series(dtype=object)) if _text(v)}
        )
        text = f"Claims: {len(claim_rows)} made or reported on {day:%Y-%m-%d}"
        if names:
            text += " from " + "; ".join(names)
        if undrawn:
            text += f"; {len(undrawn)} without a place not drawn: " + "; ".join(
                f"{_text(r.get('claimant')) or 'claim'} ({LABELS[r['status']].lower()}, "
                f"{_text(r.get('precision')) or 'no geometry'})"
                for r in undrawn
            )
        if other_days:
            text += f" ({other_days} from other days not shown)"
        lines.append(text + ".")
    if region_rows is not None:
        lines.append(_REGIONS_SOURCE + ".")
    lines.append("Method: " + _METHOD + " " + _PROJECTION_NOTE)
    _footnote(fig, ax, lines, own_figure=own)
    return fig


# --- plot_change ------------------------------------------------------------------------------


def plot_change(
    start: Any,
    end: Any,
    *,
    control: ControlHistory | gpd.GeoDataFrame,
    source: str | None = None,
    statuses: str | Sequence[str] = ("occupied", "occupied_before_2022"),
    regions: bool | gpd.GeoDataFrame = True,
    labels: bool = True,
    extent: Any = "data",
    title: str | None = None,
    ax: Axes | None = None,
    figsize: tuple[float, float] = (10.0, 7.5),
) -> Figure:
    """A print map of the ground gained and lost between two days.

    Uses :meth:`ControlHistory.changes`: "gained" is what ``statuses`` cover on ``end`` but not
    on ``start`` (for the default statuses: ground Russia took), "lost" the reverse; the
    legend gives their geodesic areas. The area held on ``end`` is drawn faintly for context.

    Parameters
    ----------
    start, end : date-like
        The two days (a missing day carries the last earlier snapshot forward; the footnote
        says so).
    control : ControlHistory or geopandas.GeoDataFrame
    source : str, optional
        Needed when the history holds several sources.
    statuses : str or sequence of str, default ("occupied", "occupied_before_2022")
    regions, labels, title, ax, figsize
        As :func:`plot_day`.
    extent : "country", "data" or (min_lon, min_lat, max_lon, max_lat), default "data"
        "data": around what changed (the whole country when nothing did).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import frontline as fl
    >>> fig = fl.plot_change("2025-06-08", "2025-06-08", control=fl.example_control(),
    ...                      labels=False)
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()][:2]
    ['Gained: 0 km²', 'Lost: 0 km²']
    """
    from matplotlib.patches import Patch

    from frontline.control import ControlHistory

    t0, t1 = _to_day(start), _to_day(end)
    if not isinstance(control, ControlHistory):
        # validate the same way as a day map (type, CRS, emptiness)
        _control_day(control, t1, source)
        control = ControlHistory(control)
    elif len(control) == 0:
        _control_day(control, t1, source)  # raises the clear "empty" error
    wanted = (statuses,) if isinstance(statuses, str) else tuple(statuses)
    change = control.changes(t0, t1, statuses=wanted, source=source)
    held = control.geometry_on(t1, statuses=wanted, source=source)
    region_rows = _regions_frame(regions)

    fig, ax, own = _new_axes(ax, figsize)
    (held_p,) = _project([held])
    ctx = PALETTE["occupied"]
    if not held_p.is_empty:
        _draw_polygon(ax, held_p, facecolor=ctx, alpha=0.15, edgecolor="none", zorder=2)
    geoms = change.geometry.to_numpy()
    projected = _project(geoms)
    colours = {"gained": _GAINED, "lost": _LOST}
    for kind, geom in zip(change["change"], projected, strict=True):
        if geom is None or geom.is_empty:
            continue
        _draw_polygon(ax, geom, facecolor=colours[kind], alpha=0.9, edgecolor="none", zorder=4)
        # an outline keeps slivers of a few km² visible at country scale
        _draw_polygon(ax, geom, facecolor="none", edgecolor=colours[kind], lw=1.2, zorder=4)
    if region_rows is not None:
        _draw_regions(ax, region_rows, labels)
    _set_extent(ax, extent, region_rows, [g for g in geoms if g is not None and not g.is_empty])
    _scale_bar(ax)
    km2 = dict(zip(change["change"], change["km2"], strict=True))
    handles = [
        Patch(facecolor=_GAINED, alpha=0.9, label=f"Gained: {km2['gained']:,.0f} km\u00b2"),
        Patch(facecolor=_LOST, alpha=0.9, label=f"Lost: {km2['lost']:,.0f} km\u00b2"),
        Patch(facecolor=ctx, alpha=0.15, label=f"Held on {t1:%Y-%m-%d}"),
    ]
    if region_rows is not None:
        from matplotlib.lines import Line2D

        handles.append(Line2D([], [], color=REGION_COLOUR, lw=0.6, label="Region boundary"))
    _legend(ax, handles, own_figure=own)
    ax.set_title(
        title
        if title is not None
        else f"Change in assessed control, {t0:%Y-%m-%d} to {t1:%Y-%m-%d}",
        fontsize=11,
        loc="left",
    )
    a = change.attrs
    lines = [
        f"Assessed control: {a.get('source')}, snapshots of {_day_str(a.get('start_snapshot'))} "
        f"and {_day_str(a.get('end_snapshot'))}"
        + (" (carried forward over missing days)" if a.get("carried_forward") else "")
        + f". Statuses: {', '.join(wanted)}. Gained = held on the second day, not on the first;"
        f" lost = the reverse. Net: {a.get('net_km2', 0.0):+,.0f} km\u00b2.",
    ]
    if region_rows is not None:
        lines.append(_REGIONS_SOURCE + ".")
    lines.append("Method: " + _METHOD + " " + _PROJECTION_NOTE)
    _footnote(fig, ax, lines, own_figure=own)
    return fig
