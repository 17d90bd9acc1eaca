"""Name matching shared by regions and places.

Reports spell Ukrainian names many ways: Ukrainian national romanisation (2010), BGN/PCGN,
Russian-based spellings, scholarly transliteration with diacritics and apostrophes, and Cyrillic
in Ukrainian or Russian. Two functions reduce a name to comparable keys:

* :func:`fold` is a *spelling* key: case, diacritics, apostrophes, soft signs, punctuation and
  spacing are ignored, and Cyrillic is transliterated; letters are otherwise kept.
  ``"Dnipropetrovs'k"`` and ``"DNIPROPETROVSK"`` fold alike.
* :func:`key` is a *transliteration* key on top of that: it merges the letters that the common
  systems render differently (``y``/``i``/``j``, ``kh``/``h``, ``g``/``h``, ``zh``/``z``,
  ``ch``/``c``, ``sh``/``s``, ``ts``/``c``) and collapses doubled letters, so ``"Makiivka"``,
  ``"Makiyivka"`` and ``"Макіївка"`` share one key, as do ``"Kupiansk"``, ``"Kupyansk"`` and
  ``"Купянск"``.

Latin letters that do not decompose into a base letter and a mark (Polish ``ł``, Danish and
Norwegian ``ø``, German ``ß``, Turkish ``ı``...) are folded by ``anyascii`` (a maintained,
ISC-licensed transliteration table), so ``"Łubny"`` folds like ``"Lubny"``. Cyrillic keeps
the Ukrainian table above, which ``anyascii`` (Russian-based) would render differently.

What matching does not do: it does not turn Russian vowels into Ukrainian ones
(``"Novopavlovka"`` and ``"Novopavlivka"`` differ in a vowel, not in transliteration); such forms
must come from a place's alternate names or be found by fuzzy matching, which callers rank below.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz import fuzz, process, utils

__all__ = [
    "GENERIC_WORDS",
    "check_name",
    "closest",
    "fold",
    "key",
    "romanize_uk",
    "strip_generic",
]

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh",
    "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n",
    "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu", "я": "ia", "ё": "e", "ы": "y",
    "э": "e", "ъ": "",
}  # fmt: skip
_TRANSLIT = str.maketrans(_CYRILLIC)
_APOSTROPHES = re.compile(r"['’ʼʻ`´‘\"«»“”]")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")

#: Words that name the kind of unit rather than the unit ("Dnipropetrovsk *Oblast*").
GENERIC_WORDS = frozenset(
    {
        "oblast", "oblasti", "region", "province", "obl", "area", "raion", "district",
        "oblast'", "область", "обл", "регион", "регіон", "the", "of",
    }
)  # fmt: skip
_GENERIC_KEYS = frozenset(
    _NON_ALNUM.sub("", w.casefold().translate(_TRANSLIT)) for w in GENERIC_WORDS
)


def check_name(name: object, what: str = "name") -> str:
    """Return ``name`` stripped, or raise ``ValueError`` for a non-string or empty value."""
    if not isinstance(name, str):
        raise ValueError(f"a {what} must be a string, got {type(name).__name__} {name!r}")
    stripped = name.strip()
    if not stripped:
        raise ValueError(f"a {what} must not be empty, got {name!r}")
    return stripped


def _words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _APOSTROPHES.sub("", text)
    # Keep Cyrillic letters intact until transliteration; strip Latin diacritics.
    decomposed = unicodedata.normalize("NFD", text)
    kept: list[str] = []
    for ch in decomposed:
        if unicodedata.combining(ch):
            # й and ї are a base letter plus a combining mark: keep them Cyrillic.
            if kept and kept[-1] in "иіі" and ch in "\u0306\u0308":
                kept[-1] = {"и\u0306": "й", "і\u0308": "ї"}.get(kept[-1] + ch, kept[-1])
            continue
        kept.append(ch)
    text = "".join(kept).translate(_TRANSLIT)
    if not text.isascii():  # Latin letters such as ł, ø, ß, ı that have no decomposition
        text = "".join(_latin(ch) for ch in text)
    return [w for w in _NON_ALNUM.split(text) if w]


@lru_cache(maxsize=1024)
def _latin(ch: str) -> str:
    """A Latin letter in ASCII (``anyascii``); other scripts' letters are left out, as before."""
    if ch.isascii():
        return ch
    if unicodedata.name(ch, "").startswith("LATIN "):
        return anyascii(ch).lower()
    return ""


def fold(text: str) -> str:
    """Spelling key: case, diacritics, apostrophes, punctuation and script ignored.

    Examples
    --------
    >>> fold("Dnipropetrovs'k")
    'dnipropetrovsk'
    >>> fold("Дніпропетровськ")
    'dnipropetrovsk'
    >>> fold("Ivano-Frankivsk")
    'ivanofrankivsk'
    >>> fold("Łuhańsk"), fold("Bełgorod-Dniestrowski"), fold("Nørre Ørsted")
    ('luhansk', 'belgoroddniestrowski', 'norreorsted')
    """
    return "".join(_words(text))


