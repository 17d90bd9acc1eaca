"""The history map: :func:`map_history`, a date slider over a whole control history."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import xyzservices

from frontline._dates import parse_day
from frontline._staleness import staleness_lines
from frontline.control import ControlHistory, DateOutOfRangeError
from frontline.regions import load_regions
from frontline.render import palette
from frontline.render._common import REGIONS_SOURCE
from frontline.render._escape import escape_html, js_literal
from frontline.render._legend import build_legend, legend_html
from frontline.render._region_labels import add_region_labels
from frontline.render._tiles import DEFAULT_TILES, resolve_tiles
from frontline.render.history._claims import (
    check_claims,
    claim_checks,
    claim_styles,
    claims_payload,
)
from frontline.render.history._elements import Areas, Claims, Clock, Legend, Outlines, Slider
from frontline.render.history._encode import day_number, encode_lines, encode_polygons
from frontline.render.history._plan import Plan, make_plan

__all__ = ["map_history"]


def map_history(
    history: ControlHistory,
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
    assess_claims: bool = True,
    initial: Any = None,
    regions: bool = True,
    tiles: str | xyzservices.TileProvider | None = DEFAULT_TILES,
) -> folium.Map:
    """A map with a date slider over a control history, small enough to share.

    Each piece of area is stored once with the days it is valid for (see the module notes), so
    the 769 days of the DeepState daily mirror make a page of about 1 MB (with Leaflet inlined)
    that opens in well under a second, where embedding every day whole takes about 56 MB
    (``benchmarks/history_map.py``). Days with no snapshot show the latest earlier one, and the
    slider's label says so.

    Parameters
    ----------
    history : ControlHistory
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
        For how many days after its date a claim stays on the map (with ``assess_claims``:
        after the day the assessment bore it out).
    assess_claims : bool, default True
        Check each claim against ``history`` (:func:`frontline.claim_lags`): a territorial
        claim is drawn dashed and faint from its date until the first day the assessment bears
        it out, then in full for ``claim_days`` days; one never borne out stays dashed for
        ``claim_days`` days. Its popup says when the assessment caught up.
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
        ``history`` is not a ControlHistory, ``claims`` not a GeoDataFrame.
    frontline.TileProviderError
        Bad ``tiles`` (a ``ValueError``; for a value of the wrong type a ``TypeError`` too).

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
    # check the cheap things before the expensive one
    provider = resolve_tiles(tiles)
    if claims is not None:
        check_claims(claims)
    if (
        not isinstance(claim_days, (int, np.integer))
        or isinstance(claim_days, bool)
        or claim_days < 1
    ):
        raise ValueError(f"claim_days must be a whole number of days >= 1, got {claim_days!r}")
    plan = make_plan(
        history,
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
        shown = parse_day(initial, "initial")
        if shown < plan.days[0] or shown >= plan.stop:
            raise DateOutOfRangeError(
                f"initial={shown:%Y-%m-%d} is outside the slider ({plan.days[0]:%Y-%m-%d} to "
                f"{plan.stop - pd.Timedelta(days=1):%Y-%m-%d})"
            )
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
    snap_numbers = [day_number(t) for t in plan.snapshots]
    clock = Clock(
        "[" + ",".join(map(str, day_numbers)) + "]",
        "[" + ",".join(map(str, snap_numbers)) + "]",
        palette.FILL_OPACITY,
    )
    clock.add_to(m)

    if regions:
        borders = shapely.union_all(
            shapely.boundary(load_regions().geometry.to_numpy()), grid_size=0.001
        )
        borders = shapely.simplify(shapely.line_merge(borders), 0.005)  # ~500 m, 26 kB
        Outlines(
            clock, encode_lines(borders, 0.001), 1000, palette.REGION_COLOUR, "Regions"
        ).add_to(m)
        add_region_labels(m, load_regions())  # names, as on the day map

    layers: list[Any] = []
    for status in plan.statuses:
        items = plan.pieces.get(status) or []
        if not items:
            continue
        encoded = encode_polygons([p for p, _, _ in items], grid)
        rows = ",".join(
            f"[{day_numbers[first]},{day_numbers[stop]},{text[1:-1]}]"
            for (_, first, stop), text in zip(items, encoded, strict=True)
        )
        layer = Areas(
            clock,
            "[" + rows + "]",
            scale,
            palette.colour(status),
            escape_html(palette.LABELS.get(status, status)),
        )
        layer.add_to(m)
        layers.append(layer)

    drawn, left_out = 0, list[str]()
    if claims is not None:
        checks = claim_checks(history, claims) if assess_claims else None
        data, drawn, left_out = claims_payload(
            claims, plan.days[0], plan.stop, int(claim_days), checks
        )
        claim_layer = Claims(clock, data, claim_styles(), "Claims")
        claim_layer.add_to(m)
        layers.append(claim_layer)

    Slider(clock, layers, day_numbers[0], day_numbers[-2], day_number(shown)).add_to(m)
    shown_statuses = None if claims is None else sorted(set(claims["status"]))
    Legend(
        *_legend(
            plan,
            shown_statuses,
            drawn,
            left_out,
            claim_days,
            regions,
            assess_claims,
            stale=staleness_lines(history),
        )
    ).add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    return m


def _legend(
    plan: Plan,
    claim_statuses: list[str] | None,
    drawn: int,
    left_out: list[str],
    claim_days: int,
    regions: bool,
    assessed: bool = False,
    *,
    stale: list[str] | None = None,
) -> tuple[str, str]:
    """The legend's markup and the attribution, as JS literals."""
    with_claims = claim_statuses is not None
    first, last = plan.days[0], plan.stop - pd.Timedelta(days=1)
    metres = plan.precision * 111_320
    note = (
        f"Assessed control: {plan.source}, {first:%Y-%m-%d} to {last:%Y-%m-%d}, "
        f"{len(plan.days)} days. A day without a snapshot shows the latest earlier one. "
        f"Shapes snapped to {plan.precision:g}\u00b0 (about {metres:,.0f} m)."
    )
    if with_claims:
        note += f" Claims: {drawn} drawn, each for {claim_days} days from its date" + (
            " (a territorial claim dashed until the assessment bears it out, then in full "
            f"for {claim_days} days)"
            if assessed
            else ""
        )
        if left_out:
            shown = ", ".join(left_out[:5])
            more = f" and {len(left_out) - 5} more" if len(left_out) > 5 else ""
            note += f"; {len(left_out)} without a location not drawn ({shown}{more})"
        note += "."
    if regions:
        note += " " + REGIONS_SOURCE + "."
    for sentence in stale or ():  # a fetched history: how recent it is
        note += " " + sentence
    model = build_legend(
        [(plan.source, [s for s in plan.statuses if plan.pieces.get(s)])],
        claim_statuses=claim_statuses or (),
        regions=regions,
        notes=[note],
    )
    credit = f"Control: {escape_html(plan.source)}"
    return js_literal(str(legend_html(model))), js_literal(credit)
