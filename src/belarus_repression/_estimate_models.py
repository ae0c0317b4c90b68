"""Log-linear estimates: every model fitted, one chosen or all averaged, and their diagnostics.

:func:`~belarus_repression.estimate_total` with three lists or more chooses a model by AIC or
BIC, or averages them all, with profile-likelihood, model-averaged or bootstrap intervals, and
says how much the choice of model matters.

The numerical work (numpy, scipy: the ``estimate`` extra) is in :mod:`._estimate_loglinear`,
imported only when a log-linear estimate is asked for.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Final

from ._estimate_base import (
    CLOSED,
    HOMOGENEOUS,
    INTERACTIONS,
    LINKED,
    EstimationError,
    Settings,
)
from ._estimate_results import Estimate, ModelFit

if TYPE_CHECKING:
    from ._estimate_loglinear import Profile, ProfileInterval, Vector

__all__ = ["loglinear"]

#: An averaged interval averages the heaviest models that carry this share of the weight.
_CARRIED: Final = 0.99
#: Up to this many models (three lists), every model's interval is shown; beyond, only those
#: the estimate rests on.
_PROFILE_ALL: Final = 8
#: An averaged interval profiles its models' likelihoods when this many models or fewer carry
#: its weight; with more (many lists), it averages their log-normal intervals instead.
_MATA_PROFILED: Final = 20


def _label(lists: Sequence[str], interactions: Iterable[tuple[int, int]]) -> str:
    terms = [f"{lists[a]}:{lists[b]}" for a, b in interactions]
    return " + ".join(terms) if terms else "independence"


def _candidates(lists: tuple[str, ...], settings: Settings) -> list[tuple[tuple[int, int], ...]]:
    from ._estimate_loglinear import candidates  # noqa: PLC0415 - needs numpy

    k = len(lists)
    if settings.models is None:
        if k > 5:
            raise ValueError(
                f"{k} lists have too many sets of interactions to try them all: pass models="
            )
        return candidates(k)
    out = []
    for model in settings.models:
        pairs = set()
        for a, b in model:
            if a not in lists or b not in lists or a == b:
                raise ValueError(f"an interaction is between two of the lists {lists}: {(a, b)}")
            i, j = sorted((lists.index(a), lists.index(b)))
            pairs.add((i, j))
        if 1 + k + len(pairs) > 2**k - 1:
            raise ValueError(f"{k} lists cannot identify {len(pairs)} interactions")
        out.append(tuple(sorted(pairs)))
    if not out:
        raise ValueError("models= names no model")
    return list(dict.fromkeys(out))


def _import_loglinear() -> None:
    from importlib.util import find_spec  # noqa: PLC0415

    if find_spec("numpy") is None or find_spec("scipy") is None:
        raise ImportError(
            "log-linear estimates need numpy and scipy: pip install 'belarus-repression[estimate]'"
        )


class _Fits:
    """The finite log-linear fits of one table, their weights and the intervals computed."""

    def __init__(
        self, lists: tuple[str, ...], table: Mapping[str, int], settings: Settings
    ) -> None:
        from . import _estimate_loglinear as ll  # noqa: PLC0415 - needs numpy

        self.ll = ll
        self.lists = lists
        self.settings = settings
        self.k = len(lists)
        self.cands = _candidates(lists, settings)
        self.y = ll.table_vector({int(p, 2): n for p, n in table.items()}, self.k)
        self.n = float(self.y.sum())
        self.fits = [f for f in ll.fit_models(self.y, self.k, self.cands) if f.finite]
        if not self.fits:
            raise EstimationError(
                "no log-linear model gives a finite estimate (empty cells leave the number "
                "unseen unbounded)"
            )
        self.aic_w = ll.weights([f.aic for f in self.fits])
        self.bic_w = ll.weights([f.bic for f in self.fits])
        self.use = self.bic_w if settings.select == "bic" else self.aic_w
        self.tops: dict[int, tuple[ProfileInterval, Profile]] = {}

    def profile(self, indexes: Iterable[int]) -> None:
        for i in indexes:
            if i not in self.tops:
                self.tops[i] = self.ll.profile_interval(self.y, self.fits[i], self.settings.level)

    def choose(self) -> tuple[int | None, list[int]]:
        """The model chosen (None for an average), and the models tied for it."""
        if len(self.fits) == 1:
            return 0, [0]
        if self.settings.select == "average":
            return None, []
        ties = [self.fits.index(f) for f in self.ll.best(self.fits, self.settings.select)]
        if len(ties) == 1:
            return ties[0], ties
        # equally good models: the one with the widest interval, to be safe
        self.profile(ties)
        return max(ties, key=lambda i: (self.tops[i][0].high, self.fits[i].unseen)), ties

    def carrying(self) -> list[int]:
        """The heaviest models that together carry 99% of the weight (with any of equal weight).

        Models of equal weight are all in or all out, so that which are in does not depend
        on the order of the lists.
        """
        heaviest = sorted(self.use, reverse=True)
        carried, least = 0.0, heaviest[-1]
        for weight in heaviest:
            carried += weight
            if carried >= _CARRIED:
                least = weight
                break
        return [i for i, w in enumerate(self.use) if w >= least * (1.0 - 1e-9)]

    def model_fits(self, chosen: int | None) -> list[ModelFit]:
        special = self.ll._scipy("special")
        out = []
        for i, f in enumerate(self.fits):
            top = self.tops[i][0] if i in self.tops else None
            p = float(special.gammaincc(f.df / 2.0, max(f.deviance, 0.0) / 2.0)) if f.df else None
            out.append(
                ModelFit(
                    _label(self.lists, f.interactions),
                    tuple((self.lists[a], self.lists[b]) for a, b in f.interactions),
                    self.n + f.unseen,
                    f.se,
                    None if top is None else top.low,
                    None if top is None else top.high,
                    None if top is None else top.total,
                    f.deviance,
                    f.df,
                    p,
                    f.aic,
                    f.bic,
                    self.aic_w[i],
                    self.bic_w[i],
                    i == chosen,
                )
            )
        return out

    def average(self, weighty: list[int]) -> tuple[float, float, float, float, str]:
        """The averaged total, its standard error (Buckland et al. 1997) and interval."""
        n, use, fits, level = self.n, self.use, self.fits, self.settings.level
        total = n + sum(w * f.unseen for w, f in zip(use, fits, strict=True))
        se = sum(
            w * math.sqrt(f.se**2 + (n + f.unseen - total) ** 2)
            for w, f in zip(use, fits, strict=True)
        )
        if len(weighty) <= _MATA_PROFILED:
            share = sum(use[i] for i in weighty)
            low, high = self.ll.mata_interval(
                [self.tops[i][0] for i in weighty],
                [self.tops[i][1] for i in weighty],
                [use[i] / share for i in weighty],
                n,
                level,
            )
            how = "model-averaged tail-area profile likelihood (Fletcher & Turek 2012)"
        else:
            low, high = self.ll.mata_log_normal(
                [f.unseen for f in fits], [f.se for f in fits], use, n, level
            )
            how = (
                "model-averaged tail-area interval, log-normal in the number unseen "
                "(Turek & Fletcher 2012; Chao 1987)"
            )
        return total, se, low, high, how


def loglinear(lists: tuple[str, ...], table: Mapping[str, int], settings: Settings) -> Estimate:
    _import_loglinear()
    fits = _Fits(lists, table, settings)
    n = fits.n
    chosen, ties = fits.choose()
    weighty = fits.carrying() if chosen is None else [chosen]
    if len(fits.fits) <= _PROFILE_ALL:
        fits.profile(range(len(fits.fits)))
    elif len(weighty) <= _MATA_PROFILED:
        fits.profile(weighty)
    model_fits = fits.model_fits(chosen)
    if chosen is not None:
        f, top = fits.fits[chosen], fits.tops[chosen][0]
        total, se, low, high = n + f.unseen, f.se, top.low, top.high
        model, how = model_fits[chosen].model, "profile likelihood (Cormack 1992)"
    else:
        total, se, low, high, how = fits.average(weighty)
        model = f"average of {len(fits.fits)} models"
    if settings.interval == "bootstrap":
        low, high, se = _bootstrap(fits, chosen)
        how = f"parametric bootstrap, {settings.bootstrap} resamples, model choice repeated"
    diagnostics = _diagnostics(
        model_fits, chosen=chosen, use=fits.use, observed=n, high=high, select=settings.select
    )
    if len(ties) > 1:
        tied = (
            f"{len(ties)} models fit equally well (empty cells); the one with the widest "
            "interval is reported"
        )
        diagnostics = (tied, *diagnostics)
    order = sorted(range(len(fits.fits)), key=lambda i: (-fits.use[i], fits.fits[i].parameters))
    return Estimate(
        "loglinear",
        lists,
        int(n),
        total,
        low,
        high,
        se,
        settings.level,
        how,
        model,
        settings.select,
        tuple(model_fits[i] for i in order),
        (CLOSED, INTERACTIONS, HOMOGENEOUS, LINKED),
        diagnostics,
    )


def _diagnostics(
    fits: Sequence[ModelFit],
    *,
    chosen: int | None,
    use: Sequence[float],
    observed: float,
    high: float,
    select: str,
) -> tuple[str, ...]:
    criterion = "BIC" if select == "bic" else "AIC"
    out = []
    best = max(range(len(fits)), key=lambda i: use[i])
    fit = next((f for f in fits if f.chosen), fits[best])
    p = "no degrees of freedom left to test it" if fit.p_value is None else f"p = {fit.p_value:.3f}"
    which = fit.model if chosen is not None else f"the heaviest model, {fit.model}"
    out.append(f"fit of {which}: G² = {fit.deviance:.2f} on {fit.df} df ({p})")
    if fit.p_value is not None and fit.p_value < 0.05:
        out.append(
            f"{fit.model} fits the observed patterns poorly (p < 0.05): strata, or lists "
            "whose dependence two-way interactions cannot describe, may be needed"
        )
    if chosen is not None and use[best] < 0.5:
        out.append(
            f"the choice of model is uncertain: the best has {use[best]:.0%} of the "
            f"{criterion} weight (consider select='average')"
        )
    weighty = [f.total for f, w in zip(fits, use, strict=True) if w >= 0.01] or [fit.total]
    totals = [f.total for f in fits]
    out.append(
        f"sensitivity to the model: models with {criterion} weight of 1% or more estimate "
        f"{min(weighty):,.1f} to {max(weighty):,.1f}; all {len(fits)} models that give an "
        f"estimate, {min(totals):,.1f} to {max(totals):,.1f} ({observed:,.0f} observed)"
    )
    if math.isinf(high):
        out.append("the data give no upper limit at this level")
    return tuple(out)


def _bootstrap(fits: _Fits, chosen: int | None) -> tuple[float, float, float]:
    """A percentile interval from resamples of the fitted model, the choice made anew."""
    ll, y, k, settings = fits.ll, fits.y, fits.k, fits.settings
    if chosen is not None:
        mu, unseen = ll.fitted_means(fits.fits[chosen]), fits.fits[chosen].unseen
    else:
        mu = sum(
            (w * ll.fitted_means(f) for w, f in zip(fits.use, fits.fits, strict=True)), 0.0 * y
        )
        unseen = sum(w * f.unseen for w, f in zip(fits.use, fits.fits, strict=True))
    cands = fits.cands

    def again(draw: Vector) -> float | None:
        if any(draw @ ll.design(k, ())[:, j + 1] == 0 for j in range(k)):
            return None
        found = [f for f in ll.fit_models(draw, k, cands) if f.finite]
        if not found:
            return None
        if settings.select == "average":
            w = ll.weights([f.aic for f in found])
            hidden = sum(a * f.unseen for a, f in zip(w, found, strict=True))
        else:
            hidden = ll.choose(found, settings.select).unseen
        return float(draw.sum()) + float(hidden)

    totals = sorted(
        ll.bootstrap_totals(
            y,
            fitted_mu=mu,
            unseen=unseen,
            rounds=settings.bootstrap,
            seed=settings.seed,
            estimate=again,
        )
    )
    if len(totals) < 20:
        raise EstimationError("too few bootstrap resamples could be estimated")
    alpha = 1.0 - settings.level
    mean = sum(totals) / len(totals)
    sd = math.sqrt(sum((t - mean) ** 2 for t in totals) / (len(totals) - 1))
    low = totals[max(0, math.floor(alpha / 2 * len(totals)))]
    high = totals[min(len(totals) - 1, math.ceil((1 - alpha / 2) * len(totals)) - 1)]
    return max(low, float(y.sum())), high, sd
