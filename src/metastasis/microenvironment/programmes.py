"""The code of ``book/microenvironment/programmes.md``: autophagy's two edges, the review's lipid
findings, and Table 1 of the metastasis review (``lncrnas``) as data a reader can question.

Three curated lists and one dataset:

- :data:`AUTOPHAGY_FINDINGS`: every finding of the review's autophagy section (§ 2.3), with the
  step of metastasis it concerns, whether autophagy restrained or promoted metastasis in it, the
  kind of evidence (patients, mice, cells, flies, or a claim its cited study does not show) and
  the erratum that applies. :func:`plot_autophagy` draws them.
- :data:`LIPID_FINDINGS`: the lipid-metabolism findings (§ 2.4) with their model and study;
  :func:`lipid_table` shows them.
- ``lncrnas`` (Table 1, 25 rows): :func:`table1_view` reads it with each row's study;
  :func:`direction_counts` and :func:`class_direction` count it; :func:`conflicting_rows` finds
  the rows where the printed Effect and the curated direction disagree (H19 in bladder and
  prostate cancer, errata MET-28 and MET-29). NORAD's row names two cancers and is counted in both
  by :func:`by_cancer` (so per-cancer counts sum to 26, not 25).
- :func:`lncrna_explorer`: every Table 1 row placed by cancer type and effect, the reader choosing
  a mechanism class to highlight and whether to see the table's printed effects or the curated
  ones, with every highlighted row's study named in the frame.

A row of Table 1 is one published study in one cancer; counts here describe the review's
selection, not how often lncRNAs do anything in cancer.
"""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd

from ..explorer import Control, Explorer, animate
from ..page_figure import page_figure

__all__ = [
    "MECHANISM_CLASSES",
    "CLASS_MARKERS",
    "AUTOPHAGY_FINDINGS",
    "EVIDENCE_MARKERS",
    "LIPID_FINDINGS",
    "VIEWS",
    "short_cites",
    "table1_view",
    "by_cancer",
    "direction_counts",
    "class_direction",
    "conflicting_rows",
    "rows_where",
    "count_table_conflicts",
    "distinct_lncrnas",
    "table1_rows",
    "promoting_share",
    "plot_table1_summary",
    "plot_autophagy",
    "lipid_table",
    "lncrna_explorer",
    "autophagy_figure",
    "table1_summary_figure",
]

#: The curators' mechanism classes (the ``mechanism_class`` enum), in display order.
MECHANISM_CLASSES: tuple[str, ...] = ("microRNA", "protein partner", "neighbouring gene", "signalling pathway",
                                      "not stated")
#: One marker per class, so that class is never shown by colour alone.
CLASS_MARKERS = {"microRNA": "o", "protein partner": "s", "neighbouring gene": "^", "signalling pathway": "D",
                 "not stated": "X"}
#: The explorer's two readings of the Effect column.
VIEWS = {"curated (text and cited studies)": "direction", "as printed in Table 1": "effect_as_written"}
_PRINTED = {"Promote": "promotes", "Inhibit": "inhibits"}
_REQUIRED = ["row_id", "lncrna", "cancer_type", "function", "effect_as_written", "direction", "mechanism_class",
             "primary_source"]


def _require(frame: object, columns=_REQUIRED, what: str = "lncrnas") -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"expected the {what} table as a DataFrame, got {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise KeyError(f"the {what} table lacks column(s) {', '.join(missing)}")
    return frame


def short_cites(keys) -> str:
    """``'luo2013long'`` → ``'Luo et al. 2013'`` (several keys joined by '; '; the key if unknown)."""
    from ..references import short_cite

    out = []
    for key in (k.strip() for k in str(keys).split(";") if k.strip()):
        try:
            out.append(short_cite(key))
        except (KeyError, FileNotFoundError):
            out.append(key)
    return "; ".join(out) or "—"


