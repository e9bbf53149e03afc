"""Question banks: load and validate ``data/quizzes/<bank>.yml``, build every question, check it.

A bank is valid against ``data/quizzes/bank.schema.json``. Each entry is one of:

- a hand-written **choice** question: prompt, options (each ``{text, feedback}``: every wrong
  option says why it is wrong), answer, explanation, source, optional evidence;
- a hand-written **numeric** question: prompt, ``key`` (a package function and its arguments,
  see :mod:`metastasis.quiz.keys`), unit, tolerance, explanation, source, optional
  ``misconceptions`` (wrong numbers a reader may reach, each computed the same way, with what
  went wrong);
- a **generated** question: a generator and its params (:mod:`metastasis.quiz.generators`).

Every answer that has evidence is re-derived from the data (:mod:`metastasis.quiz.evidence`).
Import order, so there is no circle: ``question`` ← ``evidence`` ← ``generators`` ← ``bank``.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from .. import data as data_module
from .evidence import check_evidence
from .generators import generate
from .keys import compute
from .question import Misconception, NumericQuestion, Option, Question, QuizError, Tolerance

__all__ = ["bank_path", "bank_names", "validate_bank", "load_bank", "build_question"]


def _quiz_dir(directory: Path | None) -> Path:
    return (Path(directory) if directory is not None else data_module.data_dir()) / "quizzes"


def bank_path(bank: str, directory: Path | None = None) -> Path:
    if not isinstance(bank, str) or not bank:
        raise QuizError(f"bank name must be a non-empty string, got {bank!r}")
    return _quiz_dir(directory) / f"{bank}.yml"


def bank_names(directory: Path | None = None) -> list[str]:
    return sorted(p.stem for p in _quiz_dir(directory).glob("*.yml"))


def _schema(directory: Path | None) -> dict:
    return json.loads((_quiz_dir(directory) / "bank.schema.json").read_text(encoding="utf-8"))


def _jsonschema():
    """jsonschema, imported without its optional ``iri`` format check.

    jsonschema imports ``rfc3987_syntax`` when it is installed (JupyterLab brings it, through
    jupyter-events, into the learner environment), and that import compiles a grammar for about
    3 s, in every kernel that shows a quiz. The banks' schema checks no format, so the import is
    skipped while jsonschema loads (a later ``import rfc3987_syntax`` works as usual).
    """
    import sys

    if "jsonschema" not in sys.modules and "rfc3987_syntax" not in sys.modules:
        sys.modules["rfc3987_syntax"] = None  # "import rfc3987_syntax" raises ImportError meanwhile
        try:
            import jsonschema
        finally:
            del sys.modules["rfc3987_syntax"]
    import jsonschema

    return jsonschema


def validate_bank(raw: object, where: str, directory: Path | None = None) -> None:
    """Raise :class:`QuizError` naming the file and the offending place if ``raw`` breaks the schema."""
    jsonschema = _jsonschema()
    validator = jsonschema.Draft202012Validator(_schema(directory))
    err = jsonschema.exceptions.best_match(validator.iter_errors(raw))
    if err is not None:
        place = "/".join(str(p) for p in err.absolute_path) or "(top level)"
        raise QuizError(f"{where}: at {place}: {err.message}")


def _tolerance(entry: dict, qid: str) -> Tolerance:
    raw = entry.get("tolerance")
    if not isinstance(raw, dict) or not raw:
        raise QuizError(f"question {qid!r}: a numeric question needs a tolerance: {{relative: 0.02}} or {{absolute: 0.1}}")
    unknown = sorted(set(raw) - {"relative", "absolute"})
    if unknown:
        raise QuizError(f"question {qid!r}: tolerance has unknown part(s) {unknown}")
    try:
        return Tolerance(relative=raw.get("relative", 0.0), absolute=raw.get("absolute", 0.0))
    except QuizError as err:
        raise QuizError(f"question {qid!r}: {err}") from None


def _numeric(entry: dict, directory: Path | None) -> NumericQuestion:
    qid = entry["id"]
    if "unit" not in entry or not str(entry.get("unit", "")).strip():
        raise QuizError(f"question {qid!r}: a numeric question needs its unit (e.g. 'h', '%', 'cells per 7.5 mL')")
    misconceptions = tuple(
        Misconception(value=compute(m["key"], qid), feedback=m["feedback"]) for m in entry.get("misconceptions", [])
    )
    return NumericQuestion(
        id=qid,
        prompt=entry["prompt"],
        answer=compute(entry["key"], qid),
        unit=entry["unit"],
        tolerance=_tolerance(entry, qid),
        explanation=entry["explanation"],
        source=tuple(entry["source"]),
        key=dict(entry["key"]),
        misconceptions=misconceptions,
        evidence=entry.get("evidence"),
    )


def _choice(entry: dict) -> Question:
    options = tuple(Option(text=o["text"], feedback=o.get("feedback", "")) for o in entry["options"])
    return Question(
        id=entry["id"],
        prompt=entry["prompt"],
        options=options,
        answer=entry["answer"],
        explanation=entry["explanation"],
        source=tuple(entry["source"]),
        evidence=entry.get("evidence"),
    )


def build_question(entry: dict, directory: Path | None = None):
    """One question from one bank entry (already valid against the schema), checked against its data."""
    if "generator" in entry:
        question = generate(entry["generator"], entry["id"], entry["params"], directory)
    elif "key" in entry:
        question = _numeric(entry, directory)
    else:
        question = _choice(entry)
    if question.evidence is not None:
        check_evidence(question, directory)
    return question


def load_bank(bank: str, directory: Path | None = None) -> tuple[str, list]:
    """Return the bank's title and its questions, generated and checked against the data."""
    path = bank_path(bank, directory)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        known = ", ".join(bank_names(directory)) or "none"
        raise QuizError(f"no question bank {bank!r} at {path}; known banks: {known}") from None
    except yaml.YAMLError as err:
        raise QuizError(f"{path.name}: not valid YAML: {err}") from None
    validate_bank(raw, path.name, directory)
    if raw["bank"] != bank:
        raise QuizError(f"{path.name}: says bank {raw['bank']!r}, but its file name says {bank!r}")
    questions = []
    seen: set[str] = set()
    for entry in raw["questions"]:
        qid = entry["id"]
        if qid in seen:
            raise QuizError(f"{path.name}: question id {qid!r} is used twice")
        seen.add(qid)
        try:
            questions.append(build_question(entry, directory))
        except QuizError as err:
            message = str(err)
            raise QuizError(message if message.startswith(path.name) else f"{path.name}: {message}") from None
    return raw["title"], questions

