"""The record types: frozen attrs classes with typed fields.

Every record checks its own fields when it is built and reports *every* problem it finds at
once in a :class:`~belarus_repression.ValidationError` (not only the first), each located by
its field name.  Checks that need other records (references, overlaps) live in the dataset.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from typing import Any, Final

import attrs

from ._coerce import convert_fields, typed_test
from ._dates import PartialDate
from ._errors import Problem, ValidationError, shorten
from ._vocab import (
    EndReason,
    Gender,
    HealthCondition,
    Metric,
    ObservationKind,
    Recognition,
    RecordQualifier,
    Regime,
    Region,
    Role,
    Script,
    SentenceKind,
    TransliterationSystem,
)

__all__ = [
    "FIGURE_FILTER_KEYS",
    "ArticleRef",
    "Conviction",
    "CustodySpell",
    "Name",
    "Observation",
    "PardonWave",
    "Person",
    "ReportedFigure",
    "Sentence",
    "Source",
    "Term",
]

_ARTICLE: Final = re.compile(r"[1-9]\d{0,2}(?:-[1-9]\d?)?")
_LANG: Final = re.compile(r"[a-z]{2,3}")
_COUNTRY: Final = re.compile(r"[A-Z]{2}")

#: The keys a published figure's ``filter`` may use.
FIGURE_FILTER_KEYS: Final = frozenset({"gender", "role", "region", "article", "citizenship"})

#: Punishments served in a place of deprivation of liberty that can carry a regime.
_REGIME_KINDS: Final = frozenset({SentenceKind.IMPRISONMENT, SentenceKind.LIFE})


#: Counts and amounts are below this: 18 digits, which every CSV reader, DataFrame (int64) and
#: database integer holds, so that whatever loads can be saved and read back.
COUNT_LIMIT: Final = 10**18


class _Checks:
    """Collects the problems of one record, each under its field name."""

    __slots__ = ("problems",)

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, code: str, field: str, message: str, value: object = None) -> None:
        shown = None if value is None else shorten(value)
        self.problems.append(Problem(code, message, value=shown).at(path=field))

    def id(self, field: str, value: str) -> None:
        if not value.strip():
            self.add("id.empty", field, "an id must not be empty", value)

    def ids(self, field: str, values: Iterable[str]) -> None:
        for i, value in enumerate(values):
            self.id(f"{field}[{i}]", value)

    def count(self, field: str, value: int | None) -> None:
        if value is not None and value < 0:
            self.add("count.negative", field, "must not be negative", value)
        elif value is not None and value >= COUNT_LIMIT:
            self.add("count.too_large", field, "must be below 10^18", value)

    def span(self, start: str, end: str, a: PartialDate | None, b: PartialDate | None) -> None:
        if a is not None and b is not None and b.certainly_before(a):
            self.add("range.reversed", end, f"{end} {b} is before {start} {a}", str(b))

    def raise_if_any(self) -> None:
        if self.problems:
            raise ValidationError(self.problems)


#: The generated "every field already has its type" test of each record type.
_TYPED: Final[dict[type[Any], Callable[[Any], bool]]] = {}


def convert_or_refuse(record: Any) -> None:
    """Convert the fields of a just-built record in place, or raise for every bad one.

    A record whose fields all have their types already costs one generated type test.
    """
    cls: type[Any] = type(record)
    typed = _TYPED.get(cls)
    if typed is None:
        attrs.resolve_types(cls)
        typed = _TYPED[cls] = typed_test(cls)
    if not typed(record):
        convert_fields(record)


def _first_check(record: Any) -> bool:
    """Build the record type's type test on first use, then use it."""
    cls: type[Any] = type(record)
    attrs.resolve_types(cls)
    typed = _TYPED[cls] = typed_test(cls)
    cls._typed = staticmethod(typed)
    return typed(record)


class _Checked:
    """Mixin: convert the fields a user wrote, then run the record's checks.

    Every field accepts the forms a user naturally writes (see :mod:`._coerce`); anything
    else raises :class:`~belarus_repression.ValidationError` listing every bad field.  The
    record's own rules run once every field has its type.
    """

    __slots__ = ()
    #: The generated "every field already has its type" test (see :mod:`._coerce`).
    _typed: Callable[[Any], bool] = staticmethod(_first_check)

    def __attrs_post_init__(self) -> None:
        if not self._typed(self):
            convert_fields(self)
        checks = _Checks()
        self._check(checks)
        checks.raise_if_any()

    def _check(self, checks: _Checks) -> None:
        raise NotImplementedError  # pragma: no cover - every record overrides it