def _effect(lnc: pd.DataFrame, view: str) -> pd.Series:
    """'promotes'/'inhibits' per row, curated (``direction``) or as printed (``effect_as_written``)."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; choose from {list(VIEWS)}")
    column = VIEWS[view]
    values = lnc[column].astype(str)
    return values.map(_PRINTED) if column == "effect_as_written" else values


def table1_view(lnc: pd.DataFrame) -> pd.DataFrame:
    """Table 1 for reading: row, lncRNA, cancer, Function as printed, printed and curated effect,
    mechanism class and the cited study."""
    _require(lnc)
    view = pd.DataFrame({
        "row": lnc["row_id"].astype(int),
        "lncRNA": lnc["lncrna"].astype(str),
        "cancer": lnc["cancer_type"].astype(str),
        "function (as printed)": lnc["function"].astype(str),
        "printed effect": lnc["effect_as_written"].astype(str),
        "curated direction": lnc["direction"].astype(str),
        "mechanism class": lnc["mechanism_class"].astype(str),
        "study": lnc["primary_source"].astype("string").fillna("").map(short_cites),
    })
    return view.set_index("row")


def by_cancer(lnc: pd.DataFrame) -> pd.DataFrame:
    """One row per (Table 1 row, cancer type): NORAD's 'lung cancer; breast cancer' becomes two."""
    _require(lnc)
    long = lnc.assign(cancer=lnc["cancer_type"].astype(str).str.split("; ")).explode("cancer")
    return long.reset_index(drop=True)


def direction_counts(lnc: pd.DataFrame, view: str = "curated (text and cited studies)") -> pd.DataFrame:
    """Cancer types × {promotes, inhibits}: how many Table 1 rows, in the chosen reading."""
    long = by_cancer(lnc)
    long["effect"] = _effect(long, view)
    table = pd.crosstab(long["cancer"], long["effect"]).reindex(columns=["promotes", "inhibits"], fill_value=0)
    order = table.sum(axis=1).sort_values(ascending=False, kind="stable").index
    return table.loc[order]


def class_direction(lnc: pd.DataFrame, view: str = "curated (text and cited studies)") -> pd.DataFrame:
    """Mechanism classes × {promotes, inhibits} (each Table 1 row once)."""
    _require(lnc)
    effect = _effect(lnc, view)
    table = pd.crosstab(lnc["mechanism_class"].astype(str), effect)
    return table.reindex(index=list(MECHANISM_CLASSES), columns=["promotes", "inhibits"], fill_value=0)


def conflicting_rows(lnc: pd.DataFrame) -> pd.DataFrame:
    """The rows whose printed Effect disagrees with the curated direction (errata MET-28, MET-29)."""
    _require(lnc)
    printed = _effect(lnc, "as printed in Table 1")
    return lnc[printed.to_numpy() != lnc["direction"].astype(str).to_numpy()]


def rows_where(lnc: pd.DataFrame, direction: str | None = None, mechanism_class: str | None = None,
               cancer: str | None = None) -> set[int]:
    """Row numbers of Table 1 matching a curated direction, a class and/or a cancer type."""
    _require(lnc)
    if direction is not None and direction not in ("promotes", "inhibits"):
        raise ValueError(f"direction must be 'promotes' or 'inhibits', got {direction!r}")
    if mechanism_class is not None and mechanism_class not in MECHANISM_CLASSES:
        raise ValueError(f"unknown mechanism class {mechanism_class!r}; choose from {list(MECHANISM_CLASSES)}")
    long = by_cancer(lnc)
    if cancer is not None and cancer not in set(long["cancer"]):
        raise ValueError(f"no Table 1 row concerns {cancer!r}; cancer types: {sorted(set(long['cancer']))}")
    keep = pd.Series(True, index=long.index)
    if direction is not None:
        keep &= long["direction"].astype(str) == direction
    if mechanism_class is not None:
        keep &= long["mechanism_class"].astype(str) == mechanism_class
    if cancer is not None:
        keep &= long["cancer"] == cancer
    return set(long.loc[keep, "row_id"].astype(int))


