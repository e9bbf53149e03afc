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

from ..explorer import Explorer
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
    "dosing_explorer",
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


# -- the explorer ---------------------------------------------------------------------------

#: Peak concentrations offered by the explorer, as multiples of the αvβ3 IC50.
PEAK_MULTIPLES = (1, 3, 10, 30, 100, 300, 1_000, 3_000, 10_000, 100_000)
HOURS = np.linspace(0.0, TWICE_WEEKLY_INTERVAL_H, 337)  # every 15 minutes
_STYLES = {"αvβ3": ("-", "o"), "αvβ5": ("--", "s"), "α5β1": (":", "^")}


def peak_label(multiple: float) -> str:
    """A slider label such as ``"1,000×"``."""
    return f"{multiple:,.0f}×"


def format_hours(hours: float) -> str:
    """Hours as a reader would write them: 0 h, 6.3 h, 40 h."""
    if hours <= 0:
        return "0 h"
    return f"{hours:.0f} h" if hours >= 10 else f"{hours:.1f} h"


def dosing_explorer() -> Explorer:
    """For how much of a twice-weekly interval does cilengitide half-occupy each integrin?"""
    from .. import style

    rel = relative_ic50()
    names = list(rel)
    ic50 = np.array([rel[n] for n in names])
    labels = [peak_label(m) for m in PEAK_MULTIPLES]
    multiple_of = dict(zip(labels, PEAK_MULTIPLES))

    def model(label: str) -> dict:
        c_peak = float(multiple_of[label])
        theta = occupancy_profile(HOURS, c_peak, ic50, HALF_LIFE_H)
        above = time_above(c_peak, ic50, HALF_LIFE_H, interval=TWICE_WEEKLY_INTERVAL_H)
        return {"theta": theta, "hours_above": above, "fraction": above / TWICE_WEEKLY_INTERVAL_H}

    def setup(fig, ax):
        lines, marks = [], []
        for i, name in enumerate(names):
            ls, marker = _STYLES.get(name, ("-", "o"))
            colour = style.colour(i)
            (line,) = ax.plot(HOURS, HOURS * 0, ls=ls, color=colour, lw=2.2, label=f"{name} (IC50 {rel[name]:.3g}×)")
            (mark,) = ax.plot([0], [0.5], marker=marker, ms=8, color=colour, ls="none", mec="black", mew=0.8)
            lines.append(line)
            marks.append(mark)
        ax.axhline(0.5, color="0.4", lw=0.9, ls="-.", label="half occupied")
        ax.set_xlim(0, TWICE_WEEKLY_INTERVAL_H)
        ax.set_ylim(0, 1.02)
        ax.set_xticks(np.arange(0, TWICE_WEEKLY_INTERVAL_H + 1, 12))
        ax.set_xlabel(f"hours after a dose (half-life {HALF_LIFE_H:g} h; next dose at {TWICE_WEEKLY_INTERVAL_H:g} h)")
        ax.set_ylabel("fraction of integrin occupied")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.17), ncol=4, fontsize=9, handlelength=2.6,
                  title="IC50 relative to αvβ3's (unverified placeholders)", title_fontsize=9)
        title = ax.set_title("Peak\nhalf-occupied", fontsize=10.5, loc="left")
        fig.tight_layout()

        def update(data, value):
            for line, mark, theta, hours in zip(lines, marks, data["theta"], data["hours_above"]):
                line.set_ydata(theta)
                mark.set_data([hours], [0.5])
                mark.set_visible(bool(hours > 0))
            rows = "  ·  ".join(f"{n} {format_hours(h)} ({f:.0%})" for n, h, f in zip(names, data["hours_above"], data["fraction"]))
            title.set_text(f"Peak {value} the αvβ3 IC50. Half-occupied for:\n{rows}")

        return update

    def alt(label, data):
        parts = ", ".join(
            f"{n} for {format_hours(h)} ({f:.0%} of the interval)"
            for n, h, f in zip(names, data["hours_above"], data["fraction"])
        )
        return (
            f"Line plot of integrin occupancy over the 84 hours after a cilengitide dose whose peak is {label} "
            f"the αvβ3 IC50, with a 4-hour half-life. Each curve starts high and falls to near zero; "
            f"occupancy stays at or above one half for {parts}."
        )

    return Explorer(
        name="cilengitide-dosing",
        label="peak concentration (multiple of the αvβ3 IC50)",
        values=labels,
        initial=peak_label(1_000),
        model=model,
        setup=setup,
        alt=alt,
        caption="Slide to raise the peak plasma concentration. Markers on the dash-dot line show when each "
        "integrin drops below half occupancy; the title gives the hours, and the share of an 84-hour "
        "twice-weekly interval. The IC50 ratios are unverified placeholders.",
        figsize=(7.4, 4.8),
    )
