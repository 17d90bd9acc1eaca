"""Reading a statement's text: sentences, language, claim segments and the names in them.

Written here rather than with an NLP pipeline because the statements are formulaic: a verb of
a known style, then a list of capitalised settlement names, then the region. Regular
expressions from the rules files find each part; nothing here knows a language by itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from frontline.statements.rules import STYLES, LanguageRules, StatementRules

__all__ = ["Mention", "Segment", "detect_language", "names_in", "segments", "sentences"]

_CYRILLIC = re.compile(r"[А-Яа-яЁёІіЇїЄєҐґ]")
_UKRAINIAN = re.compile(r"[ІіЇїЄєҐґ]")
_RUSSIAN = re.compile(r"[ЫыЭэЁёЪъ]")
# a sentence ends at . ! ? or … followed by space and a capital, a quote or a digit
_BREAK = re.compile(r"(?<=[.!?…])[\"»”)]?\s+(?=[\"«“(]?[A-ZА-ЯЁІЇЄҐ0-9])")
# abbreviations after which a full stop does not end a sentence
_ABBREVIATION = re.compile(
    r"(?:\b(?:н\.\s?п|с|пгт|смт|пос|обл|р-н|г|м|St|Mt|vil|reg|obl|approx|e\.g|i\.e)\.)$",
    re.IGNORECASE,
)
_WORD = r"[A-ZА-ЯЁІЇЄҐ][\w'’ʼ`-]*"
_NAME = re.compile(rf"{_WORD}(?:\s+{_WORD})*")
_QUOTED = re.compile(r"«[^»]*»|\"[^\"]*\"|“[^”]*”")


def detect_language(text: str) -> str:
    """'uk', 'ru' or 'en' from the letters used (Ukrainian letters win; Cyrillic else Russian)."""
    if _UKRAINIAN.search(text) and not _RUSSIAN.search(text):
        return "uk"
    if _CYRILLIC.search(text):
        return "ru" if not _UKRAINIAN.search(text) else "uk"
    return "en"


def sentences(text: str) -> list[str]:
    """The sentences of a text, each stripped; paragraphs always break."""
    out: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text):
        paragraph = " ".join(paragraph.split())
        if not paragraph:
            continue
        pieces = _BREAK.split(paragraph)
        current = ""
        for piece in pieces:
            current = f"{current} {piece}".strip() if current else piece
            if not _ABBREVIATION.search(current):
                out.append(current)
                current = ""
        if current:
            out.append(current)
    return out


@dataclass(frozen=True)
class Mention:
    """A place name as written in a sentence, with where it starts."""

    text: str
    start: int


@dataclass(frozen=True)
class Segment:
    """The stretch of a sentence that one claim verb governs."""

    style: str
    start: int  # where the verb starts
    end: int  # where the governed text ends
    body_start: int  # where the governed text starts (after the verb)
    trigger: str


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for a, b in spans:
        for i in range(a, b):
            chars[i] = "|"
    return "".join(chars)


def spans_of(patterns: tuple[re.Pattern[str], ...], text: str) -> list[tuple[int, int]]:
    """Every (start, end) at which one of the patterns matches."""
    return [(m.start(), m.end()) for p in patterns for m in p.finditer(text) if m.end() > m.start()]


def segments(
    sentence: str, lang: LanguageRules, regions: list[tuple[int, int]] | None = None
) -> list[Segment]:
    """The claim segments of a sentence: each verb up to the next verb (or a locative).

    A locative ("near", "в районе") ends a capture's segment (what follows only locates the
    capture) but not an advance's (what follows is where the advance went), nor one that
    introduces a region (``regions``: spans of region names; "in the DPR").
    """
    region_starts = {a for a, _ in regions or []}
    found: list[tuple[int, int, str]] = []
    order = {s: i for i, s in enumerate(STYLES)}
    for style, pattern in lang.triggers:
        for m in pattern.finditer(sentence):
            if m.end() > m.start():
                found.append((m.start(), m.end(), style))
    # earliest first; at one spot the longer match, then the style order, wins
    found.sort(key=lambda f: (f[0], -(f[1] - f[0]), order[f[2]]))
    kept: list[tuple[int, int, str]] = []
    for start, end, style in found:
        if kept and start < kept[-1][1]:
            continue
        kept.append((start, end, style))
    # a verb right after an attempt word ("tried to capture", "попытка захвата") claims nothing
    attempts = spans_of(lang.attempts, sentence)
    kept = [
        k for k in kept if not any(0 <= k[0] - end <= 3 and start < k[0] for start, end in attempts)
    ]
    locatives = sorted(
        (a, b)
        for a, b in spans_of(lang.locatives, sentence)
        if _next_word(sentence, b) not in region_starts
    )
    out = []
    for i, (start, end, style) in enumerate(kept):
        stop = kept[i + 1][0] if i + 1 < len(kept) else len(sentence)
        if style in ("capture", "recapture"):
            later = [a for a, _ in locatives if end <= a < stop and sentence[end:a].strip()]
            if later:
                stop = min(later)
        out.append(Segment(style, start, stop, end, sentence[start:end]))
    return out


def _next_word(sentence: str, at: int) -> int:
    """Where the next word after ``at`` starts, skipping spaces and an English article."""
    m = re.compile(r"\s*(?:the\s+)?", re.IGNORECASE).match(sentence, at)
    return m.end() if m else at


def names_in(
    sentence: str,
    start: int,
    end: int,
    lang: LanguageRules,
    *,
    removed: list[tuple[int, int]],
) -> list[Mention]:
    """Capitalised names in ``sentence[start:end]``, with removed spans, settlement words,
    locatives, quoted unit names and separators breaking them apart; stopwords are dropped."""
    spans = list(removed)
    spans += spans_of(lang.settlement, sentence)
    spans += spans_of(lang.locatives, sentence)
    spans += spans_of(lang.separators, sentence)
    spans += [(m.start(), m.end()) for m in _QUOTED.finditer(sentence)]
    spans += [(m.start(), m.end()) for m in re.finditer(r"[()\[\]:;—–.!?]", sentence)]
    text = _blank(sentence, spans)
    out: list[Mention] = []
    for m in _NAME.finditer(text, start, end):
        words = m.group(0).split()
        # drop stopwords; they also split a run of capitalised words
        run: list[tuple[str, int]] = []
        pos = m.start()
        pieces: list[list[tuple[str, int]]] = []
        for word in words:
            at = text.index(word, pos)
            pos = at + len(word)
            if word.casefold() in lang.stopwords or word.rstrip("'’ʼ").casefold() in lang.stopwords:
                if run:
                    pieces.append(run)
                run = []
                continue
            run.append((word, at))
        if run:
            pieces.append(run)
        for piece in pieces:
            name = " ".join(w for w, _ in piece).strip("-'’ʼ`")
            if len(name) >= 2 and any(ch.isalpha() for ch in name):
                out.append(Mention(name, piece[0][1]))
    return out


def _score(sentence: str, lang: LanguageRules) -> int:
    hits = sum(1 for _, p in lang.triggers if p.search(sentence))
    return (
        2 * hits
        + len(spans_of(lang.settlement, sentence))
        + len([m for _, p in lang.actors for m in p.finditer(sentence)])
    )


def language_rules(rules: StatementRules, sentence: str, language: str | None) -> LanguageRules:
    """The rules for a sentence's language: given, or told from its letters and, between
    Cyrillic languages (a Ukrainian sentence need not use і, ї, є or ґ), from which language's
    rules find more in it."""
    if language:
        return rules.language(language)
    guess = detect_language(sentence)
    if guess == "en" or (_UKRAINIAN.search(sentence) and not _RUSSIAN.search(sentence)):
        return rules.language(guess)
    cyrillic = [rules.languages[c] for c in ("ru", "uk") if c in rules.languages]
    if not cyrillic:
        return rules.language(guess)
    best = max(cyrillic, key=lambda lang: (_score(sentence, lang), lang.language == guess))
    return best
