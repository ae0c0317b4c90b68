from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import belarus_repression as br
from belarus_repression import strategies as brst

from . import reference as ref

D = br.PartialDate.parse
AS_OF = dt.date(2025, 8, 1)
FIRST = dt.date(2020, 1, 1)
MAX_REFINEMENTS = 3000


def spell(sid: str, pid: str, start: str, end: str | None = None, **kw: object) -> br.CustodySpell:
    return br.CustodySpell(sid, pid, D(start), None if end is None else D(end), **kw)  # type: ignore[arg-type]


def people(*specs: tuple[str, br.Gender]) -> tuple[br.Person, ...]:
    return tuple(br.Person(pid, gender=g) for pid, g in specs)


def small() -> br.Dataset:
    persons = (
        br.Person(
            "a",
            gender=br.Gender.FEMALE,
            roles=frozenset({br.Role.JOURNALIST}),
            region=br.Region.HOMIEL,
            recognition=br.Recognition.RECOGNIZED,
            recognized=D("2021-01-10"),
            birth=D("1990-05-05"),
        ),
        br.Person(
            "b",
            gender=br.Gender.MALE,
            roles=frozenset({br.Role.JOURNALIST, br.Role.STUDENT}),
            recognition=br.Recognition.RECOGNIZED,
        ),
        br.Person("c", gender=br.Gender.MALE),
    )
    custody = (
        spell(
            "s1", "a", "2020-09-01", "2021-06-01", end_reason=br.EndReason.PARDON, pardon_wave="w1"
        ),
        spell("s2", "b", "2020-08"),
        spell("s3", "c", "2021-02-01", "2021-02-15", end_reason=br.EndReason.SENTENCE_SERVED),
        spell("s4", "c", "2022-01-01", "2022-03-01", end_reason=br.EndReason.DIED_IN_CUSTODY),
    )
    waves = (br.PardonWave("w1", D("2021-06-01"), announced_count=5),)
    convictions = (
        br.Conviction(
            "c1",
            "a",
            verdict=D("2021-01-20"),
            articles=(br.ArticleRef("342"),),
            sentence=br.Sentence(br.SentenceKind.IMPRISONMENT, br.Term(2, 6)),
        ),
        br.Conviction(
            "c2",
            "b",
            verdict=D("2021-03"),
            articles=(br.ArticleRef("342"), br.ArticleRef("361-1", 1)),
            sentence=br.Sentence(br.SentenceKind.LIFE, br.Term(life=True)),
        ),
        br.Conviction("c3", "c", verdict=None),
    )
    observations = (
        br.Observation("o1", "b", br.ObservationKind.INCOMMUNICADO, D("2021-01-01"), D("2021-02")),
    )
    return br.Dataset(
        AS_OF,
        persons=persons,
        custody=custody,
        pardon_waves=waves,
        convictions=convictions,
        observations=observations,
    )


class TestDaySemantics:
    """start <= D < end: the arrest day is a day in custody, the release day a day of freedom."""

    def test_arrest_and_release_days(self) -> None:
        ds = small()
        assert 1 == br.in_custody(ds, "2021-02-01", where=lambda p: p.id == "c").low
        assert 1 == br.in_custody(ds, "2021-02-14", where=lambda p: p.id == "c").high
        assert br.Count(0, 0) == br.in_custody(ds, "2021-02-15", where=lambda p: p.id == "c")
        assert br.Count(0, 0) == br.in_custody(ds, "2021-01-31", where=lambda p: p.id == "c")

    def test_open_spell_and_partial_start(self) -> None:
        ds = small()
        only_b = {"gender": "male", "role": "student"}
        assert br.Count(0, 1) == br.in_custody(ds, "2020-08-15", where=only_b)
        assert br.Count(1, 1) == br.in_custody(ds, "2020-08-31", where=only_b)
        assert br.Count(1, 1) == br.in_custody(ds, AS_OF, where=only_b)

    def test_after_as_of_is_an_error(self) -> None:
        with pytest.raises(br.HorizonError, match="after the dataset's as_of"):
            br.in_custody(small(), "2025-08-02")
        with pytest.raises(br.HorizonError):
            br.convictions(small(), start="2026-01-01")

    def test_on_must_be_one_day(self) -> None:
        with pytest.raises(ValueError, match="one exact day"):
            br.in_custody(small(), "2021-02")
        with pytest.raises(br.ValidationError, match=r"type\.invalid"):
            br.in_custody(small(), 20210201)  # type: ignore[arg-type]

    def test_a_datetime_is_read_as_its_day(self) -> None:
        ds = small()
        assert br.in_custody(ds, "2021-02-01") == br.in_custody(ds, dt.datetime(2021, 2, 1, 23))


