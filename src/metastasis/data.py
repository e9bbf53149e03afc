"""The one loader for the book's curated datasets.

Every dataset is a CSV described by a Frictionless Table Schema in ``data/datapackage.json``.
:func:`load` reads a dataset by name and returns a typed :class:`pandas.DataFrame`:
integers and numbers are numeric, booleans are booleans, and every field with an ``enum``
constraint becomes a categorical whose categories are the enum, in schema order.

Bad data never passes silently. A malformed file, a missing or unexpected column, an empty
required cell, a value of the wrong type, a value outside its enum and a duplicate primary key
all raise :class:`DataError`, whose message names the file, the line and the column.

Where is ``data/``? In this order: the ``METASTASIS_DATA_DIR`` environment variable; a
``data/datapackage.json`` in the working directory or any parent (a clone of the book's
repository, as on Binder); the repository that holds this package's source (an editable
install); the copy bundled into the installed package (a learner's own machine).
"""

from __future__ import annotations

import csv
import functools
import json
import os
import re
from pathlib import Path

import pandas as pd

__all__ = [
    "DataError",
    "data_dir",
    "descriptor",
    "dataset_names",
    "resource",
    "load",
    "check_foreign_keys",
    "preview",
    "PROVENANCE",
]

DESCRIPTOR = "datapackage.json"
ENV_VAR = "METASTASIS_DATA_DIR"


class DataError(ValueError):
    """A dataset that does not match its schema. The message names file, line and column."""


def _candidate_dirs() -> list[Path]:
    found: list[Path] = []
    env = os.environ.get(ENV_VAR)
    if env:
        found.append(Path(env))
    here = Path.cwd().resolve()
    found.extend(parent / "data" for parent in (here, *here.parents))
    source = Path(__file__).resolve()
    found.extend(parent / "data" for parent in source.parents[:4])
    found.append(source.parent / "_data")
    return found


def data_dir() -> Path:
    """Return the folder that holds ``datapackage.json`` (see the module docstring)."""
    env = os.environ.get(ENV_VAR)
    if env and not (Path(env) / DESCRIPTOR).is_file():
        raise DataError(f"{ENV_VAR}={env!r} does not contain {DESCRIPTOR}")
    for candidate in _candidate_dirs():
        if (candidate / DESCRIPTOR).is_file():
            return candidate
    raise DataError(
        f"cannot find data/{DESCRIPTOR}: run from inside the book's repository, "
        f"install the metastasis package, or set {ENV_VAR}"
    )


def descriptor(directory: Path | None = None) -> dict:
    """Return the parsed ``datapackage.json``."""
    directory = Path(directory) if directory is not None else data_dir()
    path = directory / DESCRIPTOR
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"{path}: file not found") from None
    except json.JSONDecodeError as err:
        raise DataError(f"{path}: line {err.lineno}: not valid JSON ({err.msg})") from None


def dataset_names(directory: Path | None = None) -> list[str]:
    """Names of every resource in the data package, in descriptor order."""
    return [res["name"] for res in descriptor(directory)["resources"]]


def resource(name: str, directory: Path | None = None) -> dict:
    """The descriptor of one resource (its path, title, description and schema)."""
    if not isinstance(name, str):
        raise TypeError(f"dataset name must be a string, got {type(name).__name__}")
    pkg = descriptor(directory)
    for res in pkg["resources"]:
        if res.get("name") == name:
            return res
    known = ", ".join(sorted(r.get("name", "?") for r in pkg["resources"]))
    raise KeyError(f"no dataset named {name!r}; known datasets: {known}")


def load(name: str, directory: Path | None = None) -> pd.DataFrame:
    """Load one dataset as a typed DataFrame, checking it against its schema."""
    directory = Path(directory) if directory is not None else data_dir()
    res = resource(name, directory)
    path = directory / res["path"]
    stamp = path.stat().st_mtime_ns if path.exists() else None
    return _load_cached(str(directory), name, str(path), stamp).copy()


@functools.lru_cache(maxsize=64)
def _load_cached(directory: str, name: str, path: str, stamp: int | None) -> pd.DataFrame:
    res = resource(name, Path(directory))
    return _read_table(Path(path), res.get("schema", {}))


def _read_table(path: Path, schema: dict) -> pd.DataFrame:
    fields = schema.get("fields", [])
    if not fields:
        raise DataError(f"{path.name}: its schema has no fields")
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle, strict=True))
    except FileNotFoundError:
        raise DataError(f"{path}: file not found") from None
    except UnicodeDecodeError as err:
        raise DataError(f"{path.name}: not UTF-8 text ({err.reason})") from None
    except csv.Error as err:
        raise DataError(f"{path.name}: malformed CSV: {err}") from None
    if not rows:
        raise DataError(f"{path.name}: the file is empty (expected a header row)")
    header, body = rows[0], rows[1:]
    expected = [f["name"] for f in fields]
    missing = [c for c in expected if c not in header]
    if missing:
        raise DataError(f"{path.name}: missing column(s) {', '.join(map(repr, missing))}")
    extra = [c for c in header if c not in expected]
    if extra:
        raise DataError(f"{path.name}: unexpected column(s) {', '.join(map(repr, extra))} not in the schema")
    if len(set(header)) != len(header):
        raise DataError(f"{path.name}: duplicate column names in the header")
    for offset, row in enumerate(body):
        if len(row) != len(header):
            raise DataError(
                f"{path.name}: line {offset + 2}: has {len(row)} cells, the header has {len(header)}"
            )
    columns = {name: [row[i] for row in body] for i, name in enumerate(header)}
    frame = pd.DataFrame({f["name"]: _convert(path.name, f, columns[f["name"]]) for f in fields})
    _check_primary_key(path.name, schema, frame)
    for f in fields:
        if f.get("constraints", {}).get("unique"):
            dup = frame[f["name"]].dropna().duplicated()
            if dup.any():
                line = int(dup[dup].index[0]) + 2
                raise DataError(f"{path.name}: line {line}, column {f['name']!r}: value {frame[f['name']][line - 2]!r} is not unique")
    return frame


