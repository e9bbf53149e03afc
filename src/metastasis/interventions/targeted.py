"""The code of ``book/interventions/targeted.md``: targeted therapy and the survival-curve lab.

Two kinds of material:

- the evidence behind § 3.2 of the metastasis review, from the ``interventions`` dataset
  (:func:`section_rows`, :func:`plot_evidence_map`, :func:`errata_of`);
- the survival-curve lab over :mod:`metastasis.models.survival`: the ratio of medians against the
  reported hazard ratio (:func:`implied_table`), a cure-fraction fit that breaks proportional
  hazards (:func:`plot_combi_fit`), a transient treatment effect shaped after NSABP C-08
  (:func:`plot_transient_trial`), and the explorer :func:`survival_lab_explorer`, which draws each
  trial's exponential or cure-fraction curves from its reported medians together with a seeded
  synthetic trial of the same size, analysed with scipy's Kaplan–Meier estimator and log-rank test.

Only [checked] trial numbers are used: the survival module refuses the others. The C-08 landmark
hazard ratios are held in :data:`C08` (Allegra et al. 2011, ``allegra2011phase``, abstract read);
its control arm is made exponential with the reported 3-year DFS, an ILLUSTRATIVE simplification.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd

from .. import style
from ..explorer import Control, Explorer, animate
from ..models import survival as sv
from ..page_figure import page_figure

__all__ = [
    "SUBSECTIONS",
    "PHASES",
    "section_rows",
    "errata_of",
    "plot_evidence_map",
    "implied_table",
    "plot_combi_fit",
    "C08",
    "c08_control_median",
    "plot_transient_trial",
    "LAB_TRIALS",
    "PLATEAUS",
    "SEED",
    "T_MAX",
    "lab_model",
    "survival_lab_explorer",
    "evidence_map_figure",
    "combi_fit_figure",
    "transient_trial_figure",
]

#: The subsections of § 3.2 of the metastasis review, as the dataset's source_location writes them.
SUBSECTIONS = {
    "§ 3.2.1 Targeting EMT and cell motility": "EMT and motility",
    "§ 3.2.2 Targeting CAFs": "CAFs and TGF-β",
    "§ 3.2.3 Targeting angiogenesis": "angiogenesis",
}
#: Evidence levels from weakest to strongest, then "not stated" for rows without a phase.
PHASES = ("preclinical", "phase I", "phase II", "phase III", "clinical practice", "not stated")
_MARKERS = {"targeted-therapy": ("o", "blue"), "combination": ("s", "orange"), "immunotherapy": ("D", "bluish_green")}
_ERRATUM = re.compile(r"MET-\d\d")


# -- § 3.2 as data ------------------------------------------------------------------------------

def _require(frame: pd.DataFrame) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"expected the interventions DataFrame, got {type(frame).__name__}")
    missing = [c for c in ("outcome_id", "source_location", "phase", "arm", "intervention_class")
               if c not in frame.columns]
    if missing:
        raise KeyError(f"the table lacks column(s) {', '.join(missing)}: is it interventions?")


def section_rows(interventions: pd.DataFrame) -> pd.DataFrame:
    """The review's own rows for § 3.2 (source liu2021metastasis), with a subsection label."""
    _require(interventions)
    rows = interventions[interventions["source_location"].isin(SUBSECTIONS)
                         & (interventions["source"] == "liu2021metastasis")].copy()
    rows["subsection"] = rows["source_location"].map(SUBSECTIONS)
    rows["phase_shown"] = rows["phase"].astype("string").fillna("not stated")
    return rows.reset_index(drop=True)


def errata_of(row: pd.Series) -> list[str]:
    """The MET-nn errata a row's curation note points to, in order."""
    note = row.get("curation_note")
    if note is None or pd.isna(note):
        return []
    return list(dict.fromkeys(_ERRATUM.findall(str(note))))


