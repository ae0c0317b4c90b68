r"""How each record type is laid out as a CSV table, and how cells are written and read.

One :class:`Column` per cell: its name is the record's field path joined with ``_``
(``sentence_term_years``), so that a problem's JSON path maps to a column by rule.
Multi-valued cells are ``;``-separated, with ``\\;`` and ``\\\\`` escaping a literal ``;`` or
``\\``.  Dates use the PartialDate text form.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Final, Literal

import attrs

from .._models import ArticleRef

__all__ = [
    "COLUMNS",
    "NAME_COLUMNS",
    "Column",
    "column_for_path",
    "flatten",
    "join_list",
    "split_list",
    "unflatten",
]

#: How a cell is read:
#: ``text`` an empty cell is ``""``; ``word`` an empty cell leaves the field out (its default
#: applies, or it is missing); ``opt`` an empty cell is ``null``; ``int``/``optint`` integers;
#: ``bool`` ``true``/``false``; ``list`` ``;``-separated text; ``articles`` ``;``-separated
#: article texts; ``filter`` ``key=value;...``.
Kind = Literal["text", "word", "opt", "int", "optint", "bool", "list", "articles", "filter"]


@attrs.frozen
class Column:
    """One CSV column: its name, the record field path it holds and how cells are read.

    Attributes:
        name: The column header.
        path: The field path in the record's plain (unstructured) form.
        kind: How the cell is read and written.
        schema_type: The Frictionless Table Schema type.
        description: What the column holds, for the data package.
    """

    name: str
    path: tuple[str, ...]
    kind: Kind
    schema_type: str = "string"
    description: str = ""


def _c(path: str, kind: Kind, schema_type: str = "string", description: str = "") -> Column:
    parts = tuple(path.split("."))
    return Column("_".join(parts), parts, kind, schema_type, description)


_PDATE = "a partial date: 2020, 2020-08, 2020-08-09, [2020-11-12..2023-02-10], with ? ~ or %"
_LIST = "several values separated by ';' (\\; for a literal semicolon)"

#: The columns of each table, in file order.
COLUMNS: Final[dict[str, tuple[Column, ...]]] = {
    "sources": (
        _c("id", "text"),
        _c("name", "text"),
        _c("url", "opt"),
        _c("published", "opt", description=_PDATE),
        _c("accessed", "opt", "date"),
    ),
    "persons": (
        _c("id", "text"),
        _c("gender", "word"),
        _c("birth", "opt", description=_PDATE),
        _c("region", "opt"),
        _c("roles", "list", description=_LIST),
        _c("citizenship", "list", description=_LIST),
        _c("recognition", "word"),
        _c("recognized", "opt", description=_PDATE),
        _c("synthetic", "bool", "boolean"),
        _c("sources", "list", description=_LIST),
    ),
    "convictions": (
        _c("id", "text"),
        _c("person_id", "text"),
        _c("verdict", "opt", description=_PDATE),
        _c("articles", "articles", description="articles such as 342;293 p.2 (preparation)"),
        _c("sentence.kind", "word"),
        _c("sentence.term.years", "int", "integer"),
        _c("sentence.term.months", "int", "integer"),
        _c("sentence.term.days", "int", "integer"),
        _c("sentence.term.life", "bool", "boolean"),
        _c("sentence.regime", "opt"),
        _c("sentence.fine_base_units", "optint", "integer"),
        _c("sentence.raw", "opt"),
        _c("court", "opt"),
        _c("judges", "list", description=_LIST),
        _c("in_absentia", "bool", "boolean"),
        _c("appeal", "opt", description=_PDATE),
        _c("sources", "list", description=_LIST),
    ),
    "custody": (
        _c("id", "text"),
        _c("person_id", "text"),
        _c("start", "text", description=_PDATE),
        _c("end", "opt", description=_PDATE),
        _c("end_reason", "opt"),
        _c("expelled", "bool", "boolean"),
        _c("pardon_wave", "opt"),
        _c("facility", "opt"),
        _c("sources", "list", description=_LIST),
    ),
    "pardon_waves": (
        _c("id", "text"),
        _c("date", "text", description=_PDATE),
        _c("announced_count", "optint", "integer"),
        _c("announced_by", "opt"),
        _c("note", "opt"),
        _c("sources", "list", description=_LIST),
    ),
    "observations": (
        _c("id", "text"),
        _c("person_id", "text"),
        _c("kind", "word"),
        _c("start", "text", description=_PDATE),
        _c("end", "opt", description=_PDATE),
        _c("conditions", "list", description=_LIST),
        _c("note", "opt"),
        _c("sources", "list", description=_LIST),
    ),
    "figures": (
        _c("id", "text"),
        _c("metric", "word"),
        _c("value", "int", "integer"),
        _c("qualifier", "word"),
        _c("as_of", "text", description=_PDATE),
        _c("source", "text"),
        _c("period_start", "opt", description=_PDATE),
        _c("filter", "filter", description="key=value pairs separated by ';'"),
        _c("counted_by", "opt"),
        _c("note", "opt"),
    ),
}

#: The columns of the ``names`` table: one row per name form, in order, by person.
NAME_COLUMNS: Final = (
    _c("person_id", "text"),
    _c("given", "text"),
    _c("family", "text"),
    _c("patronymic", "opt"),
    _c("lang", "word"),
    _c("script", "word"),
    _c("system", "opt"),
)

#: Nested objects that are ``null`` when every one of their cells is empty.
_NULLABLE_GROUPS: Final = (("sentence",),)


def join_list(values: list[str]) -> str:
    r"""Join texts into one cell, escaping ``\\`` and ``;``."""
    return ";".join(v.replace("\\", "\\\\").replace(";", "\\;") for v in values)


def split_list(cell: str) -> list[str]:
    """Split a cell written by :func:`join_list` back into its texts."""
    if cell == "":
        return []
    parts: list[str] = []
    current: list[str] = []
    chars = iter(cell)
    for ch in chars:
        if ch == "\\":
            current.append(next(chars, "\\"))
        elif ch == ";":
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def _get(data: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = data
    for key in path:
        if value is None:
            return None
        value = value.get(key)
    return value


def _write_cell(column: Column, value: Any) -> str:
    kind = column.kind
    if value is None:
        return ""
    if kind == "bool":
        return "true" if value else "false"
    if kind in ("int", "optint"):
        return str(value)
    if kind == "list":
        return join_list(value)
    if kind == "articles":
        return join_list([str(ArticleRef(**a)) for a in value])
    if kind == "filter":
        return join_list([f"{k}={v}" for k, v in value.items()])
    return str(value)


def flatten(table: str, data: dict[str, Any]) -> list[str]:
    """The cells of one unstructured record, in column order."""
    return [_write_cell(c, _get(data, c.path)) for c in COLUMNS[table]]


def flatten_names(person: dict[str, Any]) -> Iterator[list[str]]:
    """The ``names`` rows of one unstructured person."""
    for name in person["names"]:
        row = {"person_id": person["id"], **name}
        yield [_write_cell(c, row[c.name]) for c in NAME_COLUMNS]


class CellError(ValueError):
    """A cell that cannot be read as its column's kind."""


