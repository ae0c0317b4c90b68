from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import belarus_repression as br
from belarus_repression import strategies as brst
from belarus_repression._io import _write

D = br.PartialDate.parse
AS_OF = dt.date(2025, 8, 1)
FORMATS = ["ds.json", "ds.zip", "ds_dir"]
TMP_OK = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


def small_dataset() -> br.Dataset:
    src = br.Source("syn-src-1", "Synthetic source")
    p1 = br.Person(
        "syn-p-1",
        names=(
            br.Name("Aliaksandra", "Syntetyk"),
            br.Name("Александра", "Синтетик", lang="ru", script=br.Script.CYRILLIC),
        ),
        gender=br.Gender.FEMALE,
        birth=D("1990-03"),
        sources=("syn-src-1",),
    )
    p2 = br.Person("syn-p-2", gender=br.Gender.MALE)
    wave = br.PardonWave("syn-w-1", D("2024-08-16"), 30)
    spells = (
        br.CustodySpell(
            "syn-s-1",
            "syn-p-1",
            D("2020-08-10"),
            D("2024-08-16"),
            br.EndReason.PARDON,
            pardon_wave="syn-w-1",
        ),
        br.CustodySpell("syn-s-2", "syn-p-2", D("2021-03")),
    )
    conv = br.Conviction(
        "syn-c-1",
        "syn-p-1",
        verdict=D("2021-02"),
        articles=(br.ArticleRef("342"), br.ArticleRef("293", 1, preparation=True)),
        sentence=br.Sentence(br.SentenceKind.IMPRISONMENT, br.Term(4, 6), br.Regime.GENERAL),
        judges=("Judge; One", "Judge Two"),
    )
    return br.Dataset(
        AS_OF,
        sources=(src,),
        persons=(p1, p2),
        convictions=(conv,),
        custody=spells,
        pardon_waves=(wave,),
    )


def codes(report: br.Report) -> list[tuple[str, str | None, int | None, str | None]]:
    return [(p.code, p.location.table, p.location.row, p.location.path) for p in report.problems]


