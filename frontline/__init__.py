"""frontline: map, measure and follow the front line of the Russia-Ukraine war.

The public API is re-exported here; each name lives in the module named beside it in
``_EXPORTS`` below, so any feature is one hop away. Nothing is imported until first use, which
keeps ``import frontline`` fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: public name -> module that defines it
_EXPORTS: dict[str, str] = {
    # geodesy: every area, length, distance and buffer on the ellipsoid
    "area_km2": "frontline.geodesy",
    "areas_km2": "frontline.geodesy",
    "length_km": "frontline.geodesy",
    "distance_km": "frontline.geodesy",
    "buffer_km": "frontline.geodesy",
    # regions: the 27 first-level units
    "load_regions": "frontline.regions",
    "region": "frontline.regions",
    "neighbors": "frontline.regions",
    "border": "frontline.regions",
    "ukraine_outline": "frontline.regions",
    # gazetteer: the settlements
    "find_place": "frontline.gazetteer",
    "places": "frontline.gazetteer",
    "PlaceNotFoundError": "frontline.gazetteer",
    "AmbiguousPlaceError": "frontline.gazetteer",
    # claims: dated geometries with provenance
    "CLAIM_COLUMNS": "frontline.claims",
    "ClaimsValidationError": "frontline.claims",
    "claims_from_records": "frontline.claims",
    "example_claims": "frontline.claims",
    "validate_claims": "frontline.claims",
    "derive_status": "frontline.claims",
    "parse_date": "frontline.claims",
    "ClaimsGeometryWarning": "frontline.claims",
    # control: assessed control over time
    "ControlHistory": "frontline.control",
    "STATUSES": "frontline.control",
    "DateOutOfRangeError": "frontline.control",
    # io: readers and writers
    "read_claims": "frontline.io.claims",
    "write_claims": "frontline.io.claims",
    "read_deepstate": "frontline.io.deepstate",
    "example_control": "frontline.io.deepstate",
    "read_control": "frontline.io.vector",
    "read_isw": "frontline.io.isw",
    "fetch_deepstate": "frontline.io.fetch",
    "FetchError": "frontline.io.fetch",
    "DeepStateReadError": "frontline.io.deepstate",
    # measure: shares, timelines, reconciliation, ranges
    "area_share": "frontline.measure",
    "describe_share": "frontline.measure",
    "timeline": "frontline.measure",
    "first_entry": "frontline.measure",
    "reconcile": "frontline.measure",
    "within_range": "frontline.measure",
    "occupied_neighbors": "frontline.measure",
    "first_entry_table": "frontline.measure",
    "SHARE_PHRASES": "frontline.measure",
    "UKRAINE_AREA_KM2": "frontline.measure",
    # settlements: who held each place on each day
    "settlement_control": "frontline.settlements",
    "control_changes": "frontline.settlements",
    "settlement_control_wide": "frontline.settlements",
    "InvalidPlacesError": "frontline.settlements",
    # render: maps
    "map_day": "frontline.render.folium_map",
    "map_history": "frontline.render.history",
    "history_pieces": "frontline.render.history",
    "save_html": "frontline.render.offline",
    "plot_day": "frontline.render.static",
    "plot_change": "frontline.render.static",
    "PALETTE": "frontline.render.palette",
}

__all__ = [*sorted(_EXPORTS), "__version__"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'frontline' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from frontline.claims import (  # noqa: F401
        CLAIM_COLUMNS,
        ClaimsGeometryWarning,
        ClaimsValidationError,
        claims_from_records,
        derive_status,
        example_claims,
        parse_date,
        validate_claims,
    )
    from frontline.control import STATUSES, ControlHistory, DateOutOfRangeError  # noqa: F401
    from frontline.gazetteer import (  # noqa: F401
        AmbiguousPlaceError,
        PlaceNotFoundError,
        find_place,
        places,
    )
    from frontline.geodesy import area_km2, areas_km2, buffer_km, distance_km, length_km  # noqa: F401
    from frontline.io.claims import read_claims, write_claims  # noqa: F401
    from frontline.io.deepstate import (  # noqa: F401
        DeepStateReadError,
        example_control,
        read_deepstate,
    )
    from frontline.io.fetch import FetchError, fetch_deepstate  # noqa: F401
    from frontline.io.isw import read_isw  # noqa: F401
    from frontline.io.vector import read_control  # noqa: F401
    from frontline.measure import (  # noqa: F401
        SHARE_PHRASES,
        UKRAINE_AREA_KM2,
        area_share,
        describe_share,
        first_entry,
        first_entry_table,
        occupied_neighbors,
        reconcile,
        timeline,
        within_range,
    )
    from frontline.regions import (  # noqa: F401
        border,
        load_regions,
        neighbors,
        region,
        ukraine_outline,
    )
    from frontline.render.folium_map import map_day  # noqa: F401
    from frontline.render.history import history_pieces, map_history  # noqa: F401
    from frontline.render.offline import save_html  # noqa: F401
    from frontline.render.palette import PALETTE  # noqa: F401
    from frontline.render.static import plot_change, plot_day  # noqa: F401
    from frontline.settlements import (  # noqa: F401
        InvalidPlacesError,
        control_changes,
        settlement_control,
        settlement_control_wide,
    )
