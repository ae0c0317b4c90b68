"""Importer for a researcher's own table of people: CSV, XLSX or a pandas DataFrame.

A declarative :class:`ColumnMapping` (a dict, or a TOML file) says which column holds which
field and what raw values mean (``"Ж"`` is ``female``, ``"да"`` is true); dates are read in
the forms people type (``09.08.2020``, ``08.2020``), names in any script and order.  A table
has one row per person, or one row per case (``rows = "case"``: a person's rows, grouped by
``person.id`` or by the name, each give a custody spell and a conviction).

:func:`load` reads a file and :func:`import_table` a DataFrame or a list of rows; both return
the Viasna importer's :class:`~belarus_repression.importers.viasna.ImportResult`: the dataset,
and one report per row in which every cell that holds a value is imported, ignored with a
reason, or not understood with its raw value.  Rows read = rows imported + rows rejected.

The mapping format is documented on the docs page "Importing your own table".

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import io
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .._dates import DateLike, read_day
from .._errors import Problem, UnknownKeyError, ValidationError
from .._models import Source
from ._result import RecordReport
from ._table_cells import as_text, is_missing
from ._table_mapping import FIELDS, OPTIONS, ColumnMapping, mapping_of, read_mapping_file
from ._table_rows import build, latest_date, read_rows
from .viasna import ImportResult

__all__ = ["FIELDS", "OPTIONS", "ColumnMapping", "import_table", "load"]

#: A mapping as the functions take it: read, written as a dict, or a TOML file's path.
MappingLike = ColumnMapping | Mapping[str, Any] | str | Path

_Rows = list[tuple[int, dict[str, object]]]


def _mapping(mapping: MappingLike) -> ColumnMapping:
    if isinstance(mapping, ColumnMapping):
        return mapping
    if isinstance(mapping, str | Path):
        return read_mapping_file(mapping)
    return mapping_of(mapping)


def import_table(
    table: Any,
    mapping: MappingLike,
    *,
    as_of: DateLike | None = None,
    file: str | None = None,
) -> ImportResult:
    """Import a table through a column mapping, with a report on every row and cell.

    Args:
        table: A ``pandas.DataFrame``, or rows as dicts of column name to value (a list of
            dicts, or ``df.to_dict("records")``).  ``None``, NaN, ``NaT``, ``pandas.NA``
            and blank text are missing values; a row without any value is not a row.
        mapping: A :class:`ColumnMapping`, the dict it is written as, or the path of a TOML
            file that holds it.
        as_of: The day the table describes, in any form
            :func:`~belarus_repression.read_day` reads; by default the mapping's ``as_of``,
            else the latest date in the table (a note of the first row says so).
        file: The file the table came from, for problem locations and the source's name.

    Returns:
        The dataset and a report per row (``row`` is the position from 0).

    Raises:
        UnknownKeyError: when the mapping names a column the table lacks, or a field or
            option that does not exist; the error lists the known ones.
        ValidationError: for any other mistake in the mapping, or a table with two columns
            of one name.

    .. versionadded:: 0.2.0
    """
    spec = _mapping(mapping)
    if hasattr(table, "columns") and hasattr(table, "itertuples"):
        headers = [as_text(c) for c in table.columns]
        rows: _Rows = [
            (i, dict(zip(headers, values, strict=True)))
            for i, values in enumerate(table.itertuples(index=False, name=None))
        ]
    else:
        headers, rows, not_rows = [], [], []
        for i, row in enumerate(table):
            if not isinstance(row, Mapping):  # rejected on its own: the rest is imported
                why = f"not a row: a dict of column to value, not {type(row).__name__}"
                not_rows.append(RecordReport(i, None, rejected=why))
                continue
            headers.extend(str(k) for k in row if str(k) not in headers)
            rows.append((i, {str(k): v for k, v in row.items()}))
        if not_rows:
            result = _import(headers, rows, spec, as_of, file)
            records = sorted([*result.records, *not_rows], key=lambda r: r.row)
            return ImportResult(result.dataset, tuple(records), file)
    return _import(headers, rows, spec, as_of, file)


def load(
    path: str | Path,
    mapping: MappingLike,
    *,
    as_of: DateLike | None = None,
    sheet: str | int | None = None,
) -> ImportResult:
    """Import a ``.csv`` or ``.xlsx`` file through a column mapping.

    The header is the first row.  CSV is read in the mapping's ``encoding`` (UTF-8 by
    default) with its ``delimiter`` (by default the most frequent of ``,``, ``;`` and tab in
    the header line); XLSX needs the ``xlsx`` extra (openpyxl).  A report's ``row`` is the
    row's number as a spreadsheet shows it: the header is row 1.

    Args:
        path: The file.
        mapping: A :class:`ColumnMapping`, the dict it is written as, or a TOML file's path.
        as_of: The day the table describes (see :func:`import_table`).
        sheet: The XLSX sheet, by name or position from 0, instead of the mapping's
            ``sheet`` (default: the first sheet).

    Returns:
        The dataset and a report per row.

    Raises:
        ValidationError: when the file cannot be read (``file.unreadable``,
            ``file.encoding``, ``file.syntax``, ``format.unknown``), or for a mistake in the
            mapping.
        UnknownKeyError: for a column, field, option or sheet that does not exist.
        ImportError: for an XLSX file without openpyxl, naming the extra to install.

    .. versionadded:: 0.2.0
    """
    spec = _mapping(mapping)
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        headers, rows = _read_xlsx(p, spec.sheet if sheet is None else sheet)
    elif suffix in (".csv", ".tsv", ".txt"):
        headers, rows = _read_csv(p, spec)
    else:
        problem = Problem(
            "format.unknown", f"a table is a .csv or .xlsx file, not {suffix or 'no suffix'}"
        )
        raise ValidationError([problem.at(file=str(p))], str(p))
    return _import(headers, rows, spec, as_of, str(p))


def _import(
    headers: Sequence[str],
    rows: _Rows,
    mapping: ColumnMapping,
    as_of: DateLike | None,
    file: str | None,
) -> ImportResult:
    _check_headers(headers, mapping, file)
    kept = [(n, {k: v for k, v in cells.items() if not is_missing(v)}) for n, cells in rows]
    read = read_rows([(n, cells) for n, cells in kept if cells], headers, mapping, file)
    inferred = as_of is None and mapping.as_of is None
    if as_of is not None:
        day = read_day(as_of, "as_of")
    else:
        day = mapping.as_of or latest_date(read) or dt.date.today()
    if inferred and read:
        read[0].report.notes.append(f"as_of {day} inferred from the latest date in the table")
    name = mapping.source or (
        f"table {Path(file).name}" if file else "a table imported with importers.table"
    )
    source = Source(f"{mapping.id_prefix}source", name, url=mapping.source_url)
    dataset = build(read, mapping, source, day)
    return ImportResult(dataset, tuple(r.report for r in read), file)


def _check_headers(headers: Sequence[str], mapping: ColumnMapping, file: str | None) -> None:
    seen: set[str] = set()
    twice = [h for h in headers if h in seen or seen.add(h)]  # type: ignore[func-returns-value]
    if twice:
        problems = [
            Problem("csv.columns", f"two columns are named {h!r}: rename one").at(file=file)
            for h in dict.fromkeys(twice)
        ]
        raise ValidationError(problems, file)
    missing = [c.name for c in mapping.columns if c.name not in seen]
    if missing and headers:  # rows as dicts, and none: no header to check
        key = missing[0] if len(missing) == 1 else tuple(missing)
        raise UnknownKeyError(key, headers, "column" if len(missing) == 1 else "columns")


# -- files -------------------------------------------------------------------------------------


def _unreadable(path: Path, code: str, message: str) -> ValidationError:
    return ValidationError([Problem(code, message).at(file=str(path))], str(path))


def _header_names(cells: Iterable[object]) -> list[str]:
    """Header cells as column names; a blank one is named by its position."""
    return [
        f"(column {i})" if is_missing(cell) else as_text(cell)
        for i, cell in enumerate(cells, start=1)
    ]


def _cells(headers: Sequence[str], values: Iterable[object]) -> dict[str, object]:
    """A row's cells by column; a cell beyond the header is named by its position."""
    return {
        headers[i] if i < len(headers) else f"(column {i + 1})": value
        for i, value in enumerate(values)
    }


