"""Transliteration of Belarusian and Russian Cyrillic into Latin script, by published standard.

Each system is a table of letters from its standard, with the standard's rules of context:

Belarusian
    ``icao``: ICAO Doc 9303 *Machine Readable Travel Documents*, Part 3 (8th ed., 2021),
    the Belarusian column of the transliteration table; it is the passport style of Belarus
    (Ministry of Internal Affairs instruction No. 200 of 28 June 2010) that Viasna and most
    English-language media use: *Aliaksandr*, *Tsikhanouski*, *Maryia*.
    ``national_2007``: *Instruction on transliteration of Belarusian geographical names with
    letters of Latin script* (State Committee on Land Resources, Geodesy and Cartography,
    2000, as modified on 11 June 2007; adopted by UNGEGN, 2007): *Viciebsk*, *Mahilioŭ*.
    ``bgn_pcgn``: BGN/PCGN romanization of Belarusian (1979): *Vitsyebsk*, *Mahilyow*.
    ``lacinka``: the classical Belarusian Latin alphabet (Łacinka), with its marking of the
    softness of ``с з ц н дз`` before a soft consonant: *Aleś Bialacki*, *Kaleśnikava*.
    ``ala_lc``: *ALA-LC Romanization Tables*, "Belarusian" (Library of Congress, 2012), with
    the table's tie bars, breves and primes: *Alesʹ Bi͡ali͡atski*, *Lukashėnka*.
    ``iso_9``: ISO 9:1995, identical to GOST 7.79-2000 System A (an interstate standard,
    in force in Belarus): one Latin letter for each Cyrillic letter, *Bâlâckì*, *Magìlëǔ*.

Russian
    ``icao``: ICAO Doc 9303, Part 3, the Russian column (mandated for Russian passports).
    ``bgn_pcgn``: BGN/PCGN romanization of Russian (1947).
    ``gost_7_79_b``: GOST 7.79-2000, System B (ASCII only).
    ``ala_lc``: *ALA-LC Romanization Tables*, "Russian" (Library of Congress, 2012):
    *Ulʹi͡anovsk*, *Groznyĭ*, *Ëlkin*.
    ``iso_9``: ISO 9:1995 / GOST 7.79-2000 System A: *Ûliâ*, *Belâckij*.

Every system can be asked for without its diacritics (``diacritics=False``), as catalogues
and the press often print ALA-LC: *Bialiatski*, *Ulianovsk*.

The revision of the Belarusian national system adopted in 2023 (State Property Committee
resolution No. 19 of 24 March 2023) is not here: its published table was not available to
the authors, the press reports only five of its letters, and nothing is guessed.
"""

# ruff: noqa: SIM905 - each table is its standard's row of letters, easiest read as a string

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Final

from ._errors import Problem, UnknownKeyError, ValidationError
from ._vocab import TransliterationSystem

__all__ = ["PASSPORT_KEYS", "SYSTEMS", "detect_language", "transliterate"]

_BE_VOWELS: Final = set("аеёіоуыэюя")
_RU_VOWELS: Final = set("аеёиоуыэюя")
_APOSTROPHES: Final = set("'’ʼ`")

# -- ICAO Doc 9303 -----------------------------------------------------------------------------

_ICAO_BE: Final = dict(
    zip(
        "абвгдеёжзійклмнопрстуўфхцчшыьэюя",
        "a b v h d e io zh z i i k l m n o p r s t u u f kh ts ch sh y _ e iu ia".split(),
        strict=True,
    )
)
_ICAO_RU: Final = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "a b v g d e e zh z i i k l m n o p r s t u f kh ts ch sh shch ie y _ e iu ia".split(),
        strict=True,
    )
)

# -- BGN/PCGN ----------------------------------------------------------------------------------

_BGN_BE: Final = dict(
    zip(
        "абвгдеёжзійклмнопрстуўфхцчшыьэюя",
        "a b v h d ye yo zh z i y k l m n o p r s t u w f kh ts ch sh y ’ e yu ya".split(),
        strict=True,
    )
)
_BGN_RU: Final = dict(
    zip(
        "абвгджзийклмнопрстуфхцчшщъыьэюя",
        "a b v g d zh z i y k l m n o p r s t u f kh ts ch sh shch ” y ’ e yu ya".split(),
        strict=True,
    )
)

# -- GOST 7.79-2000 System B -------------------------------------------------------------------

_GOST_B: Final = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхчшщъыьэюя",
        "a b v g d e yo zh z i j k l m n o p r s t u f x ch sh shh `` y' ` e` yu ya".split(),
        strict=True,
    )
)

