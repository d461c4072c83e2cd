"""The claim API derives verdicts from computed values and saves them for the appendix."""

from __future__ import annotations

import json

import pytest

from bookkit import claims

INFO = dict(section="4", quote_zh="表 11", gloss="Table 11", kind="pe", evidence="price / EPS",
            source="gtja2024")


@pytest.fixture
def ledger(scratch_output):
    return claims.Ledger("test-chapter")


def test_compare_within_and_beyond_tolerance(ledger):
    assert ledger.compare("a", reported=30.58, computed=30.577, tolerance=0.01, **INFO).verdict == "holds"
    assert ledger.compare("b", reported=23.50, computed=23.44, tolerance=0.01, **INFO).verdict == "wrong"
    c = ledger.compare("c", reported=10, computed=10.004, tolerance=0.01, caveat="rounded", **INFO)
    assert c.verdict == "holds with a caveat" and "rounded" in c.evidence


def test_check_needs_a_real_bool(ledger):
    assert ledger.check("a", holds=True, reported="x", computed="x", **INFO).verdict == "holds"
    assert ledger.check("b", holds=False, reported="x", computed="y", **INFO).verdict == "wrong"
    with pytest.raises(TypeError):
        ledger.check("c", holds="holds", reported="x", computed="x", **INFO)


def test_consistency(ledger):
    assert ledger.consistency("a", values={"text": 66, "table": 66}, **INFO).verdict == "holds"
    assert ledger.consistency("b", values={"text": "3 min", "table": "2 min"}, **INFO).verdict == "inconsistent"


def test_unverifiable_needs_a_reason(ledger):
    info = {k: v for k, v in INFO.items() if k != "evidence"}
    assert ledger.unverifiable("a", reported="100k h", reason="no public source", **info).verdict == "unverifiable"
    with pytest.raises(ValueError):
        ledger.unverifiable("b", reported="x", reason=" ", **info)


def test_rejects_duplicates_bad_ids_and_kinds(ledger):
    ledger.compare("a", reported=1, computed=1, tolerance=0, **INFO)
    with pytest.raises(ValueError, match="twice"):
        ledger.compare("a", reported=1, computed=1, tolerance=0, **INFO)
    with pytest.raises(ValueError):
        ledger.compare("Bad Id", reported=1, computed=1, tolerance=0, **INFO)
    with pytest.raises(ValueError):
        ledger.compare("k", reported=1, computed=1, tolerance=0, **{**INFO, "kind": "vibe"})
    with pytest.raises(ValueError):
        ledger.compare("n", reported=float("nan"), computed=1, tolerance=0, **INFO)


def test_saved_and_collected(ledger, scratch_output):
    ledger.compare("a", reported=1, computed=1, tolerance=0, **INFO)
    ledger.consistency("b", values={"x": 1, "y": 2}, **INFO)
    saved = json.loads(ledger.path.read_text(encoding="utf-8"))
    assert [c["claim_id"] for c in saved] == ["a", "b"]
    frame = claims.collect()
    assert list(frame["verdict"]) == ["holds", "inconsistent"]
    assert ledger.summary()["holds"] == 1


def test_a_new_ledger_starts_afresh(scratch_output):
    first = claims.Ledger("test-chapter")
    first.compare("a", reported=1, computed=1, tolerance=0, **INFO)
    claims.Ledger("test-chapter")
    assert claims.collect().empty


def test_cell_sections_map_each_code_cell_to_the_heading_above_it(tmp_path):
    import json

    nb = {"cells": [{"cell_type": "markdown", "source": ["# Title\n"]},
                    {"cell_type": "code", "source": ["a = 1"]},
                    {"cell_type": "markdown", "source": ["## Table 2: the models\n", "```\n", "# not a heading\n", "```"]},
                    {"cell_type": "code", "source": ["b = 2\n"]},
                    {"cell_type": "markdown", "source": ["## Table 2: the models"]},
                    {"cell_type": "code", "source": ["c = 3"]}]}
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps(nb))
    sections = claims.cell_sections(path)
    assert sections[claims.cell_digest("a = 1")] == ("Title", "")  # under the title: the page itself
    assert sections[claims.cell_digest("b = 2")] == ("Table 2: the models", "table-2-the-models")
    assert sections[claims.cell_digest("c = 3")] == ("Table 2: the models", "table-2-the-models-1")


def test_a_claim_made_outside_a_notebook_has_no_cell(tmp_path, monkeypatch):
    monkeypatch.setenv("BOOKKIT_OUTPUT", str(tmp_path))
    ledger = claims.Ledger("scratch")
    c = ledger.unverifiable("x-1", reported=1, reason="r", section="1", quote_zh="q", gloss="g",
                            kind="count", source="s")
    assert c.cell is None
