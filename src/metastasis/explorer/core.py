"""The explorer: a pure model, a figure that updates in place, and the controls that drive it.

An :class:`Explorer` has one or more :class:`~metastasis.explorer.control.Control` objects. Its
``model`` takes one keyword argument per control and returns data; its figure is drawn once by
``setup`` and then *updated* (artists get new data: the figure is redrawn, never rebuilt); ``alt``
describes each view in words.

Redrawing is cheap because only what changes is drawn again. ``setup`` marks the artists its
``update`` changes as *animated* (``artist.set_animated(True)``, or :func:`animate`); everything
else (axes, ticks, legends, labels) is drawn once into a background that is kept as pixels. Each
update restores that background and draws the animated artists over it (matplotlib's blitting),
so a figure full of labels redraws as fast as a bare one. A figure with no animated artist is
drawn whole each time. The unit tests check, for every explorer, that the fast path gives the
same picture as a full draw (an artist that changes but is not marked would be stale). The two faces live in their own modules:
:mod:`~metastasis.explorer.static` (a pre-computed grid of frames for the website) and
:mod:`~metastasis.explorer.live` (ipywidgets for a kernel). :meth:`Explorer.show` picks one.
"""

from __future__ import annotations

import itertools
import math
import os
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Mapping, Sequence

from .control import Control

__all__ = ["Explorer", "STATIC_ENV", "is_static_build", "MAX_FRAMES", "FIGURE_DPI", "animate"]

STATIC_ENV = "METASTASIS_STATIC"

#: The most frames a static explorer may pre-compute (every combination of its controls' values).
#: More would break the page-weight budget: thin a sweep, or split the explorer.
MAX_FRAMES = 96

#: The resolution the live figure is drawn at (the static frames are drawn at their own).
FIGURE_DPI = 100


def animate(*artists):
    """Mark artists as changing with the controls (drawn on every update, over a cached background)."""
    for artist in artists:
        if isinstance(artist, (list, tuple)):
            animate(*artist)
        else:
            artist.set_animated(True)
    return artists[0] if len(artists) == 1 else artists


def is_static_build() -> bool:
    """True while the book's build executes the pages (``METASTASIS_STATIC=1``)."""
    return os.environ.get(STATIC_ENV, "") not in ("", "0", "false", "False")


Params = Mapping[str, Any]


