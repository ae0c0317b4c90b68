"""The table importer: a researcher's own CSV, XLSX or DataFrame through a column mapping.

Every person in these tests is invented.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import belarus_repression as br
from belarus_repression.cli import main
from belarus_repression.importers import table
from belarus_repression.importers.viasna import ImportResult

COLUMNS = {
    "ID": "person.id",
    "ФИО": "person.name",
    "Пол": "person.gender",
    "Рождение": "person.birth",
    "Роли": "person.roles",
    "Задержан": "custody.start",
    "Освобождён": "custody.end",
    "Место": "custody.facility",
    "Статьи": "conviction.articles",
    "Приговор": "conviction.verdict",
}
VALUES = {
    "person.gender": {"Ж": "female", "М": "male"},
    "person.roles": {"журналист": "journalist", "юрист": "lawyer"},
}


def mapping(**options: Any) -> dict[str, Any]:
    """A mapping of the columns above; options and other columns override it."""
    columns = options.pop("columns", {})
    values = options.pop("values", {})
    return {"columns": COLUMNS | columns, "values": VALUES | values, **options}


def row(**cells: Any) -> dict[str, Any]:
    """One row of an invented person, with every column of the mapping."""
    base: dict[str, Any] = {
        "ID": "1",
        "ФИО": "Сінтэцкая Алена",
        "Пол": "Ж",
        "Рождение": "14.02.1987",
        "Роли": "журналист",
        "Задержан": "09.08.2020",
        "Освобождён": "",
        "Место": "ИК-0",
        "Статьи": "ч.2 ст.293",
        "Приговор": "11.12.2020",
    }
    return base | cells


def imported(*rows: dict[str, Any], **options: Any) -> ImportResult:
    options.setdefault("as_of", "2025-08-01")
    return table.import_table(list(rows), mapping(**options))


def accounted(report: Any) -> Counter[str]:
    """How many times each column appears in a row's report."""
    columns = [*report.imported, *(c for c, _, _ in report.ignored)]
    return Counter(columns + [c for c, _, _ in report.not_understood])


class TestExports:
    """The module's public names exist and its fields are documented."""

    def test_all_resolves(self) -> None:
        assert all(hasattr(table, name) for name in table.__all__)

    def test_every_field_is_on_the_docs_page(self) -> None:
        page = (Path(__file__).parent.parent / "docs" / "tables.md").read_text(encoding="utf-8")
        assert [] == [field for field in table.FIELDS if f"`{field}`" not in page]


