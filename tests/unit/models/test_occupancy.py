"""The linked-equilibrium occupancy model (Li et al. 2017): bounds, monotonicity, limits, the
apparent-Kd formula, and agreement with a direct numerical solution of the equilibria."""

import numpy as np
import pytest
from scipy import integrate, optimize

from metastasis.models import occupancy as occ

R = occ.AFFINITY_RATIO_OPEN_VS_CLOSED
C = occ.CONCENTRATIONS


def test_single_state_is_half_bound_at_kd():
    assert occ.occupancy(2.0, 2.0) == pytest.approx(0.5)
    assert occ.occupancy(0.0, 1.0) == 0.0


@pytest.mark.parametrize("ratio", [R, occ.AFFINITY_RATIO_A4B1])
@pytest.mark.parametrize("f", [0.0, 0.001, 0.002, 0.05, 0.3, 1.0])
def test_occupancy_is_a_probability_and_monotone_in_ligand(f, ratio):
    theta = occ.linked_occupancy(C, f, ratio)
    assert np.all((theta >= 0) & (theta <= 1))
    assert np.all(np.diff(theta) > 0)


def test_limits_recover_the_closed_and_open_curves():
    np.testing.assert_allclose(occ.linked_occupancy(C, 0.0), occ.occupancy(C, R), rtol=1e-12)
    np.testing.assert_allclose(occ.linked_occupancy(C, 1.0), occ.occupancy(C, 1.0), rtol=1e-12)
    # and continuously: a tiny open fraction is close to the closed curve, nearly all open to the open one
    np.testing.assert_allclose(occ.linked_occupancy(C, 1e-9), occ.occupancy(C, R), rtol=1e-5)
    np.testing.assert_allclose(occ.linked_occupancy(C, 1 - 1e-9), occ.occupancy(C, 1.0), rtol=1e-5)


def test_linked_curve_lies_between_the_pure_states_and_above_the_fixed_pools_at_half():
    low, high = occ.occupancy(C, R), occ.occupancy(C, 1.0)
    for f in (0.002, 0.05, 0.5):
        mid = occ.linked_occupancy(C, f)
        assert np.all(mid >= low - 1e-12) and np.all(mid <= high + 1e-12)
        assert occ.half_occupancy_concentration(f) < occ.fixed_pool_half_occupancy(f)


def test_the_issue_numbers():
    # 99.8 % bent-closed: at most 0.2 % open; K_app ≈ 455 × K_open (the old fixed-pool page said 4,980)
    assert occ.RESTING_OPEN_FRACTION_UPPER_BOUND == pytest.approx(0.002)
    assert occ.apparent_kd(0.002) == pytest.approx(1 / (0.002 + 0.998 / 5000))
    assert round(occ.apparent_kd(0.002)) == 455
    assert round(occ.fixed_pool_half_occupancy(0.002), -1) == 4980
    # with more than half of the 0.2 % open (opening favoured once extended), K_app lies in (455, 834)
    assert 454 < occ.apparent_kd(0.002) < occ.apparent_kd(0.001) < 834
    assert occ.bound_open_share(0.002) == pytest.approx(0.909, abs=0.001)


def test_half_occupancy_falls_in_proportion_to_f_from_the_first_per_cent():
    for f in (0.01, 0.02, 0.05, 0.1):
        assert occ.half_occupancy_concentration(2 * f) == pytest.approx(occ.half_occupancy_concentration(f) / 2, rel=0.02)
        assert occ.half_occupancy_concentration(f) == pytest.approx(1 / f, rel=0.02)
    # the fixed pools, in contrast, barely move over the first few per cent
    assert occ.fixed_pool_half_occupancy(0.05) > 0.9 * occ.fixed_pool_half_occupancy(0.002)
    values = [occ.half_occupancy_concentration(f) for f in np.linspace(0, 1, 21)]
    assert all(a > b for a, b in zip(values, values[1:]))
    assert occ.half_occupancy_concentration(0.0) == pytest.approx(R)
    assert occ.half_occupancy_concentration(1.0) == pytest.approx(1.0)


