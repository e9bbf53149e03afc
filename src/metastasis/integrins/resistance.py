"""Integrins and therapy resistance: the integrin → pathway → treatment network of Table 3.

The integrin review's Table 3 (``integrin_roles`` rows with ``process == "therapy-resistance"``)
records, for each finding, an integrin, a ligand or downstream target, and a *function* written
as free text ("Cetuximab resistance and radioresistance"). This module turns those rows into a
network a reader can query:

- :func:`resistance_edges` reads the treatments named in each row's function text with a small
  vocabulary (:data:`TREATMENTS`), and gives one row per (finding, treatment) link, with the
  treatment's type (chemotherapy, targeted therapy, radiotherapy, hormone therapy). A finding
  whose function text names no treatment is filled from its primary paper's title
  (:data:`NAMED_BY_PRIMARY_SOURCE`); a finding that matches nothing is an error, never skipped.
- :func:`blocking_matrix` asks what blocking one integrin *subunit* (as an antibody against β1
  or αv would) reaches. A finding recorded as a heterodimer is reached through either subunit.
  A finding recorded as a single subunit is reached through that subunit, and through a partner
  subunit for certain when the partner is its only one (α3 pairs only with β1), or possibly when
  there are several (α6 pairs with β1 and β4).
- :func:`network_explorer` draws the network with fixed positions and highlights what blocking
  the chosen subunit cuts: the explorer's question is which single subunit a co-targeting
  strategy should block.

Everything here is descriptive bookkeeping over a transcribed table: a route in the network is
one published preclinical finding in one cancer, not a measured effect size.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..explorer import Control, Explorer, animate
from ..page_figure import page_figure

__all__ = [
    "findings_reached",
    "TREATMENT_TYPES",
    "TREATMENTS",
    "NAMED_BY_PRIMARY_SOURCE",
    "resistance_rows",
    "table3_view",
    "resistance_edges",
    "treatments_for",
    "shared_treatments",
    "type_counts",
    "blocking_matrix",
    "Network",
    "build_network",
    "blocking_model",
    "draw_network",
    "plot_type_counts",
    "network_explorer",
    "network_figure",
    "type_counts_figure",
]

#: The four kinds of treatment in Table 3, in the order figures show them.
TREATMENT_TYPES: tuple[str, ...] = ("chemotherapy", "targeted therapy", "radiotherapy", "hormone therapy")

#: Treatment name → (type, regular expression matched, case-insensitively, in a row's function text).
#: Drugs by INN; "radiotherapy" stands for ionizing radiation.
TREATMENTS: dict[str, tuple[str, str]] = {
    "cetuximab": ("targeted therapy", r"\bcetuximab\b"),
    "gemcitabine": ("chemotherapy", r"\bgemcitabine\b"),
    "radiotherapy": ("radiotherapy", r"radio(?:chemo)?resistance|ionizing radiation"),
    "trastuzumab + pertuzumab + buparlisib": ("targeted therapy", r"anti-HER\w*\b.*\banti-PI3K"),
    "sorafenib": ("targeted therapy", r"\bsorafenib\b"),
    "doxorubicin": ("chemotherapy", r"\bdoxorubicin\b"),
    "methotrexate": ("chemotherapy", r"\bmethotrexate\b"),
    "tamoxifen": ("hormone therapy", r"\btamoxifen\b"),
    "paclitaxel": ("chemotherapy", r"\bpaclitaxel\b"),
    "cytotoxic drugs (unnamed)": ("chemotherapy", r"\bcytotoxic drugs?\b"),
    "EGFR inhibitors": ("targeted therapy", r"\bEGFR inhibit"),
}

#: Findings whose function text says only "resistance": the treatment is taken from the primary
#: paper's title (Seguin et al. 2014: "... drives tumour stemness and resistance to EGFR inhibition").
NAMED_BY_PRIMARY_SOURCE: dict[str, tuple[str, ...]] = {
    "seguin2014integrin": ("EGFR inhibitors",),
}

_REQUIRED = ["row_id", "subunit", "heterodimer", "ligand_or_targets", "function", "process", "cancer_or_source", "source"]
_PROCESS = "therapy-resistance"

CERTAIN, POSSIBLE, NOT_REACHED = 2, 1, 0
#: A single-subunit finding counts as *possibly* reached through a partner only when the partner
#: is one of at most this many candidates (see :func:`blocking_matrix`).
MAX_CANDIDATES_FOR_POSSIBLE = 2


def _require_frame(frame: object, columns: list[str], what: str) -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"expected the {what} table as a DataFrame, got {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise KeyError(f"the {what} table lacks column(s) {missing}")
    return frame


def resistance_rows(roles: pd.DataFrame) -> pd.DataFrame:
    """The therapy-resistance rows of ``integrin_roles`` (Table 3), with an ``integrin`` column.

    ``integrin`` is the heterodimer where the row names one, else the (corrected) subunit.
    """
    _require_frame(roles, _REQUIRED, "integrin_roles")
    rows = roles[roles["process"].astype(str) == _PROCESS].copy()
    if rows.empty:
        raise ValueError(f"integrin_roles has no rows with process == {_PROCESS!r}")
    integrin = rows["heterodimer"].astype("string").fillna(rows["subunit"].astype("string"))
    if integrin.isna().any():
        bad = ", ".join(rows.loc[integrin.isna(), "row_id"].astype(str))
        raise ValueError(f"resistance row(s) {bad} name neither a heterodimer nor a subunit")
    rows["integrin"] = integrin.astype(str)
    return rows.reset_index(drop=True)


def _cite_label(keys: str) -> str:
    """'kim2017cotargeting' → 'Kim et al. 2017' (the key itself if the bibliography lacks it)."""
    from ..references import short_cite

    labels = []
    for key in (k.strip() for k in str(keys).split(";") if k.strip()):
        try:
            labels.append(short_cite(key))
        except (KeyError, FileNotFoundError):
            labels.append(key)
    return "; ".join(labels) or "—"


def table3_view(rows: pd.DataFrame) -> pd.DataFrame:
    """Table 3 for reading: row, integrin (noting the printed one where corrected), cancer, ligand or target, resistance, study."""
    _require_frame(rows, ["row_id", "integrin", "integrin_as_written", "cancer_or_source", "ligand_or_targets",
                          "function", "primary_source"], "resistance rows")
    printed = rows["integrin_as_written"].astype("string")
    integrin = rows["integrin"].astype(str)
    differs = (printed.notna() & (printed != integrin)).fillna(False).astype(bool)
    label = integrin.where(~differs, integrin + " (printed " + printed.fillna("").astype(str) + ")")
    view = pd.DataFrame({
        "row": rows["row_id"].astype(str),
        "integrin": label.astype(str),
        "cancer": rows["cancer_or_source"].astype("string").fillna("—"),
        "target": rows["ligand_or_targets"].astype("string").fillna("—"),
        "resistance": rows["function"].astype("string").fillna("—"),
        "study": rows["primary_source"].astype("string").fillna("").map(_cite_label),
    })
    return view.set_index("row")


def resistance_edges(roles: pd.DataFrame) -> pd.DataFrame:
    """One row per (finding, treatment): row_id, integrin, mediator, cancer, treatment, treatment_type, source.

    Raises ``ValueError`` naming the row if a finding's function text names no known treatment.
    """
    rows = resistance_rows(roles)
    text = rows["function"].astype("string").fillna("")
    names = list(TREATMENTS)
    # a (rows × treatments) boolean matrix: one vectorised str.contains per treatment
    hits = pd.DataFrame(
        {name: text.str.contains(TREATMENTS[name][1], flags=re.IGNORECASE, regex=True) for name in names},
        index=rows.index,
    ).fillna(False).astype(bool)
    if "primary_source" in rows.columns:
        primary = rows["primary_source"].astype("string").fillna("")
        for key, treatments in NAMED_BY_PRIMARY_SOURCE.items():
            unnamed = ~hits.any(axis=1) & primary.str.contains(rf"\b{re.escape(key)}\b", regex=True)
            for name in treatments:
                hits.loc[unnamed, name] = True
    empty = ~hits.any(axis=1)
    if empty.any():
        bad = "; ".join(f"{r.row_id}: {r.function!r}" for r in rows[empty].itertuples())
        raise ValueError(f"no known treatment named in the function text of resistance row(s) {bad}")
    long = hits.stack()
    long = long[long].reset_index()
    long.columns = ["index", "treatment", "_"]
    edges = rows.loc[long["index"], ["row_id", "integrin", "ligand_or_targets", "cancer_or_source", "source"]].reset_index(drop=True)
    edges["mediator"] = edges.pop("ligand_or_targets").astype("string").fillna("not stated").astype(str)
    edges = edges.rename(columns={"cancer_or_source": "cancer"})
    edges["treatment"] = long["treatment"].to_numpy()
    edges["treatment_type"] = pd.Categorical(edges["treatment"].map(lambda t: TREATMENTS[t][0]), categories=TREATMENT_TYPES)
    edges["primary_source"] = rows.loc[long["index"], "primary_source"].to_numpy() if "primary_source" in rows.columns else pd.NA
    order = {name: i for i, name in enumerate(names)}
    edges["_o"] = edges["treatment"].map(order)
    edges = edges.sort_values(["row_id", "_o"]).drop(columns="_o").reset_index(drop=True)
    return edges[["row_id", "integrin", "mediator", "cancer", "treatment", "treatment_type", "source", "primary_source"]]


def _require_edges(edges: object) -> pd.DataFrame:
    return _require_frame(edges, ["row_id", "integrin", "treatment", "treatment_type"], "resistance edges")


def treatments_for(edges: pd.DataFrame, integrin: str) -> set[str]:
    """The treatments whose resistance involves ``integrin`` (as recorded, e.g. ``"β1"`` or ``"αvβ3"``)."""
    _require_edges(edges)
    known = set(edges["integrin"].astype(str))
    if integrin not in known:
        raise ValueError(f"no resistance finding names the integrin {integrin!r}; the table names {sorted(known)}")
    return set(edges.loc[edges["integrin"].astype(str) == integrin, "treatment"].astype(str))


def shared_treatments(edges: pd.DataFrame) -> dict[str, list[str]]:
    """Treatments whose resistance is reported through more than one integrin → those integrins."""
    _require_edges(edges)
    groups = edges.groupby("treatment", observed=True)["integrin"].agg(lambda s: list(dict.fromkeys(s.astype(str))))
    return {t: v for t, v in groups.items() if len(v) > 1}


def type_counts(edges: pd.DataFrame) -> pd.DataFrame:
    """Integrins × treatment types: how many findings (rows) involve each type.

    A finding that involves two types (cetuximab *and* radiotherapy) counts once in each, so a
    row of this table can sum to more than the integrin's number of findings.
    """
    _require_edges(edges)
    pairs = edges[["row_id", "integrin", "treatment_type"]].drop_duplicates()
    order = list(dict.fromkeys(edges["integrin"].astype(str)))
    table = pd.crosstab(pairs["integrin"].astype(str), pairs["treatment_type"])
    return table.reindex(index=order, columns=list(TREATMENT_TYPES), fill_value=0)


def _pairs(heterodimers: pd.DataFrame) -> pd.DataFrame:
    _require_frame(heterodimers, ["heterodimer", "alpha", "beta"], "integrin_heterodimers")
    return heterodimers[["heterodimer", "alpha", "beta"]].astype(str)


def blocking_matrix(rows: pd.DataFrame, heterodimers: pd.DataFrame) -> pd.DataFrame:
    """Subunits × findings: 2 if blocking the subunit reaches the finding for certain, 1 possibly, 0 not.

    ``rows`` is :func:`resistance_rows` output. A heterodimer row is reached through either of its
    subunits. A subunit row (a finding about, say, α3, obtained by perturbing α3 and so every
    integrin that contains it) is reached through the subunit itself, and through a partner:

    - for certain, if the heterodimer table gives the subunit only that partner (α3 → β1, β8 → αv);
    - possibly, if the partner is one of two candidates (α6 → β1 or β4; β3 → αv or αIIb);
    - not at all, if there are more candidates: blocking one of β1's twelve α partners removes
      only a twelfth of the β1 integrins such a finding concerns.
    """
    _require_frame(rows, ["row_id", "integrin"], "resistance rows")
    pairs = _pairs(heterodimers)
    integrin = rows["integrin"].astype(str)
    is_dimer = integrin.isin(set(pairs["heterodimer"]))
    subunits = set(pairs["alpha"]) | set(pairs["beta"])
    unknown = sorted(set(integrin[~is_dimer]) - subunits)
    if unknown:
        raise ValueError(f"unknown integrin(s) in the resistance rows: {unknown}")
    links = []
    # heterodimer rows: both subunits, certain
    dim = rows.loc[is_dimer, ["row_id"]].assign(heterodimer=integrin[is_dimer]).merge(pairs, on="heterodimer")
    for col in ("alpha", "beta"):
        links.append(dim[["row_id", col]].rename(columns={col: "subunit"}).assign(level=CERTAIN))
    # subunit rows: the subunit itself, certain
    sub = rows.loc[~is_dimer, ["row_id"]].assign(subunit=integrin[~is_dimer])
    links.append(sub.assign(level=CERTAIN))
    # ... and its partners: certain if only one, possibly if several
    partner_frames = []
    for own, other in (("alpha", "beta"), ("beta", "alpha")):
        partner_frames.append(
            sub.merge(pairs, left_on="subunit", right_on=own)[["row_id", other]].rename(columns={other: "subunit"})
        )
    partners = pd.concat(partner_frames, ignore_index=True)
    n_partners = partners.groupby("row_id")["subunit"].transform("size")
    partners["level"] = np.select([n_partners == 1, n_partners <= MAX_CANDIDATES_FOR_POSSIBLE], [CERTAIN, POSSIBLE], NOT_REACHED)
    links.append(partners[partners["level"] > NOT_REACHED])
    allrows = pd.concat(links, ignore_index=True)
    matrix = allrows.pivot_table(index="subunit", columns="row_id", values="level", aggfunc="max", fill_value=NOT_REACHED)
    matrix = matrix.reindex(columns=list(rows["row_id"].astype(str)), fill_value=NOT_REACHED).astype(int)
    certain = (matrix == CERTAIN).sum(axis=1)
    possible = (matrix == POSSIBLE).sum(axis=1)
    order = sorted(matrix.index, key=lambda s: (-certain[s], -possible[s], s))
    return matrix.loc[order]


# -- the network ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Network:
    """Fixed positions and index arrays for drawing and highlighting the resistance network."""

    rows: pd.DataFrame          # one per finding: row_id, integrin, mediator label, y
    integrins: pd.DataFrame     # name, y
    treatments: pd.DataFrame    # name, treatment_type, y, n_routes
    edges: pd.DataFrame         # resistance_edges output
    segments: np.ndarray        # (n_segments, 2, 2) line segments
    segment_row: np.ndarray     # finding index of each segment
    edge_row: np.ndarray        # finding index of each finding→treatment edge
    edge_treatment: np.ndarray  # treatment index of each finding→treatment edge
    blocking: pd.DataFrame      # blocking_matrix: subunits × findings


def _spread(targets: np.ndarray, gap: float) -> np.ndarray:
    """Positions as close as possible to ``targets`` (any order) but at least ``gap`` apart."""
    targets = np.asarray(targets, dtype=float)
    order = np.argsort(targets, kind="stable")
    y = targets[order].copy()
    for i in range(1, len(y)):
        y[i] = max(y[i], y[i - 1] + gap)
    y += targets.mean() - y.mean()
    out = np.empty_like(y)
    out[order] = y
    return out


X_INTEGRIN, X_MEDIATOR, X_TREATMENT = 0.0, 1.0, 2.0


def build_network(roles: pd.DataFrame, heterodimers: pd.DataFrame) -> Network:
    """Lay the network out deterministically: findings in Table 3 order, top to bottom."""
    rows = resistance_rows(roles)
    edges = resistance_edges(roles)
    n = len(rows)
    row_y = np.arange(n, dtype=float)[::-1]  # first finding at the top
    row_index = pd.Series(np.arange(n), index=rows["row_id"].astype(str))
    mediator = rows["ligand_or_targets"].astype("string").fillna("not stated").astype(str)
    frame_rows = pd.DataFrame({"row_id": rows["row_id"].astype(str), "integrin": rows["integrin"],
                               "label": rows["row_id"].astype(str) + " · " + mediator, "y": row_y})

    integrin_names = list(dict.fromkeys(rows["integrin"]))
    integrin_y = rows.assign(y=row_y).groupby("integrin", sort=False)["y"].mean().reindex(integrin_names).to_numpy()
    integrins = pd.DataFrame({"name": integrin_names, "y": _spread(integrin_y, 1.0)})

    treatment_names = list(dict.fromkeys(t for t in TREATMENTS if t in set(edges["treatment"])))
    e_row = row_index[edges["row_id"].astype(str)].to_numpy()
    t_index = pd.Series(np.arange(len(treatment_names)), index=treatment_names)
    e_treat = t_index[edges["treatment"]].to_numpy()
    bary = np.bincount(e_treat, weights=row_y[e_row], minlength=len(treatment_names)) / np.bincount(e_treat, minlength=len(treatment_names))
    # even spacing in barycentric order keeps labels apart and lines short
    ranks = np.argsort(np.argsort(-bary, kind="stable"), kind="stable")
    treat_y = np.linspace(row_y.max(), row_y.min(), len(treatment_names))[ranks] if len(treatment_names) > 1 else bary
    treatments = pd.DataFrame({
        "name": treatment_names,
        "treatment_type": [TREATMENTS[t][0] for t in treatment_names],
        "y": treat_y,
        "n_routes": np.bincount(e_treat, minlength=len(treatment_names)),
    })

    i_index = pd.Series(np.arange(len(integrin_names)), index=integrin_names)
    left = np.stack([
        np.column_stack([np.full(n, X_INTEGRIN), integrins["y"].to_numpy()[i_index[rows["integrin"]].to_numpy()]]),
        np.column_stack([np.full(n, X_MEDIATOR), row_y]),
    ], axis=1)
    right = np.stack([
        np.column_stack([np.full(len(e_row), X_MEDIATOR), row_y[e_row]]),
        np.column_stack([np.full(len(e_row), X_TREATMENT), treat_y[e_treat]]),
    ], axis=1)
    segments = np.concatenate([left, right])
    segment_row = np.concatenate([np.arange(n), e_row])
    return Network(rows=frame_rows, integrins=integrins, treatments=treatments, edges=edges,
                   segments=segments, segment_row=segment_row, edge_row=e_row, edge_treatment=e_treat,
                   blocking=blocking_matrix(rows, heterodimers))


def findings_reached(subunit: str, certainty: str = "certain") -> int:
    """How many Table 3 findings a blocker of ``subunit`` reaches ``certainty`` ('certain' or
    'possibly'), from the book's data (for quiz keys). ``findings_reached("β1")`` → 8."""
    from .. import data

    levels = {"certain": CERTAIN, "possibly": POSSIBLE}
    if certainty not in levels:
        raise ValueError(f"certainty must be 'certain' or 'possibly', got {certainty!r}")
    rows = resistance_rows(data.load("integrin_roles"))
    matrix = blocking_matrix(rows, data.load("integrin_heterodimers"))
    if subunit not in matrix.index:
        raise ValueError(f"blocking {subunit!r} reaches no resistance finding; choose from {list(matrix.index)}")
    return int((matrix.loc[subunit].to_numpy() == levels[certainty]).sum())


