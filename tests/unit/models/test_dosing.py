"""The dosing-interval occupancy model: bounds, decay, the time-above formula and bad input."""

import numpy as np
import pytest

from metastasis.models import dosing


def test_concentration_halves_every_half_life():
    c = dosing.concentration([0, 4, 8, 12], 80.0, half_life=4.0)
    assert c == pytest.approx([80, 40, 20, 10])


def test_occupancy_is_bounded_and_decays_monotonically():
    t = np.linspace(0.0, dosing.TWICE_WEEKLY_INTERVAL_H, 337)
    for peak in (0.1, 1, 30, 1e5):
        theta = dosing.occupancy_profile(t, peak, [1.0, 13.3, 25.0])
        assert theta.shape == (3, t.size)
        assert np.all((theta >= 0) & (theta <= 1))
        assert np.all(np.diff(theta, axis=1) < 0)
        # a tighter binder (smaller IC50) is always more occupied
        assert np.all(theta[0] > theta[1]) and np.all(theta[1] > theta[2])


def test_half_occupied_at_the_ic50():
    theta = dosing.occupancy_profile([0.0], 5.0, {"αvβ3": 5.0})
    assert theta[0, 0] == pytest.approx(0.5)


@pytest.mark.parametrize("peak", [2.0, 10.0, 1_000.0, 3e4])
@pytest.mark.parametrize("half_life", [3.0, 4.0, 5.0])
def test_time_above_formula_matches_the_simulation(peak, half_life):
    ic50 = 1.7
    t = np.linspace(0, 200, 200_001)
    theta = dosing.occupancy_profile(t, peak, [ic50], half_life)[0]
    simulated = t[theta >= 0.5].max()
    formula = dosing.time_above(peak, ic50, half_life)
    assert formula == pytest.approx(half_life * np.log2(peak / ic50))
    assert simulated == pytest.approx(formula, abs=2e-3)


def test_time_above_other_targets_and_caps():
    # θ ≥ 0.9 needs C ≥ 9 × IC50
    assert dosing.threshold_concentration(2.0, 0.9) == pytest.approx(18.0)
    assert dosing.time_above(36.0, 2.0, 4.0, target=0.9) == pytest.approx(4.0)
    assert dosing.time_above(0.5, 1.0) == 0.0  # the peak never reaches the IC50
    assert dosing.time_above(1e30, 1.0, 4.0, interval=84) == 84.0
    hours = dosing.time_above(1000, [1.0, 10.0, 100.0], 4.0)
    assert hours == pytest.approx([4 * np.log2(1000), 4 * np.log2(100), 4 * np.log2(10)])


def test_fraction_of_interval():
    f = dosing.fraction_of_interval_above(2 ** 21, 1.0, 4.0, 84.0)
    assert f == pytest.approx(1.0)
    assert dosing.fraction_of_interval_above(2 ** 10.5, 1.0, 4.0, 84.0) == pytest.approx(0.5)


def test_accumulation_is_negligible_for_twice_weekly_dosing():
    for half_life in dosing.HALF_LIFE_RANGE_H:
        assert 1.0 < dosing.accumulation_factor(half_life, 84.0) < 1.0001
    assert dosing.accumulation_factor(4.0, 4.0) == pytest.approx(2.0)


def test_constants_and_relative_ic50():
    assert dosing.HALF_LIFE_RANGE_H == (3.0, 5.0)
    assert dosing.TWICE_WEEKLY_INTERVAL_H == 84.0
    rel = dosing.relative_ic50({"αvβ3": 2.0, "αvβ5": 6.0})
    assert rel == {"αvβ3": 1.0, "αvβ5": 3.0}
    with pytest.raises(KeyError, match="reference integrin"):
        dosing.relative_ic50({"αvβ5": 1.0})


def test_bad_input_names_the_problem():
    with pytest.raises(ValueError, match="negative"):
        dosing.concentration(-1, 1)
    with pytest.raises(ValueError, match="half-life"):
        dosing.concentration(1, 1, half_life=0)
    with pytest.raises(ValueError, match="peak concentration"):
        dosing.time_above(-3, 1)
    with pytest.raises(TypeError, match="peak concentration"):
        dosing.time_above("high", 1)
    with pytest.raises(ValueError, match="IC50"):
        dosing.occupancy_profile([0], 1, [1.0, 0.0])
    with pytest.raises(ValueError, match="IC50"):
        dosing.occupancy_profile([0], 1, [])
    with pytest.raises(ValueError, match="target occupancy"):
        dosing.time_above(10, 1, target=1.0)
    with pytest.raises(TypeError, match="target occupancy"):
        dosing.time_above(10, 1, target=True)
    with pytest.raises(ValueError, match="interval"):
        dosing.fraction_of_interval_above(10, 1, interval=0)
    with pytest.raises(ValueError, match="time"):
        dosing.concentration(float("nan"), 1)
