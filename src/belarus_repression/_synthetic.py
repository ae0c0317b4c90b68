"""The calibrated synthetic population: invented people whose numbers match the published ones.

:func:`synthetic` builds a deterministic dataset in which nobody is real: every id starts with
``syn-``, every person has ``synthetic=True``, the dataset's ``synthetic`` flag is set, and names
are composed from common Belarusian given names and invented surnames.  It is calibrated so
that on 2025-08-01 its counts reproduce the figures Viasna published for that day, and its
number of political prisoners follows Viasna's published counts of 2021-2025.

How: a simulation steps through the days, week by week.  People are arrested, recognised as
political prisoners a few days later, convicted, and released when their term ends, by a
pardon wave (the real waves, named for a share of their announced members), early, or by death
in custody; at every weekly checkpoint arrests or early releases bring the number held to
the target curve, which runs through the published counts.  The messiness of real data is
added on purpose: partial dates, name forms in three scripts and languages, unnamed pardon-wave
members, verdicts in absentia, non-custodial sentences, people who were never recognised.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import heapq
import itertools
import random
from collections.abc import Sequence
from typing import Final

import attrs

from ._dataset import Dataset
from ._dates import DateLike, PartialDate, Qualifier, read_day
from ._models import (
    ArticleRef,
    Conviction,
    CustodySpell,
    Name,
    Observation,
    PardonWave,
    Person,
    Sentence,
    Source,
    Term,
)
from ._vocab import (
    EndReason,
    Gender,
    HealthCondition,
    ObservationKind,
    Recognition,
    Regime,
    Region,
    Role,
    Script,
    SentenceKind,
    TransliterationSystem,
)

__all__ = ["CALIBRATION", "synthetic"]

DAY: Final = dt.timedelta(days=1)
#: The day the regime's repression began: the rigged election.
ELECTION: Final = dt.date(2020, 8, 9)
DEFAULT_AS_OF: Final = dt.date(2025, 8, 1)

#: Counts of political prisoners the simulation follows: Viasna's published counts (see
#: ``reported_figures()``), each at the middle of its date; the curve runs linearly between
#: them and starts from nobody on election day.
CURVE: Final = (
    (ELECTION, 0),
    (dt.date(2020, 12, 16), 169),
    (dt.date(2021, 7, 27), 586),
    (dt.date(2021, 11, 16), 862),
    (dt.date(2022, 2, 14), 1022),
    (dt.date(2022, 3, 16), 1111),
    (dt.date(2022, 11, 27), 1450),
    (dt.date(2022, 12, 28), 1420),
    (dt.date(2023, 2, 27), 1452),
    (dt.date(2023, 4, 28), 1500),
    (dt.date(2023, 7, 16), 1488),
    (dt.date(2023, 11, 20), 1447),
    (dt.date(2024, 5, 21), 1374),
    (dt.date(2024, 7, 16), 1400),
    (dt.date(2024, 11, 7), 1287),
    (dt.date(2024, 12, 28), 1260),
    (dt.date(2025, 1, 18), 1244),
    (dt.date(2025, 8, 1), 1184),
    (dt.date(2025, 9, 15), 1197),
    (dt.date(2025, 11, 22), 1184),
    (dt.date(2025, 12, 23), 1135),
)


@attrs.frozen
class Calibration:
    """What the synthetic population reproduces on 2025-08-01 (at ``scale=1``).

    Attributes:
        political_prisoners: Recognised political prisoners held (Viasna: 1,184).
        women: Women among them (175).
        journalists: Journalists among them (37).
        convictions: Convictions in politically motivated cases since 2020 (7,239).
        deaths_in_custody: Deaths in custody since 2020 (Viasna: at least 8).
        seriously_ill: Political prisoners held though seriously ill (at least 164).
        incommunicado: Political prisoners held incommunicado (at least 8).
        pardoned_named_share: The share of a pardon wave's announced members the data names.
        pardoned_unlinked: Pardons in the year to 2025-08-01 outside the announced waves, so
            that the bounds of ``pardons()`` contain Viasna's 330.
    """

    political_prisoners: int = 1184
    women: int = 175
    journalists: int = 37
    convictions: int = 7239
    deaths_in_custody: int = 8
    seriously_ill: int = 170
    incommunicado: int = 9
    pardoned_named_share: float = 0.6
    pardoned_unlinked: int = 120


#: The calibration targets of :func:`synthetic`.
CALIBRATION: Final = Calibration()

# -- names: common Belarusian given names, invented surnames -----------------------------------

# Given names drawn from the library's one table of given names (names.given_names()), by
# their Belarusian forms, commonest first; each is written in Belarusian, Russian and the
# table's first Latin spelling.
_MALE_NAMES: Final = (
    "Аляксандр",
    "Сяргей",
    "Дзмітрый",
    "Андрэй",
    "Уладзімір",
    "Мікалай",
    "Аляксей",
    "Ігар",
    "Віктар",
    "Яўген",
    "Максім",
    "Раман",
    "Павел",
    "Юрый",
    "Іван",
    "Васіль",
    "Міхаіл",
    "Дзяніс",
    "Алег",
    "Вадзім",
    "Антон",
    "Арцём",
    "Кірыл",
    "Канстанцін",
    "Леанід",
    "Станіслаў",
    "Уладзіслаў",
    "Ягор",
    "Мікіта",
    "Віталь",
)
_FEMALE_NAMES: Final = (
    "Марыя",
    "Вольга",
    "Ганна",
    "Алена",
    "Кацярына",
    "Таццяна",
    "Ірына",
    "Наталля",
    "Святлана",
    "Людміла",
    "Марына",
    "Анастасія",
    "Ксенія",
    "Дар'я",
    "Ніна",
    "Яна",
    "Аліна",
    "Надзея",
    "Ларыса",
    "Паліна",
)


@functools.cache
def _given_forms(female: bool) -> tuple[tuple[tuple[str, str, str], ...], tuple[float, ...]]:
    """(Belarusian, Russian, Latin) of each given name drawn, and cumulative weights."""
    from .names import given_names  # noqa: PLC0415 - the names module is imported on use

    table = {name.belarusian: name for name in given_names()}
    drawn = _FEMALE_NAMES if female else _MALE_NAMES
    forms = tuple((table[b].belarusian, table[b].russian, table[b].latin[0]) for b in drawn)
    return forms, _zipf(len(forms), 3)


def _zipf(n: int, offset: int) -> tuple[float, ...]:
    """Cumulative Zipf-Mandelbrot weights of ranks 1..n: rank r weighs ``1 / (r + offset)``."""
    return tuple(itertools.accumulate(1 / (rank + offset) for rank in range(1, n + 1)))


def _draw(rng: random.Random, cumulative: Sequence[float]) -> int:
    return bisect.bisect(cumulative, rng.random() * cumulative[-1])


# Invented surname stems, (Belarusian, Russian): no Slavic root, so that no surname made of
# them is a real one.  Some show how the languages differ: akanye (Мардзук / Мордзук),
# dzekanne and tsekanne (Дзіброн / Диброн, Ціўзар / Тивзар), ў for в, ы/і/и, э/е, я/е.
_STEMS: Final = (
    ("Сынтэт", "Синтет"),
    ("Прыдум", "Придум"),
    ("Мірах", "Мирох"),
    ("Падвіл", "Подвил"),
    ("Лапут", "Лапут"),
    ("Дымбрах", "Дымброх"),
    ("Жывард", "Живорд"),
    ("Кальбуц", "Кольбуц"),
    ("Вярдуш", "Вердуш"),
    ("Гумбяр", "Гумбер"),
    ("Фрузал", "Фрузол"),
    ("Цвірбат", "Цвирбот"),
    ("Шпундар", "Шпундор"),
    ("Бульдзяр", "Бульдер"),
    ("Квітраш", "Квитраш"),
    ("Мардзук", "Мордзук"),
    ("Пыхтар", "Пыхтор"),
    ("Рунцаб", "Рунцоб"),
    ("Склямб", "Склемб"),
    ("Тарвэд", "Торвед"),
    ("Урбаш", "Урбаш"),
    ("Хрумяц", "Хрумец"),
    ("Чавдыр", "Човдыр"),
    ("Юрхаб", "Юрхоб"),
    ("Ядвіц", "Ядвиц"),
    ("Алмуш", "Олмуш"),
    ("Відрук", "Видрук"),
    ("Жумбар", "Жумбор"),
    ("Зуйлап", "Зуйлап"),
    ("Кырдзям", "Кырдем"),
    ("Лынвар", "Лынвор"),
    ("Нурдаш", "Нурдош"),
    ("Рымзаб", "Рымзоб"),
    ("Сальвут", "Сольвут"),
    ("Тумрык", "Тумрык"),
    ("Фальбар", "Фольбар"),
    ("Ціўзар", "Тивзар"),
    ("Дзіброн", "Диброн"),
    ("Гвяздур", "Гвездур"),
    ("Шкарбуц", "Шкорбуц"),
    ("Ярмыж", "Ермыж"),
    ("Лёмбуц", "Лёмбуц"),
    ("Брыжвал", "Брыжвол"),
    ("Гаўрып", "Гаврып"),
    ("Зельпух", "Зельпух"),
)
# Surname endings: (male Belarusian, male Russian, female Belarusian, female Russian).
_ENDINGS: Final = (
    ("енка", "енко", "енка", "енко"),
    ("авіч", "ович", "авіч", "ович"),
    ("евіч", "евич", "евіч", "евич"),
    ("скі", "ский", "ская", "ская"),
    ("оўскі", "овский", "оўская", "овская"),
    ("чык", "чик", "чык", "чик"),
    ("ук", "ук", "ук", "ук"),
    ("ік", "ик", "ік", "ик"),
    ("ец", "ец", "ец", "ец"),
    ("аў", "ов", "ава", "ова"),
    ("ін", "ин", "іна", "ина"),
    ("ёнак", "ёнок", "ёнак", "ёнок"),
    ("ка", "ко", "ка", "ко"),
)


@functools.cache
def _surnames() -> tuple[tuple[tuple[str, ...], ...], tuple[float, ...]]:
    """Every invented surname, commonest first, with cumulative weights.

    Each is (male Belarusian, male Russian, male Latin, female Belarusian, female Russian,
    female Latin); the Latin form is the passport (ICAO) spelling of the Belarusian one.  The
    ranks are a fixed shuffle of stems x endings (the same for every seed), weighted by a
    Zipf-Mandelbrot law (rank r weighs ``1 / (r + 10)``): the commonest surname is borne by
    about one person in 45, the rarest by one in 2,500, as in a real population's heavy tail.
    """
    from ._translit import transliterate  # noqa: PLC0415 - the names module is imported on use

    icao = TransliterationSystem.ICAO
    table = []
    for stem_be, stem_ru in _STEMS:
        for m_be, m_ru, f_be, f_ru in _ENDINGS:
            male_be, female_be = stem_be + m_be, stem_be + f_be
            table.append(
                (
                    male_be,
                    stem_ru + m_ru,
                    transliterate(male_be, "be", icao),
                    female_be,
                    stem_ru + f_ru,
                    transliterate(female_be, "be", icao),
                )
            )
    random.Random("surname-ranks").shuffle(table)
    return tuple(table), _zipf(len(table), 10)


_REGION_WEIGHTS: Final = (
    (Region.MINSK_CITY, 40),
    (Region.MINSK_REGION, 10),
    (Region.BREST, 10),
    (Region.HOMIEL, 12),
    (Region.HRODNA, 11),
    (Region.MAHILIOU, 8),
    (Region.VITSEBSK, 9),
)
_OTHER_ROLES: Final = (
    Role.ACTIVIST,
    Role.STUDENT,
    Role.HUMAN_RIGHTS_DEFENDER,
    Role.POLITICIAN,
    Role.MEDIC,
    Role.LAWYER,
    Role.BLOGGER,
    Role.VOLUNTEER,
    Role.TRADE_UNIONIST,
    Role.CULTURAL_FIGURE,
)
_ARTICLES_2020: Final = (("342", None), ("293", 2), ("364", None), ("339", 2), ("130", None))
_ARTICLES_LATER: Final = (
    ("361-1", 1),
    ("361-4", None),
    ("130", 3),
    ("369", None),
    ("368", None),
    ("342", None),
    ("356", None),
    ("361", 3),
)


class _Held:
    """A person in custody during the simulation."""

    __slots__ = ("person", "planned_end", "recognized", "start")

    def __init__(self, person: int, start: dt.date, planned_end: dt.date, recognized: bool) -> None:
        self.person = person
        self.start = start
        self.planned_end = planned_end
        self.recognized = recognized


class _Spell:
    """A custody spell as the simulation writes it."""

    __slots__ = ("end", "person", "reason", "start", "wave")

    def __init__(self, person: int, start: dt.date) -> None:
        self.person = person
        self.start = start
        self.end: dt.date | None = None
        self.reason: EndReason | None = None
        self.wave: str | None = None


class _Bag:
    """The people held: random removal in constant time."""

    def __init__(self) -> None:
        self.items: list[_Held] = []
        self.where: dict[int, int] = {}

    def add(self, item: _Held) -> None:
        self.where[item.person] = len(self.items)
        self.items.append(item)

    def remove(self, item: _Held) -> None:
        i = self.where.pop(item.person)
        last = self.items.pop()
        if last is not item:
            self.items[i] = last
            self.where[last.person] = i

    def __contains__(self, item: _Held) -> bool:
        return item.person in self.where

    def __len__(self) -> int:
        return len(self.items)


def _curve(day: dt.date) -> float:
    for (d0, v0), (d1, v1) in itertools.pairwise(CURVE):
        if d0 <= day <= d1:
            return v0 + (v1 - v0) * (day - d0).days / (d1 - d0).days
    return float(CURVE[-1][1] if day > CURVE[-1][0] else 0)


class _Builder:
    """Runs the simulation and writes the records."""

    def __init__(self, seed: int, as_of: dt.date, scale: float) -> None:
        self.rng = random.Random(seed)
        # names come from a generator of their own, so that drawing them otherwise changes
        # no count or date of the population
        self.names = random.Random(f"names-{seed}")
        self.as_of = as_of
        self.scale = scale
        self.spells: list[_Spell] = []
        self.recognized: dict[int, bool] = {}
        self.arrests: dict[int, dt.date] = {}
        self.n_people = 0
        self.waves = [w for w in _bundled_waves() if w.date.latest <= as_of]

    def target(self, day: dt.date) -> int:
        return round(_curve(day) * self.scale)

    def new_person(self, recognized: bool) -> int:
        self.n_people += 1
        self.recognized[self.n_people] = recognized
        return self.n_people

    # -- the simulation ---------------------------------------------------------------------

    def simulate(self) -> _Bag:
        """Run the simulation; return the recognised political prisoners held at the end."""
        rng = self.rng
        held = _Bag()  # recognised political prisoners
        others = _Bag()  # people held but never recognised
        releases: list[tuple[dt.date, int, _Held]] = []  # planned ends, a heap
        events = sorted(
            [(day, 0, wave, named) for day, wave, named in self._wave_exits()]
            + [(day, 1, "", 1) for day in self._unlinked_pardons()]
            + [(day, 2, "", 1) for day in self._deaths()]
        )
        kinds = (EndReason.PARDON, EndReason.PARDON, EndReason.DIED_IN_CUSTODY)
        prev = ELECTION - DAY
        spell_of: dict[int, _Spell] = {}
        next_event = 0
        for check in self._checkpoints():
            # planned releases, pardons and deaths up to this checkpoint
            while releases and releases[0][0] <= check:
                day, _, item = heapq.heappop(releases)
                bag = held if item.recognized else others
                if item in bag:
                    reason = rng.choice([EndReason.SENTENCE_SERVED] * 6 + [EndReason.EARLY_RELEASE])
                    self._release(bag, spell_of, item, day, reason)
            while next_event < len(events) and events[next_event][0] <= check:
                day, kind, wave, n = events[next_event]
                next_event += 1
                for item in self._pick(held, n, before=day):
                    self._release(held, spell_of, item, day, kinds[kind], wave or None)
            # bring the number of recognised political prisoners held to the curve
            goal = self.target(check)
            if len(held) > goal:
                for item in self._pick(held, len(held) - goal, before=check):
                    day = _between(rng, max(item.start + DAY, prev + DAY), check)
                    self._release(held, spell_of, item, day, EndReason.EARLY_RELEASE)
            for _ in range(max(0, goal - len(held))):
                self._arrest(held, releases, spell_of, prev, check, recognized=True)
            # people never recognised as political prisoners are arrested too
            for _ in range(_poisson(rng, 2.5 * self.scale * (check - prev).days / 7)):
                self._arrest(others, releases, spell_of, prev, check, recognized=False)
            prev = check
        return held

    def _checkpoints(self) -> list[dt.date]:
        days = []
        day = ELECTION
        while day < self.as_of:
            days.append(day)
            day += 7 * DAY
        days.append(self.as_of)
        return days

    def _wave_exits(self) -> list[tuple[dt.date, str, int]]:
        share = CALIBRATION.pardoned_named_share
        return [
            (w.date.latest, w.id, round((w.announced_count or 0) * share * self.scale))
            for w in self.waves
        ]

    def _unlinked_pardons(self) -> list[dt.date]:
        start = self.as_of - dt.timedelta(days=365)
        n = round(CALIBRATION.pardoned_unlinked * self.scale)
        if start < ELECTION:
            return []
        return sorted(_between(self.rng, start, self.as_of - DAY) for _ in range(n))

    def _deaths(self) -> list[dt.date]:
        n = round(CALIBRATION.deaths_in_custody * self.scale)
        first = dt.date(2021, 3, 1)
        if self.as_of <= first:
            return []
        return sorted(_between(self.rng, first, self.as_of - DAY) for _ in range(n))

    def _pick(self, bag: _Bag, n: int, *, before: dt.date) -> list[_Held]:
        """Up to *n* different people of *bag* held since before *before*, at random.

        Draws with rejection, which costs little since nearly everyone held was arrested
        before; falls back to a full scan when too many draws are rejected.
        """
        rng, items = self.rng, bag.items
        chosen: list[_Held] = []
        seen: set[int] = set()
        tries = 0
        while items and len(chosen) < n and tries < 20 * n + 100:
            tries += 1
            item = items[rng.randrange(len(items))]
            if item.person not in seen and item.start < before:
                seen.add(item.person)
                chosen.append(item)
        if len(chosen) < n:
            pool = [i for i in items if i.start < before and i.person not in seen]
            chosen += rng.sample(pool, min(n - len(chosen), len(pool)))
        return chosen

    def _release(  # noqa: PLR0917 - a private step of the simulation
        self,
        held: _Bag,
        spell_of: dict[int, _Spell],
        item: _Held,
        day: dt.date,
        reason: EndReason,
        wave: str | None = None,
    ) -> None:
        held.remove(item)
        spell = spell_of.pop(item.person)
        spell.end, spell.reason, spell.wave = day, reason, wave

    def _arrest(
        self,
        held: _Bag,
        releases: list[tuple[dt.date, int, _Held]],
        spell_of: dict[int, _Spell],
        prev: dt.date,
        check: dt.date,
        *,
        recognized: bool,
    ) -> None:
        rng = self.rng
        # arrested in the week before the checkpoint, recognised within days, by the checkpoint
        latest = max(prev + DAY, check - 6 * DAY) if recognized else check
        start = _between(rng, min(prev + DAY, latest), latest)
        person = self.new_person(recognized)
        self.arrests[person] = start
        months = round(rng.lognormvariate(3.4, 0.6))  # a median term of about 2.5 years
        planned = start + dt.timedelta(days=90 + 30 * max(6, min(months, 300)))
        item = _Held(person, start, planned, recognized)
        held.add(item)
        heapq.heappush(releases, (planned, person, item))
        spell = _Spell(person, start)
        spell_of[person] = spell
        self.spells.append(spell)


def _between(rng: random.Random, low: dt.date, high: dt.date) -> dt.date:
    if high <= low:
        return low
    return low + dt.timedelta(days=rng.randrange((high - low).days + 1))


def _poisson(rng: random.Random, mean: float) -> int:
    """A Poisson-distributed number (Knuth), deterministic for a seeded generator."""
    if mean <= 0:
        return 0
    if mean > 30:  # normal approximation keeps large means fast
        return max(0, round(rng.gauss(mean, mean**0.5)))
    threshold, k, p = pow(2.718281828459045, -mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= threshold:
            return k
        k += 1


@functools.cache
def _bundled_waves() -> tuple[PardonWave, ...]:
    from ._bundled import pardon_waves  # noqa: PLC0415

    return pardon_waves()


# -- writing the records -----------------------------------------------------------------------

SOURCE: Final = Source(
    "syn-src-generator",
    "belarus-repression synthetic data generator: invented people, not a source of facts",
)


def _name_forms(rng: random.Random, names: random.Random, female: bool) -> tuple[Name, ...]:
    """A person's name forms, drawn from the names' own generator *names*.

    The population's generator *rng* still makes the draws it made for the names when they
    came from it (a given name of 12 or 8, a stem of 10, an ending of 4, whether only the
    Latin form is known), and throws them away: so every other draw, and every count and date
    of a seed's population, stays what it was.
    """
    rng.randrange(8 if female else 12)
    rng.randrange(10)
    rng.randrange(4)
    rng.random()
    given_forms, given_weights = _given_forms(female)
    given = given_forms[_draw(names, given_weights)]
    surnames, surname_weights = _surnames()
    surname = surnames[_draw(names, surname_weights)]
    family = surname[3:] if female else surname[:3]
    latin = Name(
        given[2],
        family[2],
        lang="be",
        script=Script.LATIN,
        system=TransliterationSystem.ICAO,
    )
    if names.random() < 0.1:  # only the Latin form is known
        return (latin,)
    belarusian = Name(given[0], family[0], lang="be", script=Script.CYRILLIC)
    russian = Name(given[1], family[1], lang="ru", script=Script.CYRILLIC)
    return (latin, belarusian, russian)


def _weighted_region(rng: random.Random) -> Region:
    regions = [r for r, _ in _REGION_WEIGHTS]
    weights = [w for _, w in _REGION_WEIGHTS]
    return rng.choices(regions, weights)[0]


def _maybe_month(rng: random.Random, day: dt.date, before: dt.date, share: float) -> PartialDate:
    """*day*, or (with probability *share*) its month when the whole month is before *before*."""
    month = PartialDate.month(day.year, day.month)
    if rng.random() < share and month.latest < before:
        return month
    return PartialDate.day(day)


def _articles(rng: random.Random, verdict: dt.date) -> tuple[ArticleRef, ...]:
    pool = _ARTICLES_2020 if verdict.year <= 2021 and rng.random() < 0.7 else _ARTICLES_LATER
    chosen = rng.sample(pool, rng.choice([1, 1, 1, 2]))
    refs = [ArticleRef(art, part) for art, part in sorted(chosen)]
    if rng.random() < 0.02:
        refs.append(ArticleRef("293", 1, preparation=True))
    return tuple(refs)


def _custodial_sentence(rng: random.Random, months: int) -> Sentence:
    term = Term.of_months(max(6, min(months, 25 * 12)))
    if rng.random() < 0.1:
        return Sentence(
            SentenceKind.RESTRICTED_FREEDOM_OPEN, term, raw='restricted freedom ("khimiya")'
        )
    regime = rng.choices([Regime.GENERAL, Regime.REINFORCED, Regime.STRICT], [5, 3, 1])[0]
    return Sentence(SentenceKind.IMPRISONMENT, term, regime)


def _other_sentence(rng: random.Random) -> Sentence:
    kind = rng.choices(
        [
            SentenceKind.FINE,
            SentenceKind.SUSPENDED,
            SentenceKind.RESTRICTED_FREEDOM_HOME,
            SentenceKind.DEFERRED,
            SentenceKind.CORRECTIONAL_LABOUR,
        ],
        [4, 3, 3, 1, 1],
    )[0]
    if kind is SentenceKind.FINE:
        return Sentence(kind, fine_base_units=rng.choice([50, 100, 200, 500, 1000]))
    return Sentence(kind, Term.of_months(rng.choice([6, 12, 18, 24, 36])))


class _Writer:
    """Turns the simulation's people and spells into records."""

    def __init__(self, builder: _Builder, held: _Bag) -> None:
        self.b = builder
        self.rng = builder.rng
        self.held_at_end = sorted(i.person for i in held.items)
        self.judges = [
            str(_name_forms(self.rng, builder.names, female=self.rng.random() < 0.4)[0])
            for _ in range(25)
        ]

    def write(self) -> Dataset:
        b, rng, as_of = self.b, self.rng, self.b.as_of
        scale = b.scale
        females = set(self._chosen(self.held_at_end, round(CALIBRATION.women * scale)))
        journalists = set(self._chosen(self.held_at_end, round(CALIBRATION.journalists * scale)))
        ill = self._chosen(self.held_at_end, round(CALIBRATION.seriously_ill * scale))
        incommunicado = self._chosen(self.held_at_end, round(CALIBRATION.incommunicado * scale))
        held_at_end = set(self.held_at_end)
        persons: list[Person] = []
        spells: list[CustodySpell] = []
        convictions: list[Conviction] = []
        observations: list[Observation] = []
        waves = {w.id: w for w in b.waves}
        spell_by_person = {s.person: s for s in b.spells}
        for number in range(1, b.n_people + 1):
            pid = f"syn-p-{number}"
            spell = spell_by_person[number]
            recognized = b.recognized[number]
            if number in held_at_end:
                female, journalist = number in females, number in journalists
            else:
                female = rng.random() < 0.12
                journalist = rng.random() < 0.02
            persons.append(self._person(pid, spell.start, recognized, female, journalist))
            spells.append(self._spell(pid, number, spell, waves))
            convictions += self._convictions_of(pid, spell)
        # people convicted without being held: sentences without custody, verdicts in absentia
        target = round(CALIBRATION.convictions * scale)
        extra_people = self._fill_convictions(persons, convictions, target)
        observations += [self._observation(n, ObservationKind.SERIOUS_ILLNESS) for n in ill]
        observations += [self._observation(n, ObservationKind.INCOMMUNICADO) for n in incommunicado]
        del extra_people
        sources = {SOURCE.id: SOURCE}
        for wave in b.waves:
            for source in wave.sources:
                sources.setdefault(source, _bundled_source(source))
        return Dataset(
            as_of=as_of,
            sources=tuple(sources.values()),
            persons=tuple(persons),
            convictions=tuple(convictions),
            custody=tuple(spells),
            pardon_waves=tuple(attrs.evolve(w, id="syn-" + w.id) for w in b.waves),
            observations=tuple(observations),
            synthetic=True,
        )

    def _chosen(self, people: Sequence[int], n: int) -> list[int]:
        return sorted(self.rng.sample(list(people), min(n, len(people))))

    def _person(
        self, pid: str, arrested: dt.date, recognized: bool, female: bool, journalist: bool
    ) -> Person:
        rng = self.rng
        born = arrested - dt.timedelta(days=rng.randrange(18 * 365, 66 * 365))
        birth = PartialDate.year(born.year) if rng.random() < 0.3 else PartialDate.day(born)
        roles = {Role.JOURNALIST} if journalist else set()
        if rng.random() < 0.35:
            roles.add(rng.choice(_OTHER_ROLES))
        recognition = Recognition.RECOGNIZED
        recognized_on: PartialDate | None = None
        if recognized:
            day = arrested + dt.timedelta(days=rng.randrange(0, 7))
            recognized_on = _maybe_month(rng, min(day, self.b.as_of), self.b.as_of, 0.05)
            if recognized_on.latest > self.b.as_of:  # pragma: no cover - guarded above
                recognized_on = PartialDate.day(self.b.as_of)
        else:
            recognition = rng.choice([Recognition.NOT_RECOGNIZED] * 7 + [Recognition.UNKNOWN] * 3)
        citizenship = {"BY"}
        if rng.random() < 0.03:
            citizenship.add(rng.choice(["UA", "RU", "PL", "LT"]))
        return Person(
            pid,
            names=_name_forms(rng, self.b.names, female),
            gender=Gender.FEMALE if female else Gender.MALE,
            birth=birth,
            region=_weighted_region(rng) if rng.random() < 0.9 else None,
            roles=frozenset(roles),
            citizenship=frozenset(citizenship),
            recognition=recognition,
            recognized=recognized_on,
            synthetic=True,
            sources=(SOURCE.id,),
        )

    def _spell(
        self, pid: str, number: int, spell: _Spell, waves: dict[str, PardonWave]
    ) -> CustodySpell:
        rng, as_of = self.rng, self.b.as_of
        end: PartialDate | None = None
        if spell.end is not None:
            if spell.wave is not None:
                end = waves[spell.wave].date
            elif spell.reason is EndReason.SENTENCE_SERVED and rng.random() < 0.03:
                # a former prisoner whose release day the source does not give: a range
                low = max(spell.start + DAY, spell.end - 90 * DAY)
                high = min(as_of, spell.end + 90 * DAY)
                end = PartialDate.between(low, high)
            else:
                end = PartialDate.day(spell.end)
        start = PartialDate.day(spell.start)
        if end is not None and rng.random() < 0.05:
            month = PartialDate.month(spell.start.year, spell.start.month)
            if month.latest < end.earliest and month.latest < as_of:
                start = month
        elif end is None and rng.random() < 0.05:
            start = _maybe_month(rng, spell.start, as_of, 1.0)
        reason = spell.reason
        if reason is EndReason.SENTENCE_SERVED and rng.random() < 0.05:
            reason = None  # the source does not say why
        return CustodySpell(
            f"syn-s-{number}",
            pid,
            start,
            end,
            reason,
            expelled=spell.wave is not None and rng.random() < 0.2,
            pardon_wave=None if spell.wave is None else "syn-" + spell.wave,
            facility=rng.choice(["Penal colony No. 4", "Pre-trial detention centre No. 1", None]),
            sources=(SOURCE.id,),
        )

    def _convictions_of(self, pid: str, spell: _Spell) -> list[Conviction]:
        rng, as_of = self.rng, self.b.as_of
        verdict = spell.start + dt.timedelta(days=rng.randrange(60, 300))
        released = spell.end or as_of + DAY
        if verdict >= released or verdict > as_of:
            return []  # released before a verdict, or still awaiting one
        months = round(rng.lognormvariate(3.4, 0.6))
        out = [self._conviction(f"syn-c-{pid[6:]}", pid, verdict, _custodial_sentence(rng, months))]
        if rng.random() < 0.03:
            later = verdict + dt.timedelta(days=rng.randrange(200, 700))
            if later < released and later <= as_of:
                sentence = _custodial_sentence(rng, rng.choice([6, 12, 18]))
                second = self._conviction(f"syn-c-{pid[6:]}-2", pid, later, sentence)
                out.append(attrs.evolve(second, articles=(ArticleRef("411"),)))
        return out

    def _conviction(
        self, cid: str, pid: str, verdict: dt.date, sentence: Sentence, *, absentia: bool = False
    ) -> Conviction:
        rng = self.rng
        return Conviction(
            cid,
            pid,
            verdict=_maybe_month(rng, verdict, self.b.as_of, 0.04),
            articles=_articles(rng, verdict),
            sentence=sentence,
            court=rng.choice(["Minsk City Court", "Regional court", "District court"]),
            judges=(rng.choice(self.judges),),
            in_absentia=absentia,
            appeal=None,
            sources=(SOURCE.id,),
        )

    def _fill_convictions(
        self, persons: list[Person], convictions: list[Conviction], target: int
    ) -> int:
        """Add people convicted without custody until the convictions reach *target*."""
        rng, as_of = self.rng, self.b.as_of
        while len(convictions) > target:  # drop later second verdicts first, then any
            seconds = [i for i, c in enumerate(convictions) if c.id.endswith("-2")]
            convictions.pop(seconds[-1] if seconds else -1)
        added = 0
        first = ELECTION + dt.timedelta(days=60)
        while len(convictions) < target:
            self.b.n_people += 1
            number = self.b.n_people
            pid = f"syn-p-{number}"
            verdict = _between(rng, first, as_of - DAY) if first < as_of else as_of
            absentia = rng.random() < 0.12
            person = self._person(
                pid,
                verdict,
                recognized=False,
                female=rng.random() < 0.2,
                journalist=rng.random() < 0.03,
            )
            persons.append(person)
            if absentia:
                months = round(rng.lognormvariate(3.6, 0.5))
                sentence = Sentence(
                    SentenceKind.IMPRISONMENT, Term.of_months(max(12, min(months, 300)))
                )
            else:
                sentence = _other_sentence(rng)
            convictions.append(
                self._conviction(f"syn-c-{number}", pid, verdict, sentence, absentia=absentia)
            )
            added += 1
        return added

    def _observation(self, number: int, kind: ObservationKind) -> Observation:
        rng = self.rng
        arrested = self.b.arrests[number]
        start = _between(rng, arrested, max(arrested, self.b.as_of - 30 * DAY))
        conditions: frozenset[HealthCondition] = frozenset()
        if kind is ObservationKind.SERIOUS_ILLNESS:
            conditions = frozenset(rng.sample(list(HealthCondition), rng.choice([1, 1, 2])))
        return Observation(
            f"syn-o-{kind.value}-{number}",
            f"syn-p-{number}",
            kind,
            PartialDate.day(start, Qualifier.APPROXIMATE if rng.random() < 0.1 else None),
            None,
            conditions,
            sources=(SOURCE.id,),
        )