def blocking_model(network: Network, subunit: str) -> dict:
    """What blocking ``subunit`` reaches: the explorer's model (vectorised; no loop over rows).

    Returns ``row_level`` (0/1/2 per finding), ``segment_level`` (per drawn segment) and, per
    treatment, the number of its routes cut for certain (``cut``), possibly (``maybe``) and in all
    (``routes``).
    """
    if not isinstance(subunit, str):
        raise TypeError(f"subunit must be a name such as 'β1', got {subunit!r}")
    if subunit not in network.blocking.index:
        raise ValueError(f"blocking {subunit!r} reaches no resistance finding; choose from {list(network.blocking.index)}")
    level = network.blocking.loc[subunit].to_numpy()
    edge_level = level[network.edge_row]
    k = len(network.treatments)
    return {
        "row_level": level,
        "segment_level": level[network.segment_row],
        "cut": np.bincount(network.edge_treatment, weights=edge_level == CERTAIN, minlength=k).astype(int),
        "maybe": np.bincount(network.edge_treatment, weights=edge_level == POSSIBLE, minlength=k).astype(int),
        "routes": network.treatments["n_routes"].to_numpy(),
    }


# -- figures -------------------------------------------------------------------------------------
TYPE_MARKERS = {"chemotherapy": "o", "targeted therapy": "s", "radiotherapy": "^", "hormone therapy": "D"}
TYPE_HATCHES = {"chemotherapy": "///", "targeted therapy": "...", "radiotherapy": "xx", "hormone therapy": "--"}


