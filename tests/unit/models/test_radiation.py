"""Linear-quadratic survival, fractionation, BED and iso-effect: identities and what fractionation spares."""

import time

import numpy as np
import pytest

from metastasis.models import radiation as rt


def test_survival_is_one_at_zero_dose_in_zero_one_and_strictly_decreasing():
    d = np.linspace(0, 30, 3001)
    for alpha, beta in [(0.3, 0.03), (0.15, 0.05), (0.1, 0.0)]:
        s = rt.surviving_fraction(d, alpha, beta)
        assert s[0] == 1.0
        assert np.all((s > 0) & (s <= 1))
        assert np.all(np.diff(s) < 0)


def test_survival_formula_and_default_beta():
    assert rt.surviving_fraction(2.0, 0.3, 0.03) == pytest.approx(np.exp(-0.6 - 0.12))
    assert rt.surviving_fraction(2.0, 0.3) == pytest.approx(rt.surviving_fraction(2.0, 0.3, 0.03))


def test_n_fractions_multiply_the_single_fraction_survival():
    for d, n in [(2.0, 30), (8.0, 5), (0.5, 1)]:
        assert rt.fractionated_survival(d, n, 0.3, 0.03) == pytest.approx(rt.surviving_fraction(d, 0.3, 0.03) ** n)


def test_splitting_a_dose_spares_more_the_lower_the_alpha_beta():
    total = 60.0
    for n in (2, 5, 30):
        d = total / n
        for alpha, ab in [(0.3, 10.0), (0.15, 3.0)]:
            beta = alpha / ab
            # more cells survive n fractions than one fraction of the same total dose ...
            assert rt.fractionated_survival(d, n, alpha, beta) > rt.surviving_fraction(total, alpha, beta)
            # ... by exactly the sparing ratio of log cell kills
            ratio = np.log(rt.fractionated_survival(d, n, alpha, beta)) / np.log(rt.surviving_fraction(total, alpha, beta))
            assert ratio == pytest.approx(rt.fractionation_sparing(total, n, ab))
        # late-responding tissue (low α/β) is spared more than tumour (high α/β)
        assert rt.fractionation_sparing(total, n, 3.0) < rt.fractionation_sparing(total, n, 10.0)
    assert rt.fractionation_sparing(total, 1, 3.0) == pytest.approx(1.0)


def test_at_equal_tumour_effect_more_fractions_spare_late_tissue():
    target = rt.bed(2.0, 30, 10.0)  # 30 × 2 Gy: BED10 = 72 Gy
    assert target == pytest.approx(72.0)
    late = []
    for n in (1, 3, 5, 15, 30, 40):
        d = rt.isoeffective_dose_per_fraction(target, n, 10.0)
        late.append(rt.bed(d, n, 3.0))
    assert np.all(np.diff(late) < 0)


@pytest.mark.parametrize("n", [1, 3, 5, 10, 25, 35])
@pytest.mark.parametrize("ab", [1.5, 3.0, 10.0])
def test_isoeffective_schedules_have_equal_bed_and_equal_survival(n, ab):
    target = rt.bed(2.0, 30, ab)
    d = rt.isoeffective_dose_per_fraction(target, n, ab)
    assert rt.bed(d, n, ab) == pytest.approx(target, rel=1e-12)
    alpha = 0.3
    s_ref = rt.fractionated_survival(2.0, 30, alpha, alpha / ab)
    assert rt.fractionated_survival(d, n, alpha, alpha / ab) == pytest.approx(s_ref, rel=1e-9)
    assert rt.isoeffective_n_fractions(target, d, ab) == pytest.approx(n)


