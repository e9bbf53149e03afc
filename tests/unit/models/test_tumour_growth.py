"""Gompertz growth, Skipper's log-kill and Norton–Simon: closed forms against ODEs, and what the models show."""

import time

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from metastasis.models import tumour_growth as tg

K, R, N0 = tg.CAPACITY, tg.GROWTH_RATE, tg.INITIAL_CELLS


# -- Gompertz ---------------------------------------------------------------------------------

def test_gompertz_stays_below_capacity_rises_and_approaches_it():
    t = np.linspace(0, 5000, 2001)
    n = tg.gompertz(t)
    assert n[0] == pytest.approx(N0)
    assert np.all(n < K)
    assert np.all(np.diff(n) > 0)
    assert n[-1] == pytest.approx(K, rel=1e-6)


def test_gompertz_above_capacity_falls_to_it():
    n = tg.gompertz([0, 100, 1e4], n0=3 * K)
    assert n[0] > n[1] > n[2] >= K and n[2] == pytest.approx(K, rel=1e-9)


@pytest.mark.parametrize("n0, rate", [(1.0, 0.006), (1e6, 0.02), (1e10, 0.006), (5e11, 0.1)])
def test_gompertz_closed_form_matches_the_ode(n0, rate):
    t = np.linspace(0, 400, 81)
    sol = solve_ivp(lambda _t, y: [rate * y[0] * np.log(K / y[0])], (0, 400), [n0], t_eval=t,
                    method="DOP853", rtol=1e-12, atol=1e-12)
    assert sol.success
    np.testing.assert_allclose(sol.y[0], tg.gompertz(t, n0, K, rate), rtol=1e-8)


def test_growth_rate_specific_rate_doubling_time_and_time_to_reach_agree():
    n = np.array([1.0, 1e6, 1e10])
    assert tg.gompertz_growth_rate(n) == pytest.approx(n * tg.specific_growth_rate(n))
    assert tg.gompertz_growth_rate(0.0) == 0.0
    # smaller tumours double faster
    assert np.all(np.diff(tg.doubling_time(n)) > 0)
    days = tg.time_to_reach(1e11)
    assert tg.gompertz(days) == pytest.approx(1e11)


# -- Skipper's log-kill -----------------------------------------------------------------------

def test_log_kill_is_exact_between_cycles_under_exponential_growth():
    lam, dose, interval = 0.03, 2.0, 21.0
    res = tg.simulate_schedule(dose, interval, 4, model="log-kill", growth="exponential", exp_rate=lam,
                               n0=1e9, t_end=120.0, n_points=1201)
    doses_so_far = np.searchsorted(res.dose_times, res.t, side="right")
    expected = 1e9 * np.exp(lam * res.t) * 10.0 ** (-dose * doses_so_far)
    np.testing.assert_allclose(res.cells, expected, rtol=1e-12)
    # the same fraction (99%) dies at every dose, whatever the size
    pre = 1e9 * np.exp(lam * res.dose_times) * 10.0 ** (-dose * np.arange(4))
    post = pre * 10.0 ** -dose
    assert np.allclose(post / pre, 0.01)


def test_log_kill_on_gompertz_matches_an_ode_restarted_at_each_dose():
    res = tg.simulate_schedule(1.5, 20.0, 3, model="log-kill", growth="gompertz", t_end=60.0, n_points=61)
    n, out = N0, []
    for i, t0 in enumerate(res.dose_times):
        n *= 10 ** -1.5
        t1 = res.dose_times[i + 1] if i + 1 < 3 else 60.0
        grid = res.t[(res.t >= t0) & (res.t < t1)] if t1 < 60.0 else res.t[res.t >= t0]
        sol = solve_ivp(lambda _t, y: [R * y[0] * np.log(K / y[0])], (t0, t1), [n], t_eval=grid,
                        rtol=1e-11, atol=1e-3)
        out.append(sol.y[0])
        n = tg.gompertz(t1 - t0, n)
    np.testing.assert_allclose(np.concatenate(out), res.cells, rtol=1e-7)


def test_exponential_growth_matches_gompertz_initial_rate():
    lam = R * np.log(K / N0)
    assert tg.exponential_growth(1e-6) == pytest.approx(N0 * np.exp(lam * 1e-6))
    assert tg.specific_growth_rate(N0) == pytest.approx(lam)


# -- Norton–Simon -----------------------------------------------------------------------------

