"""The code of ``book/microenvironment/immune.md``: the immune members of the TME as data, and the
tumour–immune phase plane of Kuznetsov et al. (1994) with its explorer.

The model itself lives in :mod:`metastasis.models.tumour_immune` (equations, parameters and their
status, fixed points, separatrix, folds in m). This module draws it:

- :func:`phase_plane_data` bundles what one view needs: nullclines, fixed points with their
  stability, the separatrix (stable manifold of the saddle, traced once per value of m and cached),
  and the trajectory from a chosen start;
- :func:`plot_phase_plane` draws the static phase portrait; :func:`fixed_point_branches` and
  :func:`plot_bifurcation` draw the tumour-bearing states against m;
- :func:`phase_explorer` is the page's explorer (controls: m and the initial tumour size);
- :func:`escape_margin_percent`, :func:`dormant_tumour_millions` and :func:`initial_growth_rate`
  are small numbers the quiz and the exercises check, computed by the model, never typed.

It also gives a reading view of the immune rows of ``tme_components`` (:func:`immune_rows`).
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pandas as pd

from .. import style
from ..table_view import format_columns
from ..explorer import Control, Explorer, animate
from ..models import inputs
from ..models import tumour_immune as ti
from ..page_figure import page_figure

__all__ = [
    "IMMUNE_COMPONENTS",
    "immune_rows",
    "split_items",
    "SPECTRUM",
    "plot_macrophage_spectrum",
    "M_VALUES",
    "M_UNIT",
    "T0_MILLIONS",
    "T_LIMITS",
    "E_LIMITS",
    "MARKERS",
    "separatrix",
    "phase_plane_data",
    "plot_phase_plane",
    "fixed_point_branches",
    "plot_bifurcation",
    "parameter_table",
    "fixed_point_table",
    "fixed_point_table_view",
    "dormant_spiral_times",
    "dormant_decay_days",
    "dormant_period_days",
    "escape_threshold_millions",
    "hysteresis",
    "saddle_nodes",
    "escape_margin_percent",
    "critical_m_percent_of_published",
    "dormancy_margin_percent",
    "dormant_tumour_millions",
    "escape_tumour_millions",
    "capacity_millions",
    "initial_growth_rate",
    "initial_doubling_days",
    "describe_view",
    "phase_explorer",
    "macrophage_spectrum_figure",
    "phase_plane_figure",
    "bifurcation_figure",
]

# -- the immune rows of tme_components ----------------------------------------------------------

#: The components of ``tme_components`` this chapter teaches, in the order it teaches them.
IMMUNE_COMPONENTS: tuple[str, ...] = (
    "tumour-associated macrophages (TAMs)",
    "regulatory T cells (Tregs)",
    "neutrophils (tumour-associated neutrophils)",
    "myeloid-derived suppressor cells (MDSCs)",
    "platelets",
    "CD8+ T cells",
    "NK cells",
    "dendritic cells (DCs)",
)


def split_items(text) -> list[str]:
    """A '; '-separated cell as a list (an empty or missing cell gives [])."""
    if text is None or (isinstance(text, float) and math.isnan(text)) or text is pd.NA:
        return []
    return [part.strip() for part in str(text).split(";") if part.strip()]


def immune_rows(tme: pd.DataFrame) -> pd.DataFrame:
    """The immune (and platelet) rows of ``tme_components``, in teaching order, with mechanism counts.

    Adds ``n_pro`` and ``n_anti``: how many pro- and anti-metastatic mechanisms the review gives.
    """
    if not isinstance(tme, pd.DataFrame):
        raise TypeError(f"expected the tme_components DataFrame, got {type(tme).__name__}")
    missing = [c for c in ("component", "pro_metastatic", "anti_metastatic", "key_factors") if c not in tme.columns]
    if missing:
        raise KeyError(f"the table lacks column(s) {', '.join(missing)}: is it tme_components?")
    absent = [c for c in IMMUNE_COMPONENTS if c not in set(tme["component"])]
    if absent:
        raise ValueError(f"tme_components has no row for {absent}")
    rows = tme.set_index("component").loc[list(IMMUNE_COMPONENTS)].reset_index()
    rows["n_pro"] = rows["pro_metastatic"].map(lambda t: len(split_items(t)))
    rows["n_anti"] = rows["anti_metastatic"].map(lambda t: len(split_items(t)))
    return rows


#: The macrophage spectrum figure: what pushes a macrophage towards each end, and what it makes there.
#: Signals and products from Shapouri-Moghaddam et al. (2018) and, for the M2 receptors and arginase-1,
#: the metastasis review; CSF1 from Zhu et al. (2014).
SPECTRUM = {
    "M1-like": {"signals": ["IFN-γ", "microbial products (LPS)", "GM-CSF"],
                "products": ["IL-1β, IL-6, IL-12, IL-23", "TNF-α", "kill tumour cells"]},
    "M2-like": {"signals": ["IL-4, IL-13 (from Th2 cells)", "CSF1 (sustains TAMs)"],
                "products": ["IL-10, TGF-β", "arginase-1", "mannose & scavenger receptors", "repair, vessels, suppression"]},
}


def plot_macrophage_spectrum(ax) -> None:
    """A schematic of macrophage activation as a spectrum, with the signals and products at each end."""
    from matplotlib.patches import FancyArrowPatch, Rectangle

    left, right = style.colour("blue"), style.colour("vermillion")
    n = 60
    for i in range(n):
        f = i / (n - 1)
        c = tuple((1 - f) * np.array(_rgb(left)) + f * np.array(_rgb(right)))
        ax.add_patch(Rectangle((0.05 + 0.9 * i / n, 0.44), 0.9 / n + 0.002, 0.08, color=c, lw=0))
    ax.text(0.05, 0.48, " M1-like", ha="left", va="center", fontsize=11.5, fontweight="bold", color="white")
    ax.text(0.95, 0.48, "M2-like ", ha="right", va="center", fontsize=11.5, fontweight="bold", color="white")
    for side, x, ha in (("M1-like", 0.06, "left"), ("M2-like", 0.94, "right")):
        sig = SPECTRUM[side]["signals"]
        prod = SPECTRUM[side]["products"]
        ax.text(x, 0.66, "pushed by:\n" + "\n".join(sig), ha=ha, va="bottom", fontsize=10.5, linespacing=1.15)
        ax.text(x, 0.40, "makes / does:\n" + "\n".join(prod), ha=ha, va="top", fontsize=10.5, linespacing=1.15)
    ax.add_patch(FancyArrowPatch((0.55, 0.555), (0.95, 0.555), arrowstyle="-", lw=2.2, color="black"))
    ax.text(0.75, 0.565, "most TAMs", ha="center", va="bottom", fontsize=10.5, fontweight="bold")
    ax.text(0.5, 0.0, "a continuum of states, not two boxes:\none tumour holds macrophages at many points",
            ha="center", va="bottom", fontsize=10.5, style="italic", linespacing=1.15)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_axis_off()


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    h = hex_colour.lstrip("#")
    return tuple(int(h[i:i + 2], 16) / 255 for i in (0, 2, 4))


# -- the phase plane ------------------------------------------------------------------------------

#: The unit of the explorer's m slider: m is shown in multiples of 10⁻¹⁰ per cell per day.
M_UNIT = 1e-10
#: The values of m the explorer offers (× 10⁻¹⁰ per cell per day): below the fold that removes the
#: escape state (m_c ≈ 2.90), just above it, the published 3.422, and up past the second fold
#: (≈ 14.6) where the dormant state is lost.
M_VALUES: tuple[float, ...] = (2.5, 3.0, 3.422, 6.0, 15.0)
#: Initial tumour sizes the explorer offers, in millions of cells.
T0_MILLIONS: tuple[float, ...] = (1.0, 30.0, 100.0, 300.0)
#: The axes of the phase plane (cells): tumour cells across, effector cells up.
T_LIMITS = (1e5, 1e9)
E_LIMITS = (1e4, 1e7)
#: How each kind of equilibrium is drawn: marker, filled or not, and the reader's label.
MARKERS: dict[str, tuple[str, bool, str]] = {
    "stable focus": ("o", True, "stable (spiral)"),
    "stable node": ("s", True, "stable"),
    "saddle": ("^", False, "saddle"),
}
_ROLE_NAMES = {"dormant": "dormant", "saddle": "saddle", "escape": "escape", "tumour-free": "tumour-free"}
_DAYS = 1000.0


def _m_params(m: float) -> ti.Parameters:
    return ti.PUBLISHED.replace(m=inputs.number("m (effector inactivation rate)", m))


@lru_cache(maxsize=64)
def _separatrix_cached(m: float):
    P = _m_params(m)
    if not any(fp.role == "saddle" for fp in ti.fixed_points(P)):
        return None
    sep = ti.basin_boundary(P)
    return sep.E.copy(), sep.T.copy()


def separatrix(m: float):
    """The basin boundary at inactivation rate ``m`` as ``(E, T)`` arrays, or ``None`` without a saddle.

    Traced once per m (SciPy, ≈ 50 ms) and cached, so the explorer's model stays fast.
    """
    out = _separatrix_cached(float(_m_params(m).m))
    return None if out is None else (out[0], out[1])


def phase_plane_data(m: float = ti.PUBLISHED.m, T0: float = 1e8, E0: float | None = None, days: float = _DAYS) -> dict:
    """Everything one phase-plane view draws, at inactivation rate ``m`` and start (E0, T0).

    The output of :func:`metastasis.models.tumour_immune.explorer_model` plus ``separatrix``
    (``(E, T)`` or ``None``), ``m``, ``E0``, ``T0`` and ``m_c`` (the fold below which the escape
    state is absent).
    """
    out = ti.explorer_model(m, T0, E0=E0, days=days)
    out["separatrix"] = separatrix(m)
    out["m"] = float(m)
    out["T0"] = float(T0)
    out["E0"] = float(out["trajectory"]["E"][0])
    out["m_c"] = _critical_m()
    return out


def _critical_m() -> float:
    return _escape_fold(ti.PUBLISHED)


def _marker_style(stability: str):
    marker, filled, label = MARKERS.get(stability, ("D", False, stability))
    return marker, filled, label


def plot_phase_plane(ax, m: float = ti.PUBLISHED.m, starts=((3.16e5, 3e7), (3.16e5, 1e8)), days: float = _DAYS,
                     legend: bool = True) -> dict:
    """Draw the phase portrait at ``m``: nullclines, fixed points, separatrix and trajectories.

    ``starts``: (E0, T0) pairs whose trajectories are drawn, each ending in an arrow head.
    Returns ``{"fixed_points": [...], "outcomes": [...]}``.
    """
    P = _m_params(m)
    nc = ti.nullclines(P, num=300)
    T = nc["T"]
    ax.plot(T[1:], nc["E_nullcline"][1:], color=style.colour("reddish_purple"), lw=2.0, ls="--",
            label="effector nullcline (dE/dt = 0)", zorder=2)
    ax.plot(T[1:], nc["T_nullcline"][1:], color=style.colour("bluish_green"), lw=2.0, ls=":",
            label="tumour nullcline (dT/dt = 0)", zorder=2)
    sep = separatrix(m)
    if sep is not None:
        ax.plot(sep[1], sep[0], color="0.25", lw=2.4, ls="-.", label="separatrix (basin boundary)", zorder=3)
    outcomes = []
    for i, (E0, T0) in enumerate(starts):
        out = ti.explorer_model(P.m, T0, E0=E0, days=days)
        tr = out["trajectory"]
        colour = style.colour("blue") if out["outcome"] == "dormant" else style.colour("vermillion")
        ax.plot(tr["T"], tr["E"], color=colour, lw=1.8, zorder=4)
        ax.plot([T0], [E0], marker="o", ms=6, color=colour, mec="black", zorder=5)
        ax.annotate("", xy=(tr["T"][-1], tr["E"][-1]), xytext=(tr["T"][-8], tr["E"][-8]),
                    arrowprops=dict(arrowstyle="-|>", color=colour, lw=1.5), zorder=5)
        outcomes.append(out["outcome"])
    fps = ti.fixed_points(P)
    seen = set()
    for fp in fps:
        if fp.T <= 0:
            continue
        marker, filled, label = _marker_style(fp.stability)
        ax.plot([fp.T], [fp.E], ls="none", marker=marker, ms=11, mew=1.6, mec="black",
                mfc="black" if filled else "white", zorder=6, label=label if label not in seen else None)
        seen.add(label)
        right = fp.role == "escape"
        ax.annotate(_ROLE_NAMES.get(fp.role, fp.role), (fp.T, fp.E), xytext=(-10, -14) if right else (8, 6),
                    textcoords="offset points", ha="right" if right else "left",
                    fontsize=10.5, fontweight="bold", zorder=7,
                    bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none", alpha=0.85))
    _phase_axes(ax)
    if legend:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, fontsize=10.5, frameon=False,
                  handlelength=2.4, columnspacing=1.2)
    return {"fixed_points": fps, "outcomes": outcomes}


def _phase_axes(ax) -> None:
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(*T_LIMITS)
    ax.set_ylim(*E_LIMITS)
    style.fixed_log_ticks(ax, 5, 9, "x")
    style.fixed_log_ticks(ax, 4, 7, "y")
    ax.set_xlabel("tumour cells, T")
    ax.set_ylabel("effector cells, E")


def fixed_point_branches(m_values=None, params: ti.Parameters = ti.PUBLISHED) -> pd.DataFrame:
    """The tumour-bearing equilibria across m: one row per (m, state), with E, T, role and stability."""
    if m_values is None:
        m_values = np.geomspace(1e-11, 3e-9, 400)
    m_values = inputs.array("m_values", m_values, minimum=0, allow_empty=False)
    rows = []
    for m in m_values:
        for fp in ti.fixed_points(params.replace(m=float(m))):
            if fp.T > 0:
                rows.append({"m": float(m), "role": fp.role, "stability": fp.stability, "E": fp.E, "T": fp.T})
    return pd.DataFrame(rows)


def plot_bifurcation(ax, params: ti.Parameters = ti.PUBLISHED) -> pd.DataFrame:
    """Tumour size at each equilibrium against m (log–log), with the two folds and the published m."""
    branches = fixed_point_branches(params=params)
    styles = {"dormant": (style.colour("blue"), "-", 2.6, "dormant (stable)"),
              "saddle": ("0.35", "--", 2.0, "saddle (unstable)"),
              "escape": (style.colour("vermillion"), "-", 2.6, "escape (stable)")}
    for role, (colour, ls, lw, label) in styles.items():
        part = branches[branches["role"] == role]
        if not part.empty:
            ax.plot(part["m"], part["T"], color=colour, ls=ls, lw=lw, label=label)
    folds = _folds(params.astuple())
    for fold in folds:
        ax.axvline(fold.m, color="0.55", lw=1.0, ls=":")
        ax.plot([fold.m], [fold.T], marker="o", ms=7, mfc="white", mec="black", ls="none", zorder=5)
    ax.axvline(params.m, color="black", lw=1.2)
    ax.text(params.m * 1.06, 2.2e5, "published m", fontsize=10.5, rotation=90, va="bottom")
    lower = min(f.m for f in folds)
    upper = max(f.m for f in folds)
    ax.text(lower / 1.06, 2.2e5, "fold: escape lost", fontsize=10.5, rotation=90, va="bottom", ha="right")
    ax.text(upper * 1.06, 2.2e5, "fold: dormancy lost", fontsize=10.5, rotation=90, va="bottom")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(1e-11, 3e-9)
    ax.set_ylim(1e5, 1e9)
    style.fixed_log_ticks(ax, -11, -9, "x")
    style.fixed_log_ticks(ax, 5, 9, "y")
    ax.set_xlabel("effector inactivation rate m (per cell per day)")
    ax.set_ylabel("tumour cells at equilibrium")
    ax.legend(loc="upper left", fontsize=10.5, frameon=True, framealpha=0.92)
    return branches


# -- tables for the page -------------------------------------------------------------------------

def parameter_table(params: ti.Parameters | None = None) -> pd.DataFrame:
    """The eight parameters with their values, units, meaning and source (for the page)."""
    P = _params_or_published(params)
    rows = [{"symbol": name, "value": getattr(P, name), "units": ti.PARAMETER_INFO[name][0],
             "meaning": ti.PARAMETER_INFO[name][1]} for name in P.names()]
    return pd.DataFrame(rows).set_index("symbol")


def fixed_point_table(m: float | None = None) -> pd.DataFrame:
    """Every equilibrium at inactivation rate ``m`` (default: published): cells, eigenvalues, stability."""
    P = ti.PUBLISHED if m is None else _m_params(m)
    rows = []
    for fp in ti.fixed_points(P):
        lam = fp.eigenvalues
        rows.append({
            "state": fp.role,
            "tumour cells T": fp.T,
            "effector cells E": fp.E,
            "eigenvalues (per day)": ", ".join(_eig_text(x) for x in lam),
            "trace": float(np.trace(fp.jacobian)),
            "determinant": float(np.linalg.det(fp.jacobian)),
            "stability": fp.stability,
        })
    return pd.DataFrame(rows).set_index("state")


def fixed_point_table_view(m: float | None = None) -> pd.DataFrame:
    """:func:`fixed_point_table` with its numbers written to a sensible precision, for reading."""
    return format_columns(fixed_point_table(m), {"tumour cells T": "{:.3g}", "effector cells E": "{:.3g}",
                                                 "trace": "{:+.4f}", "determinant": "{:+.5f}"})


def _eig_text(x: complex) -> str:
    if abs(x.imag) < 1e-12:
        return f"{x.real:+.4f}"
    return f"{x.real:+.4f} {'+' if x.imag > 0 else '−'} {abs(x.imag):.4f}i"


def dormant_spiral_times(m: float | None = None) -> dict:
    """Decay time 1/|Re λ| and oscillation period 2π/|Im λ| (days) of the dormant state's spiral."""
    P = ti.PUBLISHED if m is None else _m_params(m)
    for fp in ti.fixed_points(P):
        if fp.role == "dormant":
            lam = fp.eigenvalues[0]
            if abs(lam.imag) == 0:
                raise ValueError("the dormant state is a node here, not a spiral")
            return {"decay_days": float(1.0 / abs(lam.real)), "period_days": float(2.0 * math.pi / abs(lam.imag))}
    raise ValueError("no dormant state at this m")


