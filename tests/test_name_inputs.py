"""Names built from text, strings where names are taken, tags as hints, no Cyrillic left over."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

import belarus_repression as br
from belarus_repression.names import (
    GIVEN_NAME_GROUPS,
    detect_language,
    fits,
    keys,
    match_names,
    transliterate,
)

T = br.TransliterationSystem
C, L = br.Script.CYRILLIC, br.Script.LATIN

BE_LETTERS = "абвгдеёжзійклмнопрстуўфхцчшыьэюя"
RU_LETTERS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
ALPHABET = {"be": set(BE_LETTERS), "ru": set(RU_LETTERS)}
CYRILLIC = re.compile("[\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f]")
LANG_SYSTEMS = [
    ("be", T.ICAO),
    ("be", T.NATIONAL_2007),
    ("be", T.BGN_PCGN),
    ("be", T.LACINKA),
    ("ru", T.ICAO),
    ("ru", T.BGN_PCGN),
    ("ru", T.GOST_7_79_B),
]

# Invented surnames: syllables and an ending, in Belarusian and Russian (as the benchmark).
SYLLABLES = [("ба", "бо"), ("ла", "ло"), ("ра", "ро"), ("ну", "ну"), ("зе", "зе"), ("гу", "гу")]
ENDINGS = [("ўскі", "вский"), ("енка", "енко"), ("віч", "вич"), ("ук", "ук"), ("аў", "ов")]
GIVEN = [group.split()[:2] for group in GIVEN_NAME_GROUPS]


@st.composite
def invented(draw: st.DrawFn) -> tuple[str, str, str]:
    """A language and an invented person's given name and surname in it."""
    lang = draw(st.sampled_from(["be", "ru"]))
    i = 0 if lang == "be" else 1
    parts = draw(st.lists(st.sampled_from(SYLLABLES), min_size=2, max_size=3))
    family = "".join(p[i] for p in parts).capitalize() + draw(st.sampled_from(ENDINGS))[i]
    return lang, draw(st.sampled_from(GIVEN))[i], family


def problem_letters(error: br.ValidationError) -> set[str]:
    return {p.value.strip("'").lower() for p in error.problems if p.value is not None}


class TestParse:
    """Name.parse splits a full name and tells its script, language and order."""

    def test_belarusian_given_name_first(self) -> None:
        assert br.Name("Алесь", "Бяляцкі", lang="be", script=C) == br.Name.parse("Алесь Бяляцкі")

    def test_russian_surname_first_with_patronymic(self) -> None:
        assert br.Name(
            "Мария", "Колесникова", "Александровна", lang="ru", script=C
        ) == br.Name.parse("Колесникова Мария Александровна")

    def test_latin(self) -> None:
        assert br.Name("Maryia", "Kalesnikava", lang="be", script=L) == br.Name.parse(
            "Maryia Kalesnikava"
        )

    @pytest.mark.parametrize(
        "text",
        [
            "Ганна Ігараўна Прыкладава",
            "Прыкладава Ганна Ігараўна",
            "Прыкладава, Ганна Ігараўна",
            "ПРЫКЛАДАВА Ганна Ігараўна",
        ],
    )
    def test_every_order_of_three_words(self, text: str) -> None:
        name = br.Name.parse(text)
        assert ("Ганна", "Ігараўна") == (name.given, name.patronymic)
        assert "прыкладава" == name.family.lower()

    @pytest.mark.parametrize(
        ("text", "given_name", "family"),
        [
            ("Syntetykau Ihar", "Ihar", "Syntetykau"),
            ("Ihar Syntetykau", "Ihar", "Syntetykau"),
            ("SYNTETYKAU Zorka", "Zorka", "SYNTETYKAU"),
            ("Syntetykau, Zorka", "Zorka", "Syntetykau"),
            ("Zorka Miadzvedz", "Zorka", "Miadzvedz"),  # nothing tells: given name first
        ],
    )
    def test_order_of_two_words(self, text: str, given_name: str, family: str) -> None:
        name = br.Name.parse(text)
        assert (given_name, family) == (name.given, name.family)

    @pytest.mark.parametrize(
        ("text", "lang"),
        [
            ("Андрэй Сінтэтыкаў", "be"),
            ("Эдуард Прикладов", "ru"),
            ("Жэня Шыла", "be"),
            ("Игорь Синтетик", "ru"),
            ("Эдуард Гарбуз", "be"),  # either language: Belarusian
        ],
    )
    def test_language_from_letters(self, text: str, lang: str) -> None:
        assert lang == br.Name.parse(text).lang

    def test_given_language_and_system_win(self) -> None:
        name = br.Name.parse("Yegor Syntetykov", lang="ru", system="bgn_pcgn")
        assert ("ru", T.BGN_PCGN) == (name.lang, name.system)

    @pytest.mark.parametrize(
        "text",
        [
            "",
            "   ",
            "Ганна",
            "Hanna",
            "a b c d",
            "12 34",
            "Hanna Прыкладава",
            "Ганна Прыкладавa",  # a Latin a among Cyrillic letters
            "Ганна, ",
            ", Ганна",
        ],
    )
    def test_refused(self, text: str) -> None:
        with pytest.raises(br.ValidationError) as caught:
            br.Name.parse(text)
        assert ["value.invalid"] == [p.code for p in caught.value.problems]

    def test_unknown_system(self) -> None:
        with pytest.raises(br.ValidationError) as caught:
            br.Name.parse("Hanna Prykladava", system="morse")
        assert "enum.unknown" == caught.value.problems[0].code

    @given(invented(), st.booleans())
    def test_either_order_gives_one_name(self, person: tuple[str, str, str], first: bool) -> None:
        _, given_name, family = person
        text = f"{given_name} {family}" if first else f"{family} {given_name}"
        expected = br.Name(given_name, family, lang=detect_language(text) or "be", script=C)
        assert expected == br.Name.parse(text)

    @given(invented(), st.booleans(), st.data())
    def test_either_order_in_latin(
        self, person: tuple[str, str, str], first: bool, data: st.DataObject
    ) -> None:
        lang, given_name, family = person
        system = data.draw(st.sampled_from([s for lg, s in LANG_SYSTEMS if lg == lang]))
        g, f = transliterate(given_name, lang, system), transliterate(family, lang, system)
        tag = data.draw(st.sampled_from([system, None]))
        name = br.Name.parse(f"{g} {f}" if first else f"{f} {g}", system=tag)
        assert (g, f) == (name.given, name.family)


