"""The code of ``book/integrins/clinic.md``: trial selection helpers, the trial figures, and the
cilengitide dosing explorer (over the model :mod:`metastasis.models.dosing`).

Works on the ``integrin_trials`` dataset (load it with ``data.load("integrin_trials")``). Every
figure encodes a trial's result twice, by marker shape and by a text label, never by colour alone.

The CORE trial's three arms (Nabors et al. 2015, ``nabors2015two``) live in the dataset
``integrin_trial_arms`` with their provenance; :func:`core_arms` reads them, and the module
attributes ``CORE_MEDIAN_OS_MONTHS`` and ``CORE_HAZARD_RATIO`` are derived from that table when
first used (so the numbers exist in one place only). CENTRIC's survival figures are not entered
anywhere: they are unconfirmed.

The dosing explorer is context, not evidence: its IC50 ratios are unverified placeholders
(:data:`metastasis.models.dosing.UNVERIFIED_IC50_NM`), and how much of a dosing interval is
covered depends on a peak-to-IC50 ratio that no source read for this book gives for patients.
"""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd

from .. import style
from ..explorer import Control, Explorer, animate
from ..models import dosing
from ..page_figure import page_figure

__all__ = [
    "PHASE_ORDER",
    "RESULT_STYLE",
    "CORE_MEDIAN_OS_MONTHS",
    "CORE_HAZARD_RATIO",
    "core_arms",
    "select_trials",
    "trial_label",
    "TRIAL_LABEL_WIDTH",
    "trial_map_label",
    "trial_map_height",
    "plot_trial_map",
    "plot_core_os",
    "reading_table",
    "PEAK_MULTIPLES",
    "format_hours",
    "dosing_explorer",
    "trial_map_figure",
    "core_os_figure",
]

#: Trial phases from earliest to latest (the dataset's enum order).
PHASE_ORDER = ("early I", "I", "I/II", "II", "III")

#: How each result is drawn: marker, colour name and a reader's label.
RESULT_STYLE: dict[str, tuple[str, str, str]] = {
    "positive": ("^", "bluish_green", "safety endpoint met"),
    "tolerable-no-efficacy-signal": ("D", "sky_blue", "tolerable, no efficacy signal"),
    "inconclusive": ("o", "orange", "inconclusive"),
    "negative": ("v", "vermillion", "negative"),
}

#: How each CORE arm is labelled on the figure, by its arm_id in integrin_trial_arms.
_CORE_LABELS = {
    "CORE-standard": "standard-dose cilengitide\n(2× weekly)",
    "CORE-intensive": "intensive cilengitide\n(5× weekly, weeks 1–6)",
    "CORE-control": "chemoradiotherapy\nalone (control)",
}


def core_arms(directory=None) -> pd.DataFrame:
    """CORE's three arms from ``integrin_trial_arms`` (standard, intensive, control), indexed by arm_id."""
    from .. import data

    arms = data.load("integrin_trial_arms", directory).set_index("arm_id")
    core = arms[arms["trial_key"] == "NCT00813943"]
    missing = [a for a in _CORE_LABELS if a not in core.index]
    if missing:
        raise KeyError(f"integrin_trial_arms lacks CORE arm(s) {missing}")
    return core.loc[list(_CORE_LABELS)]


def __getattr__(name: str):
    """``CORE_MEDIAN_OS_MONTHS`` (figure label → median OS) and ``CORE_HAZARD_RATIO``, read from the data."""
    if name == "CORE_MEDIAN_OS_MONTHS":
        core = core_arms()
        return {_CORE_LABELS[a]: float(core.loc[a, "median_os_months"]) for a in core.index}
    if name == "CORE_HAZARD_RATIO":
        return float(core_arms().loc["CORE-standard", "hazard_ratio_vs_control"])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_REQUIRED = ("trial_key", "trial_name", "agent", "phase", "result")


def _require(trials: pd.DataFrame, columns=_REQUIRED) -> None:
    if not isinstance(trials, pd.DataFrame):
        raise TypeError(f"expected the integrin_trials DataFrame, got {type(trials).__name__}")
    missing = [c for c in columns if c not in trials.columns]
    if missing:
        raise KeyError(f"the trials table lacks column(s) {', '.join(missing)}: is it integrin_trials?")


