"""ALA-LC and ISO 9 for Belarusian and Russian, and the reading of Latin spellings of any system.

The expected spellings are the standards' own, from these tables:

- ALA-LC Belarusian: *ALA-LC Romanization Tables*, "Belarusian" (Library of Congress, 2012),
  as transcribed at https://en.wikisource.org/wiki/Belarusian_romanization_table (the rows of
  letters, their capitals, and notes 3 and 4 on кг and шч).
- ALA-LC Russian: *ALA-LC Romanization Tables*, "Russian" (Library of Congress, 2012): the rows
  of letters and the examples of the table in "ALA-LC romanization for Russian"
  (https://en.wikipedia.org/wiki/ALA-LC_romanization_for_Russian), which combines the LC table
  with examples of each letter.
- ALA-LC without diacritics: the Open Society Archives' transliteration policy
  (http://manual.osaarchivum.org/transliteration), which prints the LC table without its
  modifier characters: "литературная энциклопедия" is "literaturnai͡a ėnt͡siklopedii͡a", printed
  "literaturnaia entsiklopediia".
- ISO 9:1995 = GOST 7.79-2000 System A: Table 1 of GOST 7.79-2000 ("Транслитерация славянских
  алфавитов по системе А", http://docs2.cntd.ru/document/1200026226/titles/7DM0KB), the
  Russian and Belarusian columns; identical to ISO 9:1995.  (The table is printed there as an
  image; its Russian column agrees letter for letter with the independent iuliia package's
  ``gost_779`` scheme, but for ё, which iuliia leaves untransliterated.)
- The Belarusian examples of both systems (Беларусь, Лукашэнка, Магілёў, сям'я) are the
  example row of the comparative table in "Romanization of Belarusian" (Wikipedia).

The Latin names read in TestReading are the issue's examples, public figures' name forms as
publications print them; every other name here is invented.
"""

# ruff: noqa: SIM905 - each table is its standard's row of letters, easiest read as a string

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

import belarus_repression as br
from belarus_repression.names import (
    detect_language,
    given_names,
    keys,
    match_names,
    transliterate,
)

T = br.TransliterationSystem
TIE = "\u0361"

BE_ALPHABET = "абвгдеёжзійклмнопрстуўфхцчшыьэюя"
RU_ALPHABET = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"


class TestAlaLcBelarusian:
    """The Library of Congress Belarusian table: its rows of letters, capitals and notes."""

    def test_small_letters(self) -> None:
        expected = (
            "a b v h g d e i͡o z͡h z i ĭ k l m n o p r s t u ŭ f kh ts ch sh y ʹ ė i͡u i͡a".split()
        )
        actual = [transliterate(ch, "be", T.ALA_LC) for ch in "абвгґдеёжзійклмнопрстуўфхцчшыьэюя"]
        assert expected == actual

    @pytest.mark.parametrize(
        ("cyrillic", "latin"),
        [("Ё", "I͡O"), ("Ж", "Z͡H"), ("Й", "Ĭ"), ("Ў", "Ŭ"), ("Х", "Kh"), ("Ц", "Ts"),
         ("Ч", "Ch"), ("Ш", "Sh"), ("Э", "Ė"), ("Ю", "I͡U"), ("Я", "I͡A"), ("Г", "H")],
    )  # fmt: skip
    def test_capitals(self, cyrillic: str, latin: str) -> None:
        assert latin == transliterate(cyrillic, "be", T.ALA_LC)

    def test_notes_on_digraphs(self) -> None:
        # note 3: кг is also romanized kh; note 4: шч is also romanized shch
        assert ["kh", "kh", "shch"] == [transliterate(t, "be", T.ALA_LC) for t in ("х", "кг", "шч")]

    @pytest.mark.parametrize(
        ("cyrillic", "latin"),
        [("Беларусь", "Belarusʹ"), ("Лукашэнка", "Lukashėnka"), ("Магілёў", "Mahili͡oŭ"),
         ("сям'я", "si͡ami͡a")],
    )  # fmt: skip
    def test_examples(self, cyrillic: str, latin: str) -> None:
        assert latin == transliterate(cyrillic, "be", T.ALA_LC)

    def test_obsolete_letters_are_refused(self) -> None:
        with pytest.raises(br.ValidationError):
            transliterate("Щ", "be", T.ALA_LC)


