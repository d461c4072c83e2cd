"""Valuations (report section 4): Table 11's PEs and Table 6's Kling tiers, as figures and checks."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import style
from ..methods import valuation

GTJA = "gtja2024"


def figure_pe_by_year(cells: pd.DataFrame, companies: list[str]) -> dict:
    """Recomputed PE bars against the printed PEs (ticks), by company and year."""
    import seaborn as sns

    fig, ax = style.new_figure()
    years = list(cells["year"].unique())
    sns.barplot(data=cells, x="company", y="pe_computed", hue="year", order=companies, hue_order=years,
                palette=style.PALETTE[: len(years)], errorbar=None, ax=ax)
    for i, (year, bars) in enumerate(zip(years, ax.containers)):
        printed = cells[cells["year"] == year].set_index("company").loc[companies, "pe_reported"]
        centres = [b.get_x() + b.get_width() / 2 for b in bars]
        ax.scatter(centres, printed, color="black", marker="_", s=200, zorder=3,
                   label="printed in Table 11" if i == 0 else None)
    ax.set_xlabel("")
    ax.set_ylabel("PE (price / EPS)")
    ax.set_title("PE by year: recomputed bars, printed values as ticks")
    ax.legend(ncols=2, fontsize=8, title="price / EPS, by year", title_fontsize=8)
    return dict(fig=fig, data=cells, title="PE by year for the four companies of Table 11",
                caption=("PE recomputed as price / EPS for each company and year (bars) against the PE printed in "
                         "the report's Table 11 (black ticks); prices at the close of 2024-08-06."),
                sources=[GTJA])


def _eps_text(r) -> str:
    """One forecast against its result, as the ledger's computed column shows it."""
    if r.outcome == "no result":
        return f"{r.year} {r.forecast:g}: no result found"
    got = _span(r.reported_low, r.reported_high, "{:.2f}", "-")
    err = _span(r.error_low, r.error_high, "{:+.0%}", " to ")
    how = "reported" if r.how == "reported basic EPS" else f"derived ({r.how}; {r.basis})"
    return f"{r.year} {r.forecast:g} against {got} {how}: {err}"


def _span(low: float, high: float, fmt: str, between: str) -> str:
    """One value, or the two ends of a range (a preannounced profit)."""
    return fmt.format(low) if low == high else f"{fmt.format(low)}{between}{fmt.format(high)}"


def gap_reasons(results: pd.DataFrame) -> dict:
    """Per company, why its forecasts have no result: what was searched for the missing
    figures, and what other measure was found instead (and why it does not serve)."""
    out = {}
    for code, g in results.groupby("code"):
        missing = g[g["value"].isna()]["notes"].tolist()
        other = g[g["value"].notna() & ~g["measure"].isin(["basic EPS", "net profit attributable"])]
        found = [f"found instead: {r.measure} {r.value / 1e8:.2f}亿 RMB for {r.fiscal_year} ({r.basis}), which is "
                 "not the attributable profit an EPS divides" for r in other.itertuples()]
        out[code] = "; ".join(missing + found)
    return out


def forecast_summary(fa: pd.DataFrame) -> str:
    """The forecasts that have a result, in words: forecast, result, and how it was obtained."""
    parts = []
    for r in fa[fa["outcome"] != "no result"].itertuples():
        got = _span(r.reported_low, r.reported_high, "{:.2f}", "-")
        how = "" if r.how == "reported basic EPS" else " (derived from net profit)"
        parts.append(f"{r.company} {r.year[:4]} EPS {got}{how} against a forecast of {r.forecast:g}")
    return "; ".join(parts) or "no forecast has a result"


