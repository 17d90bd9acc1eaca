"""The box a day map opens on: the assessed control, the claims drawn and the range rings."""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely

from frontline.geodesy import ring_km
from frontline.render._common import UNDRAWN, text
from frontline.render.day._ranges import ring_specs

__all__ = ["view_bounds"]


def view_bounds(
    day_rows: Any, claim_rows: Any, ranges: Any
) -> tuple[float, float, float, float] | None:
    """(west, south, east, north) of what the map draws of the day, or None if nothing.

    Examples
    --------
    >>> import frontline as fl
    >>> h = fl.example_control()
    >>> w, s, e, n = view_bounds(h.as_of("2025-06-08"), None, None)
    >>> 31 < w < 34 and 44 < s < 45 and 40 < e < 41 and 50 < n < 52
    True
    """
    geoms: list[Any] = []
    if day_rows is not None and len(day_rows):
        geoms.extend(day_rows.geometry.to_numpy())
    if claim_rows is not None and len(claim_rows):
        precisions = [text(p) for p in claim_rows.get("precision", [None] * len(claim_rows))]
        for geom, precision in zip(claim_rows.geometry.to_numpy(), precisions, strict=True):
            if precision not in UNDRAWN:
                geoms.append(geom)
    if ranges is not None:
        geoms.extend(ring_km(lon, lat, km) for _, lon, lat, km, _ in ring_specs(ranges))
    arr = np.asarray([g for g in geoms if g is not None], dtype=object)
    arr = arr[~shapely.is_empty(arr)] if len(arr) else arr
    if not len(arr):
        return None
    bounds = shapely.bounds(arr)
    west, south = np.nanmin(bounds[:, 0]), np.nanmin(bounds[:, 1])
    east, north = np.nanmax(bounds[:, 2]), np.nanmax(bounds[:, 3])
    return float(west), float(south), float(east), float(north)
