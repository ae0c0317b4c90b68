"""Draw the plot of estimates per model shown in docs/estimating.md (``docs/_static``).

Three lists drawn with ``synthetic_lists`` (the first two positively dependent), linked with
``capture_histories``, and estimated by every log-linear model, by their average and by
Chapman's estimator on the first two lists; the truth is the dashed line.

Usage: ``python scripts/make_estimate_plot.py``
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt

import belarus_repression as br

STATIC = Path(__file__).resolve().parent.parent / "docs" / "_static"


def main() -> None:
    drawn = br.synthetic_lists(seed=1, capture=[0.5, 0.4, 0.3], dependence={("A", "B"): 1.0})
    histories = br.capture_histories(drawn.lists, on=drawn.on)
    average = br.estimate_total(histories)  # every model fitted, and averaged
    chapman = br.estimate_total(histories.select("A", "B"))
    rows = [
        (f"{m.model}  (AIC weight {m.aic_weight:.2f})", m.total, m.low, m.high, "tab:blue")
        for m in average.models
    ]
    rows.append(("average of the 8 models", average.total, average.low, average.high, "tab:green"))
    rows.append(("Chapman, lists A and B", chapman.total, chapman.low, chapman.high, "tab:red"))
    fig, ax = plt.subplots(figsize=(8, 4.2))
    for y, (label, total, lower, upper, colour) in enumerate(reversed(rows)):
        low, high = lower or total, upper or total
        ax.errorbar(total, y, xerr=[[total - low], [high - total]], fmt="o", color=colour)
        ax.text(high + 12, y, label, va="center", fontsize=8)
    ax.axvline(drawn.truth, color="black", linestyle="--", linewidth=1)
    ax.axvline(histories.observed, color="grey", linestyle=":", linewidth=1)
    ax.text(drawn.truth, len(rows) - 0.4, " truth", fontsize=8)
    ax.text(histories.observed, len(rows) - 0.4, " observed", fontsize=8, color="grey")
    ax.set_yticks([])
    ax.set_ylim(-0.8, len(rows) - 0.1)
    right = max(high or total for _, total, _, high, _ in rows)
    ax.set_xlim(histories.observed - 80, right + 420)
    ax.set_xlabel("people held on 2023-01-01: estimate and 95% interval")
    ax.set_title("Three synthetic lists (A and B dependent): estimates per model", fontsize=10)
    fig.tight_layout()
    fig.savefig(STATIC / "estimates.png", dpi=90)
    print(f"wrote {STATIC / 'estimates.png'}")


if __name__ == "__main__":
    main()