class TestRecognizedOnly:
    """Recognised by day D: certainly from the recognition date's latest day."""

    def test_recognition_bounds(self) -> None:
        ds = small()
        assert br.Count(0, 0) == br.in_custody(
            ds, "2021-01-09", recognized_only=True, where={"gender": "female"}
        )
        assert br.Count(1, 1) == br.in_custody(
            ds, "2021-01-10", recognized_only=True, where={"gender": "female"}
        )

    def test_recognised_on_an_unknown_day_is_certain_only_on_as_of(self) -> None:
        ds = small()
        b = {"role": "student"}
        assert br.Count(0, 1) == br.in_custody(ds, "2024-01-01", recognized_only=True, where=b)
        assert br.Count(1, 1) == br.in_custody(ds, AS_OF, recognized_only=True, where=b)

    def test_not_recognised_never_counts(self) -> None:
        assert br.Count(0, 0) == br.in_custody(
            small(), "2021-02-05", recognized_only=True, where=lambda p: p.id == "c"
        )


class TestFlows:
    """Convictions, releases, pardons and deaths in half-open periods, cut at as_of."""

    def test_convictions_count_verdicts_and_undated_ones_are_possible(self) -> None:
        ds = small()
        assert br.Count(2, 3, AS_OF) == br.convictions(ds, "2021-01-01")
        assert br.Count(1, 2, None) == br.convictions(ds, "2021-01-01", "2021-02-01")
        assert br.Count(0, 2, None) == br.convictions(ds, "2021-02-01", "2021-03-15")

    def test_period_cut_at_as_of_says_so(self) -> None:
        cut = br.convictions(small(), "2021-01-01", "2030-01-01")
        assert AS_OF == cut.cut_at
        assert "(to 2025-08-01)" in str(cut)

    def test_releases_by_reason(self) -> None:
        ds = small()
        assert br.Count(2, 2, AS_OF) == br.releases(ds)
        assert br.Count(1, 1, AS_OF) == br.releases(ds, reason="sentence_served")
        assert br.Count(0, 0, None) == br.releases(ds, "2021-06-02", "2022-01-01")
        with pytest.raises(br.UnknownKeyError):
            br.releases(ds, reason="escaped")

    def test_deaths(self) -> None:
        assert br.Count(1, 1, AS_OF) == br.deaths_in_custody(small(), "2020-01-01")

    def test_pardons_add_unnamed_wave_members_to_high(self) -> None:
        ds = small()
        assert br.Count(1, 5, AS_OF) == br.pardons(ds, "2021-01-01")
        assert br.Count(0, 0, None) == br.pardons(ds, "2021-06-02", "2021-12-31")

    def test_observed(self) -> None:
        ds = small()
        assert br.Count(1, 1) == br.observed(ds, "incommunicado", "2021-01-15")
        assert br.Count(0, 1) == br.observed(ds, br.ObservationKind.INCOMMUNICADO, "2021-02-10")
        assert br.Count(0, 0) == br.observed(ds, "incommunicado", "2021-03-01")
        with pytest.raises(br.UnknownKeyError):
            br.observed(ds, "vanished", "2021-03-01")


