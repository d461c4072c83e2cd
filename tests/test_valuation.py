"""Valuation arithmetic on hand-checked numbers."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from bookkit import claims
from bookkit.methods import valuation

from conftest import registry


def _table(price, eps, pe):
    return pd.DataFrame([{
        "code": "000001.SZ", "name_en": "Test Co", "price_yuan": price, "market_cap_100m_yuan": 50.0,
        "eps_2023a": eps[0], "eps_2024e": eps[1], "eps_2025e": eps[2],
        "pe_2023a": pe[0], "pe_2024e": pe[1], "pe_2025e": pe[2]}])


def test_pe_cells_match_and_mismatch():
    cells = valuation.pe_cells(_table(10.0, (0.5, 1.0, 2.0), (20.0, 10.5, 5.0)))
    assert list(cells["pe_computed"]) == [20.0, 10.0, 5.0]
    assert list(cells["matches"]) == [True, False, True]
    assert cells.loc[1, "implied_eps"] == pytest.approx(10 / 10.5)


def test_rounding_band():
    # Printed EPS 0.09 may be anything in [0.085, 0.095): PE 2.11/0.0898 = 23.50 is inside.
    cells = valuation.pe_cells(_table(2.11, (0.09, 0.11, 0.17), (23.50, 19.18, 30.0)))
    assert not cells.loc[0, "matches"] and cells.loc[0, "within_rounding"]
    assert not cells.loc[2, "within_rounding"]


def test_verdicts_from_cells(scratch_output):
    ledger = claims.Ledger("test-valuation", registry("test-valuation", {
        "t11-pe-000001-2023a": "23.50", "t11-pe-000001-2024e": "19.18", "t11-pe-000001-2025e": "30.00"}, kind="pe"))
    cells = valuation.pe_cells(_table(2.11, (0.09, 0.11, 0.17), (23.50, 19.18, 30.0)))
    out = valuation.record_pe_verdicts(ledger, cells)
    assert list(out["verdict"]) == ["holds with a caveat", "holds", "wrong"]


def test_implied_shares():
    shares = valuation.implied_shares(_table(10.0, (1, 1, 1), (10, 10, 10)))
    assert shares.loc[0, "implied_shares_m"] == pytest.approx(500.0)  # 50 亿 / 10 yuan


def test_cagr_and_peg():
    assert valuation.cagr(1.0, 1.21, 2) == pytest.approx(0.10)
    assert math.isnan(valuation.cagr(-1.0, 1.0, 2))
    with pytest.raises(ValueError):
        valuation.cagr(1.0, 2.0, 0)
    g = valuation.growth_and_peg(_table(12.1, (1.0, 1.1, 1.21), (12.1, 11.0, 10.0)))
    assert g.loc[0, "pe_2024e"] == pytest.approx(11.0)
    assert g.loc[0, "peg_2024e"] == pytest.approx(11.0 / 10.0)


def _results(rows):
    return pd.DataFrame(rows, columns=["result_id", "code", "fiscal_year", "measure", "basis", "value", "value_high",
                                       "confidence"])


def test_forecasts_meet_miss_or_wait_for_a_result():
    table = _table(10.0, (1.0, 2.0, 4.0), (10, 5, 2.5))  # 50 亿 / 10 yuan: 500 million shares
    results = _results([
        ("a", "000001.SZ", 2024, "basic EPS", "audited (CAS)", 1.9, None, "medium"),               # -5 %: met
        ("b", "000001.SZ", 2025, "net profit attributable", "preliminary (业绩预告)", 1.5e9, 2.5e9, "medium"),
    ])
    fa = valuation.forecast_against_results(table, results, tolerance=0.10).set_index("year")
    assert fa.loc["2024E", "outcome"] == "met" and fa.loc["2024E", "how"] == "reported basic EPS"
    assert fa.loc["2024E", "pe_on_result"] == pytest.approx(10 / 1.9)
    # 1.5-2.5 bn over 500 m shares is an EPS of 3.0-5.0 against 4.0: a range across the ±10 % margin
    assert fa.loc["2025E", ["reported_low", "reported_high"]].tolist() == pytest.approx([3.0, 5.0])
    assert fa.loc["2025E", "outcome"] == "undecided" and fa.loc["2025E", "how"].startswith("net profit")
    narrow = valuation.forecast_against_results(table, results, tolerance=0.30).set_index("year")
    assert narrow.loc["2025E", "outcome"] == "met"
    none = valuation.forecast_against_results(table, results.iloc[:0], tolerance=0.10)
    assert set(none["outcome"]) == {"no result"}


def test_the_2023_actual_must_round_to_the_report_or_sit_within_a_percent_when_derived(scratch_output):
    from bookkit.chapters import valuation as page

    table = _table(10.0, (1.02, 2.0, 4.0), (10, 5, 2.5))  # 500 million shares implied
    reported = _results([("a", "000001.SZ", 2023, "basic EPS", "audited (CAS)", 1.024, None, "high")])
    derived = _results([("b", "000001.SZ", 2023, "net profit attributable", "audited (CAS)", 5.0e8, None, "medium")])
    book = claims.Ledger("test-valuation", registry("test-valuation", {"t11-eps-2023a-000001": "1.02"}))
    assert page.record_actual_eps_verdicts(book, table, reported, {"a": "src"})["verdict"].item() == "holds"
    for result, verdict in [(derived, "wrong"), (derived.assign(value=5.06e8), "holds with a caveat")]:
        book = claims.Ledger("test-valuation", registry("test-valuation", {"t11-eps-2023a-000001": "1.02"}))
        # 5.0e8 / 500 m = 1.00, 2 % off; 5.06e8 gives 1.012, within 1 %, derived and medium: a caveat
        assert page.record_actual_eps_verdicts(book, table, result, {"b": "src"})["verdict"].item() == verdict
    book = claims.Ledger("test-valuation", registry("test-valuation", {"t11-eps-2023a-000001": "1.02"}))
    off = reported.assign(value=1.03)  # rounds to 1.03, not the printed 1.02
    assert page.record_actual_eps_verdicts(book, table, off, {"a": "src"})["verdict"].item() == "wrong"


def test_a_forecast_verdict_says_when_its_result_rests_on_a_weak_source(scratch_output):
    from bookkit.chapters import valuation as page

    table = _table(10.0, (1.0, 2.0, 4.0), (10, 5, 2.5))  # 500 million shares implied
    for confidence, weak in [("low", True), ("medium", False)]:
        # 7.5e8 / 500 m = 1.50 against 2.0: a 25 % miss, far outside the ±10 % margin
        results = _results([("a", "000001.SZ", 2024, "net profit attributable", "audited (CAS)", 7.5e8, None,
                             confidence)])
        fa = valuation.forecast_against_results(table, results, tolerance=0.10)
        book = claims.Ledger("test-valuation", registry("test-valuation", {"t11-eps-forecasts-000001": "2.0"}, kind="eps"))
        verdicts = page.record_forecast_verdicts(book, fa, 0.10, "2025-04-30", {"a": "src"}, {})
        assert verdicts["verdict"].item() == "wrong"
        assert ("low confidence" in book.claims[-1].evidence) is weak


def test_a_loss_is_a_miss_with_no_pe():
    table = _table(10.0, (1.0, 2.0, 4.0), (10, 5, 2.5))
    fa = valuation.forecast_against_results(
        table, _results([("a", "000001.SZ", 2024, "basic EPS", "audited (CAS)", -0.5, None, "medium")]))
    row = fa[fa["year"] == "2024E"].iloc[0]
    assert row["outcome"] == "missed" and row["error_low"] == pytest.approx(-1.25) and math.isnan(row["pe_on_result"])


def test_kling_tiers():
    tiers = pd.DataFrame({
        "tier_en": ["free", "Gold"], "price_yuan_per_month": [0.0, 66.0],
        "credits_per_month": pd.array([None, 660], dtype="Int64"),
        "yuan_per_100_credits": [None, 10.0],
        "images_per_month_approx": pd.array([None, 3300], dtype="Int64"),
        "videos_per_month_approx": pd.array([None, 66], dtype="Int64")})
    out = valuation.kling_tiers(tiers, credits_per_video=10)
    assert len(out) == 1
    row = out.iloc[0]
    assert (row.yuan_per_100_credits, row.videos_computed, row.images_per_credit, row.yuan_per_video) == (10, 66, 5, 1)


def test_the_ecb_cross_rate_is_read_from_the_shipped_file_and_never_borrowed():
    fx = valuation.ecb_rate("HKD", "CNY", "2024-08-06")
    assert fx["rate"] == pytest.approx(fx["cny_per_eur"] / fx["hkd_per_eur"])
    assert 0.85 < fx["rate"] < 0.95                      # the HKD peg and the yuan of 2024
    with pytest.raises(ValueError, match="no ECB reference rate"):
        valuation.ecb_rate("HKD", "CNY", "2024-08-04")   # a Sunday: no rate is published


def test_a_price_in_another_currency_is_converted_before_it_is_divided():
    table = pd.DataFrame([{"code": "X.HK", "price_yuan": 2.0, "eps_2023a": 0.1, "eps_2024e": 0.2, "eps_2025e": 0.25,
                           "pe_2023a": 20.0, "pe_2024e": 10.0, "pe_2025e": 8.0}])
    pes = valuation.pe_in_one_currency(table, "X.HK", rate=0.9)
    assert pes["pe_price_as_printed"].tolist() == pytest.approx([20, 10, 8])
    assert pes["pe_price_converted"].tolist() == pytest.approx([18, 9, 7.2])


def test_the_forward_peg_leaves_a_rebound_out():
    table = pd.DataFrame([{"code": "R", "name_en": "rebound", "price_yuan": 10.0, "eps_2023a": 0.25, "eps_2024e": 1.0,
                           "eps_2025e": 1.1}])
    g = valuation.growth_and_peg(table).iloc[0]
    assert g["eps_cagr_23_25"] == pytest.approx(1.0977, abs=1e-4)   # (1.1 / 0.25) ** 0.5 - 1
    assert g["peg_2024e"] < 0.1 < 0.9 < g["peg_forward"]             # 10 / 109.8 against 10 / 10


def _closes(rows):
    return pd.DataFrame(rows, columns=["code", "trade_date", "total_shares", "market_cap_local", "currency",
                                       "confidence", "source_id"]).assign(
        trade_date=lambda d: pd.to_datetime(d["trade_date"]), total_shares=lambda d: d["total_shares"].astype("Int64"))


def _pricing_day_verdict(closes):
    from bookkit.chapters import valuation as page

    ledger = claims.Ledger("test-valuation", registry("test-valuation", {"stmt-valuation-date-2024-08-06": "2024-08-06"},
                                                      kind="date"))
    page.check_pricing_day(ledger, valuation.prices_against_closes(_table(10.0, (1, 1, 1), (10, 10, 10)), closes),
                           "2024-08-06")
    return ledger.claims[0]


def test_the_pricing_day_is_the_day_whose_close_and_value_match(scratch_output):
    shares = 500_000_000  # 50 亿 at 10.00 a share
    day = [("000001.SZ", "2024-08-06", shares, 5.0e9, "CNY", "high", "s")]
    before = [("000001.SZ", "2024-08-05", shares, 4.9e9, "CNY", "high", "s")]
    assert _pricing_day_verdict(_closes(day + before)).verdict == "holds"
    assert "match 0 of 1" in _pricing_day_verdict(_closes(day + before)).evidence
    # the close is another day's: the printed price is not the close of the stated day
    assert _pricing_day_verdict(_closes([("000001.SZ", "2024-08-06", shares, 5.1e9, "CNY", "high", "s")])
                                ).verdict == "wrong"
    # a secondary source turns 'holds' into 'holds with a caveat'
    assert _pricing_day_verdict(_closes([(*day[0][:5], "medium", "s")])).verdict == "holds with a caveat"
    # no close of that day on file: nothing to check
    assert _pricing_day_verdict(_closes(before)).verdict == "unverifiable"


def test_a_rating_is_judged_on_price_change_relative_to_the_index_over_its_window():
    """增持 promises more than 15 points above the CSI 300's change; a stock with no closes on
    file gets no outcome; the control window keeps only days near the pricing day."""
    import numpy as np
    import pandas as pd

    table = pd.DataFrame({"code": ["A", "B", "C"], "name_en": ["a", "b", "c"], "rating_zh": ["增持", "增持", "中性"]})
    day, later = pd.Timestamp("2024-08-06"), pd.Timestamp("2025-08-06")
    closes = pd.DataFrame({"code": ["A", "A", "B", "B", "C", "C"], "trade_date": [day, later] * 3,
                           "total_shares": [10, 10, 10, 20, 10, 10],
                           "market_cap_local": [100.0, 150.0, 100.0, 270.0, 100.0, 113.0]})
    index = pd.DataFrame({"trade_date": [day, later], "close": [1000.0, 1100.0]})
    scale = pd.DataFrame({"rating_zh": ["增持", "中性"], "rating_en": ["Overweight", "Neutral"],
                          "relative_low_pct": [15.0, -5.0], "relative_high_pct": [np.nan, 5.0]})
    got = valuation.rating_outcomes(table, closes, index, scale, day, later).set_index("code")
    # A: +50 % against +10 %: 40 points, met; B: price 10 to 13.5 (shares doubled), +35 %: 25 points, met;
    # C: +13 % is 3 points above: within Neutral's -5 to 5
    assert got["relative_pct"].round(6).to_dict() == {"A": 40.0, "B": 25.0, "C": 3.0}
    assert got["met"].to_dict() == {"A": True, "B": True, "C": True}
    worse = valuation.rating_outcomes(table, closes.assign(market_cap_local=[100.0, 120.0, 100.0, 200.0, 100.0, 130.0]),
                                      index, scale, day, later).set_index("code")
    assert worse["met"].to_dict() == {"A": False, "B": False, "C": False}
    missing = valuation.rating_outcomes(table, closes[closes["code"] != "C"], index, scale, day, later)
    assert missing.set_index("code")["met"].isna().to_dict() == {"A": False, "B": False, "C": True}
    window = valuation.pricing_window(closes.assign(trade_date=[day, later, day + pd.Timedelta(days=1), later,
                                                                day - pd.Timedelta(days=8), later]), day)
    assert list(window["code"]) == ["A", "B"]


def test_rating_outcomes_fall_back_on_adjusted_closes():
    """A stock with no unadjusted close is read from forward-adjusted closes: it holds only
    with the least dividend that would bring its change down to the bar, and a stock that
    missed under adjusted closes gets no dividend figure."""
    import numpy as np
    import pandas as pd

    table = pd.DataFrame({"code": ["A", "H"], "name_en": ["a", "h"], "rating_zh": ["增持", "增持"]})
    day, later = pd.Timestamp("2024-08-06"), pd.Timestamp("2025-08-06")
    closes = pd.DataFrame({"code": ["A", "A"], "trade_date": [day, later], "total_shares": [10, 10],
                           "market_cap_local": [100.0, 150.0]})
    index = pd.DataFrame({"trade_date": [day, later], "close": [1000.0, 1100.0]})
    scale = pd.DataFrame({"rating_zh": ["增持"], "rating_en": ["Overweight"],
                          "relative_low_pct": [15.0], "relative_high_pct": [np.nan]})
    adjusted = pd.DataFrame({"code": ["H", "H"], "trade_date": [day, later], "close_adjusted": [2.0, 5.0],
                             "currency": ["HKD", "HKD"], "adjusted_through": [later + pd.Timedelta(days=26)] * 2})
    got = valuation.rating_outcomes(table, closes, index, scale, day, later, adjusted=adjusted).set_index("code")
    assert got.loc["A", "basis"] == "unadjusted" and np.isnan(got.loc["A", "dividends_to_fail"])
    # H: 2 to 5 is +150 %; the bar is +25 %, a ratio of 1.25: 5 / 1.25 - 2 = 2 a share of dividends to fail
    assert got.loc["H", "basis"] == "forward-adjusted" and got.loc["H", "met"]
    assert got.loc["H", "dividends_to_fail"] == 2.0
    # the bound is tight: 2 a share gone ex in the window leaves (5 + 0) / (2 + 2) = 1.25, the bar itself
    assert (5.0 + 0) / (2.0 + got.loc["H", "dividends_to_fail"]) == 1.25
    missed = valuation.rating_outcomes(table, closes, index, scale, day, later,
                                       adjusted=adjusted.assign(close_adjusted=[2.0, 2.4])).set_index("code")
    assert not missed.loc["H", "met"] and np.isnan(missed.loc["H", "dividends_to_fail"])
    none = valuation.rating_outcomes(table, closes, index, scale, day, later).set_index("code")
    assert np.isnan(none.loc["H", "change_pct"]) and pd.isna(none.loc["H", "met"])
