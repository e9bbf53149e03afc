"""The code of ``book/integrins/stemness.md``: the review's Table 2, its marker claims, its
mechanisms, and the ligand-blockade explorer.

Four things live here, each used by the stemness chapter and its exercises:

- helpers over the ``integrin_roles`` rows with ``process == "stemness"`` (Table 2 of Su et al.
  2020): :func:`stemness_rows`, :func:`rows_per_integrin` and the exercise check
  :func:`check_rows_per_integrin`;
- :func:`marker_claims`, the review's section "Integrins as Biomarker of Cancer Stem Cells" as
  (integrin, cancer, study) triples (the ``stemness_markers`` dataset), and
  :func:`plot_marker_map`, which draws them with the Table 2 rows;
- :func:`mechanisms`, the signalling routes of the section "Activation of Integrin Signaling
  Promotes Cancer Stemness" and of Table 2, each sorted twice: as the review groups it, and by
  what the cited study showed about the ligand (the book's reading of each study's title and
  abstract; see errata INT-50 to INT-52), read from the ``stemness_routes`` dataset.
  :func:`plot_mechanism_map` draws them;
- :func:`blockade_explorer`, over the model :mod:`metastasis.models.ligand_blockade`.

Both curated tables live in ``data/`` with provenance on every row and are read through
:func:`metastasis.data.load` when the functions are called, never at import time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch

from .. import data, style
from ..explorer import Control, Explorer, animate
from ..models import ligand_blockade as lb
from ..checks import _name, _report, _unanswered
from ..page_figure import page_figure

__all__ = [
    "CANCER_GROUPS",
    "INTEGRIN_ORDER",
    "EVIDENCE_CLASSES",
    "MarkerClaim",
    "Mechanism",
    "marker_claims",
    "mechanisms",
    "cancer_group",
    "stemness_rows",
    "table_two",
    "rows_per_integrin",
    "check_rows_per_integrin",
    "marker_evidence",
    "mechanisms_frame",
    "plot_marker_map",
    "marker_map_figure",
    "BLOCKADE_SHARES",
    "blockade_figure",
    "plot_mechanism_map",
    "mechanism_map_size",
    "mechanism_map_figure",
    "format_dose",
    "blockade_explorer",
]

#: Cancer types on the marker map, in display order.
CANCER_GROUPS = (
    "breast",
    "glioblastoma / glioma",
    "colorectal",
    "squamous cell carcinoma",
    "oesophageal SCC",
    "tongue SCC",
    "head and neck SCC",
    "liver (HCC)",
    "lung",
    "pancreatic",
)

#: Integrins on the marker map, in display order.
INTEGRIN_ORDER = ("α6", "α6β1", "α7", "β1", "β4", "αvβ3", "αvβ8")

# Table 2's "Cancer cell type/source" cells (as corrected in integrin_roles) -> a marker-map column.
_CANCER_ALIASES = {
    "breast cancer": "breast",
    "breast cancer stem cells": "breast",
    "glioblastoma": "glioblastoma / glioma",
    "glioblastoma stem cells": "glioblastoma / glioma",
    "glioma": "glioblastoma / glioma",
    "oesophageal squamous cell carcinoma": "oesophageal SCC",
    "hepatocellular carcinoma": "liver (HCC)",
    "pancreatic cancer": "pancreatic",
}

#: How a study bears on the ligand question, in display order, with what each class means.
EVIDENCE_CLASSES: dict[str, str] = {
    "ligand engaged": "the study shows a ligand binding the integrin, or blocks its ligand site",
    "no ligand needed": "the study shows signalling by the unliganded integrin",
    "ligand not examined": "the study changed the integrin's level; its abstract reports no test of a ligand",
    "upstream of the integrin": "the factor sets how much of the integrin the cell makes",
}

_CLASS_COLOURS = {
    "ligand engaged": style.PALETTE["vermillion"],
    "no ligand needed": style.PALETTE["blue"],
    "ligand not examined": "#5f5f5f",
    "upstream of the integrin": style.PALETTE["bluish_green"],
}


@dataclass(frozen=True)
class MarkerClaim:
    """One claim of the review's biomarker section: this integrin marks CSCs of this cancer."""

    integrin: str
    cancer: str
    source: str | None  # bibtex key of the study; None where the review cites none
    note: str = ""