def _norton_simon_ode(dose, doses, exposure, t_end, n0=N0):
    """dN/dt = r N ln(K/N)(1 − k c(t)) integrated numerically, in u = ln N so N stays positive."""
    def rhs(t, u, on):
        return [R * (np.log(K) - u[0]) * (1 - dose * on)]
    # integrate piece by piece so the solver never steps over a switch
    edges = np.unique(np.concatenate([[0.0, t_end], doses, doses + exposure]))
    edges = edges[edges <= t_end]
    u, times, cells = np.log(n0), [], []
    for a, b in zip(edges[:-1], edges[1:]):
        on = float(np.any((a >= doses) & (a < doses + exposure)))
        sol = solve_ivp(rhs, (a, b), [u], args=(on,), method="DOP853", rtol=1e-12, atol=1e-12)
        u = sol.y[0, -1]
        times.append(b)
        cells.append(np.exp(u))
    return np.array(times), np.array(cells)


@pytest.mark.parametrize("dose, interval", [(50.0, 21.0), (30.0, 14.0), (0.5, 10.0)])
def test_norton_simon_closed_form_matches_the_ode(dose, interval):
    res = tg.simulate_schedule(dose, interval, 4, t_end=4 * interval + 10, n_points=2)
    times, cells = _norton_simon_ode(dose, res.dose_times, tg.EXPOSURE_DAYS, 4 * interval + 10)
    y = np.log(N0 / K) * np.exp(-R * times + dose * R * np.clip(times[:, None] - res.dose_times, 0,
                                                                   tg.EXPOSURE_DAYS).sum(axis=1))
    np.testing.assert_allclose(cells, K * np.exp(y), rtol=1e-6)
    assert res.cells[-1] == pytest.approx(cells[-1], rel=1e-6)


def test_norton_simon_kills_small_tumours_more_and_they_regrow_faster():
    sizes = np.array([1e4, 1e7, 1e10])
    kill = tg.norton_simon_log_kill(sizes, 50.0)
    assert np.all(np.diff(kill) < 0)  # log-kill larger for the smaller tumour
    regrowth_21d = np.log10([tg.gompertz(21.0, n) / n for n in sizes])
    assert np.all(np.diff(regrowth_21d) < 0)  # and so is its regrowth (in logs) over an interval


def test_dose_dense_schedule_ends_with_fewer_cells_but_converges_without_eradication():
    standard = tg.simulate_schedule(50.0, 21.0, 6, t_end=400.0, n_points=401)
    dense = tg.simulate_schedule(50.0, 14.0, 6, t_end=400.0, n_points=401)
    assert standard.outcome == dense.outcome == "regrowth"
    assert dense.cells_at_end < standard.cells_at_end / 10
    assert dense.nadir < standard.nadir
    # at a common time after both have finished, the model gives identical tumours ...
    late = standard.t >= standard.end_of_treatment
    np.testing.assert_allclose(dense.cells[late], standard.cells[late], rtol=1e-10)
    # ... so both relapse (reach detection) on the same day
    assert dense.end_of_treatment + dense.regrowth_time == pytest.approx(
        standard.end_of_treatment + standard.regrowth_time)


def test_dose_density_can_decide_eradication():
    standard = tg.simulate_schedule(50.0, 21.0, 8)
    dense = tg.simulate_schedule(50.0, 14.0, 8)
    assert standard.outcome == "regrowth"
    assert dense.outcome == "eradicated"
    after = dense.t >= dense.eradication_time
    assert np.all(dense.cells[after] == 0) and np.all(dense.cells[~after] >= 1)


def test_log_kill_on_gompertz_does_not_favour_dose_density_at_a_common_late_time():
    """With a fixed kill per dose and Gompertz regrowth, earlier doses are offset by faster regrowth."""
    standard = tg.simulate_schedule(2.0, 21.0, 6, model="log-kill", t_end=400.0, n_points=401)
    dense = tg.simulate_schedule(2.0, 14.0, 6, model="log-kill", t_end=400.0, n_points=401)
    assert dense.cells_at_end < standard.cells_at_end
    assert dense.cells[-1] > standard.cells[-1]


def test_no_treatment_is_gompertz_and_is_uncontrolled():
    res = tg.simulate_schedule(0.0, 21.0, 3, model="none")
    np.testing.assert_allclose(res.cells, tg.gompertz(res.t))
    assert res.outcome == "uncontrolled" and np.isnan(res.regrowth_time)


def test_weak_norton_simon_dose_only_slows_growth():
    res = tg.simulate_schedule(0.5, 21.0, 6)
    assert np.all(np.diff(res.cells) >= 0)
    assert np.all(res.cells <= tg.gompertz(res.t) * (1 + 1e-12))
    assert res.nadir == pytest.approx(N0) and res.nadir_time == 0.0


def test_outcome_classes():
    assert tg.simulate_schedule(3.0, 21.0, 6, model="log-kill", growth="exponential").outcome == "eradicated"
    assert tg.simulate_schedule(50.0, 21.0, 6).outcome == "regrowth"
    assert tg.simulate_schedule(1.2, 21.0, 6).outcome == "uncontrolled"
    assert set(tg.OUTCOMES) == {"eradicated", "regrowth", "uncontrolled"}