class TestBreakdowns:
    """Single-valued keys partition the total; multi-valued keys say they do not."""

    def test_gender_partitions(self) -> None:
        result = br.in_custody(small(), "2021-02-05", by="gender")
        assert ["female", "male"] == list(result)
        assert result.partitions
        assert br.Count(1, 1) == result["female"]
        assert br.Count(2, 2) == result["male"]
        assert br.Count(3, 3) == result.total

    def test_roles_do_not_partition_and_unknown_is_explicit(self) -> None:
        result = br.in_custody(small(), "2021-02-05", by="role")
        assert not result.partitions
        assert {
            "journalist": br.Count(2, 2),
            "student": br.Count(1, 1),
            "unknown": br.Count(1, 1),
        } == dict(result)
        assert "do not sum" in str(result)

    def test_region_unknown_group_last(self) -> None:
        result = br.in_custody(small(), "2021-02-05", by="region")
        assert ["homiel", "unknown"] == list(result)

    def test_convictions_by_article_and_sentence_kind(self) -> None:
        ds = small()
        by_article = br.convictions(ds, by="article")
        assert ["342", "361-1", "unknown"] == list(by_article)
        assert br.Count(2, 2, AS_OF) == by_article["342"]
        by_kind = br.convictions(ds, by="sentence_kind")
        assert ["imprisonment", "life", "unknown"] == list(by_kind)
        assert by_kind.partitions  # a verdict has one sentence
        assert not by_article.partitions  # but may apply several articles

    def test_age_group_and_arrest_year(self) -> None:
        ds = small()
        assert {"30-44": br.Count(1, 1), "unknown": br.Count(2, 2)} == dict(
            br.in_custody(ds, "2021-02-05", by="age_group")
        )
        assert {"2020": br.Count(2, 2), "2021": br.Count(1, 1)} == dict(
            br.in_custody(ds, "2021-02-05", by="arrest_year")
        )

    def test_rows(self) -> None:
        rows = br.in_custody(small(), "2021-02-05", by="gender").to_rows()
        assert {"gender": "total", "low": 3, "high": 3, "cut_at": None} == rows[-1]

    def test_unknown_keys(self) -> None:
        with pytest.raises(br.UnknownKeyError, match="breakdown key"):
            br.in_custody(small(), "2021-02-05", by="colour")
        with pytest.raises(br.UnknownKeyError, match="filter key"):
            br.in_custody(small(), "2021-02-05", where={"colour": "red"})
        with pytest.raises(LookupError, match="value for 'gender'"):
            br.in_custody(small(), "2021-02-05", where={"gender": "f"})

    def test_where_accepts_enums_and_several_values(self) -> None:
        ds = small()
        assert br.Count(3, 3) == br.in_custody(
            ds, "2021-02-05", where={"gender": [br.Gender.MALE, "female"]}
        )
        assert br.Count(1, 1) == br.in_custody(ds, "2021-02-05", where={"article": "361-1"})
        assert br.Count(1, 1) == br.in_custody(ds, "2021-02-05", where={"sentence_kind": "life"})


