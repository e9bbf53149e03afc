"""The quiz pipeline: schema, generation from data, evidence checks, escaping, both renderings."""

import json
import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from metastasis.quiz import QuizError, load_bank, render_html, render_widget
from metastasis.quiz.bank import Question, check_evidence, shuffled_options

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def package(tmp_path):
    """A tiny data package with a heterodimer-like table and the real bank schema."""
    fields = [
        {"name": "heterodimer", "type": "string"},
        {"name": "alpha", "type": "string"},
        {"name": "beta", "type": "string"},
        {"name": "ligand_class", "type": "string", "constraints": {"enum": ["RGD", "collagen", "laminin", "leukocyte/other"]}},
        {"name": "representative_ligands", "type": "string"},
        {"name": "source", "type": "string"},
    ]
    pkg = {"name": "t", "resources": [{"name": "integrin_heterodimers", "path": "h.csv", "schema": {"fields": fields, "primaryKey": ["heterodimer"]}}]}
    (tmp_path / "datapackage.json").write_text(json.dumps(pkg), encoding="utf-8")
    (tmp_path / "h.csv").write_text(
        "heterodimer,alpha,beta,ligand_class,representative_ligands,source\n"
        "α5β1,α5,β1,RGD,fibronectin,humphries2006integrin\n"
        "α2β1,α2,β1,collagen,collagen I,humphries2006integrin\n"
        "α6β4,α6,β4,laminin,laminin-332,humphries2006integrin\n",
        encoding="utf-8",
    )
    (tmp_path / "quizzes").mkdir()
    shutil.copy(ROOT / "data" / "quizzes" / "bank.schema.json", tmp_path / "quizzes")
    return tmp_path


def write_bank(package, questions, bank="t"):
    (package / "quizzes" / f"{bank}.yml").write_text(
        yaml.safe_dump({"bank": bank, "title": "T", "questions": questions}, allow_unicode=True), encoding="utf-8"
    )


HAND = {"id": "h1", "prompt": "Pick A", "options": ["A", "B"], "answer": "A", "explanation": "A is right.", "source": ["su2020integrins"]}


def test_generated_questions_answer_from_data(package):
    write_bank(package, [
        {"id": "g1", "generator": "heterodimer_ligand_class", "params": {"heterodimer": "α2β1"}},
        {"id": "g2", "generator": "count", "params": {"dataset": "integrin_heterodimers", "where": {"beta": "β1"},
                                                        "prompt": "How many β1?", "explanation": "{count} of them."}},
        HAND,
    ])
    title, qs = load_bank("t", package)
    assert title == "T"
    assert qs[0].answer == "collagen" and qs[0].generated and "α2β1" in qs[0].prompt
    assert set(qs[0].options) <= {"RGD", "collagen", "laminin", "leukocyte/other"}
    assert qs[1].answer == "2" and "2 of them" in qs[1].explanation
    assert not qs[2].generated


def test_wrong_answer_key_is_caught_against_the_data(package):
    wrong = dict(HAND, id="w", prompt="Class of α5β1?", options=["RGD", "collagen"], answer="collagen",
                 evidence={"dataset": "integrin_heterodimers", "where": {"heterodimer": "α5β1"}, "column": "ligand_class"})
    write_bank(package, [wrong])
    with pytest.raises(QuizError, match="answer key says 'collagen', but integrin_heterodimers says 'RGD'"):
        load_bank("t", package)


def test_count_evidence(package):
    q = Question("c", "How many?", ("1", "2"), "2", "Two.", ("x2020y",),
                 evidence={"dataset": "integrin_heterodimers", "where": {"beta": "β1"}, "count": True})
    check_evidence(q, package)
    bad = Question("c", "How many?", ("1", "2"), "1", "One.", ("x2020y",), evidence=q.evidence)
    with pytest.raises(QuizError):
        check_evidence(bad, package)


@pytest.mark.parametrize("broken, message", [
    ({**HAND, "answer": "C"}, "not one of the options"),
    ({k: v for k, v in HAND.items() if k != "explanation"}, "at questions/0"),
    ({**HAND, "options": ["A"]}, "at questions/0"),
    ({**HAND, "source": []}, "at questions/0"),
    ({"id": "g", "generator": "nope", "params": {}}, "unknown generator"),
    ({"id": "g", "generator": "heterodimer_ligand_class", "params": {"heterodimer": "α9β9"}}, "matches 0 rows"),
    ({"id": "g", "generator": "lookup", "params": {"dataset": "integrin_heterodimers"}}, "params lack"),
])
def test_malformed_questions(package, broken, message):
    write_bank(package, [broken])
    with pytest.raises(QuizError, match=message):
        load_bank("t", package)


def test_duplicate_ids_and_bank_name(package):
    write_bank(package, [HAND, HAND])
    with pytest.raises(QuizError, match="used twice"):
        load_bank("t", package)
    (package / "quizzes" / "other.yml").write_text(yaml.safe_dump({"bank": "t", "title": "x", "questions": [HAND]}), encoding="utf-8")
    with pytest.raises(QuizError, match="file name says 'other'"):
        load_bank("other", package)
    with pytest.raises(QuizError, match="no question bank"):
        load_bank("missing", package)


def test_render_html_escapes_and_marks_one_right_answer():
    q = Question("x", 'Is <img src=x onerror="alert(1)"> safe?', ("<b>yes</b>", "no & never"), "no & never",
                 "Because <script>.", ("su2020integrins",))
    html = render_html([q], "bank")
    doc = BeautifulSoup(html, "html.parser")
    assert doc.find("img") is None and doc.find("b") is None and doc.find("script") is None
    buttons = doc.select("button.mx-option")
    assert [b["data-correct"] for b in buttons].count("1") == 1
    right = next(b for b in buttons if b["data-correct"] == "1")
    assert right.get_text() == "no & never"
    assert doc.select_one(".mx-feedback")["role"] == "status"
    assert "Because <script>." in doc.select_one("fieldset")["data-right"]


def test_shuffle_is_deterministic():
    q = Question("seeded", "p", ("a", "b", "c", "d"), "a", "e", ("k2020x",))
    assert shuffled_options(q) == shuffled_options(q)
    assert sorted(shuffled_options(q)) == ["a", "b", "c", "d"]


def test_widget_rendering_answers_clicks():
    q = Question("x", "Pick A", ("A", "B"), "A", "A is right.", ("su2020integrins",))
    box = render_widget([q], "T")
    question_box = box.children[1]
    buttons = question_box.children[1].children
    feedback = question_box.children[2]
    next(b for b in buttons if b.description == "B").click()
    assert "Not quite" in feedback.value
    next(b for b in buttons if b.description == "A").click()
    assert "Correct" in feedback.value and "A is right." in feedback.value


def test_real_banks_load_and_are_half_generated():
    from metastasis.quiz import bank_names

    names = bank_names()
    assert names, "no question banks in data/quizzes"
    for name in names:
        _, questions = load_bank(name)
        assert len(questions) >= 5, f"{name}: {len(questions)} questions"
        generated = sum(q.generated for q in questions)
        assert generated * 2 >= len(questions), f"{name}: only {generated} of {len(questions)} generated from data"
