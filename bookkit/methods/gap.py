"""How far open models trail closed ones: best-so-far frontiers and the lag in time.

The lag is the horizontal distance between the two frontiers (Epoch AI's measure), signed:
on each day, while open models trail, how long ago the closed frontier first reached the
best open score; while they lead, minus how long ago the open frontier first reached the
best closed score; 0 when the two bests are within the scores' noise (caught up). At each
open record it is the record's delay behind the closed frontier (`record_lags`); between
records it grows by a day a day. Only models released by a day count for that day. The vertical gap
(closed best minus open best, in points) is the other view. Intervals come from the noise
of the scores themselves (each resampled within its question-sampling error), not from
resampling models: a frontier is a running maximum, for which that bootstrap fails. Only
scores of one evaluation setting are ever compared.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

MMLU_QUESTIONS = 14042  # size of the MMLU test set (Hendrycks et al., 2021)
GPQA_DIAMOND_QUESTIONS = 198  # size of GPQA's Diamond subset (Rein et al., 2023)
SWE_BENCH_VERIFIED_TASKS = 500  # human-validated tasks of SWE-bench Verified (OpenAI, 2024)

PERIODS = {
    "2023": ("2023-01-01", "2023-12-31"),
    "2024H1": ("2024-01-01", "2024-06-30"),
    "2024H2": ("2024-07-01", "2024-12-31"),
    "2025": ("2025-01-01", "2025-12-31"),
}


VARIANT_RULES = {
    # fixed before looking at the scores: the weights a user gets, else the base model
    "released": ["as released", "instruct", "base"],
    "base": ["base", "as released", "instruct"],
    # reasoning models: the most thinking a user can ask for in one attempt
    "highest effort": ["as released", "thinking", "effort max", "effort xhigh", "effort high", "effort medium", "instruct",
                       "non-thinking", "effort low", "base"],
}


def preferred_variant(scores: pd.DataFrame, keys: list[str], rule: str = "released",
                      score: str = "mmlu") -> pd.DataFrame:
    """One score per `keys` group: the variant the rule prefers (`VARIANT_RULES`), never the
    best-scoring one, which would choose after seeing the scores."""
    rank = {v: i for i, v in enumerate(VARIANT_RULES[rule])}
    return (scores.assign(_rank=scores["variant"].map(rank).fillna(len(rank)))
            .sort_values(["_rank", score], ascending=[True, False]).drop_duplicates(keys).drop(columns="_rank"))


def comparable(scores: pd.DataFrame, models: pd.DataFrame, setting: str, rule: str = "released",
               score: str = "mmlu") -> pd.DataFrame:
    """One row per model with a dated score in `setting`, in the variant the rule prefers.
    `release_date` here is the day the model became available as its kind: the weights'
    release for an open model (Grok-1 was a closed chatbot for four months before), the
    release or announcement for a closed one; `announced` keeps the table's release date."""
    s = preferred_variant(scores[scores["setting"] == setting], ["model_id"], rule, score)
    out = s.merge(models[["model_id", "model", "organisation", "release_date", "weights_released", "open_weights",
                          "params_total_b"]], on="model_id", how="left")
    out["announced"] = out["release_date"]
    out["release_date"] = out["weights_released"].where(out["open_weights"].astype(bool), out["release_date"])
    out = out.drop(columns="weights_released")
    out = out[out["release_date"].notna()]
    return out.sort_values(["release_date", "model_id"]).reset_index(drop=True)


def half_years(start, end) -> dict:
    """Half-year periods ("2024H1": (first day, last day)) covering start to end."""
    out = {}
    for year in range(pd.Timestamp(start).year, pd.Timestamp(end).year + 1):
        for half, (a, b) in ((1, ("01-01", "06-30")), (2, ("07-01", "12-31"))):
            first, last = pd.Timestamp(f"{year}-{a}"), pd.Timestamp(f"{year}-{b}")
            if last >= pd.Timestamp(start) and first <= pd.Timestamp(end):
                out[f"{year}H{half}"] = (f"{year}-{a}", f"{year}-{b}")
    return out


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


def caught_up_points(score, z: float = 1.96, n: int = MMLU_QUESTIONS):
    """Points within which two scores near `score` cannot be told apart by question
    sampling (z standard errors of their difference): 'caught up'. About 0.8 near 88."""
    return z * np.sqrt(2.0) * question_se(score, n)


