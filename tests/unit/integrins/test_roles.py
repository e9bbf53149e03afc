"""metastasis.roles: naming, ordering, direction counts, where integrins act, the map and the explorer."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from bs4 import BeautifulSoup

from metastasis import explorers
from metastasis.integrins.metastasis import roles


@pytest.fixture(scope="module")
def table1():
    return roles.load_roles("metastasis")


def test_integrin_label_prefers_heterodimer_then_subunit():
    assert roles.integrin_label("α3β1", None, "α3β1") == "α3β1"
    assert roles.integrin_label(None, "α9", "α9") == "α9"
    assert roles.integrin_label(pd.NA, pd.NA, "β1") == "β1 (printed)"  # ITGBL1, INT-16
    with pytest.raises(ValueError):
        roles.integrin_label(None, None, "")


@pytest.mark.parametrize("label, parts", [("αvβ3", ("αv", "β3")), ("αIIbβ3", ("αIIb", "β3")), ("α11", ("α11",)),
                                          ("β1", ("β1",)), ("αXβ2", ("αX", "β2"))])
def test_subunits_of(label, parts):
    assert roles.subunits_of(label) == parts


@pytest.mark.parametrize("bad", ["β1 (printed)", "α99", "ITGB1", "", "β9"])
def test_subunits_of_rejects_non_integrins(bad):
    with pytest.raises(ValueError):
        roles.subunits_of(bad)
    with pytest.raises(TypeError):
        roles.subunits_of(3)


def test_family_and_order():
    assert roles.family_of("α9β1") == roles.family_of("α9") == "α9"
    assert roles.family_of("β3") == "β3"
    assert roles.family_of("β1 (printed)") == "β1 (printed)"
    order = roles.integrin_order(["β1 (printed)", "β1", "α3β1", "αvβ3", "α3", "α9β1", "α9"])
    assert order == ["α3", "α3β1", "αvβ3", "α9", "α9β1", "β1", "β1 (printed)"]


def test_load_roles_gives_all_of_table_1(table1):
    assert len(table1) == 27  # 25 printed rows, row 1 split into three
    assert table1["row_id"].str.startswith("T1-").all()
    assert table1.loc[table1["row_id"] == "T1-02", "integrin"].item() == "β1 (printed)"
    assert list(table1.columns[:2]) == ["row_id", "integrin"]
    with pytest.raises(ValueError, match="process"):
        roles.load_roles("invasion")


def test_direction_counts_and_opposing(table1):
    counts = roles.direction_counts(table1)
    # T1-16 (pericyte α6β1) found no change in metastasis (INT-40): not counted as promoting
    assert counts["promotes"].sum() == 23 and counts["inhibits"].sum() == 3 and counts["no change"].sum() == 1
    assert counts.loc["α3β1"].tolist() == [1, 2, 0, 3]
    assert counts.loc["α6β1"].tolist() == [1, 0, 1, 2]
    assert counts.index[0] == "α2β1" and counts.index[-1] == "β1 (printed)"
    family = roles.direction_counts(table1, by="family")
    assert family.loc["α9"].tolist() == [3, 1, 0, 4]  # α9 (2 rows) and α9β1 (2 rows)
    assert roles.opposing(table1) == ["α3β1", "α9"]
    assert roles.opposing(table1, by="family") == ["α3", "α9"]
    with pytest.raises(ValueError, match="by must be"):
        roles.direction_counts(table1, by="cancer")
    with pytest.raises(KeyError, match="load_roles"):
        roles.direction_counts(table1.drop(columns="integrin"))


def test_opposing_on_a_small_table():
    toy = pd.DataFrame({"integrin": ["α6β4", "α6β4", "α6", "β4"], "direction": ["promotes", "inhibits", "promotes", "promotes"]})
    assert roles.opposing(toy) == ["α6β4"]
    only_promoting = toy[toy["direction"] == "promotes"]
    assert roles.opposing(only_promoting) == []
    assert roles.direction_counts(only_promoting)["inhibits"].sum() == 0


@pytest.mark.parametrize("text, kind", [
    ("Breast cancer-Exo", "tumour vesicles"), ("Colorectal cancer-EVs", "tumour vesicles"),
    ("CAFs", "fibroblasts"), ("Fibroblasts (receiving HCC exosomes)", "fibroblasts"),
    ("Pericyte", "vessel cells"), ("HUVEC", "vessel cells"), ("Lymphatic endothelial cells", "vessel cells"),
    ("Prostate cancer", "cancer cells"), ("Osteosarcoma; glioblastoma", "cancer cells"),
])
def test_source_kind(text, kind):
    assert roles.source_kind(text) == kind


def test_source_kind_rejects_empty_and_covers_table1(table1):
    with pytest.raises(ValueError):
        roles.source_kind("")
    kinds = table1["cancer_or_source"].map(roles.source_kind)
    assert set(kinds) == set(roles.SOURCE_KINDS)
    assert kinds.value_counts().to_dict() == {"cancer cells": 14, "fibroblasts": 5, "tumour vesicles": 4, "vessel cells": 4}


def test_role_map_shows_every_row(table1):
    fig, ax = plt.subplots()
    roles.plot_role_map(ax, table1)
    labels = {t.get_text() for t in ax.texts}
    expected = {rid.split("-")[1].lstrip("0") for rid in table1["row_id"]}
    assert expected <= labels
    assert len(ax.collections) == len(table1) + 3  # one marker per row, a legend handle per direction
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["promotes (23 rows)", "inhibits (3 rows)", "no change (1 row)"]
    assert [t.get_text() for t in ax.get_yticklabels()] == roles.integrin_order(table1["integrin"])
    plt.close(fig)
    with pytest.raises(ValueError):
        roles.plot_role_map(ax, table1.iloc[0:0])


def test_role_card(table1):
    card = roles.role_card(table1, "α3β1")
    assert (card["promotes"], card["inhibits"]) == (1, 2)
    assert [r["row_id"] for r in card["rows"]] == ["T1-11", "T1-12", "T1-13"]
    assert card["rows"][2]["errata"] == ["INT-20"]
    assert card["rows"][1]["cite"].startswith("Ramovs")
    assert "α3 (T1-20 promotes)" in card["related"]
    assert "α3β1 (T1-11 promotes, T1-12 inhibits, T1-13 inhibits)" in roles.role_card(table1, "β1")["related"]
    assert "no real integrin" in roles.role_card(table1, "β1 (printed)")["related"]
    with pytest.raises(ValueError, match="no role rows"):
        roles.role_card(table1, "α4β1")


def test_role_card_counts_no_change(table1):
    card = roles.role_card(table1, "α6β1")
    assert (card["promotes"], card["inhibits"], card["no change"]) == (1, 0, 1)


def test_group_of_and_grouped_counts(table1):
    assert roles.group_of("α3β1", "Prostate cancer", "α subunit") == "α3"
    assert roles.group_of("α3β1", "Prostate cancer", "β subunit") == "β1"
    assert roles.group_of("β3", "Breast cancer", "α subunit") == "(β chain only)"
    assert roles.group_of("α9", "HCC", "β subunit") == "(α chain only)"
    assert roles.group_of("β1 (printed)", "Colorectal cancer-EVs", "β subunit").startswith("(no integrin")
    assert roles.group_of("α6β1", "Pericyte", "where it acts") == "vessel cells"
    with pytest.raises(ValueError, match="grouping must be one of"):
        roles.group_of("α3β1", "x", "cancer")
    by_beta = roles.grouped_counts(table1, "β subunit")
    assert by_beta.index[0] == "β1" and by_beta.loc["β1", "rows"] == 12
    assert by_beta.loc["β1", ["promotes", "inhibits", "no change"]].tolist() == [9, 2, 1]
    assert by_beta["rows"].sum() == 27
    assert list(by_beta.index[-2:]) == ["(no integrin: ITGBL1)", "(α chain only)"]


def test_explorer_answers_the_chapter_question_from_the_data(table1):
    e = explorers.get("integrin-roles")
    assert [c.name for c in e.controls] == ["table", "grouping"] and e.frame_count() == 9
    assert all(c.categorical for c in e.controls)
    answers = {(p["table"], p["grouping"]): e.model(**p)["answer"] for p in e.combinations()}
    # only Table 1 has rows that restrain; the α3 and α9 families do it; pericyte α6β1 records no change
    assert "rows that inhibit: α3 and α9; no change: α6" in answers[("Table 1 · metastasis", "α subunit")]
    assert all("no row inhibits" in a for (t, _), a in answers.items() if not t.startswith("Table 1"))
    # β1 leads Table 3 (therapy resistance); α6 leads Table 2 (stemness)
    assert answers[("Table 3 · resistance", "β subunit")].startswith("β1 carries 7 of the 13 rows")
    assert answers[("Table 2 · stemness", "α subunit")].startswith("α6 carries 5 of the 10 rows")
    # α3 is in Tables 1 and 3 but not in Table 2 (the landing page's claim, corrected)
    assert "α3" not in set(roles.grouped_counts(roles.load_roles("stemness"), "α subunit").index)
    from metastasis.explorer.static import static_html

    doc = BeautifulSoup(static_html(e, dpi=40), "html.parser")
    frames = doc.select("img.mx-frame")
    assert len(frames) == 9
    alts = " ".join(img["alt"] for img in frames)
    assert "27 rows of Table 1" in alts and "13 rows of Table 3" in alts
    with pytest.raises(ValueError, match="not one of"):
        e.update(table="Table 4")
    assert e.time_model_ms({"table": "Table 2 · stemness", "grouping": "β subunit"}) < 20


def test_table_view(table1):
    view = roles.table_view(table1)
    assert list(view.index) == list(table1["row_id"])
    assert view.loc["T1-12", "direction"] == "▼ inhibits" and view.loc["T1-11", "direction"] == "▲ promotes"
    assert view.loc["T1-16", "direction"] == "● no change"
    assert view.loc["T1-03", "acts in"] == "fibroblasts"
    assert view.loc["T1-23", "study"].startswith("Sun")
