"""Checks for data/glossary.csv, the table the book's glossary page is generated from."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from metastasis import data

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO.parent / "shared" / "seeds"
REVIEWS = ("su2020integrins", "liu2021metastasis")
NGRAM = 12  # a run of this many words shared with a review counts as copied

# Abbreviations verified by hand to occur in the body, tables or table footnotes of the reviews.
SPOT_CHECK = [
    # Su et al. 2020
    "ECM", "CSC", "RGD", "FAK", "SFK", "TME", "CTC", "CAF", "PDGFR", "EV", "ILK", "PKA", "GSK3",
    "HCC", "HUVEC", "VEGF", "TGF-β", "α-SMA", "HIF", "GSC", "EGFR", "PDAC", "NSCLC", "PFS", "OS",
    "SPECT", "PET", "MMP", "TGFBI", "Exo",
    # Liu et al. 2021
    "EMT", "MET", "BM", "TAM", "Treg", "MDSC", "NET", "MSC", "NK", "PD-1", "PD-L1", "CTLA-4",
    "LAG-3", "TIM-3", "TIGIT", "ICI", "lncRNA", "TEC", "TIL", "TKI", "NPC", "ROS", "CLDN1",
]


@pytest.fixture(scope="module")
def glossary():
    return data.load("glossary")


def _words(text: str) -> list[str]:
    """Fold text the way shared/tools/check_copied_prose.py does before comparing n-grams."""
    text = re.sub(r"\$[^$]*\$", " ", text)                    # LaTeX fragments
    text = re.sub(r"\^\{[^}]*\}", " ", text)                   # superscript citations
    text = re.sub(r"\{cite:[a-z]+\}`[^`]*`", " ", text)        # MyST citations
    text = re.sub(r"\([A-Z][^()]*\d{4}[a-z]?\)", " ", text)   # (Author et al., 2019)
    return re.findall(r"[a-z0-9]+", text.lower())


def _grams(words: list[str], n: int = NGRAM) -> set[str]:
    return {" ".join(words[i:i + n]) for i in range(len(words) - n + 1)}


def test_loads_with_both_kinds(glossary):
    assert len(glossary) > 0
    assert set(glossary["kind"].dropna().unique()) == {"abbreviation", "concept"}


def test_abbreviations_have_expansions(glossary):
    abbr = glossary[glossary["kind"] == "abbreviation"]
    missing = abbr.loc[abbr["expansion"].isna(), "term"].tolist()
    assert not missing, f"abbreviation rows without an expansion: {missing}"


def test_concepts_have_no_expansion(glossary):
    concepts = glossary[glossary["kind"] == "concept"]
    filled = concepts.loc[concepts["expansion"].notna(), "term"].tolist()
    assert not filled, f"concept rows with an expansion: {filled}"


def test_terms_unique_ignoring_case(glossary):
    folded = glossary["term"].str.lower()
    dups = glossary.loc[folded.duplicated(keep=False), "term"].tolist()
    assert not dups, f"terms that differ only in case: {dups}"


def test_definitions_are_one_line(glossary):
    bad = glossary.loc[glossary["definition"].str.contains("\n"), "term"].tolist()
    assert not bad, f"multi-line definitions: {bad}"


def test_spot_check_abbreviations_present(glossary):
    abbr = set(glossary.loc[glossary["kind"] == "abbreviation", "term"])
    missing = [t for t in SPOT_CHECK if t not in abbr]
    assert not missing, f"abbreviations missing from the glossary: {missing}"


def test_concept_count(glossary):
    n = int((glossary["kind"] == "concept").sum())
    assert n >= 40, f"only {n} concept rows; the glossary aims for 40-70"


def test_errata_notes_name_the_review(glossary):
    notes = glossary["curation_note"].dropna()
    errata = notes[notes.str.startswith("Erratum:")]
    assert len(errata) > 0
    for note in errata:
        assert re.search(r"\b(Su|Liu)\b", note), f"erratum note does not say which review: {note!r}"


def test_reviews_are_cited_as_sources(glossary):
    used = set(glossary["source"])
    assert set(REVIEWS) <= used


def test_no_definition_copied_from_the_reviews(glossary):
    seeds = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    if not seeds:
        pytest.skip(f"source reviews not found in {SEEDS}; cannot check definitions for copied prose")
    seed_grams: set[str] = set()
    for seed in seeds:
        seed_grams |= _grams(_words(seed.read_text(encoding="utf-8", errors="replace")))
    copied = {}
    for term, definition in zip(glossary["term"], glossary["definition"]):
        shared = _grams(_words(definition)) & seed_grams
        if shared:
            copied[term] = sorted(shared)[0]
    assert not copied, f"definitions sharing {NGRAM}+ consecutive words with a review: {copied}"
