"""Questions built from the curated datasets, with feedback on every option derived from the data.

A bank entry ``{id, generator, params}`` names one of these generators. Each reads a dataset
through the one loader, writes the question, gives every wrong option feedback that says what
that option really is in the data, and attaches ``evidence`` so that
:func:`metastasis.quiz.evidence.check_evidence` can re-derive the answer on its own.

Generators:

``lookup``
    "What is <column> of <key>?" The options are other values of the column; choosing one tells
    the reader which rows do have it. params: dataset, key_column, key, column, prompt,
    explanation (``str.format`` templates over the row's fields); optional ``n_options``
    (default 4), ``option_feedback`` (a template with ``{option}``, ``{holders}`` and the row's
    fields), ``distractors`` (the values to offer, instead of a seeded sample).
``count``
    "How many rows match <where>?" The options are nearby counts; a wrong count is told the real
    number and the rows that make it up. params: dataset, where, prompt, explanation (templates;
    ``{count}`` is the answer); optional ``member_column`` (default: the dataset's primary key).
``heterodimer_ligand_class``
    "Which ligand class does <heterodimer> belong to?" params: heterodimer.
"""

from __future__ import annotations

import random
import string
from pathlib import Path

import pandas as pd

from .. import data as data_module
from .evidence import matching_rows
from .question import Option, Question, QuizError

__all__ = ["GENERATORS", "generate"]


def _require(params: dict, qid: str, *names: str) -> None:
    if not isinstance(params, dict):
        raise QuizError(f"question {qid!r}: params must be a mapping, got {type(params).__name__}")
    missing = [n for n in names if n not in params]
    if missing:
        raise QuizError(f"question {qid!r}: params lack {', '.join(missing)}")


def _fill(template: str, fields: dict, qid: str) -> str:
    if not isinstance(template, str):
        raise QuizError(f"question {qid!r}: a template must be text, got {template!r}")
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


def _listing(values, limit: int = 6) -> str:
    values = [str(v) for v in values]
    if len(values) > limit:
        return ", ".join(values[:limit]) + f" and {len(values) - limit} more"
    if len(values) <= 2:
        return " and ".join(values)
    return ", ".join(values[:-1]) + " and " + values[-1]


def _fields(row: pd.Series) -> dict[str, str]:
    return {k: ("" if pd.isna(v) else str(v)) for k, v in row.items()}


DEFAULT_LOOKUP_FEEDBACK = "{option} is the {column_label} of {holders}, not of {key}."
NOBODY_FEEDBACK = "No row of the data has {column_label} {option}: {key} has {answer}."


def lookup(qid: str, params: dict, directory: Path | None = None) -> Question:
    _require(params, qid, "dataset", "key_column", "key", "column", "prompt", "explanation")
    dataset, column, key_column = params["dataset"], params["column"], params["key_column"]
    frame = data_module.load(dataset, directory)
    for name in (column, key_column):
        if name not in frame.columns:
            raise QuizError(f"question {qid!r}: {dataset} has no column {name!r}")
    row = _single_row(frame, {key_column: params["key"]}, dataset, qid)
    if pd.isna(row[column]):
        raise QuizError(f"question {qid!r}: {dataset}.{column} is empty for {params['key']!r}")
    answer = str(row[column])
    if isinstance(frame[column].dtype, pd.CategoricalDtype):
        pool = [str(c) for c in frame[column].cat.categories]
    else:
        pool = sorted(set(frame[column].dropna().astype(str)))
    if "distractors" in params:
        chosen = [str(d) for d in params["distractors"]]
        bad = [d for d in chosen if d not in pool or d == answer]
        if bad:
            raise QuizError(f"question {qid!r}: distractor(s) {bad} are not other values of {dataset}.{column}")
    else:
        distractors = [v for v in pool if v != answer]
        random.Random(qid).shuffle(distractors)
        n_options = params.get("n_options", 4)
        if isinstance(n_options, bool) or not isinstance(n_options, int) or n_options < 2:
            raise QuizError(f"question {qid!r}: n_options must be a whole number >= 2, got {n_options!r}")
        chosen = distractors[: n_options - 1]
    if not chosen:
        raise QuizError(f"question {qid!r}: {dataset}.{column} has no other values to offer as options")
    fields = _fields(row)
    label = params.get("column_label", column.replace("_", " "))
    template = params.get("option_feedback", DEFAULT_LOOKUP_FEEDBACK)
    options = [Option(answer, "")]
    for value in chosen:
        holders = frame.loc[frame[column].astype("string") == value, key_column].astype(str).tolist()
        context = fields | {"option": value, "holders": _listing(holders), "column_label": label,
                            "key": str(params["key"]), "answer": answer}
        text = _fill(template if holders else NOBODY_FEEDBACK, context, qid)
        options.append(Option(value, text))
    return Question(
        id=qid,
        prompt=_fill(params["prompt"], fields, qid),
        options=tuple(options),
        answer=answer,
        explanation=_fill(params["explanation"], fields, qid),
        source=_row_sources(row, qid),
        origin="generated:lookup",
        evidence={"dataset": dataset, "where": {key_column: params["key"]}, "column": column},
    )


def _primary_key(dataset: str, directory: Path | None) -> str:
    key = data_module.resource(dataset, directory).get("schema", {}).get("primaryKey")
    if isinstance(key, list):
        key = key[0] if len(key) == 1 else None
    if not key:
        raise QuizError(f"{dataset} has no single-column primary key: give the question a member_column")
    return key


def count(qid: str, params: dict, directory: Path | None = None) -> Question:
    _require(params, qid, "dataset", "where", "prompt", "explanation")
    dataset, where = params["dataset"], params["where"]
    frame = data_module.load(dataset, directory)
    rows = matching_rows(frame, where, dataset, qid)
    n = len(rows)
    if n == 0:
        raise QuizError(f"question {qid!r}: no row of {dataset} matches {where}")
    member_column = params.get("member_column") or _primary_key(dataset, directory)
    if member_column not in frame.columns:
        raise QuizError(f"question {qid!r}: {dataset} has no column {member_column!r}")
    members = _listing(rows[member_column].astype(str), limit=14)
    # one count on each side of the answer, and a third one further out on a seeded side
    further = random.Random(qid).choice([c for c in (n - 2, n + 2) if c >= 0])
    candidates = [c for c in (n - 1, n + 1, further) if c >= 0]
    if len(candidates) < 3:
        candidates.append(n + 3)
    fields = {"count": str(n), **{k: str(v) for k, v in where.items()}}
    options = [Option(str(n), "")]
    for c in sorted(candidates):
        gap = abs(c - n)
        direction = "too many" if c > n else "too few"
        options.append(Option(str(c), f"{c} is {gap} {direction}: the data list {n}: {members}."))
    sources: list[str] = []
    for _, row in rows.iterrows():
        sources.extend(_row_sources(row, qid))
    options.sort(key=lambda o: int(o.text))
    return Question(
        id=qid,
        prompt=_fill(params["prompt"], fields, qid),
        options=tuple(options),
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
            "n_options": 4,
            "prompt": "Which ligand class does the integrin {heterodimer} belong to?",
            "explanation": "{heterodimer} is grouped with the {ligand_class} receptors. Representative ligands: {representative_ligands}.",
            "option_feedback": "{heterodimer} is a {answer} receptor ({representative_ligands}). "
                               "The {option} class is {holders}.",
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
