"""The TGF-β / SNAIL1–miR-34 / ZEB–miR-200 EMT circuit (Tian et al. 2013).

Each test checks a property of the model by a second, independent route: analytic Jacobian
against finite differences, the continuation against a grid search for equilibria, the fast
solver against long integration (SciPy's LSODA where SciPy is installed), the thresholds against
integrating the quasi-static protocol on either side of them.
"""

import time

import numpy as np
import pytest

from metastasis.models import emt_switch as emt

LOOP = emt.TIAN2013
NO_LOOP = emt.NO_AUTOCRINE_LOOP
I = {name: k for k, name in enumerate(emt.SPECIES)}


@pytest.fixture(scope="module")
def diagrams():
    return {"loop": emt.bifurcation_diagram(LOOP), "no_loop": emt.bifurcation_diagram(NO_LOOP)}


def _random_states(n, seed=0):
    rng = np.random.default_rng(seed)
    return np.exp(rng.uniform(np.log(1e-3), np.log(5.0), (n, 9)))


def _lsoda(y0, t0, params, t_end):
    solve_ivp = pytest.importorskip("scipy.integrate").solve_ivp
    sol = solve_ivp(lambda t, y: emt.rhs(np.maximum(y, 0), t0, params), (0, t_end), y0,
                    method="LSODA", rtol=1e-10, atol=1e-12)
    assert sol.success
    return sol.y[:, -1]


# -- parameters and equations ---------------------------------------------------------------


def test_parameters_are_the_source_values_and_the_loop_variant_differs_only_in_k_T():
    # spot checks against cliffzhou92/STT data/emt_sim/params_emt.py (stated to be Tian et al.'s)
    assert (LOOP.k0_T, LOOP.k_T, LOOP.J_T, LOOP.kd_T) == (0.06, 1.2, 0.06, 0.6)
    assert (LOOP.k_S, LOOP.J_S, LOOP.kd_S, LOOP.J1_200, LOOP.J2_200) == (17.0, 0.08, 1.66, 5.0, 0.2)
    diff = {f: (getattr(LOOP, f), getattr(NO_LOOP, f)) for f in LOOP.__dataclass_fields__
            if getattr(LOOP, f) != getattr(NO_LOOP, f)}
    assert diff == {"k_T": (1.2, 0.0)}
    assert LOOP.has_autocrine_loop and not NO_LOOP.has_autocrine_loop


@pytest.mark.parametrize("params", [LOOP, NO_LOOP, LOOP.replace(n_s=2.5, n_200=1.5)],
                         ids=["loop", "no-loop", "other-hill"])
def test_analytic_jacobian_matches_finite_differences(params):
    y = _random_states(6, seed=3)
    t0 = np.array([0.0, 0.4, 1.0, 1.7, 2.2, 3.0])
    jac = emt.jacobian(y, t0, params)
    eps = 1e-6
    for k in range(9):
        e = np.zeros(9)
        e[k] = eps
        fd = (emt.rhs(y + e, t0, params) - emt.rhs(y - e, t0, params)) / (2 * eps)
        np.testing.assert_allclose(jac[..., :, k], fd, rtol=1e-5, atol=1e-7)


def test_reduced_steady_state_equations_have_the_right_derivatives():
    # the 2-variable residual that Newton and the continuation use, against finite differences
    rng = np.random.default_rng(4)
    a, b = rng.uniform(-5, 1, 8), rng.uniform(-5, 1, 8)
    t0 = rng.uniform(0, 3, 8)
    for params in (LOOP, NO_LOOP):
        _, _, jac = emt._residual(a, b, t0, params, with_jacobian=True)
        eps = 1e-6
        for k, (da, db, dt) in enumerate(((eps, 0, 0), (0, eps, 0), (0, 0, eps))):
            hi = np.array(emt._residual(a + da, b + db, t0 + dt, params))
            lo = np.array(emt._residual(a - da, b - db, t0 - dt, params))
            np.testing.assert_allclose(jac[..., :, k], ((hi - lo) / (2 * eps)).T, rtol=1e-5, atol=1e-8)


