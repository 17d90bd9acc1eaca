"""Official statements in, claims out: :func:`claims_from_text` and its result.

How a statement style maps onto the claims schema (:mod:`frontline.claims`):

==========================  ============================================================
statement                   claim
==========================  ============================================================
capture / "liberation" of   kind "capture" of the claimant's side, precision "settlement",
a named settlement          the settlement's point
recapture ("regained        kind "capture" (style "recapture")
control of")
advance near or into        kind "advance", precision "settlement", the settlement's point
a place                     (reconciliation then allows the settlement tolerance)
entry into an oblast        kind "advance", precision "region", the region's polygon
the other side took or      kind "withdrawal" of the claimant's side (the claimant admits
advanced ("the enemy        or reports ground lost), so reconciliation tests the other
occupied X")                side's gain
denial of a named place     a claim of the other side (claimant "<side> side
                            (unattributed)", kind "capture" or "advance") with the
                            speaker's denial as a response (stance "denies"): its status
                            is "denied" (or "refuted" when a third party denies)
==========================  ============================================================

A third party's statement ("DeepState: the enemy occupied X") keeps side "third party";
the ``actor`` column says whose gain it reports ("RU", "UA" or None when unsaid).

Columns beyond the schema: ``statement_style`` (capture, recapture, advance, entry, denial),
``actor``, ``name_as_written`` (the name as the sentence writes it), ``language`` and
``unresolved``: None for a resolved claim, else the reason its place was not located
(ambiguous between ..., not in the gazetteer, outside Ukraine). An unresolved claim has no
geometry and precision "none": it is never given a namesake's point.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import pandas as pd

from frontline._dates import parse_day
from frontline.claims import CLAIM_COLUMNS, ClaimsValidationError, claims_from_records
from frontline.statements._resolve import (
    RegionMention,
    region_for,
    region_label,
    region_mentions,
    resolve_name,
)
from frontline.statements._text import Segment, language_rules, names_in, segments, sentences
from frontline.statements.rules import LanguageRules, StatementRules, load_rules

__all__ = ["EXTRA_COLUMNS", "StatementClaims", "claims_from_text"]

#: Columns a statement's claims carry beyond :data:`frontline.claims.CLAIM_COLUMNS`.
EXTRA_COLUMNS: tuple[str, ...] = (
    "statement_style",
    "actor",
    "name_as_written",
    "language",
    "unresolved",
)

_OTHER = {"RU": "UA", "UA": "RU"}
_FORCES = {"RU": "Russian forces", "UA": "Ukrainian forces", None: "Forces (side unsaid)"}
_VERB = {
    "capture": "took",
    "recapture": "retook",
    "advance": "advanced near",
    "entry": "entered",
}


@dataclass(frozen=True)
class StatementClaims:
    """What :func:`claims_from_text` read: the claims, and notes on what it could not.

    ``claims`` is a claims table (:func:`frontline.claims.claims_from_records`) with the extra
    columns of :data:`EXTRA_COLUMNS`; unresolved claims are rows with no geometry and a reason
    in ``unresolved``. ``notes`` says, in words, what was skipped (a sentence without a
    recognisable claim, a verb without a place).
    """

    claims: gpd.GeoDataFrame
    notes: tuple[str, ...] = field(default=())

    @property
    def resolved(self) -> gpd.GeoDataFrame:
        """The claims whose place (or region) was located."""
        return self.claims[self.claims["unresolved"].isna()]

    @property
    def unresolved(self) -> gpd.GeoDataFrame:
        """The claims whose place could not be located without guessing, with the reason."""
        return self.claims[self.claims["unresolved"].notna()]

    def __len__(self) -> int:
        return len(self.claims)

    def report(self) -> str:
        """One line per claim (resolved or not, with the reason) and per note, for printing."""
        lines = []
        for row in self.claims.itertuples(index=False):
            if row.name_as_written is None or pd.isna(row.name_as_written):  # a region
                what, where = f"{row.statement_style} {row.region}", f"region {row.region}"
            else:
                what, where = f"{row.statement_style} {row.name_as_written}", row.place
            if row.unresolved is None or pd.isna(row.unresolved):
                lines.append(f"resolved: {what} -> {where} ({row.region}) [{row.kind}]")
            else:
                lines.append(f"unresolved: {what}: {row.unresolved}")
        lines += [f"note: {n}" for n in self.notes]
        return "\n".join(lines) if lines else "no claims"


@dataclass
class _Context:
    claimant: str
    side: str
    day: pd.Timestamp
    source_name: str
    source_url: str | None
    rules: StatementRules
    language: str | None
    records: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seen: set[tuple[Any, ...]] = field(default_factory=set)


def _side_of(claimant: str, side: str | None) -> str:
    """The claimant's side: as given, else the one claims know for a well-known body."""
    probe = {
        "date": "2025-01-01",
        "claimant": claimant,
        "kind": "other",
        "summary": "probe",
        "source_name": "probe",
    }
    if side is not None:
        probe["side"] = side
    try:
        return str(claims_from_records([probe])["side"].iloc[0])
    except ClaimsValidationError:
        raise ValueError(
            f"side={side!r} for claimant {claimant!r}: say which side speaks, one of "
            "'RU', 'UA' or 'third party' (only a few well-known bodies are recognised by name)"
        ) from None


