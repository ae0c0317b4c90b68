"""Linking lists for capture histories: who is one person, and on which lists for sure.

:func:`link_records` links every pair of lists with :func:`~belarus_repression.link` and
joins the records of one person; :class:`Tables` counts the people of each pattern of
presence under every resolution of uncertain links and partly known dates, with the bounds
that hold whatever the resolution, component by component of the records that uncertain
links join.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Final, TypeAlias

import attrs

from ._counts import _day, _period
from ._dataset import Dataset
from ._dates import DateLike
from ._groups import UNKNOWN, Where, person_filter
from ._groups import person_groups as _person_groups
from ._models import Person
from ._results import Count
from ._spells import spell_intervals

__all__ = ["AS_OBSERVED", "On", "Tables", "link_records", "pattern"]

#: The resolution whose table is an estimate's headline: every link joined, presence counted
#: when possible.  The others follow in this order, where the data make them differ.
JOINED_POSSIBLE: Final = "uncertain links joined, possible presence"
JOINED_CERTAIN: Final = "uncertain links joined, certain presence only"
SPLIT_POSSIBLE: Final = "uncertain links split, possible presence"
SPLIT_CERTAIN: Final = "uncertain links split, certain presence only"
AS_OBSERVED: Final = "as observed"
#: Components with more uncertain links than this are resolved only both ways at once.
_MAX_ENUMERATED: Final = 10

#: What ``on=`` takes: a day, or a period ``(start, end)`` (half-open, ``None`` unbounded).
On: TypeAlias = "DateLike | tuple[DateLike | None, DateLike | None] | None"


def pattern(mask: int, k: int) -> str:
    """A pattern of presence as text: one digit a list, the first list first."""
    return format(mask, f"0{k}b")


@attrs.frozen
class Record:
    """One person of one list, with their presence: certain or only possible."""

    list_index: int
    person: Person
    certain: bool
    group: str


class Union:
    """Disjoint sets of records (union–find): the records of one person."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def presence(ds: Dataset, on: On, recognized_only: bool) -> tuple[Callable[[Person], int], Any]:
    """A function giving a person's presence (2 certain, 1 possible, 0 absent), and the day."""
    if on is None:
        if recognized_only:
            return (lambda p: 2 if p.recognition.value == "recognized" else 0), None
        return (lambda p: 2), None
    if isinstance(on, tuple):
        start, end, _ = _period(ds, on[0], on[1])
        first, last = start, end
    else:
        first = _day(ds, on)
        last = first + dt.timedelta(days=1)

    def present(person: Person) -> int:
        certain, possible = spell_intervals(ds, person, recognized_only)
        if not any(s < last and first < e for s, e in possible):
            return 0
        return 2 if any(s < last and first < e for s, e in certain) else 1

    unbounded = isinstance(on, tuple) and on[0] is None  # no day to tell ages by
    return present, None if unbounded else first


def unit_group(records: Iterable[Record]) -> str:
    """The group of a joined person: the most frequent known one, the first by name on ties."""
    known = Counter(r.group for r in records if r.group != UNKNOWN)
    if not known:
        return UNKNOWN
    return min(known, key=lambda g: (-known[g], g))


def link_records(
    lists: Sequence[Dataset],
    *,
    on: On,
    where: Where,
    by: str | None,
    recognized_only: bool,
    min_score: float,
    sure_score: float,
) -> tuple[Tables, int, Any]:
    """Link the lists and count their people: the tables, the uncertain links, the day."""
    from .linkage import link  # noqa: PLC0415 - the names tables load on first use

    records: list[Record] = []
    kept: list[bool] = []
    at: dict[tuple[int, str], int] = {}
    day: Any = None
    for index, ds in enumerate(lists):
        present, day = presence(ds, on, recognized_only)
        test = person_filter(ds, where)
        for person in ds.persons:
            state = present(person)
            if state == 0:
                continue
            group = UNKNOWN if by is None else _person_groups(ds, person, by, day)[0]
            at[index, person.id] = len(records)
            records.append(Record(index, person, state == 2, group))
            kept.append(test is None or test(person))
    sure = Union(len(records))
    uncertain: list[tuple[int, int]] = []
    for i in range(len(lists)):
        for j in range(i + 1, len(lists)):
            left = [r.person for r in records if r.list_index == i]
            right = [r.person for r in records if r.list_index == j]
            for found in link(left, right, min_score=min_score):
                a, b = at[i, found.left], at[j, found.right]
                if found.score >= sure_score:
                    sure.join(a, b)
                else:
                    uncertain.append((a, b))
    clusters: dict[int, list[int]] = {}
    for r in range(len(records)):
        clusters.setdefault(sure.find(r), []).append(r)
    whole = Union(len(records))
    for a, b in uncertain:
        whole.join(sure.find(a), sure.find(b))
    components: dict[int, list[int]] = {}
    for root in clusters:
        components.setdefault(whole.find(root), []).append(root)
    k = len(lists)
    tables = Tables(
        k, records=records, kept=kept, clusters=clusters, uncertain=uncertain, sure=sure
    )
    for roots in components.values():
        tables.add_component(roots)
    return tables, len(uncertain), day


