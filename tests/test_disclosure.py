"""Disclosure control that holds up: linked suppression audited by LP, k-anonymous pseudonyms."""

from __future__ import annotations

import datetime as dt
import io
import sys
from collections import Counter
from collections.abc import Hashable

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import belarus_repression as br
from belarus_repression import strategies as brst
from belarus_repression._report import format_table

D = br.PartialDate.parse
A = dt.date(2025, 8, 1)
SLOW_OK = settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)


def breakdown(by: str, cells: dict[str, int], partitions: bool = True) -> br.Breakdown:
    """A breakdown as the library gives it: empty groups are not listed."""
    groups = {g: br.Count(n, n) for g, n in cells.items() if n > 0}
    total = sum(cells.values())
    return br.Breakdown(by, groups, br.Count(total, total), partitions)


def linked(
    grid: dict[tuple[str, str], int],
) -> list[br.Breakdown | tuple[dict[str, str], br.Breakdown]]:
    """What a report publishes of a gender × region table: its margins and each row."""
    genders = sorted({g for g, _ in grid})
    regions = sorted({r for _, r in grid})
    tables: list[br.Breakdown | tuple[dict[str, str], br.Breakdown]] = [
        breakdown("gender", {g: sum(grid[g, r] for r in regions) for g in genders}),
        breakdown("region", {r: sum(grid[g, r] for g in genders) for r in regions}),
    ]
    tables += [
        ({"gender": g}, breakdown("region", {r: grid[g, r] for r in regions})) for g in genders
    ]
    return tables


def exposed(result: br.SuppressedTables) -> list[br.CellAudit]:
    return [a for a in result.audit() if not a.protected]


class TestWithinOneTable:
    """No hidden cell follows from the shown cells, the zeros and the total of its own table."""

    def test_the_issue_example(self) -> None:
        # female 1, unknown 1, male 120, total 122: with the zero-free total shown, hiding
        # the two small cells alone gives both away (they must be 1 and 1)
        result = br.suppress([breakdown("gender", {"female": 1, "male": 120, "unknown": 1})])
        table = result[0]
        assert {"female", "unknown"} == table.primary
        assert {"male"} == table.secondary
        assert ["<5", "suppressed", "<5", "122"] == [
            table.label(g) for g in ("female", "male", "unknown", None)
        ]
        audit = {a.group: a for a in result.audit()}
        assert ((1, 4), (1, 4)) == audit["female"].feasible
        assert ((1, 4), (1, 4)) == audit["unknown"].feasible
        assert audit["male"].feasible[0][0] < audit["male"].feasible[0][1]
        assert [] == exposed(result)

    def test_secondary_cells_print_as_suppressed(self) -> None:
        text = str(br.suppress(breakdown("gender", {"female": 1, "male": 120, "unknown": 1})))
        assert "male     suppressed" in text.splitlines()
        assert 2 == text.count("<5")

    def test_a_small_total_lists_no_groups(self) -> None:
        result = br.suppress(breakdown("gender", {"female": 1, "male": 3}))
        assert [] == list(result)
        assert result["female"] is None
        assert result.total is None
        assert "gender  count\ntotal   <5" == str(result)
        assert [{"gender": "total", "low": None, "high": None, "suppressed": True}] == (
            result.to_rows()
        )

    def test_zeros_are_shown_and_never_hidden_to_protect(self) -> None:
        b = br.Breakdown(
            "gender",
            {"female": br.Count(0, 0), "male": br.Count(3, 3), "unknown": br.Count(40, 40)},
            br.Count(43, 43),
            True,
        )
        result = br.suppress(b)
        assert br.Count(0, 0) == result["female"]
        assert {"male", "unknown"} == result.hidden

    def test_two_small_cells_whose_sum_is_known_are_protected(self) -> None:
        # 8 + 9 = 17 is known from the total and the others: both would lie in [8, 9]
        cells = {"a": 8, "b": 9, "c": 23, "d": 104}
        result = br.suppress([breakdown("kind", cells)], k=10)
        assert {"a", "b"} == result[0].primary
        assert {"c"} == result[0].secondary
        assert [] == exposed(result)

    @given(
        st.dictionaries(st.sampled_from("abcdef"), st.integers(0, 25), min_size=1),
        st.integers(3, 8),
    )
    def test_lp_finds_nothing_exposed(self, cells: dict[str, int], k: int) -> None:
        result = br.suppress([breakdown("kind", cells)], k=k)
        assert [] == exposed(result)

    def test_k_is_at_least_3(self) -> None:
        # with k = 2, "<2" would say 1
        with pytest.raises(ValueError, match="at least 3"):
            br.suppress([breakdown("gender", {"male": 3})], k=2)


