"""Large synthetic datasets for the benchmarks (no real person: ids and names are invented)."""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable

import belarus_repression as br
from belarus_repression import _converter

FIRST = dt.date(2020, 8, 9)
AS_OF = dt.date(2025, 8, 1)
GIVEN = ["Aliaksandr", "Siarhei", "Mikalai", "Volha", "Hanna", "Maryia", "Ihar", "Yauhen"]
FAMILY = ["Syntetyk", "Prykladau", "Testavich", "Uzornik", "Madeleu"]


def _day(rng: random.Random, low: dt.date, high: dt.date) -> dt.date:
    return low + dt.timedelta(days=rng.randrange((high - low).days + 1))


def _date(rng: random.Random, low: dt.date, high: dt.date, partial_share: float) -> br.PartialDate:
    day = _day(rng, low, high)
    if rng.random() < partial_share and day.replace(day=1) >= low:
        last = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        if last <= high:
            return br.PartialDate.month(day.year, day.month)
    return br.PartialDate.day(day)


def make_dataset(
    n_persons: int = 100_000,
    n_convictions: int = 150_000,
    n_spells: int = 150_000,
    partial_share: float = 0.05,
    seed: int = 0,
) -> br.Dataset:
    """A consistent dataset of the given size; *partial_share* of its dates are months."""
    rng = random.Random(seed)
    persons = [
        br.Person(
            f"syn-p-{i}",
            names=(br.Name(rng.choice(GIVEN), rng.choice(FAMILY)),),
            gender=rng.choice([br.Gender.FEMALE, br.Gender.MALE, br.Gender.UNKNOWN]),
            birth=br.PartialDate.year(rng.randrange(1950, 2004)),
            region=rng.choice(list(br.Region)),
            roles=frozenset(rng.sample(list(br.Role), rng.randrange(0, 2))),
            recognition=br.Recognition.RECOGNIZED,
            synthetic=True,
        )
        for i in range(n_persons)
    ]
    spells = []
    per_person = [n_spells // n_persons + (i < n_spells % n_persons) for i in range(n_persons)]
    for i, count in enumerate(per_person):
        low = FIRST
        for k in range(count):
            if low >= AS_OF - dt.timedelta(days=40):
                break
            window = (AS_OF - low).days // (count - k)
            high = low + dt.timedelta(days=max(1, window // 2))
            start = _date(rng, low, high, partial_share)
            open_ = k == count - 1 and rng.random() < 0.3
            end = None
            reason = None
            if not open_:
                end = _date(
                    rng,
                    start.latest + dt.timedelta(days=1),
                    min(AS_OF, start.latest + dt.timedelta(days=window)),
                    partial_share,
                )
                reason = rng.choice(
                    [br.EndReason.SENTENCE_SERVED, br.EndReason.EARLY_RELEASE, br.EndReason.UNKNOWN]
                )
                low = end.latest + dt.timedelta(days=1)
            spells.append(br.CustodySpell(f"syn-s-{i}-{k}", f"syn-p-{i}", start, end, reason))
    sentence = br.Sentence(br.SentenceKind.IMPRISONMENT, br.Term(3, 6), br.Regime.GENERAL)
    convictions = [
        br.Conviction(
            f"syn-c-{j}",
            f"syn-p-{j % n_persons}",
            verdict=_date(rng, dt.date(2021, 1, 1), AS_OF, partial_share),
            articles=(br.ArticleRef("342"), br.ArticleRef("361-1", 1)),
            sentence=sentence,
            judges=("Judge Syntetyk",),
            in_absentia=True,
        )
        for j in range(n_convictions)
    ]
    return br.Dataset(
        AS_OF,
        persons=tuple(persons),
        convictions=tuple(convictions),
        custody=tuple(spells),
        synthetic=True,
    )


def best_of(repeat: int, fn: Callable[[], object]) -> float:
    """The best time of *repeat* runs, each with the library's cached date parser cleared."""
    times = []
    for _ in range(repeat):
        _converter._parse_cached.cache_clear()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)
