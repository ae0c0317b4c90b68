"""The :class:`Dataset`: every record of one body of data, checked as a whole and indexed.

Building a dataset runs the integrity rules of :mod:`._integrity` and collects every
problem.  Errors raise :class:`~belarus_repression.ValidationError`; warnings (contradictions
that real sources contain) are kept on :attr:`Dataset.report` with the records they concern.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Any, Final, Generic, TypeVar

import attrs

from ._errors import Problem, Report, Severity, UnknownKeyError, ValidationError
from ._gc import gc_paused
from ._models import (
    Conviction,
    CustodySpell,
    Observation,
    PardonWave,
    Person,
    ReportedFigure,
    Source,
    convert_or_refuse,
)

__all__ = ["TABLES", "Dataset", "Index", "Records"]

R = TypeVar("R")

#: The collections of a dataset, in file order, with their record types.
TABLES: Final[dict[str, type[Any]]] = {
    "sources": Source,
    "persons": Person,
    "convictions": Conviction,
    "custody": CustodySpell,
    "pardon_waves": PardonWave,
    "observations": Observation,
    "figures": ReportedFigure,
}


class Index(Mapping[str, R], Generic[R]):
    """A read-only mapping from id to record; the first record wins where ids repeat."""

    __slots__ = ("_by_id",)

    def __init__(self, records: tuple[R, ...]) -> None:
        by_id: dict[str, R] = {}
        for record in records:
            by_id.setdefault(record.id, record)  # type: ignore[attr-defined]
        self._by_id = MappingProxyType(by_id)

    def __getitem__(self, key: str) -> R:
        try:
            return self._by_id[key]
        except KeyError:
            raise KeyError(key) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_id)

    def __len__(self) -> int:
        return len(self._by_id)

    def __repr__(self) -> str:
        return f"Index({len(self)} records)"


def _cited(record: Any) -> tuple[str, ...]:
    """The ids of the sources a record refers to."""
    if isinstance(record, ReportedFigure):
        return (record.source,)
    return record.sources  # type: ignore[no-any-return]


def _group(records: tuple[Any, ...]) -> Mapping[str, tuple[Any, ...]]:
    groups: dict[str, list[Any]] = {}
    for record in records:
        groups.setdefault(record.person_id, []).append(record)
    return MappingProxyType({key: tuple(value) for key, value in groups.items()})


@attrs.frozen(eq=False)
class Records:
    """The record collections of a dataset with their lookups, not yet checked.

    The integrity rules run over this; :class:`Dataset` is the checked form.
    """

    as_of: dt.date
    sources: tuple[Source, ...] = ()
    persons: tuple[Person, ...] = ()
    convictions: tuple[Conviction, ...] = ()
    custody: tuple[CustodySpell, ...] = ()
    pardon_waves: tuple[PardonWave, ...] = ()
    observations: tuple[Observation, ...] = ()
    figures: tuple[ReportedFigure, ...] = ()
    synthetic: bool = False
    _indexes: dict[object, Any] = attrs.field(init=False, repr=False, eq=False, factory=dict)

    def __attrs_post_init__(self) -> None:
        convert_or_refuse(self)

    def tables(self) -> dict[str, tuple[Any, ...]]:
        """The record collections by table name, in file order."""
        return {name: getattr(self, name) for name in TABLES}

    def _index(self, key: object, build: Any) -> Any:
        try:
            return self._indexes[key]
        except KeyError:
            value = self._indexes[key] = build()
            return value

    # -- lookups by id ----------------------------------------------------------------------

    @property
    def source_by_id(self) -> Index[Source]:
        """Sources by id."""
        return self._index("sources", lambda: Index(self.sources))  # type: ignore[no-any-return]

    @property
    def person_by_id(self) -> Index[Person]:
        """Persons by id."""
        return self._index("persons", lambda: Index(self.persons))  # type: ignore[no-any-return]

    @property
    def conviction_by_id(self) -> Index[Conviction]:
        """Convictions by id."""
        build = lambda: Index(self.convictions)  # noqa: E731
        return self._index("convictions", build)  # type: ignore[no-any-return]

    @property
    def spell_by_id(self) -> Index[CustodySpell]:
        """Custody spells by id."""
        return self._index("custody", lambda: Index(self.custody))  # type: ignore[no-any-return]

    @property
    def wave_by_id(self) -> Index[PardonWave]:
        """Pardon waves by id."""
        build = lambda: Index(self.pardon_waves)  # noqa: E731
        return self._index("waves", build)  # type: ignore[no-any-return]

    # -- spell indexes shared by the integrity rules and the counts ----------------------------

    def _spell_rows(self) -> Mapping[str, list[tuple[int, CustodySpell]]]:
        """Each person's custody spells with their rows (indexes in ``custody``)."""

        def build() -> dict[str, list[tuple[int, CustodySpell]]]:
            by_person: dict[str, list[tuple[int, CustodySpell]]] = {}
            for row, spell in enumerate(self.custody):
                by_person.setdefault(spell.person_id, []).append((row, spell))
            return by_person

        return self._index("_spell_rows", build)  # type: ignore[no-any-return]

    def _partial_spells(self) -> list[tuple[int, CustodySpell]]:
        """The custody spells with a partly known start or end, with their rows."""

        def build() -> list[tuple[int, CustodySpell]]:
            return [
                (row, s)
                for row, s in enumerate(self.custody)
                if s.start.earliest != s.start.latest
                or (s.end is not None and s.end.earliest != s.end.latest)
            ]

        return self._index("_partial_spells", build)  # type: ignore[no-any-return]

    def _partial_spell_list(self) -> list[CustodySpell]:
        """The custody spells with a partly known start or end."""
        build = lambda: [spell for _, spell in self._partial_spells()]  # noqa: E731
        return self._index("_partial_spell_list", build)  # type: ignore[no-any-return]

    def _possibly_overlapping(self) -> frozenset[str]:
        """The people two of whose custody spells possibly overlap (partly dated ones)."""
        if "_possibly_overlapping" not in self._indexes:  # records built without their checks
            from ._integrity import overlapping_spells  # noqa: PLC0415 - it records the set

            for _ in overlapping_spells(self):
                pass
        return self._indexes["_possibly_overlapping"]  # type: ignore[no-any-return]

    def _note_possibly_overlapping(self, people: frozenset[str]) -> None:
        """Record what the overlap rule found (it walks every pair of a person's spells)."""
        self._indexes["_possibly_overlapping"] = people

    # -- records of one person ----------------------------------------------------------------

    def spells_of(self, person_id: str) -> tuple[CustodySpell, ...]:
        """The custody spells of one person, in dataset order."""
        groups = self._index("spells_of", lambda: _group(self.custody))
        return groups.get(person_id, ())  # type: ignore[no-any-return]

    def convictions_of(self, person_id: str) -> tuple[Conviction, ...]:
        """The convictions of one person, in dataset order."""
        groups = self._index("convictions_of", lambda: _group(self.convictions))
        return groups.get(person_id, ())  # type: ignore[no-any-return]

    def observations_of(self, person_id: str) -> tuple[Observation, ...]:
        """The observations of one person, in dataset order."""
        groups = self._index("observations_of", lambda: _group(self.observations))
        return groups.get(person_id, ())  # type: ignore[no-any-return]

    def spells_in_wave(self, wave_id: str) -> tuple[CustodySpell, ...]:
        """The custody spells that name a pardon wave (its identified members)."""

        def build() -> Mapping[str, tuple[CustodySpell, ...]]:
            groups: dict[str, list[CustodySpell]] = {}
            for spell in self.custody:
                if spell.pardon_wave is not None:
                    groups.setdefault(spell.pardon_wave, []).append(spell)
            return {key: tuple(value) for key, value in groups.items()}

        return self._index("wave_members", build).get(wave_id, ())  # type: ignore[no-any-return]


