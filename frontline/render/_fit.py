"""Open a Folium map on a box of interest (the front), clear of the map's own controls.

:func:`fit_view` adds a script that runs once the page's controls (zoom, layers, legend,
footnote, scale, attribution) are in place: it measures what each corner of the map holds and
fits the box with ``map.fitBounds`` and a padding that keeps it out from under them. For each
corner the padding reserves either the corner's height (along the top or bottom edge) or its
width (along the left or right edge), whichever leaves the larger view of the box: on a laptop
a tall legend reserves its width, on a phone a folded one its height. The view may take a
quarter zoom level so that the box fills a phone's window; zooming in or out returns to whole
levels.
"""

from __future__ import annotations

from collections.abc import Sequence

from branca.element import MacroElement
from folium.template import Template

__all__ = ["FitView", "fit_view"]

#: Pixels kept between a control and the box.
MARGIN_PX = 8


class FitView(MacroElement):
    """Fit the map to a box, padded clear of the controls in its corners (see the module)."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function(map) {
  var bounds = L.latLngBounds({{ this.bounds_js }}), margin = {{ this.margin }};
  var el = map.getContainer(), box = el.getBoundingClientRect(), size = map.getSize();
  if (!(size.x > 0 && size.y > 0)) { return; }  // not laid out (hidden): keep the first view
  var corners = [["top", "left"], ["top", "right"], ["bottom", "left"], ["bottom", "right"]]
    .map(function(c) {
      var div = el.querySelector(".leaflet-" + c[0] + ".leaflet-" + c[1]), w = 0, h = 0;
      Array.prototype.forEach.call(div ? div.children : [], function(ctl) {
        var r = ctl.getBoundingClientRect();
        if (!r.width || !r.height) { return; }
        w = Math.max(w, c[1] === "left" ? r.right - box.left : box.right - r.left);
        h = Math.max(h, c[0] === "top" ? r.bottom - box.top : box.bottom - r.top);
      });
      return {v: c[0], h: c[1], w: w ? w + margin : 0, hh: h ? h + margin : 0};
    });
  var nw = map.project(bounds.getNorthWest(), 0), se = map.project(bounds.getSouthEast(), 0);
  var bw = Math.max(se.x - nw.x, 1e-9), bh = Math.max(se.y - nw.y, 1e-9), best = null;
  for (var mask = 0; mask < 16; mask++) {
    var pad = {top: margin, bottom: margin, left: margin, right: margin};
    corners.forEach(function(c, i) {
      if (!c.w) { return; }
      if (mask & (1 << i)) { pad[c.v] = Math.max(pad[c.v], c.hh); }
      else { pad[c.h] = Math.max(pad[c.h], c.w); }
    });
    var s = Math.min((size.x - pad.left - pad.right) / bw, (size.y - pad.top - pad.bottom) / bh);
    if (!best || s > best.s) { best = {s: s, pad: pad}; }
  }
  var options = {animate: false};
  if (best && best.s > 0) {
    options.paddingTopLeft = [best.pad.left, best.pad.top];
    options.paddingBottomRight = [best.pad.right, best.pad.bottom];
  }
  // a fractional zoom for this view only: the box fills the window on a phone too, and the
  // first zoom in or out returns to whole levels
  var snap = map.options.zoomSnap;
  map.options.zoomSnap = 0.25;
  map.fitBounds(bounds, options);
  map.options.zoomSnap = snap;
})({{ this._parent.get_name() }});
{% endmacro %}
"""
    )

    def __init__(self, bounds: Sequence[float], margin: int = MARGIN_PX) -> None:
        super().__init__()
        self._name = "FrontlineFitView"
        west, south, east, north = (float(v) for v in bounds)
        self.bounds_js = f"[[{south:.5f}, {west:.5f}], [{north:.5f}, {east:.5f}]]"
        self.margin = int(margin)


def fit_view(bounds: Sequence[float], *, margin: int = MARGIN_PX) -> FitView:
    """The script that fits the map to ``bounds`` (west, south, east, north; EPSG:4326).

    Add it to the map after every control, so that it can measure them.

    Examples
    --------
    >>> import folium
    >>> m = folium.Map(tiles=None)
    >>> _ = fit_view((32.5, 44.4, 40.2, 52.4)).add_to(m)
    >>> "fitBounds" in m.get_root().render()
    True
    """
    return FitView(bounds, margin)
