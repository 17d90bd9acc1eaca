"""The rules that read statements: patterns and vocabularies loaded from data files.

The rules are data, not code. The package ships one TOML file per language (``en.toml``,
``ru.toml``, ``uk.toml``) and one of region names (``regions.toml``) under
``frontline/statements/rules/``; each says in comments what its tables mean. A language file
holds:

- ``[[trigger]]`` tables: a ``style`` (``capture``, ``recapture``, ``advance``, ``entry`` or
  ``denial``) and the ``patterns`` (regular expressions) of the words that state it;
- ``[actors]``: phrases naming who acted: ``RU``, ``UA``, ``enemy`` (the speaker's other side)
  and ``own`` (the speaker's side);
- ``[words]``: ``locatives`` ("near", "в районе"), ``settlement`` ("населённый пункт", "н.п.",
  "village of"), ``separators`` between several names, ``attempts`` (words that make the verb
  after them an attempt, not a claim: "tried to", "попытка") and ``stopwords`` (capitalised
  words that are never part of a settlement's name);
- ``[endings]``: ``rules``, pairs ``[ending, replacement]`` that turn an inflected name into
  nominative candidates when the morphological analyser cannot.

The regions file gives, per ISO 3166-2 code, stems that its ``[templates]`` expand into
patterns ("Донецк" -> "Донецкой области"), plus patterns written out ("Donetsk People's
Republic", "ДНР"). A user extends the rules by writing files of the same shape and passing them
to :func:`load_rules`; their entries are added to the built-in ones (``builtin=False`` to use
only theirs).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from frontline._errors import StatementRulesError

__all__ = ["LANGUAGES", "STYLES", "LanguageRules", "RegionRule", "StatementRules", "load_rules"]

#: The languages with built-in rules.
LANGUAGES: tuple[str, ...] = ("en", "ru", "uk")

#: What a statement can say about a place, in the order tried when several match at one spot.
STYLES: tuple[str, ...] = ("denial", "recapture", "capture", "entry", "advance")

_ACTORS = ("RU", "UA", "enemy", "own")
_WORDS = ("locatives", "settlement", "separators", "attempts")
_FLAGS = re.IGNORECASE | re.UNICODE


@dataclass(frozen=True)
class RegionRule:
    """How statements name one region: its ISO code, display name and compiled patterns."""

    code: str
    name: str | None
    patterns: tuple[re.Pattern[str], ...]

    @property
    def in_ukraine(self) -> bool:
        """Whether the region is one of Ukraine's (its places are in the gazetteer)."""
        return self.code.startswith("UA-")


@dataclass(frozen=True)
class LanguageRules:
    """The compiled rules of one language."""

    language: str
    triggers: tuple[tuple[str, re.Pattern[str]], ...]
    actors: tuple[tuple[str, re.Pattern[str]], ...]
    locatives: tuple[re.Pattern[str], ...]
    settlement: tuple[re.Pattern[str], ...]
    separators: tuple[re.Pattern[str], ...]
    attempts: tuple[re.Pattern[str], ...]
    stopwords: frozenset[str]
    endings: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class StatementRules:
    """Every rule :func:`frontline.statements.claims_from_text` reads statements with.

    Build it with :func:`load_rules`. ``languages`` maps a language code to its
    :class:`LanguageRules`; ``regions`` lists the :class:`RegionRule` of every region named.
    """

    languages: Mapping[str, LanguageRules]
    regions: tuple[RegionRule, ...]
    sources: tuple[str, ...] = field(default=())

    def language(self, code: str) -> LanguageRules:
        """The rules of one language; a clear error for a language without rules."""
        try:
            return self.languages[code]
        except KeyError:
            raise StatementRulesError(
                f"no statement rules for language {code!r}; rules exist for "
                f"{sorted(self.languages)}: pass one of them, or a rules file for {code!r} "
                "to load_rules"
            ) from None


def _builtin_texts() -> list[tuple[str, str]]:
    folder = resources.files("frontline.statements").joinpath("rules")
    names = [f"{lang}.toml" for lang in LANGUAGES] + ["regions.toml"]
    return [
        (f"frontline/statements/rules/{n}", folder.joinpath(n).read_text("utf-8")) for n in names
    ]


