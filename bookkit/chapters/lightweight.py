"""Lightweight models (report section 1.2): prices against MMLU, the cheapest price to reach
a level, price cuts, Figure 4's claim and Table 2, as figures and checks."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import claims, data, style
from ..methods import gap, prices, reported

SETTING_ORDER = [
    "5-shot",
    "0-shot CoT",
    "5-shot CoT",
    "0-shot",
    "CoT (shots not stated)",
    "reasoning",
    "not stated",
    "other",
]


def priced_models(price_rows: pd.DataFrame, scores: pd.DataFrame, mix: float) -> pd.DataFrame:
    """Every price row with one MMLU per model (5-shot where there is one, else the next
    setting in SETTING_ORDER) and its blended prices (mix:1 and 1:1)."""
    best = (
        scores.assign(rank=scores["setting"].map(SETTING_ORDER.index))
        .sort_values(["model_id", "rank", "mmlu"], ascending=[True, True, False])
        .drop_duplicates("model_id")[["model_id", "mmlu", "setting"]]
    )
    priced = price_rows.merge(best, on="model_id", how="left")
    priced["reasons"] = priced["setting"].eq("reasoning")
    return _with_blends(priced, mix)


def _with_blends(priced: pd.DataFrame, mix: float) -> pd.DataFrame:
    priced["blended"] = prices.blended(priced["usd_per_1m_input"], priced["usd_per_1m_output"], ratio=mix)
    priced["blended_1to1"] = prices.blended(priced["usd_per_1m_input"], priced["usd_per_1m_output"], ratio=1)
    return priced


def gpqa_priced(price_rows: pd.DataFrame, scores: pd.DataFrame, models: pd.DataFrame, mix: float) -> pd.DataFrame:
    """Every dated price (both prices known) of a model with a GPQA Diamond score (one attempt), once per way of
    answering: without reasoning (`reasons` False: the variant that answers plainly, never for
    a model that always reasons) and with the most reasoning a user can ask for (`reasons`
    True). Variants are chosen by fixed rules (`gap.VARIANT_RULES`), not by score."""
    single = scores[scores["setting"] == "single attempt"].merge(models[["model_id", "reasoning"]], on="model_id")
    plain = single[single["reasoning"].eq("no")
                   | (single["reasoning"].eq("optional") & single["variant"].eq("non-thinking"))]
    plain = gap.preferred_variant(plain, ["model_id"], "released", score="gpqa_diamond")
    thinking = single[single["reasoning"].isin(["always", "optional"]) & single["variant"].ne("non-thinking")]
    thinking = gap.preferred_variant(thinking, ["model_id"], "highest effort", score="gpqa_diamond")
    best = pd.concat([plain.assign(reasons=False), thinking.assign(reasons=True)])
    best = best[["model_id", "variant", "setting", "gpqa_diamond", "reasons", "reasoning"]]
    priced = _with_blends(price_rows.merge(best, on="model_id", how="inner"), mix)
    return priced.dropna(subset=["in_force_from", "blended"]).reset_index(drop=True)


REPORT_DATE = reported.REPORT_DATE


def usd(x: float) -> str:
    """A price as prose shows it: cents above a dollar, a tenth of a cent below."""
    return f"USD {x:.2f}" if x >= 1 else f"USD {x:.3f}"

SETTING_MARKERS = {"5-shot": "o", "0-shot CoT": "^"}  # any other setting: a square


def distinct_frontiers(usable: pd.DataFrame, quarters) -> list[tuple[str, pd.DataFrame]]:
    """The Pareto frontier at each quarter end, quarters with the same frontier merged into one
    span ("2023Q1-Q3"), so a frontier that stood for several quarters is drawn once."""
    spans = []
    for q in quarters:
        now = prices.in_force(usable, q)
        if now.empty:
            continue
        front, name = prices.pareto(now), f"{q.year}Q{q.quarter}"
        if spans and spans[-1][2]["price_id"].tolist() == front["price_id"].tolist():
            spans[-1][1] = name
        else:
            spans.append([name, name, front])
    out = []
    for first, last, front in spans:
        label = first if first == last else f"{first}-{last[4:] if last[:4] == first[:4] else last}"
        out.append((label, front))
    return out


def figure_frontier_by_quarter(usable: pd.DataFrame, mix: float, sources) -> dict:
    """The Pareto frontier of price against MMLU at each quarter end from 2023Q1 to the latest price: each
    distinct frontier once, older ones wider underneath so none hides another; the marker
    says each score's setting. Reasoning models stay out (their per-token price is not
    what their hidden reasoning costs)."""
    quarters = pd.date_range("2023-03-31", usable["in_force_from"].max() + pd.offsets.QuarterEnd(0), freq="QE")
    shown = usable[usable["setting"] != "reasoning"]
    fronts = distinct_frontiers(shown, quarters)
    fig, ax = style.new_figure(figsize=(9, 4.8))
    cmap = __import__("matplotlib").colormaps["viridis"]
    rows = []
    for i, (label, front) in enumerate(fronts):
        colour = cmap(i / max(len(fronts) - 1, 1))
        width = 1.5 + 4.5 * (1 - i / max(len(fronts) - 1, 1))
        ax.step(front["blended"], front["mmlu"], where="post", color=colour, lw=width, label=label, zorder=1 + i,
                solid_capstyle="butt")
        for setting, g in front.groupby(front["setting"].where(front["setting"].isin(list(SETTING_MARKERS)), "other")):
            ax.scatter(g["blended"], g["mmlu"], color=colour, edgecolor="black", linewidth=0.4, s=28,
                       marker=SETTING_MARKERS.get(setting, "s"), zorder=20 + i)
        rows.append(front.assign(frontier=label))
    for setting, marker in [*SETTING_MARKERS.items(), ("other setting", "s")]:
        ax.scatter([], [], marker=marker, color="white", edgecolor="black", label=setting)
    ax.set_xscale("log")
    style.plain_log_ticks(ax.xaxis, [0.1, 0.3, 1, 3, 10, 30])
    last = fronts[-1][1]
    style.label_points(ax, last["blended"], last["mmlu"], last["model_id"])
    ax.set_xlabel(f"blended price, USD per million tokens ({mix:g}:1 input:output, log)")
    ax.set_ylabel("MMLU (%; setting by marker)")
    ax.set_title("Cheapest model for each MMLU level, quarter by quarter")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    plotted_rows = pd.concat(rows)[
        ["frontier", "model_id", "model_as_priced", "vendor", "in_force_from", "blended", "mmlu", "setting", "source_id"]
    ]
    left_out = sorted(usable[usable["setting"] == "reasoning"]["model_id"].unique())
    return dict(
        fig=fig,
        data=plotted_rows,
        sources=sources,
        title="Price-performance frontier of LLM APIs by quarter",
        caption=(
            f"Pareto frontier of blended API price ({mix:g}:1 input:output) against MMLU at each quarter "
            "end; quarters with the same frontier are drawn once, older frontiers wider and darker underneath. "
            "MMLU is 5-shot where the model has a 5-shot score, otherwise the setting its marker shows. "
            f"Left out, as reasoning models priced per token: {', '.join(left_out) or 'none'}."
        ),
    )


def cheapest_series_pair(usable: pd.DataFrame, thresholds, months, score: str = "mmlu") -> tuple:
    """The cheapest-price series in the main blend and at 1:1."""
    return tuple(cheapest_series(usable, thresholds, months, column=c, score=score)
                 for c in ("blended", "blended_1to1"))


def headline_table(spread: pd.DataFrame) -> pd.DataFrame:
    """The headline fits of a decline spread, numbers rounded for reading."""
    h = spread[spread["headline"]].drop(columns=["headline", "years"])
    return h.round({c: 2 for c in h.select_dtypes("number").columns})


def gpqa_fit_numbers(spread: pd.DataFrame, mix: float) -> dict:
    """What the GPQA fits can and cannot say, for the prose: the new cheapest prices per level,
    how many choices fit a line, their range, and how many intervals include no fall."""
    head = spread[spread["headline"] & (spread["mix"] == f"{mix:g}:1")]
    fitted = spread["factor_per_year"].dropna()
    return dict(gpqa_new_cheapest=", ".join(f"{int(r.points)} at ≥ {r.threshold:g}" for r in head.itertuples()),
                min_points=prices.MIN_POINTS, gpqa_choices_fitted=len(fitted),
                gpqa_choices_low=fitted.min(), gpqa_choices_high=fitted.max(),
                gpqa_choices_with_no_fall=int((spread["ci_low"] <= 1).sum()))


def published_comparison(usable: pd.DataFrame, gpqa: pd.DataFrame, thresholds, gpqa_thresholds, mix: float,
                         published: pd.DataFrame, level: float = 0.90) -> pd.DataFrame:
    """The book's headline rates, refitted at Epoch's 90 % level (MMLU's lowest and highest
    levels, every GPQA level), beside the published ones."""
    return rates_beside_published(
        {"MMLU": decline_spreads(usable, [min(thresholds), max(thresholds)], mix, level),
         "GPQA Diamond": decline_spreads(gpqa, gpqa_thresholds, mix, level, choices=prices.GPQA_FIT_CHOICES,
                                         score="gpqa_diamond")},
        published, mix)


def cheapest_series(usable: pd.DataFrame, thresholds, months, column: str = "blended",
                    score: str = "mmlu") -> pd.DataFrame:
    """The cheapest price in force at each month end among models scoring at least each
    threshold (scores from reasoning left out)."""
    plain = usable[~usable["reasons"].astype(bool)]
    return pd.concat(
        [prices.cheapest_to_reach(plain.assign(blended=plain[column]), t, months, score=score) for t in thresholds],
        ignore_index=True,
    )


def decline_spreads(usable: pd.DataFrame, thresholds, mix: float, level: float,
                    choices: dict = prices.FIT_CHOICES, score: str = "mmlu") -> pd.DataFrame:
    """Every threshold's yearly decline under each of the `choices`, in the main mix and 1:1.
    `headline` marks the first choice of each; `same_as` names a lower threshold whose fit
    used exactly the same prices (the price data start after both were reached)."""
    mixes = {f"{mix:g}:1": "blended", "1:1": "blended_1to1"}
    spread = pd.concat([prices.decline_spread(usable, t, mixes, level, choices=choices, score=score)
                        for t in thresholds], ignore_index=True)
    first = {k: v[0] for k, v in choices.items()}
    spread["headline"] = np.logical_and.reduce([spread[k] == v for k, v in first.items()])
    keys = ["mix", *choices, "price_ids"]
    lowest = spread.groupby(keys)["threshold"].transform("min")
    spread["same_as"] = lowest.where(lowest < spread["threshold"])
    return spread


def headline_rate(spread: pd.DataFrame, threshold: float, mix: str) -> pd.Series:
    """The headline fit of one threshold and mix, with the range over all choices beside it and
    the same fit over every price at or above the level (`every_price`, the typical price's
    trend rather than the cheapest's)."""
    g = spread[(spread["threshold"] == threshold) & (spread["mix"] == mix)]
    row = g[g["headline"]].iloc[0].copy()
    row["choices_low"], row["choices_high"] = g["factor_per_year"].min(), g["factor_per_year"].max()
    same = np.logical_and.reduce([g[k] == row[k] for k in prices.FIT_CHOICES if k != "prices"])
    every = g[same & (g["prices"] == "every price")].iloc[0]
    row["every_price"], row["every_price_points"] = every["factor_per_year"], every["points"]
    return row


def figure_decline_spread(spread: pd.DataFrame, mix: float, sources, benchmark: str = "MMLU") -> dict:
    """Each threshold's yearly decline under every reasonable choice (grey), the headline fit
    with its interval (black); on MMLU, a16z's 10x for reference."""
    main = f"{mix:g}:1"
    mmlu = benchmark == "MMLU"
    thresholds = sorted(spread["threshold"].unique())
    fig, ax = style.new_figure(figsize=(8, 4.4))
    labelled = set()

    def once(label):  # each legend entry once, whichever level draws it first
        if label in labelled:
            return None
        labelled.add(label)
        return label

    for y, t in enumerate(thresholds):
        at = spread[spread["threshold"] == t]
        g = at[at["factor_per_year"].notna()]
        ax.scatter(g["factor_per_year"], np.full(len(g), y) + np.where(g["mix"] == main, 0.12, -0.12),
                   color="0.6", s=18, zorder=2, label=once("other choices"))
        for r in at[at["headline"] & (at["mix"] == main)].itertuples():
            if not np.isfinite(r.factor_per_year):
                ax.annotate(f"headline: {r.points} new cheapest price{'s' if r.points != 1 else ''}, "
                            f"too few to fit (≥ {prices.MIN_POINTS})", (1, y + 0.36), xytext=(6, 0),
                            textcoords="offset points", va="center", fontsize=8,
                            bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="none", alpha=0.85))
                continue
            if np.isfinite(r.ci_low) and np.isfinite(r.ci_high):
                ax.plot([r.ci_low, r.ci_high], [y + 0.12] * 2, color="black", lw=2, zorder=3)
            ax.scatter([r.factor_per_year], [y + 0.12], color="black", s=40, zorder=4,
                       label=once(f"headline ({main}) and 95 % interval"))
    ax.axvline(1, color="0.3", lw=0.8)
    if mmlu:
        ax.axvline(10, color=style.PALETTE[3], ls="--", lw=1.2, label="a16z: 10x a year (MMLU ≥ 42, 1:1)")
    ax.set_xscale("log")
    style.plain_log_ticks(ax.xaxis, [0.1, 0.3, 1, 3, 10, 30, 100, 1000, 10000])
    labels = []
    for t in thresholds:
        same = spread[(spread["threshold"] == t) & spread["headline"] & (spread["mix"] == main)]["same_as"].iloc[0]
        labels.append(f"{benchmark} ≥ {t:g}" + (f"\n(same prices as ≥ {same:g})" if pd.notna(same) else ""))
    ax.set_yticks(range(len(thresholds)), labels)
    ax.set_ylim(-1.3, len(thresholds) - 0.45)  # room for the legend under the lowest level, a note over the top
    ax.set_xlabel("price falls by this factor per year (log; left of 1 = it rose)")
    ax.set_title(f"How fast the price of each {benchmark} level falls, under each reasonable choice")
    ax.legend(fontsize=8, loc="lower right")
    plotted = spread.drop(columns=["years"])
    copies = "prices dated only by a copy of the price page dropped"
    others = (f"every price rather than the new cheapest; any reported setting; {copies}" if mmlu else
              f"every price rather than the new cheapest; {copies}; models that reason before answering entered "
              "at their per-token price")
    return dict(
        fig=fig,
        data=plotted,
        sources=sources,
        title=f"Yearly fall of the cheapest price to reach {benchmark} levels, across fitting choices",
        caption=(
            f"Log-linear fit of dated list prices against time for models at or above each {benchmark} level. "
            "Headline (black, with its t-interval): the prices that were the cheapest at the level when they "
            f"took effect, {'5-shot' if mmlu else 'one-attempt'} scores only, prices dated only by a copy of the "
            f"price page kept, {main} blend, "
            f"models that reason before answering left out. Grey: the other choices ({others}; upper dot {main}, "
            "lower dot 1:1). A per-token price is not what hidden reasoning costs a buyer per answer, so the "
            "headline leaves reasoning out."
        ),
    )


