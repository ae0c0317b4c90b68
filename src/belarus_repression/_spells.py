"""The per-dataset index of custody spells behind the day counts and time series.

A person is held on day D when one of their custody spells covers it (``start <= D < end``),
certainly on ``[start.latest, end.earliest)`` and possibly on ``[start.earliest, end.latest)``,
and, when only recognised political prisoners count, from the day of their recognition.

:func:`build_index` makes, in one pass over the spells, the :class:`~._intervals.Coverage`
that answers "how many held on day D" for any day, and the counters of entries and exits
that time series need; :func:`index` caches it on the dataset.  A single day asked once is
cheaper to answer by a scan (:func:`scan_on`) than by building the index.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ._groups import UNKNOWN, Where, person_filter, read_where
from ._intervals import FOREVER, NEVER, Coverage, EventCounter, Interval, Tally, merge
from ._results import Count
from ._vocab import Recognition

if TYPE_CHECKING:
    from ._dataset import Records
    from ._models import CustodySpell, Person

Bounds = tuple[dt.date, dt.date]

# -- people ------------------------------------------------------------------------------------


def people_of(ds: Records, where: Where) -> list[Person]:
    test = person_filter(ds, where)
    return list(ds.persons) if test is None else [p for p in ds.persons if test(p)]


def recognition_of(ds: Records, person: Person) -> Bounds | None:
    """(possibly recognised from, certainly recognised from), or None if never."""
    if person.recognition is not Recognition.RECOGNIZED:
        return None
    if person.recognized is None:  # recognised by as_of, on an unknown day
        return NEVER, ds.as_of
    return person.recognized.earliest, person.recognized.latest


def spell_intervals(
    ds: Records, person: Person, recognized_only: bool
) -> tuple[list[Interval], list[Interval]]:
    """A person's certain intervals (disjoint) and merged possible intervals of custody."""
    spells = ds.spells_of(person.id)
    if not spells:
        return [], []
    rec_possible, rec_certain = NEVER, NEVER
    if recognized_only:
        recognition = recognition_of(ds, person)
        if recognition is None:
            return [], []
        rec_possible, rec_certain = recognition
    certain, possible = [], []
    for spell in spells:
        start, end = spell.start, spell.end
        certain.append((max(start.latest, rec_certain), FOREVER if end is None else end.earliest))
        possible.append((max(start.earliest, rec_possible), FOREVER if end is None else end.latest))
    return [c for c in certain if c[0] < c[1]], merge(possible)


class SpellIndex:
    """What the day and period counts need of a selection of people, built in one pass.

    Attributes:
        coverage: How many of them are held on each day.
        entries: The starts of their custody spells.
        exits: The ends of their custody spells, by end reason.
    """

    __slots__ = ("coverage", "entries", "exits")

    def __init__(
        self, coverage: Coverage, entries: EventCounter, exits: dict[str, EventCounter]
    ) -> None:
        self.coverage = coverage
        self.entries = entries
        self.exits = exits


