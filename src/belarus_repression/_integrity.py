"""The dataset's integrity rules: checks that involve more than one record.

:func:`check` runs every rule over a dataset and returns every problem, each located by
table, index in the table (``row``), record id and JSON path.  Rules never stop at the first
finding.  Contradictions that real sources contain are warnings; the records stay.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Final, TypeAlias

from ._dates import PartialDate
from ._errors import Problem, shorten
from ._vocab import EndReason

if TYPE_CHECKING:
    from ._dataset import Records as Dataset
    from ._models import CustodySpell

__all__ = ["RULES", "check"]

#: Youngest and oldest plausible ages at arrest, in years.
MIN_AGE: Final = 14
MAX_AGE: Final = 100
#: A spell's end known only within more than this many days is "undated".
UNDATED_RELEASE_DAYS: Final = 366


def _problem(  # noqa: PLR0917 - a private helper, called positionally by every rule
    code: str, table: str, row: int, record: Any, field: str | None, message: str, value: object
) -> Problem:
    path = f"$.{table}[{row}]" + (f".{field}" if field else "")
    shown = (
        None
        if value is None
        else shorten(value if not isinstance(value, PartialDate) else str(value))
    )
    return Problem(code, message, value=shown).at(
        table=table, row=row, record=getattr(record, "id", None), path=path
    )


def _rows(ds: Dataset, table: str) -> Iterator[tuple[int, Any]]:
    return enumerate(getattr(ds, table))


# -- ids and references ----------------------------------------------------------------------


def duplicate_ids(ds: Dataset) -> Iterator[Problem]:
    """Two records of one type share an id (``id.duplicate``); the first one is kept."""
    for table, records in ds.tables().items():
        first: dict[str, int] = {}
        for row, record in enumerate(records):
            seen = first.setdefault(record.id, row)
            if seen != row:
                yield _problem(
                    "id.duplicate",
                    table,
                    row,
                    record,
                    "id",
                    f"the id is already used by {table}[{seen}]",
                    record.id,
                )


_PERSON_TABLES: Final = ("convictions", "custody", "observations")
_SOURCED_TABLES: Final = (
    "persons",
    "convictions",
    "custody",
    "pardon_waves",
    "observations",
)


def unresolved_references(ds: Dataset) -> Iterator[Problem]:
    """A ``person_id``, source id or ``pardon_wave`` names no record (``ref.unresolved``)."""
    persons, sources, waves = ds.person_by_id, ds.source_by_id, ds.wave_by_id
    for table in _PERSON_TABLES:
        for row, record in _rows(ds, table):
            if record.person_id not in persons:
                yield _problem(
                    "ref.unresolved",
                    table,
                    row,
                    record,
                    "person_id",
                    "no person has this id",
                    record.person_id,
                )
    for table in _SOURCED_TABLES:
        for row, record in _rows(ds, table):
            for i, source_id in enumerate(record.sources):
                if source_id not in sources:
                    yield _problem(
                        "ref.unresolved",
                        table,
                        row,
                        record,
                        f"sources[{i}]",
                        "no source has this id",
                        source_id,
                    )
    for row, figure in _rows(ds, "figures"):
        if figure.source not in sources:
            yield _problem(
                "ref.unresolved",
                "figures",
                row,
                figure,
                "source",
                "no source has this id",
                figure.source,
            )
    for row, spell in _rows(ds, "custody"):
        if spell.pardon_wave is not None and spell.pardon_wave not in waves:
            yield _problem(
                "ref.unresolved",
                "custody",
                row,
                spell,
                "pardon_wave",
                "no pardon wave has this id",
                spell.pardon_wave,
            )


# -- custody ---------------------------------------------------------------------------------


def _certain_span(spell: CustodySpell) -> tuple[dt.date, dt.date | None]:
    """The days the spell certainly covers: ``[start.latest, end.earliest)``."""
    return spell.start.latest, None if spell.end is None else spell.end.earliest


def _possible_span(spell: CustodySpell) -> tuple[dt.date, dt.date | None]:
    """The days the spell possibly covers: ``[start.earliest, end.latest)``."""
    return spell.start.earliest, None if spell.end is None else spell.end.latest


def _meet(a: tuple[dt.date, dt.date | None], b: tuple[dt.date, dt.date | None]) -> bool:
    """Whether two half-open spans (``None``: no end) share a day."""
    start = max(a[0], b[0])
    ends = [e for e in (a[1], b[1]) if e is not None]
    return not ends or start < min(ends)


def overlapping_spells(ds: Dataset) -> Iterator[Problem]:
    """Two custody spells of one person certainly overlap (``custody.overlap``).

    Walking the pairs, it also notes the people two of whose spells *possibly* overlap: only
    they can be counted twice on one day by a careless count, and the counting functions
    look them up in the dataset's index (``_possibly_overlapping``) instead of walking the
    pairs again.
    """
    possibly: set[str] = set()
    for person_id, spells in ds._spell_rows().items():
        if len(spells) < 2:
            continue
        if len(spells) > _PAIRWISE:
            if _meetings(spells, _possible_span):
                possibly.add(person_id)
            yield from _overlaps_of_many(spells)
            continue
        for i, (row_a, a) in enumerate(spells):
            for row_b, b in spells[i + 1 :]:
                if _meet(_possible_span(a), _possible_span(b)):
                    possibly.add(person_id)
                if _meet(_certain_span(a), _certain_span(b)):
                    yield _problem(
                        "custody.overlap",
                        "custody",
                        row_b,
                        b,
                        "start",
                        f"certainly overlaps custody[{row_a}] ({a.id!r}) of the same person",
                        b.start,
                    )
    ds._note_possibly_overlapping(frozenset(possibly))


#: Up to this many spells of one person, every pair is compared; beyond, spells are swept in
#: order of their start, so that a file with many spells of one person takes time n log n.
_PAIRWISE: Final = 32

_Span: TypeAlias = "tuple[dt.date, dt.date | None]"
_Row: TypeAlias = "tuple[int, CustodySpell]"


def _meetings(spells: list[_Row], span: Callable[[CustodySpell], _Span]) -> list[tuple[_Row, _Row]]:
    """Pairs of spells whose spans meet; empty if and only if no two spans meet.

    Each spell is paired with the one before it (by start) that reaches furthest, if they
    meet: one sort and one pass, whatever the number of spells.
    """
    ordered = sorted(
        ((span(spell), (row, spell)) for row, spell in spells),
        key=lambda item: item[0][0],
    )
    pairs: list[tuple[_Row, _Row]] = []
    furthest: tuple[_Span, _Row] | None = None
    for (start, end), item in ordered:
        if end is not None and end <= start:
            continue  # an empty span meets nothing
        if furthest is not None:
            reach = furthest[0][1]
            if reach is None or start < reach:
                pairs.append((furthest[1], item))
            if reach is None or (end is not None and end <= reach):
                continue
        furthest = ((start, end), item)
    return pairs


def _overlaps_of_many(spells: list[_Row]) -> Iterator[Problem]:
    """``custody.overlap`` for a person with many spells, in time n log n.

    As for a few spells, a spell is reported when it certainly overlaps a spell on an
    earlier row (so that lenient loading drops every such spell at once), but once, naming
    the earlier spell that reaches furthest.  The spells are taken in row order; a Fenwick
    tree over their starts gives, for each, the furthest end among the earlier spells that
    start before it ends.
    """
    never = dt.date.max.toordinal() + 1  # the end of an open spell
    items = []
    for row, spell in spells:
        start, end = _certain_span(spell)
        first, stop = start.toordinal(), never if end is None else end.toordinal()
        if first < stop:  # an empty span overlaps nothing
            items.append((first, stop, row, spell))
    starts = sorted({first for first, _, _, _ in items})
    tree: list[tuple[int, int, Any]] = [(-1, -1, None)] * (len(starts) + 1)
    for first, stop, row, spell in items:
        best: tuple[int, int, Any] = (-1, -1, None)
        i = bisect.bisect_left(starts, stop)  # the earlier spells that start before this ends
        while i > 0:
            best = max(best, tree[i], key=lambda entry: entry[0])
            i -= i & -i
        if best[0] > first:
            yield _problem(
                "custody.overlap",
                "custody",
                row,
                spell,
                "start",
                f"certainly overlaps custody[{best[1]}] ({best[2].id!r}) of the same person",
                spell.start,
            )
        i = bisect.bisect_left(starts, first) + 1
        while i < len(tree):
            if stop > tree[i][0]:
                tree[i] = (stop, row, spell)
            i += i & -i


def pardon_wave_dates(ds: Dataset) -> Iterator[Problem]:
    """A spell ended by pardon cannot have ended on its wave's date (``pardon.wave_date``)."""
    waves = ds.wave_by_id
    for row, spell in _rows(ds, "custody"):
        if spell.pardon_wave is None or spell.end is None or spell.pardon_wave not in waves:
            continue
        wave = waves[spell.pardon_wave]
        if not spell.end.overlaps(wave.date):
            yield _problem(
                "pardon.wave_date",
                "custody",
                row,
                spell,
                "end",
                f"the spell ends on {spell.end}, but pardon wave {wave.id!r} is dated {wave.date}",
                spell.end,
            )