class Tables:
    """Counts of patterns under each resolution, and their bounds, component by component."""

    def __init__(
        self,
        k: int,
        *,
        records: list[Record],
        kept: list[bool],
        clusters: dict[int, list[int]],
        uncertain: list[tuple[int, int]],
        sure: Union,
    ) -> None:
        self.k = k
        self.records = records
        self.kept = kept
        self.clusters = clusters
        self.sure = sure
        self.edges: dict[int, list[tuple[int, int]]] = {}
        for a, b in uncertain:
            self.edges.setdefault(sure.find(a), []).append((sure.find(a), sure.find(b)))
        # per resolution: {(group, pattern): people}; bounds: {(group, pattern): [low, high]}
        self.exact: dict[str, Counter[tuple[str, int]]] = {
            name: Counter()
            for name in (JOINED_POSSIBLE, JOINED_CERTAIN, SPLIT_POSSIBLE, SPLIT_CERTAIN)
        }
        self.low: Counter[tuple[str, int]] = Counter()
        self.high: Counter[tuple[str, int]] = Counter()
        self.any_uncertain_presence = False
        self.doubled = 0
        self.messages: list[str] = []

    def _units(self, roots: list[int], edges: list[tuple[int, int]]) -> list[list[int]]:
        """The people a component makes when *edges* (uncertain links) join its clusters."""
        union = Union(len(roots))
        place = {root: i for i, root in enumerate(roots)}
        for a, b in edges:
            union.join(place[a], place[b])
        units: dict[int, list[int]] = {}
        for root in roots:
            units.setdefault(union.find(place[root]), []).extend(self.clusters[root])
        return list(units.values())

    def _unit(self, members: list[int]) -> tuple[bool, str, int, int]:
        """Whether a person is kept, their group, and their certain and possible masks."""
        records = [self.records[m] for m in members]
        certain = possible = 0
        for r in records:
            bit = 1 << (self.k - 1 - r.list_index)
            possible |= bit
            if r.certain:
                certain |= bit
        kept = any(self.kept[m] for m in members)
        return kept, unit_group(records), certain, possible

    def add_component(self, roots: list[int]) -> None:
        edges = sorted({e for root in roots for e in self.edges.get(root, [])})
        choices: list[list[tuple[int, int]]]
        if len(edges) <= _MAX_ENUMERATED:
            choices = [
                [e for bit, e in enumerate(edges) if subset >> bit & 1]
                for subset in range(2 ** len(edges))
            ]
        else:  # pragma: no cover - more than 10 uncertain links among a few people
            choices = [[], edges]
            self.messages.append(
                f"{len(edges)} uncertain links meet in one group of records: its bounds "
                "come from joining all of them or none"
            )
        lows: list[Counter[tuple[str, int]]] = []
        highs: list[Counter[tuple[str, int]]] = []
        for choice in choices:
            low: Counter[tuple[str, int]] = Counter()
            high: Counter[tuple[str, int]] = Counter()
            units = [self._unit(u) for u in self._units(roots, choice)]
            for kept, group, certain, possible in units:
                if not kept:
                    continue
                if certain != possible:
                    self.any_uncertain_presence = True
                if certain == possible:
                    low[group, possible] += 1
                free = possible & ~certain
                sub = free
                while True:  # every pattern between certain and possible
                    mask = certain | sub
                    if mask:
                        high[group, mask] += 1
                    if sub == 0:
                        break
                    sub = (sub - 1) & free
            lows.append(low)
            highs.append(high)
            if len(choice) == len(edges):
                self._count(units, JOINED_POSSIBLE, JOINED_CERTAIN)
            if not choice:
                self._count(units, SPLIT_POSSIBLE, SPLIT_CERTAIN)
                self.doubled += sum(
                    len(members) - len({self.records[m].list_index for m in members}) > 0
                    for members in self._units(roots, [])
                )
        for key in set().union(*highs):
            self.low[key] += min(c[key] for c in lows)
            self.high[key] += max(c[key] for c in highs)

    def _count(self, units: list[tuple[bool, str, int, int]], possible: str, sure: str) -> None:
        for kept, group, certain, present in units:
            if kept:
                self.exact[possible][group, present] += 1
                if certain:
                    self.exact[sure][group, certain] += 1

    def groups(self) -> list[str]:
        """The groups (strata) somebody is in."""
        return sorted({g for g, _ in self.high})

    def counted(
        self, group: str | None, uncertain_links: int
    ) -> tuple[dict[str, dict[str, int]], dict[str, Count]]:
        """Each resolution's exact table, and each pattern's bounds, of a group (None: all)."""
        wanted = [JOINED_POSSIBLE]
        if self.any_uncertain_presence:
            wanted.append(JOINED_CERTAIN)
        if uncertain_links:
            wanted.append(SPLIT_POSSIBLE)
            if self.any_uncertain_presence:
                wanted.append(SPLIT_CERTAIN)

        def keep(key: tuple[str, int]) -> bool:
            return group is None or key[0] == group

        resolutions = {}
        for name in wanted:
            table: Counter[str] = Counter()
            for key, n in self.exact[name].items():
                if keep(key) and n:
                    table[pattern(key[1], self.k)] += n
            label = AS_OBSERVED if len(wanted) == 1 else name
            resolutions[label] = dict(sorted(table.items(), reverse=True))
        low: Counter[str] = Counter()
        high: Counter[str] = Counter()
        for key, n in self.high.items():
            if keep(key):
                high[pattern(key[1], self.k)] += n
                low[pattern(key[1], self.k)] += self.low[key]
        counts = {p: Count(low[p], high[p]) for p in sorted(high, reverse=True) if high[p]}
        return resolutions, counts

    def notes(self, uncertain_links: int, sure_score: float) -> tuple[str, ...]:
        """What the linking found that a reader should know."""
        notes = list(self.messages)
        if self.doubled:
            who = "person has" if self.doubled == 1 else "people have"
            notes.insert(
                0,
                f"{self.doubled} linked {who} two records on one list (joined through other "
                "lists); each counts once",
            )
        if uncertain_links:
            notes.append(
                f"{uncertain_links} link{'s' * (uncertain_links != 1)} scored below "
                f"{sure_score}: the estimate is given with them joined and with them split"
            )
        return tuple(notes)
