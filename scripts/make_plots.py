"""Draw the plots shown in the docs, from the synthetic data (``docs/_static/*.png``).

Usage: ``python scripts/make_plots.py``
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import belarus_repression as br

STATIC = Path(__file__).resolve().parent.parent / "docs" / "_static"


def main() -> None:
    ds = br.synthetic()
    held = br.time_series(ds, "2020-08-01", freq="month", recognized_only=True)
    ax = br.plot_held(
        held, br.reported_figures(), title="Political prisoners held: synthetic data vs published"
    )
    ax.figure.savefig(STATIC / "held.png", dpi=90)
    flows = br.time_series(ds, "2020-08-01", freq="month")
    ax = br.plot_flows(flows, title="Custody begun and ended per month (synthetic data)")
    ax.figure.savefig(STATIC / "flows.png", dpi=90)
    print(f"wrote {STATIC / 'held.png'} and {STATIC / 'flows.png'}")


if __name__ == "__main__":
    main()
