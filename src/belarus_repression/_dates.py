"""Partial dates: a day known only within bounds.

Sources say "August 2020", "around 2021" or "some day between the arrest and the export".
A :class:`PartialDate` keeps exactly what is known: the earliest and the latest day it can be,
the calendar precision the source gave, and the EDTF qualifiers ``?`` (uncertain) and ``~``
(approximate), which are shown but never move the bounds.

Comparisons never guess.  There is no ``<`` between partial dates; ask instead whether one is
*certainly* or *possibly* before another (:meth:`PartialDate.certainly_before`,
:meth:`PartialDate.possibly_before`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Final, TypeAlias

import attrs

from ._errors import Problem, ValidationError, shorten

if TYPE_CHECKING:
    import numpy as np

__all__ = ["DateLike", "PartialDate", "Precision", "Qualifier", "read_day", "read_partial_date"]

_ONE_DAY: Final = dt.timedelta(days=1)


class Precision(enum.StrEnum):
    """The calendar precision a source gave for a date."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"
    #: One day somewhere in a closed range of days (EDTF level 2 "one of a set").
    RANGE = "range"


class Qualifier(enum.StrEnum):
    """EDTF qualifiers. They are kept and shown but do not move a date's bounds."""

    UNCERTAIN = "?"
    APPROXIMATE = "~"
    #: Both uncertain and approximate.
    BOTH = "%"


_ISO = re.compile(r"(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?")
_DAY_FIRST = re.compile(r"(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>\d{4})")
_MONTH_YEAR = re.compile(r"(?P<m>\d{1,2})[./](?P<y>\d{4})")
_HAS_LETTER = re.compile(r"[^\W\d_]")

#: No date text is longer: the longest form, ``[September 30, 2020..September 30, 2021]``,
#: has 42 characters.  A longer text is refused before any pattern looks at it, so that
#: parsing takes time bounded by this, whatever the input.
MAX_DATE_TEXT: Final = 64


def _invalid(text: object, why: str) -> ValidationError:
    return ValidationError(
        [Problem("date.invalid", f"not a date: {why}", value=shorten(text))],
    )


def _day(text: str, year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise _invalid(text, str(exc)) from None


def _month_bounds(text: str, year: int, month: int) -> tuple[dt.date, dt.date]:
    if not 1 <= month <= 12:
        raise _invalid(text, f"month {month} is not 1-12")
    if not 1 <= year <= 9999:
        raise _invalid(text, f"year {year} is out of range")
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, 1), dt.date(year, month, last)


