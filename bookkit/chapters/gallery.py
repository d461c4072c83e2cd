"""The Figures page: every figure of the book as a thumbnail with its number, title, chapter,
downloads (image, data, slide) and citation, generated from the figures' own metadata."""

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


def markdown(figures: list[dict]) -> str:
    """The gallery as MyST: per figure a thumbnail, its downloads and its citation."""
    out = [f"{len(figures)} figures. Every chapter's figures as one deck: "
           + " · ".join(f"{{download}}`{ch} <../figures/{ch}/{slides.chapter_deck(ch).name}>`"
                        for ch in dict.fromkeys(m["chapter"] for m in figures))
           + f". The whole book: {{download}}`all {len(figures)} slides <../figures/{slides.book_deck().name}>`.", ""]
    for m in figures:
        href = f"../figures/{m['chapter']}/{m['slug']}"
        out += [f"### Figure {m['number']}: {m['title']}", "",
                "```{image} " + f"{href}.png", f":alt: {m['title']}", ":width: 420px", "```", "",
                f"In {{doc}}`{m['chapter']}` · Download: "
                + " · ".join(f"{{download}}`{fmt.upper()} <{href}.{fmt}>`" for fmt in ("png", "svg", "csv"))
                + f" · {{download}}`slide (PPTX) <{href}.pptx>`", "",
                f"Cite: {slides.apa(m, emphasis='*')}", ""]
    return "\n".join(out)
