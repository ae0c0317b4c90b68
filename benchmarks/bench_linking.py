"""How long ``link`` and ``merge`` take on two synthetic populations, against every pair.

Two populations of invented people (``synthetic(seed=0)`` and ``synthetic(seed=1)``, and
the first with itself), at the default scale (about 7,500 people each) and at a scale of
about 100,000 people each.  For each: the seconds of ``link`` and of ``merge`` with its links
(CPU time of this process, and wall time), and the baseline: comparing every pair of people
as ``link`` compares a pair (genders, births, then the best of their name forms), timed on
``--sample`` people of the left population against the whole right one and scaled up to all
pairs.  The same sample checks the blocks: every pair that the baseline links must share a
block (``missed`` must be 0).

Targets (issue "Names ... link() as good as match_names"): under 10 s at the default scale,
under 60 s for 100,000 x 100,000.

Usage: ``python benchmarks/bench_linking.py [--scales 1 13.34] [--sample 40]``
"""

from __future__ import annotations

import argparse
import random
import time

import belarus_repression as br
from belarus_repression._blocking import Blocker
from belarus_repression.linkage import _Comparer


def timed(call):  # type: ignore[no-untyped-def]
    wall, cpu = time.perf_counter(), time.process_time()
    result = call()
    return result, time.process_time() - cpu, time.perf_counter() - wall


def merged(left: br.Dataset, right: br.Dataset, links: tuple[br.Link, ...]) -> object:
    """The merge, or its errors: two populations of other seeds link people who are not one."""
    try:
        return br.merge(left, right, links)
    except br.ValidationError as error:
        return error


def every_pair(left: br.Dataset, right: br.Dataset, sample: int) -> tuple[float, int, int]:
    """Seconds to compare every pair (scaled up from a sample), pairs linked, pairs missed."""
    rng = random.Random(0)
    chosen = rng.sample(left.persons, min(sample, len(left.persons)))
    comparer = _Comparer()
    blocker = Blocker()
    start = time.process_time()
    same = []
    for a in chosen:
        for b in right.persons:
            score, verdict, _ = comparer.compare(a, b)
            if verdict == "same" and score >= 0.9:
                same.append((a, b))
    seconds = (time.process_time() - start) * len(left.persons) / len(chosen)
    missed = sum(
        not blocker.person_blocks(a) & blocker.person_blocks(b, swapped=True) for a, b in same
    )
    return seconds, len(same), missed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", type=float, nargs="+", default=[1, 13.34])
    parser.add_argument("--sample", type=int, default=40)
    args = parser.parse_args()
    print(
        "| scale | persons (left x right) | pairing | link CPU s | link wall s | links "
        "| merge CPU s | every pair CPU s (est.) | ratio | missed in sample |"
    )
    print("|---:|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for scale in args.scales:
        left = br.synthetic(scale=scale)
        for name, right in (
            ("seed 0 x seed 1", br.synthetic(seed=1, scale=scale)),
            ("seed 0 x seed 0", left),
        ):
            links, cpu, wall = timed(lambda: br.link(left, right))  # noqa: B023 - called at once
            _, merge_cpu, _ = timed(lambda: merged(left, right, links))  # noqa: B023
            baseline, same, missed = every_pair(left, right, args.sample)
            print(
                f"| {scale:g} | {len(left.persons):,} x {len(right.persons):,} | {name} "
                f"| {cpu:.1f} | {wall:.1f} | {len(links):,} | {merge_cpu:.1f} | {baseline:,.0f} "
                f"| {baseline / cpu:,.0f}x | {missed} of {same} |"
            )


if __name__ == "__main__":
    main()
