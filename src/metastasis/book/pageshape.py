"""The page-shape lint: every chapter page has the template's sections and parts.

A chapter page is any ``book/<part>/*.md`` except the part's ``index.md`` landing page. Run it as
``python -m metastasis.book.pageshape [book]``; it prints one line per problem, naming the page and
what is missing, and exits 1 if there is any.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

__all__ = ["REQUIRED_SECTIONS", "PARTS", "chapter_pages", "check_page", "check_book", "main"]

PARTS = ("integrins", "cascade", "microenvironment", "interventions")

#: The template's level-2 sections, in order.
REQUIRED_SECTIONS = (
    "Learning objectives",
    "Prerequisites",
    "Explore",
    "Check your understanding",
    "Exercises",
    "Key takeaways",
    "What's next",
    "References",
)

_H2 = re.compile(r"^##\s+(.+?)\s*$", re.M)
_FENCE = re.compile(r"^(`{3,}|~{3,}|:{3,})", re.M)


def chapter_pages(book: Path) -> list[Path]:
    book = Path(book)
    if not book.is_dir():
        raise FileNotFoundError(f"no book folder at {book}")
    return sorted(p for part in PARTS for p in (book / part).glob("*.md") if p.name != "index.md")


def _headings(text: str) -> list[str]:
    """Level-2 headings outside code fences."""
    found, fence = [], None
    for line in text.splitlines():
        m = _FENCE.match(line)
        if m:
            marker = m.group(1)[0] * 3
            if fence is None:
                fence = marker
            elif line.strip().startswith(fence) and line.strip().strip(fence[0]) == "":
                fence = None
            continue
        if fence is None:
            h = _H2.match(line)
            if h:
                found.append(h.group(1))
    return found


def _section(text: str, title: str) -> str:
    pattern = re.compile(rf"^##\s+{re.escape(title)}\s*$(.*?)(?=^##\s|\Z)", re.M | re.S)
    m = pattern.search(text)
    return m.group(1) if m else ""


def check_page(path: Path) -> list[str]:
    """Every problem with one page, each message naming the page."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    name = str(path)
    problems: list[str] = []
    if not text.startswith("---\njupytext:"):
        problems.append(f"{name}: missing the jupytext header (a chapter page is a MyST notebook)")
    if not re.search(r"^#\s+\S", text, re.M):
        problems.append(f"{name}: missing a level-1 title")
    headings = _headings(text)
    missing = [s for s in REQUIRED_SECTIONS if s not in headings]
    for section in missing:
        problems.append(f"{name}: missing section '## {section}'")
    present = [h for h in headings if h in REQUIRED_SECTIONS]
    expected_order = [s for s in REQUIRED_SECTIONS if s in present]
    if present != expected_order:
        problems.append(f"{name}: sections out of order: {present} (expected {expected_order})")
    if not missing:
        narrative = headings[headings.index("Prerequisites") + 1 : headings.index("Explore")]
        if not narrative:
            problems.append(f"{name}: no narrative section between '## Prerequisites' and '## Explore'")
        objectives = re.findall(r"^\s*\d+\.\s", _section(text, "Learning objectives"), re.M)
        if not 3 <= len(objectives) <= 6:
            problems.append(f"{name}: 'Learning objectives' should list 3 to 5 numbered objectives, found {len(objectives)}")
        if not re.search(r"\*\*Time:\*\*|\btime\b", _section(text, "Prerequisites"), re.I):
            problems.append(f"{name}: 'Prerequisites' does not say how long the page takes")
        if ".show()" not in _section(text, "Explore"):
            problems.append(f"{name}: 'Explore' does not show an explorer (call <explorer>.show())")
        if "show_quiz(" not in _section(text, "Check your understanding"):
            problems.append(f"{name}: 'Check your understanding' does not show a quiz (show_quiz(...))")
        exercises = _section(text, "Exercises")
        n_ex = len(re.findall(r"\{exercise\}", exercises))
        n_sol = len(re.findall(r"\{solution(?:-start)?\}", exercises))
        if n_ex < 3:
            problems.append(f"{name}: 'Exercises' has {n_ex} exercises, the template asks for at least 3")
        if n_sol < n_ex:
            problems.append(f"{name}: {n_ex - n_sol} exercise(s) have no solution")
        if not re.search(r"check_\w+\(", exercises):
            problems.append(f"{name}: no code exercise with a check (call a metastasis.checks function)")
        if "{footbibliography}" not in _section(text, "References"):
            problems.append(f"{name}: 'References' has no {{footbibliography}}")
    if re.search(r"\.style\.(format|background_gradient|highlight)|\.style\b\s*$", text, re.M):
        problems.append(f"{name}: uses pandas' Styler (.style), which needs jinja2, absent from the learner "
                        "environment; format with metastasis.table_view.format_columns")
    if not re.search(r"\{footcite:[pt]\}`", text):
        problems.append(f"{name}: cites nothing (use {{footcite:p}})")
    if "{term}`" not in text:
        problems.append(f"{name}: links no glossary term (use {{term}})")
    alts = re.findall(r"^\s+alt:\s*\S", text, re.M)
    if len(alts) < 2:
        problems.append(f"{name}: has {len(alts)} figure(s) with alt text; the template asks for at least 2")
    return problems


def check_book(book: Path) -> list[str]:
    pages = chapter_pages(book)
    if not pages:
        return [f"{book}: no chapter pages found under {', '.join(PARTS)}"]
    return [problem for page in pages for problem in check_page(page)]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    book = Path(args[0]) if args else Path("book")
    problems = check_book(book)
    for problem in problems:
        print(problem)
    if not problems:
        print(f"page shape: {len(chapter_pages(book))} chapter page(s) OK")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
