"""``frontline claims import`` and ``frontline claims score``: statements in, a scorecard out.

``import`` reads a statements file with :func:`frontline.claims_from_statements`, prints what
it resolved and what it could not (and why), and writes the claims; nothing is written when no
claim was found. ``score`` checks a claims file against DeepState snapshots with
:func:`frontline.scorecard` and prints the scorecard (reading only the snapshots between the
first claim's day less ``--within-days`` and the last claim's day plus ``--within-days``, when
the file names carry their days).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pandas as pd

import frontline as fl
from frontline._dates import date_from_filename
from frontline.cli import _common as common
from frontline.cli._output import print_frame

# FORMATS (the claims file types by suffix) is not yet exported by the public API.
from frontline.io.claims import FORMATS

__all__ = ["run_import", "run_score"]

_SCORE_TABLE = (
    "claims",
    "tested",
    "borne_out",
    "share_borne_out",
    "lag_median",
    "lag_q25",
    "lag_q75",
    "share_never",
    "overclaim_km2",
)


def run_import(args: argparse.Namespace) -> int:
    """Read a statements file into claims, print what was resolved, write ``--output``."""
    source: Path = common.existing(args.file, "statements file")
    if args.output is None:
        raise ValueError("import needs -o/--output FILE, the claims file to write (.gpkg, ...)")
    out: Path = args.output
    if out.suffix.lower() not in FORMATS:
        raise ValueError(
            f"-o {out}: unsupported claims file type {out.suffix or '(none)'!r}; use "
            f"{', '.join(sorted(FORMATS))}"
        )
    out = common.output(out, "-o")
    when = common.day(args.date).strftime("%Y-%m-%d") if args.date is not None else None
    found = fl.claims_from_statements(
        source,
        claimant=args.claimant,
        date=when,
        side=args.side,
        source_name=args.source_name,
        source_url=args.source_url,
        language=args.language,
    )
    print(found.report())
    resolved, unresolved = len(found.resolved), len(found.unresolved)
    if not len(found):
        print(f"{source}: no recognisable claim in the statements; nothing written to {out}")
        return 0
    fl.write_claims(found.claims, out)
    print(f"{out}: {len(found)} claims written ({resolved} resolved, {unresolved} unresolved)")
    return 0


def _snapshots(folder: Path, first: pd.Timestamp, last: pd.Timestamp) -> Any:
    """The snapshot files of ``folder`` from ``first`` to ``last`` (with the one before
    ``first``), or the folder itself when a name carries no day."""
    dated = []
    for path in sorted(folder.glob("*.geojson")):
        try:
            dated.append((date_from_filename(path.name)[0], path))
        except ValueError:
            return folder
    before = [d for d, _ in dated if d <= first]
    start = max(before) if before else first
    chosen = [p for d, p in dated if start <= d <= last]
    return chosen or folder


def run_score(args: argparse.Namespace) -> int:
    """Score a claims file against the assessed control and print the scorecard."""
    claims = common.claims_file(args.file, "claims file")
    days = int(args.within_days)
    if days < 0:
        raise ValueError(f"--within-days must be 0 or more, got {days}")
    by = [b.strip() for b in args.group_by.split(",") if b.strip()]
    if not by or any(b not in ("claimant", "region", "month") for b in by):
        raise ValueError(
            f"--group-by {args.group_by!r}: use one or more of claimant, region, month"
        )
    source: Path | None = args.source
    if source is None:
        history = fl.example_control()
    else:
        common.existing(source, "--source")
        dates = pd.to_datetime(claims["date"])
        span = pd.Timedelta(days=days)
        target = (
            _snapshots(source, dates.min() - span, dates.max() + span)
            if source.is_dir()
            else source
        )
        with common.working("reading DeepState", common.progress(args)):
            history = fl.read_deepstate(target, progress=common.progress(args), duplicates="last")
    card = fl.scorecard(history, claims, within_days=days, by=by)
    dates = pd.to_datetime(claims["date"])
    outside = int(((dates < history.start) | (dates > history.end)).sum())
    if outside:
        common.notice(
            args,
            f"{outside} of {len(claims)} claims are dated outside the assessment's days "
            f"({history.start:%Y-%m-%d} to {history.end:%Y-%m-%d}); give --source with the "
            "snapshots of their days for lags that mean something",
        )
    print_frame(card, args.format, columns=list(card.columns), table_columns=(*by, *_SCORE_TABLE))
    common.notice(
        args,
        f"scored against {history.start:%Y-%m-%d} to {history.end:%Y-%m-%d}; lags in days "
        "(negative: the assessment came first); borne out in time: within "
        f"{days} days",
    )
    return 0
