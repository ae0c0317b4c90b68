"""Name matching quality per transliteration scheme, and speed, against a baseline in the same run.

An evaluation set of invented people, each with a Belarusian and a Russian Cyrillic name
(given name, patronymic, surname), written

- in every transliteration system of the library ("ours"): Belarusian ICAO/passport,
  national 2007, BGN/PCGN, Łacinka, ALA-LC (with and without its diacritics), ISO 9; Russian
  ICAO, BGN/PCGN, GOST 7.79 B, ALA-LC (with and without), ISO 9;
- and, for the Russian name, in every Russian scheme of the independent ``iuliia`` package
  (ALA-LC, ISO 9 / GOST 7.79, BGN/PCGN, BS 2979, ICAO, MVD, Wikipedia, Yandex, Telegram,
  GOST 16876, 52290, 52535, 7.0.34, ISO/R 9, UNGEGN, scientific...), so that schemes the
  library never wrote are measured too.  ``uz`` is left out: it is the scheme of the Uzbek
  Cyrillic alphabet, not of Russian (it leaves ь in Cyrillic).  Schemes that leave ё in
  Cyrillic (iuliia's ALA-LC, ISO 9, BGN/PCGN, BS 2979...) are given the text with е for ё, as
  Russian is mostly printed.

Positive pairs: every two of "our" forms of one person (and the two Cyrillic forms); and each
iuliia form with four forms of the same person: the Belarusian and the Russian Cyrillic, the
Belarusian passport spelling, and one other of our forms drawn at random.  Negative pairs:
hard negatives — spouses (one surname, male and female forms), parent and child (one
surname, another given name), namesakes (one given name, another surname) — each pair of
relatives in every scheme (both written by it) and in three random pairs of schemes; and
random pairs of people.

Measured: recall of ``match_names`` ("same") per scheme and over all, precision over all, the
hard negatives judged "same" (target: none), and the same for a baseline — unidecode, lower
case, Jaro-Winkler (rapidfuzz) of the whole name, at its best threshold (the one with the
best F1 on this set); the time ``match_names`` takes per pair; then ``link`` of two datasets
of ``--link-size`` people (half of them in both, in other name forms), timed.

Targets (issue "Names: every spelling researchers meet"): recall at least 0.99 and precision
at least 0.998 over all schemes, no hard negative judged the same; linking two datasets of
100,000 people in under 60 s.

Usage: ``python benchmarks/bench_names.py [--people 1500] [--link-size 100000]``
(needs the ``bench`` extra: iuliia, rapidfuzz, unidecode)
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import random
import time

import belarus_repression as br
from belarus_repression import names
from belarus_repression.linkage import link

T = br.TransliterationSystem
SYSTEMS_BE = (T.ICAO, T.NATIONAL_2007, T.BGN_PCGN, T.LACINKA, T.ALA_LC, T.ISO_9)
SYSTEMS_RU = (T.ICAO, T.BGN_PCGN, T.GOST_7_79_B, T.ALA_LC, T.ISO_9)
#: iuliia's schemes that are not of Russian
NOT_RUSSIAN = {"uz"}

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

Form = tuple[str, br.Name]  # (scheme label, name)


def iuliia_schemes() -> list[tuple[str, object]]:
    """Every Russian scheme of iuliia, by name."""
    import iuliia

    return [
        (name, iuliia.schemas.get(name))
        for name in sorted(iuliia.schemas.names())
        if name not in NOT_RUSSIAN
    ]


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


def ours(p: dict[str, object], rng: random.Random) -> list[Form]:
    """The person's name in Cyrillic and in every system of the library."""
    out: list[Form] = []
    with_patronymic = rng.random() < 0.3
    for lang, systems in (("be", SYSTEMS_BE), ("ru", SYSTEMS_RU)):
        given, patr, family = p[lang]  # type: ignore[misc]
        out.append(
            (
                f"{lang}/cyrillic",
                br.Name(
                    given,
                    family,
                    patr if with_patronymic else None,
                    lang=lang,
                    script=br.Script.CYRILLIC,
                ),
            )
        )
        for system in systems:
            g = names.transliterate(given, lang, system)
            f = names.transliterate(family, lang, system)
            out.append((f"{lang}/{system.value}", br.Name(g, f, lang=lang, system=system)))
            if system is T.ALA_LC:
                g = names.transliterate(given, lang, system, diacritics=False)
                f = names.transliterate(family, lang, system, diacritics=False)
                out.append((f"{lang}/ala_lc (no diacritics)", br.Name(g, f, lang=lang)))
    return out


