"""Data shipped in the package: published figures, pardon waves, the Criminal Code catalogue.

Built from public sources by ``scripts/build_data.py``; read on first use with
:mod:`importlib.resources` and cached.  The figures and waves are a document in the
library's own JSON format, so loading them runs every check the library has.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, overload

import attrs

from ._articles import read_article
from ._dates import DateLike, read_partial_date
from ._errors import UnknownKeyError
from ._groups import read_value, read_values
from ._models import FIGURE_FILTER_KEYS, ArticleRef, PardonWave, ReportedFigure, Source
from ._vocab import Metric

if TYPE_CHECKING:
    from ._dataset import Dataset

__all__ = [
    "CodeArticle",
    "Figures",
    "article",
    "bundled_sources",
    "criminal_code",
    "pardon_waves",
    "reported_figures",
]


def _data_text(name: str) -> str:
    from importlib import resources  # noqa: PLC0415 - slow to import, needed once

    return resources.files("belarus_repression").joinpath("data", name).read_text("utf-8")


@functools.cache
def _published() -> Dataset:
    from importlib import resources  # noqa: PLC0415

    from ._io._api import load  # noqa: PLC0415

    data = resources.files("belarus_repression").joinpath("data", "published.json")
    with resources.as_file(data) as path:  # a real file, even from a zipped package
        return load(path)


@attrs.frozen
class Figures(Sequence[ReportedFigure]):
    """Published figures with the sources they cite.

    A sequence of :class:`~belarus_repression.ReportedFigure`; ``source_of(figure)`` gives the
    :class:`~belarus_repression.Source` behind one.

    Attributes:
        figures: The figures, in the order of the reference file.
        sources: Every source they cite, by id.

    .. versionadded:: 0.1.0
    """

    figures: tuple[ReportedFigure, ...]
    sources: dict[str, Source] = attrs.field(eq=False)

    @overload
    def __getitem__(self, index: int) -> ReportedFigure: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[ReportedFigure]: ...

    def __getitem__(self, index: int | slice) -> ReportedFigure | Sequence[ReportedFigure]:
        return self.figures[index]

    def __len__(self) -> int:
        return len(self.figures)

    def __iter__(self) -> Iterator[ReportedFigure]:
        return iter(self.figures)

    def source_of(self, figure: ReportedFigure) -> Source:
        """The source a figure cites."""
        return self.sources[figure.source]

    def select(
        self,
        metric: Metric | str | None = None,
        *,
        as_of: DateLike | None = None,
        **filter_: object,
    ) -> Figures:
        """The figures of one metric, date and subgroup.

        Example: ``select("political_prisoners", as_of="2025-08-01", gender="female")``.

        Every argument is checked: a misspelt metric, filter key or value raises, while a
        question that is well put but that no figure answers gives an empty selection.

        Args:
            metric: A :class:`~belarus_repression.Metric` or its text (in any letter case),
                such as ``"political_prisoners"``; ``None``: every metric.
            as_of: The date the figures describe: a day in any form the counts accept
                (``"2025-08-01"``, a ``date``, a ``datetime``, a ``pandas.Timestamp``) or a
                vaguer date in any form :meth:`~belarus_repression.PartialDate.parse` reads
                (``"2023-07"``).  A figure is selected when its own ``as_of``, which may be
                vague, can be a day of the one asked: asking for ``2023-07-15`` finds a
                figure "as of July 2023", and asking for ``2023-07`` finds every figure
                that may describe a day in July 2023.  ``None``: any date.
            **filter_: The subgroup, with the keys of
                :data:`~belarus_repression.FIGURE_FILTER_KEYS` (``gender``, ``role``,
                ``region``, ``article``, ``citizenship``) and values read as ``where=`` of
                the counts reads them (an enum member or its text, a list for any of
                several).  A figure is selected when its subgroup is exactly the one asked:
                ``gender="female"`` selects the figures about women, not those about
                everyone.  Without a filter, figures of every subgroup are selected.

        Returns:
            The selected figures, in their order.

        Raises:
            UnknownKeyError: for an unknown metric, filter key or filter value; the message
                lists the known ones.
            ValidationError: for an ``as_of`` that is not a date.

        .. versionchanged:: 0.2.0
           Unknown metrics, keys and values raise instead of selecting nothing; ``as_of=``.
        """
        wanted_metric = None if metric is None else _read_metric(metric)
        wanted_day = None if as_of is None else read_partial_date(as_of, "as_of")
        wanted = {}
        for key, value in filter_.items():
            if key not in FIGURE_FILTER_KEYS:
                raise UnknownKeyError(key, sorted(FIGURE_FILTER_KEYS), "figure filter key")
            wanted[key] = read_values(key, value)

        def chosen(figure: ReportedFigure) -> bool:
            if wanted_metric is not None and figure.metric is not wanted_metric:
                return False
            if wanted_day is not None and not figure.as_of.overlaps(wanted_day):
                return False
            return not wanted or (_subgroup(figure) == wanted.keys() and _in(figure, wanted))

        return Figures(tuple(filter(chosen, self.figures)), self.sources)


def _read_metric(metric: object) -> Metric:
    if isinstance(metric, Metric):
        return metric
    if isinstance(metric, str) and metric.casefold() in Metric._value2member_map_:
        return Metric(metric.casefold())
    raise UnknownKeyError(metric, [m.value for m in Metric], "metric")


def _subgroup(figure: ReportedFigure) -> set[str]:
    return {key for key, _ in figure.filter}


def _in(figure: ReportedFigure, wanted: dict[str, frozenset[object]]) -> bool:
    """Whether each value of the figure's subgroup is among those asked for its key."""
    for key, text in figure.filter:
        try:
            value = read_value(key, text)
        except UnknownKeyError:  # a value the library cannot read answers no question
            return False
        if value not in wanted[key]:
            return False
    return True


