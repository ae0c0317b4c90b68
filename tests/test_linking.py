"""Linking people across datasets: blocks as lenient as the matcher, progress, the CLI."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
from collections import Counter
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import belarus_repression as br
from belarus_repression import _progress, _synthetic
from belarus_repression._blocking import Blocker, skeleton
from belarus_repression.cli import main
from belarus_repression.names import given_names, transliterate

T = br.TransliterationSystem
C = br.Script.CYRILLIC
D = br.PartialDate.parse
AS_OF = dt.date(2025, 8, 1)
SYSTEMS = {
    "be": (T.ICAO, T.NATIONAL_2007, T.BGN_PCGN, T.LACINKA),
    "ru": (T.ICAO, T.BGN_PCGN, T.GOST_7_79_B),
}

# Invented surname syllables, (Belarusian, Russian): akanye (ла/ло), dzekanne and tsekanne
# (дзе/де, цё/тё), ы/и, э/е, я/е, ё.
SYLLABLES = (
    ("ба", "бо"),
    ("ла", "ло"),
    ("ра", "ро"),
    ("мы", "мы"),
    ("ну", "ну"),
    ("дзе", "де"),
    ("дзё", "дё"),
    ("цё", "тё"),
    ("ці", "ти"),
    ("лё", "лё"),
    ("вяз", "вез"),
    ("гваз", "гвоз"),
    ("пры", "при"),
    ("шту", "шту"),
    ("хэм", "хем"),
    ("жо", "жо"),
    ("ку", "ку"),
    ("зэл", "зел"),
)
# Gendered endings: (male Belarusian, male Russian, female Belarusian, female Russian).
ENDINGS = (
    ("скі", "ский", "ская", "ская"),
    ("оўскі", "овский", "оўская", "овская"),
    ("енка", "енко", "енка", "енко"),
    ("авіч", "ович", "авіч", "ович"),
    ("аў", "ов", "ава", "ова"),
    ("ін", "ин", "іна", "ина"),
    ("ук", "ук", "ук", "ук"),
    ("ец", "ец", "ец", "ец"),
)
GROUPS = given_names()
BIRTHS = (None, "1980", "1980-05-01", "1980-05-02", "1981-03", "[1979-12-20..1980-01-10]")


def dataset(*persons: br.Person) -> br.Dataset:
    return br.Dataset(AS_OF, persons=persons, synthetic=True)


@attrs.frozen
class Invented:
    """An invented person: a given-name group, surname syllables, an ending, a gender."""

    group: int
    syllables: tuple[int, ...]
    ending: int
    female: bool

    def cyrillic(self, lang: str) -> tuple[str, str]:
        group = GROUPS[self.group]
        given = group.belarusian if lang == "be" else group.russian
        i = 0 if lang == "be" else 1
        stem = "".join(SYLLABLES[s][i] for s in self.syllables).capitalize()
        return given, stem + ENDINGS[self.ending][i + 2 * self.female]


people = st.builds(
    Invented,
    st.integers(0, len(GROUPS) - 1),
    st.lists(st.integers(0, len(SYLLABLES) - 1), min_size=2, max_size=3).map(tuple),
    st.integers(0, len(ENDINGS) - 1),
    st.booleans(),
)


@st.composite
def relatives(draw: st.DrawFn, person: Invented) -> Invented:
    """The person again, or someone who shares a part of the name, or anyone."""
    kind = draw(st.sampled_from(["same", "spouse", "sibling", "ending", "syllable", "anyone"]))
    if kind == "same":
        return person
    if kind == "spouse":
        return attrs.evolve(person, female=not person.female, group=draw(people).group)
    if kind == "sibling":
        return attrs.evolve(person, group=draw(people).group)
    if kind == "ending":
        return attrs.evolve(person, ending=draw(people).ending)
    if kind == "syllable":
        syllables = list(person.syllables)
        syllables[draw(st.integers(0, len(syllables) - 1))] = draw(
            st.integers(0, len(SYLLABLES) - 1)
        )
        return attrs.evolve(person, syllables=tuple(syllables))
    return draw(people)


@st.composite
def spellings(draw: st.DrawFn, person: Invented) -> br.Name:
    """One spelling: Belarusian or Russian, in Cyrillic (ё as е too) or a system's Latin."""
    lang = draw(st.sampled_from(["be", "ru"]))
    given, family = person.cyrillic(lang)
    how = draw(st.sampled_from(["cyrillic", "yo", "latin", "table"]))
    if how == "cyrillic":
        return br.Name(given, family, lang=lang, script=C)
    if how == "yo":
        return br.Name(given.replace("ё", "е"), family.replace("ё", "е"), lang=lang, script=C)
    system = draw(st.sampled_from(SYSTEMS[lang]))
    family = transliterate(family, lang, system)
    latin = GROUPS[person.group].latin
    if how == "table" and latin:  # a common Latin spelling from the table
        return br.Name(draw(st.sampled_from(latin)), family)
    return br.Name(transliterate(given, lang, system), family, lang=lang, system=system)