def test_rhs_is_vectorised_and_the_fast_path_equals_the_plain_one():
    y = _random_states(12, seed=1).reshape(4, 3, 9)
    t0 = np.linspace(0, 3, 12).reshape(4, 3)
    out = emt.rhs(y, t0)
    assert out.shape == (4, 3, 9)
    for i in range(4):
        for j in range(3):
            np.testing.assert_allclose(out[i, j], emt.rhs(y[i, j], t0[i, j]), rtol=1e-14)
    np.testing.assert_allclose(emt._rhs_fast(y, t0, LOOP), emt._rhs_generic(y, t0, LOOP),
                               rtol=1e-12, atol=1e-14)
    # one state against many T0 broadcasts; exogenous TGF-β only acts on snail1 transcription
    many = emt.rhs(y[0, 0], [0.0, 1.0, 2.0])
    assert many.shape == (3, 9)
    changed = np.flatnonzero(np.ptp(many, axis=0) > 0)
    assert list(changed) == [I["s"]]


# -- steady states -------------------------------------------------------------------------


@pytest.mark.parametrize("t0", [0.0, 0.8, 1.5, 2.05])
def test_every_enumerated_equilibrium_is_a_true_steady_state(t0):
    for params in (LOOP, NO_LOOP):
        for eq in emt.equilibria(t0, params):
            f = emt.rhs(eq.state, t0, params)
            assert np.max(np.abs(f) / (eq.state + 1e-3)) < 1e-9
            assert np.all(eq.state > 0)


def test_continuation_finds_the_same_equilibria_as_an_independent_grid_search(diagrams):
    for key, params in (("loop", LOOP), ("no_loop", NO_LOOP)):
        br = diagrams[key].branch
        for t0 in (0.0, 0.3, 0.8, 1.0, 1.5, 2.0, 2.5, 3.0):
            grid = emt.equilibria(t0, params)
            k = np.flatnonzero((br.t0[:-1] - t0) * (br.t0[1:] - t0) <= 0)
            assert len(k) == len(grid), (key, t0)
            # each crossing of the curve is next to one grid equilibrium
            for j in k:
                s = br.states[j, [I["S"], I["Z"]]]
                d = min(np.abs(np.log(s) - np.log([e["S"], e["Z"]])).max() for e in grid)
                assert d < 0.1


def test_fast_solver_agrees_with_long_integration(diagrams):
    # a 5 % kick off each stable branch state relaxes back to it under LSODA
    rng = np.random.default_rng(7)
    for key, params in (("loop", LOOP), ("no_loop", NO_LOOP)):
        d = diagrams[key]
        for t0 in (0.5, 1.5, 2.5):  # covers all three branches, both sweeps
            for direction in ("up", "down"):
                state = d.state_at(t0, direction)
                kicked = state * (1 + 0.05 * rng.standard_normal(9))
                # slowest relaxation rate ~0.024: 3000 time units shrink a kick by e^-70
                end = _lsoda(np.abs(kicked), t0, params, 3_000.0)
                np.testing.assert_allclose(end, state, rtol=1e-5, atol=1e-8)


def test_relax_agrees_with_scipy_from_random_starts():
    starts = _random_states(4, seed=11)
    for t0 in (0.5, 0.9):
        mine = emt.relax(starts, t0, LOOP)
        for y0, y1 in zip(starts, mine):
            np.testing.assert_allclose(y1, _lsoda(y0, t0, LOOP, 20_000.0), rtol=1e-4, atol=1e-7)


