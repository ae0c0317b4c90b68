"""Pseudonymisation: keyed pseudonyms, no names or free text, k-anonymous people, shuffled records.

See :func:`pseudonymize`; the generalisation itself is in :mod:`._kanon`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from ._kanon import (
    MEASURED,
    Generaliser,
    Record,
    generalise,
    levels,
    signature,
    specialise,
    unique_shares,
)
from ._models import Source

if TYPE_CHECKING:
    from ._dataset import Dataset

__all__ = ["Pseudonymized", "pseudonymize"]


@attrs.frozen
class Pseudonymized:
    """A pseudonymised dataset and a report of what was done to make it so.

    Attributes:
        dataset: The pseudonymised dataset, safe to share (see :func:`pseudonymize`).
        k: Every combination of quasi-identifiers is shared by at least this many people,
            except the people in :attr:`could_not`.
        generalised: For each quasi-identifier (``arrest``, ``release``, ``verdict``,
            ``recognized``, ``observation``: dates; ``pardon_wave``, ``region``, ``birth``),
            how many of the people who have one hold it at each level, finest first (dates:
            ``month``, ``quarter``, ``year``, ``period``, the whole period of the data;
            ``birth``: ``age band`` or ``removed``; ``region`` and ``pardon_wave``: ``kept``
            or ``removed``).
        could_not: The pseudonymised ids of the people whose record could not be made
            k-anonymous: even with every date widened to the whole period and birth, region
            and pardon wave removed, fewer than *k* people share their gender and the shape
            of their record (how many spells, verdicts and observations, which are open).
            Their quasi-identifiers are at the most general level.
        unique_before: The share of the people ever held whom each set of quasi-identifiers
            singles out in the original dataset (birth by its year, dates by the day).
        unique_after: The same shares in :attr:`dataset`, matching the published values.

    .. versionadded:: 0.2.0
    """

    dataset: Dataset
    k: int
    generalised: Mapping[str, Mapping[str, int]]
    could_not: tuple[str, ...]
    unique_before: Mapping[str, float]
    unique_after: Mapping[str, float]

    def __str__(self) -> str:
        people = len(self.dataset.persons)
        lines = [
            f"{people:,} people, {self.k}-anonymous"
            + (
                f" but for {len(self.could_not):,} (their record's shape is rare)"
                if self.could_not
                else ""
            ),
            "generalised (people at each level, finest first):",
        ]
        for field, counts in self.generalised.items():
            shown = ", ".join(f"{level} {n:,}" for level, n in counts.items())
            lines.append(f"  {field:<12} {shown}")
        lines.append("people ever held whom these single out, before -> after:")
        for name in MEASURED:
            before, after = self.unique_before[name], self.unique_after[name]
            lines.append(f"  {name:<40} {before:6.1%} -> {after:6.1%}")
        return "\n".join(lines)


def _id(record: Any) -> str:
    return str(record.id)


def _records(ds: Dataset) -> dict[str, Record]:
    return {
        p.id: Record(p, ds.spells_of(p.id), ds.convictions_of(p.id), ds.observations_of(p.id))
        for p in ds.persons
    }


def pseudonymize(ds: Dataset, key: bytes | str, *, k: int = 5) -> Pseudonymized:
    """The dataset made pseudonymous and k-anonymous, with a report of what that took.

    - every id becomes ``ps-`` and 16 hexadecimal digits of HMAC-SHA256 of the id under
      *key* (stable: the same id and key give the same pseudonym; references follow);
    - names, courts, judges, facilities, notes and the raw text of sentences are dropped;
      sources lose their names and addresses (a source's address can name a person);
    - the quasi-identifiers of each person (gender, birth, region, and the dates of arrests,
      releases, verdicts, appeals, recognition and observations, and the pardon wave that
      released them) are generalised until every combination of them, with the shape of the
      record, is shared by at least *k* people: dates to the calendar month at the finest,
      then the quarter, the year or the whole period of the data; birth to the age band on
      ``as_of`` (the groups of ``by="age_group"``) or removed; region kept or removed (small
      regions merge into ``unknown``); the pardon wave kept or removed.  Gender, roles,
      citizenship, recognition, articles, sentences, end reasons and kinds of observation
      are kept exactly: they are what the counts are about, and they are not generalised;
    - every table is put in the order of its pseudonyms, a shuffle keyed by *key*.

    A generalised date is a range that contains the true one, so every count on the result
    brackets the count on *ds*: its ``low`` is no higher and its ``high`` no lower.  These
    are unchanged: every count on the dataset's ``as_of`` day (``in_custody(ds, ds.as_of)``,
    with ``recognized_only``, broken down by any key but ``region`` and ``age_group``);
    counts over the whole period (``start`` and ``end`` left out) of convictions, releases,
    deaths in custody and the ``low`` of pardons (their ``high`` too if no pardon wave was
    removed); the numbers of people, verdicts and custody spells by every kept attribute.
    Counts on the last day of a calendar month, quarter or year, and flows within one, are
    exact for the people whose dates are at that level or finer (see
    :attr:`Pseudonymized.generalised`).

    Pseudonyms are stable so that a later version can be pseudonymised the same way; but
    two versions generalised differently can be matched person by person and their
    generalisations combined: share only one version per key.

    Args:
        ds: The dataset.
        key: The secret key (required; it also seeds the order of the records).
        k: The smallest number of people any combination of quasi-identifiers may single
            out (at least 2).

    Raises:
        ValueError: when the key is empty or *k* is below 2.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Generalises the quasi-identifiers to k-anonymity, shuffles the records and returns a
       :class:`Pseudonymized` (the dataset is its ``dataset``).
    """
    import hashlib  # noqa: PLC0415 - slow to import (OpenSSL); only pseudonymising needs it
    import hmac  # noqa: PLC0415

    from ._dataset import Dataset  # noqa: PLC0415 - _dataset imports the models first

    secret = key.encode() if isinstance(key, str) else bytes(key)
    if not secret:
        raise ValueError("pseudonymize needs a secret key; an empty key protects no one")
    if k < 2:
        raise ValueError(f"k must be at least 2, not {k}")

    def ps(value: str) -> str:
        return "ps-" + hmac.new(secret, value.encode(), hashlib.sha256).hexdigest()[:16]

    def refs(values: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(sorted(ps(v) for v in values))

    originals = _records(ds)
    g = Generaliser(ds.as_of, originals.values())
    by_pseudonym = {ps(pid): record for pid, record in originals.items()}
    states = specialise(by_pseudonym, k, g)
    generalised = {key: generalise(r, states[key], g) for key, r in by_pseudonym.items()}
    signatures = {key: signature(r) for key, r in generalised.items()}
    sizes = Counter(signatures.values())

    persons, convictions, custody, observations = [], [], [], []
    for pseudonym, out in generalised.items():
        persons.append(
            attrs.evolve(out.person, id=pseudonym, names=(), sources=refs(out.person.sources))
        )
        convictions += [
            attrs.evolve(
                c,
                id=ps(c.id),
                person_id=pseudonym,
                court=None,
                judges=(),
                sentence=None if c.sentence is None else attrs.evolve(c.sentence, raw=None),
                sources=refs(c.sources),
            )
            for c in out.convictions
        ]
        custody += [
            attrs.evolve(
                s,
                id=ps(s.id),
                person_id=pseudonym,
                pardon_wave=None if s.pardon_wave is None else ps(s.pardon_wave),
                facility=None,
                sources=refs(s.sources),
            )
            for s in out.spells
        ]
        observations += [
            attrs.evolve(o, id=ps(o.id), person_id=pseudonym, note=None, sources=refs(o.sources))
            for o in out.observations
        ]
    sources = [Source(ps(s.id), "pseudonymised source") for s in ds.sources]
    waves = [
        attrs.evolve(w, id=ps(w.id), announced_by=None, note=None, sources=refs(w.sources))
        for w in ds.pardon_waves
    ]
    figures = [attrs.evolve(f, id=ps(f.id), source=ps(f.source), note=None) for f in ds.figures]

    result = Dataset(
        ds.as_of,
        sources=tuple(sorted(sources, key=_id)),
        persons=tuple(sorted(persons, key=_id)),
        convictions=tuple(sorted(convictions, key=_id)),
        custody=tuple(sorted(custody, key=_id)),
        pardon_waves=tuple(sorted(waves, key=_id)),
        observations=tuple(sorted(observations, key=_id)),
        figures=tuple(sorted(figures, key=_id)),
        synthetic=ds.synthetic,
    )
    could_not = tuple(sorted(key for key, sig in signatures.items() if sizes[sig] < k))
    return Pseudonymized(
        dataset=result,
        k=k,
        generalised=levels(by_pseudonym, states),
        could_not=could_not,
        unique_before=unique_shares(originals.values()),
        unique_after=unique_shares(_records(result).values()),
    )
