from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given

import belarus_repression as br
from belarus_repression import strategies as brst

D = br.PartialDate.parse
AS_OF = dt.date(2025, 8, 1)


def person(pid: str = "syn-p-1", **kw: object) -> br.Person:
    return br.Person(pid, **kw)  # type: ignore[arg-type]


def spell(
    sid: str, start: str, end: str | None = None, pid: str = "syn-p-1", **kw: object
) -> br.CustodySpell:
    return br.CustodySpell(sid, pid, D(start), None if end is None else D(end), **kw)  # type: ignore[arg-type]


def problems(**tables: object) -> list[tuple[str, str | None, str | None]]:
    as_of = tables.pop("as_of", AS_OF)
    with pytest.raises(br.ValidationError) as info:
        br.Dataset(as_of, **tables)  # type: ignore[arg-type]
    return [
        (p.code, p.location.record, p.location.path)
        for p in info.value.problems
        if p.severity is br.Severity.ERROR
    ]


class TestIntegrityErrors:
    """Each rule finds its problem, located by table, row, record and path; all are reported."""

    def test_duplicate_ids_per_table(self) -> None:
        assert [("id.duplicate", "syn-p-1", "$.persons[1].id")] == problems(
            persons=(person(), person())
        )

    def test_same_id_in_two_tables_is_fine(self) -> None:
        ds = br.Dataset(AS_OF, persons=(person("x"),), custody=(spell("x", "2021", pid="x"),))
        assert 1 == len(ds.custody)

    def test_unresolved_references(self) -> None:
        found = problems(
            persons=(person(sources=("nope",)),),
            custody=(
                spell("s1", "2021-01-01", "2021-02-01", pid="ghost"),
                spell(
                    "s2",
                    "2021-03-01",
                    "2021-04-01",
                    end_reason=br.EndReason.PARDON,
                    pardon_wave="w9",
                ),
            ),
            figures=(
                br.ReportedFigure(
                    "f", br.Metric.CONVICTIONS, 1, br.RecordQualifier.EXACT, D("2025"), "nosrc"
                ),
            ),
        )
        assert [
            ("ref.unresolved", "s1", "$.custody[0].person_id"),
            ("ref.unresolved", "syn-p-1", "$.persons[0].sources[0]"),
            ("ref.unresolved", "f", "$.figures[0].source"),
            ("ref.unresolved", "s2", "$.custody[1].pardon_wave"),
        ] == found

    def test_overlapping_spells_of_one_person(self) -> None:
        found = problems(
            persons=(person(),),
            custody=(spell("s1", "2021-01-01", "2021-06-01"), spell("s2", "2021-05-01")),
        )
        assert [("custody.overlap", "s2", "$.custody[1].start")] == found

    def test_spells_that_may_only_touch_do_not_overlap(self) -> None:
        # release day is a day of freedom: a new arrest that day does not overlap.
        ds = br.Dataset(
            AS_OF,
            persons=(person(),),
            custody=(spell("s1", "2021-01-01", "2021-06-01"), spell("s2", "2021-06-01")),
        )
        assert 2 == len(ds.custody)
        # partial dates that only possibly overlap are kept too
        ds = br.Dataset(
            AS_OF,
            persons=(person(),),
            custody=(spell("s1", "2021-01-01", "2021-06"), spell("s2", "2021-06-15")),
        )
        assert 2 == len(ds.custody)

    def test_pardon_wave_date_must_match_the_end(self) -> None:
        wave = br.PardonWave("w1", D("2024-09-04"), 30)
        found = problems(
            persons=(person(),),
            pardon_waves=(wave,),
            custody=(
                spell("s1", "2021", "2024-08-16", end_reason=br.EndReason.PARDON, pardon_wave="w1"),
            ),
        )
        assert [("pardon.wave_date", "s1", "$.custody[0].end")] == found

    def test_dates_after_as_of(self) -> None:
        found = problems(
            persons=(person(recognition=br.Recognition.RECOGNIZED, recognized=D("2026")),),
            custody=(spell("s1", "2025-09"),),
        )
        assert [
            ("date.after_as_of", "syn-p-1", "$.persons[0].recognized"),
            ("date.after_as_of", "s1", "$.custody[0].start"),
        ] == found

    def test_records_after_death_in_custody(self) -> None:
        found = problems(
            persons=(person(),),
            custody=(
                spell("s1", "2021", "2022-03-01", end_reason=br.EndReason.DIED_IN_CUSTODY),
                spell("s2", "2023-01-01"),
            ),
            convictions=(br.Conviction("c1", "syn-p-1", verdict=D("2022-05")),),
        )
        assert [
            ("date.after_death", "s2", "$.custody[1].start"),
            ("date.after_death", "c1", "$.convictions[0].verdict"),
        ] == found

    def test_birth_after_arrest(self) -> None:
        found = problems(persons=(person(birth=D("2022")),), custody=(spell("s1", "2021-05-01"),))
        assert [("birth.after_arrest", "s1", "$.custody[0].start")] == found

    def test_every_problem_at_once(self) -> None:
        found = problems(
            persons=(person(), person()),
            custody=(spell("s1", "2026"), spell("s1", "2021", pid="ghost")),
        )
        assert {"id.duplicate", "ref.unresolved", "date.after_as_of"} <= {c for c, _, _ in found}


