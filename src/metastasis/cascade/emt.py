"""The code of ``book/cascade/emt.md``: the Tian, Zhang & Xing (2013) EMT switch on the page.

Everything here reads :mod:`metastasis.models.emt_switch`, which derives the switch from the
equations (continuation, folds, stability); this module only asks it questions and draws the
answers: which stable states exist at a given TGF-β dose (:func:`stable_windows`), where the
switches flip (:func:`threshold`), how wide a hysteresis window is (:func:`hysteresis_width`),
what a coarse 0.1-step sweep would report (:func:`coarse_grid_reading`), what a pulse of TGF-β
leaves behind (:func:`pulse_memory`), and the explorer (:func:`emt_explorer`).

Two variants of the circuit are compared everywhere: the full circuit of the source
(``autocrine_loop=True``) and the circuit without the autocrine TGF-β/miR-200 loop
(``autocrine_loop=False``; how the paper removes the loop is an assumption of the model module,
see its docstring). All doses T0 are in the source's (unstated) units.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .. import style
from ..explorer import Control, Explorer, animate
from ..models import emt_switch as emt
from ..page_figure import page_figure

__all__ = [
    "VARIANT_NAMES",
    "params_for",
    "threshold",
    "hysteresis_width",
    "stable_windows",
    "stable_states_at",
    "stable_state_table",
    "coarse_grid_reading",
    "first_seen",
    "plot_bifurcation",
    "plot_state_windows",
    "pulse_memory",
    "plot_pulse_memory",
    "EXPLORER_T0",
    "DIRECTIONS",
    "LOOP_SETTINGS",
    "emt_explorer",
    "bifurcation_figure",
    "state_windows_figure",
    "pulse_memory_figure",
]

#: How the page names the two variants.
VARIANT_NAMES = {True: "with the autocrine loop", False: "without the autocrine loop"}
_SHORT = {"epithelial": "E", "partial": "P", "mesenchymal": "M"}
_PHASE_STYLE = {"epithelial": ("blue", "o"), "partial": ("orange", "s"), "mesenchymal": ("vermillion", "^")}
_THRESHOLD_NAMES = ("epithelial_to_partial", "partial_to_mesenchymal", "partial_to_epithelial",
                    "mesenchymal_lower_fold")


def _check_loop(autocrine_loop) -> bool:
    if not isinstance(autocrine_loop, bool):
        raise emt.EMTInputError(f"autocrine_loop must be True or False, got {autocrine_loop!r}")
    return autocrine_loop


def params_for(autocrine_loop: bool = True) -> emt.EMTParameters:
    """The source's parameters (loop on) or the same circuit with k_T = 0 (loop off)."""
    return emt.TIAN2013 if _check_loop(autocrine_loop) else emt.NO_AUTOCRINE_LOOP


def threshold(name: str, autocrine_loop: bool = True) -> float:
    """A fold of the steady-state curve, re-derived: e.g. ``threshold("epithelial_to_partial")`` ≈ 1.008.

    ``name`` is one of ``epithelial_to_partial`` (top of the epithelial branch),
    ``partial_to_mesenchymal`` (top of the partial branch), ``partial_to_epithelial`` (bottom of
    the partial branch) and ``mesenchymal_lower_fold`` (bottom of the mesenchymal branch; negative
    with the loop: the formal fold lies at a negative dose).
    """
    if name not in _THRESHOLD_NAMES:
        raise emt.EMTInputError(f"unknown threshold {name!r}; choose from {_THRESHOLD_NAMES}")
    value = getattr(emt.thresholds(params_for(autocrine_loop)), name)
    if value is None:  # pragma: no cover - every fold exists for the source's parameters
        raise emt.EMTInputError(f"the {VARIANT_NAMES[autocrine_loop]} circuit has no {name} fold")
    return float(value)


def hysteresis_width(switch: str = "first", autocrine_loop: bool = False) -> float:
    """Width in T0 of a switch's hysteresis window: where it turns on minus where it turns off.

    ``switch="first"``: the SNAIL1/miR-34 switch (epithelial ↔ partial); ``"second"``: the
    ZEB/miR-200 switch (partial ↔ mesenchymal). With the autocrine loop the second switch never
    turns off at a dose ≥ 0, so its window is unbounded: an :class:`EMTInputError` says so.
    """
    th = emt.thresholds(params_for(autocrine_loop))
    if switch == "first":
        return float(th.epithelial_to_partial - th.partial_to_epithelial)
    if switch == "second":
        if th.irreversible:
            raise emt.EMTInputError("with the autocrine loop the second switch is irreversible: withdrawing "
                                    "TGF-β never turns it off, so its hysteresis window has no lower end at T0 >= 0")
        return float(th.partial_to_mesenchymal - th.mesenchymal_to_partial)
    raise emt.EMTInputError(f"switch must be 'first' or 'second', got {switch!r}")


