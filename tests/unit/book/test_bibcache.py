"""The bibliography-format cache gives what pybtex gives, and never a stale result."""

import pytest

pybtex = pytest.importorskip("pybtex")

from pybtex.database import Entry, Person  # noqa: E402
from pybtex.plugin import find_plugin  # noqa: E402

from metastasis.book import bibcache  # noqa: E402


def _entry(title="Integrins in cancer"):
    entry = Entry("article", fields={"title": title, "journal": "J Test", "year": "2020"})
    entry.key = "su2020integrins"
    entry.persons["author"] = [Person("Su, Chen-yang"), Person("Li, Jing-quan")]
    return entry


def test_cached_formatting_equals_pybtex_and_follows_changes(tmp_path):
    from pybtex.style.formatting import BaseStyle

    original = BaseStyle.format_entry
    try:
        style = find_plugin("pybtex.style.formatting", "plain")()
        expected = original(style, "1", _entry()).text.render_as("text")
        bibcache.install(tmp_path)
        assert style.format_entry("1", _entry()).text.render_as("text") == expected
        assert bibcache.save() and (tmp_path / bibcache.CACHE_NAME).is_file()
        bibcache.install(tmp_path)  # a new build reads the saved cache
        again = style.format_entry("1", _entry())
        assert again.text.render_as("text") == expected and not bibcache.save(), "a hit must not rewrite the cache"
        changed = style.format_entry("1", _entry(title="Integrins in metastasis")).text.render_as("text")
        assert "metastasis" in changed.lower() and changed != expected
        assert bibcache.entry_fingerprint(_entry()) != bibcache.entry_fingerprint(_entry(title="x"))
    finally:
        BaseStyle.format_entry = original


def test_a_corrupt_cache_is_ignored(tmp_path):
    from pybtex.style.formatting import BaseStyle

    original = BaseStyle.format_entry
    try:
        (tmp_path / bibcache.CACHE_NAME).write_bytes(b"not a pickle")
        bibcache.install(tmp_path)
        style = find_plugin("pybtex.style.formatting", "plain")()
        assert style.format_entry("1", _entry()).key == "su2020integrins"
    finally:
        BaseStyle.format_entry = original
