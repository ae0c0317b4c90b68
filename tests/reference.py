"""A slow, obviously correct reference for the counting functions.

It knows nothing of intervals, bisection or bounds formulas.  It takes a dataset, fixes every
partial date to one exact day (a *refinement*), and counts by looking at each record, day by
day.  Bounds are then the minimum and maximum over all refinements.

To keep the number of refinements small, a partial date is refined only to one day per class
of days that the question cannot tell apart: days that compare alike with every *critical*
day of the question (the day asked about, the ends of the period).  Two days in one class
give the same answer to every comparison the question makes, so nothing is lost.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator
from typing import Any

import belarus_repression as br

EARLY = dt.date(1900, 1, 1)
Slot = tuple[str, str, str]  # (table, record id, field)
Assignment = dict[Slot, dt.date]


def _representatives(low: dt.date, high: dt.date, critical: list[dt.date]) -> list[dt.date]:
    """One day of ``[low, high]`` per class of days that compare alike with every critical day.

    Each class is an interval between critical days, so its members include one of: the ends
    of the range, or a critical day, or the day before or after one.
    """
    one = dt.timedelta(days=1)
    candidates = {low, high}
    for c in critical:
        candidates |= {c - one, c, c + one}
    seen: dict[tuple[bool, ...], dt.date] = {}
    for day in sorted(d for d in candidates if low <= d <= high):
        key = tuple(day < c for c in critical) + tuple(day == c for c in critical)
        seen.setdefault(key, day)
    return list(seen.values())


def slots(ds: br.Dataset, critical: list[dt.date]) -> dict[Slot, list[dt.date]]:
    """Every dated fact of the dataset and the days it may be, one per class."""
    out: dict[Slot, list[dt.date]] = {}
    unknown = (EARLY, ds.as_of)  # a date known only to be no later than as_of

    def add(slot: Slot, date: br.PartialDate | None, when_missing: object) -> None:
        if date is not None:
            out[slot] = _representatives(date.earliest, date.latest, critical)
        elif when_missing is not None:
            out[slot] = _representatives(*unknown, critical)

    for p in ds.persons:
        recognized = p.recognition is br.Recognition.RECOGNIZED
        add(("persons", p.id, "recognized"), p.recognized, unknown if recognized else None)
    for s in ds.custody:
        add(("custody", s.id, "start"), s.start, None)
        add(("custody", s.id, "end"), s.end, None)
    for c in ds.convictions:
        add(("convictions", c.id, "verdict"), c.verdict, unknown)
    for w in ds.pardon_waves:
        add(("pardon_waves", w.id, "date"), w.date, None)
    for o in ds.observations:
        add(("observations", o.id, "start"), o.start, None)
        add(("observations", o.id, "end"), o.end, None)
    return out


def count_refinements(ds: br.Dataset, critical: list[dt.date]) -> int:
    total = 1
    for days in slots(ds, critical).values():
        total *= len(days)
    return total


def refinements(ds: br.Dataset, critical: list[dt.date]) -> Iterator[Assignment]:
    found = slots(ds, critical)
    keys = list(found)
    for choice in itertools.product(*(found[k] for k in keys)):
        yield dict(zip(keys, choice, strict=True))


def bounds(values: list[int]) -> tuple[int, int]:
    return min(values), max(values)


# -- exact counts on one refinement ----------------------------------------------------------


def held(
    ds: br.Dataset,
    a: Assignment,
    day: dt.date,
    recognized_only: bool,
    keep: Callable[[br.Person], bool],
) -> int:
    """People in custody on *day*: some spell with start <= day < end."""
    n = 0
    for p in ds.persons:
        if not keep(p):
            continue
        if recognized_only:
            if p.recognition is not br.Recognition.RECOGNIZED:
                continue
            if a[("persons", p.id, "recognized")] > day:
                continue
        for s in ds.custody:
            if s.person_id != p.id:
                continue
            start = a[("custody", s.id, "start")]
            end = a.get(("custody", s.id, "end"))
            if start <= day and (end is None or day < end):
                n += 1
                break
    return n


def verdicts(ds: br.Dataset, a: Assignment, first: dt.date, last: dt.date) -> int:
    """Verdicts dated in [first, last)."""
    return sum(first <= a[("convictions", c.id, "verdict")] < last for c in ds.convictions)


def people_released(
    ds: br.Dataset, a: Assignment, first: dt.date, last: dt.date, keep_spell: Callable[[Any], bool]
) -> int:
    """People with some kept spell ending in [first, last)."""
    people = set()
    for s in ds.custody:
        end = a.get(("custody", s.id, "end"))
        if end is not None and keep_spell(s) and first <= end < last:
            people.add(s.person_id)
    return len(people)


def unnamed_pardoned(ds: br.Dataset, a: Assignment, first: dt.date, last: dt.date) -> int:
    """Announced members of waves dated in [first, last) whom the data does not name."""
    n = 0
    for w in ds.pardon_waves:
        if w.announced_count is not None and first <= a[("pardon_waves", w.id, "date")] < last:
            named = {s.person_id for s in ds.custody if s.pardon_wave == w.id}
            n += max(0, w.announced_count - len(named))
    return n


def observed_on(ds: br.Dataset, a: Assignment, kind: br.ObservationKind, day: dt.date) -> int:
    people = set()
    for o in ds.observations:
        if o.kind is not kind:
            continue
        start = a[("observations", o.id, "start")]
        end = a.get(("observations", o.id, "end"))
        if start <= day and (end is None or day < end):
            people.add(o.person_id)
    return len(people)


# -- exact data: a day-by-day walk -----------------------------------------------------------


def walk_series(
    ds: br.Dataset, buckets: list[tuple[dt.date, dt.date]]
) -> list[tuple[int, int, dict[str, int]]]:
    """For exact data: (held on the last day, spells begun, spells ended by reason) per bucket,
    by walking every day of every bucket and looking at every spell."""
    out = []
    for b0, b1 in buckets:
        last = min(b1 - dt.timedelta(days=1), ds.as_of)
        on_last = len(
            {
                s.person_id
                for s in ds.custody
                if s.start.earliest <= last and (s.end is None or last < s.end.earliest)
            }
        )
        begun = 0
        ended: dict[str, int] = {}
        day = b0
        while day < b1:
            for s in ds.custody:
                if s.start.earliest == day:
                    begun += 1
                if s.end is not None and s.end.earliest == day:
                    reason = s.end_reason.value if s.end_reason else "unknown"
                    ended[reason] = ended.get(reason, 0) + 1
            day += dt.timedelta(days=1)
        out.append((on_last, begun, ended))
    return out
