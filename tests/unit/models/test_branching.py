"""The birth–death lineage: d/b, the closed form against the forward equations and two simulations."""

import math

import numpy as np
import pytest

from metastasis.models import branching as br

RATES = [(1.0, 0.5), (1.0, 0.9), (2.0, 0.2), (1.34, 1.326)]


def binomial_tolerance(p: float, n: int, z: float = 4.5) -> float:
    return z * math.sqrt(p * (1 - p) / n) + 1e-12


# -- extinction -----------------------------------------------------------------------------------

@pytest.mark.parametrize("b, d", RATES)
def test_extinction_is_d_over_b_when_births_win(b, d):
    assert br.extinction_probability(b, d) == pytest.approx(d / b)
    assert br.survival_probability(b, d) == pytest.approx(1 - d / b)
    assert br.extinction_probability(b, d, founders=3) == pytest.approx((d / b) ** 3)


@pytest.mark.parametrize("b, d", [(0.5, 0.5), (0.5, 1.0), (1e-3, 2.0)])
def test_extinction_is_certain_when_deaths_keep_up(b, d):
    assert br.extinction_probability(b, d) == 1.0
    assert br.survival_probability(b, d, founders=10) == 0.0
    # and the finite-time probability climbs to 1 (slowly, like 1 − 1/(bt), when b = d)
    assert br.extinct_by(1e9, b, d) == pytest.approx(1.0, abs=1e-6)


def test_no_deaths_means_no_extinction():
    assert br.extinction_probability(1.0, 0.0) == 0.0
    assert br.extinct_by([0.0, 5.0, 1e3], 1.0, 0.0) == pytest.approx([0, 0, 0])


@pytest.mark.parametrize("b, d", RATES[:3])
def test_simulated_extinction_fraction_matches_d_over_b(b, d):
    n = 20_000
    extinct = br.simulate_fate(b, d, n, seed=11)
    assert abs(extinct.mean() - d / b) < binomial_tolerance(d / b, n)


@pytest.mark.parametrize("b, d", RATES)
def test_finite_time_extinction_rises_to_d_over_b(b, d):
    t = np.array([0.0, 0.1, 1.0, 10.0, 100.0, 1e4])
    alpha = br.extinct_by(t, b, d)
    assert alpha[0] == 0.0
    assert np.all(np.diff(alpha) >= 0)
    assert np.all(alpha <= d / b + 1e-15)
    assert alpha[-1] == pytest.approx(d / b, rel=1e-12)


# -- the closed form --------------------------------------------------------------------------------

def test_closed_form_formula_and_critical_case():
    b, d, t = 1.0, 0.6, 2.0
    e = math.exp((b - d) * t)
    assert br.extinct_by(t, b, d) == pytest.approx(d * (e - 1) / (b * e - d))
    assert br.geometric_ratio(t, b, d) == pytest.approx(b * (e - 1) / (b * e - d))
    # b = d: α = β = bt/(1 + bt), and the formula is continuous there
    assert br.extinct_by(2.0, 0.7, 0.7) == pytest.approx(1.4 / 2.4)
    assert br.extinct_by(2.0, 0.7, 0.7 * (1 - 1e-9)) == pytest.approx(1.4 / 2.4, rel=1e-7)


@pytest.mark.parametrize("b, d, t", [(1.0, 0.5, 3.0), (1.0, 1.0, 2.0), (0.5, 1.5, 1.0), (1.34, 1.326, 30.0)])
def test_pmf_sums_to_one_with_the_right_mean_and_variance(b, d, t):
    n = np.arange(0, 20_000)
    p = br.size_pmf(n, t, b, d)
    assert np.all(p >= 0)
    assert p.sum() == pytest.approx(1.0, abs=1e-10)
    assert (n * p).sum() == pytest.approx(br.expected_size(t, b, d), rel=1e-9)
    mean = (n * p).sum()
    assert ((n - mean) ** 2 * p).sum() == pytest.approx(br.size_variance(t, b, d), rel=1e-8)
    assert p[0] == pytest.approx(br.extinct_by(t, b, d))
    assert (n * p)[1:].sum() / p[1:].sum() == pytest.approx(br.expected_size_if_alive(t, b, d), rel=1e-9)


def test_pgf_checks():
    b, d, t = 1.0, 0.4, 2.5
    assert br.pgf(1.0, t, b, d) == pytest.approx(1.0)
    assert br.pgf(0.0, t, b, d) == pytest.approx(br.extinct_by(t, b, d))
    h = 1e-6
    slope = (br.pgf(1.0, t, b, d) - br.pgf(1.0 - h, t, b, d)) / h
    assert slope == pytest.approx(br.expected_size(t, b, d), rel=1e-4)
    s = np.linspace(0, 0.99, 7)
    n = np.arange(0, 5000)
    direct = (br.size_pmf(n, t, b, d)[None, :] * s[:, None] ** n[None, :]).sum(axis=1)
    assert br.pgf(s, t, b, d) == pytest.approx(direct, rel=1e-10)


