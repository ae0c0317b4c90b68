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


class TestReportCommand:
    """`belarus-repression report`: the main job."""

    def test_synthetic_default_says_so(self, capsys: pytest.CaptureFixture[str]) -> None:
        status, text = run("report")
        assert 0 == status
        assert "SYNTHETIC DATA" in text
        assert "synthetic" in capsys.readouterr().err.lower()
        lines = text.splitlines()
        row = next(line for line in lines if line.startswith("political prisoners"))
        assert ["1,184", "1,184", "2025-08-01", "Viasna", "consistent"] == row.split()[2:7]
        assert any(line.startswith("[1] LIBERECO press release") for line in lines)

    def test_json_and_csv(self) -> None:
        status, text = run("report", "--format", "json")
        rows = json.loads(text)
        assert 0 == status
        assert 8 == len(rows)
        assert {"measure": "convictions since 2020", "computed_low": 7239, "published": 7239} == {
            k: rows[3][k] for k in ("measure", "computed_low", "published")
        }
        status, text = run("report", "--format", "csv")
        assert text.splitlines()[0].startswith("as_of,measure,computed_low,computed_high")

    def test_as_of_and_path(self, tmp_path: Path) -> None:
        import datetime as dt

        ds = br.Dataset(dt.date(2025, 8, 1), persons=(br.Person("syn-p-1"),))
        br.save(ds, tmp_path / "ds.json")
        status, text = run("report", str(tmp_path / "ds.json"), "--as-of", "2024-11-07")
        assert 0 == status
        assert "as of 2024-11-07" in text
        assert "SYNTHETIC" not in text
        assert 2 == run("report", str(tmp_path / "ds.json"), "--as-of", "2026-01-01")[0]
        assert 2 == run("report", "--as-of", "2024-11")[0]

    def test_invalid_dataset(self, tmp_path: Path) -> None:
        path = write(tmp_path, DOC | {"persons": [{"id": 5}]})
        assert 1 == run("report", str(path))[0]


class TestFiguresAndSeries:
    """`figures` lists the bundled figures; `series` writes CSV."""

    def test_figures(self) -> None:
        status, text = run("figures")
        assert 0 == status
        assert len(br.reported_figures()) == len(text.splitlines())
        status, text = run("figures", "--format", "csv")
        assert (
            "metric,filter,value,qualifier,as_of,period_start,counted_by,source"
            == text.splitlines()[0]
        )

    def test_series(self, tmp_path: Path) -> None:
        status, text = run("series", "--freq", "year", "--recognized-only")
        assert 0 == status
        header, *rows = text.splitlines()
        assert header.startswith("start,end,held_low,held_high")
        assert rows[0].startswith("2020-01-01,2021-01-01")
        out = tmp_path / "series.csv"
        assert 0 == run("series", "--freq", "month", "-o", str(out))[0]
        assert 60 < len(out.read_text().splitlines())