@attrs.frozen
class Source(_Checked):
    """Where a fact comes from.

    Attributes:
        id: A unique id, referred to from the ``sources`` of other records.
        name: A human-readable title (publisher and document).
        url: Where the source can be read, if online.
        published: When the source was published.
        accessed: When the source was last read.

    .. versionadded:: 0.1.0
    """

    id: str
    name: str
    url: str | None = None
    published: PartialDate | None = None
    accessed: dt.date | None = None

    def _check(self, checks: _Checks) -> None:
        checks.id("id", self.id)
        if not self.name.strip():
            checks.add("value.invalid", "name", "a source needs a name", self.name)


@attrs.frozen
class Name(_Checked):
    """One spelling of a person's name.

    Attributes:
        given: The given name (first name).
        family: The family name (surname).
        patronymic: The patronymic, when the source gives it.
        lang: The language of the form, as an ISO 639 code (``be``, ``ru``, ``en``, ...).
        script: The script of the form (``Cyrl`` or ``Latn``); by default, the script most of
            its letters are written in.  A name none of whose letters is in its script is
            refused.
        system: For a Latin form, the transliteration system that produced it.

    .. versionadded:: 0.1.0
    """

    given: str
    family: str
    patronymic: str | None = None
    lang: str = "be"
    script: Script = attrs.field(
        default=attrs.Factory(lambda self: _script_of(self), takes_self=True)  # noqa: PLW0108
    )
    system: TransliterationSystem | None = None

    def _check(self, checks: _Checks) -> None:
        if not (self.given.strip() or self.family.strip()):
            checks.add("value.invalid", "given", "a name needs a given or a family name")
        text = str(self)
        own = _CYRILLIC if self.script is Script.CYRILLIC else _LATIN
        if _LETTER.search(text) and not own.search(text):
            checks.add(
                "field.inconsistent",
                "script",
                f"the name has no letter of the script {self.script.value!r} it is tagged with",
                text,
            )
        if not _LANG.fullmatch(self.lang):
            checks.add("value.invalid", "lang", "not an ISO 639 language code", self.lang)
        if self.system is not None and self.script is not Script.LATIN:
            checks.add(
                "field.inconsistent", "system", "only a Latin form has a transliteration system"
            )

    def __str__(self) -> str:
        parts = (self.given, self.patronymic or "", self.family)
        return " ".join(p for p in parts if p)

    @classmethod
    def parse(
        cls,
        text: str,
        *,
        lang: str | None = None,
        system: TransliterationSystem | str | None = None,
    ) -> Name:
        """Split a full name, in any script, language and order, into a name.

        The script is read from the letters; the language of Cyrillic text from the letters
        only one language has (see :func:`~belarus_repression.names.detect_language`), and
        Belarusian when they could be either, or when the text is Latin.  The order comes
        from the table of given names (:func:`~belarus_repression.names.given_names`),
        surname endings, patronymic endings and capitals (*KALESNIKAVA Maryia*): two words
        are given name and surname, or surname and given name; three words are given name,
        patronymic and surname, or surname, given name and patronymic.  When nothing tells
        the order, the given name is taken to come first.  A comma says that the surname
        comes first (*Kalesnikava, Maryia*).

        Args:
            text: The full name: two or three words, or ``surname, given [patronymic]``.
            lang: The language of the name, instead of the one the letters show.
            system: For a Latin name, the transliteration system that wrote it.

        Returns:
            The name, with ``script`` and ``lang`` filled in.

        Raises:
            ValidationError: for a text without letters, of one word or of more than three,
                or mixing Cyrillic and Latin letters.

        .. versionadded:: 0.2.0
        """
        from .names import parse_name  # noqa: PLC0415 - names imports this module

        return parse_name(text, lang=lang, system=system)


_CYRILLIC: Final = re.compile(r"[\u0400-\u052f]")
_LATIN: Final = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
_LETTER: Final = re.compile(r"[^\W\d_]")


def _script_of(name: Name) -> Script:
    """The script most letters of a name are written in (Latin when it has none)."""
    text = " ".join(p for p in (name.given, name.family, name.patronymic) if isinstance(p, str))
    cyrillic = len(_CYRILLIC.findall(text))
    latin = len(_LATIN.findall(text))
    return Script.CYRILLIC if cyrillic > latin else Script.LATIN


