"""k-anonymity for :func:`~belarus_repression.pseudonymize`: each person one of at least k.

The *quasi-identifiers* of a person are what someone who knows them from the news could look
up: gender, date of birth, region, and the dates of their arrests, releases (and the pardon
wave that released them), verdicts and appeals, recognition as a political prisoner and
observations (with the kind observed).  Their *signature* is all of these as published, and
also the shape of their record (how many spells, verdicts and observations, which spell is
still open).  The dataset is k-anonymous when every signature is shared by at least k people.

Generalisation is local and top-down (a Mondrian-style specialisation along calendar
hierarchies): everyone starts at the most general signature (every date widened to the whole
period of the data, no birth, no region, no pardon wave), then each group of people is
specialised one step at a time (dates to the year, the pardon wave, dates to the quarter, the
region, the age band, dates to the month) as long as the subgroups that result keep at least
k people; people who would fall into a smaller subgroup stay at the coarser level together.
Dates are never finer than the calendar month and birth never finer than the age band.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Final, overload

import attrs

from ._dates import PartialDate
from ._groups import AGE_GROUPS
from ._models import Conviction, CustodySpell, Observation, Person

__all__ = [
    "LEVEL_NAMES",
    "MEASURED",
    "Generaliser",
    "Record",
    "State",
    "generalise",
    "levels",
    "signature",
    "specialise",
    "unique_shares",
]

#: Calendar levels of a date, from the most general to the finest kept.
PERIOD, YEAR, QUARTER, MONTH = 0, 1, 2, 3
#: The quasi-identifiers generalised, each with its levels' names (most general first).
LEVEL_NAMES: Final[dict[str, tuple[str, ...]]] = {
    "arrest": ("period", "year", "quarter", "month"),
    "release": ("period", "year", "quarter", "month"),
    "verdict": ("period", "year", "quarter", "month"),
    "recognized": ("period", "year", "quarter", "month"),
    "observation": ("period", "year", "quarter", "month"),
    "pardon_wave": ("removed", "kept"),
    "region": ("removed", "kept"),
    "birth": ("removed", "age band"),
}
DIMS: Final = tuple(LEVEL_NAMES)
_DATES: Final = ("arrest", "release", "verdict", "recognized", "observation")
#: The order of specialisation: what is worth most to counting comes first.
STEPS: Final[tuple[tuple[int, int], ...]] = (
    *((DIMS.index(d), YEAR) for d in _DATES),
    (DIMS.index("pardon_wave"), 1),
    *((DIMS.index(d), QUARTER) for d in _DATES),
    (DIMS.index("region"), 1),
    (DIMS.index("birth"), 1),
    *((DIMS.index(d), MONTH) for d in _DATES),
)
#: A person's level on each quasi-identifier, in the order of :data:`DIMS`.
State = tuple[int, ...]
GENERAL: Final[State] = (0,) * len(DIMS)

Bounds = tuple[int, int] | None


@attrs.frozen
class Record:
    """One person and everything of theirs that carries a quasi-identifier."""

    person: Person
    spells: tuple[CustodySpell, ...]
    convictions: tuple[Conviction, ...]
    observations: tuple[Observation, ...]


def _years_before(day: dt.date, years: int) -> dt.date:
    year = day.year - years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


class Generaliser:
    """Generalised dates and births for one dataset (cached: many people share a date)."""

    def __init__(self, as_of: dt.date, records: Iterable[Record]) -> None:
        self.as_of = as_of
        firsts = [
            d.earliest
            for r in records
            for d in (
                r.person.recognized,
                *(x for s in r.spells for x in (s.start, s.end)),
                *(x for c in r.convictions for x in (c.verdict, c.appeal)),
                *(x for o in r.observations for x in (o.start, o.end)),
            )
            if d is not None
        ]
        self.floor = dt.date(min(firsts, default=as_of).year, 1, 1)
        self._dates: dict[tuple[PartialDate, int], PartialDate] = {}
        self._births: dict[PartialDate, PartialDate] = {}

    @overload
    def date(self, date: PartialDate, level: int) -> PartialDate: ...
    @overload
    def date(self, date: PartialDate | None, level: int) -> PartialDate | None: ...
    def date(self, date: PartialDate | None, level: int) -> PartialDate | None:
        """*date* widened to whole calendar months, quarters, years or the whole period.

        The latest day is cut at ``as_of`` (a date known to lie on or before it stays so),
        and the earliest day is never later than the original's, so the generalised date
        always contains the true one.
        """
        if date is None:
            return None
        cached = self._dates.get((date, level))
        if cached is not None:
            return cached
        first, last = date.earliest, date.latest
        if level == PERIOD:
            start, end = self.floor, dt.date(max(last.year, self.as_of.year), 12, 31)
        elif level == YEAR:
            start, end = dt.date(first.year, 1, 1), dt.date(last.year, 12, 31)
        else:
            months = 3 if level == QUARTER else 1
            m0 = (first.month - 1) // months * months + 1
            m1 = (last.month - 1) // months * months + months
            start = dt.date(first.year, m0, 1)
            end = dt.date(last.year, m1, calendar.monthrange(last.year, m1)[1])
        start, end = min(start, first), min(end, max(self.as_of, last))
        if (
            level == MONTH
            and (start.year, start.month) == (end.year, end.month)
            and (start.day == 1 and end.day == calendar.monthrange(end.year, end.month)[1])
        ):
            out = PartialDate.month(start.year, start.month)
        elif start == dt.date(start.year, 1, 1) and end == dt.date(start.year, 12, 31):
            out = PartialDate.year(start.year)
        else:
            out = PartialDate.between(start, end)
        self._dates[date, level] = out
        return out

    def birth(self, birth: PartialDate | None) -> PartialDate | None:
        """The days of birth of everyone in the same age band on ``as_of`` (see ``age_group``).

        A birth date that straddles two bands gives the days of both.
        """
        if birth is None:
            return None
        cached = self._births.get(birth)
        if cached is not None:
            return cached

        def age(born: dt.date) -> int:
            a = self.as_of
            return a.year - born.year - ((a.month, a.day) < (born.month, born.day))

        youngest, oldest = max(age(birth.latest), 0), max(age(birth.earliest), 0)
        low = max(lo for _, lo, _ in AGE_GROUPS if lo <= youngest)
        high = min(hi for _, _, hi in AGE_GROUPS if hi >= oldest)
        latest = _years_before(self.as_of, low)
        if high >= AGE_GROUPS[-1][2]:
            earliest = min(dt.date(1900, 1, 1), birth.earliest)
        else:
            earliest = _years_before(self.as_of, high + 1) + dt.timedelta(days=1)
        out = PartialDate.between(min(earliest, birth.earliest), max(latest, birth.latest))
        self._births[birth] = out
        return out


def _b(date: PartialDate | None) -> Bounds:
    return None if date is None else (date.earliest.toordinal(), date.latest.toordinal())


_OPEN: Final = (-1, -1)
_NONE: Final = (0, 0)


def _signature(  # noqa: PLR0917 - a private helper: one argument per part of the signature
    gender: str,
    birth: PartialDate | None,
    region: str | None,
    recognized: PartialDate | None,
    spells: Iterable[tuple[PartialDate, PartialDate | None, str | None]],
    convictions: Iterable[tuple[PartialDate | None, PartialDate | None]],
    observations: Iterable[tuple[str, PartialDate, PartialDate | None]],
) -> tuple[Hashable, ...]:
    return (
        gender,
        _b(birth),
        region,
        _b(recognized),
        tuple(sorted((_b(a), _b(b) or _OPEN, w or "") for a, b, w in spells)),
        tuple(sorted((_b(v) or _NONE, _b(a) or _NONE) for v, a in convictions)),
        tuple(sorted((kind, _b(a), _b(b) or _OPEN) for kind, a, b in observations)),
    )


def signature(record: Record) -> tuple[Hashable, ...]:
    """What someone who knows the person can match on, from their records as they stand."""
    p = record.person
    return _signature(
        p.gender.value,
        p.birth,
        None if p.region is None else p.region.value,
        p.recognized,
        ((s.start, s.end, s.pardon_wave) for s in record.spells),
        ((c.verdict, c.appeal) for c in record.convictions),
        ((o.kind.value, o.start, o.end) for o in record.observations),
    )


def generalise(record: Record, state: State, g: Generaliser) -> Record:
    """The person's records at the levels of *state* (ids, names and free text untouched)."""
    arrest, release, verdict, recognized, observation, wave, region, birth = state
    p = record.person
    person = attrs.evolve(
        p,
        birth=g.birth(p.birth) if birth else None,
        region=p.region if region else None,
        recognized=g.date(p.recognized, recognized),
    )
    spells = tuple(
        attrs.evolve(
            s,
            start=g.date(s.start, arrest),
            end=g.date(s.end, release),
            pardon_wave=s.pardon_wave if wave else None,
        )
        for s in record.spells
    )
    convictions = tuple(
        attrs.evolve(c, verdict=g.date(c.verdict, verdict), appeal=g.date(c.appeal, verdict))
        for c in record.convictions
    )
    observations = tuple(
        attrs.evolve(o, start=g.date(o.start, observation), end=g.date(o.end, observation))
        for o in record.observations
    )
    return Record(person, spells, convictions, observations)


