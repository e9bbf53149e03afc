"""The survival-curve lab: exponential and cure-fraction curves, trial records and their status,
synthetic cohorts through scipy's Kaplan–Meier and log-rank."""

import time
import warnings

import numpy as np
import pytest
from scipy import stats

from metastasis.models import survival as sv


# -- exponential curves and the implied hazard ratio --------------------------------------------

def test_exponential_curve_halves_at_the_median():
    assert sv.exponential_survival(0.0, 8.9) == 1.0
    assert sv.exponential_survival(8.9, 8.9) == pytest.approx(0.5)
    assert sv.exponential_survival(17.8, 8.9) == pytest.approx(0.25)


@pytest.mark.parametrize("mt, mc", [(8.9, 7.1), (25.1, 18.7), (15.9, 11.3), (16.3, 13.4), (72.1, 19.9)])
def test_implied_hr_is_exactly_the_ratio_of_medians_and_the_ratio_of_hazards(mt, mc):
    assert sv.implied_hazard_ratio(mt, mc) == mc / mt
    assert sv.exponential_rate(mt) / sv.exponential_rate(mc) == pytest.approx(mc / mt, rel=1e-14)
    t = np.linspace(1, 60, 50)
    cum_ratio = np.log(sv.exponential_survival(t, mt)) / np.log(sv.exponential_survival(t, mc))
    np.testing.assert_allclose(cum_ratio, mc / mt, rtol=1e-12)
    hr = sv.hazard_ratio_over_time(t, (0.0, sv.exponential_rate(mt)), (0.0, sv.exponential_rate(mc)))
    np.testing.assert_allclose(hr, mc / mt, rtol=1e-12)


def test_implied_vs_reported_for_the_checked_trials():
    rows = {row["key"]: row for row in sv.implied_vs_reported()}
    # CheckMate 067 (6.5 y) has no HR stored
    assert set(rows) == {"melisi2018", "combi-d", "keynote-407", "core", "ready", "command"}
    assert rows["melisi2018"]["implied_hr"] == pytest.approx(7.1 / 8.9)
    assert rows["combi-d"]["implied_hr"] == pytest.approx(18.7 / 25.1)
    assert rows["keynote-407"]["implied_hr"] == pytest.approx(11.3 / 15.9)
    assert rows["core"]["implied_hr"] == pytest.approx(13.4 / 16.3)
    assert rows["ready"]["implied_hr"] == pytest.approx(21.2 / 21.5)
    assert rows["command"]["implied_hr"] == pytest.approx(13.6 / 12.7)
    for key in ("melisi2018", "combi-d", "keynote-407", "core"):
        # in every checked trial with a benefit, the medians understate what the Cox HR reports
        assert rows[key]["implied_hr"] > rows[key]["reported_hr"]
    for key in ("ready", "command"):  # the two null trials: median ratio and HR agree within 8 %
        assert rows[key]["implied_over_reported"] == pytest.approx(1.0, abs=0.08)


# -- the cure-fraction model -------------------------------------------------------------------

def test_cure_fraction_curve_is_monotone_and_tends_to_the_plateau():
    t = np.linspace(0, 600, 6001)
    for pi, lam in [(0.0, 0.05), (0.2, 0.05), (0.45, 0.2), (0.9, 0.05)]:
        s = sv.cure_fraction_survival(t, pi, lam)
        assert s[0] == 1.0
        assert np.all(np.diff(s) <= 0)
        resolvable = (1 - pi) * np.exp(-lam * t[1:]) > 1e-12  # strictly falling until it reaches float precision
        assert np.all(np.diff(s)[resolvable] < 0)
        assert np.all(s >= pi)
        assert s[-1] == pytest.approx(pi, abs=1e-9)


def test_cure_fraction_hazard_is_minus_dlogS_dt_and_falls_to_zero():
    t = np.linspace(0, 200, 20001)
    pi, lam = 0.3, 0.07
    h = sv.cure_fraction_hazard(t, pi, lam)
    numeric = -np.gradient(np.log(sv.cure_fraction_survival(t, pi, lam)), t)
    np.testing.assert_allclose(h[1:-1], numeric[1:-1], rtol=1e-4)
    assert h[0] == pytest.approx((1 - pi) * lam) and h[-1] < 1e-6
    assert sv.cure_fraction_hazard([0, 5], 0.0, lam) == pytest.approx([lam, lam])