class TestLinkedTables:
    """Tables published together are protected together, across their totals and nestings."""

    def test_a_cell_given_away_by_another_table_is_protected(self) -> None:
        # suppressed one table at a time, every hidden cell is given away by the others: the
        # region table shows r1 = 15, the women's lists no r1, so the men's r1 is 15, ...
        grid = {
            ("female", "r0"): 3,
            ("female", "r1"): 0,
            ("female", "r2"): 40,
            ("male", "r0"): 2,
            ("male", "r1"): 15,
            ("male", "r2"): 30,
        }
        from belarus_repression._audit import feasible_ranges
        from belarus_repression._linked import Pattern
        from belarus_repression._suppress import _table

        values: dict[object, br.Count] = {}
        built = [_table(t, values) for t in linked(grid)]  # type: ignore[arg-type]
        alone = [br.suppress(b) for _, _, b in built]
        hidden = [
            cell
            for (table, _, _), result in zip(built, alone, strict=True)
            for group, cell in table.groups
            if group in result.hidden
        ]
        primary = {c for c in hidden if 0 < values[c].low < 5}
        pattern = Pattern(frozenset(primary), frozenset(hidden) - primary, frozenset())
        leaks = feasible_ranges([t for t, _, _ in built], values, pattern, 5)  # type: ignore[arg-type]
        assert [(3, 3), (40, 40), (2, 2), (15, 15)] == [r.full[0] for r in leaks]
        together = br.suppress(linked(grid), k=5)
        assert [] == exposed(together)

    def test_labels_that_would_give_a_cell_away_unlist_its_table(self) -> None:
        # hidden, the men (<3) and the women (suppressed: 3 or more) of 4 people (2 and 2
        # by region, both <3) leave one value: 1 man. The gender table lists no groups.
        by_gender = breakdown("gender", {"female": 3, "male": 1})
        result = br.suppress([by_gender, breakdown("region", {"brest": 2, "homiel": 2})], k=3)
        assert [] == list(result[0])
        assert ["<3", "<3", "suppressed"] == [result[1].label(g) for g in ("brest", "homiel", None)]
        assert [] == exposed(result)

    def test_a_table_inside_a_small_cell_shows_its_total_alone(self) -> None:
        # 2 people, a woman and a man: each "<3" with a "<3" total would say 1 and 1
        people = [("female", "brest", frozenset[str]()), ("male", "brest", frozenset[str]())]
        result = br.suppress(published(people, nested=True), k=3)  # type: ignore[arg-type]
        assert [[] for _ in result] == [list(t) for t in result]
        assert ["<3"] * 5 == [t.label() for t in result]
        assert [] == exposed(result)

    def test_tables_must_count_the_same_people(self) -> None:
        with pytest.raises(ValueError, match="do not count the same people"):
            br.suppress([breakdown("gender", {"male": 10}), breakdown("region", {"brest": 11})])

    def test_where_names_single_valued_keys_only(self) -> None:
        with pytest.raises(ValueError, match="several role groups"):
            br.suppress([({"role": "journalist"}, breakdown("gender", {"male": 10}))])
        with pytest.raises(ValueError, match="cannot be of the people of one gender"):
            br.suppress([({"gender": "male"}, breakdown("gender", {"male": 10}))])

    def test_bounded_counts_are_protected_in_both_bounds(self) -> None:
        b = br.Breakdown(
            "gender",
            {"female": br.Count(1, 2), "male": br.Count(60, 64), "unknown": br.Count(2, 2)},
            br.Count(63, 68),
            True,
        )
        result = br.suppress([b])
        assert [] == exposed(result)
        assert {"female", "unknown"} == result[0].primary

    def test_the_audit_names_the_extra_it_needs(self, monkeypatch: pytest.MonkeyPatch) -> None:
        result = br.suppress([breakdown("gender", {"female": 1, "male": 120, "unknown": 1})])
        monkeypatch.setitem(sys.modules, "scipy", None)
        monkeypatch.setitem(sys.modules, "scipy.optimize", None)
        with pytest.raises(ImportError, match=r"belarus-repression\[publish\]"):
            result.audit()
        grid = {("female", "r0"): 3, ("male", "r0"): 20, ("female", "r1"): 9, ("male", "r1"): 9}
        with pytest.raises(ImportError, match=r"belarus-repression\[publish\]"):
            br.suppress(linked(grid))

    @SLOW_OK
    @given(
        st.lists(
            st.sampled_from(["female", "male", "unknown"]), min_size=2, max_size=3, unique=True
        ),
        st.integers(2, 4),
        st.data(),
        st.integers(3, 6),
    )
    def test_lp_finds_nothing_exposed_in_a_table_with_its_margins(
        self, genders: list[str], n_regions: int, data: st.DataObject, k: int
    ) -> None:
        cell = st.sampled_from([0, 0, 1, 1, 2, 3, 4, 5, 6, 8, 10, 15, 30, 100])
        grid = {(g, f"r{r}"): data.draw(cell) for g in genders for r in range(n_regions)}
        result = br.suppress(linked(grid), k=k)
        audit = result.audit()
        assert [] == [a for a in audit if not a.protected]
        for table in result:
            shown = [table[g] for g in table if table[g] is not None]
            assert all(c == 0 or c.low >= k for c in shown)
            assert all(table.label(g) == "suppressed" for g in table.secondary)
        small = {(a.table, a.group) for a in audit if a.label == f"<{k}"}
        assert all(0 < a.count.low < k for a in audit if (a.table, a.group) in small)


