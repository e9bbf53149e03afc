"""The immune chapter's code: the immune rows of tme_components, the phase-plane views and explorer,
the numbers the quiz and exercises check, and the figures.

The model itself (equilibria found by the code, Jacobian stability, the separatrix and the folds in
m) is tested in tests/unit/models/test_tumour_immune.py; here each page-level number is checked
against something computed another way: a direct LSODA integration, a bisection on outcomes, the
eigenvalues of the analytic Jacobian.
"""

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from metastasis import data, explorers  # noqa: E402
from metastasis.microenvironment import immune  # noqa: E402
from metastasis.models import tumour_immune as ti  # noqa: E402
from metastasis.quiz import load_bank  # noqa: E402

P = ti.PUBLISHED
E_FREE = P.s / P.d


@pytest.fixture(scope="module")
def tme():
    return data.load("tme_components")


# -- the data view ---------------------------------------------------------------------------------

def test_immune_rows_are_in_teaching_order_with_counts(tme):
    rows = immune.immune_rows(tme)
    assert list(rows["component"]) == list(immune.IMMUNE_COMPONENTS)
    tam = rows.set_index("component").loc["tumour-associated macrophages (TAMs)"]
    assert tam["n_pro"] == 6 and tam["n_anti"] == 1          # the only immune row with both sides
    both = rows[(rows["n_pro"] > 0) & (rows["n_anti"] > 0)]
    assert list(both["component"]) == ["tumour-associated macrophages (TAMs)"]
    assert (rows["n_pro"] + rows["n_anti"] > 0).all()


def test_immune_rows_reject_other_tables(tme):
    with pytest.raises(TypeError, match="tme_components"):
        immune.immune_rows([1, 2])
    with pytest.raises(KeyError, match="lacks column"):
        immune.immune_rows(pd.DataFrame({"component": []}))
    with pytest.raises(ValueError, match="no row for"):
        immune.immune_rows(tme[tme["component"] != "platelets"])


def test_split_items():
    assert immune.split_items("a; b ;c") == ["a", "b", "c"]
    assert immune.split_items(float("nan")) == [] and immune.split_items(None) == []


# -- the phase-plane views -------------------------------------------------------------------------

@pytest.mark.parametrize("m,T0", [(m, T0) for m in immune.M_VALUES for T0 in immune.T0_MILLIONS])
def test_every_explorer_outcome_agrees_with_direct_integration(m, T0):
    """The explorer's fast integrator and its outcome rule agree with LSODA run to a stable state."""
    view = immune.phase_plane_data(m * immune.M_UNIT, T0 * 1e6)
    escaped = ti.escapes(E_FREE, T0 * 1e6, P.replace(m=m * immune.M_UNIT))
    assert view["outcome"] == ("escape" if escaped else "dormant")


def test_each_control_switches_the_outcome():
    outcome = lambda m, T0: immune.phase_plane_data(m * immune.M_UNIT, T0 * 1e6)["outcome"]  # noqa: E731
    # the tumour size decides at the published m …
    assert outcome(3.422, 30) == "dormant" and outcome(3.422, 100) == "escape"
    # … and m decides at a fixed start: below the fold even 300 million cells are held
    assert outcome(2.5, 300) == "dormant" and outcome(3.0, 300) == "escape"
    # a dormant state that exists is not reachable from every start
    view = immune.phase_plane_data(6e-10, 1e6)
    assert "dormant" in {fp["role"] for fp in view["fixed_points"]} and view["outcome"] == "escape"


def test_the_offered_m_values_span_both_folds():
    lower, upper = sorted(f.m for f in immune.saddle_nodes())
    values = np.array(immune.M_VALUES) * immune.M_UNIT
    assert values.min() < lower < P.m < upper < values.max()
    assert P.m / immune.M_UNIT in immune.M_VALUES
    assert any(lower < v < P.m for v in values)          # just above the fold, below the published m


def test_separatrix_is_the_models_basin_boundary_and_absent_without_a_saddle():
    E, T = immune.separatrix(P.m)
    sep = ti.basin_boundary(P)
    np.testing.assert_allclose(E, sep.E)
    np.testing.assert_allclose(T, sep.T)
    assert immune.separatrix(2.5e-10) is None            # below the fold: no saddle, no boundary
    assert immune.separatrix(1.5e-9) is None             # past the upper fold too


