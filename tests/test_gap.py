"""Frontiers and lags on series with known answers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from conftest import registry
from bookkit import claims
from bookkit.methods import gap

GRID = gap.day_grid("2023-01-01", "2024-12-31")


def _series(dates, scores, open_weights):
    return pd.DataFrame({"release_date": pd.to_datetime(dates), "mmlu": scores, "open_weights": open_weights})


def test_frontier_is_a_step_function_of_the_best_so_far():
    best = gap.frontier(pd.to_datetime(["2023-01-10", "2023-01-05", "2023-01-20"]), [70, 60, 65],
                        gap.day_grid("2023-01-01", "2023-01-31"))
    assert np.isnan(best[:4]).all()                       # nothing released before the 5th
    assert best[4] == 60 and best[8] == 60                # 5th..9th
    assert (best[9:] == 70).all()                         # 70 from the 10th; 65 later changes nothing


def test_first_reached():
    hits = gap.first_reached(pd.to_datetime(["2023-03-01", "2023-06-01"]), [70, 80], [65, 75, 80, 90, np.nan])
    assert list(pd.DatetimeIndex(hits[:3]).strftime("%Y-%m-%d")) == ["2023-03-01", "2023-06-01", "2023-06-01"]
    assert np.isnat(hits[3]) and np.isnat(hits[4])


def test_at_each_open_record_the_lag_is_its_delay_behind_the_closed_frontier():
    # Open copies closed 90 days later: on each open record day the lag is 90 days, and it
    # grows a day a day until the next record; once closed stops improving, open catches up.
    closed_dates = pd.to_datetime(["2023-01-01", "2023-03-01", "2023-05-01", "2023-07-01"])
    scores = [60.0, 70.0, 80.0, 85.0]
    open_dates = closed_dates + pd.Timedelta(days=90)
    lag = pd.Series(gap.signed_lag_days(open_dates, scores, closed_dates, scores, GRID, tolerance=0), index=GRID)
    assert (lag[open_dates[:3]] == 90).all() and lag[open_dates[3]] == 0
    assert lag[open_dates[0] + pd.Timedelta(days=10)] == 100
    assert np.isnan(lag[GRID < open_dates[0]]).all()
    records = gap.record_lags(_series(open_dates, scores, True), _series(closed_dates, scores, False))
    assert list(records["lag_days"]) == [90, 90, 90, 90]


def test_caught_up_within_the_noise_of_the_scores():
    # Closed flat at 86.4 for a year; open reaches 86.0, within two standard errors: lag 0,
    # where the horizontal distance alone would keep growing.
    lag = gap.signed_lag_days(pd.to_datetime(["2023-06-01", "2023-09-01"]), [80.0, 86.0],
                              pd.to_datetime(["2023-01-01"]), [86.4], GRID)
    lag = pd.Series(lag, index=GRID)
    assert lag["2023-08-31"] == (pd.Timestamp("2023-08-31") - pd.Timestamp("2023-01-01")).days
    assert (lag[GRID >= "2023-09-01"] == 0).all()
    assert 0.6 < gap.caught_up_points(86.4) < 0.9


def test_a_leading_open_frontier_gives_a_negative_lag_not_a_gap():
    """The old measure dropped these days as undefined, so a period's mean rested on the rest."""
    lag = pd.Series(gap.signed_lag_days(pd.to_datetime(["2023-02-01"]), [90], pd.to_datetime(["2023-01-01"]), [80],
                                        GRID), index=GRID)
    assert np.isnan(lag[GRID < "2023-02-01"]).all()
    assert lag["2023-02-01"] == 0 and lag["2023-02-11"] == -10  # closed stands where open stood 10 days ago
    now = gap.current_lag(_series(["2023-02-01"], [90], True), _series(["2023-01-01"], [80], False), "2023-03-03")
    assert now["state"] == "open leads" and now["lag_days"] == -30 and now["gap_points"] == -10
    g = gap.vertical_gap(pd.to_datetime(["2023-02-01"]), [75], pd.to_datetime(["2023-01-01"]), [80], GRID)
    assert np.isnan(g[0]) and g[-1] == 5


