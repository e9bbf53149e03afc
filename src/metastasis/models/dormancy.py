"""Dormant disseminated cells: when do they wake, and when would a clinician see a relapse?

A dormant cell faces two competing risks in continuous time: it wakes (starts dividing) at rate
w per day and dies at rate δ per day; whichever comes first decides its fate. With λ = w + δ,

    P(still dormant at t)   = e^{−λt}
    P(woken by t)           = (w/λ)(1 − e^{−λt})
    P(ever wakes)           = w/λ                  (w → 0: never; δ → 0: always)
    waking-time density     = w e^{−λt}            (a sub-density: it integrates to w/λ)
    median waking time, given that it wakes = ln2 / λ

because the first of two exponential clocks rings at rate λ, independently of which one it is.
For a small per-day chance p the rate is ≈ p (exactly −ln(1 − p) for one risk alone;
:func:`rate_from_daily_probability`).

From waking to relapse (assumptions, stated once here and in every docstring that uses them):

1. the woken cell founds a birth–death lineage (:mod:`metastasis.models.branching`, rates b and
   d per day) that escapes extinction with probability 1 − d/b;
2. a surviving lineage becomes clinically detectable when it reaches M cells (default 10⁹, about
   1 cm³: a rule of thumb, illustrative), t_detect = ln(M)/(b − d) days after waking
   (deterministic growth at the mean rate; the lineages that survive are larger than the mean,
   so this delay is an overestimate, by about ln(b/(b − d))/(b − d): see :func:`detection_delay`);
3. the patient carries N dormant cells at surgery (t = 0) and no new ones arrive afterwards;
   cells behave independently.

Then one cell has caused a detectable metastasis by time t with probability

    P₁(t) = (1 − d/b) · (w/λ) · (1 − e^{−λ(t − t_detect)})   for t > t_detect, else 0,

and a patient with N cells has relapsed by t with probability 1 − (1 − P₁(t))^N, rising to the
plateau 1 − (1 − (1 − d/b)w/λ)^N: the patients who will ever relapse.

Numbers: w, δ and N have no checked source here; every default is **illustrative**. The default
b and d are the cascade's illustrative ones (:func:`metastasis.models.cascade.default_growth`:
net growth from Coumans et al. 2013's 1.7-month doubling time [checked], d/b = 0.99 from Luzzi
et al. 1998's recalled figures **[unverified]**), which put t_detect at about 4.2 years.
"""

from __future__ import annotations

import math

import numpy as np

from . import branching, inputs

__all__ = [
    "YEAR_DAYS",
    "DETECTABLE_CELLS",
    "rate_from_daily_probability",
    "still_dormant",
    "woken_by",
    "died_by",
    "ever_wakes",
    "waking_time_density",
    "median_waking_time",
    "detection_delay",
    "metastasis_by",
    "relapse_probability",
    "eventual_relapse_probability",
    "median_relapse_time",
    "simulate_cells",
    "sample_relapse_times",
    "relapse_explorer_model",
]

#: Days in a year (365.25).
YEAR_DAYS = 365.25
#: Cells in a clinically detectable tumour (~1 cm³): a rule of thumb, illustrative.
DETECTABLE_CELLS = 1e9


def _hazards(wake_rate, dormant_death_rate) -> tuple[float, float]:
    w = inputs.number("wake rate (per day)", wake_rate)
    delta = inputs.number("dormant death rate (per day)", dormant_death_rate)
    if w < 0:
        raise ValueError(f"wake rate (per day) cannot be negative, got {w}")
    if delta < 0:
        raise ValueError(f"dormant death rate (per day) cannot be negative, got {delta}")
    return w, delta


def _times(t) -> np.ndarray:
    return inputs.array("time (days)", t, minimum=0)


def _out(arr):
    return float(arr) if np.ndim(arr) == 0 else arr


def _growth(birth, death) -> tuple[float, float]:
    if birth is None and death is None:
        from .cascade import default_growth

        g = default_growth()
        return g.birth, g.death
    if birth is None or death is None:
        raise ValueError("give both the birth rate and the death rate, or neither (for the defaults)")
    return branching.check_rates(birth, death)


def rate_from_daily_probability(p: float) -> float:
    """−ln(1 − p): the constant rate that gives chance p of the event within one day (alone)."""
    p = inputs.bounded("daily probability", p, 0.0, 1.0)
    return math.inf if p == 1.0 else -math.log1p(-p)


def still_dormant(t, wake_rate: float, dormant_death_rate: float):
    """e^{−(w+δ)t}: neither woken nor dead by day t."""
    t = _times(t)
    w, delta = _hazards(wake_rate, dormant_death_rate)
    return _out(np.exp(-(w + delta) * t))


