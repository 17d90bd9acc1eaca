"""One problem found in a claims table: where (row, claim_id, field), what (value), and why.

:class:`~frontline._errors.ClaimsValidationError` carries a list of them in ``.problems``.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any, NamedTuple

from shapely.geometry.base import BaseGeometry

__all__ = ["ClaimProblem"]


def _short(value: Any, limit: int = 80) -> str:
    text = value.wkt if isinstance(value, BaseGeometry) else repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


class ClaimProblem(NamedTuple):
    """One problem found by validation: where (row, claim_id, field), what (value), and why.

    Examples
    --------
    >>> print(ClaimProblem(3, "ua-1", "side", "Ukraine?", "unknown side"))
    row 3 (claim_id 'ua-1'), field 'side', value 'Ukraine?': unknown side
    """

    row: Hashable | None
    claim_id: str | None
    field: str | None
    value: Any
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
            if self.claim_id is not None:
                where[-1] += f" (claim_id {self.claim_id!r})"
        if self.field is not None:
            where.append(f"field {self.field!r}")
        if self.value is not None:
            where.append(f"value {_short(self.value)}")
        return (", ".join(where) + ": " if where else "") + self.message