def count_table_conflicts() -> int:
    """How many Table 1 rows print an Effect the text and cited study contradict (a quiz key)."""
    from .. import data

    return len(conflicting_rows(data.load("lncrnas")))


def distinct_lncrnas() -> int:
    """How many different lncRNAs Table 1's 25 rows name (a quiz key)."""
    from .. import data

    return int(data.load("lncrnas")["lncrna"].nunique())


def table1_rows() -> int:
    """How many rows Table 1 has (25; a quiz misconception key)."""
    from .. import data

    return len(data.load("lncrnas"))


def promoting_share(view: str = "curated (text and cited studies)") -> float:
    """The share of Table 1 rows that promote metastasis, in the chosen reading (a quiz key)."""
    from .. import data

    lnc = data.load("lncrnas")
    return float((_effect(lnc, view) == "promotes").mean())


# -- figures ---------------------------------------------------------------------------------------
def plot_table1_summary(ax, lnc: pd.DataFrame) -> pd.DataFrame:
    """Diverging bars: Table 1 rows that promote (right) or inhibit (left) metastasis, per cancer type,
    curated; outlined ghost bars where the printed table says otherwise."""
    from .. import style

    curated = direction_counts(lnc)
    printed = direction_counts(lnc, "as printed in Table 1").reindex(curated.index, fill_value=0)
    names = list(curated.index)
    y = np.arange(len(names))[::-1]
    pro, inh = style.colour("vermillion"), style.colour("blue")
    ax.barh(y, curated["promotes"], color=pro, edgecolor="black", lw=0.7, label="promotes (curated)")
    ax.barh(y, -curated["inhibits"], color=inh, edgecolor="black", lw=0.7, hatch="//", label="inhibits (curated)")
    differs = (printed != curated).any(axis=1).to_numpy()
    ax.barh(y[differs], printed.loc[differs, "promotes"], fill=False, edgecolor="black", lw=1.4, ls="--",
            label="as printed in Table 1,\nwhere different")
    ax.barh(y[differs], -printed.loc[differs, "inhibits"], fill=False, edgecolor="black", lw=1.4, ls="--")
    for yy, p, i in zip(y, curated["promotes"], curated["inhibits"]):
        if p:
            ax.text(p + 0.08, yy, str(p), va="center", fontsize=10.5)
        if i:
            ax.text(-i - 0.08, yy, str(i), va="center", ha="right", fontsize=10.5)
    ax.set_yticks(y, [textwrap.fill(n, 22) for n in names])
    ax.axvline(0, color="black", lw=0.8)
    lim = int(max(curated["promotes"].max(), curated["inhibits"].max(), printed.max().max())) + 1
    ax.set_xlim(-lim, lim)
    ax.set_xticks(range(-lim + 1, lim), [str(abs(v)) for v in range(-lim + 1, lim)])
    ax.set_xlabel("Table 1 rows   ← inhibit metastasis | promote metastasis →")
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, fontsize=10.5, frameon=False)
    return curated


#: The review's autophagy findings (§ 2.3), in the order of the metastatic cascade.
#: Each: (step, finding, +1 promotes / −1 restrains metastasis, evidence, source keys, erratum).
AUTOPHAGY_FINDINGS: tuple[tuple[str, str, int, str, str, str], ...] = (
    ("in patients", "more punctate LC3B in tumours that metastasize", +1, "patient tissue",
     "lazova2012punctate; zhao2013high", ""),
    ("early tumour", "partial loss of ATG5 gave more tumours, metastases and M2 TAMs", -1, "mice",
     "gorgulu2019levels", "MET-83"),
    ("early tumour", "released HMGB1 boosts dendritic cells (claim)", -1, "claim its study does not show",
     "teohansenselno2021high", "MET-80"),
    ("invasion", "autophagy degrades Snail; ANXA1 blocks it and EMT follows", -1, "cells and mice",
     "zhu2018annexin", ""),
    ("invasion", "SOCS5 blocks autophagy; knocking SOCS5 down cut metastasis", -1, "cells and mice",
     "zhang2019socs5", "MET-78"),
    ("invasion", "CLDN1 switches autophagy on (AMPK–ULK1) and drives EMT", +1, "cells and mice",
     "wu2020cldn1", "MET-45"),
    ("invasion", "Rho-driven loosening of adhesion", +1, "fruit-fly blood cells", "kadandale2010conserved", ""),
    ("circulation", "resists anoikis; blocking it cut lung metastasis of HCC", +1, "mice", "peng2013autophagy", ""),
    ("stemness", "keeps breast CSCs going through IL-6", +1, "cells", "maycotte2015autophagy", ""),
    ("dormancy", "keeps dormant breast cancer cells alive", +1, "cells and mice", "veraramirez2018autophagy", ""),
)
#: Marker per kind of evidence (shape and label, never colour alone).
EVIDENCE_MARKERS = {"patient tissue": "D", "mice": "o", "cells and mice": "s", "cells": "^",
                    "fruit-fly blood cells": "v", "claim its study does not show": "X"}