def _read(source: str | Path | Mapping[str, Any]) -> tuple[str, Mapping[str, Any]]:
    if isinstance(source, Mapping):
        return "<mapping>", source
    path = Path(source)
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise StatementRulesError(f"cannot read the rules file {str(path)!r}: {exc}") from None
    return str(path), _parse(str(path), text)


def _parse(where: str, text: str) -> Mapping[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise StatementRulesError(f"the rules file {where!r} is not valid TOML: {exc}") from None


def _strings(where: str, entry: str, value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise StatementRulesError(
            f'{where}: {entry} must be a list of strings, got {value!r}; write it as ["..."]'
        )
    bad = [v for v in value if not isinstance(v, str) or not v]
    if bad:
        raise StatementRulesError(
            f"{where}: {entry} holds {bad[0]!r}, which is not a non-empty string"
        )
    return list(value)


def _compile(where: str, entry: str, pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern, _FLAGS)
    except re.error as exc:
        raise StatementRulesError(
            f"{where}: {entry} has the pattern {pattern!r}, which is not a valid regular "
            f"expression ({exc})"
        ) from None


class _Collect:
    """Entries gathered from several rule files before compiling."""

    def __init__(self) -> None:
        self.triggers: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
        self.actors: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
        self.words: dict[str, dict[str, list[re.Pattern[str]]]] = {}
        self.stopwords: dict[str, set[str]] = {}
        self.endings: dict[str, list[tuple[str, str]]] = {}
        self.regions: dict[str, tuple[str | None, list[re.Pattern[str]]]] = {}
        self.templates: dict[str, list[str]] = {}

    def language(self, where: str, data: Mapping[str, Any]) -> None:
        lang = data["language"]
        if not isinstance(lang, str) or not re.fullmatch(r"[a-z]{2,3}", lang):
            raise StatementRulesError(
                f"{where}: language must be a two- or three-letter code such as 'en', got {lang!r}"
            )
        triggers = self.triggers.setdefault(lang, [])
        for i, trig in enumerate(data.get("trigger", [])):
            style = trig.get("style") if isinstance(trig, Mapping) else None
            if style not in STYLES:
                raise StatementRulesError(
                    f"{where}: trigger {i} has style {style!r}; use one of {list(STYLES)}"
                )
            for p in _strings(where, f"trigger {i} ({style}) patterns", trig.get("patterns")):
                triggers.append((style, _compile(where, f"trigger {i} ({style})", p)))
        actors = self.actors.setdefault(lang, [])
        for who, pats in dict(data.get("actors", {})).items():
            if who not in _ACTORS:
                raise StatementRulesError(
                    f"{where}: [actors] has {who!r}; use one of {list(_ACTORS)}"
                )
            for p in _strings(where, f"actors.{who}", pats):
                actors.append((who, _compile(where, f"actors.{who}", p)))
        words = self.words.setdefault(lang, {w: [] for w in _WORDS})
        table = dict(data.get("words", {}))
        for key in table:
            if key not in (*_WORDS, "stopwords"):
                raise StatementRulesError(
                    f"{where}: [words] has {key!r}; use {[*_WORDS, 'stopwords']}"
                )
        for w in _WORDS:
            for p in _strings(where, f"words.{w}", table.get(w)):
                words[w].append(_compile(where, f"words.{w}", p))
        stop = self.stopwords.setdefault(lang, set())
        stop.update(
            s.casefold() for s in _strings(where, "words.stopwords", table.get("stopwords"))
        )
        endings = self.endings.setdefault(lang, [])
        for pair in dict(data.get("endings", {})).get("rules", []):
            if (
                not isinstance(pair, Sequence)
                or isinstance(pair, str)
                or len(pair) != 2
                or not all(isinstance(x, str) for x in pair)
                or not pair[0]
            ):
                raise StatementRulesError(
                    f"{where}: endings.rules holds {pair!r}; each rule is a pair "
                    '[ending, replacement] such as ["ку", "ка"]'
                )
            endings.append((pair[0], pair[1]))

    def region_file(self, where: str, data: Mapping[str, Any]) -> None:
        for key, pats in dict(data.get("templates", {})).items():
            self.templates.setdefault(key, []).extend(_strings(where, f"templates.{key}", pats))
        for i, reg in enumerate(data.get("region", [])):
            code = reg.get("code") if isinstance(reg, Mapping) else None
            if not isinstance(code, str) or not re.fullmatch(r"[A-Z]{2}-[A-Z0-9]{1,3}", code):
                raise StatementRulesError(
                    f"{where}: region {i} has code {code!r}; use an ISO 3166-2 code such as 'UA-14'"
                )
            name = reg.get("name")
            prior_name, compiled = self.regions.setdefault(code, (None, []))
            for key, stems in reg.items():
                if key in ("code", "name"):
                    continue
                entry = f"region {code} {key}"
                if key == "patterns":
                    for p in _strings(where, entry, stems):
                        compiled.append(_compile(where, entry, p))
                    continue
                if key not in self.templates:
                    raise StatementRulesError(
                        f"{where}: region {code} has {key!r}, which is neither 'patterns' nor "
                        f"a template ({sorted(self.templates)})"
                    )
                names = _strings(where, entry, stems)
                if names:
                    alternatives = "|".join(names)
                    for template in self.templates[key]:
                        pattern = template.replace("{" + key + "}", alternatives)
                        compiled.append(_compile(where, entry, pattern))
            self.regions[code] = (name if isinstance(name, str) else prior_name, compiled)


def load_rules(*sources: str | Path | Mapping[str, Any], builtin: bool = True) -> StatementRules:
    """Load statement rules: the built-in files plus any of your own.

    Parameters
    ----------
    *sources : path or mapping
        Rules files (TOML, the shape of the built-in ``en.toml`` or ``regions.toml``), or the
        same as already parsed mappings. A file with ``language = "xx"`` adds to (or creates)
        that language's rules; a file with ``[[region]]`` tables adds region names.
    builtin : bool, default True
        Start from the built-in rules; False uses only ``sources``.

    Returns
    -------
    StatementRules

    Raises
    ------
    StatementRulesError
        A file is unreadable or not TOML, or an entry is malformed (an unknown style, an
        invalid regular expression, a bad region code): the message names file, entry and value.

    Examples
    --------
    >>> rules = load_rules()
    >>> sorted(rules.languages)
    ['en', 'ru', 'uk']
    >>> cleared = {"style": "capture", "patterns": [r"\\bcleared\\b"]}
    >>> extra = {"language": "en", "trigger": [cleared]}
    >>> len(load_rules(extra).language("en").triggers) - len(rules.language("en").triggers)
    1
    >>> load_rules({"language": "en", "trigger": [{"style": "won", "patterns": ["x"]}]})
    Traceback (most recent call last):
    ...
    frontline._errors.StatementRulesError: <mapping>: trigger 0 has style 'won'; use one of ...
    """
    if not sources and builtin:
        return _builtin()
    return _load(tuple(sources), builtin)


@lru_cache(maxsize=1)
def _builtin() -> StatementRules:
    return _load((), True)


def _load(sources: tuple[str | Path | Mapping[str, Any], ...], builtin: bool) -> StatementRules:
    loaded: list[tuple[str, Mapping[str, Any]]] = []
    if builtin:
        loaded += [(where, _parse(where, text)) for where, text in _builtin_texts()]
    loaded += [_read(s) for s in sources]
    collect = _Collect()
    # region templates first, so that a user's regions may use the built-in templates
    for where, data in sorted(loaded, key=lambda item: "templates" not in item[1]):
        if "language" in data:
            collect.language(where, data)
        if "region" in data or "templates" in data:
            collect.region_file(where, data)
        if not ({"language", "region", "templates"} & set(data)):
            raise StatementRulesError(
                f'{where}: a rules file needs language = ".." (with [[trigger]] tables) or '
                "[[region]] tables; see frontline/statements/rules/en.toml"
            )
    languages = {
        lang: LanguageRules(
            language=lang,
            triggers=tuple(collect.triggers[lang]),
            actors=tuple(collect.actors.get(lang, [])),
            locatives=tuple(collect.words[lang]["locatives"]),
            settlement=tuple(collect.words[lang]["settlement"]),
            separators=tuple(collect.words[lang]["separators"]),
            attempts=tuple(collect.words[lang]["attempts"]),
            stopwords=frozenset(collect.stopwords.get(lang, set())),
            endings=tuple(collect.endings.get(lang, [])),
        )
        for lang in collect.triggers
    }
    regions = tuple(
        RegionRule(code, name, tuple(pats)) for code, (name, pats) in collect.regions.items()
    )
    return StatementRules(languages, regions, tuple(where for where, _ in loaded))