def test_relax_does_not_stop_at_a_saddle():
    # next to the saddle between the epithelial and mesenchymal states (T0 = 0, with the loop)
    # the flow is slow, but the dynamics leave it; relax must follow them, not the saddle
    saddles = [e for e in emt.equilibria(0.0, LOOP) if not e.stable]
    assert len(saddles) == 1
    s = saddles[0].state
    starts = np.array([s * 0.999, s * 1.001])
    ends = emt.relax(starts, 0.0, LOOP)
    assert np.all(emt.stability(ends, 0.0, LOOP) < 0)
    assert sorted(emt.classify(ends)) == ["epithelial", "mesenchymal"]  # one to each side
    for y0, y1 in zip(starts, ends):
        np.testing.assert_allclose(y1, _lsoda(y0, 0.0, LOOP, 20_000.0), rtol=1e-4, atol=1e-7)


# -- how many stable states, where ---------------------------------------------------------


def _settled(t0, params, n=40, seed=0):
    ends = emt.relax(_random_states(n, seed), t0, params)
    labels = emt.classify(ends)
    distinct = np.unique(np.round(np.log(ends[:, [I["S"], I["Z"]]]), 4), axis=0)
    return ends, labels, distinct


@pytest.mark.parametrize("t0", [0.0, 0.5])
def test_without_the_loop_low_tgf_beta_has_one_epithelial_state(t0):
    ends, labels, distinct = _settled(t0, NO_LOOP)
    assert set(labels) == {"epithelial"} and len(distinct) == 1
    eqs = emt.equilibria(t0, NO_LOOP)
    assert len(eqs) == 1 and eqs[0].stable and eqs[0].phase == "epithelial"
    np.testing.assert_allclose(ends, np.broadcast_to(eqs[0].state, ends.shape), rtol=1e-6)


@pytest.mark.parametrize("params", [NO_LOOP, emt.without_loop_clamped()], ids=["k_T=0", "clamped"])
def test_without_the_loop_the_epithelial_state_is_the_only_one_up_to_the_partial_fold(params):
    # the precise statement behind "monostable epithelial at low TGF-β": it holds for the circuit
    # without the autocrine loop, for every T0 from 0 up to the bottom fold of the partial branch
    # (0.710 with k_T = 0, 0.652 clamped), checked by a grid search independent of the continuation
    fold = emt.thresholds(params).partial_to_epithelial
    assert 0.6 < fold < 0.75
    for t0 in np.linspace(0.0, fold - 0.01, 7):
        stable = [e.phase for e in emt.equilibria(float(t0), params) if e.stable]
        assert stable == ["epithelial"], (t0, stable)
    above = [e.phase for e in emt.equilibria(fold + 0.01, params) if e.stable]
    assert sorted(above) == ["epithelial", "partial"]  # bistable just past the fold


def test_with_the_loop_low_tgf_beta_is_never_monostable_but_an_epithelial_cell_stays_epithelial():
    # with the loop a mesenchymal state exists at every T0 >= 0, so low TGF-β is bistable;
    # what holds instead is history: a cell that starts epithelial stays so on the way up
    # until the first fold (1.008)
    d = emt.bifurcation_diagram(LOOP)
    th = d.thresholds
    for t0 in np.linspace(0.0, th.epithelial_to_partial - 0.01, 6):
        stable = sorted(e.phase for e in emt.equilibria(float(t0), LOOP) if e.stable)
        assert "mesenchymal" in stable and "epithelial" in stable, (t0, stable)
        assert emt.classify(d.state_at(float(t0), "up")) == "epithelial"
    assert th.mesenchymal_lower_fold < 0


def test_the_memory_needs_a_long_enough_pulse():
    # at T0 = 3 with the loop, a 250-unit pulse is forgotten and a 320-unit pulse is kept
    # (the notes' bisection puts the limit near 278); loose Rosenbrock is enough to tell them apart
    ends = {}
    for duration in (250.0, 320.0):
        tc = emt.time_course(emt.pulse(3.0, duration), np.array([0.0, duration, duration + 3000.0]),
                             params=LOOP, method="rosenbrock", rtol=1e-5, atol=1e-8)
        ends[duration] = str(tc.phase[-1])
    assert ends == {250.0: "epithelial", 320.0: "mesenchymal"}