def woken_by(t, wake_rate: float, dormant_death_rate: float):
    """(w/λ)(1 − e^{−λt}), λ = w + δ: the probability that the cell has woken by day t."""
    t = _times(t)
    w, delta = _hazards(wake_rate, dormant_death_rate)
    lam = w + delta
    if lam == 0:
        return _out(np.zeros_like(t))
    return _out(w / lam * -np.expm1(-lam * t))


def died_by(t, wake_rate: float, dormant_death_rate: float):
    """(δ/λ)(1 − e^{−λt}): the probability that the cell has died, still dormant, by day t."""
    t = _times(t)
    w, delta = _hazards(wake_rate, dormant_death_rate)
    lam = w + delta
    if lam == 0:
        return _out(np.zeros_like(t))
    return _out(delta / lam * -np.expm1(-lam * t))


def ever_wakes(wake_rate: float, dormant_death_rate: float) -> float:
    """w/(w + δ) (0 if both rates are 0: the cell sleeps for ever)."""
    w, delta = _hazards(wake_rate, dormant_death_rate)
    return 0.0 if w + delta == 0 else w / (w + delta)


def waking_time_density(t, wake_rate: float, dormant_death_rate: float):
    """w·e^{−(w+δ)t}, per day: waking at t (integrates over t to the probability of ever waking)."""
    t = _times(t)
    w, delta = _hazards(wake_rate, dormant_death_rate)
    return _out(w * np.exp(-(w + delta) * t))


def median_waking_time(wake_rate: float, dormant_death_rate: float) -> float:
    """ln2/(w + δ) days: the median waking time of the cells that do wake (inf if w = 0)."""
    w, delta = _hazards(wake_rate, dormant_death_rate)
    return math.inf if w == 0 else math.log(2) / (w + delta)


def detection_delay(birth: float | None = None, death: float | None = None,
                    detectable_cells: float = DETECTABLE_CELLS, given_survival: bool = False) -> float:
    """t_detect = ln(M)/(b − d) days from waking to a detectable size (assumption 2; inf if b ≤ d).

    ``given_survival=True`` uses the mean size of the lineages that survive instead (see
    :func:`metastasis.models.branching.time_to_size`); with the default b and d that is about
    0.94 years shorter (3.3 instead of 4.2 years). The relapse functions use the default.
    """
    b, d = _growth(birth, death)
    return branching.time_to_size(detectable_cells, b, d, given_survival=given_survival)


def metastasis_by(t, wake_rate: float, dormant_death_rate: float, birth: float | None = None,
                  death: float | None = None, detectable_cells: float = DETECTABLE_CELLS):
    """P₁(t): one dormant cell has become a detectable metastasis by day t (assumptions 1–2)."""
    t = _times(t)
    b, d = _growth(birth, death)
    survive = branching.survival_probability(b, d)
    delay = detection_delay(b, d, detectable_cells)
    if survive == 0 or not math.isfinite(delay):
        return _out(np.zeros_like(t))
    return _out(survive * np.asarray(woken_by(np.maximum(t - delay, 0.0), wake_rate, dormant_death_rate)))


def relapse_probability(t, n_cells: int, wake_rate: float, dormant_death_rate: float,
                        birth: float | None = None, death: float | None = None,
                        detectable_cells: float = DETECTABLE_CELLS):
    """1 − (1 − P₁(t))^N: a patient with N dormant cells at surgery has relapsed by day t."""
    n = branching.whole_number("number of dormant cells", n_cells, minimum=0)
    p1 = np.asarray(metastasis_by(t, wake_rate, dormant_death_rate, birth, death, detectable_cells))
    if n == 0:
        return _out(np.zeros_like(p1))
    with np.errstate(divide="ignore"):
        return _out(-np.expm1(n * np.log1p(-p1)))


def eventual_relapse_probability(n_cells: int, wake_rate: float, dormant_death_rate: float,
                                 birth: float | None = None, death: float | None = None) -> float:
    """1 − (1 − (1 − d/b)·w/(w+δ))^N: the plateau of the relapse curve."""
    n = branching.whole_number("number of dormant cells", n_cells, minimum=0)
    b, d = _growth(birth, death)
    q = branching.survival_probability(b, d) * ever_wakes(wake_rate, dormant_death_rate)
    if n == 0 or q == 0:
        return 0.0
    return 1.0 if q == 1 else float(-np.expm1(n * np.log1p(-q)))


def median_relapse_time(n_cells: int, wake_rate: float, dormant_death_rate: float,
                        birth: float | None = None, death: float | None = None,
                        detectable_cells: float = DETECTABLE_CELLS) -> float:
    """Median day of relapse among the patients who relapse (inf if none can).

    Solves 1 − (1 − q x)^N = F∞/2 for x = 1 − e^{−λ(t − t_detect)}, with q = (1 − d/b)·w/λ.
    """
    n = branching.whole_number("number of dormant cells", n_cells, minimum=0)
    w, delta = _hazards(wake_rate, dormant_death_rate)
    b, d = _growth(birth, death)
    plateau = eventual_relapse_probability(n, w, delta, b, d)
    delay = detection_delay(b, d, detectable_cells)
    if plateau == 0 or not math.isfinite(delay):
        return math.inf
    q = branching.survival_probability(b, d) * w / (w + delta)
    x = -math.expm1(math.log1p(-plateau / 2) / n) / q
    return delay - math.log1p(-x) / (w + delta)


