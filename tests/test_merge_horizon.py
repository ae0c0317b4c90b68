from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

import belarus_repression as br
from belarus_repression import strategies as brst

D = br.PartialDate.parse
EARLY = dt.date(2023, 8, 1)
LATE = dt.date(2025, 8, 1)
FIRST = dt.date(2020, 1, 1)
ONE_DAY = dt.timedelta(days=1)


def spell(sid: str, pid: str, start: str, end: str | None = None, **kw: object) -> br.CustodySpell:
    return br.CustodySpell(sid, pid, D(start), None if end is None else D(end), **kw)  # type: ignore[arg-type]


def held(ds: br.Dataset, day: object, pid: str | None = None) -> tuple[int, int]:
    where = None if pid is None else (lambda person: person.id == pid)
    count = br.in_custody(ds, day, where=where)  # type: ignore[arg-type]
    return count.low, count.high


def export_2023() -> br.Dataset:
    """A list as of 2023: one person held since 2021, one released in 2022."""
    return br.Dataset(
        EARLY,
        sources=(br.Source("syn-src-a", "Synthetic export A"),),
        persons=(br.Person("syn-a-1"), br.Person("syn-a-2")),
        custody=(
            spell("syn-s-1", "syn-a-1", "2021-03-01", sources=("syn-src-a",)),
            spell("syn-s-2", "syn-a-2", "2021-03-01", "2022-01-10"),
        ),
        observations=(
            br.Observation("syn-o-1", "syn-a-1", br.ObservationKind.INCOMMUNICADO, D("2023-02-01")),
        ),
    )


def list_2025() -> br.Dataset:
    """A list as of 2025: one person held 2022-2024, one arrested in 2024 and still held."""
    return br.Dataset(
        LATE,
        sources=(br.Source("syn-src-b", "Synthetic list B"),),
        persons=(br.Person("syn-b-1"), br.Person("syn-b-2")),
        custody=(
            spell("syn-t-1", "syn-b-1", "2022-03-01", "2024-05-01"),
            spell("syn-t-2", "syn-b-2", "2024-03-01"),
        ),
    )


def linked(right_spell: br.CustodySpell, as_of: object = LATE) -> br.MergeResult:
    """The 2023 export merged with a 2025 list that tells syn-a-1 as syn-b-9."""
    right = br.Dataset(
        LATE,
        sources=(br.Source("syn-src-b", "Synthetic list B"),),
        persons=(br.Person("syn-b-9"),),
        custody=(right_spell,),
    )
    links = [br.Link("syn-a-1", "syn-b-9", 1.0, ("given by hand, for the test",))]
    return br.merge(export_2023(), right, links, as_of=as_of)


