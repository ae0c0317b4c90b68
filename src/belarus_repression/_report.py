"""The summary report: the headline numbers of a dataset beside the published figures.

:func:`headline` computes, as of a day, the numbers organisations publish most: political
prisoners (and the women and journalists among them), convictions since 2020, pardons in the
past year, deaths in custody since 2020, the seriously ill and those held incommunicado; each
beside the latest published figure of the same measure, its source, and the verdict of
:func:`~belarus_repression.reconcile` for that figure.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Final

import attrs

from ._counts import convictions, deaths_in_custody, in_custody, observed, pardons
from ._dates import DateLike, read_day
from ._reconcile import ReconciledFigure, reconcile
from ._results import Count
from ._vocab import Metric, ObservationKind

if TYPE_CHECKING:
    from ._bundled import Figures
    from ._dataset import Records
    from ._models import ReportedFigure, Source

__all__ = ["Headline", "HeadlineRow", "headline"]

SINCE: Final = dt.date(2020, 1, 1)


@attrs.frozen
class HeadlineRow:
    """One headline number beside its published counterpart.

    Attributes:
        label: What is counted, in words.
        computed: The count computed from the dataset as of the report's day (``None`` when
            disclosure control hides it).
        figure: The latest published figure of the same measure on or before that day.
        source: The figure's source.
        reconciled: The figure reconciled with the dataset (computed on the figure's date).
        hidden_as: When disclosure control hides the computed count, what the table shows
            instead: ``<K`` (a small count) or ``suppressed`` (hidden to protect another).
    """

    label: str
    computed: Count | None
    figure: ReportedFigure | None
    source: Source | None
    reconciled: ReconciledFigure | None
    hidden_as: str | None = None

    def to_row(self) -> dict[str, Any]:
        """The row as a flat dict."""
        f = self.figure
        return {
            "measure": self.label,
            "computed_low": None if self.computed is None else self.computed.low,
            "computed_high": None if self.computed is None else self.computed.high,
            "published": None if f is None else f.value,
            "qualifier": None if f is None else f.qualifier.value,
            "published_as_of": None if f is None else str(f.as_of),
            "counted_by": None if f is None else f.counted_by,
            "source": None if self.source is None else (self.source.url or self.source.name),
            "verdict": None if self.reconciled is None else self.reconciled.verdict.value,
        }


@attrs.frozen
class Headline(Sequence[HeadlineRow]):
    """The headline numbers of a dataset as of a day.

    Attributes:
        as_of: The day.
        synthetic: Whether the dataset is the library's synthetic data.
        rows: The numbers.
        min_cell: The disclosure-control threshold applied, if any.
    """

    as_of: dt.date
    synthetic: bool
    rows: tuple[HeadlineRow, ...]
    min_cell: int | None = None

    def __getitem__(self, index: int) -> HeadlineRow:  # type: ignore[override]
        return self.rows[index]

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[HeadlineRow]:
        return iter(self.rows)

    def _repr_html_(self) -> str:
        from ._html import html_table  # noqa: PLC0415

        rows = [list(row.to_row().values()) for row in self.rows]
        caption = f"as of {self.as_of}" + (" — synthetic data" if self.synthetic else "")
        return html_table(list(self.rows[0].to_row()) if self.rows else [], rows, caption)

    def to_rows(self) -> list[dict[str, Any]]:
        """One flat dict per number."""
        return [{"as_of": self.as_of.isoformat(), **row.to_row()} for row in self.rows]


_QUALIFIER_WORDS: Final = {
    "exact": "",
    "at_least": "at least ",
    "more_than": "more than ",
    "about": "about ",
    "at_most": "at most ",
}


def format_table(report: Headline) -> str:
    """The report as an aligned text table, with the sources it cites numbered below it."""
    header = ("measure", "computed", "published", "as of", "counted by", "verdict")
    rows = []
    cited: dict[str, int] = {}
    notes: list[str] = []
    for row in report:
        f, src = row.figure, row.source
        published, when, by, verdict = "—", "", "", "no published figure"
        if f is not None:
            published = f"{_QUALIFIER_WORDS[f.qualifier.value]}{f.value:,}"
            when, by = str(f.as_of), f.counted_by or ""
            verdict = row.reconciled.verdict.value if row.reconciled else ""
        if src is not None:
            if src.id not in cited:
                cited[src.id] = len(cited) + 1
                where = src.name if not src.url or src.url == src.name else f"{src.name}, {src.url}"
                notes.append(f"[{cited[src.id]}] {where}")
            verdict += f" [{cited[src.id]}]"
        computed = str(row.computed) if row.computed is not None else row.hidden_as or ""
        rows.append((row.label, computed, published, when, by, verdict))
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
        for r in [header, *rows]
    ]
    return "\n".join([*lines, "", "Sources:", *notes])


def _latest(
    figures: Figures, metric: Metric, day: dt.date, **filter_: str
) -> ReportedFigure | None:
    """The published figure of a measure dated latest on or before *day*."""
    chosen = [f for f in figures.select(metric.value, **filter_) if f.as_of.latest <= day]
    if not filter_:
        chosen = [f for f in chosen if not f.filter]
    return max(chosen, key=lambda f: f.as_of.latest, default=None)


def headline(
    ds: Records, figures: Figures, on: DateLike | None = None, *, min_cell: int | None = None
) -> Headline:
    """The headline numbers of *ds* as of *on* (default: its ``as_of``).

    Args:
        ds: The dataset.
        figures: The published figures to compare with (``reported_figures()``).
        on: The day of the report, no later than ``ds.as_of``, in any form
            :func:`~belarus_repression.read_day` reads.
        min_cell: Disclosure control (:func:`~belarus_repression.suppress`, at least 3):
            hide every computed count from 1 to ``min_cell - 1`` (its row's ``computed`` is
            ``None`` and the table shows ``<K``).  The women and the journalists are counted
            among the political prisoners: when these are fewer than ``min_cell``, all three
            rows are hidden.

    .. versionadded:: 0.1.0
    """
    day = ds.as_of if on is None else read_day(on, "on")
    end = day + dt.timedelta(days=1)
    year_ago = day - dt.timedelta(days=365 + (day.month > 2 and calendar.isleap(day.year)))
    women, journalists = {"gender": "female"}, {"role": "journalist"}
    pp = Metric.POLITICAL_PRISONERS
    specs: list[tuple[str, Callable[[], Count], Metric, dict[str, str]]] = [
        ("political prisoners", lambda: in_custody(ds, day, recognized_only=True), pp, {}),
        (
            "  of them women",
            lambda: in_custody(ds, day, recognized_only=True, where=women),
            pp,
            women,
        ),
        (
            "  of them journalists",
            lambda: in_custody(ds, day, recognized_only=True, where=journalists),
            pp,
            journalists,
        ),
        ("convictions since 2020", lambda: convictions(ds, SINCE, end), Metric.CONVICTIONS, {}),
        ("pardoned in the past year", lambda: pardons(ds, year_ago, end), Metric.PARDONED, {}),
        (
            "deaths in custody since 2020",
            lambda: deaths_in_custody(ds, SINCE, end),
            Metric.DEATHS_IN_CUSTODY,
            {},
        ),
        (
            "seriously ill",
            lambda: observed(ds, ObservationKind.SERIOUS_ILLNESS, day),
            Metric.SERIOUS_ILLNESS,
            {},
        ),
        (
            "held incommunicado",
            lambda: observed(ds, ObservationKind.INCOMMUNICADO, day),
            Metric.INCOMMUNICADO,
            {},
        ),
    ]
    counts = [Count(c.low, c.high) for c in (spec[1]() for spec in specs)]  # cut: the day
    hidden = {} if min_cell is None else _suppressed(counts, min_cell)
    rows = []
    for i, (label, _, metric, filter_) in enumerate(specs):
        figure = _latest(figures, metric, day, **filter_)
        reconciled = None if figure is None else reconcile(ds, [figure])[0]
        source = None if figure is None else figures.source_of(figure)
        shown = None if i in hidden else counts[i]
        rows.append(HeadlineRow(label, shown, figure, source, reconciled, hidden.get(i)))
    return Headline(day, ds.synthetic, tuple(rows), min_cell)


def _suppressed(counts: Sequence[Count], k: int) -> dict[int, str]:
    """The rows that disclosure control hides, with what each shows instead.

    The first three rows are linked (the women and the journalists among the political
    prisoners) and are suppressed together; each other row is a count of its own.
    """
    from ._linked import CellId, Table, plan  # noqa: PLC0415 - only --min-cell needs it
    from ._suppress import SUPPRESSED  # noqa: PLC0415

    if k < 3:
        raise ValueError(f"min_cell must be at least 3 (with 2, '<2' would say 1), not {k}")
    everyone = CellId(())
    women, journalists = CellId((("gender", "female"),)), CellId((), ("role", "journalist"))
    linked = (
        Table((), "gender", (("female", women),), partitions=True, complete=False),
        Table((), "role", (("journalist", journalists),), partitions=False, complete=False),
    )
    sets: list[tuple[tuple[Table, ...], dict[CellId, Count]]] = [
        (linked, {everyone: counts[0], women: counts[1], journalists: counts[2]})
    ]
    sets += [((Table((), None, ()),), {everyone: c}) for c in counts[3:]]
    places = [[everyone, women, journalists], *([everyone] for _ in counts[3:])]
    out: dict[int, str] = {}
    row = 0
    for (tables, values), cells in zip(sets, places, strict=True):
        pattern = plan(tables, values, k)
        for cell in cells:
            if cell in pattern.secondary:
                out[row] = SUPPRESSED
            elif cell in pattern.primary or (cell != everyone and pattern.unlisted):
                out[row] = f"<{k}"
            row += 1
    return out
