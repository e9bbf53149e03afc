"""The code of ``book/integrins/structure.md``: the α × β pairing matrix, the drawing of an
integrin's domains and three conformations, the occupancy figure and the occupancy explorer.

The occupancy figure and explorer draw :mod:`metastasis.models.occupancy`, the linked-equilibrium
model of Li et al. 2017 (``li2017conformational``), with the fixed-pool model as a named contrast.
The domain drawing follows Campbell & Humphries 2011 (``campbell2011integrin``) for the domains and
metal sites, and Ma et al. 2008 (``ma2008kindlin2``) for the talin and kindlin sites on the β tail.
"""

from __future__ import annotations

import re

import pandas as pd
import numpy as np
from matplotlib.patches import Circle, Ellipse, FancyBboxPatch, Patch, Polygon, Rectangle

from .. import style
from ..explorer import Control, Explorer, animate
from ..models import occupancy as occ
from ..page_figure import page_figure

__all__ = [
    "ALPHA_ORDER",
    "BETA_ORDER",
    "CONFORMATIONS",
    "pairing_matrix",
    "plot_pairing_matrix",
    "pairing_matrix_figure",
    "partners",
    "domain_figure",
    "plot_architecture",
    "plot_conformation",
    "occupancy_figure",
    "format_multiple",
    "OPEN_PERCENTS",
    "INTEGRIN_RATIOS",
    "occupancy_explorer",
]

ALPHA_ORDER = ["α1", "α2", "α10", "α11", "α3", "α6", "α7", "α5", "α8", "αv", "αIIb", "α4", "α9", "αE", "αL", "αM", "αX", "αD"]
BETA_ORDER = ["β1", "β2", "β3", "β4", "β5", "β6", "β7", "β8"]
_CLASS_MARK = {"RGD": "R", "collagen": "C", "laminin": "L", "leukocyte/other": "O"}


def _require_columns(frame: pd.DataFrame, columns: list[str]) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"expected a DataFrame of heterodimers, got {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise KeyError(f"heterodimer table lacks column(s) {missing}")


def pairing_matrix(heterodimers: pd.DataFrame) -> pd.DataFrame:
    """α subunits × β subunits, each cell the ligand class of that heterodimer (empty: no pair)."""
    _require_columns(heterodimers, ["alpha", "beta", "ligand_class"])
    unknown = sorted(set(heterodimers["alpha"].astype(str)) - set(ALPHA_ORDER)) + sorted(
        set(heterodimers["beta"].astype(str)) - set(BETA_ORDER)
    )
    if unknown:
        raise ValueError(f"unknown subunit(s) in the heterodimer table: {unknown}")
    dup = heterodimers.duplicated(subset=["alpha", "beta"])
    if dup.any():
        row = heterodimers[dup].iloc[0]
        raise ValueError(f"pair {row['alpha']}{row['beta']} appears twice")
    matrix = pd.DataFrame(pd.NA, index=ALPHA_ORDER, columns=BETA_ORDER, dtype="object")
    for row in heterodimers.itertuples(index=False):
        matrix.loc[str(row.alpha), str(row.beta)] = str(row.ligand_class)
    return matrix


def partners(heterodimers: pd.DataFrame, subunit: str) -> list[str]:
    """The subunits that pair with ``subunit`` (e.g. ``partners(h, "αv")`` → the five β partners)."""
    _require_columns(heterodimers, ["alpha", "beta"])
    if not isinstance(subunit, str) or not re.fullmatch(r"[αβ][0-9A-Za-z]+", subunit):
        raise ValueError(f"not an integrin subunit name: {subunit!r} (write e.g. 'αv' or 'β1')")
    if subunit.startswith("α"):
        found = heterodimers.loc[heterodimers["alpha"].astype(str) == subunit, "beta"]
        order = BETA_ORDER
    else:
        found = heterodimers.loc[heterodimers["beta"].astype(str) == subunit, "alpha"]
        order = ALPHA_ORDER
    found = set(found.astype(str))
    if not found and subunit not in ALPHA_ORDER + BETA_ORDER:
        raise ValueError(f"unknown subunit {subunit!r}")
    return [s for s in order if s in found]


