"""The code of ``book/microenvironment/stroma.md``: the review's TME as a component → factor network.

``tme_components`` gives, for every component of the tumour microenvironment the metastasis review
discusses, its pro- and anti-metastatic mechanisms and the molecules it acts through
(``key_factors``, separated by '; '). This module reads those cells as a bipartite network:

- :func:`factor_edges` normalises the factor names (one name per molecule, e.g. ``MMP9`` and
  ``MMP-9`` are one node; ``CXCL12/CXCR4`` is a ligand and its receptor, two nodes) and returns one
  row per component → factor link, with the component's group and side and the factor's class;
- :func:`component_sides` says whether the review gives a component pro-metastatic mechanisms,
  anti-metastatic ones, or both; :func:`mechanism_counts` counts them;
- :func:`cytokine_roles` joins the secreted factors to ``cytokines_chemokines`` (their main role in
  metastasis as that table records it);
- :func:`network_view` selects a group of components and a class of factors and lays the network
  out; :func:`draw_network` draws it; :func:`network_explorer` is the page's explorer.

Every factor name in the data must have a class in :data:`FACTOR_CLASS` (a test checks this), so a
new row cannot slip into the figures unclassified.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import style
from ..explorer import Control, Explorer, animate
from ..page_figure import page_figure

__all__ = [
    "GROUPS",
    "SHORT_NAMES",
    "FACTOR_ALIASES",
    "FACTOR_CLASS",
    "CLASS_LABELS",
    "ROLE_ABBREVIATIONS",
    "LOSS_FACTORS",
    "split_items",
    "normalise_factor",
    "component_sides",
    "mechanism_counts",
    "factor_edges",
    "cytokine_roles",
    "factor_table",
    "components_naming",
    "NetworkView",
    "network_view",
    "draw_network",
    "plot_mechanism_counts",
    "n_components_naming",
    "n_producers",
    "stromal_secretome",
    "network_explorer",
    "mechanism_counts_figure",
    "network_figure",
]

#: The three groups the page and its explorer sort components into, each with its members
#: (``tme_components.component``), in the order they are drawn.
GROUPS: dict[str, tuple[str, ...]] = {
    "immune and blood cells": (
        "tumour-associated macrophages (TAMs)",
        "regulatory T cells (Tregs)",
        "myeloid-derived suppressor cells (MDSCs)",
        "neutrophils (tumour-associated neutrophils)",
        "platelets",
        "NK cells",
        "CD8+ T cells",
        "dendritic cells (DCs)",
    ),
    "stroma and matrix": (
        "cancer-associated fibroblasts (CAFs)",
        "mesenchymal stem cells (MSCs)",
        "tumour-associated endothelial cells (TECs)",
        "extracellular matrix (ECM)",
    ),
    "signals, vesicles, NETs and lipids": (
        "cytokines and chemokines",
        "tumour-secreted extracellular vesicles (EVs)",
        "neutrophil extracellular traps (NETs)",
        "lipids and lipid rafts",
    ),
}

#: Short names for the figures.
SHORT_NAMES: dict[str, str] = {
    "tumour-associated macrophages (TAMs)": "TAMs",
    "regulatory T cells (Tregs)": "Tregs",
    "myeloid-derived suppressor cells (MDSCs)": "MDSCs",
    "neutrophils (tumour-associated neutrophils)": "neutrophils",
    "platelets": "platelets",
    "NK cells": "NK cells",
    "CD8+ T cells": "CD8⁺ T cells",
    "dendritic cells (DCs)": "DCs",
    "cancer-associated fibroblasts (CAFs)": "CAFs",
    "mesenchymal stem cells (MSCs)": "MSCs",
    "tumour-associated endothelial cells (TECs)": "TECs",
    "extracellular matrix (ECM)": "ECM",
    "cytokines and chemokines": "cytokines &\nchemokines",
    "tumour-secreted extracellular vesicles (EVs)": "EVs",
    "neutrophil extracellular traps (NETs)": "NETs",
    "lipids and lipid rafts": "lipids & rafts",
}

#: One name per molecule: spellings the data use for the same factor.
FACTOR_ALIASES: dict[str, str] = {
    "MMP9": "MMP-9",
    "VEGF": "VEGF-A",   # the review's "VEGF" is VEGF-A (cytokines_chemokines records it so)
    "integrin α3β1": "α3β1",
    "β1 integrin": "β1",
    "lncRNA ELNAT1": "ELNAT1",
    "indoleamine 2,3-dioxygenase": "IDO",
}

#: The class of every factor named in ``tme_components.key_factors`` (after normalising).
FACTOR_CLASS: dict[str, str] = {}
for _cls, _names in {
    "secreted signal": (
        "TGF-β", "IL-8", "CCL2", "VEGF-A", "CCL5", "IL-10", "TNF-α", "CCL20", "CCL22", "IFN-γ", "CXCL12",
        "IL-6", "IL-4", "IL-13", "IL-1β", "CSF1", "IL-35", "adenosine", "IL-17A", "IL-2", "CXCL11", "CXCL5",
    ),
    "receptor or checkpoint": (
        "CTLA-4", "LAG-3", "PD-1", "PD-L1", "CXCR2", "CXCR4", "CCR4", "TNFR1", "mannose receptor", "TLR",
        "EGFR", "β1", "α3β1", "CD44", "CD36",
    ),
    "enzyme or matrix protein": (
        "MMP-9", "MMP-2", "TIMP3", "neutrophil elastase", "arginase-1", "perforin", "granzymes", "IDO", "FAP",
        "CPT1A", "FASN", "collagen", "fibronectin", "laminin", "biglycan", "NID1", "CEMIP",
    ),
    "intracellular or marker": ("α-SMA", "WT1", "EZH2", "NF-κB", "ERK", "STAT3", "ELNAT1", "ezrin"),
}.items():
    for _name in _names:
        FACTOR_CLASS[_name] = _cls

#: What the explorer's factor menu shows for each class ("all" shows every class).
CLASS_LABELS: dict[str, str] = {
    "all factors": "all",
    "secreted signals": "secreted signal",
    "receptors and checkpoints": "receptor or checkpoint",
    "enzymes, matrix and intracellular": "other",
}

#: How a factor's main role in ``cytokines_chemokines`` is abbreviated beside its name.
ROLE_ABBREVIATIONS: dict[str, str] = {
    "EMT": "EMT",
    "angiogenesis": "angiogenesis",
    "immune-recruitment": "recruitment",
    "immune-suppression": "suppression",
    "organotropism": "organotropism",
    "invasion": "invasion",
    "proliferation-survival": "survival",
    "pre-metastatic-niche": "niche",
}

_SIDE_STYLE = {
    "pro": ("s", "vermillion", "pro-metastatic only"),
    "anti": ("o", "blue", "anti-metastatic only"),
    "both": ("D", "reddish_purple", "both sides"),
}
_CLASS_MARKERS = {
    "secreted signal": "o",
    "receptor or checkpoint": "^",
    "enzyme or matrix protein": "s",
    "intracellular or marker": "D",
}


# -- reading the data ----------------------------------------------------------------------------

def split_items(text) -> list[str]:
    """A '; '-separated cell as a list of stripped items ([] for an empty or missing cell)."""
    if text is None or text is pd.NA or (isinstance(text, float) and math.isnan(text)):
        return []
    return [part.strip() for part in str(text).split(";") if part.strip()]


def normalise_factor(name: str) -> list[str]:
    """The node name(s) of one ``key_factors`` item: aliases resolved, 'ligand/receptor' split in two."""
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"a factor name must be non-empty text, got {name!r}")
    parts = [p.strip() for p in name.split("/")] if "/" in name else [name.strip()]
    return [FACTOR_ALIASES.get(p, p) for p in parts]


def _require(tme: pd.DataFrame) -> None:
    if not isinstance(tme, pd.DataFrame):
        raise TypeError(f"expected the tme_components DataFrame, got {type(tme).__name__}")
    missing = [c for c in ("component", "pro_metastatic", "anti_metastatic", "key_factors") if c not in tme.columns]
    if missing:
        raise KeyError(f"the table lacks column(s) {', '.join(missing)}: is it tme_components?")


def _group_of() -> dict[str, str]:
    return {member: group for group, members in GROUPS.items() for member in members}


def component_sides(tme: pd.DataFrame) -> pd.Series:
    """'pro', 'anti' or 'both' for every component, from which mechanism columns the review fills."""
    _require(tme)
    pro = tme["pro_metastatic"].map(lambda t: bool(split_items(t)))
    anti = tme["anti_metastatic"].map(lambda t: bool(split_items(t)))
    if (~pro & ~anti).any():
        raise ValueError(f"components with no mechanism on either side: {list(tme.loc[~pro & ~anti, 'component'])}")
    side = np.where(pro & anti, "both", np.where(pro, "pro", "anti"))
    return pd.Series(side, index=tme["component"].to_numpy(), name="side")


def mechanism_counts(tme: pd.DataFrame) -> pd.DataFrame:
    """Per component: its group, side, and how many pro- and anti-metastatic mechanisms the review lists."""
    _require(tme)
    groups = _group_of()
    unknown = sorted(set(tme["component"]) - set(groups))
    if unknown:
        raise ValueError(f"components in no group of stroma.GROUPS: {unknown}")
    out = pd.DataFrame({
        "component": tme["component"].to_numpy(),
        "group": tme["component"].map(groups).to_numpy(),
        "n_pro": tme["pro_metastatic"].map(lambda t: len(split_items(t))).to_numpy(),
        "n_anti": tme["anti_metastatic"].map(lambda t: len(split_items(t))).to_numpy(),
    })
    out["side"] = component_sides(tme).to_numpy()
    order = {c: i for i, c in enumerate(m for members in GROUPS.values() for m in members)}
    return out.sort_values("component", key=lambda s: s.map(order)).reset_index(drop=True)


def factor_edges(tme: pd.DataFrame) -> pd.DataFrame:
    """One row per component → factor link: component, group, side, factor, factor_class, source."""
    _require(tme)
    groups = _group_of()
    sides = component_sides(tme)
    rows = []
    for comp, cell, source in zip(tme["component"], tme["key_factors"], tme["source"]):
        if comp not in groups:
            raise ValueError(f"component {comp!r} is in no group of stroma.GROUPS")
        seen = set()
        for item in split_items(cell):
            for factor in normalise_factor(item):
                if factor in seen:
                    continue
                seen.add(factor)
                if factor not in FACTOR_CLASS:
                    raise ValueError(f"factor {factor!r} (row {comp!r}) has no class in stroma.FACTOR_CLASS")
                rows.append({"component": comp, "group": groups[comp], "side": sides[comp], "factor": factor,
                             "factor_class": FACTOR_CLASS[factor], "source": source})
    return pd.DataFrame(rows)


def cytokine_roles(cytokines: pd.DataFrame) -> dict[str, str]:
    """Factor name → its main role in ``cytokines_chemokines`` (factor names normalised as here)."""
    if not isinstance(cytokines, pd.DataFrame) or "factor" not in cytokines or "role" not in cytokines:
        raise TypeError("expected the cytokines_chemokines DataFrame (columns factor, role)")
    out = {}
    for factor, role in zip(cytokines["factor"], cytokines["role"]):
        name = str(factor).split(" (")[0].strip()   # 'IL-8 (CXCL8)' → 'IL-8'
        out[FACTOR_ALIASES.get(name, name)] = str(role)
    return out


def factor_table(tme: pd.DataFrame, cytokines: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every factor with its class, the number of components naming it, those components, and its
    main role in ``cytokines_chemokines`` where that table has it; most-shared first."""
    edges = factor_edges(tme)
    roles = cytokine_roles(cytokines) if cytokines is not None else {}
    table = (edges.groupby("factor", sort=False)
             .agg(factor_class=("factor_class", "first"), n_components=("component", "nunique"),
                  components=("component", lambda s: "; ".join(SHORT_NAMES.get(c, c).replace("\n", " ") for c in s)))
             .reset_index())
    table["cytokine_role"] = table["factor"].map(roles)
    return table.sort_values(["n_components", "factor"], ascending=[False, True], kind="stable").reset_index(drop=True)


