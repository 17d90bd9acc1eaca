"""``frontline map``: an interactive map of one day, with assessed control and claims."""

from __future__ import annotations

import argparse
import contextlib
from pathlib import Path
from typing import Any

import frontline as fl
from frontline.cli import _common as common

__all__ = ["NAME", "add_parser", "run"]

NAME = "map"

EXAMPLES = """
    examples:
      frontline map --date 2025-06-08 -o map.html              # built-in data and claims
      frontline map --date 2025-06-08 --rings Sumy --offline -o map.html   # no base map
      frontline map --date 2025-06-08 --offline --tiles OpenStreetMap.Mapnik -o map.html
      frontline map --date 2025-06-08 --source DIR --claims claims.gpkg --offline -o map.html
    """

_RINGS_KM = (15, 25, 40)


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``map`` and its options."""
    p = common.new_command(
        subparsers, NAME, "an interactive map of one day: assessed control and claims", EXAMPLES
    )
    p.add_argument("--date", required=True, help="the day, YYYY-MM-DD")
    common.add_source(p)
    which = p.add_mutually_exclusive_group()
    which.add_argument(
        "--claims",
        type=Path,
        metavar="FILE",
        help="a claims file (default: the built-in claims of the day, if any)",
    )
    which.add_argument("--no-claims", action="store_true", help="draw no claims")
    p.add_argument(
        "--rings",
        action="append",
        metavar="PLACE",
        help="range rings (15, 25, 40 km) around a place; repeat for more places",
    )
    common.add_tiles(p)
    common.add_page(p, "map.html")
    return p


def run(args: argparse.Namespace) -> int:
    """Check everything, draw the day and write the page; 0 on success."""
    when = common.day(args.date)
    if args.source is not None:
        common.existing(args.source, "--source")
    if args.claims is not None and not args.no_claims:
        common.existing(args.claims, "--claims")
    args.output = common.output(args.output, "-o", suffixes=(".html", ".htm"))
    rings = [(name, list(_RINGS_KM)) for name in args.rings or ()]
    for name, _ in rings:  # an unknown place fails before any drawing
        fl.find_place(name)
    claims = None
    if args.claims is not None and not args.no_claims:
        claims = common.claims_file(
            args.claims, "--claims", hint="; leave --claims out to draw none"
        )
    elif not args.no_claims:
        with contextlib.suppress(LookupError):
            claims = fl.example_claims(when)
    h = common.history(args, args.source, when=when)
    common.stage(args, "drawing the map")
    with common.working("drawing the map", common.progress(args)):
        try:
            options = common.tile_options(args)
            m = fl.map_day(when, claims=claims, history=h, ranges=rings or None, **options)
        except LookupError as exc:
            raise common.explain_range(exc, args.source) from None
        common.mark_stale(m, h)
        fl.save_html(m, args.output, offline=True)  # self-contained: scripts inlined
    common.notice(args, f"wrote {args.output}")
    return 0
