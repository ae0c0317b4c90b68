"""Names across languages, scripts and transliterations: transliteration and matching.

One person appears as *Марыя Калеснікава* (Belarusian), *Мария Колесникова* (Russian),
*Maryia Kalesnikava* (passport style), *Maria Kolesnikova*, *Maryja Kaleśnikava* (Łacinka).
:func:`match_names` tells whether two spellings can be one person, with the reasons;
:meth:`Name.parse <belarus_repression.Name.parse>` splits a full name written as text, and
every function here that takes a name takes such a text too.

How: every spelling is reduced to *keys*, a rough phonetic skeleton in which the differences
between the languages and systems disappear — Belarusian akanye (*Калеснікава*/*Колесникова*:
о and а alike), tsekanne and dzekanne (ц/т, дз/д before soft vowels), ў for в or л, ы/і/и,
е/я/э; and the systems' ways of writing ж ш ч х ц ю я.  A Latin spelling of unknown system is
read every way a system could have written it, and so is one whose spelling does not fit
the system it is tagged with (:func:`fits`).  Given names are compared through a table
of Belarusian and Russian equivalents and short forms (*Uladzimir* = *Vladimir* = *Uladz*).
Surnames are gendered: *Tsikhanouski* and *Tsikhanouskaya* are two people.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Iterable
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
    ("j", "i"), ("w", "v"), ("q", "k"),
)  # fmt: skip

#: How each family of systems writes the sounds, longest spellings first.
_READINGS: Final[dict[str, tuple[tuple[str, str], ...]]] = {
    # ICAO / passport: ю iu, я ia, ё io, й i, ў u, х kh, ц ts, ч ch, ш sh, щ shch, ж zh
    "icao": (
        ("shch", "s"), ("kh", "x"), ("zh", "z"), ("ch", "c"), ("sh", "s"), ("ts", "t"),
        *_COMMON_TAIL,
    ),
    # BGN/PCGN: ю yu, я ya, е ye, ё yo/yë, й y, ў w, ь ’
    "bgn": (
        ("shch", "s"), ("kh", "x"), ("zh", "z"), ("ch", "c"), ("sh", "s"), ("ts", "t"),
        ("yu", "u"), ("ya", "e"), ("ye", "e"), ("yo", "e"), ("ë", "e"), *_COMMON_TAIL,
    ),
    # national 2007 and Łacinka: ч č, ш š, ж ž, х ch, ц c, ў ŭ, й j, soft signs as acutes
    "national": (
        ("ch", "x"), ("č", "c"), ("š", "s"), ("ž", "z"), ("ŭ", "v"), ("ć", "t"), ("c", "t"),
        ("ś", "s"), ("ź", "z"), ("ń", "n"), ("ĺ", "l"), ("ł", "l"),
        ("ja", "e"), ("je", "e"), ("jo", "e"), ("ju", "u"), *_COMMON_TAIL,
    ),
    # GOST 7.79 B: ю yu, я ya, ё yo, й j, ы y', х x, ц cz/c, щ shh, ъ ``, ь `
    "gost": (
        ("shh", "s"), ("zh", "z"), ("ch", "c"), ("sh", "s"), ("cz", "t"), ("c", "t"),
        ("x", "x"), ("yu", "u"), ("ya", "e"), ("yo", "e"), *_COMMON_TAIL,
    ),
}  # fmt: skip
# ICAO writes ў as u: after a, e, o or y and before a consonant it is the v of в (-ouski,
# -auka); after i it is read as the iu of ю.
_VOWEL_U_CONSONANT: Final = re.compile(r"(?<=[aeoy])u(?=[^aeiouy]|$)")


def _squeeze(key: str) -> str:
    """Collapse doubled letters and the endings the languages write differently."""
    key = re.sub(r"(.)\1+", r"\1", key)
    return re.sub(r"ii$", "i", key)  # -скі / -ский, -skii, -skiy, -skij


def _decode(text: str, reading: str) -> str:
    low = unicodedata.normalize("NFC", text.lower())
    if reading == "lacinka":  # a soft l before a, o, u, e is ля, лё, лю, ле
        low = re.sub(
            r"l([aoue])", lambda m: "l" + {"a": "e", "o": "e", "u": "u", "e": "e"}[m[1]], low
        )
        reading = "national"
    if reading == "icao":  # ў is u: after a vowel and before a consonant it is the v of в
        low = _VOWEL_U_CONSONANT.sub("w", low)
    table = _READINGS[reading]
    out = []
    i = 0
    while i < len(low):
        for latin, key in table:
            if low.startswith(latin, i):
                out.append(key)
                i += len(latin)
                break
        else:
            i += 1  # apostrophes, soft signs (’ ` '), accents: nothing of the key
    return _squeeze("".join(out))


_IU_BEFORE_CONSONANT: Final = re.compile(r"iu(?=[^aeiouy]|$)")


def _icao_variants(text: str) -> set[str]:
    """The passport spelling's readings: its iu before a consonant is ю, or і and ў."""
    first = _decode(text, "icao")
    low = text.lower()
    if not _IU_BEFORE_CONSONANT.search(low):
        return {first}
    return {first, _decode(_IU_BEFORE_CONSONANT.sub("iw", low), "icao")}


_SYSTEM_READING: Final = {
    TransliterationSystem.ICAO: "icao",
    TransliterationSystem.BGN_PCGN: "bgn",
    TransliterationSystem.NATIONAL_2007: "national",
    TransliterationSystem.NATIONAL_2023: "national",
    TransliterationSystem.LACINKA: "lacinka",
    TransliterationSystem.GOST_7_79_B: "gost",
    TransliterationSystem.ALA_LC: "icao",
}


