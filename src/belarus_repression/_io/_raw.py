"""Reading files into raw records: the part of loading that knows about file formats.

A reader turns a file into a :class:`RawDocument`: the dataset's metadata and, per table, the
records as plain data with where each came from.  It never raises for bad content: every
problem it finds (unreadable file, bad encoding, broken syntax, wrong columns, unreadable
cells, a file outside the package, an input over a limit) is collected, located by file,
table, row and field.  Files are read through :mod:`._files`, which opens nothing outside a
package and stops at the :class:`~._limits.Limits`; CSV tables are read as a stream, so that
memory follows the rows kept, not the size of a cell or a file (see :mod:`._csv`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

import attrs

from .._dataset import TABLES
from .._errors import Problem, shorten
from . import FORMAT, VERSION
from ._files import Damaged, Refused, open_file, read_all
from ._json import Finding, parse, path_text, too_deep, walk
from ._limits import DEFAULT_LIMITS, Limits, breach_message
from ._tables import column_for_path

__all__ = [
    "INVALID",
    "MISSING",
    "RawDocument",
    "RawRecord",
    "check_format",
    "decode_text",
    "found_problem",
    "parse_json",
    "read_document",
    "read_json",
]


#: The raw value of a field the file does not have (``None`` is JSON's ``null``).
MISSING: Final = object()


class RawRecord:
    """One record as read: plain data, where it came from, and cells that could not be read.

    A plain slotted class: loading makes one per input record.

    Attributes:
        table: The table (collection) name.
        row: The CSV line number, or the index in the JSON list.
        data: The record's plain form (``None`` when the row could not be split into cells).
        cell_problems: Problems of cells (CSV) or values (JSON) found while reading.
    """

    __slots__ = ("cell_problems", "data", "row", "table")

    def __init__(
        self, table: str, row: int, data: object, cell_problems: Sequence[Problem] = ()
    ) -> None:
        self.table = table
        self.row = row
        self.data = data
        self.cell_problems = cell_problems

    @property
    def path(self) -> str:
        """The JSON path under which structuring problems are reported."""
        return f"$.{self.table}[{self.row}]"


@attrs.define
class RawDocument:
    """A file as read, before structuring.

    Attributes:
        file: The path of the file, as given; ``None`` for a document given as a ``dict``.
        kind: ``json`` or ``csv``.
        as_of: The raw ``as_of``, or :data:`MISSING` (then a problem says so).
        synthetic: The raw ``synthetic`` flag.
        tables: Raw records by table name.
        names: The raw rows of the CSV ``names`` table (JSON keeps names in the persons).
        problems: File-level problems.
        limits: The limits the file was read within.
        walked: Whether every record was checked against the limits while reading; if not,
            :meth:`record_problems` checks a record that fails to structure.
    """

    file: str | None
    kind: str
    as_of: object = MISSING
    synthetic: object = False
    tables: dict[str, list[RawRecord]] = attrs.Factory(dict)
    names: list[RawRecord] = attrs.Factory(list)
    problems: list[Problem] = attrs.Factory(list)
    limits: Limits = DEFAULT_LIMITS
    walked: bool = True

    def problem(self, code: str, message: str, value: object = None, **where: Any) -> None:
        """Record a file-level problem."""
        shown = None if value is None else shorten(value)
        self.problems.append(Problem(code, message, value=shown).at(file=self.file, **where))

    def relocate(self, problem: Problem, table: str | None, row: int | None) -> Problem:
        """Give a structuring problem its file, table and row; for CSV, its column."""
        problem = problem.at(file=self.file, table=table, row=row)
        if self.kind == "csv" and table is not None:
            prefix = f"$.{table}[{row}]"
            path = problem.location.path or ""
            column = column_for_path("$" + path.removeprefix(prefix))
            problem = attrs.evolve(problem, location=attrs.evolve(problem.location, path=column))
        return problem

    def record_problems(self, raw: RawRecord) -> list[Problem]:
        """What the limits find in a record that failed to structure, if not found yet.

        A record that structures nests no deeper than its type, so the reader leaves the
        nesting of records to this check of the ones that fail.
        """
        if self.walked:
            return []
        return [
            found_problem(finding, self.file, raw.data)
            for finding in too_deep(raw.data, self.limits, (raw.table, raw.row))
        ]


def found_problem(
    finding: Finding, file: str | None, record: object, *, in_tables: bool = True
) -> Problem:
    """A problem of what the JSON checks found; in a document, located by table and row."""
    parts, code, message, value = finding
    where: dict[str, Any] = {"file": file, "path": path_text(parts)}
    if in_tables and len(parts) >= 2 and parts[0] in TABLES and isinstance(parts[1], int):
        where |= {"table": parts[0], "row": parts[1], "record": _id_of(record)}
    shown = None if value is None else shorten(value)
    return Problem(code, message, value=shown).at(**where)


def _id_of(data: object) -> str | None:
    record_id = data.get("id") if isinstance(data, dict) else None
    return record_id if isinstance(record_id, str) else None


# -- JSON ------------------------------------------------------------------------------------


def decode_text(doc: RawDocument, data: bytes, **where: Any) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        doc.problem(
            "file.encoding",
            f"not UTF-8 text: byte {exc.start} cannot be decoded ({exc.reason})",
            data[exc.start : exc.start + 8],
            **where,
        )
        return None


def parse_json(
    doc: RawDocument, text: str, records: frozenset[str] = frozenset(), **where: Any
) -> tuple[object, list[Finding]]:
    """Parse JSON text; problems of the text are the document's, findings are returned."""
    try:
        value, found, walked = parse(text, doc.limits, records)
    except json.JSONDecodeError as exc:
        doc.problem(
            "file.syntax",
            f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}",
            text[max(0, exc.pos - 20) : exc.pos + 20],
            **where,
        )
    except RecursionError:
        doc.problem("file.syntax", "not valid JSON: nested too deeply for the parser", **where)
    except ValueError as exc:  # e.g. an integer with more digits than Python converts
        doc.problem("file.syntax", f"not valid JSON: {str(exc)[:200]}", **where)
    else:
        doc.walked = walked
        return value, found
    return INVALID, []


