"""The folium elements a day map adds to its page: the page's CSS, fixed panels (legend,
footnote) and the SVG hatch patterns of region-level claims."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from branca.element import MacroElement
from folium.template import Template

from frontline.render._legend import LEGEND_CSS
from frontline.render.palette import PALETTE

__all__ = ["hatch_element", "style_element"]

_CSS = (
    LEGEND_CSS
    + """
.fl-foot {max-width: 420px; font-size: 11px; color: #333;}
.fl-popup {font-size: 12px; line-height: 1.35;}
.fl-popup th {text-align: left; vertical-align: top; padding-right: 6px; white-space: nowrap;}
.fl-popup td {vertical-align: top;}
.fl-popup ul {margin: 0; padding-left: 1.1em;}
.fl-label {display: inline-block; font: 600 11px Arial, sans-serif; color: #333;
  white-space: nowrap;
  text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 2px #fff; pointer-events: none;}
.leaflet-container path.leaflet-interactive:focus {outline: none;}
.fl-claim-label {font-size: 11px; font-weight: 700; letter-spacing: 0.04em;}
"""
)


class Style(MacroElement):
    """The page's CSS for panels, popups and labels (in the page header)."""

    _template = Template(
        "{% macro header(this, kwargs) %}<style>" + _CSS + "</style>{% endmacro %}"
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "FrontlineStyle"


def style_element() -> Style:
    """The page's CSS element."""
    return Style()


def hatch_element(statuses: Sequence[str]) -> Any:
    """SVG hatch patterns, one per claim status, and the CSS classes that fill with them."""
    # trusted markup: statuses come from CLAIM_STATUSES (validated), colours from the palette
    defs = "".join(
        f'<pattern id="fl-hatch-pattern-{s}" patternUnits="userSpaceOnUse" width="8" height="8" '
        f'patternTransform="rotate(45)"><rect x="0" y="0" width="2.2" height="8" '
        f'fill="{PALETTE[s]}" fill-opacity="0.8"/></pattern>'
        for s in statuses
    )
    css = "".join(
        f"path.fl-hatch-{s} {{fill: url(#fl-hatch-pattern-{s}); fill-opacity: 1;}}\n"
        for s in statuses
    )

    class Hatch(MacroElement):
        _template = Template(
            "{% macro header(this, kwargs) %}<style>"
            + css
            + "</style>{% endmacro %}"
            + "{% macro html(this, kwargs) %}"
            + '<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>'
            + defs
            + "</defs></svg>{% endmacro %}"
        )

        def __init__(self) -> None:
            super().__init__()
            self._name = "FrontlineHatch"

    return Hatch()
