"""One figure style for the whole book, with a colour-blind-safe palette.

The palette is Okabe & Ito's eight colours (Color Universal Design, 2008), which stay distinct
under the common forms of colour blindness. Figures never rely on colour alone: pair it with
markers, line styles or labels.
"""

from __future__ import annotations

import contextlib

import matplotlib as mpl
import matplotlib.pyplot as plt

__all__ = ["PALETTE", "LIGAND_CLASS_COLOURS", "DIRECTION_COLOURS", "colour", "apply", "figure", "figsize", "fixed_log_ticks", "power_label"]

#: Okabe–Ito colours, by name.
PALETTE: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

#: The order in which series take colours (black is kept for reference lines).
CYCLE = ["blue", "orange", "bluish_green", "vermillion", "reddish_purple", "sky_blue", "yellow"]

#: Fixed colours for the integrin ligand classes, used by every figure that shows them.
LIGAND_CLASS_COLOURS: dict[str, str] = {
    "RGD": PALETTE["vermillion"],
    "collagen": PALETTE["blue"],
    "laminin": PALETTE["bluish_green"],
    "leukocyte/other": PALETTE["reddish_purple"],
}

#: Fixed colours for promoting and inhibiting roles.
DIRECTION_COLOURS: dict[str, str] = {
    "promotes": PALETTE["vermillion"],
    "inhibits": PALETTE["blue"],
}

_RC = {
    "figure.figsize": (6.4, 4.0),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.labelsize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "legend.frameon": False,
    "lines.linewidth": 2.0,
    "image.cmap": "viridis",
}


def colour(name_or_index: str | int) -> str:
    """A palette colour by Okabe–Ito name or by position in the series cycle."""
    if isinstance(name_or_index, bool):
        raise TypeError("colour() takes a palette name or a series index, not a bool")
    if isinstance(name_or_index, int):
        if name_or_index < 0:
            raise ValueError(f"series index must be >= 0, got {name_or_index}")
        return PALETTE[CYCLE[name_or_index % len(CYCLE)]]
    if isinstance(name_or_index, str):
        try:
            return PALETTE[name_or_index]
        except KeyError:
            raise KeyError(f"unknown colour {name_or_index!r}; choose from {sorted(PALETTE)}") from None
    raise TypeError(f"colour() takes a str or int, got {type(name_or_index).__name__}")


def apply() -> None:
    """Make the book's style the matplotlib default for this session."""
    mpl.rcParams.update(_RC)
    mpl.rcParams["axes.prop_cycle"] = mpl.cycler(color=[PALETTE[c] for c in CYCLE])


def figsize(width: float = 6.4, aspect: float = 0.62) -> tuple[float, float]:
    """A figure size in inches from a width and a height/width ratio."""
    if width <= 0 or aspect <= 0:
        raise ValueError(f"width and aspect must be positive, got {width}, {aspect}")
    return (width, width * aspect)


@contextlib.contextmanager
def figure(*args, **kwargs):
    """``with style.figure() as (fig, ax):`` a styled figure that is closed afterwards."""
    with mpl.rc_context(_RC | {"axes.prop_cycle": mpl.cycler(color=[PALETTE[c] for c in CYCLE])}):
        fig, ax = plt.subplots(*args, **kwargs)
        try:
            yield fig, ax
        finally:
            plt.close(fig)


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def power_label(exponent: int) -> str:
    """``10⁻²`` as plain Unicode text (no mathtext: it renders faster and reads the same)."""
    if isinstance(exponent, bool) or not isinstance(exponent, int):
        raise TypeError(f"exponent must be an int, got {exponent!r}")
    return "10" + str(exponent).translate(_SUPERSCRIPT)


def fixed_log_ticks(ax, low: int, high: int, axis: str = "x") -> None:
    """Fix a log axis's ticks at the decades 10^low … 10^high, with plain labels and no minor ticks.

    Explorers redraw their figure on every slider move; matplotlib's automatic log ticks (mathtext
    labels, minor ticks) cost most of that redraw. Fixed ticks make it several times faster.
    """
    from matplotlib.ticker import FixedFormatter, FixedLocator, NullLocator

    if axis not in ("x", "y"):
        raise ValueError(f"axis must be 'x' or 'y', got {axis!r}")
    if not (isinstance(low, int) and isinstance(high, int)) or low >= high:
        raise ValueError(f"need integer decades with low < high, got {low!r}, {high!r}")
    exponents = list(range(low, high + 1))
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(FixedLocator([10.0**e for e in exponents]))
    target.set_major_formatter(FixedFormatter([power_label(e) for e in exponents]))
    target.set_minor_locator(NullLocator())


#: The width a figure gets on a 390 px phone screen once the page's margins are taken off (measured
#: in Chromium on the built site: the content column is 342 px wide).
PHONE_FIGURE_WIDTH_PX = 342
#: The smallest text, in CSS pixels, that a figure may show at that width.
MIN_PHONE_TEXT_PX = 8.0


def smallest_text_px(fig, display_width_px: float = PHONE_FIGURE_WIDTH_PX) -> tuple[float, str]:
    """The smallest visible text of ``fig``, in screen pixels, when it is shown ``display_width_px`` wide.

    A figure scales to fit its column: one 6 inches wide shown at 342 px shrinks a 10-point label
    to 342 / (6 × 72) × 10 ≈ 7.9 px. Returns that size and the text that has it.
    """
    from matplotlib.text import Text

    if isinstance(display_width_px, bool) or not isinstance(display_width_px, (int, float)) or display_width_px <= 0:
        raise ValueError(f"display_width_px must be a positive number, got {display_width_px!r}")
    width_in = fig.get_figwidth()
    scale = display_width_px / (width_in * 72.0)
    sizes = [
        (t.get_fontsize() * scale, t.get_text())
        for t in fig.findobj(Text)
        if t.get_visible() and t.get_text().strip() and t.figure is fig
    ]
    if not sizes:
        raise ValueError("the figure has no visible text")
    return min(sizes, key=lambda s: s[0])
