"""Static explorers' pictures moved out of the page into image files (metastasis.book.frame_files)."""

import base64
import hashlib
import io

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from metastasis.book.frame_files import FRAMES_DIR, move_frames_to_files


def png(colour) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 3), colour).save(out, format="PNG")
    return out.getvalue()


def uri(data: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(data).decode()


def page(*pictures, other=None) -> str:
    base, *frames = pictures
    imgs = [f'<img class="mx-base" src="{uri(base)}" alt="" width="4" height="3">']
    imgs += [f'<img class="mx-frame" data-index="{i}" src="{uri(p)}" alt="view {i}" width="4" height="3">'
             for i, p in enumerate(frames)]
    extra = f'<img src="{uri(other)}" alt="a figure">' if other else ""
    return f'<figure class="mx-explorer"><div class="mx-frames">{"".join(imgs)}</div></figure>{extra}'


def test_pictures_become_files_named_by_content_and_the_page_links_them(tmp_path):
    red, blue = png("red"), png("blue")
    html = move_frames_to_files(page(red, blue, red), tmp_path, lambda path: "../../" + path)
    doc = BeautifulSoup(html, "html.parser")
    srcs = [img["src"] for img in doc.select("img.mx-base, img.mx-frame")]
    assert all(s.startswith(f"../../{FRAMES_DIR}/") and s.endswith(".png") for s in srcs)
    assert srcs[0] == srcs[2] != srcs[1], "the same picture is one file"
    files = sorted((tmp_path / FRAMES_DIR).iterdir())
    assert len(files) == 2
    for src in srcs:
        data = (tmp_path / src.removeprefix("../../")).read_bytes()
        assert src.endswith(hashlib.sha256(data).hexdigest()[:32] + ".png")
    assert (tmp_path / srcs[1].removeprefix("../../")).read_bytes() == blue
    assert [img["alt"] for img in doc.select("img.mx-frame")] == ["view 0", "view 1"]


def test_other_inline_images_are_left_alone(tmp_path):
    other = png("green")
    html = move_frames_to_files(page(png("red"), png("blue"), other=other), tmp_path, lambda p: p)
    assert uri(other) in html and html.count("data:image/png") == 1


def test_a_second_build_reuses_the_files(tmp_path):
    red = png("red")
    move_frames_to_files(page(red, red), tmp_path, lambda p: p)
    (path,) = (tmp_path / FRAMES_DIR).iterdir()
    before = path.stat().st_mtime_ns
    move_frames_to_files(page(red, red), tmp_path, lambda p: p)
    assert path.stat().st_mtime_ns == before, "an unchanged picture is not written again"


def test_a_picture_that_is_not_a_png_is_refused(tmp_path):
    jpeg = io.BytesIO()
    Image.new("RGB", (4, 3), "red").save(jpeg, format="JPEG")
    with pytest.raises(ValueError, match="not a PNG file"):
        move_frames_to_files(page(jpeg.getvalue(), png("red")), tmp_path, lambda p: p)
    broken = page(png("red"), png("red")).replace('src="data:image/png;base64,', 'src="data:image/png;base64,A', 1)
    with pytest.raises(ValueError, match="not valid base64"):
        move_frames_to_files(broken, tmp_path, lambda p: p)
