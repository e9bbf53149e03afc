"""The signals chapter: reading cytokines_chemokines as axes, the network, its explorer, and the figures."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from metastasis import data, explorers  # noqa: E402
from metastasis.integrins.metastasis import organotropism as org  # noqa: E402
from metastasis.microenvironment import signals as sig  # noqa: E402
from metastasis.references import bib_keys  # noqa: E402


@pytest.fixture(scope="module")
def cyto():
    return data.load("cytokines_chemokines")


@pytest.fixture(scope="module")
def axes(cyto):
    return sig.axis_table(cyto)


@pytest.fixture(scope="module")
def network(cyto):
    return sig.build_network(cyto)


# -- reading the table ---------------------------------------------------------------------------
@pytest.mark.parametrize("factor, family", [
    ("CCL2", "CC chemokines"), ("CC chemokines of CCR1 and CCR3", "CC chemokines"),
    ("IL-8 (CXCL8)", "CXC chemokines"), ("CXCL12", "CXC chemokines"),
    ("TNF-α", "interleukins, TNF and IFN"), ("TNFR1 (fibroblast-secreted)", "interleukins, TNF and IFN"),
    ("IFN-γ", "interleukins, TNF and IFN"), ("VEGF-C", "growth factors"), ("EGF (EGFR signalling)", "growth factors"),
])
def test_axis_family_rules(factor, family):
    assert sig.axis_family(factor) == family


@pytest.mark.parametrize("bad", ["", "   ", None, "galectin-9"])
def test_axis_family_refuses_what_no_rule_fits(bad):
    with pytest.raises(ValueError):
        sig.axis_family(bad)


def test_every_factor_gets_a_family_and_known_roles(cyto, axes):
    assert set(axes["factor"]) == set(cyto["factor"])
    assert set(axes["family"]) == set(sig.FAMILIES)
    assert all(set(roles) <= set(sig.ROLES) for roles in axes["roles"])


def test_receptor_cells_are_split_and_rewritten():
    assert sig.receptor_names("CXCR1; CXCR2") == ["CXCR1", "CXCR2"]
    assert sig.receptor_names("VEGFR (VEGFR1; VEGFR2)") == ["VEGFR1", "VEGFR2"]
    assert sig.receptor_names("TGF-β receptors I and II") == ["TGF-βRI/RII"]
    assert sig.receptor_names(None) == [sig.NO_RECEPTOR]
    assert sig.receptor_names(float("nan")) == [sig.NO_RECEPTOR]


def test_who_named_the_receptor(axes):
    named = axes.drop_duplicates("factor").set_index("factor")["named_by"]
    assert named["CXCL12"] == "review"          # the review writes CXCL12/CXCR4
    assert named["CXCL1"] == "curators"         # CXCR2 from the cited study
    assert named["IL-10"] == "curators"
    assert named["IL-35"] == "none"


def test_met49_receptors_are_flagged_and_paired_with_ligands(axes):
    flagged = axes[axes["listed_as_cytokine"]]
    assert set(flagged["receptor"]) == {"CXCR2", "CXCR3", "CXCR4"}
    # each is read as a receptor with its ligands, never as a factor
    assert flagged.groupby("receptor")["factor"].agg(set).to_dict() == {
        "CXCR2": {"IL-8 (CXCL8)", "CXCL5", "CXCL1"}, "CXCR3": {"CXCL9", "CXCL10", "CXCL11"}, "CXCR4": {"CXCL12"}}
    assert not set(axes["factor"]) & {"CXCR2", "CXCR3", "CXCR4"}


def test_shared_receptors_are_the_four_the_page_names(axes):
    shared = sig.shared_receptors(axes)
    assert shared == {"CCR10": ["CCL27", "CCL28"], "CXCR2": ["IL-8 (CXCL8)", "CXCL5", "CXCL1"],
                      "CXCR3": ["CXCL9", "CXCL10", "CXCL11"], "VEGFR3": ["VEGF-C", "VEGF-D"]}
    assert sig.count_shared_receptors() == 4


def test_loss_favours_marks_the_anti_tumour_cytokines(axes):
    assert set(axes.loc[axes["loss_favours"], "factor"]) == {"IL-2", "IFN-γ"}


def test_axes_for_filters_by_family_and_effect(axes):
    cxc_organ = sig.axes_for(axes, "CXC chemokines", "organotropism or niche")
    assert set(cxc_organ["factor"]) == {"CXCL12", "CXCL5", "CXCL1", "CXCL9", "CXCL10"}
    assert len(sig.axes_for(axes)) == len(axes)
    with pytest.raises(ValueError, match="unknown family"):
        sig.axes_for(axes, "lipids")
    with pytest.raises(ValueError, match="unknown effect group"):
        sig.axes_for(axes, effect="dormancy")


def test_bad_tables_raise_named_errors(cyto):
    with pytest.raises(TypeError, match="DataFrame"):
        sig.axis_table("cytokines")
    with pytest.raises(KeyError, match="receptor"):
        sig.axis_table(cyto.drop(columns=["receptor"]))
    broken = cyto.copy()
    broken["role"] = broken["role"].astype(str)
    broken.loc[0, "role"] = "dormancy"
    with pytest.raises(ValueError, match="unknown role"):
        sig.axis_table(broken)


def test_organ_addresses_combine_both_datasets(cyto):
    addresses = sig.organ_addresses(cyto, org.load_organotropism())
    by_organ = addresses.groupby("organ")["signal"].agg(set)
    assert {"α6β4", "α6β1", "CXCL12 → CXCR4", "CXCL1 → CXCR2"} <= by_organ["lung"]
    assert by_organ["liver"] == {"αvβ5"} and by_organ["brain"] == {"β3"}
    assert "CXCL5 → CXCR2" in by_organ["bone"]


# -- the network model ---------------------------------------------------------------------------
def test_network_model_filters_as_the_table_says(network, axes):
    result = sig.network_model(network, "CXC chemokines", "organotropism or niche")
    kept = set(network.ligands.loc[result["ligand_on"], "factor"])
    assert kept == set(sig.axes_for(axes, "CXC chemokines", "organotropism or niche")["factor"])
    receptors = set(network.receptors.loc[result["receptor_on"], "name"])
    assert receptors == {"CXCR2", "CXCR3", "CXCR4"}
    on = dict(zip(sig.ROLES, result["effect_on"]))
    assert on["organotropism"] and not on["angiogenesis"]
    other = dict(zip(sig.ROLES, result["other_on"]))
    assert other["EMT"] and not other["organotropism"]


def test_every_filter_moves_when_a_control_moves(network):
    """Each control changes what is kept: the explorer responds to both."""
    base = sig.network_model(network, "growth factors", "angiogenesis")["ligand_on"]
    other_family = sig.network_model(network, "CC chemokines", "angiogenesis")["ligand_on"]
    other_effect = sig.network_model(network, "growth factors", "immune recruitment or suppression")["ligand_on"]
    assert not np.array_equal(base, other_family) and not np.array_equal(base, other_effect)


def test_any_effect_with_all_families_keeps_everything(network):
    result = sig.network_model(network, "all families", "any effect")
    assert result["ligand_on"].all() and result["receptor_on"].all() and result["effect_on"].all()


def test_network_model_checks_its_inputs(network):
    with pytest.raises(ValueError, match="family"):
        sig.network_model(network, "chemokines", "angiogenesis")
    with pytest.raises(ValueError, match="effect group"):
        sig.network_model(network, "CC chemokines", "EMT")


def test_layout_places_only_what_is_kept(network):
    result = sig.network_model(network, "growth factors", "angiogenesis")
    lay = sig.layout(network, result, 8)
    assert len(lay["lig_idx"]) == result["ligand_on"].sum() == 5
    assert len(lay["lr"]) == result["lr_on"].sum()
    assert len(lay["re_in"]) >= 5       # every kept receptor reaches angiogenesis
    assert set(lay["named_by"]) <= {"review", "curators", "none"}


# -- the explorer ----------------------------------------------------------------------------------
def test_explorer_is_registered_small_and_fast():
    e = explorers.get("signals-network")
    assert [c.name for c in e.controls] == ["family", "effect"]
    assert e.frame_count() <= 48
    assert e.time_model_ms() < 20


def test_explorer_alt_text_names_the_axes():
    e = explorers.get("signals-network")
    params = e.params(family="CXC chemokines", effect="organotropism or niche")
    text = e.alt_text(params, e.model(**params))
    assert "CXCL12 → CXCR4" in text and "5 factors" in text


# -- figures ---------------------------------------------------------------------------------------
def test_figures_draw(network, cyto):
    fig, ax = plt.subplots()
    sig.draw_full_network(ax, network)
    labels = {t.get_text() for t in ax.texts}
    assert "CXCR4 ★" in labels and "IL-2 †" in labels
    plt.close(fig)
    fig, ax = plt.subplots()
    sig.plot_organ_addresses(ax, sig.organ_addresses(cyto, org.load_organotropism()))
    assert {"lymph node", "lung", "bone", "liver", "brain"} <= {t.get_text() for t in ax.texts}
    plt.close(fig)
    fig, ax = plt.subplots()
    sig.plot_net_sequence(ax)
    assert sum(len(steps) for _, steps in sig.NET_STEPS) == len(ax.patches) - 6  # boxes + 6 arrows
    plt.close(fig)


def test_curated_lists_cite_real_keys():
    keys = bib_keys()
    for _, steps in sig.NET_STEPS:
        for _, cited in steps:
            assert {k.strip() for k in cited.split(";")} <= keys
    assert {row["study"] for row in sig.EV_FINDINGS} <= keys
    table = sig.ev_table()
    assert len(table) == len(sig.EV_FINDINGS) and table["study"].str.contains("20").all()