def components_naming(tme: pd.DataFrame, factor: str) -> set[str]:
    """The components whose ``key_factors`` name ``factor`` (after normalising); an unknown factor raises."""
    if not isinstance(factor, str):
        raise TypeError(f"factor must be a name such as 'TGF-β', got {factor!r}")
    edges = factor_edges(tme)
    name = FACTOR_ALIASES.get(factor, factor)
    if name not in set(edges["factor"]):
        raise ValueError(f"no component names {factor!r}; known factors include {sorted(set(edges['factor']))[:8]} …")
    return set(edges.loc[edges["factor"] == name, "component"])


def n_components_naming(factor: str, group: str | None = None) -> int:
    """How many components of ``tme_components`` (or of one of :data:`GROUPS`) name ``factor``.

    Loads the data itself, so a quiz key can call it with plain arguments.
    """
    from .. import data

    comps = components_naming(data.load("tme_components"), factor)
    if group is None:
        return len(comps)
    if group not in GROUPS:
        raise ValueError(f"group must be one of {list(GROUPS)}, got {group!r}")
    return len(comps & set(GROUPS[group]))


def n_producers(factor: str) -> int:
    """How many producing cell types ``cytokines_chemokines`` lists for ``factor`` (loads the data itself)."""
    from .. import data

    if not isinstance(factor, str):
        raise TypeError(f"factor must be a name such as 'TGF-β', got {factor!r}")
    cyto = data.load("cytokines_chemokines")
    names = cyto["factor"].map(lambda f: FACTOR_ALIASES.get(str(f).split(" (")[0].strip(), str(f).split(" (")[0].strip()))
    rows = cyto[names == FACTOR_ALIASES.get(factor, factor)]
    if rows.empty:
        raise ValueError(f"cytokines_chemokines has no row for {factor!r}")
    return len(split_items(rows.iloc[0]["producing_cells"]))


