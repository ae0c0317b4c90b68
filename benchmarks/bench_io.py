"""Load and save speed and peak memory of the file formats, against baselines in the same run.

Dataset: 100,000 persons, 150,000 convictions, 150,000 custody spells (5% month-precision
dates).  Measured, each the best of ``--repeat`` runs:

- ours: ``br.load`` / ``br.save`` of the JSON document and of CSV tables in a ``.zip``;
- baseline (a): ``json.load`` plus bare cattrs structuring of the same records into the same
  attrs classes (a default ``cattrs.Converter``, no dataset checks, no problem collection);
- baseline (b): pydantic v2 validating equivalent models (``model_validate_json``, strict,
  extra fields forbidden).

The library pauses Python's cyclic garbage collector while it builds records; baseline
(a') is (a) with the collector paused the same way, to show what that alone is worth.
Both baselines parse partial dates with the same cached parser as the library, so the
comparison is of everything else.  Peak memory is the tracemalloc peak of one more run.

Targets (issue "Datasets"): JSON load <= 1.5x (a) and faster than (b); CSV load <= 2x JSON load.

Usage: ``python benchmarks/bench_io.py [--repeat 3] [--scale 1.0]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import sys
import tempfile
import tracemalloc
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Annotated, Any

import cattrs
import pydantic
from pydantic import BaseModel, ConfigDict, PlainValidator

sys.path.insert(0, str(Path(__file__).parent))

import belarus_repression as br
from _data import best_of, make_dataset
from belarus_repression import _converter

parse_date = _converter._parse_cached  # the library's own cached parser, shared by all


# -- baseline (a): json.load + bare cattrs --------------------------------------------------


def bare_converter() -> cattrs.Converter:
    conv = cattrs.Converter()
    conv.register_structure_hook(br.PartialDate, lambda v, _: parse_date(v))
    conv.register_structure_hook(dt.date, lambda v, _: dt.date.fromisoformat(v))
    conv.register_structure_hook_func(
        lambda t: t == tuple[tuple[str, str], ...], lambda v, _: tuple(sorted(v.items()))
    )
    return conv


TABLES = br._dataset.TABLES  # type: ignore[attr-defined]


def baseline_cattrs(path: Path) -> dict[str, Any]:
    conv = bare_converter()
    with path.open(encoding="utf-8") as fh:
        doc = json.load(fh)
    return {name: conv.structure(doc[name], tuple[cls, ...]) for name, cls in TABLES.items()}


# -- baseline (b): pydantic v2 ----------------------------------------------------------------

PD = Annotated[br.PartialDate, PlainValidator(parse_date)]
STRICT = ConfigDict(extra="forbid", strict=True, arbitrary_types_allowed=True, frozen=True)


class PName(BaseModel):
    model_config = STRICT
    given: str
    family: str
    patronymic: str | None = None
    lang: str = "be"
    script: br.Script = br.Script.LATIN
    system: br.TransliterationSystem | None = None


class PSource(BaseModel):
    model_config = STRICT
    id: str
    name: str
    url: str | None = None
    published: PD | None = None
    accessed: dt.date | None = None


class PPerson(BaseModel):
    model_config = STRICT
    id: str
    names: tuple[PName, ...] = ()
    gender: br.Gender = br.Gender.UNKNOWN
    birth: PD | None = None
    region: br.Region | None = None
    roles: frozenset[br.Role] = frozenset()
    citizenship: frozenset[str] = frozenset()
    recognition: br.Recognition = br.Recognition.UNKNOWN
    recognized: PD | None = None
    synthetic: bool = False
    sources: tuple[str, ...] = ()


class PArticle(BaseModel):
    model_config = STRICT
    article: str
    part: int | None = None
    preparation: bool = False
    attempt: bool = False


class PTerm(BaseModel):
    model_config = STRICT
    years: int = 0
    months: int = 0
    days: int = 0
    life: bool = False


class PSentence(BaseModel):
    model_config = STRICT
    kind: br.SentenceKind
    term: PTerm | None = None
    regime: br.Regime | None = None
    fine_base_units: int | None = None
    raw: str | None = None


class PConviction(BaseModel):
    model_config = STRICT
    id: str
    person_id: str
    verdict: PD | None = None
    articles: tuple[PArticle, ...] = ()
    sentence: PSentence | None = None
    court: str | None = None
    judges: tuple[str, ...] = ()
    in_absentia: bool = False
    appeal: PD | None = None
    sources: tuple[str, ...] = ()


class PSpell(BaseModel):
    model_config = STRICT
    id: str
    person_id: str
    start: PD
    end: PD | None = None
    end_reason: br.EndReason | None = None
    expelled: bool = False
    pardon_wave: str | None = None
    facility: str | None = None
    sources: tuple[str, ...] = ()


class PWave(BaseModel):
    model_config = STRICT
    id: str
    date: PD
    announced_count: int | None = None
    announced_by: str | None = None
    note: str | None = None
    sources: tuple[str, ...] = ()


class PObservation(BaseModel):
    model_config = STRICT
    id: str
    person_id: str
    kind: br.ObservationKind
    start: PD
    end: PD | None = None
    conditions: frozenset[br.HealthCondition] = frozenset()
    note: str | None = None
    sources: tuple[str, ...] = ()


class PFigure(BaseModel):
    model_config = STRICT
    id: str
    metric: br.Metric
    value: int
    qualifier: br.RecordQualifier
    as_of: PD
    source: str
    period_start: PD | None = None
    filter: dict[str, str] = {}
    counted_by: str | None = None
    note: str | None = None


class PDocument(BaseModel):
    model_config = STRICT
    format: str
    version: int
    as_of: dt.date
    synthetic: bool = False
    sources: tuple[PSource, ...] = ()
    persons: tuple[PPerson, ...] = ()
    convictions: tuple[PConviction, ...] = ()
    custody: tuple[PSpell, ...] = ()
    pardon_waves: tuple[PWave, ...] = ()
    observations: tuple[PObservation, ...] = ()
    figures: tuple[PFigure, ...] = ()


def baseline_pydantic(path: Path) -> PDocument:
    return PDocument.model_validate_json(path.read_bytes())


def paused(fn: Callable[[Path], object], path: Path) -> object:
    with br._gc.gc_paused():  # type: ignore[attr-defined]
        return fn(path)


# -- measuring --------------------------------------------------------------------------------


def peak_mib(fn: Callable[[], object]) -> float:
    parse_date.cache_clear()
    tracemalloc.start()
    result = fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    del result
    return peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    n = functools.partial(lambda k: round(k * args.scale))
    ds = make_dataset(n(100_000), n(150_000), n(150_000))
    print(
        f"dataset: {len(ds.persons):,} persons, {len(ds.convictions):,} convictions, "
        f"{len(ds.custody):,} custody spells; pydantic {pydantic.VERSION}, "
        f"cattrs {version('cattrs')}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        j, z = Path(tmp) / "ds.json", Path(tmp) / "ds.zip"
        cases: dict[str, Callable[[], object]] = {
            "save JSON (ours)": lambda: br.save(ds, j),
            "save CSV zip (ours)": lambda: br.save(ds, z),
            "load JSON (ours)": lambda: br.load(j),
            "load CSV zip (ours)": lambda: br.load(z),
            "(a) json.load + bare cattrs": lambda: baseline_cattrs(j),
            "(a') the same, cyclic GC paused as the library does": lambda: paused(
                baseline_cattrs, j
            ),
            "(b) pydantic v2 model_validate_json": lambda: baseline_pydantic(j),
        }
        results = {}
        for name, fn in cases.items():
            seconds = best_of(args.repeat, fn)
            results[name] = (seconds, peak_mib(fn))
            print(f"  {name:<52} {seconds:7.2f} s  peak {results[name][1]:8.0f} MiB", flush=True)
        sizes = j.stat().st_size / 2**20, z.stat().st_size / 2**20
        print(f"\nJSON file {sizes[0]:.0f} MiB, zip {sizes[1]:.1f} MiB")
    load_j = results["load JSON (ours)"][0]
    ratios = {
        "JSON load / (a)": (load_j / results["(a) json.load + bare cattrs"][0], "<= 1.5"),
        "JSON load / (a')": (
            load_j / results["(a') the same, cyclic GC paused as the library does"][0],
            "(for reference)",
        ),
        "JSON load / (b)": (load_j / results["(b) pydantic v2 model_validate_json"][0], "< 1.0"),
        "CSV load / JSON load": (results["load CSV zip (ours)"][0] / load_j, "<= 2.0"),
    }
    print(f"\n| operation | best of {args.repeat} (s) | peak memory (MiB) |\n|---|---:|---:|")
    for name, (seconds, mib) in results.items():
        print(f"| {name} | {seconds:.2f} | {mib:.0f} |")
    print("\n| ratio | measured | target |\n|---|---:|---|")
    for name, (value, target) in ratios.items():
        print(f"| {name} | {value:.2f} | {target} |")


if __name__ == "__main__":
    main()