PEOPLE = st.lists(
    st.tuples(
        st.sampled_from(["female", "male", "unknown"]),
        st.sampled_from(["brest", "homiel", "minsk_city", "unknown"]),
        st.frozensets(st.sampled_from(["journalist", "lawyer", "student"]), max_size=2),
    ),
    max_size=60,
)


def published(people: list[tuple[str, str, frozenset[str]]], nested: bool) -> list[object]:
    """The tables a report publishes of some people: by gender, region and role (and nested)."""

    def count(by: str, values: list[str], partitions: bool = True) -> br.Breakdown:
        return breakdown(by, dict(Counter(values)), partitions)

    roles = count("role", [r for _, _, rs in people for r in rs or ["unknown"]], False)
    roles = attrs.evolve(roles, total=br.Count(len(people), len(people)))
    tables: list[object] = [
        count("gender", [g for g, _, _ in people]),
        count("region", [r for _, r, _ in people]),
        roles,
    ]
    if nested:
        for gender in sorted({g for g, _, _ in people}):
            regions = [r for g, r, _ in people if g == gender]
            tables.append(({"gender": gender}, count("region", regions)))
    return tables


class TestMicrodata:
    """Tables counted from generated people, linked by totals and nesting: LP finds none exposed."""

    @SLOW_OK
    @given(PEOPLE, st.booleans(), st.integers(3, 6))
    def test_lp_finds_nothing_exposed(
        self, people: list[tuple[str, str, frozenset[str]]], nested: bool, k: int
    ) -> None:
        result = br.suppress(published(people, nested), k=k)  # type: ignore[arg-type]
        assert [] == exposed(result)


class TestReport:
    """The report's ``--min-cell`` hides its linked rows together."""

    def test_few_political_prisoners_hide_the_women_and_journalists_too(self) -> None:
        persons = (
            br.Person(
                "syn-p-1",
                gender="female",
                roles=["journalist"],
                recognition="recognized",
                recognized=D("2021-01-01"),
            ),
        )
        custody = (br.CustodySpell("syn-s-1", "syn-p-1", D("2020-10-01")),)
        ds = br.Dataset(A, persons=persons, custody=custody, synthetic=True)
        report = br.headline(ds, br.reported_figures(), min_cell=5)
        assert [None, None, None] == [r.computed for r in report[:3]]
        assert ["<5", "<5", "<5"] == [r.hidden_as for r in report[:3]]
        assert br.Count(0, 0) == report[3].computed
        line = next(x for x in format_table(report).splitlines() if x.startswith("political"))
        assert "<5" in line

    def test_a_small_group_of_many_prisoners_is_hidden_alone(self) -> None:
        ds = br.synthetic()
        report = br.headline(ds, br.reported_figures(), min_cell=40)
        assert ["  of them journalists"] == [
            r.label for r in report if r.computed is None and r.label.startswith("  ")
        ]
        assert br.Count(1184, 1184) == report[0].computed

    def test_min_cell_is_at_least_3(self) -> None:
        with pytest.raises(ValueError, match="at least 3"):
            br.headline(br.synthetic(), br.reported_figures(), min_cell=2)

    def test_command(self) -> None:
        from belarus_repression.cli import main

        out = io.StringIO()
        assert 0 == main(["report", "--min-cell", "10"], out)
        lines = out.getvalue().splitlines()
        assert any(line.startswith("deaths in custody") and "<10" in line for line in lines)


