"""Building the records of a table's rows, with an account of every cell.

Each row gets a :class:`~belarus_repression.importers.viasna.RecordReport`; each cell that
holds a value ends in exactly one of its lists: ``imported`` (by column name), ``ignored`` or
``not_understood`` (column, raw value, why).  A record that cannot be built as read loses the
fields it refuses (their cells become "not understood" with the record's own message); a
person the dataset's rules refuse is rejected with all their rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

from .._dataset import Dataset, Records
from .._dates import PartialDate
from .._errors import Problem, Severity, ValidationError, shorten
from .._integrity import check
from .._models import ArticleRef, Conviction, CustodySpell, Name, Person, Sentence, Source, Term
from .._vocab import Recognition, SentenceKind
from ..names import detect_language
from ._table_cells import Read, as_text, read_cell
from ._table_mapping import ColumnMapping, value_key
from .viasna import RecordReport

__all__ = ["Row", "build", "read_rows"]

_NAME_PARTS: Final = ("person.given", "person.family", "person.patronymic")
_NAME_FIELDS: Final = ("person.name", *_NAME_PARTS)
_SINGLE: Final = {
    "gender": "person.gender",
    "birth": "person.birth",
    "region": "person.region",
    "recognition": "person.recognition",
    "recognized": "person.recognized",
}
_CUSTODY: Final = {
    "start": "custody.start",
    "end": "custody.end",
    "end_reason": "custody.end_reason",
    "facility": "custody.facility",
    "expelled": "custody.expelled",
}
_CONVICTION: Final = {
    "verdict": "conviction.verdict",
    "articles": "conviction.articles",
    "court": "conviction.court",
    "judges": "conviction.judges",
    "in_absentia": "conviction.in_absentia",
}
_SENTENCE: Final = {
    "kind": "conviction.sentence",
    "term": "conviction.term",
    "term_years": "conviction.term_years",
    "term_months": "conviction.term_months",
    "regime": "conviction.regime",
}
_REJECTED: Final = "the row was rejected"

Owners = list[tuple["Row", str]]


class Row:
    """One row of the table being imported: its cells, what became of each, its report."""

    def __init__(self, number: int, cells: Mapping[str, object], file: str | None) -> None:
        self.number = number
        self.cells = dict(cells)
        self.file = file
        self.status: dict[str, tuple[str, str] | None] = {}
        self.values: dict[str, list[tuple[str, object]]] = {}
        self.report = RecordReport(number, None)

    def take(self, column: str) -> None:
        self.status[column] = None

    def unread(self, column: str, why: str) -> None:
        old = self.status.get(column)
        if old is not None and old[0] == "unread" and why not in old[1]:
            why = f"{old[1]}; {why}"
        self.status[column] = ("unread", why)

    def ignore(self, column: str, why: str) -> None:
        self.status[column] = ("ignored", why)

    def get(self, field: str) -> list[tuple[str, object]]:
        return self.values.get(field, [])

    def first(self, field: str) -> tuple[str, object] | None:
        return next(iter(self.get(field)), None)

    def warn(self, column: str, message: str) -> None:
        problem = Problem("value.invalid", message, severity=Severity.WARNING)
        where = problem.at(
            file=self.file, row=self.number, record=self.report.person_id, path=column
        )
        self.report.warnings.append(where)

    def reject(self, why: str) -> None:
        self.report.rejected = why
        self.report.person_id = None

    def finish(self) -> None:
        """Write what became of every cell into the report, in the order of the columns."""
        for column, raw in self.cells.items():
            status = self.status.get(column, ("ignored", "not read"))
            if status is None and self.report.rejected is not None:
                status = ("ignored", _REJECTED)
            if status is None:
                self.report.imported.append(column)
            elif status[0] == "ignored":
                self.report.ignored.append((column, shorten(raw), status[1]))
            else:
                self.report.not_understood.append((column, shorten(raw), status[1]))


def read_rows(
    rows: Iterable[tuple[int, Mapping[str, object]]],
    headers: Sequence[str],
    mapping: ColumnMapping,
    file: str | None,
) -> list[Row]:
    """Read every cell of every row (missing values left out) by the mapping."""
    by_name = {c.name: c for c in mapping.columns}
    header = set(headers)
    out: list[Row] = []
    for number, cells in rows:
        row = Row(number, cells, file)
        for column, raw in row.cells.items():
            spec = by_name.get(column)
            if column not in header:
                row.unread(column, "a cell beyond the last column of the header")
            elif spec is None:
                row.ignore(column, "the mapping does not name this column")
            elif spec.field is None:
                row.ignore(column, spec.ignore or "ignored by the mapping")
            else:
                try:
                    _account(row, column, spec.field, read_cell(spec, mapping, raw))
                except Exception as exc:  # noqa: BLE001 - one bad cell never stops the import
                    row.unread(column, f"cannot be read ({type(exc).__name__}: {shorten(exc)})")
        out.append(row)
    return out


def _account(row: Row, column: str, field: str, read: Read) -> None:
    if read.nothing:
        row.ignore(column, "the mapping says this value means no value")
        return
    for value in read.values:
        row.values.setdefault(field, []).append((column, value))
    if not read.failed:
        row.take(column)
        return
    why = "; ".join(f"{piece!r}: {reason}" for piece, reason in read.failed)
    if read.values:
        kept = ", ".join(as_text(v) for v in read.values)
        row.report.notes.append(f"{column}: kept {kept}; the rest was not understood")
    row.unread(column, why if len(read.failed) > 1 or read.values else read.failed[0][1])


def latest_date(rows: Iterable[Row]) -> dt.date | None:
    """The latest day any date of the rows admits."""
    days = [
        value.latest
        for row in rows
        for values in row.values.values()
        for _, value in values
        if isinstance(value, PartialDate)
    ]
    return max(days, default=None)


# -- building ----------------------------------------------------------------------------------


class _Built:
    """The records made so far, and which cells fed each record."""

    def __init__(self) -> None:
        self.sources: dict[str, Source] = {}
        self.persons: list[Person] = []
        self.custody: list[CustodySpell] = []
        self.convictions: list[Conviction] = []
        self.rows_of: dict[str, list[Row]] = {}
        self.cells_of: dict[str, Owners] = {}


def _construct(
    cls: type[Any],
    args: dict[str, Any],
    owners: Mapping[str, Owners],
    essential: frozenset[str] = frozenset(),
) -> tuple[Any, ValidationError | None]:
    """Build a record; a field it refuses is left out and its cells are not understood.

    Args:
        cls: The record type.
        args: Its fields.
        owners: The cells that gave each field.
        essential: Fields without which the record would say something else (a spell
            without its end is a spell still open): their refusal refuses the record.

    Returns:
        ``(record, None)``, or ``(None, error)`` when a field that cannot be left out is
        refused.
    """
    while True:
        try:
            return cls(**args), None
        except ValidationError as exc:
            dropped = False
            for problem in exc.problems:
                attr = (problem.location.path or "").split(".")[0].split("[")[0]
                if attr in essential:
                    return None, exc
                if attr in args and attr in owners:
                    for row, column in owners[attr]:
                        row.unread(column, problem.message)
                    del args[attr]
                    dropped = True
            if not dropped:
                return None, exc


def _single(rows: Sequence[Row], field: str, owners: Owners) -> object | None:
    """The first value of a field over a person's rows; a different one is not understood."""
    first: tuple[Row, str, object] | None = None
    for row in rows:
        for column, value in row.get(field):
            if first is None:
                first = (row, column, value)
                owners.append((row, column))
            elif value == first[2]:
                owners.append((row, column))
            else:
                shown = as_text(first[0].cells[first[1]])
                row.unread(column, f"row {first[0].number} of the same person gives {shown!r}")
    return None if first is None else first[2]


