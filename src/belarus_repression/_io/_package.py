"""The Frictionless Data Package descriptor (``datapackage.json``) of the CSV tables.

It describes every table with a Table Schema (field types, required fields, the values of
closed vocabularies), primary keys and foreign keys, so that other tools can read and check
the tables; the library's own metadata (format, version, as_of) sits under
``belarus_repression``.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from typing import Any

import attrs

from .._dataset import TABLES
from .._models import Name
from . import FORMAT, PACKAGE_KEY, VERSION
from ._tables import COLUMNS, FALSE_VALUES, NAME_COLUMNS, TRUE_VALUES, Column

__all__ = ["descriptor"]

_FOREIGN_KEYS: dict[str, list[tuple[str, str]]] = {
    "convictions": [("person_id", "persons")],
    "custody": [("person_id", "persons"), ("pardon_wave", "pardon_waves")],
    "observations": [("person_id", "persons")],
    "figures": [("source", "sources")],
    "names": [("person_id", "persons")],
}


def _field_type(cls: type[Any], path: tuple[str, ...]) -> tuple[Any, bool]:
    """The annotated type at *path* in *cls*, and whether the innermost field is required."""
    required = True
    tp: Any = cls
    for key in path:
        while typing.get_origin(tp) in (typing.Union, types.UnionType):
            tp = next(a for a in typing.get_args(tp) if a is not type(None))
        field = attrs.fields_dict(tp)[key]
        required = field.default is attrs.NOTHING
        tp = typing.get_type_hints(tp)[key]
    return tp, required


def _enum_of(tp: Any) -> type[enum.Enum] | None:
    candidates = [tp, *typing.get_args(tp)]
    for candidate in candidates:
        if isinstance(candidate, type) and issubclass(candidate, enum.Enum):
            return candidate
    return None


def _schema_field(cls: type[Any], column: Column) -> dict[str, Any]:
    if column.name == "person_id" and cls is Name:  # the names table's link to its person
        tp, required = str, True
    else:
        tp, required = _field_type(cls, column.path)
    field: dict[str, Any] = {"name": column.name, "type": column.schema_type}
    if column.description:
        field["description"] = column.description
    constraints: dict[str, Any] = {}
    if required and column.kind == "text" and column.name not in ("given", "family"):
        constraints["required"] = True
    vocabulary = _enum_of(tp)
    if vocabulary is not None and column.kind in ("word", "opt"):
        constraints["enum"] = [m.value for m in vocabulary]
    if column.schema_type == "date":
        field["format"] = "default"
    if column.schema_type == "boolean":
        field["trueValues"] = list(TRUE_VALUES)
        field["falseValues"] = list(FALSE_VALUES)
    if constraints:
        field["constraints"] = constraints
    return field


def _resource(name: str, cls: type[Any], columns: tuple[Column, ...]) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "fields": [_schema_field(cls, c) for c in columns],
        "missingValues": [""],
    }
    if name != "names":
        schema["primaryKey"] = ["id"]
    foreign = [
        {"fields": [field], "reference": {"resource": target, "fields": ["id"]}}
        for field, target in _FOREIGN_KEYS.get(name, [])
    ]
    if foreign:
        schema["foreignKeys"] = foreign
    return {
        "name": name,
        "path": f"{name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }


def descriptor(as_of: dt.date, synthetic: bool) -> dict[str, Any]:
    """The data package descriptor of a dataset's CSV tables."""
    resources = [_resource(name, TABLES[name], COLUMNS[name]) for name in TABLES]
    resources.insert(2, _resource("names", Name, NAME_COLUMNS))
    return {
        "profile": "tabular-data-package",
        "name": "belarus-repression-dataset",
        "title": "belarus-repression dataset" + (" (synthetic data)" if synthetic else ""),
        PACKAGE_KEY: {
            "format": FORMAT,
            "version": VERSION,
            "as_of": as_of.isoformat(),
            "synthetic": synthetic,
        },
        "resources": resources,
    }
