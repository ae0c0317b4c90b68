from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

import belarus_repression as br
from belarus_repression.cli import main


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out), out.getvalue()


def write(tmp_path: Path, doc: object) -> Path:
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


DOC = {"format": "belarus-repression", "version": 1, "as_of": "2025-08-01"}


class TestValidateCommand:
    """`belarus-repression validate` prints every problem and exits 0, 1 or 2."""

    def test_valid_file(self, tmp_path: Path) -> None:
        status, text = run("validate", str(write(tmp_path, DOC | {"persons": [{"id": "syn-p-1"}]})))
        assert 0 == status
        assert text.strip().endswith("0 errors, 0 warnings in " + str(tmp_path / "doc.json"))

    def test_problems_table_and_summary(self, tmp_path: Path) -> None:
        doc = DOC | {
            "persons": [{"id": "syn-p-1", "gender": "f"}, {"id": "syn-p-2", "birth": "yesterday"}]
        }
        status, text = run("validate", str(write(tmp_path, doc)))
        lines = text.splitlines()
        assert 1 == status
        assert lines[0].split() == [
            "severity",
            "code",
            "table",
            "row",
            "record",
            "field",
            "problem",
        ]
        assert ["error", "enum.unknown", "persons", "0", "syn-p-1", "$.persons[0].gender"] == lines[
            1
        ].split()[:6]
        assert ["error", "date.invalid", "persons", "1", "syn-p-2", "$.persons[1].birth"] == lines[
            2
        ].split()[:6]
        assert lines[-1].startswith("2 errors, 0 warnings")

    def test_warnings_only_is_success(self, tmp_path: Path) -> None:
        doc = DOC | {
            "persons": [{"id": "syn-p-1", "birth": "2015"}],
            "custody": [{"id": "syn-s-1", "person_id": "syn-p-1", "start": "2021-01-01"}],
        }
        status, text = run("validate", str(write(tmp_path, doc)))
        assert 0 == status
        assert "age.implausible" in text

    def test_missing_file_is_an_io_error(self, tmp_path: Path) -> None:
        status, text = run("validate", str(tmp_path / "nope.json"))
        assert 2 == status
        assert "file.unreadable" in text

    def test_usage_errors(self, tmp_path: Path) -> None:
        assert 2 == run()[0]
        assert 2 == run("validate")[0]
        assert 2 == run("frobnicate")[0]
        assert 2 == run("validate", str(tmp_path / "data.txt"))[0]

    def test_csv_folder(self, tmp_path: Path) -> None:
        import datetime as dt

        br.save(br.Dataset(dt.date(2025, 8, 1), persons=(br.Person("syn-p-1"),)), tmp_path / "ds")
        assert 0 == run("validate", str(tmp_path / "ds"))[0]

    @pytest.mark.parametrize(
        "argv", [["belarus-repression"], [sys.executable, "-m", "belarus_repression"]]
    )
    def test_entry_points(self, tmp_path: Path, argv: list[str]) -> None:
        path = write(tmp_path, DOC | {"persons": [{"id": 5}]})
        result = subprocess.run(
            [*argv, "validate", str(path)], capture_output=True, text=True, check=False
        )
        assert 1 == result.returncode
        assert "type.invalid" in result.stdout

    def test_version(self) -> None:
        assert 0 == run("--version")[0]
