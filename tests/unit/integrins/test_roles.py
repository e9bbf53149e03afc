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
    assert counts["promotes"].sum() == 24 and counts["inhibits"].sum() == 3
    assert counts.loc["α3β1"].tolist() == [1, 2, 3]
    assert counts.index[0] == "α2β1" and counts.index[-1] == "β1 (printed)"
    family = roles.direction_counts(table1, by="family")
    assert family.loc["α9"].tolist() == [3, 1, 4]  # α9 (2 rows) and α9β1 (2 rows)
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
    assert len(ax.collections) == len(table1) + 2  # one marker per row, two legend handles
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


def test_explorer_is_registered_and_every_frame_describes_its_rows(table1):
    e = explorers.get("integrin-roles")
    (control,) = e.controls
    assert control.categorical and list(control.values) == roles.integrin_order(table1["integrin"])
    assert control.initial == "α3β1"
    from metastasis.explorer.static import static_html

    doc = BeautifulSoup(static_html(e, dpi=40), "html.parser")
    frames = doc.select("img.mx-frame")
    assert len(frames) == len(control.values)
    alts = " ".join(img["alt"] for img in frames)
    for rid in table1["row_id"]:
        assert f"row {rid} " in alts, f"{rid} is on no explorer frame"
    e.update(integrin="α9")
    title = e.figure().axes[0].texts[0].get_text()
    assert title.startswith("α9 in Table 1: 2 rows") and "1 inhibits" in title
    with pytest.raises(ValueError, match="not one of"):
        e.update(integrin="α4β1")
    assert e.time_model_ms({"integrin": "αvβ3"}) < 20


def test_table_view(table1):
    view = roles.table_view(table1)
    assert list(view.index) == list(table1["row_id"])
    assert view.loc["T1-12", "direction"] == "▼ inhibits" and view.loc["T1-11", "direction"] == "▲ promotes"
    assert view.loc["T1-03", "acts in"] == "fibroblasts"
    assert view.loc["T1-23", "study"].startswith("Sun")
