"""Names across languages, scripts and transliterations: transliteration and matching.

One person appears as *Марыя Калеснікава* (Belarusian), *Мария Колесникова* (Russian),
*Maryia Kalesnikava* (passport style), *Maria Kolesnikova*, *Maryja Kaleśnikava* (Łacinka).
:func:`match_names` tells whether two spellings can be one person, with the reasons;
:meth:`Name.parse <belarus_repression.Name.parse>` splits a full name written as text, and
every function here that takes a name takes such a text too.

How: every spelling is reduced to *keys*, a rough phonetic skeleton in which the differences
between the languages and systems disappear — Belarusian akanye (*Калеснікава*/*Колесникова*:
о and а alike), tsekanne and dzekanne (ц/т, дз/д before soft vowels), ў for в, ы/і/и,
е/я/э; and the systems' ways of writing ж ш ч х ц ю я, diacritics included (ISO 9's *â* is
*ja*, as ALA-LC's *i͡a* is).  A Latin spelling of unknown system is read every way a system
could have written it, and so is one whose spelling does not fit the system it is tagged
with (:func:`fits`).  Given names are compared through a table
of Belarusian and Russian equivalents and short forms (*Uladzimir* = *Vladimir* = *Uladz*).
Surnames are gendered: *Tsikhanouski* and *Tsikhanouskaya* are two people.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import difflib
import functools
import json
import re
import unicodedata
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from importlib import resources
from typing import Final

import attrs

from ._errors import Problem, ValidationError, shorten
from ._models import Name
from ._translit import PASSPORT_KEYS, SYSTEMS, detect_language, transliterate
from ._vocab import Script, TransliterationSystem

__all__ = [
    "GivenName",
    "NameMatch",
    "detect_language",
    "fits",
    "given_group",
    "given_names",
    "jaro_winkler",
    "keys",
    "match_names",
    "transliterate",
]

# -- keys --------------------------------------------------------------------------------------

# A key is a rough phonetic skeleton in a small alphabet: a (а, о), e (е, ё, э, я), i (і, и, ы,
# й), u (у, ю), v (в, ў), g (г, ґ), x (х), t (т, ц), s (с, ш, щ), z (з, ж), c (ч), and the other
# consonants as themselves.  Every reading below turns a spelling into that alphabet.

_COMMON_TAIL: Final = (
    ("ia", "e"), ("ie", "e"), ("io", "e"), ("iu", "u"),
    ("a", "a"), ("b", "b"), ("d", "d"), ("e", "e"), ("f", "f"), ("g", "g"), ("i", "i"),
    ("k", "k"), ("l", "l"), ("m", "m"), ("n", "n"), ("o", "a"), ("p", "p"), ("r", "r"),
    ("s", "s"), ("t", "t"), ("u", "u"), ("v", "v"), ("z", "z"), ("h", "g"), ("y", "i"),
    ("j", "i"), ("w", "v"), ("q", "k"), ("x", "ks"), ("c", "t"),
)  # fmt: skip

# The letters with diacritics stand for one Cyrillic letter whichever system wrote them, and
# every reading reads them so: ISO 9 (ž č š ŝ è û â ǔ ë), ALA-LC (ĭ ė ŭ ë), the national
# system and Łacinka (ž č š ŭ ś ź ć ń ĺ ł), BS 2979 (ĭ ȳ é).  Any other accent is only an
# accent (see _fold), ISO 9's ì (і) too: і is i in every other system.
_DIACRITICS: Final = (
    ("šč", "s"), ("ŝ", "s"), ("č", "c"), ("š", "s"), ("ž", "z"),
    ("â", "e"), ("û", "u"), ("ŭ", "v"), ("ǔ", "v"), ("ĭ", "i"), ("ȳ", "i"),
    ("ë", "e"), ("ė", "e"), ("è", "e"), ("é", "e"),
    ("ś", "s"), ("ź", "z"), ("ć", "t"), ("ń", "n"), ("ĺ", "l"), ("ł", "l"),
)  # fmt: skip

#: How each family of systems writes the sounds, longest spellings first.
_READINGS: Final[dict[str, tuple[tuple[str, str], ...]]] = {
    # ICAO / passport, and ALA-LC: ю iu, я ia, ё io, й i, ў u, х kh, ц ts, ч ch, ш sh, щ shch
    "icao": (
        ("shch", "s"), ("kh", "x"), ("zh", "z"), ("ch", "c"), ("sh", "s"), ("ts", "t"),
        *_DIACRITICS, *_COMMON_TAIL,
    ),
    # BGN/PCGN and the English-style systems: ю yu, я ya, е ye, ё yo/yë, й y, ў w, ь ’
    "bgn": (
        ("shch", "s"), ("kh", "x"), ("zh", "z"), ("ch", "c"), ("sh", "s"), ("ts", "t"),
        ("yu", "u"), ("ya", "e"), ("ye", "e"), ("yo", "e"), ("yë", "e"),
        *_DIACRITICS, *_COMMON_TAIL,
    ),
    # national 2007 and Łacinka: ч č, ш š, ж ž, х ch, ц c, ў ŭ, й j, soft signs as acutes
    "national": (
        ("ch", "x"), ("c", "t"), ("ja", "e"), ("je", "e"), ("jo", "e"), ("ju", "u"),
        *_DIACRITICS, *_COMMON_TAIL,
    ),
    # ISO 9 / GOST 7.79 A and the older ISO and GOST tables: as the national system, but х h
    # (or x) and г g
    "iso": (
        ("h", "x"), ("x", "x"), ("c", "t"), ("ja", "e"), ("je", "e"), ("jo", "e"), ("ju", "u"),
        *_DIACRITICS, *_COMMON_TAIL,
    ),
    # GOST 7.79 B: ю yu, я ya, ё yo, й j, ы y', х x, ц cz/c, щ shh, ъ ``, ь `
    "gost": (
        ("shh", "s"), ("zh", "z"), ("ch", "c"), ("sh", "s"), ("cz", "t"), ("c", "t"),
        ("x", "x"), ("yu", "u"), ("ya", "e"), ("yo", "e"), *_DIACRITICS, *_COMMON_TAIL,
    ),
    # informal ASCII spellings with h for х (Tihonovich, Hvostenko), c for ц, j for ж and
    # sch or sc for щ (Telegram's and Yandex's schemes)
    "informal": (
        ("shch", "s"), ("sch", "s"), ("sc", "s"), ("kh", "x"), ("zh", "z"), ("ch", "c"),
        ("sh", "s"), ("ts", "t"), ("h", "x"), ("c", "t"), ("j", "z"),
        *_DIACRITICS, *_COMMON_TAIL,
    ),
    # French-style (the Russian passports' MVD 310 French table): ш ch, ч tch, щ chtch, ж j,
    # у ou, ю iou, г gu before e and i, кс x, -ин -ine
    "french": (
        ("chtch", "s"), ("tch", "c"), ("ch", "s"), ("kh", "x"), ("ts", "t"), ("dj", "z"),
        ("j", "z"), ("iou", "u"), ("ou", "u"), ("gu", "g"), ("x", "ks"),
        *_DIACRITICS, *_COMMON_TAIL,
    ),
}  # fmt: skip


def _compile(table: tuple[tuple[str, str], ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    """A reading as one pattern: the spellings in the table's order, then any other character.

    A pattern's alternatives are tried in order, so the first spelling of the table that
    starts at a position wins, as in the table.
    """
    pattern = re.compile("|".join(re.escape(latin) for latin, _ in table) + "|.", re.DOTALL)
    return pattern, dict(reversed(table))


_COMPILED: Final = {name: _compile(table) for name, table in _READINGS.items()}

#: Tie bars (ALA-LC's i͡a, t͡s), written as one double mark or as two half marks.
_TIES: Final = dict.fromkeys(map(ord, "\u0361\u035c\ufe20\ufe21\ufe22\ufe23"), None)
_KEPT: Final = frozenset("".join(latin for latin, _ in _DIACRITICS))


@functools.cache
def _bare(ch: str) -> str:
    """A character as the readings see it: a letter of a system, or a letter without accent."""
    if ch in _KEPT or ch.isascii():
        return ch
    decomposed = unicodedata.normalize("NFD", ch)
    if decomposed[0].isascii() and decomposed[0].isalpha():
        return decomposed[0]  # ô, ü, ý...: only an accent
    return "" if unicodedata.combining(ch) else ch


def _fold(text: str) -> str:
    """Lower case, tie bars dropped, one character for each letter with its diacritics."""
    low = unicodedata.normalize("NFC", text.lower().translate(_TIES))
    if low.isascii():
        return low
    return "".join(map(_bare, low))


def _squeeze(key: str) -> str:
    """Collapse doubled letters and the endings the languages write differently.

    Belarusian дз is Russian д (dzekanne: Дзянісаў, Денисов), as its ц is т (both t).  An
    i before a or u is one sound with it, as the passport spelling writes я and ю (*ia*,
    *iu*) and as it cannot tell them from і+а, ы+а, і+у: *Sykìaǔ* (ISO 9) is *Sykiau*.
    """
    key = key.replace("dz", "d").replace("ia", "e").replace("iu", "u")
    key = re.sub(r"(.)\1+", r"\1", key)
    return re.sub(r"ii$", "i", key)  # -скі / -ский, -skii, -skiy, -skij


_LACINKA_SOFT_L: Final = re.compile("l([aoue])")
_LACINKA_VOWEL: Final = {"a": "e", "o": "e", "u": "u", "e": "e"}


def _decode(low: str, reading: str) -> str:
    """The key of a folded word (see :func:`_fold`) read one way."""
    if reading == "lacinka":  # a soft l before a, o, u, e is ля, лё, лю, ле
        low = _LACINKA_SOFT_L.sub(lambda m: "l" + _LACINKA_VOWEL[m[1]], low)
        reading = "national"
    elif reading == "icao":  # ў is u: after a vowel and before a consonant it is the v of в
        low = _VOWEL_U_CONSONANT.sub("w", low)
    elif reading == "passport":  # the passport spelling of Cyrillic, its ў written w
        reading = "icao"
    elif reading == "french":  # -ин is -ine
        low = _FRENCH_INE.sub("in", low)
    pattern, table = _COMPILED[reading]
    return _squeeze("".join([table.get(token, "") for token in pattern.findall(low)]))


# ICAO writes ў as u: after a, e, o or y and before a consonant it is the v of в (-ouski,
# -auka); after i it is read as the iu of ю.
_VOWEL_U_CONSONANT: Final = re.compile(r"(?<=[aeoy])u(?=[^aeiouy]|$)")
_IU_BEFORE_CONSONANT: Final = re.compile(r"iu(?=[^aeiouy]|$)")


def _icao_variants(low: str) -> set[str]:
    """The passport spelling's readings: its iu before a consonant is ю, or і and ў."""
    first = _decode(low, "icao")
    if not _IU_BEFORE_CONSONANT.search(low):
        return {first}
    return {first, _decode(_IU_BEFORE_CONSONANT.sub("iw", low), "icao")}