def dormant_decay_days(m: float = 3.422e-10) -> float:
    """The dormant spiral's decay time, 1/|Re λ| (days)."""
    return dormant_spiral_times(m)["decay_days"]


def dormant_period_days(m: float = 3.422e-10) -> float:
    """The dormant spiral's period, 2π/|Im λ| (days)."""
    return dormant_spiral_times(m)["period_days"]


def escape_threshold_millions(E0: float | None = None, m: float = 3.422e-10) -> float:
    """The smallest starting tumour (millions of cells) that escapes, for starting effectors ``E0``
    (default s/d, a tumour-free host), read off the separatrix at inactivation rate ``m``."""
    P = _m_params(m)
    E0 = P.s / P.d if E0 is None else inputs.positive("E0 (initial effector cells)", E0)
    sep = ti.basin_boundary(P)
    return float(sep.threshold_T(E0)) / 1e6


def hysteresis(lower: float = 0.9, days: float = 1000.0) -> dict:
    """Start at the escape state of the published model, lower m to ``lower`` × m_c for ``days``, then
    restore the published m for as long again; returns the tumour size (cells) at each stage's end and
    the state it ends in."""
    lower = inputs.bounded("lower (fraction of the fold m_c)", lower, 0.0, 1.0, strict=True)
    P = ti.PUBLISHED
    mc = _escape_fold(P)
    escape = [fp for fp in ti.fixed_points(P) if fp.role == "escape"][0]
    low = ti.fast_trajectory(escape.E, escape.T, days, P.replace(m=lower * mc))
    back = ti.fast_trajectory(low.E[-1], low.T[-1], days, P)
    dormant = [fp for fp in ti.fixed_points(P) if fp.role == "dormant"][0]
    near = abs(math.log(back.T[-1] / dormant.T)) < 0.1 and abs(math.log(back.E[-1] / dormant.E)) < 0.1
    return {"start_T": escape.T, "after_lowering_T": float(low.T[-1]), "after_restoring_T": float(back.T[-1]),
            "ends": "dormant" if near else "not dormant", "m_low": lower * mc}


