"""Learner notebooks: a page as a notebook that reads well in any Jupyter, with solutions out of the way.

A page is a MyST notebook. The website renders its book-only constructs (glossary terms,
citations, cross-references, exercises, admonitions); a plain Jupyter front-end shows them as
raw text, and would run every solution under *Run All*. :func:`learner_notebook` turns a page's
notebook into one a learner can use:

- **Prose in plain Jupyter Markdown** (CommonMark, ``$`` math and a little inline HTML), which
  JupyterLab renders with or without ``jupyterlab-myst``, and so do Notebook 7 and others:

  - ``{term}`ECM``` becomes ``<abbr title="definition">ECM</abbr>`` (the definition on hover),
    and the page's terms are defined once more in a last section, *Terms used on this page*;
  - ``{footcite:p}`su2020integrins``` becomes "(Su et al. 2020)", and ``{footbibliography}``
    the list of the page's references;
  - ``{doc}`` and ``{ref}`` become the text of their target (its title when they give none);
  - labels ``(name)=`` and MyST comments disappear;
  - an ``exercise`` becomes a heading, "Exercise 1 (its title)", then its text;
  - admonitions (``note``, ``warning``...) become quotes with a bold title; any other directive
    keeps its text;
  - a figure's caption (``mystnb.figure.caption``) follows its cell as a line of text.
- **Solutions out of the way, and never run.** A ``solution`` directive, and everything between
  ``solution-start`` and ``solution-end`` (prose *and* code cells), becomes one Markdown cell,
  "### Solution to Exercise 1 (its title)", in a last section, *Solutions*, after every code cell;
  where the solution stood, one line says where it is. Its code is a fenced block, so *Run All*
  never runs it, and a learner's check cell still says "not answered yet" after *Run All*.
  (Why not fold them in place? JupyterLab can fold a cell's input, ``jupyter.source_hidden``,
  but *Run All* unfolds every Markdown cell it renders; ``<details>`` loses its math under
  jupyterlab-myst. A section of its own reads the same everywhere.)
- **Plumbing folded, and no inert output.** Cells tagged ``hide-input``/``remove-input`` start
  with their input collapsed (*Run All* leaves code cells folded), ``remove-cell`` with input and
  output collapsed. Outputs that need
  the website's scripts (static explorers, static quizzes, anything with a ``<script>``) or a
  widget state are dropped, and a one-line note says what the cell gives once it runs; figures,
  tables and printed text are kept, as they read the same without a kernel (without the build's
  execution counts: the learner's own run numbers its cells).

Markup that cannot be converted safely raises a :class:`ValueError` naming the page and the cell: a
solution that names no exercise before it, a ``solution-start`` with no ``solution-end`` (every
later cell would vanish into the solution) or the reverse, a directive never closed. Arguments of
the wrong kind raise a :class:`TypeError`, missing folders a :class:`FileNotFoundError`.

The book's build writes every page's ``.ipynb`` download this way (:func:`convert_downloads`,
called by :mod:`metastasis.book.sphinxext` when the build finishes). A learner with a clone of
the repository writes the same notebooks for every chapter with ``metastasis-notebooks``
(:func:`main`), from the MyST sources, through jupytext.
"""

from __future__ import annotations

import argparse
import copy
import html
import posixpath
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "BookContext", "LEARNER_KEY", "learner_notebook", "convert_markdown", "convert_downloads",
    "write_learner_notebooks", "notebook_pages", "main",
]

#: The notebook metadata key that marks a learner notebook (so a conversion is never applied twice).
LEARNER_KEY = "metastasis"
LEARNER_VERSION = 1

#: Directives rendered as a quote with a bold title.
ADMONITIONS = {
    "note": "Note", "warning": "Warning", "tip": "Tip", "hint": "Hint", "important": "Important",
    "caution": "Caution", "attention": "Attention", "danger": "Danger", "error": "Error",
    "seealso": "See also", "admonition": "", "margin": "", "sidebar": "", "topic": "", "epigraph": "",
}
#: Directives that leave nothing in a notebook.
DROPPED = {"toctree", "tableofcontents", "contents", "glue", "glue:figure", "glue:any", "glue:math", "raw", "eval-rst"}
CITE_ROLES = {"cite", "cite:p", "cite:ps", "footcite", "footcite:p", "footcite:ps", "cite:t", "cite:ts",
              "footcite:t", "footcite:ts", "cite:alp", "cite:author", "cite:year", "cite:yearpar"}