_SYSTEM_READING: Final = {
    TransliterationSystem.ICAO: "icao",
    TransliterationSystem.BGN_PCGN: "bgn",
    TransliterationSystem.NATIONAL_2007: "national",
    TransliterationSystem.LACINKA: "lacinka",
    TransliterationSystem.GOST_7_79_B: "gost",
    TransliterationSystem.ALA_LC: "icao",
    TransliterationSystem.ISO_9: "iso",
}

# What a spelling shows of the systems that could have written it.
_CZECH_STYLE: Final = re.compile(r"[^\x00-\x7f]|c(?![hz])|j")  # national, Łacinka, ISO 9
_GOST_B_STYLE: Final = re.compile(r"cz|x|`|shh")
_INFORMAL_STYLE: Final = re.compile(r"(?<![kzcs])h|sch|j")
# French spellings show themselves by ou, tch, gu, -ine and j; ch is ш there but ч in the
# passport, so it is read both ways.
_FRENCH_STYLE: Final = re.compile(r"ou|ch|dj|gu[eiy]|ine$|j")
#: A j before a vowel: й, or the j of я ю ё е, in every standard system (Jana: Яна), ж only
#: in the informal and French ones (Janna: Жанна).
_J_BEFORE_VOWEL: Final = re.compile(r"j(?=[aeiouy])")
_FRENCH_INE: Final = re.compile(r"ine$")


