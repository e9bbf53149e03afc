"""Checks of the metastasis datasets curated from Liu et al. 2021 (MedComm 2:587) and science-sources.md.

Row counts against the review's tables, agent resolution for Table 2, alias hygiene, plausible
outcome values, the [checked]/[verify] discipline, errata links and bibliography keys.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from metastasis import data
from metastasis.references import bib_keys

MINE = [
    "cascade_steps",
    "cascade_efficiency",
    "tme_components",
    "cytokines_chemokines",
    "lncrnas",
    "checkpoint_entries",
    "checkpoint_agents",
    "interventions",
]

TABLE1_ROWS = 25          # Table 1: 25 lncRNA rows (H19 spans three)
TABLE2_ENTRIES = 113      # Table 2: non-empty agent cells over 53 rows (both parts of the table)
TABLE2_ROWS = 53
DISTINCT_AGENTS = 91      # after resolving code names, spelling variants and double listings


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return {name: data.load(name) for name in MINE}


def _split(cell) -> list[str]:
    if cell is None or pd.isna(cell) or str(cell) == "":
        return []
    return [part.strip() for part in str(cell).split("; ")]


def test_resources_are_declared():
    names = data.dataset_names()
    for name in MINE:
        assert name in names


def test_foreign_keys_resolve():
    problems = [p for p in data.check_foreign_keys() if p.split(":")[0].removesuffix(".csv") in MINE]
    assert problems == []


# --- Table 1 ------------------------------------------------------------------------------

def test_lncrnas_has_all_table1_rows(frames):
    lnc = frames["lncrnas"]
    assert len(lnc) == TABLE1_ROWS
    assert sorted(lnc["row_id"].tolist()) == list(range(1, TABLE1_ROWS + 1))
    for row_id, loc in zip(lnc["row_id"], lnc["source_location"]):
        assert loc == f"Table 1, row {row_id}"
    assert lnc["primary_source"].notna().all()


def test_h19_directions_follow_text_and_primary_studies(frames):
    lnc = frames["lncrnas"].set_index("row_id")
    # the table's Effect cells for rows 1 and 2 contradict the text and the cited studies (errata)
    assert (lnc.loc[1, "effect_as_written"], lnc.loc[1, "direction"]) == ("Inhibit", "promotes")
    assert (lnc.loc[2, "effect_as_written"], lnc.loc[2, "direction"]) == ("Promote", "inhibits")
    assert "TGFBI" in lnc.loc[2, "key_targets"]
    # every other row keeps the table's effect
    rest = lnc.drop(index=[1, 2])
    expected = rest["effect_as_written"].map({"Promote": "promotes", "Inhibit": "inhibits"})
    assert (rest["direction"].astype(str) == expected.astype(str)).all()


# --- Table 2 ------------------------------------------------------------------------------

def test_checkpoint_entry_count(frames):
    entries = frames["checkpoint_entries"]
    assert len(entries) == TABLE2_ENTRIES
    assert entries["table_row"].min() == 1 and entries["table_row"].max() == TABLE2_ROWS
    assert set(entries["table_row"]) == set(range(1, TABLE2_ROWS + 1))
    for row, loc in zip(entries["table_row"], entries["source_location"]):
        assert loc == f"Table 2, row {row}"


def test_one_agent_row_per_distinct_drug(frames):
    agents = frames["checkpoint_agents"]
    entries = frames["checkpoint_entries"]
    assert len(agents) == DISTINCT_AGENTS
    assert set(entries["agent"]) == set(agents["agent"]), "an agent row no entry uses, or an entry without an agent"


def test_every_entry_resolves_to_an_agent(frames):
    agents = frames["checkpoint_agents"].set_index("agent")
    for written, agent in zip(frames["checkpoint_entries"]["agent_as_written"], frames["checkpoint_entries"]["agent"]):
        assert agent in agents.index
        names = {agent.lower()} | {a.lower() for a in _split(agents.loc[agent, "aliases"])}
        assert written.lower() in names, f"{written!r} is neither the key nor an alias of {agent!r}"


def test_no_drug_appears_under_two_keys(frames):
    agents = frames["checkpoint_agents"]
    keys = {k.lower() for k in agents["agent"]}
    assert len(keys) == len(agents), "two agent keys differ only in case"
    seen: dict[str, str] = {}
    for agent, aliases in zip(agents["agent"], agents["aliases"]):
        for alias in _split(aliases):
            low = alias.lower()
            assert low not in keys, f"alias {alias!r} of {agent!r} is another agent's key"
            assert low not in seen, f"alias {alias!r} used by both {seen.get(low)!r} and {agent!r}"
            seen[low] = agent


def test_inn_keys_are_lower_case(frames):
    for agent in frames["checkpoint_agents"]["agent"]:
        if agent.lower() == agent:
            assert re.fullmatch(r"[a-z][a-z -]*[a-z]", agent)
        else:  # code name: notes must say there is no INN
            notes = frames["checkpoint_agents"].set_index("agent").loc[agent, "notes"]
            assert "no INN" in notes


def test_known_double_listings_are_resolved(frames):
    entries = frames["checkpoint_entries"]
    by_agent = entries.groupby("agent")["agent_as_written"].apply(set)
    assert by_agent["pembrolizumab"] == {"MK-3475", "Pembrolizumab"}
    assert by_agent["tislelizumab"] == {"BGB A317", "Tislelizumab"}
    assert by_agent["cemiplimab"] == {"REGN2810", "Cemiplimab"}
    assert by_agent["retifanlimab"] == {"MGA012", "Retifanlimab", "INCMGA00012"}
    assert by_agent["bintrafusp alfa"] == {"Bintrafusp alfa", "M7824"}
    assert by_agent["ipilimumab"] == {"MDX-010", "Ipilimumab"}
    assert by_agent["tremelimumab"] == {"CP 675,206", "Tremelimumab"}
    # every drug entered more than once carries an erratum
    counts = entries["agent"].value_counts()
    for agent in counts[counts > 1].index:
        notes = entries.loc[entries["agent"] == agent, "curation_note"]
        assert notes.notna().all() and notes.str.contains(r"MET-\d\d").all(), agent


def test_fda_approved_count_matches_text(frames):
    # "at least eight different ICIs have been approved by the US FDA" (section 3.3.2)
    agents = frames["checkpoint_agents"]
    fda = set(agents.loc[agents["approval_status_as_of_review"] == "approved-fda", "agent"])
    assert fda == {"nivolumab", "pembrolizumab", "cemiplimab", "dostarlimab", "atezolizumab",
                   "avelumab", "durvalumab", "ipilimumab"}


# --- interventions -------------------------------------------------------------------------

def test_intervention_values_are_plausible(frames):
    iv = frames["interventions"]
    for column in ("value", "comparator_value"):
        values = iv[column].dropna()
        assert (values > 0).all(), column
        pct = iv.loc[iv["unit"] == "percent", column].dropna()
        assert (pct <= 100).all(), column
    hr = iv.loc[iv["unit"] == "hazard ratio", "value"].dropna()
    assert ((hr > 0) & (hr < 5)).all()
    has_value = iv["value"].notna()
    assert iv.loc[has_value, "verified"].notna().all(), "a number without a verified flag"
    assert iv.loc[has_value, "unit"].notna().all(), "a number without a unit"
    assert iv.loc[~has_value, "comparator_value"].isna().all()


def test_verify_trials_are_not_entered_as_numbers(frames):
    iv = frames["interventions"]
    numeric = iv[iv["value"].notna()]
    assert not numeric["trial"].fillna("").str.contains("CENTRIC|CheckMate", regex=True).any()
    for _, row in iv[iv["verified"].eq(False).fillna(False)].iterrows():
        assert row["source"] == "liu2021metastasis"  # only the review's own unchecked figures


def _pair(iv, source, trial_pattern, endpoint):
    rows = iv[(iv["source"] == source) & iv["trial"].fillna("").str.contains(trial_pattern) & (iv["endpoint"] == endpoint)]
    assert len(rows) == 1, (source, trial_pattern, endpoint)
    return float(rows["value"].iloc[0]), float(rows["comparator_value"].iloc[0])


def test_review_numbers_agree_with_primary_trials(frames):
    iv = frames["interventions"]
    assert _pair(iv, "liu2021metastasis", "Melisi", "median OS") == _pair(iv, "melisi2018galunisertib", "Melisi", "median OS") == (8.9, 7.1)
    assert _pair(iv, "liu2021metastasis", "COMBI-d", "3-year PFS") == _pair(iv, "long2017overall", "COMBI-d", "3-year PFS") == (22, 12)
    assert _pair(iv, "liu2021metastasis", "COMBI-d", "3-year OS") == _pair(iv, "long2017overall", "COMBI-d", "3-year OS") == (44, 32)


def test_cristofanilli_threshold(frames):
    iv = frames["interventions"].set_index("outcome_id")
    assert iv.loc["IV-S01", "intervention_class"] == "biomarker"
    assert (iv.loc["IV-S01", "value"], iv.loc["IV-S01", "comparator_value"]) == (2.7, 7.0)
    assert iv.loc["IV-S02", "value"] == 10.1


# --- cascade -------------------------------------------------------------------------------

def test_cascade_steps(frames):
    steps = frames["cascade_steps"]
    assert sorted(steps["step_order"].tolist()) == list(range(1, len(steps) + 1))
    for step in ("local invasion", "intravasation", "survival in the circulation", "arrest and extravasation",
                 "colonization", "EMT", "MET", "pre-metastatic niche"):
        assert step in set(steps["step"])
    order = dict(zip(steps["step"], steps["step_order"]))
    assert order["local invasion"] < order["intravasation"] < order["survival in the circulation"] \
        < order["arrest and extravasation"] < order["colonization"]


def test_cascade_efficiency_discipline(frames):
    eff = frames["cascade_efficiency"]
    unverified = eff[~eff["verified"].astype(bool)]
    assert set(unverified["source"]) <= {"luzzi1998multistep"}
    assert unverified["curation_note"].str.contains("unverified; see science-sources.md", regex=False).all()
    assert (eff.loc[eff["source"] == "luzzi1998multistep", "verified"] == False).all()  # noqa: E712
    pct = eff.loc[eff["unit"] == "percent", "value"]
    assert ((pct > 0) & (pct <= 100)).all()
    shed = eff.set_index("quantity").loc["tumour cells shed into efferent blood", "value"]
    assert shed == pytest.approx(3.2e6)


def test_cytokine_roles(frames):
    cyto = frames["cytokines_chemokines"]
    roles = set(cyto["role"].cat.categories)
    for cell in cyto["other_roles"].dropna():
        assert set(_split(cell)) <= roles
    for receptor in ("CXCR2", "CXCR3", "CXCR4"):
        assert cyto["receptor"].fillna("").str.contains(receptor).any()


def test_tme_components(frames):
    tme = frames["tme_components"]
    for needle in ("TAMs", "Tregs", "neutrophils", "MDSCs", "CAFs", "MSCs", "TECs", "platelets", "ECM", "EVs", "NETs"):
        assert tme["component"].str.contains(needle, regex=False).any(), needle
    assert (tme["pro_metastatic"].notna() | tme["anti_metastatic"].notna()).all()


# --- errata and bibliography ----------------------------------------------------------------

def test_errata_links(frames):
    errata = data.load("errata")
    met = errata[errata["id"].str.startswith("MET-")]
    numbers = sorted(int(i[4:]) for i in met["id"])
    # IDs after MET-60 are handed out in ranges to authors working in parallel (e.g. MET-61–69 and
    # MET-70–77), so a branch may hold a later range before an earlier one is merged: require unique
    # IDs and a complete MET-01–MET-60, rather than one unbroken run.
    assert len(numbers) == len(set(numbers)) and numbers[0] == 1 and numbers[-1] <= 99, numbers
    assert numbers[:60] == list(range(1, 61)), "MET-01 to MET-60 (the curated data audit) must stay complete"
    assert all(re.fullmatch(r"MET-\d\d", i) for i in met["id"])
    ids = set(met["id"])
    referenced = set()
    for frame in frames.values():
        for column in ("curation_note", "notes"):
            if column in frame:
                for cell in frame[column].dropna():
                    referenced |= set(re.findall(r"MET-\d\d", cell))
    assert referenced <= ids, referenced - ids
    names = set(data.dataset_names())
    for cell in met["affected_resources"].dropna():
        assert set(_split(cell)) <= names
    kinds = set(met["kind"])
    assert {"duplicate-entry", "table-text-conflict", "wrong-expansion", "wrong-classification"} <= kinds


def test_every_bib_key_resolves(frames):
    known = bib_keys()
    used = set()
    for frame in frames.values():
        for column in ("source", "primary_source"):
            for cell in frame[column].dropna():
                used |= set(_split(cell))
    errata = data.load("errata")
    met = errata[errata["id"].str.startswith("MET-")]
    for column in ("source", "primary_source", "external_source"):
        for cell in met[column].dropna():
            used |= set(_split(cell))
    missing = sorted(used - known)
    assert missing == []
