"""Reading layers of vector files, shared by the generic reader and the ISW reader."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pyogrio
import shapely

from frontline._errors import ControlValidationError
from frontline.io._sanity import to_lonlat

__all__ = ["areas_only", "check_path", "layer_names", "read_layer"]


def layer_names(path: Path) -> list[str]:
    """The layers of a vector file, in file order; ``ValueError`` if it cannot be read."""
    try:
        return [str(name) for name in pyogrio.list_layers(path)[:, 0]]
    except Exception as exc:  # pyogrio raises DataSourceError and others for unreadable files
        raise ValueError(f"{path}: not a readable vector file ({exc})") from None


def check_path(path: str | os.PathLike[str]) -> Path:
    """``path`` as a Path, or ``FileNotFoundError`` naming it (checked before anything else)."""
    p = Path(path)
    if not p.exists():
        raise FileNotFoundError(f"no such file: {p}; check the path (and the working directory)")
    return p


def read_layer(path: Path, layer: str | None, crs: Any = None) -> gpd.GeoDataFrame:
    """One layer (the only one when ``layer`` is None) in EPSG:4326, or a clear error.

    ``crs`` declares the CRS of the file's coordinates (overriding the file's own); a layer
    without a CRS, or with one that cannot be transformed, raises
    :class:`~frontline.ImplausibleLayerError` (see :mod:`frontline.io._sanity`).
    """
    names = layer_names(path)
    if layer is None:
        if len(names) > 1:
            raise ValueError(
                f"{path} holds {len(names)} layers ({', '.join(map(repr, names))}); pass "
                "layer= to choose one (or read_isw for files with one layer per legend entry)"
            )
        layer = names[0] if names else None
    elif layer not in names:
        raise LookupError(
            f"{path} has no layer {layer!r}; its layers are {', '.join(map(repr, names))}"
        )
    try:
        frame = gpd.read_file(path, layer=layer, engine="pyogrio")
    except Exception as exc:  # pyogrio's errors differ by driver
        raise ValueError(f"{path}: layer {layer!r} cannot be read ({exc})") from None
    return to_lonlat(frame, f"{path}: layer {layer!r}", crs)


def areas_only(frame: gpd.GeoDataFrame, where: str) -> gpd.GeoDataFrame:
    """Drop empty geometries; raise on points/lines (they are not areas)."""
    geoms = frame.geometry.to_numpy()
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    frame = frame[~missing]
    geoms = geoms[~missing]
    parts_ok = np.isin(shapely.get_type_id(geoms), (3, 6, 7))
    problems = [
        f"{where} row {idx!r} field 'geometry': a {g.geom_type}, not an area"
        for idx, g in zip(frame.index[~parts_ok], geoms[~parts_ok], strict=True)
    ]
    if problems:
        raise ControlValidationError(problems)
    return frame