def plot_pairing_matrix(ax, heterodimers: pd.DataFrame) -> None:
    """Draw the pairing matrix: a coloured, lettered square for each of the heterodimers."""
    matrix = pairing_matrix(heterodimers)
    for i, alpha in enumerate(matrix.index):
        for j, beta in enumerate(matrix.columns):
            cls = matrix.loc[alpha, beta]
            if pd.isna(cls):
                ax.add_patch(Rectangle((j, i), 1, 1, facecolor="white", edgecolor="0.85", lw=0.6))
                continue
            ax.add_patch(
                Rectangle(
                    (j, i), 1, 1, facecolor=style.LIGAND_CLASS_COLOURS[cls], edgecolor="white", lw=1.5
                )
            )
            ax.text(j + 0.5, i + 0.5, _CLASS_MARK[cls], ha="center", va="center", color="white", fontsize=10.5, fontweight="bold")
    ax.set_xlim(0, len(matrix.columns))
    ax.set_ylim(len(matrix.index), 0)
    ax.set_xticks([j + 0.5 for j in range(len(matrix.columns))], matrix.columns)
    ax.set_yticks([i + 0.5 for i in range(len(matrix.index))], matrix.index)
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_aspect("equal")
    counts = matrix.stack().value_counts()
    handles = [
        Patch(facecolor=colour, label=f"{_CLASS_MARK[cls]} = {cls} ({int(counts.get(cls, 0))})")
        for cls, colour in style.LIGAND_CLASS_COLOURS.items()
    ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.03, 1.0), fontsize=10.5, title="ligand class",
              title_fontsize=10.5, handlelength=1.2, handletextpad=0.5)


def pairing_matrix_figure(heterodimers: pd.DataFrame):
    """The page's figure of :func:`plot_pairing_matrix`: 6.2 in wide, the legend beside the matrix."""
    return page_figure(plot_pairing_matrix, heterodimers, height=7.6, margins=dict(left=0.09, right=0.6, top=0.95, bottom=0.01))[0]




# -- the integrin drawn: domains and conformations ----------------------------------------------

#: The three overall conformations (Li et al. 2017), with what the page says about each.
CONFORMATIONS = ("bent-closed", "extended-closed", "extended-open")

_ALPHA_FILL, _BETA_FILL = "#BFE3F7", "#F7D9A6"  # light sky blue and light orange (Okabe–Ito tints)
_ALPHA_EDGE, _BETA_EDGE = style.colour("blue"), "#8A5A00"


def _rotate(points, angle_deg: float, about) -> np.ndarray:
    theta = np.deg2rad(angle_deg)
    rot = np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])
    pts = np.atleast_2d(np.asarray(points, dtype=float)) - np.asarray(about, dtype=float)
    return pts @ rot.T + np.asarray(about, dtype=float)


_SWING_DEG = 50.0  # hybrid-domain swing-out on opening (a cartoon angle, not a measurement)
_BEND_DEG = 150.0  # fold at the knees (genu) in the bent form (a cartoon angle)
_XB = 1.25          # the β leg's x, relative to the α leg


