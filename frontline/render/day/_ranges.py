"""Range rings on a day map: geodesic circles of given radii round places
(:func:`frontline.geodesy.ring_km`), from a :func:`frontline.within_range` result or from
``(place, km)`` pairs whose places are resolved by :func:`frontline._place_input.resolve_places`."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from typing import Any

import folium
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from frontline._crs import require_lonlat
from frontline._place_input import resolve_places
from frontline.geodesy import ring_km
from frontline.render._common import day_str, text
from frontline.render._escape import escape_html
from frontline.render.palette import RANGE_COLOUR

__all__ = ["add_ranges", "ring_specs"]


def ring_specs(ranges: Any) -> list[tuple[str, float, float, float, str]]:
    """(label, lon, lat, km, note) for every ring asked for."""
    specs: list[tuple[str, float, float, float, str]] = []
    if isinstance(ranges, pd.DataFrame):
        frame = ranges
        if hasattr(frame, "crs") and getattr(frame, "_geometry_column_name", None) in frame:
            require_lonlat(frame, "ranges")
        kms: list[float] = []
        for col in frame.columns:
            hit = re.fullmatch(r"within_(\d+(?:\.\d+)?)_?km", str(col))
            if hit:
                kms.append(float(hit.group(1)))
        attr_km = frame.attrs.get("km")
        if not kms and attr_km is not None:
            kms = [float(k) for k in np.atleast_1d(attr_km)]
        if not kms:
            raise ValueError(
                "ranges: found no within_<k>km columns (as fl.within_range returns) and no "
                "attrs['km']; pass ranges=[(place, km), ...] instead"
            )
        for i in range(len(frame)):
            row = frame.iloc[i]
            lon, lat = _row_lonlat(row, i)
            label = text(row.get("name")) or text(row.get("place"))
            if not label or label.upper().startswith("POINT"):
                label = f"{lat:.3f}\u00b0N {lon:.3f}\u00b0E"
            note = ""
            if "distance_km" in frame.columns and not pd.isna(row.get("distance_km")):
                note = f"{float(row['distance_km']):.1f} km to the assessed front"
                if "snapshot_date" in frame.columns:
                    note += f" ({day_str(row['snapshot_date'])})"
            for km in kms:
                specs.append((label, lon, lat, km, note))
        return specs
    if not isinstance(ranges, Iterable) or isinstance(ranges, (str, bytes)):
        raise ValueError(
            "ranges must be a fl.within_range(...) result or a list of (place, km) pairs, "
            f"not {type(ranges).__name__}"
        )
    for j, item in enumerate(ranges):
        if not isinstance(item, Sequence) or isinstance(item, str) or len(item) != 2:
            raise ValueError(
                f"ranges item {j} ({item!r}) is not a (place, km) pair; e.g. ('Pokrovsk', 25) "
                "or ((37.18, 48.28), [10, 25])"
            )
        place, km = item
        kms = np.atleast_1d(km).tolist()
        for k in kms:
            if not isinstance(k, (int, float)) or not (k > 0) or math.isinf(k):
                raise ValueError(f"ranges item {j}: km {k!r} is not a positive number")
        for ref in resolve_places(place, what=f"ranges item {j}: place"):
            specs.extend((ref.label, ref.lon, ref.lat, float(k), "") for k in kms)
    return specs


def _row_lonlat(row: pd.Series, i: int) -> tuple[float, float]:
    geom = row.get("geometry")
    if isinstance(geom, BaseGeometry) and not geom.is_empty:
        pt = geom if isinstance(geom, shapely.Point) else geom.representative_point()
        return float(pt.x), float(pt.y)
    if "lon" in row.index and "lat" in row.index:
        return float(row["lon"]), float(row["lat"])
    raise ValueError(f"ranges row {i} has neither a geometry nor lon/lat columns")


def add_ranges(m: folium.Map, ranges: Any) -> int:
    specs = ring_specs(ranges)
    if not specs:
        return 0
    layer = folium.FeatureGroup(name="Range rings")
    seen: set[tuple[float, float]] = set()
    for label, lon, lat, km, note in specs:
        ring = ring_km(lon, lat, km)
        folium.GeoJson(
            shapely.geometry.mapping(shapely.LineString(ring.exterior.coords)),
            style_function=lambda _f: {
                "color": RANGE_COLOUR,
                "weight": 1.5,
                "opacity": 0.9,
                "dashArray": "2 4",
                "fill": False,
            },
            tooltip=folium.Tooltip(str(escape_html(f"{km:g} km from {label}")), sticky=True),
            control=False,
        ).add_to(layer)
        if (lon, lat) not in seen:
            seen.add((lon, lat))
            tip = f"{label}" + (f": {note}" if note else "")
            folium.CircleMarker(
                location=(lat, lon),
                radius=4,
                color=RANGE_COLOUR,
                weight=1.5,
                fill=True,
                fill_color="#FFFFFF",
                fill_opacity=1.0,
                tooltip=folium.Tooltip(str(escape_html(tip))),
            ).add_to(layer)
    layer.add_to(m)
    return len(specs)
