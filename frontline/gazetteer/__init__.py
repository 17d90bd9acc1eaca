"""The gazetteer: Ukraine's settlements by any of their names, with their coordinates.

:func:`find_place` (in :mod:`frontline.gazetteer.lookup`) finds one settlement;
:func:`places` and :func:`gazetteer_info` (in :mod:`frontline.gazetteer.listing`) list the
gazetteer in use and say which it is; :func:`footprints` (in
:mod:`frontline.gazetteer.footprint_model`) gives each place an area, modelled from its
population and category. The data: the official codifier of settlements (built
in), GeoNames' populated places (``cities500`` built in; the full list after
:func:`frontline.fetch_places`). GeoNames data is CC BY 4.0: credit "GeoNames".
"""

from frontline.gazetteer.footprint_model import footprints
from frontline.gazetteer.listing import GazetteerInfo, gazetteer_info, places
from frontline.gazetteer.lookup import (
    DOMINANCE,
    FUZZY_LETTERS_PER_EDIT,
    UNRECORDED_POPULATION,
    AmbiguousPlaceError,
    PlaceNotFoundError,
    PlaceWithoutCoordinatesError,
    find_place,
)

__all__ = [
    "DOMINANCE",
    "FUZZY_LETTERS_PER_EDIT",
    "UNRECORDED_POPULATION",
    "AmbiguousPlaceError",
    "GazetteerInfo",
    "PlaceNotFoundError",
    "PlaceWithoutCoordinatesError",
    "find_place",
    "footprints",
    "gazetteer_info",
    "places",
]
