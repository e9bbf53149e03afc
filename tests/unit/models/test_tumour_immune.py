"""Kuznetsov et al. 1994 tumour–immune model: equilibria, basins, the fold in m, integrators, input.

Every check compares the code with something computed another way (a root search along the
nullcline, finite differences, direct integration, the discriminant), so a wrong coefficient or
a wrong label fails a test.
"""

import math
import os
import statistics
import subprocess
import sys
import time

import numpy as np
import pytest
from scipy.integrate import solve_ivp
from scipy.optimize import brentq

from metastasis.models import tumour_immune as ti

P = ti.PUBLISHED


def by_role(params=P):
    return {fp.role: fp for fp in ti.fixed_points(params)}


def end_state(E0, T0, params=P, days=4000.0):
    traj = ti.trajectory(E0, T0, days, params, num=3)
    return traj.E[-1], traj.T[-1]


def near(state, fp, tol=0.02):
    E, T = state
    return abs(math.log(E / fp.E)) < tol and abs(math.log(T / fp.T)) < tol


# -- parameters -----------------------------------------------------------------------------------

def test_defaults_are_the_biomodels_values():
    assert P.as_dict() == {"s": 1.3e4, "p": 0.1245, "g": 2.019e7, "m": 3.422e-10, "d": 0.0412,
                           "a": 0.18, "b": 2.0e-9, "n": 1.101e-7}
    assert P.capacity == pytest.approx(5e8)


def test_dimensionless_groups_rederived_match_the_published_ones():
    groups = ti.dimensionless(P)
    for name, published in ti.PUBLISHED_DIMENSIONLESS.items():
        assert groups[name] == pytest.approx(published, rel=1e-3), name
    # five agree to every printed digit; δ and α differ by one unit in the last one (rounding)
    assert round(groups["sigma"], 4) == 0.1181 and round(groups["rho"], 3) == 1.131
    assert round(groups["mu"], 5) == 0.00311 and groups["eta"] == pytest.approx(20.19)
    assert groups["beta"] == pytest.approx(0.002)
    assert round(groups["delta"], 4) == 0.3742 != ti.PUBLISHED_DIMENSIONLESS["delta"]
    assert round(groups["alpha"], 3) == 1.635 != ti.PUBLISHED_DIMENSIONLESS["alpha"]
    assert groups["time_unit_days"] == pytest.approx(1 / (1.101e-7 * 1e6))


def test_published_dimensionless_set_gives_the_same_equilibria():
    rebuilt = ti.Parameters.from_dimensionless(ti.PUBLISHED_DIMENSIONLESS, n=P.n)
    back = ti.dimensionless(rebuilt)
    for k, v in ti.PUBLISHED_DIMENSIONLESS.items():
        assert back[k] == pytest.approx(v, rel=1e-12)
    ours, theirs = by_role(P), by_role(rebuilt)
    assert set(ours) == set(theirs) == {"tumour-free", "dormant", "saddle", "escape"}
    for role in ours:
        assert theirs[role].T == pytest.approx(ours[role].T, rel=5e-3, abs=1e-9)
        assert theirs[role].E == pytest.approx(ours[role].E, rel=5e-3)