def _label(row: pd.Series, width: int = 22) -> str:
    agents = row["agents"] if isinstance(row.get("agents"), str) and row["agents"] else row["arm"]
    text = str(agents).replace("; ", ", ")
    if len(text) > width:
        text = text[: width - 1].rstrip(", ") + "…"
    return text


def plot_evidence_map(ax, interventions: pd.DataFrame) -> pd.DataFrame:
    """Each § 3.2 claim by the evidence level of its cited study, with the errata that touch it."""
    rows = section_rows(interventions)
    order = {s: i for i, s in enumerate(SUBSECTIONS.values())}
    rows = rows.assign(_s=rows["subsection"].map(order)).sort_values(["_s", "outcome_id"]).reset_index(drop=True)
    unknown = set(rows["phase_shown"]) - set(PHASES)
    if unknown:
        raise ValueError(f"unknown phase(s) {sorted(unknown)}; expected one of {PHASES}")
    n = len(rows)
    seen = set()
    for i, row in rows.iterrows():
        y = n - 1 - i
        x = PHASES.index(row["phase_shown"])
        marker, colour = _MARKERS.get(str(row["intervention_class"]), ("^", "reddish_purple"))
        label = str(row["intervention_class"])
        ax.plot([-0.3, x], [y, y], color="0.85", lw=1, zorder=1)
        ax.scatter([x], [y], marker=marker, s=90, color=style.colour(colour), edgecolor="black", linewidth=0.7,
                   zorder=3, label=None if label in seen else label)
        seen.add(label)
        errata = errata_of(row)
        if errata:
            ax.text(x + 0.18, y, ", ".join(e.replace("MET-", "") for e in errata), va="center", fontsize=10.5,
                    color=style.colour("vermillion"))
    ax.set_yticks(range(n - 1, -1, -1), [f"{r['outcome_id']} {_label(r)}" for _, r in rows.iterrows()], fontsize=10.5)
    ax.set_xticks(range(len(PHASES)), ["pre-\nclinical", "phase\nI", "phase\nII", "phase\nIII", "clinical\npractice",
                                       "not\nstated"], fontsize=10.5)
    ax.set_xlim(-0.3, len(PHASES) - 0.2)
    ax.set_ylim(-0.7, n - 0.3)
    ax.grid(axis="y", visible=False)
    ax.tick_params(axis="y", length=0)
    bounds = rows.groupby("_s").size().cumsum().tolist()[:-1]
    for b in bounds:
        ax.axhline(n - b - 0.5, color="0.5", lw=0.8, ls="--")
    # below the whole figure: call fig.tight_layout(rect=(0, 0.05, 1, 1)) to leave it room
    ax.figure.legend(*ax.get_legend_handles_labels(), loc="lower center", ncol=3, fontsize=10.5, frameon=False)
    return rows


# -- the lab: medians against hazard ratios ------------------------------------------------------

def implied_table() -> pd.DataFrame:
    """For every [checked] trial with a reported HR: medians, the median ratio and the reported HR."""
    rows = []
    for row in sv.implied_vs_reported():
        trial = sv.get_trial(row["key"])
        interval = f"{trial.hr_interval[0]:g}–{trial.hr_interval[1]:g}" if trial.hr_interval else "—"
        rows.append({
            "trial": trial.name.split(":")[0] if ":" in trial.name else trial.name,
            "median OS, treatment (months)": trial.treatment.median_os,
            "median OS, control (months)": trial.control.median_os,
            "median ratio (implied HR)": round(row["implied_hr"], 3),
            "reported HR": trial.hazard_ratio,
            "HR interval": interval,
            "implied / reported": round(row["implied_over_reported"], 2),
        })
    return pd.DataFrame(rows).set_index("trial")


