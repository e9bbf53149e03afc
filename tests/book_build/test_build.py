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
    """Each MyST notebook page was executed (freshly or from the execution cache): its HTML holds cell outputs."""
    pages = notebook_pages(root)
    assert pages, "no notebook pages found"
    for page in pages:
        html = (built_site.site / f"{page}.html").read_text(encoding="utf-8")
        code_cells = len(re.findall(r'class="cell(?: tag_[\w-]+)* docutils container"', html))
        outputs = html.count('class="cell_output docutils container"')
        assert code_cells, f"{page}: no code cells in the built page"
        assert outputs, f"{page}: no cell produced output (was it executed?)"
