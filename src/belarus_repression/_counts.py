"""The counting functions: honest counts with bounds, breakdowns and time series.

Every number follows the docs' "Definitions" page to the letter:

- a custody spell covers day D when ``start <= D < end``; an open spell covers every day from
  its start up to the dataset's ``as_of``;
- periods are half-open ``[start, end)``; ``None`` is unbounded, and every period is cut at
  the dataset's ``as_of`` (the result says so in ``cut_at``);
- ``low`` counts what is certain, ``high`` what is possible: a spell certainly covers D when
  ``start.latest <= D < end.earliest`` and possibly when ``start.earliest <= D < end.latest``;
  an event is certainly in a period when all its possible days are, possibly when any is;
- counts are of people, except :func:`convictions` (verdicts) and the entries and exits of
  :func:`time_series` (custody spells).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final, Literal, overload

from ._dates import DateLike, PartialDate, read_day
from ._errors import HorizonError, Problem, UnknownKeyError, ValidationError, shorten
from ._groups import (
    MULTI_VALUED,
    By,
    Where,
    conviction_filter,
    conviction_groups,
    group_order,
    person_groups,
)
from ._intervals import FOREVER, NEVER
from ._results import Breakdown, Count, Held, Summary, TimeSeries, TimeSeriesRow
from ._spells import cached_index, people_of, scan_on, spell_intervals
from ._spells import index as spell_index
from ._vocab import EndReason, ObservationKind

if TYPE_CHECKING:
    from ._dataset import Records
    from ._models import CustodySpell, Person

__all__ = [
    "convictions",
    "deaths_in_custody",
    "held_on",
    "in_custody",
    "observed",
    "pardons",
    "releases",
    "term_summary",
    "time_series",
    "time_served_summary",
]

Freq = Literal["day", "week", "month", "year"]
FREQS: Final = ("day", "week", "month", "year")


# -- days and periods --------------------------------------------------------------------------

_DAY: Final = dt.timedelta(days=1)


def _day(ds: Records, on: object, name: str = "on") -> dt.date:
    """An exact day, in any form :func:`read_day` reads, no later than the dataset's horizon."""
    day = read_day(on, name)
    if day > ds.as_of:
        raise HorizonError(day, ds.as_of, "the day" if name == "on" else f"the period's {name}")
    return day


def _period(ds: Records, start: object, end: object) -> tuple[dt.date, dt.date, dt.date | None]:
    """The period ``[start, end)`` cut at ``as_of``; and the cut day, if it was cut.

    Both ends are exact days in any form :func:`read_day` reads: text that names more than
    one day (``"2021"``) is refused on either side, never read as its first day.
    """
    first = NEVER if start is None else _day(ds, start, "start")
    horizon = ds.as_of + _DAY
    if end is None:
        return first, horizon, ds.as_of
    last = read_day(end, "end")
    if last < first:
        raise ValidationError(
            [
                Problem(
                    "range.reversed",
                    f"the period ends ({last}) before it starts ({first})",
                    value=shorten(end),
                ).at(path="end")
            ]
        )
    if last > horizon:
        return first, horizon, ds.as_of
    return first, last, None


Bounds = tuple[dt.date, dt.date]


def _bounds(date: PartialDate | None, unknown: Bounds) -> Bounds:
    if date is None:
        return unknown
    return date.earliest, date.latest


def _in_period(bounds: Bounds, first: dt.date, last: dt.date) -> tuple[bool, bool]:
    """(certainly, possibly) inside ``[first, last)``; nothing is inside an empty period."""
    earliest, latest = bounds
    if last <= first:
        return False, False
    return first <= earliest and latest < last, latest >= first and earliest < last


def _unknown(ds: Records) -> Bounds:
    """The bounds of a date known only to be no later than ``as_of``."""
    return NEVER, ds.as_of


def _breakdown(
    groups_of: Callable[[Any], tuple[str, ...]],
    items: Iterable[tuple[Any, bool, bool]],
    by: str,
    cut_at: dt.date | None = None,
    extra: Count | None = None,
    *,
    single: frozenset[str] = frozenset(),
) -> Breakdown:
    """Sum (certain, possible) flags per group of each item.

    *single* names keys that put each item in one group although they are multi-valued for
    people (a verdict has one sentence kind).
    """
    low: dict[str, int] = {}
    high: dict[str, int] = {}
    total_low = total_high = 0
    for item, certain, possible in items:
        if not possible:
            continue
        total_low += certain
        total_high += possible
        for group in groups_of(item):
            low[group] = low.get(group, 0) + certain
            high[group] = high.get(group, 0) + possible
    total = Count(total_low, total_high, cut_at)
    if extra is not None:
        total = Count(total.low, total.high + extra.high, cut_at)
    ordered = group_order(by, high)
    return Breakdown(
        by=by,
        groups={g: Count(low[g], high[g], cut_at) for g in ordered},
        total=total,
        partitions=by not in MULTI_VALUED or by in single,
    )


