"""frontline: map, measure and follow the front line of the Russia-Ukraine war.

The public API is re-exported here; each name lives in the module named beside it in
``_EXPORTS`` below, so any feature is one hop away. Nothing is imported until first use, which
keeps ``import frontline`` fast.

API convention
--------------
- A function that measures an assessed-control history takes it as its first parameter, named
  ``history``: ``area_share(history, date)``, ``timeline(history)``,
  ``first_entry(history, region)``, ``reconcile(history, claims)``,
  ``within_range(history, place, date)``, ``occupied_neighbors(history, region, date)``,
  ``settlement_control(history)``, ``front_line(history, date)``,
  ``advance(history, start, end)``, ``distance_to_front(history, place)``,
  ``monthly(history)``, ``scorecard(history, claims)``.
- A function that draws takes the history as the keyword ``history=``:
  ``map_day(date, history=h)``, ``plot_day(date, history=h)``; ``map_history(history)``,
  ``map_change(history, start, end)`` and the charts (``plot_held_area(history)``,
  ``plot_monthly(history)``, ``plot_distance(history, place)``) draw nothing else, so there
  it is the first parameter. ``plot_scorecard(card)`` draws a :func:`scorecard` already
  computed, so it takes no history.
- Options come after the required arguments and are keyword-only. One spelling per concept:
  ``date`` for a day (ISO 8601, see :func:`parse_date`), ``statuses=`` for a status filter
  (see :data:`STATUSES`), ``fill=`` for days a source skipped.
- A function returns one type whatever its flags; figures carry their provenance (source,
  snapshot date, method, footnote) in ``.attrs``.
- Coordinates are longitude/latitude (EPSG:4326) at the edges; areas, lengths and distances
  are geodesic on the WGS84 ellipsoid or equal-area with a checked error, and say which.
- Every error derives from :class:`FrontlineError` (and the built-in it always was), every
  warning from :class:`FrontlineWarning`.

Spellings of 0.1 (``within_range(place, history, date)``, ``map_day(control=...)``,
``as_of(status=...)``, ``settlement_control(fill_gaps=...)``) still work in this release with
a :class:`FutureWarning`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"

#: public name -> module that defines it (or re-exports it from its private modules)
_EXPORTS: dict[str, str] = {
    # geodesy: every area, length, distance and buffer on the WGS84 ellipsoid
    "area_km2": "frontline.geodesy",
    "areas_km2": "frontline.geodesy",
    "length_km": "frontline.geodesy",
    "distance_km": "frontline.geodesy",
    "buffer_km": "frontline.geodesy",
    # dates: the one ISO 8601 day parser
    "parse_date": "frontline._dates",
    # errors and warnings: one base class each
    "FrontlineError": "frontline._errors",
    "FrontlineWarning": "frontline._errors",
    "RegionNotFoundError": "frontline._errors",
    "AmbiguousRegionError": "frontline._errors",
    "PlaceNotFoundError": "frontline._errors",
    "AmbiguousPlaceError": "frontline._errors",
    "PlaceWithoutCoordinatesError": "frontline._errors",
    "InvalidPlacesError": "frontline._errors",
    "ClaimsValidationError": "frontline._errors",
    "ClaimsGeometryWarning": "frontline._errors",
    "DateOutOfRangeError": "frontline._errors",
    "MissingDayError": "frontline._errors",
    "ControlValidationError": "frontline._errors",
    "DeepStateReadError": "frontline._errors",
    "DeepStateReadWarning": "frontline._errors",
    "IswLayerWarning": "frontline._errors",
    "FetchError": "frontline._errors",
    "TileProviderError": "frontline._errors",
    "GazetteerCacheWarning": "frontline._errors",
    "StatementRulesError": "frontline._errors",
    "ImplausibleLayerError": "frontline._errors",
    # regions: the 27 first-level units
    "load_regions": "frontline.regions",
    "region": "frontline.regions",
    "neighbors": "frontline.regions",
    "border": "frontline.regions",
    "ukraine_outline": "frontline.regions",
    "region_extensions": "frontline.regions",
    "beyond_ukraine": "frontline.regions",
    # gazetteer: every settlement (official codifier + GeoNames)
    "find_place": "frontline.gazetteer",
    "places": "frontline.gazetteer",
    "footprints": "frontline.gazetteer",
    "gazetteer_info": "frontline.gazetteer",
    "GazetteerInfo": "frontline.gazetteer",
    # claims: dated geometries with provenance
    "CLAIM_COLUMNS": "frontline.claims",
    "claims_from_records": "frontline.claims",
    "example_claims": "frontline.claims",
    "validate_claims": "frontline.claims",
    "derive_status": "frontline.claims",
    # control: assessed control over time
    "ControlHistory": "frontline.control",
    "STATUSES": "frontline.control",
    "OCCUPIED": "frontline.control",
    # io: readers, writers and fetchers
    "read_claims": "frontline.io.claims",
    "write_claims": "frontline.io.claims",
    "read_deepstate": "frontline.io.deepstate",
    "example_control": "frontline.io.deepstate",
    "read_control": "frontline.io.vector",
    "read_isw": "frontline.io.isw",
    "fetch_deepstate": "frontline.io.fetch",
    "fetch_places": "frontline.io.geonames",
    "fetch_history": "frontline.io.history_fetch",
    "fetched_history_info": "frontline.io._history_cache",  # no geometry library: quick
    "read_history": "frontline.io.history_store",
    "save_history": "frontline.io.history_store",
    # statements: official statements in, claims out
    "claims_from_text": "frontline.statements",
    "claims_from_statements": "frontline.statements",
    "load_rules": "frontline.statements",
    "StatementClaims": "frontline.statements",
    "StatementRules": "frontline.statements",
    # measure: shares, timelines, entries, reconciliation, ranges, scorecard
    "area_share": "frontline.measure",
    "describe_share": "frontline.measure",
    "timeline": "frontline.measure",
    "first_entry": "frontline.measure",
    "first_entry_table": "frontline.measure",
    "reconcile": "frontline.measure",
    "within_range": "frontline.measure",
    "occupied_neighbors": "frontline.measure",
    "scorecard": "frontline.measure",
    "claim_lags": "frontline.measure",
    "SHARE_PHRASES": "frontline.measure",
    "UKRAINE_AREA_KM2": "frontline.measure",
    # settlements: who held each place on each day
    "settlement_control": "frontline.settlements",
    "control_changes": "frontline.settlements",
    "control_events": "frontline.settlements",
    "describe_fall": "frontline.settlements",
    "settlement_control_wide": "frontline.settlements",
    # front: the contact line, its length, pace, distance to places, monthly report
    "front_line": "frontline.front",
    "front_length": "frontline.front",
    "directions": "frontline.front",
    "advance": "frontline.front",
    "distance_to_front": "frontline.front",
    "eta": "frontline.front",
    "describe_distance": "frontline.front",
    "describe_eta": "frontline.front",
    "monthly": "frontline.front",
    "monthly_text": "frontline.front",
    # render: maps
    "map_day": "frontline.render",
    "map_history": "frontline.render",
    "history_pieces": "frontline.render",
    "save_html": "frontline.render",
    "plot_day": "frontline.render",
    "plot_change": "frontline.render",
    "map_change": "frontline.render",
    "plot_held_area": "frontline.render",
    "plot_monthly": "frontline.render",
    "plot_distance": "frontline.render",
    "plot_scorecard": "frontline.render",
    "PALETTE": "frontline.render",
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
    from frontline._dates import (  # noqa: F401
        parse_date,
    )
    from frontline._errors import (  # noqa: F401
        AmbiguousPlaceError,
        AmbiguousRegionError,
        ClaimsGeometryWarning,
        ClaimsValidationError,
        ControlValidationError,
        DateOutOfRangeError,
        DeepStateReadError,
        DeepStateReadWarning,
        FetchError,
        FrontlineError,
        FrontlineWarning,
        GazetteerCacheWarning,
        ImplausibleLayerError,
        InvalidPlacesError,
        IswLayerWarning,
        MissingDayError,
        PlaceNotFoundError,
        PlaceWithoutCoordinatesError,
        RegionNotFoundError,
        StatementRulesError,
        TileProviderError,
    )
    from frontline.claims import (  # noqa: F401
        CLAIM_COLUMNS,
        claims_from_records,
        derive_status,
        example_claims,
        validate_claims,
    )
    from frontline.control import (  # noqa: F401
        OCCUPIED,
        STATUSES,
        ControlHistory,
    )
    from frontline.front import (  # noqa: F401
        advance,
        describe_distance,
        describe_eta,
        directions,
        distance_to_front,
        eta,
        front_length,
        front_line,
        monthly,
        monthly_text,
    )
    from frontline.gazetteer import (  # noqa: F401
        GazetteerInfo,
        find_place,
        footprints,
        gazetteer_info,
        places,
    )
    from frontline.geodesy import (  # noqa: F401
        area_km2,
        areas_km2,
        buffer_km,
        distance_km,
        length_km,
    )
    from frontline.io.claims import (  # noqa: F401
        read_claims,
        write_claims,
    )
    from frontline.io.deepstate import (  # noqa: F401
        example_control,
        read_deepstate,
    )
    from frontline.io.fetch import (  # noqa: F401
        fetch_deepstate,
    )
    from frontline.io.geonames import (  # noqa: F401
        fetch_places,
    )
    from frontline.io.history_fetch import (  # noqa: F401
        fetch_history,
        fetched_history_info,
    )
    from frontline.io.history_store import (  # noqa: F401
        read_history,
        save_history,
    )
    from frontline.io.isw import (  # noqa: F401
        read_isw,
    )
    from frontline.io.vector import (  # noqa: F401
        read_control,
    )
    from frontline.measure import (  # noqa: F401
        SHARE_PHRASES,
        UKRAINE_AREA_KM2,
        area_share,
        claim_lags,
        describe_share,
        first_entry,
        first_entry_table,
        occupied_neighbors,
        reconcile,
        scorecard,
        timeline,
        within_range,
    )
    from frontline.regions import (  # noqa: F401
        beyond_ukraine,
        border,
        load_regions,
        neighbors,
        region,
        region_extensions,
        ukraine_outline,
    )
    from frontline.render import (  # noqa: F401
        PALETTE,
        history_pieces,
        map_change,
        map_day,
        map_history,
        plot_change,
        plot_day,
        plot_distance,
        plot_held_area,
        plot_monthly,
        plot_scorecard,
        save_html,
    )
    from frontline.settlements import (  # noqa: F401
        control_changes,
        control_events,
        describe_fall,
        settlement_control,
        settlement_control_wide,
    )
    from frontline.statements import (  # noqa: F401
        StatementClaims,
        StatementRules,
        claims_from_statements,
        claims_from_text,
        load_rules,
    )
