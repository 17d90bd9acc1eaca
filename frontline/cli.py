"""The ``frontline`` command line.

Every command prints ``--help`` with examples. Results go to stdout as a table, or as CSV or
JSON with ``--format``; progress bars and notices go to stderr (progress bars only when stderr
is a terminal; ``--quiet`` hides both). Files are written whole or not at all: each goes to a
temporary file in the target's folder and is moved into place once complete, and every input
and output path is checked before any long work starts.

Exit codes: 0 success; 1 bad input (a missing or corrupt file, a date that is not YYYY-MM-DD,
an unknown region or place, an empty claims file...); 2 a usage error (an unknown option, a
missing argument); 130 interrupted. Errors are one readable line on stderr, ``frontline
COMMAND: error: ...``; ``--debug`` shows the traceback instead.

Commands: ``demo`` (the 2025-06-08 report day from built-in data), ``share``, ``timeline``,
``map``, ``history``, ``claims list|check|add``, ``place``, ``region`` and ``fetch``; run
``frontline COMMAND --help`` for each one's options and examples.
"""

from __future__ import annotations

import argparse
import contextlib
import contextvars
import json
import os
import re
import shutil
import sys
import tempfile
import textwrap
import threading
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

__all__ = ["main"]

#: The report day whose data ships with the package.
DEMO_DAY = "2025-06-08"

_EXAMPLES = {
    "demo": """
        examples:
          frontline demo                      # 2025-06-08 from built-in data, no download
          frontline demo --out-dir reports/   # report.html and day.png in reports/
          frontline demo --offline            # a self-contained report.html
        """,
    "share": """
        examples:
          frontline share --date 2025-06-08                   # built-in data
          frontline share --date 2025-06-08 --by region --source ../shared/data/deepstate/daily
          frontline share --date 2025-06-08 --format json
          frontline share --date 2025-06-08 --denominator polygons
        """,
    "timeline": """
        examples:
          frontline timeline --source DIR --out timeline.csv
          frontline timeline --source DIR --by region --out timeline.parquet
          frontline timeline --source DIR --start 2025-01-01 --end 2025-06-30 --format csv
        """,
    "map": """
        examples:
          frontline map --date 2025-06-08 -o map.html              # built-in data and claims
          frontline map --date 2025-06-08 --rings Sumy --offline -o map.html   # no base map
          frontline map --date 2025-06-08 --offline --tiles OpenStreetMap.Mapnik -o map.html
          frontline map --date 2025-06-08 --source DIR --claims claims.gpkg --offline -o map.html
        """,
    "history": """
        examples:
          frontline history --source DIR --start 2025-01-01 -o history.html
          frontline history --source DIR --stride 7 --offline -o history.html
          frontline history --source DIR --stride 7D --claims claims.gpkg -o history.html
        """,
    "claims": """
        examples:
          frontline claims list claims.gpkg
          frontline claims check claims.geojson
          frontline claims add claims.gpkg --claim-id my-1 --date 2025-06-09 \\
              --claimant "Russian Ministry of Defence" --side RU --kind capture \\
              --summary "Says a village was taken" --place Novopavlivka \\
              --region Dnipropetrovsk --source-name "a news agency"
          frontline claims add claims.gpkg --respond-to my-1 --by "Khortytsia group" \\
              --stance denies --date 2025-06-09 --source-name "a news agency"

        A new file is created by the first 'add'; the suffix picks the format (.geojson,
        .gpkg, .parquet, .csv). Dates are YYYY-MM-DD; 08/06/2025 is refused, never guessed.
        """,
    "place": """
        examples:
          frontline place Pokrovsk
          frontline place "Novopavlivka" --region Dnipropetrovsk
          frontline place Купянск --format json
        """,
    "region": """
        examples:
          frontline region Dnipro
          frontline region "Дніпропетровська область" --neighbors
          frontline region Dnipropetrovsk --neighbors --date 2025-06-08   # how much is held
        """,
    "fetch": """
        examples:
          frontline fetch                     # the latest DeepState map, cached
          frontline fetch --date 2025-06-08 -o deepstate/
          frontline fetch --date 2025-06-08 --cache-dir ~/.cache/frontline

        Editions are cached; '-o FILE' (or '-o FOLDER/') copies the edition as served, a
        file that 'frontline ... --source' and read_deepstate read back.
        """,
}

_OFFLINE_HELP = "put every script and stylesheet in the page (map tiles still need the network)"
_OFFLINE_MAP_HELP = (
    "put every script and stylesheet in the page and draw no base map, so that it opens "
    "without network (add --tiles NAME to keep a base map, which loads only online)"
)

_TOP_EPILOG = """\
Run 'frontline COMMAND --help' for a command's options and examples.
Exit codes: 0 ok, 1 bad input, 2 usage error.
"""


# ---------------------------------------------------------------------------------------------
# parser