def rates_beside_published(spreads: dict, published: pd.DataFrame, mix: float) -> pd.DataFrame:
    """The book's headline yearly declines (`spreads`: benchmark name to a decline_spreads
    frame) beside the published ones, one row per estimate, with the blend, threshold, period
    and interval each rests on. A published total fall (a16z at MMLU 83) is turned into a
    yearly rate over its stated period, and marked as derived."""
    main = f"{mix:g}:1"
    rows = []
    for benchmark, spread in spreads.items():
        h = spread[spread["headline"]]
        lowest = h["threshold"].min()
        # the main blend at every level; on MMLU 1:1 as well at the lowest, a16z's footing
        h = h[(h["mix"] == main) | ((h["mix"] == "1:1") & (h["threshold"] == lowest) & (benchmark == "MMLU"))]
        for r in h.itertuples():
            rows.append(dict(who="this book", benchmark=benchmark, threshold=r.threshold, blend=r.mix,
                             period_start=r.first_date, period_end=r.last_date, points=r.points,
                             factor_per_year=r.factor_per_year, ci_low=r.ci_low, ci_high=r.ci_high, derived=False))
    for r in published.itertuples():
        factor, derived = r.factor_per_year, False
        if pd.isna(factor) and pd.notna(r.factor_total):
            years = (r.period_end - r.period_start).days / prices.YEAR
            factor, derived = float(r.factor_total) ** (1 / years), True
        rows.append(dict(who=r.publisher, benchmark=r.benchmark, threshold=r.threshold, blend=r.blend,
                         period_start=r.period_start, period_end=r.period_end, points=r.points,
                         factor_per_year=factor, ci_low=r.ci_low, ci_high=r.ci_high, derived=derived))
    out = pd.DataFrame(rows)
    order = {"MMLU": 0, "GPQA Diamond": 1}
    return (out.assign(_b=out["benchmark"].map(order)).sort_values(["_b", "threshold", "who"])
            .drop(columns="_b").reset_index(drop=True))


