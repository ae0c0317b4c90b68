"""What a user writes in code: records convert or refuse, days in any form, results as values."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import belarus_repression as br

from .test_converter import RECORDS as EVERY_MODEL

# Every record type (not PartialDate, which is a value, not a record).
RECORDS = [(cls, strategy) for cls, strategy in EVERY_MODEL if cls is not br.PartialDate]


def codes(call: Any) -> list[tuple[str, str | None]]:
    with pytest.raises(br.ValidationError) as info:
        call()
    return sorted((p.code, p.location.path) for p in info.value.problems)


def held_dataset(**person: Any) -> br.Dataset:
    return br.Dataset(
        "2025-08-01",
        persons=[br.Person("syn-p-1", **person)],
        custody=[br.CustodySpell("syn-s-1", "syn-p-1", "2021-03")],
    )


class TestRecordsConvert:
    """Every record converts the forms a user writes, and equals the structured record."""

    @pytest.mark.parametrize(("cls", "strategy"), RECORDS, ids=[c.__name__ for c, _ in RECORDS])
    @given(data=st.data())
    def test_constructor_equals_structure(
        self, cls: type[Any], strategy: st.SearchStrategy[Any], data: Any
    ) -> None:
        record = data.draw(strategy)
        fields = br.unstructure(record)  # JSON values only: text dates, enum text, lists
        assert br.structure(fields, cls) == cls(**fields)
        assert record == cls(**fields)

    def test_enum_text_counts_like_the_enum(self) -> None:
        as_text = held_dataset(gender="female", recognition="recognized", recognized="2021-04")
        as_enum = held_dataset(
            gender=br.Gender.FEMALE,
            recognition=br.Recognition.RECOGNIZED,
            recognized=br.PartialDate.month(2021, 4),
        )
        assert as_enum == as_text
        assert 1 == br.in_custody(as_text, "2025-08-01", recognized_only=True)
        assert {"female": 1} == {
            k: int(v) for k, v in br.in_custody(as_text, "2025-08-01", by="gender").items()
        }

    def test_dates_in_every_form(self) -> None:
        expected = br.PartialDate.day(dt.date(2021, 3, 2))
        for value in (
            "2021-03-02",
            "02.03.2021",
            "2 March 2021",
            dt.date(2021, 3, 2),
            dt.datetime(2021, 3, 2, 18, 30),
            pd.Timestamp("2021-03-02"),
            np.datetime64("2021-03-02"),
        ):
            assert expected == br.CustodySpell("s", "p", value).start, value
        assert br.PartialDate.month(2021, 3) == br.CustodySpell("s", "p", "2021-03").start

    def test_collections_as_lists_or_sets(self) -> None:
        person = br.Person(
            "p", roles=["journalist", br.Role.LAWYER], citizenship={"BY"}, sources={"b", "a"}
        )
        assert frozenset({br.Role.JOURNALIST, br.Role.LAWYER}) == person.roles
        assert frozenset({"BY"}) == person.citizenship
        assert ("a", "b") == person.sources  # a set has no order: it is sorted

    def test_nested_records_as_mappings(self) -> None:
        conviction = br.Conviction(
            "c",
            "p",
            verdict="2021-05",
            articles=[{"article": "342", "part": 1}],
            sentence={"kind": "imprisonment", "term": {"years": 2}, "regime": "general"},
        )
        assert (br.ArticleRef("342", 1),) == conviction.articles
        assert br.Term(2) == conviction.sentence.term  # type: ignore[union-attr]
        figure = br.ReportedFigure(
            "f",
            "political_prisoners",
            175,
            "exact",
            "2025-08-01",
            "src",
            filter={"gender": "female"},
        )
        assert (("gender", "female"),) == figure.filter

    def test_articles_and_names_as_text(self) -> None:
        conviction = br.Conviction("c", "p", articles=["ч.2 ст.293", "Art. 342"])
        assert (br.ArticleRef("293", 2), br.ArticleRef("342")) == conviction.articles
        person = br.Person("p", names=["Янка Сцяпанава"])
        assert br.Name("Янка", "Сцяпанава", lang="be") == person.names[0]
        assert [("article.malformed", "articles[0]"), ("type.invalid", "articles[1]")] == codes(
            lambda: br.Conviction("c", "p", articles=["abc", 5])
        )

    def test_numpy_scalars(self) -> None:
        wave = br.PardonWave("w", "2024-07-03", announced_count=np.int64(18))
        assert 18 == wave.announced_count
        assert int is type(wave.announced_count)
        assert br.CustodySpell("s", "p", "2021", expelled=np.bool_(False)).expelled is False

    def test_every_bad_field_at_once_with_structure_codes(self) -> None:
        got = codes(
            lambda: br.Person(
                "p",
                gender="women",
                roles="journalist",
                birth=1990,
                recognized="not a date",
                synthetic="yes",
                names=[{"given": "Ян", "family": 7}],
            )
        )
        assert [
            ("date.invalid", "recognized"),
            ("enum.unknown", "gender"),
            ("type.invalid", "birth"),
            ("type.invalid", "names[0].family"),
            ("type.invalid", "roles"),
            ("type.invalid", "synthetic"),
        ] == got

    def test_same_codes_as_structure(self) -> None:
        data = {"id": "p", "gender": "women", "birth": "1990-13"}
        with pytest.raises(br.ValidationError) as info:
            br.structure(data, br.Person)
        structured = sorted(p.code for p in info.value.problems)
        assert structured == [c for c, _ in codes(lambda: br.Person(**data))]

    def test_a_float_is_not_an_integer(self) -> None:
        assert [("type.invalid", "announced_count")] == codes(
            lambda: br.PardonWave("w", "2024-07-03", announced_count=18.0)
        )

    def test_typed_values_are_kept_as_they_are(self) -> None:
        start = br.PartialDate.month(2021, 3)
        assert br.CustodySpell("s", "p", start).start is start


class TestNameScript:
    """A name's script comes from its letters; a tag that contradicts them is refused."""

    def test_inferred(self) -> None:
        assert br.Script.CYRILLIC == br.Name("Янка", "Сцяпанава", lang="be").script
        assert br.Script.LATIN == br.Name("Janka", "Sciapanava").script

    def test_contradicted(self) -> None:
        assert [("field.inconsistent", "script")] == codes(
            lambda: br.Name("Янка", "Сцяпанава", script="Latn")
        )

    def test_a_latin_homoglyph_in_cyrillic_text_is_kept(self) -> None:
        assert br.Script.CYRILLIC == br.Name("Кацiя", "Сцяпанава").script  # a Latin i


