"""The data page: every data file with its schema, sources and readers, and the source registry."""

from __future__ import annotations

import json

import pandas as pd

from .. import data, paths


def _esc(s) -> str:
    return str(s).replace("|", "\\|")


def readers() -> dict[str, list[str]]:
    """{data file: the chapters whose last run read it}, from the chapters' input records
    (logged as read, so the page re-lists when a chapter's reads change)."""
    records = sorted(paths.EXECUTED.glob("*.inputs.json"))
    data.record_read(*records)
    found: dict[str, list[str]] = {}
    for rec in records:
        for f in json.loads(rec.read_text(encoding="utf-8"))["reads"]:
            found.setdefault(f, []).append(rec.name.removesuffix(".inputs.json"))
    return found


def catalogue_markdown() -> str:
    """A Markdown table of every data file: what it is, rows, sources, licenses, readers."""
    registry = data.load_sources().set_index("source_id")
    used = readers()
    lines = ["| file | what | rows | sources | licenses | used by |", "|---|---|---|---|---|---|"]
    for path in data.catalogue():
        rel = paths.relative_to_root(path)
        frame = data.load_sources() if path == paths.SOURCES_CSV else data.load(path)
        schema = data.read_schema(data.schema_path(path))
        ids = data.cited(frame) if "source_id" in frame else []
        licenses = sorted({str(registry.loc[i, "license"]) for i in ids if pd.notna(registry.loc[i, "license"])})
        users = ", ".join(f"{{doc}}`{c}`" for c in sorted(set(used.get(rel, [])))) or "—"
        lines.append(f"| `{rel}` | {_esc(schema.title)} | {len(frame)} | {len(ids) if ids else '—'} | "
                     f"{_esc('; '.join(licenses) or 'see the folder README')} | {users} |")
    return "\n".join(lines)


def sources_markdown() -> str:
    """A Markdown table of the source registry."""
    registry = data.load_sources()
    lines = ["| id | title | by | published | where | license |", "|---|---|---|---|---|---|"]
    for r in registry.itertuples():
        where = f"<{r.url}>" if pd.notna(r.url) else _esc(r.document)
        lines.append(
            f"| `{r.source_id}` | {_esc(r.title)} | {_esc(r.authors if pd.notna(r.authors) else r.publisher)} | "
            f"{r.published if pd.notna(r.published) else ''} | {where} | "
            f"{_esc(r.license) if pd.notna(r.license) else ''} |"
        )
    return "\n".join(lines)
