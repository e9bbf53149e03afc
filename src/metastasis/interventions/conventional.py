"""The code of ``book/interventions/conventional.md``: surgery, chemotherapy and radiotherapy.

Figures and an explorer over two models of :mod:`metastasis.models`:

- :mod:`~metastasis.models.tumour_growth` (Gompertz growth, Skipper's log-kill, Norton–Simon):
  :func:`plot_gompertz_history` (how long a tumour spends below detection),
  :func:`plot_kill_per_dose` (kill and regrowth per cycle against tumour size) and the
  :func:`schedule_explorer` (dose × interval × kill law);
- :mod:`~metastasis.models.radiation` (linear-quadratic survival, BED):
  :func:`plot_fractionation` (late-tissue dose at equal tumour effect) and :func:`schedule_bed_table`.

Every number the models use by default is ILLUSTRATIVE except the ~10 Gy per fraction up to
which Brenner 2008 calls the LQ model reasonably validated; :func:`parameter_table` lists them
with their status, so the page can say so in one table.

The oligometastatic trial SABR-COMET (Palma et al. 2019, ``palma2019stereotactic``; abstract
read) is held in :data:`SABR_COMET` for the page and its exercise.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from .. import style
from ..explorer import Control, Explorer, animate
from ..models import radiation, tumour_growth as tg
from ..page_figure import page_figure

__all__ = [
    "SABR_COMET",
    "DETECTION_CELLS",
    "parameter_table",
    "plot_gompertz_history",
    "plot_kill_per_dose",
    "plot_fractionation",
    "schedule_bed_table",
    "KILL_LAWS",
    "FIRST_KILLS",
    "INTERVALS",
    "N_CYCLES",
    "schedule_model",
    "schedule_explorer",
    "format_cells",
    "gompertz_history_figure",
    "kill_per_dose_figure",
    "fractionation_figure",
]

#: SABR-COMET (NCT01446744), 1–5 metastases, randomised 1:2 (palma2019stereotactic, abstract
#: [checked in this work]; the 5-year figures from palma2020stereotactic, abstract [checked]).
SABR_COMET: dict = {
    "patients": 99,
    "control_n": 33,
    "sabr_n": 66,
    "median_os_months": {"standard of care": 28.0, "standard of care + SABR": 41.0},
    "hazard_ratio": 0.57,
    "hr_interval": (0.30, 1.10),
    "p_value": 0.09,
    "alpha": 0.20,
    "median_pfs_months": {"standard of care": 6.0, "standard of care + SABR": 12.0},
    "treatment_related_deaths_sabr": 3,
    "five_year_os": {"standard of care": 0.177, "standard of care + SABR": 0.423},
}

DETECTION_CELLS = tg.DETECTION_CELLS


# -- the parameters and their status ----------------------------------------------------------

def parameter_table() -> pd.DataFrame:
    """Every default number of the two models: value, unit, status and source (or none)."""
    rows = []
    for model, table in (("tumour growth", tg.PARAMETERS), ("radiation (LQ)", radiation.PARAMETERS)):
        for name, entry in table.items():
            rows.append({
                "model": model,
                "parameter": name.replace("_", " "),
                "value": f"{entry['value']:g}",
                "unit": entry["unit"],
                "status": entry["status"],
                "source": entry["source"] or "—",
                "note": entry["note"],
            })
    return pd.DataFrame(rows)


def format_cells(n: float) -> str:
    """Cells as a reader writes them: '0', '94', '3.9 × 10⁵'."""
    if not np.isfinite(n) or n < 0:
        raise ValueError(f"cells must be a finite number >= 0, got {n!r}")
    if n < 1:
        return f"{n:.2g}" if n > 0 else "0"
    if n < 1_000:
        return f"{n:.0f}"
    exponent = int(np.floor(np.log10(n)))
    mantissa = n / 10.0**exponent
    if round(mantissa, 1) >= 10:
        mantissa, exponent = mantissa / 10, exponent + 1
    return f"{mantissa:.1f} × {style.power_label(exponent)}"


# -- Gompertz growth ----------------------------------------------------------------------------

def plot_gompertz_history(ax, n0: float = 1.0) -> dict:
    """Untreated Gompertz growth from ``n0`` cells, with the detection threshold; returns the times.

    The returned dict gives the days spent below detection and the days from detection to 10¹¹
    cells (both illustrative: they follow from the module's default r and K).
    """
    below = tg.time_to_reach(DETECTION_CELLS, n0=n0)
    to_large = tg.time_to_reach(1e11, n0=n0)
    t = np.linspace(0.0, to_large * 1.15, 400)
    cells = tg.gompertz(t, n0=n0)
    ax.plot(t, np.log10(cells), color=style.colour("blue"), lw=2.4, label="untreated tumour (Gompertz)")
    ax.axhline(np.log10(DETECTION_CELLS), color="0.35", ls=":", lw=1.5)
    ax.text(t[-1], np.log10(DETECTION_CELLS) + 0.25, "detectable (~10⁹ cells, ~1 cm³)", ha="right", fontsize=10.5)
    ax.axhline(np.log10(tg.CAPACITY), color="0.55", ls="--", lw=1.2)
    ax.text(t[-1], np.log10(tg.CAPACITY) - 0.7, "plateau K = 10¹²", ha="right", fontsize=10.5, color="0.3")
    ax.axvspan(0, below, color=style.colour("sky_blue"), alpha=0.18, lw=0)
    ax.text(below / 2, 1.2, f"invisible:\n{below:.0f} days", ha="center", fontsize=10.5)
    ax.text(below + (to_large - below) / 2, 1.2, f"detectable to 10¹¹:\n{to_large - below:.0f} days",
            ha="center", fontsize=10.5)
    ax.set_xlim(0, t[-1])
    ax.set_ylim(0, 12.6)
    ax.set_yticks(range(0, 13, 2), [style.power_label(e) for e in range(0, 13, 2)])
    ax.set_xlabel("days since the first cancer cell (illustrative parameters)")
    ax.set_ylabel("cells in the tumour")
    return {"days_below_detection": float(below), "days_detection_to_1e11": float(to_large - below)}


# -- kill per dose: Norton–Simon vs log-kill ----------------------------------------------------

def kill_and_regrowth(log10_n, first_kill: float = 1.0, interval: float = 21.0) -> dict:
    """Logs killed by one dose, and logs regained over one interval, at tumour sizes 10^x.

    The Norton–Simon dose is chosen to kill ``first_kill`` logs at 10¹⁰ cells
    (:func:`~metastasis.models.tumour_growth.norton_simon_dose_for_log_kill`); the log-kill dose
    kills ``first_kill`` logs at every size. Regrowth is untreated Gompertz growth over the interval.
    """
    log10_n = np.asarray(log10_n, dtype=float)
    if np.any(log10_n < 0) or np.any(log10_n >= np.log10(tg.CAPACITY)):
        raise ValueError("tumour sizes must lie between 1 cell and the plateau (10⁰ to 10¹²)")
    interval = float(interval)
    if not interval > 0:
        raise ValueError(f"interval must be positive, got {interval}")
    n = 10.0**log10_n
    k = tg.norton_simon_dose_for_log_kill(first_kill)
    ns_kill = tg.norton_simon_log_kill(n, k)
    y = np.log(n / tg.CAPACITY)  # Gompertz: y shrinks towards 0 by a factor e^(−r·interval)
    regrowth = -y * (1.0 - np.exp(-tg.GROWTH_RATE * interval)) / np.log(10.0)
    return {"norton_simon": ns_kill, "log_kill": np.full_like(n, float(first_kill)), "regrowth": regrowth,
            "dose_k": float(k)}


def plot_kill_per_dose(ax, first_kill: float = 1.0, interval: float = 21.0) -> dict:
    """Kill per dose (both laws) and regrowth per interval against tumour size."""
    x = np.linspace(0.0, 11.5, 200)
    data = kill_and_regrowth(x, first_kill, interval)
    ax.plot(x, data["norton_simon"], color=style.colour("vermillion"), lw=2.4, label="kill per dose: Norton–Simon")
    ax.plot(x, data["log_kill"], color=style.colour("blue"), lw=2.4, ls="--", label="kill per dose: log-kill")
    ax.plot(x, data["regrowth"], color="0.3", lw=1.8, ls=":", label=f"regrowth over {interval:g} days")
    ax.axvline(10, color="0.7", lw=1)
    ax.text(9.9, 1.5, "first dose", fontsize=10.5, color="0.3", rotation=90, ha="right", va="bottom")
    ax.set_xlim(0, 11.5)
    ax.set_ylim(0, max(data["norton_simon"].max(), data["regrowth"].max()) * 1.08)
    ax.set_xticks(range(0, 12, 2), [style.power_label(e) for e in range(0, 12, 2)])
    ax.set_xlabel("cells in the tumour when the dose is given")
    ax.set_ylabel("logs (factors of 10)")
    ax.legend(loc="upper right", fontsize=10.5)
    return data


# -- radiation: fractionation at equal tumour effect --------------------------------------------

def schedule_bed_table(schedules=((30, 2.0), (20, 3.0), (5, 5.0), (3, 8.0), (1, 20.0))) -> pd.DataFrame:
    """BED and EQD2 of some schedules for tumour (α/β = 10 Gy) and late tissue (α/β = 3 Gy)."""
    rows = []
    for n, d in schedules:
        rows.append({
            "schedule": f"{n} × {d:g} Gy",
            "total dose (Gy)": n * d,
            "BED, tumour (Gy₁₀)": round(radiation.bed(d, n, radiation.ALPHA_BETA_TUMOUR_GY), 1),
            "BED, late tissue (Gy₃)": round(radiation.bed(d, n, radiation.ALPHA_BETA_LATE_GY), 1),
            "EQD2, tumour (Gy)": round(radiation.eqd2(d, n, radiation.ALPHA_BETA_TUMOUR_GY), 1),
            "EQD2, late tissue (Gy)": round(radiation.eqd2(d, n, radiation.ALPHA_BETA_LATE_GY), 1),
            "beyond ~10 Gy per fraction": "yes" if d > radiation.VALIDATED_DOSE_PER_FRACTION_GY else "",
        })
    return pd.DataFrame(rows).set_index("schedule")


def plot_fractionation(ax, target_bed: float = 72.0, max_fractions: int = 40) -> dict:
    """Late-tissue BED of schedules that all give the tumour the same BED (30 × 2 Gy by default)."""
    n = np.arange(1, max_fractions + 1)
    d = radiation.isoeffective_dose_per_fraction(target_bed, n, radiation.ALPHA_BETA_TUMOUR_GY)
    late = radiation.bed(d, n, radiation.ALPHA_BETA_LATE_GY)
    beyond = d > radiation.VALIDATED_DOSE_PER_FRACTION_GY
    ax.plot(n[~beyond], late[~beyond], color=style.colour("blue"), lw=2.4, marker="o", ms=4,
            label="dose per fraction ≤ 10 Gy")
    ax.plot(n[beyond], late[beyond], color=style.colour("vermillion"), lw=0, marker="^", ms=7,
            label="above 10 Gy per fraction (LQ less certain)")
    for count in (1, 3, 5, 15, 30):
        i = count - 1
        ax.annotate(f"{count} × {d[i]:.1f} Gy", (n[i], late[i]), textcoords="offset points",
                    xytext=(6, 6), fontsize=10.5)
    ax.set_xlabel("number of fractions (all schedules: tumour BED = %g Gy₁₀)" % target_bed)
    ax.set_ylabel("late-tissue BED (Gy₃)")
    ax.set_xlim(0, max_fractions + 2)
    ax.set_ylim(80, late.max() * 1.1)
    ax.legend(loc="upper right", fontsize=10.5)
    return {"fractions": n, "dose_per_fraction": d, "late_bed": late}


# -- the schedule explorer ----------------------------------------------------------------------

#: The two kill laws the explorer compares (labels as the reader sees them → model names).
KILL_LAWS = {"Norton–Simon": "norton-simon", "log-kill (Skipper)": "log-kill"}
#: Log kill of the first dose, given to a 10¹⁰-cell tumour (the same under both laws).
FIRST_KILLS = (0.5, 1.0, 1.5)
#: Days between doses.
INTERVALS = (14.0, 21.0, 28.0)
#: Doses per schedule.
N_CYCLES = 6
_T_END = 365.0
_N_POINTS = 366


@lru_cache(maxsize=64)
def _schedule(law: str, first_kill: float, interval: float) -> dict:
    model = KILL_LAWS[law]
    dose = tg.norton_simon_dose_for_log_kill(first_kill) if model == "norton-simon" else first_kill
    data = tg.chemo_explorer_model(dose=dose, interval=interval, n_cycles=N_CYCLES, model=model,
                                   growth="gompertz", t_end=_T_END, n_points=_N_POINTS)
    y = np.where(np.isfinite(data["log10_cells"]), data["log10_cells"], np.nan)
    gone = np.flatnonzero(np.isnan(y))
    if gone.size:  # draw the fall to the one-cell line at the grid point of eradication
        y[gone[0]] = 0.0
    data = dict(data, log10_plot=y, dose=float(dose))
    return data


def schedule_model(law: str = "Norton–Simon", first_kill: float = 1.0, interval: float = 21.0) -> dict:
    """The explorer's model: one six-dose schedule under a kill law, on a year-long grid."""
    if law not in KILL_LAWS:
        raise ValueError(f"law must be one of {list(KILL_LAWS)}; got {law!r}")
    first_kill = float(first_kill)
    interval = float(interval)
    if first_kill < 0:
        raise ValueError(f"first kill cannot be negative, got {first_kill}")
    if interval <= 0:
        raise ValueError(f"interval must be positive, got {interval}")
    return _schedule(law, first_kill, interval)


def _outcome_text(data: dict) -> str:
    if data["outcome"] == "eradicated":
        return f"eradicated on day {data['eradication_time']:.0f}\n(fewer than one cell expected)"
    nadir = f"lowest point {format_cells(data['nadir'])} cells"
    if data["outcome"] == "regrowth":
        back = data["end_of_treatment"] + data["regrowth_time"]
        when = f"day {back:.0f}" if back <= _T_END else f"day {back:.0f} (after this year)"
        return f"regrowth: detectable again\non {when}\n{nadir}"
    return f"never below detection\n{nadir}"


def schedule_explorer() -> Explorer:
    """Does a six-dose schedule control a 10¹⁰-cell tumour, or does it grow back?"""
    untreated = np.log10(tg.gompertz(np.linspace(0.0, _T_END, _N_POINTS)))
    t = np.linspace(0.0, _T_END, _N_POINTS)

    def setup(fig, ax):
        ax.plot(t, untreated, color="0.5", ls="--", lw=1.6, label="untreated")
        ax.axhline(np.log10(DETECTION_CELLS), color="0.35", ls=":", lw=1.4)
        ax.text(_T_END - 4, np.log10(DETECTION_CELLS) + 0.2, "detectable", ha="right", fontsize=10.5, color="0.25")
        ax.axhline(0.0, color="0.35", ls="-.", lw=1.0)
        ax.text(_T_END - 4, 0.2, "one cell", ha="right", fontsize=10.5, color="0.25")
        (line,) = ax.plot(t, untreated * np.nan, color=style.colour("vermillion"), lw=2.6, label="treated", zorder=3)
        doses = ax.scatter([], [], marker="v", s=55, color=style.colour("blue"), edgecolor="black", linewidth=0.6,
                           zorder=4, label="dose")
        (cross,) = ax.plot([], [], marker="X", ms=13, color="black", ls="none", zorder=5)
        readout = ax.text(0.98, 0.05, "", transform=ax.transAxes, ha="right", va="bottom", fontsize=11,
                          bbox=dict(boxstyle="round", facecolor="white", edgecolor="0.7"), zorder=6)
        ax.set_xlim(0, _T_END)
        ax.set_ylim(-0.8, 12.6)
        ax.set_yticks(range(0, 13, 2), [style.power_label(e) for e in range(0, 13, 2)])
        ax.set_xlabel("days from the first dose")
        ax.set_ylabel("cells in the tumour")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=3, fontsize=10.5, handlelength=1.6,
                  columnspacing=1.2)
        animate(line, doses, cross, readout)
        fig.tight_layout()

        def update(data, params):
            line.set_ydata(data["log10_plot"])
            doses.set_offsets(np.column_stack([data["dose_times"], np.full(len(data["dose_times"]), 12.25)]))
            if data["outcome"] == "eradicated":
                cross.set_data([data["eradication_time"]], [0.0])
            else:
                cross.set_data([], [])
            readout.set_text(f"{params['law']}, {params['first_kill']:g} log first kill,\n"
                             f"every {params['interval']:g} days: " + _outcome_text(data))

        return update

    def alt(params, data):
        what = {
            "eradicated": f"falls below one expected cell on day {data['eradication_time']:.0f}: the model calls it eradicated",
            "regrowth": (f"falls to a lowest point of {format_cells(data['nadir'])} cells and then grows back, becoming "
                         f"detectable again about {data['regrowth_time']:.0f} days after the last dose"),
            "uncontrolled": f"never falls below the detection line; its lowest point is {format_cells(data['nadir'])} cells",
        }[data["outcome"]]
        return (f"Line chart of tumour cells (log scale, 1 to 10¹² cells) over a year. A dashed grey curve is the "
                f"untreated tumour, rising from 10¹⁰ towards its plateau. The treated tumour, under the "
                f"{params['law']} kill law with six doses {params['interval']:g} days apart and a first dose that "
                f"kills {params['first_kill']:g} log, {what}.")

    return Explorer(
        name="chemo-schedule",
        controls=[
            Control("law", "kill law", list(KILL_LAWS), initial="Norton–Simon"),
            Control("first_kill", "log kill of the first dose (at 10¹⁰ cells)", FIRST_KILLS, initial=1.0,
                    fmt="{:g} log"),
            Control("interval", "days between doses", INTERVALS, initial=21.0, fmt="{:g} days"),
        ],
        model=schedule_model,
        setup=setup,
        alt=alt,
        caption="Six doses given to a 10¹⁰-cell tumour growing along a Gompertz curve. Both kill laws start with "
        "the same kill at the first dose; under Norton–Simon the kill grows as the tumour shrinks. All "
        "parameters are illustrative, not fitted to any tumour.",
        figsize=(6.2, 4.6),
    )


# -- the page's figures, sized for a phone column (style.check_phone_legible) ----------------


def gompertz_history_figure():
    """The page's figure of :func:`plot_gompertz_history` and the values it draws: ``(fig, values)``."""
    return page_figure(plot_gompertz_history, height=4.0)


def kill_per_dose_figure(first_kill: float = 1.0, interval: float = 21.0):
    """The page's figure of :func:`plot_kill_per_dose` and the values it draws: ``(fig, values)``."""
    return page_figure(plot_kill_per_dose, first_kill=first_kill, interval=interval, height=4.0)


def fractionation_figure():
    """The page's figure of :func:`plot_fractionation` and the values it draws: ``(fig, values)``."""
    return page_figure(plot_fractionation, height=4.0)
