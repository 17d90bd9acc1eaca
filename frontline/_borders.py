"""The shared boundary lines of neighbouring regions: computed, or read as shipped.

Finding them buffers every region polygon geodesically and intersects boundaries, a few tenths
of a second that would be the same on every run: ``data/build/build_borders.py`` computes them
once into ``data/regions/borders.geojson``. That file records the SHA-256 of the
``regions.geojson`` it was computed from and the two thresholds; :func:`shipped` returns None
when any of them differs (the lines are then computed again), so a stale file is never used.
Coordinates are written with Python's shortest round-tripping float repr, so the lines read
back are exactly the ones computed.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import geopandas as gpd
import shapely
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

from frontline import geodesy
from frontline._resources import data_file

__all__ = ["FILE", "compute", "regions_digest", "shipped", "to_geojson"]

#: Where the computed lines are shipped, under ``data/``.
FILE = ("regions", "borders.geojson")

Borders = dict[tuple[str, str], BaseGeometry]


def regions_digest() -> str:
    """SHA-256 of the shipped ``regions.geojson`` (what the borders were computed from)."""
    return hashlib.sha256(data_file("regions", "regions.geojson").read_bytes()).hexdigest()


def compute(regions: gpd.GeoDataFrame, *, tolerance_km: float, min_km: float) -> Borders:
    """Shared boundary lines between every pair of neighbouring regions, both ways round.

    The line of a pair is the boundary of the region that comes first in ``regions`` within
    ``tolerance_km`` (geodesic buffer) of the other; lines shorter than ``min_km`` (geodesic)
    are corner touches and left out.
    """
    geoms = regions.geometry.values
    codes = regions["code"].tolist()
    tree = shapely.STRtree(geoms)
    # Pairs whose bounding boxes come within ~2 km of each other.
    pairs = tree.query(shapely.buffer(shapely.envelope(geoms), 0.02), predicate="intersects")
    out: Borders = {}
    grown = {}
    for i, j in zip(*pairs, strict=True):
        if i >= j:
            continue
        if j not in grown:
            grown[j] = geodesy.buffer_km(geoms[j], tolerance_km)
        line = shapely.intersection(shapely.boundary(geoms[i]), grown[j])
        line = shapely.line_merge(
            shapely.MultiLineString(
                [g for g in shapely.get_parts(line) if g.geom_type == "LineString"]
            )
        )
        if line.is_empty or geodesy.length_km(line) < min_km:
            continue
        out[(codes[i], codes[j])] = line
        out[(codes[j], codes[i])] = line
    return out


def to_geojson(borders: Borders, *, digest: str, tolerance_km: float, min_km: float) -> str:
    """The lines as the text of ``borders.geojson`` (each pair once, in the order computed)."""
    seen: set[frozenset[str]] = set()
    features = []
    for (a, b), line in borders.items():
        if frozenset((a, b)) in seen:
            continue
        seen.add(frozenset((a, b)))
        features.append(
            {
                "type": "Feature",
                "properties": {"code_a": a, "code_b": b},
                "geometry": mapping(line),
            }
        )
    collection = {
        "type": "FeatureCollection",
        "regions_sha256": digest,
        "tolerance_km": tolerance_km,
        "min_border_km": min_km,
        "features": features,
    }
    return json.dumps(collection, separators=(",", ":")) + "\n"


def shipped(*, tolerance_km: float, min_km: float) -> Borders | None:
    """The shipped lines, or None if the file is missing or was computed from other input."""
    try:
        collection: dict[str, Any] = json.loads(data_file(*FILE).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None
    if (
        collection.get("regions_sha256") != regions_digest()
        or collection.get("tolerance_km") != tolerance_km
        or collection.get("min_border_km") != min_km
    ):
        return None
    out: Borders = {}
    for feature in collection["features"]:
        a, b = feature["properties"]["code_a"], feature["properties"]["code_b"]
        line = shape(feature["geometry"])
        out[(a, b)] = line
        out[(b, a)] = line
    return out
