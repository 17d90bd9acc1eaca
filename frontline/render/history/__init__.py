"""A compact date slider over a whole control history: :func:`map_history`.

Embedding each day's area whole would make a 769-day DeepState history a 50-60 MB page. The map
instead stores each piece of area once, with the days it is valid for, and lets the
``leaflet.timeline`` plugin show the pieces valid on the slider's day:

1. Every day's area (per status) is snapped to a grid of ``precision`` degrees (GEOS
   snap-rounding, so the result stays valid; ``1e-4`` degrees is about 11 m north-south and 7 m
   east-west at 48°N, finer than the sources' own drawing).
2. The first day is cut into cells of half a degree; each cell's part is one piece.
3. From one day to the next only the difference is stored. Gains become new pieces (cut by the
   same cells). A loss closes the pieces it touches and reopens what is left of them. The
   difference itself is computed only inside windows around the boundary segments that changed,
   so a day costs little however large the area is.
4. When a cell has gathered more than 50 pieces they are merged into one, so that no day draws
   more than a few hundred shapes.

The union of the pieces valid on a day is that day's (snapped) area;
``tests/test_render_history.py`` checks it for a sample of days. For the DeepState daily mirror
(769 days, 2024-07-08 to 2026-08-22) the pieces hold about 75,000 vertices where the days hold
2.3 million; coordinates travel as integer steps on the ``precision`` grid.
``benchmarks/history_map.py`` measures the page against the one-polygon-per-day baseline.

Pieces are drawn filled and opaque, with a hairline of their own colour, in a map pane made
translucent as a whole: adjacent pieces therefore show no seams, and the pane shows the areas
at :data:`~frontline.render.palette.FILL_OPACITY`. A one-pixel CSS ``drop-shadow`` on the pane
outlines the union of the areas (the front line) without storing any line.

:func:`history_pieces` returns the pieces as a GeoDataFrame, for analysis or other renderers.

Parts: ``_plan`` (the days and the options), ``_pieces`` (steps 1-4), ``_encode`` (compact
JSON), ``_elements`` (the page's folium elements and script), ``_claims`` (claims on the
slider), ``pieces`` (:func:`history_pieces`), ``page`` (:func:`map_history`).
"""

from __future__ import annotations

from frontline.render.history.page import map_history
from frontline.render.history.pieces import history_pieces

__all__ = ["history_pieces", "map_history"]
