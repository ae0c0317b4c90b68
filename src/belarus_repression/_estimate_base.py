"""What every estimate shares: settings, refusals, assumptions, and the two-list estimators.

:mod:`belarus_repression.estimate` rests on this module for what Lincoln–Petersen, Chapman and
the log-linear models have in common, and for the two-list estimators themselves.

Nothing here needs numpy: two-list estimates work without the ``estimate`` extra.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from statistics import NormalDist
from typing import Final

from ._errors import BelarusRepressionError
from ._estimate_results import Estimate

__all__ = [
    "CLOSED",
    "HOMOGENEOUS",
    "INTERACTIONS",
    "LINKED",
    "STRATIFIED",
    "EstimationError",
    "Settings",
    "check_arguments",
    "check_table",
    "log_normal",
    "two_lists",
]

METHODS: Final = ("auto", "lincoln-petersen", "chapman", "loglinear")
SELECTIONS: Final = ("aic", "bic", "average")
INTERVALS: Final = ("profile", "bootstrap")
#: Below this many people on both of two lists, Lincoln–Petersen-type estimates are biased
#: (Robson & Regier 1964).
FEW_IN_COMMON: Final = 7

CLOSED: Final = (
    "closed population: the people counted are the same for every list (nobody enters or "
    "leaves within the day or period asked about)"
)
LINKED: Final = (
    "perfect linkage: records linked are one person and no person's records are left unlinked "
    "(a missed link adds to the estimate, a false one takes away from it)"
)
HOMOGENEOUS: Final = (
    "homogeneity: everyone is as likely to be on a list as anyone else (within a stratum); "
    "people who are harder to find for every list make the estimate too low"
)
INDEPENDENT: Final = (
    "independent lists: being on one list does not change the chance of being on the other "
    "(with two lists this cannot be checked; positive dependence makes the estimate too low, "
    "negative dependence too high)"
)
INTERACTIONS: Final = (
    "list dependence is modelled only as far as the chosen two-way interactions allow; "
    "three-way and higher interactions are assumed absent"
)
STRATIFIED: Final = (
    "strata are estimated separately, each with its own model; their totals add up to the total"
)


class EstimationError(BelarusRepressionError, ValueError):
    """An estimate the data cannot support: refused, with the reason.

    Catch it as :class:`ValueError` or as :class:`~belarus_repression.BelarusRepressionError`.

    Attributes:
        reason: Why, in words.
        stratum: The stratum whose data fall short, or ``None``.
        resolution: The resolution of uncertain data under which they fall short, or
            ``None`` when it is the only one.

    .. versionadded:: 0.2.0
    """

    def __init__(
        self, reason: str, stratum: str | None = None, resolution: str | None = None
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.stratum = stratum
        self.resolution = resolution

    def __str__(self) -> str:
        where = []
        if self.stratum is not None:
            where.append(f"stratum {self.stratum!r}")
        if self.resolution is not None:
            where.append(self.resolution)
        prefix = f"{', '.join(where)}: " if where else ""
        return f"{prefix}{self.reason}; the data cannot support an estimate"


class Settings:
    def __init__(
        self,
        method: str,
        *,
        select: str,
        models: Iterable[Iterable[tuple[str, str]]] | None,
        interval: str,
        level: float,
        min_overlap: int,
        bootstrap: int,
        seed: int,
    ) -> None:
        self.method = method
        self.select = select
        self.models = None if models is None else [tuple(m) for m in models]
        self.interval = interval
        self.level = level
        self.min_overlap = min_overlap
        self.bootstrap = bootstrap
        self.seed = seed
        self.z = NormalDist().inv_cdf(0.5 + level / 2.0)


def check_arguments(
    method: str, select: str, interval: str, *, level: float, overlap: int, k: int
) -> None:
    for value, allowed, what in (
        (method, METHODS, "method"),
        (select, SELECTIONS, "selection"),
        (interval, INTERVALS, "interval"),
    ):
        if value not in allowed:
            raise ValueError(f"unknown {what} {value!r}: use one of {', '.join(allowed)}")
    if method in ("lincoln-petersen", "chapman") and k != 2:
        raise ValueError(
            f"{method} takes two lists, not {k}: use method='loglinear', or "
            "histories.select(...) two of them"
        )
    if interval == "bootstrap" and (method in ("lincoln-petersen", "chapman") or k == 2):
        raise ValueError("bootstrap intervals are for log-linear estimates of three lists or more")
    if not 0.0 < level < 1.0:
        raise ValueError(f"the level is a share between 0 and 1, not {level}")
    if overlap < 1:
        raise ValueError(f"min_overlap is at least 1, not {overlap}")


def log_normal(observed: float, total: float, variance: float, z: float) -> tuple[float, float]:
    """Chao's (1987) interval: log-normal on the number unseen, never below the observed."""
    unseen = total - observed
    if unseen <= 0.0 or variance <= 0.0:
        return float(observed), float(total)
    if math.isinf(variance):
        return float(observed), math.inf
    factor = math.exp(z * math.sqrt(math.log(1.0 + variance / unseen**2)))
    return observed + unseen / factor, observed + unseen * factor


def check_table(lists: tuple[str, ...], table: Mapping[str, int], settings: Settings) -> None:
    """Refuse a table the data cannot support: nobody, a list of nobody, too little overlap.

    Raises:
        EstimationError: saying which.
    """
    observed = sum(table.values())
    if observed == 0:
        raise EstimationError("nobody is observed on any list")
    for i, name in enumerate(lists):
        if not any(n for p, n in table.items() if p[i] == "1"):
            raise EstimationError(f"list {name!r} has nobody on it")
    overlap = sum(n for p, n in table.items() if p.count("1") > 1)
    if overlap < settings.min_overlap:
        raise EstimationError(
            f"only {overlap} {'person is' if overlap == 1 else 'people are'} on more than one "
            f"list (at least {settings.min_overlap} needed): without overlap the number "
            "nobody listed is unbounded"
        )


def two_lists(
    lists: tuple[str, ...], table: Mapping[str, int], method: str, settings: Settings
) -> Estimate:
    n1 = table.get("11", 0) + table.get("10", 0)
    n2 = table.get("11", 0) + table.get("01", 0)
    m = table.get("11", 0)
    observed = n1 + n2 - m
    if method == "lincoln-petersen":
        total = n1 * n2 / m
        variance = n1 * n2 * (n1 - m) * (n2 - m) / m**3
        name = "Lincoln–Petersen"
    else:
        total = (n1 + 1) * (n2 + 1) / (m + 1) - 1
        variance = (n1 + 1) * (n2 + 1) * (n1 - m) * (n2 - m) / ((m + 1) ** 2 * (m + 2))
        name = "Chapman"
    low, high = log_normal(observed, total, variance, settings.z)
    diagnostics = [
        f"{m:,} of {observed:,} people are on both lists ({lists[0]}: {n1:,}, {lists[1]}: {n2:,})",
        "two lists cannot show whether they depend on each other (independence is assumed)",
    ]
    if m < FEW_IN_COMMON:
        diagnostics.append(
            f"few people are on both lists ({m} < {FEW_IN_COMMON}): the {name} estimate may be "
            "biased and its interval too narrow (Robson & Regier 1964)"
        )
    return Estimate(
        method,
        lists,
        observed,
        total,
        low,
        high,
        math.sqrt(variance),
        settings.level,
        f"log-normal (Chao 1987), {name} variance (Seber 1982)",
        assumptions=(CLOSED, INDEPENDENT, HOMOGENEOUS, LINKED),
        diagnostics=tuple(diagnostics),
    )
