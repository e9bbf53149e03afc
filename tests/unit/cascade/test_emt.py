"""The EMT page: its questions to the Tian et al. model (windows of coexisting states, thresholds,
hysteresis, the coarse-grid reading, the memory of a pulse) and the emt-switch explorer."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from metastasis import explorers
from metastasis.cascade import emt as page
from metastasis.models import emt_switch as emt

LOOPS = [True, False]


@pytest.mark.parametrize("loop", LOOPS)
def test_windows_tile_the_doses_and_match_an_independent_grid_search(loop):
    windows = page.stable_windows(loop)
    assert windows[0][0] == 0.0 and windows[-1][1] == emt.T0_MAX
    for (lo, hi, _), (lo2, _, _) in zip(windows[:-1], windows[1:]):
        assert hi == lo2 and lo < hi
    for lo, hi, states in windows:
        if hi - lo < 0.03:
            continue  # too thin for the grid search's resolution to matter here
        mid = 0.5 * (lo + hi)
        found = sorted(e.phase for e in emt.equilibria(mid, page.params_for(loop)) if e.stable)
        assert found == sorted(states), (loop, mid, found, states)


def test_monostable_epithelial_only_without_the_loop():
    assert page.stable_states_at(0.3, autocrine_loop=False) == ("epithelial",)
    assert page.stable_states_at(0.3, autocrine_loop=True) == ("epithelial", "mesenchymal")
    first = page.stable_windows(False)[0]
    assert first[2] == ("epithelial",) and first[1] == pytest.approx(0.710, abs=0.002)
    assert all("mesenchymal" in states for _, _, states in page.stable_windows(True))
    table = page.stable_state_table()
    assert set(table["kind"]) == {"monostable", "bistable", "tristable"}
    assert (table.loc[table["circuit"] == page.VARIANT_NAMES[True], "kind"] == "tristable").sum() == 1


def test_thresholds_and_hysteresis():
    assert page.threshold("epithelial_to_partial") == pytest.approx(1.008, abs=0.002)
    assert page.threshold("partial_to_mesenchymal") == pytest.approx(2.014, abs=0.002)
    assert page.threshold("mesenchymal_lower_fold") < 0  # the loop's M branch ends below zero dose
    assert page.hysteresis_width("first", autocrine_loop=False) == pytest.approx(1.0657 - 0.7101, abs=0.002)
    assert page.hysteresis_width("second", autocrine_loop=False) == pytest.approx(2.1470 - 1.0843, abs=0.002)
    with pytest.raises(emt.EMTInputError, match="irreversible"):
        page.hysteresis_width("second", autocrine_loop=True)
    with pytest.raises(emt.EMTInputError, match="unknown threshold"):
        page.threshold("epithelial")
    with pytest.raises(emt.EMTInputError, match="switch must be"):
        page.hysteresis_width("third")
    with pytest.raises(emt.EMTInputError, match="autocrine_loop"):
        page.params_for("yes")


def test_a_coarse_sweep_reads_the_folds_as_the_quoted_values():
    assert page.coarse_grid_reading(0.1, True) == {"epithelial": 0.0, "partial": 1.1, "mesenchymal": 2.1}
    assert page.first_seen("partial", 0.1, True) == 1.1
    # a finer sweep reads them closer to the folds
    assert page.first_seen("partial", 0.01, True) == pytest.approx(1.01)
    with pytest.raises(emt.EMTInputError, match="step"):
        page.coarse_grid_reading(0.0)
    with pytest.raises(emt.EMTInputError, match="phase"):
        page.first_seen("hybrid")


def test_the_pulse_figure_agrees_with_a_strict_integration():
    courses = page.pulse_memory()
    assert courses[True].phase[-1] == "mesenchymal" and courses[False].phase[-1] == "epithelial"
    for loop in LOOPS:
        strict = emt.time_course(emt.pulse(3.0, 1000.0), courses["t"][::20], params=page.params_for(loop))
        np.testing.assert_allclose(courses[loop].readout("E")[::20], strict.readout("E"), atol=0.02)
    fig, ax = plt.subplots()
    page.plot_pulse_memory(ax, courses)
    assert len(ax.get_lines()) == 2
    plt.close(fig)
    with pytest.raises(emt.EMTInputError, match="duration"):
        page.pulse_memory(duration=3000.0, t_end=2000.0)


def test_diagram_figures_draw_stable_and_unstable_branches_and_the_jumps():
    fig, ax = plt.subplots()
    segments = page.plot_bifurcation(ax, True)
    assert any(s for *_, s in segments) and not all(s for *_, s in segments)
    assert len(ax.texts) == 2  # the two jump arrows of the up-sweep; no way back with the loop
    plt.close(fig)
    fig, ax = plt.subplots()
    page.plot_bifurcation(ax, False)
    assert len(ax.texts) == 4  # two jumps up, two jumps down
    plt.close(fig)
    fig, ax = plt.subplots()
    page.plot_state_windows(ax)
    assert len(ax.get_yticklabels()) == 6
    plt.close(fig)


def test_explorer_shows_hysteresis_and_memory():
    e = explorers.get("emt-switch")
    assert e.frame_count() <= 48
    up, down = list(page.DIRECTIONS)
    on, off = list(page.LOOP_SETTINGS)
    phase = {(t0, d, l): e.model(t0=t0, direction=d, loop=l)["phase"]
             for t0 in page.EXPLORER_T0 for d in (up, down) for l in (on, off)}
    # with the loop the down-sweep never leaves the mesenchymal state: memory
    assert all(phase[(t0, down, on)] == "mesenchymal" for t0 in page.EXPLORER_T0)
    # without the loop both sweeps agree at the ends of the range and differ in between
    assert phase[(0.0, down, off)] == "epithelial" == phase[(0.0, up, off)]
    assert phase[(1.05, up, off)] == "epithelial" and phase[(1.05, down, off)] == "partial"
    # the loop lowers the first threshold below 1.05
    assert phase[(1.05, up, on)] == "partial"
    # past 2.014 only the mesenchymal state is left with the loop; without it the partial state lasts to 2.147
    assert phase[(2.1, up, on)] == "mesenchymal" and phase[(2.1, up, off)] == "partial"
    assert e.model(t0=2.1, direction=up, loop=on)["coexisting"] == ("mesenchymal",)
    data = e.model(t0=0.4, direction=down, loop=on)
    assert data["coexisting"] == ("epithelial", "mesenchymal")
    assert data["path_x"][0] == 0.4 and data["path_x"][-1] == emt.T0_MAX
    assert "mesenchymal" in e.alt_text(e.params(t0=0.4, direction=down, loop=on), data)
    with pytest.raises(emt.EMTInputError, match="direction"):
        e.model(t0=0.4, direction="sideways", loop=on)