def stable_windows(autocrine_loop: bool = True, t0_max: float = emt.T0_MAX) -> list[tuple[float, float, tuple[str, ...]]]:
    """Intervals [lo, hi) of T0 ≥ 0 and the stable states that exist throughout each.

    Read from the folds of the continuation: the epithelial branch is stable below its top fold,
    the partial branch between its two folds, the mesenchymal branch above its bottom fold (from
    T0 = 0 when that fold is negative).
    """
    th = emt.thresholds(params_for(autocrine_loop))
    ranges = {
        "epithelial": (0.0, th.epithelial_to_partial),
        "partial": (th.partial_to_epithelial, th.partial_to_mesenchymal),
        "mesenchymal": (max(0.0, th.mesenchymal_lower_fold), math.inf),
    }
    cuts = sorted({0.0, float(t0_max)} | {float(v) for lo_hi in ranges.values() for v in lo_hi
                                           if 0.0 < v < t0_max})
    out = []
    for lo, hi in zip(cuts[:-1], cuts[1:]):
        mid = 0.5 * (lo + hi)
        states = tuple(ph for ph in emt.PHASES if ranges[ph][0] <= mid < ranges[ph][1])
        out.append((lo, hi, states))
    return out


def stable_states_at(t0: float, autocrine_loop: bool = True) -> tuple[str, ...]:
    """The stable states that coexist at this dose (from :func:`stable_windows`)."""
    t0 = float(t0)
    if not 0.0 <= t0 <= emt.T0_MAX:
        raise emt.EMTInputError(f"T0 must be in [0, {emt.T0_MAX:g}], got {t0}")
    for lo, hi, states in stable_windows(autocrine_loop):
        if lo <= t0 < hi or (t0 == hi == emt.T0_MAX):
            return states
    raise RuntimeError(f"no window holds T0 = {t0}")  # pragma: no cover


def stable_state_table() -> pd.DataFrame:
    """Both variants' windows as a table: the dose range and which stable states coexist there."""
    rows = []
    for loop in (True, False):
        for lo, hi, states in stable_windows(loop):
            kind = {1: "monostable", 2: "bistable", 3: "tristable"}[len(states)]
            hi_text = f"{hi:.3f}" if hi < emt.T0_MAX else f"{emt.T0_MAX:g} (and beyond)"
            rows.append({"circuit": VARIANT_NAMES[loop], "T0 from": f"{lo:.3f}", "T0 to": hi_text,
                         "stable states": ", ".join(states), "kind": kind})
    return pd.DataFrame(rows)


def coarse_grid_reading(step: float = 0.1, autocrine_loop: bool = True) -> dict[str, float]:
    """The first dose of an up-sweep in steps of ``step`` at which each phase is seen.

    Reads the up-sweep's steady state at 0, step, 2·step, ...; the unit tests check that the
    literal protocol (relaxing the ODEs at each step) gives the same states.
    """
    if isinstance(step, bool) or not isinstance(step, (int, float)) or not 0 < step <= 1:
        raise emt.EMTInputError(f"step must be a number in (0, 1], got {step!r}")
    d = emt.bifurcation_diagram(params_for(autocrine_loop))
    grid = np.round(np.arange(0.0, emt.T0_MAX + 1e-9, step), 10)
    phases = [str(emt.classify(d.state_at(float(g), "up"))) for g in grid]
    return {ph: float(grid[phases.index(ph)]) for ph in emt.PHASES if ph in phases}


def first_seen(phase: str = "partial", step: float = 0.1, autocrine_loop: bool = True) -> float:
    """The first dose of a ``step``-spaced up-sweep at which ``phase`` is seen (see :func:`coarse_grid_reading`)."""
    if phase not in emt.PHASES:
        raise emt.EMTInputError(f"phase must be one of {emt.PHASES}, got {phase!r}")
    reading = coarse_grid_reading(step, autocrine_loop)
    if phase not in reading:  # pragma: no cover - every phase is reached below T0_MAX
        raise emt.EMTInputError(f"the up-sweep never reaches the {phase} state below T0 = {emt.T0_MAX:g}")
    return reading[phase]