# -- the counting functions --------------------------------------------------------------------


@overload
def in_custody(
    ds: Records,
    on: DateLike,
    *,
    recognized_only: bool = ...,
    where: Where = ...,
    by: None = ...,
) -> Count: ...
@overload
def in_custody(
    ds: Records, on: DateLike, *, recognized_only: bool = ..., where: Where = ..., by: str
) -> Breakdown: ...


def in_custody(
    ds: Records,
    on: DateLike,
    *,
    recognized_only: bool = False,
    where: Where = None,
    by: By = None,
) -> Count | Breakdown:
    """How many people were deprived of liberty on a day.

    Args:
        ds: The dataset.
        on: The day (no later than ``ds.as_of``).
        recognized_only: Count only people recognised as political prisoners by that day
            (certainly: recognised on or before it; possibly: perhaps recognised by then).
            This is how organisations count political prisoners.
        where: A filter on people (see :doc:`/definitions`).
        by: A breakdown key (``gender``, ``region``, ``role``, ``article``, ...).

    Returns:
        A :class:`Count`, or a :class:`Breakdown` when *by* is given.

    Raises:
        HorizonError: when *on* is after the dataset's ``as_of``.
        UnknownKeyError: for an unknown filter or breakdown key.

    .. versionadded:: 0.1.0
    """
    day = _day(ds, on)
    if by is None:
        index = cached_index(ds, where, recognized_only)
        if index is None:  # one day: a scan costs less than building the index
            return scan_on(ds, day, where, recognized_only)
        return Count(*index.coverage.on(day))

    def flags(person: Person) -> tuple[Person, bool, bool]:
        certain, possible = spell_intervals(ds, person, recognized_only)
        return (
            person,
            any(s <= day < e for s, e in certain),
            any(s <= day < e for s, e in possible),
        )

    people = people_of(ds, where)
    return _breakdown(lambda p: person_groups(ds, p, by, day), map(flags, people), by)


def held_on(
    ds: Records, on: DateLike, *, recognized_only: bool = False, where: Where = None
) -> Held:
    """Who was deprived of liberty on a day, certainly and possibly.

    The people behind :func:`in_custody`'s count of the same question: as many certainly
    held as its ``low``, as many possibly held as its ``high``.

    Args:
        ds: The dataset.
        on: The day (no later than ``ds.as_of``), in any form
            :func:`~belarus_repression.read_day` reads.
        recognized_only: Only people recognised as political prisoners by that day.
        where: A filter on people (see :doc:`/definitions`).

    Returns:
        A :class:`Held`: the people certainly and possibly held, in dataset order.

    Raises:
        HorizonError: when *on* is after the dataset's ``as_of``.
        UnknownKeyError: for an unknown filter key or value.

    .. versionadded:: 0.2.0
    """
    day = _day(ds, on)
    certainly, possibly = [], []
    for person in people_of(ds, where):
        certain, possible = spell_intervals(ds, person, recognized_only)
        if any(s <= day < e for s, e in possible):
            possibly.append(person)
            if any(s <= day < e for s, e in certain):
                certainly.append(person)
    return Held(day, tuple(certainly), tuple(possibly))


@overload
def convictions(
    ds: Records,
    start: DateLike | None = ...,
    end: DateLike | None = ...,
    *,
    where: Where = ...,
    by: None = ...,
) -> Count: ...
@overload
def convictions(
    ds: Records,
    start: DateLike | None = ...,
    end: DateLike | None = ...,
    *,
    where: Where = ...,
    by: str,
) -> Breakdown: ...


