"""The audit of a suppression: each hidden cell's range of possible values, by linear programming.

For every hidden cell of a set of linked tables, and for each bound of the counts (``low``,
``high``), two linear programmes give the least and the greatest value the cell can take:
one with everything the tables publish (see :mod:`._linked` for what an attacker knows), one
with the labels alone (each shown number replaced by what its being shown says: empty, or
at least k).  A cell is protected when the published numbers do not pin it down and, if it
is a small (``<k``) cell, narrow it no further than its label and the labels of the others
do.  The unknowns are the atoms (the cross-classification by every single-valued key the
tables use, with a value for the rest of the population) and the groups of multi-valued
keys.  Integer solutions are relaxed to real ones, as statistical offices do.

Needs scipy (``pip install belarus-repression[publish]``).
"""

from __future__ import annotations

import importlib
import itertools
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from ._linked import (
    CellId,
    Cond,
    Interval,
    Pattern,
    Table,
    Verify,
    domains,
    exposed,
    labels,
    published,
    sums_exactly,
)

if TYPE_CHECKING:
    from ._results import Count

__all__ = ["CellRange", "feasible_ranges", "verifier"]


@attrs.frozen
class CellRange:
    """The possible values of one hidden cell, per bound of the counts (0: low, 1: high)."""

    cell: CellId
    full: tuple[Interval, ...]
    alone: tuple[Interval, ...]
    primary: bool

    @property
    def protected(self) -> bool:
        """Whether the cell is neither pinned down nor, if small, narrowed beyond its label."""
        return not any(
            exposed(f, a, self.primary) for f, a in zip(self.full, self.alone, strict=True)
        )


def _scipy() -> Any:
    """``scipy.optimize.linprog``, or an error that says which extra to install."""
    try:
        optimize = importlib.import_module("scipy.optimize")
    except ImportError:
        raise ImportError(
            "the linear-programming audit of suppression needs scipy: "
            "pip install 'belarus-repression[publish]'"
        ) from None
    return optimize.linprog


