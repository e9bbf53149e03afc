"""Input checks shared by the models: every bad parameter gets an error that names it.

Models call these instead of repeating the same validation; each returns the cleaned value
(a float or a float array) or raises ``TypeError`` (not a number) / ``ValueError`` (out of range).
"""

from __future__ import annotations

import numbers

import numpy as np

__all__ = ["number", "positive", "bounded", "array"]


def number(name: str, value) -> float:
    """A finite real number (booleans are not numbers here)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {value!r}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    return value


def positive(name: str, value, hint: str = "") -> float:
    """A finite number > 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {value!r}")
    value = float(value)
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive finite number{hint}, got {value}")
    return value


def bounded(name: str, value, low: float, high: float, *, strict: bool = False, hint: str = "") -> float:
    """A number in [low, high] (or (low, high) when ``strict``); NaN is rejected."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {value!r}")
    value = float(value)
    inside = (low < value < high) if strict else (low <= value <= high)
    if not inside:  # NaN fails both comparisons
        interval = f"({low:g}, {high:g})" if strict else f"[{low:g}, {high:g}]"
        raise ValueError(f"{name} must be in {interval}{hint}, got {value}")
    return value


def array(name: str, value, *, minimum: float | None = None, strictly_above: float | None = None,
          allow_empty: bool = True) -> np.ndarray:
    """A number or array of finite numbers, optionally >= ``minimum`` or > ``strictly_above``."""
    if isinstance(value, bool):
        raise TypeError(f"{name} must be a number or an array of numbers, got {value!r}")
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a number or an array of numbers, got {value!r}") from None
    if not allow_empty and arr.size == 0:
        raise ValueError(f"{name} is empty")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite, got {value!r}")
    if minimum is not None and np.any(arr < minimum):
        raise ValueError(f"{name} cannot be negative, got {value!r}" if minimum == 0 else f"{name} must be >= {minimum}, got {value!r}")
    if strictly_above is not None and np.any(arr <= strictly_above):
        raise ValueError(f"{name} must be positive and finite, got {value!r}" if strictly_above == 0 else f"{name} must be > {strictly_above}, got {value!r}")
    return arr
