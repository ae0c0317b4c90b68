"""validate() reports every problem at once, of a file, a document or a dataset."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import belarus_repression as br
from belarus_repression import strategies as brst
from belarus_repression._errors import CODES
from belarus_repression._io._write import write_json
from belarus_repression.cli import main

Where = tuple[str, str | None, int | None, str | None]

SLOW_OK = settings(suppress_health_check=[HealthCheck.too_slow])
TMP_OK = settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def plain_doc(**tables: Any) -> dict[str, Any]:
    return {"format": "belarus-repression", "version": 1, "as_of": "2025-08-01", **tables}


def where(report: br.Report) -> list[Where]:
    """Each problem's code, table, row and record id."""
    return [(p.code, p.location.table, p.location.row, p.location.record) for p in report]


def document_of(ds: br.Dataset) -> dict[str, Any]:
    buffer = io.BytesIO()
    write_json(ds, buffer)
    doc: dict[str, Any] = json.loads(buffer.getvalue())
    return doc


def issue_example() -> dict[str, Any]:
    """One bad enum value, an unresolved reference and a warning, each in its own record."""
    return plain_doc(
        persons=[
            {"id": "syn-p-1", "gender": "femail"},
            {"id": "syn-p-2"},
            {"id": "syn-p-3"},
        ],
        custody=[
            {"id": "syn-s-1", "person_id": "syn-p-2", "start": "2021-05-01"},
            {"id": "syn-s-2", "person_id": "syn-p-9", "start": "2021-05-01"},
        ],
        convictions=[{"id": "syn-c-1", "person_id": "syn-p-2", "verdict": "2020-01-15"}],
    )


def valid_example(tmp_path: Path) -> br.Dataset:
    """The issue's example with its two errors mended: only the warning is left."""
    doc = issue_example()
    del doc["persons"][0]["gender"]
    doc["custody"][1]["person_id"] = "syn-p-3"
    path = tmp_path / "valid.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return br.load(path)


ISSUE_PROBLEMS = [
    ("enum.unknown", "persons", 0, "syn-p-1"),
    ("ref.unresolved", "custody", 1, "syn-s-2"),
    ("verdict.before_arrest", "convictions", 0, "syn-c-1"),
]


class TestIssueExample:
    """One bad enum value hides neither an unresolved reference nor a warning elsewhere."""

    def test_document(self) -> None:
        assert ISSUE_PROBLEMS == where(br.validate(issue_example()))

    def test_json_file(self, tmp_path: Path) -> None:
        path = tmp_path / "messy.json"
        path.write_text(json.dumps(issue_example()), encoding="utf-8")
        report = br.validate(path)
        assert ISSUE_PROBLEMS == where(report)
        assert {str(path)} == {p.location.file for p in report}
        assert [
            "$.persons[0].gender",
            "$.custody[1].person_id",
            "$.convictions[0].verdict",
        ] == [p.location.path for p in report]

    def test_csv_tables(self, tmp_path: Path) -> None:
        path = tmp_path / "messy"
        br.save(valid_example(tmp_path), path)
        for table, old, new in [
            ("persons", "syn-p-1,unknown", "syn-p-1,femail"),
            ("custody", "syn-s-2,syn-p-3", "syn-s-2,syn-p-9"),
        ]:
            file = path / f"{table}.csv"
            text = file.read_text(encoding="utf-8")
            assert old in text
            file.write_text(text.replace(old, new, 1), encoding="utf-8", newline="")
        report = br.validate(path)
        expected = [
            ("enum.unknown", "persons", 2, "syn-p-1", "gender"),
            ("ref.unresolved", "custody", 3, "syn-s-2", "person_id"),
            ("verdict.before_arrest", "convictions", 2, "syn-c-1", "verdict"),
        ]
        paths = [p.location.path for p in report]
        assert expected == [(*w, path) for w, path in zip(where(report), paths, strict=True)]

    def test_load_still_raises(self, tmp_path: Path) -> None:
        path = tmp_path / "messy.json"
        path.write_text(json.dumps(issue_example()), encoding="utf-8")
        with pytest.raises(br.ValidationError) as info:
            br.load(path)
        assert "enum.unknown" in [p.code for p in info.value.problems]


