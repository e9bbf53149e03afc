"""CTCs in the blood: steady state against the ODE, half-life arithmetic, Poisson counts, clusters."""

import math

import numpy as np
import pytest

from metastasis import data
from metastasis.models import ctc


def test_steady_state_formula_and_worked_number():
    s = 10 * 3.2e6  # a 10 g tumour at Butler & Gullino's rate, cells per day
    n_inf = ctc.steady_state(s, 1.5)
    assert n_inf == pytest.approx(s * 1.5 / 24 / math.log(2))
    assert n_inf == pytest.approx(2.885e6, rel=1e-3)
    per_sample = ctc.per_sample(n_inf)
    assert per_sample == pytest.approx(n_inf * 7.5 / 5000)
    assert ctc.expected_count(s, 1.5) == pytest.approx(per_sample)
    assert ctc.expected_count(s, 1.5, detection_efficiency=0.5) == pytest.approx(per_sample / 2)
    assert ctc.steady_state(0.0, 1.5) == 0.0


def test_half_life_arithmetic():
    assert ctc.surviving_fraction(6.0, 1.5) == pytest.approx(2 ** -4) == pytest.approx(0.0625)
    assert ctc.surviving_fraction([0.0, 1.5, 3.0], 1.5) == pytest.approx([1.0, 0.5, 0.25])
    assert ctc.clearance_rate(1.5) == pytest.approx(math.log(2) / 1.5)
    # the steady state is the shedding rate times the mean residence time t½/ln2
    assert ctc.steady_state(24.0, 2.0) == pytest.approx(2.0 / math.log(2))


def ode_rk4(s_per_hour, k, n0, t_end, dt=1e-3):
    n, t = n0, 0.0
    steps = int(round(t_end / dt))
    f = lambda x: s_per_hour - k * x  # noqa: E731
    for _ in range(steps):
        k1 = f(n)
        k2 = f(n + dt / 2 * k1)
        k3 = f(n + dt / 2 * k2)
        k4 = f(n + dt * k3)
        n += dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        t += dt
    return n


@pytest.mark.parametrize("solver", ["scipy", "numpy-rk4"])
@pytest.mark.parametrize("n0", [0.0, 5e6])
def test_approach_matches_the_ode(solver, n0):
    s, half = 3.2e7, 1.5
    k = math.log(2) / half
    times = [0.5, 1.5, 4.0, 12.0]
    if solver == "scipy":
        integrate = pytest.importorskip("scipy.integrate")  # scipy is not in requirements.txt
        sol = integrate.solve_ivp(lambda t, n: s / 24 - k * n, (0, times[-1]), [n0], t_eval=times,
                                  rtol=1e-11, atol=1e-6)
        numeric = sol.y[0]
    else:
        numeric = [ode_rk4(s / 24, k, n0, t) for t in times]
    assert ctc.approach(times, s, half, initial=n0) == pytest.approx(numeric, rel=1e-8)


def test_approach_limits():
    s, half = 1e5, 2.0
    assert ctc.approach(0.0, s, half) == 0.0
    assert ctc.approach(0.0, s, half, initial=123.0) == 123.0
    assert ctc.approach(1e3, s, half) == pytest.approx(ctc.steady_state(s, half))
    # one half-life after shedding starts, the blood holds half the steady state
    assert ctc.approach(half, s, half) == pytest.approx(ctc.steady_state(s, half) / 2)
    t = np.linspace(0, 20, 50)
    assert np.all(np.diff(ctc.approach(t, s, half)) > 0)


@pytest.mark.parametrize("mean", [0.0, 0.2, 3.0, 4.9, 50.0, 4328.0])
def test_poisson_counts_sum_to_one(mean):
    k = np.arange(0, int(mean + 20 * math.sqrt(mean) + 50))
    assert ctc.count_pmf(k, mean).sum() == pytest.approx(1.0, abs=1e-10)
    assert ctc.prob_at_least(mean) == pytest.approx(1 - ctc.count_pmf(np.arange(5), mean).sum(), abs=1e-12)
    assert ctc.prob_at_least(mean, threshold=0) == 1.0