def test_rate_for_median_and_median_are_inverse():
    for pi in (0.0, 0.1, 0.3, 0.49):
        lam = sv.rate_for_median(20.0, pi)
        assert sv.cure_fraction_median(pi, lam) == pytest.approx(20.0)
        assert sv.cure_fraction_survival(20.0, pi, lam) == pytest.approx(0.5)
    assert sv.cure_fraction_median(0.5, 0.1) == float("inf")


@pytest.mark.parametrize("pi, lam", [(0.0, 0.03), (0.1, 0.05), (0.35, 0.08), (0.2, 0.2)])
def test_fit_cure_fraction_recovers_a_known_curve(pi, lam):
    t1, t2 = 10.0, 36.0
    s1, s2 = sv.cure_fraction_survival([t1, t2], pi, lam)
    fit_pi, fit_lam = sv.fit_cure_fraction(t1, s1, t2, s2)
    assert fit_pi == pytest.approx(pi, abs=1e-9)
    assert fit_lam == pytest.approx(lam, rel=1e-7)


def test_fit_to_combi_d_median_and_three_year_os_reproduces_both_points():
    trial = sv.get_trial("combi-d")
    fits = {}
    for arm in (trial.treatment, trial.control):
        t2, s2 = arm.landmarks[0]
        pi, lam = sv.fit_cure_fraction(arm.median_os, 0.5, t2, s2)
        assert sv.cure_fraction_survival(arm.median_os, pi, lam) == pytest.approx(0.5)
        assert sv.cure_fraction_survival(t2, pi, lam) == pytest.approx(s2)
        assert 0 < pi < s2
        fits[arm.name] = pi
    assert fits[trial.treatment.name] == pytest.approx(0.3835, abs=5e-4)
    assert fits[trial.control.name] == pytest.approx(0.1970, abs=5e-4)


def test_fit_refuses_points_without_a_plateau():
    # exponential through (10, 0.5) gives S(36) = 0.082; anything lower falls faster than exponential
    with pytest.raises(ValueError, match="no cure fraction"):
        sv.fit_cure_fraction(10.0, 0.5, 36.0, 0.05)


def test_proportional_hazards_fail_for_cure_fraction_curves():
    t = np.linspace(0, 120, 241)
    hr = sv.hazard_ratio_over_time(t, (0.35, 0.06), (0.15, 0.06))
    assert hr[-1] < 0.5 * hr[0]  # far from constant
    assert hr[0] == pytest.approx(0.65 / 0.85)  # at t = 0 only the non-cured fractions differ
    assert np.all(np.diff(hr) < 0)  # and the treatment arm's relative hazard keeps falling
    same_pi = sv.hazard_ratio_over_time(t, (0.3, 0.04), (0.3, 0.08))
    assert np.ptp(same_pi) > 0.1


# -- trial records and their status ------------------------------------------------------------

def test_only_checked_trials_are_facts():
    assert set(sv.checked_trials()) == {"melisi2018", "combi-d", "keynote-407", "core", "checkmate-067",
                                        "ready", "command"}
    for key in ("centric", "checkmate-067-10y"):
        with pytest.raises(sv.UnverifiedTrialError, match="allow_unverified"):
            sv.get_trial(key)
        with pytest.raises(sv.UnverifiedTrialError):
            sv.trial_explorer_model(key)
        with pytest.warns(sv.UnverifiedTrialWarning):
            record = sv.get_trial(key, allow_unverified=True)
        assert record.unverified and record.status != "checked"
    assert all(row["status"] == "checked" for row in sv.trial_table())
    assert {row["key"] for row in sv.trial_table(include_unverified=True)} == set(sv.TRIALS)


