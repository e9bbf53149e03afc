"""Adaptive palettes that keep a figure's own colours exactly (metastasis.palette)."""

import io

import numpy as np
import pytest
from PIL import Image

from metastasis.palette import nearest_indices, palette_image, palette_png, shared_palette
from synthetic_pictures import BLUE, GREEN, ORANGE, PINK, WHITE, frame


def shaded(shift: int) -> Image.Image:
    """Many shades (a gradient across the columns, no flat pixel) and one 3×3 pink marker."""
    gradient = np.linspace(0, 255, 80).astype(np.uint8)
    a = np.zeros((60, 80, 3), np.uint8)
    a[..., 0] = np.roll(gradient, shift * 7)[None, :]
    a[..., 1] = np.roll(gradient, shift * 3)[::-1][None, :]
    a[..., 2] = 90
    a[30:33, 40:43] = PINK
    return Image.fromarray(a)


def test_a_small_marker_keeps_its_colour_among_many_shades():
    images = [shaded(k) for k in range(3)]
    median_cut = np.asarray(images[0].quantize(colors=8, method=Image.Quantize.MEDIANCUT).convert("RGB"))
    assert not (median_cut[30:33, 40:43] == PINK).all(), "the case this palette exists for: median cut loses it"
    table = shared_palette(images, 8)
    for k, image in enumerate(images):
        shown = table[nearest_indices([image], table)[0]]
        assert (shown[30:33, 40:43] == PINK).all(), f"image {k}: the marker changed colour"


def test_flat_colours_come_first_and_map_to_themselves():
    images = [frame(5), frame(40, marker=GREEN)]
    table = shared_palette(images, 6)
    assert len(table) <= 6 and tuple(table[0]) == WHITE, "the most common flat colour leads"
    assert {WHITE, BLUE, ORANGE, PINK, GREEN} <= {tuple(int(v) for v in c) for c in table}
    idx = nearest_indices(images, table)
    assert idx.shape == (2, 60, 80)
    assert np.array_equal(table[idx[0]], np.asarray(images[0]))


def test_shades_fill_the_places_the_flat_colours_leave():
    table = shared_palette([shaded(0)], 16)
    assert len(table) == 16 and len({tuple(c) for c in table}) == 16


def test_palette_png_keeps_a_figure_exact_when_it_has_few_colours():
    image = frame(20)
    out = io.BytesIO()
    image.save(out, format="PNG")
    small = Image.open(io.BytesIO(palette_png(out.getvalue(), colours=8)))
    assert small.mode == "P"
    assert np.array_equal(np.asarray(small.convert("RGB")), np.asarray(image))


@pytest.mark.parametrize("call, message", [
    (lambda: shared_palette([frame(5)], 0), "size must be a positive integer"),
    (lambda: palette_image(frame(5), 1), "colours must be a whole number from 2 to 256"),
    (lambda: palette_image(frame(5).convert("L"), 16), "expected an RGB PIL image, got 'L'"),
])
def test_bad_input_is_named(call, message):
    with pytest.raises(ValueError, match=message):
        call()
