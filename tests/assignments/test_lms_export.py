"""Quiz banks for an LMS (tests/assignments, layer 7): the exports parse and match the banks.

Every bank is exported to Moodle XML and to a Canvas QTI 1.2 package (text2qti). Each export has
one question per bank entry, in order, with the right key: the right option for a choice
question (generated ones included: their keys come from the data), and the computed key with
the bank's tolerance for a numeric one.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
import yaml

from metastasis.quiz import bank_names, load_bank
from metastasis.quiz.lms import export_all, margin
from metastasis.quiz.question import NumericQuestion

ROOT = Path(__file__).resolve().parents[2]
QTI = {"q": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"}
BANKS = bank_names()


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    return export_all(tmp_path_factory.mktemp("lms"))


def _entries(bank: str) -> list[dict]:
    return yaml.safe_load((ROOT / "data" / "quizzes" / f"{bank}.yml").read_text(encoding="utf-8"))["questions"]


def _plain(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment or "")).split())


def test_every_bank_is_exported(exported):
    assert BANKS and sorted(exported) == BANKS


@pytest.mark.parametrize("bank", BANKS)
def test_moodle_xml_matches_the_bank(exported, bank):
    root = ET.parse(exported[bank]["moodle"]).getroot()
    assert root.tag == "quiz"
    items = [q for q in root.findall("question") if q.get("type") != "category"]
    _, questions = load_bank(bank)
    assert [q.findtext("name/text") for q in items] == [e["id"] for e in _entries(bank)] == [q.id for q in questions]
    for item, q in zip(items, questions):
        assert _plain(item.findtext("questiontext/text")).startswith(" ".join(q.prompt.split()))
        answers = item.findall("answer")
        if isinstance(q, NumericQuestion):
            assert item.get("type") == "numerical"
            right = [a for a in answers if a.get("fraction") == "100"]
            assert len(right) == 1
            assert float(right[0].findtext("text")) == pytest.approx(q.answer, rel=1e-9)
            assert float(right[0].findtext("tolerance")) == pytest.approx(margin(q), rel=1e-9)
            assert len(answers) == 1 + len(q.misconceptions)
        else:
            assert item.get("type") == "multichoice" and item.findtext("single") == "true"
            right = [_plain(a.findtext("text")) for a in answers if a.get("fraction") == "100"]
            assert right == [" ".join(q.answer.split())], f"{bank}/{q.id}: Moodle's key is {right}, the bank's {q.answer!r}"
            assert [_plain(a.findtext("text")) for a in answers] == [" ".join(o.text.split()) for o in q.options]
            assert all(_plain(a.findtext("feedback/text")) for a in answers), f"{bank}/{q.id}: an option lost its feedback"


@pytest.mark.parametrize("bank", BANKS)
def test_canvas_qti_matches_the_bank(exported, bank):
    with zipfile.ZipFile(exported[bank]["canvas"]) as z:
        names = z.namelist()
        assert "imsmanifest.xml" in names
        ET.fromstring(z.read("imsmanifest.xml"))
        [assessment] = [n for n in names if n.endswith(".xml") and "/" in n and not n.endswith("assessment_meta.xml")]
        root = ET.fromstring(z.read(assessment))
    items = root.findall(".//q:item", QTI)
    _, questions = load_bank(bank)
    assert [i.get("title") for i in items] == [q.id for q in questions]
    for item, q in zip(items, questions):
        kind = item.find(".//q:qtimetadatafield[q:fieldlabel='question_type']/q:fieldentry", QTI).text
        text = _plain(item.find("q:presentation/q:material/q:mattext", QTI).text)
        assert text.startswith(" ".join(q.prompt.split())), f"{bank}/{q.id}: prompt altered: {text[:80]!r}"
        if isinstance(q, NumericQuestion):
            assert kind == "numerical_question"
            low = float(item.find(".//q:vargte", QTI).text)
            high = float(item.find(".//q:varlte", QTI).text)
            assert low <= q.answer <= high
            assert high - low == pytest.approx(2 * margin(q), rel=1e-6)
        else:
            assert kind == "multiple_choice_question"
            labels = {lab.get("ident"): _plain(lab.find("q:material/q:mattext", QTI).text)
                      for lab in item.findall(".//q:response_label", QTI)}
            assert list(labels.values()) == [" ".join(o.text.split()) for o in q.options]
            scored = [c for c in item.findall(".//q:respcondition", QTI) if c.find("q:setvar", QTI) is not None
                      and c.find("q:setvar", QTI).text == "100"]
            keys = [labels[c.find(".//q:varequal", QTI).text] for c in scored]
            assert keys == [" ".join(q.answer.split())], f"{bank}/{q.id}: Canvas's key is {keys}, the bank's {q.answer!r}"
