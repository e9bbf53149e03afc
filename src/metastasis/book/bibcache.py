"""A persistent cache of formatted bibliography entries, so that a rebuild with nothing changed stays fast.

sphinxcontrib-bibtex formats every cited entry of every bibliography again on every build, even
when no page changed (its ``env-updated`` handler): for this book's 400-odd references that was
most of a no-op rebuild. Formatting an entry is a pure function of the pybtex style, the label and
the entry's fields and names, so :func:`install` memoises ``BaseStyle.format_entry`` on exactly
those, and keeps the results in a pickle beside the doctrees (``_build/.doctrees``), which a clean
build removes. A changed entry, label or style gets a new key, so a stale result is never reused.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

__all__ = ["entry_fingerprint", "install", "save", "CACHE_NAME"]

CACHE_NAME = "metastasis-bibtex-format-cache.pickle"
_state: dict = {"cache": None, "path": None, "dirty": False, "original": None}


def entry_fingerprint(entry) -> str:
    """A digest of everything in a pybtex entry that formatting can read."""
    digest = hashlib.sha256()
    digest.update(f"{entry.key}\x00{entry.type}".encode())
    for name in sorted(entry.fields):
        digest.update(f"\x01{name}\x00{entry.fields[name]}".encode())
    for role in sorted(entry.persons):
        digest.update(f"\x02{role}\x00{'; '.join(str(p) for p in entry.persons[role])}".encode())
    return digest.hexdigest()


def _style_key(style) -> tuple:
    return (
        type(style).__module__,
        type(style).__qualname__,
        type(style.label_style).__qualname__,
        type(style.name_style).__qualname__,
        type(style.sorting_style).__qualname__,
        style.abbreviate_names,
        style.min_crossrefs,
    )


def install(cache_dir: Path) -> None:
    """Memoise pybtex's ``BaseStyle.format_entry`` with a cache kept in ``cache_dir``."""
    from pybtex.style.formatting import BaseStyle

    path = Path(cache_dir) / CACHE_NAME
    try:
        cache = pickle.loads(path.read_bytes())
        if not isinstance(cache, dict):
            cache = {}
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        cache = {}
    _state.update(cache=cache, path=path, dirty=False)
    if _state["original"] is None:
        _state["original"] = BaseStyle.format_entry

    original = _state["original"]

    def format_entry(self, label, entry, bib_data=None):
        if bib_data is not None:  # cross-references read other entries: do not cache
            return original(self, label, entry, bib_data=bib_data)
        key = (_style_key(self), label, entry_fingerprint(entry))
        cached = _state["cache"].get(key)
        if cached is None:
            cached = original(self, label, entry, bib_data=bib_data)
            _state["cache"][key] = cached
            _state["dirty"] = True
        return cached

    BaseStyle.format_entry = format_entry


def save() -> bool:
    """Write the cache if it gained entries; returns whether it wrote."""
    if not _state["dirty"] or _state["path"] is None:
        return False
    _state["path"].parent.mkdir(parents=True, exist_ok=True)
    _state["path"].write_bytes(pickle.dumps(_state["cache"], protocol=pickle.HIGHEST_PROTOCOL))
    _state["dirty"] = False
    return True
