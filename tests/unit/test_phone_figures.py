"""Every static figure a chapter page shows is legible on a phone.

Pages draw their figures with the package's ``*_figure`` functions and show them through
``compact_figure.show``, which refuses a figure whose text would be under
``style.MIN_PHONE_TEXT_PX`` at the phone column's ``style.PHONE_FIGURE_WIDTH_PX``. This test
draws each of those figures as the page does (book style applied) and runs the same check, so a
figure made wider, or given smaller text, fails here before it fails a build.
"""

from __future__ import annotations

import functools
import itertools
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib as mpl  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from metastasis import data, style  # noqa: E402
from metastasis.cascade import circulation, emt, inefficiency  # noqa: E402
from metastasis.integrins import clinic, resistance, stemness, structure  # noqa: E402
from metastasis.integrins.metastasis import organotropism as org  # noqa: E402
from metastasis.interventions import conventional, delivery, immunotherapy, targeted  # noqa: E402
from metastasis.microenvironment import immune, programmes, signals, stroma  # noqa: E402
from metastasis.integrins.metastasis import principles, roles  # noqa: E402

BOOK = Path(__file__).resolve().parents[2] / "book"


def figure_of(made):
    """A ``*_figure`` function returns the figure, or ``(figure, values)`` when the page uses the values."""
    return made[0] if isinstance(made, tuple) else made


@functools.cache
def _load(name: str):
    return data.load(name)


#: name → how the page makes the figure.
FIGURES = {
    "circulation: cluster advantage": lambda: circulation.cluster_advantage_figure(),
    "circulation: threshold chance": lambda: circulation.threshold_chance_figure(),
    "emt: bifurcation": lambda: emt.bifurcation_figure(),
    "emt: state windows": lambda: emt.state_windows_figure(),
    "emt: pulse memory": lambda: emt.pulse_memory_figure(),
    "inefficiency: cascade chain": lambda: inefficiency.cascade_chain_figure(),
    "inefficiency: extinction": lambda: inefficiency.extinction_figure(),
    "inefficiency: CTCs per tube": lambda: inefficiency.ctc_per_tube_figure(),
    "clinic: trial map": lambda: clinic.trial_map_figure(_load("integrin_trials")),
    "clinic: CORE survival": lambda: clinic.core_os_figure(),
    "metastasis: principles": lambda: principles.principles_figure(),
    "metastasis and signals: organotropism": lambda: org.organotropism_figure(org.load_organotropism()),
    "metastasis: role map": lambda: roles.role_map_figure(roles.load_roles("metastasis")),
    "resistance: network": lambda: resistance.network_figure(
        resistance.build_network(_load("integrin_roles"), _load("integrin_heterodimers"))),
    "stemness: marker map": lambda: stemness.marker_map_figure(_load("integrin_roles")),
    "stemness: mechanism map": lambda: stemness.mechanism_map_figure(),
    "stemness: ligand blockade": lambda: stemness.blockade_figure(),
    "structure: pairing matrix": lambda: structure.pairing_matrix_figure(_load("integrin_heterodimers")),
    "structure: domains and conformations": lambda: structure.domain_figure(),
    "structure: occupancy": lambda: structure.occupancy_figure(),
    "resistance: type counts": lambda: resistance.type_counts_figure(resistance.resistance_edges(_load("integrin_roles"))),    "immune: macrophage spectrum": lambda: immune.macrophage_spectrum_figure(),
    "immune: phase plane": lambda: immune.phase_plane_figure(),
    "immune: bifurcation": lambda: immune.bifurcation_figure(),
    "programmes: autophagy": lambda: programmes.autophagy_figure(),
    "programmes: Table 1 summary": lambda: programmes.table1_summary_figure(_load("lncrnas")),
    "signals: network": lambda: signals.full_network_figure(signals.build_network(_load("cytokines_chemokines"))),
    "signals: organ addresses": lambda: signals.organ_addresses_figure(
        signals.organ_addresses(_load("cytokines_chemokines"), org.load_organotropism())),
    "signals: NET sequence": lambda: signals.net_sequence_figure(),
    "stroma: mechanism counts": lambda: stroma.mechanism_counts_figure(stroma.mechanism_counts(_load("tme_components"))),
    "stroma: network": lambda: stroma.network_figure(stroma.network_view(
        stroma.factor_edges(_load("tme_components")), "all", "all",
        stroma.cytokine_roles(_load("cytokines_chemokines")), min_components=2)),
    "conventional: Gompertz history": lambda: conventional.gompertz_history_figure(),
    "conventional: kill per dose": lambda: conventional.kill_per_dose_figure(first_kill=1.0, interval=21.0),
    "conventional: fractionation": lambda: conventional.fractionation_figure(),
    "delivery: nanoparticle": lambda: delivery.nanoparticle_figure(),
    "delivery: natural compounds": lambda: delivery.natural_compounds_figure(),
    "immunotherapy: pipeline overview": lambda: immunotherapy.pipeline_overview_figure("one drug, one cell"),
    "immunotherapy: checkpoint survival": lambda: immunotherapy.checkpoint_survival_figure(),
    "immunotherapy: escape bifurcation": lambda: immunotherapy.escape_bifurcation_figure(),
    "targeted: evidence map": lambda: targeted.evidence_map_figure(_load("interventions")),
    "targeted: combination fit": lambda: targeted.combi_fit_figure(),
    "targeted: transient trial": lambda: targeted.transient_trial_figure(),
}


