"""Price against performance (report section 1.2): blended prices, the Pareto frontier of
the cheapest model for each score, the cheapest price to reach a score over time, and the
yearly decline fitted on dated prices under each reasonable choice of points, setting and dates."""

from __future__ import annotations

import numpy as np
import pandas as pd

MAIN_MIX = 3  # input tokens per output token in the blended price (3:1)


def blended(usd_in, usd_out, ratio: float = MAIN_MIX):
    """Price per million tokens of a mix of `ratio` input tokens to 1 output token."""
    return (ratio * np.asarray(usd_in, dtype=float) + np.asarray(usd_out, dtype=float)) / (ratio + 1)


def dated(rows: pd.DataFrame) -> pd.DataFrame:
    """Price rows with the day each is known to be in force from (`in_force_from`): the day it
    took effect, or where no source gives that, the day a stored copy of the price page shows it,
    never earlier. `dated_by` says which ("took effect", "observed" or "undated")."""
    out = rows.copy()
    out["in_force_from"] = out["effective_date"].fillna(out["observed_date"])
    out["dated_by"] = np.select([out["effective_date"].notna(), out["observed_date"].notna()],
                                ["took effect", "observed"], default="undated")
    return out


def in_force(prices: pd.DataFrame, day) -> pd.DataFrame:
    """The prices in force on a day: for each model and vendor, its latest row in force from
    that day or earlier (see `dated`)."""
    day = pd.Timestamp(day)
    p = prices[prices["in_force_from"].notna() & (prices["in_force_from"] <= day)]
    p = p.sort_values(["in_force_from", "price_id"])
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


YEAR = 365.25

# The reasonable choices a price-decline fit can make; the first of each is the headline's.
# The headline follows Epoch AI (2025-03-12): fit the prices that were the cheapest at or above
# the threshold when they took effect; "every price" fits the typical price at that level.
FIT_CHOICES = {
    "setting": ("5-shot", "any setting"),             # which MMLU counts toward the threshold
    "prices": ("new cheapest only", "every price"),  # rows that cut the minimum, or all rows at or above it
    "dates": ("all rows", "effective dates only"),   # keep or drop rows dated only by a copy that shows them
}

# On GPQA Diamond one setting is compared (one attempt), and models that reason before they
# answer can enter at their per-token price, as a sensitivity: their cost per answer is higher.
GPQA_FIT_CHOICES = {
    "setting": ("single attempt",),
    "prices": FIT_CHOICES["prices"],
    "dates": FIT_CHOICES["dates"],
    "reasoning": ("left out", "at per-token price"),
}


# Fewer prices than this give no rate: two or three points fit a line but say little about a
# trend (Epoch AI's price-trend regressions use the same minimum).
MIN_POINTS = 4


def fit_log_price(dates, prices, level: float = 0.95) -> dict:
    """Least-squares fit log10(price) = a + b * years: the factor by which the price falls per
    year (10**-b) and its t-interval from the scatter about the line (n - 2 degrees of
    freedom). Every point is a price someone could pay, not a resample of a running minimum.
    Below MIN_POINTS prices the rate is left empty."""
    from scipy import stats

    t = (pd.to_datetime(pd.Series(dates)) - pd.Timestamp("2023-01-01")).dt.days.to_numpy() / YEAR
    y = np.log10(np.asarray(prices, dtype=float))
    ok = np.isfinite(y) & np.isfinite(t)
    t, y = t[ok], y[ok]
    out = {"points": int(len(t)), "years": float(np.ptp(t)) if len(t) else 0.0,
           "factor_per_year": np.nan, "ci_low": np.nan, "ci_high": np.nan}
    if len(t) < MIN_POINTS or np.ptp(t) == 0:
        return out
    fit = stats.linregress(t, y)
    out["factor_per_year"] = float(10 ** -fit.slope)
    if len(t) > 2:
        half = stats.t.ppf(0.5 + level / 2, len(t) - 2) * fit.stderr
        out["ci_low"], out["ci_high"] = float(10 ** -(fit.slope + half)), float(10 ** -(fit.slope - half))
    return out


def new_cheapest(points: pd.DataFrame, price: str = "blended") -> pd.DataFrame:
    """The rows that, on the day they took effect, were cheaper than every earlier row."""
    d = points.sort_values(["in_force_from", price])
    return d[d[price] < d[price].cummin().shift(fill_value=np.inf)]


def decline_points(priced: pd.DataFrame, threshold: float, *, setting: str, prices: str, dates: str,
                   reasoning: str = "left out", price: str = "blended", score: str = "mmlu") -> pd.DataFrame:
    """The prices one choice of FIT_CHOICES fits: models at or above the threshold, each model's
    vendors on one day reduced to the cheapest (a buyer picks the cheapest host). Scores that
    come from reasoning (`reasons`) are left out unless asked for: a per-token price is not what
    a buyer of hidden reasoning pays per answer."""
    d = priced.dropna(subset=["in_force_from", price, score])
    d = d[d[score] >= threshold]
    if reasoning == "left out":
        d = d[~d["reasons"].astype(bool)]
    if setting != "any setting":
        d = d[d["setting"] == setting]
    if dates == "effective dates only":
        d = d[d["dated_by"] == "took effect"]
    d = d.sort_values([price, "price_id"]).drop_duplicates(["model_id", "in_force_from"])
    if prices == "new cheapest only":
        d = new_cheapest(d, price)
    return d.sort_values(["in_force_from", "price_id"])


def decline_spread(priced: pd.DataFrame, threshold: float, prices_by_mix: dict, level: float = 0.95,
                   choices: dict = FIT_CHOICES, score: str = "mmlu") -> pd.DataFrame:
    """One fit per combination of `choices` and price mix (`prices_by_mix`: mix name to
    column), headline first. `price_ids` says which rows each fit used."""
    import itertools

    rows = []
    for mix, column in prices_by_mix.items():
        for combo in itertools.product(*choices.values()):
            choice = dict(zip(choices, combo))
            pts = decline_points(priced, threshold, price=column, score=score, **choice)
            fit = fit_log_price(pts["in_force_from"], pts[column], level=level)
            rows.append({"threshold": threshold, "mix": mix, **choice, **fit,
                         "first_date": pts["in_force_from"].min(), "last_date": pts["in_force_from"].max(),
                         "price_ids": " ".join(pts["price_id"])})
    return pd.DataFrame(rows)


def change_points(series: pd.DataFrame) -> pd.DataFrame:
    """The days on which the cheapest price to reach a threshold changed (and the first)."""
    s = series.dropna(subset=["price"])
    return s[s["price"].ne(s["price"].shift())]
