"""``frontline history``: an interactive map with a date slider over a whole history."""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import Any

import frontline as fl
from frontline.cli import _common as common

__all__ = ["NAME", "add_parser", "run"]

NAME = "history"

EXAMPLES = """
    examples:
      frontline history -o history.html     # the history fetched with 'fetch --history'
      frontline history --source DIR --start 2025-01-01 -o history.html
      frontline history --source DIR --stride 7 --offline -o history.html
      frontline history --source DIR --stride 7D --claims claims.gpkg -o history.html
    """


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``history`` and its options."""
    p = common.new_command(
        subparsers, NAME, "an interactive map with a date slider over a whole history", EXAMPLES
    )
    common.add_source(p, default_cache=True)
    p.add_argument("--start", help="first day, YYYY-MM-DD")
    p.add_argument("--end", help="last day, YYYY-MM-DD")
    p.add_argument("--stride", help="keep every Nth snapshot (7), or one per period (7D)")
    p.add_argument("--claims", type=Path, metavar="FILE", help="claims to show on the slider")
    common.add_on_error(p)
    common.add_tiles(p)
    common.add_page(p, "history.html")
    return p


def stride(text: str | None) -> int | str | None:
    """``--stride``: a number of snapshots (``7``) or a period of days or weeks (``7D``).

    Examples
    --------
    >>> stride("7"), stride("2w"), stride(None)
    (7, '2W', None)
    >>> stride("²")
    Traceback (most recent call last):
    ...
    ValueError: --stride '²': give a number of snapshots (7) or of days (7D)
    >>> stride("0")
    Traceback (most recent call last):
    ...
    ValueError: --stride '0': give a whole number of snapshots from 1
    """
    if text is None:
        return None
    if re.fullmatch(r"[0-9]+", text):  # ASCII digits only: str.isdigit() accepts '²'
        if int(text) < 1:
            raise ValueError(f"--stride {text!r}: give a whole number of snapshots from 1")
        return int(text)
    if not re.fullmatch(r"[0-9]+[DW]", text.strip().upper()):
        raise ValueError(f"--stride {text!r}: give a number of snapshots (7) or of days (7D)")
    return text.strip().upper()


def run(args: argparse.Namespace) -> int:
    """Check everything, build the slider map and write the page; 0 on success."""
    start, end = common.day_range(args)
    every = stride(args.stride)
    common.existing(args.source, "--source")
    if args.claims is not None:
        common.existing(args.claims, "--claims")
    args.output = common.output(args.output, "-o", suffixes=(".html", ".htm"))
    claims = None
    if args.claims is not None:
        claims = common.claims_file(
            args.claims, "--claims", hint="; leave --claims out to draw none"
        )
    h = common.history(args, args.source, start=start, end=end)
    if start is not None or end is not None:  # only the days read: clip to them
        start = max(start, h.start) if start is not None else None
        end = min(end, h.end) if end is not None else None
    common.stage(args, f"building the slider map of {len(h):,} snapshots")
    with common.working("building the slider map", common.progress(args)):
        options = common.tile_options(args)
        m = fl.map_history(h, start=start, end=end, stride=every, claims=claims, **options)
    common.stage(args, f"writing {args.output}")
    common.mark_stale(m, h)
    fl.save_html(m, args.output, offline=True)  # self-contained: scripts inlined
    common.notice(args, f"wrote {args.output}")
    return 0
