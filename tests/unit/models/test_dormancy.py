"""Dormant cells: competing risks, limits, the relapse curve, and simulation against the formulas."""

import math
import statistics
import time

import numpy as np
import pytest

from metastasis.models import branching, cascade, dormancy as dm

W, DELTA = 2e-3, 1e-3
B, D = 1.0, 0.5  # lineage: survives with 1/2, reaches 10⁹ cells in ln(10⁹)/0.5 ≈ 41 days
T = np.linspace(0, 5000, 101)


def tolerance(p, n, z=4.5):
    return z * math.sqrt(p * (1 - p) / n) + 1e-12


def test_competing_risks_add_up_and_stay_in_range():
    woken, died, dormant = dm.woken_by(T, W, DELTA), dm.died_by(T, W, DELTA), dm.still_dormant(T, W, DELTA)
    for arr in (woken, died, dormant):
        assert np.all((arr >= 0) & (arr <= 1))
    np.testing.assert_allclose(woken + died + dormant, 1.0, atol=1e-14)
    assert np.all(np.diff(woken) > 0) and np.all(np.diff(dormant) < 0)
    assert woken[0] == 0 and dormant[0] == 1
    assert dm.woken_by(1e7, W, DELTA) == pytest.approx(dm.ever_wakes(W, DELTA)) == pytest.approx(2 / 3)


def test_limits():
    assert dm.ever_wakes(1e-12, 1e-3) == pytest.approx(0.0, abs=1e-8)  # w → 0: never wakes
    assert dm.ever_wakes(0.0, 1e-3) == 0.0
    assert dm.ever_wakes(1e-3, 1e-12) == pytest.approx(1.0, abs=1e-8)  # δ → 0: all wake
    assert dm.ever_wakes(1e-3, 0.0) == 1.0
    assert dm.woken_by(1e9, 1e-3, 0.0) == pytest.approx(1.0)
    assert dm.ever_wakes(0.0, 0.0) == 0.0 and dm.woken_by(100.0, 0.0, 0.0) == 0.0  # sleeps for ever
    assert dm.still_dormant(100.0, 0.0, 0.0) == 1.0
    assert dm.median_waking_time(0.0, 1e-3) == math.inf


def test_waking_time_density_and_median():
    t = np.linspace(0, 20_000, 200_001)
    dens = dm.waking_time_density(t, W, DELTA)
    integral = np.sum((dens[1:] + dens[:-1]) / 2 * np.diff(t))
    assert integral == pytest.approx(dm.ever_wakes(W, DELTA), rel=1e-6)
    median = dm.median_waking_time(W, DELTA)
    assert median == pytest.approx(math.log(2) / (W + DELTA))
    assert dm.woken_by(median, W, DELTA) == pytest.approx(dm.ever_wakes(W, DELTA) / 2)


def test_rate_from_daily_probability():
    assert 1 - math.exp(-dm.rate_from_daily_probability(0.01)) == pytest.approx(0.01)
    assert dm.rate_from_daily_probability(0.0) == 0.0
    assert dm.rate_from_daily_probability(1e-4) == pytest.approx(1e-4, rel=1e-4)
    assert dm.rate_from_daily_probability(1.0) == math.inf


def test_detection_delay_is_an_explicit_assumption():
    assert dm.detection_delay(B, D) == pytest.approx(math.log(1e9) / 0.5)
    assert dm.detection_delay(B, D, detectable_cells=1e6) == pytest.approx(math.log(1e6) / 0.5)
    assert dm.detection_delay(0.5, 0.5) == math.inf
    g = cascade.default_growth()
    assert dm.detection_delay() == pytest.approx(math.log(1e9) / (g.birth - g.death))
    assert dm.detection_delay() / dm.YEAR_DAYS == pytest.approx(4.24, abs=0.01)


def test_relapse_curve_shape():
    n = 30
    curve = dm.relapse_probability(T, n, W, DELTA, B, D)
    delay = dm.detection_delay(B, D)
    assert np.all(curve[T <= delay] == 0)
    assert np.all((curve >= 0) & (curve <= 1))
    assert np.all(np.diff(curve) >= 0)
    plateau = dm.eventual_relapse_probability(n, W, DELTA, B, D)
    assert plateau == pytest.approx(1 - (1 - 0.5 * 2 / 3) ** n)
    assert dm.relapse_probability(1e8, n, W, DELTA, B, D) == pytest.approx(plateau)
    assert dm.relapse_probability(3000.0, 0, W, DELTA, B, D) == 0.0
    # more dormant cells → more relapse; a lineage that cannot grow → none
    more = dm.relapse_probability(T, 3 * n, W, DELTA, B, D)
    assert np.all(more >= curve) and more[-1] > curve[-1]
    assert np.all(dm.relapse_probability(T, n, W, DELTA, 0.5, 0.5) == 0)
    median = dm.median_relapse_time(n, W, DELTA, B, D)
    assert dm.relapse_probability(median, n, W, DELTA, B, D) == pytest.approx(plateau / 2)


