"""A question that matches nothing says so: ``where=``, ``by=`` and ``Figures.select``.

Keys and values are checked against the field's vocabulary (an unknown one raises
``UnknownKeyError`` listing the known ones); a well-formed value that no record has gives an
honest zero; articles are read by the one article reader the importers use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import belarus_repression as br
from belarus_repression import strategies as brst
from belarus_repression._articles import read_article
from belarus_repression._groups import BY_KEYS, WHERE_KEYS
from belarus_repression.importers._viasna_fields import parse_article

D = br.PartialDate.parse
AS_OF = dt.date(2025, 8, 1)
DAY = dt.date(2024, 1, 1)
ENUM_KEYS: dict[str, type[br.Gender | br.Region | br.Role | br.Recognition | br.SentenceKind]] = {
    "gender": br.Gender,
    "recognition": br.Recognition,
    "region": br.Region,
    "role": br.Role,
    "sentence_kind": br.SentenceKind,
}
#: Keys whose ``by=`` breakdown has an ``unknown`` group of people without a value.
NONE_KEYS = ("article", "citizenship", "region", "role", "sentence_kind")


def convicted(
    pid: str, *refs: br.ArticleRef, gender: br.Gender = br.Gender.MALE, **kw: object
) -> tuple[br.Person, br.CustodySpell, br.Conviction]:
    """An invented person held since 2021, with one verdict under *refs*."""
    return (
        br.Person(pid, gender=gender, **kw),  # type: ignore[arg-type]
        br.CustodySpell(f"{pid}-s", pid, D("2021-01-01")),
        br.Conviction(
            f"{pid}-c",
            pid,
            verdict=D("2021-06-01"),
            articles=refs,
            sentence=br.Sentence(br.SentenceKind.IMPRISONMENT, br.Term(3)),
        ),
    )


def riots() -> br.Dataset:
    """Three people under 293 p.2, one under 293 with no part, one under 342, one with none."""
    rows = [
        convicted("syn-p-1", br.ArticleRef("293", 2), gender=br.Gender.FEMALE),
        convicted("syn-p-2", br.ArticleRef("293", 2), citizenship=frozenset({"BY"})),
        convicted("syn-p-3", br.ArticleRef("293", 2), br.ArticleRef("342")),
        convicted("syn-p-4", br.ArticleRef("293")),
        convicted("syn-p-5", br.ArticleRef("342", 1), region=br.Region.BREST),
        convicted("syn-p-6", br.ArticleRef("293", 1, preparation=True)),
    ]
    no_verdict = br.Person("syn-p-7", roles=frozenset({br.Role.JOURNALIST}))
    return br.Dataset(
        AS_OF,
        persons=(*(r[0] for r in rows), no_verdict),
        custody=(*(r[1] for r in rows), br.CustodySpell("syn-p-7-s", "syn-p-7", D("2022-03"))),
        convictions=tuple(r[2] for r in rows),
        synthetic=True,
    )


def held(where: object) -> int:
    """People held on DAY in the riots dataset (every date is exact: low == high)."""
    count = br.in_custody(riots(), DAY, where=where)  # type: ignore[arg-type]
    assert count.low == count.high
    return count.low


class TestArticleReader:
    """One reader reads every form of an article that people and sources write."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("293", br.ArticleRef("293")),
            ("293 p.2", br.ArticleRef("293", 2)),
            ("293 P. 2", br.ArticleRef("293", 2)),
            ("Art. 293 part 2", br.ArticleRef("293", 2)),
            ("Part 2 of Art. 293", br.ArticleRef("293", 2)),
            ("Art. 342(1)", br.ArticleRef("342", 1)),
            ("Art. 342", br.ArticleRef("342")),
            ("article 361-1", br.ArticleRef("361-1")),
            ("ст. 342", br.ArticleRef("342")),
            ("ч.2 ст.293", br.ArticleRef("293", 2)),
            ("ч. 2 ст. 293 УК РБ", br.ArticleRef("293", 2)),
            ("часть 2 статьи 293", br.ArticleRef("293", 2)),
            ("ст. 293 ч. 2", br.ArticleRef("293", 2)),
            ("арт. 342", br.ArticleRef("342")),
            ("293 p.1 (preparation)", br.ArticleRef("293", 1, preparation=True)),
            ("ч.1 ст.13, ч.2 ст.293", br.ArticleRef("293", 2, preparation=True)),
            ("Article 14 and Part 1 of Art. 364", br.ArticleRef("364", 1, attempt=True)),
            ("Art. 342 of the Criminal Code", br.ArticleRef("342")),
        ],
    )
    def test_forms(self, text: str, expected: br.ArticleRef) -> None:
        """Each form reads as the article it names."""
        assert expected == read_article(text)

    @pytest.mark.parametrize(
        "text", ["abc", "", "293, 342", "342bis", "0", "part 0 of art. 293", "п. 2 ст. 293"]
    )
    def test_other_text_is_refused(self, text: str) -> None:
        """Text that is not one article is refused, never guessed (a point is not a part)."""
        with pytest.raises(br.ValidationError) as info:
            read_article(text)
        assert {"article.malformed"} == {p.code for p in info.value.problems}

    def test_the_importer_uses_it(self) -> None:
        """The Viasna importer reads its cells with the same reader, as a source cites them."""
        text = "ч.2 ст.293 УК — Участие в массовых беспорядках"
        assert (br.ArticleRef("293", 2), None) == parse_article(text)
        assert read_article("ч.2 ст.293") == parse_article(text)[0]

    def test_files_keep_their_own_form(self) -> None:
        """``ArticleRef.parse`` reads only the text form files hold, with the same reader."""
        assert br.ArticleRef("293", 2) == br.ArticleRef.parse("293 p.2")
        with pytest.raises(br.ValidationError):
            br.ArticleRef.parse("Art. 293 part 2")

    def test_catalogue_lookup_reads_any_form(self) -> None:
        """``article()`` finds a catalogue entry from any form of the article."""
        assert br.article("293 p.2") == br.article("Art. 293 part 2") == br.article("ч.2 ст.293")

    @given(brst.article_refs())
    def test_text_form_round_trips(self, ref: br.ArticleRef) -> None:
        """Every article reads back from its text form, and from the English form."""
        assert ref == read_article(str(ref))
        assert ref == br.ArticleRef.parse(str(ref))
        if not (ref.preparation or ref.attempt):
            english = f"Art. {ref.article}" + ("" if ref.part is None else f" part {ref.part}")
            assert ref == read_article(english)


