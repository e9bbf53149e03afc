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

__all__ = ["ORGANS", "ORGAN_COLOURS", "COLUMNS", "load_organotropism", "organ_of", "plot_organotropism"]

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


def _box(ax, x, y, text, colour, width=0.2, height=0.11, **text_kwargs):
    ax.add_patch(
        FancyBboxPatch((x - width / 2, y - height / 2), width, height, boxstyle="round,pad=0.008,rounding_size=0.015",
                       facecolor=colour, edgecolor="0.25", lw=0.8, alpha=0.9)
    )
    ax.text(x, y, text, ha="center", va="center", fontsize=8.5, **text_kwargs)


def _arrow(ax, x0, y0, x1, y1):
    ax.add_patch(FancyArrowPatch((x0, y0), (x1, y1), arrowstyle="-|>", mutation_scale=10, color="0.3", lw=1.0,
                                 shrinkA=0, shrinkB=0))


def plot_organotropism(ax, table: pd.DataFrame) -> None:
    """Draw integrin → organ → uptake cells → matrix partner for every row of the table.

    Integrins that share an organ converge on one organ box. An integrin whose blocking was
    reported to reduce exosome uptake and metastasis is marked "blocking it reduced uptake and metastasis"; a matrix
    partner no source states is written "not stated".
    """
    needed = ["integrin", "organ", "uptake_cells", "ecm_partner", "blocking_reduced_metastasis"]
    missing = [c for c in needed if c not in table.columns]
    if missing:
        raise KeyError(f"the table lacks column(s) {missing}: load it with load_organotropism()")
    if table.empty:
        raise ValueError("no rows to draw")
    xs = (0.09, 0.32, 0.6, 0.89)
    n = len(table)
    y_of_row = {i: 1 - (i + 0.5) / n for i in range(n)}
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.02, 1.12)
    ax.set_axis_off()
    for x, title in zip(xs, COLUMNS):
        ax.text(x, 1.07, title, ha="center", va="center", fontsize=9, fontweight="bold")
    for organ, group in table.groupby(table["organ"].astype(str), sort=False):
        colour = ORGAN_COLOURS.get(organ, "0.85")
        ys = [y_of_row[i] for i in group.index]
        y_organ = sum(ys) / len(ys)
        for i, row in group.iterrows():
            y = y_of_row[i]
            _box(ax, xs[0], y, str(row["integrin"]), "white", width=0.16, fontweight="bold")
            blocked = row["blocking_reduced_metastasis"]
            if not pd.isna(blocked) and bool(blocked):
                ax.text(xs[0], y - 0.105, "blocking it reduced\nuptake and metastasis", ha="center", va="center", fontsize=6.5,
                        style="italic", linespacing=1.1)
            _arrow(ax, xs[0] + 0.085, y, xs[1] - 0.105, y_organ)
        _box(ax, xs[1], y_organ, organ, colour, fontweight="bold")
        cells = str(group["uptake_cells"].iloc[0])
        wrapped = _wrap(cells, 26)
        _box(ax, xs[2], y_organ, wrapped, colour, width=0.27, height=0.045 * wrapped.count("\n") + 0.09)
        _arrow(ax, xs[1] + 0.105, y_organ, xs[2] - 0.14, y_organ)
        partner = group["ecm_partner"].dropna()
        partner_text = str(partner.iloc[0]) if len(partner) else "not stated"
        _box(ax, xs[3], y_organ, partner_text, colour if len(partner) else "white", width=0.16,
             style="normal" if len(partner) else "italic")
        _arrow(ax, xs[2] + 0.14, y_organ, xs[3] - 0.085, y_organ)


def _wrap(text: str, width: int) -> str:
    import textwrap

    return textwrap.fill(text, width=width)
