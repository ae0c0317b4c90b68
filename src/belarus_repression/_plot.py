"""Plots of the number of political prisoners over time, and of flows (the ``plot`` extra).

:func:`plot_held` draws the people held over time as a line, with a shaded band where partly
known dates leave the count between bounds, and the published figures as markers whose shape
says their qualifier.  :func:`plot_flows` draws entries and exits per period.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Final

from ._frames import _require
from ._vocab import Metric, RecordQualifier

if TYPE_CHECKING:
    from ._models import ReportedFigure
    from ._results import TimeSeries

__all__ = ["plot_flows", "plot_held"]

#: Marker shape and fill of a published figure, by qualifier.
MARKERS: Final = {
    RecordQualifier.EXACT: ("o", "full", "exactly"),
    RecordQualifier.AT_LEAST: ("^", "full", "at least"),
    RecordQualifier.MORE_THAN: ("^", "none", "more than"),
    RecordQualifier.ABOUT: ("D", "none", "about"),
    RecordQualifier.AT_MOST: ("v", "full", "at most"),
}


def _axes(ax: Any) -> Any:
    if ax is not None:
        return ax
    plt = _require("matplotlib.pyplot", "plot")
    _, ax = plt.subplots(figsize=(9, 4.5), layout="constrained")
    return ax


def plot_held(
    series: TimeSeries,
    figures: Iterable[ReportedFigure] = (),
    *,
    ax: Any = None,
    title: str | None = None,
) -> Any:
    """Plot the people held over time, with bounds, and published figures as markers.

    Args:
        series: A time series (``time_series(ds, ..., recognized_only=True)`` for political
            prisoners).
        figures: Published figures to mark; only counts of political prisoners without a
            filter are drawn, each at the middle of its date, shaped by its qualifier.
        ax: A matplotlib Axes to draw on (a new figure by default).
        title: The title.

    Returns:
        The matplotlib Axes.

    Raises:
        ImportError: naming the ``plot`` extra when matplotlib is not installed.

    .. versionadded:: 0.1.0
    """
    ax = _axes(ax)
    days = [row.end for row in series]
    low = [row.held.low for row in series]
    high = [row.held.high for row in series]
    label = "political prisoners held" if series.recognized_only else "people held"
    ax.plot(days, low, color="#1f4e79", linewidth=1.6, label=f"{label} (certain)")
    if any(lo != hi for lo, hi in zip(low, high, strict=True)):
        ax.fill_between(
            days,
            low,
            high,
            color="#1f4e79",
            alpha=0.25,
            linewidth=0,
            label="possible (partial dates)",
        )
    seen: set[RecordQualifier] = set()
    for figure in figures:
        if figure.metric is not Metric.POLITICAL_PRISONERS or figure.filter or not days:
            continue
        middle = figure.as_of.earliest + (figure.as_of.latest - figure.as_of.earliest) / 2
        if not days[0] <= middle <= days[-1]:
            continue
        marker, fill, words = MARKERS[figure.qualifier]
        ax.plot(
            [middle],
            [figure.value],
            marker=marker,
            fillstyle=fill,
            color="#c0392b",
            linestyle="none",
            markersize=7,
            label=None if figure.qualifier in seen else f"published: {words}",
        )
        seen.add(figure.qualifier)
    ax.set_ylabel("people")
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", frameon=False)
    if title:
        ax.set_title(title)
    return ax


def plot_flows(series: TimeSeries, *, ax: Any = None, title: str | None = None) -> Any:
    """Plot custody spells begun (up) and ended (down) per period, with bounds as whiskers.

    .. versionadded:: 0.1.0
    """
    ax = _axes(ax)
    starts = [row.start for row in series]
    width = [(row.end - row.start).days * 0.8 for row in series]
    entries = [row.entries for row in series]
    exits = [row.exits_total for row in series]
    ax.bar(
        starts,
        [c.low for c in entries],
        width=width,
        align="edge",
        color="#1f4e79",
        label="arrests (custody begun)",
    )
    ax.bar(
        starts,
        [-c.low for c in exits],
        width=width,
        align="edge",
        color="#c0392b",
        label="releases and deaths (custody ended)",
    )
    spread = [c.high - c.low for c in entries]
    if any(spread):
        ax.bar(
            starts,
            spread,
            bottom=[c.low for c in entries],
            width=width,
            align="edge",
            color="#1f4e79",
            alpha=0.3,
        )
    spread = [c.high - c.low for c in exits]
    if any(spread):
        ax.bar(
            starts,
            [-s for s in spread],
            bottom=[-c.low for c in exits],
            width=width,
            align="edge",
            color="#c0392b",
            alpha=0.3,
        )
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_ylabel(f"custody spells per {series.freq}")
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", frameon=False)
    if title:
        ax.set_title(title)
    return ax
