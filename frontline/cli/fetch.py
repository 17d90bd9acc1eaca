"""``frontline fetch``: a DeepState edition, the whole daily history, or GeoNames' places.

Three forms share the command: ``fetch [--date D] [-o PATH]`` (one DeepStateMap edition),
``fetch --history [--start D] [--end D]`` (the daily mirror into the cache, stored compactly;
every command then reads it with ``--source cache``, and ``timeline`` and ``history`` by
default) and ``fetch places`` (GeoNames' full list of Ukraine's places as the gazetteer).
"""

from __future__ import annotations

import argparse
import os
import shutil
from pathlib import Path
from typing import Any

import frontline as fl
from frontline._atomic import atomic_write
from frontline._cache import cache_folder
from frontline.cli import _common as common
from frontline.cli._output import print_frame

__all__ = ["NAME", "add_parser", "run"]

NAME = "fetch"

EXAMPLES = """
    examples:
      frontline fetch                     # the latest DeepState map, cached
      frontline fetch --date 2025-06-08 -o deepstate/
      frontline fetch --history           # every day of the daily mirror (from 2024-07-08)
      frontline fetch --history --start 2025-06-01 --end 2025-06-30
      frontline timeline --out timeline.csv        # then: reads the fetched history
      frontline share --date 2025-06-15 --source cache
      frontline fetch places              # GeoNames' full list of Ukraine's places

    Editions are cached; '-o FILE' (or '-o FOLDER/') copies the edition as served, a
    file that 'frontline ... --source' and read_deepstate read back. '--history' downloads
    only the days the cache lacks, from the public daily mirror of DeepStateMap's map
    (github.com/cyterat/deepstate-map-data, GPL-3.0; assessments by DeepStateMap); days the
    mirror lacks are gaps. 'places' uses GeoNames' data (CC BY 4.0, credit GeoNames).
    """


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``fetch`` and its options."""
    p = common.new_command(
        subparsers,
        NAME,
        "download DeepState snapshots (one edition or the daily history) or GeoNames' places",
        EXAMPLES,
    )
    p.add_argument(
        "what",
        nargs="?",
        choices=("places",),
        help="'places': GeoNames' full list of Ukraine's places (instead of DeepState)",
    )
    p.add_argument("--date", help="the day, YYYY-MM-DD (default: the latest edition)")
    p.add_argument(
        "--history",
        action="store_true",
        help="the daily history from DeepStateMap's public mirror, into the cache",
    )
    p.add_argument("--start", help="with --history: first day, YYYY-MM-DD (default 2024-07-08)")
    p.add_argument("--end", help="with --history: last day, YYYY-MM-DD (default: today)")
    p.add_argument(
        "--refresh",
        action="store_true",
        help="with --history: ask again for the days the mirror lacked (by default a day "
        "found missing when already a few days old is not asked for again)",
    )
    p.add_argument("--base-url", default=None, help="the server (default: the public one)")
    p.add_argument("--cache-dir", type=Path, default=None, metavar="FOLDER")
    p.add_argument(
        "--timeout",
        type=float,
        default=None,
        help="seconds for each whole request (default: 30 an edition, 60 a day of --history, "
        "120 places)",
    )
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


def _options(args: argparse.Namespace, default_timeout: float | None) -> dict[str, Any]:
    options: dict[str, Any] = {"cache_dir": args.cache_dir, "retries": args.retries}
    timeout = args.timeout if args.timeout is not None else default_timeout
    if timeout is not None:
        options["timeout"] = timeout
    if args.base_url:
        options["base_url"] = args.base_url
    return options


def _refuse_mixed(args: argparse.Namespace) -> None:
    """The three forms take different options: refuse a mix before any download."""
    places = args.what == "places"
    if places or args.history:
        bad = [n for n, v in (("--date", args.date), ("-o", args.output)) if v is not None]
        if places and args.history:
            bad.append("--history")
        if places and (args.start or args.end or args.refresh):
            bad.append("--start/--end/--refresh")
        if bad:
            form = "places" if places else "--history"
            raise ValueError(f"fetch {form} takes no {', '.join(bad)}")
    elif args.start or args.end or args.refresh:
        raise ValueError(
            "--start, --end and --refresh go with --history (fetch --history --start D)"
        )


def _history(args: argparse.Namespace) -> int:
    start, end = common.day_range(args)
    h = fl.fetch_history(
        start, end, progress=common.progress(args), refresh=args.refresh, **_options(args, None)
    )
    attrs = h.frame.attrs
    common.notice(args, f"{attrs['staleness']}; source: {attrs['credit']}")
    summary = h.frame.drop(columns="geometry").copy()
    summary["km2"] = fl.areas_km2(h.frame.geometry)
    print_frame(summary, args.format, columns=("date", "source", "status", "km2", "file"))
    return 0


def run(args: argparse.Namespace) -> int:
    """Fetch (or take from the cache), copy to -o, print a summary; 0 on success."""
    _refuse_mixed(args)
    if args.what == "places":
        options = _options(args, None)
        with common.working("fetching from GeoNames", common.progress(args)):
            info = fl.fetch_places(**options)
        print(str(info))
        return 0
    if args.history:
        return _history(args)
    when = common.day(args.date) if args.date else None
    target = _target(args.output) if args.output is not None else None
    with common.working("fetching from DeepStateMap", common.progress(args)):
        h = fl.fetch_deepstate(when, **_options(args, 30.0))
    if target is not None:
        name = str(h.frame["file"].iloc[0])
        found = sorted((cache_folder(args.cache_dir) / "deepstate").rglob(name))
        if not found:
            raise FileNotFoundError(f"the fetched edition {name} is not in the cache any more")
        dest = target / name if target.is_dir() else target
        atomic_write(dest, lambda p: shutil.copyfile(found[0], p))
        text = f"wrote {dest}: DeepStateMap's edition {Path(name).stem}, for {h.end:%Y-%m-%d}"
        if when is not None and h.end != when:
            text += (
                f"; DeepStateMap published no edition on {when:%Y-%m-%d}, so this is the "
                f"latest earlier one (use --date {h.end:%Y-%m-%d} with it, or fetch "
                "--history for every day)"
            )
        common.notice(args, text)
    summary = h.frame.drop(columns="geometry").copy()
    summary["km2"] = fl.areas_km2(h.frame.geometry)
    print_frame(summary, args.format, columns=("date", "source", "status", "km2", "file"))
    return 0
