"""Log-linear models of capture histories: Poisson fits, model choice and intervals.

The model of :func:`~belarus_repression.estimate_total` for three lists or more (Fienberg
1972; Cormack 1989): the count of each observed pattern of presence is Poisson with
``log(mu) = b0 + sum of list effects + chosen two-way list interactions``; the people on no
list are the pattern with every indicator 0, so their expected number is ``exp(b0)`` and the
estimate of the total is ``n + exp(b0)``, its standard error ``sqrt(f0 + f0**2 var(b0))``
(the delta method, as Rcapture computes it; Baillargeon & Rivest 2007).

Intervals are the multinomial profile likelihood intervals of Cormack (1992), as Rcapture's
``closedpCI.t`` computes them: for a candidate total ``N`` the model is fitted to the full
table whose unobserved cell holds ``N - n``, and ``N`` is in the interval while twice the
fall of the profile log-likelihood from its maximum is at most the chi-squared quantile.
A model-averaged interval is the model-averaged tail-area profile interval (MATA-PL) of
Fletcher & Turek (2012); the bootstrap is the parametric one of Buckland & Garthwaite
(1991), rerunning the model choice on every resample.

numpy and scipy (the ``estimate`` extra) are imported by this module; the public module
imports it only when a log-linear estimate is asked for.
"""

from __future__ import annotations

import importlib
import itertools
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from statistics import NormalDist
from typing import Any, Final

import attrs
import numpy as np
import numpy.typing as npt

__all__ = ["Fitted", "candidates", "fit", "fit_models", "mata_interval", "profile_interval"]

Vector = npt.NDArray[np.float64]
Matrix = npt.NDArray[np.float64]

#: A model: the pairs of lists (by position) that interact.
Interactions = tuple[tuple[int, int], ...]

#: The most Newton steps of one fit; fits at the boundary (empty cells) use them all.
_MAX_STEPS: Final = 60
#: A model whose unseen count passes this many times the observed has no finite estimate.
_EXPLODED: Final = 1e6


def _scipy(module: str) -> Any:
    try:
        return importlib.import_module(f"scipy.{module}")
    except ImportError:  # pragma: no cover - numpy without scipy
        raise ImportError(
            "log-linear estimates need scipy: pip install 'belarus-repression[estimate]'"
        ) from None


def candidates(k: int) -> list[Interactions]:
    """Every set of two-way interactions of *k* lists with fewer parameters than cells.

    A model has ``1 + k + len(interactions)`` parameters and ``2**k - 1`` observed cells;
    two lists allow only the independence model, three every one of the 8 sets.
    """
    pairs = list(itertools.combinations(range(k), 2))
    cells = 2**k - 1
    out: list[Interactions] = []
    for size in range(len(pairs) + 1):
        if 1 + k + size > cells:
            break
        out.extend(itertools.combinations(pairs, size))
    return out


def _cells(k: int) -> npt.NDArray[np.int64]:
    """The observed patterns of *k* lists as rows of 0/1, in the order of their numbers."""
    return np.array([[(c >> (k - 1 - j)) & 1 for j in range(k)] for c in range(1, 2**k)])


def design(k: int, interactions: Interactions) -> Matrix:
    """The design matrix over the observed cells: intercept, lists, interactions."""
    cells = _cells(k).astype(np.float64)
    columns = [np.ones(len(cells)), *(cells[:, j] for j in range(k))]
    columns.extend(cells[:, a] * cells[:, b] for a, b in interactions)
    return np.column_stack(columns)


@attrs.frozen
class _Poisson:
    beta: Vector
    mu: Vector
    steps: int
    settled: bool  # the parameters converged (an interior maximum)


