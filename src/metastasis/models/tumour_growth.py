"""Tumour growth under chemotherapy: Gompertz growth, Skipper's log-kill and Norton–Simon.

Growth without treatment
------------------------
Gompertz growth of a tumour of N cells towards a plateau K,

    dN/dt = r N ln(K/N),        N(t) = K exp( ln(N0/K) · e^(−r t) ).

In the variable y = ln(N/K) (negative below the plateau) the equation is linear, dy/dt = −r y,
so y(t) = y0 e^(−r t): the tumour approaches K but never reaches it, and its per-cell growth rate
r ln(K/N) is largest when the tumour is small. Norton 1988 (``norton1988gompertzian``, [checked:
title and abstract]) found that an unadorned Gompertz curve fits three historical breast-cancer data
sets as well as more complex models; the module uses the *form* of that model, not its fitted
numbers (the paper's parameter values were not read, so every number here is ILLUSTRATIVE).

Skipper's log-kill (``model="log-kill"``)
----------------------------------------
Each dose kills the same fraction of cells whatever the tumour's size: a dose of L logs divides
N by 10^L instantly (Traina & Norton, Encyclopedia of Cancer entry *Log-kill hypothesis*,
``traina2015logkill``, [checked: the entry's definition]; Skipper et al. 1964 is the original,
citation [verify]). Between doses the tumour grows exponentially (``growth="exponential"``, the
classical contrast, N' = λN) or along the same Gompertz curve (``growth="gompertz"``).

Norton–Simon (``model="norton-simon"``)
---------------------------------------
While the drug acts, the per-cell kill rate is ``dose`` (k, dimensionless) times the per-cell
growth rate of an *unperturbed* Gompertz tumour of the current size:

    dN/dt = r N ln(K/N) · (1 − k c(t)),

with c(t) = 1 during each exposure window (``exposure`` days from each dose) and 0 otherwise.
This is the form "the rate of regression is proportional to the rate of growth of an unperturbed
tumour of that size" as the Norton–Simon hypothesis is stated in secondary sources (the summary of
Traina et al. 2010, ``traina2010optimizing``; Simon & Norton 2006, ``simon2006norton``). The
original papers (Norton & Simon 1977, Cancer Treat Rep 61:1307, ``norton1977tumor``) were NOT
read, so the exact functional form Norton and Simon wrote is [verify]; the citation of 1977 is
confirmed only from public reference lists, and "1986 J Clin Oncol 4:1291" could not be
confirmed at all.

In y the equation is again linear — dy/dt = −r y off drug and (k − 1) r y on drug — so with E(t)
the cumulative time spent on drug,

    y(t) = y0 · exp( −r t + k r E(t) ),

exactly, whatever the schedule. Consequences the model really has (the tests check each):

- one dose multiplies ln(K/N) by D = exp((k − 1) r τ): its log-kill, |y|(D − 1)/ln 10 logs,
  is *larger for a smaller tumour*, and so is the regrowth between doses;
- a dose-dense schedule (shorter interval, same dose and number of doses) ends treatment with
  fewer cells, because less time has passed;
- but at any common time after both schedules have ended, the cell counts are *identical* unless
  one of them crossed the eradication threshold: in this deterministic model dose density only
  helps by reaching a deeper nadir (a chance of eradication), not by a lasting difference.

Outcome
-------
The tumour is ``"eradicated"`` once the expected cell count falls below one cell (it then stays
at 0); otherwise ``"regrowth"`` if it ends treatment below the detection threshold (default 10^9
cells ≈ 1 cm³, a textbook rule of thumb, ILLUSTRATIVE) and ``"uncontrolled"`` if it never does.
One expected cell is not certain cure: with Poisson-distributed survivors the chance that none is
left would be exp(−N).

Everything is closed form and vectorised; a schedule on a 361-point grid takes well under a
millisecond.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass, field

import numpy as np

from . import inputs

__all__ = [
    "PARAMETERS",
    "CAPACITY",
    "GROWTH_RATE",
    "INITIAL_CELLS",
    "DETECTION_CELLS",
    "EXPOSURE_DAYS",
    "MODELS",
    "GROWTHS",
    "OUTCOMES",
    "gompertz",
    "gompertz_growth_rate",
    "specific_growth_rate",
    "doubling_time",
    "time_to_reach",
    "exponential_growth",
    "norton_simon_dose_factor",
    "norton_simon_log_kill",
    "norton_simon_dose_for_log_kill",
    "ScheduleResult",
    "simulate_schedule",
    "chemo_explorer_model",
]

#: Every default number, with its unit, source and status. None is from a paper: all ILLUSTRATIVE.
PARAMETERS: dict[str, dict] = {
    "capacity": {"value": 1e12, "unit": "cells", "source": None, "status": "illustrative",
                 "note": "plateau K of the Gompertz curve (~1 kg of tumour at 1e9 cells per cm3)"},
    "growth_rate": {"value": 0.006, "unit": "1/day", "source": None, "status": "illustrative",
                    "note": "Gompertz r; at 1e10 cells the doubling time is ln2/(r ln 100) ≈ 25 days"},
    "initial_cells": {"value": 1e10, "unit": "cells", "source": None, "status": "illustrative",
                      "note": "tumour at the first dose (~10 cm3)"},
    "detection_cells": {"value": 1e9, "unit": "cells", "source": None, "status": "illustrative",
                        "note": "clinical detection threshold (~1 cm3), a textbook rule of thumb"},
    "exposure": {"value": 1.0, "unit": "day", "source": None, "status": "illustrative",
                 "note": "time the drug acts after each dose (Norton–Simon model)"},
    "norton_simon_dose": {"value": 50.0, "unit": "dimensionless", "source": None, "status": "illustrative",
                          "note": "k: kill rate over the unperturbed growth rate while the drug acts"},
    "log_kill_dose": {"value": 2.0, "unit": "log10 cells per dose", "source": None, "status": "illustrative",
                      "note": "a '2-log kill' removes 99% of cells per dose (Skipper model)"},
}

CAPACITY = PARAMETERS["capacity"]["value"]
GROWTH_RATE = PARAMETERS["growth_rate"]["value"]
INITIAL_CELLS = PARAMETERS["initial_cells"]["value"]
DETECTION_CELLS = PARAMETERS["detection_cells"]["value"]
EXPOSURE_DAYS = PARAMETERS["exposure"]["value"]

MODELS = ("norton-simon", "log-kill", "none")
GROWTHS = ("gompertz", "exponential")
OUTCOMES = ("eradicated", "regrowth", "uncontrolled")

_LN10 = np.log(10.0)


# -- input checks -----------------------------------------------------------------------------

def _count(name: str, value, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return int(value)


def _times(t) -> np.ndarray:
    return inputs.array("time", t, minimum=0)


def _choice(name: str, value, options) -> str:
    if value not in options:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, options))}; got {value!r}")
    return value


def _below_capacity(n0: float, capacity: float) -> None:
    if n0 >= capacity:
        raise ValueError(f"initial cells ({n0:g}) must be below the capacity ({capacity:g}) for a treated tumour")


# -- growth -----------------------------------------------------------------------------------

def gompertz(t, n0: float = INITIAL_CELLS, capacity: float = CAPACITY, rate: float = GROWTH_RATE):
    """Untreated Gompertz growth: N(t) = K exp(ln(N0/K) e^(−r t)) for t ≥ 0 (vectorised in t).

    A tumour started below K rises towards K and stays below it; one started above K falls to it.
    """
    t = _times(t)
    n0 = inputs.positive("initial cells", n0)
    capacity = inputs.positive("capacity", capacity)
    rate = inputs.positive("growth rate", rate)
    out = capacity * np.exp(np.log(n0 / capacity) * np.exp(-rate * t))
    return float(out) if out.ndim == 0 else out


def gompertz_growth_rate(n, capacity: float = CAPACITY, rate: float = GROWTH_RATE):
    """The Gompertz growth rate dN/dt = r N ln(K/N), cells per unit time (vectorised in N ≥ 0)."""
    n = inputs.array("cells", n, minimum=0)
    capacity = inputs.positive("capacity", capacity)
    rate = inputs.positive("growth rate", rate)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(n > 0, rate * n * np.log(capacity / np.where(n > 0, n, 1.0)), 0.0)
    return float(out) if out.ndim == 0 else out


def specific_growth_rate(n, capacity: float = CAPACITY, rate: float = GROWTH_RATE):
    """The per-cell Gompertz growth rate r ln(K/N) (per unit time); larger for smaller tumours."""
    n = inputs.array("cells", n, strictly_above=0)
    capacity = inputs.positive("capacity", capacity)
    rate = inputs.positive("growth rate", rate)
    out = rate * np.log(capacity / n)
    return float(out) if out.ndim == 0 else out


def doubling_time(n, capacity: float = CAPACITY, rate: float = GROWTH_RATE):
    """Instantaneous doubling time ln2 / (r ln(K/N)) of a Gompertz tumour of N < K cells."""
    n = inputs.array("cells", n, strictly_above=0)
    capacity = inputs.positive("capacity", capacity)
    if np.any(n >= capacity):
        raise ValueError("cells must be below the capacity for a doubling time to exist")
    out = np.log(2.0) / specific_growth_rate(n, capacity, rate)
    return float(out) if np.ndim(out) == 0 else out


def time_to_reach(target, n0: float = INITIAL_CELLS, capacity: float = CAPACITY, rate: float = GROWTH_RATE):
    """Time for an untreated Gompertz tumour to grow from N0 to ``target`` cells (N0 ≤ target < K).

    From y(t) = y0 e^(−r t): t = ln(ln(N0/K) / ln(target/K)) / r.
    """
    target = inputs.array("target cells", target, strictly_above=0)
    n0 = inputs.positive("initial cells", n0)
    capacity = inputs.positive("capacity", capacity)
    rate = inputs.positive("growth rate", rate)
    if np.any(target >= capacity):
        raise ValueError("target cells must be below the capacity: a Gompertz tumour never reaches K")
    if np.any(target < n0):
        raise ValueError("target cells must be at least the initial cells (untreated growth only rises)")
    _below_capacity(n0, capacity)
    out = np.log(np.log(n0 / capacity) / np.log(target / capacity)) / rate
    return float(out) if out.ndim == 0 else out


def exponential_growth(t, n0: float = INITIAL_CELLS, rate: float = GROWTH_RATE * np.log(CAPACITY / INITIAL_CELLS)):
    """Exponential growth N0 e^(λ t). The default λ equals the Gompertz per-cell rate at N0."""
    t = _times(t)
    n0 = inputs.positive("initial cells", n0)
    rate = inputs.positive("exponential rate", rate)
    out = n0 * np.exp(rate * t)
    return float(out) if out.ndim == 0 else out


# -- Norton–Simon helpers ---------------------------------------------------------------------

def norton_simon_dose_factor(dose: float, rate: float = GROWTH_RATE, exposure: float = EXPOSURE_DAYS) -> float:
    """D = exp((k − 1) r τ): the factor by which one dose multiplies ln(K/N) (D > 1 shrinks N)."""
    dose = inputs.bounded("dose", dose, 0.0, np.inf)
    rate = inputs.positive("growth rate", rate)
    exposure = inputs.positive("exposure", exposure)
    return float(np.exp((dose - 1.0) * rate * exposure))


def norton_simon_log_kill(n, dose: float, capacity: float = CAPACITY, rate: float = GROWTH_RATE,
                          exposure: float = EXPOSURE_DAYS):
    """Log10 cells killed by one Norton–Simon dose given to a tumour of N cells: ln(K/N)(D − 1)/ln 10.

    It grows as the tumour shrinks: the Norton–Simon prediction that small tumours are killed faster.
    """
    n = inputs.array("cells", n, strictly_above=0)
    capacity = inputs.positive("capacity", capacity)
    if np.any(n >= capacity):
        raise ValueError("cells must be below the capacity")
    factor = norton_simon_dose_factor(dose, rate, exposure)
    out = np.log(capacity / n) * (factor - 1.0) / _LN10
    return float(out) if out.ndim == 0 else out


def norton_simon_dose_for_log_kill(log_kill, n: float = INITIAL_CELLS, capacity: float = CAPACITY,
                                   rate: float = GROWTH_RATE, exposure: float = EXPOSURE_DAYS):
    """The Norton–Simon dose k whose first dose kills ``log_kill`` logs of a tumour of N cells.

    Inverts :func:`norton_simon_log_kill`: D = 1 + L ln10 / ln(K/N), k = 1 + ln D / (r τ). It lets a
    Norton–Simon schedule and a log-kill schedule start with the same kill at the same size, so that
    the two differ only in how the kill changes as the tumour shrinks.
    """
    log_kill = inputs.array("log kill", log_kill, minimum=0)
    n = inputs.positive("cells", n)
    capacity = inputs.positive("capacity", capacity)
    if n >= capacity:
        raise ValueError("cells must be below the capacity")
    rate = inputs.positive("growth rate", rate)
    exposure = inputs.positive("exposure", exposure)
    factor = 1.0 + log_kill * _LN10 / np.log(capacity / n)
    out = 1.0 + np.log(factor) / (rate * exposure)
    return float(out) if out.ndim == 0 else out


# -- the schedule simulator -------------------------------------------------------------------

@dataclass(frozen=True)
class ScheduleResult:
    """A simulated schedule. ``cells`` is N(t) on ``t``; 0 after eradication."""

    t: np.ndarray
    cells: np.ndarray
    dose_times: np.ndarray
    model: str
    growth: str
    outcome: str
    nadir: float                     #: fewest expected cells (exact, not read off the grid)
    nadir_time: float
    end_of_treatment: float          #: time of the last dose (log-kill) or end of the last exposure
    cells_at_end: float              #: cells at end_of_treatment
    eradication_time: float          #: when N fell below one cell (nan if it never did)
    regrowth_time: float             #: from end of treatment back to detection (nan unless "regrowth")
    parameters: dict = field(default_factory=dict)

    @property
    def log10_cells(self) -> np.ndarray:
        """log10 N(t); −inf after eradication."""
        with np.errstate(divide="ignore"):
            return np.log10(self.cells)


def simulate_schedule(dose: float, interval: float, n_cycles: int = 6, *, model: str = "norton-simon",
                      n0: float = INITIAL_CELLS, capacity: float = CAPACITY, rate: float = GROWTH_RATE,
                      exposure: float = EXPOSURE_DAYS, growth: str = "gompertz", exp_rate: float | None = None,
                      t_end: float | None = None, n_points: int = 361,
                      detection: float = DETECTION_CELLS) -> ScheduleResult:
    """Simulate ``n_cycles`` doses every ``interval`` days, the first at t = 0.

    ``dose`` means k (kill rate over growth rate while the drug acts) for ``model="norton-simon"``
    and log10 cells killed per dose for ``model="log-kill"``; ``model="none"`` ignores it.
    ``growth`` ("gompertz" or "exponential") applies to the log-kill model only; the exponential
    rate defaults to the Gompertz per-cell rate at N0, r ln(K/N0), so both start alike.
    The grid runs from 0 to ``t_end`` (default: end of treatment plus two intervals).
    """
    model = _choice("model", model, MODELS)
    growth = _choice("growth", growth, GROWTHS)
    dose = inputs.bounded("dose", dose, 0.0, np.inf)
    interval = inputs.positive("interval", interval)
    n_cycles = _count("number of cycles", n_cycles)
    n0 = inputs.positive("initial cells", n0)
    capacity = inputs.positive("capacity", capacity)
    rate = inputs.positive("growth rate", rate)
    exposure = inputs.positive("exposure", exposure)
    detection = inputs.positive("detection threshold", detection)
    n_points = _count("number of points", n_points, minimum=2)
    _below_capacity(n0, capacity)
    if n0 < 1.0:
        raise ValueError(f"initial cells must be at least one cell, got {n0:g}")
    if detection >= capacity:
        raise ValueError("detection threshold must be below the capacity")
    if model == "norton-simon" and n_cycles > 1 and interval < exposure:
        raise ValueError(f"interval ({interval:g}) must be at least the exposure ({exposure:g}): "
                         "overlapping exposures are not modelled")
    if model == "norton-simon" and growth != "gompertz":
        raise ValueError("the Norton–Simon model is defined on Gompertz growth only (growth='gompertz')")
    if exp_rate is None:
        exp_rate = rate * np.log(capacity / n0)
    exp_rate = inputs.positive("exponential rate", exp_rate)

    doses = interval * np.arange(n_cycles, dtype=float)
    if model == "norton-simon":
        end = float(doses[-1] + exposure)
    else:
        end = float(doses[-1])
    if t_end is None:
        t_end = end + 2.0 * interval
    t_end = inputs.positive("end time", t_end)
    t = np.linspace(0.0, t_end, n_points)

    log_one = -np.log(capacity)  # y = ln(N/K) at one cell
    y0 = np.log(n0 / capacity)
    exponential = growth == "exponential"

    if model == "norton-simon":
        def y_at(times):
            times = np.asarray(times, dtype=float)
            on = np.clip(times[..., None] - doses, 0.0, exposure).sum(axis=-1)
            return y0 * np.exp(-rate * times + dose * rate * on)

        candidates = np.concatenate([[0.0], doses + exposure])
        y_cand = y_at(candidates)
        state = y_at(t)
        cells = capacity * np.exp(state)
        crossed = np.flatnonzero(y_cand < log_one)
        if crossed.size and dose > 1.0:
            i = crossed[0] - 1          # the exposure window in which N crossed one cell
            start = doses[i]
            y_start = float(y_at(start))
            erad = start + np.log(log_one / y_start) / ((dose - 1.0) * rate) if y_start > log_one else start
        else:
            erad = np.nan
        cand_cells = capacity * np.exp(y_cand)
    else:
        kill = dose * _LN10 if model == "log-kill" else 0.0
        # state just after each dose: z = ln N (exponential) or y = ln(N/K) (Gompertz)
        post = np.empty(n_cycles)
        z = np.log(n0) if exponential else y0
        last = 0.0
        for i, ti in enumerate(doses):
            dt = ti - last
            z = (z + exp_rate * dt) if exponential else z * np.exp(-rate * dt)
            z -= kill
            post[i] = z
            last = ti
        idx = np.searchsorted(doses, t, side="right") - 1  # last dose at or before t
        dt = t - doses[np.maximum(idx, 0)]
        base = post[np.maximum(idx, 0)]
        if exponential:
            cells = np.exp(np.where(idx >= 0, base + exp_rate * dt, np.log(n0) + exp_rate * t))
            cand_cells = np.concatenate([[n0], np.exp(post)])
        else:
            cells = capacity * np.exp(np.where(idx >= 0, base * np.exp(-rate * dt), y0 * np.exp(-rate * t)))
            cand_cells = np.concatenate([[n0], capacity * np.exp(post)])
        candidates = np.concatenate([[0.0], doses])
        below = np.flatnonzero(cand_cells < 1.0)
        erad = float(candidates[below[0]]) if below.size else np.nan

    nadir_index = int(np.argmin(cand_cells))
    nadir = float(cand_cells[nadir_index])
    nadir_time = float(candidates[nadir_index])
    if model == "norton-simon":
        cells_end = float(capacity * np.exp(y_at(end)))
    else:
        cells_end = float(cand_cells[-1])

    if np.isfinite(erad):
        outcome = "eradicated"
        cells = np.where(t >= erad, 0.0, cells)
        cells_end = 0.0 if end >= erad else cells_end
        regrowth = np.nan
    elif cells_end < detection:
        outcome = "regrowth"
        if exponential:
            regrowth = float(np.log(detection / cells_end) / exp_rate)
        else:
            regrowth = float(np.log(np.log(cells_end / capacity) / np.log(detection / capacity)) / rate)
    else:
        outcome = "uncontrolled"
        regrowth = np.nan

    params = {"dose": dose, "interval": interval, "n_cycles": n_cycles, "n0": n0, "capacity": capacity,
              "rate": rate, "exposure": exposure, "exp_rate": exp_rate, "detection": detection}
    return ScheduleResult(t=t, cells=cells, dose_times=doses, model=model, growth=growth,
                          outcome=outcome, nadir=nadir, nadir_time=nadir_time, end_of_treatment=end,
                          cells_at_end=cells_end, eradication_time=float(erad), regrowth_time=regrowth,
                          parameters=params)


def chemo_explorer_model(dose: float = PARAMETERS["norton_simon_dose"]["value"], interval: float = 21.0,
                         n_cycles: int = 6, model: str = "norton-simon", growth: str = "gompertz",
                         t_end: float = 365.0, n_points: int = 366) -> dict:
    """Explorer model: one schedule and the untreated tumour on a common year-long grid.

    Returns the grid, log10 cells treated and untreated, the outcome and the key numbers, ready
    for a figure that updates in place. Defaults are ILLUSTRATIVE (see :data:`PARAMETERS`).
    """
    result = simulate_schedule(dose, interval, n_cycles, model=model, growth=growth, t_end=t_end,
                               n_points=n_points)
    untreated = gompertz(result.t)
    return {
        "t": result.t,
        "log10_cells": result.log10_cells,
        "log10_untreated": np.log10(untreated),
        "dose_times": result.dose_times,
        "outcome": result.outcome,
        "nadir": result.nadir,
        "cells_at_end": result.cells_at_end,
        "end_of_treatment": result.end_of_treatment,
        "regrowth_time": result.regrowth_time,
        "eradication_time": result.eradication_time,
        "log10_detection": float(np.log10(DETECTION_CELLS)),
    }
