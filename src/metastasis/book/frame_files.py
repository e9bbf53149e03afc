"""The static explorers' pictures as image files of the site, not text inside the page.

A static explorer (:func:`metastasis.explorer.static.static_html`) is one self-contained block of
HTML: its base picture and overlays are ``data:`` URIs, so the block also works outside the book.
Inline, every picture costs a third more than its file (base64) and is parsed with the page.
When Sphinx writes a page, :func:`move_frames_to_files` writes each picture once to
``_images/frames/<sha256>.png`` (named by content, so an unchanged picture is never written
twice) and points the ``<img>`` at it. The files sit beside the page's other figures in
``_images/``, so the benchmark's page weight counts them as the page's own.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from pathlib import Path

__all__ = ["FRAMES_DIR", "move_frames_to_files", "move_page_frames"]

#: Where the pictures go, relative to the site's root.
FRAMES_DIR = "_images/frames"

_INLINE_FRAME = re.compile(
    r'(<img class="mx-(?:base|frame)"[^>]*? src=")data:image/png;base64,([A-Za-z0-9+/=]+)(")'
)


def move_frames_to_files(html: str, outdir: Path, url_for) -> str:
    """Replace every static explorer picture inlined in ``html`` by a file under ``outdir``;
    ``url_for(path)`` turns a site-root-relative path into the URL the page uses."""
    outdir = Path(outdir)

    def replace(match: re.Match) -> str:
        try:
            png = base64.b64decode(match[2], validate=True)
        except binascii.Error as err:
            raise ValueError(f"an explorer picture is not valid base64: {err}") from None
        if not png.startswith(b"\x89PNG\r\n\x1a\n"):
            raise ValueError("an explorer picture inlined as image/png is not a PNG file")
        relative = f"{FRAMES_DIR}/{hashlib.sha256(png).hexdigest()[:32]}.png"
        target = outdir / relative
        if not target.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(png)
        return f"{match[1]}{url_for(relative)}{match[3]}"

    return _INLINE_FRAME.sub(replace, html)


def move_page_frames(app, pagename, templatename, context, doctree) -> None:
    """Sphinx ``html-page-context`` handler: :func:`move_frames_to_files` on the page's body."""
    body = context.get("body")
    if app.builder.format != "html" or not body or "mx-explorer" not in body:
        return
    context["body"] = move_frames_to_files(body, Path(app.outdir), lambda path: context["pathto"](path, 1))