def convictions(
    ds: Records,
    start: DateLike | None = None,
    end: DateLike | None = None,
    *,
    where: Where = None,
    by: By = None,
) -> Count | Breakdown:
    """How many verdicts were handed down in ``[start, end)`` (verdicts, not people).

    A verdict with no date is possible in any period up to ``as_of``.  With ``where`` and
    ``by``, a verdict is selected and grouped by its own articles and sentence kind, and by
    its person's other keys: ``where={"article": "342"}`` counts the verdicts under
    article 342.

    .. versionadded:: 0.1.0
    """
    first, last, cut = _period(ds, start, end)
    test = conviction_filter(ds, where)
    unknown = _unknown(ds)
    items = []
    for conviction in ds.convictions:
        if test is not None and not test(conviction):
            continue
        certain, possible = _in_period(_bounds(conviction.verdict, unknown), first, last)
        items.append((conviction, certain, possible))
    if by is None:
        return Count(sum(c for _, c, _ in items), sum(p for _, _, p in items), cut)
    one_each = frozenset({"sentence_kind"})  # a verdict has one sentence
    return _breakdown(lambda c: conviction_groups(ds, c, by, None), items, by, cut, single=one_each)


def _person_events(
    ds: Records,
    people: list[Person],
    first: dt.date,
    last: dt.date,
    keep: Callable[[CustodySpell], bool],
) -> list[tuple[Person, bool, bool]]:
    """Per person: whether some kept spell's end is certainly / possibly in the period."""
    out = []
    for person in people:
        certain = possible = False
        for spell in ds.spells_of(person.id):
            if spell.end is None or not keep(spell):
                continue
            c, p = _in_period((spell.end.earliest, spell.end.latest), first, last)
            certain |= c
            possible |= p
        out.append((person, certain, possible))
    return out


def _reasons(reason: EndReason | str | Iterable[EndReason | str] | None) -> frozenset[EndReason]:
    if reason is None:
        return frozenset(EndReason) - {EndReason.DIED_IN_CUSTODY}
    values = [reason] if isinstance(reason, str) else list(reason)
    out = set()
    for value in values:
        try:
            out.add(EndReason(value))
        except ValueError:
            raise UnknownKeyError(value, [r.value for r in EndReason], "end reason") from None
    return frozenset(out)


def _flow(
    ds: Records,
    items: list[tuple[Person, bool, bool]],
    by: By,
    cut: dt.date | None,
    extra: Count | None = None,
) -> Count | Breakdown:
    if by is None:
        low = sum(c for _, c, _ in items)
        high = sum(p for _, _, p in items) + (extra.high if extra else 0)
        return Count(low, high, cut)
    return _breakdown(lambda p: person_groups(ds, p, by, None), items, by, cut, extra)


@overload
def releases(
    ds: Records,
    start: DateLike | None = ...,
    end: DateLike | None = ...,
    *,
    reason: EndReason | str | Iterable[EndReason | str] | None = ...,
    where: Where = ...,
    by: None = ...,
) -> Count: ...
@overload
def releases(
    ds: Records,
    start: DateLike | None = ...,
    end: DateLike | None = ...,
    *,
    reason: EndReason | str | Iterable[EndReason | str] | None = ...,
    where: Where = ...,
    by: str,
) -> Breakdown: ...


def releases(
    ds: Records,
    start: DateLike | None = None,
    end: DateLike | None = None,
    *,
    reason: EndReason | str | Iterable[EndReason | str] | None = None,
    where: Where = None,
    by: By = None,
) -> Count | Breakdown:
    """How many people left custody in ``[start, end)``.

    Args:
        ds: The dataset.
        start: The first day of the period (``None``: unbounded).
        end: The day after the period (``None``: up to ``as_of``).
        reason: Count only these end reasons (one or several); by default every reason but
            death in custody (see :func:`deaths_in_custody`).
        where: A filter on people.
        by: A breakdown key.

    .. versionadded:: 0.1.0
    """
    first, last, cut = _period(ds, start, end)
    reasons = _reasons(reason)
    keep_unknown = EndReason.UNKNOWN in reasons

    def keep(spell: CustodySpell) -> bool:
        return spell.end_reason in reasons or (spell.end_reason is None and keep_unknown)

    return _flow(ds, _person_events(ds, people_of(ds, where), first, last, keep), by, cut)


@overload
def deaths_in_custody(
    ds: Records,
    start: DateLike | None = ...,
    end: DateLike | None = ...,
    *,
    where: Where = ...,
    by: None = ...,
) -> Count: ...
@overload
def deaths_in_custody(
    ds: Records,
    start: DateLike | None = ...,
    end: DateLike | None = ...,
    *,
    where: Where = ...,
    by: str,
) -> Breakdown: ...


def deaths_in_custody(
    ds: Records,
    start: DateLike | None = None,
    end: DateLike | None = None,
    *,
    where: Where = None,
    by: By = None,
) -> Count | Breakdown:
    """How many people died in custody in ``[start, end)``.

    .. versionadded:: 0.1.0
    """
    first, last, cut = _period(ds, start, end)

    def keep(spell: CustodySpell) -> bool:
        return spell.end_reason is EndReason.DIED_IN_CUSTODY

    return _flow(ds, _person_events(ds, people_of(ds, where), first, last, keep), by, cut)


