"""The one CRS check: frontline works in longitude/latitude (EPSG:4326) at its edges.

Frames that come in with another declared CRS are converted (``convert=True``) or refused;
frames with no CRS are refused with a message saying how to declare one.
"""

from __future__ import annotations

from typing import Any, TypeVar

import pyproj

__all__ = ["is_lonlat", "require_lonlat"]

F = TypeVar("F")


def is_lonlat(crs: Any) -> bool:
    """Whether ``crs`` (anything pyproj understands) is EPSG:4326 / OGC:CRS84.

    Examples
    --------
    >>> is_lonlat("EPSG:4326"), is_lonlat("OGC:CRS84"), is_lonlat(3857)
    (True, True, False)
    """
    parsed = pyproj.CRS.from_user_input(crs)
    return parsed.to_epsg() == 4326 or parsed.equals(pyproj.CRS("OGC:CRS84"))


def require_lonlat(frame: F, what: str, *, convert: bool = False) -> F:
    """``frame`` (a GeoDataFrame or GeoSeries) in EPSG:4326, or a clear error.

    Parameters
    ----------
    frame : GeoDataFrame or GeoSeries
        The data to check.
    what : str
        How the data is called in messages (``"claims"``, ``"places"``, a file name...).
    convert : bool
        Convert a frame with another declared CRS (True), or refuse it (False).

    Raises
    ------
    ValueError
        No CRS, or (``convert=False``) a CRS other than EPSG:4326.

    Examples
    --------
    >>> import geopandas as gpd, shapely
    >>> frame = gpd.GeoDataFrame(geometry=[shapely.Point(4137000, 6150000)], crs=3857)
    >>> round(float(require_lonlat(frame, "places", convert=True).geometry.x.iloc[0]), 2)
    37.16
    >>> require_lonlat(frame.set_crs(None, allow_override=True), "places")
    Traceback (most recent call last):
    ...
    ValueError: places has no CRS; if its coordinates are longitude/latitude call ...
    """
    crs = getattr(frame, "crs", None)
    if crs is None:
        raise ValueError(
            f"{what} has no CRS; if its coordinates are longitude/latitude call "
            f".set_crs(4326), otherwise .set_crs(<its CRS>) so that it can be converted"
        )
    if is_lonlat(crs):
        return frame
    if convert:
        return frame.to_crs(4326)  # type: ignore[attr-defined]
    raise ValueError(
        f"{what} is in {crs.to_string()} ({crs.name}); frontline works in longitude/latitude: "
        f"call .to_crs(4326) first"
    )
