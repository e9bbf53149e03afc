"""The static frames of one explorer as a base picture and, for every other view, its difference.

An explorer's frames share most of their pixels: the axes, the labels and often most of the
curves stay put while one line or one marker moves. So the grid is stored in layers:

- every frame is quantized to **one palette shared by all the explorer's frames**
  (:func:`metastasis.palette.shared_palette`, no dithering), so that a pixel that did not
  change has the same palette index in every frame;
- the **base** is the initial frame, a complete palette PNG;
- every frame is an **overlay** the size of the base: the pixels that differ from the base
  (and a margin of :data:`MARGIN_PX` around them, so that a scaled picture does not let the base
  show through at the edges of a change), and a transparent index everywhere else. The initial
  frame's overlay is transparent throughout.

The page shows the base with one overlay on top, so what the reader sees is exactly the frame,
pixel for pixel (:func:`composite` checks it). A transparent run costs PNG almost nothing, which
is what keeps a page with a grid of frames within the page-weight budget.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np

from ..palette import quantize

__all__ = ["FrameLayers", "encode_layers", "composite"]


@dataclass(frozen=True)
class FrameLayers:
    """The base PNG, one overlay PNG per frame (in frame order), and the pixel size of both."""

    base: bytes
    overlays: tuple[bytes, ...]
    width: int
    height: int


def _check(images, base_index: int, colours: int) -> tuple[int, int]:
    if not images:
        raise ValueError("encode_layers: no frames to encode")
    if isinstance(colours, bool) or not isinstance(colours, int) or not 2 <= colours <= 256:
        raise ValueError(f"encode_layers: colours must be an integer from 2 to 256 (one is the "
                         f"transparent index), not {colours!r}")
    if isinstance(base_index, bool) or not isinstance(base_index, int) or not 0 <= base_index < len(images):
        raise ValueError(f"encode_layers: base_index {base_index!r} is not a frame index (0 to {len(images) - 1})")
    size = images[0].size
    for k, image in enumerate(images):
        if image.mode != "RGB":
            raise ValueError(f"encode_layers: frame {k} is in mode {image.mode!r}, not 'RGB'")
        if image.size != size:
            raise ValueError(f"encode_layers: frame {k} is {image.size[0]}×{image.size[1]} px, "
                             f"frame 0 is {size[0]}×{size[1]} px: every frame must have the same size")
    return size


def _png(indices: np.ndarray, palette: list[int], transparent: int | None) -> bytes:
    from PIL import Image

    image = Image.fromarray(indices, mode="P")
    image.putpalette(palette)
    out = io.BytesIO()
    if transparent is None:
        image.save(out, format="PNG", optimize=True)
    else:
        image.save(out, format="PNG", optimize=True, transparency=transparent)
    return out.getvalue()


#: How far (pixels) an overlay reaches beyond the pixels that changed. A browser that scales the
#: pictures (a phone's column, a high-density screen) blends each pixel with its neighbours; with
#: no margin, the base's old text and lines show through faintly around every change.
MARGIN_PX = 2


def _grown(mask: np.ndarray, radius: int) -> np.ndarray:
    """``mask`` grown by ``radius`` pixels in every direction (a square neighbourhood)."""
    grown = mask.copy()
    height, width = mask.shape
    for dy in range(-radius, radius + 1):
        for dx in range(-radius, radius + 1):
            grown[max(dy, 0):height + min(dy, 0), max(dx, 0):width + min(dx, 0)] |= \
                mask[max(-dy, 0):height + min(-dy, 0), max(-dx, 0):width + min(-dx, 0)]
    return grown


def encode_layers(images, base_index: int, colours: int = 64) -> FrameLayers:
    """Quantize the RGB ``images`` to one shared palette of ``colours - 1`` colours and return the
    base (frame ``base_index``) and one overlay per frame (index ``colours - 1`` is transparent)."""
    width, height = _check(images, base_index, colours)
    colour_table, indices = quantize(images, colours - 1)
    transparent = len(colour_table)  # one past the table: no quantized pixel takes it
    palette = [int(v) for v in colour_table.ravel()] + [255, 255, 255]
    base = indices[base_index]
    overlays = tuple(
        _png(np.where(_grown(frame != base, MARGIN_PX), frame, transparent).astype(np.uint8), palette, transparent)
        for frame in indices
    )
    return FrameLayers(_png(base, palette, None), overlays, width, height)


def composite(base_png: bytes, overlay_png: bytes) -> np.ndarray:
    """What a browser shows: the overlay drawn on the base, as an RGB array."""
    from PIL import Image

    base = Image.open(io.BytesIO(base_png)).convert("RGBA")
    overlay = Image.open(io.BytesIO(overlay_png)).convert("RGBA")
    if base.size != overlay.size:
        raise ValueError(f"composite: the overlay is {overlay.size} px and the base {base.size} px")
    return np.asarray(Image.alpha_composite(base, overlay).convert("RGB"))
