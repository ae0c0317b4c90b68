"""Publishing safely: small cells suppressed, people pseudonymised.

:func:`suppress` hides every cell of a breakdown that counts between 1 and ``k - 1`` people
(*primary suppression*) and, where the groups sum to the total, hides a further cell whenever
a hidden one could be recovered by subtracting the visible ones from the total (*secondary
suppression*).

:func:`pseudonymize` replaces every id with a keyed, stable pseudonym (HMAC-SHA256), drops
names and free text, and reduces birth dates to the year: what a dataset needs to be counted,
without what identifies the people in it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from ._dataset import Dataset
from ._dates import PartialDate
from ._models import Source
from ._results import Breakdown, Count

__all__ = ["SuppressedBreakdown", "pseudonymize", "suppress"]


@attrs.frozen
class SuppressedBreakdown(Mapping[str, Count | None]):
    """A breakdown with its small cells hidden (``None``).

    Attributes:
        breakdown: The breakdown before suppression (keep it private).
        k: The smallest count shown (cells from 1 to ``k - 1`` are hidden).
        primary: The groups hidden because they are small.
        secondary: The groups hidden so that no small one can be recovered from the total.
        total_hidden: Whether the total is hidden too (it is small itself, or it would give
            away the only group hidden).

    .. versionadded:: 0.1.0
    """

    breakdown: Breakdown
    k: int
    primary: frozenset[str]
    secondary: frozenset[str]
    total_hidden: bool = False

    @property
    def hidden(self) -> frozenset[str]:
        """Every hidden group."""
        return self.primary | self.secondary

    def __getitem__(self, group: str) -> Count | None:
        return None if group in self.hidden else self.breakdown.groups[group]

    def __iter__(self) -> Iterator[str]:
        return iter(self.breakdown.groups)

    def __len__(self) -> int:
        return len(self.breakdown.groups)

    @property
    def total(self) -> Count | None:
        """The total, or ``None`` when it is hidden."""
        return None if self.total_hidden else self.breakdown.total

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

        rows = [[g, f"<{self.k}" if c is None else str(c)] for g, c in self.items()]
        rows.append(["total", f"<{self.k}" if self.total is None else str(self.total)])
        return html_table([self.breakdown.by, "count"], rows, f"cells below {self.k} hidden")

    def __str__(self) -> str:
        width = max([len(self.breakdown.by), 5, *(len(g) for g in self)])
        lines = [f"{self.breakdown.by:<{width}}  count"]
        lines += [
            f"{group:<{width}}  {'<' + str(self.k) if count is None else str(count)}"
            for group, count in self.items()
        ]
        total = f"<{self.k}" if self.total is None else str(self.total)
        lines.append(f"{'total':<{width}}  {total}")
        return "\n".join(lines)


def _small(count: Count, k: int) -> bool:
    return 0 < count.high < k or 0 < count.low < k


def suppress(breakdown: Breakdown, k: int = 5) -> SuppressedBreakdown:
    """Hide the cells of a breakdown that count fewer than *k* people (but some).

    Where the groups partition the total, hiding one cell alone would not hide it: the total
    minus the visible cells gives it back.  So whenever exactly one cell is hidden, the
    smallest other non-empty cell is hidden too (or, failing one, the smallest other cell;
    failing that, the total).  A total that is itself small is hidden as well.
    Where one person can be in several groups (roles, articles), no cell follows from the
    others and the total, and only the small cells are hidden.

    Args:
        breakdown: The breakdown to publish.
        k: The smallest count that may be shown (at least 2).

    .. versionadded:: 0.1.0
    """
    if k < 2:
        raise ValueError(f"k must be at least 2, not {k}")
    groups = breakdown.groups
    primary = frozenset(g for g, c in groups.items() if _small(c, k))
    secondary: set[str] = set()
    if breakdown.partitions and len(primary) == 1:
        others = [g for g in groups if g not in primary]
        non_empty = [g for g in others if groups[g].high > 0]
        candidates = non_empty or others
        if candidates:
            secondary.add(min(candidates, key=lambda g: (groups[g].high, groups[g].low, g)))
    total_hidden = _small(breakdown.total, k) or (
        breakdown.partitions and len(primary) == 1 and not secondary
    )
    return SuppressedBreakdown(breakdown, k, primary, frozenset(secondary), total_hidden)


# -- pseudonymisation --------------------------------------------------------------------------


def _year_of(date: PartialDate | None) -> PartialDate | None:
    if date is None:
        return None
    first, last = date.earliest.year, date.latest.year
    if first == last:
        return PartialDate.year(first)
    return PartialDate.between(dt.date(first, 1, 1), dt.date(last, 12, 31))


def pseudonymize(ds: Dataset, key: bytes | str) -> Dataset:
    """The dataset with its people made pseudonymous.

    - every id becomes ``ps-`` and 16 hexadecimal digits of HMAC-SHA256 of the id under
      *key* (stable: the same id and key give the same pseudonym; references follow);
    - names, courts, judges, facilities, notes and the raw text of sentences are dropped;
    - sources lose their names and addresses (a source's address can name a person);
    - birth dates are reduced to the year.

    Every count of the library gives the same result on the pseudonymised dataset, except
    breakdowns by age, which the years of birth make coarser.

    Args:
        ds: The dataset.
        key: The secret key (required; keep it to pseudonymise later versions the same way).

    Raises:
        ValueError: when the key is empty.

    .. versionadded:: 0.1.0
    """
    import hashlib  # noqa: PLC0415 - slow to import (OpenSSL); only pseudonymising needs it
    import hmac  # noqa: PLC0415

    secret = key.encode() if isinstance(key, str) else bytes(key)
    if not secret:
        raise ValueError("pseudonymize needs a secret key; an empty key protects no one")

    def ps(value: str) -> str:
        return "ps-" + hmac.new(secret, value.encode(), hashlib.sha256).hexdigest()[:16]

    def refs(values: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(ps(v) for v in values)

    sources = tuple(Source(ps(s.id), "pseudonymised source") for s in ds.sources)
    persons = tuple(
        attrs.evolve(p, id=ps(p.id), names=(), birth=_year_of(p.birth), sources=refs(p.sources))
        for p in ds.persons
    )
    convictions = tuple(
        attrs.evolve(
            c,
            id=ps(c.id),
            person_id=ps(c.person_id),
            court=None,
            judges=(),
            sentence=None if c.sentence is None else attrs.evolve(c.sentence, raw=None),
            sources=refs(c.sources),
        )
        for c in ds.convictions
    )
    custody = tuple(
        attrs.evolve(
            s,
            id=ps(s.id),
            person_id=ps(s.person_id),
            pardon_wave=None if s.pardon_wave is None else ps(s.pardon_wave),
            facility=None,
            sources=refs(s.sources),
        )
        for s in ds.custody
    )
    waves = tuple(
        attrs.evolve(w, id=ps(w.id), announced_by=None, note=None, sources=refs(w.sources))
        for w in ds.pardon_waves
    )
    observations = tuple(
        attrs.evolve(o, id=ps(o.id), person_id=ps(o.person_id), note=None, sources=refs(o.sources))
        for o in ds.observations
    )
    figures = tuple(
        attrs.evolve(f, id=ps(f.id), source=ps(f.source), note=None) for f in ds.figures
    )
    return Dataset(
        ds.as_of,
        sources=sources,
        persons=persons,
        convictions=convictions,
        custody=custody,
        pardon_waves=waves,
        observations=observations,
        figures=figures,
        synthetic=ds.synthetic,
    )
