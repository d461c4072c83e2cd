"""The price chapter's GPQA Diamond pieces on hand-made data: which score a price is set
against, the fall between the report and the latest price, and the published rates beside
the book's."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bookkit import claims
from bookkit.chapters import lightweight as page

from conftest import registry

MODELS = pd.DataFrame({"model_id": ["plain", "hybrid", "thinker"], "reasoning": ["no", "optional", "always"]})
SCORES = pd.DataFrame([
    ("plain", "as released", "single attempt", 55.0),
    ("hybrid", "non-thinking", "single attempt", 52.0),
    ("hybrid", "thinking", "single attempt", 70.0),
    ("hybrid", "effort high", "parallel attempts", 75.0),   # many attempts: never compared
    ("thinker", "as released", "single attempt", 80.0),
], columns=["model_id", "variant", "setting", "gpqa_diamond"])


def _prices(rows):
    df = pd.DataFrame(rows, columns=["price_id", "model_id", "model_as_priced", "vendor", "in_force_from", "event",
                                     "usd_per_1m_input", "usd_per_1m_output"])
    df["in_force_from"] = pd.to_datetime(df["in_force_from"])
    return df


PRICES = _prices([
    ("p1", "plain", "Plain", "v", "2024-06-01", "launch", 3.0, 15.0),
    ("p2", "hybrid", "Hybrid", "v", "2025-01-01", "launch", 1.0, 5.0),
    ("p3", "thinker", "Thinker", "v", "2025-02-01", "launch", 0.1, 0.4),
    ("p4", "unscored", "Unscored", "v", "2025-03-01", "launch", 0.01, 0.01),
])


def test_a_price_meets_the_plain_score_and_separately_the_reasoning_one():
    got = page.gpqa_priced(PRICES, SCORES, MODELS, mix=3)
    pairs = sorted(zip(got["model_id"], got["reasons"], got["gpqa_diamond"]))
    # the hybrid model twice (plain and thinking), the thinker only as reasoning, the unscored never;
    # the parallel-attempts score is never chosen
    assert pairs == [("hybrid", False, 52.0), ("hybrid", True, 70.0), ("plain", False, 55.0), ("thinker", True, 80.0)]
    assert got.loc[got["model_id"] == "plain", "blended"].iloc[0] == pytest.approx((3 * 3 + 15) / 4)


def test_the_fall_since_the_report_leaves_reasoning_out(scratch_output):
    priced = page.gpqa_priced(PRICES, SCORES, MODELS, mix=3)
    ledger = claims.Ledger("test-lightweight", registry("test-lightweight", {"value-keeps-rising-after-2024-08": "x"}))
    out = page.check_value_keeps_rising(ledger, priced, [50, 60], as_of="2025-06-01", sources=["s"])
    by = out.set_index("threshold")
    # >= 50: the plain model's 6.00 on the report's date, the hybrid's plain answer at 2.00 later;
    # >= 60: only reasoning reaches it, which is left out, so no price at either date
    assert by.loc[50, "at_report"] == pytest.approx(6.0) and by.loc[50, "latest"] == pytest.approx(2.0)
    assert by.loc[50, "model_latest"] == "hybrid"
    assert np.isnan(by.loc[60, "at_report"]) and np.isnan(by.loc[60, "latest"])
    assert ledger.verdict("value-keeps-rising-after-2024-08") == "wrong"  # nothing reached 60 at all


def test_a_level_first_reached_after_the_report_counts_as_a_fall(scratch_output):
    better = SCORES.assign(gpqa_diamond=SCORES["gpqa_diamond"].where(SCORES["variant"] != "non-thinking", 58.0))
    priced = page.gpqa_priced(PRICES, better, MODELS, mix=3)
    ledger = claims.Ledger("test-lightweight", registry("test-lightweight", {"value-keeps-rising-after-2024-08": "x"}))
    out = page.check_value_keeps_rising(ledger, priced, [50, 56], as_of="2025-06-01", sources=["s"])
    # >= 56: out of reach on the report's date, 2.00 once the hybrid model's plain answer scores 58
    assert out["at_report"].isna().tolist() == [False, True] and out["latest"].tolist() == [2.0, 2.0]
    assert ledger.verdict("value-keeps-rising-after-2024-08") == "holds with a caveat"
    floor = page.price_floor(priced, 50)
    assert floor["floor_price"] == pytest.approx(2.0) and floor["floor_models"] == "Hybrid (from 2025-01-01)"


def test_published_totals_become_yearly_rates_and_the_book_keeps_unfitted_levels():
    spread = pd.DataFrame([
        dict(threshold=50, mix="3:1", headline=True, factor_per_year=np.nan, ci_low=np.nan, ci_high=np.nan,
             points=2, first_date=pd.Timestamp("2024-06-01"), last_date=pd.Timestamp("2025-01-01")),
        dict(threshold=50, mix="1:1", headline=True, factor_per_year=np.nan, ci_low=np.nan, ci_high=np.nan,
             points=2, first_date=pd.Timestamp("2024-06-01"), last_date=pd.Timestamp("2025-01-01")),
    ])
    published = pd.DataFrame([dict(publisher="a16z", benchmark="MMLU", threshold=83.0, blend="1:1",
                                   period_start=pd.Timestamp("2023-01-01"), period_end=pd.Timestamp("2025-01-01"),
                                   points=pd.NA, factor_per_year=np.nan, factor_total=100.0, ci_low=np.nan,
                                   ci_high=np.nan)])
    rates = page.rates_beside_published({"GPQA Diamond": spread}, published, mix=3)
    a16z = rates[rates["who"] == "a16z"].iloc[0]
    assert a16z["derived"] and a16z["factor_per_year"] == pytest.approx(10.0, rel=0.01)  # 100x over two years
    book = rates[rates["who"] == "this book"]
    assert book["blend"].tolist() == ["3:1"]  # the 1:1 row is kept for MMLU only
    assert np.isnan(book["factor_per_year"].iloc[0])


def test_a_frontier_that_stands_for_several_quarters_is_drawn_once():
    """The old figure drew each quarter's frontier on top of the last, so 2023's frontiers hid
    under later identical ones; now quarters with the same frontier merge into one span."""
    rows = pd.DataFrame({"price_id": ["p1", "p2", "p3"], "model_id": ["a", "b", "c"], "vendor": "v",
                         "in_force_from": pd.to_datetime(["2023-01-15", "2023-01-20", "2024-02-01"]),
                         "blended": [10.0, 2.0, 1.0], "mmlu": [86.0, 70.0, 80.0]})
    quarters = pd.date_range("2023-03-31", "2024-06-30", freq="QE")
    spans = page.distinct_frontiers(rows, quarters)
    assert [label for label, _ in spans] == ["2023Q1-Q4", "2024Q1-Q2"]
    assert spans[0][1]["price_id"].tolist() == ["p2", "p1"] and spans[1][1]["price_id"].tolist() == ["p3", "p1"]


def test_the_headline_rate_comes_with_the_every_price_fit_of_the_same_choices():
    from bookkit.methods import prices

    rows = []
    for setting in prices.FIT_CHOICES["setting"]:
        for which in prices.FIT_CHOICES["prices"]:
            for dates in prices.FIT_CHOICES["dates"]:
                rate = {"new cheapest only": 6.0, "every price": 2.0}[which] + (setting != "5-shot") + (dates != "all rows") * 0.5
                rows.append({"threshold": 42.0, "mix": "1:1", "setting": setting, "prices": which, "dates": dates,
                             "factor_per_year": rate, "points": 5 if which == "new cheapest only" else 20,
                             "ci_low": 1.0, "ci_high": 30.0})
    spread = pd.DataFrame(rows)
    spread["headline"] = np.logical_and.reduce([spread[k] == v[0] for k, v in prices.FIT_CHOICES.items()])
    row = page.headline_rate(spread, 42.0, "1:1")
    assert (row["factor_per_year"], row["every_price"], row["every_price_points"]) == (6.0, 2.0, 20)
    assert (row["choices_low"], row["choices_high"]) == (2.0, 7.5)
