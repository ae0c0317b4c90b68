"""The column mapping of the table importer: which column holds which field, what values mean.

A mapping is written as a dict (or a TOML file of the same shape) and read into a
:class:`ColumnMapping` by :func:`mapping_of`, which checks all of it at once: an unknown field
or option is a :class:`~belarus_repression.UnknownKeyError` that lists the known ones; any
other mistake, a :class:`~belarus_repression.ValidationError` with every problem.
"""

from __future__ import annotations

import datetime as dt
import enum
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final, Literal

import attrs

from .._dates import read_day
from .._errors import Problem, UnknownKeyError, ValidationError, shorten
from .._vocab import EndReason, Gender, Recognition, Regime, Region, Role, SentenceKind
from .._vocab import TransliterationSystem as System

__all__ = [
    "ALIASES",
    "FIELDS",
    "IGNORE",
    "MULTI",
    "OPTIONS",
    "VOCABULARIES",
    "Column",
    "ColumnMapping",
    "Kind",
    "kind_of",
    "mapping_of",
    "read_mapping_file",
    "value_key",
]

#: Every field a column can be mapped to, with what it holds.
FIELDS: Final[dict[str, str]] = {
    "person.id": "the person's id in the table (rows with one id are one person)",
    "person.name": "a full name in any script and order, split by Name.parse",
    "person.given": "the given name",
    "person.family": "the family name",
    "person.patronymic": "the patronymic",
    "person.gender": "female, male or unknown",
    "person.birth": "the date of birth",
    "person.region": "one of " + ", ".join(Region),
    "person.roles": "roles (" + ", ".join(Role) + ")",
    "person.citizenship": "ISO 3166 alpha-2 country codes",
    "person.recognition": "recognized, not_recognized or unknown; or yes / no",
    "person.recognized": "the date of recognition as a political prisoner",
    "custody.start": "the day of arrest: the start of the custody spell",
    "custody.end": "the day of release: the end of the custody spell",
    "custody.end_reason": "why the spell ended: one of " + ", ".join(EndReason),
    "custody.facility": "the place of detention",
    "custody.expelled": "forced abroad on release: yes / no",
    "conviction.verdict": "the date of the verdict",
    "conviction.articles": "Criminal Code articles, in any form read_article reads",
    "conviction.sentence": "the kind of punishment: one of " + ", ".join(SentenceKind),
    "conviction.term": "the term as text: '2 years 6 months', '4 1/2 years', 'life', a fine",
    "conviction.term_years": "the term in years (a number; 2.5 is 2 years 6 months)",
    "conviction.term_months": "the term in months, or the months beyond term_years",
    "conviction.regime": "the regime of imprisonment: one of " + ", ".join(Regime),
    "conviction.court": "the court",
    "conviction.judges": "the judges",
    "conviction.in_absentia": "a verdict in absentia: yes / no",
    "source.url": "a web page about the row: its records cite it",
}

#: Other names of fields, as people call them.
ALIASES: Final[dict[str, str]] = {
    "custody.arrested": "custody.start",
    "custody.released": "custody.end",
}

#: What a column maps to when it is to be ignored on purpose.
IGNORE: Final = "ignore"

#: Fields whose cells hold several values, split at the separator.
MULTI: Final = frozenset(
    {"person.roles", "person.citizenship", "conviction.articles", "conviction.judges"}
)

#: The options of a mapping besides ``columns`` and ``values``.
OPTIONS: Final[dict[str, str]] = {
    "rows": "'person' (one row per person, the default) or 'case' (rows grouped into persons)",
    "separator": "what separates the values of a multi-valued cell (default ';')",
    "id_prefix": "put before every id the import makes (default '')",
    "as_of": "the day the table describes (default: the latest date in it)",
    "source": "the name of the source every record cites (default: the file's name)",
    "source_url": "the URL of that source",
    "undated_arrest_from": "a spell with no arrest date starts some day from this day",
    "sheet": "the sheet of an XLSX file: its name, or its position from 0 (default: the first)",
    "delimiter": "the delimiter of a CSV file (default: told from the header line)",
    "encoding": "the encoding of a CSV file (default 'utf-8-sig')",
}

#: How a field's cells are read.
Kind = Literal[
    "text", "name", "date", "enum", "bool", "recognition", "country", "article", "term", "number"
]

