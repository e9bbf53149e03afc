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
    tool.generate(NAMES, course_dir, ROOT, db=True)
    return course_dir


@pytest.fixture(scope="session")
def graded(course, tmp_path_factory) -> dict[str, Graded]:
    from nbgrader.api import Gradebook

    out = {}
    for name in NAMES:
        source = course / "source" / name / f"{name}.ipynb"
        release = course / "release" / name / f"{name}.ipynb"
        subs = tmp_path_factory.mktemp(f"submissions-{name}")
        (subs / "solution").mkdir()
        shutil.copyfile(source, subs / "solution" / f"{name}.ipynb")   # one folder per student
        shutil.copyfile(release, subs / "blank.ipynb")                   # or one file per student
        nbformat.write(wrong_submission(release, name), subs / "wrong.ipynb")
        students = tool.collect(name, subs, course)
        assert students == sorted(STUDENTS)
        tool.autograde(name, course)
        # the instructor gives the solution's written answers full points, through the sheet
        sheet = tool.written_answers(name, course, course / "grades" / f"{name}-written.csv")
        rows = list(csv.DictReader(sheet.open(encoding="utf-8")))
        for row in rows:
            row["points"] = row["max_points"] if row["student_id"] == "solution" else "0"
        with sheet.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=tool.WRITTEN_COLUMNS)
            writer.writeheader()
            writer.writerows(rows)
        tool.import_scores(name, course, sheet)
        pages = tool.feedback(name, course)
        csv_path = tool.export_grades(name, course, course / "grades" / f"{name}.csv")
        graded = Graded(name, source, release, course, list(csv.DictReader(csv_path.open(encoding="utf-8"))))
        graded.feedback = {p.parts[-3]: p for p in pages}
        with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
            for sid in STUDENTS:
                nb = gb.find_submission_notebook(name, name, sid)
                graded.cells[sid] = {g.name: (float(g.score), float(g.max_score)) for g in nb.grades}
        out[name] = graded
    return out