class TestMappingFormat:
    """A mapping is a dict or a TOML file of the same shape, checked all at once."""

    def test_toml_and_dict_are_the_same_mapping(self, tmp_path: Path) -> None:
        (tmp_path / "m.toml").write_text(
            'rows = "case"\nas_of = 2025-08-01\n[columns]\n"ФИО" = "person.name"\n'
            '"Пол" = { field = "person.gender", values = { "Ж" = "female" } }\n'
            '"Заметки" = { ignore = "notes" }\n',
            encoding="utf-8",
        )
        as_dict = {
            "rows": "case",
            "as_of": "2025-08-01",
            "columns": {
                "ФИО": "person.name",
                "Пол": {"field": "person.gender", "values": {"Ж": "female"}},
                "Заметки": {"ignore": "notes"},
            },
        }
        assert table.ColumnMapping.from_dict(as_dict) == table.ColumnMapping.load(
            tmp_path / "m.toml"
        )

    def test_an_unknown_field_lists_the_known_ones(self) -> None:
        with pytest.raises(br.UnknownKeyError) as info:
            table.ColumnMapping.from_dict({"columns": {"Пол": "person.sex"}})
        assert "person.sex" == info.value.key
        assert "person.gender" in info.value.known
        assert isinstance(info.value, LookupError)

    def test_several_unknown_fields_are_named_at_once(self) -> None:
        with pytest.raises(br.UnknownKeyError) as info:
            table.ColumnMapping.from_dict(
                {"columns": {"a": "person.sex"}, "values": {"person.age": {}}}
            )
        assert ("person.sex", "person.age") == info.value.key

    def test_an_unknown_option_lists_the_known_ones(self) -> None:
        with pytest.raises(br.UnknownKeyError) as info:
            table.ColumnMapping.from_dict({"columns": {"a": "person.name"}, "row": "case"})
        assert "rows" in info.value.known

    def test_a_column_the_table_lacks_lists_its_columns(self) -> None:
        with pytest.raises(br.UnknownKeyError) as info:
            table.import_table([{"Name": "Alena Syntetyk"}], {"columns": {"Имя": "person.name"}})
        assert ("Имя", ("Name",)) == (info.value.key, info.value.known)

    def test_every_other_mistake_is_reported_at_once(self) -> None:
        bad = {
            "rows": "people",
            "separator": "",
            "columns": {
                "Пол": "person.gender",
                "Sex": "person.gender",
                "ФИО": {"field": "person.name", "separator": ","},
            },
            "values": {"person.gender": {"Ж": "femal"}},
        }
        with pytest.raises(br.ValidationError) as info:
            table.ColumnMapping.from_dict(bad)
        paths = [p.location.path for p in info.value.problems]
        assert [
            "rows",
            "separator",
            "columns.Sex",
            "columns.ФИО.separator",
            "values.person.gender.Ж",
        ] == paths

    def test_a_file_that_is_not_toml(self, tmp_path: Path) -> None:
        (tmp_path / "m.toml").write_text("[columns\n", encoding="utf-8")
        with pytest.raises(br.ValidationError) as info:
            table.ColumnMapping.load(tmp_path / "m.toml")
        assert "file.syntax" == info.value.problems[0].code

    def test_aliases_name_the_same_fields(self) -> None:
        spec = table.ColumnMapping.from_dict(
            {"columns": {"a": "custody.arrested", "b": "custody.released"}}
        )
        assert ["custody.start", "custody.end"] == [c.field for c in spec.columns]

    def test_a_list_target_only_for_a_multi_valued_field(self) -> None:
        with pytest.raises(br.ValidationError):
            table.ColumnMapping.from_dict(
                {"columns": {"a": "person.gender"}, "values": {"person.gender": {"x": ["male"]}}}
            )