def test_dimensionless_vector_field_is_the_scaled_dimensional_one():
    gr = ti.dimensionless(P)
    E, T = np.geomspace(1e4, 3e6, 7), np.geomspace(1e3, 4e8, 7)
    x, y = E / ti.E_SCALE, T / ti.T_SCALE
    dx = gr["sigma"] + gr["rho"] * x * y / (gr["eta"] + y) - gr["mu"] * x * y - gr["delta"] * x
    dy = gr["alpha"] * y * (1 - gr["beta"] * y) - x * y
    dE, dT = ti.rhs(E, T)
    unit = gr["time_unit_days"]  # dτ = n T0 dt
    np.testing.assert_allclose(dE * unit / ti.E_SCALE, dx, rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(dT * unit / ti.T_SCALE, dy, rtol=1e-10, atol=1e-14)


# -- equilibria -----------------------------------------------------------------------------------

def equilibria_by_root_search(params):
    """T of the tumour-bearing equilibria found without the cubic: sign changes of dE/dt along E = a(1-bT)/n."""
    T = np.geomspace(1.0, params.capacity * (1 - 1e-9), 4000)

    def F(t):
        E = params.a * (1 - params.b * t) / params.n
        return float(ti.rhs(E, t, params)[0])

    vals = np.array([F(t) for t in T])
    idx = np.flatnonzero(np.sign(vals[:-1]) != np.sign(vals[1:]))
    return [brentq(F, T[i], T[i + 1], xtol=1e-6, rtol=1e-13) for i in idx]


def test_three_tumour_states_at_the_published_parameters():
    fps = ti.fixed_points(P)
    assert [fp.role for fp in fps] == ["tumour-free", "dormant", "saddle", "escape"]
    found = [fp.T for fp in fps[1:]]
    assert found == pytest.approx(equilibria_by_root_search(P), rel=1e-8)
    for fp in fps:
        dE, dT = ti.rhs(fp.E, fp.T)
        assert abs(dE) < 1e-6 * P.s and abs(dT) < 1e-6 * max(fp.T, 1.0) * P.a
    roles = by_role()
    assert roles["dormant"].T < 0.05 * P.capacity < roles["saddle"].T < roles["escape"].T < P.capacity
    assert roles["tumour-free"].E == pytest.approx(P.s / P.d) and roles["tumour-free"].T == 0.0


def test_stability_labels_follow_from_the_eigenvalues():
    roles = by_role()
    for fp in roles.values():
        lam = np.linalg.eigvals(fp.jacobian)
        np.testing.assert_allclose(np.sort_complex(lam), np.sort_complex(fp.eigenvalues), rtol=1e-12)
        det, tr = np.linalg.det(fp.jacobian), np.trace(fp.jacobian)
        if fp.stability == "saddle":
            assert det < 0
        else:
            assert det > 0 and tr < 0
    assert roles["dormant"].stability == "stable focus"  # decaying spiral: complex pair, Re < 0
    assert np.all(roles["dormant"].eigenvalues.real < 0) and np.all(roles["dormant"].eigenvalues.imag != 0)
    assert roles["escape"].stability == "stable node"
    assert np.all(roles["escape"].eigenvalues.imag == 0) and np.all(roles["escape"].eigenvalues.real < 0)
    assert roles["saddle"].stability == "saddle"
    # the tumour-free state repels tumours: a small tumour grows at rate a - n s/d > 0
    tf = roles["tumour-free"]
    assert tf.stability == "saddle"
    assert max(tf.eigenvalues.real) == pytest.approx(P.a - P.n * P.s / P.d)
    assert min(tf.eigenvalues.real) == pytest.approx(-P.d)


def test_jacobian_matches_finite_differences():
    for fp in ti.fixed_points(P)[1:]:
        J = np.empty((2, 2))
        for j, (hE, hT) in enumerate([(fp.E * 1e-6, 0.0), (0.0, fp.T * 1e-6)]):
            plus = np.array(ti.rhs(fp.E + hE, fp.T + hT))
            minus = np.array(ti.rhs(fp.E - hE, fp.T - hT))
            J[:, j] = (plus - minus) / (2 * (hE + hT))
        np.testing.assert_allclose(J, fp.jacobian, rtol=1e-5, atol=1e-10 * np.abs(fp.jacobian).max())


@pytest.mark.parametrize("label,lam", [
    ("saddle", [-1.0, 0.5]), ("stable node", [-1.0, -0.1]), ("stable focus", [-0.1 + 1j, -0.1 - 1j]),
    ("unstable node", [0.2, 1.0]), ("unstable focus", [0.1 + 1j, 0.1 - 1j]), ("non-hyperbolic", [0.0, -1.0]),
])
def test_classify(label, lam):
    assert ti.classify(lam) == label


def test_nullclines_pass_through_the_fixed_points():
    fps = ti.fixed_points(P)
    T = np.array([fp.T for fp in fps])
    nc = ti.nullclines(P, T=T)
    E = np.array([fp.E for fp in fps])
    np.testing.assert_allclose(nc["E_nullcline"], E, rtol=1e-9)
    np.testing.assert_allclose(nc["T_nullcline"][1:], E[1:], rtol=1e-9)  # the tumour-free one is on T = 0
    assert np.all(nc["T_axis"]["T"] == 0) and fps[0].T == 0
    # on the default grid dE/dt really vanishes along the E nullcline, dT/dt along the line
    nc = ti.nullclines(P)
    ok = np.isfinite(nc["E_nullcline"])
    dE, _ = ti.rhs(nc["E_nullcline"][ok], nc["T"][ok])
    assert np.max(np.abs(dE)) < 1e-6 * P.s
    ok = np.isfinite(nc["T_nullcline"])
    _, dT = ti.rhs(nc["T_nullcline"][ok], nc["T"][ok])
    assert np.max(np.abs(dT) / np.maximum(nc["T"][ok], 1)) < 1e-12


# -- dynamics -------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["dormant", "escape"])
def test_starts_near_a_stable_state_stay_and_converge(role):
    fp = by_role()[role]
    for kE, kT in [(1.05, 0.95), (0.95, 1.05)]:
        traj = ti.trajectory(fp.E * kE, fp.T * kT, 3000.0)
        dist = np.maximum(np.abs(np.log(traj.E / fp.E)), np.abs(np.log(traj.T / fp.T)))
        assert dist.max() < 0.2          # stays near
        assert dist[-1] < 1e-3           # and converges


def test_starts_near_the_saddle_leave_along_the_unstable_direction():
    sad = by_role()["saddle"]
    lam, vec = np.linalg.eig(sad.jacobian)
    unstable = np.real(vec[:, np.argmax(lam.real)])
    stable = np.real(vec[:, np.argmin(lam.real)])
    step = 1e-3 * sad.T / np.abs(unstable).max()
    ends = []
    for sign in (1, -1):
        E0, T0 = sad.E + sign * step * unstable[0], sad.T + sign * step * unstable[1]
        state = end_state(E0, T0)
        ends.append("escape" if near(state, by_role()["escape"]) else "dormant" if near(state, by_role()["dormant"]) else "?")
    assert sorted(ends) == ["dormant", "escape"]
    # along the stable direction the distance first shrinks
    step = 1e-3 * sad.T / np.abs(stable).max()
    traj = ti.trajectory(sad.E + step * stable[0], sad.T + step * stable[1], 10.0, num=11)
    d = np.hypot(np.log(traj.E / sad.E), np.log(traj.T / sad.T))
    assert d[-1] < 0.5 * d[0]


def test_trajectories_stay_positive_and_finite():
    for E0, T0 in [(1e2, 1.0), (3.2e5, 5e6), (1e7, 4e8), (10.0, 5e8), (3e6, 1e3)]:
        for traj in (ti.trajectory(E0, T0, 2000.0), ti.fast_trajectory(E0, T0, 2000.0)):
            assert np.all(np.isfinite(traj.E)) and np.all(np.isfinite(traj.T))
            assert np.all(traj.E > 0) and np.all(traj.T > 0)
            assert np.all(traj.T < 1.01 * P.capacity) or T0 > P.capacity


def test_trajectory_in_log_variables_agrees_with_linear_variables():
    E0, T0 = 3.2e5, 5e6  # the BioModels initial state
    traj = ti.trajectory(E0, T0, 400.0, num=9)
    lin = solve_ivp(lambda t, y: ti.rhs(y[0], y[1]), (0, 400.0), [E0, T0], method="LSODA",
                    t_eval=traj.t, rtol=1e-10, atol=1e-6)
    np.testing.assert_allclose(traj.E, lin.y[0], rtol=1e-5)
    np.testing.assert_allclose(traj.T, lin.y[1], rtol=1e-5)


@pytest.mark.parametrize("E0,T0,m,method", [
    (3.2e5, 5e6, 3.422e-10, "Radau"), (3.15e5, 1e8, 3.422e-10, "LSODA"), (1e4, 1e3, 3.422e-10, "LSODA"),
    (2e6, 3e8, 3.422e-10, "LSODA"), (3.15e5, 2e8, 2.5e-10, "LSODA"), (1e5, 1e6, 1e-9, "LSODA"),
])
def test_fast_integrator_agrees_with_solve_ivp(E0, T0, m, method):
    params = P.replace(m=m)
    ref = ti.trajectory(E0, T0, 1000.0, params, num=201, method=method, rtol=1e-10, atol=1e-12)
    fast = ti.fast_trajectory(E0, T0, 1000.0, params, num=201)
    assert np.max(np.abs(np.log(fast.E / ref.E))) < 1e-4
    assert np.max(np.abs(np.log(fast.T / ref.T))) < 1e-4


# -- basins ---------------------------------------------------------------------------------------

def test_large_tumours_escape_small_ones_stay_dormant():
    E0 = P.s / P.d
    assert not ti.escapes(E0, 1e6) and not ti.escapes(E0, 3e7)
    assert ti.escapes(E0, 1e8) and ti.escapes(E0, 4e8)
    assert near(end_state(E0, 3e7), by_role()["dormant"])
    assert near(end_state(E0, 1e8), by_role()["escape"])


def test_separatrix_divides_dormant_from_escape():
    sep = ti.basin_boundary(P)
    assert sep.is_graph and sep.saddle.role == "saddle"
    assert sep.E[0] < 1.5 and sep.T[-1] > 0.99e10  # traced to the edges of the box
    escape, dormant = by_role()["escape"], by_role()["dormant"]
    idx = np.linspace(5, sep.E.size - 5, 7).astype(int)
    for i in idx:
        E, T = sep.E[i], sep.T[i]
        if T > 2 * P.capacity:
            continue
        below, above = end_state(E, T * 0.99), end_state(E, T * 1.01)
        assert near(below, dormant), (E, T)
        assert near(above, escape), (E, T)
        assert ti.escapes(E, T * 1.01) and not ti.escapes(E, T * 0.99)
        assert sep.escapes(E, T * 1.01) and not sep.escapes(E, T * 0.99)


def test_separatrix_is_invariant():
    """The traced curve is tangent to the vector field (it is a trajectory)."""
    sep = ti.basin_boundary(P)
    for E, T in (sep.lower, sep.upper):
        u, v = np.log(E), np.log(T)
        du, dv = ti.rhs_log(u, v)
        tu, tv = np.gradient(u), np.gradient(v)
        sine = (du * tv - dv * tu) / (np.hypot(du, dv) * np.hypot(tu, tv))
        # chords between neighbouring points vs the field: O(step × curvature), far below O(1)
        assert np.max(np.abs(sine[3:-3])) < 1e-2  # (skipping the saddle itself, where the field vanishes)


@pytest.mark.parametrize("E0", [1e4, 3.2e5, 1e6])
def test_escape_threshold_by_bisection_matches_the_separatrix(E0):
    thr = ti.escape_threshold_T0(E0)
    sep = ti.basin_boundary(P)
    assert thr == pytest.approx(sep.threshold_T(E0), rel=1e-3)
    assert near(end_state(E0, thr * 0.98), by_role()["dormant"])
    assert near(end_state(E0, thr * 1.02), by_role()["escape"])


def test_escape_threshold_rises_with_effectors_and_has_limits():
    sep = ti.basin_boundary(P)
    E = np.geomspace(1.0, 5e6, 30)
    thr = sep.threshold_T(E)
    assert np.all(np.diff(thr) > 0)
    assert ti.escape_threshold_T0(5e6) == math.inf        # threshold above the carrying capacity
    assert ti.escape_threshold_T0(3.2e5, P.replace(m=2.0e-10)) == math.inf   # no escape state
    assert ti.escape_threshold_T0(3.2e5, P.replace(m=2.0e-9)) == 0.0         # no dormant state


# -- the inactivation rate m ------------------------------------------------------------------------

def test_lowering_m_removes_the_escape_state():
    mc = ti.critical_m(P)
    assert 0 < mc < P.m                                   # direction: *lower* m loses escape
    below, above = P.replace(m=mc * (1 - 1e-4)), P.replace(m=mc * (1 + 1e-4))
    assert [fp.role for fp in ti.fixed_points(below)] == ["tumour-free", "dormant"]
    assert [fp.role for fp in ti.fixed_points(above)] == ["tumour-free", "dormant", "saddle", "escape"]
    # every start now ends dormant, even a tumour at 80 % of capacity
    low = P.replace(m=0.9 * mc)
    assert near(end_state(P.s / P.d, 4e8, low), by_role(low)["dormant"])
    assert ti.escapes(P.s / P.d, 4e8, P)   # …which escapes at the published m


def test_critical_m_is_a_root_of_the_discriminant_and_a_double_root():
    mc = ti.critical_m(P)
    assert ti.discriminant(P) > 0                          # 3 real roots at the published m
    assert ti.discriminant(P.replace(m=mc * (1 - 1e-3))) < 0
    assert ti.discriminant(P.replace(m=mc * (1 + 1e-3))) > 0
    scale = abs(ti.discriminant(P.replace(m=mc * 1.01)))
    assert abs(ti.discriminant(P.replace(m=mc))) < 1e-6 * scale
    fold = [f for f in ti.saddle_nodes(P) if f.m == mc][0]
    coeffs = ti.equilibrium_cubic(P.replace(m=mc))
    y = fold.T / ti.T_SCALE
    size = np.polyval(np.abs(coeffs), y)
    assert abs(np.polyval(coeffs, y)) < 1e-9 * size
    assert abs(np.polyval(np.polyder(coeffs), y)) * y < 1e-5 * size
    assert set(fold.lost) == {"saddle", "escape"} and fold.lost_when == "below"


def test_raising_m_removes_the_dormant_state_instead():
    folds = ti.saddle_nodes(P)
    assert len(folds) == 2
    upper = [f for f in folds if f.lost_when == "above"][0]
    assert set(upper.lost) == {"dormant", "saddle"} and upper.m > P.m
    assert [fp.role for fp in ti.fixed_points(P.replace(m=upper.m * 1.001))] == ["tumour-free", "escape"]
    assert [fp.role for fp in ti.fixed_points(P.replace(m=upper.m * 0.999))] == \
        ["tumour-free", "dormant", "saddle", "escape"]


def test_counts_agree_with_the_independent_root_search_across_m():
    for m in [0.0, 1e-12, 1e-10, 2.8e-10, 3.0e-10, 3.422e-10, 1e-9, 1.4e-9, 1.5e-9, 1e-8]:
        params = P.replace(m=m)
        assert [fp.T for fp in ti.fixed_points(params)[1:]] == pytest.approx(
            equilibria_by_root_search(params), rel=1e-7), m


def test_no_hopf_or_other_states_along_m():
    """Scanning m from 0 to 10⁻⁷ meets only these four kinds of state; the attractors stay stable."""
    seen = set()
    for m in np.concatenate([[0.0], np.geomspace(1e-13, 1e-7, 60)]):
        for fp in ti.fixed_points(P.replace(m=float(m))):
            seen.add((fp.role, fp.stability))
            if fp.role in ("dormant", "escape"):
                assert fp.eigenvalues.real.max() < -1e-3
    assert seen == {("tumour-free", "saddle"), ("dormant", "stable focus"), ("saddle", "saddle"),
                    ("escape", "stable node")}


# -- the explorer model ---------------------------------------------------------------------------

def test_explorer_model_is_fast_and_consistent():
    out = ti.explorer_model(P.m, 1e8)
    assert out["outcome"] == "escape"
    assert [fp["role"] for fp in out["fixed_points"]] == ["tumour-free", "dormant", "saddle", "escape"]
    assert out["trajectory"]["t"][0] == 0 and out["trajectory"]["T"][0] == pytest.approx(1e8)
    assert out["trajectory"]["E"][0] == pytest.approx(P.s / P.d)
    assert ti.explorer_model(P.m, 1e7)["outcome"] == "dormant"
    assert ti.explorer_model(0.8 * P.m, 1e8)["outcome"] == "dormant"
    assert ti.explorer_model(2.0e-9, 1e4, E0=1e6)["outcome"] == "escape"
    times = []
    for m, T0 in [(P.m, 1e8), (P.m, 3e6), (2.5e-10, 4e8), (1e-9, 1e5), (1.6e-9, 1.0)] * 4:
        t0 = time.perf_counter()
        ti.explorer_model(m, T0)
        times.append(time.perf_counter() - t0)
    assert statistics.median(times) < 0.020


def test_explorer_path_needs_no_scipy():
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'scipy' or name.startswith('scipy.'):\n"
        "            raise ImportError('scipy blocked')\n"
        "sys.meta_path.insert(0, Block())\n"
        "from metastasis.models import tumour_immune as ti\n"
        "out = ti.explorer_model(ti.PUBLISHED.m, 1e8)\n"
        "assert out['outcome'] == 'escape', out['outcome']\n"
        "assert 'scipy' not in sys.modules\n"
    )
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr[-2000:]