def test_size_at_time_zero_is_one_cell():
    assert br.size_pmf([0, 1, 2], 0.0, 1.0, 0.5) == pytest.approx([0, 1, 0])
    assert br.expected_size(0.0, 1.0, 0.5) == 1.0
    assert br.size_variance(0.0, 1.0, 0.5) == 0.0


def forward_rhs(b, d, n_max):
    """The truncated Kolmogorov forward equations dp_n/dt = b(n−1)p_{n−1} + d(n+1)p_{n+1} − (b+d)n p_n."""
    n = np.arange(n_max + 1, dtype=float)

    def rhs(_t, p):
        out = -(b + d) * n * p
        out[1:] += b * n[:-1] * p[:-1]
        out[:-1] += d * n[1:] * p[1:]
        return out

    return rhs


def solve_rk4(rhs, p0, times, dt):
    p, t, out = p0.copy(), 0.0, []
    for target in times:
        steps = int(round((target - t) / dt))
        h = (target - t) / steps
        for _ in range(steps):
            k1 = rhs(t, p)
            k2 = rhs(t, p + h / 2 * k1)
            k3 = rhs(t, p + h / 2 * k2)
            k4 = rhs(t, p + h * k3)
            p = p + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
            t += h
        out.append(p.copy())
    return np.array(out)


@pytest.mark.parametrize("solver", ["scipy", "numpy-rk4"])
@pytest.mark.parametrize("b, d", [(1.0, 0.5), (0.8, 0.8), (0.6, 1.2)])
def test_closed_form_matches_the_forward_equations(solver, b, d):
    n_max = 400
    times = [0.5, 1.0, 2.0, 4.0]
    p0 = np.zeros(n_max + 1)
    p0[1] = 1.0
    rhs = forward_rhs(b, d, n_max)
    if solver == "scipy":
        integrate = pytest.importorskip("scipy.integrate")  # scipy is not in requirements.txt
        sol = integrate.solve_ivp(rhs, (0, times[-1]), p0, t_eval=times, method="DOP853", rtol=1e-10, atol=1e-13)
        assert sol.success
        numeric = sol.y.T
    else:
        numeric = solve_rk4(rhs, p0, times, dt=0.002)
    for t, row in zip(times, numeric):
        exact = br.size_pmf(np.arange(n_max + 1), t, b, d)
        assert np.max(np.abs(row - exact)) < 1e-8, t


# -- simulations ------------------------------------------------------------------------------------

@pytest.mark.parametrize("b, d, t", [(1.0, 0.5, 3.0), (1.0, 1.0, 2.0), (2.0, 0.2, 1.5)])
def test_gillespie_mean_and_extinction_match_the_closed_form(b, d, t):
    n = 20_000
    sizes = br.simulate_gillespie(t, b, d, n, seed=5)
    mean, var = br.expected_size(t, b, d), br.size_variance(t, b, d)
    assert abs(sizes.mean() - mean) < 4.5 * math.sqrt(var / n)
    assert sizes.var() == pytest.approx(var, rel=0.15)
    for k in range(4):
        pk = br.size_pmf(k, t, b, d)
        assert abs((sizes == k).mean() - pk) < binomial_tolerance(pk, n), k


def test_gillespie_with_several_founders():
    n, t, b, d = 20_000, 1.0, 1.0, 0.5
    sizes = br.simulate_gillespie(t, b, d, n, seed=8, founders=3)
    assert abs(sizes.mean() - br.expected_size(t, b, d, founders=3)) < 4.5 * math.sqrt(br.size_variance(t, b, d, 3) / n)
    p0 = br.extinct_by(t, b, d) ** 3
    assert abs((sizes == 0).mean() - p0) < binomial_tolerance(p0, n)


@pytest.mark.parametrize("founders", [1, 4])
def test_exact_sampler_matches_mean_variance_and_extinction(founders):
    n, t, b, d = 200_000, 3.0, 1.0, 0.6
    sizes = br.sample_sizes(t, b, d, n, seed=3, founders=founders)
    mean, var = br.expected_size(t, b, d, founders), br.size_variance(t, b, d, founders)
    assert abs(sizes.mean() - mean) < 4.5 * math.sqrt(var / n)
    assert sizes.var() == pytest.approx(var, rel=0.05)
    p0 = br.extinct_by(t, b, d) ** founders
    assert abs((sizes == 0).mean() - p0) < binomial_tolerance(p0, n)


