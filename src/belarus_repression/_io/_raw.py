"""Reading files into raw records: the part of loading that knows about file formats.

A reader turns a file into a :class:`RawDocument`: the dataset's metadata and, per table, the
records as plain data with where each came from.  It never raises for bad content: every
problem it finds (unreadable file, bad encoding, broken syntax, wrong columns, unreadable
cells) is collected, located by file, table, row and field.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs

from .._dataset import TABLES
from .._errors import Problem, ValidationError, shorten
from . import DESCRIPTOR, FORMAT, PACKAGE_KEY, VERSION
from ._tables import COLUMNS, NAME_COLUMNS, Column, column_for_path, row_decoder

if TYPE_CHECKING:
    from zipfile import ZipFile

__all__ = ["RawDocument", "RawRecord", "read_csv", "read_document", "read_json"]


#: The raw value of a field the file does not have (``None`` is JSON's ``null``).
MISSING: Final = object()


class RawRecord:
    """One record as read: plain data, where it came from, and cells that could not be read.

    A plain slotted class: loading makes one per input record.

    Attributes:
        table: The table (collection) name.
        row: The CSV line number, or the index in the JSON list.
        data: The record's plain form (``None`` when the row could not be split into cells).
        cell_problems: Problems of cells that could not be read (CSV).
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
    """

    file: str | None
    kind: str
    as_of: object = MISSING
    synthetic: object = False
    tables: dict[str, list[RawRecord]] = attrs.Factory(dict)
    names: list[RawRecord] = attrs.Factory(list)
    problems: list[Problem] = attrs.Factory(list)

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


# -- JSON ------------------------------------------------------------------------------------


def _decode(doc: RawDocument, data: bytes, **where: Any) -> str | None:
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


def _read_bytes(doc: RawDocument, path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError as exc:
        doc.problem("file.unreadable", f"cannot read the file: {exc.strerror or exc}")
        return None


def _parse_json(doc: RawDocument, text: str, **where: Any) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        doc.problem(
            "file.syntax",
            f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}",
            text[max(0, exc.pos - 20) : exc.pos + 20],
            **where,
        )
    except RecursionError:
        doc.problem("file.syntax", "not valid JSON: nested too deeply", **where)
    except ValueError as exc:  # e.g. an integer with more digits than Python converts
        doc.problem("file.syntax", f"not valid JSON: {exc}", **where)
    return _INVALID


_INVALID: Final = object()
_DOC_KEYS: Final = frozenset({"format", "version", "as_of", "synthetic", *TABLES})


def _check_format(doc: RawDocument, meta: dict[str, Any], where: str) -> bool:
    """Check the declared format and version; False when the rest cannot be trusted."""
    fmt, version = meta.get("format"), meta.get("version")
    if fmt != FORMAT:
        doc.problem(
            "format.unknown",
            f"{where} does not declare format {FORMAT!r}",
            fmt,
            path="$.format",
        )
        return False
    if type(version) is not int:
        doc.problem("type.invalid", "the version must be an integer", version, path="$.version")
        return False
    if version > VERSION:
        doc.problem(
            "format.version",
            f"format version {version} is newer than this library reads ({VERSION}); "
            "upgrade belarus-repression",
            version,
            path="$.version",
        )
        return False
    if version < 1:
        doc.problem("format.unknown", "format versions start at 1", version, path="$.version")
        return False
    return True


def read_json(path: Path, file: str) -> RawDocument:
    """Read a JSON document."""
    doc = RawDocument(file, "json")
    data = _read_bytes(doc, path)
    text = None if data is None else _decode(doc, data)
    top = _INVALID if text is None else _parse_json(doc, text)
    if top is _INVALID:
        return doc
    return _read_top(doc, top)


def read_document(top: dict[str, Any]) -> RawDocument:
    """Read a JSON document already parsed (as :func:`json.load` gives it): no file."""
    return _read_top(RawDocument(None, "json"), top)


def _read_top(doc: RawDocument, top: object) -> RawDocument:
    if not isinstance(top, dict):
        doc.problem("type.invalid", "a document is a JSON object", top, path="$")
        return doc
    if not _check_format(doc, top, "the document"):
        return doc
    for key in sorted(top.keys() - _DOC_KEYS):
        doc.problem("field.unknown", "unknown field of a document", top[key], path=f"$.{key}")
    if "as_of" not in top:
        doc.problem("field.missing", "a document needs as_of", path="$.as_of")
    doc.as_of = top.get("as_of", MISSING)
    doc.synthetic = top.get("synthetic", False)
    for table in TABLES:
        records = top.get(table, [])
        if not isinstance(records, list):
            doc.problem("type.invalid", f"{table} must be a list", records, path=f"$.{table}")
            continue
        doc.tables[table] = [RawRecord(table, i, r) for i, r in enumerate(records)]
    return doc


# -- CSV and the data package ------------------------------------------------------------------


class _Files:
    """The files of a CSV folder or zip archive."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.zip: ZipFile | None = None

    def __enter__(self) -> _Files:
        if self.path.is_file():
            from zipfile import ZipFile  # noqa: PLC0415 - slow to import, needed for zips only

            self.zip = ZipFile(self.path)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.zip is not None:
            self.zip.close()

    def read(self, name: str) -> bytes | None:
        if self.zip is not None:
            try:
                return self.zip.read(name)
            except KeyError:
                return None
        try:
            return (self.path / name).read_bytes()
        except FileNotFoundError:
            return None


