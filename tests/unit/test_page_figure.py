"""A page's static figure from one plotting function (metastasis.page_figure)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from metastasis.page_figure import PAGE_FIGURE_WIDTH_IN, page_figure  # noqa: E402


def plot_line(ax, slope, label="line"):
    ax.plot([0, 1], [0, slope], label=label)
    return {"slope": slope, "label": label}


def test_the_figure_is_page_wide_and_returns_what_the_plot_returned():
    fig, drawn = page_figure(plot_line, 2.0, label="two", height=3.0)
    try:
        assert tuple(fig.get_size_inches()) == (PAGE_FIGURE_WIDTH_IN, 3.0)
        assert drawn == {"slope": 2.0, "label": "two"}
        (ax,) = fig.axes
        assert np.allclose(ax.lines[0].get_ydata(), [0, 2.0])
    finally:
        plt.close(fig)


def test_rows_give_stacked_axes_and_margins_replace_the_tight_layout():
    seen = {}
    fig, _ = page_figure(lambda axes: seen.setdefault("n", len(axes)), height=5.0, rows=2,
                         margins=dict(left=0.2, right=0.9, top=0.95, bottom=0.1))
    try:
        assert seen["n"] == 2 and len(fig.axes) == 2
        assert fig.subplotpars.left == pytest.approx(0.2) and fig.subplotpars.right == pytest.approx(0.9)
    finally:
        plt.close(fig)


def test_a_failing_plot_leaves_no_open_figure():
    before = plt.get_fignums()

    def broken(ax):
        raise RuntimeError("no data")

    with pytest.raises(RuntimeError, match="no data"):
        page_figure(broken, height=3.0)
    assert plt.get_fignums() == before


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(plot="plot_line", height=3.0), TypeError, "plot must be a function"),
    (dict(plot=plot_line, height=0), ValueError, "height must be a number of inches"),
    (dict(plot=plot_line, height="tall"), ValueError, "height must be a number of inches"),
    (dict(plot=plot_line, height=3.0, rows=0), ValueError, "rows must be a positive integer"),
])
def test_bad_input_is_named(kwargs, error, message):
    with pytest.raises(error, match=message):
        page_figure(kwargs.pop("plot"), 1.0, **kwargs)