def plot_autophagy(ax) -> None:
    """One row per finding of § 2.3: a marker left (autophagy restrains metastasis) or right
    (promotes it), its shape the kind of evidence, the finding written beside it."""
    from matplotlib.lines import Line2D

    from .. import style

    n = len(AUTOPHAGY_FINDINGS)
    y = np.arange(n)[::-1]
    colours = {-1: style.colour("blue"), +1: style.colour("vermillion")}
    last_step = None
    for yy, (step, finding, sign, evidence, _keys, erratum) in zip(y, AUTOPHAGY_FINDINGS):
        ax.scatter([sign], [yy], marker=EVIDENCE_MARKERS[evidence], s=90, color=colours[sign], edgecolor="black",
                   lw=0.8, zorder=3)
        label = finding + (f" ({erratum})" if erratum else "")
        ax.text(sign * 1.2, yy, textwrap.fill(label, 28), ha="left" if sign > 0 else "right", va="center",
                fontsize=10.5, linespacing=0.95)
        if step != last_step:
            ax.text(0, yy + 0.5, step, ha="center", va="center", fontsize=10.5, style="italic", color="0.25",
                    bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none"))
            last_step = step
    ax.axvline(0, color="0.6", lw=0.8)
    ax.set_xlim(-5.4, 5.4)
    ax.set_ylim(-0.8, n + 0.2)
    ax.set_xticks([-1, 1], ["restrains\nmetastasis", "promotes\nmetastasis"])
    ax.set_yticks([])
    ax.grid(False)
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    handles = [Line2D([], [], ls="", marker=m, color="0.5", markeredgecolor="black", markersize=8, label=e)
               for e, m in EVIDENCE_MARKERS.items()]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, fontsize=10.5, frameon=False,
              title="evidence", title_fontsize=10.5)


