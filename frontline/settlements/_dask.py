"""The dask engine: the kernel on dask.distributed with dask-geopandas, partitioned by days.

The history is partitioned by date range (one partition per ``chunk_days`` days) and the
partitions are scattered over the workers; the places are broadcast (one copy per worker).
dask, dask-geopandas and distributed are optional (``pip install 'frontline-maps[dask]'``), so
they are imported when this engine runs, not with the package.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd

from frontline.settlements._kernel import Matcher, chunks, classify_partition

if TYPE_CHECKING:  # pragma: no cover
    from distributed import Client

__all__ = ["DASK_HINT", "run_dask"]

DASK_HINT = "pip install 'frontline-maps[dask]'"


def run_dask(
    days: pd.DatetimeIndex,
    row_dates: np.ndarray,
    codes: np.ndarray,
    geoms: np.ndarray,
    matcher: Matcher,
    held_code: int,
    chunk_days: int,
    client: Client | None,
    scheduler: str | None,
    russian: frozenset[int],
) -> tuple[np.ndarray, np.ndarray]:
    try:  # optional and heavy: imported only when the dask engine runs
        import dask
        import dask.dataframe as dd
        import dask_geopandas  # noqa: F401  (registers the geopandas backend for dask)
        import distributed
    except ImportError as exc:
        raise ImportError(
            f"engine='dask' needs dask-geopandas and distributed ({exc}); {DASK_HINT}"
        ) from exc

    own = None
    if scheduler is not None:
        client = own = distributed.Client(scheduler)
    elif client is None:
        try:
            client = distributed.default_client()
        except ValueError:
            client = None  # no cluster: dask's local threaded scheduler
    try:
        parts: list[gpd.GeoDataFrame] = []
        divisions: list[pd.Timestamp] = []
        for a, b in chunks(len(days), chunk_days):
            lo = np.searchsorted(row_dates, days.values[a], side="left")
            hi = np.searchsorted(row_dates, days.values[b - 1], side="right")
            parts.append(
                gpd.GeoDataFrame(
                    {"status_code": codes[lo:hi]},
                    geometry=geoms[lo:hi],
                    index=pd.DatetimeIndex(row_dates[lo:hi], name="date"),
                    crs=4326,
                )
            )
            divisions.append(days[a])
        divisions.append(days[-1])
        meta_in = parts[0].iloc[:0]
        meta_out = pd.DataFrame(
            {
                "date": pd.Series([], dtype="datetime64[ns]"),
                "codes": pd.Series([], dtype=object),
                "shares": pd.Series([], dtype=object),
            }
        )
        tag = uuid.uuid4().hex
        if client is not None:
            futures = client.scatter(parts)
            shared: Any = client.scatter([matcher], broadcast=True)[0]
            sources: list[Any] = futures
        else:
            sources = [
                dask.delayed(p, name=f"settlements-part-{tag}-{i}") for i, p in enumerate(parts)
            ]
            shared = dask.delayed(matcher, name=f"settlements-places-{tag}")
        ddf = dd.from_delayed(sources, meta=meta_in, divisions=tuple(divisions), verify_meta=False)
        result = ddf.map_partitions(classify_partition, shared, held_code, russian, meta=meta_out)
        if client is not None:
            done = client.compute(result, sync=True)
        else:
            done = result.compute(scheduler="threads")
    finally:
        if own is not None:
            own.close()
    out = np.full((len(days), len(matcher)), held_code, dtype=np.int8)
    share = np.full((len(days), len(matcher)), 0.0 if russian else np.nan, dtype=np.float32)
    if len(done):
        pos = days.get_indexer(done["date"].to_numpy().astype("datetime64[ns]"))
        block = np.frombuffer(b"".join(done["codes"].tolist()), dtype=np.int8)
        out[pos] = block.reshape(len(done), len(matcher))
        shares = np.frombuffer(b"".join(done["shares"].tolist()), dtype=np.float32)
        share[pos] = shares.reshape(len(done), len(matcher))
    return out, share
