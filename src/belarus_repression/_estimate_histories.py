"""Capture histories: who is on which list, once the lists are linked.

:func:`capture_histories` links every pair of lists with :func:`~belarus_repression.link`,
joins the records linked into one person, and counts the people of each *pattern of
presence* (on lists A and C but not B: ``"101"``).  What the data leave open is kept open:

- a person whose partly known dates only *possibly* put them on a list on the day (or in the
  period) asked about may or may not be on it;
- a link whose score is below *sure_score* may or may not join two records of one person.

The counts of each pattern are then bounds (:class:`~belarus_repression.Count`: certainly,
possibly), and the histories hold one exact table per *resolution*: uncertain links joined or
split, presence counted when possible or only when certain.  The estimators report the
estimate under each.
"""

from __future__ import annotations

import datetime as dt
import string
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from ._counts import _period
from ._dataset import Dataset
from ._errors import UnknownKeyError
from ._estimate_linking import AS_OBSERVED, On, link_records
from ._estimate_linking import pattern as _pattern
from ._groups import BY_KEYS, MULTI_VALUED, Where, group_order
from ._html import html_table
from ._results import Count

__all__ = ["CaptureHistories", "capture_histories", "read_pattern"]


def read_pattern(pattern: str | Sequence[bool | int], k: int) -> int:
    """A pattern (``"101"`` or ``(1, 0, 1)``) as a number whose first list is the top bit.

    Raises:
        ValueError: for a pattern of the wrong length, of anything but 0 and 1, or of no
            list at all.
    """
    bits = list(pattern)
    if len(bits) != k or any(str(b) not in ("0", "1", "True", "False") for b in bits):
        raise ValueError(f"a pattern of {k} lists is {k} zeros and ones, not {pattern!r}")
    mask = 0
    for b in bits:
        mask = (mask << 1) | (str(b) in ("1", "True"))
    if mask == 0:
        raise ValueError("the pattern of no list at all cannot be observed: leave it out")
    return mask