def undated_releases(ds: Dataset) -> Iterator[Problem]:
    """A spell whose end is known only within more than a year (warning ``release.undated``)."""
    for row, spell in ds._partial_spells():
        if spell.end is not None and spell.end.span_days > UNDATED_RELEASE_DAYS:
            yield _problem(
                "release.undated",
                "custody",
                row,
                spell,
                "end",
                f"the release is known only to lie within {spell.end}",
                spell.end,
            )


# -- dates -----------------------------------------------------------------------------------

_DATED_FIELDS: Final[dict[str, tuple[str, ...]]] = {
    "persons": ("birth", "recognized"),
    "convictions": ("verdict", "appeal"),
    "custody": ("start", "end"),
    "pardon_waves": ("date",),
    "observations": ("start", "end"),
}


def _dates_of(record: Any, fields: Iterable[str]) -> Iterator[tuple[str, PartialDate]]:
    for field in fields:
        value = getattr(record, field)
        if value is not None:
            yield field, value


def dates_after_as_of(ds: Dataset) -> Iterator[Problem]:
    """A date of the world certainly after the dataset's ``as_of`` (``date.after_as_of``)."""
    for table, fields in _DATED_FIELDS.items():
        for row, record in _rows(ds, table):
            for field, date in _dates_of(record, fields):
                if date.earliest > ds.as_of:  # certainly after as_of
                    yield _problem(
                        "date.after_as_of",
                        table,
                        row,
                        record,
                        field,
                        f"{date} is after the dataset's as_of {ds.as_of}",
                        date,
                    )


