"""The graded assignments: MyST sources → nbgrader → student versions, grading and grades.

One assignment per part, each one MyST notebook ``assignments/source-md/<assignment>.md`` with
nbgrader's cell metadata in its cell headers. It is the only committed source: nothing under
``assignments/source/`` (or any other nbgrader folder) is committed.

The course directory (nbgrader's ``CourseDirectory.root``, default ``assignments/``) holds
``nbgrader_config.py`` and, once the commands below have run, nbgrader's own folders::

    source/<assignment>/<assignment>.ipynb      converted from source-md/ by jupytext (with solutions
                                                and hidden tests: instructors only)
    release/<assignment>/<assignment>.ipynb     the student version (nbgrader generate_assignment)
    submitted/<student>/<assignment>/…          collected submissions
    autograded/, feedback/, gradebook.db        nbgrader's results (sqlite gradebook)

Commands (``bash scripts/grade.sh <command> …`` wraps them; see the instructor guide)::

    python -m metastasis.book.assignments generate [<assignment> …]
    python -m metastasis.book.assignments autograde <assignment> <submissions-dir>
    python -m metastasis.book.assignments written <assignment> [--to sheet.csv]
    python -m metastasis.book.assignments scores <assignment> <filled-sheet.csv>
    python -m metastasis.book.assignments feedback <assignment>
    python -m metastasis.book.assignments export <assignment> [--to grades.csv]
    python -m metastasis.book.assignments grade <assignment> <submissions-dir>   (all of the above
                                                                                 but written/scores)

A submissions folder holds one notebook per student, either as ``<student>/<anything>.ipynb``
(one folder per student, as an LMS bulk download unpacks) or as ``<student>.ipynb``.

The book's build publishes the student versions (:func:`publish`): each part's landing page
links ``assignments/release/<assignment>/<assignment>.ipynb`` with ``{download}``. Publishing is
cached by content (a hash of the MyST source, the nbgrader configuration, this module and the
nbgrader version), so a build with nothing changed runs no nbgrader at all.

nbgrader runs as a subprocess of the same Python environment, with that environment's ``bin``
first on ``PATH``: nbgrader calls ``alembic`` through ``PATH`` to create the gradebook.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

__all__ = [
    "MARKERS", "COURSE_DIR", "SOURCE_MD", "assignment_names", "convert", "generate", "publish",
    "leaks", "collect", "autograde", "feedback", "export_grades", "written_answers", "import_scores",
    "grade", "main",
]

#: nbgrader's delimiters: none may survive into anything a student sees.
MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
#: The course directory and the MyST sources, relative to the repository root.
COURSE_DIR = Path("assignments")
SOURCE_MD = COURSE_DIR / "source-md"
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_STAMP = ".published.sha256"


class AssignmentError(RuntimeError):
    """An assignment, a submission folder or an nbgrader run that went wrong, said plainly."""


def repo_root() -> Path:
    """The repository root: the folder holding ``assignments/source-md`` (searched upwards from here)."""
    for base in [Path.cwd(), *Path.cwd().parents, *Path(__file__).resolve().parents]:
        if (base / SOURCE_MD).is_dir():
            return base
    raise AssignmentError(f"no {SOURCE_MD}/ folder above {Path.cwd()}: run from the repository")


def assignment_names(source_md: Path) -> list[str]:
    """Every assignment, by the file names of its MyST sources (``assignment-1`` …)."""
    names = sorted(p.stem for p in Path(source_md).glob("*.md"))
    bad = [n for n in names if not _NAME.match(n)]
    if bad:
        raise AssignmentError(f"assignment file names must be lower-case words and hyphens: {bad}")
    return names


def _check_name(name: str, source_md: Path) -> Path:
    path = Path(source_md) / f"{name}.md"
    if not path.is_file():
        known = ", ".join(assignment_names(source_md)) or "none"
        raise AssignmentError(f"no assignment {name!r} (no {path}); known: {known}")
    return path


def _write_if_changed(path: Path, data: bytes) -> bool:
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def convert(name: str, source_md: Path, course_dir: Path) -> Path:
    """``source-md/<name>.md`` → ``source/<name>/<name>.ipynb`` (jupytext; rewritten only if changed)."""
    import jupytext
    import nbformat

    md = _check_name(name, source_md)
    nb = jupytext.read(md)
    nb.metadata.pop("jupytext", None)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata.setdefault("language_info", {"name": "python"})
    for cell in nb.cells:
        if "nbgrader" in cell.metadata:
            cell.metadata["nbgrader"].setdefault("schema_version", 3)
    out = Path(course_dir) / "source" / name / f"{name}.ipynb"
    _write_if_changed(out, (nbformat.writes(nb) + "\n").encode("utf-8"))
    return out


def _env() -> dict:
    env = dict(os.environ)
    bin_dir = str(Path(sys.executable).parent)  # not resolved: a venv's python is a symlink
    env["PATH"] = bin_dir + os.pathsep + env.get("PATH", "")
    # the kernels nbgrader starts import the book's package as this process does
    src = str(Path(__file__).resolve().parents[2])
    if (Path(src) / "metastasis").is_dir():
        env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.pop("METASTASIS_STATIC", None)  # graded notebooks run as a learner's kernel would
    return env


def nbgrader(args: list[str], course_dir: Path, timeout: int = 1800) -> subprocess.CompletedProcess:
    """Run ``nbgrader <args>`` in the course directory; raise :class:`AssignmentError` if it fails."""
    exe = Path(sys.executable).parent / "nbgrader"
    if not exe.exists():
        raise AssignmentError(f"nbgrader is not installed in this environment ({exe}): run scripts/setup.sh")
    course_dir = Path(course_dir).resolve()
    proc = subprocess.run([str(exe), *args, f"--CourseDirectory.root={course_dir}"], cwd=course_dir,
                          env=_env(), capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        raise AssignmentError(f"nbgrader {' '.join(args)} failed ({proc.returncode}):\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}")
    errors = [line for line in proc.stderr.splitlines() if "[ERROR]" in line]
    if errors:
        raise AssignmentError(f"nbgrader {' '.join(args)} reported errors:\n" + "\n".join(errors[-20:]))
    return proc


def _prepare_course(course_dir: Path, root: Path) -> None:
    course_dir = Path(course_dir)
    course_dir.mkdir(parents=True, exist_ok=True)
    config = root / COURSE_DIR / "nbgrader_config.py"
    target = course_dir / "nbgrader_config.py"
    if config.resolve() != target.resolve():
        shutil.copyfile(config, target)


def generate(names: list[str] | None = None, course_dir: Path | None = None, root: Path | None = None,
             db: bool = True, check: bool = True) -> dict[str, Path]:
    """Convert the MyST sources and generate each student version; return name → release notebook.

    With ``db`` (the instructor's command) the assignment and its cells are recorded in the
    gradebook, which autograding needs; the book's build uses ``db=False``. With ``check`` (always,
    except in the tests, which report leaks themselves) a student version that holds a marker or a
    line of a solution or hidden test raises :class:`AssignmentError` instead of being released.
    """
    root = Path(root) if root else repo_root()
    course_dir = Path(course_dir) if course_dir else root / COURSE_DIR
    source_md = root / SOURCE_MD
    every = assignment_names(source_md)
    names = names or every
    _prepare_course(course_dir, root)
    for name in names:
        convert(name, source_md, course_dir)
    # one nbgrader run for all of them when all are asked for (nbgrader's start-up costs seconds)
    for pattern in (["*"] if sorted(names) == every and len(names) > 1 else names):
        nbgrader(["generate_assignment", pattern, "--force", *(["--no-db"] if not db else [])], course_dir)
    out = {}
    for name in names:
        release = Path(course_dir) / "release" / name / f"{name}.ipynb"
        if not release.exists():
            raise AssignmentError(f"nbgrader wrote no student version at {release}")
        problems = leaks(release, Path(course_dir) / "source" / name / f"{name}.ipynb") if check else []
        if problems:
            raise AssignmentError(f"the student version of {name} is not safe to release:\n  " + "\n  ".join(problems))
        out[name] = release
    return out


def _fingerprint(md: Path, root: Path) -> str:
    from importlib.metadata import version

    h = hashlib.sha256()
    for path in (md, root / COURSE_DIR / "nbgrader_config.py", Path(__file__)):
        h.update(path.read_bytes())
    h.update(version("nbgrader").encode())
    return h.hexdigest()


def publish(root: Path) -> dict[str, Path]:
    """Student versions for the book's build, regenerated only when their inputs changed."""
    root = Path(root)
    source_md = root / SOURCE_MD
    course_dir = root / COURSE_DIR
    out, stale = {}, []
    for name in assignment_names(source_md):
        release = course_dir / "release" / name / f"{name}.ipynb"
        stamp = release.parent / _STAMP
        want = _fingerprint(source_md / f"{name}.md", root)
        if not (release.exists() and stamp.exists() and stamp.read_text() == want):
            stale.append((name, stamp, want))
        out[name] = release
    if stale:
        generate([name for name, _, _ in stale], course_dir, root, db=False)
        for _, stamp, want in stale:
            stamp.write_text(want)
    return out