class TestAlaLcRussian:
    """The Library of Congress Russian table: its rows of letters, capitals and examples."""

    def test_small_letters(self) -> None:
        expected = (
            "a b v g d e ë zh z i ĭ k l m n o p r s t u f kh t͡s ch sh shch ʺ y ʹ ė i͡u i͡a".split()
        )
        assert expected == [transliterate(ch, "ru", T.ALA_LC) for ch in RU_ALPHABET]

    @pytest.mark.parametrize(
        ("cyrillic", "latin"),
        [("Ё", "Ë"), ("Ж", "Zh"), ("Й", "Ĭ"), ("Х", "Kh"), ("Ц", "T͡S"), ("Щ", "Shch"),
         ("Э", "Ė"), ("Ю", "I͡U"), ("Я", "I͡A")],
    )  # fmt: skip
    def test_capitals(self, cyrillic: str, latin: str) -> None:
        assert latin == transliterate(cyrillic, "ru", T.ALA_LC)

    @pytest.mark.parametrize(
        ("cyrillic", "latin"),
        [("Азов", "Azov"), ("Тамбов", "Tambov"), ("Барнаул", "Barnaul"), ("Кубань", "Kubanʹ"),
         ("Владимир", "Vladimir"), ("Ульяновск", "Ulʹi͡anovsk"), ("Грозный", "Groznyĭ"),
         ("Волгодонск", "Volgodonsk"), ("Дзержинский", "Dzerzhinskiĭ"), ("Нелидово", "Nelidovo"),
         ("Елизово", "Elizovo"), ("Чебоксары", "Cheboksary"), ("Ёлкин", "Ëlkin"),
         ("Озёрный", "Ozërnyĭ"), ("Лужники", "Luzhniki"), ("Йошкар-Ола", "Ĭoshkar-Ola"),
         ("Бийск", "Biĭsk"), ("Енисейск", "Eniseĭsk"), ("Красноярск", "Krasnoi͡arsk"),
         ("Кандалакша", "Kandalaksha"), ("Серпухов", "Serpukhov")],
    )  # fmt: skip
    def test_examples(self, cyrillic: str, latin: str) -> None:
        assert latin == transliterate(cyrillic, "ru", T.ALA_LC)


class TestWithoutDiacritics:
    """``diacritics=False`` prints a system's letters bare, as ALA-LC is often printed."""

    def test_the_archive_example(self) -> None:
        text = "литературная энциклопедия"
        assert "literaturnai͡a ėnt͡siklopedii͡a" == transliterate(text, "ru", T.ALA_LC)
        assert "literaturnaia entsiklopediia" == transliterate(
            text, "ru", T.ALA_LC, diacritics=False
        )

    @pytest.mark.parametrize(
        ("cyrillic", "lang", "latin"),
        [("Лукашэнка", "be", "Lukashenka"), ("Магілёў", "be", "Mahiliou"),
         ("Ульяновск", "ru", "Ulianovsk"), ("Йошкар-Ола", "ru", "Ioshkar-Ola"),
         ("Яўген", "be", "Iaŭhen"), ("ЯЎГЕН", "be", "IAUHEN")],
    )  # fmt: skip
    def test_ties_breves_and_primes_go(self, cyrillic: str, lang: str, latin: str) -> None:
        if latin == "Iaŭhen":  # with its diacritics, for comparison
            assert "I͡Aŭhen" == transliterate(cyrillic, lang, T.ALA_LC)
            latin = "Iauhen"
        assert latin == transliterate(cyrillic, lang, T.ALA_LC, diacritics=False)

    @given(st.sampled_from(["be", "ru"]), st.data())
    def test_ala_lc_without_diacritics_is_ascii(self, lang: str, data: st.DataObject) -> None:
        alphabet = BE_ALPHABET if lang == "be" else RU_ALPHABET
        text = data.draw(st.text(st.sampled_from([*alphabet, " "]), max_size=20))
        assert transliterate(text.title(), lang, T.ALA_LC, diacritics=False).isascii()


