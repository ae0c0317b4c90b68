"""From raw records to a checked dataset (strictly or leniently), or to a report of them.

Each way structures every record on its own, so that one bad record never hides another's
problems, then runs the dataset's integrity rules.  Strict assembly stops before the rules
when a record cannot be structured (the fast path of ``load``).  Lenient assembly rejects each
record that has an error, then each record that depends on a rejected one, until what is left
is consistent; every input record ends up either loaded or rejected, with its reasons.  The
report (``validate``) leaves out only the records that cannot be structured and runs every
integrity rule on all the rest.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import attrs

from .._converter import converter, problems_of, structure
from .._dataset import TABLES, Dataset, Records
from .._errors import Problem, Report, Severity, ValidationError, shorten
from .._integrity import check
from .._models import Name
from ._outcome import LenientLoad, Rejection
from ._raw import MISSING as _MISSING
from ._raw import RawDocument, RawRecord

__all__ = ["assemble", "assemble_lenient", "assemble_report"]


class _Item:
    """A structured record with its origin (and, for a CSV person, its ``names`` rows)."""

    __slots__ = ("names", "raw", "record")

    def __init__(self, raw: RawRecord, record: Any) -> None:
        self.raw = raw
        self.record = record
        self.names: list[RawRecord] = []


def _structure_document(
    doc: RawDocument,
) -> tuple[dt.date | None, bool, dict[str, list[_Item]], list[tuple[RawRecord, list[Problem]]]]:
    """Structure every record; return the good ones and the failures with their problems."""
    as_of: dt.date | None = None
    synthetic = False
    failures: list[tuple[RawRecord, list[Problem]]] = []
    if doc.as_of is not _MISSING:
        try:
            as_of = structure(doc.as_of, dt.date, "$.as_of")
        except ValidationError as exc:
            doc.problems.extend(p.at(file=doc.file) for p in exc.problems)
    try:
        synthetic = structure(doc.synthetic, bool, "$.synthetic")
    except ValidationError as exc:
        doc.problems.extend(p.at(file=doc.file) for p in exc.problems)
    items: dict[str, list[_Item]] = {}
    conv = converter()
    for table, cls in TABLES.items():
        good = items[table] = []
        hook = conv.get_structure_hook(cls)
        for raw in doc.tables.get(table, []):
            if not raw.cell_problems:
                try:  # the fast path: most records are fine
                    good.append(_Item(raw, hook(raw.data, cls)))
                    continue
                except Exception as exc:  # noqa: BLE001 - becomes located problems
                    found = list(problems_of(exc, raw.data, raw.path))
            else:
                found = []
                if raw.data is not None:
                    try:
                        hook(raw.data, cls)
                    except Exception as exc:  # noqa: BLE001 - becomes located problems
                        found = list(problems_of(exc, raw.data, raw.path))
            bad_cells = {p.location.path for p in raw.cell_problems}
            problems = list(raw.cell_problems) + [
                p
                for p in (doc.relocate(q, table, raw.row) for q in found)
                if not (p.code == "field.missing" and p.location.path in bad_cells)
            ]
            problems += doc.record_problems(raw)  # e.g. JSON nested deeper than the limit
            failures.append((raw, problems))
    if doc.kind == "csv":
        _attach_names(doc, items["persons"], failures)
    return as_of, synthetic, items, failures


def _attach_names(
    doc: RawDocument, persons: list[_Item], failures: list[tuple[RawRecord, list[Problem]]]
) -> None:
    """Structure the CSV ``names`` rows and give each person its names, in row order.

    The names of an id go to the first person with that id (a later one is a duplicate),
    which keeps their rows: if lenient loading rejects the person, it rejects them too.
    """
    by_person: dict[str, list[tuple[RawRecord, Name]]] = {}
    first: dict[str, _Item] = {}
    for item in persons:
        first.setdefault(item.record.id, item)
    known = first.keys()
    failed_persons = {
        raw.data.get("id")
        for raw, _ in failures
        if raw.table == "persons" and isinstance(raw.data, dict)
    }
    for raw in doc.names:
        problems = list(raw.cell_problems)
        data = dict(raw.data) if isinstance(raw.data, dict) else None
        person_id = None if data is None else data.pop("person_id", None)
        name: Name | None = None
        if data is not None:
            try:
                name = structure(data, Name, raw.path)
            except ValidationError as exc:
                problems += [doc.relocate(p, "names", raw.row) for p in exc.problems]
        if not problems and person_id not in known:
            code = "ref.dropped" if person_id in failed_persons else "ref.unresolved"
            problems.append(
                Problem(code, "no person (loaded) has this id", value=repr(person_id)).at(
                    file=doc.file, table="names", row=raw.row, path="person_id"
                )
            )
        if problems or name is None:
            failures.append((raw, problems))
        else:
            by_person.setdefault(str(person_id), []).append((raw, name))
    for person_id, named in by_person.items():
        item = first[person_id]
        item.names = [raw for raw, _ in named]
        # The person was built a moment ago and nobody else holds it; its checks do not
        # involve names, so setting them in place is safe and much cheaper than evolve().
        object.__setattr__(item.record, "names", tuple(name for _, name in named))


def _records(as_of: dt.date, synthetic: bool, items: dict[str, list[_Item]], cls: Any) -> Any:
    tables = {table: tuple(item.record for item in group) for table, group in items.items()}
    return cls(as_of, synthetic=synthetic, **tables)


def _named(doc: RawDocument, table: str, row: int) -> str:
    """How a message names a record of the input: ``custody[3]``, or ``custody row 4`` (CSV)."""
    return f"{table} row {row}" if doc.kind == "csv" else f"{table}[{row}]"


#: A record named in an integrity message by its index in the kept records: ``custody[3]``.
_INDEX_IN_MESSAGE = re.compile(r"\b(" + "|".join(TABLES) + r")\[(\d+)\]")


def _relocated(
    doc: RawDocument, problems: list[Problem] | tuple[Problem, ...], items: dict[str, list[_Item]]
) -> list[Problem]:
    """Give integrity problems (located by index in the kept records) their file rows."""

    def renumber(match: re.Match[str]) -> str:
        group, index = items[match[1]], int(match[2])
        return _named(doc, match[1], group[index].raw.row) if index < len(group) else match[0]

    out = []
    for problem in problems:
        table, index = problem.location.table, problem.location.row
        moved = problem
        if table in items and index is not None:
            raw = items[table][index].raw
            path = (problem.location.path or "").replace(
                f"$.{table}[{index}]", f"$.{table}[{raw.row}]", 1
            )
            location = attrs.evolve(problem.location, row=None, path=path)
            message = _INDEX_IN_MESSAGE.sub(renumber, problem.message)
            moved = attrs.evolve(problem, location=location, message=message)
            moved = doc.relocate(moved, table, raw.row)
        out.append(moved.at(file=doc.file))
    return out


def assemble(doc: RawDocument) -> Dataset:
    """Build the dataset of a document, raising every problem of the input at once.

    Raises:
        ValidationError: listing every error and warning found, when there is an error.
    """
    as_of, synthetic, items, failures = _structure_document(doc)
    problems = list(doc.problems) + [p for _, group in failures for p in group]
    if as_of is None or any(p.severity is Severity.ERROR for p in problems):
        raise ValidationError(problems, doc.file)
    try:
        dataset: Dataset = _records(as_of, synthetic, items, Dataset)
    except ValidationError as exc:
        raise ValidationError(_relocated(doc, exc.problems, items), doc.file) from None
    report = Report(tuple(problems + _relocated(doc, dataset.report.problems, items)), doc.file)
    object.__setattr__(dataset, "_report", report)
    return dataset


def assemble_lenient(doc: RawDocument) -> LenientLoad:
    """Build a dataset of every record that can be kept; account for every other one.

    Raises:
        ValidationError: when the file itself cannot be read or has no usable ``as_of``.
    """
    as_of, synthetic, items, failures = _structure_document(doc)
    fatal = [p for p in doc.problems if p.severity is Severity.ERROR]
    if as_of is None or fatal:
        raise ValidationError(doc.problems + [p for _, g in failures for p in g], doc.file)
    read = {table: len(doc.tables.get(table, [])) for table in TABLES}
    if doc.kind == "csv":
        read["names"] = len(doc.names)
    rejections = [
        Rejection(raw.table, raw.row, _id_of(raw.data), tuple(problems))
        for raw, problems in failures
    ]
    rejected_ids: dict[str, set[str]] = {table: set() for table in TABLES}
    for rejection in rejections:
        if rejection.record is not None and rejection.table in rejected_ids:
            rejected_ids[rejection.table].add(rejection.record)
    while True:
        records: Records = _records(as_of, synthetic, items, Records)
        errors = [p for p in check(records) if p.severity is Severity.ERROR]
        if not errors:
            break
        bad: dict[tuple[str, int], list[Problem]] = {}
        for problem in errors:
            table, index = problem.location.table, problem.location.row
            if table is None or index is None:  # pragma: no cover - every rule locates
                raise AssertionError(problem)
            bad.setdefault((table, index), []).append(_as_dropped(problem, rejected_ids))
        for (table, index), problems in bad.items():
            item = items[table][index]
            relocated = _relocated(doc, problems, items)
            rejections.append(
                Rejection(table, item.raw.row, _id_of(item.raw.data), tuple(relocated))
            )
            rejected_ids[table].add(item.record.id)
            rejections.extend(_names_dropped(doc, item))
        for table in {t for t, _ in bad}:
            drop = {i for t, i in bad if t == table}
            items[table] = [item for i, item in enumerate(items[table]) if i not in drop]
    dataset: Dataset = _records(as_of, synthetic, items, Dataset)
    warnings = _relocated(doc, dataset.report.problems, items)
    object.__setattr__(dataset, "_report", Report(tuple(warnings), doc.file))
    every = [*doc.problems, *(p for r in rejections for p in r.problems), *warnings]
    return LenientLoad(dataset, tuple(rejections), Report(tuple(every), doc.file), read)


def _names_dropped(doc: RawDocument, person: _Item) -> list[Rejection]:
    """The CSV ``names`` rows of a person that lenient loading rejected: rejected too."""
    person_id = person.record.id
    return [
        Rejection(
            "names",
            raw.row,
            None,
            (
                Problem(
                    "ref.dropped",
                    f"names person {person_id!r}, which was rejected",
                    value=shorten(person_id),
                ).at(file=doc.file, table="names", row=raw.row, path="person_id"),
            ),
        )
        for raw in person.names
    ]


def _id_of(data: object) -> str | None:
    record_id = data.get("id") if isinstance(data, dict) else None
    return record_id if isinstance(record_id, str) else None


_REF_TABLES = {"person_id": "persons", "pardon_wave": "pardon_waves", "source": "sources"}


def _ref_target(problem: Problem) -> tuple[str, str] | None:
    """The table and id of the record a ``ref.unresolved`` names."""
    if problem.code != "ref.unresolved" or problem.value is None:
        return None
    field = (problem.location.path or "").rsplit(".", 1)[-1]
    table = "sources" if field.startswith("sources[") else _REF_TABLES.get(field)
    return None if table is None else (table, problem.value.strip("'\""))


def _as_dropped(problem: Problem, rejected_ids: dict[str, set[str]]) -> Problem:
    """A reference to a record that lenient loading rejected is ``ref.dropped``."""
    target = _ref_target(problem)
    if target is None or target[1] not in rejected_ids.get(target[0], ()):
        return problem
    return attrs.evolve(
        problem,
        code="ref.dropped",
        message=f"refers to {target[0]} {target[1]!r}, which was rejected",
        severity=Severity.ERROR,
    )


# -- the report of validate() ------------------------------------------------------------------


def assemble_report(doc: RawDocument) -> Report:
    """Every problem of a document: each record that cannot be structured, then the rest's.

    A record that cannot be structured is reported and left out; every integrity rule runs on
    the records that remain, so that one bad value never hides another problem.  A reference
    to a record that was left out, or into a table that could not be read, is not reported
    (the record's or the table's own problems are); an id that a left-out record shares with
    another record is ``id.duplicate`` all the same.  Without a usable ``as_of`` every rule
    runs but ``date.after_as_of``.
    """
    as_of, synthetic, items, failures = _structure_document(doc)
    # A CSV name row of a person that was left out is fine in itself: no ref.dropped here.
    problems = [*doc.problems, *(p for _, g in failures for p in g if p.code != "ref.dropped")]
    left_out: dict[str, set[str]] = {table: set() for table in TABLES}
    for raw, _ in failures:
        record_id = _id_of(raw.data)
        if record_id is not None and raw.table in left_out:
            left_out[raw.table].add(record_id)
    unread = {
        table
        for p in doc.problems
        for table in TABLES
        if p.severity is Severity.ERROR
        and (p.location.table == table or p.location.path == f"$.{table}")
    }

    def shown(problem: Problem) -> bool:
        target = _ref_target(problem)
        return target is None or not (target[0] in unread or target[1] in left_out[target[0]])

    records: Records = _records(as_of or dt.date.max, synthetic, items, Records)
    problems += _relocated(doc, [p for p in check(records) if shown(p)], items)
    problems += _duplicates_left_out(doc, items, failures)
    return Report(tuple(problems), doc.file)


def _duplicates_left_out(
    doc: RawDocument, items: dict[str, list[_Item]], failures: list[tuple[RawRecord, list[Problem]]]
) -> list[Problem]:
    """``id.duplicate`` where the record or the first with its id was left out.

    The integrity rule sees only the records kept; this finds the rest, so that every record
    whose id was used before is reported once, as if nothing had been left out.
    """
    failed = {(raw.table, raw.row) for raw, _ in failures}
    out: list[Problem] = []
    for table in TABLES:
        kept = {item.raw.row: item.record.id for item in items[table]}
        first: dict[str, int] = {}
        first_kept: set[str] = set()
        for raw in doc.tables.get(table, []):
            record_id = kept[raw.row] if raw.row in kept else _id_of(raw.data)
            if record_id is None or not record_id.strip():
                continue
            seen = first.setdefault(record_id, raw.row)
            is_kept = (table, raw.row) not in failed
            if seen != raw.row and not (is_kept and record_id in first_kept):
                problem = Problem(
                    "id.duplicate",
                    f"the id is already used by {_named(doc, table, seen)}",
                    value=shorten(record_id),
                ).at(record=record_id, path=f"$.{table}[{raw.row}].id")
                out.append(doc.relocate(problem, table, raw.row))
            if is_kept:
                first_kept.add(record_id)
    return out
