"""Learner notebooks (metastasis.book.notebook): plain Markdown, solutions apart, no inert output."""

from __future__ import annotations

import re
from pathlib import Path

import jupytext
import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from metastasis.book import notebook as nbmod
from metastasis.book.notebook import BookContext, convert_downloads, convert_markdown, learner_notebook

ROOT = Path(__file__).resolve().parents[3]

#: MyST that must not survive into a learner notebook's Markdown (the notebook-client layer
#: checks the same in JupyterLab).
RAW_MYST = {
    "role": re.compile(r"\{[A-Za-z][\w:.+-]*\}`"),
    "directive": re.compile(r"^\s*(`{3,}|~{3,}|:{3,})\s*\{[A-Za-z][\w:.-]*\}", re.M),
    "label": re.compile(r"^\s*\([^()\s]+\)=\s*$", re.M),
    "option": re.compile(r"^\s*:(label|class|name|nonumber):", re.M),
}


@pytest.fixture(scope="module")
def context():
    return BookContext.from_root(ROOT)


def raw_myst(text: str) -> list[str]:
    return [f"{kind}: {m.group(0)!r}" for kind, pattern in RAW_MYST.items() for m in pattern.finditer(text)]


def folded(cell) -> bool:
    return bool((cell.metadata.get("jupyter") or {}).get("source_hidden"))


def solutions_apart(out) -> list:
    """The solution cells; they come after the Solutions heading, itself after every code cell."""
    heading = next(i for i, c in enumerate(out.cells) if c.source.startswith(nbmod.SOLUTIONS_HEADING + "\n"))
    last_code = max((i for i, c in enumerate(out.cells) if c.cell_type == "code"), default=-1)
    assert heading > last_code, "the Solutions section comes before a code cell"
    found = [c for c in out.cells if c.source.startswith("### Solution")]
    assert all(out.cells.index(c) > heading for c in found)
    return found


# -- roles and labels ------------------------------------------------------------------------------
def test_a_glossary_term_becomes_an_abbreviation_with_its_definition(context):
    text = convert_markdown("The {term}`ECM` and the {term}`matrix <ECM>` hold cells.", "book/integrins/structure", context)
    assert "{term}" not in text
    assert re.search(r'<abbr title="[^"]*extracellular matrix[^"]*">ECM</abbr>', text, re.I), text
    assert re.search(r'<abbr title="[^"]+">matrix</abbr>', text)


def test_an_unknown_term_keeps_its_text():
    assert convert_markdown("a {term}`nothing-like-it`.") == "a nothing-like-it."


def test_citations_become_author_year_and_the_reference_list_is_written(context):
    nb = new_notebook(cells=[
        new_markdown_cell("As shown {footcite:p}`su2020integrins,liu2021metastasis`, and by {footcite:t}`li2018integrin`."),
        new_markdown_cell("## References\n\n```{footbibliography}\n```"),
    ])
    out = learner_notebook(nb, "book/integrins/structure", context)
    text = "\n".join(c.source for c in out.cells)
    assert "As shown (Su et al. 2020; Liu et al. 2021), and by Li & Springer (2018)." in text
    refs = next(c.source for c in out.cells if c.source.startswith("## References"))
    assert "Su C.Y., Li J.Q." in refs and "*Frontiers in Pharmacology* 11, 579068" in refs
    assert "(https://doi.org/10.3389/fphar.2020.579068)" in refs
    assert refs.index("Li J., Springer") < refs.index("Liu M.") < refs.index("Su C.Y.")  # by author
    assert not raw_myst(text)


def test_cross_references_become_their_text_and_labels_vanish(context):
    text = convert_markdown(
        "(integrins-clinic)=\n# Title\n\nSee {doc}`structure`, {doc}`the next part <../cascade/index>`,\n"
        "({ref}`INT-09 <erratum-int-09>`) and {ref}`integrins-structure`.\n% a MyST comment\n",
        "book/integrins/clinic", context)
    assert "(integrins-clinic)=" not in text and "MyST comment" not in text
    assert "See Integrins: structure, families and ligands, the next part," in text
    assert "(INT-09) and Integrins: structure, families and ligands." in text


def test_inline_code_and_code_blocks_are_left_alone():
    source = "Use `df[df.x == 1]` and `{term}` literally:\n\n```python\nx = {'a': 1}  # {term}`ECM`\n```"
    text = convert_markdown(source)
    assert "`df[df.x == 1]`" in text and "```python\nx = {'a': 1}  # {term}`ECM`\n```" in text


