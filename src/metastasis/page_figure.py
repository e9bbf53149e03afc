"""A page's static figure: new axes at the book's figure width, drawn by one plotting function.

Every chapter draws its static figures with a ``plot_*(ax, ...)`` function of its package module
and a ``*_figure(...)`` wrapper that sizes the figure for the page. :func:`page_figure` is that
wrapper's body, written once: :data:`PAGE_FIGURE_WIDTH_IN` wide (legible on a phone at 10.5 pt,
see :func:`metastasis.style.check_phone_legible`), the axes laid out tight or with the margins
given.
"""

from __future__ import annotations

__all__ = ["PAGE_FIGURE_WIDTH_IN", "page_figure"]

#: The width of every page figure, in inches: a phone shows it at 342 px, where 10.5 pt text
#: is still legible.
PAGE_FIGURE_WIDTH_IN = 6.2


def page_figure(plot, *args, height: float, rows: int = 1, margins: dict | None = None, **kwargs):
    """``plot(axes, *args, **kwargs)`` on a new figure ``PAGE_FIGURE_WIDTH_IN`` × ``height`` in with
    ``rows`` stacked axes (one axes, or an array of them); returns ``(figure, what plot returned)``.
    ``margins`` go to ``subplots_adjust``; without them the layout is tight."""
    import matplotlib.pyplot as plt

    if not callable(plot):
        raise TypeError(f"page_figure: plot must be a function of the axes, not {type(plot).__name__}")
    if isinstance(height, bool) or not isinstance(height, (int, float)) or not 0 < height <= 30:
        raise ValueError(f"page_figure: height must be a number of inches in (0, 30], not {height!r}")
    if isinstance(rows, bool) or not isinstance(rows, int) or rows < 1:
        raise ValueError(f"page_figure: rows must be a positive integer, not {rows!r}")
    fig, axes = plt.subplots(rows, 1, figsize=(PAGE_FIGURE_WIDTH_IN, height))
    try:
        drawn = plot(axes, *args, **kwargs)
        if margins is None:
            fig.tight_layout()
        else:
            fig.subplots_adjust(**margins)
    except BaseException:
        plt.close(fig)
        raise
    return fig, drawn
