"""How well the estimators of ``estimate_total`` find a known total: bias, RMSE, coverage.

Each scenario draws lists from the synthetic population that ``synthetic_lists`` uses by
default (the 1,708 people of ``synthetic(0)`` certainly held on 2023-01-01: the truth), with
chosen capture chances, list dependence (log odds ratios between pairs of lists) and
heterogeneity (the standard deviation of people's shared catchability, log-odds scale), and
estimates the total from the true capture histories (perfect linkage: the linking itself is
tested elsewhere) with every estimator that applies:

- ``LP``, ``Chapman``: Lincoln–Petersen and Chapman, on the first two lists;
- ``LL indep``: the log-linear independence model alone;
- ``LL AIC``, ``LL BIC``: the log-linear model chosen by AIC or BIC among every identifiable
  set of two-way interactions, with its profile-likelihood interval;
- ``LL avg``: the Akaike-weighted average of all of them, with its model-averaged interval
  (the default of ``estimate_total``).

Per estimator and scenario: the mean relative bias, the RMSE, the coverage of the 95%
interval (the share of trials whose interval holds the truth), the median width of the
interval, and the trials refused (too little overlap).  "holds" marks the estimators whose
assumptions hold in the scenario (the target there: coverage at least 0.93).

The draws are ``synthetic_lists``'s own (``draw_patterns``, the function it calls); the
benchmark checks, for each scenario, that the first trial's table is exactly what
``synthetic_lists(seed)`` gives, and then skips building the list datasets, which the
estimators do not need.

Usage: ``python benchmarks/bench_estimate.py [--trials 500] [--jobs 2] [--json out.json]``
"""

from __future__ import annotations

import argparse
import json
import math
import random
import statistics
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import attrs

sys.path.insert(0, str(Path(__file__).parent))

import belarus_repression as br
from belarus_repression._estimate_synthetic import draw_patterns

ON = "2023-01-01"
SEED = 20_000


@attrs.frozen
class Scenario:
    name: str
    capture: tuple[float, ...]
    dependence: dict[tuple[str, str], float] = attrs.field(factory=dict)
    heterogeneity: float = 0.0
    estimators: tuple[str, ...] = ()
    #: the estimators whose assumptions hold here
    holds: tuple[str, ...] = ()

    @property
    def lists(self) -> tuple[str, ...]:
        return tuple("ABCDE"[: len(self.capture)])


TWO = ("LP", "Chapman")
LL = ("LL indep", "LL AIC", "LL BIC", "LL avg")
SCENARIOS = (
    Scenario("2 lists, independent", (0.5, 0.4), estimators=TWO, holds=TWO),
    Scenario("2 lists, independent, sparse", (0.12, 0.1), estimators=TWO, holds=TWO),
    Scenario("2 lists, A-B positive (+1)", (0.5, 0.4), {("A", "B"): 1.0}, estimators=TWO),
    Scenario("2 lists, A-B negative (-1)", (0.5, 0.4), {("A", "B"): -1.0}, estimators=TWO),
    Scenario("3 lists, independent", (0.5, 0.4, 0.3), estimators=(*TWO, *LL), holds=(*TWO, *LL)),
    Scenario(
        "3 lists, A-B positive (+1)",
        (0.5, 0.4, 0.3),
        {("A", "B"): 1.0},
        estimators=(*TWO, *LL),
        holds=("LL AIC", "LL BIC", "LL avg"),
    ),
    Scenario(
        "3 lists, A-B strongly positive (+2)",
        (0.5, 0.4, 0.3),
        {("A", "B"): 2.0},
        estimators=(*TWO, *LL),
        holds=("LL AIC", "LL BIC", "LL avg"),
    ),
    Scenario(
        "3 lists, A-B negative (-1)",
        (0.5, 0.4, 0.3),
        {("A", "B"): -1.0},
        estimators=(*TWO, *LL),
        holds=("LL AIC", "LL BIC", "LL avg"),
    ),
    Scenario(
        "3 lists, heterogeneity (sd 1)", (0.5, 0.4, 0.3), heterogeneity=1.0, estimators=(*TWO, *LL)
    ),
    Scenario(
        "4 lists, independent",
        (0.4, 0.35, 0.3, 0.25),
        estimators=("LL indep", "LL AIC", "LL BIC", "LL avg"),
        holds=("LL indep", "LL AIC", "LL BIC", "LL avg"),
    ),
    Scenario(
        "4 lists, A-B +1, C-D -1",
        (0.4, 0.35, 0.3, 0.25),
        {("A", "B"): 1.0, ("C", "D"): -1.0},
        estimators=("LL indep", "LL AIC", "LL BIC", "LL avg"),
        holds=("LL AIC", "LL BIC", "LL avg"),
    ),
    Scenario(
        "5 lists, independent",
        (0.3, 0.3, 0.25, 0.25, 0.2),
        estimators=("LL indep", "LL AIC", "LL BIC", "LL avg"),
        holds=("LL indep", "LL AIC", "LL BIC", "LL avg"),
    ),
)


