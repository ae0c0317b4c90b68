"""The JSON Schema of the JSON document, generated from the record types.

The package ships the generated schema as ``data/dataset.schema.json``; :func:`json_schema`
returns it.  ``python -m belarus_repression._schema`` regenerates the file, and a test checks
that the shipped file equals what the models generate.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import sys
import types
import typing
from pathlib import Path
from typing import Any, Final

import attrs

from ._dataset import TABLES
from ._dates import PartialDate
from ._io import FORMAT, VERSION
from ._models import FIGURE_FILTER_KEYS, ReportedFigure

__all__ = ["generate_schema", "json_schema"]

SCHEMA_FILE: Final = "dataset.schema.json"
SCHEMA_ID: Final = "https://belarus-repression.invalid/schema/dataset-v1.json"

_PARTIAL_DATE: Final = {
    "type": "string",
    "description": (
        "A partial date: 2020, 2020-08, 2020-08-09 or [2020-11-12..2023-02-10], optionally "
        "followed by ? (uncertain), ~ (approximate) or % (both). Day-first source forms such "
        "as 09.08.2020 and Aug 2020 are also read."
    ),
    "minLength": 1,
}


def _type_schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        inner = _type_schema(options[0], defs)
        return {"anyOf": [inner, {"type": "null"}]}
    if origin in (tuple, frozenset):
        args = typing.get_args(tp)
        if origin is tuple and args == (tuple[str, str], Ellipsis):  # a figure's filter
            return {
                "type": "object",
                "propertyNames": {"enum": sorted(FIGURE_FILTER_KEYS)},
                "additionalProperties": {"type": "string"},
            }
        schema: dict[str, Any] = {"type": "array", "items": _type_schema(args[0], defs)}
        if origin is frozenset:
            schema["uniqueItems"] = True
        return schema
    if tp is str:
        return {"type": "string"}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if tp is dt.date:
        return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    if tp is PartialDate:
        return {"$ref": "#/$defs/PartialDate"}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return {"enum": [m.value for m in tp]}
    if attrs.has(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}  # placeholder against recursion
            defs[name] = _record_schema(tp, defs)
        return {"$ref": f"#/$defs/{name}"}
    raise TypeError(f"no JSON Schema for {tp!r}")  # pragma: no cover - every field type is known


def _record_schema(cls: type[Any], defs: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    properties = {}
    required = []
    for field in attrs.fields(cls):
        tp = hints[field.name]
        if cls is ReportedFigure and field.name == "filter":
            tp = tuple[tuple[str, str], ...]
        properties[field.name] = _type_schema(tp, defs)
        if field.default is attrs.NOTHING:
            required.append(field.name)
    summary = (cls.__doc__ or "").strip().splitlines()[0]
    return {
        "type": "object",
        "description": summary,
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def generate_schema() -> dict[str, Any]:
    """Generate the JSON Schema (draft 2020-12) of the JSON document from the models."""
    defs: dict[str, Any] = {"PartialDate": _PARTIAL_DATE}
    tables = {
        name: {"type": "array", "items": _type_schema(cls, defs)} for name, cls in TABLES.items()
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "belarus-repression dataset",
        "description": "The JSON document of the belarus-repression library.",
        "type": "object",
        "properties": {
            "format": {"const": FORMAT},
            "version": {"const": VERSION},
            "as_of": _type_schema(dt.date, defs),
            "synthetic": {"type": "boolean"},
            **tables,
        },
        "required": ["format", "version", "as_of"],
        "additionalProperties": False,
        "$defs": dict(sorted(defs.items())),
    }


def render(schema: dict[str, Any]) -> str:
    """The schema as the text of the shipped file."""
    import json  # noqa: PLC0415 - keeps the package import light

    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


@functools.cache
def _shipped() -> str:
    from importlib import resources  # noqa: PLC0415 - slow to import, rarely needed

    return resources.files("belarus_repression").joinpath("data", SCHEMA_FILE).read_text("utf-8")


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the JSON document, as shipped in the package.

    .. versionadded:: 0.1.0
    """
    import json  # noqa: PLC0415

    return json.loads(_shipped())  # type: ignore[no-any-return]


def main() -> None:
    """Write the generated schema into the package's data folder."""
    target = Path(__file__).parent / "data" / SCHEMA_FILE
    target.write_text(render(generate_schema()), encoding="utf-8")
    sys.stdout.write(f"wrote {target}\n")


if __name__ == "__main__":  # pragma: no cover
    main()