@dataclass(frozen=True)
class Mechanism:
    """One signalling route from integrin to a stem-cell trait, with the study behind it."""

    key: str
    integrin: str
    ligand: str  # the ligand, "none (unliganded)", "not examined", or an upstream regulator
    route: str
    trait: str
    cancer: str
    evidence: str  # a key of EVIDENCE_CLASSES: the book's reading of the study
    review_grouping: str  # how the review presents it
    source: str
    table_row: str | None = None  # integrin_roles.row_id, where the review's tables carry it
    first_step: str = "activates"  # how the first column acts on the integrin: "activates" or "inhibits"


def _text(value) -> str | None:
    return None if pd.isna(value) else str(value)


def marker_claims() -> tuple[MarkerClaim, ...]:
    """The review's biomarker section (§ Integrins as Biomarker of Cancer Stem Cells, su2020integrins).

    Read from the ``stemness_markers`` dataset, in file order: ``primary_source`` becomes
    :attr:`MarkerClaim.source` and ``curation_note`` :attr:`MarkerClaim.note`.
    """
    frame = data.load("stemness_markers")
    return tuple(
        MarkerClaim(str(row.integrin), str(row.cancer), _text(row.primary_source), _text(row.curation_note) or "")
        for row in frame.itertuples(index=False)
    )


def mechanisms() -> tuple[Mechanism, ...]:
    """Signalling routes from the review's stemness section and Table 2, in display order.

    Read from the ``stemness_routes`` dataset, in file order: ``primary_source`` becomes
    :attr:`Mechanism.source`.
    """
    frame = data.load("stemness_routes")
    return tuple(
        Mechanism(str(row.key), str(row.integrin), str(row.ligand), str(row.route), str(row.trait),
                  str(row.cancer), str(row.evidence), str(row.review_grouping), str(row.primary_source),
                  _text(row.table_row), str(row.first_step))
        for row in frame.itertuples(index=False)
    )


# -- Table 2 ------------------------------------------------------------------------------------
def _require(frame, columns) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"expected the integrin_roles DataFrame, got {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise KeyError(f"integrin_roles table lacks column(s) {missing}")


def cancer_group(name: str) -> str:
    """The marker-map column for a Table 2 cancer cell, e.g. ``"Glioma"`` → ``"glioblastoma / glioma"``."""
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"cancer name must be non-empty text, got {name!r}")
    key = name.strip().lower()
    if key in _CANCER_ALIASES:
        return _CANCER_ALIASES[key]
    if name in CANCER_GROUPS:
        return name
    raise ValueError(
        f"no marker-map column for cancer {name!r}; known: {sorted(_CANCER_ALIASES)} or {list(CANCER_GROUPS)}"
    )


def stemness_rows(roles: pd.DataFrame) -> pd.DataFrame:
    """The review's Table 2: the ``integrin_roles`` rows whose process is stemness."""
    _require(roles, ["row_id", "integrin_as_written", "process"])
    rows = roles[roles["process"].astype("string") == "stemness"]
    if rows.empty:
        raise ValueError("integrin_roles has no rows with process == 'stemness'")
    return rows.reset_index(drop=True)


def table_two(roles: pd.DataFrame) -> pd.DataFrame:
    """Table 2 for display: one row per finding, indexed by row_id, with the cited study as a short citation."""
    from ..references import short_cite

    rows = stemness_rows(roles)
    _require(rows, ["cancer_or_source", "ligand_or_targets", "function", "primary_source"])

    def cite(keys: str) -> str:
        return "; ".join(short_cite(k.strip()) for k in str(keys).split(";") if k.strip())

    return pd.DataFrame({
        "integrin": rows["integrin_as_written"].astype(str).to_numpy(),
        "cancer or source": rows["cancer_or_source"].astype(str).to_numpy(),
        "ligand / target": rows["ligand_or_targets"].fillna("–").astype(str).to_numpy(),
        "function": rows["function"].astype(str).to_numpy(),
        "study": [cite(k) for k in rows["primary_source"]],
    }, index=pd.Index(rows["row_id"].astype(str).to_numpy(), name="row"))


def rows_per_integrin(roles: pd.DataFrame) -> dict[str, int]:
    """How many Table 2 rows name each integrin (as written), e.g. ``{"α6": 4, ...}``."""
    counts = stemness_rows(roles)["integrin_as_written"].astype(str).value_counts()
    return {str(k): int(v) for k, v in counts.sort_index().items()}


