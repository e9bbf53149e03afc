"""Nanoparticle versus free drug: plasma clearance, EPR uptake into a tumour, and tumour exposure.

An ILLUSTRATIVE model. After an intravenous dose, amounts are fractions of the injected dose (ID):
plasma P, tumour T and eliminated E (liver, spleen, kidney: everything that is not the tumour),

    dP/dt = −(k_el + k_in) P + k_out T,
    dT/dt =   k_in P − k_out T,
    dE/dt =   k_el P,          P(0) = 1, T(0) = E(0) = 0,

with k_el = ln2 / t½ (the plasma elimination half-life), k_in the extravasation rate into the
tumour (the enhanced permeability and retention, EPR, effect) and k_out the rate back out. The
system is linear with eigenvalues λ± = (−s ± √(s² − 4 k_el k_out)) / 2, s = k_el + k_in + k_out
(both negative), so with Δ = λ+ − λ−

    T(t) = k_in (e^(λ+ t) − e^(λ− t)) / Δ,
    P(t) = ((λ+ + k_out) e^(λ+ t) − (λ− + k_out) e^(λ− t)) / Δ,
    E(t) = 1 − P(t) − T(t)                    (mass balance),

and the tumour's total exposure is AUC_T(∞) = k_in / (k_el k_out); the plasma's is 1 / k_el.
A long-circulating nanoparticle gains tumour exposure through a small k_el and a small k_out
(retention), even with a slow k_in.

Numbers
-------
- Wilhelm et al. 2016 (``wilhelm2016analysis``, [checked: abstract]): across the 2005–2015
  literature "only 0.7% (median) of the administered nanoparticle dose is found to be delivered to
  a solid tumour". The default nanoparticle's uptake rate is *calibrated* so that its peak tumour
  amount is 0.7% ID; that is the only sourced number, and it is a median over mostly mouse studies
  with many nanoparticle types, not a property of any one formulation.
- Every half-life and rate below is ILLUSTRATIVE.

Ignored: distribution into other tissues, saturable uptake by macrophages, drug release from the
particle (tumour amount here is particle-bound drug), tumour growth and heterogeneous perfusion.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import optimize

from . import inputs

__all__ = [
    "PARAMETERS",
    "WILHELM_MEDIAN_DELIVERY",
    "Formulation",
    "amounts",
    "tumour_auc",
    "plasma_auc",
    "peak_tumour",
    "calibrate_uptake",
    "FREE_DRUG",
    "NANOPARTICLE",
    "auc_ratio",
    "nanoparticle_explorer_model",
]

#: Median share of the injected nanoparticle dose reaching a solid tumour (Wilhelm et al. 2016, abstract).
WILHELM_MEDIAN_DELIVERY = 0.007

PARAMETERS: dict[str, dict] = {
    "median_delivery": {"value": WILHELM_MEDIAN_DELIVERY, "unit": "fraction of ID", "source": "wilhelm2016analysis",
                        "status": "verified", "note": "median over 2005–2015 studies; used to calibrate k_in"},
    "free_half_life": {"value": 1.0, "unit": "h", "source": None, "status": "illustrative",
                       "note": "plasma elimination half-life of a free small-molecule drug"},
    "free_uptake": {"value": 0.02, "unit": "1/h", "source": None, "status": "illustrative",
                    "note": "k_in of free drug into tumour"},
    "free_washout": {"value": 0.5, "unit": "1/h", "source": None, "status": "illustrative",
                     "note": "k_out: free drug diffuses back out quickly"},
    "nanoparticle_half_life": {"value": 20.0, "unit": "h", "source": None, "status": "illustrative",
                               "note": "long-circulating (e.g. PEGylated) particle"},
    "nanoparticle_washout": {"value": 0.01, "unit": "1/h", "source": None, "status": "illustrative",
                             "note": "k_out: particles are retained (the R of EPR)"},
}


def _rates(half_life, uptake, washout) -> tuple[float, float, float]:
    k_el = np.log(2.0) / inputs.positive("half-life", half_life)
    k_in = inputs.bounded("uptake rate", uptake, 0.0, np.inf)
    k_out = inputs.positive("washout rate", washout)
    return k_el, k_in, k_out


def _eigen(k_el, k_in, k_out) -> tuple[float, float]:
    s = k_el + k_in + k_out
    root = np.sqrt(max(s * s - 4.0 * k_el * k_out, 0.0))
    # the smaller-magnitude root computed without cancellation
    lam_minus = -(s + root) / 2.0
    lam_plus = (k_el * k_out) / lam_minus  # product of roots = k_el k_out
    return lam_plus, lam_minus


@dataclass(frozen=True)
class Formulation:
    """A drug formulation: plasma half-life (h), tumour uptake k_in and washout k_out (1/h)."""

    name: str
    half_life: float
    uptake: float
    washout: float


def amounts(t, half_life: float, uptake: float, washout: float) -> dict[str, np.ndarray]:
    """Plasma, tumour and eliminated fractions of the injected dose at times ``t`` ≥ 0 (hours)."""
    t = inputs.array("time", t, minimum=0)
    k_el, k_in, k_out = _rates(half_life, uptake, washout)
    if k_in == 0.0:  # nothing enters the tumour (and λ± may coincide when k_el = k_out)
        plasma = np.exp(-k_el * t)
        return {"plasma": plasma, "tumour": np.zeros_like(t), "eliminated": -np.expm1(-k_el * t)}
    lp, lm = _eigen(k_el, k_in, k_out)
    delta = lp - lm
    ep, em = np.exp(lp * t), np.exp(lm * t)
    tumour = k_in * (ep - em) / delta
    plasma = ((lp + k_out) * ep - (lm + k_out) * em) / delta
    plasma = np.maximum(plasma, 0.0)
    tumour = np.maximum(tumour, 0.0)
    eliminated = np.clip(1.0 - plasma - tumour, 0.0, 1.0)
    return {"plasma": plasma, "tumour": tumour, "eliminated": eliminated}


def tumour_auc(half_life: float, uptake: float, washout: float, t_end: float | None = None) -> float:
    """∫ T dt (fraction of ID × hours) from 0 to ``t_end`` (default ∞: k_in / (k_el k_out))."""
    k_el, k_in, k_out = _rates(half_life, uptake, washout)
    if t_end is None:
        return float(k_in / (k_el * k_out))
    t_end = inputs.positive("end time", t_end)
    if k_in == 0.0:
        return 0.0
    lp, lm = _eigen(k_el, k_in, k_out)
    return float(k_in / (lp - lm) * (np.expm1(lp * t_end) / lp - np.expm1(lm * t_end) / lm))


def plasma_auc(half_life: float, uptake: float, washout: float) -> float:
    """∫ P dt from 0 to ∞ = 1 / k_el (fraction of ID × hours), whatever the tumour does."""
    k_el, _, _ = _rates(half_life, uptake, washout)
    return float(1.0 / k_el)


def peak_tumour(half_life: float, uptake: float, washout: float) -> tuple[float, float]:
    """(time, amount) of the tumour's peak: t* = ln(λ−/λ+) / (λ+ − λ−)."""
    k_el, k_in, k_out = _rates(half_life, uptake, washout)
    if k_in == 0.0:
        return 0.0, 0.0
    lp, lm = _eigen(k_el, k_in, k_out)
    t_star = float(np.log(lm / lp) / (lp - lm))
    return t_star, float(amounts(t_star, half_life, uptake, washout)["tumour"])


