from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

import belarus_repression as br
from belarus_repression import strategies as brst

P = br.PartialDate


class TestParse:
    """Every accepted form parses to the bounds it means; everything else is an error."""

    @pytest.mark.parametrize(
        ("text", "earliest", "latest", "precision"),
        [
            ("2020", "2020-01-01", "2020-12-31", "year"),
            ("2020-08", "2020-08-01", "2020-08-31", "month"),
            ("2020-02", "2020-02-01", "2020-02-29", "month"),
            ("2021-02", "2021-02-01", "2021-02-28", "month"),
            ("2020-08-09", "2020-08-09", "2020-08-09", "day"),
            ("[2020-11-12..2023-02-10]", "2020-11-12", "2023-02-10", "range"),
            ("[2020-11..2021-02]", "2020-11-01", "2021-02-28", "range"),
            ("[2020..2020-03-04]", "2020-01-01", "2020-03-04", "range"),
            ("09.08.2020", "2020-08-09", "2020-08-09", "day"),
            ("9.8.2020", "2020-08-09", "2020-08-09", "day"),
            ("09/08/2020", "2020-08-09", "2020-08-09", "day"),
            ("08.2020", "2020-08-01", "2020-08-31", "month"),
            ("Aug 2020", "2020-08-01", "2020-08-31", "month"),
            ("August 2020", "2020-08-01", "2020-08-31", "month"),
            ("9 August 2020", "2020-08-09", "2020-08-09", "day"),
            ("August 9, 2020", "2020-08-09", "2020-08-09", "day"),
            ("  2020-08-09  ", "2020-08-09", "2020-08-09", "day"),
        ],
    )
    def test_accepted_forms(self, text: str, earliest: str, latest: str, precision: str) -> None:
        d = P.parse(text)
        assert (dt.date.fromisoformat(earliest), dt.date.fromisoformat(latest)) == (
            d.earliest,
            d.latest,
        )
        assert br.Precision(precision) is d.precision
        assert d.qualifier is None

    @pytest.mark.parametrize(
        ("text", "qualifier"),
        [("2020-08~", "~"), ("2023-11-20?", "?"), ("2020%", "%"), ("Aug 2020~", "~")],
    )
    def test_qualifiers_are_kept_and_do_not_move_bounds(self, text: str, qualifier: str) -> None:
        d = P.parse(text)
        plain = P.parse(text[:-1])
        assert br.Qualifier(qualifier) is d.qualifier
        assert (plain.earliest, plain.latest) == (d.earliest, d.latest)
        assert text.strip() == str(d) or text.startswith("Aug")

    @pytest.mark.parametrize(
        "text",
        [
            "2020-13",
            "2020-00",
            "31.02.2021",
            "2021-02-29",
            "yesterday",
            "",
            "   ",
            "?",
            "[2021-01-01..2020-01-01]",
            "[2020-01-01..2021-01-01]~",
            "Aug 9",
            "May",
            "2020-08-09 10:00",
            "0000",
            "20200809",
            "2020-8-9",
            "13.13.2020",
            "[2020-01-01..]",
        ],
    )
    def test_invalid_text_raises_validation_error_naming_the_input(self, text: str) -> None:
        with pytest.raises(br.ValidationError) as info:
            P.parse(text)
        (problem,) = info.value.problems
        assert "date.invalid" == problem.code
        assert repr(text) == problem.value
        assert isinstance(info.value, ValueError)

    def test_non_text_is_an_error_not_a_crash(self) -> None:
        with pytest.raises(br.ValidationError):
            P.parse(20200809)  # type: ignore[arg-type]

    @given(brst.partial_dates())
    def test_format_then_parse_gives_the_date_back(self, d: br.PartialDate) -> None:
        assert d == P.parse(str(d))

    @given(st.dates(dt.date(1000, 1, 1), dt.date(9999, 12, 31)))
    def test_day_first_source_form_is_the_same_day(self, day: dt.date) -> None:
        assert P.day(day) == P.parse(day.strftime("%d.%m.%Y"))
        assert P.day(day) == P.parse(day.strftime("%d %B %Y"))
        assert P.month(day.year, day.month) == P.parse(day.strftime("%b %Y"))


