"""The structure page's code: the pairing matrix, partners, and the occupancy explorer."""

import numpy as np
import pandas as pd
import pytest

from metastasis.integrins.structure import pairing_matrix, partners


H = pd.DataFrame({"alpha": ["α5", "αv", "αv"], "beta": ["β1", "β3", "β1"], "ligand_class": ["RGD", "RGD", "RGD"]})


def test_pairing_matrix_and_partners():
    m = pairing_matrix(H)
    assert m.loc["αv", "β3"] == "RGD" and pd.isna(m.loc["α1", "β1"])
    assert partners(H, "αv") == ["β1", "β3"]
    assert partners(H, "β1") == ["α5", "αv"]
    with pytest.raises(ValueError, match="unknown subunit"):
        pairing_matrix(pd.DataFrame({"alpha": ["α99"], "beta": ["β1"], "ligand_class": ["RGD"]}))
    with pytest.raises(ValueError, match="appears twice"):
        pairing_matrix(pd.concat([H, H.iloc[[0]]]))
    with pytest.raises(KeyError):
        pairing_matrix(H.drop(columns="beta"))
    with pytest.raises(ValueError, match="not an integrin subunit"):
        partners(H, "beta1")


# -- the domain drawing ------------------------------------------------------------------------

import matplotlib

matplotlib.use("Agg")

from metastasis import explorers, style  # noqa: E402
from metastasis.integrins import structure  # noqa: E402
from metastasis.models import occupancy as occ  # noqa: E402


def _texts(fig):
    from matplotlib.text import Text

    return " ".join(t.get_text() for t in fig.findobj(Text))


def test_domain_figure_names_every_domain_site_and_conformation_and_reads_on_a_phone():
    import matplotlib.pyplot as plt

    fig = structure.domain_figure()
    text = _texts(fig)
    for word in ("β-propeller", "αI domain", "βI domain", "MIDAS", "ADMIDAS", "SyMBS", "hybrid", "PSI", "I-EGF",
                 "thigh", "calf-1", "calf-2", "genu", "NPxY", "NxxY", "talin", "kindlin", "GFFKR",
                 "bent-closed", "extended-closed", "extended-open", "99.8 %", "at most 0.2 %"):
        assert word in text, word
    assert fig.get_figwidth() <= 6.4
    assert style.smallest_text_px(fig)[0] >= style.MIN_PHONE_TEXT_PX
    plt.close(fig)


def test_conformations_differ_where_they_should():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    bent = structure.plot_conformation(ax, "bent-closed")
    closed = structure.plot_conformation(ax, "extended-closed", dx=4)
    opened = structure.plot_conformation(ax, "extended-open", dx=8)
    # the bent head sits low, near the membrane; both extended heads stand tall
    assert bent["β-propeller"][1] < 2.5 < closed["β-propeller"][1] == opened["β-propeller"][1]
    # opening swings the hybrid domain out and separates the legs and tails; talin and kindlin bind
    assert opened["hybrid"][0] - 8 > closed["hybrid"][0] - 4
    assert opened["β tail"][0] - opened["α tail"][0] > closed["β tail"][0] - closed["α tail"][0] + 1
    assert "talin" in opened and "kindlin" in opened and "talin" not in closed
    with pytest.raises(ValueError, match="pose must be one of"):
        structure.plot_conformation(ax, "half-open")
    plt.close(fig)


# -- the occupancy figure and explorer ---------------------------------------------------------

def test_occupancy_figure_marks_the_linked_and_fixed_pool_half_points():
    import matplotlib.pyplot as plt

    style.apply()
    fig = structure.occupancy_figure()
    text = _texts(fig)
    assert "455×" in text and "4,980×" in text and "linked equilibria" in text
    assert style.smallest_text_px(fig)[0] >= style.MIN_PHONE_TEXT_PX
    plt.close(fig)


def test_occupancy_explorer_model_follows_the_linked_equilibrium():
    e = explorers.get("integrin-occupancy")
    assert [c.name for c in e.controls] == ["percent_open", "integrin"] and e.frame_count() == 16
    rest = e.model(percent_open=0.2, integrin="α5β1 (R = 5,000)")
    assert rest["ec50"] == pytest.approx(occ.apparent_kd(0.002)) and round(rest["ec50"]) == 455
    assert rest["bound_open"] == pytest.approx(0.909, abs=0.001)
    # from the first per cent, doubling the open share about halves the ligand needed
    one, two = (e.model(percent_open=p, integrin="α5β1 (R = 5,000)")["ec50"] for p in (1, 2))
    assert two == pytest.approx(one / 2, rel=0.05)
    # α4β1's compressed ratio: its closed curve sits 700-fold, not 5,000-fold, from the open one
    a4 = e.model(percent_open=0.2, integrin="α4β1 (R ≈ 700)")
    assert a4["ec50"] < rest["ec50"] and np.all(a4["closed"] >= rest["closed"])
    params = e.params(percent_open=0.2)
    assert "455 times" in e.alt_text(params, e.model(**params))
    assert structure.format_multiple(4980.4) == "4,980" and structure.format_percent(0.2) == "0.2 %"