def signed_lag_days(open_dates, open_scores, closed_dates, closed_scores, grid, tolerance=None,
                    questions: int = MMLU_QUESTIONS) -> np.ndarray:
    """The signed lag on each grid day: while open models trail, how long ago the closed
    frontier first reached the best open score (that day minus that date); while they lead,
    minus how long ago the open frontier first reached the best closed score; 0 when the two
    bests are within `tolerance` points (default `caught_up_points` on a benchmark of
    `questions` questions); NaN before both kinds have a model. Only models released by a
    day count for it."""
    grid = pd.DatetimeIndex(grid)
    best_open = frontier(open_dates, open_scores, grid)
    best_closed = frontier(closed_dates, closed_scores, grid)
    closed_had_it = (grid.to_numpy() - first_reached(closed_dates, closed_scores, best_open)) / np.timedelta64(1, "D")
    open_had_it = (grid.to_numpy() - first_reached(open_dates, open_scores, best_closed)) / np.timedelta64(1, "D")
    tol = caught_up_points(np.fmax(best_open, best_closed), n=questions) if tolerance is None else tolerance
    gap_points = best_closed - best_open
    days = np.where(gap_points > tol, closed_had_it, np.where(gap_points < -tol, 0.0 - open_had_it, 0.0))
    return np.where(np.isnan(gap_points), np.nan, days)


def record_lags(open_df: pd.DataFrame, closed_df: pd.DataFrame, score: str = "mmlu") -> pd.DataFrame:
    """Each open record (a model that raised the open best) with the day the closed frontier
    first reached its score: lag = its release minus that day (negative when closed models
    got there only later; NaN when none has yet)."""
    rec = records(open_df, score)
    closed_at = first_reached(closed_df["release_date"], closed_df[score], rec[score].to_numpy(float))
    out = rec[[c for c in ("model_id", "model") if c in rec] + ["release_date", score]].reset_index(drop=True)
    out["closed_first_reached"] = pd.to_datetime(closed_at)
    out["lag_days"] = (out["release_date"] - out["closed_first_reached"]).dt.days
    return out


def current_lag(open_df: pd.DataFrame, closed_df: pd.DataFrame, day, score: str = "mmlu",
                questions: int = MMLU_QUESTIONS) -> dict:
    """Where the two kinds stand on `day`: the best of each, the gap in points and the
    signed lag of that day (`signed_lag_days`)."""
    grid = pd.DatetimeIndex([pd.Timestamp(day)])
    args = (open_df["release_date"], open_df[score], closed_df["release_date"], closed_df[score], grid)
    bo, bc = (float(frontier(d, s_, grid)[0]) for d, s_ in [args[:2], args[2:4]])
    lag = float(signed_lag_days(*args, questions=questions)[0])
    state = "open trails" if lag > 0 else "open leads" if lag < 0 else "level within the noise of the scores"
    return {"day": grid[0], "best_open": bo, "best_closed": bc, "gap_points": bc - bo, "lag_days": lag, "state": state}


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


def _series(open_df, closed_df, score: str):
    """Release dates and scores of each kind, as arrays."""
    return (open_df["release_date"].to_numpy(), open_df[score].to_numpy(float),
            closed_df["release_date"].to_numpy(), closed_df[score].to_numpy(float))


def _redrawn(os_, cs, n: int, seed: int, questions: int):
    """n replicates of (open scores, closed scores), each score redrawn within its
    question-sampling error on a benchmark of `questions` questions."""
    rng = np.random.default_rng(seed)
    o_se, c_se = question_se(os_, questions), question_se(cs, questions)
    for _ in range(n):
        yield os_ + rng.normal(0, o_se), cs + rng.normal(0, c_se)


def noise_period_lag(open_df, closed_df, grid, periods=PERIODS, n: int = 1000, seed: int = 0,
                     score: str = "mmlu", questions: int = MMLU_QUESTIONS) -> pd.DataFrame:
    """Mean signed lag per period, with a 95 % interval from the scores' own noise: each
    replicate redraws every score within its question-sampling error on a benchmark of
    `questions` questions and recomputes both frontiers and the lag. Also the share of days
    on which open models led."""
    od, os_, cd, cs = _series(open_df, closed_df, score)
    daily = signed_lag_days(od, os_, cd, cs, grid, questions=questions)
    point = period_means(grid, daily, periods)
    leads = period_means(grid, np.where(np.isnan(daily), np.nan, (daily < 0).astype(float)), periods)
    reps = np.full((n, len(periods)), np.nan)
    for i, (o, c) in enumerate(_redrawn(os_, cs, n, seed, questions)):
        reps[i] = period_means(grid, signed_lag_days(od, o, cd, c, grid, questions=questions), periods).to_numpy()
    with warnings.catch_warnings():  # periods with no defined lag give NaN, not a warning
        warnings.simplefilter("ignore", RuntimeWarning)
        lo = np.nanpercentile(reps, 2.5, axis=0) if n else np.full(len(periods), np.nan)
        hi = np.nanpercentile(reps, 97.5, axis=0) if n else np.full(len(periods), np.nan)
    return pd.DataFrame({"period": list(periods), "mean_lag_days": point.to_numpy(),
                         "ci_low": lo, "ci_high": hi, "mean_lag_months": point.to_numpy() / 30.44,
                         "share_of_days_open_leads": leads.to_numpy()}).set_index("period")