class TestStringsWhereNamesAreTaken:
    """match_names and link take full names as text as well as Name records."""

    def test_match_names_of_two_texts(self) -> None:
        assert "same" == match_names("Maryia Kalesnikava", "Мария Колесникова").verdict

    def test_text_and_name(self) -> None:
        assert "same" == br.match_names("Прыкладава Ганна", br.Name("Hanna", "Prykladava")).verdict
        assert "different" == br.match_names("Ганна Прыкладава", "Ігар Прыкладаў").verdict

    def test_what_is_not_a_name(self) -> None:
        with pytest.raises(TypeError):
            match_names(42, "Hanna Prykladava")  # type: ignore[arg-type]
        with pytest.raises(br.ValidationError):
            match_names("Hanna", "Hanna Prykladava")

    @given(invented())
    def test_a_name_matches_its_text(self, person: tuple[str, str, str]) -> None:
        lang, given_name, family = person
        name = br.Name(given_name, family, lang=lang, script=C)
        assert "same" == match_names(str(name), name).verdict

    def test_link_texts_and_names(self) -> None:
        links = br.link(
            ["Hanna Prykladava", "Ihar Syntetyk"],
            {"b1": "Сінтэтык Ігар", "b2": br.Name("Ганна", "Прыкладава")},
        )
        assert {("0", "b2"), ("1", "b1")} == {(found.left, found.right) for found in links}

    def test_link_one_text_to_a_dataset(self) -> None:
        ds = br.Dataset(
            dt.date(2025, 8, 1),
            persons=(
                br.Person("syn-1", names=(br.Name("Ганна", "Прыкладава"),), synthetic=True),
                br.Person("syn-2", names=(br.Name("Ігар", "Прыкладаў"),), synthetic=True),
            ),
            synthetic=True,
        )
        assert [("0", "syn-1")] == [(f.left, f.right) for f in br.link("Prykladava Hanna", ds)]

    def test_link_locates_a_text_it_cannot_read(self) -> None:
        with pytest.raises(br.ValidationError) as caught:
            br.link(["Hanna Prykladava"], {"b1": "Prykladava"})
        location = caught.value.problems[0].location
        assert ("right", "b1") == (location.table, location.record)


class TestLettersNotTags:
    """Each word is read by its letters, so a mis-tagged name is never judged different."""

    def test_script_left_at_its_default(self) -> None:
        name = br.Name("Мария", "Колесникова", lang="ru")
        result = match_names(name, br.Name("Maryia", "Kalesnikava"))
        assert ("same", 1.0) == (result.verdict, result.score)

    def test_a_name_of_two_scripts(self) -> None:
        mixed = br.Name("Ганна", "Prykladava", script=L)
        assert "same" == match_names(mixed, br.Name("Hanna", "Прыкладава", script=C)).verdict

    def test_keys_ignore_the_script_argument(self) -> None:
        assert keys("Калеснікава") == keys("Калеснікава", L) == {"kalesnikava"}

    def test_e_is_not_only_russian(self) -> None:
        assert {"sintetikav"} == keys("Сінтэтыкаў") == keys("Sintetykau", L, T.ICAO)


