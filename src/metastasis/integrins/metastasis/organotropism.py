"""Exosomal integrins and the organs they prepare: the ``exosome_organotropism`` table and its figure.

Hoshino et al. (2015) found that the integrins on tumour exosomes predict where the exosomes land
and where metastases grow: α6β4 and α6β1 with the lung, αvβ5 with the liver, β3 with the brain.
:func:`load_organotropism` reads the curated rows, :func:`organ_of` answers "which organ?" for one
integrin, and :func:`plot_organotropism` draws the chain integrin → organ → uptake cells → matrix
partner.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from ... import data, style

__all__ = ["ORGANS", "ORGAN_COLOURS", "COLUMNS", "BLOCKED_MARK", "BLOCKED_NOTE", "load_organotropism", "organ_of",
           "organotropism_size", "plot_organotropism", "organotropism_figure"]

#: Organs in the order the figure stacks them.
ORGANS = ("lung", "liver", "brain")

#: One colour per organ; the figure also writes every organ's name, so colour is never alone.
ORGAN_COLOURS = {"lung": style.PALETTE["sky_blue"], "liver": style.PALETTE["orange"], "brain": style.PALETTE["bluish_green"]}

#: The figure's four columns, left to right.
COLUMNS = ("exosomal\nintegrin", "target\norgan", "cells that take up\nthe exosomes", "matrix\npartner")


def load_organotropism(directory: Path | None = None) -> pd.DataFrame:
    """The curated rows, ordered by organ (lung, liver, brain) and then as in the file."""
    frame = data.load("exosome_organotropism", directory)
    order = {organ: i for i, organ in enumerate(ORGANS)}
    unknown = sorted(set(frame["organ"].astype(str)) - set(order))
    if unknown:
        raise ValueError(f"exosome_organotropism names organ(s) the figure does not know: {unknown}")
    return frame.sort_values("organ", key=lambda s: s.astype(str).map(order), kind="stable").reset_index(drop=True)


def organ_of(table: pd.DataFrame, integrin: str) -> str:
    """The organ an exosomal integrin was associated with, e.g. ``organ_of(t, "αvβ5")`` → ``"liver"``."""
    for column in ("integrin", "organ"):
        if column not in table.columns:
            raise KeyError(f"the table lacks column {column!r}: load it with load_organotropism()")
    hits = table.loc[table["integrin"].astype(str) == integrin, "organ"]
    if hits.empty:
        known = ", ".join(table["integrin"].astype(str))
        raise ValueError(f"no exosomal integrin {integrin!r} in the table; known: {known}")
    return str(hits.iloc[0])


#: The mark after an integrin whose blocking was reported to reduce exosome uptake and metastasis.
BLOCKED_MARK = "*"
#: The footnote that explains the mark.
BLOCKED_NOTE = f"{BLOCKED_MARK} blocking it reduced exosome uptake and metastasis"

# The drawing is laid out in inches (1 data unit = 1 inch), 6.2 in wide: column centres and box widths.
_WIDTH_IN = 6.2
_XS = (0.45, 1.55, 3.43, 5.53)
_BOX_W = (0.8, 0.8, 2.3, 1.2)
_ROW_IN, _LINE_IN, _GROUP_GAP_IN, _TITLE_IN, _NOTE_IN = 0.5, 0.19, 0.22, 0.55, 0.4
_CELLS_WRAP = 24


def _box(ax, x, y, text, colour, width, height, **text_kwargs):
    ax.add_patch(
        FancyBboxPatch((x - width / 2, y - height / 2), width, height, boxstyle="round,pad=0.02,rounding_size=0.06",
                       facecolor=colour, edgecolor="0.25", lw=0.8, alpha=0.9)
    )
    ax.text(x, y, text, ha="center", va="center", fontsize=10.5, linespacing=1.1, **text_kwargs)


def _arrow(ax, x0, y0, x1, y1):
    ax.add_patch(FancyArrowPatch((x0, y0), (x1, y1), arrowstyle="-|>", mutation_scale=10, color="0.3", lw=1.0,
                                 shrinkA=0, shrinkB=0))


def _groups(table: pd.DataFrame):
    """(organ, rows, wrapped uptake cells, height in inches) per organ, in the table's order."""
    out = []
    for organ, group in table.groupby(table["organ"].astype(str), sort=False):
        cells = _wrap(str(group["uptake_cells"].iloc[0]), _CELLS_WRAP)
        lines = cells.count("\n") + 1
        height = max(len(group) * _ROW_IN, lines * _LINE_IN + 0.3)
        out.append((organ, group, cells, height))
    return out


