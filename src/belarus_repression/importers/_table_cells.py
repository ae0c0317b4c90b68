"""Reading one cell of a table: a missing value, or the values of its field, or why not.

Every reader here is a thin use of the library's one reader of each thing: dates by
:func:`~belarus_repression._dates.read_partial_date`, articles by
:func:`~belarus_repression._articles.read_article`, names by :meth:`Name.parse
<belarus_repression.Name.parse>`, terms by the Viasna importer's reader of a term.  Nothing is
guessed: a value that none of them reads is reported with the reason.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import operator
import re
from typing import Final

import attrs

from .._articles import read_article
from .._dates import read_partial_date
from .._errors import ValidationError
from .._models import Name
from .._vocab import Recognition
from ._table_mapping import MULTI, VOCABULARIES, Column, ColumnMapping, kind_of, value_key
from ._viasna_fields import parse_decision

__all__ = ["Read", "as_text", "check_target", "is_missing", "read_cell"]

_TRUE: Final = frozenset({"true", "yes", "y", "1", "да", "так"})
_FALSE: Final = frozenset({"false", "no", "n", "0", "нет", "не"})
_COUNTRY: Final = re.compile(r"[A-Z]{2}")


class _Unread(Exception):  # noqa: N818 - a private signal, never seen outside this module
    """A value that could not be read, and why."""


@attrs.frozen
class Read:
    """What one cell gave.

    Attributes:
        values: The values understood (one for a single-valued field).
        failed: ``(piece, why)`` for each value that could not be read.
        nothing: Whether the mapping says the cell's value means "no value".
    """

    values: tuple[object, ...] = ()
    failed: tuple[tuple[str, str], ...] = ()
    nothing: bool = False


def is_missing(value: object) -> bool:
    """``None``, NaN, ``NaT``, ``pandas.NA`` and blank text are missing values, never text."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if type(value).__name__ in ("NAType", "NaTType"):
        return True
    if isinstance(value, float) or type(value).__module__ == "numpy":
        try:
            return bool(value != value)  # noqa: PLR0124 - NaN is the value not equal to itself
        except (TypeError, ValueError):  # an array: not a cell's value
            return False
    return False