def test_math_roles_and_equation_labels():
    assert convert_markdown("{math}`K_d` and\n\n$$x = 1$$ (eq-one)") == "$K_d$ and\n\n$$x = 1$$"


# -- directives ------------------------------------------------------------------------------------
def test_exercises_keep_their_titles_and_numbers_and_solutions_move_to_the_end():
    nb = new_notebook(cells=[
        new_markdown_cell("````{exercise} Time above the IC50\n:label: ex-a\n\nCompute $K_d$.\n````"),
        new_code_cell("answer = ...\ncheck_close('answer', answer, 1.0)"),
        new_markdown_cell("````{solution} ex-a\n:class: dropdown\n\nIt is $\\log_2 200$.\n````\n\n"
                          "````{exercise} Second\n:label: ex-b\nMore.\n````"),
    ])
    out = learner_notebook(nb, "page")
    sources = [c.source for c in out.cells]
    assert any(s.startswith("### Exercise 1 (Time above the IC50)\n\nCompute $K_d$.") for s in sources), sources
    [solution] = solutions_apart(out)
    assert solution.source.splitlines()[0] == "### Solution to Exercise 1 (Time above the IC50)"
    assert "It is $\\log_2 200$." in solution.source
    assert any("*The solution to Exercise 1 is in the last section of this notebook, Solutions.*" in s for s in sources)
    assert any("\n\n### Exercise 2 (Second)" in s for s in sources)
    assert not raw_myst("\n".join(sources))


def test_a_gated_solution_with_code_becomes_one_text_cell_at_the_end_that_run_all_skips():
    nb = new_notebook(cells=[
        new_markdown_cell("````{exercise} Count\n:label: ex-count\nCount them.\n````"),
        new_code_cell("n = ...\ncheck_value('n', n, 24)"),
        new_markdown_cell("````{solution-start} ex-count\n:class: dropdown\n````\n\nThere are 24."),
        new_code_cell("n = 24\nassert check_value('n', n, 24)", outputs=[new_output("stream", name="stdout", text="✔ n: 24 is right.\n")]),
        new_markdown_cell("````{solution-end}\n````\n\nAfter the solution."),
    ])
    out = learner_notebook(nb, "page")
    code = [c.source for c in out.cells if c.cell_type == "code"]
    assert code == ["n = ...\ncheck_value('n', n, 24)"], "a solution's code stayed a code cell: Run All would run it"
    [solution] = solutions_apart(out)
    assert solution.source.startswith("### Solution to Exercise 1 (Count)") and solution.cell_type == "markdown"
    assert "There are 24." in solution.source and "```python\nn = 24\nassert check_value('n', n, 24)\n```" in solution.source
    assert "Run All never runs it" in solution.source
    assert "✔" not in solution.source
    assert any(c.source.endswith("Solutions.*\n\nAfter the solution.") for c in out.cells)


def test_admonitions_and_dropdowns_quote():
    text = convert_markdown("```{warning}\n**Careful.** Text\nmore.\n```")
    assert text == "> **Warning.** **Careful.** Text\n> more."
    assert convert_markdown(":::{dropdown} Details\nShown.\n:::") == "> **Details.** Shown."


def test_an_unknown_directive_keeps_its_title_and_text():
    assert convert_markdown("::::{card} A card\n:link: x\nIts text with {term}`nothing`.\n::::") == "**A card**\n\nIts text with nothing."