#: The review's lipid findings (§ 2.4 and the lipid lines of § 2.2.2), each with its study.
LIPID_FINDINGS: tuple[dict, ...] = (
    {"process": "uptake", "molecule": "CD36 (fatty-acid receptor)", "cancer": "oral carcinoma",
     "finding": "marks metastasis-initiating cells; palmitic acid or a high-fat diet raises their metastatic potential; blocking CD36 inhibits metastasis",
     "model": "human tumour cells in mice", "study": "pascual2017targeting", "erratum": ""},
    {"process": "uptake", "molecule": "CD36", "cancer": "ovarian cancer",
     "finding": "induced by adipocytes; drives progression and metastasis", "model": "see study",
     "study": "ladanyi2018adipocyte", "erratum": ""},
    {"process": "synthesis", "molecule": "ACLY", "cancer": "colon cancer",
     "finding": "stabilizes β-catenin (CTNNB1) and promotes migration, invasion and metastasis",
     "model": "cells, mice, 78 patients", "study": "wen2019acly", "erratum": ""},
    {"process": "synthesis", "molecule": "SCD-1", "cancer": "colon cancer",
     "finding": "associated with metastasis in the review's text", "model": "no study cited",
     "study": "", "erratum": "MET-58"},
    {"process": "synthesis", "molecule": "FASN", "cancer": "ovarian cancer",
     "finding": "promotes peritoneal (transcoelomic) dissemination through EMT", "model": "cells and mice",
     "study": "jiang2014upregulated", "erratum": "MET-82"},
    {"process": "synthesis", "molecule": "fatty-acid synthesis", "cancer": "pancreatic cancer",
     "finding": "maintains cancer stem cells (with the mevalonate pathway)", "model": "proteomics of stem cells",
     "study": "brandi2017proteomic", "erratum": ""},
    {"process": "synthesis", "molecule": "phospholipid profile", "cancer": "breast cancer",
     "finding": "differs between mammary epithelial cells and breast cancer cells of differing aggressiveness",
     "model": "lipidomics of cell lines", "study": "doria2012lipidomic", "erratum": ""},
    {"process": "EMT regulators", "molecule": "cPLA2α", "cancer": "hepatocellular carcinoma",
     "finding": "activates PI3K/AKT and inhibits Smad2/3 during EMT", "model": "cells", "study": "fu2017cpla2alpha",
     "erratum": ""},
    {"process": "EMT regulators", "molecule": "apolipoprotein C-II", "cancer": "gastric cancer",
     "finding": "induces EMT and peritoneal metastasis via PI3K/AKT/mTOR", "model": "see study",
     "study": "wang2021apolipoprotein", "erratum": ""},
    {"process": "EMT regulators", "molecule": "SREBP1", "cancer": "breast cancer",
     "finding": "forms a co-repressor complex with Snail and HDAC1/2 to drive EMT", "model": "see study",
     "study": "zhang2019srebp1", "erratum": ""},
    {"process": "EMT regulators", "molecule": "STIM1", "cancer": "hepatocellular carcinoma",
     "finding": "a metabolic checkpoint of invasion and metastasis", "model": "see study", "study": "zhao2020stim1",
     "erratum": ""},
    {"process": "cholesterol and rafts", "molecule": "NSDHL (cholesterol synthesis)", "cancer": "triple-negative breast cancer",
     "finding": "drives metastasis through TGFβR2 signalling and cholesterol biosynthesis", "model": "see study",
     "study": "chen2021nsdhl", "erratum": ""},
    {"process": "cholesterol and rafts", "molecule": "palmitoylated CD44 in rafts", "cancer": "breast cancer",
     "finding": "raft-bound CD44 cannot meet ezrin; releasing it from rafts speeds migration", "model": "cell lines",
     "study": "babina2014novel", "erratum": "MET-81"},
    {"process": "cholesterol and rafts", "molecule": "cholesterol depletion", "cancer": "tumour cell lines",
     "finding": "disperses CD44 from rafts, speeds its shedding and slows migration", "model": "cells",
     "study": "murai2011low", "erratum": "MET-81"},
    {"process": "cholesterol and rafts", "molecule": "squalene synthase", "cancer": "lung cancer",
     "finding": "gathers TNFR1 into rafts and promotes metastasis", "model": "cells, mice, patients",
     "study": "yang2014squalene", "erratum": "MET-79"},
    {"process": "lipids in the TME", "molecule": "long-chain fatty acids", "cancer": "pancreatic cancer",
     "finding": "accumulate and make intrapancreatic CD8+ T cells dysfunctional", "model": "see study",
     "study": "manzo2020accumulation", "erratum": ""},
    {"process": "lipids in the TME", "molecule": "lipid accumulation", "cancer": "tumour-associated macrophages",
     "finding": "required for TAM differentiation and activation", "model": "see study", "study": "su2020enhanced",
     "erratum": ""},
    {"process": "lipids in the TME", "molecule": "FASN in CAFs", "cancer": "colorectal cancer",
     "finding": "reprogrammed CAF lipid metabolism speeds cancer-cell migration", "model": "see study",
     "study": "gong2020reprogramming", "erratum": ""},
    {"process": "lipids in the TME", "molecule": "CPT1A in CAFs", "cancer": "colorectal cancer",
     "finding": "more fatty-acid oxidation in CAFs drives peritoneal metastasis", "model": "see study",
     "study": "peng2021enhancing", "erratum": "MET-46"},
)