class TestTimeSeries:
    """Held at the end of each bucket, entries and exits by reason."""

    def test_monthly(self) -> None:
        series = br.time_series(small(), "2021-01-01", "2021-07-01")
        assert ["2021-01-01", "2021-02-01"] == [r.start.isoformat() for r in series.rows[:2]]
        feb = series.rows[1]
        assert br.Count(1, 1) == feb.entries
        assert {"sentence_served": br.Count(1, 1)} == {k: v for k, v in feb.exits.items() if v.high}
        assert br.Count(2, 2) == feb.held
        june = series.rows[5]
        assert {"pardon": br.Count(1, 1)} == {k: v for k, v in june.exits.items() if v.high}
        assert series.cut_at is None
        assert 6 == len(series)

    def test_rows_are_flat(self) -> None:
        rows = br.time_series(small(), "2020-08-01", "2020-10-01").to_rows()
        assert {
            "start": "2020-08-01",
            "end": "2020-09-01",
            "held_low": 1,
            "held_high": 1,
            "entries_low": 1,
            "entries_high": 1,
            "exits_low": 0,
            "exits_high": 0,
        } == {
            k: v
            for k, v in rows[0].items()
            if not k.startswith("exits_") or k in ("exits_low", "exits_high")
        }

    @pytest.mark.parametrize("freq", ["day", "week", "month", "year"])
    def test_buckets_cover_the_period(self, freq: str) -> None:
        series = br.time_series(small(), "2021-01-13", "2021-03-02", freq=freq)  # type: ignore[arg-type]
        assert series.rows[0].start <= dt.date(2021, 1, 13) < series.rows[0].end
        assert series.rows[-1].start <= dt.date(2021, 3, 1) < series.rows[-1].end
        for a, b in zip(series.rows, series.rows[1:], strict=False):
            assert a.end == b.start

    def test_unknown_freq(self) -> None:
        with pytest.raises(br.UnknownKeyError):
            br.time_series(small(), "2021-01-01", freq="fortnight")  # type: ignore[arg-type]


class TestSummaries:
    """Terms and time served, with what was left out and why."""

    def test_terms(self) -> None:
        summary = br.term_summary(small())
        assert 1 == summary.count
        assert 30 == summary.median
        # the undated verdict is certainly in the unbounded period, but has no sentence
        assert {"no sentence": 1, "life": 1} == dict(summary.left_out)

    def test_time_served(self) -> None:
        summary = br.time_served_summary(small())
        assert [14.0, 59.0, 273.0] == sorted([summary.min, summary.median, summary.max])  # type: ignore[list-item]
        assert {"still held": 1} == dict(summary.left_out)
        assert "left out: 1 still held" in str(summary)

    def test_empty(self) -> None:
        summary = br.time_served_summary(br.Dataset(AS_OF))
        assert 0 == summary.count
        assert summary.median is None


class TestCount:
    """Counts know their bounds."""

    def test_invariants(self) -> None:
        with pytest.raises(ValueError, match="below its low"):
            br.Count(3, 2)
        with pytest.raises(ValueError, match="never negative"):
            br.Count(-1, 2)

    def test_text_and_arithmetic(self) -> None:
        assert "1,184" == str(br.Count.exact(1184))
        assert "1,180–1,190" == str(br.Count(1180, 1190))
        assert br.Count(3, 5) == br.Count(1, 2) + br.Count(2, 3)
        assert 4 in br.Count(3, 5)
        assert 6 not in br.Count(3, 5)


# -- against the reference implementation -----------------------------------------------------

day_in_range = st.dates(FIRST, AS_OF)
small_datasets = brst.datasets(max_persons=3, as_of=st.just(AS_OF))


def _assume_small(ds: br.Dataset, critical: list[dt.date]) -> None:
    assume(ref.count_refinements(ds, critical) <= MAX_REFINEMENTS)


