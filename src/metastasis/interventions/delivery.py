"""The code of ``book/interventions/delivery.md``: evidence levels of the review's interventions,
the natural compounds it cites, and the nanoparticle-delivery figure.

Evidence levels come from the ``interventions`` dataset: each row's ``phase`` (preclinical, phase
I–III, clinical practice, or not stated). The review's own rows are ``IV-nn``; rows the book added
from primary trial reports are ``IV-Snn``. :func:`evidence_counts` counts rows by class × level,
and :func:`evidence_explorer` shows them with two controls (which rows; which of them).

:data:`NATURAL_COMPOUNDS` holds the review's § 3.4 claims about natural and synthetic compounds,
each with the model system the book could confirm from the cited study's abstract (or says that
it could not). Nothing there is clinical.

The nanoparticle figure draws :mod:`metastasis.models.nanoparticle`, whose only sourced number
is the 0.7 % median delivery of Wilhelm et al. 2016 (``wilhelm2016analysis``); every rate and
half-life is illustrative.
"""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd

from .. import data, style
from ..explorer import Control, Explorer, animate
from ..models import nanoparticle
from ..page_figure import page_figure

__all__ = [
    "LEVELS",
    "LEVEL_LABELS",
    "ROW_SETS",
    "SUBSETS",
    "evidence_level",
    "evidence_counts",
    "evidence_explorer",
    "NATURAL_COMPOUNDS",
    "natural_compounds",
    "plot_natural_compounds",
    "plot_nanoparticle",
    "particle_to_free_auc",
    "check_qualitative_share",
    "nanoparticle_figure",
    "natural_compounds_figure",
]

#: Evidence levels, weakest first (the ``interventions.phase`` enum, plus rows that give no phase).
LEVELS = ("preclinical", "phase I", "phase II", "phase III", "clinical practice", "not stated")
#: Short labels for the figure legend.
LEVEL_LABELS = {"preclinical": "cells or animals", "phase I": "phase I", "phase II": "phase II",
                "phase III": "phase III", "clinical practice": "clinical practice", "not stated": "no phase given"}
#: Which rows the explorer counts.
ROW_SETS = ("the review's rows", "all rows")
#: Which of them.
SUBSETS = ("every row", "a verified number", "no number")


def _frame(interventions: pd.DataFrame | None) -> pd.DataFrame:
    frame = data.load("interventions") if interventions is None else interventions
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"expected the interventions DataFrame, got {type(frame).__name__}")
    missing = [c for c in ("outcome_id", "intervention_class", "phase", "value", "verified") if c not in frame.columns]
    if missing:
        raise KeyError(f"the table lacks column(s) {', '.join(missing)}: is it interventions?")
    return frame


def evidence_level(phase) -> str:
    """The evidence level of a row from its ``phase`` cell (empty -> 'not stated')."""
    if phase is None or (not isinstance(phase, str) and pd.isna(phase)):
        return "not stated"
    phase = str(phase)
    if phase not in LEVELS:
        raise ValueError(f"unknown phase {phase!r}; expected one of {LEVELS[:-1]} or an empty cell")
    return phase


def _select(frame: pd.DataFrame, rows: str, subset: str) -> pd.DataFrame:
    if rows not in ROW_SETS:
        raise ValueError(f"rows must be one of {ROW_SETS}, got {rows!r}")
    if subset not in SUBSETS:
        raise ValueError(f"subset must be one of {SUBSETS}, got {subset!r}")
    if rows == ROW_SETS[0]:
        frame = frame[~frame["outcome_id"].astype(str).str.startswith("IV-S")]
    if subset == "a verified number":
        verified = frame["verified"].astype("boolean").fillna(False).astype(bool)
        frame = frame[frame["value"].notna().to_numpy() & verified.to_numpy()]
    elif subset == "no number":
        frame = frame[frame["value"].isna().to_numpy()]
    return frame


