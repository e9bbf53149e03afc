"""Quizzes: question banks under ``data/quizzes/``, generated from data and checked against it."""

from .bank import Question, QuizError, bank_names, check_evidence, load_bank, validate_bank
from .generators import GENERATORS, generate
from .render import render_html, render_widget, show_quiz

__all__ = [
    "Question", "QuizError", "bank_names", "check_evidence", "load_bank", "validate_bank",
    "GENERATORS", "generate", "render_html", "render_widget", "show_quiz",
]
