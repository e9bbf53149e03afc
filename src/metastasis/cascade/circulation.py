"""The code of ``book/cascade/circulation.md``: CTC clusters, what a CellSearch count can show, and
the dormancy explorer (what a clinic would observe after surgery, and when).

Models: :mod:`metastasis.models.ctc` (clusters, sampling a tube of blood) and
:mod:`metastasis.models.dormancy` (competing waking and death, then outgrowth to a detectable
size). Every rate the explorer offers is illustrative: no source gives a dormant cell's per-day
chance of waking or dying, which is the point of letting the reader move them.
"""

from __future__ import annotations

import math

import numpy as np

from .. import style
from ..explorer import Control, Explorer, animate
from ..models import branching, ctc, dormancy, inputs
from ..page_figure import page_figure

__all__ = [
    "CLUSTER_RATIOS",
    "cluster_size_needed",
    "plot_cluster_advantage",
    "threshold_chance",
    "plot_threshold_chance",
    "WAKE_PERCENT_PER_DAY",
    "DEATH_PERCENT_PER_DAY",
    "N_DORMANT_CELLS",
    "COHORT",
    "relapse_model",
    "dormancy_explorer",
    "cluster_advantage_figure",
    "threshold_chance_figure",
]

#: Extinction probabilities d/b of a single cell's lineage for the cluster figure (illustrative).
CLUSTER_RATIOS = (0.5, 0.9, 0.99)


def cluster_size_needed(fold: float, extinction: float) -> float:
    """The smallest cluster whose independent cells are ``fold`` times as likely as one cell to seed a
    lasting lineage: min k with [1 − q^k]/[1 − q] ≥ fold (q = d/b). ``inf`` if no k can (fold ≥ 1/(1 − q))."""
    f = inputs.number("fold advantage", fold)
    if f < 1:
        raise ValueError(f"fold advantage must be at least 1, got {f}")
    q = inputs.bounded("extinction probability d/b", extinction, 0.0, 1.0, strict=True)
    if f * (1.0 - q) >= 1.0 - 1e-12:  # the limit k → ∞ of the ratio is 1/(1 − q)
        return math.inf
    # (1 − q^k) ≥ f(1 − q)  ⇔  q^k ≤ 1 − f(1 − q)
    k = math.ceil(math.log(1.0 - f * (1.0 - q)) / math.log(q) - 1e-12)
    return float(max(1, k))


def plot_cluster_advantage(ax, ratios=CLUSTER_RATIOS, max_size: int = 100) -> dict:
    """Fold advantage of a k-cell cluster of independent cells over one cell, against k, with Aceto's 23–50."""
    sizes = np.unique(np.round(np.logspace(0, math.log10(max_size), 60)).astype(int))
    lines = {}
    ax.axhspan(ctc.ACETO_CLUSTER_FOLD[0], ctc.ACETO_CLUSTER_FOLD[1], color=style.colour("orange"), alpha=0.25, lw=0)
    ax.text(1.1, 34, "clusters' reported advantage:\n23–50-fold (Aceto 2014, mice)", fontsize=10.5, va="center")
    ax.plot(sizes, sizes, color="0.4", lw=1.4, ls="--")
    ax.text(62, 70, "k-fold: the ceiling", fontsize=10.5, color="0.3", ha="right", rotation=0)
    for i, q in enumerate(ratios):
        fold = np.array([ctc.cluster_fold_advantage(int(k), 1.0, q) for k in sizes])
        ax.plot(sizes, fold, color=style.colour(i), lw=2.4, ls=("-", "-.", ":")[i % 3],
                label=f"{q:g} (at most {1 / (1 - q):g}×)")
        lines[q] = (sizes, fold)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(1, max_size)
    ax.set_ylim(1, 120)
    style.fixed_log_ticks(ax, 0, 2, "x")
    style.fixed_log_ticks(ax, 0, 2, "y")
    ax.set_xlabel("cells in the cluster (k)")
    ax.set_ylabel("times as likely as one cell\nto found a lasting lineage")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3, fontsize=10.5, handlelength=1.8,
              columnspacing=1.0, title="clusters of independent cells, single-cell extinction d/b:", title_fontsize=10.5)
    return lines


def threshold_chance(mean, threshold: int = ctc.CTC_THRESHOLD):
    """P(count ≥ threshold) for Poisson counts with the given mean(s) (vectorised over ``mean``)."""
    m = inputs.array("mean count", mean, minimum=0)
    out = np.array([ctc.prob_at_least(float(v), threshold) for v in m.ravel()]).reshape(m.shape)
    return float(out) if out.ndim == 0 else out


