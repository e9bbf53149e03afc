"""The shared input checks name the bad parameter and reject NaN, booleans and text."""

import numpy as np
import pytest

from metastasis.models import inputs


def test_valid_values_pass_through():
    assert inputs.positive("dose", 2) == 2.0
    assert inputs.bounded("share", 0.5, 0, 1) == 0.5
    assert inputs.number("x", -3) == -3.0
    np.testing.assert_array_equal(inputs.array("c", [0, 1], minimum=0), [0.0, 1.0])


@pytest.mark.parametrize("call, error, message", [
    (lambda: inputs.positive("dose", 0), ValueError, "dose must be a positive"),
    (lambda: inputs.positive("dose", True), TypeError, "dose must be a number"),
    (lambda: inputs.positive("dose", "3"), TypeError, "dose"),
    (lambda: inputs.bounded("share", float("nan"), 0, 1), ValueError, r"share must be in \[0, 1\]"),
    (lambda: inputs.bounded("target", 1.0, 0, 1, strict=True), ValueError, r"\(0, 1\)"),
    (lambda: inputs.number("x", float("inf")), ValueError, "x must be finite"),
    (lambda: inputs.array("time", [-1, 2], minimum=0), ValueError, "time cannot be negative"),
    (lambda: inputs.array("ic50", [0.0], strictly_above=0), ValueError, "ic50 must be positive"),
    (lambda: inputs.array("ic50", [], allow_empty=False), ValueError, "ic50 is empty"),
    (lambda: inputs.array("c", ["a"]), TypeError, "c must be a number or an array"),
    (lambda: inputs.array("c", [1.0, float("nan")]), ValueError, "c must be finite"),
])
def test_bad_values_name_the_parameter(call, error, message):
    with pytest.raises(error, match=message):
        call()