class TestEarliestHorizon:
    """Without ``as_of=`` the merged dataset describes the world up to the earliest input's."""

    def test_the_2023_export_alone_cannot_answer_for_2025(self) -> None:
        """The earlier dataset alone refuses a question about a day after its horizon."""
        with pytest.raises(br.HorizonError):
            br.in_custody(export_2023(), LATE)

    @pytest.mark.parametrize("swap", [False, True])
    def test_merged_as_of_is_the_earliest(self, swap: bool) -> None:
        """Merging a 2023 export and a 2025 list gives a dataset as of 2023, either way round."""
        a, b = (list_2025(), export_2023()) if swap else (export_2023(), list_2025())
        result = br.merge(a, b, [])
        assert EARLY == result.dataset.as_of
        with pytest.raises(br.HorizonError):
            br.in_custody(result.dataset, LATE)

    def test_a_spell_that_ended_later_is_left_open(self) -> None:
        """A spell of the later list that ended after the horizon is open in the merge."""
        result = br.merge(export_2023(), list_2025(), [])
        merged = result.dataset.spell_by_id["syn-t-1"]
        assert (None, None) == (merged.end, merged.end_reason)
        assert (2, 2) == held(result.dataset, EARLY)

    def test_a_spell_that_started_later_is_left_out(self) -> None:
        """A spell of the later list that started after the horizon is left out, with its person."""
        result = br.merge(export_2023(), list_2025(), [])
        assert "syn-t-2" not in result.dataset.spell_by_id
        assert "syn-b-2" not in result.dataset.person_by_id

    def test_what_was_cut_is_reported(self) -> None:
        """Every record left out and every date cut is a located warning of the right input."""
        result = br.merge(export_2023(), list_2025(), [])
        expected = {
            ("merge.date_cut", "right", "custody", 0, "syn-t-1", "$.custody[0].end"),
            ("merge.left_out", "right", "custody", 1, "syn-t-2", "$.custody[1].start"),
            ("merge.left_out", "right", "persons", 1, "syn-b-2", "$.persons[1]"),
        }
        actual = {
            (p.code, where.file, where.table, where.row, where.record, where.path)
            for p in result.cut
            for where in [p.location]
        }
        assert expected == actual
        assert () == result.uncertain
        assert (
            "merged as of 2023-08-01; right: 1 custody spell with a date cut, "
            "1 custody spell left out, 1 person left out; 0 conflicts"
        ) == result.summary()

    def test_other_dates_after_the_horizon(self) -> None:
        """Later verdicts and waves are left out; later appeals, recognitions, references cut."""
        later = br.Dataset(
            LATE,
            persons=(
                br.Person(
                    "syn-p",
                    recognition=br.Recognition.RECOGNIZED,
                    recognized=D("2024-01-10"),
                ),
            ),
            convictions=(
                br.Conviction("syn-c-1", "syn-p", verdict=D("2022-05-01"), appeal=D("2023-09")),
                br.Conviction("syn-c-2", "syn-p", verdict=D("2024-02-01")),
            ),
            custody=(
                spell(
                    "syn-s",
                    "syn-p",
                    "2021-01-01",
                    "2023",
                    end_reason=br.EndReason.PARDON,
                    pardon_wave="syn-w",
                ),
            ),
            pardon_waves=(br.PardonWave("syn-w", D("2023-09-15"), announced_count=10),),
        )
        result = br.merge(later, br.Dataset(EARLY), [])
        ds = result.dataset
        assert ("syn-c-1",) == tuple(c.id for c in ds.convictions)
        assert ds.conviction_by_id["syn-c-1"].appeal is None
        assert () == ds.pardon_waves
        assert (D("2023"), None) == (ds.custody[0].end, ds.custody[0].pardon_wave)
        person = ds.person_by_id["syn-p"]
        assert (br.Recognition.UNKNOWN, None) == (person.recognition, person.recognized)
        assert {
            ("merge.left_out", "convictions", "syn-c-2"),
            ("merge.left_out", "pardon_waves", "syn-w"),
            ("merge.date_cut", "convictions", "syn-c-1"),
            ("merge.date_cut", "custody", "syn-s"),
            ("merge.date_cut", "persons", "syn-p"),
        } == {(p.code, p.location.table, p.location.record) for p in result.cut}

    def test_an_earlier_as_of_cuts_both_inputs(self) -> None:
        """An ``as_of`` before both inputs' cuts both, and each cut names its input."""
        result = br.merge(export_2023(), list_2025(), [], as_of="2022-02-01")
        assert dt.date(2022, 2, 1) == result.dataset.as_of
        assert {"left", "right"} == {p.location.file for p in result.cut}
        assert (1, 1) == held(result.dataset, "2022-02-01")