class TestInputs:
    """validate() takes a path, a document or a dataset; anything else is a usage error."""

    def test_path_as_text_and_as_path(self, tmp_path: Path) -> None:
        path = tmp_path / "messy.json"
        path.write_text(json.dumps(issue_example()), encoding="utf-8")
        assert where(br.validate(path)) == where(br.validate(str(path)))

    def test_format_argument_for_a_path(self, tmp_path: Path) -> None:
        path = tmp_path / "messy.txt"
        path.write_text(json.dumps(issue_example()), encoding="utf-8")
        assert ISSUE_PROBLEMS == where(br.validate(path, format="json"))

    def test_document_has_no_file(self) -> None:
        report = br.validate(issue_example())
        assert (None, None) == (report.source, report.problems[0].location.file)
        assert "2 errors, 1 warning" == report.summary()

    def test_document_level_problems(self) -> None:
        report = br.validate({"format": "other", "version": 1})
        assert ["format.unknown"] == [p.code for p in report]

    def test_dataset_gives_its_warnings(self, tmp_path: Path) -> None:
        ds = valid_example(tmp_path)
        report = br.validate(ds)
        assert ds.report == report
        assert [("verdict.before_arrest", "convictions", 0, "syn-c-1")] == where(report)
        assert where(report) == where(br.validate(document_of(ds)))

    @pytest.mark.parametrize("source", [None, 42, [], b"data.json", ("a", "b")])
    def test_anything_else_is_a_type_error(self, source: object) -> None:
        with pytest.raises(TypeError, match="a path, a JSON document"):
            br.validate(source)  # type: ignore[arg-type]

    def test_format_with_a_document_is_a_usage_error(self) -> None:
        with pytest.raises(ValueError, match="applies to a path"):
            br.validate(issue_example(), format="json")

    def test_bad_document_never_raises(self) -> None:
        doc = plain_doc(persons=[None, 5, "x", [], {"id": 7}], custody={"id": 1})
        assert not br.validate(doc).ok

    def test_exit_status_of_the_command(self, tmp_path: Path) -> None:
        path = tmp_path / "messy.json"
        path.write_text(json.dumps(issue_example()), encoding="utf-8")
        out = io.StringIO()
        assert 1 == main(["validate", str(path)], out)
        assert "2 errors, 1 warning" in out.getvalue()