class TestAgainstReference:
    """Bounds are exactly the min and max over every refinement of the partial dates."""

    @given(small_datasets, day_in_range, st.booleans())
    def test_in_custody(self, ds: br.Dataset, day: dt.date, recognized_only: bool) -> None:
        _assume_small(ds, [day])
        exact = [
            ref.held(ds, a, day, recognized_only, lambda p: True)
            for a in ref.refinements(ds, [day])
        ]
        result = br.in_custody(ds, day, recognized_only=recognized_only)
        assert ref.bounds(exact) == (result.low, result.high)

    @given(small_datasets, day_in_range, st.booleans())
    def test_time_series_index(self, ds: br.Dataset, day: dt.date, recognized_only: bool) -> None:
        # the per-dataset index behind time series (and warm in_custody calls)
        _assume_small(ds, [day])
        exact = [
            ref.held(ds, a, day, recognized_only, lambda p: True)
            for a in ref.refinements(ds, [day])
        ]
        series = br.time_series(
            ds, day, day + dt.timedelta(days=1), "day", recognized_only=recognized_only
        )
        (row,) = series.rows
        assert ref.bounds(exact) == (row.held.low, row.held.high)
        warm = br.in_custody(ds, day, recognized_only=recognized_only)
        assert ref.bounds(exact) == (warm.low, warm.high)

    def test_start_made_exact_by_recognition(self) -> None:
        # a start known to the month, recognised on its last day: clipped, the start is exact
        ds = br.Dataset(
            AS_OF,
            persons=(
                br.Person("p", recognition=br.Recognition.RECOGNIZED, recognized=D("2021-02-28")),
            ),
            custody=(spell("s", "p", "2021-02", "2023-03-14"),),
        )
        series = br.time_series(ds, "2021-02-27", "2021-03-02", "day", recognized_only=True)
        assert [br.Count(0, 0), br.Count(1, 1), br.Count(1, 1)] == [r.held for r in series]

    @given(small_datasets, day_in_range)
    def test_in_custody_by_gender(self, ds: br.Dataset, day: dt.date) -> None:
        _assume_small(ds, [day])
        result = br.in_custody(ds, day, by="gender")
        for group, count in result.items():
            exact = [
                ref.held(ds, a, day, False, lambda p, g=group: p.gender.value == g)
                for a in ref.refinements(ds, [day])
            ]
            assert ref.bounds(exact) == (count.low, count.high)

    @given(small_datasets, day_in_range, day_in_range)
    def test_convictions(self, ds: br.Dataset, a: dt.date, b: dt.date) -> None:
        first, last = min(a, b), max(a, b)
        _assume_small(ds, [first, last])
        exact = [ref.verdicts(ds, r, first, last) for r in ref.refinements(ds, [first, last])]
        result = br.convictions(ds, first, last)
        assert ref.bounds(exact) == (result.low, result.high)

    @given(small_datasets, day_in_range, day_in_range)
    def test_releases_and_deaths(self, ds: br.Dataset, a: dt.date, b: dt.date) -> None:
        first, last = min(a, b), max(a, b)
        _assume_small(ds, [first, last])
        died = br.EndReason.DIED_IN_CUSTODY
        released = [
            ref.people_released(ds, r, first, last, lambda s: s.end_reason is not died)
            for r in ref.refinements(ds, [first, last])
        ]
        deaths = [
            ref.people_released(ds, r, first, last, lambda s: s.end_reason is died)
            for r in ref.refinements(ds, [first, last])
        ]
        r1, r2 = br.releases(ds, first, last), br.deaths_in_custody(ds, first, last)
        assert ref.bounds(released) == (r1.low, r1.high)
        assert ref.bounds(deaths) == (r2.low, r2.high)

    @given(small_datasets, day_in_range, day_in_range)
    def test_pardons(self, ds: br.Dataset, a: dt.date, b: dt.date) -> None:
        first, last = min(a, b), max(a, b)
        _assume_small(ds, [first, last])
        pardon = br.EndReason.PARDON
        named, everyone = [], []
        for r in ref.refinements(ds, [first, last]):
            n = ref.people_released(ds, r, first, last, lambda s: s.end_reason is pardon)
            named.append(n)
            everyone.append(n + ref.unnamed_pardoned(ds, r, first, last))
        result = br.pardons(ds, first, last)
        assert (min(named), max(everyone)) == (result.low, result.high)

    @given(small_datasets, day_in_range, st.sampled_from(br.ObservationKind))
    def test_observed(self, ds: br.Dataset, day: dt.date, kind: br.ObservationKind) -> None:
        _assume_small(ds, [day])
        exact = [ref.observed_on(ds, r, kind, day) for r in ref.refinements(ds, [day])]
        result = br.observed(ds, kind, day)
        assert ref.bounds(exact) == (result.low, result.high)


exact_datasets = brst.datasets(max_persons=4, exact_dates=True)


