"""The integrin → pathway → treatment network of Table 3: parsing, blocking logic, layout, explorer."""


import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from metastasis import data, explorers  # noqa: E402
from metastasis.integrins import resistance as res  # noqa: E402


@pytest.fixture(scope="module")
def roles():
    return data.load("integrin_roles")


@pytest.fixture(scope="module")
def heterodimers():
    return data.load("integrin_heterodimers")


@pytest.fixture(scope="module")
def edges(roles):
    return res.resistance_edges(roles)


@pytest.fixture(scope="module")
def network(roles, heterodimers):
    return res.build_network(roles, heterodimers)


# -- reading the table ------------------------------------------------------------------------
def test_every_table3_row_gives_at_least_one_treatment(roles, edges):
    rows = res.resistance_rows(roles)
    assert len(rows) == 13
    assert set(edges["row_id"]) == set(rows["row_id"])
    assert edges["treatment_type"].notna().all()


def test_corrected_integrins_are_used(edges):
    by_row = edges.drop_duplicates("row_id").set_index("row_id")["integrin"]
    # INT-06: rows 6 and 7 were printed under α6 but concern β1
    assert by_row["T3-06"] == "β1" and by_row["T3-07"] == "β1"
    assert by_row["T3-08"] == "α6"
    assert by_row["T3-13"] == "αvβ3"


def test_treatments_read_from_the_function_text(edges):
    got = edges.groupby("row_id")["treatment"].agg(set)
    assert got["T3-04"] == {"cetuximab", "radiotherapy"}
    assert got["T3-05"] == {"trastuzumab + pertuzumab + buparlisib"}
    assert got["T3-11"] == {"doxorubicin", "methotrexate"}
    assert got["T3-12"] == {"radiotherapy", "cytotoxic drugs (unnamed)"}
    # the function text says only "resistance": named from Seguin et al.'s title
    assert got["T3-13"] == {"EGFR inhibitors"}


def test_beta1_treatments_and_shared_treatments(edges):
    assert res.treatments_for(edges, "β1") == {
        "cetuximab", "gemcitabine", "radiotherapy", "trastuzumab + pertuzumab + buparlisib", "sorafenib", "doxorubicin"}
    assert res.shared_treatments(edges) == {
        "doxorubicin": ["β1", "β3"], "radiotherapy": ["β1", "β8"], "sorafenib": ["β1", "α3"]}


def test_type_counts_count_each_finding_once_per_type(edges):
    table = res.type_counts(edges)
    assert list(table.columns) == list(res.TREATMENT_TYPES)
    assert table.loc["β1"].to_dict() == {"chemotherapy": 2, "targeted therapy": 4, "radiotherapy": 2, "hormone therapy": 0}
    # β1 has 7 findings; T3-04 involves two types, so its bar sums to 8
    assert table.loc["β1"].sum() == 8
    assert table.loc["α6", "hormone therapy"] == 1


def test_table3_view_notes_printed_integrin(roles):
    view = res.table3_view(res.resistance_rows(roles))
    assert len(view) == 13
    assert view.loc["T3-06", "integrin"] == "β1 (printed α6)"
    assert view.loc["T3-01", "integrin"] == "β1"
    assert view.loc["T3-11", "target"] == "—"
    assert view.loc["T3-03", "study"] == "Koppenhagen et al. 2017"
    with pytest.raises(KeyError, match="integrin_as_written"):
        res.table3_view(res.resistance_rows(roles).drop(columns=["integrin_as_written"]))


def test_unknown_treatment_text_is_an_error_naming_the_row(roles):
    broken = roles.copy()
    broken.loc[broken["row_id"] == "T3-02", "function"] = "Resistance to something new"
    with pytest.raises(ValueError, match="T3-02"):
        res.resistance_edges(broken)


def test_bad_tables(roles):
    with pytest.raises(TypeError, match="DataFrame"):
        res.resistance_rows([1, 2, 3])
    with pytest.raises(KeyError, match="function"):
        res.resistance_rows(roles.drop(columns=["function"]))
    with pytest.raises(ValueError, match="therapy-resistance"):
        res.resistance_rows(roles[roles["process"].astype(str) != "therapy-resistance"])


def test_treatments_for_unknown_integrin(edges):
    with pytest.raises(ValueError, match="α9"):
        res.treatments_for(edges, "α9")


