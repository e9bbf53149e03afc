"""The static rendering of a quiz: one self-contained HTML block, driven by ``quiz.js``.

Every text from a bank is escaped, so a bank entry can never inject markup; the script writes
feedback with ``textContent`` only. A choice question is a group of buttons, each carrying the
feedback for that option; a numeric question is a labelled text field (decimal keyboard on a
phone), its unit and a Check button, carrying the key, the tolerance and the feedback for the
wrong numbers a reader is likely to reach. Feedback goes to a live region that screen readers
announce. The reader's answers are kept in the browser's ``localStorage`` (on that device
only) and restored on return; "Clear my answers" forgets them.

The script ``quiz.js`` ships with the package (``metastasis/web/``) and is served by the site
itself; nothing comes from another site.

Why not jupyterquiz? It renders from JSON with its own script and styles, fetched at run time,
and it builds its markup with ``innerHTML`` from the bank's text. The book's own renderer keeps
three promises jupyterquiz does not: text is escaped at build time, every control is a native,
labelled, keyboard-operable element, and nothing loads from a CDN.
"""

from __future__ import annotations

import hashlib
import html
import json
import random
import re

from ..references import short_cite
from .question import NumericQuestion, Question

__all__ = ["render_html", "shuffled_options", "sources_text", "RIGHT", "WRONG", "RESET_LABEL"]

RIGHT = "Correct."
WRONG = "Not quite."
RESET_LABEL = "Clear my answers"


def sources_text(question) -> str:
    cites = []
    for key in question.source:
        try:
            cites.append(short_cite(key))
        except (KeyError, FileNotFoundError):
            cites.append(key)
    return "Source: " + "; ".join(cites)


def _a(value) -> str:
    return html.escape(str(value), quote=True)


def right_text(question) -> str:
    return f"{RIGHT} {question.explanation} ({sources_text(question)})"


def shuffled_options(question: Question) -> list:
    """The options in a fixed, question-specific order (seeded by the id: builds are reproducible)."""
    options = list(question.options)
    if all(re.fullmatch(r"-?\d+(\.\d+)?", o.text) for o in options):
        return sorted(options, key=lambda o: float(o.text))  # numbers read best in order
    random.Random(question.id).shuffle(options)
    return options


def _choice(q: Question, qid: str, number: int) -> str:
    buttons = []
    for option in shuffled_options(q):
        correct = option.text == q.answer
        feedback = right_text(q) if correct else f"{WRONG} {option.feedback}"
        buttons.append(
            f'<button type="button" class="mx-option" data-correct="{int(correct)}" '
            f'data-feedback="{_a(feedback)}" aria-pressed="false">{html.escape(option.text)}</button>'
        )
    return (
        f'<fieldset class="mx-question mx-choice" id="{qid}" data-qid="{_a(q.id)}">'
        f'<legend><span class="mx-qnum">{number}.</span> {html.escape(q.prompt)}</legend>'
        f'<div class="mx-options">{"".join(buttons)}</div>'
        '<p class="mx-feedback" role="status" aria-live="polite"></p></fieldset>'
    )


def _numeric(q: NumericQuestion, qid: str, number: int) -> str:
    misconceptions = json.dumps([[m.value, f"{WRONG} {m.feedback}"] for m in q.misconceptions], ensure_ascii=False)
    return (
        f'<fieldset class="mx-question mx-numeric" id="{qid}" data-qid="{_a(q.id)}" '
        f'data-key="{q.answer!r}" data-relative="{q.tolerance.relative!r}" data-absolute="{q.tolerance.absolute!r}" '
        f'data-unit="{_a(q.unit)}" data-right="{_a(right_text(q))}" data-wrong="{_a(WRONG)}" '
        f'data-misconceptions="{_a(misconceptions)}">'
        f'<legend><span class="mx-qnum">{number}.</span> {html.escape(q.prompt)}</legend>'
        f'<div class="mx-entry"><label for="{qid}-answer">Your answer</label> '
        f'<input type="text" inputmode="decimal" autocomplete="off" id="{qid}-answer" class="mx-answer" '
        f'aria-describedby="{qid}-unit"> '
        f'<span class="mx-unit" id="{qid}-unit">{html.escape(q.unit)}</span> '
        '<button type="button" class="mx-check">Check</button></div>'
        f'<p class="mx-tolerance">Answers within {html.escape(q.tolerance.describe())} of the key count as right.</p>'
        '<p class="mx-feedback" role="status" aria-live="polite"></p></fieldset>'
    )


def render_html(questions: list, bank: str, title: str = "") -> str:
    """The quiz as one self-contained HTML block (see the module docstring)."""
    if not questions:
        raise ValueError(f"quiz {bank!r} has no questions")
    uid = "mx-quiz-" + hashlib.sha1(bank.encode()).hexdigest()[:8]
    parts = [f'<div class="mx-quiz" id="{uid}" data-bank="{_a(bank)}">']
    head = f'<p class="mx-quiz-title"><strong>{html.escape(title)}</strong></p>' if title else ""
    parts.append(f'<div class="mx-quiz-head">{head}<button type="button" class="mx-reset">{RESET_LABEL}</button></div>')
    for number, q in enumerate(questions, start=1):
        qid = f"{uid}-{_a(q.id)}"
        if isinstance(q, NumericQuestion):
            parts.append(_numeric(q, qid, number))
        elif isinstance(q, Question):
            parts.append(_choice(q, qid, number))
        else:
            raise TypeError(f"quiz {bank!r}: cannot render {type(q).__name__}")
    parts.append('<p class="mx-quiz-note">Your answers are kept in this browser only.</p></div>')
    return "".join(parts)
