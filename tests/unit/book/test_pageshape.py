"""The page-shape lint names the page and the missing section."""

from pathlib import Path

from metastasis.book import pageshape


def test_page_shape_lint_names_page_and_section(tmp_path):
    part = tmp_path / "integrins"
    part.mkdir()
    good = (Path(__file__).resolve().parents[3] / "book" / "integrins" / "structure.md").read_text(encoding="utf-8")
    (part / "good.md").write_text(good, encoding="utf-8")
    (part / "bad.md").write_text(good.replace("## Key takeaways", "## Summary"), encoding="utf-8")
    problems = pageshape.check_book(tmp_path)
    assert problems == [f"{part / 'bad.md'}: missing section '## Key takeaways'"]
    assert pageshape.main([str(tmp_path)]) == 1


def test_page_shape_lint_refuses_pandas_styler(tmp_path):
    part = tmp_path / "integrins"
    part.mkdir()
    good = (Path(__file__).resolve().parents[3] / "book" / "integrins" / "structure.md").read_text(encoding="utf-8")
    styled = good.replace("## Exercises", "```{code-cell} ipython3\ntable.style.format({'x': '{:g}'})\n```\n\n## Exercises", 1)
    (part / "styled.md").write_text(styled, encoding="utf-8")
    problems = pageshape.check_book(tmp_path)
    assert len(problems) == 1 and "Styler" in problems[0] and "styled.md" in problems[0]