class TestValues:
    """Raw values become vocabulary values, dates, lists and flags; the rest is reported."""

    def test_values_are_looked_up_without_case_or_spacing(self) -> None:
        result = imported(row(Пол=" ж "))
        assert "female" == result.dataset.persons[0].gender.value

    def test_a_typo_is_not_understood_with_its_raw_value(self) -> None:
        result = imported(row(Пол="Жэн"))
        report = result.records[0]
        assert [("Пол", "'Жэн'")] == [(c, v) for c, v, _ in report.not_understood]
        assert "unknown" == result.dataset.persons[0].gender.value

    def test_a_vocabulary_value_is_read_as_written(self) -> None:
        result = imported(row(Роли="Human rights defender; journalist"))
        roles = {r.value for r in result.dataset.persons[0].roles}
        assert {"human_rights_defender", "journalist"} == roles

    def test_a_multi_valued_cell_is_split_at_the_separator(self) -> None:
        result = imported(row(Роли="журналист / юрист"), separator="/")
        assert {"journalist", "lawyer"} == {r.value for r in result.dataset.persons[0].roles}

    def test_a_column_separator_overrides_the_mapping_one(self) -> None:
        columns = {"Статьи": {"field": "conviction.articles", "separator": ","}}
        result = imported(row(Статьи="ст. 342, ч.1 ст.361-1"), columns=columns)
        articles = [str(a) for a in result.dataset.convictions[0].articles]
        assert ["342", "361-1 p.1"] == articles

    def test_a_partly_read_cell_keeps_what_was_read(self) -> None:
        result = imported(row(Статьи="ч.2 ст.293; статья какая-то"))
        report = result.records[0]
        assert ["Статьи"] == [c for c, _, _ in report.not_understood]
        assert ["293 p.2"] == [str(a) for a in result.dataset.convictions[0].articles]
        assert "Статьи" not in report.imported
        assert any(note.startswith("Статьи: kept 293 p.2") for note in report.notes)

    def test_a_value_mapped_to_a_list(self) -> None:
        values = {"person.roles": {"журналист-юрист": ["journalist", "lawyer"]}}
        result = imported(row(Роли="Журналист-юрист"), values=values)
        assert {"journalist", "lawyer"} == {r.value for r in result.dataset.persons[0].roles}

    def test_a_value_mapped_to_nothing_is_ignored(self) -> None:
        result = imported(row(Пол="н/д"), values={"person.gender": {"н/д": ""}})
        report = result.records[0]
        assert [("Пол", "the mapping says this value means no value")] == [
            (c, why) for c, _, why in report.ignored
        ]

    @pytest.mark.parametrize(
        ("cell", "expected"),
        [
            ("09.08.2020", "2020-08-09"),
            ("9/8/2020", "2020-08-09"),
            ("08.2020", "2020-08"),
            ("Aug 2020", "2020-08"),
            ("2020", "2020"),
            (dt.datetime(2020, 8, 9), "2020-08-09"),
            (1987, "1987"),
        ],
    )
    def test_dates_in_the_forms_people_type(self, cell: object, expected: str) -> None:
        result = imported(row(Рождение=cell))
        assert expected == str(result.dataset.persons[0].birth)

    def test_a_cell_that_is_not_a_date_is_reported(self) -> None:
        result = imported(row(Рождение="31.02.1987"))
        assert ["Рождение"] == [c for c, _, _ in result.records[0].not_understood]
        assert result.dataset.persons[0].birth is None

    @pytest.mark.parametrize(
        ("cell", "expected"),
        [
            ("да", "recognized"),
            ("Нет", "not_recognized"),
            (True, "recognized"),
            (0, "not_recognized"),
        ],
    )
    def test_yes_and_no(self, cell: object, expected: str) -> None:
        columns = {"Признан": "person.recognition"}
        result = imported(row(Признан=cell), columns=columns)
        assert expected == result.dataset.persons[0].recognition.value

    def test_a_recognition_date_means_recognized(self) -> None:
        result = imported(row(Признан="05.2021"), columns={"Признан": "person.recognized"})
        person = result.dataset.persons[0]
        assert ("recognized", "2021-05") == (person.recognition.value, str(person.recognized))

    def test_a_contradicting_recognition_date_is_not_understood(self) -> None:
        columns = {"Признан": "person.recognition", "Дата": "person.recognized"}
        result = imported(row(Признан="нет", Дата="05.2021"), columns=columns)
        assert ["Дата"] == [c for c, _, _ in result.records[0].not_understood]
        assert result.dataset.persons[0].recognized is None

    def test_citizenship_codes(self) -> None:
        columns = {"Гражданство": "person.citizenship"}
        values = {"person.citizenship": {"Беларусь": "BY"}}
        result = imported(row(Гражданство="Беларусь; ru"), columns=columns, values=values)
        assert {"BY", "RU"} == set(result.dataset.persons[0].citizenship)

    @pytest.mark.parametrize(
        ("cells", "expected"),
        [
            ({"Срок": "2 years 6 months"}, "2 years 6 months"),
            ({"Срок": "4 1/2 years"}, "4 years 6 months"),
            ({"Лет": "2,5"}, "2 years 6 months"),
            ({"Лет": 3.0}, "3 years"),
            ({"Лет": 1, "Месяцев": 3}, "1 year 3 months"),
            ({"Месяцев": "18"}, "1 year 6 months"),
        ],
    )
    def test_terms(self, cells: dict[str, object], expected: str) -> None:
        columns = {
            "Срок": "conviction.term",
            "Лет": "conviction.term_years",
            "Месяцев": "conviction.term_months",
        }
        result = imported(row(**(dict.fromkeys(columns) | cells)), columns=columns)
        assert expected == str(result.dataset.convictions[0].sentence.term)

    def test_a_term_of_part_of_a_month_is_not_understood(self) -> None:
        result = imported(row(Лет="2,3"), columns={"Лет": "conviction.term_years"})
        assert ["Лет"] == [c for c, _, _ in result.records[0].not_understood]

    def test_a_fine(self) -> None:
        result = imported(row(Срок="500 base units"), columns={"Срок": "conviction.term"})
        sentence = result.dataset.convictions[0].sentence
        assert ("fine", 500) == (sentence.kind.value, sentence.fine_base_units)

    def test_a_regime_means_imprisonment(self) -> None:
        columns = {"Режим": "conviction.regime"}
        result = imported(row(Режим="strict"), columns=columns)
        sentence = result.dataset.convictions[0].sentence
        assert ("imprisonment", "strict") == (sentence.kind.value, sentence.regime.value)

    def test_a_sentence_kind_by_the_mapping(self) -> None:
        columns = {"Наказание": "conviction.sentence"}
        values = {"conviction.sentence": {"лишение свободы": "imprisonment"}}
        result = imported(row(Наказание="Лишение свободы"), columns=columns, values=values)
        assert "imprisonment" == result.dataset.convictions[0].sentence.kind.value


