"""The data package as a whole: Frictionless validity, provenance, keys and citations."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from metastasis import data
from metastasis.references import bib_keys

ROOT = Path(__file__).resolve().parents[2]
KEY = re.compile(r"^[a-z][a-z0-9]*[0-9]{4}[a-z0-9]+$")


def test_frictionless_validate_passes():
    exe = Path(sys.executable).with_name("frictionless")
    assert exe.exists(), "frictionless is not installed in this environment"
    proc = subprocess.run([str(exe), "validate", "datapackage.json"], cwd=ROOT / "data", capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]


def test_at_least_eleven_resources_each_loading():
    names = data.dataset_names()
    assert len(names) >= 11, f"only {len(names)} resources: {names}"
    for name in names:
        frame = data.load(name)
        assert len(frame) > 0, f"{name} is empty"


@pytest.mark.parametrize("name", data.dataset_names())
def test_every_row_has_provenance(name):
    frame = data.load(name)
    for column in ("source", "source_location"):
        assert column in frame.columns, f"{name} has no {column} column"
        empty = frame[column].isna() | (frame[column].astype("string").str.strip() == "")
        assert not empty.any(), f"{name}: rows {list(frame.index[empty] + 2)} have no {column}"


def test_every_cited_key_is_in_references_bib():
    known = bib_keys()
    missing = Counter()
    for name in data.dataset_names():
        frame = data.load(name)
        for column in ("source", "primary_source", "external_source"):
            if column not in frame.columns:
                continue
            for value in frame[column].dropna():
                for key in str(value).split(";"):
                    key = key.strip()
                    if key and key not in known:
                        missing[f"{name}.{column}: {key}"] += 1
    assert not missing, "keys not in references.bib:\n" + "\n".join(sorted(missing))


def test_references_bib_has_no_duplicate_keys():
    text = (ROOT / "references.bib").read_text(encoding="utf-8")
    keys = re.findall(r"^@\w+\s*\{\s*([^,\s]+)\s*,", text, flags=re.M)
    dupes = [k for k, n in Counter(keys).items() if n > 1]
    assert not dupes, f"duplicate bib keys: {dupes}"
    bad = [k for k in keys if not KEY.match(k)]
    assert not bad, f"bib keys not of the form author+year+word: {bad}"


def test_foreign_keys_resolve():
    problems = data.check_foreign_keys()
    assert not problems, "\n".join(problems[:30])


def test_schemas_declare_keys_and_describe_fields():
    for res in data.descriptor()["resources"]:
        schema = res["schema"]
        assert schema.get("primaryKey"), f"{res['name']} has no primary key"
        undocumented = [f["name"] for f in schema["fields"] if not f.get("description") and f["name"] not in ("id",)]
        assert len(undocumented) <= len(schema["fields"]) // 2, f"{res['name']}: fields without description: {undocumented}"


def test_integrins_are_written_in_unicode():
    latex = re.compile(r"\\(alpha|beta)|\$")
    for name in data.dataset_names():
        path = ROOT / "data" / data.resource(name)["path"]
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            assert not latex.search(line), f"{path.name}: line {lineno} has LaTeX: {line[:100]}"


def test_errata_link_to_real_resources():
    names = set(data.dataset_names())
    errata = data.load("errata")
    assert len(errata) > 0, "no errata recorded"
    for row in errata.itertuples():
        if pd.isna(row.affected_resources):
            continue
        for name in str(row.affected_resources).split(";"):
            name = name.strip()
            if name:
                assert name in names, f"erratum {row.id} names unknown resource {name!r}"