JUPYTEXT_HEADER = re.compile(r"\A---\njupytext:")
_FENCE_OPEN = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,}|:{3,})\s*(?P<info>.*?)\s*$")
_DIRECTIVE_INFO = re.compile(r"^\{(?P<name>[A-Za-z][\w:.-]*)\}\s*(?P<arg>.*)$")
_ROLE = re.compile(r"\{(?P<name>[A-Za-z][\w:.+-]*)\}(?P<ticks>`+)(?P<content>.+?)(?P=ticks)(?!`)", re.S)
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_LABEL_LINE = re.compile(r"^[ \t]*\(([^()\s]+)\)=[ \t]*$", re.M)
_COMMENT_LINE = re.compile(r"^%.*$\n?", re.M)
_TARGET = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.S)
_EQ_LABEL = re.compile(r"(\$\$)[ \t]*\(([\w:.-]+)\)[ \t]*$", re.M)


# -------------------------------------------------------------------------------------------------
# What the conversion needs to know about the book
# -------------------------------------------------------------------------------------------------
@dataclass
class BookContext:
    """The book's glossary, page titles and labels, read once for every notebook."""

    glossary: dict[str, tuple[str, str]] = field(default_factory=dict)  # term (lower case) -> (term, definition)
    titles: dict[str, str] = field(default_factory=dict)  # docname -> page title
    labels: dict[str, str] = field(default_factory=dict)  # label -> the heading it names

    @classmethod
    def from_root(cls, root: Path) -> "BookContext":
        """Read the glossary from ``root/data`` and every page's title and labels."""
        root = Path(root)
        if not root.is_dir():
            raise FileNotFoundError(f"BookContext.from_root: {root} is not a folder (give the book's repository root)")
        return cls(glossary=_glossary(root / "data"), **_titles_and_labels(root))


def _glossary(data_dir: Path) -> dict[str, tuple[str, str]]:
    from .. import data

    frame = data.load("glossary", data_dir if data_dir.is_dir() else None)
    terms = {}
    for row in frame.itertuples(index=False):
        term = str(row.term).strip()
        definition = str(row.definition).strip()
        expansion = "" if row.expansion is None or str(row.expansion) in ("", "<NA>", "nan") else str(row.expansion).strip()
        if row.kind == "abbreviation" and expansion:
            definition = f"{expansion}: {definition}"
        terms[term.lower()] = (term, definition)
    return terms


def _page_sources(root: Path) -> dict[str, str]:
    """docname -> MyST source, for every page in the table of contents (generated pages included)."""
    from .toc import toc_files

    sources: dict[str, str] = {}
    generated: dict[str, str] | None = None
    for page in toc_files(root):
        path = root / f"{page}.md"
        if path.exists():
            sources[page] = path.read_text(encoding="utf-8")
            continue
        if generated is None:
            from .pages import generated_pages

            generated = generated_pages(root / "data")
        name = Path(page).name + ".md"
        if name in generated:
            sources[page] = generated[name]
    return sources


def _titles_and_labels(root: Path) -> dict:
    titles, labels = {}, {}
    try:
        sources = _page_sources(root)
    except FileNotFoundError:  # no table of contents: a notebook converted on its own
        return {"titles": titles, "labels": labels}
    for page, text in sources.items():
        heading = re.search(r"^#\s+(.+?)\s*$", text, re.M)
        if heading:
            titles[page] = _strip_inline(heading.group(1))
        for match in re.finditer(r"^\(([^()\s]+)\)=[ \t]*\n+(?:#+\s+(.+?)\s*$)?", text, re.M):
            if match.group(2):
                labels[match.group(1)] = _strip_inline(match.group(2))
    return {"titles": titles, "labels": labels}


def _strip_inline(text: str) -> str:
    return re.sub(r"[*_`]", "", _ROLE.sub(lambda m: _target_text(m.group("content")), text)).strip()


def _target_text(content: str) -> str:
    match = _TARGET.match(content.strip())
    return match.group("text").strip() if match and match.group("text").strip() else content.strip()