def _read_csv(path: Path, mapping: ColumnMapping) -> tuple[list[str], _Rows]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _unreadable(
            path, "file.unreadable", f"cannot read the file: {exc.strerror or exc}"
        ) from None
    try:
        text = data.decode(mapping.encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise _unreadable(
            path,
            "file.encoding",
            f"not {mapping.encoding} text ({exc}); set the mapping's encoding, "
            "such as encoding = 'cp1251'",
        ) from None
    delimiter = mapping.delimiter
    if delimiter is None:
        first = text.split("\n", 1)[0]
        delimiter = max(",;\t", key=first.count)  # a tie (none of them) is ","
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        lines = list(reader)
    except csv.Error as exc:
        raise _unreadable(path, "file.syntax", f"not valid CSV: {exc}") from None
    return _numbered(lines)


def _numbered(lines: Sequence[Sequence[object]]) -> tuple[list[str], _Rows]:
    """The header and the rows, numbered as a spreadsheet shows them (the header is row 1)."""
    if not lines:
        return [], []
    headers = _header_names(lines[0])
    while (
        headers
        and headers[-1].startswith("(column ")
        and all(
            len(line) < len(headers) or is_missing(line[len(headers) - 1]) for line in lines[1:]
        )
    ):
        headers.pop()  # blank columns after the last one with a header or a value
    return headers, [(i, _cells(headers, line)) for i, line in enumerate(lines[1:], start=2)]


def _read_xlsx(path: Path, sheet: str | int | None) -> tuple[list[str], _Rows]:
    try:
        openpyxl = importlib.import_module("openpyxl")
    except ImportError:
        raise ImportError(
            "reading .xlsx needs openpyxl: pip install 'belarus-repression[xlsx]'"
        ) from None
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except OSError as exc:
        raise _unreadable(
            path, "file.unreadable", f"cannot read the file: {exc.strerror or exc}"
        ) from None
    except Exception as exc:  # noqa: BLE001 - openpyxl raises zip, XML and its own errors
        raise _unreadable(path, "file.syntax", f"not a readable .xlsx file: {exc}") from None
    try:
        if sheet is None:
            ws = book.worksheets[0]
        elif isinstance(sheet, int):
            if not 0 <= sheet < len(book.worksheets):
                raise UnknownKeyError(sheet, range(len(book.worksheets)), "sheet")
            ws = book.worksheets[sheet]
        elif sheet in book.sheetnames:
            ws = book[sheet]
        else:
            raise UnknownKeyError(sheet, book.sheetnames, "sheet")
        lines = [list(values) for values in ws.iter_rows(values_only=True)]
    finally:
        book.close()
    return _numbered(lines)
