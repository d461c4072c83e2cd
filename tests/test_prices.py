"""Blended prices, the Pareto frontier and the cheapest price to reach a score, on hand-made data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bookkit.methods import prices


def _priced(rows):
    df = pd.DataFrame(rows, columns=["price_id", "model_id", "vendor", "in_force_from", "blended", "mmlu"])
    df["in_force_from"] = pd.to_datetime(df["in_force_from"])
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
    dates = pd.to_datetime(["2023-01-01", "2024-01-01", "2025-01-01", "2026-01-01"])
    fit = prices.fit_log_price(dates, [100.0, 10.0, 1.0, 0.1])
    assert fit["factor_per_year"] == pytest.approx(10.0, rel=0.01)
    assert fit["ci_low"] <= 10.0 * 1.01 and fit["ci_high"] >= 10.0 * 0.99
    # too few prices give no rate at all, not a steep line through two points
    few = prices.fit_log_price(dates[:prices.MIN_POINTS - 1], [100.0, 10.0, 1.0][:prices.MIN_POINTS - 1])
    assert few["points"] == prices.MIN_POINTS - 1 and np.isnan(few["factor_per_year"]) and np.isnan(few["ci_low"])


def test_the_interval_of_a_few_prices_covers_the_true_rate():
    """Four noisy prices two years apart: the t-interval covers the true 10x a year about 95 %
    of the time; a percentile bootstrap over the same four points, the old method, does not."""
    rng = np.random.default_rng(7)
    n, sims = 4, 1000
    days = pd.to_datetime("2023-01-01") + pd.to_timedelta(np.linspace(0, 730, n), unit="D")
    years = np.linspace(0, 730, n) / prices.YEAR
    covered, boot_covered = 0, 0
    for _ in range(sims):
        y = 2 - years + rng.normal(0, 0.3, n)
        fit = prices.fit_log_price(days, 10 ** y)
        covered += fit["ci_low"] <= 10 <= fit["ci_high"]
        i = rng.integers(0, n, (400, n))
        tx, yx = years[i], y[i]
        var = tx.var(axis=1)
        ok = var > 0
        slopes = ((tx - tx.mean(1, keepdims=True)) * (yx - yx.mean(1, keepdims=True))).mean(1)[ok] / var[ok]
        lo, hi = np.percentile(slopes, [2.5, 97.5])
        boot_covered += lo <= -1 <= hi
    assert 0.93 <= covered / sims <= 0.97
    assert boot_covered / sims < 0.92


def _dated(rows):
    """Rows as the data file gives them: a snapshot is dated by the copy that shows it."""
    df = pd.DataFrame(rows, columns=["price_id", "model_id", "vendor", "day", "event", "blended", "mmlu", "setting"])
    day = pd.to_datetime(df.pop("day"))
    df["effective_date"] = day.where(df["event"] != "snapshot")
    df["observed_date"] = day.where(df["event"] == "snapshot")
    df["reasons"] = df["setting"] == "reasoning"
    return prices.dated(df)


def test_dated_prefers_the_day_a_price_took_effect():
    rows = pd.DataFrame({"effective_date": pd.to_datetime(["2024-03-04", None, None]),
                         "observed_date": pd.to_datetime(["2024-08-12", "2024-08-12", None])})
    out = prices.dated(rows)
    assert out["in_force_from"].dt.strftime("%Y-%m-%d").fillna("").tolist() == ["2024-03-04", "2024-08-12", ""]
    assert out["dated_by"].tolist() == ["took effect", "observed", "undated"]


DATED = _dated([
    ("p1", "A", "v", "2023-03-01", "launch", 40.0, 86, "5-shot"),
    ("p2", "B", "v", "2023-11-01", "launch", 10.0, 85, "0-shot CoT"),
    ("p3", "A", "v", "2024-01-01", "price cut", 20.0, 86, "5-shot"),
    ("p4", "C", "host1", "2024-06-01", "host", 3.0, 87, "5-shot"),
    ("p5", "C", "host2", "2024-06-01", "host", 5.0, 87, "5-shot"),
    ("p6", "D", "v", "2024-08-12", "snapshot", 30.0, 88, "5-shot"),
    ("p7", "R", "v", "2024-09-12", "launch", 1.0, 90, "reasoning"),
    ("p8", "E", "v", "2024-10-01", "launch", 0.5, 70, "5-shot"),
])


def test_decline_points_follow_each_choice():
    pick = lambda **kw: prices.decline_points(DATED, 80, **kw)["price_id"].tolist()  # noqa: E731
    base = dict(setting="5-shot", prices="every price", dates="all rows")
    # one setting; the cheaper of two hosts on one day; never the reasoning model or one below the level
    assert pick(**base) == ["p1", "p3", "p4", "p6"]
    assert pick(**{**base, "setting": "any setting"}) == ["p1", "p2", "p3", "p4", "p6"]
    assert pick(**{**base, "dates": "effective dates only"}) == ["p1", "p3", "p4"]
    assert pick(**{**base, "prices": "new cheapest only"}) == ["p1", "p3", "p4"]
    assert pick(**{**base, "setting": "any setting", "prices": "new cheapest only"}) == ["p1", "p2", "p4"]
    # a reasoning model enters only when asked for, at its per-token price
    assert pick(**{**base, "setting": "any setting", "reasoning": "at per-token price"}) == [
        "p1", "p2", "p3", "p4", "p6", "p7"]


def test_decline_spread_fits_every_choice_headline_first():
    spread = prices.decline_spread(DATED, 80, {"main": "blended"})
    assert len(spread) == np.prod([len(v) for v in prices.FIT_CHOICES.values()])
    assert spread.iloc[0][list(prices.FIT_CHOICES)].tolist() == [v[0] for v in prices.FIT_CHOICES.values()]
    assert spread.iloc[0]["price_ids"] == "p1 p3 p4"