# -- numbers the quiz and exercises check ---------------------------------------------------------

def _params_or_published(params) -> ti.Parameters:
    if params is None:
        return ti.PUBLISHED
    if not isinstance(params, ti.Parameters):
        raise TypeError(f"params must be a tumour_immune.Parameters, got {type(params).__name__}")
    return params


@lru_cache(maxsize=16)
def _folds(values: tuple) -> tuple:
    """The saddle-nodes in m for one parameter set (SciPy, ≈ 0.3 s), computed once."""
    return tuple(ti.saddle_nodes(ti.Parameters(*values)))


def saddle_nodes(params: ti.Parameters | None = None) -> list:
    """The folds in m (:func:`metastasis.models.tumour_immune.saddle_nodes`), cached per parameter set."""
    return list(_folds(_params_or_published(params).astuple()))


def _escape_fold(P: ti.Parameters) -> float:
    for fold in _folds(P.astuple()):
        if "escape" in fold.lost:
            return fold.m
    raise ValueError("no fold removes the escape state in the scanned range of m")


def escape_margin_percent(params: ti.Parameters | None = None) -> float:
    """By how many per cent m can fall from its value in ``params`` before the escape state vanishes."""
    P = _params_or_published(params)
    return 100.0 * (1.0 - _escape_fold(P) / P.m)


