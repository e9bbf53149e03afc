"""The inefficiency page: the chain read from the data, the extinction figure against its formula,
the CTC-per-tube helper, the Poisson table and the cascade-simulator explorer's science."""

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from metastasis import data, explorers
from metastasis.cascade import inefficiency as ine
from metastasis.models import branching, cascade, ctc


@pytest.fixture(scope="module")
def efficiency():
    return data.load("cascade_efficiency")


def test_efficiency_table_shows_every_row_with_its_status(efficiency):
    table = ine.efficiency_table(efficiency)
    assert len(table) == len(efficiency)
    assert set(table["verified"]) == {"yes", "NO (unverified)"}
    assert (table.loc[table["source"] == "luzzi1998multistep", "verified"] == "NO (unverified)").all()
    koop = table.loc["injected cells that survive and extravasate by 24 h"]
    assert "chick embryos" in koop["system"]  # Koop et al. 1995 was not a mouse study
    with pytest.raises(KeyError, match="cascade_efficiency"):
        ine.efficiency_table(efficiency.drop(columns="verified"))
    with pytest.raises(TypeError):
        ine.efficiency_table([1, 2])


def test_chain_multiplies_the_data_and_marks_unverified_steps():
    chain = ine.cascade_chain()
    assert chain[0].remaining == 1.0
    for before, step in zip(chain[:-1], chain[1:]):
        assert step.remaining == pytest.approx(before.remaining * step.probability)
    assert chain[-1].remaining == pytest.approx(cascade.overall_probability())
    assert [s.verified for s in chain] == [True, True, True, False, False]
    assert chain[-1].remaining == pytest.approx(0.01 * 0.8 * 0.02 * 0.01)


def test_chain_figure_draws_a_bar_per_step_and_the_human_line():
    fig, ax = plt.subplots()
    chain = ine.plot_cascade_chain(ax)
    assert len(ax.patches) == len(chain)
    hatched = [p for p in ax.patches if p.get_hatch()]
    assert len(hatched) == sum(not s.verified for s in chain)
    assert any(np.allclose(line.get_xdata(), cascade.human_calibration_probability()) for line in ax.lines)
    plt.close(fig)


def test_extinction_points_agree_with_the_exact_curves():
    curves = ine.extinction_curves(n_lineages=1500, seed=3)
    for c in curves:
        exact = np.asarray(branching.extinct_by(c["sample_times"], c["birth"], c["death"]))
        se = np.sqrt(exact * (1 - exact) / c["n"])
        assert np.all(np.abs(c["simulated"] - exact) < 4.5 * se + 1e-9)
        assert c["limit"] == pytest.approx(c["death"] / c["birth"])
        assert np.all(np.diff(c["extinct"]) >= -1e-12) and c["extinct"][-1] < c["limit"]
    fig, ax = plt.subplots()
    ine.plot_extinction(ax, curves)
    assert len(ax.get_legend().get_texts()) == len(curves)
    plt.close(fig)
    with pytest.raises(ValueError, match="sample_times"):
        ine.extinction_curves(t_max=5.0, sample_times=(1, 10))


def test_ctc_per_tube_is_the_steady_state_sampled_and_scales_with_mass():
    one = ine.ctc_per_tube(1.0, 1.5)
    assert one == pytest.approx(ctc.expected_count(3.2e6, 1.5))
    assert one == pytest.approx(3.2e6 / 24 * 1.5 / math.log(2) * 7.5 / 5000)
    np.testing.assert_allclose(ine.ctc_per_tube([0.1, 1.0, 10.0], 1.5), [one / 10, one, one * 10])
    assert ine.ctc_per_tube(1.0, 1.5, first_pass_loss=12) == pytest.approx(one / 12)
    with pytest.raises(ValueError, match="first-pass loss"):
        ine.ctc_per_tube(1.0, 1.5, first_pass_loss=0.5)
    with pytest.raises(ValueError, match="tumour mass"):
        ine.ctc_per_tube(-1.0, 1.5)
    fig, ax = plt.subplots()
    lines = ine.plot_ctc_per_tube(ax)
    assert len(lines) == 4
    plt.close(fig)


def test_metastasis_table_is_poisson_and_matches_the_worked_numbers():
    table = ine.metastasis_table()
    assert table["λ, default chain"].tolist() == pytest.approx([1536.0, 153.6, 18.688])
    assert table["λ, human calibration"].tolist() == pytest.approx([16.0, 1.6, 0.194667], rel=1e-5)
    np.testing.assert_allclose(table["P(none), human calibration"], np.exp(-table["λ, human calibration"]))
    view = ine.metastasis_table_view(table)
    assert list(view.index) == ["10", "1", "0.01"] and view.loc["1", "λ, human calibration"] == "1.6"


def test_bins_cover_every_count_once():
    k = np.arange(0, 20001)
    binned = ine.bin_counts(k, np.ones(k.size))
    widths = [int(min(hi, 20000) - lo + 1) for lo, hi, _ in ine.COUNT_BINS]
    assert binned.tolist() == widths
    assert binned.sum() == k.size  # conservation: each count in exactly one bin
    with pytest.raises(ValueError, match="whole numbers"):
        ine.bin_counts([1.5], [1.0])
    with pytest.raises(ValueError, match="same shape"):
        ine.bin_counts([1, 2], [1.0])


@pytest.mark.parametrize("shed, p", [(1e3, 1e-4), (1e4, 1e-2), (1e7, 3e-2)])
def test_simulator_model_is_a_binned_poisson_law(shed, p):
    out = ine.simulator_model(shed, p)
    lam = shed * 365 * 0.01 * 0.8 * p * (1 - cascade.default_growth().extinction)
    assert out["mean"] == pytest.approx(lam)
    assert out["exact"].sum() == pytest.approx(1.0, abs=1e-9)
    assert out["simulated"].sum() == pytest.approx(1.0)
    assert np.all((out["exact"] >= 0) & (out["exact"] <= 1))
    assert out["exact"][0] == pytest.approx(math.exp(-lam))
    assert 0.5 * np.abs(out["exact"] - out["simulated"]).sum() < 0.05  # 2,000 patients
    if lam > 1:
        assert out["simulated_variance"] == pytest.approx(lam, rel=0.15)


def test_only_the_product_of_the_sliders_matters():
    a = ine.simulator_model(1e4, 1e-2)
    b = ine.simulator_model(1e5, 1e-3)
    assert a["mean"] == pytest.approx(b["mean"])
    np.testing.assert_allclose(a["exact"], b["exact"], atol=1e-12)


def test_explorer_mean_rises_with_each_control_and_alt_quotes_it():
    e = explorers.get("cascade-simulator")
    assert e.frame_count() <= 48
    means = np.array([[e.model(shed_per_day=s, colonisation=p)["mean"] for p in ine.COLONISATION]
                      for s in ine.SHEDDING_PER_DAY])
    assert np.all(np.diff(means, axis=0) > 0) and np.all(np.diff(means, axis=1) > 0)
    params = e.initial()
    text = e.alt_text(params, e.model(**params))
    assert "λ = 2.92" in text and "10,000" in text
