"""Receptor occupancy for an integrin population that switches between affinity states.

A single receptor state with dissociation constant K_d is occupied at ligand concentration C
with probability θ = C / (C + K_d) (the law of mass action at equilibrium). Integrins are not one
state: Li et al. (2017) measured, for α5β1 binding fibronectin, an extended-open (high-affinity)
state that binds about 5,000-fold more tightly than the bent-closed and extended-closed states,
and found α5β1 on resting K562 cells 99.8 % bent-closed. Inside-out signalling (talin, kindlin)
shifts that equilibrium toward the open state. A cell's average occupancy is the mixture

    θ(C) = f · C/(C + K_open) + (1 − f) · C/(C + K_closed),   K_closed = R · K_open,

with f the fraction of receptors held in the open state and R the affinity ratio. Concentrations
are expressed in units of K_open, so no absolute K_d is needed (and none is claimed).

The half-occupancy concentration (the cell's apparent K_d) solves a quadratic:

    c² + (2f − 1)(R − 1) c − R = 0    (c = C / K_open).

This is an equilibrium cartoon: it ignores avidity from clustering, force, and ligand depletion.
"""

from __future__ import annotations

import numpy as np

from . import inputs

__all__ = [
    "AFFINITY_RATIO_OPEN_VS_CLOSED",
    "RESTING_CLOSED_FRACTION_K562",
    "occupancy",
    "mixed_occupancy",
    "half_occupancy_concentration",
    "CONCENTRATIONS",
]

#: α5β1–fibronectin: extended-open binds ~5,000-fold more tightly than closed states (li2017conformational).
AFFINITY_RATIO_OPEN_VS_CLOSED = 5000.0
#: α5β1 on resting K562 cells is 99.8 % bent-closed (li2017conformational).
RESTING_CLOSED_FRACTION_K562 = 0.998

CONCENTRATIONS = np.logspace(-2, 5, 281)  # ligand, in units of K_open


def _check_concentration(c) -> np.ndarray:
    return inputs.array("ligand concentration", c, minimum=0)


def _check_positive(name: str, value: float) -> float:
    return inputs.positive(name, value)


def _check_fraction(f: float) -> float:
    return inputs.bounded("fraction of receptors in the open state", f, 0.0, 1.0)


def occupancy(concentration, kd: float) -> np.ndarray:
    """Fraction of receptors bound at equilibrium: C / (C + K_d)."""
    c = _check_concentration(concentration)
    kd = _check_positive("kd", kd)
    return c / (c + kd)


def mixed_occupancy(concentration, open_fraction: float, ratio: float = AFFINITY_RATIO_OPEN_VS_CLOSED) -> np.ndarray:
    """Average occupancy when a fraction ``open_fraction`` is high-affinity (K = 1) and the rest K = ratio."""
    f = _check_fraction(open_fraction)
    ratio = _check_positive("ratio", ratio)
    if ratio < 1:
        raise ValueError(f"ratio is K_closed / K_open and must be >= 1, got {ratio}")
    return f * occupancy(concentration, 1.0) + (1 - f) * occupancy(concentration, ratio)


def half_occupancy_concentration(open_fraction: float, ratio: float = AFFINITY_RATIO_OPEN_VS_CLOSED) -> float:
    """The ligand concentration (in units of K_open) that occupies half the receptors."""
    f = _check_fraction(open_fraction)
    ratio = _check_positive("ratio", ratio)
    b = (2 * f - 1) * (ratio - 1)
    return float((-b + np.sqrt(b * b + 4 * ratio)) / 2)