def _type_colours() -> dict[str, str]:
    from .. import style

    return {
        "chemotherapy": style.colour("blue"),
        "targeted therapy": style.colour("orange"),
        "radiotherapy": style.colour("bluish_green"),
        "hormone therapy": style.colour("reddish_purple"),
    }


def _treatment_label(name: str) -> str:
    return name.replace(" + pertuzumab + buparlisib", "\n+ pertuzumab\n+ buparlisib").replace(" (unnamed)", "\n(unnamed)")


def draw_network(ax, network: Network, colour_types: bool = True):
    """Draw the network; returns ``highlight(model_output, subunit)``, which restyles it in place.

    Treatment types are always shown by marker shape; with ``colour_types`` also by fill colour
    (the static figure). The explorer passes ``colour_types=False`` and keeps colour for what the
    chosen subunit cuts, which line style and width also show.

    Everything ``highlight`` changes is an overlay over a fixed drawing (grey routes, labels,
    legend): ``highlight.artists`` lists those overlays, so an explorer can mark them animated
    and redraw only them.
    """
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    from .. import style

    colours = _type_colours() if colour_types else {t: "white" for t in TREATMENT_TYPES}
    grey, dark = "0.72", style.colour("black")
    cut_colour, maybe_colour = style.colour("vermillion"), style.colour("blue")
    ax.add_collection(LineCollection(network.segments, colors=grey, linewidths=1.0, zorder=1))
    routes = LineCollection(network.segments, colors="none", linewidths=0.0, zorder=2)
    ax.add_collection(routes)

    ints = network.integrins
    int_dots = ax.scatter(np.full(len(ints), X_INTEGRIN), ints["y"], s=110, marker="h", facecolors=dark,
                          edgecolors=dark, linewidths=1.5, zorder=3)
    for name, y in zip(ints["name"], ints["y"]):
        ax.text(X_INTEGRIN - 0.08, y, name, ha="right", va="center", fontsize=11.5, zorder=4)
    box = dict(boxstyle="round,pad=0.25", facecolor="white", edgecolor="0.75", lw=0.8)
    row_text = [ax.text(X_MEDIATOR, y, label, ha="center", va="center", fontsize=10.5, zorder=4, bbox=dict(box))
                for label, y in zip(network.rows["label"], network.rows["y"])]
    row_boxes = [Rectangle((X_MEDIATOR, y), 0, 0, facecolor="none", edgecolor="none", zorder=5) for y in network.rows["y"]]
    for patch in row_boxes:
        ax.add_patch(patch)
    tr = network.treatments
    tr_dots = []
    for ttype, group in tr.groupby("treatment_type", sort=False, observed=True):
        tr_dots.append((group.index.to_numpy(), ax.scatter(
            np.full(len(group), X_TREATMENT), group["y"], s=70, marker=TYPE_MARKERS[ttype],
            facecolors=colours[ttype], edgecolors=dark, linewidths=0.9, zorder=3)))
    for name, y in zip(tr["name"], tr["y"]):
        ax.text(X_TREATMENT + 0.08, y, _treatment_label(name), ha="left", va="center", fontsize=10.5, zorder=4,
                linespacing=0.95)
    counts = [ax.text(X_TREATMENT - 0.08, y, "", ha="right", va="center", fontsize=10.5, fontweight="bold", zorder=6,
                      bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none"))
              for y in tr["y"]]

    top = max(network.rows["y"].max(), tr["y"].max(), ints["y"].max())
    bottom = min(network.rows["y"].min(), tr["y"].min(), ints["y"].min())
    for x, title in ((X_INTEGRIN, "integrin"), (X_MEDIATOR, "Table 3 row ·\nligand or target"),
                     (X_TREATMENT + 0.45, "treatment\nresisted")):
        ax.text(x, top + 0.9, title, ha="center", va="bottom", fontsize=10.5, fontweight="bold")
    ax.set_xlim(-0.42, 3.05)
    ax.set_ylim(bottom - 0.8, top + 2.0)
    ax.set_axis_off()
    readout = ax.text(0.0, -0.01, "", transform=ax.transAxes, ha="left", va="top", fontsize=10.5)

    handles = [Line2D([], [], ls="", marker=TYPE_MARKERS[t], markerfacecolor=colours[t], markeredgecolor=dark,
                      markersize=7, label=t) for t in TREATMENT_TYPES]
    if not colour_types:
        handles += [Line2D([], [], color=cut_colour, lw=3, label="cut for certain"),
                    Line2D([], [], color=maybe_colour, lw=2.2, ls=(0, (4, 2)), label="cut if that partner"),
                    Line2D([], [], color=grey, lw=1.0, label="left open")]
    ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, fontsize=10.5,
              frameon=False, handletextpad=0.3, columnspacing=1.2)

    int_index = pd.Series(np.arange(len(ints)), index=list(ints["name"]))
    int_of_row = int_index[network.rows["integrin"]].to_numpy()
    styles = {CERTAIN: (cut_colour, 3.0, "solid"), POSSIBLE: (maybe_colour, 2.2, (0, (4, 2))),
              NOT_REACHED: ("none", 0.0, "solid")}

    def fit_row_boxes() -> None:
        """Put each highlight box around its label, and end the highlighted routes at the boxes'
        edges (so an overlay never covers a label). Done once the layout is final: text size is
        in points, so its extent in data units is known only then."""
        renderer = ax.figure.canvas.get_renderer()
        to_data = ax.transData.inverted()
        pad = 4.0 * ax.figure.dpi / 72.0  # the labels' round box, in pixels
        edges = []
        for text, patch in zip(row_text, row_boxes):
            extent = text.get_window_extent(renderer).padded(pad)
            (x0, y0), (x1, y1) = to_data.transform(extent.get_points())
            patch.set_bounds(x0, y0, x1 - x0, y1 - y0)
            edges.append((x0, x1))
        clipped = []
        for k, segment in enumerate(network.segments):
            (xa, ya), (xb, yb) = segment
            x0, x1 = edges[network.segment_row[k]]
            if xa == X_MEDIATOR:
                xa = x1 if xb > X_MEDIATOR else x0
            if xb == X_MEDIATOR:
                xb = x0 if xa < X_MEDIATOR else x1
            clipped.append([(xa, ya), (xb, yb)])
        routes.set_segments(clipped)

    def highlight(result: dict, subunit: str) -> None:
        if not highlight.fitted:
            fit_row_boxes()
            highlight.fitted = True
        seg = result["segment_level"]
        routes.set_colors([styles[s][0] for s in seg])
        routes.set_linewidths([styles[s][1] for s in seg])
        routes.set_linestyles([styles[s][2] for s in seg])
        rl = result["row_level"]
        int_level = np.zeros(len(ints), dtype=int)
        np.maximum.at(int_level, int_of_row, rl)
        int_dots.set_facecolors([dark if lvl == CERTAIN else "white" for lvl in int_level])
        int_dots.set_edgecolors([dark if lvl else "0.7" for lvl in int_level])
        for patch, lvl in zip(row_boxes, rl):
            patch.set_edgecolor(styles[lvl][0])
            patch.set_linewidth(2.0 if lvl else 0.0)
            patch.set_linestyle("--" if lvl == POSSIBLE else "solid")
        cut, maybe, n_routes = result["cut"], result["maybe"], result["routes"]
        for text, c, m, r in zip(counts, cut, maybe, n_routes):
            text.set_text(f"{c}/{r}" + (f" +{m}?" if m else "") if (c or m) else "")
            text.set_visible(bool(c or m))
        for index, dots in tr_dots:
            reached = (cut[index] + maybe[index]) > 0
            dots.set_sizes(np.where(reached, 95, 45))
            if not colour_types:
                dots.set_facecolors([dark if c else "white" for c in cut[index]])
        summary = summary_text(network, result, subunit).split("\n")
        readout.set_text("\n".join(textwrap.fill(part, 66) for part in summary))

    highlight.fitted = False
    highlight.artists = [routes, int_dots, *row_boxes, *counts, *(dots for _, dots in tr_dots), readout]
    return highlight