def test_phase_plane_data_carries_what_the_figure_draws():
    view = immune.phase_plane_data(P.m, 1e8)
    assert view["E0"] == pytest.approx(E_FREE) and view["T0"] == 1e8
    assert view["m_c"] == pytest.approx(ti.critical_m(P))
    assert [fp["role"] for fp in view["fixed_points"]] == ["tumour-free", "dormant", "saddle", "escape"]
    assert set(view["nullclines"]) >= {"T", "E_nullcline", "T_nullcline"}


def test_describe_view_states_the_numbers():
    text = immune.describe_view(immune.phase_plane_data(P.m, 3e7))
    assert "held dormant" in text and "above the fold at 2.90" in text and "8.2 million" in text
    text = immune.describe_view(immune.phase_plane_data(2.5e-10, 3e8))
    assert "below the fold" in text and "escape" not in text.split("Tumour-bearing states:")[1].split(".")[0]


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="^m"):
        immune.phase_plane_data(-1e-10, 1e6)
    with pytest.raises(ValueError, match="T0"):
        immune.phase_plane_data(P.m, 0.0)
    with pytest.raises(TypeError, match="params must be"):
        immune.escape_margin_percent({"m": 1e-10})
    with pytest.raises(ValueError, match="no dormant state"):
        immune.dormant_tumour_millions(2e-9)
    with pytest.raises(ValueError, match="no escape state"):
        immune.escape_tumour_millions(2e-10)
    with pytest.raises(ValueError, match="lower"):
        immune.hysteresis(lower=1.5)
    with pytest.raises(ValueError, match="E0"):
        immune.escape_threshold_millions(-5.0)


# -- the numbers on the page, the quiz and the exercises --------------------------------------------

def test_escape_margin_and_the_two_folds():
    mc = ti.critical_m(P)
    assert immune.escape_margin_percent() == pytest.approx(100 * (1 - mc / P.m))
    assert immune.escape_margin_percent() == pytest.approx(15.3, abs=0.1)
    assert immune.critical_m_percent_of_published() + immune.escape_margin_percent() == pytest.approx(100)
    upper = max(f.m for f in ti.saddle_nodes(P))
    assert immune.dormancy_margin_percent() == pytest.approx(100 * (upper / P.m - 1))
    # the fold really removes the escape state (checked by counting states, not by the discriminant)
    roles = lambda m: {fp.role for fp in ti.fixed_points(P.replace(m=m))}  # noqa: E731
    assert "escape" not in roles(mc * 0.999) and "escape" in roles(mc * 1.001)


def test_state_sizes_match_the_fixed_points():
    fps = {fp.role: fp for fp in ti.fixed_points(P)}
    assert immune.dormant_tumour_millions() == pytest.approx(fps["dormant"].T / 1e6)
    assert immune.escape_tumour_millions() == pytest.approx(fps["escape"].T / 1e6)
    assert 8.0 < immune.dormant_tumour_millions() < 8.4 and 440 < immune.escape_tumour_millions() < 455
    assert immune.capacity_millions() == pytest.approx(500)


def test_initial_growth_is_the_tumour_free_saddles_unstable_eigenvalue():
    free = [fp for fp in ti.fixed_points(P) if fp.role == "tumour-free"][0]
    assert immune.initial_growth_rate() == pytest.approx(max(free.eigenvalues.real))
    assert immune.initial_doubling_days() == pytest.approx(math.log(2) / immune.initial_growth_rate())
    # a small tumour in a tumour-free host really grows at that rate at first (direct integration)
    traj = ti.trajectory(E_FREE, 10.0, 5.0, num=6)
    rate = np.log(traj.T[-1] / traj.T[0]) / 5.0
    assert rate == pytest.approx(immune.initial_growth_rate(), rel=0.02)
    with pytest.raises(ValueError, match="does not grow"):
        immune.initial_doubling_days(P.replace(n=1e-6))