class TestExactData:
    """On exact data: low == high, the walk agrees, and stock and flow agree."""

    @given(exact_datasets, st.sampled_from(["day", "week", "month"]), st.data())
    def test_time_series_against_the_walk(
        self, ds: br.Dataset, freq: str, data: st.DataObject
    ) -> None:
        start = data.draw(st.dates(FIRST, ds.as_of))
        end = data.draw(st.dates(start, min(ds.as_of, start + dt.timedelta(days=120))))
        series = br.time_series(ds, start, end + dt.timedelta(days=1), freq=freq)  # type: ignore[arg-type]
        walked = ref.walk_series(ds, [(r.start, r.end) for r in series.rows])
        for row, (held, begun, ended) in zip(series.rows, walked, strict=True):
            assert (held, held) == (row.held.low, row.held.high)
            assert (begun, begun) == (row.entries.low, row.entries.high)
            assert ended == {k: v.low for k, v in row.exits.items() if v.high}
            assert all(v.is_exact for v in row.exits.values())

    @given(exact_datasets, st.data())
    def test_stock_flow_identity(self, ds: br.Dataset, data: st.DataObject) -> None:
        start = data.draw(st.dates(dt.date(2020, 2, 1), ds.as_of))
        series = br.time_series(ds, start, freq="month")
        before = br.in_custody(ds, series.rows[0].start - dt.timedelta(days=1)).low
        for row in series.rows:
            now = row.held.low
            assert now - before == row.entries.low - row.exits_total.low
            before = now

    @given(exact_datasets, day_in_range)
    def test_exact_counts_are_exact(self, ds: br.Dataset, day: dt.date) -> None:
        assume(day <= ds.as_of)
        assert br.in_custody(ds, day).is_exact
        assert br.releases(ds, FIRST, day).is_exact
        assert br.deaths_in_custody(ds, FIRST, day).is_exact

    @given(exact_datasets, st.data())
    def test_flows_are_additive(self, ds: br.Dataset, data: st.DataObject) -> None:
        a, b, c = sorted(data.draw(st.lists(st.dates(FIRST, ds.as_of), min_size=3, max_size=3)))
        whole = br.convictions(ds, a, c)
        parts = br.convictions(ds, a, b), br.convictions(ds, b, c)
        assert whole.low == parts[0].low + parts[1].low

        def entries(x: dt.date, y: dt.date) -> int:
            return sum(r.entries.low for r in br.time_series(ds, x, y, freq="day").rows)

        assert entries(a, c) == entries(a, b) + entries(b, c)


class TestProperties:
    """Bounds are ordered; single-valued breakdowns sum to the total."""

    @given(
        small_datasets,
        day_in_range,
        st.sampled_from(["gender", "region", "recognition", "age_group", "arrest_year"]),
    )
    def test_single_valued_breakdowns_sum(self, ds: br.Dataset, day: dt.date, by: str) -> None:
        result = br.in_custody(ds, day, by=by)
        assert result.partitions
        assert result.total.low == sum(c.low for c in result.values())
        assert result.total.high == sum(c.high for c in result.values())
        assert result.total == br.in_custody(ds, day)

    @given(
        small_datasets,
        day_in_range,
        st.sampled_from(["role", "article", "sentence_kind", "citizenship"]),
    )
    def test_multi_valued_breakdowns_bound_the_total(
        self, ds: br.Dataset, day: dt.date, by: str
    ) -> None:
        result = br.in_custody(ds, day, by=by)
        assert not result.partitions
        assert result.total == br.in_custody(ds, day)
        for count in result.values():
            assert count.high <= result.total.high

    @given(small_datasets, day_in_range)
    def test_flows_are_subadditive_for_people(self, ds: br.Dataset, day: dt.date) -> None:
        # Whatever is possible in the whole period is possible in one of its halves. (No such
        # rule holds for low: a release known only to the month may be certain in the whole
        # period and certain in neither half.)
        whole = br.releases(ds, FIRST, ds.as_of)
        left, right = br.releases(ds, FIRST, day), br.releases(ds, day, ds.as_of)
        assert whole.high <= left.high + right.high