class TestNames:
    """Names in any script and order, whole or in parts."""

    @pytest.mark.parametrize(
        ("cell", "given", "family"),
        [
            ("Сінтэцкая Алена", "Алена", "Сінтэцкая"),
            ("Alena Syntetyk", "Alena", "Syntetyk"),
            ("SYNTETYK Alena", "Alena", "SYNTETYK"),
            ("Syntetyk, Alena", "Alena", "Syntetyk"),
        ],
    )
    def test_a_full_name(self, cell: str, given: str, family: str) -> None:
        name = imported(row(ФИО=cell)).dataset.persons[0].name
        assert (given, family) == (name.given, name.family)

    def test_several_name_columns_give_several_forms(self) -> None:
        columns = {"Latin": {"field": "person.name", "system": "icao"}}
        result = imported(row(Latin="Alena Syntetyk"), columns=columns)
        names = result.dataset.persons[0].names
        assert [("Сінтэцкая", None), ("Syntetyk", "icao")] == [
            (n.family, None if n.system is None else n.system.value) for n in names
        ]

    def test_a_name_in_parts(self) -> None:
        columns = {
            "ФИО": "ignore",
            "Фамилия": "person.family",
            "Имя": "person.given",
            "Отчество": "person.patronymic",
        }
        cells = {"Фамилия": "Прыкладны", "Имя": "Иван", "Отчество": "Петрович"}
        name = imported(row(**cells), columns=columns).dataset.persons[0].name
        assert ("Иван", "Петрович", "Прыкладны", "ru") == (
            name.given,
            name.patronymic,
            name.family,
            name.lang,
        )

    def test_a_name_that_cannot_be_split_is_not_understood(self) -> None:
        result = imported(row(ФИО="Алена"))
        assert ["ФИО"] == [c for c, _, _ in result.records[0].not_understood]
        assert () == result.dataset.persons[0].names


