"""The ``claims`` pandas accessor: ``gdf.claims.on(date)``, ``.about(region)``, ``.by(side)``,
``.add_response(...)`` and ``.validate()``.

Registered on every DataFrame when :mod:`frontline.claims` is imported.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from frontline import regions
from frontline._dates import parse_date
from frontline._errors import ClaimsValidationError
from frontline._names import closest
from frontline.claims._frame import copy_claims
from frontline.claims._geometry import LINE_TYPES, POINT_TYPES
from frontline.claims._responses import parse_responses, status_of
from frontline.claims._values import is_missing, parse_choice
from frontline.claims.problems import ClaimProblem
from frontline.claims.schema import SIDES
from frontline.claims.validation import validate_claims
from frontline.geodesy import area_km2, buffer_km, length_km

__all__ = ["ClaimsAccessor"]


@lru_cache(maxsize=32)
def _region_area(code: str) -> tuple[BaseGeometry, BaseGeometry]:
    """A region's polygon, and the same grown by 50 m (both prepared, cached)."""
    exact = regions.region(code)["geometry"]
    grown = buffer_km(exact, 0.05, quad_segs=2)
    shapely.prepare(exact)
    shapely.prepare(grown)
    return exact, grown


def _touches_region(geoms: np.ndarray, code: str) -> np.ndarray:
    """Which geometries lie (partly) in a region, not merely on its edge or corner.

    Points: within 50 m of the region. Lines: at least 1 km (or half their length) runs within
    50 m of it, so a border line belongs to both regions it separates but not to a third that
    meets it at a corner. Polygons: at least 1% of their geodesic area overlaps it.
    """
    exact, grown = _region_area(code)
    out = np.zeros(len(geoms), dtype=bool)
    present = ~shapely.is_missing(geoms)
    candidates = np.flatnonzero(present)
    if len(candidates) == 0:
        return out
    candidates = candidates[shapely.intersects(geoms[candidates], grown)]
    for pos in candidates:
        geom = geoms[pos]
        if geom.geom_type in POINT_TYPES:
            out[pos] = True
        elif geom.geom_type in LINE_TYPES:
            inside = length_km(shapely.intersection(geom, grown))
            out[pos] = inside >= min(1.0, 0.5 * length_km(geom))
        else:
            total = area_km2(geom)
            out[pos] = total > 0 and area_km2(shapely.intersection(geom, exact)) >= 0.01 * total
    return out