class _Parser(argparse.ArgumentParser):
    """argparse with usage errors on one line and exit code 2."""

    def error(self, message: str) -> Any:  # type: ignore[override]
        self.exit(2, f"{self.prog}: usage error: {message} (see {self.prog} --help)\n")


def _common() -> argparse.ArgumentParser:
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


def _sub(subparsers: Any, name: str, help_text: str) -> argparse.ArgumentParser:
    return subparsers.add_parser(
        name,
        help=help_text,
        description=help_text,
        epilog=textwrap.dedent(_EXAMPLES[name]),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[_common()],
    )


def _add_format(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--format",
        choices=("table", "csv", "json"),
        default="table",
        help="how to print the result on stdout (default: table)",
    )


def _add_tiles(p: argparse.ArgumentParser) -> None:
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


def _tile_options(args: argparse.Namespace) -> dict[str, Any]:
    """The ``tiles=`` keyword for map_day/map_history: none offline unless --tiles is given."""
    if args.tiles is not None:
        return {"tiles": args.tiles}
    if args.no_tiles or args.offline:
        return {"tiles": None}
    return {}


def _add_source(p: argparse.ArgumentParser, *, required: bool = False) -> None:
    p.add_argument(
        "--source",
        type=Path,
        required=required,
        metavar="PATH",
        help=(
            "DeepState snapshots: a folder of *.geojson or one file"
            + ("" if required else f" (default: the built-in {DEMO_DAY} day)")
        ),
    )


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="frontline",
        description="Map, measure and follow the front line of the Russia-Ukraine war.",
        epilog=_TOP_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--debug", action="store_true", help="show the traceback of an error")
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="no progress bars or notices on stderr"
    )
    parser.add_argument("--version", action="version", version=_version())
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    p = _sub(sub, "demo", f"the {DEMO_DAY} report day from built-in data: figures, map, picture")
    p.add_argument(
        "--out-dir",
        type=Path,
        default=Path("."),
        metavar="FOLDER",
        help="where to write report.html and day.png (default: here)",
    )
    p.add_argument("--offline", action="store_true", help=_OFFLINE_HELP)

    p = _sub(sub, "share", "area under Russian control on a day, nationally or by region")
    p.add_argument("--date", required=True, help="the day, YYYY-MM-DD")
    p.add_argument("--by", choices=("country", "region"), default="country")
    p.add_argument(
        "--denominator",
        choices=("official", "polygons"),
        default="official",
        help="share of Ukraine's official 603,628 km² (default) or of the region polygons",
    )
    _add_source(p)
    _add_format(p)

    p = _sub(sub, "timeline", "daily area under Russian control over a whole history")
    _add_source(p, required=True)
    p.add_argument("--by", choices=("country", "region"), default="country")
    p.add_argument("--start", help="first day, YYYY-MM-DD")
    p.add_argument("--end", help="last day, YYYY-MM-DD")
    p.add_argument(
        "--carry",
        action="store_true",
        help="fill days without a snapshot with the latest earlier one (flagged)",
    )
    p.add_argument(
        "--out", type=Path, metavar="FILE", help="write .csv, .json or .parquet here instead"
    )
    _add_format(p)

    p = _sub(sub, "map", "an interactive map of one day: assessed control and claims")
    p.add_argument("--date", required=True, help="the day, YYYY-MM-DD")
    _add_source(p)
    p.add_argument(
        "--claims",
        type=Path,
        metavar="FILE",
        help="a claims file (default: the built-in claims of the day, if any)",
    )
    p.add_argument("--no-claims", action="store_true", help="draw no claims")
    p.add_argument(
        "--rings",
        action="append",
        metavar="PLACE",
        help="range rings (15, 25, 40 km) around a place; repeat for more places",
    )
    _add_tiles(p)
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path("map.html"),
        metavar="FILE",
        help="the page to write (default: map.html)",
    )

    p = _sub(sub, "history", "an interactive map with a date slider over a whole history")
    _add_source(p, required=True)
    p.add_argument("--start", help="first day, YYYY-MM-DD")
    p.add_argument("--end", help="last day, YYYY-MM-DD")
    p.add_argument("--stride", help="keep every Nth snapshot (7), or one per period (7D)")
    p.add_argument("--claims", type=Path, metavar="FILE", help="claims to show on the slider")
    _add_tiles(p)
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path("history.html"),
        metavar="FILE",
        help="the page to write (default: history.html)",
    )

    p = _sub(sub, "claims", "list, check or add to a claims file")
    p.add_argument("action", choices=("list", "check", "add"))
    p.add_argument("file", type=Path, help=".geojson, .gpkg, .parquet or .csv")
    _add_format(p)
    g = p.add_argument_group("add a claim (required: --date --claimant --kind --summary "
                             "--source-name)")  # fmt: skip
    g.add_argument("--claim-id", help="default: made from claimant, date and summary")
    g.add_argument("--date", help="the day the claim (or the response) is about, YYYY-MM-DD")
    g.add_argument("--claimant", help='who claims it ("Russian Ministry of Defence")')
    g.add_argument("--side", help='"RU", "UA" or "third party" (may be omitted for known bodies)')
    g.add_argument("--kind", help='"advance", "capture", "repelled attacks", "strike", ...')
    g.add_argument("--summary", help="one line in your own words")
    g.add_argument("--unit", help="the military unit named")
    g.add_argument("--place", help="the settlement named (located with the gazetteer)")
    g.add_argument("--region", help="the oblast (narrows --place, or is the claim's area)")
    g.add_argument("--wkt", help="the claim's geometry as WKT, lon/lat")
    g.add_argument("--lat", type=float)
    g.add_argument("--lon", type=float)
    g.add_argument("--precision", help='"point", "settlement", "area", "direction", ...')
    g.add_argument("--source-name", help="where it was read")
    g.add_argument("--source-url", help="a link to the source")
    g = p.add_argument_group("add a response to a claim in the file")
    g.add_argument("--respond-to", metavar="CLAIM_ID")
    g.add_argument("--by", help="who responded")
    g.add_argument("--stance", choices=("denies", "confirms", "disputes", "no comment"))
    g.add_argument("--note", help="a note in your own words")

    p = _sub(sub, "place", "find a settlement however a report spells it")
    p.add_argument("name")
    p.add_argument("--region", help="the oblast, if the name is shared")
    _add_format(p)

    p = _sub(sub, "region", "one of Ukraine's 27 regions by any of its names")
    p.add_argument("name")
    p.add_argument("--neighbors", action="store_true", help="list the bordering regions")
    p.add_argument("--date", help="with --neighbors: how much of each is held that day")
    _add_source(p)
    _add_format(p)

    p = _sub(sub, "fetch", "download a DeepState snapshot (cached on disk)")
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
    _add_format(p)
    return parser


