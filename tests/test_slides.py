"""Every figure as a 16:9 slide: title, image, source line, citation in the notes; decks per
chapter and for the book in book order; the same bytes from two builds."""

from __future__ import annotations

import hashlib

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from bookkit import figures, slides


@pytest.fixture
def two_figures(scratch_output, tmp_path):
    saved = []
    for slug, title in [("first", "The first figure"), ("second", "The second figure")]:
        fig, ax = plt.subplots(figsize=(6, 3))
        ax.plot([1, 2, 3], [3, 1, 2])
        saved.append(figures.save(fig, chapter="demo", slug=slug, data=pd.DataFrame({"x": [1, 2, 3]}), title=title,
                                  caption=f"{title}, drawn for the test.", sources=["gtja2024"]))
    executed = tmp_path / "demo.ipynb"  # the book's order is the order the notebook shows them
    executed.write_text("\n".join(s.markdown() for s in reversed(saved)), encoding="utf-8")
    return {"demo": executed}


def test_each_figure_becomes_a_slide_in_book_order(two_figures):
    from pptx import Presentation
    from pptx.util import Inches

    slides.build_all(two_figures)
    deck = Presentation(slides.book_deck())
    assert (deck.slide_width, deck.slide_height) == (Inches(slides.WIDTH_IN), Inches(slides.HEIGHT_IN))
    texts = [[sh.text for sh in s.shapes if sh.has_text_frame] for s in deck.slides]
    assert [t[0] for t in texts] == ["The second figure", "The first figure"]
    assert texts[0][1].startswith("Source: ") and "figure 1 of " in texts[0][1]
    notes = deck.slides[1].notes_slide.notes_text_frame.text
    assert "The first figure [Figure 2; data: first.csv]" in notes and "Sources:" in notes
    assert len(Presentation(slides.chapter_deck("demo")).slides) == 2
    assert len(Presentation(slides.book_deck().parent / "demo" / "first.pptx").slides) == 1


def test_each_figure_becomes_a_chinese_slide_too(two_figures):
    from pptx import Presentation

    slides.build_all(two_figures)
    deck = Presentation(slides.book_deck("zh"))
    texts = [[sh.text for sh in s.shapes if sh.has_text_frame] for s in deck.slides]
    assert [t[0] for t in texts] == ["The second figure", "The first figure"]  # no catalog for "demo"
    assert texts[0][1].startswith("来源：") and " 图 1" in texts[0][1]
    assert "来源：" in deck.slides[1].notes_slide.notes_text_frame.text
    pictures = [sh for sh in deck.slides[0].shapes if sh.shape_type == 13]
    assert len(pictures) == 1
    assert len(Presentation(slides.chapter_deck("demo", "zh")).slides) == 2
    assert slides.chapter_deck("demo", "zh").name == "slides.zh.pptx"


def test_two_builds_write_the_same_bytes(two_figures):
    digest = lambda: hashlib.sha256(slides.book_deck().read_bytes()).hexdigest()  # noqa: E731
    slides.build_all(two_figures)
    first = digest()
    slides.book_deck().unlink()
    slides.build_all(two_figures)
    assert digest() == first


def test_a_tall_figure_neither_fills_its_slide_nor_reads_on_it(scratch_output):
    """The measure the site test applies to every figure can fail: a 4x9 in figure with
    8 pt text shrinks to a narrow strip with text under 12 px at 1280x720."""
    fig, ax = plt.subplots(figsize=(4, 9))
    ax.plot([1, 2], [1, 2])
    ax.set_xlabel("small", fontsize=8)
    saved = figures.save(fig, chapter="demo", slug="tall", data=pd.DataFrame({"x": [1]}), title="Tall",
                         caption="Tall.", sources=["gtja2024"])
    import json

    fit = slides.fit(json.loads(saved.file("json").read_text(encoding="utf-8")))
    assert fit["fill"] < slides.MIN_FILL and fit["smallest_px"] < slides.MIN_TEXT_PX
