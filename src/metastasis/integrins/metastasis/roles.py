"""What integrins do in tumours: query, summarise, map and explore the ``integrin_roles`` table.

``integrin_roles`` holds the integrin review's Tables 1–3, one row per integrin per printed row.
This module answers the questions the chapters ask of it:

- :func:`load_roles` — the rows of one process (metastasis, stemness or therapy resistance), with
  an ``integrin`` label column (the heterodimer, else the subunit);
- :func:`direction_counts` and :func:`opposing` — how many rows promote, inhibit or record no
  change, per integrin or per α-subunit family, and which integrins both promote and inhibit;
- :func:`source_kind` — whether a row's integrin acts in cancer cells, tumour vesicles,
  fibroblasts or vessel cells (from the row's ``cancer_or_source`` cell);
- :func:`table_view` — the rows as a table to read, with the cited study named;
- :func:`plot_role_map` — every row on one figure, by integrin and by where it acts;
- :func:`role_card` — one integrin's rows, with its relatives;
- :func:`group_of`, :func:`grouped_counts` and :func:`roles_explorer` — the question the chapter's
  explorer asks of all three tables: which subunits (or which cells) carry the rows, and which of
  them ever restrain the process.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pandas as pd

from ... import data, style
from ...explorer import Control, Explorer, animate
from ..structure import ALPHA_ORDER, BETA_ORDER
from ...page_figure import page_figure

__all__ = [
    "PROCESSES",
    "SOURCE_KINDS",
    "DIRECTIONS",
    "DIRECTION_MARKERS",
    "DIRECTION_COLOURS",
    "TABLES",
    "GROUPINGS",
    "load_roles",
    "integrin_label",
    "subunits_of",
    "family_of",
    "integrin_order",
    "direction_counts",
    "opposing",
    "source_kind",
    "table_view",
    "plot_role_map",
    "role_card",
    "group_of",
    "grouped_counts",
    "count_rows",
    "roles_explorer",
    "role_map_figure",
]

PROCESSES = ("metastasis", "stemness", "therapy-resistance")

#: Where a row's integrin acts, read from its ``cancer_or_source`` cell (see :func:`source_kind`).
SOURCE_KINDS = ("cancer cells", "tumour vesicles", "fibroblasts", "vessel cells")

#: The directions a row can record: promotes or inhibits the process, or no change where the cited
#: study tested it and found none (T1-16, pericyte α6β1, erratum INT-40).
DIRECTIONS = ("promotes", "inhibits", "no change")
#: Marker shapes for the directions: figures never rely on colour alone.
DIRECTION_MARKERS = {"promotes": "^", "inhibits": "v", "no change": "o"}
#: Colours for the directions (the book's promote/inhibit colours, and grey for no change).
DIRECTION_COLOURS = {**style.DIRECTION_COLOURS, "no change": "#8C8C8C"}
_ARROWS = {"promotes": "▲ promotes", "inhibits": "▼ inhibits", "no change": "● no change"}

_SUBUNIT = re.compile(r"(α(?:IIb|\d+|[vLMXDE]))?(β\d)?")
_ERRATUM = re.compile(r"INT-\d{2}")


# -- loading and naming ---------------------------------------------------------------------

def integrin_label(heterodimer: object, subunit: object, as_written: object) -> str:
    """The name a row goes by: its heterodimer, else its subunit.

    A row that names no integrin (the review's 'β1' that is really ITGBL1, erratum INT-16) keeps
    its printed name with ``(printed)`` appended, so it can never pass for the real subunit.
    """
    for value in (heterodimer, subunit):
        if isinstance(value, str) and value.strip():
            return value.strip()
    if not isinstance(as_written, str) or not as_written.strip():
        raise ValueError("a role row needs a heterodimer, a subunit or a printed integrin name")
    return f"{as_written.strip()} (printed)"


def load_roles(process: str = "metastasis", directory: Path | None = None) -> pd.DataFrame:
    """The ``integrin_roles`` rows of one process, in table order, with an ``integrin`` column."""
    if process not in PROCESSES:
        raise ValueError(f"process must be one of {PROCESSES}, got {process!r}")
    roles = data.load("integrin_roles", directory)
    frame = roles[roles["process"].astype(str) == process].reset_index(drop=True)
    frame.insert(
        1,
        "integrin",
        [integrin_label(h, s, w) for h, s, w in zip(frame["heterodimer"], frame["subunit"], frame["integrin_as_written"])],
    )
    return frame


def subunits_of(label: str) -> tuple[str, ...]:
    """The subunits a label names: ``"αvβ3"`` → ``("αv", "β3")``; ``"α11"`` → ``("α11",)``."""
    if not isinstance(label, str):
        raise TypeError(f"expected an integrin name, got {type(label).__name__}")
    match = _SUBUNIT.fullmatch(label.strip())
    if not match or not any(match.groups()):
        raise ValueError(f"not an integrin subunit or heterodimer: {label!r}")
    found = tuple(g for g in match.groups() if g)
    unknown = [s for s in found if s not in ALPHA_ORDER + BETA_ORDER]
    if unknown:
        raise ValueError(f"unknown subunit(s) {unknown} in {label!r}")
    return found


def family_of(label: str) -> str:
    """The α subunit a label belongs with (``"α9β1"`` and ``"α9"`` → ``"α9"``); β-only labels
    keep their β, and a label that names no integrin is its own family."""
    try:
        parts = subunits_of(label)
    except ValueError:
        return label
    return parts[0]


def _order_key(label: str) -> tuple:
    try:
        parts = subunits_of(label)
    except ValueError:
        return (2, 0, 0, label)
    if parts[0].startswith("α"):
        beta = BETA_ORDER.index(parts[1]) + 1 if len(parts) > 1 else 0
        return (0, ALPHA_ORDER.index(parts[0]), beta, label)
    return (1, BETA_ORDER.index(parts[0]), 0, label)


def integrin_order(labels) -> list[str]:
    """Distinct labels ordered by α subunit (as in the pairing matrix), then β; β-only labels
    after them, and labels that name no integrin last. α3 sits next to α3β1, α9 next to α9β1."""
    return sorted(dict.fromkeys(str(label) for label in labels), key=_order_key)


# -- summaries ------------------------------------------------------------------------------

def _require(roles: pd.DataFrame, columns: list[str]) -> None:
    if not isinstance(roles, pd.DataFrame):
        raise TypeError(f"expected a DataFrame of role rows, got {type(roles).__name__}")
    missing = [c for c in columns if c not in roles.columns]
    if missing:
        raise KeyError(f"role table lacks column(s) {missing}: load it with roles.load_roles()")


def direction_counts(roles: pd.DataFrame, by: str = "integrin") -> pd.DataFrame:
    """Rows that promote, inhibit or record no change, per integrin (``by="integrin"``) or per
    α-subunit family (``by="family"``), in :func:`integrin_order`. Columns: promotes, inhibits,
    no change, rows."""
    _require(roles, ["integrin", "direction"])
    if by not in ("integrin", "family"):
        raise ValueError(f"by must be 'integrin' or 'family', got {by!r}")
    keys = roles["integrin"].astype(str)
    if by == "family":
        keys = keys.map(family_of)
    counts = pd.crosstab(keys, roles["direction"].astype(str))
    for direction in DIRECTION_MARKERS:
        if direction not in counts.columns:
            counts[direction] = 0
    counts = counts[list(DIRECTION_MARKERS)].reindex(integrin_order(keys)).fillna(0).astype(int)
    counts["rows"] = counts.sum(axis=1)
    counts.index.name = by
    counts.columns.name = None
    return counts


def opposing(roles: pd.DataFrame, by: str = "integrin") -> list[str]:
    """The integrins (or α families) with at least one promoting and one inhibiting row."""
    counts = direction_counts(roles, by=by)
    return list(counts.index[(counts["promotes"] > 0) & (counts["inhibits"] > 0)])


def source_kind(cancer_or_source: str) -> str:
    """Where the row's integrin acts, from the ``cancer_or_source`` cell: one of
    :data:`SOURCE_KINDS`. Fibroblasts (CAFs included) are checked first, so a fibroblast that
    receives tumour exosomes counts as a fibroblast; then pericytes and endothelial cells; then
    tumour exosomes and EVs ('-Exo', '-EVs'); anything else names a cancer, i.e. its cells."""
    if not isinstance(cancer_or_source, str) or not cancer_or_source.strip():
        raise ValueError(f"expected the text of a cancer_or_source cell, got {cancer_or_source!r}")
    text = cancer_or_source.lower()
    if "caf" in text or "fibroblast" in text:
        return "fibroblasts"
    if any(word in text for word in ("pericyte", "endothelial", "huvec")):
        return "vessel cells"
    if re.search(r"-(exo|evs?)\b", text):
        return "tumour vesicles"
    return "cancer cells"


def table_view(roles: pd.DataFrame) -> pd.DataFrame:
    """The rows as a reader's table: row, integrin, where it acts, cancer or source, function,
    direction (with its ▲/▼ marker) and the cited study, indexed by row id."""
    _require(roles, ["row_id", "integrin", "cancer_or_source", "function", "direction", "primary_source"])
    arrows = _ARROWS
    view = pd.DataFrame(
        {
            "integrin": roles["integrin"].astype(str),
            "acts in": roles["cancer_or_source"].astype(str).map(source_kind),
            "cancer or source": roles["cancer_or_source"].astype(str),
            "function": roles["function"].astype(str),
            "direction": roles["direction"].astype(str).map(arrows),
            "study": roles["primary_source"].map(_short_cite),
        }
    )
    view.index = pd.Index(roles["row_id"].astype(str), name="row")
    return view


# -- the overview figure --------------------------------------------------------------------

def _row_number(row_id: str) -> str:
    """``"T1-01a"`` → ``"1a"``: the printed row number, for labels on crowded figures."""
    match = re.fullmatch(r"T\d-0?(\d+[a-z]?)", str(row_id))
    if not match:
        raise ValueError(f"not a role row id: {row_id!r}")
    return match.group(1)


def plot_role_map(ax, roles: pd.DataFrame) -> None:
    """Every role row as a marker: integrin (rows) × where it acts (columns).

    Triangles up (vermillion) promote metastasis; triangles down (blue) inhibit it; grey circles
    record no change. Each marker carries its printed row number, so every row of the table can be
    found on the figure.
    """
    _require(roles, ["row_id", "integrin", "cancer_or_source", "direction"])
    if roles.empty:
        raise ValueError("no role rows to plot")
    labels = integrin_order(roles["integrin"])
    y_of = {label: i for i, label in enumerate(labels)}
    kinds = roles["cancer_or_source"].astype(str).map(source_kind)
    spacing = 0.34  # between markers that share a cell; each group is centred with its number labels
    for (label, kind), group in roles.groupby([roles["integrin"].astype(str), kinds], sort=False):
        x0 = SOURCE_KINDS.index(kind) - spacing * (len(group) - 1) / 2 - 0.1
        for k, row in enumerate(group.itertuples(index=False)):
            x, y = x0 + k * spacing, y_of[label]
            direction = str(row.direction)
            ax.scatter([x], [y], marker=DIRECTION_MARKERS[direction], s=70, color=DIRECTION_COLOURS[direction],
                       edgecolors="black", linewidths=0.5, zorder=3)
            ax.text(x + 0.07, y, _row_number(row.row_id), fontsize=10.5, ha="left", va="center", color="0.25")
    ax.set_yticks(range(len(labels)), labels)
    ax.set_ylim(len(labels) - 0.4, -0.7)
    ax.set_xticks(range(len(SOURCE_KINDS)), [textwrap.fill(k, 10, break_long_words=False) for k in SOURCE_KINDS])
    ax.set_xlim(-0.5, len(SOURCE_KINDS) - 0.5)
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    ax.grid(True, axis="y", alpha=0.25)
    ax.grid(False, axis="x")
    for x in range(1, len(SOURCE_KINDS)):
        ax.axvline(x - 0.5, color="0.85", lw=0.8)
    counts = roles["direction"].astype(str).value_counts()
    handles = [
        ax.scatter([], [], marker=DIRECTION_MARKERS[d], s=70, color=DIRECTION_COLOURS[d], edgecolors="black",
                   linewidths=0.5, label=_legend_label(d, int(counts.get(d, 0))))
        for d in DIRECTIONS if counts.get(d, 0)
    ]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.01), ncol=len(handles), fontsize=10.5,
              columnspacing=0.8, handletextpad=0.2)


def _legend_label(direction: str, n: int) -> str:
    rows = f"{n} row{'s' if n != 1 else ''}"
    return f"no change ({rows})" if direction == "no change" else f"{direction} ({rows})"


# -- one integrin's rows: the explorer ------------------------------------------------------

def _short_cite(keys: object) -> str:
    from ...references import short_cite

    if not isinstance(keys, str) or not keys.strip():
        return "no study cited"
    first = keys.split(";")[0].strip()
    try:
        return short_cite(first)
    except (KeyError, FileNotFoundError):
        return first


def role_card(roles: pd.DataFrame, integrin: str) -> dict:
    """One integrin's rows, ready to draw: each row's id, direction, cancer or source, function,
    cited study and errata; the counts; and a line on rows of the same α family."""
    _require(roles, ["row_id", "integrin", "cancer_or_source", "function", "direction", "primary_source", "curation_note"])
    own = roles[roles["integrin"].astype(str) == integrin]
    if own.empty:
        known = ", ".join(integrin_order(roles["integrin"]))
        raise ValueError(f"no role rows for {integrin!r}; integrins in this table: {known}")
    rows = [
        {
            "row_id": str(r.row_id),
            "direction": str(r.direction),
            "cancer_or_source": str(r.cancer_or_source),
            "function": str(r.function),
            "cite": _short_cite(r.primary_source),
            "errata": sorted(set(_ERRATUM.findall(str(r.curation_note)))) if isinstance(r.curation_note, str) else [],
        }
        for r in own.itertuples(index=False)
    ]
    related = _related(roles, integrin)
    promotes = sum(r["direction"] == "promotes" for r in rows)
    inhibits = sum(r["direction"] == "inhibits" for r in rows)
    unchanged = len(rows) - promotes - inhibits
    return {"integrin": integrin, "rows": rows, "promotes": promotes, "inhibits": inhibits, "no change": unchanged,
            "related": related}


def _related(roles: pd.DataFrame, integrin: str) -> str:
    """A line on the other rows that share the integrin's α chain (or, for a β subunit, its β chain)."""
    labels = roles["integrin"].astype(str)
    try:
        parts = subunits_of(integrin)
    except ValueError:
        return "This row names no real integrin: see the errata noted above."
    if parts[0].startswith("α"):
        kin = roles[(labels.map(family_of) == parts[0]) & (labels != integrin)]
        lead, empty = f"Same {parts[0]} family: ", f"No other row of the table involves {parts[0]}."
    else:
        kin = roles[labels.map(lambda l: l != integrin and _contains(l, parts[0]))]
        lead, empty = f"{parts[0]} is also the β chain of ", f"No heterodimer row of the table contains {parts[0]}."
    if kin.empty:
        return empty
    groups = [
        f"{label} ({', '.join(f'{r.row_id} {r.direction}' for r in group.itertuples(index=False))})"
        for label, group in kin.groupby(kin["integrin"].astype(str), sort=False)
    ]
    return lead + "; ".join(groups) + "."


def _contains(label: str, subunit: str) -> bool:
    try:
        return subunit in subunits_of(label)
    except ValueError:
        return False


# -- the question the explorer asks of all three tables ---------------------------------------

#: The review's three tables, as the explorer's menu offers them.
TABLES = {"Table 1 · metastasis": "metastasis", "Table 2 · stemness": "stemness",
          "Table 3 · resistance": "therapy-resistance"}
#: Ways to group a table's rows.
GROUPINGS = ("α subunit", "β subunit", "where it acts")
_NO_ALPHA, _NO_BETA, _NO_INTEGRIN = "(β chain only)", "(α chain only)", "(no integrin: ITGBL1)"


def group_of(label: str, cancer_or_source: str, grouping: str) -> str:
    """The group a row falls in: its α subunit, its β subunit, or where its integrin acts.

    A row naming only a β chain has no α group (and vice versa); the review's 'β1' that is really
    ITGBL1 (erratum INT-16) names no integrin at all.
    """
    if grouping not in GROUPINGS:
        raise ValueError(f"grouping must be one of {GROUPINGS}, got {grouping!r}")
    if grouping == "where it acts":
        return source_kind(cancer_or_source)
    try:
        parts = subunits_of(label)
    except ValueError:
        return _NO_INTEGRIN
    if grouping == "α subunit":
        return parts[0] if parts[0].startswith("α") else _NO_ALPHA
    beta = [p for p in parts if p.startswith("β")]
    return beta[0] if beta else _NO_BETA


def _group_order(groups) -> list[str]:
    def key(g):
        if g in SOURCE_KINDS:
            return (0, SOURCE_KINDS.index(g), g)
        if g.startswith("("):
            return (3, 0, g)
        return (1, *(_order_key(g)[1:3]))
    return sorted(dict.fromkeys(groups), key=key)


def grouped_counts(roles: pd.DataFrame, grouping: str) -> pd.DataFrame:
    """Rows per group and direction, with the row ids, largest group first.

    Columns: promotes, inhibits, no change, rows, row_ids.
    """
    _require(roles, ["row_id", "integrin", "cancer_or_source", "direction"])
    groups = [group_of(str(i), str(c), grouping) for i, c in zip(roles["integrin"], roles["cancer_or_source"])]
    frame = roles.assign(_group=groups)
    counts = pd.crosstab(frame["_group"], frame["direction"].astype(str))
    for d in DIRECTIONS:
        if d not in counts.columns:
            counts[d] = 0
    counts = counts[list(DIRECTIONS)].astype(int)
    counts["rows"] = counts.sum(axis=1)
    counts["row_ids"] = frame.groupby("_group")["row_id"].agg(lambda ids: ", ".join(map(str, ids)))
    order = _group_order(counts.index)
    counts = counts.loc[order]
    named = [not str(g).startswith("(") for g in counts.index]
    counts = pd.concat([counts[named].sort_values("rows", ascending=False, kind="stable"),
                        counts[[not n for n in named]]])
    counts.index.name = grouping
    counts.columns.name = None
    return counts


def count_rows(process: str = "metastasis", direction: str | None = None, grouping: str | None = None,
               group: str | None = None, directory: Path | None = None) -> int:
    """How many rows of one table match a direction and, with ``grouping``, a group (for quiz keys).

    ``count_rows("metastasis", "inhibits", "α subunit", "α3")`` → 2 (T1-12, T1-13).
    """
    if direction is not None and direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {DIRECTIONS}, got {direction!r}")
    if (grouping is None) != (group is None):
        raise ValueError("give grouping and group together, or neither")
    frame = load_roles(process, directory)
    if direction is not None:
        frame = frame[frame["direction"].astype(str) == direction]
    if grouping is not None:
        groups = [group_of(str(i), str(c), grouping) for i, c in zip(frame["integrin"], frame["cancer_or_source"])]
        frame = frame[[g == group for g in groups]]
    return int(len(frame))


def _listing(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _answer(counts: pd.DataFrame, table: str, grouping: str) -> str:
    """One sentence that answers the question for this view: who carries the rows, who restrains."""
    total = int(counts["rows"].sum())
    named = counts[[not str(g).startswith("(") for g in counts.index]]
    unnamed = int(counts["rows"].sum() - named["rows"].sum())
    most = int(named["rows"].max())
    leaders = [str(g) for g in named.index[named["rows"] == most]]
    verb = "carries" if len(leaders) == 1 and grouping != "where it acts" else "carry"
    each = " each" if len(leaders) > 1 else ""
    lead = f"{_listing(leaders)} {verb} {most} of the {total} rows{each}"
    if unnamed:
        lead += f" ({unnamed} name{'s' if unnamed == 1 else ''} no {grouping.split()[0]} chain)"
    shown = {_NO_ALPHA: "β-only rows", _NO_BETA: "α-only rows", _NO_INTEGRIN: "the ITGBL1 row"}

    def names(mask):
        return [shown.get(str(g), str(g)) for g in counts.index[mask]]
    restraining, unchanged = names(counts["inhibits"] > 0), names(counts["no change"] > 0)
    brake = f"rows that inhibit: {_listing(restraining)}" if restraining else "no row inhibits"
    if unchanged:
        brake += f"; no change: {_listing(unchanged)}"
    return f"{lead}; {brake}."


def roles_explorer(directory: Path | None = None) -> Explorer:
    """Which subunits, or which cells, carry each table's rows, and which of them ever restrain?"""
    tables = {label: load_roles(process, directory) for label, process in TABLES.items()}
    views = {(label, g): grouped_counts(frame, g) for label, frame in tables.items() for g in GROUPINGS}
    slots = max(len(v) for v in views.values())
    widest = max(int(v["rows"].max()) for v in views.values())

    def model(table: str, grouping: str) -> dict:
        counts = views[(table, grouping)]
        return {"counts": counts, "answer": _answer(counts, table, grouping), "total": int(counts["rows"].sum())}

    def setup(fig, ax):
        bars = {d: ax.barh(range(slots), [0] * slots, left=0, height=0.7, color=DIRECTION_COLOURS[d],
                           edgecolor="black", linewidth=0.6, hatch={"promotes": "", "inhibits": "//", "no change": ".."}[d],
                           label=_legend_label(d, 0).split(" (")[0])
                for d in DIRECTIONS}
        names = [ax.text(-0.3, k, "", ha="right", va="center", fontsize=10.5) for k in range(slots)]
        numbers = [ax.text(0, k, "", ha="left", va="center", fontsize=10.5) for k in range(slots)]
        title = fig.text(0.03, 0.975, "", fontsize=11.5, fontweight="bold", va="top")
        answer = fig.text(0.03, 0.925, "", fontsize=10.5, va="top", linespacing=1.15)
        animate([p for container in bars.values() for p in container.patches], names, numbers, title, answer)
        ax.set_ylim(slots - 0.5, -0.6)
        ax.set_xlim(0, widest + 2.2)
        from matplotlib.ticker import MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_yticks([])
        ax.set_xlabel("rows of the table")
        ax.grid(axis="y", visible=False)
        ax.spines["left"].set_visible(False)
        ax.legend(loc="lower right", fontsize=10.5)
        fig.subplots_adjust(left=0.33, right=0.97, top=0.78, bottom=0.11)

        def update(data, params):
            counts = data["counts"]
            for k in range(slots):
                if k < len(counts):
                    row = counts.iloc[k]
                    left = 0
                    for d in DIRECTIONS:
                        patch = bars[d].patches[k]
                        patch.set_x(left)
                        patch.set_width(int(row[d]))
                        patch.set_visible(bool(row[d]))
                        left += int(row[d])
                    names[k].set_text(str(counts.index[k]))
                    numbers[k].set_position((left + 0.15, k))
                    numbers[k].set_text(str(int(row["rows"])))
                else:
                    for d in DIRECTIONS:
                        bars[d].patches[k].set_visible(False)
                    names[k].set_text("")
                    numbers[k].set_text("")
            title.set_text(f"{params['table']}, by {params['grouping']}")
            answer.set_text(textwrap.fill(data["answer"], width=66))

        return update

    def alt(params, data):
        counts = data["counts"]
        parts = "; ".join(
            f"{group}: {int(r['rows'])} row{'s' if r['rows'] != 1 else ''} ("
            + ", ".join(f"{int(r[d])} {d}" for d in DIRECTIONS if r[d]) + ")"
            for group, r in counts.iterrows()
        )
        return (f"Horizontal stacked bar chart of the {data['total']} rows of {params['table']} grouped by "
                f"{params['grouping']}, each bar split into rows that promote, inhibit or record no change. {parts}. "
                f"{data['answer']}")

    return Explorer(
        name="integrin-roles",
        controls=[
            Control("table", "the review's table", list(TABLES), initial="Table 1 · metastasis"),
            Control("grouping", "group the rows by", list(GROUPINGS), initial="α subunit"),
        ],
        model=model,
        setup=setup,
        alt=alt,
        figsize=(6.2, 5.2),
        caption="Pick one of the review's three tables and a way of grouping its rows. Bars count the rows "
        "that promote (solid), inhibit (hatched) or record no change (dotted); the line above answers which "
        "group carries most rows and which ever restrain.",
    )


# -- the page's figures, sized for a phone column (style.check_phone_legible) ----------------


def role_map_figure(roles: pd.DataFrame):
    """The page's figure of :func:`plot_role_map`, 6.2 in wide (its text stays legible on a phone)."""
    return page_figure(plot_role_map, roles, height=7.6)[0]
