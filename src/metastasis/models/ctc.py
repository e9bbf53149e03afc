"""Circulating tumour cells (CTCs): how many are in the blood, and what a 7.5 mL sample shows.

Cells enter the blood at S per day and leave it (die or lodge) by first-order clearance with
half-life t½, rate constant k = ln2 / t½. Then dN/dt = S − kN, so

    N(t) = N∞ + (N₀ − N∞) e^{−kt},       N∞ = S / k = S · t½ / ln2,

and a cell is still circulating t after it entered with probability 2^{−t/t½} (with t½ = 1.5 h,
2^{−4} = 0.0625 of them after 6 h). A sample of v mL from a blood volume V holds on average
N·v/V of them, and a test that finds each cell with probability ε counts

    μ = ε · N · v / V        (per sample),

Poisson-distributed if the cells are scattered at random (an assumption: clusters break it).
P(count ≥ 5) = 1 − Σ_{j<5} e^{−μ} μ^j / j! is the chance of reaching the CellSearch threshold
of ≥5 CTCs per 7.5 mL that Cristofanilli et al. 2004 (``cristofanilli2004circulating``) linked
to shorter survival in metastatic breast cancer [checked].

Numbers: the CTC half-life is 1–2.4 h in breast-cancer patients (Meng et al. 2004,
``meng2004circulating``) [checked]; shedding is 3.2×10⁶ cells per g per day in a rat mammary
carcinoma's efferent blood (Butler & Gullino 1975) [checked], whose arterial blood held ~12×
fewer tumour cells [checked]. The adult blood volume of 5 L is an **illustrative** round number
(a parameter: no source was checked for it). The detection efficiency ε has no default source:
it defaults to 1 (every cell in the sample is counted), an upper bound.

Clusters. Aceto et al. 2014 (``aceto2014circulating``) report that CTC clusters, though rare,
have 23–50-fold increased metastatic potential compared with single CTCs [checked: the abstract,
read in a third-party copy (scite.ai) of it]. The abstract does not say whether that is per
cluster or per cell, nor how large the clusters were: read the paper before teaching either. :func:`cluster_outgrowth_probability`
gives the baseline to compare it with: a cluster of k cells whose lineages grow independently
founds a metastasis with probability 1 − (d/b)^k, at most k times a single cell's.
"""

from __future__ import annotations

import math

import numpy as np

from . import branching, inputs
from .cascade import poisson_pmf, poisson_sf

__all__ = [
    "SAMPLE_ML",
    "CTC_THRESHOLD",
    "BLOOD_VOLUME_ML",
    "ACETO_CLUSTER_FOLD",
    "clearance_rate",
    "steady_state",
    "approach",
    "surviving_fraction",
    "per_sample",
    "expected_count",
    "count_pmf",
    "prob_at_least",
    "half_life_bounds_hours",
    "cluster_outgrowth_probability",
    "cluster_fold_advantage",
]

#: CellSearch sample volume, mL (Cristofanilli et al. 2004) [checked].
SAMPLE_ML = 7.5
#: ≥5 CTCs per 7.5 mL: the prognostic threshold of Cristofanilli et al. 2004 [checked].
CTC_THRESHOLD = 5
#: Adult blood volume, mL: an illustrative round number, not from a checked source.
BLOOD_VOLUME_ML = 5000.0
#: CTC clusters' increase in metastatic potential over single CTCs (Aceto et al. 2014) [checked: abstract].
ACETO_CLUSTER_FOLD = (23.0, 50.0)

_HOURS_PER_DAY = 24.0


def _rate(name: str, value) -> float:
    v = inputs.number(name, value)
    if v < 0:
        raise ValueError(f"{name} cannot be negative, got {v}")
    return v


def clearance_rate(half_life_hours: float) -> float:
    """k = ln2 / t½, per hour."""
    return math.log(2) / inputs.positive("half-life (hours)", half_life_hours)


def steady_state(shed_per_day: float, half_life_hours: float) -> float:
    """N∞ = S·t½/ln2: CTCs in the whole blood at steady state (S per day, t½ in hours)."""
    s = _rate("shedding rate (cells per day)", shed_per_day)
    return s / _HOURS_PER_DAY / clearance_rate(half_life_hours)