def check_rows_per_integrin(got: object, roles: pd.DataFrame) -> bool:
    """Exercise check: a mapping integrin → number of stemness rows, with hints for common slips."""
    name = _name("stemness rows per integrin")
    if _unanswered(name, got):
        return False
    if isinstance(got, pd.Series):
        got = got.to_dict()
    if not isinstance(got, Mapping):
        return _report(False, name, f"expected a dict (or Series) of integrin → count, got {type(got).__name__}")
    expected = rows_per_integrin(roles)
    try:
        got = {str(k): int(v) for k, v in got.items()}
    except (TypeError, ValueError):
        return _report(False, name, "every value should be a whole number of rows")
    if got == expected:
        return _report(True, name, f"all {len(expected)} integrins and {sum(expected.values())} rows are right.")
    total = sum(got.values())
    all_rows = roles["integrin_as_written"].astype(str).value_counts()
    hints = []
    if total > sum(expected.values()):
        hints.append("did you keep rows from the metastasis or resistance tables? filter on process == 'stemness'")
    if got.get("αvβ3") == 2:
        hints.append("T3-13 (Seguin et al. 2014) is a therapy-resistance row, even though the text discusses it under stemness")
    if set(got) - set(expected):
        hints.append(f"unexpected integrin(s) {sorted(set(got) - set(expected))}")
    if not hints and len(all_rows) and total == int(all_rows.sum()):
        hints.append("filter on process first")
    wrong = sorted(k for k in expected if got.get(k) != expected[k])
    detail = f"counts differ for {', '.join(wrong) or 'some integrins'}"
    if hints:
        detail += ": " + "; ".join(hints)
    return _report(False, name, detail)


# -- the marker map -----------------------------------------------------------------------------
def marker_evidence(roles: pd.DataFrame) -> pd.DataFrame:
    """Long table of (integrin, cancer, kind, count, sources): Table 2 rows and the text's claims."""
    rows = stemness_rows(roles)
    _require(rows, ["cancer_or_source", "primary_source"])
    records = []
    table = rows.assign(
        integrin=rows["integrin_as_written"].astype(str),
        cancer=[cancer_group(str(c)) for c in rows["cancer_or_source"]],
    )
    for (integrin, cancer), group in table.groupby(["integrin", "cancer"], sort=False):
        records.append({"integrin": integrin, "cancer": cancer, "kind": "Table 2 row", "count": len(group),
                        "sources": "; ".join(group["primary_source"].astype(str))})
    for claim in marker_claims():
        kind = "text, cited" if claim.source else "text, no citation"
        records.append({"integrin": claim.integrin, "cancer": claim.cancer, "kind": kind, "count": 1,
                        "sources": claim.source or "su2020integrins"})
    frame = pd.DataFrame.from_records(records)
    unknown = sorted(set(frame["integrin"]) - set(INTEGRIN_ORDER))
    if unknown:
        raise ValueError(f"integrin(s) {unknown} are not on the marker map; add them to INTEGRIN_ORDER")
    return frame


