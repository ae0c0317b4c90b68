from __future__ import annotations

import datetime as dt
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

import belarus_repression as br
from belarus_repression import strategies as brst

D = br.PartialDate.parse
A = dt.date(2025, 8, 1)


@pytest.fixture(scope="module")
def ds() -> br.Dataset:
    return br.synthetic()


def breakdown(cells: dict[str, int], partitions: bool = True) -> br.Breakdown:
    groups = {g: br.Count(n, n) for g, n in cells.items()}
    total = sum(cells.values())
    return br.Breakdown(
        "gender" if partitions else "role", groups, br.Count(total, total), partitions
    )


class TestDataFrames:
    """One DataFrame per table with proper dtypes; results as DataFrames; Arrow too."""

    def test_dataset_frames(self, ds: br.Dataset) -> None:
        frames = br.to_pandas(ds)
        assert {
            "sources",
            "persons",
            "names",
            "convictions",
            "custody",
            "pardon_waves",
            "observations",
            "figures",
        } == set(frames)
        persons, custody = frames["persons"], frames["custody"]
        assert len(ds.persons) == len(persons)
        assert "category" == str(persons["gender"].dtype)
        assert [g.value for g in br.Gender] == list(persons["gender"].cat.categories)
        assert str(custody["start_earliest"].dtype).startswith("datetime64")
        assert "boolean" == str(custody["expelled"].dtype)
        assert "Int64" == str(frames["convictions"]["sentence_term_years"].dtype)
        partial = custody[custody["start_earliest"] != custody["start_latest"]]
        assert len(partial) == sum(not s.start.is_exact for s in ds.custody)
        assert sum(len(p.names) for p in ds.persons) == len(frames["names"])

    def test_results(self, ds: br.Dataset) -> None:
        by_gender = br.to_pandas(br.in_custody(ds, A, recognized_only=True, by="gender"))
        assert ["female", "male", "total"] == list(by_gender["gender"])
        series = br.to_pandas(br.time_series(ds, "2024-01-01", freq="month"))
        assert {"held_low", "held_high", "entries_low", "exits_low"} <= set(series.columns)
        assert 1 == len(br.to_pandas(br.in_custody(ds, A)))
        assert 8 == len(br.to_pandas(br.headline(ds, br.reported_figures())))
        with pytest.raises(TypeError):
            br.to_pandas(42)

    def test_arrow(self, ds: br.Dataset) -> None:
        tables = br.to_arrow(ds)
        assert len(ds.custody) == tables["custody"].num_rows
        assert "dictionary" in str(tables["custody"].schema.field("end_reason").type)

    def test_missing_extra_is_named(self, ds: br.Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setitem(sys.modules, "pandas", None)
        with pytest.raises(ImportError, match=r"belarus-repression\[pandas\]"):
            br.to_pandas(ds)
        monkeypatch.setitem(sys.modules, "pyarrow", None)
        with pytest.raises(ImportError, match=r"belarus-repression\[arrow\]"):
            br.to_arrow(ds)


class TestPlots:
    """The held-over-time plot shows bounds and published figures; flows plot entries and exits."""

    @pytest.fixture(autouse=True)
    def _agg(self) -> None:
        import matplotlib

        matplotlib.use("Agg")

    def test_held(self, ds: br.Dataset) -> None:
        import matplotlib.pyplot as plt

        series = br.time_series(ds, "2020-08-01", freq="month", recognized_only=True)
        ax = br.plot_held(series, br.reported_figures(), title="synthetic")
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
        assert "published: exactly" in labels
        assert "published: more than" in labels
        markers = [line for line in ax.get_lines() if line.get_marker() not in ("None", None, "")]
        drawable = [
            f
            for f in br.reported_figures()
            if f.metric is br.Metric.POLITICAL_PRISONERS
            and not f.filter
            and series.rows[0].end <= f.as_of.earliest
            and f.as_of.latest <= series.rows[-1].end
        ]
        assert len(drawable) == len(markers)
        plt.close(ax.figure)

    def test_band_where_bounds_differ(self) -> None:
        import matplotlib.pyplot as plt

        persons = (br.Person("p"),)
        custody = (br.CustodySpell("s", "p", D("2021-03")),)
        small = br.Dataset(A, persons=persons, custody=custody)
        ax = br.plot_held(br.time_series(small, "2021-03-01", "2021-03-20", freq="day"))
        assert ax.collections  # the shaded band
        plt.close(ax.figure)

    def test_flows(self, ds: br.Dataset) -> None:
        import matplotlib.pyplot as plt

        ax = br.plot_flows(br.time_series(ds, "2024-01-01", freq="month"))
        assert len(ax.patches) >= 2 * 19
        plt.close(ax.figure)


class TestSuppress:
    """Small cells are hidden, and no hidden cell follows from the total and the others."""

    def test_primary_and_secondary(self) -> None:
        result = br.suppress(breakdown({"female": 3, "male": 40, "unknown": 12}), k=5)
        assert {"female"} == result.primary
        assert {"unknown"} == result.secondary
        assert result["female"] is None
        assert result["unknown"] is None
        assert br.Count(40, 40) == result["male"]
        assert br.Count(55, 55) == result.total
        assert "<5" in str(result)

    def test_zero_is_not_hidden(self) -> None:
        result = br.suppress(breakdown({"female": 0, "male": 40}), k=5)
        assert frozenset() == result.hidden

    def test_multi_valued_keys_need_no_secondary_where_groups_overlap(self) -> None:
        # 20 people, all students, 2 of them journalists: the others tell nothing of these
        cells = {"journalist": br.Count(2, 2), "student": br.Count(20, 20)}
        result = br.suppress(br.Breakdown("role", cells, br.Count(20, 20), False), k=5)
        assert {"journalist"} == result.hidden

    def test_multi_valued_groups_that_cover_the_total_need_one(self) -> None:
        # everyone is in a group at least: 32 people, 30 students, so at least 2 journalists
        result = br.suppress(breakdown({"journalist": 2, "student": 30}, partitions=False), k=5)
        assert {"journalist"} == result.primary
        assert {"student"} == result.secondary

    def test_lone_group_hides_the_total(self) -> None:
        result = br.suppress(breakdown({"female": 3, "male": 0}), k=5)
        assert result.total is None

    def test_rows(self) -> None:
        rows = br.suppress(breakdown({"female": 3, "male": 40, "unknown": 12})).to_rows()
        assert {"gender": "female", "low": None, "high": None, "suppressed": True} == rows[0]

    def test_k_must_be_at_least_3(self) -> None:
        # with k = 2 the label "<2" would say 1
        with pytest.raises(ValueError, match="at least 3"):
            br.suppress(breakdown({"male": 1}), k=2)

    @given(
        st.dictionaries(st.sampled_from(["a", "b", "c", "d", "e"]), st.integers(0, 30), min_size=1),
        st.integers(3, 10),
    )
    def test_no_hidden_value_can_be_derived(self, cells: dict[str, int], k: int) -> None:
        result = br.suppress(breakdown(cells), k=k)
        hidden = result.hidden
        # every shown cell is empty or at least k; every small cell is hidden
        assert all(result[g] is None or cells[g] == 0 or cells[g] >= k for g in cells)
        assert all(g in hidden for g in cells if 0 < cells[g] < k)
        # a hidden cell would follow by subtraction only if it were the only one hidden
        if hidden and result.total is not None:
            assert len(hidden) >= 2
        if result.total is not None:
            assert not 0 < result.total.low < k

    def test_report_min_cell(self) -> None:
        import io

        from belarus_repression.cli import main

        out = io.StringIO()
        assert 0 == main(["report", "--min-cell", "10"], out)
        row = next(
            line for line in out.getvalue().splitlines() if line.startswith("deaths in custody")
        )
        assert "<10" in row


class TestPseudonymize:
    """Keyed, stable pseudonyms; no names or free text; the counts of the as-of day unchanged."""

    def test_pseudonyms(self, ds: br.Dataset) -> None:
        a, b = br.pseudonymize(ds, "secret").dataset, br.pseudonymize(ds, "secret").dataset
        other = br.pseudonymize(ds, b"another secret").dataset
        assert a == b
        assert {p.id for p in a.persons}.isdisjoint({p.id for p in other.persons})
        assert all(p.id.startswith("ps-") and p.names == () for p in a.persons)
        assert all(s.facility is None for s in a.custody)
        assert all(c.judges == () and c.court is None for c in a.convictions)
        assert all(p.birth is None or p.birth.precision is br.Precision.RANGE for p in a.persons)
        assert all(s.url is None for s in a.sources)
        assert {p.id for p in ds.persons}.isdisjoint({p.id for p in a.persons})

    def test_key_is_required(self, ds: br.Dataset) -> None:
        with pytest.raises(ValueError, match="secret key"):
            br.pseudonymize(ds, "")

    def test_headline_counts_are_unchanged(self, ds: br.Dataset) -> None:
        # all but the pardons of the past year, a period that is not a calendar one: the
        # generalised dates leave that one between bounds around the true count
        ps = br.pseudonymize(ds, "secret").dataset
        figures = br.reported_figures()
        before, after = br.headline(ds, figures), br.headline(ps, figures)
        pardoned = [r.label for r in before].index("pardoned in the past year")
        for i, (a, b) in enumerate(zip(before, after, strict=True)):
            assert a.computed is not None
            assert b.computed is not None
            if i == pardoned:
                assert b.computed.low <= a.computed.low <= a.computed.high <= b.computed.high
            else:
                assert a.computed == b.computed

    @given(brst.datasets(max_persons=4), st.data())
    def test_as_of_counts_are_unchanged(self, data_ds: br.Dataset, data: st.DataObject) -> None:
        ps = br.pseudonymize(data_ds, "k", k=2).dataset
        day = data_ds.as_of
        for recognized_only in (False, True):
            assert br.in_custody(data_ds, day, recognized_only=recognized_only) == br.in_custody(
                ps, day, recognized_only=recognized_only
            )
        for by in ("gender", "role", "article", "sentence_kind", "recognition"):
            assert dict(br.in_custody(data_ds, day, by=by)) == dict(br.in_custody(ps, day, by=by))
        assert br.convictions(data_ds) == br.convictions(ps)
        assert br.releases(data_ds) == br.releases(ps)
        assert br.deaths_in_custody(data_ds) == br.deaths_in_custody(ps)
        a = br.time_series(data_ds, "2020-01-01", freq="month")
        b = br.time_series(ps, "2020-01-01", freq="month")
        for before, after in zip(a.rows, b.rows, strict=True):
            assert after.held.low <= before.held.low <= before.held.high <= after.held.high


class TestNotebookDisplay:
    """Results show as HTML tables in notebooks, their text escaped."""

    def test_html(self, ds: br.Dataset) -> None:
        outputs = [
            ds._repr_html_(),
            br.in_custody(ds, A)._repr_html_(),
            br.in_custody(ds, A, by="gender")._repr_html_(),
            br.time_series(ds, "2025-01-01", freq="month")._repr_html_(),
            br.reconcile(ds, br.reported_figures()[:3])._repr_html_(),
            br.suppress(br.in_custody(ds, A, by="region"))._repr_html_(),
            br.headline(ds, br.reported_figures())._repr_html_(),
            br.time_served_summary(ds)._repr_html_(),
        ]
        assert all(o.startswith('<table class="belarus-repression">') for o in outputs)
        assert "synthetic data" in outputs[0]

    def test_escaped(self) -> None:
        b = br.Breakdown("role", {"<script>": br.Count(1, 1)}, br.Count(1, 1), False)
        assert "<script>" not in b._repr_html_()
        assert "&lt;script&gt;" in b._repr_html_()
