"""The full build: every page executed, zero warnings, nothing raised."""

import re

from book_pages import notebook_pages


def test_build_succeeds_without_warnings(built_site):
    problems = built_site.problems()
    assert built_site.returncode == 0 and not problems, (
        f"jupyter-book build exited {built_site.returncode} with {len(problems)} warning/error line(s):\n"
        + "\n".join(problems[:40])
    )


def test_every_notebook_page_was_executed(built_site, root):
    """Each MyST notebook page left an executed notebook with outputs behind it."""
    pages = notebook_pages(root)
    assert pages, "no notebook pages found"
    executed = root / "_build" / "jupyter_execute"
    for page in pages:
        rel = f"{page}.ipynb"
        nb = executed / rel
        assert nb.exists(), f"{page} was not executed (no {nb.relative_to(root)})"
        text = nb.read_text(encoding="utf-8")
        assert '"outputs": [\n' in text or re.search(r'"output_type"', text), f"{rel} has no outputs"
