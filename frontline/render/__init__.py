"""Rendering: Folium day maps, the history slider, offline HTML and static matplotlib maps.

=====================  =========================================================================
module                 holds
=====================  =========================================================================
``day/``               :func:`map_day`: one day on an interactive (Folium) map
``history/``           :func:`map_history` and :func:`history_pieces`: a date slider over a history
``static/``            :func:`plot_day` and :func:`plot_change`: print maps (matplotlib), and
                       print charts: :func:`plot_held_area`, :func:`plot_monthly`,
                       :func:`plot_distance`; :func:`plot_scorecard`: the claims scorecard
``change/``            :func:`map_change`: the change between two days, with a swipe
``offline.py``         :func:`save_html`: one HTML file, optionally with its libraries inside
``palette.py``         the colours of every map and the colour-vision check behind them
``_common.py``         inputs, text and footnote helpers the three kinds of map share
``_legend.py``         the one legend model, drawn as HTML or as matplotlib handles
``_tiles.py``          the one tile-provider resolver
``_escape.py``         escaping of untrusted text on its way into a page
=====================  =========================================================================

The day, history, static and change maps never import one another (an import-linter contract in
``setup.cfg`` checks it); what they share lives in the underscore modules. Drawing functions
take the assessed-control history as the keyword ``history=``.
"""

from __future__ import annotations

from frontline._errors import TileProviderError
from frontline.render._tiles import DEFAULT_TILES
from frontline.render.change import map_change
from frontline.render.day import LEGEND_OPEN_MIN_PX, map_day
from frontline.render.history import history_pieces, map_history
from frontline.render.offline import inline_assets, save_html
from frontline.render.palette import PALETTE
from frontline.render.static import (
    PROJECTION,
    plot_change,
    plot_day,
    plot_distance,
    plot_held_area,
    plot_monthly,
    plot_scorecard,
)

__all__ = [
    "DEFAULT_TILES",
    "LEGEND_OPEN_MIN_PX",
    "PALETTE",
    "PROJECTION",
    "TileProviderError",
    "history_pieces",
    "inline_assets",
    "map_change",
    "map_day",
    "map_history",
    "plot_change",
    "plot_day",
    "plot_distance",
    "plot_held_area",
    "plot_monthly",
    "plot_scorecard",
    "save_html",
]