@pd.api.extensions.register_dataframe_accessor("claims")
class ClaimsAccessor:
    """``gdf.claims``: follow and filter a claims table.

    Registered when :mod:`frontline.claims` is imported (any claims function reached through
    ``frontline`` imports it). Every method returns a new frame; the original is unchanged.

    Examples
    --------
    >>> import frontline as fl
    >>> claims = fl.example_claims("2025-06-08")
    >>> len(claims.claims.on("2025-06-07")), len(claims.claims.about("Sumy"))
    (1, 1)
    >>> later = claims.claims.add_response(
    ...     "ru-mod-2025-06-08-dnipro", by="ISW", stance="confirms", date="2025-06-12")
    >>> later.set_index("claim_id").status["ru-mod-2025-06-08-dnipro"]
    'confirmed'
    >>> claims.set_index("claim_id").status["ru-mod-2025-06-08-dnipro"]
    'denied'
    """

    def __init__(self, frame: pd.DataFrame) -> None:
        missing = [c for c in ("claim_id", "date", "side", "responses") if c not in frame.columns]
        if missing:
            raise AttributeError(
                f"not a claims table (missing columns {missing}); build one with "
                "fl.claims_from_records, fl.read_claims or fl.example_claims"
            )
        self._frame = frame

    def validate(self) -> gpd.GeoDataFrame:
        """The table validated and normalised: :func:`validate_claims`."""
        return validate_claims(self._frame)

    def on(self, date: Any) -> gpd.GeoDataFrame:
        """Claims about one day (the ``date`` column; ISO text, date, datetime or Timestamp)."""
        try:
            day = parse_date(date)
        except ValueError as exc:
            raise ValueError(f"claims.on: {exc}") from None
        dates = pd.to_datetime(self._frame["date"]).dt.normalize()
        return copy_claims(self._frame[(dates == day).to_numpy()])

    def by(self, side: str) -> gpd.GeoDataFrame:
        """Claims made by one side: "RU", "UA" or "third party" (case-insensitive)."""
        try:
            wanted = parse_choice(side, SIDES, "side")
        except ValueError as exc:
            raise ValueError(
                f"claims.by({side!r}): {exc}; to select a claimant use gdf[gdf.claimant == name]"
            ) from None
        return copy_claims(self._frame[(self._frame["side"] == wanted).to_numpy()])

    def about(self, region: str) -> gpd.GeoDataFrame:
        """Claims about a region (anything :func:`frontline.regions.region` accepts).

        A claim is about a region when its ``region`` code is that region's, or when its
        geometry lies in the region beyond a touch: a point within 50 m of it, a line running
        at least 1 km (or half its length) within 50 m of it, a polygon overlapping it by at
        least 1% of its area. So a claim along the Donetsk–Dnipropetrovsk border is about both
        oblasts, but not about Zaporizhzhia, which meets that border at a corner.
        """
        code = regions.region_code(region)
        mask = np.array((self._frame["region"] == code).to_numpy(dtype=bool, na_value=False))
        if "geometry" in self._frame.columns:
            mask |= _touches_region(np.asarray(self._frame["geometry"], dtype=object), code)
        return copy_claims(self._frame[mask])

    def add_response(
        self,
        claim_id: str,
        *,
        by: str,
        stance: str,
        date: Any,
        side: str | None = None,
        source_name: str | None = None,
        source_url: str | None = None,
        note: str | None = None,
        independent: bool | None = None,
    ) -> gpd.GeoDataFrame:
        """A new frame with one more response to ``claim_id`` and its status recomputed.

        Parameters
        ----------
        claim_id : str
            The claim answered.
        by : str
            Who responded ("Khortytsia group", "ISW").
        stance : {"confirms", "denies", "disputes", "no comment"}
        date : str, date, datetime or Timestamp
            The day of the response (ISO 8601 text); not before the claim's ``date``.
        side : {"RU", "UA", "third party"}, optional
            The responder's side; may be omitted for the well-known bodies, and whenever
            ``independent`` is given (which then decides how the response counts).
        source_name, source_url, note : str, optional
            Where the response was read, and a note in your own words.
        independent : bool, optional
            Override whether the responder counts as independent (see :func:`derive_status`).

        Returns
        -------
        geopandas.GeoDataFrame
            A copy with the response added (responses kept in date order) and ``status``
            recomputed by :func:`derive_status`.

        Raises
        ------
        LookupError
            No claim with that ``claim_id`` (closest ids listed).
        ClaimsValidationError
            The response is malformed or predates the claim (every problem listed).
        """
        frame = self._frame
        matches = np.flatnonzero((frame["claim_id"] == claim_id).to_numpy(dtype=bool))
        if len(matches) != 1:
            if len(matches) > 1:
                raise ValueError(f"claim_id {claim_id!r} occurs {len(matches)} times; validate")
            near = closest(str(claim_id), [str(c) for c in frame["claim_id"]], limit=3)
            raise LookupError(f"no claim with claim_id {claim_id!r}; closest: {near}")
        pos = int(matches[0])
        response = {
            "date": date,
            "by": by,
            "side": side,
            "stance": stance,
            "independent": independent,
            "source_name": source_name,
            "source_url": source_url,
            "note": note,
        }
        existing = list(frame["responses"].iloc[pos] or [])
        claim_day = None
        if "date" in frame.columns and not is_missing(frame["date"].iloc[pos]):
            try:
                claim_day = parse_date(frame["date"].iloc[pos])
            except ValueError:
                claim_day = None  # an invalid claim date is validate()'s business
        parsed, found = parse_responses([*existing, response], claim_day)
        if found:
            raise ClaimsValidationError(
                [ClaimProblem(frame.index[pos], claim_id, f, v, m) for f, v, m in found]
            )
        out = copy_claims(frame)
        claimant = frame["claimant"].iloc[pos] if "claimant" in frame.columns else None
        responses_col = out["responses"].tolist()
        responses_col[pos] = parsed
        out["responses"] = pd.Series(responses_col, index=out.index, dtype=object)
        status = status_of(parsed, parse_choice(frame["side"].iloc[pos], SIDES, "side"), claimant)
        column = out.columns.get_loc("status") if "status" in out.columns else None
        if column is None:
            out["status"] = None
        out.iloc[pos, out.columns.get_loc("status")] = status
        return out
