"""Importer for the export of Viasna's political-prisoner database (prisoners.spring96.org).

The export is a list of flat records, as JSON (plain, or with lists flattened into keys such as
``articles/0`` and ``prison/title``) or as CSV with the same columns.  :func:`load` reads a
file and :func:`import_records` a list of records; both return an :class:`ImportResult`: the
dataset, and a report with one entry per source record saying which fields were imported,
which could not be understood (with the raw value and why), which the model has no place for,
and what warnings were raised.  Nothing is dropped silently: every record is either imported
as a person or rejected with its reason.

The mapping, field by field, is documented on the docs page "Importing Viasna's export".

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Final

from .._dataset import Dataset
from .._dates import DateLike, PartialDate, read_day
from .._errors import Problem, Severity, ValidationError, shorten
from .._models import (
    ArticleRef,
    Conviction,
    CustodySpell,
    Name,
    Person,
    Sentence,
    Source,
)
from .._vocab import (
    EndReason,
    Gender,
    Recognition,
    Role,
    SentenceKind,
    TransliterationSystem,
)
from ..names import read_name
from ._result import ImportResult, RecordReport
from ._viasna_fields import (
    parse_article,
    parse_decision,
    parse_penalty,
    region_of_address,
    roles_of,
)

__all__ = ["FIELDS", "ImportResult", "RecordReport", "import_records", "load"]

#: The columns of the export (English locale), newer ones included.
FIELDS: Final = [
    "id",
    "url",
    "name",
    "status",
    "gender",
    "photo",
    "description",
    "birthday",
    "arrested",
    "articles",
    "prison",
    "declaration",
    "decision",
    "penalty",
    "judge",
    "councel",
    "penalty_start_date",
    "release_date",
    "verdict_date",
    "appeal_date",
    "fake_terrorist_list",
    "died",
    "clusters",
]

#: Fields the model has no place for: kept in the report, not in the dataset.
_IGNORED: Final = {
    "photo": "photographs are not part of the model",
    "declaration": "the recognition statement's address is not part of the model",
    "councel": "defence lawyers are not part of the model",
    "penalty_start_date": "the start of the punishment is not part of the model",
    "clusters": "Viasna's case clusters are not part of the model",
    "fake_terrorist_list": "listing as a 'terrorist' has no date in the export",
    "prison/address": "the address of the place of detention is not part of the model",
}
_RELEASED_AWAITING: Final = "released awaiting the commencement of the sentence"
_NOTE_KEYS: Final = ("_excerpt_note",)


def _missing(value: object) -> bool:
    """Empty strings, ``"FALSE"`` and ``null`` mean "not given" in the export.

    So do NaN, ``NaT`` and ``pd.NA``: the empty cells of a DataFrame's records.
    """
    if value is None or value is False:
        return True
    if isinstance(value, str):
        return value.strip() in ("", "FALSE")
    if isinstance(value, float):
        return value != value  # NaN  # noqa: PLR0124
    return type(value).__name__ in ("NAType", "NaTType")


# -- reading files -----------------------------------------------------------------------------


def _records_of_file(path: Path) -> list[dict[str, Any]]:
    problem = None
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        problem = Problem("file.unreadable", f"cannot read the file: {exc.strerror or exc}")
    except UnicodeDecodeError as exc:
        problem = Problem("file.encoding", f"not UTF-8 text ({exc.reason} at byte {exc.start})")
    if problem is not None:
        raise ValidationError([problem.at(file=str(path))], str(path))
    if path.suffix.lower() == ".csv":
        try:
            reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
            return [dict(row, __line__=reader.line_num) for row in reader]
        except csv.Error as exc:
            raise ValidationError(
                [Problem("file.syntax", f"not valid CSV: {exc}").at(file=str(path))], str(path)
            ) from None
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError, ValueError) as exc:
        raise ValidationError(
            [Problem("file.syntax", f"not valid JSON: {exc}").at(file=str(path))], str(path)
        ) from None
    if isinstance(data, dict):  # {"data": [...]} or {"records": [...]}
        data = next((v for v in data.values() if isinstance(v, list)), None)
    if not isinstance(data, list):
        raise ValidationError(
            [Problem("type.invalid", "the export is a JSON list of records").at(file=str(path))],
            str(path),
        )
    return data


def load(path: str | Path, *, as_of: DateLike | None = None) -> ImportResult:
    """Import an export file: ``.json`` (a list of records) or ``.csv``.

    Args:
        path: The file.
        as_of: The day the export was made; by default the latest date in it (the summary
            says so).

    Raises:
        ValidationError: only when the file as a whole cannot be read.

    .. versionadded:: 0.1.0
    """
    p = Path(path)
    return import_records(_records_of_file(p), as_of=as_of, file=str(p))


# -- the mapping -------------------------------------------------------------------------------


def _flatten(record: Mapping[str, Any]) -> dict[str, Any]:
    """Lists and objects into flat keys.

    ``articles: [...]`` becomes ``articles/0``...; ``prison: {"title": ...}``, ``prison/title``.
    """
    flat: dict[str, Any] = {}
    for key, value in record.items():
        if isinstance(value, list):
            for i, item in enumerate(value):
                flat[f"{key}/{i}"] = item
        elif isinstance(value, dict):
            for sub, item in value.items():
                flat[f"{key}/{sub}"] = item
        else:
            flat[key] = value
    return flat


class _Record:
    """One record being mapped, with its report."""

    def __init__(self, raw: Mapping[str, Any], row: int, file: str | None) -> None:
        self.data = _flatten(raw)
        self.row = row
        self.file = file
        rid = self.data.get("id")
        self.id = None if _missing(rid) else str(rid).strip()
        self.report = RecordReport(row, self.id)
        self.used: set[str] = set()

    def get(self, key: str) -> str | None:
        self.used.add(key)
        value = self.data.get(key)
        return None if _missing(value) else str(value).strip()

    def took(self, field: str) -> None:
        if field not in self.report.imported:
            self.report.imported.append(field)

    def not_understood(self, field: str, value: object, why: str) -> None:
        self.report.not_understood.append((field, shorten(value), why))

    def warn(self, code: str, field: str, message: str, value: object = None) -> None:
        shown = None if value is None else shorten(value)
        problem = Problem(code, message, value=shown, severity=Severity.WARNING)
        self.report.warnings.append(
            problem.at(file=self.file, row=self.row, record=self.id, path=f"$[{self.row}].{field}")
        )

    def date(self, field: str) -> dt.date | None:
        text = self.get(field)
        if text is None:
            return None
        try:
            day = read_day(text, field)
        except ValidationError as exc:
            self.not_understood(field, text, exc.problems[0].message)
            return None
        self.took(field)
        return day


def _name(rec: _Record) -> Name | None:
    text = rec.get("name")
    if text is None:
        rec.warn("value.invalid", "name", "the record has no name")
        return None
    tokens = text.split()
    latin = not any("\u0400" <= ch <= "\u052f" for ch in text)
    system = TransliterationSystem.ICAO if latin else None  # the export's passport spellings
    try:
        if len(tokens) == 1:
            name, told = Name(tokens[0], "", lang="be", system=system), True
        else:
            try:  # the order from the library's one table of given names, as Name.parse reads it
                name, told = read_name(text, lang="be" if latin else None, system=system)
            except ValidationError:  # more than three words, or mixed scripts: kept as written
                name = Name(tokens[0], " ".join(tokens[1:]), lang="be", system=system)
                told = False
    except ValidationError as exc:  # no letter at all, say: no name
        rec.not_understood("name", text, "; ".join(p.message for p in exc.problems))
        return None
    rec.took("name")
    if not told:
        rec.warn(
            "name.order",
            "name",
            "the name's order could not be told; kept as given: first word as the given name",
            text,
        )
    elif name.given != tokens[0]:
        rec.report.notes.append(f"name {text!r} read surname first: {name.given!r} is a given name")
    return name


def _person(rec: _Record, pid: str, source: str) -> Person:
    status = rec.get("status")
    recognition = Recognition.UNKNOWN
    if status in ("active", "former"):
        recognition = Recognition.RECOGNIZED
        rec.took("status")
    elif status == "np":
        recognition = Recognition.NOT_RECOGNIZED
        rec.took("status")
    elif status is not None:
        rec.not_understood("status", status, "expected active, former or np")
    gender = Gender.UNKNOWN
    if (text := rec.get("gender")) is not None:
        if text.lower() in ("male", "female"):
            gender = Gender(text.lower())
            rec.took("gender")
        else:
            rec.not_understood("gender", text, "expected male or female")
    birth = rec.date("birthday")
    roles: frozenset[Role] = frozenset()
    if (description := rec.get("description")) is not None:
        roles, evidence = roles_of(description)
        if roles:
            rec.took("description")
            rec.report.notes.append("roles from the description: " + "; ".join(evidence))
        else:
            rec.report.ignored.append(("description", shorten(description), "names no known role"))
    region = None
    if (address := rec.get("prison/address")) is not None:
        region = region_of_address(address)
        if region is not None:
            rec.took("prison/address")
            rec.report.notes.append(
                f"region {region.value} inferred from the prison address {address!r}"
            )
    name = _name(rec)
    return Person(
        pid,
        names=() if name is None else (name,),
        gender=gender,
        birth=None if birth is None else PartialDate.day(birth),
        region=region,
        roles=roles,
        recognition=recognition,
        sources=(source,),
    )


#: Punishments served deprived of liberty: a verdict imposing one puts the person in custody.
_CUSTODIAL: Final = frozenset(
    {
        SentenceKind.IMPRISONMENT,
        SentenceKind.LIFE,
        SentenceKind.RESTRICTED_FREEDOM_OPEN,
        SentenceKind.ARREST,
        SentenceKind.COMPULSORY_TREATMENT,
    }
)
#: The age from which a person can be held criminally responsible for some crimes (art. 27 of
#: the Criminal Code): the earliest an undated arrest can be, when the birth date is known.
_AGE_OF_RESPONSIBILITY: Final = 14


def _facility(rec: _Record) -> tuple[str | None, bool]:
    """The place of detention the record names, and whether it says the person is free."""
    for key in ("prison/title", "prison"):
        facility = rec.get(key)
        if facility is None:
            continue
        rec.took(key)
        if facility.lower() == _RELEASED_AWAITING:
            rec.report.notes.append("released awaiting the commencement of the sentence")
            return None, True
        return facility, False
    return None, False


def _day_before(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=1) if day > dt.date.min else day


def _day_after(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=1) if day < dt.date.max else day


def _undated_start(  # noqa: PLR0917 - a private step of _spell
    rec: _Record,
    person: Person,
    conviction: Conviction | None,
    end_day: dt.date | None,
    as_of: dt.date,
    why: str,
) -> PartialDate:
    """The start of a spell whose arrest date is missing: some day up to the verdict.

    The latest it can be is the verdict (the export when there is none; the day before the
    release when that is earlier); the earliest, the person's 14th birthday when the birth
    date is known, else any day: the record admits no earlier bound.
    """
    verdict = conviction.verdict if conviction is not None else None
    latest = verdict.latest if verdict is not None else as_of
    if end_day is not None:
        latest = min(latest, _day_before(end_day))
    earliest = dt.date.min
    if person.birth is not None:
        born = person.birth.earliest
        year = min(born.year + _AGE_OF_RESPONSIBILITY, dt.MAXYEAR)
        earliest = born.replace(year=year, day=min(born.day, 28))
    earliest = min(earliest, latest)
    start = PartialDate.between(earliest, latest)
    upto = "the verdict" if verdict is not None else "the export"
    rec.warn(
        "arrest.undated",
        "arrested",
        f"{why} but no arrest date: the custody spell begins some day up to {upto} ({start})",
    )
    return start


def _spell(  # noqa: PLR0917 - a private step of import_records
    rec: _Record,
    pid: str,
    source: str,
    as_of: dt.date,
    person: Person,
    conviction: Conviction | None,
) -> CustodySpell | None:
    arrested = rec.date("arrested")
    released = rec.date("release_date")
    died = rec.date("died")
    status = rec.get("status")
    facility, free = _facility(rec)
    end_day = died if died is not None and (released is None or released == died) else released
    if arrested is not None:
        start = PartialDate.day(arrested)
    else:
        sentence = conviction.sentence if conviction is not None else None
        custodial = sentence is not None and sentence.kind in _CUSTODIAL
        held = status == "active" and facility is not None
        if free or not (custodial or held):
            if status == "active":
                rec.warn(
                    "value.invalid", "arrested", "an active political prisoner with no arrest date"
                )
            if released is not None:
                rec.not_understood(
                    "release_date", released.isoformat(), "a release with no arrest date"
                )
            return None
        why = f"sentenced to {sentence.kind.value}" if custodial and sentence else "held"
        start = _undated_start(rec, person, conviction, end_day, as_of, why)
    end: PartialDate | None = None
    reason: EndReason | None = None
    if died is not None and (released is None or released == died):
        end, reason = PartialDate.day(died), EndReason.DIED_IN_CUSTODY
    elif released is not None:
        end = PartialDate.day(released)
        description = (rec.get("description") or "").lower()
        if "pardon" in description:
            reason = EndReason.PARDON
        elif "served" in description and "term" in description:
            reason = EndReason.SENTENCE_SERVED
    elif status in ("former", "np"):
        # released, or not known to be held, on an unknown day up to the export
        end = PartialDate.between(min(_day_after(start.earliest), as_of), as_of)
        rec.warn(
            "release.undated",
            "release_date",
            f"{'a former prisoner' if status == 'former' else 'not recognised'} with no "
            f"release date: the end is recorded as some day up to the export ({end})",
        )
    try:
        spell = CustodySpell(
            f"viasna-s-{rec.id}", pid, start, end, reason, facility=facility, sources=(source,)
        )
    except ValidationError as exc:
        for problem in exc.problems:
            rec.not_understood(
                f"arrested/release_date ({problem.location.path})",
                f"{arrested or start} .. {released}",
                problem.message,
            )
        return None
    if end is not None and released is not None:
        rec.took("release_date")
    if died is not None:
        rec.took("died")
    return spell


def _article_order(key: str) -> tuple[int, int, str]:
    """``articles`` first, then ``articles/0``, ``articles/1``, ..., then other sub-keys."""
    if key == "articles":
        return (0, 0, "")
    sub = key.split("/", 1)[1]
    if sub.isdigit() and len(sub) < 10:
        return (1, int(sub), "")
    return (2, 0, sub)


def _articles(rec: _Record) -> tuple[ArticleRef, ...]:
    keys = sorted(
        (k for k in rec.data if k == "articles" or k.startswith("articles/")), key=_article_order
    )
    refs: list[ArticleRef] = []
    for key in keys:
        text = rec.get(key)
        if text is None:
            continue
        for piece in re.split(r"\s*;\s*|\n+", text) if key == "articles" else [text]:
            if not piece:
                continue
            ref, why = parse_article(piece)
            if ref is None:
                rec.not_understood(key, piece, why or "not understood")
            elif ref not in refs:
                refs.append(ref)
                rec.took("articles")
    return tuple(refs)


def _conviction(rec: _Record, pid: str, source: str) -> Conviction | None:
    verdict = rec.date("verdict_date")
    appeal = rec.date("appeal_date")
    articles = _articles(rec)
    decision, penalty = rec.get("decision"), rec.get("penalty")
    judges_text = rec.get("judge")
    if verdict is None and not articles and decision is None and penalty is None:
        return None
    sentence = _sentence(rec, decision, penalty)
    judges: tuple[str, ...] = ()
    if judges_text is not None:
        judges = tuple(j.strip() for j in judges_text.split(",") if j.strip())
        rec.took("judge")
    return Conviction(
        f"viasna-c-{rec.id}",
        pid,
        verdict=None if verdict is None else PartialDate.day(verdict),
        articles=articles,
        sentence=sentence,
        judges=judges,
        appeal=None if appeal is None else PartialDate.day(appeal),
        sources=(source,),
    )


def _sentence(rec: _Record, decision: str | None, penalty: str | None) -> Sentence | None:
    if decision is None and penalty is None:
        return None
    term = fine = None
    if decision is not None:
        term, fine, why = parse_decision(decision)
        if why is None:
            rec.took("decision")
        else:
            rec.not_understood("decision", decision, why)
            rec.warn("value.invalid", "decision", f"the term could not be read: {why}", decision)
    kind, regime = SentenceKind.OTHER, None
    if penalty is not None:
        parsed = parse_penalty(penalty)
        if parsed is None:
            rec.not_understood("penalty", penalty, "an unknown penalty text; kept raw")
            rec.warn("value.invalid", "penalty", "an unknown penalty text, kept raw", penalty)
        else:
            kind, regime = parsed
            rec.took("penalty")
    elif fine is not None:
        kind = SentenceKind.FINE
    if term is not None and term.life:
        kind = SentenceKind.LIFE
    if kind is not SentenceKind.LIFE and term is not None and term.life:
        term = None
    raw = " / ".join(t for t in (decision, penalty) if t)
    try:
        return Sentence(kind, term, regime, fine, raw=raw)
    except ValidationError as exc:
        rec.not_understood("decision/penalty", raw, "; ".join(p.message for p in exc.problems))
        return Sentence(SentenceKind.OTHER, raw=raw)


def _source(rec: _Record) -> Source:
    url = rec.get("url")
    if url is not None:
        rec.took("url")
    return Source(
        f"viasna-src-{rec.id}",
        f"Viasna political prisoners database, record {rec.id}",
        url=url,
    )


def _latest_date(records: Iterable[object]) -> dt.date | None:
    latest = None
    for record in records:
        if not isinstance(record, Mapping):
            continue
        for key in ("arrested", "release_date", "verdict_date", "appeal_date", "died"):
            value = record.get(key)
            if not isinstance(value, str):
                continue
            try:
                day = read_day(value, key)
            except ValidationError:
                continue  # the record's own import reports it
            latest = day if latest is None or day > latest else latest
    return latest


def import_records(
    records: Iterable[object],
    *,
    as_of: DateLike | None = None,
    file: str | None = None,
) -> ImportResult:
    """Map export records to a dataset, with a report on every record.

    Args:
        records: The export's records (dicts of its columns).
        as_of: The day of the export, in any form :func:`~belarus_repression.read_day`
            reads; by default the latest date in the records.
        file: The file they came from, for problem locations.

    .. versionadded:: 0.1.0
    """
    records = list(records)
    inferred = as_of is None
    day = read_day(as_of, "as_of") if as_of is not None else None
    day = day or _latest_date(records) or dt.date.today()
    reports: list[RecordReport] = []
    persons: list[Person] = []
    spells: list[CustodySpell] = []
    convictions: list[Conviction] = []
    sources: list[Source] = []
    seen: set[str] = set()
    for index, raw in enumerate(records):
        if not isinstance(raw, Mapping):
            reports.append(RecordReport(index, None, rejected="not a record (a JSON object)"))
            continue
        row, line = _row_of(raw, index)
        try:
            rec = _Record({k: v for k, v in raw.items() if k != "__line__"}, row, file)
        except Exception as exc:  # noqa: BLE001 - one bad record never stops the import
            reports.append(RecordReport(row, None, rejected=_failed(exc)))
            continue
        if line is not None:
            rec.not_understood("__line__", line, "not a line number: the row is the record's index")
        if rec.id is None:
            rec.report.rejected = "the record has no id"
        elif rec.id in seen:
            rec.report.rejected = f"another record has the id {rec.id!r}"
        if rec.report.rejected:
            reports.append(rec.report)
            continue
        seen.add(str(rec.id))
        pid = f"viasna-{rec.id}"
        try:
            source, person, conviction, spell = _map(rec, pid, day)
        except Exception as exc:  # noqa: BLE001 - one bad record never stops the import
            rec.report.rejected = _failed(exc)
            reports.append(rec.report)
            continue
        rec.report.person_id = pid
        reports.append(rec.report)
        sources.append(source)
        persons.append(person)
        if spell is not None:
            spells.append(spell)
        if conviction is not None:
            convictions.append(conviction)
    dataset = _consistent(day, sources, persons, spells, convictions, reports)
    if inferred:
        for report in reports[:1]:
            report.notes.append(f"as_of {day} inferred from the latest date in the export")
    return ImportResult(dataset, tuple(reports), file)


def _map(
    rec: _Record, pid: str, day: dt.date
) -> tuple[Source, Person, Conviction | None, CustodySpell | None]:
    """The records of one export record, every field accounted for."""
    source = _source(rec)
    person = _person(rec, pid, source.id)
    conviction = _conviction(rec, pid, source.id)
    spell = _spell(rec, pid, source.id, day, person, conviction)
    rec.took("id")
    _account_for_the_rest(rec)
    return source, person, conviction, spell


def _row_of(raw: Mapping[str, Any], index: int) -> tuple[int, object]:
    """The record's row: its CSV line (``__line__``), else its index; and a bad ``__line__``."""
    line = raw.get("__line__", index)
    if type(line) is int and line >= 0:
        return line, None
    return index, line


