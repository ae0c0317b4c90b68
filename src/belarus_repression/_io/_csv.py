"""Reading CSV tables with their data package, from a folder or a zip archive.

The descriptor says which file holds which table; :class:`~._files.Package` opens only files
inside the package, and only within the limits.  A table is read as a stream of blocks of
whole lines, so that memory follows the rows kept, not the size of a file or a cell; a CSV
file no resource lists, a table listed twice and a repeated zip member are errors.
"""

from __future__ import annotations

import contextlib
import csv
import io
import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

from .._errors import Problem, ValidationError, shorten
from . import DESCRIPTOR, PACKAGE_KEY
from ._files import Damaged, Package, Refused, read_all, resource_parts
from ._limits import DEFAULT_LIMITS, Limits, breach_message
from ._raw import (
    INVALID,
    MISSING,
    RawDocument,
    RawRecord,
    check_format,
    decode_text,
    found_problem,
    parse_json,
)
from ._tables import COLUMNS, NAME_COLUMNS, Column, row_decoder

__all__ = ["read_csv"]

# -- CSV and the data package ------------------------------------------------------------------

#: How many times a folder is read again when saves replace it while it is read.
_FOLDER_ATTEMPTS: Final = 100
#: The tables of a data package, with their columns, in reading order.
_PACKAGE_TABLES: Final = (*COLUMNS.items(), ("names", NAME_COLUMNS))


def read_csv(path: Path, file: str, limits: Limits = DEFAULT_LIMITS) -> RawDocument:
    """Read CSV tables with a data package descriptor, from a folder or a zip archive."""
    for _ in range(_FOLDER_ATTEMPTS):
        doc = RawDocument(file, "csv", limits=limits)
        package = Package(path, limits)
        try:
            with package:
                _read_package(doc, package)
        except Refused as exc:
            doc.problem(exc.code, exc.message, exc.value)
        except Damaged as exc:
            doc.problem("file.unreadable", f"cannot read the tables: {exc}")
        except OSError as exc:
            doc.problem("file.unreadable", f"cannot read the tables: {exc.strerror or exc}")
        if package.intact:
            break  # else a save replaced the folder while it was read (no locks): again
    return doc


def _open(doc: RawDocument, package: Package, name: str, table: str) -> Any:
    """Open a file of the package; ``None`` when missing, :data:`INVALID` when refused."""
    try:
        return package.open(name)
    except Refused as exc:
        doc.problem(exc.code, exc.message, exc.value, table=table)
    except Damaged as exc:
        doc.problem("file.unreadable", f"cannot unpack the file: {exc}", name, table=table)
    except OSError as exc:
        doc.problem("file.unreadable", f"cannot read the file: {exc.strerror}", name, table=table)
    return INVALID


def _read_descriptor(doc: RawDocument, package: Package) -> object:
    stream = _open(doc, package, DESCRIPTOR, DESCRIPTOR)
    if stream is None:
        doc.problem("table.missing", f"no {DESCRIPTOR} (the data package descriptor)")
    if stream is None or stream is INVALID:
        return INVALID
    try:
        with stream:
            raw = read_all(stream, doc.limits.file_size)
    except Refused as exc:
        doc.problem(exc.code, exc.message, exc.value, table=DESCRIPTOR)
        return INVALID
    except Damaged as exc:
        doc.problem("file.unreadable", f"cannot unpack the file: {exc}", table=DESCRIPTOR)
        return INVALID
    text = decode_text(doc, raw, table=DESCRIPTOR)
    if text is None:
        return INVALID
    descriptor, found = parse_json(doc, text, table=DESCRIPTOR)
    for finding in found:
        problem = found_problem(finding, doc.file, None, in_tables=False)
        doc.problems.append(problem.at(table=DESCRIPTOR))
    return descriptor


