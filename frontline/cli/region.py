"""``frontline region``: one of the 27 regions, its neighbours and how much of each is held."""

from __future__ import annotations

import argparse
from typing import Any

import frontline as fl
from frontline.cli import _common as common
from frontline.cli._output import print_frame

__all__ = ["NAME", "add_parser", "run"]

NAME = "region"

EXAMPLES = """
    examples:
      frontline region Dnipro
      frontline region "Дніпропетровська область" --neighbors
      frontline region Dnipropetrovsk --neighbors --date 2025-06-08   # how much is held
    """

_COLUMNS: tuple[str, ...] = ("code", "name", "name_uk", "name_ru", "kind", "capital", "area_km2")
_COLUMNS += ("area_km2_official", "area_source", "aliases")


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``region`` and its options."""
    p = common.new_command(
        subparsers, NAME, "one of Ukraine's 27 regions by any of its names", EXAMPLES
    )
    p.add_argument("name")
    p.add_argument("--neighbors", action="store_true", help="list the bordering regions")
    p.add_argument("--date", help="with --neighbors: how much of each is held that day")
    common.add_source(p)
    common.add_format(p)
    return p


def run(args: argparse.Namespace) -> int:
    """Print the region, or its neighbours (with how much is held on --date); 0 on success."""
    if args.date is not None and not args.neighbors:
        raise ValueError("--date goes with --neighbors (how much of each neighbour is held)")
    when = common.day(args.date) if args.date is not None else None
    if args.neighbors and when is not None:
        code = fl.region(args.name)["code"]
        h = common.history(args, args.source, when=when)
        try:
            near = fl.occupied_neighbors(h, code, when)
        except LookupError as exc:
            raise common.explain_range(exc, args.source) from None
        near["in_words"] = [common.held(s) for s in near["share"]]
        print_frame(
            near,
            args.format,
            table_columns=("code", "name", "km2", "share", "in_words", "border_km"),
        )
        return 0
    if args.neighbors:
        print_frame(fl.neighbors(args.name), args.format, columns=("code", "name", "border_km"))
        return 0
    frame = fl.region(args.name).to_frame().T
    if args.format != "json":
        frame["aliases"] = frame["aliases"].map(lambda a: "; ".join(a))
    else:
        frame["aliases"] = frame["aliases"].map(list)
    print_frame(frame, args.format, columns=_COLUMNS, vertical=True)
    return 0
