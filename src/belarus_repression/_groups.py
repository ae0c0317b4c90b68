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
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Final

from ._errors import UnknownKeyError
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
    "Where",
    "conviction_groups",
    "person_filter",
    "person_groups",
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


def _accepted(key: str, value: object) -> frozenset[str]:
    values = (
        [value] if isinstance(value, str | enum.Enum) or not isinstance(value, Iterable) else value
    )
    out = set()
    vocabulary = _VOCABULARIES.get(key)
    for item in values:
        text = item.value if isinstance(item, enum.Enum) else item
        if not isinstance(text, str):
            raise UnknownKeyError(item, _known_values(key), f"value for {key!r}")
        if vocabulary is not None and text not in vocabulary._value2member_map_:
            raise UnknownKeyError(text, _known_values(key), f"value for {key!r}")
        out.add(text)
    return frozenset(out)


def _known_values(key: str) -> list[str]:
    vocabulary = _VOCABULARIES.get(key)
    if vocabulary is None:
        return ["any text"]
    return [str(m.value) for m in vocabulary]


def _articles_of(convictions: Iterable[Conviction]) -> set[str]:
    return {ref.article for c in convictions for ref in c.articles}


def _kinds_of(convictions: Iterable[Conviction]) -> set[str]:
    return {c.sentence.kind.value for c in convictions if c.sentence is not None}


def person_filter(ds: Records, where: Where) -> Callable[[Person], bool] | None:
    """Turn ``where=`` into a predicate on persons (``None``: everyone).

    Raises:
        UnknownKeyError: for an unknown key, or a value outside a key's vocabulary.
    """
    if where is None:
        return None
    if callable(where):
        return where
    tests: list[Callable[[Person], bool]] = []
    for key, value in where.items():
        if key not in WHERE_KEYS:
            raise UnknownKeyError(key, WHERE_KEYS, "filter key")
        accepted = _accepted(key, value)
        tests.append(_test(ds, key, accepted))
    return lambda person: all(test(person) for test in tests)


def _test(ds: Records, key: str, accepted: frozenset[str]) -> Callable[[Person], bool]:
    if key == "gender":
        return lambda p: p.gender.value in accepted
    if key == "region":
        return lambda p: p.region is not None and p.region.value in accepted
    if key == "recognition":
        return lambda p: p.recognition.value in accepted
    if key == "role":
        return lambda p: any(r.value in accepted for r in p.roles)
    if key == "citizenship":
        return lambda p: not accepted.isdisjoint(p.citizenship)
    if key == "article":
        return lambda p: not accepted.isdisjoint(_articles_of(ds.convictions_of(p.id)))
    return lambda p: not accepted.isdisjoint(_kinds_of(ds.convictions_of(p.id)))


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