class TestLeftOutRecords:
    """A record that cannot be structured is left out, without misleading its neighbours."""

    def test_reference_to_a_left_out_record_is_not_reported(self) -> None:
        doc = plain_doc(
            sources=[{"id": "syn-src-1", "name": 5}],
            persons=[{"id": "syn-p-1", "gender": "f", "sources": ["syn-src-1"]}],
            custody=[{"id": "syn-s-1", "person_id": "syn-p-1", "start": "2021"}],
        )
        assert [
            ("type.invalid", "sources", 0, "syn-src-1"),
            ("enum.unknown", "persons", 0, "syn-p-1"),
        ] == where(br.validate(doc))

    def test_lenient_loading_still_says_ref_dropped(self, tmp_path: Path) -> None:
        doc = issue_example()
        doc["custody"][0]["person_id"] = "syn-p-1"
        path = tmp_path / "messy.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        lenient = [p.code for p in br.load_lenient(path).report.errors]
        assert ["enum.unknown", "ref.dropped", "ref.unresolved"] == sorted(lenient)
        assert ["enum.unknown", "ref.unresolved"] == [p.code for p in br.validate(doc).errors]

    @pytest.mark.parametrize("bad_row", [0, 1])
    def test_duplicate_of_a_left_out_record(self, bad_row: int) -> None:
        persons: list[dict[str, Any]] = [{"id": "syn-p-1"}, {"id": "syn-p-1"}]
        persons[bad_row]["gender"] = "f"
        report = br.validate(plain_doc(persons=persons))
        assert {
            ("enum.unknown", "persons", bad_row, "syn-p-1"),
            ("id.duplicate", "persons", 1, "syn-p-1"),
        } == set(where(report))
        duplicate = next(p for p in report if p.code == "id.duplicate")
        assert ("$.persons[1].id", "the id is already used by persons[0]") == (
            duplicate.location.path,
            duplicate.message,
        )

    def test_each_duplicate_is_reported_once(self) -> None:
        persons = [{"id": "syn-p-1", "gender": "f"}, {"id": "syn-p-1"}, {"id": "syn-p-1"}]
        assert [
            ("enum.unknown", "persons", 0, "syn-p-1"),
            ("id.duplicate", "persons", 2, "syn-p-1"),
            ("id.duplicate", "persons", 1, "syn-p-1"),
        ] == where(br.validate(plain_doc(persons=persons)))

    def test_messages_name_rows_of_the_input(self) -> None:
        spell = {"person_id": "syn-p-1", "start": "2021-01-01", "end": "2022-01-01"}
        doc = plain_doc(
            persons=[{"id": "syn-p-1"}],
            custody=[
                {"id": "syn-s-1", "person_id": "syn-p-1", "start": "2021", "expelled": "no"},
                {"id": "syn-s-2", **spell},
                {"id": "syn-s-3", **spell},
            ],
        )
        overlap = next(p for p in br.validate(doc) if p.code == "custody.overlap")
        assert ("custody", 2) == (overlap.location.table, overlap.location.row)
        assert overlap.message.startswith("certainly overlaps custody[1] ('syn-s-2')")

    def test_references_into_an_unreadable_table_are_not_reported(self) -> None:
        doc = plain_doc(
            persons={"id": "syn-p-1"},
            custody=[{"id": "syn-s-1", "person_id": "syn-p-1", "start": "2030"}],
        )
        assert [
            ("type.invalid", None, None, None),
            ("date.after_as_of", "custody", 0, "syn-s-1"),
        ] == where(br.validate(doc))

    def test_rules_run_without_as_of(self) -> None:
        doc = issue_example()
        doc["as_of"] = "soon"
        assert [("date.invalid", None, None, None), *ISSUE_PROBLEMS] == where(br.validate(doc))


# -- k independent faults in one document -------------------------------------------------------

#: How to break one record: the field to set, the value, and the code it must give.
Fault = Callable[[dict[str, Any], dict[str, Any], int], str | None]


def _enum(doc: dict[str, Any], record: dict[str, Any], _: int) -> str | None:
    field = {"persons": "gender", "observations": "kind", "figures": "qualifier"}.get(doc["_t"])
    if doc["_t"] == "custody" and record.get("end") is not None:
        field = "end_reason"
    if field is None:
        return None
    record[field] = "no-such-value"
    return "enum.unknown"


_WRONG_TYPES = {
    "sources": ("name", 5),
    "persons": ("roles", 5),
    "convictions": ("in_absentia", "yes"),
    "custody": ("expelled", "no"),
    "pardon_waves": ("announced_count", "many"),
    "observations": ("conditions", 5),
    "figures": ("value", "many"),
}


def _wrong_type(doc: dict[str, Any], record: dict[str, Any], _: int) -> str | None:
    field, value = _WRONG_TYPES[doc["_t"]]
    record[field] = value
    return "type.invalid"


def _dangling(doc: dict[str, Any], record: dict[str, Any], row: int) -> str | None:
    missing = f"syn-missing-{doc['_t']}-{row}"
    if "person_id" in record:
        record["person_id"] = missing
    elif "source" in record:
        record["source"] = missing
    elif "sources" in record:
        record["sources"] = [missing]
    else:
        return None
    return "ref.unresolved"