# -- ALA-LC ------------------------------------------------------------------------------------
# ALA-LC Romanization Tables, "Belarusian" and "Russian" (Library of Congress, 2012): the small
# letters.  A capital is the small form with its first letter raised, and both letters that a
# tie bar joins into one (I͡A, T͡S, Z͡H: the tables' capital column; see _case).  The Belarusian
# table's obsolete and Taraškievica letters (и ї щ ъ ѣ) are not in the modern alphabet and
# are refused, as every system here refuses letters the language lacks.

_TIE: Final = "\u0361"
_ALA_LC_BE: Final = dict(
    zip(
        "абвгґдеёжзійклмнопрстуўфхцчшыьэюя",
        f"a b v h g d e i{_TIE}o z{_TIE}h z i ĭ k l m n o p r s t u ŭ f kh ts ch sh y ʹ ė "
        f"i{_TIE}u i{_TIE}a".split(),
        strict=True,
    )
)
_ALA_LC_RU: Final = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        f"a b v g d e ë zh z i ĭ k l m n o p r s t u f kh t{_TIE}s ch sh shch ʺ y ʹ ė "
        f"i{_TIE}u i{_TIE}a".split(),
        strict=True,
    )
)

# -- ISO 9:1995 = GOST 7.79-2000 System A --------------------------------------------------------
# One Latin letter (with its diacritics) for each Cyrillic letter, the same for every Slavic
# language: Table 1 of GOST 7.79-2000, the Russian and Belarusian columns.  The Belarusian
# apostrophe is ’.

_ISO_9_COMMON: Final = dict(
    zip(
        "абвгдеёжзйклмнопрстуфхцчшыьэюя",
        "a b v g d e ë ž z j k l m n o p r s t u f h c č š y ʹ è û â".split(),
        strict=True,
    )
)
_ISO_9_BE: Final = {**_ISO_9_COMMON, "і": "ì", "ў": "ǔ", "'": "’", "’": "’", "ʼ": "’"}
_ISO_9_RU: Final = {**_ISO_9_COMMON, "и": "i", "щ": "ŝ", "ъ": "ʺ"}

# -- Belarusian national 2007 and Łacinka --------------------------------------------------------

_NATIONAL: Final = dict(
    zip(
        "абвгґджзійклмнопрстуўфхцчшыэ",
        "a b v h g d ž z i j k l m n o p r s t u ŭ f ch c č š y e".split(),
        strict=True,
    )
)
_SOFTENED: Final = {"з": "ź", "л": "ĺ", "н": "ń", "с": "ś", "ц": "ć"}
_IOTATED: Final = {"е": "e", "ё": "o", "ю": "u", "я": "a"}


def _case(out: str, source: str, word_upper: bool) -> str:
    if not source.isupper() or not out:
        return out
    if word_upper:
        return out.upper()
    if out[1:2] == _TIE:  # two letters tied into one capital: I͡A, T͡S
        return out[0].upper() + _TIE + out[2:].upper()
    return out[0].upper() + out[1:]


def _words(text: str) -> list[tuple[str, bool]]:
    """The text split into runs of letters and others, with whether the run is all capitals."""
    runs: list[tuple[str, bool]] = []
    current = ""
    for ch in text:
        if current and ch.isalpha() != current[-1].isalpha() and ch not in _APOSTROPHES:
            runs.append((current, current.isupper() and len(current) > 1))
            current = ""
        current += ch
    if current:
        runs.append((current, current.isupper() and len(current) > 1))
    return runs


#: A rule: the Latin for the letter at index *i* of a lower-cased word; ``""`` drops it and
#: ``None`` passes it through unchanged.
Rule = Callable[[str, int], str | None]


def _convert(rule: Rule) -> Callable[[str], str]:
    """A transliterator from a rule: word by word, keeping capitals as the source has them."""

    def convert(text: str) -> str:
        out = []
        for word, upper in _words(text):
            low = word.lower()
            for i, ch in enumerate(word):
                latin = rule(low, i)
                if low[i] in _APOSTROPHES and latin is None:
                    latin = ""
                out.append(ch if latin is None else _case(latin, ch, upper))
        return "".join(out)

    return convert


def _by_table(table: dict[str, str]) -> Rule:
    def rule(low: str, i: int) -> str | None:
        latin = table.get(low[i])
        return None if latin is None else latin.replace("_", "")

    return rule


def _iotation_position(prev: str) -> bool:
    """Whether a е/ё/ю/я is read with a leading j.

    It is at the start of a word, after a vowel, an apostrophe, a soft sign or ў.
    """
    return prev == "" or prev in _BE_VOWELS or prev in _APOSTROPHES or prev in "ьў"


def _around(low: str, i: int) -> tuple[str, str]:
    return (low[i - 1] if i else ""), (low[i + 1] if i + 1 < len(low) else "")


