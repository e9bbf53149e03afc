"""Static frames stored as a base picture and overlays of what differs (metastasis.explorer.frame_layers)."""

import io

import numpy as np
import pytest
from PIL import Image

from metastasis.explorer.frame_layers import MARGIN_PX, composite, encode_layers
from synthetic_pictures import frame


def test_few_colours_are_kept_exactly_and_each_overlay_rebuilds_its_frame():
    images = [frame(x) for x in (5, 20, 35, 50)]
    layers = encode_layers(images, base_index=1, colours=16)
    assert (layers.width, layers.height) == (80, 60) and len(layers.overlays) == 4
    for k, image in enumerate(images):
        assert np.array_equal(composite(layers.base, layers.overlays[k]), np.asarray(image)), f"frame {k}"


def test_the_base_overlay_is_transparent_and_others_hold_only_the_changed_pixels():
    images = [frame(x) for x in (5, 20, 35)]
    layers = encode_layers(images, base_index=0, colours=16)
    alpha = [np.asarray(Image.open(io.BytesIO(o)).convert("RGBA"))[..., 3] for o in layers.overlays]
    assert alpha[0].max() == 0, "the initial view needs nothing on top of the base"
    changed = np.any(np.asarray(images[2]) != np.asarray(images[0]), axis=2)
    opaque = alpha[2] > 0
    assert opaque[changed].all(), "an overlay covers every pixel that differs from the base"
    rows, cols = np.nonzero(changed)
    reach = np.zeros_like(changed)
    for r, c in zip(rows, cols):
        reach[max(r - MARGIN_PX, 0):r + MARGIN_PX + 1, max(c - MARGIN_PX, 0):c + MARGIN_PX + 1] = True
    assert np.array_equal(opaque, reach), f"an overlay reaches exactly {MARGIN_PX} px beyond the change"


@pytest.mark.parametrize("images, base, colours, message", [
    ([], 0, 16, "no frames"),
    ([frame(5)], 1, 16, "base_index 1 is not a frame index"),
    ([frame(5)], 0, 1, "colours must be an integer from 2 to 256"),
    ([frame(5)], 0, 300, "colours must be an integer from 2 to 256"),
    ([frame(5), frame(5).convert("RGBA")], 0, 16, "frame 1 is in mode 'RGBA'"),
    ([frame(5), frame(5).resize((40, 30))], 0, 16, "frame 1 is 40×30 px"),
])
def test_bad_input_is_named(images, base, colours, message):
    with pytest.raises(ValueError, match=message):
        encode_layers(images, base, colours)


def test_composite_refuses_layers_of_different_sizes():
    small = io.BytesIO()
    frame(5).resize((40, 30)).save(small, format="PNG")
    big = io.BytesIO()
    frame(5).save(big, format="PNG")
    with pytest.raises(ValueError, match="the overlay is"):
        composite(big.getvalue(), small.getvalue())