def test_checked_numbers_are_the_science_sources_ones():
    melisi = sv.get_trial("melisi2018")
    assert (melisi.treatment.median_os, melisi.control.median_os, melisi.hazard_ratio) == (8.9, 7.1, 0.79)
    assert (melisi.treatment.n, melisi.control.n, melisi.hr_interval) == (104, 52, (0.59, 1.09))
    combi = sv.get_trial("combi-d")
    assert (combi.treatment.median_os, combi.control.median_os, combi.hazard_ratio) == (25.1, 18.7, 0.71)
    assert (combi.treatment.n, combi.control.n) == (211, 212)
    assert combi.treatment.landmarks == ((36.0, 0.44),) and combi.control.landmarks == ((36.0, 0.32),)
    keynote = sv.get_trial("keynote-407")
    assert (keynote.treatment.median_os, keynote.control.median_os, keynote.hazard_ratio) == (15.9, 11.3, 0.64)
    assert (keynote.treatment.n, keynote.control.n) == (278, 281)
    core = sv.get_trial("core")
    assert (core.treatment.median_os, core.other_arms[0].median_os, core.control.median_os) == (16.3, 14.5, 13.4)
    assert core.hazard_ratio == 0.686 and core.hr_interval == (0.484, 0.972)
    assert (core.treatment.n, core.other_arms[0].n, core.control.n) == (88, 88, 89)
    ready = sv.get_trial("ready")
    assert (ready.treatment.median_os, ready.control.median_os, ready.hazard_ratio) == (21.5, 21.2, 0.99)
    assert (ready.treatment.n, ready.control.n) == (762, 760)
    command = sv.get_trial("command")
    assert (command.treatment.median_os, command.control.median_os, command.hazard_ratio) == (12.7, 13.6, 1.0)
    assert (command.treatment.n, command.control.n, command.hr_interval) == (173, 171, (0.7, 1.4))
    checkmate = sv.get_trial("checkmate-067")
    assert (checkmate.treatment.median_os, checkmate.other_arms[0].median_os, checkmate.control.median_os) == \
        (72.1, 36.9, 19.9)
    assert checkmate.hazard_ratio is None


def test_unknown_trial_is_a_named_key_error():
    with pytest.raises(KeyError, match="unknown trial 'combi'"):
        sv.get_trial("combi")


def test_core_matches_the_package_trial_figures():
    from metastasis.integrins import clinic as trials
    assert sorted(trials.CORE_MEDIAN_OS_MONTHS.values()) == sorted(
        [16.3, 14.5, 13.4])
    assert trials.CORE_HAZARD_RATIO == sv.get_trial("core").hazard_ratio


# -- explorer model ----------------------------------------------------------------------------

def test_explorer_model_exponential_and_cure_fraction():
    data = sv.trial_explorer_model("keynote-407")
    assert data["median_ratio_hr"] == pytest.approx(11.3 / 15.9)
    np.testing.assert_allclose(data["hazard_ratio_over_time"], 11.3 / 15.9)
    assert data["reported_hr"] == 0.64 and data["status"] == "checked" and not data["unverified"]
    cure = sv.trial_explorer_model("keynote-407", "cure-fraction", 0.2)
    for arm, median in [(cure["treatment"], 15.9), (cure["control"], 11.3)]:
        s = cure["survival"][arm]
        assert np.interp(0.5, s[::-1], cure["t"][::-1]) == pytest.approx(median, rel=1e-3)
    assert np.ptp(cure["hazard_ratio_over_time"]) > 0.05
    fitted = sv.trial_explorer_model("combi-d", "cure-fraction", "fit")
    assert fitted["survival"][fitted["treatment"]][-1] > fitted["parameters"][fitted["treatment"]][0]
    checkmate = sv.trial_explorer_model("checkmate-067")
    assert len(checkmate["survival"]) == 3 and checkmate["reported_hr"] is None


def test_explorer_model_flags_unverified_numbers_when_allowed():
    with pytest.warns(sv.UnverifiedTrialWarning):
        data = sv.trial_explorer_model("centric", allow_unverified=True)
    assert data["unverified"] and data["status"] == "verify"


def test_explorer_model_is_fast():
    timings = []
    for key in sv.checked_trials():
        for model, pi in [("exponential", None), ("cure-fraction", 0.1), ("cure-fraction", 0.3)]:
            start = time.perf_counter()
            sv.trial_explorer_model(key, model, pi)
            timings.append(time.perf_counter() - start)
    assert np.median(timings) < 0.020


# -- synthetic cohorts -------------------------------------------------------------------------

def test_cohort_is_seeded_and_censored_administratively():
    a = sv.simulate_cohort(200, 12.0, accrual=24.0, follow_up=12.0, seed=7)
    b = sv.simulate_cohort(200, 12.0, accrual=24.0, follow_up=12.0, seed=7)
    np.testing.assert_array_equal(a.time, b.time)
    assert np.all(a.time[~a.event] >= 12.0) and np.all(a.time <= 36.0)
    assert 0 < a.events < a.n


