"""Name matching quality and linking speed, against a baseline in the same run.

An evaluation set of invented people, each with a Belarusian and a Russian Cyrillic name
(given name, patronymic, surname), written in every transliteration system of the library
(Belarusian: ICAO/passport, national 2007, BGN/PCGN, Łacinka; Russian: ICAO, BGN/PCGN,
GOST 7.79 B) and in Cyrillic.  Positive pairs: two forms of one person.  Negative pairs: hard
negatives — spouses (one surname, male and female forms), parent and child (one surname,
another given name; or one given name and surname, another patronymic), namesakes (one
given name, another surname) — and random pairs of people.

Measured: pairwise recall and precision of ``match_names`` ("same"), and of the baseline —
unidecode, lower case, Jaro-Winkler (rapidfuzz) of the whole name, at its best threshold
(the one with the best F1 on this set).  Then ``link`` of two datasets of ``--link-size``
people (half of them in both, in other name forms), timed.

Targets (issue "Names"): recall at least 0.98 and precision at least 0.995; linking two
datasets of 100,000 people in under 60 s.

Usage: ``python benchmarks/bench_names.py [--people 1500] [--link-size 100000]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time

import belarus_repression as br
from belarus_repression import names
from belarus_repression.linkage import link

T = br.TransliterationSystem
SYSTEMS_BE = (T.ICAO, T.NATIONAL_2007, T.BGN_PCGN, T.LACINKA)
SYSTEMS_RU = (T.ICAO, T.BGN_PCGN, T.GOST_7_79_B)

# (Belarusian, Russian) given names, male and female: a group each, first forms only
MALE = [g.split()[:2] for g in names.GIVEN_NAME_GROUPS[:1] + names.GIVEN_NAME_GROUPS[2:]]
MALE = [p for p in MALE if not p[0].endswith(("а", "я"))]
FEMALE = [g.split()[:2] for g in names.GIVEN_NAME_GROUPS if g.split()[0].endswith(("а", "я"))]
# invented surname syllables: (Belarusian, Russian)
SYLLABLES = [
    ("ба", "бо"), ("ла", "ло"), ("ра", "ро"), ("ма", "мо"), ("на", "но"), ("да", "до"),
    ("ва", "во"), ("це", "те"), ("дзе", "де"), ("лі", "ли"), ("кі", "ки"), ("ры", "ри"),
    ("сы", "сы"), ("ну", "ну"), ("ту", "ту"), ("зе", "зе"), ("бя", "бе"), ("пра", "про"),
    ("стра", "стро"), ("гу", "гу"), ("шы", "ши"), ("жа", "жо"), ("ха", "хо"), ("чу", "чу"),
]  # fmt: skip
# endings: (Belarusian male, Russian male, Belarusian female, Russian female)
ENDINGS = [
    ("ўскі", "вский", "ўская", "вская"), ("енка", "енко", "енка", "енко"),
    ("віч", "вич", "віч", "вич"), ("ук", "ук", "ук", "ук"), ("аў", "ов", "ава", "ова"),
    ("ін", "ин", "іна", "ина"), ("ык", "ик", "ык", "ик"), ("ец", "ец", "ец", "ец"),
]  # fmt: skip


def patronymic(father_be: str, father_ru: str, female: bool) -> tuple[str, str]:
    stem_be = father_be.rstrip("йь").rstrip("а")
    stem_ru = father_ru.rstrip("йь").rstrip("а")
    if female:
        return stem_be + "аўна", stem_ru + "овна"
    return stem_be + "авіч", stem_ru + "ович"


def person(
    rng: random.Random, female: bool, family: tuple[str, ...] | None = None
) -> dict[str, object]:
    given = rng.choice(FEMALE if female else MALE)
    father = rng.choice(MALE)
    if family is None:
        parts = rng.sample(SYLLABLES, rng.choice([2, 2, 3]))
        ending = rng.choice(ENDINGS)
        family = (
            "".join(p[0] for p in parts).capitalize(),
            "".join(p[1] for p in parts).capitalize(),
            ending,
        )
    stem_be, stem_ru, ending = family
    family_be = stem_be + (ending[2] if female else ending[0])
    family_ru = stem_ru + (ending[3] if female else ending[1])
    return {
        "female": female,
        "given": given,
        "father": father,
        "family": family,
        "be": (given[0], patronymic(father[0], father[1], female)[0], family_be),
        "ru": (given[1], patronymic(father[0], father[1], female)[1], family_ru),
    }


def forms(p: dict[str, object], rng: random.Random) -> list[br.Name]:
    out = []
    given, patr, family = p["be"]  # type: ignore[misc]
    with_patronymic = rng.random() < 0.3
    out.append(
        br.Name(
            given, family, patr if with_patronymic else None, lang="be", script=br.Script.CYRILLIC
        )
    )
    for system in SYSTEMS_BE:
        g, f = names.transliterate(given, "be", system), names.transliterate(family, "be", system)
        out.append(br.Name(g, f, lang="be", system=system))
    given, patr, family = p["ru"]  # type: ignore[misc]
    out.append(
        br.Name(
            given, family, patr if with_patronymic else None, lang="ru", script=br.Script.CYRILLIC
        )
    )
    for system in SYSTEMS_RU:
        g, f = names.transliterate(given, "ru", system), names.transliterate(family, "ru", system)
        out.append(br.Name(g, f, lang="ru", system=system))
    return out


def evaluation_set(
    n: int, seed: int = 0
) -> tuple[list[tuple[br.Name, br.Name]], list[tuple[br.Name, br.Name]]]:
    rng = random.Random(seed)
    people = []
    seen = set()
    while len(people) < n:
        p = person(rng, rng.random() < 0.4)
        key = (p["be"][0], p["be"][2])  # type: ignore[index]
        if key not in seen:
            seen.add(key)
            people.append(p)
    positives = []
    negatives = []
    all_forms = []
    for p in people:
        fs = forms(p, rng)
        all_forms.append(fs)
        positives += [(fs[i], fs[j]) for i in range(len(fs)) for j in range(i + 1, len(fs))]
        # hard negatives
        spouse = person(rng, not p["female"], p["family"])  # type: ignore[arg-type]
        child = person(rng, rng.random() < 0.5, p["family"])  # type: ignore[arg-type]
        if spouse["given"] != p["given"]:
            negatives += [(a, b) for a, b in zip(fs, forms(spouse, rng), strict=False)]
        if child["given"] != p["given"] or child["female"] != p["female"]:
            negatives += [(a, b) for a, b in zip(fs, forms(child, rng), strict=False)]
        namesake = person(rng, p["female"])  # type: ignore[arg-type]
        namesake["be"] = (p["be"][0], namesake["be"][1], namesake["be"][2])  # type: ignore[index]
        namesake["ru"] = (p["ru"][0], namesake["ru"][1], namesake["ru"][2])  # type: ignore[index]
        negatives += [(a, b) for a, b in zip(fs, forms(namesake, rng), strict=False)]
    for _ in range(len(positives)):
        a, b = rng.sample(range(len(all_forms)), 2)
        negatives.append((rng.choice(all_forms[a]), rng.choice(all_forms[b])))
    return positives, negatives


def measure(decide, positives, negatives) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    tp = sum(decide(a, b) for a, b in positives)
    fp = sum(decide(a, b) for a, b in negatives)
    recall = tp / len(positives)
    precision = tp / (tp + fp) if tp + fp else 1.0
    return recall, precision


def baseline(positives, negatives) -> tuple[float, float, float]:  # type: ignore[no-untyped-def]
    from rapidfuzz.distance import JaroWinkler
    from unidecode import unidecode

    def text(n: br.Name) -> str:
        return unidecode(f"{n.given} {n.family}").lower()

    pos = [JaroWinkler.similarity(text(a), text(b)) for a, b in positives]
    neg = [JaroWinkler.similarity(text(a), text(b)) for a, b in negatives]
    best = (0.0, 0.0, 0.0, 0.0)
    for i in range(50, 100):
        t = i / 100
        tp = sum(s >= t for s in pos)
        fp = sum(s >= t for s in neg)
        recall = tp / len(pos)
        precision = tp / (tp + fp) if tp + fp else 1.0
        f1 = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
        best = max(best, (f1, t, recall, precision))
    return best[1], best[2], best[3]


def linking(size: int, seed: int = 1) -> float:
    rng = random.Random(seed)
    as_of = dt.date(2025, 8, 1)
    people = [person(rng, rng.random() < 0.4) for _ in range(size * 3 // 2)]
    left, right = [], []
    for i, p in enumerate(people):
        birth = br.PartialDate.day(dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(20000)))
        fs = forms(p, rng)
        gender = br.Gender.FEMALE if p["female"] else br.Gender.MALE
        if i < size:
            left.append(
                br.Person(f"syn-l-{i}", names=(fs[1],), gender=gender, birth=birth, synthetic=True)
            )
        if i >= size // 2:
            right.append(
                br.Person(
                    f"syn-r-{i}",
                    names=(rng.choice(fs[5:]),),
                    gender=gender,
                    birth=birth,
                    synthetic=True,
                )
            )
    a = br.Dataset(as_of, persons=tuple(left), synthetic=True)
    b = br.Dataset(as_of, persons=tuple(right[:size]), synthetic=True)
    start = time.perf_counter()
    links = link(a, b)
    seconds = time.perf_counter() - start
    print(f"  linked {len(links):,} of {size // 2:,} shared people ({size:,} x {size:,} persons)")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=1500)
    parser.add_argument("--link-size", type=int, default=100_000)
    args = parser.parse_args()
    positives, negatives = evaluation_set(args.people)
    print(
        f"evaluation set: {args.people:,} people, {len(positives):,} positive and "
        f"{len(negatives):,} negative pairs"
    )
    recall, precision = measure(
        lambda a, b: names.match_names(a, b).verdict == "same", positives, negatives
    )
    threshold, b_recall, b_precision = baseline(positives, negatives)
    print("\n| matcher | recall | precision |\n|---|---:|---:|")
    print(f"| match_names | {recall:.4f} | {precision:.4f} |")
    baseline_name = f"unidecode + Jaro-Winkler >= {threshold:.2f} (best F1)"
    print(f"| {baseline_name} | {b_recall:.4f} | {b_precision:.4f} |")
    seconds = linking(args.link_size)
    size = f"{args.link_size:,}"
    print(f"\nlink(): {seconds:.1f} s for {size} x {size} persons (target < 60 s)")


if __name__ == "__main__":
    main()