class TestWarnings:
    """Contradictions that real sources contain are warnings: the records are kept."""

    def test_verdict_before_arrest_kept(self) -> None:
        ds = br.Dataset(
            AS_OF,
            persons=(person(),),
            custody=(spell("s1", "2022-01-10"),),
            convictions=(
                br.Conviction("c1", "syn-p-1", verdict=D("2021-12")),
                br.Conviction("c2", "syn-p-1", verdict=D("2021-11"), in_absentia=True),
            ),
        )
        assert [("verdict.before_arrest", "c1")] == [
            (p.code, p.location.record) for p in ds.warnings
        ]
        assert 2 == len(ds.convictions)
        assert ds.report.ok

    def test_implausible_age_kept(self) -> None:
        ds = br.Dataset(
            AS_OF, persons=(person(birth=D("2012")),), custody=(spell("s1", "2021-05-01"),)
        )
        assert ["age.implausible"] == [p.code for p in ds.warnings]

    def test_appeal_before_verdict_and_undated_release(self) -> None:
        ds = br.Dataset(
            AS_OF,
            persons=(person(),),
            convictions=(
                br.Conviction("c1", "syn-p-1", verdict=D("2022-05-01"), appeal=D("2022-01")),
            ),
            custody=(spell("s1", "2021-01-01", "[2021-01-01..2023-02-01]"),),
        )
        assert ["appeal.before_verdict", "release.undated"] == [p.code for p in ds.warnings]

    def test_warnings_are_warnings(self) -> None:
        ds = br.Dataset(
            AS_OF, persons=(person(birth=D("2012")),), custody=(spell("s1", "2021-05-01"),)
        )
        assert all(p.severity is br.Severity.WARNING for p in ds.warnings)


class TestLookups:
    """Indexes by id and by person."""

    def test_indexes(self) -> None:
        wave = br.PardonWave("w1", D("2024-08-16"), 30)
        s1 = spell("s1", "2021", "2024-08-16", end_reason=br.EndReason.PARDON, pardon_wave="w1")
        s2 = spell("s2", "2025-01-01")
        ds = br.Dataset(
            AS_OF, persons=(person(), person("syn-p-2")), custody=(s1, s2), pardon_waves=(wave,)
        )
        assert s1 == ds.spell_by_id["s1"]
        assert (s1, s2) == ds.spells_of("syn-p-1")
        assert () == ds.spells_of("syn-p-2")
        assert (s1,) == ds.spells_in_wave("w1")
        assert wave == ds.wave_by_id["w1"]
        assert 2 == len(ds.person_by_id)
        assert "syn-p-2" in ds.person_by_id
        with pytest.raises(KeyError):
            ds.person_by_id["nobody"]

    def test_summary_and_repr(self) -> None:
        ds = br.Dataset(AS_OF, persons=(person(),), synthetic=True)
        assert "synthetic" in repr(ds)
        assert "  persons              1" in ds.summary().splitlines()[2:3][0]

    def test_equality_ignores_caches(self) -> None:
        a = br.Dataset(AS_OF, persons=(person(),))
        b = br.Dataset(AS_OF, persons=(person(),))
        _ = a.person_by_id
        assert a == b
        assert a != br.Dataset(AS_OF, persons=(person(),), synthetic=True)


class TestGeneratedDatasets:
    """The datasets() strategy draws consistent datasets."""

    @given(brst.datasets())
    def test_consistent(self, ds: br.Dataset) -> None:
        assert ds.report.ok
        assert all(s.person_id in ds.person_by_id for s in ds.custody)