_KINDS: Final[dict[str, Kind]] = {
    "person.id": "text",
    "person.name": "name",
    "person.given": "text",
    "person.family": "text",
    "person.patronymic": "text",
    "person.gender": "enum",
    "person.birth": "date",
    "person.region": "enum",
    "person.roles": "enum",
    "person.citizenship": "country",
    "person.recognition": "recognition",
    "person.recognized": "date",
    "custody.start": "date",
    "custody.end": "date",
    "custody.end_reason": "enum",
    "custody.facility": "text",
    "custody.expelled": "bool",
    "conviction.verdict": "date",
    "conviction.articles": "article",
    "conviction.sentence": "enum",
    "conviction.term": "term",
    "conviction.term_years": "number",
    "conviction.term_months": "number",
    "conviction.regime": "enum",
    "conviction.court": "text",
    "conviction.judges": "text",
    "conviction.in_absentia": "bool",
    "source.url": "text",
}

#: The vocabulary of each field of kind ``enum``.
VOCABULARIES: Final[dict[str, type[enum.StrEnum]]] = {
    "person.gender": Gender,
    "person.region": Region,
    "person.roles": Role,
    "custody.end_reason": EndReason,
    "conviction.sentence": SentenceKind,
    "conviction.regime": Regime,
    "person.recognition": Recognition,
}

#: Fields that several columns may feed (several name forms; more values of a list).
_REPEATABLE: Final = MULTI | {"person.name"}


def kind_of(field: str) -> Kind:
    """How the cells of *field* are read."""
    return _KINDS[field]


def value_key(text: str) -> str:
    """The form in which a raw value is looked up: white space collapsed, case folded."""
    return " ".join(text.split()).casefold()


@attrs.frozen
class Column:
    """What one column of the table holds.

    Attributes:
        name: The column's header.
        field: The field it maps to, or ``None`` when it is ignored on purpose.
        ignore: Why it is ignored, when it is.
        separator: What separates the values of a cell, for this column only.
        values: Raw values of this column and what they mean (keys as :func:`value_key`
            makes them), before the field's own ``values``.
        lang: The language of the names in the column, instead of the one the letters show.
        system: The transliteration system of the Latin names in the column.
    """

    name: str
    field: str | None
    ignore: str | None = None
    separator: str | None = None
    values: Mapping[str, object] = attrs.Factory(dict)
    lang: str | None = None
    system: System | None = None


@attrs.frozen
class ColumnMapping:
    """A declarative mapping of a table's columns to the fields of the records.

    Build one with :meth:`from_dict` or :meth:`load`; every function of
    :mod:`belarus_repression.importers.table` also takes the dict itself.

    Attributes:
        columns: What each named column holds, in the mapping's order.
        values: For each field, raw values and what they mean (keys as :func:`value_key`
            makes them).
        rows: ``"person"``: one row per person; ``"case"``: a person may have several rows
            (one per custody spell or conviction), grouped by ``person.id`` or by the name.
        separator: What separates the values of a multi-valued cell.
        id_prefix: Put before every id the import makes.
        as_of: The day the table describes, or ``None`` for the latest date in it.
        source: The name of the source every record cites, or ``None`` for the file's name.
        source_url: The URL of that source.
        undated_arrest_from: When set, a row with custody cells but no arrest date gets a
            spell that starts some day from this day up to its verdict, release or ``as_of``.
        sheet: The sheet of an XLSX file, by name or position from 0.
        delimiter: The delimiter of a CSV file, or ``None`` to tell it from the header.
        encoding: The encoding of a CSV file.

    .. versionadded:: 0.2.0
    """

    columns: tuple[Column, ...]
    values: Mapping[str, Mapping[str, object]] = attrs.Factory(dict)
    rows: Literal["person", "case"] = "person"
    separator: str = ";"
    id_prefix: str = ""
    as_of: dt.date | None = None
    source: str | None = None
    source_url: str | None = None
    undated_arrest_from: dt.date | None = None
    sheet: str | int | None = None
    delimiter: str | None = None
    encoding: str = "utf-8-sig"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], file: str | None = None) -> ColumnMapping:
        """Read a mapping written as a dict (the shape of the TOML file).

        Args:
            data: ``{"columns": {...}, "values": {...}, ...options}``.
            file: The file it was read from, to locate problems.

        Returns:
            The mapping.

        Raises:
            UnknownKeyError: for a field or option that does not exist, listing the known
                ones.
            ValidationError: for every other mistake, each located in the mapping.

        .. versionadded:: 0.2.0
        """
        return mapping_of(data, file)

    @classmethod
    def load(cls, path: str | Path) -> ColumnMapping:
        """Read a mapping from a TOML file.

        Args:
            path: The ``.toml`` file.

        Returns:
            The mapping.

        Raises:
            OSError: when the file cannot be read.
            UnknownKeyError: for a field or option that does not exist.
            ValidationError: for a file that is not TOML, and every other mistake.

        .. versionadded:: 0.2.0
        """
        return read_mapping_file(path)

    def column(self, name: str) -> Column | None:
        """What the column *name* holds, or ``None`` when the mapping does not name it."""
        return next((c for c in self.columns if c.name == name), None)