def calibrate_uptake(target_peak: float, half_life: float, washout: float) -> float:
    """The k_in (1/h) that makes the tumour's peak equal ``target_peak`` (a fraction of the dose)."""
    target = inputs.bounded("target peak", target_peak, 0.0, 1.0, strict=True, hint=" (a fraction, not a percentage)")
    _rates(half_life, 0.0, washout)

    def gap(log_k):
        return peak_tumour(half_life, float(np.exp(log_k)), washout)[1] - target

    low, high = np.log(1e-12), np.log(1e6)
    if gap(high) < 0:
        raise ValueError(f"no uptake rate reaches a tumour peak of {target:g} with this half-life and washout")
    return float(np.exp(optimize.brentq(gap, low, high, xtol=1e-12)))


FREE_DRUG = Formulation("free drug", PARAMETERS["free_half_life"]["value"], PARAMETERS["free_uptake"]["value"],
                        PARAMETERS["free_washout"]["value"])
#: The default nanoparticle: illustrative half-life and washout, uptake calibrated to a 0.7% ID peak.
NANOPARTICLE = Formulation(
    "nanoparticle", PARAMETERS["nanoparticle_half_life"]["value"],
    calibrate_uptake(WILHELM_MEDIAN_DELIVERY, PARAMETERS["nanoparticle_half_life"]["value"],
                     PARAMETERS["nanoparticle_washout"]["value"]),
    PARAMETERS["nanoparticle_washout"]["value"])


def auc_ratio(particle: Formulation = NANOPARTICLE, free: Formulation = FREE_DRUG, t_end: float | None = None) -> float:
    """Tumour AUC of the particle over that of the free drug (same injected dose)."""
    for name, f in (("particle", particle), ("free", free)):
        if not isinstance(f, Formulation):
            raise TypeError(f"{name} must be a Formulation, got {type(f).__name__}")
    return tumour_auc(particle.half_life, particle.uptake, particle.washout, t_end) / \
        tumour_auc(free.half_life, free.uptake, free.washout, t_end)


def nanoparticle_explorer_model(particle_half_life: float = NANOPARTICLE.half_life, t_end: float = 96.0,
                                n_points: int = 241) -> dict:
    """Explorer model: tumour and plasma curves of the free drug and of a particle of given half-life.

    The particle keeps the default uptake and washout, so a longer half-life alone shows how
    circulation time drives tumour exposure. Returns curves (fraction of ID), peaks and AUC ratio.
    """
    half_life = inputs.positive("particle half-life", particle_half_life)
    t_end = inputs.positive("end time", t_end)
    t = np.linspace(0.0, t_end, n_points)
    particle = Formulation("nanoparticle", half_life, NANOPARTICLE.uptake, NANOPARTICLE.washout)
    out = {"t": t}
    for f in (FREE_DRUG, particle):
        a = amounts(t, f.half_life, f.uptake, f.washout)
        key = "free" if f is FREE_DRUG else "particle"
        out[f"{key}_tumour"] = a["tumour"]
        out[f"{key}_plasma"] = a["plasma"]
        out[f"{key}_peak"] = peak_tumour(f.half_life, f.uptake, f.washout)
    out["auc_ratio_window"] = auc_ratio(particle, FREE_DRUG, t_end)
    out["auc_ratio_total"] = auc_ratio(particle, FREE_DRUG)
    return out
