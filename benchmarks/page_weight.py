"""Page weight: each page's HTML plus the files it loads that are its own."""

from __future__ import annotations

import html.parser
import posixpath
import statistics
from pathlib import Path
from urllib.parse import unquote, urlsplit

from common import KB, BenchError

_LOADING = {  # tag -> attributes whose URL the browser fetches to show the page
    "img": ("src", "srcset"), "source": ("src", "srcset"), "video": ("src", "poster"), "audio": ("src",),
    "track": ("src",), "embed": ("src",), "object": ("data",), "iframe": ("src",), "script": ("src",),
    "input": ("src",),
}
_LINK_RELS = {"stylesheet", "icon", "shortcut", "preload", "modulepreload", "manifest", "apple-touch-icon"}


class _Refs(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.loads: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in _LOADING.get(tag, ()):
            value = attrs.get(name)
            if not value:
                continue
            if name == "srcset":
                self.loads.extend(part.strip().split()[0] for part in value.split(",") if part.strip())
            else:
                self.loads.append(value)
        if tag == "link" and attrs.get("href"):
            rels = set((attrs.get("rel") or "").lower().split())
            (self.loads if rels & _LINK_RELS else self.links).append(attrs["href"])
        elif tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])


def _resolve(url: str, page_file: Path, site: Path) -> str | None:
    """A local file the URL points to, relative to the site root (posix), or None."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    target = posixpath.normpath(posixpath.join(page_file.parent.relative_to(site).as_posix(), unquote(parts.path)))
    if target.startswith("../") or target == "..":
        return None
    return target if (site / target).is_file() else None


def page_weights(site: Path, pages: list[str]) -> dict:
    """Per page: its HTML plus the files it loads that are its own (not under _static/ and not
    loaded by every page). Downloads it links (.ipynb, .md, data files) are reported apart."""
    loads: dict[str, set[str]] = {}
    downloads: dict[str, set[str]] = {}
    for page in pages:
        html_file = site / f"{page}.html"
        if not html_file.is_file():
            raise BenchError(f"page {page} has no HTML in {site}")
        parser = _Refs()
        parser.feed(html_file.read_text(encoding="utf-8", errors="replace"))
        loads[page] = {t for t in (_resolve(u, html_file, site) for u in parser.loads) if t}
        downloads[page] = {t for t in (_resolve(u, html_file, site) for u in parser.links)
                           if t and not t.endswith(".html")}
    shared = set.intersection(*loads.values()) if len(loads) > 1 else set()
    per_page = {}
    for page in pages:
        own = sorted(t for t in loads[page] if not t.startswith("_static/") and t not in shared)
        html_bytes = (site / f"{page}.html").stat().st_size
        own_bytes = sum((site / t).stat().st_size for t in own)
        dl = sorted(t for t in downloads[page] if not t.startswith("_static/"))
        per_page[page] = {
            "total_kb": round((html_bytes + own_bytes) / KB, 1),
            "html_kb": round(html_bytes / KB, 1),
            "own_assets_kb": round(own_bytes / KB, 1),
            "own_assets": own,
            "linked_downloads_kb": round(sum((site / t).stat().st_size for t in dl) / KB, 1),
        }
    totals = {p: v["total_kb"] for p, v in per_page.items()}
    largest = max(totals, key=totals.get)
    return {
        "median_kb": round(statistics.median(totals.values()), 1),
        "max_kb": totals[largest],
        "max_page": largest,
        "per_page": per_page,
        "shared_by_every_page_outside_static": sorted(t for t in shared if not t.startswith("_static/")),
    }