@attrs.frozen
class Person(_Checked):
    """Someone persecuted.

    Attributes:
        id: A unique id.
        names: Every known spelling of the name; the first is the primary one.  May be empty
            (pseudonymised data).
        gender: ``female``, ``male`` or ``unknown``.
        birth: The date of birth, as precisely as known.
        region: The region the person is from or was arrested in, when known.
        roles: What the person is known for (journalist, lawyer, ...).
        citizenship: ISO 3166-1 alpha-2 codes of every citizenship.
        recognition: Whether an organisation recognised the person as a political prisoner.
        recognized: When that recognition was announced.
        synthetic: Whether the person is invented (the library's synthetic data).
        sources: Ids of the sources of these facts.

    .. versionadded:: 0.1.0
    """

    id: str
    names: tuple[Name, ...] = ()
    gender: Gender = Gender.UNKNOWN
    birth: PartialDate | None = None
    region: Region | None = None
    roles: frozenset[Role] = frozenset()
    citizenship: frozenset[str] = frozenset()
    recognition: Recognition = Recognition.UNKNOWN
    recognized: PartialDate | None = None
    synthetic: bool = False
    sources: tuple[str, ...] = ()

    def _check(self, checks: _Checks) -> None:
        checks.id("id", self.id)
        checks.ids("sources", self.sources)
        for code in sorted(self.citizenship):
            if not _COUNTRY.fullmatch(code):
                checks.add(
                    "value.invalid", "citizenship", "not an ISO 3166-1 alpha-2 country code", code
                )
        if self.recognized is not None and self.recognition is not Recognition.RECOGNIZED:
            checks.add(
                "field.inconsistent",
                "recognized",
                "a recognition date needs recognition 'recognized', "
                f"not {self.recognition.value!r}",
                str(self.recognized),
            )

    @property
    def name(self) -> Name | None:
        """The primary name form, if any."""
        return self.names[0] if self.names else None


@attrs.frozen
class ArticleRef(_Checked):
    """One Criminal Code article a verdict applied.

    Attributes:
        article: The article number, such as ``342`` or ``361-1``.
        part: The part of the article, when the source gives it.
        preparation: Whether the charge was preparation (art. 13) of the crime.
        attempt: Whether the charge was an attempt (art. 14) at the crime.

    .. versionadded:: 0.1.0
    """

    article: str
    part: int | None = None
    preparation: bool = False
    attempt: bool = False

    def _check(self, checks: _Checks) -> None:
        if not _ARTICLE.fullmatch(self.article):
            checks.add(
                "article.malformed",
                "article",
                "an article is a number with an optional -suffix, such as 342 or 361-1",
                self.article,
            )
        if self.part is not None and self.part < 1:
            checks.add("article.malformed", "part", "an article part starts at 1", self.part)
        if self.preparation and self.attempt:
            checks.add(
                "field.inconsistent", "attempt", "a charge is preparation or attempt, not both"
            )

    def __str__(self) -> str:
        text = self.article if self.part is None else f"{self.article} p.{self.part}"
        if self.preparation:
            text += " (preparation)"
        elif self.attempt:
            text += " (attempt)"
        return text

    @classmethod
    def parse(cls, text: str) -> ArticleRef:
        """Parse the text form that ``str()`` gives: ``342``, ``293 p.2 (preparation)``.

        This is the form files hold.  The filters of the counts and
        :func:`~belarus_repression.article` also read the forms people and sources write
        (``Art. 293 part 2``, ``ч.2 ст.293``), with the same reader.

        Args:
            text: The article as text.

        Returns:
            The article.

        Raises:
            ValidationError: with code ``article.malformed`` for any other text.
        """
        from ._articles import read_article  # noqa: PLC0415 - _articles builds ArticleRefs

        return read_article(text, "text")


