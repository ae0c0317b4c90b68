"""Speed of the counting functions against baselines measured in the same run.

Dataset: 150,000 custody spells of 100,000 people, 5% of them with dates known only to the
month.  Measured, each the best of ``--repeat`` runs:

- ``time_series(freq="day")`` over 2,000 days, against (1) a bare sorted sweep: bisection
  over the sorted starts and ends of the spells' (earliest) dates, per day, counting held,
  entries and exits, exact dates only, no bounds, no people, no end reasons; and (2) a naive
  day-by-day scan of every spell, timed on 20 of the days and scaled to 2,000;
- ``in_custody`` on one day, against a bare list-comprehension scan of the spells.

"cold" is the first call on a freshly built dataset (building it runs the integrity rules,
which also index spells by person and list the partly dated ones); "warm" reuses the
per-dataset index that a time series builds, as every later call on the same dataset does.
The list-comprehension scan, too, runs on a freshly built dataset, so that both meet the
same state of the processor's caches.

Targets (issue "Aggregates"): time_series at most 3x the bare sweep and at least 100x
faster than the naive scan; in_custody at most 1.5x the list-comprehension scan.

Usage: ``python benchmarks/bench_counts.py [--repeat 5]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import belarus_repression as br
from _data import make_dataset

DAYS = 2000
START = dt.date(2020, 1, 1)
ON = dt.date(2023, 6, 1)


def fresh(ds: br.Dataset) -> br.Dataset:
    """The same records in a new dataset object, without any cached index."""
    return br.Dataset(ds.as_of, persons=ds.persons, custody=ds.custody, synthetic=True)


def bare_sweep(ds: br.Dataset) -> list[tuple[int, int, int]]:
    starts = sorted(s.start.earliest for s in ds.custody)
    ends = sorted(s.end.earliest for s in ds.custody if s.end is not None)
    out = []
    for i in range(DAYS):
        day = START + dt.timedelta(days=i)
        held = bisect_right(starts, day) - bisect_right(ends, day)
        entered = bisect_right(starts, day) - bisect_left(starts, day)
        left = bisect_right(ends, day) - bisect_left(ends, day)
        out.append((held, entered, left))
    return out


def naive_scan(ds: br.Dataset, days: int) -> list[int]:
    out = []
    for i in range(days):
        day = START + dt.timedelta(days=i * (DAYS // days))
        out.append(
            sum(
                1
                for s in ds.custody
                if s.start.earliest <= day and (s.end is None or day < s.end.earliest)
            )
        )
    return out


def list_scan(ds: br.Dataset) -> int:
    return sum(
        1 for s in ds.custody if s.start.earliest <= ON and (s.end is None or ON < s.end.earliest)
    )


def best_of(
    repeat: int, fn: Callable[[], object], setup: Callable[[], object] | None = None
) -> float:
    times = []
    for _ in range(repeat):
        arg = setup() if setup else None
        start = time.perf_counter()
        fn() if arg is None else fn(arg)  # type: ignore[call-arg]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    ds = make_dataset(100_000, 10, 150_000, partial_share=0.026)
    end = START + dt.timedelta(days=DAYS)
    assert end <= ds.as_of + dt.timedelta(days=1)
    partial = sum(
        not s.start.is_exact or (s.end is not None and not s.end.is_exact) for s in ds.custody
    )
    print(
        f"{len(ds.custody):,} custody spells of {len(ds.persons):,} people; "
        f"{partial:,} with a partial date"
    )

    r = args.repeat
    results = {
        "time_series daily, cold": best_of(
            r, lambda d: br.time_series(d, START, end, "day"), lambda: fresh(ds)
        ),
        "time_series daily, warm": best_of(r, lambda: br.time_series(ds, START, end, "day")),
        "bare sorted sweep": best_of(r, lambda: bare_sweep(ds)),
        "naive scan, 20 days x 100": 100 * best_of(1, lambda: naive_scan(ds, 20)),
        "in_custody, cold": best_of(r, lambda d: br.in_custody(d, ON), lambda: fresh(ds)),
        "in_custody, warm": best_of(r, lambda: br.in_custody(ds, ON)),
        "list-comprehension scan": best_of(r, list_scan, lambda: fresh(ds)),
    }
    print(f"\n| measurement | best of {r} (ms) |\n|---|---:|")
    for name, seconds in results.items():
        print(f"| {name} | {seconds * 1000:.1f} |")
    sweep = results["bare sorted sweep"]
    scan = results["list-comprehension scan"]
    ratios = [
        ("time_series cold / bare sweep", results["time_series daily, cold"] / sweep, "<= 3"),
        ("time_series warm / bare sweep", results["time_series daily, warm"] / sweep, "<= 3"),
        (
            "naive scan / time_series cold",
            results["naive scan, 20 days x 100"] / results["time_series daily, cold"],
            ">= 100",
        ),
        ("in_custody cold / list scan", results["in_custody, cold"] / scan, "<= 1.5"),
        ("in_custody warm / list scan", results["in_custody, warm"] / scan, "<= 1.5"),
    ]
    print("\n| ratio | measured | target |\n|---|---:|---|")
    for name, value, target in ratios:
        print(f"| {name} | {value:.3g} | {target} |")
    # sanity: the sweep's count (earliest dates) lies within the library's bounds every day
    series = br.time_series(ds, START, end, "day")
    for row, (held, _, _) in zip(series.rows, bare_sweep(ds), strict=True):
        assert row.held.low <= held <= row.held.high, row


if __name__ == "__main__":
    main()