def _read_package(doc: RawDocument, package: Package) -> None:
    descriptor = _read_descriptor(doc, package)
    if descriptor is INVALID or any(p.code == "key.duplicate" for p in doc.problems):
        return
    meta = descriptor.get(PACKAGE_KEY) if isinstance(descriptor, dict) else None
    if not isinstance(descriptor, dict) or not isinstance(meta, dict):
        doc.problem(
            "format.unknown",
            f"the data package has no {PACKAGE_KEY!r} object: not written by this library",
            table=DESCRIPTOR,
        )
        return
    if not check_format(doc, meta, "the data package", table=DESCRIPTOR):
        return
    if "as_of" not in meta:
        doc.problem("field.missing", "the data package needs as_of", table=DESCRIPTOR)
    doc.as_of = meta.get("as_of", MISSING)
    doc.synthetic = meta.get("synthetic", False)
    listed = _resources(doc, descriptor.get("resources", []))
    if listed is None:
        return
    _check_members(doc, package, listed)
    for table, columns in _PACKAGE_TABLES:
        name = listed.get(table)
        if name is None:
            continue  # a table the package does not list is empty
        stream = _open(doc, package, name, table)
        if stream is INVALID:
            continue
        if stream is None:
            doc.problem(
                "table.missing",
                "the data package lists a file that is missing",
                name,
                table=table,
            )
            continue
        with stream:
            records = _read_table(doc, table, columns, stream)
        if table == "names":
            doc.names = records
        else:
            doc.tables[table] = records


def _resources(doc: RawDocument, resources: object) -> dict[str, str] | None:
    """The path of each table the descriptor lists; ``None`` when the list is unusable."""
    if not isinstance(resources, list):
        doc.problem(
            "type.invalid",
            "the data package's resources must be a list",
            resources,
            table=DESCRIPTOR,
            path="$.resources",
        )
        return None
    known = dict(_PACKAGE_TABLES)
    listed: dict[str, str] = {}
    for i, resource in enumerate(resources):
        where = f"$.resources[{i}]"
        if not isinstance(resource, dict):
            doc.problem(
                "type.invalid", "a resource is an object", resource, table=DESCRIPTOR, path=where
            )
            continue
        name, path = resource.get("name"), resource.get("path")
        if not isinstance(name, str):
            doc.problem(
                "type.invalid",
                "a resource's name must be text",
                name,
                table=DESCRIPTOR,
                path=f"{where}.name",
            )
        elif name not in known:
            doc.problem(
                "package.unlisted",
                "a resource that names no table of this library: it would be ignored",
                name,
                table=DESCRIPTOR,
                path=f"{where}.name",
            )
        elif name in listed:
            doc.problem(
                "package.duplicate",
                "the data package lists this table twice",
                name,
                table=DESCRIPTOR,
                path=f"{where}.name",
            )
        elif "path" not in resource:
            doc.problem(
                "field.missing",
                "a resource needs the path of its file (data inside the descriptor is not read)",
                table=DESCRIPTOR,
                path=f"{where}.path",
            )
        elif not isinstance(path, str):
            doc.problem(
                "type.invalid",
                "a resource path must be text",
                path,
                table=DESCRIPTOR,
                path=f"{where}.path",
            )
        else:
            listed[name] = path
    return listed


def _check_members(doc: RawDocument, package: Package, listed: dict[str, str]) -> None:
    """A CSV file no resource lists, or a zip member named twice, is an error."""
    paths = set()
    for path in listed.values():
        with contextlib.suppress(Refused):  # reported when the table is read
            paths.add("/".join(resource_parts(path)))
    for name in package.names():
        if name.startswith(".") or "/" in name.rstrip("/"):
            continue  # hidden files (._x.csv of macOS) and subfolders are not tables
        if name.lower().endswith(".csv") and name not in paths:
            doc.problem(
                "package.unlisted",
                "a CSV file that the data package does not list: its rows would be ignored",
                name,
            )
    for name in package.duplicates:
        if name not in paths and name != DESCRIPTOR:
            doc.problem("package.duplicate", "the zip archive holds two members of this name", name)


