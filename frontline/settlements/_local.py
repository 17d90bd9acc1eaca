"""The local engine: the kernel over chunks of days, in this process."""

from __future__ import annotations

import numpy as np
import pandas as pd

from frontline.settlements._kernel import Matcher, chunks, classify, wkb_key

__all__ = ["run_local"]


def run_local(
    days: pd.DatetimeIndex,
    row_dates: np.ndarray,
    codes: np.ndarray,
    geoms: np.ndarray,
    matcher: Matcher,
    held_code: int,
    chunk_days: int,
    russian: frozenset[int],
) -> tuple[np.ndarray, np.ndarray]:
    out = np.empty((len(days), len(matcher)), dtype=np.int8)
    share = np.empty((len(days), len(matcher)), dtype=np.float32)
    day_pos = days.get_indexer(pd.DatetimeIndex(row_dates)).astype(np.int64)
    cache: dict[bytes, np.ndarray] = {}
    for a, b in chunks(len(days), chunk_days):
        lo, hi = np.searchsorted(day_pos, [a, b])
        out[a:b], share[a:b] = classify(
            day_pos[lo:hi] - a,
            codes[lo:hi],
            geoms[lo:hi],
            b - a,
            matcher,
            held_code,
            cache,
            russian,
        )
        # keep only the areas of the chunk's last day: unchanged days run on into the next chunk
        last = {wkb_key(g) for g in geoms[lo:hi][day_pos[lo:hi] == b - 1]}
        cache = {k: v for k, v in cache.items() if k in last}
    return out, share
