"""The ligand-blockade model: competitive binding, the ceiling on what a blocker removes, bad input."""

import numpy as np
import pytest

from metastasis.models import ligand_blockade as lb
from metastasis.models import occupancy as occ

D = lb.DRUG_DOSES


def test_binding_fractions_partition_the_receptors():
    bound = lb.ligand_bound_fraction(D)
    drugged = lb.drug_bound_fraction(D)
    free = 1 / (1 + lb.LIGAND_LEVEL + D)
    assert np.allclose(bound + drugged + free, 1.0)
    assert np.all((bound >= 0) & (bound <= 1)) and np.all((drugged >= 0) & (drugged <= 1))


def test_competitive_shift_reuses_single_state_occupancy():
    # with no drug, the ligand occupies l / (1 + l); a dose d shifts its apparent K by (1 + d)
    assert float(lb.ligand_bound_fraction(0.0, 3.0)) == pytest.approx(0.75)
    assert float(lb.ligand_bound_fraction(9.0, 3.0)) == pytest.approx(float(occ.occupancy(3.0, 10.0)))


def test_untreated_signal_is_one_and_falls_with_dose():
    for phi in (0.0, 0.2, 0.5, 0.9, 1.0):
        s = lb.stemness_signal(D, phi)
        assert float(lb.stemness_signal(0.0, phi)) == pytest.approx(1.0)
        assert np.all(np.diff(s) <= 1e-12), "more drug can never raise the signal in receptor mode"
        assert s[-1] == pytest.approx(phi, abs=0.01)


def test_components_add_up_and_independent_part_is_flat():
    dep, ind = lb.signal_components(D, 0.3)
    assert np.allclose(dep + ind, lb.stemness_signal(D, 0.3))
    assert np.allclose(ind, 0.3)
    assert dep[0] == pytest.approx(0.7, rel=0.01)


@pytest.mark.parametrize("phi", [0.0, 0.1, 0.2, 0.3, 0.45])
def test_half_signal_dose_solves_the_model(phi):
    d = lb.half_signal_dose(phi)
    assert float(lb.stemness_signal(d, phi)) == pytest.approx(0.5, abs=1e-9)


def test_half_dose_grows_with_independent_share_and_is_infinite_past_one_half():
    doses = [lb.half_signal_dose(p) for p in np.linspace(0, 0.49, 15)]
    assert all(a < b for a, b in zip(doses, doses[1:]))
    assert lb.half_signal_dose(0.2) == pytest.approx(20 / 3)
    assert lb.half_signal_dose(0.5) == float("inf")
    assert lb.half_signal_dose(0.8) == float("inf")


def test_ceiling():
    assert lb.max_removable(0.25) == pytest.approx(0.75)
    # unliganded mode: with 75 % liganded, B rises fourfold at full blockade
    assert lb.max_removable(0.25, mode="unliganded") == pytest.approx(0.0)
    assert lb.max_removable(0.5, mode="unliganded") < 0  # the drug raises the signal


def test_unliganded_mode_can_raise_the_signal():
    s = lb.stemness_signal(D, 0.5, mode="unliganded")
    assert s[0] == pytest.approx(1.0, abs=0.01)
    assert s[-1] > 1.5
    low = lb.stemness_signal(D, 0.1, mode="unliganded")
    assert low[-1] < low[0]


@pytest.mark.parametrize("bad", [-0.1, 1.5, float("nan"), 20])
def test_bad_share(bad):
    with pytest.raises(ValueError, match="share"):
        lb.stemness_signal(1.0, bad)


def test_bad_inputs_name_the_problem():
    with pytest.raises(ValueError, match="drug concentration cannot be negative"):
        lb.stemness_signal(-1.0, 0.2)
    with pytest.raises(ValueError, match="finite"):
        lb.ligand_bound_fraction(float("inf"))
    with pytest.raises(TypeError, match="drug concentration"):
        lb.ligand_bound_fraction("lots")
    with pytest.raises(ValueError, match="ligand level"):
        lb.stemness_signal(1.0, 0.2, ligand=0)
    with pytest.raises(TypeError, match="ligand level"):
        lb.stemness_signal(1.0, 0.2, ligand=True)
    with pytest.raises(ValueError, match="mode"):
        lb.stemness_signal(1.0, 0.2, mode="both")
    with pytest.raises(TypeError, match="share"):
        lb.half_signal_dose("half")