def stromal_secretome(tme: pd.DataFrame) -> pd.DataFrame:
    """Component × factor-class counts for the stroma-and-matrix group (a small reading table)."""
    edges = factor_edges(tme)
    part = edges[edges["group"] == "stroma and matrix"]
    table = pd.crosstab(part["component"].map(lambda c: SHORT_NAMES.get(c, c)), part["factor_class"])
    order = [SHORT_NAMES[c] for c in GROUPS["stroma and matrix"]]
    return table.reindex(order).fillna(0).astype(int)


# -- the network -------------------------------------------------------------------------------

@dataclass(frozen=True)
class NetworkView:
    """A laid-out selection of the network: component and factor nodes with positions, and edges."""

    components: pd.DataFrame   # component, label, side, y
    factors: pd.DataFrame      # factor, factor_class, n_total, role, y
    edges: pd.DataFrame        # component, factor, side, y0, y1
    group: str
    factor_class: str

    @property
    def empty(self) -> bool:
        return self.edges.empty


def network_view(edges: pd.DataFrame, group: str, factor_class: str = "all", roles: dict | None = None,
                 min_components: int = 1) -> NetworkView:
    """Select the components of ``group`` (or ``"all"``) and the factors of ``factor_class`` (a class
    name, ``"other"`` for the last two classes, or ``"all"``) named by at least ``min_components``
    components in the whole table; lay them out in two columns, factors ordered by the mean position
    of their components (so that lines cross little)."""
    if group != "all" and group not in GROUPS:
        raise ValueError(f"group must be one of {list(GROUPS)} or 'all', got {group!r}")
    classes = set(FACTOR_CLASS.values())
    if factor_class not in classes | {"all", "other"}:
        raise ValueError(f"factor_class must be one of {sorted(classes)}, 'other' or 'all'; got {factor_class!r}")
    if isinstance(min_components, bool) or not isinstance(min_components, int) or min_components < 1:
        raise ValueError(f"min_components must be a whole number ≥ 1, got {min_components!r}")
    totals = edges.groupby("factor")["component"].nunique()
    members = [c for members in GROUPS.values() for c in members] if group == "all" else list(GROUPS[group])
    sel = edges[edges["component"].isin(members)]
    if factor_class == "other":
        sel = sel[sel["factor_class"].isin(["enzyme or matrix protein", "intracellular or marker"])]
    elif factor_class != "all":
        sel = sel[sel["factor_class"] == factor_class]
    sel = sel[sel["factor"].map(totals) >= min_components]
    comps = [c for c in members if c in set(sel["component"])]
    n_c = len(comps)
    comp_y = {c: float(n_c - 1 - i) for i, c in enumerate(comps)}
    components = pd.DataFrame({
        "component": comps,
        "label": [SHORT_NAMES.get(c, c) for c in comps],
        "side": [sel.loc[sel["component"] == c, "side"].iloc[0] for c in comps],
    })
    factors = list(dict.fromkeys(sel["factor"]))
    if factors:
        bary = {f: np.mean([comp_y[c] for c in sel.loc[sel["factor"] == f, "component"]]) for f in factors}
        factors.sort(key=lambda f: (-bary[f], -int(totals[f]), f))
    n_f = len(factors)
    top = max(n_c, n_f) - 1 if max(n_c, n_f) else 0
    fac_y = {f: (top - i * (top / (n_f - 1) if n_f > 1 else 0.0)) if n_f > 1 else top / 2 for i, f in enumerate(factors)}
    # spread components over the same height as the factors
    if n_c > 1:
        comp_y = {c: top - i * top / (n_c - 1) for i, c in enumerate(comps)}
    elif n_c == 1:
        comp_y = {comps[0]: top / 2}
    components["y"] = [comp_y[c] for c in comps]
    roles = roles or {}
    factor_frame = pd.DataFrame({
        "factor": factors,
        "factor_class": [FACTOR_CLASS[f] for f in factors],
        "n_total": [int(totals[f]) for f in factors],
        "role": [roles.get(f) for f in factors],
        "y": [fac_y[f] for f in factors],
    })
    edge_frame = pd.DataFrame({
        "component": sel["component"].to_numpy(),
        "factor": sel["factor"].to_numpy(),
        "side": sel["side"].to_numpy(),
        "y0": [comp_y[c] for c in sel["component"]],
        "y1": [fac_y[f] for f in sel["factor"]],
    })
    return NetworkView(components, factors=factor_frame, edges=edge_frame, group=group, factor_class=factor_class)


