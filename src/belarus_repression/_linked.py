"""Linked tables for disclosure control: which cells to hide so that none can be worked out.

Tables published together are *linked*: they count the same people, so their totals are one
number, and a table of a sub-population (``where={"gender": "female"}``) has for total a cell
of another.  Every cell is a sum of *atoms*, the counts of the full cross-classification by
every single-valued key that the tables use; the cells of a multi-valued key (roles,
articles) are separate unknowns, each at most its population and, when the table lists every
group, summing to at least it.

What an attacker knows (and :mod:`._audit` assumes): every shown number; which groups each
table lists (a group a breakdown does not list is empty); that a ``<k`` cell is small (between
1 and k - 1) and a ``suppressed`` one is not (at least k); how the tables nest; that counts
are not negative.  With bounded counts (``low`` < ``high``) the certain and the possible
counts are two such systems.

The hiding rule:

1. *Primary*: every cell that counts between 1 and k - 1 people (either bound) is hidden.
2. A table whose total is hidden as small lists no groups: each is below k, and which of
   them are empty would tell how the few people split.  A table inside a small cell (its
   population is part of the cell's) is *withheld*: it publishes nothing but ``<k`` for its
   total, even an empty one.
3. *Secondary*: while some hidden cell can be pinned down by the shown numbers (its range of
   possible values has one value), or a small cell's range is narrower than the labels alone
   allow, hide one more shown cell among the nearest to it (through hidden and unpublished
   cells): the smallest with room to spare (at least 2k - 1), else the largest; a grand total
   last.  Zeros are never hidden to protect: a published zero is known, and hiding it would
   hide nothing.
4. A cell still pinned down with nothing left to hide around it (the labels alone give it
   away: ``<k`` cells and ``suppressed`` ones, at least k, that leave one value) is protected
   by listing no groups in the first table that shows it.

The ranges are found by interval propagation (the "shuttle" algorithm) over every cell of the
cross-classification, published or not.  That is exact for tables linked only through their
totals; for tables of sub-populations, where a combination of sums can narrow a cell more
than propagation sees, :func:`plan` also asks a linear programme (:mod:`._audit`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Final

import attrs

from ._results import Count

__all__ = [
    "CellId",
    "Model",
    "Pattern",
    "Table",
    "Verify",
    "domains",
    "exposed",
    "labels",
    "model",
    "plan",
    "published",
    "small",
    "sums_exactly",
]

Cond = tuple[tuple[str, str], ...]
INF: Final = math.inf
#: The value of a single-valued key that no table names (the rest of the population).
OTHER: Final = "\x00other"


@attrs.frozen
class CellId:
    """One published number: the people meeting *conds*, or a multi-valued group of them."""

    conds: Cond
    multi: tuple[str, str] | None = None


@attrs.frozen
class Table:
    """A published table: a total and, broken down by *by*, groups (cells) of it.

    Attributes:
        where: The population, as conditions on single-valued keys.
        by: The breakdown key (``None``: a lone count).
        groups: The listed groups and their cells.
        partitions: Whether the groups partition the total (single-valued key).
        complete: Whether every non-empty group is listed (a breakdown's groups are).
    """

    where: Cond
    by: str | None
    groups: tuple[tuple[str, CellId], ...]
    partitions: bool = True
    complete: bool = True

    @property
    def total(self) -> CellId:
        """The cell of the table's total."""
        return CellId(self.where)


@attrs.frozen
class Pattern:
    """Which cells are hidden, and why.

    Attributes:
        primary: Cells hidden because they are small.
        secondary: Cells hidden so that no hidden cell can be worked out.
        unlisted: Indices of the tables that list no groups (their total is small).
        unprotected: Hidden cells that nothing could protect (none expected).
        withheld: Indices of the tables that show nothing but ``<k`` for their total (it lies
            inside a small cell); they are among the unlisted.
    """

    primary: frozenset[CellId]
    secondary: frozenset[CellId]
    unlisted: frozenset[int]
    unprotected: frozenset[CellId] = frozenset()
    withheld: frozenset[int] = frozenset()

    @property
    def hidden(self) -> frozenset[CellId]:
        """Every hidden cell."""
        return self.primary | self.secondary


def small(count: Count, k: int) -> bool:
    """Whether a count is small: either bound between 1 and ``k - 1``."""
    return 0 < count.low < k or 0 < count.high < k


def published(
    tables: Sequence[Table], unlisted: Iterable[int], withheld: Iterable[int] = ()
) -> list[CellId]:
    """The cells the tables publish, in table order (each once)."""
    skip, hide = set(unlisted), set(withheld)
    seen: dict[CellId, None] = {}
    for i, table in enumerate(tables):
        if i not in hide:
            seen[table.total] = None
        if i not in skip and i not in hide:
            seen.update(dict.fromkeys(cell for _, cell in table.groups))
    return list(seen)


def withheld(tables: Sequence[Table], values: Mapping[CellId, Count], k: int) -> frozenset[int]:
    """The tables that lie inside a small cell: each of their counts is small, or empty."""
    unlisted = {i for i, t in enumerate(tables) if small(values[t.total], k)}
    out: set[int] = set()
    while True:
        inside = {
            i
            for i, t in enumerate(tables)
            for c in published(tables, unlisted | out, out)
            if c.multi is None and small(values[c], k) and set(c.conds) < set(t.where)
        }
        if inside <= out:
            return frozenset(out)
        out |= inside


# -- the model -----------------------------------------------------------------------------------


@attrs.frozen
class Sum:
    """``parent = sum(children)``: a cell of the cross-classification and its parts by one key."""

    parent: CellId
    children: tuple[CellId, ...]


@attrs.frozen
class AtMost:
    """``child <= parent``: a multi-valued group and its population."""

    child: CellId
    parent: CellId


@attrs.frozen
class Covers:
    """``sum(children) >= parent``: everyone is in one multi-valued group at least."""

    parent: CellId
    children: tuple[CellId, ...]


Relation = Sum | AtMost | Covers


@attrs.frozen
class Model:
    """The published cells, the unpublished cells of the cross-classification, and relations.

    Attributes:
        cells: The published cells, in table order.
        unknowns: The other cells of the cross-classification by every single-valued key
            the tables use (each value, and one for the rest, or any value).
        empty: Per system (0: low, 1: high), the unknown cells that a complete table shows
            to be empty (it does not list their group).
        rels: The relations between them all.
    """

    cells: list[CellId]
    unknowns: list[CellId]
    empty: tuple[frozenset[CellId], frozenset[CellId]]
    rels: list[Relation]


def sums_exactly(table: Table, values: Mapping[CellId, Count], system: int) -> bool:
    total = values[table.total]
    parts = sum((values[c].low, values[c].high)[system] for _, c in table.groups)
    return parts == (total.low, total.high)[system]


def domains(cells: Iterable[CellId], tables: Sequence[Table]) -> dict[str, list[str]]:
    """Each single-valued key's values in the cells, and :data:`OTHER` for the rest."""
    pairs = [pair for c in cells for pair in c.conds]
    keys = {key for key, _ in pairs} | {t.by for t in tables if t.by and t.partitions}
    return {key: [*sorted({v for kk, v in pairs if kk == key}), OTHER] for key in sorted(keys)}


def model(
    tables: Sequence[Table],
    values: Mapping[CellId, Count],
    unlisted: Iterable[int],
    hide: Iterable[int] = (),
) -> Model:
    """The cells and the relations between them that an attacker can use."""
    skip = set(unlisted) | set(hide)
    cells = published(tables, skip, hide)
    domain = domains(cells, tables)
    # the cross-classifications the tables nest: by the keys that some cell names together
    keysets = {frozenset(key for key, _ in c.conds) for c in cells if c.multi is None}
    keysets |= {frozenset({*dict(t.where), t.by}) for t in tables if t.by and t.partitions}
    widest = [s for s in keysets if not any(s < other for other in keysets)]
    found: dict[Cond, None] = {}
    for keyset in widest:
        part: list[Cond] = [()]
        for key in sorted(keyset):
            part += [(*c, (key, v)) for c in part for v in domain[key]]
        found.update(dict.fromkeys(tuple(sorted(c)) for c in part))
    lattice = list(found)
    known = {c.conds for c in cells if c.multi is None}
    unknowns = [CellId(c) for c in lattice if c not in known]
    listing = [
        (t, {g for g, _ in t.groups}, (sums_exactly(t, values, 0), sums_exactly(t, values, 1)))
        for i, t in enumerate(tables)
        if i not in skip and t.by is not None and t.partitions and t.complete
    ]

    def empty(cell: CellId, system: int) -> bool:
        fixed = dict(cell.conds)
        return any(
            sums[system]
            and t.by in fixed
            and fixed[t.by] not in listed
            and set(t.where) <= set(cell.conds)
            for t, listed, sums in listing
        )

    rels: list[Relation] = []
    for conds in lattice:
        fixed = dict(conds)
        for key in domain:
            if key not in fixed and any({*fixed, key} <= keyset for keyset in widest):
                parts = tuple(CellId(tuple(sorted({**fixed, key: v}.items()))) for v in domain[key])
                rels.append(Sum(CellId(conds), parts))
    for i, table in enumerate(tables):
        if i in skip or table.partitions or not table.groups:
            continue
        children = tuple(c for _, c in table.groups)
        rels += [AtMost(c, table.total) for c in children]
        if table.complete:
            rels.append(Covers(table.total, children))
    return Model(
        cells,
        unknowns,
        (
            frozenset(c for c in unknowns if empty(c, 0)),
            frozenset(c for c in unknowns if empty(c, 1)),
        ),
        rels,
    )


# -- ranges by propagation ---------------------------------------------------------------------

Interval = tuple[float, float]


def labels(
    cells: Iterable[CellId],
    values: Mapping[CellId, Count],
    pattern: Pattern,
    k: int,
    system: int,
    *,
    shown_known: bool = True,
) -> dict[CellId, Interval]:
    """What the publication says of each cell in one system (0: ``low``, 1: ``high``).

    A shown cell is its value (with *shown_known* false, only what its being shown says:
    empty, or at least *k*); a ``<k`` cell is small; a ``suppressed`` cell is not.
    """
    out: dict[CellId, Interval] = {}
    for cell in cells:
        v = (values[cell].low, values[cell].high)[system]
        if cell in pattern.primary:
            out[cell] = (0, k - 1) if v == 0 else (1, k - 1) if v < k else (k, INF)
        elif cell in pattern.secondary:
            out[cell] = (0, INF) if v == 0 else (k, INF)
        elif not shown_known:
            out[cell] = (0, 0) if v == 0 else (k, INF)
        else:
            out[cell] = (v, v)
    return out


Key = tuple[CellId, int]
#: A relation between (cell, system) keys, for :func:`propagate`: ``("sum", parent,
#: children)``, ``("le", child, (parent,))`` or ``("ge", parent, children)``.
Rule = tuple[str, Key, tuple[Key, ...]]


def rules(m: Model, systems: Sequence[int]) -> list[Rule]:
    """The model's relations in each system, and ``low <= high`` between the systems."""
    out: list[Rule] = []
    for s in systems:
        for r in m.rels:
            if isinstance(r, Sum):
                out.append(("sum", (r.parent, s), tuple((c, s) for c in r.children)))
            elif isinstance(r, AtMost):
                out.append(("le", (r.child, s), ((r.parent, s),)))
            else:
                out.append(("ge", (r.parent, s), tuple((c, s) for c in r.children)))
    if len(systems) == 2:
        out += [("le", (c, 0), ((c, 1),)) for c in [*m.cells, *m.unknowns]]
    return out


def propagate(
    bounds: dict[Key, Interval], rels: Sequence[Rule], passes: int = 100
) -> dict[Key, Interval]:
    """Tighten the bounds of every cell by the relations until nothing changes (or *passes*)."""
    lo = {c: max(0.0, b[0]) for c, b in bounds.items()}
    hi = {c: b[1] for c, b in bounds.items()}

    def tighten(cell: Key, low: float, high: float) -> bool:
        changed = False
        if low > lo[cell]:
            lo[cell], changed = math.ceil(low), True
        if high < hi[cell]:
            hi[cell], changed = math.floor(high), True
        return changed

    for _ in range(passes):
        changed = False
        for kind, head, parts in rels:
            if kind == "sum":
                s_lo = sum(lo[c] for c in parts)
                s_hi = sum(hi[c] for c in parts)
                changed |= tighten(head, s_lo, s_hi)
                for c in parts:
                    changed |= tighten(c, lo[head] - (s_hi - hi[c]), hi[head] - (s_lo - lo[c]))
            elif kind == "le":
                changed |= tighten(head, 0, hi[parts[0]])
                changed |= tighten(parts[0], lo[head], INF)
            else:
                s_hi = sum(hi[c] for c in parts)
                changed |= tighten(head, 0, s_hi)
                for c in parts:
                    changed |= tighten(c, lo[head] - (s_hi - hi[c]), INF)
        if not changed:
            break
    return {c: (lo[c], hi[c]) for c in bounds}


def exposed(full: Interval, alone: Interval, primary: bool) -> bool:
    """Whether a hidden cell is pinned down, or a small one narrowed beyond its label."""
    return full[0] == full[1] or (primary and (full[0] > alone[0] or full[1] < alone[1]))


def _ranges(
    m: Model,
    rels: Sequence[Rule],
    values: Mapping[CellId, Count],
    pattern: Pattern,
    *,
    k: int,
    systems: Sequence[int],
) -> tuple[dict[Key, Interval], dict[Key, Interval]]:
    full: dict[Key, Interval] = {}
    alone: dict[Key, Interval] = {}
    for s in systems:
        unknown = {(c, s): (0.0, 0.0 if c in m.empty[s] else INF) for c in m.unknowns}
        full |= unknown | {(c, s): b for c, b in labels(m.cells, values, pattern, k, s).items()}
        alone |= unknown | {
            (c, s): b for c, b in labels(m.cells, values, pattern, k, s, shown_known=False).items()
        }
    return propagate(full, rels), propagate(alone, rels)


#: Finds a hidden cell that a stronger method than propagation shows to be exposed.
Verify = Callable[[Pattern], "CellId | None"]


def plan(
    tables: Sequence[Table], values: Mapping[CellId, Count], k: int, verify: Verify | None = None
) -> Pattern:
    """The cells to hide so that no hidden one can be worked out from the rest.

    Propagation finds the exposed cells; *verify*, when given, is asked whenever propagation
    finds none, and its answer is protected in the same way.  A cell that the labels pin
    down with nothing left to hide around it is protected by listing no groups in a table
    that shows it.
    """
    hide = withheld(tables, values, k)
    unlisted = {i for i, t in enumerate(tables) if small(values[t.total], k)} | hide
    secondary: set[CellId] = set()
    while True:
        pattern, victim = _plan_listed(
            tables, values, k, (frozenset(unlisted), hide), secondary, verify
        )
        if victim is None:
            return pattern
        shown_in = [
            i
            for i, t in enumerate(tables)
            if i not in unlisted and t.groups and victim in {c for _, c in t.groups}
        ] or [
            i for i, t in enumerate(tables) if i not in unlisted and t.groups and t.total == victim
        ]
        if not shown_in or victim in {tables[i].total for i in hide}:  # nothing more to do
            return attrs.evolve(pattern, unprotected=pattern.unprotected | {victim})
        unlisted.add(shown_in[0])


def _plan_listed(  # noqa: PLR0917 - the private half of plan
    tables: Sequence[Table],
    values: Mapping[CellId, Count],
    k: int,
    listing: tuple[frozenset[int], frozenset[int]],
    secondary: set[CellId],
    verify: Verify | None,
) -> tuple[Pattern, CellId | None]:
    """Hide cells until none is exposed; or return the exposed cell that nothing can protect."""
    unlisted, hide = listing
    m = model(tables, values, unlisted, hide)
    cells = m.cells
    order = {c: i for i, c in enumerate(cells)}
    primary = frozenset(c for c in cells if small(values[c], k))
    secondary &= set(cells)
    systems = (0,) if all(values[c].is_exact for c in cells) else (0, 1)
    rels = rules(m, systems)
    linked: dict[CellId, set[CellId]] = {}
    groups: dict[CellId, list[list[CellId]]] = {}
    for r in m.rels:
        group = [r.parent, *r.children] if isinstance(r, Sum | Covers) else [r.child, r.parent]
        for c in group:
            linked.setdefault(c, set()).update(group)
            groups.setdefault(c, []).append(group)
    grand = {t.total for t in tables if not t.where}

    while True:
        pattern = Pattern(primary, frozenset(secondary), unlisted, withheld=hide)
        full, alone = _ranges(m, rels, values, pattern, k=k, systems=systems)
        victims = [
            c
            for c in cells
            if c in pattern.hidden
            and any(exposed(full[c, s], alone[c, s], c in primary) for s in systems)
        ]
        # a cell pinned down gives the others away, above all one hidden to protect them:
        # protect it first
        pinned = [c for c in victims if any(full[c, s][0] == full[c, s][1] for s in systems)]
        victim = next(iter([c for c in pinned if c in secondary] or pinned or victims), None)
        if victim is None and verify is not None:
            victim = verify(pattern)
        if victim is None:
            return pattern, None
        candidates = _tightest(victim, groups, order, pattern.hidden, values, m.empty)
        if not candidates:
            candidates = _nearest_shown(victim, linked, order, pattern.hidden, values)
        if not candidates:
            return pattern, victim
        roomy = [c for c in candidates if values[c].low >= 2 * k - 1]
        if roomy:
            pick = min(roomy, key=lambda c: (c in grand, values[c].high, order[c]))
        else:
            pick = max(candidates, key=lambda c: (c not in grand, values[c].high, -order[c]))
        secondary.add(pick)


def _tightest(  # noqa: PLR0917 - a private helper of plan
    victim: CellId,
    groups: Mapping[CellId, list[list[CellId]]],
    order: Mapping[CellId, int],
    hidden: frozenset[CellId],
    values: Mapping[CellId, Count],
    empty: tuple[frozenset[CellId], frozenset[CellId]],
) -> list[CellId]:
    """The shown, non-empty cells of the relations of *victim* with the fewest other unknowns.

    A relation in which nothing else is unknown is the one that pins the victim down.
    """

    def unknown(c: CellId) -> bool:
        return c != victim and (c in hidden or c not in order) and c not in empty[1]

    ranked = sorted(
        (sum(map(unknown, group)), i, group) for i, group in enumerate(groups.get(victim, []))
    )
    for n in sorted({n for n, _, _ in ranked}):
        shown = {
            c
            for m, _, group in ranked
            if m == n
            for c in group
            if c in order and c not in hidden and values[c].high > 0
        }
        if shown:
            return sorted(shown, key=order.__getitem__)
    return []


def _nearest_shown(
    start: CellId,
    linked: Mapping[CellId, set[CellId]],
    order: Mapping[CellId, int],
    hidden: frozenset[CellId],
    values: Mapping[CellId, Count],
) -> list[CellId]:
    """The shown, non-empty cells nearest to *start* through hidden and unpublished cells."""
    seen, frontier = {start}, [start]
    while frontier:
        reached = {n for c in frontier for n in linked.get(c, ()) if n not in seen}
        seen |= reached
        shown = [c for c in reached if c in order and c not in hidden and values[c].high > 0]
        if shown:
            return sorted(shown, key=order.__getitem__)
        frontier = [c for c in reached if c not in order or c in hidden]
    return []