def record_forecast_verdicts(ledger, fa: pd.DataFrame, tolerance: float, as_of, sources_by_result: dict,
                             gaps: dict) -> pd.DataFrame:
    """One verdict per company on its two EPS forecasts: wrong if either missed by more than
    the tolerance, holds if every forecast with a result was met (with a caveat when a result
    is derived or one year has none), unverifiable when no result was found."""
    out = []
    for code, g in fa.groupby("code", sort=False):
        cid = f"t11-eps-forecasts-{code.split('.')[0]}"
        computed = "; ".join(_eps_text(r) for r in g.itertuples())
        used = sorted({sources_by_result[i] for i in g["result_id"] if i})
        decided = g[g["outcome"].isin(["met", "missed"])]
        weak = "; a result rests on one secondary source of low confidence" if decided["confidence"].eq("low").any() else ""
        info = dict(source="; ".join(["gtja2024", *used]), as_of=as_of,
                    evidence=f"a forecast is met within ±{tolerance:.0%} of the reported EPS, a margin fixed in advance{weak}")
        if decided.empty and (g["outcome"] == "no result").all():
            claim = ledger.unverifiable(cid, reason=gaps[code], source=info["source"], as_of=as_of)
        elif decided.empty:
            claim = ledger.unverifiable(cid, reason=f"{computed}: a preannounced range straddles the margin",
                                        source=info["source"], as_of=as_of)
        else:
            missed = (decided["outcome"] == "missed").any()
            derived = (g["how"] != "reported basic EPS").any()
            caveat = None if missed else ("an EPS derived from net profit and the table's share count, or a year "
                                          "with no result" if derived or len(decided) < len(g) else None)
            claim = ledger.check(cid, holds=not missed, computed=computed, caveat=caveat, **info)
        out.append({"code": code, "verdict": claim.verdict})
    return pd.DataFrame(out)


def record_actual_eps_verdicts(ledger, table: pd.DataFrame, results: pd.DataFrame, sources_by_result: dict,
                               derived_tolerance: float = 0.01) -> pd.DataFrame:
    """Table 11's 2023A EPS, an actual figure, against what each company reported: a reported
    basic EPS must round to the printed one (within half a unit of its last digit); an EPS
    derived from the attributable profit and the share count the table implies must come
    within `derived_tolerance` of it, since that count is the one on the pricing day, not the
    year's weighted average. A derived figure, or one read in a source of less than high
    confidence, holds only with a caveat that says so."""
    got = valuation.reported_eps(table, results, 2023).set_index("code")
    out = []
    for rec in table.itertuples(index=False):
        a, cid = got.loc[rec.code], f"t11-eps-2023a-{rec.code.split('.')[0]}"
        if np.isnan(a["low"]):
            claim = ledger.unverifiable(cid, reason="no 2023 EPS or attributable profit on file", source="gtja2024")
            out.append({"code": rec.code, "printed": rec.eps_2023a, "found": np.nan, "verdict": claim.verdict})
            continue
        derived = a["how"] != "reported basic EPS"
        ok = (abs(rec.eps_2023a / a["low"] - 1) <= derived_tolerance if derived
              else abs(rec.eps_2023a - a["low"]) <= 0.005 + 1e-9)
        caveat = "; ".join(c for c in [
            f"derived: {a['how']}" if derived else "",
            f"read in a {a['confidence']}-confidence source" if a["confidence"] != "high" else ""] if c) or None
        claim = ledger.check(cid, holds=bool(ok), reported=f"{rec.eps_2023a:.2f}",
                             computed=f"{a['low']:.3f} ({'derived' if derived else 'reported basic EPS'}, {a['basis']})",
                             caveat=caveat,
                             evidence=("a reported EPS rounds to the printed one; a derived one comes within "
                                       f"{derived_tolerance:.0%} (data/companies/reported_results.csv)"),
                             source="; ".join(["gtja2024", sources_by_result[a["result_id"]]]))
        out.append({"code": rec.code, "printed": rec.eps_2023a, "found": a["low"], "verdict": claim.verdict})
    return pd.DataFrame(out)