# -- code cells and outputs ------------------------------------------------------------------------
def test_plumbing_folds_and_inert_outputs_give_way_to_a_note():
    explorer = new_output("display_data", data={"text/html": '<figure class="mx-explorer" id="x"><img src="data:..."></figure>',
                                                "text/plain": "<IPython.core.display.HTML object>"})
    quiz = new_output("display_data", data={"text/html": '<div class="mx-quiz" id="q"></div>', "text/plain": "..."})
    figure = new_output("display_data", data={"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"})
    table = new_output("execute_result", data={"text/html": "<table></table>", "text/plain": "t"}, execution_count=3)
    nb = new_notebook(cells=[
        new_code_cell("import x", metadata={"tags": ["hide-input"]}, execution_count=1),
        new_code_cell("explorers.get('a').show()", metadata={"tags": ["hide-input"]}, outputs=[explorer]),
        new_code_cell("show_quiz('b');", metadata={"tags": ["remove-input"]}, outputs=[quiz]),
        new_code_cell("plot()", outputs=[figure, table],
                      metadata={"mystnb": {"figure": {"caption": "A figure of {term}`ECM` (Su et al.)."}}}),
        new_code_cell("setup()", metadata={"tags": ["remove-cell"]}),
    ])
    out = learner_notebook(nb, "page")
    code = [c for c in out.cells if c.cell_type == "code"]
    assert [folded(c) for c in code] == [True, True, True, False, True]
    assert code[4].metadata["jupyter"]["outputs_hidden"] is True
    assert all(c.execution_count is None for c in code)
    assert [o["data"]["text/markdown"] for o in code[1].outputs] == [f"*{nbmod.NOTES['mx-explorer']}*"]
    assert [o["data"]["text/markdown"] for o in code[2].outputs] == [f"*{nbmod.NOTES['mx-quiz']}*"]
    assert [list(o["data"]) for o in code[3].outputs] == [["image/png", "text/plain"], ["text/html", "text/plain"]]
    assert code[3].outputs[1]["execution_count"] is None
    caption = out.cells[out.cells.index(code[3]) + 1]
    assert caption.cell_type == "markdown" and caption.source == "**Figure.** A figure of ECM (Su et al.)."


def test_the_notebook_is_marked_and_valid_and_the_guide_follows_the_title():
    nb = jupytext.reads("---\njupytext:\n  text_representation:\n    extension: .md\n    format_name: myst\n---\n\n"
                        "# Title\n\nText.\n\n```{code-cell} ipython3\nx = 1\n```\n", fmt="md:myst")
    out = learner_notebook(nb, "book/integrins/x")
    nbformat.validate(out)
    assert out.metadata[nbmod.LEARNER_KEY] == {"learner_notebook": nbmod.LEARNER_VERSION, "page": "book/integrins/x"}
    assert "jupytext" not in out.metadata
    assert out.cells[0].source.startswith("# Title") and out.cells[1].source == nbmod.GUIDE
    assert len({c.id for c in out.cells}) == len(out.cells)