def test_log_survival_is_alpha_times_bed_with_and_without_repopulation():
    d = np.array([1.8, 2.0, 3.0, 8.0])
    n = np.array([33, 30, 20, 5])
    alpha, ab = 0.3, 10.0
    s = rt.fractionated_survival(d, n, alpha, alpha / ab)
    np.testing.assert_allclose(-np.log(s), alpha * rt.bed(d, n, ab))
    repop = dict(overall_time=np.array([45.0, 40.0, 28.0, 10.0]), kickoff_time=28.0, doubling_time=3.0)
    s_r = rt.fractionated_survival(d, n, alpha, alpha / ab, **repop)
    np.testing.assert_allclose(-np.log(s_r), alpha * rt.bed(d, n, ab, alpha=alpha, **repop))
    assert np.all(s_r[:2] > s[:2]) and np.all(s_r[2:] == s[2:])  # repopulation only after kick-off


def test_eqd2_of_two_gray_fractions_is_the_total_dose():
    assert rt.eqd2(2.0, 35, 10.0) == pytest.approx(70.0)
    assert rt.eqd2(2.0, 35, 3.0) == pytest.approx(70.0)
    assert rt.eqd2(3.0, 20, 3.0) > 60.0  # larger fractions count for more in low α/β tissue


def test_vectorised_shapes():
    grid = rt.fractionated_survival(np.array([[1.0], [2.0]]), np.array([[10, 20, 30]]))
    assert grid.shape == (2, 3)
    assert isinstance(rt.bed(2.0, 30), float)


def test_explorer_model_numbers_timing_and_validity_flag():
    data = rt.radiation_explorer_model(2.0, 30)
    assert data["bed_tumour"] == pytest.approx(72.0) and data["bed_late"] == pytest.approx(100.0)
    assert data["log10_sf_tumour"][0] == 0 and data["log10_sf_tumour"].size == 31
    assert data["sf_tumour"] == pytest.approx(10 ** data["log10_sf_tumour"][-1])
    assert data["sf_late_single_fraction"] < data["sf_late"]
    assert not data["beyond_validated_range"]
    assert rt.radiation_explorer_model(12.0, 3)["beyond_validated_range"]
    timings = []
    for d in (1.8, 2.0, 3.0, 5.0, 8.0, 12.0):
        for n in (1, 5, 15, 30):
            start = time.perf_counter()
            rt.radiation_explorer_model(d, n)
            timings.append(time.perf_counter() - start)
    assert np.median(timings) < 0.020


def test_parameter_table_has_status_for_every_number():
    for name, row in rt.PARAMETERS.items():
        assert {"value", "unit", "source", "status"} <= set(row), name
        assert row["status"] in {"verified", "illustrative"}, name
    assert rt.PARAMETERS["alpha_beta_tumour"]["status"] == "illustrative"
    assert rt.PARAMETERS["alpha_beta_late"]["status"] == "illustrative"


@pytest.mark.parametrize("call, error, message", [
    (lambda: rt.surviving_fraction(-1.0), ValueError, "dose cannot be negative"),
    (lambda: rt.surviving_fraction(2.0, alpha=0), ValueError, "alpha must be a positive"),
    (lambda: rt.surviving_fraction(2.0, beta=-0.1), ValueError, "beta must be in"),
    (lambda: rt.fractionated_survival(2.0, 2.5), ValueError, "number of fractions must be whole"),
    (lambda: rt.fractionated_survival(2.0, 0), ValueError, "number of fractions must be positive"),
    (lambda: rt.fractionated_survival(2.0, 30, doubling_time=3.0), ValueError, "needs an overall time"),
    (lambda: rt.fractionated_survival(2.0, 30, overall_time=40.0), ValueError, "needs a potential doubling time"),
    (lambda: rt.bed(2.0, 30, 0.0), ValueError, "alpha/beta must be a positive"),
    (lambda: rt.bed(2.0, 30, 10.0, overall_time=40.0, doubling_time=3.0), ValueError, "needs alpha"),
    (lambda: rt.bed("two", 30), TypeError, "dose per fraction must be a number"),
    (lambda: rt.isoeffective_dose_per_fraction(-1.0, 5), ValueError, "target BED cannot be negative"),
    (lambda: rt.radiation_explorer_model(0.0, 5), ValueError, "dose per fraction must be a positive"),
])
def test_bad_input_names_the_parameter(call, error, message):
    with pytest.raises(error, match=message):
        call()