def test_noise_intervals_are_deterministic_and_bracket_the_estimate():
    closed = _series(["2023-01-01", "2023-04-01", "2023-09-15"], [60.0, 70.0, 80.0], False)
    opened = closed.assign(release_date=closed["release_date"] + pd.Timedelta(days=90), open_weights=True,
                           mmlu=closed["mmlu"] - 3)
    a = gap.noise_period_lag(opened, closed, GRID, n=50, seed=1)
    b = gap.noise_period_lag(opened, closed, GRID, n=50, seed=1)
    pd.testing.assert_frame_equal(a, b)
    for period in ["2023", "2024H1"]:
        assert a.loc[period, "ci_low"] <= a.loc[period, "mean_lag_days"] <= a.loc[period, "ci_high"]
    assert (a["share_of_days_open_leads"].dropna() == 0).all()


def test_the_variant_rule_is_fixed_not_the_best_score():
    s = pd.DataFrame({"model_id": ["m", "m"], "variant": ["base", "instruct"], "setting": ["5-shot"] * 2,
                      "mmlu": [85.0, 83.0]})
    assert gap.preferred_variant(s, ["model_id"])["mmlu"].item() == 83.0  # released weights, though lower
    assert gap.preferred_variant(s, ["model_id"], rule="base")["mmlu"].item() == 85.0


def test_records_are_new_bests():
    df = _series(["2023-01-01", "2023-02-01", "2023-03-01", "2023-04-01"], [60, 58, 65, 65], True)
    assert list(gap.records(df)["mmlu"]) == [60, 65]


def test_equivalence_needs_the_whole_interval_inside_the_margin():
    assert gap.equivalence(0.3, 0.5)[2] == "level"
    assert gap.equivalence(5.0, 0.5)[2] == "apart"
    assert gap.equivalence(1.0, 3.0)[2] == "inconclusive"  # not a difference found, and not parity either
    lo, hi, _ = gap.equivalence(0.0, 1.0)
    assert (lo, hi) == pytest.approx((-1.645, 1.645))


def test_source_spread_comes_from_two_organisations_reports_of_the_same_weights_and_setting():
    """The old spread pooled base against instruct weights of one developer's card (2.2 points
    on the book's data), a variant difference the variant rule already fixes; the spread is
    between a developer's score and another organisation's re-run of the same weights."""
    s = _scores([("a", "base", "5-shot", 85.0), ("a", "instruct", "5-shot", 87.0), ("b", "base", "5-shot", 80.0)])
    other = _scores([("a", "base", "5-shot", 84.0), ("b", "base", "5-shot", 81.0), ("b", "base", "0-shot", 70.0)])
    assert gap.source_spread(s, other) == pytest.approx(np.sqrt((1 + 1) / 2 / 2))
    assert gap.source_spread(s, other.iloc[:0]) == 0.0  # no pair: question sampling alone


def _scores(rows):
    return pd.DataFrame(rows, columns=["model_id", "variant", "setting", "mmlu"])


def test_matched_and_parity_verdicts(scratch_output):
    # One score per model and setting: only question sampling counts (about 0.3 points per score).
    s = _scores([("a", "instruct", "5-shot", 88.2), ("a", "instruct", "0-shot CoT", 88.6),
                 ("b", "as released", "5-shot", 88.7), ("b", "as released", "0-shot CoT", 85.3),
                 ("c", "base", "not stated", 84.0)])
    m = gap.matched(s, "a", "b", 0.0)
    assert dict(zip(m["setting"], m["difference"].round(1))) == {"5-shot": -0.5, "0-shot CoT": 3.3}
    assert dict(zip(m["setting"], m["outcome"])) == {"5-shot": "level", "0-shot CoT": "apart"}
    ids = {"ab": "level", "ac": "level", "ab2": "level", "ab3": "level", "ab4": "level"}
    ledger = claims.Ledger("test-gap", registry("test-gap", ids))
    info = dict(evidence="e", source="s", reported="level")
    assert gap.record_parity(ledger, "ab", s, "a", "b", 0.0, **info).verdict == "holds with a caveat"
    assert gap.record_parity(ledger, "ac", s, "a", "c", 0.0, **info).verdict == "unverifiable"
    s2 = _scores([("a", "base", "5-shot", 80.0), ("b", "base", "5-shot", 88.0)])
    assert gap.record_parity(ledger, "ab2", s2, "a", "b", 0.0, **info).verdict == "wrong"