#: Factors whose *loss* the cytokine table links to metastasis (its mechanism column says so):
#: their role is shown as "lost in suppression" rather than as if the factor suppressed.
LOSS_FACTORS = frozenset({"IL-2", "IFN-γ"})


def _factor_label(row) -> str:
    label = row.factor
    if row.n_total > 1:
        label += f" ({row.n_total})"
    if isinstance(row.role, str) and row.role:
        role = ROLE_ABBREVIATIONS.get(row.role, row.role)
        label += f" · {'lost in ' + role if row.factor in LOSS_FACTORS else role}"
    return label


X_COMP, X_FACT = 0.0, 1.0


def draw_network(ax, view: NetworkView, fontsize: float = 10.5, legend: bool = True) -> dict:
    """Draw a :class:`NetworkView` from scratch on ``ax``: components left, factors right.

    Component markers and edge colours give the review's side for the component (pro-metastatic only,
    anti-metastatic only, both); factor markers give the factor's class; a factor named by several
    components in the whole table carries that number in brackets, and a secreted factor its main role
    in ``cytokines_chemokines``. Returns the artists it made (for the explorer to animate).
    """
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D

    artists = []
    dark = style.colour("black")
    if not view.empty:
        segs = [[(X_COMP, y0), (X_FACT, y1)] for y0, y1 in zip(view.edges["y0"], view.edges["y1"])]
        colours = [style.colour(_SIDE_STYLE[s][1]) for s in view.edges["side"]]
        lines = LineCollection(segs, colors=colours, linewidths=1.3, alpha=0.75, zorder=1)
        ax.add_collection(lines)
        artists.append(lines)
        for side, (marker, colour, _) in _SIDE_STYLE.items():
            part = view.components[view.components["side"] == side]
            if len(part):
                artists.append(ax.scatter(np.full(len(part), X_COMP), part["y"], marker=marker, s=90,
                                          c=style.colour(colour), edgecolors=dark, linewidths=0.9, zorder=3))
        for label, y in zip(view.components["label"], view.components["y"]):
            artists.append(ax.text(X_COMP - 0.06, y, label, ha="right", va="center", fontsize=fontsize + 0.5,
                                   fontweight="bold", zorder=4, linespacing=0.9))
        for cls, marker in _CLASS_MARKERS.items():
            part = view.factors[view.factors["factor_class"] == cls]
            if len(part):
                artists.append(ax.scatter(np.full(len(part), X_FACT), part["y"], marker=marker, s=42,
                                          facecolors="white", edgecolors=dark, linewidths=1.1, zorder=3))
        for row in view.factors.itertuples():
            artists.append(ax.text(X_FACT + 0.05, row.y, _factor_label(row), ha="left", va="center",
                                   fontsize=fontsize, zorder=4,
                                   fontweight="bold" if row.n_total > 1 else "normal"))
    n = max(len(view.components), len(view.factors), 1)
    ax.set_xlim(-0.62, 2.25)  # room for the longest factor label, "IFN-γ (2) · lost in suppression"
    ax.set_ylim(-0.8, n - 0.2)
    ax.set_axis_off()
    if legend:
        handles = [Line2D([], [], ls="", marker=m, markerfacecolor=style.colour(c), markeredgecolor=dark, markersize=8,
                          label=lab) for m, c, lab in _SIDE_STYLE.values()]
        handles += [Line2D([], [], ls="", marker=m, markerfacecolor="white", markeredgecolor=dark, markersize=7,
                           label=cls) for cls, m in _CLASS_MARKERS.items()]
        ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, fontsize=fontsize,
                  frameon=False, handletextpad=0.3, columnspacing=1.0, title="component: the review's side(s)   ·   factor: class",
                  title_fontsize=fontsize)
    return {"artists": artists}


