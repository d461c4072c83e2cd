"""Merge the reviewed price leads into data/prices/api_prices.csv (run once, 2026-11-28).

Staging rows (prices.csv) are taken where a developer's document or a labelled secondary
source gives the price; primary_check.csv replaces a staging row's source, confidence and
date wherever the developer's own document was read. Rows resting only on search-engine
pages are left out (listed in data/prices/README.md)."""

import csv
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parents[2]
PRICES = ROOT / "data/prices/api_prices.csv"

# fact_id -> (model_id, source_id for the staging row, event_as_reported)
KEEP = {
    "px001": ("o1", "epoch-llm-benchmark-efficiency", "launch of the o1-2024-12-17 snapshot"),
    "px002": ("o1-mini", "epoch-llm-benchmark-efficiency", "price cut on o3-mini's launch day"),
    "px003": ("o3-mini", "epoch-llm-benchmark-efficiency", "launch"),
    "px007": ("", "cohere-changelog-2024-08", "new snapshot (command-r-08-2024) with new pricing"),
    "px008": ("", "openai-gpt41-news", "launch"),
    "px009": ("gpt-4-1", "openai-gpt41-news", "launch"),
    "px010": ("", "openai-gpt41-news", "launch"),
    "px011": ("o3", "openai-pricing-page;openai-o3-o4-mini-news", "launch"),
    "px012": ("o4-mini", "openai-pricing-page;openai-o3-o4-mini-news", "launch"),
    "px013": ("o3", "openai-api-changelog;openai-pricing-page", "price cut announced with o3-pro"),
    "px014": ("gpt-5", "openai-gpt5-dev-news", "launch"),
    "px015": ("", "openai-gpt5-dev-news", "launch"),
    "px016": ("", "openai-gpt5-dev-news", "launch"),
    "px017": ("gpt-5-1", "openai-gpt51-dev-news", "launch (same price as GPT-5)"),
    "px018": ("gpt-5-2", "openai-gpt52-news", "launch"),
    "px019": ("", "openai-gpt54-model-page;simonw-llm-prices", "launch"),
    "px020": ("", "simonw-llm-prices", "launch"),
    "px021": ("claude-3-7-sonnet", "anthropic-claude37-news", "launch (same price as its predecessors)"),
    "px022": ("claude-sonnet-4", "anthropic-claude4-news", "launch"),
    "px023": ("claude-opus-4", "anthropic-claude4-news", "launch"),
    "px024": ("", "anthropic-opus41-news", "launch (same price as Opus 4)"),
    "px025": ("", "anthropic-trainium2-news", "price cut"),
    "px026": ("claude-sonnet-4-5", "anthropic-sonnet45-news", "launch"),
    "px027": ("", "anthropic-haiku45-news", "launch"),
    "px028": ("claude-opus-4-5", "anthropic-opus45-news", "launch"),
    "px030": ("", "google-vertex-gemini-20-flash", "general availability"),
    "px033": ("", "philschmid-gemini-25-flash", "preview launch"),
    "px036": ("gemini-3-pro", "google-gemini3-developers", "preview launch (prompts of 200k tokens or less)"),
    "px037": ("", "google-gemini3-flash", "launch"),
    "px038": ("deepseek-v3", "simonw-llm-prices", "promotional price at launch, until 2025-02-08"),
    "px039": ("", "deepseek-api-pricing", "new price list for deepseek-chat and deepseek-reasoner (V3.1)"),
    "px040": ("deepseek-v3-2-exp", "deepseek-news-v32-exp;deepseek-api-pricing", "price cut with the V3.2-Exp release"),
    "px041": ("", "simonw-llm-prices", "launch"),
    "px042": ("", "simonw-llm-prices", "launch"),
    "px043": ("mistral-large-2", "mistral-platform-docs", "price cut"),
    "px044": ("", "mistral-platform-docs", "launch"),
    "px045": ("", "mistral-platform-docs", "launch"),
    "px046": ("", "mistral-platform-docs", "launch"),
    "px047": ("", "mistral-platform-docs", "launch"),
    "px048": ("", "mistral-platform-docs", "launch"),
    "px049": ("", "mistral-platform-docs", "launch"),
    "px050": ("", "mistral-platform-docs", "launch"),
    "px051": ("", "mistral-platform-docs", "launch"),
    "px052": ("", "mistral-platform-docs", "launch"),
    "px053": ("", "mistral-platform-docs", "launch"),
    "px054": ("", "xai-docs-2024-12", "list price"),
    "px055": ("", "xai-docs-2024-12", "launch"),
    "px056": ("", "xai-docs-2025-06", "launch"),
    "px057": ("", "xai-docs-2025-06", "launch"),
    "px058": ("", "simonw-llm-prices", "launch"),
    "px059": ("", "xai-grok4-fast-news", "launch"),
}