def plot_threshold_chance(ax, n_samples: int = 4000, seed: int = 0) -> dict:
    """P(≥5 CTCs in a tube) against the true mean per tube: exact (line) and simulated tubes (markers)."""
    means = np.logspace(-1, math.log10(30), 120)
    exact = threshold_chance(means)
    check = np.array([0.5, 1, 2, 3, 5, 8, 12, 20])
    rng = branching.seeded_rng(seed)
    simulated = np.array([(rng.poisson(m, n_samples) >= ctc.CTC_THRESHOLD).mean() for m in check])
    ax.plot(means, exact, color=style.colour("blue"), lw=2.4, label="exact (Poisson)")
    ax.plot(check, simulated, ls="none", marker="o", ms=8, mec="black", color=style.colour("orange"),
            label=f"{n_samples:,} simulated tubes")
    ax.axvline(ctc.CTC_THRESHOLD, color=style.colour("vermillion"), ls=":", lw=1.6)
    ax.text(ctc.CTC_THRESHOLD * 1.08, 0.04, "true mean = 5", color=style.colour("vermillion"), fontsize=10.5)
    ax.set_xscale("log")
    ax.set_xlim(0.1, 30)
    ax.set_ylim(0, 1.02)
    style.fixed_log_ticks(ax, -1, 1, "x")
    ax.set_xlabel("true mean number of CTCs per 7.5 mL tube")
    ax.set_ylabel("chance the tube shows ≥5")
    ax.legend(loc="upper left", fontsize=10.5)
    return {"means": means, "exact": exact, "check": check, "simulated": simulated}


# -- the dormancy explorer ---------------------------------------------------------------------

#: A dormant cell's chance of waking on a given day, in percent (illustrative).
WAKE_PERCENT_PER_DAY = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3)
#: A dormant cell's death rate, in percent per day (illustrative; 0 = dormant cells never die).
DEATH_PERCENT_PER_DAY = (0.0, 0.01, 0.1, 1.0)
#: Dormant cells each patient carries at surgery (illustrative).
N_DORMANT_CELLS = 100
#: Patients in the simulated cohort the explorer draws (what one clinic would see).
COHORT = 300
_YEARS = np.linspace(0.0, 20.0, 241)


def relapse_model(wake_percent: float, death_percent: float, n_cells: int = N_DORMANT_CELLS,
                  cohort: int = COHORT, seed: int = 0) -> dict:
    """Relapse-free fraction over 20 years after surgery: the model's expectation and one simulated clinic.

    ``wake_percent``: chance per day (in %) that a dormant cell wakes, turned into a rate
    −ln(1 − p); ``death_percent``: the dormant cell's death rate (% per day). Each woken cell
    founds the cascade's illustrative lineage (survives with 1 − d/b = 0.01, detectable 4.2 years
    later). Also returns the chance that a given cell is still dormant, and the summary numbers.
    """
    p = inputs.bounded("waking chance (% per day)", wake_percent, 0.0, 100.0, strict=True) / 100.0
    delta = inputs.number("death rate (% per day)", death_percent)
    if delta < 0:
        raise ValueError(f"death rate (% per day) cannot be negative, got {delta}")
    w, delta = dormancy.rate_from_daily_probability(p), delta / 100.0
    out = dormancy.relapse_explorer_model(w, delta, n_cells=n_cells, years=_YEARS)
    times = dormancy.sample_relapse_times(cohort, n_cells, w, delta, seed=seed) / dormancy.YEAR_DAYS
    observed = (times[None, :] > _YEARS[:, None]).mean(axis=1)
    return {
        "years": _YEARS, "relapse_free": 1.0 - out["relapse"], "observed": observed,
        "still_dormant": np.asarray(dormancy.still_dormant(_YEARS * dormancy.YEAR_DAYS, w, delta)),
        "plateau": out["plateau"], "median_relapse_years": out["median_relapse_years"],
        "detect_years": out["detect_years"], "ever_wakes": out["ever_wakes"],
        "median_waking_years": out["median_waking_years"], "wake_rate": w, "death_rate": delta,
        "observed_relapsed_by_20": float((times <= 20.0).mean()), "cohort": cohort,
    }


def _years(y: float) -> str:
    if not math.isfinite(y):
        return "never"
    return f"{y:.1f} years" if y < 100 else f"{y:,.0f} years"


