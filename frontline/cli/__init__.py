"""The ``frontline`` command line.

Every command prints ``--help`` with examples. Results go to stdout as a table, or as CSV or
JSON with ``--format``; progress bars, stage lines and notices go to stderr (progress bars
only when stderr is a terminal, a line per stage of a long command always; ``--quiet`` hides
them all). Files are written whole or not at all: each goes to a
temporary file in the target's folder and is moved into place once complete, and every input
and output path is checked before any long work starts.

Exit codes: 0 success; 1 bad input (a missing or corrupt file, a date that is not YYYY-MM-DD,
an unknown region or place, an empty claims file...); 2 a usage error (an unknown option, a
missing argument); 130 interrupted. Errors are one readable line on stderr, ``frontline
COMMAND: error: ...``; ``--debug`` shows the traceback instead.

Commands: ``demo`` (the 2025-06-08 report day from built-in data), ``share``, ``timeline``,
``front`` (the front's length by direction), ``report`` (the monthly report), ``map``,
``history``, ``claims list|check|add|import|score``, ``place``, ``region`` and ``fetch``; run
``frontline COMMAND --help`` for each one's options and examples.

Layout: one module per command (``demo``, ``share``, ...), each with ``NAME``,
``add_parser(subparsers)`` and ``run(args) -> exit code``; a new command is one module and one
line in :data:`COMMANDS`. Only the module of the command run is imported (``frontline
timeline`` never loads the map or claims commands, nor what they import); ``frontline --help``,
an unknown command and a usage error before the command build the whole parser. Shared
options, checks and progress are in ``_common``, printing in ``_output``, the demo report's
words in ``_demo_text``. The command line uses the public API (``import frontline as fl``) and
the foundation modules (``_dates``, ``_atomic``, ``_errors``, ``_cache``); one helper is not
exported yet and is imported from its module: ``frontline.io.claims.FORMATS``.

``--source`` takes a folder, a file, or ``cache``: the history fetched with ``frontline fetch
--history`` (the default of ``timeline`` and ``history``).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import os
import re
import sys
import warnings
from collections.abc import Sequence
from types import ModuleType
from typing import Any

import frontline as fl
from frontline.cli._common import Parser, quiet

__all__ = ["COMMANDS", "Command", "main"]


class Command:
    """A command module of this package, imported when first used (its ``NAME`` is known
    without importing it): ``add_parser`` and ``run`` are the module's own.

    Examples
    --------
    >>> region = Command("region")
    >>> region.NAME, callable(region.run)
    ('region', True)
    """

    def __init__(self, name: str) -> None:
        self.NAME = name

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__"):  # copy, pickle and the like: not the module's
            raise AttributeError(attr)
        return getattr(importlib.import_module(f"frontline.cli.{self.NAME}"), attr)

    def __repr__(self) -> str:
        return f"<command {self.NAME}>"


#: The commands, in the order ``frontline --help`` lists them: add a new one here (a module of
#: this package named as the command; any object with ``NAME``, ``add_parser`` and ``run``
#: also works).
COMMANDS: tuple[Command | ModuleType, ...] = (
    Command("demo"),
    Command("share"),
    Command("timeline"),
    Command("front"),
    Command("report"),
    Command("map"),
    Command("history"),
    Command("claims"),
    Command("place"),
    Command("region"),
    Command("fetch"),
)

#: ``frontline``'s own flags that may come before a command (only that command is then loaded).
_TOP_FLAGS = frozenset({"--debug", "-q", "--quiet"})

_TOP_EPILOG = """\
Run 'frontline COMMAND --help' for a command's options and examples.
Exit codes: 0 ok, 1 bad input, 2 usage error.
"""

#: Errors that are about the input, not about frontline itself.
_INPUT_ERRORS: tuple[type[BaseException], ...] = (ValueError, LookupError, OSError)


def _chosen(argv: Sequence[str]) -> Command | ModuleType | None:
    """The command ``argv`` runs, when the arguments before it are ``frontline``'s own flags
    (``--debug``, ``--quiet``); else ``None`` (help, version, an unknown command, an error).

    Examples
    --------
    >>> _chosen(["-q", "timeline", "--out", "t.csv"])
    <command timeline>
    >>> _chosen(["--help"]) is None, _chosen(["nonsense"]) is None, _chosen([]) is None
    (True, True, True)
    """
    for arg in argv:
        if arg in _TOP_FLAGS:
            continue
        return next((c for c in COMMANDS if arg == c.NAME), None)
    return None


def build_parser(commands: Sequence[Command | ModuleType] | None = None) -> argparse.ArgumentParser:
    """The parser of ``frontline`` and every command in :data:`COMMANDS` (or in ``commands``:
    a command's own parser is the same whichever others are there)."""
    parser = Parser(
        prog="frontline",
        description="Map, measure and follow the front line of the Russia-Ukraine war.",
        epilog=_TOP_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--debug", action="store_true", help="show the traceback of an error")
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="no progress bars or notices on stderr"
    )
    parser.add_argument("--version", action="version", version=f"frontline {fl.__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    sub.required = True
    for command in COMMANDS if commands is None else commands:
        command.add_parser(sub)
    return parser


_PYTHON_REGION = re.compile(r"pass region= \(for example region=(?P<example>'[^']*'|\"[^\"]*\")\)")


def _cli_words(text: str, command: str) -> str:
    """The library's advice in command-line spelling (``--region``, not ``region=``).

    Examples
    --------
    >>> _cli_words("pass region= (for example region='Donetsk Oblast') to choose", "place")
    "add --region 'Donetsk Oblast' to choose"
    """
    if command == "place":
        text = _PYTHON_REGION.sub(lambda m: f"add --region {m.group('example')}", text)
        return text.replace("(pass region= to narrow", "(add --region to narrow")
    text = _PYTHON_REGION.sub(
        lambda m: (
            "the name is shared (see: frontline place NAME --region "
            f"{m.group('example')}); give a name that is not"
        ),
        text,
    )
    return text.replace(
        "(pass region= to narrow",
        "(look it up with 'frontline place NAME --region REGION' to narrow",
    )


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    if isinstance(exc, json.JSONDecodeError):
        text = f"not valid JSON ({text})"
    if isinstance(exc, KeyError | IndexError):  # str() of these is only the key
        text = f"{type(exc).__name__} {text}"
    if not isinstance(exc, _INPUT_ERRORS):
        text += (
            f" ({type(exc).__name__}; this may be a bug in frontline: run again with --debug "
            "and report the traceback)"
        )
    return text


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: Any = None,
    line: str | None = None,
) -> None:
    print(f"frontline: warning: {' '.join(str(message).split())}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 bad input, 2 usage, 130 stopped).

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments after ``frontline`` (default: ``sys.argv[1:]``).

    Examples
    --------
    >>> main(["region", "UA-12", "--format", "csv"])  # doctest: +ELLIPSIS
    code,name,name_uk,name_ru,kind,capital,area_km2,area_km2_official,area_source,aliases
    UA-12,Dnipropetrovsk Oblast,Дніпропетровська область,...
    0
    """
    for stream in (sys.stdout, sys.stderr):  # Cyrillic names on a legacy console: no crash
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    argv = sys.argv[1:] if argv is None else list(argv)
    chosen = _chosen(argv)
    args = build_parser(None if chosen is None else [chosen]).parse_args(argv)
    quiet.set(bool(getattr(args, "quiet", False)))
    command = chosen or next(c for c in COMMANDS if args.command == c.NAME)
    run = command.run
    try:
        with warnings.catch_warnings():
            if not args.debug:
                warnings.showwarning = _show_warning
            code: int = run(args)
            return code
    except KeyboardInterrupt:
        print("frontline: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `frontline timeline ... | head`
        with contextlib.suppress(OSError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as exc:  # one readable line, never a traceback (unless --debug)
        if args.debug:
            raise
        message = _cli_words(_one_line(exc), args.command)
        print(f"frontline {args.command}: error: {message}", file=sys.stderr)
        return 1