def figure_forecast_against_results(fa: pd.DataFrame, tolerance: float, sources) -> dict:
    """Per company, Table 11's EPS path (2023A, 2024E, 2025E) against what was reported:
    filled where the EPS was reported, hollow where it is derived from net profit (a bar
    spans a preannounced range), a note where nothing was found."""
    companies = list(dict.fromkeys(fa["company"]))
    fig, axes = style.new_figure(ncols=len(companies), figsize=(10, 3.6))
    for ax, company in zip(axes, companies):
        g = fa[fa["company"] == company]
        path_y = [g["eps_2023a"].iloc[0], *g["forecast"]]
        ax.plot([2023, 2024, 2025], path_y, color="0.45", ls="--", marker="o", ms=5, mfc="white",
                label="Table 11 (2023A, then forecasts)")
        for r in g.itertuples():
            x = int(r.year[:4])
            band = tolerance * abs(r.forecast)
            ax.fill_between([x - 0.18, x + 0.18], r.forecast - band, r.forecast + band, color="0.85", zorder=0,
                            label=f"±{tolerance:.0%} of the forecast" if x == 2024 else None)
            if r.outcome == "no result":
                ax.annotate("no result\nfound", (x, r.forecast), xytext=(0, -26), textcoords="offset points",
                            ha="center", fontsize=8, color="0.35")
                continue
            reported = r.how == "reported basic EPS"
            colour = style.PALETTE[3] if r.outcome == "missed" else style.PALETTE[2]
            if r.reported_low != r.reported_high:
                ax.plot([x, x], [r.reported_low, r.reported_high], color=colour, lw=2.5)
            ax.scatter([x], [(r.reported_low + r.reported_high) / 2], s=48, zorder=3, linewidth=1.5,
                       color=colour if reported else "white", edgecolor=colour)
        ax.axhline(0, color="0.3", lw=0.8)
        ax.set_xticks([2023, 2024, 2025], ["2023", "2024", "2025"])
        ax.set_xlim(2022.6, 2025.4)
        ax.set_title(company, fontsize=11)
    axes[0].set_ylabel("EPS, RMB per share")
    for label, kw in (("reported EPS", dict(color="0.25")),
                      ("derived from net profit ÷ Table 11's shares", dict(color="white", edgecolor="0.25"))):
        axes[-1].scatter([], [], s=48, linewidth=1.5, label=label, **kw)
    handles, labels = [], []
    for ax in axes:
        for h, lab in zip(*ax.get_legend_handles_labels()):
            if lab not in labels:
                handles.append(h)
                labels.append(lab)
    fig.legend(handles, labels, loc="lower center", ncols=2, fontsize=8, frameon=False, bbox_to_anchor=(0.5, -0.02))
    fig.suptitle("Table 11's EPS forecasts against what the companies reported", fontsize=12, fontweight="bold")
    fig.subplots_adjust(bottom=0.3, top=0.82, wspace=0.45)
    return dict(
        fig=fig, data=fa, sources=sources,
        title="EPS forecasts of Table 11 against reported results",
        caption=(f"Each panel: Table 11's EPS for 2023 (actual) and its 2024 and 2025 forecasts (dashed, grey band "
                 f"±{tolerance:.0%}), against the reported result: a filled dot is a reported basic EPS, a hollow "
                 "one an EPS derived from the attributable net profit divided by the share count Table 11 implies, "
                 "a bar the range of a preannounced profit. Red: outside the band. Every result comes from a "
                 "secondary source (aggregators, press and broker notes); see data/companies."),
    )