def _national(low: str, i: int) -> str | None:
    """Belarusian national system (2007)."""
    c = low[i]
    prev, nxt = _around(low, i)
    if c == "ь":
        return ""
    if c in _IOTATED:
        return ("j" if _iotation_position(prev) else "i") + _IOTATED[c]
    if c in _SOFTENED and nxt == "ь":
        return _SOFTENED[c]
    return _NATIONAL.get(c)


_SOFT_AFTER: Final = set("іеёюяь")
_LACINKA_SOFT: Final = {"з": "ź", "н": "ń", "с": "ś", "ц": "ć"}
#: Consonants before whose soft form с з ц н are soft too (not velars, hushers, р, й, ў).
_ASSIMILATING: Final = set("бвдзлмнпсстфц")


def _soft(low: str, j: int) -> bool:
    """Whether the consonant at *j* is soft: followed by і, е, ё, ю, я or ь."""
    return j + 1 < len(low) and low[j + 1] in _SOFT_AFTER


def _lacinka(low: str, i: int) -> str | None:
    """Łacinka: ł for hard л, l for soft; ś ź ć ń for soft с з ц н.

    Soft also before a soft dental or labial consonant (сні: *śni*), as Łacinka marks it.
    """
    c = low[i]
    prev, nxt = _around(low, i)
    if c == "ь":
        return ""
    if c in _IOTATED:
        if prev == "л":
            return _IOTATED[c]
        return ("j" if _iotation_position(prev) else "i") + _IOTATED[c]
    if c == "л":
        return "l" if _soft(low, i) else "ł"
    if c in _LACINKA_SOFT and (nxt == "ь" or (nxt in _ASSIMILATING and _soft(low, i + 1))):
        return _LACINKA_SOFT[c]
    return _NATIONAL.get(c)


def _bgn_ru(low: str, i: int) -> str | None:
    """BGN/PCGN Russian: ye/yë where е/ё are read with a leading y, e/ë elsewhere."""
    c = low[i]
    prev, _ = _around(low, i)
    y = prev == "" or prev in _RU_VOWELS or prev in "йъь"
    if c == "е":
        return "ye" if y else "e"
    if c == "ё":
        return "yë" if y else "ë"
    return _BGN_RU.get(c)


def _gost_b(low: str, i: int) -> str | None:
    """GOST 7.79-2000 System B: ц is c before и, е, ы, й and cz elsewhere."""
    c = low[i]
    _, nxt = _around(low, i)
    if c == "ц":
        return "c" if nxt and nxt in "иеый" else "cz"
    return _GOST_B.get(c)


T = TransliterationSystem

#: Every system, by (language, system).
SYSTEMS: Final[dict[tuple[str, TransliterationSystem], Callable[[str], str]]] = {
    ("be", T.ICAO): _convert(_by_table(_ICAO_BE)),
    ("be", T.NATIONAL_2007): _convert(_national),
    ("be", T.BGN_PCGN): _convert(_by_table(_BGN_BE)),
    ("be", T.LACINKA): _convert(_lacinka),
    ("be", T.ALA_LC): _convert(_by_table(_ALA_LC_BE)),
    ("be", T.ISO_9): _convert(_by_table(_ISO_9_BE)),
    ("ru", T.ICAO): _convert(_by_table(_ICAO_RU)),
    ("ru", T.BGN_PCGN): _convert(_bgn_ru),
    ("ru", T.GOST_7_79_B): _convert(_gost_b),
    ("ru", T.ALA_LC): _convert(_by_table(_ALA_LC_RU)),
    ("ru", T.ISO_9): _convert(_by_table(_ISO_9_RU)),
}

#: What ``diacritics=False`` takes away besides the combining marks: the primes that stand
#: for the soft and hard signs (ALA-LC ʹ ʺ, and the ′ ″ often typed for them).
_PRIMES: Final = dict.fromkeys(map(ord, "ʹʺ′″"), None)
#: Two capitals tied into one, and the letter after them.
_TIED_CAPITALS: Final = re.compile(f"([A-Z]){_TIE}([A-Z])(?=([^\\W\\d_]))")


def _without_diacritics(text: str) -> str:
    """The text without combining marks and primes: I͡Akovlev → Iakovlev, Ĭoshkar → Ioshkar."""
    text = _TIED_CAPITALS.sub(lambda m: m[1] + (m[2].lower() if m[3].islower() else m[2]), text)
    bare = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", bare.translate(_PRIMES))


#: Every Cyrillic character: the Cyrillic block, its supplement and extensions.
_CYRILLIC: Final = re.compile("[\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f]")
_LANGUAGES: Final = {"be": "Belarusian", "ru": "Russian"}
# Letters only one of the two languages has, and spellings only one of them allows: the
# Belarusian р ч ш ж т д are always hard (no рь, че, тя...: дз ц stand for soft д т), while
# Russian never writes жы, шы, чы.  Э is in both alphabets.
_BE_SIGNS: Final = re.compile("[іў]|[жшч]ы", re.IGNORECASE)
_RU_SIGNS: Final = re.compile("[ищъ]|[рчшжтд][ьеёюя]", re.IGNORECASE)


