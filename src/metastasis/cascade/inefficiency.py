"""The code of ``book/cascade/inefficiency.md``: the measured losses down the cascade, a branching
process for micrometastatic outgrowth, steady-state CTC counts, and the cascade-simulator explorer.

Every number comes from :mod:`metastasis.models.cascade`, :mod:`metastasis.models.branching` and
:mod:`metastasis.models.ctc`, which read the ``cascade_efficiency`` dataset; nothing is typed in
twice. Figures mark the unverified Luzzi et al. (1998) figures by hatching and by their label,
never by colour alone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import style
from ..table_view import format_columns
from ..explorer import Control, Explorer, animate
from ..models import branching, cascade, ctc, inputs
from ..page_figure import page_figure

__all__ = [
    "efficiency_table",
    "ChainStep",
    "cascade_chain",
    "plot_cascade_chain",
    "extinction_curves",
    "plot_extinction",
    "ctc_per_tube",
    "plot_ctc_per_tube",
    "metastasis_table",
    "metastasis_table_view",
    "COUNT_BINS",
    "bin_counts",
    "simulator_model",
    "SHEDDING_PER_DAY",
    "COLONISATION",
    "cascade_explorer",
    "cascade_chain_figure",
    "extinction_figure",
    "ctc_per_tube_figure",
]


# -- the data --------------------------------------------------------------------------------

_TABLE_COLUMNS = ["quantity", "value_text", "model_system", "verified", "source"]


def efficiency_table(frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """The ``cascade_efficiency`` rows as a reading table: what was measured, where, and its status."""
    if frame is None:
        from .. import data

        frame = data.load("cascade_efficiency")
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"expected the cascade_efficiency DataFrame, got {type(frame).__name__}")
    missing = [c for c in _TABLE_COLUMNS if c not in frame.columns]
    if missing:
        raise KeyError(f"the table lacks column(s) {', '.join(missing)}: is it cascade_efficiency?")
    out = frame[_TABLE_COLUMNS].copy()
    out["verified"] = np.where(out["verified"].astype(bool), "yes", "NO (unverified)")
    return out.rename(columns={"value_text": "value", "model_system": "system"}).set_index("quantity")


@dataclass(frozen=True)
class ChainStep:
    """One bar of the chain: the probability of passing the step and the fraction of shed cells left."""

    label: str
    probability: float
    remaining: float
    verified: bool
    source: str


_CHAIN_LABELS = {
    "survival in the circulation": "alive at 24 h\n(Fidler 1970, mouse)",
    "arrest and extravasation": "extravasated by 24 h\n(Koop 1995, chick embryo)",
    "micrometastasis formation": "micrometastasis\n(Luzzi 1998, UNVERIFIED)",
}


def cascade_chain() -> list[ChainStep]:
    """The default chain of the cascade model, as the fraction of shed cells left after each step.

    Starts with every shed cell (1), multiplies the step probabilities of
    :func:`metastasis.models.cascade.default_steps`, and ends with the lineage step (a
    micrometastasis that escapes extinction, 1 − d/b, d/b from Luzzi's recalled figures).
    """
    chain = [ChainStep("shed into the blood", 1.0, 1.0, True, "butler1975quantitation")]
    remaining = 1.0
    for step in cascade.default_steps():
        remaining *= step.probability
        chain.append(ChainStep(_CHAIN_LABELS.get(step.name, step.name), step.probability, remaining,
                               step.verified, step.source))
    g = cascade.default_growth()
    survive = 1.0 - g.extinction
    remaining *= survive
    chain.append(ChainStep("macrometastasis\n(Luzzi 1998, UNVERIFIED)", survive, remaining, False,
                           "luzzi1998multistep"))
    return chain


def plot_cascade_chain(ax) -> list[ChainStep]:
    """Horizontal log-scale bars: the fraction of shed cells left after each step, with the human line."""
    chain = cascade_chain()
    n = len(chain)
    y = np.arange(n)[::-1]
    human = cascade.human_calibration_probability()
    for yi, step in zip(y, chain):
        colour = style.colour("blue") if step.verified else "white"
        ax.barh(yi, step.remaining, left=1e-10, height=0.62, color=colour, edgecolor=style.colour("blue"),
                linewidth=1.4, hatch=None if step.verified else "///", log=True)
        ax.text(step.remaining * 1.6, yi, f"{step.remaining:.2g}", va="center", fontsize=10.5)
    ax.axvline(human, color=style.colour("vermillion"), ls="--", lw=2)
    ax.text(human * 1.4, -0.85, f"human calibration (Coumans 2013):\n1 in {1 / human / 1e6:g} million", fontsize=10.5,
            color=style.colour("vermillion"), va="bottom")
    ax.set_xscale("log")
    ax.set_xlim(1e-9, 30)
    style.fixed_log_ticks(ax, -9, 0, "x", step=3)
    ax.set_yticks(y, [s.label for s in chain], fontsize=10.5)
    ax.set_ylim(-1.1, n - 0.5)
    ax.set_xlabel("fraction of shed cells left")
    ax.grid(axis="y", visible=False)
    ax.tick_params(axis="y", length=0)
    return chain


# -- the branching process -------------------------------------------------------------------

#: Birth and death rates (per day) for the extinction figure: d/b = 0.5, 0.8 and 0.95 (illustrative).
EXTINCTION_RATES = ((1.0, 0.5), (1.0, 0.8), (1.0, 0.95))


def extinction_curves(rates=EXTINCTION_RATES, t_max: float = 10.0, sample_times=(1, 2, 4, 7, 10),
                      n_lineages: int = 1500, seed: int = 0) -> list[dict]:
    """For each (b, d): the exact P(extinct by t), its limit d/b, and Gillespie-simulated fractions.

    The simulation (:func:`metastasis.models.branching.simulate_gillespie`) never uses the formula,
    so the points check the curve. Seeded.
    """
    t_max = inputs.positive("t_max", t_max)
    times = np.asarray(sample_times, dtype=float)
    if times.ndim != 1 or times.size == 0 or np.any(times <= 0) or np.any(times > t_max):
        raise ValueError(f"sample_times must be positive times up to t_max = {t_max}, got {sample_times!r}")
    grid = np.linspace(0.0, t_max, 201)
    out = []
    for i, (b, d) in enumerate(rates):
        simulated = np.array([
            float(np.mean(branching.simulate_gillespie(float(t), b, d, n_lineages, seed=seed + 17 * i + k) == 0))
            for k, t in enumerate(times)])
        out.append({"birth": b, "death": d, "t": grid, "extinct": np.asarray(branching.extinct_by(grid, b, d)),
                    "limit": branching.extinction_probability(b, d), "sample_times": times,
                    "simulated": simulated, "n": n_lineages})
    return out


def plot_extinction(ax, curves: list[dict]) -> None:
    """Exact curves (lines), simulated fractions (markers) and the limits d/b (dotted)."""
    from matplotlib.legend_handler import HandlerTuple

    markers = ("o", "s", "^", "D")
    handles, labels = [], []
    for i, c in enumerate(curves):
        colour = style.colour(i)
        ratio = c["death"] / c["birth"]
        (line,) = ax.plot(c["t"], c["extinct"], color=colour, lw=2.2)
        (dots,) = ax.plot(c["sample_times"], c["simulated"], ls="none", marker=markers[i % 4], ms=8, mec="black",
                          mew=0.8, color=colour)
        ax.axhline(c["limit"], color=colour, ls=":", lw=1.4)
        handles.append((line, dots))
        labels.append(f"d/b = {ratio:g}")
    ax.set_xlim(0, curves[0]["t"][-1])
    ax.set_ylim(0, 1.0)
    ax.set_xlabel("days since the founding cell arrived (b = 1 division per day)")
    ax.set_ylabel("lineage extinct by then")
    ax.legend(handles, labels, handler_map={tuple: HandlerTuple(ndivide=None)}, loc="lower right", fontsize=10.5,
              title=f"line: exact; markers: {curves[0]['n']:,} simulated", title_fontsize=10.5)


# -- CTCs in a blood sample ------------------------------------------------------------------

def ctc_per_tube(tumour_mass_g, half_life_hours: float, first_pass_loss: float = 1.0,
                 detection_efficiency: float = 1.0):
    """Expected CTCs per 7.5 mL at steady state for a tumour of the given mass (Butler & Gullino's rate).

    ``first_pass_loss``: the fold by which cells are depleted before they reach the sampled blood
    (1 = none; Butler & Gullino measured ~12 between efferent and arterial blood in rats).
    """
    mass = inputs.array("tumour mass (g)", tumour_mass_g, minimum=0)
    loss = inputs.number("first-pass loss (fold)", first_pass_loss)
    if loss < 1:
        raise ValueError(f"first-pass loss (fold) must be at least 1 (no loss), got {loss}")
    rate = cascade.shedding_rate(1.0)  # cells per g per day
    out = np.array([ctc.expected_count(m * rate / loss, half_life_hours, detection_efficiency) for m in mass.ravel()])
    out = out.reshape(mass.shape)
    return float(out) if out.ndim == 0 else out


def _efferent_to_arterial() -> float:
    from .. import data

    return float(data.load("cascade_efficiency").set_index("quantity").loc["efferent-to-arterial tumour-cell ratio", "value"])


def plot_ctc_per_tube(ax) -> dict:
    """Expected CTCs per 7.5 mL against tumour mass: the two half-life bounds, with and without first-pass loss."""
    masses = np.logspace(-3, 1, 60)
    lo, hi = ctc.half_life_bounds_hours()
    loss = _efferent_to_arterial()
    lines = {}
    for i, (h, ls) in enumerate(((lo, "-"), (hi, "--"))):
        for j, (fold, what) in enumerate(((1.0, "efferent rate"), (loss, f"÷{loss:g} first pass"))):
            y = ctc_per_tube(masses, h, fold)
            label = f"t½ = {h:g} h, {what}"
            ax.plot(masses, y, ls=ls, lw=2.2 if j == 0 else 1.6, color=style.colour("blue" if j == 0 else "orange"),
                    label=label)
            lines[label] = y
    ax.axhline(ctc.CTC_THRESHOLD, color=style.colour("vermillion"), lw=2, ls=":")
    ax.text(9.0, ctc.CTC_THRESHOLD * 0.7, f"CellSearch threshold:\n{ctc.CTC_THRESHOLD} per 7.5 mL",
            color=style.colour("vermillion"), fontsize=10.5, ha="right", va="top")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(1e-3, 10)
    ax.set_ylim(0.1, 1e5)
    style.fixed_log_ticks(ax, -3, 1, "x")
    style.fixed_log_ticks(ax, -1, 5, "y")
    ax.set_xlabel("tumour mass (g), shedding 3.2×10⁶ cells per g per day")
    ax.set_ylabel("expected CTCs per 7.5 mL")
    ax.legend(loc="upper left", fontsize=10.5)
    return lines


# -- expected numbers of metastases -------------------------------------------------------------

def metastasis_table(cases=((10.0, 30.0), (1.0, 30.0), (0.01, 365.0))) -> pd.DataFrame:
    """λ for tumours of given mass (g) shedding for given days: default chain against human calibration."""
    rows = []
    human = cascade.human_calibration_probability()
    for mass, days in cases:
        shed = cascade.shedding_rate(mass)
        total = shed * inputs.positive("days", days)
        lam = cascade.expected_metastases(shed, days)
        rows.append({"tumour (g)": mass, "days shedding": days, "cells shed": total,
                     "λ, default chain": lam, "P(none), default chain": math.exp(-lam),
                     "λ, human calibration": total * human, "P(none), human calibration": math.exp(-total * human)})
    return pd.DataFrame(rows)


def metastasis_table_view(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """:func:`metastasis_table` as text for reading."""
    table = metastasis_table() if table is None else table
    formats = {"tumour (g)": "{:g}", "days shedding": "{:g}", "cells shed": "{:.2g}",
               "λ, default chain": "{:.3g}", "P(none), default chain": "{:.2g}",
               "λ, human calibration": "{:.3g}", "P(none), human calibration": "{:.2g}"}
    missing = [c for c in formats if c not in table.columns]
    if missing:
        raise KeyError(f"the table lacks column(s) {', '.join(missing)}")
    return format_columns(table[list(formats)], formats, index="tumour (g)")


# -- the explorer ----------------------------------------------------------------------------

#: Bins of the number of metastases per patient: [lower, upper] inclusive, then 'more'.
COUNT_BINS: tuple[tuple[int, float, str], ...] = (
    (0, 0, "0"), (1, 1, "1"), (2, 2, "2"), (3, 5, "3–5"), (6, 10, "6–10"), (11, 30, "11–30"),
    (31, 100, "31–100"), (101, 300, "101–300"), (301, 1000, "301–1k"), (1001, 3000, "1k–3k"),
    (3001, 10000, "3k–10k"), (10001, math.inf, ">10k"),
)
_BIN_LOWER = np.array([b[0] for b in COUNT_BINS])

#: Cells shed into the blood per day (a 1 g tumour sheds 3.2×10⁶ at Butler & Gullino's rate).
SHEDDING_PER_DAY = (1e3, 1e4, 1e5, 1e6, 1e7)
#: Chance that an extravasated cell starts a micrometastasis (the reader's choice; Luzzi's unverified
#: 2% of injected cells is one reading).
COLONISATION = (1e-4, 3e-4, 1e-3, 3e-3, 1e-2)
DAYS = 365.0
N_PATIENTS = 2000


def bin_counts(k, weights) -> np.ndarray:
    """Sum ``weights`` (a pmf or histogram over the counts ``k``) into :data:`COUNT_BINS`."""
    k = np.asarray(k)
    w = np.asarray(weights, dtype=float)
    if k.shape != w.shape:
        raise ValueError(f"k and weights must have the same shape, got {k.shape} and {w.shape}")
    if k.size and (np.any(k < 0) or np.any(k != np.round(k))):
        raise ValueError("counts must be whole numbers >= 0")
    index = np.searchsorted(_BIN_LOWER, k, side="right") - 1
    return np.bincount(index, weights=w, minlength=len(COUNT_BINS))


def simulator_model(shed_per_day: float, colonisation: float, days: float = DAYS, seed: int = 0) -> dict:
    """The explorer's model: exact and simulated distribution of metastases per patient, binned.

    The chain is the two verified steps of ``cascade_efficiency`` (Fidler's 1% alive at 24 h,
    Koop's >80% extravasated), then the reader's colonisation probability, then a lineage that
    escapes extinction with probability 1 − d/b (default d/b = 0.99, illustrative).
    """
    out = cascade.explorer_model(shed_per_day, colonisation, days=days, n_patients=N_PATIENTS, seed=seed)
    exact = bin_counts(out["k"], out["pmf"])
    simulated = bin_counts(out["k"], out["simulated"])
    lam = out["mean"]
    return {
        "exact": exact, "simulated": simulated, "mean": lam, "p_none": math.exp(-lam),
        "simulated_mean": out["simulated_mean"], "simulated_variance": out["simulated_variance"],
        "per_cell": out["overall_probability"], "shed_total": shed_per_day * days,
        "mode_bin": COUNT_BINS[int(np.argmax(exact))][2],
    }


def _pct(p: float) -> str:
    if p >= 0.995:
        return "100%" if p == 1 else ">99%"
    if p < 0.005:
        return "0%" if p == 0 else "<1%"
    return f"{p:.0%}"


def _num(x: float) -> str:
    if x == 0:
        return "0"
    if x >= 100:
        return f"{x:,.0f}"
    if x >= 0.01:
        return f"{x:.3g}"
    return f"{x:.1e}"


def cascade_explorer() -> Explorer:
    """Shedding rate × colonisation probability → how many metastases a patient gets, exactly and simulated."""
    n_bins = len(COUNT_BINS)
    x = np.arange(n_bins)
    width = 0.4

    def setup(fig, ax):
        exact = ax.bar(x - width / 2, np.zeros(n_bins), width, color="white", edgecolor=style.colour("black"),
                       linewidth=1.2, label="exact Poisson law")
        sim = ax.bar(x + width / 2, np.zeros(n_bins), width, color=style.colour("blue"),
                     edgecolor=style.colour("blue"), label=f"{N_PATIENTS:,} simulated patients")
        ax.set_xticks(x, [b[2] for b in COUNT_BINS], rotation=45, ha="right", fontsize=10.5)
        ax.set_xlim(-0.6, n_bins - 0.4)
        ax.set_ylim(0, 1.42)
        ax.set_yticks([0, 0.25, 0.5, 0.75, 1.0], ["0", "25%", "50%", "75%", "100%"])
        ax.set_xlabel("metastases per patient (after a year of shedding)")
        ax.set_ylabel("share of patients")
        ax.grid(False)
        ax.legend(loc="upper right", fontsize=10.5, handlelength=1.4, borderaxespad=0.2)
        readout = ax.text(0.01, 0.985, "", transform=ax.transAxes, ha="left", va="top", fontsize=10.5)
        animate(list(exact), list(sim), readout)
        fig.tight_layout()

        def update(data, params):
            for bar, h in zip(exact, data["exact"]):
                bar.set_height(h)
            for bar, h in zip(sim, data["simulated"]):
                bar.set_height(h)
            readout.set_text(
                f"mean λ = {_num(data['mean'])}; none in {_pct(data['p_none'])}\n"
                f"simulated: mean {_num(data['simulated_mean'])}, var. {_num(data['simulated_variance'])}")

        return update

    def alt(params, data):
        return (
            f"Bar chart of the number of metastases per patient after a year in which {params['shed_per_day']:,.0f} "
            f"cells a day enter the blood and an extravasated cell starts a micrometastasis with probability "
            f"{params['colonisation']:g}. Each shed cell becomes a lasting metastasis with probability "
            f"{data['per_cell']:.2g}, so the mean is λ = {_num(data['mean'])}. The open bars (exact Poisson law) "
            f"and the filled bars ({N_PATIENTS:,} simulated patients) agree; the tallest bin is {data['mode_bin']}, "
            f"and {_pct(data['p_none'])} of patients have no metastasis. Simulated mean {_num(data['simulated_mean'])}, "
            f"variance {_num(data['simulated_variance'])}."
        )

    return Explorer(
        name="cascade-simulator",
        controls=[
            Control("shed_per_day", "cells shed into the blood per day", SHEDDING_PER_DAY, initial=1e4, fmt="{:,.0f}"),
            Control("colonisation", "chance an extravasated cell starts a micrometastasis", COLONISATION,
                    initial=1e-2, fmt="{:g}"),
        ],
        model=simulator_model,
        setup=setup,
        alt=alt,
        caption="Move the shedding rate and the colonisation probability. The chain uses the two verified "
        "steps of the book's data (1% of cells alive at 24 h, 80% extravasated) and a micrometastasis that "
        "escapes extinction with probability 1 − d/b = 0.01 (illustrative). Open bars: the exact Poisson law; "
        "filled bars: 2,000 simulated patients. The bins widen to the right.",
        figsize=(6.2, 4.2),
    )


# -- the page's figures, sized for a phone column (style.check_phone_legible) ----------------


def cascade_chain_figure():
    """The page's figure of :func:`plot_cascade_chain` and the chain it draws: ``(fig, chain)``."""
    return page_figure(plot_cascade_chain, height=4.2)


def extinction_figure(curves: list[dict] | None = None):
    """The page's figure of :func:`plot_extinction` (default: the curves of :func:`extinction_curves`)."""
    return page_figure(plot_extinction, extinction_curves() if curves is None else curves, height=4.0)[0]


def ctc_per_tube_figure():
    """The page's figure of :func:`plot_ctc_per_tube`."""
    return page_figure(plot_ctc_per_tube, height=4.2)[0]
