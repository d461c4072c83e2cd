"""How far open models trail closed ones: best-so-far frontiers and the lag in time.

The lag follows Epoch AI's method, the horizontal distance between the two frontiers: on
each day, take the best score any open model has reached so far, and find how long before
the open frontier reached it the closed frontier had. An open series that copies the
closed one 90 days later therefore lags by exactly 90 days on every day. A vertical gap (closed best minus open best, in points) is the
other view. Only scores of one evaluation setting are ever compared.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd

MMLU_QUESTIONS = 14042  # size of the MMLU test set (Hendrycks et al., 2021)

PERIODS = {
    "2023": ("2023-01-01", "2023-12-31"),
    "2024H1": ("2024-01-01", "2024-06-30"),
    "2024H2": ("2024-07-01", "2024-12-31"),
    "2025": ("2025-01-01", "2025-12-31"),
}


def comparable(scores: pd.DataFrame, models: pd.DataFrame, setting: str) -> pd.DataFrame:
    """One row per model with a dated score in `setting` (the best of its variants)."""
    s = scores[scores["setting"] == setting]
    s = s.sort_values("mmlu", ascending=False).drop_duplicates("model_id")
    out = s.merge(models[["model_id", "model", "organisation", "release_date", "open_weights",
                          "params_total_b"]], on="model_id", how="left")
    out = out[out["release_date"].notna()]
    return out.sort_values(["release_date", "model_id"]).reset_index(drop=True)


def day_grid(start, end) -> pd.DatetimeIndex:
    return pd.date_range(pd.Timestamp(start), pd.Timestamp(end), freq="D")


def frontier(dates, scores, grid) -> np.ndarray:
    """Best score among models released on or before each grid day (NaN before the first)."""
    dates = pd.to_datetime(pd.Series(dates)).to_numpy()
    scores = np.asarray(scores, dtype=float)
    order = np.argsort(dates, kind="stable")
    d, best = dates[order], np.maximum.accumulate(scores[order]) if len(scores) else scores
    idx = np.searchsorted(d, pd.DatetimeIndex(grid).to_numpy(), side="right") - 1
    out = np.full(len(grid), np.nan)
    ok = idx >= 0
    out[ok] = best[idx[ok]]
    return out


def first_reached(dates, scores, levels) -> np.ndarray:
    """For each level, the first date on which a model scoring at least that was out (NaT if never)."""
    dates = pd.to_datetime(pd.Series(dates)).to_numpy()
    scores = np.asarray(scores, dtype=float)
    levels = np.asarray(levels, dtype=float)
    out = np.full(len(levels), np.datetime64("NaT"), dtype="datetime64[ns]")
    if not len(scores):
        return out
    order = np.argsort(dates, kind="stable")
    d, best = dates[order], np.maximum.accumulate(scores[order])
    ok = ~np.isnan(levels)
    idx = np.searchsorted(best, levels[ok], side="left")
    found = idx < len(best)
    hits = np.full(ok.sum(), np.datetime64("NaT"), dtype="datetime64[ns]")
    hits[found] = d[idx[found]]
    out[ok] = hits
    return out


def lag_days(open_dates, open_scores, closed_dates, closed_scores, grid) -> np.ndarray:
    """Days by which the closed frontier reached each day's best open score before the open
    frontier did. NaN where no open model exists yet or no closed model ever reached that
    score; negative where closed models reached it only later."""
    best_open = frontier(open_dates, open_scores, grid)
    open_at = first_reached(open_dates, open_scores, best_open)
    closed_at = first_reached(closed_dates, closed_scores, best_open)
    days = (open_at - closed_at) / np.timedelta64(1, "D")
    return np.where(np.isnat(closed_at) | np.isnat(open_at), np.nan, days)


def vertical_gap(open_dates, open_scores, closed_dates, closed_scores, grid) -> np.ndarray:
    """Closed best minus open best, in points, on each grid day."""
    return frontier(closed_dates, closed_scores, grid) - frontier(open_dates, open_scores, grid)


def period_means(grid, values, periods=PERIODS) -> pd.Series:
    """Mean of a daily series within each period (NaN days ignored; NaN if none)."""
    grid = pd.DatetimeIndex(grid)
    values = np.asarray(values, dtype=float)
    out = {}
    for name, (start, end) in periods.items():
        sel = (grid >= pd.Timestamp(start)) & (grid <= pd.Timestamp(end)) & ~np.isnan(values)
        out[name] = float(values[sel].mean()) if sel.any() else float("nan")
    return pd.Series(out)


def bootstrap_period_lag(open_df, closed_df, grid, periods=PERIODS, n: int = 1000,
                         seed: int = 0, score: str = "mmlu") -> pd.DataFrame:
    """Mean lag per period with a percentile bootstrap CI: each replicate resamples the open
    and the closed models (with replacement) and recomputes both frontiers."""
    rng = np.random.default_rng(seed)
    od, os_ = open_df["release_date"].to_numpy(), open_df[score].to_numpy(float)
    cd, cs = closed_df["release_date"].to_numpy(), closed_df[score].to_numpy(float)
    point = period_means(grid, lag_days(od, os_, cd, cs, grid), periods)
    reps = np.full((n, len(periods)), np.nan)
    for i in range(n):
        oi = rng.integers(0, len(od), len(od))
        ci = rng.integers(0, len(cd), len(cd))
        reps[i] = period_means(grid, lag_days(od[oi], os_[oi], cd[ci], cs[ci], grid), periods).to_numpy()
    with warnings.catch_warnings():  # periods with no defined lag give NaN, not a warning
        warnings.simplefilter("ignore", RuntimeWarning)
        lo = np.nanpercentile(reps, 2.5, axis=0) if n else np.full(len(periods), np.nan)
        hi = np.nanpercentile(reps, 97.5, axis=0) if n else np.full(len(periods), np.nan)
    return pd.DataFrame({"period": list(periods), "mean_lag_days": point.to_numpy(),
                         "ci_low": lo, "ci_high": hi,
                         "mean_lag_months": point.to_numpy() / 30.44}).set_index("period")


def records(df: pd.DataFrame, score: str = "mmlu") -> pd.DataFrame:
    """The models that raised their group's best-so-far score (the labelled points)."""
    df = df.sort_values(["release_date", score], ascending=[True, False])
    prev = df[score].astype(float).cummax().shift(fill_value=-np.inf)
    return df[df[score] > prev]