def _estimator(name: str) -> Callable[[br.CaptureHistories], br.Estimate]:
    def two(method: str) -> Callable[[br.CaptureHistories], br.Estimate]:
        def run(h: br.CaptureHistories) -> br.Estimate:
            if len(h.lists) > 2:
                h = h.select(*h.lists[:2])
            return br.estimate_total(h, method)

        return run

    return {
        "LP": two("lincoln-petersen"),
        "Chapman": two("chapman"),
        "LL indep": lambda h: br.estimate_total(h, "loglinear", models=[()]),
        "LL AIC": lambda h: br.estimate_total(h, "loglinear", select="aic"),
        "LL BIC": lambda h: br.estimate_total(h, "loglinear", select="bic"),
        "LL avg": lambda h: br.estimate_total(h, "loglinear", select="average"),
    }[name]


def _indexed(scenario: Scenario) -> dict[tuple[int, int], float]:
    names = scenario.lists
    return {(names.index(a), names.index(b)): g for (a, b), g in scenario.dependence.items()}


def draw(scenario: Scenario, size: int, seed: int) -> br.CaptureHistories:
    """The true capture histories of one trial: synthetic_lists(seed)'s draw."""
    k = len(scenario.capture)
    patterns = draw_patterns(
        random.Random(seed), size, scenario.capture, _indexed(scenario), scenario.heterogeneity
    )
    counts: dict[str, int] = {}
    for mask in patterns:
        if mask:
            key = format(mask, f"0{k}b")
            counts[key] = counts.get(key, 0) + 1
    return br.CaptureHistories.from_counts(scenario.lists, counts)


def run_trials(
    args: tuple[int, int, int, int],
) -> dict[str, list[tuple[float, float, float] | None]]:
    index, size, first, count = args
    scenario = SCENARIOS[index]
    out: dict[str, list[tuple[float, float, float] | None]] = {e: [] for e in scenario.estimators}
    runners = {e: _estimator(e) for e in scenario.estimators}
    for trial in range(first, first + count):
        h = draw(scenario, size, SEED + trial)
        for name, run in runners.items():
            try:
                e = run(h)
            except br.EstimationError:
                out[name].append(None)
            else:
                out[name].append((e.total, e.low, e.high))
    return out


def check_draw(scenario: Scenario) -> int:
    """Check that the benchmark draws what synthetic_lists draws; the size of the truth."""
    sl = br.synthetic_lists(
        SEED,
        lists=scenario.lists,
        capture=scenario.capture,
        dependence=scenario.dependence,
        heterogeneity=scenario.heterogeneity,
        on=ON,
    )
    mine = draw(scenario, sl.truth, SEED)
    assert mine.table == sl.histories().table, scenario.name
    return sl.truth


def summarise(truth: int, results: list[tuple[float, float, float] | None]) -> dict[str, float]:
    done = [r for r in results if r is not None]
    errors = [t - truth for t, _, _ in done]
    widths = [h - lo for _, lo, h in done]
    return {
        "trials": len(results),
        "refused": len(results) - len(done),
        "rel_bias": statistics.fmean(errors) / truth if done else math.nan,
        "rmse": math.sqrt(statistics.fmean(e * e for e in errors)) if done else math.nan,
        "coverage": statistics.fmean(lo <= truth <= h for _, lo, h in done) if done else math.nan,
        "width": statistics.median(widths) if done else math.nan,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=500)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--only", default=None, help="run the scenarios whose name has this")
    args = parser.parse_args()
    chosen = [i for i, s in enumerate(SCENARIOS) if args.only is None or args.only in s.name]
    truths = {i: check_draw(SCENARIOS[i]) for i in chosen}
    chunk = max(1, args.trials // (4 * args.jobs))
    tasks = [
        (i, truths[i], first, min(chunk, args.trials - first))
        for i in chosen
        for first in range(0, args.trials, chunk)
    ]
    started = time.perf_counter()
    merged: dict[int, dict[str, list[tuple[float, float, float] | None]]] = {
        i: {e: [] for e in SCENARIOS[i].estimators} for i in chosen
    }
    with ProcessPoolExecutor(args.jobs) as pool:
        for (i, _, _, _), part in zip(tasks, pool.map(run_trials, tasks), strict=True):
            for name, rows in part.items():
                merged[i][name].extend(rows)
    elapsed = time.perf_counter() - started
    table = []
    print(f"truth: {truths[chosen[0]]:,} people; {args.trials} trials per scenario; "
          f"{elapsed:,.0f} s on {args.jobs} processes\n")  # fmt: skip
    print("| scenario | estimator | rel. bias | RMSE | coverage | median width | refused | holds |")
    print("|---|---|---:|---:|---:|---:|---:|:-:|")
    for i in chosen:
        scenario = SCENARIOS[i]
        for name in scenario.estimators:
            s = summarise(truths[i], merged[i][name])
            holds = name in scenario.holds
            table.append({"scenario": scenario.name, "estimator": name, "holds": holds, **s})
            print(
                f"| {scenario.name} | {name} | {s['rel_bias']:+.1%} | {s['rmse']:,.0f} | "
                f"{s['coverage']:.3f} | {s['width']:,.0f} | {s['refused']:.0f} | "
                f"{'yes' if holds else ''} |"
            )
    failing = [r for r in table if r["holds"] and not r["coverage"] >= 0.93]
    print()
    if failing:
        print("below the 0.93 coverage target where the assumptions hold:")
        for r in failing:
            print(f"  {r['scenario']} / {r['estimator']}: {r['coverage']:.3f}")
    else:
        print("coverage >= 0.93 wherever the assumptions hold")
    if args.json:
        args.json.write_text(json.dumps(table, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
