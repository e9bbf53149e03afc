"""Citations for places that cannot use Sphinx's {cite} role.

Quizzes and static explorers are HTML written by Python, and the learner notebooks are plain
Jupyter Markdown; they name their sources through this module, which reads the book's
``references.bib``: a short citation (``"Su et al. 2020"``), its parts, or a full reference.
The bibliography's LaTeX (accents, ``$\\alpha$``, ``\\%``, ``--``) becomes plain Unicode text.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from . import data as data_module

__all__ = ["bib_path", "bib_keys", "short_cite", "cite_parts", "reference_text", "latex_to_text"]


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
            m.group(1).lower(): latex_to_text(m.group(2))
            for m in re.finditer(r"(\w+)\s*=\s*[{\"](.*?)[}\"]\s*,?\s*$", body, flags=re.M)
        }
        entries[key] = fields
    return entries


_ACCENTS = {'"': "\u0308", "'": "\u0301", "`": "\u0300", "~": "\u0303", "^": "\u0302", "c": "\u0327", "H": "\u030b"}
_SYMBOLS = {"alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "kappa": "κ", "mu": "μ", "o": "ø", "O": "Ø",
            "ss": "ß", "%": "%", "&": "&", "_": "_", "#": "#"}


def latex_to_text(text: str) -> str:
    """A bibliography field as plain text: ``Caba{\\~n}as`` → Cabañas, ``$\\alpha$v`` → αv."""
    import unicodedata

    out = re.sub(r"\\([\"'`~^]|[cH](?=[\s{]))\s*\{?\s*([A-Za-z])\}?",
                 lambda m: m.group(2) + _ACCENTS[m.group(1)], text)
    out = re.sub(r"\\([%&_#])", r"\1", out)  # a control symbol keeps the space after it
    out = re.sub(r"\\([A-Za-z]+)\s?", lambda m: _SYMBOLS.get(m.group(1), m.group(1)), out)
    out = out.replace("$", "").replace("{", "").replace("}", "").replace("---", "—").replace("--", "–")
    return unicodedata.normalize("NFC", re.sub(r"\s+", " ", out)).strip()


def _entry(key: str) -> dict[str, str]:
    entries = _entries(str(bib_path()))
    if key not in entries:
        raise KeyError(f"{key!r} is not in references.bib")
    return entries[key]


def _authors(fields: dict[str, str]) -> list[str]:
    return [a.strip() for a in fields.get("author", "").split(" and ") if a.strip()]


def _surname(author: str) -> str:
    return author.split(",")[0].strip() if "," in author else author.split()[-1]


def cite_parts(key: str) -> tuple[str, str]:
    """``("Su et al.", "2020")``: the authors and the year of a short citation."""
    fields = _entry(key)
    authors = _authors(fields)
    if not authors:
        return fields.get("title", key), fields.get("year", "n.d.")
    first = _surname(authors[0])
    if len(authors) > 2 or authors[-1].lower() == "others":
        names = f"{first} et al."
    elif len(authors) == 2:
        names = f"{first} & {_surname(authors[1])}"
    else:
        names = first
    return names, fields.get("year", "n.d.")


def reference_text(key: str) -> str:
    """A full reference in Markdown: authors (year). Title. *Journal* volume(number), pages. DOI link."""
    fields = _entry(key)
    authors = [a for a in _authors(fields) if a.lower() != "others"]

    def short(author: str) -> str:
        if "," not in author:
            return author
        last, first = (part.strip() for part in author.split(",", 1))
        initials = "".join(f"{p[0].upper()}." for p in re.split(r"[\s.-]+", first) if p)
        return f"{last} {initials}".strip()

    names = ", ".join(short(a) for a in authors[:6])
    if len(authors) > 6 or len(_authors(fields)) > len(authors):
        names += " et al."
    parts = [f"{names} ({fields.get('year', 'n.d.')}).", f"{fields.get('title', key).rstrip('.')}."]
    journal = fields.get("journal")
    if journal:
        where = f"*{journal}*"
        if fields.get("volume"):
            where += f" {fields['volume']}"
            if fields.get("number"):
                where += f"({fields['number']})"
        if fields.get("pages"):
            where += f", {fields['pages']}"
        parts.append(where + ".")
    if fields.get("doi"):
        parts.append(f"[doi:{fields['doi']}](https://doi.org/{fields['doi']})")
    return " ".join(parts)


def bib_keys() -> set[str]:
    return set(_entries(str(bib_path())))


def short_cite(key: str) -> str:
    """``"Su et al. 2020"`` for a key in references.bib; raises KeyError for an unknown key."""
    names, year = cite_parts(key)
    return f"{names} {year}"