@attrs.frozen(eq=False)
class Dataset(Records):
    """All records of one body of data, checked and indexed.

    Building a dataset checks every integrity rule (see the docs' list of problem codes) and
    raises :class:`~belarus_repression.ValidationError` listing every error at once.
    Its fields accept what a user naturally writes: ``as_of`` as a day in any form
    :func:`~belarus_repression.read_day` reads, the tables as lists of records or of
    mappings of their fields.
    Warnings do not stop it; they are on :attr:`report`.  Two datasets are equal when their
    ``as_of``, ``synthetic`` flag and records (in order) are equal.

    Attributes:
        as_of: The day the data describes: an open custody spell means "held on as_of".
        sources: Where the facts come from.
        persons: The people.
        convictions: The verdicts.
        custody: The custody spells.
        pardon_waves: The announced acts of pardon.
        observations: States over time (incommunicado, serious illness, ...).
        figures: Published figures that come with the data.
        synthetic: Whether the data is invented (the library's synthetic population).

    .. versionadded:: 0.1.0
    """

    _report: Report = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        from ._integrity import check  # noqa: PLC0415 - the rules import the dataset's types

        super().__attrs_post_init__()
        with gc_paused():
            problems = check(self)
        if any(p.severity is Severity.ERROR for p in problems):
            raise ValidationError(problems)
        object.__setattr__(self, "_report", Report(tuple(problems)))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Dataset):
            return NotImplemented
        return (self.as_of, self.synthetic, *self.tables().values()) == (
            other.as_of,
            other.synthetic,
            *other.tables().values(),
        )

    __hash__ = None  # type: ignore[assignment]

    @property
    def report(self) -> Report:
        """The warnings found when the dataset was built (it has no errors)."""
        return self._report

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """The warnings found when the dataset was built."""
        return self._report.warnings

    def __repr__(self) -> str:
        counts = ", ".join(f"{len(records)} {name}" for name, records in self.tables().items())
        flag = ", synthetic" if self.synthetic else ""
        return f"<Dataset as of {self.as_of}{flag}: {counts}>"

    def _repr_html_(self) -> str:
        from ._html import html_table  # noqa: PLC0415

        rows = [[name, f"{len(records):,}"] for name, records in self.tables().items()]
        rows.append(["warnings", f"{len(self.warnings):,}"])
        flag = " (synthetic data)" if self.synthetic else ""
        return html_table(["table", "records"], rows, f"Dataset as of {self.as_of}{flag}")

    def subset(
        self,
        persons: Iterable[str | Person] | None = None,
        *,
        where: Mapping[str, object] | Callable[[Person], bool] | None = None,
    ) -> Dataset:
        """A valid dataset of some of the people, with everything their records refer to.

        It keeps the people asked for (by *persons* and *where*, both when both are given),
        their convictions, custody spells and observations; every pardon wave and published
        figure; and the sources any kept record refers to.  Every pardon wave is kept
        because its unnamed members may be among the people kept: :func:`pardons` of a
        subset still bounds them in its ``high``.  ``as_of`` and the ``synthetic`` flag stay.

        Args:
            persons: Ids of people, or the people themselves; ``None`` for everyone.
            where: A filter on people, as the counts read it (see :doc:`/definitions`).

        Returns:
            The smaller dataset, checked like any other.

        Raises:
            UnknownKeyError: for an id that is not a person of the dataset, or an unknown
                filter key or value.

        .. versionadded:: 0.2.0
        """
        from ._groups import person_filter  # noqa: PLC0415 - the groups read the dataset

        keep = {p.id for p in self.persons}
        if persons is not None:
            asked = {p if isinstance(p, str) else p.id for p in persons}
            missing = sorted(asked - keep)
            if missing:
                shown = ", ".join(missing[:5]) + (" ..." if len(missing) > 5 else "")
                raise UnknownKeyError(shown, ["the ids of the dataset's persons"], "person id")
            keep = asked
        test = person_filter(self, where)
        kept = tuple(p for p in self.persons if p.id in keep and (test is None or test(p)))
        ids = {p.id for p in kept}
        tables: dict[str, tuple[Any, ...]] = {
            "persons": kept,
            "convictions": tuple(c for c in self.convictions if c.person_id in ids),
            "custody": tuple(s for s in self.custody if s.person_id in ids),
            "pardon_waves": self.pardon_waves,
            "observations": tuple(o for o in self.observations if o.person_id in ids),
            "figures": self.figures,
        }
        cited = {source for records in tables.values() for r in records for source in _cited(r)}
        tables["sources"] = tuple(s for s in self.sources if s.id in cited)
        return Dataset(self.as_of, synthetic=self.synthetic, **tables)

    def summary(self) -> str:
        """A few lines: what the dataset holds and how many warnings it has."""
        lines = [f"Dataset as of {self.as_of}" + (" (synthetic data)" if self.synthetic else "")]
        lines += [f"  {name:<13} {len(records):>8,}" for name, records in self.tables().items()]
        lines.append(f"  warnings      {len(self.warnings):>8,}")
        return "\n".join(lines)