def build_index(  # noqa: PLR0915 - one pass on purpose: it is the hot loop of every series
    ds: Records, people: list[Person] | None, recognized_only: bool
) -> SpellIndex:
    """One pass over the custody spells of *people* (``None``: everyone).

    An exactly dated spell holds its person on ``[start, end)``, certainly and possibly: its
    start and end go into one pair of sorted lists that both bounds share.  A partly dated
    spell adds its certain interval ``[start.latest, end.earliest)`` to the certain bound.
    Possible intervals can overlap only where a person has a partly dated spell; for those
    people the exact intervals are taken away again from the possible bound and the merged
    possible intervals of all their spells added instead.  With *recognized_only* every
    interval is first clipped to the days the person was (certainly, possibly) recognised.
    """
    spells: Iterable[CustodySpell] = ds.custody
    if people is not None:
        selected = {p.id for p in people}
        spells = [s for s in ds.custody if s.person_id in selected]
    recognition: dict[str, Bounds] | None = None
    if recognized_only:
        recognition = {}
        for person in ds.persons if people is None else people:
            bounds = recognition_of(ds, person)
            if bounds is not None:
                recognition[person.id] = bounds
    exact_starts: list[dt.date] = []  # spells dated exactly at both ends (or open)
    exact_ends: list[dt.date] = []
    starts_only: list[dt.date] = []  # exact starts of spells whose end is partly dated
    starts_partial: list[Interval] = []
    ends: dict[str, tuple[list[dt.date], list[Interval]]] = {}
    extra_starts: list[dt.date] = []  # the certain intervals of partly dated spells
    extra_ends: list[dt.date] = []
    needs_merge: set[str] = set()
    add_start, add_end = exact_starts.append, exact_ends.append
    for spell in spells:
        start, end = spell.start, spell.end
        s_early, s_late = start.earliest, start.latest
        if end is None:
            e_early = e_late = FOREVER
        else:
            e_early, e_late = end.earliest, end.latest
            events = ends.get(spell.end_reason or UNKNOWN)
            if events is None:
                events = ends[spell.end_reason or UNKNOWN] = ([], [])
            if e_early == e_late:
                events[0].append(e_early)
            else:
                events[1].append((e_early, e_late))
        exact = s_early == s_late
        if not exact:
            starts_partial.append((s_early, s_late))
        elif e_early != e_late:
            starts_only.append(s_early)
            exact = False
        if recognition is not None:
            bounds = recognition.get(spell.person_id)
            if bounds is None:
                continue
            if bounds[0] > s_early or bounds[1] > s_late:
                s_early, s_late = max(s_early, bounds[0]), max(s_late, bounds[1])
                exact = exact and s_early == s_late
        if exact:
            if s_early > e_early:  # recognised only after this spell ended
                continue
            add_start(s_early)
            if end is not None:
                add_end(e_early)
        else:
            needs_merge.add(spell.person_id)
            if s_late < e_early:
                extra_starts.append(s_late)
                if end is not None:
                    extra_ends.append(e_early)
    exits = {
        str(reason): EventCounter(exact_days, partial_days)
        for reason, (exact_days, partial_days) in sorted(ends.items())
    }
    minus_starts, minus_ends, merged_starts, merged_ends = _mergepeople_of(
        spells, needs_merge, recognition
    )
    shared = (Tally(exact_starts), Tally(exact_ends), 1)
    coverage = Coverage(
        certain=[shared, (Tally(extra_starts), Tally(extra_ends), 1)],
        possible=[
            shared,
            (Tally(merged_starts), Tally(merged_ends), 1),
            (Tally(minus_starts), Tally(minus_ends), -1),
        ],
    )
    if recognition is None:
        entries = exact_starts + starts_only
    else:
        entries = [s.start.earliest for s in spells if s.start.earliest == s.start.latest]
    return SpellIndex(coverage, EventCounter(entries, starts_partial), exits)


def _clip(
    spell: CustodySpell, recognition: dict[str, Bounds] | None
) -> tuple[dt.date, dt.date, dt.date, dt.date] | None:
    """A spell's (start earliest, start latest, end earliest, end latest), clipped.

    With *recognition*, the start is clipped to the days its person was recognised;
    ``None`` when the person never was.
    """
    start, end = spell.start, spell.end
    s_early, s_late = start.earliest, start.latest
    e_early, e_late = (FOREVER, FOREVER) if end is None else (end.earliest, end.latest)
    if recognition is not None:
        bounds = recognition.get(spell.person_id)
        if bounds is None:
            return None
        s_early, s_late = max(s_early, bounds[0]), max(s_late, bounds[1])
    return s_early, s_late, e_early, e_late