def reported_figures() -> Figures:
    """The published figures shipped with the library, each with its source.

    Figures by Viasna and others: the number of political prisoners over time (2020-2025),
    women and journalists among them, convictions, pardons, deaths in custody, the seriously
    ill and those held incommunicado.  Dates stay as vague as the sources give them, and
    qualifiers (at least, about, more than) are kept.

    .. versionadded:: 0.1.0
    """
    published = _published()
    return Figures(published.figures, dict(published.source_by_id))


def pardon_waves() -> tuple[PardonWave, ...]:
    """The announced pardon waves of July 2024 to December 2025, each with its source.

    Announced counts are what the announcement said; rights groups' confirmed numbers differ
    and are published figures of their own.

    .. versionadded:: 0.1.0
    """
    return _published().pardon_waves


def bundled_sources() -> dict[str, Source]:
    """Every source the bundled figures and pardon waves cite, by id.

    .. versionadded:: 0.1.0
    """
    return dict(_published().source_by_id)


@attrs.frozen
class CodeArticle:
    """One article of the Criminal Code of Belarus used in political cases.

    Attributes:
        ref: The article (and part, or preparation) as an :class:`~belarus_repression.ArticleRef`.
        title_en: The English title, as Viasna uses it.
        title_ru: The Russian title.
        title_ru_verified: Whether the Russian title was checked against the Code (the
            reference material marks them unverified).
        source: Where the article was seen in political cases.

    .. versionadded:: 0.1.0
    """

    ref: ArticleRef
    title_en: str
    title_ru: str
    title_ru_verified: bool
    source: str

    def __str__(self) -> str:
        return f"art. {self.ref}: {self.title_en}"


@functools.cache
def criminal_code() -> tuple[CodeArticle, ...]:
    """The catalogue of Criminal Code articles used in political cases.

    .. versionadded:: 0.1.0
    """
    import json  # noqa: PLC0415

    from ._converter import structure  # noqa: PLC0415

    entries: list[dict[str, Any]] = json.loads(_data_text("criminal_code.json"))
    return tuple(
        CodeArticle(
            ref=structure(e["article"], ArticleRef),
            title_en=e["title_en"],
            title_ru=e["title_ru"],
            title_ru_verified=e["title_ru_verified"],
            source=e["source"],
        )
        for e in entries
    )


def article(text: str) -> CodeArticle:
    """Look up an article: ``article("361-1")``, ``article("293 p.2")``, ``article("ч.2 ст.293")``.

    The text may be in any form the ``article`` filter of the counts reads (see
    :doc:`/definitions`).  An article given with a part falls back to the article without
    one.

    Args:
        text: The article, such as ``"361-1"``, ``"293 p.2"`` or ``"Art. 293 part 2"``.

    Returns:
        The catalogue's entry.

    Raises:
        UnknownKeyError: for an article the catalogue does not have (also a
            :class:`LookupError`); the message lists the ones it has.
        ValidationError: for text that is not an article.

    .. versionadded:: 0.1.0
    """
    ref = read_article(text)
    catalogue = criminal_code()
    for wanted in (ref, attrs.evolve(ref, part=None)):
        for entry in catalogue:
            if entry.ref == wanted:
                return entry
    raise UnknownKeyError(text, [str(e.ref) for e in catalogue], "article")
