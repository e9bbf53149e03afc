"""Quiz banks for a learning-management system: Moodle XML (Moodle) and QTI 1.2 (Canvas).

Every bank in ``data/quizzes/`` is loaded exactly as the book loads it (:func:`load_bank`: the
generated questions are built from the data and every key with evidence is re-derived), then
written as

- ``moodle/<bank>.xml``: Moodle XML, one ``<question>`` per bank entry. A choice question is a
  single-answer ``multichoice`` whose every option keeps its own feedback; a numeric question is
  a ``numerical`` question whose key carries the bank's tolerance (as an absolute tolerance,
  max(relative × |key|, absolute)), with each misconception as a 0 % answer that gives its
  feedback. The explanation and the sources become the general feedback. Import through
  *Question bank → Import → Moodle XML format*.
- ``canvas/<bank>.zip``: a QTI 1.2 package for Canvas (*Settings → Import course content → QTI
  .zip file*), written by the maintained ``text2qti`` library from a plain-text quiz
  (``canvas/<bank>.txt``, kept beside it). Choice questions keep their per-option feedback;
  numeric questions become ``numerical_question`` items with the same tolerance.

Both are built offline: text2qti is run in-process with its default settings (it reads no user
configuration and renders no LaTeX; the banks contain none). Quiz text is escaped for each
format, so a bank entry can never inject markup into the LMS either.

Command: ``python -m metastasis.quiz.lms [--to DIR] [bank …]`` (default ``_build/lms``), or
``bash scripts/grade.sh quizzes``.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from .bank import bank_names, load_bank
from .question import NumericQuestion, Question

__all__ = ["margin", "moodle_xml", "text2qti_text", "canvas_qti", "export_all", "main"]


def margin(question: NumericQuestion) -> float:
    """The absolute half-width of the accepted interval around a numeric key."""
    tol = question.tolerance
    return max(tol.relative * abs(question.answer), tol.absolute)


def _number(x: float) -> str:
    return f"{x:.10g}"


def _prompt(question) -> str:
    if isinstance(question, NumericQuestion):
        return f"{question.prompt} (Answer in {question.unit}.)"
    return question.prompt


def _general_feedback(question) -> str:
    return f"{question.explanation} Sources: {', '.join(question.source)}."


# -- Moodle XML ---------------------------------------------------------------------------------


def _html_text(parent: ET.Element, tag: str, text: str, **attrs) -> ET.Element:
    node = ET.SubElement(parent, tag, {"format": "html", **attrs})
    ET.SubElement(node, "text").text = html.escape(text, quote=False)
    return node


def moodle_xml(bank: str, directory: Path | None = None) -> str:
    """One bank as a Moodle XML document (a category, then one question per bank entry)."""
    title, questions = load_bank(bank, directory)
    quiz = ET.Element("quiz")
    category = ET.SubElement(quiz, "question", {"type": "category"})
    cat = ET.SubElement(category, "category")
    ET.SubElement(cat, "text").text = f"$course$/top/Integrins, Metastasis and the TME/{bank}"
    info = ET.SubElement(category, "info", {"format": "html"})
    ET.SubElement(info, "text").text = html.escape(title, quote=False)
    for q in questions:
        kind = "numerical" if isinstance(q, NumericQuestion) else "multichoice"
        node = ET.SubElement(quiz, "question", {"type": kind})
        name = ET.SubElement(node, "name")
        ET.SubElement(name, "text").text = q.id
        _html_text(node, "questiontext", _prompt(q))
        _html_text(node, "generalfeedback", _general_feedback(q))
        ET.SubElement(node, "defaultgrade").text = "1"
        ET.SubElement(node, "penalty").text = "0.3333333"
        ET.SubElement(node, "hidden").text = "0"
        ET.SubElement(node, "idnumber").text = f"{bank}:{q.id}"
        if isinstance(q, Question):
            ET.SubElement(node, "single").text = "true"
            ET.SubElement(node, "shuffleanswers").text = "true"
            ET.SubElement(node, "answernumbering").text = "abc"
            for option in q.options:
                right = option.text == q.answer
                answer = _html_text(node, "answer", option.text, fraction="100" if right else "0")
                _html_text(answer, "feedback", q.feedback(option.text))
        else:
            answer = ET.SubElement(node, "answer", {"fraction": "100", "format": "moodle_auto_format"})
            ET.SubElement(answer, "text").text = _number(q.answer)
            ET.SubElement(answer, "tolerance").text = _number(margin(q))
            _html_text(answer, "feedback", q.explanation)
            for m in q.misconceptions:
                wrong = ET.SubElement(node, "answer", {"fraction": "0", "format": "moodle_auto_format"})
                ET.SubElement(wrong, "text").text = _number(m.value)
                ET.SubElement(wrong, "tolerance").text = _number(max(q.tolerance.relative * abs(m.value), q.tolerance.absolute))
                _html_text(wrong, "feedback", m.feedback)
            ET.SubElement(node, "unitgradingtype").text = "0"
            ET.SubElement(node, "showunits").text = "3"  # units are stated in the question text
    ET.indent(quiz)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"


# -- Canvas (QTI 1.2 through text2qti) ----------------------------------------------------------

#: The characters Python-Markdown lets a backslash escape (with text2qti's SmartyPants quotes), and
#: text2qti's math delimiter ``$``.
_MD_SPECIAL = re.compile(r"""([\\`*_{}\[\]()#+\-.!>$'"])""")


def _plain(text: str) -> str:
    """One line of quiz text, escaped for text2qti's Markdown (every special character literal)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split())).replace("<", "&lt;")


def text2qti_text(bank: str, directory: Path | None = None) -> str:
    """One bank as a text2qti plain-text quiz."""
    title, questions = load_bank(bank, directory)
    lines = [f"Quiz title: {_plain(title)}", f"Quiz description: {_plain('Question bank ' + bank + ' of the open textbook Integrins, Metastasis and the Tumor Microenvironment.')}", ""]
    for i, q in enumerate(questions, start=1):
        lines.append(f"Title: {q.id}")  # ids are lower-case words and hyphens
        lines.append("Points: 1")
        lines.append(f"{i}.  {_plain(_prompt(q))}")
        lines.append(f"... {_plain(_general_feedback(q))}")
        if isinstance(q, Question):
            for k, option in enumerate(q.options):
                letter = chr(ord("a") + k)
                mark = "*" if option.text == q.answer else ""
                lines.append(f"{mark}{letter})  {_plain(option.text)}")
                lines.append(f"... {_plain(q.feedback(option.text))}")
        else:
            lines.append(f"=   {_number(q.answer)} +- {_number(margin(q))}")
        lines.append("")
    return "\n".join(lines)


def canvas_qti(bank: str, out: Path, directory: Path | None = None) -> Path:
    """Write ``<out>/<bank>.txt`` (text2qti source) and ``<out>/<bank>.zip`` (QTI 1.2 for Canvas)."""
    from text2qti.config import Config
    from text2qti.qti import QTI
    from text2qti.quiz import Quiz

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    text = text2qti_text(bank, directory)
    (out / f"{bank}.txt").write_text(text, encoding="utf-8")
    quiz = Quiz(text, config=Config(), source_name=f"{bank}.txt")  # default config: no user file, no network
    for item in quiz.questions_and_delims:  # (no question groups here: every entry is a Question)
        if getattr(item, "type", None) == "numerical_question":
            # text2qti writes non-integer bounds with 4 decimals, which would turn a key of 1.6e-6
            # into 0.0000: write every bound with 10 significant digits instead
            item.numerical_min_html_xml = _number(item.numerical_min)
            item.numerical_exact_html_xml = _number(item.numerical_exact)
            item.numerical_max_html_xml = _number(item.numerical_max)
    target = out / f"{bank}.zip"
    QTI(quiz).save(target)
    return target


def export_all(to: Path, banks: list[str] | None = None, directory: Path | None = None) -> dict[str, dict[str, Path]]:
    """Every bank (or the named ones) in both formats; returns bank → {"moodle": path, "canvas": path}."""
    to = Path(to)
    out: dict[str, dict[str, Path]] = {}
    for bank in banks or bank_names(directory):
        moodle = to / "moodle" / f"{bank}.xml"
        moodle.parent.mkdir(parents=True, exist_ok=True)
        moodle.write_text(moodle_xml(bank, directory), encoding="utf-8")
        out[bank] = {"moodle": moodle, "canvas": canvas_qti(bank, to / "canvas", directory)}
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m metastasis.quiz.lms", description=__doc__.split("\n\n")[0])
    parser.add_argument("banks", nargs="*", help="bank names (default: every bank in data/quizzes)")
    parser.add_argument("--to", type=Path, default=Path("_build") / "lms", help="output folder (default _build/lms)")
    args = parser.parse_args(argv)
    written = export_all(args.to, args.banks or None)
    for bank, paths in written.items():
        print(f"{bank}: {paths['moodle']}  {paths['canvas']}")
    print(f"{len(written)} bank(s): Moodle XML in {args.to / 'moodle'}, Canvas QTI in {args.to / 'canvas'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
