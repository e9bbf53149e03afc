"""Layer 7 (DESIGN.md): the graded assignments.

- the source solution scores full marks under ``nbgrader autograde``;
- a blank submission scores zero, without crashing;
- a plausible wrong submission that passes the visible tests loses points on the hidden tests;
- no hidden test, solution or nbgrader marker is in any student version, in the feedback, or
  anywhere in the built site (``_build/html``, its search index and downloads included);
- the student versions execute in the learner environment (binder/requirements.txt): unanswered,
  only the answer cells raise (nbgrader's NotImplementedError) and the checks that need them;
  answered, no cell raises at all;
- the grade CSV has one row per student, with the right totals;
- the sources are MyST only (no committed notebook) and well formed.

The grading runs once per session (``graded`` in conftest.py); ``bash scripts/test.sh
tests/assignments`` runs this layer alone.
"""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import jupytext
import nbformat
import pytest
from nbclient import NotebookClient

from learner_env import kernel_dir
from metastasis.book import assignments as tool

from assignment_grading import NAMES, STUDENTS, answered_student_version

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def _meta(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def _is_hidden(grade_id: str) -> bool:
    return grade_id.endswith("-hidden")


def _text_lines(path: Path) -> set[str]:
    """The stripped lines of a file as a reader sees them (HTML: tags removed, entities decoded)."""
    text = path.read_text(encoding="utf-8", errors="ignore")
    if path.suffix == ".html":
        text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return {line.strip() for line in text.splitlines()}


# -- the sources ----------------------------------------------------------------------------------


def test_four_assignments_one_per_part():
    assert tool.assignment_names(ROOT / tool.SOURCE_MD) == ["assignment-1", "assignment-2", "assignment-3", "assignment-4"]
    for n, part in enumerate(["integrins", "cascade", "microenvironment", "interventions"], start=1):
        landing = (ROOT / "book" / part / "index.md").read_text(encoding="utf-8")
        link = f"</assignments/release/assignment-{n}/assignment-{n}.ipynb>"
        assert "## Assignment" in landing and link in landing, f"book/{part}/index.md does not link assignment-{n}"


def test_no_notebook_is_committed_as_a_source():
    listed = subprocess.run(["git", "ls-files", "assignments"], cwd=ROOT, capture_output=True, text=True)
    if listed.returncode != 0:
        pytest.skip("not a git checkout")
    committed = listed.stdout.split()
    assert not [f for f in committed if f.endswith(".ipynb")], "commit the MyST sources, never a notebook"
    assert {f"assignments/source-md/{n}.md" for n in NAMES} <= set(committed)


@pytest.mark.parametrize("name", NAMES)
def test_source_is_well_formed(name):
    nb = jupytext.read(ROOT / tool.SOURCE_MD / f"{name}.md")
    ids = [_meta(c).get("grade_id") for c in nb.cells if _meta(c)]
    assert len(ids) == len(set(ids)), f"{name}: repeated grade_id"
    points = 0.0
    for i, cell in enumerate(nb.cells):
        meta = _meta(cell)
        gid = meta.get("grade_id", "")
        if meta.get("grade"):
            points += float(meta["points"])
        if _is_hidden(gid):
            assert meta.get("grade") and "### BEGIN HIDDEN TESTS" in cell.source and "### END HIDDEN TESTS" in cell.source, f"{name}/{gid}: a hidden-test cell needs both markers"
        if meta.get("solution") and cell.cell_type == "markdown":
            # nbgrader replaces a written-answer cell whole: its prompt must be in a cell of its own
            assert not cell.source.lstrip().startswith("#"), f"{name}/{gid}: the prompt of a written answer goes in its own cell"
            prompt = next(c for c in reversed(nb.cells[:i]) if c.cell_type == "markdown")
            assert not _meta(prompt).get("solution") and "##" in prompt.source, f"{name}/{gid}: no prompt cell before it"
        if meta.get("solution") and cell.cell_type == "code":
            assert "### BEGIN SOLUTION" in cell.source, f"{name}/{gid}: a code answer marks its solution"
    assert points == 20, f"{name}: worth {points} points, not 20"


# -- grading ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_solution_scores_full_marks(graded, name):
    cells = graded[name].cells["solution"]
    auto = {g: s for g, s in cells.items() if not g.endswith("-written")}
    assert auto and all(score == top for score, top in auto.values()), f"{name}: the solution lost points: {auto}"


@pytest.mark.parametrize("name", NAMES)
def test_blank_submission_scores_zero(graded, name):
    cells = graded[name].cells["blank"]
    assert cells and all(score == 0 for score, _ in cells.values()), f"{name}: a blank submission scored {cells}"


@pytest.mark.parametrize("name", NAMES)
def test_wrong_answers_pass_the_checks_but_lose_hidden_points(graded, name):
    cells = graded[name].cells["wrong"]
    checks = {g: s for g, s in cells.items() if g.endswith("-check")}
    hidden = {g: s for g, s in cells.items() if _is_hidden(g)}
    assert checks and all(score == top for score, top in checks.values()), f"{name}: the wrong answers should pass the visible checks: {checks}"
    lost = [g for g, (score, top) in hidden.items() if score < top]
    assert len(lost) == len(hidden), f"{name}: hidden tests that the wrong answers passed: {sorted(set(hidden) - set(lost))}"


@pytest.mark.parametrize("name", NAMES)
def test_grade_csv_has_one_row_per_student_with_the_right_totals(graded, name):
    rows = graded[name].csv_rows
    assert sorted(r["student_id"] for r in rows) == sorted(STUDENTS)
    for row in rows:
        cells = graded[name].cells[row["student_id"]]
        assert row["assignment"] == name
        assert float(row["max_score"]) == 20 == sum(top for _, top in cells.values())
        assert float(row["score"]) == pytest.approx(sum(score for score, _ in cells.values()))
    totals = {r["student_id"]: float(r["score"]) for r in rows}
    assert totals["solution"] == 20 and totals["blank"] == 0
    checks = sum(s for g, (s, _) in graded[name].cells["wrong"].items() if g.endswith("-check"))
    assert totals["wrong"] == checks < 20


# -- nothing hidden reaches a student -------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_student_version_holds_no_solution_or_hidden_test(graded, name):
    g = graded[name]
    assert tool.secret_lines(g.source), f"{name}: the source has no solution or hidden test to withhold"
    assert tool.leaks(g.release, g.source) == []
    nb = nbformat.read(g.release, as_version=4)
    for cell in nb.cells:
        if _is_hidden(_meta(cell).get("grade_id", "")):
            assert not [l for l in cell.source.splitlines() if l.strip() and not l.lstrip().startswith("#")], f"{name}: a hidden-test cell is not empty in the student version"


@pytest.mark.parametrize("name", NAMES)
def test_feedback_withholds_hidden_tests(graded, name):
    g = graded[name]
    hidden = tool.secret_lines(g.source, kinds=("hidden",))
    assert hidden
    for sid in STUDENTS:
        lines = _text_lines(g.feedback[sid])
        # (the solution's own answer cells hold the solution markers: that is the student's code)
        assert not [m for m in tool.MARKERS if "HIDDEN" in m and any(m in line for line in lines)], f"{name}/{sid}: feedback shows the hidden-test markers"
        shown = [line for line in hidden if line in lines]
        assert not shown, f"{name}/{sid}: feedback shows hidden-test lines: {shown[:3]}"
        assert any("withheld" in line for line in lines)


@pytest.mark.build
def test_built_site_holds_no_solution_or_hidden_test(built_site):
    assert built_site.returncode == 0
    secrets: set[str] = set()
    every = tool.assignment_names(ROOT / tool.SOURCE_MD)
    for name in every:
        secrets |= set(tool.secret_lines(tool.convert(name, ROOT / tool.SOURCE_MD, ROOT / "assignments")))
    # A line that a chapter prints for every reader (say, a bisection step of a worked solution)
    # is public, not instructors' material; the solution and hidden-test lines left are still many.
    chapter_lines = {line.strip() for page in (ROOT / "book").rglob("*.md") for line in page.read_text(encoding="utf-8").splitlines()}
    secrets -= chapter_lines
    assert len(secrets) >= 40, f"only {len(secrets)} distinctive instructor lines left to look for"
    found = []
    for path in built_site.site.rglob("*"):
        if not path.is_file() or path.suffix in {".png", ".jpg", ".svg", ".woff", ".woff2", ".ttf", ".ico", ".gif"}:
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        found += [f"{path.relative_to(built_site.site)}: marker {m!r}" for m in tool.MARKERS if m in text]
        lines = _text_lines(path)
        if path.suffix == ".ipynb":  # a notebook's lines are JSON strings: read its cells
            lines |= {line.strip() for c in nbformat.read(path, as_version=4).cells for line in c.source.splitlines()}
        found += [f"{path.relative_to(built_site.site)}: {s!r}" for s in secrets if s in lines]
    assert not found, "instructors' material in the built site:\n" + "\n".join(found[:20])
    downloads = sorted(built_site.site.glob("_downloads/*/assignment-*.ipynb"))
    assert sorted(p.name for p in downloads) == [f"{n}.ipynb" for n in every], "every assignment's student version is downloadable"
    for path in downloads:
        assert tool.leaks(path, ROOT / "assignments" / "source" / path.stem / path.name) == []
    index = (built_site.site / "searchindex.js").read_text(encoding="utf-8")
    assert "source-md" not in index and "assignments/source" not in index


# -- the learner environment ------------------------------------------------------------------


def _run(nb, learner_python, tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_PATH", str(kernel_dir(tmp_path, learner_python)))
    for var in ("METASTASIS_STATIC", "METASTASIS_DATA_DIR", "PYTHONPATH"):
        monkeypatch.delenv(var, raising=False)
    workdir = tmp_path / "student"
    workdir.mkdir(exist_ok=True)
    NotebookClient(nb, kernel_name="learner", timeout=300, allow_errors=True,
                   resources={"metadata": {"path": str(workdir)}}).execute()
    return [(c, o) for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]


@pytest.mark.learner
@pytest.mark.parametrize("name", NAMES)
def test_student_version_runs_in_the_learner_environment(graded, name, learner_python, tmp_path, monkeypatch):
    g = graded[name]
    blank = nbformat.read(g.release, as_version=4)
    errors = _run(blank, learner_python, tmp_path, monkeypatch)
    answer_cells = [c for c in blank.cells if c.cell_type == "code" and _meta(c).get("solution")]
    raised = {id(c) for c, _ in errors}
    assert all(id(c) in raised for c in answer_cells), f"{name}: an unanswered cell did not raise"
    for cell, out in errors:
        meta = _meta(cell)
        if meta.get("solution"):
            assert out.ename == "NotImplementedError", f"{name}/{meta.get('grade_id')}: {out.ename}: {out.evalue}"
        else:  # only the checks of missing answers may fail, and only because the answer is missing
            assert meta.get("grade") and out.ename in {"NameError", "AssertionError"}, f"{name}/{meta.get('grade_id', 'a cell')}: {out.ename}: {out.evalue}"
    answered = answered_student_version(g.release, g.source)
    errors = _run(answered, learner_python, tmp_path, monkeypatch)
    assert not errors, f"{name}: answered, the student version fails in the learner environment: " + "; ".join(f"{_meta(c).get('grade_id')}: {o.ename}: {o.evalue}" for c, o in errors)
