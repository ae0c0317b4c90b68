"""Finding one person across datasets, and merging the datasets: :func:`link`, :func:`merge`.

:func:`link` compares only the people whose names share a block (made of the name keys'
skeletons and the given names' groups, more lenient than the matcher: see ``_blocking``), so
that two datasets of 100,000 people link in well under a minute; within a block it weighs the
gender, the date of birth and then the names (:func:`~belarus_repression.names.match_names`).

:func:`merge` makes one dataset of two and their links: a linked person keeps every name
form, source, role and citizenship of both records; facts that contradict each other are
reported, never silently resolved.  The merged dataset keeps each input's horizon: its
``as_of`` is the earliest of theirs unless told otherwise, what an input says about later days
is cut (and reported), and what an input left open before a later ``as_of`` ends on an unknown
day after the input's own.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Final

import attrs

from ._blocking import Blocker, Index, birth_years
from ._dataset import Dataset
from ._dates import DateLike, read_day
from ._errors import Problem, Report, Severity, ValidationError, shorten
from ._gc import gc_paused
from ._horizons import (
    DATE_CUT,
    END_UNKNOWN,
    LEFT_OUT,
    UNDATED,
    Side,
    close_open,
    prepare,
    same_spell,
)
from ._models import CustodySpell, Name, Person
from ._progress import Progress, Reporter
from ._vocab import Gender
from .names import NameMatch, _as_name, match_names

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


class _Comparer:
    """Compares people as :func:`link` does, remembering each pair of name forms compared.

    With a *blocker*, only name forms that share a block are compared: every pair of forms
    that :func:`~belarus_repression.match_names` judges the same does, so the links are the
    same, and the pairs of forms that cannot be the same are not read.
    """

    def __init__(self, blocker: Blocker | None = None) -> None:
        self._names: dict[tuple[Name, Name], NameMatch] = {}
        self._blocker = blocker

    def names(self, x: Name, y: Name) -> NameMatch:
        found = self._names.get((x, y))
        if found is None:
            found = self._names[x, y] = match_names(x, y)
        return found

    def compare(self, a: Person, b: Person) -> tuple[float, str, list[str]]:
        """The score, verdict and reasons of two people: gender, birth, then the best names."""
        reasons: list[str] = []
        if Gender.UNKNOWN not in (a.gender, b.gender) and a.gender is not b.gender:
            return 0.0, "different", [f"genders differ ({a.gender.value} / {b.gender.value})"]
        if a.birth is not None and b.birth is not None:
            if not a.birth.overlaps(b.birth):
                return 0.0, "different", [f"births differ ({a.birth} / {b.birth})"]
            reasons.append(f"births agree ({a.birth} / {b.birth})")
        best = self._best(a.names, b.names)
        if best is None:
            return 0.0, "uncertain", ["no names to compare"]
        return best.score, best.verdict, [*best.reasons, *reasons]

    def _best(self, xs: tuple[Name, ...], ys: tuple[Name, ...]) -> NameMatch | None:
        """The best match of two people's name forms: ``same`` first, then the score."""
        best = None
        for x in xs:
            for y in ys:
                if self._blocker is not None and not self._blocker.share(x, y):
                    continue
                found = self.names(x, y)
                if best is None or (found.verdict == "same", found.score) > (
                    best.verdict == "same",
                    best.score,
                ):
                    best = found
                    if found.verdict == "same" and found.score >= 1.0:
                        return best  # nothing beats it, and the first of equals is kept
        return best


def _facts(person: Person) -> tuple[Gender, int, int]:
    """What rules a pair out before its names are read: the gender and the birth's bounds."""
    if person.birth is None:
        return person.gender, 0, 10**7
    return person.gender, person.birth.earliest.toordinal(), person.birth.latest.toordinal()


#: A pair compared by :func:`_link`: score, verdict, left id, right id, reasons.
Candidate = tuple[float, str, str, str, tuple[str, ...]]

#: What :func:`link` takes on each side: a dataset, names by id, or a sequence of people,
#: names or texts.
People = Dataset | Mapping[str, Name | str] | Iterable[Person | Name | str] | Name | str


