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


def test_sensitivity_is_price_over_shocked_eps():
    sens = valuation.pe_sensitivity(_table(10.0, (1, 1, 2), (10, 10, 5)), shocks=[-0.2, 0.0, 0.25])
    pe = sens[sens["year"] == "2025E"]["pe"].tolist()
    assert pe == pytest.approx([10 / 1.6, 5.0, 4.0])


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