def evidence_counts(rows: str = "the review's rows", subset: str = "every row",
                    interventions: pd.DataFrame | None = None) -> pd.DataFrame:
    """Rows of ``interventions`` by class (index, in the schema's order) × evidence level (columns)."""
    frame = _frame(interventions)
    chosen = _select(frame, rows, subset)
    classes = list(frame["intervention_class"].cat.categories) if hasattr(frame["intervention_class"], "cat") \
        else sorted(frame["intervention_class"].unique())
    out = pd.DataFrame(0, index=classes, columns=list(LEVELS))
    for cls, phase in zip(chosen["intervention_class"].astype(str), chosen["phase"]):
        out.loc[cls, evidence_level(phase)] += 1
    return out


def check_qualitative_share(got) -> bool:
    """Friendly check for the exercise: the share of the review's rows that carry no number."""
    from ..checks import check_close

    frame = _frame(None)
    review = _select(frame, ROW_SETS[0], "every row")
    expected = float(review["value"].isna().mean())
    if isinstance(got, (int, float)) and not isinstance(got, bool) and got > 1:
        print(f"✗ the share should be a fraction between 0 and 1; {got} looks like a count or a percentage.")
        return False
    return check_close("share of the review's rows with no number", got, expected)


_LEVEL_STYLE = {
    "preclinical": ("reddish_purple", ""),
    "phase I": ("sky_blue", ""),
    "phase II": ("blue", "//"),
    "phase III": ("bluish_green", ""),
    "clinical practice": ("orange", ".."),
    "not stated": ("#d9d9d9", "xx"),
}


def _level_colour(level: str) -> str:
    name = _LEVEL_STYLE[level][0]
    return name if name.startswith("#") else style.colour(name)


def evidence_explorer() -> Explorer:
    """How strong is the evidence behind each class of intervention the review discusses?"""
    cache = {(r, s): evidence_counts(r, s) for r in ROW_SETS for s in SUBSETS}
    classes = list(cache[(ROW_SETS[1], SUBSETS[0])].index)
    xmax = max(int(c.sum(axis=1).max()) for c in cache.values())

    def model(rows: str, subset: str) -> pd.DataFrame:
        return cache[(rows, subset)]

    def setup(fig, ax):
        y = np.arange(len(classes))[::-1]
        bars = {}
        for level in LEVELS:
            colour, hatch = _LEVEL_STYLE[level]
            bars[level] = ax.barh(y, np.zeros(len(classes)), left=np.zeros(len(classes)), height=0.7,
                                  color=_level_colour(level), hatch=hatch, edgecolor="black", linewidth=0.6,
                                  label=LEVEL_LABELS[level])
        totals = [ax.text(0, yy, "", va="center", ha="left", fontsize=10.5) for yy in y]
        ax.set_yticks(y, classes, fontsize=10.5)
        ax.set_xlim(0, xmax + 3)
        ax.set_xlabel("rows of the interventions table")
        from matplotlib.ticker import MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(axis="y", visible=False)
        ax.spines["left"].set_visible(False)  # the bars start on it; a redraw would paint over it
        ax.set_axisbelow(True)
        ax.legend(loc="upper center", bbox_to_anchor=(0.42, -0.16), ncol=3, fontsize=10.5, frameon=False,
                  handlelength=1.6, columnspacing=0.9)
        title = ax.set_title("", fontsize=10.5, loc="left")
        patches = [p for level in LEVELS for p in bars[level].patches]
        animate(patches, totals, title)
        fig.subplots_adjust(left=0.27, right=0.97, top=0.9, bottom=0.3)

        def update(counts: pd.DataFrame, params):
            left = np.zeros(len(classes))
            for level in LEVELS:
                widths = counts[level].to_numpy(dtype=float)
                for patch, w, l0 in zip(bars[level].patches, widths, left):
                    patch.set_width(w)
                    patch.set_x(l0)
                left += widths
            for text, total in zip(totals, left):
                text.set_x(total + 0.3)
                text.set_text(f"{int(total)}" if total else "0")
            n = int(counts.values.sum())
            strong = int(counts[["phase III", "clinical practice"]].values.sum())
            title.set_text(f"{n} rows; {strong} from phase III or clinical practice")

        return update

    def alt(params, counts: pd.DataFrame):
        parts = []
        for cls in classes:
            row = counts.loc[cls]
            if row.sum() == 0:
                parts.append(f"{cls} none")
                continue
            levels = ", ".join(f"{int(row[level])} {LEVEL_LABELS[level]}" for level in LEVELS if row[level])
            parts.append(f"{cls} {int(row.sum())} ({levels})")
        return (f"Horizontal stacked bars, one per intervention class, counting {params['rows']} of the "
                f"interventions table with {params['subset']}, split by evidence level: " + "; ".join(parts) + ".")

    return Explorer(
        name="intervention-evidence",
        controls=[
            Control("rows", "which rows", ROW_SETS, initial=ROW_SETS[0]),
            Control("subset", "which of them", SUBSETS, initial=SUBSETS[0]),
        ],
        model=model,
        setup=setup,
        alt=alt,
        caption="Each bar is one class of intervention in the review's § 3, split by the strongest kind of study "
        "behind each row: cell or animal work, trial phase, or clinical practice. Add the book's rows from primary "
        "trial reports, or keep only rows that carry a number the book verified. Data: interventions.",
        figsize=(6.2, 5.0),
    )