def select_trials(trials: pd.DataFrame, **where) -> pd.DataFrame:
    """Rows whose columns equal the given values, e.g. ``select_trials(t, agent="cilengitide")``.

    A value may also be a list or tuple of accepted values (``phase=("II", "III")``). Unknown
    columns and values that never occur raise errors that say so.
    """
    _require(trials)
    mask = pd.Series(True, index=trials.index)
    for column, wanted in where.items():
        if column not in trials.columns:
            raise KeyError(f"integrin_trials has no column {column!r}; columns: {', '.join(trials.columns)}")
        accepted = [str(v) for v in (wanted if isinstance(wanted, (list, tuple, set)) else [wanted])]
        present = set(trials[column].dropna().astype(str))
        unknown = [v for v in accepted if v not in present]
        if unknown and isinstance(trials[column].dtype, pd.CategoricalDtype):
            allowed = [str(c) for c in trials[column].cat.categories]
            bad = [v for v in unknown if v not in allowed]
            if bad:
                raise ValueError(f"{column} has no value {bad[0]!r}; allowed: {allowed}")
        mask &= trials[column].astype("string").isin(accepted).fillna(False)
    return trials[mask]


def reading_table(frame: pd.DataFrame, columns, index: str | None = None) -> pd.DataFrame:
    """The chosen columns as text for display: empty cells shown as an em dash, ``index`` as the index."""
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"expected a DataFrame, got {type(frame).__name__}")
    columns = list(columns)
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise KeyError(f"the table has no column(s) {', '.join(missing)}")
    out = frame[columns].astype("string").fillna("—")
    return out.set_index(index) if index is not None else out.reset_index(drop=True)


def trial_label(row: pd.Series, sep: str = " · ") -> str:
    """``CORE · NCT00813943 · cilengitide + temozolomide`` (name, key, agent and partners).

    ``sep`` joins the trial's name and key to the drugs; with ``"\n"`` the label is split into
    lines and a long list of drugs is wrapped (for figure labels).
    """
    name = "" if pd.isna(row.get("trial_name")) else str(row["trial_name"]).split(" (")[0] + " · "
    combo = row.get("combination")
    partners = "" if combo is None or pd.isna(combo) else " + " + str(combo).replace("; ", ", ")
    drugs = f"{row['agent']}{partners}"
    if sep == "\n":
        drugs = textwrap.fill(drugs, width=40)
    return f"{name}{row['trial_key']}{sep}{drugs}"


def _phase_position(phase: str) -> int:
    try:
        return PHASE_ORDER.index(str(phase))
    except ValueError:
        raise ValueError(f"unknown trial phase {phase!r}; expected one of {PHASE_ORDER}") from None


#: Characters per line of a trial's label in the trial map (its text runs across the figure).
TRIAL_LABEL_WIDTH = 60
_MARKER_ROW, _GAP = 1.5, 0.6  # a trial's marker row and the gap after it, in text lines


def trial_map_label(row: pd.Series, width: int = TRIAL_LABEL_WIDTH) -> str:
    """A trial's label for the trial map: ``CORE · NCT00813943: cilengitide + temozolomide``, wrapped."""
    name, drugs = trial_label(row).rsplit(" · ", 1)
    return textwrap.fill(f"{name}: {drugs}", width=width, break_on_hyphens=False)


def trial_map_height(trials: pd.DataFrame, width: int = TRIAL_LABEL_WIDTH) -> float:
    """The trial map's height in text lines: per trial its label's lines, the marker row and a gap."""
    _require(trials)
    return sum(trial_map_label(row, width).count("\n") + 1 + _MARKER_ROW + _GAP for _, row in trials.iterrows())


