"""Claims located by name: regions, borders and settlements, each looked up once per run.

Lookups fail with ``ValueError`` whose message is the lookup's own (the validation step adds
the row and field); a fuzzy gazetteer match is refused rather than used without asking.
"""

from __future__ import annotations

from typing import Any

from shapely.geometry.base import BaseGeometry

from frontline import regions
from frontline.gazetteer import find_place

__all__ = ["Resolver"]


class Resolver:
    """Name lookups for one validation run, each name resolved once."""

    def __init__(self) -> None:
        self._codes: dict[str, str] = {}
        self._regions: dict[str, BaseGeometry] = {}
        self._borders: dict[tuple[str, str], BaseGeometry] = {}
        self._places: dict[tuple[str, str | None], Any] = {}

    def code(self, name: str) -> str:
        """The ISO 3166-2 code of a region name or code."""
        if name not in self._codes:
            try:
                self._codes[name] = regions.region_code(name)
            except (LookupError, ValueError) as exc:
                raise ValueError(_message(exc)) from None
        return self._codes[name]

    def region_geometry(self, code: str) -> BaseGeometry:
        """The region's polygon."""
        if code not in self._regions:
            self._regions[code] = regions.region(code)["geometry"]
        return self._regions[code]

    def border(self, a: str, b: str) -> BaseGeometry:
        """The boundary line two regions share."""
        key = (self.code(a), self.code(b))
        if key not in self._borders:
            try:
                found = regions.border(key[0], key[1])
            except (LookupError, ValueError) as exc:
                raise ValueError(_message(exc)) from None
            geom = found.geometry.iloc[0] if len(found) else None
            if geom is None or geom.is_empty:
                raise ValueError(f"{a} and {b} share no border")
            self._borders[key] = geom
        return self._borders[key]

    def place(self, name: str, region: str | None) -> Any:
        """The gazetteer's settlement of that name (exact or transliterated, never fuzzy)."""
        key = (name, region)
        if key not in self._places:
            try:
                found = find_place(name, region=region)
            except (LookupError, ValueError) as exc:
                raise ValueError(_message(exc)) from None
            if found["matched_by"] == "fuzzy":
                raise ValueError(
                    f"no settlement is called {name!r}; the nearest spelling is "
                    f"{found['name']} ({found['region_name']}), which is not used without "
                    "asking: write its name as the gazetteer has it, or give lat/lon"
                )
            self._places[key] = found
        return self._places[key]


def _message(exc: BaseException) -> str:
    """The lookup error's own message (without the quotes ``KeyError`` would add)."""
    return str(exc.args[0]) if len(exc.args) == 1 else str(exc)