def plot_marker_map(ax, roles: pd.DataFrame) -> None:
    """Cancer × integrin grid (cancers as rows, so their names read across): filled circles for
    Table 2 rows, open squares for the text's marker claims."""
    import textwrap

    evidence = marker_evidence(roles)
    cancers = [c for c in CANCER_GROUPS if c in set(evidence["cancer"])]
    integrins = [i for i in INTEGRIN_ORDER if i in set(evidence["integrin"])]
    x = {i: j for j, i in enumerate(integrins)}
    y = {c: k for k, c in enumerate(cancers)}
    table_colour, text_colour = style.colour("vermillion"), style.colour("blue")
    for rec in evidence.itertuples():
        cx, cy = x[rec.integrin], y[rec.cancer]
        if rec.kind == "Table 2 row":
            ax.plot(cx - 0.19, cy, "o", ms=15, color=table_colour, zorder=3)
            if rec.count > 1:
                ax.text(cx - 0.19, cy, str(rec.count), ha="center", va="center", color="white",
                        fontsize=10.5, fontweight="bold", zorder=4)
        elif rec.kind == "text, cited":
            ax.plot(cx + 0.19, cy, "s", ms=11, mfc="white", mec=text_colour, mew=2.2, zorder=3)
        else:
            ax.text(cx + 0.19, cy, "?", ha="center", va="center", fontsize=13, fontweight="bold",
                    color=text_colour, zorder=3)
    ax.set_xticks(range(len(integrins)), integrins)
    ax.xaxis.tick_top()
    ax.set_yticks(range(len(cancers)), [textwrap.fill(c, 16) for c in cancers])
    ax.set_xlim(-0.6, len(integrins) - 0.4)
    ax.set_ylim(len(cancers) - 0.5, -0.5)
    ax.grid(True, alpha=0.25)
    ax.tick_params(length=0)
    handles = [
        Line2D([], [], marker="o", ls="", ms=10, color=table_colour, label="Table 2 row (number = rows)"),
        Line2D([], [], marker="s", ls="", ms=9, mfc="white", mec=text_colour, mew=2, label="marker claim in the text, cited"),
        Line2D([], [], marker="$?$", ls="", ms=10, color=text_colour, label="claim in the text, no citation"),
    ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(-0.02, -0.01), ncol=1, fontsize=10.5,
              handletextpad=0.4)


def marker_map_figure(roles: pd.DataFrame):
    """The page's figure of :func:`plot_marker_map`, 6.2 in wide (its text stays legible on a phone)."""
    return page_figure(plot_marker_map, roles, height=6.6)[0]


#: The shares of the stemness signal that need no ligand, one curve each on the page's blockade figure.
BLOCKADE_SHARES = (0.0, 0.25, 0.5, 0.75)


