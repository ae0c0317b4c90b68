from __future__ import annotations

import datetime as dt

import attrs
import pytest

import belarus_repression as br

D = br.PartialDate.parse


def codes(exc: pytest.ExceptionInfo[br.ValidationError]) -> list[tuple[str, str | None]]:
    return [(p.code, p.location.path) for p in exc.value.problems]


class TestRecordChecks:
    """Each record reports every broken rule of its own fields at once, by field name."""

    def test_custody_spell_reports_all_problems(self) -> None:
        with pytest.raises(br.ValidationError) as info:
            br.CustodySpell(
                id=" ",
                person_id="",
                start=D("2021-05-01"),
                end=D("2020-01"),
                end_reason=br.EndReason.SENTENCE_SERVED,
                pardon_wave="w1",
                sources=("",),
            )
        assert [
            ("id.empty", "id"),
            ("id.empty", "person_id"),
            ("id.empty", "sources[0]"),
            ("range.reversed", "end"),
            ("field.inconsistent", "pardon_wave"),
        ] == codes(info)

    def test_open_spell_has_no_end_reason_and_is_not_expelled(self) -> None:
        with pytest.raises(br.ValidationError) as info:
            br.CustodySpell("s", "p", D("2021"), end_reason=br.EndReason.PARDON, expelled=True)
        assert [("field.inconsistent", "end_reason"), ("field.inconsistent", "expelled")] == codes(
            info
        )

    def test_partially_known_end_that_may_follow_start_is_kept(self) -> None:
        spell = br.CustodySpell("s", "p", D("2021-05-20"), end=D("2021-05"))
        assert D("2021-05") == spell.end

    def test_counts_must_not_be_negative(self) -> None:
        with pytest.raises(br.ValidationError) as info:
            br.PardonWave("w", D("2024-08-16"), announced_count=-1)
        assert [("count.negative", "announced_count")] == codes(info)
        with pytest.raises(br.ValidationError) as info:
            br.Sentence(br.SentenceKind.FINE, fine_base_units=-5)
        assert [("count.negative", "fine_base_units")] == codes(info)

    def test_person_checks(self) -> None:
        with pytest.raises(br.ValidationError) as info:
            br.Person(
                "p",
                citizenship=frozenset({"by", "BY"}),
                recognition=br.Recognition.UNKNOWN,
                recognized=D("2021"),
            )
        assert [("value.invalid", "citizenship"), ("field.inconsistent", "recognized")] == codes(
            info
        )

    def test_name_needs_some_name_and_a_language_code(self) -> None:
        with pytest.raises(br.ValidationError) as info:
            br.Name(
                "",
                " ",
                lang="Belarusian",
                script=br.Script.CYRILLIC,
                system=br.TransliterationSystem.ICAO,
            )
        assert [
            ("value.invalid", "given"),
            ("value.invalid", "lang"),
            ("field.inconsistent", "system"),
        ] == codes(info)

    def test_observation_range(self) -> None:
        with pytest.raises(br.ValidationError) as info:
            br.Observation("o", "p", br.ObservationKind.INCOMMUNICADO, D("2023"), D("2022"))
        assert [("range.reversed", "end")] == codes(info)

    def test_source_needs_a_name(self) -> None:
        with pytest.raises(br.ValidationError) as info:
            br.Source("src", "")
        assert [("value.invalid", "name")] == codes(info)

    def test_records_are_frozen(self) -> None:
        person = br.Person("p")
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            person.id = "q"  # type: ignore[misc]


class TestArticleRef:
    """Article numbers are well formed; the text form round-trips."""

    @pytest.mark.parametrize("article", ["342", "361-1", "13", "130-1", "361-4"])
    def test_well_formed(self, article: str) -> None:
        assert article == br.ArticleRef(article).article

    @pytest.mark.parametrize(
        "article", ["", "0", "342a", "361-", "-1", "1234", "361-1-2", "art. 342"]
    )
    def test_malformed(self, article: str) -> None:
        with pytest.raises(br.ValidationError) as info:
            br.ArticleRef(article)
        assert [("article.malformed", "article")] == codes(info)

    def test_part_and_flags(self) -> None:
        with pytest.raises(br.ValidationError) as info:
            br.ArticleRef("293", part=0, preparation=True, attempt=True)
        assert [("article.malformed", "part"), ("field.inconsistent", "attempt")] == codes(info)

    @pytest.mark.parametrize(
        ("ref", "text"),
        [
            (br.ArticleRef("342"), "342"),
            (br.ArticleRef("293", 2), "293 p.2"),
            (br.ArticleRef("293", 1, preparation=True), "293 p.1 (preparation)"),
            (br.ArticleRef("361-1", attempt=True), "361-1 (attempt)"),
        ],
    )
    def test_text_form(self, ref: br.ArticleRef, text: str) -> None:
        assert text == str(ref)
        assert ref == br.ArticleRef.parse(text)

    @pytest.mark.parametrize("text", ["art. 342", "293 part 2", "293 p.x", ""])
    def test_parse_refuses_other_text(self, text: str) -> None:
        with pytest.raises(br.ValidationError):
            br.ArticleRef.parse(text)