def test_km_median_of_a_large_exponential_cohort_is_near_the_true_median():
    cohort = sv.simulate_cohort(5000, 12.0, accrual=24.0, follow_up=60.0, seed=2024)
    km = sv.kaplan_meier(cohort)
    assert km.median == pytest.approx(12.0, rel=0.05)
    assert km.median_low < 12.0 < km.median_high
    t = np.array([3.0, 12.0, 24.0])
    np.testing.assert_allclose(km.at(t), sv.exponential_survival(t, 12.0), atol=0.02)
    # it is scipy's estimate, unchanged
    ref = stats.ecdf(cohort.censored()).sf
    np.testing.assert_array_equal(km.survival, ref.probabilities)


def test_km_of_a_cure_fraction_cohort_plateaus_at_the_cure_fraction():
    cohort = sv.simulate_cohort(4000, 20.0, cure_fraction=0.3, accrual=12.0, follow_up=240.0, seed=5)
    km = sv.kaplan_meier(cohort)
    assert km.at(200.0) == pytest.approx(0.3, abs=0.03)
    assert km.median == pytest.approx(20.0, rel=0.08)


def test_logrank_is_small_for_a_large_true_effect():
    trial = sv.simulate_trial(300, 12.0, 0.5, seed=11)
    assert trial["pvalue"] < 1e-6


def test_logrank_size_is_near_five_percent_under_no_effect():
    result = sv.logrank_rejection_rate(30, 1.0, 300, seed=3)
    assert 0.02 <= result["rate"] <= 0.09
    # and the p-values are roughly uniform
    assert stats.kstest(result["pvalues"], "uniform").pvalue > 0.001
    assert np.mean(result["pvalues"]) == pytest.approx(0.5, abs=0.06)


# -- bad input ---------------------------------------------------------------------------------

