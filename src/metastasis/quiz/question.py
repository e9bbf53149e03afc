"""The two kinds of question: choose an option, or give a number with its unit.

Both carry an explanation of the answer and their sources (bibtex keys). A :class:`Question`
(multiple choice) gives every option its own feedback: the right one says why it is right, each
wrong one why it is wrong, so a reader who picks a plausible distractor learns what the
distractor really is. A :class:`NumericQuestion` takes a number within a tolerance, in stated
units; its key is computed by the package (:mod:`metastasis.quiz.keys`), never typed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

__all__ = ["QuizError", "Option", "Question", "NumericQuestion", "Tolerance", "Misconception"]


class QuizError(ValueError):
    """A question or bank that is malformed, or whose answer disagrees with its data."""


def _text(qid: str, name: str, value) -> str:
    if not isinstance(value, str) or not value.strip():
        raise QuizError(f"question {qid!r}: {name} must be non-empty text, got {value!r}")
    return value


@dataclass(frozen=True)
class Option:
    """One choice and the feedback a reader gets for choosing it."""

    text: str
    feedback: str


@dataclass(frozen=True)
class Question:
    """A multiple-choice question whose every wrong option explains why it is wrong."""

    id: str
    prompt: str
    options: tuple[Option, ...]
    answer: str
    explanation: str
    source: tuple[str, ...]
    origin: str = "hand"
    evidence: dict | None = field(default=None, compare=False)
    kind = "choice"

    def __post_init__(self) -> None:
        for name in ("id", "prompt", "answer", "explanation"):
            _text(str(self.id), name, getattr(self, name))
        options = tuple(self.options)
        if not all(isinstance(o, Option) for o in options):
            raise QuizError(f"question {self.id!r}: options must be Option(text, feedback) objects")
        object.__setattr__(self, "options", options)
        texts = [o.text for o in options]
        if len(options) < 2:
            raise QuizError(f"question {self.id!r}: needs at least 2 options, has {len(options)}")
        if len(set(texts)) != len(texts):
            raise QuizError(f"question {self.id!r}: options repeat: {texts}")
        if self.answer not in texts:
            raise QuizError(f"question {self.id!r}: answer {self.answer!r} is not one of the options {texts}")
        for o in options:
            _text(self.id, f"option {o.text!r}", o.text)
            if o.text != self.answer:
                _text(self.id, f"the feedback of the wrong option {o.text!r}", o.feedback)
        if not self.source or not all(isinstance(s, str) and s for s in self.source):
            raise QuizError(f"question {self.id!r}: names no source")

    @property
    def generated(self) -> bool:
        return self.origin != "hand"

    @property
    def option_texts(self) -> tuple[str, ...]:
        return tuple(o.text for o in self.options)

    def feedback(self, choice: str) -> str:
        """What a reader who chooses ``choice`` is told."""
        for o in self.options:
            if o.text == choice:
                return o.feedback if choice != self.answer or o.feedback else self.explanation
        raise QuizError(f"question {self.id!r}: {choice!r} is not one of its options")


@dataclass(frozen=True)
class Tolerance:
    """How close an answer must be: within ``relative`` of the key (a fraction) or ``absolute`` of it."""

    relative: float = 0.0
    absolute: float = 0.0

    def __post_init__(self) -> None:
        for name in ("relative", "absolute"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise QuizError(f"tolerance {name} must be a finite number, got {value!r}")
            if value < 0:
                raise QuizError(f"tolerance {name} cannot be below 0, got {value}")
        if self.relative >= 1:
            raise QuizError(f"a relative tolerance of {self.relative} accepts almost anything: give it as a fraction below 1")
        if self.relative == 0 and self.absolute == 0:
            raise QuizError("a tolerance needs a relative or an absolute part above 0 (no answer matches to the last digit)")

    def accepts(self, answer: float, key: float) -> bool:
        return math.isclose(answer, key, rel_tol=self.relative, abs_tol=self.absolute)

    def describe(self) -> str:
        parts = []
        if self.relative:
            parts.append(f"{self.relative:.0%}" if self.relative >= 0.01 else f"{self.relative:g} (relative)")
        if self.absolute:
            parts.append(f"±{self.absolute:g}")
        return " or ".join(parts)


@dataclass(frozen=True)
class Misconception:
    """A wrong number a reader may well reach, the value it gives, and what went wrong."""

    value: float
    feedback: str


@dataclass(frozen=True)
class NumericQuestion:
    """A number within a tolerance, in stated units; the key is computed by the package."""

    id: str
    prompt: str
    answer: float
    unit: str
    tolerance: Tolerance
    explanation: str
    source: tuple[str, ...]
    key: dict = field(compare=False, default_factory=dict)
    misconceptions: tuple[Misconception, ...] = ()
    origin: str = "hand"
    evidence: dict | None = field(default=None, compare=False)
    kind = "numeric"

    def __post_init__(self) -> None:
        for name in ("id", "prompt", "explanation"):
            _text(str(self.id), name, getattr(self, name))
        if not isinstance(self.unit, str) or not self.unit.strip():
            raise QuizError(f"question {self.id!r}: a numeric question needs its unit (e.g. 'h', '%', 'cells per 7.5 mL'), got {self.unit!r}")
        if isinstance(self.answer, bool) or not isinstance(self.answer, (int, float)) or not math.isfinite(self.answer):
            raise QuizError(f"question {self.id!r}: the computed key must be a finite number, got {self.answer!r}")
        if not isinstance(self.tolerance, Tolerance):
            raise QuizError(f"question {self.id!r}: tolerance must be a Tolerance")
        if not self.source or not all(isinstance(s, str) and s for s in self.source):
            raise QuizError(f"question {self.id!r}: names no source")
        for m in self.misconceptions:
            _text(self.id, "a misconception's feedback", m.feedback)
            if self.tolerance.accepts(m.value, self.answer):
                raise QuizError(
                    f"question {self.id!r}: the misconception {m.value:g} lies within the tolerance of the key "
                    f"{self.answer:g}, so it would be marked right"
                )

    @property
    def generated(self) -> bool:
        return self.origin != "hand"

    def check(self, answer: float) -> tuple[bool, str]:
        """Whether ``answer`` is right, and the feedback a reader gets."""
        if isinstance(answer, bool) or not isinstance(answer, (int, float)) or not math.isfinite(answer):
            return False, "Enter a number."
        if self.tolerance.accepts(answer, self.answer):
            return True, self.explanation
        for m in self.misconceptions:
            if self.tolerance.accepts(answer, m.value):
                return False, m.feedback
        direction = "too high" if answer > self.answer else "too low"
        return False, f"{answer:g} {self.unit} is {direction}."
