"""How much of an untrusted input loading reads before refusing it.

A file that is small on disk can ask for unbounded work: a zip that unpacks a thousand times
larger, a table of ten million empty rows, a gigabyte in one cell, a JSON value nested a
thousand deep.  :class:`Limits` bounds each of these.  They are checked *while* reading, so
that nothing past a limit is read into memory, and each breach is a located problem with the
code ``limit.exceeded`` that names the limit and how to raise it.

The defaults hold datasets of several million records (about 350 bytes a record in JSON,
90 in CSV) with room to spare; raise a limit for a larger file you trust.
"""

from __future__ import annotations

from typing import Any, Final

import attrs

__all__ = ["DEFAULT_LIMITS", "Limits", "breach_message"]

_GIB: Final = 1 << 30

#: A zip member that unpacks to at most this many bytes is not held to the compression ratio:
#: a small table of repeated rows compresses far better than any real table does.
RATIO_FLOOR: Final = 1 << 20


def _positive(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not int or value < 1:
        raise ValueError(f"Limits.{attribute.name} must be a positive integer, not {value!r}")


def _depth(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _positive(instance, attribute, value)
    if value < 8:  # type: ignore[operator]
        raise ValueError(f"Limits.depth must be at least 8 (a document nests 5 deep), not {value}")


@attrs.frozen(kw_only=True)
class Limits:
    """Bounds on what :func:`~belarus_repression.load` reads from an untrusted file.

    Each input larger than a limit is refused with a ``limit.exceeded`` problem located by
    file, table and row, naming the limit; nothing past the limit is read.  Raise a limit for
    a file you trust: ``br.load(path, limits=br.Limits(rows=50_000_000))``.

    Attributes:
        file_size: Bytes of one file: the JSON document, the data package descriptor, a
            table file, or a zip member once unpacked (4 GiB).
        unzipped_size: Bytes that all the members read from one zip archive unpack to, in
            all (4 GiB).
        compression_ratio: How many times larger than its packed size a zip member may
            unpack to; members that unpack to 1 MiB or less are not held to it (100; real
            tables compress 5 to 15 times).
        rows: Rows of one CSV table, or records of one JSON table (10 million).
        cell: Characters of one CSV cell, or of one JSON string or key (131,072: the
            :mod:`csv` module's own default field limit).
        depth: Nesting of JSON arrays and objects (32; a document nests 5 deep).

    .. versionadded:: 0.2.0
    """

    file_size: int = attrs.field(default=4 * _GIB, validator=_positive)
    unzipped_size: int = attrs.field(default=4 * _GIB, validator=_positive)
    compression_ratio: int = attrs.field(default=100, validator=_positive)
    rows: int = attrs.field(default=10_000_000, validator=_positive)
    cell: int = attrs.field(default=131_072, validator=_positive)
    depth: int = attrs.field(default=32, validator=_depth)


#: The limits that apply when none are given.
DEFAULT_LIMITS: Final = Limits()


def breach_message(what: str, name: str, limit: int) -> str:
    """The message of a ``limit.exceeded`` problem: what broke which limit, and the way out."""
    return (
        f"{what}, over the limit of {limit:,} (Limits.{name}); "
        f"if you trust the file, raise it: load(..., limits=Limits({name}=...))"
    )
