"""``load``, ``load_lenient``, ``save`` and ``validate``: the file formats' public face."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .._errors import Report
from .._gc import gc_paused

# The readers, writers and assembly are imported on first use: they pull in csv, json and
# the CSV layout, which a session that only counts never needs.
if TYPE_CHECKING:
    from .._dataset import Dataset
    from ._limits import Limits
    from ._outcome import LenientLoad
    from ._raw import RawDocument

__all__ = ["Format", "load", "load_lenient", "save", "validate"]

#: A file format: the JSON document, or CSV tables with a data package (folder or ``.zip``).
Format = Literal["json", "csv"]

PathLike = str | os.PathLike[str]


def _format_of(path: Path, format: Format | None) -> Format:  # noqa: A002 - the API's word
    if format is not None:
        if format not in ("json", "csv"):
            raise ValueError(f"unknown format {format!r}: use 'json' or 'csv'")
        return format
    if path.suffix.lower() == ".json":
        return "json"
    if path.suffix.lower() == ".zip" or path.is_dir() or not path.suffix:
        return "csv"
    raise ValueError(
        f"cannot tell the format of {str(path)!r} from its suffix: "
        "use .json, .zip or a folder, or pass format='json' or 'csv'"
    )


def _limits(limits: Limits | None) -> Limits:
    from ._limits import DEFAULT_LIMITS, Limits  # noqa: PLC0415

    if limits is None:
        return DEFAULT_LIMITS
    if not isinstance(limits, Limits):
        raise TypeError(f"limits= takes a Limits, not {type(limits).__name__}")
    return limits


def _read(
    path: PathLike,
    format: Format | None,  # noqa: A002
    limits: Limits | None,
) -> RawDocument:
    from ._csv import read_csv  # noqa: PLC0415
    from ._raw import read_json  # noqa: PLC0415

    p = Path(path)
    fmt = _format_of(p, format)
    bounds = _limits(limits)
    return read_json(p, str(path), bounds) if fmt == "json" else read_csv(p, str(path), bounds)


def load(
    path: PathLike,
    *,
    format: Format | None = None,  # noqa: A002
    limits: Limits | None = None,
) -> Dataset:
    """Load a dataset from a JSON document, or CSV tables in a folder or ``.zip``.

    The format follows the suffix (``.json``; ``.zip`` or a folder for CSV) unless *format*
    is given.  Warnings do not stop loading: they are on the dataset's ``report``.

    Args:
        path: The file or folder.
        format: ``"json"`` or ``"csv"``, to override the suffix.
        limits: How much of the file to read before refusing it (sizes, rows, cell length,
            nesting); the default :class:`Limits` when not given.  Raise them for a large
            file you trust.

    Returns:
        The checked dataset.

    Raises:
        ValidationError: listing every problem of the input (file, table, row, record, field,
            code, value) when it has any error.
        ValueError: when the format cannot be told from the path.
        TypeError: when *limits* is not a :class:`Limits`.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 ``limits=``.
    """
    from ._assemble import assemble  # noqa: PLC0415

    with gc_paused():
        return assemble(_read(path, format, limits))


def load_lenient(
    path: PathLike,
    *,
    format: Format | None = None,  # noqa: A002
    limits: Limits | None = None,
) -> LenientLoad:
    """Load every record that can be kept, and account for every one that cannot.

    A record with an error is rejected with its reasons; so is every record that refers to a
    rejected one (``ref.dropped``).  For every table, records read = loaded + rejected.
    *format* and *limits* are those of :func:`load`.

    Raises:
        ValidationError: only when the file as a whole cannot be read (missing, not UTF-8,
            broken syntax, unknown format, no ``as_of``).

    .. versionadded:: 0.1.0
    """
    from ._assemble import assemble_lenient  # noqa: PLC0415

    with gc_paused():
        return assemble_lenient(_read(path, format, limits))


def validate(
    source: PathLike | dict[str, Any] | Dataset,
    *,
    format: Format | None = None,  # noqa: A002
    limits: Limits | None = None,
) -> Report:
    """Check a file, a document or a dataset and report every problem; never raises for bad data.

    Every record is checked on its own first.  A record that cannot be structured (a value of
    the wrong type, outside its vocabulary, an end before the start, ...) is reported and left
    out, and every integrity rule (duplicate ids, unresolved references, overlapping spells,
    the horizon, the warnings) still runs on all the other records: one bad value never hides
    another problem.  A reference to a record that was left out is not reported (that record
    is already reported, and fixing it resolves the reference); rules that need the left-out
    record itself (its birth, its spells) cannot check it until it is fixed.  Every problem
    keeps its location: file, table, row, record id and field.

    Args:
        source: A path (``str`` or :class:`os.PathLike`) of a JSON document or of CSV tables
            in a folder or ``.zip``; a JSON document as :func:`json.load` gives it (a
            ``dict``); or a :class:`Dataset`, which is valid by construction: its report (its
            warnings) is returned.
        format: ``"json"`` or ``"csv"``, to override a path's suffix.
        limits: As for :func:`load`; a breach is a ``limit.exceeded`` problem.

    Returns:
        A report of every error and warning; true when the input has no errors.

    Raises:
        TypeError: when *source* is none of a path, a ``dict`` or a :class:`Dataset`.
        ValueError: when the format cannot be told from the path, or *format* is given for
            anything but a path (usage errors).

    .. versionadded:: 0.1.0
    """
    from .._dataset import Dataset  # noqa: PLC0415
    from ._assemble import assemble_report  # noqa: PLC0415
    from ._raw import read_document  # noqa: PLC0415

    if isinstance(source, str | os.PathLike):
        doc = _read(source, format, limits)
    elif format is not None and isinstance(source, dict | Dataset):
        raise ValueError(f"format={format!r} applies to a path, not to a {type(source).__name__}")
    elif isinstance(source, Dataset):
        return source.report
    elif isinstance(source, dict):
        doc = read_document(source, _limits(limits))
    else:
        raise TypeError(
            "validate() takes a path, a JSON document (dict) or a Dataset, "
            f"not {type(source).__name__}"
        )
    with gc_paused():
        return assemble_report(doc)


def save(dataset: Dataset, path: PathLike, *, format: Format | None = None) -> None:  # noqa: A002
    """Write a dataset, atomically: readers see the old version or the new, never a mix.

    A save that fails or is killed leaves the previous dataset intact; saves from several
    threads or processes to one path all succeed (the last wins); the debris of a killed
    save is removed by the next.  See the docs page "Datasets", section "Atomic saves".

    Args:
        dataset: The dataset.
        path: ``*.json`` for the JSON document; ``*.zip`` or a folder for CSV tables with a
            ``datapackage.json``.
        format: ``"json"`` or ``"csv"``, to override the suffix.

    Raises:
        ValidationError: ``text.unencodable`` for a text no file can hold (a lone
            surrogate), located by table, row and field.
        FileExistsError: when a folder save would replace a file, or a folder that is not
            a saved dataset.
        OSError: when the file system refuses (the previous dataset is left as it was).

    .. versionadded:: 0.1.0
    """
    p = Path(path)
    fmt = _format_of(p, format)
    with gc_paused():
        _save(dataset, p, fmt)


def _save(dataset: Dataset, p: Path, fmt: Format) -> None:
    from ._write import (  # noqa: PLC0415
        atomic_dir,
        atomic_file,
        write_csv_dir,
        write_csv_zip,
        write_json,
    )

    if fmt == "json":
        with atomic_file(p) as fh:
            write_json(dataset, fh)
    elif p.suffix.lower() == ".zip":
        with atomic_file(p) as fh:
            write_csv_zip(dataset, fh)
    else:
        with atomic_dir(p) as folder:
            write_csv_dir(dataset, folder)