def _names(rows: Sequence[Row], owners: Owners) -> tuple[Name, ...]:
    """Every name form of a person, in the order of the rows and their columns."""
    names: list[Name] = []
    for row in rows:
        full = dict(row.get("person.name"))
        parts = {c for f in _NAME_PARTS for c, _ in row.get(f)}
        for column in row.cells:
            name = None
            if column in full:
                owners.append((row, column))
                name = full[column]
            elif column in parts:
                parts = set()  # one name of the parts, at the first of their columns
                name = _parts_name(row, owners)
            if isinstance(name, Name) and name not in names:
                names.append(name)
    return tuple(names)


def _parts_name(row: Row, owners: Owners) -> Name | None:
    got = {f: row.first(f) for f in _NAME_PARTS}
    cells = [(row, cv[0]) for cv in got.values() if cv is not None]
    text = {f: "" if cv is None else str(cv[1]) for f, cv in got.items()}
    whole = " ".join(t for t in text.values() if t)
    lang = detect_language(whole) or "be"
    try:
        name = Name(
            text["person.given"],
            text["person.family"],
            text["person.patronymic"] or None,
            lang=lang,
        )
    except ValidationError as exc:
        for r, column in cells:
            r.unread(column, "; ".join(p.message for p in exc.problems))
        return None
    owners.extend(cells)
    return name