# -------------------------------------------------------------------------------------------------
# Markdown: roles and labels in running text
# -------------------------------------------------------------------------------------------------
@dataclass
class _Page:
    """What one notebook's conversion has seen so far."""

    docname: str
    context: BookContext
    exercises: dict[str, tuple[int | None, str]] = field(default_factory=dict)  # label -> (number, title)
    exercise_count: int = 0
    cited: list[str] = field(default_factory=list)  # keys cited since the last reference list
    terms: dict[str, tuple[str, str]] = field(default_factory=dict)

    # -- roles ----------------------------------------------------------------------------------
    def role(self, name: str, content: str) -> str:
        name = name.lower()
        if name == "term":
            return self._term(content)
        if name in CITE_ROLES:
            return self._cite(name, content)
        if name == "doc":
            match = _TARGET.match(content.strip())
            if match and match.group("text").strip():
                return match.group("text").strip()
            target = posixpath.normpath(posixpath.join(posixpath.dirname(self.docname), content.strip()))
            target = target.lstrip("/") if content.strip().startswith("/") else target
            return self.context.titles.get(target) or _humanize(posixpath.basename(target))
        if name in ("ref", "numref", "any", "external"):
            match = _TARGET.match(content.strip())
            if match and match.group("text").strip():
                return match.group("text").strip().replace("%s", "").replace("{number}", "").strip()
            label = content.strip()
            if label in self.exercises:
                return self._exercise_name(label)
            return self.context.labels.get(label) or _humanize(label)
        if name == "eq":
            return f"({_target_text(content)})"
        if name == "math":
            return f"${content}$"
        if name in ("sub", "sup", "kbd"):
            return f"<{name}>{html.escape(content)}</{name}>"
        if name == "abbr":
            match = re.match(r"^(?P<short>.*?)\s*\((?P<long>[^()]*)\)\s*$", content.strip(), re.S)
            if match:
                return f'<abbr title="{_attribute(match.group("long"))}">{html.escape(match.group("short"))}</abbr>'
            return content
        # {download}, {guilabel}, {command}, {file} and any other role: its text
        return _target_text(content)

    def _term(self, content: str) -> str:
        match = _TARGET.match(content.strip())
        text, target = (match.group("text").strip(), match.group("target").strip()) if match else (content.strip(), content.strip())
        found = self.context.glossary.get(target.lower())
        if not found:
            return text
        self.terms.setdefault(found[0].lower(), found)
        return f'<abbr title="{_attribute(found[1])}">{html.escape(text, quote=False)}</abbr>'

    def _cite(self, name: str, content: str) -> str:
        from ..references import cite_parts

        keys = [k.strip() for k in content.split(",") if k.strip()]
        parts = []
        for key in keys:
            if key not in self.cited:
                self.cited.append(key)
            try:
                parts.append(cite_parts(key))
            except (KeyError, FileNotFoundError):
                parts.append((key, ""))
        if name.endswith((":t", ":ts")):
            return "; ".join(f"{who} ({year})" if year else who for who, year in parts)
        if name.endswith(":author"):
            return "; ".join(who for who, _ in parts)
        if name.endswith(":year"):
            return "; ".join(year for _, year in parts)
        inner = "; ".join(f"{who} {year}".strip() for who, year in parts)
        return inner if name.endswith(":alp") else f"({inner})"

    # -- exercises ------------------------------------------------------------------------------
    def new_exercise(self, title: str, label: str | None, numbered: bool = True) -> str:
        number = None
        if numbered:
            self.exercise_count += 1
            number = self.exercise_count
        title = self.inline(title.strip())
        if label:
            self.exercises[label] = (number, title)
        name = f"Exercise {number}" if number else "Exercise"
        return f"{name} ({title})" if title else name

    def _exercise_name(self, label: str) -> str:
        number, _ = self.exercises[label]
        return f"Exercise {number}" if number else "the exercise"

    def solution_title(self, label: str) -> str:
        label = label.strip()
        if not label:
            return "Solution"
        if label not in self.exercises:
            known = ", ".join(self.exercises) or "none yet"
            raise ValueError(f"a solution names the exercise {label!r}, but no exercise before it has that "
                             f":label: (exercises so far: {known})")
        number, title = self.exercises[label]
        name = f"Solution to Exercise {number}" if number else "Solution"
        return f"{name} ({title})" if title else name

    # -- text -----------------------------------------------------------------------------------
    def inline(self, text: str) -> str:
        """Roles in running text become plain text; code spans are left alone."""
        out, pos = [], 0
        for match in _ROLE.finditer(text):
            out.append(text[pos:match.start()])
            out.append(self.role(match.group("name"), match.group("content")))
            pos = match.end()
        out.append(text[pos:])
        return "".join(out)

    def references(self) -> str:
        from ..references import cite_parts, reference_text

        def order(key):
            try:
                who, year = cite_parts(key)
            except (KeyError, FileNotFoundError):
                return (key.lower(), "")
            return (who.lower(), year)

        lines = []
        for key in sorted(self.cited, key=order):
            try:
                lines.append(f"- {reference_text(key)}")
            except (KeyError, FileNotFoundError):
                lines.append(f"- {key}")
        self.cited = []
        return "\n".join(lines)


