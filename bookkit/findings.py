"""What a chapter finds, stated first: its verdict tally and the numbers that matter most.

A chapter computes its numbers where its analysis needs them and hands them here; this
module glues them (myst-nb's `glue`) so the chapter's opening section shows them with
`{glue:text}` and `{glue:md}`, never typed into prose, and saves them for the front page:

    findings.number("lag_2023", main.loc["2023", "mean_lag_months"])      # anywhere
    findings.close(ledger, headline=f"...")                               # last cell

`close` glues `tally` (the verdict counts, each linking to the chapter's rows in the
ledger) and writes `_build/findings/<chapter>.json` with the headline sentence, which the
front page collects.
"""

from __future__ import annotations

import json

from . import claims, paths


def findings_dir():
    return paths.output_root() / "_build" / "findings"


def _glue(name: str, value, display: bool = False) -> None:
    try:
        from myst_nb import glue
    except ImportError:  # outside a book build: nothing to glue into
        return
    glue(name, value, display=display)


class _Text(str):
    """A string whose plain-text display has no quotes, for `{glue:text}`."""

    def _repr_pretty_(self, p, cycle):
        p.text(str(self))


def number(name: str, value):
    """Glue one number (or short text) under `name`; returns it for further use. NumPy
    scalars become Python numbers, so `{glue:text}` can format them (`name:.1f`)."""
    if hasattr(value, "item") and getattr(value, "ndim", 1) == 0:
        value = value.item()
    if isinstance(value, str):
        value = _Text(value)
    _glue(name, value)
    return value


def numbers(**values) -> None:
    """Glue several values at once: `findings.numbers(lag_2023=..., lag_2024h1=...)`."""
    for name, value in values.items():
        number(name, value)


def anchor(chapter: str, verdict: str) -> str:
    """The id of the first ledger row of a chapter's verdicts of one kind."""
    return f"v-{chapter}-{verdict.replace(' ', '-')}"


def tally_markdown(chapter: str | None, counts, lead: str = "Of the report's statements this chapter checks") -> str:
    """"12 hold · 3 hold with a caveat · ..." with each count linking to the chapter's rows
    of that verdict in the ledger (raw links: the ledger marks its rows with these ids);
    no links when `chapter` is None."""
    words = {"holds": "hold", "holds with a caveat": "hold with a caveat", "wrong": "wrong",
             "inconsistent": "inconsistent", "unverifiable": "unverifiable"}
    parts = []
    for verdict in claims.VERDICTS:
        n = int(counts.get(verdict, 0))
        label = f"**{n}** {words[verdict]}"
        parts.append(f'<a href="ledger.html#{anchor(chapter, verdict)}">{label}</a>' if n and chapter else label)
    total = int(sum(int(counts.get(v, 0)) for v in claims.VERDICTS))
    return f"{lead} ({total}): " + " · ".join(parts) + "."


def close(ledger: "claims.Ledger", headline: str) -> dict:
    """Glue the chapter's verdict tally and save its headline for the front page."""
    from IPython.display import Markdown

    counts = ledger.summary()
    text = tally_markdown(ledger.chapter, counts)
    _glue("tally", Markdown(text))
    _glue("headline", headline)
    record = {"chapter": ledger.chapter, "headline": headline,
              "counts": {v: int(counts.get(v, 0)) for v in claims.VERDICTS}}
    out = findings_dir() / f"{ledger.chapter}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return record


def collect() -> list[dict]:
    """Every chapter's saved findings (logged as read: the front page re-executes when one
    changes)."""
    from .data import record_read

    files = sorted(findings_dir().glob("*.json"))
    record_read(*files)
    return [json.loads(f.read_text(encoding="utf-8")) for f in files]