def write_doc(tmp_path: Path, doc: object, name: str = "doc.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def plain_doc() -> dict[str, Any]:
    return {"format": "belarus-repression", "version": 1, "as_of": "2025-08-01"}


class TestRoundTrip:
    """load(save(ds)) == ds for every format."""

    @pytest.mark.parametrize("name", FORMATS)
    def test_small(self, tmp_path: Path, name: str) -> None:
        ds = small_dataset()
        br.save(ds, tmp_path / name)
        assert ds == br.load(tmp_path / name)

    @TMP_OK
    @given(ds=brst.datasets())
    def test_generated(self, tmp_path: Path, ds: br.Dataset) -> None:
        for name in FORMATS:
            br.save(ds, tmp_path / name)
            assert ds == br.load(tmp_path / name), name

    def test_format_argument_overrides_the_suffix(self, tmp_path: Path) -> None:
        ds = small_dataset()
        br.save(ds, tmp_path / "data.txt", format="json")
        assert ds == br.load(tmp_path / "data.txt", format="json")

    def test_unknown_suffix_is_a_clear_error(self, tmp_path: Path) -> None:
        with pytest.raises(ValueError, match="cannot tell the format"):
            br.save(small_dataset(), tmp_path / "data.txt")
        with pytest.raises(ValueError, match="unknown format"):
            br.load(tmp_path / "x.json", format="xml")  # type: ignore[arg-type]

    def test_saved_document_shape(self, tmp_path: Path) -> None:
        br.save(small_dataset(), tmp_path / "ds.json")
        doc = json.loads((tmp_path / "ds.json").read_text(encoding="utf-8"))
        assert ("belarus-repression", 1, "2025-08-01") == (
            doc["format"],
            doc["version"],
            doc["as_of"],
        )
        assert [
            "sources",
            "persons",
            "convictions",
            "custody",
            "pardon_waves",
            "observations",
            "figures",
        ] == [k for k in doc if isinstance(doc[k], list)]

    def test_data_package_descriptor(self, tmp_path: Path) -> None:
        br.save(small_dataset(), tmp_path / "ds")
        desc = json.loads((tmp_path / "ds" / "datapackage.json").read_text(encoding="utf-8"))
        resources = {r["name"]: r for r in desc["resources"]}
        assert {
            "sources",
            "persons",
            "names",
            "convictions",
            "custody",
            "pardon_waves",
            "observations",
            "figures",
        } == set(resources)
        custody = resources["custody"]["schema"]
        assert ["id"] == custody["primaryKey"]
        assert {
            "fields": ["person_id"],
            "reference": {"resource": "persons", "fields": ["id"]},
        } in custody["foreignKeys"]
        fields = {f["name"]: f for f in custody["fields"]}
        assert [r.value for r in br.EndReason] == fields["end_reason"]["constraints"]["enum"]
        assert fields["id"]["constraints"]["required"] is True
        header = (tmp_path / "ds" / "custody.csv").read_text(encoding="utf-8").splitlines()[0]
        assert [f["name"] for f in custody["fields"]] == header.split(",")


class TestJsonProblems:
    """Bad JSON documents: every problem at once, located by file, table, row, record, field."""

    def test_record_problems_with_locations(self, tmp_path: Path) -> None:
        doc = plain_doc() | {
            "persons": [
                {"id": "syn-p-1"},
                {"id": "syn-p-2", "gender": "f", "birth": "1990-13", "colour": "red"},
            ],
            "custody": [{"id": "syn-s-1", "person_id": "syn-p-1", "start": 2021}],
        }
        path = write_doc(tmp_path, doc)
        with pytest.raises(br.ValidationError) as info:
            br.load(path)
        assert [
            ("enum.unknown", "persons", 1, "$.persons[1].gender"),
            ("date.invalid", "persons", 1, "$.persons[1].birth"),
            ("field.unknown", "persons", 1, "$.persons[1].colour"),
            ("type.invalid", "custody", 0, "$.custody[0].start"),
        ] == codes(info.value.report)
        assert all(str(path) == p.location.file for p in info.value.problems)
        assert "syn-p-2" == info.value.problems[0].location.record

    def test_integrity_problems_keep_original_rows(self, tmp_path: Path) -> None:
        doc = plain_doc() | {
            "persons": [{"id": "syn-p-1"}],
            "custody": [
                {"id": "syn-s-1", "person_id": "syn-p-1", "start": "2021"},
                {"id": "syn-s-2", "person_id": "ghost", "start": "2021"},
            ],
        }
        report = br.validate(write_doc(tmp_path, doc))
        assert [("ref.unresolved", "custody", 1, "$.custody[1].person_id")] == codes(report)

    @pytest.mark.parametrize(
        ("doc", "code"),
        [
            ({"format": "other", "version": 1, "as_of": "2025-08-01"}, "format.unknown"),
            ({"version": 1, "as_of": "2025-08-01"}, "format.unknown"),
            (
                {"format": "belarus-repression", "version": 2, "as_of": "2025-08-01"},
                "format.version",
            ),
            (
                {"format": "belarus-repression", "version": "1", "as_of": "2025-08-01"},
                "type.invalid",
            ),
            (
                {"format": "belarus-repression", "version": 0, "as_of": "2025-08-01"},
                "format.unknown",
            ),
            ({"format": "belarus-repression", "version": 1}, "field.missing"),
            ({"format": "belarus-repression", "version": 1, "as_of": None}, "type.invalid"),
            ({"format": "belarus-repression", "version": 1, "as_of": "2025-08"}, "date.invalid"),
            ([], "type.invalid"),
            (plain_doc() | {"persons": {}}, "type.invalid"),
            (plain_doc() | {"extra": 1}, "field.unknown"),
            (plain_doc() | {"synthetic": "yes"}, "type.invalid"),
        ],
    )
    def test_document_level_problems(self, tmp_path: Path, doc: object, code: str) -> None:
        report = br.validate(write_doc(tmp_path, doc))
        assert code in [p.code for p in report.errors]

    def test_newer_version_says_to_upgrade(self, tmp_path: Path) -> None:
        path = write_doc(tmp_path, plain_doc() | {"version": 7})
        with pytest.raises(br.ValidationError, match="upgrade belarus-repression"):
            br.load(path)

    @pytest.mark.parametrize(
        ("content", "code"),
        [
            (b"", "file.syntax"),
            (b'{"format": "belarus-repression", "vers', "file.syntax"),
            (b"\xff\xfe\x00\x01garbage", "file.encoding"),
            ("{}".encode("utf-16"), "file.encoding"),
            (b"[" * 100_000 + b"]" * 100_000, "file.syntax"),
            (
                b'{"format": "belarus-repression", "version": 1, "as_of": "2025-08-01", '
                b'"persons": [{"id": "p", "synthetic": ' + b"9" * 5000 + b"}]}",
                "file.syntax",
            ),
        ],
    )
    def test_unreadable_content(self, tmp_path: Path, content: bytes, code: str) -> None:
        path = tmp_path / "bad.json"
        path.write_bytes(content)
        report = br.validate(path)
        assert [code] == [p.code for p in report.errors]
        with pytest.raises(br.ValidationError):
            br.load(path)

    def test_byte_order_mark_is_accepted(self, tmp_path: Path) -> None:
        path = tmp_path / "bom.json"
        path.write_bytes(b"\xef\xbb\xbf" + json.dumps(plain_doc()).encode())
        assert AS_OF == br.load(path).as_of

    def test_missing_file(self, tmp_path: Path) -> None:
        report = br.validate(tmp_path / "nope.json")
        assert ["file.unreadable"] == [p.code for p in report.errors]

    def test_warnings_do_not_stop_loading(self, tmp_path: Path) -> None:
        doc = plain_doc() | {
            "persons": [{"id": "syn-p-1", "birth": "2012"}],
            "custody": [{"id": "syn-s-1", "person_id": "syn-p-1", "start": "2021-05-01"}],
        }
        ds = br.load(write_doc(tmp_path, doc))
        assert [("age.implausible", "custody", 0, "$.custody[0].start")] == codes(ds.report)


class TestCsvProblems:
    """Bad CSV tables: problems located by file, table, CSV line and column."""

    def save_dir(self, tmp_path: Path) -> Path:
        path = tmp_path / "ds"
        br.save(small_dataset(), path)
        return path

    def edit(self, path: Path, table: str, old: str, new: str) -> None:
        file = path / f"{table}.csv"
        text = file.read_text(encoding="utf-8")
        assert old in text
        file.write_text(text.replace(old, new, 1), encoding="utf-8", newline="")

    def test_cell_problems_with_lines_and_columns(self, tmp_path: Path) -> None:
        path = self.save_dir(tmp_path)
        self.edit(path, "convictions", "imprisonment,4,6,0,false", "imprisonment,four,6,0,maybe")
        self.edit(path, "convictions", "342;293 p.1 (preparation)", "342;Art. 293")
        self.edit(path, "custody", "syn-s-2,syn-p-2,2021-03", "syn-s-2,syn-p-2,March 2021x")
        with pytest.raises(br.ValidationError) as info:
            br.load(path)
        assert [
            ("type.invalid", "convictions", 2, "sentence_term_years"),
            ("type.invalid", "convictions", 2, "sentence_term_life"),
            ("article.malformed", "convictions", 2, "articles"),
            ("date.invalid", "custody", 3, "start"),
        ] == sorted(
            codes(info.value.report),
            key=lambda c: (
                c[1] or "",
                c[2] or 0,
                c[3] != "sentence_term_years",
                c[3] != "sentence_term_life",
            ),
        )
        assert {"syn-c-1", "syn-s-2"} == {p.location.record for p in info.value.problems}

    def test_missing_and_extra_columns(self, tmp_path: Path) -> None:
        path = self.save_dir(tmp_path)
        self.edit(path, "custody", "id,person_id,start,", "id,person,start,")
        report = br.validate(path)
        (problem,) = report.errors
        assert ("csv.columns", "custody", 1) == (
            problem.code,
            problem.location.table,
            problem.location.row,
        )
        assert "missing person_id" in problem.message
        assert "unknown person" in problem.message

    def test_row_with_too_many_cells(self, tmp_path: Path) -> None:
        path = self.save_dir(tmp_path)
        self.edit(path, "custody", "syn-s-2,syn-p-2,2021-03,", "syn-s-2,syn-p-2,2021-03,,extra,")
        assert [("csv.row_length", "custody", 3, None)] == codes(br.validate(path))

    def test_missing_table_file(self, tmp_path: Path) -> None:
        path = self.save_dir(tmp_path)
        (path / "custody.csv").unlink()
        assert [("table.missing", "custody", None, None)] == codes(br.validate(path))

    def test_names_of_unknown_person(self, tmp_path: Path) -> None:
        path = self.save_dir(tmp_path)
        self.edit(path, "names", "syn-p-1,Aliaksandra", "syn-p-9,Aliaksandra")
        assert [("ref.unresolved", "names", 2, "person_id")] == codes(br.validate(path))

    def test_integrity_problem_located_by_line(self, tmp_path: Path) -> None:
        path = self.save_dir(tmp_path)
        self.edit(path, "custody", "syn-s-2,syn-p-2", "syn-s-2,ghost")
        assert [("ref.unresolved", "custody", 3, "person_id")] == codes(br.validate(path))

    def test_descriptor_problems(self, tmp_path: Path) -> None:
        path = self.save_dir(tmp_path)
        (path / "datapackage.json").write_text('{"resources": []}', encoding="utf-8")
        assert ["format.unknown"] == [p.code for p in br.validate(path).errors]
        (path / "datapackage.json").unlink()
        assert ["table.missing"] == [p.code for p in br.validate(path).errors]

    def test_not_a_zip(self, tmp_path: Path) -> None:
        path = tmp_path / "ds.zip"
        path.write_bytes(b"not a zip")
        assert ["file.unreadable"] == [p.code for p in br.validate(path).errors]

    def test_non_utf8_table(self, tmp_path: Path) -> None:
        path = self.save_dir(tmp_path)
        (path / "sources.csv").write_bytes(
            "id,name,url,published,accessed\r\nx,Źródło,,,\r\n".encode("cp1250")
        )
        assert [("file.encoding", "sources")] == [
            (p.code, p.location.table) for p in br.validate(path).errors
        ]


class TestLenient:
    """Lenient loading keeps what it can and accounts for every input record."""

    def test_accounting_and_cascade(self, tmp_path: Path) -> None:
        doc = plain_doc() | {
            "sources": [{"id": "syn-src-1", "name": "S"}],
            "persons": [
                {"id": "syn-p-1"},
                {"id": "syn-p-2", "gender": "f"},
                {"id": "syn-p-1"},
            ],
            "custody": [
                {"id": "syn-s-1", "person_id": "syn-p-1", "start": "2021"},
                {"id": "syn-s-2", "person_id": "syn-p-2", "start": "2021"},
                {"id": "syn-s-3", "person_id": "syn-p-1", "start": "2030"},
            ],
            "convictions": [{"id": "syn-c-1", "person_id": "syn-p-2"}],
        }
        result = br.load_lenient(write_doc(tmp_path, doc))
        assert ("syn-p-1",) == tuple(p.id for p in result.dataset.persons)
        assert ("syn-s-1",) == tuple(s.id for s in result.dataset.custody)
        reasons = {(r.table, r.row): [p.code for p in r.problems] for r in result.rejected}
        assert {
            ("persons", 1): ["enum.unknown"],
            ("persons", 2): ["id.duplicate"],
            ("custody", 2): ["custody.overlap", "date.after_as_of"],
            ("custody", 1): ["ref.dropped"],
            ("convictions", 0): ["ref.dropped"],
        } == reasons
        for table, (read, loaded, rejected) in result.accounting().items():
            assert read == loaded + rejected, table
        assert not result.report.ok

    def test_csv_names_are_accounted(self, tmp_path: Path) -> None:
        path = tmp_path / "ds"
        br.save(small_dataset(), path)
        text = (path / "persons.csv").read_text(encoding="utf-8")
        (path / "persons.csv").write_text(
            text.replace("syn-p-1,female", "syn-p-1,f"), encoding="utf-8", newline=""
        )
        result = br.load_lenient(path)
        assert (2, 0, 2) == result.accounting()["names"]
        assert (2, 1, 1) == result.accounting()["custody"]
        for read, loaded, rejected in result.accounting().values():
            assert read == loaded + rejected

    def test_unreadable_file_still_raises(self, tmp_path: Path) -> None:
        path = tmp_path / "bad.json"
        path.write_text("{", encoding="utf-8")
        with pytest.raises(br.ValidationError):
            br.load_lenient(path)

    @TMP_OK
    @given(ds=brst.datasets(), data=st.data())
    def test_accounting_holds_for_damaged_input(
        self, tmp_path: Path, ds: br.Dataset, data: st.DataObject
    ) -> None:
        path = tmp_path / "ds.json"
        br.save(ds, path)
        doc = json.loads(path.read_text(encoding="utf-8"))
        tables = [t for t in ("persons", "custody", "convictions", "sources") if doc[t]]
        if tables:
            table = data.draw(st.sampled_from(tables))
            index = data.draw(st.integers(0, len(doc[table]) - 1))
            field = data.draw(st.sampled_from(sorted(doc[table][index])))
            doc[table][index][field] = data.draw(st.sampled_from([None, 1, "", "x", [], {}]))
        path.write_text(json.dumps(doc), encoding="utf-8")
        result = br.load_lenient(path)
        for read, loaded, rejected in result.accounting().values():
            assert read == loaded + rejected


class TestAtomicSave:
    """An interrupted write leaves the previous file intact and no debris."""

    @pytest.mark.parametrize("name", FORMATS)
    def test_interrupted_write(
        self, tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        target = tmp_path / name
        old = small_dataset()
        br.save(old, target)
        before = sorted(p.name for p in tmp_path.iterdir())

        def explode(*args: object) -> None:
            raise KeyboardInterrupt

        monkeypatch.setattr(_write, "_plain_tables", explode)
        new = br.Dataset(AS_OF, persons=(br.Person("syn-p-9"),))
        with pytest.raises(KeyboardInterrupt):
            br.save(new, target)
        monkeypatch.undo()
        assert before == sorted(p.name for p in tmp_path.iterdir())
        assert old == br.load(target)

    @pytest.mark.parametrize("name", FORMATS)
    def test_overwrite(self, tmp_path: Path, name: str) -> None:
        target = tmp_path / name
        br.save(small_dataset(), target)
        new = br.Dataset(AS_OF, persons=(br.Person("syn-p-9"),))
        br.save(new, target)
        assert new == br.load(target)
        assert [name] == [p.name for p in tmp_path.iterdir()]

    def test_saved_file_is_not_private(self, tmp_path: Path) -> None:
        import os

        umask = os.umask(0o022)
        try:
            br.save(small_dataset(), tmp_path / "ds.json")
        finally:
            os.umask(umask)
        assert 0o644 == (tmp_path / "ds.json").stat().st_mode & 0o777

    def test_zip_is_a_zip(self, tmp_path: Path) -> None:
        br.save(small_dataset(), tmp_path / "ds.zip")
        with zipfile.ZipFile(tmp_path / "ds.zip") as archive:
            assert "datapackage.json" in archive.namelist()
