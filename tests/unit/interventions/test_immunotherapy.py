"""The immunotherapy page module: Table 2 as data, its errors, the explorer and the trial figures."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pytest

from metastasis import data
from metastasis.interventions import immunotherapy as im


def test_target_sets_parse_single_and_dual_rows():
    assert im.target_set("Dual PD-1/TIGIT") == frozenset({"PD-1", "TIGIT"})
    assert im.target_set("PD-L1; TGF-β") == frozenset({"PD-L1", "TGF-β"})
    assert im.row_label(frozenset({"TIGIT", "PD-1"})) == "Dual PD-1/TIGIT"
    with pytest.raises(ValueError, match="non-empty"):
        im.target_set("")


def test_grids_count_every_entry_and_every_drug_once():
    printed = im.pipeline_grid("as printed")
    resolved = im.pipeline_grid("one drug, one cell")
    assert int(printed.values.sum()) == len(data.load("checkpoint_entries")) == 113
    assert int(resolved.values.sum()) == len(data.load("checkpoint_agents")) == 91
    assert list(printed.columns) == list(im.PHASES)
    # the market column holds only PD-1, PD-L1 and CTLA-4 drugs
    market = resolved["On the market"]
    assert set(market[market > 0].index) == {"PD-1", "PD-L1", "CTLA-4"}
    assert resolved.loc["PD-1", "On the market"] == 9
    with pytest.raises(ValueError, match="view must be one of"):
        im.pipeline_grid("sideways")


def test_table_errors_find_the_known_errata():
    errors = im.table_errors()
    assert errors["duplicates"]["agent"].nunique() == 21
    assert len(errors["duplicates"]) == 43
    misfiled = set(errors["misfiled"]["agent"])
    assert {"AGEN1777", "eftilagimod alfa", "obrindatamab", "camrelizumab", "socazolimab"} <= misfiled
    assert set(errors["approval"]["agent"]) == {"cemiplimab", "prolgolimab"}
    pairs = im.code_name_pairs()
    assert ("MK-3475", "pembrolizumab") in set(zip(pairs["printed as"], pairs["INN"]))


def test_fda_count_is_eight_and_unverified_formats_are_kept_apart():
    assert len(im.fda_approved()) == 8 and "cemiplimab" in im.fda_approved()
    shown, withheld = im.bispecific_agents()
    assert "Y101D" in withheld and "Y101D" not in set(shown["agent"])


def test_explorer_responds_to_both_controls():
    e = im.pipeline_explorer()
    assert e.frame_count() == 10
    a = e.model(view="as printed", error="none")
    b = e.model(view="one drug, one cell", error="none")
    c = e.model(view="as printed", error="duplicates")
    assert a.n_items == 113 and b.n_items == 91
    assert int(a.flagged.values.sum()) == 0 and c.n_flagged == 43
    alt = e.alt(e.params(error="misfiled"), e.model(view="as printed", error="misfiled"))
    assert "AGEN1777" in alt


def test_checkmate_fits_pass_through_the_checked_points_and_plateau():
    fits = im.checkmate_fits()
    assert set(fits) == {"nivolumab", "ipilimumab"}
    for arm in im.CHECKMATE_067_4Y:
        if arm.median_os is None:
            continue
        assert im.predicted_survival(arm.name, arm.median_os) == pytest.approx(0.5, abs=1e-6)
        assert im.predicted_survival(arm.name, 48) == pytest.approx(arm.os_48, abs=1e-6)
        assert im.predicted_survival(arm.name, 1e4) == pytest.approx(fits[arm.name][0], abs=1e-6)
    # out of sample, against the secondary 5-year figures: within 2 points
    for arm, value in im.CHECKMATE_067_5Y_SECONDARY.items():
        if arm in fits:
            assert abs(im.predicted_survival(arm, 60) - value) < 0.02
    with pytest.raises(KeyError, match="no fitted arm"):
        im.predicted_survival("nivolumab + ipilimumab", 60)


def test_checkpoint_survival_figure_uses_checked_keynote_numbers():
    fig, axes = plt.subplots(2, 1)
    shown = im.plot_checkpoint_survival(axes)
    plt.close(fig)
    assert shown["reported_hr"] == 0.64
    assert shown["implied_hr"] == pytest.approx(11.3 / 15.9)


def test_lowering_m_removes_the_escape_state():
    ratio = im.critical_m_ratio()
    assert 0.8 < ratio < 0.9
    table = im.escape_states_over_m([0.7, 1.0, 1.3])
    roles = table.groupby("multiplier")["role"].apply(set)
    assert "escape" not in roles[0.7]
    assert "escape" in roles[1.0] and "escape" in roles[1.3]
    with pytest.raises(ValueError, match="multipliers"):
        im.escape_states_over_m([-1.0])


def test_duplicate_check_gives_friendly_feedback(capsys):
    assert im.check_duplicates(21)
    assert not im.check_duplicates(43)
    assert "entries" in capsys.readouterr().out
