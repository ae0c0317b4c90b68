"""The ``belarus-repression`` command.

Run ``belarus-repression --help`` for the commands.  Exit status: 0 success, 1 the data has
problems, 2 a usage or I/O error (a file that cannot be read or written, output closed early).
A dataset given as ``-`` is a JSON document read from standard input.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import json
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
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

#: The path that means standard input, and how problems name it.
STDIN = "-"
_STDIN_LABEL = "<stdin>"
#: The most of standard input read into a dataset (the default file size limit of loading).
_STDIN_LIMIT = 4 << 30


def _printable(text: str) -> str:
    """*text* as any terminal prints it: what UTF-8 cannot encode is escaped, not an error."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _relabeled(problems: Sequence[Problem], file: str) -> tuple[Problem, ...]:
    """The problems, with the temporary copy of standard input named ``<stdin>``."""
    import attrs  # noqa: PLC0415

    return tuple(
        attrs.evolve(p, location=attrs.evolve(p.location, file=_STDIN_LABEL))
        if p.location.file == file
        else p
        for p in problems
    )


@contextlib.contextmanager
def _input(path: str | None, fmt: str | None) -> Iterator[str | None]:
    """The path of a dataset to read; for ``-``, a private copy of standard input.

    Problems of the copy name it ``<stdin>``.
    """
    if path != STDIN:
        yield path
        return
    if fmt == "csv":
        raise ValueError("'-' reads a JSON document; CSV tables come in a folder or a .zip")
    import shutil  # noqa: PLC0415
    import tempfile  # noqa: PLC0415

    with tempfile.TemporaryDirectory(prefix="belarus-repression-") as folder:
        copy = os.path.join(folder, "stdin.json")  # noqa: PTH118 - a plain str for the API
        with open(copy, "wb") as fh:  # noqa: PTH123
            source = sys.stdin.buffer
            shutil.copyfileobj(_Capped(source, _STDIN_LIMIT + 1), fh)
        try:
            yield copy
        except ValidationError as exc:
            raise ValidationError(_relabeled(exc.problems, copy), _STDIN_LABEL) from None


class _Capped:
    """A binary stream that ends after *limit* bytes (the reader then refuses the copy)."""

    def __init__(self, stream: Any, limit: int) -> None:
        self.stream = stream
        self.left = limit

    def read(self, size: int = -1) -> bytes:
        if self.left <= 0:
            return b""
        want = self.left if size < 0 else min(size, self.left)
        data: bytes = self.stream.read(want)
        self.left -= len(data)
        return data


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
        out.write(_printable("  ".join([*cells, row[-1]]).rstrip()) + "\n")


def _validate(args: argparse.Namespace, out: TextIO) -> int:
    from ._io._api import validate  # noqa: PLC0415 - keep --help fast

    with _input(args.path, args.format) as path:
        report: Report = validate(path, format="json" if path != args.path else args.format)  # type: ignore[arg-type]
        if path != args.path:
            report = Report(_relabeled(report.problems, str(path)), _STDIN_LABEL)
    if report.problems:
        _table(report.problems, out)
        out.write("\n")
    out.write(_printable(report.summary()) + "\n")
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

    if path is None:
        return synthetic()
    with _input(path, fmt) as read:
        return load(read, format="json" if read != path else fmt)  # type: ignore[arg-type]


def _day(text: str) -> dt.date:
    """An argparse type: one day, read as the library reads every day."""
    from ._dates import read_day  # noqa: PLC0415 - keep --help fast

    try:
        return read_day(text)
    except ValidationError as exc:  # argparse names the option and exits with status 2
        raise argparse.ArgumentTypeError(exc.problems[0].message) from None


def _score(text: str) -> float:
    """An argparse type: a score from 0 to 1."""
    try:
        score = float(text)
    except ValueError:
        score = -1.0
    if not 0 <= score <= 1:
        raise argparse.ArgumentTypeError(f"not a score from 0 to 1: {text!r}")
    return score


def _min_cell(text: str) -> int:
    """An argparse type: the smallest count shown, at least 3 (``<2`` would say 1)."""
    try:
        k = int(text)
    except ValueError:
        k = 0
    if k < 3:  # the library's minimum: a hidden cell must keep two possible values
        raise argparse.ArgumentTypeError(f"not a whole number of 3 or more: {text!r}")
    return k


def _write_rows(rows: list[dict[str, Any]], fmt: str, out: TextIO) -> None:
    """Rows as JSON or CSV; a CSV text cell a spreadsheet would run as a formula gets a ``'``."""
    if fmt == "json":
        out.write(_printable(json.dumps(rows, indent=2, ensure_ascii=False, default=str)) + "\n")
        return
    from ._io._tables import protect  # noqa: PLC0415

    writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else [], lineterminator="\n")
    writer.writeheader()
    writer.writerows(
        {k: _printable(protect(v)) if isinstance(v, str) else v for k, v in row.items()}
        for row in rows
    )


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

    with _input(args.input, None) as path:
        result = viasna.load(str(path), as_of=args.as_of)
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


def _links_path(output: str) -> Path:
    """Where the links go by default: beside OUTPUT, ``merged.json`` → ``merged.links.csv``."""
    path = Path(output)
    return path.with_name(path.stem + ".links.csv")