def test_probability_of_reaching_the_threshold_rises_with_the_mean():
    means = np.concatenate([[0.0], np.logspace(-3, 2, 60)])
    p = np.array([ctc.prob_at_least(m) for m in means])
    assert p[0] == 0.0
    assert np.all(np.diff(p) >= 0)
    below_one = p[1:] < 1 - 1e-12  # strictly rising until it rounds to 1 in floating point
    assert np.all(np.diff(p)[below_one] > 0) and below_one.sum() > 50
    assert np.all((p >= 0) & (p <= 1))
    assert ctc.prob_at_least(3.0) == pytest.approx(1 - math.exp(-3) * (1 + 3 + 4.5 + 4.5 + 3.375))
    assert ctc.prob_at_least(ctc.expected_count(3.2e7, 1.5)) == 1.0


def test_threshold_and_sample_volume_match_the_data():
    iv = data.load("interventions").set_index("outcome_id")
    assert "≥5 CTCs per 7.5 mL" in iv.loc["IV-S01", "arm"]
    assert iv.loc["IV-S01", "source"] == "cristofanilli2004circulating"
    assert (ctc.CTC_THRESHOLD, ctc.SAMPLE_ML) == (5, 7.5)


def test_half_life_bounds_come_from_meng_2004():
    assert ctc.half_life_bounds_hours() == (1.0, 2.4)


def test_cluster_baseline_is_at_most_k_fold():
    b, d = 1.0, 0.9
    for k in (1, 2, 5, 20, 50):
        assert ctc.cluster_outgrowth_probability(k, b, d) == pytest.approx(1 - 0.9 ** k)
        fold = ctc.cluster_fold_advantage(k, b, d)
        assert 1.0 <= fold <= k + 1e-12
    assert ctc.cluster_fold_advantage(1, b, d) == pytest.approx(1.0)
    # with d/b close to 1 independent lineages give almost exactly k-fold
    assert ctc.cluster_fold_advantage(30, 1.0, 0.9999) == pytest.approx(30, rel=2e-3)
    assert ctc.ACETO_CLUSTER_FOLD == (23.0, 50.0)


@pytest.mark.parametrize("call, error, message", [
    (lambda: ctc.steady_state(-1.0, 1.5), ValueError, "shedding rate .* cannot be negative"),
    (lambda: ctc.steady_state(1e6, 0.0), ValueError, "half-life"),
    (lambda: ctc.steady_state(1e6, float("nan")), ValueError, "half-life"),
    (lambda: ctc.steady_state("1e6", 1.5), TypeError, "shedding rate"),
    (lambda: ctc.approach(-1.0, 1e6, 1.5), ValueError, "time .* cannot be negative"),
    (lambda: ctc.approach(1.0, 1e6, 1.5, initial=-3), ValueError, "initial number of CTCs"),
    (lambda: ctc.surviving_fraction(1.0, -2.0), ValueError, "half-life"),
    (lambda: ctc.per_sample(-5.0), ValueError, "number of CTCs in the blood cannot be negative"),
    (lambda: ctc.per_sample(5.0, sample_ml=10.0, blood_volume_ml=5.0), ValueError, "sample volume"),
    (lambda: ctc.per_sample(5.0, blood_volume_ml=0.0), ValueError, "blood volume"),
    (lambda: ctc.expected_count(1e6, 1.5, detection_efficiency=1.2), ValueError, "detection efficiency"),
    (lambda: ctc.prob_at_least(-1.0), ValueError, "mean cannot be negative"),
    (lambda: ctc.prob_at_least(2.0, threshold=4.5), TypeError, "threshold"),
    (lambda: ctc.cluster_outgrowth_probability(0, 1.0, 0.5), ValueError, "cluster size must be at least 1"),
    (lambda: ctc.cluster_outgrowth_probability(2.5, 1.0, 0.5), TypeError, "cluster size"),
    (lambda: ctc.cluster_fold_advantage(3, 0.5, 0.5), ValueError, "no lineage survives"),
])
def test_bad_input_names_the_parameter(call, error, message):
    with pytest.raises(error, match=message):
        call()