def _unknown_system(low: str, strict: bool) -> set[str]:
    """The keys of a folded Latin word of unknown system: every reading that could write it.

    *strict* keeps a j before a vowel to its standard meaning in the informal and French
    readings too: a given name read as two names would match both (*Janna*: Яна or Жанна).
    """
    found = _icao_variants(low)
    readings = ["bgn"]
    if _CZECH_STYLE.search(low):
        readings += ["national", "lacinka", "iso"]
    elif "ch" in low:  # х in the national system, Łacinka, Czech and German; ч in English
        readings.append("national")
    if _GOST_B_STYLE.search(low):
        readings.append("gost")
    if low.isascii():
        informal = _INFORMAL_STYLE.search(low)
        french = _FRENCH_STYLE.search(low)
        if strict and (informal or french):
            low = _J_BEFORE_VOWEL.sub("y", low)
        if informal:
            found.add(_decode(low, "informal"))
        if french:
            found.add(_decode(low, "french"))
    return found | {_decode(low, r) for r in readings}


def _tagged(low: str, system: TransliterationSystem) -> set[str]:
    """The keys of a folded Latin word as its system writes, for a system that has a reading."""
    reading = _SYSTEM_READING[system]
    return _icao_variants(low) if reading == "icao" else {_decode(low, reading)}