def test_dormant_spiral_times_follow_from_the_jacobian():
    dormant = [fp for fp in ti.fixed_points(P) if fp.role == "dormant"][0]
    lam = np.linalg.eigvals(ti.jacobian(dormant.E, dormant.T))
    times = immune.dormant_spiral_times()
    assert times["decay_days"] == pytest.approx(1 / abs(lam[0].real))
    assert times["period_days"] == pytest.approx(2 * math.pi / abs(lam[0].imag))
    assert 170 < times["decay_days"] < 190 and 95 < times["period_days"] < 105
    assert immune.dormant_decay_days() == times["decay_days"] and immune.dormant_period_days() == times["period_days"]


def test_escape_thresholds_agree_with_bisection_on_outcomes():
    for E0 in (None, 1e6):
        by_separatrix = immune.escape_threshold_millions(E0) * 1e6
        by_bisection = ti.escape_threshold_T0(E_FREE if E0 is None else E0)
        assert by_separatrix == pytest.approx(by_bisection, rel=1e-3)
    assert 60 < immune.escape_threshold_millions() < 70


def test_hysteresis_returns_to_and_keeps_the_dormant_state():
    h = immune.hysteresis()
    dormant = [fp for fp in ti.fixed_points(P) if fp.role == "dormant"][0]
    assert h["start_T"] > 4e8 and h["after_lowering_T"] < 1e8
    assert h["ends"] == "dormant" and h["after_restoring_T"] == pytest.approx(dormant.T, rel=0.1)
    assert h["m_low"] == pytest.approx(0.9 * ti.critical_m(P))


def test_tables():
    params = immune.parameter_table()
    assert list(params.index) == list(P.names()) and params.loc["m", "value"] == P.m
    fps = immune.fixed_point_table()
    assert list(fps.index) == ["tumour-free", "dormant", "saddle", "escape"]
    for state, row in fps.iterrows():
        assert (row["determinant"] < 0) == (row["stability"] == "saddle"), state
    assert "i" in fps.loc["dormant", "eigenvalues (per day)"]


# -- figures and the explorer ------------------------------------------------------------------------

def test_static_figures_draw_what_they_say():
    fig, ax = plt.subplots()
    out = immune.plot_phase_plane(ax, starts=((E_FREE, 3e7), (E_FREE, 1e8), (1e6, 3e8)))
    assert out["outcomes"] == ["dormant", "escape", "dormant"]
    labels = {t.get_text() for t in ax.texts}
    assert {"dormant", "saddle", "escape"} <= labels
    plt.close(fig)
    fig, ax = plt.subplots()
    branches = immune.plot_bifurcation(ax)
    assert set(branches["role"]) == {"dormant", "saddle", "escape"}
    at = branches.iloc[(branches["m"] - P.m).abs().argsort()[:3]]
    assert sorted(at["role"]) == ["dormant", "escape", "saddle"]
    plt.close(fig)
    fig, ax = plt.subplots()
    immune.plot_macrophage_spectrum(ax)
    text = " ".join(t.get_text() for t in ax.texts)
    assert "IL-4, IL-13" in text and "IL-10, TGF-β" in text
    plt.close(fig)


def test_explorer_is_registered_small_and_fast():
    e = explorers.get("tumour-immune-phase-plane")
    assert [c.name for c in e.controls] == ["m", "T0"]
    assert e.frame_count() == len(immune.M_VALUES) * len(immune.T0_MILLIONS) <= 48
    assert e.initial() == {"m": 3.422, "T0": 30.0}
    times = sorted(e.time_model_ms(p) for p in e.combinations())
    assert times[len(times) // 2] < 20.0
    alt = e.alt_text(e.initial(), e.model(**e.initial()))
    assert "held dormant" in alt and "published value" in alt


def test_the_quiz_bank_loads_and_its_keys_compute():
    title, questions = load_bank("microenvironment-immune")
    assert len(questions) >= 8
    numeric = {q.id: q for q in questions if hasattr(q, "key_value") or q.__class__.__name__ == "NumericQuestion"}
    assert {"escape-margin", "dormant-size"} <= set(numeric)
