"""metastasis.organotropism: the exosomal-integrin table, the organ lookup and the flow figure."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from metastasis.integrins.metastasis import organotropism as org


@pytest.fixture(scope="module")
def table():
    return org.load_organotropism()


def test_rows_are_ordered_by_organ(table):
    assert list(table["organ"].astype(str)) == ["lung", "lung", "liver", "brain"]
    assert list(table["integrin"]) == ["α6β4", "α6β1", "αvβ5", "β3"]


def test_organ_of(table):
    assert org.organ_of(table, "αvβ5") == "liver"
    assert org.organ_of(table, "α6β4") == org.organ_of(table, "α6β1") == "lung"
    assert org.organ_of(table, "β3") == "brain"
    with pytest.raises(ValueError, match="known"):
        org.organ_of(table, "α5β1")
    with pytest.raises(KeyError):
        org.organ_of(table.drop(columns="organ"), "β3")


def test_figure_draws_every_integrin_and_says_what_is_not_stated(table):
    fig, ax = plt.subplots()
    org.plot_organotropism(ax, table)
    texts = [t.get_text() for t in ax.texts]
    names = [t.removesuffix(f" {org.BLOCKED_MARK}") for t in texts]
    for name in ("α6β4", "α6β1", "αvβ5", "β3", "lung", "liver", "brain", "laminin", "fibronectin", "not stated"):
        assert name in names, name
    # blocking was reported for α6β4 and αvβ5 only: they carry the mark, and a note says what it means
    assert sorted(t for t in texts if t.endswith(f" {org.BLOCKED_MARK}")) == ["α6β4 *", "αvβ5 *"]
    assert org.BLOCKED_NOTE in texts and "blocking it reduced" in org.BLOCKED_NOTE
    # one organ box per organ: three organ labels, not four
    assert texts.count("lung") == 1
    plt.close(fig)


def test_figure_rejects_bad_tables(table):
    fig, ax = plt.subplots()
    with pytest.raises(KeyError, match="load_organotropism"):
        org.plot_organotropism(ax, table.drop(columns="uptake_cells"))
    with pytest.raises(ValueError):
        org.plot_organotropism(ax, table.iloc[0:0])
    plt.close(fig)
