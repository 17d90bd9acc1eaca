"""What every command shares: options, up-front checks, progress, reading DeepState.

A command module builds its parser with :func:`new_command` and the ``add_*`` helpers, checks
its inputs and outputs with :func:`day`, :func:`day_range`, :func:`existing` and
:func:`output` before any long work, shows progress with :func:`working` and :func:`notice`
(stderr only), and reads the assessed control with :func:`history`. Days are read by
:func:`frontline._dates.parse_day`, so ``08/06/2025`` is refused, never guessed; output
folders are checked by :func:`frontline._atomic.check_folder`.
"""

from __future__ import annotations

import argparse
import contextlib
import contextvars
import html
import sys
import textwrap
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn

import pandas as pd

import frontline as fl
from frontline._atomic import check_folder
from frontline._dates import parse_day
from frontline._errors import DateOutOfRangeError

# date_from_filename is not yet exported by the public API (see the module docstring of
# frontline.cli): the command line needs it to read only the snapshots a day needs.
from frontline.io.deepstate import date_from_filename

__all__ = [
    "CACHE",
    "DEMO_DAY",
    "OFFLINE_HELP",
    "Parser",
    "add_format",
    "add_page",
    "add_source",
    "add_tiles",
    "claims_file",
    "day",
    "day_range",
    "existing",
    "explain_range",
    "held",
    "history",
    "mark_stale",
    "new_command",
    "notice",
    "output",
    "progress",
    "quiet",
    "tile_options",
    "working",
]

#: The report day whose data ships with the package.
DEMO_DAY = "2025-06-08"

#: ``--source cache``: the history fetched with ``frontline fetch --history`` (a folder named
#: cache is ``--source ./cache``).
CACHE = "cache"

OFFLINE_HELP = "put every script and stylesheet in the page (map tiles still need the network)"
_OFFLINE_MAP_HELP = (
    "put every script and stylesheet in the page and draw no base map, so that it opens "
    "without network (add --tiles NAME to keep a base map, which loads only online)"
)

#: --quiet for helpers that print without the parsed arguments at hand
quiet: contextvars.ContextVar[bool] = contextvars.ContextVar("frontline_cli_quiet", default=False)


# ---------------------------------------------------------------------------------------------
# parser


class Parser(argparse.ArgumentParser):
    """argparse with usage errors on one line and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: usage error: {message} (see {self.prog} --help)\n")


def _common_options() -> argparse.ArgumentParser:
    """Options every command also accepts after its name (``frontline map ... --debug``)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="show the traceback of an error",
    )
    common.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        default=argparse.SUPPRESS,
        help="no progress bars or notices on stderr",
    )
    return common


