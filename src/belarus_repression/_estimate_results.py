"""What :func:`~belarus_repression.estimate_total` gives: an estimate, and the models behind it.

Both result types print readably, show as HTML tables in a notebook, and turn into rows for
CSV files and DataFrames with ``to_rows()``: the estimate, each model with its fit, each
stratum and each resolution of uncertain data, and every assumption and diagnostic in words.
"""

from __future__ import annotations

import html
import math
from typing import Any

import attrs

from ._html import html_table

__all__ = ["Estimate", "ModelFit"]


def _number(value: float | None, digits: int = 1) -> str:
    if value is None:
        return ""
    if math.isinf(value):
        return "∞"
    return f"{value:,.{digits}f}"


def _interval(low: float | None, high: float | None) -> str:
    if low is None or high is None:
        return ""
    return f"{_number(low)}–{_number(high)}"


@attrs.frozen
class ModelFit:
    """One log-linear model fitted to capture histories, with its fit and its estimate.

    Attributes:
        model: The model's name: ``"independence"``, or its interactions such as
            ``"A:B + B:C"``.
        interactions: The pairs of lists whose dependence the model allows.
        total: The model's estimate of the total (Poisson: observed plus ``exp(b0)``).
        se: Its standard error (delta method); ``math.inf`` when it has none.
        low: The lower limit of its profile-likelihood interval, or ``None`` when not
            computed (with four or more lists, only for the models that carry weight).
        high: The upper limit; ``math.inf`` when the data bound the total from below only.
        profile_max: The total that maximises the multinomial profile likelihood (a little
            below ``total``), or ``None`` when not computed.
        deviance: The deviance (G²) of the model against the observed cells.
        df: Its degrees of freedom: observed cells less parameters.
        p_value: The chance of a deviance this large if the model were right (chi-squared
            with ``df`` degrees of freedom); ``None`` when ``df`` is 0.
        aic: Akaike's information criterion (lower is better).
        bic: The Bayesian information criterion, with the number of people observed.
        aic_weight: The model's Akaike weight among the models compared.
        bic_weight: The model's BIC weight.
        chosen: Whether the estimate rests on this model alone.

    .. versionadded:: 0.2.0
    """

    model: str
    interactions: tuple[tuple[str, str], ...]
    total: float
    se: float
    low: float | None
    high: float | None
    profile_max: float | None
    deviance: float
    df: int
    p_value: float | None
    aic: float
    bic: float
    aic_weight: float
    bic_weight: float
    chosen: bool = False

    def __str__(self) -> str:
        interval = _interval(self.low, self.high)
        shown = f" ({interval})" if interval else ""
        return f"{self.model}: {_number(self.total)}{shown}, G²={self.deviance:.2f} on {self.df} df"

    def to_row(self) -> dict[str, Any]:
        """The model as one row, every attribute a column (interactions as text)."""
        row = attrs.asdict(self, recurse=False)
        row["interactions"] = ", ".join(f"{a}:{b}" for a, b in self.interactions)
        return row


