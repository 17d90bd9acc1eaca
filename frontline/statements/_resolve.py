"""Regions named in a sentence, and settlement names resolved through the public gazetteer.

A name is resolved only when its forms (see :mod:`frontline.statements._lemma`) lead to exactly
one place, by the gazetteer's own name, spelling or alias; a fuzzy match, several places or
none leave it unresolved with the reason, never with a namesake.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from frontline.gazetteer import AmbiguousPlaceError, PlaceNotFoundError, find_place
from frontline.regions import region as region_row
from frontline.statements._lemma import candidates
from frontline.statements.rules import RegionRule, StatementRules

__all__ = ["RegionMention", "Resolution", "region_for", "region_mentions", "resolve_name"]


@dataclass(frozen=True)
class RegionMention:
    """A region named in a sentence: its rule and where the words are."""

    rule: RegionRule
    start: int
    end: int


def region_mentions(sentence: str, rules: StatementRules) -> list[RegionMention]:
    """Every region named in the sentence, in order; overlapping matches keep the longest."""
    found = [
        RegionMention(rule, m.start(), m.end())
        for rule in rules.regions
        for p in rule.patterns
        for m in p.finditer(sentence)
        if m.end() > m.start()
    ]
    found.sort(key=lambda r: (r.start, -(r.end - r.start)))
    kept: list[RegionMention] = []
    for r in found:
        if kept and r.start < kept[-1].end:
            continue
        kept.append(r)
    return kept


def region_for(position: int, mentions: list[RegionMention]) -> RegionMention | None:
    """The region a name at ``position`` belongs to: the first named after it, else the last
    named before it (statements put the region after the settlements it holds)."""
    after = [r for r in mentions if r.start >= position]
    if after:
        return after[0]
    before = [r for r in mentions if r.end <= position]
    return before[-1] if before else None


def region_label(rule: RegionRule) -> str:
    """A region's display name: its own from the rules, else the regions table's."""
    if rule.name:
        return rule.name
    try:
        return str(region_row(rule.code)["name"])
    except LookupError:
        return rule.code


@dataclass(frozen=True)
class Resolution:
    """How a name resolved: the gazetteer's row, or None and the reason."""

    written: str
    place: pd.Series | None
    reason: str | None
    form: str | None = None


def _describe(row: Any) -> str:
    return f"{row['name']} ({row['region_name']}, population {int(row['population']):,})"


def _key(row: Any) -> Any:
    """What identifies a gazetteer row: its GeoNames id, else (a settlement known only from
    the codifier, without coordinates) its KATOTTG code, else its name and region."""
    place_id = row.get("place_id")
    if place_id is not None and not pd.isna(place_id):
        return int(place_id)
    katottg = row.get("katottg")
    if katottg is not None and not pd.isna(katottg):
        return str(katottg)
    return (str(row.get("name")), str(row.get("region")))


def resolve_name(
    written: str, language: str, region: RegionRule | None, rules: StatementRules
) -> Resolution:
    """Resolve one settlement name as written, within the region the sentence names."""
    if region is not None and not region.in_ukraine:
        return Resolution(
            written,
            None,
            f"{written!r} is named in {region_label(region)}, outside Ukraine: the gazetteer "
            "holds Ukraine's settlements only",
        )
    endings = rules.languages[language].endings if language in rules.languages else ()
    code = None if region is None else region.code
    found: dict[Any, tuple[pd.Series, str]] = {}
    ambiguous: dict[Any, Any] = {}
    elsewhere: dict[Any, Any] = {}
    fuzzy: list[str] = []
    for form in candidates(written, language, endings):
        try:
            row = find_place(form, region=code)
        except AmbiguousPlaceError as exc:
            for r in exc.candidates.to_dict("records"):
                ambiguous.setdefault(_key(r), r)
            continue
        except PlaceNotFoundError as exc:
            if code is not None and "is in" in str(exc):
                for r in exc.candidates.to_dict("records"):
                    if r.get("matched_by") != "fuzzy" and r.get("region") != code:
                        elsewhere.setdefault(_key(r), r)
            continue
        except (ValueError, LookupError):
            continue
        if row["matched_by"] == "fuzzy":
            fuzzy.append(f"{form} -> {row['name']}")
            continue
        found.setdefault(_key(row), (row, form))
    if len(found) == 1:
        ((row, form),) = found.values()
        return Resolution(written, row, None, form)
    where = "" if region is None else f" in {region_label(region)}"
    if len(found) > 1:
        listed = "; ".join(_describe(r) for r, _ in found.values())
        return Resolution(
            written, None, f"{written!r}{where} is ambiguous between its readings: {listed}"
        )
    if ambiguous:
        rows = sorted(ambiguous.values(), key=lambda r: -int(r["population"]))
        listed = "; ".join(_describe(r) for r in rows[:8])
        more = f"; and {len(rows) - 8} more" if len(rows) > 8 else ""
        hint = "" if region is not None else " (the statement names no region)"
        return Resolution(
            written, None, f"{written!r}{where} is ambiguous between {listed}{more}{hint}"
        )
    if elsewhere:
        listed = "; ".join(_describe(r) for r in list(elsewhere.values())[:8])
        return Resolution(
            written,
            None,
            f"{written!r} is not in the gazetteer{where}; places of that name lie elsewhere "
            f"({listed}), which the statement does not name",
        )
    near = f"; near spellings not used: {', '.join(fuzzy[:3])}" if fuzzy else ""
    return Resolution(
        written,
        None,
        f"{written!r} is not in the gazetteer{where} (GeoNames places with 500+ inhabitants "
        f"or an administrative seat){near}",
    )