@attrs.frozen
class Term(_Checked):
    """A length of punishment: years, months and days, or life.

    Attributes:
        years: Whole years (0 to 50).
        months: Further months (0 to 11).
        days: Further days (0 to 31).
        life: Whether the term is life (then the components are all zero).

    .. versionadded:: 0.1.0
    """

    years: int = 0
    months: int = 0
    days: int = 0
    life: bool = False

    def _check(self, checks: _Checks) -> None:
        for field, value, high in (("years", self.years, 50), ("months", self.months, 11)):
            if not 0 <= value <= high:
                checks.add("term.out_of_range", field, f"must be 0 to {high}", value)
        if not 0 <= self.days <= 31:
            checks.add("term.out_of_range", "days", "must be 0 to 31", self.days)
        if self.life and (self.years or self.months or self.days):
            checks.add("field.inconsistent", "life", "a life term has no years, months or days")
        if not self.life and not (self.years or self.months or self.days):
            checks.add("term.out_of_range", "years", "a term must not be zero")

    @classmethod
    def of_months(cls, months: int) -> Term:
        """A term of *months* months, normalised to years and months."""
        return cls(years=months // 12, months=months % 12)

    @property
    def total_months(self) -> float | None:
        """The length in months (days as 1/30 of a month); ``None`` for life."""
        if self.life:
            return None
        return self.years * 12 + self.months + self.days / 30

    def __str__(self) -> str:
        if self.life:
            return "life"
        parts = [
            f"{n} {unit}{'s' * (n != 1)}"
            for n, unit in ((self.years, "year"), (self.months, "month"), (self.days, "day"))
            if n
        ]
        return " ".join(parts)


@attrs.frozen
class Sentence(_Checked):
    """The punishment a verdict imposed.

    Attributes:
        kind: The kind of punishment.
        term: Its length, for punishments that have one.
        regime: The security regime, for imprisonment.
        fine_base_units: A fine in base units (the unit in which Belarusian fines are set).
        raw: The source's own words, kept when they could not be fully understood.

    .. versionadded:: 0.1.0
    """

    kind: SentenceKind
    term: Term | None = None
    regime: Regime | None = None
    fine_base_units: int | None = None
    raw: str | None = None

    def _check(self, checks: _Checks) -> None:
        checks.count("fine_base_units", self.fine_base_units)
        is_life = self.term is not None and self.term.life
        if (self.kind is SentenceKind.LIFE) != is_life and self.term is not None:
            checks.add("field.inconsistent", "term", "a life term goes with the kind 'life' only")
        if self.regime is not None and self.kind not in _REGIME_KINDS:
            checks.add(
                "field.inconsistent",
                "regime",
                f"a regime goes with imprisonment, not {self.kind.value!r}",
                self.regime.value,
            )
        if self.kind is SentenceKind.DEATH and self.term is not None:
            checks.add("field.inconsistent", "term", "a death sentence has no term")


@attrs.frozen
class Conviction(_Checked):
    """One verdict against one person.

    Attributes:
        id: A unique id.
        person_id: The id of the person convicted.
        verdict: The date of the verdict.
        articles: The Criminal Code articles applied.
        sentence: The punishment imposed.
        court: The court.
        judges: The judges' names.
        in_absentia: Whether the person was tried in absentia.
        appeal: The date of the appeal hearing.
        sources: Ids of the sources of these facts.

    .. versionadded:: 0.1.0
    """

    id: str
    person_id: str
    verdict: PartialDate | None = None
    articles: tuple[ArticleRef, ...] = ()
    sentence: Sentence | None = None
    court: str | None = None
    judges: tuple[str, ...] = ()
    in_absentia: bool = False
    appeal: PartialDate | None = None
    sources: tuple[str, ...] = ()

    def _check(self, checks: _Checks) -> None:
        checks.id("id", self.id)
        checks.id("person_id", self.person_id)
        checks.ids("sources", self.sources)
        for i, judge in enumerate(self.judges):
            if not judge.strip():
                message = "a judge's name must not be empty"
                checks.add("value.invalid", f"judges[{i}]", message, judge)


@attrs.frozen
class CustodySpell(_Checked):
    """One continuous deprivation of liberty (detention, colony, prison, "khimiya", ...).

    A spell covers day D when ``start <= D < end``: the arrest day is a day in custody, the
    release day a day of freedom.  An open spell (no ``end``) means "held on the dataset's
    ``as_of``".

    Attributes:
        id: A unique id.
        person_id: The id of the person held.
        start: The day the deprivation of liberty began.
        end: The day it ended, or ``None`` while it goes on.
        end_reason: Why it ended.
        expelled: Whether the person was forced abroad on release.
        pardon_wave: The id of the pardon wave that ended it, for ``end_reason`` ``pardon``.
        facility: Where the person was (last) held.
        sources: Ids of the sources of these facts.

    .. versionadded:: 0.1.0
    """

    id: str
    person_id: str
    start: PartialDate
    end: PartialDate | None = None
    end_reason: EndReason | None = None
    expelled: bool = False
    pardon_wave: str | None = None
    facility: str | None = None
    sources: tuple[str, ...] = ()

    def _check(self, checks: _Checks) -> None:
        checks.id("id", self.id)
        checks.id("person_id", self.person_id)
        checks.ids("sources", self.sources)
        checks.span("start", "end", self.start, self.end)
        if self.end is None:
            if self.end_reason is not None:
                checks.add(
                    "field.inconsistent",
                    "end_reason",
                    "an open spell (no end) has no end reason",
                    self.end_reason.value,
                )
            if self.expelled:
                checks.add("field.inconsistent", "expelled", "an open spell cannot be expelled")
        if self.pardon_wave is not None:
            checks.id("pardon_wave", self.pardon_wave)
            if self.end_reason is not EndReason.PARDON:
                checks.add(
                    "field.inconsistent",
                    "pardon_wave",
                    "a pardon wave goes with end_reason 'pardon'",
                    self.pardon_wave,
                )


@attrs.frozen
class PardonWave(_Checked):
    """One announced act of pardon.

    The people identified in a wave are the custody spells that name it.

    Attributes:
        id: A unique id.
        date: The day of the announcement.
        announced_count: How many people the announcement said were pardoned.
        announced_by: Who announced it.
        note: Anything else the sources say.
        sources: Ids of the sources of these facts.

    .. versionadded:: 0.1.0
    """

    id: str
    date: PartialDate
    announced_count: int | None = None
    announced_by: str | None = None
    note: str | None = None
    sources: tuple[str, ...] = ()

    def _check(self, checks: _Checks) -> None:
        checks.id("id", self.id)
        checks.ids("sources", self.sources)
        checks.count("announced_count", self.announced_count)


@attrs.frozen
class Observation(_Checked):
    """A state of a person over a period: incommunicado, seriously ill, in a punishment cell...

    Attributes:
        id: A unique id.
        person_id: The id of the person.
        kind: What was observed.
        start: When the state began (or was first reported).
        end: When it ended, or ``None`` while it goes on.
        conditions: For health observations, the kinds of condition.
        note: Anything else the sources say.
        sources: Ids of the sources of these facts.

    .. versionadded:: 0.1.0
    """

    id: str
    person_id: str
    kind: ObservationKind
    start: PartialDate
    end: PartialDate | None = None
    conditions: frozenset[HealthCondition] = frozenset()
    note: str | None = None
    sources: tuple[str, ...] = ()

    def _check(self, checks: _Checks) -> None:
        checks.id("id", self.id)
        checks.id("person_id", self.person_id)
        checks.ids("sources", self.sources)
        checks.span("start", "end", self.start, self.end)


@attrs.frozen
class ReportedFigure(_Checked):
    """A number an organisation published.

    Attributes:
        id: A unique id.
        metric: What the figure counts.
        value: The number.
        qualifier: How the number relates to the truth (exact, at least, about, ...).
        as_of: The day the figure describes.
        period_start: For a flow (convictions, pardons), the start of the period counted.
        filter: The subgroup counted, as sorted ``(key, value)`` pairs such as
            ``(("gender", "female"),)``; keys from :data:`FIGURE_FILTER_KEYS`.
        source: The id of the source that published it.
        counted_by: The organisation that did the counting.
        note: What the source says beside the number.

    .. versionadded:: 0.1.0
    """

    id: str
    metric: Metric
    value: int
    qualifier: RecordQualifier
    as_of: PartialDate
    source: str
    period_start: PartialDate | None = None
    filter: tuple[tuple[str, str], ...] = ()
    counted_by: str | None = None
    note: str | None = None

    def _check(self, checks: _Checks) -> None:
        checks.id("id", self.id)
        checks.id("source", self.source)
        checks.count("value", self.value)
        checks.span("period_start", "as_of", self.period_start, self.as_of)
        keys = [key for key, _ in self.filter]
        if keys != sorted(set(keys)):
            checks.add("value.invalid", "filter", "filter keys must be sorted and unique", keys)
        for key, _ in self.filter:
            if key not in FIGURE_FILTER_KEYS:
                checks.add(
                    "value.invalid",
                    "filter",
                    f"unknown filter key; known: {', '.join(sorted(FIGURE_FILTER_KEYS))}",
                    key,
                )
