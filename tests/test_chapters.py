"""Chapters are for their readers: findings first, more prose than code, long tables trimmed,
and numbers in prose glued from the code that computed them."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from bookkit.build import book, notebooks, readability
from bookkit import claims, findings, paths, tables

CHAPTERS = book.chapter_notebooks()
REPORT_CHAPTERS = [nb for nb in CHAPTERS if nb.stem not in ("intro", "ledger", "data", "gallery")]


@pytest.mark.parametrize("nb_path", CHAPTERS, ids=lambda p: p.stem)
def test_no_chapter_has_more_code_than_prose(nb_path):
    code, prose = readability.line_counts(nb_path)
    assert code <= prose, f"{nb_path.name}: {code} code lines against {prose} of prose"


@pytest.mark.parametrize("nb_path", REPORT_CHAPTERS, ids=lambda p: p.stem)
def test_a_report_chapter_opens_with_what_it_finds(nb_path):
    cells = notebooks.read(nb_path)["cells"]
    headings = [(i, line) for i, c in enumerate(cells) if c["cell_type"] == "markdown"
                for line in notebooks.cell_text(c).splitlines() if line.startswith("## ")]
    assert headings and headings[0][1] == "## What this chapter finds", headings[:1]
    first_code = next(i for i, c in enumerate(cells) if c["cell_type"] == "code")
    assert headings[0][0] < first_code
    section = notebooks.cell_text(cells[headings[0][0]]).split("## What this chapter finds", 1)[1].split("\n## ")[0]
    assert "{glue:md}`tally`" in section
    # The findings are the first bullet list of the section: each bullet states something
    # computed, so each carries a glued value; three to six of them in all.
    items = re.split(r"\n- ", section.split("\n\n- ", 1)[1].split("\n\n")[0])
    assert 3 <= len(items) <= 6, f"{len(items)} findings"
    unglued = [item[:60] for item in items if "{glue:text}`" not in item]
    assert not unglued, f"findings with no glued value: {unglued}"


def test_tally_links_each_count_to_the_chapter_rows_of_its_verdict():
    counts = pd.Series({"holds": 3, "wrong": 1})
    text = findings.tally_markdown("video", counts)
    assert '<a href="ledger.html#v-video-holds">**3** hold</a>' in text
    assert '<a href="ledger.html#v-video-wrong">**1** wrong</a>' in text
    assert "**0** inconsistent" in text and "v-video-inconsistent" not in text  # nothing to link to
    assert "(4)" in text
    assert "href" not in findings.tally_markdown(None, counts)


def test_the_ledger_marks_the_first_row_of_each_chapter_and_verdict():
    from bookkit.chapters import ledger

    rows = pd.DataFrame([{"chapter": ch, "verdict": v, "section": "1", "quote_zh": "q", "gloss": "g", "reported": "r",
                          "computed": "c", "evidence": "e", "source": "s", "claim_id": f"{ch}-{i}", "cell": None}
                         for i, (ch, v) in enumerate([("b", "wrong"), ("a", "holds"), ("b", "holds"), ("b", "holds")])])
    table = ledger.verdict_table(rows, ["a", "b"], {"a": {}, "b": {}}, this_page="ledger")
    assert table.count('id="v-b-holds"') == 1 and table.count('id="v-b-wrong"') == 1
    order = [line.split("|")[1].strip() + line.split("**")[1] for line in table.splitlines()[2:]]
    assert order == ["aholds", "bholds", "bholds", "bwrong"]  # book order, then verdict order
    assert set(claims.VERDICTS) >= {"holds", "wrong"}


def test_a_long_table_is_trimmed_with_a_link_to_all_rows(scratch_output, monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    frame = pd.DataFrame({"x": range(40)})
    tables.show(frame, chapter="demo", slug="long")
    assert len(shown[0]) == tables.MAX_ROWS and "all 40 rows (CSV)" in shown[1].data
    assert len(pd.read_csv(scratch_output / "figures" / "demo" / "tables" / "long.csv")) == 40
    shown.clear()
    tables.show(frame.head(5), chapter="demo", slug="short")
    assert len(shown) == 1 and len(shown[0]) == 5


def test_readability_counts_a_cells_options_as_code(tmp_path):
    md = tmp_path / "c.md"
    md.write_text("---\njupytext:\n  text_representation: {extension: .md, format_name: myst}\n"
                  "kernelspec: {display_name: Python 3, language: python, name: python3}\n---\n\n"
                  "(label)=\n# Title\n\nOne line of prose.\n\n```{code-cell}\n:tags: [hide-input]\n\nx = 1\n```\n",
                  encoding="utf-8")
    assert readability.line_counts(md) == (2, 2)


def test_no_chapter_retypes_a_quote_of_the_registry():
    """The report's words live in data/report/statements.csv; chapter code looks them up."""
    from bookkit import data

    quotes = [q for q in data.load(claims.REGISTRY)["quote_zh"] if sum("\u4e00" <= ch <= "\u9fff" for ch in q) >= 4]
    code = {p: p.read_text(encoding="utf-8") for p in
            [*(paths.ROOT / "bookkit").rglob("*.py"), *(paths.ROOT / "chapters").glob("*.md")]}
    retyped = [(paths.relative_to_root(p), q) for p, text in code.items() for q in quotes if q in text]
    assert not retyped, retyped


def test_a_benchmark_lag_stops_when_one_kind_stops_reporting():
    from bookkit.chapters import open_vs_closed as page

    d = pd.DataFrame({"release_date": pd.to_datetime(["2025-01-10", "2025-02-01", "2025-04-24", "2025-07-24"]),
                      "open_weights": [False, True, True, False]})
    grid = page.bench_grid(d)
    # open models report last on 2025-04-24: the closed score of July is past the window
    assert (grid[0], grid[-1]) == (pd.Timestamp("2025-01-10"), pd.Timestamp("2025-04-24"))
    assert list(page.bench_periods(grid)) == ["2025H1", "2025"]


def test_saturation_counts_the_models_within_the_margin_of_the_best():
    from bookkit.chapters import open_vs_closed as page

    d = pd.DataFrame({"release_date": pd.to_datetime(["2023-02-01", "2023-03-01", "2023-08-01", "2023-09-01"]),
                      "score": [80.0, 79.0, 88.0, 87.5]})
    periods = {"2023H1": ("2023-01-01", "2023-06-30"), "2023H2": ("2023-07-01", "2023-12-31")}
    sat = page.saturation({"b": (d, "score")}, periods, margin=2.0).set_index("period")
    assert sat.loc["2023H1", "within_margin"] == 2 and sat.loc["2023H2", "within_margin"] == 2
    assert sat.loc["2023H2", "models"] == 4 and sat.loc["2023H2", "best"] == 88.0