def plot_combi_fit(ax_survival, ax_hazard, t_max: float = 84.0) -> dict:
    """COMBI-d's arms as cure-fraction curves through each median and 3-year OS, and their HR over time."""
    trial = sv.get_trial("combi-d")
    t = np.linspace(0.0, t_max, 337)
    styles = {trial.treatment.name: ("-", "vermillion"), trial.control.name: ("--", "blue")}
    fitted = {}
    for arm in (trial.treatment, trial.control):
        (t2, s2), = arm.landmarks
        pi, lam = sv.fit_cure_fraction(arm.median_os, 0.5, t2, s2)
        fitted[arm.name] = (pi, lam)
        ls, colour = styles[arm.name]
        ax_survival.plot(t, sv.cure_fraction_survival(t, pi, lam), ls=ls, color=style.colour(colour), lw=2.4,
                         label=f"{arm.name}: plateau {pi:.0%}")
        ax_survival.plot(t, sv.exponential_survival(t, arm.median_os), ls=":", color=style.colour(colour), lw=1.5)
        ax_survival.plot([arm.median_os, t2], [0.5, s2], ls="none", marker="o", ms=8, color=style.colour(colour),
                         mec="black")
    ax_survival.set_ylim(0, 1.02)
    ax_survival.set_xlim(0, t_max)
    ax_survival.set_ylabel("overall survival")
    ax_survival.legend(loc="upper right", fontsize=10.5)
    ax_survival.text(0.02, 0.05, "dotted: exponential curves with the same medians", transform=ax_survival.transAxes,
                     fontsize=10.5, color="0.3")
    hr = sv.hazard_ratio_over_time(t, fitted[trial.treatment.name], fitted[trial.control.name])
    ax_hazard.plot(t, hr, color="black", lw=2.2, label="hazard ratio of the fitted curves")
    ax_hazard.axhline(trial.hazard_ratio, color=style.colour("bluish_green"), ls="--", lw=1.6,
                      label=f"reported HR {trial.hazard_ratio:g}")
    ax_hazard.axhline(trial.implied_hazard_ratio, color="0.4", ls=":", lw=1.6,
                      label=f"median ratio {trial.implied_hazard_ratio:.2f}")
    ax_hazard.set_xlim(0, t_max)
    ax_hazard.set_ylim(0, 1.1)
    ax_hazard.set_xlabel("months from randomisation")
    ax_hazard.set_ylabel("hazard ratio")
    ax_hazard.legend(loc="lower left", fontsize=10.5)
    return {"fitted": fitted, "t": t, "hazard_ratio": hr}


# -- a transient effect: C-08 -------------------------------------------------------------------

#: NSABP C-08, adjuvant bevacizumab + mFOLFOX6 vs mFOLFOX6 in stage II–III colon cancer
#: (allegra2011phase, abstract read): 2,672 patients, median follow-up 35.6 months, DFS HR 0.89
#: (0.76–1.04), 3-year DFS 77.4 % vs 75.5 %, and the time-by-treatment interaction at 15 months.
C08: dict = {
    "patients": 2672,
    "median_follow_up_months": 35.6,
    "dfs_hr": 0.89,
    "dfs_hr_interval": (0.76, 1.04),
    "three_year_dfs": {"bevacizumab + mFOLFOX6": 0.774, "mFOLFOX6": 0.755},
    "landmark_months": 15.0,
    "hr_before_landmark": 0.61,
    "hr_before_interval": (0.48, 0.78),
    "hr_after_landmark": 1.22,
    "hr_after_interval": (0.98, 1.52),
}


def c08_control_median() -> float:
    """The median of an exponential control arm with C-08's 3-year DFS (75.5 %): an illustrative simplification."""
    s3 = C08["three_year_dfs"]["mFOLFOX6"]
    return float(36.0 * np.log(2.0) / -np.log(s3))