def test_parameter_table_marks_every_default_illustrative():
    for name, row in tg.PARAMETERS.items():
        assert {"value", "unit", "source", "status"} <= set(row), name
        assert row["status"] == "illustrative", name


def test_explorer_model_is_fast_and_shaped_for_a_figure():
    data = tg.chemo_explorer_model(50.0, 14.0, 6)
    assert data["t"].shape == data["log10_cells"].shape == data["log10_untreated"].shape
    assert data["outcome"] in tg.OUTCOMES
    timings = []
    for dose in (20.0, 50.0, 80.0):
        for interval in (7.0, 14.0, 21.0):
            start = time.perf_counter()
            tg.chemo_explorer_model(dose, interval, 8)
            timings.append(time.perf_counter() - start)
    assert np.median(timings) < 0.020


# -- bad input --------------------------------------------------------------------------------

@pytest.mark.parametrize("call, error, message", [
    (lambda: tg.gompertz(-1.0), ValueError, "time cannot be negative"),
    (lambda: tg.gompertz(1.0, n0=0), ValueError, "initial cells must be a positive"),
    (lambda: tg.gompertz(1.0, capacity=float("nan")), ValueError, "capacity"),
    (lambda: tg.gompertz(1.0, rate=True), TypeError, "growth rate must be a number"),
    (lambda: tg.time_to_reach(2 * K), ValueError, "target cells must be below the capacity"),
    (lambda: tg.simulate_schedule(-1.0, 21.0), ValueError, "dose must be in"),
    (lambda: tg.simulate_schedule(1.0, 0.0), ValueError, "interval must be a positive"),
    (lambda: tg.simulate_schedule(1.0, 21.0, 0), ValueError, "number of cycles must be at least 1"),
    (lambda: tg.simulate_schedule(1.0, 21.0, 2.5), TypeError, "number of cycles must be a whole number"),
    (lambda: tg.simulate_schedule(1.0, 21.0, model="magic"), ValueError, "model must be one of"),
    (lambda: tg.simulate_schedule(1.0, 21.0, growth="linear"), ValueError, "growth must be one of"),
    (lambda: tg.simulate_schedule(1.0, 21.0, n0=2 * K), ValueError, "initial cells .* must be below the capacity"),
    (lambda: tg.simulate_schedule(1.0, 0.5, 3, exposure=1.0), ValueError, "interval .* must be at least the exposure"),
    (lambda: tg.simulate_schedule(1.0, 21.0, growth="exponential"), ValueError, "Norton–Simon model is defined on Gompertz"),
    (lambda: tg.simulate_schedule(1.0, 21.0, detection=2 * K), ValueError, "detection threshold must be below"),
])
def test_bad_input_names_the_parameter(call, error, message):
    with pytest.raises(error, match=message):
        call()


# -- equal first kill, different kill laws; treated tumours stay below the plateau --------------

@pytest.mark.parametrize("log_kill, n", [(0.5, 1e10), (1.0, 1e10), (2.0, 1e6), (0.0, 1e9)])
def test_norton_simon_dose_for_log_kill_inverts_the_log_kill(log_kill, n):
    k = tg.norton_simon_dose_for_log_kill(log_kill, n)
    assert tg.norton_simon_log_kill(n, k) == pytest.approx(log_kill, abs=1e-12)
    assert k >= 1.0  # k = 1 only cancels growth: any kill needs k > 1


def test_equal_first_kill_but_norton_simon_kills_more_as_the_tumour_shrinks():
    k = tg.norton_simon_dose_for_log_kill(1.0)
    ns = tg.simulate_schedule(k, 21.0, 6, model="norton-simon")
    lk = tg.simulate_schedule(1.0, 21.0, 6, model="log-kill")
    assert ns.nadir < lk.nadir
    assert tg.norton_simon_log_kill(1e6, k) > tg.norton_simon_log_kill(1e10, k) == pytest.approx(1.0)


@pytest.mark.parametrize("model, dose", [("norton-simon", 0.5), ("norton-simon", 60.0), ("log-kill", 0.5),
                                         ("log-kill", 2.0), ("none", 0.0)])
def test_treated_tumours_stay_below_the_plateau(model, dose):
    for interval in (7.0, 21.0, 35.0):
        result = tg.simulate_schedule(dose, interval, 6, model=model, t_end=3000.0, n_points=601)
        assert np.all(result.cells < K) and np.all(result.cells >= 0)


@pytest.mark.parametrize("call, message", [
    (lambda: tg.norton_simon_dose_for_log_kill(-1.0), "log kill cannot be negative"),
    (lambda: tg.norton_simon_dose_for_log_kill(1.0, n=2e12), "cells must be below the capacity"),
    (lambda: tg.norton_simon_dose_for_log_kill(1.0, exposure=0.0), "exposure must be a positive"),
])
def test_dose_for_log_kill_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()