def test_with_the_loop_even_t0_zero_is_bistable_epithelial_or_mesenchymal():
    # the autocrine loop keeps a mesenchymal state alive with no exogenous TGF-β at all,
    # so monostability at low TGF-β holds only without the loop (test above)
    for t0 in (0.0, 0.5):
        _, labels, distinct = _settled(t0, LOOP)
        assert set(labels) == {"epithelial", "mesenchymal"} and len(distinct) == 2
        stable = [e.phase for e in emt.equilibria(t0, LOOP) if e.stable]
        assert sorted(stable) == ["epithelial", "mesenchymal"]


def test_with_the_loop_there_is_a_tristable_window_and_a_monostable_top():
    _, labels, distinct = _settled(0.9, LOOP)
    assert set(labels) == set(emt.PHASES) and len(distinct) == 3
    _, labels, distinct = _settled(2.5, LOOP)
    assert set(labels) == {"mesenchymal"} and len(distinct) == 1


def test_phase_labels_match_the_state_of_both_microrna_switches(diagrams):
    for d in diagrams.values():
        for direction in ("up", "down"):
            states = d.up if direction == "up" else d.down
            phase = d.up_phase if direction == "up" else d.down_phase
            mir34, mir200, ecad = states[:, I["R3"]], states[:, I["R2"]], states[:, I["E"]]
            e, p, m = phase == "epithelial", phase == "partial", phase == "mesenchymal"
            assert np.all(mir34[e] > 0.2) and np.all(mir200[e] > 0.2)   # both switches off
            assert np.all(mir34[p] < 0.1) and np.all(mir200[p] > 0.2)   # SNAIL1/miR-34 on
            assert np.all(mir34[m] < 0.1) and np.all(mir200[m] < 0.05)  # both on
            assert ecad[e].min(initial=9) > ecad[p].max(initial=0) and \
                ecad[p].min(initial=9) > ecad[m].max(initial=0)


# -- thresholds, hysteresis, irreversibility -----------------------------------------------


def test_threshold_values_and_their_sequence(diagrams):
    th = diagrams["loop"].thresholds
    assert [(j.source, j.target) for j in th.up] == [("epithelial", "partial"), ("partial", "mesenchymal")]
    assert th.down == () and th.irreversible and th.mesenchymal_to_partial is None
    assert th.mesenchymal_lower_fold < 0 < th.partial_to_epithelial < th.epithelial_to_partial
    assert th.epithelial_to_partial == pytest.approx(1.008, abs=0.005)
    assert th.partial_to_mesenchymal == pytest.approx(2.014, abs=0.005)
    th0 = diagrams["no_loop"].thresholds
    assert not th0.irreversible
    assert [(j.source, j.target) for j in th0.down] == [("mesenchymal", "partial"), ("partial", "epithelial")]
    assert 0 < th0.partial_to_epithelial < th0.epithelial_to_partial
    assert th0.mesenchymal_to_partial < th0.partial_to_mesenchymal
    assert emt.thresholds(LOOP) is th  # cached


def test_each_threshold_is_a_saddle_node_with_a_zero_eigenvalue(diagrams):
    # a fold of the steady-state curve is where one eigenvalue of the full 9x9 Jacobian is zero
    for key, params in (("loop", LOOP), ("no_loop", NO_LOOP)):
        folds = diagrams[key].branch.folds
        assert len(folds) == 4  # two S-shaped switches
        for t0_fold, state in folds:
            if t0_fold < 0:  # the formal fold of the loop's mesenchymal branch: rhs needs T0 >= 0
                continue
            assert np.max(np.abs(emt.rhs(state, t0_fold, params))) < 1e-9
            lam = np.linalg.eigvals(emt.jacobian(state, t0_fold, params))
            assert np.min(np.abs(lam)) < 1e-8
        th = diagrams[key].thresholds
        named = [th.epithelial_to_partial, th.partial_to_mesenchymal, th.partial_to_epithelial,
                 th.mesenchymal_lower_fold]
        assert sorted(named) == sorted(f[0] for f in folds)