def records_after_death(ds: Dataset) -> Iterator[Problem]:
    """A record certainly dated after the person died in custody (``date.after_death``)."""
    death: dict[str, PartialDate] = {}
    for spell in ds.custody:
        if spell.end_reason is EndReason.DIED_IN_CUSTODY and spell.end is not None:
            death[spell.person_id] = spell.end
    if not death:
        return
    starts = {"custody": ("start",), "convictions": ("verdict",), "observations": ("start",)}
    for table, fields in starts.items():
        for row, record in _rows(ds, table):
            died = death.get(record.person_id)
            if died is None:
                continue
            for field, date in _dates_of(record, fields):
                if date.certainly_after(died):
                    yield _problem(
                        "date.after_death",
                        table,
                        row,
                        record,
                        field,
                        f"{date} is after the person died in custody ({died})",
                        date,
                    )


def _years_between(earlier: dt.date, later: dt.date) -> int:
    years = later.year - earlier.year
    return years - ((later.month, later.day) < (earlier.month, earlier.day))


def births_and_ages(ds: Dataset) -> Iterator[Problem]:
    """Birth after an arrest (``birth.after_arrest``); implausible ages (``age.implausible``)."""
    persons = ds.person_by_id
    for row, spell in _rows(ds, "custody"):
        person = persons.get(spell.person_id)
        if person is None or person.birth is None:
            continue
        birth = person.birth
        if birth.certainly_after(spell.start):
            yield _problem(
                "birth.after_arrest",
                "custody",
                row,
                spell,
                "start",
                f"the person was born {birth}, after this arrest",
                spell.start,
            )
            continue
        youngest = _years_between(birth.latest, spell.start.earliest)
        oldest = _years_between(birth.earliest, spell.start.latest)
        if oldest < MIN_AGE or youngest > MAX_AGE:
            age = oldest if oldest < MIN_AGE else youngest
            yield _problem(
                "age.implausible",
                "custody",
                row,
                spell,
                "start",
                f"the person was {age} years old at this arrest (born {birth})",
                spell.start,
            )


def verdicts_before_arrest(ds: Dataset) -> Iterator[Problem]:
    """A verdict certainly before the person's first arrest (warning ``verdict.before_arrest``).

    Verdicts in absentia are left alone: they need no arrest.
    """
    first_start: dict[str, dt.date] = {}
    for spell in ds.custody:
        day = spell.start.earliest
        if spell.person_id not in first_start or day < first_start[spell.person_id]:
            first_start[spell.person_id] = day
    for row, conviction in _rows(ds, "convictions"):
        if conviction.verdict is None or conviction.in_absentia:
            continue
        start = first_start.get(conviction.person_id)
        if start is not None and conviction.verdict.certainly_before(start):
            yield _problem(
                "verdict.before_arrest",
                "convictions",
                row,
                conviction,
                "verdict",
                f"the verdict ({conviction.verdict}) is before the first arrest ({start})",
                conviction.verdict,
            )


def appeals_before_verdict(ds: Dataset) -> Iterator[Problem]:
    """An appeal certainly before the verdict (warning ``appeal.before_verdict``)."""
    for row, conviction in _rows(ds, "convictions"):
        verdict, appeal = conviction.verdict, conviction.appeal
        if verdict is not None and appeal is not None and appeal.certainly_before(verdict):
            yield _problem(
                "appeal.before_verdict",
                "convictions",
                row,
                conviction,
                "appeal",
                f"the appeal ({appeal}) is before the verdict ({verdict})",
                appeal,
            )


#: Every rule, in the order they run.
RULES: Final[tuple[Callable[[Dataset], Iterator[Problem]], ...]] = (
    duplicate_ids,
    unresolved_references,
    overlapping_spells,
    pardon_wave_dates,
    dates_after_as_of,
    records_after_death,
    births_and_ages,
    verdicts_before_arrest,
    appeals_before_verdict,
    undated_releases,
)


def check(ds: Dataset) -> list[Problem]:
    """Run every integrity rule over *ds* and return every problem found."""
    return [problem for rule in RULES for problem in rule(ds)]