def frontier_slopes(open_df, closed_df, grid, n: int = 1000, seed: int = 0, score: str = "mmlu",
                    questions: int = MMLU_QUESTIONS) -> dict:
    """How fast each frontier rose over the days of `grid` on which both kinds have a model:
    the least-squares slope of each step curve against time, in points per year, and open
    minus closed with a 95 % interval from the scores' own noise (each replicate redraws every
    score within its question-sampling error and refits both). Also the first and last day."""
    grid = pd.DatetimeIndex(grid)
    od, os_, cd, cs = _series(open_df, closed_df, score)
    both = ~np.isnan(frontier(od, os_, grid)) & ~np.isnan(frontier(cd, cs, grid))
    days, years = grid[both], (grid[both] - grid[both][0]).days.to_numpy() / 365.25

    def slopes(o, c):
        return tuple(float(np.polyfit(years, frontier(dates, sc, days), 1)[0]) for dates, sc in ((od, o), (cd, c)))

    open_slope, closed_slope = slopes(os_, cs)
    diffs = np.array([np.subtract(*slopes(o, c)) for o, c in _redrawn(os_, cs, n, seed, questions)])
    return {"first_day": days[0], "last_day": days[-1], "open_per_year": open_slope, "closed_per_year": closed_slope,
            "difference": open_slope - closed_slope, "ci_low": float(np.percentile(diffs, 2.5)),
            "ci_high": float(np.percentile(diffs, 97.5))}


def gap_change(open_df, closed_df, start, end, n: int = 1000, seed: int = 0, score: str = "mmlu",
               questions: int = MMLU_QUESTIONS) -> dict:
    """The vertical gap (closed best minus open best) on two days and its change, with a 95 %
    interval of the change from the scores' own noise (each replicate redraws every score
    within its question-sampling error)."""
    days = pd.DatetimeIndex([pd.Timestamp(start), pd.Timestamp(end)])
    od, os_, cd, cs = _series(open_df, closed_df, score)
    first, last = vertical_gap(od, os_, cd, cs, days)
    changes = np.array([np.diff(vertical_gap(od, o, cd, c, days))[0] for o, c in _redrawn(os_, cs, n, seed, questions)])
    return {"start": days[0], "end": days[1], "gap_start": float(first), "gap_end": float(last),
            "change": float(last - first), "ci_low": float(np.percentile(changes, 2.5)),
            "ci_high": float(np.percentile(changes, 97.5))}


def records(df: pd.DataFrame, score: str = "mmlu") -> pd.DataFrame:
    """The models that raised their group's best-so-far score (the labelled points)."""
    df = df.sort_values(["release_date", score], ascending=[True, False])
    prev = df[score].astype(float).cummax().shift(fill_value=-np.inf)
    return df[df[score] > prev]


EQUIVALENCE_MARGIN = 2.0  # points: "level" means the difference is shown to lie within ±2 points
EQUIVALENCE_Z = 1.645  # two one-sided tests at 5 %: the 90 % interval must lie inside the margin


SPREAD_KEY = ["model_id", "variant", "setting"]


def crosscheck_pairs(scores: pd.DataFrame, crosschecks: pd.DataFrame) -> pd.DataFrame:
    """Each re-evaluation beside the developer's own score of the same model, variant and
    setting (`mmlu_other` and `mmlu`); re-evaluations with no such score drop out."""
    return crosschecks.merge(scores[SPREAD_KEY + ["mmlu"]], on=SPREAD_KEY, suffixes=("_other", ""))


def source_spread(scores: pd.DataFrame, crosschecks: pd.DataFrame) -> float:
    """How far one organisation's report of a model's score sits from another's for the same
    weights and setting: pairs of the developer's own score (`scores`) and another
    organisation's re-evaluation (`crosschecks`) of the same model, variant and setting. The
    two run the same questions, so their difference is all harness, prompt and parsing, with
    variance 2 s² for a per-report standard deviation s = sqrt(mean d² / 2). Base against
    instruct weights is not such a pair: the variant is fixed in advance (`VARIANT_RULES`).
    0 when no pair matches (then question sampling is all the interval counts)."""
    pairs = crosscheck_pairs(scores, crosschecks)
    if pairs.empty:
        return 0.0
    d = pairs["mmlu_other"].to_numpy(float) - pairs["mmlu"].to_numpy(float)
    return float(np.sqrt(np.mean(d ** 2) / 2))


def question_se(score, n: int = MMLU_QUESTIONS):
    """Standard error (points) of a score measured on n questions (a number or an array)."""
    p = np.asarray(score, dtype=float) / 100.0
    return 100.0 * np.sqrt(p * (1 - p) / n)


