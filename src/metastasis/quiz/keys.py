"""Numeric answer keys, computed by the package: a bank names a function, never a number.

A numeric question's ``key`` is ``{function: "metastasis.models.ctc:fraction_surviving",
args: {...}}``. :func:`compute` imports that function (only from the book's own package, so a
bank cannot run arbitrary code), calls it with the arguments, and returns a finite number, or
raises :class:`~metastasis.quiz.question.QuizError` naming what went wrong.
"""

from __future__ import annotations

import importlib
import math
import numbers

from .question import QuizError

__all__ = ["compute", "PACKAGE"]

PACKAGE = "metastasis"


def compute(key: object, qid: str) -> float:
    """The number ``key`` describes (see the module docstring)."""
    if not isinstance(key, dict) or "function" not in key:
        raise QuizError(f"question {qid!r}: a numeric key must name a function: {{function: 'module:name', args: {{...}}}}, got {key!r}")
    unknown = sorted(set(key) - {"function", "args"})
    if unknown:
        raise QuizError(f"question {qid!r}: the key has unknown field(s) {unknown}")
    target, args = key["function"], key.get("args", {})
    if not isinstance(target, str) or target.count(":") != 1:
        raise QuizError(f"question {qid!r}: key function must be written 'module:name', got {target!r}")
    module_name, name = target.split(":")
    if module_name != PACKAGE and not module_name.startswith(PACKAGE + "."):
        raise QuizError(f"question {qid!r}: key function {target!r} is not in the book's package ({PACKAGE})")
    if not isinstance(args, dict):
        raise QuizError(f"question {qid!r}: key args must be a mapping of argument names to values, got {args!r}")
    try:
        module = importlib.import_module(module_name)
    except ImportError as err:
        raise QuizError(f"question {qid!r}: the package cannot compute the key: no module {module_name!r} ({err})") from None
    function = getattr(module, name, None)
    if not callable(function):
        raise QuizError(f"question {qid!r}: the package cannot compute the key: {module_name} has no function {name!r}")
    try:
        value = function(**args)
    except (TypeError, ValueError, KeyError) as err:
        raise QuizError(f"question {qid!r}: the package cannot compute the key {target}({args}): {err}") from None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise QuizError(f"question {qid!r}: key {target} returned {value!r}, not a number") from None
    if isinstance(value, bool) or not isinstance(value, numbers.Real | float) and not hasattr(value, "__float__"):
        raise QuizError(f"question {qid!r}: key {target} returned {value!r}, not a number")
    if not math.isfinite(number):
        raise QuizError(f"question {qid!r}: key {target}({args}) is not finite ({number})")
    return number
