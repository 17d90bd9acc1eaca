"""The one fixed-HTML panel of the Folium pages (legend, footnote, notes): a Leaflet control
whose HTML is passed as a JavaScript literal, folded to its first ``<details>`` summary on
small maps. Day and change maps draw their panels with it."""

from __future__ import annotations

from branca.element import MacroElement
from folium.template import Template

from frontline.render._escape import SafeHTML, js_literal

__all__ = ["Panel", "panel"]


class Panel(MacroElement):
    """A Leaflet control holding fixed HTML (legend, footnote)."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function() {
  var ctl = L.control({position: {{ this.position_js }}});
  ctl.onAdd = function(map) {
    var div = L.DomUtil.create("div", {{ this.class_js }});
    div.innerHTML = {{ this.html_js }};
    var fold = {{ this.fold_below_js }}, size = map.getSize();
    if (fold > 0 && (size.x < fold || size.y < fold * 2 / 3)) {
      var top = div.querySelector("details");
      if (top) { top.open = false; }
    }
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    return div;
  };
  ctl.addTo({{ this._parent.get_name() }});
})();
{% endmacro %}
"""
    )

    def __init__(self, html: SafeHTML, position: str, css_class: str, fold_below: int) -> None:
        super().__init__()
        self._name = "FrontlinePanel"
        self.position_js = js_literal(position)
        self.class_js = js_literal(f"fl-panel {css_class}")
        self.html_js = js_literal(str(html))
        self.fold_below_js = str(int(fold_below))


def panel(html: SafeHTML, *, position: str, css_class: str, fold_below: int = 0) -> Panel:
    """A fixed panel; the HTML goes in as a JS string literal (:func:`js_literal`), so nothing
    in it can end the script. With ``fold_below``, the panel's first ``<details>`` starts
    closed on a map narrower than that many pixels or lower than two thirds of it."""
    return Panel(html, position, css_class, fold_below)