def _version() -> str:
    from frontline import __version__

    return f"frontline {__version__}"


# ---------------------------------------------------------------------------------------------
# checks done before any long work


def _day(text: str, option: str = "--date") -> Any:
    """A YYYY-MM-DD option as a Timestamp; anything ambiguous is refused, never guessed."""
    from frontline.claims import parse_date

    try:
        return parse_date(text)
    except ValueError as exc:
        raise ValueError(f"{option} {text!r}: {exc}") from None


def _input(path: Path, option: str) -> Path:
    if not path.exists():
        raise FileNotFoundError(f"{option} {path}: no such file or folder")
    return path


def _output(path: Path, option: str, *, suffixes: Sequence[str] = ()) -> Path:
    """Check that ``path`` can be written, before any work is done."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise IsADirectoryError(f"{option} {path} is a folder; give a file name")
    folder = path.parent
    if not folder.is_dir():
        raise FileNotFoundError(f"{option} {path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise PermissionError(f"{option} {path}: the folder {folder} is not writable")
    if suffixes and path.suffix.lower() not in suffixes:
        raise ValueError(
            f"{option} {path}: unsupported file type {path.suffix or '(none)'!r}; "
            f"use {', '.join(suffixes)}"
        )
    return path


def _temp_beside(path: Path) -> str:
    """An empty temporary file next to ``path``, with the permissions a new file would get."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    umask = os.umask(0o022)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    return tmp


def _atomic_write(path: Path, write: Callable[[Path], Any]) -> Path:
    """Write through a temporary file in the same folder; nothing is left on failure."""
    path = Path(path)
    tmp = _temp_beside(path)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


# ---------------------------------------------------------------------------------------------
# progress and notices (stderr)


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):  # closed or replaced stream
        return False


def _progress(args: argparse.Namespace) -> bool:
    return not args.quiet and _stderr_is_terminal()


def _notice(args: argparse.Namespace, text: str) -> None:
    if not args.quiet:
        print(text, file=sys.stderr)


@contextlib.contextmanager
def _working(label: str, on: bool) -> Iterator[None]:
    """A ticking tqdm line ("label: 3s") on stderr while a single long step runs."""
    if not on:
        yield
        return
    from tqdm import tqdm

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
# output (stdout)

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def _clean(value: Any) -> Any:
    """Text from data without control characters (no terminal escapes reach the screen)."""
    return _CONTROL_CHARS.sub("?", value) if isinstance(value, str) else value