_NATIONAL_LETTERS: Final = "čšžŭźĺńść"
# What a system never writes: the letters it has, and spellings it cannot make (ICAO writes
# я as ia, so never ya; BGN/PCGN writes it ya, so never ia; GOST writes х as x, so its h is
# only in zh ch sh; the national system writes ш ж х as š ž ch; ISO 9 writes ж х ч as ž h č).
_ICAO_MISFIT: Final = re.compile(r"[jqwx]|c(?!h)|^y|y[aou]")
_NATIONAL_MISFIT: Final = re.compile(r"[qwx]|y[aeou]|zh|kh|sh")
_FIT: Final[dict[TransliterationSystem, tuple[str, re.Pattern[str]]]] = {
    TransliterationSystem.ICAO: ("", _ICAO_MISFIT),
    TransliterationSystem.ALA_LC: ("ĭėëŭʹʺ", _ICAO_MISFIT),
    TransliterationSystem.BGN_PCGN: ("ë", re.compile(r"[jqx]|c(?!h)|i[au]")),
    TransliterationSystem.NATIONAL_2007: (_NATIONAL_LETTERS, _NATIONAL_MISFIT),
    TransliterationSystem.LACINKA: (_NATIONAL_LETTERS + "ł", _NATIONAL_MISFIT),
    TransliterationSystem.GOST_7_79_B: ("", re.compile(r"[qw]|(?<![zcs])h|i[au]")),
    TransliterationSystem.ISO_9: ("žčšŝëèûâìǔʹʺ", re.compile(r"[qwx]|[kzc]h|y[aeou]")),
}


def fits(text: str, system: TransliterationSystem) -> bool:
    """Whether a Latin spelling could have been written by a transliteration system.

    A check of the letters and of spellings the system never makes, not a proof: *Yahor*
    does not fit ``icao`` (whose form is *Iahor*), *Maria* does not fit ``bgn_pcgn`` (whose
    form is *Mariya*).  :func:`keys` reads a word that does not fit its tag as a word of
    unknown system.

    Args:
        text: A Latin word.
        system: The system it is tagged with.

    Returns:
        ``False`` when the spelling has a letter or a spelling the system never writes;
        ``True`` otherwise, and for ``other``.

    .. versionadded:: 0.2.0
    """
    if system not in _FIT:
        return True
    extra, misfit = _FIT[system]
    low = unicodedata.normalize("NFC", text.lower().translate(_TIES))
    if any(ch.isalpha() and not ("a" <= ch <= "z" or ch in extra) for ch in low):
        return False
    return misfit.search(low) is None


def _is_cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u052f" for ch in text)


def keys(
    text: str, script: Script | None = None, system: TransliterationSystem | None = None
) -> set[str]:
    """The keys of one word of a name: one for Cyrillic, one or more for Latin.

    A Cyrillic word is read through its passport-style (ICAO) spelling, in the language its
    letters show (Belarusian when they could be either), so that the two always agree.  A
    Latin word is read by its tagged *system*, or by every system that could have written
    it when it has no tag.  The tag is a hint: a spelling that does not fit it (see
    :func:`fits`: *Yahor* tagged ``icao``, whose passport form is *Iahor*) is read as a
    word of unknown system.  Diacritics are read, not dropped: *â* is *ja* (я), *û* *ju*
    (ю), *č* *ch*, *ŭ* and *ǔ* the *w* of ў, *ĭ* *j*, *ė* and *è* *e*; ALA-LC's tie bars
    and primes, and any other accent, do not count.
    *Калеснікава*, *Колесникова*, *Kalesnikava* and *Kolesnikova* all have the key
    ``kalesnikava``; *Belâckij* (ISO 9), *Bi͡ali͡atski* (ALA-LC) and *Belyatsky* have the
    key of *Бяляцкі*.

    Args:
        text: One word of a name, in any script.
        script: Not used: the script is read from the letters, so that a name whose tag
            says Latin but which is written in Cyrillic is still read as Cyrillic.
        system: The transliteration system a Latin word is tagged with, if any.

    Returns:
        The word's keys; ``{""}`` for an empty word.

    .. versionchanged:: 0.2.0
       The letters decide the script; a tag that the spelling does not fit is ignored;
       diacritics are read (ISO 9, ALA-LC) rather than dropped.
    """
    del script  # the letters decide
    return set(_keys(text, system))


@functools.lru_cache(maxsize=1 << 17)
def _keys(text: str, system: TransliterationSystem | None, strict: bool = False) -> frozenset[str]:
    """The keys of a word (see :func:`keys`); *strict* for a given name or patronymic."""
    if not text.strip():
        return frozenset({""})
    if _is_cyrillic(text):
        low = unicodedata.normalize("NFC", text.lower())
        lang = detect_language(low) or "be"
        return frozenset({_decode(_fold(low.translate(PASSPORT_KEYS[lang])), "passport")})
    low = _fold(text)
    if system in _SYSTEM_READING and fits(text, system):
        return frozenset(_tagged(low, system))
    return frozenset(_unknown_system(low, strict))


