"""Which pages the book has: one reading of _toc.yml for every test layer."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def toc_files(root: Path = ROOT) -> list[str]:
    """Every page in the table of contents, in order, as paths without suffix."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections"))
            walk(entry.get("chapters"))

    walk(toc.get("parts"))
    walk(toc.get("chapters"))
    return files


def page_text(page: str, root: Path = ROOT) -> str:
    """A page's MyST source; pages generated from data/ are generated here if not yet on disk."""
    path = root / f"{page}.md"
    if path.exists():
        return path.read_text(encoding="utf-8")
    from metastasis import pages

    generated = pages.generated_pages(root / "data")
    if path.parent == root / "book" / "appendix" and path.name in generated:
        return generated[path.name]
    raise FileNotFoundError(f"toc page {page} has no source file")


def notebook_pages(root: Path = ROOT) -> list[str]:
    """The toc pages that are MyST notebooks (executed by the build, downloadable as .ipynb)."""
    return [p for p in toc_files(root) if page_text(p, root).startswith("---\njupytext:")]