def _person(pid: str, rows: Sequence[Row], sources: tuple[str, ...]) -> Person | None:
    owners: dict[str, Owners] = {"names": []}
    names = _names(rows, owners["names"])
    args: dict[str, Any] = {"id": pid, "names": names, "sources": sources}
    for attr, field in _SINGLE.items():
        owners[attr] = []
        value = _single(rows, field, owners[attr])
        if value is not None:
            args[attr] = value
    for attr, field in (("roles", "person.roles"), ("citizenship", "person.citizenship")):
        owners[attr] = [(row, c) for row in rows for c, _ in row.get(field)]
        found = {v for row in rows for _, v in row.get(field)}
        if found:
            args[attr] = frozenset(found)
    if "recognized" in args and "recognition" not in args:
        args["recognition"] = Recognition.RECOGNIZED
        rows[0].report.notes.append("recognition 'recognized' from the date of recognition")
    person, error = _construct(Person, args, owners)
    if error is not None:
        for row in rows:
            row.reject("; ".join(p.message for p in error.problems))
    return person  # type: ignore[no-any-return]


def _custody(
    row: Row, ids: tuple[str, str], sources: tuple[str, ...], mapping: ColumnMapping, as_of: dt.date
) -> CustodySpell | None:
    sid, pid = ids
    owners = {attr: [(row, c) for c, _ in row.get(f)] for attr, f in _CUSTODY.items()}
    if not any(owners.values()):
        return None
    args: dict[str, Any] = {"id": sid, "person_id": pid, "sources": sources}
    args |= {attr: row.get(f)[0][1] for attr, f in _CUSTODY.items() if row.get(f)}
    cells = [cell for cs in owners.values() for cell in cs]
    if "start" not in args:
        start = _undated_start(row, args, mapping, as_of)
        if start is None:
            for r, column in cells:
                r.unread(
                    column,
                    "the row has no arrest date: a custody spell needs its start "
                    "(or set undated_arrest_from in the mapping)",
                )
            return None
        args["start"] = start
    spell, error = _construct(CustodySpell, args, owners, frozenset({"start", "end"}))
    if error is not None:
        for r, column in cells:
            r.unread(column, "; ".join(p.message for p in error.problems))
    return spell  # type: ignore[no-any-return]


def _undated_start(
    row: Row, args: Mapping[str, Any], mapping: ColumnMapping, as_of: dt.date
) -> PartialDate | None:
    """Some day from ``undated_arrest_from`` up to the verdict, the release or ``as_of``."""
    if mapping.undated_arrest_from is None:
        return None
    latest = as_of
    verdict = row.first("conviction.verdict")
    if verdict is not None and isinstance(verdict[1], PartialDate):
        latest = min(latest, verdict[1].latest)
    end = args.get("end")
    if isinstance(end, PartialDate) and end.latest > dt.date.min:
        latest = min(latest, end.latest - dt.timedelta(days=1))
    if latest < mapping.undated_arrest_from:
        return None
    start = PartialDate.between(mapping.undated_arrest_from, latest)
    column = next(c for attr, f in _CUSTODY.items() for c, _ in row.get(f))
    row.warn(column, f"no arrest date: the spell starts some day in {start}")
    return start


def _conviction(row: Row, cid: str, pid: str, sources: tuple[str, ...]) -> Conviction | None:
    owners = {attr: [(row, c) for c, _ in row.get(f)] for attr, f in _CONVICTION.items()}
    sentence_owners = {a: [(row, c) for c, _ in row.get(f)] for a, f in _SENTENCE.items()}
    if not any(owners.values()) and not any(sentence_owners.values()):
        return None
    args: dict[str, Any] = {"id": cid, "person_id": pid, "sources": sources}
    for attr, field in _CONVICTION.items():
        values = [v for _, v in row.get(field)]
        if values:
            many = attr in ("articles", "judges")
            args[attr] = (
                tuple(v for v in values if isinstance(v, ArticleRef | str)) if many else values[0]
            )
    sentence = _sentence(row, sentence_owners)
    if sentence is not None:
        args["sentence"] = sentence
        owners["sentence"] = [cell for cs in sentence_owners.values() for cell in cs]
    conviction, error = _construct(Conviction, args, owners)
    if error is not None:
        for cs in owners.values():
            for r, column in cs:
                r.unread(column, "; ".join(p.message for p in error.problems))
    return conviction  # type: ignore[no-any-return]