def blockade_figure(shares=BLOCKADE_SHARES):
    """The page's blockade figure: the stemness signal against the RGD-mimetic dose, one curve per
    share of the signal that needs no ligand (:func:`metastasis.models.ligand_blockade.stemness_signal`)."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=style.figsize(6.2, 0.6))
    for i, (phi, ls) in enumerate(zip(shares, ("-", "--", "-.", ":") * len(shares))):
        ax.semilogx(lb.DRUG_DOSES, 100 * lb.stemness_signal(lb.DRUG_DOSES, phi), ls=ls, lw=2.2,
                    color=style.colour(i), label=f"{phi:.0%} needs no ligand")
    ax.axhline(50, color="0.55", lw=0.8)
    ax.set(xlabel="RGD-mimetic drug (multiples of its $K_d$)", ylabel="signal (% of untreated)", ylim=(0, 105))
    ax.legend(fontsize=10.5, loc="lower left")
    fig.tight_layout()
    return fig


# -- the mechanism map --------------------------------------------------------------------------
def mechanisms_frame() -> pd.DataFrame:
    """:func:`mechanisms` as a DataFrame, one row per route."""
    return pd.DataFrame([m.__dict__ for m in mechanisms()])


_all_mechanisms = mechanisms  # the loader, under a name the plotting functions' parameter does not shadow

# Columns: title, left edge and width (inches), characters per line of a box's text. 6.2 in wide in all,
# so that the 10.5-point text stays 8 px tall on a phone.
_COLUMNS = (("ligand or\nregulator", 0.0, 1.45, 15), ("integrin", 1.65, 0.7, 6),
            ("signalling\nroute", 2.55, 1.55, 16), ("stem-cell trait\n(cancer)", 4.3, 1.8, 19))
_TITLE_H, _LINE_H, _BOX_PAD, _ROW_GAP, _GAP = 0.5, 0.19, 0.14, 0.1, 0.08  # inches
_CLASS_WRAP = 66  # characters per line of an evidence class's heading


def _wrap_cell(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.fill(part, width, break_long_words=False, break_on_hyphens=False)
                     for part in text.split("\n"))


def _route_cells(m: Mechanism) -> list[str]:
    texts = (m.ligand, m.integrin, m.route, f"{m.trait}\n({m.cancer})")
    return [_wrap_cell(text, width) for (_, _, _, width), text in zip(_COLUMNS, texts)]


def _class_heading(cls: str) -> str:
    return _wrap_cell(f"{cls.upper()}: {EVIDENCE_CLASSES[cls]}", _CLASS_WRAP)


def _lines(text: str) -> int:
    return text.count("\n") + 1


def _check_mechanisms(mechanisms) -> None:
    unknown = sorted({m.evidence for m in mechanisms} - set(EVIDENCE_CLASSES))
    if unknown:
        raise ValueError(f"unknown evidence class(es) {unknown}; use one of {list(EVIDENCE_CLASSES)}")
    bad_steps = sorted({m.first_step for m in mechanisms} - {"activates", "inhibits"})
    if bad_steps:
        raise ValueError(f"first_step must be 'activates' or 'inhibits', got {bad_steps}")


def _row_height(m: Mechanism) -> float:
    return max(_lines(t) for t in _route_cells(m)) * _LINE_H + _BOX_PAD


def mechanism_map_size(mechanisms: tuple[Mechanism, ...] | None = None) -> tuple[float, float]:
    """The figure size (inches) at which :func:`plot_mechanism_map` draws boxes to scale (default: all routes)."""
    if mechanisms is None:
        mechanisms = _all_mechanisms()
    _check_mechanisms(mechanisms)
    classes = {m.evidence for m in mechanisms}
    height = _TITLE_H + sum(_GAP + _lines(_class_heading(c)) * _LINE_H + 0.1 for c in classes)
    height += sum(_row_height(m) + _ROW_GAP for m in mechanisms) + 0.05
    width = _COLUMNS[-1][1] + _COLUMNS[-1][2] + 0.1
    return (round(width, 2), round(height, 2))


def plot_mechanism_map(ax, mechanisms: tuple[Mechanism, ...] | None = None) -> None:
    """Ligand → integrin → route → trait, one row per study, grouped by what the study showed.

    Coordinates are inches; draw on an axes filling a figure of :func:`mechanism_map_size`.
    ``mechanisms`` defaults to every route (:func:`mechanisms`).
    """
    if mechanisms is None:
        mechanisms = _all_mechanisms()
    _check_mechanisms(mechanisms)
    width, height = mechanism_map_size(mechanisms)
    y = _TITLE_H / 2
    for title, x0, w, _ in _COLUMNS:
        ax.text(x0 + w / 2, y, title, ha="center", va="center", fontsize=10.5, fontweight="bold", linespacing=1.05)
    y = _TITLE_H
    for cls in EVIDENCE_CLASSES:
        group = [m for m in mechanisms if m.evidence == cls]
        if not group:
            continue
        colour = _CLASS_COLOURS[cls]
        y += _GAP
        heading = _class_heading(cls)
        ax.text(0.0, y, heading, ha="left", va="top", fontsize=10.5, fontweight="bold", color=colour, linespacing=1.1)
        y += _lines(heading) * _LINE_H + 0.1
        for m in group:
            row_h = _row_height(m)
            cy = y + row_h / 2
            for (title, x0, w, _), text in zip(_COLUMNS, _route_cells(m)):
                ax.add_patch(FancyBboxPatch((x0, cy - row_h / 2), w, row_h,
                                            boxstyle="round,pad=0.0,rounding_size=0.05",
                                            facecolor="white", edgecolor=colour, lw=1.3))
                ax.text(x0 + w / 2, cy, text, ha="center", va="center", fontsize=10.5, linespacing=1.1,
                        fontweight="bold" if title == "integrin" else "normal")
            for step, ((_, x0, w, _), (_, nx, _, _)) in enumerate(zip(_COLUMNS[:-1], _COLUMNS[1:])):
                arrow = "-[" if step == 0 and m.first_step == "inhibits" else "-|>"
                ax.annotate("", xy=(nx - 0.01, cy), xytext=(x0 + w + 0.01, cy),
                            arrowprops=dict(arrowstyle=arrow, color="0.25", lw=1.1, mutation_scale=9,
                                            shrinkA=0, shrinkB=0))
            y += row_h + _ROW_GAP
    ax.set_xlim(-0.05, width - 0.05)
    ax.set_ylim(height, 0)
    ax.axis("off")


def mechanism_map_figure(mechanisms: tuple[Mechanism, ...] | None = None):
    """A new figure holding :func:`plot_mechanism_map`, sized so that the boxes fit their text (default: all routes)."""
    if mechanisms is None:
        mechanisms = _all_mechanisms()
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=mechanism_map_size(mechanisms))
    ax = fig.add_axes((0, 0, 1, 1))
    plot_mechanism_map(ax, mechanisms)
    return fig


def format_dose(d: float) -> str:
    """A dose in multiples of Kd as a reader writes it ("never" when no dose reaches it)."""
    if not np.isfinite(d):
        return "never"
    return f"{d:,.0f}" if d >= 100 else f"{d:.3g}"


def blockade_explorer() -> Explorer:
    """If part of the stemness signal needs no ligand, how much can an RGD-site blocker remove?"""
    doses = lb.DRUG_DOSES

    def model(percent_independent: float) -> dict:
        phi = percent_independent / 100.0
        dependent, independent = lb.signal_components(doses, phi)
        return {
            "total": 100.0 * (dependent + independent),
            "dependent": 100.0 * dependent,
            "independent": 100.0 * independent,
            "ceiling": 100.0 * lb.max_removable(phi),
            "half_dose": lb.half_signal_dose(phi),
        }

    def setup(fig, ax):
        (total,) = ax.semilogx(doses, doses * 0, color=style.colour("black"), lw=2.4,
                               label="total stemness signal")
        (dep,) = ax.semilogx(doses, doses * 0, ls="--", color=style.colour("vermillion"),
                             label="ligand-dependent part")
        (ind,) = ax.semilogx(doses, doses * 0, ls=":", lw=2.6, color=style.colour("blue"),
                             label="ligand-independent part")
        ax.axhline(50, color="0.55", lw=0.8, zorder=1.5)  # under the curves, as the fast redraw draws it
        half = ax.text(doses[0] * 1.2, 51.5, "half of untreated", fontsize=10.5, color="0.35")
        marker = ax.axvline(1.0, color=style.colour("bluish_green"), lw=1.6)
        text = ax.text(0.98, 0.96, "", transform=ax.transAxes, ha="right", va="top", fontsize=10.5,
                       bbox=dict(boxstyle="round", facecolor="white", edgecolor="0.8"))
        animate(total, dep, ind, marker, text, half)  # the label stays above the curves
        style.fixed_log_ticks(ax, -2, 3)
        ax.set_xlabel("RGD-mimetic drug (multiples of its Kd)")
        ax.set_ylabel("signal (% of untreated)")
        ax.set_ylim(0, 105)
        ax.set_xlim(doses[0], doses[-1])
        ax.legend(loc="upper center", bbox_to_anchor=(0.45, -0.2), ncol=2, fontsize=10.5)
        fig.tight_layout()

        def update(data, params):
            value = params["percent_independent"]
            total.set_ydata(data["total"])
            dep.set_ydata(data["dependent"])
            ind.set_ydata(data["independent"])
            dose = data["half_dose"]
            marker.set_visible(bool(np.isfinite(dose)))
            if np.isfinite(dose):
                marker.set_xdata([dose, dose])
            text.set_text(
                f"{value:g}% needs no ligand\n"
                f"most a blocker can remove: {data['ceiling']:.0f}%\n"
                f"dose that halves the signal: {format_dose(dose)}"
                + (" × Kd" if np.isfinite(dose) else "")
            )

        return update

    def alt(params, data):
        value = params["percent_independent"]
        dose = data["half_dose"]
        halves = (
            f"the green line marks the dose that halves it, {format_dose(dose)} times the drug's Kd"
            if np.isfinite(dose)
            else "the curve never falls to half of the untreated signal at any dose"
        )
        return (
            f"Semi-log plot of the stemness signal against the dose of an RGD-mimetic drug. With {value:g}% "
            f"of the signal independent of ligand, the dashed ligand-dependent part falls towards zero as the "
            f"drug displaces the ligand, the dotted ligand-independent part stays flat at {value:g}%, and the "
            f"black total levels off at {100 - data['ceiling']:.0f}% of untreated; {halves}."
        )

    return Explorer(
        name="stemness-ligand-blockade",
        controls=[Control("percent_independent", "share of the stemness signal that needs no ligand (%)",
                          [0, 10, 20, 30, 40, 50, 60, 70, 80, 90], initial=20, fmt="{:g} %")],
        model=model,
        setup=setup,
        alt=alt,
        figsize=(6.0, 4.4),
        caption="Drag the slider to make more of the signal independent of ligand. The black curve is what "
        "is left as the drug fills the ligand pocket; the green line marks the dose that halves it. "
        "Parameters are illustrative, not measured.",
    )
