"""The one legend model: what a map's legend says, drawn as HTML (day and history maps) or as
matplotlib handles (print maps).

A :class:`Legend` is a list of :class:`LegendSection` (a title and its :class:`LegendEntry`
rows), the claims that could not be drawn, and notes. :func:`build_legend` makes it from what a
map drew; :func:`legend_html` and :func:`legend_handles` draw it. Every map therefore names and
orders the same things the same way: control statuses by source, claim statuses (colour and
dash), claim shapes (how precise a claim is), then reference lines (regions, range rings).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import pandas as pd

from frontline.render._common import clip, text
from frontline.render._escape import SafeHTML, escape_html
from frontline.render.palette import (
    CASING_COLOUR,
    CLAIM_DASHES,
    CLAIM_LINESTYLES,
    CLAIM_STATUSES,
    CONTROL_STATUSES,
    FILL_OPACITY,
    LABELS,
    PALETTE,
    RANGE_COLOUR,
    REGION_COLOUR,
)

__all__ = [
    "LEGEND_CSS",
    "Legend",
    "LegendEntry",
    "LegendSection",
    "build_legend",
    "legend_handles",
    "legend_html",
]

#: colour of the swatches that show a claim's shape rather than its status
SHAPE_COLOUR = "#555555"
#: how many claims not drawn the HTML legend lists by name
MAX_LISTED = 12

#: the CSS the HTML legend needs (panel, headings, rows, swatches, notes), and the
#: attribution kept clear of the scale bar (at most 100 px wide, bottom left): on a narrow map
#: a long attribution wraps within the rest of the bottom edge instead of running over it
LEGEND_CSS = """
.fl-panel {background: rgba(255,255,255,0.93); padding: 6px 9px; border-radius: 4px;
  box-shadow: 0 1px 4px rgba(0,0,0,0.35); font: 12px/1.35 "Helvetica Neue", Arial, sans-serif;
  color: #222; max-width: 300px; max-height: 45vh; overflow-y: auto;}
.fl-panel h4 {margin: 4px 0 2px 0; font-size: 12px; font-weight: bold;}
.fl-panel .fl-row {display: flex; align-items: center; gap: 6px; margin: 1px 0;}
.fl-panel .fl-sw {flex: 0 0 auto;}
.fl-panel ul {margin: 2px 0; padding-left: 1.1em;}
.fl-panel .fl-note {margin-top: 4px; color: #444; font-size: 11px;}
.leaflet-container .leaflet-bottom.leaflet-right {max-width: calc(100% - 130px);}
"""


class LegendEntry(NamedTuple):
    """One row: a label and its swatch.

    ``kind`` is ``"fill"`` (an area), ``"line"`` (a claim line; dashed as ``status`` says),
    ``"hatch"`` (a region-level claim), ``"point"`` (a point claim with its ring),
    ``"outline"`` (region boundary) or ``"ring"`` (range ring).
    """

    label: str
    kind: str
    colour: str
    status: str | None = None


class LegendSection(NamedTuple):
    """A titled group of entries; ``prefix`` goes before each label where there are no titles."""

    title: str
    entries: tuple[LegendEntry, ...]
    prefix: str = ""


@dataclass
class Legend:
    """What a legend says: its sections, the claims not drawn, and notes."""

    sections: list[LegendSection] = field(default_factory=list)
    undrawn: list[pd.Series] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def build_legend(
    sources: Iterable[tuple[str, Sequence[str]]] = (),
    *,
    claim_statuses: Iterable[str] = (),
    claim_shapes: Iterable[str] = (),
    undrawn: Sequence[pd.Series] = (),
    regions: bool = False,
    rings: bool = False,
    notes: Sequence[str] = (),
) -> Legend:
    """The legend of a map that drew these things.

    Parameters
    ----------
    sources : iterable of (source, statuses)
        Each source of assessed control with the statuses drawn for it.
    claim_statuses : iterable of str
        Statuses of the claims drawn or listed.
    claim_shapes : iterable of str
        How claims were drawn: ``"hatch"`` (region), ``"area"``, ``"line"`` (border), ``"point"``.
    undrawn : sequence of pandas.Series
        Claims without a place to draw (listed by the HTML legend).
    regions, rings : bool
        Whether region boundaries and range rings were drawn.
    notes : sequence of str
        Plain sentences under the legend (escaped when drawn).

    Examples
    --------
    >>> legend = build_legend([("DeepStateMap", ["occupied"])], claim_statuses=["denied"],
    ...                       claim_shapes={"line"}, regions=True)
    >>> [(s.title, [e.label for e in s.entries]) for s in legend.sections]
    [('Assessed control: DeepStateMap', ['Occupied']), ('Claims, by status', ['Denied']),
     ('Claims, by precision', ['Border claim']), ('Reference', ['Region boundary'])]
    """
    sections = []
    for source, statuses in sources:
        present = set(statuses)
        entries = tuple(
            LegendEntry(LABELS[s], "fill", PALETTE[s]) for s in CONTROL_STATUSES if s in present
        )
        if entries:
            sections.append(LegendSection(f"Assessed control: {source}", entries))
    wanted = set(claim_statuses)
    claims = tuple(
        LegendEntry(LABELS[s], "line", PALETTE[s], s) for s in CLAIM_STATUSES if s in wanted
    )
    if claims:
        sections.append(LegendSection("Claims, by status", claims, prefix="Claim: "))
    hows = set(claim_shapes)
    shapes = []
    if "hatch" in hows:
        shapes.append(LegendEntry("Region-level claim", "hatch", SHAPE_COLOUR))
    if "area" in hows:
        shapes.append(LegendEntry("Area or border claim", "line", SHAPE_COLOUR))
    elif "line" in hows:
        shapes.append(LegendEntry("Border claim", "line", SHAPE_COLOUR))
    if "point" in hows:
        shapes.append(LegendEntry("Point claim (ring: uncertainty)", "point", SHAPE_COLOUR))
    if shapes:
        sections.append(LegendSection("Claims, by precision", tuple(shapes)))
    reference = []
    if regions:
        reference.append(LegendEntry("Region boundary", "outline", REGION_COLOUR))
    if rings:
        reference.append(LegendEntry("Range ring (geodesic)", "ring", RANGE_COLOUR))
    if reference:
        sections.append(LegendSection("Reference", tuple(reference)))
    return Legend(sections, list(undrawn), list(notes))


# --- HTML -------------------------------------------------------------------------------------


def _swatch(entry: LegendEntry) -> str:
    # trusted markup: colours come from the palette, dashes from CLAIM_DASHES
    colour = entry.colour
    if entry.kind == "fill":
        return (
            '<svg class="fl-sw" width="18" height="12"><rect x="0.5" y="0.5" width="17" '
            f'height="11" fill="{colour}" fill-opacity="{FILL_OPACITY + 0.15:.2f}" '
            f'stroke="{colour}"/></svg>'
        )
    if entry.kind == "hatch":
        return (
            '<svg class="fl-sw" width="18" height="12">'
            + "".join(
                f'<line x1="{x}" y1="12" x2="{x + 12}" y2="0" stroke="{colour}" '
                'stroke-width="1.6"/>'
                for x in (-8, -2, 4, 10)
            )
            + f'<rect x="1" y="1" width="16" height="10" fill="none" stroke="{colour}" '
            'stroke-width="1.6" stroke-dasharray="4 3"/></svg>'
        )
    if entry.kind == "point":
        return (
            '<svg class="fl-sw" width="18" height="14"><circle cx="9" cy="7" r="6" fill="none" '
            f'stroke="{colour}" stroke-dasharray="2 2"/><circle cx="9" cy="7" r="3" '
            f'fill="{colour}" stroke="#fff"/></svg>'
        )
    if entry.kind in ("outline", "ring"):
        extra = (
            ' stroke-width="1.2"'
            if entry.kind == "outline"
            else (' stroke-width="1.5" stroke-dasharray="2 4"')
        )
        return (
            '<svg class="fl-sw" width="26" height="10"><line x1="1" y1="5" x2="25" y2="5" '
            f'stroke="{colour}"{extra}/></svg>'
        )
    dash = CLAIM_DASHES[entry.status] if entry.status else "4 3"
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        '<svg class="fl-sw" width="26" height="10">'
        f'<line x1="1" y1="5" x2="25" y2="5" stroke="{CASING_COLOUR}" stroke-width="6"/>'
        f'<line x1="1" y1="5" x2="25" y2="5" stroke="{colour}" stroke-width="3"{dash_attr}/>'
        "</svg>"
    )


def legend_html(legend: Legend, *, title: str = "Legend") -> SafeHTML:
    """The legend as HTML (in :data:`LEGEND_CSS` classes), every label from data escaped.

    The whole legend is a ``<details>`` open on its ``title``; the claims not drawn are a
    folded list inside it.

    Examples
    --------
    >>> html = legend_html(build_legend([("<b>", ["occupied"])]))
    >>> "Assessed control: &lt;b&gt;" in html, "<b>" in html.replace("<b>Legend</b>", "")
    (True, False)
    """
    out = [f'<details open><summary style="cursor:pointer"><b>{escape_html(title)}</b></summary>']
    for section in legend.sections:
        out.append(f"<h4>{escape_html(section.title)}</h4>")
        out.extend(
            f'<div class="fl-row">{_swatch(e)}{escape_html(e.label)}</div>' for e in section.entries
        )
    if legend.undrawn:
        out.append(_undrawn_html(legend.undrawn))
    out.extend(f'<div class="fl-note">{escape_html(note)}</div>' for note in legend.notes)
    out.append("</details>")
    return SafeHTML("".join(out))


def _undrawn_html(undrawn: Sequence[pd.Series]) -> str:
    n = len(undrawn)
    out = [
        '<details class="fl-undrawn"><summary style="cursor:pointer"><h4 '
        'style="display:inline">Not drawn (no place given)</h4>'
        f" {n} claim{'s' if n != 1 else ''}</summary><ul>"
    ]
    for row in undrawn[:MAX_LISTED]:
        status = row["status"]
        who = text(row.get("claimant")) or "Claim"
        what = clip(text(row.get("summary")) or text(row.get("kind")), 140)
        prec = text(row.get("precision")) or "no geometry"
        out.append(
            f'<li><span style="color:{PALETTE[status]};font-weight:bold">'
            f"{escape_html(LABELS[status])}</span>: {escape_html(who)} &ndash; "
            f"{escape_html(what)} <i>({escape_html(prec)})</i></li>"
        )
    if n > MAX_LISTED:
        out.append(f"<li>and {n - MAX_LISTED} more</li>")
    out.append("</ul></details>")
    return "".join(out)


# --- matplotlib -------------------------------------------------------------------------------


def legend_handles(legend: Legend, *, fill_alpha: float = FILL_OPACITY) -> list[Any]:
    """The legend as matplotlib handles, one per distinct label (section prefixes added).

    Examples
    --------
    >>> handles = legend_handles(build_legend([("A", ["occupied"])], claim_statuses=["denied"]))
    >>> [h.get_label() for h in handles]
    ['Occupied', 'Claim: Denied']
    """
    handles: list[Any] = []
    seen: set[str] = set()
    for section in legend.sections:
        for e in section.entries:
            label = section.prefix + e.label
            if label in seen:
                continue
            seen.add(label)
            handles.append(_handle(e, label, fill_alpha))
    return handles


def _handle(e: LegendEntry, label: str, fill_alpha: float) -> Any:
    # matplotlib is imported here, not at the top: only print maps need it
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    if e.kind == "fill":
        return Patch(facecolor=e.colour, alpha=fill_alpha, edgecolor=e.colour, label=label)
    if e.kind == "hatch":
        return Patch(facecolor="none", edgecolor=e.colour, hatch="////", label=label)
    if e.kind == "point":
        return Line2D(
            [], [], marker="o", ls="none", color=e.colour, markeredgecolor="white", label=label
        )
    if e.kind == "outline":
        return Line2D([], [], color=e.colour, lw=0.6, label=label)
    if e.kind == "ring":
        return Line2D([], [], color=e.colour, lw=1.0, ls=(0, (1.0, 2.0)), label=label)
    style = CLAIM_LINESTYLES[e.status] if e.status else (0, (3.0, 2.0))
    return Line2D([], [], color=e.colour, lw=2.2, ls=style, label=label)
