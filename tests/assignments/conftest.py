"""Layer 7: the graded assignments, graded for real with nbgrader in a scratch course directory.

The fixtures grade once per session; the submissions and the plausible wrong answers are in
tests/assignment_grading.py.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import nbformat
import pytest

from assignment_grading import NAMES, ROOT, STUDENTS, Graded, wrong_submission
from metastasis.book import assignments as tool


@pytest.fixture(scope="session")
def course(tmp_path_factory) -> Path:
    course_dir = tmp_path_factory.mktemp("course")
    tool.generate(NAMES, course_dir, ROOT, db=True, check=False)  # the tests report leaks themselves
    return course_dir


@pytest.fixture(scope="session")
def graded(course, tmp_path_factory) -> dict[str, Graded]:
    """Every assignment graded: one nbgrader run per step for all of them (each run starts slowly)."""
    from nbgrader.api import Gradebook

    everything = "*" if NAMES == tool.assignment_names(ROOT / tool.SOURCE_MD) else None
    for name in NAMES:
        source = course / "source" / name / f"{name}.ipynb"
        release = course / "release" / name / f"{name}.ipynb"
        subs = tmp_path_factory.mktemp(f"submissions-{name}")
        (subs / "solution").mkdir()
        shutil.copyfile(source, subs / "solution" / f"{name}.ipynb")   # one folder per student
        shutil.copyfile(release, subs / "blank.ipynb")                   # or one file per student
        nbformat.write(wrong_submission(release, name), subs / "wrong.ipynb")
        assert tool.collect(name, subs, course) == sorted(STUDENTS)
    for pattern in ([everything] if everything else NAMES):
        tool.autograde(pattern, course)
    for name in NAMES:
        # the instructor gives the solution's written answers full points, through the sheet
        sheet = tool.written_answers(name, course, course / "grades" / f"{name}-written.csv")
        rows = list(csv.DictReader(sheet.open(encoding="utf-8")))
        assert {r["student_id"] for r in rows} == set(STUDENTS)
        for row in rows:
            row["points"] = row["max_points"] if row["student_id"] == "solution" else "0"
        with sheet.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=tool.WRITTEN_COLUMNS)
            writer.writeheader()
            writer.writerows(rows)
        tool.import_scores(name, course, sheet)
    pages = [p for pattern in ([everything] if everything else NAMES) for p in tool.feedback(pattern, course)]
    csv_path = tool.export_grades(None, course, course / "grades" / "all.csv")
    exported = list(csv.DictReader(csv_path.open(encoding="utf-8")))
    out = {}
    for name in NAMES:
        g = Graded(name, course / "source" / name / f"{name}.ipynb", course / "release" / name / f"{name}.ipynb",
                   course, [r for r in exported if r["assignment"] == name])
        g.feedback = {p.parts[-3]: p for p in pages if p.parts[-2] == name}
        with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
            for sid in STUDENTS:
                nb = gb.find_submission_notebook(name, name, sid)
                g.cells[sid] = {grade.name: (float(grade.score), float(grade.max_score)) for grade in nb.grades}
        out[name] = g
    return out