@pytest.mark.parametrize("w, delta, n", [(W, DELTA, 20), (1e-4, 5e-3, 100), (5e-3, 0.0, 3)])
def test_cell_by_cell_simulation_matches_the_formulas(w, delta, n):
    patients = 20_000
    times = dm.simulate_cells(patients, n, w, delta, B, D, seed=17)
    for t in (100.0, 500.0, 2000.0, 1e6):
        p = dm.relapse_probability(t, n, w, delta, B, D)
        assert abs((times <= t).mean() - p) < tolerance(p, patients), t
    # one cell: the fraction of cells that ever wake
    one = dm.simulate_cells(patients, 1, w, delta, 1.0, 0.0, seed=3)
    assert abs(np.isfinite(one).mean() - dm.ever_wakes(w, delta)) < tolerance(dm.ever_wakes(w, delta), patients)


def test_fast_sampler_agrees_with_the_cell_by_cell_simulation_and_the_formula():
    n, patients = 50, 100_000
    fast = dm.sample_relapse_times(patients, n, W, DELTA, B, D, seed=4)
    slow = dm.simulate_cells(20_000, n, W, DELTA, B, D, seed=5)
    for t in (200.0, 1000.0, 5000.0):
        p = dm.relapse_probability(t, n, W, DELTA, B, D)
        assert abs((fast <= t).mean() - p) < tolerance(p, patients)
        assert abs((slow <= t).mean() - p) < tolerance(p, 20_000)
    median = dm.median_relapse_time(n, W, DELTA, B, D)
    assert np.median(fast[np.isfinite(fast)]) == pytest.approx(median, rel=0.02)


def test_same_seed_same_relapse_times():
    for sim in (dm.simulate_cells, dm.sample_relapse_times):
        a = sim(500, 10, W, DELTA, B, D, seed=9)
        np.testing.assert_array_equal(a, sim(500, 10, W, DELTA, B, D, seed=9))
        assert not np.array_equal(a, sim(500, 10, W, DELTA, B, D, seed=10))


def test_explorer_model_outputs():
    out = dm.relapse_explorer_model(1e-3, 1e-3, n_cells=100)
    assert out["years"][0] == 0 and out["years"][-1] == 20 and out["years"].size == 241
    assert np.all((out["relapse"] >= 0) & (out["relapse"] <= 1)) and np.all(np.diff(out["relapse"]) >= 0)
    assert out["relapse"][-1] <= out["plateau"] + 1e-15
    assert out["ever_wakes"] == pytest.approx(0.5)
    assert out["median_waking_years"] == pytest.approx(math.log(2) / 2e-3 / 365.25)
    assert out["detect_years"] < out["median_relapse_years"]
    g = cascade.default_growth()
    assert out["plateau"] == pytest.approx(1 - (1 - (1 - g.death / g.birth) * 0.5) ** 100)


@pytest.mark.parametrize("w, delta", [(1e-4, 1e-4), (1e-3, 1e-2), (1e-2, 0.0)])
def test_explorer_model_is_fast(w, delta):
    dm.relapse_explorer_model(w, delta)  # warm the data cache
    times = []
    for _ in range(40):
        start = time.perf_counter()
        dm.relapse_explorer_model(w, delta)
        times.append(time.perf_counter() - start)
    assert statistics.median(times) < 0.020


@pytest.mark.parametrize("call, error, message", [
    (lambda: dm.woken_by(10.0, -1e-3, 1e-3), ValueError, "wake rate .* cannot be negative"),
    (lambda: dm.woken_by(10.0, 1e-3, -1e-3), ValueError, "dormant death rate .* cannot be negative"),
    (lambda: dm.woken_by(10.0, float("nan"), 1e-3), ValueError, "wake rate"),
    (lambda: dm.woken_by(10.0, "0.1", 1e-3), TypeError, "wake rate"),
    (lambda: dm.woken_by(-1.0, 1e-3, 1e-3), ValueError, "time .* cannot be negative"),
    (lambda: dm.rate_from_daily_probability(1.5), ValueError, "daily probability"),
    (lambda: dm.relapse_probability(10.0, -1, W, DELTA, B, D), ValueError, "number of dormant cells"),
    (lambda: dm.relapse_probability(10.0, 2.5, W, DELTA, B, D), TypeError, "number of dormant cells"),
    (lambda: dm.relapse_probability(10.0, 5, W, DELTA, B), ValueError, "give both the birth rate"),
    (lambda: dm.detection_delay(B, D, detectable_cells=0.5), ValueError, "size must be at least 1"),
    (lambda: dm.simulate_cells(10, 5, W, DELTA, B, D, seed=1.0), TypeError, "seed"),
    (lambda: dm.simulate_cells(10_000, 10_000, W, DELTA, B, D), ValueError, "too many cells"),
    (lambda: dm.sample_relapse_times(0, 5, W, DELTA, B, D), ValueError, "n_patients must be at least 1"),
    (lambda: dm.relapse_explorer_model(W, DELTA, years=[-1.0, 2.0]), ValueError, "years cannot be negative"),
])
def test_bad_input_names_the_parameter(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_dormancy_uses_the_branching_survival():
    p1 = dm.metastasis_by(1e9, 1e-3, 0.0, 3.0, 1.0)
    assert p1 == pytest.approx(branching.survival_probability(3.0, 1.0))


def test_detection_delay_given_survival_is_shorter():
    g = cascade.default_growth()
    short = dm.detection_delay(given_survival=True)
    assert short == pytest.approx(math.log1p((g.birth - g.death) * (1e9 - 1) / g.birth) / (g.birth - g.death))
    assert (dm.detection_delay() - short) / dm.YEAR_DAYS == pytest.approx(0.94, abs=0.01)