def _link_datasets(args: argparse.Namespace, out: TextIO) -> int:
    from ._io._api import load, save  # noqa: PLC0415
    from .linkage import _link, merge  # noqa: PLC0415

    datasets = []
    for path in (args.left, args.right):
        try:
            datasets.append(load(path, format=args.input_format))
        except ValidationError as exc:
            if any(p.code in _IO_CODES for p in exc.problems):
                sys.stderr.write(f"belarus-repression: {exc}\n")
                return EXIT_USAGE
            raise
    left, right = datasets
    progress = not args.no_progress
    links, pairs = _link(left, right, min_score=args.min_score, progress=progress, review=True)
    # the links first: when the merge finds errors, they are what to review
    links_path = Path(args.links) if args.links else _links_path(args.output)
    linked = {(found.left, found.right) for found in links}
    with links_path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(("left_id", "right_id", "score", "verdict", "linked", "reasons"))
        for score, verdict, a, b, reasons in pairs:
            row = (a, b, f"{score:.3f}", verdict, "yes" if (a, b) in linked else "no")
            writer.writerow((*row, "; ".join(reasons)))
    result = merge(left, right, links, as_of=args.as_of, progress=progress)
    save(result.dataset, args.output, format=args.format)
    review = len(pairs) - len(links)
    out.write(
        f"linked {len(links):,} people of {len(left.persons):,} in {args.left} and "
        f"{len(right.persons):,} in {args.right}; {review:,} other pairs to review\n"
    )
    out.write(result.summary() + "\n")
    out.write(f"written to {args.output}\n")
    out.write(f"links written to {links_path}\n")
    return EXIT_OK


def _add_link(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``link`` command."""
    linker = commands.add_parser(
        "link",
        help="link the people of two datasets and merge them",
        description="Find the people of dataset A who are in dataset B (by their names in any "
        "script and transliteration, gender and date of birth), merge the two datasets into "
        "OUTPUT, and write the links with their scores and reasons to a CSV file for review "
        "by hand: every pair linked, and every pair whose names could be one person's but "
        "were not linked. Progress goes to standard error. Exit status: 0 success, 1 a "
        "dataset (or the merged one) has errors, 2 usage or I/O error.",
    )
    linker.add_argument("left", metavar="A", help="the first dataset; its ids are kept")
    linker.add_argument("right", metavar="B", help="the second dataset")
    linker.add_argument("output", metavar="OUTPUT", help="the merged dataset to write")
    linker.add_argument(
        "--links",
        metavar="LINKS.csv",
        help="where to write the links (default: beside OUTPUT, as NAME.links.csv)",
    )
    linker.add_argument(
        "--min-score",
        type=_score,
        default=0.9,
        help="the lowest score of a link, from 0 to 1 (default 0.9)",
    )
    linker.add_argument(
        "--as-of", type=_day, help="the merged dataset's as_of (default: the earliest input's)"
    )
    linker.add_argument("--input-format", choices=("json", "csv"), help="override the suffixes")
    linker.add_argument("--format", choices=("json", "csv"), help="override OUTPUT's suffix")
    linker.add_argument("--no-progress", action="store_true", help="show no progress")
    linker.set_defaults(run=_link_datasets)


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
    check.add_argument(
        "path",
        help="a .json document, a .zip of CSV tables, a folder, or - for a JSON document on "
        "standard input",
    )
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
    report.add_argument(
        "path", nargs="?", help="a dataset, - for standard input (default: the synthetic data)"
    )
    report.add_argument(
        "--as-of", type=_day, help="the day of the report (default: the data's as_of)"
    )
    report.add_argument("--format", choices=("table", "json", "csv"), default="table")
    report.add_argument("--input-format", choices=("json", "csv"), help="override the suffix")
    report.add_argument(
        "--min-cell",
        type=_min_cell,
        metavar="K",
        help="hide every computed count from 1 to K-1 (disclosure control), shown as <K; "
        "K is 3 or more; a count hidden only to protect another shows as suppressed",
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
    series.add_argument(
        "path", nargs="?", help="a dataset, - for standard input (default: the synthetic data)"
    )
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
    viasna.add_argument("input", help="the export file (.json or .csv; - reads JSON from stdin)")
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
    _add_link(commands)
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
    stream = out or sys.stdout
    try:
        status = int(args.run(args, stream))
        stream.flush()  # a closed pipe shows here, not at exit
    except BrokenPipeError:  # the reader went away (| head): quietly, an I/O error
        if out is None:
            _quiet_stdout()
        return EXIT_USAGE
    except ValidationError as exc:  # a dataset with problems, or a file that cannot be read
        sys.stderr.write(_printable(f"belarus-repression: {exc}") + "\n")
        unreadable = any(p.code in _IO_CODES for p in exc.problems)
        return EXIT_USAGE if unreadable else EXIT_PROBLEMS
    except (ValueError, BelarusRepressionError, OSError) as exc:  # usage or I/O
        sys.stderr.write(_printable(f"belarus-repression: {exc}") + "\n")
        return EXIT_USAGE
    return status


def _quiet_stdout() -> None:
    """Send what is left of standard output nowhere, so that exiting prints no error."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
