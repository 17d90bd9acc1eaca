"""``frontline front``: the length of the front line on a day, by direction."""

from __future__ import annotations

import argparse
from typing import Any

import pandas as pd

import frontline as fl
from frontline.cli import _common as common
from frontline.cli._output import print_frame

__all__ = ["NAME", "add_parser", "run"]

NAME = "front"

EXAMPLES = """
    examples:
      frontline front --date 2025-06-08                   # built-in data
      frontline front --date 2025-06-08 --source ../shared/data/deepstate/daily
      frontline front --date 2025-06-08 --by region --format csv
    """


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``front`` and its options."""
    p = common.new_command(
        subparsers, NAME, "length of the front line on a day, by direction or region", EXAMPLES
    )
    p.add_argument("--date", required=True, help="the day, YYYY-MM-DD")
    p.add_argument("--by", choices=("direction", "region"), default="direction")
    common.add_source(p)
    common.add_format(p)
    return p


def run(args: argparse.Namespace) -> int:
    """Measure and print the front's length; 0 on success."""
    when = common.day(args.date)
    h = common.history(args, args.source, when=when)
    try:
        line = fl.front_line(h, when)
    except LookupError as exc:
        raise common.explain_range(exc, args.source) from None
    key = "direction" if args.by == "direction" else "region_name"
    table = (
        pd.DataFrame(
            {
                args.by: line[key].fillna("(outside the regions)").astype(str),
                "km": line["length_km"],
                "river_km": line["length_km"].where(line["river"], 0.0),
            }
        )
        .groupby(args.by, sort=True)
        .sum()
        .sort_values("km", ascending=False)
        .reset_index()
    )
    total = pd.DataFrame(
        {args.by: ["total"], "km": [table["km"].sum()], "river_km": [table["river_km"].sum()]}
    )
    table = pd.concat([table, total], ignore_index=True).round({"km": 1, "river_km": 1})
    table.insert(0, "date", f"{line.attrs['snapshot_date']:%Y-%m-%d}")
    print_frame(table, args.format, table_columns=tuple(table.columns))
    return 0