def _attribute(text: str) -> str:
    """Text for an HTML attribute that no Markdown renderer will read as math or code."""
    return html.escape(re.sub(r"\s+", " ", str(text)).replace("$", "").replace("`", "'"), quote=True)


def _humanize(label: str) -> str:
    return label.replace("-", " ").replace("_", " ").strip()


# -------------------------------------------------------------------------------------------------
# Markdown: blocks (fenced code, directives) within a cell
# -------------------------------------------------------------------------------------------------
@dataclass
class _Directive:
    name: str
    arg: str
    options: dict[str, str]
    body: str


def _split_blocks(text: str) -> list[tuple[str, object]]:
    """A cell's Markdown as ``("text", str)``, ``("code", str)`` (a fenced code block, verbatim)
    and ``("directive", _Directive)`` pieces, in order."""
    lines = text.splitlines(keepends=True)
    pieces: list[tuple[str, object]] = []
    buffer: list[str] = []
    i = 0
    while i < len(lines):
        match = _FENCE_OPEN.match(lines[i].rstrip("\n"))
        if not match or (match.group("fence")[0] == ":" and not match.group("info").startswith("{")):
            buffer.append(lines[i])
            i += 1
            continue
        fence, info = match.group("fence"), match.group("info")
        # the block runs to a closing fence of the same character, at least as long
        close = re.compile(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}\s*$")
        j = i + 1
        while j < len(lines) and not close.match(lines[j].rstrip("\n")):
            j += 1
        block = lines[i:j + 1]
        directive = _DIRECTIVE_INFO.match(info)
        if directive is not None and j >= len(lines):
            # (an unclosed code fence runs to the end, as in CommonMark; a directive is a mistake)
            raise ValueError(f"the directive {fence}{info} (line {i + 1}) is never closed: "
                             f"no line {fence[0] * len(fence)} after it")
        if directive is None:
            if buffer:
                pieces.append(("text", "".join(buffer)))
                buffer = []
            pieces.append(("code", "".join(block)))
        else:
            if buffer:
                pieces.append(("text", "".join(buffer)))
                buffer = []
            pieces.append(("directive", _parse_directive(directive.group("name"), directive.group("arg"), lines[i + 1:j])))
        i = j + 1
    if buffer:
        pieces.append(("text", "".join(buffer)))
    return pieces


def _parse_directive(name: str, arg: str, body_lines: list[str]) -> _Directive:
    options: dict[str, str] = {}
    k = 0
    if body_lines and body_lines[0].strip() == "---":  # a YAML block of options
        end = next((n for n in range(1, len(body_lines)) if body_lines[n].strip() == "---"), None)
        if end is not None:
            import yaml

            try:
                loaded = yaml.safe_load("".join(body_lines[1:end])) or {}
                options = {str(key): str(value) for key, value in loaded.items()} if isinstance(loaded, dict) else {}
            except yaml.YAMLError:
                options = {}
            k = end + 1
    while k < len(body_lines):
        option = re.match(r"^\s*:([\w-]+):\s*(.*?)\s*$", body_lines[k])
        if not option:
            break
        options[option.group(1)] = option.group(2)
        k += 1
    body = "".join(body_lines[k:]).strip("\n")
    return _Directive(name.lower(), arg.strip(), options, body)


# -------------------------------------------------------------------------------------------------
# The notebook
# -------------------------------------------------------------------------------------------------
class _Cells:
    """The learner notebook's cells as they are written, merging prose from one source cell."""

    def __init__(self):
        self.cells: list = []
        self._open_from = None  # the source cell whose prose the last cell holds

    def prose(self, text: str, source_id: int | None) -> None:
        text = text.strip("\n")
        if not text.strip():
            return
        if self._open_from is not None and self._open_from == source_id:
            self.cells[-1].source += "\n\n" + text
            return
        self.markdown(text)
        self._open_from = source_id

    def markdown(self, text: str) -> None:
        from nbformat.v4 import new_markdown_cell

        self.cells.append(new_markdown_cell(text.strip("\n")))
        self._open_from = None

    def other(self, cell) -> None:
        self.cells.append(cell)
        self._open_from = None


@dataclass
class _SolutionText:
    """A solution, moved to the notebook's last section."""

    title: str
    text: str


class _Solution:
    """A gated solution (``solution-start`` ... ``solution-end``) being collected."""

    def __init__(self, title: str):
        self.title = title
        self.parts: list[str] = []
        self.code = False

    def add(self, text: str) -> None:
        if text.strip():
            self.parts.append(text.strip("\n"))

    def add_code(self, source: str) -> None:
        if source.strip():
            self.parts.append(f"```python\n{source.rstrip()}\n```")
            self.code = True

    def done(self) -> _SolutionText:
        return _solution(self.title, "\n\n".join(self.parts), self.code)


