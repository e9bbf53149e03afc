"""Receptor occupancy by an integrin inhibitor over a dosing interval.

After an intravenous dose the plasma concentration of a drug with first-order elimination falls
exponentially from its peak,

    C(t) = C_peak · exp(−ln2 · t / t½),

and each integrin i that the drug binds is occupied, at equilibrium, in the fraction

    θ_i(t) = C(t) / (C(t) + IC50_i).

Treating the IC50 as if it were a dissociation constant is a simplification: an IC50 measured
against a competing ligand depends on that ligand's concentration. The model ignores it, and
also ignores tissue distribution, protein binding and the time needed to reach equilibrium.

Because C(t) is exponential, the time for which θ_i stays at or above a target occupancy θ* has a
closed form. θ_i ≥ θ* while C ≥ IC50_i · θ*/(1 − θ*), so for θ* = 1/2 (C ≥ IC50_i)

    t_above = t½ · log2(C_peak / IC50_i)        (0 when C_peak ≤ IC50_i).

Repeated doses add up, but only by the accumulation factor 1 / (1 − 2^(−τ/t½)) for an interval τ:
when τ is many half-lives long, as for a twice-weekly drug with a half-life of a few hours, each
dose starts from almost nothing.

Numbers (see the book's chapter *Targeting integrins in the clinic*):

- cilengitide's plasma half-life is 3–5 h (Eskens et al. 2003, ``eskens2003phase``, checked);
- a twice-weekly schedule gives a mean interval of 84 h (7 days / 2);
- :data:`UNVERIFIED_IC50_NM` holds IC50s recalled for cilengitide at αvβ3, αvβ5 and α5β1 and
  attributed to Kapp et al. 2017 (``kapp2017comprehensive``). They have **not** been confirmed
  from the paper: they are placeholders that set the *order* of the three integrins, and every
  figure that uses them says so. Concentrations are expressed as multiples of an IC50, so no
  absolute plasma concentration is claimed.

The model is context for the clinical results, not an explanation of them.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from . import inputs

__all__ = [
    "HALF_LIFE_RANGE_H",
    "HALF_LIFE_H",
    "TWICE_WEEKLY_INTERVAL_H",
    "UNVERIFIED_IC50_NM",
    "concentration",
    "occupancy_profile",
    "threshold_concentration",
    "time_above",
    "fraction_of_interval_above",
    "accumulation_factor",
    "relative_ic50",
]

#: Cilengitide's plasma half-life, hours (Eskens et al. 2003, eskens2003phase) [checked].
HALF_LIFE_RANGE_H: tuple[float, float] = (3.0, 5.0)
#: The middle of that range, used as the default.
HALF_LIFE_H = 4.0
#: Mean interval between doses on a twice-weekly schedule, hours (7 × 24 / 2).
TWICE_WEEKLY_INTERVAL_H = 84.0
#: UNVERIFIED placeholder IC50s (nM) for cilengitide, recalled and attributed to Kapp et al. 2017
#: (kapp2017comprehensive) but not confirmed from the paper. Use for ordering, not as data.
UNVERIFIED_IC50_NM: dict[str, float] = {"αvβ3": 0.6, "αvβ5": 8.0, "α5β1": 15.0}


def _positive(name: str, value) -> float:
    return inputs.positive(name, value)


def _positive_array(name: str, value) -> np.ndarray:
    return inputs.array(name, value, strictly_above=0, allow_empty=False)


def _times(t) -> np.ndarray:
    try:
        arr = np.asarray(t, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"time must be a number or an array of numbers, got {t!r}") from None
    if not np.all(np.isfinite(arr)):
        raise ValueError("time must be finite")
    if np.any(arr < 0):
        raise ValueError("time since the dose cannot be negative")
    return arr


def _target(theta) -> float:
    return inputs.bounded("target occupancy", theta, 0.0, 1.0, strict=True)


def concentration(t, c_peak: float, half_life: float = HALF_LIFE_H) -> np.ndarray:
    """Plasma concentration ``t`` hours after a dose: C_peak · 2^(−t/t½) (units of C_peak)."""
    t = _times(t)
    c_peak = _positive("peak concentration", c_peak)
    half_life = _positive("half-life", half_life)
    return c_peak * np.exp2(-t / half_life)


def occupancy_profile(t, c_peak: float, ic50s, half_life: float = HALF_LIFE_H) -> np.ndarray:
    """Occupancy θ_i(t) of each integrin: an array of shape (number of IC50s, number of times).

    ``ic50s`` is a mapping (integrin → IC50) or a sequence of IC50s, in the units of ``c_peak``.
    """
    if isinstance(ic50s, Mapping):
        ic50s = list(ic50s.values())
    ic50 = _positive_array("IC50", ic50s).reshape(-1, 1)
    c = concentration(t, c_peak, half_life).reshape(1, -1)
    return c / (c + ic50)


def threshold_concentration(ic50, target: float = 0.5):
    """The concentration at which occupancy equals ``target``: IC50 · θ*/(1 − θ*)."""
    theta = _target(target)
    ic50 = _positive_array("IC50", ic50)
    out = ic50 * theta / (1 - theta)
    return float(out) if out.ndim == 0 else out


def time_above(c_peak, ic50, half_life: float = HALF_LIFE_H, target: float = 0.5,
               interval: float | None = None):
    """Hours after a dose during which occupancy stays at or above ``target``.

    ``c_peak`` and ``ic50`` may be numbers or arrays (they broadcast against each other).

    For the default target of one half this is t½ · log2(C_peak / IC50), or 0 if the peak never
    reaches the IC50. With ``interval``, the result is capped at the interval's length.
    """
    c_peak = _positive_array("peak concentration", c_peak)
    half_life = _positive("half-life", half_life)
    threshold = np.asarray(threshold_concentration(ic50, target), dtype=float)
    hours = np.maximum(half_life * np.log2(c_peak / threshold), 0.0)
    if interval is not None:
        hours = np.minimum(hours, _positive("interval", interval))
    return float(hours) if hours.ndim == 0 else hours


def fraction_of_interval_above(c_peak, ic50, half_life: float = HALF_LIFE_H,
                               interval: float = TWICE_WEEKLY_INTERVAL_H, target: float = 0.5):
    """The fraction (0 to 1) of a dosing interval during which occupancy is at least ``target``."""
    interval = _positive("interval", interval)
    return time_above(c_peak, ic50, half_life, target, interval) / interval


def accumulation_factor(half_life: float = HALF_LIFE_H, interval: float = TWICE_WEEKLY_INTERVAL_H) -> float:
    """Steady-state peak over single-dose peak for repeated doses: 1 / (1 − 2^(−τ/t½))."""
    half_life = _positive("half-life", half_life)
    interval = _positive("interval", interval)
    return float(1.0 / -np.expm1(-np.log(2) * interval / half_life))


def relative_ic50(ic50s: Mapping[str, float] = UNVERIFIED_IC50_NM, reference: str = "αvβ3") -> dict[str, float]:
    """Each IC50 as a multiple of the reference integrin's IC50 (so αvβ3 → 1)."""
    if reference not in ic50s:
        raise KeyError(f"no IC50 for the reference integrin {reference!r}; have {sorted(ic50s)}")
    ref = _positive(f"IC50 of {reference}", ic50s[reference])
    return {name: _positive(f"IC50 of {name}", value) / ref for name, value in ic50s.items()}