@attrs.frozen
class CaptureHistories:
    """How many people show each pattern of presence across linked lists.

    A pattern is written with one digit a list, in the order of ``lists``: ``"101"`` is on
    the first and third lists and not on the second.

    Attributes:
        lists: The names of the lists, in order.
        counts: For every pattern somebody may show, how many people certainly and possibly
            show it (partly known dates and uncertain links widen the bounds).
        resolutions: One exact table ``{pattern: people}`` for each way of resolving what
            is uncertain, by name; the first is the headline one (uncertain links joined,
            presence counted when possible).  ``{"as observed": ...}`` when nothing is
            uncertain.
        on: The day or period ``(start, end)`` asked about, or ``None`` for everyone on the
            lists.
        by: The key of the strata, or ``None``.
        strata: The histories of each stratum, by group (with an ``unknown`` group): their
            tables add up to these.
        uncertain_links: How many links scored below the sure score.
        notes: What the linking found that a reader should know, in words.

    .. versionadded:: 0.2.0
    """

    lists: tuple[str, ...]
    counts: dict[str, Count]
    resolutions: dict[str, dict[str, int]]
    on: dt.date | tuple[dt.date, dt.date] | None = None
    by: str | None = None
    strata: dict[str, CaptureHistories] = attrs.field(factory=dict)
    uncertain_links: int = 0
    notes: tuple[str, ...] = ()

    @classmethod
    def from_counts(
        cls, lists: Sequence[str], counts: Mapping[str, int] | Mapping[tuple[int, ...], int]
    ) -> CaptureHistories:
        """Capture histories from a table of counts, as published studies print them.

        Args:
            lists: The names of the lists.
            counts: How many people show each pattern, such as ``{"110": 33, "100": 403}``
                (or with tuples of 0 and 1); patterns left out have nobody.

        Returns:
            Exact histories (every count certain).

        Raises:
            ValueError: for fewer than two lists, repeated names, a malformed pattern, the
                pattern of no list, or a count that is not a whole number at least 0.

        .. versionadded:: 0.2.0
        """
        names = tuple(str(name) for name in lists)
        if len(names) < 2 or len(set(names)) != len(names):
            raise ValueError(f"capture histories need two lists or more, each named once: {names}")
        table: dict[str, int] = {}
        for key, value in counts.items():
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"a count is a whole number at least 0, not {value!r}")
            pattern = _pattern(read_pattern(key, len(names)), len(names))
            if value:
                table[pattern] = table.get(pattern, 0) + value
        table = dict(sorted(table.items(), reverse=True))
        return cls(names, {p: Count(n, n) for p, n in table.items()}, {AS_OBSERVED: table})

    @property
    def table(self) -> dict[str, int]:
        """The headline table: people by pattern, under the first resolution."""
        return next(iter(self.resolutions.values()))

    @property
    def observed(self) -> int:
        """How many people the lists hold together, under the headline resolution."""
        return sum(self.table.values())

    @property
    def list_sizes(self) -> dict[str, int]:
        """How many people each list holds, under the headline resolution."""
        return {
            name: sum(n for p, n in self.table.items() if p[i] == "1")
            for i, name in enumerate(self.lists)
        }

    def select(self, *lists: str) -> CaptureHistories:
        """The histories of some of the lists only, as if the others had not been made.

        People on none of the lists kept drop out.  Bounds stay bounds, though they may
        widen (a person uncertain between two patterns that merge is counted in both).

        Args:
            *lists: The names of two lists or more, in the order wanted.

        Returns:
            The smaller histories, with their strata and resolutions.

        Raises:
            UnknownKeyError: for a name that is not one of ``lists``.
            ValueError: for fewer than two names.

        .. versionadded:: 0.2.0
        """
        for name in lists:
            if name not in self.lists:
                raise UnknownKeyError(name, self.lists, "list")
        if len(lists) < 2 or len(set(lists)) != len(lists):
            raise ValueError(f"select two lists or more, each once: {lists}")
        at = [self.lists.index(name) for name in lists]

        def project(pattern: str) -> str:
            return "".join(pattern[i] for i in at)

        def table(source: Mapping[str, int]) -> dict[str, int]:
            out: Counter[str] = Counter()
            for pattern, n in source.items():
                if "1" in project(pattern):
                    out[project(pattern)] += n
            return dict(sorted(out.items(), reverse=True))

        low: Counter[str] = Counter()
        high: Counter[str] = Counter()
        for pattern, count in self.counts.items():
            if "1" in project(pattern):
                low[project(pattern)] += count.low
                high[project(pattern)] += count.high
        return attrs.evolve(
            self,
            lists=tuple(lists),
            counts={p: Count(low[p], high[p]) for p in sorted(high, reverse=True)},
            resolutions={name: table(t) for name, t in self.resolutions.items()},
            strata={g: s.select(*lists) for g, s in self.strata.items()},
        )

    def __str__(self) -> str:
        head = f"capture histories of {len(self.lists)} lists ({', '.join(self.lists)})"
        return f"{head}: {self.observed:,} people observed in {len(self.table)} patterns"

    def to_rows(self) -> list[dict[str, Any]]:
        """One row per pattern: its presence on each list, its bounds and each resolution.

        Returns:
            Dicts with ``pattern``, one bool per list name, ``low``, ``high``, and the
            count under each resolution by its name; with strata, one row per stratum and
            pattern, with a ``stratum`` key first.
        """
        if self.strata:
            return [
                {"stratum": group, **row}
                for group, histories in self.strata.items()
                for row in histories.to_rows()
            ]
        rows = []
        for pattern, count in self.counts.items():
            row: dict[str, Any] = {"pattern": pattern}
            row.update({name: pattern[i] == "1" for i, name in enumerate(self.lists)})
            row.update(low=count.low, high=count.high)
            row.update({name: t.get(pattern, 0) for name, t in self.resolutions.items()})
            rows.append(row)
        return rows

    def _repr_html_(self) -> str:
        headers = ["pattern", *self.lists, "people", *self.resolutions]
        rows = [
            [
                pattern,
                *("✓" if pattern[i] == "1" else "" for i in range(len(self.lists))),
                str(count),
                *(t.get(pattern, 0) for t in self.resolutions.values()),
            ]
            for pattern, count in self.counts.items()
        ]
        return html_table(headers, rows, caption=str(self))


