"""``frontline share``: the area under Russian control on a day, nationally or by region."""

from __future__ import annotations

import argparse
from typing import Any

import frontline as fl
from frontline.cli import _common as common
from frontline.cli._output import print_frame

__all__ = ["NAME", "add_parser", "run"]

NAME = "share"

EXAMPLES = """
    examples:
      frontline share --date 2025-06-08                   # built-in data
      frontline share --date 2025-06-08 --by region --source ../shared/data/deepstate/daily
      frontline share --date 2025-06-08 --format json
      frontline share --date 2025-06-08 --denominator polygons
    """

_TABLE = ("date", "code", "name", "km2", "share", "in_words", "carried_forward")


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``share`` and its options."""
    p = common.new_command(
        subparsers, NAME, "area under Russian control on a day, nationally or by region", EXAMPLES
    )
    p.add_argument("--date", required=True, help="the day, YYYY-MM-DD")
    p.add_argument("--by", choices=("country", "region"), default="country")
    p.add_argument(
        "--denominator",
        choices=("official", "polygons"),
        default=None,
        help="share of the official area (Ukraine's 603,628 km², or each region's official "
        "area with --by region) or of the region polygons (default: official nationally, "
        "polygons by region)",
    )
    common.add_source(p)
    common.add_format(p)
    return p


def run(args: argparse.Namespace) -> int:
    """Measure and print the share; 0 on success."""
    when = common.day(args.date)
    h = common.history(args, args.source, when=when)
    try:
        if args.by == "country":
            result = fl.area_share(h, when, denominator=args.denominator or "official")
        else:
            result = fl.area_share(h, when, by="region")
    except LookupError as exc:
        raise common.explain_range(exc, args.source) from None
    if args.by == "region" and args.denominator == "official":  # as the option says
        result["share"] = result["share_official"]
        result.attrs["footnote"] = str(result.attrs.get("footnote", "")).replace(
            "shares of each region's polygon (share_official: of its official area)",
            "shares of each region's official area (share_official)",
        )
    result["in_words"] = [common.held(s) for s in result["share"]]
    print_frame(result, args.format, table_columns=_TABLE)
    return 0
