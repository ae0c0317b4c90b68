"""Parsing JSON from an untrusted file: duplicate keys, long strings and deep nesting.

:func:`json.loads` keeps the last of two equal keys without a word, and reads a string or a
nesting of any size.  :func:`parse` notices every duplicate key (a hook on every object, at
almost no cost), and checks string lengths and nesting against the :class:`Limits` with a
walk over the parsed value.  The walk runs only when it can find something: a string longer
than the limit needs a line longer than the limit (JSON strings cannot hold a raw line
break), and a valid record nests no deeper than its record type, so that the records the
walk skips are checked later, and only when they fail to structure (:func:`too_deep`).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any, Final

from ._limits import Limits, breach_message

__all__ = ["Finding", "parse", "path_text", "too_deep", "walk"]

#: One thing the checks found: its place in the document (keys and indexes), a problem code,
#: a message and the offending value.
Finding = tuple[tuple[str | int, ...], str, str, object]

_NAME: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,39}")


def path_text(parts: tuple[str | int, ...], root: str = "$") -> str:
    """A JSON path such as ``$.persons[3].birth``; an odd or long key is shown escaped."""
    out = [root]
    for part in parts:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif _NAME.fullmatch(part):
            out.append(f".{part}")
        else:
            from .._errors import shorten  # noqa: PLC0415

            out.append(f"[{shorten(part, 40)}]")
    return "".join(out)


def _has_long_line(text: str, limit: int) -> bool:
    """Whether some line of *text* is longer than *limit* characters."""
    if len(text) <= limit:
        return False
    find = text.find
    start, end = 0, len(text)
    while start < end:
        stop = find("\n", start)
        if stop < 0:
            stop = end
        if stop - start > limit:
            return True
        start = stop + 1
    return False


def parse(
    text: str, limits: Limits, records: frozenset[str] = frozenset()
) -> tuple[Any, list[Finding], bool]:
    """Parse JSON text, and find its duplicate keys, too long strings and too deep nesting.

    Args:
        text: The JSON text.
        limits: The limits.
        records: Keys of the top-level object whose lists hold records.

    Returns:
        The value, what the checks found, and whether they walked the whole value.  They do
        when a duplicate key or a line longer than ``limits.cell`` was found; otherwise they
        check only the nesting outside the records, and leave the records to
        :func:`too_deep`.

    Raises:
        json.JSONDecodeError, RecursionError, ValueError: as :func:`json.loads` does.
    """
    repeated: dict[int, list[str]] = {}
    keep: list[dict[str, Any]] = []

    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(pairs)
        if len(obj) != len(pairs):
            counts = Counter(key for key, _ in pairs)
            repeated[id(obj)] = sorted(key for key, n in counts.items() if n > 1)
            keep.append(obj)  # alive, so that its id stays its own
        return obj

    value = json.loads(text, object_pairs_hook=hook)
    if repeated or not records or _has_long_line(text, limits.cell):
        return value, list(walk(value, limits, repeated=repeated)), True
    if not isinstance(value, dict):
        return value, list(walk(value, limits, strings=False)), False
    found: list[Finding] = []
    for key, item in value.items():
        if not (key in records and isinstance(item, list)):
            found += walk(item, limits, (key,), depth=2, strings=False)
    return value, found, False


def walk(
    value: Any,
    limits: Limits,
    prefix: tuple[str | int, ...] = (),
    *,
    depth: int = 1,
    strings: bool = True,
    repeated: dict[int, list[str]] | None = None,
) -> Iterator[Finding]:
    """Every string longer than the limit, every place nested too deep, every repeated key.

    Args:
        value: The parsed value.
        limits: The limits.
        prefix: The path of *value* in the document.
        depth: The nesting depth of *value* itself (the document is at depth 1).
        strings: Whether to check the length of strings and keys.
        repeated: Keys that objects (by ``id``) had more than once.
    """
    stack: list[tuple[Any, tuple[str | int, ...], int]] = [(value, prefix, depth)]
    cell, deepest = limits.cell, limits.depth
    while stack:
        item, path, level = stack.pop()
        kind = type(item)
        if kind is str:
            if strings and len(item) > cell:
                yield path, "limit.exceeded", _long(len(item), cell), item
            continue
        if kind is not dict and kind is not list:
            continue
        if level > deepest:
            what = f"a value nested {level} deep"
            yield path, "limit.exceeded", breach_message(what, "depth", deepest), None
            continue
        if kind is dict:
            if repeated and id(item) in repeated:
                for key in repeated[id(item)]:
                    message = "an object names this key more than once: the last would win"
                    yield (*path, key), "key.duplicate", message, key
            for key, child in item.items():
                if strings and len(key) > cell:
                    yield path, "limit.exceeded", _long(len(key), cell, "key"), key
                stack.append((child, (*path, key), level + 1))
        else:
            stack.extend((child, (*path, i), level + 1) for i, child in enumerate(item))


def _long(length: int, limit: int, what: str = "text") -> str:
    return breach_message(f"a {what} of {length:,} characters", "cell", limit)


def too_deep(value: Any, limits: Limits, prefix: tuple[str | int, ...]) -> list[Finding]:
    """The places where a record (at depth 3: document, table, record) nests too deep."""
    return list(walk(value, limits, prefix, depth=3, strings=False))