# -- natural compounds ----------------------------------------------------------------------

#: The review's § 3.4 claims about compounds, with what the book could confirm of each cited study.
NATURAL_COMPOUNDS = (
    {"compound": "triptolide", "origin": "Tripterygium wilfordii (plant)", "cancer": "lung cancer (NSCLC)",
     "review_claim": "inhibits proliferation and invasion in vitro and in vivo", "study": "reno2015triptolide",
     "system": "cell lines and mice (tail-vein experimental metastasis)", "level": "animal",
     "status": "abstract read"},
    {"compound": "gigantol", "origin": "Dendrobium orchids", "cancer": "bladder cancer",
     "review_claim": "inhibits proliferation and invasion in vitro and in vivo; acts through EMT", "study": "zhao2020gigantol",
     "system": "bladder cancer cells (the abstract's methods were not read)", "level": "cell line",
     "status": "title and background read"},
    {"compound": "anthocyanidins", "origin": "dietary flavonoids", "cancer": "glioblastoma",
     "review_claim": "inhibits proliferation and invasion in vitro and in vivo; acts through EMT",
     "study": "ouanouki2017anthocyanidins", "system": "glioblastoma cells (title; the abstract was not read)",
     "level": "cell line", "status": "title read"},
    {"compound": "curcumol", "origin": "Curcuma (plant)", "cancer": "melanoma; breast cancer",
     "review_claim": "inhibits metastasis by weakening anoikis resistance", "study": "ning2020curcumol; ning2016curcumol",
     "system": "the titles name PI3K/AKT, ERK/NF-κB and MMP-9 signalling, not anoikis", "level": "cell line",
     "status": "titles read"},
    {"compound": "DZ-50", "origin": "synthetic (not a natural product)", "cancer": "not stated",
     "review_claim": "inhibits metastasis by weakening anoikis resistance", "study": "",
     "system": "no study of DZ-50 is cited (both references are curcumol papers)", "level": "no source",
     "status": "citation missing"},
)
_COMPOUND_LEVELS = ("no source", "cell line", "animal", "human")


def natural_compounds() -> pd.DataFrame:
    """:data:`NATURAL_COMPOUNDS` as a table."""
    return pd.DataFrame(list(NATURAL_COMPOUNDS))