@st.composite
def pairs(draw: st.DrawFn) -> tuple[br.Person, br.Person]:
    """Two one-name people, related or not, with genders and births that may disagree."""
    a = draw(people)
    b = draw(relatives(a))
    x, y = draw(spellings(a)), draw(spellings(b))
    if draw(st.integers(0, 9)) == 0:  # written surname first
        y = attrs.evolve(y, given=y.family, family=y.given)
    genders = [br.Gender.FEMALE if p.female else br.Gender.MALE for p in (a, b)]
    genders = [draw(st.sampled_from([g, br.Gender.UNKNOWN])) for g in genders]
    births = [draw(st.sampled_from(BIRTHS)) for _ in "ab"]
    return (
        br.Person("syn-a-1", names=(x,), gender=genders[0], birth=births[0]),
        br.Person("syn-b-1", names=(y,), gender=genders[1], birth=births[1]),
    )


def agree(a: br.Person, b: br.Person) -> bool:
    """Whether genders and births leave the two people possibly one."""
    unknown = br.Gender.UNKNOWN
    genders = unknown in (a.gender, b.gender) or a.gender is b.gender
    births = a.birth is None or b.birth is None or a.birth.overlaps(b.birth)
    return genders and births


class TestIssueExamples:
    """The two people the issue found that link() missed are linked."""

    @pytest.mark.parametrize(
        ("left", "right"),
        [("Egor Kanetsky", "Ягор Канецкі"), ("Роман Гвоздёлко", "Раман Гваздзёлка")],
    )
    def test_linked(self, left: str, right: str) -> None:
        """Each is linked, with the score match_names gives."""
        expected = br.match_names(left, right)
        (found,) = br.link([left], [right])
        assert ("same", "0", "0") == (expected.verdict, found.left, found.right)
        assert expected.score == found.score

    def test_the_dz_difference_disappears_from_the_skeleton(self) -> None:
        """дз and д, akanye and ё leave one skeleton."""
        assert skeleton("gvazdzelka") == skeleton("gvazdelka") == "gvzdlk"


class TestBlocks:
    """Every two spellings of one invented person, and the gendered forms, share a block."""

    @pytest.mark.parametrize(
        "person",
        [
            Invented(0, (5, 1, 0), 1, False),
            Invented(3, (11, 7), 2, False),
            Invented(12, (6, 9), 4, True),
            Invented(14, (12, 16), 0, True),
        ],
        ids=str,
    )
    def test_every_spelling(self, person: Invented) -> None:
        """Cyrillic in both languages, ё as е, every system of both languages, the table."""
        forms = []
        for lang in ("be", "ru"):
            given, family = person.cyrillic(lang)
            forms += [br.Name(given, family, lang=lang, script=C)]
            forms += [br.Name(given.replace("ё", "е"), family.replace("ё", "е"), lang=lang)]
            forms += [
                br.Name(
                    transliterate(given, lang, s),
                    transliterate(family, lang, s),
                    lang=lang,
                    system=s,
                )
                for s in SYSTEMS[lang]
            ]
        other = attrs.evolve(person, female=not person.female)
        gendered = br.Name(*other.cyrillic("be"), script=C)
        blocker = Blocker()
        apart = [
            (str(x), str(y))
            for x, y in itertools.product(forms, [*forms, gendered])
            if not blocker.share(x, y)
        ]
        assert [] == apart


class TestLinkAgreesWithMatchNames:
    """link() of two one-person datasets links them exactly when match_names says same."""

    @given(pairs())
    def test_one_person_each(self, pair: tuple[br.Person, br.Person]) -> None:
        """Judged the same with genders and births that agree: linked, with the same score."""
        a, b = pair
        found = br.match_names(a.names[0], b.names[0])
        expected = found.verdict == "same" and agree(a, b)
        links = br.link(dataset(a), dataset(b))
        assert expected == bool(links), (str(a.names[0]), str(b.names[0]), found)
        if links:
            assert (found.score, "syn-a-1", "syn-b-1") == (
                links[0].score,
                links[0].left,
                links[0].right,
            )

    def test_a_population_links_to_itself(self) -> None:
        """Every person of a synthetic population is linked to itself, and only to itself."""
        ds = br.synthetic(scale=0.1)
        links = br.link(ds, ds)
        assert len(ds.persons) == len(links)
        assert all(found.left == found.right for found in links)


