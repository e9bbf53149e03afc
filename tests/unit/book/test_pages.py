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
