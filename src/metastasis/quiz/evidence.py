"""Evidence: where in the curated data a question's answer lives, re-derived independently.

A question that carries ``evidence`` (every generated one does, and hand-written ones may) has
its answer re-derived from the dataset by :func:`check_evidence`, independently of the code that
wrote the question: ``{dataset, where, column}`` means the answer is the only value of
``column`` among the rows matching ``where``; ``{dataset, where, count: true}`` means it is the
number of matching rows.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import data as data_module
from .question import QuizError

__all__ = ["matching_rows", "derive", "check_evidence"]


def matching_rows(frame: pd.DataFrame, where: dict, dataset: str, qid: str) -> pd.DataFrame:
    """The rows of ``frame`` whose columns equal every value in ``where`` (compared as text)."""
    if not isinstance(where, dict) or not where:
        raise QuizError(f"question {qid!r}: 'where' must be a non-empty mapping of column to value, got {where!r}")
    mask = pd.Series(True, index=frame.index)
    for column, value in where.items():
        if column not in frame.columns:
            raise QuizError(f"question {qid!r}: {dataset} has no column {column!r}")
        mask &= frame[column].astype("string") == str(value)
    return frame[mask]


def derive(evidence: dict, qid: str, directory: Path | None = None) -> str:
    """The answer the evidence points at, as text."""
    for name in ("dataset", "where"):
        if name not in evidence:
            raise QuizError(f"question {qid!r}: evidence lacks {name!r}")
    try:
        frame = data_module.load(evidence["dataset"], directory)
    except KeyError as err:
        raise QuizError(f"question {qid!r}: evidence names an unknown dataset: {err}") from None
    rows = matching_rows(frame, evidence["where"], evidence["dataset"], qid)
    if evidence.get("count"):
        return str(len(rows))
    column = evidence.get("column")
    if column not in frame.columns:
        raise QuizError(f"question {qid!r}: evidence names unknown column {evidence['dataset']}.{column}")
    values = sorted(set(rows[column].dropna().astype(str)))
    if len(values) != 1:
        raise QuizError(
            f"question {qid!r}: evidence {evidence['where']} gives {len(values)} values of "
            f"{column} in {evidence['dataset']} ({values}); expected exactly one"
        )
    return values[0]


def check_evidence(question, directory: Path | None = None) -> None:
    """Re-derive the answer from the dataset named in ``question.evidence``; raise if they differ."""
    ev = question.evidence
    if not ev:
        raise QuizError(f"question {question.id!r} carries no evidence to check")
    derived = derive(ev, question.id, directory)
    expected = question.answer if isinstance(question.answer, str) else f"{question.answer:g}"
    if question.kind == "numeric":
        try:
            same = question.tolerance.accepts(float(derived), float(question.answer))
        except ValueError:
            same = False
    else:
        same = derived == expected
    if not same:
        raise QuizError(
            f"question {question.id!r}: the answer key says {expected!r}, "
            f"but {ev['dataset']} says {derived!r}"
        )