class _Prepared:
    """One person's quasi-identifiers at every level, for fast signatures."""

    __slots__ = ("birth", "convictions", "gender", "observations", "recognized", "region", "spells")

    def __init__(self, record: Record, g: Generaliser) -> None:
        def at(date: PartialDate | None) -> tuple[Bounds, ...]:
            return tuple(_b(g.date(date, level)) for level in range(MONTH + 1))

        p = record.person
        self.gender = p.gender.value
        self.birth = (None, _b(g.birth(p.birth)))
        self.region = (None, None if p.region is None else p.region.value)
        self.recognized = at(p.recognized)
        self.spells = [
            (at(s.start), at(s.end) if s.end else (_OPEN,) * 4, s.pardon_wave or "")
            for s in record.spells
        ]
        self.convictions = [
            (tuple(b or _NONE for b in at(c.verdict)), tuple(b or _NONE for b in at(c.appeal)))
            for c in record.convictions
        ]
        self.observations = [
            (o.kind.value, at(o.start), at(o.end) if o.end else (_OPEN,) * 4)
            for o in record.observations
        ]

    def signature(self, state: State) -> tuple[Hashable, ...]:
        arrest, release, verdict, recognized, observation, wave, region, birth = state
        return (
            self.gender,
            self.birth[birth],
            self.region[region],
            self.recognized[recognized],
            tuple(sorted((a[arrest], b[release], w if wave else "") for a, b, w in self.spells)),
            tuple(sorted((v[verdict], a[verdict]) for v, a in self.convictions)),
            tuple(
                sorted((kind, a[observation], b[observation]) for kind, a, b in self.observations)
            ),
        )