def new_command(
    subparsers: Any, name: str, help_text: str, examples: str
) -> argparse.ArgumentParser:
    """The parser of one command: its help line, its examples, and --debug / --quiet."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        name,
        help=help_text,
        description=help_text,
        epilog=textwrap.dedent(examples),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[_common_options()],
    )
    return parser


def add_format(p: argparse.ArgumentParser) -> None:
    """``--format table|csv|json`` for what goes to stdout."""
    p.add_argument(
        "--format",
        choices=("table", "csv", "json"),
        default="table",
        help="how to print the result on stdout (default: table)",
    )


def add_tiles(p: argparse.ArgumentParser) -> None:
    """--offline, and the base map: --tiles NAME or --no-tiles (map and history)."""
    p.add_argument("--offline", action="store_true", help=_OFFLINE_MAP_HELP)
    group = p.add_mutually_exclusive_group()
    group.add_argument(
        "--tiles",
        metavar="NAME",
        help="base map tiles, an xyzservices provider name (default: Esri.WorldGrayCanvas, "
        "none with --offline)",
    )
    group.add_argument("--no-tiles", action="store_true", help="no background map tiles")


def tile_options(args: argparse.Namespace) -> dict[str, Any]:
    """The ``tiles=`` keyword for map_day/map_history: none offline unless --tiles is given."""
    if args.tiles is not None:
        return {"tiles": args.tiles}
    if args.no_tiles or args.offline:
        return {"tiles": None}
    return {}


def add_page(p: argparse.ArgumentParser, default: str) -> None:
    """``-o/--output FILE``: the HTML page a map command writes."""
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path(default),
        metavar="FILE",
        help=f"the page to write (default: {default})",
    )


def _source(text: str) -> Path | str:
    return CACHE if text == CACHE else Path(text)


def add_source(p: argparse.ArgumentParser, *, default_cache: bool = False) -> None:
    """``--source PATH|cache``: DeepState snapshots (default: the built-in day, or the cache)."""
    default = f"the built-in {DEMO_DAY} day" if not default_cache else "cache"
    p.add_argument(
        "--source",
        type=_source,
        default=CACHE if default_cache else None,
        metavar="PATH",
        help=(
            "DeepState snapshots: a folder of *.geojson, one file, or 'cache' for the history "
            f"fetched with 'frontline fetch --history' (default: {default})"
        ),
    )


# ---------------------------------------------------------------------------------------------
# checks done before any long work


def day(text: str, option: str = "--date") -> pd.Timestamp:
    """A YYYY-MM-DD option as a Timestamp; anything ambiguous is refused, never guessed.

    Examples
    --------
    >>> day("2025-06-08")
    Timestamp('2025-06-08 00:00:00')
    >>> day("08/06/2025", "--start")
    Traceback (most recent call last):
    ...
    ValueError: --start '08/06/2025': ambiguous date '08/06/2025': ...
    """
    return parse_day(text, option)


def day_range(args: argparse.Namespace) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """``--start`` and ``--end`` as days (``None`` when not given), in order."""
    start = day(args.start, "--start") if args.start else None
    end = day(args.end, "--end") if args.end else None
    if start is not None and end is not None and start > end:
        raise ValueError(f"--start {args.start} is after --end {args.end}")
    return start, end


def existing(path: Any, option: str) -> Any:
    """``path``, after checking that it exists (the error names the option); ``cache`` as is."""
    if path == CACHE:
        return path
    if not path.exists():
        raise FileNotFoundError(f"{option} {path}: no such file or folder")
    return path


def output(path: Path, option: str, *, suffixes: Sequence[str] = ()) -> Path:
    """Check that ``path`` can be written and has a known suffix, before any work is done."""
    path = Path(path).expanduser()
    try:
        check_folder(path)
    except OSError as exc:
        raise type(exc)(f"{option}: {exc}") from None
    if suffixes and path.suffix.lower() not in suffixes:
        raise ValueError(
            f"{option} {path}: unsupported file type {path.suffix or '(none)'!r}; "
            f"use {', '.join(suffixes)}"
        )
    return path


# ---------------------------------------------------------------------------------------------
# progress and notices (stderr)


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):  # closed or replaced stream
        return False


def progress(args: argparse.Namespace) -> bool:
    """Whether to show progress: not --quiet, and stderr is a terminal."""
    return not args.quiet and _stderr_is_terminal()


def notice(args: argparse.Namespace, text: str) -> None:
    """A line on stderr, unless --quiet."""
    if not args.quiet:
        print(text, file=sys.stderr)


@contextlib.contextmanager
def working(label: str, on: bool) -> Iterator[None]:
    """A ticking tqdm line ("label: 3s") on stderr while a single long step runs."""
    if not on:
        yield
        return
    from tqdm import tqdm  # lazy: only when a terminal shows progress

    done = threading.Event()
    with tqdm(total=1, desc=label, bar_format="{desc}: {elapsed}", leave=False) as bar:

        def tick() -> None:
            while not done.wait(0.2):
                bar.refresh()

        thread = threading.Thread(target=tick, daemon=True)
        thread.start()
        try:
            yield
            bar.update(1)
        finally:
            done.set()
            thread.join()


# ---------------------------------------------------------------------------------------------
# reading the assessed control


def _snapshot_files(folder: Path, when: pd.Timestamp) -> list[Path] | None:
    """The files of ``folder`` needed for ``when``: the latest on or before it and the next.

    ``None`` when a file name carries no date (then the whole folder is read, which reports
    that file by name).
    """
    dated: list[tuple[pd.Timestamp, str, Path]] = []
    for path in sorted(folder.glob("*.geojson")):
        try:
            dated.append((date_from_filename(path.name)[0], path.name, path))
        except ValueError:
            return None
    if not dated:
        return None
    dated.sort()
    before = [d for d in dated if d[0] <= when]
    after = [d for d in dated if d[0] > when]
    chosen = []
    if before:
        last = before[-1][0]
        chosen += [d[2] for d in before if d[0] == last]
    if after:
        first = after[0][0]
        chosen += [d[2] for d in after if d[0] == first]
    return chosen


def history(args: argparse.Namespace, source: Any, *, when: Any = None) -> Any:
    """The assessed control: built-in, fetched (``cache``), one file, a folder (only the
    files ``when`` needs). A fetched history's latest snapshot, and whether it is out of
    date, is said on stderr."""
    if source is None:
        return fl.example_control()
    if source == CACHE:
        h = fl.fetch_history(source="cache", progress=False)
        notice(args, str(h.frame.attrs["staleness"]))
        return h
    existing(source, "--source")
    target: Any = source
    if when is not None and source.is_dir():
        files = _snapshot_files(source, when)
        if files is not None:
            target = files
    return fl.read_deepstate(target, progress=progress(args), duplicates="last")


def mark_stale(m: Any, h: Any) -> None:
    """On a map drawn from a fetched history: a line saying how recent it is (top centre)."""
    note = h.frame.attrs.get("staleness")
    if not note:
        return
    import folium  # lazy: only map commands draw

    style = (
        "position:fixed;top:8px;left:50%;transform:translateX(-50%);z-index:1000;"
        "background:rgba(255,255,255,.9);padding:2px 8px;font:12px sans-serif;border-radius:3px"
    )
    text = html.escape(str(note))
    m.get_root().html.add_child(
        folium.Element(f'<div class="frontline-staleness" style="{style}">{text}</div>')
    )


def claims_file(path: Path, option: str, *, allow_empty: bool = False, hint: str = "") -> Any:
    """The claims in ``path``; an empty file is an error unless ``allow_empty``."""
    existing(path, option)
    claims = fl.read_claims(path)
    if claims.empty and not allow_empty:
        raise ValueError(f"{option} {path}: the file holds no claims{hint}")
    return claims


def explain_range(exc: LookupError, source: Any) -> LookupError:
    """A day outside the built-in data: say how to get it."""
    if source is None and isinstance(exc, fl.DateOutOfRangeError | DateOutOfRangeError):
        return DateOutOfRangeError(
            f"{exc}; the built-in data hold {DEMO_DAY} only: give --source DIR (DeepState "
            "snapshots), or get every day with 'frontline fetch --history' and give "
            "--source cache"
        )
    return exc


def held(share: Any) -> str:
    """A share in words, clipped to 0..1 ("just under one-fifth")."""
    return fl.describe_share(min(max(float(share), 0.0), 1.0))