@overload
def pardons(
    ds: Records,
    start: DateLike | None = ...,
    end: DateLike | None = ...,
    *,
    where: Where = ...,
    by: None = ...,
) -> Count: ...
@overload
def pardons(
    ds: Records,
    start: DateLike | None = ...,
    end: DateLike | None = ...,
    *,
    where: Where = ...,
    by: str,
) -> Breakdown: ...


def pardons(
    ds: Records,
    start: DateLike | None = None,
    end: DateLike | None = None,
    *,
    where: Where = None,
    by: By = None,
) -> Count | Breakdown:
    """How many people were released by pardon in ``[start, end)``.

    ``low`` counts the identified people whose custody ended by pardon certainly in the
    period.  ``high`` counts those possibly in it and adds, for each pardon wave possibly in
    the period, ``max(0, announced_count - identified)``: the members the announcement
    counted whom the data does not name.  A filter cannot select unnamed people, so with
    *where* nothing is added for them; with *by* they appear only in the total's ``high``.

    .. versionadded:: 0.1.0
    """
    first, last, cut = _period(ds, start, end)

    def keep(spell: CustodySpell) -> bool:
        return spell.end_reason is EndReason.PARDON

    items = _person_events(ds, people_of(ds, where), first, last, keep)
    unnamed = 0
    if where is None:
        for wave in ds.pardon_waves:
            if wave.announced_count is None:
                continue
            _, possible = _in_period((wave.date.earliest, wave.date.latest), first, last)
            if possible:
                named = len({s.person_id for s in ds.spells_in_wave(wave.id)})
                unnamed += max(0, wave.announced_count - named)
    return _flow(ds, items, by, cut, Count(0, unnamed))


@overload
def observed(
    ds: Records,
    kind: ObservationKind | str,
    on: DateLike,
    *,
    where: Where = ...,
    by: None = ...,
) -> Count: ...
@overload
def observed(
    ds: Records,
    kind: ObservationKind | str,
    on: DateLike,
    *,
    where: Where = ...,
    by: str,
) -> Breakdown: ...


def observed(
    ds: Records,
    kind: ObservationKind | str,
    on: DateLike,
    *,
    where: Where = None,
    by: By = None,
) -> Count | Breakdown:
    """How many people were in a state on a day: incommunicado, seriously ill, ...

    An observation covers day D when ``start <= D < end`` (open: up to ``as_of``), with the
    same certain/possible bounds as custody.

    .. versionadded:: 0.1.0
    """
    try:
        wanted = ObservationKind(kind)
    except ValueError:
        raise UnknownKeyError(
            kind, [k.value for k in ObservationKind], "observation kind"
        ) from None
    day = _day(ds, on)
    items = []
    for person in people_of(ds, where):
        certain = possible = False
        for obs in ds.observations_of(person.id):
            if obs.kind is not wanted:
                continue
            end_early = FOREVER if obs.end is None else obs.end.earliest
            end_late = FOREVER if obs.end is None else obs.end.latest
            certain |= obs.start.latest <= day < end_early
            possible |= obs.start.earliest <= day < end_late
        items.append((person, certain, possible))
    if by is None:
        return Count(sum(c for _, c, _ in items), sum(p for _, _, p in items))
    return _breakdown(lambda p: person_groups(ds, p, by, day), items, by)


# -- time series -------------------------------------------------------------------------------


def _bucket_starts(first: dt.date, last: dt.date, freq: str) -> list[dt.date]:
    """The first days of the buckets from the one holding *first* through the one after *last*."""
    if freq not in FREQS:
        raise UnknownKeyError(freq, FREQS, "frequency")
    if freq == "day":
        day = first
    elif freq == "week":
        day = first - dt.timedelta(days=first.weekday())
    elif freq == "month":
        day = first.replace(day=1)
    else:
        day = first.replace(month=1, day=1)
    out = [day]
    while out[-1] <= last:
        out.append(_next_bucket(out[-1], freq))
    return out


def _next_bucket(day: dt.date, freq: str) -> dt.date:
    if freq == "day":
        return day + dt.timedelta(days=1)
    if freq == "week":
        return day + dt.timedelta(days=7)
    if freq == "month":
        return day.replace(day=calendar.monthrange(day.year, day.month)[1]) + dt.timedelta(days=1)
    return day.replace(year=day.year + 1)


