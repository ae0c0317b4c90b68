"""Filters (``where=``) and breakdown keys (``by=``) over persons and convictions.

A filter selects people: by a mapping of keys to accepted values (any of them), or by a
predicate on the :class:`~belarus_repression.Person`.  A breakdown key sorts people (or
verdicts) into groups, with an explicit ``unknown`` group.  Single-valued keys put everyone
in exactly one group, so the groups sum to the total; multi-valued keys (roles, articles,
sentence kinds, citizenship) may put a person in several groups or none but ``unknown``.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Final

from ._articles import read_article
from ._errors import UnknownKeyError, ValidationError
from ._models import ArticleRef
from ._vocab import Gender, Recognition, Region, Role, SentenceKind

if TYPE_CHECKING:
    from ._dataset import Records
    from ._models import Conviction, Person

__all__ = [
    "BY_KEYS",
    "MULTI_VALUED",
    "UNKNOWN",
    "WHERE_KEYS",
    "By",
    "Question",
    "Where",
    "article_matches",
    "conviction_groups",
    "known_values",
    "person_filter",
    "person_groups",
    "read_value",
    "read_values",
    "read_where",
]

#: The name of the group of people (or verdicts) whose key is not known.
UNKNOWN: Final = "unknown"

#: A filter: a mapping of keys to one accepted value or several, or a predicate on persons.
Where = Mapping[str, object] | Callable[["Person"], bool] | None
#: A breakdown key, or ``None`` for a plain count.
By = str | None

_VOCABULARIES: Final[dict[str, type[enum.Enum]]] = {
    "gender": Gender,
    "region": Region,
    "role": Role,
    "recognition": Recognition,
    "sentence_kind": SentenceKind,
}
#: The keys ``where=`` accepts.
WHERE_KEYS: Final = (
    "article",
    "citizenship",
    "gender",
    "recognition",
    "region",
    "role",
    "sentence_kind",
)
#: The keys ``by=`` accepts.
BY_KEYS: Final = (
    "age_group",
    "arrest_year",
    "article",
    "citizenship",
    "gender",
    "recognition",
    "region",
    "role",
    "sentence_kind",
)
#: Keys under which one person can be in several groups: their groups need not sum to the total.
MULTI_VALUED: Final = frozenset({"article", "citizenship", "role", "sentence_kind"})

#: Age groups, as (label, lowest age, highest age); ages are whole years on the day asked.
AGE_GROUPS: Final = (
    ("under 18", 0, 17),
    ("18-29", 18, 29),
    ("30-44", 30, 44),
    ("45-59", 45, 59),
    ("60 and over", 60, 10_000),
)


#: Keys whose ``unknown`` group holds the people without a value; gender and recognition
#: have ``unknown`` as a value of their own.
_UNKNOWN_GROUP: Final = frozenset({"article", "citizenship", "region", "role", "sentence_kind"})
_COUNTRY: Final = re.compile(r"[A-Za-z]{2}")
_ARTICLE_FORMS: Final = (
    "or any other well-formed article, such as 342, 361-1, 293 p.2, Art. 293 part 2, "
    "ч.2 ст.293 or ArticleRef('293', 2)"
)

#: A filter read and checked: per key, the values accepted (texts, or articles).
Question = tuple[tuple[str, frozenset[object]], ...]


def known_values(key: str) -> list[str]:
    """The values ``where=`` accepts for *key*, as an error message lists them."""
    if key == "article":
        from ._bundled import criminal_code  # noqa: PLC0415 - loaded only for the message

        return [*(str(e.ref) for e in criminal_code()), UNKNOWN, _ARTICLE_FORMS]
    if key == "citizenship":
        return ["any ISO 3166-1 alpha-2 code, such as BY, RU or UA (any letter case)", UNKNOWN]
    values = [str(m.value) for m in _VOCABULARIES[key]]
    return [*values, UNKNOWN] if key in _UNKNOWN_GROUP else values


def read_value(key: str, value: object) -> object:
    """Read one value of the filter key *key*: its canonical form, or ``unknown``.

    An enum member or its text in any letter case for the keys with a vocabulary; a
    two-letter country code in any case for ``citizenship``; an
    :class:`~belarus_repression.ArticleRef`, its text in any form
    :func:`~._articles.read_article` reads, or a number for ``article``.

    Args:
        key: A key of :data:`WHERE_KEYS`.
        value: One value.

    Returns:
        The value's text (an enum's value, an upper-case country code), an
        :class:`~belarus_repression.ArticleRef`, or :data:`UNKNOWN`.

    Raises:
        UnknownKeyError: for a value the key does not know.
    """
    if isinstance(value, str) and value.casefold() == UNKNOWN and key in _UNKNOWN_GROUP:
        return UNKNOWN
    if key == "article":
        return _read_article(value)
    if key == "citizenship":
        if isinstance(value, str) and _COUNTRY.fullmatch(value):
            return value.upper()
        raise UnknownKeyError(value, known_values(key), f"value for {key!r}")
    vocabulary = _VOCABULARIES[key]
    if isinstance(value, enum.Enum):
        if isinstance(value, vocabulary):
            return value.value
    elif isinstance(value, str):
        member = vocabulary._value2member_map_.get(value.casefold())
        if member is not None:
            return member.value
    raise UnknownKeyError(value, known_values(key), f"value for {key!r}")


def _read_article(value: object) -> ArticleRef:
    if isinstance(value, ArticleRef):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    try:
        return read_article(value)  # type: ignore[arg-type]  # it refuses what is not text
    except ValidationError as exc:
        raise UnknownKeyError(value, known_values("article"), "value for 'article'") from exc


def read_values(key: str, value: object) -> frozenset[object]:
    """Read the value (or list, tuple or set of values: any of them) of one filter key.

    Raises:
        UnknownKeyError: for a value the key does not know.
    """
    if isinstance(value, str | bytes | Mapping | enum.Enum) or not isinstance(value, Iterable):
        return frozenset({read_value(key, value)})
    return frozenset(read_value(key, item) for item in value)


def read_where(where: Mapping[str, object]) -> Question:
    """Check a mapping filter and read its values; equal questions read alike.

    Raises:
        UnknownKeyError: for an unknown key, or a value outside a key's vocabulary.
    """
    question = []
    for key, value in where.items():
        if key not in WHERE_KEYS:
            raise UnknownKeyError(key, WHERE_KEYS, "filter key")
        question.append((key, read_values(key, value)))
    return tuple(sorted(question, key=lambda kv: kv[0]))


def article_matches(asked: ArticleRef, ref: ArticleRef) -> bool:
    """Whether an article of a verdict answers an article asked for in a filter.

    The article numbers must be equal; a part, or preparation or attempt, narrows the filter
    to the articles recorded with it (an article recorded without a part does not match a
    filter that names one).
    """
    return (
        asked.article == ref.article
        and (asked.part is None or asked.part == ref.part)
        and (not asked.preparation or ref.preparation)
        and (not asked.attempt or ref.attempt)
    )


def _refs_of(convictions: Iterable[Conviction]) -> list[ArticleRef]:
    return [ref for c in convictions for ref in c.articles]


def _articles_of(convictions: Iterable[Conviction]) -> set[str]:
    return {ref.article for c in convictions for ref in c.articles}


def _kinds_of(convictions: Iterable[Conviction]) -> set[str]:
    return {c.sentence.kind.value for c in convictions if c.sentence is not None}


def person_filter(ds: Records, where: Where) -> Callable[[Person], bool] | None:
    """Turn ``where=`` into a predicate on persons (``None``: everyone).

    A person passes when, for every key, one of their values is among those asked (see
    :func:`read_value`); ``unknown`` selects the people with no value, as the ``unknown``
    group of ``by=`` does.

    Raises:
        UnknownKeyError: for an unknown key, or a value outside a key's vocabulary.
    """
    if where is None:
        return None
    if callable(where):
        return where
    tests = [_test(ds, key, accepted) for key, accepted in read_where(where)]
    return lambda person: all(test(person) for test in tests)


def _test(ds: Records, key: str, accepted: frozenset[object]) -> Callable[[Person], bool]:
    none = UNKNOWN in accepted
    if key == "gender":
        return lambda p: p.gender.value in accepted
    if key == "recognition":
        return lambda p: p.recognition.value in accepted
    if key == "region":
        return lambda p: (p.region.value if p.region is not None else UNKNOWN) in accepted
    if key == "role":
        return lambda p: any(r.value in accepted for r in p.roles) or (none and not p.roles)
    if key == "citizenship":
        return lambda p: not accepted.isdisjoint(p.citizenship) or (none and not p.citizenship)
    verdicts = _verdict_test(key, accepted)
    return lambda p: verdicts(ds.convictions_of(p.id))


#: The keys that are facts of a verdict: for convictions, a filter on them selects verdicts.
VERDICT_KEYS: Final = frozenset({"article", "sentence_kind"})


def _verdict_test(key: str, accepted: frozenset[object]) -> Callable[[Iterable[Conviction]], bool]:
    """Whether some verdict of *convictions* has a value asked (``unknown``: none has one)."""
    none = UNKNOWN in accepted
    if key == "article":
        asked = [a for a in accepted if isinstance(a, ArticleRef)]

        def has_article(convictions: Iterable[Conviction]) -> bool:
            refs = _refs_of(convictions)
            if not refs:
                return none
            return any(article_matches(a, ref) for a in asked for ref in refs)

        return has_article

    def has_kind(convictions: Iterable[Conviction]) -> bool:
        kinds = _kinds_of(convictions)
        return not accepted.isdisjoint(kinds) if kinds else none

    return has_kind


def conviction_filter(ds: Records, where: Where) -> Callable[[Conviction], bool] | None:
    """Turn ``where=`` into a predicate on verdicts (``None``: every verdict).

    The keys of a verdict (``article``, ``sentence_kind``) test the verdict itself, so that
    ``convictions(where={"article": "342"})`` counts the verdicts under article 342, not
    every verdict of the people ever convicted under it; every other key, and a predicate,
    tests the verdict's person.

    Raises:
        UnknownKeyError: for an unknown key, or a value outside a key's vocabulary.
    """
    if where is None:
        return None
    persons = ds.person_by_id
    if callable(where):
        predicate = where
        return lambda c: predicate(persons[c.person_id])
    person_tests = []
    verdict_tests = []
    for key, accepted in read_where(where):
        if key in VERDICT_KEYS:
            verdict_tests.append(_verdict_test(key, accepted))
        else:
            person_tests.append(_test(ds, key, accepted))

    def test(conviction: Conviction) -> bool:
        person = persons[conviction.person_id]
        return all(t(person) for t in person_tests) and all(t((conviction,)) for t in verdict_tests)

    return test


def _check_by(by: str) -> None:
    if by not in BY_KEYS:
        raise UnknownKeyError(by, BY_KEYS, "breakdown key")


def _age_group(birth_earliest: dt.date, birth_latest: dt.date, on: dt.date) -> str:
    def age(born: dt.date) -> int:
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))

    youngest, oldest = age(birth_latest), age(birth_earliest)
    for label, low, high in AGE_GROUPS:
        if low <= youngest and oldest <= high:
            return label
    return UNKNOWN


def person_groups(ds: Records, person: Person, by: str, on: dt.date | None) -> tuple[str, ...]:
    """The groups a person falls in under the key *by* (``on``: the day, for ages)."""
    _check_by(by)
    groups: Iterable[str]
    if by == "gender":
        groups = (person.gender.value,)
    elif by == "region":
        groups = (person.region.value if person.region else UNKNOWN,)
    elif by == "recognition":
        groups = (person.recognition.value,)
    elif by == "role":
        groups = sorted(r.value for r in person.roles)
    elif by == "citizenship":
        groups = sorted(person.citizenship)
    elif by == "article":
        groups = sorted(_articles_of(ds.convictions_of(person.id)), key=_article_order)
    elif by == "sentence_kind":
        groups = sorted(_kinds_of(ds.convictions_of(person.id)))
    elif by == "age_group":
        if person.birth is None or on is None:
            groups = (UNKNOWN,)
        else:
            groups = (_age_group(person.birth.earliest, person.birth.latest, on),)
    else:  # arrest_year: the year of the person's first arrest, when certain
        spells = ds.spells_of(person.id)
        first = min(spells, key=lambda s: s.start.earliest, default=None)
        if first is None or first.start.earliest.year != first.start.latest.year:
            groups = (UNKNOWN,)
        else:
            groups = (str(first.start.earliest.year),)
    return tuple(groups) or (UNKNOWN,)


def conviction_groups(
    ds: Records, conviction: Conviction, by: str, on: dt.date | None
) -> tuple[str, ...]:
    """The groups of one verdict: its own articles and sentence kind, else its person's."""
    _check_by(by)
    if by == "article":
        found = sorted({ref.article for ref in conviction.articles}, key=_article_order)
        return tuple(found) or (UNKNOWN,)
    if by == "sentence_kind":
        return (conviction.sentence.kind.value if conviction.sentence else UNKNOWN,)
    person = ds.person_by_id.get(conviction.person_id)
    if person is None:  # pragma: no cover - a dataset's references always resolve
        return (UNKNOWN,)
    return person_groups(ds, person, by, on)


def _article_order(article: str) -> tuple[int, int]:
    number, _, suffix = article.partition("-")
    return int(number), int(suffix or 0)


def group_order(by: str, groups: Iterable[str]) -> list[str]:
    """Groups in a stable order: vocabulary order, numbers ascending, ``unknown`` last."""
    _check_by(by)
    present = set(groups)
    vocabulary = _VOCABULARIES.get(by)
    if vocabulary is not None:
        ordered = [m.value for m in vocabulary if m.value in present]
    elif by == "age_group":
        ordered = [label for label, _, _ in AGE_GROUPS if label in present]
    elif by == "article":
        ordered = sorted(present - {UNKNOWN}, key=_article_order)
    else:
        ordered = sorted(present - {UNKNOWN})
    ordered = [g for g in ordered if g != UNKNOWN]
    return [*ordered, *([UNKNOWN] if UNKNOWN in present else [])]