def plot_natural_compounds(ax) -> pd.DataFrame:
    """Dot chart: for each compound, the level the review claims and the level the book could confirm."""
    table = natural_compounds()
    claimed = {"triptolide": "animal", "gigantol": "animal", "anthocyanidins": "animal",
               "curcumol": "cell line", "DZ-50": "cell line"}
    y = np.arange(len(table))[::-1]
    pos = {lvl: i for i, lvl in enumerate(_COMPOUND_LEVELS)}
    for yy, row in zip(y, table.itertuples()):
        c, b = pos[claimed[row.compound]], pos[row.level]
        ax.plot([min(b, c), max(b, c)], [yy, yy], color="0.7", lw=2, zorder=1)
        ax.plot([c], [yy], marker="o", ms=11, mfc="white", mec=style.colour("vermillion"), mew=2, ls="none", zorder=2,
                label="the review implies" if yy == y[0] else None)
        ax.plot([b], [yy], marker="D", ms=8, color=style.colour("blue"), mec="black", ls="none", zorder=3,
                label="the book could confirm" if yy == y[0] else None)
    ax.set_yticks(y, [f"{r.compound}\n({r.cancer.split(';')[0]})" for r in table.itertuples()], fontsize=10.5)
    ax.set_xticks(range(len(_COMPOUND_LEVELS)), ["no source", "cells", "animals", "patients"], fontsize=10.5)
    ax.set_xlim(-0.4, len(_COMPOUND_LEVELS) - 0.6)
    ax.set_ylim(-0.6, len(table) - 0.4)
    ax.grid(axis="y", visible=False)
    ax.axvspan(2.5, 3.6, color="0.93", zorder=0)
    ax.text(3, len(table) / 2 - 0.5, "no compound\nreached\npatients", ha="center", va="center", fontsize=10.5)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, fontsize=10.5, frameon=False)
    return table


# -- nanoparticles ----------------------------------------------------------------------------

def particle_to_free_auc(t_end: float | None = None) -> float:
    """Tumour exposure (AUC) of the model's default nanoparticle over the free drug's, up to ``t_end`` h."""
    if t_end is not None and (isinstance(t_end, bool) or not isinstance(t_end, (int, float)) or t_end <= 0):
        raise ValueError(f"t_end must be a positive number of hours or None, got {t_end!r}")
    return float(nanoparticle.auc_ratio(t_end=t_end))


def plot_nanoparticle(ax, t_end: float = 96.0) -> dict:
    """Tumour amount (% of dose) of the free drug and the default particle; returns the numbers shown."""
    d = nanoparticle.nanoparticle_explorer_model(t_end=t_end)
    t = d["t"]
    ax.plot(t, 100 * d["free_tumour"], color=style.colour("vermillion"), lw=2.2, ls="--", label="free drug")
    ax.plot(t, 100 * d["particle_tumour"], color=style.colour("blue"), lw=2.4, label="nanoparticle")
    ax.axhline(100 * nanoparticle.WILHELM_MEDIAN_DELIVERY, color="0.4", lw=0.9, ls=":")
    ax.text(t_end * 0.98, 100 * nanoparticle.WILHELM_MEDIAN_DELIVERY + 0.03, "0.7 % of dose: median delivery\n"
            "(Wilhelm et al. 2016, sourced)", ha="right", va="bottom", fontsize=10.5)
    (tf, pf), (tp, pp) = d["free_peak"], d["particle_peak"]
    ax.plot([tf], [100 * pf], marker="o", color=style.colour("vermillion"), mec="black", ls="none", ms=7)
    ax.plot([tp], [100 * pp], marker="o", color=style.colour("blue"), mec="black", ls="none", ms=7)
    ax.set_xlim(0, t_end)
    ax.set_ylim(0, max(100 * pf, 100 * pp) * 1.6)
    ax.set_xticks(np.arange(0, t_end + 1, 24))
    ax.set_xlabel("hours after injection")
    ax.set_ylabel("in the tumour (% of dose)")
    ax.legend(loc="upper right", bbox_to_anchor=(1.0, 0.8), fontsize=10.5, frameon=False)
    return {"free_peak": (float(tf), float(pf)), "particle_peak": (float(tp), float(pp)),
            "auc_ratio_window": float(d["auc_ratio_window"]), "auc_ratio_total": float(d["auc_ratio_total"])}


def _wrap(text: str, width: int = 60) -> str:
    return textwrap.fill(text, width)


# -- the page's figures, sized for a phone column (style.check_phone_legible) ----------------


def nanoparticle_figure():
    """The page's figure of :func:`plot_nanoparticle` and the numbers it draws: ``(fig, numbers)``."""
    return page_figure(plot_nanoparticle, height=4.0)


def natural_compounds_figure():
    """The page's figure of :func:`plot_natural_compounds`."""
    return page_figure(plot_natural_compounds, height=4.4)[0]