class TestIso9:
    """ISO 9:1995 = GOST 7.79-2000 System A: its Russian and Belarusian columns, one letter each."""

    def test_russian_column(self) -> None:
        assert "abvgdeëžzijklmnoprstufhcčšŝʺyʹèûâ" == transliterate(RU_ALPHABET, "ru", T.ISO_9)

    def test_belarusian_column(self) -> None:
        assert "abvgdeëžzìjklmnoprstuǔfhcčšyʹèûâ’" == transliterate(
            BE_ALPHABET + "’", "be", T.ISO_9
        )

    @pytest.mark.parametrize(
        ("cyrillic", "lang", "latin"),
        [("ЁЖЧШЩЭЮЯ", "ru", "ËŽČŠŜÈÛÂ"), ("ЁЖЧШІЎЭЮЯ", "be", "ËŽČŠÌǓÈÛÂ")],
    )
    def test_capitals(self, cyrillic: str, lang: str, latin: str) -> None:
        assert latin == transliterate(cyrillic, lang, T.ISO_9)

    @pytest.mark.parametrize(
        ("cyrillic", "latin"),
        [("Беларусь", "Belarusʹ"), ("Лукашэнка", "Lukašènka"), ("Магілёў", "Magìlëǔ"),
         ("сям’я", "sâm’â")],
    )  # fmt: skip
    def test_belarusian_examples(self, cyrillic: str, latin: str) -> None:
        assert latin == transliterate(cyrillic, "be", T.ISO_9)

    @given(st.sampled_from(["be", "ru"]), st.data())
    def test_one_letter_for_each_letter(self, lang: str, data: st.DataObject) -> None:
        alphabet = BE_ALPHABET if lang == "be" else RU_ALPHABET
        word = data.draw(st.text(st.sampled_from(alphabet), min_size=1, max_size=20))
        latin = unicodedata.normalize("NFC", transliterate(word.title(), lang, T.ISO_9))
        assert len(word) == len(latin)


class TestEverySystem:
    """Every member of the enum but ``other`` transliterates; the 2023 revision is not one."""

    @pytest.mark.parametrize("system", [s for s in T if s is not T.OTHER])
    def test_member_works(self, system: br.TransliterationSystem) -> None:
        out = []
        for lang, name in (("be", "Сінтэтыкаў"), ("ru", "Синтетиков")):
            try:
                out.append(transliterate(name, lang, system))
            except br.UnknownKeyError:
                continue
        assert out
        assert [] == [latin for latin in out if not latin or re.search("[\u0400-\u04ff]", latin)]

    def test_other_is_not_a_system(self) -> None:
        with pytest.raises(br.UnknownKeyError):
            transliterate("Сінтэтыкаў", "be", T.OTHER)

    def test_no_2023_member(self) -> None:
        assert "national_2023" not in {s.value for s in T}


class TestReading:
    """A Latin spelling of unknown system is read with its diacritics, not stripped of them."""

    @pytest.mark.parametrize(
        ("latin", "cyrillic"),
        [
            ("Alesʹ Bi͡ali͡atski", "Алесь Бяляцкі"),
            ("Si͡arheĭ Tsikhanoŭski", "Сяргей Ціханоўскі"),
            ("Ali͡aksandr Lukashėnka", "Аляксандр Лукашэнка"),
            ("Ûliâ Goračko", "Юлия Горачко"),
            ("Ales Belâckij", "Алесь Беляцкий"),
            ("Ales Belyatsky", "Алесь Бяляцкі"),
            ("Sergei Tsikhanovsky", "Сяргей Ціханоўскі"),
            ("Siarhei Tsikhanovskiy", "Сергей Тихановский"),
            ("Siarhei Tsikhanovskii", "Сергей Тихановский"),
            ("Maria Kolesnikova", "Марыя Калеснікава"),
            ("Alaksandr Lukašenka", "Аляксандр Лукашэнка"),
        ],
    )
    def test_the_issue_examples(self, latin: str, cyrillic: str) -> None:
        assert "same" == match_names(latin, cyrillic).verdict

    def test_lacinka_given_name(self) -> None:
        result = match_names("Alaksandr Lukašenka", "Aleksandr Lukashenko")
        assert ("same", 1.0) == (result.verdict, result.score)

    @pytest.mark.parametrize(
        ("marked", "plain"),
        [
            ("Sintâk", "Sintiak"),  # â is ja (я)
            ("Sintûk", "Sintiuk"),  # û is ju (ю)
            ("Sintėtyk", "Sintetyk"),  # ė is e (э)
            ("Sintetyĭ", "Sintetyj"),  # ĭ is j (й)
            ("Sintetoŭski", "Sintetowski"),  # ŭ is the w of ў
            ("Sintetoǔski", "Sintetowski"),  # and so is ISO 9's ǔ
            ("Si͡antet͡sik", "Siantetsik"),  # tie bars go
            ("Sinteśnik", "Sintesnik"),  # ś ź ć ń mark softness only
            ("Sintełka", "Sintelka"),  # ł is l
            ("Sintečyk", "Sintechyk"),  # č is ch (ч)
        ],
    )
    def test_diacritics_are_mapped(self, marked: str, plain: str) -> None:
        assert keys(plain) & keys(marked)

    @pytest.mark.parametrize(
        ("marked", "stripped"), [("Sintâk", "Sintak"), ("Sintečyk", "Sintecyk")]
    )
    def test_diacritics_are_not_stripped(self, marked: str, stripped: str) -> None:
        assert not keys(stripped) & keys(marked)

    def test_decomposed_letters(self) -> None:
        assert keys("Sintâk") == keys(unicodedata.normalize("NFD", "Sintâk"))

    @pytest.mark.parametrize(
        "spelling", ["Sintetovsky", "Sintetovskiy", "Sintetovskii", "Sintetovskij", "Sintetouski"]
    )
    def test_english_endings(self, spelling: str) -> None:
        assert keys("Сінтэтоўскі") & keys(spelling)
        assert keys("Синтетовский") & keys(spelling)


