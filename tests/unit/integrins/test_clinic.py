"""Trial selection and the trial figures."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from metastasis import data, explorers
from metastasis.integrins import clinic as trials


@pytest.fixture(scope="module")
def table():
    return data.load("integrin_trials")


def test_select_by_agent_and_by_several_values(table):
    cil = trials.select_trials(table, agent="cilengitide")
    assert set(cil["trial_key"]) == {"NCT00689221", "NCT00813943", "NCT00979862", "NCT00842712",
                                     "NCT01118676", "NCT01276496"}
    late = trials.select_trials(table, phase=("II", "III"))
    assert set(late["phase"].astype(str)) == {"II", "III"}
    neg = trials.select_trials(table, result="negative", agent="abituzumab")
    assert set(neg["trial_key"]) == {"NCT01008475", "NCT01360840"}
    assert trials.select_trials(table, phase="early I").empty  # a valid phase with no trial


def test_select_rejects_bad_columns_and_values(table):
    with pytest.raises(KeyError, match="no column 'drug'"):
        trials.select_trials(table, drug="cilengitide")
    with pytest.raises(ValueError, match="phase has no value 'IV'"):
        trials.select_trials(table, phase="IV")
    with pytest.raises(TypeError, match="integrin_trials"):
        trials.select_trials([1, 2, 3])
    with pytest.raises(KeyError, match="lacks column"):
        trials.select_trials(pd.DataFrame({"trial_key": []}))


def test_core_arms_come_from_the_trial_arms_dataset():
    core = trials.core_arms()
    assert list(core.index) == ["CORE-standard", "CORE-intensive", "CORE-control"]
    assert core["median_os_months"].tolist() == [16.3, 14.5, 13.4]
    assert trials.CORE_HAZARD_RATIO == 0.686
    with pytest.raises(AttributeError):
        trials.CENTRIC_MEDIAN_OS_MONTHS  # noqa: B018 - unconfirmed, never entered


def test_core_numbers_agree_with_the_dataset(table):
    core = table.set_index("trial_key").loc["NCT00813943"]
    standard = max(trials.CORE_MEDIAN_OS_MONTHS.values())
    assert core["os_months"] == pytest.approx(standard) == pytest.approx(16.3)
    assert core["hazard_ratio"] == pytest.approx(trials.CORE_HAZARD_RATIO)
    assert sorted(trials.CORE_MEDIAN_OS_MONTHS.values()) == [13.4, 14.5, 16.3]


def test_trial_label(table):
    row = table.set_index("trial_key", drop=False).loc["NCT00689221"]
    assert trials.trial_label(row) == "CENTRIC · NCT00689221 · cilengitide + temozolomide"


def test_plots_draw_every_trial(table):
    fig, ax = plt.subplots()
    trials.plot_trial_map(ax, table)
    assert len(ax.get_yticklabels()) == len(table)
    assert len(ax.collections) == len(table)
    plt.close(fig)
    fig, ax = plt.subplots()
    trials.plot_core_os(ax)
    assert len(ax.patches) == 3
    plt.close(fig)


def test_plot_rejects_unknown_phase(table):
    bad = table.copy()
    bad["phase"] = bad["phase"].astype(str)
    bad.loc[bad.index[0], "phase"] = "IV"
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="unknown trial phase"):
        trials.plot_trial_map(ax, bad)
    plt.close(fig)


def test_two_line_label(table):
    row = table.set_index("trial_key", drop=False).loc["NCT01139723"]
    assert trials.trial_label(row, sep="\n") == "NCT01139723\nMINT1526A + bevacizumab"


def test_reading_table_shows_empty_cells_as_dashes(table):
    shown = trials.reading_table(table, ["trial_key", "trial_name", "phase"], index="trial_key")
    assert list(shown.columns) == ["trial_name", "phase"]
    assert shown.loc["NCT00979862", "trial_name"] == "—"
    assert shown.loc["NCT00689221", "phase"] == "III"
    with pytest.raises(KeyError, match="no column"):
        trials.reading_table(table, ["trial_key", "sponsor"])
    with pytest.raises(TypeError, match="DataFrame"):
        trials.reading_table("trials", ["trial_key"])


def test_dosing_explorer_has_two_controls_and_updates_in_place():
    e = explorers.get("cilengitide-dosing")
    assert [c.name for c in e.controls] == ["peak", "half_life_h"]
    assert e.initial() == {"peak": 1000.0, "half_life_h": 3.0}
    assert e.control("peak").readout(1000) == "1,000×" and e.control("half_life_h").labels == ("3 h", "5 h")
    assert e.frame_count() == 14  # light enough for the page-weight budget
    data = e.update(peak=10)
    lines_before = list(e.figure().axes[0].lines)
    data2 = e.update(peak=10_000)
    assert list(e.figure().axes[0].lines) == lines_before  # same artists, new data
    assert np.all(data2["hours_above"] > data["hours_above"])
    longer = e.update(peak=10_000, half_life_h=5.0)
    assert np.all(longer["hours_above"] > data2["hours_above"]), "a longer half-life keeps the drug above its IC50 longer"
    assert e.time_model_ms({"peak": 100_000}) < 20
    alt = e.alt_text(e.params(peak=10), data)
    assert "αvβ3" in alt and "84 hours" in alt and "3-hour" in alt and "hypothetically" in alt
    with pytest.raises(ValueError, match="not one of the sweep"):
        e.update(peak=20)



def test_unverified_ic50s_never_appear_as_facts():
    """The recalled cilengitide IC50s (models.dosing.UNVERIFIED_IC50_NM) are placeholders: no page
    prints their values in nM, and every place that uses their ratios says they are unverified."""
    import re
    from pathlib import Path

    from metastasis.models import dosing

    root = Path(__file__).resolve().parents[3]
    values = [f"{v:g}" for v in dosing.UNVERIFIED_IC50_NM.values()]
    for page in sorted((root / "book").rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        for paragraph in re.split(r"\n\s*\n", text):
            for v in values:
                if re.search(rf"(?<![\d.]){re.escape(v)}\s*nM", paragraph):
                    assert re.search(r"unverified|not verified", paragraph, re.I), (page.name, v)
    clinic_page = (root / "book" / "integrins" / "clinic.md").read_text(encoding="utf-8")
    assert "not\nverified" in clinic_page or "not verified" in clinic_page
    e = explorers.get("cilengitide-dosing")
    legend = e.figure().axes[0].get_legend()
    assert "unverified" in legend.get_title().get_text()
    assert "unverified" in e.caption
