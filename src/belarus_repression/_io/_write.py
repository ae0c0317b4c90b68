"""Writing datasets, atomically: a crash mid-write leaves the previous file as it was."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from .._converter import converter
from .._dataset import TABLES, Dataset
from . import DESCRIPTOR, FORMAT, VERSION
from ._package import descriptor
from ._tables import COLUMNS, NAME_COLUMNS, flatten, flatten_names

__all__ = ["atomic_dir", "atomic_file", "write_csv_dir", "write_csv_zip", "write_json"]


def _mode_for(path: Path) -> int:
    """The permissions a new file at *path* would get: the old file's, or 0o666 less umask."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextlib.contextmanager
def atomic_file(path: Path) -> Iterator[IO[bytes]]:
    """Open a temporary file beside *path*; on success it replaces *path* in one step."""
    import tempfile  # noqa: PLC0415 - writing is rarer than importing; keep the import light

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    Path(tmp).chmod(_mode_for(path))  # mkstemp makes the file private; a saved file is not
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        Path(tmp).replace(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            Path(tmp).unlink()
        raise


@contextlib.contextmanager
def atomic_dir(path: Path) -> Iterator[Path]:
    """A temporary folder beside *path* that takes its place once it is complete.

    A folder cannot be swapped in one step: the old one is first moved aside, then the new one
    moved in, then the old one removed; at no moment is the old data lost.
    """
    import shutil  # noqa: PLC0415 - see atomic_file
    import tempfile  # noqa: PLC0415

    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent))
    try:
        yield tmp
        if path.exists():
            old = path.with_name(f".{path.name}.old-{os.getpid()}")
            path.rename(old)
            tmp.rename(path)
            shutil.rmtree(old)
        else:
            tmp.rename(path)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _plain_tables(ds: Dataset) -> dict[str, list[Any]]:
    conv = converter()
    return {
        name: conv.unstructure(getattr(ds, name), tuple[cls, ...])  # type: ignore[valid-type]
        for name, cls in TABLES.items()
    }


def write_json(ds: Dataset, fh: IO[bytes]) -> None:
    """Write the JSON document: one record per line, so that diffs read well."""
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
    """Write the CSV tables and their descriptor into a zip archive."""
    import zipfile  # noqa: PLC0415 - see atomic_file

    with zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in _csv_files(ds):
            archive.writestr(name, data)


def write_csv_dir(ds: Dataset, folder: Path) -> None:
    """Write the CSV tables and their descriptor into a folder."""
    for name, data in _csv_files(ds):
        (folder / name).write_bytes(data)