class TestRows:
    """Rows become persons, one per row or grouped by id or name, each accounted for."""

    def test_one_row_per_person(self) -> None:
        result = imported(row(ID="1"), row(ID="2", ФИО="Prykladau Ivan", Пол="М"))
        assert ["1", "2"] == [p.id for p in result.dataset.persons]
        assert (2, 2, 0) == (result.read, result.imported, result.rejected)

    def test_an_id_twice_rejects_the_second_row(self) -> None:
        result = imported(row(ID="1"), row(ID="1"))
        assert (None, "row 0 has the same person id '1'") == tuple(
            r.rejected for r in result.records
        )

    def test_a_row_without_an_id_is_rejected(self) -> None:
        result = imported(row(ID=None))
        assert "the row has no person id" == result.records[0].rejected

    def test_without_an_id_column_ids_are_made_of_row_numbers(self) -> None:
        rows = [{k: v for k, v in row().items() if k != "ID"}] * 2
        spec = mapping(as_of="2025-08-01", id_prefix="t-")
        del spec["columns"]["ID"]
        result = table.import_table(rows, spec)
        assert ["t-p0", "t-p1"] == [p.id for p in result.dataset.persons]

    def test_cases_grouped_by_id(self) -> None:
        first = row(Освобождён="03.2021")
        second = row(ФИО="Alena Syntetyk", Задержан="12.05.2022", Приговор="01.2023")
        result = imported(first, second, rows="case")
        ds = result.dataset
        assert 1 == len(ds.persons)
        assert ["1-s1", "1-s2"] == [s.id for s in ds.custody]
        assert ["1-c1", "1-c2"] == [c.id for c in ds.convictions]
        assert 2 == len(ds.persons[0].names)

    def test_cases_grouped_by_name_as_written(self) -> None:
        rows = [row(Задержан="09.08.2020", Освобождён="03.2021"), row(Задержан="12.05.2022")]
        rows.append(row(ФИО="Prykladau Ivan", Задержан="04.03.2021"))
        rows[1]["ФИО"] = "  сінтэцкая   АЛЕНА "
        spec = mapping(as_of="2025-08-01", rows="case")
        del spec["columns"]["ID"]
        result = table.import_table([{k: v for k, v in r.items() if k != "ID"} for r in rows], spec)
        assert [2, 1] == [
            sum(s.person_id == p.id for s in result.dataset.custody) for p in result.dataset.persons
        ]

    def test_a_different_value_in_a_later_row_is_not_understood(self) -> None:
        first = row(Освобождён="03.2021")
        result = imported(first, row(Пол="М", Задержан="12.05.2022"), rows="case")
        assert [("Пол", "'М'", "row 0 of the same person gives 'Ж'")] == result.records[
            1
        ].not_understood
        assert "female" == result.dataset.persons[0].gender.value

    def test_a_row_that_belongs_to_no_one_is_rejected(self) -> None:
        result = imported(row(), row(ID=None, ФИО=None), rows="case")
        report = result.records[1]
        assert "the row has no person id or name to tell whose row it is" == report.rejected
        assert [] == report.imported
        assert {"the row was rejected"} == {why for _, _, why in report.ignored}

    def test_unmapped_and_ignored_columns_are_ignored_with_a_reason(self) -> None:
        columns = {"Заметки": {"ignore": "free-text notes"}}
        result = imported(row(Заметки="x", Фото="y.jpg"), columns=columns)
        assert [
            ("Заметки", "'x'", "free-text notes"),
            ("Фото", "'y.jpg'", "the mapping does not name this column"),
        ] == result.records[0].ignored

    def test_missing_values_are_never_text(self) -> None:
        result = imported(
            row(Пол=None, Рождение=math.nan, Роли="  ", Освобождён=float("nan"), Место=None)
        )
        report = result.records[0]
        assert ["ID", "ФИО", "Задержан", "Статьи", "Приговор"] == report.imported
        assert ([], []) == (report.ignored, report.not_understood)

    def test_a_row_of_blank_cells_is_not_a_row(self) -> None:
        result = imported(row(), dict.fromkeys(row(), ""), row(ID="2"))
        assert ([0, 2], 2) == ([r.row for r in result.records], result.read)


