"""One quiz, two renderings: self-contained HTML for the static page, ipywidgets for a kernel.

All text from a bank is escaped, so a bank entry can never inject markup. The HTML needs no
script file and no CDN: each option is a ``<button>`` whose inline handler marks it right or
wrong and writes feedback into a live region that screen readers announce.
"""

from __future__ import annotations

import hashlib
import html

from ..explorer import is_static_build
from ..references import short_cite
from .bank import Question, load_bank, shuffled_options

__all__ = ["render_html", "render_widget", "show_quiz", "sources_text"]

_CORRECT = "Correct."
_WRONG = "Not quite: try another option."


def sources_text(question: Question) -> str:
    cites = []
    for key in question.source:
        try:
            cites.append(short_cite(key))
        except (KeyError, FileNotFoundError):
            cites.append(key)
    return "Source: " + "; ".join(cites)


def _handler() -> str:
    return (
        "var q=this.closest('.mx-question');"
        "q.querySelectorAll('button').forEach(function(b){b.classList.remove('mx-right','mx-wrong');b.setAttribute('aria-pressed','false');});"
        "var ok=this.dataset.correct==='1';"
        "this.classList.add(ok?'mx-right':'mx-wrong');this.setAttribute('aria-pressed','true');"
        "var fb=q.querySelector('.mx-feedback');"
        "fb.textContent=ok?q.dataset.right:q.dataset.wrong;"
        "fb.className='mx-feedback '+(ok?'mx-feedback-right':'mx-feedback-wrong');"
    )


def render_html(questions: list[Question], bank: str, title: str = "") -> str:
    """The quiz as one self-contained HTML block."""
    if not questions:
        raise ValueError(f"quiz {bank!r} has no questions")
    handler = html.escape(_handler(), quote=True)
    uid = "mx-quiz-" + hashlib.sha1(bank.encode()).hexdigest()[:8]
    parts = [f'<div class="mx-quiz" id="{uid}" data-bank="{html.escape(bank, quote=True)}">']
    if title:
        parts.append(f'<p class="mx-quiz-title"><strong>{html.escape(title)}</strong></p>')
    for number, q in enumerate(questions, start=1):
        right = f"{_CORRECT} {q.explanation} ({sources_text(q)})"
        qid = f"{uid}-{html.escape(q.id, quote=True)}"
        parts.append(
            f'<fieldset class="mx-question" id="{qid}" data-qid="{html.escape(q.id, quote=True)}" '
            f'data-right="{html.escape(right, quote=True)}" data-wrong="{html.escape(_WRONG, quote=True)}">'
            f'<legend><span class="mx-qnum">{number}.</span> {html.escape(q.prompt)}</legend>'
            '<div class="mx-options">'
        )
        for option in shuffled_options(q):
            correct = "1" if option == q.answer else "0"
            parts.append(
                f'<button type="button" class="mx-option" data-correct="{correct}" aria-pressed="false" '
                f'onclick="{handler}">{html.escape(option)}</button>'
            )
        parts.append('</div><p class="mx-feedback" role="status" aria-live="polite"></p></fieldset>')
    parts.append("</div>")
    return "".join(parts)


def render_widget(questions: list[Question], title: str = ""):
    """The same quiz as ipywidgets, for a live kernel."""
    import ipywidgets as widgets

    boxes = []
    if title:
        boxes.append(widgets.HTML(f"<strong>{html.escape(title)}</strong>"))
    for number, q in enumerate(questions, start=1):
        prompt = widgets.HTML(f"<p><strong>{number}.</strong> {html.escape(q.prompt)}</p>")
        feedback = widgets.HTML()
        buttons = []
        for option in shuffled_options(q):
            button = widgets.Button(description=option, tooltip=option, layout=widgets.Layout(width="auto"))

            def on_click(_, option=option, q=q, feedback=feedback):
                if option == q.answer:
                    text = f"✔ {_CORRECT} {q.explanation} ({sources_text(q)})"
                else:
                    text = f"✘ {_WRONG}"
                feedback.value = f"<p>{html.escape(text)}</p>"

            button.on_click(on_click)
            buttons.append(button)
        boxes.append(widgets.VBox([prompt, widgets.HBox(buttons, layout=widgets.Layout(flex_flow="row wrap")), feedback]))
    return widgets.VBox(boxes)


def show_quiz(bank: str) -> list[Question]:
    """Display a bank's quiz: static HTML during the book's build, widgets in a live kernel."""
    from IPython.display import HTML, display

    title, questions = load_bank(bank)
    if is_static_build():
        display(HTML(render_html(questions, bank, title)))
    else:
        display(render_widget(questions, title))
    return questions