def strip_generic(text: str) -> str:
    """The spelling key with generic words ("oblast", "область", "region") removed.

    Examples
    --------
    >>> strip_generic("Dnipropetrovsk Oblast")
    'dnipropetrovsk'
    """
    words = [w for w in _words(text) if w not in _GENERIC_KEYS]
    return "".join(words) if words else fold(text)


_FOLDS = (
    ("shch", "s"),
    ("kh", "h"),
    ("zh", "z"),
    ("ch", "c"),
    ("sh", "s"),
    ("ts", "c"),
    ("tz", "c"),
    ("g", "h"),
    ("j", "i"),
    ("y", "i"),
    ("w", "v"),
    ("x", "ks"),
)
_DOUBLES = re.compile(r"(.)\1+")


def key(text: str) -> str:
    """Transliteration key: the common romanisations of one Ukrainian name agree.

    Examples
    --------
    >>> key("Makiivka") == key("Makiyivka") == key("Макіївка")
    True
    >>> key("Kupiansk") == key("Kupyansk") == key("Купянск") == key("Куп'янськ")
    True
    >>> key("Huliaipole") == key("Hulyaypole") == key("Gulyaypole")
    True
    >>> key("Novopavlovka") == key("Novopavlivka")
    False
    """
    text = fold(text)
    for a, b in _FOLDS:
        text = text.replace(a, b)
    return _DOUBLES.sub(r"\1", text)


#: Ukrainian national romanisation (Cabinet of Ministers resolution No. 55 of 27 January 2010),
#: lower case; :data:`_UK_INITIAL` holds the letters written differently at the start of a word.
_UK_2010 = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh",
    "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n",
    "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu", "я": "ia",
}  # fmt: skip
_UK_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_UK_APOSTROPHES = frozenset("'’ʼ‘`´")


def romanize_uk(text: str) -> str:
    """Ukrainian Cyrillic in Ukraine's national romanisation of 2010.

    The system of Cabinet of Ministers resolution No. 55 of 27 January 2010, letter for letter:
    є, ї, й, ю, я are ye, yi, y, yu, ya at the start of a word and ie, i, i, iu, ia elsewhere;
    зг is zgh (so that it is not read as ж); ь and apostrophes are dropped; г is h, ґ g, х kh,
    ц ts, ч ch, ш sh, щ shch, ж zh, и y, і i. Capitalisation is kept (a capital letter written
    with several Latin letters is capitalised, or all upper case inside an upper-case word);
    spaces, hyphens, digits and letters outside the Ukrainian alphabet are kept as they are.

    Examples
    --------
    >>> romanize_uk("Згурівка"), romanize_uk("Яготин"), romanize_uk("Куп'янськ")
    ('Zghurivka', 'Yahotyn', 'Kupiansk')
    >>> romanize_uk("Авдіївка"), romanize_uk("Запоріжжя"), romanize_uk("Гуляйполе")
    ('Avdiivka', 'Zaporizhzhia', 'Huliaipole')
    >>> romanize_uk("Біла Церква"), romanize_uk("Київ"), romanize_uk("ЩОРС")
    ('Bila Tserkva', 'Kyiv', 'SHCHORS')
    """
    text = unicodedata.normalize("NFC", text)
    out = []
    initial = True  # at the start of a word
    for i, ch in enumerate(text):
        low = ch.lower()
        if ch in _UK_APOSTROPHES:
            continue  # inside a word; the word goes on
        if low not in _UK_2010:
            out.append(ch)
            initial = not ch.isalpha()
            continue
        if low == "г" and i > 0 and text[i - 1].lower() == "з":
            latin = "gh"
        elif initial:
            latin = _UK_INITIAL.get(low, _UK_2010[low])
        else:
            latin = _UK_2010[low]
        initial = False
        if ch != low and latin:
            neighbours = (text[i - 1 : i] + text[i + 1 : i + 2]).replace("'", "")
            upper_word = any(c.isalpha() and c.isupper() for c in neighbours)
            latin = latin.upper() if upper_word else latin.capitalize()
        out.append(latin)
    return "".join(out)


def closest(
    query: str,
    choices: Sequence[str] | Iterable[str],
    *,
    limit: int = 5,
    score_cutoff: float = 0.0,
) -> list[str]:
    """The ``limit`` choices most similar to ``query`` (rapidfuzz WRatio on folded text).

    Only choices scoring at least ``score_cutoff`` (0-100) are returned, so a query like nothing
    on the list gets an empty list rather than arbitrary suggestions.

    Examples
    --------
    >>> closest("Dnipropetrovk", ["Donetsk Oblast", "Dnipropetrovsk Oblast", "Kyiv"], limit=1)
    ['Dnipropetrovsk Oblast']
    """
    choices = list(dict.fromkeys(choices))
    found = process.extract(
        fold(query),
        [fold(c) for c in choices],
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        limit=limit,
        score_cutoff=score_cutoff,
    )
    return [choices[i] for _, _, i in found]
