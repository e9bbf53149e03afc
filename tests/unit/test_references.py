"""Short citations from references.bib."""

import pytest

from metastasis import references


def test_short_cite():
    assert references.short_cite("su2020integrins") == "Su et al. 2020"
    assert references.short_cite("li2018integrin") == "Li & Springer 2018"
    with pytest.raises(KeyError):
        references.short_cite("nobody1900nothing")