def _domains(pose: str, *, alpha_i: bool = False) -> tuple[list[dict], float]:
    """Centre, size and angle of each domain for one pose, in a frame with the membrane at y 0–0.6.

    Returns the parts and the x of the β transmembrane helix (the β leg moves out on opening).
    """
    if pose not in CONFORMATIONS:
        raise ValueError(f"pose must be one of {CONFORMATIONS}, got {pose!r}")
    xa, xb = 0.0, _XB
    parts = [
        # α chain, membrane upwards
        dict(name="calf-2", chain="α", kind="box", xy=(xa, 1.25), w=0.62, h=0.95, upper=False),
        dict(name="calf-1", chain="α", kind="box", xy=(xa, 2.3), w=0.62, h=0.95, upper=False),
        dict(name="thigh", chain="α", kind="box", xy=(xa, 3.45), w=0.66, h=0.95, upper=True),
        dict(name="β-propeller", chain="α", kind="round", xy=(xa + 0.1, 4.75), w=1.35, h=1.35, upper=True),
        # β chain, membrane upwards
        dict(name="β-tail", chain="β", kind="box", xy=(xb, 1.05), w=0.6, h=0.6, upper=False, leg=True),
        dict(name="I-EGF4", chain="β", kind="box", xy=(xb, 1.65), w=0.5, h=0.5, upper=False, leg=True),
        dict(name="I-EGF3", chain="β", kind="box", xy=(xb, 2.15), w=0.5, h=0.5, upper=False, leg=True),
        dict(name="I-EGF2", chain="β", kind="box", xy=(xb, 2.65), w=0.5, h=0.5, upper=False, leg=True),
        dict(name="I-EGF1", chain="β", kind="box", xy=(xb + 0.05, 3.2), w=0.5, h=0.5, upper=True, swing=True),
        dict(name="PSI", chain="β", kind="box", xy=(xb + 0.6, 3.75), w=0.42, h=0.42, upper=True, swing=True),
        dict(name="hybrid", chain="β", kind="box", xy=(xb + 0.2, 4.0), w=0.8, h=0.75, upper=True, swing=True),
        dict(name="βI", chain="β", kind="round", xy=(xb - 0.05, 4.85), w=1.15, h=1.15, upper=True),
    ]
    if alpha_i:
        parts.append(dict(name="αI", chain="α", kind="round", xy=(xa - 0.35, 5.78), w=0.72, h=0.72, upper=True,
                          optional=True))
    tm_b = xb
    if pose == "extended-open":
        # the hybrid domain swings out from βI, taking PSI and I-EGF1 with it; the β leg follows
        pivot = (xb + 0.1, 4.45)
        before = next(p["xy"] for p in parts if p["name"] == "I-EGF1")
        for p in parts:
            if p.get("swing"):
                p["xy"] = tuple(_rotate(p["xy"], _SWING_DEG, pivot)[0])
                p["angle"] = _SWING_DEG
        after = next(p["xy"] for p in parts if p["name"] == "I-EGF1")
        shift = after[0] - before[0]
        for p in parts:
            if p.get("leg"):
                p["xy"] = (p["xy"][0] + shift, p["xy"][1])
        tm_b = xb + shift
    elif pose == "bent-closed":
        knee = (xa - 0.35, 2.9)
        for p in parts:
            if p["upper"]:
                p["xy"] = tuple(_rotate(p["xy"], _BEND_DEG, knee)[0])
                p["angle"] = _BEND_DEG
    return parts, tm_b


_THREADS = (("calf-2", "calf-1", "thigh", "β-propeller", "αI"),
            ("β-tail", "I-EGF4", "I-EGF3", "I-EGF2", "I-EGF1", "hybrid", "βI"),
            ("PSI", "hybrid"))


def _draw_patch(ax, part, dx, fill, edge, zorder=2):
    x, y = part["xy"][0] + dx, part["xy"][1]
    angle = part.get("angle", 0.0)
    ls = "--" if part.get("optional") else "-"
    if part["kind"] == "round":
        patch = Ellipse((x, y), part["w"], part["h"], angle=angle, facecolor=fill, edgecolor=edge, lw=1.2, ls=ls,
                        zorder=zorder)
    else:
        patch = Rectangle((x - part["w"] / 2, y - part["h"] / 2), part["w"], part["h"], facecolor=fill, edgecolor=edge,
                          lw=1.2, zorder=zorder)
        if angle:
            from matplotlib.transforms import Affine2D

            patch.set_transform(Affine2D().rotate_deg_around(x, y, angle) + ax.transData)
    ax.add_patch(patch)
    return x, y


