"""What integrins do in tumours: query, summarise, map and explore the ``integrin_roles`` table.

``integrin_roles`` holds the integrin review's Tables 1–3, one row per integrin per printed row.
This module answers the questions the chapters ask of it:

- :func:`load_roles` — the rows of one process (metastasis, stemness or therapy resistance), with
  an ``integrin`` label column (the heterodimer, else the subunit);
- :func:`direction_counts` and :func:`opposing` — how many rows promote and how many inhibit, per
  integrin or per α-subunit family, and which integrins do both;
- :func:`source_kind` — whether a row's integrin acts in cancer cells, tumour vesicles,
  fibroblasts or vessel cells (from the row's ``cancer_or_source`` cell);
- :func:`table_view` — the rows as a table to read, with the cited study named;
- :func:`plot_role_map` — every row on one figure, by integrin and by where it acts;
- :func:`role_card` and :func:`roles_explorer` — one integrin's rows, for the explorer.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pandas as pd

from ... import data, style
from ...explorer import Control, Explorer, animate
from ..structure import ALPHA_ORDER, BETA_ORDER

__all__ = [
    "PROCESSES",
    "SOURCE_KINDS",
    "DIRECTION_MARKERS",
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
    "roles_explorer",
]

PROCESSES = ("metastasis", "stemness", "therapy-resistance")

#: Where a row's integrin acts, read from its ``cancer_or_source`` cell (see :func:`source_kind`).
SOURCE_KINDS = ("cancer cells", "tumour vesicles", "fibroblasts", "vessel cells")

#: Marker shapes for the two directions: figures never rely on colour alone.
DIRECTION_MARKERS = {"promotes": "^", "inhibits": "v"}

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
    """Rows that promote and rows that inhibit, per integrin (``by="integrin"``) or per α-subunit
    family (``by="family"``), in :func:`integrin_order`. Columns: promotes, inhibits, rows."""
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
    arrows = {"promotes": "▲ promotes", "inhibits": "▼ inhibits"}
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

    Triangles up (vermillion) promote metastasis; triangles down (blue) inhibit it. Each marker
    carries its printed row number, so every row of the table can be found on the figure.
    """
    _require(roles, ["row_id", "integrin", "cancer_or_source", "direction"])
    if roles.empty:
        raise ValueError("no role rows to plot")
    labels = integrin_order(roles["integrin"])
    y_of = {label: i for i, label in enumerate(labels)}
    kinds = roles["cancer_or_source"].astype(str).map(source_kind)
    spacing = 0.24
    for (label, kind), group in roles.groupby([roles["integrin"].astype(str), kinds], sort=False):
        x0 = SOURCE_KINDS.index(kind) - spacing * (len(group) - 1) / 2
        for k, row in enumerate(group.itertuples(index=False)):
            x, y = x0 + k * spacing, y_of[label]
            direction = str(row.direction)
            ax.scatter([x], [y], marker=DIRECTION_MARKERS[direction], s=70, color=style.DIRECTION_COLOURS[direction],
                       edgecolors="black", linewidths=0.5, zorder=3)
            ax.text(x + 0.06, y - 0.28, _row_number(row.row_id), fontsize=6.5, ha="left", va="center", color="0.25")
    ax.set_yticks(range(len(labels)), labels)
    ax.set_ylim(len(labels) - 0.4, -0.7)
    ax.set_xticks(range(len(SOURCE_KINDS)), SOURCE_KINDS)
    ax.set_xlim(-0.55, len(SOURCE_KINDS) - 0.45)
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    ax.grid(True, axis="y", alpha=0.25)
    ax.grid(False, axis="x")
    for x in range(1, len(SOURCE_KINDS)):
        ax.axvline(x - 0.5, color="0.85", lw=0.8)
    counts = roles["direction"].astype(str).value_counts()
    handles = [
        ax.scatter([], [], marker=DIRECTION_MARKERS[d], s=70, color=style.DIRECTION_COLOURS[d], edgecolors="black",
                   linewidths=0.5, label=f"{d} metastasis ({int(counts.get(d, 0))} rows)")
        for d in DIRECTION_MARKERS
    ]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.01), ncol=2, fontsize=9)


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
    inhibits = len(rows) - promotes
    return {"integrin": integrin, "rows": rows, "promotes": promotes, "inhibits": inhibits, "related": related}


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


