"""The front page: the book-wide verdict tally and one sentence per chapter."""

from __future__ import annotations

import pandas as pd

from .. import claims
from .ledger import verdict_counts

SECTION_NAMES = {"1": "1 · open, light, on-device LLMs", "2": "2 · video generation", "3": "3 · speech",
                 "4": "4 · valuations", "summary": "summary and numbering"}


def tally_by_section(everything: pd.DataFrame) -> pd.DataFrame:
    """Verdicts by the report's top-level section, with totals."""
    counts = verdict_counts(everything)
    counts.index = [SECTION_NAMES.get(s, s) for s in counts.index]
    counts.loc["all"] = counts.sum()
    counts["total"] = counts[list(claims.VERDICTS)].sum(axis=1)
    return counts.rename_axis("report section")


def headlines(saved: list[dict], notebooks) -> str:
    """A bullet per chapter, in book order, linking to it."""
    by_chapter = {f["chapter"]: f["headline"] for f in saved}
    lines = [f"- {{doc}}`{nb.stem}`: {by_chapter[nb.stem]}" for nb in notebooks if nb.stem in by_chapter]
    return "\n".join(lines)
