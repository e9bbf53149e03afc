"""Question banks: schema, generation from data with per-option feedback, evidence, numeric keys."""

import json
import shutil
from pathlib import Path

import pytest
import yaml

from metastasis.quiz import NumericQuestion, Option, Question, QuizError, check_evidence, load_bank

ROOT = Path(__file__).resolve().parents[3]


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
        "α1β1,α1,β1,collagen,collagen IV,humphries2006integrin\n"
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


HAND = {"id": "h1", "prompt": "Pick A", "options": [{"text": "A"}, {"text": "B", "feedback": "B is the other letter."}],
        "answer": "A", "explanation": "A is right.", "source": ["su2020integrins"]}
KEY = {"function": "metastasis.models.dosing:accumulation_factor", "args": {"half_life": 4, "interval": 4}}
NUMERIC = {"id": "n1", "prompt": "Accumulation factor when dosing every half-life?", "key": KEY, "unit": "fold",
           "tolerance": {"relative": 0.02}, "explanation": "1 / (1 − 1/2) = 2.", "source": ["eskens2003phase"]}


def test_generated_questions_answer_from_data_and_explain_every_wrong_option(package):
    write_bank(package, [
        {"id": "g1", "generator": "heterodimer_ligand_class", "params": {"heterodimer": "α6β4"}},
        {"id": "g2", "generator": "count", "params": {"dataset": "integrin_heterodimers", "where": {"beta": "β1"},
                                                        "prompt": "How many β1?", "explanation": "{count} of them."}},
        HAND,
    ])
    title, qs = load_bank("t", package)
    assert title == "T"
    ligand, count, hand = qs
    assert ligand.answer == "laminin" and ligand.generated and "α6β4" in ligand.prompt
    assert set(ligand.option_texts) <= {"RGD", "collagen", "laminin", "leukocyte/other"}
    # the feedback on "collagen" names the integrins that really are collagen receptors, from the data
    assert ligand.feedback("collagen") == "α6β4 is a laminin receptor (laminin-332). The collagen class is α2β1 and α1β1."
    assert count.answer == "3" and "3 of them" in count.explanation
    too_many = next(o for o in count.options if o.text == "4")
    assert too_many.feedback == "4 is 1 too many: the data list 3: α5β1, α2β1 and α1β1."
    assert any(int(o.text) < 3 for o in count.options) and any(int(o.text) > 3 for o in count.options)
    assert not hand.generated and hand.feedback("B") == "B is the other letter."


def test_lookup_with_chosen_distractors_and_a_value_nobody_has(package):
    params = {"dataset": "integrin_heterodimers", "key_column": "heterodimer", "key": "α5β1", "column": "ligand_class",
              "prompt": "Class of {heterodimer}?", "explanation": "{ligand_class}.", "distractors": ["leukocyte/other"]}
    write_bank(package, [{"id": "l1", "generator": "lookup", "params": params}])
    (q,) = load_bank("t", package)[1]
    assert q.option_texts == ("RGD", "leukocyte/other")
    assert q.feedback("leukocyte/other") == "No row of the data has ligand class leukocyte/other: α5β1 has RGD."
    write_bank(package, [{"id": "l2", "generator": "lookup", "params": {**params, "distractors": ["RGD"]}}])
    with pytest.raises(QuizError, match="not other values"):
        load_bank("t", package)


def test_wrong_answer_key_is_caught_against_the_data(package):
    wrong = dict(HAND, id="w", prompt="Class of α5β1?",
                 options=[{"text": "RGD", "feedback": "x"}, {"text": "collagen"}], answer="collagen",
                 evidence={"dataset": "integrin_heterodimers", "where": {"heterodimer": "α5β1"}, "column": "ligand_class"})
    write_bank(package, [wrong])
    with pytest.raises(QuizError, match="answer key says 'collagen', but integrin_heterodimers says 'RGD'"):
        load_bank("t", package)


def test_count_evidence(package):
    options = (Option("2", ""), Option("3", "one too many"))
    q = Question("c", "How many?", options, "2", "Two.", ("x2020y",),
                 evidence={"dataset": "integrin_heterodimers", "where": {"alpha": "α2"}, "count": True})
    with pytest.raises(QuizError, match="says '1'"):
        check_evidence(q, package)
    check_evidence(Question("c", "How many?", (Option("1", ""), Option("2", "no")), "1", "One.", ("x2020y",),
                            evidence=q.evidence), package)


