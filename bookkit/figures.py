"""Figures are products: each one is saved as PNG, SVG and the CSV of what it plots,
with a caption naming its sources, download links and a citation block in the book, and
drawn again in Chinese as <slug>.zh.png and .zh.svg (bookkit.zh).

    fig = figures.save(fig, chapter="valuation", slug="pe-by-year", data=frame,
                       title="PE by year", caption="...", sources=["gtja2024"])
    fig   # as the last expression of a cell: the figure, its downloads and citation
"""

from __future__ import annotations

import json
import re
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd

from . import citation, data, legibility, paths
from .zh import catalog as zh_catalog
from .zh import draw as zh_draw

FORMATS = ("png", "svg", "csv")
ZH_FORMATS = ("png", "svg")  # the Chinese drawing shares the English figure's data
MIN_DPI = 200
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")

# No dates or version strings in the files: a rerun must write identical bytes.
_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
}


def stem(name: str, lang: str = "en") -> str:
    """A file's name without its extension: pe-by-year in English, pe-by-year.zh in Chinese."""
    return name if lang == "en" else f"{name}.{lang}"


@dataclass(frozen=True)
class SavedFigure:
    chapter: str
    slug: str
    title: str
    caption: str
    sources: tuple[str, ...]
    source_titles: tuple[str, ...]
    directory: Path

    @property
    def label(self) -> str:
        """The cross-reference target: {numref}`fig-<chapter>-<slug>`."""
        return f"fig-{self.chapter}-{self.slug}"

    def file(self, fmt: str, lang: str = "en") -> Path:
        return self.directory / f"{stem(self.slug, lang)}.{fmt}"

    def _href(self, fmt: str, lang: str = "en") -> str:
        # Chapters live in chapters/, figures in figures/: the same from the repo and the stage.
        return f"../figures/{self.chapter}/{self.file(fmt, lang).name}"

    def apa(self) -> str:
        b = citation.book()
        address = citation.figure_url(self.chapter, self.slug)
        where = f" {address}" if address else ""
        return (f"{b.authors} ({b.year}). {self.title} [Figure; data: {self.file('csv').name}]. "
                f"In *{b.title}* (Version {b.version}).{where}")

    def bibtex(self) -> str:
        b = citation.book()
        key = f"gtjacompanion{b.year}_{self.chapter}_{self.slug}".replace("-", "_")
        lines = [f"@misc{{{key},",
                 f"  author       = {{{{{b.authors}}}}},",
                 f"  title        = {{{{{self.title}}}}},",
                 f"  howpublished = {{Figure in \\emph{{{b.title}}}, version {b.version}}},",
                 f"  year         = {{{b.year}}},"]
        address = citation.figure_url(self.chapter, self.slug)
        if address:
            lines.append(f"  url          = {{{address}}},")
        lines.append(f"  note         = {{Data: {', '.join(self.source_titles)}}}")
        lines.append("}")
        return "\n".join(lines)

    def markdown(self) -> str:
        """MyST for the book: numbered figure, caption with the count of its sources,
        downloads, the sources listed one click away, citation."""
        n = len(self.source_titles)
        links = " · ".join([*(f"{{download}}`{fmt.upper()} <{self._href(fmt)}>`" for fmt in FORMATS),
                            f"{{download}}`slide (PPTX) <{self._href('pptx')}>`"])
        links += " · 中文: " + " · ".join([*(f"{{download}}`{fmt.upper()} <{self._href(fmt, 'zh')}>`"
                                             for fmt in ZH_FORMATS),
                                           f"{{download}}`幻灯片 (PPTX) <{self._href('pptx', 'zh')}>`"])
        return "\n".join([
            f"```{{figure}} {self._href('png')}",
            f":name: {self.label}",
            f":alt: {self.title}",
            ":width: 100%",
            "",
            f"{self.caption} *Sources ({n}) below the figure.*",
            "```",
            "",
            f"Download: {links}",
            "",
            f"```{{admonition}} Sources ({n})",
            ":class: dropdown",
            "",
            *(f"- {title} (`{sid}`)" for sid, title in zip(self.sources, self.source_titles)),
            "```",
            "",
            "````{admonition} Cite this figure",
            ":class: dropdown",
            "",
            f"APA: {self.apa()}",
            "",
            "```bibtex",
            self.bibtex(),
            "```",
            "````",
        ])

    def _repr_markdown_(self) -> str:
        return self.markdown()


