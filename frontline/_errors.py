"""Every exception and warning frontline raises, in one place.

All errors derive from :class:`FrontlineError` and all warnings from :class:`FrontlineWarning`,
so ``except fl.FrontlineError`` catches anything the library raises on purpose. Each class also
keeps the built-in base it had before (``LookupError``, ``ValueError``, ``OSError``,
``UserWarning``), so code that caught those goes on working.

Errors that collect several problems (claims, places, control frames) carry them in
``.problems`` and say every one in the message, so a user fixes a file in one pass.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import pandas as pd

__all__ = [
    "AmbiguousPlaceError",
    "AmbiguousRegionError",
    "ClaimsGeometryWarning",
    "ClaimsValidationError",
    "ControlValidationError",
    "DateOutOfRangeError",
    "DeepStateReadError",
    "DeepStateReadWarning",
    "FetchError",
    "FrontlineError",
    "FrontlineWarning",
    "GazetteerCacheWarning",
    "ImplausibleLayerError",
    "InvalidPlacesError",
    "IswLayerWarning",
    "MissingDayError",
    "PlaceNotFoundError",
    "PlaceWithoutCoordinatesError",
    "RegionNotFoundError",
    "StatementRulesError",
    "TileProviderError",
]

#: How many problems an error message lists before saying "... and N more".
MAX_SHOWN = 12


class FrontlineError(Exception):
    """Base of every error frontline raises on purpose."""


class FrontlineWarning(UserWarning):
    """Base of every warning frontline issues."""


def _listing(problems: Sequence[Any]) -> str:
    shown = "\n  - ".join(str(p) for p in problems[:MAX_SHOWN])
    more = len(problems) - MAX_SHOWN
    tail = f"\n  ... and {more} more (see .problems)" if more > 0 else ""
    return f"\n  - {shown}{tail}"


# ---------------------------------------------------------------------------------- regions


class RegionNotFoundError(FrontlineError, LookupError):
    """No region matches the name given."""


class AmbiguousRegionError(FrontlineError, LookupError):
    """More than one region matches the name given."""


# ---------------------------------------------------------------------------------- places


class PlaceNotFoundError(FrontlineError, LookupError):
    """No place matches the name (in the region).

    ``candidates`` holds the places of that name in other regions, then the fuzzy matches or
    else the closest names (may be empty).
    """

    def __init__(self, message: str, candidates: pd.DataFrame | None = None) -> None:
        super().__init__(message)
        self.candidates = candidates if candidates is not None else pd.DataFrame()


class AmbiguousPlaceError(FrontlineError, LookupError):
    """Several places match the name; ``candidates`` lists them, most populous first."""

    def __init__(self, message: str, candidates: pd.DataFrame) -> None:
        super().__init__(message)
        self.candidates = candidates


class InvalidPlacesError(FrontlineError, ValueError):
    """Places that cannot be looked up; ``.problems`` lists every (row, field, value, problem)."""

    def __init__(self, problems: Sequence[tuple[Any, str, str, str]]) -> None:
        self.problems = list(problems)
        lines = [
            f"row {row!r} field {field!r} value {value}: {problem}"
            for row, field, value, problem in self.problems
        ]
        super().__init__(
            f"{len(self.problems)} problem(s) with the places, nothing computed:{_listing(lines)}"
        )


# ---------------------------------------------------------------------------------- claims


class ClaimsValidationError(FrontlineError, ValueError):
    """Every problem found in a claims table or file, raised once.

    Attributes
    ----------
    problems : list of ClaimProblem
        One entry per problem: ``row``, ``claim_id``, ``field``, ``value``, ``message``.
    source : str or None
        The file the claims came from, when there was one.
    """

    def __init__(self, problems: Sequence[Any], *, source: str | None = None) -> None:
        self.problems = list(problems)
        self.source = source
        n = len(self.problems)
        head = f"{source}: " if source else ""
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(
            f"{head}{n} problem{'s' if n != 1 else ''} in the claims; fix them and try again:\n"
            f"{lines}"
        )

    def __reduce__(self) -> tuple[Any, ...]:  # keep pickling (multiprocessing) working
        return (_rebuild_claims_error, (self.problems, self.source))


def _rebuild_claims_error(problems: list[Any], source: str | None) -> ClaimsValidationError:
    return ClaimsValidationError(problems, source=source)


class ClaimsGeometryWarning(FrontlineWarning):
    """Geometries were repaired, or lie outside Ukraine and its borderland (one per call)."""


# ---------------------------------------------------------------------------------- control


class DateOutOfRangeError(FrontlineError, LookupError):
    """A date before the first or after the last day of a :class:`ControlHistory`."""


class MissingDayError(DateOutOfRangeError):
    """``strict=True`` and the history has no snapshot on the requested day."""


class ControlValidationError(FrontlineError, ValueError):
    """A frame that cannot be a :class:`ControlHistory`; ``.problems`` lists every problem."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__(
            f"{len(self.problems)} problem(s) with the control frame:{_listing(self.problems)}"
        )


# ---------------------------------------------------------------------------------- readers


class DeepStateReadError(FrontlineError, ValueError):
    """A DeepState file that cannot be read; ``.path`` and ``.reason`` say which and why."""

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.path, self.reason))


class DeepStateReadWarning(FrontlineWarning):
    """A DeepState file skipped with ``on_error="skip"`` (the message names file and reason)."""


class IswLayerWarning(FrontlineWarning):
    """A layer (or legend value) left out by ``read_isw(..., on_unknown="skip")``."""


class FetchError(FrontlineError, OSError):
    """A source could not be reached or sent something unusable; ``.url`` says where."""

    def __init__(self, message: str, *, url: str | None = None) -> None:
        self.url = url
        super().__init__(message)


# ---------------------------------------------------------------------------------- maps


class TileProviderError(FrontlineError, ValueError, TypeError):
    """A base map (``tiles=``) that cannot be used: an unknown name, a value of the wrong type,
    or a provider that needs an API key. It is a ``ValueError`` and a ``TypeError``, the two
    errors day and history maps raised for bad tiles before they shared one resolver."""


# ---------------------------------------------------------------------------------- gazetteer


class PlaceWithoutCoordinatesError(PlaceNotFoundError):
    """The settlement exists (the official codifier lists it) but the gazetteer in use has no
    coordinates for it; ``candidates`` holds its codifier row (``katottg``, ``raion``,
    ``hromada``) and ``katottg`` its code. ``fl.fetch_places()`` gets GeoNames' full list."""

    def __init__(self, message: str, candidates: pd.DataFrame | None = None) -> None:
        super().__init__(message, candidates)
        codes = self.candidates.get("katottg") if len(self.candidates) else None
        self.katottg = str(codes.iloc[0]) if codes is not None else None


class GazetteerCacheWarning(FrontlineWarning):
    """The full gazetteer in the cache cannot be read; the built-in one is used instead."""


# ------------------------------------------------------------------------------- statements


class StatementRulesError(FrontlineError, ValueError):
    """A statement rules file (or mapping) is malformed: the message names the file, the
    entry and the value, and says how to fix it."""


# ------------------------------------------------------------------------------ layer checks


class ImplausibleLayerError(FrontlineError, ValueError):
    """A layer whose coordinates cannot be right for Ukraine: latitude and longitude swapped,
    projected coordinates without a CRS, a CRS that cannot be transformed to
    longitude/latitude, or a layer mostly outside Ukraine. The message names the file and
    says how to fix it (``crs=`` to declare the CRS its coordinates are in)."""
