"""Compact figures: a valid, smaller PNG, and clear errors for bad input."""

import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from PIL import Image  # noqa: E402

from metastasis import compact_figure  # noqa: E402


def _figure():
    fig, ax = plt.subplots(figsize=(4, 3))
    for i in range(12):
        ax.text(0.05, i / 12, f"label number {i} with some text", fontsize=8)
    return fig


def test_compact_png_is_a_smaller_palette_png():
    fig = _figure()
    raw = io.BytesIO()
    fig.savefig(raw, format="png", dpi=100)
    png = compact_figure.compact_png(fig, dpi=100)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.mode == "P"
    assert image.size == (400, 300)
    assert len(png) < len(raw.getvalue())
    plt.close(fig)


def test_show_closes_the_figure(capsys):
    fig = _figure()
    number = fig.number
    compact_figure.show(fig)
    assert number not in plt.get_fignums()


@pytest.mark.parametrize("kwargs, match", [({"colours": 1}, "colours"), ({"colours": 300}, "colours"),
                                           ({"dpi": 0}, "dpi"), ({"dpi": "high"}, "dpi")])
def test_bad_arguments(kwargs, match):
    fig = _figure()
    with pytest.raises(ValueError, match=match):
        compact_figure.compact_png(fig, **kwargs)
    plt.close(fig)


def test_not_a_figure():
    with pytest.raises(TypeError, match="Figure"):
        compact_figure.compact_png("figure")