def _duplicate(doc: dict[str, Any], record: dict[str, Any], row: int) -> str | None:
    if row == 0:
        return None
    record["id"] = doc[doc["_t"]][0]["id"]  # the first record's id never changes
    return "id.duplicate"


def _reversed(doc: dict[str, Any], record: dict[str, Any], _: int) -> str | None:
    if doc["_t"] not in ("custody", "observations"):
        return None
    record["end"] = "1999-01-01"
    return "range.reversed"


def _after_as_of(doc: dict[str, Any], record: dict[str, Any], _: int) -> str | None:
    if doc["_t"] != "convictions":
        return None
    as_of = dt.date.fromisoformat(doc["as_of"])
    record["verdict"] = (as_of + dt.timedelta(days=400)).isoformat()
    record["appeal"] = None
    return "date.after_as_of"


FAULTS: dict[str, Fault] = {
    "enum": _enum,
    "type": _wrong_type,
    "dangling": _dangling,
    "duplicate": _duplicate,
    "reversed": _reversed,
    "after_as_of": _after_as_of,
}

TABLES = ("sources", "persons", "convictions", "custody", "pardon_waves", "observations", "figures")


def applicable(doc: dict[str, Any]) -> list[tuple[str, int, str]]:
    """Every (table, row, fault) that can break that record on its own."""
    slots = []
    for table in TABLES:
        for row, record in enumerate(doc[table]):
            for name, fault in FAULTS.items():
                trial = dict(doc, _t=table)
                if fault(trial, json.loads(json.dumps(record)), row) is not None:
                    slots.append((table, row, name))
    return slots


class TestIndependentFaults:
    """For any valid dataset with k faults in k records, validate reports each at its record."""

    @SLOW_OK
    @given(ds=brst.datasets(max_persons=4), data=st.data())
    def test_every_fault_is_reported(self, ds: br.Dataset, data: st.DataObject) -> None:
        doc = document_of(ds)
        slots = data.draw(
            st.lists(
                st.sampled_from(applicable(doc)),
                min_size=1,
                max_size=5,
                unique_by=lambda slot: slot[:2],
            )
        )
        expected = set()
        for table, row, name in slots:
            record = doc[table][row]
            code = FAULTS[name](dict(doc, _t=table), record, row)
            expected.add((code, table, row, record["id"]))
        report = br.validate(doc)
        assert expected <= set(where(report)), str(report)
        assert not report.ok
        assert all(p.code in CODES for p in report)
        # No reference is called unresolved while the document has the record it names.
        ids = {table: {r["id"] for r in doc[table]} for table in TABLES}
        targets = {"person_id": "persons", "pardon_wave": "pardon_waves", "source": "sources"}
        for problem in report:
            if problem.code == "ref.unresolved":
                field = (problem.location.path or "").rsplit(".", 1)[-1]
                table = "sources" if field.startswith("sources[") else targets[field]
                assert (problem.value or "").strip("'") not in ids[table], str(problem)

    @SLOW_OK
    @given(ds=brst.datasets(max_persons=4))
    def test_valid_document_reports_the_dataset_warnings(self, ds: br.Dataset) -> None:
        assert ds.report.problems == br.validate(document_of(ds)).problems

    @TMP_OK
    @given(ds=brst.datasets(max_persons=3), data=st.data())
    def test_file_and_document_agree(
        self, tmp_path: Path, ds: br.Dataset, data: st.DataObject
    ) -> None:
        doc = document_of(ds)
        slots = applicable(doc)
        table, row, name = data.draw(st.sampled_from(slots))
        FAULTS[name](dict(doc, _t=table), doc[table][row], row)
        path = tmp_path / "faulty.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        assert where(br.validate(doc)) == where(br.validate(path))
