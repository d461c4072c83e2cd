"""The claim API derives verdicts from computed values and saves them for the appendix."""

from __future__ import annotations

import json

import pytest

from bookkit import claims, data

from conftest import registry

INFO = dict(evidence="price / EPS", source="gtja2024")
PRINTED = {"a": "30.58", "b": "23.5", "c": "10"}
# Everything else a test records is printed as "x" or "1".
REGISTRY = registry("test-chapter", {**{k: "1" for k in "defghijklmn"}, **PRINTED}, kind="pe")


@pytest.fixture
def ledger(scratch_output):
    return claims.Ledger("test-chapter", REGISTRY)


def test_compare_within_and_beyond_tolerance(ledger):
    assert ledger.compare("a", reported=30.58, computed=30.577, tolerance=0.01, **INFO).verdict == "holds"
    assert ledger.compare("b", reported=23.50, computed=23.44, tolerance=0.01, **INFO).verdict == "wrong"
    c = ledger.compare("c", reported=10, computed=10.004, tolerance=0.01, caveat="rounded", **INFO)
    assert c.verdict == "holds with a caveat" and "rounded" in c.evidence


def test_check_needs_a_real_bool(ledger):
    assert ledger.check("a", holds=True, computed="x", **INFO).verdict == "holds"
    assert ledger.check("b", holds=False, computed="y", **INFO).verdict == "wrong"
    with pytest.raises(TypeError):
        ledger.check("c", holds="holds", computed="x", **INFO)


def test_quote_gloss_and_printed_value_come_from_the_registry(ledger):
    c = ledger.check("a", holds=True, computed="x", **INFO)
    assert (c.quote_zh, c.gloss, c.reported, c.kind, c.section) == ("引文", "gloss of a", "30.58", "pe", "1")


def test_a_value_that_disagrees_with_the_registry_names_row_and_column(ledger):
    with pytest.raises(data.DataError) as info:
        ledger.compare("b", reported=23.44, computed=23.44, tolerance=0.01, **INFO)
    assert (info.value.row, info.value.column) == (13, "printed")  # "b" follows d-n and "'23.5'" in str(info.value)


def test_an_unregistered_claim_or_another_chapters_is_refused(scratch_output):
    with pytest.raises(data.DataError, match="no row"):
        claims.Ledger("test-chapter", REGISTRY).check("zz", holds=True, computed="x", **INFO)
    with pytest.raises(data.DataError, match="belongs to"):
        claims.Ledger("other-chapter", REGISTRY).check("a", holds=True, computed="x", **INFO)


def test_consistency(scratch_output):
    ledger = claims.Ledger("test-chapter", registry("test-chapter", {"a": "text: 66; table: 66",
                                                                      "b": "text: 3 min; table: 2 min"}))
    assert ledger.consistency("a", values={"text": 66, "table": 66}, **INFO).verdict == "holds"
    assert ledger.consistency("b", values={"text": "3 min", "table": "2 min"}, **INFO).verdict == "inconsistent"


def test_unverifiable_needs_a_reason(ledger):
    info = {k: v for k, v in INFO.items() if k != "evidence"}
    assert ledger.unverifiable("a", reason="no public source", **info).verdict == "unverifiable"
    with pytest.raises(ValueError):
        ledger.unverifiable("b", reason=" ", **info)


def test_rejects_duplicates_bad_ids_and_kinds(ledger, scratch_output):
    ledger.compare("d", reported=1, computed=1, tolerance=0, **INFO)
    with pytest.raises(ValueError, match="twice"):
        ledger.compare("d", reported=1, computed=1, tolerance=0, **INFO)
    with pytest.raises(ValueError):
        ledger.compare("Bad Id", reported=1, computed=1, tolerance=0, **INFO)
    with pytest.raises(data.DataError, match="kind"):
        claims.Ledger("test-chapter", REGISTRY.assign(kind="vibe")).compare("k", reported=1, computed=1, tolerance=0,
                                                                            **INFO)
    with pytest.raises(ValueError):
        ledger.compare("n", reported=float("nan"), computed=1, tolerance=0, **INFO)


def test_saved_and_collected(scratch_output):
    ledger = claims.Ledger("test-chapter", registry("test-chapter", {"a": "1", "b": "x: 1; y: 2"}))
    ledger.compare("a", reported=1, computed=1, tolerance=0, **INFO)
    ledger.consistency("b", values={"x": 1, "y": 2}, **INFO)
    saved = json.loads(ledger.path.read_text(encoding="utf-8"))
    assert [c["claim_id"] for c in saved] == ["a", "b"]
    frame = claims.collect()
    assert list(frame["verdict"]) == ["holds", "inconsistent"]
    assert ledger.summary()["holds"] == 1