def detect_language(text: str) -> str | None:
    """Whether Cyrillic text is Belarusian or Russian, from what only one language writes.

    Belarusian: і, ў and жы шы чы; Russian: и, щ, ъ and a soft р ч ш ж т д (*рь*, *че*,
    *тя*, ...).  Э, ё, ы and ь are in both alphabets and tell nothing.

    Args:
        text: Cyrillic text, such as a name.

    Returns:
        ``be`` or ``ru``, whichever has more signs in the text; ``None`` when neither has
        more (the text could be either, or mixes both).

    .. versionadded:: 0.2.0
    """
    be = len(_BE_SIGNS.findall(text))
    ru = len(_RU_SIGNS.findall(text))
    if be == ru:
        return None
    return "be" if be > ru else "ru"


def _unwritable(text: str, out: str, lang: str, system: TransliterationSystem) -> ValidationError:
    """The error for Cyrillic characters that a system of *lang* has no Latin for."""
    looks = detect_language(text)
    hint = ""
    if looks is not None and looks != lang:
        hint = f"; the text looks {_LANGUAGES[looks]}: pass lang={looks!r}"
    language = _LANGUAGES.get(lang, lang)
    problems = [
        Problem(
            "value.invalid",
            f"the letter {ch!r} is not in the {language} alphabet, so {lang}/{system.value} "
            f"has no Latin for it{hint}",
            value=repr(ch),
        ).at(path="text")
        for ch in dict.fromkeys(_CYRILLIC.findall(out))
    ]
    return ValidationError(problems)


def transliterate(
    text: str,
    lang: str = "be",
    system: TransliterationSystem | str = T.ICAO,
    *,
    diacritics: bool = True,
) -> str:
    """Write Belarusian (``be``) or Russian (``ru``) Cyrillic text in Latin letters.

    The result never holds a Cyrillic character.  A letter the chosen language's alphabet
    lacks (*і* and *ў* in Russian; *и*, *щ* and *ъ* in Belarusian; in both, a letter of
    another language, such as Ukrainian *ї*) is refused with a
    :class:`~belarus_repression.ValidationError` that names it: the language is never
    guessed here, since the two write one name differently.  Text is read in Unicode normal
    form C, so that a *й* typed as *и* and a breve is one letter.

    Args:
        text: The Cyrillic text; characters of other scripts (Latin letters, digits, spaces,
            hyphens) pass through.
        lang: ``be`` or ``ru``: the two languages spell and transliterate differently.
        system: The transliteration system (see the module's documentation for the
            standards): ``icao`` (passport style), ``national_2007``, ``bgn_pcgn``,
            ``lacinka``, ``ala_lc``, ``iso_9`` (Belarusian); ``icao``, ``bgn_pcgn``,
            ``gost_7_79_b``, ``ala_lc``, ``iso_9`` (Russian).
        diacritics: ``False`` for the system's letters without their diacritics, tie bars
            and primes (*Ali͡aksandr* → *Aliaksandr*, *Ûliâ* → *Ulia*), as ALA-LC is often
            printed.

    Returns:
        The text in Latin letters, with capitals where the source has them.

    Raises:
        UnknownKeyError: for a language and system this library has no table for.
        ValidationError: for a Cyrillic letter that the language lacks, one problem a letter.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       A letter the language lacks raises instead of passing through; ``ala_lc`` and
       ``iso_9``; ``diacritics=``.
    """
    try:
        key = (lang, TransliterationSystem(system))
        convert = SYSTEMS[key]
    except (ValueError, KeyError):
        known = [f"{lg}/{s.value}" for lg, s in SYSTEMS]
        raise UnknownKeyError(f"{lang}/{system}", known, "transliteration system") from None
    text = unicodedata.normalize("NFC", text)
    out = convert(text)
    if _CYRILLIC.search(out):
        raise _unwritable(text, out, lang, key[1])
    return out if diacritics else _without_diacritics(out)


def _passport_keys(table: dict[str, str], others: dict[str, str]) -> dict[int, str]:
    letters = {cyr: latin.replace("_", "") for cyr, latin in {**others, **table}.items()}
    return str.maketrans({**letters, "ў": "w", **dict.fromkeys(_APOSTROPHES, "")})


#: For the keys of names: a lower-case word's passport (ICAO) spelling in each language, with
#: ў written ``w`` (apart from the *u* of ю) and the other language's letters read as it
#: writes them, so that a word mixing the two alphabets still has a key.
PASSPORT_KEYS: Final = {
    "be": _passport_keys(_ICAO_BE, _ICAO_RU),
    "ru": _passport_keys(_ICAO_RU, _ICAO_BE),
}
