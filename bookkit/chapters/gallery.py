"""The Figures page: every figure of the book as a thumbnail with its number, title, chapter,
downloads (image, data, slide; English and Chinese) and citation, generated from the
figures' own metadata."""

from __future__ import annotations

from .. import data, paths, slides
from ..build import book, pipeline


def entries() -> list[dict]:
    """Every figure in book order, numbered as the book numbers them. The files read are
    logged, so this page re-executes when a chapter's figures change; it runs after every
    page that draws one (run order 2)."""
    executed = {nb.stem: pipeline.executed_path(nb) for nb in book.chapter_notebooks()
                if (paths.figures_dir() / nb.stem).is_dir()}  # pages that draw figures, not this one
    figures = slides.book_figures(executed)
    data.record_read(*[p for p in executed.values() if p.exists()],
                     *[paths.figures_dir() / m["chapter"] / f"{m['slug']}.json" for m in figures])
    return figures


def _decks(figures: list[dict], lang: str) -> str:
    chapters = dict.fromkeys(m["chapter"] for m in figures)
    per_chapter = " · ".join(f"{{download}}`{ch} <../figures/{ch}/{slides.chapter_deck(ch, lang).name}>`"
                             for ch in chapters)
    whole = f"{{download}}`all {len(figures)} slides <../figures/{slides.book_deck(lang).name}>`"
    if lang == "zh":
        return f"中文幻灯片，每章一份：{per_chapter}。全书：{whole}。"
    return f"Every chapter's figures as one deck: {per_chapter}. The whole book: {whole}."


def markdown(figures: list[dict]) -> str:
    """The gallery as MyST: per figure a thumbnail, its downloads in both languages and its
    citation."""
    out = [f"{len(figures)} figures, each also drawn in Chinese (中文版).", "",
           _decks(figures, "en"), "", _decks(figures, "zh"), ""]
    for m in figures:
        href = f"../figures/{m['chapter']}/{m['slug']}"
        out += [f"### Figure {m['number']}: {m['title']}", "",
                "```{image} " + f"{href}.png", f":alt: {m['title']}", ":width: 420px", "```", "",
                f"In {{doc}}`{m['chapter']}` · Download: "
                + " · ".join(f"{{download}}`{fmt.upper()} <{href}.{fmt}>`" for fmt in ("png", "svg", "csv"))
                + f" · {{download}}`slide (PPTX) <{href}.pptx>`", "",
                f"中文：{m['zh']['title']} · "
                + " · ".join(f"{{download}}`{fmt.upper()} <{href}.zh.{fmt}>`" for fmt in ("png", "svg"))
                + f" · {{download}}`幻灯片 (PPTX) <{href}.zh.pptx>`", "",
                f"Cite: {slides.apa(m, emphasis='*')}", ""]
    return "\n".join(out)
