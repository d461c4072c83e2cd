"""The claim ledger (appendix): the checks no chapter owns, and every verdict collected."""

from __future__ import annotations

import pandas as pd

from .. import claims, findings, style
from ..methods.reported import numbering_problems

GTJA = "gtja2024"


def check_names(ledger, names: pd.DataFrame) -> pd.DataFrame:
    """The report's spelling of model names against the makers' own."""
    for r in names.itertuples():
        ledger.check(f"name-{r.name_id}", holds=bool(r.printed == r.correct), reported=r.printed, computed=r.correct,
                     evidence=f"the maker's own name for it ({r.correct_source_id})", source=r.correct_source_id)
    return names[["name_id", "printed", "correct"]]


def check_numbering(ledger, captions: pd.DataFrame) -> pd.DataFrame:
    """Figure and table numbers printed twice or skipped."""
    problems = numbering_problems(captions)
    for p in problems:
        label = f"{'图' if p['kind'] == 'Figure' else '表'} {p['number']}"
        kind = p["kind"].lower()
        if p["problem"] == "printed twice":
            rows = captions[captions["position"].isin(p["positions"])]
            ledger.consistency(
                f"numbering-{kind}-{p['number']}-twice",
                values={f"§{s}": c for s, c in zip(rows["section"], rows["caption_zh"])},
                evidence="captions in printed order (data/report/captions.csv)",
                source=GTJA,
            )
        else:
            ledger.check(
                f"numbering-{kind}-{p['number']}-skipped",
                holds=False,
                reported=f"{p['kind']}s numbered in sequence",
                computed=f"no {kind} numbered {p['number']}",
                evidence="captions in printed order (data/report/captions.csv)",
                source=GTJA,
            )
    return pd.DataFrame(problems)


DATE_COLUMN = {"model": "release_date", "product": "release_date", "event": "date"}


def check_other_statements(ledger, other: pd.DataFrame, tables: dict) -> pd.DataFrame:
    """Dates and figures of the report's prose that no chapter owns, and the features its
    tables and sections 2.1 and 3 claim, against the model, product and event tables, the sourced
    figures and the sourced features ({"model": ..., "product": ..., "event": ...,
    "figure": ..., "feature": ...} indexed by id). One day off holds with a caveat: a United
    States announcement falls on the next day in Beijing. A forecast checked "by" a day holds
    when the event came on or before it; one with no deadline ("after" a day) holds once the
    event came after the day the report looks forward from. "Open" or "closed" is read against
    whether the product's weights were released. A figure or feature read in a source
    of less than high confidence holds only with a caveat that says so."""
    checked = []
    for r in other.itertuples():
        st = ledger.statement(r.statement_id)
        cid, printed = r.statement_id, st["printed"]
        if r.check == "unverifiable":
            c = ledger.unverifiable(cid, reason=r.reason, source=r.source_id)
        elif r.check == "feature":
            c = check_feature(ledger, cid, printed, tables["feature"].loc[r.reference])
        elif r.check == "product-open":
            row = tables["product"].loc[r.reference]
            got, weights = ("open", "weights released") if row["open_weights"] else ("closed", "no weights released")
            c = ledger.check(cid, holds=got == printed, computed=got, evidence=f"product table, {r.reference}: {weights}",
                             source=row["source_id"])
        elif r.check == "figure":
            row = tables["figure"].loc[r.reference]
            c = ledger.compare(cid, reported=float(printed), computed=float(row["value"]), tolerance=0,
                               caveat=_weak_source(row) or None,
                               evidence=f"{row['what']} ({row['citation']})", source=row["source_id"])
        else:
            which, precision = r.check.split("-")
            row = tables[which].loc[r.reference]
            where = f"{which} table, {r.reference}" + (f"; {r.note}" if pd.notna(r.note) and r.note else "")
            actual = row[DATE_COLUMN[which]]
            as_of = {"as_of": actual} if bool(st.get("forecast", False)) and pd.notna(actual) else {}
            weak = (f"the date rests on a low-confidence source ({row['citation']})"
                    if row.get("confidence") == "low" else None)
            if precision == "month":
                got = row["month"] if which == "event" else (actual.strftime("%Y-%m") if pd.notna(actual) else None)
                c = (ledger.check(cid, holds=got == printed, computed=got, evidence=where,
                                  caveat=weak, source=row["source_id"], **as_of) if got else
                     ledger.unverifiable(cid, reason=f"the {which} table has no date for {r.reference}",
                                         source=r.source_id))
            elif pd.isna(actual):
                c = ledger.unverifiable(
                    cid, reason=f"the {which} table has no day for {r.reference}", source=r.source_id
                )
            elif precision in ("by", "after"):
                day = pd.Timestamp(printed.removeprefix("after "))
                came = actual <= day if precision == "by" else actual > day
                c = ledger.check(cid, holds=bool(came), computed=actual.strftime("%Y-%m-%d"),
                                 caveat=weak, evidence=where, source=row["source_id"], **as_of)
            else:
                days = abs((actual - pd.Timestamp(printed)).days)
                c = ledger.check(
                    cid,
                    holds=days <= 1,
                    computed=actual.strftime("%Y-%m-%d"),
                    caveat="; ".join(c for c in ["one day apart: the time zone of the announcement" if days == 1 else "",
                                                 weak or ""] if c) or None,
                    evidence=where,
                    source=row["source_id"],
                    **as_of,
                )
        checked.append({"statement": r.statement_id, "verdict": c.verdict, "printed": printed, "found": c.computed})
    return pd.DataFrame(checked)