def _segments(branch: emt.Branch, readout: str = "E"):
    """The continuation curve split into runs of equal stability (each run shares its end point)."""
    y = branch.readout(readout)
    stable = branch.stable
    edges = np.flatnonzero(stable[1:] != stable[:-1]) + 1
    starts = np.r_[0, edges]
    ends = np.r_[edges, len(stable) - 1]
    return [(branch.t0[a:b + 1], y[a:b + 1], bool(stable[a])) for a, b in zip(starts, ends)]


def plot_bifurcation(ax, autocrine_loop: bool = True, readout: str = "E", annotate: bool = True) -> list:
    """The steady states against T0: stable solid, unstable dashed; arrows where the sweeps jump."""
    d = emt.bifurcation_diagram(params_for(autocrine_loop))
    segs = _segments(d.branch, readout)
    for x, y, stable in segs:
        ax.plot(x, y, color=style.colour("black"), lw=2.4 if stable else 1.4, ls="-" if stable else "--")
    if annotate:
        i = emt.SPECIES.index(readout)
        for direction, jumps, colour in (("up", d.thresholds.up, "blue"), ("down", d.thresholds.down, "vermillion")):
            sign = 1.0 if direction == "up" else -1.0
            for j in jumps:
                before = d.state_at(j.t0 - sign * 1e-4, direction)
                after = d.state_at(float(np.clip(j.t0 + sign * 1e-3, 0.0, emt.T0_MAX)), direction)
                ax.annotate("", xy=(j.t0, after[i]), xytext=(j.t0, before[i]),
                            arrowprops=dict(arrowstyle="-|>", color=style.colour(colour), lw=2, shrinkA=0, shrinkB=0))
    ax.set_xlim(0, emt.T0_MAX)
    ax.set_ylim(0, 3.6)
    ax.set_xlabel("external TGF-β dose T0")
    ax.set_ylabel(f"{emt.SPECIES_LABELS[readout]} (steady state)")
    return segs


def plot_state_windows(ax) -> None:
    """For each variant, a band per phenotype over the doses at which it is a stable state."""
    rows = [(loop, ph) for loop in (True, False) for ph in emt.PHASES]
    labels = []
    for i, (loop, ph) in enumerate(rows):
        y = len(rows) - 1 - i - (0.6 if not loop else 0.0)
        colour, _ = _PHASE_STYLE[ph]
        for lo, hi, states in stable_windows(loop):
            if ph in states:
                ax.barh(y, hi - lo, left=lo, height=0.6, color=style.colour(colour), edgecolor="black", linewidth=0.6,
                        hatch=None if loop else "..")
        labels.append((y, f"{ph} ({'loop' if loop else 'no loop'})"))
    th_on = emt.thresholds(params_for(True))
    th_off = emt.thresholds(params_for(False))
    for v in (th_on.partial_to_epithelial, th_on.epithelial_to_partial, th_on.partial_to_mesenchymal):
        ax.axvline(v, ymin=0.52, ymax=1.0, color="0.35", lw=0.9, ls=":")
    for v in (th_off.partial_to_epithelial, th_off.epithelial_to_partial, th_off.mesenchymal_to_partial,
              th_off.partial_to_mesenchymal):
        ax.axvline(v, ymin=0.0, ymax=0.48, color="0.35", lw=0.9, ls=":")
    ax.set_yticks([y for y, _ in labels], [t for _, t in labels], fontsize=10.5)
    ax.set_xlim(0, emt.T0_MAX)
    ax.set_ylim(-1.2, len(rows) - 0.4)
    ax.set_xlabel("external TGF-β dose T0")
    ax.grid(axis="y", visible=False)
    ax.tick_params(axis="y", length=0)


def pulse_memory(t0: float = 3.0, duration: float = 1000.0, t_end: float = 2000.0, points: int = 201) -> dict:
    """E-cadherin during and after a pulse of TGF-β, in both variants (Rosenbrock, rtol 1e-3).

    A loose tolerance keeps the page fast (a fraction of a second per run); the unit tests check
    it against the default Dormand–Prince integration at rtol 1e-8.
    """
    if not 0 < duration < t_end:
        raise emt.EMTInputError(f"need 0 < duration < t_end, got {duration} and {t_end}")
    t = np.linspace(0.0, float(t_end), int(points))
    out = {"t": t, "t0": float(t0), "duration": float(duration)}
    for loop in (True, False):
        tc = emt.time_course(emt.pulse(float(t0), float(duration)), t, params=params_for(loop),
                             method="rosenbrock", rtol=1e-3, atol=1e-6)
        out[loop] = tc
    return out