def test_approaching_a_threshold_the_branch_loses_stability_as_a_square_root(diagrams):
    # saddle-node normal form: the leading eigenvalue goes as sqrt(T0* - T0). A threshold off by
    # even 1e-6 would break the ratio at 1e-5 below it.
    d = diagrams["loop"]
    for t0_star in (d.thresholds.epithelial_to_partial, d.thresholds.partial_to_mesenchymal):
        lam = [emt.stability(d.state_at(t0_star - delta, "up"), t0_star - delta)
               for delta in (1e-3, 1e-5)]
        assert lam[0] < lam[1] < 0
        assert lam[0] / lam[1] == pytest.approx(10.0, rel=0.03)


def _jump_bracket(params, branch_phase, t0_star, direction, delta=0.01):
    """Integrate the quasi-static protocol just before and just after a threshold (LSODA)."""
    d = emt.bifurcation_diagram(params)
    sign = 1 if direction == "up" else -1
    before = d.state_at(t0_star - sign * 0.05, direction)
    assert emt.classify(before) == branch_phase
    stays = _lsoda(before, t0_star - sign * delta, params, 20_000.0)
    leaves = _lsoda(before, t0_star + sign * delta, params, 20_000.0)
    return str(emt.classify(stays)), str(emt.classify(leaves))


@pytest.mark.parametrize("params, phase, field, direction, target", [
    (LOOP, "epithelial", "epithelial_to_partial", "up", "partial"),
    (LOOP, "partial", "partial_to_mesenchymal", "up", "mesenchymal"),
    (NO_LOOP, "mesenchymal", "mesenchymal_to_partial", "down", "partial"),
    (NO_LOOP, "partial", "partial_to_epithelial", "down", "epithelial"),
], ids=["loop-E>P", "loop-P>M", "noloop-M>P", "noloop-P>E"])
def test_thresholds_bracketed_by_direct_integration(params, phase, field, direction, target):
    t0_star = getattr(emt.thresholds(params), field)
    stays, leaves = _jump_bracket(params, phase, t0_star, direction)
    assert stays == phase and leaves == target


def test_the_epithelial_branch_ends_at_the_threshold_by_grid_search():
    t0_star = emt.thresholds(LOOP).epithelial_to_partial
    below = [e.phase for e in emt.equilibria(t0_star - 0.005, LOOP, resolution=400) if e.stable]
    above = [e.phase for e in emt.equilibria(t0_star + 0.005, LOOP, resolution=400) if e.stable]
    assert "epithelial" in below and "epithelial" not in above


def test_a_coarse_sweep_reports_the_thresholds_as_1_1_and_2_1(diagrams):
    # stepping T0 by 0.1 with relaxation at each step (the literal protocol, no continuation):
    # the first steps showing partial and mesenchymal states are 1.1 and 2.1
    grid = np.round(np.arange(0, 3.01, 0.1), 10)
    states = emt.quasi_static_sweep(grid, emt.time_course(0.0, [0, 1]).states[0], LOOP)
    labels = emt.classify(states)
    assert grid[np.argmax(labels == "partial")] == pytest.approx(1.1)
    assert grid[np.argmax(labels == "mesenchymal")] == pytest.approx(2.1)
    # and the literal protocol agrees with the diagram's up-sweep state by state
    expected = np.array([diagrams["loop"].state_at(g, "up") for g in grid])
    np.testing.assert_allclose(states, expected, rtol=1e-6, atol=1e-9)