def plot_conformation(ax, pose: str, dx: float = 0.0, *, ligand: bool = True, alpha_i: bool = False,
                      adaptors: bool | None = None, adaptor_labels: bool = True) -> dict:
    """Draw one integrin in ``pose`` (one of :data:`CONFORMATIONS`) with its α leg at x = ``dx``.

    Returns the centre of each domain drawn (name → (x, y)), for labels; the membrane is not drawn.
    Talin and kindlin are drawn on the β tail of the extended-open form (``adaptors`` overrides);
    the αI domain (``alpha_i``) only where asked, since α5β1 and most α chains lack it.
    """
    parts, tm_b = _domains(pose, alpha_i=alpha_i)
    centres = {}
    for part in parts:
        centres[part["name"]] = (part["xy"][0] + dx, part["xy"][1])
    for chain in _THREADS:
        pts = [centres[n] for n in chain if n in centres]
        ax.plot([p[0] for p in pts], [p[1] for p in pts], color="0.35", lw=1.6, zorder=1.5, solid_capstyle="round")
    ax.plot([dx, centres["calf-2"][0]], [0.6, centres["calf-2"][1]], color="0.35", lw=1.6, zorder=1.5)
    ax.plot([dx + tm_b, centres["β-tail"][0]], [0.6, centres["β-tail"][1]], color="0.35", lw=1.6, zorder=1.5)
    for part in parts:
        fill, edge = (_ALPHA_FILL, _ALPHA_EDGE) if part["chain"] == "α" else (_BETA_FILL, _BETA_EDGE)
        _draw_patch(ax, part, dx, fill, edge, zorder=3 if part["kind"] == "round" else 2)
    xa, xb = dx, dx + tm_b
    for x, colour in ((xa, _ALPHA_EDGE), (xb, _BETA_EDGE)):
        ax.add_patch(Rectangle((x - 0.09, -0.05), 0.18, 0.7, facecolor=colour, edgecolor="none", zorder=4))
    if pose == "extended-open":  # tails apart
        ax.plot([xa, xa - 0.1], [-0.05, -0.6], color=_ALPHA_EDGE, lw=2.4, zorder=4)
        ax.plot([xb, xb + 0.05, xb], [-0.05, -0.75, -1.45], color=_BETA_EDGE, lw=2.4, zorder=4)
        centres["α tail"], centres["β tail"] = (xa - 0.1, -0.6), (xb, -1.45)
    else:  # tails clasped together just below the membrane
        mid = (xa + xb) / 2
        ax.plot([xa, mid - 0.1], [-0.05, -0.6], color=_ALPHA_EDGE, lw=2.4, zorder=4)
        ax.plot([xb, mid + 0.1, mid + 0.1], [-0.05, -0.6, -1.35], color=_BETA_EDGE, lw=2.4, zorder=4)
        centres["α tail"], centres["β tail"] = (mid - 0.1, -0.6), (mid + 0.1, -1.35)
    if adaptors if adaptors is not None else pose == "extended-open":
        tx = centres["β tail"][0] - 0.14 - 1.25  # between the separated tails
        for name, y, colour, ls in (("talin", -0.55, style.colour("bluish_green"), "-"),
                                    ("kindlin", -1.25, style.colour("reddish_purple"), "--")):
            ax.add_patch(FancyBboxPatch((tx, y - 0.25), 1.25, 0.5, boxstyle="round,pad=0.03", facecolor="white",
                                        edgecolor=colour, lw=1.4, ls=ls, zorder=5))
            if adaptor_labels:
                ax.text(tx + 0.62, y, name, ha="center", va="center", fontsize=10.5, zorder=6)
            centres[name] = (tx + 1.25, y)
    # the ligand pocket sits where the β-propeller meets βI; the MIDAS metal ion coordinates the ligand's Asp
    px, py = centres["β-propeller"]
    bx, by = centres["βI"]
    up = np.array([bx - px, by - py])
    normal = np.array([-up[1], up[0]]) / (np.hypot(*up) or 1.0)
    if normal[1] < 0:
        normal = -normal
    site = np.array([(px + bx) / 2, (py + by) / 2]) + 0.55 * normal
    centres["site"] = tuple(site)
    if ligand and pose == "extended-open":
        tip = site + 0.05 * normal
        base = site + 0.6 * normal
        side = np.array([normal[1], -normal[0]]) * 0.28
        ax.add_patch(Polygon([base - side, base + side, tip], closed=True, facecolor=style.colour("vermillion"),
                             edgecolor="black", lw=0.8, zorder=6))
    midas = np.array([bx, by]) + 0.3 * normal - 0.05 * up / (np.hypot(*up) or 1.0)
    for k, offset in enumerate((0.0, 0.24, -0.24)):  # MIDAS, ADMIDAS, SyMBS
        centre = midas + offset * np.array([normal[1], -normal[0]]) - abs(offset) * 0.4 * normal
        ax.add_patch(Circle(tuple(centre), 0.075, facecolor="black" if k == 0 else "0.45", edgecolor="none", zorder=7))
    centres["MIDAS"] = tuple(midas)
    return centres


