"""The results of counting: counts with bounds, breakdowns, time series and summaries.

Every result is typed, prints readably, and turns into rows (a list of dicts) for CSV files
and DataFrames with ``to_rows()``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from ._models import Person

__all__ = ["Breakdown", "Count", "Held", "Summary", "TimeSeries", "TimeSeriesRow"]


def _non_negative(instance: Count, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 0:
        raise ValueError(f"a count is never negative: {attribute.name}={value}")


@attrs.frozen(eq=False)
class Count:
    """A count with bounds: ``low`` is certain, ``high`` is possible.

    With exact data ``low == high``.  Partly known dates and unidentified members of pardon
    waves widen the bounds; they never move a certain case out of ``low``.

    An exact count behaves as its number: ``Count(4, 4) == 4`` and ``int(Count(4, 4)) == 4``.
    A count with bounds equals no single number, and ``int()`` of it raises
    :class:`ValueError`: use ``low`` or ``high``, saying which.  Two counts are equal when
    their bounds and ``cut_at`` are.

    Attributes:
        low: How many certainly.
        high: How many possibly (``>= low``).
        cut_at: When the period asked about reached past the dataset's ``as_of``, the day the
            count was cut at (the count covers the period up to and including it).

    .. versionadded:: 0.1.0
    """

    low: int = attrs.field(validator=_non_negative)
    high: int = attrs.field(validator=_non_negative)
    cut_at: dt.date | None = None

    def __attrs_post_init__(self) -> None:
        if self.high < self.low:
            raise ValueError(f"a count's high ({self.high}) is below its low ({self.low})")

    @classmethod
    def exact(cls, n: int) -> Count:
        """A count known exactly."""
        return cls(n, n)

    @property
    def is_exact(self) -> bool:
        """Whether ``low == high``."""
        return self.low == self.high

    def __contains__(self, value: object) -> bool:
        return isinstance(value, int) and self.low <= value <= self.high

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Count):
            return (self.low, self.high, self.cut_at) == (other.low, other.high, other.cut_at)
        if isinstance(other, int) and not isinstance(other, bool):
            return self.low == self.high == other
        return NotImplemented

    def __hash__(self) -> int:
        # Equal to its number's hash when exact, as an exact count equals its number.
        return hash(self.low) if self.is_exact else hash((self.low, self.high, self.cut_at))

    def __int__(self) -> int:
        if not self.is_exact:
            raise ValueError(
                f"the count {self.low}–{self.high} is not one number: use its .low (certain) "
                "or .high (possible)"
            )
        return self.low

    def __add__(self, other: Count) -> Count:
        if not isinstance(other, Count):
            return NotImplemented
        cut = self.cut_at or other.cut_at
        return Count(self.low + other.low, self.high + other.high, cut)

    def __str__(self) -> str:
        text = f"{self.low:,}" if self.is_exact else f"{self.low:,}–{self.high:,}"
        return text + (f" (to {self.cut_at})" if self.cut_at else "")

    def to_row(self) -> dict[str, Any]:
        """``{"low": …, "high": …, "cut_at": …}``."""
        return {"low": self.low, "high": self.high, "cut_at": self.cut_at}

    def _repr_html_(self) -> str:
        from ._html import html_table  # noqa: PLC0415

        return html_table(
            ["count", "low", "high", "cut at"], [[str(self), *self.to_row().values()]]
        )


@attrs.frozen
class Breakdown(Mapping[str, Count]):
    """A count broken down into groups, with an explicit ``unknown`` group.

    Attributes:
        by: The key of the breakdown (``gender``, ``role``, ...).
        groups: The count of each group, in a stable order (``unknown`` last).
        total: The count of everyone, whatever their group.
        partitions: Whether every person (or verdict) is in exactly one group, so that the
            groups sum to the total.  True for single-valued keys (gender, region, age
            group, ...); false for roles, articles, sentence kinds and citizenship.

    .. versionadded:: 0.1.0
    """

    by: str
    groups: Mapping[str, Count]
    total: Count
    partitions: bool

    def __getitem__(self, group: str) -> Count:
        return self.groups[group]

    def __iter__(self) -> Iterator[str]:
        return iter(self.groups)

    def __len__(self) -> int:
        return len(self.groups)

    def to_rows(self) -> list[dict[str, Any]]:
        """One dict per group (and a last one for the total)."""
        rows = [{self.by: group, **count.to_row()} for group, count in self.groups.items()]
        rows.append({self.by: "total", **self.total.to_row()})
        return rows

    def _repr_html_(self) -> str:
        from ._html import html_table  # noqa: PLC0415

        rows = [[g, str(c), c.low, c.high] for g, c in self.groups.items()]
        rows.append(["total", str(self.total), self.total.low, self.total.high])
        note = None if self.partitions else f"one person can be in several {self.by} groups"
        return html_table([self.by, "count", "low", "high"], rows, note)

    def __str__(self) -> str:
        width = max([len(self.by), 5, *(len(g) for g in self.groups)])
        lines = [f"{self.by:<{width}}  count"]
        lines += [f"{group:<{width}}  {count}" for group, count in self.groups.items()]
        lines.append(f"{'total':<{width}}  {self.total}")
        if not self.partitions:
            lines.append(f"(one person can be in several {self.by} groups: they do not sum)")
        return "\n".join(lines)


@attrs.frozen
class TimeSeriesRow:
    """One bucket of a time series.

    Attributes:
        start: The first day of the bucket.
        end: The day after its last day (buckets are half-open).
        held: People held on the bucket's last day.
        entries: Custody spells that began in the bucket.
        exits: Custody spells that ended in the bucket, by end reason (``unknown`` where the
            source gives none).
    """

    start: dt.date
    end: dt.date
    held: Count
    entries: Count
    exits: Mapping[str, Count]

    @property
    def exits_total(self) -> Count:
        """Every custody spell that ended in the bucket."""
        total = Count(0, 0)
        for count in self.exits.values():
            total += count
        return total


@attrs.frozen
class TimeSeries:
    """Held, entries and exits per bucket (day, week, month or year).

    Attributes:
        freq: The bucket size.
        rows: The buckets, in order.
        recognized_only: Whether ``held`` counts only recognised political prisoners.
        cut_at: When the period reached past the dataset's ``as_of``, the day it was cut at.

    .. versionadded:: 0.1.0
    """

    freq: str
    rows: tuple[TimeSeriesRow, ...]
    recognized_only: bool = False
    cut_at: dt.date | None = None

    def __iter__(self) -> Iterator[TimeSeriesRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def to_rows(self) -> list[dict[str, Any]]:
        """One flat dict per bucket.

        Columns: ``start``, ``end``, ``held_low``, ``held_high``, ``entries_low``,
        ``entries_high``, ``exits_low``, ``exits_high``, and ``exits_<reason>_low``/``_high``
        for every end reason that occurs.
        """
        reasons = sorted({reason for row in self.rows for reason in row.exits})
        out = []
        for row in self.rows:
            flat: dict[str, Any] = {
                "start": row.start.isoformat(),
                "end": row.end.isoformat(),
                "held_low": row.held.low,
                "held_high": row.held.high,
                "entries_low": row.entries.low,
                "entries_high": row.entries.high,
                "exits_low": row.exits_total.low,
                "exits_high": row.exits_total.high,
            }
            for reason in reasons:
                count = row.exits.get(reason, Count(0, 0))
                flat[f"exits_{reason}_low"] = count.low
                flat[f"exits_{reason}_high"] = count.high
            out.append(flat)
        return out

    def _repr_html_(self) -> str:
        from ._html import html_table  # noqa: PLC0415

        rows = [
            [r.start, r.end, str(r.held), str(r.entries), str(r.exits_total)] for r in self.rows
        ]
        caption = f"by {self.freq}" + (f", cut at {self.cut_at}" if self.cut_at else "")
        return html_table(["start", "end", "held", "entries", "exits"], rows, caption)

    def __str__(self) -> str:
        lines = [f"{'bucket':<12} {'held':>13} {'entries':>13} {'exits':>13}"]
        lines += [
            f"{row.start.isoformat():<12} {row.held!s:>13} {row.entries!s:>13} "
            f"{row.exits_total!s:>13}"
            for row in self.rows
        ]
        if self.cut_at:
            lines.append(f"(cut at the dataset's as_of, {self.cut_at})")
        return "\n".join(lines)


@attrs.frozen
class Summary:
    """Order statistics of a quantity (sentence terms in months, time served in days).

    Attributes:
        what: What is summarised, with its unit.
        count: How many values were summarised.
        left_out: How many records were left out, by reason.
        min: The smallest value (``None`` when there are none).
        q1: The first quartile.
        median: The median.
        q3: The third quartile.
        max: The largest value.
        mean: The mean.

    .. versionadded:: 0.1.0
    """

    what: str
    count: int
    left_out: Mapping[str, int]
    min: float | None = None
    q1: float | None = None
    median: float | None = None
    q3: float | None = None
    max: float | None = None
    mean: float | None = None

    def _repr_html_(self) -> str:
        from ._html import html_table  # noqa: PLC0415

        row = self.to_row()
        return html_table(list(row), [list(row.values())])

    def to_row(self) -> dict[str, Any]:
        """The summary as one flat dict (left-out reasons as ``left_out_<reason>``)."""
        row = attrs.asdict(self, filter=lambda a, _: a.name != "left_out")
        row.update({f"left_out_{k}": v for k, v in self.left_out.items()})
        return row

    def __str__(self) -> str:
        head = f"{self.what}: {self.count:,} values"
        if self.left_out:
            head += " (left out: " + ", ".join(f"{v:,} {k}" for k, v in self.left_out.items()) + ")"
        if self.count == 0:
            return head
        return (
            f"{head}\n  min {self.min:g}  q1 {self.q1:g}  median {self.median:g}  "
            f"q3 {self.q3:g}  max {self.max:g}  mean {self.mean:.2f}"
        )


@attrs.frozen
class Held:
    """Who was deprived of liberty on a day: the people behind :func:`in_custody`'s count.

    ``len(held.certainly)`` is the count's ``low`` and ``len(held.possibly)`` its ``high``:
    *possibly* includes everyone held *certainly*.

    Attributes:
        on: The day.
        certainly: The people certainly held on the day, in dataset order.
        possibly: The people possibly held on the day (the certain ones too), in dataset
            order.

    .. versionadded:: 0.2.0
    """

    on: dt.date
    certainly: tuple[Person, ...]
    possibly: tuple[Person, ...]

    @property
    def only_possibly(self) -> tuple[Person, ...]:
        """The people possibly but not certainly held: where the data is unsure."""
        sure = {p.id for p in self.certainly}
        return tuple(p for p in self.possibly if p.id not in sure)

    @property
    def count(self) -> Count:
        """How many: the :class:`Count` that :func:`in_custody` gives for the same question."""
        return Count(len(self.certainly), len(self.possibly))

    def __str__(self) -> str:
        return f"held on {self.on}: {self.count}"

    def to_rows(self) -> list[dict[str, Any]]:
        """One row per person possibly held: id, primary name, and ``certainly`` held or not."""
        sure = {p.id for p in self.certainly}
        return [
            {
                "person_id": p.id,
                "name": str(p.name) if p.name is not None else None,
                "certainly": p.id in sure,
            }
            for p in self.possibly
        ]
