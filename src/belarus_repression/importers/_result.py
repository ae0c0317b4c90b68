"""What an importer made of its input: the dataset and an account of every record.

Shared by every importer (:mod:`~belarus_repression.importers.viasna`,
:mod:`~belarus_repression.importers.table`): every field of every record is imported, ignored
with a reason, or not understood with its raw value; records read = imported + rejected.
"""

from __future__ import annotations

import attrs

from .._dataset import Dataset
from .._errors import Problem

__all__ = ["ImportResult", "RecordReport"]


@attrs.define
class RecordReport:
    """What became of one record of the export.

    Attributes:
        row: The record's index in the JSON list, or its CSV line number.
        record_id: The record's own id (its ``id`` column), when it has one.
        person_id: The id of the person imported, or ``None`` when the record was rejected.
        imported: The fields imported into the dataset.
        not_understood: ``(field, raw value, why)`` for each field that could not be read.
        ignored: ``(field, raw value, why)`` for each field the model has no place for.
        notes: What the importer inferred, such as a region from a prison address.
        warnings: Problems kept as warnings (the record was imported).
        rejected: Why the record was rejected, or ``None``.
    """

    row: int
    record_id: str | None
    person_id: str | None = None
    imported: list[str] = attrs.Factory(list)
    not_understood: list[tuple[str, str, str]] = attrs.Factory(list)
    ignored: list[tuple[str, str, str]] = attrs.Factory(list)
    notes: list[str] = attrs.Factory(list)
    warnings: list[Problem] = attrs.Factory(list)
    rejected: str | None = None

    @property
    def viasna_id(self) -> str | None:
        """The record's own id: the former name of :attr:`record_id`.

        .. deprecated:: 0.2.0
            Use :attr:`record_id`.
        """
        return self.record_id


@attrs.frozen
class ImportResult:
    """The dataset made of an export, and an account of every record.

    Attributes:
        dataset: The imported dataset.
        records: One report per source record, in order.
        file: The file read, when there was one.

    .. versionadded:: 0.1.0
    """

    dataset: Dataset
    records: tuple[RecordReport, ...]
    file: str | None = None

    @property
    def read(self) -> int:
        """How many records (rows) the input had."""
        return len(self.records)

    @property
    def imported(self) -> int:
        """How many records (rows) were imported; several rows can make one person."""
        return sum(r.rejected is None for r in self.records)

    @property
    def rejected(self) -> int:
        """How many records were rejected."""
        return sum(r.rejected is not None for r in self.records)

    def summary(self) -> str:
        """A few lines: records read, imported, rejected; fields not understood; warnings."""
        not_understood: dict[str, int] = {}
        for r in self.records:
            for field, _, _ in r.not_understood:
                not_understood[field] = not_understood.get(field, 0) + 1
        from_records = sum(len(r.warnings) for r in self.records)
        unread = ", ".join(f"{k} ({v})" for k, v in sorted(not_understood.items()))
        ds = self.dataset
        lines = [
            (f"rows read: {self.read:,}; imported: {self.imported:,}; rejected: {self.rejected:,}"),
            (
                f"persons: {len(ds.persons):,}; custody spells: {len(ds.custody):,}; "
                f"convictions: {len(ds.convictions):,}; as of {ds.as_of}"
            ),
            f"fields not understood: {unread or 'none'}",
            (
                f"warnings: {from_records:,} from reading the records, "
                f"{len(ds.warnings):,} from the dataset's rules"
            ),
        ]
        lines += [f"rejected row {r.row}: {r.rejected}" for r in self.records if r.rejected]
        return "\n".join(lines)