def as_text(value: object) -> str:
    """A cell's value as the text a person typed: ``17.0`` is ``17``, a date is ISO."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, numbers.Integral):
        return str(operator.index(value))
    if isinstance(value, numbers.Real):
        number = float(value)
        return str(int(number)) if number.is_integer() else str(number)
    return str(value).strip()


_NOT_FOUND: Final = object()


def _lookup(column: Column, mapping: ColumnMapping | None, text: str) -> object:
    key = value_key(text)
    if key in column.values:
        return column.values[key]
    if mapping is not None and column.field is not None:
        own = mapping.values.get(column.field, {})
        if key in own:
            return own[key]
    return _NOT_FOUND


def read_cell(column: Column, mapping: ColumnMapping, raw: object) -> Read:
    """Read a cell that holds a value: by the mapping's values first, then the field's reader."""
    field = column.field
    assert field is not None
    native = isinstance(raw, dt.date) or type(raw).__name__ == "datetime64"
    text = as_text(raw)
    target = _NOT_FOUND if native else _lookup(column, mapping, text)
    if field in MULTI:
        if target is _NOT_FOUND:
            separator = column.separator or mapping.separator
            pieces: list[object] = []
            for part in (p.strip() for p in text.split(separator)):
                if part:
                    found = _lookup(column, mapping, part)
                    pieces.extend(_as_list(part if found is _NOT_FOUND else found))
        else:
            pieces = _as_list(target)
        if not pieces:
            return Read(nothing=True)
        values: list[object] = []
        failed: list[tuple[str, str]] = []
        for piece in pieces:
            try:
                each = _read(column, piece)
            except _Unread as exc:
                failed.append((as_text(piece), str(exc)))
                continue
            if each not in values:
                values.append(each)
        return Read(tuple(values), tuple(failed))
    value: object = raw if native else text if target is _NOT_FOUND else target
    if value == "":
        return Read(nothing=True)
    try:
        return Read((_read(column, value),))
    except _Unread as exc:
        return Read(failed=((text, str(exc)),))


def _numeric(value: object) -> bool:
    return isinstance(value, numbers.Number)


def _as_list(target: object) -> list[object]:
    if isinstance(target, list | tuple):
        return [t for t in target if t != ""]
    return [] if target == "" else [target]


def check_target(field: str, target: object) -> str | None:
    """Why *target* cannot be what a raw value of *field* means, or ``None`` when it can."""
    if isinstance(target, list):
        if field not in MULTI:
            return f"{field!r} holds one value, not a list"
        targets: list[object] = list(target)
    else:
        targets = [target]
    column = Column("", field)
    for each in targets:
        if each == "":
            continue  # "no value"
        if not isinstance(each, str | bool | int | float | dt.date):
            return "expected text, a number, a date or true / false"
        try:
            _read(column, each)
        except _Unread as exc:
            return f"it maps to a value that is not one of the field's: {exc}"
    return None


def _read(column: Column, value: object) -> object:
    """The value of one piece of a cell, by its field's kind; raises _Unread."""
    field = column.field
    assert field is not None
    kind = kind_of(field)
    if kind == "date":
        value = value if isinstance(value, dt.date) or not _numeric(value) else as_text(value)
        try:
            return read_partial_date(value, field)
        except ValidationError as exc:
            raise _Unread(exc.problems[0].message) from None
    if kind in ("bool", "recognition"):
        flag = _flag(value)
        if kind == "bool":
            if flag is None:
                raise _Unread("expected yes or no (true / false, да / нет, 1 / 0)")
            return flag
        if flag is not None:
            return Recognition.RECOGNIZED if flag else Recognition.NOT_RECOGNIZED
    text = as_text(value)
    if kind == "text":
        return text
    if kind == "name":
        try:
            return Name.parse(text, lang=column.lang, system=column.system)
        except ValidationError as exc:
            raise _Unread(exc.problems[0].message) from None
    if kind in ("enum", "recognition"):
        vocab = VOCABULARIES[field]
        member = vocab._value2member_map_.get(re.sub(r"[\s\-]+", "_", text.casefold()))
        if member is None:
            raise _Unread(
                f"expected one of {', '.join(vocab)}; say what it means in "
                f"the mapping's values for {field!r}"
            )
        return member
    if kind == "country":
        code = text.upper()
        if not _COUNTRY.fullmatch(code):
            raise _Unread("expected an ISO 3166 alpha-2 country code such as BY")
        return code
    if kind == "article":
        try:
            return read_article(text, "any")
        except ValidationError as exc:
            try:  # a citation with the article's title after it
                return read_article(text, "cited")
            except ValidationError:
                raise _Unread(exc.problems[0].message) from None
    if kind == "term":
        term, fine, why = parse_decision(text)
        if why is not None:
            raise _Unread(f"{why} (such as '2 years 6 months', '4 1/2 years', '18 months')")
        return term if term is not None else fine
    return _number(value)


def _flag(value: object) -> bool | None:
    if isinstance(value, bool) or type(value).__name__ in ("bool_", "bool"):
        return bool(value)
    text = as_text(value).casefold()
    return True if text in _TRUE else False if text in _FALSE else None


def _number(value: object) -> float:
    if isinstance(value, bool):
        raise _Unread("expected a number")
    if _numeric(value):
        number = float(value)  # type: ignore[arg-type]
    else:
        try:
            number = float(as_text(value).replace(",", "."))
        except ValueError:
            raise _Unread("expected a number") from None
    if not math.isfinite(number) or number < 0:
        raise _Unread("expected a number from 0")
    return number