_TRUE = {"true", "True", "TRUE", "yes", "1"}
_FALSE = {"false", "False", "FALSE", "no", "0"}


def _convert(filename: str, field: dict, raw: list[str]):
    name = field["name"]
    kind = field.get("type", "string")
    cons = field.get("constraints", {})
    missing_values = {""}
    enum = cons.get("enum")
    pattern = re.compile(cons["pattern"]) if "pattern" in cons else None
    out: list = []
    for offset, text in enumerate(raw):
        where = f"{filename}: line {offset + 2}, column {name!r}"
        if text in missing_values:
            if cons.get("required"):
                raise DataError(f"{where}: a value is required but the cell is empty")
            out.append(None)
            continue
        if text != text.strip():
            raise DataError(f"{where}: value {text!r} has leading or trailing spaces")
        if enum is not None and text not in [str(e) for e in enum]:
            raise DataError(f"{where}: {text!r} is not one of {enum}")
        if pattern is not None and not pattern.fullmatch(text):
            raise DataError(f"{where}: {text!r} does not match the pattern {cons['pattern']!r}")
        try:
            value = _parse(kind, text)
        except ValueError:
            raise DataError(f"{where}: {text!r} is not a valid {kind}") from None
        for bound, test in (("minimum", lambda v, b: v >= b), ("maximum", lambda v, b: v <= b)):
            if bound in cons and kind in ("integer", "number") and not test(value, cons[bound]):
                raise DataError(f"{where}: {text} breaks the {bound} of {cons[bound]}")
        out.append(value)
    if enum is not None:
        return pd.Categorical(out, categories=[str(e) for e in enum])
    if kind == "integer":
        return pd.array(out, dtype="Int64")
    if kind == "number":
        return pd.array(out, dtype="Float64")
    if kind == "boolean":
        return pd.array(out, dtype="boolean")
    return pd.array(out, dtype="string")


def _parse(kind: str, text: str):
    if kind == "integer":
        if not re.fullmatch(r"[+-]?\d+", text):
            raise ValueError(text)
        return int(text)
    if kind == "number":
        return float(text)
    if kind == "boolean":
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise ValueError(text)
    if kind in ("string", "any", "year", "date"):
        if kind == "year" and not re.fullmatch(r"\d{4}", text):
            raise ValueError(text)
        if kind == "date" and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError(text)
        return text
    raise ValueError(f"unsupported field type {kind}")


def _check_primary_key(filename: str, schema: dict, frame: pd.DataFrame) -> None:
    key = schema.get("primaryKey")
    if not key:
        return
    key = [key] if isinstance(key, str) else list(key)
    dup = frame.duplicated(subset=key, keep="first")
    if dup.any():
        first = int(dup.to_numpy().nonzero()[0][0])
        values = ", ".join(f"{k}={frame.iloc[first][k]!r}" for k in key)
        raise DataError(f"{filename}: line {first + 2}: duplicate primary key ({values})")


def check_foreign_keys(directory: Path | None = None) -> list[str]:
    """Return a message for every foreign-key value that does not resolve (empty: all resolve)."""
    directory = Path(directory) if directory is not None else data_dir()
    problems: list[str] = []
    for res in descriptor(directory)["resources"]:
        for fk in res.get("schema", {}).get("foreignKeys", []):
            fields = fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]]
            ref = fk["reference"]
            ref_fields = ref["fields"] if isinstance(ref["fields"], list) else [ref["fields"]]
            target = ref.get("resource") or res["name"]
            child = load(res["name"], directory)
            parent = load(target, directory)
            keys = set(parent[ref_fields].astype("string").itertuples(index=False, name=None))
            for offset, row in enumerate(child[fields].astype("string").itertuples(index=False, name=None)):
                if any(pd.isna(v) for v in row):
                    continue
                if row not in keys:
                    problems.append(
                        f"{res['path']}: line {offset + 2}, column {', '.join(fields)}: "
                        f"{row if len(row) > 1 else row[0]!r} not found in {target}.{', '.join(ref_fields)}"
                    )
    return problems


#: The provenance columns every dataset carries.
PROVENANCE = ("source", "source_location", "primary_source", "curation_note")


def preview(name: str, rows: int = 5, width: int = 80, directory: Path | None = None) -> pd.DataFrame:
    """The first rows of a dataset for a data card: provenance columns omitted, long cells shortened."""
    if not isinstance(rows, int) or isinstance(rows, bool) or rows < 1:
        raise ValueError(f"rows must be a positive integer, got {rows!r}")
    if not isinstance(width, int) or isinstance(width, bool) or width < 10:
        raise ValueError(f"width must be an integer >= 10, got {width!r}")
    frame = load(name, directory)
    shown = frame[[c for c in frame.columns if c not in PROVENANCE][:6]].head(rows).astype("object")
    return shown.map(lambda v: "" if pd.isna(v) else (str(v) if len(str(v)) <= width else str(v)[: width - 1] + "…"))
