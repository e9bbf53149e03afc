"""Every chapter page under book/<part>/ has the template's sections and parts."""

from metastasis.book import pageshape


def test_every_chapter_page_has_the_template_shape(root):
    pages = pageshape.chapter_pages(root / "book")
    assert pages, "no chapter pages found"
    problems = pageshape.check_book(root / "book")
    assert not problems, "\n".join(problems)
