"""Sora and its successors (report section 2): clip lengths, generation speed, the DiT token
budget and the VAE's compression, as figures and checks."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .. import data, style
from ..methods import reported, valuation, video

GTJA = "gtja2024"
PRODUCT_COLUMNS = ["product", "company", "release_date", "open_weights", "max_clip_s", "max_extended_s", "resolution",
                   "fps", "confidence"]


REPORT_DATE = reported.REPORT_DATE
ERAS = ("before Sora", "Sora to the report", "after the report")


def with_era(products: pd.DataFrame) -> pd.DataFrame:
    """Products with a sourced date and clip length, marked before Sora's preview, between it
    and the report, or after the report."""
    sora_day = products.set_index("product_id").loc["sora-preview", "release_date"]
    plot = products.dropna(subset=["release_date", "max_clip_s"]).copy()
    plot["era"] = np.select([plot["release_date"] < sora_day, plot["release_date"] <= REPORT_DATE],
                            ERAS[:2], ERAS[2])
    return plot


def figure_clip_timeline(plot: pd.DataFrame, sora_day, sora_max_s: float, sources) -> dict:
    """Longest clip of one generation by product date; marker fill shows the row's confidence."""
    fig, ax = style.new_figure(figsize=(8.5, 4.6))
    for is_open, colour, label in [(False, style.PALETTE[0], "closed"), (True, style.PALETTE[3], "open weights")]:
        for conf, face in [("high", colour), ("medium", colour), ("low", "white")]:
            g = plot[(plot["open_weights"] == is_open) & (plot["confidence"] == conf)]
            ax.scatter(g["release_date"], g["max_clip_s"], s=40 if conf != "medium" else 28, facecolors=face,
                       edgecolors=colour, alpha=1.0 if conf == "high" else 0.7,
                       label=f"{label} ({conf} confidence)" if len(g) else None)
    ax.axvline(sora_day, color="grey", ls="--", lw=0.8)
    ax.axvline(REPORT_DATE, color="grey", ls="-.", lw=0.8)
    ax.text(REPORT_DATE, 0.9, " report", transform=ax.get_xaxis_transform(), fontsize=8, color="grey", va="top")
    ax.axhline(sora_max_s, color="grey", ls=":", lw=0.8)
    ax.set_yscale("log")
    style.plain_log_ticks(ax.yaxis, [1, 2, 5, 10, 20, 60, 120])
    style.date_axis(ax.xaxis)
    ax.text(1, sora_max_s, f"Sora's preview: {sora_max_s:g} s ", transform=ax.get_yaxis_transform(), ha="right",
            va="bottom", fontsize=8, color="grey")
    style.label_points(ax, plot["release_date"], plot["max_clip_s"], [p.split(" (")[0] for p in plot["product"]])
    ax.set_ylabel("longest clip per generation (s, log)")
    years = f"{plot['release_date'].min().year}-{plot['release_date'].max().year}"
    ax.set_title(f"Video generation: longest single clip, {years}")
    ax.legend(fontsize=8, loc="upper left")  # 2023's upper half is empty
    return dict(
        fig=fig,
        data=plot,
        sources=sources,
        title=f"Longest single clip of video generation products, {years}",
        caption=(
            "Longest clip one generation makes, by product date (log scale); open-weights models in orange, "
            "closed products in blue; hollow markers are low-confidence rows. The dashed line is Sora's "
            f"preview (15 February 2024), the dash-dotted line the report's date ({REPORT_DATE.date()}), the "
            "dotted line Sora's 60 s. A product's date is the event its row names: an announcement, a launch, "
            "an open release, or the day its model reached the developer's API."
        ),
    )