WHO_COLOURS = {"this book": 0, "Epoch AI": 1, "a16z": 3}


def figure_rates_beside_published(rates: pd.DataFrame, level: float, sources) -> dict:
    """Each yearly price decline, the book's and the published ones, as a dot with its interval,
    labelled with the benchmark, level, blend and period it rests on."""
    fig, ax = style.new_figure(figsize=(9, 0.2 * len(rates) + 1.5))  # fills a 16:9 slide
    labels = []
    for y, r in enumerate(rates.itertuples()):
        colour = style.PALETTE[WHO_COLOURS.get(r.who, 2)]
        if pd.notna(r.ci_low) and pd.notna(r.ci_high):
            ax.plot([r.ci_low, r.ci_high], [y, y], color=colour, lw=2, solid_capstyle="butt")
        ax.scatter([r.factor_per_year], [y], color="white" if r.derived else colour, edgecolor=colour, s=42,
                   zorder=3, linewidth=1.5)
        n = "" if pd.isna(r.points) else f", {int(r.points)} price{'s' if r.points != 1 else ''}"
        span = "no prices" if pd.isna(r.period_start) else f"{r.period_start:%Y-%m} to {r.period_end:%Y-%m}"
        labels.append(f"{r.who}: {r.benchmark} ≥ {r.threshold:g}, {r.blend}, {span}{n}")
        if pd.isna(r.factor_per_year):
            ax.annotate(f"too few new cheapest prices to fit (≥ {prices.MIN_POINTS})", (1, y), xytext=(6, 0),
                        textcoords="offset points", va="center", fontsize=9, color=colour)
    ax.set_yticks(range(len(rates)), labels, fontsize=9)
    ax.set_ylim(len(rates) - 0.5, -0.5)  # every row, top down, whether or not it has a dot
    ax.axvline(1, color="0.3", lw=0.8)
    ax.set_xscale("log")
    ax.set_xlim(0.3, 3e4)
    style.plain_log_ticks(ax.xaxis, [1, 10, 100, 1000, 10000])
    ax.set_xlabel(f"price falls by this factor per year (log); bars: {level:.0%} intervals")
    for who, i in WHO_COLOURS.items():
        ax.scatter([], [], color=style.PALETTE[i], label=who)
    ax.scatter([], [], color="white", edgecolor="0.3", label="derived from a published total")
    ax.legend(fontsize=9, loc="upper right")
    ax.set_title("How fast the cheapest price of a level falls: this book beside a16z and Epoch AI")
    return dict(
        fig=fig,
        data=rates,
        sources=sources,
        title="Yearly price declines: this book beside a16z and Epoch AI",
        caption=(
            "Yearly factor by which the cheapest price per token to reach a benchmark level falls, each with the "
            "benchmark, threshold, input:output blend, period and number of prices it rests on. The book's are its "
            f"headline fits (new cheapest prices; reasoning left out) with {level:.0%} t-intervals, the level Epoch "
            "AI publishes. Epoch's use Artificial Analysis's scores and 3:1 prices and leave reasoning models out; "
            "a16z's 10x is a round figure with no interval, and its 62x fall at MMLU 83 is turned into a yearly "
            "rate over the stated period (hollow dot). Interval bars off the right edge are clipped; a level "
            f"with fewer than {prices.MIN_POINTS} new cheapest prices has no rate, as in Epoch's own regressions."
        ),
    )


