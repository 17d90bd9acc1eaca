"""``frontline place``: find a settlement however a report spells it; with ``--history``,
say when it fell (:func:`frontline.describe_fall`)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import frontline as fl
from frontline.cli import _common as common
from frontline.cli._output import print_frame

__all__ = ["NAME", "add_parser", "run"]

NAME = "place"

EXAMPLES = """
    examples:
      frontline place Pokrovsk
      frontline place "Novopavlivka" --region Dnipropetrovsk
      frontline place Купянск --format json
      frontline place Toretsk --history ../shared/data/deepstate/daily
    """

_COLUMNS = (
    *("place_id", "name", "name_uk", "region", "region_name", "kind", "population"),
    *("lon", "lat", "matched_by", "matched_name"),
)


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``place`` and its options."""
    p = common.new_command(
        subparsers, NAME, "find a settlement however a report spells it", EXAMPLES
    )
    p.add_argument("name")
    p.add_argument("--region", help="the oblast, if the name is shared")
    p.add_argument(
        "--history",
        type=Path,
        metavar="DIR",
        help="DeepState snapshots (a folder of *.geojson or one file): also say when it fell",
    )
    common.add_format(p)
    return p


def run(args: argparse.Namespace) -> int:
    """Print the place found; 0 on success."""
    row = fl.find_place(args.name, region=args.region)
    print_frame(row.to_frame().T, args.format, columns=_COLUMNS, vertical=True)
    if args.history is not None:
        h = common.history(args, args.history)
        print()
        print(fl.describe_fall(h, args.name, region=args.region))
    return 0