def _check(table: pd.DataFrame) -> None:
    needed = ["integrin", "organ", "uptake_cells", "ecm_partner", "blocking_reduced_metastasis"]
    missing = [c for c in needed if c not in table.columns]
    if missing:
        raise KeyError(f"the table lacks column(s) {missing}: load it with load_organotropism()")
    if table.empty:
        raise ValueError("no rows to draw")


def organotropism_size(table: pd.DataFrame) -> tuple[float, float]:
    """The figure size, in inches, that draws :func:`plot_organotropism` at its natural scale."""
    _check(table)
    groups = _groups(table)
    height = _TITLE_IN + sum(g[3] for g in groups) + _GROUP_GAP_IN * (len(groups) - 1) + _NOTE_IN
    return (_WIDTH_IN, round(height, 2))


def _blocked(row) -> bool:
    value = row["blocking_reduced_metastasis"]
    return not pd.isna(value) and bool(value)


def plot_organotropism(ax, table: pd.DataFrame) -> None:
    """Draw integrin → organ → uptake cells → matrix partner for every row of the table.

    Integrins that share an organ converge on one organ box. An integrin whose blocking was
    reported to reduce exosome uptake and metastasis carries :data:`BLOCKED_MARK`, explained by
    :data:`BLOCKED_NOTE` under the drawing; a matrix partner no source states is written "not stated".
    Drawn in inches: give it an axes of :func:`organotropism_size` (as :func:`organotropism_figure` does).
    """
    _check(table)
    width, height = organotropism_size(table)
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.set_aspect("equal")
    ax.set_axis_off()
    for x, title in zip(_XS, COLUMNS):
        ax.text(x, height - _TITLE_IN / 2, title, ha="center", va="center", fontsize=10.5, fontweight="bold",
                linespacing=1.05)
    top = height - _TITLE_IN
    for organ, group, cells, group_h in _groups(table):
        colour = ORGAN_COLOURS.get(organ, "0.85")
        y_organ = top - group_h / 2
        first = y_organ + (len(group) - 1) * _ROW_IN / 2
        for k, (_, row) in enumerate(group.iterrows()):
            y = first - k * _ROW_IN
            name = str(row["integrin"]) + (f" {BLOCKED_MARK}" if _blocked(row) else "")
            _box(ax, _XS[0], y, name, "white", _BOX_W[0], 0.34, fontweight="bold")
            _arrow(ax, _XS[0] + _BOX_W[0] / 2 + 0.03, y, _XS[1] - _BOX_W[1] / 2 - 0.04, y_organ)
        _box(ax, _XS[1], y_organ, organ, colour, _BOX_W[1], 0.34, fontweight="bold")
        lines = cells.count("\n") + 1
        _box(ax, _XS[2], y_organ, cells, colour, _BOX_W[2], lines * _LINE_IN + 0.14)
        _arrow(ax, _XS[1] + _BOX_W[1] / 2 + 0.03, y_organ, _XS[2] - _BOX_W[2] / 2 - 0.04, y_organ)
        partner = group["ecm_partner"].dropna()
        partner_text = str(partner.iloc[0]) if len(partner) else "not stated"
        _box(ax, _XS[3], y_organ, partner_text, colour if len(partner) else "white", _BOX_W[3], 0.34,
             style="normal" if len(partner) else "italic")
        _arrow(ax, _XS[2] + _BOX_W[2] / 2 + 0.03, y_organ, _XS[3] - _BOX_W[3] / 2 - 0.04, y_organ)
        top -= group_h + _GROUP_GAP_IN
    if any(_blocked(row) for _, row in table.iterrows()):
        ax.text(0.05, _NOTE_IN / 2, BLOCKED_NOTE, ha="left", va="center", fontsize=10.5, style="italic")


def organotropism_figure(table: pd.DataFrame):
    """The pages' figure of :func:`plot_organotropism`, 6.2 in wide (its text stays legible on a phone)."""
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=organotropism_size(table))
    plot_organotropism(fig.add_axes((0, 0, 1, 1)), table)
    return fig


def _wrap(text: str, width: int) -> str:
    import textwrap

    return textwrap.fill(text, width=width)
