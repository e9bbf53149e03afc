"""The notebook rendering of a quiz: the same questions and feedback as ipywidgets.

It does everything the static quiz does: a button per option with that option's feedback, a
number field with its unit checked against the key within the tolerance (and the feedback for
the wrong numbers a reader is likely to reach), answers remembered on return, and a button to
clear them. Answers are kept in a small JSON file (:func:`memory_path`: by default
``~/.metastasis/quiz-answers.json``; set ``METASTASIS_QUIZ_MEMORY`` to another file, or to
``off``), so they survive a restarted kernel the way the static quiz's survive a reload.
"""

from __future__ import annotations

import html
import json
import os
from pathlib import Path

from .question import NumericQuestion, Question
from .render_html import RESET_LABEL, WRONG, right_text, shuffled_options

__all__ = ["render_widget", "memory_path", "MEMORY_ENV"]

MEMORY_ENV = "METASTASIS_QUIZ_MEMORY"


def memory_path() -> Path | None:
    """Where answers are remembered, or None when memory is switched off."""
    setting = os.environ.get(MEMORY_ENV, "")
    if setting.lower() in ("off", "0", "false", "no"):
        return None
    return Path(setting) if setting else Path.home() / ".metastasis" / "quiz-answers.json"


class _Memory:
    def __init__(self, bank: str):
        self.bank = bank
        self.path = memory_path()

    def _read(self) -> dict:
        if self.path is None:
            return {}
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def get(self, qid: str):
        return self._read().get(self.bank, {}).get(qid)

    def _write(self, everything: dict) -> None:
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(everything, ensure_ascii=False, indent=1), encoding="utf-8")
        except OSError:
            pass  # a read-only home: the quiz still works, it only forgets

    def put(self, qid: str, value) -> None:
        everything = self._read()
        everything.setdefault(self.bank, {})[qid] = value
        self._write(everything)

    def clear(self) -> None:
        everything = self._read()
        if everything.pop(self.bank, None) is not None:
            self._write(everything)


def _feedback(widget, ok: bool, text: str) -> None:
    mark = "✔" if ok else "✘"
    colour = "#00573d" if ok else "#8a3300"
    widget.value = f'<p role="status" style="color:{colour}">{mark} {html.escape(text)}</p>'


def _choice_box(q: Question, number: int, memory: _Memory):
    import ipywidgets as widgets

    prompt = widgets.HTML(f"<p><strong>{number}.</strong> {html.escape(q.prompt)}</p>")
    feedback = widgets.HTML()
    buttons = []

    def choose(option, save=True):
        correct = option.text == q.answer
        for b in buttons:
            b.button_style = ""
            b.icon = ""
        button = next(b for b in buttons if b.description == option.text)
        button.button_style = "success" if correct else "danger"
        button.icon = "check" if correct else "times"
        _feedback(feedback, correct, right_text(q) if correct else f"{WRONG} {option.feedback}")
        if save:
            memory.put(q.id, {"choice": option.text})

    for option in shuffled_options(q):
        button = widgets.Button(description=option.text, tooltip=option.text, layout=widgets.Layout(width="auto"))
        button.on_click(lambda _, option=option: choose(option))
        buttons.append(button)

    def restore():
        saved = memory.get(q.id)
        for option in q.options:
            if saved and saved.get("choice") == option.text:
                choose(option, save=False)

    def clear():
        for b in buttons:
            b.button_style, b.icon = "", ""
        feedback.value = ""

    for button in buttons:
        button.add_class("mx-live-option")
    feedback.add_class("mx-live-feedback")
    box = widgets.VBox([prompt, widgets.HBox(buttons, layout=widgets.Layout(flex_flow="row wrap")), feedback])
    box.add_class("mx-live-question")
    box.answer, box.restore, box.clear, box.feedback = choose, restore, clear, feedback
    return box


def _numeric_box(q: NumericQuestion, number: int, memory: _Memory):
    import ipywidgets as widgets

    prompt = widgets.HTML(f"<p><strong>{number}.</strong> {html.escape(q.prompt)}</p>")
    entry = widgets.Text(placeholder="a number", description="Your answer", style={"description_width": "initial"},
                         layout=widgets.Layout(width="18em"))
    unit = widgets.HTML(f"<span>&nbsp;{html.escape(q.unit)}</span>")
    check = widgets.Button(description="Check", layout=widgets.Layout(width="auto"))
    note = widgets.HTML(f"<small>Answers within {html.escape(q.tolerance.describe())} of the key count as right.</small>")
    feedback = widgets.HTML()

    def grade(_=None, save=True):
        text = entry.value.strip().replace(",", ".").replace("×10^", "e").replace("−", "-")
        if not text:
            _feedback(feedback, False, "Type a number first.")
            return
        try:
            value = float(text.rstrip("%"))
        except ValueError:
            _feedback(feedback, False, "That is not a number: type digits, e.g. 0.25 or 1.5e6.")
            return
        if save:
            memory.put(q.id, {"value": entry.value})
        ok, message = q.check(value)
        if ok:
            _feedback(feedback, True, right_text(q))
        else:
            _feedback(feedback, False, f"{WRONG} {message}" if not message.startswith(WRONG) else message)

    check.on_click(grade)
    entry.continuous_update = False

    def restore():
        saved = memory.get(q.id)
        if saved and "value" in saved:
            entry.value = str(saved["value"])
            grade(save=False)

    def clear():
        entry.value = ""
        feedback.value = ""

    def answer(value):
        entry.value = str(value)
        grade()

    feedback.add_class("mx-live-feedback")
    box = widgets.VBox([prompt, widgets.HBox([entry, unit, check]), note, feedback])
    box.add_class("mx-live-question")
    box.answer, box.restore, box.clear, box.feedback = answer, restore, clear, feedback
    return box


def render_widget(questions: list, title: str = "", bank: str = "quiz"):
    """The quiz as ipywidgets, for a live kernel (see the module docstring)."""
    import ipywidgets as widgets

    if not questions:
        raise ValueError(f"quiz {bank!r} has no questions")
    memory = _Memory(bank)
    boxes = []
    for number, q in enumerate(questions, start=1):
        if isinstance(q, NumericQuestion):
            boxes.append(_numeric_box(q, number, memory))
        elif isinstance(q, Question):
            boxes.append(_choice_box(q, number, memory))
        else:
            raise TypeError(f"quiz {bank!r}: cannot render {type(q).__name__}")
    reset = widgets.Button(description=RESET_LABEL, layout=widgets.Layout(width="auto"))

    def on_reset(_):
        memory.clear()
        for box in boxes:
            box.clear()

    reset.on_click(on_reset)
    for box in boxes:
        box.restore()
    head = [widgets.HTML(f"<strong>{html.escape(title)}</strong>")] if title else []
    quiz = widgets.VBox([*head, reset, *boxes])
    quiz.add_class("mx-live-quiz")  # the classes name the parts for a stylesheet and for the notebook tests
    quiz.questions, quiz.reset = boxes, on_reset
    return quiz
