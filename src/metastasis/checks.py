"""Friendly checks for code exercises.

Each check prints one line of feedback a learner can act on and returns ``True`` or ``False``,
so it works in a notebook and in a test alike::

    check_value("heterodimers", n, 24, hints={23: "did you count αIIbβ3?"})
    ✘ heterodimers: expected 24, got 23: did you count αIIbβ3?
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

__all__ = ["check_value", "check_close", "check_set", "check_columns"]


def _report(ok: bool, name: str, detail: str) -> bool:
    mark = "✔" if ok else "✘"
    print(f"{mark} {name}: {detail}")
    return ok


def _unanswered(name: str, got: object) -> bool:
    """Print a nudge (revealing nothing) when the learner has not replaced the placeholder."""
    if got is Ellipsis or got is None:
        print(f"… {name}: not answered yet: replace the ... placeholder with your code, then run the cell again.")
        return True
    return False


def _name(name: object) -> str:
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"a check needs a descriptive name, got {name!r}")
    return name


def check_value(name: str, got: object, expected: object, hints: Mapping | None = None) -> bool:
    """Exact equality, with an optional hint for a known wrong answer."""
    name = _name(name)
    if _unanswered(name, got):
        return False
    try:
        same = bool(got == expected) and isinstance(got, bool) == isinstance(expected, bool)
    except (TypeError, ValueError):  # e.g. an array compared with a number
        same = False
    if same:
        return _report(True, name, f"{got!r} is right.")
    detail = f"expected {expected!r}, got {got!r}"
    if hints:
        try:
            hint = hints.get(got)
        except TypeError:  # unhashable answers cannot have hints
            hint = None
        if hint:
            detail += f": {hint}"
    return _report(False, name, detail)


def check_close(name: str, got: object, expected: float, rel: float = 0.01, abs_tol: float = 0.0) -> bool:
    """A number within a relative (default 1 %) or absolute tolerance."""
    name = _name(name)
    if rel < 0 or abs_tol < 0:
        raise ValueError("tolerances must be >= 0")
    if _unanswered(name, got):
        return False
    if isinstance(got, bool) or not isinstance(got, (int, float)) and not hasattr(got, "__float__"):
        return _report(False, name, f"expected a number close to {expected:g}, got {got!r}")
    value = float(got)
    if math.isnan(value):
        return _report(False, name, "got NaN: check for a division by zero or an empty selection")
    if math.isclose(value, expected, rel_tol=rel, abs_tol=abs_tol):
        return _report(True, name, f"{value:.4g} is right (expected {expected:.4g}).")
    direction = "too high" if value > expected else "too low"
    return _report(False, name, f"{value:.4g} is {direction}; expected about {expected:.4g}")


def check_set(name: str, got: Iterable, expected: Iterable) -> bool:
    """The same members, in any order; says what is missing and what is extra."""
    name = _name(name)
    if _unanswered(name, got):
        return False
    if isinstance(got, (str, bytes)):
        return _report(False, name, f"expected a collection of items, got the single text {got!r}")
    try:
        got_set, want = set(got), set(expected)
    except TypeError:
        return _report(False, name, f"expected a collection of items, got {type(got).__name__}")
    if got_set == want:
        return _report(True, name, f"all {len(want)} items are right.")
    missing, extra = sorted(map(str, want - got_set)), sorted(map(str, got_set - want))
    parts = []
    if missing:
        parts.append(f"missing {', '.join(missing)}")
    if extra:
        parts.append(f"not expected {', '.join(extra)}")
    return _report(False, name, "; ".join(parts))


def check_columns(name: str, frame: object, required: Iterable[str]) -> bool:
    """A DataFrame that has (at least) the required columns."""
    name = _name(name)
    if _unanswered(name, frame):
        return False
    columns = getattr(frame, "columns", None)
    if columns is None:
        return _report(False, name, f"expected a DataFrame, got {type(frame).__name__}")
    missing = [c for c in required if c not in columns]
    if missing:
        return _report(False, name, f"missing column(s) {', '.join(missing)}")
    return _report(True, name, "has every required column.")
