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

from ._errors import UnknownKeyError
from ._models import ArticleRef, PardonWave, ReportedFigure, Source

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

    def select(self, metric: str | None = None, **filter_: str) -> Figures:
        """The figures of one metric and filter.

        Example: ``select("political_prisoners", gender="female")``.
        """
        wanted = tuple(sorted(filter_.items()))
        chosen = tuple(
            f
            for f in self.figures
            if (metric is None or f.metric.value == metric) and (not filter_ or f.filter == wanted)
        )
        return Figures(chosen, self.sources)


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
    """Look up an article: ``article("361-1")``, ``article("293 p.2")``.

    An article given with a part falls back to the article without one.

    Raises:
        UnknownKeyError: for an article the catalogue does not have (also a
            :class:`LookupError`); the message lists the ones it has.

    .. versionadded:: 0.1.0
    """
    ref = ArticleRef.parse(text)
    catalogue = criminal_code()
    for wanted in (ref, attrs.evolve(ref, part=None)):
        for entry in catalogue:
            if entry.ref == wanted:
                return entry
    raise UnknownKeyError(text, [str(e.ref) for e in catalogue], "article")
