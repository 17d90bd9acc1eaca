"""Linking gazetteer places (GeoNames) to entries of the official codifier (KATOTTG).

A place is linked to a codifier settlement only where name and administrative unit decide it:

1. **one of a name in the oblast**: the codifier has exactly one settlement in the place's
   region whose transliteration key (:func:`frontline._names.key`) equals the key of the
   place's Ukrainian name (or, without one, of its own name);
2. **the hromadas decide**: several settlements of that name lie in the region, each in
   another hromada; the distance from the place to a candidate's hromada is the distance to
   the nearest place of that hromada linked by rule 1 (0 when the candidate is the hromada's
   seat itself; a hromada without any linked place leaves the name undecided). The place is
   linked when one candidate's hromada lies within :data:`SEAT_KM` km and every other one at
   least :data:`SEAT_MARGIN` times as far and at least :data:`FAR_KM` km away (geodesic
   distances, WGS84).

A codifier entry claimed by two places is linked to neither. Everything else stays unlinked and
is counted in the :class:`LinkReport`: places whose name is not in the codifier's region
(parts of cities, places GeoNames spells unlike the codifier, renamed places), and places whose
name several settlements of the region share without a seat to decide.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyproj

__all__ = ["FAR_KM", "SEAT_KM", "SEAT_MARGIN", "LinkReport", "link_places"]

#: A place is linked by rule 2 only within this distance of its candidate's hromada (km).
SEAT_KM = 30.0
#: ... and only when every other candidate's hromada is at least this many times as far.
SEAT_MARGIN = 2.0
#: ... and at least this far (km), so that the place cannot be a village of their hromadas.
FAR_KM = 40.0

_GEOD = pyproj.Geod(ellps="WGS84")


@dataclass
class LinkReport:
    """How many places were linked and why the others were not."""

    by_name: int = 0
    by_seat: int = 0
    contested: int = 0
    shared_name: list[int] = field(default_factory=list)  # place rows
    not_in_codifier: list[int] = field(default_factory=list)  # place rows

    @property
    def linked(self) -> int:
        return self.by_name + self.by_seat

    def summary(self) -> str:
        return (
            f"{self.linked} places linked to codifier entries ({self.by_name} by a name unique "
            f"in the oblast, {self.by_seat} by where their hromada lies); not linked: "
            f"{len(self.shared_name)} whose name several settlements of the oblast share, "
            f"{len(self.not_in_codifier)} whose name is not a codified settlement of the "
            f"oblast, {self.contested} links dropped because two places claimed one entry"
        )


def link_places(
    places: pd.DataFrame, place_keys: list[set[str]], codifier: pd.DataFrame
) -> tuple[list[str | None], LinkReport]:
    """The codifier code linked to each place (or None), and the report.

    ``places`` needs ``region``, ``lon``, ``lat`` (positional rows); ``place_keys`` holds the
    keys of each place's own names (empty for a place that must not be linked, such as a part
    of a city); ``codifier`` needs ``katottg``, ``region``, ``key``, ``hromada_katottg`` and
    ``seat_level`` (1 hromada seat, 2 raion seat, 0 neither).
    """
    by_name: dict[tuple[str, str], list[int]] = {}
    for i, (region, k) in enumerate(zip(codifier["region"], codifier["key"], strict=True)):
        by_name.setdefault((region, k), []).append(i)
    report = LinkReport()
    regions = places["region"].tolist()
    candidates: list[list[int]] = []
    for i, keys in enumerate(place_keys):
        found = sorted({c for k in keys for c in by_name.get((regions[i], k), ())})
        candidates.append(found)
    link: list[int | None] = [c[0] if len(c) == 1 else None for c in candidates]
    _drop_contested(link, report)
    report.by_name = sum(x is not None for x in link)

    # rule 2: where the namesakes' hromadas lie (their places linked by rule 1) decides
    codes = codifier["katottg"].tolist()
    hromadas = codifier["hromada_katottg"].tolist()
    levels = codifier["seat_level"].tolist()
    linked_in: dict[str, list[int]] = {}
    for p, c in enumerate(link):
        if c is not None and isinstance(hromadas[c], str):
            linked_in.setdefault(hromadas[c], []).append(p)
    lon, lat = places["lon"].to_numpy(float), places["lat"].to_numpy(float)
    for p, found in enumerate(candidates):
        if len(found) < 2 or link[p] is not None:
            continue
        if len({hromadas[c] for c in found}) < len(found):
            continue  # two namesakes in one hromada: nothing here tells them apart
        km = np.array([_km_to_hromada(p, c, hromadas, levels, linked_in, lon, lat) for c in found])
        if np.isnan(km).any():
            continue
        order = np.argsort(km, kind="stable")
        nearest, second = km[order[0]], km[order[1]]
        if nearest <= SEAT_KM and second >= max(SEAT_MARGIN * nearest, FAR_KM):
            link[p] = found[int(order[0])]
            report.by_seat += 1
    before = sum(x is not None for x in link)
    _drop_contested(link, report)
    report.by_seat -= before - sum(x is not None for x in link)
    for p, found in enumerate(candidates):
        if link[p] is None:
            (report.shared_name if found else report.not_in_codifier).append(p)
    return [codes[c] if c is not None else None for c in link], report


def _km_to_hromada(
    p: int,
    c: int,
    hromadas: list[Any],
    levels: list[int],
    linked_in: dict[str, list[int]],
    lon: np.ndarray,
    lat: np.ndarray,
) -> float:
    """Distance from place ``p`` to the nearest place linked in entry ``c``'s hromada (0 when
    ``c`` is the hromada's seat; NaN when no place of the hromada is linked)."""
    if levels[c] > 0:
        return 0.0
    rows = np.array(linked_in.get(hromadas[c], []), dtype=int)
    if not len(rows):
        return float("nan")
    _, _, metres = _GEOD.inv(
        np.full(len(rows), lon[p]), np.full(len(rows), lat[p]), lon[rows], lat[rows]
    )
    return float(np.min(metres)) / 1000.0


def _drop_contested(link: list[int | None], report: LinkReport) -> None:
    claims: dict[int, list[int]] = {}
    for p, c in enumerate(link):
        if c is not None:
            claims.setdefault(c, []).append(p)
    for owners in claims.values():
        if len(owners) > 1:
            for p in owners:
                link[p] = None
            report.contested += len(owners)