def lipid_table() -> pd.DataFrame:
    """:data:`LIPID_FINDINGS` for display, with each study as a short citation."""
    frame = pd.DataFrame(list(LIPID_FINDINGS))
    frame["study"] = frame["study"].map(lambda k: short_cites(k) if k else "none cited")
    frame["erratum"] = frame["erratum"].replace("", "—")
    return frame.set_index(["process", "molecule"])


# -- the explorer ------------------------------------------------------------------------------------
_CANCER_LABELS = {"salivary adenoid cystic carcinoma": "salivary adenoid\ncystic carcinoma",
                  "hepatocellular carcinoma": "hepatocellular\ncarcinoma"}
X_PRO, X_INH = 0.04, 1.04   # left edges of the two chip columns


def _layout(lnc: pd.DataFrame) -> tuple[list[str], dict[str, float], dict[str, int]]:
    """Cancer rows from top to bottom, the top line of each and its number of lines (enough for
    either reading, so that no row moves when the reader switches)."""
    long = by_cancer(lnc)
    order = long.groupby("cancer", sort=False).size().sort_values(ascending=False, kind="stable").index.tolist()
    lines = {}
    for cancer in order:
        group = long[long["cancer"] == cancer]
        need = 1
        for view in VIEWS:
            eff = _effect(group, view)
            need = max(need, int((eff == "promotes").sum()), int((eff == "inhibits").sum()))
        lines[cancer] = need
    top, y = {}, 0.0
    for cancer in order:
        top[cancer] = y
        y -= lines[cancer] + 0.55
    return order, top, lines