def test_hysteresis_up_and_down_sweeps_differ_over_a_range(diagrams):
    for key in ("loop", "no_loop"):
        d = diagrams[key]
        th = d.thresholds
        differ = d.up_phase != d.down_phase
        if key == "loop":  # irreversible: they differ everywhere below the partial->M threshold
            assert np.all(differ[d.t0 < th.partial_to_mesenchymal - 1e-9])
            assert not np.any(differ[d.t0 > th.partial_to_mesenchymal + 1e-9])
        else:  # reversible: two hysteresis windows, agreement outside them
            inside = ((d.t0 > th.partial_to_epithelial) & (d.t0 < th.epithelial_to_partial)) | \
                     ((d.t0 > th.mesenchymal_to_partial) & (d.t0 < th.partial_to_mesenchymal))
            assert np.array_equal(differ, inside)
            assert inside.sum() > 50  # a real range, not one grid point


def test_mesenchymal_state_persists_after_withdrawal_only_with_the_loop():
    protocol = emt.pulse(3.0, duration=1_000.0)  # T0 = 3 for 1000, then 0
    t = np.linspace(0, 1_800, 91)
    ends = {}
    for key, params in (("loop", LOOP), ("no_loop", NO_LOOP)):
        tc = emt.time_course(protocol, t, params=params)
        assert tc.states.min() > -1e-9  # concentrations stay non-negative
        on = tc.phase[t <= 1_000]
        # EMT in two steps: epithelial, then partial, then mesenchymal, never back during the pulse
        order = [str(x) for k, x in enumerate(on) if k == 0 or x != on[k - 1]]
        assert order == ["epithelial", "partial", "mesenchymal"]
        assert np.all(tc.t0[t > 1_000] == 0)
        ends[key] = tc
    assert ends["loop"].phase[-1] == "mesenchymal"
    assert ends["no_loop"].phase[-1] == "epithelial"
    # and each end state is the corresponding steady state at T0 = 0
    m0 = [e.state for e in emt.equilibria(0.0, LOOP) if e.stable and e.phase == "mesenchymal"][0]
    np.testing.assert_allclose(ends["loop"].states[-1], m0, rtol=1e-3)


def test_a_short_pulse_is_not_remembered_even_with_the_loop():
    tc = emt.time_course(emt.pulse(3.0, duration=100.0), np.linspace(0, 2_000, 101), params=LOOP)
    assert tc.phase[-1] == "epithelial"


def test_numpy_integrators_agree_with_scipy():
    pytest.importorskip("scipy")
    protocol = emt.pulse(2.5, duration=300.0)
    t = np.linspace(0, 600, 61)
    ref = emt.time_course(protocol, t, method="LSODA", rtol=1e-11, atol=1e-13)
    for method, tol in (("dopri5", 1e-6), ("rosenbrock", 1e-3)):
        tc = emt.time_course(protocol, t, method=method)
        np.testing.assert_allclose(tc.states, ref.states, rtol=tol, atol=tol * 1e-2)


def test_time_course_runs_many_cells_at_once():
    starts = _random_states(8, seed=5)
    tc = emt.time_course(1.5, np.linspace(0, 300, 7), initial=starts)
    assert tc.states.shape == (7, 8, 9) and tc.phase.shape == (7, 8)
    one = emt.time_course(1.5, np.linspace(0, 300, 7), initial=starts[3])
    np.testing.assert_allclose(tc.states[:, 3], one.states, rtol=1e-6)


# -- the explorer ----------------------------------------------------------------------------


