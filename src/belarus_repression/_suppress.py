"""Suppression of small cells, across all the tables published together.

See :func:`suppress`; the choice of cells is in :mod:`._linked`, its audit in :mod:`._audit`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, overload

import attrs

from ._linked import CellId, Pattern, Table, plan, small
from ._results import Breakdown, Count

if TYPE_CHECKING:
    from ._audit import CellRange

__all__ = ["CellAudit", "SuppressedBreakdown", "SuppressedTables", "suppress"]

#: The label of a cell hidden to protect another.
SUPPRESSED = "suppressed"


@attrs.frozen
class SuppressedBreakdown(Mapping[str, Count | None]):
    """A breakdown with its small cells hidden (``None``).

    Printed, a small cell shows as ``<k``; a cell hidden only to protect another shows as
    ``suppressed`` (it is not small).  A breakdown whose total is small lists no groups:
    iterating it, printing it and its rows show the total alone, and each group is ``None``.

    Attributes:
        breakdown: The breakdown before suppression (keep it private).
        k: The smallest count shown (cells from 1 to ``k - 1`` are hidden).
        primary: The groups hidden because they are small.
        secondary: The groups hidden so that no hidden cell can be worked out from the others
            and the totals.
        total_hidden: Whether the total is hidden too (it is small itself, or it would give
            away a hidden cell).
        listed: Whether the groups are listed (``False`` when the total is small).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Hidden cells that are not small print as ``suppressed``; a small total lists no groups.
    """

    breakdown: Breakdown
    k: int
    primary: frozenset[str]
    secondary: frozenset[str]
    total_hidden: bool = False
    listed: bool = True

    @property
    def hidden(self) -> frozenset[str]:
        """Every hidden group."""
        if not self.listed:
            return frozenset(self.breakdown.groups)
        return self.primary | self.secondary

    def __getitem__(self, group: str) -> Count | None:
        count = self.breakdown.groups[group]
        return None if group in self.hidden else count

    def __iter__(self) -> Iterator[str]:
        return iter(self.breakdown.groups if self.listed else ())

    def __len__(self) -> int:
        return len(self.breakdown.groups) if self.listed else 0

    @property
    def total(self) -> Count | None:
        """The total, or ``None`` when it is hidden."""
        return None if self.total_hidden else self.breakdown.total

    def label(self, group: str | None = None) -> str:
        """What is shown for a group (``None``: the total): its count, ``<k`` or ``suppressed``."""
        if group is None:
            count = self.breakdown.total
            if not self.total_hidden:
                return str(count)
        else:
            count = self.breakdown.groups[group]
            if group not in self.hidden:
                return str(count)
        # a hidden cell below k is small, or empty inside a small one (never hidden otherwise)
        below = count.high < self.k or small(count, self.k) or group in self.primary
        return f"<{self.k}" if below else SUPPRESSED

    def to_rows(self) -> list[dict[str, Any]]:
        """One dict per group, hidden cells as ``None``, and a last one for the total."""
        by = self.breakdown.by
        rows = []
        for group, count in self.items():
            rows.append(
                {
                    by: group,
                    "low": None if count is None else count.low,
                    "high": None if count is None else count.high,
                    "suppressed": count is None,
                }
            )
        total = self.total
        rows.append(
            {
                by: "total",
                "low": None if total is None else total.low,
                "high": None if total is None else total.high,
                "suppressed": total is None,
            }
        )
        return rows

    def _repr_html_(self) -> str:
        from ._html import html_table  # noqa: PLC0415

        rows = [[g, self.label(g)] for g in self]
        rows.append(["total", self.label()])
        note = f"<{self.k}: fewer than {self.k}; {SUPPRESSED}: hidden to protect another cell"
        return html_table([self.breakdown.by, "count"], rows, note)

    def __str__(self) -> str:
        width = max([len(self.breakdown.by), 5, *(len(g) for g in self)])
        lines = [f"{self.breakdown.by:<{width}}  count"]
        lines += [f"{group:<{width}}  {self.label(group)}" for group in self]
        lines.append(f"{'total':<{width}}  {self.label()}")
        return "\n".join(lines)


@attrs.frozen
class CellAudit:
    """What the tables published together leave possible for one hidden cell.

    Attributes:
        table: The index of the (first) table that shows the cell.
        group: The cell's group, or ``None`` for the table's total.
        label: What the cell shows: ``<k`` or ``suppressed``.
        count: The cell's true count (keep it private).
        feasible: The least and greatest values of the cell's ``low`` and of its ``high``
            that agree with everything published (``inf``: no upper limit).
        allowed: The same from the labels alone, every shown number replaced by what its
            being shown says (empty, or at least k).
        protected: Whether the published numbers neither pin the cell down nor, for a small
            cell, narrow it more than the labels do.

    .. versionadded:: 0.2.0
    """

    table: int
    group: str | None
    label: str
    count: Count
    feasible: tuple[tuple[float, float], tuple[float, float]]
    allowed: tuple[tuple[float, float], tuple[float, float]]
    protected: bool


@attrs.frozen
class SuppressedTables(Sequence[SuppressedBreakdown]):
    """Breakdowns published together, suppressed together (see :func:`suppress`).

    Attributes:
        tables: The suppressed breakdowns, in the order given.
        where: The population of each (``{}``: everyone the counts are about).
        k: The smallest count shown.

    .. versionadded:: 0.2.0
    """

    tables: tuple[SuppressedBreakdown, ...]
    where: tuple[Mapping[str, str], ...]
    k: int
    _linked: tuple[tuple[Table, ...], Mapping[CellId, Count], Pattern] = attrs.field(
        repr=False, eq=False, alias="_linked"
    )

    @overload
    def __getitem__(self, index: int) -> SuppressedBreakdown: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[SuppressedBreakdown]: ...
    def __getitem__(
        self, index: int | slice
    ) -> SuppressedBreakdown | Sequence[SuppressedBreakdown]:
        return self.tables[index]

    def __len__(self) -> int:
        return len(self.tables)

    def __str__(self) -> str:
        parts = []
        for table, where in zip(self.tables, self.where, strict=True):
            within = ", ".join(f"{key}={value}" for key, value in where.items())
            head = f"by {table.breakdown.by}" + (f" where {within}" if within else "")
            parts.append(f"{head}\n{table}")
        return "\n\n".join(parts)

    def audit(self) -> tuple[CellAudit, ...]:
        """Every hidden cell's range of possible values, found by linear programming.

        Raises:
            ImportError: when scipy is missing (``pip install belarus-repression[publish]``).
        """
        from ._audit import feasible_ranges  # noqa: PLC0415 - needs scipy

        tables, values, pattern = self._linked
        place: dict[CellId, tuple[int, str | None]] = {}
        for i, table in enumerate(tables):
            place.setdefault(table.total, (i, None))
            if i not in pattern.unlisted:
                for group, cell in table.groups:
                    place.setdefault(cell, (i, group))
        return tuple(
            self._audited(r, place[r.cell], values[r.cell])
            for r in feasible_ranges(tables, values, pattern, self.k)
        )

    def _audited(self, r: CellRange, where: tuple[int, str | None], count: Count) -> CellAudit:
        i, group = where
        full = r.full if len(r.full) == 2 else (r.full[0], r.full[0])
        alone = r.alone if len(r.alone) == 2 else (r.alone[0], r.alone[0])
        return CellAudit(
            i,
            group,
            self.tables[i].label(group),
            count,
            (full[0], full[1]),
            (alone[0], alone[1]),
            r.protected,
        )


Item = Breakdown | tuple[Mapping[str, str], Breakdown]


def _table(item: Item, values: dict[CellId, Count]) -> tuple[Table, dict[str, str], Breakdown]:
    from ._groups import MULTI_VALUED  # noqa: PLC0415

    where, b = ({}, item) if isinstance(item, Breakdown) else item
    if not isinstance(b, Breakdown):
        raise TypeError(f"suppress takes breakdowns or (where, breakdown) pairs, not {b!r}")
    fixed = {str(key): str(value) for key, value in where.items()}
    for key in fixed:
        if key in MULTI_VALUED:
            raise ValueError(
                f"a table of a {key} group cannot be linked to the others (one person can be "
                f"in several {key} groups): suppress it on its own"
            )
        if key == b.by:
            raise ValueError(f"a breakdown by {key} cannot be of the people of one {key}")
    conds = tuple(sorted(fixed.items()))
    groups = tuple(
        (
            g,
            CellId(tuple(sorted({**fixed, b.by: g}.items())))
            if b.partitions
            else CellId(conds, (b.by, g)),
        )
        for g in b.groups
    )
    table = Table(conds, b.by, groups, b.partitions)
    for cell, count in [(table.total, b.total), *((c, b.groups[g]) for g, c in groups)]:
        known = values.setdefault(cell, count)
        if (known.low, known.high) != (count.low, count.high):
            raise ValueError(
                "the tables do not count the same people: "
                f"{dict(cell.conds) or 'everyone'} is {known} in one and {count} in another"
            )
    return table, fixed, b


@overload
def suppress(tables: Breakdown, k: int = ...) -> SuppressedBreakdown: ...
@overload
def suppress(tables: Iterable[Item], k: int = ...) -> SuppressedTables: ...
def suppress(
    tables: Breakdown | Iterable[Item], k: int = 5
) -> SuppressedBreakdown | SuppressedTables:
    """Hide the cells of the tables published together that count fewer than *k* people.

    Tables published together are linked: they count the same people, so their totals are
    one number, and a breakdown of some of them (``where={"gender": "female"}``) has for
    total a cell of another.  Pass them together, each a breakdown or a ``(where,
    breakdown)`` pair, ``where`` being the ``where=`` it was counted with (single-valued keys
    only: gender, region, recognition, age group...).

    - Every cell that counts from 1 to ``k - 1`` people is hidden and shows as ``<k``.
    - A breakdown whose total is small lists no groups (which groups are empty would
      tell how the few people split); a breakdown of people inside a small cell shows
      nothing but ``<k`` for its total.
    - Secondary suppression: further cells are hidden (shown as ``suppressed``) until no
      hidden cell can be worked out exactly from the shown numbers by any combination of
      the tables' sums and nestings, and no small cell can be narrowed beyond what its
      label says (between 1 and ``k - 1``).  A zero is never hidden to protect: it is known.
      Where the labels alone would give a cell away, a breakdown that shows it lists no groups.

    The cells are chosen by interval propagation, which is exact for breakdowns linked only
    through their totals; where some have a ``where``, each choice is also checked by linear
    programming (scipy).  :meth:`SuppressedTables.audit` shows the check for every hidden
    cell.

    Args:
        tables: One breakdown, or the breakdowns published together (with their ``where``).
        k: The smallest count that may be shown (at least 3: with 2, ``<2`` would say 1).

    Returns:
        A :class:`SuppressedBreakdown` for one breakdown; a :class:`SuppressedTables` for
        several.

    Raises:
        ValueError: when *k* is below 3, a ``where`` names a multi-valued key or the key of
            its own breakdown, or two tables give one cell different counts.
        ImportError: when a breakdown has a ``where`` and scipy is missing
            (``pip install 'belarus-repression[publish]'``).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Takes the tables published together and protects them together.
    """
    if k < 3:
        raise ValueError(f"k must be at least 3 (with 2, '<2' would say 1), not {k}")
    items: list[Item] = [tables] if isinstance(tables, Breakdown) else list(tables)
    values: dict[CellId, Count] = {}
    built = [_table(item, values) for item in items]
    linked = tuple(t for t, _, _ in built)
    verify = None
    if any(t.where for t in linked):  # nested tables: propagation may miss a combination
        from ._audit import verifier  # noqa: PLC0415 - needs scipy

        verify = verifier(linked, values, k)
    pattern = plan(linked, values, k, verify)
    out = []
    for i, (table, _, b) in enumerate(built):
        listed = i not in pattern.unlisted
        out.append(
            SuppressedBreakdown(
                b,
                k,
                frozenset(
                    g
                    for g, c in table.groups
                    if c in pattern.primary or (not listed and small(values[c], k))
                ),
                frozenset(g for g, c in table.groups if c in pattern.secondary and listed),
                table.total in pattern.hidden or i in pattern.withheld,
                listed,
            )
        )
    if isinstance(tables, Breakdown):
        return out[0]
    where = tuple(w for _, w, _ in built)
    return SuppressedTables(tuple(out), where, k, (linked, values, pattern))
