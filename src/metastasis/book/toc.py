"""The book's table of contents (``_toc.yml``), read once for every tool: tests, benchmarks."""

from __future__ import annotations

from pathlib import Path

__all__ = ["toc_files"]


def toc_files(root: Path) -> list[str]:
    """Every page of a Jupyter Book's ``_toc.yml``, in order, as paths without suffix."""
    import yaml

    path = Path(root) / "_toc.yml"
    try:
        toc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FileNotFoundError(f"no table of contents at {path}") from None
    if not isinstance(toc, dict) or "root" not in toc:
        raise ValueError(f"{path}: not a Jupyter Book table of contents (no 'root' entry)")
    pages = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                pages.append(entry["file"])
            walk(entry.get("sections"))
            walk(entry.get("chapters"))

    walk(toc.get("parts"))
    walk(toc.get("chapters"))
    walk(toc.get("sections"))
    return [str(Path(p).with_suffix("")) if p.endswith((".md", ".ipynb")) else p for p in pages]
