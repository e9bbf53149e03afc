"""Radiation: the linear-quadratic (LQ) model, fractionation and the biologically effective dose.

Survival
--------
The fraction of clonogenic cells surviving one dose d (Gy) is

    S(d) = exp(−α d − β d²),

and n fractions of d, with full repair between fractions, give S(d)^n = exp(−n(α d + β d²)).
Optionally, tumour cells repopulate from a kick-off time T_k until the end of an overall treatment
time T with potential doubling time T_pot:

    S = exp(−n(α d + β d²) + ln2 · max(0, T − T_k) / T_pot).

Biologically effective dose
---------------------------
Dividing the log cell kill by α gives the BED, which depends on the tissue only through α/β:

    BED = n d (1 + d / (α/β))  [ − ln2 · max(0, T − T_k) / (α T_pot) with repopulation ],
    EQD2 = BED / (1 + 2 / (α/β))   (the total dose in 2-Gy fractions with the same effect),

so −ln S = α · BED exactly. Two schedules with equal BED are iso-effective for that tissue;
:func:`isoeffective_dose_per_fraction` solves n d (1 + d/(α/β)) = BED for d.

Why fractionation works
-----------------------
Splitting a total dose D into n fractions scales the log cell kill by (1 + d/(α/β)) / (1 + D/(α/β))
(:func:`fractionation_sparing`): the lower the α/β, the more a tissue is spared. Late-responding
normal tissues have lower α/β than tumours and early-responding tissues, so at equal tumour effect
more, smaller fractions spare late tissue.

Sources and status
------------------
- Brenner 2008 (``brenner2008linear``, [checked: abstract]): LQ is "reasonably well validated,
  experimentally and theoretically, up to about 10 Gy / fraction, and would be reasonable for use
  up to about 18 Gy per fraction". :data:`VALIDATED_DOSE_PER_FRACTION_GY` holds the 10 Gy, and the
  explorer flags doses above it.
- van Leeuwen et al. 2018 (``vanleeuwen2018alfa``, [checked: abstract]) reviewed 64 clinical
  studies of α, β and α/β for human tumours and found large heterogeneity within and between
  studies (I² > 75%); epithelial tumours had higher α/β than adenocarcinomas. The abstract gives no
  single value to use, so none of its numbers is used here.
- The ordering "tumours and early-responding tissues: high α/β; late-responding tissues: low α/β"
  is stated in the ICRP glossary (``icrp2015alphabeta``, [checked: glossary entry]), and Fowler
  1989 (``fowler1989linear``, [checked: abstract]) reviews how dose per fraction acts differently on
  late- and early-reacting tissues. The numbers α/β = 10 Gy and 3 Gy are the conventional textbook
  values but were NOT read in any source: they are ILLUSTRATIVE [verify].
- α, T_k and T_pot below are ILLUSTRATIVE.
"""

from __future__ import annotations

import numpy as np

from . import inputs

__all__ = [
    "PARAMETERS",
    "ALPHA_BETA_TUMOUR_GY",
    "ALPHA_BETA_LATE_GY",
    "ALPHA_TUMOUR_PER_GY",
    "ALPHA_LATE_PER_GY",
    "VALIDATED_DOSE_PER_FRACTION_GY",
    "surviving_fraction",
    "fractionated_survival",
    "bed",
    "eqd2",
    "isoeffective_dose_per_fraction",
    "isoeffective_n_fractions",
    "fractionation_sparing",
    "radiation_explorer_model",
]

#: Every default number, with unit, source key and status.
PARAMETERS: dict[str, dict] = {
    "alpha_beta_tumour": {"value": 10.0, "unit": "Gy", "source": None, "status": "illustrative",
                          "note": "conventional textbook value for tumours and early-responding tissue, not read in "
                                  "a source [verify]; clinical estimates vary widely (vanleeuwen2018alfa)"},
    "alpha_beta_late": {"value": 3.0, "unit": "Gy", "source": None, "status": "illustrative",
                        "note": "conventional textbook value for late-responding normal tissue, not read in a "
                                "source [verify]; lower than the tumour's (icrp2015alphabeta)"},
    "alpha_tumour": {"value": 0.3, "unit": "1/Gy", "source": None, "status": "illustrative",
                     "note": "sets the absolute scale of tumour cell kill (SF at 2 Gy ≈ 0.49)"},
    "alpha_late": {"value": 0.15, "unit": "1/Gy", "source": None, "status": "illustrative",
                   "note": "target cells of a late-responding tissue (SF at 2 Gy ≈ 0.55)"},
    "validated_dose_per_fraction": {"value": 10.0, "unit": "Gy", "source": "brenner2008linear", "status": "verified",
                                    "note": "LQ 'reasonably well validated ... up to about 10 Gy / fraction' (abstract)"},
    "kickoff_time": {"value": 28.0, "unit": "day", "source": None, "status": "illustrative",
                     "note": "onset of accelerated repopulation; off unless an overall time is given"},
    "potential_doubling_time": {"value": 3.0, "unit": "day", "source": None, "status": "illustrative",
                                "note": "T_pot of repopulating tumour clonogens; off unless given"},
}