@pytest.mark.parametrize("call, error, message", [
    (lambda: sv.exponential_survival(-1.0, 10.0), ValueError, "time cannot be negative"),
    (lambda: sv.exponential_survival(1.0, 0.0), ValueError, "median must be a positive"),
    (lambda: sv.implied_hazard_ratio(0.0, 7.1), ValueError, "treatment median must be positive"),
    (lambda: sv.cure_fraction_survival(1.0, 30, 0.1), ValueError, "cure fraction must be in .* not a percentage"),
    (lambda: sv.cure_fraction_survival(1.0, 0.3, -0.1), ValueError, "rate must be a positive"),
    (lambda: sv.rate_for_median(10.0, 0.5), ValueError, "cure fraction must be below 0.5"),
    (lambda: sv.fit_cure_fraction(36.0, 0.5, 10.0, 0.3), ValueError, "second time .* must be later"),
    (lambda: sv.fit_cure_fraction(10.0, 0.3, 36.0, 0.5), ValueError, "second survival .* must be below"),
    (lambda: sv.fit_cure_fraction(10.0, 50, 36.0, 0.3), ValueError, "first survival must be in"),
    (lambda: sv.hazard_ratio_over_time(1.0, 0.3, (0.1, 0.1)), TypeError, "treatment must be a"),
    (lambda: sv.simulate_cohort(0, 12.0), ValueError, "number of patients must be at least 1"),
    (lambda: sv.simulate_cohort(10, 12.0, rate=0.1), ValueError, "exactly one of median and rate"),
    (lambda: sv.simulate_cohort(10, 12.0, seed=-1), TypeError, "seed must be"),
    (lambda: sv.simulate_cohort(10, 12.0, cure_fraction=1.0), ValueError, "cure fraction must be below 1"),
    (lambda: sv.kaplan_meier("cohort"), TypeError, "cohort must be a Cohort"),
    (lambda: sv.kaplan_meier(sv.simulate_cohort(5, 12.0, seed=1), method="greenwood"), ValueError, "method must be"),
    (lambda: sv.logrank(sv.simulate_cohort(5, 12.0, seed=1), [1, 2]), TypeError, "second cohort must be a Cohort"),
    (lambda: sv.trial_explorer_model("core", "weibull"), ValueError, "model must be one of"),
    (lambda: sv.trial_explorer_model("core", "cure-fraction"), ValueError, "needs a cure fraction"),
    (lambda: sv.trial_explorer_model("core", "exponential", 0.2), ValueError, "cure-fraction model only"),
    (lambda: sv.trial_explorer_model("core", "cure-fraction", "fit"), ValueError, "no landmark survival"),
])
def test_bad_input_names_the_parameter(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_no_warnings_from_checked_paths():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sv.trial_explorer_model("combi-d", "cure-fraction", "fit")
        sv.kaplan_meier(sv.simulate_cohort(300, 12.0, seed=1))


# -- monotone curves, and a treatment effect that changes with time ----------------------------

def test_exponential_and_cure_fraction_curves_are_monotone_and_in_zero_one():
    t = np.linspace(0, 300, 3001)
    for median in (2.0, 8.9, 72.1):
        s = sv.exponential_survival(t, median)
        assert s[0] == 1.0 and np.all(np.diff(s) < 0) and np.all((s > 0) & (s <= 1))
    for key in sv.checked_trials():
        for model, pi in [("exponential", None), ("cure-fraction", 0.2)]:
            data = sv.trial_explorer_model(key, model, pi)
            for curve in data["survival"].values():
                assert curve[0] == pytest.approx(1.0) and np.all(np.diff(curve) <= 0)


def test_kaplan_meier_from_scipy_is_a_monotone_step_function_in_zero_one():
    km = sv.kaplan_meier(sv.simulate_cohort(400, 12.0, cure_fraction=0.2, seed=11))
    assert np.all(np.diff(km.survival) <= 0) and np.all((km.survival >= 0) & (km.survival <= 1))
    assert np.all(np.diff(km.time) > 0)
    inside = np.isfinite(km.low) & np.isfinite(km.high)
    assert np.all(km.low[inside] <= km.survival[inside] + 1e-12)
    assert np.all(km.survival[inside] <= km.high[inside] + 1e-12)


def test_two_phase_survival_is_continuous_and_matches_a_large_synthetic_cohort():
    t = np.array([0.0, 14.999, 15.0, 15.001, 40.0])
    s = sv.two_phase_survival(t, 88.8, 0.61, 1.22, 15.0)
    assert s[0] == 1.0 and np.all(np.diff(s) < 0)
    assert s[1] == pytest.approx(s[3], rel=1e-4)  # no jump at the change
    lam = np.log(2) / 88.8
    assert s[4] == pytest.approx(np.exp(-(0.61 * lam * 15 + 1.22 * lam * 25)))
    cohort = sv.simulate_two_phase_cohort(20000, 88.8, 0.61, 1.22, 15.0, accrual=12, follow_up=48, seed=5)
    km = sv.kaplan_meier(cohort)
    for month in (10.0, 30.0, 45.0):
        assert km.at(month) == pytest.approx(sv.two_phase_survival(month, 88.8, 0.61, 1.22, 15.0), abs=0.01)


def test_equal_phases_reduce_to_the_exponential_trial():
    t = np.linspace(0, 60, 61)
    np.testing.assert_allclose(sv.two_phase_survival(t, 12.0, 0.7, 0.7, 10.0),
                               sv.exponential_survival(t, 12.0 / 0.7), rtol=1e-12)


def test_a_transient_effect_is_diluted_in_the_overall_log_rank_test():
    # C-08-like shape: HR 0.61 for 15 months, then 1.22 (allegra2011phase)
    transient = sv.simulate_two_phase_trial(1336, 88.8, 0.61, 1.22, 15.0, seed=8)
    lasting = sv.simulate_two_phase_trial(1336, 88.8, 0.61, 0.61, 15.0, seed=8)
    assert lasting["pvalue"] < 1e-6 < transient["pvalue"]


@pytest.mark.parametrize("call, message", [
    (lambda: sv.two_phase_survival(1.0, 12.0, 0.0, 1.0, 10.0), "hazard ratio before the change must be a positive"),
    (lambda: sv.two_phase_survival(1.0, 12.0, 0.5, 1.0, -1.0), "change time must be a positive"),
    (lambda: sv.simulate_two_phase_cohort(0, 12.0, 0.5, 1.0, 10.0), "number of patients must be at least 1"),
    (lambda: sv.simulate_two_phase_trial(10, 12.0, 0.5, float("nan"), 10.0), "hazard ratio after the change"),
])
def test_two_phase_bad_input_names_the_parameter(call, message):
    with pytest.raises(ValueError, match=message):
        call()