def _for_table(df: Any, *, clip: int = 70) -> Any:
    """Rounded numbers, shares as percentages, day-only dates, clipped long text."""
    import pandas as pd

    out = df.copy()
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_datetime64_any_dtype(s):
            if s.dt.tz is None and bool((s.dropna() == s.dropna().dt.normalize()).all()):
                out[col] = s.dt.strftime("%Y-%m-%d").fillna("")
        elif pd.api.types.is_bool_dtype(s):
            continue
        elif pd.api.types.is_float_dtype(s):
            if col.startswith("share"):
                out[col] = s.map(lambda v: "" if pd.isna(v) else f"{v:.1%}")
            elif "km2" in col or col.endswith("_km"):
                out[col] = s.map(lambda v: "" if pd.isna(v) else f"{v:,.1f}")
        elif s.dtype == object or pd.api.types.is_string_dtype(s):
            out[col] = s.map(
                lambda v: (
                    (_clean(v) if len(v) <= clip else _clean(v[: clip - 1]) + "…")
                    if isinstance(v, str)
                    else ("" if v is None else v)
                )
            )
    return out


#: --quiet for helpers that print without the parsed arguments at hand
_QUIET: contextvars.ContextVar[bool] = contextvars.ContextVar("frontline_cli_quiet", default=False)


def _print_frame(
    frame: Any,
    fmt: str,
    *,
    columns: Sequence[str] | None = None,
    table_columns: Sequence[str] | None = None,
    vertical: bool = False,
) -> None:
    """Print a table as text (``columns``/``table_columns`` chosen), CSV or JSON records."""
    import pandas as pd

    df = pd.DataFrame(frame).copy().infer_objects()
    if "geometry" in df.columns:
        df = df.drop(columns="geometry")
    if columns is not None:
        df = df[[c for c in columns if c in df.columns]]
    footnote = getattr(frame, "attrs", {}).get("footnote")
    if fmt == "csv":
        df.to_csv(sys.stdout, index=False, lineterminator="\n")
        if footnote and not _QUIET.get():  # provenance on stderr: stdout stays machine-readable
            print(footnote, file=sys.stderr)
        return
    if fmt == "json":
        sys.stdout.write(df.to_json(orient="records", date_format="iso", force_ascii=False))
        sys.stdout.write("\n")
        if footnote and not _QUIET.get():
            print(footnote, file=sys.stderr)
        return
    if table_columns is not None:
        df = df[[c for c in table_columns if c in df.columns]]
    vertical = vertical and len(df) == 1
    text = _for_table(df, clip=400 if vertical else 70)
    if vertical:
        width = max(len(str(c)) for c in text.columns)
        for col, value in text.iloc[0].items():
            print(f"{col:<{width}}  {'' if value is None else value}")
    elif text.empty:
        print("(nothing)")
    else:
        print(text.to_string(index=False))
    if footnote:
        print(f"\n{footnote}")


# ---------------------------------------------------------------------------------------------
# reading the assessed control


def _snapshot_files(folder: Path, day: Any) -> list[Path] | None:
    """The files of ``folder`` needed for ``day``: the latest on or before it and the next.

    ``None`` when a file name carries no date (then the whole folder is read, which reports
    that file by name).
    """
    from frontline.io.deepstate import date_from_filename

    dated: list[tuple[Any, str, Path]] = []
    for path in sorted(folder.glob("*.geojson")):
        try:
            dated.append((date_from_filename(path.name)[0], path.name, path))
        except ValueError:
            return None
    if not dated:
        return None
    dated.sort()
    before = [d for d in dated if d[0] <= day]
    after = [d for d in dated if d[0] > day]
    chosen = []
    if before:
        last = before[-1][0]
        chosen += [d[2] for d in before if d[0] == last]
    if after:
        first = after[0][0]
        chosen += [d[2] for d in after if d[0] == first]
    return chosen


def _history(args: argparse.Namespace, source: Path | None, *, day: Any = None) -> Any:
    """The assessed control: built-in, one file, a folder (only the files ``day`` needs)."""
    import frontline as fl

    if source is None:
        return fl.example_control()
    _input(source, "--source")
    target: Any = source
    if day is not None and source.is_dir():
        files = _snapshot_files(source, day)
        if files is not None:
            target = files
    return fl.read_deepstate(target, progress=_progress(args), duplicates="last")


def _explain_range(exc: LookupError, source: Path | None) -> LookupError:
    from frontline.control import DateOutOfRangeError

    if source is None and isinstance(exc, DateOutOfRangeError):
        return DateOutOfRangeError(
            f"{exc}; the built-in data hold {DEMO_DAY} only: give --source DIR (DeepState "
            "snapshots) or get the day with 'frontline fetch --date YYYY-MM-DD -o DIR/'"
        )
    return exc


# ---------------------------------------------------------------------------------------------
# demo


_PAST = {"denies": "denied", "confirms": "confirmed", "disputes": "disputed"}


def _and(items: Sequence[str]) -> str:
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)


def _held(share: float) -> str:
    from frontline import describe_share

    return describe_share(min(max(float(share), 0.0), 1.0))