def plot_trial_map(ax, trials: pd.DataFrame) -> None:
    """One block per trial: its label (name, key, drugs) above a row that places it by phase and
    marks its result, with PFS/OS where given. The y axis counts text lines from the bottom."""
    _require(trials)
    positions = trials["phase"].astype(str).map(_phase_position).astype(int)
    phases = [p for i, p in enumerate(PHASE_ORDER) if i in set(positions)]
    column_of = {p: j for j, p in enumerate(phases)}
    order = trials.assign(_x=trials["phase"].astype(str).map(column_of).astype(int), _p=positions)
    order = order.sort_values(["agent", "_p", "trial_key"],
                              key=lambda col: col.astype(str).str.lower() if col.name == "agent" else col)
    order = order.reset_index(drop=True)
    seen: set[str] = set()
    top = trial_map_height(order)
    left = -0.35
    for _, row in order.iterrows():
        result = str(row["result"])
        if result not in RESULT_STYLE:
            raise ValueError(f"{row['trial_key']}: unknown result {result!r}; expected one of {list(RESULT_STYLE)}")
        marker, colour, label = RESULT_STYLE[result]
        text = trial_map_label(row)
        lines = text.count("\n") + 1
        ax.text(left, top, text, ha="left", va="top", fontsize=10.5, linespacing=1.1)
        y = top - lines - _MARKER_ROW / 2
        ax.plot([left, row["_x"]], [y, y], color="0.8", lw=1, zorder=1)
        ax.scatter([row["_x"]], [y], marker=marker, s=110, color=style.colour(colour), edgecolor="black",
                   linewidth=0.8, zorder=3, label=None if result in seen else label)
        seen.add(result)
        numbers = [f"{name} {row[column]:g} mo" for column, name in (("pfs_months", "PFS"), ("os_months", "OS"))
                   if column in order.columns and not pd.isna(row[column])]
        ax.text(row["_x"] + 0.15, y, label + ("; " + ", ".join(numbers) if numbers else ""), va="center",
                fontsize=10.5, color="0.15")
        top -= lines + _MARKER_ROW + _GAP
    ax.set_yticks([])
    ax.set_ylim(-0.2, trial_map_height(order) + 0.2)
    ax.set_xticks(range(len(phases)), [f"phase {p}" for p in phases])
    ax.tick_params(axis="x", labeltop=True, top=True)
    ax.grid(axis="y", visible=False)
    ax.spines["left"].set_visible(False)
    ax.spines["top"].set_visible(True)
    ax.set_xlim(left, len(phases) - 0.3)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.06), ncol=2, fontsize=10.5, frameon=False,
              columnspacing=1.0, handletextpad=0.4)


def plot_core_os(ax) -> None:
    """Median overall survival by arm in CORE (data: ``integrin_trial_arms``)."""
    medians = __getattr__("CORE_MEDIAN_OS_MONTHS")
    arms = list(medians)
    months = [medians[a] for a in arms]
    colours = [style.colour("blue"), style.colour("sky_blue"), "0.8"]
    hatches = ["", "//", ".."]
    bars = ax.barh(arms[::-1], months[::-1], color=colours[::-1], edgecolor="black", linewidth=0.8)
    for bar, hatch in zip(bars, hatches[::-1]):
        bar.set_hatch(hatch)
    for bar, value in zip(bars, months[::-1]):
        ax.text(value + 0.2, bar.get_y() + bar.get_height() / 2, f"{value:g} months", va="center", fontsize=10.5)
    ax.set_xlim(0, max(months) * 1.4)
    ax.set_xticks(range(0, int(max(months) * 1.4) + 1, 5))
    ax.set_xlabel("median overall survival (months)")
    ax.grid(axis="y", visible=False)


# -- the dosing explorer --------------------------------------------------------------------

#: Peak concentrations offered by the explorer, as multiples of the αvβ3 IC50: decades, because the
#: coverage grows with the logarithm of the peak and the real ratio is not known.
PEAK_MULTIPLES = (1, 10, 100, 1_000, 10_000, 100_000, 1_000_000)
#: Cilengitide's plasma half-life, 3–5 h (eskens2003phase): the explorer offers both ends.
HALF_LIVES_H = (3.0, 5.0)
HOURS = np.linspace(0.0, dosing.TWICE_WEEKLY_INTERVAL_H, 337)  # every 15 minutes
_STYLES = {"αvβ3": ("-", "o"), "αvβ5": ("--", "s"), "α5β1": (":", "^")}


def format_hours(hours: float) -> str:
    """Hours as a reader would write them: 0 h, 6.3 h, 40 h."""
    if hours <= 0:
        return "0 h"
    return f"{hours:.0f} h" if hours >= 10 else f"{hours:.1f} h"


