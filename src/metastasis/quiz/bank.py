"""Question banks: load, validate, generate, and check every answer against its data.

A bank is ``data/quizzes/<bank>.yml``, valid against ``data/quizzes/bank.schema.json``. A
question is written by hand, or names a generator (see :mod:`metastasis.quiz.generators`) that
builds it from a dataset. Either way the result is a :class:`Question` whose answer is one of
its options, whose explanation says why, and whose sources are bibtex keys. A question that
carries ``evidence`` (generated ones always do) has its answer re-derived from the dataset by
:func:`check_evidence`, independently of the code that wrote it.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from .. import data as data_module

__all__ = ["Question", "QuizError", "bank_path", "load_bank", "bank_names", "check_evidence", "validate_bank"]


class QuizError(ValueError):
    """A question or bank that is malformed, or whose answer disagrees with its data."""


@dataclass(frozen=True)
class Question:
    id: str
    prompt: str
    options: tuple[str, ...]
    answer: str
    explanation: str
    source: tuple[str, ...]
    origin: str = "hand"
    evidence: dict | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        for name in ("id", "prompt", "answer", "explanation"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise QuizError(f"question {self.id!r}: {name} must be non-empty text")
        if len(self.options) < 2:
            raise QuizError(f"question {self.id!r}: needs at least 2 options, has {len(self.options)}")
        if len(set(self.options)) != len(self.options):
            raise QuizError(f"question {self.id!r}: options repeat: {list(self.options)}")
        if self.answer not in self.options:
            raise QuizError(f"question {self.id!r}: answer {self.answer!r} is not one of the options {list(self.options)}")
        if not self.source:
            raise QuizError(f"question {self.id!r}: names no source")

    @property
    def generated(self) -> bool:
        return self.origin != "hand"


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


def validate_bank(raw: object, where: str, directory: Path | None = None) -> None:
    """Raise :class:`QuizError` naming the file and the offending place if ``raw`` breaks the schema."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(_schema(directory))
    errors = sorted(validator.iter_errors(raw), key=lambda e: list(e.absolute_path))
    if errors:
        err = errors[0]
        place = "/".join(str(p) for p in err.absolute_path) or "(top level)"
        raise QuizError(f"{where}: at {place}: {err.message}")


def load_bank(bank: str, directory: Path | None = None) -> tuple[str, list[Question]]:
    """Return the bank's title and its questions, generated and checked against the data."""
    from .generators import generate

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
    questions: list[Question] = []
    seen: set[str] = set()
    for entry in raw["questions"]:
        qid = entry["id"]
        if qid in seen:
            raise QuizError(f"{path.name}: question id {qid!r} is used twice")
        seen.add(qid)
        if "generator" in entry:
            question = generate(entry["generator"], qid, entry["params"], directory)
        else:
            question = Question(
                id=qid,
                prompt=entry["prompt"],
                options=tuple(entry["options"]),
                answer=entry["answer"],
                explanation=entry["explanation"],
                source=tuple(entry["source"]),
                evidence=entry.get("evidence"),
            )
        if question.evidence is not None:
            check_evidence(question, directory)
        questions.append(question)
    return raw["title"], questions


def matching_rows(frame: pd.DataFrame, where: dict, dataset: str, qid: str) -> pd.DataFrame:
    """The rows of ``frame`` whose columns equal every value in ``where`` (compared as text)."""
    mask = pd.Series(True, index=frame.index)
    for column, value in where.items():
        if column not in frame.columns:
            raise QuizError(f"question {qid!r}: {dataset} has no column {column!r}")
        mask &= frame[column].astype("string") == str(value)
    return frame[mask]


def check_evidence(question: Question, directory: Path | None = None) -> None:
    """Re-derive the answer from the dataset named in ``question.evidence``; raise if they differ."""
    ev = question.evidence
    if not ev:
        raise QuizError(f"question {question.id!r} carries no evidence to check")
    frame = data_module.load(ev["dataset"], directory)
    rows = matching_rows(frame, ev["where"], ev["dataset"], question.id)
    if ev.get("count"):
        derived = str(len(rows))
    else:
        column = ev["column"]
        if column not in frame.columns:
            raise QuizError(f"question {question.id!r}: evidence names unknown column {ev['dataset']}.{column}")
        values = sorted(set(rows[column].dropna().astype(str)))
        if len(values) != 1:
            raise QuizError(
                f"question {question.id!r}: evidence {ev['where']} gives {len(values)} values of "
                f"{column} in {ev['dataset']} ({values}); expected exactly one"
            )
        derived = values[0]
    if derived != question.answer:
        raise QuizError(
            f"question {question.id!r}: the answer key says {question.answer!r}, "
            f"but {ev['dataset']} says {derived!r}"
        )


def shuffled_options(question: Question) -> list[str]:
    """The options in a fixed, question-specific order (seeded by the id: builds are reproducible)."""
    options = list(question.options)
    if all(re.fullmatch(r"-?\d+(\.\d+)?", o) for o in options):
        return sorted(options, key=float)  # numbers read best in order
    random.Random(question.id).shuffle(options)
    return options