class TestRecords:
    """A record refuses what contradicts it; the dataset's rules refuse the rest."""

    def test_a_release_before_the_arrest_gives_no_spell(self) -> None:
        result = imported(row(Задержан="09.08.2021", Освобождён="01.01.2021"))
        assert () == result.dataset.custody
        assert ["Задержан", "Освобождён", "Место"] == [
            c for c, _, _ in result.records[0].not_understood
        ]

    def test_custody_cells_without_an_arrest_date(self) -> None:
        result = imported(row(Задержан=None))
        assert () == result.dataset.custody
        assert ["Место"] == [c for c, _, _ in result.records[0].not_understood]

    def test_an_undated_arrest_from_the_mapping(self) -> None:
        result = imported(row(Задержан=None), undated_arrest_from="2020-05-01")
        spell = result.dataset.custody[0]
        assert "[2020-05-01..2020-12-11]" == str(spell.start)
        assert 1 == len(result.records[0].warnings)

    def test_an_end_reason_without_a_release_is_left_out(self) -> None:
        columns = {"Причина": "custody.end_reason"}
        result = imported(row(Причина="pardon"), columns=columns)
        assert result.dataset.custody[0].end_reason is None
        assert ["Причина"] == [c for c, _, _ in result.records[0].not_understood]

    def test_a_spell_after_as_of_is_left_out(self) -> None:
        result = imported(row(), row(ID="2", Задержан="01.01.2026"), as_of="2025-08-01")
        assert ["1-s1"] == [s.id for s in result.dataset.custody]
        assert {"Задержан", "Место"} <= {c for c, _, _ in result.records[1].not_understood}
        assert 0 == result.rejected

    def test_overlapping_spells_keep_the_first(self) -> None:
        result = imported(row(), row(Задержан="01.01.2021"), rows="case")
        assert ["1-s1"] == [s.id for s in result.dataset.custody]
        assert "custody.overlap" in result.records[1].not_understood[0][2]

    def test_a_spell_the_rules_refuse_is_left_out(self) -> None:
        result = imported(row(Рождение="2022"))
        assert ((), 1) == (result.dataset.custody, result.imported)
        assert [("Задержан", "'09.08.2020'"), ("Место", "'ИК-0'")] == [
            (c, v) for c, v, why in result.records[0].not_understood
        ]

    def test_a_person_the_rules_refuse_is_rejected_with_all_rows(self) -> None:
        first = row(Рождение="2026", Освобождён="03.2021")
        result = imported(first, row(Задержан="12.05.2022"), rows="case")
        assert (2, 0, 2) == (result.read, result.imported, result.rejected)
        assert () == result.dataset.persons
        assert result.records[1].rejected.startswith("date.after_as_of")

    def test_as_of_is_inferred_from_the_latest_date(self) -> None:
        result = table.import_table([row(Освобождён="03.2021")], mapping())
        assert dt.date(2021, 3, 31) == result.dataset.as_of
        assert "as_of 2021-03-31 inferred" in result.records[0].notes[0]

    def test_every_record_cites_the_source(self) -> None:
        columns = {"Ссылка": "source.url"}
        result = imported(row(Ссылка="https://example.org/syn/1"), columns=columns, source="S")
        ds = result.dataset
        assert ["S", "S: https://example.org/syn/1"] == [s.name for s in ds.sources]
        assert ("source", "source-1") == ds.custody[0].sources