def plot_transient_trial(ax, seed: int = 8, n_per_arm: int = 1336) -> dict:
    """A synthetic trial shaped after C-08: HR 0.61 for 15 months, then 1.22; KM curves and log-rank p."""
    median = c08_control_median()
    trial = sv.simulate_two_phase_trial(n_per_arm, median, C08["hr_before_landmark"], C08["hr_after_landmark"],
                                        C08["landmark_months"], accrual=24.0, follow_up=24.0, seed=seed)
    for cohort, name, colour, ls in ((trial["treatment"], "treatment (effect stops at 15 months)", "vermillion", "-"),
                                     (trial["control"], "control", "blue", "--")):
        km = sv.kaplan_meier(cohort)
        ax.step(np.r_[0.0, km.time], np.r_[1.0, km.survival], where="post", color=style.colour(colour), ls=ls,
                lw=2.0, label=f"{name}")
    ax.axvline(C08["landmark_months"], color="0.4", ls=":", lw=1.4)
    ax.text(C08["landmark_months"] + 0.8, 0.995, "15-month landmark", fontsize=10.5, color="0.25", va="top")
    ax.set_xlim(0, 48)
    ax.set_ylim(0.55, 1.0)
    ax.set_xlabel("months from randomisation")
    ax.set_ylabel("disease-free survival")
    ax.legend(loc="lower left", fontsize=10.5, handlelength=1.5)
    ax.text(0.98, 0.04, f"log-rank p = {trial['pvalue']:.2f}\n{n_per_arm:,} per arm, seed {seed}",
            transform=ax.transAxes, ha="right", va="bottom", fontsize=10.5,
            bbox=dict(boxstyle="round", facecolor="white", edgecolor="0.8"))
    return trial


# -- the explorer ---------------------------------------------------------------------------------

#: The trials of the lab, by the label the reader sees: all [checked] in metastasis.models.survival.
LAB_TRIALS = {
    "galunisertib (TGF-β)": "melisi2018",
    "READY: dasatinib (Src)": "ready",
    "COMMAND: defactinib (FAK)": "command",
    "COMBI-d: BRAF + MEK": "combi-d",
    "CORE: cilengitide": "core",
}
#: Shared plateau (share of long-term survivors in both arms); 0 is the exponential model.
PLATEAUS = (0.0, 0.15, 0.3)
#: The seed of every synthetic trial in the lab.
SEED = 2024
#: Months shown for every trial (a fixed axis: the explorer redraws only what changes).
T_MAX = 80.0
_ACCRUAL = 24.0
_N_POINTS = 241


@lru_cache(maxsize=64)
def _lab(trial_label: str, plateau: float) -> dict:
    key = LAB_TRIALS[trial_label]
    trial = sv.get_trial(key)
    if plateau == 0.0:
        curves = sv.trial_explorer_model(key, "exponential", t_max=T_MAX, n_points=_N_POINTS)
    else:
        curves = sv.trial_explorer_model(key, "cure-fraction", plateau, t_max=T_MAX, n_points=_N_POINTS)
    t_max = float(curves["t"][-1])
    rng = np.random.default_rng(SEED)
    follow_up = t_max - _ACCRUAL
    cohorts, km = {}, {}
    for arm in (trial.treatment, trial.control):
        cohorts[arm.name] = sv.simulate_cohort(arm.n, arm.median_os, cure_fraction=plateau, accrual=_ACCRUAL,
                                               follow_up=follow_up, seed=rng)
        estimate = sv.kaplan_meier(cohorts[arm.name])
        km[arm.name] = (np.r_[0.0, estimate.time], np.r_[1.0, estimate.survival], estimate.median)
    test = sv.logrank(cohorts[trial.treatment.name], cohorts[trial.control.name])
    return {
        "t": curves["t"],
        "treatment": trial.treatment.name,
        "control": trial.control.name,
        "n_treatment": trial.treatment.n,
        "n_control": trial.control.n,
        "median_treatment": trial.treatment.median_os,
        "median_control": trial.control.median_os,
        "survival_treatment": curves["survival"][trial.treatment.name],
        "survival_control": curves["survival"][trial.control.name],
        "hazard_ratio_over_time": curves["hazard_ratio_over_time"],
        "median_ratio_hr": curves["median_ratio_hr"],
        "reported_hr": trial.hazard_ratio,
        "hr_interval": trial.hr_interval,
        "km_treatment": km[trial.treatment.name],
        "km_control": km[trial.control.name],
        "logrank_p": float(test.pvalue),
        "hr_at_end": float(curves["hazard_ratio_over_time"][-1]),
        "t_max": t_max,
        "trial_name": trial.name,
    }


