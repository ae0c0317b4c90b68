"""Writing datasets, atomically (see :mod:`._atomic`): a reader sees the old or the new one."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Final

from .._converter import converter
from .._dataset import TABLES, Dataset
from .._errors import Problem, ValidationError, shorten
from . import DESCRIPTOR, FORMAT, VERSION
from ._atomic import atomic_dir, atomic_file, write_file
from ._package import descriptor
from ._tables import COLUMNS, NAME_COLUMNS, flatten, flatten_names

__all__ = ["atomic_dir", "atomic_file", "write_csv_dir", "write_csv_zip", "write_json"]


@contextlib.contextmanager
def _encodable(ds: Dataset) -> Iterator[None]:
    """Turn a text that UTF-8 cannot encode into a located ``text.unencodable`` error.

    Loading refuses such texts; a dataset built in Python can still hold one.
    """
    try:
        yield
    except UnicodeEncodeError:
        problems = [
            Problem(
                "text.unencodable",
                "a lone surrogate (U+D800 to U+DFFF) is not a character: no file can hold it",
                value=shorten(text),
            ).at(table=table, row=row, record=record.get("id"), path=f"$.{table}[{row}]{path}")
            for table, records in _plain_tables(ds).items()
            for row, record in enumerate(records)
            for path, text in _texts(record)
            if not text.isascii() and _SURROGATE.search(text)
        ]
        raise ValidationError(problems) from None


_SURROGATE: Final = re.compile("[\ud800-\udfff]")


def _texts(value: object, path: str = "") -> Iterator[tuple[str, str]]:
    """Every text in a record's plain form (keys too), with its path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield f"{path}.{key}", key
            yield from _texts(item, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _texts(item, f"{path}[{i}]")


def _plain_tables(ds: Dataset) -> dict[str, list[Any]]:
    conv = converter()
    return {
        name: conv.unstructure(getattr(ds, name), tuple[cls, ...])  # type: ignore[valid-type]
        for name, cls in TABLES.items()
    }


def write_json(ds: Dataset, fh: IO[bytes]) -> None:
    """Write the JSON document: one record per line, so that diffs read well.

    Raises:
        ValidationError: ``text.unencodable`` for a text that UTF-8 cannot encode.
    """
    with _encodable(ds):
        _write_json(ds, fh)


def _write_json(ds: Dataset, fh: IO[bytes]) -> None:
    out = io.TextIOWrapper(fh, encoding="utf-8", newline="\n")
    head = {"format": FORMAT, "version": VERSION, "as_of": ds.as_of.isoformat()}
    out.write("{\n")
    for key, value in head.items():
        out.write(f"{json.dumps(key)}: {json.dumps(value)},\n")
    out.write(f'"synthetic": {json.dumps(ds.synthetic)}')
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    for name, records in _plain_tables(ds).items():
        out.write(f',\n"{name}": [')
        if records:
            out.write("\n")
            out.write(",\n".join(map(dumps, records)))
            out.write("\n")
        out.write("]")
    out.write("\n}\n")
    out.flush()
    out.detach()


def _csv_bytes(header: list[str], rows: Iterator[list[str]] | list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    # RFC 4180 line ends: the writer then quotes every cell holding \r or \n.
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _csv_files(ds: Dataset) -> Iterator[tuple[str, bytes]]:
    tables = _plain_tables(ds)
    yield DESCRIPTOR, json.dumps(descriptor(ds.as_of, ds.synthetic), indent=2).encode() + b"\n"
    for name in TABLES:
        header = [c.name for c in COLUMNS[name]]
        yield f"{name}.csv", _csv_bytes(header, [flatten(name, r) for r in tables[name]])
        if name == "persons":
            rows = [row for person in tables[name] for row in flatten_names(person)]
            yield "names.csv", _csv_bytes([c.name for c in NAME_COLUMNS], rows)


def write_csv_zip(ds: Dataset, fh: IO[bytes]) -> None:
    """Write the CSV tables and their descriptor into a zip archive (see :func:`write_json`)."""
    import zipfile  # noqa: PLC0415 - writing is rarer than importing; keep the import light

    with _encodable(ds), zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in _csv_files(ds):
            archive.writestr(name, data)


def write_csv_dir(ds: Dataset, folder: Path) -> None:
    """Write the CSV tables and their descriptor into a folder (see :func:`write_json`)."""
    with _encodable(ds):
        for name, data in _csv_files(ds):
            write_file(folder, name, data)
