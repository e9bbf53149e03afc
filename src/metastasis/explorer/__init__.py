"""Explorers: one model, two faces (a pre-computed grid on the website, ipywidgets in a kernel).

- :mod:`~metastasis.explorer.control`: :class:`Control`, one parameter the reader moves;
- :mod:`~metastasis.explorer.core`: :class:`Explorer`, the model, its figure and its controls;
- :mod:`~metastasis.explorer.static`: the static face (every combination pre-computed);
- :mod:`~metastasis.explorer.live`: the live face (one widget per control).

A page never builds an explorer itself: it asks the registry, ``explorers.get(name).show()``.
"""

from .control import Control
from .core import FIGURE_DPI, MAX_FRAMES, STATIC_ENV, Explorer, animate, is_static_build

__all__ = ["Control", "Explorer", "FIGURE_DPI", "MAX_FRAMES", "STATIC_ENV", "animate", "is_static_build"]
