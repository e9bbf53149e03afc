"""The circulation page: clusters against independent cells, sampling noise at the CellSearch
threshold, and the dormancy explorer (what a clinic sees, and when)."""

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from metastasis import explorers
from metastasis.cascade import circulation as page
from metastasis.models import ctc, dormancy


def test_cluster_size_needed_inverts_the_fold_advantage():
    for fold, q in ((23, 0.99), (50, 0.99), (5, 0.9)):
        k = int(page.cluster_size_needed(fold, q))
        assert ctc.cluster_fold_advantage(k, 1.0, q) >= fold > ctc.cluster_fold_advantage(k - 1, 1.0, q) if k > 1 else True
    assert page.cluster_size_needed(23, 0.99) == 27
    assert page.cluster_size_needed(10, 0.9) == math.inf  # the ceiling 1/(1 − d/b) is 10
    assert page.cluster_size_needed(1, 0.5) == 1
    with pytest.raises(ValueError, match="fold advantage"):
        page.cluster_size_needed(0.5, 0.9)
    with pytest.raises(ValueError, match="extinction probability"):
        page.cluster_size_needed(5, 1.0)


def test_cluster_figure_never_beats_the_ceilings():
    fig, ax = plt.subplots()
    lines = page.plot_cluster_advantage(ax)
    for q, (k, fold) in lines.items():
        assert np.all(fold <= k + 1e-9) and np.all(fold <= 1 / (1 - q) + 1e-9)
        assert np.all(np.diff(fold) >= -1e-12) and fold[0] == pytest.approx(1.0)
    plt.close(fig)


def test_threshold_chance_is_poisson_and_the_simulated_tubes_agree():
    assert page.threshold_chance(5.0) == pytest.approx(0.5595, abs=1e-4)
    assert page.threshold_chance(0.0) == 0.0
    np.testing.assert_allclose(page.threshold_chance([1.0, 3.0]), [ctc.prob_at_least(1.0), ctc.prob_at_least(3.0)])
    fig, ax = plt.subplots()
    out = page.plot_threshold_chance(ax, n_samples=4000, seed=1)
    exact = page.threshold_chance(out["check"])
    assert np.all(np.abs(out["simulated"] - exact) < 4.5 * np.sqrt(exact * (1 - exact) / 4000) + 1e-3)
    assert np.all(np.diff(out["exact"]) >= 0)
    plt.close(fig)
    with pytest.raises(ValueError, match="mean count"):
        page.threshold_chance(-1.0)


def test_relapse_model_shows_nothing_before_outgrowth_and_falls_to_its_plateau():
    out = page.relapse_model(0.1, 0.1)
    before = out["years"] < out["detect_years"]
    assert np.all(out["relapse_free"][before] == 1.0) and np.all(out["observed"][before] == 1.0)
    assert np.all(np.diff(out["relapse_free"]) <= 1e-12)
    assert out["relapse_free"][-1] >= 1 - out["plateau"] - 1e-12
    assert out["ever_wakes"] == pytest.approx(0.5, abs=1e-3)
    assert np.all((out["still_dormant"] >= 0) & (out["still_dormant"] <= 1))
    # the simulated clinic scatters around the model within binomial noise
    i = -1
    p = 1 - out["relapse_free"][i]
    assert abs(out["observed_relapsed_by_20"] - p) < 4.5 * math.sqrt(p * (1 - p) / out["cohort"])


def test_death_lowers_the_number_of_relapses_and_waking_sets_their_timing():
    slow, fast = page.relapse_model(0.003, 0.0), page.relapse_model(0.3, 0.0)
    assert slow["plateau"] == pytest.approx(fast["plateau"])  # no death: every cell wakes eventually
    assert fast["median_relapse_years"] < slow["median_relapse_years"]
    few = page.relapse_model(0.1, 1.0)
    assert few["plateau"] < fast["plateau"] and few["ever_wakes"] < 0.1
    assert page.relapse_model(0.1, 0.0)["ever_wakes"] == 1.0


def test_relapse_model_converts_a_daily_chance_into_a_rate():
    out = page.relapse_model(1.0, 0.0)
    assert out["wake_rate"] == pytest.approx(-math.log(1 - 0.01))
    assert out["detect_years"] == pytest.approx(dormancy.detection_delay() / dormancy.YEAR_DAYS)
    with pytest.raises(ValueError, match="waking chance"):
        page.relapse_model(0.0, 0.1)
    with pytest.raises(ValueError, match="death rate"):
        page.relapse_model(0.1, -0.1)


def test_dormancy_explorer_frames_and_alt():
    e = explorers.get("dormancy-relapse")
    assert e.frame_count() <= 48
    params = e.initial()
    text = e.alt_text(params, e.model(**params))
    assert "50% of cells wake" in text and "4.2 years" in text
