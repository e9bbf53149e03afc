"""The cascade simulator: defaults from the data, Poisson thinning, conservation, speed, bad input."""

import math
import statistics
import time

import numpy as np
import pytest

from metastasis import data
from metastasis.models import branching, cascade

STEPS = [("survival in the circulation", 0.01), ("arrest and extravasation", 0.8), ("colonisation", 0.05)]
B, D = 1.0, 0.8  # lineage survival 0.2


@pytest.fixture(scope="module")
def efficiency():
    return data.load("cascade_efficiency").set_index("quantity")


# -- defaults --------------------------------------------------------------------------------------

def test_default_steps_come_from_the_data_with_their_status(efficiency):
    steps = {s.name: s for s in cascade.default_steps()}
    rows = {"survival in the circulation": "injected cells alive at 24 h",
            "arrest and extravasation": "injected cells that survive and extravasate by 24 h",
            "micrometastasis formation": "injected cells forming micrometastases"}
    for name, quantity in rows.items():
        row = efficiency.loc[quantity]
        assert steps[name].probability == pytest.approx(row["value"] / 100)
        assert steps[name].verified == bool(row["verified"])
        assert steps[name].source == row["source"]
    assert steps["survival in the circulation"].probability == pytest.approx(0.01)   # Fidler 1970
    assert steps["arrest and extravasation"].probability == pytest.approx(0.80)      # Koop 1995
    assert not steps["micrometastasis formation"].verified                           # Luzzi 1998
    assert "UNVERIFIED" in steps["micrometastasis formation"].note
    verified_only = cascade.default_steps(include_unverified=False)
    assert [s.name for s in verified_only] == ["survival in the circulation", "arrest and extravasation"]
    assert all(s.verified for s in verified_only)


def test_default_parameters_expose_which_values_are_verified():
    params = {p.name: p for p in cascade.default_parameters()}
    assert params["shedding per g of tumour"].value == pytest.approx(3.2e6)
    assert params["shedding per g of tumour"].verified
    assert params["net growth rate b − d"].verified
    for name in ("micrometastasis formation", "extinction probability d/b", "birth rate b", "death rate d"):
        assert not params[name].verified, name
        assert "UNVERIFIED" in params[name].note or "illustrative" in params[name].note
    assert all(p.verified is True or p.verified is False for p in params.values())


def test_default_growth_is_coumans_doubling_time_with_luzzi_attrition(efficiency):
    g = cascade.default_growth()
    doubling_days = efficiency.loc["tumour doubling time (human calibration)", "value"] * 365.25 / 12
    assert g.birth - g.death == pytest.approx(math.log(2) / doubling_days)
    assert math.exp((g.birth - g.death) * doubling_days) == pytest.approx(2.0)
    assert g.death / g.birth == pytest.approx(0.99)
    assert g.death / g.birth == pytest.approx(1 - 0.02 / 2)


def test_shedding_rate_and_human_calibration():
    assert cascade.shedding_rate(10.0) == pytest.approx(3.2e7)
    assert cascade.shedding_rate(2.0, per_gram_per_day=100) == 200
    assert cascade.human_calibration_probability() == pytest.approx(1 / 6e7)


def test_mouse_chain_and_the_gap_to_the_human_calibration():
    p = cascade.overall_probability()
    assert p == pytest.approx(0.01 * 0.8 * 0.02 * 0.01)
    assert cascade.calibration_gap() == pytest.approx(p * 6e7)
    assert cascade.calibration_gap() == pytest.approx(96.0)
    verified = cascade.default_steps(include_unverified=False)
    assert cascade.overall_probability(verified, 1.0, 0.0) == pytest.approx(0.008)


# -- the analytic result: thinning keeps a Poisson process Poisson ----------------------------------

def test_poisson_thinning_mean_and_variance():
    s, days, n = 2_000.0, 30.0, 40_000
    run = cascade.simulate(s, days, STEPS, B, D, n_patients=n, seed=42)
    lam = s * days * 0.01 * 0.8 * 0.05 * 0.2
    assert run.expected == pytest.approx(lam)
    assert cascade.expected_metastases(s, days, STEPS, B, D) == pytest.approx(lam)
    m = run.metastases
    assert abs(m.mean() - lam) < 4.5 * math.sqrt(lam / n)
    assert abs(m.var() - lam) < 4.5 * lam * math.sqrt(2 / n) + 4.5 * math.sqrt(lam / n)
    assert abs((m == 0).mean() - math.exp(-lam)) < 4.5 * math.sqrt(math.exp(-lam) * (1 - math.exp(-lam)) / n)
    # every intermediate count is Poisson with the thinned mean
    running = s * days
    for i, (_, p) in enumerate(STEPS + [("lineage", 0.2)]):
        running *= p
        col = run.passed[:, i]
        assert abs(col.mean() - running) < 4.5 * math.sqrt(running / n), i
        assert col.var() == pytest.approx(running, rel=0.06), i


