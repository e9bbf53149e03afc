"""The one reader of _toc.yml."""

import pytest

from metastasis.book.toc import toc_files


def test_toc_files_reads_every_level(tmp_path):

    (tmp_path / "_toc.yml").write_text(
        "format: jb-book\nroot: intro\nparts:\n  - caption: A\n    chapters:\n      - file: a/one.md\n"
        "        sections:\n          - file: a/two\n", encoding="utf-8")
    assert toc_files(tmp_path) == ["intro", "a/one", "a/two"]
    (tmp_path / "_toc.yml").write_text("just: text\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no 'root' entry"):
        toc_files(tmp_path)
    with pytest.raises(FileNotFoundError):
        toc_files(tmp_path / "missing")

