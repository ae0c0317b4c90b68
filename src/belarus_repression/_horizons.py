"""Each input's horizon in a merge: what the merged ``as_of`` cuts, and what it makes uncertain.

A dataset describes the world up to its ``as_of``; an open custody spell means "held on
``as_of``", not "held forever", and an undated recognition or verdict means "by ``as_of``".
When two datasets are merged, :func:`prepare` keeps of each input only what it says about
days up to the merged ``as_of`` and dates its undated facts by its own ``as_of``, and
:func:`close_open` turns a spell or observation that an input left open at an earlier
horizon into one that ended on an unknown day after that horizon.  Every change is accounted
for by a :class:`~belarus_repression.Problem` located in the input it changed
(``location.file`` is ``left`` or ``right``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from typing import Final

import attrs

from ._dataset import Dataset
from ._dates import PartialDate
from ._errors import Problem, Severity, shorten
from ._models import (
    Conviction,
    CustodySpell,
    Observation,
    PardonWave,
    Person,
    ReportedFigure,
    Source,
)
from ._vocab import Recognition

__all__ = [
    "DATE_CUT",
    "END_UNKNOWN",
    "LEFT_OUT",
    "UNDATED",
    "Side",
    "close_open",
    "prepare",
    "same_spell",
]

LEFT_OUT: Final = "merge.left_out"
DATE_CUT: Final = "merge.date_cut"
END_UNKNOWN: Final = "merge.end_unknown"
UNDATED: Final = "merge.undated"

_ONE_DAY: Final = dt.timedelta(days=1)
_PERSON_TABLES: Final = ("convictions", "custody", "observations")


@attrs.frozen(eq=False)
class Side:
    """One input of a merge, cut at the merged dataset's ``as_of``.

    Attributes:
        name: ``left`` or ``right``.
        as_of: The input's own ``as_of``.
        horizon: The last day the input tells about in the merge: the earlier of its own
            ``as_of`` and the merged one.
        sources: The input's sources.
        persons: Its persons, less those every record of whom was left out.
        convictions: Its verdicts up to the horizon.
        custody: Its custody spells that start by the horizon, open if they ended after it.
        pardon_waves: Its pardon waves up to the horizon.
        observations: Its observations that start by the horizon, open if they ended after it.
        figures: Its published figures (each carries its own date; none is cut).
        cut: One warning per record left out (``merge.left_out``) or date removed
            (``merge.date_cut``).
        uncertain: One warning per undated recognition or verdict now dated "some day up
            to the input's ``as_of``" (``merge.undated``).
        rows: The row of each record in the input, by ``(table, id)``.
    """

    name: str
    as_of: dt.date
    horizon: dt.date
    sources: tuple[Source, ...]
    persons: tuple[Person, ...]
    convictions: tuple[Conviction, ...]
    custody: tuple[CustodySpell, ...]
    pardon_waves: tuple[PardonWave, ...]
    observations: tuple[Observation, ...]
    figures: tuple[ReportedFigure, ...]
    cut: tuple[Problem, ...]
    uncertain: tuple[Problem, ...]
    rows: Mapping[tuple[str, str], int]

    def problem(  # noqa: PLR0917 - a private helper with one call shape
        self, code: str, table: str, record_id: str, field: str | None, message: str, value: object
    ) -> Problem:
        """A warning about a record of this input, located in the input."""
        row = self.rows.get((table, record_id))
        path = f"$.{table}[{row}]" + (f".{field}" if field else "")
        shown = None if value is None else shorten(str(value))
        return Problem(code, message, value=shown, severity=Severity.WARNING).at(
            file=self.name, table=table, row=row, record=record_id, path=path
        )


def _after(date: PartialDate | None, day: dt.date) -> bool:
    """Whether *date* is certainly after *day* (what ``date.after_as_of`` refuses)."""
    return date is not None and date.earliest > day


def prepare(  # noqa: PLR0915 - one pass per table, each with its own rule
    name: str, ds: Dataset, day: dt.date, linked: Collection[str]
) -> Side:
    """Keep of *ds* what it says about the days up to *day*, and account for the rest.

    A record whose defining date (a spell's or observation's start, a verdict, a pardon
    wave's date) is certainly after *day* is left out.  A spell or observation that certainly
    ended after *day* is left open, as it was then (held on *day*), with no end reason.  An
    appeal or a birth certainly after *day* is removed; a recognition certainly after it
    becomes ``unknown``; a spell's reference to a pardon wave that was left out is removed.
    A person every record of whom was left out is left out too, unless *linked* names them.

    When *ds* has another ``as_of`` than *day*, an undated recognition or verdict, which
    means "by ``as_of``", is dated ``[0001-01-01..as_of]`` so that it keeps that meaning.
    """
    rows = {
        (table, record.id): row
        for table, records in ds.tables().items()
        for row, record in enumerate(records)
    }
    horizon = min(ds.as_of, day)
    side = Side(
        name,
        ds.as_of,
        horizon,
        ds.sources,
        ds.persons,
        ds.convictions,
        ds.custody,
        ds.pardon_waves,
        ds.observations,
        ds.figures,
        (),
        (),
        rows,
    )
    if ds.as_of == day:
        return side
    problems: list[Problem] = []
    uncertain: list[Problem] = []
    by_as_of = PartialDate.between(dt.date.min, ds.as_of)
    undated = f"undated, that is by the {name} input's as_of {ds.as_of}: now dated {by_as_of}"

    def note(  # noqa: PLR0917 - one call shape
        code: str, table: str, record_id: str, field: str | None, message: str, value: object
    ) -> None:
        problems.append(side.problem(code, table, record_id, field, message, value))

    after = f"after the merged as_of {day}"
    waves, waves_out = [], set()
    for wave in ds.pardon_waves:
        if _after(wave.date, day):
            waves_out.add(wave.id)
            note(
                LEFT_OUT,
                "pardon_waves",
                wave.id,
                "date",
                f"dated {wave.date}, {after}: left out",
                wave.date,
            )
        else:
            waves.append(wave)
    custody = []
    for spell in ds.custody:
        if _after(spell.start, day):
            note(
                LEFT_OUT,
                "custody",
                spell.id,
                "start",
                f"starts {spell.start}, {after}: left out",
                spell.start,
            )
            continue
        if _after(spell.end, day):
            note(
                DATE_CUT,
                "custody",
                spell.id,
                "end",
                f"ends {spell.end}, {after}: left open (held on {day})",
                spell.end,
            )
            spell = attrs.evolve(  # noqa: PLW2901
                spell, end=None, end_reason=None, expelled=False, pardon_wave=None
            )
        elif spell.pardon_wave in waves_out:
            note(
                DATE_CUT,
                "custody",
                spell.id,
                "pardon_wave",
                f"names pardon wave {spell.pardon_wave!r}, dated {after}: the reference is removed",
                spell.pardon_wave,
            )
            spell = attrs.evolve(spell, pardon_wave=None)  # noqa: PLW2901
        custody.append(spell)
    observations = []
    for obs in ds.observations:
        if _after(obs.start, day):
            note(
                LEFT_OUT,
                "observations",
                obs.id,
                "start",
                f"starts {obs.start}, {after}: left out",
                obs.start,
            )
            continue
        if _after(obs.end, day):
            note(
                DATE_CUT,
                "observations",
                obs.id,
                "end",
                f"ends {obs.end}, {after}: left open",
                obs.end,
            )
            obs = attrs.evolve(obs, end=None)  # noqa: PLW2901
        observations.append(obs)
    convictions = []
    for conviction in ds.convictions:
        if _after(conviction.verdict, day):
            note(
                LEFT_OUT,
                "convictions",
                conviction.id,
                "verdict",
                f"the verdict is dated {conviction.verdict}, {after}: left out",
                conviction.verdict,
            )
            continue
        if _after(conviction.appeal, day):
            note(
                DATE_CUT,
                "convictions",
                conviction.id,
                "appeal",
                f"the appeal is dated {conviction.appeal}, {after}: the appeal date is removed",
                conviction.appeal,
            )
            conviction = attrs.evolve(conviction, appeal=None)  # noqa: PLW2901
        if conviction.verdict is None:
            uncertain.append(
                side.problem(
                    UNDATED,
                    "convictions",
                    conviction.id,
                    "verdict",
                    f"the verdict is {undated}",
                    None,
                )
            )
            conviction = attrs.evolve(conviction, verdict=by_as_of)  # noqa: PLW2901
        convictions.append(conviction)
    kept = {r.person_id for table in (convictions, custody, observations) for r in table}
    had = {r.person_id for table in _PERSON_TABLES for r in getattr(ds, table)}
    persons = []
    for person in ds.persons:
        if person.id in had and person.id not in kept and person.id not in linked:
            note(
                LEFT_OUT,
                "persons",
                person.id,
                None,
                f"every record of the person is dated {after}: left out",
                None,
            )
            continue
        if _after(person.birth, day):
            note(
                DATE_CUT,
                "persons",
                person.id,
                "birth",
                f"born {person.birth}, {after}: the birth date is removed",
                person.birth,
            )
            person = attrs.evolve(person, birth=None)  # noqa: PLW2901
        if _after(person.recognized, day):
            note(
                DATE_CUT,
                "persons",
                person.id,
                "recognized",
                f"recognised {person.recognized}, {after}: the recognition is unknown then",
                person.recognized,
            )
            person = attrs.evolve(  # noqa: PLW2901
                person, recognition=Recognition.UNKNOWN, recognized=None
            )
        if person.recognition is Recognition.RECOGNIZED and person.recognized is None:
            message = f"recognised {undated}"
            uncertain.append(
                side.problem(UNDATED, "persons", person.id, "recognized", message, None)
            )
            person = attrs.evolve(person, recognized=by_as_of)  # noqa: PLW2901
        persons.append(person)
    return attrs.evolve(
        side,
        persons=tuple(persons),
        convictions=tuple(convictions),
        custody=tuple(custody),
        pardon_waves=tuple(waves),
        observations=tuple(observations),
        cut=tuple(problems),
        uncertain=tuple(uncertain),
    )


def _certain_days(spell: CustodySpell, horizon: dt.date) -> tuple[dt.date, dt.date]:
    """The days a spell certainly covers, ``[start, end)``; open, it is known to its horizon."""
    end = spell.end.earliest if spell.end is not None else horizon + _ONE_DAY
    return spell.start.latest, end


def same_spell(a: CustodySpell, a_horizon: dt.date, b: CustodySpell, b_horizon: dt.date) -> bool:
    """Whether two spells of one person certainly share a day: one spell told twice.

    An open spell is certain only up to the horizon of the input that tells it.
    """
    (a_start, a_end), (b_start, b_end) = _certain_days(a, a_horizon), _certain_days(b, b_horizon)
    return max(a_start, b_start) < min(a_end, b_end)


def close_open(
    custody: list[CustodySpell],
    observations: list[Observation],
    origin: Mapping[tuple[str, str], tuple[Side, str]],
    day: dt.date,
) -> list[Problem]:
    """Give an uncertain end to what an input left open at a horizon before *day*, in place.

    The end, a day of freedom, lies from the day after the input's horizon (held then) to
    the day after *day* (still held on *day*), and no later than the start of a later spell
    of the person.  *origin* gives, by ``(table, merged id)``, the input that told the
    record's end and the record's id there.  Returns one ``merge.end_unknown`` warning each.
    """
    problems: list[Problem] = []
    starts: dict[str, list[PartialDate]] = {}
    for spell in custody:
        starts.setdefault(spell.person_id, []).append(spell.start)

    def end_of(side: Side, person_id: str, table: str) -> PartialDate:
        later = starts.get(person_id, []) if table == "custody" else []
        latest = min([day + _ONE_DAY, *(s.latest for s in later if s.earliest > side.horizon)])
        return PartialDate.between(side.horizon + _ONE_DAY, latest)

    def note(side: Side, table: str, old_id: str, end: PartialDate) -> None:
        still = "held" if table == "custody" else "in that state"
        problems.append(
            side.problem(
                END_UNKNOWN,
                table,
                old_id,
                "end",
                f"left open by the {side.name} input (as of {side.as_of}): "
                f"now ends some day in {end}, possibly still {still} on {day}",
                end,
            )
        )

    for i, spell in enumerate(custody):
        side, old_id = origin[("custody", spell.id)]
        if spell.end is None and side.horizon < day:
            end = end_of(side, spell.person_id, "custody")
            custody[i] = attrs.evolve(spell, end=end)
            note(side, "custody", old_id, end)
    for i, obs in enumerate(observations):
        side, old_id = origin[("observations", obs.id)]
        if obs.end is None and side.horizon < day:
            end = end_of(side, obs.person_id, "observations")
            observations[i] = attrs.evolve(obs, end=end)
            note(side, "observations", old_id, end)
    return problems