class TestTerm:
    """Term components stay in range; life terms have none."""

    @pytest.mark.parametrize(
        ("kwargs", "expected"),
        [
            ({"years": 51}, [("term.out_of_range", "years")]),
            ({"years": 1, "months": 12}, [("term.out_of_range", "months")]),
            ({"years": 1, "days": -1}, [("term.out_of_range", "days")]),
            ({}, [("term.out_of_range", "years")]),
            ({"years": 2, "life": True}, [("field.inconsistent", "life")]),
        ],
    )
    def test_out_of_range(self, kwargs: dict[str, int], expected: list[tuple[str, str]]) -> None:
        with pytest.raises(br.ValidationError) as info:
            br.Term(**kwargs)  # type: ignore[arg-type]
        assert expected == codes(info)

    def test_of_months_normalises(self) -> None:
        assert br.Term(years=1, months=7) == br.Term.of_months(19)
        assert 19 == br.Term.of_months(19).total_months

    def test_text(self) -> None:
        assert "4 years 6 months" == str(br.Term(4, 6))
        assert "1 year 1 day" == str(br.Term(1, 0, 1))
        assert "life" == str(br.Term(life=True))
        assert br.Term(life=True).total_months is None


class TestSentence:
    """Kind, term and regime agree."""

    def test_regime_only_with_imprisonment(self) -> None:
        with pytest.raises(br.ValidationError) as info:
            br.Sentence(br.SentenceKind.FINE, regime=br.Regime.STRICT)
        assert [("field.inconsistent", "regime")] == codes(info)

    def test_life_term_only_with_life_kind(self) -> None:
        with pytest.raises(br.ValidationError):
            br.Sentence(br.SentenceKind.IMPRISONMENT, term=br.Term(life=True))
        with pytest.raises(br.ValidationError):
            br.Sentence(br.SentenceKind.LIFE, term=br.Term(5))
        assert br.Sentence(br.SentenceKind.LIFE, term=br.Term(life=True)).term

    def test_death_has_no_term(self) -> None:
        with pytest.raises(br.ValidationError):
            br.Sentence(br.SentenceKind.DEATH, term=br.Term(5))


class TestReportedFigure:
    """Published figures keep their qualifier, period and filter."""

    def test_filter_keys_are_known_and_sorted(self) -> None:
        with pytest.raises(br.ValidationError) as info:
            br.ReportedFigure(
                "f",
                br.Metric.POLITICAL_PRISONERS,
                175,
                br.RecordQualifier.EXACT,
                D("2025-08-01"),
                "src",
                filter=(("role", "journalist"), ("gender", "female"), ("colour", "red")),
            )
        assert [("value.invalid", "filter"), ("value.invalid", "filter")] == codes(info)

    def test_period_must_start_before_as_of(self) -> None:
        with pytest.raises(br.ValidationError) as info:
            br.ReportedFigure(
                "f",
                br.Metric.CONVICTIONS,
                7239,
                br.RecordQualifier.EXACT,
                D("2025-08-01"),
                "src",
                period_start=D("2026"),
            )
        assert [("range.reversed", "as_of")] == codes(info)


class TestPersonName:
    """The first name form is the primary one."""

    def test_primary_name(self) -> None:
        names = (br.Name("Aliaksandra", "Syntetyk"), br.Name("Александра", "Синтетик", lang="ru"))
        person = br.Person("syn-p-1", names=names)
        assert names[0] == person.name
        assert "Aliaksandra Syntetyk" == str(person.name)
        assert br.Person("syn-p-2").name is None

    def test_dates_are_plain_dates(self) -> None:
        src = br.Source("s", "A report", accessed=dt.date(2025, 8, 1))
        assert dt.date(2025, 8, 1) == src.accessed
