"""The print version (`make pdf`): one PDF of the whole book, printed offline by Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata

import pypdf
import pytest

from bookkit.build import book, notebooks, printing
from bookkit import paths

pytestmark = pytest.mark.skipif(not any(shutil.which(b) for b in printing.BROWSERS),
                                reason="Debian's chromium is not installed")


def _squash(text: str) -> str:
    """Text without whitespace (PDF extraction breaks lines wherever the page did), without
    ligatures ("ﬂ") and with straight quotes (Sphinx prints typographic ones)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).translate(str.maketrans("‘’“”", "''\"\""))


def _title(doc: str) -> str:
    nb = notebooks.chapter_source(paths.ROOT, doc)
    if nb is not None:
        text = "\n".join(notebooks.cell_text(c) for c in notebooks.read(nb)["cells"] if c["cell_type"] == "markdown")
    else:
        text = (paths.ROOT / f"{doc}.md").read_text(encoding="utf-8")
    return re.search(r"^# (.+)$", text, re.M).group(1).strip()


@pytest.fixture(scope="module")
def printed():
    pdf = printing.to_pdf(printing.single_page(book.stage()))
    return pypdf.PdfReader(pdf)


@pytest.fixture(scope="module")
def text(printed):
    return _squash("\n".join(page.extract_text() for page in printed.pages))


def test_every_page_of_the_book_is_printed(text):
    for doc in book.toc_files():
        assert _squash(_title(doc)) in text, f"{doc}: its title is not in the PDF"


def test_every_exported_figure_is_printed(printed):
    exported = [p for p in paths.figures_dir().glob("*/*.png") if not p.name.endswith(".zh.png")]  # the book shows English
    images = sum(len(page.images) for page in printed.pages)
    assert exported and images >= len(exported), (images, len(exported))


def test_chinese_quotes_are_drawn_with_a_cjk_font(printed, text):
    assert "国泰君安" in text
    fonts = set()
    for page in printed.pages:
        for font in (page.get("/Resources", {}).get("/Font") or {}).values():
            fonts.add(str(font.get_object().get("/BaseFont", "")))
    installed = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout
    families = {_squash(f) for line in installed.splitlines() for f in line.split(",") if f.strip()}
    assert any(any(fam and fam in font for fam in families) for font in fonts), (fonts, families)


def test_math_is_typeset(text):
    """MathJax ran before printing: no TeX source is left on the page."""
    assert "\\(" not in text and "\\times" not in text