def _solution(title: str, body: str, has_code: bool) -> _SolutionText:
    lines = [f"### {title}", "", body.strip("\n")]
    if has_code:
        lines += ["", "*This solution is text, so Run All never runs it: copy its code into a code cell to try it.*"]
    return _SolutionText(title, "\n".join(lines).strip("\n"))


SOLUTIONS_HEADING = "## Solutions"
SOLUTIONS_INTRO = ("The solutions to the exercises, out of the way of a first try. They are text, so Run All "
                   "never runs them: copy a solution's code into a code cell to try it.")


def _pointer(title: str) -> str:
    name = title.split(" (", 1)[0]
    return f"*{name.replace('Solution to ', 'The solution to ', 1) if name.startswith('Solution to ') else 'The solution'} " \
           f"is in the last section of this notebook, {SOLUTIONS_HEADING[3:]}.*"


def _blockquote(text: str) -> str:
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.strip("\n").splitlines())


class _Converter:
    def __init__(self, docname: str, context: BookContext):
        self.page = _Page(docname, context)
        self.out = _Cells()
        self.solution: _Solution | None = None
        self.solutions: list[_SolutionText] = []

    # Markdown text (a run of prose between blocks) --------------------------------------------
    def text(self, text: str) -> str:
        text = _LABEL_LINE.sub("", text)
        text = _COMMENT_LINE.sub("", text)
        text = _EQ_LABEL.sub(r"\1", text)
        text = self.page.inline(text)
        return re.sub(r"\n{3,}", "\n\n", text)

    def convert_markdown(self, source: str) -> list:
        """A Markdown text as pieces: Markdown text, or a :class:`_SolutionText`."""
        pieces: list = []
        for kind, value in _split_blocks(source):
            if kind == "text":
                pieces.append(self.text(value))
            elif kind == "code":
                pieces.append(str(value).strip("\n"))
            else:
                pieces.extend(self.directive(value))
        return pieces

    def body(self, text: str) -> str:
        return "\n\n".join(t if isinstance(t, str) else t.text for t in self.convert_markdown(text)
                           if (t if isinstance(t, str) else t.text).strip())

    def directive(self, d: _Directive) -> list:
        name = d.name
        if name in ("solution-start", "solution-end"):
            raise ValueError(f"{{{name}}} only works between a notebook's cells, not inside a directive or in "
                             "convert_markdown: convert the notebook with learner_notebook")
        if name in ("exercise", "exercise-start"):
            heading = self.page.new_exercise(d.arg, d.options.get("label"), "nonumber" not in d.options)
            body = self.body(d.body)
            return [f"### {heading}" + (f"\n\n{body}" if body else "")]
        if name == "exercise-end":
            return []
        if name == "solution":
            return [_solution(self.page.solution_title(d.arg), self.body(d.body), "```" in d.body)]
        if name in ("footbibliography", "bibliography"):
            references = self.page.references()
            return [references] if references else []
        if name in DROPPED:
            return []
        if name == "math":
            return [f"$$\n{d.body.strip()}\n$$"]
        if name in ("code-block", "code", "sourcecode"):
            return [f"```{d.arg}\n{d.body}\n```"]
        if name in ("figure", "image"):
            caption = self.body(d.body) or d.options.get("alt", "")
            return [f"**Figure.** {caption}"] if caption else []
        if name == "glossary":
            return [self.text(d.body)]
        body = self.body(d.body)
        if name in ADMONITIONS or name == "dropdown":
            title = self.page.inline(d.arg) if d.arg else ADMONITIONS.get(name, "")
            head = f"**{title}.** " if title else ""
            return [_blockquote(head + body)]
        # any other directive (tab-set, card, list-table ...): its title and its text
        head = f"**{self.page.inline(d.arg)}**\n\n" if d.arg else ""
        return [head + body] if (head + body).strip() else []

    # Cells -------------------------------------------------------------------------------------
    def markdown_cell(self, cell, source_id: int) -> None:
        for kind, value in _split_blocks(cell.source):
            if kind == "directive" and value.name == "solution-start":
                if self.solution is not None:
                    raise ValueError(f"a {{solution-start}} comes before the {{solution-end}} of "
                                     f"{self.solution.title!r}")
                self.solution = _Solution(self.page.solution_title(value.arg))
                continue
            if kind == "directive" and value.name == "solution-end":
                if self.solution is None:
                    raise ValueError("a {solution-end} with no {solution-start} before it")
                self.close_solution(source_id)
                continue
            if kind == "text":
                pieces = [self.text(value)]
            elif kind == "code":
                pieces = [str(value).strip("\n")]
            else:
                pieces = self.directive(value)
            for piece in pieces:
                if self.solution is not None:
                    self.solution.add(piece if isinstance(piece, str) else piece.text.split("\n", 1)[-1])
                elif isinstance(piece, _SolutionText):
                    self.solutions.append(piece)
                    self.out.prose(_pointer(piece.title), source_id)
                else:
                    self.out.prose(piece, source_id)

    def close_solution(self, source_id: int | None = None) -> None:
        if self.solution is not None:
            solution = self.solution.done()
            self.solution = None
            self.solutions.append(solution)
            self.out.prose(_pointer(solution.title), source_id)

    def code_cell(self, cell) -> None:
        if self.solution is not None:
            self.solution.add_code(cell.source)
            return
        cell = copy.deepcopy(cell)
        tags = set(cell.metadata.get("tags", []))
        jupyter = dict(cell.metadata.get("jupyter", {}))
        if tags & {"hide-input", "remove-input", "hide-cell", "remove-cell"}:
            jupyter["source_hidden"] = True
        if tags & {"hide-output", "remove-output", "hide-cell", "remove-cell"}:
            jupyter["outputs_hidden"] = True
        if jupyter:
            cell.metadata["jupyter"] = jupyter
        cell.outputs = _kernel_less_outputs(cell)
        # the outputs are kept to read; the numbers of the build's run would mean nothing to a learner
        cell.execution_count = None
        for output in cell.outputs:
            if output.get("output_type") == "execute_result":
                output["execution_count"] = None
        caption = (cell.metadata.get("mystnb") or {}).get("figure", {}).get("caption")
        self.out.other(cell)
        if caption:
            self.out.markdown(f"**Figure.** {self.text(str(caption))}")

    def finish(self) -> list:
        if self.solution is not None:
            raise ValueError(f"the {{solution-start}} of {self.solution.title!r} has no {{solution-end}}: every "
                             "cell after it would be taken into the solution (and hidden from Run All)")
        if self.page.cited:  # citations after the last reference list (or a page with none)
            self.out.markdown("## References\n\n" + self.page.references())
        if self.page.terms:
            terms = sorted(self.page.terms.values(), key=lambda t: t[0].lower())
            lines = [f"- **{html.escape(term, quote=False)}**: {html.escape(definition, quote=False)}" for term, definition in terms]
            self.out.markdown("## Terms used on this page\n\n"
                              "*Hover over a dotted term in the text to read its definition, or read them all here.*\n\n"
                              + "\n".join(lines))
        if self.solutions:  # after every code cell: Run All reaches the exercises' checks first
            self.out.markdown(f"{SOLUTIONS_HEADING}\n\n{SOLUTIONS_INTRO}")
            for solution in self.solutions:
                self.out.markdown(solution.text)
        return self.out.cells


