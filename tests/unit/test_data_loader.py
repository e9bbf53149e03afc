"""The one loader: typed frames, and clear errors naming file, line and column."""

import json

import pandas as pd
import pytest

from metastasis import data
from metastasis.data import DataError


def make_package(tmp_path, csv_text, fields=None, primary_key=("id",)):
    fields = fields or [
        {"name": "id", "type": "string", "constraints": {"required": True}},
        {"name": "count", "type": "integer", "constraints": {"minimum": 0}},
        {"name": "direction", "type": "string", "constraints": {"enum": ["promotes", "inhibits"]}},
        {"name": "flag", "type": "boolean"},
    ]
    pkg = {"name": "t", "resources": [{"name": "things", "path": "things.csv", "schema": {"fields": fields, "primaryKey": list(primary_key)}}]}
    (tmp_path / "datapackage.json").write_text(json.dumps(pkg), encoding="utf-8")
    (tmp_path / "things.csv").write_text(csv_text, encoding="utf-8")
    return tmp_path


def test_types_and_categoricals(tmp_path):
    d = make_package(tmp_path, "id,count,direction,flag\na,1,promotes,true\nb,,inhibits,false\n")
    frame = data.load("things", d)
    assert frame["count"].dtype == "Int64" and frame["count"].isna().tolist() == [False, True]
    assert isinstance(frame["direction"].dtype, pd.CategoricalDtype)
    assert list(frame["direction"].cat.categories) == ["promotes", "inhibits"]
    assert frame["flag"].tolist() == [True, False]


def test_missing_column_names_file_and_column(tmp_path):
    d = make_package(tmp_path, "id,count,flag\na,1,true\n")
    with pytest.raises(DataError, match=r"things.csv: missing column\(s\) 'direction'"):
        data.load("things", d)


def test_unexpected_column(tmp_path):
    d = make_package(tmp_path, "id,count,direction,flag,extra\na,1,promotes,true,x\n")
    with pytest.raises(DataError, match="unexpected column.*'extra'"):
        data.load("things", d)


def test_bad_enum_names_line_and_column(tmp_path):
    d = make_package(tmp_path, "id,count,direction,flag\na,1,promotes,true\nb,2,promote,true\n")
    with pytest.raises(DataError, match=r"things.csv: line 3, column 'direction': 'promote' is not one of"):
        data.load("things", d)


def test_bad_integer(tmp_path):
    d = make_package(tmp_path, "id,count,direction,flag\na,1.5,promotes,true\n")
    with pytest.raises(DataError, match=r"line 2, column 'count': '1.5' is not a valid integer"):
        data.load("things", d)


def test_minimum_constraint(tmp_path):
    d = make_package(tmp_path, "id,count,direction,flag\na,-1,promotes,true\n")
    with pytest.raises(DataError, match="minimum"):
        data.load("things", d)


def test_required_empty(tmp_path):
    d = make_package(tmp_path, "id,count,direction,flag\n,1,promotes,true\n")
    with pytest.raises(DataError, match=r"line 2, column 'id': a value is required"):
        data.load("things", d)


def test_malformed_csv_ragged_row(tmp_path):
    d = make_package(tmp_path, "id,count,direction,flag\na,1,promotes\n")
    with pytest.raises(DataError, match=r"things.csv: line 2: has 3 cells, the header has 4"):
        data.load("things", d)


def test_malformed_csv_quoting(tmp_path):
    d = make_package(tmp_path, 'id,count,direction,flag\n"a,1,promotes,true\n')
    with pytest.raises(DataError, match="things.csv"):
        data.load("things", d)


def test_duplicate_primary_key(tmp_path):
    d = make_package(tmp_path, "id,count,direction,flag\na,1,promotes,true\na,2,promotes,true\n")
    with pytest.raises(DataError, match=r"line 3: duplicate primary key \(id='a'\)"):
        data.load("things", d)


def test_whitespace_is_rejected(tmp_path):
    d = make_package(tmp_path, "id,count,direction,flag\na ,1,promotes,true\n")
    with pytest.raises(DataError, match="leading or trailing spaces"):
        data.load("things", d)


def test_unknown_dataset_lists_known(tmp_path):
    d = make_package(tmp_path, "id,count,direction,flag\na,1,promotes,true\n")
    with pytest.raises(KeyError, match="known datasets: things"):
        data.load("nope", d)
    with pytest.raises(TypeError):
        data.load(3, d)


def test_missing_file_and_bad_descriptor(tmp_path):
    d = make_package(tmp_path, "id,count,direction,flag\n")
    (d / "things.csv").unlink()
    with pytest.raises(DataError, match="file not found"):
        data.load("things", d)
    (d / "datapackage.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(DataError, match="not valid JSON"):
        data.descriptor(d)


def test_env_var_pointing_nowhere(tmp_path, monkeypatch):
    monkeypatch.setenv("METASTASIS_DATA_DIR", str(tmp_path))
    with pytest.raises(DataError, match="does not contain datapackage.json"):
        data.data_dir()


def test_load_returns_a_copy(tmp_path):
    d = make_package(tmp_path, "id,count,direction,flag\na,1,promotes,true\n")
    first = data.load("things", d)
    first.loc[0, "id"] = "changed"
    assert data.load("things", d).loc[0, "id"] == "a"


def test_foreign_keys_report_unresolved(tmp_path):
    pkg = {"name": "t", "resources": [
        {"name": "parents", "path": "p.csv", "schema": {"fields": [{"name": "k", "type": "string"}], "primaryKey": ["k"]}},
        {"name": "children", "path": "c.csv", "schema": {"fields": [{"name": "id", "type": "string"}, {"name": "k", "type": "string"}],
         "foreignKeys": [{"fields": ["k"], "reference": {"resource": "parents", "fields": ["k"]}}]}},
    ]}
    (tmp_path / "datapackage.json").write_text(json.dumps(pkg), encoding="utf-8")
    (tmp_path / "p.csv").write_text("k\nx\n", encoding="utf-8")
    (tmp_path / "c.csv").write_text("id,k\n1,x\n2,y\n3,\n", encoding="utf-8")
    problems = data.check_foreign_keys(tmp_path)
    assert problems == ["c.csv: line 3, column k: 'y' not found in parents.k"]


def test_dataset_preview_drops_provenance_and_shortens():
    frame = data.preview("integrin_roles", rows=3, width=20)
    assert len(frame) == 3 and len(frame.columns) <= 6
    assert not set(frame.columns) & set(data.PROVENANCE)
    assert all(len(str(v)) <= 20 for v in frame.to_numpy().ravel())
    with pytest.raises(ValueError):
        data.preview("integrin_roles", rows=0)
    with pytest.raises(KeyError):
        data.preview("nope")