def _bundled_source(source_id: str) -> Source:
    from ._bundled import bundled_sources  # noqa: PLC0415

    return bundled_sources()[source_id]


@functools.lru_cache(maxsize=4)
def synthetic(seed: int = 0, as_of: DateLike = DEFAULT_AS_OF, scale: float = 1.0) -> Dataset:
    """A calibrated, deterministic population of invented people.

    The same arguments give the identical dataset on any platform.  Nobody in it is real:
    ids start with ``syn-``, every person is marked ``synthetic``, the dataset's ``synthetic``
    flag is set, and names are common Belarusian given names with invented surnames.

    On 2025-08-01 (the default ``as_of``) and at ``scale=1`` it reproduces the figures Viasna
    published for that day: 1,184 political prisoners held, 175 of them women and 37
    journalists; 7,239 convictions since 2020; pardons in the year before whose bounds contain
    330; 8 deaths in custody; 170 seriously ill and 9 held incommunicado ("at least 164" and
    "at least 8").  Its number of political prisoners follows Viasna's published counts of
    2021-2025.

    Args:
        seed: The seed of the random choices.
        as_of: The day the data describes (from 2020-09-08), in any form
            :func:`~belarus_repression.read_day` reads; the calibration's headline figures
            hold on 2025-08-01.
        scale: Multiplies every count (``scale=100`` builds benchmark-sized data).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Surnames are drawn from 585 invented ones with a heavy-tailed (Zipf-Mandelbrot)
       distribution, and given names from 50, by a generator of the names' own: every count
       and date of a seed's population is what it was.
    """
    as_of = read_day(as_of, "as_of")
    if as_of < ELECTION + 30 * DAY:
        raise ValueError(f"as_of must be 2020-09-08 or later, not {as_of}")
    if scale <= 0:
        raise ValueError(f"scale must be positive, not {scale}")
    builder = _Builder(seed, as_of, scale)
    held = builder.simulate()
    return _Writer(builder, held).write()