class TestFiles:
    """CSV and XLSX files, read as a spreadsheet shows them."""

    def test_csv_with_semicolons(self, tmp_path: Path) -> None:
        (tmp_path / "t.csv").write_text(
            'ФИО;Пол;Роли\nСінтэцкая Алена;Ж;"журналист; юрист"\n;;\n', encoding="utf-8"
        )
        columns = {"ФИО": "person.name", "Пол": "person.gender", "Роли": "person.roles"}
        result = table.load(tmp_path / "t.csv", {"columns": columns, "values": VALUES})
        assert [2] == [r.row for r in result.records]
        assert {"journalist", "lawyer"} == {r.value for r in result.dataset.persons[0].roles}

    def test_a_cell_beyond_the_header_is_not_understood(self, tmp_path: Path) -> None:
        (tmp_path / "t.csv").write_text("ФИО,Пол\nAlena Syntetyk,,stray\n", encoding="utf-8")
        result = table.load(tmp_path / "t.csv", {"columns": {"ФИО": "person.name"}})
        assert [("(column 3)", "'stray'", "a cell beyond the last column of the header")] == (
            result.records[0].not_understood
        )

    def test_an_encoding_from_the_mapping(self, tmp_path: Path) -> None:
        (tmp_path / "t.csv").write_bytes("ФИО\nСінтэцкая Алена\n".encode("cp1251"))
        spec = {"columns": {"ФИО": "person.name"}}
        with pytest.raises(br.ValidationError) as info:
            table.load(tmp_path / "t.csv", spec)
        assert "file.encoding" == info.value.problems[0].code
        result = table.load(tmp_path / "t.csv", spec | {"encoding": "cp1251"})
        assert "Алена" == result.dataset.persons[0].name.given

    def test_two_columns_of_one_name(self, tmp_path: Path) -> None:
        (tmp_path / "t.csv").write_text("ФИО,ФИО\na b,c d\n", encoding="utf-8")
        with pytest.raises(br.ValidationError) as info:
            table.load(tmp_path / "t.csv", {"columns": {"ФИО": "person.name"}})
        assert "csv.columns" == info.value.problems[0].code

    def test_unreadable_and_unknown_files(self, tmp_path: Path) -> None:
        spec = {"columns": {"ФИО": "person.name"}}
        with pytest.raises(br.ValidationError) as info:
            table.load(tmp_path / "none.csv", spec)
        assert "file.unreadable" == info.value.problems[0].code
        with pytest.raises(br.ValidationError) as info:
            table.load(tmp_path / "t.ods", spec)
        assert "format.unknown" == info.value.problems[0].code

    def test_xlsx(self, tmp_path: Path) -> None:
        openpyxl = pytest.importorskip("openpyxl")
        book = openpyxl.Workbook()
        book.active.title = "notes"
        sheet = book.create_sheet("people")
        sheet.append(["ID", "ФИО", "Пол", "Задержан", None])
        sheet.append([1, "Сінтэцкая Алена", "Ж", dt.datetime(2020, 8, 9), None])
        sheet.append([None, None, None, None, None])
        sheet.append([2, "Prykladau Ivan", "М", "04.03.2021", None])
        book.save(tmp_path / "t.xlsx")
        columns = {c: COLUMNS[c] for c in ("ID", "ФИО", "Пол", "Задержан")}
        spec = {"sheet": "people", "values": VALUES, "columns": columns}
        result = table.load(tmp_path / "t.xlsx", spec)
        assert [2, 4] == [r.row for r in result.records]
        assert ["1", "2"] == [p.id for p in result.dataset.persons]
        assert ["2020-08-09", "2021-03-04"] == [str(s.start) for s in result.dataset.custody]
        with pytest.raises(br.UnknownKeyError):
            table.load(tmp_path / "t.xlsx", spec, sheet="nope")

    def test_xlsx_without_openpyxl_names_the_extra(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setitem(sys.modules, "openpyxl", None)
        with pytest.raises(ImportError, match=r"belarus-repression\[xlsx\]"):
            table.load(tmp_path / "t.xlsx", mapping())

    def test_a_file_that_is_not_xlsx(self, tmp_path: Path) -> None:
        pytest.importorskip("openpyxl")
        (tmp_path / "t.xlsx").write_text("not a workbook", encoding="utf-8")
        with pytest.raises(br.ValidationError) as info:
            table.load(tmp_path / "t.xlsx", mapping())
        assert "file.syntax" == info.value.problems[0].code


class TestDataFrames:
    """A DataFrame's missing values and numpy types are read as what was typed."""

    def test_a_frame(self) -> None:
        pd = pytest.importorskip("pandas")
        df = pd.DataFrame(
            {
                "ID": [1.0, 1.0, math.nan],
                "ФИО": ["Сінтэцкая Алена", "Сінтэцкая Алена", None],
                "Пол": pd.array(["Ж", pd.NA, pd.NA], dtype="string"),
                "Задержан": [pd.Timestamp("2020-08-09"), pd.Timestamp("2022-05-12"), pd.NaT],
                "Освобождён": ["03.2021", None, None],
                "Статьи": pd.Categorical(["ч.2 ст.293", "ст. 342", None]),
            }
        )
        spec = {"rows": "case", "as_of": "2025-08-01", "columns": {c: COLUMNS[c] for c in df}}
        result = table.import_table(df, spec | {"values": VALUES})
        ds = result.dataset
        assert (2, 2, 0) == (result.read, result.imported, result.rejected)
        assert ["1"] == [p.id for p in ds.persons]
        assert ["2020-08-09", "2022-05-12"] == [str(s.start) for s in ds.custody]
        assert [([], [])] * 2 == [(r.not_understood, r.ignored) for r in result.records]


class TestCommand:
    """`belarus-repression import table` writes the dataset and exits 0, 1 or 2."""

    def write(self, tmp_path: Path, rows: str) -> tuple[str, str]:
        (tmp_path / "t.csv").write_text("ID,ФИО,Пол\n" + rows, encoding="utf-8")
        (tmp_path / "m.toml").write_text(
            '[columns]\nID = "person.id"\n"ФИО" = "person.name"\n"Пол" = "person.gender"\n'
            '[values."person.gender"]\n"Ж" = "female"\n',
            encoding="utf-8",
        )
        return str(tmp_path / "t.csv"), str(tmp_path / "m.toml")

    def run(self, *argv: str) -> tuple[int, str]:
        out = io.StringIO()
        return main(list(argv), out), out.getvalue()

    def test_every_row_imported(self, tmp_path: Path) -> None:
        data, spec = self.write(tmp_path, "1,Сінтэцкая Алена,Ж\n")
        output = str(tmp_path / "ds.json")
        status, text = self.run("import", "table", data, output, "--mapping", spec)
        assert 0 == status
        assert "persons: 1;" in text
        assert "female" == br.load(output).persons[0].gender.value

    def test_some_rows_rejected(self, tmp_path: Path) -> None:
        data, spec = self.write(tmp_path, "1,Сінтэцкая Алена,Ж\n,Итого,\n")
        status, text = self.run(
            "import", "table", data, str(tmp_path / "ds.zip"), "--mapping", spec
        )
        assert 1 == status
        assert "rejected row 3: the row has no person id" in text

    def test_usage_and_io_errors(self, tmp_path: Path) -> None:
        data, spec = self.write(tmp_path, "1,Сінтэцкая Алена,Ж\n")
        out = str(tmp_path / "ds.json")
        (tmp_path / "bad.toml").write_text('[columns]\n"Имя" = "person.name"\n', encoding="utf-8")
        assert 2 == self.run("import", "table", data, out)[0]  # no --mapping
        assert 2 == self.run("import", "table", data, out, "--mapping", "none.toml")[0]
        assert 2 == self.run("import", "table", "none.csv", out, "--mapping", spec)[0]
        bad = str(tmp_path / "bad.toml")
        assert 2 == self.run("import", "table", data, out, "--mapping", bad)[0]
        assert 2 == self.run("import")[0]
        assert not (tmp_path / "ds.json").exists()

    def test_the_viasna_import_keeps_its_form(self, tmp_path: Path) -> None:
        (tmp_path / "export.json").write_text("[]", encoding="utf-8")
        out = str(tmp_path / "ds.json")
        status, text = self.run("import", "viasna", str(tmp_path / "export.json"), out)
        assert (0, True) == (status, "rows read: 0" in text)


# -- every cell is accounted for -----------------------------------------------------------------

HEADERS = [*COLUMNS, "Заметки", "Лишнее"]
CELLS = st.none() | st.sampled_from(
    [
        "",
        "  ",
        math.nan,
        "Ж",
        "М",
        "x",
        "Сінтэцкая Алена",
        "Alena Syntetyk",
        "Алена",
        "1",
        "2",
        1,
        2.0,
        "журналист; юрист",
        "09.08.2020",
        "03.2021",
        "2026",
        "31.02.2021",
        "ч.2 ст.293",
        "ст. 342; abc",
        dt.date(2021, 5, 12),
    ]
)
TABLES = st.lists(
    st.fixed_dictionaries(
        {"ФИО": CELLS}, optional=dict.fromkeys([h for h in HEADERS if h != "ФИО"], CELLS)
    ),
    max_size=8,
)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=TABLES,
    case=st.booleans(),
    with_id=st.booleans(),
    ignored=st.sampled_from(["Заметки", None]),
)
def test_every_cell_is_accounted_for_exactly_once(
    rows: list[dict[str, Any]], case: bool, with_id: bool, ignored: str | None
) -> None:
    columns = {k: v for k, v in COLUMNS.items() if with_id or k != "ID"}
    if ignored:
        columns[ignored] = "ignore"
    headers = {h for r in rows for h in r}
    spec = {
        "rows": "case" if case else "person",
        "as_of": "2025-08-01",
        "columns": {k: v for k, v in columns.items() if k in headers or not rows},
        "values": VALUES,
    }
    result = table.import_table(rows, spec)
    with_values = [
        {
            k
            for k, v in r.items()
            if not (v is None or v != v or (isinstance(v, str) and not v.strip()))
        }
        for r in rows
    ]
    with_values = [cells for cells in with_values if cells]
    assert result.read == result.imported + result.rejected
    assert len(with_values) == result.read
    for cells, report in zip(with_values, result.records, strict=True):
        assert Counter(cells) == accounted(report)
        assert (report.rejected is None) == (report.person_id is not None)
    assert {r.person_id for r in result.records if r.person_id} == {
        p.id for p in result.dataset.persons
    }