def check_delivery(ledger, plot: pd.DataFrame, products: pd.DataFrame, prices: pd.DataFrame) -> pd.DataFrame:
    """The report's "capability reaches products faster" against what shipped after it: when
    Sora's preview became a public product, the longest single clip of the products launched
    since, and whether developers came to sell video by the second."""
    p = products.set_index("product_id")
    preview, public = p.loc["sora-preview", "release_date"], p.loc["sora-turbo", "release_date"]
    after = plot[plot["era"] == ERAS[2]].sort_values("max_clip_s", ascending=False)
    dated = prices.dropna(subset=["effective_date"])
    first_price = dated.sort_values("effective_date").iloc[0] if len(dated) else None
    shipped = bool(public <= pd.Timestamp("2024-12-31")) and first_price is not None
    longest = after.iloc[0]
    summary = after.groupby("open_weights")["max_clip_s"].agg(["count", "median", "max"])
    ledger.check(
        "video-delivery-accelerates",
        holds=shipped,
        computed=(f"Sora: preview {preview.date()}, public {public.date()} "
                  f"({(public - preview).days / 30.44:.0f} months); {len(after)} products after the report with a "
                  f"sourced clip, longest single clip {longest['max_clip_s']:g} s ({longest['product']}), median "
                  f"{after['max_clip_s'].median():g} s; per-second API prices: " +
                  ("none dated" if first_price is None else
                   f"from {first_price['effective_date'].date()} ({first_price['model_as_priced']}, "
                   f"USD {first_price['usd_per_video_s']:.2f} per second)")),
        caveat=("'accelerate' sets no measure, so the verdict rests on the previewed capability reaching paying "
                "users; single clips at launch did not grow past the 20 s of Sora's public launch; "
                f"{price_fall_sentence(price_floor(prices))}; and OpenAI shut the Sora 2 API down on 2026-09-24"),
        evidence=f"products.csv rows dated after {REPORT_DATE.date()} with a sourced clip length; api_prices.csv",
        source="; ".join(data.cited(after, prices, products[products["product_id"].isin(["sora-preview", "sora-turbo"])])),
        as_of=plot["release_date"].max(),
    )
    return summary


def price_floor(prices: pd.DataFrame) -> pd.DataFrame:
    """The cheapest dated list price per second of video on each day a new cheapest one took
    effect (any developer, model or resolution): a running minimum over the dated rows."""
    dated = prices.dropna(subset=["effective_date"]).sort_values(["effective_date", "usd_per_video_s"])
    cheapest_before = dated["usd_per_video_s"].cummin().shift(fill_value=np.inf)
    floor = dated[dated["usd_per_video_s"] < cheapest_before]
    return floor[["effective_date", "model_as_priced", "resolution", "usd_per_video_s", "confidence"]].reset_index(drop=True)


def price_fall_sentence(floor: pd.DataFrame) -> str:
    """How far the cheapest dated price per second fell, or why that cannot be said."""
    if len(floor) < 2:
        return "a fall in the price per second cannot be measured from fewer than two dated list prices"
    first, last = floor.iloc[0], floor.iloc[-1]
    months = (last["effective_date"] - first["effective_date"]).days / 30.44
    return (f"the cheapest dated list price per second fell from USD {first['usd_per_video_s']:.2f} "
            f"({first['model_as_priced']}, {first['effective_date'].date()}) to {last['usd_per_video_s']:.2f} "
            f"({last['model_as_priced']}, {last['resolution']}, {last['effective_date'].date()}), "
            f"{first['usd_per_video_s'] / last['usd_per_video_s']:.0f} times lower in {months:.0f} months, "
            "across models and resolutions rather than for one product")