class TestArticleFilter:
    """``where={"article": ...}`` counts the people the article names (the issue's failures)."""

    def test_part_is_honoured(self) -> None:
        """``"293 p.2"`` counts the three people with part 2 (it counted 0)."""
        assert 3 == held({"article": "293 p.2"})

    @pytest.mark.parametrize(
        "value", ["Art. 293 part 2", "ч. 2 ст. 293", br.ArticleRef("293", 2), "Part 2 of Art. 293"]
    )
    def test_every_form_asks_the_same(self, value: object) -> None:
        """Every form of article 293 part 2 gives the same count."""
        assert 3 == held({"article": value})

    @pytest.mark.parametrize("value", ["Art. 342", "ст. 342", "342", 342, br.ArticleRef("342")])
    def test_article_without_part_matches_every_part(self, value: object) -> None:
        """``"Art. 342"`` counts people under any part of 342 (it counted 0)."""
        assert 2 == held({"article": value})

    def test_any_part_and_preparation(self) -> None:
        """``"293"`` counts every part of 293, the unknown part and preparation of it."""
        assert 5 == held({"article": "293"})
        assert 1 == held({"article": "293 (preparation)"})
        assert 1 == held({"article": "293 p.1"})

    def test_a_part_filter_does_not_guess_an_unknown_part(self) -> None:
        """A verdict recorded without a part does not match a filter naming one."""
        assert 0 == held({"article": "293 p.3"})
        assert 1 == held(lambda p: p.id == "syn-p-4")
        assert 1 == held({"article": "293"}) - held({"article": ["293 p.2", "293 p.1"]})

    def test_any_of_several(self) -> None:
        """A list, tuple or set of articles means any of them."""
        assert 4 == held({"article": ["293 p.2", "Art. 342 part 1"]})
        assert 4 == held({"article": ("293 p.2", "342 p.1")})
        assert 4 == held({"article": {br.ArticleRef("293", 2), "ст. 342"}})

    def test_well_formed_article_no_one_has_counts_zero(self) -> None:
        """An article outside the catalogue, or one nobody has, is an honest zero."""
        assert "999" not in {e.ref.article for e in br.criminal_code()}
        assert 0 == held({"article": "999"})
        assert 0 == held({"article": "361-1"})

    def test_unknown_selects_people_without_articles(self) -> None:
        """``"unknown"`` selects the people in the ``unknown`` group of ``by="article"``."""
        assert 1 == held({"article": "unknown"})

    @pytest.mark.parametrize("value", ["abc", "293, 342", "Art. x", 2.5, None, b"293"])
    def test_malformed_article_raises(self, value: object) -> None:
        """Text that is not an article raises ``UnknownKeyError`` naming the catalogue."""
        with pytest.raises(br.UnknownKeyError, match="value for 'article'") as info:
            held({"article": value})
        assert "342" in info.value.known

    def test_convictions_use_the_same_filter(self) -> None:
        """``convictions`` counts the verdicts of the people the filter selects."""
        assert br.Count(3, 3, AS_OF) == br.convictions(riots(), where={"article": "293 p.2"})