def read_csv(path: Path, file: str) -> RawDocument:
    """Read CSV tables with a data package descriptor, from a folder or a zip archive."""
    from zipfile import BadZipFile  # noqa: PLC0415 - slow to import, needed for CSV only

    doc = RawDocument(file, "csv")
    try:
        with _Files(path) as files:
            _read_package(doc, files)
    except (OSError, BadZipFile) as exc:
        doc.problem("file.unreadable", f"cannot read the tables: {exc}")
    return doc


def _read_package(doc: RawDocument, files: _Files) -> None:
    raw = files.read(DESCRIPTOR)
    if raw is None:
        doc.problem("table.missing", f"no {DESCRIPTOR} (the data package descriptor)")
        return
    text = _decode(doc, raw, table=DESCRIPTOR)
    descriptor = _INVALID if text is None else _parse_json(doc, text, table=DESCRIPTOR)
    if descriptor is _INVALID:
        return
    meta = descriptor.get(PACKAGE_KEY) if isinstance(descriptor, dict) else None
    if not isinstance(meta, dict):
        doc.problem(
            "format.unknown",
            f"the data package has no {PACKAGE_KEY!r} object: not written by this library",
            table=DESCRIPTOR,
        )
        return
    if not _check_format(doc, meta, "the data package"):
        return
    if "as_of" not in meta:
        doc.problem("field.missing", "the data package needs as_of", table=DESCRIPTOR)
    doc.as_of = meta.get("as_of", MISSING)
    doc.synthetic = meta.get("synthetic", False)
    resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
    listed = {r.get("name"): r.get("path") for r in resources or [] if isinstance(r, dict)}
    for table, columns in (*COLUMNS.items(), ("names", NAME_COLUMNS)):
        name = listed.get(table)
        if name is None:
            continue  # a table the package does not list is empty
        if not isinstance(name, str):
            doc.problem("type.invalid", "a resource path must be text", name, table=table)
            continue
        data = files.read(name)
        if data is None:
            doc.problem(
                "table.missing", f"the data package lists {name}, which is missing", table=table
            )
            continue
        records = _read_table(doc, table, columns, data)
        if table == "names":
            doc.names = records
        else:
            doc.tables[table] = records


def _read_table(
    doc: RawDocument, table: str, columns: tuple[Column, ...], data: bytes
) -> list[RawRecord]:
    text = _decode(doc, data, table=table)
    if text is None:
        return []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[RawRecord] = []
    try:
        header = next(reader, None)
        if header is None:
            doc.problem("csv.columns", "the table has no header row", table=table, row=1)
            return []
        expected = [c.name for c in columns]
        missing = [c for c in expected if c not in header]
        extra = [c for c in header if c not in expected]
        if missing or extra or len(set(header)) != len(header):
            doc.problem(
                "csv.columns",
                f"expected the columns {', '.join(expected)}"
                + (f"; missing {', '.join(missing)}" if missing else "")
                + (f"; unknown {', '.join(extra)}" if extra else ""),
                ",".join(header),
                table=table,
                row=1,
            )
            return []
        decode = row_decoder(columns, header)
        for cells in reader:
            line = reader.line_num
            if len(cells) != len(header):
                problem = Problem(
                    "csv.row_length",
                    f"{len(cells)} cells where the header has {len(header)}",
                    value=shorten(",".join(cells)),
                ).at(file=doc.file, table=table, row=line)
                records.append(RawRecord(table, line, None, [problem]))
                continue
            plain, errors = decode(cells)
            if errors:
                record_id = plain.get("id")
                problems = [
                    _cell_problem(exc, cells[header.index(column)]).at(
                        file=doc.file, table=table, row=line, path=column, record=record_id
                    )
                    for column, exc in errors.items()
                ]
                records.append(RawRecord(table, line, plain, problems))
            else:
                records.append(RawRecord(table, line, plain))
    except csv.Error as exc:
        doc.problem("file.syntax", f"not valid CSV: {exc}", table=table, row=reader.line_num)
    return records


def _cell_problem(exc: Exception, cell: str) -> Problem:
    if isinstance(exc, ValidationError):
        first = exc.problems[0]
        return Problem(first.code, first.message, value=shorten(cell))
    return Problem("type.invalid", str(exc), value=shorten(cell))