_BLOCK: Final = 1 << 20


class _LongLine(Exception):  # noqa: N818 - an outcome, not a failure of the code
    """A line longer than any row of cells within the limit can be."""


def _blocks(text: io.TextIOBase, longest: int) -> Iterator[io.StringIO]:
    """The text as blocks of whole lines, each line at most *longest* characters.

    The csv module reads the lines of a block at C speed; a block of its own for each line
    would cost a Python call per line.  A line longer than *longest* raises :class:`_LongLine`
    before more of it is read.
    """
    carry = ""
    while True:
        chunk = text.read(_BLOCK)
        if not chunk:
            if carry:
                yield io.StringIO(carry, newline="")
            return
        block = carry + chunk if carry else chunk
        cut = block.rfind("\n")
        if cut < 0:  # a file of lines that end with a lone \r: cut at one not at the end
            cut = block.rfind("\r", 0, len(block) - 1)
        if cut < 0:
            carry = block
        else:
            carry = block[cut + 1 :]
            yield io.StringIO(block[: cut + 1], newline="")
        if len(carry) > longest:
            raise _LongLine


def _read_table(
    doc: RawDocument, table: str, columns: tuple[Column, ...], stream: io.BufferedIOBase
) -> list[RawRecord]:
    limits = doc.limits
    # A row of cells within the limit, every one quoted with its quotes doubled, is no longer.
    longest = (2 * limits.cell + 3) * len(columns) + 2
    if csv.field_size_limit() < limits.cell:
        csv.field_size_limit(limits.cell)  # raised, never lowered: the csv module's own bound
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")  # type: ignore[type-var]
    reader = csv.reader(itertools.chain.from_iterable(_blocks(text, longest)), strict=True)
    records: list[RawRecord] = []
    empty: list[int] = []  # the first and last line of a run of empty lines
    try:
        header = next(reader, None)
        if header is None:
            doc.problem("csv.columns", "the table has no header row", table=table, row=1)
            return []
        if not _header_ok(doc, table, columns, header):
            return []
        _read_rows(doc, (table, columns, header), reader, records, empty)
    except csv.Error as exc:
        if str(exc).startswith("field larger than field limit"):
            doc.problem(
                "limit.exceeded",
                breach_message("a cell has more characters", "cell", limits.cell),
                table=table,
                row=reader.line_num,
            )
        else:
            doc.problem("file.syntax", f"not valid CSV: {exc}", table=table, row=reader.line_num)
    except UnicodeDecodeError as exc:
        at = getattr(stream, "position", 0) - len(exc.object) + exc.start
        doc.problem(
            "file.encoding",
            f"not UTF-8 text: byte {max(at, exc.start)} cannot be decoded ({exc.reason})",
            exc.object[exc.start : exc.start + 8],
            table=table,
        )
    except _LongLine:
        what = "a line longer than a row of cells within the limit can be"
        doc.problem(
            "limit.exceeded",
            breach_message(what, "cell", limits.cell),
            table=table,
            row=reader.line_num + 1,
        )
    except Refused as exc:  # the file is larger than the limit
        doc.problem(exc.code, exc.message, exc.value, table=table)
    except Damaged as exc:
        doc.problem("file.unreadable", f"cannot unpack the file: {exc}", table=table)
    finally:
        text.detach()
    if empty:
        _empty_lines(doc, table, empty, records)
    return records


