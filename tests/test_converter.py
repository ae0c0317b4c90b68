from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import belarus_repression as br
from belarus_repression import strategies as brst

RECORDS: list[tuple[type[Any], st.SearchStrategy[Any]]] = [
    (br.PartialDate, brst.partial_dates()),
    (br.Source, brst.sources()),
    (br.Name, brst.names()),
    (br.Person, brst.persons()),
    (br.ArticleRef, brst.article_refs()),
    (br.Term, brst.terms(life=None)),
    (br.Sentence, brst.sentences()),
    (br.Conviction, brst.convictions()),
    (br.CustodySpell, brst.custody_spells()),
    (br.PardonWave, brst.pardon_waves()),
    (br.Observation, brst.observations()),
    (br.ReportedFigure, brst.reported_figures()),
]


def problems(data: object, cls: Any, path: str = "$") -> list[tuple[str, str | None]]:
    with pytest.raises(br.ValidationError) as info:
        br.structure(data, cls, path)
    return [(p.code, p.location.path) for p in info.value.problems]


class TestRoundTrip:
    """structure(unstructure(x)) == x for every model, through JSON-compatible data."""

    @pytest.mark.parametrize(("cls", "strategy"), RECORDS, ids=[c.__name__ for c, _ in RECORDS])
    @given(data=st.data())
    def test_round_trip(self, cls: type[Any], strategy: st.SearchStrategy[Any], data: Any) -> None:
        import json

        record = data.draw(strategy)
        plain = br.unstructure(record)
        assert record == br.structure(json.loads(json.dumps(plain)), cls)

    def test_unstructured_form(self) -> None:
        person = br.Person(
            "syn-p-1",
            names=(br.Name("Aliaksandra", "Syntetyk"),),
            gender=br.Gender.FEMALE,
            birth=br.PartialDate.parse("1990-03"),
            roles=frozenset({br.Role.STUDENT, br.Role.JOURNALIST}),
        )
        plain = br.unstructure(person)
        assert "1990-03" == plain["birth"]
        assert ["journalist", "student"] == plain["roles"]
        assert "female" == plain["gender"]
        assert str is type(plain["gender"])
        assert str is type(plain["roles"][0])
        assert {
            "given": "Aliaksandra",
            "family": "Syntetyk",
            "patronymic": None,
            "lang": "be",
            "script": "Latn",
            "system": None,
        } == plain["names"][0]

    def test_figure_filter_is_an_object(self) -> None:
        plain = {
            "id": "f",
            "metric": "political_prisoners",
            "value": 175,
            "qualifier": "exact",
            "as_of": "2025-08-01",
            "source": "src",
            "filter": {"role": "journalist", "gender": "female"},
        }
        figure = br.structure(plain, br.ReportedFigure)
        assert (("gender", "female"), ("role", "journalist")) == figure.filter
        assert {"gender": "female", "role": "journalist"} == br.unstructure(figure)["filter"]

    def test_optional_fields_may_be_left_out(self) -> None:
        assert br.Person("p") == br.structure({"id": "p"}, br.Person)

    def test_make_converter_builds_an_independent_converter(self) -> None:
        conv = br.make_converter()
        assert br.Term(5) == conv.structure({"years": 5}, br.Term)


class TestEveryProblemReported:
    """Bad input raises ValidationError listing every bad field with its JSON path."""

    def test_every_bad_field_of_a_list_of_records(self) -> None:
        data = [
            {"id": "p1", "gender": "f", "birth": "1990-13", "roles": "journalist", "x": 1},
            {"id": 7, "names": [{"given": "A"}], "synthetic": "yes"},
            {"id": "p3", "recognition": "recognized", "recognized": "2021-02-30"},
            "not a record",
        ]
        assert [
            ("enum.unknown", "$.persons[0].gender"),
            ("date.invalid", "$.persons[0].birth"),
            ("type.invalid", "$.persons[0].roles"),
            ("field.unknown", "$.persons[0].x"),
            ("type.invalid", "$.persons[1].id"),
            ("field.missing", "$.persons[1].names[0].family"),
            ("type.invalid", "$.persons[1].synthetic"),
            ("date.invalid", "$.persons[2].recognized"),
            ("type.invalid", "$.persons[3]"),
        ] == problems(data, tuple[br.Person, ...], "$.persons")

    def test_problem_carries_value_message_and_record(self) -> None:
        with pytest.raises(br.ValidationError) as info:
            br.structure([{"id": "p1", "birth": "yesterday"}], tuple[br.Person, ...], "$.persons")
        (problem,) = info.value.problems
        assert "'yesterday'" == problem.value
        assert "p1" == problem.location.record
        assert "not a date" in problem.message
        assert br.Severity.ERROR is problem.severity

    def test_record_rules_are_reported_with_paths(self) -> None:
        data = {"id": "c", "person_id": "", "start": "2021", "end": "2020", "expelled": False}
        assert [("id.empty", "$.person_id"), ("range.reversed", "$.end")] == problems(
            data, br.CustodySpell
        )

    @pytest.mark.parametrize(
        ("value", "code"),
        [
            ("1", "type.invalid"),
            (1.5, "type.invalid"),
            (True, "type.invalid"),
            (None, "type.invalid"),
            (-1, "count.negative"),
        ],
    )
    def test_strict_integers(self, value: object, code: str) -> None:
        data = {"id": "w", "date": "2024-08-16", "announced_count": value}
        if value is None:
            assert br.structure(data, br.PardonWave).announced_count is None
        else:
            assert [(code, "$.announced_count")] == problems(data, br.PardonWave)

    @pytest.mark.parametrize("value", [1, 0, "true", None])
    def test_strict_booleans(self, value: object) -> None:
        data = {"id": "s", "person_id": "p", "start": "2021", "expelled": value}
        assert [("type.invalid", "$.expelled")] == problems(data, br.CustodySpell)

    def test_a_string_is_not_a_list(self) -> None:
        assert [("type.invalid", "$.judges")] == problems(
            {"id": "c", "person_id": "p", "judges": "A, B"}, br.Conviction
        )

    def test_non_text_date(self) -> None:
        assert [("type.invalid", "$.start")] == problems(
            {"id": "s", "person_id": "p", "start": 2021}, br.CustodySpell
        )

    def test_plain_date_field(self) -> None:
        assert [("date.invalid", "$.accessed")] == problems(
            {"id": "s", "name": "n", "accessed": "2021-08"}, br.Source
        )
        assert [("date.invalid", "$.accessed")] == problems(
            {"id": "s", "name": "n", "accessed": "2021-02-30"}, br.Source
        )

    def test_nested_article_problems(self) -> None:
        data = {"id": "c", "person_id": "p", "articles": [{"article": "342"}, {"article": "x"}]}
        assert [("article.malformed", "$.articles[1].article")] == problems(data, br.Conviction)

    def test_filter_must_be_an_object_of_text(self) -> None:
        base = {
            "id": "f",
            "metric": "convictions",
            "value": 1,
            "qualifier": "exact",
            "as_of": "2025",
            "source": "s",
        }
        assert [("type.invalid", "$.filter")] == problems(
            {**base, "filter": ["gender"]}, br.ReportedFigure
        )
        assert [("type.invalid", "$.filter")] == problems(
            {**base, "filter": {"gender": 1}}, br.ReportedFigure
        )

    def test_message_lists_every_problem(self) -> None:
        with pytest.raises(br.ValidationError) as info:
            br.structure({"id": 1, "gender": 2}, br.Person)
        text = str(info.value)
        assert text.startswith("2 errors, 0 warnings:")
        assert "$.id" in text
        assert "$.gender" in text