def _people(side: People, which: str) -> tuple[Person, ...]:
    """The people of one side of :func:`link`; a name or a text is a person of that name."""
    if isinstance(side, Dataset):
        return side.persons
    if isinstance(side, Name | str):
        side = [side]
    items = side.items() if isinstance(side, Mapping) else enumerate(side)
    people = []
    for key, item in items:
        if isinstance(item, Person):
            people.append(item)
            continue
        pid = str(key)
        try:
            people.append(Person(pid, names=(_as_name(item),)))
        except ValidationError as error:
            located = [p.at(table=which, record=pid) for p in error.problems]
            raise ValidationError(located) from None
    return tuple(people)


def link(
    left: People,
    right: People,
    *,
    min_score: float = 0.9,
    progress: Progress = False,
) -> tuple[Link, ...]:
    """The people of *left* and *right* that are one person.

    A pair is linked when its best pair of name forms is judged the same
    (:func:`~belarus_repression.match_names`), genders and dates of birth do not contradict
    each other, and the score reaches *min_score*.  Each person is linked at most once, best
    scores first.

    Only people who share a *block* are compared.  A block pairs a token of the given name
    (its group in the table of given names, its *skeleton*: its key without vowels and the
    *z* of *dz*) with one of the surname (its skeleton, a skeleton a letter shorter, the
    first three or the last six letters of its key), one of the two exact and the other
    near; blocks are more lenient than the matcher, so that the pairs of names
    :func:`~belarus_repression.match_names` judges the same share one (see :doc:`/names`).
    Two datasets of 100,000 people link in well under a minute.

    Args:
        left: A :class:`~belarus_repression.Dataset`; or people, names or full names as text
            (read by :meth:`Name.parse <belarus_repression.Name.parse>`), in a sequence
            (a name's id is its position: ``"0"``, ``"1"``, ...) or a mapping from id to
            name; or one name or text.
        right: The other side, likewise.
        min_score: The lowest score of a link, from 0 to 1.
        progress: ``True`` shows a progress bar (``tqdm``, from the ``progress`` extra; a
            line of text on standard error without it); a callable is called as
            ``progress(done, total)`` with the number of people read so far, from
            ``(0, total)`` to ``(total, total)``.  Off by default.

    Returns:
        The links, best scores first, each with the ids of its two people.

    Raises:
        ValidationError: for a text that cannot be read as a name; the problem's
            ``location`` names the side (``left`` or ``right``) and the id.
        TypeError: *progress* is neither a bool nor a callable.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Takes names and texts as well as datasets; finds every pair that
       :func:`~belarus_repression.match_names` judges the same (blocks on name skeletons);
       added *progress*.
    """
    links, _ = _link(left, right, min_score=min_score, progress=progress)
    return links


