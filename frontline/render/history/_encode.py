"""Pieces and lines as compact JSON for the page: integer steps on the ``precision`` grid."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

__all__ = ["DAY_MS", "day_number", "encode_lines", "encode_polygons"]

DAY_MS = 86_400_000


def day_number(ts: Any) -> int:
    """Days since 1970-01-01 of a Timestamp.

    Examples
    --------
    >>> import pandas as pd
    >>> day_number(pd.Timestamp("1970-01-03"))
    2
    """
    return int(ts.value // (DAY_MS * 1_000_000))


def encode_polygons(polys: Sequence[BaseGeometry], grid: float) -> list[str]:
    """Each polygon as JSON ``[ring, ...]``; a ring is ``[x0, y0, dx1, dy1, ...]`` in grid steps.

    The closing point is left out (the page closes every ring).
    """
    if not polys:
        return []
    scale = round(1.0 / grid)
    rings, owner = shapely.get_rings(np.asarray(polys, dtype=object), return_index=True)
    coords, ring_of = shapely.get_coordinates(rings, return_index=True)
    ints = np.rint(coords * scale).astype(np.int64)
    steps = np.diff(ints, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
    first = np.r_[True, ring_of[1:] != ring_of[:-1]]
    steps[first] = ints[first]
    last = np.r_[ring_of[1:] != ring_of[:-1], True]
    keep = ~last
    flat = steps[keep]
    ring_keep = ring_of[keep]
    cuts = np.flatnonzero(np.r_[True, ring_keep[1:] != ring_keep[:-1]])
    text = [",".join(map(str, chunk.ravel().tolist())) for chunk in np.split(flat, cuts[1:])]
    out: list[list[str]] = [[] for _ in polys]
    for r, t in zip(np.unique(ring_keep).tolist(), text, strict=True):
        out[int(owner[r])].append("[" + t + "]")
    return ["[" + ",".join(rs) + "]" for rs in out]


def encode_lines(geom: BaseGeometry, grid: float) -> str:
    """A (multi)line as JSON ``[[x0, y0, dx1, dy1, ...], ...]`` in grid steps."""
    lines = [g for g in shapely.get_parts(geom) if g.geom_type == "LineString" and not g.is_empty]
    if not lines:
        return "[]"
    scale = round(1.0 / grid)
    out = []
    for line in lines:
        ints = np.rint(shapely.get_coordinates(line) * scale).astype(np.int64)
        ints = ints[np.r_[True, np.any(np.diff(ints, axis=0) != 0, axis=1)]]
        if len(ints) < 2:
            continue
        steps = np.diff(ints, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
        out.append("[" + ",".join(map(str, steps.ravel().tolist())) + "]")
    return "[" + ",".join(out) + "]"
