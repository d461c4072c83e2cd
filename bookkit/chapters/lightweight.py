"""Lightweight models (report section 1.2): prices against MMLU, the cheapest price to reach
a level, price cuts, Figure 4's claim and Table 2, as figures and checks."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import data, style
from ..methods import prices, reported

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
    priced["blended"] = prices.blended(priced["usd_per_1m_input"], priced["usd_per_1m_output"], ratio=mix)
    priced["blended_1to1"] = prices.blended(priced["usd_per_1m_input"], priced["usd_per_1m_output"], ratio=1)
    return priced


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
    """The Pareto frontier of price against MMLU at each quarter end, 2023Q1 to 2025Q1: each
    distinct frontier once, older ones wider underneath so none hides another; the marker
    says each score's setting. Reasoning models stay out (their per-token price is not
    what their hidden reasoning costs)."""
    quarters = pd.date_range("2023-03-31", "2025-03-31", freq="QE")
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
        ["frontier", "model_id", "model_as_priced", "vendor", "price_date", "blended", "mmlu", "setting", "source_id"]
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


def cheapest_series(usable: pd.DataFrame, thresholds, months, column: str = "blended") -> pd.DataFrame:
    return pd.concat(
        [prices.cheapest_to_reach(usable.assign(blended=usable[column]), t, months) for t in thresholds],
        ignore_index=True,
    )


def decline_spreads(usable: pd.DataFrame, thresholds, mix: float, level: float) -> pd.DataFrame:
    """Every threshold's yearly decline under each choice of prices.FIT_CHOICES, in the main
    mix and 1:1. `headline` marks the first choice of each; `same_as` names a lower threshold
    whose fit used exactly the same prices (the price data start after both were reached)."""
    mixes = {f"{mix:g}:1": "blended", "1:1": "blended_1to1"}
    spread = pd.concat([prices.decline_spread(usable, t, mixes, level) for t in thresholds], ignore_index=True)
    first = {k: v[0] for k, v in prices.FIT_CHOICES.items()}
    spread["headline"] = np.logical_and.reduce([spread[k] == v for k, v in first.items()])
    keys = ["mix", *prices.FIT_CHOICES, "price_ids"]
    lowest = spread.groupby(keys)["threshold"].transform("min")
    spread["same_as"] = lowest.where(lowest < spread["threshold"])
    return spread


def headline_rate(spread: pd.DataFrame, threshold: float, mix: str) -> pd.Series:
    """The headline fit of one threshold and mix, with the range over all choices beside it."""
    g = spread[(spread["threshold"] == threshold) & (spread["mix"] == mix)]
    row = g[g["headline"]].iloc[0].copy()
    row["choices_low"], row["choices_high"] = g["factor_per_year"].min(), g["factor_per_year"].max()
    return row


def figure_decline_spread(spread: pd.DataFrame, mix: float, sources) -> dict:
    """Each threshold's yearly decline under every reasonable choice (grey), the headline fit
    with its interval (black), a16z's 10x for reference."""
    main = f"{mix:g}:1"
    thresholds = sorted(spread["threshold"].unique())
    fig, ax = style.new_figure(figsize=(8, 4.4))
    for y, t in enumerate(thresholds):
        g = spread[(spread["threshold"] == t) & spread["factor_per_year"].notna()]
        ax.scatter(g["factor_per_year"], np.full(len(g), y) + np.where(g["mix"] == main, 0.12, -0.12),
                   color="0.6", s=18, zorder=2, label="other choices" if y == 0 else None)
        h = g[g["headline"] & (g["mix"] == main)]
        for r in h.itertuples():
            lo, hi = r.ci_low, r.ci_high
            if np.isfinite(lo) and np.isfinite(hi):
                ax.plot([lo, hi], [y + 0.12] * 2, color="black", lw=2, zorder=3)
            ax.scatter([r.factor_per_year], [y + 0.12], color="black", s=40, zorder=4,
                       label=f"headline ({main}) and 95 % interval" if y == 0 else None)
    ax.axvline(1, color="0.3", lw=0.8)
    ax.axvline(10, color=style.PALETTE[3], ls="--", lw=1.2, label="a16z: 10x a year (MMLU ≥ 42, 1:1)")
    ax.set_xscale("log")
    style.plain_log_ticks(ax.xaxis, [0.1, 0.3, 1, 3, 10, 30, 100, 1000])
    labels = []
    for t in thresholds:
        same = spread[(spread["threshold"] == t) & spread["headline"] & (spread["mix"] == main)]["same_as"].iloc[0]
        labels.append(f"MMLU ≥ {t:g}" + (f"\n(same prices as ≥ {same:g})" if pd.notna(same) else ""))
    ax.set_yticks(range(len(thresholds)), labels)
    ax.set_ylim(-1.3, len(thresholds) - 0.6)  # room for the legend under the lowest level
    ax.set_xlabel("price falls by this factor per year (log; left of 1 = it rose)")
    ax.set_title("How fast the price of an MMLU level falls, under each reasonable choice")
    ax.legend(fontsize=8, loc="lower right")
    plotted = spread.drop(columns=["years"])
    return dict(
        fig=fig,
        data=plotted,
        sources=sources,
        title="Yearly fall of the cheapest price to reach MMLU levels, across fitting choices",
        caption=(
            "Log-linear fit of dated list prices against time for models at or above each MMLU level. "
            "Headline (black, with its t-interval): the prices that were the cheapest at the level when they "
            f"took effect, 5-shot scores only, snapshot rows kept, {main} blend. Grey: the other choices "
            "(every price rather than the new cheapest; any reported setting; snapshot rows dropped; upper "
            f"dot {main}, lower dot 1:1). Reasoning models are left out: a per-token price is not what their "
            "hidden reasoning costs a buyer."
        ),
    )


