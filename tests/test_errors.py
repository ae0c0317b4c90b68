from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest

import belarus_repression as br
from belarus_repression._errors import CODES

DOCS = Path(__file__).parent.parent / "docs"


class TestProblem:
    """Problems know their severity, location and printable form."""

    def test_severity_follows_the_code(self) -> None:
        assert br.Severity.ERROR is br.Problem("id.duplicate", "m").severity
        assert br.Severity.WARNING is br.Problem("verdict.before_arrest", "m").severity
        assert (
            br.Severity.WARNING
            is br.Problem("id.duplicate", "m", severity=br.Severity.WARNING).severity
        )

    def test_str_names_everything_known(self) -> None:
        problem = br.Problem(
            "date.invalid",
            "not a date",
            br.Location("data.csv", "persons", 7, "p1", "$.birth"),
            "'yesterday'",
        )
        assert (
            "error [date.invalid] data.csv, table persons, row 7, record 'p1', $.birth: "
            "not a date (got 'yesterday')"
        ) == str(problem)

    def test_at_fills_only_unknown_fields(self) -> None:
        problem = br.Problem("x", "m", br.Location(row=3))
        moved = problem.at(row=9, file="f.json")
        assert br.Location(file="f.json", row=3) == moved.location

    @pytest.mark.parametrize(
        ("path", "expected"),
        [(None, "$.a"), ("$", "$.a"), ("b", "$.a.b"), ("[2]", "$.a[2]"), ("$.c", "$.a.c")],
    )
    def test_under_prefixes_paths(self, path: str | None, expected: str) -> None:
        assert expected == br.Problem("x", "m", br.Location(path=path)).under("$.a").location.path

    def test_long_values_are_shortened(self) -> None:
        from belarus_repression._errors import shorten

        text = shorten("x" * 500)
        assert 80 == len(text)
        assert text.endswith("…")


class TestValidationError:
    """The exception carries the problems and is a ValueError."""

    def test_hierarchy(self) -> None:
        exc = br.ValidationError([br.Problem("id.empty", "empty")])
        assert isinstance(exc, ValueError)
        assert isinstance(exc, br.BelarusRepressionError)

    def test_report_and_message(self) -> None:
        problems = [br.Problem("id.empty", "empty"), br.Problem("age.implausible", "odd")]
        exc = br.ValidationError(problems, source="f.json")
        assert not exc.report.ok
        assert 1 == len(exc.report.errors)
        assert 1 == len(exc.report.warnings)
        assert str(exc).startswith("1 error, 1 warning in f.json:")

    def test_long_message_is_cut(self) -> None:
        exc = br.ValidationError([br.Problem("id.empty", str(i)) for i in range(25)])
        assert str(exc).endswith("… and 5 more")

    def test_pickles(self) -> None:
        exc = br.ValidationError([br.Problem("id.empty", "empty")], "f")
        again = pickle.loads(pickle.dumps(exc))
        assert exc.problems == again.problems
        assert "f" == again.source


class TestReport:
    """A report is truthy when there are no errors."""

    def test_warnings_only_is_ok(self) -> None:
        report = br.Report((br.Problem("age.implausible", "odd"),))
        assert report
        assert 1 == len(report)
        assert [report.problems[0]] == list(report)
        assert "0 errors, 1 warning" == report.summary()

    def test_empty(self) -> None:
        assert br.Report().ok
        assert "0 errors, 0 warnings" == str(br.Report())


class TestCodesDocumented:
    """Every problem code is listed on the docs page, and the page lists no other code."""

    def test_docs_page_matches_registry(self) -> None:
        text = (DOCS / "errors.md").read_text(encoding="utf-8")
        documented = set(re.findall(r"^\| `([a-z_]+\.[a-z_]+)` \|", text, re.MULTILINE))
        assert set(CODES) == documented