def _poisson(x: Matrix, y: Vector, start: Vector | None = None) -> _Poisson:
    """Maximise the Poisson log-likelihood of a log-linear model by Newton's method.

    Steps are halved until the likelihood does not fall.  With empty cells some parameters
    may run off to infinity: the fit then stops after :data:`_MAX_STEPS` steps with the
    cell means of those cells near zero, which is the maximum in the limit.
    """
    beta: Vector = (
        np.asarray(np.linalg.lstsq(x, np.log(y + 0.5), rcond=None)[0], dtype=np.float64)
        if start is None
        else start
    )
    eta = x @ beta
    mu = np.exp(eta)
    loglik = float(y @ eta - mu.sum())
    for step in range(1, _MAX_STEPS + 1):
        hessian = (x.T * mu) @ x
        gradient = x.T @ (y - mu)
        delta = _solve(hessian, gradient)
        if delta is None:
            break
        t = 1.0
        while t >= 1e-10:
            trial = beta + t * delta
            trial_eta = x @ trial
            if trial_eta.max() < 700.0:
                trial_mu = np.exp(trial_eta)
                trial_loglik = float(y @ trial_eta - trial_mu.sum())
                if trial_loglik >= loglik - 1e-10 * (1.0 + abs(loglik)):
                    break
            t /= 2.0
        else:
            break  # no step up the likelihood is left: as good as it gets
        moved = float(np.abs(trial_mu - mu).max())
        beta, eta, mu, loglik = trial, trial_eta, trial_mu, trial_loglik
        # converged: the parameters stand still, or (at the boundary, where some run off to
        # infinity) the fitted means do
        if float(np.abs(t * delta).max()) < 1e-9 or moved < 1e-12 * (1.0 + float(mu.max())):
            return _Poisson(beta, mu, step, settled=True)
    return _Poisson(beta, mu, _MAX_STEPS, settled=False)


def _solve(hessian: Matrix, gradient: Vector) -> Vector | None:
    """Newton's step, by least squares where the Hessian is singular; None if none is finite."""
    with np.errstate(all="ignore"):
        try:
            delta = np.linalg.solve(hessian, gradient)
        except np.linalg.LinAlgError:
            delta = np.linalg.lstsq(hessian, gradient, rcond=None)[0]
        if not np.isfinite(delta).all():
            delta = np.linalg.lstsq(hessian, gradient, rcond=None)[0]
    return np.asarray(delta, dtype=np.float64) if np.isfinite(delta).all() else None


def _identified(x: Matrix, mu: Vector, n: float) -> bool:
    """Whether the cells the fit keeps (the others' means run to 0) pin down the intercept.

    At the boundary, the intercept (the log of the unseen count) may be left free: the
    likelihood is then as high for any number unseen, and the model estimates nothing.
    """
    kept = x[mu > 1e-9 * max(n, 1.0)]
    target = np.eye(1, x.shape[1])[0]
    coef = np.linalg.lstsq(kept.T, target, rcond=None)[0]
    return float(np.abs(kept.T @ coef - target).max()) < 1e-6


def _loglik(y: Vector, mu: Vector) -> float:
    """The Poisson log-likelihood with its constant (as R's ``glm`` reports it)."""
    from math import lgamma  # noqa: PLC0415 - a builtin module

    positive = y > 0
    constant = sum(lgamma(v + 1.0) for v in y[positive])
    return float((y[positive] * np.log(mu[positive])).sum() - mu.sum() - constant)


@attrs.frozen
class Fitted:
    """One log-linear model fitted to the observed cells.

    ``unseen`` is ``exp(b0)``, 0 when the data leave nobody unseen, ``math.inf`` when the
    model has no finite estimate on these data (then ``se`` is ``math.inf`` too).
    """

    interactions: Interactions
    parameters: int
    unseen: float
    se: float
    deviance: float
    df: int
    aic: float
    bic: float
    beta: Vector
    x: Matrix

    @property
    def finite(self) -> bool:
        """Whether the model gives an estimate on these data."""
        return math.isfinite(self.unseen)


