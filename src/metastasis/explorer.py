"""Explorers: one model, two faces.

An :class:`Explorer` is a pure model (parameter value -> data) plus a figure that is set up
once and then *updated* (artists get new data; the figure is redrawn, never rebuilt).

- **Live** (Binder, JupyterHub, a local kernel): :meth:`Explorer.live` wraps it in an
  ipywidgets slider.
- **Static** (the website, with no kernel and no CDN): :meth:`Explorer.static_html` sweeps the
  main parameter at build time and writes a self-contained HTML figure: every frame is an
  ``<img>`` with its own alt text, and a native range input shows one frame at a time. It
  needs no script file, no widget manager and nothing from another site.

:meth:`Explorer.show` picks the face: the book's build sets ``METASTASIS_STATIC=1``, so the
website gets the static slider; a learner's kernel gets the live widget.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import json
import os
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import matplotlib.pyplot as plt
import numpy as np

from . import style

__all__ = ["Explorer", "is_static_build", "STATIC_ENV"]

STATIC_ENV = "METASTASIS_STATIC"


def is_static_build() -> bool:
    """True while the book's build executes the pages (``METASTASIS_STATIC=1``)."""
    return os.environ.get(STATIC_ENV, "") not in ("", "0", "false", "False")


@dataclass
class Explorer:
    """A model, a figure that updates in place, and a sweep of its main parameter.

    Parameters
    ----------
    name:
        A short identifier (letters, digits, ``-``), unique in the book.
    label:
        The parameter's name as a reader sees it, with units, e.g. ``"ligand (nM)"``.
    values:
        The sweep shown by the static slider: at least 2 numbers, increasing; or at least 2
        distinct labels (strings) for a categorical explorer (an integrin, a cancer type), which
        gets a dropdown when live and a labelled slider when static.
    model:
        ``model(value) -> data``: the science, pure and fast (vectorised NumPy).
    setup:
        ``setup(fig, ax) -> update``: draws the figure once and returns ``update(data, value)``,
        which moves the existing artists to the new data.
    alt:
        ``alt(value, data) -> str``: alt text for the frame at this value.
    initial:
        The value the explorer opens on (default: the middle of the sweep).
    caption:
        One or two sentences under the static figure: what to look for.
    fmt:
        Format for the displayed value, e.g. ``"{:.1f}"``.
    """

    name: str
    label: str
    values: Sequence[float] | Sequence[str]
    model: Callable[[float], Any]
    setup: Callable[[Any, Any], Callable[[Any, float], None]]
    alt: Callable[[float, Any], str]
    initial: float | str | None = None
    caption: str = ""
    fmt: str = "{:g}"
    figsize: tuple[float, float] = (6.4, 3.8)
    _fig: Any = field(default=None, init=False, repr=False)
    _update: Any = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        if not self.name or not all(c.isalnum() or c == "-" for c in self.name):
            raise ValueError(f"explorer name must be letters, digits and '-', got {self.name!r}")
        raw = list(self.values) if not isinstance(self.values, (str, bytes)) else [self.values]
        if raw and all(isinstance(v, str) for v in raw):
            if len(raw) < 2 or len(set(raw)) != len(raw) or not all(v.strip() for v in raw):
                raise ValueError(f"explorer {self.name!r}: categorical values must be at least 2 distinct, non-empty labels")
            self.values = raw
            if self.initial is None:
                self.initial = raw[0]
            elif self.initial not in raw:
                raise ValueError(f"explorer {self.name!r}: initial value {self.initial!r} is not one of {raw}")
            return
        try:
            values = np.asarray(raw, dtype=float)
        except (TypeError, ValueError):
            raise ValueError(f"explorer {self.name!r}: values must be all numbers or all labels") from None
        if values.ndim != 1 or values.size < 2:
            raise ValueError(f"explorer {self.name!r}: values must be a 1-D sweep of at least 2 numbers")
        if not np.all(np.isfinite(values)) or np.any(np.diff(values) <= 0):
            raise ValueError(f"explorer {self.name!r}: values must be finite and strictly increasing")
        self.values = values
        if self.initial is None:
            self.initial = float(values[len(values) // 2])
        elif not values[0] <= self.initial <= values[-1]:
            raise ValueError(
                f"explorer {self.name!r}: initial value {self.initial} is outside the sweep "
                f"[{values[0]}, {values[-1]}]"
            )

    @property
    def categorical(self) -> bool:
        return isinstance(self.values, list)

    # -- the figure -------------------------------------------------------------------------
    def _ensure_figure(self):
        if self._fig is None:
            style.apply()
            fig, ax = plt.subplots(figsize=self.figsize)
            self._update = self.setup(fig, ax)
            if not callable(self._update):
                raise TypeError(f"explorer {self.name!r}: setup() must return an update(data, value) function")
            self._fig = fig
            plt.close(fig)  # we display it ourselves; keep it out of the inline backend
        return self._fig

    def update(self, value: float):
        """Run the model at ``value`` and move the figure's artists; returns the model's data."""
        value = self._check_value(value)
        fig = self._ensure_figure()
        data = self.model(value)
        self._update(data, value)  # the next savefig/display redraws the figure
        return data

    def _check_value(self, value):
        if self.categorical:
            if value not in self.values:
                raise ValueError(f"explorer {self.name!r}: {value!r} is not one of {self.values}")
            return value
        if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)):
            raise TypeError(f"explorer {self.name!r}: value must be a number, got {value!r}")
        value = float(value)
        if not np.isfinite(value):
            raise ValueError(f"explorer {self.name!r}: value must be finite, got {value}")
        return value

    def png(self, value: float, dpi: int = 80) -> bytes:
        """The figure at ``value`` as a compact (palette) PNG."""
        self.update(value)
        raw = io.BytesIO()
        self._fig.savefig(raw, format="png", dpi=dpi)
        return _quantise_png(raw.getvalue())

    # -- timing (used by the benchmarks) ----------------------------------------------------
    def time_model_ms(self, value: float) -> float:
        start = time.perf_counter()
        self.model(self._check_value(value))
        return (time.perf_counter() - start) * 1e3

    def time_update_ms(self, value: float) -> float:
        """Model plus redraw to the PNG the live widget sends: what a learner waits for."""
        self._ensure_figure()
        start = time.perf_counter()
        self.update(value)
        self._fig.savefig(io.BytesIO(), format="png", dpi=self._fig.dpi)
        return (time.perf_counter() - start) * 1e3

    # -- the two faces ----------------------------------------------------------------------
    def element_id(self) -> str:
        digest = hashlib.sha1(self.name.encode()).hexdigest()[:8]
        return f"mx-explorer-{self.name}-{digest}"

    def static_html(self, dpi: int = 90) -> str:
        """A self-contained slider over the pre-computed sweep (no kernel, no CDN)."""
        uid = self.element_id()
        if self.categorical:
            start = self.values.index(self.initial)
        else:
            start = int(np.argmin(np.abs(self.values - self.initial)))
        frames = []
        for index, value in enumerate(self.values):
            data = self.update(value)
            raw = io.BytesIO()
            self._fig.savefig(raw, format="png", dpi=dpi)
            encoded = base64.b64encode(_quantise_png(raw.getvalue())).decode("ascii")
            alt = self.alt(value, data)
            if not alt or not alt.strip():
                raise ValueError(f"explorer {self.name!r}: alt text for value {value} is empty")
            hidden = "" if index == start else " hidden"
            frames.append(
                f'<img class="mx-frame" data-index="{index}" src="data:image/png;base64,{encoded}" '
                f'alt="{html.escape(alt, quote=True)}"{hidden}>'
            )
        labels = list(self.values) if self.categorical else [self.fmt.format(v) for v in self.values]
        labels_attr = html.escape(json.dumps(labels, ensure_ascii=False), quote=True)
        # A native range input; its inline handler shows the chosen frame and updates the readout.
        handler = (
            "var f=this.closest('figure');"
            "f.querySelectorAll('img.mx-frame').forEach(function(i){i.hidden=(i.dataset.index!==this.value);},this);"
            "var l=JSON.parse(this.dataset.labels)[this.value];"
            "f.querySelector('output').textContent=l;"
            "this.setAttribute('aria-valuetext',l);"
        )
        label = html.escape(self.label)
        caption = html.escape(self.caption)
        return (
            f'<figure class="mx-explorer" id="{uid}" data-explorer="{html.escape(self.name)}">'
            f'<div class="mx-frames">{"".join(frames)}</div>'
            f'<div class="mx-controls"><label for="{uid}-slider">{label}</label> '
            f'<input type="range" id="{uid}-slider" class="mx-slider" min="0" max="{len(frames) - 1}" '
            f'step="1" value="{start}" data-labels="{labels_attr}" '
            f'aria-valuetext="{html.escape(labels[start], quote=True)}" oninput="{html.escape(handler, quote=True)}"> '
            f'<output for="{uid}-slider">{html.escape(labels[start])}</output></div>'
            f"<figcaption>{caption} <em>(Static view: each slider position is pre-computed. "
            f"Open the page on Binder for the live version.)</em></figcaption></figure>"
        )

    def live(self):
        """An ipywidgets slider driving the figure (needs a running kernel)."""
        import ipywidgets as widgets
        from IPython.display import display

        if self.categorical:
            slider = widgets.Dropdown(options=self.values, value=self.initial, description=self.label,
                                      style={"description_width": "initial"})
        else:
            slider = self._float_slider(widgets)
        out = widgets.Output()

        def redraw(change=None):
            self.update(slider.value)
            with out:
                out.clear_output(wait=True)
                display(self._fig)

        slider.observe(redraw, names="value")
        redraw()
        return widgets.VBox([slider, out])

    def _float_slider(self, widgets):
        step = float(np.min(np.diff(self.values))) / 4
        return widgets.FloatSlider(
            value=self.initial,
            min=float(self.values[0]),
            max=float(self.values[-1]),
            step=step,
            description=self.label,
            continuous_update=True,
            readout_format=".3g",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="95%"),
        )

    def show(self):
        """Display the static slider during the book's build, the live widget elsewhere."""
        from IPython.display import HTML, display

        if is_static_build():
            display(HTML(self.static_html()))
        else:
            display(self.live())


def _quantise_png(png: bytes, colours: int = 96) -> bytes:
    """Shrink a matplotlib PNG by converting it to an adaptive palette (visually lossless here)."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    small = image.quantize(colors=colours, method=Image.Quantize.MEDIANCUT)
    out = io.BytesIO()
    small.save(out, format="PNG", optimize=True)
    return out.getvalue()