def check_value_keeps_rising(ledger, priced: pd.DataFrame, thresholds, as_of, sources,
                             score: str = "gpqa_diamond") -> pd.DataFrame:
    """Did the cheapest price to reach each level fall between the report's date and `as_of`?
    Scores from reasoning stay out; a level no priced model reached on the report's date
    counts as a fall (from out of reach)."""
    plain = priced[~priced["reasons"].astype(bool)]
    rows = []
    for t in thresholds:
        then, now = prices.cheapest_to_reach(plain, t, [REPORT_DATE, as_of], score=score).to_dict("records")
        rows.append({"threshold": t, "at_report": then["price"], "model_at_report": then["model_id"],
                     "latest": now["price"], "model_latest": now["model_id"], "latest_date": now["date"]})
    out = pd.DataFrame(rows)
    fell = out["latest"] < out["at_report"].fillna(np.inf)
    out["fall"] = out["at_report"] / out["latest"]
    ledger.check(
        "value-keeps-rising-after-2024-08",
        holds=bool(fell.all()),
        computed="; ".join(
            f"≥ {r.threshold:g}: " + ("none priced" if pd.isna(r.at_report) else f"{usd(r.at_report)} ({r.model_at_report})")
            + f" -> {usd(r.latest)} ({r.model_latest})" for r in out.itertuples()),
        caveat=("list prices per token of answers without reasoning, at the levels the developers' own GPQA "
                "Diamond scores reach; what a reasoning model costs per answer is not measured"),
        evidence=(f"cheapest blended price in force among models at or above each GPQA Diamond level on "
                  f"{REPORT_DATE.date()} and on {pd.Timestamp(as_of).date()}"),
        source="; ".join(sources),
        as_of=as_of,
    )
    return out