# -- given names -------------------------------------------------------------------------------


@attrs.frozen
class GivenName:
    """One given name in the shared table: its Cyrillic forms and common Latin spellings.

    Attributes:
        cyrillic: The Belarusian form, the Russian form, then other spellings, short and folk
            forms.
        latin: Common Latin spellings, the Belarusian passport spelling first.

    .. versionadded:: 0.2.0
    """

    cyrillic: tuple[str, ...]
    latin: tuple[str, ...]

    @property
    def belarusian(self) -> str:
        """The Belarusian form."""
        return self.cyrillic[0]

    @property
    def russian(self) -> str:
        """The Russian form."""
        return self.cyrillic[1]


@functools.cache
def given_names() -> tuple[GivenName, ...]:
    """The one table of given names, read from the package's data on first use.

    The name matcher, the importers (to tell a surname-first name) and the synthetic
    population all read it.  The number of a name in this table is its group number
    (:func:`given_group`).

    .. versionadded:: 0.2.0
    """
    text = (
        resources.files("belarus_repression")
        .joinpath("data/given_names.json")
        .read_text(encoding="utf-8")
    )
    return tuple(
        GivenName(tuple(g["cyrillic"]), tuple(g["latin"])) for g in json.loads(text)["groups"]
    )


def __getattr__(name: str) -> object:
    # GIVEN_NAME_GROUPS: the Cyrillic forms of each group as one text, as before the table
    # moved to a data file; read on first use.
    if name == "GIVEN_NAME_GROUPS":
        return tuple(" ".join(g.cyrillic) for g in given_names())
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _group_table() -> dict[str, int]:
    table: dict[str, int] = {}
    untagged: list[tuple[str, int]] = []
    for number, group in enumerate(given_names()):
        for form in group.latin:  # the spellings the table lists come first
            for key in _keys(form, None, strict=True):
                table.setdefault(key, number)
        for form in group.cyrillic:
            for key in _keys(form, None, strict=True):
                table.setdefault(key, number)
            found = detect_language(form)
            langs = (found,) if found else ("be", "ru")  # a form either language writes
            for lang, system in SYSTEMS:
                if lang in langs:
                    latin = transliterate(form, lang, system)
                    for key in _tagged(_fold(latin), system):
                        table.setdefault(key, number)
                    # read without its tag, as most spellings come: Łacinka's Alaksandr is
                    # Аляксандр, not a word of its own
                    untagged += [(key, number) for key in _keys(latin, None, strict=True)]
    for key, number in untagged:  # after every group's own readings
        table.setdefault(key, number)
    return table


_GROUP_OF: dict[str, int] | None = None


def given_group(key: str) -> int | None:
    """The number of the given-name group a key belongs to, if any."""
    global _GROUP_OF  # noqa: PLW0603 - built once, on first use
    if _GROUP_OF is None:
        _GROUP_OF = _group_table()
    return _GROUP_OF.get(key)


# -- similarity --------------------------------------------------------------------------------


def jaro_winkler(a: str, b: str) -> float:
    """The Jaro-Winkler similarity of two strings (1.0: equal)."""
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    window = max(len(a), len(b)) // 2 - 1
    a_hits = [False] * len(a)
    b_hits = [False] * len(b)
    matches = 0
    for i, ch in enumerate(a):
        for j in range(max(0, i - window), min(len(b), i + window + 1)):
            if not b_hits[j] and b[j] == ch:
                a_hits[i] = b_hits[j] = True
                matches += 1
                break
    if not matches:
        return 0.0
    a_chars = [c for c, hit in zip(a, a_hits, strict=True) if hit]
    b_chars = [c for c, hit in zip(b, b_hits, strict=True) if hit]
    transpositions = sum(x != y for x, y in zip(a_chars, b_chars, strict=True)) / 2
    jaro = (matches / len(a) + matches / len(b) + (matches - transpositions) / matches) / 3
    prefix = 0
    for x, y in zip(a[:4], b[:4], strict=False):
        if x != y:
            break
        prefix += 1
    return jaro + prefix * 0.1 * (1 - jaro)


_similarity: Final = functools.lru_cache(maxsize=1 << 16)(jaro_winkler)


def _best(a: Iterable[str], b: Iterable[str]) -> tuple[float, str, str]:
    """The two most alike keys of two words, and how alike: 1.0 at once for a shared key."""
    shared = max(set(a).intersection(b), default=None)
    if shared is not None:
        return 1.0, shared, shared
    return max((_similarity(x, y), x, y) for x in a for y in b)


# -- surnames and gender -----------------------------------------------------------------------

