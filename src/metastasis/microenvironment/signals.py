"""The code of ``book/microenvironment/signals.md``: cytokine and chemokine axes as a network, the
organs they and exosomal integrins point to, the NET sequence, and the signals explorer.

Works on ``cytokines_chemokines`` (one row per factor) and, for the organ figure,
``exosome_organotropism``. The reading rules, stated once:

- **Axis family** (:func:`axis_family`) from the factor's name: ``CCL…`` and the grouped CC row are
  CC chemokines; ``CXCL…`` and IL-8 (which *is* CXCL8) are CXC chemokines; interleukins, TNF-α,
  IFN-γ and the soluble TNF receptor are grouped as "interleukins, TNF and IFN"; TGF-β, the VEGFs,
  PDGF, CSF1 and EGF are growth factors. A name that fits no rule is an error, never a guess.
- **Receptors** (:func:`receptor_names`) are the ``receptor`` cell split at ``'; '``, with three
  cells rewritten for a node label (``TGF-β receptors I and II`` → ``TGF-βRI/RII``, the VEGF-A
  cell into VEGFR1 and VEGFR2, ``IL-6R (gp130)`` → ``IL-6R/gp130``). An empty cell becomes the node
  :data:`NO_RECEPTOR` ("none named").
- **Who named the receptor** (:func:`receptor_source`): ``curators`` when the row's curation note
  says the receptor was named by the curators or from the cited study, else ``review``.
- **Effects** are the row's ``role`` and ``other_roles``. IL-2 and IFN-γ are anti-tumour
  cytokines whose *loss* favours metastasis (the dataset records the suppression of them):
  :data:`LOSS_FAVOURS` marks them, and the figures label them so.
- **Receptors the review lists as cytokines** (erratum MET-49): CXCR2, CXCR3 and CXCR4
  (:data:`LISTED_AS_CYTOKINES`), marked on the network.

Everything here is bookkeeping over a curated review: an edge is a mechanism the review states,
not a measured strength.
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
    "FAMILIES",
    "ROLES",
    "ROLE_LABELS",
    "EFFECT_GROUPS",
    "NO_RECEPTOR",
    "LOSS_FAVOURS",
    "LISTED_AS_CYTOKINES",
    "axis_family",
    "display_name",
    "receptor_names",
    "receptor_source",
    "axis_table",
    "axes_for",
    "shared_receptors",
    "count_shared_receptors",
    "organ_addresses",
    "Network",
    "build_network",
    "network_model",
    "layout",
    "draw_full_network",
    "plot_organ_addresses",
    "NET_STEPS",
    "plot_net_sequence",
    "EV_FINDINGS",
    "ev_table",
    "signals_explorer",
    "full_network_figure",
    "organ_addresses_figure",
    "net_sequence_figure",
]

#: The four axis families, in the order the network stacks them.
FAMILIES: tuple[str, ...] = ("CC chemokines", "CXC chemokines", "interleukins, TNF and IFN", "growth factors")

#: The dataset's role enum, in the order the network's effect column shows it.
ROLES: tuple[str, ...] = ("EMT", "invasion", "proliferation-survival", "angiogenesis", "immune-recruitment",
                          "immune-suppression", "organotropism", "pre-metastatic-niche")

#: How each role is written on a figure.
ROLE_LABELS: dict[str, str] = {
    "EMT": "EMT",
    "invasion": "invasion",
    "proliferation-survival": "growth, survival",
    "angiogenesis": "angiogenesis",
    "immune-recruitment": "immune-cell recruitment",
    "immune-suppression": "immune suppression",
    "organotropism": "organotropism",
    "pre-metastatic-niche": "pre-metastatic niche",
}

#: The explorer's effect menu: a label → the roles it gathers.
EFFECT_GROUPS: dict[str, tuple[str, ...]] = {
    "any effect": ROLES,
    "EMT, invasion or growth": ("EMT", "invasion", "proliferation-survival"),
    "angiogenesis": ("angiogenesis",),
    "immune recruitment or suppression": ("immune-recruitment", "immune-suppression"),
    "organotropism or niche": ("organotropism", "pre-metastatic-niche"),
}

#: The receptor node for a factor whose receptor no source names.
NO_RECEPTOR = "none named"

#: Anti-tumour cytokines whose loss (not presence) favours metastasis, in the review's account.
LOSS_FAVOURS: frozenset[str] = frozenset({"IL-2", "IFN-γ"})

#: Receptors the review lists among "the cytokines/chemokines" that drive EMT (erratum MET-49).
LISTED_AS_CYTOKINES: frozenset[str] = frozenset({"CXCR2", "CXCR3", "CXCR4"})

_DISPLAY = {
    "CC chemokines of CCR1 and CCR3": "CCR1/CCR3 ligands",
    "EGF (EGFR signalling)": "EGF",
    "TNFR1 (fibroblast-secreted)": "soluble TNFR1",
}
_RECEPTOR_REWRITE = {
    "TGF-β receptors I and II": ["TGF-βRI/RII"],
    "VEGFR (VEGFR1; VEGFR2)": ["VEGFR1", "VEGFR2"],
    "IL-6R (gp130)": ["IL-6R/gp130"],
}
_CURATORS = re.compile(r"named by the curators|named from the cited study|paired by the curators", re.I)
_REQUIRED = ["factor", "receptor", "role", "other_roles", "target_organ", "curation_note"]


def _require(frame: object, columns=_REQUIRED, what: str = "cytokines_chemokines") -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"expected the {what} table as a DataFrame, got {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise KeyError(f"the {what} table lacks column(s) {', '.join(missing)}")
    return frame


def axis_family(factor: str) -> str:
    """The family of a factor by its name (see the module docstring); ``ValueError`` if none fits."""
    if not isinstance(factor, str) or not factor.strip():
        raise ValueError(f"a factor name is needed, got {factor!r}")
    name = factor.strip()
    if name.startswith("CCL") or name.startswith("CC chemokines"):
        return "CC chemokines"
    if name.startswith("CXCL") or name.startswith("IL-8"):
        return "CXC chemokines"
    if name.startswith(("IL-", "TNF", "IFN")):
        return "interleukins, TNF and IFN"
    if name.startswith(("TGF-β", "VEGF", "PDGF", "CSF1", "EGF")):
        return "growth factors"
    raise ValueError(f"no axis family rule fits the factor {factor!r}")


def display_name(factor: str) -> str:
    """A short label for a figure: ``'CC chemokines of CCR1 and CCR3'`` → ``'CCR1/CCR3 ligands'``."""
    return _DISPLAY.get(factor, factor)


def receptor_names(cell) -> list[str]:
    """The receptor node labels of one ``receptor`` cell; ``[NO_RECEPTOR]`` for an empty cell."""
    if cell is None or (not isinstance(cell, str) and pd.isna(cell)) or not str(cell).strip():
        return [NO_RECEPTOR]
    text = str(cell).strip()
    if text in _RECEPTOR_REWRITE:
        return list(_RECEPTOR_REWRITE[text])
    return [part.strip() for part in text.split("; ") if part.strip()]


def receptor_source(row: pd.Series) -> str:
    """``'curators'``, ``'review'`` or ``'none'``: who named the receptor of this row."""
    cell = row.get("receptor")
    if cell is None or pd.isna(cell) or not str(cell).strip():
        return "none"
    note = row.get("curation_note")
    if note is not None and not pd.isna(note) and _CURATORS.search(str(note)):
        return "curators"
    return "review"


def _split(cell) -> list[str]:
    if cell is None or (not isinstance(cell, str) and pd.isna(cell)) or not str(cell).strip():
        return []
    return [p.strip() for p in str(cell).split("; ") if p.strip()]


def axis_table(cyto: pd.DataFrame) -> pd.DataFrame:
    """One row per (factor, receptor): factor, label, family, receptor, named_by, roles, main_role,
    organs, loss_favours, listed_as_cytokine. Families and roles are checked."""
    _require(cyto)
    rows = []
    for _, row in cyto.iterrows():
        factor = str(row["factor"])
        main = str(row["role"])
        roles = [main] + [r for r in _split(row["other_roles"]) if r != main]
        unknown = [r for r in roles if r not in ROLES]
        if unknown:
            raise ValueError(f"{factor}: unknown role(s) {unknown}; expected one of {list(ROLES)}")
        for receptor in receptor_names(row["receptor"]):
            rows.append({
                "factor": factor,
                "label": display_name(factor),
                "family": axis_family(factor),
                "receptor": receptor,
                "named_by": receptor_source(row),
                "roles": tuple(roles),
                "main_role": main,
                "organs": tuple(_split(row["target_organ"])),
                "loss_favours": factor in LOSS_FAVOURS,
                "listed_as_cytokine": receptor in LISTED_AS_CYTOKINES,
            })
    return pd.DataFrame(rows)


def _check_choice(value, allowed, what: str) -> None:
    if value not in allowed:
        raise ValueError(f"unknown {what} {value!r}; choose from {list(allowed)}")


def axes_for(axes: pd.DataFrame, family: str = "all families", effect: str = "any effect") -> pd.DataFrame:
    """The axes of a family (or ``'all families'``) that have a role in an effect group."""
    _require(axes, ["factor", "family", "roles"], "axis")
    _check_choice(family, ("all families",) + FAMILIES, "family")
    _check_choice(effect, tuple(EFFECT_GROUPS), "effect group")
    wanted = set(EFFECT_GROUPS[effect])
    keep = axes["roles"].map(lambda rs: bool(wanted & set(rs)))
    if family != "all families":
        keep &= axes["family"] == family
    return axes[keep]


def shared_receptors(axes: pd.DataFrame) -> dict[str, list[str]]:
    """Receptors that more than one factor binds → those factors (``NO_RECEPTOR`` excluded)."""
    _require(axes, ["factor", "receptor"], "axis")
    named = axes[axes["receptor"] != NO_RECEPTOR]
    groups = named.groupby("receptor", sort=True)["factor"].agg(lambda s: list(dict.fromkeys(s)))
    return {r: v for r, v in groups.items() if len(v) > 1}


def count_shared_receptors() -> int:
    """How many receptors of ``cytokines_chemokines`` serve more than one factor (a quiz key)."""
    from .. import data

    return len(shared_receptors(axis_table(data.load("cytokines_chemokines"))))


def organ_addresses(cyto: pd.DataFrame, exosomes: pd.DataFrame) -> pd.DataFrame:
    """organ, kind ('chemokine axis' or 'exosomal integrin'), signal, source: the addresses each
    dataset gives for an organ. Soluble factors come from ``target_organ``; integrins from Hoshino."""
    _require(cyto, ["factor", "receptor", "target_organ", "source"])
    _require(exosomes, ["integrin", "organ", "source"], "exosome_organotropism")
    rows = []
    for _, row in cyto.iterrows():
        receptors = [r for r in receptor_names(row["receptor"]) if r != NO_RECEPTOR]
        signal = display_name(str(row["factor"])) + (f" → {'/'.join(receptors)}" if receptors else "")
        for organ in _split(row["target_organ"]):
            rows.append({"organ": organ, "kind": "chemokine or cytokine axis", "signal": signal,
                         "source": str(row["source"])})
    for _, row in exosomes.iterrows():
        rows.append({"organ": str(row["organ"]), "kind": "exosomal integrin", "signal": str(row["integrin"]),
                     "source": str(row["source"])})
    return pd.DataFrame(rows)


# -- the network ----------------------------------------------------------------------------------
X_LIGAND, X_RECEPTOR, X_EFFECT = 0.0, 1.2, 2.3

_FAMILY_MARKERS = {"CC chemokines": "o", "CXC chemokines": "s", "interleukins, TNF and IFN": "^",
                   "growth factors": "D"}


@dataclass(frozen=True)
class Network:
    """The axes as index arrays: ligands, receptors, effects and the edges between them."""

    ligands: pd.DataFrame        # factor, label, family, loss_favours, roles
    receptors: pd.DataFrame      # name, listed_as_cytokine
    lr_ligand: np.ndarray        # one entry per ligand → receptor edge: the ligand's index
    lr_receptor: np.ndarray      # ... and the receptor's index
    lr_curators: np.ndarray      # True where the curators named the receptor
    ligand_roles: np.ndarray     # (n_ligands, n_roles) bool
    ligand_family: np.ndarray    # family index of each ligand


def build_network(cyto: pd.DataFrame) -> Network:
    """The ligand → receptor → effect network of ``cytokines_chemokines``, ligands ordered by family."""
    axes = axis_table(cyto)
    order = {f: i for i, f in enumerate(FAMILIES)}
    lig = (axes.drop_duplicates("factor")[["factor", "label", "family", "roles", "loss_favours"]]
           .assign(_f=lambda d: d["family"].map(order))
           .sort_values(["_f"], kind="stable").drop(columns="_f").reset_index(drop=True))
    lig_index = pd.Series(np.arange(len(lig)), index=lig["factor"])
    li = lig_index[axes["factor"]].to_numpy()
    # receptors in order of first use by the (family-ordered) ligands
    first = pd.Series(li, index=axes.index).groupby(axes["receptor"]).min().sort_values(kind="stable")
    names = list(first.index)
    receptors = pd.DataFrame({"name": names, "listed_as_cytokine": [r in LISTED_AS_CYTOKINES for r in names]})
    ri = pd.Series(np.arange(len(names)), index=names)[axes["receptor"]].to_numpy()
    role_index = {r: i for i, r in enumerate(ROLES)}
    ligand_roles = np.zeros((len(lig), len(ROLES)), dtype=bool)
    for i, roles in enumerate(lig["roles"]):
        ligand_roles[i, [role_index[r] for r in roles]] = True
    return Network(ligands=lig, receptors=receptors, lr_ligand=li, lr_receptor=ri,
                   lr_curators=(axes["named_by"] == "curators").to_numpy(), ligand_roles=ligand_roles,
                   ligand_family=lig["family"].map(order).to_numpy())


def network_model(network: Network, family: str, effect: str) -> dict:
    """Which ligands, receptors and effects a family × effect filter keeps (vectorised).

    Returns boolean masks ``ligand_on``, ``lr_on`` (edges), ``receptor_on`` and ``effect_on``
    (the effects of the group that a kept ligand has), and ``other_on`` (the kept ligands' other
    effects, outside the group).
    """
    _check_choice(family, ("all families",) + FAMILIES, "family")
    _check_choice(effect, tuple(EFFECT_GROUPS), "effect group")
    role_mask = np.isin(np.array(ROLES), EFFECT_GROUPS[effect])
    fam_ok = (np.ones(len(network.ligands), dtype=bool) if family == "all families"
              else network.ligand_family == FAMILIES.index(family))
    ligand_on = fam_ok & (network.ligand_roles & role_mask).any(axis=1)
    lr_on = ligand_on[network.lr_ligand]
    receptor_on = np.bincount(network.lr_receptor, weights=lr_on, minlength=len(network.receptors)) > 0
    reached = network.ligand_roles[ligand_on].any(axis=0)
    return {"ligand_on": ligand_on, "lr_on": lr_on, "receptor_on": receptor_on,
            "effect_on": reached & role_mask, "other_on": reached & ~role_mask}


def summary_text(network: Network, result: dict, family: str, effect: str) -> str:
    """A headline and the kept factors: ``'CXC chemokines × angiogenesis: 2 factors, 2 receptors'``."""
    names = network.ligands.loc[result["ligand_on"], "label"].tolist()
    fam = "every family" if family == "all families" else family
    if not names:
        return f"{fam} × {effect}: no factor.\n"
    n_rec = int(result["receptor_on"].sum())
    return (f"{fam} × {effect}: {len(names)} factor{'s' if len(names) != 1 else ''}, "
            f"{n_rec} receptor{'s' if n_rec != 1 else ''}.\n" + ", ".join(names))


def _node_label(text: str, x: float, y: float, ax, ha: str, **kw):
    return ax.text(x, y, text, ha=ha, va="center", fontsize=10.5, zorder=4, **kw)


def draw_full_network(ax, network: Network) -> None:
    """The whole network as a static figure: ligands (marker by family), receptors as boxed labels,
    effects on the right; dashed edges where the curators named the receptor."""
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D

    from .. import style

    dark, grey = style.colour("black"), "0.55"
    lig = network.ligands
    gaps = lig["family"].map({f: i for i, f in enumerate(FAMILIES)}).to_numpy()
    lig_y = -(np.arange(len(lig)) + gaps * 0.8)
    rec_y = np.linspace(lig_y.max(), lig_y.min(), len(network.receptors))
    eff_y = np.linspace(lig_y.max() - 1.5, lig_y.min() + 1.5, len(ROLES))
    lr = np.stack([np.column_stack([np.full(len(network.lr_ligand), X_LIGAND), lig_y[network.lr_ligand]]),
                   np.column_stack([np.full(len(network.lr_receptor), X_RECEPTOR), rec_y[network.lr_receptor]])], axis=1)
    pairs = sorted({(int(r), int(e)) for l, r in zip(network.lr_ligand, network.lr_receptor)
                    for e in np.flatnonzero(network.ligand_roles[l])})
    re_ = np.array([[(X_RECEPTOR, rec_y[r]), (X_EFFECT, eff_y[e])] for r, e in pairs])
    ax.add_collection(LineCollection(lr, colors=grey, linewidths=0.9,
                                     linestyles=["--" if c else "-" for c in network.lr_curators], zorder=1))
    ax.add_collection(LineCollection(re_, colors="0.75", linewidths=0.7, zorder=1))
    for family, marker in _FAMILY_MARKERS.items():
        idx = np.flatnonzero(lig["family"].to_numpy() == family)
        ax.scatter(np.full(len(idx), X_LIGAND), lig_y[idx], s=34, marker=marker, facecolors="white",
                   edgecolors=dark, linewidths=0.9, zorder=3)
    for label, y, loss in zip(lig["label"], lig_y, lig["loss_favours"]):
        _node_label(label + (" †" if loss else ""), X_LIGAND - 0.07, y, ax, "right")
    box = dict(boxstyle="round,pad=0.2", facecolor="white", edgecolor="0.6", lw=0.7)
    for name, y, flagged in zip(network.receptors["name"], rec_y, network.receptors["listed_as_cytokine"]):
        _node_label(name + (" ★" if flagged else ""), X_RECEPTOR, y, ax, "center", bbox=dict(box))
    ax.scatter(np.full(len(ROLES), X_EFFECT), eff_y, s=60, marker="s", facecolors="white", edgecolors=dark,
               linewidths=1.0, zorder=3)
    for role, y in zip(ROLES, eff_y):
        _node_label(ROLE_LABELS[role].replace(" ", "\n", 1) if len(ROLE_LABELS[role]) > 13 else ROLE_LABELS[role],
                    X_EFFECT + 0.08, y, ax, "left", linespacing=0.95)
    top, bottom = float(lig_y.max()), float(lig_y.min())
    for x, title, ha in ((X_LIGAND - 0.07, "ligand", "right"), (X_RECEPTOR, "receptor", "center"),
                         (X_EFFECT + 0.08, "effect", "left")):
        ax.text(x, top + 1.3, title, ha=ha, va="bottom", fontsize=11, fontweight="bold")
    ax.set_xlim(-1.12, 3.2)
    ax.set_ylim(bottom - 2.2, top + 5.3)
    ax.set_axis_off()
    handles = [Line2D([], [], ls="", marker=m, markerfacecolor="white", markeredgecolor=dark, markersize=7, label=f)
               for f, m in _FAMILY_MARKERS.items()]
    handles += [Line2D([], [], color=grey, lw=1.2, ls="--", label="receptor named by the curators")]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 1.0), ncol=2, fontsize=10.5,
              frameon=False, handletextpad=0.3, columnspacing=1.0, borderaxespad=0.0)
    ax.text(-1.1, bottom - 1.2, "† its loss favours metastasis    ★ listed among cytokines by the review (MET-49)",
            ha="left", va="top", fontsize=10.5)


def _slots(network: Network) -> tuple[int, int]:
    """The most ligands and receptors any one view of the explorer shows (the sizes of its pools)."""
    most_l = most_r = 1
    for family in FAMILIES:
        for effect in EFFECT_GROUPS:
            if effect == "any effect":
                continue
            r = network_model(network, family, effect)
            most_l = max(most_l, int(r["ligand_on"].sum()))
            most_r = max(most_r, int(r["receptor_on"].sum()))
    return most_l, most_r


def layout(network: Network, result: dict, n_slots: int) -> dict:
    """Positions of one filtered view: kept ligands and receptors spread over ``n_slots`` rows,
    receptors ordered by the mean row of their ligands; effects at fixed rows."""
    lig_idx = np.flatnonzero(result["ligand_on"])
    rec_idx = np.flatnonzero(result["receptor_on"])
    span = max(n_slots - 1, 1)
    lig_y = np.linspace(0, -span, len(lig_idx)) if len(lig_idx) > 1 else np.array([-span / 2])[: len(lig_idx)]
    where = dict(zip(lig_idx, lig_y))
    edges = np.flatnonzero(result["lr_on"])
    mean = {r: np.mean([where[l] for l, rr in zip(network.lr_ligand[edges], network.lr_receptor[edges]) if rr == r])
            for r in rec_idx}
    rec_idx = np.array(sorted(rec_idx, key=lambda r: -mean[r]), dtype=int)
    rec_y = np.linspace(0, -span, len(rec_idx)) if len(rec_idx) > 1 else np.array([-span / 2])[: len(rec_idx)]
    rwhere = dict(zip(rec_idx, rec_y))
    lr = np.array([[(X_LIGAND, where[l]), (X_RECEPTOR, rwhere[r])]
                   for l, r in zip(network.lr_ligand[edges], network.lr_receptor[edges])]).reshape(-1, 2, 2)
    named_by = np.where(network.lr_curators[edges], "curators",
                        np.where(network.receptors["name"].to_numpy()[network.lr_receptor[edges]] == NO_RECEPTOR,
                                 "none", "review"))
    eff_y = np.linspace(0, -span, len(ROLES))
    in_group, out_group = [], []
    for r in rec_idx:
        ligs = [l for l, rr in zip(network.lr_ligand[edges], network.lr_receptor[edges]) if rr == r]
        roles = network.ligand_roles[ligs].any(axis=0)
        for e in np.flatnonzero(roles):
            seg = [(X_RECEPTOR, rwhere[r]), (X_EFFECT, eff_y[e])]
            (in_group if result["effect_on"][e] else out_group).append(seg)
    return {"lig_idx": lig_idx, "lig_y": lig_y, "rec_idx": rec_idx, "rec_y": rec_y, "lr": lr, "named_by": named_by,
            "re_in": np.array(in_group).reshape(-1, 2, 2), "re_out": np.array(out_group).reshape(-1, 2, 2),
            "eff_y": eff_y}


def signals_explorer() -> Explorer:
    """Which cytokine and chemokine axes of a family drive a given effect, and through which receptors?"""
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D

    from .. import data, style

    network = build_network(data.load("cytokines_chemokines"))
    n_lig, n_rec = _slots(network)
    n_slots = max(n_lig, n_rec, len(ROLES))
    effects = tuple(e for e in EFFECT_GROUPS if e != "any effect")

    def model(family: str, effect: str) -> dict:
        result = network_model(network, family, effect)
        result["layout"] = layout(network, result, n_slots)
        return result

    def setup(fig, ax):
        on, dark, grey = style.colour("vermillion"), style.colour("black"), "0.72"
        fig.subplots_adjust(left=0.02, right=0.98, top=0.90, bottom=0.12)
        span = n_slots - 1
        lr = LineCollection([], colors=on, linewidths=2.2, zorder=2)
        re_in = LineCollection([], colors=on, linewidths=2.2, zorder=2)
        re_out = LineCollection([], colors=grey, linewidths=1.0, linestyles=":", zorder=1)
        for c in (lr, re_in, re_out):
            ax.add_collection(c)
        lig_dots = ax.scatter(np.zeros(n_lig), np.zeros(n_lig), s=40, facecolors=on, edgecolors=dark, zorder=3)
        lig_text = [ax.text(X_LIGAND - 0.08, 0, "", ha="right", va="center", fontsize=11, zorder=4)
                    for _ in range(n_lig)]
        box = dict(boxstyle="round,pad=0.25", facecolor="white", edgecolor=on, lw=1.4)
        rec_text = [ax.text(X_RECEPTOR, 0, "", ha="center", va="center", fontsize=11, zorder=4, bbox=dict(box))
                    for _ in range(n_rec)]
        eff_y = np.linspace(0, -span, len(ROLES))
        eff_dots = ax.scatter(np.full(len(ROLES), X_EFFECT), eff_y, s=70, marker="s", facecolors="white",
                              edgecolors=dark, linewidths=1.0, zorder=3)
        for role, y in zip(ROLES, eff_y):
            ax.text(X_EFFECT + 0.09, y, ROLE_LABELS[role].replace(" ", "\n", 1) if len(ROLE_LABELS[role]) > 13
                    else ROLE_LABELS[role], ha="left", va="center", fontsize=10.5, linespacing=0.95, zorder=4)
        for x, title, ha in ((X_LIGAND - 0.08, "ligand", "right"), (X_RECEPTOR, "receptor", "center"),
                             (X_EFFECT + 0.09, "effect", "left")):
            ax.text(x, 1.1, title, ha=ha, va="bottom", fontsize=11, fontweight="bold")
        head = fig.text(0.5, 0.985, "", ha="center", va="top", fontsize=11, fontweight="bold")
        note = ax.text(-1.05, -span - 0.7, "", ha="left", va="top", fontsize=10.5)
        ax.set_xlim(-1.05, 3.25)
        ax.set_ylim(-span - 1.7, 1.6)
        ax.set_axis_off()
        fig.legend(handles=[
            Line2D([], [], color=on, lw=2.2, label="in the chosen effect"),
            Line2D([], [], color=on, lw=2.2, ls="--", label="receptor named by curators"),
            Line2D([], [], color=grey, lw=1.2, ls=":", label="the factors' other effects")],
            loc="lower center", ncol=2, fontsize=10.5, frameon=False, columnspacing=1.0)
        animate(lr, re_in, re_out, lig_dots, lig_text, rec_text, eff_dots, head, note)

        def update(result, params):
            lay = result["layout"]
            k = len(lay["lig_idx"])
            lr.set_segments(lay["lr"])
            lr.set_linestyles([{"curators": "--", "none": ":"}.get(c, "-") for c in lay["named_by"]] or ["-"])
            re_in.set_segments(lay["re_in"])
            re_out.set_segments(lay["re_out"])
            offsets = np.column_stack([np.full(n_lig, X_LIGAND), np.full(n_lig, 10.0)])
            offsets[:k, 1] = lay["lig_y"]
            lig_dots.set_offsets(offsets)
            for i, t in enumerate(lig_text):
                if i < k:
                    row = network.ligands.iloc[lay["lig_idx"][i]]
                    t.set_text(row["label"] + (" †" if row["loss_favours"] else ""))
                    t.set_position((X_LIGAND - 0.08, lay["lig_y"][i]))
                t.set_visible(i < k)
            for i, t in enumerate(rec_text):
                if i < len(lay["rec_idx"]):
                    rec = network.receptors.iloc[lay["rec_idx"][i]]
                    t.set_text(rec["name"] + (" ★" if rec["listed_as_cytokine"] else ""))
                    t.set_position((X_RECEPTOR, lay["rec_y"][i]))
                t.set_visible(i < len(lay["rec_idx"]))
            eff_dots.set_facecolors([on if a else ("0.85" if b else "white")
                                     for a, b in zip(result["effect_on"], result["other_on"])])
            first, _, _ = summary_text(network, result, params["family"], params["effect"]).partition("\n")
            head.set_text(textwrap.fill(first, 56))
            marks = []
            labels = network.ligands.loc[result["ligand_on"]]
            if labels["loss_favours"].any():
                marks.append("† anti-tumour: its loss favours metastasis")
            if network.receptors.loc[result["receptor_on"], "listed_as_cytokine"].any():
                marks.append("★ a receptor the review lists as a cytokine (MET-49)")
            note.set_text("\n".join(marks))

        return update

    def alt(params: dict, result: dict) -> str:
        first, _, names = summary_text(network, result, params["family"], params["effect"]).partition("\n")
        lay = result["layout"]
        pairs = [f"{network.ligands.iloc[l]['label']} → {network.receptors.iloc[r]['name']}"
                 for l, r in zip(network.lr_ligand[result["lr_on"]], network.lr_receptor[result["lr_on"]])]
        others = [ROLE_LABELS[r] for r, o in zip(ROLES, result["other_on"]) if o]
        text = (f"Network of ligands, receptors and effects on metastasis for {first[:-1]}. Axes: "
                f"{'; '.join(pairs) if pairs else 'none'}.")
        if others:
            text += f" The same factors also reach: {', '.join(others)} (dotted grey)."
        return text + f" ({len(lay['rec_idx'])} receptor boxes drawn.)"

    return Explorer(
        name="signals-network",
        controls=[
            Control("family", "axis family", FAMILIES, initial="CXC chemokines"),
            Control("effect", "effect on metastasis", effects, initial="organotropism or niche"),
        ],
        model=model,
        setup=setup,
        alt=alt,
        figsize=(6.2, 6.2),
        caption="Choose a family of signals and an effect on metastasis. The network shows the factors of that family "
        "with a role in that effect, their receptors (dashed: named by the book's curators, not the review) and, "
        "dotted grey, the other effects the same factors have. Data: cytokines_chemokines, from the metastasis review.",
    )


# -- the organ figure ------------------------------------------------------------------------------
ORGAN_ORDER = ("lymph node", "lung", "bone", "liver", "brain")


def plot_organ_addresses(ax, addresses: pd.DataFrame) -> None:
    """Organs in columns; under each, the chemokine axes (filled boxes) and exosomal integrins
    (hatched boxes) that the two datasets tie to it. Kinds are told apart by hatch and text."""
    from matplotlib.patches import FancyBboxPatch

    from .. import style

    _require(addresses, ["organ", "kind", "signal"], "organ address")
    organs = [o for o in ORGAN_ORDER if o in set(addresses["organ"])]
    extra = sorted(set(addresses["organ"]) - set(ORGAN_ORDER))
    organs += extra
    kinds = {"chemokine or cytokine axis": (style.colour("sky_blue"), ""),
             "exosomal integrin": (style.colour("orange"), "///")}
    width = 1.0 / len(organs)
    deepest = 0
    for j, organ in enumerate(organs):
        x = (j + 0.5) * width
        ax.text(x, 1.0, organ, ha="center", va="bottom", fontsize=11, fontweight="bold")
        group = addresses[addresses["organ"] == organ]
        group = group.assign(_k=group["kind"].map({k: i for i, k in enumerate(kinds)})).sort_values(["_k", "signal"])
        for i, (_, row) in enumerate(group.iterrows()):
            colour, hatch = kinds.get(row["kind"], ("0.9", ""))
            y = 0.92 - i * 0.11
            ax.add_patch(FancyBboxPatch((x - width * 0.46, y - 0.047), width * 0.92, 0.094,
                                        boxstyle="round,pad=0.004,rounding_size=0.01", facecolor=colour,
                                        edgecolor="0.3", lw=0.7, hatch=hatch, alpha=0.9))
            ax.text(x, y, row["signal"].replace(" → ", "\n→ ") if len(row["signal"]) > 13 else row["signal"],
                    ha="center", va="center", fontsize=10.5, linespacing=0.95,
                    bbox=dict(boxstyle="round,pad=0.08", facecolor="white", edgecolor="none", alpha=0.85) if hatch else None)
            deepest = max(deepest, i + 1)
    ax.set_xlim(0, 1)
    ax.set_ylim(0.92 - deepest * 0.11 + 0.04, 1.07)
    ax.set_axis_off()
    from matplotlib.patches import Patch

    ax.legend(handles=[Patch(facecolor=c, edgecolor="0.3", hatch=h, label=k) for k, (c, h) in kinds.items()],
              loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=2, fontsize=10.5, frameon=False)


# -- NETs -----------------------------------------------------------------------------------------
#: The three acts of a NET in metastasis, each a list of (step, source keys). Drawn by
#: :func:`plot_net_sequence`; the page's prose cites the same keys.
NET_STEPS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("1 · a neutrophil\ncasts a NET", (
        ("a trigger: microbes,\ninflammation, or cancer\ncells and CAFs", "brinkmann2004neutrophil; yang2021neutrophil"),
        ("PAD4 citrullinates\nhistones; the\nchromatin unpacks", "wang2009histone; li2010pad4"),
        ("a web of DNA and\nhistones, carrying\nelastase and MMP9", "brinkmann2004neutrophil; albrengues2018neutrophil"),
    )),
    ("2 · the NET traps\ncirculating cells", (
        ("CTCs stick to NETs:\nβ1 integrin\non both", "najmeh2017neutrophil"),
        ("trapped CTCs seed\nmore metastases\n(mice)", "coolslartigue2013neutrophil"),
    )),
    ("3 · the NET wakes\na dormant cell", (
        ("sustained lung\ninflammation (smoke,\nLPS; mice)", "albrengues2018neutrophil"),
        ("elastase, then MMP9,\ncut laminin", "albrengues2018neutrophil"),
        ("cut laminin engages\nα3β1: FAK, ERK,\nMLCK, YAP", "albrengues2018neutrophil"),
        ("the dormant cell\ndivides again", "albrengues2018neutrophil"),
    )),
)


def plot_net_sequence(ax) -> None:
    """Three columns of boxes and arrows: NET formation, CTC trapping, dormant-cell awakening."""
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    from .. import style

    colours = [style.colour("sky_blue"), style.colour("orange"), style.colour("bluish_green")]
    n = len(NET_STEPS)
    width = 1.0 / n
    for j, (title, steps) in enumerate(NET_STEPS):
        x = (j + 0.5) * width
        ax.text(x, 0.99, title, ha="center", va="top", fontsize=10.5, fontweight="bold", linespacing=1.0)
        ys = np.linspace(0.76, 0.09, 4)[: len(steps)]
        for k, ((text, _keys), y) in enumerate(zip(steps, ys)):
            ax.add_patch(FancyBboxPatch((x - width * 0.45, y - 0.08), width * 0.9, 0.16,
                                        boxstyle="round,pad=0.006,rounding_size=0.02", facecolor=colours[j],
                                        edgecolor="0.3", lw=0.8, alpha=0.35 + 0.15 * k))
            ax.text(x, y, text, ha="center", va="center", fontsize=10.5, linespacing=1.0)
            if k + 1 < len(steps):
                ax.add_patch(FancyArrowPatch((x, y - 0.083), (x, ys[k + 1] + 0.083), arrowstyle="-|>",
                                             mutation_scale=10, color="0.25", lw=1.0))
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_axis_off()


# -- extracellular vesicles -----------------------------------------------------------------------
#: What tumour EVs carry, to whom, and what follows (§ 2.2.7 and the studies it cites), one per study.
EV_FINDINGS: tuple[dict, ...] = (
    {"vesicles from": "breast cancer cells", "cargo": "not specified", "received by": "lung fibroblasts (in the review's account)",
     "what follows": "lung mechanics change in ways that favour colonization", "organ": "lung",
     "study": "barenholzcohen2020lung"},
    {"vesicles from": "bladder cancer cells", "cargo": "lncRNA ELNAT1 (loaded by SUMOylation)",
     "received by": "lymphatic endothelial cells", "what follows": "lymph node metastasis", "organ": "lymph node",
     "study": "chen2021sumoylation"},
    {"vesicles from": "highly metastatic nasopharyngeal carcinoma cells", "cargo": "EGFR",
     "received by": "poorly metastatic nasopharyngeal carcinoma cells",
     "what follows": "PI3K/AKT activity rises, ROS fall, the cells become more metastatic", "organ": "—",
     "study": "li2020egfrrich"},
    {"vesicles from": "brain-tropic cancer cells", "cargo": "CEMIP", "received by": "brain tissue",
     "what follows": "colonization of the brain", "organ": "brain", "study": "rodrigues2019tumour"},
    {"vesicles from": "tumour cells", "cargo": "the vesicles themselves", "received by": "brain endothelium",
     "what follows": "they cross an intact blood–brain barrier by transcytosis (MET-84)", "organ": "brain",
     "study": "morad2019tumorderived"},
    {"vesicles from": "hepatocellular carcinoma cells", "cargo": "nidogen 1 (NID1)",
     "received by": "lung endothelium and lung fibroblasts",
     "what follows": "more angiogenesis and leakier vessels; fibroblasts secrete TNFR1; lung colonization",
     "organ": "lung", "study": "mao2020nidogen"},
    {"vesicles from": "bone-metastatic cancer cells", "cargo": "osteolytic effectors (small EVs)",
     "received by": "the bone niche", "what follows": "cancer-induced osteolysis", "organ": "bone",
     "study": "ma2021small"},
    {"vesicles from": "organotropic cancer cells", "cargo": "integrins (α6β4, α6β1, αvβ5, β3)",
     "received by": "resident cells of lung, liver or brain", "what follows": "a pre-metastatic niche in that organ",
     "organ": "lung, liver, brain", "study": "hoshino2015tumour"},
)


def ev_table() -> pd.DataFrame:
    """:data:`EV_FINDINGS` for display, each study as a short citation."""
    from .. import references

    frame = pd.DataFrame(list(EV_FINDINGS))
    frame["study"] = frame["study"].map(references.short_cite)
    return frame.set_index("vesicles from")


# -- the page's figures, sized for a phone column (style.check_phone_legible) ----------------


def full_network_figure(network: Network):
    """The page's static figure of :func:`draw_full_network`, 6.2 in wide."""
    return page_figure(draw_full_network, network, height=9.6, margins=dict(left=0.01, right=0.99, top=0.99, bottom=0.01))[0]


def organ_addresses_figure(addresses: pd.DataFrame):
    """The page's figure of :func:`plot_organ_addresses` (give it :func:`organ_addresses`)."""
    return page_figure(plot_organ_addresses, addresses, height=4.6, margins=dict(left=0.01, right=0.99, top=0.93, bottom=0.1))[0]


def net_sequence_figure():
    """The page's figure of :func:`plot_net_sequence`."""
    return page_figure(plot_net_sequence, height=5.2, margins=dict(left=0.01, right=0.99, top=0.99, bottom=0.01))[0]
