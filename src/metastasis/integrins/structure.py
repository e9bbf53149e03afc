"""The code of ``book/integrins/structure.md``: the α × β pairing matrix, and the occupancy explorer."""

from __future__ import annotations

import re

import pandas as pd
from matplotlib.patches import Patch, Rectangle

from .. import style
from ..explorer import Control, Explorer, animate
from ..models import occupancy as occ

__all__ = ["ALPHA_ORDER", "BETA_ORDER", "pairing_matrix", "plot_pairing_matrix", "partners", "format_multiple", "occupancy_explorer"]

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
            ax.text(j + 0.5, i + 0.5, _CLASS_MARK[cls], ha="center", va="center", color="white", fontsize=8, fontweight="bold")
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
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=9, title="ligand class")


def format_multiple(x: float) -> str:
    """A concentration multiple as a reader would write it: 4,980 or 70.7 or 1.0."""
    return f"{x:,.0f}" if x >= 100 else f"{x:.3g}"


def occupancy_explorer() -> Explorer:
    """How much does inside-out activation lower the ligand needed to occupy half the integrins?"""

    c = occ.CONCENTRATIONS

    def model(percent_open: float) -> dict:
        f = percent_open / 100.0
        return {
            "theta": occ.mixed_occupancy(c, f),
            "ec50": occ.half_occupancy_concentration(f),
        }

    def setup(fig, ax):
        ax.semilogx(c, occ.occupancy(c, 1.0), ls="--", color=style.colour("vermillion"), label="all high-affinity (open)")
        ax.semilogx(c, occ.occupancy(c, occ.AFFINITY_RATIO_OPEN_VS_CLOSED), ls=":", color=style.colour("blue"), label="all low-affinity (closed)")
        (mix,) = ax.semilogx(c, c * 0, color=style.colour("black"), label="this cell")
        marker = ax.axvline(1.0, color=style.colour("bluish_green"), lw=1.5)
        text = ax.text(0.02, 0.95, "", transform=ax.transAxes, va="top")
        animate(mix, marker, text)
        ax.axhline(0.5, color="0.6", lw=0.8)
        style.fixed_log_ticks(ax, -2, 5)
        ax.set_xlabel("ligand concentration (multiples of the high-affinity Kd)")
        ax.set_ylabel("fraction of integrins bound")
        ax.set_ylim(0, 1.02)
        ax.legend(loc="lower right", fontsize=10.5)
        fig.tight_layout()

        def update(data, params):
            value = params["percent_open"]
            mix.set_ydata(data["theta"])
            marker.set_xdata([data["ec50"], data["ec50"]])
            text.set_text(f"{value:g}% open → half-bound at {format_multiple(data['ec50'])} × Kd")

        return update

    def alt(params, data):
        value = params["percent_open"]
        return (
            f"Semi-log plot of the fraction of integrins bound against ligand concentration. With {value:g}% "
            f"of receptors in the high-affinity state, the cell's curve sits between the all-open and "
            f"all-closed curves and reaches half occupancy at {format_multiple(data['ec50'])} times the high-affinity Kd."
        )

    return Explorer(
        name="integrin-occupancy",
        controls=[Control("percent_open", "integrins in the high-affinity state (%)",
                          [0.2, 0.5, 1, 2, 5, 10, 20, 50, 100], initial=0.2, fmt="{:g} %")],
        model=model,
        setup=setup,
        alt=alt,
        caption="Drag the slider to hold more integrins in the open state (inside-out activation). "
        "Watch the green line: the ligand needed to occupy half the receptors.",
    )
