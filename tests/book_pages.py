"""Which pages the book has: one reading of _toc.yml for every test layer."""

from __future__ import annotations

from pathlib import Path

from metastasis.book.toc import toc_files as _toc_files

ROOT = Path(__file__).resolve().parents[1]


def toc_files(root: Path = ROOT) -> list[str]:
    """Every page in the table of contents, in order, as paths without suffix."""
    return _toc_files(root)


def page_text(page: str, root: Path = ROOT) -> str:
    """A page's MyST source; pages generated from data/ are generated here if not yet on disk."""
    path = root / f"{page}.md"
    if path.exists():
        return path.read_text(encoding="utf-8")
    from metastasis.book import pages

    generated = pages.generated_pages(root / "data")
    if path.parent == root / "book" / "appendix" and path.name in generated:
        return generated[path.name]
    raise FileNotFoundError(f"toc page {page} has no source file")


def notebook_pages(root: Path = ROOT) -> list[str]:
    """The toc pages that are MyST notebooks (executed by the build, downloadable as .ipynb)."""
    return [p for p in toc_files(root) if page_text(p, root).startswith("---\njupytext:")]