# -- building them from datasets -----------------------------------------------------------


def _strata_key(by: str | None) -> None:
    if by is None:
        return
    if by not in BY_KEYS:
        raise UnknownKeyError(by, [k for k in BY_KEYS if k not in MULTI_VALUED], "strata key")
    if by in MULTI_VALUED:
        raise ValueError(
            f"strata must split people into groups that add up; {by!r} gives one person "
            "several groups (use gender, region, age_group, arrest_year or recognition)"
        )


def capture_histories(
    datasets: Mapping[str, Dataset] | Sequence[Dataset],
    *,
    on: On = None,
    where: Where = None,
    by: str | None = None,
    recognized_only: bool = False,
    min_score: float = 0.9,
    sure_score: float = 1.0,
) -> CaptureHistories:
    """Link lists of people and count the people of each pattern of presence.

    Every pair of lists is linked with :func:`~belarus_repression.link`; records linked
    directly or through other lists are one person.  A link that scores below *sure_score*
    is *uncertain*, and a person whose dates only possibly put them on a list on the day
    asked about is *possibly* on it: the counts of each pattern are then bounds, and the
    histories hold one exact table for each way of resolving them (see
    :class:`CaptureHistories`).

    Args:
        datasets: The lists, by name (``{"viasna": a, "fund": b}``), or in a sequence
            (named ``A``, ``B``, ``C``, ...).
        on: ``None`` for everyone each list holds; a day (in any form
            :func:`~belarus_repression.read_day` reads) for the people deprived of liberty
            on it; or a period ``(start, end)`` (half-open, ``None`` unbounded) for those
            held on any day of it.
        where: A filter on people, as the counts read it (see :doc:`/definitions`); a person
            is kept when any of their records passes it.
        by: A key to split people into strata whose tables add up: ``gender``, ``region``,
            ``age_group`` (on the day, or the period's start), ``arrest_year`` or
            ``recognition``.  A person whose records disagree takes the group most of them
            give (the first by name on ties); one with none known is ``unknown``.
        recognized_only: Only people recognised as political prisoners by then.
        min_score: The lowest score of a link (:func:`~belarus_repression.link`).
        sure_score: Links that score lower than this are uncertain (by default, every link
            whose names are not alike in every letter).

    Returns:
        The histories.

    Raises:
        ValueError: for fewer than two lists, a period that ends before it starts, or a
            key of strata that does not split people into groups that add up.
        UnknownKeyError: for an unknown filter or strata key or value.
        HorizonError: for a day or period after a list's ``as_of``.

    .. versionadded:: 0.2.0
    """
    if isinstance(datasets, Mapping):
        names = [str(name) for name in datasets]
        lists = list(datasets.values())
    else:
        lists = list(datasets)
        names = [string.ascii_uppercase[i] if i < 26 else f"L{i + 1}" for i in range(len(lists))]
    if len(lists) < 2:
        raise ValueError("capture histories need two lists or more")
    _strata_key(by)
    tables, uncertain, day = link_records(
        lists,
        on=on,
        where=where,
        by=by,
        recognized_only=recognized_only,
        min_score=min_score,
        sure_score=sure_score,
    )
    when: Any = day
    if isinstance(on, tuple):
        when = _period(lists[0], on[0], on[1])[:2]

    def build(group: str | None) -> CaptureHistories:
        resolutions, counts = tables.counted(group, uncertain)
        return CaptureHistories(tuple(names), counts, resolutions, when, None, {}, uncertain)

    whole = attrs.evolve(build(None), by=by, notes=tables.notes(uncertain, sure_score))
    if by is None:
        return whole
    strata = {g: build(g) for g in group_order(by, tables.groups())}
    return attrs.evolve(whole, strata=strata)