def summary_text(network: Network, result: dict, subunit: str) -> str:
    """One or two sentences: what blocking ``subunit`` cuts."""
    rl = result["row_level"]
    n = len(rl)
    certain, possible = int((rl == CERTAIN).sum()), int((rl == POSSIBLE).sum())
    names = network.treatments["name"].to_numpy()
    full = [str(t) for t, c, r in zip(names, result["cut"], result["routes"]) if c == r and c > 0]
    part = [f"{t} ({c} of {r})" for t, c, r in zip(names, result["cut"], result["routes"]) if 0 < c < r]
    maybe = [str(t) for t, c, m in zip(names, result["cut"], result["maybe"]) if m > 0 and c == 0]
    line = f"Blocking {subunit}: {certain} of {n} findings cut for certain" + (f", {possible} more possibly" if possible else "") + "."
    detail = []
    if full:
        detail.append("every route cut: " + ", ".join(full))
    if part:
        detail.append("some routes cut: " + ", ".join(part))
    if maybe:
        detail.append("possibly cut: " + ", ".join(maybe))
    if not detail:
        return line + "\nNo treatment has a route cut."
    text = "; ".join(detail)
    return line + "\n" + text[0].upper() + text[1:] + "."


def plot_type_counts(ax, edges: pd.DataFrame) -> pd.DataFrame:
    """Horizontal stacked bars: findings per integrin by treatment type, hatched and labelled."""
    from .. import style

    table = type_counts(edges)
    colours = _type_colours()
    names = list(table.index)
    y = np.arange(len(names))[::-1]
    left = np.zeros(len(names))
    for ttype in TREATMENT_TYPES:
        values = table[ttype].to_numpy()
        bars = ax.barh(y, values, left=left, color=colours[ttype], hatch=TYPE_HATCHES[ttype],
                       edgecolor=style.colour("black"), linewidth=0.8, label=ttype)
        for bar, v in zip(bars, values):
            if v:
                ax.text(bar.get_x() + bar.get_width() / 2, bar.get_y() + bar.get_height() / 2, str(v),
                        ha="center", va="center", fontsize=10.5, fontweight="bold",
                        bbox=dict(boxstyle="circle,pad=0.15", facecolor="white", edgecolor="none"))
        left += values
    findings = edges.drop_duplicates("row_id").groupby("integrin", sort=False).size().reindex(names)
    for yy, total, nrows in zip(y, left, findings):
        ax.text(total + 0.12, yy, f"{int(nrows)} finding{'s' if nrows != 1 else ''}", va="center", fontsize=10.5)
    ax.set_yticks(y, names)
    ax.set_xlabel("Table 3 findings involving the treatment type")
    ax.set_xlim(0, left.max() + 1.8)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower right", fontsize=10.5, frameon=True, framealpha=0.95)
    return table