def test_a_new_ledger_starts_afresh(scratch_output):
    first = claims.Ledger("test-chapter", REGISTRY)
    first.compare("d", reported=1, computed=1, tolerance=0, **INFO)
    claims.Ledger("test-chapter", REGISTRY)
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
    ledger = claims.Ledger("scratch", registry("scratch", {"x-1": "1"}))
    c = ledger.unverifiable("x-1", reported=1, reason="r", source="s")
    assert c.cell is None


def test_the_ledger_checks_dates_and_figures_against_events_and_sourced_figures(scratch_output):
    import pandas as pd

    from bookkit.chapters import ledger as page

    reg = registry("test-chapter", {"us-day": "2024-07-30", "month": "2024-06", "late": "2024-07-05", "fig": "30",
                                    "fig-off": "25", "fig-weak": "30", "by": "2024-07-31", "by-missed": "2024-07-28",
                                    "after": "after 2024-07-28", "after-early": "after 2024-07-31"},
                   kind="date")
    book = claims.Ledger("test-chapter", reg)
    events = pd.DataFrame({"event_id": ["e1", "e2"], "date": pd.to_datetime(["2024-07-29", "2024-06-04"]),
                           "month": ["2024-07", "2024-06"], "source_id": "src"}).set_index("event_id")
    figures = pd.DataFrame({"figure_id": ["f", "w"], "value": [30.0, 30.0], "what": ["seconds", "a month"],
                            "citation": ["issue", "copy"], "confidence": ["high", "medium"],
                            "source_id": "src"}).set_index("figure_id")
    other = pd.DataFrame({"statement_id": ["us-day", "month", "late", "fig", "fig-off", "fig-weak", "by", "by-missed",
                                           "after", "after-early"],
                          "check": ["event-date", "event-month", "event-date", "figure", "figure", "figure", "event-by",
                                    "event-by", "event-after", "event-after"],
                          "reference": ["e1", "e2", "e1", "f", "f", "w", "e1", "e1", "e1", "e1"], "reason": None,
                          "note": [None, "the month it opened", None, None, None, None, None, None, None, None],
                          "source_id": "gtja2024"})
    got = page.check_other_statements(book, other, {"event": events, "figure": figures}).set_index("statement")
    assert got["verdict"].to_dict() == {"us-day": "holds with a caveat", "month": "holds", "late": "wrong",
                                        "fig": "holds", "fig-off": "wrong", "fig-weak": "holds with a caveat",
                                        "by": "holds", "by-missed": "wrong", "after": "holds", "after-early": "wrong"}
    month = next(c for c in book.claims if c.claim_id == "month")
    assert month.evidence == "event table, e2; the month it opened"


def test_a_forecast_is_judged_as_of_a_date(scratch_output):
    reg = registry("test-chapter", {"f": "gap narrows", "g": "x"}).assign(forecast=[True, False])
    book = claims.Ledger("test-chapter", reg)
    with pytest.raises(ValueError, match="as_of"):
        book.check("f", holds=True, computed="narrowed", **INFO)
    assert book.check("f", holds=True, computed="narrowed", as_of="2026-02-13", **INFO).as_of == "2026-02-13"
    assert book.check("g", holds=True, computed="x", **INFO).as_of is None


def test_a_feature_is_judged_by_what_its_source_shows(scratch_output):
    """Tables 5, 7, 8 and 9: all of a feature holds (with a caveat from a weak source), part
    of it holds with a caveat naming the part, the opposite is wrong, nothing is unverifiable."""
    import pandas as pd

    from bookkit.chapters import ledger as page

    book = claims.Ledger("test-chapter", registry("test-chapter", {k: "x" for k in "abcde"}, kind="feature"))
    row = lambda found, confidence="high": pd.Series({  # noqa: E731
        "found": found, "detail": "the source shows it", "confidence": confidence, "source_id": "gtja2024",
        "citation": "p. 1"})
    assert page.check_feature(book, "a", "x", row("as stated")).verdict == "holds"
    assert page.check_feature(book, "b", "x", row("as stated", "low")).verdict == "holds with a caveat"
    assert page.check_feature(book, "c", "x", row("in part")).verdict == "holds with a caveat"
    assert page.check_feature(book, "d", "x", row("contradicted")).verdict == "wrong"
    assert page.check_feature(book, "e", "x", row("not found")).verdict == "unverifiable"


def test_open_or_closed_is_read_against_released_weights(scratch_output):
    import pandas as pd

    from bookkit.chapters import ledger as page

    book = claims.Ledger("test-chapter", registry("test-chapter", {"o": "open", "c": "open", "k": "closed"}, kind="label"))
    products = pd.DataFrame({"product_id": ["svd", "sora"], "open_weights": [True, False],
                             "source_id": "src"}).set_index("product_id")
    other = pd.DataFrame({"statement_id": ["o", "c", "k"], "check": "product-open", "reference": ["svd", "sora", "sora"],
                          "reason": None, "note": None, "source_id": "gtja2024"})
    got = page.check_other_statements(book, other, {"product": products}).set_index("statement")
    assert got["verdict"].to_dict() == {"o": "holds", "c": "wrong", "k": "holds"}