def _read_cell(column: Column, cell: str) -> Any:
    kind = column.kind
    if kind == "text":
        return cell
    if cell == "":
        if kind in ("opt", "optint"):
            return None
        if kind in ("list", "articles"):
            return []
        if kind == "filter":
            return {}
        return _OMIT
    if kind in ("int", "optint"):
        if not re.fullmatch(r"[+-]?\d{1,18}", cell):
            raise CellError("expected an integer")
        return int(cell)
    if kind == "bool":
        if cell not in ("true", "false"):
            raise CellError("expected true or false")
        return cell == "true"
    if kind == "list":
        return split_list(cell)
    if kind == "articles":
        from .._converter import unstructure  # noqa: PLC0415

        return [unstructure(ArticleRef.parse(text)) for text in split_list(cell)]
    if kind == "filter":
        pairs = {}
        for item in split_list(cell):
            key, eq, value = item.partition("=")
            if not eq:
                raise CellError("expected key=value pairs")
            pairs[key] = value
        return pairs
    return cell


_OMIT: Final = object()


def unflatten(
    columns: tuple[Column, ...], cells: dict[str, str]
) -> tuple[dict[str, Any], dict[str, CellError | Exception]]:
    """Build a record's plain form from its cells.

    Returns:
        The plain record, and the errors of the cells that could not be read, by column.
    """
    data: dict[str, Any] = {}
    errors: dict[str, Exception] = {}
    for column in columns:
        if column.name not in cells:
            continue
        try:
            value = _read_cell(column, cells[column.name])
        except Exception as exc:  # noqa: BLE001 - reported against the cell
            errors[column.name] = exc
            continue
        if value is _OMIT:
            continue
        target = data
        for key in column.path[:-1]:
            target = target.setdefault(key, {})
        target[column.path[-1]] = value
    for group in _NULLABLE_GROUPS:
        parent = data
        for key in group[:-1]:
            parent = parent.get(key) or {}
        child = parent.get(group[-1]) if isinstance(parent, dict) else None
        if isinstance(child, dict) and all(v is None for v in _leaves(child)):
            parent[group[-1]] = None
    return data, errors


def _leaves(data: dict[str, Any]) -> Iterator[Any]:
    for value in data.values():
        if isinstance(value, dict):
            yield from _leaves(value)
        else:
            yield value


def column_for_path(path: str | None) -> str | None:
    """The CSV column of a record-relative JSON path.

    ``$.sentence.term.years`` is ``sentence_term_years``; ``$.articles[1].article`` is
    ``articles``.
    """
    if path is None:
        return None
    rest = path.removeprefix("$").lstrip(".")
    rest = rest.split("[", 1)[0]
    return rest.replace(".", "_") or None
