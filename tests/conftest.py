"""Shared fixtures: a scratch output root so tests never write into the working tree."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest


@pytest.fixture
def scratch_output(tmp_path, monkeypatch):
    """Redirect figures, claims and read logs of the code under test to a temp folder."""
    monkeypatch.setenv("BOOKKIT_OUTPUT", str(tmp_path / "out"))
    return tmp_path / "out"


@pytest.fixture
def table(tmp_path):
    """Write a CSV and a schema into a temp folder; returns a function(csv_text, schema_yaml)."""

    def make(csv_text: str | bytes, schema_yaml: str | None = None, name: str = "t") -> Path:
        csv_path = tmp_path / f"{name}.csv"
        if isinstance(csv_text, bytes):
            csv_path.write_bytes(csv_text)
        else:
            csv_path.write_text(textwrap.dedent(csv_text).lstrip("\n"), encoding="utf-8")
        (tmp_path / f"{name}.schema.yaml").write_text(textwrap.dedent(schema_yaml or SCHEMA),
                                                      encoding="utf-8")
        return csv_path

    return make


SCHEMA = """
    title: test table
    primary_key: [id]
    gap_note: notes
    fields:
      - {name: id, type: string, required: true}
      - {name: score, type: number, minimum: 0, maximum: 100}
      - {name: count, type: integer, minimum: 0}
      - {name: day, type: date}
      - {name: open, type: boolean}
      - {name: source_id, type: string, required: true, source_ids: true}
      - {name: notes, type: string}
"""


def registry(chapter: str, printed: dict[str, str], kind: str = "comparison"):
    """A statement registry for a test ledger: one row per claim id, printed as given."""
    import pandas as pd

    return pd.DataFrame([{"statement_id": sid, "chapter": chapter, "section": "1", "kind": kind, "quote_zh": "引文",
                          "gloss": f"gloss of {sid}", "printed": shown} for sid, shown in printed.items()])
