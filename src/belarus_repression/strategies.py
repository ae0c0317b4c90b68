"""Hypothesis strategies for every record type, for property-testing code built on the library.

Needs the ``hypothesis`` extra (``pip install 'belarus-repression[hypothesis]'``).

Every strategy draws valid records: ``structure(unstructure(x)) == x`` holds for each, and
each passes the record's own checks.  Dates are drawn between ``min_value`` and ``max_value``
(1900-01-01 to 2030-12-31 by default) so that generated data looks like the domain.

Example::

    from hypothesis import given
    from belarus_repression import strategies as brst

    @given(brst.custody_spells())
    def test_spell_is_never_reversed(spell):
        assert spell.end is None or not spell.end.certainly_before(spell.start)

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Final

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        "belarus_repression.strategies needs hypothesis: "
        "pip install 'belarus-repression[hypothesis]'"
    ) from exc

import attrs

from ._dataset import Dataset
from ._dates import PartialDate, Precision, Qualifier
from ._models import (
    FIGURE_FILTER_KEYS,
    ArticleRef,
    Conviction,
    CustodySpell,
    Name,
    Observation,
    PardonWave,
    Person,
    ReportedFigure,
    Sentence,
    Source,
    Term,
)
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
    "article_refs",
    "convictions",
    "custody_spells",
    "datasets",
    "dates",
    "ids",
    "names",
    "observations",
    "pardon_waves",
    "partial_dates",
    "persons",
    "reported_figures",
    "sentences",
    "sources",
    "terms",
    "texts",
]

MIN_DATE: Final = dt.date(1900, 1, 1)
MAX_DATE: Final = dt.date(2030, 12, 31)

_ID_CHARS: Final = "abcdefghijklmnopqrstuvwxyz0123456789-_"


def ids(prefix: str = "syn-") -> st.SearchStrategy[str]:
    """Record ids: *prefix* followed by letters, digits, ``-`` and ``_``."""
    return st.text(_ID_CHARS, min_size=1, max_size=12).map(lambda s: prefix + s)


def texts(min_size: int = 0, max_size: int = 30) -> st.SearchStrategy[str]:
    """Any text that UTF-8 can encode (no lone surrogates), including Cyrillic and marks."""
    return st.text(st.characters(codec="utf-8"), min_size=min_size, max_size=max_size)


def _non_blank(max_size: int = 30) -> st.SearchStrategy[str]:
    return texts(1, max_size).filter(lambda s: bool(s.strip()))


def dates(
    min_value: dt.date = MIN_DATE, max_value: dt.date = MAX_DATE
) -> st.SearchStrategy[dt.date]:
    """Exact days between *min_value* and *max_value*."""
    return st.dates(min_value, max_value)


@st.composite
def partial_dates(
    draw: st.DrawFn,
    min_value: dt.date = MIN_DATE,
    max_value: dt.date = MAX_DATE,
    precisions: tuple[Precision, ...] = tuple(Precision),
) -> PartialDate:
    """Partial dates of the given *precisions* lying wholly between *min_value* and *max_value*.

    Qualifiers are drawn for year, month and day precision.  A year or month that would stick
    out of the bounds falls back to a day.
    """
    precision = draw(st.sampled_from(precisions))
    day = draw(st.dates(min_value, max_value))
    qualifier = draw(st.none() | st.sampled_from(Qualifier))
    if precision is Precision.YEAR:
        first, last = dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
        if min_value <= first and last <= max_value:
            return PartialDate.year(day.year, qualifier)
    elif precision is Precision.MONTH:
        first = day.replace(day=1)
        last = day.replace(day=calendar.monthrange(day.year, day.month)[1])
        if min_value <= first and last <= max_value:
            return PartialDate.month(day.year, day.month, qualifier)
    elif precision is Precision.RANGE:
        latest = draw(st.dates(day, min(max_value, day + dt.timedelta(days=800))))
        return PartialDate.between(day, latest)
    return PartialDate.day(day, qualifier)


def sources() -> st.SearchStrategy[Source]:
    """Source records."""
    return st.builds(
        Source,
        id=ids("syn-src-"),
        name=_non_blank(),
        url=st.none() | st.just("https://example.org/") | texts(1),
        published=st.none() | partial_dates(),
        accessed=st.none() | dates(),
    )


def _with_letter(letters: str) -> st.SearchStrategy[str]:
    """Any text with at least one of *letters* in it."""
    return st.tuples(texts(0, 6), st.sampled_from(letters), texts(0, 5)).map("".join)


def names() -> st.SearchStrategy[Name]:
    """Name forms in Cyrillic and Latin script.

    Any text may stand in a name, but the family name (Cyrillic) or the given name (Latin)
    holds at least one letter of the form's script, as a name must.
    """
    cyrillic = st.builds(
        Name,
        given=texts(0, 12),
        family=_with_letter("абвгдежзійклмнопрстуўфхцчшыьэюяёщъАБВГДЕЖЗІЙЎЯ"),
        patronymic=st.none() | texts(1, 12),
        lang=st.sampled_from(["be", "ru"]),
        script=st.just(Script.CYRILLIC),
        system=st.none(),
    )
    latin = st.builds(
        Name,
        given=_with_letter("abcdefghijklmnopqrstuvwxyzACDEHKLMŁłŠšŽžŭćńśź"),
        family=texts(0, 12),
        patronymic=st.none() | texts(1, 12),
        lang=st.sampled_from(["be", "ru", "en", "pl"]),
        script=st.just(Script.LATIN),
        system=st.none() | st.sampled_from(TransliterationSystem),
    )
    return cyrillic | latin


@st.composite
def persons(
    draw: st.DrawFn,
    id: st.SearchStrategy[str] | None = None,  # noqa: A002 - the field's name
    max_date: dt.date = MAX_DATE,
    sources: st.SearchStrategy[str] | None = None,
) -> Person:
    """Persons; pass *id* and *sources* to control the ids drawn, *max_date* to bound dates."""
    recognition = draw(st.sampled_from(Recognition))
    recognized = None
    if recognition is Recognition.RECOGNIZED:
        recognized = draw(st.none() | partial_dates(dt.date(2020, 1, 1), max_date))
    return Person(
        id=draw(id if id is not None else ids("syn-p-")),
        names=tuple(draw(st.lists(names(), max_size=3))),
        gender=draw(st.sampled_from(Gender)),
        birth=draw(st.none() | partial_dates(MIN_DATE, dt.date(2010, 12, 31))),
        region=draw(st.none() | st.sampled_from(Region)),
        roles=draw(st.frozensets(st.sampled_from(Role), max_size=3)),
        citizenship=draw(st.frozensets(st.sampled_from(["BY", "UA", "RU", "PL", "LT"]))),
        recognition=recognition,
        recognized=recognized,
        synthetic=draw(st.booleans()),
        sources=tuple(
            draw(st.lists(sources if sources is not None else ids("syn-src-"), max_size=2))
        ),
    )


def article_refs() -> st.SearchStrategy[ArticleRef]:
    """Criminal Code article references, including suffixed articles, parts and art. 13/14."""
    number = st.integers(1, 470).map(str)
    suffixed = st.tuples(number, st.integers(1, 9)).map(lambda t: f"{t[0]}-{t[1]}")
    flags = st.sampled_from([(False, False), (True, False), (False, True)])
    return st.builds(
        lambda art, part, f: ArticleRef(art, part, preparation=f[0], attempt=f[1]),
        number | suffixed,
        st.none() | st.integers(1, 6),
        flags,
    )


def terms(*, life: bool | None = False) -> st.SearchStrategy[Term]:
    """Terms; ``life=None`` draws life terms too, ``life=True`` only life terms."""
    finite = (
        st.tuples(st.integers(0, 50), st.integers(0, 11), st.integers(0, 31))
        .filter(any)
        .map(lambda ymd: Term(*ymd))
    )
    if life is True:
        return st.just(Term(life=True))
    if life is None:
        return finite | st.just(Term(life=True))
    return finite


@st.composite
def sentences(draw: st.DrawFn) -> Sentence:
    """Sentences whose kind, term and regime agree."""
    kind = draw(st.sampled_from(SentenceKind))
    term: Term | None
    if kind is SentenceKind.LIFE:
        term = draw(st.none() | terms(life=True))
    elif kind is SentenceKind.DEATH:
        term = None
    else:
        term = draw(st.none() | terms())
    regime = None
    if kind in (SentenceKind.IMPRISONMENT, SentenceKind.LIFE):
        regime = draw(st.none() | st.sampled_from(Regime))
    return Sentence(
        kind=kind,
        term=term,
        regime=regime,
        fine_base_units=draw(st.none() | st.integers(0, 10_000)),
        raw=draw(st.none() | texts(1)),
    )


def convictions(
    person_id: st.SearchStrategy[str] | None = None,
    min_date: dt.date = dt.date(2020, 1, 1),
    max_date: dt.date = MAX_DATE,
    sources: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[Conviction]:
    """Convictions of the person ids drawn from *person_id*."""
    return st.builds(
        Conviction,
        id=ids("syn-c-"),
        person_id=person_id if person_id is not None else ids("syn-p-"),
        verdict=st.none() | partial_dates(min_date, max_date),
        articles=st.lists(article_refs(), max_size=3).map(tuple),
        sentence=st.none() | sentences(),
        court=st.none() | texts(1),
        judges=st.lists(_non_blank(), max_size=2).map(tuple),
        in_absentia=st.booleans(),
        appeal=st.none() | partial_dates(min_date, max_date),
        sources=st.lists(sources if sources is not None else ids("syn-src-"), max_size=2).map(
            tuple
        ),
    )


@st.composite
def custody_spells(
    draw: st.DrawFn,
    person_id: st.SearchStrategy[str] | None = None,
    min_date: dt.date = dt.date(2020, 1, 1),
    max_date: dt.date = MAX_DATE,
    pardon_wave: st.SearchStrategy[str | None] | None = None,
) -> CustodySpell:
    """Custody spells, open or closed, whose end is never certainly before their start."""
    start = draw(partial_dates(min_date, max_date))
    end = draw(st.none() | partial_dates(start.earliest, max_date))
    end_reason = None if end is None else draw(st.none() | st.sampled_from(EndReason))
    wave = None
    if end_reason is EndReason.PARDON:
        wave = draw(pardon_wave if pardon_wave is not None else st.none() | ids("syn-w-"))
    return CustodySpell(
        id=draw(ids("syn-s-")),
        person_id=draw(person_id if person_id is not None else ids("syn-p-")),
        start=start,
        end=end,
        end_reason=end_reason,
        expelled=end is not None and draw(st.booleans()),
        pardon_wave=wave,
        facility=draw(st.none() | texts(1)),
        sources=tuple(draw(st.lists(ids("syn-src-"), max_size=2))),
    )


def pardon_waves(
    min_date: dt.date = dt.date(2020, 1, 1), max_date: dt.date = MAX_DATE
) -> st.SearchStrategy[PardonWave]:
    """Pardon waves."""
    return st.builds(
        PardonWave,
        id=ids("syn-w-"),
        date=partial_dates(min_date, max_date),
        announced_count=st.none() | st.integers(0, 500),
        announced_by=st.none() | texts(1),
        note=st.none() | texts(1),
        sources=st.lists(ids("syn-src-"), max_size=2).map(tuple),
    )


@st.composite
def observations(
    draw: st.DrawFn,
    person_id: st.SearchStrategy[str] | None = None,
    min_date: dt.date = dt.date(2020, 1, 1),
    max_date: dt.date = MAX_DATE,
    sources: st.SearchStrategy[str] | None = None,
) -> Observation:
    """Observations whose end is never certainly before their start."""
    start = draw(partial_dates(min_date, max_date))
    return Observation(
        id=draw(ids("syn-o-")),
        person_id=draw(person_id if person_id is not None else ids("syn-p-")),
        kind=draw(st.sampled_from(ObservationKind)),
        start=start,
        end=draw(st.none() | partial_dates(start.earliest, max_date)),
        conditions=draw(st.frozensets(st.sampled_from(HealthCondition), max_size=3)),
        note=draw(st.none() | texts(1)),
        sources=tuple(
            draw(st.lists(sources if sources is not None else ids("syn-src-"), max_size=2))
        ),
    )


_FILTER_VALUES: Final = {
    "gender": [g.value for g in Gender],
    "role": [r.value for r in Role],
    "region": [r.value for r in Region],
    "article": ["342", "361-1", "130"],
    "citizenship": ["BY", "UA"],
}


@st.composite
def reported_figures(
    draw: st.DrawFn, source: st.SearchStrategy[str] | None = None
) -> ReportedFigure:
    """Published figures, with a filter of known keys."""
    as_of = draw(partial_dates(dt.date(2020, 1, 1)))
    keys = sorted(draw(st.frozensets(st.sampled_from(sorted(FIGURE_FILTER_KEYS)), max_size=2)))
    return ReportedFigure(
        id=draw(ids("syn-f-")),
        metric=draw(st.sampled_from(Metric)),
        value=draw(st.integers(0, 100_000)),
        qualifier=draw(st.sampled_from(RecordQualifier)),
        as_of=as_of,
        source=draw(source if source is not None else ids("syn-src-")),
        period_start=draw(st.none() | partial_dates(MIN_DATE, as_of.earliest)),
        filter=tuple((k, draw(st.sampled_from(_FILTER_VALUES[k]))) for k in keys),
        counted_by=draw(st.none() | texts(1)),
        note=draw(st.none() | texts(1)),
    )


def _unique_ids(draw: st.DrawFn, prefix: str, n: int) -> list[str]:
    return [f"{prefix}{i}-{draw(st.text(_ID_CHARS, max_size=3))}" for i in range(n)]


@st.composite
def datasets(  # noqa: PLR0915 - one consistent dataset takes many draws
    draw: st.DrawFn,
    max_persons: int = 6,
    as_of: st.SearchStrategy[dt.date] | None = None,
    exact_dates: bool = False,
) -> Dataset:
    """Consistent datasets with every record type: they pass every integrity rule.

    Each person has up to three custody spells that never overlap, the last possibly open;
    spells ended by pardon name a wave dated on their end day; nothing is dated after a death
    in custody or after ``as_of``.  Pass ``exact_dates=True`` for day-precision dates only.
    """
    day = draw(as_of if as_of is not None else st.dates(dt.date(2021, 1, 1), dt.date(2026, 12, 31)))
    first = dt.date(2020, 1, 1)
    precisions = (Precision.DAY,) if exact_dates else tuple(Precision)

    def when(low: dt.date, high: dt.date = day) -> st.SearchStrategy[PartialDate]:
        return partial_dates(low, high, precisions)

    source_ids = _unique_ids(draw, "syn-src-", draw(st.integers(1, 3)))
    cite = st.sampled_from(source_ids)
    srcs = [attrs.evolve(draw(sources()), id=i) for i in source_ids]
    person_ids = _unique_ids(draw, "syn-p-", draw(st.integers(0, max_persons)))
    people = [draw(persons(st.just(pid), day, cite)) for pid in person_ids]
    people = [
        attrs.evolve(p, birth=None) if p.birth and p.birth.latest >= first else p for p in people
    ]
    spells: list[CustodySpell] = []
    waves: list[PardonWave] = []
    verdicts: list[Conviction] = []
    notes: list[Observation] = []
    for pid in person_ids:
        cursor, limit = first, day
        for k in range(draw(st.integers(0, 3))):
            if cursor > day:
                break
            start = draw(when(cursor))
            is_open = draw(st.booleans())
            end = None if is_open else draw(when(start.earliest))
            reason = None if end is None else draw(st.none() | st.sampled_from(EndReason))
            wave_id = None
            if reason is EndReason.PARDON and end is not None and draw(st.booleans()):
                wave_id = f"syn-w-{pid}-{k}"
                waves.append(attrs.evolve(draw(pardon_waves()), id=wave_id, date=end, sources=()))
            spells.append(
                CustodySpell(
                    id=f"syn-s-{pid}-{k}",
                    person_id=pid,
                    start=start,
                    end=end,
                    end_reason=reason,
                    expelled=end is not None and draw(st.booleans()),
                    pardon_wave=wave_id,
                    facility=draw(st.none() | texts(1, 10)),
                    sources=tuple(draw(st.lists(cite, max_size=1))),
                )
            )
            if end is None:
                break
            if reason is EndReason.DIED_IN_CUSTODY:
                limit = end.earliest
                break
            cursor = end.latest + dt.timedelta(days=1)
        for k in range(draw(st.integers(0, 2))):
            c = draw(convictions(st.just(pid), first, limit, cite))
            if exact_dates:
                c = attrs.evolve(c, verdict=draw(st.none() | when(first, limit)), appeal=None)
            verdicts.append(attrs.evolve(c, id=f"syn-c-{pid}-{k}"))
        for k in range(draw(st.integers(0, 2))):
            o = draw(observations(st.just(pid), first, limit, cite))
            notes.append(attrs.evolve(o, id=f"syn-o-{pid}-{k}"))
    # Recognition on the very days that bound a custody spell: where clipping to recognition
    # turns partial dates exact, or empty, the counts are easiest to get wrong.
    first_start: dict[str, PartialDate] = {}
    for spell in spells:
        first_start.setdefault(spell.person_id, spell.start)
    for i, person in enumerate(people):
        if person.id not in first_start or person.recognition is not Recognition.RECOGNIZED:
            continue
        start = first_start[person.id]
        month = PartialDate.month(start.latest.year, start.latest.month)
        choices = [PartialDate.day(start.latest), PartialDate.day(start.earliest)]
        if month.latest <= day:
            choices.append(month)
        if draw(st.booleans()):
            people[i] = attrs.evolve(person, recognized=draw(st.sampled_from(choices)))
    figures = [
        attrs.evolve(draw(reported_figures(cite)), id=f"syn-f-{k}")
        for k in range(draw(st.integers(0, 2)))
    ]
    return Dataset(
        as_of=day,
        sources=tuple(srcs),
        persons=tuple(people),
        convictions=tuple(verdicts),
        custody=tuple(spells),
        pardon_waves=tuple(waves),
        observations=tuple(notes),
        figures=tuple(figures),
        synthetic=draw(st.booleans()),
    )
