"""Computed counts beside published figures: :func:`reconcile`.

For each published figure the same number is computed from a dataset, on the figure's date
(every possible day of it, when the source is vague), for the figure's period and subgroup,
and a verdict says whether the two agree, by the rule of the figure's qualifier:

============  ======================================================================
qualifier     consistent when the computed bounds ``[low, high]`` ...
============  ======================================================================
exact         contain the value
at_least      reach the value: ``high >= value``
more_than     pass it: ``high > value``
at_most       stay within it: ``low <= value``
about         meet the value give or take 10%: ``[low, high]`` meets ``[0.9 v, 1.1 v]``
============  ======================================================================

A figure is *not computable* from a dataset when it is dated after the dataset's ``as_of``,
when its period starts before the data's first record of that kind can tell, or when the
dataset holds no records of the kind the figure counts (no observations, no pardon waves).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Final

import attrs

from ._counts import (
    convictions,
    deaths_in_custody,
    in_custody,
    observed,
    pardons,
    releases,
    time_series,
)
from ._results import Count
from ._vocab import EndReason, Metric, ObservationKind, Recognition, RecordQualifier

if TYPE_CHECKING:
    from ._dataset import Records
    from ._models import ReportedFigure

__all__ = ["ABOUT_TOLERANCE", "Reconciliation", "Verdict", "reconcile"]

#: How far "about" reaches, as a share of the value.
ABOUT_TOLERANCE: Final = 0.10


class Verdict(enum.StrEnum):
    """Whether a computed count agrees with a published figure."""

    CONSISTENT = "consistent"
    INCONSISTENT = "inconsistent"
    NOT_COMPUTABLE = "not computable"


@attrs.frozen
class ReconciledFigure:
    """One published figure beside the count computed from a dataset.

    Attributes:
        figure: The published figure.
        computed: The computed count, or ``None`` when it cannot be computed.
        verdict: Whether they agree (see :func:`reconcile` for the rules).
        reason: Why, in a sentence.
    """

    figure: ReportedFigure
    computed: Count | None
    verdict: Verdict
    reason: str


@attrs.frozen
class Reconciliation(Sequence[ReconciledFigure]):
    """Every figure reconciled with one dataset.

    .. versionadded:: 0.1.0
    """

    items: tuple[ReconciledFigure, ...]

    def __getitem__(self, index: int) -> ReconciledFigure:  # type: ignore[override]
        return self.items[index]

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[ReconciledFigure]:
        return iter(self.items)

    def to_rows(self) -> list[dict[str, Any]]:
        """One flat dict per figure."""
        return [
            {
                "figure": item.figure.id,
                "metric": item.figure.metric.value,
                "filter": ";".join(f"{k}={v}" for k, v in item.figure.filter),
                "as_of": str(item.figure.as_of),
                "period_start": ""
                if item.figure.period_start is None
                else str(item.figure.period_start),
                "qualifier": item.figure.qualifier.value,
                "published": item.figure.value,
                "computed_low": None if item.computed is None else item.computed.low,
                "computed_high": None if item.computed is None else item.computed.high,
                "verdict": item.verdict.value,
                "reason": item.reason,
            }
            for item in self.items
        ]

    def _repr_html_(self) -> str:
        from ._html import html_table  # noqa: PLC0415

        rows = [
            [
                i.figure.metric.value + "".join(f" {k}={v}" for k, v in i.figure.filter),
                i.figure.as_of,
                i.figure.qualifier.value,
                i.figure.value,
                "—" if i.computed is None else str(i.computed),
                i.verdict.value,
            ]
            for i in self.items
        ]
        headers = ["figure", "as of", "qualifier", "published", "computed", "verdict"]
        return html_table(headers, rows)

    def __str__(self) -> str:
        lines = []
        for item in self.items:
            f = item.figure
            computed = "—" if item.computed is None else str(item.computed)
            what = f.metric.value + "".join(f" {k}={v}" for k, v in f.filter)
            lines.append(
                f"{what:<34} {f.as_of!s:<14} {f.qualifier.value:<9} {f.value:>7,}  "
                f"{computed:>13}  {item.verdict.value}"
            )
        return "\n".join(lines)


def _agrees(qualifier: RecordQualifier, value: int, count: Count) -> tuple[bool, str]:
    low, high = count.low, count.high
    if qualifier is RecordQualifier.EXACT:
        return (
            low <= value <= high,
            f"{value:,} {'is' if low <= value <= high else 'is not'} within {count}",
        )
    if qualifier is RecordQualifier.AT_LEAST:
        return high >= value, f"at least {value:,}: the count reaches {high:,}"
    if qualifier is RecordQualifier.MORE_THAN:
        return high > value, f"more than {value:,}: the count reaches {high:,}"
    if qualifier is RecordQualifier.AT_MOST:
        return low <= value, f"at most {value:,}: the count is at least {low:,}"
    lo, hi = value * (1 - ABOUT_TOLERANCE), value * (1 + ABOUT_TOLERANCE)
    ok = high >= lo and low <= hi
    return ok, f"about {value:,} (±{ABOUT_TOLERANCE:.0%}): the count is {count}"


def _over_days(day_count: Any, ds: Records, figure: ReportedFigure) -> Count:
    """The bounds of a count on a day, over every day a vague date may be."""
    if figure.as_of.is_exact:
        return day_count(figure.as_of.earliest)  # type: ignore[no-any-return]
    counts = [day_count(day) for day in figure.as_of.days() if day <= ds.as_of]
    return Count(min(c.low for c in counts), max(c.high for c in counts))


def _where(figure: ReportedFigure) -> dict[str, str] | None:
    return dict(figure.filter) or None


def compute(ds: Records, figure: ReportedFigure) -> tuple[Count | None, str]:
    """The count a figure states, computed from *ds*; ``None`` and why when it cannot be."""
    if figure.as_of.latest > ds.as_of:
        return None, f"dated after the data's as_of ({ds.as_of})"
    where = _where(figure)
    metric = figure.metric
    start = None if figure.period_start is None else figure.period_start.earliest
    end = figure.as_of.latest + dt.timedelta(days=1)
    if metric is Metric.POLITICAL_PRISONERS:
        if figure.as_of.is_exact:
            count = in_custody(ds, figure.as_of.earliest, recognized_only=True, where=where)
            return count, "recognised political prisoners held on the day"
        series = time_series(
            ds, figure.as_of.earliest, end, "day", recognized_only=True, where=where
        )
        held = [row.held for row in series]
        return (
            Count(min(c.low for c in held), max(c.high for c in held)),
            "recognised political prisoners held, on any day the date may be",
        )
    if metric in (Metric.SERIOUS_ILLNESS, Metric.INCOMMUNICADO):
        kind = (
            ObservationKind.SERIOUS_ILLNESS
            if metric is Metric.SERIOUS_ILLNESS
            else ObservationKind.INCOMMUNICADO
        )
        if not any(o.kind is kind for o in ds.observations):
            return None, f"the data has no {kind.value} observations"
        return _over_days(lambda d: observed(ds, kind, d, where=where), ds, figure), (
            f"people observed {kind.value.replace('_', ' ')} on the day"
        )
    if (
        metric is Metric.PARDONED
        and not ds.pardon_waves
        and not any(s.end_reason is EndReason.PARDON for s in ds.custody)
    ):
        return None, "the data has no pardons"
    flows: dict[Metric, Any] = {
        Metric.CONVICTIONS: lambda: convictions(ds, start, end, where=where),
        Metric.PARDONED: lambda: pardons(ds, start, end, where=where),
        Metric.DEATHS_IN_CUSTODY: lambda: deaths_in_custody(ds, start, end, where=where),
        Metric.RELEASED_SENTENCE_SERVED: lambda: releases(
            ds, start, end, reason=EndReason.SENTENCE_SERVED, where=where
        ),
        Metric.RECOGNIZED: lambda: _recognized(ds, start, end, where),
    }
    count = flows[metric]()
    period = "since " + (str(figure.period_start) if figure.period_start else "the start")
    return Count(count.low, count.high), f"{metric.value.replace('_', ' ')} {period}"


def _recognized(
    ds: Records, start: dt.date | None, end: dt.date, where: dict[str, str] | None
) -> Count:
    from ._groups import person_filter  # noqa: PLC0415

    test = person_filter(ds, where)
    low = high = 0
    first = start or dt.date.min
    for person in ds.persons:
        if person.recognition is not Recognition.RECOGNIZED or (test and not test(person)):
            continue
        if person.recognized is None:
            high += 1
            continue
        low += first <= person.recognized.earliest and person.recognized.latest < end
        high += person.recognized.latest >= first and person.recognized.earliest < end
    return Count(low, high)


def reconcile(ds: Records, figures: Iterable[ReportedFigure]) -> Reconciliation:
    """Compute each published figure from *ds* and say whether the two agree.

    The rules, by qualifier, are in this module's documentation and on the docs'
    "Definitions" page.

    Args:
        ds: The dataset.
        figures: Published figures, such as :func:`~belarus_repression.reported_figures`.

    Returns:
        One :class:`ReconciledFigure` per figure, in order.

    .. versionadded:: 0.1.0
    """
    items = []
    for figure in figures:
        count, reason = compute(ds, figure)
        if count is None:
            items.append(ReconciledFigure(figure, None, Verdict.NOT_COMPUTABLE, reason))
            continue
        ok, why = _agrees(figure.qualifier, figure.value, count)
        verdict = Verdict.CONSISTENT if ok else Verdict.INCONSISTENT
        items.append(ReconciledFigure(figure, count, verdict, f"{reason}; {why}"))
    return Reconciliation(tuple(items))