def _cmd_demo(args: argparse.Namespace) -> int:
    import frontline as fl

    out_dir: Path = args.out_dir.expanduser()
    if out_dir.exists() and not out_dir.is_dir():
        raise NotADirectoryError(f"--out-dir {out_dir} is a file, not a folder")
    for parent in out_dir.parents:  # fail before any work, not after printing the report
        if parent.exists():
            if not parent.is_dir():
                raise NotADirectoryError(f"--out-dir {out_dir}: {parent} is a file, not a folder")
            break
    day = DEMO_DAY
    h = fl.example_control()
    claims = fl.example_claims(day)

    national = fl.area_share(h, day)
    by_region = fl.area_share(h, day, by="region").set_index("code")
    nat = national.iloc[0]
    print(f"frontline demo: {day}, from the data shipped with frontline (nothing downloaded)")
    print()
    print(f"Assessed control ({national.attrs['source']}, snapshot {day})")
    print(
        f"  {'Ukraine':<22} {nat['km2']:>9,.0f} km²  {nat['share']:>6.1%}  "
        f"{_held(nat['share'])} of the country"
    )
    for name in ("Luhansk", "Donetsk", "Zaporizhzhia", "Kherson", "Dnipropetrovsk", "Sumy"):
        r = by_region.loc[fl.region(name)["code"]]
        print(f"  {r['name']:<22} {r['km2']:>9,.0f} km²  {r['share']:>6.1%}  {_held(r['share'])}")

    print()
    print("The claim and the answer")
    checks = fl.reconcile(claims, h).set_index("claim_id")
    answered = claims[[len(r) > 0 for r in claims["responses"]]]
    for c in answered.itertuples():
        print(f"  {_clean(c.claimant)} ({c.side}, {c.date:%Y-%m-%d}): {_clean(c.summary)}")
        for resp in c.responses:
            stance = _PAST.get(resp["stance"], resp["stance"])
            side = f" ({resp['side']})" if resp.get("side") else ""
            note = f": {_clean(resp['note'])}" if resp.get("note") else ""
            print(f"    {stance} on {resp['date']} by {_clean(resp['by'])}{side}{note}")
        verdict = checks.loc[c.claim_id]
        print(f"    status: {c.status}; checked against the map: {_clean(verdict['note'])}")
    dnipro = by_region.loc[fl.region("Dnipropetrovsk")["code"]]
    print(
        f"    {national.attrs['source']} shows {dnipro['km2']:,.0f} km² held in "
        f"{dnipro['name']} on {day}."
    )
    others = claims[[len(r) == 0 for r in claims["responses"]]]
    print(f"  Also reported that day ({len(others)} more, no response on record):")
    for c in others.itertuples():
        print(f"    - [{c.status}] {_clean(c.claimant)}: {_clean(c.summary)}")

    print()
    near = fl.occupied_neighbors("Dnipropetrovsk", h, day)
    held = near[near["held"]]
    print(f"Neighbours of {dnipro['name']} partly held ({len(held)} of {len(near)})")
    for r in held.itertuples():
        print(f"  {r.name:<22} {r.km2:>9,.0f} km²  {r.share:>6.1%}  {_held(r.share)}")
    free = near.loc[~near["held"], "name"].tolist()
    if free:
        print(f"  none held in {', '.join(free)}")

    print()
    sumy = fl.find_place("Sumy", region="Sumy")
    ranges = fl.within_range(sumy, h, day, km=(15, 25, 40))
    dist = float(ranges["distance_km"].iloc[0])
    inside = [f"{k} km" for k in (15, 25, 40) if bool(ranges[f"within_{k}km"].iloc[0])]
    outside = [f"{k} km" for k in (15, 25, 40) if not bool(ranges[f"within_{k}km"].iloc[0])]
    print(
        f"Sumy (pop. {int(sumy['population']):,}) is {dist:.1f} km from the nearest ground "
        "assessed as held or contested"
    )
    print(
        f"  within the {_and(inside) or 'no'} ring{'s' if len(inside) != 1 else ''}"
        + (
            f", outside the {_and(outside)} ring{'s' if len(outside) != 1 else ''}"
            if outside
            else ""
        )
        + " (geodesic distance, WGS84)"
    )

    # build both pictures, then write both files
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with _working("drawing the maps", _progress(args)):
        offline_tiles = {"tiles": None} if args.offline else {}  # tiles need the network
        m = fl.map_day(day, claims=claims, control=h, ranges=ranges, **offline_tiles)
        fig = fl.plot_day(day, control=h, claims=claims)
    out_dir.mkdir(parents=True, exist_ok=True)
    report, picture = out_dir / "report.html", out_dir / "day.png"
    tmp_png = _temp_beside(picture)
    try:
        fig.savefig(tmp_png, dpi=150, format="png")
        fl.save_html(m, report, offline=args.offline)
        os.replace(tmp_png, picture)
    finally:
        plt.close(fig)
        if os.path.exists(tmp_png):
            os.unlink(tmp_png)
    print()
    print(f"Wrote {report} (interactive map) and {picture} (print map).")
    print(national.attrs["footnote"])
    return 0