EQUIVALENCE_MARGIN = 2.0  # points: "level" means the difference is shown to lie within ±2 points
EQUIVALENCE_Z = 1.645  # two one-sided tests at 5 %: the 90 % interval must lie inside the margin


def source_spread(scores: pd.DataFrame) -> float:
    """Pooled standard deviation of one model's scores in one setting across the book's
    sources and variants (cells with two or more scores): how far two honest reports of
    the same model differ, which question sampling alone understates. 0 when no model has
    two scores in a setting (then question sampling is all the interval counts)."""
    cells = scores.groupby(["model_id", "setting"])["mmlu"]
    dof = (cells.count() - 1).clip(lower=0)
    if dof.sum() == 0:
        return 0.0
    return float(np.sqrt((cells.var(ddof=1).fillna(0) * dof).sum() / dof.sum()))


def question_se(score: float, n: int = MMLU_QUESTIONS) -> float:
    """Standard error (points) of a score measured on n questions."""
    p = score / 100.0
    return 100.0 * math.sqrt(p * (1 - p) / n)


def equivalence(difference: float, se: float, margin: float = EQUIVALENCE_MARGIN) -> tuple[float, float, str]:
    """(90 % interval low, high, outcome): "level" when the interval lies inside ±margin
    (equivalence shown by two one-sided tests), "apart" when it lies wholly outside,
    "inconclusive" otherwise."""
    lo, hi = difference - EQUIVALENCE_Z * se, difference + EQUIVALENCE_Z * se
    if -margin < lo and hi < margin:
        return lo, hi, "level"
    if lo > margin or hi < -margin:
        return lo, hi, "apart"
    return lo, hi, "inconclusive"


def smallest_margin(spread: float, score: float = 88.0) -> float:
    """The narrowest margin an equivalence test could confirm for two equal scores near
    `score`, given the spread between sources for one model."""
    return EQUIVALENCE_Z * math.sqrt(2 * question_se(score) ** 2 + 2 * spread ** 2)