def theirs(p: dict[str, object], schemes: list[tuple[str, object]]) -> list[Form]:
    """The person's Russian name in every iuliia scheme (untagged, as found in the wild)."""
    given, _, family = p["ru"]  # type: ignore[misc]
    out: list[Form] = []
    for name, scheme in schemes:
        g, f = scheme.translate(given), scheme.translate(family)  # type: ignore[attr-defined]
        if names._is_cyrillic(g + f):  # the scheme has no letter for ё
            g = scheme.translate(given.replace("ё", "е"))  # type: ignore[attr-defined]
            f = scheme.translate(family.replace("ё", "е"))  # type: ignore[attr-defined]
        out.append((f"iuliia {name}", br.Name(g, f, lang="ru")))
    return out


Pair = tuple[str, br.Name, br.Name]  # (scheme label, a, b)


def evaluation_set(
    n: int, seed: int = 0, schemes: list[tuple[str, object]] | None = None
) -> tuple[list[Pair], list[Pair], list[Pair]]:
    """Positive pairs, hard negative pairs and random negative pairs, each with its scheme.

    A pair of two of our forms counts for both their schemes (it is listed once per scheme,
    and once in the totals: see :func:`measure`).
    """
    rng = random.Random(seed)
    schemes = iuliia_schemes() if schemes is None else schemes
    people = []
    seen = set()
    while len(people) < n:
        p = person(rng, rng.random() < 0.4)
        key = (p["be"][0], p["be"][2])  # type: ignore[index]
        if key not in seen:
            seen.add(key)
            people.append(p)

    def all_forms(p: dict[str, object]) -> list[Form]:
        return ours(p, rng) + theirs(p, schemes)

    positives: list[Pair] = []
    hard: list[Pair] = []
    forms_of = []
    for p in people:
        mine = ours(p, rng)
        other = theirs(p, schemes)
        forms_of.append(mine + other)
        positives += [
            (f"{la}|{lb}", a, b) for i, (la, a) in enumerate(mine) for lb, b in mine[i + 1 :]
        ]
        anchors = [f for f in mine if f[0] in ("be/cyrillic", "ru/cyrillic", "be/icao")]
        for label, form in other:
            for _, anchor in [*anchors, rng.choice(mine)]:
                positives.append((label, form, anchor))
        relatives = []
        spouse = person(rng, not p["female"], p["family"])  # type: ignore[arg-type]
        relatives.append(("spouse", spouse))
        child = person(rng, rng.random() < 0.5, p["family"])  # type: ignore[arg-type]
        if child["given"] != p["given"] or child["female"] != p["female"]:
            relatives.append(("parent and child", child))
        namesake = person(rng, p["female"])  # type: ignore[arg-type]
        namesake["be"] = (p["be"][0], namesake["be"][1], namesake["be"][2])  # type: ignore[index]
        namesake["ru"] = (p["ru"][0], namesake["ru"][1], namesake["ru"][2])  # type: ignore[index]
        relatives.append(("namesakes", namesake))
        fs = mine + other
        for kind, relative in relatives:
            theirs_ = all_forms(relative)
            hard += [(f"{kind}: {la}", a, b) for (la, a), (_, b) in zip(fs, theirs_, strict=True)]
            for _ in range(3):
                (la, a), (lb, b) = rng.choice(fs), rng.choice(theirs_)
                hard.append((f"{kind}: {la}|{lb}", a, b))
    random_negatives: list[Pair] = []
    for _ in range(len(positives) // 2):
        a, b = rng.sample(range(len(forms_of)), 2)
        (la, fa), (lb, fb) = rng.choice(forms_of[a]), rng.choice(forms_of[b])
        random_negatives.append((f"random: {la}|{lb}", fa, fb))
    return positives, hard, random_negatives


def schemes_of(label: str) -> list[str]:
    """The schemes a pair's label names: ``be/icao|ru/bgn_pcgn`` names two."""
    return label.rsplit(": ", 1)[-1].split("|")


def measure(decide, positives, hard, random_negatives):  # type: ignore[no-untyped-def]
    """Recall per scheme and over all, precision over all, hard negatives judged the same."""
    per_scheme: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    tp = 0
    for label, a, b in positives:
        same = decide(a, b)
        tp += same
        for scheme in set(schemes_of(label)):
            per_scheme[scheme][0] += same
            per_scheme[scheme][1] += 1
    merged: collections.Counter[str] = collections.Counter()
    merged_by_scheme: collections.Counter[str] = collections.Counter()
    hard_by_kind: collections.Counter[str] = collections.Counter()
    for label, a, b in hard:
        kind = label.split(": ")[0]
        hard_by_kind[kind] += 1
        if decide(a, b):
            merged[kind] += 1
            for scheme in set(schemes_of(label)):
                merged_by_scheme[scheme] += 1
    random_fp = sum(decide(a, b) for _, a, b in random_negatives)
    fp = sum(merged.values()) + random_fp
    return {
        "false_positives": (sum(merged.values()), random_fp),
        "recall": tp / len(positives),
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "per_scheme": {s: (hit / n, n) for s, (hit, n) in per_scheme.items()},
        "merged": merged,
        "merged_by_scheme": merged_by_scheme,
        "hard": hard_by_kind,
    }


def baseline(positives, negatives) -> tuple[float, float, float]:  # type: ignore[no-untyped-def]
    from rapidfuzz.distance import JaroWinkler
    from unidecode import unidecode

    def text(n: br.Name) -> str:
        return unidecode(f"{n.given} {n.family}").lower()

    pos = [JaroWinkler.similarity(text(a), text(b)) for _, a, b in positives]
    neg = [JaroWinkler.similarity(text(a), text(b)) for _, a, b in negatives]
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
        fs = [name for _, name in ours(p, rng)]
        gender = br.Gender.FEMALE if p["female"] else br.Gender.MALE
        if i < size:
            left.append(
                br.Person(f"syn-l-{i}", names=(fs[1],), gender=gender, birth=birth, synthetic=True)
            )
        if i >= size // 2:
            right.append(
                br.Person(
                    f"syn-r-{i}",
                    names=(rng.choice(fs[2:]),),
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
    positives, hard, random_negatives = evaluation_set(args.people)
    print(
        f"evaluation set: {args.people:,} people, {len(positives):,} positive pairs, "
        f"{len(hard):,} hard negative and {len(random_negatives):,} random negative pairs"
    )
    pairs = len(positives) + len(hard) + len(random_negatives)
    start = time.perf_counter()
    result = measure(
        lambda a, b: names.match_names(a, b).verdict == "same", positives, hard, random_negatives
    )
    per_pair = (time.perf_counter() - start) / pairs * 1e6

    print("\n| scheme | written by | positive pairs | recall | hard negatives judged same |")
    print("|---|---|---:|---:|---:|")
    for scheme, (recall, n) in sorted(
        result["per_scheme"].items(), key=lambda item: (item[0].startswith("iuliia"), item[0])
    ):
        source = "iuliia" if scheme.startswith("iuliia") else "this library"
        shown = scheme.removeprefix("iuliia ")
        merged = result["merged_by_scheme"][scheme]
        print(f"| {shown} | {source} | {n:,} | {recall:.4f} | {merged} |")

    print("\n| hard negatives | pairs | judged same |\n|---|---:|---:|")
    for kind, n in sorted(result["hard"].items()):
        print(f"| {kind} | {n:,} | {result['merged'][kind]} |")

    threshold, b_recall, b_precision = baseline(positives, hard + random_negatives)
    print("\n| matcher | recall | precision |\n|---|---:|---:|")
    print(f"| match_names | {result['recall']:.4f} | {result['precision']:.4f} |")
    baseline_name = f"unidecode + Jaro-Winkler >= {threshold:.2f} (best F1)"
    print(f"| {baseline_name} | {b_recall:.4f} | {b_precision:.4f} |")
    hard_fp, random_fp = result["false_positives"]
    print(f"\nfalse positives of match_names: {hard_fp} hard, {random_fp} random negatives")
    print(f"match_names: {per_pair:.0f} µs a pair ({pairs:,} pairs)")

    seconds = linking(args.link_size)
    size = f"{args.link_size:,}"
    print(f"\nlink(): {seconds:.1f} s for {size} x {size} persons (target < 60 s)")


if __name__ == "__main__":
    main()
