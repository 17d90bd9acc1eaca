"""Claims tables in and out of records: building the frame, splitting it, copying it."""

from __future__ import annotations

import copy
import math
from collections.abc import Hashable, Mapping
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from frontline.claims.schema import CLAIM_COLUMNS, PRECISION_DTYPE, TEXT_COLUMNS

__all__ = ["assemble", "copy_claims", "rows_of_frame"]


def assemble(
    values: Mapping[str, list[Any]],
    geoms: np.ndarray,
    index: pd.Index,
    extras: Mapping[str, list[Any]],
    extras_frame: pd.DataFrame | None,
) -> gpd.GeoDataFrame:
    """The claims GeoDataFrame: schema columns with their dtypes, geometry, then extras."""
    data: dict[str, Any] = {}
    for column in CLAIM_COLUMNS[:-1]:
        col = values[column]
        if column in TEXT_COLUMNS:
            data[column] = pd.Series(col, index=index, dtype=object)
        elif column in ("date", "source_date"):
            data[column] = pd.Series(
                [pd.NaT if x is None else x for x in col], index=index, dtype="datetime64[ns]"
            )
        elif column == "reported_at":
            data[column] = pd.Series(
                [pd.NaT if x is None else x for x in col], index=index, dtype="datetime64[ns, UTC]"
            )
        elif column == "precision":
            data[column] = pd.Series(col, index=index, dtype=PRECISION_DTYPE)
        elif column == "precision_m":
            data[column] = pd.Series(
                [math.nan if x is None else x for x in col], index=index, dtype="float64"
            )
        elif column == "responses":
            data[column] = pd.Series(col, index=index, dtype=object)
    frame = gpd.GeoDataFrame(
        data, geometry=gpd.GeoSeries(geoms, index=index, crs="EPSG:4326"), index=index
    )
    if extras_frame is not None:
        for name in extras_frame.columns:
            frame[name] = extras_frame[name].array
    else:
        for name, col in extras.items():
            frame[name] = pd.Series(col, index=index)
    return frame


def rows_of_frame(frame: pd.DataFrame) -> list[tuple[Hashable, dict[str, Any]]]:
    """(index label, record dict) for every row."""
    columns = [str(c) for c in frame.columns]
    rows = []
    for label, tup in zip(frame.index, frame.itertuples(index=False, name=None), strict=True):
        rows.append((label, dict(zip(columns, tup, strict=True))))
    return rows


def copy_claims(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """A copy whose responses (lists of dicts) are copied too, so edits never leak back."""
    out = frame.copy()
    if "responses" in out.columns:
        out["responses"] = pd.Series(
            [copy.deepcopy(r) for r in out["responses"]], index=out.index, dtype=object
        )
    return out