def check_pricing_day(ledger, matched: pd.DataFrame, day: str) -> dict:
    """Table 11's note dates its prices to one close: every sourced close of that day set
    against the printed price and market value, with the neighbouring days as the control
    (a match there would mean the check cannot tell the days apart). Returns the counts the
    chapter reports: sourced closes of the day and of the days around it, and how many match."""
    day = pd.Timestamp(day)
    on_day = matched[matched["trade_date"] == day]
    sourced, missing = on_day[on_day["close"].notna()], on_day[on_day["close"].isna()]
    around = matched[(matched["trade_date"] != day) & matched["close"].notna()]
    both = sourced["price_matches"] & sourced["cap_matches"]
    counts = dict(n_sourced_on_day=len(sourced), n_on_day=int(both.sum()), n_around_sourced=len(around),
                  n_around=int((around["price_matches"] & around["cap_matches"]).sum()))
    if sourced.empty:
        ledger.unverifiable("stmt-valuation-date-2024-08-06", reported=str(day.date()),
                            reason=f"no close of {day.date()} in data/companies/closing_prices.csv", source="gtja2024")
        return counts
    shown = "; ".join(f"{r.name_en}: printed {r.price_yuan:g} and {r.market_cap_100m_yuan:g}亿, close "
                      f"{r.close:g} and {r.market_cap_100m:g}亿" for r in sourced.itertuples())
    control = (f"the closes of {', '.join(sorted({str(d.date()) for d in around['trade_date']}))} match "
               f"{int((around['price_matches'] | around['cap_matches']).sum())} of {len(around)}")
    caveats = [f"{', '.join(missing['name_en'])}: no close of {day.date()} found" if len(missing) else "",
               "the closes come from a public data dump that does not name its vendor"
               if (sourced["confidence"] != "high").any() else ""]
    ledger.check(
        "stmt-valuation-date-2024-08-06",
        holds=bool(both.all()),
        reported=str(day.date()),
        computed=f"{int(both.sum())} of {len(sourced)} sourced closes of that day equal the printed price and value",
        caveat="; ".join(c for c in caveats if c) or None,
        evidence=f"{shown}; as a control, {control}",
        source="; ".join(dict.fromkeys(["gtja2024", *sourced["source_id"]])),
    )
    return counts


def check_meitu_currency(ledger, pes: pd.DataFrame, fx: dict, adjusted: pd.Series) -> dict:
    """Meitu's PE, printed as price / EPS unconverted, against the same PE with the price
    taken as HKD and converted to RMB: what the table cannot say is which currency 2.11 is.
    A dividend-adjusted close of the day (`adjusted`, a row of adjusted_closes.csv) bounds
    the HKD close from below, and says how much in dividends the RMB reading would need.
    Returns the printed price read as RMB in HKD, and those dividends."""
    first = pes.iloc[0]
    others = ", ".join(f"{r.year.upper()} {r.pe_price_converted:.1f}" for r in pes.iloc[1:].itertuples())
    price = first.price
    as_hkd = price / fx["rate"]
    needed = as_hkd - adjusted["close_adjusted"]
    ledger.unverifiable(
        "t11-pe-1357-currency",
        reason=(f"the printed {first.pe_printed:.2f} is {first.pe_price_as_printed:.2f} = price / EPS with no "
                f"conversion; 1357.HK trades in HKD and Meitu reports in RMB, so if the price is the HKD close "
                f"the PE in one currency is {first.pe_price_converted:.1f} ({others}) at the ECB's "
                f"{fx['date']} cross rate of {fx['rate']:.4f} CNY per HKD; no unadjusted close of the day is on file, "
                f"but a vendor's dividend-adjusted close of {adjusted['close_adjusted']:.3f} HKD bounds it from below, "
                f"above the printed {price:g}, so the price is not the HKD close if that series is right; "
                f"read as RMB, {price:g} is {as_hkd:.3f} HKD, which needs {needed:.3f} "
                f"HKD a share of dividends gone ex between the day and {adjusted['adjusted_through'].date()}, "
                "and Meitu's dividends are not on file, so which currency the price is in stays open"),
        source="gtja2024; ecb-reference-rates; tianshu-quant-longport",
    )
    return {"as_hkd": as_hkd, "dividends_needed": needed}


