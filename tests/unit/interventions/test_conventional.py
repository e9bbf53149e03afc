"""The conventional-treatment chapter's code: parameter table, figures, BED table and the schedule explorer."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from metastasis import explorers
from metastasis.interventions import conventional as cv
from metastasis.models import radiation, tumour_growth as tg


def test_parameter_table_lists_every_default_with_its_status():
    table = cv.parameter_table()
    assert len(table) == len(tg.PARAMETERS) + len(radiation.PARAMETERS)
    assert set(table["status"]) == {"illustrative", "verified"}
    verified = table[table["status"] == "verified"]
    assert list(verified["source"]) == ["brenner2008linear"]  # the only number taken from a source
    assert (table.loc[table["status"] == "illustrative", "source"] == "—").all()


@pytest.mark.parametrize("n, text", [(0, "0"), (0.314, "0.31"), (94, "94"), (3.9e5, "3.9 × 10⁵"), (9.96e8, "1.0 × 10⁹")])
def test_format_cells(n, text):
    assert cv.format_cells(n) == text


def test_format_cells_rejects_nonsense():
    with pytest.raises(ValueError, match="cells must be a finite number"):
        cv.format_cells(-1)


def test_gompertz_history_figure_reports_the_model_times():
    fig, ax = plt.subplots()
    times = cv.plot_gompertz_history(ax)
    plt.close(fig)
    assert times["days_below_detection"] == pytest.approx(tg.time_to_reach(1e9, n0=1.0))
    assert times["days_below_detection"] == pytest.approx(231.0, abs=1.0)
    assert times["days_detection_to_1e11"] == pytest.approx(183.1, abs=1.0)


def test_kill_and_regrowth_laws():
    x = np.array([2.0, 6.0, 10.0])
    data = cv.kill_and_regrowth(x, first_kill=1.0, interval=21.0)
    assert data["norton_simon"][2] == pytest.approx(1.0)                 # matched at 10¹⁰ cells
    assert np.all(np.diff(data["norton_simon"]) < 0)                       # more kill when smaller
    np.testing.assert_allclose(data["log_kill"], 1.0)                      # constant under log-kill
    ratio = data["norton_simon"] / data["regrowth"]                        # both scale with ln(K/N)
    np.testing.assert_allclose(ratio, ratio[0])
    assert data["regrowth"][0] > 1.0 > data["regrowth"][2]                 # log-kill loses at small sizes
    with pytest.raises(ValueError, match="between 1 cell and the plateau"):
        cv.kill_and_regrowth([12.5])
    with pytest.raises(ValueError, match="interval must be positive"):
        cv.kill_and_regrowth([5.0], interval=0)


def test_fractionation_figure_spares_late_tissue_at_equal_tumour_bed():
    fig, ax = plt.subplots()
    out = cv.plot_fractionation(ax)
    plt.close(fig)
    tumour = radiation.bed(out["dose_per_fraction"], out["fractions"], 10.0)
    np.testing.assert_allclose(tumour, 72.0)
    assert np.all(np.diff(out["late_bed"]) < 0)
    assert out["late_bed"][29] == pytest.approx(100.0) and out["dose_per_fraction"][29] == pytest.approx(2.0)


def test_bed_table_values():
    table = cv.schedule_bed_table()
    assert table.loc["30 × 2 Gy", "BED, tumour (Gy₁₀)"] == 72.0
    assert table.loc["30 × 2 Gy", "BED, late tissue (Gy₃)"] == 100.0
    assert table.loc["20 × 3 Gy", "BED, late tissue (Gy₃)"] == 120.0
    assert table.loc["1 × 20 Gy", "beyond ~10 Gy per fraction"] == "yes"
    assert table.loc["5 × 5 Gy", "beyond ~10 Gy per fraction"] == ""


def test_sabr_comet_record_is_internally_consistent():
    sabr = cv.SABR_COMET
    assert sabr["control_n"] + sabr["sabr_n"] == sabr["patients"] == 99
    lo, hi = sabr["hr_interval"]
    assert lo < sabr["hazard_ratio"] < hi
    assert sabr["p_value"] < sabr["alpha"]


# -- the explorer: its science ---------------------------------------------------------------------

def test_schedule_explorer_is_registered_with_three_controls_and_18_frames():
    e = explorers.get("chemo-schedule")
    assert [c.name for c in e.controls] == ["law", "first_kill", "interval"]
    assert e.frame_count() == 18


def test_norton_simon_relapse_day_does_not_depend_on_the_interval_without_eradication():
    days = []
    for interval in cv.INTERVALS:
        data = cv.schedule_model("Norton–Simon", 0.5, interval)
        assert data["outcome"] == "regrowth"
        days.append(data["end_of_treatment"] + data["regrowth_time"])
    np.testing.assert_allclose(days, days[0], rtol=1e-9)
    assert days[0] == pytest.approx(161.6, abs=0.2)


def test_dose_density_decides_eradication_under_norton_simon():
    outcomes = [cv.schedule_model("Norton–Simon", 1.0, i)["outcome"] for i in cv.INTERVALS]
    assert outcomes == ["eradicated", "eradicated", "regrowth"]


def test_log_kill_never_eradicates_at_these_doses_and_each_control_changes_the_result():
    for kill in cv.FIRST_KILLS:
        for interval in cv.INTERVALS:
            assert cv.schedule_model("log-kill (Skipper)", kill, interval)["outcome"] != "eradicated"
    base = cv.schedule_model("Norton–Simon", 0.5, 21.0)
    for changed in (cv.schedule_model("log-kill (Skipper)", 0.5, 21.0), cv.schedule_model("Norton–Simon", 1.0, 21.0),
                    cv.schedule_model("Norton–Simon", 0.5, 14.0)):
        assert not np.allclose(np.nan_to_num(changed["log10_plot"]), np.nan_to_num(base["log10_plot"]))


def test_eradicated_curve_ends_on_the_one_cell_line():
    data = cv.schedule_model("Norton–Simon", 1.5, 14.0)
    y = data["log10_plot"]
    first_gap = np.flatnonzero(np.isnan(y))[0]
    assert y[first_gap - 1] == 0.0 and np.all(np.isnan(y[first_gap:]))


def test_schedule_model_rejects_bad_input():
    with pytest.raises(ValueError, match="law must be one of"):
        cv.schedule_model("Gompertz")
    with pytest.raises(ValueError, match="first kill cannot be negative"):
        cv.schedule_model("Norton–Simon", -1.0)
    with pytest.raises(ValueError, match="interval must be positive"):
        cv.schedule_model("Norton–Simon", 1.0, 0.0)


def test_alt_text_names_the_outcome():
    e = explorers.get("chemo-schedule")
    params = {"law": "Norton–Simon", "first_kill": 1.0, "interval": 21.0}
    assert "eradicated" in e.alt_text(params, e.update(params))
    params = {"law": "log-kill (Skipper)", "first_kill": 0.5, "interval": 28.0}
    assert "never falls below the detection line" in e.alt_text(params, e.update(params))
