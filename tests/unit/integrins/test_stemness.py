"""Table 2 helpers, the curated marker claims and mechanisms, their figures and the exercise check."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from metastasis import data  # noqa: E402
from metastasis.integrins import stemness  # noqa: E402
from metastasis.references import bib_keys  # noqa: E402


@pytest.fixture(scope="module")
def roles():
    return data.load("integrin_roles")


def test_table_two_has_ten_rows(roles):
    rows = stemness.stemness_rows(roles)
    assert len(rows) == 10
    assert set(rows["row_id"]) == {f"T2-{i:02d}" for i in range(1, 11)}


def test_rows_per_integrin(roles):
    assert stemness.rows_per_integrin(roles) == {"α6": 4, "α6β1": 1, "α7": 2, "αvβ3": 1, "αvβ8": 1, "β4": 1}


def test_stemness_rows_bad_input():
    with pytest.raises(TypeError, match="DataFrame"):
        stemness.stemness_rows([1, 2])
    with pytest.raises(KeyError, match="process"):
        stemness.stemness_rows(pd.DataFrame({"row_id": [], "integrin_as_written": []}))
    with pytest.raises(ValueError, match="stemness"):
        stemness.stemness_rows(pd.DataFrame({"row_id": ["x"], "integrin_as_written": ["α6"], "process": ["metastasis"]}))


def test_cancer_group():
    assert stemness.cancer_group("Glioma") == "glioblastoma / glioma"
    assert stemness.cancer_group("Breast cancer stem cells") == "breast"
    assert stemness.cancer_group("lung") == "lung"
    with pytest.raises(ValueError, match="no marker-map column"):
        stemness.cancer_group("Tongue squamous cell carcinoma, somewhere")
    with pytest.raises(ValueError, match="non-empty"):
        stemness.cancer_group("")


def test_every_table_two_cancer_has_a_column(roles):
    for cancer in stemness.stemness_rows(roles)["cancer_or_source"]:
        assert stemness.cancer_group(str(cancer)) in stemness.CANCER_GROUPS


def test_curated_sources_resolve():
    keys = bib_keys()
    used = {c.source for c in stemness.marker_claims() if c.source} | {m.source for m in stemness.mechanisms()}
    assert used <= keys, f"unknown bibtex keys: {sorted(used - keys)}"


def test_curated_entries_are_consistent(roles):
    ids = set(roles["row_id"])
    for m in stemness.mechanisms():
        assert m.evidence in stemness.EVIDENCE_CLASSES
        assert m.first_step in ("activates", "inhibits")
        if m.table_row:
            assert m.table_row in ids
            row = roles.loc[roles["row_id"] == m.table_row].iloc[0]
            assert m.source in str(row["primary_source"]), f"{m.key}: {m.table_row} cites {row['primary_source']}"
    for c in stemness.marker_claims():
        assert c.integrin in stemness.INTEGRIN_ORDER and c.cancer in stemness.CANCER_GROUPS
    # only one study in the section shows signalling without a ligand
    assert [m.key for m in stemness.mechanisms() if m.evidence == "no ligand needed"] == ["seguin"]
    # every Table 2 row appears in the mechanism map
    t2 = {m.table_row for m in stemness.mechanisms() if m.table_row and m.table_row.startswith("T2")}
    assert t2 == {f"T2-{i:02d}" for i in range(1, 11)}


def test_curated_tables_load_as_the_page_needs():
    claims, routes = stemness.marker_claims(), stemness.mechanisms()
    assert isinstance(claims, tuple) and all(isinstance(c, stemness.MarkerClaim) for c in claims)
    assert isinstance(routes, tuple) and all(isinstance(m, stemness.Mechanism) for m in routes)
    assert len(claims) == 12 and len(routes) == 15
    assert [m.key for m in routes] == ["paolillo", "chang", "wu", "cao", "herrmann", "guerrero", "haas", "seguin",
                                       "ge", "moon", "kowalski", "ming", "ma", "brooks", "brantley"]
    assert [(c.integrin, c.cancer) for c in claims][:3] == [("α6", "breast"), ("α6", "glioblastoma / glioma"),
                                                          ("α6", "colorectal")]
    # an empty cell is None for a study key and "" for a note, as in the dataclasses' defaults
    lung = next(c for c in claims if (c.integrin, c.cancer) == ("β4", "lung"))
    assert lung.source is None and lung.note == "stated in the review without a citation"
    assert next(c for c in claims if c.cancer == "breast" and c.integrin == "α6").note == ""
    assert [m.table_row for m in routes if m.key in ("paolillo", "seguin", "chang")] == [None, "T2-10", "T3-13"]
    assert [m.key for m in routes if m.first_step == "inhibits"] == ["brantley"]
    # every value is plain text (or None), never a pandas scalar or categorical
    assert all(type(v) in (str, type(None)) for x in claims + routes for v in x.__dict__.values())
    # the plotting functions default to every route
    assert stemness.mechanism_map_size() == stemness.mechanism_map_size(routes)


def test_module_imports_without_touching_data(tmp_path):
    import subprocess
    import sys

    code = "import metastasis.integrins.stemness as s; print(s.__name__)"
    env = {"METASTASIS_DATA_DIR": str(tmp_path / "nowhere"), "PATH": ""}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]


def test_review_calls_some_ligand_engaged_routes_independent():
    frame = stemness.mechanisms_frame()
    mismatch = frame[(frame.review_grouping == "ligand-independent") & (frame.evidence == "ligand engaged")]
    assert set(mismatch["key"]) == {"guerrero", "herrmann"}


def test_marker_evidence(roles):
    ev = stemness.marker_evidence(roles)
    assert set(ev["kind"]) == {"Table 2 row", "text, cited", "text, no citation"}
    a6_breast = ev[(ev.integrin == "α6") & (ev.cancer == "breast") & (ev.kind == "Table 2 row")]
    assert int(a6_breast["count"].iloc[0]) == 2
    assert int(ev.loc[ev.kind == "Table 2 row", "count"].sum()) == 10


def test_figures_draw(roles):
    fig, ax = plt.subplots()
    stemness.plot_marker_map(ax, roles)
    assert [t.get_text() for t in ax.get_xticklabels()][0] == "α6"
    assert [t.get_text() for t in ax.get_yticklabels()][0] == "breast"
    plt.close(fig)
    fig, ax = plt.subplots()
    stemness.plot_mechanism_map(ax)
    assert len(ax.patches) == 4 * len(stemness.mechanisms())
    plt.close(fig)


def test_mechanism_map_rejects_unknown_class():
    bad = (stemness.Mechanism("x", "α6", "l", "r", "t", "c", "maybe", "g", "su2020integrins"),)
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="evidence class"):
        stemness.plot_mechanism_map(ax, bad)
    plt.close(fig)


def test_check_rows_per_integrin(roles, capsys):
    right = stemness.rows_per_integrin(roles)
    assert stemness.check_rows_per_integrin(right, roles)
    assert stemness.check_rows_per_integrin(pd.Series(right), roles)
    assert not stemness.check_rows_per_integrin(..., roles)
    assert "not answered yet" in capsys.readouterr().out
    wrong = dict(right, **{"αvβ3": 2})
    assert not stemness.check_rows_per_integrin(wrong, roles)
    out = capsys.readouterr().out
    assert "αvβ3" in out and "T3-13" in out
    assert not stemness.check_rows_per_integrin(["α6"], roles)
    assert "dict" in capsys.readouterr().out
    everything = roles["integrin_as_written"].astype(str).value_counts().to_dict()
    assert not stemness.check_rows_per_integrin(everything, roles)
    assert "process" in capsys.readouterr().out


def test_table_two_for_display(roles):
    t = stemness.table_two(roles)
    assert list(t.index) == [f"T2-{i:02d}" for i in range(1, 11)]
    assert t.loc["T2-09", "ligand / target"] == "–"
    assert t.loc["T2-01", "study"].startswith("Ming")


def test_mechanism_map_figure_is_sized_to_its_rows():
    w, h = stemness.mechanism_map_size()
    fewer = stemness.mechanisms()[:3]
    assert stemness.mechanism_map_size(fewer)[1] < h
    fig = stemness.mechanism_map_figure(fewer)
    assert tuple(fig.get_size_inches()) == pytest.approx(stemness.mechanism_map_size(fewer))
    plt.close(fig)
    bad = (stemness.Mechanism("x", "α6", "l", "r", "t", "c", "ligand engaged", "g", "su2020integrins",
                              first_step="blocks"),)
    with pytest.raises(ValueError, match="first_step"):
        stemness.mechanism_map_size(bad)


def test_blockade_explorer_is_registered_fast_and_described():
    from metastasis import explorers

    e = explorers.get("stemness-ligand-blockade")
    assert e.time_model_ms({"percent_independent": 30}) < 20
    for params in e.combinations():
        data = e.update(params)
        assert np.all((data["total"] >= 0) & (data["total"] <= 100.0 + 1e-9))
        text = e.alt_text(params, data)
        assert f"{params['percent_independent']:g}%" in text
    assert "never" in e.alt_text({"percent_independent": 60}, e.model(percent_independent=60))
    assert "green line" in e.alt_text({"percent_independent": 20}, e.model(percent_independent=20))

