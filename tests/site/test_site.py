"""Checks on the built website: pages, outputs, images, links and notebook downloads."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

from book_pages import notebook_pages, toc_files


@lru_cache(maxsize=None)
def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def content_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.parts and "_sources" not in p.parts)


def test_every_toc_page_is_built(built_site, root):
    missing = [f for f in toc_files(root) if not (built_site.site / f"{f}.html").exists()]
    assert not missing, f"toc pages with no HTML: {missing}"
    assert len(toc_files(root)) >= 10


def test_no_error_or_traceback_in_any_output(built_site):
    bad = []
    for page in content_pages(built_site.site):
        doc = soup(page)
        for out in doc.select("div.cell_output, div.output"):
            classes = " ".join(out.get("class", []))
            text = out.get_text(" ", strip=True)
            if "traceback" in classes or "stderr" in classes or re.search(r"Traceback \(most recent call last\)|\b\w+Error:|\bWarning:", text):
                bad.append(f"{page.relative_to(built_site.site)}: {text[:160]}")
    assert not bad, "error output in the built site:\n" + "\n".join(bad)


def test_every_image_has_alt_text(built_site):
    bad = []
    for page in content_pages(built_site.site):
        for img in soup(page).select("article img, main img"):
            alt = (img.get("alt") or "").strip()
            src = str(img.get("src") or "")
            if "mx-base" in img.get("class", []):  # decorative: the overlay above it carries the view's alt
                if alt or not img.find_next_sibling("img", class_="mx-frame"):
                    bad.append(f"{page.relative_to(built_site.site)}: an explorer's base picture must have "
                               f"alt=\"\" and overlays after it (alt={alt[:40]!r})")
                continue
            # docutils falls back to the file name when a figure has no alt text: that is no description
            if not alt or alt == src or re.search(r"\.(png|jpe?g|svg|gif)$", alt, re.I):
                bad.append(f"{page.relative_to(built_site.site)}: <img src={src[:60]!r}> has no alt text (alt={alt[:40]!r})")
    assert not bad, "\n".join(bad)


def test_explorer_pictures_are_files_of_the_site(built_site):
    """The build moves every static explorer's base and overlays out of the page into _images/frames/."""
    site = built_site.site
    bad, seen = [], 0
    for page in content_pages(site):
        for img in soup(page).select("figure.mx-explorer img"):
            seen += 1
            src = str(img.get("src") or "")
            target = (page.parent / unquote(urlsplit(src).path)).resolve()
            if src.startswith("data:") or "/_images/frames/" not in f"/{target.relative_to(site.resolve()).as_posix()}":
                bad.append(f"{page.relative_to(site)}: {src[:60]!r} is not a file in _images/frames/")
            elif not target.is_file() or not target.read_bytes().startswith(b"\x89PNG"):
                bad.append(f"{page.relative_to(site)}: {src} is missing or not a PNG")
    assert seen >= 100, f"only {seen} explorer pictures in the whole site"
    assert not bad, "\n".join(bad[:30])


def test_no_broken_internal_link(built_site):
    site = built_site.site
    broken = []
    anchors: dict[Path, set] = {}  # each target page's ids, parsed once (the glossary is linked thousands of times)

    def ids_of(target: Path) -> set:
        if target not in anchors:
            page_soup = soup(target)
            anchors[target] = {el.get("id") for el in page_soup.select("[id]")} | {el.get("name") for el in page_soup.select("a[name]")}
        return anchors[target]

    for page in content_pages(site):
        for a in soup(page).select("a[href]"):
            href = a["href"]
            parts = urlsplit(href)
            if parts.scheme or href.startswith(("mailto:", "javascript:", "//")):
                continue
            target = page if not parts.path else (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(site)} → {href} (no file)")
                continue
            if parts.fragment and target.suffix == ".html":
                if unquote(parts.fragment) not in ids_of(target):
                    broken.append(f"{page.relative_to(site)} → {href} (no anchor)")
    assert not broken, f"{len(broken)} broken internal link(s):\n" + "\n".join(broken[:50])