def money(x):
    return "" if x in ("", None) else f"{float(x):.4f}".rstrip("0").rstrip(".") if float(x) < 0.1 else f"{float(x):.2f}"


def main():
    staging = {r["fact_id"]: r for r in csv.DictReader(open(HERE / "prices.csv"))}
    better = {r["fact_id"]: r for r in csv.DictReader(open(HERE / "primary_check.csv"))}
    rows = list(csv.DictReader(open(PRICES)))
    fields = list(rows[0])
    if any(r["price_id"] == "p43" for r in rows):
        raise SystemExit("already merged")
    n = len(rows)
    for fid, (model_id, source_id, as_reported) in KEEP.items():
        s, b = staging[fid], better.get(fid)
        use = b or s
        date = (b or {}).get("price_date") or s["price_date"]
        where = f"{use['source_title']} ({use['source_publisher']}, {use['source_published']}): {use['locator']}"
        notes = [f"sourcing lead {fid}"]
        if not date:
            notes.append("no source read gives the day this price took effect (an archive capture date is not used)")
        if b is None and s["primary"] != "yes":
            notes.append("secondary source")
        n += 1
        rows.append({
            "price_id": f"p{n:02d}", "model_as_priced": s["model_as_priced"], "model_id": model_id,
            "organisation": s["organisation"], "vendor": s["vendor"], "price_date": date,
            "event": s["event"], "event_as_reported": as_reported,
            "usd_per_1m_input": money(use["usd_per_1m_input"]), "usd_per_1m_output": money(use["usd_per_1m_output"]),
            "confidence": use["confidence"], "source_id": source_id, "citation": where, "notes": "; ".join(notes),
        })
    # fills for rows already in the book, from Epoch's later price table (commit bcb1f1c)
    epoch = "Epoch AI llm-benchmark-efficiency, data/API prices - full view.csv (commit bcb1f1c, 2025-03-13)"
    fills = {"p23": {"usd_per_1m_output": "0.25"}, "p39": {"usd_per_1m_output": "8.00"},
             "p40": {"usd_per_1m_output": "0.28"}, "p42": {"price_date": "2025-01-20", "event": "launch",
                                                          "event_as_reported": "launch",
                                                          "source_id": "deepseek-api-pricing;epoch-llm-benchmark-efficiency"},
             "p31": {"vendor": "Databricks"}, "p32": {"vendor": "OctoAI"}, "p33": {"vendor": "Lepton AI"}}
    for r in rows:
        if r["price_id"] in fills:
            r.update(fills[r["price_id"]])
            r["citation"] = f"{r['citation']}; filled from {epoch}"
            stale = [k for k, filled in (("output price not recorded", "usd_per_1m_output"),
                                         ("date known only", "price_date")) if filled in fills[r["price_id"]]]
            r["notes"] = "; ".join(x for x in r["notes"].split("; ") if x and not x.startswith(tuple(stale)))
    with open(PRICES, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


if __name__ == "__main__":
    main()