def simulate_cells(n_patients: int, n_cells: int, wake_rate: float, dormant_death_rate: float,
                   birth: float | None = None, death: float | None = None,
                   detectable_cells: float = DETECTABLE_CELLS, seed: int = 0) -> np.ndarray:
    """Relapse day of each patient (inf: never), simulated cell by cell in one vectorised draw.

    Every cell gets an exponential waking clock (rate w) and death clock (rate δ); it wakes if
    the first rings first; its lineage survives with probability 1 − d/b; the patient relapses
    t_detect after the earliest waking whose lineage survives. Independent of the formulas.
    """
    n_p = branching.whole_number("n_patients", n_patients, minimum=1)
    n_c = branching.whole_number("number of dormant cells", n_cells, minimum=1)
    if n_p * n_c > 20_000_000:
        raise ValueError(f"{n_p} patients × {n_c} cells is too many cells to draw one by one; "
                         "use sample_relapse_times")
    w, delta = _hazards(wake_rate, dormant_death_rate)
    b, d = _growth(birth, death)
    delay = detection_delay(b, d, detectable_cells)
    rng = branching.seeded_rng(seed)
    with np.errstate(divide="ignore"):
        wake = rng.exponential(1.0, (n_p, n_c)) / w if w > 0 else np.full((n_p, n_c), np.inf)
        die = rng.exponential(1.0, (n_p, n_c)) / delta if delta > 0 else np.full((n_p, n_c), np.inf)
    grows = (wake < die) & (rng.random((n_p, n_c)) < branching.survival_probability(b, d))
    first = np.where(grows, wake, np.inf).min(axis=1)
    return first + delay


def sample_relapse_times(n_patients: int, n_cells: int, wake_rate: float, dormant_death_rate: float,
                         birth: float | None = None, death: float | None = None,
                         detectable_cells: float = DETECTABLE_CELLS, seed: int = 0) -> np.ndarray:
    """Relapse day of each patient (inf: never), drawn exactly and fast, for any number of cells.

    K ~ Binomial(N, (1 − d/b)·w/λ) cells wake and found lasting lineages; their waking times are
    Exp(λ) (the first clock rings at rate λ whichever it is), so the earliest is Exp(Kλ).
    """
    n_p = branching.whole_number("n_patients", n_patients, minimum=1)
    n_c = branching.whole_number("number of dormant cells", n_cells, minimum=0)
    w, delta = _hazards(wake_rate, dormant_death_rate)
    b, d = _growth(birth, death)
    delay = detection_delay(b, d, detectable_cells)
    rng = branching.seeded_rng(seed)
    q = branching.survival_probability(b, d) * ever_wakes(w, delta)
    k = rng.binomial(n_c, q, n_p)
    with np.errstate(divide="ignore"):
        first = rng.exponential(1.0, n_p) / (np.maximum(k, 1) * (w + delta)) if w + delta > 0 else np.full(n_p, np.inf)
    return np.where(k > 0, first + delay, np.inf)


def relapse_explorer_model(wake_rate: float, dormant_death_rate: float, n_cells: int = 100,
                           years=None, birth: float | None = None, death: float | None = None,
                           detectable_cells: float = DETECTABLE_CELLS) -> dict:
    """Fast model for an explorer: waking rate × dormant death rate → the relapse curve a clinic sees.

    Returns ``years`` (default 0–20 years, monthly), ``relapse`` (the probability of a detectable
    metastasis by then), the ``plateau`` (patients who ever relapse), the ``median_relapse_years``
    among those who relapse, ``detect_years`` (t_detect), ``ever_wakes`` and the cells'
    ``median_waking_years``. Assumptions 1–3 of the module docstring; all defaults illustrative.
    """
    grid = np.linspace(0.0, 20.0, 241) if years is None else inputs.array("years", years, minimum=0)
    w, delta = _hazards(wake_rate, dormant_death_rate)
    b, d = _growth(birth, death)
    curve = relapse_probability(grid * YEAR_DAYS, n_cells, w, delta, b, d, detectable_cells)
    return {
        "years": grid,
        "relapse": np.asarray(curve),
        "plateau": eventual_relapse_probability(n_cells, w, delta, b, d),
        "median_relapse_years": median_relapse_time(n_cells, w, delta, b, d, detectable_cells) / YEAR_DAYS,
        "detect_years": detection_delay(b, d, detectable_cells) / YEAR_DAYS,
        "ever_wakes": ever_wakes(w, delta),
        "median_waking_years": median_waking_time(w, delta) / YEAR_DAYS,
    }