# ---------------------------------------------------------------------------------------------
# share, timeline


_SHARE_TABLE = ("date", "code", "name", "km2", "share", "in_words", "carried_forward")


def _cmd_share(args: argparse.Namespace) -> int:
    import frontline as fl

    day = _day(args.date)
    h = _history(args, args.source, day=day)
    try:
        result = fl.area_share(
            h, day, by=None if args.by == "country" else "region", denominator=args.denominator
        )
    except LookupError as exc:
        raise _explain_range(exc, args.source) from None
    result["in_words"] = [_held(s) for s in result["share"]]
    _print_frame(result, args.format, table_columns=_SHARE_TABLE)
    return 0


_TIMELINE_FORMATS = (".csv", ".json", ".parquet")
_TIMELINE_TABLE = ("date", "code", "name", "km2", "share", "change_km2", "carried_forward")


def _cmd_timeline(args: argparse.Namespace) -> int:
    import frontline as fl

    start = _day(args.start, "--start") if args.start else None
    end = _day(args.end, "--end") if args.end else None
    if start is not None and end is not None and start > end:
        raise ValueError(f"--start {args.start} is after --end {args.end}")
    _input(args.source, "--source")
    if args.out is not None:
        args.out = _output(args.out, "--out", suffixes=_TIMELINE_FORMATS)
    h = _history(args, args.source)
    if start is not None or end is not None:
        h = h.between(start if start is not None else h.start, end if end is not None else h.end)
    with _working(f"measuring {len(h):,} days", _progress(args)):
        result = fl.timeline(
            h, by=None if args.by == "country" else "region", fill="carry" if args.carry else None
        )
    if start is not None:  # between() keeps the snapshot before a missing start day
        result = result[result["date"] >= start].reset_index(drop=True)
    if args.out is None:
        _print_frame(result, args.format, table_columns=_TIMELINE_TABLE)
        return 0
    suffix = args.out.suffix.lower()

    def write(p: Path) -> None:
        if suffix == ".parquet":  # provenance kept as text in the file's metadata
            frame = result.copy()
            frame.attrs = json.loads(json.dumps(result.attrs, default=str))
            frame.to_parquet(p, index=False)
        elif suffix == ".json":
            result.to_json(p, orient="records", date_format="iso", force_ascii=False)
        else:
            result.to_csv(p, index=False)

    _atomic_write(args.out, write)
    _notice(args, f"wrote {len(result):,} rows to {args.out}")
    if result.attrs.get("footnote"):
        _notice(args, str(result.attrs["footnote"]))
    return 0


# ---------------------------------------------------------------------------------------------
# maps


def _claims_file(path: Path) -> Any:
    import frontline as fl

    _input(path, "--claims")
    claims = fl.read_claims(path)
    if claims.empty:
        raise ValueError(f"--claims {path} holds no claims; leave --claims out to draw none")
    return claims


def _cmd_map(args: argparse.Namespace) -> int:
    import frontline as fl

    day = _day(args.date)
    if args.source is not None:
        _input(args.source, "--source")
    if args.claims is not None and not args.no_claims:
        _input(args.claims, "--claims")
    args.output = _output(args.output, "-o", suffixes=(".html", ".htm"))
    rings = [(name, [15, 25, 40]) for name in args.rings or ()]
    for name, _ in rings:  # an unknown place fails before any drawing
        fl.find_place(name)
    claims = None
    if args.claims is not None and not args.no_claims:
        claims = _claims_file(args.claims)
    elif not args.no_claims:
        with contextlib.suppress(LookupError):
            claims = fl.example_claims(day)
    h = _history(args, args.source, day=day)
    with _working("drawing the map", _progress(args)):
        try:
            options = _tile_options(args)
            m = fl.map_day(day, claims=claims, control=h, ranges=rings or None, **options)
        except LookupError as exc:
            raise _explain_range(exc, args.source) from None
        fl.save_html(m, args.output, offline=args.offline)
    _notice(args, f"wrote {args.output}")
    return 0


def _stride(text: str | None) -> int | str | None:
    if text is None:
        return None
    if text.isdigit():
        if int(text) < 1:
            raise ValueError(f"--stride {text!r}: give a whole number of snapshots from 1")
        return int(text)
    if not re.fullmatch(r"\d+[DW]", text.strip().upper()):
        raise ValueError(f"--stride {text!r}: give a number of snapshots (7) or of days (7D)")
    return text.strip().upper()


def _cmd_history(args: argparse.Namespace) -> int:
    import frontline as fl

    start = _day(args.start, "--start") if args.start else None
    end = _day(args.end, "--end") if args.end else None
    if start is not None and end is not None and start > end:
        raise ValueError(f"--start {args.start} is after --end {args.end}")
    stride = _stride(args.stride)
    _input(args.source, "--source")
    if args.claims is not None:
        _input(args.claims, "--claims")
    args.output = _output(args.output, "-o", suffixes=(".html", ".htm"))
    claims = _claims_file(args.claims) if args.claims is not None else None
    h = _history(args, args.source)
    with _working("building the slider map", _progress(args)):
        options = _tile_options(args)
        m = fl.map_history(h, start=start, end=end, stride=stride, claims=claims, **options)
        fl.save_html(m, args.output, offline=args.offline)
    _notice(args, f"wrote {args.output}")
    return 0