def check_sora_era(ledger, plot: pd.DataFrame, products: pd.DataFrame, stated: pd.Series) -> pd.DataFrame:
    """Pre-Sora clip lengths, Sora's 60 s, and the 48 demo videos."""
    before = plot[plot["era"] == "before Sora"]
    ledger.check(
        "pre-sora-clips-3-4-s",
        holds=bool((before["max_clip_s"] <= stated["pre-sora-typical-clip-s"]).all()),
        computed=f"sourced pre-Sora clips: {', '.join(f'{p}: {s:g} s' for p, s in zip(before['product'], before['max_clip_s']))}",
        evidence="products.csv rows dated before 2024-02-15 with a sourced clip length",
        source=";".join(data.cited(before)),
    )
    extended = before.dropna(subset=["max_extended_s"])
    limit = stated["pre-sora-limit-s"]
    if extended.empty:
        ledger.unverifiable("pre-sora-limit-s", reason="no pre-Sora product has a sourced length after extensions",
                            source=GTJA)
    else:
        ledger.check(
            "pre-sora-limit-s",
            holds=bool((extended["max_extended_s"] <= limit).all()),
            computed="; ".join(f"{p}: {s:g} s" for p, s in zip(extended["product"], extended["max_extended_s"])),
            evidence=("longest video after extensions, products.csv rows dated before 2024-02-15 that source one "
                      f"(the others have none: {', '.join(before[before['max_extended_s'].isna()]['product'])})"),
            source=";".join(data.cited(extended)),
        )
    sora = products.set_index("product_id").loc["sora-preview"]
    ledger.compare(
        "sora-60-s",
        reported=stated["sora-max-clip-s"],
        computed=sora["max_clip_s"],
        tolerance=0,
        evidence=sora["citation"],
        source=sora["source_id"],
    )
    ledger.unverifiable(
        "sora-launch-longest-59-s",
        reason=("OpenAI gave only a cap ('videos of up to 60 seconds'), and no citable source gives any launch "
                "clip's length: one third-party note measures tokyo-walk.mp4 at 59.967 s, in a repository the "
                "search index does not name, and the other launch videos are unmeasured, so the 59 s cannot be checked"),
        source="openai-sora-tweet",
    )
    return plot.groupby(["era", "open_weights"])["max_clip_s"].agg(["count", "median", "max"])


# The products the report names in each of its June-July sentences: "product:" rows of
# products.csv, "event:" rows of the dated events (PixVerse V2 has no product row).
WAVE_NAMED = {
    "stmt-sora-wave-after-4-months": ["product:kling", "product:qingying", "product:runway-gen-3-alpha",
                                      "product:luma-dream-machine"],
    "stmt-june-july-video-teams": ["product:kling", "product:qingying", "event:pixverse-v2-launch",
                                   "product:vidu-2024-07", "product:luma-dream-machine", "product:runway-gen-3-alpha"],
}