@attrs.frozen(order=False)
class PartialDate:
    """A day known only within bounds.

    Build one with :meth:`parse`, :meth:`day`, :meth:`month`, :meth:`year` or
    :meth:`between`; ``str()`` gives the canonical text form (``2020``, ``2020-08``,
    ``2020-08-09``, ``[2020-11-12..2023-02-10]``, each optionally followed by ``?``, ``~`` or
    ``%``).

    Attributes:
        earliest: The earliest day the date can be.
        latest: The latest day the date can be (equal to *earliest* for an exact day).
        precision: The calendar precision the source gave.
        qualifier: An EDTF qualifier, or ``None``.

    .. versionadded:: 0.1.0
    """

    earliest: dt.date
    latest: dt.date
    precision: Precision = Precision.DAY
    qualifier: Qualifier | None = None

    def __attrs_post_init__(self) -> None:
        problem = self._shape_problem()
        if problem is not None:
            raise ValidationError([Problem("date.invalid", problem, value=shorten(self))])

    def _shape_problem(self) -> str | None:
        e, la = self.earliest, self.latest
        if type(e) is not dt.date or type(la) is not dt.date:
            return "earliest and latest must be datetime.date objects"
        if la < e:
            return f"the range ends ({la}) before it starts ({e})"
        if self.precision is Precision.DAY and e != la:
            return "a day-precision date must have earliest == latest"
        if self.precision is Precision.MONTH and (e.day != 1 or la != _month_end(e)):
            return "a month-precision date must span exactly one calendar month"
        if self.precision is Precision.YEAR and (
            (e.month, e.day) != (1, 1) or la != dt.date(e.year, 12, 31)
        ):
            return "a year-precision date must span exactly one calendar year"
        return None

    # -- constructors -------------------------------------------------------------------------

    @classmethod
    def day(cls, value: dt.date, qualifier: Qualifier | None = None) -> PartialDate:
        """An exactly known day."""
        return cls(value, value, Precision.DAY, qualifier)

    @classmethod
    def month(cls, year: int, month: int, qualifier: Qualifier | None = None) -> PartialDate:
        """Some day of a calendar month."""
        first, last = _month_bounds(f"{year:04d}-{month:02d}", year, month)
        return cls(first, last, Precision.MONTH, qualifier)

    @classmethod
    def year(cls, year: int, qualifier: Qualifier | None = None) -> PartialDate:
        """Some day of a calendar year."""
        if not 1 <= year <= 9999:
            raise _invalid(year, f"year {year} is out of range")
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31), Precision.YEAR, qualifier)

    @classmethod
    def between(cls, earliest: dt.date, latest: dt.date) -> PartialDate:
        """One day somewhere in the closed range ``[earliest, latest]``."""
        if earliest == latest:
            return cls.day(earliest)
        return cls(earliest, latest, Precision.RANGE)

    @classmethod
    def coerce(cls, value: object) -> PartialDate:
        """Turn any form a user writes for a date into a :class:`PartialDate`.

        Accepted: a partial date; text in any form :meth:`parse` reads; and one day as a
        :class:`datetime.date`, :class:`datetime.datetime`, ``pandas.Timestamp`` or
        ``numpy.datetime64`` (see :func:`~belarus_repression.read_day`).

        Raises:
            ValidationError: with code ``date.invalid`` for text that is not a date or a
                missing timestamp, ``type.invalid`` for any other type.
        """
        return read_partial_date(value)

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse the canonical text form or a form that sources write.

        Accepted: ``2020``, ``2020-08``, ``2020-08-09``, ``[2020-11-12..2023-02-10]`` (the ends
        may themselves be years or months), each with an optional trailing ``?``, ``~`` or ``%``;
        and, day first, ``09.08.2020``, ``9/8/2020``, ``08.2020``, ``Aug 2020``,
        ``9 August 2020``, ``August 9, 2020``.

        Raises:
            ValidationError: with code ``date.invalid`` for any text that is not a date.  A
                date is never guessed: a text without a year, with a month over 12 or a day
                that does not exist is an error.
        """
        if not isinstance(text, str):
            raise _invalid(text, f"expected text, got {type(text).__name__}")
        s = text.strip()
        if len(s) > MAX_DATE_TEXT:
            raise _invalid(text, f"longer than any date ({MAX_DATE_TEXT} characters)")
        qualifier: Qualifier | None = None
        if s and s[-1] in "?~%":
            qualifier = Qualifier(s[-1])
            s = s[:-1].rstrip()
        if not s:
            raise _invalid(text, "empty text")
        if s[0] == "[":
            if qualifier is not None:
                raise _invalid(text, "a range takes no qualifier")
            a, b = _range_ends(s, text)
            first, last = cls._parse_plain(a, text), cls._parse_plain(b, text)
            if last.latest < first.earliest:
                raise _invalid(text, "the range ends before it starts")
            return cls.between(first.earliest, last.latest)
        date = cls._parse_plain(s, text)
        return date if qualifier is None else attrs.evolve(date, qualifier=qualifier)

    @classmethod
    def _parse_plain(cls, s: str, text: str) -> PartialDate:
        if m := _ISO.fullmatch(s):
            year = int(m["y"])
            if m["d"] is not None:
                return cls.day(_day(text, year, int(m["m"]), int(m["d"])))
            if m["m"] is not None:
                return cls.month(*_checked_month(text, year, int(m["m"])))
            if year == 0:
                raise _invalid(text, "year 0 does not exist")
            return cls.year(year)
        if m := _DAY_FIRST.fullmatch(s):
            return cls.day(_day(text, int(m["y"]), int(m["m"]), int(m["d"])))
        if m := _MONTH_YEAR.fullmatch(s):
            return cls.month(*_checked_month(text, int(m["y"]), int(m["m"])))
        if _HAS_LETTER.search(s):
            return _parse_words(s, text)
        raise _invalid(text, "not in a known date form")

    # -- views --------------------------------------------------------------------------------

    @property
    def is_exact(self) -> bool:
        """Whether the date is one known day."""
        return self.earliest == self.latest

    @property
    def span_days(self) -> int:
        """How many days the date can be (1 for an exact day)."""
        return (self.latest - self.earliest).days + 1

    def days(self) -> Iterator[dt.date]:
        """Every day the date can be, earliest first (its exact refinements)."""
        day = self.earliest
        while True:
            yield day
            if day == self.latest:
                return
            day += _ONE_DAY

    def __contains__(self, other: object) -> bool:
        """Whether every day *other* (a date or partial date) can be is a day this can be."""
        if isinstance(other, PartialDate):
            return self.earliest <= other.earliest and other.latest <= self.latest
        if isinstance(other, dt.date) and not isinstance(other, dt.datetime):
            return self.earliest <= other <= self.latest
        return False

    # -- comparisons that never guess ---------------------------------------------------------

    def certainly_before(self, other: DateLike) -> bool:
        """Whether every day this date can be is before every day *other* can be."""
        return self.latest < _bounds(other)[0]

    def possibly_before(self, other: DateLike) -> bool:
        """Whether some day this date can be is before some day *other* can be."""
        return self.earliest < _bounds(other)[1]

    def certainly_after(self, other: DateLike) -> bool:
        """Whether every day this date can be is after every day *other* can be."""
        return self.earliest > _bounds(other)[1]

    def possibly_after(self, other: DateLike) -> bool:
        """Whether some day this date can be is after some day *other* can be."""
        return self.latest > _bounds(other)[0]

    def overlaps(self, other: DateLike) -> bool:
        """Whether the two dates can be the same day."""
        earliest, latest = _bounds(other)
        return self.earliest <= latest and earliest <= self.latest

    # -- text ---------------------------------------------------------------------------------

    def __str__(self) -> str:
        e = self.earliest
        if self.precision is Precision.RANGE:
            return f"[{e.isoformat()}..{self.latest.isoformat()}]"
        if self.precision is Precision.YEAR:
            text = f"{e.year:04d}"
        elif self.precision is Precision.MONTH:
            text = f"{e.year:04d}-{e.month:02d}"
        else:
            text = e.isoformat()
        return text + (self.qualifier.value if self.qualifier else "")

    def __repr__(self) -> str:
        return f"PartialDate({str(self)!r})"


#: What the library accepts where it needs a date: a day, a text or a partial date.
#: ``datetime`` and ``pandas.Timestamp`` (both ``date`` subclasses) and ``numpy.datetime64``
#: are read as the day they fall on.
DateLike: TypeAlias = "PartialDate | dt.date | str | np.datetime64"

_NAMED_PRECISION: Final = {Precision.YEAR: "a year", Precision.MONTH: "a month"}


def _type_problem(value: object, expected: str, name: str | None) -> ValidationError:
    problem = Problem(
        "type.invalid", f"expected {expected}, got {type(value).__name__}", value=shorten(value)
    )
    return ValidationError([problem.at(path=name)])


def _timestamp_day(value: object, name: str | None) -> dt.date | None:
    """The day of a datetime-like value that is not text; ``None`` if it is not one."""
    if isinstance(value, dt.datetime):  # pandas.Timestamp is a datetime too
        if value != value:  # pandas.NaT, which claims to be a datetime  # noqa: PLR0124
            raise ValidationError(
                [Problem("date.invalid", "a missing timestamp (NaT) is not a day").at(path=name)]
            )
        return value.date()
    if type(value).__name__ == "datetime64" and type(value).__module__ == "numpy":
        day = value.astype("datetime64[D]").item()  # type: ignore[attr-defined]
        if day is None:
            raise ValidationError(
                [Problem("date.invalid", "a missing timestamp (NaT) is not a day").at(path=name)]
            )
        if type(day) is not dt.date:  # a year beyond 9999 gives an int
            raise ValidationError(
                [
                    Problem(
                        "date.invalid", "not a day between years 1 and 9999", value=shorten(value)
                    ).at(path=name)
                ]
            )
        return day
    return None


def read_day(value: object, name: str | None = None) -> dt.date:
    """Read one exact day from any form a user writes for it.

    This is the one reader of "a day" in the library: the counts, the command line, the
    importers and :func:`~belarus_repression.synthetic` all use it.

    Args:
        value: A :class:`datetime.date`; a :class:`datetime.datetime`, ``pandas.Timestamp``
            or ``numpy.datetime64`` (the day it falls on, in its own time zone); an exact
            :class:`PartialDate`; or text that names one day in any form
            :meth:`PartialDate.parse` reads (``2021-03-01``, ``01.03.2021``, ``1 March 2021``).
        name: What the value is (``start``, ``--as-of``), used to locate a problem.

    Returns:
        The day.

    Raises:
        ValidationError: with code ``date.invalid`` for text that is not a date, a date
            that is not one exact day (``"2021"`` is a whole year: write the day you mean)
            or a missing timestamp; ``type.invalid`` for any other type.

    .. versionadded:: 0.2.0
    """
    if type(value) is dt.date:
        return value
    day = _timestamp_day(value, name)
    if day is not None:
        return day
    if isinstance(value, dt.date):  # a date subclass
        return dt.date(value.year, value.month, value.day)
    if isinstance(value, str):
        try:
            value = PartialDate.parse(value)
        except ValidationError as exc:
            raise ValidationError([p.at(path=name) for p in exc.problems]) from None
    if isinstance(value, PartialDate):
        if value.is_exact:
            return value.earliest
        what = _NAMED_PRECISION.get(value.precision, "a range of days")
        raise ValidationError(
            [
                Problem(
                    "date.invalid",
                    f"must be one exact day, not {what} ({value}): write the day you mean",
                    value=shorten(str(value)),
                ).at(path=name)
            ]
        )
    raise _type_problem(value, "a day (a date, or text such as 2021-03-01)", name)


def read_partial_date(value: object, name: str | None = None) -> PartialDate:
    """Read a :class:`PartialDate` from any form a user writes for a date.

    Args:
        value: A partial date, text in any form :meth:`PartialDate.parse` reads, or one day
            in any form :func:`read_day` reads.
        name: What the value is, used to locate a problem.

    Raises:
        ValidationError: as :func:`read_day` does, but text may name a month, a year or a
            range.

    .. versionadded:: 0.2.0
    """
    if type(value) is PartialDate:
        return value
    if isinstance(value, str):
        try:
            return PartialDate.parse(value)
        except ValidationError as exc:
            raise ValidationError([p.at(path=name) for p in exc.problems]) from None
    if isinstance(value, dt.date | PartialDate) or _timestamp_day(value, name) is not None:
        return PartialDate.day(read_day(value, name))
    raise _type_problem(value, "a date (text such as 2021-03 or 2021-03-01, or a date)", name)


def _bounds(value: DateLike) -> tuple[dt.date, dt.date]:
    """The earliest and latest day of a partial date, a day or a date text."""
    if type(value) is PartialDate:
        return value.earliest, value.latest
    if type(value) is dt.date:
        return value, value
    date = PartialDate.coerce(value)
    return date.earliest, date.latest


def _month_end(day: dt.date) -> dt.date:
    return dt.date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def _range_ends(s: str, text: str) -> tuple[str, str]:
    """The two ends of ``[A..B]``, split at the first ``..``; in one pass, without a pattern.

    A pattern with two lazy groups tried every split of a long text of dots, in time
    quadratic in its length.
    """
    inner = s[1:-1] if s[-1] == "]" else None
    if inner is None or "[" in inner or "]" in inner:
        raise _invalid(text, "a range is written [A..B]")
    a, dots, b = inner.partition("..")
    a, b = a.strip(), b.strip()
    if not dots or not a or not b:
        raise _invalid(text, "a range is written [A..B]")
    return a, b


def _checked_month(text: str, year: int, month: int) -> tuple[int, int]:
    _month_bounds(text, year, month)
    return year, month


# Two defaults that differ in every component tell which components a text leaves out.
_DEFAULTS: Final = (dt.datetime(1904, 1, 1), dt.datetime(1908, 2, 2))


def _parse_words(s: str, text: str) -> PartialDate:
    """Parse a date written with a month name (``Aug 2020``, ``9 August 2020``) by dateutil."""
    from dateutil import parser  # noqa: PLC0415 - keeps dateutil off the import path

    try:
        first, second = (parser.parse(s, dayfirst=True, default=d) for d in _DEFAULTS)
    except (ValueError, OverflowError, TypeError) as exc:
        # dateutil repeats the text after a colon: the problem's value shows it, escaped.
        raise _invalid(text, str(exc).split(":", 1)[0] or "not understood") from None
    if first.time() != dt.time() or second.time() != dt.time() or first.tzinfo is not None:
        raise _invalid(text, "a date must not carry a time of day")
    if first.year != second.year:
        raise _invalid(text, "no year given")
    if first.month != second.month:
        raise _invalid(text, "no month given")
    if first.day != second.day:
        return PartialDate.month(first.year, first.month)
    return PartialDate.day(first.date())
