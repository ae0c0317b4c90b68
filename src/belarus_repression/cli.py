"""The ``belarus-repression`` command.

Run ``belarus-repression --help`` for the commands.  Exit status: 0 success, 1 the data has
problems, 2 a usage or I/O error.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from ._errors import BelarusRepressionError, Problem, Report, ValidationError

if TYPE_CHECKING:
    from ._dataset import Dataset

__all__ = ["main"]

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2

#: Problems that mean the input could not be read at all: an I/O error, not bad data.
_IO_CODES = frozenset({"file.unreadable"})


def _table(problems: Sequence[Problem], out: TextIO) -> None:
    """Print problems as an aligned table: one row each, every location field a column."""
    header = ("severity", "code", "table", "row", "record", "field", "problem")
    rows = [
        (
            p.severity.value,
            p.code,
            p.location.table or "",
            "" if p.location.row is None else str(p.location.row),
            p.location.record or "",
            p.location.path or "",
            p.message + ("" if p.value is None else f" (got {p.value})"),
        )
        for p in problems
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header) - 1)]
    for row in [header, *rows]:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        out.write("  ".join([*cells, row[-1]]).rstrip() + "\n")


def _validate(args: argparse.Namespace, out: TextIO) -> int:
    from ._io._api import validate  # noqa: PLC0415 - keep --help fast

    try:
        report: Report = validate(args.path, format=args.format)
    except OSError as exc:  # pragma: no cover - validate reports unreadable files itself
        sys.stderr.write(f"belarus-repression: {exc}\n")
        return EXIT_USAGE
    if report.problems:
        _table(report.problems, out)
        out.write("\n")
    out.write(report.summary() + "\n")
    if any(p.code in _IO_CODES for p in report.errors):
        return EXIT_USAGE
    return EXIT_OK if report.ok else EXIT_PROBLEMS


_SYNTHETIC_NOTE = (
    "No dataset given: this report is on the library's SYNTHETIC data - invented people, "
    "calibrated so that their numbers match Viasna's published figures of 2025-08-01. "
    "Nothing below is a fact about a real person. Pass a dataset file to report on real data."
)


def _dataset(path: str | None, fmt: str | None) -> Dataset:
    from ._io._api import load  # noqa: PLC0415
    from ._synthetic import synthetic  # noqa: PLC0415

    return synthetic() if path is None else load(path, format=fmt)  # type: ignore[arg-type]


def _day(text: str) -> dt.date:
    """An argparse type: one day, read as the library reads every day."""
    from ._dates import read_day  # noqa: PLC0415 - keep --help fast

    try:
        return read_day(text)
    except ValidationError as exc:  # argparse names the option and exits with status 2
        raise argparse.ArgumentTypeError(exc.problems[0].message) from None


def _write_rows(rows: list[dict[str, Any]], fmt: str, out: TextIO) -> None:
    if fmt == "json":
        out.write(json.dumps(rows, indent=2, ensure_ascii=False, default=str) + "\n")
        return
    writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else [], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def _report(args: argparse.Namespace, out: TextIO) -> int:
    from ._bundled import reported_figures  # noqa: PLC0415
    from ._report import format_table, headline  # noqa: PLC0415

    ds = _dataset(args.path, args.input_format)
    report = headline(ds, reported_figures(), args.as_of, min_cell=args.min_cell)
    if args.path is None:
        sys.stderr.write(_SYNTHETIC_NOTE + "\n")
    if args.format == "table":
        title = f"Political repression in Belarus: headline numbers as of {report.as_of}"
        out.write(title + "\n")
        if args.path is None:
            out.write("(SYNTHETIC DATA: invented people, calibrated to published figures)\n")
        out.write("\n" + format_table(report) + "\n")
    else:
        _write_rows(report.to_rows(), args.format, out)
    return EXIT_OK


def _figures(args: argparse.Namespace, out: TextIO) -> int:
    from ._bundled import reported_figures  # noqa: PLC0415

    figures = reported_figures()
    rows = []
    for f in figures:
        source = figures.source_of(f)
        rows.append(
            {
                "metric": f.metric.value,
                "filter": ";".join(f"{k}={v}" for k, v in f.filter),
                "value": f.value,
                "qualifier": f.qualifier.value,
                "as_of": str(f.as_of),
                "period_start": "" if f.period_start is None else str(f.period_start),
                "counted_by": f.counted_by or "",
                "source": source.url or source.name,
            }
        )
    if args.format == "table":
        for row in rows:
            what = str(row["metric"]) + (f" [{row['filter']}]" if row["filter"] else "")
            out.write(
                f"{row['as_of']:<14} {what:<40} {row['qualifier']:<9} {row['value']:>7,}  "
                f"{row['counted_by']} — {row['source']}\n"
            )
    else:
        _write_rows(rows, args.format, out)
    return EXIT_OK


def _series(args: argparse.Namespace, out: TextIO) -> int:
    from ._counts import time_series  # noqa: PLC0415

    ds = _dataset(args.path, args.input_format)
    start = args.start or dt.date(2020, 8, 1)
    end = args.end
    series = time_series(ds, start, end, args.freq, recognized_only=args.recognized_only)
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="") as fh:  # noqa: PTH123
            _write_rows(series.to_rows(), "csv", fh)
    else:
        _write_rows(series.to_rows(), "csv", out)
    return EXIT_OK


def _import(args: argparse.Namespace, out: TextIO) -> int:
    from ._io._api import save  # noqa: PLC0415
    from .importers import viasna  # noqa: PLC0415

    result = viasna.load(args.input, as_of=args.as_of)
    save(result.dataset, args.output, format=args.format)
    out.write(result.summary() + "\n")
    out.write(f"written to {args.output}\n")
    return EXIT_PROBLEMS if result.rejected else EXIT_OK


def _import_table(args: argparse.Namespace, out: TextIO) -> int:
    from ._io._api import save  # noqa: PLC0415
    from .importers import table  # noqa: PLC0415

    try:
        result = table.load(args.input, args.mapping, as_of=args.as_of, sheet=args.sheet)
    except (BelarusRepressionError, ImportError, OSError) as exc:
        sys.stderr.write(f"belarus-repression: {exc}\n")
        return EXIT_USAGE  # the table or the mapping cannot be read: nothing was imported
    save(result.dataset, args.output, format=args.format)
    out.write(result.summary() + "\n")
    out.write(f"written to {args.output}\n")
    return EXIT_PROBLEMS if result.rejected else EXIT_OK


def _parser() -> argparse.ArgumentParser:
    from . import __version__  # noqa: PLC0415 - the package imports this module lazily

    parser = argparse.ArgumentParser(
        prog="belarus-repression",
        description="Typed, validated data and honest counts of political repression in Belarus.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    check = commands.add_parser(
        "validate",
        help="check a dataset file and list every problem",
        description="Check a dataset (JSON document, or CSV tables in a folder or .zip) and "
        "list every problem with its location. Exit status: 0 valid (warnings allowed), "
        "1 the data has errors, 2 usage or I/O error.",
    )
    check.add_argument("path", help="a .json document, a .zip of CSV tables, or a folder")
    check.add_argument("--format", choices=("json", "csv"), help="override the suffix")
    check.set_defaults(run=_validate)

    report = commands.add_parser(
        "report",
        help="the headline numbers beside the published figures",
        description="Political prisoners (women, journalists), convictions since 2020, "
        "pardons in the past year, deaths in custody, the seriously ill and those held "
        "incommunicado, as of a day, each beside the latest published figure, its source "
        "and whether the two agree. Without PATH: the library's synthetic data, and it "
        "says so.",
    )
    report.add_argument("path", nargs="?", help="a dataset (default: the synthetic data)")
    report.add_argument(
        "--as-of", type=_day, help="the day of the report (default: the data's as_of)"
    )
    report.add_argument("--format", choices=("table", "json", "csv"), default="table")
    report.add_argument("--input-format", choices=("json", "csv"), help="override the suffix")
    report.add_argument(
        "--min-cell",
        type=int,
        metavar="K",
        help="hide every computed count from 1 to K-1 (disclosure control), shown as <K",
    )
    report.set_defaults(run=_report)

    figures = commands.add_parser(
        "figures", help="list the bundled published figures with their sources"
    )
    figures.add_argument("--format", choices=("table", "json", "csv"), default="table")
    figures.set_defaults(run=_figures)

    series = commands.add_parser(
        "series",
        help="write the time series of a dataset as CSV",
        description="People held at the end of each bucket, and custody spells begun and "
        "ended in it (by reason), with low and high bounds, as CSV.",
    )
    series.add_argument("path", nargs="?", help="a dataset (default: the synthetic data)")
    series.add_argument("--freq", choices=("day", "week", "month", "year"), default="month")
    series.add_argument("--start", type=_day, help="the first day (default 2020-08-01)")
    series.add_argument(
        "--end", type=_day, help="the day after the last (default: the data's as_of)"
    )
    series.add_argument("--recognized-only", action="store_true", help="political prisoners only")
    series.add_argument("-o", "--output", help="write to this file instead of the screen")
    series.add_argument("--input-format", choices=("json", "csv"), help="override the suffix")
    series.set_defaults(run=_series)

    importer = commands.add_parser(
        "import",
        help="import another format into a dataset",
        description="Import a file in another format and write it as a dataset (JSON, or CSV "
        "tables in a folder or .zip): 'import viasna' for Viasna's export, 'import table' for "
        "your own CSV or XLSX table through a column mapping. Prints the import report's "
        "summary; exit status 1 when records were rejected, 2 for a usage or I/O error.",
    )
    sources = importer.add_subparsers(dest="source", metavar="SOURCE", required=True)
    viasna = sources.add_parser(
        "viasna",
        help="the export of Viasna's political-prisoner database",
        description="Import Viasna's export (.json or .csv). Exit status 1 when records were "
        "rejected.",
    )
    viasna.add_argument("input", help="the export file (.json or .csv)")
    viasna.add_argument("output", help="the dataset to write (.json, .zip or a folder)")
    viasna.add_argument(
        "--as-of", type=_day, help="the day of the export (default: its latest date)"
    )
    viasna.add_argument("--format", choices=("json", "csv"), help="override OUTPUT's suffix")
    viasna.set_defaults(run=_import)
    table = sources.add_parser(
        "table",
        help="your own table of people (.csv or .xlsx) through a column mapping",
        description="Import a table (.csv, or .xlsx with the 'xlsx' extra) through a column "
        "mapping in a TOML file (see the docs page 'Importing your own table'). Exit status 0 "
        "when every row was imported, 1 when some were rejected, 2 for a usage or I/O error "
        "(a file that cannot be read, a mistake in the mapping).",
    )
    table.add_argument("input", help="the table (.csv or .xlsx)")
    table.add_argument("output", help="the dataset to write (.json, .zip or a folder)")
    table.add_argument(
        "--mapping", required=True, metavar="MAPPING.toml", help="the column mapping"
    )
    table.add_argument(
        "--as-of", type=_day, help="the day the table describes (default: its latest date)"
    )
    table.add_argument("--sheet", help="the .xlsx sheet, by name (default: the first)")
    table.add_argument("--format", choices=("json", "csv"), help="override OUTPUT's suffix")
    table.set_defaults(run=_import_table)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line with *argv* (default: ``sys.argv[1:]``) and return the exit status."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 for --help/--version
        return int(exc.code or 0)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return int(args.run(args, out or sys.stdout))
    except ValidationError as exc:  # a dataset with problems
        sys.stderr.write(f"belarus-repression: {exc}\n")
        return EXIT_PROBLEMS
    except (ValueError, BelarusRepressionError, OSError) as exc:  # usage or I/O
        sys.stderr.write(f"belarus-repression: {exc}\n")
        return EXIT_USAGE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