ALPHA_BETA_TUMOUR_GY = PARAMETERS["alpha_beta_tumour"]["value"]
ALPHA_BETA_LATE_GY = PARAMETERS["alpha_beta_late"]["value"]
ALPHA_TUMOUR_PER_GY = PARAMETERS["alpha_tumour"]["value"]
ALPHA_LATE_PER_GY = PARAMETERS["alpha_late"]["value"]
VALIDATED_DOSE_PER_FRACTION_GY = PARAMETERS["validated_dose_per_fraction"]["value"]

_LN2 = np.log(2.0)


def _dose(name, value) -> np.ndarray:
    return inputs.array(name, value, minimum=0)


def _fractions(value) -> np.ndarray:
    n = inputs.array("number of fractions", value, strictly_above=0)
    if np.any(n != np.round(n)):
        raise ValueError(f"number of fractions must be whole numbers, got {value!r}")
    return n


def _out(x):
    x = np.asarray(x, dtype=float)
    return float(x) if x.ndim == 0 else x


def _repopulation_log(overall_time, kickoff_time, doubling_time) -> np.ndarray | float:
    """ln2 · max(0, T − T_k) / T_pot, or 0 when no overall time is given."""
    if overall_time is None:
        if doubling_time is not None:
            raise ValueError("a doubling time needs an overall time (days) for repopulation")
        return 0.0
    overall_time = inputs.array("overall time", overall_time, minimum=0)
    kickoff_time = inputs.bounded("kick-off time", kickoff_time, 0.0, np.inf)
    if doubling_time is None:
        raise ValueError("repopulation needs a potential doubling time (days)")
    doubling_time = inputs.positive("doubling time", doubling_time)
    return _LN2 * np.maximum(overall_time - kickoff_time, 0.0) / doubling_time


def surviving_fraction(dose, alpha: float = ALPHA_TUMOUR_PER_GY, beta: float | None = None):
    """S(d) = exp(−α d − β d²) for one dose d ≥ 0 Gy (vectorised). β defaults to α / 10 Gy."""
    d = _dose("dose", dose)
    alpha = inputs.positive("alpha", alpha)
    beta = alpha / ALPHA_BETA_TUMOUR_GY if beta is None else inputs.bounded("beta", beta, 0.0, np.inf)
    return _out(np.exp(-alpha * d - beta * d * d))


def fractionated_survival(dose_per_fraction, n_fractions, alpha: float = ALPHA_TUMOUR_PER_GY,
                          beta: float | None = None, *, overall_time=None,
                          kickoff_time: float = PARAMETERS["kickoff_time"]["value"], doubling_time=None):
    """n fractions of d: exp(−n(α d + β d²)) [× 2^(max(0, T − T_k)/T_pot) with repopulation], capped at 1."""
    d = _dose("dose per fraction", dose_per_fraction)
    n = _fractions(n_fractions)
    alpha = inputs.positive("alpha", alpha)
    beta = alpha / ALPHA_BETA_TUMOUR_GY if beta is None else inputs.bounded("beta", beta, 0.0, np.inf)
    log_s = -n * (alpha * d + beta * d * d) + _repopulation_log(overall_time, kickoff_time, doubling_time)
    return _out(np.exp(np.minimum(log_s, 0.0)))


def bed(dose_per_fraction, n_fractions, alpha_beta: float = ALPHA_BETA_TUMOUR_GY, *, alpha: float | None = None,
        overall_time=None, kickoff_time: float = PARAMETERS["kickoff_time"]["value"], doubling_time=None):
    """BED = n d (1 + d/(α/β)) in Gy, minus ln2 · max(0, T − T_k)/(α T_pot) when repopulation is given."""
    d = _dose("dose per fraction", dose_per_fraction)
    n = _fractions(n_fractions)
    ab = inputs.positive("alpha/beta", alpha_beta)
    value = n * d * (1.0 + d / ab)
    repop = _repopulation_log(overall_time, kickoff_time, doubling_time)
    if np.any(np.asarray(repop) > 0) or overall_time is not None:
        if alpha is None:
            raise ValueError("a BED with repopulation needs alpha (1/Gy)")
        value = value - repop / inputs.positive("alpha", alpha)
    return _out(value)