def fit(y: Vector, k: int, interactions: Interactions, start: Vector | None = None) -> Fitted:
    """Fit one model to the counts *y* of the observed cells (in :func:`_cells` order)."""
    x = design(k, interactions)
    n = float(y.sum())
    result = _poisson(x, y, start)
    b0 = float(result.beta[0])
    unseen = math.exp(min(b0, 700.0))
    exploded = unseen > _EXPLODED * max(n, 1.0)
    if not result.settled and not exploded:
        # the boundary: the unseen count settled (to 0 or a number) or runs off to infinity
        again = _poisson(x, y, result.beta)
        drift = float(again.beta[0]) - b0
        result, b0 = again, float(again.beta[0])
        unseen = math.exp(min(b0, 700.0))
        exploded = drift > 1e-3 or unseen > _EXPLODED * max(n, 1.0)
    boundary = bool((result.mu < 1e-9 * max(n, 1.0)).any())
    if not exploded and boundary and not _identified(x, result.mu, n):
        # the intercept is free: 0 unseen if the fit drove it there, else anything
        exploded = unseen > 1e-6 * max(n, 1.0)
        unseen = 0.0 if not exploded else unseen
    positive = y > 0
    deviance = float(
        2.0 * (y[positive] * np.log(y[positive] / result.mu[positive])).sum()
        - 2.0 * (y - result.mu).sum()
    )
    parameters = x.shape[1]
    df = len(y) - parameters
    loglik = _loglik(y, result.mu)
    aic = -2.0 * loglik + 2.0 * parameters
    bic = -2.0 * loglik + parameters * math.log(max(n, 1.0))
    if exploded:
        return Fitted(interactions, parameters, math.inf, math.inf, deviance, df, aic, bic,
                      result.beta, x)  # fmt: skip
    if unseen < 1e-12 * max(n, 1.0):
        unseen = 0.0
    try:
        covariance = np.linalg.inv((x.T * result.mu) @ x)
        var_b0 = max(float(covariance[0, 0]), 0.0)
    except np.linalg.LinAlgError:
        var_b0 = math.inf
    se = math.sqrt(unseen + unseen * unseen * var_b0) if unseen > 0 else 0.0
    return Fitted(interactions, parameters, unseen, se, deviance, df, aic, bic, result.beta, x)


def fit_models(y: Vector, k: int, models: Iterable[Interactions]) -> list[Fitted]:
    """Fit every model, warm-starting each from the independence model's parameters."""
    base = fit(y, k, ())
    interior = _interior(fitted_means(base), float(y.sum()))
    out = []
    for interactions in models:
        if not interactions:
            out.append(base)
            continue
        warm = np.concatenate([base.beta, np.zeros(len(interactions))]) if interior else None
        out.append(fit(y, k, interactions, warm))
    return out


def _interior(mu: Vector, n: float) -> bool:
    """Whether no fitted mean has run off to 0 (a fit fit to start another from)."""
    return bool((mu > 1e-9 * max(n, 1.0)).all())


# -- the profile likelihood --------------------------------------------------------------------


class Profile:
    """The multinomial profile log-likelihood of the total ``N`` under one model (Cormack)."""

    def __init__(self, y: Vector, model: Fitted) -> None:
        self.n = float(y.sum())
        self.y = np.append(y, 0.0)
        self.x = np.vstack([model.x, np.eye(1, model.x.shape[1])])
        interior = _interior(np.exp(model.x @ model.beta), self.n)
        self.start: Vector | None = model.beta.copy() if interior else None
        self.calls = 0

    def __call__(self, total: float) -> float:
        """``log N! - log (N-n)! + sum over all cells of y log(mu / N)``, constants dropped."""
        unseen = max(total - self.n, 0.0)
        self.y[-1] = unseen
        self.calls += 1
        value = self._value(total, unseen, self.start)
        if not math.isfinite(value) and self.start is not None:
            value = self._value(total, unseen, None)  # a start far off: begin afresh
        return value

    def _value(self, total: float, unseen: float, start: Vector | None) -> float:
        result = _poisson(self.x, self.y, start)
        if result.settled and _interior(result.mu, self.n):
            self.start = result.beta
        positive = self.y > 0
        fitted = result.mu[positive]
        if not (fitted > 0).all():
            return -math.inf
        return (
            math.lgamma(total + 1.0)
            - math.lgamma(unseen + 1.0)
            + float((self.y[positive] * np.log(fitted / float(result.mu.sum()))).sum())
        )


