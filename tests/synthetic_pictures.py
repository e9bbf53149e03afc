"""Small synthetic RGB pictures for the palette and frame-layer tests: a few flat colours, a bar
that moves, and a 3×3 legend marker of a rare colour."""

import numpy as np
from PIL import Image

WHITE, BLUE, ORANGE, PINK, GREEN = (255, 255, 255), (0, 114, 178), (213, 94, 0), (204, 121, 167), (0, 158, 115)


def frame(x: int, marker=PINK) -> Image.Image:
    """A white 80×60 picture: a blue bar at x, an orange block, and a 3×3 legend marker."""
    a = np.full((60, 80, 3), WHITE, np.uint8)
    a[10:20, x:x + 12] = BLUE
    a[40:55, 5:30] = ORANGE
    a[2:5, 70:73] = marker
    return Image.fromarray(a)