#: What a cell whose output needs the website's scripts says instead, before it is run.
NOTES = {
    "mx-explorer": "The live explorer appears here when this cell runs (Run → Run All Cells).",
    "mx-quiz": "The quiz appears here when this cell runs (Run → Run All Cells).",
}


def _kernel_less_outputs(cell) -> list:
    """The outputs that read the same without a kernel; a note in place of the others."""
    from nbformat.v4 import new_output

    kept, note = [], None
    for output in cell.get("outputs", []):
        if output.get("output_type") not in ("display_data", "execute_result"):
            kept.append(output)
            continue
        data = output.get("data", {})
        page_html = str(data.get("text/html", ""))
        inert = next((NOTES[k] for k in NOTES if f'class="{k}"' in page_html), None)
        if inert or "<script" in page_html.lower() or "application/vnd.jupyter.widget-view+json" in data \
                or "application/javascript" in data:
            note = note or inert or "This output appears when the cell runs."
            continue
        kept.append(output)
    if note:
        kept.append(new_output("display_data", data={"text/markdown": f"*{note}*", "text/plain": note}))
    return kept


def learner_notebook(nb, docname: str, context: BookContext | None = None):
    """The learner's version of a page's notebook (see the module docstring); ``nb`` is unchanged."""
    import nbformat

    if isinstance(nb, dict) and not isinstance(nb, nbformat.NotebookNode) and "cells" in nb:
        nb = nbformat.from_dict(nb)
    if not isinstance(nb, nbformat.NotebookNode) or not isinstance(nb.get("cells"), list):
        raise TypeError(f"learner_notebook: nb must be a notebook (from nbformat.read or jupytext.reads), "
                        f"got {type(nb).__name__}")
    if nb.get("nbformat") not in (None, 4):
        raise ValueError(f"learner_notebook: nb is an nbformat {nb.get('nbformat')} notebook; read it with "
                         "nbformat.read(..., as_version=4)")
    _check_docname(docname, "learner_notebook")
    if context is not None and not isinstance(context, BookContext):
        raise TypeError(f"learner_notebook: context must be a BookContext (or None), got {type(context).__name__}")
    context = context or BookContext()
    converter = _Converter(docname, context)
    for source_id, cell in enumerate(nb.cells):
        try:
            if cell.cell_type == "markdown":
                converter.markdown_cell(cell, source_id)
            elif cell.cell_type == "code":
                converter.code_cell(cell)
            else:
                converter.out.other(copy.deepcopy(cell))
        except ValueError as err:
            raise ValueError(f"{docname}, cell {source_id}: {err}") from None
    try:
        cells = converter.finish()
    except ValueError as err:
        raise ValueError(f"{docname}: {err}") from None
    _add_guide(cells)
    out = nbformat.v4.new_notebook(cells=cells)
    metadata = copy.deepcopy(dict(nb.metadata))
    for key in ("jupytext", "source_map", "mystnb"):
        metadata.pop(key, None)
    metadata.setdefault("kernelspec", {"display_name": "Python 3", "language": "python", "name": "python3"})
    metadata[LEARNER_KEY] = {"learner_notebook": LEARNER_VERSION, "page": docname}
    out.metadata = nbformat.from_dict(metadata)
    _add_ids(out)
    nbformat.validate(out)
    return out


