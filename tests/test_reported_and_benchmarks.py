"""Parsing the report's printed cells, and counting benchmark wins."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bookkit.methods import benchmarks, reported


@pytest.mark.parametrize("text, sizes", [
    ("2B、7B", [2.0, 7.0]), ("8B、70B、405B", [8.0, 70.0, 405.0]), ("270M,450M,1.1B,3B", [0.27, 0.45, 1.1, 3.0]),
    ("未披露", []), ("3.8B", [3.8]), ("1T", [1000.0]),
])
def test_sizes(text, sizes):
    assert reported.sizes_b(text) == sizes


def test_sizes_rejects_garbage():
    with pytest.raises(ValueError):
        reported.sizes_b("about 7 billion")


def test_month_number():
    assert reported.month_number("5 月") == 5 and reported.month_number("12月") == 12
    with pytest.raises(ValueError):
        reported.month_number("13 月")


def test_wins_and_head_to_head():
    cells = pd.DataFrame({"benchmark": ["x", "x", "x", "y", "y", "y", "z", "z", "z"],
                          "model": ["A", "B", "C"] * 3,
                          "score": [90, 80, 90, 50, np.nan, 40, 10, 20, 30]})
    table = benchmarks.wide(cells)
    assert list(table.columns) == ["A", "B", "C"]
    assert benchmarks.wins(table).to_dict() == {"A": 2, "B": 0, "C": 2}
    h = benchmarks.head_to_head(table, "A", "B")
    assert (h["compared"], h["wins"], h["losses"], h["lost_on"]) == (2, 1, 1, ["z"])


@pytest.mark.parametrize("text, tokens", [
    ("4096,128K", [4096, 131072]), ("200K, 1M", [204800, 1048576]), ("4K、8K、128K", [4096, 8192, 131072]),
    ("未披露", []), ("2048", [2048]),
])
def test_context_tokens(text, tokens):
    assert reported.context_tokens(text) == tokens


def test_numbering_problems():
    captions = pd.DataFrame({"position": [1, 2, 3, 4, 5, 6], "kind": ["Figure"] * 5 + ["Table"],
                             "printed_number": [1, 2, 2, 4, 5, 1]})
    problems = reported.numbering_problems(captions)
    assert {(p["kind"], p["number"], p["problem"]) for p in problems} == {("Figure", 2, "printed twice"),
                                                                         ("Figure", 3, "skipped")}


@pytest.mark.parametrize("printed, source, complete, lengths, holds, caveat", [
    ([1.2, 2.4], "1.2;2.4", True, False, True, False),        # every printed size sourced
    ([2.6], "2.6;9;27", True, False, True, False),            # a subset of a complete family
    ([3.8, 7], "3.8", False, False, True, True),              # 7B not sourced: caveat, not an error
    ([7.0], "1.8;20", True, False, False, False),             # a size outside a complete family
    ([7.0], "1.8;20", False, False, False, False),            # nothing printed is confirmed
    ([], "undisclosed", True, False, True, False),            # both say undisclosed
    ([8.0], "undisclosed", True, False, False, False),        # the table invents a size
    ([], "7", True, False, False, False),                     # the table says undisclosed, wrongly
    ([204800, 1048576], "1000000", False, True, True, True),  # 1M = 1,048,576 within 5 %; 200K unconfirmed
    ([8192], "8192;131072", False, True, False, False),       # a sourced length missing from the table
    ([131072], "128000", True, True, True, False),            # 128K read two ways
    ([4096], None, True, True, None, False),                  # no source: unverifiable
])
def test_compare_printed(printed, source, complete, lengths, holds, caveat):
    got = reported.compare_printed(printed, reported.source_values(source), complete=complete, lengths=lengths)
    assert got["holds"] is holds
    assert (got["caveat"] is not None) is caveat


def test_source_values():
    assert reported.source_values("") is None and reported.source_values(float("nan")) is None
    assert reported.source_values("undisclosed") == reported.UNDISCLOSED
    assert reported.source_values("0.5;1.5") == [0.5, 1.5]


def test_same_name():
    assert reported.same_name("Llama3", "Llama 3") and reported.same_name("GPT-4o mini", "GPT-4o Mini")
    assert not reported.same_name("SmoILM", "SmolLM")


def test_figure2_against_the_paper_names_each_misprint_and_counts_dashes(scratch_output):
    import pandas as pd

    from conftest import registry
    from bookkit import claims
    from bookkit.chapters.open_vs_closed import check_figure2_against_paper

    cells = pd.DataFrame({"benchmark": ["MMLU", "ARC", "Long", "MMLU", "ARC"],
                          "model": ["Llama 3.1 8B"] * 3 + ["Llama 3.1 70B"] * 2,
                          "score": [73.0, 85.4, None, 86.0, 94.8]})
    paper = pd.DataFrame({"figure_benchmark": ["MMLU", "ARC", "Long", "MMLU", "ARC"],
                          "model": ["Llama 3.1 8B"] * 3 + ["Llama 3.1 70B"] * 2,
                          "score": [73.0, 83.4, None, 86.0, None],
                          "paper_benchmark": ["MMLU (0-shot, CoT)", "ARC Challenge (0-shot)", "Long", "MMLU (0-shot, CoT)",
                                              "ARC Challenge (0-shot)"]})
    ids = {"fig2-llama-3-1-8b-paper": "3 cells", "fig2-llama-3-1-70b-paper": "2 cells"}
    ledger = claims.Ledger("test-fig2", registry("test-fig2", ids))
    shown = check_figure2_against_paper(ledger, cells, paper)
    small, large = (ledger.records().set_index("claim_id").loc[i] for i in ids)
    # a dash on both sides agrees; a number where the paper has a dash does not
    assert small.verdict == "wrong" and small.computed == (
        "2 of 3 cells equal the paper's; ARC Challenge (0-shot): printed 85.4, paper 83.4")
    assert large.verdict == "wrong" and "printed 94.8, paper –" in large.computed
    assert sorted(shown["benchmark"]) == ["ARC", "ARC"]