def _membrane(ax, x0: float, x1: float) -> None:
    ax.add_patch(Rectangle((x0, 0.0), x1 - x0, 0.6, facecolor="0.88", edgecolor="none", zorder=1))
    ax.plot([x0, x1], [0.6, 0.6], color="0.6", lw=0.8, zorder=1)
    ax.plot([x0, x1], [0.0, 0.0], color="0.6", lw=0.8, zorder=1)


def plot_architecture(ax) -> None:
    """One extended-open integrin with every domain, metal site and tail motif labelled."""
    _membrane(ax, -3.3, 6.6)
    c = plot_conformation(ax, "extended-open", dx=0.0, alpha_i=True)
    label = dict(fontsize=10.5, va="center")
    left = [
        ("αI domain: in 9 of the 18\nα chains (the collagen\nreceptors among them)", "αI", 6.95, (-0.33, 0.1)),
        ("β-propeller\n(seven blades)", "β-propeller", 4.75, (-0.62, 0.0)),
        ("thigh", "thigh", 3.45, (-0.33, 0.0)),
        ("genu (knee)", None, 2.87, (0.0, 0.0)),
        ("calf-1", "calf-1", 2.3, (-0.31, 0.0)),
        ("calf-2", "calf-2", 1.25, (-0.31, 0.0)),
        ("α tail (GFFKR)", "α tail", -0.6, (-0.05, 0.0)),
    ]
    for text, key, y, (ox, oy) in left:
        tx, ty = c[key] if key else (-0.3, 2.87)
        ax.annotate(text, xy=(tx + ox, ty + oy), xytext=(-3.2, y), ha="left", **label,
                    arrowprops=dict(arrowstyle="-", color="0.45", lw=0.7))
    right = [
        ("ligand (RGD motif)", "site", 6.6, (0.25, 0.35)),
        ("βI domain: metal sites\nMIDAS (Mg²⁺, black),\nADMIDAS, SyMBS", "MIDAS", 5.45, (0.2, 0.0)),
        ("PSI", "PSI", 4.5, (0.2, 0.0)),
        ("hybrid: swings out", "hybrid", 3.75, (0.3, -0.2)),
        ("I-EGF 1–4", "I-EGF3", 2.2, (0.25, 0.0)),
        ("β-tail domain", "β-tail", 1.1, (0.3, 0.0)),
        ("membrane-proximal\nNPxY (talin)", "talin", -0.45, (0.2, 0.0)),
        ("membrane-distal\nNxxY (kindlin)", "kindlin", -1.35, (0.2, 0.0)),
    ]
    for text, key, y, (ox, oy) in right:
        tx, ty = c[key]
        ax.annotate(text, xy=(tx + ox, ty + oy), xytext=(3.55, y), ha="left", **label,
                    arrowprops=dict(arrowstyle="-", color="0.45", lw=0.7))
    ax.text(6.55, 0.3, "membrane", ha="right", va="center", fontsize=10.5, color="0.3")
    beta_x = c["β-tail"][0]
    ax.text(-0.22, 0.3, "α", ha="right", va="center", fontsize=12, fontweight="bold", color=_ALPHA_EDGE)
    ax.text(beta_x + 0.22, 0.3, "β", ha="left", va="center", fontsize=12, fontweight="bold", color=_BETA_EDGE)
    ax.set_xlim(-3.3, 6.6)
    ax.set_ylim(-1.8, 7.7)
    ax.set_aspect("equal")
    ax.set_axis_off()


