"""The targeted-therapy chapter's code: § 3.2 as data, the lab's tables and figures, and its explorer."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from metastasis import data, explorers
from metastasis.interventions import targeted as tt
from metastasis.models import survival as sv


@pytest.fixture(scope="module")
def interventions():
    return data.load("interventions")


def test_section_rows_are_the_reviews_16_claims_of_section_3_2(interventions):
    rows = tt.section_rows(interventions)
    assert list(rows["outcome_id"]) == [f"IV-{i}" for i in range(10, 26)]
    assert set(rows["subsection"]) == set(tt.SUBSECTIONS.values())
    assert set(rows["phase_shown"]) <= set(tt.PHASES)
    assert (rows["phase_shown"] == "phase III").sum() == 3  # all COMBI-d
    assert set(rows.loc[rows["phase_shown"] == "phase III", "trial"]) == {"COMBI-d (NCT01584648)"}


def test_errata_counts_used_in_the_prose(interventions):
    rows = tt.section_rows(interventions)
    touched = [r["outcome_id"] for _, r in rows.iterrows() if tt.errata_of(r)]
    assert len(touched) == 13  # "13 of the 16 rows" in targeted.md
    new = {e for _, r in rows.iterrows() for e in tt.errata_of(r)} & {f"MET-{n}" for n in range(86, 99)}
    assert new == {"MET-88", "MET-89", "MET-91", "MET-92", "MET-97", "MET-98"}
    errata = set(data.load("errata")["id"])
    assert {e for _, r in rows.iterrows() for e in tt.errata_of(r)} <= errata


def test_errata_of_handles_empty_notes():
    assert tt.errata_of(pd.Series({"curation_note": None})) == []
    assert tt.errata_of(pd.Series({"curation_note": "see MET-35; again MET-35 and MET-88"})) == ["MET-35", "MET-88"]


def test_evidence_map_draws_one_marker_per_claim(interventions):
    fig, ax = plt.subplots()
    rows = tt.plot_evidence_map(ax, interventions)
    assert len(ax.get_yticklabels()) == len(rows) == 16
    assert len(ax.collections) == 16
    plt.close(fig)
    with pytest.raises(TypeError, match="interventions DataFrame"):
        tt.plot_evidence_map(ax, [1, 2])
    with pytest.raises(KeyError, match="is it interventions"):
        tt.section_rows(pd.DataFrame({"outcome_id": []}))


def test_implied_table_uses_checked_trials_only():
    table = tt.implied_table()
    assert len(table) == len(sv.implied_vs_reported())
    assert "CENTRIC" not in " ".join(table.index)
    assert table.loc["READY", "median ratio (implied HR)"] == pytest.approx(21.2 / 21.5, abs=1e-3)
    assert table.loc["COMMAND", "HR interval"] == "0.7–1.4"


def test_combi_fit_passes_through_both_reported_points_and_breaks_proportional_hazards():
    fig, (a, b) = plt.subplots(2, 1)
    out = tt.plot_combi_fit(a, b)
    plt.close(fig)
    trial = sv.get_trial("combi-d")
    for arm in (trial.treatment, trial.control):
        pi, lam = out["fitted"][arm.name]
        assert sv.cure_fraction_survival(arm.median_os, pi, lam) == pytest.approx(0.5)
        assert sv.cure_fraction_survival(36.0, pi, lam) == pytest.approx(arm.landmarks[0][1])
    hr = out["hazard_ratio"]
    assert hr[0] == pytest.approx(0.98, abs=0.01) and hr[-1] < 0.25 and np.all(np.diff(hr) < 0)


def test_c08_control_and_the_transient_trial():
    median = tt.c08_control_median()
    assert sv.exponential_survival(36.0, median) == pytest.approx(0.755)
    fig, ax = plt.subplots()
    trial = tt.plot_transient_trial(ax)
    plt.close(fig)
    assert trial["treatment"].n == trial["control"].n == 1336
    assert trial["pvalue"] > 0.05  # the reversal after 15 months dilutes the early effect


# -- the explorer -----------------------------------------------------------------------------------

def test_lab_explorer_is_registered_with_two_controls_and_15_frames():
    e = explorers.get("survival-lab")
    assert [c.name for c in e.controls] == ["trial", "plateau"]
    assert e.frame_count() == len(tt.LAB_TRIALS) * len(tt.PLATEAUS) == 15
    assert set(tt.LAB_TRIALS.values()) <= set(sv.checked_trials())


def test_exponential_lab_has_constant_hr_equal_to_the_median_ratio():
    for label in tt.LAB_TRIALS:
        d = tt.lab_model(label, 0.0)
        np.testing.assert_allclose(d["hazard_ratio_over_time"], d["median_control"] / d["median_treatment"])


def test_plateau_keeps_the_medians_but_makes_the_hr_change():
    for label in tt.LAB_TRIALS:
        d = tt.lab_model(label, 0.3)
        for curve, median in ((d["survival_treatment"], d["median_treatment"]), (d["survival_control"], d["median_control"])):
            assert np.interp(0.5, curve[::-1], d["t"][::-1]) == pytest.approx(median, rel=2e-3)
            assert curve[-1] > 0.3
        assert np.ptp(d["hazard_ratio_over_time"]) > 0.01


def test_synthetic_trials_are_seeded_have_the_trials_sizes_and_respond_to_both_controls():
    a = tt.lab_model("COMBI-d: BRAF + MEK", 0.0)
    tt._lab.cache_clear()
    b = tt.lab_model("COMBI-d: BRAF + MEK", 0.0)
    np.testing.assert_array_equal(a["km_treatment"][1], b["km_treatment"][1])
    assert (a["n_treatment"], a["n_control"]) == (211, 212)
    assert len(a["km_treatment"][0]) <= 212
    other_trial = tt.lab_model("READY: dasatinib (Src)", 0.0)
    other_plateau = tt.lab_model("COMBI-d: BRAF + MEK", 0.15)
    assert a["logrank_p"] != other_trial["logrank_p"] != other_plateau["logrank_p"]
    assert not np.allclose(a["survival_treatment"], other_plateau["survival_treatment"])


def test_lab_model_rejects_bad_input():
    with pytest.raises(ValueError, match="trial must be one of"):
        tt.lab_model("CENTRIC")
    with pytest.raises(ValueError, match="plateau must be a fraction"):
        tt.lab_model("CORE: cilengitide", 0.6)