class _Model:
    """The linear programme of one suppression: atoms and multi-valued groups, per system."""

    def __init__(
        self,
        tables: Sequence[Table],
        values: Mapping[CellId, Count],
        pattern: Pattern,
        k: int,
    ) -> None:
        import numpy as np  # noqa: PLC0415 - comes with scipy

        self.np, self.linprog = np, _scipy()
        self.tables, self.values, self.pattern, self.k = tables, values, pattern, k
        self.cells = published(tables, pattern.unlisted, pattern.withheld)
        self.domain = domains(self.cells, tables)
        self.keys = list(self.domain)
        self.atoms = list(itertools.product(*self.domain.values()))
        self.multis = [c for c in self.cells if c.multi is not None]
        self.n = len(self.atoms) + len(self.multis)
        self.systems = (0,) if all(values[c].is_exact for c in self.cells) else (0, 1)
        self.models = {known: self._constraints(known) for known in (True, False)}

    def row(self, conds: Cond, system: int, multi: CellId | None = None) -> Any:
        """The cell's count as a sum of the unknowns of one system."""
        vec = self.np.zeros(self.n * len(self.systems))
        base = self.n * system
        if multi is not None:
            vec[base + len(self.atoms) + self.multis.index(multi)] = 1.0
            return vec
        where = [(self.keys.index(key), v) for key, v in conds]
        for i, atom in enumerate(self.atoms):
            if all(atom[j] == v for j, v in where):
                vec[base + i] = 1.0
        return vec

    def expr(self, cell: CellId, system: int) -> Any:
        return self.row(cell.conds, system, cell if cell.multi is not None else None)

    def _constraints(self, shown_known: bool) -> tuple[Any, Any, Any, Any]:
        np = self.np
        a_ub: list[Any] = []
        b_ub: list[float] = []
        a_eq: list[Any] = []
        b_eq: list[float] = []
        for s in self.systems:
            bounds = labels(
                self.cells, self.values, self.pattern, self.k, s, shown_known=shown_known
            )
            for cell in self.cells:
                lo, hi = bounds[cell]
                vec = self.expr(cell, s)
                if lo == hi:
                    a_eq.append(vec)
                    b_eq.append(lo)
                    continue
                if lo > 0:
                    a_ub.append(-vec)
                    b_ub.append(-lo)
                if hi < math.inf:
                    a_ub.append(vec)
                    b_ub.append(hi)
            for i, table in enumerate(self.tables):
                if i in self.pattern.unlisted or table.by is None:
                    continue
                total = self.expr(table.total, s)
                groups = [self.expr(c, s) for _, c in table.groups]
                if not table.partitions:
                    a_ub += [g - total for g in groups]
                    b_ub += [0.0] * len(groups)
                    if table.complete and groups:
                        a_ub.append(total - sum(groups))
                        b_ub.append(0.0)
                    continue
                if table.complete and sums_exactly(table, self.values, s):
                    listed = {g for g, _ in table.groups}
                    for v in self.domain[table.by]:
                        if v not in listed:
                            a_eq.append(self.row((*table.where, (table.by, v)), s))
                            b_eq.append(0.0)
        if len(self.systems) == 2:  # the certain count never exceeds the possible one
            for i in range(self.n):
                vec = np.zeros(2 * self.n)
                vec[i], vec[self.n + i] = 1.0, -1.0
                a_ub.append(vec)
                b_ub.append(0.0)

        def matrix(rows: list[Any]) -> Any:
            return np.array(rows) if rows else None

        return (
            matrix(a_ub),
            np.array(b_ub) if b_ub else None,
            matrix(a_eq),
            (np.array(b_eq) if b_eq else None),
        )

    def range(self, cell: CellId, system: int, shown_known: bool = True) -> Interval:
        """The least and greatest value of the cell in one system."""
        a_ub, b_ub, a_eq, b_eq = self.models[shown_known]
        objective = self.expr(cell, system)
        found = []
        for sign in (1.0, -1.0):
            res = self.linprog(
                sign * objective,
                A_ub=a_ub,
                b_ub=b_ub,
                A_eq=a_eq,
                b_eq=b_eq,
                bounds=(0, None),
                method="highs",
            )
            if res.status == 0:
                found.append(sign * res.fun)
            elif sign < 0 and res.status in {2, 3}:
                # no greatest value: the true counts are a solution, so a maximum that HiGHS's
                # presolve calls "infeasible" is unbounded too
                found.append(math.inf)
            else:  # pragma: no cover - the true counts are a solution, and a count is >= 0
                raise AssertionError(f"the audit's model is {res.message}")
        high = math.floor(found[1] + 1e-6) if found[1] < math.inf else math.inf
        return math.ceil(found[0] - 1e-6), high

    def cell_range(self, cell: CellId) -> CellRange:
        """The cell's ranges with everything published and with the labels alone."""
        primary = cell in self.pattern.primary
        full = tuple(self.range(cell, s) for s in self.systems)
        if primary:
            alone = tuple(self.range(cell, s, shown_known=False) for s in self.systems)
        else:  # not small: its label alone leaves it at least k, with no upper limit
            alone = tuple((self.k, math.inf) for _ in self.systems)
        return CellRange(cell, full, alone, primary)


def feasible_ranges(
    tables: Sequence[Table], values: Mapping[CellId, Count], pattern: Pattern, k: int
) -> list[CellRange]:
    """Each hidden cell's least and greatest possible value, by linear programming."""
    lp = _Model(tables, values, pattern, k)
    return [lp.cell_range(c) for c in lp.cells if c in pattern.hidden]


def verifier(tables: Sequence[Table], values: Mapping[CellId, Count], k: int) -> Verify:
    """For :func:`~._linked.plan`: the first hidden cell that linear programming shows exposed."""
    _scipy()

    def verify(pattern: Pattern) -> CellId | None:
        lp = _Model(tables, values, pattern, k)
        for cell in lp.cells:
            hidden = cell in pattern.hidden and cell not in pattern.unprotected
            if hidden and not lp.cell_range(cell).protected:
                return cell
        return None

    return verify
