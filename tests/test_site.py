"""The built site (make test builds it first): pages, figures, and nothing remote."""

from __future__ import annotations

import json
import re

import pytest

from bookkit import build, paths

pytestmark = pytest.mark.skipif(not (paths.HTML / "index.html").exists(),
                                reason="no built site: run `make book` (make test does)")


def test_index_and_every_toc_page_exist():
    assert (paths.HTML / "index.html").exists()
    for doc in build.toc_files():
        assert (paths.HTML / f"{doc}.html").exists(), doc


def test_every_figure_has_png_svg_csv():
    metas = sorted(paths.figures_dir().glob("*/*.json"))
    assert metas, "the chapters saved no figures"
    for meta_path in metas:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        for name in meta["files"]:
            assert (meta_path.parent / name).stat().st_size > 0, name
        assert (paths.HTML / "_images" / f"{meta['slug']}.png").exists(), meta["slug"]


def test_figure_downloads_are_linked_from_their_chapter():
    for meta_path in paths.figures_dir().glob("*/*.json"):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        html = (paths.HTML / "chapters" / f"{meta['chapter']}.html").read_text(encoding="utf-8")
        for ext in ("png", "svg", "csv"):
            assert re.search(rf'href="[^"]*_downloads/[^"]*/{meta["slug"]}\.{ext}"', html), (meta["slug"], ext)
        assert f'id="{meta["label"]}"' in html


def test_no_remote_scripts_or_styles():
    remote = re.compile(r'<(script|link)[^>]+(src|href)="(https?:)?//', re.I)
    for page in paths.HTML.rglob("*.html"):
        hits = remote.findall(page.read_text(encoding="utf-8"))
        assert not hits, (page, hits)


def test_mathjax_is_served_locally():
    assert (paths.HTML / "_static" / "mathjax" / "tex-chtml.js").exists()
    html = (paths.HTML / "chapters" / "valuation.html").read_text(encoding="utf-8")
    assert "_static/mathjax/tex-chtml.js" in html


def test_every_verdict_comes_from_an_executed_notebook():
    from bookkit import claims, pipeline

    recorded = claims.collect()
    assert not recorded.empty
    for chapter, group in recorded.groupby("chapter"):
        notebook = build.chapter_notebooks_by_name()[chapter]
        executed = pipeline.executed_path(notebook)
        assert executed.exists(), f"claims of {chapter} without an executed notebook"
        assert not pipeline.decide(notebook).execute, f"{chapter}'s executed copy is out of date"
        text = executed.read_text(encoding="utf-8")
        missing = [c for c in group["claim_id"] if c not in text]
        assert not missing, f"{chapter}: claims not shown by its executed notebook: {missing}"


def test_the_ledger_shows_every_claim():
    from bookkit import claims

    html = (paths.HTML / "chapters" / "ledger.html").read_text(encoding="utf-8")
    missing = [c for c in claims.collect()["claim_id"] if c not in html]
    assert not missing, missing


def test_committed_speech_embeddings_equal_a_fresh_computation():
    import numpy as np
    import pandas as pd

    from bookkit import data, speech

    fresh_files = sorted((paths.BUILD / "cache" / "speech").glob("embeddings-*.csv"), key=lambda p: p.stat().st_mtime)
    committed = data.load("speech/embeddings")
    matching = [f for f in fresh_files if len(pd.read_csv(f)) == len(committed)]
    if not matching:
        pytest.skip("no full-size embeddings computed in this build (corpus unavailable or quick mode)")
    fresh = pd.read_csv(matching[-1]).set_index("utterance_id").loc[committed["utterance_id"]]
    assert (fresh["manifest_hash"] == committed["manifest_hash"].to_numpy()).all(), "the corpus changed"
    for column in speech.ENCODERS:
        diff = np.abs(speech.vectors(fresh, column) - speech.vectors(committed, column)).max()
        assert diff < 1e-4, f"{column}: embeddings differ from the committed ones by up to {diff}"


def test_committed_tts_panel_equals_a_fresh_computation():
    import numpy as np
    import pandas as pd

    from bookkit import data, speech

    fresh_file = paths.BUILD / "cache" / "speech" / "tts-panel.csv"
    if not fresh_file.exists():
        pytest.skip("the TTS panel was not computed in this build (flite, festival or PyPI unavailable)")
    committed = data.load("speech/tts_panel")
    fresh = pd.read_csv(fresh_file).set_index("clip_id").loc[committed["clip_id"]]
    assert np.allclose(fresh["f0_median_hz"], committed["f0_median_hz"])
    for column in speech.ENCODERS:
        diff = np.abs(speech.vectors(fresh, column) - speech.vectors(committed, column)).max()
        assert diff < 1e-4, f"{column}: TTS panel embeddings differ from the committed ones by up to {diff}"
