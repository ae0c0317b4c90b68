"""Estimating the unrecorded: how many people no list holds (multiple systems estimation).

Every list of political prisoners is incomplete.  From how several linked lists overlap,
capture–recapture estimates how many people are on none of them, with an interval:

- :func:`capture_histories` links the lists and counts the people of each pattern of
  presence, keeping uncertain links and partly known dates as bounds;
- :func:`estimate_total` estimates the total: Lincoln–Petersen or Chapman for two lists,
  log-linear models with two-way list interactions for three or more (chosen by AIC or BIC,
  or averaged), by strata that add up, each estimate with its assumptions and diagnostics;
- :func:`synthetic_lists` draws lists with known truth, to see how the estimators fare.

An estimate the data cannot support (a list with nobody on it, too few people on more than
one list, no model with a finite estimate) is refused with :class:`EstimationError`, never
returned as a number.  Log-linear estimates need numpy and scipy (the ``estimate`` extra).
See :doc:`/estimating`.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import attrs

from ._estimate_base import (
    STRATIFIED,
    EstimationError,
    Settings,
    check_arguments,
    check_table,
    log_normal,
    two_lists,
)
from ._estimate_histories import CaptureHistories, capture_histories
from ._estimate_results import Estimate, ModelFit
from ._estimate_synthetic import SyntheticLists, synthetic_lists

__all__ = [
    "CaptureHistories",
    "Estimate",
    "EstimationError",
    "ModelFit",
    "SyntheticLists",
    "capture_histories",
    "estimate_total",
    "synthetic_lists",
]


def estimate_total(
    histories: CaptureHistories,
    method: str = "auto",
    *,
    select: str = "average",
    models: Iterable[Iterable[tuple[str, str]]] | None = None,
    interval: str = "profile",
    level: float = 0.95,
    min_overlap: int = 3,
    bootstrap: int = 200,
    seed: int = 0,
    stratified: bool = True,
) -> Estimate:
    """Estimate how many people there are in all, from how the lists overlap.

    Two lists: Lincoln–Petersen (``n1 n2 / m``) or Chapman's nearly unbiased
    ``(n1 + 1)(n2 + 1) / (m + 1) - 1`` with its variance (Seber 1982), and Chao's (1987)
    log-normal interval, which never goes below the number observed.  Three lists or more:
    log-linear Poisson models with every set of two-way list interactions that the table can
    identify, averaged with Akaike weights or chosen by AIC or BIC, with profile-likelihood
    intervals (Cormack 1992; averaged: Fletcher & Turek 2012) or a parametric bootstrap that
    repeats the choice of model.  With strata, each stratum is estimated on its own and the
    totals add up.  Under every other resolution of uncertain links and dates the estimate
    is made again (``alternatives``).

    Args:
        histories: Capture histories (:func:`capture_histories`, or
            :meth:`CaptureHistories.from_counts`).
        method: ``"auto"`` (Chapman for two lists, log-linear for more),
            ``"lincoln-petersen"``, ``"chapman"`` or ``"loglinear"``.
        select: For log-linear models: ``"average"`` (the default) to average them with
            Akaike weights, or ``"aic"`` or ``"bic"`` to rest on the best model.  The
            interval of a chosen model leaves out the uncertainty of the choice: in the
            simulations of :doc:`/estimating`, AIC's 95% intervals held the truth about 90%
            of the time, the average's 96% to 99%.
        models: For log-linear models: the candidate models, each a set of interacting
            pairs of list names (``[(), [("A", "B")]]``); by default every set a table of
            up to five lists can identify.
        interval: ``"profile"`` (profile likelihood) or ``"bootstrap"`` (log-linear only).
        level: The confidence level of the interval.
        min_overlap: Refuse when fewer people than this are on more than one list.
        bootstrap: How many resamples a bootstrap interval draws.
        seed: The seed of the bootstrap.
        stratified: Estimate each stratum of stratified histories on its own and add them
            up (``False``: one estimate over all of them).

    Returns:
        The estimate, with its models, strata, alternatives, assumptions and diagnostics.

    Raises:
        EstimationError: when the data cannot support an estimate: nobody observed, a list
            with nobody on it, fewer than *min_overlap* people on more than one list, or no
            model with a finite estimate (under the headline resolution, or in a stratum).
        ValueError: for an unknown method, selection or interval, a method that does not
            fit the number of lists, an unknown list in *models*, or a level outside (0, 1).
        ImportError: for log-linear estimates without numpy and scipy (the ``estimate``
            extra).

    .. versionadded:: 0.2.0
    """
    check_arguments(
        method, select, interval, level=level, overlap=min_overlap, k=len(histories.lists)
    )
    settings = Settings(
        method,
        select=select,
        models=models,
        interval=interval,
        level=level,
        min_overlap=min_overlap,
        bootstrap=bootstrap,
        seed=seed,
    )
    labels = list(histories.resolutions)
    many = len(labels) > 1
    out: dict[str, Estimate] = {}
    refused: list[str] = []
    for label in labels:
        try:
            out[label] = _resolved(histories, label, settings, stratified)
        except EstimationError as error:
            if label == labels[0]:
                error.resolution = label if many else None
                raise
            refused.append(f"under '{label}' no estimate: {error.reason}")
    headline = out.pop(labels[0])
    if not many:
        return headline
    totals = [headline.total, *(e.total for e in out.values())]
    spread = (
        f"under the {len(labels)} resolutions of uncertain links and dates the estimate "
        f"ranges from {min(totals):,.1f} to {max(totals):,.1f}"
    )
    notes = [spread, *refused]
    return _evolve(headline, alternatives=out, diagnostics=(*headline.diagnostics, *notes))


def _evolve(estimate: Estimate, **changes: object) -> Estimate:
    return attrs.evolve(estimate, **changes)  # type: ignore[arg-type]


def _resolved(
    histories: CaptureHistories, label: str, settings: Settings, stratified: bool
) -> Estimate:
    """The estimate under one resolution: of the whole table, or of its strata added up."""
    lists = histories.lists
    if not (stratified and histories.strata):
        found = _estimate_table(lists, histories.resolutions[label], settings)
        return _evolve(found, resolution=label)
    parts: dict[str, Estimate] = {}
    for group, stratum in histories.strata.items():
        table = stratum.resolutions.get(label, {})
        if not table:
            continue  # nobody in this stratum under this resolution
        try:
            parts[group] = _evolve(_estimate_table(lists, table, settings), resolution=label)
        except EstimationError as error:
            error.stratum = group
            raise
    return _evolve(_added_up(lists, parts, settings, histories.by), resolution=label)


def _added_up(
    lists: tuple[str, ...], parts: Mapping[str, Estimate], settings: Settings, by: str | None
) -> Estimate:
    """The strata's estimates added up, with an interval from their standard errors."""
    if not parts:
        raise EstimationError("nobody is observed in any stratum")
    observed = sum(p.observed for p in parts.values())
    total = sum(p.total for p in parts.values())
    variance = sum((p.se or 0.0) ** 2 for p in parts.values())
    low, high = log_normal(observed, total, variance, settings.z)
    if any(math.isinf(p.high) for p in parts.values()):
        high = math.inf
    first = next(iter(parts.values()))
    assumptions = list(dict.fromkeys(a for p in parts.values() for a in p.assumptions))
    summary = (
        f"{len(parts)} strata by {by}, estimated separately; their totals add up to "
        f"{total:,.1f} (interval from their standard errors on the log scale of the unseen)"
    )
    diagnostics = [
        summary,
        *(f"[{group}] {d}" for group, p in parts.items() for d in p.diagnostics),
    ]
    return Estimate(
        first.method,
        lists,
        observed,
        total,
        low,
        high,
        math.sqrt(variance),
        settings.level,
        "sum of strata, log-normal (Chao 1987)",
        None,
        first.selection,
        (),
        (*assumptions, STRATIFIED),
        tuple(diagnostics),
        by=by,
        strata=dict(parts),
    )


def _estimate_table(
    lists: tuple[str, ...], table: Mapping[str, int], settings: Settings
) -> Estimate:
    """The estimate of one exact table, or :class:`EstimationError`."""
    check_table(lists, table, settings)
    method = settings.method
    if method == "auto":
        method = "chapman" if len(lists) == 2 else "loglinear"
    if method == "loglinear":
        from ._estimate_models import loglinear  # noqa: PLC0415 - needs numpy and scipy

        return loglinear(lists, table, settings)
    return two_lists(lists, table, method, settings)
