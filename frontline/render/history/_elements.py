"""The folium elements of a history page: the clock (days, snapshots, decoding), the area,
claim and outline layers on ``leaflet.timeline``, the slider and the legend."""

from __future__ import annotations

from typing import Any

from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.map import Layer
from folium.template import Template

from frontline.render._legend import LEGEND_CSS
from frontline.render._region_labels import LABEL_CSS
from frontline.render.history._encode import DAY_MS

__all__ = ["Areas", "Claims", "Clock", "Legend", "Outlines", "Slider"]

#: leaflet.timeline, as folium loads it (same name, so folium's own Timeline shares the file)
_TIMELINE_JS = (
    "timeline",
    "https://cdn.jsdelivr.net/npm/leaflet.timeline@1.6.0/dist/leaflet.timeline.min.js",
)
_FILL_PANE = "frontlineHistoryFill"
#: colour of the outline drawn around the areas (seen through the pane's opacity)
_OUTLINE = "#3b1300"
_LINE_PANE = "frontlineHistoryLines"

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


def _macro(script: str, header: str = "", html: str = "") -> Template:
    parts = []
    if header:
        parts.append("{% macro header(this, kwargs) %}" + header + "{% endmacro %}")
    if html:
        parts.append("{% macro html(this, kwargs) %}" + html + "{% endmacro %}")
    parts.append("{% macro script(this, kwargs) %}" + script + "{% endmacro %}")
    return Template("\n".join(parts))


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
    default_js = [_TIMELINE_JS]  # noqa: RUF012 (an instance attribute in folium)

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
    default_js = [_TIMELINE_JS]  # noqa: RUF012 (an instance attribute in folium)

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
            .leaflet-control.leaflet-timeline-control .time-text { font-weight: bold;
                white-space: nowrap; }
        </style>
        """,
    )
    default_js = [_TIMELINE_JS]  # noqa: RUF012 (an instance attribute in folium)

    def __init__(self, clock: Any, layers: list[Any], start: int, end: int, initial: int) -> None:
        super().__init__()
        self._name = "FrontlineSlider"
        self.clock = clock
        self.layer_names = ", ".join(layer.get_name() for layer in layers)
        self.start, self.end, self.initial = start * DAY_MS, end * DAY_MS, initial * DAY_MS
        self.steps = max(1, end - start)
        self.duration = max(10_000, min(60_000, 40 * self.steps))


class Legend(MacroElement):
    _template = _macro(
        """
        (function () {
            var legend = L.control({position: "topright"});
            legend.onAdd = function () {
                var div = L.DomUtil.create("div", "fl-panel frontline-legend");
                div.innerHTML = {{ this.markup }};
                L.DomEvent.disableClickPropagation(div);
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
            {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.credit }});
        })();
        """,
        header="<style>" + LEGEND_CSS + LABEL_CSS + "</style>",
    )

    def __init__(self, markup: str, credit: str) -> None:
        super().__init__()
        self._name = "FrontlineLegend"
        self.markup, self.credit = markup, credit
