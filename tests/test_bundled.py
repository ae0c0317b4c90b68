from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import belarus_repression as br

ROOT = Path(__file__).parent.parent
REFERENCE = ROOT.parent / "shared" / "reference"
DATA = ROOT / "src" / "belarus_repression" / "data"


class TestPublishedFigures:
    """Every bundled figure carries its source, its qualifier and its date as vague as given."""

    def test_every_figure_has_a_source(self) -> None:
        figures = br.reported_figures()
        assert len(figures) >= 30
        for figure in figures:
            source = figures.source_of(figure)
            assert source.name.strip()

    def test_headline_figures_of_2025_08_01(self) -> None:
        figures = br.reported_figures()
        found = {
            (f.metric.value, f.filter, f.qualifier.value): f.value
            for f in figures
            if str(f.as_of) == "2025-08-01"
        }
        assert 1184 == found[("political_prisoners", (), "exact")]
        assert 175 == found[("political_prisoners", (("gender", "female"),), "exact")]
        assert 37 == found[("political_prisoners", (("role", "journalist"),), "exact")]
        assert 7239 == found[("convictions", (), "exact")]
        assert 8 == found[("deaths_in_custody", (), "at_least")]

    def test_vague_dates_stay_vague(self) -> None:
        dates = {str(f.as_of) for f in br.reported_figures()}
        assert {"2022-02", "2020-12~", "2023-11-20?", "2024-07~"} <= dates

    def test_select(self) -> None:
        women = br.reported_figures().select("political_prisoners", gender="female")
        assert all(f.filter == (("gender", "female"),) for f in women)
        assert 3 <= len(women)

    def test_loaded_once(self) -> None:
        assert br.reported_figures().figures is br.reported_figures().figures


class TestPardonWaves:
    """Pardon waves keep their announced counts and sources."""

    def test_waves(self) -> None:
        waves = br.pardon_waves()
        sources = br.bundled_sources()
        assert 15 == len(waves)
        assert all(w.sources and all(s in sources for s in w.sources) for w in waves)
        first = waves[0]
        assert "2024-07~" == str(first.date)
        assert 18 == first.announced_count


class TestCriminalCode:
    """Articles are looked up by number, with parts and preparation."""

    @pytest.mark.parametrize(
        ("text", "title"),
        [
            ("361-1", "Creation of an extremist formation"),
            ("342", "Organization and preparation of actions"),
            ("293 p.2", "Participation in riots"),
            ("342 p.1", "Organization and preparation of actions"),
            ("293 p.1 (preparation)", "Preparation for mass riots"),
        ],
    )
    def test_lookup(self, text: str, title: str) -> None:
        assert br.article(text).title_en.startswith(title)

    def test_unknown_article(self) -> None:
        with pytest.raises(LookupError, match="unknown article '999'"):
            br.article("999")

    def test_russian_titles_are_marked_unverified(self) -> None:
        assert not any(a.title_ru_verified for a in br.criminal_code())
        assert "art. 361-1: Creation" in str(br.article("361-1"))


@pytest.mark.skipif(
    not REFERENCE.is_dir(), reason="the reference material is not beside the repository"
)
class TestRebuild:
    """The script rebuilds the shipped files from the reference material, identically."""

    def test_rebuild_is_identical(self, tmp_path: Path) -> None:
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "scripts" / "build_data.py"),
                "--reference",
                str(REFERENCE),
                "--out",
                str(tmp_path),
            ],
            check=True,
            capture_output=True,
        )
        for name in ("published.json", "criminal_code.json"):
            assert (DATA / name).read_text(encoding="utf-8") == (tmp_path / name).read_text(
                encoding="utf-8"
            ), name