# Invented surnames: (Belarusian, Russian) syllables and endings, as the names benchmark makes
# them, but each ending starts with a consonant: neither language writes ы, or у after a vowel
# (Бахаук is Бахаўк), in a name.
SYLLABLES = [
    ("ба", "бо"), ("ла", "ло"), ("ра", "ро"), ("ну", "ну"), ("зе", "зе"), ("гу", "гу"),
    ("це", "те"), ("дзе", "де"), ("шы", "ши"), ("жа", "жо"), ("ха", "хо"), ("чу", "чу"),
]  # fmt: skip
ENDINGS = [
    ("ўскі", "вский"), ("віч", "вич"), ("чык", "чик"), ("ка", "ко"), ("нін", "нин"),
    ("цкі", "цкий"),
]  # fmt: skip
LANG_SYSTEMS = {
    "be": [T.ICAO, T.NATIONAL_2007, T.BGN_PCGN, T.LACINKA, T.ALA_LC, T.ISO_9],
    "ru": [T.ICAO, T.BGN_PCGN, T.GOST_7_79_B, T.ALA_LC, T.ISO_9],
}


@st.composite
def table_names(draw: st.DrawFn) -> tuple[str, str, str]:
    """A language, a Cyrillic given name of the table in it, and an invented surname."""
    form = draw(st.sampled_from([f for g in given_names() for f in g.cyrillic]))
    lang = detect_language(form) or draw(st.sampled_from(["be", "ru"]))
    i = 0 if lang == "be" else 1
    parts = draw(st.lists(st.sampled_from(SYLLABLES), min_size=2, max_size=3))
    family = "".join(p[i] for p in parts).capitalize() + draw(st.sampled_from(ENDINGS))[i]
    return lang, form, family


class TestEverySpellingMatches:
    """Any given name of the table, in any system, matches its Cyrillic form."""

    @given(table_names(), st.data())
    def test_tagged_and_untagged(self, name: tuple[str, str, str], data: st.DataObject) -> None:
        lang, given_name, family = name
        system = data.draw(st.sampled_from(LANG_SYSTEMS[lang]))
        cyrillic = br.Name(given_name, family, lang=lang)
        g, f = transliterate(given_name, lang, system), transliterate(family, lang, system)
        assert "same" == match_names(cyrillic, br.Name(g, f, system=system)).verdict
        # Łacinka's soft l (Alona: Алёна) is read as such only with its tag: untagged, Alona
        # is also Алона
        if system is not T.LACINKA:
            assert "same" == match_names(cyrillic, br.Name(g, f)).verdict

    @given(table_names())
    def test_ala_lc_without_diacritics(self, name: tuple[str, str, str]) -> None:
        lang, given_name, family = name
        plain = [transliterate(w, lang, T.ALA_LC, diacritics=False) for w in (given_name, family)]
        assert (
            "same" == match_names(br.Name(given_name, family, lang=lang), br.Name(*plain)).verdict
        )
