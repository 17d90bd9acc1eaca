"""Drawing helpers of the print maps: geometry to matplotlib in the Lambert conformal conic
(:data:`PROJECTION`), and the layout every print map shares (axes, regions, extent, scale bar,
legend, footnote)."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from frontline.render._common import label_point, short_names
from frontline.render.palette import PALETTE, REGION_COLOUR

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "GAINED",
    "LOST",
    "PRINT_ALPHA",
    "PROJECTION",
    "PROJECTION_NOTE",
    "draw_lines",
    "draw_polygon",
    "draw_regions",
    "footnote",
    "legend",
    "new_axes",
    "project",
    "scale_bar",
    "set_extent",
]

#: Lambert conformal conic for Ukraine (WGS84), the projection of every static map.
PROJECTION = (
    "+proj=lcc +lat_1=45 +lat_2=52 +lat_0=48.5 +lon_0=31 +x_0=0 +y_0=0 +datum=WGS84 +units=m "
    "+no_defs"
)
PROJECTION_NOTE = "Projection: Lambert conformal conic (standard parallels 45\u00b0N, 52\u00b0N)."
#: fill opacity on paper (a little stronger than on screen, where a base map shows through)
PRINT_ALPHA = 0.55
#: colours of ground gained and lost (plot_change)
GAINED = PALETTE["occupied"]
LOST = PALETTE["liberated"]


# --- geometry to matplotlib -------------------------------------------------------------------


def project(geoms: Sequence[BaseGeometry | None]) -> np.ndarray:
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


def draw_polygon(ax: Axes, geom: BaseGeometry, **kw: Any) -> Any:
    from matplotlib.patches import PathPatch

    path = _poly_path(geom)
    if path is None:
        return None
    patch = PathPatch(path, **kw)
    ax.add_patch(patch)
    return patch


def draw_lines(ax: Axes, geom: BaseGeometry, **kw: Any) -> Any:
    from matplotlib.collections import LineCollection

    lines = [np.asarray(g.coords)[:, :2] for g in shapely.get_parts(geom) if not g.is_empty]
    if not lines:
        return None
    coll = LineCollection(lines, **kw)
    ax.add_collection(coll)
    return coll


# --- shared layout ----------------------------------------------------------------------------


def new_axes(ax: Axes | None, figsize: tuple[float, float]) -> tuple[Figure, Axes, bool]:
    """(figure, axes, own): a new figure has room on the right for the legend and at the
    bottom for the footnote (set by :func:`footnote`)."""
    if ax is not None:
        return cast("Figure", ax.figure), ax, False
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize)
    return fig, fig.add_axes((0.01, 0.12, 0.72, 0.82)), True


def draw_regions(ax: Axes, regions: gpd.GeoDataFrame, labels: bool) -> None:
    projected = project(regions.geometry.to_numpy())
    for geom in projected:
        if geom is not None and not geom.is_empty:
            draw_lines(ax, shapely.boundary(geom), colors=REGION_COLOUR, linewidths=0.5, zorder=3)
    if not labels:
        return
    names = short_names(regions["name"].astype(str).tolist())
    for name, geom in zip(names, projected, strict=True):
        if geom is None or geom.is_empty:
            continue
        spot = label_point(max(shapely.get_parts(geom), key=lambda g: g.area))
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


def set_extent(ax: Axes, extent: Any, regions: gpd.GeoDataFrame | None, data: list) -> None:
    if isinstance(extent, (tuple, list)) and len(extent) == 4:
        x0, y0, x1, y1 = (float(v) for v in extent)
        (shape,) = project([shapely.box(x0, y0, x1, y1).segmentize(0.25)])
        bounds = shape.bounds
    elif extent == "data" and any(g is not None and not g.is_empty for g in data):
        bounds = shapely.GeometryCollection(
            [g for g in project([g for g in data if g is not None]) if not g.is_empty]
        ).bounds
    elif extent in ("country", "data"):
        if regions is not None:
            bounds = tuple(
                shapely.GeometryCollection(list(project(regions.geometry.to_numpy()))).bounds
            )
        else:
            (shape,) = project([shapely.box(22.1, 44.3, 40.3, 52.4).segmentize(0.25)])
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


def scale_bar(ax: Axes) -> None:
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


def note_below(ax: Axes, text: str, *, offset_pt: float, size: float) -> None:
    """``text`` under the axes, ``offset_pt`` points below them: the footnote of a map or
    chart drawn into an axes the caller owns (the figure's size is then the caller's)."""
    ax.annotate(
        text,
        (0, 0),
        xycoords="axes fraction",
        xytext=(0, -offset_pt),
        textcoords="offset points",
        ha="left",
        va="top",
        fontsize=size,
        color="#333333",
    )


def footnote(fig: Figure, ax: Axes, lines: list[str], *, own_figure: bool) -> None:
    """Write the footnote; on a figure of our own, also fit the figure's height to the map
    (the width is kept, the height shrinks so no band of white is left)."""
    width = 160 if own_figure else 110
    text = "\n".join(textwrap.fill(line, width) for line in lines)
    size = 6.5
    if not own_figure:
        note_below(ax, text, offset_pt=4, size=size - 0.5)
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


def legend(ax: Axes, handles: list[Any], *, own_figure: bool) -> None:
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
