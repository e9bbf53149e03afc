"""Checks for the integrin datasets curated from Su et al. 2020 (su2020integrins).

integrin_subunits, integrin_heterodimers, integrin_roles (the review's Tables 1-3),
integrin_agents, integrin_trials (with integrin_trial_arms) and integrin_imaging_probes: row counts against the
source, the corrections recorded in errata.csv, and every key resolving.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest

from metastasis import data
from metastasis.references import bib_keys

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "data"
MINE = (
    "integrin_subunits",
    "integrin_heterodimers",
    "integrin_roles",
    "integrin_agents",
    "integrin_trials",
    "integrin_trial_arms",
    "integrin_imaging_probes",
)
# printed rows per table, blank "same as above" rows included
PRINTED_ROWS = {"Table 1": 25, "Table 2": 10, "Table 3": 13}
# misspellings in the review that the data must never repeat (errata INT-01 to INT-04)
MISSPELLINGS = ("abrituzumab", "RDG-K5", "Kopenhagen", "AIB2")


@pytest.fixture(scope="module")
def frames():
    return {name: data.load(name) for name in MINE}


def _split(value) -> list[str]:
    """The parts of a '; '-separated cell (none for an empty cell)."""
    if value is None or pd.isna(value):
        return []
    return [part.strip() for part in str(value).split(";") if part.strip()]


def test_all_six_resources_are_declared_and_load(frames):
    names = data.dataset_names()
    for name in MINE:
        assert name in names, f"{name} missing from datapackage.json"
        assert len(frames[name]) > 0, f"{name} is empty"


def test_schemas_are_complete():
    for name in MINE:
        schema = data.resource(name)["schema"]
        assert schema.get("primaryKey"), f"{name}: no primary key"
        for field in schema["fields"]:
            assert field.get("type"), f"{name}.{field['name']}: no type"
            assert field.get("description"), f"{name}.{field['name']}: no description"
        names = [f["name"] for f in schema["fields"]]
        assert names[-4:] == ["source", "source_location", "primary_source", "curation_note"], f"{name}: provenance columns not last"
    fks = {name: data.resource(name)["schema"].get("foreignKeys", []) for name in MINE}
    targets = {name: {(fk["fields"][0], fk["reference"]["resource"]) for fk in fks[name]} for name in MINE}
    assert targets["integrin_heterodimers"] == {("alpha", "integrin_subunits"), ("beta", "integrin_subunits")}
    assert targets["integrin_roles"] == {("heterodimer", "integrin_heterodimers"), ("subunit", "integrin_subunits")}
    assert targets["integrin_imaging_probes"] == {("heterodimer", "integrin_heterodimers"), ("subunit", "integrin_subunits")}
    assert targets["integrin_trials"] == {("agent", "integrin_agents")}
    assert targets["integrin_trial_arms"] == {("trial_key", "integrin_trials")}


def test_subunits_are_18_alpha_and_8_beta(frames):
    sub = frames["integrin_subunits"]
    assert len(sub) == 26
    assert (sub["chain"] == "alpha").sum() == 18
    assert (sub["chain"] == "beta").sum() == 8
    with_ai = set(sub.loc[sub["alpha_i_domain"].fillna(False).astype(bool), "subunit"])
    assert with_ai == {"α1", "α2", "α10", "α11", "αL", "αM", "αX", "αD", "αE"}
    assert sub.loc[sub["chain"] == "beta", "alpha_i_domain"].isna().all(), "β subunits must leave alpha_i_domain empty"
    assert sub.loc[sub["chain"] == "alpha", "alpha_i_domain"].notna().all()


def test_heterodimers_24_with_12_beta1_and_5_alphav(frames):
    het = frames["integrin_heterodimers"]
    assert len(het) == 24
    assert (het["beta"] == "β1").sum() == 12
    assert (het["alpha"] == "αv").sum() == 5
    assert (het["heterodimer"] == het["alpha"].astype(str) + het["beta"].astype(str)).all()


def test_ligand_classes_8_4_4_8(frames):
    het = frames["integrin_heterodimers"]
    counts = het["ligand_class"].value_counts().to_dict()
    assert counts == {"RGD": 8, "collagen": 4, "laminin": 4, "leukocyte/other": 8}
    by_class = het.groupby("ligand_class", observed=True)["heterodimer"].apply(set).to_dict()
    assert by_class["RGD"] == {"α5β1", "α8β1", "αvβ1", "αvβ3", "αvβ5", "αvβ6", "αvβ8", "αIIbβ3"}
    assert by_class["collagen"] == {"α1β1", "α2β1", "α10β1", "α11β1"}
    assert by_class["laminin"] == {"α3β1", "α6β1", "α7β1", "α6β4"}


def test_roles_match_printed_tables(frames):
    roles = frames["integrin_roles"]
    locations = roles["source_location"].astype(str)
    for table, n in PRINTED_ROWS.items():
        printed = {loc for loc in locations if loc.startswith(table + ",")}
        assert len(printed) == n, f"{table}: {len(printed)} printed rows, expected {n}"
        rows = sorted(int(re.search(r"row (\d+)$", loc).group(1)) for loc in printed)
        assert rows == list(range(1, n + 1)), f"{table}: rows {rows}"
    process = {"Table 1": "metastasis", "Table 2": "stemness", "Table 3": "therapy-resistance"}
    for row in roles.itertuples():
        table = row.source_location.split(",")[0]
        assert row.process == process[table], f"{row.row_id}: process {row.process} in {table}"
        assert row.row_id[1] == table[-1] and int(row.row_id[3:5]) == int(row.source_location.rsplit(" ", 1)[1]), row.row_id
    # the split row: α6β1/α6β4/αvβ5 gives three rows
    split = roles[roles["row_id"].str.startswith("T1-01")]
    assert set(split["heterodimer"]) == {"α6β1", "α6β4", "αvβ5"}


def test_roles_name_a_heterodimer_or_a_subunit(frames):
    roles = frames["integrin_roles"]
    for row in roles.itertuples():
        has_het = isinstance(row.heterodimer, str)
        has_sub = isinstance(row.subunit, str)
        if row.row_id == "T1-02":
            # ITGBL1 is not an integrin subunit (INT-16): neither column is filled
            assert not has_het and not has_sub and "INT-16" in row.curation_note
            continue
        assert has_het != has_sub, f"{row.row_id}: fill exactly one of heterodimer and subunit"
        assert isinstance(row.primary_source, str) and row.primary_source, f"{row.row_id}: no primary_source"


def test_table_corrections_applied(frames):
    roles = frames["integrin_roles"].set_index("row_id")
    # INT-06: Table 3 lists α6, text and papers say β1
    assert roles.loc["T3-06", "subunit"] == "β1" and roles.loc["T3-07", "subunit"] == "β1"
    assert roles.loc["T3-06", "integrin_as_written"] == "α6"
    # INT-07: Jin 2019 is pancreatic cancer
    assert "ancrea" in roles.loc["T3-12", "cancer_or_source"]
    # INT-03 / INT-05
    assert roles.loc["T3-03", "primary_source"] == "koppenhagen2017head"
    assert roles.loc["T3-07", "function"] == "Doxorubicin resistance"
    # INT-14: Sun 2018 is osteosarcoma and glioblastoma, not breast cancer
    assert "steosarcoma" in roles.loc["T1-23", "cancer_or_source"]
    # INT-18 / INT-19: cancer types follow the cited papers
    assert "oesophageal" in roles.loc["T2-01", "cancer_or_source"].lower()
    assert roles.loc["T2-09", "cancer_or_source"] == "Glioma"
    # INT-29: printed αx is αX
    assert roles.loc["T1-22", "subunit"] == "αX"
    # inhibiting rows
    assert set(roles.index[roles["direction"] == "inhibits"]) == {"T1-12", "T1-13", "T1-25"}


def test_misspellings_never_reach_the_data():
    """No data cell repeats the review's misspellings. errata.csv quotes them as evidence, and a
    curation_note may quote one to document its correction; every other cell must be clean."""
    for path in sorted(DATA_DIR.glob("*.csv")):
        if path.name == "errata.csv":
            continue
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        header, body = rows[0], rows[1:]
        for lineno, row in enumerate(body, start=2):
            for column, cell in zip(header, row):
                if column == "curation_note" and not path.name.startswith("integrin_"):
                    continue
                for bad in MISSPELLINGS:
                    assert bad not in cell, f"{path.name}: line {lineno}, column {column!r} contains the review's misspelling {bad!r}"


def test_agents_use_inns_and_code_names(frames):
    agents = frames["integrin_agents"].set_index("agent")
    for name in ("cilengitide", "abituzumab", "MINT1526A", "AIIB2", "cetuximab", "temozolomide", "cediranib",
                 "irinotecan", "bevacizumab", "imatinib"):
        assert name in agents.index, f"{name} missing from integrin_agents"
    assert _split(agents.loc["cilengitide", "aliases"]) == ["EMD 121974", "NSC 707544"]
    assert {"DI17E6", "EMD 525797"} <= set(_split(agents.loc["abituzumab", "aliases"]))
    for name in agents.index:
        if re.fullmatch(r"[a-z]+", name):
            continue  # an INN in lower case
        assert "no INN" in str(agents.loc[name, "curation_note"]), f"{name}: a key that is not an INN needs a curation note saying so"
    known = set(frames["integrin_subunits"]["subunit"]) | set(frames["integrin_heterodimers"]["heterodimer"])
    for name, targets in agents["integrin_targets"].items():
        for target in _split(targets):
            assert target in known, f"{name}: unknown integrin target {target!r}"


def test_every_combination_agent_is_in_integrin_agents(frames):
    agents = set(frames["integrin_agents"]["agent"])
    trials = frames["integrin_trials"]
    for row in trials.itertuples():
        assert row.agent in agents, f"{row.trial_key}: agent {row.agent!r} not in integrin_agents"
        for other in _split(row.combination):
            assert other in agents, f"{row.trial_key}: combination agent {other!r} not in integrin_agents"
        integrin_targeted = frames["integrin_agents"].set_index("agent").loc[row.agent, "integrin_targets"]
        assert _split(integrin_targeted), f"{row.trial_key}: {row.agent} is not integrin-targeted"


def test_trials_cover_the_review(frames):
    trials = frames["integrin_trials"].set_index("trial_key")
    for nct in ("NCT00689221", "NCT00979862", "NCT01118676", "NCT01008475", "NCT00958477", "NCT01360840", "NCT01139723"):
        assert nct in trials.index, f"{nct} missing"
    names = set(trials["trial_name"].dropna())
    assert {"CORE", "CERTO", "POSEIDON", "PERSEUS"} <= names
    # numbers from the review and from [checked] science-sources entries only
    assert trials.loc["NCT01118676", "pfs_months"] == 14.4
    assert trials.loc["NCT01118676", "os_months"] == 29.4
    core = trials[trials["trial_name"] == "CORE"].iloc[0]
    assert core["os_months"] == 16.3 and core["hazard_ratio"] == 0.686
    # CENTRIC's survival figures are [verify] in science-sources.md: never entered as settled
    centric = trials.loc["NCT00689221"]
    assert centric[["pfs_months", "os_months", "hazard_ratio"]].isna().all()
    assert centric["result"] == "negative"


def test_trial_arms_hold_core_and_agree_with_the_trials_table(frames):
    arms = frames["integrin_trial_arms"].set_index("arm_id")
    trials = frames["integrin_trials"].set_index("trial_key")
    core = arms[arms["trial_key"] == "NCT00813943"]
    assert len(core) == 3 and (core["role"] == "control").sum() == 1
    assert core.loc["CORE-standard", "median_os_months"] == 16.3
    assert core.loc["CORE-intensive", "median_os_months"] == 14.5
    assert core.loc["CORE-control", "median_os_months"] == 13.4
    # the standard arm is the one integrin_trials summarises
    assert core.loc["CORE-standard", "median_os_months"] == trials.loc["NCT00813943", "os_months"]
    assert core.loc["CORE-standard", "hazard_ratio_vs_control"] == trials.loc["NCT00813943", "hazard_ratio"]
    assert pd.isna(core.loc["CORE-control", "hazard_ratio_vs_control"])
    # CENTRIC's figures are unconfirmed: no arm rows until they are
    assert "NCT00689221" not in set(arms["trial_key"])
    for row in arms.itertuples():
        assert "[checked]" in row.curation_note, f"{row.Index}: no [checked] status in its note"


def test_imaging_probes(frames):
    probes = frames["integrin_imaging_probes"].set_index("tracer")
    assert {"99mTc-RWY", "68Ga-DOTA-A2B1", "SFLAP3 peptide", "RGD-K5"} <= set(probes.index)
    assert probes.loc["99mTc-RWY", "trial_id"] == "NCT04289532"
    assert probes.loc["99mTc-RWY", "subunit"] == "α6"
    assert probes.loc["RGD-K5", "heterodimer"] == "αvβ3"
    for row in probes.reset_index().itertuples():
        assert isinstance(row.heterodimer, str) != isinstance(row.subunit, str), f"{row.tracer}: fill exactly one"


def test_foreign_keys_resolve_for_integrin_tables():
    problems = data.check_foreign_keys()
    paths = {data.resource(name)["path"] for name in MINE}
    mine = [p for p in problems if p.split(":")[0] in paths]
    assert mine == [], "\n".join(mine)


def test_every_bib_key_resolves(frames):
    known = bib_keys()
    errata = data.load("errata")
    errata = errata[errata["id"].str.startswith("INT-")]
    tables = dict(frames, errata=errata)
    missing = []
    for name, frame in tables.items():
        for column in ("source", "primary_source", "external_source"):
            if column not in frame.columns:
                continue
            for value in frame[column].dropna():
                missing += [f"{name}.{column}: {k}" for k in _split(value) if k not in known]
    assert not missing, "\n".join(missing)


def test_errata_cited_in_notes_exist_and_are_used(frames):
    errata = data.load("errata")
    ids = set(errata["id"])
    ours = {i for i in ids if i.startswith("INT-")}
    assert len(ours) >= 20, f"only {len(ours)} INT errata"
    cited = set()
    for name, frame in frames.items():
        for note in frame["curation_note"].dropna():
            cited |= set(re.findall(r"INT-\d{2}", note))
    assert cited <= ids, f"curation notes cite unknown errata: {sorted(cited - ids)}"
    # every erratum that names an affected resource is cited by a row of that resource
    for row in errata[errata["id"].str.startswith("INT-")].itertuples():
        for res in _split(row.affected_resources):
            if res in frames:
                notes = " ".join(frames[res]["curation_note"].dropna())
                assert row.id in notes, f"{row.id} names {res} but no row there cites it"


def test_errata_file_ends_with_newline():
    assert (DATA_DIR / "errata.csv").read_text(encoding="utf-8").endswith("\n")