@dataclass
class Explorer:
    """A model, a figure that updates in place, and the controls a reader moves.

    Parameters
    ----------
    name:
        A short identifier (letters, digits, ``-``), unique in the book.
    controls:
        One or more :class:`Control`, in the order the reader sees them.
    model:
        ``model(**params) -> data``: the science, pure and fast (vectorised NumPy). It receives one
        keyword argument per control.
    setup:
        ``setup(fig, ax) -> update``: draws the figure once and returns ``update(data, params)``,
        which moves the existing artists to the new data.
    alt:
        ``alt(params, data) -> str``: alt text for the view at these parameters.
    caption:
        One or two sentences under the figure: what to look for.
    figsize:
        The figure's size in inches. Keep it narrow enough to read on a phone (see
        :func:`metastasis.style.smallest_text_px`).
    """

    name: str
    controls: Sequence[Control]
    model: Callable[..., Any]
    setup: Callable[[Any, Any], Callable[[Any, Params], None]]
    alt: Callable[[Params, Any], str]
    caption: str = ""
    figsize: tuple[float, float] = (6.0, 3.8)
    _fig: Any = field(default=None, init=False, repr=False)
    _update: Any = field(default=None, init=False, repr=False)
    _background: Any = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name or not all(c.isalnum() or c == "-" for c in self.name):
            raise ValueError(f"explorer name must be letters, digits and '-', got {self.name!r}")
        if isinstance(self.controls, Control):
            self.controls = [self.controls]
        controls = list(self.controls)
        if not controls or not all(isinstance(c, Control) for c in controls):
            raise TypeError(f"explorer {self.name!r}: controls must be a non-empty list of Control")
        names = [c.name for c in controls]
        if len(set(names)) != len(names):
            raise ValueError(f"explorer {self.name!r}: two controls share a name: {names}")
        self.controls = tuple(controls)
        for part in ("model", "setup", "alt"):
            if not callable(getattr(self, part)):
                raise TypeError(f"explorer {self.name!r}: {part} must be callable")
        if self.frame_count() > MAX_FRAMES:
            sizes = " × ".join(str(len(c.values)) for c in self.controls)
            raise ValueError(
                f"explorer {self.name!r}: {sizes} = {self.frame_count()} combinations, more than the "
                f"{MAX_FRAMES} frames a static page can carry: thin a sweep"
            )

    # -- parameters -------------------------------------------------------------------------
    def control(self, name: str) -> Control:
        for c in self.controls:
            if c.name == name:
                return c
        raise KeyError(f"explorer {self.name!r} has no control {name!r}; its controls: {[c.name for c in self.controls]}")

    def initial(self) -> dict[str, Any]:
        return {c.name: c.initial for c in self.controls}

    def params(self, params: Params | None = None, **overrides) -> dict[str, Any]:
        """Every control's value: the initial ones, replaced by ``params`` and ``overrides``; checked."""
        given = dict(params or {}, **overrides)
        unknown = sorted(set(given) - {c.name for c in self.controls})
        if unknown:
            raise KeyError(f"explorer {self.name!r} has no control(s) {unknown}; its controls: {[c.name for c in self.controls]}")
        full = self.initial() | given
        for c in self.controls:
            full[c.name] = c.values[c.index(full[c.name])]
        return full

    def frame_count(self) -> int:
        return math.prod(len(c.values) for c in self.controls)

    def combinations(self) -> Iterator[dict[str, Any]]:
        """Every combination of the controls' values, first control slowest (the static grid's order)."""
        for combo in itertools.product(*(c.values for c in self.controls)):
            yield dict(zip((c.name for c in self.controls), combo))

    def frame_index(self, params: Params) -> int:
        """The position of ``params`` in :meth:`combinations` (mixed radix, first control slowest)."""
        params = self.params(params)
        index = 0
        for c in self.controls:
            index = index * len(c.values) + c.index(params[c.name])
        return index

    def changes(self, n: int) -> list[dict[str, Any]]:
        """``n`` parameter sets as a reader reaches them: one control moved at a time, every control in turn."""
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise ValueError(f"n must be a positive whole number, got {n!r}")
        current = self.initial()
        steps = []
        positions = {c.name: c.index(current[c.name]) for c in self.controls}
        for i in range(n):
            c = self.controls[i % len(self.controls)]
            positions[c.name] = (positions[c.name] + 1) % len(c.values)
            current = current | {c.name: c.values[positions[c.name]]}
            steps.append(dict(current))
        return steps

    # -- the figure -------------------------------------------------------------------------
    def figure(self):
        """The explorer's figure, drawn once by ``setup`` (a plain Agg figure, outside pyplot)."""
        if self._fig is None:
            from matplotlib.backends.backend_agg import FigureCanvasAgg
            from matplotlib.figure import Figure

            from .. import style

            style.apply()
            fig = Figure(figsize=self.figsize, dpi=FIGURE_DPI)
            FigureCanvasAgg(fig)
            ax = fig.add_subplot()
            update = self.setup(fig, ax)
            if not callable(update):
                raise TypeError(f"explorer {self.name!r}: setup() must return an update(data, params) function")
            self._fig, self._update = fig, update
        return self._fig

    def animated_artists(self) -> list:
        """The artists ``update`` changes (marked animated by ``setup``), in drawing order."""
        fig = self.figure()
        found = fig.findobj(lambda a: a.get_animated() and a is not fig)
        return sorted(found, key=lambda a: a.get_zorder())

    def render(self, dpi: float | None = None):
        """Draw the figure as it stands (after :meth:`update`); returns the canvas's RGBA buffer.

        With animated artists, the rest of the figure is drawn once and kept as pixels; each call
        restores it and draws only the animated artists (see the module docstring).
        """
        fig = self.figure()
        dpi = float(dpi or FIGURE_DPI)
        if fig.dpi != dpi:
            fig.set_dpi(dpi)
            self._background = None
        canvas = fig.canvas
        animated = self.animated_artists()
        if not animated:
            canvas.draw()
            return canvas.buffer_rgba()
        if self._background is None or self._background[0] != (dpi, canvas.get_width_height()):
            canvas.draw()  # everything that is not animated
            self._background = ((dpi, canvas.get_width_height()), canvas.copy_from_bbox(fig.bbox))
        else:
            canvas.restore_region(self._background[1])
        for artist in animated:
            fig.draw_artist(artist)
        return canvas.buffer_rgba()

    def full_render(self, dpi: float | None = None):
        """Draw the whole figure from scratch, ignoring the cached background (for checks)."""
        import numpy as np

        fig = self.figure()
        animated = self.animated_artists()
        for artist in animated:
            artist.set_animated(False)
        try:
            fig.set_dpi(float(dpi or FIGURE_DPI))
            fig.canvas.draw()
            image = np.asarray(fig.canvas.buffer_rgba()).copy()
        finally:
            for artist in animated:
                artist.set_animated(True)
            self._background = None
        return image

    def update(self, params: Params | None = None, **overrides):
        """Run the model at these parameters and move the figure's artists; returns the model's data."""
        params = self.params(params, **overrides)
        self.figure()
        data = self.model(**params)
        self._update(data, params)  # the next savefig/display redraws the figure
        return data

    def alt_text(self, params: Params, data) -> str:
        text = self.alt(params, data)
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"explorer {self.name!r}: alt text for {dict(params)} is empty")
        return text

    def snapshot(self, params: Params | None = None, dpi: float | None = None):
        """Update to ``params`` and return ``(png, data)``: a fast PNG (for the live widget) and
        the model's data. The static frames are encoded apart (:mod:`.frame_layers`)."""
        import io

        image, data = self.frame_image(params, dpi)
        out = io.BytesIO()
        image.save(out, format="PNG", compress_level=1)
        return out.getvalue(), data

    def frame_image(self, params: Params | None = None, dpi: float | None = None):
        """Update to ``params`` and return ``(image, data)``: the figure as an RGB PIL image, and
        the model's data."""
        from PIL import Image

        data = self.update(params)
        buffer = self.render(dpi)
        width, height = self._fig.canvas.get_width_height()
        return Image.frombuffer("RGBA", (width, height), buffer, "raw", "RGBA", 0, 1).convert("RGB"), data

    def png(self, params: Params | None = None, dpi: float | None = None) -> bytes:
        """The figure at ``params`` as a PNG (see :meth:`snapshot`)."""
        return self.snapshot(params, dpi)[0]

    def readout(self, params: Params) -> str:
        """The current values as one line, e.g. ``"dose: 2.0; sweep: up"``."""
        params = self.params(params)
        return "; ".join(f"{c.label}: {c.readout(params[c.name])}" for c in self.controls)

    # -- timing (used by the benchmarks) ----------------------------------------------------
    def time_model_ms(self, params: Params | None = None) -> float:
        params = self.params(params)
        start = time.perf_counter()
        self.model(**params)
        return (time.perf_counter() - start) * 1e3

    def time_update_ms(self, params: Params | None = None) -> float:
        """Model plus redraw to the PNG the live widget shows: what a learner waits for."""
        params = self.params(params)
        self.figure()
        start = time.perf_counter()
        self.png(params)
        return (time.perf_counter() - start) * 1e3

    # -- the two faces ----------------------------------------------------------------------
    def static_html(self) -> str:
        from .static import static_html

        return static_html(self)

    def live(self):
        from .live import live_widget

        return live_widget(self)

    def show(self):
        """Display the static grid during the book's build, the live widget elsewhere."""
        from IPython.display import HTML, display

        if is_static_build():
            display(HTML(self.static_html()))
        else:
            display(self.live())
