"""Receptor occupancy for an integrin whose conformations are in linked equilibrium.

**The source.** Li et al. 2017 (``li2017conformational``) measured, for α5β1 binding a
fibronectin fragment, the three overall conformations of an integrin and the equilibria that link
them: bent-closed (BC), extended-closed (EC) and extended-open (EO). Each conformation has its own
*intrinsic* affinity for ligand: EO binds about 5,000-fold more tightly than BC and EC, which bind
alike. The conformations also have discrete free energies, which set how the unliganded receptors
are shared among them; on resting K562 cells α5β1 is 99.8 % BC, and the abstract adds that once
an integrin is extended, opening the headpiece is energetically favoured. Li & Springer 2018
(``li2018integrin``) found the high- to low-affinity ratio compressed to 600–800-fold for α4β1
(4,000–6,000-fold for α5β1), and that the basal conformational balance sets affinity for soluble
ligand but does not predict adhesion to immobilised ligand.

**The model (re-derived here).** Let the unliganded receptors be shared among the conformations
in the proportions ``p_i`` (Σ p_i = 1; ``p_i ∝ exp(−ΔG_i / RT)`` for free energies ΔG_i relative
to BC), and let conformation *i* bind ligand L with dissociation constant ``K_i``. Ligand binds
every conformation, and the conformations interconvert whether or not they hold ligand; at
equilibrium, detailed balance fixes the bound-state equilibria from the free ones
(``[i·L] / [j·L] = (p_i / p_j) · (K_j / K_i)``). With free ligand C (ligand in excess, so C is also
the added concentration), each species is proportional to

    p_i            (free receptor in conformation i)
    p_i · C / K_i  (receptor in conformation i holding ligand),

so the fraction of receptors bound is

    θ(C) = Σ p_i C/K_i / Σ p_i (1 + C/K_i) = C / (C + K_app),   1/K_app = Σ p_i / K_i.

The cell binds ligand like a *single* receptor whose affinity is the population-weighted mean of
the conformations' affinities (a mean of 1/K, so the tight-binding state dominates). With the
open fraction f = p_EO and K_BC = K_EC = R · K_open,

    K_app = K_open / (f + (1 − f) / R).

At f = 0.2 % and R = 5,000 this is about 455 × K_open; once f is well above 1/R, K_app ≈ K_open / f,
so every doubling of the open fraction halves the ligand needed to occupy half the receptors,
from the first per cent of activation onwards. Binding also pulls receptors into the open state:
of the bound receptors a share f / (f + (1 − f)/R) is open (about 91 % at f = 0.2 %), whatever C.

**The 0.2 % figure.** 99.8 % bent-closed leaves 0.2 % for EC *and* EO together, so f ≤ 0.2 % is
an upper bound. If, as the abstract reports for extended integrins, opening is favoured over
staying closed, more than half of the 0.2 % is open and 0.1 % < f ≤ 0.2 % (K_app between about
455 and 833 × K_open). The paper's own free energies are not transcribed here.

**A named contrast: fixed pools.** :func:`fixed_pool_occupancy` is the model the book used
before: a fraction f held open and the rest closed, as two pools that never exchange,
θ = f · C/(C + K_open) + (1 − f) · C/(C + R K_open). It would hold only if conformations could not
change on the time scale of binding (for example, receptors locked by antibodies). Its
half-occupancy point barely moves with the first few per cent of activation (about 4,980 ×
K_open at f = 0.2 %), because the few open receptors saturate and the closed majority decides.
Linked equilibria reverse that lesson; the page shows both.

**Limits.** This is an equilibrium model for *soluble* (monovalent) ligand: no ligand depletion,
no clustering (avidity), no force. Adhesion to an immobilised, multivalent matrix adds avidity and
force-strengthened catch bonds, and Li & Springer 2018 found that the basal conformational
balance does not predict adhesion to immobilised ligand. Concentrations are in units of K_open,
so no absolute K_d is claimed.
"""

from __future__ import annotations

import numpy as np

from . import inputs

