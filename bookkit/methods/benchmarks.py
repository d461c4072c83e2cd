"""Benchmark tables: who wins where (the report's Figure 2)."""

from __future__ import annotations

import pandas as pd


def wide(cells: pd.DataFrame) -> pd.DataFrame:
    """Long cells (benchmark, model, score) -> benchmarks x models, in printed order."""
    return cells.pivot_table(index="benchmark", columns="model", values="score", sort=False,
                             dropna=False).reindex(columns=list(dict.fromkeys(cells["model"])))


def wins(table: pd.DataFrame) -> pd.Series:
    """Benchmarks on which each model has the top score among those with a score (ties count)."""
    top = table.max(axis=1, skipna=True)
    return table.eq(top, axis=0).sum().astype(int)


def head_to_head(table: pd.DataFrame, a: str, b: str) -> dict:
    """Where both have a score: how often a beats, ties or trails b."""
    both = table[[a, b]].dropna()
    return {"compared": len(both), "wins": int((both[a] > both[b]).sum()),
            "ties": int((both[a] == both[b]).sum()), "losses": int((both[a] < both[b]).sum()),
            "lost_on": list(both.index[both[a] < both[b]])}
