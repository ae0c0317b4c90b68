"""The ``belarus-repression`` command.

Run ``belarus-repression --help`` for the commands.  Exit status: 0 success, 1 the data has
problems, 2 a usage or I/O error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TextIO

from ._errors import Problem, Report

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
    except ValueError as exc:  # e.g. a path whose format cannot be told
        sys.stderr.write(f"belarus-repression: {exc}\n")
        return EXIT_USAGE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
