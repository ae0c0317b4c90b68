"""Estimating the unrecorded: capture histories, estimators, refusals and published examples."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

import belarus_repression as br

# -- published examples ----------------------------------------------------------------------

#: Epidemiological capture-recapture data on HIV from four reporting centres in Rome: Abeni,
#: Brancato & Perucci (1994), Epidemiology 5, 410-414, as shipped in the R package Rcapture
#: (dataset ``HIV``; Baillargeon & Rivest 2007, J. Stat. Software 19(5), section "HIV
#: example").  Patterns are (c1, c2, c3, c4).
HIV = {
    "1111": 0, "1110": 3, "1101": 1, "1100": 33, "1011": 0, "1010": 20, "1001": 6, "1000": 403,
    "0111": 3, "0110": 35, "0101": 10, "0100": 545, "0011": 11, "0010": 621, "0001": 205,
}  # fmt: skip


def hiv() -> br.CaptureHistories:
    return br.CaptureHistories.from_counts(["c1", "c2", "c3", "c4"], HIV)


def two(n1: int, n2: int, m: int, names: tuple[str, str] = ("A", "B")) -> br.CaptureHistories:
    """Two lists of n1 and n2 people, m of them on both."""
    return br.CaptureHistories.from_counts(names, {"11": m, "10": n1 - m, "01": n2 - m})


class TestPublishedExamples:
    """Published estimates are reproduced to the precision they are printed with."""

    def test_rcapture_hiv_interaction_1_2(self) -> None:
        # Rcapture's example output (tests/Examples/Rcapture-Ex.Rout.save, version 1.3-1):
        # closedpCI.t(HIV, dfreq=TRUE, mX= ~ . + c1:c2) prints abundance 12318.5, stderr
        # 1188.7, deviance 7.614, df 9, AIC 86.65; multinomial 12308, CI 10266 to 14992.3.
        found = br.estimate_total(hiv(), models=[[("c1", "c2")]])
        fit = found.models[0]
        assert "c1:c2" == found.model == fit.model
        assert 12318.5 == round(found.total, 1)
        assert 1188.7 == round(found.se or 0, 1)
        assert (7.614, 9, 86.65) == (round(fit.deviance, 3), fit.df, round(fit.aic, 2))
        assert 12308 == round(fit.profile_max or 0)
        assert (10266, 14992.3) == (round(found.low), round(found.high, 1))

    def test_rcapture_hiv_every_interaction(self) -> None:
        # closedpCI.t(HIV, dfreq=TRUE, mX= ~ (c1+c2+c3+c4)^2): abundance 23443.5, stderr
        # 9594.9, deviance 3.037, df 4, AIC 92.073; multinomial 23269.8, CI 10027.6 to 50046.3.
        every = [[(a, b) for i, a in enumerate(hiv().lists) for b in hiv().lists[i + 1 :]]]
        found = br.estimate_total(hiv(), models=every)
        fit = found.models[0]
        assert (23443.5, 9594.9) == (round(found.total, 1), round(found.se or 0, 1))
        assert (3.037, 4, 92.073) == (round(fit.deviance, 3), fit.df, round(fit.aic, 3))
        assert 23269.8 == round(fit.profile_max or 0, 1)
        assert (10027.6, 50046.3) == (round(found.low, 1), round(found.high, 1))

    def test_rcapture_hiv_choice_by_aic(self) -> None:
        # Rcapture's HIV example: "only the [1,2] interaction is important"; AIC agrees.
        found = br.estimate_total(hiv(), select="aic")
        assert "c1:c2" == found.model
        assert 64 == len(found.models)

    def test_seber_tables_3_7_and_3_8(self) -> None:
        # Seber (1982), The Estimation of Animal Abundance, 2nd ed., Tables 3.7 and 3.8
        # (Chapman's estimate and its standard error); the same values are checked by the
        # validation tests of the R package FSA (mrClosed).
        found = br.estimate_total(two(500, 149, 7), "chapman")
        assert (9393, 3022) == (round(found.total), round(found.se or 0))
        found = br.estimate_total(two(1000, 243, 21), "chapman")
        assert (11101, 2184) == (round(found.total), round(found.se or 0))

    def test_krebs_box_2_1(self) -> None:
        # Krebs (1989), Ecological Methodology, Box 2.1: M=948 marked, C=421 caught, R=167
        # recaptured; Petersen 2390, Chapman 2383.
        assert 2390 == round(br.estimate_total(two(948, 421, 167), "lincoln-petersen").total)
        assert 2383 == round(br.estimate_total(two(948, 421, 167), "chapman").total)

    def test_pine_box_11_2(self) -> None:
        # Pine et al. (2013), in Zale, Parrish & Sutton (eds.), Fisheries Techniques, Box 11.2:
        # Chapman 1578 with the normal interval 1330 to 1826.
        found = br.estimate_total(two(421, 332, 88), "chapman")
        se = found.se or 0
        assert 1578 == round(found.total)
        assert (1330, 1826) == (round(found.total - 1.96 * se), round(found.total + 1.96 * se))


# -- two lists ------------------------------------------------------------------------------


class TestTwoLists:
    """Lincoln–Petersen and Chapman, with the log-normal interval and what they assume."""

    def test_formulas(self) -> None:
        lp = br.estimate_total(two(60, 50, 20), "lincoln-petersen")
        chapman = br.estimate_total(two(60, 50, 20))
        assert 150 == lp.total
        assert math.isclose(61 * 51 / 21 - 1, chapman.total)
        assert "chapman" == chapman.method
        assert 90 == chapman.observed
        assert chapman.low > chapman.observed
        assert chapman.low < chapman.total < chapman.high
        assert math.isclose(chapman.unseen, chapman.total - 90)

    def test_assumptions_and_diagnostics(self) -> None:
        found = br.estimate_total(two(30, 20, 4))
        assert any("independent lists" in a for a in found.assumptions)
        assert any("closed population" in a for a in found.assumptions)
        assert any("few people are on both lists (4 < 7)" in d for d in found.diagnostics)

    def test_log_linear_independence_of_two_lists_is_lincoln_petersen(self) -> None:
        found = br.estimate_total(two(60, 50, 20), "loglinear")
        assert math.isclose(150, found.total)
        assert ["independence"] == [m.model for m in found.models]

    def test_unknown_or_unfit_arguments(self) -> None:
        with pytest.raises(ValueError, match="unknown method"):
            br.estimate_total(two(6, 5, 3), "petersen")
        with pytest.raises(ValueError, match="takes two lists"):
            br.estimate_total(hiv(), "chapman")
        with pytest.raises(ValueError, match="bootstrap intervals"):
            br.estimate_total(two(6, 5, 3), interval="bootstrap")
        with pytest.raises(ValueError, match="level"):
            br.estimate_total(two(6, 5, 3), level=95)


class TestRefusals:
    """An estimate the data cannot support is refused with the reason, not returned."""

    def test_no_overlap(self) -> None:
        with pytest.raises(br.EstimationError, match="only 0 people are on more than one"):
            br.estimate_total(two(10, 12, 0), "lincoln-petersen")
        with pytest.raises(br.EstimationError, match="cannot support an estimate"):
            br.estimate_total(two(10, 12, 0), "chapman")

    def test_too_little_overlap(self) -> None:
        with pytest.raises(br.EstimationError, match=r"only 2 .* \(at least 3 needed\)"):
            br.estimate_total(two(10, 12, 2))
        assert br.estimate_total(two(10, 12, 2), min_overlap=2).total > 20

    def test_a_list_with_nobody(self) -> None:
        empty = br.CaptureHistories.from_counts("ABC", {"110": 5, "100": 3, "010": 4})
        with pytest.raises(br.EstimationError, match="list 'C' has nobody on it") as caught:
            br.estimate_total(empty)
        assert isinstance(caught.value, ValueError)
        assert "list 'C' has nobody on it" == caught.value.reason

    def test_no_model_with_a_finite_estimate(self) -> None:
        # the saturated model of three lists needs people on every pair of lists
        table = {"111": 4, "110": 0, "101": 3, "011": 2, "100": 9, "010": 7, "001": 8}
        saturated = [[("A", "B"), ("A", "C"), ("B", "C")]]
        with pytest.raises(br.EstimationError, match="no log-linear model gives a finite"):
            br.estimate_total(br.CaptureHistories.from_counts("ABC", table), models=saturated)

    def test_bad_models(self) -> None:
        h = br.CaptureHistories.from_counts("ABC", {"111": 4, "110": 3, "100": 5, "001": 2})
        with pytest.raises(ValueError, match="between two of the lists"):
            br.estimate_total(h, models=[[("A", "Z")]])
        with pytest.raises(ValueError, match="names no model"):
            br.estimate_total(h, models=[])
        with pytest.raises(ValueError, match="cannot identify"):
            br.estimate_total(two(6, 5, 3), "loglinear", models=[[("A", "B")]])


# -- three lists and more ----------------------------------------------------------------------

#: A table of three lists with a visible A-B dependence (drawn once from synthetic_lists).
THREE = {"111": 60, "110": 190, "101": 55, "100": 210, "011": 40, "010": 150, "001": 160}


class TestLogLinear:
    """Every identifiable model is fitted, chosen or averaged, and explained."""

    def test_models_choice_and_weights(self) -> None:
        h = br.CaptureHistories.from_counts("ABC", THREE)
        found = br.estimate_total(h, select="aic")
        assert 8 == len(found.models)
        assert {"independence", "A:B + A:C + B:C"} <= {m.model for m in found.models}
        assert math.isclose(1.0, sum(m.aic_weight for m in found.models))
        chosen = [m for m in found.models if m.chosen]
        assert [found.model] == [m.model for m in chosen]
        assert found.models[0].chosen  # best first
        assert all(m.low is not None and m.high is not None for m in found.models)
        saturated = next(m for m in found.models if m.df == 0)
        assert saturated.p_value is None
        assert any("sensitivity to the model" in d for d in found.diagnostics)

    def test_bic_and_average(self) -> None:
        h = br.CaptureHistories.from_counts("ABC", THREE)
        bic = br.estimate_total(h, select="bic")
        average = br.estimate_total(h, select="average")
        assert "bic" == bic.selection
        assert "average of 8 models" == average.model == br.estimate_total(h).model
        assert not any(m.chosen for m in average.models)
        totals = [m.total for m in average.models]
        assert min(totals) <= average.total <= max(totals)
        assert average.low < average.total < average.high

    def test_bootstrap_is_reproducible(self) -> None:
        h = br.CaptureHistories.from_counts("ABC", THREE)
        first = br.estimate_total(h, interval="bootstrap", bootstrap=40, seed=3)
        again = br.estimate_total(h, interval="bootstrap", bootstrap=40, seed=3)
        assert (first.low, first.high) == (again.low, again.high)
        assert first.low <= first.total <= first.high
        assert "bootstrap" in first.interval

    def test_more_than_five_lists_need_models(self) -> None:
        six = br.CaptureHistories.from_counts("ABCDEF", {"110000": 3, "100000": 2, "011111": 4})
        with pytest.raises(ValueError, match="pass models="):
            br.estimate_total(six)

    def test_results_as_rows_and_html(self) -> None:
        found = br.estimate_total(br.CaptureHistories.from_counts("ABC", THREE), select="aic")
        rows = found.to_rows()
        parts = [r["part"] for r in rows]
        assert "estimate" == parts[0]
        assert 8 == parts.count("model")
        assert parts.count("assumption") == len(found.assumptions) > 0
        assert parts.count("diagnostic") == len(found.diagnostics) > 0
        assert {len(r) for r in rows} == {15}
        page = found._repr_html_()
        for text in ("Estimated total", "Models", "Assumptions", "Diagnostics", "G²"):
            assert text in page
        assert str(found).startswith("estimated total ")
        assert found.total in found
        assert "G²" in str(found.models[0])
        assert "interactions" in found.models[0].to_row()


# -- properties ----------------------------------------------------------------------------------

counts = st.integers(0, 60)


@st.composite
def tables(draw: st.DrawFn, k: int) -> dict[str, int]:
    return {format(m, f"0{k}b"): draw(counts) for m in range(1, 2**k)}


def permuted(table: dict[str, int], order: list[int]) -> dict[str, int]:
    return {"".join(p[i] for i in order): n for p, n in table.items()}


def outcome(h: br.CaptureHistories, **options: object) -> tuple[float, float, float] | str:
    try:
        found = br.estimate_total(h, **options)  # type: ignore[arg-type]
    except br.EstimationError as error:
        return error.reason
    return found.total, found.low, found.high


def close(a: tuple[float, float, float] | str, b: tuple[float, float, float] | str) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    return all(x == y or math.isclose(x, y, rel_tol=1e-5) for x, y in zip(a, b, strict=True))


class TestProperties:
    """Order of lists, complete capture and lists that add nobody behave as they must."""

    @given(tables(2), st.sampled_from(["lincoln-petersen", "chapman"]))
    def test_two_lists_order(self, table: dict[str, int], method: str) -> None:
        a = br.CaptureHistories.from_counts("AB", table)
        b = br.CaptureHistories.from_counts("BA", permuted(table, [1, 0]))
        assert close(outcome(a, method=method), outcome(b, method=method))

    @given(tables(3), st.permutations([0, 1, 2]), st.sampled_from(["aic", "bic", "average"]))
    def test_three_lists_order(self, table: dict[str, int], order: list[int], select: str) -> None:
        a = br.CaptureHistories.from_counts("ABC", table)
        b = br.CaptureHistories.from_counts(["ABC"[i] for i in order], permuted(table, order))
        assert close(outcome(a, select=select), outcome(b, select=select))

    @given(st.integers(2, 4), st.integers(3, 500), st.sampled_from(["aic", "bic", "average"]))
    def test_complete_capture_is_exact(self, k: int, n: int, select: str) -> None:
        h = br.CaptureHistories.from_counts("ABCD"[:k], {"1" * k: n})
        found = br.estimate_total(h, select=select)
        assert n == found.total == found.low
        assert n <= found.high

    @given(tables(2) | tables(3), st.data())
    def test_a_list_that_adds_nobody(self, table: dict[str, int], data: st.DataObject) -> None:
        k = len(next(iter(table)))
        before = br.CaptureHistories.from_counts("ABC"[:k], table)
        observed = before.observed
        seen = {p + "1": data.draw(st.integers(0, n)) for p, n in table.items()}
        if not any(seen.values()):
            return
        after = {**seen, **{p + "0": n - seen[p + "1"] for p, n in table.items()}}
        more = br.CaptureHistories.from_counts("ABCD"[: k + 1], after)
        assert observed == more.observed
        try:
            found = br.estimate_total(more)
        except br.EstimationError:
            return
        assert found.total >= observed
        assert found.low >= observed


# -- capture histories -------------------------------------------------------------------------


def list_a() -> br.Dataset:
    return br.Dataset(
        "2025-08-01",
        persons=[
            br.Person("syn-a-1", names=["Andrei Zhmurko"], gender="male"),
            br.Person("syn-a-2", names=["Volha Kaval"], gender="female"),
            br.Person("syn-a-3", names=["Pavel Saroka"], gender="male", region="minsk_city"),
        ],
        custody=[
            br.CustodySpell("syn-a-s1", "syn-a-1", "2021-01-01"),
            br.CustodySpell("syn-a-s2", "syn-a-2", "2021-03"),
            br.CustodySpell("syn-a-s3", "syn-a-3", "2022-01-01"),
        ],
        synthetic=True,
    )


def list_b() -> br.Dataset:
    return br.Dataset(
        "2025-08-01",
        persons=[
            br.Person("syn-b-1", names=["Andrei Zhmrko"], gender="male"),
            br.Person("syn-b-2", names=["Вольга Каваль"], gender="female"),
            br.Person("syn-b-3", names=["Павел Сарока"], gender="male"),
            br.Person("syn-b-4", names=["Taras Lemesh"], gender="male", region="brest"),
        ],
        custody=[
            br.CustodySpell("syn-b-s1", "syn-b-1", "2021-01-01"),
            br.CustodySpell("syn-b-s2", "syn-b-2", "2021-03-10"),
            br.CustodySpell("syn-b-s3", "syn-b-3", "2022-01-01"),
            br.CustodySpell("syn-b-s4", "syn-b-4", "2020-09-01"),
        ],
        synthetic=True,
    )


class TestCaptureHistories:
    """Lists are linked into patterns of presence, with bounds where the data are unsure."""

    def test_from_counts(self) -> None:
        h = br.CaptureHistories.from_counts(["x", "y"], {(1, 1): 2, (1, 0): 3, "01": 0})
        assert {"11": 2, "10": 3} == h.table
        assert {"x": 5, "y": 2} == h.list_sizes
        assert 5 == h.observed
        assert br.Count(2, 2) == h.counts["11"]
        for bad in ({"1": 2}, {"00": 2}, {"12": 1}, {"11": -1}, {"11": 1.5}):
            with pytest.raises(ValueError):  # noqa: PT011 - each message is checked elsewhere
                br.CaptureHistories.from_counts("ab", bad)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="two lists or more"):
            br.CaptureHistories.from_counts(["x"], {"1": 3})

    def test_an_uncertain_link_is_resolved_both_ways(self) -> None:
        h = br.capture_histories({"A": list_a(), "B": list_b()}, on="2022-06-01")
        joined, split = h.resolutions.values()
        assert {"11": 3, "01": 1} == joined
        assert {"11": 2, "10": 1, "01": 2} == split
        assert br.Count(2, 3) == h.counts["11"]
        assert br.Count(0, 1) == h.counts["10"]
        assert br.Count(1, 2) == h.counts["01"]
        assert 1 == h.uncertain_links
        assert any("scored below 1.0" in note for note in h.notes)
        found = br.estimate_total(h, min_overlap=1)
        assert [next(iter(h.resolutions))] == [found.resolution]
        assert list(found.alternatives) == list(h.resolutions)[1:]
        assert any("resolutions of uncertain links" in d for d in found.diagnostics)
        assert {"estimate", "resolution"} <= {r["part"] for r in found.to_rows()}
        assert "Other resolutions" in found._repr_html_()

    def test_partly_known_dates_make_presence_possible(self) -> None:
        h = br.capture_histories([list_a(), list_b()], on="2021-03-15", sure_score=0.9)
        assert ("A", "B") == h.lists
        possible, certain = h.resolutions.values()
        assert {"11": 2, "01": 1} == possible
        assert {"11": 1, "01": 2} == certain
        assert br.Count(1, 2) == h.counts["11"]
        assert dict(h.counts) == {p: h.counts[p] for p in ("11", "01")}

    def test_periods_filters_and_everyone(self) -> None:
        lists = {"A": list_a(), "B": list_b()}
        everyone = br.capture_histories(lists, sure_score=0.9)
        assert {"11": 3, "01": 1} == everyone.table
        period = br.capture_histories(lists, on=("2020-01-01", "2021-02-01"), sure_score=0.9)
        assert {"11": 1, "01": 1} == period.table
        women = br.capture_histories(lists, where={"gender": "female"}, sure_score=0.9)
        assert {"11": 1} == women.table

    def test_strata_add_up(self) -> None:
        lists = {"A": list_a(), "B": list_b()}
        h = br.capture_histories(lists, on="2022-06-01", by="region")
        assert ["brest", "minsk_city", "unknown"] == list(h.strata)
        for label, table in h.resolutions.items():
            summed: dict[str, int] = {}
            for stratum in h.strata.values():
                for pattern, n in stratum.resolutions[label].items():
                    summed[pattern] = summed.get(pattern, 0) + n
            assert table == summed
        rows = h.to_rows()
        assert {"stratum", "pattern", "A", "B", "low", "high"} <= set(rows[0])
        with pytest.raises(ValueError, match="add up"):
            br.capture_histories(lists, by="role")
        with pytest.raises(br.UnknownKeyError):
            br.capture_histories(lists, by="colour")
        with pytest.raises(ValueError, match="two lists or more"):
            br.capture_histories([list_a()])

    def test_select(self) -> None:
        h = br.CaptureHistories.from_counts("ABC", THREE).select("C", "A")
        assert ("C", "A") == h.lists
        assert {"11": 115, "10": 200, "01": 400} == h.table
        with pytest.raises(br.UnknownKeyError):
            h.select("A", "Z")
        with pytest.raises(ValueError, match="two lists or more"):
            h.select("A")
        assert "capture histories of 2 lists" in str(h)
        assert "<table" in h._repr_html_()


# -- synthetic lists and strata ------------------------------------------------------------------


@pytest.fixture(scope="module")
def population() -> br.Dataset:
    whole = br.synthetic(0)
    held = br.held_on(whole, "2023-01-01").certainly
    return whole.subset(persons=held[:400])


class TestSyntheticLists:
    """Lists drawn with known truth, chosen chances, dependence and heterogeneity."""

    def test_lists_and_truth(self, population: br.Dataset) -> None:
        drawn = br.synthetic_lists(5, capture=[0.6, 0.5, 0.4], population=population)
        assert 400 == drawn.truth
        assert ["A", "B", "C"] == list(drawn.lists)
        for name, ds in drawn.lists.items():
            assert ds.synthetic
            assert len(drawn.members[name]) == len(ds.persons)
            assert all(p.id.startswith(f"syn-{name.lower()}-") for p in ds.persons)
            assert {drawn.origin[p.id] for p in ds.persons} == drawn.members[name]
        truth = drawn.histories()
        assert truth.observed == len(set().union(*drawn.members.values()))
        again = br.synthetic_lists(5, capture=[0.6, 0.5, 0.4], population=population)
        assert truth.table == again.histories().table

    def test_linked_lists_find_the_truth(self, population: br.Dataset) -> None:
        drawn = br.synthetic_lists(1, capture=0.5, population=population)
        linked = br.capture_histories(drawn.lists, on=drawn.on)
        truth = drawn.histories()
        assert abs(linked.observed - truth.observed) <= 0.03 * truth.observed
        found = br.estimate_total(linked)
        assert found.low <= drawn.truth <= found.high

    def test_dependence_moves_the_overlap(self, population: br.Dataset) -> None:
        def both(value: float) -> int:
            drawn = br.synthetic_lists(
                2, lists=2, dependence={("A", "B"): value}, population=population
            )
            return drawn.histories().table.get("11", 0)

        assert both(-1.5) < both(0.0) < both(1.5)

    def test_heterogeneity_and_typos(self, population: br.Dataset) -> None:
        drawn = br.synthetic_lists(
            3, lists=["x", "y"], heterogeneity=1.0, typos=0.5, missing_birth=0.5,
            population=population,
        )  # fmt: skip
        assert ["x", "y"] == list(drawn.lists)
        linked = br.capture_histories(drawn.lists)
        assert linked.uncertain_links > 0

    def test_refusals(self, population: br.Dataset) -> None:
        for options in (
            {"lists": 1},
            {"lists": 6},
            {"capture": 1.0},
            {"capture": [0.5, 0.5]},
            {"typos": 2.0},
            {"dependence": {("A", "A"): 1.0}},
        ):
            with pytest.raises(ValueError):  # noqa: PT011 - the messages say which argument
                br.synthetic_lists(population=population, **options)  # type: ignore[arg-type]
        real = br.Dataset("2025-08-01", persons=[br.Person("p1")])
        with pytest.raises(ValueError, match="synthetic population"):
            br.synthetic_lists(population=real)


class TestStrata:
    """Strata are estimated separately and their totals add up."""

    def test_totals_add_up(self, population: br.Dataset) -> None:
        drawn = br.synthetic_lists(4, capture=0.6, population=population)
        h = br.capture_histories(drawn.lists, on=drawn.on, by="gender")
        found = br.estimate_total(h, select="bic")
        assert math.isclose(found.total, sum(e.total for e in found.strata.values()))
        assert found.observed == sum(e.observed for e in found.strata.values())
        assert "gender" == found.by
        assert found.low <= found.total <= found.high
        assert any("strata are estimated separately" in a for a in found.assumptions)
        assert "Strata by gender" in found._repr_html_()
        assert "stratum" in {r["part"] for r in found.to_rows()}
        whole = br.estimate_total(h, select="bic", stratified=False)
        assert not whole.strata

    def test_a_stratum_that_cannot_be_estimated_is_named(self) -> None:
        lists = {"A": list_a(), "B": list_b()}
        h = br.capture_histories(lists, on="2022-06-01", by="region", sure_score=0.9)
        with pytest.raises(br.EstimationError, match="stratum 'brest'") as caught:
            br.estimate_total(h, min_overlap=1)
        assert "brest" == caught.value.stratum