GUIDE = ("*This is a page of the book* Integrins, Metastasis and the Tumor Microenvironment *as a notebook. "
         "Run it with **Run → Run All Cells**: the explorers and the quiz come alive once the cells have run. "
         "The book's plumbing is folded (a first line and •••: click to open it). The solutions to the "
         "exercises are in the last section, Solutions; they are text, so Run All never runs them.*")


def _add_guide(cells: list) -> None:
    from nbformat.v4 import new_markdown_cell

    first = next((i for i, c in enumerate(cells) if c.cell_type == "markdown"), None)
    cells.insert(0 if first is None else first + 1, new_markdown_cell(GUIDE))


def _add_ids(nb) -> None:
    import hashlib

    seen = set()
    for n, cell in enumerate(nb.cells):
        base = hashlib.sha1(f"{n}:{cell.source}".encode()).hexdigest()[:8]
        cell_id, k = base, 0
        while cell_id in seen:
            k += 1
            cell_id = f"{base}-{k}"
        seen.add(cell_id)
        cell["id"] = cell_id


def _check_docname(docname, where: str) -> None:
    if not isinstance(docname, str) or not docname.strip():
        raise TypeError(f"{where}: docname must be the page's path without suffix, e.g. 'book/integrins/clinic', "
                        f"got {docname!r}")


def convert_markdown(text: str, docname: str = "page", context: BookContext | None = None) -> str:
    """One Markdown text as the learner notebook writes it (a solution's text in place): for tests."""
    if not isinstance(text, str):
        raise TypeError(f"convert_markdown: text must be a str of Markdown, got {type(text).__name__}")
    _check_docname(docname, "convert_markdown")
    if context is not None and not isinstance(context, BookContext):
        raise TypeError(f"convert_markdown: context must be a BookContext (or None), got {type(context).__name__}")
    converter = _Converter(docname, context or BookContext())
    pieces = [t if isinstance(t, str) else t.text for t in converter.convert_markdown(text)]
    return "\n\n".join(t for t in pieces if t.strip())


def is_learner_notebook(nb) -> bool:
    return bool((nb.metadata.get(LEARNER_KEY) or {}).get("learner_notebook"))