def critical_m_percent_of_published(params: ti.Parameters | None = None) -> float:
    """The fold that removes the escape state, as a percentage of m in ``params`` (≈ 85 % at the published m)."""
    P = _params_or_published(params)
    return 100.0 * _escape_fold(P) / P.m


def dormancy_margin_percent(params: ti.Parameters | None = None) -> float:
    """By how many per cent m must rise from its value in ``params`` before the dormant state vanishes."""
    P = _params_or_published(params)
    upper = [f.m for f in _folds(P.astuple()) if "dormant" in f.lost]
    if not upper:
        raise ValueError("no fold removes the dormant state in the scanned range of m")
    return 100.0 * (upper[0] / P.m - 1.0)


def dormant_tumour_millions(m: float = 3.422e-10) -> float:
    """The tumour size at the dormant equilibrium, in millions of cells."""
    for fp in ti.fixed_points(_m_params(m)):
        if fp.role == "dormant":
            return fp.T / 1e6
    raise ValueError(f"no dormant state at m = {m:g}")


def escape_tumour_millions(m: float = 3.422e-10) -> float:
    """The tumour size at the escape equilibrium, in millions of cells."""
    for fp in ti.fixed_points(_m_params(m)):
        if fp.role == "escape":
            return fp.T / 1e6
    raise ValueError(f"no escape state at m = {m:g}")