def figure_cheapest_by_threshold(series: pd.DataFrame, series_1to1: pd.DataFrame, mix: float, sources) -> dict:
    """The cheapest blended price to reach each MMLU threshold, month by month. Lower
    thresholds are drawn wider and dashed, so a line hidden by another stays visible."""
    fig, ax = style.new_figure(figsize=(8, 4.4))
    thresholds = sorted(series["threshold"].unique())
    for i, (t, g) in enumerate(series.groupby("threshold")):
        lowest = i == 0
        ax.step(
            g["date"],
            g["price"],
            where="post",
            label=f"MMLU ≥ {t}",
            lw=4 if lowest else 1.6,
            ls="--" if lowest else "-",
            alpha=0.6 if lowest else 1,
            zorder=1 if lowest else 2,
        )
    ax.set_yscale("log")
    style.plain_log_ticks(ax.yaxis, [0.03, 0.1, 0.3, 1, 3, 10, 30, 100])
    ax.set_ylabel(f"cheapest blended price ({mix:g}:1), USD per million tokens")
    ax.set_title("Cheapest price to reach an MMLU level")
    ax.legend(fontsize=8)
    plotted_rows = pd.concat([series.assign(mix=f"{mix:g}:1"), series_1to1.assign(mix="1:1")])
    base = series[series["threshold"] == thresholds[0]]["price"].to_numpy(dtype=float)
    same = [
        t
        for t in thresholds[1:]
        if np.allclose(series[series["threshold"] == t]["price"].to_numpy(dtype=float), base, equal_nan=True)
    ]
    note = (
        f" The MMLU ≥ {thresholds[0]} line (wide, dashed) coincides with ≥ {', '.join(map(str, same))}: "
        "the price data start in 2023, when the cheapest model already scored that high."
        if same
        else ""
    )
    return dict(
        fig=fig,
        data=plotted_rows,
        sources=sources,
        title="Cheapest API price to reach MMLU thresholds over time",
        caption=(
            f"For each month end, the cheapest blended price ({mix:g}:1 input:output; the CSV also has "
            "1:1) among models with MMLU at or above each threshold." + note
        ),
    )


def figure_price_cuts(cut_models: pd.DataFrame, mix: float) -> dict:
    """List prices of each model and vendor with more than one dated price."""
    fig, ax = style.new_figure(figsize=(7.5, 4))
    for (mid, vendor), g in cut_models.sort_values("price_date").groupby(["model_id", "vendor"]):
        ax.step(g["price_date"], g["blended"], where="post", marker="o", label=f"{mid} ({vendor})")
    ax.set_yscale("log")
    style.plain_log_ticks(ax.yaxis, [0.1, 0.3, 1, 3, 10, 30])
    ax.set_ylabel(f"blended price ({mix:g}:1), USD per million tokens")
    style.date_axis(ax.xaxis)
    ax.set_title("List-price cuts of the same model and vendor")
    ax.legend(fontsize=8)
    plotted_rows = cut_models[
        ["model_id", "vendor", "price_date", "event", "usd_per_1m_input", "usd_per_1m_output", "blended", "source_id"]
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
    return priced.dropna(subset=["price_date", "blended"]).groupby(["model_id", "vendor"]).filter(lambda g: len(g) > 1)


def _claim_id(model: str) -> str:
    return "t2-" + "".join(ch if ch.isalnum() else "-" for ch in model.lower()).strip("-").replace("--", "-")


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