# -- pseudonymisation -----------------------------------------------------------------------


def signature(ds: br.Dataset, person: br.Person) -> tuple[Hashable, ...]:
    """Everything someone who knows a person can match on, as the dataset publishes it."""

    def b(date: br.PartialDate | None) -> tuple[dt.date, dt.date] | None:
        return None if date is None else (date.earliest, date.latest)

    def key(value: object) -> str:
        return repr(value)

    spells = sorted(
        ((b(s.start), b(s.end), s.pardon_wave) for s in ds.spells_of(person.id)), key=key
    )
    verdicts = sorted(((b(c.verdict), b(c.appeal)) for c in ds.convictions_of(person.id)), key=key)
    observed = sorted(
        ((o.kind, b(o.start), b(o.end)) for o in ds.observations_of(person.id)), key=key
    )
    return (
        person.gender,
        b(person.birth),
        person.region,
        b(person.recognized),
        tuple(spells),
        tuple(verdicts),
        tuple(observed),
    )


@pytest.fixture(scope="module")
def ds() -> br.Dataset:
    return br.synthetic()


@pytest.fixture(scope="module")
def result(ds: br.Dataset) -> br.Pseudonymized:
    return br.pseudonymize(ds, "a secret", k=5)


def replicated(ds: br.Dataset, k: int) -> br.Dataset:
    """*k* copies of each person of *ds*, with everything of theirs."""
    copies: dict[str, list[object]] = {
        "persons": [],
        "convictions": [],
        "custody": [],
        "observations": [],
    }
    for i in range(k):
        copies["persons"] += [attrs.evolve(p, id=f"{p.id}~{i}") for p in ds.persons]
        for table in ("convictions", "custody", "observations"):
            copies[table] += [
                attrs.evolve(r, id=f"{r.id}~{i}", person_id=f"{r.person_id}~{i}")
                for r in getattr(ds, table)
            ]
    return br.Dataset(
        ds.as_of, sources=ds.sources, pardon_waves=ds.pardon_waves, figures=ds.figures, **copies
    )  # type: ignore[arg-type]