def plot_pulse_memory(ax, courses: dict) -> None:
    """E-cadherin over time: the pulse shaded, one line per variant, end states labelled."""
    t = courses["t"]
    ax.axvspan(0, courses["duration"], color=style.colour("sky_blue"), alpha=0.25, lw=0)
    ax.text(courses["duration"] / 2, 3.45, f"TGF-β pulse, T0 = {courses['t0']:g}", ha="center", va="top", fontsize=10.5)
    for loop, ls, colour in ((True, "-", "vermillion"), (False, "--", "blue")):
        tc = courses[loop]
        e = tc.readout("E")
        ax.plot(t, e, ls=ls, lw=2.4, color=style.colour(colour),
                label=f"{'loop' if loop else 'no loop'}: ends {tc.phase[-1]}")
    ax.set_xlim(0, t[-1])
    ax.set_ylim(0, 3.6)
    ax.set_xlabel("time (the source's units)")
    ax.set_ylabel("E-cadherin")
    ax.legend(loc="center right", bbox_to_anchor=(1.0, 0.45), fontsize=10.5)


# -- the explorer ----------------------------------------------------------------------------

#: The doses the explorer offers: each shows a different combination of coexisting states in the two variants.
EXPLORER_T0 = (0.0, 0.4, 0.9, 1.05, 2.1)
#: Menu label → sweep direction of the model.
DIRECTIONS = {"up-sweep (TGF-β rising)": "up", "down-sweep (TGF-β falling)": "down"}
#: Menu label → autocrine loop present.
LOOP_SETTINGS = {"on (full circuit)": True, "off (k_T = 0)": False}
_MAX_SEGMENTS = 8


def _explorer_model(t0: float, direction: str, loop: str) -> dict:
    if direction not in DIRECTIONS:
        raise emt.EMTInputError(f"direction must be one of {list(DIRECTIONS)}, got {direction!r}")
    if loop not in LOOP_SETTINGS:
        raise emt.EMTInputError(f"loop must be one of {list(LOOP_SETTINGS)}, got {loop!r}")
    sweep, on = DIRECTIONS[direction], LOOP_SETTINGS[loop]
    out = emt.explorer_model(t0, sweep, autocrine_loop=on)
    d = out["diagram"]
    if sweep == "up":
        keep = d.t0 < t0
        path_x = np.r_[d.t0[keep], t0]
        path_y = np.r_[d.readout("E", "up")[keep], out["species"]["E"]]
    else:
        keep = d.t0 > t0
        path_x = np.r_[t0, d.t0[keep]]
        path_y = np.r_[out["species"]["E"], d.readout("E", "down")[keep]]
    th = out["thresholds"]
    folds = [v for v in (th.epithelial_to_partial, th.partial_to_mesenchymal, th.partial_to_epithelial,
                         th.mesenchymal_lower_fold) if v is not None and v >= 0]
    return {
        "segments": _segments(d.branch, "E"), "path_x": path_x, "path_y": path_y,
        "t0": float(t0), "sweep": sweep, "loop": on, "phase": out["phase"], "species": out["species"],
        "coexisting": stable_states_at(t0, on), "folds": folds,
    }


def _readout_text(data) -> str:
    sp = data["species"]
    coexist = " + ".join(_SHORT[s] for s in data["coexisting"])
    return (f"{data['sweep']}-sweep, loop {'on' if data['loop'] else 'off'}: {data['phase']}\n"
            f"E-cadherin {sp['E']:.2f}; stable here: {coexist}")