def _mergepeople_of(
    spells: Iterable[CustodySpell],
    needs_merge: set[str],
    recognition: dict[str, Bounds] | None,
) -> tuple[list[dt.date], list[dt.date], list[dt.date], list[dt.date]]:
    """Possible intervals of the people with a partly dated spell.

    Returns the exact intervals to take away from the shared layer, and the merged possible
    intervals of all their spells to add (starts and ends, sorted).
    """
    minus_starts: list[dt.date] = []
    minus_ends: list[dt.date] = []
    merged_starts: list[dt.date] = []
    merged_ends: list[dt.date] = []
    if not needs_merge:
        return minus_starts, minus_ends, merged_starts, merged_ends
    to_merge: dict[str, list[Interval]] = {}
    for spell in [s for s in spells if s.person_id in needs_merge]:
        clipped = _clip(spell, recognition)
        if clipped is None:
            continue
        s_early, s_late, e_early, e_late = clipped
        to_merge.setdefault(spell.person_id, []).append((s_early, e_late))
        # the same test as _build_index's: exactly dated as given, still exact once clipped
        start, end = spell.start, spell.end
        dated = start.earliest == start.latest and (end is None or end.earliest == end.latest)
        if dated and s_early == s_late and s_early <= e_early:
            minus_starts.append(s_early)  # it is in the shared layer: take it away again
            if spell.end is not None:
                minus_ends.append(e_early)
    for intervals in to_merge.values():
        for s_early, e_late in merge(intervals):
            merged_starts.append(s_early)
            if e_late != FOREVER:
                merged_ends.append(e_late)
    return minus_starts, minus_ends, merged_starts, merged_ends


def index(ds: Records, where: Where, recognized_only: bool) -> SpellIndex:
    """The spell index of the people *where* selects, cached on the dataset when it can be."""
    key = where_key(where)
    if key is None:
        return build_index(ds, people_of(ds, where), recognized_only)
    people = None if where is None else people_of(ds, where)
    return ds._index(  # type: ignore[no-any-return]
        ("spells", key, recognized_only), lambda: build_index(ds, people, recognized_only)
    )


def cached_index(ds: Records, where: Where, recognized_only: bool) -> SpellIndex | None:
    key = where_key(where)
    if key is None:
        return None
    cached = ds._indexes.get(("spells", key, recognized_only))
    return cached if isinstance(cached, SpellIndex) else None


def scan_on(ds: Records, day: dt.date, where: Where, recognized_only: bool) -> Count:
    """People held on one day, by one scan of the spells (no index is worth building)."""
    if where is None and not recognized_only:
        return _count_everyone_on(ds, day)
    possible = [
        s for s in ds.custody if s.start.earliest <= day and (s.end is None or day < s.end.latest)
    ]
    test = person_filter(ds, where)
    persons = ds.person_by_id
    low = 0
    held: set[str] = set()
    for spell in possible:
        person = persons[spell.person_id]
        if test is not None and not test(person):
            continue
        certain = spell.start.latest <= day and (spell.end is None or day < spell.end.earliest)
        if recognized_only:
            bounds = recognition_of(ds, person)
            if bounds is None or bounds[0] > day:
                continue
            certain = certain and bounds[1] <= day
        low += certain
        held.add(spell.person_id)
    return Count(low, len(held))


def _count_everyone_on(ds: Records, day: dt.date) -> Count:
    """Count the people held on *day*: one scan, with the few partly dated spells apart.

    Every spell that possibly holds someone on the day is counted once.  Only a partly dated
    spell can hold someone possibly but not certainly, and only a person two of whose spells
    possibly overlap can be counted twice: the dataset keeps both lists (its integrity rules
    make them), so the correction costs little.
    """
    possible = sum(
        1 for s in ds.custody if s.start.earliest <= day and (s.end is None or day < s.end.latest)
    )
    partial = [
        s
        for s in ds._partial_spell_list()
        if s.start.earliest <= day and (s.end is None or day < s.end.latest)
    ]
    certain = [
        s for s in partial if s.start.latest <= day and (s.end is None or day < s.end.earliest)
    ]
    rows = ds._spell_rows()
    repeats = 0
    for person_id in ds._possibly_overlapping().intersection(s.person_id for s in partial):
        held = [
            s
            for _, s in rows[person_id]
            if s.start.earliest <= day and (s.end is None or day < s.end.latest)
        ]
        repeats += len(held) - 1
    return Count(possible - (len(partial) - len(certain)), possible - repeats)


def where_key(where: Where) -> object:
    """A cache key for a mapping filter; ``None`` (no caching) for a predicate.

    The filter is checked and read first, so a bad filter raises even when an index is
    cached, and filters that ask the same question (``"Female"``, ``Gender.FEMALE``) share
    one key.
    """
    if where is None:
        return "everyone"
    if callable(where):
        return None
    return read_where(where)
