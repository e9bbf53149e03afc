"""The code of ``book/interventions/immunotherapy.md``: Table 2 as data, the checkpoint-pipeline
explorer, the survival-lab figure for checkpoint trials and the tumour–immune link.

Table 2 of Liu et al. 2021 (``liu2021metastasis``) is held twice in ``data/``: every printed cell
in ``checkpoint_entries`` (113 entries) and every distinct drug in ``checkpoint_agents`` (91
agents, keyed by INN where one exists). :func:`pipeline_grid` counts them by target row and phase,
either as printed or de-duplicated and filed under the molecules each drug really binds;
:func:`table_errors` finds the table's own errors from the two datasets, by class, so that the
explorer can show each class on demand.

Unverified attributes (``checkpoint_agents.unverified_attributes``) are never shown as facts: the
explorer does not show ``agent_type`` at all, and :func:`bispecific_agents` leaves out any row
whose ``agent_type`` is unverified (returning them apart, for a hedged mention).

Checkpoint trial numbers
------------------------
- KEYNOTE-407 (``pazares2018pembrolizumab``): median OS 15.9 vs 11.3 months, HR 0.64 [checked];
  taken from :data:`metastasis.models.survival.TRIALS`.
- CheckMate 067 at four years (:data:`CHECKMATE_067_4Y`): median OS 36.9 (nivolumab) and 19.9
  months (ipilimumab), 4-year OS 46 % and 30 %, with the combination's median not reached and its
  4-year OS 53 %; read in the results table of the ESMO 2018 congress abstract of the 4-year
  analysis (``hodi2018overall``) [checked: abstract]. One data cut, so a cure-fraction fit through
  the median and the 4-year point of each monotherapy arm is not a mix of reports.
- The 5-year rates 44 % and 26 % used to test that fit out of sample are [secondary] (news and
  congress summaries of the 5-year report); the page says so.
- The 6.5-year medians 72.1 / 36.9 / 19.9 months (``wolchok2022longterm``) are [checked] in the
  survival module; the 10-year figures are [secondary] and are not shown as facts.
"""

from __future__ import annotations

import functools
import textwrap
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import data, style
from ..explorer import Control, Explorer, animate
from ..models import survival
from ..models import tumour_immune as ti
from ..page_figure import page_figure

__all__ = [
    "PHASES",
    "SINGLE_TARGETS",
    "ERROR_CLASSES",
    "VIEWS",
    "target_set",
    "row_label",
    "resolved_entries",
    "table_errors",
    "pipeline_grid",
    "code_name_pairs",
    "bispecific_agents",
    "fda_approved",
    "plot_pipeline_overview",
    "pipeline_explorer",
    "CheckMateArm",
    "CHECKMATE_067_4Y",
    "CHECKMATE_067_5Y_SECONDARY",
    "checkmate_fits",
    "predicted_survival",
    "plot_checkpoint_survival",
    "escape_states_over_m",
    "plot_escape_bifurcation",
    "critical_m_ratio",
    "check_duplicates",
    "pipeline_overview_figure",
    "checkpoint_survival_figure",
    "escape_bifurcation_figure",
]

#: Table 2's columns, from earliest to latest.
PHASES = ("Phase I", "Phase II", "Phase III", "On the market")
#: The eight single targets of Table 2's rows (CTLA4 written CTLA-4), in table order.
SINGLE_TARGETS = ("PD-1", "PD-L1", "CTLA-4", "TIGIT", "LAG-3", "TIM-3", "VISTA", "B7-H3")

#: The classes of error the explorer shows on demand, with a short reader's label.
ERROR_CLASSES = {
    "none": "no error shown",
    "duplicates": "one drug, several cells",
    "misfiled": "filed under the wrong target",
    "code names": "code name hides an INN",
    "approval": "approved drug not on the market",
}
#: The two views of the table.
VIEWS = ("as printed", "one drug, one cell")


def _split(cell) -> list[str]:
    if cell is None or pd.isna(cell):
        return []
    return [p.strip() for p in str(cell).split(";") if p.strip()]