def emt_explorer() -> Explorer:
    """TGF-β dose × sweep direction × autocrine loop → the bifurcation diagram with the cell marked."""
    for loop in (True, False):  # precompute both diagrams (cached by the model module)
        emt.bifurcation_diagram(params_for(loop))

    def setup(fig, ax):
        stable_lines, unstable_lines = [], []
        for _ in range(_MAX_SEGMENTS):
            (s,) = ax.plot([], [], color=style.colour("black"), lw=2.4, ls="-")
            (u,) = ax.plot([], [], color=style.colour("black"), lw=1.4, ls="--")
            stable_lines.append(s)
            unstable_lines.append(u)
        folds = [ax.axvline(0, color="0.45", lw=1.0, ls=":", visible=False) for _ in range(4)]
        (path,) = ax.plot([], [], color=style.colour("sky_blue"), lw=7, alpha=0.55, solid_capstyle="round", zorder=1)
        (marker,) = ax.plot([], [], ls="none", marker="o", ms=13, mec="black", mew=1.4, zorder=5, clip_on=False)
        readout = ax.text(0.985, 0.73, "", transform=ax.transAxes, ha="right", va="top", fontsize=10.5,
                          bbox=dict(boxstyle="round", facecolor="white", edgecolor="0.75"), zorder=6)
        ax.set_xlim(-0.04, emt.T0_MAX + 0.04)
        ax.set_ylim(0, 3.6)
        ax.grid(False)
        ax.set_xlabel("external TGF-β dose T0 (the source's units)")
        ax.set_ylabel("E-cadherin at steady state")
        animate(stable_lines, unstable_lines, folds, path, marker, readout)
        fig.tight_layout()

        def update(data, params):
            stable = [s for s in data["segments"] if s[2]]
            unstable = [s for s in data["segments"] if not s[2]]
            for lines, segs in ((stable_lines, stable), (unstable_lines, unstable)):
                for k, line in enumerate(lines):
                    if k < len(segs):
                        line.set_data(segs[k][0], segs[k][1])
                    else:
                        line.set_data([], [])
            for k, line in enumerate(folds):
                if k < len(data["folds"]):
                    line.set_xdata([data["folds"][k]] * 2)
                    line.set_visible(True)
                else:
                    line.set_visible(False)
            path.set_data(data["path_x"], data["path_y"])
            colour, shape = _PHASE_STYLE[data["phase"]]
            marker.set_data([data["t0"]], [data["species"]["E"]])
            marker.set_marker(shape)
            marker.set_markerfacecolor(style.colour(colour))
            readout.set_text(_readout_text(data))

        return update

    def alt(params, data):
        sp = data["species"]
        loop = "with" if data["loop"] else "without"
        coexist = ", ".join(data["coexisting"])
        folds = ", ".join(f"{f:.3f}" for f in sorted(data["folds"]))
        return (
            f"Bifurcation diagram of the Tian et al. (2013) EMT circuit {loop} the autocrine TGF-β/miR-200 loop: "
            f"E-cadherin at steady state against the external TGF-β dose T0 from 0 to 3, stable branches solid "
            f"and unstable branches dashed, thresholds at T0 = {folds}. On the {data['sweep']}-sweep at "
            f"T0 = {data['t0']:g} the cell is {data['phase']} (E-cadherin {sp['E']:.2f}, ZEB {sp['Z']:.2f}); "
            f"the stable states that coexist at this dose are: {coexist}."
        )

    return Explorer(
        name="emt-switch",
        controls=[
            Control("t0", "external TGF-β dose T0", EXPLORER_T0, initial=1.05, fmt="{:g}"),
            Control("direction", "sweep direction", list(DIRECTIONS)),
            Control("loop", "autocrine TGF-β/miR-200 loop", list(LOOP_SETTINGS)),
        ],
        model=_explorer_model,
        setup=setup,
        alt=alt,
        caption="Choose a dose, the direction from which the cell reached it, and whether the autocrine loop "
        "is intact. The pale band is the path a cell followed on a slow sweep (up from an epithelial cell at "
        "T0 = 0, or down from a mesenchymal cell at T0 = 3); the marker is where it is now, coloured and shaped "
        "by its state (blue circle epithelial, orange square partial, red triangle mesenchymal). Solid curves "
        "are stable states, dashed curves unstable ones, dotted verticals the thresholds (folds).",
        figsize=(6.2, 4.0),
    )


# -- the page's figures, sized for a phone column (style.check_phone_legible) ----------------


def bifurcation_figure():
    """The page's two bifurcation diagrams side by side (with the loop, without it), sharing the y axis."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(6.2, 3.5), sharey=True)
    for ax, loop in zip(axes, (True, False)):
        plot_bifurcation(ax, loop)
        ax.set_title(VARIANT_NAMES[loop], fontsize=11)
    axes[1].set_ylabel("")
    fig.tight_layout()
    return fig


def state_windows_figure():
    """The page's figure of :func:`plot_state_windows`."""
    return page_figure(plot_state_windows, height=3.4)[0]


def pulse_memory_figure(courses: dict | None = None):
    """The page's figure of :func:`plot_pulse_memory` (default: the courses of :func:`pulse_memory`)."""
    return page_figure(plot_pulse_memory, pulse_memory() if courses is None else courses, height=3.6)[0]