def _sentence(row: Row, owners: dict[str, Owners]) -> Sentence | None:
    if not any(owners.values()):
        return None
    kind = row.first("conviction.sentence")
    regime = row.first("conviction.regime")
    args: dict[str, Any] = {"kind": SentenceKind.OTHER if kind is None else kind[1]}
    if regime is not None:
        args["regime"] = regime[1]
        if kind is None:  # only imprisonment has a regime
            args["kind"] = SentenceKind.IMPRISONMENT
    term_owners: Owners = []
    number_owners: Owners = []
    months = 0.0
    for field, factor in (("conviction.term_years", 12), ("conviction.term_months", 1)):
        found = row.first(field)
        if found is not None and isinstance(found[1], float):
            months += found[1] * factor
            number_owners.append((row, found[0]))
    text = row.first("conviction.term")
    if text is not None and isinstance(text[1], Term):
        args["term"] = text[1]
        term_owners.append((row, text[0]))
        for r, column in number_owners:
            r.unread(column, "the term is given twice: as text and as a number")
    elif text is not None and isinstance(text[1], int):
        args["fine_base_units"] = text[1]
        if kind is None:
            args["kind"] = SentenceKind.FINE
    if number_owners and "term" not in args:
        if months.is_integer():
            try:
                args["term"] = Term.of_months(int(months))
            except ValidationError as exc:
                for r, column in number_owners:
                    r.unread(column, "; ".join(p.message for p in exc.problems))
            term_owners = number_owners
        else:
            for r, column in number_owners:
                r.unread(column, f"a term of {months:g} months is not a whole number of months")
    if "term" in args and args["term"].life and kind is None:
        args["kind"] = SentenceKind.LIFE
    raw = [
        as_text(row.cells[c])
        for f in ("conviction.sentence", "conviction.term")
        for c, _ in row.get(f)
    ]
    if raw:
        args["raw"] = " / ".join(raw)
    if kind is None:
        row.report.notes.append(f"no sentence kind in the row: kind {args['kind'].value!r}")
    sentence_owners = {
        "kind": owners["kind"],
        "regime": owners["regime"],
        "term": term_owners,
        "fine_base_units": owners["term"] if "fine_base_units" in args else [],
    }
    sentence, error = _construct(Sentence, args, sentence_owners)
    if error is not None:
        for cs in owners.values():
            for r, column in cs:
                r.unread(column, "; ".join(p.message for p in error.problems))
    return sentence  # type: ignore[no-any-return]


def _key(row: Row, mapping: ColumnMapping) -> str | None:
    """What tells whose row it is: the person's id, else the name as written."""
    found = row.first("person.id")
    if found is not None:
        return str(found[1])
    if any(c.field == "person.id" for c in mapping.columns):
        return None
    names = [
        value_key(as_text(row.cells[c.name]))
        for c in mapping.columns
        if c.field in _NAME_FIELDS and c.name in row.cells
    ]
    return " | ".join(names) or None


def _groups(rows: Sequence[Row], mapping: ColumnMapping) -> dict[str, list[Row]]:
    """The rows of each person, by person id; rows that belong to no one are rejected."""
    has_id = any(c.field == "person.id" for c in mapping.columns)
    groups: dict[str, list[Row]] = {}
    keys: dict[str, str] = {}
    for row in rows:
        found = row.first("person.id")
        if mapping.rows == "person":
            if has_id and found is None:
                row.reject("the row has no person id")
                continue
            pid = mapping.id_prefix + (f"p{row.number}" if found is None else str(found[1]))
            if pid in groups:
                row.reject(f"row {groups[pid][0].number} has the same person id {pid!r}")
                continue
            groups[pid] = [row]
            continue
        key = _key(row, mapping)
        if key is None:
            row.reject("the row has no person id or name to tell whose row it is")
            continue
        if key not in keys:
            keys[key] = mapping.id_prefix + (f"p{row.number}" if found is None else key)
        groups.setdefault(keys[key], []).append(row)
    return groups


def build(rows: Sequence[Row], mapping: ColumnMapping, source: Source, as_of: dt.date) -> Dataset:
    """The dataset of the rows; every row's report says what became of it and its cells."""
    built = _Built()
    built.sources[source.id] = source
    url_sources: dict[str, str] = {}
    for pid, group in _groups(rows, mapping).items():
        try:
            _build_person(built, pid, group, mapping, source, as_of, url_sources)
        except Exception as exc:  # noqa: BLE001 - one bad person never stops the import
            _forget(built, pid)
            why = f"the row could not be imported ({type(exc).__name__}: {shorten(str(exc))})"
            for row in group:
                row.reject(why)
    dataset = _consistent(as_of, built)
    for row in rows:
        row.finish()
    return dataset