def _failed(exc: Exception) -> str:
    """Why a record whose mapping failed was rejected."""
    if isinstance(exc, ValidationError):
        return "; ".join(f"{p.code}: {p.message}" for p in exc.problems[:3])
    return f"the record could not be imported ({type(exc).__name__}: {shorten(str(exc))})"


def _consistent(  # noqa: PLR0917 - a private step of import_records
    day: dt.date,
    sources: list[Source],
    persons: list[Person],
    spells: list[CustodySpell],
    convictions: list[Conviction],
    reports: list[RecordReport],
) -> Dataset:
    """The dataset of the records that pass the integrity rules; the others are rejected."""
    from .._dataset import Records  # noqa: PLC0415
    from .._integrity import check  # noqa: PLC0415

    by_person = {r.person_id: r for r in reports if r.person_id is not None}
    while True:
        records = Records(
            day,
            sources=tuple(sources),
            persons=tuple(persons),
            convictions=tuple(convictions),
            custody=tuple(spells),
        )
        errors = [p for p in check(records) if p.severity is Severity.ERROR]
        if not errors:
            return Dataset(
                day,
                sources=tuple(sources),
                persons=tuple(persons),
                convictions=tuple(convictions),
                custody=tuple(spells),
            )
        bad: set[str] = set()
        for problem in errors:
            table, row = problem.location.table, problem.location.row
            record = getattr(records, table or "")[row or 0]
            person_id = str(getattr(record, "person_id", getattr(record, "id", "")))
            report = by_person.get(person_id)
            if report is not None and report.rejected is None:
                report.rejected = f"{problem.code}: {problem.message}"
                report.person_id = None
                bad.add(str(person_id))
        if not bad:  # pragma: no cover - every rule names a record of a person
            raise ValidationError(errors)
        persons = [p for p in persons if p.id not in bad]
        spells = [s for s in spells if s.person_id not in bad]
        convictions = [c for c in convictions if c.person_id not in bad]
        sources = [s for s in sources if f"viasna-{s.id.removeprefix('viasna-src-')}" not in bad]


def _account_for_the_rest(rec: _Record) -> None:
    """Every field not yet used: ignored with a reason, or not understood."""
    for key, value in rec.data.items():
        if key in rec.report.imported or _missing(value):
            continue
        if key in rec.used and any(
            f == key or f.startswith(key) for f, _, _ in rec.report.not_understood
        ):
            continue
        base = key.split("/")[0] if key.startswith("articles/") else key
        if key in _IGNORED:
            rec.report.ignored.append((key, shorten(value), _IGNORED[key]))
        elif key in _NOTE_KEYS:
            rec.report.ignored.append(
                (key, shorten(value), "a note of the file, not of the record")
            )
        elif base == "articles" or key in rec.used:
            continue
        else:
            rec.not_understood(key, value, "not a column of the export")
