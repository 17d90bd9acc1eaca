"""The gazetteer in use as a table of points, and which gazetteer that is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from frontline.gazetteer._store import PLACE_COLUMNS, gazetteer

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

__all__ = ["GazetteerInfo", "gazetteer_info", "places"]

CREDIT = "Place data: GeoNames (https://www.geonames.org), CC BY 4.0"


@dataclass(frozen=True)
class GazetteerInfo:
    """Which gazetteer is in use: ``name``, ``source``, ``path`` (the cached file, or None
    for the built-in one), ``places`` (with coordinates), ``linked`` (of which linked to a
    codifier entry), ``codified`` (settlements in the codifier), ``without_coordinates``
    (codified settlements no place is linked to) and ``credit``."""

    name: str
    full: bool
    source: str
    path: str | None
    places: int
    linked: int
    codified: int
    without_coordinates: int
    credit: str = CREDIT

    def __str__(self) -> str:
        return (
            f"{self.name}: {self.places:,} places, {self.linked:,} linked to the official "
            f"codifier's {self.codified:,} settlements ({self.without_coordinates:,} codified "
            f"settlements without coordinates). {self.credit}"
        )


def gazetteer_info() -> GazetteerInfo:
    """Which gazetteer :func:`find_place` and :func:`places` use, and how complete it is.

    Examples
    --------
    >>> info = gazetteer_info()
    >>> info.codified > 29000, info.linked <= info.places
    (True, True)
    """
    gaz = gazetteer()
    return GazetteerInfo(
        name=gaz.label,
        full=gaz.full,
        source=gaz.source,
        path=gaz.path,
        places=gaz.places,
        linked=gaz.linked,
        codified=gaz.codified,
        without_coordinates=len(gaz.frame) - gaz.places,
    )


def places(*, region: Any = None) -> gpd.GeoDataFrame:
    """The gazetteer's places, or those of one region, as points.

    Parameters
    ----------
    region : str or pandas.Series, optional
        Anything :func:`frontline.regions.region` accepts, or one of its rows.

    Returns
    -------
    geopandas.GeoDataFrame
        EPSG:4326, most populous first, columns ``place_id``, ``name``, ``name_uk``,
        ``name_geonames``, ``region``, ``region_name``, ``region_geonames``, ``kind``,
        ``population``, ``katottg``, ``category``, ``raion``, ``hromada`` (None where the
        place is linked to no codifier entry) and ``geometry`` (Point). Every place of the
        gazetteer in use (:func:`gazetteer_info`): after :func:`frontline.fetch_places`,
        GeoNames' full list. A fresh copy on each call. Credit GeoNames (CC BY 4.0).

    Examples
    --------
    >>> sumy = places(region="Sumy")
    >>> sumy.iloc[0]["name"], sumy.crs.to_epsg(), bool((sumy["region"] == "UA-59").all())
    ('Sumy', 4326, True)
    """
    import geopandas as gpd

    from frontline.gazetteer.lookup import _region_code

    gaz = gazetteer()
    frame = gaz.frame.iloc[: gaz.places]
    if region is not None:
        frame = frame[frame["region"] == _region_code(region)]
    frame = frame.sort_values(["population", "place_id"], ascending=[False, True], kind="stable")
    geometry = gpd.points_from_xy(frame["lon"], frame["lat"], crs="EPSG:4326")
    columns = [c for c in PLACE_COLUMNS if c not in ("lon", "lat")]
    out = frame[columns].reset_index(drop=True)
    out["place_id"] = out["place_id"].astype("int64")
    return gpd.GeoDataFrame(out, geometry=geometry, crs="EPSG:4326")
