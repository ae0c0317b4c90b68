"""DataFrames and Arrow tables both ways, against loading the same data as JSON in the same run.

Dataset: the I/O benchmark's (``_data.make_dataset``): 100,000 persons, 150,000 convictions,
150,000 custody spells (5% month-precision dates).  Measured, each the best of ``--repeat``
runs:

- ``br.load`` of the dataset's JSON document: the baseline;
- ``br.to_pandas`` / ``br.from_pandas`` of the dataset's frames;
- ``br.to_arrow`` / ``br.from_arrow`` of its Arrow tables (for reference).

Targets (issue "Real data in", bullet 6): ``to_pandas`` and ``from_pandas`` each take no
longer than ``load`` of the same data as JSON.

Usage: ``python benchmarks/bench_frames.py [--repeat 3] [--scale 1.0]``
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import belarus_repression as br
from _data import best_of, make_dataset


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()

    def n(k: int) -> int:
        return round(k * args.scale)

    ds = make_dataset(n(100_000), n(150_000), n(150_000))
    print(
        f"dataset: {len(ds.persons):,} persons, {len(ds.convictions):,} convictions, "
        f"{len(ds.custody):,} custody spells; pandas {version('pandas')}, "
        f"pyarrow {version('pyarrow')}"
    )
    frames = br.to_pandas(ds)
    tables = br.to_arrow(ds)
    if br.from_pandas(frames) != ds or br.from_arrow(tables) != ds:
        raise SystemExit("the frames do not give the dataset back")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ds.json"
        br.save(ds, path)
        cases: dict[str, Callable[[], object]] = {
            "load JSON (baseline)": lambda: br.load(path),
            "to_pandas": lambda: br.to_pandas(ds),
            "from_pandas": lambda: br.from_pandas(frames),
            "to_arrow": lambda: br.to_arrow(ds),
            "from_arrow": lambda: br.from_arrow(tables),
        }
        results = {}
        for name, fn in cases.items():
            results[name] = best_of(args.repeat, fn)
            print(f"  {name:<24} {results[name]:7.2f} s", flush=True)
    load = results["load JSON (baseline)"]
    targets = {"to_pandas": "<= 1.0", "from_pandas": "<= 1.0"}
    print(f"\n| operation | best of {args.repeat} (s) |\n|---|---:|")
    for name, seconds in results.items():
        print(f"| {name} | {seconds:.2f} |")
    print("\n| ratio | measured | target |\n|---|---:|---|")
    for name in ("to_pandas", "from_pandas", "to_arrow", "from_arrow"):
        target = targets.get(name, "(for reference)")
        print(f"| {name} / load JSON | {results[name] / load:.2f} | {target} |")


if __name__ == "__main__":
    main()
