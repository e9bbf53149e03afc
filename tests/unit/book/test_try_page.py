"""The one-page runner reports a failing cell by number, and a clean page as ok."""

from metastasis.book.try_page import main, try_page

HEADER = "---\njupytext:\n  text_representation:\n    extension: .md\n    format_name: myst\nkernelspec:\n  name: python3\n  display_name: Python 3\n  language: python\n---\n\n# Page\n\n"


def test_try_page_names_the_failing_cell_and_runs_in_static_mode(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(HEADER + "```{code-cell} ipython3\nimport os\nprint(os.environ['METASTASIS_STATIC'])\n```\n\n"
                    "```{code-cell} ipython3\n1 / 0\n```\n", encoding="utf-8")
    result = try_page(page)
    assert len(result["errors"]) == 1 and "cell" in result["errors"][0] and "ZeroDivisionError" in result["errors"][0]
    assert result["output_bytes"] > 0
    assert main([str(page)]) == 1
    page.write_text(HEADER + "```{code-cell} ipython3\nx = 1\n```\n", encoding="utf-8")
    assert main([str(page)]) == 0
