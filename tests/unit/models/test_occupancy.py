"""The affinity-switch occupancy model: bounds, monotonicity, limits and the EC50 formula."""

import numpy as np
import pytest

from metastasis.models import occupancy as occ


def test_single_state_is_half_bound_at_kd():
    assert occ.occupancy(2.0, 2.0) == pytest.approx(0.5)
    assert occ.occupancy(0.0, 1.0) == 0.0


def test_occupancy_is_a_probability_and_monotone():
    c = occ.CONCENTRATIONS
    for f in (0.0, 0.002, 0.3, 1.0):
        theta = occ.mixed_occupancy(c, f)
        assert np.all((theta >= 0) & (theta <= 1))
        assert np.all(np.diff(theta) > 0)


def test_mixture_lies_between_pure_states():
    c = occ.CONCENTRATIONS
    low = occ.occupancy(c, occ.AFFINITY_RATIO_OPEN_VS_CLOSED)
    high = occ.occupancy(c, 1.0)
    mid = occ.mixed_occupancy(c, 0.1)
    assert np.all(mid >= low - 1e-12) and np.all(mid <= high + 1e-12)


@pytest.mark.parametrize("f", [0.0, 0.002, 0.05, 0.2, 0.5, 0.9, 1.0])
def test_half_occupancy_solves_the_model(f):
    c50 = occ.half_occupancy_concentration(f)
    assert occ.mixed_occupancy(np.array([c50]), f)[0] == pytest.approx(0.5, abs=1e-9)


def test_half_occupancy_limits_and_monotone_in_activation():
    assert occ.half_occupancy_concentration(1.0) == pytest.approx(1.0)
    assert occ.half_occupancy_concentration(0.0) == pytest.approx(occ.AFFINITY_RATIO_OPEN_VS_CLOSED)
    values = [occ.half_occupancy_concentration(f) for f in np.linspace(0, 1, 21)]
    assert all(a > b for a, b in zip(values, values[1:]))


def test_published_constants():
    assert occ.AFFINITY_RATIO_OPEN_VS_CLOSED == 5000
    assert occ.RESTING_CLOSED_FRACTION_K562 == pytest.approx(0.998)


@pytest.mark.parametrize("bad", [-0.1, 1.1, float("nan")])
def test_bad_fraction(bad):
    with pytest.raises(ValueError, match="fraction"):
        occ.mixed_occupancy(1.0, bad)


def test_bad_inputs():
    with pytest.raises(ValueError, match="negative"):
        occ.occupancy(-1, 1)
    with pytest.raises(ValueError, match="kd"):
        occ.occupancy(1, 0)
    with pytest.raises(ValueError, match="ratio"):
        occ.mixed_occupancy(1, 0.5, ratio=0.5)
    with pytest.raises(TypeError):
        occ.half_occupancy_concentration("half")
    with pytest.raises(TypeError):
        occ.half_occupancy_concentration(True)