def target_set(target) -> frozenset[str]:
    """The molecules a Table 2 row or an agent's ``target`` names: 'Dual PD-1/TIGIT' -> {PD-1, TIGIT}."""
    if not isinstance(target, str) or not target.strip():
        raise ValueError(f"a target must be non-empty text, got {target!r}")
    text = target.strip()
    if text.startswith("Dual "):
        parts = text[len("Dual "):].split("/")
    else:
        parts = _split(text)
    return frozenset(p.strip() for p in parts if p.strip())


def row_label(molecules: frozenset[str]) -> str:
    """The book's row label for a set of molecules, in Table 2's style ('Dual PD-1/TIGIT')."""
    order = {m: i for i, m in enumerate(SINGLE_TARGETS + ("VEGF", "4-1BB", "TGF-β", "CD96", "CD3", "MHC class II"))}
    items = sorted(molecules, key=lambda m: (order.get(m, 99), m))
    if len(items) == 1:
        return items[0]
    return "Dual " + "/".join(items)


def _frames(entries: pd.DataFrame | None, agents: pd.DataFrame | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    entries = data.load("checkpoint_entries") if entries is None else entries
    agents = data.load("checkpoint_agents") if agents is None else agents
    for name, frame, cols in (("checkpoint_entries", entries, ("entry_id", "target", "phase", "agent_as_written", "agent")),
                              ("checkpoint_agents", agents, ("agent", "target", "approval_status_as_of_review", "inn_status"))):
        if not isinstance(frame, pd.DataFrame):
            raise TypeError(f"expected the {name} DataFrame, got {type(frame).__name__}")
        missing = [c for c in cols if c not in frame.columns]
        if missing:
            raise KeyError(f"the table lacks column(s) {', '.join(missing)}: is it {name}?")
    return entries, agents


def resolved_entries(entries: pd.DataFrame | None = None, agents: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every printed entry with its resolved agent's true targets, approval status and INN status."""
    if entries is None and agents is None:
        return _default_rows().copy()
    return _resolve(*_frames(entries, agents))


def _resolve(entries: pd.DataFrame, agents: pd.DataFrame) -> pd.DataFrame:
    info = {str(r.agent): r for r in agents.itertuples(index=False)}
    unknown = sorted(set(entries["agent"]) - set(info))
    if unknown:
        raise KeyError(f"entries name agents missing from checkpoint_agents: {unknown}")
    out = entries[["entry_id", "table_row", "target", "phase", "agent_as_written", "agent"]].copy()
    out["target"] = out["target"].astype(str)
    out["phase"] = out["phase"].astype(str)
    out["agent"] = out["agent"].astype(str)
    out["row_molecules"] = out["target"].map(target_set)
    out["true_molecules"] = out["agent"].map(lambda a: target_set(str(info[a].target)))
    out["approval"] = out["agent"].map(lambda a: str(info[a].approval_status_as_of_review))
    out["inn_status"] = out["agent"].map(lambda a: str(info[a].inn_status))
    return out.reset_index(drop=True)


@functools.lru_cache(maxsize=1)
def _default_rows() -> pd.DataFrame:
    return _resolve(*_frames(None, None))


def table_errors(entries: pd.DataFrame | None = None, agents: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """Table 2's own errors, found from the data, by class: each a frame of the entries involved.

    - ``duplicates``: every entry of a drug printed in more than one cell (errata MET-01 to MET-22);
    - ``misfiled``: entries whose target row names other molecules than the drug binds (e.g.
      AGEN1777, a TIGIT×CD96 bispecific under PD-1; eftilagimod alfa, an MHC class II agonist
      under LAG-3; a bispecific under a single target);
    - ``code names``: entries printed as a code name although the drug has an INN (MET-25);
    - ``approval``: approved drugs (by 30 June 2021) that the table never puts on the market
      (cemiplimab, MET-04; prolgolimab, registered in Russia).
    """
    return _errors(resolved_entries(entries, agents))


def _errors(rows: pd.DataFrame) -> dict[str, pd.DataFrame]:
    counts = rows["agent"].value_counts()
    duplicates = rows[rows["agent"].map(counts) > 1]
    misfiled = rows[rows["row_molecules"] != rows["true_molecules"]]
    code = rows[(rows["inn_status"] == "inn") & (rows["agent_as_written"].str.lower() != rows["agent"])]
    on_market = set(rows.loc[rows["phase"] == "On the market", "agent"])
    approval = rows[(rows["approval"] != "investigational") & ~rows["agent"].isin(on_market)]
    return {"duplicates": duplicates, "misfiled": misfiled, "code names": code, "approval": approval}


def _row_order(rows: pd.DataFrame) -> list[frozenset]:
    """Table 2's target rows in table order, then molecules no row names (for the resolved view)."""
    printed = list(dict.fromkeys(rows.sort_values("table_row")["row_molecules"]))
    extra = sorted(set(rows["true_molecules"]) - set(printed), key=row_label)
    return printed + extra


def pipeline_grid(view: str = "as printed", entries: pd.DataFrame | None = None,
                  agents: pd.DataFrame | None = None) -> pd.DataFrame:
    """Count per target row × phase: printed entries, or distinct drugs filed by what they bind.

    In ``"one drug, one cell"`` each drug appears once, under its true molecules, in the highest
    phase the table gives it, or under "On the market" if it was approved anywhere by 30 June 2021.
    The index is the book's row labels (Table 2's rows first), the columns :data:`PHASES`.
    """
    if view not in VIEWS:
        raise ValueError(f"view must be one of {VIEWS}, got {view!r}")
    return _grid(resolved_entries(entries, agents), view)


def _grid(rows: pd.DataFrame, view: str) -> pd.DataFrame:
    order = _row_order(rows)
    labels = [row_label(m) for m in order]
    grid = pd.DataFrame(0, index=labels, columns=list(PHASES))
    for (molecules, phase), n in _cells(rows, view).groupby(["molecules", "phase"]).size().items():
        grid.loc[row_label(molecules), phase] = int(n)
    return grid


def _cells(rows: pd.DataFrame, view: str) -> pd.DataFrame:
    """One row per item placed in the grid: its molecules, phase and agent."""
    if view == "as printed":
        return pd.DataFrame({"molecules": rows["row_molecules"], "phase": rows["phase"], "agent": rows["agent"],
                             "entry_id": rows["entry_id"]})
    rank = {p: i for i, p in enumerate(PHASES)}
    best = rows.assign(_r=rows["phase"].map(rank)).sort_values("_r").groupby("agent").tail(1)
    phase = np.where(best["approval"] != "investigational", "On the market", best["phase"])
    return pd.DataFrame({"molecules": best["true_molecules"].values, "phase": phase, "agent": best["agent"].values,
                         "entry_id": best["entry_id"].values})


def code_name_pairs(entries: pd.DataFrame | None = None, agents: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each code name Table 2 prints for a drug that has an INN, with the INN (one row per pair)."""
    code = table_errors(entries, agents)["code names"]
    out = code[["agent_as_written", "agent", "target", "phase"]].drop_duplicates(["agent_as_written", "agent"])
    return out.rename(columns={"agent_as_written": "printed as", "agent": "INN", "target": "Table 2 row",
                               "phase": "column"}).reset_index(drop=True)


def bispecific_agents(agents: pd.DataFrame | None = None) -> tuple[pd.DataFrame, list[str]]:
    """Agents recorded as bispecific antibodies whose format is sourced, and those left out as unverified."""
    agents = data.load("checkpoint_agents") if agents is None else agents
    bi = agents[agents["agent_type"].astype(str) == "bispecific-antibody"]
    flagged = bi["unverified_attributes"].fillna("").str.contains("agent_type")
    return bi[~flagged][["agent", "aliases", "target"]].reset_index(drop=True), list(bi.loc[flagged, "agent"])


def fda_approved(agents: pd.DataFrame | None = None) -> list[str]:
    """The agents of Table 2 approved by the US FDA by 30 June 2021 (eight: the review's 'at least eight')."""
    agents = data.load("checkpoint_agents") if agents is None else agents
    return sorted(agents.loc[agents["approval_status_as_of_review"].astype(str) == "approved-fda", "agent"])


def check_duplicates(got) -> bool:
    """Friendly check for the exercise: the number of drugs Table 2 prints in more than one cell."""
    from ..checks import check_value

    expected = int(table_errors()["duplicates"]["agent"].nunique())
    return check_value("drugs printed in more than one cell", got, expected,
                       hints={len(table_errors()["duplicates"]): "that is the number of *entries* of those drugs; "
                              "count distinct agents (nunique) instead"})


# -- the static overview and the explorer ----------------------------------------------------

_PHASE_SHORT = ("I", "II", "III", "market")


def _draw_grid(ax, labels, fontsize=10.5):
    """Empty grid cells (rectangles) and count texts; returns them as 2-D lists."""
    from matplotlib.patches import Rectangle

    n = len(labels)
    rects, texts = [], []
    for i in range(n):
        row_r, row_t = [], []
        for j in range(len(PHASES)):
            r = Rectangle((j, n - 1 - i), 0.94, 0.86, facecolor="white", edgecolor="0.75", linewidth=0.8)
            ax.add_patch(r)
            t = ax.text(j + 0.47, n - 1 - i + 0.43, "", ha="center", va="center", fontsize=fontsize, zorder=4)
            row_r.append(r)
            row_t.append(t)
        rects.append(row_r)
        texts.append(row_t)
    ax.set_xlim(-0.05, len(PHASES))
    ax.set_ylim(-0.1, n)
    ax.set_yticks([n - 1 - i + 0.43 for i in range(n)], labels, fontsize=fontsize)
    ax.set_xticks([j + 0.47 for j in range(len(PHASES))], list(_PHASE_SHORT), fontsize=fontsize)
    ax.xaxis.set_ticks_position("top")
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    ax.grid(False)
    return rects, texts


def _shade(count: int, top: int) -> str:
    from matplotlib.colors import to_hex

    if count == 0:
        return "#ffffff"
    frac = 0.18 + 0.62 * min(count, top) / top
    base = np.array([0.0, 0.447, 0.698])  # the book's blue
    return to_hex(1 - frac * (1 - base))


def plot_pipeline_overview(ax, view: str = "as printed") -> pd.DataFrame:
    """A static grid of Table 2 (counts per target row × phase); returns the grid it drew."""
    grid = pipeline_grid(view)
    rects, texts = _draw_grid(ax, list(grid.index))
    top = int(grid.values.max())
    for i, label in enumerate(grid.index):
        for j, phase in enumerate(PHASES):
            n = int(grid.loc[label, phase])
            rects[i][j].set_facecolor(_shade(n, top))
            texts[i][j].set_text(str(n) if n else "·")
            texts[i][j].set_color("white" if n >= 0.6 * top else "black")
    return grid


@dataclass(frozen=True)
class _PipelineData:
    grid: pd.DataFrame
    flagged: pd.DataFrame  # same shape: items in the cell touched by the error class
    examples: tuple[str, ...]
    n_items: int
    n_flagged: int


def _examples(kind: str, frame: pd.DataFrame) -> tuple[str, ...]:
    if kind == "duplicates":
        names = []
        for agent, group in frame.groupby("agent", sort=False):
            names.append(f"{agent} ×{len(group)}")
        return tuple(names)
    if kind == "misfiled":
        return tuple(dict.fromkeys(f"{r.agent_as_written} under {r.target} (binds {'/'.join(sorted(r.true_molecules))})"
                                   for r in frame.itertuples()))
    if kind == "code names":
        return tuple(dict.fromkeys(f"{r.agent_as_written} = {r.agent}" for r in frame.itertuples()))
    if kind == "approval":
        return tuple(dict.fromkeys(f"{r.agent_as_written} in {r.phase} (approved: {r.approval})" for r in frame.itertuples()))
    return ()


def _pipeline_data(view: str, error: str, rows: pd.DataFrame, errors: dict) -> _PipelineData:
    grid = _grid(rows, view)
    cells = _cells(rows, view)
    flagged = pd.DataFrame(0, index=grid.index, columns=grid.columns)
    examples: tuple[str, ...] = ()
    n_flagged = 0
    if error != "none":
        bad = errors[error]
        if view == "as printed":
            hit = cells[cells["entry_id"].isin(set(bad["entry_id"]))]
        else:
            hit = cells[cells["agent"].isin(set(bad["agent"]))]
        for (molecules, phase), n in hit.groupby(["molecules", "phase"]).size().items():
            flagged.loc[row_label(molecules), phase] = int(n)
        examples = _examples(error, bad)
        n_flagged = len(hit)
    return _PipelineData(grid, flagged, examples, len(cells), n_flagged)


def _readout(view: str, error: str, d: _PipelineData) -> str:
    unit = "entries" if view == "as printed" else "drugs"
    head = f"{d.n_items} {unit}"
    if error == "none":
        return head + " · choose an error to show it"
    what = ERROR_CLASSES[error]
    listed = "; ".join(d.examples[:3]) + (f"; +{len(d.examples) - 3} more" if len(d.examples) > 3 else "")
    return textwrap.fill(f"{head} · {what}: {d.n_flagged} {unit} outlined. {listed}", width=70)


def _cell_colours(grid: pd.DataFrame, top: int) -> np.ndarray:
    from matplotlib.colors import to_rgb

    rgb = np.ones(grid.shape + (3,))
    for i in range(grid.shape[0]):
        for j in range(grid.shape[1]):
            rgb[i, j] = to_rgb(_shade(int(grid.iat[i, j]), top))
    return rgb


def _column_texts(grid: pd.DataFrame, flagged: pd.DataFrame | None = None) -> list[str]:
    """One multi-line string per phase column: a cell's count, with the flagged count in brackets."""
    columns = []
    for j in range(grid.shape[1]):
        lines = []
        for i in range(grid.shape[0]):
            n = int(grid.iat[i, j])
            k = 0 if flagged is None else int(flagged.iat[i, j])
            lines.append("·" if n == 0 else (f"{n} ({k})" if k and k != n else (f"{n} !" if k else str(n))))
        columns.append("\n".join(lines))
    return columns


def _outline_segments(flagged: pd.DataFrame) -> list:
    segments = []
    for i in range(flagged.shape[0]):
        for j in range(flagged.shape[1]):
            if int(flagged.iat[i, j]):
                x0, x1, y0, y1 = j - 0.45, j + 0.45, i - 0.42, i + 0.42
                segments.append([(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)])
    return segments


def _match_line_pitch(fig, ax, texts, n_rows: int) -> None:
    """Set the texts' line spacing so that their lines fall on the grid's rows."""
    renderer = fig.canvas.get_renderer()
    probe = ax.text(0, 0, "8\n8", fontsize=texts[0].get_fontsize(), linespacing=1.0)
    two = probe.get_window_extent(renderer).height
    probe.set_text("8")
    one = probe.get_window_extent(renderer).height
    probe.remove()
    pitch = two - one  # pixels per line at linespacing 1
    (_, y0), (_, y1) = ax.transData.transform([(0, 0), (0, 1)])
    row = abs(y1 - y0)
    for t in texts:
        t.set_linespacing(row / pitch)


def pipeline_explorer() -> Explorer:
    """Table 2 by target × phase, as printed or de-duplicated, with each class of error on demand."""
    rows = resolved_entries()
    errors = _errors(rows)
    cache: dict[tuple[str, str], _PipelineData] = {}
    for view in VIEWS:
        for error in ERROR_CLASSES:
            cache[(view, error)] = _pipeline_data(view, error, rows, errors)
    labels = list(cache[(VIEWS[0], "none")].grid.index)
    n = len(labels)
    top = max(int(d.grid.values.max()) for d in cache.values())
    colours = {key: _cell_colours(d.grid, top) for key, d in cache.items()}
    columns = {key: _column_texts(d.grid, d.flagged) for key, d in cache.items()}
    outlines = {key: _outline_segments(d.flagged) for key, d in cache.items()}

    def model(view: str, error: str) -> _PipelineData:
        return cache[(view, error)]

    def setup(fig, ax):
        from matplotlib.collections import LineCollection

        image = ax.imshow(colours[(VIEWS[0], "none")], aspect="auto", interpolation="nearest",
                          extent=(-0.5, len(PHASES) - 0.5, n - 0.5, -0.5), zorder=1)
        # white gaps between cells, drawn over the image (so marked animated with it: see animate below)
        gaps = [ax.axvline(x, color="white", lw=3, zorder=2) for x in np.arange(-0.5, len(PHASES), 1.0)]
        gaps += [ax.axhline(y, color="white", lw=3, zorder=2) for y in np.arange(-0.5, n, 1.0)]
        outline = LineCollection([], colors=style.colour("vermillion"), linewidths=2.6, zorder=3)
        ax.add_collection(outline)
        texts = [ax.text(j, (n - 1) / 2, "", ha="center", va="center", fontsize=10.5, zorder=4,
                         multialignment="center") for j in range(len(PHASES))]
        ax.set_xlim(-0.5, len(PHASES) - 0.5)
        ax.set_ylim(n - 0.5, -0.5)
        ax.set_yticks(range(n), labels, fontsize=10.5)
        ax.set_xticks(range(len(PHASES)), list(_PHASE_SHORT), fontsize=10.5)
        ax.xaxis.set_ticks_position("top")
        ax.tick_params(length=0)
        ax.grid(False)
        for side in ax.spines.values():
            side.set_visible(False)
        readout = fig.text(0.02, 0.012, "", ha="left", va="bottom", fontsize=10.5)
        fig.subplots_adjust(left=0.3, right=0.98, top=0.93, bottom=0.14)
        _match_line_pitch(fig, ax, texts, n)
        animate(image, gaps, outline, texts, readout)

        def update(d: _PipelineData, params):
            key = (params["view"], params["error"])
            image.set_data(colours[key])
            outline.set_segments(outlines[key])
            for t, column in zip(texts, columns[key]):
                t.set_text(column)
            readout.set_text(_readout(params["view"], params["error"], d))

        return update

    def alt(params, d: _PipelineData):
        view, error = params["view"], params["error"]
        unit = "entries" if view == "as printed" else "distinct drugs"
        busiest = d.grid.stack().sort_values(ascending=False)
        top3 = ", ".join(f"{r} {p} {int(k)}" for (r, p), k in busiest.head(3).items())
        text = (f"Grid of Table 2 of the metastasis review, {n} target rows by four columns (phase I, II, "
                f"III, on the market), showing {d.n_items} {unit}"
                + (" filed under the molecules each drug binds" if view != "as printed" else " as the table prints them")
                + f". The fullest cells: {top3}.")
        if error != "none":
            text += (f" Outlined in orange: {d.n_flagged} {unit} touched by the error '{ERROR_CLASSES[error]}', "
                     f"for example {'; '.join(d.examples[:3])}.")
        return text

    return Explorer(
        name="checkpoint-pipeline",
        controls=[
            Control("view", "view of the table", VIEWS, initial="as printed"),
            Control("error", "show the table's errors", tuple(ERROR_CLASSES), initial="none"),
        ],
        model=model,
        setup=setup,
        alt=alt,
        caption="Each cell counts Table 2's agents for one target row and phase (I, II, III, on the market). "
        "Switch the view to count each drug once, filed under what it binds; pick an error class to outline "
        "the cells it touches (in brackets, how many of the cell's agents are involved; '!' when all are). "
        "Data: checkpoint_entries and checkpoint_agents.",
        figsize=(6.2, 8.0),
    )


# -- checkpoint trials in the survival lab ------------------------------------------------------

@dataclass(frozen=True)
class CheckMateArm:
    """One arm of CheckMate 067 at the 4-year analysis (ESMO 2018 abstract, ``hodi2018overall``)."""

    name: str
    median_os: float | None  # months; None = not reached
    os_48: float  # overall survival at 48 months (fraction)


#: CheckMate 067, 4-year analysis: median OS and 4-year OS by arm [checked: congress abstract].
CHECKMATE_067_4Y = (
    CheckMateArm("nivolumab + ipilimumab", None, 0.53),
    CheckMateArm("nivolumab", 36.9, 0.46),
    CheckMateArm("ipilimumab", 19.9, 0.30),
)
#: 5-year OS by arm (52 %, 44 %, 26 %): [secondary] only (summaries of the 5-year report); a test, not a fact.
CHECKMATE_067_5Y_SECONDARY = {"nivolumab + ipilimumab": 0.52, "nivolumab": 0.44, "ipilimumab": 0.26}


def checkmate_fits() -> dict[str, tuple[float, float]]:
    """Cure-fraction (π, λ per month) through each monotherapy arm's median and 4-year OS."""
    fits = {}
    for arm in CHECKMATE_067_4Y:
        if arm.median_os is None:
            continue
        fits[arm.name] = survival.fit_cure_fraction(arm.median_os, 0.5, 48.0, arm.os_48)
    return fits


def predicted_survival(arm: str, months: float) -> float:
    """S(months) of the fitted cure-fraction curve of a CheckMate 067 monotherapy arm."""
    fits = checkmate_fits()
    if arm not in fits:
        raise KeyError(f"no fitted arm {arm!r}; fitted arms: {', '.join(fits)}")
    return float(survival.cure_fraction_survival(months, *fits[arm]))


def plot_checkpoint_survival(axes) -> dict:
    """Left: KEYNOTE-407 from its medians (exponential). Right: CheckMate 067, exponential vs cure fraction.

    Returns the numbers the figure shows (implied and reported HR, fitted π and λ).
    """
    ax1, ax2 = axes
    kn = survival.get_trial("keynote-407")
    t = np.linspace(0, 48, 241)
    styles = (("-", style.colour("blue")), ("--", style.colour("vermillion")))
    for (ls, colour), arm in zip(styles, (kn.treatment, kn.control)):
        label = "pembrolizumab + chemo" if arm is kn.treatment else "placebo + chemo"
        ax1.plot(t, survival.exponential_survival(t, arm.median_os), ls=ls, color=colour, lw=2.2,
                 label=f"{label} ({arm.median_os:g} mo)")
        ax1.plot([arm.median_os], [0.5], marker="o", color=colour, mec="black", ls="none", ms=7)
    ax1.axhline(0.5, color="0.6", lw=0.8, ls=":")
    ax1.set_title("KEYNOTE-407, squamous NSCLC", fontsize=10.5)
    ax1.set_xlabel("months")
    ax1.set_ylabel("overall survival")
    ax1.set_ylim(0, 1.02)
    ax1.set_xlim(0, 48)
    ax1.set_xticks([0, 12, 24, 36, 48])
    ax1.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=10.5, frameon=False,
               title="exponential curves\nfrom the medians", title_fontsize=10.5, alignment="left")
    implied = kn.implied_hazard_ratio
    ax1.text(1.04, 0.25, f"HR implied by the\nmedians: {implied:.2f}\nreported (Cox): {kn.hazard_ratio:.2f}",
             transform=ax1.transAxes, ha="left", va="center", fontsize=10.5)

    fits = checkmate_fits()
    t2 = np.linspace(0, 84, 337)
    colours = {"nivolumab": style.colour("blue"), "ipilimumab": style.colour("vermillion")}
    for arm in CHECKMATE_067_4Y:
        if arm.median_os is None:
            ax2.plot([48], [arm.os_48], marker="D", color=style.colour("bluish_green"), mec="black", ms=7, ls="none",
                     label="nivo + ipi, 4-year\n(median not reached)")
            continue
        c = colours[arm.name]
        pi, lam = fits[arm.name]
        ax2.plot(t2, survival.exponential_survival(t2, arm.median_os), color=c, lw=1.4, ls=":")
        ax2.plot(t2, survival.cure_fraction_survival(t2, pi, lam), color=c, lw=2.4,
                 label=f"{arm.name}:\nplateau {pi:.0%}")
        ax2.plot([arm.median_os, 48], [0.5, arm.os_48], marker="o", color=c, mec="black", ls="none", ms=7)
    ax2.set_title("CheckMate 067, melanoma", fontsize=10.5)
    ax2.set_xlabel("months")
    ax2.set_ylim(0, 1.02)
    ax2.set_xlim(0, 84)
    ax2.set_xticks([0, 24, 48, 72])
    ax2.set_ylabel("overall survival")
    ax2.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=10.5, frameon=False,
               title="solid: cure fraction\ndotted: exponential", title_fontsize=10.5, alignment="left")
    return {"implied_hr": implied, "reported_hr": kn.hazard_ratio, "fits": fits}


# -- the tumour–immune link ------------------------------------------------------------------

def escape_states_over_m(multipliers=None) -> pd.DataFrame:
    """Tumour size of each stable tumour-bearing state as the inactivation rate m is scaled.

    Kuznetsov et al. 1994 with the BioModels parameters (``metastasis.models.tumour_immune``);
    ``multipliers`` scale the published m (default 0.5 to 1.5). One row per (multiplier, state).
    """
    if multipliers is None:
        multipliers = np.linspace(0.5, 1.5, 51)
    multipliers = np.asarray(multipliers, dtype=float)
    if multipliers.ndim != 1 or multipliers.size == 0 or np.any(~np.isfinite(multipliers)) or np.any(multipliers < 0):
        raise ValueError("multipliers must be a non-empty list of non-negative numbers")
    rows = []
    for k in multipliers:
        params = ti.PUBLISHED.replace(m=float(k) * ti.PUBLISHED.m)
        for fp in ti.fixed_points(params):
            if fp.T > 0:
                rows.append({"multiplier": float(k), "T": fp.T, "E": fp.E, "role": fp.role, "stability": fp.stability})
    return pd.DataFrame(rows)


def critical_m_ratio() -> float:
    """m at the fold that removes the escape state, as a fraction of the published m (about 0.85)."""
    return float(ti.critical_m() / ti.PUBLISHED.m)


def plot_escape_bifurcation(ax, table: pd.DataFrame | None = None, ratio: float | None = None) -> None:
    """Tumour size at each steady state against m (relative to the published value)."""
    table = escape_states_over_m() if table is None else table
    ratio = critical_m_ratio() if ratio is None else ratio
    marks = {"dormant": ("o", style.colour("blue"), "dormant (stable)"),
             "saddle": ("x", "0.35", "threshold (unstable)"),
             "escape": ("s", style.colour("vermillion"), "escape (stable)")}
    for role, (marker, colour, label) in marks.items():
        part = table[table["role"] == role]
        ax.plot(part["multiplier"], part["T"], marker=marker, ls="none", ms=4, color=colour, label=label)
    ax.axvline(ratio, color="0.3", lw=1, ls="--")
    ax.axvline(1.0, color="0.6", lw=1, ls=":")
    ax.set_yscale("log")
    ax.set_xlabel("inactivation rate m (× the published value)")
    ax.set_ylabel("tumour cells at steady state")
    ax.set_ylim(3e6, 1.5e9)
    ax.text(ratio - 0.02, 1.5e8, f"escape state\nvanishes below\n{ratio:.2f} ×", ha="right", va="center", fontsize=10.5)
    ax.text(1.02, 1.3e7, "published m", ha="left", va="bottom", fontsize=10.5)
    ax.legend(loc="center right", bbox_to_anchor=(1.0, 0.42), fontsize=10.5, frameon=False)


# -- the page's figures, sized for a phone column (style.check_phone_legible) ----------------


def pipeline_overview_figure(view: str = "one drug, one cell"):
    """The page's figure of :func:`plot_pipeline_overview`."""
    return page_figure(plot_pipeline_overview, view, height=7.2)[0]


def checkpoint_survival_figure():
    """The page's two stacked panels of :func:`plot_checkpoint_survival` and what they show: ``(fig, shown)``."""
    return page_figure(plot_checkpoint_survival, height=6.6, rows=2)


def escape_bifurcation_figure():
    """The page's figure of :func:`plot_escape_bifurcation`."""
    return page_figure(plot_escape_bifurcation, height=4.0)[0]
