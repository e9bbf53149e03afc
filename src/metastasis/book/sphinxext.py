"""The book's Sphinx extension (listed in ``_config.yml`` under ``sphinx.extra_extensions``).

It does eight things:

1. **Pages generated from data.** Before Sphinx reads the sources, it writes the glossary,
   the data-quality page and the datasets page into ``book/appendix/`` from ``data/`` (see
   :mod:`metastasis.book.pages`). A file is rewritten only when its content changes, so an
   unchanged build stays a no-op.
2. **Template fixes.** The stock Jupyter Book 1 page logs console errors: sphinx-thebe declares
   ``THEBE_JS_URL`` twice (its config script is registered twice), and an empty theme mode is
   "invalid". Duplicate inline scripts are dropped from every page; the theme mode is set in
   ``_config.yml`` (``html_context.default_mode``). The theme's icon-only sidebar toggles get an
   accessible name.
3. **Static mode for explorers.** It sets ``METASTASIS_STATIC=1`` so that pages executed by the
   build show their static explorers and static quizzes (see :mod:`metastasis.explorer`).
4. **The package's browser assets.** The scripts and styles that drive static explorers and
   quizzes (``metastasis/web/``) are served by the site itself, on every page.
5. **A fast no-op rebuild.** Formatted bibliography entries are cached between builds
   (:mod:`metastasis.book.bibcache`), the generated pages are written only when ``data/``
   changed, and figure numbering (off) does not walk every page.
6. **The assignments' student versions.** Before Sphinx reads the sources it makes sure that
   ``assignments/release/<assignment>/<assignment>.ipynb`` is the current student version of each
   ``assignments/source-md/<assignment>.md`` (nbgrader, cached by content: see
   :func:`metastasis.book.assignments.publish`); the parts' landing pages link them with
   ``{download}``. Only student versions are published: the sources stay out of the build
   (``_config.yml`` excludes ``assignments/**``).
7. **Learner notebooks.** When the build finishes, every page's ``.ipynb`` download
   (``_sources/<page>.ipynb``, copied there by the theme from the executed notebook) is rewritten
   as a learner notebook: plain Jupyter Markdown, solutions folded and never run by *Run All*, no
   inert static outputs (see :mod:`metastasis.book.notebook`).
8. **Explorer pictures as files.** A static explorer's base picture and overlays are written to
   ``_images/frames/`` and the page links them, instead of carrying them as base64 text
   (:mod:`metastasis.book.frame_files`).
"""

from __future__ import annotations

import os
from pathlib import Path

from ..explorer import STATIC_ENV
from .frame_files import move_page_frames

#: The package's browser assets: the static explorers' and quizzes' script and styles.
WEB = Path(__file__).resolve().parent.parent / "web"
WEB_SCRIPTS = ("explorer.js", "quiz.js")
WEB_STYLES = ("metastasis.css",)


def _write_if_changed(path: Path, text: str) -> bool:
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True


def add_web_assets(app, config) -> None:
    config.html_static_path = [*config.html_static_path, str(WEB)]
    for name in WEB_SCRIPTS:
        app.add_js_file(name)
    for name in WEB_STYLES:
        app.add_css_file(name)


