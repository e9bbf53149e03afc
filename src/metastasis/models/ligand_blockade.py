"""How much of an integrin-driven signal can a drug that blocks the ligand pocket remove?

An ILLUSTRATIVE model, not a measured one: it has no fitted parameter and makes no
quantitative claim about any cell. It turns one qualitative finding into arithmetic.

Integrins support cancer stemness in two ways (Su et al. 2020, § Activation of Integrin
Signaling Promotes Cancer Stemness). Some routes start when the integrin binds a matrix or
soluble ligand (laminin-511 on α6β1, osteopontin on αvβ3); others need no ligand at all, as
when unliganded αvβ3 gathers KRAS and RalB at the membrane (Seguin et al. 2014). A drug that
imitates RGD, such as cilengitide, competes with the ligand for the same pocket, so it can only
touch the first kind.

Receptors, ligand and drug, all at equilibrium. With the ligand at ``l = L / K_L`` and a
competitive drug at ``d = D / K_D`` (both dimensionless), the fraction of receptors holding
ligand is

    θ_L(d) = l / (1 + l + d) = occupancy(l / (1 + d), 1),

which is the book's one-state occupancy θ = C / (C + K) with the ligand's apparent K raised by
the factor (1 + d) (Gaddum's competitive shift). The drug itself sits on d / (1 + l + d).

The stemness signal adds a ligand-dependent branch, proportional to θ_L, and a
ligand-independent branch. It is normalised so that the untreated cell has signal 1, of which
a share φ needs no ligand:

    S(d) = (1 − φ) · θ_L(d) / θ_L(0) + φ · B(d),

where B says what feeds the ligand-independent branch:

- ``mode="receptor"`` (the default): every receptor can feed it, whatever sits in its pocket,
  so B = 1. Then S falls from 1 towards φ and no dose removes more than 1 − φ.
- ``mode="unliganded"``: only receptors that hold no ligand feed it (drug-bound receptors count
  as unliganded), so B = (1 − θ_L(d)) / (1 − θ_L(0)). Emptying the pockets then *feeds* the
  ligand-independent branch, and at high φ the drug can raise the signal above baseline.

Which of the two is nearer the truth for any given integrin is an open experimental question;
the model only makes the consequence of each assumption visible. The ligand level ``l = 3``
(75 % of receptors liganded before treatment) is likewise illustrative.
"""

from __future__ import annotations

import numpy as np

from . import inputs
from .occupancy import occupancy

__all__ = [
    "LIGAND_LEVEL",
    "DRUG_DOSES",
    "MODES",
    "ligand_bound_fraction",
    "drug_bound_fraction",
    "stemness_signal",
    "signal_components",
    "max_removable",
    "half_signal_dose",
]

#: Illustrative ligand level, in multiples of the ligand's K: 75 % of receptors liganded untreated.
LIGAND_LEVEL = 3.0
#: Drug concentrations swept by the explorer, in multiples of the drug's K_D.
DRUG_DOSES = np.logspace(-2, 3, 241)
#: What feeds the ligand-independent branch (see the module docstring).
MODES = ("receptor", "unliganded")


def _check_nonnegative(name: str, value) -> np.ndarray:
    return inputs.array(name, value, minimum=0)


def _check_ligand(ligand) -> float:
    return inputs.positive("ligand level", ligand, hint=" (multiples of its K)")


def _check_share(share) -> float:
    return inputs.bounded("ligand-independent share", share, 0.0, 1.0, hint=" (a fraction, not a percentage)")


def _check_mode(mode) -> str:
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
    return mode


def ligand_bound_fraction(drug, ligand: float = LIGAND_LEVEL) -> np.ndarray:
    """Fraction of receptors holding ligand when a competitive drug is present: l / (1 + l + d)."""
    d = _check_nonnegative("drug concentration", drug)
    ligand = _check_ligand(ligand)
    return occupancy(ligand / (1.0 + d), 1.0)


def drug_bound_fraction(drug, ligand: float = LIGAND_LEVEL) -> np.ndarray:
    """Fraction of receptors whose pocket holds the drug: d / (1 + l + d)."""
    d = _check_nonnegative("drug concentration", drug)
    ligand = _check_ligand(ligand)
    return d / (1.0 + ligand + d)


def signal_components(drug, independent_share: float, ligand: float = LIGAND_LEVEL,
                      mode: str = "receptor") -> tuple[np.ndarray, np.ndarray]:
    """The ligand-dependent and ligand-independent parts of the signal (untreated total = 1)."""
    phi = _check_share(independent_share)
    mode = _check_mode(mode)
    theta = ligand_bound_fraction(drug, ligand)
    theta0 = float(ligand_bound_fraction(0.0, ligand))
    dependent = (1.0 - phi) * theta / theta0
    if mode == "receptor":
        independent = np.full_like(theta, phi)
    else:
        independent = phi * (1.0 - theta) / (1.0 - theta0)
    return dependent, independent


def stemness_signal(drug, independent_share: float, ligand: float = LIGAND_LEVEL,
                    mode: str = "receptor") -> np.ndarray:
    """The stemness signal relative to the untreated cell (1 at zero drug)."""
    dependent, independent = signal_components(drug, independent_share, ligand, mode)
    return dependent + independent


def max_removable(independent_share: float, ligand: float = LIGAND_LEVEL, mode: str = "receptor") -> float:
    """The share of the untreated signal an infinite dose removes (negative: the drug raises it)."""
    phi = _check_share(independent_share)
    mode = _check_mode(mode)
    if mode == "receptor":
        return 1.0 - phi
    theta0 = float(ligand_bound_fraction(0.0, ligand))
    return 1.0 - phi / (1.0 - theta0)


def half_signal_dose(independent_share: float, ligand: float = LIGAND_LEVEL) -> float:
    """The drug dose (multiples of K_D) that halves the signal, in the default ``receptor`` mode.

    Returns ``inf`` when half or more of the signal needs no ligand: no dose can halve it then.
    Solves (1 − φ) θ_L(d) / θ_L(0) = 1/2 − φ, i.e. d = (1 + l)(1/r − 1) with r = (1/2 − φ) / (1 − φ).
    """
    phi = _check_share(independent_share)
    ligand = _check_ligand(ligand)
    if phi >= 0.5:
        return float("inf")
    r = (0.5 - phi) / (1.0 - phi)
    return float((1.0 + ligand) * (1.0 / r - 1.0))
