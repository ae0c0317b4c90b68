"""Finding one person across datasets, and merging the datasets: :func:`link`, :func:`merge`.

:func:`link` compares only the people whose name keys share a block (the surname's key, or
the given name's group with the year of birth), so that two datasets of 100,000 people link
in near-linear time; within a block it weighs the names
(:func:`~belarus_repression.names.match_names`), the gender and the date of birth.

:func:`merge` makes one dataset of two and their links: a linked person keeps every name
form, source, role and citizenship of both records; facts that contradict each other are
reported, never silently resolved.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

import attrs

from ._dataset import Dataset
from ._errors import Problem, Severity, shorten
from ._models import Person
from ._vocab import Gender
from .names import given_group, keys, match_names

__all__ = ["Link", "MergeResult", "link", "merge"]


@attrs.frozen
class Link:
    """Two records of one person, one in each dataset.

    Attributes:
        left: The person's id in the left dataset.
        right: The person's id in the right dataset.
        score: How alike the two records are, from 0 to 1.
        reasons: What the link rests on.
    """

    left: str
    right: str
    score: float
    reasons: tuple[str, ...]


def _blocks(person: Person) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    year = (
        str(person.birth.earliest.year)
        if person.birth and person.birth.precision.value != "range"
        else ""
    )
    for name in person.names:
        for key in keys(name.family, name.script, name.system):
            if key:
                out.add(("family", key))
        for key in keys(name.given, name.script, name.system):
            group = given_group(key)
            if year:
                out.add(("given", f"{group if group is not None else key}/{year}"))
    return out


def _compare(a: Person, b: Person) -> tuple[float, str, list[str]]:
    reasons: list[str] = []
    if Gender.UNKNOWN not in (a.gender, b.gender) and a.gender is not b.gender:
        return 0.0, "different", [f"genders differ ({a.gender.value} / {b.gender.value})"]
    if a.birth is not None and b.birth is not None:
        if not a.birth.overlaps(b.birth):
            return 0.0, "different", [f"births differ ({a.birth} / {b.birth})"]
        reasons.append(f"births agree ({a.birth} / {b.birth})")
    best = None
    for x in a.names:
        for y in b.names:
            found = match_names(x, y)
            if best is None or (found.verdict == "same", found.score) > (
                best.verdict == "same",
                best.score,
            ):
                best = found
    if best is None:
        return 0.0, "uncertain", ["no names to compare"]
    return best.score, best.verdict, [*best.reasons, *reasons]


def link(left: Dataset, right: Dataset, *, min_score: float = 0.9) -> tuple[Link, ...]:
    """The people of *left* and *right* that are one person.

    A pair is linked when its best pair of name forms is judged the same, genders and dates
    of birth do not contradict each other, and the score reaches *min_score*.  Each person is
    linked at most once, best scores first.

    .. versionadded:: 0.1.0
    """
    index: dict[tuple[str, str], list[Person]] = {}
    for person in right.persons:
        for block in _blocks(person):
            index.setdefault(block, []).append(person)
    candidates: list[tuple[float, str, str, tuple[str, ...]]] = []
    for person in left.persons:
        seen: set[str] = set()
        for block in _blocks(person):
            for other in index.get(block, ()):
                if other.id in seen:
                    continue
                seen.add(other.id)
                score, verdict, reasons = _compare(person, other)
                if verdict == "same" and score >= min_score:
                    candidates.append((score, person.id, other.id, tuple(reasons)))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_left: set[str] = set()
    used_right: set[str] = set()
    links = []
    for score, a, b, why in candidates:
        if a in used_left or b in used_right:
            continue
        used_left.add(a)
        used_right.add(b)
        links.append(Link(a, b, score, why))
    return tuple(links)


# -- merging -----------------------------------------------------------------------------------


@attrs.frozen
class MergeResult:
    """One dataset made of two, and what the merge found.

    Attributes:
        dataset: The merged dataset.
        ids: For every person of the merged dataset, the ids it had in each input:
            ``{merged id: (left id or None, right id or None)}``.
        conflicts: Facts of a linked pair that contradict each other (kept as the left
            record had them, and reported).
        renamed: Ids of the right dataset's records that were taken in the left dataset and
            were renamed: ``{(table, old id): new id}``.
    """

    dataset: Dataset
    ids: dict[str, tuple[str | None, str | None]]
    conflicts: tuple[Problem, ...]
    renamed: dict[tuple[str, str], str]


_CONFLICT: Final = "merge.conflict"


def _conflict(field: str, left: Person, right: Person, a: object, b: object) -> Problem:
    return Problem(
        _CONFLICT,
        f"{field} differs: {a} in the left record, {b} in the right; the left one is kept",
        value=shorten(f"{a} / {b}"),
        severity=Severity.WARNING,
    ).at(table="persons", record=left.id, path=f"$.persons.{field}")


def _merge_person(left: Person, right: Person) -> tuple[Person, list[Problem]]:
    problems = []
    names = list(left.names) + [n for n in right.names if n not in left.names]
    gender = left.gender
    if right.gender is not Gender.UNKNOWN and left.gender is Gender.UNKNOWN:
        gender = right.gender
    elif Gender.UNKNOWN not in (left.gender, right.gender) and left.gender is not right.gender:
        problems.append(_conflict("gender", left, right, left.gender.value, right.gender.value))
    birth = left.birth or right.birth
    if left.birth and right.birth:
        if left.birth.overlaps(right.birth):
            birth = min((left.birth, right.birth), key=lambda d: d.span_days)
        else:
            problems.append(_conflict("birth", left, right, left.birth, right.birth))
    region = left.region or right.region
    if left.region and right.region and left.region is not right.region:
        problems.append(_conflict("region", left, right, left.region.value, right.region.value))
    recognition, recognized = left.recognition, left.recognized
    if recognition.value == "unknown":
        recognition, recognized = right.recognition, right.recognized
    elif right.recognition.value not in ("unknown", recognition.value):
        problems.append(
            _conflict("recognition", left, right, recognition.value, right.recognition.value)
        )
    merged = attrs.evolve(
        left,
        names=tuple(names),
        gender=gender,
        birth=birth,
        region=region,
        roles=left.roles | right.roles,
        citizenship=left.citizenship | right.citizenship,
        recognition=recognition,
        recognized=recognized,
        sources=tuple(dict.fromkeys(left.sources + right.sources)),
    )
    return merged, problems


def merge(  # noqa: PLR0915 - one pass per table, in the order of the document
    left: Dataset, right: Dataset, links: Iterable[Link]
) -> MergeResult:
    """One dataset of two: linked people merged, every other record kept.

    A linked person keeps the left record's id, every name form of both, every source, role
    and citizenship; a fact the two records give differently is reported in ``conflicts``.
    Records of the right dataset whose ids the left one already uses are renamed (see
    ``renamed``).  Custody spells of one linked person that certainly overlap are one
    deprivation of liberty told twice: the left one is kept, with the right one's sources.

    .. versionadded:: 0.1.0
    """
    pairs = {found.right: found.left for found in links}
    left_people = left.person_by_id
    conflicts: list[Problem] = []
    renamed: dict[tuple[str, str], str] = {}
    ids: dict[str, tuple[str | None, str | None]] = {p.id: (p.id, None) for p in left.persons}
    persons = {p.id: p for p in left.persons}

    def fresh(table: str, old: str, taken: set[str]) -> str:
        new, n = old, 1
        while new in taken:
            n += 1
            new = f"{old}~{n}"
        if new != old:
            renamed[(table, old)] = new
        taken.add(new)
        return new

    person_ids = set(persons)
    right_to_merged: dict[str, str] = {}
    for person in right.persons:
        if person.id in pairs:
            target = pairs[person.id]
            persons[target], found = _merge_person(persons[target], person)
            conflicts += found
            ids[target] = (target, person.id)
            right_to_merged[person.id] = target
        else:
            new = fresh("persons", person.id, person_ids)
            persons[new] = attrs.evolve(person, id=new)
            ids[new] = (None, person.id)
            right_to_merged[person.id] = new
    source_ids = {s.id for s in left.sources}
    sources = list(left.sources)
    for source in right.sources:
        if source.id in source_ids:
            if source != left.source_by_id[source.id]:
                new = fresh("sources", source.id, source_ids)
                sources.append(attrs.evolve(source, id=new))
        else:
            source_ids.add(source.id)
            sources.append(source)

    def srcs(values: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(renamed.get(("sources", v), v) for v in values)

    wave_ids = {w.id for w in left.pardon_waves}
    waves = list(left.pardon_waves)
    for wave in right.pardon_waves:
        if wave.id not in wave_ids:
            wave_ids.add(wave.id)
            waves.append(attrs.evolve(wave, sources=srcs(wave.sources)))
    custody = list(left.custody)
    spell_ids = {s.id for s in custody}
    for spell in right.custody:
        pid = right_to_merged[spell.person_id]
        twin = (
            next((s for s in custody if s.person_id == pid and _same_spell(s, spell)), None)
            if spell.person_id in pairs
            else None
        )
        if twin is not None:
            i = custody.index(twin)
            custody[i] = attrs.evolve(
                twin, sources=tuple(dict.fromkeys(twin.sources + srcs(spell.sources)))
            )
            continue
        new = fresh("custody", spell.id, spell_ids)
        custody.append(attrs.evolve(spell, id=new, person_id=pid, sources=srcs(spell.sources)))
    convictions = list(left.convictions)
    conviction_ids = {c.id for c in convictions}
    for conviction in right.convictions:
        new = fresh("convictions", conviction.id, conviction_ids)
        convictions.append(
            attrs.evolve(
                conviction,
                id=new,
                person_id=right_to_merged[conviction.person_id],
                sources=srcs(conviction.sources),
            )
        )
    observations = list(left.observations)
    observation_ids = {o.id for o in observations}
    for obs in right.observations:
        new = fresh("observations", obs.id, observation_ids)
        observations.append(
            attrs.evolve(
                obs, id=new, person_id=right_to_merged[obs.person_id], sources=srcs(obs.sources)
            )
        )
    figures = list(left.figures)
    figure_ids = {f.id for f in figures}
    for figure in right.figures:
        new = fresh("figures", figure.id, figure_ids)
        cited = renamed.get(("sources", figure.source), figure.source)
        figures.append(attrs.evolve(figure, id=new, source=cited))
    merged_persons = tuple(
        attrs.evolve(p, sources=srcs(p.sources)) if p.id not in left_people else p
        for p in persons.values()
    )
    dataset = Dataset(
        max(left.as_of, right.as_of),
        sources=tuple(sources),
        persons=merged_persons,
        convictions=tuple(convictions),
        custody=tuple(custody),
        pardon_waves=tuple(waves),
        observations=tuple(observations),
        figures=tuple(figures),
        synthetic=left.synthetic and right.synthetic,
    )
    return MergeResult(dataset, ids, tuple(conflicts), renamed)


def _same_spell(a: object, b: object) -> bool:
    from ._integrity import _certain_span, _meet  # noqa: PLC0415

    return _meet(_certain_span(a), _certain_span(b))  # type: ignore[arg-type]
