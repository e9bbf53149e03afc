"""The principles the metastasis chapter is built on, drawn as one figure.

Six steps of spread, each with the integrins that carry it and the study the chapter uses as its
evidence, with that study's model system, so the figure never claims more than the evidence's scope:

1. an integrin switch accompanies EMT (αvβ6 induced in colon carcinoma; Bates et al. 2005);
2. invadopodia need β1 to mature and cut matrix (metastatic breast cancer cells; Beaty et al. 2013);
3. LOX crosslinking stiffens collagen and boosts integrin signalling (mouse mammary tumours;
   Levental et al. 2009);
4. platelet αIIbβ3 is needed for melanoma cells to seed bone (mice; Bakewell et al. 2003);
5. exosomal integrins mark the organ to be colonised (mouse models; Hoshino et al. 2015);
6. a changed matrix reawakens dormant cells through β1 and α3β1 (mice; Barkan et al. 2010;
   Albrengues et al. 2018).

:data:`PRINCIPLES` holds them as data (step, principle, integrins, evidence, model, bibtex keys);
:func:`plot_principles` draws them in reading order, snaking through three rows of two.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from ... import style
from ...page_figure import page_figure

__all__ = ["Principle", "PRINCIPLES", "plot_principles", "principles_figure"]


@dataclass(frozen=True)
class Principle:
    step: str
    principle: str
    integrins: str
    evidence: str
    model: str
    keys: tuple[str, ...]


#: The chapter's six principles, in the order a cell meets them.
PRINCIPLES: tuple[Principle, ...] = (
    Principle("leave", "an integrin switch accompanies EMT", "αvβ6 induced",
              "β6 transcribed during EMT; high β6, shorter survival", "colon carcinoma spheroids; 488 patients",
              ("bates2005transcriptional",)),
    Principle("invade", "invadopodia grip, pull and cut", "β1 (active) at invadopodia",
              "β1 needed for mature, matrix-degrading invadopodia", "metastatic breast cancer cells",
              ("beaty2013beta1",)),
    Principle("stiffen", "LOX crosslinks collagen; stiffness feeds integrin signals", "β1 focal adhesions, PI3K",
              "less LOX crosslinking, less fibrosis and malignancy", "mouse mammary tumours, 3D culture",
              ("levental2009matrix",)),
    Principle("survive the blood", "platelets shield circulating cells", "platelet αIIbβ3",
              "β3-null mice: bone metastasis 4\u00a0% vs 74\u00a0%", "B16 melanoma in mice",
              ("bakewell2003platelet", "leblanc2016metastasis")),
    Principle("choose an organ", "exosomal integrins address the niche", "α6β4, α6β1 lung; αvβ5 liver",
              "blocking α6β4 or αvβ5 cut uptake and metastasis", "mouse models, patient plasma",
              ("hoshino2015tumour",)),
    Principle("wake up", "a changed matrix ends dormancy", "β1 (collagen I); α3β1 (cut laminin)",
              "fibrosis or NET-cleaved laminin wakes dormant cells", "mouse models",
              ("barkan2010metastatic", "albrengues2018neutrophil")),
)


def plot_principles(ax, principles=PRINCIPLES) -> None:
    """Boxes in reading order, snaking through rows of two (1 → 2, then 3 ← 4 below, …), joined by arrows."""
    principles = tuple(principles)
    if not principles:
        raise ValueError("no principles to draw")
    if any(not isinstance(p, Principle) for p in principles):
        raise TypeError("principles must be Principle records")
    rows = (len(principles) + 1) // 2
    width, height, gap_x, gap_y = 4.6, 2.75, 0.5, 0.55
    positions = []
    for k in range(len(principles)):
        row, col = divmod(k, 2)
        if row % 2:  # right to left on odd rows
            col = 1 - col
        positions.append((col * (width + gap_x), (rows - 1 - row) * (height + gap_y)))
    for k, (p, (x, y)) in enumerate(zip(principles, positions)):
        colour = style.colour(k)
        ax.add_patch(FancyBboxPatch((x, y), width, height, boxstyle="round,pad=0.06,rounding_size=0.15",
                                    facecolor="white", edgecolor=colour, lw=2.0))
        ax.text(x + 0.15, y + height - 0.15, f"{k + 1}. {p.step}", fontsize=11.5, fontweight="bold", va="top")
        body = "\n".join([textwrap.fill(p.principle, 31), textwrap.fill(p.integrins, 31),
                          textwrap.fill(f"{p.evidence} ({p.model})", 31)])
        ax.text(x + 0.15, y + height - 0.62, body, fontsize=10.5, va="top", linespacing=1.1)
    for k in range(len(principles) - 1):
        (x0, y0), (x1, y1) = positions[k], positions[k + 1]
        if y0 == y1:  # along the row
            left_to_right = x1 > x0
            start = (x0 + width + 0.05, y0 + height / 2) if left_to_right else (x0 - 0.05, y0 + height / 2)
            end = (x1 - 0.05, y1 + height / 2) if left_to_right else (x1 + width + 0.05, y1 + height / 2)
        else:  # down to the next row
            start, end = (x0 + width / 2, y0 - 0.05), (x1 + width / 2, y1 + height + 0.05)
        ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=14, color="0.35", lw=1.3))
    total_w = 2 * width + gap_x
    total_h = rows * height + (rows - 1) * gap_y
    ax.set_xlim(-0.15, total_w + 0.15)
    ax.set_ylim(-0.15, total_h + 0.15)
    ax.set_aspect("equal")
    ax.set_axis_off()


def principles_figure(principles=PRINCIPLES):
    """The page's figure of :func:`plot_principles`, 6.2 in wide (its text stays legible on a phone)."""
    return page_figure(plot_principles, principles, height=6.2, margins=dict(left=0.01, right=0.99, top=0.99, bottom=0.01))[0]