def _weak_source(row: pd.Series) -> str:
    """The caveat a figure or feature read in a source of less than high confidence carries."""
    return f"read in a {row['confidence']}-confidence source" if row["confidence"] != "high" else ""


def check_feature(ledger, cid: str, printed: str, row: pd.Series):
    """A feature the report claims against what a source shows of it: all of it holds
    (with a caveat when the source is not a high-confidence one), part of it holds with a
    caveat that says which part, the opposite is wrong, and nothing found is unverifiable
    with what was searched."""
    if row["found"] == "not found":
        return ledger.unverifiable(cid, reason=row["detail"], reported=printed, source=row["source_id"])
    caveat = "; ".join(c for c in [row["detail"] if row["found"] == "in part" else "", _weak_source(row)] if c) or None
    where = f" ({row['citation']})" if pd.notna(row["citation"]) else ""
    return ledger.check(cid, holds=row["found"] != "contradicted", computed=row["found"], reported=printed,
                        caveat=caveat, evidence=f"{row['detail']}{where}", source=row["source_id"])


def check_text_against_tables(ledger, stated: pd.Series, tiers: pd.DataFrame, t4: pd.DataFrame) -> pd.DataFrame:
    """Numbers the report states twice, in its text and in a table: the two must agree."""
    num = lambda v: f"{float(v):g}"  # noqa: E731
    tiers = tiers.dropna(subset=["credits_per_month"]).set_index("tier_en")
    made = [
        ledger.consistency(
            "text-vs-t6-credits-per-video",
            values={
                "text": num(stated["kling-credits-per-video"]),
                **{
                    f"Table 6 {t}: {num(r.credits_per_month)} credits / {num(r.videos_per_month_approx)} videos": num(
                        r.credits_per_month / r.videos_per_month_approx
                    )
                    for t, r in tiers.iterrows()
                },
            },
            evidence="data/report/statements.csv and table06_kling_tiers.csv",
            source=GTJA,
        )
    ]
    for tier, sid in [
        ("Gold", "kling-gold-standard-videos"),
        ("Platinum", "kling-platinum-standard-videos"),
        ("Diamond", "kling-diamond-standard-videos"),
    ]:
        made.append(
            ledger.consistency(
                f"text-vs-t6-videos-{tier.lower()}",
                values={"text": num(stated[sid]), "Table 6": num(tiers.loc[tier, "videos_per_month_approx"])},
                evidence="data/report/statements.csv and table06_kling_tiers.csv",
                source=GTJA,
            )
        )
    made.append(
        ledger.consistency(
            "text-vs-t4-luma-clip-s",
            values={"text": num(stated["luma-clip-s"]), "Table 4": num(t4.loc["Luma Dream Machine", "single_clip_s"])},
            evidence="data/report/statements.csv and tables03_04_video_products.csv",
            source=GTJA,
        )
    )
    return pd.DataFrame([c.__dict__ for c in made])[["claim_id", "verdict", "reported"]]


def every_verdict(ledger) -> pd.DataFrame:
    """The verdicts of every executed chapter and of this page's own checks."""
    return pd.concat([claims.collect(exclude=(ledger.chapter,)), ledger.records()], ignore_index=True)


