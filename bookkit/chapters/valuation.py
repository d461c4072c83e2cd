"""Valuations (report section 4): Table 11's PEs and Table 6's Kling tiers, as figures and checks."""

from __future__ import annotations

import pandas as pd

from .. import style

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


def figure_pe_sensitivity(sens: pd.DataFrame, eps_shock: float) -> dict:
    """PE at the report's price if forecast EPS were off by up to ±eps_shock."""
    fig, axes = style.new_figure(ncols=2, sharey=True, figsize=(8, 3.8))
    for ax, year in zip(axes, ["2024E", "2025E"]):
        for company, sub in sens[sens["year"] == year].groupby("company", sort=False):
            ax.plot(sub["eps_shock"] * 100, sub["pe"], marker="o", ms=3, label=company)
        ax.axvline(0, color="grey", lw=0.8)
        ax.set_title(f"{year} PE")
        ax.set_xlabel("EPS relative to forecast (%)")
    axes[0].set_ylabel("PE")
    axes[1].legend(fontsize=8)
    return dict(fig=fig, data=sens, title="PE sensitivity to the EPS forecast",
                caption=(f"PE at the 2024-08-06 price if forecast EPS for 2024E and 2025E were off by "
                         f"-{eps_shock:.0%} to +{eps_shock:.0%}."),
                sources=[GTJA])


def check_meitu_currency(ledger, pes: pd.DataFrame, fx: dict) -> None:
    """Meitu's PE, printed as price / EPS unconverted, against the same PE with the price
    taken as HKD and converted to RMB: what the table cannot say is which currency 2.11 is."""
    first = pes.iloc[0]
    others = ", ".join(f"{r.year.upper()} {r.pe_price_converted:.1f}" for r in pes.iloc[1:].itertuples())
    ledger.unverifiable(
        "t11-pe-1357-currency",
        reason=(f"the printed {first.pe_printed:.2f} is {first.pe_price_as_printed:.2f} = price / EPS with no "
                f"conversion; 1357.HK trades in HKD and Meitu reports in RMB, so if the price is the HKD close "
                f"the PE in one currency is {first.pe_price_converted:.1f} ({others}) at the ECB's "
                f"{fx['date']} cross rate of {fx['rate']:.4f} CNY per HKD; no source read gives Meitu's "
                "2024-08-06 close, so which currency the price is in stays open"),
        source="gtja2024; ecb-reference-rates",
    )


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
