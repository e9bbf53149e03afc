"""Show a static matplotlib figure as a compact palette PNG, to keep a page's weight down.

Text-heavy figures (flow charts, labelled grids) saved as full-colour PNGs are three to four times
larger than the same image reduced to an adaptive palette (:mod:`metastasis.palette`, which keeps
the figure's own colours exactly), with no visible difference. A page
cell ends with ``compact_figure.show(fig)`` (never ``plt.show()``, which the page lint refuses); the
output is an ordinary ``image/png``, so MyST-NB's ``mystnb: image: alt:`` and ``figure:`` options
apply to it unchanged.
"""

from __future__ import annotations

import io

from .palette import palette_png

__all__ = ["palette_png", "compact_png", "show"]


def compact_png(fig, dpi: float | None = None, colours: int = 96) -> bytes:
    """The figure as a palette PNG (the figure is left open)."""
    if not hasattr(fig, "savefig"):
        raise TypeError(f"expected a matplotlib Figure, got {type(fig).__name__}")
    if isinstance(colours, bool) or not isinstance(colours, int) or not 2 <= colours <= 256:
        raise ValueError(f"colours must be a whole number from 2 to 256, got {colours!r}")
    if dpi is not None and (isinstance(dpi, bool) or not isinstance(dpi, (int, float)) or dpi <= 0):
        raise ValueError(f"dpi must be a positive number, got {dpi!r}")
    raw = io.BytesIO()
    fig.savefig(raw, format="png", dpi=dpi or fig.dpi)
    return palette_png(raw.getvalue(), colours=colours)


def show(fig, dpi: float | None = None, colours: int = 96) -> None:
    """Display the figure as a compact PNG and close it, so the inline backend does not show it twice.

    The figure must be legible on a phone: :func:`metastasis.style.check_phone_legible` raises an
    error naming any text that would be too small, so an unreadable figure fails the build.
    """
    import matplotlib.pyplot as plt
    from IPython.display import Image, display

    from .style import check_phone_legible

    check_phone_legible(fig)
    png = compact_png(fig, dpi=dpi, colours=colours)
    plt.close(fig)
    display(Image(data=png, format="png"))
