"""The Viasna importer, on synthetic records that copy the export's format and quirks."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import belarus_repression as br
from belarus_repression.cli import main
from belarus_repression.importers import viasna
from belarus_repression.importers._viasna_fields import parse_article, parse_decision, parse_penalty

REFERENCE = Path(__file__).parent.parent.parent / "shared" / "reference"


def record(**fields: Any) -> dict[str, Any]:
    """A synthetic flat record with every column; invented person."""
    base = {
        "id": 9001,
        "url": "https://example.org/person/syn-9001",
        "name": "Aliaksandr Syntetykau",
        "status": "active",
        "gender": "male",
        "photo": "",
        "description": "journalist, sentenced to 3 years",
        "birthday": "1990-04-02",
        "arrested": "2021-03-04",
        "articles": "",
        "articles/0": "Art. 342 of the Criminal Code — Organization and preparation of actions",
        "articles/1": "FALSE",
        "prison/title": "Penal colony No. 99",
        "prison/address": "220000, Minsk, vulica Syntetychnaja 1",
        "declaration": "",
        "decision": "3 years",
        "penalty": "imprisonment in a general-security penal colony",
        "judge": "Judge Syntetyk, Judge Prykladava",
        "councel": "FALSE",
        "penalty_start_date": "",
        "release_date": "",
        "verdict_date": "2021-09-01",
        "appeal_date": "",
    }
    base.update(fields)
    return base


def imported(
    *records: dict[str, Any], as_of: dt.date | None = dt.date(2023, 3, 1)
) -> viasna.ImportResult:
    return viasna.import_records(list(records), as_of=as_of)


class TestMapping:
    """Each field lands where the docs say."""

    def test_active_prisoner(self) -> None:
        result = imported(record())
        (person,) = result.dataset.persons
        (spell,) = result.dataset.custody
        (conviction,) = result.dataset.convictions
        assert "viasna-9001" == person.id
        assert br.Recognition.RECOGNIZED is person.recognition
        assert br.Gender.MALE is person.gender
        assert frozenset({br.Role.JOURNALIST}) == person.roles
        assert br.Region.MINSK_CITY is person.region
        assert ("Aliaksandr", "Syntetykau", br.TransliterationSystem.ICAO) == (
            person.names[0].given,
            person.names[0].family,
            person.names[0].system,
        )
        assert spell.end is None
        assert "Penal colony No. 99" == spell.facility
        assert (
            br.Sentence(
                br.SentenceKind.IMPRISONMENT,
                br.Term(3),
                br.Regime.GENERAL,
                raw=conviction.sentence.raw,
            )
            == conviction.sentence
        )  # type: ignore[union-attr]
        assert ("Judge Syntetyk", "Judge Prykladava") == conviction.judges
        assert (br.ArticleRef("342"),) == conviction.articles
        report = result.records[0]
        assert {"councel", "photo"}.isdisjoint(report.imported)
        assert [] == report.not_understood

    def test_former_without_release_date_ends_in_a_range(self) -> None:
        result = imported(record(status="former", arrested="2021-03-04", release_date=""))
        (spell,) = result.dataset.custody
        assert br.PartialDate.between(dt.date(2021, 3, 5), dt.date(2023, 3, 1)) == spell.end
        assert ["release.undated"] == [w.code for w in result.records[0].warnings]

    def test_former_with_release(self) -> None:
        result = imported(
            record(
                status="former",
                release_date="2023-01-05",
                description="student, served full term, released",
            )
        )
        (spell,) = result.dataset.custody
        assert br.PartialDate.parse("2023-01-05") == spell.end
        assert br.EndReason.SENTENCE_SERVED is spell.end_reason

    def test_not_recognised(self) -> None:
        (person,) = imported(record(status="np")).dataset.persons
        assert br.Recognition.NOT_RECOGNIZED is person.recognition

    def test_surname_first(self) -> None:
        result = imported(record(name="Syntetykau Viktar"))
        name = result.dataset.persons[0].names[0]
        assert ("Viktar", "Syntetykau") == (name.given, name.family)
        assert any("surname first" in note for note in result.records[0].notes)

    def test_unknown_order_is_kept_with_a_warning(self) -> None:
        result = imported(record(name="Zyxw Qwert"))
        name = result.dataset.persons[0].names[0]
        assert ("Zyxw", "Qwert") == (name.given, name.family)
        assert ["name.order"] == [w.code for w in result.records[0].warnings]

    def test_released_awaiting_sentence(self) -> None:
        result = imported(
            record(**{"prison/title": "Released awaiting the commencement of the sentence"})
        )
        assert result.dataset.custody[0].facility is None
        assert any("awaiting" in note for note in result.records[0].notes)

    def test_nested_lists_and_objects(self) -> None:
        nested = record(
            articles=[
                "Part 2 of Art. 293 of the Criminal Code — Participation in riots",
                "art. 188",
            ]
        )
        del (
            nested["articles/0"],
            nested["articles/1"],
            nested["prison/title"],
            nested["prison/address"],
        )
        nested["prison"] = {"title": "Prison No. 99", "address": "Mahilioŭ, vulica 1"}
        result = imported(nested)
        assert (br.ArticleRef("293", 2), br.ArticleRef("188")) == result.dataset.convictions[
            0
        ].articles
        assert "Prison No. 99" == result.dataset.custody[0].facility
        assert br.Region.MAHILIOU is result.dataset.persons[0].region

    def test_unknown_penalty_kept_raw(self) -> None:
        result = imported(record(penalty="banishment to the moon"))
        sentence = result.dataset.convictions[0].sentence
        assert sentence is not None
        assert br.SentenceKind.OTHER is sentence.kind
        assert "banishment to the moon" in (sentence.raw or "")
        assert (
            "penalty",
            "'banishment to the moon'",
            "an unknown penalty text; kept raw",
        ) in result.records[0].not_understood

    def test_fine_in_base_values(self) -> None:
        result = imported(record(decision="500 base value", penalty="fine"))
        sentence = result.dataset.convictions[0].sentence
        assert (br.SentenceKind.FINE, 500, None) == (
            sentence.kind,
            sentence.fine_base_units,
            sentence.term,
        )  # type: ignore[union-attr]


class TestContradictions:
    """Real data contradicts itself: warn and keep, or report the field; never drop silently."""

    def test_verdict_before_arrest_is_a_kept_warning(self) -> None:
        result = imported(record(verdict_date="2020-01-01"))
        assert 1 == result.imported
        assert ["verdict.before_arrest"] == [w.code for w in result.dataset.warnings]

    def test_release_before_arrest_keeps_the_person(self) -> None:
        result = imported(record(status="former", release_date="2020-01-01"))
        assert 1 == result.imported
        assert () == result.dataset.custody
        assert result.records[0].not_understood

    def test_rejections_are_accounted(self) -> None:
        records = [
            record(id=1),
            record(id=""),
            record(id=1),
            "not a record",
            record(id=2, arrested="2030-01-01"),
        ]
        result = viasna.import_records(records, as_of=dt.date(2025, 1, 1))
        assert 5 == result.read
        assert (1, 4) == (result.imported, result.rejected)
        reasons = [r.rejected for r in result.records]
        assert reasons[0] is None
        assert "no id" in reasons[1]
        assert "another record has the id" in reasons[2]
        assert "not a record" in reasons[3]
        assert reasons[4].startswith("date.after_as_of")
        assert "rejected: 4" in result.summary()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Art. 342 of the Criminal Code — Organization", br.ArticleRef("342")),
        (
            "Part 2 of Art. 293 of the Criminal Code — Participation in riots",
            br.ArticleRef("293", 2),
        ),
        (
            "Part 1 of Article 13 and Article 293 of the Criminal Code — Preparation",
            br.ArticleRef("293", preparation=True),
        ),
        ("Article 14 and Part 1 of Art. 364", br.ArticleRef("364", 1, attempt=True)),
        ("Art. 407: Disclosure", br.ArticleRef("407")),
        ("art. 188", br.ArticleRef("188")),
        ("Art. 361-1 of the Criminal Code", br.ArticleRef("361-1")),
    ],
)
def test_article_shapes(text: str, expected: br.ArticleRef) -> None:
    assert (expected, None) == parse_article(text)


@pytest.mark.parametrize("text", ["Criminal Code", "Art. x", "Article 342bis of something", "342"])
def test_unknown_article_shapes_are_not_guessed(text: str) -> None:
    ref, why = parse_article(text)
    assert ref is None
    assert why


@pytest.mark.parametrize(
    ("text", "term", "fine"),
    [
        ("6 years", br.Term(6), None),
        ("4 1/2 years", br.Term(4, 6), None),
        ("19 months", br.Term(1, 7), None),
        ("3 months", br.Term(0, 3), None),
        ("1 year 6 months", br.Term(1, 6), None),
        ("500 base value", None, 500),
        ("life", br.Term(life=True), None),
    ],
)
def test_decisions(text: str, term: br.Term | None, fine: int | None) -> None:
    assert (term, fine, None) == parse_decision(text)


@pytest.mark.parametrize("text", ["a long time", "60 years", "0 years"])
def test_unknown_decisions(text: str) -> None:
    assert parse_decision(text)[2]


@pytest.mark.parametrize(
    ("text", "kind", "regime"),
    [
        (
            "imprisonment in a general-security penal colony",
            br.SentenceKind.IMPRISONMENT,
            br.Regime.GENERAL,
        ),
        (
            "imprisonment in a medium-security penal colony",
            br.SentenceKind.IMPRISONMENT,
            br.Regime.REINFORCED,
        ),
        (
            "imprisonment in a maximum-security penal colony",
            br.SentenceKind.IMPRISONMENT,
            br.Regime.STRICT,
        ),
        ("imprisonment in a high security prison", br.SentenceKind.IMPRISONMENT, br.Regime.PRISON),
        (
            'restricted freedom in an open penal facility ("khimiya")',
            br.SentenceKind.RESTRICTED_FREEDOM_OPEN,
            None,
        ),
        (
            'restricted freedom under home confinement ("domashnyaya khimiya")',
            br.SentenceKind.RESTRICTED_FREEDOM_HOME,
            None,
        ),
        ("suspended imprisonment", br.SentenceKind.SUSPENDED, None),
        ("fine", br.SentenceKind.FINE, None),
        ("arrest", br.SentenceKind.ARREST, None),
    ],
)
def test_penalties(text: str, kind: br.SentenceKind, regime: br.Regime | None) -> None:
    assert (kind, regime) == parse_penalty(text)


class TestFiles:
    """JSON and CSV exports; the command line."""

    def test_json_and_csv_give_the_same_dataset(self, tmp_path: Path) -> None:
        records = [
            record(id=1),
            record(
                id=2,
                status="former",
                release_date="2022-12-01",
                name="Hanna Prykladava",
                gender="female",
            ),
        ]
        (tmp_path / "export.json").write_text(json.dumps(records), encoding="utf-8")
        with (tmp_path / "export.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(records[0]))
            writer.writeheader()
            writer.writerows(records)
        a = viasna.load(tmp_path / "export.json", as_of=dt.date(2023, 3, 1))
        b = viasna.load(tmp_path / "export.csv", as_of=dt.date(2023, 3, 1))
        assert a.dataset == b.dataset
        assert [2, 3] == [r.row for r in b.records]  # CSV line numbers

    def test_as_of_inferred_from_the_latest_date(self) -> None:
        result = viasna.import_records([record(appeal_date="2022-02-02")])
        assert dt.date(2022, 2, 2) == result.dataset.as_of
        assert any("inferred" in n for n in result.records[0].notes)

    def test_unreadable_file(self, tmp_path: Path) -> None:
        (tmp_path / "bad.json").write_text("{", encoding="utf-8")
        with pytest.raises(br.ValidationError):
            viasna.load(tmp_path / "bad.json")

    def test_command(self, tmp_path: Path) -> None:
        import io

        (tmp_path / "export.json").write_text(
            json.dumps([record(id=1), record(id="")]), encoding="utf-8"
        )
        out = io.StringIO()
        status = main(
            ["import", "viasna", str(tmp_path / "export.json"), str(tmp_path / "ds.zip")], out
        )
        assert 1 == status
        assert "imported: 1; rejected: 1" in out.getvalue()
        assert 1 == len(br.load(tmp_path / "ds.zip").persons)

    @pytest.mark.skipif(
        not REFERENCE.is_dir(), reason="no reference material beside the repository"
    )
    def test_the_real_sample_imports_with_nothing_lost(self) -> None:
        # reading the public sample in place: nothing of it is copied into the repository
        result = viasna.load(REFERENCE / "viasna-export-sample.json")
        assert (13, 13, 0) == (result.read, result.imported, result.rejected)
        assert all(not r.not_understood for r in result.records)


junk = st.dictionaries(
    st.sampled_from([*viasna.FIELDS, "articles/0", "prison/title", "other"]),
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=30)
    | st.sampled_from(["FALSE", "", "2021-02-30", "6 years", "Art. 342"]),
)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(junk | st.integers(), max_size=8))
def test_any_records_are_accounted_for(records: list[Any]) -> None:
    result = viasna.import_records(records, as_of=dt.date(2025, 1, 1))
    assert result.read == result.imported + result.rejected
    assert len(result.dataset.persons) == result.imported


class TestNothingLost:
    """Places, undated arrests and empty cells of every kind: nothing is lost or misread."""

    def test_place_of_detention_kept_without_an_arrest_date(self) -> None:
        result = imported(record(arrested="", status="active"))
        [spell] = result.dataset.custody
        assert "Penal colony No. 99" == spell.facility
        [rec] = result.records
        assert [] == [f for f, _, _ in rec.not_understood if f.startswith("prison")]

    def test_place_as_a_plain_column(self) -> None:
        data = record(arrested="", status="active")
        del data["prison/title"], data["prison/address"]
        data["prison"] = "Pre-trial detention centre No. 99"
        [spell] = imported(data).dataset.custody
        assert "Pre-trial detention centre No. 99" == spell.facility

    def test_sentenced_without_an_arrest_date_is_possibly_held(self) -> None:
        data = record(arrested="", verdict_date="2022-05-10", status="active")
        result = imported(data)
        [spell] = result.dataset.custody
        assert dt.date(2022, 5, 10) == spell.start.latest
        assert dt.date(2004, 4, 2) == spell.start.earliest  # the 14th birthday
        assert spell.end is None  # held at the export
        codes = [p.code for r in result.records for p in r.warnings]
        assert "arrest.undated" in codes
        ds = result.dataset
        assert br.Count(0, 1) == br.in_custody(ds, "2022-01-01")
        assert br.Count(1, 1) == br.in_custody(ds, "2022-05-10")

    def test_without_a_verdict_date_up_to_the_export(self) -> None:
        data = record(arrested="", verdict_date="", birthday="", status="active")
        [spell] = imported(data).dataset.custody
        assert dt.date.min == spell.start.earliest  # no earlier bound is known
        assert imported(data).dataset.as_of == spell.start.latest

    def test_a_non_custodial_sentence_makes_no_spell(self) -> None:
        data = record(arrested="", status="former", penalty="fine", decision="100 base value")
        data["prison/title"] = ""
        assert () == imported(data).dataset.custody

    def test_released_awaiting_makes_no_spell(self) -> None:
        data = record(arrested="")
        data["prison/title"] = "Released awaiting the commencement of the sentence"
        assert () == imported(data).dataset.custody

    @pytest.mark.parametrize("empty", [None, float("nan"), "", "FALSE"])
    def test_empty_cells_of_every_kind(self, empty: object) -> None:
        result = imported(record(birthday=empty, judge=empty, description=empty))
        [person] = result.dataset.persons
        assert person.birth is None
        [rec] = result.records
        assert [] == rec.not_understood

    def test_pandas_missing_values(self) -> None:
        pd = pytest.importorskip("pandas")
        frame = pd.DataFrame([record(), record(id=9002, birthday=None, verdict_date=pd.NA)])
        frame["birthday"] = pd.to_datetime(frame["birthday"]).dt.strftime("%Y-%m-%d")
        result = viasna.import_records(frame.to_dict("records"))
        assert [] == [r.not_understood for r in result.records if r.not_understood]
        assert [True, False] == [p.birth is not None for p in result.dataset.persons]

    @pytest.mark.parametrize(
        ("text", "given"),
        [
            ("Sintetyk Dzmitryi", "Dzmitryi"),
            ("Valeryi Sintetyk", "Valeryi"),
            ("Sintetyk Yuryi", "Yuryi"),
            ("Aksana Sintetyk", "Aksana"),
            ("Sintetyk Fiodar", "Fiodar"),
            ("Sintetyk Valiantsina", "Valiantsina"),
            ("Sintetyk Yauhen", "Yauhen"),
        ],
    )
    def test_name_order_from_the_shared_table(self, text: str, given: str) -> None:
        result = imported(record(name=text))
        assert given == result.dataset.persons[0].names[0].given
        assert [] == [p for r in result.records for p in r.warnings if p.code == "name.order"]