def read_mapping_file(path: str | Path) -> ColumnMapping:
    """The mapping in a TOML file (see :meth:`ColumnMapping.load`)."""
    p = Path(path)
    text = p.read_bytes().decode("utf-8-sig")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        problem = Problem("file.syntax", f"not valid TOML: {exc}").at(file=str(p))
        raise ValidationError([problem], str(p)) from None
    return mapping_of(data, str(p))


class _Problems:
    """Collects the problems of a mapping, each located by its place in the mapping."""

    def __init__(self, file: str | None) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def add(self, where: str, message: str, value: object = None) -> None:
        shown = None if value is None else shorten(value)
        self.problems.append(
            Problem("value.invalid", message, value=shown).at(file=self.file, path=where)
        )

    def text(
        self, where: str, value: object, *, empty: bool = False, blank: bool = False
    ) -> str | None:
        """Text; *empty* allows ``""``, *blank* white space (a separator may be a newline)."""
        if isinstance(value, str) and (empty or (value if blank else value.strip())):
            return value
        self.add(where, "expected text" if empty else "expected non-empty text", value)
        return None


def _field_name(name: object) -> str | None:
    if not isinstance(name, str):
        return None
    key = name.strip()
    return ALIASES.get(key, key)


def mapping_of(data: Mapping[str, Any], file: str | None = None) -> ColumnMapping:
    """Check a mapping written as a dict and read it (see :meth:`ColumnMapping.from_dict`)."""
    if not isinstance(data, Mapping):
        raise ValidationError(
            [Problem("type.invalid", "a mapping is a dict (a TOML table)").at(file=file)], file
        )
    _check_names(data)
    problems = _Problems(file)
    options = _options(data, problems)
    columns: list[Column] = []
    raw_columns = data.get("columns")
    if not isinstance(raw_columns, Mapping) or not raw_columns:
        problems.add("columns", "the mapping needs a table 'columns': column name = field")
        raw_columns = {}
    fed: dict[str, str] = {}
    for name, spec in raw_columns.items():
        column = _column(str(name), spec, problems)
        if column is None:
            continue
        if column.field is not None and column.field not in _REPEATABLE:
            if column.field in fed:
                problems.add(
                    f"columns.{name}",
                    f"the columns {fed[column.field]!r} and {name!r} both map to "
                    f"{column.field!r}, which holds one value",
                )
            fed[column.field] = str(name)
        columns.append(column)
    values: dict[str, dict[str, object]] = {}
    for field, table in (data.get("values") or {}).items():
        canonical = _field_name(field) or ""
        values[canonical] = _values(f"values.{field}", canonical, table, problems)
    if problems.problems:
        raise ValidationError(problems.problems, file)
    return ColumnMapping(tuple(columns), values, **options)


def _check_names(data: Mapping[str, Any]) -> None:
    """Unknown fields, then unknown options: each a LookupError listing the known ones."""
    named: list[object] = []
    columns = data.get("columns")
    if isinstance(columns, Mapping):
        for spec in columns.values():
            field = spec.get("field") if isinstance(spec, Mapping) else spec
            if isinstance(spec, Mapping) and "ignore" in spec and "field" not in spec:
                continue
            if isinstance(field, str):
                named.append(field)
    values = data.get("values")
    if isinstance(values, Mapping):
        named.extend(values)
    unknown = [f for f in named if _field_name(f) not in FIELDS and _field_name(f) != IGNORE]
    if unknown:
        key = unknown[0] if len(unknown) == 1 else tuple(unknown)
        what = "field" if len(unknown) == 1 else "fields"
        raise UnknownKeyError(key, [*FIELDS, *ALIASES, IGNORE], what)
    extra = [k for k in data if k not in OPTIONS and k not in ("columns", "values")]
    if extra:
        key = extra[0] if len(extra) == 1 else tuple(extra)
        what = "mapping option" if len(extra) == 1 else "mapping options"
        raise UnknownKeyError(key, ["columns", "values", *OPTIONS], what)


