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

from ..explorer import Explorer
from . import inputs

__all__ = [
    "AFFINITY_RATIO_OPEN_VS_CLOSED",
    "RESTING_CLOSED_FRACTION_K562",
    "occupancy",
    "mixed_occupancy",
    "half_occupancy_concentration",
    "occupancy_explorer",
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


def format_multiple(x: float) -> str:
    """A concentration multiple as a reader would write it: 4,980 or 70.7 or 1.0."""
    return f"{x:,.0f}" if x >= 100 else f"{x:.3g}"


def occupancy_explorer() -> Explorer:
    """How much does inside-out activation lower the ligand needed to occupy half the integrins?"""

    def model(percent_open: float) -> dict:
        f = percent_open / 100.0
        return {
            "theta": mixed_occupancy(CONCENTRATIONS, f),
            "ec50": half_occupancy_concentration(f),
        }

    def setup(fig, ax):
        from .. import style

        ax.semilogx(CONCENTRATIONS, occupancy(CONCENTRATIONS, 1.0), ls="--", color=style.colour("vermillion"), label="all high-affinity (open)")
        ax.semilogx(CONCENTRATIONS, occupancy(CONCENTRATIONS, AFFINITY_RATIO_OPEN_VS_CLOSED), ls=":", color=style.colour("blue"), label="all low-affinity (closed)")
        (mix,) = ax.semilogx(CONCENTRATIONS, CONCENTRATIONS * 0, color=style.colour("black"), label="this cell")
        marker = ax.axvline(1.0, color=style.colour("bluish_green"), lw=1.5)
        text = ax.text(0.02, 0.95, "", transform=ax.transAxes, va="top")
        ax.axhline(0.5, color="0.6", lw=0.8)
        style.fixed_log_ticks(ax, -2, 5)
        ax.set_xlabel("ligand concentration (multiples of the high-affinity Kd)")
        ax.set_ylabel("fraction of integrins bound")
        ax.set_ylim(0, 1.02)
        ax.legend(loc="lower right", fontsize=9)
        fig.tight_layout()

        def update(data, value):
            mix.set_ydata(data["theta"])
            marker.set_xdata([data["ec50"], data["ec50"]])
            text.set_text(f"{value:g}% open → half-bound at {format_multiple(data['ec50'])} × Kd")

        return update

    def alt(value, data):
        return (
            f"Semi-log plot of the fraction of integrins bound against ligand concentration. With {value:g}% "
            f"of receptors in the high-affinity state, the cell's curve sits between the all-open and "
            f"all-closed curves and reaches half occupancy at {format_multiple(data['ec50'])} times the high-affinity Kd."
        )

    return Explorer(
        name="integrin-occupancy",
        label="integrins in the high-affinity state (%)",
        values=[0.2, 0.5, 1, 2, 5, 10, 20, 50, 100],
        initial=0.2,
        model=model,
        setup=setup,
        alt=alt,
        caption="Drag the slider to hold more integrins in the open state (inside-out activation). "
        "Watch the green line: the ligand needed to occupy half the receptors.",
    )