# -------------------------------------------------------------------------------------------------
# The build's downloads, and a learner's own copies
# -------------------------------------------------------------------------------------------------
def converter_digest(root: Path) -> str:
    """What a learner notebook depends on besides its page: this converter, the citations, the glossary."""
    import hashlib

    here = Path(__file__).resolve()
    h = hashlib.sha256()
    for path in (here, here.parent.parent / "references.py", Path(root) / "data" / "glossary.csv", Path(root) / "references.bib"):
        if path.is_file():
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def convert_downloads(sources_dir: Path, root: Path, executed_dir: Path | None = None) -> list[Path]:
    """Write every ``.ipynb`` download under the built site's ``_sources`` as a learner notebook.

    Each is converted from the executed notebook it was copied from (``executed_dir/<page>.ipynb``,
    myst-nb's ``jupyter_execute``), or from itself when there is none. A download already
    converted, from an executed notebook no newer, by the same converter (:func:`converter_digest`),
    is left alone, so an unchanged build stays quick. Returns the files written.
    """
    import hashlib

    import nbformat

    sources_dir = Path(sources_dir)
    if not sources_dir.is_dir():
        raise FileNotFoundError(f"convert_downloads: no folder {sources_dir} (the built site's _sources)")
    if executed_dir is not None and not Path(executed_dir).is_dir():
        raise FileNotFoundError(f"convert_downloads: no folder {executed_dir} (the executed notebooks); "
                                "pass None to convert the downloads from themselves")
    digest = converter_digest(root)
    written: list[Path] = []
    context = None
    for path in sorted(sources_dir.rglob("*.ipynb")):
        docname = path.relative_to(sources_dir).with_suffix("").as_posix()
        original = Path(executed_dir) / f"{docname}.ipynb" if executed_dir else None
        if original is not None and not original.is_file():
            original = None
        current = nbformat.read(path, as_version=4)
        made_from = hashlib.sha256(original.read_bytes()).hexdigest()[:16] if original is not None else None
        if is_learner_notebook(current):
            stamp = current.metadata[LEARNER_KEY]
            if original is None or (stamp.get("converter") == digest and stamp.get("from") == made_from):
                continue
        nb = nbformat.read(original, as_version=4) if original is not None else current
        context = context or BookContext.from_root(root)
        out = learner_notebook(nb, docname, context)
        out.metadata[LEARNER_KEY].update({"converter": digest, "from": made_from})
        nbformat.write(out, path)
        written.append(path)
    return written


def notebook_pages(root: Path) -> dict[str, str]:
    """docname -> MyST source, for every page in the table of contents that is a notebook."""
    return {page: text for page, text in _page_sources(Path(root)).items() if JUPYTEXT_HEADER.match(text)}


def write_learner_notebooks(root: Path, out: Path, force: bool = False) -> tuple[list[Path], list[Path]]:
    """Write every notebook page of the book at ``root`` as a learner notebook under ``out``
    (``book/integrins/clinic.md`` → ``out/integrins/clinic.ipynb``). A notebook already there is
    kept (it may hold the learner's work) unless ``force``. Returns (written, kept)."""
    import jupytext
    import nbformat

    root, out = Path(root), Path(out)
    context = BookContext.from_root(root)
    written, kept = [], []
    for page, text in notebook_pages(root).items():  # in the table of contents' order
        relative = Path(page).relative_to("book") if page.startswith("book/") else Path(page)
        target = out / relative.with_suffix(".ipynb")
        if target.exists() and not force:
            kept.append(target)
            continue
        nb = jupytext.reads(text, fmt="md:myst")
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(learner_notebook(nb, page, context), target)
        written.append(target)
    return written, kept


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="metastasis-notebooks",
        description="Write every chapter of the book as a notebook to work in (notebooks/<part>/<chapter>.ipynb), "
                    "from the MyST pages of a clone of the repository. Run it from the repository's root.")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the repository's root (default: here)")
    parser.add_argument("--out", type=Path, default=None, help="where to write them (default: <root>/notebooks)")
    parser.add_argument("--force", action="store_true", help="replace notebooks already there (your changes to them are lost)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if not (root / "_toc.yml").is_file():
        print(f"metastasis-notebooks: {root} is not the book's repository (no _toc.yml): run it from the "
              "folder you cloned, the one with README.md and _toc.yml", file=sys.stderr)
        return 2
    out = args.out or root / "notebooks"
    written, kept = write_learner_notebooks(root, out, force=args.force)
    for path in written:
        print(f"wrote {path.relative_to(out.parent) if path.is_relative_to(out.parent) else path}")
    for path in kept:
        print(f"kept  {path.relative_to(out.parent) if path.is_relative_to(out.parent) else path} "
              "(already there: --force replaces it)")
    in_order = written + kept  # the table of contents' order
    first = next((p for p in in_order if p.parent.name not in ("front", "appendix")), in_order[0] if in_order else None)
    if first is not None:
        folder = out.relative_to(Path.cwd()) if out.is_relative_to(Path.cwd()) else out
        print(f"\nOpen them with: jupyter lab {folder}   (then {first.relative_to(out).as_posix()} in the file browser)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
