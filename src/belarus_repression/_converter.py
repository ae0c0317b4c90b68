"""The one cattrs converter: every structure and unstructure rule of the library.

:func:`make_converter` registers every hook.  :func:`structure` turns cattrs' nested
exception groups into located :class:`~belarus_repression.Problem` objects, so that a caller
learns every bad field of an input at once, each with its JSON path (``$.persons[3].birth``).

Structuring is strict: a string is never split into a list, a number is never read from a
string, ``true`` is not ``1``.  JSON types map to fields as follows: text for ``str``, dates
and enums; integers for ``int``; ``true``/``false`` for ``bool``; lists for tuples and sets;
objects for records.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
import types
import typing
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Final, TypeVar

import attrs

from ._dates import PartialDate
from ._errors import Problem, ValidationError, shorten
from ._models import ReportedFigure
from ._vocab import VOCABULARIES

if TYPE_CHECKING:  # cattrs is imported on first use: it is slow to import
    import cattrs

__all__ = ["converter", "make_converter", "structure", "unstructure"]

T = TypeVar("T")

_ISO_DAY: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
_JSON_TYPE_NAMES: Final = {
    str: "text",
    int: "an integer",
    bool: "true or false",
    float: "a number",
    list: "a list",
    dict: "an object",
    type(None): "null",
}


def _json_type(value: object) -> str:
    return _JSON_TYPE_NAMES.get(type(value), type(value).__name__)


def _wrong_type(expected: str, value: object) -> TypeError:
    return TypeError(f"expected {expected}, got {_json_type(value)}")


# -- scalar hooks ------------------------------------------------------------------------------


#: A lone surrogate: JSON's ``"\\ud800"`` reads as one, but no UTF-8 file can hold it.
_SURROGATE: Final = re.compile("[\ud800-\udfff]")


def _unencodable(value: str) -> ValidationError:
    return ValidationError(
        [
            Problem(
                "text.unencodable",
                "a lone surrogate (U+D800 to U+DFFF) is not a character: no file can hold it",
                value=shorten(value),
            )
        ]
    )


def _structure_str(value: object, _: type) -> str:
    if type(value) is str:
        if value.isascii() or _SURROGATE.search(value) is None:
            return value
        raise _unencodable(value)
    raise _wrong_type("text", value)


def _structure_int(value: object, _: type) -> int:
    if type(value) is int:
        return value
    raise _wrong_type("an integer", value)


def _structure_bool(value: object, _: type) -> bool:
    if type(value) is bool:
        return value
    raise _wrong_type("true or false", value)


@functools.lru_cache(maxsize=8192)
def _parse_cached(text: str) -> PartialDate:
    return PartialDate.parse(text)


def _structure_partial_date(value: object, _: type) -> PartialDate:
    if type(value) is not str:
        raise _wrong_type("a date as text (2020, 2020-08, 2020-08-09, [A..B])", value)
    return _parse_cached(value)


def _structure_date(value: object, _: type) -> dt.date:
    if type(value) is not str:
        raise _wrong_type("a date as text (YYYY-MM-DD)", value)
    why = "expected YYYY-MM-DD"
    if _ISO_DAY.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError as exc:
            why = str(exc)
    raise ValidationError([Problem("date.invalid", f"not a day: {why}", value=shorten(value))])


def _unstructure_filter(pairs: tuple[tuple[str, str], ...]) -> dict[str, str]:
    return dict(pairs)


def _structure_filter(value: object, _: object) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, dict):
        raise _wrong_type("an object of text values", value)
    bad = [k for k, v in value.items() if type(v) is not str]
    if bad:
        raise _wrong_type("text values", value[bad[0]])
    for text in (*value, *value.values()):
        if not text.isascii() and _SURROGATE.search(text) is not None:
            raise _unencodable(text)
    return tuple(sorted(value.items()))


# -- hook factories ----------------------------------------------------------------------------


def _enum_hook(t: type[enum.Enum]) -> Callable[[object, type], enum.Enum]:
    members = t._value2member_map_
    allowed = ", ".join(repr(v) for v in members)

    def structure_enum(value: object, _: type) -> enum.Enum:
        if type(value) is not str:
            raise _wrong_type("text", value)
        try:
            return members[value]
        except KeyError:
            raise ValidationError(
                [Problem("enum.unknown", f"expected one of {allowed}", value=shorten(value))]
            ) from None

    return structure_enum


def _is_collection(t: Any) -> bool:
    origin = typing.get_origin(t)
    if origin is frozenset:
        return True
    args = typing.get_args(t)
    return origin is tuple and len(args) == 2 and args[1] is Ellipsis


def _collection_hook(t: Any, conv: cattrs.Converter) -> Callable[[object, type], object]:
    from cattrs.errors import IterableValidationError, IterableValidationNote  # noqa: PLC0415

    origin = typing.get_origin(t)
    inner = typing.get_args(t)[0]
    handle = conv.get_structure_hook(inner)
    build: Callable[[list[Any]], object] = tuple if origin is tuple else frozenset
    empty = build([])

    def structure_collection(value: object, _: type) -> object:
        if not isinstance(value, list | tuple):
            raise _wrong_type("a list", value)
        if not value:
            return empty
        try:
            return build([handle(item, inner) for item in value])
        except Exception:  # noqa: BLE001 - collect every failing element below
            pass
        errors: list[Exception] = []
        items = []
        for i, item in enumerate(value):
            try:
                items.append(handle(item, inner))
            except Exception as exc:  # noqa: BLE001 - reported with its index
                exc.add_note(IterableValidationNote(f"Structuring {t} @ index {i}", i, inner))
                errors.append(exc)
        raise IterableValidationError(f"While structuring {t!r}", errors, t)

    return structure_collection


def _is_optional(t: Any) -> bool:
    args = typing.get_args(t)
    return (
        typing.get_origin(t) in (typing.Union, types.UnionType)
        and len(args) == 2
        and type(None) in args
    )


def _optional_hook(t: Any, conv: cattrs.Converter) -> Callable[[object, type], object]:
    """``X | None``: one closure per type, instead of a dispatch on every call."""
    inner = next(a for a in typing.get_args(t) if a is not type(None))
    handle = conv.get_structure_hook(inner)
    if inner is str:  # an empty optional text is no text, as an empty CSV cell is

        def structure_optional_text(value: object, _: type) -> object:
            return None if value is None or value == "" else handle(value, inner)

        return structure_optional_text

    def structure_optional(value: object, _: type) -> object:
        return None if value is None else handle(value, inner)

    return structure_optional


def _unstructure_collection_hook(t: Any, conv: cattrs.Converter) -> Callable[[Any], list[Any]]:
    inner = typing.get_args(t)[0]
    handle = conv.get_unstructure_hook(inner)
    if typing.get_origin(t) is frozenset:

        def unstructure_set(value: frozenset[Any]) -> list[Any]:
            return sorted(handle(item) for item in value)

        return unstructure_set

    def unstructure_seq(value: tuple[Any, ...]) -> list[Any]:
        return [handle(item) for item in value]

    return unstructure_seq


def _record_hook(t: type[Any], conv: cattrs.Converter) -> Callable[[object, type], Any]:
    from cattrs.gen import make_dict_structure_fn, override  # noqa: PLC0415

    overrides = {}
    if t is ReportedFigure:
        overrides["filter"] = override(struct_hook=_structure_filter)
    generated = make_dict_structure_fn(t, conv, **overrides)  # type: ignore[arg-type]

    def structure_record(value: object, _: type) -> Any:
        if type(value) is not dict:
            raise _wrong_type("an object", value)
        return generated(value, t)

    return structure_record


def _record_unhook(t: type[Any], conv: cattrs.Converter) -> Callable[[Any], dict[str, Any]]:
    from cattrs.gen import make_dict_unstructure_fn, override  # noqa: PLC0415

    overrides = {}
    if t is ReportedFigure:
        overrides["filter"] = override(unstruct_hook=_unstructure_filter)
    return make_dict_unstructure_fn(t, conv, **overrides)  # type: ignore[arg-type]


def make_converter() -> cattrs.Converter:
    """Build the library's converter, with every structure and unstructure hook registered.

    Structuring raises cattrs' exception groups; use :func:`structure` to get a
    :class:`~belarus_repression.ValidationError` that lists every problem instead.

    .. versionadded:: 0.1.0
    """
    import cattrs  # noqa: PLC0415 - imported on first use, see the module's imports

    conv = cattrs.Converter(detailed_validation=True, forbid_extra_keys=True)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(bool, _structure_bool)
    # A StrEnum is a str: without a hook of its own, singledispatch would give it str's.
    for vocabulary in VOCABULARIES:
        conv.register_structure_hook(vocabulary, _enum_hook(vocabulary))
        conv.register_unstructure_hook(vocabulary, _enum_value)
    conv.register_structure_hook(PartialDate, _structure_partial_date)
    conv.register_unstructure_hook(PartialDate, str)
    conv.register_structure_hook(dt.date, _structure_date)
    conv.register_unstructure_hook(dt.date, dt.date.isoformat)
    conv.register_structure_hook_factory(_is_optional, _optional_hook)
    conv.register_structure_hook_factory(_is_collection, _collection_hook)
    conv.register_unstructure_hook_factory(_is_collection, _unstructure_collection_hook)
    conv.register_structure_hook_factory(attrs.has, _record_hook)
    conv.register_unstructure_hook_factory(attrs.has, _record_unhook)
    return conv


def _enum_value(member: enum.Enum) -> Any:
    return member.value  # a plain str, so that unstructured data holds no enum members


@functools.cache
def converter() -> cattrs.Converter:
    """The converter the library uses everywhere, built on first use."""
    return make_converter()


def unstructure(obj: Any) -> Any:
    """Turn a record (or a collection of records) into JSON-compatible data.

    .. versionadded:: 0.1.0
    """
    return converter().unstructure(obj)


def structure(data: object, cls: type[T] | Any, path: str = "$") -> T:
    """Build *cls* from JSON-compatible *data*, reporting every problem at once.

    Args:
        data: Data as :func:`json.load` returns it.
        cls: A record type, or a collection type such as ``tuple[Person, ...]``.
        path: The JSON path of *data* in the document, used in problem locations.

    Returns:
        The structured object.

    Raises:
        ValidationError: listing every bad field: wrong types, unknown enum values,
            missing required fields, unknown fields and values that break a record's rules.

    .. versionadded:: 0.1.0
    """
    try:
        return converter().structure(data, cls)  # type: ignore[no-any-return]
    except Exception as exc:  # noqa: BLE001 - every failure becomes located problems
        raise ValidationError(list(problems_of(exc, data, path))) from None


def _record_id(value: object) -> str | None:
    if type(value) is dict:
        rid = value.get("id")
        if type(rid) is str:
            return rid
    return None


def problems_of(
    exc: BaseException, raw: object, path: str = "$", record: str | None = None
) -> Iterator[Problem]:
    """Turn a structuring failure into located problems.

    Args:
        exc: What the converter raised.
        raw: The input at *path*, used for the offending values and record ids.
        path: The JSON path of *raw*.
        record: The id of the enclosing record, if known.
    """
    from cattrs.errors import (  # noqa: PLC0415
        ClassValidationError,
        ForbiddenExtraKeysError,
        IterableValidationError,
    )

    record = _record_id(raw) or record
    if isinstance(exc, IterableValidationError):
        with_notes, without = exc.group_exceptions()
        for sub, inote in with_notes:
            index = inote.index
            child = _child(raw, index)
            yield from problems_of(sub, child, f"{path}[{index!r}]", record)
        for sub in without:
            yield from problems_of(sub, raw, path, record)
    elif isinstance(exc, ClassValidationError):
        with_anotes, without = exc.group_exceptions()
        for sub, anote in with_anotes:
            name = anote.name
            sub_path = f"{path}.{name}"
            if isinstance(sub, KeyError):
                yield Problem("field.missing", "a required field is missing").at(
                    path=sub_path, record=record
                )
            else:
                yield from problems_of(sub, _child(raw, name), sub_path, record)
        for sub in without:
            yield from problems_of(sub, raw, path, record)
    elif isinstance(exc, ForbiddenExtraKeysError):
        for key in sorted(exc.extra_fields):
            yield Problem(
                "field.unknown",
                f"unknown field for {exc.cl.__name__}",
                value=shorten(_child(raw, key)),
            ).at(path=_key_path(path, key), record=record)
    elif isinstance(exc, ValidationError):
        for problem in exc.problems:
            yield problem.under(path).at(record=record)
    elif isinstance(exc, TypeError):
        yield Problem("type.invalid", str(exc), value=shorten(raw)).at(path=path, record=record)
    else:
        yield Problem("value.invalid", str(exc) or type(exc).__name__, value=shorten(raw)).at(
            path=path, record=record
        )


_PLAIN_KEY: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,39}")


def _key_path(path: str, key: str) -> str:
    """The path of a key read from a file: ``$.x.key``, or ``$.x['odd key']`` escaped, short."""
    return f"{path}.{key}" if _PLAIN_KEY.fullmatch(key) else f"{path}[{shorten(key, 40)}]"


def _child(raw: object, key: object) -> object:
    if isinstance(raw, dict):
        return raw.get(key)
    if isinstance(raw, list | tuple) and isinstance(key, int) and 0 <= key < len(raw):
        return raw[key]
    return None