def dosing_explorer() -> Explorer:
    """For how much of a twice-weekly interval does cilengitide half-occupy each integrin?"""
    rel = dosing.relative_ic50()
    names = list(rel)
    ic50 = np.array([rel[n] for n in names])
    interval = dosing.TWICE_WEEKLY_INTERVAL_H

    def model(peak: float, half_life_h: float) -> dict:
        theta = dosing.occupancy_profile(HOURS, peak, ic50, half_life_h)
        above = dosing.time_above(peak, ic50, half_life_h, interval=interval)
        return {"theta": theta, "hours_above": above, "fraction": above / interval}

    def setup(fig, ax):
        lines, marks = [], []
        for i, name in enumerate(names):
            ls, marker = _STYLES.get(name, ("-", "o"))
            colour = style.colour(i)
            (line,) = ax.plot(HOURS, HOURS * 0, ls=ls, color=colour, lw=2.4, label=f"{name} (IC50 {rel[name]:.3g}×)")
            (mark,) = ax.plot([0], [0.5], marker=marker, ms=9, color=colour, ls="none", mec="black", mew=0.8)
            lines.append(line)
            marks.append(mark)
        ax.axhline(0.5, color="0.4", lw=0.9, ls="-.")
        ax.set_xlim(0, interval)
        ax.set_ylim(0, 1.02)
        ax.set_xticks(np.arange(0, interval + 1, 12))
        ax.set_xlabel(f"hours after a dose (next dose at {interval:g} h)")
        ax.set_ylabel("fraction occupied")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3, fontsize=10.5, handlelength=2.2,
                  title="IC50 relative to αvβ3 (unverified placeholders)", title_fontsize=10.5, columnspacing=1.0)
        readout = ax.text(0.98, 0.97, "", transform=ax.transAxes, ha="right", va="top", fontsize=11,
                          bbox=dict(boxstyle="round", facecolor="white", edgecolor="0.8"))
        animate(lines, marks, readout)
        fig.tight_layout()

        def update(data, params):
            for line, mark, theta, hours in zip(lines, marks, data["theta"], data["hours_above"]):
                line.set_ydata(theta)
                mark.set_data([hours], [0.5])
                mark.set_visible(bool(hours > 0))
            rows = "\n".join(f"{n}: {format_hours(h)} ({f:.0%})" for n, h, f in zip(names, data["hours_above"], data["fraction"]))
            readout.set_text(f"half-occupied for\n{rows}")

        return update

    def alt(params, data):
        parts = ", ".join(
            f"{n} for {format_hours(h)} ({f:.0%} of the interval)"
            for n, h, f in zip(names, data["hours_above"], data["fraction"])
        )
        return (
            f"Line plot of integrin occupancy over the {interval:g} hours after a cilengitide dose whose peak is, "
            f"hypothetically, {params['peak']:,.0f} times the αvβ3 IC50, with a {params['half_life_h']:g}-hour half-life. Each "
            f"curve starts high and falls towards zero; occupancy stays at or above one half for {parts}."
        )

    return Explorer(
        name="cilengitide-dosing",
        controls=[
            Control("peak", "peak concentration (multiple of the αvβ3 IC50)", PEAK_MULTIPLES, initial=1_000, fmt="{:,.0f}×"),
            Control("half_life_h", "plasma half-life", HALF_LIVES_H, initial=3.0, fmt="{:g} h"),
        ],
        model=model,
        setup=setup,
        alt=alt,
        caption="Raise the peak plasma concentration (a ratio to the IC50 that no source gives for patients, so "
        "every setting is a what-if), and try both ends of cilengitide's measured 3–5 h half-life. Markers on the "
        "dash-dot line show when each integrin drops below half occupancy; the box gives the hours, and the share "
        "of an 84-hour twice-weekly interval. The IC50 ratios between the integrins are unverified placeholders.",
        figsize=(6.0, 4.6),
    )


# -- the page's figures, sized for a phone column (style.check_phone_legible) ----------------


def trial_map_figure(trials: pd.DataFrame):
    """The page's figure of :func:`plot_trial_map`: 6.2 in wide, as tall as the trials' labels need."""
    return page_figure(plot_trial_map, trials, height=0.2 * trial_map_height(trials) + 1.3)[0]


def core_os_figure():
    """The page's figure of :func:`plot_core_os`."""
    return page_figure(plot_core_os, height=2.8)[0]
