"""What the commands print on stdout: a table for people, CSV or JSON records for programs.

Text from data (claims, names, notes) reaches a terminal only through :func:`clean`, which
replaces control characters, so a claims file cannot move the cursor or recolour the screen.
Footnotes (provenance) follow a table, and go to stderr with CSV and JSON so that stdout stays
machine-readable.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from typing import Any

import pandas as pd

from frontline.cli._common import quiet

__all__ = ["clean", "for_table", "print_frame"]

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def clean(value: Any) -> Any:
    """Text from data without control characters (no terminal escapes reach the screen).

    Examples
    --------
    >>> clean("red\\x1b[31m alert")
    'red?[31m alert'
    >>> clean(3)
    3
    """
    return _CONTROL_CHARS.sub("?", value) if isinstance(value, str) else value


def for_table(df: pd.DataFrame, *, clip: int = 70) -> pd.DataFrame:
    """Rounded numbers, shares as percentages, day-only dates, clipped long text."""
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
                    (clean(v) if len(v) <= clip else clean(v[: clip - 1]) + "…")
                    if isinstance(v, str)
                    else ("" if v is None else v)
                )
            )
    return out


def print_frame(
    frame: Any,
    fmt: str,
    *,
    columns: Sequence[str] | None = None,
    table_columns: Sequence[str] | None = None,
    vertical: bool = False,
) -> None:
    """Print a table as text (``columns``/``table_columns`` chosen), CSV or JSON records.

    Examples
    --------
    >>> print_frame(pd.DataFrame({"name": ["Sumy"], "share": [0.006]}), "table")
    name share
    Sumy  0.6%
    """
    df = pd.DataFrame(frame).copy().infer_objects()
    if "geometry" in df.columns:
        df = df.drop(columns="geometry")
    if columns is not None:
        df = df[[c for c in columns if c in df.columns]]
    footnote = getattr(frame, "attrs", {}).get("footnote")
    if fmt == "csv":
        df.to_csv(sys.stdout, index=False, lineterminator="\n")
        if footnote and not quiet.get():  # provenance on stderr: stdout stays machine-readable
            print(footnote, file=sys.stderr)
        return
    if fmt == "json":
        sys.stdout.write(df.to_json(orient="records", date_format="iso", force_ascii=False))
        sys.stdout.write("\n")
        if footnote and not quiet.get():
            print(footnote, file=sys.stderr)
        return
    if table_columns is not None:
        df = df[[c for c in table_columns if c in df.columns]]
    vertical = vertical and len(df) == 1
    text = for_table(df, clip=400 if vertical else 70)
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
