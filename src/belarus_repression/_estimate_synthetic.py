"""Lists drawn from a synthetic population of known size, to test estimators against the truth.

:func:`synthetic_lists` takes the people of a synthetic population held on a day (by default
:func:`~belarus_repression.synthetic`'s, seed 0) as the truth, and draws 2 to 5 lists from
them.  Whether a person is on each list follows a log-linear model of the lists: each list
has its chance of listing a person, each pair of lists its dependence (the log odds ratio of
being on one given the other: positive when one list's people are likelier on the other,
negative when less likely), and each person a random *catchability* shared by every list
(heterogeneity: normal on the log-odds scale with the standard deviation asked for).  The
lists' base rates are calibrated so that each lists its chosen share of people on average.

Each list is a dataset of its own, clearly synthetic (ids ``syn-<list>-...``): its people
carry the population's custody spells, but each list writes names in its own forms (Latin,
Belarusian or Russian Cyrillic, by turns), so that linking the lists is a real task; on
request a share of records leaves out the date of birth (so that namesakes may be linked as
one person) or misspells a surname (so that links become uncertain).
"""

from __future__ import annotations

import datetime as dt
import math
import random
import re
import string
from collections.abc import Mapping, Sequence
from statistics import NormalDist
from typing import Final

import attrs

from ._dataset import Dataset
from ._dates import DateLike, read_day
from ._estimate_histories import CaptureHistories
from ._models import CustodySpell, Name, Person
from ._vocab import Script

__all__ = ["SyntheticLists", "draw_patterns", "synthetic_lists"]

#: Quantiles of the standard normal used to average over people's catchability.
_NODES: Final = tuple(NormalDist().inv_cdf((q + 0.5) / 64) for q in range(64))


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))


class _Model:
    """The chance of every pattern of presence, for a person of a given catchability."""

    def __init__(
        self,
        capture: Sequence[float],
        dependence: Mapping[tuple[int, int], float],
        heterogeneity: float,
    ) -> None:
        self.k = len(capture)
        self.dependence = dict(dependence)
        self.heterogeneity = heterogeneity
        self.masks = list(range(2**self.k))
        self.bits = [[(m >> (self.k - 1 - j)) & 1 for j in range(self.k)] for m in self.masks]
        self.pair_terms = [
            sum(g for (a, b), g in self.dependence.items() if bits[a] and bits[b])
            for bits in self.bits
        ]
        self.base = [_logit(p) for p in capture]
        for _ in range(200):  # calibrate the base rates to the chosen marginal chances
            shares = self.marginals()
            shift = [_logit(p) - _logit(s) for p, s in zip(capture, shares, strict=True)]
            self.base = [b + d for b, d in zip(self.base, shift, strict=True)]
            if max(abs(d) for d in shift) < 1e-10:
                break

    def weights(self, catchability: float) -> list[float]:
        """The chance of each pattern (by mask) for one person."""
        logits = [b + catchability for b in self.base]
        raw = [
            math.exp(sum(x * v for x, v in zip(bits, logits, strict=True)) + pair)
            for bits, pair in zip(self.bits, self.pair_terms, strict=True)
        ]
        total = sum(raw)
        return [r / total for r in raw]

    def marginals(self) -> list[float]:
        """Each list's chance of listing a person, over the population's catchability."""
        nodes = [self.heterogeneity * z for z in _NODES] if self.heterogeneity else [0.0]
        shares = [0.0] * self.k
        for node in nodes:
            for bits, w in zip(self.bits, self.weights(node), strict=True):
                for j in range(self.k):
                    shares[j] += bits[j] * w / len(nodes)
        return shares


def draw_patterns(
    rng: random.Random,
    size: int,
    capture: Sequence[float],
    dependence: Mapping[tuple[int, int], float],
    heterogeneity: float,
) -> list[int]:
    """The pattern of presence (a mask, first list the top bit) of each of *size* people.

    This is the draw of :func:`synthetic_lists`, without the datasets: the benchmark calls it
    for its thousands of trials.
    """
    model = _Model(capture, dependence, heterogeneity)
    if not heterogeneity:
        return rng.choices(model.masks, model.weights(0.0), k=size)
    return [
        rng.choices(model.masks, model.weights(rng.gauss(0.0, heterogeneity)))[0]
        for _ in range(size)
    ]


