"""Quizzes: question banks under ``data/quizzes/``, generated from data and checked against it.

Modules, in import order (no circle): :mod:`.question` (the question types), :mod:`.keys`
(numeric keys computed by the package), :mod:`.evidence` (answers re-derived from the data),
:mod:`.generators` (questions built from datasets), :mod:`.bank` (load and validate a bank),
:mod:`.render_html` (the static quiz) and :mod:`.render_widget` (the notebook quiz), then
:func:`show_quiz`, which a page calls.
"""

from .bank import bank_names, load_bank, validate_bank
from .evidence import check_evidence
from .generators import GENERATORS, generate
from .question import NumericQuestion, Option, Question, QuizError, Tolerance
from .render_html import render_html
from .render_widget import render_widget

__all__ = [
    "Question", "NumericQuestion", "Option", "Tolerance", "QuizError", "bank_names", "check_evidence",
    "load_bank", "validate_bank", "GENERATORS", "generate", "render_html", "render_widget", "show_quiz",
]


def show_quiz(bank: str) -> list:
    """Display a bank's quiz: static HTML during the book's build, widgets in a live kernel."""
    from IPython.display import HTML, display

    from ..explorer import is_static_build

    title, questions = load_bank(bank)
    if is_static_build():
        display(HTML(render_html(questions, bank, title)))
    else:
        display(render_widget(questions, title, bank))
    return questions