# -- input checks ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name,value,error", [
    ("s", -1.0, ValueError), ("p", float("nan"), ValueError), ("g", 0.0, ValueError),
    ("m", -1e-10, ValueError), ("m", float("nan"), ValueError), ("b", float("inf"), ValueError),
    ("n", "fast", TypeError), ("a", True, TypeError),
])
def test_bad_parameters_are_named(name, value, error):
    with pytest.raises(error, match=f"^{name}"):
        ti.Parameters(**{name: value})
    with pytest.raises(error, match=f"^{name}"):
        P.replace(**{name: value})


def test_unknown_parameter_names_are_rejected():
    with pytest.raises(TypeError, match="unknown parameter name.*'k'"):
        P.replace(k=1.0)
    with pytest.raises(TypeError):
        ti.Parameters(k=1.0)
    with pytest.raises(TypeError, match="missing \\['sigma'\\]"):
        ti.Parameters.from_dimensionless({k: v for k, v in ti.PUBLISHED_DIMENSIONLESS.items() if k != "sigma"}, n=1e-7)
    with pytest.raises(TypeError, match="params must be"):
        ti.fixed_points({"m": 1e-10})


@pytest.mark.parametrize("E0,T0,days,match", [
    (3e5, 0.0, 10.0, "T0"), (3e5, -5.0, 10.0, "T0"), (float("nan"), 1e6, 10.0, "E0"),
    (0.0, 1e6, 10.0, "E0"), (3e5, 1e6, 0.0, "days"), (3e5, 1e6, float("nan"), "days"),
])
def test_bad_starts_are_named(E0, T0, days, match):
    for fn in (ti.trajectory, ti.fast_trajectory):
        with pytest.raises(ValueError, match=match):
            fn(E0, T0, days)
    if days > 0 and days == days:
        with pytest.raises(ValueError, match=match):
            ti.escapes(E0, T0)
        with pytest.raises(ValueError, match=match):
            ti.explorer_model(P.m, T0, E0=E0)


def test_other_bad_input():
    with pytest.raises(ValueError, match="^m"):
        ti.explorer_model(-1.0, 1e6)
    with pytest.raises(ValueError, match="method"):
        ti.trajectory(3e5, 1e6, 10.0, method="Euler")
    with pytest.raises(ValueError, match="no saddle"):
        ti.basin_boundary(P.replace(m=1e-10))
    with pytest.raises(ValueError, match="E0"):
        ti.escape_threshold_T0(-1.0)
    with pytest.raises(ValueError, match="cannot be negative"):
        ti.nullclines(P, T=[-1.0, 1.0])