@attrs.frozen
class SyntheticLists:
    """Lists drawn from a synthetic population whose size is known: the truth to test with.

    Attributes:
        lists: Each list, a synthetic dataset of its own, by name.
        population: The people who could have been listed: the truth.
        truth: How many they are.
        members: The ids (in ``population``) of the people on each list.
        origin: For every record of every list, the id of its person in ``population``.
        on: The day the population is held on.
        capture: Each list's chance of listing a person, as asked.
        dependence: The log odds ratio of each pair of lists, as asked.
        heterogeneity: The standard deviation of people's catchability (log-odds scale).
        seed: The seed of the draw.

    .. versionadded:: 0.2.0
    """

    lists: dict[str, Dataset]
    population: Dataset
    truth: int
    members: dict[str, frozenset[str]]
    origin: dict[str, str]
    on: dt.date
    capture: dict[str, float]
    dependence: dict[tuple[str, str], float]
    heterogeneity: float
    seed: int

    def histories(self) -> CaptureHistories:
        """The true capture histories: who is on which list, without linking.

        Returns:
            Exact histories: the table that perfect linking would give.
        """
        names = tuple(self.lists)
        counts: dict[tuple[int, ...], int] = {}
        for person in self.population.persons:
            key = tuple(int(person.id in self.members[n]) for n in names)
            if any(key):
                counts[key] = counts.get(key, 0) + 1
        return CaptureHistories.from_counts(names, counts)


def _forms(person: Person, position: int) -> tuple[Name, ...]:
    """The name forms a list writes: Latin, Belarusian or Russian Cyrillic, by turns."""
    wanted = (
        lambda n: n.script is Script.LATIN,
        lambda n: n.script is Script.CYRILLIC and n.lang == "be",
        lambda n: n.script is Script.CYRILLIC and n.lang == "ru",
    )[position % 3]
    return tuple(n for n in person.names if wanted(n)) or person.names


def _misspell(rng: random.Random, name: Name) -> Name:
    """The name with one letter inside the surname left out."""
    family = name.family
    if len(family) < 5:
        return name
    at = rng.randrange(1, len(family) - 1)
    return attrs.evolve(name, family=family[:at] + family[at + 1 :])


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "list"