@attrs.frozen
class ProfileInterval:
    """The maximum of a profile likelihood, its value, and the interval around it."""

    total: float
    loglik: float
    low: float
    high: float


def _chi2_quantile(level: float) -> float:
    return NormalDist().inv_cdf(0.5 + level / 2.0) ** 2


def profile_interval(y: Vector, model: Fitted, level: float) -> tuple[ProfileInterval, Profile]:
    """The profile-likelihood interval of the total under *model* (Cormack 1992)."""
    optimize = _scipy("optimize")
    profile = Profile(y, model)
    n = profile.n
    guess = n + model.unseen
    found = optimize.minimize_scalar(
        lambda t: -profile(t),
        bounds=(n, max(1.5 * guess, n + 1.0)),
        method="bounded",
        options={"xatol": 1e-5},
    )
    top, best = float(found.x), -float(found.fun)
    at_n = profile(n)
    if at_n >= best:
        top, best = n, at_n
    target = best - _chi2_quantile(level) / 2.0

    def fall(t: float) -> float:
        return profile(t) - target

    low = n
    if top > n and at_n < target:
        low = float(optimize.brentq(fall, n, top, xtol=1e-9 * max(n, 1.0), rtol=1e-12))
    high = math.inf
    reach = max(top - n, 1.0)
    below = top
    for _ in range(40):
        above = n + reach * 2.0
        if fall(above) < 0:
            high = float(optimize.brentq(fall, below, above, xtol=1e-9 * max(n, 1.0), rtol=1e-12))
            break
        below, reach = above, reach * 2.0
    return ProfileInterval(top, best, low, high), profile


def _signed_root(profile: Profile, top: ProfileInterval) -> Callable[[float], float]:
    def root(total: float) -> float:
        fall = max(0.0, 2.0 * (top.loglik - profile(total)))
        return math.copysign(math.sqrt(fall), top.total - total)

    return root


def mata_interval(
    tops: Sequence[ProfileInterval],
    profiles: Sequence[Profile],
    weights: Sequence[float],
    n: float,
    level: float,
) -> tuple[float, float]:
    """The model-averaged tail-area profile interval of Fletcher & Turek (2012).

    Its lower limit solves ``sum w_i (1 - Phi(r_i(N))) = alpha / 2`` and its upper
    ``sum w_i Phi(r_i(N)) = alpha / 2``, with ``r_i`` the signed root of model *i*'s
    profile deviance.  Each limit lies between the models' own limits.
    """
    optimize = _scipy("optimize")
    phi = NormalDist().cdf
    alpha = 1.0 - level
    roots = [_signed_root(p, t) for p, t in zip(profiles, tops, strict=True)]

    def lower(total: float) -> float:
        return sum(w * (1.0 - phi(r(total))) for w, r in zip(weights, roots, strict=True)) - (
            alpha / 2.0
        )

    def upper(total: float) -> float:
        return sum(w * phi(r(total)) for w, r in zip(weights, roots, strict=True)) - alpha / 2.0

    low = n
    top = max(t.total for t in tops)
    if lower(n) < 0 and top > n:
        low = float(optimize.brentq(lower, n, top, xtol=1e-9 * max(n, 1.0), rtol=1e-12))
    highs = [t.high for t in tops]
    if not all(math.isfinite(h) for h in highs):
        return low, math.inf
    below = min(t.total for t in tops)
    above = max(highs)
    for _ in range(20):
        if upper(above) <= 0:
            return low, float(
                optimize.brentq(upper, below, above, xtol=1e-9 * max(n, 1.0), rtol=1e-12)
            )
        above += above - n  # each model's limit is (nearly) beyond the average's
    return low, math.inf  # pragma: no cover - the models' own limits bound it