def lab_model(trial: str = "galunisertib (TGF-β)", plateau: float = 0.0) -> dict:
    """The explorer's model: curves from a trial's medians, and a seeded synthetic trial of its size."""
    if trial not in LAB_TRIALS:
        raise ValueError(f"trial must be one of {list(LAB_TRIALS)}; got {trial!r}")
    plateau = float(plateau)
    if not 0.0 <= plateau < 0.5:
        raise ValueError(f"plateau must be a fraction in [0, 0.5), got {plateau}")
    return _lab(trial, plateau)


def _readout(data: dict, plateau: float) -> str:
    interval = f" ({data['hr_interval'][0]:g}–{data['hr_interval'][1]:g})" if data["hr_interval"] else ""
    start, end = data["hazard_ratio_over_time"][0], data["hr_at_end"]
    shape = f"constant {start:.2f}" if plateau == 0.0 else f"{start:.2f} → {end:.3g}"
    return (f"medians {data['median_treatment']:g} vs {data['median_control']:g} months\n"
            f"reported HR {data['reported_hr']:g}{interval}\n"
            f"median ratio {data['median_ratio_hr']:.2f}; model HR(t) {shape}\n"
            f"synthetic {data['n_treatment']} vs {data['n_control']}: log-rank p = {data['logrank_p']:.2g}")


