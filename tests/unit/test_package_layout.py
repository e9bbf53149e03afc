"""The package is laid out like the book, and its modules import each other without a circle.

- No import circle: every ``import`` in every module (including the ones inside functions, which
  hide a circle rather than remove it) is read with :mod:`ast`, and the graph of the package's own
  modules must have no cycle.
- One subpackage per part, mirroring ``book/``: every module in ``metastasis/<part>/`` is named after
  a page of ``book/<part>/``, and every page that imports part code imports its own part's.
- Build tooling (``metastasis.book``) is imported by no page and by no module outside it.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path


from metastasis.book.pageshape import PARTS

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "metastasis"


def module_names(package: Path) -> dict[str, Path]:
    """Dotted module name -> file, for every module of the package rooted at ``package``."""
    names = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names[".".join(parts)] = path
    return names


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's own modules that ``name`` imports, anywhere in its file."""
    is_package = path.name == "__init__.py"
    here = name if is_package else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
            found.update(t for t in targets if t in known)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = here.split(".")
                base_parts = base_parts[: len(base_parts) - (node.level - 1)]
                base = ".".join(base_parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                if candidate in known:
                    found.add(candidate)
                elif base in known:
                    found.add(base)
    found.discard(name)
    return found


def import_graph(package: Path) -> dict[str, set[str]]:
    names = module_names(package)
    known = set(names)
    return {name: imports_of(name, path, known) for name, path in names.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan), each a circle of imports."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_package_has_no_import_circle():
    found = cycles(import_graph(PACKAGE))
    assert not found, "import circles: " + "; ".join(" ↔ ".join(c) for c in found)


def test_the_circle_check_finds_a_circle_hidden_inside_a_function(tmp_path):
    pkg = tmp_path / "toy"
    (pkg / "quiz").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "quiz" / "__init__.py").write_text("")
    (pkg / "quiz" / "bank.py").write_text("def load():\n    from .generators import generate\n")
    (pkg / "quiz" / "generators.py").write_text("from .bank import load\n")
    (pkg / "quiz" / "render.py").write_text("from . import bank\n")
    assert cycles(import_graph(pkg)) == [["toy.quiz.bank", "toy.quiz.generators"]]


def test_one_subpackage_per_part_and_one_module_per_page():
    for part in PARTS:
        folder = PACKAGE / part
        assert (folder / "__init__.py").is_file(), f"metastasis/{part}/ is missing: the package mirrors book/{part}/"
        assert (ROOT / "book" / part).is_dir()
        for entry in sorted(folder.iterdir()):
            if entry.name in ("__init__.py", "__pycache__"):
                continue
            page = entry.stem if entry.suffix == ".py" else entry.name
            assert (ROOT / "book" / part / f"{page}.md").is_file(), (
                f"metastasis/{part}/{entry.name} names no page: expected book/{part}/{page}.md")


_PAGE_IMPORT = re.compile(r"^\s*(?:from|import)\s+(metastasis(?:\.[\w.]+)?)", re.M)


def _code(text: str) -> str:
    """The code cells of a MyST notebook page."""
    return "\n".join(re.findall(r"```\{code-cell\}[^\n]*\n(.*?)```", text, flags=re.S))


def test_pages_import_their_own_part_and_never_the_build_tooling():
    for page in sorted((ROOT / "book").rglob("*.md")):
        modules = _PAGE_IMPORT.findall(_code(page.read_text(encoding="utf-8")))
        rel = page.relative_to(ROOT / "book")
        assert not [m for m in modules if m.startswith("metastasis.book")], f"book/{rel} imports build tooling"
        if rel.parts[0] in PARTS:
            other_parts = [m for m in modules if m.split(".")[1:2] and m.split(".")[1] in PARTS and m.split(".")[1] != rel.parts[0]]
            assert not other_parts or rel.stem != "index", f"book/{rel}: a landing page imports another part's code"


def test_no_module_outside_the_build_tooling_imports_it():
    graph = import_graph(PACKAGE)
    offenders = sorted(name for name, deps in graph.items()
                       if not name.startswith("metastasis.book") and any(d.startswith("metastasis.book") for d in deps))
    assert not offenders, f"modules that import metastasis.book: {offenders}"
