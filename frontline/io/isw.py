"""Read vector exports whose layers follow the Institute for the Study of War's map legend.

ISW's maps of Russia's war in Ukraine show each kind of area as its own legend entry. A vector
export of such a map (one layer per entry, or one column holding the entry) is read by
:func:`read_isw`, which maps each entry onto :data:`frontline.control.STATUSES`:

=====================================================================  ========================
legend entry (case, punctuation and small wording changes ignored)     status
=====================================================================  ========================
Russian-controlled Ukrainian territory before 24 February 2022;        occupied_before_2022
"... since 2014", "annexed by Russia in 2014", "pre-2022"
Reported Ukrainian partisan activity / warfare                         partisan
Claimed Ukrainian counteroffensives; claimed Ukrainian advances        claimed_ua
Assessed Russian advances (in Ukraine)                                 advanced
Claimed Russian territory; claimed Russian control                     claimed_ru
Assessed Russian control; assessed Russian-controlled Ukrainian        occupied
territory
Liberated / regained / retaken territory                               liberated
Contested; grey (gray) zone                                            contested
=====================================================================  ========================

Anything else is an error naming the layer (or, with ``on_unknown="skip"``, a warning); pass
``layers={"my layer": "occupied", ...}`` to map entries yourself. ISW's own data is not shipped
with frontline.
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import geopandas as gpd
import numpy as np
import pandas as pd

from frontline._crs import require_lonlat
from frontline._errors import IswLayerWarning
from frontline._statuses import STATUSES
from frontline.control import ControlHistory
from frontline.io._layers import areas_only, check_path, layer_names, read_layer
from frontline.io._sanity import check_layer

__all__ = ["IswLayerWarning", "isw_status", "read_isw"]


def _words(text: str) -> str:
    text = text.lower().replace("’", "").replace("'", "")
    return " " + re.sub(r"[^a-z0-9]+", " ", text).strip() + " "


_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r" before (24 )?feb| before 2022 | pre 2022 | prior to (24 )?feb| since 2014 |"
            r" annexed .*2014 | 2014 "
        ),
        "occupied_before_2022",
    ),
    (re.compile(r" partisan"), "partisan"),
    (re.compile(r" claimed ukrainian (counter ?offensive|counter ?attack|advance)"), "claimed_ua"),
    (re.compile(r" russian advance"), "advanced"),
    (re.compile(r" claimed russian (territory|control|controlled)"), "claimed_ru"),
    (
        re.compile(r" (assessed )?russian (control|controlled|occupied|held) | russian control "),
        "occupied",
    ),
    (re.compile(r" (liberated|regained|retaken|recaptured) "), "liberated"),
    (re.compile(r" (contested|gr[ae]y zone) "), "contested"),
)


def isw_status(name: str) -> str | None:
    """The status an ISW legend entry maps to (None if the entry is not recognised).

    Examples
    --------
    >>> isw_status("Assessed Russian Advances in Ukraine")
    'advanced'
    >>> isw_status("Russian-controlled Ukrainian Territory before February 24, 2022")
    'occupied_before_2022'
    >>> isw_status("Claimed Russian Territory") , isw_status("Assessed Russian Control")
    ('claimed_ru', 'occupied')
    >>> isw_status("Densely populated areas") is None
    True
    """
    if not isinstance(name, str):
        return None
    words = _words(name)
    for pattern, status in _RULES:
        if pattern.search(words):
            return status
    return None


def _resolve(
    name: str, layers: Mapping[str, str] | None, on_unknown: str, where: str
) -> str | None:
    status = (layers or {}).get(name) or isw_status(name)
    if status is not None and status not in STATUSES:
        raise ValueError(f"layers maps {name!r} to {status!r}; use one of {', '.join(STATUSES)}")
    if status is None:
        message = (
            f"{where}: {name!r} is not an ISW legend entry read_isw knows; map it with "
            f"layers={{{name!r}: <status>}} (statuses: {', '.join(STATUSES)})"
        )
        if on_unknown == "raise":
            raise ValueError(message)
        warnings.warn(IswLayerWarning(message + "; skipped"), stacklevel=4)
    return status


def read_isw(
    path: str | os.PathLike[str],
    *,
    date: Any,
    source: str = "ISW",
    layers: Mapping[str, str] | Sequence[str] | None = None,
    legend_column: str | None = None,
    on_unknown: Literal["raise", "skip"] = "raise",
    crs: Any = None,
) -> ControlHistory:
    """Read an ISW-style vector export (one layer per legend entry) as a one-day assessment.

    Parameters
    ----------
    path : path
        A multi-layer file pyogrio can read (GeoPackage, KML, ...), any CRS.
    date : date-like
        The day the map describes.
    source : str, default "ISW"
    layers : mapping or sequence of str, optional
        Which layers to read: a list of layer names (mapped by the legend, see the module
        table) or a mapping ``{layer name: status}`` that reads exactly those layers with your
        statuses. Default: every layer, mapped by the legend.
    legend_column : str, optional
        For single-layer exports: the column whose values are the legend entries.
    on_unknown : {"raise", "skip"}, default "raise"
        A layer or value that is not a known legend entry raises ``ValueError`` naming it;
        "skip" leaves it out with an :class:`IswLayerWarning`.
    crs : CRS, optional
        The CRS the file's coordinates are in, for a file that declares none or the wrong
        one (overrides the file's own). A layer that cannot be right for Ukraine raises
        :class:`~frontline.ImplausibleLayerError` (see :func:`frontline.read_control`).

    Returns
    -------
    ControlHistory
        One row per status (areas unioned), EPSG:4326.

    Examples
    --------
    >>> import tempfile, pathlib, geopandas as gpd
    >>> from shapely.geometry import box
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "made-up.gpkg"   # not ISW data
    >>> for name, b in [("Assessed Russian Control", box(37.5, 47.5, 38, 48)),
    ...                 ("Assessed Russian Advances", box(38, 47.5, 38.2, 48))]:
    ...     gpd.GeoDataFrame(geometry=[b], crs=4326).to_file(path, layer=name)
    >>> read_isw(path, date="2025-06-07").statuses
    ['occupied', 'advanced']
    """
    if on_unknown not in ("raise", "skip"):
        raise ValueError(f"on_unknown must be 'raise' or 'skip', got {on_unknown!r}")
    p = check_path(path)
    mapping: Mapping[str, str] | None = None
    if isinstance(layers, Mapping):
        mapping = dict(layers)
        chosen = list(mapping)
    elif layers is not None:
        if isinstance(layers, str):
            layers = [layers]
        chosen = list(layers)
    else:
        chosen = layer_names(p)
    pieces: list[gpd.GeoDataFrame] = []
    if legend_column is not None:
        if len(chosen) != 1:
            raise ValueError(
                f"{p.name}: legend_column reads one layer, but the file has {len(chosen)} "
                f"({', '.join(map(repr, chosen))}); pass layers=[name]"
            )
        frame = read_layer(p, chosen[0], crs)
        if legend_column not in frame.columns:
            raise LookupError(f"{p.name} layer {chosen[0]!r} has no column {legend_column!r}")
        frame = areas_only(frame, f"{p.name} layer {chosen[0]!r}")
        where = f"{p.name} column {legend_column!r}"
        values = frame[legend_column].astype(str)
        found = {v: _resolve(v, mapping, on_unknown, where) for v in pd.unique(values)}
        statuses = values.map(found).to_numpy(dtype=object)
        keep = pd.notna(statuses)
        pieces.append(
            gpd.GeoDataFrame(
                {"status": statuses[keep]}, geometry=frame.geometry.to_numpy()[keep], crs=frame.crs
            )
        )
    else:
        for name in chosen:
            status = _resolve(name, mapping, on_unknown, p.name)
            if status is None:
                continue
            frame = areas_only(read_layer(p, name, crs), f"{p.name} layer {name!r}")
            if frame.empty:
                continue
            pieces.append(
                gpd.GeoDataFrame(
                    {"status": np.full(len(frame), status, dtype=object)},
                    geometry=frame.geometry.to_numpy(),
                    crs=frame.crs,
                )
            )
    pieces = [require_lonlat(piece, p.name, convert=True) for piece in pieces if len(piece)]
    if not pieces:
        raise ValueError(f"{p.name}: no areas in any recognised legend layer")
    features = gpd.GeoDataFrame(pd.concat(pieces, ignore_index=True), crs=4326)
    features = check_layer(features, str(p))
    return ControlHistory.from_features(features, date=date, source=source)
