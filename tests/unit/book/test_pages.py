"""Pages generated from data: escaping, coverage of every dataset and erratum, the datasets notebook."""

import pytest

from metastasis.book import pages


def test_escape_md_neutralises_markup():
    assert pages.escape_md("{term}`x` *y* $z$ <b>") == r"\{term\}\`x\` \*y\* \$z\$ \<b\>"
    assert pages.escape_md(None) == "" and pages.escape_md(float("nan")) == ""
    with pytest.raises(ValueError):
        pages.erratum_label("XX-1")


def test_generated_pages_cover_every_dataset_and_erratum():
    from metastasis import data

    generated = pages.generated_pages()
    for name in data.dataset_names():
        assert f"(dataset-{name.replace('_', '-')})=" in generated["datasets.md"]
    for erratum in data.load("errata")["id"]:
        assert f"({pages.erratum_label(erratum)})=" in generated["data-quality.md"]
    assert ":::{glossary}" in generated["glossary.md"]


def test_datasets_page_is_a_notebook_with_a_preview_per_dataset():
    from metastasis import data

    text = pages.datasets_page()
    assert text.startswith("---\njupytext:")
    for name in data.dataset_names():
        assert f'preview("{name}")' in text


def test_generated_pages_are_the_declared_ones():
    assert tuple(pages.generated_pages()) == pages.GENERATED_PAGES


def test_build_skips_regenerating_pages_when_the_data_is_unchanged(tmp_path, monkeypatch):
    import shutil
    from pathlib import Path
    from types import SimpleNamespace

    from metastasis.book import sphinxext

    root = Path(__file__).resolve().parents[3]
    shutil.copytree(root / "data", tmp_path / "data")
    app = SimpleNamespace(srcdir=str(tmp_path), doctreedir=str(tmp_path / "_build" / ".doctrees"))
    calls = []
    real = pages.generated_pages
    monkeypatch.setattr(pages, "generated_pages", lambda d: calls.append(d) or real(d))
    sphinxext.generate_pages(app, None)
    sphinxext.generate_pages(app, None)
    assert len(calls) == 1, "an unchanged build must not regenerate the pages"
    glossary = tmp_path / "data" / "glossary.csv"
    glossary.write_text(glossary.read_text(encoding="utf-8").replace("two-dimensional", "two dimensional", 1), encoding="utf-8")
    sphinxext.generate_pages(app, None)
    assert len(calls) == 2 and "two dimensional" in (tmp_path / "book" / "appendix" / "glossary.md").read_text(encoding="utf-8")
    (tmp_path / "book" / "appendix" / "datasets.md").unlink()
    sphinxext.generate_pages(app, None)
    assert len(calls) == 3, "a missing page is written again"