__all__ = [
    "AFFINITY_RATIO_OPEN_VS_CLOSED",
    "AFFINITY_RATIO_A4B1",
    "RESTING_CLOSED_FRACTION_K562",
    "RESTING_OPEN_FRACTION_UPPER_BOUND",
    "GAS_CONSTANT_KCAL",
    "CONCENTRATIONS",
    "occupancy",
    "apparent_kd",
    "linked_occupancy",
    "half_occupancy_concentration",
    "bound_open_share",
    "open_share",
    "populations_from_free_energies",
    "free_energy_of_open_fraction",
    "states_apparent_kd",
    "states_occupancy",
    "bound_state_shares",
    "fixed_pool_occupancy",
    "fixed_pool_half_occupancy",
]

#: α5β1–fibronectin: extended-open binds ~5,000-fold more tightly than BC and EC (li2017conformational;
#: 4,000–6,000-fold in li2018integrin).
AFFINITY_RATIO_OPEN_VS_CLOSED = 5000.0
#: α4β1: the high/low affinity ratio is compressed to 600–800-fold (li2018integrin); the middle, 700.
AFFINITY_RATIO_A4B1 = 700.0
#: α5β1 on resting K562 cells is 99.8 % bent-closed (li2017conformational).
RESTING_CLOSED_FRACTION_K562 = 0.998
#: So at most 0.2 % is extended-open: EC and EO share the remaining 0.2 % (an upper bound on f).
RESTING_OPEN_FRACTION_UPPER_BOUND = 1.0 - RESTING_CLOSED_FRACTION_K562
#: The gas constant in kcal / (mol · K).
GAS_CONSTANT_KCAL = 1.987204e-3

CONCENTRATIONS = np.logspace(-2, 5, 281)  # ligand, in units of K_open


def _check_concentration(c) -> np.ndarray:
    return inputs.array("ligand concentration", c, minimum=0)


def _check_fraction(f) -> float:
    return inputs.bounded("fraction of receptors in the open state", f, 0.0, 1.0)


def _check_ratio(ratio) -> float:
    ratio = inputs.positive("ratio", ratio)
    if ratio < 1:
        raise ValueError(f"ratio is K_closed / K_open and must be >= 1, got {ratio}")
    return ratio


def occupancy(concentration, kd: float) -> np.ndarray:
    """Fraction of receptors of one state bound at equilibrium: C / (C + K_d)."""
    c = _check_concentration(concentration)
    kd = inputs.positive("kd", kd)
    return c / (c + kd)


# -- the linked-equilibrium model, two affinities (EO versus BC = EC) -------------------------

def apparent_kd(open_fraction: float, ratio: float = AFFINITY_RATIO_OPEN_VS_CLOSED) -> float:
    """The cell's apparent K_d, in units of K_open: 1 / (f + (1 − f) / R)."""
    f = _check_fraction(open_fraction)
    ratio = _check_ratio(ratio)
    return float(1.0 / (f + (1.0 - f) / ratio))


def linked_occupancy(concentration, open_fraction: float, ratio: float = AFFINITY_RATIO_OPEN_VS_CLOSED) -> np.ndarray:
    """Fraction of receptors bound when conformations exchange: C / (C + K_app)."""
    return occupancy(concentration, apparent_kd(open_fraction, ratio))


def half_occupancy_concentration(open_fraction: float, ratio: float = AFFINITY_RATIO_OPEN_VS_CLOSED) -> float:
    """The ligand concentration (units of K_open) that occupies half the receptors: K_app itself."""
    return apparent_kd(open_fraction, ratio)


def bound_open_share(open_fraction: float, ratio: float = AFFINITY_RATIO_OPEN_VS_CLOSED) -> float:
    """Of the receptors holding ligand, the share that is extended-open: f / (f + (1 − f)/R).

    It does not depend on the ligand concentration: ligand binding pulls receptors open.
    """
    f = _check_fraction(open_fraction)
    ratio = _check_ratio(ratio)
    return float(f / (f + (1.0 - f) / ratio))


def open_share(concentration, open_fraction: float, ratio: float = AFFINITY_RATIO_OPEN_VS_CLOSED) -> np.ndarray:
    """Of all receptors (bound or not), the share that is extended-open at ligand C.

    Rises from f at no ligand to :func:`bound_open_share` at saturation.
    """
    c = _check_concentration(concentration)
    f = _check_fraction(open_fraction)
    k_app = apparent_kd(f, ratio)
    return f * (1.0 + c) / (1.0 + c / k_app)


