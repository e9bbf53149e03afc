"""A control: the values a reader can reach, checked, with readable labels."""

import numpy as np
import pytest

from metastasis.explorer import Control


def test_numeric_control_defaults_labels_and_lookup():
    c = Control("dose", "dose (Gy)", [1, 2, 4, 8], fmt="{:g} Gy")
    assert c.values == (1.0, 2.0, 4.0, 8.0) and c.initial == 4.0 and not c.categorical
    assert c.labels == ("1 Gy", "2 Gy", "4 Gy", "8 Gy")
    assert c.index(2) == 1 and c.readout(8.0) == "8 Gy"
    assert Control("dose", "dose", np.array([0.5, 1.0]), initial=0.5).initial == 0.5


def test_categorical_control():
    c = Control("direction", "sweep direction", ["up", "down"])
    assert c.categorical and c.initial == "up" and c.labels == ("up", "down") and c.index("down") == 1
    with pytest.raises(ValueError, match="not one of"):
        c.index("sideways")


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(name="bad name"), ValueError, "Python identifier"),
    (dict(name="class"), ValueError, "Python identifier"),
    (dict(label=" "), ValueError, "label"),
    (dict(values=[1.0]), ValueError, "at least 2"),
    (dict(values=[2.0, 1.0]), ValueError, "strictly increasing"),
    (dict(values=[0.0, float("nan")]), ValueError, "finite"),
    (dict(values=["a", "a"]), ValueError, "distinct"),
    (dict(values=["a", 1.0]), ValueError, "all numbers or all labels"),
    (dict(values=[True, False]), ValueError, "all numbers or all labels"),
    (dict(values="abc"), TypeError, "list"),
    (dict(initial=5.0), ValueError, "not one of the sweep"),
    (dict(values=[1.0, 1.01], fmt="{:.0f}"), ValueError, "shows two values alike"),
    (dict(fmt="{:d} {:d}"), ValueError, "cannot show a number"),
])
def test_bad_controls_name_what_is_wrong(kwargs, error, message):
    spec = dict(name="dose", label="dose", values=[1.0, 2.0, 3.0]) | kwargs
    with pytest.raises(error, match=message):
        Control(**spec)


def test_values_off_the_sweep_are_refused():
    c = Control("dose", "dose", [1.0, 2.0])
    with pytest.raises(ValueError, match="not one of the sweep"):
        c.index(1.5)
    with pytest.raises(TypeError, match="must be a number"):
        c.index("1")
    with pytest.raises(ValueError, match="finite"):
        c.index(float("inf"))
