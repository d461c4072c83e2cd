"""Every figure as a 16:9 PowerPoint slide: its title, the image, a source line under it and
the full citation in the speaker notes; a deck per chapter and one for the whole book, in
book order. Built offline from the figures' own files (PNG and JSON), at staging time, when
the book's figure numbers are known.

    figures/<chapter>/<slug>.pptx        one slide, linked from the figure's download row
    figures/<chapter>/slides.pptx        the chapter's figures
    figures/book-slides.pptx             every figure of the book

and each again in Chinese (<slug>.zh.pptx, slides.zh.pptx, book-slides.zh.pptx): the Chinese
drawing, title and caption (bookkit.zh), with the source line in Chinese.

Decks are deterministic: python-pptx stamps each zip member with the time of writing, so
the archive is rewritten with a fixed time; two builds write identical bytes.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import datetime
from pathlib import Path

from . import citation, data, figures, paths

WIDTH_IN, HEIGHT_IN = 13.333, 7.5  # 16:9
MARGIN_IN = 0.4
TITLE_PT, SOURCE_PT = 26, 12
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def book_figures(executed: dict[str, Path]) -> list[dict]:
    """Every figure in book order ({chapter: executed notebook} in table-of-contents order),
    numbered as the book numbers them (one sequence through the book), with its metadata."""
    out = []
    for chapter, notebook in executed.items():
        text = Path(notebook).read_text(encoding="utf-8") if Path(notebook).exists() else ""
        seen = []
        for slug in re.findall(r":name: fig-" + re.escape(chapter) + r"-([a-z0-9]+(?:-[a-z0-9]+)*)", text):
            if slug not in seen:
                seen.append(slug)
        for slug in seen:
            meta_file = paths.figures_dir() / chapter / f"{slug}.json"
            if meta_file.exists():
                meta = json.loads(meta_file.read_text(encoding="utf-8"))
                out.append({**meta, "number": len(out) + 1})
    return out


# The picture's box: the slide less its margins, the title above and the source line below.
TOP_IN, BOTTOM_IN = 1.15, 0.85
BOX_W_IN, BOX_H_IN = WIDTH_IN - 2 * MARGIN_IN, HEIGHT_IN - TOP_IN - BOTTOM_IN
SHOWN_PX_PER_IN = 1280 / WIDTH_IN  # the slide shown at 1280x720
MIN_TEXT_PX = 12  # the smallest text of a figure on a slide shown at 1280x720
MIN_FILL = 0.6  # the share of the picture's box a figure covers


def placement(png: Path) -> tuple[float, float, float]:
    """(width, height) in inches of the figure on its slide, as large as the box allows, and
    the scale from the figure's own inches to the slide's."""
    from PIL import Image

    with Image.open(png) as im:
        dpi = im.info.get("dpi", (220, 220))[0]
        fig_w, fig_h = im.width / dpi, im.height / dpi
    scale = min(BOX_W_IN / fig_w, BOX_H_IN / fig_h)
    return fig_w * scale, fig_h * scale, scale


def fit(meta: dict, lang: str = "en") -> dict:
    """How a figure sits on its slide: the share of the picture's box it fills and its
    smallest text in pixels when the slide is shown at 1280x720."""
    w, h, scale = placement(paths.figures_dir() / meta["chapter"] / f"{_stem(meta, lang)}.png")
    legibility = meta["legibility"] if lang == "en" else meta[lang]["legibility"]
    return {"fill": round(w * h / (BOX_W_IN * BOX_H_IN), 3),
            "smallest_px": round(legibility["smallest_pt"] / 72 * scale * SHOWN_PX_PER_IN, 1)}


SOURCES_SHOWN = 3  # more than this and the source line names the first ones; the notes list all


def _source_titles(meta: dict) -> list[str]:
    registry = data.load_sources().set_index("source_id")
    return [str(registry.loc[s, "title"]) for s in meta["sources"] if s in registry.index]


LANGS = ("en", "zh")


def _stem(meta: dict, lang: str) -> str:
    return figures.stem(meta["slug"], lang)


def source_line(meta: dict, lang: str = "en") -> str:
    """'Source: <sources>; figure N of <book title>[, <url>]' (in Chinese: '来源：...'),
    naming at most SOURCES_SHOWN sources (the speaker notes list every one)."""
    book = citation.book()
    titles = _source_titles(meta)
    shown = "; ".join(titles[:SOURCES_SHOWN])
    more = len(titles) - SOURCES_SHOWN
    address = citation.figure_url(meta["chapter"], _stem(meta, lang))
    where = f", {address}" if address else ""
    if lang == "zh":
        shown += f" 等（另有 {more} 项，见备注）" if more > 0 else ""
        return f"来源：{shown}；{book.title} 图 {meta['number']}{where}"
    if more > 0:
        shown += f" and {more} more (listed in the notes)"
    return f"Source: {shown}; figure {meta['number']} of {book.title}{where}"


def apa(meta: dict, emphasis: str = "") -> str:
    """The figure's APA citation with its number in the book (`emphasis` around the title of
    the book: "*" for Markdown, "" for plain text)."""
    book = citation.book()
    address = citation.figure_url(meta["chapter"], meta["slug"])
    where = f" {address}" if address else ""
    return (f"{book.authors} ({book.year}). {meta['title']} [Figure {meta['number']}; data: {meta['slug']}.csv]. "
            f"In {emphasis}{book.title}{emphasis} (Version {book.version}).{where}")


def _citation(meta: dict, lang: str = "en") -> str:
    sources = "\n".join(f"- {t}" for t in _source_titles(meta))
    if lang == "zh":
        return f"{apa(meta)}\n\n{meta['zh']['caption']}\n\n来源：\n{sources}"
    return f"{apa(meta)}\n\n{meta['caption']}\n\nSources:\n{sources}"


def _add_slide(prs, meta: dict, lang: str = "en") -> None:
    from pptx.util import Inches, Pt

    slide = prs.slides.add_slide(prs.slide_layouts[6])  # blank
    title = slide.shapes.add_textbox(Inches(MARGIN_IN), Inches(0.25), Inches(WIDTH_IN - 2 * MARGIN_IN), Inches(0.8))
    title.text_frame.word_wrap = True
    title.text_frame.text = meta["title"] if lang == "en" else meta[lang]["title"]
    title.text_frame.paragraphs[0].runs[0].font.size = Pt(TITLE_PT)
    title.text_frame.paragraphs[0].runs[0].font.bold = True
    png = paths.figures_dir() / meta["chapter"] / f"{_stem(meta, lang)}.png"
    w, h, _ = placement(png)
    slide.shapes.add_picture(str(png), Inches((WIDTH_IN - w) / 2), Inches(TOP_IN + (BOX_H_IN - h) / 2),
                             Inches(w), Inches(h))
    source = slide.shapes.add_textbox(Inches(MARGIN_IN), Inches(HEIGHT_IN - BOTTOM_IN + 0.1),
                                      Inches(WIDTH_IN - 2 * MARGIN_IN), Inches(BOTTOM_IN - 0.15))
    source.text_frame.word_wrap = True
    source.text_frame.text = source_line(meta, lang)
    source.text_frame.paragraphs[0].runs[0].font.size = Pt(SOURCE_PT)
    slide.notes_slide.notes_text_frame.text = _citation(meta, lang)


def _fixed_zip(blob: bytes) -> bytes:
    """The same archive with every member stamped ZIP_TIME, in the same order."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(blob)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def write_deck(path: Path, figures: list[dict], lang: str = "en") -> Path:
    """A deck of one slide per figure, written with fixed timestamps."""
    from pptx import Presentation
    from pptx.util import Inches

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(WIDTH_IN), Inches(HEIGHT_IN)
    book = citation.book()
    props = prs.core_properties
    props.title, props.author = book.title, book.authors
    props.created = props.modified = datetime(*ZIP_TIME)
    props.last_modified_by, props.revision = book.authors, 1
    for meta in figures:
        _add_slide(prs, meta, lang)
    buf = io.BytesIO()
    prs.save(buf)
    blob = _fixed_zip(buf.getvalue())
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_bytes() != blob:
        path.write_bytes(blob)
    return path


def build_all(executed: dict[str, Path]) -> list[Path]:
    """Every figure's slide, each chapter's deck and the book's deck, in English and in
    Chinese; returns their paths."""
    figures = book_figures(executed)
    written = []
    for lang in LANGS:
        written += [write_deck(paths.figures_dir() / m["chapter"] / f"{_stem(m, lang)}.pptx", [m], lang)
                    for m in figures]
        for chapter in dict.fromkeys(m["chapter"] for m in figures):
            written.append(write_deck(chapter_deck(chapter, lang), [m for m in figures if m["chapter"] == chapter], lang))
        if figures:
            written.append(write_deck(book_deck(lang), figures, lang))
    return written


def chapter_deck(chapter: str, lang: str = "en") -> Path:
    return paths.figures_dir() / chapter / f"{figures.stem('slides', lang)}.pptx"


def book_deck(lang: str = "en") -> Path:
    return paths.figures_dir() / f"{figures.stem('book-slides', lang)}.pptx"