class TestLaterHorizon:
    """With a later ``as_of=`` what an earlier input left open is possible, never certain."""

    def test_people_held_at_the_earlier_horizon_are_possibly_held(self) -> None:
        """People the 2023 export saw held are in high but not in low on 2025-08-01."""
        result = br.merge(export_2023(), list_2025(), [], as_of="2025-08-01")
        ds = result.dataset
        assert LATE == ds.as_of
        assert (0, 1) == held(ds, LATE, "syn-a-1")
        assert (1, 2) == held(ds, LATE)
        assert (1, 1) == held(ds, EARLY, "syn-a-1")

    def test_the_end_runs_from_the_day_after_the_horizon(self) -> None:
        """The open spell ends from the day after 2023's horizon to the day after 2025's."""
        ds = br.merge(export_2023(), list_2025(), [], as_of=LATE).dataset
        merged = ds.spell_by_id["syn-s-1"]
        expected = br.PartialDate.between(EARLY + ONE_DAY, LATE + ONE_DAY)
        assert (expected, None) == (merged.end, merged.end_reason)
        assert (0, 1) == held(ds, EARLY + ONE_DAY, "syn-a-1")

    def test_open_observations_get_an_uncertain_end(self) -> None:
        """An observation left open in 2023 is possible, not certain, in 2025."""
        ds = br.merge(export_2023(), list_2025(), [], as_of=LATE).dataset
        count = br.observed(ds, br.ObservationKind.INCOMMUNICADO, LATE)
        assert (0, 1) == (count.low, count.high)

    def test_the_report_says_how_many_and_from_which_input(self) -> None:
        """Each uncertain end is a warning located in the input that left it open."""
        result = br.merge(export_2023(), list_2025(), [], as_of=LATE)
        expected = {
            ("merge.end_unknown", "left", "custody", "syn-s-1"),
            ("merge.end_unknown", "left", "observations", "syn-o-1"),
        }
        actual = {
            (p.code, p.location.file, p.location.table, p.location.record) for p in result.uncertain
        }
        assert expected == actual
        assert () == result.cut
        assert (
            "merged as of 2025-08-01; left: 1 custody spell given an uncertain end, "
            "1 observation given an uncertain end; 0 conflicts"
        ) == result.summary()
        assert 2 == len(result.report.warnings)

    @pytest.mark.parametrize(
        "as_of", [LATE, dt.datetime(2025, 8, 1, 12, 30), "2025-08-01", "01.08.2025"]
    )
    def test_as_of_takes_any_form_of_a_day(self, as_of: object) -> None:
        """``as_of=`` is read by the library's one reader of a day."""
        assert LATE == br.merge(export_2023(), list_2025(), [], as_of=as_of).dataset.as_of

    def test_as_of_must_be_one_day(self) -> None:
        """A year is not a day: ``as_of="2025"`` is refused."""
        with pytest.raises(br.ValidationError):
            br.merge(export_2023(), list_2025(), [], as_of="2025")


class TestUndatedFacts:
    """An undated recognition or verdict keeps its meaning: "by its input's as_of"."""

    def export(self) -> br.Dataset:
        return br.Dataset(
            EARLY,
            persons=(br.Person("syn-a-1", recognition=br.Recognition.RECOGNIZED),),
            convictions=(br.Conviction("syn-c-1", "syn-a-1"),),
            custody=(spell("syn-s-1", "syn-a-1", "2021-03-01"),),
        )

    def test_recognised_by_the_earlier_horizon(self) -> None:
        """Recognised by 2023 in the export, the person stays certainly recognised then."""
        result = br.merge(self.export(), list_2025(), [], as_of=LATE)
        count = br.in_custody(result.dataset, EARLY, recognized_only=True)
        assert (1, 1) == (count.low, count.high)
        expected = br.PartialDate.between(dt.date.min, EARLY)
        assert expected == result.dataset.person_by_id["syn-a-1"].recognized

    def test_an_undated_verdict_is_not_possible_later(self) -> None:
        """A verdict the 2023 export gives without a date cannot have been in 2024."""
        result = br.merge(self.export(), list_2025(), [], as_of=LATE)
        count = br.convictions(result.dataset, dt.date(2024, 1, 1), dt.date(2025, 1, 1))
        assert (0, 0) == (count.low, count.high)
        expected = {
            ("merge.undated", "persons", "syn-a-1"),
            ("merge.undated", "convictions", "syn-c-1"),
        }
        actual = {
            (p.code, p.location.table, p.location.record)
            for p in result.uncertain
            if p.code == "merge.undated"
        }
        assert expected == actual

    def test_recognised_by_a_later_horizon(self) -> None:
        """Recognised by 2023, the person is not certainly recognised by an earlier merged as_of."""
        result = br.merge(br.Dataset(EARLY), self.export(), [], as_of="2022-01-01")
        count = br.in_custody(result.dataset, "2022-01-01", recognized_only=True)
        assert (0, 1) == (count.low, count.high)


