"""Style, integrin matrix, generated pages, references and the page-shape lint."""

import pandas as pd
import pytest

from metastasis import pageshape, pages, references, style
from metastasis.integrins import pairing_matrix, partners


def test_palette_and_colour_lookup():
    assert style.colour("blue") == "#0072B2"
    assert style.colour(0) == style.PALETTE["blue"]
    with pytest.raises(KeyError, match="unknown colour"):
        style.colour("red")
    with pytest.raises(TypeError):
        style.colour(True)
    with pytest.raises(ValueError):
        style.figsize(-1)
    assert len(set(style.LIGAND_CLASS_COLOURS.values())) == 4


H = pd.DataFrame({"alpha": ["α5", "αv", "αv"], "beta": ["β1", "β3", "β1"], "ligand_class": ["RGD", "RGD", "RGD"]})


def test_pairing_matrix_and_partners():
    m = pairing_matrix(H)
    assert m.loc["αv", "β3"] == "RGD" and pd.isna(m.loc["α1", "β1"])
    assert partners(H, "αv") == ["β1", "β3"]
    assert partners(H, "β1") == ["α5", "αv"]
    with pytest.raises(ValueError, match="unknown subunit"):
        pairing_matrix(pd.DataFrame({"alpha": ["α99"], "beta": ["β1"], "ligand_class": ["RGD"]}))
    with pytest.raises(ValueError, match="appears twice"):
        pairing_matrix(pd.concat([H, H.iloc[[0]]]))
    with pytest.raises(KeyError):
        pairing_matrix(H.drop(columns="beta"))
    with pytest.raises(ValueError, match="not an integrin subunit"):
        partners(H, "beta1")


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


def test_short_cite():
    assert references.short_cite("su2020integrins") == "Su et al. 2020"
    assert references.short_cite("li2018integrin") == "Li & Springer 2018"
    with pytest.raises(KeyError):
        references.short_cite("nobody1900nothing")


def test_page_shape_lint_names_page_and_section(tmp_path):
    part = tmp_path / "integrins"
    part.mkdir()
    good = (pageshape.Path(__file__).resolve().parents[2] / "book" / "integrins" / "structure.md").read_text(encoding="utf-8")
    (part / "good.md").write_text(good, encoding="utf-8")
    (part / "bad.md").write_text(good.replace("## Key takeaways", "## Summary"), encoding="utf-8")
    problems = pageshape.check_book(tmp_path)
    assert problems == [f"{part / 'bad.md'}: missing section '## Key takeaways'"]
    assert pageshape.main([str(tmp_path)]) == 1


def test_fixed_log_ticks_and_power_labels():
    import matplotlib.pyplot as plt

    assert style.power_label(-2) == "10⁻²" and style.power_label(5) == "10⁵"
    fig, ax = plt.subplots()
    ax.set_xscale("log")
    style.fixed_log_ticks(ax, -1, 2)
    assert list(ax.get_xticks()) == [0.1, 1.0, 10.0, 100.0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["10⁻¹", "10⁰", "10¹", "10²"]
    with pytest.raises(ValueError):
        style.fixed_log_ticks(ax, 2, 1)
    with pytest.raises(ValueError):
        style.fixed_log_ticks(ax, 0, 1, axis="z")
    with pytest.raises(TypeError):
        style.power_label(1.5)
    plt.close(fig)


def test_dataset_preview_drops_provenance_and_shortens():
    frame = pages.preview("integrin_roles", rows=3, width=20)
    assert len(frame) == 3 and len(frame.columns) <= 6
    assert not set(frame.columns) & set(pages.PROVENANCE)
    assert all(len(str(v)) <= 20 for v in frame.to_numpy().ravel())
    with pytest.raises(ValueError):
        pages.preview("integrin_roles", rows=0)
    with pytest.raises(KeyError):
        pages.preview("nope")


def test_datasets_page_is_a_notebook_with_a_preview_per_dataset():
    from metastasis import data

    text = pages.datasets_page()
    assert text.startswith("---\njupytext:")
    for name in data.dataset_names():
        assert f'preview("{name}")' in text


def test_toc_files_reads_every_level(tmp_path):
    from metastasis.toc import toc_files

    (tmp_path / "_toc.yml").write_text(
        "format: jb-book\nroot: intro\nparts:\n  - caption: A\n    chapters:\n      - file: a/one.md\n"
        "        sections:\n          - file: a/two\n", encoding="utf-8")
    assert toc_files(tmp_path) == ["intro", "a/one", "a/two"]
    (tmp_path / "_toc.yml").write_text("just: text\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no 'root' entry"):
        toc_files(tmp_path)
    with pytest.raises(FileNotFoundError):
        toc_files(tmp_path / "missing")
