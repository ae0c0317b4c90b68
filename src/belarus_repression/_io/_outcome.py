"""What lenient loading returns: the dataset kept, and an account of every record left out."""

from __future__ import annotations

import attrs

from .._dataset import Dataset
from .._errors import Problem, Report

__all__ = ["LenientLoad", "Rejection"]


@attrs.frozen
class Rejection:
    """One input record that lenient loading left out, and why.

    Attributes:
        table: The table it was in.
        row: Its CSV line number, or its index in the JSON list.
        record: Its id, when it had a readable one.
        problems: The reasons (at least one error).

    .. versionadded:: 0.1.0
    """

    table: str
    row: int
    record: str | None
    problems: tuple[Problem, ...]


@attrs.frozen
class LenientLoad:
    """What lenient loading kept, what it rejected, and every problem it saw.

    For every table, the records read equal the records loaded plus the records rejected
    (:meth:`accounting`); for CSV this includes the ``names`` table, whose rows are rejected
    (``ref.dropped``) with their person.

    Attributes:
        dataset: The consistent dataset of the records kept.
        rejected: The records left out, each with its reasons.
        report: Every problem: the reasons for rejections and the kept records' warnings.
        read: How many records each table had in the input.

    .. versionadded:: 0.1.0
    """

    dataset: Dataset
    rejected: tuple[Rejection, ...]
    report: Report
    read: dict[str, int]

    def accounting(self) -> dict[str, tuple[int, int, int]]:
        """For every table: (records read, loaded, rejected)."""
        loaded = {name: len(records) for name, records in self.dataset.tables().items()}
        loaded["names"] = sum(len(p.names) for p in self.dataset.persons)
        rejected: dict[str, int] = {}
        for rejection in self.rejected:
            rejected[rejection.table] = rejected.get(rejection.table, 0) + 1
        return {
            table: (read, loaded.get(table, 0), rejected.get(table, 0))
            for table, read in self.read.items()
        }