def _named_days(names: list[str], products: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """The sourced day of each named product or event, with its source."""
    tables = {"product": products.set_index("product_id")[["product", "release_date", "source_id"]]
              .rename(columns={"product": "name", "release_date": "day"}),
              "event": events.set_index("event_id")[["subject", "date", "source_id"]]
              .rename(columns={"subject": "name", "date": "day"})}
    return pd.DataFrame([tables[kind].loc[key] for kind, key in (n.split(":") for n in names)])


def check_june_july_wave(ledger, products: pd.DataFrame, events: pd.DataFrame, sora_day) -> pd.DataFrame:
    """The report's "after more than four months, in June and July several teams delivered
    Sora-like products" and "several well-known teams launched AI video products in June and
    July": each holds when every product it names came out in June or July 2024; the first
    with a caveat naming those that came less than four calendar months after Sora's preview.
    Returns the named products with their days and the months since the preview."""
    june, july_end = pd.Timestamp("2024-06-01"), pd.Timestamp("2024-07-31")
    four_months = pd.Timestamp(sora_day) + pd.DateOffset(months=4)
    out = []
    for cid, names in WAVE_NAMED.items():
        days = _named_days(names, products, events)
        inside = days["day"].between(june, july_end)
        early = days[days["day"] < four_months]
        caveat = None
        if cid == "stmt-sora-wave-after-4-months" and len(early):
            caveat = (f"{' and '.join(early['name'])} came before {four_months.date()}, four months after Sora's "
                      "preview; the rest after")
        ledger.check(cid, holds=bool(inside.all()),
                     computed="; ".join(f"{r.name}: {r.day.date()}" for r in days.itertuples()),
                     caveat=caveat,
                     evidence=f"each named product's first public date (products.csv, dated_events.csv); Sora's preview {pd.Timestamp(sora_day).date()}",
                     source="; ".join(data.cited(days)))
        out.append(days.assign(claim=cid, months_after_sora=((days["day"] - pd.Timestamp(sora_day)).dt.days / 30.44).round(1)))
    return pd.concat(out)


def check_updates_since_june(ledger, products: pd.DataFrame, events: pd.DataFrame,
                             claim_id: str = "stmt-video-audio-updates-since-june") -> dict:
    """The summary's "AI in video, audio and other fields has updated frequently since June":
    the days from 1 June 2024 to the report's date on which a video product came out (products.csv) or a
    video or speech product was launched or updated (dated_events.csv). Frequent is fixed as
    more than one such day a week on average. Returns the days and the rate."""
    start, end = pd.Timestamp("2024-06-01"), REPORT_DATE
    vids = products[products["release_date"].between(start, end)][["product", "release_date", "source_id"]]
    evs = events[events["field"].isin(["video", "speech"]) & events["date"].between(start, end)]
    days = pd.concat([vids.set_axis(["name", "day", "source_id"], axis=1),
                      evs[["subject", "date", "source_id"]].set_axis(["name", "day", "source_id"], axis=1)])
    distinct = days["day"].drop_duplicates().sort_values()
    weeks = ((end - start).days + 1) / 7
    rate = len(distinct) / weeks
    ledger.check(claim_id, holds=bool(rate > 1),
                 computed=f"{len(distinct)} days with a video or speech launch or update in {weeks:.1f} weeks: {rate:.2f} a week",
                 evidence="products.csv (video) and dated_events.csv (fields video and speech), 2024-06-01 to the report's date",
                 source="; ".join(data.cited(days)))
    return {"days": days.sort_values("day"), "per_week": rate, "n_days": len(distinct)}


def check_sora_launch_count(ledger, clips: pd.DataFrame, stated: pd.Series) -> int:
    """The videos OpenAI showed at Sora's launch, counted as distinct files in a copy of the
    launch page's list, against the report's 48."""
    n = int(clips["file"].nunique())
    ledger.compare("sora-launch-48-videos", reported=stated["sora-demo-count"], computed=n, tolerance=0,
                   caveat="counted in a third party's copy of the launch page's list (2024-02-18); OpenAI's page "
                          "itself is not stored",
                   evidence=f"{n} distinct files under cdn.openai.com/sora/videos/ (data/video/sora_launch_clips.csv)",
                   source=";".join(data.cited(clips)))
    return n


MATCH = {
    "Runway Gen2": "runway-gen-2",
    "Pika 1.0": "pika-1-0",
    "Stable Video Diffusion (SVD)": "svd",
    "Emu Video": "emu-video",
    "Sora": "sora-preview",
    "Luma Dream Machine": "luma-dream-machine",
    "可灵": "kling",
    "Gen-3Alpha": "runway-gen-3-alpha",
    "清影": "qingying",
    "PixVerse V2": "pixverse-v2",  # no row yet: no source states its single-clip length
    "Vidu": "vidu-2024-07",
}

# Products of Tables 3 and 4 with no product row, and what was searched for them.
NOT_FOUND = {
    "pixverse-v2": ("no source of July 2024 states PixVerse V2's clip length: PixVerse's announcements, docs and "
                    "X posts of the time are not among the stored pages, the AINews archive or GitHub; the nearest "
                    "is a 2025 paper that generated 5-s PixVerse V2 clips, the length it chose, and later PixVerse "
                    "models offer 5 or 8 s"),
}


def check_report_durations(ledger, report_tables: pd.DataFrame, products: pd.DataFrame) -> pd.DataFrame:
    """Each clip length of Tables 3 and 4 against the product table."""
    by_id = products.set_index("product_id")
    rows = []
    for r in report_tables.itertuples():
        pid = MATCH[r.product]
        src = by_id.loc[pid] if pid in by_id.index else None
        sourced = None if src is None or pd.isna(src["max_clip_s"]) else float(src["max_clip_s"])
        rows.append(
            {
                "product": r.product,
                "table": r.report_ref,
                "report single clip (s)": r.single_clip_s,
                "sourced single clip (s)": sourced,
                "sourced confidence": None if src is None else src["confidence"],
            }
        )
        cid = f"t34-clip-{pid}"
        if sourced is None:
            ledger.unverifiable(
                cid,
                reported=f"{r.single_clip_s:g}",
                reason=NOT_FOUND.get(pid, "no sourced clip length for this product in data/video/products.csv"),
                source=GTJA,
            )
        else:
            ledger.compare(
                cid,
                reported=r.single_clip_s,
                computed=sourced,
                tolerance=0,
                caveat=("the source is of low confidence" if src["confidence"] == "low" else None),
                evidence=f"{src['product']}: {src['clip_basis'] or src['citation']}",
                source=src["source_id"],
            )
    return pd.DataFrame(rows)


OPEN_TIMED = {
    "cogvideox-2b": ("~90 s on one A100", 90),
    "cogvideox-5b": ("~180 s on one A100", 180),
    "hunyuanvideo": ("1904 s on one GPU, 129 frames at 720p", 1904),
}


def _frames_stated(basis) -> float:
    """The frame count a clip basis states ("49 frames at 8 fps"), else NaN."""
    m = re.search(r"(\d+) frames", basis) if isinstance(basis, str) else None
    return float(m.group(1)) if m else np.nan


def speed_table(stated: pd.Series, products: pd.DataFrame) -> pd.DataFrame:
    """The report's three speeds and the open models' published timings, as seconds of
    generation per second of video and per megapixel-frame, each with its basis. A frame
    count or resolution no source states stays NaN, and so does the normalised speed."""
    by_id = products.set_index("product_id")
    gen3 = by_id.loc["runway-gen-3-alpha"]
    luma_clip = stated["luma-clip-s"]
    speed = [
        {
            "product": "Qingying (report)",
            "video_s": stated["qingying-video-s"],
            "compute_s": stated["qingying-compute-s"],
            "frames": np.nan,
            "resolution": "1440x960",
            "basis": "report §2.4: 6 s of video in 30 s; 1440x960 per Table 4; frame rate not stated",
            "source_id": GTJA,
        },
        *[
            {
                "product": f"Gen-3 Alpha (report, {case})",
                "video_s": stated[f"gen3-video-s-{v}"],
                "compute_s": stated[f"gen3-compute-s-{c}"],
                "frames": stated[f"gen3-video-s-{v}"] * gen3["fps"],
                "resolution": gen3["resolution"],
                "basis": (f"report Figure 20: {stated[f'gen3-video-s-{v}']:g} s of video in "
                          f"{stated[f'gen3-compute-s-{c}']:g} s; {gen3['resolution']} at {gen3['fps']:g} fps "
                          "per the products table"),
                "source_id": f"{GTJA};{gen3['source_id']}",
            }
            for case, v, c in [("best case", "max", "min"), ("worst case", "min", "max")]
        ],
        {
            "product": "Luma Dream Machine (report)",
            "video_s": luma_clip,
            "compute_s": stated["luma-compute-s"],
            "frames": stated["luma-frames"],
            "resolution": None,
            "basis": (
                f"report §2.6: {stated['luma-frames']:g} frames in {stated['luma-compute-s']:g} s, taken as one "
                f"{luma_clip:g}-s clip (that is {stated['luma-frames'] / luma_clip:g} fps; the launch fps is not "
                "sourced); resolution not stated"
            ),
            "source_id": GTJA,
        },
    ]
    for pid, (basis, secs) in OPEN_TIMED.items():
        p = by_id.loc[pid]
        speed.append(
            {
                "product": f"{p['product']} (README)",
                "video_s": p["max_clip_s"],
                "compute_s": secs,
                "frames": _frames_stated(p["clip_basis"]),
                "resolution": p["resolution"],
                "basis": f"{basis}; {p['clip_basis']}",
                "source_id": p["source_id"],
            }
        )
    speed = pd.DataFrame(speed)
    speed["compute_per_video_s"] = [
        video.compute_per_video_second(v, c) for v, c in zip(speed["video_s"], speed["compute_s"])
    ]
    speed["compute_per_mp_frame"] = [
        video.compute_per_megapixel_frame(c, f, video.pixels(r) or np.nan)
        for c, f, r in zip(speed["compute_s"], speed["frames"], speed["resolution"])
    ]
    return speed


def figure_generation_speed(speed: pd.DataFrame) -> dict:
    """Two speeds side by side as points on log axes: per second of video, and per megapixel-
    frame, which removes what frame rate and resolution do to the first."""
    fig, axes = style.new_figure(ncols=2, figsize=(10, 4.2), sharey=True)
    claimed = speed["product"].str.contains("(report", regex=False)
    colours = np.where(claimed, style.PALETTE[1], style.PALETTE[2])
    y = np.arange(len(speed))
    panels = [
        ("compute_per_video_s", "s of generation per s of video\n(log; 1 = real time)", [1, 3, 10, 30, 100, 300]),
        ("compute_per_mp_frame", "s of generation per megapixel-frame\n(log)", [0.1, 0.3, 1, 3, 10, 30]),
    ]
    for ax, (column, label, ticks) in zip(axes, panels):
        values = speed[column].to_numpy(dtype=float)
        known = np.isfinite(values)
        ax.scatter(values[known], y[known], c=colours[known], s=60, zorder=3, edgecolor="black", linewidth=0.5)
        ax.set_xscale("log")
        lo, hi = np.nanmin(values) / 2, np.nanmax(values) * 2
        ax.set_xlim(lo, hi)
        style.plain_log_ticks(ax.xaxis, [t for t in ticks if lo <= t <= hi])
        for yi in y[~known]:
            ax.text(np.sqrt(lo * hi), yi, "not stated", ha="center", va="center", fontsize=9, color="0.4")
        ax.set_xlabel(label)
        ax.grid(axis="y", color="0.9")
    axes[0].axvline(1, color="grey", lw=0.8)
    axes[0].set_yticks(y, speed["product"])
    axes[0].invert_yaxis()
    axes[0].scatter([], [], color=style.PALETTE[1], label="quoted in the report")
    axes[0].scatter([], [], color=style.PALETTE[2], label="open model's README, one GPU")
    axes[0].legend(fontsize=8, loc="upper right")
    fig.suptitle("Video generation speed as claimed and as published for open models")
    return dict(
        fig=fig,
        data=speed,
        sources=data.cited(speed),
        title="Seconds of compute per second of video and per megapixel-frame",
        caption=(
            "Left: generation time divided by video length. Right: generation time per million output pixels "
            "(frames x width x height), which removes the advantage of 8-fps or 480p output. Orange: speeds "
            "quoted in the report (hardware not stated); green: single-GPU timings published in the open "
            "models' READMEs (50 sampling steps). 'Not stated': no source gives the frame count or resolution."
        ),
    )


SPEED_CLAIMS = {"qingying": "qingying-6-s-in-30-s", "gen3": "gen3-5-10-s-in-60-90-s", "luma": "luma-120-frames-in-120-s"}


def check_speeds(ledger, speed: pd.DataFrame, statements: pd.DataFrame, sourced: pd.DataFrame) -> pd.DataFrame:
    """The report's three speeds against what each maker stated for the same output, read in
    sources other than the report (`data/video/stated_speeds.csv`; `methods.video.speed_claim`).
    A statement read only at second hand holds at most with a caveat that says so."""
    stated = statements["value"]
    claims = [
        ("qingying", SPEED_CLAIMS["qingying"], "video_s", [stated["qingying-video-s"]],
         (stated["qingying-compute-s"], stated["qingying-compute-s"]),
         f"{stated['qingying-video-s']:g} s of video in {stated['qingying-compute-s']:g} s"),
        ("runway-gen-3-alpha", SPEED_CLAIMS["gen3"], "video_s",
         [stated["gen3-video-s-min"], stated["gen3-video-s-max"]],
         (stated["gen3-compute-s-min"], stated["gen3-compute-s-max"]),
         f"{stated['gen3-video-s-min']:g}-{stated['gen3-video-s-max']:g} s of video in "
         f"{stated['gen3-compute-s-min']:g}-{stated['gen3-compute-s-max']:g} s"),
        ("luma-dream-machine", SPEED_CLAIMS["luma"], "frames", [stated["luma-frames"]],
         (stated["luma-compute-s"], stated["luma-compute-s"]),
         f"{stated['luma-frames']:g} frames in {stated['luma-compute-s']:g} s"),
    ]
    for pid, claim_id, output, amounts, (low, high), said in claims:
        rows = sourced[(sourced["product_id"] == pid) & sourced[output].isin(amounts)]
        if rows.empty:
            ledger.unverifiable(claim_id, reported=said, source=GTJA,
                                reason=f"no source other than the report states this product's speed for {said.split(' in ')[0]}")
            continue
        holds, note = video.speed_claim(low, high, rows["compute_s"])
        unit = "frames" if output == "frames" else "s of video"
        computed = "; ".join(f"{getattr(r, output):g} {unit} in {r.compute_s:g} s ({r.who_states})" for r in rows.itertuples())
        second_hand = rows["confidence"].ne("high").any()
        caveat = "; ".join(c for c in [note, "read only at second hand (press or a blog), not on the maker's own page"
                                       if second_hand else ""] if c) or None
        ledger.check(claim_id, holds=holds, computed=computed, reported=said, caveat=caveat,
                     source=";".join(dict.fromkeys(rows["source_id"])),
                     evidence=f"data/video/stated_speeds.csv: {', '.join(rows['speed_id'])}")
    return speed[["product", "video_s", "compute_s", "compute_per_video_s", "frames", "resolution", "compute_per_mp_frame",
                  "basis"]]


DURATIONS = [2, 4, 6, 10, 20, 30, 60]
RESOLUTIONS = {"480x720": (480, 720), "720p": (720, 1280), "1080p": (1080, 1920)}


def token_budget(vaes: dict, fps: float = 24.0) -> pd.DataFrame:
    """DiT tokens of clips of each length and resolution through each VAE, at one frame
    rate for all (so rows compare), and the cost of one full-attention layer against a
    6-s 480x720 clip through CogVideoX-5B."""
    rows = [
        {"model": name, "resolution": res, "seconds": T, "fps": fps, "tokens": video.tokens(T, h, w, fps, vae)}
        for name, vae in vaes.items()
        for res, (h, w) in RESOLUTIONS.items()
        if not (h % vae.spatial_factor or w % vae.spatial_factor)
        for T in DURATIONS
    ]
    budget = pd.DataFrame(rows)
    base = budget[(budget["model"] == "CogVideoX-5B") & (budget["resolution"] == "480x720") & (budget["seconds"] == 6)][
        "tokens"
    ].iloc[0]
    budget["attention_cost_vs_6s_480p"] = (budget["tokens"] / base) ** 2
    return budget


def figure_token_budget(budget: pd.DataFrame) -> dict:
    cb = budget[budget["model"] == "CogVideoX-5B"]
    fig, ax = style.new_figure(figsize=(7.5, 4.2))
    for res, g in cb.groupby("resolution", sort=False):
        ax.plot(g["seconds"], g["tokens"], marker="o", label=f"{res}, 24 fps")
    ax.set_xscale("log")
    ax.set_yscale("log")
    style.plain_log_ticks(ax.xaxis, DURATIONS)
    ax.set_xlabel("clip length (s, log)")
    ax.set_ylabel("DiT tokens (log)")
    ax.set_title("Latent tokens of a clip through CogVideoX's VAE (4x, 8x8, 2x2 patches)")
    ax.legend(fontsize=8)
    return dict(
        fig=fig,
        data=budget,
        sources=["cogvideo-repo", "diffusers-cogvideox", "hunyuanvideo-repo", "wan-repo"],
        title="DiT tokens against clip length and resolution",
        caption=(
            "Tokens a diffusion transformer attends over for a clip, through a causal VAE with 4x temporal "
            "and 8x8 spatial compression and 2x2 patches (CogVideoX, HunyuanVideo and Wan 2.1 share these "
            "factors), at 24 fps."
        ),
    )


def check_vae_share(ledger, cog, stated: pd.Series) -> pd.DataFrame:
    """Table 7's '2 %': CogVideoX's latent against its input, in values and in bytes."""
    share = video.kept_fraction(cog)
    share_bytes = {b: video.kept_fraction_bytes(cog, latent_bytes=b) for b in (2, 4)}
    ledger.compare(
        "cogvideox-vae-2-percent",
        reported=stated["cogvideox-vae-share-pct"],
        computed=share * 100,
        tolerance=0.5,
        caveat=(
            f"in values; in bytes the latent is {share_bytes[2]:.1%} of 8-bit video at 16-bit precision "
            f"and {share_bytes[4]:.1%} at 32-bit"
        ),
        evidence=f"{cog.latent_channels} / (3 x {cog.temporal_factor} x {cog.spatial_factor}^2)",
        source="cogvideo-repo; diffusers-cogvideox",
    )
    return pd.DataFrame(
        {
            "measure": ["values", "bytes, 16-bit latent", "bytes, 32-bit latent"],
            "share of the input": [share, share_bytes[2], share_bytes[4]],
        }
    )


def check_kling(ledger, stated: pd.Series, kling: pd.Series) -> pd.DataFrame:
    """Kling's longest video (text against Table 5), frame rate, clip length, and the
    extensions it takes to reach each longest video."""
    ledger.consistency(
        "kling-longest-video",
        values={
            "§2.3 text": f"{stated['kling-longest-video-text-s']:g} s",
            "Table 5": f"{stated['kling-longest-video-table5-s']:g} s",
        },
        evidence="the two statements of the report",
        source=GTJA,
    )
    ledger.compare(
        "kling-30-fps",
        reported=stated["kling-fps"],
        computed=kling["fps"],
        tolerance=0,
        evidence=kling["citation"],
        source=kling["source_id"],
    )
    ledger.compare(
        "kling-10-s-t2v",
        reported=stated["kling-t2v-clip-s"],
        computed=kling["max_clip_s"],
        tolerance=0,
        evidence=kling["clip_basis"],
        source=kling["source_id"],
    )
    step = stated["kling-extension-step-s"]
    return pd.DataFrame(
        [
            {
                "first clip (s)": first,
                "target (s)": target,
                "extensions of 4.5 s": video.extensions_needed(target, first, step),
                "length reached (s)": first + video.extensions_needed(target, first, step) * step,
            }
            for first in (stated["kling-i2v-clip-s"], stated["kling-t2v-clip-s"])
            for target in (stated["kling-longest-video-table5-s"], stated["kling-longest-video-text-s"])
        ]
    )


def token_findings(budget: pd.DataFrame) -> dict:
    """A 60-s 1080p clip against a 6-s 480x720 one through CogVideoX-5B's VAE."""
    cb = budget[budget["model"] == "CogVideoX-5B"].set_index(["seconds", "resolution"])
    return {
        "tokens_60s": int(cb.loc[(60, "1080p"), "tokens"]),
        "tokens_6s": int(cb.loc[(6, "480x720"), "tokens"]),
        "attention_ratio": float(cb.loc[(60, "1080p"), "attention_cost_vs_6s_480p"]),
    }


def extensions_to(ext: pd.DataFrame, first_s: float, target_s: float) -> int:
    """How many extensions take a first clip of first_s seconds to target_s seconds."""
    row = ext[(ext["first clip (s)"] == first_s) & (ext["target (s)"] == target_s)]
    return int(row["extensions of 4.5 s"].iloc[0])


def kling_price_per_second(tiers: pd.DataFrame, stated: pd.Series) -> pd.DataFrame:
    """Each tier's price per video and per second of video, for the image-to-video clip (5 s)
    and the longest text-to-video clip (10 s), which bound the length a video buys."""
    kling = valuation.kling_tiers(tiers, credits_per_video=stated["kling-credits-per-video"])
    for clip in (stated["kling-i2v-clip-s"], stated["kling-t2v-clip-s"]):
        kling[f"yuan_per_video_second_{clip:g}s"] = kling["yuan_per_video"] / clip
    return kling


def n_priced(products: pd.DataFrame) -> int:
    """Products whose row gives a price (in yuan or dollars)."""
    return int(products["generation_time_as_reported"].str.contains("¥|yuan|\\$", regex=True, na=False).sum())