class TestSyntheticNames:
    """The synthetic population's names: hundreds of invented surnames, drawn on their own."""

    def test_hundreds_of_surnames_heavy_tailed(self) -> None:
        """Hundreds of surnames; the commonest borne by a few percent, a long tail of rare ones."""
        ds = br.synthetic()
        counts = Counter(p.names[0].family for p in ds.persons)
        n = len(ds.persons)
        top_tenth = sum(c for _, c in counts.most_common(len(counts) // 10))
        assert len(counts) >= 300
        assert 0.005 < counts.most_common(1)[0][1] / n < 0.05
        assert top_tenth / n > 0.3
        assert sum(c == 1 for c in counts.values()) > 20

    def test_names_change_no_count_or_date(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Another table of surnames changes the names and nothing else."""
        before = _synthetic.synthetic.__wrapped__(seed=3, scale=0.05)
        table, weights = _synthetic._surnames()
        monkeypatch.setattr(_synthetic, "_surnames", lambda: (table[::-1], weights))
        after = _synthetic.synthetic.__wrapped__(seed=3, scale=0.05)

        def nameless(ds: br.Dataset) -> br.Dataset:
            return attrs.evolve(
                ds,
                persons=tuple(attrs.evolve(p, names=()) for p in ds.persons),
                convictions=tuple(attrs.evolve(c, judges=()) for c in ds.convictions),
            )

        assert [p.names for p in before.persons] != [p.names for p in after.persons]
        assert nameless(before) == nameless(after)

    def test_invented_surnames_fit_their_tag(self) -> None:
        """Every Latin surname is the passport (ICAO) spelling of its Belarusian form."""
        table, _ = _synthetic._surnames()
        for male_be, _, male_latin, female_be, _, female_latin in table:
            assert transliterate(male_be, "be", T.ICAO) == male_latin
            assert transliterate(female_be, "be", T.ICAO) == female_latin


class TestProgress:
    """progress= shows a bar, a line of text, or calls back; it never changes the result."""

    def people(self) -> tuple[br.Dataset, br.Dataset]:
        ds = br.synthetic(scale=0.05)
        return ds, br.synthetic(seed=1, scale=0.05)

    def test_callback(self) -> None:
        """The callback sees (0, total) first, (total, total) last, never going back."""
        left, right = self.people()
        calls: list[tuple[int, int]] = []
        links = br.link(left, right, progress=lambda done, total: calls.append((done, total)))
        total = len(left.persons) + len(right.persons)
        assert (0, total) == calls[0]
        assert (total, total) == calls[-1]
        assert [c[0] for c in calls] == sorted(c[0] for c in calls)
        assert len(calls) <= 210
        assert br.link(left, right) == links

    def test_merge_callback(self) -> None:
        """merge() counts its records from 0 to the total, and merges as without progress."""
        left, right = self.people()
        links = br.link(left, right)
        calls: list[tuple[int, int]] = []
        result = br.merge(left, right, links, progress=lambda d, t: calls.append((d, t)))
        assert 0 == calls[0][0]
        assert calls[-1][0] == calls[-1][1] > 0
        assert br.merge(left, right, links) == result

    def test_bar(self, capsys: pytest.CaptureFixture[str]) -> None:
        """True: a tqdm bar on standard error, nothing on standard output."""
        left, right = self.people()
        br.link(left, right, progress=True)
        out, err = capsys.readouterr()
        assert "" == out
        assert "link" in err
        assert "100%" in err

    def test_text_without_tqdm(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Without the progress extra: lines of text on standard error, and a word on why."""
        monkeypatch.setattr(_progress, "_tqdm", lambda: None)
        monkeypatch.setattr(_progress, "_hinted", False)
        left, right = self.people()
        total = len(left.persons) + len(right.persons)
        br.link(left, right, progress=True)
        err = capsys.readouterr().err
        assert "belarus-repression[progress]" in err
        assert f"link: {total:,} of {total:,} people (100%)" in err.splitlines()

    def test_off_by_default(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without progress=, nothing is shown."""
        left, right = self.people()
        br.merge(left, right, br.link(left, right))
        assert ("", "") == capsys.readouterr()

    @pytest.mark.parametrize("progress", ["yes", 1, None])
    def test_refused(self, progress: object) -> None:
        """Anything but a bool or a callable is a TypeError."""
        with pytest.raises(TypeError, match="progress must be"):
            br.link(["Ihar Syntetykau"], ["Ihar Syntetykau"], progress=progress)  # type: ignore[arg-type]


def write(path: Path, ds: br.Dataset) -> str:
    br.save(ds, path)
    return str(path)


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out), out.getvalue()


class TestLinkCommand:
    """`belarus-repression link A B OUTPUT` merges, writes the links for review, exits 0/1/2."""

    def inputs(self, tmp_path: Path) -> tuple[str, str]:
        left = dataset(
            br.Person("syn-a-1", names=(br.Name("Ihar", "Syntetykau"),), birth=D("1980")),
            br.Person("syn-a-2", names=(br.Name("Hanna", "Prykladava"),), gender="female"),
        )
        right = dataset(
            br.Person("syn-b-1", names=(br.Name("Игорь", "Синтетыков", lang="ru"),)),
            br.Person("syn-b-2", names=(br.Name("Hanna", "Prykladnik"),), gender="female"),
            br.Person("syn-b-3", names=(br.Name("Maryia", "Uzornik"),)),
        )
        return write(tmp_path / "a.json", left), write(tmp_path / "b.json", right)

    def test_merges_and_writes_the_links(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The merged dataset has every person once; the CSV has the link and the doubts."""
        a, b = self.inputs(tmp_path)
        status, text = run("link", a, b, str(tmp_path / "merged.json"))
        merged = br.load(tmp_path / "merged.json")
        with (tmp_path / "merged.links.csv").open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        assert 0 == status
        assert {"syn-a-1", "syn-a-2", "syn-b-2", "syn-b-3"} == {p.id for p in merged.persons}
        assert ["Ihar Syntetykau", "Игорь Синтетыков"] == [
            str(n) for n in merged.person_by_id["syn-a-1"].names
        ]
        assert ["left_id", "right_id", "score", "verdict", "linked", "reasons"] == list(rows[0])
        assert ("syn-a-1", "syn-b-1", "same", "yes") == (
            rows[0]["left_id"],
            rows[0]["right_id"],
            rows[0]["verdict"],
            rows[0]["linked"],
        )
        assert all(r["linked"] == "no" and r["verdict"] in {"same", "uncertain"} for r in rows[1:])
        assert "surnames alike" in rows[0]["reasons"]
        assert "linked 1 people" in text
        assert f"links written to {tmp_path / 'merged.links.csv'}" in text
        assert "link" in capsys.readouterr().err  # progress

    def test_links_option_and_no_progress(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--links names the CSV; --no-progress keeps standard error quiet."""
        a, b = self.inputs(tmp_path)
        target = tmp_path / "review.csv"
        status, _ = run(
            "link", a, b, str(tmp_path / "m.zip"), "--links", str(target), "--no-progress"
        )
        assert 0 == status
        assert target.is_file()
        assert not (tmp_path / "m.links.csv").exists()
        assert 4 == len(br.load(tmp_path / "m.zip").persons)
        assert "" == capsys.readouterr().err

    def test_missing_input_is_an_io_error(self, tmp_path: Path) -> None:
        a, _ = self.inputs(tmp_path)
        status, _ = run("link", a, str(tmp_path / "none.json"), str(tmp_path / "m.json"))
        assert 2 == status
        assert not (tmp_path / "m.json").exists()

    def test_bad_data_is_a_data_problem(self, tmp_path: Path) -> None:
        a, _ = self.inputs(tmp_path)
        bad = tmp_path / "bad.json"
        doc = {"format": "belarus-repression", "version": 1, "as_of": "2025-08-01"}
        bad.write_text(json.dumps(doc | {"persons": [{"id": "syn-p", "gender": "f"}]}))
        status, _ = run("link", a, str(bad), str(tmp_path / "m.json"), "--no-progress")
        assert 1 == status

    def test_a_merge_with_errors_leaves_the_links(self, tmp_path: Path) -> None:
        """A merged dataset with errors is not written, and its links are there to review."""
        name = br.Name("Ihar", "Syntetykau")
        left = dataset(br.Person("syn-a-1", names=(name,)))
        left = attrs.evolve(
            left,
            custody=(
                br.CustodySpell(
                    "syn-s-1", "syn-a-1", D("2021-01-01"), D("2021-05-01"), "died_in_custody"
                ),
            ),
        )
        right = attrs.evolve(
            dataset(br.Person("syn-b-1", names=(name,))),
            convictions=(br.Conviction("syn-c-1", "syn-b-1", verdict=D("2022-01-01")),),
        )
        a, b = write(tmp_path / "a.json", left), write(tmp_path / "b.json", right)
        status, _ = run("link", a, b, str(tmp_path / "m.json"), "--no-progress")
        assert 1 == status
        assert not (tmp_path / "m.json").exists()
        assert "syn-a-1,syn-b-1,1.000,same,yes," in (tmp_path / "m.links.csv").read_text()

    def test_usage(self, tmp_path: Path) -> None:
        a, b = self.inputs(tmp_path)
        assert 2 == run("link", a, b)[0]
        assert 2 == run("link", a, b, str(tmp_path / "m.json"), "--min-score", "high")[0]
        assert 2 == run("link", a, b, str(tmp_path / "m.json"), "--min-score", "1.5")[0]