class TestPseudonymizeResistsLinkage:
    """Every combination of quasi-identifiers is shared by k people; records are shuffled."""

    def test_every_signature_is_shared_by_k_people(self, result: br.Pseudonymized) -> None:
        out = result.dataset
        sizes = Counter(signature(out, p) for p in out.persons)
        small = sorted(p.id for p in out.persons if sizes[signature(out, p)] < 5)
        assert list(result.could_not) == small
        assert len(small) < 0.01 * len(out.persons)

    def test_no_one_ever_held_is_unique_on_the_named_sets(self, result: br.Pseudonymized) -> None:
        named = ("gender, birth year, region, arrest day", "arrest day, verdict day")
        assert all(result.unique_before[n] > 0.5 for n in named)
        assert [0.0, 0.0] == [result.unique_after[n] for n in named]
        assert "5-anonymous" in str(result)

    def test_dates_cover_at_least_their_month_and_birth_its_age_band(
        self, ds: br.Dataset, result: br.Pseudonymized
    ) -> None:
        import hashlib
        import hmac

        def ps(value: str) -> str:
            return "ps-" + hmac.new(b"a secret", value.encode(), hashlib.sha256).hexdigest()[:16]

        out = result.dataset
        for spell in ds.custody:
            shown = out.spell_by_id[ps(spell.id)].start
            first = spell.start.earliest.replace(day=1)
            last = (spell.start.latest.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            assert shown.earliest <= first
            assert shown.latest >= min(last - dt.timedelta(days=1), out.as_of)
        assert all(p.names == () and p.id.startswith("ps-") for p in out.persons)
        assert all(p.birth is None or p.birth.span_days > 365 for p in out.persons)
        levels = result.generalised
        assert sum(levels["arrest"].values()) == len({s.person_id for s in ds.custody})
        assert ["month", "quarter", "year", "period"] == list(levels["arrest"])
        assert ["age band", "removed"] == list(levels["birth"])

    def test_records_are_shuffled_by_the_key(
        self, ds: br.Dataset, result: br.Pseudonymized
    ) -> None:
        ids = [p.id for p in result.dataset.persons]
        assert sorted(ids) == ids
        again = br.pseudonymize(ds, "a secret", k=5).dataset
        other = br.pseudonymize(ds, "another secret", k=5).dataset
        assert again == result.dataset
        assert [p.gender for p in other.persons] != [p.gender for p in result.dataset.persons]
        assert [p.gender for p in ds.persons] != [p.gender for p in result.dataset.persons]

    def test_key_and_k_are_checked(self, ds: br.Dataset) -> None:
        with pytest.raises(ValueError, match="secret key"):
            br.pseudonymize(ds, "")
        with pytest.raises(ValueError, match="at least 2"):
            br.pseudonymize(ds, "k", k=1)


class TestPseudonymizeKeepsAggregates:
    """The aggregates the docstring names are unchanged; every other count brackets the truth."""

    @SLOW_OK
    @given(brst.datasets(max_persons=6), st.integers(2, 5), st.data())
    def test_kept_and_bracketed(self, ds: br.Dataset, k: int, data: st.DataObject) -> None:
        out = br.pseudonymize(ds, "k", k=k)
        ps = out.dataset
        day = ds.as_of
        for recognized_only in (False, True):
            assert br.in_custody(ds, day, recognized_only=recognized_only) == br.in_custody(
                ps, day, recognized_only=recognized_only
            )
            for by in ("gender", "role", "recognition", "article", "sentence_kind", "citizenship"):
                assert dict(br.in_custody(ds, day, recognized_only=recognized_only, by=by)) == dict(
                    br.in_custody(ps, day, recognized_only=recognized_only, by=by)
                )
        for count in (br.convictions, br.releases, br.deaths_in_custody):
            assert count(ds) == count(ps)
            assert dict(count(ds, by="gender")) == dict(count(ps, by="gender"))
        assert dict(br.convictions(ds, by="article")) == dict(br.convictions(ps, by="article"))
        assert br.pardons(ds).low == br.pardons(ps).low
        if out.generalised["pardon_wave"]["removed"] == 0:
            assert br.pardons(ds) == br.pardons(ps)
        assert Counter(p.gender for p in ds.persons) == Counter(p.gender for p in ps.persons)
        assert Counter(s.end_reason for s in ds.custody) == Counter(
            s.end_reason for s in ps.custody
        )
        # anything else brackets the truth
        other = data.draw(st.dates(dt.date(2020, 1, 1), ds.as_of))
        start = data.draw(st.dates(dt.date(2020, 1, 1), ds.as_of))
        for true, shown in (
            (br.in_custody(ds, other), br.in_custody(ps, other)),
            (br.convictions(ds, start), br.convictions(ps, start)),
            (br.releases(ds, start), br.releases(ps, start)),
            (br.pardons(ds, start), br.pardons(ps, start)),
        ):
            assert shown.low <= true.low
            assert true.high <= shown.high

    @SLOW_OK
    @given(brst.datasets(max_persons=4, exact_dates=True))
    def test_month_aggregates_are_exact_where_everyone_reaches_the_month(
        self, ds: br.Dataset
    ) -> None:
        many = replicated(ds, 3)
        out = br.pseudonymize(many, "k", k=3)
        assert () == out.could_not
        assert all(
            set(levels) <= {"month", "kept", "age band"}
            for levels in ({k for k, n in v.items() if n} for v in out.generalised.values())
        )
        a = br.time_series(many, "2020-01-01", freq="month")
        b = br.time_series(out.dataset, "2020-01-01", freq="month")
        assert a.to_rows() == b.to_rows()
        for year in range(2020, ds.as_of.year + 1):
            start = dt.date(year, 1, 1)
            end = min(dt.date(year + 1, 1, 1), ds.as_of + dt.timedelta(days=1))
            assert br.convictions(many, start, end) == br.convictions(out.dataset, start, end)
        assert dict(br.in_custody(many, ds.as_of, by="age_group")) == dict(
            br.in_custody(out.dataset, ds.as_of, by="age_group")
        )
