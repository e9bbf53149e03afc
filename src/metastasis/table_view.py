"""Tables formatted as text for reading, column by column.

pandas' ``Styler`` needs jinja2, which the learner environment does not promise, so pages format
their tables with :func:`format_columns` instead.
"""
from __future__ import annotations

import pandas as pd

__all__ = ["format_columns"]


def format_columns(table: pd.DataFrame, formats: dict[str, str], index: str | None = None) -> pd.DataFrame:
    """``table`` with each column in ``formats`` turned to text by its format string.

    Columns not in ``formats`` are kept as they are; ``index`` (a column or the existing index's
    name) becomes the index. A format naming a column the table lacks raises ``KeyError``.
    """
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"format_columns needs a pandas DataFrame, not {type(table).__name__}")
    missing = [c for c in formats if c not in table.columns]
    if missing:
        raise KeyError(f"the table lacks column(s) {', '.join(missing)}")
    out = table.copy()
    for column, fmt in formats.items():
        try:
            out[column] = [fmt.format(v) for v in table[column]]
        except (ValueError, TypeError) as err:
            raise ValueError(f"column {column!r} cannot be written with format {fmt!r}: {err}") from err
    return out.set_index(index) if index is not None else out
