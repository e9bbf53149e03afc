"""The stroma chapter's code: tme_components read as a component → factor network, its joins with
cytokines_chemokines, the layout and figures, the explorer, and the corrected rows it relies on."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from metastasis import data, explorers  # noqa: E402
from metastasis.microenvironment import stroma  # noqa: E402
from metastasis.quiz import load_bank  # noqa: E402

TGFB_COMPONENTS = {
    "tumour-associated macrophages (TAMs)", "regulatory T cells (Tregs)", "myeloid-derived suppressor cells (MDSCs)",
    "platelets", "cancer-associated fibroblasts (CAFs)", "cytokines and chemokines",
}


@pytest.fixture(scope="module")
def tme():
    return data.load("tme_components")


@pytest.fixture(scope="module")
def cytokines():
    return data.load("cytokines_chemokines")


@pytest.fixture(scope="module")
def edges(tme):
    return stroma.factor_edges(tme)


# -- reading the data -------------------------------------------------------------------------------

def test_factor_names_are_normalised():
    assert stroma.normalise_factor("MMP9") == ["MMP-9"]
    assert stroma.normalise_factor("CXCL12/CXCR4") == ["CXCL12", "CXCR4"]
    assert stroma.normalise_factor("integrin α3β1") == ["α3β1"]
    assert stroma.normalise_factor("VEGF") == ["VEGF-A"]
    with pytest.raises(ValueError, match="non-empty"):
        stroma.normalise_factor(" ")


def test_groups_partition_the_table(tme):
    members = [c for group in stroma.GROUPS.values() for c in group]
    assert len(members) == len(set(members)) == len(tme)
    assert set(members) == set(tme["component"])
    assert set(stroma.SHORT_NAMES) == set(members)


def test_every_factor_in_the_data_has_a_class(tme, edges):
    named = {f for cell in tme["key_factors"] for item in stroma.split_items(cell) for f in stroma.normalise_factor(item)}
    assert named == set(edges["factor"])
    assert named <= set(stroma.FACTOR_CLASS)
    assert set(stroma.FACTOR_CLASS) <= named, "a class entry names a factor the data no longer use"


def test_sides_follow_the_mechanism_columns(tme):
    sides = stroma.component_sides(tme)
    assert sides["tumour-associated macrophages (TAMs)"] == "both"
    assert sides["lipids and lipid rafts"] == "both"
    assert sides["NK cells"] == sides["CD8+ T cells"] == sides["dendritic cells (DCs)"] == "anti"
    assert all(sides[c] == "pro" for c in stroma.GROUPS["stroma and matrix"])   # the review's one-sided stroma
    assert sorted(sides.value_counts().items()) == [("anti", 3), ("both", 2), ("pro", 11)]


def test_mechanism_counts_count_the_listed_items(tme):
    counts = stroma.mechanism_counts(tme).set_index("component")
    for comp, pro, anti in zip(tme["component"], tme["pro_metastatic"], tme["anti_metastatic"]):
        assert counts.loc[comp, "n_pro"] == len(stroma.split_items(pro))
        assert counts.loc[comp, "n_anti"] == len(stroma.split_items(anti))
    assert counts.loc["regulatory T cells (Tregs)", "n_pro"] == 11
    assert list(counts.index) == [c for g in stroma.GROUPS.values() for c in g]


def test_edges_are_unique_links_with_the_known_hub(tme, edges):
    assert not edges.duplicated(["component", "factor"]).any()
    assert set(edges.loc[edges["factor"] == "TGF-β", "component"]) == TGFB_COMPONENTS
    assert stroma.components_naming(tme, "TGF-β") == TGFB_COMPONENTS
    assert stroma.components_naming(tme, "MMP9") == stroma.components_naming(tme, "MMP-9")
    assert len(stroma.components_naming(tme, "MMP-9")) == 3
    with pytest.raises(ValueError, match="no component names"):
        stroma.components_naming(tme, "IL-99")
    with pytest.raises(TypeError):
        stroma.components_naming(tme, 5)


def test_cytokine_roles_join_on_the_normalised_names(cytokines):
    roles = stroma.cytokine_roles(cytokines)
    assert roles["IL-8"] == "EMT" and roles["VEGF-A"] == "angiogenesis" and roles["CCL2"] == "immune-recruitment"
    assert roles["TGF-β"] == "EMT" and roles["CXCL12"] == "organotropism"
    assert set(roles.values()) <= set(stroma.ROLE_ABBREVIATIONS)
    with pytest.raises(TypeError):
        stroma.cytokine_roles(pd.DataFrame({"x": [1]}))


def test_factor_table_ranks_the_hubs(tme, cytokines):
    table = stroma.factor_table(tme, cytokines)
    assert table.iloc[0]["factor"] == "TGF-β" and table.iloc[0]["n_components"] == 6
    assert table.iloc[1]["factor"] == "IL-8" and table.iloc[1]["n_components"] == 4
    assert (np.diff(table["n_components"].to_numpy()) <= 0).all()
    assert int((table["n_components"] > 1).sum()) == 21


def test_counts_for_the_quiz_and_exercises(tme, edges):
    assert stroma.n_components_naming("TGF-β") == 6
    assert stroma.n_components_naming("TGF-β", "immune and blood cells") == 4
    assert stroma.n_producers("TGF-β") == 5
    part = edges[edges["group"] == "stroma and matrix"]
    assert len(part) == 29 and part["factor"].nunique() == 27
    with pytest.raises(ValueError, match="group must be"):
        stroma.n_components_naming("TGF-β", "bones")
    with pytest.raises(ValueError, match="no row"):
        stroma.n_producers("IL-99")
    secretome = stroma.stromal_secretome(tme)
    assert list(secretome.index) == ["CAFs", "MSCs", "TECs", "ECM"]
    assert secretome.to_numpy().sum() == 29


def test_corrected_rows_do_not_repeat_the_reviews_errors(tme):
    rows = tme.set_index("component")
    caf = rows.loc["cancer-associated fibroblasts (CAFs)"]
    assert "epithelial cells via EMT" not in caf["pro_metastatic"] and "endothelial" in caf["pro_metastatic"]
    assert "MET-72" in caf["curation_note"]
    neut = rows.loc["neutrophils (tumour-associated neutrophils)"]
    assert "immune killing" not in neut["pro_metastatic"] and "cell-cycle" in neut["pro_metastatic"]
    assert "MET-74" in neut["curation_note"]
    assert "MET-66" in rows.loc["tumour-associated endothelial cells (TECs)", "curation_note"]
    assert "MET-71" in rows.loc["tumour-associated macrophages (TAMs)", "curation_note"]
    errata = data.load("errata").set_index("id")
    assert {f"MET-{i}" for i in range(71, 78)} <= set(errata.index)  # MET-70 was merged into MET-66


# -- layout and figures -------------------------------------------------------------------------------

def test_network_view_filters_and_lays_out(edges):
    view = stroma.network_view(edges, "stroma and matrix", "receptor or checkpoint")
    assert set(view.factors["factor"]) == {"CXCR4", "TLR", "PD-L1"}
    assert set(view.factors["factor_class"]) == {"receptor or checkpoint"}
    other = stroma.network_view(edges, "immune and blood cells", "other")
    assert set(other.factors["factor_class"]) <= {"enzyme or matrix protein", "intracellular or marker"}
    hubs = stroma.network_view(edges, "all", "all", min_components=2)
    assert len(hubs.components) == 16 and len(hubs.factors) == 21 and (hubs.factors["n_total"] >= 2).all()
    # every edge ends on drawn nodes, and the layout spreads both columns over the same height
    for view in (hubs, stroma.network_view(edges, "signals, vesicles, NETs and lipids", "all")):
        assert set(view.edges["factor"]) == set(view.factors["factor"])
        assert set(view.edges["component"]) == set(view.components["component"])
        top = max(len(view.components), len(view.factors)) - 1
        for ys in (view.components["y"], view.factors["y"]):
            assert ys.min() >= -1e-9 and ys.max() <= top + 1e-9
        assert len(set(np.round(view.factors["y"], 9))) == len(view.factors)


def test_network_view_rejects_bad_choices(edges):
    with pytest.raises(ValueError, match="group must be"):
        stroma.network_view(edges, "bones")
    with pytest.raises(ValueError, match="factor_class must be"):
        stroma.network_view(edges, "all", "hormones")
    with pytest.raises(ValueError, match="min_components"):
        stroma.network_view(edges, "all", "all", min_components=0)


def test_figures_draw(tme, edges, cytokines):
    fig, ax = plt.subplots()
    view = stroma.network_view(edges, "all", "all", stroma.cytokine_roles(cytokines), min_components=2)
    out = stroma.draw_network(ax, view)
    texts = {t.get_text() for t in ax.texts}
    assert "TGF-β (6) · EMT" in texts and "IFN-γ (2) · lost in suppression" in texts
    assert len(out["artists"]) > len(view.factors)
    plt.close(fig)
    fig, ax = plt.subplots()
    stroma.plot_mechanism_counts(ax, stroma.mechanism_counts(tme))
    assert len(ax.patches) == 2 * len(tme)
    plt.close(fig)


def test_explorer_responds_to_both_controls():
    e = explorers.get("tme-factor-network")
    assert [c.name for c in e.controls] == ["group", "factors"] and e.frame_count() == 12
    base = e.model(group="stroma and matrix", factors="all factors")["view"]
    by_group = e.model(group="immune and blood cells", factors="all factors")["view"]
    by_class = e.model(group="stroma and matrix", factors="secreted signals")["view"]
    assert set(base.components["component"]) != set(by_group.components["component"])
    assert set(by_class.factors["factor"]) < set(base.factors["factor"])
    for params in e.combinations():
        data_ = e.model(**params)
        assert not data_["view"].empty
        assert e.alt_text(params, data_).startswith("Network of the")
    summary = e.model(group="immune and blood cells", factors="all factors")["summary"]
    assert "TGF-β (6)" in summary and "8 components" in summary


def test_the_quiz_bank_loads():
    title, questions = load_bank("microenvironment-stroma")
    assert len(questions) >= 8
    assert "tgfb-hub" in {q.id for q in questions}