def matched(scores: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    """Settings in which both models have a score (best variant each), with a - b, its
    standard error (question sampling of both scores plus the spread between sources for
    one model, `source_spread`), the 90 % interval and the equivalence outcome."""
    spread = source_spread(scores)
    best = scores.sort_values("mmlu", ascending=False).drop_duplicates(["model_id", "setting"])
    pa = best[best["model_id"] == a].set_index("setting")["mmlu"]
    pb = best[best["model_id"] == b].set_index("setting")["mmlu"]
    both = pa.index.intersection(pb.index)
    out = pd.DataFrame({"setting": list(both), a: pa[both].to_numpy(), b: pb[both].to_numpy()})
    out["difference"] = out[a] - out[b]
    out["se"] = [math.sqrt(question_se(x) ** 2 + question_se(y) ** 2 + 2 * spread ** 2) for x, y in zip(out[a], out[b])]
    tests = [equivalence(d, se) for d, se in zip(out["difference"], out["se"])]
    out["ci_low"], out["ci_high"], out["outcome"] = ([t[i] for t in tests] for i in range(3))
    out["level"] = out["outcome"] == "level"
    return out


def record_parity(ledger, claim_id: str, scores: pd.DataFrame, a: str, b: str, **info):
    """Record 'a draws level with b' by an equivalence test in each matched setting (margin
    EQUIVALENCE_MARGIN): holds when level in every setting, holds with a caveat when level in
    some, wrong when apart in some and level in none, unverifiable when every interval
    crosses the margin or the two share no setting."""
    m = matched(scores, a, b)
    shown = "; ".join(f"{r.setting}: {r[a]:.1f} vs {r[b]:.1f} ({r.difference:+.1f}, 90 % interval "
                      f"{r.ci_low:+.1f} to {r.ci_high:+.1f}; margin ±{EQUIVALENCE_MARGIN:g}: {r.outcome})"
                      for _, r in m.iterrows())
    if m.empty:
        have = scores[scores["model_id"].isin([a, b])]
        listed = "; ".join(f"{r.model_id}: {r.mmlu:.1f} ({r.setting}, {r.variant})" for r in have.itertuples())
        return ledger.unverifiable(claim_id, reported=info.pop("reported", None),
                                   reason=f"no evaluation setting in common; scores on file: {listed}", **info)
    outcomes = set(m["outcome"])
    if outcomes == {"inconclusive"}:
        info.pop("evidence", None)
        return ledger.unverifiable(
            claim_id, reported=info.pop("reported", None),
            reason=(f"equivalence within ±{EQUIVALENCE_MARGIN:g} points can be neither shown nor ruled out: {shown}. "
                    f"The interval counts question sampling and a {source_spread(scores):.1f}-point spread between "
                    "sources for one model"), **info)
    caveat = None
    if "level" in outcomes and outcomes != {"level"}:
        caveat = "level in " + ", ".join(m.loc[m["level"], "setting"]) + "; not shown in " + \
                 ", ".join(m.loc[~m["level"], "setting"])
    return ledger.check(claim_id, holds="level" in outcomes, computed=shown, caveat=caveat, **info)

def record_superiority(ledger, claim_id: str, scores: pd.DataFrame, a: str, b: str, **info):
    """Record 'a beats b': in each matched setting a is ahead when the 90 % interval of a - b
    lies above zero (a one-sided test at 5 %) and behind when it lies below. Holds when ahead
    in every setting (with a caveat when only in some), wrong when behind in one and ahead in
    none, unverifiable when every interval includes zero or there is no common setting."""
    m = matched(scores, a, b)
    if m.empty:
        return ledger.unverifiable(claim_id, reason="no evaluation setting in common", **info)
    side = np.where(m["ci_low"] > 0, "ahead", np.where(m["ci_high"] < 0, "behind", "within the noise"))
    shown = "; ".join(f"{r.setting}: {r[a]:.1f} vs {r[b]:.1f} ({r.difference:+.1f}, 90 % interval "
                      f"{r.ci_low:+.1f} to {r.ci_high:+.1f}: {s})" for (_, r), s in zip(m.iterrows(), side))
    if set(side) == {"within the noise"}:
        info.pop("evidence", None)
        return ledger.unverifiable(claim_id, reason=(f"the difference is within the noise in every matched setting: {shown}. "
                                                     f"The interval counts question sampling and a "
                                                     f"{source_spread(scores):.1f}-point spread between sources for one model"),
                                   **info)
    ahead = side == "ahead"
    caveat = None if ahead.all() or not ahead.any() else "ahead only in " + ", ".join(m.loc[ahead, "setting"])
    return ledger.check(claim_id, holds=bool(ahead.any() and not (side == "behind").any()), computed=shown,
                        caveat=caveat, **info)