class TestWhereValues:
    """Values are checked against the key's vocabulary; every known value is accepted."""

    def test_women_raises_listing_the_genders(self) -> None:
        """``gender="women"`` raises and lists female, male and unknown."""
        with pytest.raises(br.UnknownKeyError) as info:
            held({"gender": "women"})
        assert ("female", "male", "unknown") == info.value.known
        assert "women" == info.value.key

    @pytest.mark.parametrize("value", ["female", "Female", "FEMALE", br.Gender.FEMALE])
    def test_enum_member_or_text_in_any_case(self, value: object) -> None:
        """An enum member or its text, in any letter case, asks the same."""
        assert 1 == held({"gender": value})

    def test_a_member_of_another_vocabulary_raises(self) -> None:
        """A member of the wrong enum is not read as its text."""
        with pytest.raises(br.UnknownKeyError):
            held({"gender": br.Recognition.UNKNOWN})

    @pytest.mark.parametrize("value", ["BY", "by", "By", ["by", "ua"]])
    def test_citizenship_in_any_case(self, value: object) -> None:
        """A two-letter country code is read in any letter case."""
        assert 1 == held({"citizenship": value})

    @pytest.mark.parametrize("value", ["BLR", "B", "Belarus", "", "B1", 375])
    def test_citizenship_other_than_two_letters_raises(self, value: object) -> None:
        """Anything but two letters is not a country code."""
        with pytest.raises(br.UnknownKeyError, match="ISO 3166"):
            held({"citizenship": value})

    def test_well_formed_code_no_one_has_counts_zero(self) -> None:
        """A code no record has is an honest zero."""
        assert 0 == held({"citizenship": "pl"})

    def test_unknown_selects_people_without_a_value(self) -> None:
        """``"unknown"`` selects those in the ``unknown`` group of the same ``by=`` key."""
        assert 6 == held({"region": "unknown"})
        assert 6 == held({"role": "unknown"})
        assert 6 == held({"citizenship": "unknown"})
        assert 1 == held({"sentence_kind": "unknown"})

    def test_empty_choice_selects_no_one(self) -> None:
        """Any of no values is no one."""
        assert 0 == held({"gender": []})

    @pytest.mark.parametrize(
        ("key", "value"),
        [
            *((key, member) for key, enum in ENUM_KEYS.items() for member in enum),
            *((key, member.value) for key, enum in ENUM_KEYS.items() for member in enum),
            *((key, "unknown") for key in NONE_KEYS),
            *(("article", str(entry.ref)) for entry in br.criminal_code()),
            ("citizenship", "BY"),
        ],
    )
    def test_every_known_value_is_accepted(self, key: str, value: object) -> None:
        """Every value of every key's vocabulary is accepted, and listed when one is not."""
        assert held({key: value}) >= 0
        if key in ENUM_KEYS:
            with pytest.raises(br.UnknownKeyError) as info:
                held({key: "no such value"})
            assert str(getattr(value, "value", value)) in info.value.known

    @given(st.sampled_from(WHERE_KEYS), st.text(max_size=12))
    def test_random_unknown_text_raises(self, key: str, text: str) -> None:
        """A text outside a key's vocabulary raises ``UnknownKeyError``."""
        assume(text.casefold() != "unknown")
        if key in ENUM_KEYS:
            assume(text.casefold() not in {m.value for m in ENUM_KEYS[key]})
        elif key == "citizenship":
            assume(not (len(text) == 2 and text.isascii() and text.isalpha()))
        else:
            try:
                read_article(text)
            except br.ValidationError:
                pass
            else:
                assume(False)
        with pytest.raises(br.UnknownKeyError):
            held({key: text})

    def test_unknown_key_raises_listing_the_keys(self) -> None:
        """An unknown key raises and lists the keys ``where=`` knows."""
        with pytest.raises(br.UnknownKeyError, match="filter key") as info:
            held({"sex": "female"})
        assert WHERE_KEYS == info.value.known


