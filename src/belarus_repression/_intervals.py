"""Fast counting with bounds: coverage of days by custody spells, and events in buckets.

Days are :class:`datetime.date` objects, compared directly.  A spell covers day D when
``start <= D < end``; with partial dates it *certainly* covers D on
``[start.latest, end.earliest)`` and *possibly* on ``[start.earliest, end.latest)``.

:class:`Coverage` keeps running totals of the starts and ends of those intervals, so that
the number of people held on any day is a few bisections.  A person's certain intervals
never overlap (the dataset forbids certainly overlapping spells); their possible intervals
may, so they are merged per person before counting.  :class:`EventCounter` counts dated
events (arrests, releases, verdicts) per bucket of days, with bounds.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import accumulate
from typing import Final

__all__ = ["FOREVER", "NEVER", "Coverage", "EventCounter", "Interval", "Tally", "merge"]

#: A day after every day (an open end) and a day before every day (no lower bound).
FOREVER: Final = dt.date.max
NEVER: Final = dt.date.min

Interval = tuple[dt.date, dt.date]


def merge(intervals: list[Interval]) -> list[Interval]:
    """Merge half-open intervals into disjoint ones (touching intervals join)."""
    if len(intervals) < 2:
        return [i for i in intervals if i[0] < i[1]]
    out: list[Interval] = []
    for start, end in sorted(intervals):
        if start >= end:
            continue
        if out and start <= out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


class Tally:
    """How many of some days fall on or before, or before, any given day.

    Keeps the distinct days, sorted, with running totals: counting 150,000 dates this way is
    several times faster than sorting them, since a dataset spans only a few thousand days.
    """

    __slots__ = ("_days", "_totals")

    def __init__(self, days: Iterable[dt.date]) -> None:
        counts = Counter(days)
        self._days = sorted(counts)
        self._totals = [0, *accumulate(counts[day] for day in self._days)]

    def upto(self, day: dt.date) -> int:
        """How many of the days are on or before *day*."""
        return self._totals[bisect_right(self._days, day)]

    def before(self, day: dt.date) -> int:
        """How many of the days are before *day*."""
        return self._totals[bisect_left(self._days, day)]


class Coverage:
    """How many people are held on each day, certainly and possibly.

    Each bound is a sum of *layers*: sorted starts and sorted ends of half-open intervals,
    with a sign.  The number of a layer's intervals holding day D is
    ``#(starts <= D) - #(ends <= D)`` (an interval without an end has no entry in ends).
    Layers let the exactly dated spells, which are most of them, share one pair of sorted
    lists between both bounds, while the few partly dated ones add or take away their own.
    """

    __slots__ = ("_certain", "_possible")

    def __init__(
        self,
        certain: list[tuple[Tally, Tally, int]],
        possible: list[tuple[Tally, Tally, int]],
    ) -> None:
        """Take (starts, ends, sign) layers for each bound."""
        self._certain = certain
        self._possible = possible

    @staticmethod
    def _held(layers: list[tuple[Tally, Tally, int]], day: dt.date) -> int:
        return sum(sign * (starts.upto(day) - ends.upto(day)) for starts, ends, sign in layers)

    def on(self, day: dt.date) -> tuple[int, int]:
        """(certainly held, possibly held) on *day*."""
        return self._held(self._certain, day), self._held(self._possible, day)

    def on_days(self, days: Sequence[dt.date]) -> list[tuple[int, int]]:
        """:meth:`on` for many days."""
        return [self.on(day) for day in days]


class EventCounter:
    """Counts of dated events per bucket of days, certain and possible.

    An event dated ``[earliest, latest]`` is certainly in bucket ``[b0, b1)`` when both ends
    are, and possibly when any day is.  Exactly dated events are counted by bisection;
    partially dated ones one by one (they are few).
    """

    __slots__ = ("_exact", "_partial")

    def __init__(self, exact: Iterable[dt.date], partial: list[Interval]) -> None:
        """Take the days of exactly dated events and the bounds of partly dated ones."""
        self._exact = Tally(exact)
        self._partial = partial

    def in_buckets(self, bounds: Sequence[dt.date]) -> list[tuple[int, int]]:
        """(certain, possible) counts in each bucket ``[bounds[i], bounds[i + 1])``."""
        n = len(bounds) - 1
        exact = [self._exact.before(b) for b in bounds]
        low = [exact[i + 1] - exact[i] for i in range(n)]
        high = low.copy()
        extra = [0] * (n + 1)  # difference array of the partial events' possible buckets
        for earliest, latest in self._partial:
            first = bisect_right(bounds, earliest) - 1
            last = bisect_right(bounds, latest) - 1
            if last < 0 or first >= n:
                continue
            first, last = max(first, 0), min(last, n - 1)
            if first == last and bounds[first] <= earliest and latest < bounds[first + 1]:
                low[first] += 1
            extra[first] += 1
            extra[last + 1] -= 1
        running = 0
        for i in range(n):
            running += extra[i]
            high[i] += running
        return list(zip(low, high, strict=True))