def lncrna_explorer() -> Explorer:
    """Which Table 1 lncRNAs promote or inhibit metastasis, by cancer type and mechanism class?"""
    from matplotlib.collections import PatchCollection
    from matplotlib.colors import to_rgba
    from matplotlib.patches import Rectangle

    from .. import data, style

    lnc = data.load("lncrnas")
    long = by_cancer(lnc)
    order, top, lines = _layout(lnc)
    n = len(long)
    cls = long["mechanism_class"].astype(str).to_numpy()
    labels = [f"{r} {name}" for r, name in zip(long["row_id"], long["lncrna"])]
    moved = set(conflicting_rows(lnc)["row_id"].astype(int))

    positions = {}
    for view in VIEWS:
        eff = _effect(long, view).to_numpy()
        xy = np.zeros((n, 2))
        for cancer in order:
            for side, x0 in (("promotes", X_PRO), ("inhibits", X_INH)):
                idx = np.flatnonzero((long["cancer"].to_numpy() == cancer) & (eff == side))
                for k, i in enumerate(idx):
                    xy[i] = (x0, top[cancer] - k)
        positions[view] = (xy, eff)
    bottom = min(top[c] - lines[c] for c in order)
    first, second = (positions[v][0] for v in VIEWS)
    movable = np.any(first != second, axis=1)   # the rows that change place between the readings
    class_colour = {c: style.colour(i) for i, c in enumerate(MECHANISM_CLASSES)}
    # the menu leaves out "not stated" (one row, LIMT, shown in every view): one frame pair fewer
    classes = ("all classes",) + tuple(c for c in MECHANISM_CLASSES if c != "not stated")

    def compute(mechanism: str, view: str) -> dict:
        xy, eff = positions[view]
        chosen = np.ones(n, dtype=bool) if mechanism == "all classes" else cls == mechanism
        rows = long.loc[chosen].drop_duplicates("row_id")
        row_eff = pd.Series(eff[chosen], index=long.index[chosen]).loc[rows.index]
        return {"xy": xy, "effect": eff, "chosen": chosen, "n_rows": len(rows),
                "promotes": int((row_eff == "promotes").sum()), "inhibits": int((row_eff == "inhibits").sum()),
                "sources": [f"{r} {c.replace(' et al.', '')}"
                            for r, c in zip(rows["row_id"], rows["primary_source"].map(short_cites))]}

    # every view, computed once: the model only looks its answer up
    views = {(m, v): compute(m, v) for m in classes for v in VIEWS}

    def model(mechanism: str, view: str) -> dict:
        if (mechanism, view) not in views:
            raise ValueError(f"unknown mechanism class or view {(mechanism, view)!r}; classes: {list(classes)}, "
                             f"views: {list(VIEWS)}")
        return views[(mechanism, view)]

    def setup(fig, ax):
        fig.subplots_adjust(left=0.27, right=0.99, top=0.945, bottom=0.30)
        dark = style.colour("black")
        for cancer in order:
            ax.text(-0.04, top[cancer], _CANCER_LABELS.get(cancer, cancer), ha="right", va="top" if lines[cancer] > 1
                    or "\n" in _CANCER_LABELS.get(cancer, "") else "center", fontsize=10.5, linespacing=0.95)
            ax.axhline(top[cancer] + 0.5, color="0.9", lw=0.8, zorder=0)
        ax.axvline(1.0, color="0.6", lw=0.9)
        ax.text(0.5, 1.1, "promotes metastasis", ha="center", va="bottom", fontsize=11, fontweight="bold")
        ax.text(1.5, 1.1, "inhibits metastasis", ha="center", va="bottom", fontsize=11, fontweight="bold")
        # chips that never move are drawn once, into the cached background; only the few rows whose
        # place differs between the two readings are animated. Highlighting and dimming are one
        # animated collection of translucent boxes laid over the chips, so a redraw stays cheap.
        chips = []
        for i, lab in enumerate(labels):
            x0, y0 = positions[next(iter(VIEWS))][0][i]
            chip = ax.text(x0 + 0.07, y0, lab, ha="left", va="center", fontsize=10.5, zorder=4,
                           bbox=dict(boxstyle="round,pad=0.2", facecolor="white", edgecolor="0.6", lw=0.8))
            chip.set_animated(bool(movable[i]))
            chips.append(chip)
        dots = {c: ax.scatter(np.zeros(int((cls == c).sum())), np.zeros(int((cls == c).sum())), s=36,
                              marker=CLASS_MARKERS[c], facecolors=class_colour[c], edgecolors=dark, lw=0.7, zorder=5)
                for c in MECHANISM_CLASSES}
        overlay = PatchCollection([], zorder=6, linewidths=1.2)
        ax.add_collection(overlay)
        readout = fig.text(0.02, 0.195, "", ha="left", va="top", fontsize=10.5)
        ax.set_xlim(-0.02, 2.0)
        ax.set_ylim(bottom + 0.3, 1.0)
        ax.set_axis_off()
        from matplotlib.lines import Line2D

        fig.legend(handles=[Line2D([], [], ls="", marker=CLASS_MARKERS[c], markerfacecolor=class_colour[c],
                                   markeredgecolor=dark, markersize=7, label=c) for c in MECHANISM_CLASSES],
                   loc="lower left", bbox_to_anchor=(0.0, 0.2), ncol=3, fontsize=10.5, frameon=False,
                   handletextpad=0.2, columnspacing=0.8)
        animate(list(dots.values()), overlay, readout)
        sizes = {}

        def chip_sizes():
            """Each chip's box relative to its anchor (dx, dy, width, height) in data units, measured
            once the layout is final (a row the printed table gets wrong with its widest label, with ⚠)."""
            if not sizes:
                renderer = fig.canvas.get_renderer()
                to_data = ax.transData.inverted()
                pad = 0.12 * 10.5 * fig.dpi / 72.0    # a little inside the chip's own box (pad 0.2)
                for i, chip in enumerate(chips):
                    if int(long["row_id"].iloc[i]) in moved:
                        chip.set_text(labels[i] + " ⚠")
                    (xa, ya), (xb, yb) = to_data.transform(chip.get_window_extent(renderer).padded(pad).get_points())
                    ax0, ay0 = chip.get_position()
                    sizes[i] = (xa - ax0, ya - ay0, xb - xa, yb - ya)
                    chip.set_text(labels[i])
            return sizes

        def update(result, params):
            xy, chosen = result["xy"], result["chosen"]
            all_view = params["mechanism"] == "all classes"
            printed = params["view"] == "as printed in Table 1"
            boxes = chip_sizes()
            patches, faces, edges = [], [], []
            for i, chip in enumerate(chips):
                if movable[i]:
                    chip.set_position((xy[i, 0] + 0.07, xy[i, 1]))
                    chip.set_text(labels[i] + (" ⚠" if printed and int(long["row_id"].iloc[i]) in moved else ""))
                if all_view:
                    continue
                dx, dy, w, h = boxes[i]
                patches.append(Rectangle((xy[i, 0] + 0.07 + dx, xy[i, 1] + dy), w, h))
                if chosen[i]:
                    faces.append(to_rgba(class_colour[cls[i]], 0.45))
                    edges.append(to_rgba(dark, 1.0))
                else:
                    faces.append(to_rgba("white", 0.6))
                    edges.append(to_rgba("white", 0.0))
            overlay.set_paths(patches)
            overlay.set_facecolors(faces or "none")
            overlay.set_edgecolors(edges or "none")
            for c, d in dots.items():
                idx = np.flatnonzero(cls == c)
                d.set_offsets(np.column_stack([xy[idx, 0] + 0.025, xy[idx, 1]]))
                d.set_alpha(1.0 if all_view or params["mechanism"] == c else 0.25)
            what = "all 25 rows" if all_view else f"{params['mechanism']}: {result['n_rows']} row" + (
                "s" if result["n_rows"] != 1 else "")
            head = f"{what}; {result['promotes']} promote, {result['inhibits']} inhibit"
            if printed:
                head += " (⚠ effect as printed: MET-28, MET-29)"
            body = "; ".join(result["sources"])
            readout.set_text(head + "\n" + "\n".join(textwrap.wrap("Studies (row, first author, year): " + body, 74)[:7]))

        return update

    def alt(params: dict, result: dict) -> str:
        chosen = "every mechanism class" if params["mechanism"] == "all classes" else f"the {params['mechanism']} class"
        rows = "; ".join(result["sources"])
        return (f"Chart of the 25 rows of Table 1 of the metastasis review placed by cancer type (rows) and effect "
                f"(columns: promotes or inhibits metastasis), read {params['view']}, highlighting {chosen}: "
                f"{result['n_rows']} rows, {result['promotes']} promoting and {result['inhibits']} inhibiting. "
                f"Rows and their studies: {rows}.")

    return Explorer(
        name="lncrna-table",
        controls=[
            Control("mechanism", "mechanism class", classes, initial="all classes"),
            Control("view", "effect column", tuple(VIEWS), initial="curated (text and cited studies)"),
        ],
        model=model,
        setup=setup,
        alt=alt,
        figsize=(6.2, 8.0),
        caption="Every row of Table 1 (number and lncRNA), placed by cancer type and by whether it promotes or "
        "inhibits metastasis. Choose a mechanism class to highlight it, and switch the effect column between the "
        "curated reading and the table as printed (⚠: rows the printed table gets wrong). The studies of the "
        "highlighted rows are named under the chart. Data: lncrnas.",
    )


# -- the page's figures, sized for a phone column (style.check_phone_legible) ----------------


def autophagy_figure():
    """The page's figure of :func:`plot_autophagy`, 6.2 in wide (its text stays legible on a phone)."""
    return page_figure(plot_autophagy, height=7.6, margins=dict(left=0.01, right=0.99, top=0.98, bottom=0.22))[0]


def table1_summary_figure(lnc: pd.DataFrame):
    """The page's figure of :func:`plot_table1_summary`."""
    return page_figure(plot_table1_summary, lnc, height=5.0)[0]
