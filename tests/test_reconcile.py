from __future__ import annotations

import datetime as dt

import pytest

import belarus_repression as br

D = br.PartialDate.parse
A = dt.date(2025, 8, 1)


def dataset(n_held: int = 10, with_observations: bool = True) -> br.Dataset:
    persons = tuple(
        br.Person(f"syn-p-{i}", recognition=br.Recognition.RECOGNIZED, recognized=D("2021-01-01"))
        for i in range(n_held)
    )
    custody = tuple(
        br.CustodySpell(f"syn-s-{i}", f"syn-p-{i}", D("2020-10-01")) for i in range(n_held)
    )
    observations = (
        (br.Observation("syn-o-1", "syn-p-0", br.ObservationKind.INCOMMUNICADO, D("2024-01-01")),)
        if with_observations
        else ()
    )
    return br.Dataset(
        A, persons=persons, custody=custody, observations=observations, synthetic=True
    )


def figure(
    value: int, qualifier: str, metric: str = "political_prisoners", as_of: str = "2025-08-01"
) -> br.ReportedFigure:
    return br.ReportedFigure(
        "syn-f", br.Metric(metric), value, br.RecordQualifier(qualifier), D(as_of), "syn-src"
    )


class TestQualifierRules:
    """Each qualifier has its rule: exact contains, at least reaches, about within 10%..."""

    @pytest.mark.parametrize(
        ("value", "qualifier", "verdict"),
        [
            (10, "exact", "consistent"),
            (11, "exact", "inconsistent"),
            (10, "at_least", "consistent"),
            (11, "at_least", "inconsistent"),
            (9, "more_than", "consistent"),
            (10, "more_than", "inconsistent"),
            (10, "at_most", "consistent"),
            (9, "at_most", "inconsistent"),
            (11, "about", "consistent"),
            (10, "about", "consistent"),
            (9, "about", "inconsistent"),
            (12, "about", "inconsistent"),
        ],
    )
    def test_rules(self, value: int, qualifier: str, verdict: str) -> None:
        (item,) = br.reconcile(dataset(), [figure(value, qualifier)])
        assert br.Count(10, 10) == item.computed
        assert br.Verdict(verdict) is item.verdict
        assert item.reason


class TestNotComputable:
    """Figures the data cannot speak to say so."""

    def test_after_as_of(self) -> None:
        (item,) = br.reconcile(dataset(), [figure(10, "exact", as_of="2025-09")])
        assert br.Verdict.NOT_COMPUTABLE is item.verdict
        assert item.computed is None
        assert "after the data's as_of" in item.reason

    def test_no_observations_of_the_kind(self) -> None:
        (item,) = br.reconcile(
            dataset(with_observations=False), [figure(8, "at_least", "incommunicado")]
        )
        assert br.Verdict.NOT_COMPUTABLE is item.verdict

    def test_no_pardons(self) -> None:
        (item,) = br.reconcile(dataset(), [figure(5, "exact", "pardoned")])
        assert br.Verdict.NOT_COMPUTABLE is item.verdict


class TestVagueDates:
    """A figure dated to a month is compared with the count on every day of it."""

    def test_month(self) -> None:
        persons = (
            br.Person("syn-p-1", recognition=br.Recognition.RECOGNIZED, recognized=D("2021-01-01")),
        )
        custody = (
            br.CustodySpell(
                "syn-s-1", "syn-p-1", D("2021-03-10"), D("2021-03-20"), br.EndReason.SENTENCE_SERVED
            ),
        )
        ds = br.Dataset(A, persons=persons, custody=custody)
        (item,) = br.reconcile(ds, [figure(1, "exact", as_of="2021-03")])
        assert br.Count(0, 1) == item.computed
        assert br.Verdict.CONSISTENT is item.verdict


class TestOnBundledFigures:
    """The synthetic data against every bundled figure: rows, text, verdicts."""

    def test_every_figure(self) -> None:
        result = br.reconcile(br.synthetic(), br.reported_figures())
        assert len(br.reported_figures()) == len(result)
        verdicts = {item.verdict for item in result}
        assert br.Verdict.CONSISTENT in verdicts
        assert br.Verdict.NOT_COMPUTABLE in verdicts  # figures dated after 2025-08-01
        rows = result.to_rows()
        assert {"figure", "published", "computed_low", "computed_high", "verdict"} <= set(rows[0])
        assert "consistent" in str(result)