class TestSystemHint:
    """A spelling that does not fit its tagged system is read as one of unknown system."""

    @pytest.mark.parametrize(
        ("word", "system", "expected"),
        [
            ("Iahor", T.ICAO, True),
            ("Yahor", T.ICAO, False),
            ("Mariya", T.BGN_PCGN, True),
            ("Maria", T.BGN_PCGN, False),
            ("Tsikhanouski", T.GOST_7_79_B, False),
            ("Cixanovskij", T.GOST_7_79_B, True),
            ("Kaleśnikava", T.ICAO, False),
            ("Kaleśnikava", T.LACINKA, True),
            ("Shusha", T.NATIONAL_2007, False),
            ("Yahor", T.OTHER, True),
        ],
    )
    def test_fits(self, word: str, system: br.TransliterationSystem, expected: bool) -> None:
        assert expected == fits(word, system)

    def test_the_issue_example(self) -> None:
        tagged = br.Name("Yahor", "Syntetykau", system=T.ICAO)
        assert "same" == match_names(tagged, br.Name("Ягор", "Сінтэтыкаў")).verdict

    @given(invented(), st.data())
    def test_a_misfit_tag_changes_nothing(
        self, person: tuple[str, str, str], data: st.DataObject
    ) -> None:
        lang, given_name, family = person
        written = data.draw(st.sampled_from([s for lg, s in LANG_SYSTEMS if lg == lang]))
        tag = data.draw(st.sampled_from(list(T)))
        g, f = transliterate(given_name, lang, written), transliterate(family, lang, written)
        for word in (g, f):
            if not fits(word, tag):
                assert keys(word) == keys(word, system=tag)
        if not (fits(g, tag) or fits(f, tag)):
            cyrillic = br.Name(given_name, family, lang=lang)
            assert match_names(cyrillic, br.Name(g, f)) == match_names(
                cyrillic, br.Name(g, f, system=tag)
            )


class TestTransliterateLeavesNoCyrillic:
    """Transliterate never returns a Cyrillic letter: a letter the language lacks is refused."""

    def test_the_issue_example(self) -> None:
        with pytest.raises(br.ValidationError) as caught:
            transliterate("Алесь Бяляцкі", "ru", "icao")
        (problem,) = caught.value.problems
        assert "'і'" == problem.value
        assert "lang='be'" in problem.message
        assert "Ales Bialiatski" == transliterate("Алесь Бяляцкі", "be", "icao")

    def test_every_letter_is_named(self) -> None:
        with pytest.raises(br.ValidationError) as caught:
            transliterate("Щука Ъ Їжак ЩУКА", "be", T.NATIONAL_2007)
        assert {"щ", "ъ", "ї"} == problem_letters(caught.value)
        assert 3 == len(caught.value.problems)

    def test_decomposed_letters_are_one_letter(self) -> None:
        decomposed = unicodedata.normalize("NFD", "Андрэй Йодкін")
        assert "Andrei Iodkin" == transliterate(decomposed, "be", T.ICAO)

    @given(
        st.sampled_from(LANG_SYSTEMS),
        st.text(st.sampled_from(sorted(set(BE_LETTERS + RU_LETTERS + "'’ -"))), max_size=30),
        st.booleans(),
    )
    def test_no_cyrillic_in_any_output(
        self, lang_system: tuple[str, br.TransliterationSystem], text: str, upper: bool
    ) -> None:
        lang, system = lang_system
        text = text.upper() if upper else text.title()
        lacking = {ch for ch in text.lower() if CYRILLIC.match(ch)} - ALPHABET[lang]
        if lacking:
            with pytest.raises(br.ValidationError) as caught:
                transliterate(text, lang, system)
            assert lacking == problem_letters(caught.value)
        else:
            assert CYRILLIC.search(transliterate(text, lang, system)) is None

    @given(st.sampled_from(LANG_SYSTEMS), st.data())
    def test_own_alphabet_is_never_refused(
        self, lang_system: tuple[str, br.TransliterationSystem], data: st.DataObject
    ) -> None:
        lang, system = lang_system
        text = data.draw(st.text(st.sampled_from([*sorted(ALPHABET[lang]), " "]), max_size=30))
        assert CYRILLIC.search(transliterate(text.title(), lang, system)) is None


class TestDetectLanguage:
    """The language of Cyrillic text comes from what only one of the two languages writes."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("Ігар", "be"),
            ("Прыкладаў", "be"),
            ("Шыла", "be"),
            ("Игорь", "ru"),
            ("Щука", "ru"),
            ("Петя", "ru"),
            ("Андрэй", None),
            ("Эдуард", None),
            ("Ганна Прыкладава", None),
        ],
    )
    def test_signs(self, text: str, expected: str | None) -> None:
        assert expected == detect_language(text)