def test_histogram_matches_the_poisson_pmf():
    run = cascade.simulate(500.0, 100.0, STEPS, B, D, n_patients=50_000, seed=1)
    lam = run.expected
    k = np.arange(0, 40)
    hist = np.bincount(run.metastases, minlength=k.size)[: k.size] / run.metastases.size
    pmf = cascade.metastasis_pmf(k, 500.0, 100.0, STEPS, B, D)
    assert 0.5 * np.abs(hist - pmf).sum() < 0.01  # total variation distance
    assert pmf.sum() == pytest.approx(1.0, abs=1e-12)
    assert lam == pytest.approx(4.0)


def test_fixed_shedding_gives_binomial_counts():
    n = 40_000
    run = cascade.simulate(100.0, 10.0, STEPS, B, D, n_patients=n, seed=3, shedding="fixed")
    assert np.all(run.shed == 1000)
    p = 0.01 * 0.8 * 0.05 * 0.2
    m = run.metastases
    assert abs(m.mean() - 1000 * p) < 4.5 * math.sqrt(1000 * p * (1 - p) / n)
    assert m.var() == pytest.approx(1000 * p * (1 - p), rel=0.1)


def test_conservation_at_every_step():
    run = cascade.simulate(1e6, 365.0, n_patients=500, seed=9)
    assert run.steps[-1] == cascade.LINEAGE_STEP
    assert run.entered.shape == run.passed.shape == (500, len(run.steps))
    np.testing.assert_array_equal(run.passed + run.lost, run.entered)
    np.testing.assert_array_equal(run.entered[:, 1:], run.passed[:, :-1])
    assert np.all(run.lost >= 0) and np.all(run.passed >= 0)
    np.testing.assert_array_equal(run.shed, run.entered[:, 0])
    np.testing.assert_array_equal(run.metastases, run.passed[:, -1])
    # total: every shed cell ends in exactly one place (lost at some step, or a metastasis)
    np.testing.assert_array_equal(run.lost.sum(axis=1) + run.metastases, run.shed)
    means = run.mean_counts()
    assert list(means) == list(run.steps)
    assert set(run.unverified) == {"micrometastasis formation", cascade.LINEAGE_STEP}


def test_huge_tumours_are_fine():
    # a 10 g tumour shedding for a year: 1.2e10 cells, drawn without a per-cell loop
    run = cascade.simulate(cascade.shedding_rate(10.0), 365.0, n_patients=200, seed=0)
    assert run.shed.mean() == pytest.approx(3.2e7 * 365, rel=1e-4)
    assert run.metastases.mean() == pytest.approx(run.expected, rel=0.02)


def test_same_seed_same_counts():
    a = cascade.simulate(1e4, 30.0, n_patients=300, seed=5)
    b = cascade.simulate(1e4, 30.0, n_patients=300, seed=5)
    c = cascade.simulate(1e4, 30.0, n_patients=300, seed=6)
    np.testing.assert_array_equal(a.entered, b.entered)
    np.testing.assert_array_equal(a.passed, b.passed)
    assert not np.array_equal(a.passed, c.passed)


def test_steps_given_as_a_mapping_or_step_objects():
    a = cascade.simulate(1e3, 10.0, dict(STEPS), B, D, n_patients=100, seed=2)
    b = cascade.simulate(1e3, 10.0, [cascade.Step(n, p) for n, p in STEPS], B, D, n_patients=100, seed=2)
    np.testing.assert_array_equal(a.passed, b.passed)
    assert a.unverified == ()


def test_certain_and_impossible_steps():
    run = cascade.simulate(50.0, 2.0, [("all pass", 1.0)], 1.0, 0.0, n_patients=100, seed=4)
    np.testing.assert_array_equal(run.metastases, run.shed)
    run = cascade.simulate(50.0, 2.0, [("none pass", 0.0)], 1.0, 0.0, n_patients=100, seed=4)
    assert np.all(run.metastases == 0)
    run = cascade.simulate(50.0, 2.0, [("all pass", 1.0)], 1.0, 1.0, n_patients=100, seed=4)
    assert np.all(run.metastases == 0)  # b = d: every lineage dies out


# -- Poisson helpers ---------------------------------------------------------------------------------

@pytest.mark.parametrize("lam", [0.0, 0.3, 4.0, 57.5])
def test_poisson_pmf_and_tail(lam):
    k = np.arange(0, 400)
    pmf = cascade.poisson_pmf(k, lam)
    assert pmf.sum() == pytest.approx(1.0, abs=1e-12)
    for j in (0, 1, 5, 12):
        assert cascade.poisson_pmf(j, lam) == pytest.approx(math.exp(-lam) * lam ** j / math.factorial(j), rel=1e-12)
        assert cascade.poisson_sf(j, lam) == pytest.approx(pmf[j:].sum(), rel=1e-10, abs=1e-300)