def survival_lab_explorer() -> Explorer:
    """Which curves do a trial's medians imply, and when is one hazard ratio not enough?"""

    def setup(fig, ax):
        ax_hr = fig.add_axes([0.14, 0.08, 0.82, 0.2])
        ax.set_position([0.14, 0.39, 0.82, 0.50])
        blue, red = style.colour("blue"), style.colour("vermillion")
        (curve_t,) = ax.plot([], [], color=red, lw=2.6, label="treatment (model)", zorder=3)
        (curve_c,) = ax.plot([], [], color=blue, lw=2.6, ls="--", label="control (model)", zorder=3)
        (km_t,) = ax.step([], [], where="post", color=red, lw=1.1, label="synthetic trial (KM)", zorder=2.8)
        (km_c,) = ax.step([], [], where="post", color=blue, lw=1.1, zorder=2.8)
        ax.axhline(0.5, color="0.6", lw=0.9, ls=":")
        readout = ax.text(0.98, 0.97, "", transform=ax.transAxes, ha="right", va="top", fontsize=10.5,
                          bbox=dict(boxstyle="round", facecolor="white", edgecolor="0.7"), zorder=5)
        ax.set_ylim(0, 1.02)
        ax.set_xlim(0, T_MAX)
        ax_hr.set_xlim(0, T_MAX)
        ax.set_ylabel("overall survival")
        ax.legend(loc="lower center", bbox_to_anchor=(0.45, 1.0), ncol=3, fontsize=10.5, handlelength=1.6,
                  columnspacing=1.0)
        (hr_line,) = ax_hr.plot([], [], color="black", lw=2.2, zorder=3)
        (hr_reported,) = ax_hr.plot([], [], color=style.colour("bluish_green"), lw=1.6, ls="--", zorder=3)
        ax_hr.axhline(1.0, color="0.6", lw=0.9)
        ax_hr.set_yscale("log")
        ax_hr.set_ylim(0.25, 4.0)
        ticks = [0.25, 0.5, 1.0, 2.0, 4.0]
        ax_hr.set_yticks(ticks, [f"{v:g}" for v in ticks])
        ax_hr.minorticks_off()
        ax_hr.set_ylabel("HR(t)")
        ax_hr.set_xlabel("months from randomisation")
        ax_hr.text(0.02, 0.92, "solid: model hazard ratio over time; dashed: reported HR", transform=ax_hr.transAxes,
                   fontsize=10.5, va="top")
        animate(curve_t, curve_c, km_t, km_c, readout, hr_line, hr_reported)

        def update(data, params):
            t = data["t"]
            curve_t.set_data(t, data["survival_treatment"])
            curve_c.set_data(t, data["survival_control"])
            km_t.set_data(data["km_treatment"][0], data["km_treatment"][1])
            km_c.set_data(data["km_control"][0], data["km_control"][1])
            readout.set_text(_readout(data, params["plateau"]))
            hr_line.set_data(t, data["hazard_ratio_over_time"])
            hr_reported.set_data([0, T_MAX], [data["reported_hr"]] * 2)

        return update

    def alt(params, data):
        model = ("exponential curves (constant hazards)" if params["plateau"] == 0.0
                 else f"cure-fraction curves with {params['plateau']:.0%} long-term survivors in both arms")
        return (f"Two-panel chart for {data['trial_name']}. Top: overall survival over {data['t_max']:.0f} months, "
                f"{model}, each arm passing through its reported median ({data['median_treatment']:g} months with "
                f"treatment, {data['median_control']:g} without), with step-shaped Kaplan–Meier curves of a seeded "
                f"synthetic trial of {data['n_treatment']} and {data['n_control']} patients; its log-rank p is "
                f"{data['logrank_p']:.2g}. The ratio of medians implies a hazard ratio of {data['median_ratio_hr']:.2f} "
                f"against a reported {data['reported_hr']:g}. Bottom: the model's hazard ratio over time, on a log "
                f"scale, goes from {data['hazard_ratio_over_time'][0]:.2f} to {data['hr_at_end']:.2f}.")

    return Explorer(
        name="survival-lab",
        controls=[
            Control("trial", "trial", list(LAB_TRIALS), initial="galunisertib (TGF-β)"),
            Control("plateau", "long-term survivors in both arms (plateau)", PLATEAUS, initial=0.0, fmt="{:.0%}"),
        ],
        model=lab_model,
        setup=setup,
        alt=alt,
        caption="Curves drawn from each trial's reported median overall survival (solid: treatment, dashed: "
        "control), with Kaplan–Meier steps of a synthetic trial of the same size (seed 2024; scipy.stats.ecdf) "
        "and its log-rank p (scipy.stats.logrank). A plateau above 0 keeps the medians but makes the hazard "
        "ratio change with time. Trial numbers: [checked] abstracts only.",
        figsize=(6.2, 6.0),
    )


# -- the page's figures, sized for a phone column (style.check_phone_legible) ----------------


def evidence_map_figure(interventions: pd.DataFrame):
    """The page's figure of :func:`plot_evidence_map` and the rows it draws: ``(fig, rows)``."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.2, 7.0))
    rows = plot_evidence_map(ax, interventions)
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    return fig, rows


def combi_fit_figure():
    """The page's two stacked panels of :func:`plot_combi_fit` (survival above, hazard below) and the fit: ``(fig, fit)``."""
    import matplotlib.pyplot as plt

    fig, (ax_s, ax_h) = plt.subplots(2, 1, figsize=(6.2, 6.2), sharex=True, gridspec_kw={"height_ratios": [2, 1]})
    fit = plot_combi_fit(ax_s, ax_h)
    fig.tight_layout()
    return fig, fit


def transient_trial_figure():
    """The page's figure of :func:`plot_transient_trial` and the trial it draws: ``(fig, trial)``."""
    return page_figure(plot_transient_trial, height=4.2)