def test_same_seed_same_output_and_different_seed_different_output():
    for sim in (lambda s: br.simulate_fate(1.0, 0.5, 500, seed=s),
                lambda s: br.simulate_gillespie(2.0, 1.0, 0.5, 500, seed=s),
                lambda s: br.sample_sizes(2.0, 1.0, 0.5, 500, seed=s)):
        np.testing.assert_array_equal(sim(7), sim(7))
        assert not np.array_equal(sim(7), sim(8))


def test_time_to_size():
    assert br.time_to_size(1e9, 1.0, 0.5) == pytest.approx(math.log(1e9) / 0.5)
    assert br.time_to_size(1.0, 1.0, 0.5) == 0.0
    assert br.time_to_size(1e9, 0.5, 0.5) == math.inf


# -- bad input ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("call, error, message", [
    (lambda: br.extinction_probability(-1.0, 0.5), ValueError, "birth rate must be a positive"),
    (lambda: br.extinction_probability(0.0, 0.5), ValueError, "birth rate"),
    (lambda: br.extinction_probability(1.0, -0.5), ValueError, "death rate cannot be negative"),
    (lambda: br.extinction_probability(float("nan"), 0.5), ValueError, "birth rate"),
    (lambda: br.extinction_probability(1.0, float("nan")), ValueError, "death rate must be finite"),
    (lambda: br.extinction_probability("1", 0.5), TypeError, "birth rate must be a number"),
    (lambda: br.extinction_probability(True, 0.5), TypeError, "birth rate"),
    (lambda: br.extinction_probability(1.0, 0.5, founders=0), ValueError, "founders must be at least 1"),
    (lambda: br.extinction_probability(1.0, 0.5, founders=2.0), TypeError, "founders must be a whole number"),
    (lambda: br.extinct_by(-1.0, 1.0, 0.5), ValueError, "time cannot be negative"),
    (lambda: br.extinct_by([1.0, float("nan")], 1.0, 0.5), ValueError, "time must be finite"),
    (lambda: br.size_pmf(1.5, 1.0, 1.0, 0.5), ValueError, "population size must be whole"),
    (lambda: br.size_pmf(-1, 1.0, 1.0, 0.5), ValueError, "population size cannot be negative"),
    (lambda: br.pgf(1.5, 1.0, 1.0, 0.5), ValueError, r"s must be in \[0, 1\]"),
    (lambda: br.simulate_fate(1.0, 0.5, 100, seed=1.5), TypeError, "seed must be a non-negative integer"),
    (lambda: br.simulate_fate(1.0, 0.5, 100, seed=-1), ValueError, "seed must be a non-negative integer"),
    (lambda: br.simulate_fate(1.0, 0.5, 100, seed=True), TypeError, "seed"),
    (lambda: br.simulate_fate(1.0, 0.5, 100, seed="7"), TypeError, "seed"),
    (lambda: br.simulate_fate(0.5, 0.5, 100), ValueError, "needs birth rate > death rate"),
    (lambda: br.simulate_fate(1.0, 0.5, 0), ValueError, "n_lineages must be at least 1"),
    (lambda: br.simulate_gillespie(1.0, 1.0, 0.5, 10.0), TypeError, "n_lineages must be a whole number"),
    (lambda: br.simulate_gillespie(50.0, 2.0, 0.0, 10, max_events=100), RuntimeError, "max_events"),
    (lambda: br.sample_sizes(100.0, 1.0, 0.5, 10), ValueError, "too large to sample"),
    (lambda: br.time_to_size(0.5, 1.0, 0.5), ValueError, "size must be at least 1 cell"),
])
def test_bad_input_names_the_parameter(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_numpy_integers_are_accepted_as_seeds_and_counts():
    out = br.sample_sizes(1.0, 1.0, 0.5, np.int64(10), seed=np.int32(3))
    np.testing.assert_array_equal(out, br.sample_sizes(1.0, 1.0, 0.5, 10, seed=3))


def test_time_to_size_given_survival_is_when_surviving_lineages_reach_it_on_average():
    b, d = 1.34, 1.326
    t = br.time_to_size(1e9, b, d, given_survival=True)
    assert br.expected_size_if_alive(t, b, d) == pytest.approx(1e9)
    assert br.time_to_size(1e9, b, d) - t == pytest.approx(math.log(b / (b - d)) / (b - d), rel=1e-3)
    with pytest.raises(TypeError, match="given_survival"):
        br.time_to_size(1e9, b, d, given_survival=1)