def _verdict(card: dict) -> str:
    if card["promotes"] and card["inhibits"]:
        return "opposing roles: it promotes metastasis in one setting and inhibits it in another"
    if card["inhibits"]:
        return "every row inhibits"
    return "every row promotes"


def roles_explorer(process: str = "metastasis", directory: Path | None = None, initial: str = "α3β1") -> Explorer:
    """Pick an integrin; see its rows of the table by cancer or source, function and direction."""
    roles = load_roles(process, directory)
    labels = integrin_order(roles["integrin"])
    cards = {label: role_card(roles, label) for label in labels}
    slots = max(len(card["rows"]) for card in cards.values())
    if initial not in cards:
        initial = labels[0]

    def model(integrin: str) -> dict:
        return cards[integrin]

    def setup(fig, ax):
        ax.set_axis_off()
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        title = ax.text(0.0, 0.985, "", fontsize=12, fontweight="bold", va="top")
        verdict = ax.text(0.0, 0.935, "", fontsize=11, style="italic", va="top", linespacing=1.1)
        top, step = 0.82, 0.66 / slots
        artists = []
        for k in range(slots):
            y = top - k * step
            (marker,) = ax.plot([0.025], [y - 0.035], marker="^", markersize=13, ls="none", markeredgecolor="black", markeredgewidth=0.6)
            head = ax.text(0.07, y, "", fontsize=11, fontweight="bold", va="top")
            body = ax.text(0.07, y - 0.045, "", fontsize=10.5, va="top", linespacing=1.15)
            artists.append((marker, head, body))
        related = ax.text(0.0, 0.01, "", fontsize=10.5, va="bottom", color="0.2", linespacing=1.15)
        animate(title, verdict, related, [a for triple in artists for a in triple])
        fig.subplots_adjust(left=0.03, right=0.99, top=0.98, bottom=0.02)

        def update(card, params):
            n = len(card["rows"])
            title.set_text(f"{card['integrin']} in Table 1: {n} row{'s' if n != 1 else ''} · "
                           f"{card['promotes']} promote{'s' if card['promotes'] == 1 else ''} · "
                           f"{card['inhibits']} inhibit{'s' if card['inhibits'] == 1 else ''}")
            verdict.set_text(textwrap.fill(_verdict(card).capitalize() + ".", width=64))
            for k, (marker, head, body) in enumerate(artists):
                if k >= n:
                    for artist in (marker, head, body):
                        artist.set_visible(False)
                    continue
                row = card["rows"][k]
                colour = style.DIRECTION_COLOURS[row["direction"]]
                marker.set_marker(DIRECTION_MARKERS[row["direction"]])
                marker.set_color(colour)
                marker.set_markeredgecolor("black")
                head.set_text(textwrap.shorten(f"{row['row_id']} · {row['direction'].upper()} · {row['cancer_or_source']}", 54, placeholder=" …"))
                head.set_color(colour if row["direction"] == "inhibits" else "black")
                note = f"  (see {', '.join(row['errata'])})" if row["errata"] else ""
                body.set_text(textwrap.fill(f"{row['function']}. {row['cite']}{note}", width=64))
                for artist in (marker, head, body):
                    artist.set_visible(True)
            related.set_text(textwrap.fill(card["related"], width=66))

        return update

    def alt(params, card):
        integrin = params["integrin"]
        rows = "; ".join(
            f"row {r['row_id']} {r['direction']} metastasis, {r['cancer_or_source']}: {r['function']}" for r in card["rows"]
        )
        return f"Role card for {integrin}: {_verdict(card)}. {rows}. {card['related']}"

    return Explorer(
        name="integrin-roles",
        controls=[Control("integrin", "integrin", labels, initial=initial)],
        model=model,
        setup=setup,
        alt=alt,
        figsize=(6.0, 6.4),
        caption="Choose an integrin to list its rows of the review's Table 1: where it acts, what it does, "
        "and whether it promotes (▲) or inhibits (▼) metastasis. The last line shows rows of the same α family.",
    )