def record_kling_checks(ledger, kling: pd.DataFrame, tiers: pd.DataFrame, statements: pd.DataFrame,
                        per_video: float) -> None:
    """Table 6's prices, video counts and image rates against its own credits, and against
    the text of section 2.3."""
    for k in kling.itertuples():
        tier = k.tier.lower()
        ledger.compare(
            f"t6-yuan-per-100-credits-{tier}",
            reported=k.yuan_per_100_credits_reported,
            computed=k.yuan_per_100_credits,
            tolerance=0.0005,
            evidence=f"{k.price_yuan:g} yuan / {k.credits:g} credits x 100",
            source=GTJA,
        )
        ledger.compare(
            f"t6-videos-per-month-{tier}",
            reported=k.videos_reported,
            computed=k.videos_computed,
            tolerance=0.5,
            evidence=f"{k.credits:g} credits / {per_video:g} credits per video (section 2.3 text)",
            source=GTJA,
        )
    rates = sorted(set(kling["images_per_credit"].round(6)))
    ledger.consistency(
        "t6-images-per-credit",
        values={t: f"{r:g} images per credit" for t, r in zip(kling["tier"], kling["images_per_credit"])},
        evidence=f"image count / credits per tier; rates found: {rates}",
        source=GTJA,
    )
    # The text and the table name the same videos differently.
    text_kind = statements.loc["kling-gold-standard-videos", "quote_zh"].split("个")[-1]
    ledger.consistency(
        "t6-video-kind-label",
        values={"Table 6": "/".join(sorted(set(tiers["video_kind_zh"].dropna()))), "section 2.3 text": text_kind},
        evidence="Table 6 column 可生成内容 against the sentence before it",
        source=GTJA,
    )
    for tier, sid in [("Gold", "gold"), ("Platinum", "platinum"), ("Diamond", "diamond")]:
        ledger.consistency(
            f"t6-price-text-vs-table-{sid}",
            values={
                "text": f"{statements.loc[f'kling-monthly-{sid}-price', 'value']:g}",
                "Table 6": f"{tiers.set_index('tier_en').loc[tier, 'price_yuan_per_month']:g}",
            },
            evidence="section 2.3 text and Table 6",
            source=GTJA,
        )


def figure_kling_yuan_per_video(kling: pd.DataFrame, per_video: float) -> dict:
    """Monthly price over the videos its credits buy, by tier."""
    fig, ax = style.new_figure(figsize=(6, 3.5))
    ax.bar(kling["tier"], kling["yuan_per_video"], color=style.PALETTE[: len(kling)])
    for i, k in enumerate(kling.itertuples()):
        ax.annotate(
            f"¥{k.yuan_per_video:.3f}\n({k.price_yuan:g} ¥ / {k.videos_computed:g})",
            (i, k.yuan_per_video),
            ha="center",
            va="bottom",
            fontsize=8,
        )
    ax.set_ylabel("yuan per video")
    ax.set_ylim(0, kling["yuan_per_video"].max() * 1.3)
    ax.set_title(f"Kling: price per video by monthly tier ({per_video:g} credits a video)")
    return dict(
        fig=fig,
        data=kling,
        title="Kling membership tiers: yuan per video",
        caption=(
            f"Monthly price divided by the videos its credits buy at {per_video:g} credits "
            "per video, as the report's section 2.3 states."
        ),
        sources=[GTJA],
    )


AGAINST_INDEX = ("the index's closes (data/companies/index_closes.csv), against the report's rating scale "
                 "(data/report/rating_scale.csv)")


