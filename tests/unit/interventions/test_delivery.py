"""The delivery page module: evidence levels, natural compounds and the nanoparticle figure."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pytest

from metastasis import data
from metastasis.interventions import delivery as dl
from metastasis.models import nanoparticle


def test_evidence_levels_map_phases_and_reject_unknown_ones():
    assert dl.evidence_level("phase III") == "phase III"
    assert dl.evidence_level(None) == "not stated"
    with pytest.raises(ValueError, match="unknown phase"):
        dl.evidence_level("phase IV")


def test_counts_cover_every_row_and_the_subsets_split_them():
    frame = data.load("interventions")
    everything = dl.evidence_counts("all rows", "every row")
    assert int(everything.values.sum()) == len(frame)
    review = dl.evidence_counts("the review's rows", "every row")
    assert int(review.values.sum()) == 41
    verified = dl.evidence_counts("the review's rows", "a verified number")
    qualitative = dl.evidence_counts("the review's rows", "no number")
    assert int(verified.values.sum()) == 5 and int(qualitative.values.sum()) == 35
    # nanomedicine rests on mouse studies only
    assert review.loc["nanomedicine"].to_dict()["preclinical"] == int(review.loc["nanomedicine"].sum()) == 2
    with pytest.raises(ValueError, match="rows must be one of"):
        dl.evidence_counts("some rows")


def test_explorer_responds_to_both_controls():
    e = dl.evidence_explorer()
    assert e.frame_count() == 6
    a = e.model(rows="the review's rows", subset="every row")
    b = e.model(rows="all rows", subset="every row")
    c = e.model(rows="the review's rows", subset="a verified number")
    assert int(b.values.sum()) > int(a.values.sum()) > int(c.values.sum())
    assert "nanomedicine" in e.alt(e.params(), a)


def test_natural_compounds_are_all_preclinical_and_dz50_has_no_source():
    table = dl.natural_compounds()
    assert set(table["level"]) <= {"no source", "cell line", "animal"}
    assert table.set_index("compound").loc["DZ-50", "study"] == ""
    fig, ax = plt.subplots()
    dl.plot_natural_compounds(ax)
    plt.close(fig)


def test_nanoparticle_figure_is_calibrated_to_wilhelm_and_exposure_grows_with_time():
    fig, ax = plt.subplots()
    shown = dl.plot_nanoparticle(ax)
    plt.close(fig)
    assert shown["particle_peak"][1] == pytest.approx(nanoparticle.WILHELM_MEDIAN_DELIVERY, rel=1e-6)
    assert shown["free_peak"][1] > shown["particle_peak"][1]  # lower, later peak
    assert dl.particle_to_free_auc(24) < dl.particle_to_free_auc(96) < dl.particle_to_free_auc()
    with pytest.raises(ValueError, match="t_end"):
        dl.particle_to_free_auc(-1)


def test_qualitative_share_check(capsys):
    assert dl.check_qualitative_share(35 / 41)
    assert not dl.check_qualitative_share(35)
    assert "fraction" in capsys.readouterr().out