_POSE_NOTES = {
    "bent-closed": "bent-closed\nlow affinity\n99.8 % of resting\nα5β1 (K562 cells)",
    "extended-closed": "extended-closed\nlow affinity\n(as bent-closed)",
    "extended-open": "extended-open\n~5,000× tighter\nfor fibronectin",
}


def domain_figure():
    """The book's integrin drawing: the labelled domains (top) and the three conformations (bottom)."""
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(6.2, 9.4))
    grid = fig.add_gridspec(2, 1, height_ratios=[1.0, 0.92], hspace=0.04)
    plot_architecture(fig.add_subplot(grid[0]))
    ax = fig.add_subplot(grid[1])
    left, right = -3.2, 10.1
    _membrane(ax, left, right)
    for k, pose in enumerate(CONFORMATIONS):
        dx = (0.0, 3.75, 7.3)[k]
        centres = plot_conformation(ax, pose, dx=dx, ligand=True, adaptor_labels=False)
        ax.text(dx + (0.2, 0.65, 1.1)[k], -2.05, _POSE_NOTES[pose], ha="center", va="top", fontsize=10.5, linespacing=1.15)
    for name, letter in (("talin", "T"), ("kindlin", "K")):
        x, y = centres[name]
        ax.text(x - 0.62, y, letter, ha="center", va="center", fontsize=10.5, zorder=6)
    for x in (1.9, 5.55):
        ax.annotate("", xy=(x + 0.8, 4.6), xytext=(x, 4.6), arrowprops=dict(arrowstyle="-|>", color="0.3", lw=1.2))
    ax.text((left + right) / 2, -4.7, "Extended-closed and extended-open together make up at most 0.2 %:\n"
            "an upper bound on the open share.", ha="center", va="top", fontsize=10.5, color="0.25")
    ax.set_xlim(left, right)
    ax.set_ylim(-5.9, 6.2)
    ax.set_aspect("equal")
    ax.set_axis_off()
    fig.subplots_adjust(left=0.01, right=0.99, top=0.995, bottom=0.005)
    return fig


# -- the occupancy figure and explorer ----------------------------------------------------------

def format_multiple(x: float) -> str:
    """A concentration multiple as a reader would write it: 4,980 or 70.7 or 1.0."""
    return f"{x:,.0f}" if x >= 100 else f"{x:.3g}"


def format_percent(p: float) -> str:
    """A percentage as a reader would write it: 0.02 %, 0.2 %, 5 %, 91 %."""
    return f"{p:.2g} %" if p < 1 else f"{p:.0f} %"


