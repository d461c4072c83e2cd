"""The built site (make test builds it first): pages, figures, and nothing remote."""

from __future__ import annotations

import json
import re

import pytest

from bookkit.build import book
from bookkit import paths

pytestmark = pytest.mark.skipif(not (paths.HTML / "index.html").exists(),
                                reason="no built site: run `make book` (make test does)")


def test_index_and_every_toc_page_exist():
    assert (paths.HTML / "index.html").exists()
    for doc in book.toc_files():
        assert (paths.HTML / f"{doc}.html").exists(), doc


def test_every_figure_has_png_svg_csv():
    metas = sorted(paths.figures_dir().glob("*/*.json"))
    assert metas, "the chapters saved no figures"
    for meta_path in metas:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        for name in meta["files"] + meta["zh"]["files"]:
            assert (meta_path.parent / name).stat().st_size > 0, name
        assert (paths.HTML / "_images" / f"{meta['slug']}.png").exists(), meta["slug"]


def test_every_figure_is_published_at_its_stable_address():
    """<site>/figures/<chapter>/<slug>.<ext>: the path citations and slides name."""
    for meta_path in paths.figures_dir().glob("*/*.json"):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        for name in [f"{meta['slug']}.{ext}" for ext in ("png", "svg", "csv", "pptx", "zh.png", "zh.svg", "zh.pptx")]:
            published = paths.HTML / "figures" / meta["chapter"] / name
            assert published.read_bytes() == (meta_path.parent / name).read_bytes(), published


def test_figure_downloads_are_linked_from_their_chapter():
    for meta_path in paths.figures_dir().glob("*/*.json"):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        html = (paths.HTML / "chapters" / f"{meta['chapter']}.html").read_text(encoding="utf-8")
        for ext in ("png", "svg", "csv", "pptx", "zh.png", "zh.svg", "zh.pptx"):
            assert re.search(rf'href="[^"]*_downloads/[^"]*/{meta["slug"]}\.{ext}"', html), (meta["slug"], ext)
        assert f'id="{meta["label"]}"' in html


def test_the_book_deck_has_every_figure_once_in_book_order():
    from pptx import Presentation

    from bookkit import slides

    metas = [json.loads(p.read_text(encoding="utf-8")) for p in paths.figures_dir().glob("*/*.json")]
    deck = Presentation(slides.book_deck())
    titles = [next(sh.text for sh in s.shapes if sh.has_text_frame) for s in deck.slides]
    assert sorted(titles) == sorted(m["title"] for m in metas)
    numbers = [int(re.search(r"figure (\d+) of", [sh.text for sh in s.shapes if sh.has_text_frame][1]).group(1))
               for s in deck.slides]
    assert numbers == list(range(1, len(metas) + 1))
    for s in deck.slides:
        assert sum(sh.shape_type == 13 for sh in s.shapes) == 1  # the picture
        assert [sh.text for sh in s.shapes if sh.has_text_frame][1].startswith("Source: ")
        notes = s.notes_slide.notes_text_frame.text
        assert "[Figure " in notes and "Sources:" in notes  # the full citation
    html = (paths.HTML / "chapters" / "valuation.html").read_text(encoding="utf-8")
    assert re.search(r'href="[^"]*_downloads/[^"]*/slides\.pptx"', html), "the chapter links its deck"
    assert re.search(r'href="[^"]*_downloads/[^"]*/slides\.zh\.pptx"', html), "the chapter links its Chinese deck"


def test_the_chinese_book_deck_has_every_figure_in_chinese_in_book_order():
    from pptx import Presentation

    from bookkit import slides

    metas = [json.loads(p.read_text(encoding="utf-8")) for p in paths.figures_dir().glob("*/*.json")]
    deck = Presentation(slides.book_deck("zh"))
    texts = [[sh.text for sh in s.shapes if sh.has_text_frame] for s in deck.slides]
    assert sorted(t[0] for t in texts) == sorted(m["zh"]["title"] for m in metas)
    assert [int(re.search(r" 图 (\d+)", t[1]).group(1)) for t in texts] == list(range(1, len(metas) + 1))
    assert all(t[1].startswith("来源：") for t in texts)
    for s in deck.slides:
        assert sum(sh.shape_type == 13 for sh in s.shapes) == 1  # the picture
        notes = s.notes_slide.notes_text_frame.text
        assert "[Figure " in notes and "来源：" in notes