def check_ratings(ledger, outcomes: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
    """Table 11's ratings as the forecasts they are: each promises a price change over the
    12 months after the report, relative to the CSI 300 (the report's 评级说明). Judged as of
    the window's last close. A stock read from dividend-adjusted closes holds only with the
    dividends that would have to have been paid for it to fail; one with no closes on file,
    or an adjusted change that misses, is unverifiable."""
    for r in outcomes.itertuples():
        cid = f"t11-rating-{r.code.split('.')[0]}"
        promise = (f"{r.rating} ({r.rating_en}): more than {r.relative_low_pct:g} points above the CSI 300's "
                   f"change from {start} to {end}")
        against = (f"{r.change_pct:+.1f} % (close {r.close_start:.2f} to {r.close_end:.2f}) against the "
                   f"CSI 300's {r.index_change_pct:+.1f} %: {r.relative_pct:+.1f} points")
        if pd.isna(r.met):
            ledger.unverifiable(cid, reported=r.rating, as_of=end, source="gtja2024; stock-data-daily-ashares",
                                reason=(f"{promise}; no close of {r.company} on {start} or {end} is on file "
                                        "(data/companies/closing_prices.csv): the data set holds A-shares only, "
                                        "and no daily price file for the Hong Kong listing was found"))
            continue
        if r.basis == "forward-adjusted" and pd.isna(r.dividends_to_fail):
            ledger.unverifiable(cid, reported=r.rating, as_of=end, source="gtja2024; tianshu-quant-longport",
                                reason=f"{promise}; dividend-adjusted closes give {against}, which bounds the price "
                                       "change from above only, so it cannot show a miss")
            continue
        if r.basis == "forward-adjusted":
            ledger.check(cid, holds=True, reported=r.rating, as_of=end, computed=f"{against} (dividend-adjusted)",
                         caveat=(f"closes forward-adjusted for dividends through {r.adjusted_through.date()}, from a "
                                 "third party's download of the LongPort API, so the change bounds the price change "
                                 f"from above: it would fall to the bar only if {r.dividends_to_fail:.2f} {r.currency} a share "
                                 f"({r.dividends_to_fail / r.close_start:.1f} times the starting close) had gone ex "
                                 f"between {start} and {r.adjusted_through.date()}"),
                         evidence=f"{promise}; adjusted closes (data/companies/adjusted_closes.csv) and {AGAINST_INDEX}",
                         source="gtja2024; tianshu-quant-longport; stock-data-daily-ashares")
            continue
        ledger.check(cid, holds=bool(r.met), reported=r.rating, as_of=end, computed=against,
                     caveat="price change only, as the scale defines it (dividends not counted); closes read in a "
                            "public data dump that does not name its vendor",
                     evidence=f"{promise}; closes as market value over shares (data/companies/closing_prices.csv) "
                              f"and {AGAINST_INDEX}",
                     source="gtja2024; stock-data-daily-ashares")
    return outcomes


def figure_rating_outcomes(outcomes: pd.DataFrame, start: str, end: str) -> dict:
    """Each rated stock's price change over the rating window against the CSI 300's and the
    bar the rating sets (the index's change plus the rating's lower bound)."""
    shown = outcomes.dropna(subset=["change_pct"])
    index_change = outcomes["index_change_pct"].iloc[0]
    points = outcomes["relative_low_pct"].min()
    bar = index_change + points
    fig, ax = style.new_figure(figsize=(7.5, 4))
    adjusted = shown["basis"] == "forward-adjusted"
    labels = [c + (" *" if a else "") for c, a in zip(shown["company"], adjusted)]
    ax.bar(labels, shown["change_pct"], color="#2f6f9f", width=0.55)
    for x, v in enumerate(shown["change_pct"]):
        ax.text(x, v + 2, f"{v:+.0f} %", ha="center", va="bottom", fontsize=9)
    ax.axhline(index_change, color="black", lw=1, label=f"CSI 300: {index_change:+.0f} %")
    ax.axhline(bar, color="#c0504d", lw=1, ls="--",
               label=f"Overweight bar: CSI 300 + {points:g} points")
    fig.legend(ncol=2, fontsize=9, loc="lower center", frameon=False)
    fig.subplots_adjust(bottom=0.22)
    ax.set_ylabel("price change (%)")
    ax.set_ylim(0, max(shown["change_pct"].max(), bar) * 1.15)
    ax.set_title(f"Table 11's Overweight ratings, {start} to {end}")
    missing = ", ".join(outcomes.loc[outcomes["change_pct"].isna(), "company"])
    return dict(
        fig=fig,
        data=outcomes,
        sources=["gtja2024", "stock-data-daily-ashares",
                 *(["tianshu-quant-longport"] if adjusted.any() else [])],
        title="Table 11's ratings twelve months on",
        caption=(f"Price change of each rated stock from the close of {start} (the report's pricing day) to the "
                 f"close of {end}, against the CSI 300 (black) and the bar an Overweight rating sets: the "
                 f"index's change plus {points:g} percentage points (dashed)."
                 + (" * Dividend-adjusted closes (an upper bound on the price change)."
                    if adjusted.any() else "")
                 + (f" Not shown, no closes on file: {missing}." if missing else "")),
    )