def test_poisson_tail_is_accurate_far_out():
    exact = sum(math.exp(-0.01) * 0.01 ** j / math.factorial(j) for j in range(5, 40))
    assert cascade.poisson_sf(5, 0.01) == pytest.approx(exact, rel=1e-10)


# -- the explorer model -------------------------------------------------------------------------------

def test_explorer_model_outputs():
    out = cascade.explorer_model(1e4, 0.02, days=365.0, birth=B, death=D)
    lam = 1e4 * 365 * 0.01 * 0.8 * 0.02 * 0.2
    assert out["mean"] == pytest.approx(lam)
    assert out["pmf"].sum() == pytest.approx(1.0, abs=1e-9)
    assert out["simulated"].sum() == pytest.approx(1.0)
    assert out["k"].size == out["pmf"].size == out["simulated"].size
    assert out["simulated_mean"] == pytest.approx(lam, rel=0.05)
    assert out["p_any"] == pytest.approx(1 - math.exp(-lam))
    assert out["unverified"] == ()


def test_explorer_mean_grows_with_both_sliders():
    means = [[cascade.explorer_model(s, p)["mean"] for p in (1e-4, 1e-3, 1e-2, 0.1)] for s in (10, 1e3, 1e5)]
    means = np.array(means)
    assert np.all(np.diff(means, axis=0) > 0) and np.all(np.diff(means, axis=1) > 0)
    assert cascade.explorer_model(0.0, 0.5)["mean"] == 0.0
    assert cascade.explorer_model(0.0, 0.5)["pmf"][0] == 1.0


@pytest.mark.parametrize("shed, p", [(10.0, 1e-3), (3.2e7, 0.02), (3.2e7, 1.0)])
def test_explorer_model_is_fast(shed, p):
    cascade.explorer_model(shed, p)  # warm the data cache
    times = []
    for seed in range(40):
        start = time.perf_counter()
        cascade.explorer_model(shed, p, seed=seed)
        times.append(time.perf_counter() - start)
    assert statistics.median(times) < 0.020


# -- bad input -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("call, error, message", [
    (lambda: cascade.Step("x", 1.2), ValueError, r"probability of step 'x' must be in \[0, 1\]"),
    (lambda: cascade.Step("x", float("nan")), ValueError, "probability of step 'x'"),
    (lambda: cascade.Step("x", "0.5"), TypeError, "probability of step 'x' must be a number"),
    (lambda: cascade.Step("", 0.5), TypeError, "name"),
    (lambda: cascade.simulate(1e3, 10.0, {"a": -0.1}, B, D), ValueError, "probability of step 'a'"),
    (lambda: cascade.simulate(1e3, 10.0, [("a", 0.5, 3)], B, D), TypeError, "each step"),
    (lambda: cascade.simulate(1e3, 10.0, "abc", B, D), TypeError, "steps must be"),
    (lambda: cascade.simulate(1e3, 10.0, [("a", 0.5), ("a", 0.5)], B, D), ValueError, "unique"),
    (lambda: cascade.simulate(-1.0, 10.0), ValueError, "shedding rate .* cannot be negative"),
    (lambda: cascade.simulate(1e3, float("nan")), ValueError, "duration"),
    (lambda: cascade.simulate(1e3, 10.0, n_patients=0), ValueError, "n_patients must be at least 1"),
    (lambda: cascade.simulate(1e3, 10.0, n_patients=10.0), TypeError, "n_patients must be a whole number"),
    (lambda: cascade.simulate(1e3, 10.0, seed=0.5), TypeError, "seed"),
    (lambda: cascade.simulate(1e3, 10.0, shedding="constant"), ValueError, "shedding must be"),
    (lambda: cascade.simulate(1e3, 10.0, birth=1.0), ValueError, "give both the birth rate and the death rate"),
    (lambda: cascade.simulate(1e3, 10.0, birth=1.0, death=-1.0), ValueError, "death rate"),
    (lambda: cascade.simulate(1e12, 1e4), ValueError, "beyond what the simulator draws"),
    (lambda: cascade.explorer_model(1e3, 1.5), ValueError, "colonisation probability"),
    (lambda: cascade.shedding_rate(0.0), ValueError, "tumour mass"),
    (lambda: cascade.default_steps(include_unverified="yes"), TypeError, "include_unverified"),
    (lambda: cascade.poisson_pmf(1.5, 2.0), ValueError, "count must be whole"),
    (lambda: cascade.poisson_pmf(1, -2.0), ValueError, "mean cannot be negative"),
    (lambda: cascade.poisson_sf(1.0, 2.0), TypeError, "threshold must be a whole number"),
])
def test_bad_input_names_the_parameter(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_the_simulator_uses_the_lineage_survival_from_branching():
    run = cascade.simulate(10.0, 1.0, [("a", 1.0)], 3.0, 1.0, n_patients=1, seed=0)
    assert run.probabilities[-1] == pytest.approx(branching.survival_probability(3.0, 1.0)) == pytest.approx(2 / 3)
