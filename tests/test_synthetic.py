from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

import belarus_repression as br

A = dt.date(2025, 8, 1)
REFERENCE = Path(__file__).parent.parent.parent / "shared" / "reference"


@pytest.fixture(scope="module")
def ds() -> br.Dataset:
    return br.synthetic()


class TestCalibration:
    """On 2025-08-01 the synthetic data reproduces Viasna's published figures."""

    def test_political_prisoners(self, ds: br.Dataset) -> None:
        assert br.Count(1184, 1184) == br.in_custody(ds, A, recognized_only=True)
        assert br.Count(175, 175) == br.in_custody(
            ds, A, recognized_only=True, where={"gender": "female"}
        )
        assert br.Count(37, 37) == br.in_custody(
            ds, A, recognized_only=True, where={"role": "journalist"}
        )

    def test_flows(self, ds: br.Dataset) -> None:
        assert br.Count(7239, 7239, A) == br.convictions(ds, "2020-01-01")
        assert 330 in br.pardons(ds, "2024-08-01", "2025-08-01")
        assert br.deaths_in_custody(ds, "2020-01-01").low >= 8

    def test_observations(self, ds: br.Dataset) -> None:
        assert br.observed(ds, "serious_illness", A).low >= 164
        assert br.observed(ds, "incommunicado", A).low >= 8

    def test_monthly_counts_follow_every_dated_viasna_count(self, ds: br.Dataset) -> None:
        series = br.time_series(ds, "2021-01-01", freq="month", recognized_only=True)
        by_month = {(row.start.year, row.start.month): row.held for row in series}
        checked = 0
        for figure in br.reported_figures().select("political_prisoners"):
            counted_by = figure.counted_by or ""
            if not counted_by.startswith("Viasna") or figure.filter:
                continue
            if figure.as_of.earliest.year < 2021 or figure.as_of.latest > A:
                continue
            held = by_month[(figure.as_of.earliest.year, figure.as_of.earliest.month)]
            for bound in (held.low, held.high):
                assert abs(bound - figure.value) <= 0.1 * figure.value, (figure.as_of, held)
            checked += 1
        assert checked >= 10

    def test_report_is_consistent_with_every_figure_of_the_day(self, ds: br.Dataset) -> None:
        report = br.headline(ds, br.reported_figures())
        assert [br.Verdict.CONSISTENT] * len(report) == [
            r.reconciled.verdict for r in report if r.reconciled
        ]
        assert 8 == len(report)


class TestSynthetic:
    """Deterministic, unmistakably synthetic, and as messy as real data."""

    def test_deterministic(self, ds: br.Dataset, tmp_path: Path) -> None:
        br.synthetic.cache_clear()
        again = br.synthetic()
        assert ds == again
        assert ds is not again
        br.save(ds, tmp_path / "a.json")
        br.save(again, tmp_path / "b.json")
        assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()

    def test_seed_changes_the_people_not_the_calibration(self, ds: br.Dataset) -> None:
        other = br.synthetic(seed=1)
        assert other != ds
        assert br.Count(1184, 1184) == br.in_custody(other, A, recognized_only=True)

    def test_marked_synthetic(self, ds: br.Dataset) -> None:
        assert ds.synthetic
        assert all(p.synthetic and p.id.startswith("syn-") for p in ds.persons)
        for table in ("convictions", "custody", "observations", "pardon_waves"):
            assert all(r.id.startswith("syn-") for r in getattr(ds, table)), table

    @pytest.mark.skipif(
        not REFERENCE.is_dir(), reason="no reference material beside the repository"
    )
    def test_no_real_names(self, ds: br.Dataset) -> None:
        text = " ".join(p.read_text(encoding="utf-8") for p in REFERENCE.glob("*") if p.is_file())
        real_surnames = set(
            re.findall(r"\b[A-Z][a-z]+(?:ski|skaya|enka|ovich|evich|chyk|ava|au)\b", text)
        )
        ours = {
            name.family for p in ds.persons for name in p.names if name.script is br.Script.LATIN
        }
        assert real_surnames
        assert set() == ours & real_surnames

    def test_messiness(self, ds: br.Dataset) -> None:
        spells = ds.custody
        assert any(not s.start.is_exact for s in spells)
        assert any(s.end is not None and s.end.precision is br.Precision.RANGE for s in spells)
        assert any(len(p.names) == 3 for p in ds.persons)
        assert any(len(p.names) == 1 for p in ds.persons)
        scripts = {(n.lang, n.script) for p in ds.persons for n in p.names}
        assert {
            ("be", br.Script.LATIN),
            ("be", br.Script.CYRILLIC),
            ("ru", br.Script.CYRILLIC),
        } <= scripts
        assert any(c.in_absentia for c in ds.convictions)
        kinds = {c.sentence.kind for c in ds.convictions if c.sentence}
        assert {
            br.SentenceKind.FINE,
            br.SentenceKind.SUSPENDED,
            br.SentenceKind.IMPRISONMENT,
        } <= kinds
        pardoned = br.pardons(ds, "2024-08-01", A)
        assert pardoned.high > pardoned.low  # unnamed members of announced waves
        assert any(p.recognition is br.Recognition.NOT_RECOGNIZED for p in ds.persons)
        assert any(
            o.kind is br.ObservationKind.SERIOUS_ILLNESS and o.conditions for o in ds.observations
        )

    def test_scale(self) -> None:
        double = br.synthetic(scale=2)
        assert br.Count(2368, 2368) == br.in_custody(double, A, recognized_only=True)
        assert 14478 == br.convictions(double, "2020-01-01").low

    def test_other_as_of(self) -> None:
        early = br.synthetic(as_of=dt.date(2023, 4, 28))
        assert early.as_of == dt.date(2023, 4, 28)
        assert br.Count(1500, 1500) == br.in_custody(early, early.as_of, recognized_only=True)

    @pytest.mark.parametrize(
        ("kwargs", "match"), [({"scale": 0}, "scale"), ({"as_of": dt.date(2020, 8, 20)}, "as_of")]
    )
    def test_bad_arguments(self, kwargs: dict[str, object], match: str) -> None:
        with pytest.raises(ValueError, match=match):
            br.synthetic(**kwargs)  # type: ignore[arg-type]

    def test_round_trips(self, ds: br.Dataset, tmp_path: Path) -> None:
        br.save(ds, tmp_path / "syn.zip")
        assert ds == br.load(tmp_path / "syn.zip")
