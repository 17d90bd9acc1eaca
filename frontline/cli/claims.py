"""``frontline claims list|check|add|import|score``: read, validate, extend, import, score.

``add`` checks everything (the file type, the folder, the fields, an unused claim id) before
it writes anything, and writes the whole file again through a temporary file. ``import``
(official statements into claims) and ``score`` (the scorecard against DeepState) are in
:mod:`frontline.cli._claims_import`.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

import frontline as fl
from frontline.cli import _common as common
from frontline.cli._claims_import import run_import, run_score
from frontline.cli._output import print_frame

# FORMATS (the claims file types by suffix) is not yet exported by the public API: the
# command line checks a new file's type with it before writing anything.
from frontline.io.claims import FORMATS

__all__ = ["NAME", "add_parser", "run"]

NAME = "claims"

EXAMPLES = """
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
    .gpkg, .parquet, .csv). Dates are YYYY-MM-DD; 08/06/2025 is refused, never guessed,
    and so are days in the future or before 2014.

      frontline claims import statements.txt --claimant "Russian Ministry of Defence" \\
          --date 2025-08-26 -o claims.gpkg
      frontline claims import statements.csv -o claims.gpkg
      frontline claims score claims.gpkg --source deepstate/ --within-days 30

    'import' reads one statement per paragraph (a blank line between statements), or a CSV
    with date, claimant and text columns, and prints each claim it resolved and each place it
    could not resolve (with the reason). 'score' prints how many of each claimant's claims the
    assessment bore out and how early (--group-by claimant,region,month).
    """

_TABLE = ("claim_id", "date", "side", "claimant", "kind", "status", "summary")
_WHAT = "claims file"
#: --option -> field of a new claim, for the fields a claim cannot do without
_NEEDED = {
    "date": "--date",
    "claimant": "--claimant",
    "kind": "--kind",
    "summary": "--summary",
    "source_name": "--source-name",
}
_FIELDS: tuple[str, ...] = ("claim_id", "claimant", "side", "kind", "summary", "unit", "place")
_FIELDS += ("region", "wkt", "lat", "lon", "precision", "source_name", "source_url")


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``claims`` and its options."""
    p = common.new_command(
        subparsers, NAME, "list, check, add to, import or score a claims file", EXAMPLES
    )
    p.add_argument("action", choices=("list", "check", "add", "import", "score"))
    p.add_argument(
        "file",
        type=Path,
        help=".geojson, .gpkg, .parquet or .csv (for import: the statements, text or CSV)",
    )
    common.add_format(p)
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
    g = p.add_argument_group("import statements (also: --claimant --date --side --source-name)")
    g.add_argument("-o", "--output", type=Path, metavar="FILE", help="the claims file to write")
    g.add_argument("--language", choices=("en", "ru", "uk"), help="default: detected")
    g = p.add_argument_group("score claims against the assessed control")
    g.add_argument(
        "--source",
        type=Path,
        metavar="PATH",
        help="DeepState snapshots: a folder of *.geojson or one file (default: built-in day)",
    )
    g.add_argument(
        "--within-days", type=int, default=30, help="borne out in time (default: 30 days)"
    )
    g.add_argument(
        "--group-by", default="claimant", help="claimant, region and/or month, by commas"
    )
    return p


def run(args: argparse.Namespace) -> int:
    """List, check or add; 0 on success."""
    if args.action == "list":
        return _list(args)
    if args.action == "check":
        return _check(args)
    if args.action == "import":
        return run_import(args)
    if args.action == "score":
        return run_score(args)
    return _add(args)


def _responses_text(responses: Any) -> str:
    return "; ".join(f"{r.get('stance')} by {r.get('by')} on {r.get('date')}" for r in responses)


def _list(args: argparse.Namespace) -> int:
    claims = common.claims_file(args.file, _WHAT)
    shown = claims.copy()
    if args.format == "table":
        shown["responses"] = [_responses_text(r) for r in shown["responses"]]
    else:
        if args.format == "csv":
            shown["responses"] = [json.dumps(r, ensure_ascii=False) for r in shown["responses"]]
        shown["wkt"] = [None if g is None else g.wkt for g in shown.geometry]
    print_frame(
        shown,
        args.format,
        columns=[c for c in shown.columns if c != "geometry"],
        table_columns=_TABLE,
    )
    return 0


def _check(args: argparse.Namespace) -> int:
    path: Path = args.file
    claims = common.claims_file(path, _WHAT)
    counts = claims["status"].value_counts().sort_index()
    detail = ", ".join(f"{n} {s}" for s, n in counts.items())
    print(f"{path}: {len(claims)} claims, all valid" + (f" ({detail})" if detail else ""))
    return 0


def _add(args: argparse.Namespace) -> int:
    """A response (--respond-to) or a new claim; everything is checked before writing."""
    path: Path = args.file
    if path.suffix.lower() not in FORMATS:
        raise ValueError(
            f"{path}: unsupported claims file type {path.suffix or '(none)'!r}; use "
            f"{', '.join(sorted(FORMATS))}"
        )
    path = common.output(path, _WHAT)
    when = common.day(args.date).strftime("%Y-%m-%d") if args.date is not None else None
    if args.respond_to:
        return _add_response(args, path, when)
    missing = [flag for field, flag in _NEEDED.items() if getattr(args, field) is None]
    if missing:
        raise ValueError(f"a new claim needs {', '.join(missing)}")
    record = {f: getattr(args, f) for f in _FIELDS if getattr(args, f) is not None}
    record["date"] = when
    existing = common.claims_file(path, _WHAT, allow_empty=True) if path.exists() else None
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


def _add_response(args: argparse.Namespace, path: Path, when: str | None) -> int:
    missing = [f"--{f}" for f in ("by", "stance", "date") if getattr(args, f) is None]
    if missing:
        raise ValueError(f"a response needs {', '.join(missing)} as well")
    claims = common.claims_file(path, _WHAT)
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


def _append_claims(existing: Any, new: Any) -> Any:
    frames = [f for f in (existing, new) if len(f)]
    if len(frames) == 1:
        return fl.validate_claims(frames[0].reset_index(drop=True))
    columns = list(dict.fromkeys([*existing.columns, *new.columns]))
    rows = pd.concat([f.reindex(columns=columns).astype(object) for f in frames], ignore_index=True)
    rows["geometry"] = list(existing.geometry) + list(new.geometry)
    return fl.validate_claims(gpd.GeoDataFrame(rows, geometry="geometry", crs=existing.crs))
