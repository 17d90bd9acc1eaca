"""One file being read: its day, its areas, markers and dropped features."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from shapely.geometry.base import BaseGeometry

from frontline.control import union_polygons
from frontline.io.deepstate.labels import SOURCE, Label

__all__ = ["NO_AREAS", "Day", "add_polygons", "drop"]

NO_AREAS = "no areas inside Ukraine in this snapshot"


@dataclass
class Day:
    path: Path
    date: pd.Timestamp
    published: pd.Timestamp | None
    areas: list[tuple[str, BaseGeometry]] = field(default_factory=list)
    markers: list[dict[str, Any]] = field(default_factory=list)
    dropped: list[dict[str, Any]] = field(default_factory=list)
    unchecked: list[int] = field(default_factory=list)  # areas whose validity is not yet known


def drop(
    day: Day, geom: Any, reason: str, *, feature: int = -1, label: Label | None = None
) -> None:
    """Record a feature left out of ``day`` and why (it goes to ``history.dropped``)."""
    day.dropped.append(
        {
            "date": day.date,
            "source": SOURCE,
            "file": day.path.name,
            "feature": feature,
            "name": label.text if label else "",
            "key": label.key if label else None,
            "reason": reason,
            "geometry": geom,
        }
    )


def add_polygons(day: Day, polys: list[BaseGeometry], status: str) -> None:
    """Add the union of ``polys`` to ``day`` as one area of ``status`` (unless empty)."""
    geom = union_polygons(polys)
    if not geom.is_empty:
        day.areas.append((status, geom))