@pytest.mark.parametrize("f", [0.0, 0.002, 0.05, 0.2, 0.5, 0.9, 1.0])
def test_half_occupancy_solves_both_models(f):
    assert occ.linked_occupancy(occ.half_occupancy_concentration(f), f) == pytest.approx(0.5, abs=1e-12)
    assert occ.fixed_pool_occupancy(np.array([occ.fixed_pool_half_occupancy(f)]), f)[0] == pytest.approx(0.5, abs=1e-9)


def test_ligand_pulls_receptors_open():
    share = occ.open_share(C, 0.002)
    assert share[0] == pytest.approx(0.002, rel=0.01)
    assert np.all(np.diff(share) > 0)
    assert share[-1] == pytest.approx(occ.bound_open_share(0.002), rel=0.01)


def test_three_state_form_agrees_with_the_two_affinity_form():
    # 99.8 % BC, 0.05 % EC, 0.15 % EO; BC and EC bind alike (R × K_open)
    p = np.array([0.998, 0.0005, 0.0015])
    k = np.array([R, R, 1.0])
    assert occ.states_apparent_kd(p, k) == pytest.approx(occ.apparent_kd(0.0015))
    np.testing.assert_allclose(occ.states_occupancy(C, p, k), occ.linked_occupancy(C, 0.0015))
    shares = occ.bound_state_shares(p, k)
    assert shares.sum() == pytest.approx(1.0) and shares[2] == pytest.approx(occ.bound_open_share(0.0015))


def test_free_energies_and_populations():
    p = occ.populations_from_free_energies(5.0, 4.0)
    assert p.sum() == pytest.approx(1.0) and p[0] > p[2] > p[1]
    dg = occ.free_energy_of_open_fraction(0.002)
    assert dg == pytest.approx(3.68, abs=0.01)
    two_state = occ.populations_from_free_energies(50.0, dg)  # EC effectively absent
    assert two_state[2] == pytest.approx(0.002, rel=1e-6)


# -- a direct numerical solution of the mass-action equilibria -----------------------------------

def _mass_action(r_total, l_total, k1, k2, kds):
    """Free BC, EC, EO, their complexes and free ligand, solved from conservation of receptor and
    ligand with scipy (no closed form used). k1 = [EC]/[BC], k2 = [EO]/[EC] without ligand."""
    k_bc, k_ec, k_eo = kds

    def species(log_bc, log_l):
        bc, lig = np.exp(log_bc), np.exp(log_l)
        ec, eo = k1 * bc, k1 * k2 * bc
        return bc, ec, eo, bc * lig / k_bc, ec * lig / k_ec, eo * lig / k_eo, lig

    def residual(x):
        bc, ec, eo, bcl, ecl, eol, lig = species(*x)
        return [np.log((bc + ec + eo + bcl + ecl + eol) / r_total), np.log((lig + bcl + ecl + eol) / l_total)]

    sol = optimize.root(residual, x0=[np.log(r_total / 2), np.log(l_total / 2)], method="lm", tol=1e-14)
    assert np.max(np.abs(residual(sol.x))) < 1e-11, sol.message
    return species(*sol.x)


@pytest.mark.parametrize("f_ec, f_eo, ratio", [(0.0005, 0.0015, R), (0.001, 0.001, R), (0.01, 0.05, 700.0), (0.0, 0.3, R)])
@pytest.mark.parametrize("ligand", [0.3, 10.0, 455.0, 1e4])
def test_agrees_with_a_numerical_mass_action_solution(f_ec, f_eo, ratio, ligand):
    f_bc = 1.0 - f_ec - f_eo
    k1 = f_ec / f_bc if f_ec > 0 else 1e-12
    k2 = f_eo / (k1 * f_bc)
    kds = (ratio, ratio, 1.0)
    # receptors a million times scarcer than ligand: free ligand equals added ligand (soluble, in excess)
    bc, ec, eo, bcl, ecl, eol, lig = _mass_action(1e-6 * ligand, ligand, k1, k2, kds)
    bound = (bcl + ecl + eol) / (bc + ec + eo + bcl + ecl + eol)
    f_open = f_eo / (f_eo + f_ec + f_bc)
    assert bound == pytest.approx(float(occ.linked_occupancy(ligand, f_open, ratio)), rel=1e-6)
    assert eol / (bcl + ecl + eol) == pytest.approx(occ.bound_open_share(f_open, ratio), rel=1e-6)


