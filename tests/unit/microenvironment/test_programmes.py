"""The programmes chapter: Table 1 (lncrnas) as data, the autophagy and lipid lists, the explorer."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from metastasis import data, explorers  # noqa: E402
from metastasis.microenvironment import programmes as prog  # noqa: E402
from metastasis.references import bib_keys  # noqa: E402


@pytest.fixture(scope="module")
def lnc():
    return data.load("lncrnas")


# -- Table 1 -----------------------------------------------------------------------------------
def test_table1_view_has_every_row_with_its_study(lnc):
    view = prog.table1_view(lnc)
    assert list(view.index) == list(range(1, 26))
    assert view.loc[1, "study"].startswith("Luo") and view.loc[25, "study"].startswith("Liu")
    assert (view["study"] != "—").all()


def test_norad_counts_for_both_cancers(lnc):
    long = prog.by_cancer(lnc)
    assert len(long) == 26
    assert set(long.loc[long["lncrna"] == "NORAD", "cancer"]) == {"lung cancer", "breast cancer"}


def test_direction_counts_curated_and_printed(lnc):
    curated = prog.direction_counts(lnc)
    printed = prog.direction_counts(lnc, "as printed in Table 1")
    assert curated.loc["bladder cancer"].to_dict() == {"promotes": 2, "inhibits": 0}
    assert printed.loc["bladder cancer"].to_dict() == {"promotes": 1, "inhibits": 1}
    assert curated.loc["prostate cancer"].to_dict() == {"promotes": 0, "inhibits": 1}
    assert printed.loc["prostate cancer"].to_dict() == {"promotes": 1, "inhibits": 0}
    # the swap cancels in the totals: a count cannot find it
    # (NORAD, inhibiting, counts for lung and breast cancer: 18 + 8 entries for 25 rows)
    assert curated.sum().to_dict() == printed.sum().to_dict() == {"promotes": 18, "inhibits": 8}


def test_conflicts_are_the_two_h19_rows(lnc):
    rows = prog.conflicting_rows(lnc)
    assert list(rows["row_id"]) == [1, 2] and set(rows["lncrna"]) == {"H19"}
    assert prog.count_table_conflicts() == 2


def test_class_direction_counts(lnc):
    table = prog.class_direction(lnc)
    assert table.loc["microRNA"].to_dict() == {"promotes": 8, "inhibits": 2}
    assert table.loc["neighbouring gene"].to_dict() == {"promotes": 1, "inhibits": 3}
    assert table.loc["signalling pathway"].to_dict() == {"promotes": 5, "inhibits": 0}
    assert table.values.sum() == 25


def test_rows_where_answers_the_exercise_and_checks_inputs(lnc):
    assert prog.rows_where(lnc, direction="inhibits", mechanism_class="neighbouring gene") == {13, 18, 20}
    assert prog.rows_where(lnc, cancer="hepatocellular carcinoma") == {13, 14, 18}
    assert prog.rows_where(lnc, cancer="lung cancer", direction="inhibits") == {21}
    with pytest.raises(ValueError, match="direction"):
        prog.rows_where(lnc, direction="promote")
    with pytest.raises(ValueError, match="mechanism class"):
        prog.rows_where(lnc, mechanism_class="sponge")
    with pytest.raises(ValueError, match="no Table 1 row"):
        prog.rows_where(lnc, cancer="melanoma")


def test_quiz_keys(lnc):
    assert prog.distinct_lncrnas() == 23
    assert prog.table1_rows() == 25
    assert prog.promoting_share() == pytest.approx(18 / 25)
    assert prog.promoting_share("as printed in Table 1") == pytest.approx(18 / 25)


def test_bad_input_raises_named_errors(lnc):
    with pytest.raises(TypeError, match="DataFrame"):
        prog.table1_view([1, 2])
    with pytest.raises(KeyError, match="mechanism_class"):
        prog.class_direction(lnc.drop(columns=["mechanism_class"]))
    with pytest.raises(ValueError, match="unknown view"):
        prog.direction_counts(lnc, "as I remember it")


# -- the curated lists -----------------------------------------------------------------------------
def test_autophagy_findings_are_well_formed_and_cited():
    keys = bib_keys()
    signs = {f[2] for f in prog.AUTOPHAGY_FINDINGS}
    assert signs == {-1, +1}
    for step, finding, sign, evidence, cited, erratum in prog.AUTOPHAGY_FINDINGS:
        assert evidence in prog.EVIDENCE_MARKERS
        assert {k.strip() for k in cited.split(";")} <= keys
        assert erratum == "" or erratum.startswith("MET-")
    # the two findings whose cited studies contradict the review are flagged
    flagged = {f[4]: f[5] for f in prog.AUTOPHAGY_FINDINGS}
    assert flagged["gorgulu2019levels"] == "MET-83" and flagged["teohansenselno2021high"] == "MET-80"


def test_lipid_table_cites_real_keys():
    keys = bib_keys()
    assert {row["study"] for row in prog.LIPID_FINDINGS if row["study"]} <= keys
    table = prog.lipid_table()
    assert len(table) == len(prog.LIPID_FINDINGS)
    assert table.loc[("synthesis", "SCD-1"), "study"] == "none cited"


# -- figures ---------------------------------------------------------------------------------------
def test_figures_draw(lnc):
    fig, ax = plt.subplots()
    curated = prog.plot_table1_summary(ax, lnc)
    assert curated.values.sum() == 26
    plt.close(fig)
    fig, ax = plt.subplots()
    prog.plot_autophagy(ax)
    assert len(ax.collections) == len(prog.AUTOPHAGY_FINDINGS)
    plt.close(fig)


# -- the explorer ----------------------------------------------------------------------------------
def test_explorer_is_registered_small_and_fast():
    e = explorers.get("lncrna-table")
    assert [c.name for c in e.controls] == ["mechanism", "view"]
    assert e.frame_count() <= 48
    assert e.time_model_ms() < 20


def test_explorer_responds_to_both_controls():
    e = explorers.get("lncrna-table")
    curated = e.model(mechanism="microRNA", view="curated (text and cited studies)")
    printed = e.model(mechanism="microRNA", view="as printed in Table 1")
    other = e.model(mechanism="neighbouring gene", view="curated (text and cited studies)")
    # the printed view moves H19 in prostate cancer (row 2) from 'inhibits' to 'promotes'
    assert (curated["promotes"], curated["inhibits"]) == (8, 2)
    assert (printed["promotes"], printed["inhibits"]) == (9, 1)
    assert not np.array_equal(curated["xy"], printed["xy"])
    assert not np.array_equal(curated["chosen"], other["chosen"])
    assert other["n_rows"] == 4 and len(other["sources"]) == 4


def test_every_row_and_its_study_are_in_the_all_classes_view(lnc):
    e = explorers.get("lncrna-table")
    params = e.params(mechanism="all classes", view="curated (text and cited studies)")
    result = e.model(**params)
    assert result["n_rows"] == 25 and len(result["sources"]) == 25
    assert result["sources"][0] == "1 Luo 2013"
    text = e.alt_text(params, result)
    assert "25 Liu 2018" in text


def test_explorer_model_checks_its_inputs():
    e = explorers.get("lncrna-table")
    with pytest.raises(ValueError, match="unknown mechanism class"):
        e.model(mechanism="sponge", view="as printed in Table 1")