def capacity_millions(params: ti.Parameters | None = None) -> float:
    """The tumour's carrying capacity 1/b, in millions of cells."""
    return _params_or_published(params).capacity / 1e6


def initial_growth_rate(params: ti.Parameters | None = None) -> float:
    """Per-day growth rate of a few tumour cells in a tumour-free host: a − n·s/d (the saddle's unstable eigenvalue)."""
    P = _params_or_published(params)
    return P.a - P.n * P.s / P.d


def initial_doubling_days(params: ti.Parameters | None = None) -> float:
    """Doubling time (days) of a few tumour cells in a tumour-free host: ln 2 / (a − n·s/d)."""
    rate = initial_growth_rate(params)
    if rate <= 0:
        raise ValueError(f"a small tumour does not grow here (rate {rate:g} per day ≤ 0)")
    return math.log(2.0) / rate


# -- the explorer ------------------------------------------------------------------------------

def _cells(x: float) -> str:
    """A cell count in words a reader can say: '8.2 million', '450 million', '1.1 billion'."""
    if x >= 1e9:
        return f"{x / 1e9:.2g} billion"
    if x >= 1e6:
        v = x / 1e6
        return f"{v:.2g} million" if v < 10 else f"{v:.0f} million"
    if x >= 1e3:
        return f"{x / 1e3:.0f} thousand"
    return f"{x:.0f}"