_FEMALE_ENDINGS: Final = ("skae", "ska", "tska", "ava", "eva", "ina", "ae")
_MALE_ENDINGS: Final = ("ski", "tski", "av", "ev", "in", "ii", "i")


def _surname_gender(key: str) -> str | None:
    """``f``/``m`` when a surname's ending says the gender, else ``None`` (-enka, -ovich...)."""
    if key.endswith(("enka", "enk", "ich", "uk", "ik", "ka", "ok", "ets", "ovich", "evich")):
        return None
    for ending in _FEMALE_ENDINGS:
        if key.endswith(ending) and len(key) > len(ending) + 1:
            return "f"
    for ending in _MALE_ENDINGS:
        if key.endswith(ending) and len(key) > len(ending) + 1:
            return "m"
    return None


def _gendered_pair(a: str, b: str) -> bool:
    """Whether two surname keys are the male and female forms of one surname."""
    ga, gb = _surname_gender(a), _surname_gender(b)
    if ga is None or gb is None or ga == gb:
        return False
    stem_a, stem_b = (
        re.sub(r"(skae|ska|ski|ava|av|ina|in|ae|ii|i)$", "", a),
        re.sub(r"(skae|ska|ski|ava|av|ina|in|ae|ii|i)$", "", b),
    )
    return jaro_winkler(stem_a, stem_b) >= 0.9


# -- matching ----------------------------------------------------------------------------------

_CONSONANTS: Final = frozenset("bcdfgklmnprstxz")
#: Consonants that two spellings of one name write for each other: ш and ч (French ch is ш,
#: the passport's ч), г and х (ISO 9's h is х, the passport's г), к and х.
_INTERCHANGED: Final = frozenset(map(frozenset, ("sc", "gx", "kx")))
#: Vowels that no two spellings of one name write for each other (а/о and е/я do, after
#: the hard Belarusian ж ч ш р: *Чарнецкі*, *Чернецкий*; so do е and і).
_OTHER_VOWELS: Final = frozenset(map(frozenset, ("ai", "au", "iu", "eu")))