def _read_rows(
    doc: RawDocument,
    layout: tuple[str, tuple[Column, ...], list[str]],
    reader: Any,
    records: list[RawRecord],
    empty: list[int],
) -> None:
    """Read the rows after the header into *records* (*empty*: a run of empty lines)."""
    table, columns, header = layout
    limits = doc.limits
    check_cells = csv.field_size_limit() > limits.cell
    decode = row_decoder(columns, header)
    width = len(header)
    for count, cells in enumerate(reader, 1):
        line = reader.line_num
        if count > limits.rows:
            what = f"the table has {count:,} rows or more"
            doc.problem(
                "limit.exceeded",
                breach_message(what, "rows", limits.rows),
                table=table,
                row=line,
            )
            break
        if not cells:  # an empty line: a run of them is one problem, not millions
            if empty and empty[1] == line - 1:
                empty[1] = line
            else:
                _empty_lines(doc, table, empty, records)
                empty[:] = [line, line]
            continue
        if empty:
            _empty_lines(doc, table, empty, records)
        if len(cells) != width:
            problem = Problem(
                "csv.row_length",
                f"{len(cells)} cells where the header has {width}",
                value=shorten(",".join(cells[: width + 1])),
            ).at(file=doc.file, table=table, row=line)
            records.append(RawRecord(table, line, None, [problem]))
            continue
        plain, errors = decode(cells)
        long_cells = check_cells and max(map(len, cells)) > limits.cell
        if errors or long_cells:
            records.append(
                _bad_row(doc, (table, line), header=header, cells=cells, plain=plain, errors=errors)
            )
        else:
            records.append(RawRecord(table, line, plain))


def _empty_lines(doc: RawDocument, table: str, run: list[int], records: list[RawRecord]) -> None:
    """Record a run of empty lines (first and last line in *run*) as one rejected row."""
    if not run:
        return
    first, last = run
    message = "an empty line" if first == last else f"{last - first + 1:,} empty lines, to {last}"
    problem = Problem("csv.row_length", message).at(file=doc.file, table=table, row=first)
    records.append(RawRecord(table, first, None, [problem]))
    run.clear()


def _header_ok(
    doc: RawDocument, table: str, columns: tuple[Column, ...], header: list[str]
) -> bool:
    """Whether the header names every column once and nothing else; if not, say so."""
    expected = [c.name for c in columns]
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected]
    if missing or extra or len(set(header)) != len(header):
        doc.problem(
            "csv.columns",
            f"expected the columns {', '.join(expected)}"
            + (f"; missing {', '.join(missing)}" if missing else "")
            + (f"; unknown {', '.join(_column_name(c) for c in extra[:10])}" if extra else ""),
            ",".join(header[:40]),
            table=table,
            row=1,
        )
        return False
    return True


def _bad_row(
    doc: RawDocument,
    where: tuple[str, int],
    *,
    header: list[str],
    cells: list[str],
    plain: dict[str, Any],
    errors: dict[str, Exception],
) -> RawRecord:
    """A row with cells that could not be read, or that are longer than the limit."""
    table, line = where
    record_id = plain.get("id") if isinstance(plain.get("id"), str) else None
    cell = doc.limits.cell
    problems = [
        _cell_problem(exc, cells[header.index(column)]).at(
            file=doc.file, table=table, row=line, path=column, record=record_id
        )
        for column, exc in errors.items()
    ]
    problems += [
        Problem(
            "limit.exceeded",
            breach_message(f"a cell of {len(value):,} characters", "cell", cell),
            value=shorten(value),
        ).at(file=doc.file, table=table, row=line, path=column, record=record_id)
        for column, value in zip(header, cells, strict=True)
        if len(value) > cell
    ]
    return RawRecord(table, line, plain, problems)


_PLAIN_NAME: Final = re.compile(r"[A-Za-z0-9_ .\-]{1,40}")


def _column_name(name: str) -> str:
    """A column name as a message shows it: as it is when plain, else escaped and short."""
    return name if _PLAIN_NAME.fullmatch(name) else shorten(name, 40)


def _cell_problem(exc: Exception, cell: str) -> Problem:
    if isinstance(exc, ValidationError):
        first = exc.problems[0]
        return Problem(first.code, first.message, value=shorten(cell))
    return Problem("type.invalid", str(exc)[:200], value=shorten(cell))
