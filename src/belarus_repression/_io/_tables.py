r"""How each record type is laid out as a CSV table, and how cells are written and read.

One :class:`Column` per cell: its name is the record's field path joined with ``_``
(``sentence_term_years``), so that a problem's JSON path maps to a column by rule.
Multi-valued cells are ``;``-separated, with ``\\;`` and ``\\\\`` escaping a literal ``;`` or
``\\``.  Dates use the PartialDate text form.

A text cell that a spreadsheet would run as a formula (one that begins with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return) is written with a leading ``'``, as is one that
begins with ``'`` and one of those (or another ``'``); reading removes that one ``'``.  So
every text reads back as written, and a spreadsheet shows it as text (:func:`protect`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any, Final, Literal

import attrs

from .._models import ArticleRef

__all__ = [
    "COLUMNS",
    "FALSE_VALUES",
    "NAME_COLUMNS",
    "TRUE_VALUES",
    "Column",
    "column_for_path",
    "flatten",
    "join_list",
    "protect",
    "row_decoder",
    "split_list",
    "unprotect",
]

#: How a cell is read:
#: ``text`` an empty cell is ``""``; ``word`` an empty cell leaves the field out (its default
#: applies, or it is missing); ``opt`` an empty cell is ``null``; ``int``/``optint`` integers;
#: ``bool`` a boolean (one of :data:`TRUE_VALUES` or :data:`FALSE_VALUES`); ``list``
#: ``;``-separated text; ``articles`` ``;``-separated article texts; ``filter``
#: ``key=value;...``.
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


def join_list(values: list[str]) -> str:
    r"""Join texts into one cell, escaping ``\\`` and ``;``."""
    return ";".join(v.replace("\\", "\\\\").replace(";", "\\;") for v in values)


def split_list(cell: str) -> list[str]:
    """Split a cell written by :func:`join_list` back into its texts."""
    if cell == "":
        return []
    if "\\" not in cell:  # nothing escaped: the common case
        return cell.split(";")
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


#: The first characters that make a spreadsheet read a cell as a formula (OWASP's list), and
#: the quote that :func:`protect` puts before them.
FORMULA_START: Final = frozenset("=+-@\t\r")
_QUOTE: Final = "'"
#: What follows a ``'`` that :func:`protect` added (``""`` is not in it: ``'`` alone is text).
_QUOTED_NEXT: Final = FORMULA_START | {_QUOTE}


def protect(text: str) -> str:
    """A text as a CSV cell that no spreadsheet runs: ``'`` before a formula's first character.

    A text that begins with ``'`` and a character :func:`unprotect` would take for a mark
    gets another ``'``, so that :func:`unprotect` is exact.
    """
    if text[:1] in FORMULA_START or (text[:1] == _QUOTE and text[1:2] in _QUOTED_NEXT):
        return _QUOTE + text
    return text


def unprotect(cell: str) -> str:
    """The text of a cell written by :func:`protect`: the ``'`` it added removed.

    A ``'`` is removed only before ``=``, ``+``, ``-``, ``@``, a tab, a carriage return or
    another ``'``: a cell such as ``'Brien`` (or ``'`` alone) that another tool wrote is read
    as it is.
    """
    return cell[1:] if cell[:1] == _QUOTE and cell[1:2] in _QUOTED_NEXT else cell


def _write_cell(column: Column, value: Any) -> str:
    kind = column.kind
    if value is None:
        return ""
    if kind == "bool":
        return "true" if value else "false"
    if kind in ("int", "optint"):
        return str(value)
    if kind == "list":
        return protect(join_list(value))
    if kind == "articles":
        return join_list([str(ArticleRef(**a)) for a in value])
    if kind == "filter":
        return protect(join_list([f"{k}={v}" for k, v in value.items()]))
    return protect(str(value))


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


_INT: Final = re.compile(r"[+-]?\d{1,18}")

#: The texts a boolean cell may hold: the Frictionless Table Schema defaults, so that the
#: tables read what other tools write (pandas writes ``True``/``False``).  Cells are written
#: ``true``/``false``; the data package declares these lists on every boolean field.
TRUE_VALUES: Final = ("true", "True", "TRUE", "1")
FALSE_VALUES: Final = ("false", "False", "FALSE", "0")
_BOOLEANS: Final = dict.fromkeys(TRUE_VALUES, True) | dict.fromkeys(FALSE_VALUES, False)


def _int(cell: str) -> int:
    if not _INT.fullmatch(cell):
        raise CellError("expected an integer")
    return int(cell)


def _bool(cell: str) -> bool:
    try:
        return _BOOLEANS[cell]
    except KeyError:
        raise CellError(
            f"expected a boolean: {', '.join(TRUE_VALUES)} or {', '.join(FALSE_VALUES)}"
        ) from None


def _articles(cell: str) -> list[dict[str, Any]]:
    refs = [ArticleRef.parse(text) for text in split_list(cell)]
    return [
        {"article": r.article, "part": r.part, "preparation": r.preparation, "attempt": r.attempt}
        for r in refs
    ]


def _list(cell: str) -> list[str]:
    return split_list(unprotect(cell))


def _filter(cell: str) -> dict[str, str]:
    cell = unprotect(cell)
    pairs = {}
    for item in split_list(cell):
        key, eq, value = item.partition("=")
        if not eq:
            raise CellError("expected key=value pairs")
        pairs[key] = value
    return pairs


#: Readers of the kinds that need more than a look at the text, and the value of an empty cell
#: (``_OMIT``: leave the field out).
_READERS: Final[dict[str, tuple[Callable[[str], Any], Any]]] = {
    "int": (_int, "_OMIT"),
    "optint": (_int, None),
    "bool": (_bool, "_OMIT"),
    "list": (_list, []),
    "articles": (_articles, []),
    "filter": (_filter, {}),
}

Decoder = Callable[[list[str]], tuple[dict[str, Any], dict[str, Exception]]]


def row_decoder(columns: tuple[Column, ...], header: list[str]) -> Decoder:
    """Compile a function that turns one CSV row (cells in *header* order) into plain data.

    The function returns the record's plain form and the errors of cells that could not be
    read, by column.  Like cattrs, it is generated once per table as straight-line code: a
    loop over columns per row is what made reading CSV slow.
    """
    lines = ["def decode(c):", "    d = {}", "    errors = {}"]
    groups = sorted({col.path[:-1] for col in columns if len(col.path) > 1}, key=len)
    lines.extend(f"    g_{'_'.join(group)} = {{}}" for group in groups)
    namespace: dict[str, Any] = {"_OMIT": _OMIT, "unq": unprotect}
    for col in columns:
        pos = header.index(col.name)
        target = "d" if len(col.path) == 1 else f"g_{'_'.join(col.path[:-1])}"
        key = repr(col.path[-1])
        # A cell with a ' is read by unprotect(), which keeps one that does not begin with
        # it: the test is a cheap search, the call rare.
        cell = f"(unq(c[{pos}]) if {_QUOTE!r} in c[{pos}] else c[{pos}])"
        if col.kind == "text":
            lines.append(f"    {target}[{key}] = {cell}")
        elif col.kind == "opt":
            lines.append(f"    {target}[{key}] = {cell} if c[{pos}] else None")
        elif col.kind == "word":
            lines += [f"    if c[{pos}]:", f"        {target}[{key}] = {cell}"]
        else:
            reader, empty = _READERS[col.kind]
            namespace[f"read_{pos}"] = reader
            namespace[f"empty_{pos}"] = empty
            lines += [
                f"    v = c[{pos}]",
                "    if v:",
                "        try:",
                f"            {target}[{key}] = read_{pos}(v)",
                "        except Exception as exc:",
                f"            errors[{col.name!r}] = exc",
            ]
            if empty is None:
                lines += ["    else:", f"        {target}[{key}] = None"]
            elif empty != "_OMIT":
                lines += ["    else:", f"        {target}[{key}] = empty_{pos}.copy()"]
    for group in reversed(groups):  # innermost first: a term goes into its sentence
        name = f"g_{'_'.join(group)}"
        parent = "d" if len(group) == 1 else f"g_{'_'.join(group[:-1])}"
        positions = [header.index(col.name) for col in columns if col.path[: len(group)] == group]
        any_cell = " or ".join(f"c[{p}]" for p in positions)
        lines += [f"    if {any_cell}:", f"        {parent}[{group[-1]!r}] = {name}"]
        if len(group) == 1:  # a top-level group (the sentence) is null when all empty
            lines += ["    else:", f"        d[{group[-1]!r}] = None"]
    lines.append("    return d, errors")
    exec("\n".join(lines), namespace)
    return namespace["decode"]  # type: ignore[no-any-return]


_OMIT: Final = "_OMIT"


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