def test_a_small_difference_is_not_parity_when_sources_disagree(scratch_output):
    """Half a point apart, but two organisations' reports of one model differ by 3: parity is
    not shown (the old rule, three question-sampling errors, called this level)."""
    s = _scores([("a", "instruct", "5-shot", 88.0), ("b", "as released", "5-shot", 87.5)])
    spread = gap.source_spread(s, _scores([("a", "instruct", "5-shot", 85.0)]))
    ledger = claims.Ledger("test-gap", registry("test-gap", {"ab": "level", "ba": "beats", "ab2": "level"}))
    c = gap.record_parity(ledger, "ab", s, "a", "b", spread, evidence="e", source="s")
    assert c.verdict == "unverifiable" and "neither shown nor ruled out" in c.evidence
    assert gap.record_superiority(ledger, "ba", s, "a", "b", spread, evidence="e", source="s").verdict == "unverifiable"
    # reports that agree to a few tenths: the same half point is shown level
    tight = gap.source_spread(s, _scores([("a", "instruct", "5-shot", 87.8)]))
    assert gap.record_parity(ledger, "ab2", s, "a", "b", tight, evidence="e", source="s").verdict == "holds"


def test_an_evaluator_with_fewer_questions_widens_the_interval():
    """One difference, 1 point: level on MMLU's 14,042 questions, not shown on an
    independent evaluator's 2,778 (ZeroEval's MMLU-Redux), whose scores carry a `questions`
    column; a setting whose two scores count different questions is refused."""
    rows = [("a", "instruct", "5-shot", 88.0), ("b", "as released", "5-shot", 87.0),
            ("a", "instruct", "0-shot (Redux)", 88.0), ("b", "as released", "0-shot (Redux)", 87.0)]
    s = _scores(rows).assign(questions=[None, None, 2778, 2778])
    m = gap.matched(s, "a", "b", 0.0).set_index("setting")
    assert m.loc["0-shot (Redux)", "se"] > 2 * m.loc["5-shot", "se"]
    assert m.loc["5-shot", "outcome"] == "level" and m.loc["0-shot (Redux)", "outcome"] == "inconclusive"
    with pytest.raises(ValueError, match="different numbers of questions"):
        gap.matched(s.assign(questions=[None, None, 2778, 3000]), "a", "b", 0.0)


def test_half_years_cover_the_span():
    assert gap.half_years("2023-11-06", "2025-02-01") == {
        "2023H2": ("2023-07-01", "2023-12-31"), "2024H1": ("2024-01-01", "2024-06-30"),
        "2024H2": ("2024-07-01", "2024-12-31"), "2025H1": ("2025-01-01", "2025-06-30")}


def test_a_smaller_benchmark_is_noisier_so_open_models_catch_up_sooner():
    # 5 points apart near 75 %: far outside MMLU's noise (14,042 questions), inside that of
    # GPQA Diamond's 198 questions, where the lag is 0 (caught up)
    args = (pd.to_datetime(["2023-06-01"]), [75.0], pd.to_datetime(["2023-01-01"]), [80.0],
            pd.DatetimeIndex(["2023-07-01"]))
    assert gap.signed_lag_days(*args)[0] > 0
    assert gap.signed_lag_days(*args, questions=gap.GPQA_DIAMOND_QUESTIONS)[0] == 0


def test_the_highest_effort_rule_never_looks_at_the_score():
    scores = pd.DataFrame({"model_id": ["m", "m", "m"], "variant": ["effort medium", "effort high", "effort low"],
                           "gpqa_diamond": [80.0, 70.0, 90.0]})
    chosen = gap.preferred_variant(scores, ["model_id"], rule="highest effort", score="gpqa_diamond")
    assert chosen["variant"].tolist() == ["effort high"] and chosen["gpqa_diamond"].tolist() == [70.0]


def test_an_open_model_counts_from_the_day_its_weights_were_released():
    models = pd.DataFrame({"model_id": ["g", "c"], "model": ["G", "C"], "organisation": ["x", "y"],
                           "release_date": pd.to_datetime(["2023-11-03", "2023-03-14"]),
                           "weights_released": pd.to_datetime(["2024-03-17", None]), "open_weights": [True, False],
                           "params_total_b": [314.0, None]})
    scores = pd.DataFrame({"model_id": ["g", "c"], "variant": ["base", "as released"], "setting": "5-shot",
                           "mmlu": [73.0, 86.4]})
    d = gap.comparable(scores, models, "5-shot").set_index("model_id")
    assert d.loc["g", "release_date"] == pd.Timestamp("2024-03-17") and d.loc["g", "announced"] == pd.Timestamp("2023-11-03")
    assert d.loc["c", "release_date"] == pd.Timestamp("2023-03-14")