COUNTS: dict[str, Callable[..., object]] = {
    "in_custody": lambda ds, **kw: br.in_custody(ds, DAY, **kw),
    "convictions": br.convictions,
    "releases": br.releases,
    "deaths_in_custody": br.deaths_in_custody,
    "pardons": br.pardons,
    "observed": lambda ds, **kw: br.observed(ds, "incommunicado", DAY, **kw),
}


class TestEveryCountingFunction:
    """Every counting function checks ``where=`` and ``by=`` before it counts."""

    @pytest.mark.parametrize("name", sorted(COUNTS))
    @pytest.mark.parametrize(
        "where", [{"gender": "women"}, {"colour": "red"}, {"article": "abc"}, {"region": "Minsk"}]
    )
    def test_bad_where_raises(self, name: str, where: dict[str, object]) -> None:
        """A bad filter raises, on a full dataset and on an empty one."""
        for ds in (riots(), br.Dataset(AS_OF)):
            with pytest.raises(br.UnknownKeyError):
                COUNTS[name](ds, where=where)

    @pytest.mark.parametrize("name", sorted(COUNTS))
    def test_bad_by_raises_even_with_nothing_to_count(self, name: str) -> None:
        """A bad breakdown key raises even when no record would be grouped."""
        for ds in (riots(), br.Dataset(AS_OF)):
            with pytest.raises(br.UnknownKeyError, match="breakdown key"):
                COUNTS[name](ds, by="colour")

    def test_summaries_and_series_check_where(self) -> None:
        """Summaries and time series refuse a bad filter too."""
        ds = riots()
        with pytest.raises(br.UnknownKeyError):
            br.term_summary(ds, where={"gender": "women"})
        with pytest.raises(br.UnknownKeyError):
            br.time_served_summary(ds, where={"gender": "women"})
        with pytest.raises(br.UnknownKeyError):
            br.time_series(ds, "2021-01-01", "2022-01-01", where={"gender": "women"})

    def test_a_cached_index_does_not_hide_a_bad_filter(self) -> None:
        """Once an index is cached, a misspelt filter still raises; equal ones share it."""
        ds = riots()
        br.time_series(ds, "2021-01-01", "2022-01-01", where={"gender": "female"})
        assert br.Count(1, 1) == br.in_custody(ds, DAY, where={"gender": "Female"})
        with pytest.raises(br.UnknownKeyError):
            br.in_custody(ds, DAY, where={"gender": "women"})

    def test_breakdown_with_filter(self) -> None:
        """``by=`` and ``where=`` combine: the breakdown of the people selected."""
        result = br.in_custody(riots(), DAY, where={"article": "Art. 293 part 2"}, by="gender")
        assert {"female": br.Count(1, 1), "male": br.Count(2, 2)} == dict(result)
        by_article = br.convictions(riots(), where={"article": "ст. 342"}, by="article")
        assert ["293", "342"] == list(by_article)