def test_agrees_with_mass_action_kinetics_run_to_equilibrium():
    """Integrate the rate equations (detailed balance around each cycle) and compare the steady state."""
    f_ec, f_eo, ratio, ligand = 0.0008, 0.0012, R, 455.0
    f_bc = 1 - f_ec - f_eo
    k1, k2 = f_ec / f_bc, f_eo / f_ec
    kon = 1.0
    k_bc, k_ec, k_eo = ratio, ratio, 1.0
    a1, a2 = 1.0, 1.0                                    # BC→EC and EC→EO rates (free)
    b1, b2 = a1 / k1, a2 / k2
    # bound-state transitions obey the cycle: K' = K × K_from / K_to
    k1b, k2b = k1 * k_bc / k_ec, k2 * k_ec / k_eo
    a1b, a2b = 1.0, 1.0
    b1b, b2b = a1b / k1b, a2b / k2b

    def rhs(_, y):
        bc, ec, eo, bcl, ecl, eol = y
        lig = ligand  # ligand in excess
        bind = [kon * bc * lig - kon * k_bc * bcl, kon * ec * lig - kon * k_ec * ecl, kon * eo * lig - kon * k_eo * eol]
        free1, free2 = a1 * bc - b1 * ec, a2 * ec - b2 * eo
        bnd1, bnd2 = a1b * bcl - b1b * ecl, a2b * ecl - b2b * eol
        return [-bind[0] - free1, -bind[1] + free1 - free2, -bind[2] + free2,
                bind[0] - bnd1, bind[1] + bnd1 - bnd2, bind[2] + bnd2]

    sol = integrate.solve_ivp(rhs, (0, 5e4), [1.0, 0, 0, 0, 0, 0], method="LSODA", rtol=1e-10, atol=1e-14)
    bc, ec, eo, bcl, ecl, eol = sol.y[:, -1]
    total = sol.y[:, -1].sum()
    assert total == pytest.approx(1.0, rel=1e-8)
    assert (bcl + ecl + eol) == pytest.approx(float(occ.linked_occupancy(ligand, f_eo, ratio)), rel=1e-5)
    assert (eo + eol) == pytest.approx(float(occ.open_share(ligand, f_eo, ratio)), rel=1e-5)


# -- inputs ------------------------------------------------------------------------------------

def test_published_constants():
    assert occ.AFFINITY_RATIO_OPEN_VS_CLOSED == 5000
    assert 600 <= occ.AFFINITY_RATIO_A4B1 <= 800
    assert occ.RESTING_CLOSED_FRACTION_K562 == pytest.approx(0.998)


@pytest.mark.parametrize("bad", [-0.1, 1.1, float("nan")])
def test_bad_fraction(bad):
    with pytest.raises(ValueError, match="fraction"):
        occ.linked_occupancy(1.0, bad)
    with pytest.raises(ValueError, match="fraction"):
        occ.fixed_pool_occupancy(1.0, bad)


def test_bad_inputs():
    with pytest.raises(ValueError, match="negative"):
        occ.occupancy(-1, 1)
    with pytest.raises(ValueError, match="kd"):
        occ.occupancy(1, 0)
    with pytest.raises(ValueError, match="ratio"):
        occ.linked_occupancy(1, 0.5, ratio=0.5)
    with pytest.raises(TypeError):
        occ.half_occupancy_concentration("half")
    with pytest.raises(TypeError):
        occ.apparent_kd(True)
    with pytest.raises(ValueError, match="sum to 1"):
        occ.states_apparent_kd([0.5, 0.2], [1, 2])
    with pytest.raises(ValueError, match="same length"):
        occ.states_apparent_kd([0.5, 0.5], [1, 2, 3])
    with pytest.raises(ValueError, match=r"\(0, 1\)"):
        occ.free_energy_of_open_fraction(0.0)