class TestInvariants:
    """Bounds are ordered and the precision fits them."""

    @given(brst.partial_dates())
    def test_earliest_not_after_latest(self, d: br.PartialDate) -> None:
        assert d.earliest <= d.latest
        assert d.span_days == len(list(d.days()))
        assert d.is_exact == (d.span_days == 1)

    def test_constructor_refuses_reversed_bounds(self) -> None:
        with pytest.raises(br.ValidationError, match="before it starts"):
            P(dt.date(2021, 1, 2), dt.date(2021, 1, 1), br.Precision.RANGE)

    def test_constructor_refuses_precision_that_does_not_fit(self) -> None:
        with pytest.raises(br.ValidationError, match="one calendar month"):
            P(dt.date(2021, 1, 2), dt.date(2021, 1, 31), br.Precision.MONTH)
        with pytest.raises(br.ValidationError, match="earliest == latest"):
            P(dt.date(2021, 1, 1), dt.date(2021, 1, 2), br.Precision.DAY)

    def test_between_one_day_is_a_day(self) -> None:
        day = dt.date(2020, 8, 9)
        assert P.day(day) == P.between(day, day)

    def test_days_reach_the_end_of_the_calendar(self) -> None:
        assert 31 == len(list(P.month(9999, 12).days()))

    def test_no_ordering_operators(self) -> None:
        with pytest.raises(TypeError):
            _ = P.year(2020) < P.year(2021)  # type: ignore[operator]


class TestComparisons:
    """certainly/possibly comparisons agree with the bounds and never guess."""

    def test_overlapping_month_and_day(self) -> None:
        month, day = P.parse("2020-08"), P.parse("2020-08-15")
        assert not month.certainly_before(day)
        assert month.possibly_before(day)
        assert month.possibly_after(day)
        assert month.overlaps(day)
        assert day in month

    def test_accepts_plain_dates_and_text(self) -> None:
        d = P.parse("2020-08")
        assert d.certainly_before(dt.date(2020, 9, 1))
        assert d.certainly_before("2020-09")
        assert not d.certainly_before("2020-08-31")

    @given(brst.partial_dates(), brst.partial_dates())
    def test_agree_with_every_refinement(self, a: br.PartialDate, b: br.PartialDate) -> None:
        # certainly: all pairs of days satisfy it; possibly: some pair does.
        ends = [(x, y) for x in (a.earliest, a.latest) for y in (b.earliest, b.latest)]
        assert a.certainly_before(b) == all(x < y for x, y in ends)
        assert a.possibly_before(b) == any(x < y for x, y in ends)
        assert a.certainly_after(b) == all(x > y for x, y in ends)
        assert a.possibly_after(b) == any(x > y for x, y in ends)
        if a.certainly_before(b):
            assert a.possibly_before(b)
            assert not a.overlaps(b)

    @given(brst.partial_dates(dt.date(2020, 1, 1), dt.date(2020, 3, 31)), brst.dates())
    def test_certainly_before_day_means_every_day_before(
        self, a: br.PartialDate, day: dt.date
    ) -> None:
        assert a.certainly_before(day) == all(d < day for d in a.days())
        assert a.possibly_before(day) == any(d < day for d in a.days())

    def test_coerce_reads_a_datetime_as_its_day_and_refuses_numbers(self) -> None:
        assert P.day(dt.date(2020, 1, 1)) == P.coerce(dt.datetime(2020, 1, 1, 23, 59))
        with pytest.raises(br.ValidationError) as info:
            P.coerce(2020)
        assert ["type.invalid"] == [p.code for p in info.value.problems]


class TestText:
    """The canonical text form."""

    @pytest.mark.parametrize(
        "text", ["2020", "2020-08", "2020-08-09", "[2020-11-12..2023-02-10]", "2020-08~", "2020%"]
    )
    def test_canonical_text_round_trips(self, text: str) -> None:
        assert text == str(P.parse(text))

    def test_repr_shows_the_text(self) -> None:
        assert "PartialDate('2020-08')" == repr(P.parse("2020-08"))
