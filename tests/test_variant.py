"""Rerunning a chapter with other parameters: typed, refused when unknown, kept apart from the book."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import pytest

from bookkit import paths
from bookkit.build import variant

VALUATION = paths.CHAPTERS / "valuation.md"


def test_values_take_the_type_of_the_default():
    assert variant.parse(paths.CHAPTERS / "lightweight.md", ["mix=1", "thresholds=[42,70]", "quick=true"]) == {
        "mix": 1, "thresholds": [42, 70], "quick": True}
    assert variant.parse(VALUATION, ["tolerance=1"]) == {"tolerance": 1.0}  # an int where a float is expected
    assert variant.parse(paths.CHAPTERS / "open-vs-closed.md", ["end_date=2025-06-30"]) == {"end_date": "2025-06-30"}


@pytest.mark.parametrize("pair, message", [("nope=1", "no parameter 'nope'"), ("tolerance=wide", "expected float"),
                                           ("tolerance", "name=value")])
def test_a_wrong_parameter_is_refused_with_the_reason(pair, message):
    with pytest.raises(ValueError, match=message):
        variant.parse(VALUATION, [pair])


def test_the_readme_lists_every_parameter_as_the_chapters_declare_them():
    readme = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    assert variant.readme_block() in readme, "run `python -m bookkit.build.variant --readme`"


def _digest(folder):
    h = hashlib.sha256()
    for f in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(str(f.relative_to(folder)).encode() + f.read_bytes())
    return h.hexdigest()


def test_a_variant_is_written_apart_and_leaves_the_book_as_it_was():
    if not (paths.HTML / "index.html").exists():
        pytest.skip("the book is not built")
    before = {d: _digest(d) for d in (paths.HTML, paths.figures_dir() / "valuation", paths.claims_dir())}
    proc = subprocess.run(["make", "--no-print-directory", "chapter", "NAME=valuation", "PARAMS=tolerance=0.35"],
                          cwd=paths.ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = variant.variant_dir("valuation", {"tolerance": 0.35})
    assert str(paths.relative_to_root(out)) in proc.stdout
    executed = (out / "valuation.ipynb").read_text(encoding="utf-8")
    assert "tolerance = 0.35" in executed  # papermill's injected cell
    meta = (out / "figures" / "valuation" / "forecast-against-results.json").read_text(encoding="utf-8")
    assert "±35%" in meta  # the caption states the margin the variant used
    assert {d: _digest(d) for d in before} == before
