"""DeepState's raw API format: labelled features, read into areas, markers and dropped ones."""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from frontline._errors import DeepStateReadError
from frontline.io.deepstate._day import Day, add_polygons, drop
from frontline.io.deepstate._zone import OUTSIDE_KM, in_ukraine
from frontline.io.deepstate.labels import OUTSIDE, SOURCE, Label, classify, parse_label

__all__ = ["read_raw"]


def read_raw(day: Day, doc: Any) -> None:
    if isinstance(doc, dict) and isinstance(doc.get("map"), dict):
        doc = doc["map"]  # /api/history/last wraps the collection in "map"
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        raise DeepStateReadError(day.path, "not a GeoJSON FeatureCollection")
    features = doc.get("features")
    if not isinstance(features, list):
        raise DeepStateReadError(day.path, "the FeatureCollection has no 'features' list")
    when = day.published.tz_localize(None) if day.published is not None else day.date
    labelled = any(
        isinstance(f, dict) and isinstance(f.get("properties"), dict) and "name" in f["properties"]
        for f in features
    )
    polys: list[BaseGeometry] = []
    meta: list[tuple[int, Label, Any]] = []
    for i, feature in enumerate(features):
        if not isinstance(feature, dict):
            raise DeepStateReadError(day.path, f"feature {i} is not a GeoJSON Feature")
        props = feature.get("properties") or {}
        if not isinstance(props, dict):
            props = {}
        label = parse_label(props.get("name"))
        gj = feature.get("geometry")
        if not gj:
            drop(day, None, "no geometry", feature=i, label=label)
            continue
        try:
            geom = shapely.geometry.shape(gj)
        except Exception as exc:  # shapely raises several types for bad coordinates
            drop(day, None, f"unreadable geometry ({exc})", feature=i, label=label)
            continue
        if shapely.has_z(geom):
            geom = shapely.force_2d(geom)
        for part in shapely.get_parts(geom) if geom.geom_type != "Polygon" else [geom]:
            kind = part.geom_type
            if kind in ("Polygon", "MultiPolygon"):
                for poly in shapely.get_parts(part) if kind == "MultiPolygon" else [part]:
                    polys.append(poly)
                    meta.append((i, label, props.get("fill")))
            elif kind in ("Point", "MultiPoint"):
                for point in shapely.get_parts(part) if kind == "MultiPoint" else [part]:
                    day.markers.append(
                        {
                            "date": day.date,
                            "source": SOURCE,
                            "key": label.key,
                            "name": label.text,
                            "icon": props.get("icon"),
                            "file": day.path.name,
                            "geometry": point,
                        }
                    )
            elif not part.is_empty:
                drop(day, part, f"a {kind}, not an area", feature=i, label=label)
    inside = in_ukraine(np.asarray(polys, dtype=object))
    by_status: dict[str, list[BaseGeometry]] = {}
    for poly, ok, (i, label, fill) in zip(polys, inside, meta, strict=True):
        status = classify(label, fill, when) if labelled else "occupied"
        if status == OUTSIDE:
            drop(
                day,
                poly,
                f"outside Ukraine ({label.key or 'by name/colour'})",
                feature=i,
                label=label,
            )
            continue
        if not ok:
            drop(
                day,
                poly,
                f"outside Ukraine (more than {OUTSIDE_KM:g} km from its outline)",
                feature=i,
                label=label,
            )
            continue
        if status is None:
            raise DeepStateReadError(
                day.path,
                f"feature {i} has an unknown status (name {label.text!r}, fill {fill!r}); "
                "read it with on_error='skip' to leave this file out, or report the label",
            )
        if poly.is_empty:
            continue
        by_status.setdefault(status, []).append(poly)
    for status, group in by_status.items():
        add_polygons(day, group, status)