small_datasets = brst.datasets(max_persons=4, as_of=st.just(AS_OF))


def verdicts_under(ds: br.Dataset, asked: br.ArticleRef) -> list[br.Conviction]:
    """The verdicts under *asked*, written out without the library's filter."""
    found = []
    for conviction in ds.convictions:
        for ref in conviction.articles:
            if ref.article != asked.article:
                continue
            if asked.part is not None and ref.part != asked.part:
                continue
            if (asked.preparation and not ref.preparation) or (asked.attempt and not ref.attempt):
                continue
            found.append(conviction)
            break
    return found


def by_hand(ds: br.Dataset, asked: br.ArticleRef) -> Callable[[br.Person], bool]:
    """The people with a verdict under *asked*, written out without the library's filter."""
    people = {c.person_id for c in verdicts_under(ds, asked)}
    return lambda person: person.id in people


class TestProperties:
    """The article filter is the hand-written predicate; each group can be asked back."""

    @given(small_datasets, st.dates(dt.date(2020, 1, 1), AS_OF), st.data())
    def test_article_filter_is_the_hand_predicate(
        self, ds: br.Dataset, day: dt.date, data: st.DataObject
    ) -> None:
        """For any article in a dataset, ``where`` by its text counts as a hand-written filter.

        People for the counts of people; verdicts under the article for ``convictions``.
        """
        articles = sorted({ref for c in ds.convictions for ref in c.articles}, key=str)
        assume(articles)
        asked = data.draw(st.sampled_from(articles))
        for text in (str(asked), asked.article):
            hand = by_hand(ds, read_article(text))
            assert br.in_custody(ds, day, where=hand) == br.in_custody(
                ds, day, where={"article": text}
            )
            n = len(verdicts_under(ds, read_article(text)))  # every verdict is by as_of
            assert br.Count(n, n, ds.as_of) == br.convictions(ds, where={"article": text})
            assert br.releases(ds, where=hand) == br.releases(ds, where={"article": text})

    @given(
        small_datasets,
        st.dates(dt.date(2020, 1, 1), AS_OF),
        st.sampled_from(sorted(set(WHERE_KEYS) & set(BY_KEYS))),
    )
    def test_every_group_can_be_asked_back(self, ds: br.Dataset, day: dt.date, key: str) -> None:
        """``where={key: group}`` counts what the group of ``by=key`` counts."""
        breakdown = br.in_custody(ds, day, by=key)
        for group, count in breakdown.items():
            assert count == br.in_custody(ds, day, where={key: group})


