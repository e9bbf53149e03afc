"""Short citations ("Su et al. 2020") for places that cannot use Sphinx's {cite} role.

Quizzes and static explorers are HTML written by Python; they name their sources through this
module, which reads the book's ``references.bib``.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from . import data as data_module

__all__ = ["bib_path", "bib_keys", "short_cite"]


def bib_path() -> Path:
    here = data_module.data_dir()
    for candidate in (here.parent / "references.bib", here / "references.bib"):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"references.bib not found next to {here}")


@functools.lru_cache(maxsize=4)
def _entries(path: str) -> dict[str, dict[str, str]]:
    text = Path(path).read_text(encoding="utf-8")
    entries: dict[str, dict[str, str]] = {}
    for match in re.finditer(r"@\w+\s*\{\s*([^,\s]+)\s*,(.*?)\n\}", text, flags=re.S):
        key, body = match.group(1), match.group(2)
        fields = {
            m.group(1).lower(): re.sub(r"[{}]", "", m.group(2)).strip()
            for m in re.finditer(r"(\w+)\s*=\s*[{\"](.*?)[}\"]\s*,?\s*$", body, flags=re.M)
        }
        entries[key] = fields
    return entries


def bib_keys() -> set[str]:
    return set(_entries(str(bib_path())))


def short_cite(key: str) -> str:
    """``"Su et al. 2020"`` for a key in references.bib; raises KeyError for an unknown key."""
    entries = _entries(str(bib_path()))
    if key not in entries:
        raise KeyError(f"{key!r} is not in references.bib")
    fields = entries[key]
    authors = [a.strip() for a in fields.get("author", "").split(" and ") if a.strip()]
    first = authors[0].split(",")[0].strip() if authors else fields.get("title", key)
    if not authors or "," not in authors[0]:
        first = authors[0].split()[-1] if authors else first
    suffix = " et al." if len(authors) > 2 else (f" & {authors[1].split(',')[0].strip()}" if len(authors) == 2 else "")
    return f"{first}{suffix} {fields.get('year', 'n.d.')}"
