"""``frontline report``: the monthly report (km² gained and lost, settlements, oblasts entered)
with a chart of the months before it."""

from __future__ import annotations

import argparse
import io
import re
from pathlib import Path
from typing import Any

import pandas as pd

import frontline as fl
from frontline._atomic import write_bytes
from frontline.cli import _common as common

__all__ = ["NAME", "add_parser", "run"]

NAME = "report"

EXAMPLES = """
    examples:
      frontline report --month 2025-11 --source ../shared/data/deepstate/daily
      frontline report --month 2024-11 --source DIR --chart november.png
      frontline report --month 2025-05 --source DIR --chart may.pdf --months 24

    A month is counted as DeepState counts it: the snapshot of the 1st against the 1st of the
    next month (a missing 1st takes the latest earlier snapshot, and the report says so).
    """

CHART_SUFFIXES = (".png", ".pdf", ".svg")
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``report`` and its options."""
    p = common.new_command(
        subparsers,
        NAME,
        "the monthly report: ground gained and lost, settlements taken",
        EXAMPLES,
    )
    p.add_argument("--month", required=True, help="the month, YYYY-MM")
    common.add_source(p, required=True)
    p.add_argument(
        "--chart",
        type=Path,
        metavar="FILE",
        help="also draw the km² gained and lost per month to FILE (.png, .pdf or .svg)",
    )
    p.add_argument(
        "--months",
        type=int,
        default=12,
        metavar="N",
        help="months shown in the chart, the report's month last (default 12)",
    )
    return p


def month_start(text: str) -> pd.Timestamp:
    """``YYYY-MM`` as the 1st of that month; anything else is refused.

    Examples
    --------
    >>> month_start("2025-11")
    Timestamp('2025-11-01 00:00:00')
    >>> month_start("11/2025")
    Traceback (most recent call last):
    ...
    ValueError: --month '11/2025' is not a month: write it as YYYY-MM, e.g. 2025-11
    """
    if not _MONTH.match(text.strip()):
        raise ValueError(f"--month {text!r} is not a month: write it as YYYY-MM, e.g. 2025-11")
    return pd.Timestamp(f"{text.strip()}-01")


def _files(folder: Path, days: list[pd.Timestamp]) -> Any:
    """Only the snapshots the month boundaries need (the whole folder if names carry no day)."""
    if not folder.is_dir():
        return folder
    files = common.snapshot_files(folder, days)
    return folder if files is None else files


def run(args: argparse.Namespace) -> int:
    """Print the month's report (and draw the chart); 0 on success."""
    first = month_start(args.month)
    if args.months < 1:
        raise ValueError(f"--months {args.months}: give a number of months, 1 or more")
    chart = common.output(args.chart, "--chart", suffixes=CHART_SUFFIXES) if args.chart else None
    source = common.existing(args.source, "--source")
    shown = args.months if chart is not None else 1
    bounds = [
        *pd.date_range(end=first, periods=shown, freq="MS"),
        first + pd.offsets.MonthBegin(),
    ]
    h = fl.read_deepstate(_files(source, bounds), progress=common.progress(args), duplicates="last")
    # the chart's months start where the snapshots do (a shorter chart, never an error)
    kept = [b for b in bounds if b >= h.start]
    if first < h.start or first + pd.offsets.MonthBegin() > h.end:
        raise fl.DateOutOfRangeError(
            f"--month {args.month}: the snapshots in {source} run from {h.start:%Y-%m-%d} to "
            f"{h.end:%Y-%m-%d}; a month needs its 1st and the 1st of the next month"
        )
    with common.working("counting settlements", common.progress(args)):
        report = fl.monthly(h, boundaries=[first, first + pd.offsets.MonthBegin()])
    print(fl.monthly_text(report, args.month))
    if chart is not None:
        months = fl.monthly(h, boundaries=kept, settlements=False) if len(kept) > 2 else report
        fig = fl.plot_monthly(months, highlight=args.month)
        buffer = io.BytesIO()
        fig.savefig(buffer, format=chart.suffix.lower().lstrip("."), dpi=150)
        write_bytes(chart, buffer.getvalue())
        common.notice(args, f"chart written to {chart}")
    return 0