def occupancy_figure(open_fraction: float = occ.RESTING_OPEN_FRACTION_UPPER_BOUND):
    """Two panels: occupancy curves at the resting open fraction, and the half-occupancy point
    against the open fraction, for linked equilibria (α5β1 and α4β1 ratios) and the fixed-pool contrast."""
    import matplotlib.pyplot as plt

    c = occ.CONCENTRATIONS
    r = occ.AFFINITY_RATIO_OPEN_VS_CLOSED
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(6.2, 8.6), gridspec_kw=dict(hspace=0.75, height_ratios=[1.0, 1.0]))
    top.semilogx(c, occ.occupancy(c, 1.0), ls="--", color=style.colour("vermillion"), label="all extended-open")
    top.semilogx(c, occ.occupancy(c, r), ls=":", lw=3, color=style.colour("blue"), label="all closed")
    top.semilogx(c, occ.linked_occupancy(c, open_fraction), color="black", lw=2.2,
                 label=f"resting cell, {format_percent(100 * open_fraction)} open:\nlinked equilibria")
    top.semilogx(c, occ.fixed_pool_occupancy(c, open_fraction), ls="-.", color="0.5", lw=1.6,
                 label="contrast: pools that\ncannot exchange")
    k_app, k_fixed = occ.apparent_kd(open_fraction), occ.fixed_pool_half_occupancy(open_fraction)
    top.axhline(0.5, color="0.7", lw=0.8)
    for x, ls in ((k_app, "-"), (k_fixed, "-.")):
        top.plot([x], [0.5], marker="o", ms=7, color="black" if ls == "-" else "0.5", zorder=5)
    top.annotate(f"{format_multiple(k_app)}×", xy=(k_app, 0.5), xytext=(k_app / 9, 0.63), fontsize=10.5,
                 arrowprops=dict(arrowstyle="-", color="0.3", lw=0.8))
    top.annotate(f"{format_multiple(k_fixed)}×", xy=(k_fixed, 0.5), xytext=(k_fixed * 2.2, 0.32), fontsize=10.5,
                 color="0.35", arrowprops=dict(arrowstyle="-", color="0.5", lw=0.8))
    style.fixed_log_ticks(top, -2, 5)
    top.set(xlabel="ligand (multiples of the open state's Kd)", ylabel="fraction of integrins bound", ylim=(0, 1.02))
    top.legend(fontsize=10.5, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, handlelength=2.0)
    top.set_title("Occupancy of resting α5β1", fontsize=11.5)

    f = np.logspace(-4, 0, 161)
    bottom.loglog(100 * f, [occ.half_occupancy_concentration(x) for x in f], color="black", lw=2.2,
                  label="linked, α5β1 (R = 5,000)")
    bottom.loglog(100 * f, [occ.half_occupancy_concentration(x, occ.AFFINITY_RATIO_A4B1) for x in f], ls="--",
                  color=style.colour("orange"), lw=2.2, label="linked, α4β1 (R ≈ 700)")
    bottom.loglog(100 * f, [occ.fixed_pool_half_occupancy(x) for x in f], ls="-.", color="0.5", lw=1.6,
                  label="contrast: fixed pools, R = 5,000")
    bottom.axvline(100 * open_fraction, color=style.colour("bluish_green"), lw=1.2)
    bottom.text(100 * open_fraction * 1.15, 12, "resting K562:\nat most 0.2 %", fontsize=10.5,
                color=style.colour("bluish_green"), va="bottom")
    style.fixed_log_ticks(bottom, -2, 2)
    style.fixed_log_ticks(bottom, 0, 4, axis="y")
    bottom.set(xlabel="integrins in the extended-open state (%)", ylabel="ligand for half occupancy\n(× open-state Kd)",
               xlim=(1e-2, 100), ylim=(0.8, 8000))
    bottom.legend(fontsize=10.5, loc="lower left")
    bottom.set_title("How activation lowers the ligand needed", fontsize=11.5)
    for ax in (top, bottom):
        ax.tick_params(labelsize=10.5)
    fig.subplots_adjust(left=0.17, right=0.97, top=0.965, bottom=0.07)
    return fig


#: The open fractions the explorer offers (percent of receptors extended-open).
OPEN_PERCENTS = (0.02, 0.1, 0.2, 1, 2, 5, 20, 100)
#: The affinity ratios it offers, by integrin (li2017conformational; li2018integrin).
INTEGRIN_RATIOS = {"α5β1 (R = 5,000)": occ.AFFINITY_RATIO_OPEN_VS_CLOSED, "α4β1 (R ≈ 700)": occ.AFFINITY_RATIO_A4B1}