def _link(
    left: People,
    right: People,
    *,
    min_score: float = 0.9,
    progress: Progress = False,
    review: bool = False,
) -> tuple[tuple[Link, ...], tuple[Candidate, ...]]:
    """:func:`link`, and with *review* every pair compared whose names were not different.

    The pairs for review are ``(score, verdict, left id, right id, reasons)``, best scores
    first: the links, the pairs judged ``same`` that were not linked (a score below
    *min_score*, or a person linked to someone else), and the pairs judged ``uncertain``.
    """
    lefts, rights = _people(left, "left"), _people(right, "right")
    blocker = Blocker()
    comparer = _Comparer(None if review else blocker)
    with gc_paused(), Reporter(progress, len(rights) + len(lefts), "link", "people") as report:
        index = Index(blocker, rights, report.advance)
        rights = tuple(index.people)
        facts = [_facts(p) for p in rights]
        unknown = Gender.UNKNOWN
        candidates: list[Candidate] = []
        for person in lefts:
            near = index.near(blocker.person_blocks(person), birth_years(person))
            gender, low, high = _facts(person)
            for j in near:
                other_gender, other_low, other_high = facts[j]
                if (
                    (
                        gender is not other_gender
                        and unknown is not gender
                        and unknown is not other_gender
                    )
                    or low > other_high
                    or other_low > high
                ):
                    continue  # genders or births differ: the names need not be read
                other = rights[j]
                score, verdict, reasons = comparer.compare(person, other)
                if (verdict == "same" and score >= min_score) or (
                    review and verdict != "different"
                ):
                    candidates.append((score, verdict, person.id, other.id, tuple(reasons)))
            report.advance()
        index.clear()  # before the collector runs again: millions of small lists
        candidates.sort(key=lambda c: (-c[0], c[2], c[3]))
        used_left: set[str] = set()
        used_right: set[str] = set()
        links = []
        for score, verdict, a, b, why in candidates:
            if verdict != "same" or score < min_score or a in used_left or b in used_right:
                continue
            used_left.add(a)
            used_right.add(b)
            links.append(Link(a, b, score, why))
    return tuple(links), tuple(candidates) if review else ()


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
        cut: What the merged ``as_of`` cut from an input whose ``as_of`` is later: one
            warning per record left out (``merge.left_out``) and per date removed
            (``merge.date_cut``, such as a spell that ended after the merged ``as_of``
            and is left open).  Each is located in its input: ``location.file`` is
            ``"left"`` or ``"right"``, with the table, row, record id and field there.
        uncertain: What the merged ``as_of`` made uncertain, located in its input like
            ``cut``: one warning (``merge.end_unknown``) per custody spell or observation
            that an input left open at a horizon before the merged ``as_of`` and that now
            ends some day between the two, and one (``merge.undated``) per undated
            recognition or verdict of an input whose ``as_of`` is not the merged one, now
            dated "some day up to that input's ``as_of``" (``[0001-01-01..as_of]``).

    .. versionchanged:: 0.2.0
       Added ``cut``, ``uncertain``, :attr:`report` and :meth:`summary`.
    """

    dataset: Dataset
    ids: dict[str, tuple[str | None, str | None]]
    conflicts: tuple[Problem, ...]
    renamed: dict[tuple[str, str], str]
    cut: tuple[Problem, ...] = ()
    uncertain: tuple[Problem, ...] = ()

    @property
    def report(self) -> Report:
        """Every warning of the merge as a :class:`~belarus_repression.Report`."""
        return Report((*self.conflicts, *self.cut, *self.uncertain), "merge")

    def summary(self) -> str:
        """One line: the merged ``as_of`` and, for each input, what its horizon changed.

        Returns:
            Such as: merged as of 2025-08-01; left: 40 custody spells given an uncertain
            end; 0 conflicts.
        """
        parts = []
        for side in ("left", "right"):
            tally = Counter(
                (p.code, p.location.table)
                for p in (*self.cut, *self.uncertain)
                if p.location.file == side
            )
            items = [
                f"{n} {_NOUNS.get(table or '', 'record')}{'s' * (n != 1)} {_DONE[code]}"
                for (code, table), n in sorted(tally.items())
            ]
            if items:
                parts.append(f"{side}: {', '.join(items)}")
        n = len(self.conflicts)
        parts.append(f"{n} conflict{'s' * (n != 1)}")
        return f"merged as of {self.dataset.as_of}; " + "; ".join(parts)


_CONFLICT: Final = "merge.conflict"
_NOUNS: Final = {
    "persons": "person",
    "convictions": "conviction",
    "custody": "custody spell",
    "pardon_waves": "pardon wave",
    "observations": "observation",
}
_DONE: Final = {
    LEFT_OUT: "left out",
    DATE_CUT: "with a date cut",
    END_UNKNOWN: "given an uncertain end",
    UNDATED: "dated by the input's as_of",
}


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


def _retold(
    kept: CustodySpell, kept_side: Side, other: CustodySpell, other_side: Side
) -> tuple[CustodySpell, bool, Problem | None]:
    """One spell told by both inputs: the kept one, with the other's end if it saw further.

    Returns the spell, whether its end is now the other's, and a conflict if the other
    input says the spell ended by the day the kept one's input saw the person held.
    """
    if kept.end is not None or kept_side.horizon >= other_side.horizon:
        return kept, False, None
    if other.end is not None and other.end.latest <= kept_side.horizon:
        problem = Problem(
            _CONFLICT,
            f"end differs: open (held on {kept_side.horizon}) in the {kept_side.name} record, "
            f"{other.end} in the {other_side.name}; the {kept_side.name} one is kept",
            value=shorten(f"open / {other.end}"),
            severity=Severity.WARNING,
        ).at(table="custody", record=kept.id, path="$.custody.end")
        return kept, False, problem
    taken = attrs.evolve(
        kept,
        end=other.end,
        end_reason=other.end_reason,
        expelled=other.expelled,
        pardon_wave=other.pardon_wave,
        facility=other.facility or kept.facility,
    )
    return taken, True, None


def merge(
    left: Dataset,
    right: Dataset,
    links: Iterable[Link],
    *,
    as_of: DateLike | None = None,
    progress: Progress = False,
) -> MergeResult:
    """One dataset of two: linked people merged, every other record kept, each horizon kept.

    A linked person keeps the left record's id, every name form, source, role and
    citizenship of both; a fact the two records give differently is reported in
    ``conflicts``.  Records of the right dataset whose ids the left one already uses are
    renamed (see ``renamed``).  Custody spells of one linked person that certainly overlap
    are one deprivation of liberty told twice: the left one is kept, with the right one's
    sources (an open spell is certain only up to its input's ``as_of``).

    Each input describes the world up to its own ``as_of``, and so does the result:

    * Its ``as_of`` is the **earliest** of the inputs' unless *as_of* is given.
    * What an input says about days after the merged ``as_of`` is cut, never silently:
      a record dated certainly after it (a spell or observation that starts, a verdict, a
      pardon wave) is left out; a spell or observation that certainly ended after it is
      left open ("held on as_of"), with no end reason; an appeal or birth after it is
      removed, a recognition after it becomes ``unknown``; a person every record of whom
      was left out is left out too, unless linked.  Each is a warning in ``cut``.
    * A spell or observation an input left open at an ``as_of`` before the merged one ends
      on an unknown day, ``[input as_of + 1 day .. merged as_of + 1 day]`` (the end is a
      day of freedom: the person was held on the input's ``as_of`` and may still be held
      on the merged one), no later than the start of a later spell of the person, with no
      end reason.  Counts after the input's ``as_of`` show such people as possibly, not
      certainly, held.  Each is a warning in ``uncertain``.  When the other input
      tells the same spell (a linked person, certainly overlapping) and saw further, the
      kept spell takes that input's end instead; if that input says the spell ended by the
      day the first saw the person held, a ``merge.conflict`` is reported.
    * An undated recognition or verdict means "by the input's ``as_of``"; when that is not
      the merged ``as_of`` it is dated ``[0001-01-01..input as_of]`` so that it keeps its
      meaning (a warning in ``uncertain``).

    Args:
        left: The first dataset; its ids are kept.
        right: The second dataset.
        links: The people of *left* and *right* that are one person (see :func:`link`).
        as_of: The merged dataset's ``as_of``, a day in any form
            :func:`~belarus_repression.read_day` reads; by default the earliest of the
            inputs'.
        progress: ``True`` shows a progress bar (``tqdm``, from the ``progress`` extra; a
            line of text on standard error without it); a callable is called as
            ``progress(done, total)``, counted in records read, from ``(0, total)`` to
            ``(total, total)``.  Off by default.

    Returns:
        The merged dataset with its ids, conflicts, renamed ids, what was cut and what was
        made uncertain (:meth:`MergeResult.summary` says it in one line).

    Raises:
        ValidationError: *as_of* is not one exact day.
        TypeError: *progress* is neither a bool nor a callable.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       The merged ``as_of`` is the earliest of the inputs' (it was the latest, which
       answered with certainty about days nobody observed); added *as_of* and *progress*;
       linear in the size of the inputs (it was quadratic in the linked custody spells).
    """
    sizes = _size(left), _size(right)
    with gc_paused(), Reporter(progress, 2 * sizes[0] + 3 * sizes[1], "merge", "records") as report:
        return _merge(left, right, links, as_of, report)


def _size(ds: Dataset) -> int:
    """The records of a dataset that a merge reads one by one."""
    return len(ds.persons) + len(ds.custody) + len(ds.convictions) + len(ds.observations)


def _merge(  # noqa: PLR0915 - one pass per table, in document order
    left: Dataset,
    right: Dataset,
    links: Iterable[Link],
    as_of: DateLike | None,
    report: Reporter,
) -> MergeResult:
    """:func:`merge`, reporting its progress to *report*."""
    day = min(left.as_of, right.as_of) if as_of is None else read_day(as_of, "as_of")
    pairs = {found.right: found.left for found in links}
    lhs = prepare("left", left, day, set(pairs.values()))
    report.advance(_size(left))
    rhs = prepare("right", right, day, set(pairs))
    report.advance(_size(right))
    left_people = {p.id for p in lhs.persons}
    left_sources = {s.id: s for s in lhs.sources}
    conflicts: list[Problem] = []
    renamed: dict[tuple[str, str], str] = {}
    ids: dict[str, tuple[str | None, str | None]] = {p.id: (p.id, None) for p in lhs.persons}
    persons = {p.id: p for p in lhs.persons}

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
    for person in rhs.persons:
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
    report.advance(len(right.persons))
    source_ids = set(left_sources)
    sources = list(lhs.sources)
    for source in rhs.sources:
        if source.id in source_ids:
            if source != left_sources.get(source.id):
                new = fresh("sources", source.id, source_ids)
                sources.append(attrs.evolve(source, id=new))
        else:
            source_ids.add(source.id)
            sources.append(source)

    def srcs(values: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(renamed.get(("sources", v), v) for v in values)

    wave_ids = {w.id for w in lhs.pardon_waves}
    waves = list(lhs.pardon_waves)
    for wave in rhs.pardon_waves:
        if wave.id not in wave_ids:
            wave_ids.add(wave.id)
            waves.append(attrs.evolve(wave, sources=srcs(wave.sources)))
    custody = list(lhs.custody)
    origin: dict[tuple[str, str], tuple[Side, str]] = {
        ("custody", s.id): (lhs, s.id) for s in custody
    }
    spell_ids = {s.id for s in custody}
    spells_of: dict[str, list[int]] = {}  # each person's spells, by place in custody
    for i, spell in enumerate(custody):
        spells_of.setdefault(spell.person_id, []).append(i)
    for spell in rhs.custody:
        pid = right_to_merged[spell.person_id]
        at = (
            next(
                (
                    i
                    for i in spells_of.get(pid, ())
                    if same_spell(
                        custody[i],
                        origin[("custody", custody[i].id)][0].horizon,
                        spell,
                        rhs.horizon,
                    )
                ),
                None,
            )
            if spell.person_id in pairs
            else None
        )
        if at is not None:
            twin = custody[at]
            kept, taken, problem = _retold(twin, origin[("custody", twin.id)][0], spell, rhs)
            conflicts += [problem] if problem is not None else []
            if taken:
                origin[("custody", twin.id)] = (rhs, spell.id)
            custody[at] = attrs.evolve(
                kept, sources=tuple(dict.fromkeys(kept.sources + srcs(spell.sources)))
            )
            continue
        new = fresh("custody", spell.id, spell_ids)
        origin[("custody", new)] = (rhs, spell.id)
        spells_of.setdefault(pid, []).append(len(custody))
        custody.append(attrs.evolve(spell, id=new, person_id=pid, sources=srcs(spell.sources)))
    report.advance(len(right.custody))
    convictions = list(lhs.convictions)
    conviction_ids = {c.id for c in convictions}
    for conviction in rhs.convictions:
        new = fresh("convictions", conviction.id, conviction_ids)
        convictions.append(
            attrs.evolve(
                conviction,
                id=new,
                person_id=right_to_merged[conviction.person_id],
                sources=srcs(conviction.sources),
            )
        )
    report.advance(len(right.convictions))
    observations = list(lhs.observations)
    origin |= {("observations", o.id): (lhs, o.id) for o in observations}
    observation_ids = {o.id for o in observations}
    for obs in rhs.observations:
        new = fresh("observations", obs.id, observation_ids)
        origin[("observations", new)] = (rhs, obs.id)
        observations.append(
            attrs.evolve(
                obs, id=new, person_id=right_to_merged[obs.person_id], sources=srcs(obs.sources)
            )
        )
    report.advance(len(right.observations))
    uncertain = close_open(custody, observations, origin, day)
    figures = list(lhs.figures)
    figure_ids = {f.id for f in figures}
    for figure in rhs.figures:
        new = fresh("figures", figure.id, figure_ids)
        cited = renamed.get(("sources", figure.source), figure.source)
        figures.append(attrs.evolve(figure, id=new, source=cited))
    merged_persons = tuple(
        attrs.evolve(p, sources=srcs(p.sources)) if p.id not in left_people else p
        for p in persons.values()
    )
    dataset = Dataset(
        day,
        sources=tuple(sources),
        persons=merged_persons,
        convictions=tuple(convictions),
        custody=tuple(custody),
        pardon_waves=tuple(waves),
        observations=tuple(observations),
        figures=tuple(figures),
        synthetic=left.synthetic and right.synthetic,
    )
    report.advance(_size(left) + _size(right))
    return MergeResult(
        dataset,
        ids,
        tuple(conflicts),
        renamed,
        (*lhs.cut, *rhs.cut),
        (*lhs.uncertain, *rhs.uncertain, *uncertain),
    )