def test_explorer_model_is_consistent_and_fast(diagrams):
    out = emt.explorer_model(0.5, "up")
    assert out["diagram"] is diagrams["loop"] and out["phase"] == "epithelial"
    assert emt.explorer_model(0.5, "down")["phase"] == "mesenchymal"      # memory
    assert emt.explorer_model(0.5, "down", autocrine_loop=False)["phase"] == "epithelial"
    assert emt.explorer_model(1.5, "up")["phase"] == "partial"
    assert out["species"]["E"] == pytest.approx(out["state"][I["E"]])
    f = emt.rhs(out["state"], 0.5)
    assert np.max(np.abs(f)) < 1e-10  # an exact steady state, not an interpolation
    times = []
    for v in np.linspace(0, emt.T0_MAX, 41):
        for direction in ("up", "down"):
            start = time.perf_counter()
            emt.explorer_model(float(v), direction)
            times.append(time.perf_counter() - start)
    assert float(np.median(times)) < 0.020
    with pytest.raises(ValueError):  # the cached diagram cannot be edited by a caller
        out["diagram"].up[0, 0] = 1.0
    assert diagrams["loop"].precompute_seconds < 5.0  # measured ~0.4–0.9 s on 2 shared cores


# -- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize("call, error", [
    (lambda: emt.rhs(np.ones(9), -0.1), emt.EMTInputError),
    (lambda: emt.rhs(np.ones(9), float("nan")), emt.EMTInputError),
    (lambda: emt.rhs(np.ones(8), 1.0), emt.EMTInputError),
    (lambda: emt.rhs(np.ones((3, 7)), 1.0), emt.EMTInputError),
    (lambda: emt.rhs(-np.ones(9), 1.0), emt.EMTInputError),
    (lambda: emt.rhs(np.full(9, np.inf), 1.0), emt.EMTInputError),
    (lambda: emt.rhs("cells", 1.0), TypeError),
    (lambda: emt.rhs(np.ones(9), True), TypeError),
    (lambda: emt.explorer_model(1.0, "sideways"), emt.EMTInputError),
    (lambda: emt.explorer_model(-1.0), emt.EMTInputError),
    (lambda: emt.explorer_model(emt.T0_MAX + 0.1), emt.EMTInputError),
    (lambda: emt.explorer_model(1.0, autocrine_loop="yes"), emt.EMTInputError),
    (lambda: emt.equilibria([0.5, 1.0]), emt.EMTInputError),
    (lambda: emt.equilibria(0.5, resolution=5), emt.EMTInputError),
    (lambda: emt.EMTParameters(kd_T=0.0), ValueError),
    (lambda: emt.EMTParameters(k_T=-1.0), ValueError),
    (lambda: LOOP.replace(k_t=1.0), emt.EMTInputError),
    (lambda: emt.rhs(np.ones(9), 1.0, params={"k_T": 1.2}), TypeError),
    (lambda: emt.pulse(-1.0, 10.0), emt.EMTInputError),
    (lambda: emt.pulse(1.0, 0.0), ValueError),
    (lambda: emt.StepProtocol((0.0, 5.0, 5.0), (1.0, 0.0, 1.0)), emt.EMTInputError),
    (lambda: emt.time_course(1.0, [0.0, 5.0, 2.0]), emt.EMTInputError),
    (lambda: emt.time_course(1.0, 10.0, initial="hybrid"), emt.EMTInputError),
    (lambda: emt.time_course(1.0, 10.0, method=3), emt.EMTInputError),
    (lambda: emt.quasi_static_sweep([0.0, 1.0], np.ones((2, 9))), emt.EMTInputError),
    (lambda: emt.bifurcation_diagram().readout("Snail"), emt.EMTInputError),
    (lambda: emt.bifurcation_diagram().state_at(1.0, "left"), emt.EMTInputError),
])
def test_bad_input_raises_named_errors(call, error):
    with pytest.raises(error):
        call()


def test_input_errors_are_value_errors_and_name_the_argument():
    assert issubclass(emt.EMTInputError, ValueError)
    with pytest.raises(emt.EMTInputError, match="T0"):
        emt.rhs(np.ones(9), -1.0)
    with pytest.raises(emt.EMTInputError, match=r"shape \(\.\.\., 9\)"):
        emt.rhs(np.ones(4), 1.0)
    with pytest.raises(emt.EMTInputError, match="direction"):
        emt.explorer_model(1.0, "sideways")
