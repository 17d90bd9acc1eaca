"""A statements file read into claims: the function behind ``frontline claims import``.

Two shapes are read:

- plain text (any name not ending in ``.csv``): one statement per paragraph (paragraphs are
  separated by a blank line); ``claimant`` and ``date`` (and ``side``) apply to all of them;
- CSV (``.csv``, UTF-8, with a header): one statement per row, columns ``date``, ``claimant``
  and ``text``, optionally ``side``, ``source_name``, ``source_url`` and ``language``; a
  ``claimant``/``date`` given to the function fills the rows that leave them empty.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from frontline.claims import validate_claims
from frontline.statements.parse import StatementClaims, claims_from_text, in_order
from frontline.statements.rules import StatementRules

__all__ = ["claims_from_statements"]

_REQUIRED = ("date", "claimant", "text")
_OPTIONAL = ("side", "source_name", "source_url", "language")


def _cell(row: dict[str, Any], name: str) -> str | None:
    value = row.get(name)
    if value is None or not str(value).strip():
        return None
    return str(value).strip()


def _statements_csv(
    path: Path, claimant: str | None, date: Any, side: str | None
) -> list[tuple[str, dict[str, Any]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = [h.strip() for h in (reader.fieldnames or [])]
        missing = [c for c in _REQUIRED if c not in header]
        if "text" in missing or (
            missing
            and not (("claimant" not in missing or claimant) and ("date" not in missing or date))
        ):
            raise ValueError(
                f"{path}: the CSV needs the columns {list(_REQUIRED)} (header row), but "
                f"{missing} {'is' if len(missing) == 1 else 'are'} missing; it has {header}"
            )
        out = []
        for number, raw in enumerate(reader, start=2):
            row = {(k or "").strip(): v for k, v in raw.items()}
            text = _cell(row, "text")
            if text is None:
                continue
            who = _cell(row, "claimant") or claimant
            day = _cell(row, "date") or date
            where = f"{path}, row {number}"
            if who is None:
                raise ValueError(f"{where}: field 'claimant' is empty; fill it or pass claimant=")
            if day is None:
                raise ValueError(f"{where}: field 'date' is empty; fill it or pass date=")
            args: dict[str, Any] = {
                "claimant": who,
                "date": day,
                "side": _cell(row, "side") or side,
            }
            for name in ("source_name", "source_url", "language"):
                args[name] = _cell(row, name)
            out.append((where, args | {"text": text}))
    return out


def claims_from_statements(
    path: str | Path,
    *,
    claimant: str | None = None,
    date: Any = None,
    side: str | None = None,
    source_name: str | None = None,
    source_url: str | None = None,
    language: str | None = None,
    rules: StatementRules | None = None,
) -> StatementClaims:
    """Read a statements file (text, one statement per paragraph; or CSV) into claims.

    Parameters
    ----------
    path : str or Path
        A ``.csv`` file with ``date``, ``claimant`` and ``text`` columns (optionally ``side``,
        ``source_name``, ``source_url``, ``language``), or a text file of paragraphs.
    claimant, date, side, source_name, source_url, language
        As in :func:`frontline.statements.claims_from_text`; for a text file ``claimant`` and
        ``date`` are required; for a CSV they fill empty cells.
    rules : StatementRules, optional
        Rules of your own (:func:`frontline.statements.load_rules`).

    Returns
    -------
    StatementClaims
        Every statement's claims in one table (claim ids stay unique), with the notes of each
        statement prefixed by where it was read (file, paragraph or row).

    Raises
    ------
    FileNotFoundError
        The file does not exist.
    ValueError
        A missing column, an empty required cell, a bad date or side: the message names the
        file, the row and the field.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "mod.txt").write_text(
    ...     "Units liberated the settlement of Kurakhove in the DPR.\\n\\nGood evening.",
    ...     encoding="utf-8")
    >>> out = claims_from_statements(folder / "mod.txt",
    ...     claimant="Russian Ministry of Defence", date="2024-12-20")
    >>> out.claims[["place", "region", "kind"]]
           place region     kind
    0  Kurakhove  UA-14  capture
    >>> print(out.notes[0].split(": ", 1)[1][:51])
    no recognisable claim in the statement (1 sentence)
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no statements file at {str(path)!r}")
    if path.suffix.casefold() == ".csv":
        items = _statements_csv(path, claimant, date, side)
        for _, args in items:
            args.setdefault("source_name", None)
            args["source_name"] = args["source_name"] or source_name
            args["source_url"] = args["source_url"] or source_url
            args["language"] = args["language"] or language
    else:
        if claimant is None or date is None:
            raise ValueError(
                f"{path}: a text file of statements needs claimant= and date= (or use a CSV "
                "with date, claimant and text columns)"
            )
        text = path.read_text(encoding="utf-8-sig")
        paragraphs = [p for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
        common = {
            "claimant": claimant,
            "date": date,
            "side": side,
            "source_name": source_name,
            "source_url": source_url,
            "language": language,
        }
        items = [
            (f"{path}, paragraph {i}", common | {"text": p}) for i, p in enumerate(paragraphs, 1)
        ]
    frames: list[gpd.GeoDataFrame] = []
    notes: list[str] = []
    for where, args in items:
        try:
            found = claims_from_text(rules=rules, **args)
        except ValueError as exc:
            raise ValueError(f"{where}: {exc}") from None
        if len(found):
            frames.append(found.claims)
        notes += [f"{where}: {n}" for n in found.notes]
    if not frames:
        empty = claims_from_text(
            "",
            claimant=claimant or "unknown",
            side=side or "third party",
            date=date or "2022-02-24",
        )
        return StatementClaims(empty.claims, tuple(notes))
    claims = pd.concat(frames, ignore_index=True)
    claims = claims.drop_duplicates("claim_id").reset_index(drop=True)
    valid = validate_claims(gpd.GeoDataFrame(claims, geometry="geometry", crs=4326))
    return StatementClaims(in_order(valid), tuple(notes))
