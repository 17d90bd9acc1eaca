"""The change between two days on an interactive map, with a swipe: :func:`map_change`.

Left of a divider the ground held on the first day, right of it the ground held on the
second; the reader drags the divider (the side-by-side control of the npm package
``leaflet-side-by-side``, vendored for offline pages). Over both: ground gained and lost and
the front line of each day (:func:`frontline.front_line`). Escaping of text from data as in
every map (:mod:`frontline.render._escape`).

Parts: ``page`` (:func:`map_change`), ``_elements`` (CSS, panels, the swipe). Independent of
the day, history and static maps (import-linter contract in ``setup.cfg``).
"""

from __future__ import annotations

from frontline.render.change.page import map_change

__all__ = ["map_change"]
