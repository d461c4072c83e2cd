"""The book's own citation metadata, read from CITATION.cff (the single source)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import yaml

from . import paths


@dataclass(frozen=True)
class BookMeta:
    title: str
    authors: str
    version: str
    year: str
    url: str | None


def _name(author: dict) -> str:
    if "name" in author:
        return author["name"]
    return f"{author['family-names']}, {author['given-names']}"


@lru_cache(maxsize=1)
def book() -> BookMeta:
    cff = yaml.safe_load(paths.CITATION.read_text(encoding="utf-8"))
    return BookMeta(
        title=cff["title"],
        authors=" & ".join(_name(a) for a in cff["authors"]),
        version=str(cff["version"]),
        year=str(cff["date-released"])[:4],
        url=cff.get("url"),
    )


def figure_url(chapter: str, slug: str, fmt: str = "png") -> str | None:
    """A figure's stable address on the published site (the build copies figures/ there), or
    None while CITATION.cff names no site URL."""
    url = book().url
    return f"{url.rstrip('/')}/figures/{chapter}/{slug}.{fmt}" if url else None
