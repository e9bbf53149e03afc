"""The exosome_organotropism table and the Table 1 corrections the metastasis chapter relies on.

exosome_organotropism extends Table 1, row 1 of the integrin review with Hoshino et al. 2015:
each row must agree with the integrin_roles row it extends, carry no unverified number, and
report blocking only where the paper's abstract does (α6β4 for the lung, αvβ5 for the liver).
"""

import re

import pandas as pd
import pytest

from metastasis import data


@pytest.fixture(scope="module")
def exo():
    return data.load("exosome_organotropism").set_index("integrin")


@pytest.fixture(scope="module")
def roles():
    return data.load("integrin_roles").set_index("row_id")


def test_rows_extend_table1_row1(exo, roles):
    linked = exo.dropna(subset=["roles_row_id"])
    assert set(linked["roles_row_id"]) == {"T1-01a", "T1-01b", "T1-01c"}
    for integrin, row in linked.iterrows():
        role = roles.loc[row["roles_row_id"]]
        assert role["heterodimer"] == integrin, f"{integrin} links to {row['roles_row_id']} ({role['heterodimer']})"
        assert role["source_location"] == "Table 1, row 1"
    # the brain row comes from the primary paper, not the review's table
    assert pd.isna(exo.loc["β3", "roles_row_id"]) and exo.loc["β3", "source"] == "hoshino2015tumour"


def test_organs_partners_and_blocking_follow_the_sources(exo):
    assert exo["organ"].astype(str).to_dict() == {"α6β4": "lung", "α6β1": "lung", "αvβ5": "liver", "β3": "brain"}
    assert exo.loc["α6β4", "ecm_partner"] == exo.loc["α6β1", "ecm_partner"] == "laminin"
    assert exo.loc["αvβ5", "ecm_partner"] == "fibronectin"
    assert pd.isna(exo.loc["β3", "ecm_partner"])
    blocked = exo["blocking_reduced_metastasis"]
    assert set(blocked[blocked.fillna(False)].index) == {"α6β4", "αvβ5"}
    assert blocked.isna().sum() == 2  # not stated: never entered as False
    assert "Kupffer" in exo.loc["αvβ5", "uptake_cells"] and "endothelial" in exo.loc["β3", "uptake_cells"]


def test_no_effect_sizes_are_entered(exo):
    """Hoshino's effect sizes are [verify] in science-sources.md: no percentage or fold change."""
    for column in ("tropic_models", "uptake_cells", "ecm_partner"):
        for value in exo[column].dropna():
            assert not re.search(r"\d+(\.\d+)?\s*(%|-fold|×)", str(value)), f"{column}: {value}"


def test_table1_corrections_int40_to_int42(roles):
    errata = set(data.load("errata")["id"])
    assert {"INT-40", "INT-41", "INT-42"} <= errata
    assert "INT-40" in roles.loc["T1-16", "curation_note"]
    assert "angiogenesis" not in roles.loc["T1-16", "function"]
    assert roles.loc["T1-03", "cancer_or_source"].startswith("Fibroblasts") and "INT-41" in roles.loc["T1-03", "curation_note"]
    assert roles.loc["T1-03", "integrin_as_written"] == "β1"
    assert "INT-42" in roles.loc["T1-20", "curation_note"]