def specialise(records: Mapping[str, Record], k: int, g: Generaliser) -> dict[str, State]:
    """The level of each person (by key) on each quasi-identifier, k-anonymous where possible.

    Every group that the specialisation ends with holds at least *k* people, except the
    people whose most general signature is already shared by fewer than *k*: they stay at
    the most general level (the caller reports them).
    """
    prepared = {key: _Prepared(r, g) for key, r in records.items()}

    def split(members: list[str], state: State) -> list[list[str]]:
        groups: dict[tuple[Hashable, ...], list[str]] = {}
        for key in members:
            groups.setdefault(prepared[key].signature(state), []).append(key)
        return [groups[s] for s in sorted(groups, key=repr)]

    def attempt(members: list[str], finer: State) -> tuple[list[list[str]], list[str]]:
        groups = split(members, finer)
        big = [grp for grp in groups if len(grp) >= k]
        rest = [key for grp in groups if len(grp) < k for key in grp]
        if 0 < len(rest) < k and big:
            largest = max(big, key=len)
            need = k - len(rest)
            if len(largest) - need >= k:
                rest += largest[-need:]
                del largest[-need:]
            else:
                smallest = min(big, key=len)
                big.remove(smallest)
                rest += smallest
        return big, sorted(rest)

    out: dict[str, State] = {}
    stack: list[tuple[list[str], State, frozenset[int]]] = [
        (group, GENERAL, frozenset()) for group in split(sorted(records), GENERAL)
    ]
    while stack:
        members, state, frozen = stack.pop()
        for dim, level in STEPS if len(members) >= k else ():
            if dim in frozen or state[dim] != level - 1:
                continue
            finer = (*state[:dim], level, *state[dim + 1 :])
            big, rest = attempt(members, finer)
            if not big:
                frozen |= {dim}
                continue
            stack.extend((grp, finer, frozenset()) for grp in big)
            if rest:
                stack.append((rest, state, frozen | {dim}))
            break
        else:
            out.update(dict.fromkeys(members, state))
    return out


