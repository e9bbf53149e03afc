"""The static face of an explorer: a grid of pre-computed frames, one per combination of values.

The website has no kernel, so the build runs the model for every combination of the controls'
values (:meth:`Explorer.combinations`) and stores each view, with its own alt text, as an overlay
on one base picture (:mod:`~metastasis.explorer.frame_layers`: only the pixels that differ from
the initial view). One overlay is visible at a time, on top of the base. The book's Sphinx
extension moves the pictures out of the page into image files
(:mod:`metastasis.book.frame_files`).

Each control is a native form element with a label: a range input for a numeric sweep (its
``aria-valuetext`` says the value in words) and a menu for a set of labels. The small script ``explorer.js``, served by the site itself, shows the frame that
matches the controls; without it the page still shows the initial view. No CDN, no widget
manager, nothing from another site.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json

from .frame_layers import encode_layers

__all__ = ["static_html", "element_id", "STATIC_DPI", "STATIC_COLOURS"]

#: Resolution and palette size of the static frames: sharp on a laptop, light enough to keep a
#: page with a grid of frames within the page-weight budget.
STATIC_DPI = 90
STATIC_COLOURS = 64


def element_id(explorer) -> str:
    digest = hashlib.sha1(explorer.name.encode()).hexdigest()[:8]
    return f"mx-explorer-{explorer.name}-{digest}"


def _attr(value) -> str:
    return html.escape(str(value), quote=True)


def _control_html(uid: str, position: int, control, start: int) -> str:
    cid = f"{uid}-{control.name}"
    label = f'<label for="{cid}">{html.escape(control.label)}</label>'
    if control.categorical and len(control.values) <= 6:
        options = "".join(
            f'<option value="{i}"{" selected" if i == start else ""}>{html.escape(text)}</option>'
            for i, text in enumerate(control.labels)
        )
        widget = f'<select id="{cid}" class="mx-select" data-control="{position}">{options}</select>'
        return f'<div class="mx-control">{label} {widget}</div>'
    labels = _attr(json.dumps(list(control.labels), ensure_ascii=False))
    widget = (
        f'<input type="range" id="{cid}" class="mx-slider" data-control="{position}" min="0" '
        f'max="{len(control.values) - 1}" step="1" value="{start}" data-labels="{labels}" '
        f'aria-valuetext="{_attr(control.labels[start])}">'
    )
    output = f'<output for="{cid}">{html.escape(control.labels[start])}</output>'
    return f'<div class="mx-control">{label} {widget} {output}</div>'


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def static_html(explorer, dpi: int = STATIC_DPI, colours: int = STATIC_COLOURS) -> str:
    """The explorer as one self-contained HTML block: the base frame, one overlay and one alt text
    per combination (:mod:`~metastasis.explorer.frame_layers`), and the controls."""
    uid = element_id(explorer)
    initial = explorer.initial()
    start = explorer.frame_index(initial)
    images, alts = [], []
    for params in explorer.combinations():
        image, data = explorer.frame_image(params, dpi=dpi)
        images.append(image)
        alts.append(explorer.alt_text(params, data))
    layers = encode_layers(images, start, colours)
    size = f'width="{layers.width}" height="{layers.height}"'
    frames = [f'<img class="mx-base" src="{_data_uri(layers.base)}" alt="" {size}>']
    for index, (overlay, alt) in enumerate(zip(layers.overlays, alts)):
        hidden = "" if index == start else " hidden"
        frames.append(
            f'<img class="mx-frame" data-index="{index}" src="{_data_uri(overlay)}" '
            f'alt="{_attr(alt)}" {size}{hidden}>'
        )
    controls = "".join(
        _control_html(uid, i, c, c.index(initial[c.name])) for i, c in enumerate(explorer.controls)
    )
    sizes = _attr(json.dumps([len(c.values) for c in explorer.controls]))
    hint = (
        "Each position of the controls shows a pre-computed view."
        if len(explorer.controls) == 1
        else f"Every combination of the {len(explorer.controls)} controls shows a pre-computed view."
    )
    return (
        f'<figure class="mx-explorer" id="{uid}" data-explorer="{_attr(explorer.name)}" data-sizes="{sizes}">'
        f'<div class="mx-controls" role="group" aria-label="{_attr("Controls of the explorer: " + explorer.name)}">'
        f"{controls}</div>"
        f'<div class="mx-frames">{"".join(frames)}</div>'
        f"<figcaption>{html.escape(explorer.caption)} <em>(Static view: {hint} "
        f"Open the page as a notebook for the live version.)</em></figcaption></figure>"
    )