# ---------------------------------------------------------------------------------------------
# claims

_CLAIMS_TABLE = ("claim_id", "date", "side", "claimant", "kind", "status", "summary")


def _responses_text(responses: Any) -> str:
    return "; ".join(f"{r.get('stance')} by {r.get('by')} on {r.get('date')}" for r in responses)


def _read_claims_file(path: Path, *, allow_empty: bool = False) -> Any:
    import frontline as fl

    _input(path, "claims file")
    claims = fl.read_claims(path)
    if claims.empty and not allow_empty:
        raise ValueError(f"{path}: the file holds no claims")
    return claims


def _cmd_claims(args: argparse.Namespace) -> int:
    import frontline as fl
    from frontline.io.claims import FORMATS

    path: Path = args.file
    if args.action == "list":
        claims = _read_claims_file(path)
        shown = claims.copy()
        if args.format == "table":
            shown["responses"] = [_responses_text(r) for r in shown["responses"]]
        else:
            if args.format == "csv":
                shown["responses"] = [json.dumps(r, ensure_ascii=False) for r in shown["responses"]]
            shown["wkt"] = [None if g is None else g.wkt for g in shown.geometry]
        _print_frame(
            shown,
            args.format,
            columns=[c for c in shown.columns if c != "geometry"],
            table_columns=_CLAIMS_TABLE,
        )
        return 0
    if args.action == "check":
        claims = _read_claims_file(path)
        counts = claims["status"].value_counts().sort_index()
        detail = ", ".join(f"{n} {s}" for s, n in counts.items())
        print(f"{path}: {len(claims)} claims, all valid" + (f" ({detail})" if detail else ""))
        return 0

    # add: check everything before writing anything
    if path.suffix.lower() not in FORMATS:
        raise ValueError(
            f"{path}: unsupported claims file type {path.suffix or '(none)'!r}; use "
            f"{', '.join(sorted(FORMATS))}"
        )
    path = _output(path, "claims file")
    when = _day(args.date).strftime("%Y-%m-%d") if args.date is not None else None
    if args.respond_to:
        missing = [f"--{f}" for f in ("by", "stance", "date") if getattr(args, f) is None]
        if missing:
            raise ValueError(f"a response needs {', '.join(missing)} as well")
        claims = _read_claims_file(path)
        if args.respond_to not in set(claims["claim_id"]):
            raise LookupError(
                f"{path}: no claim {args.respond_to!r}; its claims are "
                + ", ".join(repr(c) for c in claims["claim_id"][:10])
                + (" ..." if len(claims) > 10 else "")
            )
        updated = claims.claims.add_response(
            args.respond_to,
            by=args.by,
            stance=args.stance,
            date=when,
            side=args.side,
            source_name=args.source_name,
            source_url=args.source_url,
            note=args.note,
        )
        fl.write_claims(updated, path)
        row = updated[updated["claim_id"] == args.respond_to].iloc[0]
        print(f"{path}: response added to {args.respond_to}; its status is now {row['status']}")
        return 0
    needed = {"date": "--date", "claimant": "--claimant", "kind": "--kind"}
    needed |= {"summary": "--summary", "source_name": "--source-name"}
    missing = [flag for field, flag in needed.items() if getattr(args, field) is None]
    if missing:
        raise ValueError(f"a new claim needs {', '.join(missing)}")
    fields = ("claim_id", "claimant", "side", "kind", "summary", "unit", "place", "region")
    fields += ("wkt", "lat", "lon", "precision", "source_name", "source_url")
    record = {f: getattr(args, f) for f in fields if getattr(args, f) is not None}
    record["date"] = when
    existing = _read_claims_file(path, allow_empty=True) if path.exists() else None
    new = fl.claims_from_records([record], source="the new claim")
    if existing is not None:
        taken = set(existing["claim_id"])
        if new["claim_id"].iloc[0] in taken:
            raise ValueError(
                f"{path} already holds a claim {new['claim_id'].iloc[0]!r}; choose another "
                "--claim-id, or add a response with --respond-to"
            )
        combined = _append_claims(existing, new)
    else:
        combined = new
    fl.write_claims(combined, path)
    print(f"{path}: claim {new['claim_id'].iloc[0]} added ({len(combined)} in the file)")
    return 0