def price_floor(priced: pd.DataFrame, threshold: float, score: str = "gpqa_diamond") -> dict:
    """The lowest blended price any model at or above the threshold was ever listed at (scores
    from reasoning left out), and every model listed at it, with the day each price took effect."""
    ok = priced[~priced["reasons"].astype(bool) & (priced[score] >= threshold)].dropna(subset=["blended"])
    low = ok["blended"].min()
    at = ok[np.isclose(ok["blended"], low)].sort_values("in_force_from")
    return {"floor_price": float(low), "floor_threshold": threshold,
            "floor_models": ", ".join(f"{r.model_as_priced} (from {r.in_force_from.date()})" for r in at.itertuples())}


def rising_sentence(rising: pd.DataFrame, mix: float) -> str:
    """The check's table in words, for the chapter's findings."""
    parts = []
    for r in rising.itertuples():
        then = ("out of reach of every priced model" if pd.isna(r.at_report)
                else f"{usd(r.at_report)} ({r.model_at_report})")
        parts.append(f"≥ {r.threshold:g}: {then} on the report's date, {usd(r.latest)} ({r.model_latest}) "
                     f"on {r.latest_date.date()}")
    return f"cheapest price per million tokens ({mix:g}:1) to reach GPQA Diamond " + "; ".join(parts)