@attrs.frozen
class Estimate:
    """How many people there are in all, listed or not, with an interval and its grounds.

    ``total`` is the estimate, ``low``-``high`` its interval at ``level``; ``observed`` is how
    many people the lists hold together, and ``unseen`` the difference.  ``assumptions`` say
    what the number rests on and ``diagnostics`` how well the data bear it out: the fit of
    each model, how much the estimate moves with the model chosen, with the strata and with
    the way uncertain links and dates are resolved.  ``number in estimate`` tells whether a
    number lies in the interval.

    Attributes:
        method: ``"lincoln-petersen"``, ``"chapman"`` or ``"loglinear"``.
        lists: The names of the lists.
        observed: How many people the lists hold together.
        total: The estimated total.
        low: The lower limit of the interval (never below ``observed``).
        high: The upper limit (``math.inf`` when the data give none).
        se: The standard error of ``total``; ``None`` for a bootstrap interval.
        level: The interval's confidence level.
        interval: How the interval was made, in words.
        model: The log-linear model the estimate rests on; for an average, ``"average of
            N models"``; ``None`` for two-list estimators and stratified totals.
        selection: ``"aic"``, ``"bic"`` or ``"average"`` for log-linear estimates, else
            ``None``.
        models: Every log-linear model fitted, best first (empty for the others).
        assumptions: What the estimate assumes, in words.
        diagnostics: What the data say about those assumptions and how sure the number
            is, in words.
        resolution: How uncertain links and partly known dates were resolved for this
            estimate (see :class:`~belarus_repression.CaptureHistories`).
        alternatives: The same estimate under every other resolution, by its name.
        by: The key of the strata, or ``None``.
        strata: The estimate of each stratum, by group: their totals add up to ``total``.

    .. versionadded:: 0.2.0
    """

    method: str
    lists: tuple[str, ...]
    observed: int
    total: float
    low: float
    high: float
    se: float | None
    level: float
    interval: str
    model: str | None = None
    selection: str | None = None
    models: tuple[ModelFit, ...] = ()
    assumptions: tuple[str, ...] = ()
    diagnostics: tuple[str, ...] = ()
    resolution: str = "as observed"
    alternatives: dict[str, Estimate] = attrs.field(factory=dict)
    by: str | None = None
    strata: dict[str, Estimate] = attrs.field(factory=dict)

    @property
    def unseen(self) -> float:
        """How many people no list holds: ``total - observed``."""
        return self.total - self.observed

    def __contains__(self, value: object) -> bool:
        return isinstance(value, int | float) and self.low <= value <= self.high

    def __str__(self) -> str:
        level = f"{self.level:.0%}"
        how = {"lincoln-petersen": "Lincoln–Petersen", "chapman": "Chapman"}.get(
            self.method, "log-linear"
        )
        if self.model is not None:
            how += f", {self.model}"
            if self.selection in ("aic", "bic"):
                how += f" chosen by {self.selection.upper()}"
        if self.by is not None:
            how += f", {len(self.strata)} strata by {self.by}"
        return (
            f"estimated total {_number(self.total)} ({level} interval "
            f"{_interval(self.low, self.high)}); {self.observed:,} observed on "
            f"{len(self.lists)} lists; {how}"
        )

    def to_rows(self) -> list[dict[str, Any]]:
        """The estimate, its models, strata, resolutions, assumptions and diagnostics as rows.

        Returns:
            One dict per row with the keys ``part`` (``estimate``, ``model``, ``stratum``,
            ``resolution``, ``assumption`` or ``diagnostic``), ``name``, ``total``,
            ``low``, ``high``, ``se``, ``observed``, ``deviance``, ``df``, ``p_value``,
            ``aic``, ``bic``, ``weight``, ``chosen`` and ``text``; a key that does not
            apply to a row is ``None``.
        """
        blank: dict[str, Any] = dict.fromkeys(
            ("part", "name", "total", "low", "high", "se", "observed", "deviance", "df",
             "p_value", "aic", "bic", "weight", "chosen", "text"),
        )  # fmt: skip
        rows = [
            {
                **blank,
                "part": "estimate",
                "name": self.model or self.method,
                "total": self.total,
                "low": self.low,
                "high": self.high,
                "se": self.se,
                "observed": self.observed,
                "text": str(self),
            }
        ]
        use_bic = self.selection == "bic"
        rows.extend(
            {
                **blank,
                "part": "model",
                "name": fit.model,
                "total": fit.total,
                "low": fit.low,
                "high": fit.high,
                "se": fit.se,
                "deviance": fit.deviance,
                "df": fit.df,
                "p_value": fit.p_value,
                "aic": fit.aic,
                "bic": fit.bic,
                "weight": fit.bic_weight if use_bic else fit.aic_weight,
                "chosen": fit.chosen,
            }
            for fit in self.models
        )
        for part, items in (("stratum", self.strata), ("resolution", self.alternatives)):
            for name, other in items.items():
                rows.append(
                    {
                        **blank,
                        "part": part,
                        "name": name,
                        "total": other.total,
                        "low": other.low,
                        "high": other.high,
                        "se": other.se,
                        "observed": other.observed,
                        "text": str(other),
                    }
                )
        rows.extend({**blank, "part": "assumption", "text": t} for t in self.assumptions)
        rows.extend({**blank, "part": "diagnostic", "text": t} for t in self.diagnostics)
        return rows

    def _repr_html_(self) -> str:
        level = f"{self.level:.0%}"
        parts = [
            html_table(
                ["total", f"{level} interval", "se", "observed", "unseen", "method", "model"],
                [
                    [
                        _number(self.total),
                        _interval(self.low, self.high),
                        _number(self.se),
                        f"{self.observed:,}",
                        _number(self.unseen),
                        self.method,
                        self.model or "",
                    ]
                ],
                caption=f"Estimated total ({self.resolution}; {self.interval})",
            )
        ]
        if self.models:
            use_bic = self.selection == "bic"
            parts.append(
                html_table(
                    [
                        "model",
                        "total",
                        f"{level} interval",
                        "G²",
                        "df",
                        "p",
                        "AIC",
                        "BIC",
                        "weight",
                        "chosen",
                    ],
                    [
                        [
                            f.model,
                            _number(f.total),
                            _interval(f.low, f.high),
                            f"{f.deviance:.2f}",
                            f.df,
                            "" if f.p_value is None else f"{f.p_value:.3f}",
                            f"{f.aic:.2f}",
                            f"{f.bic:.2f}",
                            f"{(f.bic_weight if use_bic else f.aic_weight):.3f}",
                            "yes" if f.chosen else "",
                        ]
                        for f in self.models
                    ],
                    caption="Models",
                )
            )
        for caption, items in (
            (f"Strata by {self.by}", self.strata),
            ("Other resolutions of uncertain data", self.alternatives),
        ):
            if items:
                parts.append(
                    html_table(
                        ["", "total", f"{level} interval", "observed"],
                        [
                            [name, _number(e.total), _interval(e.low, e.high), e.observed]
                            for name, e in items.items()
                        ],
                        caption=caption,
                    )
                )
        for title, texts in (("Assumptions", self.assumptions), ("Diagnostics", self.diagnostics)):
            if texts:
                items_html = "".join(f"<li>{html.escape(t)}</li>" for t in texts)
                parts.append(f"<p>{title}</p><ul>{items_html}</ul>")
        return "".join(parts)
