"""Check helpers give friendly, correct verdicts."""

import numpy as np
import pandas as pd
import pytest

from metastasis.checks import check_close, check_columns, check_set, check_value


def test_check_value_right_and_hint(capsys):
    assert check_value("heterodimers", 24, 24)
    assert not check_value("heterodimers", 23, 24, hints={23: "did you count αIIbβ3?"})
    out = capsys.readouterr().out
    assert "✔ heterodimers" in out and "expected 24, got 23: did you count αIIbβ3?" in out


def test_check_value_type_strictness_and_arrays():
    assert check_value("n", np.int64(12), 12)
    assert not check_value("flag", 1, True)
    assert not check_value("array", np.array([1, 2]), 1)


def test_unanswered_placeholder_reveals_nothing(capsys):
    assert not check_value("count", ..., 12)
    out = capsys.readouterr().out
    assert "not answered yet" in out and "12" not in out


def test_check_close(capsys):
    assert check_close("ec50", 70.9, 70.71)
    assert not check_close("ec50", 100, 70.71)
    assert "too high" in capsys.readouterr().out
    assert not check_close("ec50", float("nan"), 1.0)
    assert not check_close("ec50", "seventy", 70.0)
    with pytest.raises(ValueError):
        check_close("x", 1, 1, rel=-1)


def test_check_set(capsys):
    assert check_set("partners", ["β1", "β3"], {"β3", "β1"})
    assert not check_set("partners", {"β1"}, {"β1", "β3"})
    assert "missing β3" in capsys.readouterr().out
    assert not check_set("partners", "β1", {"β1"})
    assert not check_set("partners", 5, {"β1"})


def test_check_columns():
    assert check_columns("table", pd.DataFrame({"a": [1], "b": [2]}), ["a"])
    assert not check_columns("table", pd.DataFrame({"a": [1]}), ["a", "b"])
    assert not check_columns("table", [1, 2], ["a"])


def test_names_are_required():
    with pytest.raises(ValueError):
        check_value("", 1, 1)
