"""The one tile-provider resolver: a base map named or given, checked, as an xyzservices provider.

Day and history maps both take ``tiles=`` as an :mod:`xyzservices` provider name, a
``TileProvider`` or None, and refuse anything else with
:class:`~frontline._errors.TileProviderError`.
"""

from __future__ import annotations

from typing import Any

import xyzservices

from frontline._errors import TileProviderError

__all__ = ["DEFAULT_TILES", "resolve_tiles"]

#: Base map used when ``tiles`` is not given: a light grey canvas without a token (xyzservices
#: lists CartoDB's tiles as needing an API key; pass ``tiles=xyz.CartoDB.Positron(apikey=...)``
#: or ``tiles="CartoDB Positron"`` with a key set to use them).
DEFAULT_TILES = "Esri.WorldGrayCanvas"


def resolve_tiles(tiles: Any) -> xyzservices.TileProvider | None:
    """The provider meant by ``tiles`` (None for no base map).

    Raises
    ------
    TileProviderError
        An unknown name, a value that is not a provider, or a provider that needs an API key
        (a ``ValueError``, and a ``TypeError`` as well for a value of the wrong type).

    Examples
    --------
    >>> resolve_tiles("OpenStreetMap Mapnik").name
    'OpenStreetMap.Mapnik'
    >>> resolve_tiles("No Such Tiles")
    Traceback (most recent call last):
    ...
    frontline._errors.TileProviderError: unknown tile provider 'No Such Tiles': not an ...
    """
    if tiles is None:
        return None
    if isinstance(tiles, xyzservices.TileProvider):
        provider = tiles
    elif isinstance(tiles, str):
        try:
            provider = xyzservices.providers.query_name(tiles)
        except ValueError:
            raise TileProviderError(
                f"unknown tile provider {tiles!r}: not an xyzservices provider name; try "
                f"{DEFAULT_TILES!r}, 'OpenStreetMap.Mapnik', an xyzservices.TileProvider, or "
                "None for no base map"
            ) from None
    else:
        raise TileProviderError(
            f"tiles must be an xyzservices provider name, an xyzservices.TileProvider or None, "
            f"not {type(tiles).__name__}"
        )
    if provider.requires_token():
        raise TileProviderError(
            f"the tile provider {provider.name} needs an API key; pass it as "
            f"tiles=xyzservices.providers.{provider.name}(apikey='...') (the keyword name is in "
            f"the provider's URL), or choose a provider without a key such as {DEFAULT_TILES!r}"
        )
    return provider