# -- the same model for any number of conformations ------------------------------------------

def _check_states(populations, kds) -> tuple[np.ndarray, np.ndarray]:
    p = inputs.array("populations", populations, minimum=0, allow_empty=False)
    k = inputs.array("kds", kds, strictly_above=0, allow_empty=False)
    if p.ndim != 1 or p.shape != k.shape:
        raise ValueError(f"populations and kds must be 1-D and the same length, got {p.shape} and {k.shape}")
    if not np.isclose(p.sum(), 1.0, rtol=0, atol=1e-9):
        raise ValueError(f"populations must sum to 1, got {p.sum():.6g}")
    return p, k


def states_apparent_kd(populations, kds) -> float:
    """1 / Σ p_i / K_i: the apparent K_d of receptors whose conformations i (shares p_i) exchange."""
    p, k = _check_states(populations, kds)
    return float(1.0 / np.sum(p / k))


def states_occupancy(concentration, populations, kds) -> np.ndarray:
    """Fraction bound for any set of linked conformations: C / (C + 1 / Σ p_i / K_i)."""
    return occupancy(concentration, states_apparent_kd(populations, kds))


def bound_state_shares(populations, kds) -> np.ndarray:
    """How the bound receptors are shared among the conformations: (p_i / K_i) / Σ p_j / K_j."""
    p, k = _check_states(populations, kds)
    weights = p / k
    return weights / weights.sum()


def populations_from_free_energies(dg_ec: float, dg_eo: float, temperature: float = 298.15) -> np.ndarray:
    """Shares (BC, EC, EO) of unliganded receptors from free energies (kcal/mol) relative to BC.

    p_i = exp(−ΔG_i / RT) / Σ_j exp(−ΔG_j / RT), with ΔG_BC = 0.
    """
    dg = np.array([0.0, inputs.number("ΔG of EC", dg_ec), inputs.number("ΔG of EO", dg_eo)])
    rt = GAS_CONSTANT_KCAL * inputs.positive("temperature", temperature, hint=" (kelvin)")
    weights = np.exp(-(dg - dg.min()) / rt)
    return weights / weights.sum()


def free_energy_of_open_fraction(open_fraction: float, temperature: float = 298.15) -> float:
    """ΔG (kcal/mol) of the open state relative to the rest, for a two-way split f : 1 − f.

    ΔG = −RT ln(f / (1 − f)); f = 0.2 % needs about 3.7 kcal/mol at 25 °C.
    """
    f = inputs.bounded("fraction of receptors in the open state", open_fraction, 0.0, 1.0, strict=True)
    rt = GAS_CONSTANT_KCAL * inputs.positive("temperature", temperature, hint=" (kelvin)")
    return float(-rt * np.log(f / (1.0 - f)))


# -- the contrast: two pools that never exchange ----------------------------------------------

def fixed_pool_occupancy(concentration, open_fraction: float, ratio: float = AFFINITY_RATIO_OPEN_VS_CLOSED) -> np.ndarray:
    """CONTRAST ONLY. Occupancy if a fraction f were locked open and the rest locked closed:
    f · C/(C + 1) + (1 − f) · C/(C + R). Not what Li et al. 2017 describe (see the module docstring)."""
    f = _check_fraction(open_fraction)
    ratio = _check_ratio(ratio)
    return f * occupancy(concentration, 1.0) + (1 - f) * occupancy(concentration, ratio)


def fixed_pool_half_occupancy(open_fraction: float, ratio: float = AFFINITY_RATIO_OPEN_VS_CLOSED) -> float:
    """CONTRAST ONLY. Half-occupancy concentration of :func:`fixed_pool_occupancy` (units of K_open).

    Solves c² + (2f − 1)(R − 1) c − R = 0.
    """
    f = _check_fraction(open_fraction)
    ratio = _check_ratio(ratio)
    b = (2 * f - 1) * (ratio - 1)
    return float((-b + np.sqrt(b * b + 4 * ratio)) / 2)