def _unknown_system(text: str) -> set[str]:
    """The keys of a Latin word of unknown system: every reading that could have written it."""
    found = _icao_variants(text)
    readings = {"bgn"}
    low = text.lower()
    if any(ch in low for ch in "čšžŭćśźńĺł") or re.search(r"c(?![hz])|j", low):
        readings |= {"national", "lacinka"}
    if "cz" in low or "x" in low or "`" in low or "shh" in low:
        readings.add("gost")
    return found | {_decode(text, r) for r in readings}


def _tagged(text: str, system: TransliterationSystem) -> set[str]:
    """The keys of a Latin word as its system writes, for a system that has a reading."""
    reading = _SYSTEM_READING[system]
    return _icao_variants(text) if reading == "icao" else {_decode(text, reading)}


_NATIONAL_LETTERS: Final = "čšžŭźĺńść"
# What a system never writes: the letters it has, and spellings it cannot make (ICAO writes
# я as ia, so never ya; BGN/PCGN writes it ya, so never ia; GOST writes х as x, so its h is
# only in zh ch sh; the national system writes ш ж х as š ž ch).
_ICAO_MISFIT: Final = re.compile(r"[jqwx]|c(?!h)|^y|y[aou]")
_NATIONAL_MISFIT: Final = re.compile(r"[qwx]|y[aeou]|zh|kh|sh")
_FIT: Final[dict[TransliterationSystem, tuple[str, re.Pattern[str]]]] = {
    TransliterationSystem.ICAO: ("", _ICAO_MISFIT),
    TransliterationSystem.ALA_LC: ("ĭėë", _ICAO_MISFIT),
    TransliterationSystem.BGN_PCGN: ("ë", re.compile(r"[jqx]|c(?!h)|i[au]")),
    TransliterationSystem.NATIONAL_2007: (_NATIONAL_LETTERS, _NATIONAL_MISFIT),
    TransliterationSystem.NATIONAL_2023: (_NATIONAL_LETTERS, _NATIONAL_MISFIT),
    TransliterationSystem.LACINKA: (_NATIONAL_LETTERS + "ł", _NATIONAL_MISFIT),
    TransliterationSystem.GOST_7_79_B: ("", re.compile(r"[qw]|(?<![zcs])h|i[au]")),
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
    low = unicodedata.normalize("NFC", text.lower())
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
    word of unknown system.
    *Калеснікава*, *Колесникова*, *Kalesnikava* and *Kolesnikova* all have the key
    ``kalesnikava``.

    Args:
        text: One word of a name, in any script.
        script: Not used: the script is read from the letters, so that a name whose tag
            says Latin but which is written in Cyrillic is still read as Cyrillic.
        system: The transliteration system a Latin word is tagged with, if any.

    Returns:
        The word's keys; ``{""}`` for an empty word.

    .. versionchanged:: 0.2.0
       The letters decide the script; a tag that the spelling does not fit is ignored.
    """
    del script  # the letters decide
    if not text.strip():
        return {""}
    if _is_cyrillic(text):
        low = unicodedata.normalize("NFC", text.lower())
        lang = detect_language(low) or "be"
        return {_decode(low.translate(PASSPORT_KEYS[lang]), "icao")}
    if system in _SYSTEM_READING and fits(text, system):
        return _tagged(text, system)
    return _unknown_system(text)


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
    for number, group in enumerate(given_names()):
        for form in group.latin:  # the spellings the table lists come first
            for key in keys(form):
                table.setdefault(key, number)
        for form in group.cyrillic:
            for key in keys(form):
                table.setdefault(key, number)
            found = detect_language(form)
            langs = (found,) if found else ("be", "ru")  # a form either language writes
            for lang, system in SYSTEMS:
                if lang in langs:
                    for key in _tagged(transliterate(form, lang, system), system):
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


def _best(a: Iterable[str], b: Iterable[str]) -> tuple[float, str, str]:
    return max((jaro_winkler(x, y), x, y) for x in a for y in b)


# -- surnames and gender -----------------------------------------------------------------------

_FEMALE_ENDINGS: Final = ("skaia", "tskaia", "ska", "tska", "ava", "eva", "ina", "aia", "ia")
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
        re.sub(r"(skaia|ska|ski|ava|av|ina|in|aia|ii|i)$", "", a),
        re.sub(r"(skaia|ska|ski|ava|av|ina|in|aia|ii|i)$", "", b),
    )
    return jaro_winkler(stem_a, stem_b) >= 0.9


# -- matching ----------------------------------------------------------------------------------

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


def _parts(name: Name) -> tuple[set[str], set[str], set[str] | None]:
    # the letters, not the script tag, say how a word is read (see keys)
    return (
        keys(name.given, system=name.system),
        keys(name.family, system=name.system),
        None if not name.patronymic else keys(name.patronymic, system=name.system),
    )


def _given_score(a: set[str], b: set[str]) -> tuple[float, str]:
    groups_a = {given_group(k) for k in a} - {None}
    groups_b = {given_group(k) for k in b} - {None}
    if groups_a & groups_b:
        return 1.0, "the given names are forms of one name"
    score, x, y = _best(a, b)
    if groups_a and groups_b and score < 1.0:
        return min(score, 0.7), f"the given names are different names ({x} / {y})"
    return score, f"given names alike to {score:.2f} ({x} / {y})"


_PATRONYMIC_ENDING: Final = re.compile(r"(avic|evic|ovic|ic|avna|evna|ovna|icna|na)$")


def _father_group(patronymics: set[str]) -> set[int]:
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