def plot_mechanism_counts(ax, counts: pd.DataFrame) -> None:
    """Horizontal bars: pro- (right) and anti-metastatic (left) mechanisms per component, by group."""
    names = [SHORT_NAMES.get(c, c).replace("\n", " ") for c in counts["component"]]
    y = np.arange(len(counts))[::-1]
    pro = ax.barh(y, counts["n_pro"], color=style.colour("vermillion"), edgecolor="black", lw=0.7, hatch="//",
                  label="pro-metastatic")
    anti = ax.barh(y, -counts["n_anti"], color=style.colour("blue"), edgecolor="black", lw=0.7,
                   label="anti-metastatic")
    for yy, p, a in zip(y, counts["n_pro"], counts["n_anti"]):
        if p:
            ax.text(p + 0.15, yy, str(p), va="center", fontsize=10.5)
        if a:
            ax.text(-a - 0.15, yy, str(a), va="center", ha="right", fontsize=10.5)
    ax.set_yticks(y, names)
    # group separators and labels
    start = 0
    for group, members in GROUPS.items():
        k = sum(1 for c in counts["component"] if c in members)
        if start:
            ax.axhline(y[start] + 0.5, color="0.5", lw=0.8, ls=":")
        start += k
    ax.axvline(0, color="black", lw=0.9)
    lim = max(counts["n_pro"].max(), counts["n_anti"].max()) + 2
    ax.set_xlim(-4.5, lim)
    ticks = [t for t in range(-4, int(lim) + 1, 2)]
    ax.set_xticks(ticks, [str(abs(t)) for t in ticks])
    ax.set_xlabel("mechanisms listed: ← anti-metastatic | pro-metastatic →")
    ax.grid(axis="y", visible=False)
    ax.legend(handles=[pro, anti], loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, fontsize=10.5,
              frameon=False)


