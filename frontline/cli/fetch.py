"""``frontline fetch``: download a DeepState edition into the cache, and copy it out with -o."""

from __future__ import annotations

import argparse
import os
import shutil
from pathlib import Path
from typing import Any

import frontline as fl
from frontline._atomic import atomic_write
from frontline.cli import _common as common
from frontline.cli._output import print_frame

# cache_folder is not yet exported by the public API: the command line needs it to find the
# fetched edition in the cache and copy it to -o.
from frontline.io.fetch import cache_folder

__all__ = ["NAME", "add_parser", "run"]

NAME = "fetch"

EXAMPLES = """
    examples:
      frontline fetch                     # the latest DeepState map, cached
      frontline fetch --date 2025-06-08 -o deepstate/
      frontline fetch --date 2025-06-08 --cache-dir ~/.cache/frontline

    Editions are cached; '-o FILE' (or '-o FOLDER/') copies the edition as served, a
    file that 'frontline ... --source' and read_deepstate read back.
    """


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``fetch`` and its options."""
    p = common.new_command(
        subparsers, NAME, "download a DeepState snapshot (cached on disk)", EXAMPLES
    )
    p.add_argument("--date", help="the day, YYYY-MM-DD (default: the latest edition)")
    p.add_argument("--base-url", default=None, help="the DeepState site (default: the public one)")
    p.add_argument("--cache-dir", type=Path, default=None, metavar="FOLDER")
    p.add_argument("--timeout", type=float, default=30.0, help="seconds per request")
    p.add_argument("--retries", type=int, default=3, help="further attempts on network errors")
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="PATH",
        help="also copy the edition here (a .geojson file, or an existing folder)",
    )
    common.add_format(p)
    return p


def _target(out: Path) -> Path:
    """The -o path checked before downloading: an existing writable folder, or a .geojson file."""
    out = out.expanduser()
    if out.is_dir() and not os.access(out, os.W_OK):
        raise PermissionError(f"-o {out}: the folder is not writable")
    if not out.exists() and not out.suffix:
        raise FileNotFoundError(
            f"-o {out}: no such folder; create it first, or give a file name ending in .geojson"
        )
    return out if out.is_dir() else common.output(out, "-o", suffixes=(".geojson", ".json"))


def run(args: argparse.Namespace) -> int:
    """Fetch (or take from the cache), copy to -o, print a summary; 0 on success."""
    when = common.day(args.date) if args.date else None
    target = _target(args.output) if args.output is not None else None
    options: dict[str, Any] = {
        "cache_dir": args.cache_dir,
        "timeout": args.timeout,
        "retries": args.retries,
    }
    if args.base_url:
        options["base_url"] = args.base_url
    with common.working("fetching from DeepStateMap", common.progress(args)):
        h = fl.fetch_deepstate(when, **options)
    if target is not None:
        name = str(h.frame["file"].iloc[0])
        found = sorted((cache_folder(args.cache_dir) / "deepstate").rglob(name))
        if not found:
            raise FileNotFoundError(f"the fetched edition {name} is not in the cache any more")
        dest = target / name if target.is_dir() else target
        atomic_write(dest, lambda p: shutil.copyfile(found[0], p))
        common.notice(args, f"wrote {dest}")
    summary = h.frame.drop(columns="geometry").copy()
    summary["km2"] = fl.areas_km2(h.frame.geometry)
    print_frame(summary, args.format, columns=("date", "source", "status", "km2", "file"))
    return 0
