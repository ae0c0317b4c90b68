"""Rebuild the data files shipped in the package from the reference material, offline.

Usage: ``python scripts/build_data.py [--reference ../shared/reference]``

Writes into ``src/belarus_repression/data/``:

- ``published.json``: the published figures and the pardon waves, with a source record for
  every source they cite, as a document in the library's own JSON format (so that loading it
  runs every check the library has);
- ``criminal_code.json``: the Criminal Code articles used in political cases.

Every figure keeps its qualifier (exact, at least, about, more than) and its date as vague as
the source gives it.  Nothing without a source is written: a row without one is an error.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import re
import sys
from pathlib import Path

import belarus_repression as br

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "belarus_repression" / "data"


def source_id(text: str) -> str:
    return "src-" + hashlib.sha256(text.encode()).hexdigest()[:10]


def make_source(text: str, published: str | None = None) -> br.Source:
    text = text.strip()
    if not text:
        raise ValueError("a row without a source")
    urls = re.findall(r"https?://\S+", text)
    if text.startswith("http") and len(urls) == 1:
        return br.Source(source_id(text), name=urls[0].split("/")[2], url=urls[0])
    return br.Source(source_id(text), name=text, url=urls[0] if urls else None)


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def figure_id(row: dict[str, str]) -> str:
    key = f"{row['metric']}/{row['as_of']}/{row['filter'] or 'all'}/{row['period_start'] or '-'}"
    return "fig-" + re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")


def build_published(reference: Path) -> br.Dataset:
    sources: dict[str, br.Source] = {}
    figures = []
    for row in read_rows(reference / "published_figures.csv"):
        source = make_source(row["source"])
        sources.setdefault(source.id, source)
        key, _, value = row["filter"].partition("=")
        figures.append(
            br.ReportedFigure(
                id=figure_id(row),
                metric=br.Metric(row["metric"]),
                value=int(row["value"]),
                qualifier=br.RecordQualifier(row["qualifier"]),
                as_of=br.PartialDate.parse(row["as_of"]),
                source=source.id,
                period_start=br.PartialDate.parse(row["period_start"])
                if row["period_start"]
                else None,
                filter=((key, value),) if key else (),
                counted_by=row["counted_by"] or None,
                note=row["note"] or None,
            )
        )
    waves = []
    for row in read_rows(reference / "pardon_waves.csv"):
        source = make_source(row["source"])
        sources.setdefault(source.id, source)
        date = br.PartialDate.parse(row["date"])
        waves.append(
            br.PardonWave(
                id=f"wave-{date.earliest.isoformat()}",
                date=date,
                announced_count=int(row["announced_count"]) if row["announced_count"] else None,
                announced_by=row["announced_by"] or None,
                note=row["note"] or None,
                sources=(source.id,),
            )
        )
    ids = [f.id for f in figures]
    if len(set(ids)) != len(ids):
        raise ValueError("two figures share an id")
    latest = max([f.as_of.latest for f in figures] + [w.date.latest for w in waves])
    return br.Dataset(
        as_of=latest,
        sources=tuple(sorted(sources.values(), key=lambda s: s.id)),
        pardon_waves=tuple(waves),
        figures=tuple(figures),
    )


def build_code(reference: Path) -> list[dict[str, object]]:
    entries = []
    for row in read_rows(reference / "criminal_code_articles.csv"):
        text = row["article"].strip()
        preparation = False
        if m := re.fullmatch(r"13 p\.1 \+ (\S+)", text):  # art. 13 part 1: preparation
            text, preparation = m[1], True
        number, _, part = text.partition(" p.")
        ref = br.ArticleRef(number, int(part) if part else None, preparation=preparation)
        if not row["source"].strip():
            raise ValueError(f"article {text} has no source")
        entries.append(
            {
                "article": br.unstructure(ref),
                "title_en": row["title_en"],
                "title_ru": row["title_ru_unverified"],
                "title_ru_verified": False,
                "source": row["source"],
            }
        )
    return entries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reference", type=Path, default=ROOT.parent / "shared" / "reference")
    parser.add_argument("--out", type=Path, default=DATA, help="where to write the files")
    args = parser.parse_args()
    published = build_published(args.reference)
    br.save(published, args.out / "published.json")
    code = build_code(args.reference)
    (args.out / "criminal_code.json").write_text(
        json.dumps(code, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    sys.stdout.write(
        f"wrote {len(published.figures)} figures, {len(published.pardon_waves)} pardon waves, "
        f"{len(published.sources)} sources and {len(code)} articles "
        f"(as of {published.as_of}; built {dt.date.today()})\n"
    )


if __name__ == "__main__":
    main()