def forecasts(everything: pd.DataFrame, registry: pd.DataFrame) -> pd.DataFrame:
    """The report's forward-looking statements with what happened: verdict, the date of the
    latest evidence it was judged on, and what the book found."""
    marked = set(registry.loc[registry["forecast"].astype(bool), "statement_id"])
    f = everything[everything["claim_id"].isin(marked)]
    return f[["claim_id", "quote_zh", "gloss", "verdict", "as_of", "computed", "evidence"]].rename(
        columns={"as_of": "evidence as of"}).reset_index(drop=True)


def book_order() -> list[str]:
    """The chapters' notebook names in the order of the table of contents."""
    from ..build.book import chapter_notebooks

    return [nb.stem for nb in chapter_notebooks()]


def with_top_section(everything: pd.DataFrame) -> pd.DataFrame:
    top = everything["section"].astype(str).str.split(r"[.,]").str[0].replace({"0": "summary"})
    return everything.assign(top_section=top)


def verdict_counts(everything: pd.DataFrame) -> pd.DataFrame:
    """Verdicts by the report's top-level section."""
    return (
        with_top_section(everything)
        .pivot_table(index="top_section", columns="verdict", values="claim_id", aggfunc="count", fill_value=0)
        .reindex(columns=list(claims.VERDICTS), fill_value=0)
    )


def figure_verdicts_by_section(everything: pd.DataFrame) -> dict:
    """Stacked bars of verdicts by report section."""
    counts = verdict_counts(everything)
    fig, ax = style.new_figure(figsize=(7.5, 3.8))
    bottom = None
    for verdict in claims.VERDICTS:
        ax.bar(counts.index, counts[verdict], bottom=bottom, color=style.VERDICT_COLOURS[verdict], label=verdict)
        bottom = counts[verdict] if bottom is None else bottom + counts[verdict]
    ax.set_xlabel("report section")
    ax.set_ylabel("claims checked")
    ax.set_title(f"{len(everything)} verdicts on the report, by section")
    ax.legend(fontsize=8)
    return dict(
        fig=fig,
        data=counts.reset_index(),
        sources=[GTJA],
        title="Verdicts on the report's statements by section",
        caption="Number of the report's statements the book checked, by section and verdict.",
    )


def chapter_sections(chapters) -> dict:
    """{chapter: {cell digest: (heading, anchor)}} for the chapters' sources, which are
    logged as read: a retitled section re-executes the ledger, whose links follow it."""
    from .. import data, paths
    from ..build import notebooks

    sources = {ch: notebooks.chapter_source(paths.ROOT, f"chapters/{ch}") for ch in chapters}
    data.record_read(*sources.values())
    return {ch: claims.cell_sections(nb) for ch, nb in sources.items()}


def verdict_table(everything: pd.DataFrame, chapter_order: list[str], sections: dict, this_page: str) -> str:
    """Every verdict as one Markdown table, grouped by chapter (book order) and verdict; the
    first row of each group carries the id a chapter's tally links to, and each row links to
    the chapter section whose cell computed it."""

    def link(chapter, cell):
        heading, anchor = sections[chapter].get(cell, ("", ""))
        if chapter == this_page:
            return f"[this page § {heading}](#{anchor})" if anchor else "this page"
        return f"[{chapter} § {heading}]({chapter}.ipynb#{anchor})" if anchor else f"{{doc}}`{chapter}`"

    esc = lambda s: str(s).replace("|", "\\|").replace("\n", " ")  # noqa: E731
    table = everything.assign(
        chapter_rank=everything["chapter"].map({c: i for i, c in enumerate(chapter_order)}),
        verdict_rank=everything["verdict"].map({v: i for i, v in enumerate(claims.VERDICTS)}),
    ).sort_values(["chapter_rank", "verdict_rank", "section", "claim_id"])
    rows = [
        "| chapter | verdict | § | claim (quoted) | gloss | reported | computed / evidence | checked in | id |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    seen = set()
    for r in table.itertuples():
        key = (r.chapter, r.verdict)
        mark = "" if key in seen else f'<span id="{findings.anchor(r.chapter, r.verdict)}"></span>'
        seen.add(key)
        rows.append(
            f"| {r.chapter} | {mark}**{r.verdict}** | {esc(r.section)} | {esc(r.quote_zh)} | {esc(r.gloss)} | "
            f"{esc(r.reported)} | {esc(r.computed)}{'; ' if r.computed else ''}{esc(r.evidence)} "
            f"({esc(r.source)}) | {link(r.chapter, r.cell)} | `{r.claim_id}` |"
        )
    return "\n".join(rows)
