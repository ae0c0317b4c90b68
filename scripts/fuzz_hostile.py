"""A longer run of the hostile-input fuzzer of ``tests/test_hostile_reading.py``.

Mutates the saved synthetic data (JSON, a CSV folder, a zip) with the test's mutations (byte
flips, truncations, duplicated slices, inserted long runs, deleted slices) and runs
``validate``, ``load`` and ``load_lenient`` on each input.  It counts the outcomes:

- **clean error**: ``validate`` reports an error and the loaders raise ``ValidationError``;
- **accepted**: the input is still a valid dataset;
- **crash**: any other exception, or a problem with an unknown code or a long or unescaped
  excerpt of the input (target 0);
- **hang**: an input that takes longer than ``--timeout`` seconds (target 0);

and reports the slowest input and the peak memory of the process.

Usage: ``python scripts/fuzz_hostile.py [--minutes 5] [--seed 0] [--timeout 30]``
"""

from __future__ import annotations

import argparse
import collections
import random
import resource
import shutil
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path
from types import FrameType

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.test_hostile_reading import (
    FORMATS,
    KINDS,
    RUNS,
    mutated_copy,
    saved,
    short_and_escaped,
)

import belarus_repression as br

SIZES = (1, 7, 100, 5_000, 70_000, 200_000, 1_000_000)


class Hang(Exception):  # noqa: N818 - an outcome
    """An input that took longer than the timeout."""


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise Hang


def outcome(path: Path) -> str:
    """Run the three readers on one input; say how it went."""
    report = br.validate(path)
    short_and_escaped(report)
    for reader in (br.load, br.load_lenient):
        try:
            result = reader(path)
        except br.ValidationError as exc:
            if report.ok:
                raise AssertionError("a loader refused what validate accepts") from exc
            short_and_escaped(exc.report)
        else:
            if reader is br.load and not report.ok:
                raise AssertionError("load accepted what validate refuses")
            if isinstance(result, br.LenientLoad):
                short_and_escaped(result.report)
    return "accepted" if report.ok else "clean error"


def run_one(originals: dict[str, Path], case: Path, rng: random.Random, timeout: int) -> tuple:
    """Mutate one input, run it, and return (format, mutation, outcome, seconds, failure)."""
    fmt = rng.choice(FORMATS)
    change = (
        rng.choice(KINDS),
        rng.random(),
        rng.choice(SIZES),
        rng.choice(RUNS),
        rng.randrange(256),
    )
    name = {"json": "m.json", "csv": "m", "zip": "m.zip"}[fmt]
    target = mutated_copy(originals[fmt], fmt, case / name, rng.random(), change)
    failure = ""
    start = time.monotonic()
    signal.alarm(timeout)
    try:
        result = outcome(target)
    except Hang:
        result, failure = "hang", f"hang: {fmt} {change[:4]!r}"
    except Exception:  # noqa: BLE001 - counted and shown
        result, failure = "crash", f"crash: {fmt} {change[:4]!r}\n{traceback.format_exc()}"
    finally:
        signal.alarm(0)
    return fmt, change, result, time.monotonic() - start, failure


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--timeout", type=int, default=30)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    signal.signal(signal.SIGALRM, _alarm)
    work = Path(tempfile.mkdtemp(prefix="fuzz-hostile-"))
    counts: collections.Counter[str] = collections.Counter()
    by_format: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    slowest = (0.0, "")
    failures: list[str] = []
    try:
        originals = {fmt: saved(work, fmt) for fmt in FORMATS}
        if any(outcome(path) != "accepted" for path in originals.values()):
            print("an unmutated input is not valid", file=sys.stderr)
            return 1
        deadline = time.monotonic() + 60 * args.minutes
        n = 0
        while time.monotonic() < deadline:
            n += 1
            case = work / f"case-{n}"
            case.mkdir()
            fmt, change, result, took, failure = run_one(originals, case, rng, args.timeout)
            shutil.rmtree(case, ignore_errors=True)
            slowest = max(slowest, (took, f"{fmt} {change[0]} of {change[2]:,} ({change[3]!r})"))
            counts[result] += 1
            by_format[fmt][result] += 1
            if failure:
                failures.append(failure)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"inputs tried  {sum(counts.values()):,}")
    for key in ("clean error", "accepted", "crash", "hang"):
        print(f"{key:<13} {counts[key]:,}")
    for fmt in FORMATS:
        shown = ", ".join(f"{k} {v:,}" for k, v in sorted(by_format[fmt].items()))
        print(f"  {fmt:<5} {shown}")
    print(f"slowest input {slowest[0]:.2f} s ({slowest[1]})")
    print(f"peak memory   {peak:.0f} MiB (maximum resident set of the process)")
    for failure in failures[:10]:
        print(failure, file=sys.stderr)
    return 1 if counts["crash"] or counts["hang"] else 0


if __name__ == "__main__":
    sys.exit(main())
