"""Plasma–tumour model of nanoparticle and free-drug delivery: analytic solution, mass balance, exposure."""

import time

import numpy as np
import pytest
from scipy.integrate import solve_ivp, trapezoid

from metastasis.models import nanoparticle as npm

CASES = [(1.0, 0.02, 0.5), (20.0, npm.NANOPARTICLE.uptake, 0.01), (5.0, 0.3, 0.3), (8.0, 0.0, 0.1),
         (np.log(2) / 0.1, 0.0, 0.1)]  # the last: no uptake and k_el = k_out (repeated eigenvalue)


@pytest.mark.parametrize("half_life, k_in, k_out", CASES)
def test_analytic_solution_matches_solve_ivp(half_life, k_in, k_out):
    k_el = np.log(2) / half_life
    t = np.linspace(0, 120, 241)
    rhs = lambda _t, y: [-(k_el + k_in) * y[0] + k_out * y[1], k_in * y[0] - k_out * y[1], k_el * y[0]]
    sol = solve_ivp(rhs, (0, 120), [1.0, 0.0, 0.0], t_eval=t, method="DOP853", rtol=1e-12, atol=1e-14)
    a = npm.amounts(t, half_life, k_in, k_out)
    np.testing.assert_allclose(a["plasma"], sol.y[0], atol=1e-10)
    np.testing.assert_allclose(a["tumour"], sol.y[1], atol=1e-10)
    np.testing.assert_allclose(a["eliminated"], sol.y[2], atol=1e-10)


@pytest.mark.parametrize("half_life, k_in, k_out", CASES)
def test_mass_balance_and_non_negativity(half_life, k_in, k_out):
    t = np.concatenate([np.linspace(0, 10, 1001), np.geomspace(10, 1e5, 200)])
    a = npm.amounts(t, half_life, k_in, k_out)
    for part in a.values():
        assert np.all(part >= 0) and np.all(part <= 1)
    np.testing.assert_allclose(a["plasma"] + a["tumour"] + a["eliminated"], 1.0, atol=1e-12)
    assert a["plasma"][0] == pytest.approx(1.0) and a["tumour"][0] == 0.0
    assert np.all(np.diff(a["eliminated"]) >= -1e-15)


@pytest.mark.parametrize("half_life, k_in, k_out", CASES[:3])
def test_auc_closed_forms_match_numerical_integration(half_life, k_in, k_out):
    t = np.linspace(0, 5000, 2_000_001)
    a = npm.amounts(t, half_life, k_in, k_out)
    assert npm.tumour_auc(half_life, k_in, k_out) == pytest.approx(trapezoid(a["tumour"], t), rel=1e-5)
    assert npm.plasma_auc(half_life, k_in, k_out) == pytest.approx(trapezoid(a["plasma"], t), rel=1e-5)
    window = t <= 48
    assert npm.tumour_auc(half_life, k_in, k_out, 48.0) == pytest.approx(
        trapezoid(a["tumour"][window], t[window]), rel=1e-6)


def test_peak_is_the_maximum_and_the_default_particle_peaks_at_the_wilhelm_median():
    for half_life, k_in, k_out in CASES[:3]:
        t_star, peak = npm.peak_tumour(half_life, k_in, k_out)
        t = np.linspace(0, 400, 400_001)
        tumour = npm.amounts(t, half_life, k_in, k_out)["tumour"]
        assert peak == pytest.approx(tumour.max(), rel=1e-6) and peak >= tumour.max()
        assert t_star == pytest.approx(t[np.argmax(tumour)], abs=2e-3)
    p = npm.NANOPARTICLE
    assert npm.peak_tumour(p.half_life, p.uptake, p.washout)[1] == pytest.approx(0.007, rel=1e-9)
    assert npm.PARAMETERS["median_delivery"]["source"] == "wilhelm2016analysis"


def test_long_circulation_and_retention_raise_tumour_exposure():
    assert npm.auc_ratio() > 10
    ratios = [npm.auc_ratio(npm.Formulation("np", h, npm.NANOPARTICLE.uptake, npm.NANOPARTICLE.washout))
              for h in (2.0, 5.0, 10.0, 20.0, 40.0)]
    assert np.all(np.diff(ratios) > 0)
    # the free drug peaks sooner; the particle's advantage is exposure over time, not an early peak
    assert npm.peak_tumour(npm.FREE_DRUG.half_life, npm.FREE_DRUG.uptake, npm.FREE_DRUG.washout)[0] < \
        npm.peak_tumour(npm.NANOPARTICLE.half_life, npm.NANOPARTICLE.uptake, npm.NANOPARTICLE.washout)[0]
    assert npm.auc_ratio(t_end=6.0) < npm.auc_ratio(t_end=96.0) < npm.auc_ratio()


def test_parameter_statuses():
    assert npm.PARAMETERS["median_delivery"]["status"] == "verified"
    assert all(row["status"] == "illustrative" for key, row in npm.PARAMETERS.items() if key != "median_delivery")


def test_explorer_model_is_fast():
    data = npm.nanoparticle_explorer_model(20.0)
    assert data["t"].shape == data["particle_tumour"].shape == data["free_plasma"].shape
    timings = []
    for h in (2.0, 5.0, 10.0, 20.0, 40.0, 80.0):
        start = time.perf_counter()
        npm.nanoparticle_explorer_model(h)
        timings.append(time.perf_counter() - start)
    assert np.median(timings) < 0.020


@pytest.mark.parametrize("call, error, message", [
    (lambda: npm.amounts(-1.0, 1.0, 0.1, 0.1), ValueError, "time cannot be negative"),
    (lambda: npm.amounts(1.0, 0.0, 0.1, 0.1), ValueError, "half-life must be a positive"),
    (lambda: npm.amounts(1.0, 1.0, -0.1, 0.1), ValueError, "uptake rate must be in"),
    (lambda: npm.amounts(1.0, 1.0, 0.1, 0.0), ValueError, "washout rate must be a positive"),
    (lambda: npm.calibrate_uptake(70, 20.0, 0.01), ValueError, "target peak must be in .* not a percentage"),
    (lambda: npm.tumour_auc(1.0, 0.1, 0.1, t_end=0.0), ValueError, "end time must be a positive"),
    (lambda: npm.auc_ratio("nanoparticle"), TypeError, "particle must be a Formulation"),
    (lambda: npm.nanoparticle_explorer_model(-5.0), ValueError, "particle half-life must be a positive"),
])
def test_bad_input_names_the_parameter(call, error, message):
    with pytest.raises(error, match=message):
        call()