def _forget(built: _Built, pid: str) -> None:
    """Leave out whatever was built of a person when building failed."""
    built.persons = [p for p in built.persons if p.id != pid]
    built.custody = [s for s in built.custody if s.person_id != pid]
    built.convictions = [c for c in built.convictions if c.person_id != pid]
    built.rows_of.pop(pid, None)


def _build_person(  # noqa: PLR0917 - a private step of build
    built: _Built,
    pid: str,
    group: list[Row],
    mapping: ColumnMapping,
    source: Source,
    as_of: dt.date,
    url_sources: dict[str, str],
) -> None:
    """Build one person of the table, with their spells and verdicts."""
    row_sources: dict[int, tuple[str, ...]] = {}
    for row in group:
        found = row.first("person.id")
        row.report.record_id = None if found is None else str(found[1])
        row.report.person_id = pid
        cites = [source.id]
        url = row.first("source.url")
        if url is not None:
            text = str(url[1])
            if text not in url_sources:
                sid = f"{mapping.id_prefix}source-{len(url_sources) + 1}"
                url_sources[text] = sid
                built.sources[sid] = Source(sid, f"{source.name}: {text}", url=text)
            cites.append(url_sources[text])
        row_sources[row.number] = tuple(cites)
    person_sources = tuple(dict.fromkeys(s for ss in row_sources.values() for s in ss))
    person = _person(pid, group, person_sources)
    if person is None:
        return
    built.persons.append(person)
    built.rows_of[pid] = list(group)
    spells = convictions = 0
    for row in group:
        cited = row_sources[row.number]
        spell = _custody(row, (f"{pid}-s{spells + 1}", pid), cited, mapping, as_of)
        if spell is not None:
            spells += 1
            built.custody.append(spell)
            built.cells_of[spell.id] = _cells(row, _CUSTODY.values())
        conviction = _conviction(row, f"{pid}-c{convictions + 1}", pid, cited)
        if conviction is not None:
            convictions += 1
            built.convictions.append(conviction)
            built.cells_of[conviction.id] = _cells(
                row, [*_CONVICTION.values(), *_SENTENCE.values()]
            )


def _cells(row: Row, fields: Iterable[str]) -> Owners:
    return [(row, c) for f in fields for c, _ in row.get(f)]


def _consistent(as_of: dt.date, built: _Built) -> Dataset:
    """The dataset of the records the integrity rules accept.

    A spell or verdict they refuse is left out (its cells are not understood, with the
    rule's message); a person they refuse is rejected with all their rows.
    """
    while True:
        records = Records(
            as_of,
            sources=tuple(built.sources.values()),
            persons=tuple(built.persons),
            convictions=tuple(built.convictions),
            custody=tuple(built.custody),
        )
        errors = [p for p in check(records) if p.severity is Severity.ERROR]
        if not errors:
            return Dataset(
                as_of,
                sources=tuple(built.sources.values()),
                persons=tuple(built.persons),
                convictions=tuple(built.convictions),
                custody=tuple(built.custody),
            )
        _drop(records, errors, built)


def _drop(records: Records, errors: Sequence[Problem], built: _Built) -> None:
    bad_persons: set[str] = set()
    bad_records: set[str] = set()
    touched: set[str] = set()  # one overlapping spell per person and round
    for problem in errors:
        table, index = problem.location.table or "", problem.location.row or 0
        record = getattr(records, table)[index]
        person_id = str(getattr(record, "person_id", record.id))
        why = f"{problem.code}: {problem.message}"
        if table in ("custody", "convictions") and record.id in built.cells_of:
            if problem.code == "custody.overlap" and person_id in touched:
                continue
            touched.add(person_id)
            bad_records.add(record.id)
            for row, column in built.cells_of[record.id]:
                row.unread(column, why)
        elif person_id in built.rows_of:
            bad_persons.add(person_id)
            for row in built.rows_of[person_id]:
                if row.report.rejected is None:
                    row.reject(why)
    if not bad_persons and not bad_records:  # pragma: no cover - every rule names a record
        raise ValidationError(errors)
    built.persons = [p for p in built.persons if p.id not in bad_persons]
    built.custody = [
        s for s in built.custody if s.id not in bad_records and s.person_id not in bad_persons
    ]
    built.convictions = [
        c for c in built.convictions if c.id not in bad_records and c.person_id not in bad_persons
    ]