class TestFiguresSelect:
    """``Figures.select`` refuses what it does not know and reads dates in any form."""

    def test_as_of_selects_the_figures_of_the_day(self) -> None:
        """``as_of="2025-08-01"`` selects that day's figures (it selected none)."""
        chosen = br.reported_figures().select("political_prisoners", as_of="2025-08-01")
        assert [1184, 175, 37] == [f.value for f in chosen]

    @pytest.mark.parametrize(
        "day",
        [
            "2025-08-01",
            "01.08.2025",
            dt.date(2025, 8, 1),
            dt.datetime(2025, 8, 1, 15, 30),
            pd.Timestamp("2025-08-01"),
            np.datetime64("2025-08-01"),
            br.PartialDate.parse("2025-08-01"),
        ],
    )
    def test_as_of_in_any_form(self, day: object) -> None:
        """A day in any form the library reads selects the same figures."""
        figures = br.reported_figures()
        expected = figures.select("political_prisoners", as_of="2025-08-01")
        assert expected == figures.select("political_prisoners", as_of=day)  # type: ignore[arg-type]

    def test_a_day_inside_a_vague_date(self) -> None:
        """A figure "as of July 2023" is selected by a day of July 2023 and by the month."""
        figures = br.reported_figures()
        by_day = figures.select("political_prisoners", as_of="2023-07-15")
        assert ["2023-07~", "2023-07~"] == [str(f.as_of) for f in by_day]
        assert by_day == figures.select("political_prisoners", as_of="2023-07")

    @pytest.mark.parametrize(
        "metric", [br.Metric.POLITICAL_PRISONERS, "political_prisoners", "Political_Prisoners"]
    )
    def test_metric_or_its_text(self, metric: object) -> None:
        """A ``Metric`` or its text, in any letter case, selects the same figures."""
        figures = br.reported_figures()
        expected = figures.select(br.Metric.POLITICAL_PRISONERS, gender="female")
        assert 0 < len(expected)
        assert expected == figures.select(metric, gender="Female")  # type: ignore[arg-type]

    def test_misspelt_metric_raises(self) -> None:
        """``"political prisoners"`` raises listing the metrics (it selected none)."""
        with pytest.raises(br.UnknownKeyError, match="metric") as info:
            br.reported_figures().select("political prisoners")
        assert "political_prisoners" in info.value.known

    def test_misspelt_value_raises(self) -> None:
        """``gender="women"`` raises listing the genders (it selected none)."""
        with pytest.raises(br.UnknownKeyError) as info:
            br.reported_figures().select("political_prisoners", gender="women")
        assert ("female", "male", "unknown") == info.value.known

    def test_unknown_filter_key_raises(self) -> None:
        """A key figures are not filtered by raises, listing those they are."""
        with pytest.raises(br.UnknownKeyError, match="figure filter key") as info:
            br.reported_figures().select("political_prisoners", sex="female")
        assert "gender" in info.value.known

    def test_a_date_that_is_not_one_raises(self) -> None:
        """An ``as_of`` that is not a date raises ``ValidationError``."""
        with pytest.raises(br.ValidationError):
            br.reported_figures().select("political_prisoners", as_of="yesterday")

    def test_well_put_question_with_no_answer_is_empty(self) -> None:
        """Valid arguments that no figure answers give an empty selection."""
        figures = br.reported_figures()
        assert 0 == len(figures.select("political_prisoners", gender="male"))
        assert 0 == len(figures.select("political_prisoners", as_of="2019-01-01"))
        assert 0 == len(figures.select("convictions", article="Art. 342"))

    def test_several_values_mean_any(self) -> None:
        """A list of values selects the figures of any of them, and only those subgroups."""
        figures = br.reported_figures()
        both = figures.select("political_prisoners", gender=["female", "male"])
        assert figures.select("political_prisoners", gender="female") == both

    @given(st.lists(brst.reported_figures(), max_size=6))
    def test_every_figure_is_selected_by_its_own_description(
        self, drawn: list[br.ReportedFigure]
    ) -> None:
        """A figure's own metric, date and subgroup select it, and only figures like it."""
        figures = br.Figures(tuple(drawn), {})
        for figure in drawn:
            chosen = figures.select(
                figure.metric.value, as_of=str(figure.as_of), **dict(figure.filter)
            )
            assert figure in chosen
            for other in chosen:
                assert figure.metric is other.metric
                assert figure.as_of.overlaps(other.as_of)
                assert not figure.filter or figure.filter == other.filter


class TestVerdictKeys:
    """For verdicts, article and sentence kind select the verdicts themselves."""

    def test_a_person_with_two_verdicts(self) -> None:
        ds = br.Dataset(
            "2025-08-01",
            persons=[br.Person("syn-p-1")],
            convictions=[
                br.Conviction("syn-c-1", "syn-p-1", "2021-03-01", articles=["342"]),
                br.Conviction(
                    "syn-c-2",
                    "syn-p-1",
                    "2023-03-01",
                    articles=["361-1"],
                    sentence={"kind": "fine", "fine_base_units": 100},
                ),
            ],
        )
        assert 1 == br.convictions(ds, where={"article": "Art. 342"})
        assert 1 == br.convictions(ds, where={"sentence_kind": "fine"})
        assert 0 == br.convictions(ds, where={"article": "342", "sentence_kind": "fine"})
        assert 2 == br.convictions(ds, where=lambda p: p.id == "syn-p-1")
