"""The folium elements of a change map: its CSS, fixed panels (legend, footnote) and the swipe.

The swipe is the side-by-side control of the npm package ``leaflet-side-by-side`` (MIT,
vendored in ``data/vendor`` for offline pages; see :mod:`frontline.render.offline`). That
control clips a layer's container; vector layers have none, so each day's layers are drawn in
a pane of their own and the control is given that pane as the layer's container.
"""

from __future__ import annotations

from typing import Any

from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template

from frontline.render._escape import js_literal
from frontline.render._legend import LEGEND_CSS

__all__ = ["SIDE_BY_SIDE_URL", "Style", "Swipe"]

#: where an online page loads the side-by-side control: the package's browserify build, at the
#: URL folium's own ``SideBySideLayers`` uses (the npm package carries no build; its API is the
#: same); ``save_html(offline=True)`` replaces it with the vendored npm package (2.2.0)
SIDE_BY_SIDE_URL = (
    "https://cdn.jsdelivr.net/gh/digidem/leaflet-side-by-side@2.0.0/leaflet-side-by-side.min.js"
)

_CSS = (
    LEGEND_CSS
    + """
.fl-foot {max-width: 440px; font-size: 11px; color: #333;}
.fl-swipe-label {position: absolute; top: 10px; z-index: 1000; padding: 2px 7px;
  background: rgba(255,255,255,0.9); border-radius: 3px; pointer-events: none;
  font: 600 12px "Helvetica Neue", Arial, sans-serif; color: #222; white-space: nowrap;
  box-shadow: 0 1px 3px rgba(0,0,0,0.3);}
.leaflet-container path.leaflet-interactive:focus {outline: none;}
"""
)


class Style(MacroElement):
    """The page's CSS for panels and the swipe's day labels (in the page header)."""

    _template = Template(
        "{% macro header(this, kwargs) %}<style>" + _CSS + "</style>{% endmacro %}"
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "FrontlineChangeStyle"


class Swipe(JSCSSMixin):
    """The side-by-side control between two layers, each drawn in its own pane, with a label
    of each side's day beside the divider. Exposed to scripts as ``window.frontlineChange``."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function() {
  var map = {{ this._parent.get_name() }};
  var left = {{ this.left.get_name() }}, right = {{ this.right.get_name() }};
  left.getContainer = function () { return map.getPane({{ this.left_pane_js }}); };
  right.getContainer = function () { return map.getPane({{ this.right_pane_js }}); };
  var swipe = L.control.sideBySide(left, right).addTo(map);
  var box = map.getContainer();
  var leftLabel = L.DomUtil.create("div", "fl-swipe-label fl-swipe-left", box);
  var rightLabel = L.DomUtil.create("div", "fl-swipe-label fl-swipe-right", box);
  leftLabel.textContent = {{ this.left_text_js }};
  rightLabel.textContent = {{ this.right_text_js }};
  function place(x) {
    leftLabel.style.right = (map.getSize().x - x + 8) + "px";
    rightLabel.style.left = (x + 8) + "px";
  }
  swipe.on("dividermove", function (e) { place(e.x); });
  place(swipe.getPosition());
  window.frontlineChange = {map: map, swipe: swipe, left: left, right: right};
})();
{% endmacro %}
"""
    )

    def __init__(
        self,
        left: Any,
        right: Any,
        *,
        left_pane: str,
        right_pane: str,
        left_text: str,
        right_text: str,
    ) -> None:
        super().__init__()
        self._name = "FrontlineSwipe"
        # the script the page loads (JSCSSMixin links it in the header)
        self.default_js = [("leaflet-side-by-side", SIDE_BY_SIDE_URL)]
        self.left = left
        self.right = right
        self.left_pane_js = js_literal(left_pane)
        self.right_pane_js = js_literal(right_pane)
        # set as textContent in the page: plain text, never markup
        self.left_text_js = js_literal(left_text)
        self.right_text_js = js_literal(right_text)