def approach(t_hours, shed_per_day: float, half_life_hours: float, initial: float = 0.0):
    """N(t) = N∞ + (N₀ − N∞)e^{−kt}: CTCs in the blood t hours after shedding starts at a steady rate."""
    t = inputs.array("time (hours)", t_hours, minimum=0)
    n_inf = steady_state(shed_per_day, half_life_hours)
    n0 = _rate("initial number of CTCs", initial)
    out = n_inf + (n0 - n_inf) * np.exp(-clearance_rate(half_life_hours) * t)
    return float(out) if out.ndim == 0 else out


def surviving_fraction(t_hours, half_life_hours: float):
    """2^{−t/t½}: the fraction of cells still circulating t hours after they entered."""
    t = inputs.array("time (hours)", t_hours, minimum=0)
    out = np.exp2(-t / inputs.positive("half-life (hours)", half_life_hours))
    return float(out) if out.ndim == 0 else out


def per_sample(n_blood, sample_ml: float = SAMPLE_ML, blood_volume_ml: float = BLOOD_VOLUME_ML):
    """Mean number of the ``n_blood`` circulating cells in a sample: N·v/V."""
    n = inputs.array("number of CTCs in the blood", n_blood, minimum=0)
    v = inputs.positive("sample volume (mL)", sample_ml)
    total = inputs.positive("blood volume (mL)", blood_volume_ml)
    if v > total:
        raise ValueError(f"sample volume (mL) cannot exceed the blood volume, got {v} > {total}")
    out = n * v / total
    return float(out) if out.ndim == 0 else out


def expected_count(shed_per_day: float, half_life_hours: float, detection_efficiency: float = 1.0,
                   sample_ml: float = SAMPLE_ML, blood_volume_ml: float = BLOOD_VOLUME_ML) -> float:
    """μ = ε · N∞ · v/V: the expected CellSearch count per sample at steady state."""
    eff = inputs.bounded("detection efficiency", detection_efficiency, 0.0, 1.0)
    return eff * per_sample(steady_state(shed_per_day, half_life_hours), sample_ml, blood_volume_ml)


def count_pmf(k, mean: float):
    """P(count = k) for a Poisson count with the given mean."""
    return poisson_pmf(k, mean)


def prob_at_least(mean: float, threshold: int = CTC_THRESHOLD) -> float:
    """P(count ≥ threshold) for a Poisson count (default threshold: 5 CTCs, Cristofanilli 2004)."""
    return poisson_sf(threshold, mean)


def half_life_bounds_hours() -> tuple[float, float]:
    """The CTC half-life range of Meng et al. 2004, read from ``cascade_efficiency``: (1, 2.4) h."""
    from .. import data

    rows = data.load("cascade_efficiency").set_index("quantity")
    lo = rows.loc["CTC half-life in blood, lower bound"]
    hi = rows.loc["CTC half-life in blood, upper bound"]
    if lo["unit"] != "h" or hi["unit"] != "h":
        raise ValueError("the CTC half-life rows are not in hours")
    return float(lo["value"]), float(hi["value"])


def cluster_outgrowth_probability(cluster_size: int, birth: float, death: float) -> float:
    """1 − (d/b)^k: a k-cell cluster founds a lasting lineage if any member's lineage survives.

    Assumes the k lineages are independent and no different from single cells' (no cooperation,
    no shielding): the baseline against which a reported cluster advantage can be judged.
    """
    k = branching.whole_number("cluster size", cluster_size, minimum=1)
    return branching.survival_probability(birth, death, founders=k)


def cluster_fold_advantage(cluster_size: int, birth: float, death: float) -> float:
    """[1 − (d/b)^k] / [1 − d/b]: between 1 and k; near k when d/b is close to 1."""
    single = branching.survival_probability(birth, death)
    if single == 0:
        raise ValueError("with birth rate ≤ death rate no lineage survives, so no fold advantage is defined")
    return cluster_outgrowth_probability(cluster_size, birth, death) / single