def time_series(
    ds: Records,
    start: DateLike,
    end: DateLike | None = None,
    freq: Freq = "month",
    *,
    recognized_only: bool = False,
    where: Where = None,
) -> TimeSeries:
    """People held at the end of each bucket, and custody spells begun and ended in it.

    Buckets are calendar days, weeks (Monday first), months or years; the first holds
    *start*, the last holds the day before *end* (or ``as_of``).  ``held`` is counted on each
    bucket's last day; ``entries`` and ``exits`` count custody spells whose start or end falls
    in the bucket, exits by end reason.  On exact data without ``recognized_only`` the
    stock-flow identity holds: held(last day of a bucket) - held(last day of the bucket
    before) = entries - exits of the bucket.

    .. versionadded:: 0.1.0
    """
    first, stop, cut = _period(ds, start, end)
    if first == NEVER:
        raise ValueError("a time series needs a start")
    starts = _bucket_starts(first, stop - _DAY, freq)
    spells = spell_index(ds, where, recognized_only)
    held = spells.coverage.on_days([min(b - _DAY, ds.as_of) for b in starts[1:]])
    entries = spells.entries.in_buckets(starts)
    exits = {reason: counter.in_buckets(starts) for reason, counter in spells.exits.items()}
    rows = tuple(
        TimeSeriesRow(
            start=starts[i],
            end=starts[i + 1],
            held=Count(*held[i]),
            entries=Count(*entries[i]),
            exits={reason: Count(*counts[i]) for reason, counts in exits.items()},
        )
        for i in range(len(starts) - 1)
    )
    return TimeSeries(freq, rows, recognized_only, cut)


# -- summaries ---------------------------------------------------------------------------------


def _summary(what: str, values: list[float], left_out: Mapping[str, int]) -> Summary:
    import statistics  # noqa: PLC0415 - only summaries need it; keeps the import light

    kept = {k: v for k, v in left_out.items() if v}
    if not values:
        return Summary(what, 0, kept)
    values.sort()
    if len(values) > 1:
        q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    else:
        q1 = median = q3 = values[0]
    return Summary(
        what, len(values), kept, values[0], q1, median, q3, values[-1], statistics.fmean(values)
    )


def term_summary(
    ds: Records,
    start: DateLike | None = None,
    end: DateLike | None = None,
    *,
    where: Where = None,
) -> Summary:
    """Sentence terms (in months) of the verdicts in ``[start, end)``.

    ``where`` selects verdicts as :func:`convictions` does.  Only verdicts certainly in the
    period count.  Left out, with a count each: verdicts
    possibly but not certainly in the period, without a sentence, without a term, and life
    sentences.

    .. versionadded:: 0.1.0
    """
    first, last, _ = _period(ds, start, end)
    test = conviction_filter(ds, where)
    unknown = _unknown(ds)
    values: list[float] = []
    left_out = {"date uncertain": 0, "no sentence": 0, "no term": 0, "life": 0}
    for conviction in ds.convictions:
        if test is not None and not test(conviction):
            continue
        certain, possible = _in_period(_bounds(conviction.verdict, unknown), first, last)
        if not possible:
            continue
        sentence = conviction.sentence
        if not certain:
            left_out["date uncertain"] += 1
        elif sentence is None:
            left_out["no sentence"] += 1
        elif sentence.term is None:
            left_out["no term"] += 1
        elif sentence.term.life:
            left_out["life"] += 1
        else:
            values.append(round(sentence.term.total_months or 0.0, 3))
    return _summary("sentence term (months)", values, left_out)


def time_served_summary(ds: Records, *, where: Where = None, include_open: bool = False) -> Summary:
    """Lengths of custody spells in days (the release day is not counted: ``end - start``).

    Spells with a partly known start or end are left out (their lengths are not known),
    and so are open spells unless *include_open*, which counts them up to ``as_of``.

    .. versionadded:: 0.1.0
    """
    values: list[float] = []
    left_out = {"still held": 0, "dates uncertain": 0}
    for person in people_of(ds, where):
        for spell in ds.spells_of(person.id):
            if spell.end is None and not include_open:
                left_out["still held"] += 1
                continue
            end = spell.end or PartialDate.day(ds.as_of + dt.timedelta(days=1))
            if not (spell.start.is_exact and end.is_exact):
                left_out["dates uncertain"] += 1
                continue
            values.append(float((end.earliest - spell.start.earliest).days))
    return _summary("time in custody (days)", values, left_out)
