"""Blended prices, the Pareto frontier and the cheapest price to reach a score, on hand-made data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bookkit.methods import prices


def _priced(rows):
    df = pd.DataFrame(rows, columns=["price_id", "model_id", "vendor", "price_date", "blended", "mmlu"])
    df["price_date"] = pd.to_datetime(df["price_date"])
    return df


def test_blended_mix():
    assert prices.blended(1.0, 5.0) == pytest.approx(2.0)          # (3*1 + 5) / 4
    assert prices.blended(1.0, 5.0, ratio=1) == pytest.approx(3.0)


def test_pareto_keeps_the_cheapest_for_each_score():
    df = _priced([("a", "A", "v", "2024-01-01", 10.0, 86), ("b", "B", "v", "2024-01-01", 1.0, 70),
                  ("c", "C", "v", "2024-01-01", 2.0, 69), ("d", "D", "v", "2024-01-01", 5.0, 80),
                  ("e", "E", "v", "2024-01-01", 5.0, 75)])
    assert list(prices.pareto(df)["model_id"]) == ["B", "D", "A"]


def test_prices_in_force_follow_cuts_and_never_precede_their_date():
    df = _priced([("p1", "A", "v", "2024-01-01", 10.0, 80), ("p2", "A", "v", "2024-06-01", 4.0, 80),
                  ("p3", "B", "v", "2024-03-01", 6.0, 85)])
    assert prices.in_force(df, "2023-12-31").empty
    assert prices.in_force(df, "2024-02-01")["blended"].tolist() == [10.0]
    assert sorted(prices.in_force(df, "2024-07-01")["blended"]) == [4.0, 6.0]


def test_cheapest_to_reach_over_time():
    df = _priced([("p1", "A", "v", "2024-01-01", 10.0, 80), ("p2", "A", "v", "2024-06-01", 4.0, 80),
                  ("p3", "B", "v", "2024-03-01", 6.0, 85)])
    days = pd.to_datetime(["2023-12-01", "2024-02-01", "2024-04-01", "2024-07-01"])
    s = prices.cheapest_to_reach(df, 80, days)
    assert np.isnan(s["price"][0]) and s["price"].tolist()[1:] == [10.0, 6.0, 4.0]
    assert s["model_id"].tolist()[1:] == ["A", "B", "A"]
    assert prices.change_points(s)["price"].tolist() == [10.0, 6.0, 4.0]


def test_fit_recovers_a_tenfold_yearly_decline():
    dates = pd.to_datetime(["2023-01-01", "2024-01-01", "2025-01-01"])
    fit = prices.fit_decline(dates, [100.0, 10.0, 1.0], n_boot=200)
    assert fit["factor_per_year"] == pytest.approx(10.0, rel=0.01)
    assert fit["ci_low"] <= 10.0 * 1.01 and fit["ci_high"] >= 10.0 * 0.99
    assert np.isnan(prices.fit_decline(dates[:1], [5.0])["factor_per_year"])