def _actor(sentence: str, before: int, lang: LanguageRules, speaker: str) -> str | None:
    """The side that acted: the nearest actor phrase before the verb, else the speaker's."""
    best: tuple[int, str] | None = None
    for who, pattern in lang.actors:
        for m in pattern.finditer(sentence, 0, before):
            if best is None or m.start() > best[0]:
                best = (m.start(), who)
    who = best[1] if best else "own"
    if who in ("RU", "UA"):
        return who
    if who == "enemy":
        # a third party writing in these languages reports from Ukraine's side of the line
        return _OTHER.get(speaker, "RU")
    return speaker if speaker in ("RU", "UA") else None


def _actor_spans(sentence: str, lang: LanguageRules) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for _, p in lang.actors for m in p.finditer(sentence)]


def _claim_id(*parts: Any) -> str:
    text = json.dumps([str(p) for p in parts], ensure_ascii=False)
    return "stmt-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def _add(
    ctx: _Context,
    *,
    sentence: str,
    number: int,
    lang: LanguageRules,
    style: str,
    actor: str | None,
    denial: bool,
    written: str | None,
    region: RegionMention | None,
) -> None:
    """One claim record from a name (or a region, for an entry) in a sentence."""
    place: str | None = None
    code: str | None = None
    geometry = None
    precision = "none"
    reason: str | None = None
    if written is None:  # an entry into the region itself
        assert region is not None
        label = region_label(region.rule)
        if region.rule.in_ukraine:
            code, precision = region.rule.code, "region"
        else:
            reason = f"{label} lies outside Ukraine: no region geometry is shipped for it"
        target = label
        key: Any = ("region", region.rule.code)
    else:
        found = resolve_name(
            written, lang.language, None if region is None else region.rule, ctx.rules
        )
        if region is not None and region.rule.in_ukraine:
            code = region.rule.code
        if found.place is not None:
            place, code = str(found.place["name"]), str(found.place["region"])
            geometry, precision = found.place["geometry"], "settlement"
            target = f"{place} ({found.place['region_name']})"
            key = ("place", int(found.place["place_id"]))
        else:
            reason = found.reason
            place, target = written, written
            key = ("name", written.casefold(), code)
    dedupe = (style, actor, denial, key)
    if dedupe in ctx.seen:
        return
    ctx.seen.add(dedupe)
    kind = "capture" if style in ("capture", "recapture") else "advance"
    claimant, side, responses = ctx.claimant, ctx.side, []
    if denial:
        side = _OTHER.get(ctx.side) or actor or "RU"
        claimant = f"{'Russian' if side == 'RU' else 'Ukrainian'} side (unattributed)"
        summary = f"{_FORCES[side]} {_VERB[style]} {target} (denied by {ctx.claimant})"
        responses = [
            {
                "date": ctx.day.date().isoformat(),
                "by": ctx.claimant,
                "side": ctx.side,
                "stance": "denies",
                "source_name": ctx.source_name,
                "source_url": ctx.source_url,
                "note": sentence,
            }
        ]
        actor = side
    else:
        summary = f"{_FORCES[actor]} {_VERB[style]} {target}"
        if ctx.side in _OTHER and actor == _OTHER[ctx.side]:
            kind = "withdrawal"  # the claimant reports ground its own side lost
    record: dict[str, Any] = {
        "claim_id": _claim_id(ctx.claimant, ctx.day, number, style, denial, key),
        "date": ctx.day,
        "claimant": claimant,
        "side": side,
        "kind": kind,
        "summary": summary,
        "responses": responses,
        "precision": precision,
        "place": place,
        "region": code,
        "source_name": ctx.source_name,
        "source_url": ctx.source_url,
        "quote": sentence,
        "geometry": geometry,
        "statement_style": "denial" if denial else style,
        "actor": actor,
        "name_as_written": written,
        "language": lang.language,
        "unresolved": reason,
    }
    ctx.records.append(record)