def _states_sentence(fps: list[dict]) -> str:
    parts = []
    for fp in fps:
        if fp["T"] <= 0:
            continue
        parts.append(f"{fp['role']} ({fp['stability']}) at {_cells(fp['T'])} tumour cells")
    return "; ".join(parts)


def describe_view(data: dict) -> str:
    """One paragraph on a view: the states, the basin boundary and where the start ends up."""
    m, mc = data["m"], data["m_c"]
    relation = "below" if m < mc else "above"
    states = _states_sentence(data["fixed_points"])
    tr = data["trajectory"]
    end = f"after {tr['t'][-1]:.0f} days the tumour holds {_cells(tr['T'][-1])} cells"
    outcome = {"dormant": "is held dormant", "escape": "escapes", "undecided": "has not settled"}[data["outcome"]]
    sep = "" if data["separatrix"] is None else " A dash-dot separatrix divides the two basins."
    return (f"m = {m / M_UNIT:.3g} × 10⁻¹⁰ per cell per day, {relation} the fold at {mc / M_UNIT:.2f} × 10⁻¹⁰ "
            f"({m / ti.PUBLISHED.m:.2f} × the published value). Tumour-bearing states: {states}.{sep} "
            f"Starting from {_cells(data['T0'])} tumour cells and {_cells(data['E0'])} effectors, the tumour "
            f"{outcome}: {end}.")