def levels(records: Mapping[str, Record], states: Mapping[str, State]) -> dict[str, dict[str, int]]:
    """How many people hold each quasi-identifier at each level (only people who have it)."""
    has: dict[str, Callable[[Record], bool]] = {
        "arrest": lambda r: bool(r.spells),
        "release": lambda r: any(s.end is not None for s in r.spells),
        "verdict": lambda r: any(c.verdict or c.appeal for c in r.convictions),
        "recognized": lambda r: r.person.recognized is not None,
        "observation": lambda r: bool(r.observations),
        "pardon_wave": lambda r: any(s.pardon_wave for s in r.spells),
        "region": lambda r: r.person.region is not None,
        "birth": lambda r: r.person.birth is not None,
    }
    out: dict[str, dict[str, int]] = {}
    for i, (dim, names) in enumerate(LEVEL_NAMES.items()):
        counts = Counter(states[key][i] for key, r in records.items() if has[dim](r))
        out[dim] = {names[level]: counts[level] for level in reversed(range(len(names)))}
    return out


# -- measuring --------------------------------------------------------------------------------

#: The sets of quasi-identifiers whose unique share is measured (among people ever held).
MEASURED: Final = (
    "gender, birth year, region, arrest day",
    "arrest day, verdict day",
    "every quasi-identifier",
)


def _years(date: PartialDate | None) -> tuple[int, int] | None:
    return None if date is None else (date.earliest.year, date.latest.year)


def _first(dates: Iterable[PartialDate | None]) -> Bounds:
    known = [_b(d) for d in dates if d is not None]
    return min((b for b in known if b is not None), default=None)


def unique_shares(records: Iterable[Record]) -> dict[str, float]:
    """The share of people ever held whom each set of :data:`MEASURED` singles out.

    Birth counts by its years, the arrest by the person's first custody spell, the verdict
    by their first verdict: as published (a generalised date is matched as it stands).
    """
    held = [r for r in records if r.spells]
    keys: list[list[Hashable]] = [[], [], []]
    for r in held:
        p = r.person
        arrest = _first(s.start for s in r.spells)
        verdict = _first(c.verdict for c in r.convictions)
        region = None if p.region is None else p.region.value
        keys[0].append((p.gender.value, _years(p.birth), region, arrest))
        keys[1].append((arrest, verdict))
        keys[2].append(signature(r))
    shares = {}
    for name, values in zip(MEASURED, keys, strict=True):
        counts = Counter(values)
        unique = sum(1 for v in values if counts[v] == 1)
        shares[name] = unique / len(values) if values else 0.0
    return shares