def dormancy_explorer() -> Explorer:
    """A dormant cell's daily chance of waking × its death rate → relapse-free patients after surgery."""
    detect = dormancy.detection_delay() / dormancy.YEAR_DAYS

    def setup(fig, ax):
        ax.axvspan(0, detect, color="0.88", lw=0)
        ax.text(detect / 2, 0.04, "not yet\nvisible", ha="center", va="bottom", fontsize=10.5, color="0.25")
        (dormant,) = ax.plot([], [], color=style.colour("bluish_green"), lw=1.8, ls=":", label="a cell still dormant")
        (model,) = ax.plot([], [], color=style.colour("blue"), lw=2.6, label="relapse-free (model)")
        (clinic,) = ax.step([], [], where="post", color=style.colour("vermillion"), lw=1.6,
                            label=f"one clinic ({COHORT})")
        (plateau,) = ax.plot([], [], color=style.colour("blue"), lw=1.0, ls="--")
        readout = ax.text(0.985, 0.975, "", transform=ax.transAxes, ha="right", va="top", fontsize=10.5)
        ax.set_xlim(0, 20)
        ax.set_ylim(0, 1.22)
        ax.set_yticks([0, 0.25, 0.5, 0.75, 1.0], ["0", "25%", "50%", "75%", "100%"])
        ax.set_xlabel("years after surgery")
        ax.set_ylabel("share")
        ax.grid(False)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=3, fontsize=10.5, handlelength=1.5,
                  columnspacing=0.8, handletextpad=0.4)
        animate(dormant, model, clinic, plateau, readout)
        fig.tight_layout()

        def update(data, params):
            y = data["years"]
            dormant.set_data(y, data["still_dormant"])
            model.set_data(y, data["relapse_free"])
            clinic.set_data(y, data["observed"])
            plateau.set_data([0, 20], [1 - data["plateau"]] * 2)
            readout.set_text(f"{data['ever_wakes']:.0%} of cells wake; {data['plateau']:.0%} of patients relapse\n"
                             f"median relapse: {_years(data['median_relapse_years'])}")

        return update

    def alt(params, data):
        return (
            f"Line chart over the 20 years after surgery for patients who each carry {N_DORMANT_CELLS} dormant "
            f"cells, each with a {params['wake_percent']:g}% daily chance of waking and a death rate of "
            f"{params['death_percent']:g}% per day. {data['ever_wakes']:.0%} of cells wake before they die; the "
            f"dotted curve shows a cell's chance of still being dormant ({data['still_dormant'][-1]:.0%} at 20 "
            f"years). No relapse can be seen in the first {data['detect_years']:.1f} years (shaded), the time a "
            f"woken cell's lineage needs to become detectable. The model's relapse-free curve then falls towards "
            f"{1 - data['plateau']:.0%} (dashed): {data['plateau']:.0%} of patients ever relapse, with a median "
            f"relapse time among them of {_years(data['median_relapse_years'])}. A simulated clinic of {COHORT} "
            f"patients (step curve) saw {data['observed_relapsed_by_20']:.0%} relapse within 20 years."
        )

    return Explorer(
        name="dormancy-relapse",
        controls=[
            Control("wake_percent", "chance a dormant cell wakes on a given day", WAKE_PERCENT_PER_DAY,
                    initial=0.1, fmt="{:g}% per day"),
            Control("death_percent", "death rate of a dormant cell", DEATH_PERCENT_PER_DAY, initial=0.1,
                    fmt="{:g}% per day"),
        ],
        model=relapse_model,
        setup=setup,
        alt=alt,
        caption=f"Each patient carries {N_DORMANT_CELLS} dormant cells at surgery. A woken cell's lineage "
        "survives with probability 0.01 and is detectable 4.2 years after waking (the cascade's illustrative "
        f"lineage), so the shaded years can show no relapse. Smooth curve: the model's share of patients still "
        f"free of relapse, falling towards the dashed line (those who never relapse); step curve: one simulated "
        f"clinic of {COHORT} patients; dotted curve: a single cell's chance of still being dormant. The text at the top gives "
        "the share of cells that ever wake, of patients who ever relapse, and the median relapse time among "
        "those who do. All rates are illustrative.",
        figsize=(6.2, 4.3),
    )


# -- the page's figures, sized for a phone column (style.check_phone_legible) ----------------


def cluster_advantage_figure():
    """The page's figure of :func:`plot_cluster_advantage`, 6.2 in wide so its text stays legible on a phone."""
    return page_figure(plot_cluster_advantage, height=4.4)[0]


def threshold_chance_figure():
    """The page's figure of :func:`plot_threshold_chance` and the values it draws: ``(fig, values)``."""
    return page_figure(plot_threshold_chance, height=3.8)
