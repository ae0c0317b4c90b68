"""Problems found in data, the report that collects them, and the exception tree.

Every check in the library produces :class:`Problem` objects instead of raising at the first
one, so that a user learns everything that is wrong with an input at once.  A
:class:`ValidationError` carries those problems; its message is built from them in ``__str__``.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from typing import Final

import attrs

__all__ = [
    "CODES",
    "BelarusRepressionError",
    "HorizonError",
    "Location",
    "Problem",
    "Report",
    "Severity",
    "UnknownKeyError",
    "ValidationError",
    "shorten",
]

#: How many characters of an offending value a problem keeps.
VALUE_WIDTH: Final = 80
#: How many characters of a message a problem keeps (messages may quote the input).
MESSAGE_WIDTH: Final = 600


class Severity(enum.StrEnum):
    """How serious a :class:`Problem` is.

    ``error`` makes the input unusable as it is; ``warning`` marks data that real sources
    contain (a contradiction, an implausible value) and that is kept.
    """

    ERROR = "error"
    WARNING = "warning"


#: Every stable problem code with its default severity and what it means.  The docs page
#: ``docs/errors.md`` lists them all (a test keeps the two in step).
CODES: Final[dict[str, tuple[Severity, str]]] = {
    # -- reading and structuring input ---------------------------------------------------
    "type.invalid": (Severity.ERROR, "A value has the wrong JSON type for its field."),
    "field.missing": (Severity.ERROR, "A required field is absent."),
    "field.unknown": (Severity.ERROR, "A field that the record type does not have."),
    "enum.unknown": (Severity.ERROR, "A value outside the field's closed vocabulary."),
    "value.invalid": (Severity.ERROR, "A value of the right type that is not acceptable."),
    "date.invalid": (Severity.ERROR, "A text that is not a date in any accepted form."),
    "id.empty": (Severity.ERROR, "An id that is empty or only white space."),
    "count.negative": (Severity.ERROR, "A count or amount below zero."),
    "range.reversed": (Severity.ERROR, "A record that certainly ends before it starts."),
    "article.malformed": (Severity.ERROR, "A Criminal Code article number of the wrong shape."),
    "term.out_of_range": (Severity.ERROR, "A term component outside its range."),
    "field.inconsistent": (Severity.ERROR, "Fields of one record that contradict each other."),
    "text.unencodable": (
        Severity.ERROR,
        "A text holding a lone surrogate (U+D800 to U+DFFF): no UTF-8 file can hold it.",
    ),
    "count.too_large": (
        Severity.ERROR,
        "A count or amount of 10^18 or more: CSV, DataFrames and databases cannot hold it.",
    ),
    # -- files -----------------------------------------------------------------------------
    "file.unreadable": (Severity.ERROR, "The file cannot be read (missing, a folder, no access)."),
    "file.encoding": (Severity.ERROR, "The file is not UTF-8 text."),
    "file.syntax": (Severity.ERROR, "The file is not well-formed JSON or CSV."),
    "format.unknown": (Severity.ERROR, "The document is not in a format this library knows."),
    "format.version": (Severity.ERROR, "The document's format version is newer than supported."),
    "csv.columns": (Severity.ERROR, "A CSV table lacks a column or has one it should not."),
    "csv.row_length": (Severity.ERROR, "A CSV row has more or fewer cells than the header."),
    "table.missing": (Severity.ERROR, "A table that the data package names is missing."),
    "key.duplicate": (
        Severity.ERROR,
        "A JSON object (a document, a record, the data package descriptor) names a key twice.",
    ),
    "limit.exceeded": (
        Severity.ERROR,
        (
            "An input larger than a reading limit (Limits): file or unzipped size, compression "
            "ratio, rows, cell or string length, nesting."
        ),
    ),
    "package.path": (
        Severity.ERROR,
        (
            "A resource path that leaves the package (absolute, '..', a URL, a symbolic link) or "
            "names no regular file."
        ),
    ),
    "package.unlisted": (
        Severity.ERROR,
        (
            "A CSV file in the package that the descriptor does not list, or a resource that "
            "names no table of this library."
        ),
    ),
    "package.duplicate": (
        Severity.ERROR,
        "A table the descriptor lists twice, or a zip member name that appears twice.",
    ),
    # -- dataset integrity -----------------------------------------------------------------
    "id.duplicate": (Severity.ERROR, "Two records of one type share an id."),
    "ref.unresolved": (Severity.ERROR, "A reference to a record that does not exist."),
    "ref.dropped": (
        Severity.ERROR,
        "A record refers to a record that lenient loading rejected, so it is rejected too.",
    ),
    "custody.overlap": (Severity.ERROR, "Two custody spells of one person certainly overlap."),
    "pardon.wave_date": (
        Severity.ERROR,
        "A spell ended by pardon cannot have ended on its pardon wave's date.",
    ),
    "date.after_as_of": (Severity.ERROR, "A date certainly after the dataset's as_of."),
    "date.after_death": (
        Severity.ERROR,
        "A record certainly dated after the person died in custody.",
    ),
    "birth.after_arrest": (Severity.ERROR, "A person certainly born after an arrest."),
    "verdict.before_arrest": (
        Severity.WARNING,
        "A verdict certainly before the first arrest of the person (kept as a source says).",
    ),
    "age.implausible": (
        Severity.WARNING,
        "An age at arrest below 14 or above 100 (kept as the source says).",
    ),
    "release.undated": (
        Severity.WARNING,
        "A spell that ended on an unknown day (kept; the end is a range).",
    ),
    "appeal.before_verdict": (Severity.WARNING, "An appeal certainly before the verdict."),
    "arrest.undated": (
        Severity.WARNING,
        (
            "A custody spell whose arrest date is missing: it began some day up to the "
            "verdict (or the export), and counts show the person as possibly held."
        ),
    ),
    # -- importers -------------------------------------------------------------------------
    "merge.conflict": (
        Severity.WARNING,
        "Two linked records of one person state a fact differently (the left one is kept).",
    ),
    "merge.left_out": (
        Severity.WARNING,
        "A record of a merge input certainly dated after the merged as_of, left out.",
    ),
    "merge.date_cut": (
        Severity.WARNING,
        "A merge input's date after the merged as_of, removed (a later end leaves it open).",
    ),
    "merge.end_unknown": (
        Severity.WARNING,
        "A spell or observation left open before the merged as_of: now it ends some day after.",
    ),
    "merge.undated": (
        Severity.WARNING,
        "An undated recognition or verdict of a merge input, dated 'by its as_of'.",
    ),
    "name.order": (
        Severity.WARNING,
        "A name whose order (given name first or surname first) could not be told.",
    ),
}


def shorten(value: object, width: int = VALUE_WIDTH) -> str:
    """Return ``repr(value)`` cut to *width* characters, marking the cut with an ellipsis.

    The work is bounded by *width*, not by the value: a long text or byte string is cut
    before it is shown, a container is shown only as deep and as long as the cut keeps.
    ``repr`` escapes quotes, control characters and invisible ones.
    """
    try:
        text = _bounded_repr(value, width)
    except (ValueError, RecursionError, MemoryError):  # e.g. an integer of 5,000 digits
        text = f"<{type(value).__name__}>"
    if len(text) <= width:
        return text
    return text[: width - 1] + "…"


def _excerpt(text: str | None, width: int) -> str | None:
    """*text* as a problem keeps it: at most *width* characters, invisible ones escaped.

    Values are shortened where problems are made (:func:`shorten`); this is the guarantee
    for every problem, whatever made it.
    """
    if text is None or (len(text) <= width and text.isprintable()):
        return text
    head = str(text)[: width + 1]
    if not head.isprintable():
        head = "".join(c if c.isprintable() else repr(c)[1:-1] for c in head)
    return head if len(head) <= width else head[: width - 1] + "…"


def _record_excerpt(text: str | None) -> str | None:
    return _excerpt(text, 120)


def _message_excerpt(text: str) -> str:
    return _excerpt(text, MESSAGE_WIDTH) or ""


def _value_excerpt(text: str | None) -> str | None:
    return _excerpt(text, VALUE_WIDTH)


def _bounded_repr(value: object, width: int) -> str:
    if isinstance(value, str | bytes | bytearray):
        return repr(value[: width + 1])
    if isinstance(value, list | tuple | dict | set | frozenset):
        import reprlib  # noqa: PLC0415 - needed only for a container

        shown = reprlib.Repr()
        shown.maxlevel = 8
        shown.maxlist = shown.maxtuple = shown.maxdict = shown.maxset = shown.maxfrozenset = width
        shown.maxstring = shown.maxlong = shown.maxother = 4 * width
        return shown.repr(value)
    return repr(value)


@attrs.frozen
class Location:
    """Where a problem is: as much of file, table, row, record and field as is known.

    Attributes:
        file: The path of the file, as given.
        table: The table (CSV) or collection (JSON document) name.
        row: The line number in a CSV file (the header is line 1), or the index in a JSON list.
        record: The id of the record, when it has one.
        path: The JSON path of the field, such as ``$.persons[3].birth``.
    """

    file: str | None = None
    table: str | None = None
    row: int | None = None
    record: str | None = attrs.field(default=None, converter=_record_excerpt)
    path: str | None = None

    def __str__(self) -> str:
        parts = []
        if self.file is not None:
            parts.append(self.file)
        if self.table is not None:
            parts.append(f"table {self.table}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.record is not None:  # an id read from a file: shown short and escaped
            parts.append(f"record {shorten(self.record)}")
        if self.path is not None:
            path = self.path
            parts.append(path if len(path) <= 120 and path.isprintable() else shorten(path, 120))
        return ", ".join(parts) or "(input)"


@attrs.frozen
class Problem:
    """One thing wrong with an input, located.

    Attributes:
        code: A stable code from :data:`CODES`, such as ``date.invalid``.
        message: What is wrong, in a sentence.
        location: Where it is.
        value: The offending input, shortened (see :func:`shorten`), or ``None``.
        severity: ``error`` or ``warning``; by default the code's severity.
    """

    code: str
    message: str = attrs.field(converter=_message_excerpt)
    location: Location = Location()
    value: str | None = attrs.field(default=None, converter=_value_excerpt)
    severity: Severity = attrs.field()

    @severity.default
    def _default_severity(self) -> Severity:
        return CODES[self.code][0] if self.code in CODES else Severity.ERROR

    def __str__(self) -> str:
        text = f"{self.severity.value} [{self.code}] {self.location}: {self.message}"
        if self.value is not None:
            text += f" (got {self.value})"
        return text

    def at(self, **where: str | int | None) -> Problem:
        """Return a copy with location fields filled in where they are still unknown.

        Args:
            **where: Location fields (``file``, ``table``, ``row``, ``record``, ``path``).

        Returns:
            The problem with the given fields set, keeping any already known.
        """
        location = self.location
        fill = {
            key: value
            for key, value in where.items()
            if value is not None and getattr(location, key) is None
        }
        if not fill:
            return self
        return attrs.evolve(self, location=attrs.evolve(location, **fill))  # type: ignore[arg-type]

    def under(self, prefix: str) -> Problem:
        """Return a copy whose field path is placed under the JSON path *prefix*."""
        path = self.location.path
        if path is None or path in ("", "$"):
            new = prefix
        elif path.startswith("$"):
            new = prefix + path[1:]
        elif path.startswith("["):
            new = prefix + path
        else:
            new = f"{prefix}.{path}"
        return attrs.evolve(self, location=attrs.evolve(self.location, path=new))


@attrs.frozen
class Report:
    """Every problem found in one input.

    A report is true when the input has no errors (warnings allowed).

    Attributes:
        problems: The problems, in the order they were found.
        source: What was checked (a file path), when known.
    """

    problems: tuple[Problem, ...] = ()
    source: str | None = None

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The problems of severity ``error``."""
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """The problems of severity ``warning``."""
        return tuple(p for p in self.problems if p.severity is Severity.WARNING)

    @property
    def ok(self) -> bool:
        """Whether the input has no errors."""
        return not any(p.severity is Severity.ERROR for p in self.problems)

    def __bool__(self) -> bool:
        return self.ok

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.problems)

    def __len__(self) -> int:
        return len(self.problems)

    def summary(self) -> str:
        """One line: how many errors and warnings, and in what."""
        where = f" in {self.source}" if self.source else ""
        n_err, n_warn = len(self.errors), len(self.warnings)
        return f"{n_err} error{'s' * (n_err != 1)}, {n_warn} warning{'s' * (n_warn != 1)}{where}"

    def __str__(self) -> str:
        return "\n".join([*(str(p) for p in self.problems), self.summary()])


