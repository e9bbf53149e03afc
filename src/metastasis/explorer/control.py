"""A control: one parameter of an explorer that the reader moves.

A :class:`Control` names the model's keyword argument, says what the reader sees (a label with
units), and lists the values the reader can reach: an increasing sweep of numbers, or a set of
labels (an integrin, a sweep direction). The same values serve both faces of an explorer: the
static page pre-computes a frame for each, and the live widget moves over exactly the same
values, so the two never disagree.
"""

from __future__ import annotations

import keyword
import numbers
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np

__all__ = ["Control"]


@dataclass(frozen=True)
class Control:
    """One parameter of an explorer.

    Parameters
    ----------
    name:
        The model's keyword argument for this parameter: a Python identifier, e.g. ``"dose"``.
    label:
        What the reader sees, with units, e.g. ``"TGF-β dose (a.u.)"``.
    values:
        At least 2 strictly increasing finite numbers, or at least 2 distinct non-empty labels.
    initial:
        The value the explorer opens on (default: the middle of a numeric sweep, the first label).
    fmt:
        How a number is shown to the reader, e.g. ``"{:.1f} %"``.
    """

    name: str
    label: str
    values: Sequence[Any]
    initial: Any = None
    fmt: str = "{:g}"
    _labels: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.isidentifier() or keyword.iskeyword(self.name):
            raise ValueError(f"control name must be a Python identifier (the model's keyword), got {self.name!r}")
        if not isinstance(self.label, str) or not self.label.strip():
            raise ValueError(f"control {self.name!r}: label must be non-empty text")
        if isinstance(self.values, (str, bytes)) or not isinstance(self.values, Sequence | np.ndarray):
            raise TypeError(f"control {self.name!r}: values must be a list of numbers or of labels, got {self.values!r}")
        raw = list(self.values)
        if raw and all(isinstance(v, str) for v in raw):
            if len(raw) < 2 or len(set(raw)) != len(raw) or not all(v.strip() for v in raw):
                raise ValueError(f"control {self.name!r}: labels must be at least 2 distinct, non-empty texts")
            values: tuple = tuple(raw)
            initial = raw[0] if self.initial is None else self.initial
            if initial not in values:
                raise ValueError(f"control {self.name!r}: initial value {initial!r} is not one of {list(values)}")
            labels = values
        else:
            if any(isinstance(v, bool) or not isinstance(v, numbers.Real) for v in raw):
                raise ValueError(f"control {self.name!r}: values must be all numbers or all labels, got {raw!r}")
            array = np.asarray(raw, dtype=float)
            if array.size < 2:
                raise ValueError(f"control {self.name!r}: a sweep needs at least 2 values, got {raw!r}")
            if not np.all(np.isfinite(array)) or np.any(np.diff(array) <= 0):
                raise ValueError(f"control {self.name!r}: values must be finite and strictly increasing, got {raw!r}")
            values = tuple(float(v) for v in array)
            if self.initial is None:
                initial = values[len(values) // 2]
            else:
                if isinstance(self.initial, bool) or not isinstance(self.initial, numbers.Real):
                    raise ValueError(f"control {self.name!r}: initial value must be a number, got {self.initial!r}")
                initial = min(values, key=lambda v: abs(v - float(self.initial)))
                if not np.isclose(initial, float(self.initial), rtol=1e-9, atol=1e-12):
                    raise ValueError(
                        f"control {self.name!r}: initial value {self.initial} is not one of the sweep's values {list(values)}"
                    )
            try:
                labels = tuple(self.fmt.format(v) for v in values)
            except (ValueError, IndexError, KeyError) as err:
                raise ValueError(f"control {self.name!r}: format {self.fmt!r} cannot show a number ({err})") from None
            if len(set(labels)) != len(labels):
                raise ValueError(f"control {self.name!r}: format {self.fmt!r} shows two values alike: {list(labels)}")
        object.__setattr__(self, "values", values)
        object.__setattr__(self, "initial", initial)
        object.__setattr__(self, "_labels", labels)

    @property
    def categorical(self) -> bool:
        return isinstance(self.values[0], str)

    @property
    def labels(self) -> tuple[str, ...]:
        """What the reader reads for each value (the readout of a slider, the options of a menu)."""
        return self._labels

    def index(self, value) -> int:
        """The position of ``value`` in the sweep; a clear error if the reader cannot reach it."""
        if self.categorical:
            if value not in self.values:
                raise ValueError(f"control {self.name!r}: {value!r} is not one of {list(self.values)}")
            return self.values.index(value)
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise TypeError(f"control {self.name!r}: value must be a number, got {value!r}")
        value = float(value)
        if not np.isfinite(value):
            raise ValueError(f"control {self.name!r}: value must be finite, got {value}")
        nearest = int(np.argmin(np.abs(np.asarray(self.values) - value)))
        if not np.isclose(self.values[nearest], value, rtol=1e-9, atol=1e-12):
            raise ValueError(f"control {self.name!r}: {value:g} is not one of the sweep's values {list(self.values)}")
        return nearest

    def readout(self, value) -> str:
        return self.labels[self.index(value)]
