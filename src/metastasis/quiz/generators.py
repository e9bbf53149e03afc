"""Questions built from the curated datasets.

A bank entry ``{id, generator, params}`` names one of these generators. Each reads a dataset
through the one loader, writes the question, and attaches ``evidence``: where in the data the
answer lives, so that :func:`metastasis.quiz.bank.check_evidence` can re-derive it on its own.

Generators:

``lookup``
    "What is <column> of <key>?" The options are other values of the column.
    params: dataset, key_column, key, column, prompt, explanation (``str.format`` templates over
    the row's fields), optional ``n_options`` (default 4).
``count``
    "How many rows match <where>?" The options are nearby counts.
    params: dataset, where, prompt, explanation (templates; ``{count}`` is the answer).
``heterodimer_ligand_class``
    "Which ligand class does <heterodimer> bind?" params: heterodimer.
"""

from __future__ import annotations

import random
import string
from pathlib import Path

import pandas as pd

from .. import data as data_module
from .bank import Question, QuizError, matching_rows

__all__ = ["GENERATORS", "generate"]


def _require(params: dict, qid: str, *names: str) -> None:
    if not isinstance(params, dict):
        raise QuizError(f"question {qid!r}: params must be a mapping, got {type(params).__name__}")
    missing = [n for n in names if n not in params]
    if missing:
        raise QuizError(f"question {qid!r}: params lack {', '.join(missing)}")


def _fill(template: str, fields: dict, qid: str) -> str:
    names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    unknown = names - set(fields)
    if unknown:
        raise QuizError(f"question {qid!r}: template names unknown field(s) {sorted(unknown)}")
    return template.format_map(fields)


def _row_sources(row: pd.Series, qid: str) -> tuple[str, ...]:
    keys: list[str] = []
    for column in ("source", "primary_source"):
        if column in row.index and not pd.isna(row[column]):
            keys.extend(k.strip() for k in str(row[column]).split(";") if k.strip())
    if not keys:
        raise QuizError(f"question {qid!r}: the data row has no source to cite")
    return tuple(dict.fromkeys(keys))


def _single_row(frame: pd.DataFrame, where: dict, dataset: str, qid: str) -> pd.Series:
    rows = matching_rows(frame, where, dataset, qid)
    if len(rows) != 1:
        raise QuizError(f"question {qid!r}: {where} matches {len(rows)} rows of {dataset}, expected exactly 1")
    return rows.iloc[0]


def lookup(qid: str, params: dict, directory: Path | None = None) -> Question:
    _require(params, qid, "dataset", "key_column", "key", "column", "prompt", "explanation")
    dataset, column = params["dataset"], params["column"]
    frame = data_module.load(dataset, directory)
    if column not in frame.columns:
        raise QuizError(f"question {qid!r}: {dataset} has no column {column!r}")
    row = _single_row(frame, {params["key_column"]: params["key"]}, dataset, qid)
    if pd.isna(row[column]):
        raise QuizError(f"question {qid!r}: {dataset}.{column} is empty for {params['key']!r}")
    answer = str(row[column])
    n_options = int(params.get("n_options", 4))
    if isinstance(frame[column].dtype, pd.CategoricalDtype):
        pool = [str(c) for c in frame[column].cat.categories]
    else:
        pool = sorted(set(frame[column].dropna().astype(str)))
    distractors = [v for v in pool if v != answer]
    if not distractors:
        raise QuizError(f"question {qid!r}: {dataset}.{column} has no other values to offer as options")
    random.Random(qid).shuffle(distractors)
    options = (answer, *distractors[: max(1, n_options - 1)])
    fields = {k: ("" if pd.isna(v) else str(v)) for k, v in row.items()}
    return Question(
        id=qid,
        prompt=_fill(params["prompt"], fields, qid),
        options=tuple(options),
        answer=answer,
        explanation=_fill(params["explanation"], fields, qid),
        source=_row_sources(row, qid),
        origin="generated:lookup",
        evidence={"dataset": dataset, "where": {params["key_column"]: params["key"]}, "column": column},
    )


def count(qid: str, params: dict, directory: Path | None = None) -> Question:
    _require(params, qid, "dataset", "where", "prompt", "explanation")
    dataset, where = params["dataset"], params["where"]
    frame = data_module.load(dataset, directory)
    rows = matching_rows(frame, where, dataset, qid)
    n = len(rows)
    if n == 0:
        raise QuizError(f"question {qid!r}: no row of {dataset} matches {where}")
    candidates = [c for c in (n - 2, n - 1, n + 1, n + 2, n + 3) if c >= 0]
    random.Random(qid).shuffle(candidates)
    options = tuple(str(c) for c in sorted([n, *candidates[:3]]))
    fields = {"count": str(n), **{k: str(v) for k, v in where.items()}}
    sources: list[str] = []
    for _, row in rows.iterrows():
        sources.extend(_row_sources(row, qid))
    return Question(
        id=qid,
        prompt=_fill(params["prompt"], fields, qid),
        options=options,
        answer=str(n),
        explanation=_fill(params["explanation"], fields, qid),
        source=tuple(dict.fromkeys(sources))[:4],
        origin="generated:count",
        evidence={"dataset": dataset, "where": dict(where), "count": True},
    )


def heterodimer_ligand_class(qid: str, params: dict, directory: Path | None = None) -> Question:
    _require(params, qid, "heterodimer")
    return lookup(
        qid,
        {
            "dataset": "integrin_heterodimers",
            "key_column": "heterodimer",
            "key": params["heterodimer"],
            "column": "ligand_class",
            "prompt": "Which ligand class does the integrin {heterodimer} belong to?",
            "explanation": "{heterodimer} is grouped with the {ligand_class} receptors. Representative ligands: {representative_ligands}.",
        },
        directory,
    )


GENERATORS = {
    "lookup": lookup,
    "count": count,
    "heterodimer_ligand_class": heterodimer_ligand_class,
}


def generate(name: str, qid: str, params: dict, directory: Path | None = None) -> Question:
    try:
        generator = GENERATORS[name]
    except KeyError:
        raise QuizError(f"question {qid!r}: unknown generator {name!r}; known: {', '.join(GENERATORS)}") from None
    return generator(qid, params, directory)
