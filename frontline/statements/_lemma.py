"""Nominative candidates for an inflected settlement name ("Новопавловку" -> "Новопавловка").

pymorphy3 (with its Russian and Ukrainian OpenCorpora/VESUM dictionaries) analyses each word
and inflects it to the nominative, keeping the gender and number of the analysis, so that
"Великой Новосёлки" gives "Великая Новосёлка". Names the dictionaries do not know are guessed
by pymorphy3 from their endings; the ``[endings]`` rules of the language file add candidates
of their own. Every candidate is only a candidate: the caller keeps one only if the gazetteer
knows it. English names are not inflected and come back as written.
"""

from __future__ import annotations

import itertools
from functools import lru_cache
from typing import Any

__all__ = ["candidates"]

#: At most this many forms per word, and this many candidates per name.
_PER_WORD = 6
_PER_NAME = 24


@lru_cache(maxsize=2)
def _analyser(language: str) -> Any:
    # pymorphy3 loads its dictionaries (tens of MB) when built: only on first use
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=language)


def _match_case(form: str, like: str) -> str:
    if like[:1].isupper():
        return "-".join(p[:1].upper() + p[1:] for p in form.split("-"))
    return form


@lru_cache(maxsize=4096)
def _word_forms(word: str, language: str, endings: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    forms: list[str] = [word]
    if language in ("ru", "uk"):
        # hyphenated names inflect each part ("Каменск-Шахтинского")
        parts = word.split("-")
        if len(parts) > 1:
            per_part = [_word_forms(p, language, endings)[:3] for p in parts]
            forms += ["-".join(combo) for combo in itertools.product(*per_part)]
        else:
            for parse in _analyser(language).parse(word)[:4]:
                if parse.tag.POS in ("VERB", "INFN", "GRND", "PRTF", "PRTS"):
                    continue
                nominative = parse.inflect({"nomn"})
                if nominative is not None:
                    forms.append(_match_case(nominative.word, word))
                forms.append(_match_case(parse.normal_form, word))
        lowered = word.casefold()
        for ending, replacement in endings:
            if lowered.endswith(ending) and len(word) - len(ending) >= 3:
                forms.append(word[: len(word) - len(ending)] + replacement)
    return tuple(dict.fromkeys(f for f in forms if f))[: _PER_WORD + 1]


def candidates(name: str, language: str, endings: tuple[tuple[str, str], ...]) -> list[str]:
    """Forms of ``name`` to look up, most likely first; the name as written is always one.

    Examples
    --------
    >>> candidates("Новопавловку", "ru", ())[:2]
    ['Новопавловку', 'Новопавловка']
    >>> candidates("Pokrovsk", "en", ())
    ['Pokrovsk']
    """
    words = name.split()
    per_word = [_word_forms(w, language, endings) for w in words]
    out: list[str] = []
    # the analysed forms first (each word's second form is its first nominative), then all
    for combo in itertools.islice(itertools.product(*per_word), _PER_NAME * 4):
        out.append(" ".join(combo))
    ordered = [name]
    if len(per_word) and all(len(f) > 1 for f in per_word):
        ordered.append(" ".join(f[1] for f in per_word))
    ordered += out
    return list(dict.fromkeys(ordered))[:_PER_NAME]