@functools.lru_cache(maxsize=1 << 16)
def _consonant_swap(x: str, y: str) -> str | None:
    """A consonant of one key that the other lacks or has another for, as ``r / d``.

    The v of ў counts after i (ы, і), where every reading of a spelling that could hide a ў
    has a key with it and one without: one surname has it, the other not.
    """
    matcher = difflib.SequenceMatcher(None, x, y, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        p, q = x[i1:i2], y[j1:j2]
        if tag == "equal":
            continue
        if tag == "replace":  # one letter for another
            pair = frozenset((p, q))
            if ({p, q} <= _CONSONANTS and pair not in _INTERCHANGED) or pair in _OTHER_VOWELS:
                return f"{p} / {q}"
        elif p + q == "v":  # the v of ў, inserted or deleted
            if x[i1 - 1 : i1] == "i" and y[j1 - 1 : j1] == "i":
                return f"{x[i1 - 1 : i2 + 1]} / {y[j1 - 1 : j2 + 1]}"
        elif _CONSONANTS.intersection(p + q):  # inserted or deleted consonants
            return f"{x[max(i1 - 1, 0) : i2 + 1]} / {y[max(j1 - 1, 0) : j2 + 1]}"
    return None


def _other_consonant(a: AbstractSet[str], b: AbstractSet[str]) -> str | None:
    """A letter in which every close reading of two surnames differs, if there is one.

    Spellings of one surname differ in akanye and yakanne (а/о, е/я), in the v of ў after a
    vowel and in the i of й, not in a consonant or another vowel: *Šyravič* and *Šydavič*,
    *Nuryjec* and *Nuryžajec*, *Sylovskij* and *Sylivskij* are two surnames, however alike.
    """
    swaps = [_consonant_swap(x, y) for x in a for y in b if _similarity(x, y) >= SAME]
    return None if not swaps or None in swaps else swaps[0]


SAME: Final = 0.92
DIFFERENT: Final = 0.80


@attrs.frozen
class NameMatch:
    """Whether two spellings can be one person's name.

    Attributes:
        score: From 0 (nothing alike) to 1 (the same keys).
        verdict: ``same``, ``different`` or ``uncertain``.
        reasons: What the verdict rests on, in words.

    .. versionadded:: 0.1.0
    """

    score: float
    verdict: str
    reasons: tuple[str, ...]


def _parts(name: Name) -> tuple[frozenset[str], frozenset[str], frozenset[str] | None]:
    # the letters, not the script tag, say how a word is read (see keys); a given name is
    # read strictly, as a reading of it may be another name (_unknown_system)
    return (
        _keys(name.given, name.system, strict=True),
        _keys(name.family, name.system),
        None if not name.patronymic else _keys(name.patronymic, name.system, strict=True),
    )


def _given_score(a: AbstractSet[str], b: AbstractSet[str]) -> tuple[float, str]:
    groups_a = {given_group(k) for k in a} - {None}
    groups_b = {given_group(k) for k in b} - {None}
    if groups_a & groups_b:
        return 1.0, "the given names are forms of one name"
    score, x, y = _best(a, b)
    if groups_a and groups_b and score < 1.0:
        return min(score, 0.7), f"the given names are different names ({x} / {y})"
    return score, f"given names alike to {score:.2f} ({x} / {y})"


_PATRONYMIC_ENDING: Final = re.compile(r"(avic|evic|ovic|ic|avna|evna|ovna|icna|na)$")


def _father_group(patronymics: AbstractSet[str]) -> set[int]:
    """The given-name groups of the father a patronymic names (*Zmitseravich*: Dzmitry)."""
    groups = set()
    for key in patronymics:
        stem = _PATRONYMIC_ENDING.sub("", key)
        for candidate in (stem, stem + "i", stem + "a", stem.rstrip("e")):
            group = given_group(candidate)
            if group is not None:
                groups.add(group)
    return groups


def _compare(a: Name, b: Name, swap: bool) -> tuple[float, str, list[str]]:
    given_a, family_a, patronymic_a = _parts(a)
    given_b, family_b, patronymic_b = _parts(b)
    if swap:
        given_b, family_b = family_b, given_b
    reasons = ["compared with the second name's order swapped"] if swap else []
    family, fx, fy = _best(family_a, family_b)
    # a reading in which the surnames agree outweighs another in which they look gendered
    if family < 1.0 and any(_gendered_pair(x, y) for x in family_a for y in family_b):
        reasons.append(f"the surnames are the male and female forms of one name ({fx} / {fy})")
        return min(family, 0.5), "different", reasons
    reasons.append(f"surnames alike to {family:.2f} ({fx} / {fy})")
    if SAME <= family < 1.0:
        other = _other_consonant(family_a, family_b)
        if other is not None:
            family = min(family, SAME - 0.01)
            reasons.append(f"but one has another letter ({other})")
    given, why = _given_score(given_a, given_b)
    reasons.append(why)
    score = (family + given) / 2
    if patronymic_a and patronymic_b:
        patronymic, px, py = _best(patronymic_a, patronymic_b)
        if _father_group(patronymic_a) & _father_group(patronymic_b):
            patronymic = 1.0
        reasons.append(f"patronymics alike to {patronymic:.2f} ({px} / {py})")
        if patronymic < DIFFERENT:
            return min(score, 0.6), "different", reasons
    if family >= SAME and given >= SAME:
        return score, "same", reasons
    if family < DIFFERENT or given < DIFFERENT:
        return min(score, 0.7), "different", reasons
    return score, "uncertain", reasons


def match_names(a: Name | str, b: Name | str) -> NameMatch:
    """Whether two name forms, in any script, language and system, can be one person's.

    Surnames must agree (their gendered forms do not: *Tsikhanouski* is not
    *Tsikhanouskaya*), given names must be forms of one name, and patronymics, when both are
    given, must agree.  A name is also compared with its order swapped (surname first), as
    sources write it so now and then.  Each word is read by its letters, whatever the
    name's ``script`` says, and a ``system`` tag is only a hint (see :func:`keys`).

    Args:
        a: A :class:`~belarus_repression.Name`, or a full name as text, which is read by
            :meth:`Name.parse <belarus_repression.Name.parse>`.
        b: The other name, likewise.

    Returns:
        The score, the verdict (``same``, ``different`` or ``uncertain``) and its reasons.

    Raises:
        ValidationError: for a text that :meth:`Name.parse <belarus_repression.Name.parse>`
            cannot split.
        TypeError: for anything that is neither a name nor a text.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Takes text as well as names; reads words by their letters; tags are hints.
    """
    a, b = _as_name(a), _as_name(b)
    score, verdict, reasons = _compare(a, b, swap=False)
    if verdict != "same":
        swapped = _compare(a, b, swap=True)
        if swapped[1] == "same" or (swapped[0] > score and verdict != "different"):
            score, verdict, reasons = swapped
    return NameMatch(round(score, 3), verdict, tuple(reasons))


def _as_name(value: Name | str) -> Name:
    """A name, or a full name as text read by :func:`parse_name`."""
    if isinstance(value, Name):
        return value
    if isinstance(value, str):
        return parse_name(value)
    raise TypeError(f"expected a Name or a text, not {type(value).__name__}: {value!r}")


# -- parsing -----------------------------------------------------------------------------------

#: Patronymic endings, on keys: -ovich -evich -avich, -ovna -evna -auna, -ichna.
_PATRONYMIC_KEY: Final = re.compile(r"(?:av|ev)(?:ic|na)$|icna$")
#: Surname endings, on keys, that no gendered ending covers (-enka, -vich, -uk, -ik, -ets).
_SURNAME_KEY: Final = re.compile(r"(?:enka|vic|uk|ik|ets)$")
_LETTER: Final = re.compile(r"[^\W\d_]")


def _refuse(text: str, message: str) -> ValidationError:
    return ValidationError([Problem("value.invalid", message, value=shorten(text)).at(path="text")])


def _given_like(words: set[str]) -> int:
    return 2 if any(given_group(k) is not None for k in words) else 0


def _family_like(word: str, words: set[str], shouting: bool) -> int:
    """How much a word looks like a surname: its ending, and capitals in a mixed-case name."""
    ending = any(_surname_gender(k) is not None or _SURNAME_KEY.search(k) for k in words)
    return int(ending) + 2 * (shouting and word.isupper() and len(word) > 1)


def _patronymic_like(words: set[str]) -> int:
    return 2 if any(_PATRONYMIC_KEY.search(k) for k in words) else 0


def _order(
    words: list[str], system: TransliterationSystem | None
) -> tuple[str, str, str | None, bool]:
    """(given, family, patronymic, told) of two or three words, in the likelier order.

    *told* is false when nothing told the two orders apart (the given name is then taken
    to come first).
    """
    read = [keys(w, system=system) for w in words]
    shouting = not all(w.isupper() for w in words)
    given = [_given_like(k) for k in read]
    family = [_family_like(w, k, shouting) for w, k in zip(words, read, strict=True)]
    if len(words) == 2:
        surname_first, given_first = family[0] + given[1], given[0] + family[1]
        if surname_first > given_first:
            return words[1], words[0], None, True
        return words[0], words[1], None, given_first > surname_first
    patronymic = [_patronymic_like(k) for k in read]
    surname_first = family[0] + given[1] + patronymic[2]
    given_first = given[0] + patronymic[1] + family[2]
    if surname_first > given_first:
        return words[1], words[0], words[2], True
    return words[0], words[2], words[1], given_first > surname_first


def parse_name(
    text: str, *, lang: str | None = None, system: TransliterationSystem | str | None = None
) -> Name:
    """Split a full name into a :class:`~belarus_repression.Name`: see :meth:`Name.parse`."""
    return read_name(text, lang=lang, system=system)[0]


def read_name(
    text: str, *, lang: str | None = None, system: TransliterationSystem | str | None = None
) -> tuple[Name, bool]:
    """Split a full name as :meth:`Name.parse` does; and whether its order was told.

    The order is told by a comma, or by the given-name table, surname and patronymic endings
    or capitals favouring one order; when nothing favours either, the given name is taken to
    come first and *told* is false (an importer warns ``name.order``).
    """
    try:
        tag = None if system is None else TransliterationSystem(system)
    except ValueError:
        known = ", ".join(s.value for s in TransliterationSystem)
        problem = Problem("enum.unknown", f"not a transliteration system: one of {known}")
        raise ValidationError([problem.at(path="system")]) from None
    clean = " ".join(unicodedata.normalize("NFC", text).split())
    cyrillic = _is_cyrillic(clean)
    others = _LETTER.findall(re.sub("[\u0400-\u052f]", "", clean)) if cyrillic else []
    if others:
        shown = ", ".join(repr(ch) for ch in dict.fromkeys(others))
        raise _refuse(text, f"a Cyrillic name with letters of another script: {shown}")
    if not _LETTER.search(clean):
        raise _refuse(text, "a name needs letters")
    if "," in clean:  # Surname, Given [Patronymic]
        family, _, rest = (part.strip() for part in clean.partition(","))
        after = rest.split()
        if not family or not 1 <= len(after) <= 2 or "," in rest:
            raise _refuse(text, "expected 'Surname, Given' or 'Surname, Given Patronymic'")
        given, patronymic = after[0], (after[1] if len(after) == 2 else None)
        told = True
    else:
        words = clean.split()
        if len(words) == 1:
            raise _refuse(
                text,
                "one word cannot be split into a given and a family name: "
                "build Name(given=..., family=...) instead",
            )
        if len(words) > 3:
            raise _refuse(
                text,
                "more words than a given name, a patronymic and a family name: "
                "join the words of a double name with a hyphen, or build the Name",
            )
        given, family, patronymic, told = _order(words, tag)
    if lang is None:
        lang = (detect_language(clean) or "be") if cyrillic else "be"
    script = Script.CYRILLIC if cyrillic else Script.LATIN
    return Name(given, family, patronymic, lang=lang, script=script, system=tag), told
