"""Layer 7's helpers: the submissions the assignment tests grade (tests/assignments/conftest.py).

Once per session (it is the slow part of this layer, so it is done once, one nbgrader call per
step and assignment): generate every student version into a temporary course directory, then
collect three submissions per assignment and autograde them together:

- ``solution``: the source notebook itself (solutions in place);
- ``blank``: the student version as released, untouched;
- ``wrong``: the student version with plausible wrong answers (:data:`WRONG`) that pass the
  visible check cells but not the hidden tests.

The solution's written answers are then given full points through the written-answers sheet
(the instructor's own commands), feedback is generated and the grade CSV exported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import os

import nbformat

from metastasis.book import assignments as tool

ROOT = Path(__file__).resolve().parents[1]
#: Every assignment, or those named in METASTASIS_ASSIGNMENTS (comma-separated), to grade only them.
NAMES = [n for n in tool.assignment_names(ROOT / tool.SOURCE_MD)
         if not os.environ.get("METASTASIS_ASSIGNMENTS") or n in os.environ["METASTASIS_ASSIGNMENTS"].split(",")]
STUDENTS = ("solution", "blank", "wrong")

#: Plausible wrong answers, by assignment and answer cell: each passes its visible check cell.
WRONG = {
    "assignment-1": {
        # counts rows instead of distinct processes
        "q1-answer": 'named_rows = roles.dropna(subset=["heterodimer"])\n'
                     'breadth = named_rows[named_rows["direction"] == "promotes"].groupby("heterodimer").size().sort_values(ascending=False)',
        # the heterodimers with the most promoting rows, not those with both directions
        "q2-answer": "double_edged = set(breadth[breadth > 2].index)",
        # uses the placeholder IC50s in nM as if they were multiples of the αvβ3 IC50; e instead of 2
        "q3-answer": "fraction_covered = {k: dosing.fraction_of_interval_above(1000.0, v) for k, v in dosing.UNVERIFIED_IC50_NM.items()}\n"
                     "peak_needed = np.exp(dosing.TWICE_WEEKLY_INTERVAL_H / dosing.HALF_LIFE_H)",
    },
    "assignment-2": {
        # takes the first non-epithelial T0 (partial) for the first mesenchymal one
        "q2-answer": "up_states = emt_switch.quasi_static_sweep(grid, epithelial, emt_switch.TIAN2013)\n"
                     "up_phases = emt_switch.classify(up_states)\n"
                     "down_phases = emt_switch.classify(emt_switch.quasi_static_sweep(grid[::-1], up_states[-1], emt_switch.TIAN2013))\n"
                     'first_mesenchymal_up = float(grid[np.argmax(up_phases != "epithelial")])',
        # the last mesenchymal T0 instead of the first one that is not
        "q3-answer": "p = emt_switch.NO_AUTOCRINE_LOOP\n"
                     "u = emt_switch.quasi_static_sweep(grid, epithelial, p)\n"
                     "d = emt_switch.classify(emt_switch.quasi_static_sweep(grid[::-1], u[-1], p))\n"
                     'final_phase_loop, final_phase_no_loop = str(down_phases[-1]), str(d[-1])\n'
                     'leaves_mesenchymal_no_loop = float(grid[::-1][d == "mesenchymal"].min())',
        # the mouse chain instead of the human calibration
        "q5-answer": "lam = cascade.shedding_rate(1.0) * 30 * cascade.overall_probability()\n"
                     "p_none_1g = float(np.exp(-lam))\n"
                     "mass_even_odds = float(np.log(2) / (30 * cascade.overall_probability() * cascade.shedding_rate(1.0)))",
    },
    "assignment-3": {
        # takes the saddle for the dormant state (sorted by T, not chosen by stability)
        "q1-answer": "ts = sorted(fp.T for fp in ti.fixed_points(P) if fp.T > 0)\n"
                     "dormant_T, escape_T = float(ts[1]), float(ts[-1])",
        # a guess in the middle of the bracket, not a bisection
        "q2-answer": "threshold = 2.5e8\nthreshold_weak = 2.5e8",
        # a coarse scan: 11 values
        "q3-answer": "ms = np.linspace(0.5, 1.0, 11) * P.m\n"
                     "n = [sum(fp.T > 0 for fp in ti.fixed_points(P.replace(m=float(m)))) for m in ms]\n"
                     "m_critical = float(ms[n.index(3)])\n"
                     "reduction_needed = 1 - m_critical / P.m",
        # integrates the untreated model
        "q4-answer": "esc = max(ti.fixed_points(P), key=lambda fp: fp.T)\n"
                     "run = ti.trajectory(esc.E, esc.T, 2000, P)\n"
                     "T_after_treatment = float(run.T[-1])\n"
                     "escapes_after_stopping = bool(ti.escapes(float(run.E[-1]), T_after_treatment, P))",
    },
    "assignment-4": {
        # inverts the comparison (implied below the reported HR)
        "q1-answer": "trials = [survival.get_trial(k) for k in survival.checked_trials()]\n"
                     "trials = [t for t in trials if t.hazard_ratio is not None]\n"
                     "implied = {t.key: t.control.median_os / t.treatment.median_os for t in trials}\n"
                     "understated = {t.key for t in trials if implied[t.key] < t.hazard_ratio}",
        # misreads the 3-year landmarks (0.40 and 0.30)
        "q2-answer": "c = survival.get_trial('combi-d')\n"
                     "ft = survival.fit_cure_fraction(c.treatment.median_os, 0.5, 36.0, 0.40)\n"
                     "fc = survival.fit_cure_fraction(c.control.median_os, 0.5, 36.0, 0.30)\n"
                     "plateau_treatment, plateau_control = ft[0], fc[0]\n"
                     "hr_36 = float(survival.hazard_ratio_over_time(36.0, treatment=ft, control=fc))",
        # simulates the wrong effect (HR 0.6), with 50 trials and another seed
        "q3-answer": "power_by_n = {n: survival.logrank_rejection_rate(n, 0.6, n_trials=50, seed=1)['rate'] for n in [50, 100, 200, 400]}\n"
                     "n_for_80 = min(n for n, p in power_by_n.items() if p >= 0.8)\n"
                     "power_hr079 = survival.logrank_rejection_rate(100, 0.6, n_trials=50, seed=1)['rate']",
    },
}


def _cells_by_id(nb) -> dict:
    return {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in nb.cells}


def wrong_submission(release: Path, name: str) -> nbformat.NotebookNode:
    nb = nbformat.read(release, as_version=4)
    cells = _cells_by_id(nb)
    for grade_id, code in WRONG[name].items():
        cells[grade_id].source = code
    for cell in nb.cells:  # a student who wrote something in every written answer
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "markdown" and meta.get("solution"):
            cell.source = "I think the model shows that the drug works."
    return nb


def answered_student_version(release: Path, source: Path) -> nbformat.NotebookNode:
    """The student version with the source's answers typed into its answer cells, as a good student would."""
    nb = nbformat.read(release, as_version=4)
    answers = _cells_by_id(nbformat.read(source, as_version=4))
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            cell.source = answers[meta["grade_id"]].source.replace("### BEGIN SOLUTION\n", "").replace("### END SOLUTION\n", "")
    return nb


@dataclass
class Graded:
    name: str
    source: Path
    release: Path
    course: Path
    csv_rows: list[dict]
    cells: dict[str, dict[str, tuple[float, float]]] = field(default_factory=dict)  # student -> grade_id -> (score, max)
    feedback: dict[str, Path] = field(default_factory=dict)