def eqd2(dose_per_fraction, n_fractions, alpha_beta: float = ALPHA_BETA_TUMOUR_GY):
    """Equivalent total dose in 2-Gy fractions: BED / (1 + 2/(α/β)), Gy."""
    ab = inputs.positive("alpha/beta", alpha_beta)
    return _out(np.asarray(bed(dose_per_fraction, n_fractions, ab)) / (1.0 + 2.0 / ab))


def isoeffective_dose_per_fraction(target_bed, n_fractions, alpha_beta: float = ALPHA_BETA_TUMOUR_GY):
    """The d for which n fractions reach ``target_bed``: d = (α/β)/2 · (√(1 + 4 BED/(n α/β)) − 1)."""
    target = inputs.array("target BED", target_bed, minimum=0)
    n = _fractions(n_fractions)
    ab = inputs.positive("alpha/beta", alpha_beta)
    return _out(0.5 * ab * (np.sqrt(1.0 + 4.0 * target / (n * ab)) - 1.0))


def isoeffective_n_fractions(target_bed, dose_per_fraction, alpha_beta: float = ALPHA_BETA_TUMOUR_GY):
    """The (real-valued) number of fractions of d that reaches ``target_bed``: BED / (d (1 + d/(α/β)))."""
    target = inputs.array("target BED", target_bed, minimum=0)
    d = inputs.array("dose per fraction", dose_per_fraction, strictly_above=0)
    ab = inputs.positive("alpha/beta", alpha_beta)
    return _out(target / (d * (1.0 + d / ab)))


def fractionation_sparing(total_dose, n_fractions, alpha_beta: float):
    """Log cell kill of n fractions over that of one fraction of the same total dose D.

    (1 + (D/n)/(α/β)) / (1 + D/(α/β)): 1 for one fraction, smaller for more fractions and for a
    lower α/β (more sparing). Independent of α.
    """
    total = inputs.array("total dose", total_dose, strictly_above=0)
    n = _fractions(n_fractions)
    ab = inputs.positive("alpha/beta", alpha_beta)
    return _out((1.0 + total / n / ab) / (1.0 + total / ab))


def radiation_explorer_model(dose_per_fraction: float = 2.0, n_fractions: int = 30) -> dict:
    """Explorer model: a schedule's effect on tumour and late-responding tissue.

    Returns log10 surviving fraction after each fraction (tumour and late tissue), the final
    surviving fractions, BED and EQD2 for both α/β values, what a single fraction of the same total
    dose would do, and whether the dose per fraction exceeds the ~10 Gy to which Brenner 2008 calls
    LQ reasonably validated. All α and α/β values are ILLUSTRATIVE (see :data:`PARAMETERS`).
    """
    d = inputs.positive("dose per fraction", dose_per_fraction)
    n = int(_fractions(n_fractions))
    total = n * d
    steps = np.arange(n + 1)
    tissues = {
        "tumour": (ALPHA_TUMOUR_PER_GY, ALPHA_BETA_TUMOUR_GY),
        "late": (ALPHA_LATE_PER_GY, ALPHA_BETA_LATE_GY),
    }
    out: dict = {"fractions": steps, "total_dose": total, "dose_per_fraction": d, "n_fractions": n,
                 "beyond_validated_range": d > VALIDATED_DOSE_PER_FRACTION_GY}
    for name, (alpha, ab) in tissues.items():
        beta = alpha / ab
        per_fraction = alpha * d + beta * d * d
        out[f"log10_sf_{name}"] = -steps * per_fraction / np.log(10.0)
        out[f"sf_{name}"] = float(np.exp(-n * per_fraction))
        out[f"bed_{name}"] = float(n * d * (1.0 + d / ab))
        out[f"eqd2_{name}"] = float(n * d * (1.0 + d / ab) / (1.0 + 2.0 / ab))
        out[f"sf_{name}_single_fraction"] = float(np.exp(-alpha * total - beta * total * total))
        out[f"sparing_{name}"] = float((1.0 + d / ab) / (1.0 + total / ab))
    return out