def phase_explorer() -> Explorer:
    """Which starting tumours escape immune control, and how does the inactivation rate m change that?"""
    for m in M_VALUES:  # trace the separatrices once, here, so the model only looks them up
        separatrix(m * M_UNIT)
    _critical_m()
    E_free = ti.PUBLISHED.s / ti.PUBLISHED.d

    def model(m: float, T0: float) -> dict:
        return phase_plane_data(m * M_UNIT, T0 * 1e6)

    def setup(fig, ax):
        ax_phase = ax
        ax_time = fig.add_axes([0.14, 0.085, 0.82, 0.17])
        ax_phase.set_position([0.14, 0.405, 0.82, 0.49])
        _phase_axes(ax_phase)
        ax_phase.grid(False)
        (e_null,) = ax_phase.plot([], [], color=style.colour("reddish_purple"), lw=2.0, ls="--",
                                  label="dE/dt = 0", zorder=2)
        (t_null,) = ax_phase.plot([], [], color=style.colour("bluish_green"), lw=2.0, ls=":",
                                  label="dT/dt = 0", zorder=2)
        (sep_line,) = ax_phase.plot([], [], color="0.2", lw=2.4, ls="-.", label="separatrix", zorder=3)
        (path,) = ax_phase.plot([], [], color=style.colour("blue"), lw=2.0, zorder=4)
        (start,) = ax_phase.plot([], [], ls="none", marker="o", ms=8, mec="black", zorder=5)
        (end,) = ax_phase.plot([], [], ls="none", marker="*", ms=13, mec="black", zorder=5)
        points = {kind: ax_phase.plot([], [], ls="none", marker=mk, ms=11, mew=1.6, mec="black",
                                      mfc="black" if filled else "white", zorder=6, label=label)[0]
                  for kind, (mk, filled, label) in MARKERS.items()}
        labels = [ax_phase.text(1, 1, "", fontsize=10.5, fontweight="bold", zorder=7,
                                bbox=dict(boxstyle="round,pad=0.12", facecolor="white", edgecolor="none", alpha=0.85))
                  for _ in range(3)]
        ax_phase.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=3, fontsize=10.5, frameon=False,
                        handlelength=1.8, columnspacing=0.9, handletextpad=0.4)
        readout = ax_phase.text(0.02, 0.03, "", transform=ax_phase.transAxes, ha="left", va="bottom", fontsize=10.5,
                                zorder=8, bbox=dict(boxstyle="round", facecolor="white", edgecolor="0.8", alpha=0.9))
        ax_time.set_yscale("log")
        ax_time.set_xlim(0, _DAYS)
        ax_time.set_ylim(*T_LIMITS)
        style.fixed_log_ticks(ax_time, 5, 9, "y")
        ax_time.set_xlabel("days")
        ax_time.grid(False)
        ax_time.set_ylabel("tumour cells")
        (t_curve,) = ax_time.plot([], [], color=style.colour("blue"), lw=2.0)
        animate(e_null, t_null, sep_line, path, start, end, list(points.values()), labels, readout, t_curve)

        def update(data, params):
            nc = data["nullclines"]
            e_null.set_data(nc["T"][1:], nc["E_nullcline"][1:])
            t_null.set_data(nc["T"][1:], nc["T_nullcline"][1:])
            sep = data["separatrix"]
            if sep is None:
                sep_line.set_data([], [])
            else:
                sep_line.set_data(sep[1], sep[0])
            tr = data["trajectory"]
            colour = style.colour("vermillion") if data["outcome"] == "escape" else style.colour("blue")
            for artist in (path, t_curve):
                artist.set_color(colour)
            for artist in (start, end):
                artist.set_color(colour)
                artist.set_markeredgecolor("black")
            path.set_data(tr["T"], tr["E"])
            start.set_data([tr["T"][0]], [tr["E"][0]])
            end.set_data([tr["T"][-1]], [tr["E"][-1]])
            t_curve.set_data(tr["t"], tr["T"])
            tumour_states = [fp for fp in data["fixed_points"] if fp["T"] > 0]
            for kind, artist in points.items():
                xs = [fp["T"] for fp in tumour_states if fp["stability"] == kind]
                ys = [fp["E"] for fp in tumour_states if fp["stability"] == kind]
                artist.set_data(xs, ys)
            for text, fp in zip(labels, tumour_states + [None] * 3):
                if fp is None:
                    text.set_text("")
                    text.set_visible(False)
                    continue
                text.set_visible(True)
                text.set_text(fp["role"])
                dy = 1.9 if fp["role"] != "escape" else 0.5
                text.set_position((fp["T"] * 0.55, fp["E"] * dy))
                text.set_ha("right" if fp["role"] == "escape" else "center")
            m = params["m"]
            mc = data["m_c"] / M_UNIT
            state = "escape lost" if m < mc else ("dormancy lost" if not any(
                fp["role"] == "dormant" for fp in tumour_states) else "bistable")
            outcome = {"dormant": "held dormant", "escape": "escapes", "undecided": "not settled"}[data["outcome"]]
            readout.set_text(f"m = {m:g} (fold at {mc:.2f}): {state}\n"
                             f"start: {params['T0']:g} million tumour cells → {outcome}")

        return update

    def alt(params, data):
        return ("Phase plane of the Kuznetsov tumour–immune model, tumour cells across and effector cells up, "
                "both on log scales, with the nullclines, the equilibria and the trajectory from the chosen start, "
                "and below it the tumour size over 1000 days. " + describe_view(data))

    return Explorer(
        name="tumour-immune-phase-plane",
        controls=[
            Control("m", "inactivation rate m (× 10⁻¹⁰ per cell per day)", M_VALUES, initial=3.422, fmt="{:g}"),
            Control("T0", "initial tumour (million cells)", T0_MILLIONS, initial=30.0, fmt="{:g}"),
        ],
        model=model,
        setup=setup,
        alt=alt,
        caption=(f"Move m and the starting tumour size (the start has {E_free:,.0f} effector cells, the level of a "
                 "tumour-free host). Filled markers are stable states, open triangles saddles; the dash-dot line is "
                 "the basin boundary. Blue trajectories end dormant, vermillion ones escape. Parameters: BioModels "
                 "BIOMD0000000762 (Kuznetsov et al. 1994), fitted to a mouse B-cell lymphoma."),
        figsize=(6.2, 6.6),
    )


# -- the page's figures, sized for a phone column (style.check_phone_legible) ----------------


def macrophage_spectrum_figure():
    """The page's figure of :func:`plot_macrophage_spectrum`, 6.2 in wide."""
    return page_figure(plot_macrophage_spectrum, height=3.7, margins=dict(left=0.01, right=0.99, top=0.99, bottom=0.01))[0]


def phase_plane_figure(starts=((ti.PUBLISHED.s / ti.PUBLISHED.d, 3e7), (ti.PUBLISHED.s / ti.PUBLISHED.d, 1e8),
                               (1e6, 3e8))):
    """The page's figure of :func:`plot_phase_plane`, with trajectories from ``starts`` (effector cells, tumour cells)."""
    return page_figure(plot_phase_plane, starts=starts, height=6.0,
                       margins=dict(left=0.15, right=0.97, top=0.98, bottom=0.30))[0]


def bifurcation_figure():
    """The page's figure of :func:`plot_bifurcation` (published parameters)."""
    return page_figure(plot_bifurcation, height=4.6)[0]