def mata_log_normal(
    unseen: Sequence[float],
    se: Sequence[float],
    weights: Sequence[float],
    n: float,
    level: float,
) -> tuple[float, float]:
    """The model-averaged tail-area interval of Turek & Fletcher (2012), log-normal in f0.

    Each model's estimate of the number unseen is taken as log-normal with its standard
    error (Chao 1987), so that its own interval is Chao's; the limits solve the averaged
    tail equations on ``log(N - n)``.  Cheap: no likelihood is profiled.
    """
    optimize = _scipy("optimize")
    normal = NormalDist()
    alpha = 1.0 - level
    scales = [
        (math.log(f), math.sqrt(math.log(1.0 + (s / f) ** 2))) if f > 0 else (-math.inf, 0.0)
        for f, s in zip(unseen, se, strict=True)
    ]

    def above(t: float) -> float:
        """The averaged chance that the unseen number is above exp(t)."""
        out = 0.0
        for w, (centre, scale) in zip(weights, scales, strict=True):
            if scale == 0.0:
                out += w * (centre > t)
            elif math.isinf(scale):
                out += w
            else:
                out += w * (1.0 - normal.cdf((t - centre) / scale))
        return out

    finite = [c for c, s in scales if math.isfinite(c)]
    if not finite:
        return n, n
    spread = 10.0 * (1.0 + max((s for _, s in scales if math.isfinite(s)), default=0.0))
    lo, hi = min(finite) - spread, max(finite) + spread

    def limit(share: float) -> float:
        """The number unseen above which the averaged chance is *share*."""
        if above(lo) < share:
            return 0.0
        if above(hi) > share:
            return math.inf
        return math.exp(float(optimize.brentq(lambda t: above(t) - share, lo, hi)))

    return n + limit(1.0 - alpha / 2.0), n + limit(alpha / 2.0)


# -- choosing and averaging --------------------------------------------------------------------


def weights(values: Sequence[float]) -> list[float]:
    """Akaike weights ``exp(-delta / 2)``, normalised, of information criteria."""
    best = min(values)
    raw = [math.exp(-(v - best) / 2.0) for v in values]
    total = sum(raw)
    return [r / total for r in raw]


def best(fits: Sequence[Fitted], criterion: str) -> list[Fitted]:
    """The models with the lowest criterion (within 1e-6), and of those the fewest parameters.

    More than one are left only where models fit equally well (empty cells); the caller
    breaks such ties by what the models estimate, never by where they stand in the list, so
    that the choice does not depend on the order of the lists.
    """
    lowest = min(getattr(f, criterion) for f in fits)
    tied = [f for f in fits if getattr(f, criterion) <= lowest + 1e-6]
    fewest = min(f.parameters for f in tied)
    return [f for f in tied if f.parameters == fewest]


def choose(fits: Sequence[Fitted], criterion: str) -> Fitted:
    """The best model (:func:`best`); of equals, the one with the most people unseen."""
    return max(best(fits, criterion), key=lambda f: round(f.unseen, 6))


def table_vector(table: Mapping[int, int], k: int) -> Vector:
    """The counts of the observed cells of a table keyed by pattern number."""
    return np.array([float(table.get(c, 0)) for c in range(1, 2**k)])


def bootstrap_totals(
    y: Vector,
    *,
    fitted_mu: Vector,
    unseen: float,
    rounds: int,
    seed: int,
    estimate: Callable[[Vector], float | None],
) -> list[float]:
    """Totals estimated again on tables drawn from the fitted model (Buckland & Garthwaite).

    Each table is a multinomial draw of ``round(n + unseen)`` people over the observed cells
    and the unobserved one; the unobserved draws are dropped, and *estimate* runs the whole
    procedure (model choice included) again.  Resamples it refuses are left out.
    """
    rng = np.random.default_rng(seed)
    total = round(float(y.sum()) + unseen)
    means = np.append(fitted_mu, unseen)
    p = means / means.sum()
    out = []
    for _ in range(rounds):
        draw = rng.multinomial(total, p)[:-1].astype(np.float64)
        found = estimate(draw)
        if found is not None:
            out.append(found)
    return out


def fitted_means(model: Fitted) -> Vector:
    """The fitted means of the observed cells."""
    return np.asarray(np.exp(model.x @ model.beta), dtype=np.float64)