def synthetic_lists(
    seed: int = 0,
    *,
    lists: int | Sequence[str] = 3,
    capture: float | Sequence[float] = 0.5,
    dependence: Mapping[tuple[str, str], float] | None = None,
    heterogeneity: float = 0.0,
    on: DateLike = "2023-01-01",
    population: Dataset | None = None,
    typos: float = 0.0,
    missing_birth: float = 0.0,
) -> SyntheticLists:
    """Draw lists of people from a synthetic population of known size.

    Args:
        seed: The seed of the draw; the same arguments give the same lists.
        lists: How many lists (2 to 5, named ``A``, ``B``, ...), or their names.
        capture: Each list's chance of listing a person (one for all, or one a list),
            strictly between 0 and 1.
        dependence: The log odds ratio between pairs of lists, by their names, such as
            ``{("A", "B"): 1.0}``: positive when being on one list makes being on the
            other likelier, negative when less likely; 0 (independence) for pairs left
            out.
        heterogeneity: The standard deviation of people's catchability on the log-odds
            scale, shared by every list (0: everyone is as likely to be listed).
        on: The day: the population is the people certainly held on it.
        population: The population to draw from; by default the people of
            :func:`~belarus_repression.synthetic` (seed 0) certainly held on *on*.
        typos: The share of a list's records whose surname is misspelt (one letter left
            out), which makes their links uncertain or lost.
        missing_birth: The share of a list's records without the date of birth, which lets
            namesakes be linked as one person.

    Returns:
        The lists and the truth.

    Raises:
        ValueError: for fewer than 2 or more than 5 lists, a chance outside (0, 1), a share
            outside [0, 1], a negative heterogeneity, a dependence between unknown or equal
            lists, or a population that is not synthetic.

    .. versionadded:: 0.2.0
    """
    names = (
        [string.ascii_uppercase[i] for i in range(lists)]
        if isinstance(lists, int)
        else [str(n) for n in lists]
    )
    if not 2 <= len(names) <= 5 or len(set(names)) != len(names):
        raise ValueError(f"draw 2 to 5 lists with distinct names, not {names}")
    chances = [float(capture)] * len(names) if isinstance(capture, int | float) else list(capture)
    if len(chances) != len(names) or not all(0.0 < p < 1.0 for p in chances):
        raise ValueError(f"give each list a chance strictly between 0 and 1, not {capture!r}")
    if not (0.0 <= typos <= 1.0 and 0.0 <= missing_birth <= 1.0) or heterogeneity < 0.0:
        raise ValueError("typos and missing_birth are shares from 0 to 1, heterogeneity >= 0")
    pairs: dict[tuple[int, int], float] = {}
    for (a, b), value in (dependence or {}).items():
        if a not in names or b not in names or a == b:
            raise ValueError(f"dependence is between two of the lists {names}, not {(a, b)}")
        i, j = sorted((names.index(a), names.index(b)))
        pairs[i, j] = pairs.get((i, j), 0.0) + float(value)
    day = read_day(on, "on")
    if population is None:
        from ._counts import held_on  # noqa: PLC0415 - the counts load with the package
        from ._synthetic import synthetic  # noqa: PLC0415 - built on first use

        whole = synthetic(0)
        population = whole.subset(persons=held_on(whole, day).certainly)
    if not population.synthetic:
        raise ValueError("synthetic_lists draws only from a synthetic population")
    rng = random.Random(seed)
    people = population.persons
    patterns = draw_patterns(rng, len(people), chances, pairs, heterogeneity)
    k = len(names)
    members = {
        name: frozenset(p.id for p, m in zip(people, patterns, strict=True) if m >> (k - 1 - j) & 1)
        for j, name in enumerate(names)
    }
    origin: dict[str, str] = {}
    datasets = {}
    for j, name in enumerate(names):
        datasets[name] = _list_dataset(
            rng,
            population=population,
            ids=members[name],
            place=(name, j),
            shares=(typos, missing_birth),
            origin=origin,
        )
    return SyntheticLists(
        datasets,
        population,
        len(people),
        members,
        origin,
        day,
        dict(zip(names, chances, strict=True)),
        {(names[i], names[j]): g for (i, j), g in pairs.items()},
        heterogeneity,
        seed,
    )


def _list_dataset(
    rng: random.Random,
    *,
    population: Dataset,
    ids: frozenset[str],
    place: tuple[str, int],
    shares: tuple[float, float],
    origin: dict[str, str],
) -> Dataset:
    """One list: its people under its own ids and name forms, with their custody spells."""
    name, position = place
    typos, missing_birth = shares
    slug = _slug(name)
    persons = []
    custody: list[CustodySpell] = []
    for number, person in enumerate(p for p in population.persons if p.id in ids):
        pid = f"syn-{slug}-{number + 1}"
        origin[pid] = person.id
        forms = _forms(person, position)
        if typos and rng.random() < typos:
            forms = (_misspell(rng, forms[0]), *forms[1:])
        birth = None if missing_birth and rng.random() < missing_birth else person.birth
        persons.append(attrs.evolve(person, id=pid, names=forms, birth=birth))
        for count, spell in enumerate(population.spells_of(person.id)):
            custody.append(attrs.evolve(spell, id=f"{pid}-s{count + 1}", person_id=pid))
    cited = {s for person in persons for s in person.sources}
    cited.update(s for spell in custody for s in spell.sources)
    cited.update(s for wave in population.pardon_waves for s in wave.sources)
    return Dataset(
        population.as_of,
        sources=tuple(s for s in population.sources if s.id in cited),
        persons=tuple(persons),
        custody=tuple(custody),
        pardon_waves=population.pardon_waves,
        synthetic=True,
    )
