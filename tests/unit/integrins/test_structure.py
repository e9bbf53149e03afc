"""The structure page's code: the pairing matrix, partners, and the occupancy explorer."""

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
