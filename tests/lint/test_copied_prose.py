"""The book's prose is its own: no 12-word run shared with the source reviews.

Runs the workplace's checker (../shared/tools/check_copied_prose.py) over book/ and over the
pages generated from data/ (the glossary, data-quality and datasets pages), written to a
temporary folder so that they are checked even before a build.
"""

import subprocess
import sys
from pathlib import Path

import pytest

from metastasis.book import pages

ROOT = Path(__file__).resolve().parents[2]
CHECKER = ROOT.parent / "shared" / "tools" / "check_copied_prose.py"


@pytest.fixture(scope="module")
def checker():
    if not CHECKER.exists():
        pytest.skip(f"prose checker not found at {CHECKER} (it lives in the workplace's shared/ folder)")
    return CHECKER


def run(checker, *paths):
    return subprocess.run([sys.executable, str(checker), *map(str, paths)], capture_output=True, text=True, timeout=300)


def test_book_sources_repeat_no_review_prose(checker):
    generated = {p.name for p in (ROOT / "book" / "appendix").glob("*.md")} & set(pages.generated_pages())
    sources = [p for p in (ROOT / "book").rglob("*.md") if not (p.parent.name == "appendix" and p.name in generated)]
    proc = run(checker, *sources)
    assert proc.returncode == 0, proc.stdout[-4000:]


def test_generated_pages_repeat_no_review_prose(checker, tmp_path):
    for name, text in pages.generated_pages().items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    proc = run(checker, tmp_path)
    assert proc.returncode == 0, proc.stdout[-4000:]