def network_explorer() -> Explorer:
    """Which single integrin subunit would a co-targeting strategy block to cut the most resistance routes?"""
    from .. import data

    network = build_network(data.load("integrin_roles"), data.load("integrin_heterodimers"))
    subunits = list(network.blocking.index)
    values = [s for s in subunits if (network.blocking.loc[s] == CERTAIN).any()]

    def model(subunit: str) -> dict:
        return blocking_model(network, subunit)

    def setup(fig, ax):
        fig.subplots_adjust(left=0.06, right=0.98, top=0.86, bottom=0.15)
        highlight = draw_network(ax, network, colour_types=False)
        animate(highlight.artists)
        return lambda result, params: highlight(result, params["subunit"])

    def alt(params: dict, result: dict) -> str:
        subunit = params["subunit"]
        return (
            "Network of the 13 Table 3 findings: integrins on the left, each finding's ligand or target in the "
            "middle, the treatments resisted on the right. Thick solid lines mark routes cut for certain, dashed "
            "lines routes cut only if the integrin uses that partner. "
            + summary_text(network, result, subunit).replace("\n", " ")
        )

    return Explorer(
        name="integrin-resistance-network",
        controls=[Control("subunit", "integrin subunit blocked", values, initial=values[0])],
        model=model,
        setup=setup,
        alt=alt,
        figsize=(6.0, 8.4),
        caption="Choose the subunit a co-targeting strategy would block (with an antibody such as AIIB2 for β1 or "
        "abituzumab for αv). Solid thick lines: resistance routes cut for certain; dashed: cut only if the "
        "integrin uses that partner; grey: left open. Beside each treatment: routes cut of its routes (+ possibly cut).",
    )


# -- the page's figures, sized for a phone column (style.check_phone_legible) ----------------


def network_figure(network: Network):
    """The page's static figure of :func:`draw_network` (treatment types coloured), 6.2 in wide."""
    return page_figure(draw_network, network, height=8.0, margins=dict(left=0.06, right=0.98, top=0.88, bottom=0.02))[0]


def type_counts_figure(edges: pd.DataFrame):
    """The page's figure of :func:`plot_type_counts` and the counts it draws: ``(fig, counts)``."""
    return page_figure(plot_type_counts, edges, height=4.0)