def _source_titles(ids) -> tuple[str, ...]:
    registry = data.load_sources().set_index("source_id")
    missing = [i for i in ids if i not in registry.index]
    if missing:
        raise ValueError(f"unknown source ids {missing}; add them to data/sources.csv")
    return tuple(str(registry.loc[i, "title"]) for i in ids)


def save(fig, *, chapter: str, slug: str, data: pd.DataFrame, title: str, caption: str,
         sources, dpi: int = 220) -> SavedFigure:
    """Write figures/<chapter>/<slug>.{png,svg,csv,json} and close the figure."""
    if not SLUG.fullmatch(chapter) or not SLUG.fullmatch(slug):
        raise ValueError(f"chapter and slug must be lower-case-with-dashes, got {chapter!r}, {slug!r}")
    if dpi < MIN_DPI:
        raise ValueError(f"dpi {dpi} is below the book's minimum of {MIN_DPI}")
    sources = tuple(sources)
    if not sources:
        raise ValueError("a figure needs at least one source id")
    if not isinstance(data, pd.DataFrame) or data.empty:
        raise ValueError("a figure needs the data it plots, as a non-empty DataFrame")
    saved = SavedFigure(chapter, slug, title, caption, sources, _source_titles(sources),
                        paths.figures_dir() / chapter)
    saved.directory.mkdir(parents=True, exist_ok=True)
    with _missing_glyphs_fail(chapter, slug):
        readable = legibility.check(fig)
        fig.savefig(saved.file("png"), dpi=dpi, metadata=_METADATA["png"])
        fig.savefig(saved.file("svg"), metadata=_METADATA["svg"])
        chinese = _save_chinese(fig, saved, dpi)
    plt.close(fig)
    data.to_csv(saved.file("csv"), index=False, lineterminator="\n")
    meta = {"chapter": chapter, "slug": slug, "title": title, "caption": caption,
            "sources": list(sources), "label": saved.label, "dpi": dpi,
            "files": [saved.file(f).name for f in FORMATS], "legibility": readable, "zh": chinese}
    saved.file("json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n",
                                  encoding="utf-8")
    return saved


@contextmanager
def _missing_glyphs_fail(chapter: str, slug: str):
    """A glyph missing from every font would be drawn as a box: stop the build instead."""
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=r"Glyph .* missing from font")
        try:
            yield
        except UserWarning as err:
            raise ValueError(f"figure {chapter}/{slug}: {err}") from err


def _save_chinese(fig, saved: SavedFigure, dpi: int) -> dict:
    """Redraw the figure in Chinese and write <slug>.zh.png and .svg; returns its metadata,
    with every drawn text, title or caption the catalog left in English."""
    catalog = zh_catalog.load(saved.chapter)
    zh_draw.redraw(fig, catalog)
    title, caption = catalog.translate(saved.title), catalog.translate(saved.caption)
    with matplotlib.rc_context(zh_draw.RC):
        drawn = legibility.drawn_texts(fig)
        fig.savefig(saved.file("png", "zh"), dpi=dpi, metadata=_METADATA["png"])
        fig.savefig(saved.file("svg", "zh"), metadata=_METADATA["svg"])
    texts = [t.get_text() for t, _ in drawn] + [title, caption]
    return {"title": title, "caption": caption, "files": [saved.file(f, "zh").name for f in ZH_FORMATS],
            "legibility": legibility.check(fig, drawn=drawn),
            "drawn_cjk": sum(bool(zh_catalog.CJK.search(t.get_text())) for t, _ in drawn),
            "untranslated": sorted({t for t in texts if catalog.needs_translation(t)})}
