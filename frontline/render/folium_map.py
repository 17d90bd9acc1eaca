"""The old home of :func:`map_day`, kept importable for one release: use
``frontline.map_day`` (defined in :mod:`frontline.render.day`)."""

from __future__ import annotations

from frontline.render.day import DEFAULT_TILES, LEGEND_OPEN_MIN_PX, map_day

__all__ = ["DEFAULT_TILES", "LEGEND_OPEN_MIN_PX", "map_day"]