def test_the_lag_interval_comes_from_the_scores_noise_not_from_resampling_models():
    """One model of each kind: resampling models could only draw the same two again (an
    interval of width 0, whatever the benchmark). Redrawing each score within its sampling
    error gives an interval, and a wider one on a smaller benchmark."""
    closed = _series(["2023-01-01", "2023-06-01"], [60.0, 70.0], False)
    opened = _series(["2023-03-01"], [69.0], True)
    width = lambda t: float((t["ci_high"] - t["ci_low"]).loc["2023"])  # noqa: E731
    small = gap.noise_period_lag(opened, closed, GRID, n=200, seed=0, questions=198)
    large = gap.noise_period_lag(opened, closed, GRID, n=200, seed=0)
    assert width(small) > width(large) >= 0
    assert width(small) > 30  # days


def _periods(lag_h2, lag_25, gap_h2, gap_25, half_width=20.0):
    days = [lag_h2 * 30.44, lag_25 * 30.44]
    return pd.DataFrame({"mean_lag_days": days, "mean_lag_months": [lag_h2, lag_25],
                         "ci_low": [d - half_width for d in days], "ci_high": [d + half_width for d in days],
                         "gap_points": [gap_h2, gap_25]}, index=pd.Index(["2024H2", "2025"], name="period"))


def _gpqa(new_records: bool):
    """Records of both kinds after the report's date, or none after 2024."""
    late = ["2025-03-01", "2025-06-01"] if new_records else ["2024-03-01", "2024-06-01"]
    return pd.DataFrame({"release_date": pd.to_datetime(["2024-01-01", "2024-02-01", *late]),
                         "gpqa_diamond": [40.0, 35.0, 60.0, 58.0], "open_weights": [False, True, False, True]})


@pytest.mark.parametrize("new_records, lags, expected", [
    (True, (6.0, 2.0, 5.0, 2.0), "holds"),             # both kinds set records; lag and gap narrow, apart
    (True, (2.0, 6.0, 2.0, 5.0), "wrong"),             # both widen, intervals apart
    (False, (6.0, 2.0, 5.0, 2.0), "unverifiable"),     # no new record of either kind after the report
])
def test_the_gap_forecast_is_decided_on_benchmarks_with_new_records(scratch_output, new_records, lags, expected):
    """MMLU cannot decide it (no new records there); a benchmark with new records of both
    kinds decides it by lag and gap together, and only when the periods' intervals are apart
    does the verdict come without a caveat."""
    from bookkit.chapters import open_vs_closed as page

    ledger = claims.Ledger("test-gap", registry("test-gap", {"gap-keeps-closing-after-2024-08": "narrows"}))
    mmlu = _series(["2023-01-01", "2023-06-01"], [80.0, 79.0], [False, True])
    page.check_gap_trend(ledger, {"5-shot": _periods(1.0, 1.0, 1.0, 1.0)}, {"5-shot": mmlu},
                         {"GPQA Diamond": (_periods(*lags), _gpqa(new_records), "gpqa_diamond")})
    assert ledger.claims[0].verdict == expected
    if expected == "holds":  # overlapping intervals: the narrowing is within the noise
        ledger = claims.Ledger("test-gap", registry("test-gap", {"gap-keeps-closing-after-2024-08": "narrows"}))
        page.check_gap_trend(ledger, {"5-shot": _periods(1.0, 1.0, 1.0, 1.0)}, {"5-shot": mmlu},
                             {"GPQA Diamond": (_periods(*lags, half_width=200.0), _gpqa(True), "gpqa_diamond")})
        assert ledger.claims[-1].verdict == "holds with a caveat"


def _comparable(rows):
    """A comparable series: model id, release day, 5-shot score, open weights."""
    d = pd.DataFrame(rows, columns=["model_id", "release_date", "mmlu", "open_weights"])
    return d.assign(release_date=pd.to_datetime(d["release_date"]), model=d["model_id"], source_id="s1;s2")


