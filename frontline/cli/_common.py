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
import os
import sys
import tempfile
import textwrap
import threading
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Literal, NoReturn

import pandas as pd

import frontline as fl
from frontline._atomic import check_folder
from frontline._dates import date_from_filename, parse_day
from frontline._errors import DateOutOfRangeError, DeepStateReadError, DeepStateReadWarning
from frontline._staleness import staleness_of

__all__ = [
    "CACHE",
    "DEMO_DAY",
    "OFFLINE_HELP",
    "Parser",
    "add_format",
    "add_on_error",
    "add_page",
    "add_source",
    "add_tiles",
    "can_write",
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
    "source_span",
    "stage",
    "tile_options",
    "working",
]

#: The report day whose data ships with the package.
DEMO_DAY = "2025-06-08"

#: ``--source cache``: the history fetched with ``frontline fetch --history`` (a folder named
#: cache is ``--source ./cache``).
CACHE = "cache"

OFFLINE_HELP = (
    "draw no base map either, so that the page never touches the network (the page is "
    "self-contained anyway: its scripts are inlined and the base map shows only online)"
)
_OFFLINE_MAP_HELP = (
    "draw no base map, so that the page never touches the network (the page is "
    "self-contained anyway: every script is inlined, and the base map loads when online and "
    "leaves the plain outline map when not; add --tiles NAME to keep a base map)"
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


def add_on_error(p: argparse.ArgumentParser) -> None:
    """``--on-error raise|skip``: what a snapshot that cannot be read does to a folder."""
    p.add_argument(
        "--on-error",
        choices=("raise", "skip"),
        default="raise",
        help="a snapshot that cannot be read: stop with an error naming it (raise, default), "
        "or leave it out and say which file was skipped and why (skip)",
    )


def _source(text: str) -> Path | str:
    return CACHE if text == CACHE else Path(text)


def add_source(
    p: argparse.ArgumentParser, *, required: bool = False, default_cache: bool = False
) -> None:
    """``--source PATH|cache``: DeepState snapshots (default: the built-in day, or the cache
    fetched with ``frontline fetch --history``, or none when required)."""
    default = "cache" if default_cache else f"the built-in {DEMO_DAY} day"
    p.add_argument(
        "--source",
        type=_source,
        required=required,
        default=CACHE if default_cache else None,
        metavar="PATH",
        help=(
            "DeepState snapshots: a folder of *.geojson, one file, or 'cache' for the history "
            "fetched with 'frontline fetch --history'"
            + ("" if required else f" (default: {default})")
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
    can_write(path, option)
    return path


def can_write(path: Path, option: str) -> None:
    """Create and remove a file beside ``path``: some folders (``/proc``, a read-only mount)
    pass a permission check and still refuse new files. The error names ``path`` as given."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, probe = tempfile.mkstemp(prefix=".frontline-check-", dir=folder)
    except OSError as exc:
        raise type(exc)(
            f"{option} {path}: cannot write in the folder {folder} "
            f"({exc.strerror or exc}); choose another folder"
        ) from None
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(probe)


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


def stage(args: argparse.Namespace, text: str) -> None:
    """One line on stderr as a long command starts a stage, even when stderr is not a terminal
    (a log shows how far it got); not with --quiet."""
    if not getattr(args, "quiet", False):
        print(f"frontline {getattr(args, 'command', '')}: {text}", file=sys.stderr, flush=True)


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


def _dated_files(folder: Path) -> list[tuple[pd.Timestamp, str, Path]] | None:
    """The snapshots of ``folder`` with their days (from the names), sorted by day.

    ``None`` when a file name carries no date (then the whole folder is read, which reports
    that file by name) or the folder holds no snapshot.
    """
    dated: list[tuple[pd.Timestamp, str, Path]] = []
    for path in folder.glob("*.geojson"):
        try:
            dated.append((date_from_filename(path.name)[0], path.name, path))
        except ValueError:
            return None
    return sorted(dated) or None


def source_span(source: Path) -> tuple[pd.Timestamp, pd.Timestamp, int] | None:
    """First and last day of a folder's snapshots (from the file names) and their number.

    Examples
    --------
    >>> source_span(Path("no-such-folder")) is None
    True
    """
    if not source.is_dir():
        return None
    dated = _dated_files(source)
    if dated is None:
        return None
    return dated[0][0], dated[-1][0], len(dated)


def _span_text(source: Path, span: tuple[pd.Timestamp, pd.Timestamp, int]) -> str:
    first, last, n = span
    return f"the {n:,} snapshots in {source} run from {first:%Y-%m-%d} to {last:%Y-%m-%d}"


def _around(dated: list[tuple[pd.Timestamp, str, Path]], when: pd.Timestamp) -> list[Path]:
    """The files needed for ``when``: the latest on or before it and the next."""
    before = [d for d in dated if d[0] <= when]
    after = [d for d in dated if d[0] > when]
    chosen = [d[2] for d in before if d[0] == before[-1][0]] if before else []
    if after:
        chosen += [d[2] for d in after if d[0] == after[0][0]]
    return chosen


def snapshot_files(folder: Path, days: Sequence[pd.Timestamp]) -> list[Path] | None:
    """The files of ``folder`` needed for each of ``days`` (the latest on or before it and
    the next), or ``None`` when the names carry no dates (then read the whole folder)."""
    dated = _dated_files(folder)
    if dated is None:
        return None
    chosen: dict[Path, None] = {}
    for when in days:
        chosen.update(dict.fromkeys(_around(dated, when)))
    return sorted(chosen)


def _within(
    dated: list[tuple[pd.Timestamp, str, Path]],
    start: pd.Timestamp | None,
    end: pd.Timestamp | None,
) -> list[Path]:
    """The files from ``start`` to ``end``, the latest before a start day without one and the
    first after an end day without one (so that days at either end can be carried)."""
    lo = start if start is not None else dated[0][0]
    hi = end if end is not None else dated[-1][0]
    chosen = [d for d in dated if lo <= d[0] <= hi]
    before = [d for d in dated if d[0] < lo]
    after = [d for d in dated if d[0] > hi]
    if before and (not chosen or chosen[0][0] > lo):
        chosen = [d for d in before if d[0] == before[-1][0]] + chosen
    if after and (not chosen or chosen[-1][0] < hi):
        chosen += [d for d in after if d[0] == after[0][0]]
    return [d[2] for d in chosen]


def history(
    args: argparse.Namespace,
    source: Any,
    *,
    when: pd.Timestamp | None = None,
    start: pd.Timestamp | None = None,
    end: pd.Timestamp | None = None,
) -> Any:
    """The assessed control: built-in, fetched (``cache``), one file, or a folder (only the
    files needed). A fetched history's latest snapshot, and whether it is out of date, is
    said on stderr.

    With ``when`` (one day) the latest snapshot on or before it and the next are read; with
    ``start``/``end`` the snapshots between them (and the latest before a start day that has
    none). A day outside the folder's snapshots fails before anything is read, saying the
    range the folder covers. ``--on-error skip`` leaves unreadable files out and names them.
    """
    if source is None:
        return fl.example_control()
    if source == CACHE:
        h = fl.fetch_history(source="cache", progress=False)
        notice(args, str(h.frame.attrs["staleness"]))
        return h
    existing(source, "--source")
    target: Any = source
    count = 1
    if source.is_dir():
        dated = _dated_files(source)
        if dated is not None:
            span = (dated[0][0], dated[-1][0], len(dated))
            first, last, _ = span
            if when is not None and not first <= when <= last:
                raise DateOutOfRangeError(
                    f"--date {when:%Y-%m-%d} is outside the source: {_span_text(source, span)}; "
                    "pick a day in that range"
                )
            if start is not None and start > last:
                raise DateOutOfRangeError(
                    f"--start {start:%Y-%m-%d} is after the last snapshot: "
                    f"{_span_text(source, span)}; pick a start day in that range"
                )
            if end is not None and end < first:
                raise DateOutOfRangeError(
                    f"--end {end:%Y-%m-%d} is before the first snapshot: "
                    f"{_span_text(source, span)}; pick an end day in that range"
                )
            if when is not None:
                target = _around(dated, when)
            elif start is not None or end is not None:
                target = _within(dated, start, end)
            else:
                target = [d[2] for d in dated]
            count = len(target)
        else:
            count = sum(1 for _ in source.glob("*.geojson"))
    stage(args, f"reading {count:,} snapshot{'' if count == 1 else 's'} from {source}")
    on_error: Literal["raise", "skip"] = (
        "skip" if getattr(args, "on_error", "raise") == "skip" else "raise"
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DeepStateReadWarning)
        try:
            h = fl.read_deepstate(
                target, progress=progress(args), duplicates="last", on_error=on_error
            )
        except DeepStateReadError as exc:
            if count > 1 and hasattr(args, "on_error"):
                raise DeepStateReadError(
                    exc.path, f"{exc.reason}; or add --on-error skip to leave it out"
                ) from None
            raise
    skipped = [w for w in caught if issubclass(w.category, DeepStateReadWarning)]
    for w in caught:
        if w not in skipped:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    if skipped:
        for w in skipped:
            notice(args, f"frontline: {' '.join(str(w.message).split())}")
        notice(
            args,
            f"frontline: skipped {len(skipped):,} of {count:,} files (--on-error skip); "
            f"read {len(h):,} days",
        )
    return h


def mark_stale(m: Any, h: Any) -> None:
    """On a map drawn from a fetched history: a line saying how recent it is (top centre)."""
    note = staleness_of(h)
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
    """A day outside the built-in data or the folder read: say what the source covers."""
    if not isinstance(exc, fl.DateOutOfRangeError | DateOutOfRangeError):
        return exc
    if source is None:
        return DateOutOfRangeError(
            f"{exc}; the built-in data hold {DEMO_DAY} only: give --source DIR (DeepState "
            "snapshots), or get every day with 'frontline fetch --history' and give "
            "--source cache"
        )
    span = source_span(source)
    if span is not None:
        return DateOutOfRangeError(f"{exc}; {_span_text(source, span)}")
    return exc


def held(share: Any) -> str:
    """A share in words, clipped to 0..1 ("just under one-fifth")."""
    return fl.describe_share(min(max(float(share), 0.0), 1.0))
