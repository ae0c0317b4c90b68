"""Part of a dataset (``Dataset.subset``) and who is held on a day (``held_on``)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

import belarus_repression as br
from belarus_repression import strategies as brst

AS_OF = dt.date(2025, 8, 1)
datasets = brst.datasets(max_persons=5, as_of=st.just(AS_OF))
days = st.dates(dt.date(2020, 1, 1), AS_OF)
filters = st.sampled_from(
    [None, {"gender": "female"}, {"region": "unknown"}, {"role": ["journalist", "lawyer"]}]
)


def spells_dataset() -> br.Dataset:
    return br.Dataset(
        "2025-08-01",
        sources=[br.Source("syn-src-1", "A synthetic list"), br.Source("syn-src-2", "Another")],
        persons=[
            br.Person("syn-p-1", gender="female", sources=["syn-src-1"]),
            br.Person("syn-p-2", gender="male", sources=["syn-src-2"]),
            br.Person("syn-p-3", gender="male"),
        ],
        custody=[
            br.CustodySpell("syn-s-1", "syn-p-1", "2021-03-02"),
            br.CustodySpell("syn-s-2", "syn-p-2", "2021-03", "2023-01-10", "sentence_served"),
            br.CustodySpell("syn-s-3", "syn-p-3", "2024-05-01", "2024-07-03", "pardon", False, "w"),
        ],
        pardon_waves=[br.PardonWave("w", "2024-07-03", announced_count=18)],
    )


class TestHeldOn:
    """held_on names the people behind in_custody's low and high."""

    def test_certain_and_possible(self) -> None:
        held = br.held_on(spells_dataset(), "2021-03-01")
        assert ["syn-p-2"] == [p.id for p in held.possibly]
        assert [] == [p.id for p in held.certainly]
        assert ["syn-p-2"] == [p.id for p in held.only_possibly]
        assert br.Count(0, 1) == held.count
        assert [{"person_id": "syn-p-2", "name": None, "certainly": False}] == held.to_rows()

    def test_filters_and_day_forms(self) -> None:
        held = br.held_on(spells_dataset(), dt.datetime(2022, 1, 1, 9), where={"gender": "Male"})
        assert ["syn-p-2"] == [p.id for p in held.certainly]
        with pytest.raises(br.UnknownKeyError):
            br.held_on(spells_dataset(), "2022-01-01", where={"gender": "men"})
        with pytest.raises(br.HorizonError):
            br.held_on(spells_dataset(), "2025-08-02")

    @given(datasets, days, filters, st.booleans())
    def test_lengths_are_the_count(
        self, ds: br.Dataset, day: dt.date, where: object, recognized_only: bool
    ) -> None:
        held = br.held_on(ds, day, where=where, recognized_only=recognized_only)  # type: ignore[arg-type]
        count = br.in_custody(ds, day, where=where, recognized_only=recognized_only)  # type: ignore[arg-type]
        assert (count.low, count.high) == (len(held.certainly), len(held.possibly))
        assert {p.id for p in held.certainly} <= {p.id for p in held.possibly}


class TestSubset:
    """A subset is a valid dataset that keeps what its records refer to."""

    def test_keeps_what_is_referred_to(self) -> None:
        part = spells_dataset().subset(["syn-p-1"])
        assert ["syn-p-1"] == [p.id for p in part.persons]
        assert ["syn-s-1"] == [s.id for s in part.custody]
        assert ["syn-src-1"] == [s.id for s in part.sources]
        assert ["w"] == [w.id for w in part.pardon_waves]  # its unnamed members may be here
        assert AS_OF == part.as_of

    def test_people_as_records_and_a_filter(self) -> None:
        ds = spells_dataset()
        part = ds.subset(ds.persons[1:], where={"gender": "male"})
        assert ["syn-p-2", "syn-p-3"] == [p.id for p in part.persons]
        assert ["syn-p-2"] == [
            p.id for p in ds.subset(["syn-p-1", "syn-p-2"], where={"gender": "male"}).persons
        ]

    def test_an_unknown_id_is_an_error(self) -> None:
        with pytest.raises(br.UnknownKeyError, match="syn-p-9"):
            spells_dataset().subset(["syn-p-1", "syn-p-9"])

    def test_pardon_bounds_still_hold(self) -> None:
        ds = spells_dataset()
        whole = br.pardons(ds, "2024-01-01", "2025-01-01")
        part = br.pardons(ds.subset(where={"gender": "male"}), "2024-01-01", "2025-01-01")
        assert br.Count(1, 18) == whole
        assert br.Count(1, 18) == part

    @given(datasets)
    def test_everyone_is_the_dataset(self, ds: br.Dataset) -> None:
        whole = ds.subset()
        assert ds.persons == whole.persons
        assert ds.custody == whole.custody
        assert ds.convictions == whole.convictions

    @given(datasets, days, filters)
    def test_counts_of_a_subset_are_the_filtered_counts(
        self, ds: br.Dataset, day: dt.date, where: object
    ) -> None:
        part = ds.subset(where=where)  # type: ignore[arg-type]
        assert br.in_custody(ds, day, where=where) == br.in_custody(part, day)  # type: ignore[arg-type]
        assert br.in_custody(ds, day, where=where, by="gender") == br.in_custody(
            part, day, by="gender"
        )  # type: ignore[arg-type]
        assert br.releases(ds, where=where) == br.releases(part)  # type: ignore[arg-type]
