"""Fast counting with bounds: coverage of days by custody spells, and events in buckets.

Days are proleptic ordinals (:meth:`datetime.date.toordinal`).  A spell covers day D when
``start <= D < end``; with partial dates it *certainly* covers D on
``[start.latest, end.earliest)`` and *possibly* on ``[start.earliest, end.latest)``.

:class:`Coverage` keeps the sorted starts and ends of those intervals, so that the number of
people held on any day is four bisections.  A person's certain intervals never overlap (the
dataset forbids certainly overlapping spells); their possible intervals may, so they are
merged per person before counting.  :class:`EventCounter` counts dated events (arrests,
releases, verdicts) per bucket of days, with bounds.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from typing import Final

__all__ = ["FOREVER", "NEVER", "Coverage", "EventCounter", "merge"]

#: An ordinal after every day (an open end) and before every day (no lower bound).
FOREVER: Final = 10**7
NEVER: Final = -(10**7)


def merge(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge half-open intervals into disjoint ones (touching intervals join)."""
    if len(intervals) < 2:
        return [i for i in intervals if i[0] < i[1]]
    out: list[tuple[int, int]] = []
    for start, end in sorted(intervals):
        if start >= end:
            continue
        if out and start <= out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


class Coverage:
    """How many people are held on each day, certainly and possibly.

    Built from each person's certain intervals (disjoint) and possible intervals (merged).
    """

    __slots__ = ("_certain_ends", "_certain_starts", "_possible_ends", "_possible_starts")

    def __init__(
        self,
        certain: Iterable[tuple[int, int]],
        possible: Iterable[tuple[int, int]],
    ) -> None:
        certain = [i for i in certain if i[0] < i[1]]
        possible = list(possible)
        self._certain_starts = sorted(s for s, _ in certain)
        self._certain_ends = sorted(e for _, e in certain)
        self._possible_starts = sorted(s for s, _ in possible)
        self._possible_ends = sorted(e for _, e in possible)

    def on(self, day: int) -> tuple[int, int]:
        """(certainly held, possibly held) on the day with ordinal *day*."""
        low = bisect_right(self._certain_starts, day) - bisect_right(self._certain_ends, day)
        high = bisect_right(self._possible_starts, day) - bisect_right(self._possible_ends, day)
        return low, high

    def on_days(self, days: Sequence[int]) -> list[tuple[int, int]]:
        """:meth:`on` for many days."""
        return [self.on(day) for day in days]


class EventCounter:
    """Counts of dated events per bucket of days, certain and possible.

    An event dated ``[earliest, latest]`` is certainly in bucket ``[b0, b1)`` when both ends
    are, and possibly when any day is.  Exactly dated events are counted by bisection;
    partially dated ones one by one (they are few).
    """

    __slots__ = ("_exact", "_partial")

    def __init__(self, events: Iterable[tuple[int, int]]) -> None:
        exact: list[int] = []
        partial: list[tuple[int, int]] = []
        for earliest, latest in events:
            if earliest == latest:
                exact.append(earliest)
            else:
                partial.append((earliest, latest))
        exact.sort()
        self._exact = exact
        self._partial = partial

    def in_buckets(self, bounds: Sequence[int]) -> list[tuple[int, int]]:
        """(certain, possible) counts in each bucket ``[bounds[i], bounds[i + 1])``."""
        n = len(bounds) - 1
        exact = [bisect_left(self._exact, b) for b in bounds]
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

    def in_period(self, start: int, end: int) -> tuple[int, int]:
        """(certain, possible) counts of events in ``[start, end)``."""
        return self.in_buckets([start, end])[0]
