"""``frontline timeline``: the daily area under Russian control over a whole history."""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

import frontline as fl
from frontline._atomic import atomic_write
from frontline._cache import cache_folder
from frontline._staleness import note_staleness
from frontline.cli import _common as common
from frontline.cli._output import print_frame

__all__ = ["NAME", "add_parser", "run"]

NAME = "timeline"

EXAMPLES = """
    examples:
      frontline fetch --history && frontline timeline --out timeline.csv
      frontline timeline --source DIR --out timeline.csv
      frontline timeline --source DIR --by region --out timeline.parquet
      frontline timeline --source DIR --start 2025-01-01 --end 2025-06-30 --format csv

    Without --source, the history fetched with 'frontline fetch --history' is measured
    (the same as --source cache); its result is kept in the cache, so measuring the same
    fetched history again with the same options only reads it back.
    """

_FORMATS = (".csv", ".json", ".parquet")
_TABLE = ("date", "code", "name", "km2", "share", "change_km2", "change_days", "day")


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``timeline`` and its options."""
    p = common.new_command(
        subparsers, NAME, "daily area under Russian control over a whole history", EXAMPLES
    )
    common.add_source(p, default_cache=True)
    p.add_argument("--by", choices=("country", "region"), default="country")
    p.add_argument("--start", help="first day, YYYY-MM-DD")
    p.add_argument("--end", help="last day, YYYY-MM-DD")
    p.add_argument(
        "--carry",
        action="store_true",
        help="fill days without a snapshot with the latest earlier one (flagged)",
    )
    common.add_on_error(p)
    p.add_argument(
        "--out", type=Path, metavar="FILE", help="write .csv, .json or .parquet here instead"
    )
    common.add_format(p)
    return p


def gaps(result: pd.DataFrame) -> pd.DataFrame:
    """``result`` with the gaps made explicit: ``day`` says whether a row is a ``snapshot``, was
    ``carried forward`` from an earlier one, or is ``missing``; ``change_days`` is the span of
    days ``change_km2`` covers (since the previous snapshot of the same code).

    Examples
    --------
    >>> t = pd.DataFrame({"date": pd.to_datetime(["2025-06-01", "2025-06-02", "2025-06-04"]),
    ...     "code": "UA", "km2": [1.0, None, 3.0], "change_km2": [None, None, 2.0],
    ...     "carried_forward": False})
    >>> out = gaps(t)
    >>> out["day"].tolist(), int(out["change_days"].iloc[2]), int(out["change_days"].isna().sum())
    (['snapshot', 'missing', 'snapshot'], 3, 2)
    """
    out = result.copy()
    carried = out["carried_forward"].astype(bool)
    missing = out["km2"].isna()
    out["day"] = np.where(carried, "carried forward", np.where(missing, "missing", "snapshot"))
    real = out["date"].where(~carried & ~missing)
    previous = real.groupby(out["code"]).transform(lambda s: s.ffill().shift(1))
    span = (out["date"] - previous).dt.days
    has_change = out["change_km2"].notna() & ~carried & ~missing
    out["change_days"] = span.where(has_change).astype("Int64")
    out.attrs = result.attrs
    return out


def _measure(h: Any, args: argparse.Namespace, start: Any, end: Any) -> pd.DataFrame:
    if start is not None or end is not None:
        h = h.between(
            max(start, h.start) if start is not None else h.start,
            min(end, h.end) if end is not None else h.end,
        )
    common.stage(args, f"measuring {len(h):,} snapshots")
    with common.working(f"measuring {len(h):,} days", common.progress(args)):
        result = fl.timeline(
            h, by=None if args.by == "country" else "region", fill="carry" if args.carry else None
        )
    result = gaps(result)
    if start is not None:  # between() keeps the snapshot before a missing start day
        result = result[result["date"] >= start].reset_index(drop=True)
    return result


def _memo_path(digest: str, args: argparse.Namespace, start: Any, end: Any) -> Path:
    """Where the result for a fetched history (by the content hash of its files) is kept."""
    options = [digest, args.by, args.carry, str(start), str(end), fl.__version__]
    key = hashlib.blake2b(json.dumps(options).encode(), digest_size=16).hexdigest()
    return cache_folder() / "deepstate-mirror" / "results" / f"timeline-{key}.parquet"


def _recall(memo: Path | None) -> pd.DataFrame | None:
    if memo is None or not memo.is_file():
        return None
    import pyarrow.parquet as pq  # lazy: only on this path

    try:
        with pq.ParquetFile(memo) as kept:  # one file: no need for pyarrow's dataset layer
            table = kept.read()
        result = table.to_pandas()
        result.attrs = json.loads((table.schema.metadata or {})[b"frontline:attrs"])
    except (OSError, ValueError, KeyError):
        return None  # damaged: measured again
    return result


def _keep(memo: Path, result: pd.DataFrame) -> None:
    import pyarrow as pa  # lazy: only on this path
    import pyarrow.parquet as pq

    bare = result.copy()
    bare.attrs = {}  # kept as JSON text below (pyarrow's own copy refuses Timestamps)
    table = pa.Table.from_pandas(bare, preserve_index=False)
    attrs = json.dumps(result.attrs, default=str).encode()
    meta = {**(table.schema.metadata or {}), b"frontline:attrs": attrs}
    table = table.replace_schema_metadata(meta)
    memo.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(memo, lambda p: pq.write_table(table, p))


def run(args: argparse.Namespace) -> int:
    """Measure every day, then print the table or write it to ``--out``; 0 on success."""
    start, end = common.day_range(args)
    common.existing(args.source, "--source")
    if args.out is not None:
        args.out = common.output(args.out, "--out", suffixes=_FORMATS)
    memo = stale = None
    if args.source == common.CACHE:  # a fetched history: its result may be kept already
        info = fl.fetched_history_info()
        memo, stale = _memo_path(info["inputs_hash"], args, start, end), info["staleness"]
    result = _recall(memo)
    if result is None:
        h = common.history(args, args.source, start=start, end=end)
        result = _measure(h, args, start, end)
        if memo is not None:
            _keep(memo, result)
    elif stale:
        common.notice(args, stale)
    if stale:  # how recent the fetched history is today, under the figures too
        note_staleness(result.attrs, stale)
    if args.out is None:
        print_frame(result, args.format, table_columns=_TABLE)
        return 0
    suffix = args.out.suffix.lower()

    def write(p: Path) -> None:
        if suffix == ".parquet":  # provenance kept as text in the file's metadata
            frame = result.copy()
            frame.attrs = json.loads(json.dumps(result.attrs, default=str))
            frame.to_parquet(p, index=False)
        elif suffix == ".json":
            result.to_json(p, orient="records", date_format="iso", force_ascii=False)
        else:
            result.to_csv(p, index=False)

    atomic_write(args.out, write)
    common.notice(args, f"wrote {len(result):,} rows to {args.out}")
    if result.attrs.get("footnote"):
        common.notice(args, str(result.attrs["footnote"]))
    return 0