# -- what must never reach a student ------------------------------------------------------------


def _regions(source: str, begin: str, end: str) -> list[str]:
    """The lines strictly between each ``begin`` and ``end`` marker of a cell's source."""
    out, inside = [], False
    for line in source.splitlines():
        if begin in line:
            inside = True
        elif end in line:
            inside = False
        elif inside:
            out.append(line)
    return out


def secret_lines(source_nb: Path, min_length: int = 12, kinds: tuple[str, ...] = ("hidden", "solution")) -> list[str]:
    """The distinctive lines of a source notebook that only instructors may see.

    Hidden-test lines (kind ``hidden``) and solution lines (kind ``solution``: code between the
    solution markers, and the text of written-answer cells) of at least ``min_length``
    characters, stripped; comment lines are left out.
    """
    import nbformat

    nb = nbformat.read(source_nb, as_version=4)
    lines: list[str] = []
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        src = cell.source
        if "hidden" in kinds:
            lines += _regions(src, "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
        if "solution" in kinds:
            lines += _regions(src, "BEGIN SOLUTION", "END SOLUTION")
            if cell.cell_type == "markdown" and meta.get("solution"):
                lines += src.splitlines()
    return sorted({line.strip() for line in lines if len(line.strip()) >= min_length
                   and not line.strip().startswith("#")})


def leaks(student_nb: Path, source_nb: Path | None = None) -> list[str]:
    """Everything in a student version that should not be there (empty: safe to release)."""
    import nbformat

    text = Path(student_nb).read_text(encoding="utf-8")
    found = [f"{student_nb.name}: contains the nbgrader marker {m!r}" for m in MARKERS if m in text]
    nb = nbformat.reads(text, as_version=4)
    if source_nb is not None:
        student_lines = {line.strip() for c in nb.cells for line in c.source.splitlines()}
        for line in secret_lines(source_nb):
            if line in student_lines:
                found.append(f"{student_nb.name}: contains the instructors' line {line!r}")
    for cell in nb.cells:
        if cell.get("outputs"):
            found.append(f"{student_nb.name}: a cell carries outputs (they may show a solution's results)")
            break
    return found


# -- grading ------------------------------------------------------------------------------------


def _student_id(raw: str) -> str:
    sid = re.sub(r"[^A-Za-z0-9_.-]+", "-", raw).strip("-.")
    if not sid:
        raise AssignmentError(f"cannot make a student id from {raw!r}")
    return sid


def collect(name: str, submissions: Path, course_dir: Path) -> list[str]:
    """Copy a folder of submissions into ``submitted/<student>/<name>/<name>.ipynb``; return the ids."""
    submissions = Path(submissions)
    if not submissions.is_dir():
        raise AssignmentError(f"no submissions folder at {submissions}")
    found: dict[str, Path] = {}
    for entry in sorted(submissions.iterdir()):
        if entry.is_dir():
            notebooks = sorted(p for p in entry.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
            if not notebooks:
                continue
            preferred = [p for p in notebooks if p.name == f"{name}.ipynb"]
            if len(preferred) != 1 and len(notebooks) != 1:
                raise AssignmentError(f"{entry}: {len(notebooks)} notebooks and none (or several) named {name}.ipynb")
            sid, nb = _student_id(entry.name), (preferred or notebooks)[0]
        elif entry.suffix == ".ipynb":
            sid, nb = _student_id(entry.stem), entry
        else:
            continue
        if sid in found:
            raise AssignmentError(f"two submissions for student {sid!r}: {found[sid]} and {nb}")
        found[sid] = nb
    if not found:
        raise AssignmentError(f"{submissions}: no notebooks (expected <student>/<file>.ipynb or <student>.ipynb)")
    for sid, nb in found.items():
        target = Path(course_dir) / "submitted" / sid / name / f"{name}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(nb, target)
    return sorted(found)


def autograde(name: str, course_dir: Path) -> None:
    """``nbgrader autograde``: run every collected submission with the hidden tests restored, score it.

    ``name`` may be a glob (``"*"``: every assignment), as for :func:`feedback`.
    """
    nbgrader(["autograde", name, "--force"], course_dir)


def feedback(name: str, course_dir: Path) -> list[Path]:
    """``nbgrader generate_feedback``: one HTML per student, hidden tests withheld (see nbgrader_config.py)."""
    nbgrader(["generate_feedback", name, "--force"], course_dir)
    return sorted((Path(course_dir) / "feedback").glob(f"*/{name}/*.html"))


def export_grades(name: str | None, course_dir: Path, to: Path) -> Path:
    """``nbgrader export``: one CSV row per student for this assignment (None: every assignment)."""
    to = Path(to).resolve()
    to.parent.mkdir(parents=True, exist_ok=True)
    nbgrader(["export", "--to", str(to), *(["--assignment", name] if name else [])], course_dir)
    return to


def _gradebook(course_dir: Path):
    from nbgrader.api import Gradebook

    db = Path(course_dir).resolve() / "gradebook.db"
    if not db.exists():
        raise AssignmentError(f"no gradebook at {db}: run the generate and autograde commands first")
    return Gradebook(f"sqlite:///{db}")


WRITTEN_COLUMNS = ("student_id", "grade_id", "max_points", "points", "comment", "answer")


def written_answers(name: str, course_dir: Path, to: Path) -> Path:
    """A sheet of every written (hand-graded) answer: fill in ``points`` (and ``comment``), then import it."""
    import nbformat

    rows = []
    with _gradebook(course_dir) as gb:
        assignment = gb.find_assignment(name)
        for submission in assignment.submissions:
            sid = submission.student.id
            path = Path(course_dir) / "autograded" / sid / name / f"{name}.ipynb"
            cells = {c.metadata.get("nbgrader", {}).get("grade_id"): c
                     for c in nbformat.read(path, as_version=4).cells} if path.exists() else {}
            for nb in submission.notebooks:
                for grade in nb.grades:
                    if grade.cell.cell_type != "markdown" and grade.auto_score is not None:
                        continue
                    cell = cells.get(grade.name)
                    rows.append({"student_id": sid, "grade_id": grade.name, "max_points": grade.max_score,
                                 "points": "" if grade.manual_score is None else grade.manual_score,
                                 "comment": "", "answer": cell.source if cell is not None else ""})
    to = Path(to)
    to.parent.mkdir(parents=True, exist_ok=True)
    with to.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=WRITTEN_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return to


def import_scores(name: str, course_dir: Path, sheet: Path) -> int:
    """Record the hand-given points (and comments) of a filled-in written-answers sheet."""
    n = 0
    with Path(sheet).open(newline="", encoding="utf-8") as fh, _gradebook(course_dir) as gb:
        for i, row in enumerate(csv.DictReader(fh), start=2):
            if not str(row.get("points", "")).strip():
                continue
            try:
                points = float(row["points"])
            except ValueError:
                raise AssignmentError(f"{sheet}, line {i}: points {row['points']!r} is not a number") from None
            grade = gb.find_grade(row["grade_id"], name, name, row["student_id"])
            if not 0 <= points <= grade.max_score:
                raise AssignmentError(f"{sheet}, line {i}: {points} is outside 0–{grade.max_score} for {row['grade_id']}")
            grade.manual_score = points
            if row.get("comment", "").strip():
                comment = gb.find_comment(row["grade_id"], name, name, row["student_id"])
                comment.manual_comment = row["comment"].strip()
            n += 1
        gb.db.commit()
    return n


def grade(name: str, submissions: Path, course_dir: Path | None = None, root: Path | None = None,
          to: Path | None = None) -> dict:
    """The whole command: generate, collect, autograde, feedback and the grade CSV."""
    root = Path(root) if root else repo_root()
    course_dir = Path(course_dir) if course_dir else root / COURSE_DIR
    generate([name], course_dir, root, db=True)
    students = collect(name, submissions, course_dir)
    autograde(name, course_dir)
    pages = feedback(name, course_dir)
    csv_path = export_grades(name, course_dir, to or Path(course_dir) / "grades" / f"{name}.csv")
    return {"students": students, "feedback": pages, "grades": csv_path}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m metastasis.book.assignments", description=__doc__.split("\n\n")[0])
    parser.add_argument("--course-dir", type=Path, default=None, help="nbgrader course directory (default: assignments/)")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("generate", help="convert the MyST sources and write the student versions (release/)")
    p.add_argument("assignments", nargs="*")
    for command, text in (("autograde", "collect a submissions folder and autograde it"),
                          ("grade", "generate, collect, autograde, feedback and export in one go")):
        p = sub.add_parser(command, help=text)
        p.add_argument("assignment")
        p.add_argument("submissions", type=Path)
        if command == "grade":
            p.add_argument("--to", type=Path, default=None, help="the grade CSV (default: <course>/grades/<assignment>.csv)")
    p = sub.add_parser("feedback", help="write each student's feedback HTML (feedback/)")
    p.add_argument("assignment")
    p = sub.add_parser("export", help="write the grade CSV, one row per student")
    p.add_argument("assignment")
    p.add_argument("--to", type=Path, default=None)
    p = sub.add_parser("written", help="write the sheet of written answers to grade by hand")
    p.add_argument("assignment")
    p.add_argument("--to", type=Path, default=None)
    p = sub.add_parser("scores", help="import the points of a filled-in written-answers sheet")
    p.add_argument("assignment")
    p.add_argument("sheet", type=Path)
    args = parser.parse_args(argv)
    root = repo_root()
    course = (args.course_dir or root / COURSE_DIR).resolve()
    try:
        if args.command == "generate":
            for name, path in generate(args.assignments or None, course, root).items():
                print(f"{name}: student version {path}")
        elif args.command == "autograde":
            students = collect(args.assignment, args.submissions, course)
            autograde(args.assignment, course)
            print(f"{args.assignment}: autograded {len(students)} submission(s): {', '.join(students)}")
        elif args.command == "grade":
            result = grade(args.assignment, args.submissions, course, root, args.to)
            print(f"{args.assignment}: graded {len(result['students'])} submission(s); "
                  f"feedback in {course / 'feedback'}; grades in {result['grades']}")
            print("written answers still need points: run the 'written' and 'scores' commands, then 'feedback' and 'export' again")
        elif args.command == "feedback":
            pages = feedback(args.assignment, course)
            print(f"{args.assignment}: {len(pages)} feedback page(s) in {course / 'feedback'}")
        elif args.command == "export":
            path = export_grades(args.assignment, course, args.to or course / "grades" / f"{args.assignment}.csv")
            print(f"{args.assignment}: grades in {path}")
        elif args.command == "written":
            path = written_answers(args.assignment, course, args.to or course / "grades" / f"{args.assignment}-written.csv")
            print(f"{args.assignment}: written answers to grade in {path} (fill in 'points', then run 'scores')")
        elif args.command == "scores":
            n = import_scores(args.assignment, course, args.sheet)
            print(f"{args.assignment}: recorded {n} hand-given score(s)")
    except AssignmentError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
