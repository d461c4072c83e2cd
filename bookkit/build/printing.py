"""The print version: the whole book on one HTML page, printed to PDF by headless Chromium.

    python -m bookkit.build.printing          # after `make book`; writes _build/pdf/book.pdf

Offline like the site: the page loads only files of the build (MathJax included), and
Chromium is Debian's package, never a downloaded browser."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import book
from .. import paths

PRINT_JB = paths.BUILD / "print"          # jupyter-book's singlehtml output
PDF = paths.BUILD / "pdf" / "book.pdf"
BROWSERS = ("chromium", "chromium-browser", "google-chrome")
# Time Chromium lets scripts run before printing: MathJax typesets within it.
SCRIPT_BUDGET_MS = 60_000


class PrintFailed(RuntimeError):
    pass


def browser() -> str:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    raise PrintFailed("no Chromium found: the print version needs Debian's `chromium` package "
                      "(`make book` installs it when run as root)")


def single_page(stage_dir: Path) -> Path:
    """Strict singlehtml build of the staged book; returns the one page at the output root."""
    out = book.sphinx_build(stage_dir, builder="singlehtml", output=PRINT_JB)
    # Sphinx writes the root page at its docname (chapters/intro.html) but links its assets
    # as if it stood at the output root, so the page is moved there.
    page = out / "book.html"
    shutil.copyfile(out / f"{book.toc_files()[0]}.html", page)
    return page


def to_pdf(page: Path, pdf: Path = PDF) -> Path:
    pdf.parent.mkdir(parents=True, exist_ok=True)
    tmp = pdf.with_suffix(".pdf.part")
    tmp.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        # A fresh profile, and none of Chromium's own calls home (the network is closed).
        cmd = [browser(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={profile}", "--no-pdf-header-footer",
               f"--virtual-time-budget={SCRIPT_BUDGET_MS}", f"--print-to-pdf={tmp}", page.as_uri()]
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if result.returncode != 0 or not tmp.exists() or tmp.read_bytes()[:5] != b"%PDF-":
        raise PrintFailed(f"Chromium did not print {page}:\n{result.stderr[-2000:]}")
    tmp.replace(pdf)
    return pdf


def main() -> int:
    start = time.perf_counter()
    try:
        book.check_vendor()
        pdf = to_pdf(single_page(book.stage()))
    except (PrintFailed, book.BuildFailed) as exc:
        print(f"\nPRINT FAILED\n{exc}", file=sys.stderr)
        return 1
    print(f"Printed in {time.perf_counter() - start:.1f} s: {paths.relative_to_root(pdf)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