def test_every_notebook_page_offers_a_real_ipynb(built_site, root):
    pages = notebook_pages(root)
    assert pages, "no notebook pages in the toc"
    for page in pages:
        html = built_site.site / f"{page}.html"
        links = [a["href"] for a in soup(html).select("a[href]") if a["href"].endswith(".ipynb")]
        assert links, f"{page}: no .ipynb download link"
        target = (html.parent / links[0]).resolve()
        assert target.exists(), f"{page}: download link {links[0]} points at nothing"
        nb = json.loads(target.read_text(encoding="utf-8"))
        assert nb.get("nbformat") == 4 and any(c["cell_type"] == "code" for c in nb["cells"]), f"{page}: not a notebook"


def test_pages_load_nothing_from_a_cdn(built_site):
    """Scripts and styles that load automatically come from the site itself."""
    bad = []
    for page in content_pages(built_site.site):
        for tag in soup(page).select("script[src], link[rel=stylesheet][href], img[src], iframe[src]"):
            url = tag.get("src") or tag.get("href")
            if urlsplit(url).scheme in ("http", "https") or url.startswith("//"):
                bad.append(f"{page.relative_to(built_site.site)}: {url}")
    assert not bad, "third-party resources loaded automatically:\n" + "\n".join(sorted(set(bad))[:30])


def test_notebook_pages_have_binder_and_jupyterhub_launch_buttons(built_site, root):
    import yaml

    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    repo = config["repository"]["url"].rstrip("/").split("github.com/")[1]
    hub = config["launch_buttons"]["jupyterhub_url"].rstrip("/")
    for page in notebook_pages(root):
        hrefs = [a["href"] for a in soup(built_site.site / f"{page}.html").select("a[href]")]
        binder = [h for h in hrefs if h.startswith(f"https://mybinder.org/v2/gh/{repo}/")]
        hub_links = [h for h in hrefs if h.startswith(f"{hub}/hub/user-redirect/git-pull?repo=")]
        assert binder and binder[0].endswith(f"{page}.md"), f"{page}: no Binder launch link to its source"
        assert hub_links and f"{page}.md" in hub_links[0], f"{page}: no nbgitpuller JupyterHub link"


def test_notebook_downloads_are_learner_notebooks_with_no_inert_output(built_site, root):
    """Each download is rewritten for a learner (metastasis.book.notebook): no static explorer or
    quiz output (inert without the site's scripts), no script, no raw MyST role, and the page's
    solutions after its last code cell (tests/notebook_client checks the same in JupyterLab)."""
    bad = []
    for page in notebook_pages(root):
        nb = json.loads((built_site.site / "_sources" / f"{page}.ipynb").read_text(encoding="utf-8"))
        if not (nb["metadata"].get("metastasis") or {}).get("learner_notebook"):
            bad.append(f"{page}: not a learner notebook")
            continue
        for i, cell in enumerate(nb["cells"]):
            source = "".join(cell["source"])
            if cell["cell_type"] == "markdown" and re.search(r"\{[A-Za-z][\w:.+-]*\}`", source):
                bad.append(f"{page}: cell {i} holds a raw MyST role")
            for output in cell.get("outputs", []):
                html = "".join(output.get("data", {}).get("text/html", ""))
                if re.search(r'class="mx-(explorer|quiz)"|<script', html):
                    bad.append(f"{page}: cell {i} carries an inert static output")
        kinds = [(c["cell_type"], "".join(c["source"])) for c in nb["cells"]]
        solutions = [i for i, (kind, s) in enumerate(kinds) if kind == "markdown" and s.startswith("### Solution")]
        code = [i for i, (kind, _) in enumerate(kinds) if kind == "code"]
        if solutions and code and min(solutions) < max(code):
            bad.append(f"{page}: a solution comes before a code cell")
    assert not bad, "\n".join(bad)
