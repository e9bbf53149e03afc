"""Drug keys follow the INN rule, and nothing the book teaches rests on an unverified attribute.

Two classes of error found by an audit, made testable so that they cannot come back:

1. **A code name kept as key while an INN is recorded for the drug.** ``checkpoint_agents`` is
   keyed by INN where one exists (``inn_status`` = ``inn``) and otherwise by code name
   (``no-inn-found``, or ``combination`` for a fixed combination of drugs). A row keyed by code
   name may not carry an INN anywhere: not in ``aliases``, and not in ``notes``,
   ``inn_evidence`` or ``curation_note`` (unless the INN is another agent's key, as for the
   components of a combination). An INN is recognised by the WHO stems for antibodies and
   fusion proteins (-mab, -mig, -tug, -bart, -cept, -fusp; "<name> alfa").

2. **A quiz key or a page that states an attribute its row marks unverified.** A row lists such
   columns in ``unverified_attributes`` (the reason is in its ``curation_note``). No generated or
   hand-written question whose evidence points at that row may use those columns, no generated
   question text may carry their values, no dataset preview may show them, and no book page may
   state the value next to the agent's name unless it says, in the same paragraph, that it is
   unverified.

Each check is a function that returns a list of problems; the tests run it on the real data and
on a deliberately broken copy in a temporary directory, to show that it catches the fault.
"""

from __future__ import annotations

import re
import shutil
import string
from pathlib import Path

import pandas as pd
import pytest
import yaml

from book_pages import page_text, toc_files
from metastasis import data
from metastasis.quiz import bank_names, load_bank
from metastasis.quiz.evidence import matching_rows

DATA_DIR = Path(__file__).resolve().parents[2] / "data"

# WHO INN stems for monoclonal antibodies (-mab; since 2022 -tug, -bart, -mig), fusion proteins
# (-cept, -fusp) and the "alfa" of recombinant proteins. Enough to recognise every INN that
# Table 2 of the metastasis review could carry; words of ordinary English that end in a stem are
# listed so that they are not mistaken for one.
INN_WORD = re.compile(r"\b[a-z]{3,}(?:mab|mig|tug|bart|cept|fusp)\b|\b[a-z]{4,} alfa\b", re.IGNORECASE)
NOT_INN = {"concept", "except", "accept", "intercept", "percept", "precept"}
CODE_STATUSES = {"no-inn-found", "combination"}
INN_KEY = re.compile(r"[a-z][a-z -]*[a-z]")
HEDGE = re.compile(r"unverified|not verified|unconfirmed|no (?:public )?source", re.IGNORECASE)


def _split(cell) -> list[str]:
    if cell is None or pd.isna(cell) or str(cell).strip() == "":
        return []
    return [part.strip() for part in str(cell).split("; ") if part.strip()]


def inn_words(text) -> set[str]:
    if text is None or pd.isna(text):
        return set()
    return {m.group(0).lower() for m in INN_WORD.finditer(str(text))} - NOT_INN


# --- 1. the INN rule ------------------------------------------------------------------------

def inn_key_problems(agents: pd.DataFrame) -> list[str]:
    """Rows of checkpoint_agents that break the INN rule (empty when the table obeys it)."""
    problems: list[str] = []
    keys = {str(k).lower() for k in agents["agent"]}
    for row in agents.itertuples(index=False):
        key, status = str(row.agent), str(row.inn_status)
        is_inn_key = INN_KEY.fullmatch(key) is not None
        if status == "inn" and not is_inn_key:
            problems.append(f"{key}: inn_status is 'inn' but the key is not an INN in lower case")
        if status in CODE_STATUSES and is_inn_key:
            problems.append(f"{key}: an INN-shaped key with inn_status {status!r}")
        if status not in CODE_STATUSES:
            continue
        for alias in _split(row.aliases):
            if inn_words(alias):
                problems.append(f"{key}: keyed by code name although its alias {alias!r} is an INN")
        for column in ("notes", "inn_evidence", "curation_note"):
            for word in sorted(inn_words(getattr(row, column)) - keys):
                problems.append(f"{key}: keyed by code name although its {column} records the INN {word!r}")
    return problems


@pytest.fixture(scope="module")
def agents() -> pd.DataFrame:
    return data.load("checkpoint_agents")


def test_checkpoint_agents_obey_the_inn_rule(agents):
    assert inn_key_problems(agents) == []