# -- what blocking a subunit reaches -------------------------------------------------------------
def test_blocking_logic(network):
    m = network.blocking
    assert m.loc["β1", "T3-01"] == res.CERTAIN
    assert m.loc["β1", "T3-09"] == res.CERTAIN      # α3 pairs only with β1
    assert m.loc["β1", "T3-08"] == res.POSSIBLE     # α6 pairs with β1 or β4
    assert m.loc["β4", "T3-08"] == res.POSSIBLE
    assert m.loc["αv", "T3-12"] == res.CERTAIN      # β8 pairs only with αv
    assert m.loc["αv", "T3-13"] == res.CERTAIN and m.loc["β3", "T3-13"] == res.CERTAIN
    assert m.loc["αv", "T3-10"] == res.POSSIBLE     # β3 pairs with αv or αIIb
    # one of β1's twelve α partners is not counted as reaching a β1 finding
    assert "α5" not in m.index
    assert list(m.index[:3]) == ["β1", "β3", "αv"]


def test_blocking_model_counts(network):
    out = res.blocking_model(network, "β1")
    assert int((out["row_level"] == res.CERTAIN).sum()) == 8
    assert int((out["row_level"] == res.POSSIBLE).sum()) == 1
    names = list(network.treatments["name"])
    cut = dict(zip(names, out["cut"]))
    routes = dict(zip(names, out["routes"]))
    assert cut["sorafenib"] == routes["sorafenib"] == 2
    assert cut["doxorubicin"] == 1 and routes["doxorubicin"] == 2
    assert cut["paclitaxel"] == 0
    assert np.all(out["cut"] + out["maybe"] <= out["routes"])


def test_blocking_model_bad_input(network):
    with pytest.raises(ValueError, match="α5"):
        res.blocking_model(network, "α5")
    with pytest.raises(TypeError):
        res.blocking_model(network, 1)


# -- layout and figures -------------------------------------------------------------------------
def test_layout_is_deterministic_and_readable(roles, heterodimers, network):
    again = res.build_network(roles, heterodimers)
    assert np.array_equal(network.segments, again.segments)
    for ys in (network.rows["y"], network.integrins["y"], network.treatments["y"]):
        gaps = np.diff(np.sort(ys.to_numpy()))
        assert gaps.min() >= 1.0 - 1e-9, "labels in one column would overlap"


def test_spread_keeps_order_and_gap():
    y = res._spread(np.array([0.0, 0.2, 5.0]), 1.0)
    assert np.all(np.diff(y) >= 1.0 - 1e-12)
    assert y.mean() == pytest.approx(5.2 / 3)


def test_highlight_updates_artists_in_place(network):
    fig, ax = plt.subplots()
    highlight = res.draw_network(ax, network, colour_types=False)
    routes = highlight.artists[0]
    n_artists = len(ax.get_children())
    highlight(res.blocking_model(network, "β1"), "β1")
    widths_b1 = np.array(routes.get_linewidths())
    highlight(res.blocking_model(network, "β8"), "β8")
    assert highlight.artists[0] is routes and len(ax.get_children()) == n_artists
    assert not np.array_equal(widths_b1, np.array(routes.get_linewidths()))
    assert all(artist in ax.get_children() for artist in highlight.artists)
    plt.close(fig)


def test_type_count_figure(edges):
    fig, ax = plt.subplots()
    table = res.plot_type_counts(ax, edges)
    assert table.values.sum() == 16 - 1  # 16 links; T3-11's two chemotherapy drugs count once
    plt.close(fig)


def test_summary_text(network):
    text = res.summary_text(network, res.blocking_model(network, "β8"), "β8")
    assert text.startswith("Blocking β8: 1 of 13 findings cut for certain.")
    assert "radiotherapy (1 of 3)" in text


# -- the explorer -------------------------------------------------------------------------------
def test_explorer_is_registered_and_fast():
    e = explorers.get("integrin-resistance-network")
    (control,) = e.controls
    assert control.categorical and control.values[0] == "β1"
    assert set(control.values) == {"β1", "β3", "αv", "α3", "α6", "β8"}
    times = [e.time_model_ms({"subunit": v}) for v in control.values for _ in range(5)]
    assert float(np.median(times)) < 20
    alts = {v: e.alt_text({"subunit": v}, e.model(subunit=v)) for v in control.values}
    assert all(a.strip() for a in alts.values()) and len(set(alts.values())) == len(alts)


def test_explorer_rejects_unknown_subunit():
    e = explorers.get("integrin-resistance-network")
    with pytest.raises(ValueError):
        e.update(subunit="β2")