class TestTheOtherInputSawFurther:
    """A spell both inputs tell takes its end from the input that saw further."""

    def test_a_later_release_is_taken(self) -> None:
        """The 2025 list's release of the same spell ends it; nothing is made uncertain."""
        result = linked(
            spell("syn-t-9", "syn-b-9", "2021-03-01", "2024-05-01", end_reason=br.EndReason.PARDON)
        )
        merged = result.dataset.spells_of("syn-a-1")
        assert ((D("2024-05-01"), br.EndReason.PARDON),) == tuple(
            (s.end, s.end_reason) for s in merged
        )
        assert "custody" not in {p.location.table for p in result.uncertain}
        assert (1, 1) == held(result.dataset, "2024-04-30", "syn-a-1")

    def test_a_spell_still_open_later_stays_certain(self) -> None:
        """When the 2025 list still holds the person, the merged spell is open and certain."""
        result = linked(spell("syn-t-9", "syn-b-9", "2021-03"))
        assert (1, 1) == held(result.dataset, LATE, "syn-a-1")
        assert "custody" not in {p.location.table for p in result.uncertain}

    def test_a_release_before_the_horizon_is_a_conflict(self) -> None:
        """A release the earlier input contradicts is reported; the spell gets an uncertain end."""
        result = linked(spell("syn-t-9", "syn-b-9", "2021-03-01", "2023-01-01"))
        (conflict,) = result.conflicts
        assert ("merge.conflict", "custody", "syn-s-1") == (
            conflict.code,
            conflict.location.table,
            conflict.location.record,
        )
        assert (0, 1) == held(result.dataset, LATE, "syn-a-1")

    def test_a_later_arrest_bounds_the_release(self) -> None:
        """A new arrest in the 2025 list is the latest day the 2023 spell can have ended."""
        result = linked(spell("syn-t-9", "syn-b-9", "2024-03-01"))
        first = result.dataset.spell_by_id["syn-s-1"]
        assert br.PartialDate.between(EARLY + ONE_DAY, dt.date(2024, 3, 1)) == first.end
        assert (1, 1) == held(result.dataset, LATE, "syn-a-1")


def _counts(ds: br.Dataset, day: dt.date) -> list[tuple[int, int]]:
    """Every count of *ds* on *day* and over the period from 2020 to *day*, as (low, high)."""
    end = day + ONE_DAY
    counts = [
        br.in_custody(ds, day),
        br.in_custody(ds, day, recognized_only=True),
        *(br.observed(ds, kind, day) for kind in br.ObservationKind),
        br.convictions(ds, FIRST, end),
        br.releases(ds, FIRST, end),
        br.pardons(ds, FIRST, end),
        br.deaths_in_custody(ds, FIRST, end),
    ]
    return [(c.low, c.high) for c in counts]


class TestHorizonProperties:
    """Merging with an empty dataset moves the horizon without changing what was known."""

    @given(brst.datasets(), st.integers(1, 900), st.data())
    def test_a_later_empty_dataset(self, ds: br.Dataset, gap: int, data: st.DataObject) -> None:
        """Counts up to the horizon are kept; after it, open spells' people are only possible."""
        later = ds.as_of + dt.timedelta(days=gap)
        merged = br.merge(ds, br.Dataset(later), [], as_of=later).dataset
        day = data.draw(st.dates(FIRST, ds.as_of))
        assert _counts(ds, day) == _counts(merged, day)
        after = data.draw(st.dates(ds.as_of + ONE_DAY, later))
        assert 0 == br.in_custody(merged, after).low
        for pid in sorted({s.person_id for s in ds.custody if s.end is None}):
            assert (0, 1) == held(merged, after, pid)

    @given(brst.datasets(), st.data())
    def test_an_earlier_empty_dataset(self, ds: br.Dataset, data: st.DataObject) -> None:
        """Cut at an earlier horizon, a dataset keeps every count up to that horizon."""
        horizon = data.draw(st.dates(FIRST, ds.as_of))
        result = br.merge(ds, br.Dataset(horizon), [])
        assert horizon == result.dataset.as_of
        day = data.draw(st.dates(FIRST, horizon))
        assert _counts(ds, day) == _counts(result.dataset, day)
        assert "merge.end_unknown" not in {p.code for p in result.uncertain}

    @given(brst.datasets(exact_dates=True), st.data())
    def test_cut_and_merged_back_with_itself(self, ds: br.Dataset, data: st.DataObject) -> None:
        """A dataset cut early and merged back with itself, linked, holds whom it held."""
        horizon = data.draw(st.dates(FIRST, ds.as_of))
        early = br.merge(ds, br.Dataset(horizon), []).dataset
        links = [br.Link(p.id, p.id, 1.0, ("one person",)) for p in early.persons]
        result = br.merge(early, ds, links, as_of=ds.as_of)
        day = data.draw(st.dates(FIRST, ds.as_of))
        assert held(ds, day) == held(result.dataset, day)
        assert () == result.conflicts
        assert "custody" not in {p.location.table for p in result.uncertain}