# -- the explorer ------------------------------------------------------------------------------

GROUP_VALUES = tuple(GROUPS)


def _summary(view: NetworkView, roles: dict) -> str:
    if view.empty:
        return "No component of this group names a factor of this class."
    sides = view.components["side"].value_counts()
    parts = []
    for side, word in (("pro", "pro-metastatic only"), ("anti", "anti-metastatic only"), ("both", "both sides")):
        if sides.get(side):
            parts.append(f"{int(sides[side])} {word}")
    shared = view.factors[view.factors["n_total"] > 1].sort_values("n_total", ascending=False)
    hubs = ", ".join(f"{r.factor} ({r.n_total})" for r in shared.itertuples()) or "none"
    return (f"{len(view.components)} components ({', '.join(parts)}) name {len(view.factors)} factors. "
            f"Named by more than one component of the whole table: {hubs}.")


def network_explorer() -> Explorer:
    """Which components does the review call pro- and anti-metastatic, and through which factors?"""
    from .. import data

    tme = data.load("tme_components")
    edges = factor_edges(tme)
    roles = cytokine_roles(data.load("cytokines_chemokines"))
    views = {(g, label): network_view(edges, g, cls, roles) for g in GROUP_VALUES for label, cls in CLASS_LABELS.items()}

    def model(group: str, factors: str) -> dict:
        view = views[(group, factors)]
        return {"view": view, "summary": _summary(view, roles)}

    def setup(fig, ax):
        fig.subplots_adjust(left=0.02, right=0.98, top=0.84, bottom=0.13)
        from matplotlib.lines import Line2D

        dark = style.colour("black")
        handles = [Line2D([], [], ls="", marker=m, markerfacecolor=style.colour(c), markeredgecolor=dark, markersize=8,
                          label=lab) for m, c, lab in _SIDE_STYLE.values()]
        handles += [Line2D([], [], ls="", marker=m, markerfacecolor="white", markeredgecolor=dark, markersize=7,
                           label=cls) for cls, m in _CLASS_MARKERS.items()]
        ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, fontsize=10.5,
                  frameon=False, handletextpad=0.3, columnspacing=1.0,
                  title="components: the review's side(s) · factors: class", title_fontsize=10.5)
        ax.set_axis_off()
        readout = fig.text(0.02, 0.01, "", ha="left", va="bottom", fontsize=10.5)
        animate(readout)
        state = {"artists": []}

        def update(data, params):
            for artist in state["artists"]:
                artist.remove()
            drawn = draw_network(ax, data["view"], legend=False)["artists"]
            animate(drawn)
            state["artists"] = drawn
            readout.set_text(textwrap.fill(data["summary"], 78))

        return update

    def alt(params, data):
        view = data["view"]
        comps = "; ".join(f"{SHORT_NAMES.get(c, c).replace(chr(10), ' ')} ({s})"
                          for c, s in zip(view.components["component"], view.components["side"]))
        return (f"Network of the {params['group']} of the tumour microenvironment (left) and the {params['factors']} "
                f"they act through (right), from the tme_components table. Components and their side: {comps or 'none'}. "
                + data["summary"])

    return Explorer(
        name="tme-factor-network",
        controls=[
            Control("group", "components", list(GROUP_VALUES), initial="stroma and matrix"),
            Control("factors", "factors shown", list(CLASS_LABELS), initial="all factors"),
        ],
        model=model,
        setup=setup,
        alt=alt,
        caption=("Choose a group of components and a class of factors. Left: the components, marked by the side(s) the "
                 "review gives them; right: the factors it names for them. A number in brackets counts the components "
                 "of the whole table that name the factor; '· role' is the factor's main role in the cytokines_chemokines "
                 "table. Data: tme_components and cytokines_chemokines, from Liu et al. (2021)."),
        figsize=(6.2, 7.6),
    )


# -- the page's figures, sized for a phone column (style.check_phone_legible) ----------------


def mechanism_counts_figure(counts: pd.DataFrame):
    """The page's figure of :func:`plot_mechanism_counts` (give it :func:`mechanism_counts`)."""
    return page_figure(plot_mechanism_counts, counts, height=5.8)[0]


def network_figure(view: NetworkView):
    """The page's static figure of :func:`draw_network` (give it a :func:`network_view`), 6.2 in wide."""
    return page_figure(draw_network, view, height=7.8, margins=dict(left=0.01, right=0.99, top=0.84, bottom=0.01))[0]
