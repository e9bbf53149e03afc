#!/usr/bin/env bash
# The instructor's commands: nbgrader 0.9.6 from the command line, a sqlite gradebook, offline
# (no Docker, no JupyterHub). The course directory is assignments/ (override: COURSE_DIR=...).
#
#   bash scripts/grade.sh generate [assignment …]          student versions -> assignments/release/
#   bash scripts/grade.sh <assignment> <submissions-dir>   generate + autograde + feedback + grade CSV
#   bash scripts/grade.sh autograde <assignment> <submissions-dir>
#   bash scripts/grade.sh written <assignment> [--to sheet.csv]    written answers to grade by hand
#   bash scripts/grade.sh scores <assignment> <sheet.csv>          import the hand-given points
#   bash scripts/grade.sh feedback <assignment>             feedback HTML -> assignments/feedback/
#   bash scripts/grade.sh export <assignment> [--to f.csv]  grade CSV (one row per student)
#   bash scripts/grade.sh quizzes [--to DIR]                every quiz bank as Moodle XML and Canvas QTI
#
# A submissions folder holds <student>/<file>.ipynb (one folder per student) or <student>.ipynb.
# Autograding RUNS THE STUDENTS' CODE, unsandboxed: run this as an unprivileged user (see the
# instructor guide).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -eq 0 ]; then sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 2; fi
# Set up once (idempotent; skipped when .venv is current). GRADE_SKIP_SETUP=1 skips the check.
[ "${GRADE_SKIP_SETUP:-0}" = 1 ] || bash scripts/setup.sh >/dev/null
# nbgrader calls alembic through PATH: the environment's bin comes first.
export PATH="$PWD/.venv/bin:$PATH"
course=(--course-dir "${COURSE_DIR:-assignments}")
case "$1" in
  quizzes) shift; exec python -m metastasis.quiz.lms "$@" ;;
  generate|autograde|written|scores|feedback|export|grade) exec python -m metastasis.book.assignments "${course[@]}" "$@" ;;
  -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//' ;;
  *) exec python -m metastasis.book.assignments "${course[@]}" grade "$@" ;;
esac