def test_numeric_key_is_computed_by_the_package(package):
    write_bank(package, [NUMERIC])
    (q,) = load_bank("t", package)[1]
    assert isinstance(q, NumericQuestion) and q.answer == pytest.approx(2.0)
    assert q.check(2.03) == (True, q.explanation)
    assert q.check(2.5) == (False, "2.5 fold is too high.")
    assert q.check(1.5)[1] == "1.5 fold is too low."


def test_numeric_misconceptions_are_computed_and_explained(package):
    wrong = {"key": {"function": "metastasis.models.dosing:accumulation_factor", "args": {"half_life": 4, "interval": 8}},
             "feedback": "That is the factor for dosing every two half-lives."}
    write_bank(package, [{**NUMERIC, "misconceptions": [wrong]}])
    (q,) = load_bank("t", package)[1]
    assert q.misconceptions[0].value == pytest.approx(4 / 3)
    assert q.check(1.34) == (False, "That is the factor for dosing every two half-lives.")
    same = {**wrong, "key": KEY}
    write_bank(package, [{**NUMERIC, "misconceptions": [same]}])
    with pytest.raises(QuizError, match="within the tolerance of the key"):
        load_bank("t", package)


@pytest.mark.parametrize("broken, message", [
    ({**NUMERIC, "tolerance": {"relative": -0.1}}, "tolerance relative cannot be below 0"),
    ({**NUMERIC, "tolerance": {"absolute": -1}}, "tolerance absolute cannot be below 0"),
    ({**NUMERIC, "tolerance": {"relative": 0}}, "needs a relative or an absolute part above 0"),
    ({**NUMERIC, "tolerance": {"relative": 1.5}}, "accepts almost anything"),
    ({k: v for k, v in NUMERIC.items() if k != "unit"}, "'unit' is a required property"),
    ({**NUMERIC, "unit": " "}, "at questions/0/unit"),
    ({**NUMERIC, "key": {"function": "metastasis.models.dosing:no_such_function"}}, "has no function 'no_such_function'"),
    ({**NUMERIC, "key": {"function": "metastasis.models.nowhere:f"}}, "no module 'metastasis.models.nowhere'"),
    ({**NUMERIC, "key": {"function": "metastasis.models.dosing:accumulation_factor", "args": {"half_life": -4}}},
     "cannot compute the key .*half_life"),
    ({**NUMERIC, "key": {"function": "metastasis.models.dosing:accumulation_factor", "args": {"speed": 4}}},
     "cannot compute the key"),
    ({**NUMERIC, "key": {"function": "metastasis.models.dosing:relative_ic50"}}, "not a number"),
    ({**NUMERIC, "key": {"function": "os:getcwd"}}, "at questions/0/key/function"),
])
def test_bad_numeric_questions_get_clear_errors(package, broken, message):
    write_bank(package, [broken])
    with pytest.raises(QuizError, match=message):
        load_bank("t", package)


def test_key_outside_the_package_is_refused_even_without_the_schema():
    from metastasis.quiz.keys import compute

    with pytest.raises(QuizError, match="not in the book's package"):
        compute({"function": "os:getcwd"}, "q")
    with pytest.raises(QuizError, match="'module:name'"):
        compute({"function": "metastasis.models.dosing.accumulation_factor"}, "q")


@pytest.mark.parametrize("broken, message", [
    ({**HAND, "answer": "C"}, "not one of the options"),
    ({**HAND, "options": [{"text": "A"}, {"text": "B"}]}, "feedback of the wrong option 'B'"),
    ({**HAND, "options": ["A", "B"]}, "is not of type 'object'"),
    ({k: v for k, v in HAND.items() if k != "explanation"}, "'explanation' is a required property"),
    ({**HAND, "options": [{"text": "A"}]}, "at questions/0/options"),
    ({**HAND, "source": []}, "at questions/0/source"),
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


def test_real_banks_explain_every_wrong_option_and_cite_known_sources():
    from metastasis.quiz import bank_names
    from metastasis.references import bib_keys

    keys = bib_keys()
    names = bank_names()
    assert names, "no question banks in data/quizzes"
    for name in names:
        _, questions = load_bank(name)
        assert len(questions) >= 6, f"{name}: {len(questions)} questions"
        for q in questions:
            assert set(q.source) <= keys, f"{name}/{q.id}: unknown source {set(q.source) - keys}"
            if isinstance(q, Question):
                for option in q.options:
                    if option.text != q.answer:
                        assert len(option.feedback) > 20 and "not quite" not in option.feedback.lower(), (
                            f"{name}/{q.id}: option {option.text!r} does not say why it is wrong")