def difference_se(a, b, spread: float, questions=MMLU_QUESTIONS):
    """Standard error of a - b: each score's question sampling (on `questions` questions, a
    number or an array) plus the spread between sources for one model, once per score."""
    return np.sqrt(question_se(a, questions) ** 2 + question_se(b, questions) ** 2 + 2 * spread ** 2)


def _noise_note(spread: float) -> str:
    return (f"The interval counts question sampling and a {spread:.1f}-point spread between two organisations' "
            "reports of one model")


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
    return float(EQUIVALENCE_Z * difference_se(score, score, spread))


def matched(scores: pd.DataFrame, a: str, b: str, spread: float) -> pd.DataFrame:
    """Settings in which both models have a score (each model's released weights, as
    `VARIANT_RULES`), with a - b, its
    standard error (question sampling of both scores plus the spread between sources for
    one model, `source_spread`), the 90 % interval and the equivalence outcome. A setting's
    number of questions comes from a `questions` column where `scores` has one (an
    independent evaluator's subset), else it is MMLU's test set."""
    best = preferred_variant(scores, ["model_id", "setting"])
    if "questions" not in best:
        best = best.assign(questions=MMLU_QUESTIONS)
    best = best.assign(questions=best["questions"].fillna(MMLU_QUESTIONS))
    pa = best[best["model_id"] == a].set_index("setting")
    pb = best[best["model_id"] == b].set_index("setting")
    both = pa.index.intersection(pb.index)
    if (pa.loc[both, "questions"].to_numpy() != pb.loc[both, "questions"].to_numpy()).any():
        raise ValueError(f"{a} and {b}: one setting measured on different numbers of questions")
    out = pd.DataFrame({"setting": list(both), a: pa.loc[both, "mmlu"].to_numpy(), b: pb.loc[both, "mmlu"].to_numpy()})
    out["difference"] = out[a] - out[b]
    out["se"] = difference_se(out[a].to_numpy(float), out[b].to_numpy(float), spread,
                              pa.loc[both, "questions"].to_numpy(float))
    tests = [equivalence(d, se) for d, se in zip(out["difference"], out["se"])]
    out["ci_low"], out["ci_high"], out["outcome"] = ([t[i] for t in tests] for i in range(3))
    out["level"] = out["outcome"] == "level"
    return out


def record_parity(ledger, claim_id: str, scores: pd.DataFrame, a: str, b: str, spread: float, **info):
    """Record 'a draws level with b' by an equivalence test in each matched setting (margin
    EQUIVALENCE_MARGIN): holds when level in every setting, holds with a caveat when level in
    some, wrong when apart in some and level in none, unverifiable when every interval
    crosses the margin or the two share no setting."""
    m = matched(scores, a, b, spread)
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
                    + _noise_note(spread)), **info)
    caveat = None
    if "level" in outcomes and outcomes != {"level"}:
        caveat = "level in " + ", ".join(m.loc[m["level"], "setting"]) + "; not shown in " + \
                 ", ".join(m.loc[~m["level"], "setting"])
    return ledger.check(claim_id, holds="level" in outcomes, computed=shown, caveat=caveat, **info)

def record_superiority(ledger, claim_id: str, scores: pd.DataFrame, a: str, b: str, spread: float,
                       caveat: str | None = None, **info):
    """Record 'a beats b': in each matched setting a is ahead when the 90 % interval of a - b
    lies above zero (a one-sided test at 5 %) and behind when it lies below. Holds when ahead
    in every setting (with a caveat when only in some, or when `caveat` limits the claim),
    wrong when behind in one and ahead in none, unverifiable when every interval includes zero
    or there is no common setting."""
    m = matched(scores, a, b, spread)
    if m.empty:
        return ledger.unverifiable(claim_id, reason="no evaluation setting in common", **info)
    side = np.where(m["ci_low"] > 0, "ahead", np.where(m["ci_high"] < 0, "behind", "within the noise"))
    shown = "; ".join(f"{r.setting}: {r[a]:.1f} vs {r[b]:.1f} ({r.difference:+.1f}, 90 % interval "
                      f"{r.ci_low:+.1f} to {r.ci_high:+.1f}: {s})" for (_, r), s in zip(m.iterrows(), side))
    if set(side) == {"within the noise"}:
        info.pop("evidence", None)
        return ledger.unverifiable(
            claim_id, reason=f"the difference is within the noise in every matched setting: {shown}. " + _noise_note(spread),
            **info)
    ahead = side == "ahead"
    partial = None if ahead.all() or not ahead.any() else "ahead only in " + ", ".join(m.loc[ahead, "setting"])
    return ledger.check(claim_id, holds=bool(ahead.any() and not (side == "behind").any()), computed=shown,
                        caveat="; ".join(c for c in (partial, caveat) if c) or None, **info)
