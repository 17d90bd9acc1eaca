"""Raions and hromadas as filters of a lookup: which units a name such as "Polohy" means."""

from __future__ import annotations

from functools import lru_cache

from frontline._errors import PlaceNotFoundError
from frontline._names import closest, fold, key, romanize_uk, strip_generic
from frontline.gazetteer._store import codifier

__all__ = ["unit_codes"]

#: Words that name the kind of unit rather than the unit (besides ``GENERIC_WORDS``).
_UNIT_WORDS = frozenset(
    fold(w)
    for w in (
        "raion", "rayon", "district", "hromada", "community", "territorial", "urban", "rural",
        "settlement", "miska", "silska", "selyshchna", "район", "громада", "територіальна",
        "міська", "сільська", "селищна",
    )
)  # fmt: skip


def _unit_key(text: str) -> str:
    words = [w for w in text.replace("-", " ").split() if fold(w) not in _UNIT_WORDS]
    return key(strip_generic(" ".join(words) or text))


@lru_cache(maxsize=2)
def _units(level: str) -> dict[str, tuple[set[str], str, str]]:
    """``{unit code: (keys of its names, region, English name)}`` for "raion" or "hromada"."""
    cod = codifier().dropna(subset=[f"{level}_katottg"])
    firsts = cod.drop_duplicates(f"{level}_katottg")
    out = {}
    for code, english, uk, region in zip(
        firsts[f"{level}_katottg"],
        firsts[level],
        firsts[f"{level}_uk"],
        firsts["region"],
        strict=True,
    ):
        adjective = uk.rsplit(" ", 1)[0]
        keys = {_unit_key(english), _unit_key(uk), _unit_key(romanize_uk(adjective))}
        out[code] = (keys, region, english)
    return out


def unit_codes(level: str, value: str, region: str | None) -> set[str]:
    """The codes of the raions or hromadas (``level``) that ``value`` names (in ``region``).

    Raises :class:`PlaceNotFoundError` naming the closest units when none matches.
    """
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{level}= must be a non-empty string, got {value!r}")
    wanted = _unit_key(value)
    units = _units(level)
    found = {
        code
        for code, (keys, reg, _) in units.items()
        if wanted in keys and (region is None or reg == region)
    }
    if not found:
        names = [eng for _, reg, eng in units.values() if region is None or reg == region]
        near = ", ".join(closest(value, names, limit=5, score_cutoff=60)) or "none close"
        where = f" in {region}" if region else ""
        raise PlaceNotFoundError(
            f"no {level} called {value!r}{where} in the codifier; closest: {near}"
        )
    return found