def test_every_chinese_figure_is_drawn_in_chinese_with_nothing_left_in_english():
    """Each figure's Chinese drawing has Chinese text, a Chinese title and caption, no drawn
    text the catalog left in English (bookkit/zh/strings/<chapter>.yaml), and reads at its
    size. A glyph missing from every font stops the build, so none is drawn as a box."""
    problems = {}
    for meta_path in sorted(paths.figures_dir().glob("*/*.json")):
        zh = json.loads(meta_path.read_text(encoding="utf-8"))["zh"]
        found = {k: v for k, v in [("untranslated", zh["untranslated"]), ("no Chinese drawn", zh["drawn_cjk"] == 0),
                                   ("overlaps", zh["legibility"]["overlaps"]), ("small", zh["legibility"]["small"])] if v}
        if found:
            problems[meta_path.stem] = found
    assert not problems, problems


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
    from bookkit import claims
    from bookkit.build import pipeline

    recorded = claims.collect()
    assert not recorded.empty
    for chapter, group in recorded.groupby("chapter"):
        notebook = book.chapter_notebooks_by_name()[chapter]
        executed = pipeline.executed_path(notebook)
        assert executed.exists(), f"claims of {chapter} without an executed notebook"
        assert not pipeline.decide(notebook).execute, f"{chapter}'s executed copy is out of date"
        text = executed.read_text(encoding="utf-8")
        missing = [c for c in group["claim_id"] if c not in text]
        assert not missing, f"{chapter}: claims not shown by its executed notebook: {missing}"


def test_every_registered_statement_is_judged_by_its_chapter():
    """The registry and the ledger list the same statements: each row with a chapter was checked
    by that chapter (or marked unverifiable with its reason), each number without one is covered
    by the claim it names, and no chapter judged a statement the registry lacks."""
    from bookkit import claims, data

    registry = data.load(claims.REGISTRY)
    recorded = claims.collect().set_index("claim_id")
    judged = registry.dropna(subset=["chapter"]).set_index("statement_id")
    missing = [f"{sid} ({ch})" for sid, ch in judged["chapter"].items()
               if sid not in recorded.index or recorded.loc[sid, "chapter"] != ch]
    assert not missing, f"registered but not judged by their chapter: {missing}"
    assert not set(recorded.index) - set(judged.index)
    numbers = registry[registry["chapter"].isna()]
    assert numbers["judged_by"].notna().all() and numbers["judged_by"].isin(recorded.index).all()
    unverifiable = recorded[recorded["verdict"] == "unverifiable"]
    assert (unverifiable["evidence"].str.strip().str.len() > 0).all()
    forecasts = registry.loc[registry["forecast"].astype(bool), "statement_id"]
    assert len(forecasts) and recorded.loc[forecasts, "as_of"].notna().all(), "a forecast's claim lacks its date"


def test_unverifiable_verdicts_stay_a_small_share_of_the_ledger():
    """The ledger's bar (issue 14): at most a tenth of its verdicts unverifiable, and never
    more than the 49 it started from, however many statements are added."""
    from bookkit import claims

    verdicts = claims.collect()["verdict"]
    unverifiable = int((verdicts == "unverifiable").sum())
    assert unverifiable <= 49 and unverifiable / len(verdicts) <= 0.10, (
        f"{unverifiable} of {len(verdicts)} verdicts unverifiable ({unverifiable / len(verdicts):.1%})")


def test_the_ledger_shows_every_claim():
    from bookkit import claims

    html = (paths.HTML / "chapters" / "ledger.html").read_text(encoding="utf-8")
    missing = [c for c in claims.collect()["claim_id"] if c not in html]
    assert not missing, missing


def _fresh_speech_embeddings():
    """The full-size embeddings this build computed, in the committed file's row order."""
    import pandas as pd

    from bookkit import data

    fresh_files = sorted((paths.BUILD / "cache" / "speech").glob("embeddings-*.csv"), key=lambda p: p.stat().st_mtime)
    committed = data.load("speech/embeddings")
    matching = [f for f in fresh_files if len(pd.read_csv(f)) == len(committed)]
    if not matching:
        pytest.skip("no full-size embeddings computed in this build (corpus unavailable or quick mode)")
    fresh = pd.read_csv(matching[-1]).set_index("utterance_id").loc[committed["utterance_id"]].reset_index()
    assert (fresh["manifest_hash"] == committed["manifest_hash"].to_numpy()).all(), "the corpus changed"
    return fresh, committed


def _vectors_within_bound(fresh, committed, what):
    import numpy as np

    from bookkit.methods import speech

    for column, bound in speech.REPRODUCTION_BOUND.items():
        if column not in committed:  # the TTS panel has the encoders only, not the spectrum baseline
            continue
        diff = np.abs(speech.vectors(fresh, column) - speech.vectors(committed, column)).max()
        assert diff <= bound, (f"{what} {column}: differs from the committed one by up to {diff:.2g}, more than "
                               f"the {bound:g} its arithmetic allows (bookkit.methods.speech.REPRODUCTION_BOUND)")


def test_committed_speech_embeddings_equal_a_fresh_computation():
    fresh, committed = _fresh_speech_embeddings()
    _vectors_within_bound(fresh, committed, "speech embeddings")


def test_the_speech_metrics_shown_are_the_same_from_fresh_and_committed_embeddings():
    """Whatever CPU computed the vectors, every metric the chapter shows is the same at the
    precision it shows (half a unit of its last decimal)."""
    from bookkit.build import notebooks
    from bookkit.methods import speech

    fresh, committed = _fresh_speech_embeddings()
    n_warp = notebooks.parameters(book.chapter_notebooks_by_name()["speech"])["n_warp"]
    a, b = speech.reported_metrics(fresh, n_warp), speech.reported_metrics(committed, n_warp)
    half_unit = 0.5 * 10 ** -speech.DISPLAYED_DECIMALS
    moved = {k: (a[k], b[k]) for k in a if abs(a[k] - b[k]) > half_unit}
    assert a.keys() == b.keys() and not moved, moved