class BelarusRepressionError(Exception):
    """The base class of every exception this library raises on purpose."""


class ValidationError(BelarusRepressionError, ValueError):
    """Input data that cannot be used as it is.

    Catch it as :class:`ValueError` or as :class:`BelarusRepressionError`.

    Attributes:
        problems: Every problem found, errors and warnings alike.
    """

    def __init__(self, problems: Iterable[Problem], source: str | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.source = source
        super().__init__(self.problems)

    @property
    def report(self) -> Report:
        """The problems as a :class:`Report`."""
        return Report(self.problems, self.source)

    def __str__(self) -> str:
        shown = self.problems[:20]
        lines = [str(p) for p in shown]
        if len(self.problems) > len(shown):
            lines.append(f"… and {len(self.problems) - len(shown)} more")
        head = self.report.summary()
        return head + (":\n" + "\n".join(lines) if lines else "")

    def __reduce__(self) -> tuple[type[ValidationError], tuple[tuple[Problem, ...], str | None]]:
        return (type(self), (self.problems, self.source))


class HorizonError(BelarusRepressionError, ValueError):
    """A question about a day after the dataset's ``as_of``, which the data cannot answer.

    An open custody spell means "held on as_of", not "held forever".

    Attributes:
        day: The day asked about.
        as_of: The dataset's horizon.
    """

    def __init__(self, day: object, as_of: object, what: str = "a day") -> None:
        self.day = day
        self.as_of = as_of
        self.what = what
        super().__init__(day, as_of, what)

    def __str__(self) -> str:
        return (
            f"{self.what} {self.day} is after the dataset's as_of {self.as_of}: the data says "
            "nothing about it (an open custody spell means 'held on as_of', not 'held forever')"
        )


class UnknownKeyError(BelarusRepressionError, LookupError):
    """A filter or breakdown key, or a value of one, that the library does not know.

    Attributes:
        key: What was asked for.
        known: What would have been accepted.
    """

    def __init__(self, key: object, known: Iterable[object], what: str = "key") -> None:
        self.key = key
        self.known = tuple(known)
        self.what = what
        super().__init__(key, self.known, what)

    def __str__(self) -> str:
        return f"unknown {self.what} {self.key!r}; known: {', '.join(map(str, self.known))}"
