"""How long the calibrated synthetic population takes to build, at several scales.

``synthetic(scale=100)`` builds benchmark-sized data (about 750,000 people).  The time
includes the dataset's integrity rules.  Each scale is built in a fresh process so that
the in-process cache does not help.

Usage: ``python benchmarks/bench_synthetic.py [--scales 1 10 100]``
"""

from __future__ import annotations

import argparse
import subprocess
import sys

CODE = """
import time, belarus_repression as br
start = time.perf_counter()
ds = br.synthetic(scale={scale})
seconds = time.perf_counter() - start
print(f"{scale}\\t{{seconds:.1f}}\\t{{len(ds.persons)}}\\t{{len(ds.convictions)}}\\t{{len(ds.custody)}}")
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", type=float, nargs="+", default=[1, 10, 100])
    args = parser.parse_args()
    print(
        "| scale | seconds | persons | convictions | custody spells |\n|---:|---:|---:|---:|---:|"
    )
    for scale in args.scales:
        out = subprocess.run(
            [sys.executable, "-c", CODE.format(scale=scale)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split("\t")
        built, seconds, persons, convictions, spells = out
        print(
            f"| {float(built):g} | {seconds} | {int(persons):,} | {int(convictions):,} "
            f"| {int(spells):,} |"
        )


if __name__ == "__main__":
    main()