def test_the_equal_error_rates_shown_are_the_same_from_fresh_and_committed_embeddings():
    """Equal error rates are shown to EER_DECIMALS; at that precision another CPU's vectors
    give the same numbers (the point estimates; the intervals are drawn, not printed)."""
    from bookkit.chapters import speech as page
    from bookkit.methods import speech

    fresh, committed = _fresh_speech_embeddings()
    a, b = (page.eer_by_measure(e, n_boot=10, seed=0)["eer"].to_numpy() for e in (fresh, committed))
    assert abs(a - b).max() <= 0.5 * 10 ** -speech.EER_DECIMALS


def test_committed_tts_panel_equals_a_fresh_computation():
    import numpy as np
    import pandas as pd

    from bookkit import data

    fresh_file = paths.BUILD / "cache" / "speech" / "tts-panel.csv"
    if not fresh_file.exists():
        pytest.skip("the TTS panel was not computed in this build (flite, festival or PyPI unavailable)")
    committed = data.load("speech/tts_panel")
    fresh = pd.read_csv(fresh_file).set_index("clip_id").loc[committed["clip_id"]].reset_index()
    # WORLD's F0 is float64 C code; the file rounds to 0.1 Hz, so one rounding step may differ.
    assert np.allclose(fresh["f0_median_hz"], committed["f0_median_hz"], rtol=0, atol=0.1 + 1e-9)
    _vectors_within_bound(fresh, committed, "TTS panel embeddings")


def test_the_map_purities_shown_are_the_same_from_fresh_and_committed_embeddings():
    """t-SNE is chaotic, so the chapter shows map purities to two decimals; between the
    vectors of two CPUs they may move by no more than PURITY_SPREAD."""
    from bookkit.build import notebooks
    from bookkit.methods import speech

    fresh, committed = _fresh_speech_embeddings()
    params = notebooks.parameters(book.chapter_notebooks_by_name()["speech"])
    for column in speech.ENCODERS:
        a, b = (speech.tsne_purity(e, column, params["perplexities"], params["tsne_seeds"])["knn5_speaker_purity"]
                for e in (fresh, committed))
        assert (a - b).abs().max() <= speech.PURITY_SPREAD, (column, (a - b).abs().max())


def test_every_exported_figure_reads_at_its_size():
    """No two drawn texts overlap and none is under 8 pt (bookkit.legibility, recorded at save)."""
    problems = {}
    for meta_path in sorted(paths.figures_dir().glob("*/*.json")):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        found = meta["legibility"]
        if found["overlaps"] or found["small"]:
            problems[meta["slug"]] = found
    assert not problems, problems


def test_no_timed_decode_beats_the_bound_measured_the_same_way():
    """Every timed run of the on-device chapter decodes no faster than its roofline bound
    (bandwidth read at the models' thread count, weights plus KV cache per token)."""
    import pandas as pd

    runs = pd.read_csv(paths.figures_dir() / "ondevice" / "measured-vs-bound.csv")
    over = runs[runs["decode_tokens_per_s"] > runs["decode_bound_tps"]]
    assert len(runs) > 0
    assert over.empty, over[["model", "run", "decode_tokens_per_s", "decode_bound_tps"]].to_string()


def test_the_gallery_lists_every_figure_with_its_downloads():
    import html as entities

    html = (paths.HTML / "chapters" / "gallery.html").read_text(encoding="utf-8")
    text = entities.unescape(html).replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    for meta_path in paths.figures_dir().glob("*/*.json"):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        assert meta["title"] in text, meta["title"]
        assert meta["zh"]["title"] in text, meta["zh"]["title"]
        for ext in ("png", "svg", "csv", "pptx", "zh.png", "zh.svg", "zh.pptx"):
            assert re.search(rf'href="[^"]*_downloads/[^"]*/{meta["slug"]}\.{ext}"', html), (meta["slug"], ext)
    assert re.search(r'href="[^"]*_downloads/[^"]*/book-slides\.pptx"', html)
    assert re.search(r'href="[^"]*_downloads/[^"]*/book-slides\.zh\.pptx"', html)


def test_every_figure_fills_its_slide_and_reads_on_it():
    """Shown at 1280x720, each slide's figure (English and Chinese) covers most of the
    picture's box and its smallest text is at least slides.MIN_TEXT_PX pixels high."""
    from bookkit import slides

    problems = {}
    for meta_path in sorted(paths.figures_dir().glob("*/*.json")):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        for lang in slides.LANGS:
            fit = slides.fit(meta, lang)
            if fit["fill"] < slides.MIN_FILL or fit["smallest_px"] < slides.MIN_TEXT_PX:
                problems[f"{meta['slug']} ({lang})"] = fit
    assert not problems, problems
