"""Records convert or refuse at construction.

Every record type (and :class:`~belarus_repression.Dataset`) accepts, for each field, the
forms a user naturally writes: an enum's value as text, a date as text, ``date``,
``datetime``, ``pandas.Timestamp`` or ``numpy.datetime64``, a nested record as a mapping,
a collection as a list, tuple or set.  Anything else is refused with a
:class:`~belarus_repression.ValidationError` that lists every bad field of the record at
once, with the codes :func:`~belarus_repression.structure` uses.

Values that already have the right type cost one generated type test per field
(:func:`typed_test`); only a record that fails it takes the converting path
(:func:`convert_fields`).
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import operator
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final

import attrs

from ._dates import PartialDate, read_day, read_partial_date
from ._errors import Problem, ValidationError, shorten

__all__ = ["convert_fields", "typed_test"]

_SCALAR_NAMES: Final = {
    str: "text",
    int: "an integer",
    bool: "True or False",
}


def _optional_inner(tp: Any) -> Any | None:
    args = typing.get_args(tp)
    if (
        typing.get_origin(tp) in (typing.Union, types.UnionType)
        and len(args) == 2
        and type(None) in args
    ):
        return next(a for a in args if a is not type(None))
    return None


# -- the fast test: one generated expression per record type -----------------------------------


class _Source:
    """Builds the text of a type test, naming each type it refers to."""

    def __init__(self) -> None:
        self.names: dict[str, object] = {}
        self.depth = 0

    def name_of(self, tp: object) -> str:
        name = f"_t{len(self.names)}"
        self.names[name] = tp
        return name

    def test(self, tp: Any, var: str) -> str:
        inner = _optional_inner(tp)
        if inner is not None:
            return f"({var} is None or {self.test(inner, var)})"
        origin, args = typing.get_origin(tp), typing.get_args(tp)
        if origin in (tuple, frozenset):
            self.depth += 1
            item = f"_x{self.depth}"
            kind = "tuple" if origin is tuple else "frozenset"
            if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
                parts = [f"type({var}) is tuple", f"len({var}) == {len(args)}"]
                parts += [self.test(a, f"{var}[{i}]") for i, a in enumerate(args)]
                return "(" + " and ".join(parts) + ")"
            each = self.test(args[0], item)
            # "not v or": an empty collection, the most common, skips making a generator
            return f"(type({var}) is {kind} and (not {var} or all({each} for {item} in {var})))"
        return f"type({var}) is {self.name_of(tp)}"


def typed_test(cls: type[Any]) -> Callable[[Any], bool]:
    """A function telling whether every field of a *cls* instance already has its type."""
    source = _Source()
    tests = [source.test(f.type, f"self.{f.name}") for f in attrs.fields(cls) if f.init]
    body = " and ".join(tests) or "True"
    code = f"def typed(self):\n    return {body}\n"
    namespace: dict[str, Any] = dict(source.names)
    exec(code, namespace)
    return namespace["typed"]  # type: ignore[no-any-return]


# -- the converting path -----------------------------------------------------------------------


def _wrong_type(expected: str, value: object, path: str) -> ValidationError:
    problem = Problem(
        "type.invalid", f"expected {expected}, got {type(value).__name__}", value=shorten(value)
    )
    return ValidationError([problem.at(path=path)])


def _is_numpy_bool(value: object) -> bool:
    return type(value).__module__ == "numpy" and type(value).__name__ in ("bool_", "bool")


def _scalar(value: object, tp: type, path: str) -> object:
    if type(value) is tp:
        return value
    if tp is str and isinstance(value, str):
        return str(value)  # a str subclass (numpy.str_, a text enum member)
    if tp is bool and _is_numpy_bool(value):
        return bool(value)
    if tp is int and not isinstance(value, bool) and not _is_numpy_bool(value):
        try:
            return operator.index(value)  # type: ignore[arg-type]
        except TypeError:
            pass  # a float, text, ...: refused below
    raise _wrong_type(_SCALAR_NAMES[tp], value, path)


def _enum(value: object, tp: type[enum.Enum], path: str) -> enum.Enum:
    if isinstance(value, tp):
        return value
    if not isinstance(value, str):
        raise _wrong_type(f"one of {_allowed(tp)}", value, path)
    member = tp._value2member_map_.get(str(value))
    if member is None:
        problem = Problem("enum.unknown", f"expected one of {_allowed(tp)}", value=shorten(value))
        raise ValidationError([problem.at(path=path)])
    return member


@functools.cache
def _allowed(tp: type[enum.Enum]) -> str:
    return ", ".join(repr(m.value) for m in tp)


def _record(value: object, tp: type[Any], path: str) -> object:
    if isinstance(value, tp):
        return value
    if isinstance(value, str) and tp.__name__ in _READ_FROM_TEXT:
        try:  # "Art. 342 part 2", "Алесь Бяляцкі": read as the filters and names read them
            return _READ_FROM_TEXT[tp.__name__](value)
        except ValidationError as exc:
            raise ValidationError([p.at(path=path) for p in exc.problems]) from None
    if not isinstance(value, Mapping):
        expected = f"a {tp.__name__}, a mapping of its fields"
        if tp.__name__ in _READ_FROM_TEXT:
            expected += " or its text"
        raise _wrong_type(expected, value, path)
    from ._converter import structure  # noqa: PLC0415 - the converter imports the models

    data = dict(value)
    try:  # the fast way: convert the values a user wrote, then build
        return tp(**data)
    except TypeError:  # a missing or unknown field: the converter names each one
        return structure(data, tp, path)
    except ValidationError as exc:
        raise ValidationError([p.under(path) for p in exc.problems]) from None


def _article(text: str) -> object:
    from ._articles import read_article  # noqa: PLC0415 - it builds the models

    return read_article(text, "any")


def _name(text: str) -> object:
    from ._models import Name  # noqa: PLC0415 - the models import this module

    return Name.parse(text)


#: Records a user may write as text, and how the text is read.
_READ_FROM_TEXT: Final[dict[str, Callable[[str], object]]] = {
    "ArticleRef": _article,
    "Name": _name,
}


def _items(value: object, path: str) -> list[object]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise _wrong_type("a list", value, path)
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)  # a set has no order: make one
    return list(value)


def _collection(value: object, tp: Any, path: str) -> object:
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):  # a fixed-length tuple
        items = _items(value, path)
        if len(items) != len(args):
            raise _wrong_type(f"a list of {len(args)} items", value, path)
        return tuple(_converted_items(items, args, path))
    if isinstance(value, Mapping) and typing.get_args(args[0]):  # pairs as a mapping
        value = sorted(value.items())
    items = _items(value, path)
    converted = _converted_items(items, [args[0]] * len(items), path)
    return tuple(converted) if origin is tuple else frozenset(converted)


def _converted_items(items: list[object], types_: Iterable[Any], path: str) -> list[object]:
    problems: list[Problem] = []
    out = []
    for i, (item, tp) in enumerate(zip(items, types_, strict=True)):
        try:
            out.append(convert(item, tp, f"{path}[{i}]"))
        except ValidationError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ValidationError(problems)
    return out


def convert(value: object, tp: Any, path: str) -> object:
    """Convert *value* to the field type *tp*, or raise a located ValidationError."""
    inner = _optional_inner(tp)
    if inner is not None:
        return None if value is None else convert(value, inner, path)
    if typing.get_origin(tp) in (tuple, frozenset):
        return _collection(value, tp, path)
    if tp is PartialDate:
        return read_partial_date(value, path)
    if tp is dt.date:
        return read_day(value, path)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return _enum(value, tp, path)
    if attrs.has(tp):
        return _record(value, tp, path)
    return _scalar(value, tp, path)


def convert_fields(obj: Any) -> None:
    """Convert every field of a just-built attrs instance in place, or raise for all bad ones.

    Raises:
        ValidationError: listing every field that could not be converted, each located by
            its field path.
    """
    problems: list[Problem] = []
    for field in attrs.fields(type(obj)):
        if not field.init:
            continue
        value = getattr(obj, field.name)
        try:
            converted = convert(value, field.type, field.name)
        except ValidationError as exc:
            problems.extend(exc.problems)
            continue
        if converted is not value:
            object.__setattr__(obj, field.name, converted)
    if problems:
        raise ValidationError(problems)
