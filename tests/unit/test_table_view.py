import pandas as pd
import pytest

from metastasis.table_view import format_columns


def test_formats_named_columns_and_keeps_the_rest():
    t = pd.DataFrame({"name": ["a", "b"], "x": [1.23456, 20.0], "n": [1, 2]})
    out = format_columns(t, {"x": "{:.3g}"}, index="name")
    assert list(out["x"]) == ["1.23", "20"]
    assert list(out["n"]) == [1, 2]
    assert list(out.index) == ["a", "b"]
    assert t["x"].iloc[0] == 1.23456  # the input is not changed


def test_bad_input_names_what_is_wrong():
    t = pd.DataFrame({"x": [1.0]})
    with pytest.raises(KeyError, match="y"):
        format_columns(t, {"y": "{:g}"})
    with pytest.raises(ValueError, match="'x'"):
        format_columns(pd.DataFrame({"x": ["text"]}), {"x": "{:.2f}"})
    with pytest.raises(TypeError, match="DataFrame"):
        format_columns([1, 2], {"x": "{:g}"})