def test_every_row_records_its_inn_check(agents):
    description = data.resource("checkpoint_agents")["description"]
    assert "keyed by its INN" in description and re.search(r"\d{1,2} [A-Z][a-z]+ 20\d\d", description)
    for row in agents.itertuples(index=False):
        evidence = str(row.inn_evidence)
        assert re.search(r"\d{1,2} [A-Z][a-z]+ 20\d\d", evidence), f"{row.agent}: inn_evidence gives no date"
        if row.inn_status == "inn":
            # the INN itself, or its stem-bearing first word, is named by the evidence
            assert row.agent.split()[0] in evidence.lower(), f"{row.agent}: inn_evidence does not name the INN"


def test_former_code_name_keys_are_aliases_and_entries_resolve(agents):
    """The audit's examples: the INN is the key, the code name survives as an alias."""
    by_key = agents.set_index("agent")
    for code, inn in {"MGD009": "obrindatamab", "ADG126": "muzastotug", "RO7247669": "tobemstomig",
                      "TSR-033": "encelimab", "JNJ-61610588": "onvatilimab", "ADG116": "firastotug"}.items():
        assert code not in by_key.index
        assert code in _split(by_key.loc[inn, "aliases"]), (code, inn)
    entries = data.load("checkpoint_entries")
    assert set(entries["agent"]) == set(agents["agent"])


def _broken_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy)
    return copy


def _rewrite(directory: Path, name: str, edit) -> pd.DataFrame:
    path = directory / data.resource(name, directory)["path"]
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    edit(frame)
    frame.to_csv(path, index=False, lineterminator="\n")
    return data.load(name, directory)


def _revert_to_code_key(frame: pd.DataFrame) -> None:
    i = frame.index[frame["agent"] == "obrindatamab"][0]
    frame.loc[i, ["agent", "aliases", "inn_status"]] = ["MGD009", "obrindatamab", "no-inn-found"]


def _inn_in_note(frame: pd.DataFrame) -> None:
    i = frame.index[frame["agent"] == "ABL503"][0]
    frame.loc[i, "curation_note"] = "Its INN is ragistomig, but the key was left as the code name."


def _status_inn_on_code_key(frame: pd.DataFrame) -> None:
    i = frame.index[frame["agent"] == "Y101D"][0]
    frame.loc[i, "inn_status"] = "inn"


@pytest.mark.parametrize("fault, expected", [
    (_revert_to_code_key, "MGD009: keyed by code name although its alias 'obrindatamab' is an INN"),
    (_inn_in_note, "ABL503: keyed by code name although its curation_note records the INN 'ragistomig'"),
    (_status_inn_on_code_key, "Y101D: inn_status is 'inn' but the key is not an INN in lower case"),
])
def test_inn_rule_check_catches_a_code_name_key_with_a_recorded_inn(tmp_path, fault, expected):
    broken = _rewrite(_broken_copy(tmp_path), "checkpoint_agents", fault)
    assert expected in inn_key_problems(broken)


# --- 2. unverified attributes -----------------------------------------------------------------

def unverified(frame: pd.DataFrame) -> dict[object, set[str]]:
    """Row index -> the columns that row marks unverified."""
    if "unverified_attributes" not in frame.columns:
        return {}
    return {i: set(_split(cell)) for i, cell in frame["unverified_attributes"].items() if _split(cell)}


def _terms(value) -> set[str]:
    """Ways a page or a question can state a cell's value ('bispecific-antibody' -> 'bispecific')."""
    terms = set()
    for part in _split(value):
        terms |= {part.lower(), part.lower().replace("-", " ")}
        head = part.split("-")[0]
        if len(head) >= 5:
            terms.add(head.lower())
    return terms


def _names(frame: pd.DataFrame, i) -> set[str]:
    key_column = frame.columns[0]
    names = {str(frame.loc[i, key_column])}
    if "aliases" in frame.columns:
        names |= set(_split(frame.loc[i, "aliases"]))
    return names


def test_unverified_attributes_name_columns_and_give_a_reason():
    found = 0
    for name in data.dataset_names():
        frame = data.load(name)
        for i, columns in unverified(frame).items():
            found += 1
            assert columns <= set(frame.columns), f"{name} row {i}: unknown columns {columns - set(frame.columns)}"
            note = str(frame.loc[i, "curation_note"])
            assert "unverified" in note, f"{name} row {i}: curation_note does not give the reason"
            for column in columns:
                assert column in note, f"{name} row {i}: curation_note does not explain {column}"
    assert found >= 1  # the audit's case, Y101D's format, is recorded


def test_y101d_format_is_marked_unverified(agents):
    row = agents.set_index("agent").loc["Y101D"]
    assert "agent_type" in _split(row["unverified_attributes"])


