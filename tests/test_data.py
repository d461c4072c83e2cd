"""The data layer: schemas are enforced and every bad input names file, row and column."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from bookkit import data, paths

KNOWN = {"src-a", "src-b"}
GOOD = """
    id,score,count,day,open,source_id,notes
    a,71.5,3,2024-07-23,yes,src-a,
    b,,4,2024-02-01,no,src-a;src-b,score not published
"""


def load(path):
    return data.load_frame(path, data.read_schema(data.schema_path(path)), KNOWN)


def error_of(path) -> data.DataError:
    with pytest.raises(data.DataError) as info:
        load(path)
    return info.value


def test_good_table_loads_with_declared_types(table):
    frame = load(table(GOOD))
    assert list(frame["id"]) == ["a", "b"]
    assert frame["score"].dtype == "float64" and pd.isna(frame.loc[1, "score"])
    assert str(frame["count"].dtype) == "Int64"
    assert frame.loc[0, "day"] == pd.Timestamp("2024-07-23")
    assert list(frame["open"]) == [True, False]


@pytest.mark.parametrize("text, row, column, words", [
    # missing column
    ("id,score,count,day,open,notes\na,1,1,2024-01-01,yes,\n", None, "source_id", "missing"),
    # wrong type
    ("id,score,count,day,open,source_id,notes\na,abc,1,2024-01-01,yes,src-a,\n", 1, "score", "not a number"),
    ("id,score,count,day,open,source_id,notes\na,1,1.5,2024-01-01,yes,src-a,\n", 1, "count", "not an integer"),
    ("id,score,count,day,open,source_id,notes\na,1,1,2024-01-01,maybe,src-a,\n", 1, "open", "yes/no"),
    # value out of range
    ("id,score,count,day,open,source_id,notes\na,1,1,2024-01-01,yes,src-a,\nb,101,1,2024-01-01,yes,src-a,\n", 2, "score", "above the maximum"),
    ("id,score,count,day,open,source_id,notes\na,1,-1,2024-01-01,yes,src-a,\n", 1, "count", "below the minimum"),
    # duplicate key
    ("id,score,count,day,open,source_id,notes\na,1,1,2024-01-01,yes,src-a,\na,2,1,2024-01-01,yes,src-a,\n", 2, "id", "duplicate key"),
    # unknown source id
    ("id,score,count,day,open,source_id,notes\na,1,1,2024-01-01,yes,src-a;nowhere,\n", 1, "source_id", "unknown source id 'nowhere'"),
    # malformed dates
    ("id,score,count,day,open,source_id,notes\na,1,1,2024/01/01,yes,src-a,\n", 1, "day", "YYYY-MM-DD"),
    ("id,score,count,day,open,source_id,notes\na,1,1,2024-02-30,yes,src-a,\n", 1, "day", "not a valid calendar date"),
    # a gap without its note
    ("id,score,count,day,open,source_id,notes\na,,1,2024-01-01,yes,src-a,\n", 1, "score", "without a note"),
    # required cell empty
    ("id,score,count,day,open,source_id,notes\na,1,1,2024-01-01,yes,,\n", 1, "source_id", "required"),
    # undeclared column
    ("id,score,count,day,open,source_id,notes,extra\na,1,1,2024-01-01,yes,src-a,,x\n", None, "extra", "not declared"),
])
def test_bad_cells_name_file_row_and_column(table, text, row, column, words):
    path = table(text)
    err = error_of(path)
    assert err.file.endswith("t.csv")
    assert err.row == row
    assert err.column == column
    assert words in str(err)
    assert "t.csv" in str(err) and f"column '{column}'" in str(err)
    if row is not None:
        assert f"row {row}" in str(err)


def test_empty_file(table):
    assert "empty" in str(error_of(table("")))
    assert "empty" in str(error_of(table("   \n\n")))


def test_header_without_rows(table):
    assert "no data rows" in str(error_of(table("id,score,count,day,open,source_id,notes\n")))


def test_wrong_encoding_names_the_line(table):
    raw = "id,score,count,day,open,source_id,notes\na,1,1,2024-01-01,yes,src-a,caf\xe9\n".encode("latin-1")
    err = error_of(table(raw))
    assert "not valid UTF-8" in str(err) and err.line == 2


def test_ragged_row(table):
    err = error_of(table("id,score,count,day,open,source_id,notes\na,1,1\n"))
    assert err.row == 1 and "3 cells" in str(err)


def test_unclosed_quote_is_a_data_error(table):
    err = error_of(table('id,score,count,day,open,source_id,notes\n"a,1,1,2024-01-01,yes,src-a,\n'))
    assert "malformed CSV" in str(err) or "cells" in str(err)


def test_failed_load_writes_nothing(table, tmp_path):
    path = table("id,score,count,day,open,source_id,notes\na,abc,1,2024-01-01,yes,src-a,\n")
    before = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")}
    error_of(path)
    assert {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")} == before


def test_bad_schema_is_reported(table):
    path = table(GOOD, "fields:\n  - {name: id, type: text}\n")
    with pytest.raises(data.DataError, match="unknown type 'text'"):
        load(path)
    path = table(GOOD, "fields:\n  - {name: id, type: string, colour: red}\n")
    with pytest.raises(data.DataError, match="unknown keys"):
        load(path)


def test_missing_schema(tmp_path):
    (tmp_path / "x.csv").write_text("a\n1\n", encoding="utf-8")
    with pytest.raises(data.DataError, match="schema file is missing"):
        data.load(tmp_path / "x.csv")


# --- the book's own data ------------------------------------------------------------

@pytest.mark.parametrize("path", data.catalogue(), ids=lambda p: paths.relative_to_root(p))
def test_every_data_file_loads(path):
    frame = data.load_sources() if path == paths.SOURCES_CSV else data.load(path)
    assert len(frame) > 0


@pytest.mark.parametrize("path", [p for p in data.catalogue() if p != paths.SOURCES_CSV],
                         ids=lambda p: paths.relative_to_root(p))
def test_every_row_names_a_source(path):
    schema = data.read_schema(data.schema_path(path))
    source_fields = [f for f in schema.fields if f.source_ids]
    assert source_fields and all(f.required for f in source_fields)


def test_report_tables_carry_their_table_number():
    for path in (paths.DATA / "report").glob("*.csv"):
        frame = data.load(path)
        if path.stem == "other_statements":  # keyed to the registry, which says where
            continue
        if path.stem in ("statements", "names"):
            place = r"§[\d.]+ text|Table \d+|Figure \d+( caption)?|figure numbering|rating notes"
            assert frame["report_ref"].str.fullmatch(rf"({place})(; ({place}))*").all(), path
        else:
            # a table or figure by its number, or the unnumbered rating notes (评级说明)
            assert frame["report_ref"].str.fullmatch(r"(Table|Figure) \d+|rating notes").all(), path


def test_every_data_folder_has_a_readme():
    for folder in {p.parent for p in data.catalogue()}:
        assert (folder / "README.md").exists(), folder


def test_references_are_checked(tmp_path, monkeypatch):
    from bookkit import paths as p
    monkeypatch.setattr(p, "DATA", tmp_path)
    (tmp_path / "parent.csv").write_text("pid,source_id\na,gtja2024\n", encoding="utf-8")
    (tmp_path / "parent.schema.yaml").write_text(
        "fields:\n  - {name: pid, type: string}\n  - {name: source_id, type: string, source_ids: true}\n")
    (tmp_path / "child.csv").write_text("pid,source_id\na,gtja2024\nb,gtja2024\n", encoding="utf-8")
    (tmp_path / "child.schema.yaml").write_text(
        "fields:\n  - {name: pid, type: string, references: parent.pid}\n"
        "  - {name: source_id, type: string, source_ids: true}\n")
    with pytest.raises(data.DataError) as info:
        data.load("child")
    assert info.value.row == 2 and info.value.column == "pid" and "'b' is not a pid of parent" in str(info.value)


def test_cited_splits_and_deduplicates_source_ids():
    frame = pd.DataFrame({"source_id": ["a;b", "b", " c ; a", None]})
    assert data.cited(frame, pd.DataFrame({"source_id": ["d"]})) == ["a", "b", "c", "d"]


def test_the_models_readme_counts_what_the_files_hold():
    import re

    text = (paths.DATA / "models" / "README.md").read_text(encoding="utf-8")
    kinds = "language models|MMLU scores|GPQA Diamond scores|SWE-bench Verified scores"
    said = {name: int(n) for n, name in re.findall(rf"(\d+) ({kinds})", text)}
    gpqa, swe = data.load("models/gpqa_scores"), data.load("models/swebench_scores")
    assert said == {"language models": len(data.load("models/models")),
                    "MMLU scores": len(data.load("models/mmlu_scores")), "GPQA Diamond scores": len(gpqa),
                    "SWE-bench Verified scores": len(swe)}
    for table in (gpqa, swe):
        assert f"scores of {table['model_id'].nunique()} of them" in text
    assert f"`mmlu_crosschecks.csv`: {len(data.load('models/mmlu_crosschecks'))} re-evaluations" in text


def test_the_prices_readme_counts_what_the_files_hold():
    import re

    text = (paths.DATA / "prices" / "README.md").read_text(encoding="utf-8")
    said = {name: int(n) for n, name in re.findall(r"(\d+) (list prices|published estimates)", text)}
    assert said == {"list prices": len(data.load("prices/api_prices")),
                    "published estimates": len(data.load("prices/published_price_declines"))}


def test_the_companies_readme_counts_what_the_file_holds():
    text = (paths.DATA / "companies" / "README.md").read_text(encoding="utf-8")
    assert f"{len(data.load('companies/reported_results'))} rows of reported earnings" in text
    assert f"`closing_prices.csv`: {len(data.load('companies/closing_prices'))} rows of market data" in text


def test_the_video_readme_counts_what_the_files_hold():
    text = (paths.DATA / "video" / "README.md").read_text(encoding="utf-8")
    assert f"{len(data.load('video/products'))} video generation products" in text
    assert f"{len(data.load('video/api_prices'))} public list prices per second" in text


def test_the_report_readme_counts_what_the_files_hold():
    """The row counts in data/report/README.md's table of files."""
    text = (paths.DATA / "report" / "README.md").read_text(encoding="utf-8")
    for row in re.finditer(r"^\| `(\w+)\.csv` \| [^|]+ \| (\d+) \|", text, flags=re.M):
        assert len(data.load(f"report/{row.group(1)}")) == int(row.group(2)), row.group(1)