@pytest.fixture
def book_style():
    with mpl.rc_context():
        style.apply()
        yield
    plt.close("all")


def _drawn_texts(fig) -> list[Text]:
    """The figure's visible texts, without the labels of ticks outside the axes' limits (never drawn)."""
    hidden = set()
    for ax in fig.axes:
        for axis, limits in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
            lo, hi = sorted(limits)
            slack = 1e-9 * (hi - lo)
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                if not lo - slack <= tick.get_loc() <= hi + slack:
                    hidden.update({id(tick.label1), id(tick.label2)})
    return [t for t in fig.findobj(Text)
            if t.get_visible() and t.get_text().strip() and t.figure is fig and id(t) not in hidden]


def clashing_text(fig) -> list[str]:
    """Texts cut off by the figure's edge, and pairs of texts that overlap, as messages."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    width, height = fig.bbox.width, fig.bbox.height
    # Text.get_window_extent: an annotation's own extent includes its arrow; only the words count here
    boxes = [(t.get_text().replace("\n", " ")[:40], Text.get_window_extent(t, renderer)) for t in _drawn_texts(fig)]
    problems = [f"{text!r} runs off the figure" for text, b in boxes
                if b.x0 < -1 or b.y0 < -1 or b.x1 > width + 1 or b.y1 > height + 1]
    for (t1, b1), (t2, b2) in itertools.combinations(boxes, 2):
        if min(b1.x1, b2.x1) > max(b1.x0, b2.x0) and min(b1.y1, b2.y1) > max(b1.y0, b2.y0):
            problems.append(f"{t1!r} overlaps {t2!r}")
    return problems


@pytest.mark.parametrize("name", list(FIGURES))
def test_page_figure_is_legible_on_a_phone(name, book_style):
    fig = figure_of(FIGURES[name]())
    assert style.check_phone_legible(fig) >= style.MIN_PHONE_TEXT_PX
    assert clashing_text(fig) == []


def test_clashing_text_finds_overlap_and_clipping(book_style):
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.text(0.1, 0.5, "one label", fontsize=11)
    ax.text(0.15, 0.5, "another label", fontsize=11)
    fig.text(0.9, 0.9, "cut off at the edge", fontsize=11)
    problems = clashing_text(fig)
    assert "'one label' overlaps 'another label'" in problems
    assert "'cut off at the edge' runs off the figure" in problems


def test_a_wider_figure_fails_the_check(book_style):
    fig = figure_of(FIGURES["emt: state windows"]())
    fig.set_figwidth(8.0)
    with pytest.raises(style.IllegibleFigureError, match="narrower"):
        style.check_phone_legible(fig)


_FIGURE_CALL = re.compile(r"\b(\w+)\.(\w+_figure)\(")


def test_every_figure_function_a_page_calls_is_checked_here():
    """A new page figure cannot escape this test: each ``<module>.<name>_figure(`` a page calls is in FIGURES."""
    called = {m.group(2) for page in BOOK.glob("*/*.md") for m in _FIGURE_CALL.finditer(page.read_text(encoding="utf-8"))}
    source = Path(__file__).read_text(encoding="utf-8")
    checked = {m.group(2) for m in _FIGURE_CALL.finditer(source.split("FIGURES = {", 1)[1].split("\n}\n", 1)[0])}
    assert called, "no page calls a *_figure function"
    assert called <= checked, f"page figures not checked for phone legibility: {sorted(called - checked)}"


def test_pages_draw_no_figure_of_their_own():
    """Figures are drawn by package functions (checked above), not by ``plt.subplots`` in a page cell."""
    drawing = [f"{page.relative_to(BOOK)}" for page in sorted(BOOK.glob("*/*.md"))
               if re.search(r"plt\.(subplots|figure)\(", page.read_text(encoding="utf-8"))]
    assert drawing == [], f"pages that draw a figure in a cell instead of calling a package *_figure function: {drawing}"
