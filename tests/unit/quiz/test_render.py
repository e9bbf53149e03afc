"""Both renderings of a quiz: escaped static HTML with per-option feedback, and the notebook widget."""

import json

import pytest
from bs4 import BeautifulSoup

from metastasis.quiz import NumericQuestion, Option, Question, Tolerance, render_html, render_widget
from metastasis.quiz.question import Misconception
from metastasis.quiz.render_html import shuffled_options

CHOICE = Question("x", "Pick A", (Option("A", ""), Option("B", "B names the other class.")), "A", "A is right.",
                  ("su2020integrins",))
NUMBER = NumericQuestion("n", "Fraction left after 6 h?", 0.0625, "fraction", Tolerance(relative=0.02),
                         "Four half-lives: 2⁻⁴.", ("meng2004circulating",),
                         misconceptions=(Misconception(0.25, "That is two half-lives, not four."),))


def test_html_escapes_everything_and_carries_each_options_feedback():
    q = Question("x", 'Is <img src=x onerror="alert(1)"> safe?',
                 (Option("<b>yes</b>", "<script>bad()</script> is never safe"), Option("no & never", "")),
                 "no & never", "Because <script>.", ("su2020integrins",))
    html = render_html([q], "bank")
    doc = BeautifulSoup(html, "html.parser")
    assert doc.find("img") is None and doc.find("b") is None and doc.find("script") is None
    buttons = doc.select("button.mx-option")
    assert [b["data-correct"] for b in buttons].count("1") == 1
    right = next(b for b in buttons if b["data-correct"] == "1")
    wrong = next(b for b in buttons if b["data-correct"] == "0")
    assert right.get_text() == "no & never"
    assert right["data-feedback"].startswith("Correct. Because <script>.") and "Source: Su et al. 2020" in right["data-feedback"]
    assert wrong["data-feedback"] == "Not quite. <script>bad()</script> is never safe"
    assert doc.select_one(".mx-feedback")["role"] == "status"
    assert "onclick" not in html, "handlers live in quiz.js, not inline"


def test_numeric_html_has_a_labelled_field_its_unit_and_its_key():
    doc = BeautifulSoup(render_html([NUMBER, CHOICE], "bank", "Title"), "html.parser")
    field = doc.select_one("fieldset.mx-numeric")
    answer = field.select_one("input.mx-answer")
    assert doc.select_one(f"label[for={answer['id']}]").get_text() == "Your answer"
    assert answer["inputmode"] == "decimal"
    assert field.select_one(".mx-unit").get_text() == "fraction"
    assert float(field["data-key"]) == 0.0625 and float(field["data-relative"]) == 0.02
    assert json.loads(field["data-misconceptions"]) == [[0.25, "Not quite. That is two half-lives, not four."]]
    assert "within 2%" in field.select_one(".mx-tolerance").get_text()
    assert doc.select_one("button.mx-reset").get_text() == "Clear my answers"
    assert [q["data-qid"] for q in doc.select("fieldset.mx-question")] == ["n", "x"]


def test_shuffle_is_deterministic():
    q = Question("seeded", "p", tuple(Option(t, f"{t} is wrong here") for t in "abcd"), "a", "e", ("k2020x",))
    assert shuffled_options(q) == shuffled_options(q)
    assert sorted(o.text for o in shuffled_options(q)) == ["a", "b", "c", "d"]


@pytest.fixture
def memory(tmp_path, monkeypatch):
    path = tmp_path / "answers.json"
    monkeypatch.setenv("METASTASIS_QUIZ_MEMORY", str(path))
    return path


def test_widget_gives_each_options_feedback(memory):
    quiz = render_widget([CHOICE], "T", bank="b")
    box = quiz.questions[0]
    buttons = box.children[1].children
    next(b for b in buttons if b.description == "B").click()
    assert "Not quite. B names the other class." in box.feedback.value
    next(b for b in buttons if b.description == "A").click()
    assert "Correct. A is right." in box.feedback.value and "Source:" in box.feedback.value


def test_widget_numeric_checks_tolerance_misconceptions_and_bad_text(memory):
    quiz = render_widget([NUMBER], "T", bank="b")
    box = quiz.questions[0]
    box.answer("0,0626")
    assert "Correct." in box.feedback.value
    box.answer("0.25")
    assert "two half-lives, not four" in box.feedback.value
    box.answer("0.5")
    assert "too high" in box.feedback.value
    box.answer("a lot")
    assert "not a number" in box.feedback.value


def test_widget_remembers_answers_and_forgets_them_on_reset(memory):
    quiz = render_widget([CHOICE, NUMBER], "T", bank="b")
    quiz.questions[0].answer(CHOICE.options[1])
    quiz.questions[1].answer("0.0625")
    assert json.loads(memory.read_text())["b"] == {"x": {"choice": "B"}, "n": {"value": "0.0625"}}
    again = render_widget([CHOICE, NUMBER], "T", bank="b")  # a restarted kernel
    assert "B names the other class." in again.questions[0].feedback.value
    assert "Correct." in again.questions[1].feedback.value
    again.reset(None)
    assert "b" not in json.loads(memory.read_text())
    assert again.questions[0].feedback.value == "" and again.questions[1].feedback.value == ""
    fresh = render_widget([CHOICE, NUMBER], "T", bank="b")
    assert fresh.questions[0].feedback.value == ""


def test_widget_memory_can_be_switched_off(monkeypatch, tmp_path):
    monkeypatch.setenv("METASTASIS_QUIZ_MEMORY", "off")
    monkeypatch.setenv("HOME", str(tmp_path))
    quiz = render_widget([CHOICE], "T", bank="b")
    quiz.questions[0].answer(CHOICE.options[0])
    assert not list(tmp_path.rglob("*.json"))


def test_empty_quiz_is_an_error():
    with pytest.raises(ValueError, match="no questions"):
        render_html([], "b")
    with pytest.raises(ValueError, match="no questions"):
        render_widget([], "T", bank="b")