class TestDataset:
    """A dataset converts its as_of and its tables, and locates every bad record."""

    def test_text_as_of_and_lists(self) -> None:
        ds = br.Dataset(
            "2025-08-01",
            persons=[{"id": "p", "gender": "male"}],
            custody=[br.CustodySpell("s", "p", "2021-03")],
        )
        assert dt.date(2025, 8, 1) == ds.as_of
        assert br.Gender.MALE == ds.persons[0].gender

    def test_bad_records_located(self) -> None:
        assert [
            ("date.invalid", "as_of"),
            ("enum.unknown", "persons[1].gender"),
            ("type.invalid", "persons[0]"),
        ] == codes(lambda: br.Dataset("2025", persons=["p", {"id": "q", "gender": "woman"}]))


class TestOneDayReader:
    """Every function taking a day reads the same forms; text naming more than one is refused."""

    DAYS = (
        "2023-05-01",
        "01.05.2023",
        dt.date(2023, 5, 1),
        dt.datetime(2023, 5, 1, 12),
        pd.Timestamp("2023-05-01"),
        np.datetime64("2023-05-01"),
    )

    @pytest.mark.parametrize("day", DAYS, ids=repr)
    def test_counts(self, day: object) -> None:
        ds = br.synthetic(scale=0.05)
        assert br.in_custody(ds, "2023-05-01") == br.in_custody(ds, day)
        assert br.observed(ds, "incommunicado", "2023-05-01") == br.observed(
            ds, "incommunicado", day
        )
        assert br.convictions(ds, "2022-05-01", "2023-05-01") == br.convictions(
            ds, "2022-05-01", day
        )
        assert br.convictions(ds, "2023-05-01") == br.convictions(ds, day)
        assert br.read_day(day) == br.headline(ds, br.reported_figures(), day).as_of

    @pytest.mark.parametrize("argument", ["start", "end"])
    @pytest.mark.parametrize("text", ["2021", "2021-03", "[2021-01-01..2021-01-05]"])
    def test_more_than_one_day_is_refused_on_either_side(self, argument: str, text: str) -> None:
        ds = br.synthetic(scale=0.05)
        with pytest.raises(br.ValidationError) as info:
            br.convictions(ds, **{argument: text})
        [problem] = info.value.problems
        assert ("date.invalid", argument) == (problem.code, problem.location.path)

    def test_synthetic_as_of_as_text(self) -> None:
        assert dt.date(2024, 1, 1) == br.synthetic(as_of="2024-01-01", scale=0.05).as_of

    def test_nat_is_refused(self) -> None:
        for missing in (pd.NaT, np.datetime64("NaT")):
            with pytest.raises(br.ValidationError, match="NaT"):
                br.read_day(missing)

    def test_period_ending_before_it_starts(self) -> None:
        ds = br.synthetic(scale=0.05)
        assert [("range.reversed", "end")] == codes(
            lambda: br.convictions(ds, "2022-01-01", "2021-01-01")
        )

    @given(day=st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)))
    def test_every_form_reads_the_same_day(self, day: dt.date) -> None:
        forms = (
            day.isoformat(),
            day.strftime("%d.%m.%Y"),
            dt.datetime.combine(day, dt.time(23, 59)),
            pd.Timestamp(day),
            np.datetime64(day.isoformat()),
        )
        assert [day] * len(forms) == [br.read_day(f) for f in forms]


class TestCountAsValue:
    """An exact count is its number; a count with bounds is not a number."""

    def test_exact(self) -> None:
        assert br.Count(4, 4) == 4
        assert 4 == int(br.Count(4, 4))
        assert br.Count(4, 4) != 5
        assert {4: "four"}[br.Count(4, 4)] == "four"  # type: ignore[index]

    def test_bounds(self) -> None:
        assert br.Count(3, 5) != 3
        assert br.Count(3, 5) != 5
        with pytest.raises(ValueError, match="not one number"):
            int(br.Count(3, 5))

    def test_counts_compare_with_their_cut(self) -> None:
        assert br.Count(1, 1) != br.Count(1, 1, dt.date(2025, 8, 1))


class TestPublicSurface:
    """dir() lists only public names, and each of them imports."""

    def test_dir_is_public_and_importable(self) -> None:
        names = dir(br)
        assert [] == [n for n in names if n.startswith("_") and n != "__version__"]
        for name in names:
            getattr(br, name)
        assert {"importers", "linkage", "names", "strategies"} <= set(names)

    def test_submodule_in_a_fresh_session(self) -> None:
        code = "import belarus_repression as br; print(br.names.match_names.__name__)"
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert "match_names" == out.stdout.strip()

    def test_dataset_helpers_are_private(self) -> None:
        public = {n for n in dir(br.Dataset) if not n.startswith("_")}
        assert set() == public & {
            "spell_rows",
            "partial_spells",
            "partial_spell_list",
            "possibly_overlapping",
            "note_possibly_overlapping",
        }