def quiz_problems(directory: Path | None = None) -> list[str]:
    """Questions whose answer or generated text rests on an attribute marked unverified."""
    problems: list[str] = []
    for bank in bank_names(directory):
        _, questions = load_bank(bank, directory)
        for q in questions:
            ev = q.evidence
            if not ev:
                continue
            frame = data.load(ev["dataset"], directory)
            flagged = unverified(frame)
            if not flagged:
                continue
            where = dict(ev["where"])
            if ev.get("count"):
                # a count depends on every row's value in the columns it filters on
                rows, used = frame.index, set(where)
            else:
                rows, used = matching_rows(frame, where, ev["dataset"], q.id).index, set(where) | {ev["column"]}
            text = " ".join([q.prompt, q.explanation, str(q.answer), *(f"{o.text} {o.feedback}" for o in getattr(q, "options", ()))]).lower()
            for i in rows:
                cols = flagged.get(i, set())
                for column in sorted(cols & used):
                    problems.append(f"{bank}/{q.id}: uses {ev['dataset']}.{column}, unverified for {frame.loc[i].iloc[0]}")
                if q.generated and i in matching_rows(frame, where, ev["dataset"], q.id).index:
                    for column in sorted(cols - used):
                        if any(t in text for t in _terms(frame.loc[i, column])):
                            problems.append(f"{bank}/{q.id}: its text states {ev['dataset']}.{column} of "
                                            f"{frame.loc[i].iloc[0]}, which is unverified")
    return problems


def test_no_quiz_rests_on_an_unverified_attribute():
    assert quiz_problems() == []


def _add_bank(directory: Path, bank: str, question: dict) -> None:
    raw = {"bank": bank, "title": "A deliberately faulty bank", "questions": [question]}
    (directory / "quizzes" / f"{bank}.yml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")


@pytest.mark.parametrize("question, expected", [
    ({"id": "format-y101d", "generator": "lookup",
      "params": {"dataset": "checkpoint_agents", "key_column": "agent", "key": "Y101D", "column": "agent_type",
                 "prompt": "What kind of molecule is {agent}?", "explanation": "{agent} is a {agent_type}."}},
     "audit-fault/format-y101d: uses checkpoint_agents.agent_type, unverified for Y101D"),
    ({"id": "count-bispecifics", "generator": "count",
      "params": {"dataset": "checkpoint_agents", "where": {"agent_type": "bispecific-antibody"},
                 "prompt": "How many agents are bispecific antibodies?", "explanation": "{count} agents."}},
     "audit-fault/count-bispecifics: uses checkpoint_agents.agent_type, unverified for Y101D"),
    ({"id": "target-y101d", "generator": "lookup",
      "params": {"dataset": "checkpoint_agents", "key_column": "agent", "key": "Y101D", "column": "target",
                 "prompt": "Which molecules does {agent} act on?",
                 "explanation": "{agent}, a {agent_type}, acts on {target}."}},
     "audit-fault/target-y101d: its text states checkpoint_agents.agent_type of Y101D, which is unverified"),
])
def test_quiz_check_catches_a_key_on_an_unverified_attribute(tmp_path, question, expected):
    broken = _broken_copy(tmp_path)
    _add_bank(broken, "audit-fault", question)
    assert expected in quiz_problems(broken)


def page_problems(texts: dict[str, str], directory: Path | None = None) -> list[str]:
    """Paragraphs or table lines that name an agent next to a value its row marks unverified."""
    problems: list[str] = []
    stated = []
    for name in data.dataset_names(directory):
        frame = data.load(name, directory)
        for i, columns in unverified(frame).items():
            names = _names(frame, i)
            for column in columns:
                stated.append((name, names, column, _terms(frame.loc[i, column])))
    for page, text in texts.items():
        blocks = []
        for block in re.split(r"\n\s*\n", text):
            lines = block.splitlines()
            table = [line for line in lines if line.lstrip().startswith("|")]
            blocks += table + ["\n".join(line for line in lines if line not in table)]
        for block in blocks:
            low = block.lower()
            if HEDGE.search(block):
                continue
            for dataset, names, column, terms in stated:
                named = [n for n in sorted(names) if re.search(rf"(?<![\w-]){re.escape(n.lower())}(?![\w-])", low)]
                said = [t for t in sorted(terms) if re.search(rf"(?<![\w-]){re.escape(t)}", low)]
                if named and said:
                    problems.append(f"{page}: states {dataset}.{column} {said[0]!r} for {named[0]}, which is unverified")
    return problems


