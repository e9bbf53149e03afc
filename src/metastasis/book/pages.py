"""Appendix pages generated from ``data/``: the glossary, the data-quality notes and the datasets.

The book's Sphinx extension writes them before every build (:mod:`metastasis.book.sphinxext`), so
they can never drift from the data. Each function returns MyST Markdown; data text is escaped
so a cell can never become markup.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .. import data

__all__ = ["escape_md", "glossary_page", "data_quality_page", "datasets_page", "generated_pages", "erratum_label"]

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|$~])")


def escape_md(text: object) -> str:
    """Escape a data cell for Markdown (and MyST roles, math and HTML)."""
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return ""
    return _SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


def _cite_keys(values) -> list[str]:
    keys: list[str] = []
    for value in values:
        if value is None or pd.isna(value):
            continue
        keys.extend(k.strip() for k in str(value).split(";") if k.strip())
    return list(dict.fromkeys(keys))


def _footcite(keys: list[str]) -> str:
    return f"{{footcite:p}}`{','.join(keys)}`" if keys else ""


def erratum_label(erratum_id: str) -> str:
    """The cross-reference label of an erratum, e.g. ``erratum-int-03``."""
    if not re.fullmatch(r"(INT|MET)-\d{2}", str(erratum_id)):
        raise ValueError(f"not an erratum id: {erratum_id!r}")
    return f"erratum-{erratum_id.lower()}"


_NOTEBOOK_HEADER = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
    format_version: 0.13
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""

_HEADER = "<!-- Generated from data/ by metastasis.book.pages at build time: edit the data, not this file. -->\n"


def glossary_page(directory: Path | None = None) -> str:
    frame = data.load("glossary", directory).sort_values("term", key=lambda s: s.str.lower())
    lines = [
        _HEADER,
        "# Glossary\n",
        "Every abbreviation used in the two source reviews, and the core ideas the chapters link to. "
        "Pages link here through their highlighted terms. This page is generated from "
        "{ref}`data/glossary.csv <dataset-glossary>`, so it always matches the data.\n",
        ":::{glossary}",
    ]
    for row in frame.itertuples(index=False):
        term = str(row.term).strip()
        definition = escape_md(row.definition)
        if row.kind == "abbreviation" and not pd.isna(row.expansion):
            definition = f"*{escape_md(row.expansion)}.* {definition}"
        lines.append(term)
        lines.append(f"  {definition} ({row.category})")
        lines.append("")
    lines.append(":::\n")
    return "\n".join(lines)


def data_quality_page(directory: Path | None = None) -> str:
    frame = data.load("errata", directory)
    lines = [
        _HEADER,
        "(data-quality)=",
        "# Data quality: errors and inconsistencies in the sources\n",
        "Reviews are secondary sources, written fast and edited lightly. While turning the two "
        "reviews into data we checked every table against its own text, every drug name against "
        "its INN, and every abbreviation against its usual expansion. Each finding below gives "
        "the evidence from both places and what the book does about it. The datasets carry the "
        "corrected values, and name the finding in their `curation_note` column; the chapters never "
        "repeat an error, and link here where a correction matters.\n",
        f"There are **{len(frame)}** findings: "
        + ", ".join(f"{n} {kind}" for kind, n in frame["kind"].value_counts().items() if n)
        + ".\n",
    ]
    reviews = {"su2020integrins": "The integrin review", "liu2021metastasis": "The metastasis review"}
    for review, title in reviews.items():
        part = frame[frame["source"] == review]
        if part.empty:
            continue
        lines.append(f"## {title} {{footcite:p}}`{review}`\n")
        for row in part.itertuples(index=False):
            lines.append(f"({erratum_label(row.id)})=")
            lines.append(f"### {row.id}: {escape_md(row.summary)}\n")
            lines.append(f"- **Kind:** {escape_md(row.kind)}")
            lines.append(f"- **Where:** {escape_md(row.source_location)}: {escape_md(row.evidence_a)}")
            other = escape_md(row.location_b) if not pd.isna(row.location_b) else "elsewhere"
            extra = _footcite(_cite_keys([row.external_source]))
            lines.append(f"- **Against:** {other}: {escape_md(row.evidence_b)} {extra}".rstrip())
            lines.append(f"- **Decision:** {escape_md(row.decision)}")
            if not pd.isna(row.affected_resources):
                names = [n.strip() for n in str(row.affected_resources).split(";") if n.strip()]
                links = ", ".join(f"{{ref}}`{n} <dataset-{n.replace('_', '-')}>`" for n in names)
                lines.append(f"- **Data:** {links}")
            lines.append("")
    lines.append("## References\n\n```{footbibliography}\n```\n")
    return "\n".join(lines)


def _constraint_text(field: dict) -> str:
    cons = field.get("constraints", {})
    parts = []
    if cons.get("required"):
        parts.append("required")
    if cons.get("unique"):
        parts.append("unique")
    if "enum" in cons:
        parts.append("one of: " + ", ".join(str(e) for e in cons["enum"]))
    if "pattern" in cons:
        parts.append("pattern")
    for bound in ("minimum", "maximum"):
        if bound in cons:
            parts.append(f"{bound} {cons[bound]}")
    return "; ".join(parts)


def datasets_page(directory: Path | None = None, preview_rows: int = 5) -> str:
    pkg = data.descriptor(directory)
    errata = data.load("errata", directory)
    lines = [
        _NOTEBOOK_HEADER,
        _HEADER,
        "(datasets)=",
        "# Datasets\n",
        "```{code-cell} ipython3\n:tags: [remove-cell]\n\nfrom metastasis.data import preview\n```\n",
        "Every quiz, explorer, exercise and assignment in this book stands on these tables. Each is a "
        "CSV in `data/` with a Frictionless Table Schema in `data/datapackage.json`: types, enums, "
        "primary and foreign keys, and provenance on every row. Load any of them with the book's one "
        'loader: `from metastasis import data; data.load("integrin_heterodimers")`.\n',
        "| dataset | rows | what it holds |",
        "|---|---|---|",
    ]
    frames = {}
    for res in pkg["resources"]:
        frames[res["name"]] = frame = data.load(res["name"], directory)
        anchor = res["name"].replace("_", "-")
        lines.append(f"| {{ref}}`{res['name']} <dataset-{anchor}>` | {len(frame)} | {escape_md(res.get('title', ''))} |")
    lines.append("")
    for res in pkg["resources"]:
        name, frame = res["name"], frames[res["name"]]
        anchor = name.replace("_", "-")
        lines.append(f"(dataset-{anchor})=")
        lines.append(f"## `{name}`: {escape_md(res.get('title', name))}\n")
        lines.append(f"{escape_md(res.get('description', ''))}\n")
        sources = _cite_keys(frame["source"]) if "source" in frame else []
        primaries = _cite_keys(frame["primary_source"]) if "primary_source" in frame else []
        lines.append(f"- **File:** `data/{res['path']}`, {len(frame)} rows, {len(frame.columns)} columns.")
        if sources:
            lines.append(f"- **Sources:** {_footcite(sources)}" + (f"; primary studies cited in {len(primaries)} rows' `primary_source`." if primaries else ""))
        notes = int(frame["curation_note"].notna().sum()) if "curation_note" in frame else 0
        hits = errata[errata["affected_resources"].fillna("").str.contains(rf"(?:^|; ){name}(?:;|$)", regex=True)]
        caveat = f"- **Caveats:** {notes} rows carry a curation note."
        if len(hits):
            caveat += " Corrections from " + ", ".join(f"{{ref}}`{i} <{erratum_label(i)}>`" for i in hits["id"]) + " (see {ref}`data-quality`)."
        lines.append(caveat)
        key = res.get("schema", {}).get("primaryKey")
        if key:
            lines.append(f"- **Primary key:** {', '.join(f'`{k}`' for k in ([key] if isinstance(key, str) else key))}")
        for fk in res.get("schema", {}).get("foreignKeys", []):
            fields = fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]]
            ref = fk["reference"]
            lines.append(f"- **Links:** `{', '.join(fields)}` → `{ref.get('resource') or name}`")
        lines.append("\n**Columns**\n")
        lines.append("| column | type | description | constraints |")
        lines.append("|---|---|---|---|")
        for field in res["schema"]["fields"]:
            lines.append(
                f"| `{field['name']}` | {field.get('type', 'string')} | {escape_md(field.get('description', ''))} | {escape_md(_constraint_text(field))} |"
            )
        lines.append("\n**Preview** (first rows; provenance columns omitted)\n")
        lines.append("```{code-cell} ipython3\n:tags: [remove-input]\n\n" f'preview("{name}")\n```\n')
        lines.append("")
    lines.append("## References\n\n```{footbibliography}\n```\n")
    return "\n".join(lines)


#: The appendix pages written from data/ at build time.
GENERATED_PAGES = ("glossary.md", "data-quality.md", "datasets.md")


def generated_pages(directory: Path | None = None) -> dict[str, str]:
    """File name -> MyST text for every page generated from the data."""
    return {
        "glossary.md": glossary_page(directory),
        "data-quality.md": data_quality_page(directory),
        "datasets.md": datasets_page(directory),
    }
