from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings

import belarus_repression as br
from belarus_repression import strategies as brst
from belarus_repression._schema import generate_schema, render

VALIDATOR = jsonschema.Draft202012Validator


class TestShippedSchema:
    """The schema in the package is the one the models generate, and it is a valid schema."""

    def test_shipped_equals_generated(self) -> None:
        assert render(generate_schema()) == render(br.json_schema())

    def test_is_a_valid_schema(self) -> None:
        VALIDATOR.check_schema(br.json_schema())

    def test_every_record_type_is_defined(self) -> None:
        defs = br.json_schema()["$defs"]
        for name in (
            "Person",
            "Conviction",
            "CustodySpell",
            "PardonWave",
            "Observation",
            "ReportedFigure",
            "Source",
        ):
            assert defs[name]["additionalProperties"] is False


class TestSavedDocumentsConform:
    """Documents written by save() validate against the schema."""

    @settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(ds=brst.datasets())
    def test_saved_documents(self, tmp_path: Path, ds: br.Dataset) -> None:
        br.save(ds, tmp_path / "ds.json")
        doc = json.loads((tmp_path / "ds.json").read_text(encoding="utf-8"))
        errors = sorted(VALIDATOR(br.json_schema()).iter_errors(doc), key=str)
        assert [] == [e.message for e in errors]

    @pytest.mark.parametrize(
        "change",
        [
            {"persons": [{"id": "p", "gender": "f"}]},
            {"persons": [{"id": "p", "colour": "red"}]},
            {"custody": [{"id": "s", "person_id": "p"}]},
            {"version": 2},
            {
                "figures": [
                    {
                        "id": "f",
                        "metric": "convictions",
                        "value": 1,
                        "qualifier": "exact",
                        "as_of": "2025",
                        "source": "s",
                        "filter": {"colour": "red"},
                    }
                ]
            },
        ],
    )
    def test_schema_rejects_what_load_rejects(
        self, tmp_path: Path, change: dict[str, object]
    ) -> None:
        doc = {"format": "belarus-repression", "version": 1, "as_of": "2025-08-01"} | change
        assert not VALIDATOR(br.json_schema()).is_valid(doc)
        path = tmp_path / "doc.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        assert not br.validate(path).ok
