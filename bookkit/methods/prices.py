"""Price against performance (report section 1.2): blended prices, the Pareto frontier of
the cheapest model for each score, and the cheapest price to reach a score over time."""

from __future__ import annotations

import numpy as np
import pandas as pd

MAIN_MIX = 3  # input tokens per output token in the blended price (3:1)


def blended(usd_in, usd_out, ratio: float = MAIN_MIX):
    """Price per million tokens of a mix of `ratio` input tokens to 1 output token."""
    return (ratio * np.asarray(usd_in, dtype=float) + np.asarray(usd_out, dtype=float)) / (ratio + 1)


def in_force(prices: pd.DataFrame, day) -> pd.DataFrame:
    """The prices in force on a day: for each model and vendor, its latest row dated on or
    before that day (a snapshot counts from its own date, never earlier)."""
    day = pd.Timestamp(day)
    p = prices[prices["price_date"].notna() & (prices["price_date"] <= day)]
    p = p.sort_values(["price_date", "price_id"])
    return p.groupby(["model_id", "vendor"], sort=False).tail(1)


def pareto(df: pd.DataFrame, price: str = "blended", score: str = "mmlu") -> pd.DataFrame:
    """Rows no other row beats: nothing at most as expensive scores at least as high
    (with one of the two strictly better). Sorted by price."""
    d = df.dropna(subset=[price, score]).sort_values([price, score], ascending=[True, False])
    best = -np.inf
    keep = []
    for idx, s in zip(d.index, d[score]):
        if s > best:
            keep.append(idx)
            best = s
    return d.loc[keep]


def cheapest_to_reach(priced: pd.DataFrame, threshold: float, days, price: str = "blended",
                      score: str = "mmlu") -> pd.DataFrame:
    """For each day, the cheapest price in force among models scoring at least `threshold`."""
    rows = []
    for day in pd.DatetimeIndex(days):
        now = in_force(priced, day)
        ok = now[(now[score] >= threshold) & now[price].notna()]
        if ok.empty:
            rows.append({"date": day, "threshold": threshold, "price": np.nan, "model_id": None})
        else:
            best = ok.loc[ok[price].idxmin()]
            rows.append({"date": day, "threshold": threshold, "price": float(best[price]),
                         "model_id": best["model_id"], "vendor": best["vendor"]})
    return pd.DataFrame(rows)


def fit_decline(dates, prices, n_boot: int = 2000, seed: int = 0) -> dict:
    """Exponential fit log10(price) = a + b * years: the factor by which the price falls per
    year (10**-b) with a percentile bootstrap interval over the points."""
    t = (pd.to_datetime(pd.Series(dates)) - pd.Timestamp("2023-01-01")).dt.days.to_numpy() / 365.25
    y = np.log10(np.asarray(prices, dtype=float))
    ok = np.isfinite(y)
    t, y = t[ok], y[ok]
    if len(t) < 2 or np.ptp(t) == 0:
        return {"points": int(len(t)), "factor_per_year": np.nan, "ci_low": np.nan, "ci_high": np.nan}
    slope = np.polyfit(t, y, 1)[0]
    rng = np.random.default_rng(seed)
    boots = []
    for _ in range(n_boot):
        i = rng.integers(0, len(t), len(t))
        if np.ptp(t[i]) > 0:
            boots.append(np.polyfit(t[i], y[i], 1)[0])
    lo, hi = (np.percentile(boots, [2.5, 97.5]) if boots else (np.nan, np.nan))
    return {"points": int(len(t)), "factor_per_year": float(10 ** -slope),
            "ci_low": float(10 ** -hi), "ci_high": float(10 ** -lo)}


def change_points(series: pd.DataFrame) -> pd.DataFrame:
    """The days on which the cheapest price to reach a threshold changed (and the first)."""
    s = series.dropna(subset=["price"])
    return s[s["price"].ne(s["price"].shift())]