INVALID: Final = object()
_DOC_KEYS: Final = frozenset({"format", "version", "as_of", "synthetic", *TABLES})
_RECORD_LISTS: Final = frozenset(TABLES)


def check_format(doc: RawDocument, meta: dict[str, Any], where: str, **at: Any) -> bool:
    """Check the declared format and version; False when the rest cannot be trusted."""
    fmt, version = meta.get("format"), meta.get("version")
    if fmt != FORMAT:
        doc.problem(
            "format.unknown",
            f"{where} does not declare format {FORMAT!r}",
            fmt,
            **({"path": "$.format"} | at),
        )
        return False
    if type(version) is not int:
        doc.problem(
            "type.invalid",
            "the version must be an integer",
            version,
            **({"path": "$.version"} | at),
        )
        return False
    if version > VERSION:
        doc.problem(
            "format.version",
            f"format version {version} is newer than this library reads ({VERSION}); "
            "upgrade belarus-repression",
            version,
            **({"path": "$.version"} | at),
        )
        return False
    if version < 1:
        doc.problem(
            "format.unknown", "format versions start at 1", version, **({"path": "$.version"} | at)
        )
        return False
    return True


def read_json(path: Path, file: str, limits: Limits = DEFAULT_LIMITS) -> RawDocument:
    """Read a JSON document."""
    doc = RawDocument(file, "json", limits=limits)
    data = None
    try:
        with open_file(path, limits) as stream:
            data = read_all(stream, limits.file_size)
    except Refused as exc:
        doc.problem(exc.code, exc.message, exc.value)
    except Damaged as exc:
        doc.problem("file.unreadable", f"cannot read the file: {exc}")
    except OSError as exc:
        doc.problem("file.unreadable", f"cannot read the file: {exc.strerror or exc}")
    text = None if data is None else decode_text(doc, data)
    del data
    if text is None:
        return doc
    top, found = parse_json(doc, text, _RECORD_LISTS)
    del text
    if top is INVALID:
        return doc
    return _read_top(doc, top, found)


def read_document(top: dict[str, Any], limits: Limits = DEFAULT_LIMITS) -> RawDocument:
    """Read a JSON document already parsed (as :func:`json.load` gives it): no file."""
    doc = RawDocument(None, "json", limits=limits)
    return _read_top(doc, top, list(walk(top, limits)))


def _read_top(doc: RawDocument, top: object, found: list[Finding]) -> RawDocument:
    by_record: dict[tuple[str, int], list[Problem]] = {}
    for finding in found:
        parts = finding[0]
        if len(parts) >= 2 and parts[0] in TABLES and isinstance(parts[1], int):
            table, row = parts[0], parts[1]
            record = top[table][row] if isinstance(top, dict) else None
            problem = found_problem(finding, doc.file, record)
            by_record.setdefault((table, row), []).append(problem)
        else:
            doc.problems.append(found_problem(finding, doc.file, None))
    if not isinstance(top, dict):
        doc.problem("type.invalid", "a document is a JSON object", top, path="$")
        return doc
    if not check_format(doc, top, "the document"):
        return doc
    for key in sorted(top.keys() - _DOC_KEYS):
        path = path_text((key,))
        doc.problem("field.unknown", "unknown field of a document", top[key], path=path)
    if "as_of" not in top:
        doc.problem("field.missing", "a document needs as_of", path="$.as_of")
    doc.as_of = top.get("as_of", MISSING)
    doc.synthetic = top.get("synthetic", False)
    for table in TABLES:
        records = top.get(table, [])
        if not isinstance(records, list):
            doc.problem("type.invalid", f"{table} must be a list", records, path=f"$.{table}")
            continue
        if len(records) > doc.limits.rows:
            what = f"the table has {len(records):,} records"
            doc.problem(
                "limit.exceeded",
                breach_message(what, "rows", doc.limits.rows),
                table=table,
                path=f"$.{table}",
            )
            continue
        if by_record:
            doc.tables[table] = [
                RawRecord(table, i, r, by_record.get((table, i), ())) for i, r in enumerate(records)
            ]
        else:
            doc.tables[table] = [RawRecord(table, i, r) for i, r in enumerate(records)]
    return doc
