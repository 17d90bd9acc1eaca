"""``frontline demo``: the 2025-06-08 report day from built-in data: figures, map, picture.

The report's words are in :mod:`._demo_text`; this module measures the figures, prints the
report, and writes ``report.html`` and ``day.png`` (both or neither).
"""

from __future__ import annotations

import argparse
import gc
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

import frontline as fl
from frontline._atomic import atomic_write
from frontline.cli import _common as common
from frontline.cli import _demo_text as text
from frontline.cli._output import clean

__all__ = ["NAME", "add_parser", "run"]

NAME = "demo"

EXAMPLES = """
    examples:
      frontline demo                      # 2025-06-08 from built-in data, no download
      frontline demo --out-dir reports/   # report.html and day.png in reports/
      frontline demo --offline            # and no base map: never touches the network
    """


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``demo`` and its options."""
    p = common.new_command(
        subparsers,
        NAME,
        f"the {common.DEMO_DAY} report day from built-in data: figures, map, picture",
        EXAMPLES,
    )
    p.add_argument(
        "--out-dir",
        type=Path,
        default=Path("."),
        metavar="FOLDER",
        help="where to write report.html and day.png (default: here)",
    )
    p.add_argument("--offline", action="store_true", help=common.OFFLINE_HELP)
    return p


def _and(items: Sequence[str]) -> str:
    """``a, b and c``.

    Examples
    --------
    >>> _and(["15 km", "25 km", "40 km"]), _and(["40 km"]), _and([])
    ('15 km, 25 km and 40 km', '40 km', '')
    """
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)


def _row(template: str, r: Any) -> str:
    share = r["share"]
    return template.format(name=r["name"], km2=r["km2"], share=share, held=common.held(share))


def _control(day: str, national: pd.DataFrame, by_region: pd.DataFrame) -> list[str]:
    lines = [text.CONTROL_TITLE.format(source=national.attrs["source"], day=day)]
    lines.append(_row(text.COUNTRY_ROW, {**national.iloc[0], "name": "Ukraine"}))
    for name in text.REGIONS:
        lines.append(_row(text.REGION_ROW, by_region.loc[fl.region(name)["code"]]))
    return lines


def _claims(day: str, claims: Any, h: Any, national: pd.DataFrame, focus: Any) -> list[str]:
    lines = [text.CLAIMS_TITLE]
    checks = fl.reconcile(h, claims).set_index("claim_id")
    answered = claims[[len(r) > 0 for r in claims["responses"]]]
    for c in answered.itertuples():
        lines.append(
            text.CLAIM.format(
                claimant=clean(c.claimant), side=c.side, date=c.date, summary=clean(c.summary)
            )
        )
        for resp in c.responses:
            lines.append(
                text.RESPONSE.format(
                    stance=text.PAST_STANCE.get(resp["stance"], resp["stance"]),
                    date=resp["date"],
                    by=clean(resp["by"]),
                    side=f" ({resp['side']})" if resp.get("side") else "",
                    note=f": {clean(resp['note'])}" if resp.get("note") else "",
                )
            )
        verdict = checks.loc[c.claim_id]
        lines.append(text.STATUS.format(status=c.status, note=clean(verdict["note"])))
    lines.append(
        text.MAP_SAYS.format(
            source=national.attrs["source"], km2=focus["km2"], name=focus["name"], day=day
        )
    )
    others = claims[[len(r) == 0 for r in claims["responses"]]]
    lines.append(text.ALSO_REPORTED.format(count=len(others)))
    for c in others.itertuples():
        lines.append(
            text.OTHER_CLAIM.format(
                status=c.status, claimant=clean(c.claimant), summary=clean(c.summary)
            )
        )
    return lines


def _neighbours(day: str, h: Any, focus: Any) -> list[str]:
    near = fl.occupied_neighbors(h, text.FOCUS_REGION, day)
    held = near[near["held"]]
    lines = [text.NEIGHBOURS_TITLE.format(name=focus["name"], held=len(held), total=len(near))]
    lines += [_row(text.REGION_ROW, r) for _, r in held.iterrows()]
    free = near.loc[~near["held"], "name"].tolist()
    if free:
        lines.append(text.NONE_HELD.format(names=", ".join(free)))
    return lines


def _range(day: str, h: Any) -> tuple[list[str], pd.DataFrame]:
    name, region = text.RANGE_PLACE
    place = fl.find_place(name, region=region)
    ranges = fl.within_range(h, place, day, km=text.RINGS_KM)
    inside = [f"{k} km" for k in text.RINGS_KM if bool(ranges[f"within_{k}km"].iloc[0])]
    outside = [f"{k} km" for k in text.RINGS_KM if not bool(ranges[f"within_{k}km"].iloc[0])]
    lines = [
        text.RANGE.format(
            place=name,
            population=int(place["population"]),
            distance=float(ranges["distance_km"].iloc[0]),
        ),
        text.RINGS.format(
            inside=_and(inside) or "no",
            s="s" if len(inside) != 1 else "",
            outside=(
                text.RINGS_OUTSIDE.format(rings=_and(outside), s="s" if len(outside) != 1 else "")
                if outside
                else ""
            ),
        ),
    ]
    return lines, ranges


def _check_out_dir(out_dir: Path) -> None:
    """Fail before any work, not after printing the report."""
    if out_dir.exists() and not out_dir.is_dir():
        raise NotADirectoryError(f"--out-dir {out_dir} is a file, not a folder")
    for parent in out_dir.parents:
        if parent.exists():
            if not parent.is_dir():
                raise NotADirectoryError(f"--out-dir {out_dir}: {parent} is a file, not a folder")
            break


def run(args: argparse.Namespace) -> int:
    """Print the report, then write report.html and day.png; 0 on success."""
    # No cyclic garbage collection while the report is made: its passes would scan the
    # imported libraries, the gazetteer and the maps again and again (about a tenth of this
    # command's time) to free next to nothing; the memory is the process's for a few seconds.
    # Switched back on at the end for callers that go on.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _run(args)
    finally:
        if enabled:
            gc.enable()


def _run(args: argparse.Namespace) -> int:
    out_dir: Path = args.out_dir.expanduser()
    _check_out_dir(out_dir)
    if out_dir.is_dir():
        common.can_write(out_dir / "report.html", "--out-dir")
    day = common.DEMO_DAY
    common.stage(args, f"measuring {day} from the built-in data")
    h = fl.example_control()
    claims = fl.example_claims(day)
    national = fl.area_share(h, day)
    by_region = fl.area_share(h, day, by="region").set_index("code")
    focus = by_region.loc[fl.region(text.FOCUS_REGION)["code"]]

    print(text.HEADER.format(day=day))
    for section in (
        _control(day, national, by_region),
        _claims(day, claims, h, national, focus),
        _neighbours(day, h, focus),
    ):
        print()
        print("\n".join(section))
    lines, ranges = _range(day, h)
    print()
    print("\n".join(lines))

    report, picture = _write(args, out_dir, day, h, claims, ranges)
    print()
    print(text.WROTE.format(report=report, picture=picture))
    print(national.attrs["footnote"])
    return 0


def _write(
    args: argparse.Namespace, out_dir: Path, day: str, h: Any, claims: Any, ranges: Any
) -> tuple[Path, Path]:
    """Draw both maps, then write both files: the picture appears only if the page was written."""
    common.stage(args, "drawing the maps")
    with common.working("drawing the maps", common.progress(args)):
        offline_tiles: dict[str, Any] = {"tiles": None} if args.offline else {}  # tiles: network
        m = fl.map_day(day, claims=claims, history=h, ranges=ranges, **offline_tiles)
        fig = fl.plot_day(day, history=h, claims=claims)
    common.stage(args, f"writing {out_dir / 'report.html'} and {out_dir / 'day.png'}")
    out_dir.mkdir(parents=True, exist_ok=True)
    report, picture = out_dir / "report.html", out_dir / "day.png"

    def write(p: Path) -> None:
        # the figure is matplotlib's own (no pyplot, nothing to close); fast zlib: the same
        # pixels, written in a fraction of the time
        fig.savefig(p, dpi=150, format="png", pil_kwargs={"compress_level": 1})
        # self-contained whatever the network: scripts inlined; the base map's tiles load
        # when online, and without network the page shows the plain outline map
        fl.save_html(m, report, offline=True)

    atomic_write(picture, write)
    return report, picture