def _options(data: Mapping[str, Any], problems: _Problems) -> dict[str, Any]:
    options: dict[str, Any] = {}
    if "rows" in data:
        if data["rows"] in ("person", "case"):
            options["rows"] = data["rows"]
        else:
            problems.add("rows", "expected 'person' or 'case'", data["rows"])
    for key in ("separator", "id_prefix", "source", "source_url", "encoding"):
        if key in data:
            text = problems.text(key, data[key], empty=key == "id_prefix", blank=key == "separator")
            if text is not None:
                options[key] = text if key in ("separator", "id_prefix") else text.strip()
    for key in ("as_of", "undated_arrest_from"):
        if key in data:
            try:
                options[key] = read_day(data[key], key)
            except ValidationError as exc:
                problems.add(key, exc.problems[0].message, data[key])
    if "sheet" in data:
        sheet = data["sheet"]
        if isinstance(sheet, bool) or not isinstance(sheet, str | int):
            problems.add("sheet", "expected a sheet's name or its position from 0", sheet)
        else:
            options["sheet"] = sheet
    if "delimiter" in data:
        delimiter = data["delimiter"]
        if isinstance(delimiter, str) and len(delimiter) == 1:
            options["delimiter"] = delimiter
        else:
            problems.add("delimiter", "expected one character", delimiter)
    return options


_COLUMN_KEYS: Final = ("field", "ignore", "separator", "values", "lang", "system")


def _column(name: str, spec: object, problems: _Problems) -> Column | None:
    where = f"columns.{name}"
    if isinstance(spec, str):
        field = _field_name(spec)
        if field == IGNORE:
            return Column(name, None, "ignored by the mapping")
        return Column(name, field)
    if not isinstance(spec, Mapping):
        problems.add(where, "expected a field's name or a table such as {field = ...}", spec)
        return None
    extra = [k for k in spec if k not in _COLUMN_KEYS]
    if extra:
        problems.add(where, f"unknown keys {extra}; a column takes {', '.join(_COLUMN_KEYS)}")
    if "ignore" in spec:
        why = problems.text(f"{where}.ignore", spec["ignore"])
        if "field" in spec:
            problems.add(where, "a column is mapped to a field or ignored, not both")
        return None if why is None else Column(name, None, why)
    field = _field_name(spec.get("field"))
    if field is None:
        problems.add(where, "a column's table needs 'field' (or 'ignore')")
        return None
    if field == IGNORE:
        return Column(name, None, "ignored by the mapping")
    separator = None
    if "separator" in spec:
        separator = problems.text(f"{where}.separator", spec["separator"], blank=True)
        if field not in MULTI:
            problems.add(f"{where}.separator", f"{field!r} holds one value, not a list")
    lang = None
    if "lang" in spec:
        lang = problems.text(f"{where}.lang", spec["lang"])
        if field not in ("person.name", "person.given", "person.family", "person.patronymic"):
            problems.add(f"{where}.lang", "only a name column has a language")
    system = None
    if "system" in spec:
        try:
            system = System(spec["system"])
        except ValueError:
            problems.add(f"{where}.system", "expected one of " + ", ".join(System), spec["system"])
    values = _values(f"{where}.values", field, spec.get("values", {}), problems)
    return Column(name, field, None, separator, values, lang, system)


def _values(where: str, field: str, table: object, problems: _Problems) -> dict[str, object]:
    """A table of raw values: each key looked up as :func:`value_key` makes it."""
    if not isinstance(table, Mapping):
        problems.add(where, "expected a table: raw value = what it means", table)
        return {}
    from ._table_cells import check_target  # noqa: PLC0415 - the cells module imports this one

    out: dict[str, object] = {}
    for raw, target in table.items():
        why = check_target(field, target)
        if why is not None:
            problems.add(f"{where}.{raw}", why, target)
            continue
        out[value_key(str(raw))] = target
    return out
