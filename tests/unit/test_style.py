"""The book's figure style: palette, log ticks, labels."""

import pytest

from metastasis import style


def test_palette_and_colour_lookup():
    assert style.colour("blue") == "#0072B2"
    assert style.colour(0) == style.PALETTE["blue"]
    with pytest.raises(KeyError, match="unknown colour"):
        style.colour("red")
    with pytest.raises(TypeError):
        style.colour(True)
    with pytest.raises(ValueError):
        style.figsize(-1)
    assert len(set(style.LIGAND_CLASS_COLOURS.values())) == 4


def test_fixed_log_ticks_and_power_labels():
    import matplotlib.pyplot as plt

    assert style.power_label(-2) == "10⁻²" and style.power_label(5) == "10⁵"
    fig, ax = plt.subplots()
    ax.set_xscale("log")
    style.fixed_log_ticks(ax, -1, 2)
    assert list(ax.get_xticks()) == [0.1, 1.0, 10.0, 100.0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["10⁻¹", "10⁰", "10¹", "10²"]
    with pytest.raises(ValueError):
        style.fixed_log_ticks(ax, 2, 1)
    with pytest.raises(ValueError):
        style.fixed_log_ticks(ax, 0, 1, axis="z")
    style.fixed_log_ticks(ax, -9, 0, step=3)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["10⁻⁹", "10⁻⁶", "10⁻³", "10⁰"]
    with pytest.raises(ValueError):
        style.fixed_log_ticks(ax, 0, 3, step=0)
    with pytest.raises(TypeError):
        style.power_label(1.5)
    plt.close(fig)