def preview_problems(directory: Path | None = None) -> list[str]:
    """Dataset previews (the generated datasets page) that show an unverified cell."""
    problems = []
    for name in data.dataset_names(directory):
        frame = data.load(name, directory)
        flagged = unverified(frame)
        shown = data.preview(name, directory=directory)
        for i in shown.index:
            for column in sorted(flagged.get(i, set()) & set(shown.columns)):
                problems.append(f"datasets page: the preview of {name} shows {column} of {frame.loc[i].iloc[0]}, unverified")
    return problems


def test_book_pages_do_not_state_an_unverified_attribute():
    texts = {page: page_text(page) for page in toc_files()}
    assert any(page.startswith("book/integrins/") for page in texts)  # Part I is among them
    assert page_problems(texts) == []
    assert preview_problems() == []


def test_page_check_catches_an_unverified_value_stated_as_fact():
    faulty = {"book/integrins/fault": "Table 2 lists Y101D, a bispecific antibody against PD-L1 and TGF-β.\n\n"
                                      "| Y101D | PD-L1; TGF-β | bispecific-antibody |\n"}
    problems = page_problems(faulty)
    assert "book/integrins/fault: states checkpoint_agents.agent_type 'bispecific' for Y101D, which is unverified" in problems
    assert len(problems) == 2  # the sentence and the table line
    hedged = {"book/integrins/fine": "Y101D is listed as a dual PD-L1/TGF-β agent; that it is a bispecific antibody is unverified."}
    assert page_problems(hedged) == []


def test_preview_check_catches_an_unverified_row_at_the_top(tmp_path):
    broken = _broken_copy(tmp_path)

    def flag_first_row(frame):
        frame.loc[0, "unverified_attributes"] = "target"
        frame.loc[0, "curation_note"] = "target is unverified (a deliberate fault)."
    _rewrite(broken, "checkpoint_agents", flag_first_row)
    first = data.load("checkpoint_agents", broken).iloc[0]["agent"]
    assert preview_problems(broken) == [f"datasets page: the preview of checkpoint_agents shows target of {first}, unverified"]


def test_templates_only_name_fields_of_their_dataset():
    """Guard for quiz_problems: a generated question's text comes only from its row's fields."""
    for bank in bank_names():
        raw = yaml.safe_load((DATA_DIR / "quizzes" / f"{bank}.yml").read_text(encoding="utf-8"))
        for entry in raw["questions"]:
            if entry.get("generator") != "lookup":
                continue
            columns = set(data.load(entry["params"]["dataset"]).columns)
            for template in (entry["params"]["prompt"], entry["params"]["explanation"]):
                fields = {f for _, f, _, _ in string.Formatter().parse(template) if f}
                assert fields <= columns, (bank, entry["id"], fields - columns)


# --- 3. reference titles copied from the reviews -------------------------------------------------

# Extraction artefacts around Greek letters ("TGF-$\beta$and", "integrin $\beta$1 -driven",
# "laminin-332/ $\alpha$3") and the typos the reviews' reference lists print (errata INT-28,
# MET-59), which a published title cannot have.
TITLE_ARTEFACTS = [
    (re.compile(r"\$[A-Za-z]{2,}"), "a word run into the Greek letter before it"),
    (re.compile(r"\$[0-9v]* -|/ \$|[A-Za-z]- \$"), "a space inside a hyphenated or slashed name"),
    (re.compile(r"\bHMGAI\b|\bTGA6\b|α6β6|\$\\alpha\$6\$\\beta\$6|\{PH-|cell Death"), "a typo of the review's reference list"),
]


def title_problems(bib_text: str) -> list[str]:
    problems = []
    for match in re.finditer(r"@\w+\{([^,]+),.*?\n\s*title = \{(.*?)\},\n", bib_text, flags=re.S):
        key, title = match.group(1), match.group(2)
        for pattern, what in TITLE_ARTEFACTS:
            if pattern.search(title):
                problems.append(f"{key}: {what}: {title}")
    return problems


def test_reference_titles_carry_no_extraction_artefacts_or_review_typos():
    assert title_problems((DATA_DIR.parent / "references.bib").read_text(encoding="utf-8")) == []


def test_title_check_catches_the_audited_typos():
    broken = ("@article{hou2021linc00460,\n  title = {complex promotes metastasis by mediating {HMGAI} {mRNA} stability},\n}\n"
              "@article{schober2011tumor,\n  title = {their control by TGF-$\\beta$and integrin signaling},\n}\n"
              "@article{kim2017cotargeting,\n  title = {with integrin $\\beta$1 -driven Src-Akt bypass signaling},\n}\n")
    assert [p.split(":")[0] for p in title_problems(broken)] == ["hou2021linc00460", "schober2011tumor", "kim2017cotargeting"]