def occupancy_explorer() -> Explorer:
    """How far does inside-out activation lower the ligand needed to occupy half the integrins?"""

    c = occ.CONCENTRATIONS

    def model(percent_open: float, integrin: str) -> dict:
        f, ratio = percent_open / 100.0, INTEGRIN_RATIOS[integrin]
        return {
            "closed": occ.occupancy(c, ratio),
            "theta": occ.linked_occupancy(c, f, ratio),
            "fixed": occ.fixed_pool_occupancy(c, f, ratio),
            "ec50": occ.half_occupancy_concentration(f, ratio),
            "ec50_fixed": occ.fixed_pool_half_occupancy(f, ratio),
            "bound_open": occ.bound_open_share(f, ratio),
        }

    def setup(fig, ax):
        ax.semilogx(c, occ.occupancy(c, 1.0), ls="--", color=style.colour("vermillion"), label="all open")
        (closed,) = ax.semilogx(c, c * 0, ls=":", lw=3, color=style.colour("blue"), label="all closed")
        (fixed,) = ax.semilogx(c, c * 0, ls="-.", lw=1.4, color="0.55", label="fixed pools (contrast)")
        (mix,) = ax.semilogx(c, c * 0, color="black", lw=2.2, label="this cell (linked)")
        marker = ax.axvline(1.0, color=style.colour("bluish_green"), lw=1.5)
        text = ax.text(0.02, 0.97, "", transform=ax.transAxes, va="top", fontsize=10.5, linespacing=1.2,
                       bbox=dict(boxstyle="round", facecolor="white", edgecolor="0.85"))
        animate(closed, fixed, mix, marker, text)
        ax.axhline(0.5, color="0.6", lw=0.8)
        style.fixed_log_ticks(ax, -2, 5)
        ax.set_xlabel("ligand (multiples of the open state's Kd)")
        ax.set_ylabel("fraction of integrins bound")
        ax.set_ylim(0, 1.02)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.17), ncol=2, fontsize=10.5, handlelength=2.2)
        fig.tight_layout()

        def update(data, params):
            closed.set_ydata(data["closed"])
            fixed.set_ydata(data["fixed"])
            mix.set_ydata(data["theta"])
            marker.set_xdata([data["ec50"], data["ec50"]])
            text.set_text(
                f"{format_percent(params['percent_open'])} open, {params['integrin'].split(' ')[0]}:\n"
                f"half-bound at {format_multiple(data['ec50'])}× Kd\n"
                f"{data['bound_open']:.0%} of bound integrins open\n"
                f"(fixed pools: {format_multiple(data['ec50_fixed'])}×)"
            )

        return update

    def alt(params, data):
        return (
            f"Semi-log plot of the fraction of integrins bound against ligand concentration for "
            f"{params['integrin']}. With {format_percent(params['percent_open'])} of receptors extended-open and "
            f"conformations in linked equilibrium, the cell's curve is a single binding curve that reaches half "
            f"occupancy at {format_multiple(data['ec50'])} times the open state's Kd, and "
            f"{data['bound_open']:.0%} of the bound receptors are open. A grey contrast curve, for pools that "
            f"could not exchange, reaches half occupancy only at {format_multiple(data['ec50_fixed'])} times."
        )

    return Explorer(
        name="integrin-occupancy",
        controls=[
            Control("percent_open", "integrins extended-open (%)", OPEN_PERCENTS, initial=0.2, fmt="{:g} %"),
            Control("integrin", "integrin (affinity ratio R)", list(INTEGRIN_RATIOS)),
        ],
        model=model,
        setup=setup,
        alt=alt,
        caption="Move the slider to hold more integrins extended-open (inside-out activation), and switch "
        "between α5β1 and α4β1. The green line marks the ligand that occupies half the receptors; the grey "
        "curve is what fixed pools that never exchange would do.",
        figsize=(6.2, 4.7),
    )