def test_convert_downloads_converts_from_the_executed_notebook_once(tmp_path):
    sources, executed = tmp_path / "html" / "_sources", tmp_path / "jupyter_execute"
    for folder in (sources, executed):
        (folder / "book" / "part").mkdir(parents=True)
    nb = new_notebook(cells=[new_markdown_cell("# T\n\n{term}`nothing`")],
                      metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    for folder in (sources, executed):
        nbformat.write(nb, folder / "book" / "part" / "page.ipynb")
    download = sources / "book" / "part" / "page.ipynb"
    assert convert_downloads(sources, ROOT, executed) == [download]
    first = download.read_text()
    assert "{term}" not in first and '"converter"' in first
    assert convert_downloads(sources, ROOT, executed) == []  # nothing changed: left alone
    assert download.read_text() == first
    # a new execution of the page (another executed notebook) is converted again
    nb.cells.append(new_markdown_cell("More."))
    nbformat.write(nb, executed / "book" / "part" / "page.ipynb")
    assert convert_downloads(sources, ROOT, executed) == [download]
    assert "More." in download.read_text()
    # without an executed notebook, a download converts from itself, once
    nbformat.write(new_notebook(cells=[new_markdown_cell("{term}`ECM`")],
                                metadata={"kernelspec": {"name": "python3", "display_name": "P", "language": "python"}}),
                   sources / "lone.ipynb")
    assert convert_downloads(sources, ROOT, executed) == [sources / "lone.ipynb"]
    assert convert_downloads(sources, ROOT, executed) == []


# -- every page of the book ------------------------------------------------------------------------
@pytest.mark.parametrize("page", sorted(nbmod.notebook_pages(ROOT)))
def test_every_notebook_page_becomes_plain_markdown_with_its_solutions_apart(page, context):
    text = nbmod.notebook_pages(ROOT)[page]
    out = learner_notebook(jupytext.reads(text, fmt="md:myst"), page, context)
    markdown = [c for c in out.cells if c.cell_type == "markdown"]
    problems = [f"cell {i}: {p}" for i, c in enumerate(markdown) for p in raw_myst(c.source)]
    assert not problems, f"{page}: raw MyST left in the learner notebook:\n" + "\n".join(problems[:20])
    in_source = len(re.findall(r"^\s*(`{3,}|:{3,})\{solution(-start)?\}", text, re.M))
    if in_source:
        assert len(solutions_apart(out)) == in_source
    titles = re.findall(r"^\s*(?:`{3,}|:{3,})\{exercise(?:-start)?\}[ \t]*(.+?)\s*$", text, re.M)
    for n, title in enumerate(titles, start=1):
        assert any(re.search(rf"^### Exercise {n} \(", c.source, re.M) for c in markdown), f"{page}: exercise {n} ({title}) lost"
    code = "\n".join(c.source for c in out.cells if c.cell_type == "code")
    assert not re.search(r"^\s*assert check_", code, re.M), f"{page}: a solution's check is a code cell"


# -- citations from references.bib -----------------------------------------------------------------
def test_bibliography_latex_becomes_text():
    from metastasis.references import latex_to_text

    assert latex_to_text(r"Caba{\~n}as and J{\o}rgen and G{\"u}m{\"u}{\c{s}}") == "Cabañas and Jørgen and Gümüş"
    assert latex_to_text(r"$\alpha$v$\beta$3 over 80\% survive, 587--617") == "αvβ3 over 80% survive, 587–617"


# -- bad input -------------------------------------------------------------------------------------
@pytest.mark.parametrize("bad, error, words", [
    (None, TypeError, "nb must be a notebook"),
    ("# a title", TypeError, "got str"),
    ({"cells": "not a list"}, TypeError, "nb must be a notebook"),
])
def test_learner_notebook_refuses_what_is_not_a_notebook(bad, error, words):
    with pytest.raises(error, match=words):
        learner_notebook(bad, "book/integrins/x")


def test_learner_notebook_accepts_a_plain_dict_notebook_and_checks_its_other_arguments():
    plain = {"cells": [{"cell_type": "markdown", "source": "{term}`nothing`", "metadata": {}}],
             "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    assert "{term}" not in "".join(c.source for c in learner_notebook(plain, "page").cells)
    with pytest.raises(ValueError, match="nbformat 3 notebook"):
        learner_notebook({**plain, "nbformat": 3}, "page")
    with pytest.raises(TypeError, match="docname must be the page's path"):
        learner_notebook(new_notebook(), "")
    with pytest.raises(TypeError, match="context must be a BookContext"):
        learner_notebook(new_notebook(), "page", context=ROOT)
    with pytest.raises(TypeError, match="text must be a str"):
        convert_markdown(b"bytes")


def test_broken_exercise_markup_is_named_with_its_page_and_cell():
    exercise = new_markdown_cell("````{exercise} A\n:label: ex-a\nDo it.\n````")
    start = lambda: new_markdown_cell("````{solution-start} ex-a\n````")  # noqa: E731 (a new cell, a new id)
    cases = [
        ([exercise, new_markdown_cell("````{solution} ex-typo\nIt.\n````")],
         r"book/part/page, cell 1: a solution names the exercise 'ex-typo', but no exercise before it has that "
         r":label: \(exercises so far: ex-a\)"),
        ([exercise, new_markdown_cell("````{solution-end}\n````")],
         r"book/part/page, cell 1: a \{solution-end\} with no \{solution-start\} before it"),
        ([exercise, start(), new_code_cell("x = 1")],
         r"book/part/page: the \{solution-start\} of 'Solution to Exercise 1 \(A\)' has no \{solution-end\}"),
        ([exercise, start(), start()],
         r"book/part/page, cell 2: a \{solution-start\} comes before the \{solution-end\} of 'Solution to Exercise 1 \(A\)'"),
        ([new_markdown_cell("````{exercise} A\nDo it.")],
         r"book/part/page, cell 0: the directive ````\{exercise\} A \(line 1\) is never closed"),
    ]
    for cells, message in cases:
        with pytest.raises(ValueError, match="^" + message):
            learner_notebook(new_notebook(cells=cells), "book/part/page")
    # an unclosed code fence runs to the end, as in CommonMark: not an error
    assert convert_markdown("```python\nx = 1") == "```python\nx = 1"


def test_folders_that_are_not_there_are_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="is not a folder"):
        BookContext.from_root(tmp_path / "nowhere")
    with pytest.raises(FileNotFoundError, match="the built site's _sources"):
        convert_downloads(tmp_path / "nowhere", ROOT)
    with pytest.raises(FileNotFoundError, match="the executed notebooks"):
        convert_downloads(tmp_path, ROOT, tmp_path / "nowhere")
    with pytest.raises(FileNotFoundError, match="no table of contents"):
        nbmod.write_learner_notebooks(tmp_path, tmp_path / "out")
