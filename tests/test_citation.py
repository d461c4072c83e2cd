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