def _append_claims(existing: Any, new: Any) -> Any:
    import geopandas as gpd
    import pandas as pd

    import frontline as fl

    frames = [f for f in (existing, new) if len(f)]
    if len(frames) == 1:
        return fl.validate_claims(frames[0].reset_index(drop=True))
    columns = list(dict.fromkeys([*existing.columns, *new.columns]))
    rows = pd.concat([f.reindex(columns=columns).astype(object) for f in frames], ignore_index=True)
    rows["geometry"] = list(existing.geometry) + list(new.geometry)
    return fl.validate_claims(gpd.GeoDataFrame(rows, geometry="geometry", crs=existing.crs))


# ---------------------------------------------------------------------------------------------
# place, region, fetch

_PLACE_COLUMNS = ("place_id", "name", "name_uk", "region", "region_name", "kind", "population")
_PLACE_COLUMNS += ("lon", "lat", "matched_by", "matched_name")


def _cmd_place(args: argparse.Namespace) -> int:
    import frontline as fl

    row = fl.find_place(args.name, region=args.region)
    _print_frame(row.to_frame().T, args.format, columns=_PLACE_COLUMNS, vertical=True)
    return 0


_REGION_COLUMNS = ("code", "name", "name_uk", "name_ru", "kind", "capital", "area_km2")
_REGION_COLUMNS += ("area_km2_official", "area_source", "aliases")


def _cmd_region(args: argparse.Namespace) -> int:
    import frontline as fl

    if args.date is not None and not args.neighbors:
        raise ValueError("--date goes with --neighbors (how much of each neighbour is held)")
    day = _day(args.date) if args.date is not None else None
    if args.neighbors and day is not None:
        code = fl.region(args.name)["code"]
        h = _history(args, args.source, day=day)
        try:
            near = fl.occupied_neighbors(code, h, day)
        except LookupError as exc:
            raise _explain_range(exc, args.source) from None
        near["in_words"] = [_held(s) for s in near["share"]]
        _print_frame(
            near,
            args.format,
            table_columns=("code", "name", "km2", "share", "in_words", "border_km"),
        )
        return 0
    if args.neighbors:
        _print_frame(fl.neighbors(args.name), args.format, columns=("code", "name", "border_km"))
        return 0
    frame = fl.region(args.name).to_frame().T
    if args.format != "json":
        frame["aliases"] = frame["aliases"].map(lambda a: "; ".join(a))
    else:
        frame["aliases"] = frame["aliases"].map(list)
    _print_frame(frame, args.format, columns=_REGION_COLUMNS, vertical=True)
    return 0


def _cmd_fetch(args: argparse.Namespace) -> int:
    import frontline as fl
    from frontline.geodesy import areas_km2
    from frontline.io.fetch import cache_folder

    day = _day(args.date) if args.date else None
    target: Path | None = None
    if args.output is not None:
        out = args.output.expanduser()
        if out.is_dir() and not os.access(out, os.W_OK):
            raise PermissionError(f"-o {out}: the folder is not writable")
        if not out.exists() and not out.suffix:
            raise FileNotFoundError(
                f"-o {out}: no such folder; create it first, or give a file name ending in .geojson"
            )
        target = out if out.is_dir() else _output(out, "-o", suffixes=(".geojson", ".json"))
    options: dict[str, Any] = {
        "cache_dir": args.cache_dir,
        "timeout": args.timeout,
        "retries": args.retries,
    }
    if args.base_url:
        options["base_url"] = args.base_url
    with _working("fetching from DeepStateMap", _progress(args)):
        h = fl.fetch_deepstate(day, **options)
    if target is not None:
        name = str(h.frame["file"].iloc[0])
        found = sorted((cache_folder(args.cache_dir) / "deepstate").rglob(name))
        if not found:
            raise FileNotFoundError(f"the fetched edition {name} is not in the cache any more")
        dest = target / name if target.is_dir() else target
        _atomic_write(dest, lambda p: shutil.copyfile(found[0], p))
        _notice(args, f"wrote {dest}")
    summary = h.frame.drop(columns="geometry").copy()
    summary["km2"] = areas_km2(h.frame.geometry)
    _print_frame(summary, args.format, columns=("date", "source", "status", "km2", "file"))
    return 0


_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "demo": _cmd_demo,
    "share": _cmd_share,
    "timeline": _cmd_timeline,
    "map": _cmd_map,
    "history": _cmd_history,
    "claims": _cmd_claims,
    "place": _cmd_place,
    "region": _cmd_region,
    "fetch": _cmd_fetch,
}

#: Errors that are about the input, not about frontline itself.
_INPUT_ERRORS: tuple[type[BaseException], ...] = (ValueError, LookupError, OSError)


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
    parser = _build_parser()
    args = parser.parse_args(argv)
    _QUIET.set(bool(getattr(args, "quiet", False)))
    try:
        with warnings.catch_warnings():
            if not args.debug:
                warnings.showwarning = _show_warning
            return _COMMANDS[args.command](args)
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
        print(f"frontline {args.command}: error: {_one_line(exc)}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
