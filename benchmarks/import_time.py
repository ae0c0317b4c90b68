"""How long ``import belarus_repression`` takes, against importing its dependencies alone.

Runs ``python -X importtime`` in fresh interpreters, alternating the two, and compares the
median cumulative import time.  Target (issue "Foundation"): at most 1.5x the baseline of
``import attrs, cattrs, dateutil``.

Usage: ``python benchmarks/import_time.py [--runs N]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys

BASELINE = ("attrs", "cattrs", "dateutil")
# Bytecode is written and reused, as in any installed environment: with
# PYTHONDONTWRITEBYTECODE set, an editable install would recompile its sources on every run
# while the dependencies in site-packages load their cached bytecode.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
SUBJECT = ("belarus_repression",)


def cumulative_us(modules: tuple[str, ...]) -> int:
    """Microseconds spent importing *modules* (their top-level cumulative import times)."""
    code = "import " + ", ".join(modules)
    stderr = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env=ENV,
    ).stderr
    total = 0
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, name = line.split("|")
        if name.rstrip() in {f" {m}" for m in modules}:  # top level: exactly one leading space
            total += int(cumulative)
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    base, ours = [], []
    cumulative_us(BASELINE), cumulative_us(SUBJECT)  # warm-up: writes the bytecode caches
    for _ in range(args.runs):
        base.append(cumulative_us(BASELINE))
        ours.append(cumulative_us(SUBJECT))
    b, o = statistics.median(base), statistics.median(ours)
    print(f"runs: {args.runs} each after a warm-up, alternating, fresh interpreters")
    print(f"baseline  import {', '.join(BASELINE)}: median {b / 1000:.1f} ms")
    print(f"subject   import belarus_repression: median {o / 1000:.1f} ms")
    print(f"ratio: {o / b:.2f}x (target <= 1.50x)")


if __name__ == "__main__":
    main()
