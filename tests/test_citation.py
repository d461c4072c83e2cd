"""CITATION.cff is valid Citation File Format 1.2.0 and drives the figure citations."""

from __future__ import annotations

import re

import yaml

from bookkit import citation, paths


def test_citation_cff_has_required_keys():
    cff = yaml.safe_load(paths.CITATION.read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    for key in ("message", "title", "authors", "version", "date-released"):
        assert cff.get(key), key
    assert all("name" in a or {"family-names", "given-names"} <= set(a) for a in cff["authors"])
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(cff["date-released"]))


def test_book_metadata_comes_from_the_cff():
    meta = citation.book()
    cff = yaml.safe_load(paths.CITATION.read_text(encoding="utf-8"))
    assert meta.title == cff["title"] and meta.version == str(cff["version"])


def test_with_a_site_url_every_citation_names_the_figures_stable_address(monkeypatch):
    from bookkit import slides

    site = citation.BookMeta(title="T", authors="A", version="1", year="2026", url="https://example.org/book/")
    monkeypatch.setattr(citation, "book", lambda: site)
    address = "https://example.org/book/figures/valuation/pe-by-year.png"
    assert citation.figure_url("valuation", "pe-by-year") == address
    meta = {"chapter": "valuation", "slug": "pe-by-year", "number": 3, "title": "PE", "sources": ["gtja2024"]}
    assert slides.apa(meta).endswith(address) and slides.source_line(meta).endswith(address)
    monkeypatch.setattr(citation, "book", lambda: citation.BookMeta("T", "A", "1", "2026", None))
    assert citation.figure_url("valuation", "pe-by-year") is None  # no address until the site has one