def figure_cheapest_by_threshold(series: pd.DataFrame, series_1to1: pd.DataFrame, mix: float, sources,
                                 benchmark: str = "MMLU") -> dict:
    """The cheapest blended price to reach each threshold of a benchmark, month by month. Lower
    thresholds are drawn wider and dashed, so a line hidden by another stays visible."""
    fig, ax = style.new_figure(figsize=(8, 4.4))
    thresholds = sorted(series["threshold"].unique())
    for i, (t, g) in enumerate(series.groupby("threshold")):
        lowest = i == 0
        ax.step(
            g["date"],
            g["price"],
            where="post",
            label=f"{benchmark} ≥ {t:g}",
            lw=4 if lowest else 1.6,
            ls="--" if lowest else "-",
            alpha=0.6 if lowest else 1,
            zorder=1 if lowest else 2,
        )
    ax.set_yscale("log")
    style.plain_log_ticks(ax.yaxis, [0.03, 0.1, 0.3, 1, 3, 10, 30, 100])
    ax.set_ylabel(f"cheapest blended price ({mix:g}:1), USD per million tokens")
    ax.axvline(REPORT_DATE, color="0.4", lw=0.8, ls=":")
    ax.annotate("report", (REPORT_DATE, 0), xycoords=("data", "axes fraction"), xytext=(3, 4),
                textcoords="offset points", fontsize=8, color="0.3")
    style.date_axis(ax.xaxis)
    ax.set_title(f"Cheapest price to reach each {benchmark} level")
    ax.legend(fontsize=8)
    plotted_rows = pd.concat([series.assign(mix=f"{mix:g}:1"), series_1to1.assign(mix="1:1")])
    base = series[series["threshold"] == thresholds[0]]["price"].to_numpy(dtype=float)
    same = [
        t
        for t in thresholds[1:]
        if np.allclose(series[series["threshold"] == t]["price"].to_numpy(dtype=float), base, equal_nan=True)
    ]
    note = (
        f" The {benchmark} ≥ {thresholds[0]:g} line (wide, dashed) coincides with ≥ {', '.join(f'{t:g}' for t in same)}: "
        "the price data start in 2023, when the cheapest model already scored that high."
        if same
        else ""
    )
    return dict(
        fig=fig,
        data=plotted_rows,
        sources=sources,
        title=f"Cheapest API price to reach {benchmark} thresholds over time",
        caption=(
            f"For each month end, the cheapest blended price ({mix:g}:1 input:output; the CSV also has "
            f"1:1) among models with {benchmark} at or above each threshold, scores from reasoning left out; "
            "the dotted line is the report's date." + note
        ),
    )