def test_a_steeper_open_frontier_has_its_interval_above_zero():
    # open: 60 -> 80 in a year; closed: 85 flat -> slope difference near +20 points a year
    d = _comparable([("o1", "2023-01-01", 60.0, True), ("o2", "2023-07-02", 70.0, True), ("o3", "2023-12-31", 80.0, True),
                 ("c1", "2023-01-01", 85.0, False)])
    got = gap.frontier_slopes(d[d.open_weights], d[~d.open_weights], gap.day_grid("2023-01-01", "2023-12-31"), n=50)
    assert got["closed_per_year"] == pytest.approx(0.0, abs=1e-9)
    assert 10 < got["difference"] < 25 and got["ci_low"] > 0


def test_the_first_open_record_inside_the_margin_closes_the_gap(scratch_output):
    from bookkit.chapters import open_vs_closed as page

    d = _comparable([("o1", "2023-01-01", 70.0, True), ("o2", "2023-06-01", 84.5, True), ("o3", "2024-01-01", 86.0, True),
                 ("c1", "2022-12-01", 87.0, False)])
    ledger = claims.Ledger("test-gap", registry("test-gap", {"f": "first", "g": "first"}))
    rec = page.check_first_to_close(ledger, d, model_id="o3", claim_id="f")
    assert list(rec["gap_points"]) == [17.0, 2.5, 1.0]
    assert ledger.claims[-1].verdict == "holds with a caveat"
    # a record already inside the margin before it: not the first time
    page.check_first_to_close(ledger, d.assign(mmlu=d["mmlu"].replace(84.5, 85.5)), model_id="o3", claim_id="g")
    assert ledger.claims[-1].verdict == "wrong"


def test_mostly_trailing_counts_the_days_open_models_trail(scratch_output):
    from bookkit.chapters import open_vs_closed as page

    trailing = _comparable([("o1", "2023-01-01", 60.0, True), ("o2", "2023-12-01", 80.0, True),
                            ("c1", "2022-12-01", 85.0, False)])
    leading = trailing.assign(mmlu=[90.0, 95.0, 85.0])
    ledger = claims.Ledger("test-gap", registry("test-gap", {k: "x" for k in ("open-mostly-behind-closed",
                                                                                "open-frontier-steeper")}))
    got = page.check_open_trails_and_climbs(ledger, trailing, gap.day_grid("2023-01-01", "2023-12-31"), 20, 0,
                                            report_day="2023-12-31")
    assert got["share_trailing"] == 1.0 and [c.verdict for c in ledger.claims] == ["holds with a caveat", "holds"]
    again = claims.Ledger("test-gap", registry("test-gap", {k: "x" for k in ("open-mostly-behind-closed",
                                                                               "open-frontier-steeper")}))
    page.check_open_trails_and_climbs(again, leading, gap.day_grid("2023-01-01", "2023-12-31"), 20, 0,
                                      report_day="2023-12-31")
    assert again.claims[0].verdict == "wrong"


def test_open_models_of_2024_approach_keep_records_and_rival_only_when_inside_the_margin(scratch_output):
    from bookkit.chapters import open_vs_closed as page

    d = _comparable([("o0", "2023-06-01", 70.0, True), ("o1", "2024-02-01", 80.0, True), ("o2", "2024-05-01", 85.5, True),
                     ("o3", "2024-07-01", 86.5, True), ("c1", "2023-03-01", 87.0, False)])
    names = ("open-approaching-closed-2024", "open-2024-records-keep-coming", "open-2024-many-rival-closed")
    ledger = claims.Ledger("test-gap", registry("test-gap", {k: "x" for k in names}))
    got = page.check_open_models_in_2024(ledger, d, 50, 0, report_day="2024-08-06")
    assert (got["gap_start"], got["gap_end"]) == (17.0, 0.5) and got["ci_high"] < 0
    assert list(got["models"]["gap_points"]) == [7.0, 1.5, 0.5]
    # a record in each quarter; two models inside the 2-point margin: many rival
    assert [c.verdict for c in ledger.claims] == ["holds", "holds", "holds"]
    again = claims.Ledger("test-gap", registry("test-gap", {k: "x" for k in names}))
    page.check_open_models_in_2024(again, d[d["model_id"] != "o2"], 50, 0, report_day="2024-08-06")
    assert [c.verdict for c in again.claims] == ["holds", "wrong", "wrong"]  # no Q2 record; one rival