def _data_fingerprint(data_dir: Path) -> str:
    """A digest of everything the generated pages are made from: the data and the generator."""
    import hashlib

    digest = hashlib.sha256((Path(__file__).resolve().parent / "pages.py").read_bytes())
    for path in sorted(p for p in data_dir.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(data_dir)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def generate_pages(app, config) -> None:
    """Write the pages generated from data/, unless the data (and the generator) are unchanged
    since the last build and the pages are still on disk. The check imports nothing heavy: a
    rebuild with nothing changed should not even load pandas."""
    import json

    srcdir = Path(app.srcdir)
    data_dir = srcdir / "data"
    appendix = srcdir / "book" / "appendix"
    stamp = Path(app.doctreedir) / "metastasis-generated-pages.json"
    fingerprint = _data_fingerprint(data_dir)
    try:
        previous = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        previous = {}
    if previous.get("fingerprint") == fingerprint and previous.get("pages") and all(
        (appendix / name).is_file() for name in previous["pages"]
    ):
        return
    from . import pages

    written = pages.generated_pages(data_dir)
    for name, text in written.items():
        _write_if_changed(appendix / name, text)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(json.dumps({"fingerprint": fingerprint, "pages": sorted(written)}), encoding="utf-8")


def skip_figure_numbers_without_numfig(app, config) -> None:
    """Sphinx 7.4 walks every page's doctree to number figures on every build, even with
    ``numfig`` off; here nothing is numbered, so the walk (which unpickles each page with its
    embedded explorer frames) is skipped."""
    if config.numfig:
        return
    from sphinx.environment.collectors.toctree import TocTreeCollector

    TocTreeCollector.assign_figure_numbers = lambda self, env: []


def publish_assignments(app, config) -> None:
    from . import assignments

    srcdir = Path(app.srcdir)
    if (srcdir / assignments.SOURCE_MD).is_dir():
        assignments.publish(srcdir)


def drop_duplicate_scripts(app, pagename, templatename, context, doctree) -> None:
    scripts = context.get("script_files")
    if not scripts:
        return
    seen: set[tuple[str, str]] = set()
    unique = []
    for script in scripts:
        # the same inline script is registered once with filename None and once with ''
        key = (str(getattr(script, "filename", None) or ""), str(getattr(script, "attributes", {}).get("body", "")))
        if key in seen:
            continue
        seen.add(key)
        unique.append(script)
    context["script_files"] = unique


#: Accessibility repairs to the HTML that the theme and docutils write, found by axe-core.
ACCESSIBILITY_FIXES = (
    # the theme's icon-only sidebar toggles have no accessible name (axe: summary-name)
    ('<summary><span class="toctree-toggle" role="presentation">',
     '<summary aria-label="Show or hide the pages of this section"><span class="toctree-toggle" role="presentation">'),
    # docutils puts doc-biblioentry items in a role="list" (axe: aria-required-children)
    ('<div class="citation" id="', '<div role="listitem" class="citation" id="'),
    (' role="doc-biblioentry"', ""),
    # wide tables scroll sideways in a container a keyboard cannot reach (axe: scrollable-region-focusable)
    ('<div class="pst-scrollable-table-container">',
     '<div class="pst-scrollable-table-container" tabindex="0" role="region" aria-label="Table (scrolls sideways)">'),
)


def repair_accessibility(app, exception) -> None:
    """Apply :data:`ACCESSIBILITY_FIXES` to every built page (idempotent)."""
    if exception is not None or app.builder.format != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        fixed = text
        for old, new in ACCESSIBILITY_FIXES:
            if new and new in fixed:
                continue
            fixed = fixed.replace(old, new)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")


def cache_bibliography(app) -> None:
    from . import bibcache

    bibcache.install(Path(app.doctreedir))


def save_bibliography_cache(app, exception) -> None:
    from . import bibcache

    if exception is None:
        bibcache.save()


def write_learner_notebooks(app, exception) -> None:
    """Rewrite the built ``.ipynb`` downloads as learner notebooks (:mod:`metastasis.book.notebook`)."""
    if exception is not None or app.builder.format != "html":
        return
    from .notebook import convert_downloads

    sources = Path(app.outdir) / "_sources"
    if sources.is_dir():
        # the theme copies each download from the executed notebook in <build>/jupyter_execute
        executed = Path(app.outdir).parent / "jupyter_execute"
        convert_downloads(sources, Path(app.srcdir), executed if executed.is_dir() else None)


def setup(app):
    os.environ[STATIC_ENV] = "1"
    app.connect("builder-inited", cache_bibliography)
    app.connect("build-finished", save_bibliography_cache)
    # early (priority 100): the table of contents is checked against files on disk at config-inited too
    app.connect("config-inited", generate_pages, priority=100)
    app.connect("config-inited", add_web_assets)
    app.connect("config-inited", skip_figure_numbers_without_numfig)
    app.connect("config-inited", publish_assignments)
    app.connect("html-page-context", drop_duplicate_scripts, priority=1000)
    app.connect("html-page-context", move_page_frames)
    app.connect("build-finished", repair_accessibility)
    app.connect("build-finished", write_learner_notebooks)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