def figure_price_cuts(cut_models: pd.DataFrame, mix: float) -> dict:
    """List prices of each model and vendor with more than one dated price."""
    fig, ax = style.new_figure(figsize=(7.5, 4))
    for (mid, vendor), g in cut_models.sort_values("in_force_from").groupby(["model_id", "vendor"]):
        ax.step(g["in_force_from"], g["blended"], where="post", marker="o", label=f"{mid} ({vendor})")
    ax.set_yscale("log")
    style.plain_log_ticks(ax.yaxis, [0.1, 0.3, 1, 3, 10, 30])
    ax.set_ylabel(f"blended price ({mix:g}:1), USD per million tokens")
    style.date_axis(ax.xaxis)
    ax.set_title("List-price cuts of the same model and vendor")
    ax.legend(fontsize=8)
    plotted_rows = cut_models[
        ["model_id", "vendor", "in_force_from", "dated_by", "event", "usd_per_1m_input", "usd_per_1m_output", "blended",
         "source_id"]
    ]
    return dict(
        fig=fig,
        data=plotted_rows,
        sources=data.cited(cut_models),
        title="Price cuts of the same model",
        caption=f"Blended list price ({mix:g}:1) of each model and vendor with more than one dated price.",
    )


def price_cut_table(cut_models: pd.DataFrame) -> pd.DataFrame:
    return cut_models.groupby(["model_id", "vendor"]).apply(
        lambda g: pd.Series(
            {
                "first": g["blended"].iloc[0],
                "last": g["blended"].iloc[-1],
                "cut": 1 - g["blended"].iloc[-1] / g["blended"].iloc[0],
            }
        ),
        include_groups=False,
    )


def check_figure4(ledger, usable: pd.DataFrame, mix: float) -> pd.DataFrame:
    """Best MMLU at the end of 2023 and 2024 for at most $1 and $10: did it rise?"""
    rows = []
    for cap in (1.0, 10.0):
        for year_end in ("2023-12-31", "2024-12-31"):
            now = prices.in_force(usable, year_end)
            ok = now[now["blended"] <= cap]
            top = ok.loc[ok["mmlu"].idxmax()] if len(ok) else None
            rows.append(
                {
                    "budget_usd": cap,
                    "date": year_end,
                    "best_mmlu": None if top is None else top["mmlu"],
                    "model": None if top is None else top["model_id"],
                }
            )
    budget = pd.DataFrame(rows)
    floor = budget["best_mmlu"].astype(float).fillna(-np.inf)  # nothing affordable counts as the lowest level
    rose = all(floor[g.index[1]] > floor[g.index[0]] for _, g in budget.groupby("budget_usd"))
    ledger.check(
        "fig4-performance-per-cost-rises",
        holds=bool(rose),
        computed="; ".join(
            f"≤ USD {r.budget_usd:g}: {r.date[:4]} {r.best_mmlu} ({r.model})" for r in budget.itertuples()
        ),
        caveat="tested for 2023 -> 2024 only: the book has no 2022 prices",
        evidence=f"best MMLU among prices in force at year end, blended {mix:g}:1",
        source="epoch-llm-benchmark-efficiency",
    )
    return budget


def read_table2(t2: pd.DataFrame) -> pd.DataFrame:
    """Table 2 with its printed sizes and context lengths read into numbers."""
    return t2.assign(
        sizes_b=t2["params_reported"].map(reported.sizes_b),
        context_tokens=t2["context_reported"].map(reported.context_tokens),
    )


def with_price_cuts(priced: pd.DataFrame) -> pd.DataFrame:
    """The dated prices of every model and vendor that has more than one."""
    return priced.dropna(subset=["in_force_from", "blended"]).groupby(["model_id", "vendor"]).filter(lambda g: len(g) > 1)


def _claim_id(model: str) -> str:
    return "t2-" + claims.id_part(model)


def _record(ledger, cid, result, notes, **info):
    """One ledger row from a reported.compare_printed result (None = no source: unverifiable)."""
    if result["holds"] is None:
        return ledger.unverifiable(
            cid,
            reported=info["reported"],
            reason=f"{result['detail']}: {notes}",
            **{k: v for k, v in info.items() if k not in ("reported", "computed", "evidence")},
        )
    if result["detail"] != "agree":
        info["evidence"] = f"{info['evidence']} ({result['detail']})"
    return ledger.check(cid, holds=result["holds"], caveat=result["caveat"], **info)