def _read_sentence(ctx: _Context, sentence: str, number: int) -> None:
    lang = language_rules(ctx.rules, sentence, ctx.language)
    mentions = region_mentions(sentence, ctx.rules)
    segs = segments(sentence, lang, [(r.start, r.end) for r in mentions])
    if not segs:
        return
    removed = [(r.start, r.end) for r in mentions] + _actor_spans(sentence, lang)
    denial = any(s.style == "denial" for s in segs)
    actions = [s for s in segs if s.style != "denial"]
    if denial and not actions:
        # "X remains under Ukrainian control": the denied claim is a capture of the names
        whole = Segment("capture", 0, len(sentence), 0, "")
        actions = [whole]
    before = len(ctx.records)
    for seg in actions:
        names = names_in(sentence, seg.body_start, seg.end, lang, removed=removed)
        if denial:
            names = [
                n
                for n in names_in(sentence, 0, len(sentence), lang, removed=removed)
                if not any(s.start <= n.start < s.body_start for s in segs if s.style == "denial")
            ]
        actor = _actor(sentence, seg.start, lang, ctx.side)
        common: dict[str, Any] = {
            "sentence": sentence,
            "number": number,
            "lang": lang,
            "actor": actor,
        }
        if not names and seg.style == "entry":
            inside = [r for r in mentions if seg.body_start <= r.start < seg.end]
            if inside:
                _add(ctx, style="entry", denial=denial, written=None, region=inside[0], **common)
                continue
        if not names:
            ctx.notes.append(
                f"sentence {number}: {seg.trigger.strip()!r} names no settlement or region; "
                f"skipped: {sentence[:120]!r}"
            )
            continue
        style = "advance" if seg.style == "entry" else seg.style
        for name in names:
            region = region_for(name.start, mentions)
            _add(ctx, style=style, denial=denial, written=name.text, region=region, **common)
        if denial:
            break  # every name of the sentence was read for the first action
    if len(ctx.records) == before and not any("sentence " + str(number) in n for n in ctx.notes):
        ctx.notes.append(f"sentence {number}: no claim read from {sentence[:120]!r}")


def in_order(claims: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The schema's columns, then :data:`EXTRA_COLUMNS`, then any others."""
    first = [*CLAIM_COLUMNS, *EXTRA_COLUMNS]
    return claims[first + [c for c in claims.columns if c not in first]]


def _empty() -> gpd.GeoDataFrame:
    frame = claims_from_records([])
    for column in EXTRA_COLUMNS:
        frame[column] = pd.Series([], dtype=object)
    return in_order(frame)


def claims_from_text(
    text: str,
    *,
    claimant: str,
    date: Any,
    side: str | None = None,
    source_name: str | None = None,
    source_url: str | None = None,
    language: str | None = None,
    rules: StatementRules | None = None,
) -> StatementClaims:
    """Read an official statement into claims, each place resolved through the gazetteer.

    The statement is split into sentences; in each, the rules (:func:`load_rules`) find the
    verbs of a claim (captured, "liberated", advanced near, entered, regained control of,
    denied), the settlements they govern (several give several claims), who acted, and the
    region the sentence names ("Donetsk People's Republic", "Днепропетровской области"), which
    narrows the gazetteer search. Inflected Russian and Ukrainian names are brought back to the
    nominative first ("Новопавловку" -> "Новопавловка"). The sentence is kept as ``quote``.
    The table of statement styles and claim kinds is in :mod:`frontline.statements.parse`.

    Parameters
    ----------
    text : str
        One statement, or several (paragraphs and sentences are read one by one).
    claimant : str
        Who speaks ("Russian Ministry of Defence").
    date : date-like
        The day the claims are about (ISO ``YYYY-MM-DD`` text, a date or a timestamp).
    side : {"RU", "UA", "third party"}, optional
        The claimant's side; may be omitted for the well-known bodies the claims schema knows.
    source_name, source_url : str, optional
        Where the statement was read; ``source_name`` defaults to ``claimant``.
    language : {"en", "ru", "uk"}, optional
        The statement's language; by default each sentence's is told by its letters.
    rules : StatementRules, optional
        Rules of your own (:func:`load_rules`); default the built-in rules.

    Returns
    -------
    StatementClaims
        ``.claims`` (a claims table with the extra columns of :data:`EXTRA_COLUMNS`; an
        unresolved place gives a row without geometry and its reason in ``unresolved``),
        ``.resolved``, ``.unresolved``, ``.notes`` and ``.report()``. A statement with no
        recognisable claim gives an empty table and a note saying so.

    Raises
    ------
    ValueError
        ``text`` is not a string, ``date`` is not a valid day, ``claimant`` is empty, or the
        claimant's side is unknown and not given.

    Examples
    --------
    >>> out = claims_from_text(
    ...     "Units of the Centre group of forces liberated the settlement of Novopavlovka in "
    ...     "Dnipropetrovsk region.",
    ...     claimant="Russian Ministry of Defence", date="2025-08-26")
    >>> out.claims[["side", "kind", "place", "region", "precision"]]
      side     kind         place region   precision
    0   RU  capture  Novopavlivka  UA-12  settlement
    >>> r = claims_from_text("Противник окупував село Новопавлівка.", claimant="DeepStateMap",
    ...                      date="2025-08-26")
    >>> r.claims["unresolved"].iloc[0][:44]
    "'Новопавлівка' is ambiguous between Novopavl"
    >>> none = claims_from_text("Good morning.", claimant="Someone", side="UA", date="2025-08-26")
    >>> len(none), none.notes[0][:51]
    (0, 'no recognisable claim in the statement (1 sentence)')
    """
    if not isinstance(text, str):
        raise ValueError(f"text must be a string (the statement), got {type(text).__name__}")
    if not isinstance(claimant, str) or not claimant.strip():
        raise ValueError(f"claimant must be a non-empty string, got {claimant!r}")
    day = parse_day(date, "date")
    ctx = _Context(
        claimant=" ".join(claimant.split()),
        side=_side_of(claimant, side),
        day=day,
        source_name=" ".join((source_name or claimant).split()),
        source_url=source_url,
        rules=rules or load_rules(),
        language=language,
    )
    if language is not None:
        ctx.rules.language(language)  # a clear error for a language without rules
    found = sentences(text)
    for number, sentence in enumerate(found, start=1):
        _read_sentence(ctx, sentence, number)
    if not ctx.records:
        count = f"{len(found)} sentence{'s' if len(found) != 1 else ''}"
        notes = (
            f"no recognisable claim in the statement ({count}): no sentence states a capture, "
            "recapture, advance, entry or denial of a named place in the rules' words",
            *[n for n in ctx.notes if "no claim read" not in n],
        )
        return StatementClaims(_empty(), tuple(notes))
    return StatementClaims(in_order(claims_from_records(ctx.records)), tuple(ctx.notes))