def check_table2(ledger, t2: pd.DataFrame, specs: pd.DataFrame) -> pd.DataFrame:
    """Each row of Table 2: name, sizes and context length against the developer's pages."""
    rows = []
    verdict = {True: "holds", False: "wrong", None: "no source"}
    for r in t2.itertuples():
        cid = _claim_id(r.model)
        if r.model not in specs.index:
            ledger.unverifiable(
                f"{cid}-specs",
                reported=f"{r.params_reported} / {r.context_reported}",
                reason="no developer source for this row in data/models/lightweight_specs.csv yet",
                source="gtja2024",
            )
            continue
        s = specs.loc[r.model]
        common = dict(evidence=s["citation"], source=s["source_id"])
        name_ok = reported.same_name(r.model, s["model"])
        ledger.check(f"{cid}-name", holds=name_ok, reported=r.model, computed=s["model"], **common)
        sizes = reported.compare_printed(
            r.sizes_b, reported.source_values(s["sizes_b"]), complete=bool(s["family_complete"])
        )
        _record(
            ledger,
            f"{cid}-sizes",
            sizes,
            s["notes"],
            reported=r.params_reported,
            computed=f"{s['sizes_b']} (B)" if pd.notna(s["sizes_b"]) else None,
            **common,
        )
        context = reported.compare_printed(
            r.context_tokens,
            reported.source_values(s["context_tokens"]),
            complete=bool(s["context_complete"]),
            lengths=True,
        )
        if context["holds"] and pd.notna(s["context_in_config"]):  # undisclosed in words, set in the config
            context["caveat"] = (f"the developer's documents state none, but the model's config.json sets "
                                 f"{int(s['context_in_config']):,} positions")
        _record(
            ledger,
            f"{cid}-context",
            context,
            s["notes"],
            reported=r.context_reported,
            computed=f"{s['context_tokens']} (tokens)" if pd.notna(s["context_tokens"]) else None,
            **common,
        )
        rows.append(
            {
                "model": r.model,
                "developer's name": s["model"],
                "name": "holds" if name_ok else "wrong",
                "sizes": verdict[sizes["holds"]] + (" (caveat)" if sizes["caveat"] else ""),
                "sizes detail": sizes["detail"],
                "context": verdict[context["holds"]] + (" (caveat)" if context["caveat"] else ""),
                "context detail": context["detail"],
            }
        )
    return pd.DataFrame(rows)


ORG_EN = {"面壁智能": "ModelBest", "阿里巴巴": "Alibaba", "商汤": "SenseTime", "苹果": "Apple", "微软": "Microsoft"}


def figure_table2_size_vs_context(t2: pd.DataFrame) -> dict:
    """Each printed size of Table 2 against the longest context printed for it."""
    points = pd.DataFrame(
        [
            {
                "organisation": ORG_EN.get(r.organisation_zh, r.organisation_zh),
                "model": r.model,
                "params_b": size,
                "max_context_tokens": max(r.context_tokens) if r.context_tokens else np.nan,
            }
            for r in t2.itertuples()
            for size in r.sizes_b
        ]
    )
    fig, ax = style.new_figure(figsize=(8, 4.8))
    for i, (org, g) in enumerate(points.groupby("organisation", sort=False)):
        g = g.dropna(subset=["max_context_tokens"])
        ax.scatter(g["params_b"], g["max_context_tokens"], label=org, color=style.PALETTE[i % len(style.PALETTE)], s=30)
    ax.set_xscale("log")
    ax.set_yscale("log")
    style.plain_log_ticks(ax.xaxis, [0.1, 0.3, 1, 3, 10])
    style.plain_log_ticks(ax.yaxis, [2048, 8192, 32768, 131072, 1048576])
    # One label per model at its largest size; models on the same point share one label.
    named = (
        points.dropna(subset=["max_context_tokens"])
        .groupby(["model", "max_context_tokens"], as_index=False)["params_b"]
        .max()
    )
    named = named.groupby(["params_b", "max_context_tokens"], as_index=False)["model"].agg(", ".join)
    style.label_points(ax, named["params_b"], named["max_context_tokens"], named["model"])
    ax.set_xlabel("parameters (billions, log)")
    ax.set_ylabel("longest context (tokens, log)")
    ax.set_title("Report Table 2: size against context length")
    ax.legend(fontsize=8, ncols=2)
    undisclosed = t2[t2["sizes_b"].map(len) == 0]["model"].tolist()
    return dict(
        fig=fig,
        data=points,
        sources=["gtja2024"],
        title="Lightweight models of the report's Table 2: parameters against context length",
        caption=(
            "Each printed size of each model against the longest context length the report prints for it "
            f"('K' read as 1,024). Not plotted (size undisclosed): {', '.join(undisclosed)}."
        ),
    )
